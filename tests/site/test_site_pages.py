"""The sample site, built once with a real mkdocs build: every page a reader and a citer need."""

from __future__ import annotations

import csv
import html as html_module
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from claimbase import urls
from claimbase.checks import CHECKS


class _Text(HTMLParser):
    """The text of a page, and its elements with their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", "".join(parse(html).parts))


def test_every_claim_has_a_page_and_json(sample_site):
    claims = sorted(p.stem for p in (sample_site.root / "claims").glob("*.yaml"))
    assert len(claims) >= 10
    for cid in claims:
        assert (sample_site.site / urls.claim_path(cid) / "index.html").is_file(), cid
        data = json.loads((sample_site.site / urls.claim_json_path(cid)).read_text(encoding="utf-8"))
        assert data["id"] == cid
        assert data["url"].endswith("/" + urls.claim_path(cid))


def test_claim_page_shows_chain_quotes_confidence_and_dates(sample_site):
    html = sample_site.page("claims/dprk-to-strengthen-russian-armament/")
    text = text_of(html)
    # The chain is drawn claimant -> first publication -> relay -> the article we read.
    chain = re.findall(r'cb-chain__step--(\w+)', html)
    assert chain[:4] == ["claimant", "origin", "relay", "read"]
    assert "The New York Times" in text
    assert "Kyiv Post" in text
    assert 'lang="fr"' in html
    assert "Selon le New York Times, relayé par le journal anglais Kyiv Post" in text
    assert "According to the New York Times" in text
    assert "usually reliable" in text
    assert "probably true" in text
    assert "2 attributions, 1 independent line of reporting" in text
    assert "Attributions 1 and 2 share one line of reporting" in text
    data = json.loads((sample_site.site / urls.claim_json_path("dprk-to-strengthen-russian-armament")).read_text())
    assert data["independence"]["independent_lines"] == 1
    assert data["independence"]["lines"][0]["attributions"] == [1, 2]
    assert any("no earlier document named" in why for why in data["independence"]["lines"][0]["reasons"])
    assert 'href="../../methodology/#reliability"' in html


def test_month_precision_is_spelled_out(sample_site):
    text = text_of(sample_site.page("claims/mrl-122mm-sighted-kursk/"))
    assert "January 2025, approximate (month precision)" in text
    assert "somewhere in the region" in text


def test_interval_dates_are_spelled_out(sample_site):
    text = text_of(sample_site.page("claims/dprk-troops-kursk/"))
    assert "between October 2024 and January 2025 (interval precision)" in text


def test_cite_box(sample_site):
    html = sample_site.page("claims/kn-23-toropets-depot/")
    # the permalink field
    assert 'spellcheck="false">http://127.0.0.1:8000/claims/kn-23-toropets-depot/</textarea>' in html
    text = text_of(html)
    assert "Retrieved [date you accessed it], from http://127.0.0.1:8000/claims/kn-23-toropets-depot/" in text
    assert "@misc{claimbase-kn-23-toropets-depot," in text
    csl = re.search(r"<code data-cb-csl>(.*?)</code>", html, re.S).group(1)
    items = json.loads(html_module.unescape(csl))
    assert len(items) == 1  # CSL-JSON is an array of items
    item = items[0]
    assert item["type"] == "webpage"
    assert item["URL"].endswith("/claims/kn-23-toropets-depot/")
    assert item["issued"] == {"date-parts": [[2025, 1, 20]]}


def test_json_ld_claim_review(sample_site):
    html = sample_site.page("claims/dprk-to-strengthen-russian-armament/")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "ClaimReview"
    assert data["itemReviewed"]["@type"] == "Claim"
    assert {a["name"] for a in data["itemReviewed"]["author"]} == {"The New York Times", "Kyrylo Budanov"}
    rating = data["reviewRating"]
    # Credibility 2 (probably true) of the Admiralty scale 1 (best) .. 5, turned round: worst lowest.
    assert (rating["worstRating"], rating["ratingValue"], rating["bestRating"]) == (1, 4, 5)
    assert "probably true" in rating["alternateName"]
    assert data["datePublished"] == "2025-02-01"


def test_withdrawn_claim_is_a_noindex_tombstone(sample_site):
    html = sample_site.page("claims/dprk-factories-full-capacity/")
    assert '<meta name="robots" content="noindex">' in html
    text = text_of(html)
    assert "Withdrawn on 8 February 2025." in text
    assert "Recorded against the wrong claimant" in text
    assert "South Korean intelligence, as reported by CNN" in text  # what it said
    assert '<meta name="robots"' not in sample_site.page("claims/dprk-troops-kursk/")
    # Out of the default listing, findable with a status filter.
    listing = sample_site.page("claims/")
    assert "dprk-factories-full-capacity" not in listing
    index = json.loads((sample_site.site / "data/claims-index.json").read_text(encoding="utf-8"))
    assert "withdrawn" not in index["listed_statuses"]
    assert any(row[0] == "dprk-factories-full-capacity" and row[3] == "withdrawn" for row in index["rows"])


def test_superseded_claim_points_to_its_successor(sample_site):
    html = sample_site.page("claims/casualties-kursk-zelensky-3000/")
    banner = re.search(r'<div class="cb-banner cb-banner--superseded".*?</div>', html, re.S).group(0)
    assert 'href="../casualties-kursk-kyiv-3800/"' in banner
    assert "Superseded on 3 February 2025" in text_of(banner)


def test_merged_claim_redirects_to_survivor(sample_site):
    from claimbase.permanence import resolve_url

    html = (sample_site.site / "claims/dprk-troops-kursk-duplicate/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../dprk-troops-kursk/">' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/claims/dprk-troops-kursk/">' in html
    assert '<a href="../dprk-troops-kursk/">' in html
    assert resolve_url(sample_site.site, "claims/dprk-troops-kursk-duplicate/") == ("claims/dprk-troops-kursk/", "")


def test_contradictions_and_denials_are_prominent(sample_site):
    html = sample_site.page("claims/russia-used-dprk-munitions/")
    conflict = re.search(r'<div class="cb-banner cb-banner--conflict".*?</div>', html, re.S).group(0)
    assert "is denied by" in conflict
    assert "moscow-pyongyang-deny-arms-trade" in conflict


def test_claim_pages_stay_small(sample_site):
    for page in (sample_site.site / "claims").glob("*/index.html"):
        assert page.stat().st_size < 40_000, page


def test_claims_are_not_in_the_navigation(sample_site):
    for page in ("", "claims/kn-23-toropets-depot/"):
        nav = [a.get("href") for tag, a in parse(sample_site.page(page)).elements
               if tag == "a" and "md-nav__link" in (a.get("class") or "")]
        targets = {urls.relative(page, path) for path in urls.PAGES.values()}
        assert targets - {"#"} <= set(nav) | {"./"}, page
        assert not any(re.search(r"claims/[a-z0-9-]+/$", href or "") for href in nav), page


def test_no_search_plugin_and_no_external_resources(sample_site):
    assert not (sample_site.site / "search" / "search_index.json").exists()
    for page in sample_site.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag, attrs in parse(html).elements:
            for name in ("src", "href"):
                value = attrs.get(name) or ""
                if tag in ("script", "link", "img") and value.startswith(("http:", "https:", "//")):
                    assert (tag, attrs.get("rel")) == ("link", "canonical"), (page, tag, value)


def test_record_pages_list_their_claims(sample_site):
    system = text_of(sample_site.page("systems/kn-23/"))
    assert "Hwasong-11" in system
    assert "North Korean KN-23 missiles reported stored at the Toropets depot" in system
    region = sample_site.page("places/tver-oblast/")
    assert "kn-23-toropets-depot" in region  # claims at a town appear on its region
    assert "No coordinates recorded" in text_of(region)
    source = text_of(sample_site.page("sources/nyt-report/"))
    assert "Kyiv Post article relaying the New York Times" in source  # who relays it
    actor = text_of(sample_site.page("actors/kyrylo-budanov/"))
    assert "North Korea plans to strengthen Russia's armament" in actor
    assert 'href="../../claims/?place=kursk-oblast"' in sample_site.page("places/kursk-oblast/")


def test_disputed_figures_side_by_side(sample_site):
    html = sample_site.page("disputed/")
    section = re.search(r'<section class="cb-measure" id="measure-dprk-killed-wounded-kursk">.*?</section>', html, re.S)
    text = text_of(section.group(0))
    assert "3,800 soldiers" in text
    assert "more than 3,000 soldiers" in text
    assert "Government of Ukraine" in text
    assert "Volodymyr Zelensky" in text
    assert "the figures differ" in text


def test_a_claim_links_to_the_comparison_of_its_figure_only_where_there_is_one(sample_site):
    """The disputed-figures page sets side by side the figures two claims or more give; a claim page's
    figure links there only when its measure has a section (the link once led to a missing anchor)."""
    anchors = set(re.findall(r'id="(measure-[^"]+)"', sample_site.page("disputed/")))
    linked = unlinked = 0
    for page in (sample_site.site / "claims").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        for anchor in re.findall(r'disputed/#(measure-[^"]+)"', html):
            assert anchor in anchors, page
            linked += 1
        unlinked += html.count("No other claim gives one")
    assert linked >= 2
    assert unlinked >= 1


def test_timeline_never_gives_a_month_a_day(sample_site):
    html = sample_site.page("timeline/")
    item = re.search(r'<li class="cb-event cb-event--month">.*?mrl-122mm-sighted-kursk.*?</li>', html, re.S)
    assert item
    assert "January 2025, approximate" in text_of(item.group(0))
    assert "(month only)" in text_of(item.group(0))
    assert 'class="cb-event cb-event--interval"' in html


def test_map_is_a_static_svg_with_linked_markers(sample_site):
    html = sample_site.page("map/")
    svg = re.search(r"<svg class=\"cb-mapsvg\".*?</svg>", html, re.S).group(0)
    assert 'href="../places/kursk-oblast/"' in svg
    assert 'href="../places/toropets/"' in svg
    assert svg.count('class="cb-map__land"') > 5
    text = text_of(html)
    assert "Tver Oblast" in text
    assert "no coordinates" in text


def test_home_counts_and_recent_changes(sample_site):
    text = text_of(sample_site.page(""))
    assert "9 claims" in text
    assert "8 sources" in text
    assert "12 actors" in text
    assert "Not counted: 1 withdrawn and 1 merged claims" in text
    assert "reviewed: North Korean 122 mm rocket launchers" in text


def test_methodology_lists_every_check_from_the_code(sample_site):
    html = sample_site.page("methodology/")
    for check in CHECKS:
        assert f'id="check-{check.name}"' in html
        assert check.description.split(",")[0] in text_of(html)
    assert 'id="independence"' in html
    assert 'id="how-to-contribute"' in html
    assert "completely reliable" in text_of(html)
    assert "truth cannot be judged" in text_of(html)


def test_methodology_states_the_grading_method_the_checks_enforce(sample_site):
    """One written method: the page is made from the same rules (method.py, provenance.py) the checks use."""
    from claimbase import method

    text = text_of(sample_site.page("methodology/"))
    assert 'id="method"' in sample_site.page("methodology/")
    assert "Reliability grades the claimant" in text
    for rule in method.RELIABILITY_RULES:
        assert rule.who in text
        assert rule.why in text
    for part in method.INDEPENDENCE_RULE:
        assert part in text
    for meaning in method.QUALIFIER_MEANING.values():
        assert meaning in text
    assert "<!-- claimbase:" not in sample_site.page("methodology/")


def test_csv_is_flat_and_documented(sample_site):
    from claimbase.site.data import CSV_COLUMNS

    rows = list(csv.DictReader(io.StringIO((sample_site.site / "data/claims.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 11
    assert list(rows[0]) == [c.name for c in CSV_COLUMNS]
    row = next(r for r in rows if r["id"] == "dprk-troops-kursk")
    assert row["event_earliest"] == "2024-10-01"
    assert row["event_latest"] == "2025-01-31"
    assert json.loads(row["quantities"]) == ["dprk-troops-kursk=more than 10,000 soldiers"]
    assert (row["report_earliest"], row["report_latest"]) == ("2025-01-01", "2025-01-31")
    data_page = sample_site.page("data/")
    for column in CSV_COLUMNS:
        assert f"<code>{column.name}</code>" in data_page.replace("<wbr>", "")


def test_claims_json_and_schemas(sample_site):
    data = json.loads((sample_site.site / "data/claims.json").read_text(encoding="utf-8"))
    assert len(data) == 11  # a plain array: one row per claim in pandas and sqlite-utils
    for kind in ("claim", "source", "system", "place", "actor"):
        assert json.loads((sample_site.site / urls.schema_path(kind)).read_text(encoding="utf-8"))


def test_atom_feed(sample_site):
    root = ET.fromstring((sample_site.site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 11
    assert root.find("a:updated", ns).text.startswith("2025-02-12")
    first = entries[0]
    assert first.find("a:id", ns).text == "http://127.0.0.1:8000/claims/mrl-122mm-sighted-kursk/"
    assert first.find("a:updated", ns).text.startswith("2025-02-12")


def test_search_index_covers_claims_and_records_with_every_name(sample_site):
    """Pagefind indexes the claim and record pages only; a claim page carries the names of what it names."""
    entry = json.loads((sample_site.site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    from claimbase.pipeline import load_knowledge_base

    kb = load_knowledge_base(sample_site.root)
    records = sum(len(kb.records[kind]) for kind in ("system", "place", "actor"))  # not sources
    merged = sum(1 for c in kb.claims.values() if c.status.value.value == "merged")
    assert entry["languages"]["en"]["page_count"] == len(kb.claims) - merged + records
    html = sample_site.page("claims/kn-23-toropets-depot/")
    assert "data-pagefind-body" in html
    assert 'data-pagefind-filter="claim:yes"' in html
    terms = re.search(r'<div class="cb-search-terms" hidden data-pagefind-weight="2">(.*?)</div>', html).group(1)
    for name in ("Hwasong-11", "KN-23", "Toropets", "Tver Oblast", "région de Tver"):
        assert name in terms
    assert "data-pagefind-body" in sample_site.page("places/kursk-oblast/")
    assert "data-pagefind-body" not in sample_site.page("sources/seed-toropets/")
    assert "data-pagefind-body" not in sample_site.page("claims/")  # listings are not search results
    for unused in ("pagefind-ui.js", "pagefind-component-ui.js"):
        assert not (sample_site.site / "pagefind" / unused).exists()
    assert not (sample_site.site / "data/search-index.json").exists()
