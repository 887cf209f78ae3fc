"""Claim pages, and the redirect left at the URL of a merged claim."""

from __future__ import annotations

from ... import urls
from .. import cite, views, vocab
from ..exports import registry as exports
from ..render import Links, safe_href
from ..writer import TreeWriter
from .context import PageContext


def claim_sources(ctx: PageContext, cid: str) -> list[tuple[str, str]]:
    """The records a claim page is made from (see `PageMemo`)."""
    kb, c = ctx.kb, ctx.kb.claims[cid]
    deps = [("claim", cid)] + [("claim", r.claim) for r in c.relations]
    deps += [("claim", other) for _, other in kb.related_from.get(cid, [])]
    deps += [("claim", other) for other in ctx.supersedes.get(cid, [])]
    deps += [("claim", x) for x in (c.status.superseded_by, c.status.merged_into) if x]
    deps += [("system", s) for s in c.weapon_systems]
    deps += [("place", p) for p in views.place_chain(kb, c.location.place)]
    for a in c.attributions:
        deps.append(("actor", a.claimant))
        for sid in kb.chain(a.source, a.origin):
            deps.append(("source", sid))
            source = kb.sources.get(sid)
            if source and source.publisher:
                deps.append(("actor", source.publisher))
    return deps


def claim_key(ctx: PageContext, cid: str) -> tuple:
    """What a claim's page and data are made from: see `PageMemo`."""
    deps = claim_sources(ctx, cid)
    # Whether another claim gives a figure of the same measure: the page links to the comparison then.
    compared = tuple(q.measure in ctx.compared for q in ctx.kb.claims[cid].quantities)
    return (ctx.s, ctx.versions.head, tuple(deps), tuple(ctx.stamp(*d) for d in deps), compared)


def use_memo(ctx: PageContext, ids: list[str]) -> None:
    """Take from the memo the parts of every claim whose key has not changed; forget the others."""
    assert ctx.memo is not None
    kept = {}
    for cid in ids:
        key = claim_key(ctx, cid)
        hit = ctx.memo.claims.get(cid)
        kept[cid] = hit if hit is not None and hit[0] == key else (key, {})
        ctx.parts[cid] = kept[cid][1]
    ctx.memo.claims = kept


def write_claim_page(ctx: PageContext, writer: TreeWriter, cid: str) -> None:
    parts = ctx.parts.setdefault(cid, {})
    path = urls.claim_path(cid)
    if ctx.memo is not None and parts.get("page") and writer.keep(urls.page_source(path)):
        ctx.memo.reused += 1
        return
    writer.write(*claim_page(ctx, cid))
    parts["page"] = True
    if ctx.memo is not None:
        ctx.memo.count_made(path)


def claim_page(ctx: PageContext, cid: str) -> tuple[str, str]:
    kb, c = ctx.kb, ctx.kb.claims[cid]
    view = views.ClaimView(kb, c, supersedes=ctx.supersedes.get(cid))
    path = urls.claim_path(cid)
    permalink = urls.absolute(ctx.s.site_url, path)
    citation = cite.cite_claim(c, permalink, ctx.s.site_name, version=ctx.versions.version_for_cite(cid))
    claimants = []
    for a in c.attributions:
        if a.role.value == "first-publisher":
            continue  # the outlet that first published someone else's claim is not its author
        actor = kb.actors.get(a.claimant)
        item = (actor.name if actor else a.claimant, actor.type.value if actor else "organisation")
        if item not in claimants:
            claimants.append(item)
    appearances, first = [], None
    for a in view.attributions:
        read = a.links[-1]
        appearance = (read.title, safe_href(read.url), read.published)
        if appearance not in appearances:
            appearances.append(appearance)
        if first is None and len(a.links) > 1:
            first = (a.links[0].title, safe_href(a.links[0].url), a.links[0].published)
    rating = (f"Source reliability {c.confidence.reliability.grade.value} "
              f"({vocab.RELIABILITY[c.confidence.reliability.grade.value]}); information credibility "
              f"{c.confidence.credibility.grade} ({vocab.CREDIBILITY[c.confidence.credibility.grade]})")
    jsonld = cite.claim_review(c, permalink, ctx.s.site_name, ctx.s.site_url, claimants, appearances,
                               first, rating)
    return ctx.render_page(
        path, "claim.html", c.title, description=c.statement, noindex=view.is_withdrawn,
        meta=exports.link_preview(c.title, c.statement, permalink, ctx.s.site_name),
        c=c, view=view, citation=citation, jsonld=jsonld,
        edit_url=ctx.edit_url("claim", cid), report_url=ctx.report_url("claim", cid, c.title),
        version_now=ctx.versions.current(cid), compared=ctx.compared,
    )


def redirect_page(ctx: PageContext, cid: str) -> tuple[str, str]:
    """A merged duplicate: a static page at its URL that sends readers to the surviving claim."""
    c = ctx.kb.claims[cid]
    target = c.status.merged_into
    path = urls.claim_path(cid)
    body = ctx.renderer.render(
        "redirect.html", links=Links(path), c=c, kind="claim", target=target,
        target_title=views.record_name(ctx.kb, "claim", target),
        canonical=urls.absolute(ctx.s.site_url, urls.claim_path(target)))
    return path + "index.html", body
