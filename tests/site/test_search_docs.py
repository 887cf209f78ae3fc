"""What the build gives Pagefind to index, and the common words the search page leaves out of queries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimbase.pipeline import load_knowledge_base
from claimbase.site import search

ROOT = Path(__file__).resolve().parents[2]


def test_search_document_keeps_the_text_and_drops_the_labels():
    page = ('<html lang="en"><body><article><div class="cb" data-pagefind-body data-cb-status="Reported">'
            '<h1>KN-23 found at Toropets</h1><dl><dt>Event date</dt><dd>March 2022 '
            '<span class="cb-precision">(month precision)</span></dd></dl>'
            '<h2 id="attributions">Who says so</h2><p class="cb-attribution__number">Attribution 1</p>'
            '<figure><figcaption>Quote (<span>fr</span>)</figcaption><blockquote lang="fr">Un dépôt</blockquote>'
            '</figure><ul data-pagefind-ignore><li>chain</li></ul>'
            '<div data-pagefind-ignore="all">cite box</div></div></article><footer>theme</footer></body></html>')
    doc = search.search_document(page, "en")
    assert doc.startswith('<!doctype html><html lang="en">')
    for kept in ("KN-23 found at Toropets", "March 2022", "Un dépôt", 'data-pagefind-body'):
        assert kept in doc
    for dropped in ("Event date", "month precision", "Who says so", "Attribution 1", "Quote (", "chain",
                    "cite box", "theme"):
        assert dropped not in doc
    assert search.search_document("<p>data-pagefind-body in text</p>", "en") is None
    assert search.search_document("<html><body><p>no index</p></body></html>", "en") is None


def test_search_docs_write_at_the_page_path_and_complete_once(tmp_path):
    calls = []
    docs = search.SearchDocs(tmp_path, "fr\"><script>", on_complete=lambda: calls.append(1))
    assert docs.lang == "en"  # not a language tag: never written into the document
    docs.add("claims/x/", '<div data-pagefind-body><h1>x</h1></div>')
    docs.add("claims/", "<p>a listing</p>")
    assert (tmp_path / "claims/x/index.html").is_file()
    assert sum(1 for _ in tmp_path.rglob("index.html")) == 1  # the page with a searchable element only
    docs.complete()
    docs.complete()
    assert calls == [1]
    with pytest.raises(RuntimeError, match="generate.SEARCHED"):  # Pagefind has started without it
        docs.add("claims/y/", '<div data-pagefind-body><h1>y</h1></div>')
    docs.add("claims/", "<p>a listing</p>")  # not searched: nothing to miss


def test_fold_matches_the_search_page():
    assert search.fold("Dément") == "dement"
    assert search.fold("ТОРОПЕЦ") == "торопец"
    assert search.fold("Kursk") == "kursk"


@pytest.fixture(scope="module")
def real_kb():
    return load_knowledge_base(ROOT)


def test_common_words_of_the_real_dataset(real_kb):
    common = search.common_words(real_kb)
    assert {"the", "north", "korean"} <= set(common)
    for rare in ("toropets", "kn-23", "kursk", "dement"):
        assert rare not in common
    claims = [c for c in real_kb.claims.values() if c.status.value.value != "merged"]
    for word in common[:10]:  # each held by a fifth of the claims or more
        held = sum(1 for c in claims if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", search.fold(
            " ".join([c.title, c.statement, c.notes or ""] + [t for a in c.attributions
                                                              for t in (a.quote, a.translation, a.note or "")]))))
        assert held >= 0.2 * len(claims)


def test_search_page_carries_the_common_words(sample_site):
    html = sample_site.page("search/")
    found = re.search(r'data-common="([^"]*)"', html)
    assert found
    assert "north" in found.group(1).split()
