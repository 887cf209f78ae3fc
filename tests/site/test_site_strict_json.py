"""Strict JSON everywhere: every JSON file and JSON-LD block the site writes parses with a strict reader
(no NaN, Infinity or -Infinity, which are not JSON and made claims.json unreadable in every client)."""

from __future__ import annotations

import json
import re

import pytest


def _refuse(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def strict(text: str) -> object:
    return json.loads(text, parse_constant=_refuse)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["sample_site", "hostile_site"])
def test_every_json_the_site_writes_is_strict(which: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(which).site
    files = sorted(site.rglob("*.json"))
    assert len(files) > 10
    for path in files:
        strict(path.read_text(encoding="utf-8"))
    blocks = 0
    for page in site.rglob("*.html"):
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"),
                                re.S):
            strict(block)
            blocks += 1
        for block in re.findall(r"<code data-cb-csl>(.*?)</code>", page.read_text(encoding="utf-8"), re.S):
            import html

            strict(html.unescape(block))
    assert blocks > 0


def test_no_template_writes_a_record_value_as_a_bare_element_id() -> None:
    """An element id made from a record value always has a prefix of ours (`measure-...`): a value such
    as `cb-search` can never take the id of an element the page's script looks up."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "claimbase" / "site" / "templates"
    bare = [(t.name, m.group()) for t in sorted(templates.glob("*.html"))
            for m in re.finditer(r'\b(?:id|name|for)="\{\{[^"]*"', t.read_text(encoding="utf-8"))]
    # The one macro parameter: callers pass literal ids of ours ("cb-claims-table").
    assert bare == [("_macros.html", 'id="{{ id }}"')]
    callers = [m for t in templates.glob("*.html") for m in re.findall(r"claim_table\([^)]*\bid=([^,)]+)",
                                                                     t.read_text(encoding="utf-8"))]
    assert all(c.startswith(("'cb-", '"cb-')) or c == "none" for c in callers), callers


@pytest.mark.slow
def test_measure_sections_are_namespaced(sample_site) -> None:  # noqa: ANN001
    html = sample_site.page("disputed/")
    ids = re.findall(r'<section class="cb-measure" id="([^"]+)"', html)
    assert ids
    assert all(i.startswith("measure-") for i in ids)
