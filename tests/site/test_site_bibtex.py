"""The BibTeX citation of a claim, read by two real BibTeX parsers: no title can break it.

BibTeX counts every brace, escaped or not: a title with `}` used to close the entry early and add an
entry of the attacker's choosing to a reader's bibliography. Here every title Hypothesis can make gives
exactly one entry, with its author, year, month, URL and note intact, with and without the access date.
"""

from __future__ import annotations

import re
from datetime import date

import bibtexparser
import pybtex.database
from hypothesis import example, given
from hypothesis import strategies as st

from claimbase.site.cite import bibtex_entry, bibtex_escape, bibtex_urldate

URL = "https://kb.example/claims/x/"
AUTHOR = "DPRK → Russia claims"
NOTE = "Claim record x, last reviewed 2026-11-26"
ATTACKS = [
    "}, author = {Mallory}, year = {1999}}\n@misc{evil, title = {Injected}, url = {https://evil.example/}",
    "Unbalanced { brace", "Unbalanced } brace", "\\}\\}\\} escaped", "\\", "\\{", "@comment{", "%}",
    "\"quoted\" title", "a # b", "{{{{", "}}}}", "\\url{https://evil.example/}", "\\input{/etc/passwd}",
    "Title\r\nwith\tcontrols\x00\x1b", "\u202eRTL override\u2066", "a" * 3000,
]


def entry(title: str, accessed: date | None) -> str:
    before, after = bibtex_entry("claimbase-x", title, AUTHOR, date(2026, 11, 26), URL, NOTE)
    return before + (bibtex_urldate(accessed) if accessed else "") + after


def check_pybtex(text: str, title: str, accessed: date | None) -> None:
    data = pybtex.database.parse_string(text, "bibtex")
    assert list(data.entries) == ["claimbase-x"]
    fields = data.entries["claimbase-x"].fields
    assert " ".join(fields["title"].split()) == " ".join(("{" + bibtex_escape(title) + "}").split())  # all of it
    assert fields["url"] == URL
    assert fields["year"] == "2026"
    assert fields["month"] == "November"  # the bare macro `nov`, expanded
    assert fields["note"] == NOTE
    assert fields.get("urldate") == (accessed.isoformat() if accessed else None)
    assert [str(p) for p in data.entries["claimbase-x"].persons["author"]] == ["{" + AUTHOR + "}"]


def check_bibtexparser(text: str, title: str, accessed: date | None) -> None:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == ["claimbase-x"]
    fields = library.entries[0].fields_dict
    assert fields["title"].value == "{" + bibtex_escape(title) + "}"
    assert fields["author"].value == "{" + AUTHOR + "}"
    assert fields["url"].value == URL
    assert fields["year"].value == "2026"
    assert fields["month"].value == "nov"
    assert ("urldate" in fields) == (accessed is not None)


@given(title=st.text(max_size=200) | st.sampled_from(ATTACKS), accessed=st.none() | st.dates())
@example(title=ATTACKS[0], accessed=None)
@example(title=ATTACKS[0], accessed=date(2026, 12, 1))
def test_no_title_breaks_the_bibtex_entry(title: str, accessed: date | None) -> None:
    text = entry(title, accessed)
    assert text.count("{") == text.count("}")
    depth = 0
    for ch in text:  # BibTeX's own rule: braces balance at every point, escaped or not
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert "\\{" not in text.replace("\\textbraceleft{}", "")
    check_pybtex(text, title, accessed)
    check_bibtexparser(text, title, accessed)


def test_entry_without_script_has_no_placeholder_date() -> None:
    text = entry("A title", None)
    assert "urldate" not in text
    assert "YYYY" not in text
    assert "howpublished" not in text
    assert len(re.findall(r"https://", text)) == 1  # one URL
    assert "  month = nov," in text


def test_claim_page_cite_box_without_script(sample_site) -> None:
    """What a reader copies from the page without JavaScript: a complete entry, no placeholder date."""
    import html

    page = sample_site.page("claims/mrl-122mm-sighted-kursk/")
    code = re.search(r'<pre class="cb-cite__bibtex"><code>(.*?)</code></pre>', page, re.S).group(1)
    text = html.unescape(re.sub(r"<[^>]+>", "", code))
    assert "urldate" not in text
    assert "YYYY-MM-DD" not in text
    data = pybtex.database.parse_string(text, "bibtex")
    assert list(data.entries) == ["claimbase-mrl-122mm-sighted-kursk"]
    assert data.entries["claimbase-mrl-122mm-sighted-kursk"].fields["url"].endswith("/claims/mrl-122mm-sighted-kursk/")
