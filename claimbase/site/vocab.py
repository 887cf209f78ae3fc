"""The words the site uses for statuses, grades, kinds and precisions: one place, shared by every page."""

from __future__ import annotations

STATUS: dict[str, tuple[str, str]] = {
    "reported": ("Reported", "Asserted by at least one attributed source; not yet corroborated."),
    "corroborated": ("Corroborated", "Supported by more than one attribution, not all of them independent "
                     "or not conclusive."),
    "confirmed": ("Confirmed", "Supported by at least two independent attributions (see the independence rule)."),
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
    "exactly": "",
    "about": "about",
    "more-than": "more than",
    "at-least": "at least",
    "fewer-than": "fewer than",
    "up-to": "up to",
    "several": "several",
}

PROMINENT_RELATIONS = ("contradicts", "denies", "updates")
"""Relations shown in a box at the top of a claim page, not only in the related list."""


def label(value: str) -> str:
    """'combat-use' -> 'Combat use'."""
    return value.replace("-", " ").capitalize()
