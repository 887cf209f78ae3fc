"""The pages that list many records: the four listings, the claims index, disputed figures, the
timeline, the map, and the search and data pages."""

from __future__ import annotations

from collections import Counter, defaultdict

from ... import urls
from ...dates import parse_edtf
from ...kb import KnowledgeBase
from ...layout import FOLDERS
from ...models import Status
from .. import data, mapsvg, views
from ..exports import registry as exports
from .context import LIST_LIMIT, PageContext

TIMELINE_LIMIT = 500
DISPUTED_LIMIT = 50
"""Figures shown per measure on the disputed-figures page: the most recent ones."""

SECTION_TITLES = {"system": "Weapon systems", "place": "Places", "actor": "Actors", "source": "Sources"}


def listing_page(ctx: PageContext, kind: str, title: str) -> tuple[str, str]:
    kb = ctx.kb
    by = kb.claims_by(kind)
    rows = sorted(kb.records[kind], key=lambda rid: views.record_name(kb, kind, rid).casefold())
    counts = {rid: len(by.get(rid, [])) for rid in rows}
    return ctx.render_page(urls.index_path(kind), "listing.html", title, kind=kind, rows=rows,
                           counts=counts)


def claims_index_page(ctx: PageContext) -> tuple[str, str]:
    kb = ctx.kb
    listed = [cid for cid in views.recent_first(kb) if kb.claims[cid].status.value.value in views.LISTED_STATUSES]
    return ctx.render_page(
        urls.page_path("claims"), "claims_index.html", "Claims",
        claims=ctx.claim_rows(listed[:LIST_LIMIT]), listed_total=len(listed), total=len(kb.claims))


def disputed_page(ctx: PageContext) -> tuple[str, str]:
    kb = ctx.kb
    groups: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for cid in sorted(kb.claims):
        c = kb.claims[cid]
        if c.status.value in (Status.merged, Status.withdrawn):
            continue
        for q in c.quantities:
            groups[q.measure].append((cid, q))
    disputed = []
    for measure in sorted(groups):
        if measure not in ctx.compared:
            continue
        items = groups[measure]
        figures = {views.format_quantity(q) for _, q in items}
        items.sort(key=lambda item: (
            parse_edtf(item[1].as_of.value).earliest.isoformat() if item[1].as_of else
            parse_edtf(kb.claims[item[0]].report_date.value).earliest.isoformat(), item[0]))
        disputed.append((measure, items[0][1].label, items[-DISPUTED_LIMIT:], len(figures) > 1, len(items)))
    return ctx.render_page(urls.page_path("disputed"), "disputed.html", "Disputed figures", groups=disputed)


def timeline_page(ctx: PageContext) -> tuple[str, str]:
    kb = ctx.kb
    dated = [cid for cid, c in kb.claims.items()
             if c.event_date and c.status.value.value in views.LISTED_STATUSES]
    dated.sort(key=lambda cid: (parse_edtf(kb.claims[cid].event_date.value).earliest,
                                parse_edtf(kb.claims[cid].event_date.value).latest, cid), reverse=True)
    undated = sum(1 for c in kb.claims.values()
                  if not c.event_date and c.status.value.value in views.LISTED_STATUSES)
    shown = dated[:TIMELINE_LIMIT]
    # Group by the year and month the date starts in; month- and year-only dates are never given a day.
    years: dict[int, dict[int | None, list[str]]] = {}
    for cid in shown:
        d = parse_edtf(kb.claims[cid].event_date.value)
        month = d.start.month if d.precision in ("day", "month") else None
        years.setdefault(d.start.year, {}).setdefault(month, []).append(cid)
    chart = timeline_chart(kb, dated)
    return ctx.render_page(urls.page_path("timeline"), "timeline.html", "Timeline", years=years,
                           shown=len(shown), total=len(dated), undated=undated, chart=chart)


def timeline_chart(kb: KnowledgeBase, ids: list[str]) -> dict[str, object] | None:
    """Claims per month, split by how precise their event date is: a month-only date is not a day."""
    if not ids:
        return None
    per_month: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for cid in ids:
        d = parse_edtf(kb.claims[cid].event_date.value)
        start = d.earliest
        kind = "day" if d.precision == "day" else "month" if d.precision == "month" else "wider"
        per_month[(start.year, start.month)][kind] += 1
    first, last = min(per_month), max(per_month)
    months = []
    y, m = first
    while (y, m) <= last and len(months) < 240:
        months.append(((y, m), per_month.get((y, m), Counter())))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    peak = max(sum(c.values()) for _, c in months) or 1
    return {"months": months, "peak": peak}


def map_page(ctx: PageContext) -> tuple[str, str]:
    kb = ctx.kb
    rows = []
    points = []
    for pid in sorted(kb.places, key=lambda p: kb.places[p].name.casefold()):
        count = len(kb.claims_by_place.get(pid, []))
        place = kb.places[pid]
        rows.append((pid, count))
        if place.coordinates and count:
            points.append((pid, place.name, place.coordinates.lat, place.coordinates.lon, count,
                           place.coordinates.precision))
    drawing = mapsvg.draw_map(points)
    return ctx.render_page(urls.page_path("map"), "map.html", "Map", rows=rows, drawing=drawing)


def search_page(ctx: PageContext) -> tuple[str, str]:
    return ctx.render_page(urls.page_path("search"), "search.html", "Search")


def data_page(ctx: PageContext) -> tuple[str, str]:
    return ctx.render_page(urls.page_path("data"), "data.html", "Data", columns=data.CSV_COLUMNS,
                           kinds=list(FOLDERS), claim_example=next(iter(sorted(ctx.kb.claims)), None),
                           **exports.data_page_context(ctx.kb, ctx.s.site_url))


PAGES = {"claims": claims_index_page, "disputed": disputed_page, "timeline": timeline_page,
         "map": map_page, "search": search_page, "data": data_page}
"""The site-wide pages of this family by name (`generate.SITE_WIDE`), besides the four listings."""
