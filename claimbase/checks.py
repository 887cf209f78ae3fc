"""Check: rules across records, and the editorial rules, each a small named function.

Every check takes the knowledge base and yields problems. `CHECKS` lists them in order, with the
one-paragraph description that the methodology page shows, so the rules and their documentation
cannot drift apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .dates import parse_edtf
from .kb import LIVE_STATUSES, KnowledgeBase
from .layout import FOLDERS
from .load import Loaded
from .method import ANSWERS_A_DENIAL, NEEDS_TWO_LINES, affiliation_chain, allowed, reliability_rule
from .models import ClaimKind, Mode, RelationType, Role, Status
from .problems import Problem
from .provenance import DEPENDENT_ROLES, independent_lines

CheckFn = Callable[[KnowledgeBase], Iterator[Problem]]


@dataclass(frozen=True)
class Check:
    name: str
    editorial: bool
    description: str
    run: CheckFn


CHECKS: list[Check] = []


def check(name: str, description: str, *, editorial: bool = False) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        CHECKS.append(Check(name, editorial, description, fn))
        return fn
    return register


def _ref(kb: KnowledgeBase, record: Loaded, loc: tuple, kind: str, target: str | None) -> Iterator[Problem]:
    successor = kb.successor(kind, target) if target is not None else None
    if successor is not None:
        yield record.problem(loc, f"{kind} '{target}' was renamed or merged into '{successor}' "
                             f"({FOLDERS[kind]}/{target}.yaml is a tombstone)", f"use '{successor}'")
    elif target is not None and target not in kb.records[kind] and target not in kb.invalid.get(kind, ()):
        yield record.problem(loc, f"no {kind} with id '{target}'",
                             f"create {FOLDERS[kind]}/{target}.yaml, or fix the id")


# --- Integrity across records -------------------------------------------------------------------


@check("unique-ids", "Ids are unique within each kind, also when case is ignored, so that no two "
       "records can compete for one URL.")
def unique_ids(kb: KnowledgeBase) -> Iterator[Problem]:
    for kind, folder in FOLDERS.items():
        seen: dict[str, str] = {}
        for stem in sorted(kb.on_disk.get(kind, ())):
            key = stem.casefold()
            if key in seen:
                yield Problem(f"{folder}/{stem}.yaml", 1, 1, "id",
                              f"id '{stem}' clashes with {seen[key]} (ids ignore case)",
                              "choose another id")
            else:
                seen[key] = f"{folder}/{stem}.yaml"


@check("references", "Every reference to another record (weapon systems, places, actors, sources, "
       "claims) names a record that exists.")
def references(kb: KnowledgeBase) -> Iterator[Problem]:
    for r in kb.records["claim"].values():
        c = r.model
        for i, system in enumerate(c.weapon_systems):
            yield from _ref(kb, r, ("weapon_systems", i), "system", system)
        yield from _ref(kb, r, ("location", "place"), "place", c.location.place)
        for i, a in enumerate(c.attributions):
            yield from _ref(kb, r, ("attributions", i, "claimant"), "actor", a.claimant)
            yield from _ref(kb, r, ("attributions", i, "source"), "source", a.source)
            yield from _ref(kb, r, ("attributions", i, "origin"), "source", a.origin)
        for i, rel in enumerate(c.relations):
            yield from _ref(kb, r, ("relations", i, "claim"), "claim", rel.claim)
            if rel.claim == c.id:
                yield r.problem(("relations", i, "claim"), "a claim cannot relate to itself")
        yield from _ref(kb, r, ("status", "superseded_by"), "claim", c.status.superseded_by)
        yield from _ref(kb, r, ("status", "merged_into"), "claim", c.status.merged_into)
    for r in kb.records["source"].values():
        s = r.model
        yield from _ref(kb, r, ("publisher",), "actor", s.publisher)
        for i, relayed in enumerate(s.relays):
            yield from _ref(kb, r, ("relays", i), "source", relayed)
    for r in kb.records["actor"].values():
        yield from _ref(kb, r, ("affiliation",), "actor", r.model.affiliation)
    for r in kb.records["place"].values():
        yield from _ref(kb, r, ("admin_region",), "place", r.model.admin_region)


@check("archived-text", "A source's archived text file exists, is a plain file (not a link), is UTF-8 "
       "text and is at most 2 MB.")
def archived_text(kb: KnowledgeBase) -> Iterator[Problem]:
    for r in kb.records["source"].values():
        if r.model.archived_text and kb.archived_text(r.model) is None:
            yield r.problem(("archived_text",), f"cannot read {r.model.archived_text}",
                            "add the verbatim text there as a plain UTF-8 file of at most 2 MB, "
                            "or set archived_text: null")


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Every cycle of a directed graph reached by a depth-first walk, each once, as a closed path.

    Iterative and linear in the size of the graph: long relay chains must not cost quadratic time.
    """
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    cycles = []
    for start in sorted(graph):
        if colour[start] != WHITE:
            continue
        path: list[str] = [start]
        stack = [iter(graph[start])]
        colour[start] = GREY
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                colour[path.pop()] = BLACK
                stack.pop()
                continue
            state = colour.get(nxt)
            if state is None:  # a reference to nothing: the references check reports it
                continue
            if state == GREY:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif state == WHITE:
                colour[nxt] = GREY
                path.append(nxt)
                stack.append(iter(graph[nxt]))
    return cycles


@check("no-cycles", "Relays, supersessions, merges, affiliations and regions never loop back on "
       "themselves.")
def no_cycles(kb: KnowledgeBase) -> Iterator[Problem]:
    graphs = {
        ("source", ("relays",)): {sid: list(s.relays) for sid, s in kb.sources.items()},
        ("claim", ("status",)): {cid: [x for x in (c.status.superseded_by, c.status.merged_into) if x]
                                 for cid, c in kb.claims.items()},
        ("actor", ("affiliation",)): {aid: [a.affiliation] if a.affiliation else [] for aid, a in kb.actors.items()},
        ("place", ("admin_region",)): {pid: [p.admin_region] if p.admin_region else [] for pid, p in kb.places.items()},
    }
    for (kind, loc), graph in graphs.items():
        for path in find_cycles(graph):
            yield kb.records[kind][path[0]].problem(loc, "forms a cycle: " + " -> ".join(path), "break the loop")


@check("merged-records", "A record renamed or merged into another (merged_into) stays as a tombstone whose "
       "URL redirects to its successor: a live record of the same kind, reached in one step, never itself "
       "nor another tombstone; nothing else refers to a tombstone (see references).")
def merged_records(kb: KnowledgeBase) -> Iterator[Problem]:
    for kind, tombstones in kb.merged.items():
        for rid, r in sorted(tombstones.items()):
            target = r.model.merged_into
            loc = ("merged_into",)
            if target == rid:
                yield r.problem(loc, f"'{rid}' cannot be merged into itself",
                                "give the id of the record that replaces it")
            elif target in tombstones:
                path, seen = [rid, target], {rid, target}
                while (nxt := kb.successor(kind, path[-1])) is not None and nxt not in seen:
                    path.append(nxt)
                    seen.add(nxt)
                if nxt is not None and nxt in seen:
                    yield r.problem(loc, "merges form a cycle: " + " -> ".join([*path, nxt]),
                                    "break the loop: point merged_into to the live record that replaces them")
                else:
                    yield r.problem(loc, f"'{target}' was itself merged into '{kb.successor(kind, target)}': a merge "
                                    "leads to a live record in one step",
                                    f"use '{path[-1]}'" if path[-1] in kb.records[kind]
                                    else "point merged_into to the live record that replaces it")
            elif target not in kb.records[kind] and target not in kb.invalid.get(kind, ()):
                yield r.problem(loc, f"no {kind} with id '{target}'",
                                f"create {FOLDERS[kind]}/{target}.yaml, or fix the id")


@check("origin-reachable", "An attribution's origin is reached from the source we read by following "
       "what each source relays, so the chain drawn on the page is the real one.")
def origin_reachable(kb: KnowledgeBase) -> Iterator[Problem]:
    for r in kb.records["claim"].values():
        for i, a in enumerate(r.model.attributions):
            if a.origin and a.origin != a.source and a.origin in kb.records["source"] \
                    and a.source in kb.records["source"] and kb.chain(a.source, a.origin)[-1] != a.origin:
                yield r.problem(("attributions", i, "origin"),
                                f"source '{a.source}' does not relay '{a.origin}', directly or through others",
                                f"add '{a.origin}' to the relays of '{a.source}' (or of a source it relays)")


@check("dates-in-order", "A report cannot precede its event (except a forecast, which is about the "
       "future), and a document cannot be published before the document it relays.")
def dates_in_order(kb: KnowledgeBase) -> Iterator[Problem]:
    for r in kb.records["claim"].values():
        c = r.model
        if c.event_date and c.kind != ClaimKind.forecast:
            event, report = parse_edtf(c.event_date.value), parse_edtf(c.report_date.value)
            if report.latest < event.earliest:
                yield r.problem(("report_date", "value"),
                                f"report date {report.text} is before the event date {event.text}",
                                "a claim cannot be reported before the event; check both dates")
    for r in kb.records["source"].values():
        s = r.model
        if not s.published:
            continue
        mine = parse_edtf(s.published.value)
        for i, relayed_id in enumerate(s.relays):
            relayed = kb.get("source", relayed_id)
            if relayed and relayed.published:
                theirs = parse_edtf(relayed.published.value)
                if mine.latest < theirs.earliest:
                    yield r.problem(("relays", i), f"published {mine.text}, before '{relayed_id}' "
                                    f"which it relays ({theirs.text})", "check both publication dates")


@check("live-successor", "A superseded claim points to a claim that is still live, and so does a "
       "merged duplicate: never to a withdrawn or merged one.")
def live_successor(kb: KnowledgeBase) -> Iterator[Problem]:
    for r in kb.records["claim"].values():
        for field_name in ("superseded_by", "merged_into"):
            target_id = getattr(r.model.status, field_name)
            target = kb.get("claim", target_id)
            if target is not None and target.status.value not in LIVE_STATUSES:
                yield r.problem(("status", field_name),
                                f"'{target_id}' is {target.status.value}, not a live claim",
                                "point to the claim that replaced it")


# --- Editorial rules ---------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Runs of white space as one space, none at the ends (str.split's white space is re's \\s; three
    times faster on 30,000 quotes). Typographic apostrophes are kept as they are: a quote is verbatim."""
    return " ".join(text.split())


@check("quote-verbatim", "Where we hold a source's text, every quote attributed to it appears in it "
       "word for word (differences of white space aside).", editorial=True)
def quote_verbatim(kb: KnowledgeBase) -> Iterator[Problem]:
    normalised: dict[str, str | None] = {}  # source id -> its archived text, normalised once
    for r in kb.records["claim"].values():
        for i, a in enumerate(r.model.attributions):
            if a.source not in normalised:
                source = kb.get("source", a.source)
                text = kb.archived_text(source) if source else None
                normalised[a.source] = _normalise(text) if text is not None else None
            text = normalised[a.source]
            if text is not None and _normalise(a.quote) not in text:
                yield r.problem(("attributions", i, "quote"),
                                f"quote not found verbatim in {kb.get('source', a.source).archived_text}",
                                "copy the sentence exactly from the archived text, with its punctuation")


def independent_origins(kb: KnowledgeBase, claim) -> int:  # noqa: ANN001
    """How many independent lines of reporting assert the claim, computed from the provenance graph
    (`provenance.py`): relays of one origin, one body's officials, restatements are one line."""
    return independent_lines(kb, claim)


@check("confirmed-needs-independent", "Status 'confirmed', status 'corroborated' and credibility 1 need at "
       "least two independent lines of reporting, counted from the provenance graph as the independence "
       "rule says; credibility 1 goes with status 'confirmed' and only with it.", editorial=True)
def confirmed_needs_independent(kb: KnowledgeBase) -> Iterator[Problem]:
    for r in kb.records["claim"].values():
        c = r.model
        status, grade = c.status.value, c.confidence.credibility.grade
        if status in NEEDS_TWO_LINES or grade == 1:
            n = independent_origins(kb, c)
            if n < 2:
                loc = ("status", "value") if status in NEEDS_TWO_LINES else ("confidence", "credibility", "grade")
                yield r.problem(loc, f"needs two independent lines of reporting, has {n}",
                                "add an attribution from another line (see the claim page's lines of "
                                "reporting), or use status 'reported' and a lower credibility")
        if status == Status.confirmed and grade != 1:
            yield r.problem(("confidence", "credibility", "grade"), f"status 'confirmed' goes with credibility 1, "
                            f"not {grade}", "set credibility 1, or status 'corroborated' or 'reported'")
        if grade == 1 and status in LIVE_STATUSES and status not in (Status.confirmed, Status.superseded,
                                                                     Status.retracted):
            yield r.problem(("status", "value"), f"credibility 1 (confirmed) goes with status 'confirmed', not "
                            f"'{status.value}'", "set status 'confirmed', or lower the credibility")


@check("status-follows-denials", "A claim that a live denial denies shows it: its status is 'denied' or "
       "'disputed' (or a status that ends it: retracted, withdrawn, superseded, merged).", editorial=True)
def status_follows_denials(kb: KnowledgeBase) -> Iterator[Problem]:
    for cid, c in kb.claims.items():
        if c.status.value in ANSWERS_A_DENIAL:
            continue
        deniers = [other for kind, other in kb.related_from.get(cid, [])
                   if kind == RelationType.denies.value and kb.claims[other].status.value in LIVE_STATUSES]
        if deniers:
            yield kb.records["claim"][cid].problem(
                ("status", "value"), f"status '{c.status.value.value}' but {', '.join(deniers)} denies it",
                "set status 'denied' (or 'disputed') with a reason naming the denial")


@check("reliability-by-method", "Reliability grades the claimant of the first attribution, who must assert "
       "the claim: the grade is never better than the best the method allows for that kind of claimant "
       "(the table above), and never A.", editorial=True)
def reliability_by_method(kb: KnowledgeBase) -> Iterator[Problem]:
    for r in kb.records["claim"].values():
        c = r.model
        first = c.attributions[0]
        if first.role != Role.asserts:
            yield r.problem(("attributions", 0, "role"), f"the first attribution has role '{first.role.value}'",
                            "put an attribution whose claimant asserts the claim first: reliability grades it")
            continue
        rule = reliability_rule(kb, first.claimant)
        grade = c.confidence.reliability.grade.value
        if rule is not None and grade not in allowed(rule.best):
            name = kb.actors[first.claimant].name
            yield r.problem(("confidence", "reliability", "grade"),
                            f"grade {grade} for {name} ({rule.key}): the method allows {', '.join(allowed(rule.best))}",
                            f"grade {rule.best} at best: {rule.why}")


def _based_on_cycles(claim) -> list[list[str]]:  # noqa: ANN001
    graph = {a.ref: [a.based_on.attribution] if a.based_on and a.based_on.attribution else []
             for a in claim.attributions if a.ref}
    return find_cycles(graph)


@check("attribution-roles", "An attribution's role agrees with its mode and its chain: an outlet restating "
       "what it relays speaks in its own document (mode direct); the first publisher published the document "
       "the chain starts at; a claimant speaking directly is the publisher of the document (or belongs to it). "
       "Its “based on” names another attribution of the same claim by its “ref”, restatements never loop, and "
       "an outlet's own reporting is quoted from the document.", editorial=True)
def attribution_roles(kb: KnowledgeBase) -> Iterator[Problem]:
    for r in kb.records["claim"].values():
        c = r.model
        refs: dict[str, int] = {}
        for i, a in enumerate(c.attributions):
            if a.ref is not None:
                if a.ref in refs:
                    yield r.problem(("attributions", i, "ref"),
                                    f"ref '{a.ref}' is also attribution {refs[a.ref] + 1}'s",
                                    "give each attribution its own ref")
                refs.setdefault(a.ref, i)
        for i, a in enumerate(c.attributions):
            loc = ("attributions", i)
            target = a.based_on.attribution if a.based_on else None
            if target is not None and target not in refs:
                yield r.problem((*loc, "based_on", "attribution"), f"no attribution with ref '{target}' in this claim",
                                f"add ref: {target} to the attribution this one rests on, or fix the name")
            elif target is not None and refs[target] == i:
                yield r.problem((*loc, "based_on", "attribution"), "an attribution cannot rest on itself",
                                "name another attribution's ref")
            if a.role.value in DEPENDENT_ROLES and target is None:
                yield r.problem((*loc, "role"),
                                f"role '{a.role.value}' repeats another attribution but does not say which",
                                "add based_on: {attribution: <ref of the attribution it repeats>}")
            source = kb.get("source", a.source)
            if source is None:
                continue
            if a.role == Role.restates and a.mode != Mode.direct:
                yield r.problem((*loc, "mode"), "role 'restates' is an outlet's own voice, but mode is 'relayed'",
                                "set mode: direct (the outlet's own document), or use another role")
            if a.role == Role.first_publisher:
                first = kb.get("source", kb.origin_of(a.source, a.origin))
                if first is not None and first.publisher is not None and first.publisher != a.claimant:
                    yield r.problem((*loc, "claimant"), f"role 'first-publisher' but '{first.id}' is published by "
                                    f"'{first.publisher}'", "set origin to the document this outlet published, "
                                    "or fix the claimant")
            if a.role in (Role.asserts, Role.asserts_part) and a.mode == Mode.direct and a.origin in (None, a.source) \
                    and source.publisher is not None and source.publisher not in affiliation_chain(kb, a.claimant):
                yield r.problem((*loc, "mode"),
                                f"mode 'direct' but '{source.id}' is published by '{source.publisher}', not by "
                                f"'{a.claimant}'", "set mode: relayed (someone else reports it), or fix the claimant")
            if a.role in (Role.asserts, Role.asserts_part) and a.mode == Mode.relayed and a.origin in (None, a.source) \
                    and source.publisher == a.claimant:
                yield r.problem((*loc, "mode"), f"mode 'relayed' but '{source.id}' is the claimant's own document",
                                "set mode: direct")
            evidence = a.based_on.own_reporting if a.based_on else None
            text = kb.archived_text(source)
            if evidence is not None and text is not None and _normalise(evidence) not in _normalise(text):
                yield r.problem((*loc, "based_on", "own_reporting"),
                                f"evidence not found verbatim in {source.archived_text}",
                                "copy the words that show the outlet's own reporting exactly from the archived text")
        for path in _based_on_cycles(c):
            i = refs[path[0]]
            yield r.problem(("attributions", i, "based_on", "attribution"),
                            "restatements form a cycle: " + " -> ".join(path),
                            "one attribution must be the first: remove its based_on")


@check("verification-statements", "A statement about the evidence (who could neither confirm nor deny it, "
       "what was not disclosed, what the images do not show) names records that exist, and where we hold "
       "the source's text its quote is in it word for word.", editorial=True)
def verification_statements(kb: KnowledgeBase) -> Iterator[Problem]:
    for r in kb.records["claim"].values():
        for i, v in enumerate(r.model.verification):
            loc = ("verification", i)
            yield from _ref(kb, r, (*loc, "by"), "actor", v.by)
            yield from _ref(kb, r, (*loc, "source"), "source", v.source)
            yield from _ref(kb, r, (*loc, "claim"), "claim", v.claim)
            source = kb.get("source", v.source)
            text = kb.archived_text(source) if source else None
            if text is not None and _normalise(v.quote) not in _normalise(text):
                yield r.problem((*loc, "quote"), f"quote not found verbatim in {source.archived_text}",
                                "copy the sentence exactly from the archived text, with its punctuation")


@check("denial-links-claim", "A denial links the claim it denies, with a relation of type 'denies'.",
       editorial=True)
def denial_links_claim(kb: KnowledgeBase) -> Iterator[Problem]:
    for r in kb.records["claim"].values():
        c = r.model
        denies = [rel for rel in c.relations if rel.type == RelationType.denies]
        if c.kind == ClaimKind.denial and not denies:
            yield r.problem(("relations",), "a denial must link the claim it denies",
                            "add a relation: {type: denies, claim: <id>}")
        if denies and c.kind != ClaimKind.denial:
            yield r.problem(("kind",), "only a claim of kind 'denial' can have a 'denies' relation",
                            "set kind: denial, or use another relation type")


@check("figures-linked", "Claims that give different figures for the same measure link each other "
       "(contradicts, updates or supports), so readers see them side by side.", editorial=True)
def figures_linked(kb: KnowledgeBase) -> Iterator[Problem]:
    by_measure: dict[str, list[str]] = defaultdict(list)
    for cid, c in kb.claims.items():
        for measure in dict.fromkeys(q.measure for q in c.quantities):
            by_measure[measure].append(cid)
    for measure, ids in by_measure.items():
        if len(ids) < 2 or len(ids) > 50:
            continue  # large groups are compared on the disputed-figures page, not pairwise
        for cid in ids:
            c = kb.claims[cid]
            linked = {rel.claim for rel in c.relations} | {x for _, x in kb.related_from.get(cid, [])}
            missing = [o for o in ids if o != cid and o not in linked]
            if missing:
                yield kb.records["claim"][cid].problem(
                    ("quantities",), f"gives a figure for '{measure}' like {', '.join(missing)} but does not link it",
                    "add a relation (contradicts, updates or supports) in one of the two claims")


def run_checks(kb: KnowledgeBase) -> list[Problem]:
    problems: list[Problem] = []
    for item in CHECKS:
        problems.extend(item.run(kb))
    return problems
