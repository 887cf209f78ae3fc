"""Shared fixtures: the sample and hostile sites, built once per test session, and a local server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SAMPLE = TESTS / "fixtures" / "sample"
HOSTILE = TESTS / "fixtures" / "hostile"


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    site: Path
    docs: Path

    def page(self, path: str) -> str:
        """The HTML of a site-relative page path such as "claims/x/"."""
        return (self.site / path / "index.html").read_text(encoding="utf-8")


def _build(root: Path, out: Path, engine: str = "mkdocs") -> BuiltSite:
    from claimbase.site.build import build_site

    build_site(root, out / "site", docs_dir=out / "docs", engine=engine)
    return BuiltSite(root, out / "site", out / "docs")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site of tests/fixtures/sample, built once per session (per worker) with a real mkdocs build."""
    return _build(SAMPLE, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site of tests/fixtures/hostile: every text field holds markup, templates or includes."""
    return _build(HOSTILE, tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def real_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltSite]:
    """The real dataset built once per session with each engine: {"mkdocs": ..., "zensical": ...}. The
    tests that use it are in one xdist group (tests/site/test_engines.py), so Zensical builds it once."""
    return {engine: _build(REPO, tmp_path_factory.mktemp(f"real-{engine}"), engine)
            for engine in ("mkdocs", "zensical")}


@pytest.fixture(scope="session")
def sample_server(sample_site: BuiltSite) -> Iterator[str]:
    """The sample site served over HTTP on a random localhost port; yields its base URL."""
    from benchmarks.browser import static_server

    with static_server(sample_site.site) as url:
        yield url
