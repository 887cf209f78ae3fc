"""Data for re-use and for the site's scripts: full JSON, flat CSV, per-claim JSON, compact indexes.

The CSV columns are defined once, with their descriptions, in `exports.tables`, and the Data page prints
that list; the other exports (record tables, SQLite, GeoJSON, data package) are in `exports`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .. import urls
from ..kb import KnowledgeBase
from ..models import Claim
from ..provenance import lines_json
from . import views
from .exports import tables


def dumps(data: object) -> str:
    """Compact, stable JSON (keys in model order), UTF-8, one trailing newline. Strict: NaN and
    Infinity are not JSON, and raise rather than be written (every JSON of the site goes through here
    or through `allow_nan=False`)."""
    return _COMPACT(data) + "\n"


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
"""json.dumps with the arguments of `dumps`, without making an encoder at each call."""


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


VersionFields = Callable[[str], dict[str, object]]
"""Claim id -> what its JSON says of its versions (`version`, `versions`; see site/versions.py)."""


def claim_record(kb: KnowledgeBase, claim: Claim, site_url: str,
                 versions: VersionFields | None = None) -> dict[str, object]:
    """The machine-readable claim: the record as written, plus its permalink (and its versions)."""
    data = claim.model_dump(mode="json", exclude_none=False)
    # Derived, not written in the record: the lines of reporting (issue 10, provenance.py).
    data["independence"] = lines_json(kb, claim)
    return {"url": urls.absolute(site_url, urls.claim_path(claim.id)), **(versions(claim.id) if versions else {}),
            **data}


def claim_json(kb: KnowledgeBase, claim: Claim, site_url: str, parts: Parts | None = None,
               versions: VersionFields | None = None) -> str:
    """The claim's own JSON file: `claim_record` as compact JSON."""
    return _part(parts, claim.id, "json", lambda: dumps(claim_record(kb, claim, site_url, versions)))


def claims_json(kb: KnowledgeBase, site_url: str, parts: Parts | None = None,
                versions: VersionFields | None = None) -> str:
    """Every claim's record, in id order, as one JSON array (what pandas.read_json and `sqlite-utils insert`
    read as one row per claim), one item per line; each item is the same bytes as the claim's own file."""
    items = [claim_json(kb, kb.claims[cid], site_url, parts, versions)[:-1] for cid in sorted(kb.claims)]
    return "[" + ",\n".join(items) + "]\n"


CSV_COLUMNS = tables.CLAIMS.columns
"""The columns of claims.csv (the claims table of every export)."""


def claims_csv(kb: KnowledgeBase, site_url: str, parts: Parts | None = None) -> str:
    return tables.csv_text(tables.CLAIMS, tables.Context(kb, site_url), parts)


def _index_row(kb: KnowledgeBase, c: Claim) -> tuple[list[object], tuple[list[str], ...]]:
    """A claim's row of claims-index.json before records are replaced by their positions."""
    sources: list[str] = []
    for a in c.attributions:
        sources.extend(kb.chain(a.source, a.origin))
    ref = (list(c.weapon_systems), views.place_chain(kb, c.location.place),
           list(dict.fromkeys(a.claimant for a in c.attributions)), list(dict.fromkeys(sources)))
    e_start, e_end, _ = (v or "" for v in tables.span(c.event_date.value if c.event_date else None))
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
