"""Both engines build the same site: the real dataset with MkDocs and with Zensical gives the same page
URLs and data files, every claim page carries its generated body, and the pages work in Chromium.
Each engine's speed-ups change no byte of what it builds."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from claimbase.pipeline import load_knowledge_base
from claimbase.problems import ClaimbaseError
from claimbase.site import engines
from claimbase.site.build import HAND_DOCS, BuildFailed, build_kb
from claimbase.site.engines import zensical
from claimbase.site.generate import SiteSettings, generate_docs
from claimbase.site.render import BODY_CLOSE, BODY_OPEN

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("engines")]

TESTS = Path(__file__).resolve().parents[1]
SAMPLE = TESTS / "fixtures" / "sample"
HOSTILE = TESTS / "fixtures" / "hostile"
THEME_FILES = ("assets/javascripts/", "assets/stylesheets/", "assets/images/", "assets/fonts/")
"""The theme's own files: each engine ships its build of Material's scripts and styles."""
ENGINE_FILES = {"search.json", "sitemap.xml.gz"}
"""Zensical writes an (empty, search being off) search.json; MkDocs a gzipped copy of the sitemap."""


def _ours(site: Path) -> set[str]:
    """Every file of a built site except the theme's and the engine's own: pages, data, our assets."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    return {f for f in files if not f.startswith(THEME_FILES) and f not in ENGINE_FILES}


def _body(markdown: str) -> str | None:
    """The generated body of a page's Markdown source: what the page must show, whatever the engine."""
    start = markdown.find(BODY_OPEN + "\n")
    end = markdown.rfind("\n" + BODY_CLOSE)
    return markdown[start + len(BODY_OPEN) + 1:end] if start != -1 and end != -1 else None


def test_both_engines_publish_the_same_urls(real_sites):  # noqa: ANN001
    mkdocs, zens = real_sites["mkdocs"], real_sites["zensical"]
    pages = {f for f in _ours(mkdocs.site) if f.endswith(".html")}
    assert len(pages) > 100
    assert pages == {f for f in _ours(zens.site) if f.endswith(".html")}
    assert _ours(mkdocs.site) == _ours(zens.site)
    kb = load_knowledge_base(mkdocs.root)
    assert all(f"claims/{cid}/index.html" in pages for cid in kb.claims)


def test_data_files_and_redirects_are_the_same_bytes(real_sites):  # noqa: ANN001
    mkdocs, zens = real_sites["mkdocs"], real_sites["zensical"]
    same = sorted(f for f in _ours(mkdocs.site) if not f.endswith(".html") and f != "sitemap.xml")
    assert "data/claims.json" in same
    redirects = [f for f in _ours(mkdocs.site) if f.endswith(".html")
                 and 'http-equiv="refresh"' in (mkdocs.site / f).read_text(encoding="utf-8")]
    _, mismatch, errors = filecmp.cmpfiles(mkdocs.site, zens.site, same + redirects, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_every_generated_page_carries_its_body_under_both_engines(real_sites):  # noqa: ANN001
    checked = 0
    for site in real_sites.values():
        for md in site.docs.rglob("*.md"):
            body = _body(md.read_text(encoding="utf-8"))
            if body is None:
                continue
            rel = md.relative_to(site.docs).with_suffix("").as_posix()
            page = site.site / ("" if rel == "index" else rel) / "index.html"
            html = page.read_text(encoding="utf-8")
            assert body in html, page
            assert "claimbase:body" not in html, page  # unwrapped
            checked += 1
    kb = load_knowledge_base(real_sites["mkdocs"].root)
    assert checked > 2 * len(kb.claims)


def test_the_latest_version_page_shows_what_the_record_says(real_sites):  # noqa: ANN001
    """A version page is the record as it was: the latest one of every real claim shows the record's
    statements about the evidence, each attribution's role, the part it supports and the outlet's own
    reporting, as the claim page does (version pages once left them out), and a BibTeX entry whose access
    date the page's script adds as a field."""
    from markupsafe import escape

    from claimbase.history import read_history
    from claimbase.site import vocab

    site = real_sites["mkdocs"]
    kb = load_knowledge_base(site.root)
    history = read_history(site.root, kb.records["claim"])
    if history is None:
        pytest.skip("the repository has no history here")
    checked = 0
    for cid, claim in kb.claims.items():
        versions = history.of(cid)
        if not versions or cid in history.uncommitted:
            continue
        html = site.page(f"claims/{cid}/v{versions[-1].number}/")
        for v in claim.verification:
            assert "What the sources say about the evidence" in html, cid
            assert escape(v.quote) in html, cid
        for a in claim.attributions:
            if a.role.value != "asserts":
                assert vocab.ROLE[a.role.value] in html, cid
            if a.supports:
                assert escape(a.supports) in html, cid
            if a.based_on and a.based_on.own_reporting:
                assert escape(a.based_on.own_reporting) in html, cid
        assert "<span data-cb-urldate></span>" in html, cid
        checked += 1
    assert checked > len(kb.claims) // 2


def test_zensical_speedups_change_no_byte(tmp_path):  # noqa: ANN001
    """The passthrough, the skipped link scan and the tag-wise anchor search change nothing."""
    kb = load_knowledge_base(HOSTILE)
    build_kb(kb, HOSTILE, tmp_path / "fast", docs_dir=tmp_path / "a" / "docs", engine="zensical")
    assert zensical.last_run["passed_through"] == zensical.last_run["not_scanned"] > len(kb.claims)
    build_kb(kb, HOSTILE, tmp_path / "plain", docs_dir=tmp_path / "b" / "docs", engine="zensical", fast=False)
    assert zensical.last_run["passed_through"] == 0
    fast, plain = tmp_path / "fast", tmp_path / "plain"
    files = sorted(p.relative_to(fast).as_posix() for p in fast.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(plain).as_posix() for p in plain.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(fast, plain, files, shallow=False)
    assert (mismatch, errors) == ([], [])


@pytest.mark.parametrize("root", [SAMPLE, HOSTILE], ids=["sample", "hostile"])
def test_tag_wise_anchor_search_finds_what_zensicals_finds(root, tmp_path):  # noqa: ANN001
    from zensical.collectors import anchors

    fast = zensical._tag_anchors(anchors)
    generate_docs(load_knowledge_base(root), tmp_path, SiteSettings(), hand_docs=HAND_DOCS)
    seen = 0
    for md in tmp_path.rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1].strip()
        for html in (body, body + '<a name="x">', "<p id='a'>no marker</p>"):
            assert list(fast(html)) == list(anchors(html)), md
        seen += bool(list(anchors(body)))
    assert seen > 10


def test_zensical_warnings_name_file_line_and_column(tmp_path):  # noqa: ANN001
    docs = tmp_path / "docs"
    generate_docs(load_knowledge_base(SAMPLE), docs, SiteSettings(), hand_docs=HAND_DOCS)
    (docs / "about.md").write_text("# About\n\nSee [the list](nowhere.md).\n", encoding="utf-8")
    messages = zensical.build(docs, tmp_path / "site")
    assert any(m.startswith("about.md:3:") and "does not exist" in m for m in messages), messages


def test_a_zensical_warning_fails_the_build(tmp_path, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(zensical, "build", lambda *a, **k: ["about.md:3:5: page does not exist"])
    with pytest.raises(BuildFailed, match="Zensical warned while building:\n  about.md:3:5: page does not exist"):
        build_kb(load_knowledge_base(SAMPLE), SAMPLE, tmp_path / "site", docs_dir=tmp_path / "docs",
                 engine="zensical")


def test_engines_read_the_same_settings(tmp_path, monkeypatch):  # noqa: ANN001
    from claimbase.site.engines import mkdocs

    for env in ({}, {"SITE_URL": "https://example.org/kb", "REPO_URL": "https://github.com/example/kb",
                     "REPO_BRANCH": "trunk"}):
        for name in ("SITE_URL", "REPO_URL", "REPO_BRANCH"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert engines.site_settings() == mkdocs.settings_from(mkdocs.load_config(tmp_path / "docs"))


def test_an_unknown_or_missing_engine_is_one_line(monkeypatch):  # noqa: ANN001
    with pytest.raises(ClaimbaseError, match="unknown engine 'hugo'"):
        engines.get("hugo")
    monkeypatch.setattr(zensical, "VERSION", "0.0.1")
    with pytest.raises(ClaimbaseError, match="this site is tested with 0.0.1"):
        engines.get("zensical")


def test_serve_with_zensical_shows_a_saved_claim(tmp_path):  # noqa: ANN001
    """`serve --engine zensical`: our watcher rewrites the pages, Zensical's server rebuilds and serves them."""
    from benchmarks.edit import measure_edit_loop

    root = tmp_path / "kb"
    shutil.copytree(SAMPLE, root)
    result = measure_edit_loop(root, edits=1, startup_timeout=300, edit_timeout=120, engine="zensical")
    assert result["edit_to_preview_s"] < 120
