"""Build the site: validate, generate the docs folder, build it with an engine, then the post-build steps.

    load -> validate -> link -> check        (pipeline.load_knowledge_base)
         -> generate the docs folder         (generate.generate_docs: pages, data files)
         -> the engine builds the site       (engines.mkdocs | engines.zensical)
         -> after_build(site_dir)            (steps on the built folder, whatever the engine)
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..kb import KnowledgeBase
from ..pipeline import load_knowledge_base
from ..problems import ClaimbaseError, Problems, ProblemsFound
from . import engines, versions
from .engines import CONFIG, REPO
from .engines.mkdocs import load_config, settings_from
from .generate import GenerateResult, generate_docs

__all__ = ["CONFIG", "HAND_DOCS", "REPO", "BuildFailed", "after_build", "build_kb", "build_site",
           "default_docs_dir", "hand_docs_for", "load_config", "run_mkdocs", "settings_from", "source_date_epoch"]
from .search import Indexing, SearchDocs, index_site  # noqa: F401 - index_site for callers

HAND_DOCS = REPO / "docs"


def default_docs_dir(root: Path) -> Path:
    """Where the pages of the knowledge base at `root` are generated: <root>/build/docs (gitignored)."""
    return Path(root).resolve() / "build" / "docs"


class BuildFailed(ClaimbaseError):
    """The engine reported warnings or errors while building the generated pages."""


def source_date_epoch(root: Path, kb: KnowledgeBase | None = None) -> str:
    """The time of the commit being built, or else the latest day a record was reviewed: never the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                             text=True, timeout=20, check=False)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    from datetime import UTC, datetime

    days = [c.reviewed for c in kb.claims.values()] if kb else []
    latest = max(days) if days else "1970-01-01"
    return str(int(datetime.fromisoformat(latest).replace(tzinfo=UTC).timestamp()))


@contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def run_mkdocs(config, *, dirty: bool = False, serve_url: str | None = None) -> list[str]:  # noqa: ANN001
    """`mkdocs build` with `config`; what MkDocs warned about (see `engines.mkdocs.run`)."""
    from .engines import mkdocs

    return mkdocs.run(config, dirty=dirty, serve_url=serve_url)


def build_site(root: Path, site_dir: Path, *, docs_dir: Path | None = None, nav_all_claims: bool = False,
               engine: str = engines.DEFAULT) -> GenerateResult:
    """Validate the knowledge base at `root` and build its site into `site_dir`."""
    engines.get(engine)  # before the records are read: a missing engine is said at once
    kb = load_knowledge_base(root)
    return build_kb(kb, root, site_dir, docs_dir=docs_dir, nav_all_claims=nav_all_claims, engine=engine)


def hand_docs_for(root: Path) -> Path:
    """The hand-written pages: the knowledge base's own docs/, or else this repository's."""
    own = Path(root) / "docs"
    return own if own.is_dir() or own.is_symlink() else HAND_DOCS


def theme_link_problems() -> list:
    """Symbolic links in this repository's docs/ and overrides/ (the engine copies the theme's files into
    the site): refused like those of the records (`reading.input_link_problems`)."""
    from ..reading import input_link_problems

    return input_link_problems(REPO, ("docs", "overrides"))


def build_kb(kb: KnowledgeBase, root: Path, site_dir: Path, *, docs_dir: Path | None = None,
             nav_all_claims: bool = False, workers: int | None = None, fast: bool = True,
             engine: str = engines.DEFAULT, search: bool = True) -> GenerateResult:
    """Generate the pages of `kb` and build them with `engine` ("mkdocs" or "zensical").

    `fast` applies the engine's speed-ups (same output, less time and memory); `workers` is the number
    of build processes where the engine can share the pages out (default: chosen by the engine).
    The search index is made while the engine builds: the generator leaves aside what Pagefind indexes
    of each page, Pagefind starts on it as soon as the pages are generated, and its bundle is put into
    the built site afterwards (`search.Indexing`). `search=False` leaves the index out (the benchmark
    measures what it adds).
    """
    adapter = engines.get(engine)
    docs_dir = (docs_dir or default_docs_dir(root)).resolve()
    site_dir = site_dir.resolve()
    links = theme_link_problems()
    if links:
        raise ProblemsFound(Problems(links))
    with _env("SOURCE_DATE_EPOCH", source_date_epoch(root, kb)), \
            tempfile.TemporaryDirectory(prefix="claimbase-search-docs-") as tmp:
        staged = versions.site_only_dir(docs_dir)
        started: list[Indexing] = []
        search_docs = SearchDocs(Path(tmp), _language(), on_complete=lambda: started.append(
            Indexing.start(Path(tmp), site_dir.parent))) if search else None
        try:
            result = generate_docs(kb, docs_dir, engines.site_settings(), hand_docs=hand_docs_for(root),
                                   search_docs=search_docs, site_only=staged)
        except BaseException:
            for indexing in started:
                indexing.cancel()
            raise
        indexing = started[0] if started else None
        extra_nav = [{"All claims": list(result.claim_pages)}] if nav_all_claims else None
        pages = sum(1 for p in result.written if p.endswith(".md"))
        try:
            messages = adapter.build(docs_dir, site_dir, extra_nav=extra_nav, fast=fast, workers=workers,
                                     pages=pages)
        except BaseException:
            if indexing:
                indexing.cancel()
            raise
        if messages:
            if indexing:
                indexing.cancel()
            raise BuildFailed(f"{adapter.NAME} warned while building:\n  " + "\n  ".join(messages))
        if indexing:
            indexing.finish(site_dir)
            result.search_seconds, result.search_waited = indexing.seconds, indexing.waited
        after_build(site_dir, staged)
    return result


def _language() -> str:
    """The site's language (mkdocs.yml `theme.language`): the language Pagefind stems the pages in."""
    theme = engines.read_config().get("theme") or {}
    return str(theme.get("language") or "en") if isinstance(theme, dict) else "en"


def after_build(site_dir: Path, staged: Path | None = None) -> None:
    """Steps on the built site folder, the same whatever the engine: each is one call here, given the
    folder the engine wrote. (The search index is made beside the engine's build: see `build_kb`.)"""
    if staged is not None:  # the generated files that are not pages, written straight for the site
        versions.publish(staged, site_dir)
