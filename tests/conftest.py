"""Shared fixtures: the sample and hostile sites, built once per test session, and a local server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis: `make test` runs a short pass (profile "ci"); `HYPOTHESIS_PROFILE=fuzz` a long session:
#   HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/fuzz tests/site/test_site_bibtex.py \
#       -p no:xdist --hypothesis-show-statistics -q
# docs/hostile-input.md records the figures of the session run that way.
settings.register_profile(
    "ci", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None, derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], database=None)
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")), deadline=None,
    suppress_health_check=list(HealthCheck), database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
