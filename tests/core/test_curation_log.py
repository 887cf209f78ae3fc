"""docs/curation.md lists, per seed article, the claims taken from it: it must not drift from the records."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_curation_log_names_every_claim_and_only_real_ones() -> None:
    text = (REPO / "docs" / "curation.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", text))
    claims = {p.stem for p in (REPO / "claims").glob("*.yaml")}
    sources = {p.stem for p in (REPO / "sources").glob("*.yaml")}
    actors = {p.stem for p in (REPO / "actors").glob("*.yaml")}
    assert claims - named == set(), "claims missing from docs/curation.md"
    measures = {"dprk-casualties-kursk", "dprk-troops-in-russia"}
    unknown = {n for n in named if "-" in n} - claims - sources - actors - measures
    assert unknown == set(), "docs/curation.md names ids that are not records"
