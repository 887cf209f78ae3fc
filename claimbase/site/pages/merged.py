"""The redirect left at the URL of a record renamed or merged into another (`models.Mergeable`).

A tombstone has no page of its own and is listed nowhere: its URL, which stays published for ever
(permalinks.txt), holds a static page that sends readers to its successor.
"""

from __future__ import annotations

from ... import urls
from .. import views
from ..render import Links
from .context import PageContext

KIND_NAMES = {"claim": "claim", "source": "source", "system": "weapon system", "place": "place", "actor": "actor"}


def items(ctx: PageContext) -> list[str]:
    """The work items ("merged:<kind>:<id>") of every tombstone, for `generate.py`."""
    return [f"merged:{kind}:{rid}" for kind, by_id in sorted(ctx.kb.merged.items()) for rid in sorted(by_id)]


def redirect_page(ctx: PageContext, item: str) -> tuple[str, str]:
    """The static page at a tombstone's URL that sends readers to the record that replaced it."""
    kind, _, rid = item.partition(":")
    record = ctx.kb.merged[kind][rid].model
    target = record.merged_into
    path = urls.record_path(kind, rid)
    body = ctx.renderer.render(
        "redirect.html", links=Links(path), c=None, kind=kind, kind_name=KIND_NAMES.get(kind, kind),
        record=record, target=target, target_title=views.record_name(ctx.kb, kind, target),
        canonical=urls.absolute(ctx.s.site_url, urls.record_path(kind, target)))
    return path + "index.html", body
