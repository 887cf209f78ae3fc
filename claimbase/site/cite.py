"""Ready-to-paste citations of a claim page (APA-like, BibTeX, CSL-JSON) and its schema.org ClaimReview.

The access date is the reader's: a small script fills it in at view time; without scripts the APA text
says where it goes, and the BibTeX entry has no `urldate` (never a placeholder that looks like a date).
CSL-JSON is plain JSON, so the standard library writes it; BibTeX special characters are escaped here,
because a hostile title must not break a reader's bibliography.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from ..dates import MONTHS, parse_edtf
from ..models import Claim

# --- BibTeX -------------------------------------------------------------------------------------------
# BibTeX delimits a value by its braces and counts every brace, escaped or not (`\{` is still one), so a
# title holding `}` could close the entry early and add an entry of its own choosing to a reader's
# bibliography. No brace and no backslash of the input reaches the output: each becomes a LaTeX command
# whose own braces balance (`\textbraceleft{}`); the other characters LaTeX treats specially are
# escaped, and anything that is not printable text (controls, separators) becomes a space. Checked with
# two real parsers (bibtexparser, pybtex) and property-based tests over arbitrary titles.

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%", "&": r"\&",
    "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "@": r"\char64{}",
}
_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIAL)
_URL_DROP = str.maketrans(dict.fromkeys(" {}\\"))
_KEY_DROP = re.compile(r"[^A-Za-z0-9_:.-]")
"""What an entry key may not hold: anything but ASCII letters, digits and - _ : ."""
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""BibTeX's month macros: written bare (`month = nov`), so styles print the month in their language."""


def bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX value: balanced braces whatever `text` holds, LaTeX specials escaped."""
    if text.isprintable():  # the usual case: one C loop over the text does what the loop below does
        return " ".join(text.translate(_BIBTEX_TABLE).split())
    out = []
    for ch in text:
        if ch in _BIBTEX_SPECIAL:
            out.append(_BIBTEX_SPECIAL[ch])
        elif not ch.isprintable():
            out.append(" ")
        else:
            out.append(ch)
    return " ".join("".join(out).split())  # BibTeX reads a run of spaces as one


def bibtex_url(url: str) -> str:
    """A URL for `url = {...}`: ours (site URL + record path), with no brace, backslash or space to break it."""
    if url.isprintable():  # then the only space it can hold is " "
        return url.translate(_URL_DROP)
    return "".join(ch for ch in url if ch.isprintable() and not ch.isspace() and ch not in "{}\\")


@dataclass(frozen=True)
class Citation:
    permalink: str
    apa_before_access: str  # text, escaped by the template
    bibtex_before_urldate: str
    """The BibTeX entry up to its last field; complete with `bibtex_after_urldate`, or with
    `bibtex_urldate(day)` between the two."""
    bibtex_after_urldate: str
    csl_json: str
    version: int | None = None
    """The claim's version cited (from git history), or None when the build has no history."""
    version_url: str | None = None
    """The permanent URL of that version's page."""


def bibtex_entry(key: str, title: str, author: str, day: date, url: str, note: str,
                 version: int | None = None) -> tuple[str, str]:
    """A `@misc` entry in two parts: the reader's access date goes between them, as
    `,\n  urldate = {YYYY-MM-DD}` (the page's script adds it); without it the entry is complete as is."""
    fields = [
        ("title", "{{" + bibtex_escape(title) + "}}"),
        ("author", "{{" + bibtex_escape(author) + "}}"),
        ("year", str(day.year)),
        ("month", _BIBTEX_MONTHS[day.month - 1]),
        ("url", "{" + bibtex_url(url) + "}"),
        *([("version", "{" + str(int(version)) + "}")] if version else []),
        ("note", "{" + bibtex_escape(note) + "}"),
    ]
    safe_key = _KEY_DROP.sub("", key)
    return f"@misc{{{safe_key},\n" + ",\n".join(f"  {k} = {v}" for k, v in fields), "\n}"


def bibtex_urldate(day: date) -> str:
    """What goes between the two parts of `bibtex_entry` once the access date is known."""
    return f",\n  urldate = {{{day.isoformat()}}}"


def _day(iso: str) -> date:
    return parse_edtf(iso).earliest


def cite_claim(claim: Claim, permalink: str, site_name: str, version: tuple[int, str] | None = None) -> Citation:
    """Citations of the claim page as last reviewed: group author = the knowledge base.

    `version` (number, URL of its page) adds the version cited, beside the claim's permalink."""
    reviewed = _day(claim.reviewed)
    apa = (f"{site_name}. ({reviewed.year}, {MONTHS[reviewed.month - 1]} {reviewed.day}). "
           f"{claim.title} [Claim record {claim.id}]. ")
    key = "claimbase-" + claim.id
    note = f"Claim record {claim.id}, last reviewed {claim.reviewed}"
    if version:  # the version cited and its page, beside the permalink
        note += f", version {version[0]}: {version[1]}"
    before, after = bibtex_entry(key, claim.title, site_name, reviewed, permalink, note,
                                 version=version[0] if version else None)
    item = csl_item(claim, permalink, site_name)
    if version:
        item["version"] = str(version[0])
        item["note"] = f"Claim record {claim.id}, version {version[0]}: {version[1]}"
        apa = apa[:-3] + f", version {version[0]}]. "
    csl = [item]
    return Citation(permalink, apa, before, after, _CSL_JSON(csl),
                    version[0] if version else None, version[1] if version else None)


_CSL_JSON = json.JSONEncoder(ensure_ascii=False, indent=2, allow_nan=False).encode
"""json.dumps(..., ensure_ascii=False, indent=2, allow_nan=False), without making an encoder at each call."""

_UNIT = re.compile(r"\b\d+(?:[.,]\d+)*(?:\s|\u00a0|-)?(?:mm|cm|km|kg|kt|m|t)\b")
"""A number with a lower-case unit ("122 mm", "300km"): title-casing styles must not make it "122 Mm"."""


def csl_rich_text(text: str) -> str:
    """Text for a CSL-JSON title: markup-like characters are left alone (CSL processors read only their
    own few tags), units are wrapped in <span class="nocase"> so that title-casing leaves them as they are."""
    return _UNIT.sub(lambda m: f'<span class="nocase">{m.group(0)}</span>', text)


def csl_item(claim: Claim, permalink: str, site_name: str) -> dict[str, object]:
    """One CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html): the claim
    page, by the knowledge base as group author, issued on the day it was last reviewed. No
    container-title: it would repeat the author's name in every style."""
    reviewed = _day(claim.reviewed)
    return {
        "id": "claimbase-" + claim.id,
        "type": "webpage",
        "title": csl_rich_text(claim.title),
        "genre": "Claim record",
        "author": [{"literal": site_name}],
        "issued": {"date-parts": [[reviewed.year, reviewed.month, reviewed.day]]},
        "URL": permalink,
    }


def _iso(value: str | None) -> str | None:
    """An EDTF date as an ISO 8601 date of the same precision, or None for intervals and qualified dates."""
    if not value:
        return None
    parsed = parse_edtf(value)
    if parsed.is_interval or parsed.approximate or parsed.uncertain:
        return None
    return value


def claim_review(claim: Claim, permalink: str, site_name: str, site_url: str,
                 claimants: list[tuple[str, str]], appearances: list[tuple[str, ...]],
                 first: tuple[str, ...] | None, rating_text: str) -> dict[str, object]:
    """schema.org ClaimReview of one claim; `claimants` are (name, actor type), `appearances` and `first`
    (title, url or None[, EDTF publication date or None]) of the documents it appears in."""
    def person_or_org(name: str, actor_type: str) -> dict[str, str]:
        return {"@type": "Person" if actor_type == "person" else "Organization", "name": name}

    def work(title: str, url: str | None, published: str | None = None) -> dict[str, str]:
        out = {"@type": "CreativeWork", "name": title}
        if url:
            out["url"] = url
        day = _iso(published)
        if day:
            out["datePublished"] = day
        return out

    item: dict[str, object] = {"@type": "Claim", "author": [person_or_org(n, t) for n, t in claimants]}
    reported = _iso(claim.report_date.value)
    if reported:
        item["datePublished"] = reported
    if appearances:
        item["appearance"] = [work(*a) for a in appearances]
    if first:
        item["firstAppearance"] = work(*first)
    rating: dict[str, object] = {"@type": "Rating", "alternateName": rating_text}
    grade = claim.confidence.credibility.grade
    if grade <= 5:
        # Admiralty credibility runs from 1 (confirmed) to 5 (improbable); 6 means it cannot be judged and
        # gets no score. schema.org wants the worst score lowest, so the scale is turned round: 5 - 1.
        rating.update(ratingValue=RATING_SCALE - grade + 1, worstRating=1, bestRating=RATING_SCALE,
                      ratingExplanation=f"Admiralty information credibility {grade}, on a scale from 1 "
                                        f"(confirmed) to 5 (improbable), given here as {RATING_SCALE - grade + 1} "
                                        f"from 1 (worst) to {RATING_SCALE} (best).")
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": permalink,
        "claimReviewed": claim.statement,
        "itemReviewed": item,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": site_name, "url": site_url},
        "datePublished": claim.added,
        "dateModified": claim.reviewed,
    }


RATING_SCALE = 5
"""ClaimReview scores: 5 for credibility 1 (confirmed) down to 1 for credibility 5 (improbable)."""
