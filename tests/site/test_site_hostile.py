"""A site built from hostile records: every field's markup, templates and includes appear as text, and
nothing of them becomes an element, an attribute, a link or a script."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html import escape
from html.parser import HTMLParser

import pytest

from claimbase.pipeline import load_knowledge_base

HOSTILE = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "hostile"

URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "content")


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.problems: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._buffer: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name.lower() in URL_ATTRS and value:
                squashed = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
                if squashed.startswith(("javascript:", "vbscript:", "data:text")) or "javascript:" in squashed.split(
                        "url=")[-1][:11]:
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = dict(attrs)
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._buffer)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._buffer.append(data)
        else:
            self.text.append(data)


def scan(path) -> _Scan:  # noqa: ANN001
    parser = _Scan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def baseline(sample_site):
    """What the theme and our templates produce from harmless records: tags, inline scripts, script files."""
    tags: set[str] = set()
    inline: set[str] = set()
    files: set[str] = set()
    for page in sample_site.site.rglob("*.html"):
        result = scan(page)
        tags |= result.tags
        for attrs, body in result.scripts:
            if attrs.get("src"):
                files.add(attrs["src"].rsplit("/", 1)[-1])
            elif attrs.get("type") != "application/ld+json":
                inline.add(body.strip())
    return tags, inline, files


def test_hostile_records_validate():
    """The records are valid: the validator does not stand between hostile text and the pages."""
    assert load_knowledge_base(HOSTILE).claims


def test_no_element_attribute_or_script_comes_from_a_record(hostile_site, baseline):
    tags, inline, files = baseline
    pages = list(hostile_site.site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        result = scan(page)
        assert not result.problems, (page, result.problems)
        assert result.tags <= tags | {"html", "head", "body", "meta", "title", "link"}, (page, result.tags - tags)
        for attrs, body in result.scripts:
            if attrs.get("src"):
                assert attrs["src"].rsplit("/", 1)[-1] in files, (page, attrs)
            elif attrs.get("type") == "application/ld+json":
                assert "<" not in body
                assert ">" not in body
                json.loads(body)
            else:
                assert body.strip() in inline, (page, body[:200])


def _text(page) -> str:  # noqa: ANN001
    return "".join(scan(page).text)


def test_hostile_text_appears_as_text(hostile_site):
    kb = load_knowledge_base(hostile_site.root)
    for cid in ("evil-claim-0", "evil-claim-1", "evil-claim-3", "evil-withdrawn", "evil-superseded"):
        claim = kb.claims[cid]
        page = hostile_site.site / "claims" / cid / "index.html"
        html = page.read_text(encoding="utf-8")
        text = _text(page)
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert title.startswith(escape(claim.title, quote=True)), title
        assert claim.title in text  # the <h1>, as text
        assert claim.statement in text  # newlines, Markdown and all
        assert claim.attributions[0].quote in text
        jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        assert json.loads(jsonld)["claimReviewed"] == claim.statement


def test_hostile_title_in_head_is_escaped(hostile_site):
    html = (hostile_site.site / "claims/evil-claim-0/index.html").read_text(encoding="utf-8")
    head = html.split("</head>")[0]
    assert head.count("<title>") == 1
    assert head.count("</title>") == 1
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<svg onload" not in html


def test_hostile_names_in_navigation_listings_and_indexes(hostile_site):
    kb = load_knowledge_base(hostile_site.root)
    names = [c.title for c in kb.claims.values()] + [r.name for r in (*kb.systems.values(), *kb.places.values(),
                                                                     *kb.actors.values())]
    for listing in ("", "systems/", "places/", "actors/", "sources/", "claims/", "disputed/", "timeline/", "map/"):
        text = _text(hostile_site.site / listing / "index.html")
        assert any(name in text for name in names), listing
    # The full-text index holds the hostile title as text: Pagefind's excerpts and meta are escaped, and
    # the search page keeps only <mark> from them (tests/browser/test_browser_search.py).
    assert (hostile_site.site / "pagefind" / "pagefind-entry.json").is_file()
    assert not (hostile_site.site / "data" / "search-index.json").exists()
    index = json.loads((hostile_site.site / "data/claims-index.json").read_text(encoding="utf-8"))
    assert kb.claims["evil-claim-0"].title in [r[1] for r in index["rows"]]


def test_hostile_feed_and_csv(hostile_site):
    kb = load_knowledge_base(hostile_site.root)
    root = ET.fromstring((hostile_site.site / "feed.xml").read_bytes())
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert kb.claims["evil-claim-0"].title in titles
    rows = list(csv.DictReader(io.StringIO((hostile_site.site / "data/claims.csv").read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["id"] == "evil-claim-0")
    assert row["title"] == "'" + kb.claims["evil-claim-0"].title  # a formula is not run by a spreadsheet
    assert row["statement"] == "'" + kb.claims["evil-claim-0"].statement


def test_only_http_links_are_written(hostile_site):
    for page in hostile_site.site.rglob("*.html"):
        for match in re.finditer(r'href="([^"]*)"', page.read_text(encoding="utf-8")):
            href = match.group(1)
            scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", href)
            assert scheme is None or scheme.group(1) in ("http", "https"), (page, href)


def test_hostile_urls_stay_inside_their_attribute(hostile_site):
    html = (hostile_site.site / "sources/evil-source/index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/x&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
