"""The sample site as a reader uses it, in headless Chromium: every test fails on a console error or on
any request that leaves the machine (the `page` fixture blocks and records them)."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_home_to_claim_with_citation_and_json(page, sample_server):
    p = page.page
    p.goto(sample_server)
    assert "9" in p.locator(".cb-stats__list").inner_text()
    p.locator(".cb-recent__list a", has_text="North Korean 122 mm rocket launchers").click()
    p.wait_for_url(re.compile(r"/claims/mrl-122mm-sighted-kursk/$"))
    assert p.locator("h1").first.inner_text().startswith("North Korean 122 mm rocket launchers")
    cite = p.locator("[data-cb-cite]")
    assert cite.locator(".cb-permalink").input_value() == "http://127.0.0.1:8000/claims/mrl-122mm-sighted-kursk/"
    apa = cite.locator(".cb-cite__apa").inner_text()
    assert "[date you accessed it]" not in apa
    assert re.search(r"Retrieved [A-Z][a-z]+ \d{1,2}, \d{4}, from http", apa)
    cite.locator("summary", has_text="CSL-JSON").click()
    csl = json.loads(cite.locator("[data-cb-csl]").inner_text())
    assert len(csl) == 1  # CSL-JSON is an array of items
    assert len(csl[0]["accessed"]["date-parts"][0]) == 3
    cite.locator("summary", has_text="BibTeX").click()
    assert re.search(r"urldate = \{\d{4}-\d{2}-\d{2}\}", cite.locator(".cb-cite__bibtex").inner_text())
    with p.expect_response(re.compile(r"/data/claims/mrl-122mm-sighted-kursk\.json$")) as response:
        p.locator("a", has_text="This claim as JSON").click()
    data = response.value.json()
    assert data["id"] == "mrl-122mm-sighted-kursk"
    assert data["weapon_systems"] == ["mrl-122mm"]


def test_only_the_home_page_announces_the_feed_and_claim_pages_skip_the_sitemap(page, sample_server):
    p = page.page
    fetched: list[str] = []
    p.on("request", lambda request: fetched.append(request.url))
    p.goto(sample_server + "claims/mrl-122mm-sighted-kursk/")
    p.wait_for_load_state("networkidle")
    assert p.locator("link[type='application/atom+xml']").count() == 0
    assert not [url for url in fetched if url.endswith("/sitemap.xml")]
    p.goto(sample_server)
    feed = p.locator("link[rel=alternate][type='application/atom+xml']")
    assert feed.get_attribute("href") == "feed.xml"


def _count(p) -> int:  # noqa: ANN001
    return int(p.locator("#cb-count").get_attribute("data-count"))


def test_filter_claims_by_weapon_system_keeps_it_in_the_url(page, sample_server):
    p = page.page
    p.goto(sample_server + "claims/")
    p.wait_for_selector("#cb-filters:not([hidden])")
    assert _count(p) == 9
    p.select_option("#cb-filters select[name=system]", "kn-23")
    assert _count(p) == 1
    assert "system=kn-23" in p.url
    assert p.locator("#cb-claims-table tbody tr").count() == 1
    assert "Toropets" in p.locator("#cb-claims-table tbody").inner_text()
    p.reload()
    p.wait_for_selector("#cb-filters:not([hidden])")
    assert p.locator("#cb-filters select[name=system]").input_value() == "kn-23"
    assert _count(p) == 1
    # A shared link with other filters: withdrawn claims appear only when asked for.
    p.goto(sample_server + "claims/?status=withdrawn")
    p.wait_for_selector("#cb-filters:not([hidden])")
    assert _count(p) == 1
    assert "full capacity" in p.locator("#cb-claims-table tbody").inner_text()
    p.goto(sample_server + "claims/?place=kursk-oblast&from=2025-01&to=2025-01")
    p.wait_for_selector("#cb-filters:not([hidden])")
    assert _count(p) == 4  # overlapping January 2025: the month, the approximate month and two periods
    p.goto(sample_server + "claims/?system=kn-23")
    p.wait_for_selector("#cb-filters:not([hidden])")
    p.locator("#cb-claims-table tbody a", has_text="KN-23 missiles").click()
    p.wait_for_url(re.compile(r"/claims/kn-23-toropets-depot/$"))


def test_sort_and_back_button(page, sample_server):
    p = page.page
    p.goto(sample_server + "claims/")
    p.wait_for_selector("#cb-filters:not([hidden])")
    p.locator("th[data-sort=title]").click()
    assert "sort=title" in p.url
    first = p.locator("#cb-claims-table tbody tr").first.inner_text()
    assert first.split("\t")[1].startswith("Kim is preparing")
    p.select_option("#cb-filters select[name=kind]", "casualties")
    assert _count(p) == 2
    p.go_back()
    assert "kind=" not in p.url
    assert _count(p) == 9


@pytest.mark.parametrize(("query", "claim"), [
    ("Hwasong-11", "kn-23-toropets-depot"),
    ("hwasong 11", "kn-23-toropets-depot"),
    ("Koursk", "mrl-122mm-sighted-kursk"),
    ("BM-11", "mrl-122mm-sighted-kursk"),
])
def test_search_an_alias_lands_on_the_claim(page, sample_server, query, claim):
    p = page.page
    p.goto(sample_server + "search/")
    p.fill("#cb-q", query)
    link = p.locator(f'#cb-results a[href$="claims/{claim}/"]')
    link.wait_for()
    p.wait_for_url(re.compile(r"\?q=" + re.escape(query.replace(" ", "%20")) + "$"))  # a shareable search
    link.click()
    p.wait_for_url(re.compile(rf"/claims/{claim}/$"))
    assert p.locator(".cb-claim").count() == 1


def test_map_works_offline(page, sample_server):
    p = page.page
    p.goto(sample_server + "map/")
    svg = p.locator("svg.cb-mapsvg")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box["width"] > 600
    assert box["height"] > 150
    p.locator('svg.cb-mapsvg a[href$="places/toropets/"]').click()
    p.wait_for_url(re.compile(r"/places/toropets/$"))
    assert "North Korean KN-23 missiles" in p.locator(".cb-record").inner_text()


def test_every_top_level_page_loads_without_errors(page, sample_server):
    p = page.page
    for path in ("", "claims/", "systems/", "places/", "actors/", "sources/", "disputed/", "timeline/", "map/",
                 "search/", "data/", "methodology/", "about/", "claims/dprk-factories-full-capacity/",
                 "sources/seed-rocket-trucks/", "actors/kyrylo-budanov/", "systems/kn-23/", "places/kursk-oblast/"):
        response = p.goto(sample_server + path)
        assert response.ok, path
        p.wait_for_load_state("networkidle")
        assert p.locator("h1").count() >= 1, path


def test_merged_claim_redirects_in_the_browser(page, sample_server):
    p = page.page
    p.goto(sample_server + "claims/dprk-troops-kursk-duplicate/")
    p.wait_for_url(re.compile(r"/claims/dprk-troops-kursk/$"))
    assert "More than 10,000" in p.locator("h1").first.inner_text()


def test_claim_page_on_a_phone(phone_page, sample_server):
    p = phone_page.page
    p.goto(sample_server + "claims/dprk-to-strengthen-russian-armament/")
    width = p.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
