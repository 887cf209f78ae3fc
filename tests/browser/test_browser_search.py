"""Full-text search (Pagefind) on the real dataset, as a journalist on deadline uses it: a pasted
headline, a name in another spelling or script, a French word from a quote, a weapon designation, a
figure. Each query must put the claim sought in the top 3."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REPO = Path(__file__).resolve().parents[2]

QUERIES = [
    # pasted headlines (not the claim's own title)
    ("North Korean KN-23 missiles found at Toropets", "kn-23-stocks-toropets-depot-2024-09"),
    ("Ukraine shoots down five North Korean missiles heading for Kyiv",
     "five-dprk-missiles-shot-down-near-kyiv-2024-12"),
    ("Putin and Kim sign mutual defence treaty", "russia-dprk-mutual-support-treaty-2024-06"),
    ("Kim Jong Un orders mass production of suicide drones", "kim-calls-mass-production-suicide-drones-2024-11"),
    ("Russia buying millions of rockets and artillery shells from North Korea",
     "russia-buying-dprk-rockets-shells-2022-09"),
    ("North Korean rocket launchers disguised as civilian trucks spotted in Kursk", "bm-11-mrl-sighted-kursk-2025-01"),
    # another spelling or script
    ("Zelenskyy world does nothing", "zelensky-world-does-practically-nothing-2024-12"),
    ("Zelenskiy 3000 casualties", "dprk-casualties-kursk-zelensky-3000-2024-12"),
    ("Toropets huge explosion drones", "toropets-depot-strike-2024-09"),
    ("Торопец", ("toropets-depot-strike-2024-09", "kn-23-stocks-toropets-depot-2024-09",
                 "dprk-missiles-found-toropets-depot-2024-09", "icbm-found-toropets-depot-2024-09",
                 "iskander-s-300-stored-toropets-depot-2024-09")),
    ("Пхеньян парад", "bm-11-type-shown-pyongyang-parade-2023-09"),
    ("김정은 푸틴 treaty", "russia-dprk-mutual-support-treaty-2024-06"),
    ("Koursk 10000 soldats", "dprk-troops-deployed-kursk-2024-10"),
    # French words from quotes
    ("pratiquement rien", "zelensky-world-does-practically-nothing-2024-12"),
    ("abritait", "kn-23-stocks-toropets-depot-2024-09"),
    ("obus d'artillerie millions", "russia-buying-dprk-rockets-shells-2022-09"),
    ("massacre drones suicides", "ukrainian-drone-videos-dprk-soldiers-killed"),
    # a French word after an elided article, typed alone ("l’Extrême-Orient russe", "l’Allemagne nazie")
    ("Extrême-Orient", "kim-visits-russian-far-east-meets-putin-2023-09"),
    ("Allemagne", "dprk-soldiers-at-victory-day-parade-2025-forecast"),
    # weapon designations
    ("Hwasong-11", "kn-23-stocks-toropets-depot-2024-09"),
    ("KN23", "kn-23-stocks-toropets-depot-2024-09"),
    ("BM-11", "bm-11-mrl-sighted-kursk-2025-01"),
    ("Mohajer-6", "russia-technical-problems-iranian-drones-2022"),
    ("Koksan 170 mm", "koksan-170mm-supplied-to-russia"),
    ("Iskander S-300 Toropets", "iskander-s-300-stored-toropets-depot-2024-09"),
    # figures
    ("11,000 soldiers", "dprk-troops-in-russia-11000-2024-12"),
    ("3,800 killed and wounded", "dprk-casualties-kursk-kyiv-3800-2025"),
    ("300 killed 2,700 wounded", "dprk-casualties-kursk-seoul-estimate-2025"),
    # a bare topic word
    ("ammunition containers", "dprk-munitions-shipped-to-russia-in-containers"),
]


@pytest.fixture(scope="module")
def search_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from benchmarks.browser import static_server
    from claimbase.site.build import build_site

    out = tmp_path_factory.mktemp("real-search")
    build_site(REPO, out / "site", docs_dir=out / "docs")
    with static_server(out / "site") as url:
        yield url


def _results(p, query: str | None = None) -> list[str]:  # noqa: ANN001
    """The claims shown, once the search for `query` (or the one under way) has drawn its last results:
    the page draws the first results before the others, so `data-count` alone can be the previous query's."""
    if query is None:
        p.wait_for_selector("#cb-search-count[data-done]")
    else:
        p.wait_for_function("q => document.getElementById('cb-search-count').dataset.done === q", arg=query)
    return [re.sub(r"^.*/claims/([^/]+)/$", r"\1", h) for h in
            p.eval_on_selector_all("#cb-results a.cb-result__title", "els => els.map(e => e.href)")]


def test_at_least_twenty_realistic_queries_put_the_claim_in_the_top_three(page, search_server):  # noqa: ANN001
    assert len(QUERIES) >= 20
    for _, claims in QUERIES:
        for claim in [claims] if isinstance(claims, str) else claims:
            assert (REPO / "claims" / f"{claim}.yaml").is_file()
    p = page.page
    p.goto(search_server + "search/")
    misses = []
    for query, claim in QUERIES:
        p.fill("#cb-q", query)
        p.press("#cb-q", "Enter")
        top = _results(p, query)[:3]
        if not set(top) & ({claim} if isinstance(claim, str) else set(claim)):
            misses.append(f"{query!r}: {claim} not in {top}")
    assert misses == [], "\n".join(misses)


def test_search_from_the_header_of_a_claim_page_lands_on_a_shareable_url(page, search_server):  # noqa: ANN001
    p = page.page
    p.goto(search_server + "claims/putin-visits-north-korea-2024-06/")
    p.fill("#cb-header-q", "Торопец")
    p.press("#cb-header-q", "Enter")
    p.wait_for_url(re.compile(r"/search/\?q=%D0%A2"))
    assert all("toropets" in c for c in _results(p)[:3])
    # The URL is the search: opened afresh, it shows the same results, with grade, status and date.
    url = p.url
    p.goto(url)
    first = p.locator("#cb-results li").first
    first.wait_for()
    text = first.inner_text()
    assert re.search(r"\b[A-F][1-6]\b", text)
    assert "Event:" in text
    assert first.locator(".cb-status").count() == 1
    assert first.locator("mark").count() >= 1
    assert p.input_value("#cb-header-q") == "Торопец"


def test_claims_come_before_records_and_results_are_text_not_markup(page, search_server):  # noqa: ANN001
    p = page.page
    p.goto(search_server + "search/?q=Toropets")
    claims = _results(p)
    assert claims
    assert all("/" not in c for c in claims[:3])
    records = p.locator("#cb-record-results li")
    assert records.count() >= 1
    box = p.locator("#cb-results").bounding_box()
    assert box["y"] < p.locator("#cb-record-results").bounding_box()["y"]
    # Only <mark> is kept from an excerpt.
    assert p.locator("#cb-results script, #cb-results img, #cb-results iframe").count() == 0


def test_home_page_has_a_search_box_above_the_fold(phone_page, search_server):  # noqa: ANN001
    p = phone_page.page
    p.goto(search_server)
    box = p.locator("#cb-home-q").bounding_box()
    assert box is not None
    assert box["y"] + box["height"] < 844
    p.fill("#cb-home-q", "Hwasong-11")
    p.press("#cb-home-q", "Enter")
    p.wait_for_url(re.compile(r"/search/\?q=Hwasong-11$"))
    assert "kn-23-stocks-toropets-depot-2024-09" in _results(p)[:3]


# --- The other ways in: the 404 page, the map and the timeline, on the same real site ------------------


def test_the_404_page_offers_search_and_the_indexes(page, search_server):  # noqa: ANN001
    p = page.page
    p.goto(search_server + "404.html")  # what the host serves at any missing address (links from the site root)
    for index in ("claims/", "systems/", "places/", "actors/", "sources/", "disputed/", "timeline/", "map/"):
        assert p.locator(f'.cb-404 a[href$="/{index}"]').count() == 1, index
    p.fill("#cb-404-q", "Hwasong-11")
    p.press("#cb-404-q", "Enter")
    p.wait_for_url(re.compile(r"/search/\?q=Hwasong-11$"))
    assert "kn-23-stocks-toropets-depot-2024-09" in _results(p)[:3]


def _boxes_overlap(a: dict, b: dict, halo: float = 2.0) -> bool:
    """Whether two labels' letters overlap: their boxes less the light outline drawn around the letters."""
    return (a["x"] + halo < b["x"] + b["width"] - halo and b["x"] + halo < a["x"] + a["width"] - halo
            and a["y"] + halo < b["y"] + b["height"] - halo and b["y"] + halo < a["y"] + a["height"] - halo)


def test_the_map_keeps_labels_apart_explains_countries_and_announces_links(page, search_server):  # noqa: ANN001
    p = page.page
    p.goto(search_server + "map/")
    svg = p.locator("svg.cb-mapsvg")
    assert svg.get_attribute("role") != "img"  # its links are reachable and announced, not hidden in an image
    labels = p.locator("svg.cb-mapsvg text.cb-map__label")
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    assert len(boxes) >= 10
    clashes = [(i, j) for i in range(len(boxes)) for j in range(i) if _boxes_overlap(boxes[i], boxes[j])]
    assert clashes == [], [(labels.nth(i).inner_html(), labels.nth(j).inner_html()) for i, j in clashes]
    moscow = p.locator('svg a[href$="places/moscow/"]')
    assert re.match(r"Moscow: \d+ claims?$", moscow.get_attribute("aria-label"))
    assert p.locator('svg a[href$="places/red-square/"]').count() == 1
    note = p.locator("#not-drawn").inner_text()
    assert "Russia" in note
    assert "a whole country" in note
    # Tab reaches a marker.
    moscow.focus()
    assert p.evaluate("document.activeElement.getAttribute('href')").endswith("places/moscow/")


def test_north_korea_is_in_view_on_a_phone(phone_page, search_server):  # noqa: ANN001
    p = phone_page.page
    p.goto(search_server + "map/")
    assert p.evaluate("document.documentElement.scrollWidth") <= 390
    marker = p.locator('svg a[href$="places/north-korea/"] circle').bounding_box()
    assert marker is not None
    assert marker["x"] >= 0
    assert marker["x"] + marker["width"] <= 390
    assert p.locator('svg a[href$="places/north-korea/"] text.cb-map__label--phone').is_visible()


def test_the_timeline_says_where_undated_claims_are_and_bars_lead_to_claims(page, search_server):  # noqa: ANN001
    p = page.page
    p.goto(search_server + "timeline/")
    undated = p.locator("#undated")
    assert "no event date" in undated.inner_text()
    undated.locator("a").click()
    p.wait_for_url(re.compile(r"/claims/\?sort=event$"))
    p.wait_for_selector("#cb-filters:not([hidden])")
    assert p.locator("#cb-claims-table tbody tr td").first.inner_text() == "—"
    p.goto(search_server + "timeline/")
    bars = p.locator("svg.cb-chart__svg a.cb-chart__bar")
    assert bars.count() >= 5
    bar = bars.last
    label = bar.get_attribute("aria-label")
    assert re.match(r"[A-Z][a-z]+ \d{4}: \d+ claimed events?$", label)
    href = bar.get_attribute("href")
    bar.click()
    if href.startswith("#"):
        assert p.locator(href).is_visible()
    else:
        p.wait_for_url(re.compile(r"/claims/\?from="))


def test_a_pasted_headline_marks_its_words_in_the_excerpt(page, search_server):  # noqa: ANN001
    """A claim found word by word comes with Pagefind's excerpt for one of the words; the page marks
    the other words of the query where they occur, as text (a query's markup stays text)."""
    p = page.page
    query = "Ukraine shoots down five North Korean missiles heading for Kyiv"
    p.goto(search_server + "search/")
    p.fill("#cb-q", query)
    p.press("#cb-q", "Enter")
    assert _results(p, query)[0] == "five-dprk-missiles-shot-down-near-kyiv-2024-12"
    marks = {m.lower() for m in p.locator("#cb-results li:first-child mark").all_text_contents()}
    assert {"down", "five", "heading", "kyiv"} <= marks
    hostile = "<img src=x onerror=alert(1)> Kyiv"
    p.fill("#cb-q", hostile)
    p.press("#cb-q", "Enter")
    _results(p, hostile)
    assert p.locator("#cb-results img").count() == 0
    assert "kyiv" in {m.lower() for m in p.locator("#cb-results mark").all_text_contents()}
