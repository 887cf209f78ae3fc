"""Build the site: validate, generate the docs folder, then run a real `mkdocs build` over it."""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..kb import KnowledgeBase
from ..pipeline import load_knowledge_base
from ..problems import ClaimbaseError
from .generate import GenerateResult, SiteSettings, generate_docs
from .search import index_site

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "mkdocs.yml"
HAND_DOCS = REPO / "docs"


def default_docs_dir(root: Path) -> Path:
    """Where the pages of the knowledge base at `root` are generated: <root>/build/docs (gitignored)."""
    return Path(root).resolve() / "build" / "docs"


class BuildFailed(ClaimbaseError):
    """MkDocs reported warnings or errors while building the generated pages."""


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


def load_config(docs_dir: Path, site_dir: Path | None = None, **overrides: object):  # noqa: ANN201
    """The MkDocs configuration from mkdocs.yml, pointed at `docs_dir` (which must exist)."""
    from mkdocs.config import load_config as mkdocs_load_config

    docs_dir.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, object] = {"config_file": str(CONFIG), "docs_dir": str(docs_dir), **overrides}
    if site_dir is not None:
        kwargs["site_dir"] = str(site_dir)
    return mkdocs_load_config(**kwargs)


def settings_from(config) -> SiteSettings:  # noqa: ANN001 - mkdocs MkDocsConfig
    extra = config.extra or {}
    site_url = config.site_url or "http://127.0.0.1:8000/"
    return SiteSettings(
        site_name=config.site_name,
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        repo_url=config.repo_url or None,
        repo_branch=str(extra.get("repo_branch") or "main"),
    )


def run_mkdocs(config, *, dirty: bool = False, serve_url: str | None = None) -> list[str]:  # noqa: ANN001
    """`mkdocs build` with `config`; returns what MkDocs warned about (see `speed.Warnings`)."""
    from mkdocs.commands.build import build as mkdocs_build

    from .speed import Warnings

    warnings = Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        mkdocs_build(config, dirty=dirty, serve_url=serve_url)
    finally:
        logger.removeHandler(warnings)
    return warnings.messages


def build_site(root: Path, site_dir: Path, *, docs_dir: Path | None = None, nav_all_claims: bool = False) -> None:
    """Validate the knowledge base at `root` and build its site into `site_dir`."""
    kb = load_knowledge_base(root)
    build_kb(kb, root, site_dir, docs_dir=docs_dir, nav_all_claims=nav_all_claims)


def build_kb(kb: KnowledgeBase, root: Path, site_dir: Path, *, docs_dir: Path | None = None,
             nav_all_claims: bool = False, workers: int | None = None, fast: bool = True) -> GenerateResult:
    """Generate the pages of `kb` and build them with MkDocs.

    `fast` applies `speed.BuildHelper` and the sidebar cache (same output, less time and memory);
    `workers` is the number of build processes (default: 2 on a large site where fork exists).
    """
    import shutil

    from . import speed

    docs_dir = (docs_dir or default_docs_dir(root)).resolve()
    site_dir = site_dir.resolve()
    with _env("SOURCE_DATE_EPOCH", source_date_epoch(root, kb)):
        config = load_config(docs_dir, site_dir)
        result = generate_docs(kb, docs_dir, settings_from(config), hand_docs=HAND_DOCS)
        if nav_all_claims:
            config.nav = [*config.nav, {"All claims": list(result.claim_pages)}]
        dirty = False
        if fast:
            workers = workers or speed.default_workers(sum(1 for p in result.written if p.endswith(".md")))
            speed.enable(config, workers)
            if workers > 1:
                dirty = True  # each process skips the files another one writes; so start from nothing
                shutil.rmtree(site_dir, ignore_errors=True)
        messages = run_mkdocs(config, dirty=dirty)
        if messages:
            raise BuildFailed("MkDocs warned while building:\n  " + "\n  ".join(messages))
        index_site(site_dir)  # full-text search over the built pages (claimbase/site/search.py)
    return result
