"""The provenance graph and the independence rule computed from it.

Attributions, sources, relays, claimants and their affiliations form one graph. Two attributions of a
claim are independent only when the records show it:

- neither's chain (the documents from the one we read to its origin, and whatever that origin relays)
  reaches the other's origin;
- their claimants are not the same actor or the same body (a spokesperson and the government they speak
  for are one; an unidentified claimant with no affiliation cannot be told apart from anyone);
- neither rests on the other (`based_on`, or a role that repeats another attribution: a relaying
  outlet restating what it relays, the outlet that first published someone else's claim).

An outlet's own voice in a document that relays another attribution of the same claim is not a line
of its own, unless the attribution is `based_on` the outlet's own reporting, quoted.

The claim's count of independent lines is the largest number of attributions asserting the whole claim
that are pairwise independent; each starts a *line of reporting*, and every other attribution joins the
first line it depends on. The core rule
(`lines`) works on plain values, so the benchmark generator can apply the same rule to what it writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from .kb import KnowledgeBase
from .models import ActorType, Claim, Role

INDEPENDENCE_RULE: tuple[str, ...] = (
    "neither's chain (from the document we read to the origin, and whatever that origin relays) reaches "
    "the other's origin: five outlets relaying one briefing are one line;",
    "their claimants are not the same actor and do not belong to the same body: a spokesperson, the council "
    "they speak for and the government above it are one; an unidentified claimant that belongs to no body "
    "cannot be told apart from anyone, so it is independent of nothing;",
    "neither rests on the other: an attribution “based on” another, the outlet that first published someone "
    "else's claim, and a relaying outlet restating in its own voice (a headline) what it relays are in the "
    "line of what they repeat;",
    "an attribution relayed with no earlier document named is not independent of another read in the same "
    "document: nothing shows their sources differ;",
    "an outlet's own voice in a document that relays another attribution of the same claim is in that "
    "attribution's line, unless it is “based on” the outlet's own reporting, quoted from the document.",
)
"""The rule as the methodology page states it: two attributions are independent only when all of these hold.
`dependence` below is its code."""

COUNTED_ROLES = frozenset({Role.asserts.value})
"""Roles whose attributions make a line count: the others support part of the claim or repeat another."""

DEPENDENT_ROLES = frozenset({Role.first_publisher.value, Role.restates.value})
"""Roles that repeat another attribution of the claim and must say which (`based_on.attribution`)."""


@dataclass(frozen=True)
class Node:
    """One attribution as the independence rule sees it."""

    number: int
    """1-based position in the claim, as the page numbers it."""
    claimant: str
    body: str | None
    """The top of the claimant's affiliations; None when the claimant is unidentified and belongs to nothing."""
    chain: tuple[str, ...]
    """Source ids from the document we read to the origin."""
    reach: frozenset[str]
    """The chain and everything its origin relays, directly or through others."""
    role: str = Role.asserts.value
    based_on: int | None = None
    """The number of the attribution this one rests on."""
    own_reporting: bool = False
    unknown_origin: bool = False
    """Relayed, and the document we read names no earlier document: where it started is not known."""

    @property
    def origin(self) -> str:
        return self.chain[-1]


@dataclass
class Line:
    """One line of reporting: attributions that share a claimant's body, a document, or rest on each other."""

    members: list[int]
    reasons: list[str] = field(default_factory=list)
    counted: bool = True
    """False when none of its attributions asserts the whole claim."""


@dataclass(frozen=True)
class Why:
    """One reason two attributions share a line: its kind, the attribution it is about, the other one,
    and the record it names (a document, a claimant, a body)."""

    kind: str
    subject: int
    other: int
    about: str = ""


def dependence(a: Node, b: Node) -> list[Why]:
    """Why attributions a and b are not independent; empty when the records show they are."""
    why: list[Why] = []
    if a.based_on == b.number or b.based_on == a.number:
        later, earlier = (a, b) if a.based_on == b.number else (b, a)
        why.append(Why(later.role if later.role in DEPENDENT_ROLES else "based-on", later.number, earlier.number))
    if a.origin == b.origin:
        why.append(Why("same-origin", a.number, b.number, a.origin))
    else:
        for x, y in ((a, b), (b, a)):
            if y.own_reporting or y.origin not in x.reach:
                continue
            if y.origin == x.chain[0]:
                why.append(Why("own-voice", y.number, x.number, y.origin))
            elif not (x.origin == x.chain[0] and y.chain[0] == x.chain[0]):  # x's own voice: said above
                why.append(Why("reach", x.number, y.number, y.origin))
    if a.chain[0] == b.chain[0] and (a.unknown_origin or b.unknown_origin):
        x, y = (a, b) if a.unknown_origin else (b, a)
        why.append(Why("unknown-origin", x.number, y.number, x.chain[0]))
    if a.claimant == b.claimant:
        why.append(Why("same-claimant", a.number, b.number, a.claimant))
    elif a.body is not None and a.body == b.body:
        why.append(Why("same-body", a.number, b.number, a.body))
    for x, y in ((a, b), (b, a)):
        if x.body is None:
            why.append(Why("unidentified", x.number, y.number, x.claimant))
    return why


REASONS: dict[str, str] = {
    "first-publisher": "#{s} names the outlet that first published {o}",
    "restates": "#{s} restates, in the outlet's own voice, {o}",
    "based-on": "#{s} rests on {o}",
    "same-origin": "{o} start at the same document, {t}",
    "reach": "#{s}'s chain reaches the origin of {o}, {t}",
    "own-voice": "#{s} is the own voice of {t}, which relays {o}",
    "unknown-origin": "#{s} is relayed by {t} with no earlier document named, so nothing shows it has another "
                      "source than {o}",
    "same-claimant": "{o} have the same claimant, {n}",
    "same-body": "{o} speak for the same body, {n}",
    "unidentified": "#{s}'s claimant is unidentified: nothing shows it is not the source of {o}",
}
"""Reason kind -> the sentence the claim page and JSON show; s: the attribution it is about, o: the others,
t: the document, n: the claimant or body."""


def _numbers(ns: Iterable[int]) -> str:
    items = [f"#{n}" for n in sorted(set(ns))]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def explain(whys: list[Why], title=lambda sid: sid, name=lambda aid: aid) -> list[str]:  # noqa: ANN001
    """The reasons of one line as sentences, one per kind and subject, in a stable order."""
    groups: dict[tuple[str, int | str], set[int]] = {}
    for w in whys:
        key: tuple[str, int | str]
        if w.kind in ("same-origin", "same-claimant", "same-body"):
            key = (w.kind, w.about)
            groups.setdefault(key, set()).update((w.subject, w.other))
        else:
            key = (w.kind, w.subject)
            groups.setdefault(key, set()).add(w.other)
    about = {(w.kind, w.subject if w.kind not in ("same-origin", "same-claimant", "same-body") else w.about): w.about
             for w in whys}
    order = ["first-publisher", "restates", "based-on", "same-origin", "reach", "own-voice", "unknown-origin",
             "same-claimant", "same-body", "unidentified"]
    out = []
    for (kind, subject), others in sorted(groups.items(), key=lambda kv: (order.index(kv[0][0]), str(kv[0][1]))):
        thing = about[(kind, subject)]
        text = REASONS[kind].format(s=subject, o=_numbers(others), t=title(thing) if thing else "",
                                    n=name(thing) if thing else "")
        out.append(text)
    return out


EXACT_UP_TO = 12
"""Up to this many asserting attributions, the largest set of independent ones is found exactly; beyond
it (never in real records), greedily in order, so that time stays bounded whatever a record holds."""


def _heads(nodes: list[Node], dependent: set[tuple[int, int]]) -> list[int]:
    """The largest set of asserting attributions that are pairwise independent (the first such set in the
    order of the claim): each starts a line of reporting."""
    asserting = [n.number for n in nodes if n.role in COUNTED_ROLES]

    def free(a: int, b: int) -> bool:
        return (min(a, b), max(a, b)) not in dependent

    if len(asserting) <= EXACT_UP_TO:
        for size in range(len(asserting), 0, -1):
            for subset in combinations(asserting, size):
                if all(free(a, b) for a, b in combinations(subset, 2)):
                    return list(subset)
        return []
    chosen: list[int] = []
    for a in asserting:
        if all(free(a, b) for b in chosen):
            chosen.append(a)
    return chosen


def lines(nodes: list[Node], title=lambda sid: sid, name=lambda aid: aid) -> list[Line]:  # noqa: ANN001
    """Group attributions into lines of reporting, in order of first member.

    The number of lines that count is the largest number of asserting attributions that are pairwise
    independent: an attribution that depends on two independent ones (a headline restating both, an
    unidentified claimant read beside both) does not join them into one line. Each of those starts a
    line; every other attribution joins the first line it depends on, or stands alone (not counted)."""
    whys: dict[tuple[int, int], list[Why]] = {}
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            why = dependence(a, b)
            if why:
                whys[(min(a.number, b.number), max(a.number, b.number))] = why
    heads = _heads(nodes, set(whys))
    line_of: dict[int, int] = {h: h for h in heads}
    pending = [n.number for n in nodes if n.number not in line_of]
    while pending:  # a member may depend only on another member that has not found its line yet
        placed = False
        for number in list(pending):
            joined = next((line_of[m] for m in sorted(line_of)
                           if (min(number, m), max(number, m)) in whys and line_of[m] in heads), None)
            if joined is not None:
                line_of[number] = joined
                pending.remove(number)
                placed = True
        if not placed:
            first = pending.pop(0)  # depends on no line that counts: a line of its own
            line_of[first] = first
            heads.append(first)
    groups: dict[int, Line] = {}
    for n in nodes:
        groups.setdefault(line_of[n.number], Line([])).members.append(n.number)
    by_number = {n.number: n for n in nodes}
    for line in groups.values():
        members = line.members
        reasons = [w for a, b in combinations(members, 2) for w in whys.get((a, b), [])]
        line.counted = any(by_number[m].role in COUNTED_ROLES for m in members)
        line.reasons = explain(reasons, title, name)
    return sorted(groups.values(), key=lambda g: g.members[0])


def count(groups: Iterable[Line]) -> int:
    return sum(1 for g in groups if g.counted)


# --- The knowledge base's view -----------------------------------------------------------------------------


def body_of(kb: KnowledgeBase, actor_id: str) -> str | None:
    """The top of an actor's affiliations (a spokesperson -> council -> White House -> US government).

    An unidentified actor with no affiliation is None: it cannot be shown to be anyone in particular.
    """
    seen: list[str] = []
    current = actor_id
    while current not in seen:
        seen.append(current)
        actor = kb.actors.get(current)
        if actor is None or actor.affiliation is None or actor.affiliation not in kb.actors:
            break
        current = actor.affiliation
    top = seen[-1]
    actor = kb.actors.get(top)
    if actor is not None and actor.type == ActorType.unidentified and len(seen) == 1:
        return None
    return top


def reach(kb: KnowledgeBase, chain: list[str]) -> frozenset[str]:
    """The chain, and every document its origin relays, directly or through others."""
    out = set(chain)
    todo = [chain[-1]]
    while todo:
        source = kb.sources.get(todo.pop())
        for relayed in source.relays if source else ():
            if relayed not in out:
                out.add(relayed)
                todo.append(relayed)
    return frozenset(out)


def nodes(kb: KnowledgeBase, claim: Claim) -> list[Node]:
    refs = {a.ref: i + 1 for i, a in enumerate(claim.attributions) if a.ref}
    out = []
    for i, a in enumerate(claim.attributions):
        chain = kb.chain(a.source, a.origin)
        if a.mode.value == "relayed" and a.origin in (None, a.source):
            # Someone else reports it and names no earlier document: it started in a document of the
            # claimant's that we do not know, not in the page we read.
            chain = [*chain, UNNAMED + a.claimant]
        unknown = len(chain) == 2 and chain[1].startswith(UNNAMED)
        based = a.based_on
        own = bool(based and based.own_reporting)
        # Own reporting rests on what the outlet found, not on what its document relays for others.
        reached = frozenset(chain) if own else reach(kb, chain)
        out.append(Node(
            i + 1, a.claimant, body_of(kb, a.claimant), tuple(chain), reached, a.role.value,
            refs.get(based.attribution) if based and based.attribution else None,
            own, unknown))
    return out


UNNAMED = "unnamed-document-of:"


def claim_lines(kb: KnowledgeBase, claim: Claim) -> list[Line]:
    """The claim's lines of reporting (`lines`), worked out once per claim and knowledge base: the checks,
    the claim page, its JSON and the tables all ask. Not to be changed by the caller."""
    known = kb._lines_cache.get(claim.id)  # noqa: SLF001
    if known is not None and known[0] is claim:  # an old version of a claim is another object
        return known[1]
    made = _claim_lines(kb, claim)
    if kb.claims.get(claim.id) is claim:
        kb._lines_cache[claim.id] = (claim, made)  # noqa: SLF001
    return made


def _claim_lines(kb: KnowledgeBase, claim: Claim) -> list[Line]:
    def title(sid: str) -> str:
        if sid.startswith(UNNAMED):
            actor = kb.actors.get(sid[len(UNNAMED):])
            return f"an unnamed statement by {actor.name if actor else sid[len(UNNAMED):]}"
        source = kb.sources.get(sid)
        if source is None:
            return sid
        return source.title_en if source.title_en.startswith("[") else f"“{source.title_en}”"

    def name(aid: str) -> str:
        actor = kb.actors.get(aid)
        return actor.name if actor else aid
    return lines(nodes(kb, claim), title, name)


def independent_lines(kb: KnowledgeBase, claim: Claim) -> int:
    """How many independent lines of reporting assert the whole claim."""
    return count(claim_lines(kb, claim))


def lines_json(kb: KnowledgeBase, claim: Claim) -> dict[str, object]:
    """The count and the groups, as the claim's JSON publishes them (attributions numbered from 1)."""
    groups = claim_lines(kb, claim)
    return {"independent_lines": count(groups),
            "lines": [{"attributions": g.members, "counted": g.counted, "reasons": g.reasons} for g in groups]}


def plain_lines(attributions: list[dict], chains: list[list[str]], body: dict[str, str | None],
                relays: dict[str, list[str]]) -> int:
    """The count of independent lines for attributions given as plain dicts (as the benchmark generator
    writes them), with the chain of each, the body of each claimant and what each source relays."""
    def reached(chain: list[str]) -> frozenset[str]:
        out, todo = set(chain), [chain[-1]]
        while todo:
            for nxt in relays.get(todo.pop(), ()):
                if nxt not in out:
                    out.add(nxt)
                    todo.append(nxt)
        return frozenset(out)

    made = []
    for i, (a, chain) in enumerate(zip(attributions, chains, strict=True)):
        unknown = a["mode"] == "relayed" and a.get("origin") in (None, a["source"])
        if unknown:
            chain = [*chain, UNNAMED + a["claimant"]]
        made.append(Node(i + 1, a["claimant"], body.get(a["claimant"]), tuple(chain), reached(chain),
                         unknown_origin=unknown))
    return count(lines(made))
