"""docs/ copied into the generated folder (the home and methodology pages get their generated blocks),
and the files copied as they are: the site's assets and the JSON Schemas."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from ... import method, reading, urls
from ...checks import CHECKS
from ...layout import FOLDERS
from ...problems import Problem, Problems, ProblemsFound
from .. import shadowing, views
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
        "search": ctx.renderer.render("home_search.html", links=links),
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
        if os.path.lexists(schema):
            try:
                writer.write(urls.schema_path(kind), reading.read_bytes(schema, reading.PAGE_BYTES))
            except reading.Unreadable as exc:
                raise ProblemsFound(Problems([reading.problem(f"schemas/{kind}.schema.json", exc)])) from None


def copy_assets(writer: TreeWriter) -> None:
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file() and path.suffix in (".js", ".css", ".svg"):
            writer.write(urls.asset_path(path.relative_to(ASSETS).as_posix()), path.read_bytes(), engine=True)


def hand_written(ctx: PageContext, writer: TreeWriter) -> list[str]:
    """Copy docs/ into the generated folder, filling the placeholders of the home and methodology pages;
    the files copied (relative to docs/)."""
    blocks: dict[str, dict[str, str]] = {
        "index.md": home_blocks(ctx, urls.page_path("home")),
        "methodology.md": methodology_blocks(ctx, urls.page_path("methodology")),
    }
    seen = set()
    hand_docs = ctx.hand_docs
    if hand_docs and hand_docs.is_dir():
        hand, problems = _hand_files(hand_docs)
        generated = set(writer.written)
        problems += shadowing.shadowing_problems(hand, generated)
        if problems:
            raise ProblemsFound(Problems(problems))
        for rel in hand:
            seen.add(rel)
            try:
                content = reading.read_bytes(hand_docs / rel, reading.PAGE_BYTES)
                if rel in blocks:
                    text = reading.decode(content)
                    for name, block in blocks[rel].items():
                        text = text.replace(PLACEHOLDER.format(name), block.strip())
                    content = text.encode("utf-8")
            except reading.Unreadable as exc:
                raise ProblemsFound(Problems([reading.problem(f"docs/{rel}", exc)])) from None
            writer.write(rel, content, engine=True)
    for rel, parts in blocks.items():
        if rel not in seen:
            title = "Home" if rel == "index.md" else "Methodology"
            writer.write(rel, markdown_page({"title": title}, "\n\n".join(parts.values()), wrap=False))
    return sorted(seen)


def _hand_files(folder: Path) -> tuple[list[str], list[Problem]]:
    """The files of docs/ (relative, sorted; dot-files left out), and a problem for each symbolic link."""
    files: list[str] = []
    problems: list[Problem] = []
    if folder.is_symlink():
        return [], [Problem("docs", 0, 0, "", "is a symbolic link: links are never followed",
                            "make docs/ a plain folder of the repository")]
    pending = [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                rel = Path(entry.path).relative_to(folder).as_posix()
                if entry.name.startswith("."):
                    continue
                if entry.is_symlink():
                    problems.append(Problem(f"docs/{rel}", 0, 0, "", "is a symbolic link: links are never followed",
                                            "replace the link by a plain file or folder"))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files.append(rel)
    return sorted(files), problems
