"""Data for re-use and for the site's scripts: full JSON, flat CSV, per-claim JSON, compact indexes.

The CSV columns are defined once, with their descriptions, and the Data page prints that list.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from .. import urls
from ..checks import independent_origins
from ..dates import parse_edtf
from ..kb import KnowledgeBase
from ..models import Claim
from . import views


def dumps(data: object) -> str:
    """Compact, stable JSON (keys in model order), UTF-8, one trailing newline."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


Parts = dict[str, dict[str, object]]
"""Claim id -> pieces of the data files already made for that claim in this run, or kept by a live
preview from an earlier run because nothing the claim's page is made from has changed since (see
`generate.PageMemo`). Each function below fills in the piece it makes."""


def _part(parts: Parts | None, cid: str, name: str, make: Callable[[], object]) -> object:
    if parts is None:
        return make()
    mine = parts.setdefault(cid, {})
    if name not in mine:
        mine[name] = make()
    return mine[name]


def claim_record(kb: KnowledgeBase, claim: Claim, site_url: str) -> dict[str, object]:
    """The machine-readable claim: the record as written, plus its permalink."""
    data = claim.model_dump(mode="json", exclude_none=False)
    return {"url": urls.absolute(site_url, urls.claim_path(claim.id)), **data}


def claim_json(kb: KnowledgeBase, claim: Claim, site_url: str, parts: Parts | None = None) -> str:
    """The claim's own JSON file: `claim_record` as compact JSON."""
    return _part(parts, claim.id, "json", lambda: dumps(claim_record(kb, claim, site_url)))


def claims_json(kb: KnowledgeBase, site_url: str, parts: Parts | None = None) -> str:
    """Every claim's record, in id order: `{"claims":[...]}`, each item the same bytes as its own file."""
    items = [claim_json(kb, kb.claims[cid], site_url, parts)[:-1] for cid in sorted(kb.claims)]
    return '{"claims":[' + ",".join(items) + "]}\n"


def _span(value: str | None) -> tuple[str, str, str]:
    if not value:
        return "", "", ""
    parsed = parse_edtf(value)
    return parsed.earliest.isoformat(), parsed.latest.isoformat(), parsed.precision


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Free text for spreadsheets: a leading = + - @ would start a formula, so it gets a ' before it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable[[KnowledgeBase, Claim, str], object]
    free_text: bool = False


def _join(items: list[str]) -> str:
    return "; ".join(items)


CSV_COLUMNS: list[Column] = [
    Column("id", "The claim's id; it never changes.", lambda kb, c, u: c.id),
    Column("url", "The claim's permanent page.", lambda kb, c, u: urls.absolute(u, urls.claim_path(c.id))),
    Column("title", "One neutral line.", lambda kb, c, u: c.title, True),
    Column("statement", "What is claimed, in English.", lambda kb, c, u: c.statement, True),
    Column("kind", "transfer, sighting, combat-use, deployment, casualties, ...", lambda kb, c, u: c.kind.value),
    Column("status", "reported, corroborated, confirmed, disputed, denied, retracted, withdrawn, superseded "
           "or merged.", lambda kb, c, u: c.status.value.value),
    Column("status_reason", "Why the status is what it is.", lambda kb, c, u: c.status.reason or "", True),
    Column("status_date", "When the status changed (EDTF).", lambda kb, c, u: c.status.date or ""),
    Column("successor", "For superseded or merged claims, the id of the claim that replaces it.",
           lambda kb, c, u: c.status.superseded_by or c.status.merged_into or ""),
    Column("reliability", "Admiralty source reliability, A to F.",
           lambda kb, c, u: c.confidence.reliability.grade.value),
    Column("credibility", "Admiralty information credibility, 1 to 6.",
           lambda kb, c, u: c.confidence.credibility.grade),
    Column("weapon_systems", "Weapon system ids, separated by '; '.", lambda kb, c, u: _join(c.weapon_systems)),
    Column("weapon_system_names", "Their names, in the same order.",
           lambda kb, c, u: _join([views.record_name(kb, "system", s) for s in c.weapon_systems]), True),
    Column("place", "Place id, empty when the sources name none.", lambda kb, c, u: c.location.place or ""),
    Column("place_name", "The place's name.",
           lambda kb, c, u: views.record_name(kb, "place", c.location.place) if c.location.place else "", True),
    Column("location_precision", "site, settlement, region, country or unknown.",
           lambda kb, c, u: c.location.precision.value),
    Column("event_date", "When the event happened, as precise as the sources (EDTF: 2025, 2025-01, "
           "2025-01-23, ~ approximate, ? uncertain, intervals with /).",
           lambda kb, c, u: c.event_date.value if c.event_date else ""),
    Column("event_earliest", "First day the event date can stand for.",
           lambda kb, c, u: _span(c.event_date.value if c.event_date else None)[0]),
    Column("event_latest", "Last day the event date can stand for.",
           lambda kb, c, u: _span(c.event_date.value if c.event_date else None)[1]),
    Column("event_precision", "day, month, year or interval.",
           lambda kb, c, u: _span(c.event_date.value if c.event_date else None)[2]),
    Column("report_date", "When the claim was first reported (EDTF).", lambda kb, c, u: c.report_date.value),
    Column("claimants", "Actor ids of those who assert it, separated by '; '.",
           lambda kb, c, u: _join(list(dict.fromkeys(a.claimant for a in c.attributions)))),
    Column("sources", "Ids of the sources we read it in, separated by '; '.",
           lambda kb, c, u: _join(list(dict.fromkeys(a.source for a in c.attributions)))),
    Column("attributions", "Number of attributions.", lambda kb, c, u: len(c.attributions)),
    Column("independent_attributions", "Number of independent attributions (chains that start at "
           "different documents and claimants).", lambda kb, c, u: independent_origins(kb, c)),
    Column("quantities", "Figures as measure=figure, separated by '; '.",
           lambda kb, c, u: _join([f"{q.measure}={views.format_quantity(q)}" for q in c.quantities]), True),
    Column("added", "Day the record was added.", lambda kb, c, u: c.added),
    Column("reviewed", "Day the record was last checked against its sources.", lambda kb, c, u: c.reviewed),
]


def _csv_line(values: list[object]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()


def csv_row(kb: KnowledgeBase, claim: Claim, site_url: str) -> str:
    """One claim's line of claims.csv."""
    row = []
    for col in CSV_COLUMNS:
        value = col.value(kb, claim, site_url)
        row.append(_cell(value) if col.free_text and isinstance(value, str) else value)
    return _csv_line(row)


def claims_csv(kb: KnowledgeBase, site_url: str, parts: Parts | None = None) -> str:
    lines = [_csv_line([col.name for col in CSV_COLUMNS])]
    for cid in sorted(kb.claims):
        claim = kb.claims[cid]
        lines.append(_part(parts, cid, "csv", lambda: csv_row(kb, claim, site_url)))  # noqa: B023
    return "".join(lines)


def _index_row(kb: KnowledgeBase, c: Claim) -> tuple[list[object], tuple[list[str], ...]]:
    """A claim's row of claims-index.json before records are replaced by their positions."""
    sources: list[str] = []
    for a in c.attributions:
        sources.extend(kb.chain(a.source, a.origin))
    ref = (list(c.weapon_systems), views.place_chain(kb, c.location.place),
           list(dict.fromkeys(a.claimant for a in c.attributions)), list(dict.fromkeys(sources)))
    e_start, e_end, _ = _span(c.event_date.value if c.event_date else None)
    fields = [
        c.id, c.title, c.kind.value, c.status.value.value,
        c.confidence.reliability.grade.value, c.confidence.credibility.grade,
        views.short_date(c.event_date.value if c.event_date else None), e_start, e_end,
        views.short_date(c.report_date.value),
    ]
    return fields, ref


def claims_index(kb: KnowledgeBase, parts: Parts | None = None, order: list[str] | None = None) -> str:
    """The compact table behind the claims index page's filters, newest report first.

    Rows name weapon systems, places, actors and sources by their position in `records`, which gives
    each one's id and name once for the whole file.
    """
    order = views.recent_first(kb) if order is None else order
    made = [_part(parts, cid, "index", lambda: _index_row(kb, kb.claims[cid])) for cid in order]  # noqa: B023
    used: dict[str, set[str]] = {"system": set(), "place": set(), "actor": set(), "source": set()}
    for _, ref in made:
        for kind, ids in zip(used, ref, strict=True):
            used[kind].update(ids)
    records = {kind: sorted(ids) for kind, ids in used.items()}
    position = {kind: {rid: i for i, rid in enumerate(ids)} for kind, ids in records.items()}
    rows = [[*fields, *([position[kind][rid] for rid in ids] for kind, ids in zip(used, ref, strict=True))]
            for fields, ref in made]
    return dumps({
        "columns": ["id", "title", "kind", "status", "reliability", "credibility", "event", "event_start",
                    "event_end", "report", "systems", "places", "actors", "sources"],
        "listed_statuses": sorted(views.LISTED_STATUSES),
        "paths": {kind: urls.index_path(kind) for kind in urls.SECTION},
        "records": {kind: [[rid, views.record_name(kb, kind, rid)] for rid in ids] for kind, ids in records.items()},
        "rows": rows,
    })
