"""docs/ copied into the generated folder (the home and methodology pages get their generated blocks),
and the files copied as they are: the site's assets and the JSON Schemas."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ... import method, urls
from ...checks import CHECKS
from ...layout import FOLDERS
from .. import views
from ..render import Links, markdown_page
from ..writer import TreeWriter
from .context import PageContext

ASSETS = Path(__file__).resolve().parents[1] / "assets"
RECENT_LIMIT = 10
PLACEHOLDER = "<!-- claimbase:{} -->"


def home_blocks(ctx: PageContext, path: str) -> dict[str, str]:
    kb = ctx.kb
    live = sum(1 for c in kb.claims.values() if c.status.value.value in views.LISTED_STATUSES)
    def changed(cid: str) -> tuple[str, str]:
        c = kb.claims[cid]
        return (max(c.added, c.reviewed), cid)
    recent = sorted(kb.claims, key=changed, reverse=True)[:RECENT_LIMIT]
    links = Links(path)
    counts = Counter(c.status.value.value for c in kb.claims.values())
    return {
        "stats": ctx.renderer.render("home_stats.html", links=links, live=live, counts=counts),
        "recent": ctx.renderer.render("home_recent.html", links=links, recent=ctx.claim_rows(recent)),
    }


def methodology_blocks(ctx: PageContext, path: str) -> dict[str, str]:
    links = Links(path)
    return {
        "statuses": ctx.renderer.render("method_statuses.html", links=links),
        "admiralty": ctx.renderer.render("method_admiralty.html", links=links),
        "checks": ctx.renderer.render("method_checks.html", links=links, checks=CHECKS),
        "grading": ctx.renderer.render("method_grading.html", links=links, method=method),
    }


def copy_schemas(ctx: PageContext, writer: TreeWriter) -> None:
    schemas = ctx.kb.layout.schemas
    for kind in FOLDERS:
        schema = schemas / f"{kind}.schema.json"
        if schema.is_file():
            writer.write(urls.schema_path(kind), schema.read_bytes())


def copy_assets(writer: TreeWriter) -> None:
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file() and path.suffix in (".js", ".css", ".svg"):
            writer.write(urls.asset_path(path.relative_to(ASSETS).as_posix()), path.read_bytes())


def hand_written(ctx: PageContext, writer: TreeWriter) -> None:
    """Copy docs/ into the generated folder, filling the placeholders of the home and methodology pages."""
    blocks: dict[str, dict[str, str]] = {
        "index.md": home_blocks(ctx, urls.page_path("home")),
        "methodology.md": methodology_blocks(ctx, urls.page_path("methodology")),
    }
    seen = set()
    hand_docs = ctx.hand_docs
    if hand_docs and hand_docs.is_dir():
        for path in sorted(hand_docs.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            rel = path.relative_to(hand_docs).as_posix()
            if rel in writer.written:
                continue  # generated pages win over a stray hand-written file of the same name
            seen.add(rel)
            content = path.read_bytes()
            if rel in blocks:
                text = content.decode("utf-8")
                for name, block in blocks[rel].items():
                    text = text.replace(PLACEHOLDER.format(name), block.strip())
                content = text.encode("utf-8")
            writer.write(rel, content)
    for rel, parts in blocks.items():
        if rel not in seen:
            title = "Home" if rel == "index.md" else "Methodology"
            writer.write(rel, markdown_page({"title": title}, "\n\n".join(parts.values()), wrap=False))
