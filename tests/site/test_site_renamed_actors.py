"""Renamed actors, in the real site: the four unnamed sites that were known by internal curation labels
now have ids that name their article; the old records are tombstones whose URLs redirect to the new
pages, and no public file names an internal label. The site is the session's `real_sites`
(tests/conftest.py), shared with tests/site/test_engines.py in one xdist group, so it is built once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimbase.permanence import redirect_target, resolve_url, verify_site
from claimbase.pipeline import load_knowledge_base

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("engines")]

REPO = Path(__file__).resolve().parents[2]
RENAMED = {
    "unnamed-site-seed-000": "unnamed-site-bm-11-disguised-trucks-article",
    "unnamed-site-seed-001": "unnamed-site-toropets-depot-article",
    "unnamed-site-seed-002": "unnamed-site-dprk-missiles-strike-ukraine-article",
    "unnamed-site-seed-003": "unnamed-site-kim-more-troops-article",
}
LABEL = re.compile(rb"seed[ -]00|per seed", re.IGNORECASE)
THEME = ("assets/javascripts/", "assets/stylesheets/", "assets/images/", "assets/fonts/")
VERSIONED = re.compile(r"^claims/[^/]+/(v[0-9]+|history)/")
"""Old versions of a claim and its history reproduce past records and commit subjects word for word
(issue 14): they are a record of what was published, and are not rewritten."""


def test_the_old_records_are_tombstones_of_the_new_ones() -> None:
    kb = load_knowledge_base(REPO)
    assert {rid: r.model.merged_into for rid, r in kb.merged["actor"].items()} == RENAMED
    for old, new in RENAMED.items():
        assert old not in kb.actors
        assert kb.actors[new].name == kb.merged["actor"][old].model.name  # the same actor, renamed
        assert old not in kb.claims_by_actor
        assert kb.claims_by_actor[new]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_an_old_actor_url_redirects_to_the_new_page(real_sites, engine) -> None:  # noqa: ANN001
    site = real_sites[engine].site
    for old, new in RENAMED.items():
        html = (site / "actors" / old / "index.html").read_text(encoding="utf-8")
        assert redirect_target(html) == f"../{new}/"
        assert '<meta name="robots" content="noindex"' in html
        assert resolve_url(site, f"actors/{old}/") == (f"actors/{new}/", "")
        assert redirect_target((site / "actors" / new / "index.html").read_text(encoding="utf-8")) is None
    assert verify_site(REPO, site) == []


def test_the_old_ids_are_listed_nowhere(real_sites) -> None:  # noqa: ANN001
    site = real_sites["mkdocs"].site
    actors = json.loads((site / "data" / "actors.json").read_text(encoding="utf-8"))
    ids = {a["id"] for a in actors}
    assert set(RENAMED.values()) <= ids
    assert not ids & set(RENAMED)
    claimants = {a["claimant"] for c in json.loads((site / "data" / "claims.json").read_text(encoding="utf-8"))
                 for a in c["attributions"]}
    assert set(RENAMED.values()) <= claimants
    index = (site / "actors" / "index.html").read_text(encoding="utf-8")
    assert all(f"{new}/" in index for new in RENAMED.values())


def test_no_public_file_names_an_internal_label(real_sites) -> None:  # noqa: ANN001
    """Pages (but the redirect stubs, which name only their own old URL by being there), JSON-LD, the
    data exports, the feed: none says "seed 00", "seed-00" or "per seed"."""
    site = real_sites["mkdocs"].site
    stubs = {f"actors/{old}/index.html" for old in RENAMED}
    scanned, found = 0, []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel.startswith(THEME) or VERSIONED.match(rel):
            continue
        data = path.read_bytes()
        if rel.endswith(".gz"):
            import gzip

            data = gzip.decompress(data)
        scanned += 1
        if rel in stubs:
            assert not LABEL.search(data.replace(str(Path(rel).parent).encode(), b"")), rel
        elif LABEL.search(data):
            found.append(rel)
    assert found == []
    assert scanned > 200
    assert (site / "feed.xml").is_file()
    assert (site / "data" / "actors.json").is_file()
    assert any(b"application/ld+json" in (site / "claims" / cid / "index.html").read_bytes()
               for cid in ("toropets-depot-strike-2024-09", "putin-visits-north-korea-2024-06"))
