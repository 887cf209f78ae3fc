"""The words the site uses for statuses, grades, kinds and precisions: one place, shared by every page."""

from __future__ import annotations

STATUS: dict[str, tuple[str, str]] = {
    "reported": ("Reported", "Asserted by at least one attributed source; not corroborated by a second "
                 "independent line of reporting."),
    "corroborated": ("Corroborated", "At least two independent lines of reporting assert it, but the evidence "
                     "is not conclusive (credibility 2 to 6)."),
    "confirmed": ("Confirmed", "At least two independent lines of reporting assert it and it is graded "
                  "credibility 1; the two always go together."),
    "disputed": ("Disputed", "Other attributed sources contradict it; see the related claims."),
    "denied": ("Denied", "A party it concerns has denied it; see the denial."),
    "retracted": ("Retracted", "The source that made it has taken it back."),
    "withdrawn": ("Withdrawn", "Removed from the knowledge base by its editors; the page stays as a tombstone "
                  "so that citations still resolve."),
    "superseded": ("Superseded", "Replaced by a newer claim, which the page points to."),
    "merged": ("Merged", "A duplicate of another claim; its address redirects there."),
}
"""Status value -> (label, what it means)."""

RELIABILITY: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}

CREDIBILITY: dict[int, str] = {
    1: "confirmed by other independent sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}

LOCATION_PRECISION: dict[str, str] = {
    "site": "the exact site",
    "settlement": "the town or village",
    "region": "somewhere in the region",
    "country": "somewhere in the country",
    "unknown": "no place given",
}

RELATION: dict[str, str] = {
    "supports": "supports",
    "contradicts": "contradicts",
    "updates": "updates",
    "duplicates": "duplicates",
    "denies": "denies",
    "context": "gives context to",
}
"""Relation type -> verb, read as '<this claim> <verb> <other claim>'."""

RELATION_INCOMING: dict[str, str] = {
    "supports": "is supported by",
    "contradicts": "is contradicted by",
    "updates": "is updated by",
    "duplicates": "is duplicated by",
    "denies": "is denied by",
    "context": "has context from",
}

QUALIFIER: dict[str, str] = {
    "count": "",
    "stated": "",
    "estimate": "an estimated",
    "about": "about",
    "more-than": "more than",
    "at-least": "at least",
    "fewer-than": "fewer than",
    "up-to": "up to",
    "several": "",
}

ROLE: dict[str, str] = {
    "asserts": "asserts the claim",
    "asserts-part": "asserts part of the claim",
    "first-publisher": "first published what is asserted in",
    "restates": "restates, in its own voice,",
}
"""Attribution role -> how the page names it; the role's attribution number follows where it repeats one."""

VERIFICATION: dict[str, str] = {
    "neither-confirmed-nor-denied": "Neither confirmed nor denied",
    "not-confirmed": "Not confirmed",
    "not-disclosed": "Not disclosed",
    "not-shown": "Not shown by the evidence",
}

ASPECT: dict[str, str] = {
    "claim": "the claim as a whole",
    "location": "where it happened",
    "quantity": "how many",
    "date": "when it happened",
    "identity": "what was seen",
}

PROMINENT_RELATIONS = ("contradicts", "denies", "updates")
"""Relations shown in a box at the top of a claim page, not only in the related list."""


def label(value: str) -> str:
    """'combat-use' -> 'Combat use'."""
    return value.replace("-", " ").capitalize()
