"""Under each engine, the real dataset's pages work in Chromium: no console error, scripts run. The site
is the session's `real_sites` (tests/conftest.py), shared with tests/site/test_engines.py in one xdist
group, so Zensical builds it once."""

from __future__ import annotations

import shutil

import pytest

from claimbase.pipeline import load_knowledge_base

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("engines")]

PAGES = ["", "claims/", "systems/", "places/", "actors/", "sources/", "disputed/", "timeline/", "map/",
         "search/?q=Kursk", "data/", "methodology/", "about/"]


@pytest.fixture(scope="module")
def servers(real_sites):  # noqa: ANN001
    from contextlib import ExitStack

    from benchmarks.browser import static_server

    with ExitStack() as stack:
        yield {engine: stack.enter_context(static_server(site.site)) for engine, site in real_sites.items()}


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium (`make test` installs it)")
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_pages_work_in_chromium_under_each_engine(engine, servers, real_sites, page):  # noqa: ANN001
    """A sample of pages: no console error (the `page` fixture fails on one), scripts run."""
    base, p = servers[engine], page.page
    kb = load_knowledge_base(real_sites[engine].root)
    claims = sorted(kb.claims)
    sample = [*PAGES, *(f"claims/{cid}/" for cid in claims[:: max(1, len(claims) // 6)]),
              f"systems/{sorted(kb.systems)[0]}/", f"places/{sorted(kb.places)[0]}/"]
    for path in sample:
        response = p.goto(base + path, wait_until="load")
        assert response is not None, path
        assert response.status == 200, path
        assert p.locator("article").count() == 1, path
    p.goto(base + "claims/")
    p.wait_for_function("document.getElementById('cb-count').hasAttribute('data-count')")
    assert int(p.get_attribute("#cb-count", "data-count")) > 0
    p.goto(base + "search/?q=Kursk")
    p.locator("#cb-results li").first.wait_for()
