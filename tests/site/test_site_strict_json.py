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
