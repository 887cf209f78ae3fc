"""Old versions are read entry by entry, reusing the entries an already read version has word for word
(`history.parse_version`): the data and the refusals must be those of reading each whole text with the
strict loader (`history.parse_blob`), whatever the text holds."""

from __future__ import annotations

import pytest

from claimbase.history import parse_blob, parse_version

BASE = """# a comment before the first entry
id: alpha
title: "Alpha"
notes: |+
  kept lines

confidence:
  credibility:
    grade: 3
    rationale: >-
      Folded
      text.
weapon_systems:
- kn-23
- kn-24
reviewed: "2025-02-01"
"""

VARIANTS = [
    BASE,
    BASE.replace("grade: 3", "grade: 4"),
    BASE.replace("# a comment", "---\n# a comment"),  # a document marker
    BASE.replace('title: "Alpha"', 'title: "Alpha\nid: beta"'),  # a quoted scalar continued at column 0
    BASE.replace('title: "Alpha"', "title: [a,\nb: c]"),  # a flow collection continued at column 0
    BASE.replace('title: "Alpha"', "title: Alpha\ncontinued"),  # a plain scalar continued at column 0
    BASE.replace('title: "Alpha"', 'title: "Alpha"\ntitle: "again"'),  # a duplicate key
    BASE.replace('title: "Alpha"', "title: &a Alpha\nalias: *a"),  # an anchor and an alias
    BASE.replace('title: "Alpha"', "title: !!str Alpha"),  # a tag
    BASE.replace('title: "Alpha"', "title: 0777777777777777777"),  # a number the loader refuses
    BASE.replace('title: "Alpha"', 'title: "Al\x07pha"'),  # a control character
    BASE.replace("# a comment", "# a comment \x07"),  # a control character in a comment
    BASE.replace("kept lines\n", "kept lines"),  # no blank line after a kept block scalar
    BASE.rstrip("\n"),  # no newline at the end
    BASE.replace("\n", "\r\n"),
    BASE.replace("\n", "\r"),
    BASE.replace("  credibility:", "\tcredibility:"),
    BASE.replace("reviewed:", "  reviewed:"),
    BASE + "extra: {a: [1, 2], b: {c: d}}\n",
    BASE + "deep:" + "".join("\n" + " " * (2 * i) + f"k{i}:" for i in range(1, 25)) + " x\n",
    "- a list\n- not a mapping\n",
    "",
    "plain text\n",
]


@pytest.mark.parametrize("seed", [BASE, VARIANTS[1], VARIANTS[3], None])
@pytest.mark.parametrize("text", VARIANTS)
def test_reading_entry_by_entry_gives_what_reading_the_whole_text_gives(text: str, seed: str | None) -> None:
    known: dict = {}
    if seed is not None:
        parse_version(seed.encode(), "claims/seed.yaml", known)
    assert parse_version(text.encode(), "claims/alpha.yaml", known) == parse_blob(text.encode(), "claims/alpha.yaml")
    # and once more, with everything of this text known
    assert parse_version(text.encode(), "claims/alpha.yaml", known) == parse_blob(text.encode(), "claims/alpha.yaml")


def test_bytes_that_are_not_utf8_or_start_with_a_bom_are_refused_the_same_way() -> None:
    for raw in (b"\xef\xbb\xbf" + BASE.encode(), BASE.encode().replace(b"Alpha", b"Al\xffpha")):
        known: dict = {}
        parse_version(BASE.encode(), "claims/seed.yaml", known)
        assert parse_version(raw, "claims/alpha.yaml", known) == parse_blob(raw, "claims/alpha.yaml")
        assert parse_blob(raw, "claims/alpha.yaml")[0] is None


def test_known_entries_are_reused_not_read_again() -> None:
    known: dict = {}
    parse_version(BASE.encode(), "claims/alpha.yaml", known)
    first = dict(known)
    data, problem = parse_version(BASE.replace("grade: 3", "grade: 5").encode(), "claims/alpha.yaml", known)
    assert problem == ""
    assert data["confidence"]["credibility"]["grade"] == 5
    assert data["weapon_systems"] is next(v for lines, (v, _) in first.items() if lines.startswith("weapon_systems"))
