"""The pages of weapon systems, places, actors and sources: the record, and the claims that name it."""

from __future__ import annotations

from ... import urls
from .. import views
from ..writer import TreeWriter
from .context import LIST_LIMIT, PageContext


def record_page(ctx: PageContext, kind: str, rid: str, writer: TreeWriter | None = None) -> tuple[str, str] | None:
    """The page of a weapon system, place, actor or source; None when the memo shows that the page
    `writer` wrote in an earlier run is still right (it is then kept)."""
    kb = ctx.kb
    claim_ids = kb.claims_by(kind).get(rid, [])
    ordered = sorted((cid for cid in claim_ids if cid in ctx.listed), key=ctx.rank.__getitem__)
    extra: dict[str, object] = {}
    related: list[tuple[str, str]] = []  # the other records the page names
    if kind == "place":
        extra["inside"] = ctx.children["place"].get(rid, [])
        extra["regions"] = views.place_chain(kb, rid)[1:]
        related += [("place", p) for p in (*extra["inside"], *extra["regions"])]
    if kind == "source":
        extra["relayed_by"] = sorted(kb.relayed_by.get(rid, []))
        related += [("source", s) for s in (*extra["relayed_by"], *kb.sources[rid].relays)]
        related += [("actor", kb.sources[s].publisher) for s in extra["relayed_by"] if kb.sources[s].publisher]
        if kb.sources[rid].publisher:
            related.append(("actor", kb.sources[rid].publisher))
    if kind == "actor":
        extra["published"] = sorted(kb.published_by.get(rid, []))[:LIST_LIMIT]
        extra["published_total"] = len(kb.published_by.get(rid, []))
        extra["members"] = ctx.children["actor"].get(rid, [])
        related += [("source", s) for s in extra["published"]] + [("actor", a) for a in extra["members"]]
        if kb.actors[rid].affiliation:
            related.append(("actor", kb.actors[rid].affiliation))
    listed = ordered[:LIST_LIMIT]
    path = urls.record_path(kind, rid)
    key = None
    if ctx.memo is not None:
        deps = [(kind, rid), *related]
        for cid in listed:
            c = kb.claims[cid]
            deps.append(("claim", cid))
            deps += [("system", s) for s in c.weapon_systems]
            if c.location.place:
                deps.append(("place", c.location.place))
        key = (ctx.s, len(ordered), tuple(deps), tuple(ctx.stamp(*d) for d in deps))
        if ctx.memo.pages.get(path) == key and writer is not None and writer.keep(urls.page_source(path)):
            ctx.memo.reused += 1
            return None
    name = views.record_name(kb, kind, rid)
    out = ctx.render_page(
        path, f"record_{kind}.html", name,
        r=kb.get(kind, rid), kind=kind, rid=rid, claims=ctx.claim_rows(listed), claims_total=len(ordered),
        filter_key=kind, edit_url=ctx.edit_url(kind, rid), report_url=ctx.report_url(kind, rid, name),
        **extra)
    if ctx.memo is not None:
        ctx.memo.pages[path] = key
        ctx.memo.count_made(path)
    return out
