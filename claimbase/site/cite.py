"""Ready-to-paste citations of a claim page (APA-like, BibTeX, CSL-JSON) and its schema.org ClaimReview.

The access date is the reader's: a small script fills it in at view time; without scripts the text
says where it goes. CSL-JSON is plain JSON, so the standard library writes it; BibTeX special
characters are escaped here, because a hostile title must not break a reader's bibliography.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from ..dates import MONTHS, parse_edtf
from ..models import Claim

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


@dataclass(frozen=True)
class Citation:
    permalink: str
    apa_before_access: str  # text, escaped by the template
    bibtex_before_urldate: str
    bibtex_after_urldate: str
    csl_json: str


def _day(iso: str) -> date:
    return parse_edtf(iso).earliest


def cite_claim(claim: Claim, permalink: str, site_name: str) -> Citation:
    """Citations of the claim page as last reviewed: group author = the knowledge base."""
    reviewed = _day(claim.reviewed)
    apa = (f"{site_name}. ({reviewed.year}, {MONTHS[reviewed.month - 1]} {reviewed.day}). "
           f"{claim.title} [Claim record {claim.id}]. ")
    key = "claimbase-" + claim.id
    fields = [
        ("title", "{" + bibtex_escape(claim.title) + "}"),
        ("author", "{" + bibtex_escape(site_name) + "}"),
        ("year", str(reviewed.year)),
        ("month", MONTHS[reviewed.month - 1][:3].lower()),
        ("howpublished", "\\url{" + permalink + "}"),
        ("url", permalink),
        ("note", f"Claim record {bibtex_escape(claim.id)}, last reviewed {claim.reviewed}"),
    ]
    before = f"@misc{{{key},\n" + "".join(f"  {k} = {{{v}}},\n" for k, v in fields) + "  urldate = {"
    after = "}\n}"
    csl = [csl_item(claim, permalink, site_name)]
    return Citation(permalink, apa, before, after, json.dumps(csl, ensure_ascii=False, indent=2))


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
