"""The reader's journey on the real dataset, the site people cite: not only on the sample fixture."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from benchmarks.browser import static_server
    from claimbase.site.build import build_site

    out = tmp_path_factory.mktemp("real")
    build_site(REPO, out / "site", docs_dir=out / "docs")
    with static_server(out / "site") as url:
        yield url


@pytest.mark.parametrize(("query", "claim"), [
    ("Hwasong-11", "kn-23-stocks-toropets-depot-2024-09"),
    ("Koursk", "bm-11-mrl-sighted-kursk-2025-01"),
])
def test_alias_search_on_the_real_data(page, real_server, query, claim):  # noqa: ANN001
    p = page.page
    p.goto(real_server + "search/")
    p.fill("#cb-q", query)
    link = p.locator(f'#cb-results a[href$="claims/{claim}/"]')
    link.wait_for()
    link.click()
    p.wait_for_url(re.compile(rf"/claims/{claim}/$"))
    assert "Cite this claim" in p.content()


def test_filter_real_claims_by_weapon_system(page, real_server):  # noqa: ANN001
    p = page.page
    p.goto(real_server + "claims/")
    p.wait_for_selector("#cb-filters:not([hidden])")
    everything = int(p.locator("#cb-count").get_attribute("data-count"))
    p.select_option("#cb-filters select[name=system]", "bm-11-122mm-mrl")
    filtered = int(p.locator("#cb-count").get_attribute("data-count"))
    assert 0 < filtered < everything
    assert "system=bm-11-122mm-mrl" in p.url
    p.reload()
    p.wait_for_selector("#cb-filters:not([hidden])")
    assert int(p.locator("#cb-count").get_attribute("data-count")) == filtered


def test_every_real_claim_page_opens_without_console_errors(page, real_server):  # noqa: ANN001
    p = page.page
    for path in sorted((REPO / "claims").glob("*.yaml")):
        p.goto(real_server + f"claims/{path.stem}/")
        assert p.locator("h1").count() >= 1


def test_claim_whose_attributions_share_one_line_says_so(page, real_server):  # noqa: ANN001
    """The Toropets finding: the page's headline restates the Newsweek report it relays (issue 10)."""
    p = page.page
    p.goto(real_server + "claims/dprk-missiles-found-toropets-depot-2024-09/")
    lines = p.locator("#lines")
    assert lines.is_visible()
    text = " ".join(lines.inner_text().split())
    assert "2 attributions, 1 independent line of reporting" in text
    assert "Attributions 1 and 2 share one line of reporting" in text
    assert "#2 restates, in the outlet's own voice, #1" in text
    # The attribution that repeats the other says so where it is drawn.
    assert "restates, in its own voice, attribution 1" in " ".join(p.locator("#attribution-2").inner_text().split())
    # And the claim's JSON publishes the same groups.
    url = "../../data/claims/dprk-missiles-found-toropets-depot-2024-09.json"
    data = p.evaluate("async (url) => (await (await fetch(url)).json())", url)
    assert data["independence"]["independent_lines"] == 1
    assert data["independence"]["lines"][0]["attributions"] == [1, 2]


def test_first_publisher_is_not_an_author_of_the_claim(page, real_server):  # noqa: ANN001
    """'First reported by the New York Times' does not make the NYT a claimant (issue 10)."""
    import json

    p = page.page
    p.goto(real_server + "claims/russia-buying-dprk-rockets-shells-2022-09/")
    data = json.loads(p.locator('script[type="application/ld+json"]').first.text_content())
    authors = {a["name"] for a in data["itemReviewed"]["author"]}
    assert "The New York Times" not in authors
    assert "US intelligence services" in authors
    text = " ".join(p.locator("#attribution-2").inner_text().split())
    assert "first published what is asserted in attribution 1" in text
    assert "OUTLET" in text.upper()
