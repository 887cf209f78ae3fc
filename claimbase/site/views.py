"""Derived, read-only views of records for pages and data files: names, dates, chains, figures.

Nothing here writes into a record; every function takes the knowledge base and returns plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..dates import MONTHS, parse_edtf
from ..kb import LIVE_STATUSES, KnowledgeBase
from ..models import Claim, Quantity, Status
from ..provenance import Line, claim_lines, count
from . import vocab

LISTED_STATUSES = frozenset(s.value for s in LIVE_STATUSES)
"""Statuses shown in the default claims listing (withdrawn and merged claims need a status filter)."""


def sort_key_recent(claim: Claim) -> tuple[str, str, str]:
    """Newest report first, then newest event, then id: one order used by every listing."""
    event = parse_edtf(claim.event_date.value).earliest.isoformat() if claim.event_date else ""
    return (parse_edtf(claim.report_date.value).earliest.isoformat(), event, claim.id)


def recent_first(kb: KnowledgeBase, ids: list[str] | None = None) -> list[str]:
    ids = list(kb.claims) if ids is None else ids
    return sorted(ids, key=lambda cid: sort_key_recent(kb.claims[cid]), reverse=True)


def confidence_code(claim: Claim) -> str:
    return f"{claim.confidence.reliability.grade.value}{claim.confidence.credibility.grade}"


def format_quantity(q: Quantity) -> str:
    """'more than 10,000 soldiers', '2,700-3,800 soldiers'."""
    from .render import format_number

    def number(x: float | None) -> str | None:
        return None if x is None else format_number(x)

    text = figure_words(number(q.value), number(q.min), number(q.max), q.words, q.qualifier.value, q.unit)
    if q.qualifier.value == "stated":
        text += " (as stated; not said to be counted or estimated)"
    return text


def figure_words(value: str | None, low: str | None, high: str | None, words: str | None, qualifier: str | None,
                 unit: str | None) -> str:
    """A figure in words from its parts, the numbers already written: "more than 10,000 soldiers",
    "2,700–3,800 soldiers", "several dozen ballistic missiles". Also for the plain data of an old
    version (`history.describe`), whose qualifier may be one today's vocabulary does not know."""
    if value is not None:
        figure = value
    elif low is not None and high is not None:
        figure = f"{low}–{high}"
    elif low is not None:
        figure = f"{low} or more"
    elif high is not None:
        figure = f"up to {high}"
    else:  # the source gives the figure only in words ("several dozen")
        figure = words or ""
    said = vocab.QUALIFIER.get(qualifier, qualifier) if qualifier else ""
    return " ".join(w for w in (said, figure, unit) if w)


def place_chain(kb: KnowledgeBase, place_id: str | None) -> list[str]:
    """The place and the regions it lies in: [town, region, ...]."""
    out: list[str] = []
    while place_id and place_id not in out and place_id in kb.places:
        out.append(place_id)
        place_id = kb.places[place_id].admin_region
    return out


def current_id(kb: KnowledgeBase, kind: str, record_id: str) -> str:
    """The id a record goes by now: its successor's when it was renamed or merged (the pages of old
    versions of a claim name the actor as it is now, and link to its page, not to the redirect)."""
    return kb.successor(kind, record_id) or record_id


def record_name(kb: KnowledgeBase, kind: str, record_id: str) -> str:
    """The name a page shows for a record. A renamed or merged record's tombstone keeps the name it had:
    an old version of a claim that names it by its old id shows that name (its link leads to the
    tombstone's redirect), not the bare id. The id only when no record has it."""
    record = kb.get(kind, record_id)
    if record is None:
        tombstone = kb.merged.get(kind, {}).get(record_id)
        if tombstone is None:
            return record_id
        record = tombstone.model
    return record.title_en if kind == "source" else record.title if kind == "claim" else record.name


def based_on_number(claim: Claim, attribution: object) -> int | None:
    """The number (1, 2, ...) of the attribution of `claim` that `attribution` is based on, by its `ref`."""
    based = getattr(attribution, "based_on", None)
    if based is None or not based.attribution:
        return None
    return next((n for n, x in enumerate(claim.attributions, 1) if x.ref == based.attribution), None)


def record_names(kb: KnowledgeBase, kind: str, record_id: str) -> list[str]:
    """Every name a record is known by: name, aliases, designations (for search)."""
    known = kb._names_cache.get((kind, record_id))  # noqa: SLF001 - the records do not change during a run
    if known is None:
        known = kb._names_cache[(kind, record_id)] = tuple(_record_names(kb, kind, record_id))  # noqa: SLF001
    return list(known)


def _record_names(kb: KnowledgeBase, kind: str, record_id: str) -> list[str]:
    record = kb.get(kind, record_id)
    if record is None:
        return []
    if kind == "source":
        return [n for n in (record.title_en, record.title) if n]
    names = [record.name, *(a.name for a in record.aliases)]
    names += list(getattr(record, "designations", []))
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class ChainLink:
    source_id: str
    title: str
    publisher: str | None
    published: str | None  # EDTF
    url: str | None
    language: str | None
    role: str  # "origin", "relay" or "read"


@dataclass(frozen=True)
class AttributionView:
    claimant: str
    claimant_name: str
    mode: str
    links: list[ChainLink]  # origin first, the document we read last
    quote: str
    translation: str
    quote_lang: str | None
    note: str | None
    role: str = "asserts"
    supports: str | None = None
    based_on: int | None = None
    """The number of the attribution this one rests on."""
    own_reporting: str | None = None


class ClaimView:
    """Everything a claim page shows that is not a field of the record itself."""

    def __init__(self, kb: KnowledgeBase, claim: Claim, related_limit: int = 20,
                 supersedes: list[str] | None = None) -> None:
        self.kb = kb
        self.claim = claim
        self.related_limit = related_limit
        self.supersedes = supersedes or []
        """Ids of the claims whose status says this claim supersedes them (see `superseded_index`)."""

    @cached_property
    def attributions(self) -> list[AttributionView]:
        out = []
        for a in self.claim.attributions:
            path = list(reversed(self.kb.chain(a.source, a.origin)))
            links = []
            for i, sid in enumerate(path):
                s = self.kb.sources.get(sid)
                role = "read" if i == len(path) - 1 else "origin" if i == 0 else "relay"
                if s is None:
                    links.append(ChainLink(sid, sid, None, None, None, None, role))
                    continue
                publisher = self.kb.actors[s.publisher].name if s.publisher in self.kb.actors else None
                links.append(ChainLink(sid, s.title_en, publisher, s.published.value if s.published else None,
                                       s.url, s.language, role))
            read = self.kb.sources.get(a.source)
            based = a.based_on
            claimant = current_id(self.kb, "actor", a.claimant)  # an old version may name a renamed actor
            out.append(AttributionView(
                claimant, record_name(self.kb, "actor", claimant), a.mode.value, links,
                a.quote, a.translation, read.language if read else None, a.note, a.role.value, a.supports,
                based_on_number(self.claim, a),
                based.own_reporting if based else None))
        return out

    @cached_property
    def lines(self) -> list[Line]:
        """The lines of reporting: which attributions share one, and why."""
        return claim_lines(self.kb, self.claim)

    @cached_property
    def independent(self) -> int:
        return count(self.lines)

    @cached_property
    def verification(self) -> list[tuple[object, str | None, str | None]]:
        """(statement, name of who it is by, language of the quote) for the statements about the evidence."""
        out = []
        for v in self.claim.verification:
            source = self.kb.sources.get(v.source)
            by = current_id(self.kb, "actor", v.by) if v.by else None
            out.append((v, record_name(self.kb, "actor", by) if by else None, source.language if source else None))
        return out

    @cached_property
    def outgoing(self) -> list[tuple[str, str, str | None]]:
        """(relation type, claim id, note) from this claim's own relations."""
        return [(r.type.value, r.claim, r.note) for r in self.claim.relations if r.claim in self.kb.claims]

    @cached_property
    def incoming_all(self) -> list[tuple[str, str]]:
        own = {(t, c) for t, c, _ in self.outgoing}
        pairs = [(t, c) for t, c in self.kb.related_from.get(self.claim.id, []) if (t, c) not in own]
        return sorted(pairs, key=lambda p: (p[0], p[1]))

    @property
    def incoming(self) -> list[tuple[str, str]]:
        return self.incoming_all[: self.related_limit]

    @property
    def incoming_more(self) -> int:
        return max(0, len(self.incoming_all) - self.related_limit)

    @cached_property
    def prominent(self) -> list[tuple[str, str, str]]:
        """(phrase, claim id, status) for relations a reader must not miss: contradictions, denials, updates."""
        out = []
        for t, cid, _ in self.outgoing:
            if t in vocab.PROMINENT_RELATIONS:
                out.append((f"This claim {vocab.RELATION[t]}", cid, self.kb.claims[cid].status.value.value))
        for t, cid in self.incoming_all[: self.related_limit]:
            if t in vocab.PROMINENT_RELATIONS:
                out.append((f"This claim {vocab.RELATION_INCOMING[t]}", cid, self.kb.claims[cid].status.value.value))
        return out

    @property
    def superseded_by_this(self) -> list[str]:
        """Claims that this claim supersedes (their status points here)."""
        return self.supersedes[: self.related_limit]

    @property
    def places(self) -> list[str]:
        return place_chain(self.kb, self.claim.location.place)

    @property
    def is_live(self) -> bool:
        return self.claim.status.value in LIVE_STATUSES

    @property
    def is_withdrawn(self) -> bool:
        return self.claim.status.value == Status.withdrawn


def human_event_date(claim: Claim) -> str:
    return parse_edtf(claim.event_date.value).human() if claim.event_date else ""


@lru_cache(maxsize=65536)
def short_date(value: str | None) -> str:
    """A compact date for table cells, as precise as the record: '23 Jan 2025', 'c. Jan 2025', 'Sep 2024–Feb 2025'."""
    if not value:
        return ""
    parsed = parse_edtf(value)

    def one(d) -> str:  # noqa: ANN001 - dates.SimpleDate
        text = str(d.year)
        if d.month:
            text = f"{MONTHS[d.month - 1][:3]} {text}"
        if d.day:
            text = f"{d.day} {text}"
        if d.approximate:
            text = "c. " + text
        if d.uncertain:
            text += "?"
        return text

    if parsed.end:
        return f"{one(parsed.start)}–{one(parsed.end)}"
    return one(parsed.start)



def superseded_index(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Successor id -> ids of the claims it supersedes, sorted."""
    out: dict[str, list[str]] = {}
    for cid in sorted(kb.claims):
        successor = kb.claims[cid].status.superseded_by
        if successor:
            out.setdefault(successor, []).append(cid)
    return out
