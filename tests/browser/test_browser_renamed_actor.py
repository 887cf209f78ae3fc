"""In Chromium, the old address of a renamed actor lands on its new page. The site is the session's
`real_sites` (tests/conftest.py), shared with tests/site/test_engines.py in one xdist group."""

from __future__ import annotations

import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("engines")]


@pytest.fixture(scope="module")
def server(real_sites):  # noqa: ANN001
    from benchmarks.browser import static_server

    with static_server(real_sites["mkdocs"].site) as url:
        yield url


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium (`make test` installs it)")
def test_the_old_url_of_a_renamed_actor_lands_on_its_new_page(server, page) -> None:  # noqa: ANN001
    base, p = server.rstrip("/") + "/", page.page
    p.goto(base + "actors/unnamed-site-seed-001/")
    p.wait_for_url(base + "actors/unnamed-site-toropets-depot-article/", timeout=10_000)
    assert p.locator("article").count() == 1
    assert "Toropets" in p.locator("h1").first.inner_text()
