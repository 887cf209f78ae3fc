"""Ready-to-paste citations of a claim page (APA-like, BibTeX, CSL-JSON) and its schema.org ClaimReview.

The access date is the reader's: a small script fills it in at view time; without scripts the text
says where it goes. CSL-JSON is plain JSON, so the standard library writes it; BibTeX special
characters are escaped here, because a hostile title must not break a reader's bibliography.
"""

from __future__ import annotations

import json
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
    version: int | None = None
    """The claim's version cited (from git history), or None when the build has no history."""
    version_url: str | None = None
    """The permanent URL of that version's page."""


def _day(iso: str) -> date:
    return parse_edtf(iso).earliest


def cite_claim(claim: Claim, permalink: str, site_name: str, version: tuple[int, str] | None = None) -> Citation:
    """Citations of the claim page as last reviewed: group author = the knowledge base.

    `version` (number, URL of its page) adds the version cited, beside the claim's permalink."""
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
    if version:  # issue 14: the version cited and its page, beside the permalink
        fields.insert(-1, ("version", str(version[0])))
        fields[-1] = ("note", fields[-1][1] + f", version {version[0]}: \\url{{{version[1]}}}")
    before = f"@misc{{{key},\n" + "".join(f"  {k} = {{{v}}},\n" for k, v in fields) + "  urldate = {"
    after = "}\n}"
    csl = {
        "id": key,
        "type": "webpage",
        "title": claim.title,
        "container-title": site_name,
        "author": [{"literal": site_name}],
        "issued": {"date-parts": [[reviewed.year, reviewed.month, reviewed.day]]},
        "URL": permalink,
        "note": f"Claim record {claim.id}",
    }
    if version:  # issue 14
        csl["version"] = str(version[0])
        csl["note"] = f"Claim record {claim.id}, version {version[0]}: {version[1]}"
        apa = apa[:-3] + f", version {version[0]}]. "
    return Citation(permalink, apa, before, after, json.dumps(csl, ensure_ascii=False, indent=2),
                    version[0] if version else None, version[1] if version else None)


def _iso(value: str | None) -> str | None:
    """An EDTF date as an ISO 8601 date of the same precision, or None for intervals and qualified dates."""
    if not value:
        return None
    parsed = parse_edtf(value)
    if parsed.is_interval or parsed.approximate or parsed.uncertain:
        return None
    return value


def claim_review(claim: Claim, permalink: str, site_name: str, site_url: str,
                 claimants: list[tuple[str, str]], appearances: list[tuple[str, str | None]],
                 first: tuple[str, str | None] | None, rating_text: str) -> dict[str, object]:
    """schema.org ClaimReview of one claim; `claimants` are (name, actor type)."""
    def person_or_org(name: str, actor_type: str) -> dict[str, str]:
        return {"@type": "Person" if actor_type == "person" else "Organization", "name": name}

    def work(title: str, url: str | None) -> dict[str, str]:
        out = {"@type": "CreativeWork", "name": title}
        if url:
            out["url"] = url
        return out

    item: dict[str, object] = {"@type": "Claim", "author": [person_or_org(n, t) for n, t in claimants]}
    reported = _iso(claim.report_date.value)
    if reported:
        item["datePublished"] = reported
    if appearances:
        item["appearance"] = [work(t, u) for t, u in appearances]
    if first:
        item["firstAppearance"] = work(*first)
    rating: dict[str, object] = {"@type": "Rating", "alternateName": rating_text}
    grade = claim.confidence.credibility.grade
    if grade <= 5:
        # Admiralty credibility: 1 (confirmed) is best, 5 (improbable) worst; 6 means it cannot be judged.
        rating.update(ratingValue=grade, bestRating=1, worstRating=5)
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
