"""The build itself: reproducible, incremental, scalable navigation, and the real data."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pytest

from claimbase.pipeline import load_knowledge_base
from claimbase.problems import ProblemsFound
from claimbase.site.build import build_site, load_config
from claimbase.site.generate import GenerateResult, SiteSettings, generate_docs
from claimbase.site.render import markdown_page
from claimbase.site.writer import TreeWriter

TESTS = Path(__file__).resolve().parents[1]
SAMPLE = TESTS / "fixtures" / "sample"
REPO = TESTS.parent


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _assert_same_bytes(a: Path, b: Path, names: list[str]) -> None:
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert mismatch == []
    assert errors == []


def _assert_as_from_scratch(root: Path, docs: Path, fresh: Path, settings: SiteSettings) -> GenerateResult:
    """The files a live preview left in `docs` are those a generation from scratch writes into `fresh`."""
    result = generate_docs(load_knowledge_base(root), fresh, settings)
    _assert_same_bytes(docs, fresh, result.written)
    return result


def test_two_builds_are_byte_identical(sample_site, tmp_path):
    build_site(SAMPLE, tmp_path / "site", docs_dir=tmp_path / "docs")
    first, second = sample_site.site, tmp_path / "site"
    assert _files(first) == _files(second)
    _assert_same_bytes(first, second, _files(first))


def test_sitemap_is_dated_from_the_commit_not_the_clock(sample_site):
    sitemap = (sample_site.site / "sitemap.xml").read_text(encoding="utf-8")
    import datetime
    import subprocess

    out = subprocess.run(["git", "-C", str(SAMPLE), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("not a git checkout")
    day = datetime.datetime.fromtimestamp(int(out.stdout), datetime.UTC).date().isoformat()
    assert f"<lastmod>{day}</lastmod>" in sitemap


def test_generation_writes_only_what_changed(tmp_path):
    kb = load_knowledge_base(SAMPLE)
    docs = tmp_path / "docs"
    first = generate_docs(kb, docs, SiteSettings())
    assert "claims/kn-23-toropets-depot.md" in first.changed
    page = docs / "claims/kn-23-toropets-depot.md"
    os.utime(page, (1_000_000_000, 1_000_000_000))
    again = generate_docs(kb, docs, SiteSettings())
    assert again.changed == []
    assert again.removed == []
    assert page.stat().st_mtime == 1_000_000_000  # unchanged pages keep their timestamps


def test_generation_removes_pages_of_records_that_are_gone(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(SAMPLE, root)
    docs = tmp_path / "docs"
    generate_docs(load_knowledge_base(root), docs, SiteSettings())
    (docs / "claims" / "stray.md").write_text("old", encoding="utf-8")
    (root / "claims" / "dprk-to-rotate-or-increase-troops.yaml").unlink()
    result = generate_docs(load_knowledge_base(root), docs, SiteSettings())
    assert "claims/dprk-to-rotate-or-increase-troops.md" in result.removed
    assert "claims/stray.md" in result.removed
    assert "data/claims/dprk-to-rotate-or-increase-troops.json" in result.removed
    assert not (docs / "claims" / "dprk-to-rotate-or-increase-troops.md").exists()


def test_tree_writer_refuses_to_write_one_file_twice(tmp_path):
    writer = TreeWriter(tmp_path)
    writer.write("a/b.md", "x")
    with pytest.raises(ValueError, match="generated twice"):
        writer.write("a/b.md", "y")


def test_front_matter_is_read_back_by_mkdocs_exactly():
    from mkdocs.utils.meta import get_data

    title = '&lt;/title&gt; "quoted" \\ back {{ 7*7 }} --8&lt;-- é 😀 \\u2028'
    text = markdown_page({"title": title, "hide": ["toc"]}, "<div>x</div>")
    body, meta = get_data(text)
    assert meta == {"title": title, "hide": ["toc"], "cb_body": True}
    assert body.strip() == "<!--claimbase:body\n<div>x</div>\nclaimbase:body-->"


@pytest.mark.parametrize("body", ["<p>a --> b</p>", "<p>a --!> b</p>", "<p><!-- c</p>", "<p>-- ></p>"])
def test_a_body_that_would_end_its_comment_is_refused(body):
    with pytest.raises(ValueError, match="comment delimiter"):
        markdown_page({"title": "t"}, body)


def test_every_claim_in_the_navigation_on_request(tmp_path):
    build_site(SAMPLE, tmp_path / "site", docs_dir=tmp_path / "docs", nav_all_claims=True)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="claims/kn-23-toropets-depot/"' in home


def test_config_reads_site_and_repository_urls_from_the_environment(tmp_path, monkeypatch):
    from claimbase.site.build import settings_from

    monkeypatch.setenv("SITE_URL", "https://example.org/kb/")
    monkeypatch.setenv("REPO_URL", "https://github.com/example/kb")
    settings = settings_from(load_config(tmp_path / "docs"))
    assert settings.site_url == "https://example.org/kb/"
    assert settings.repo_url == "https://github.com/example/kb"
    kb = load_knowledge_base(SAMPLE)
    generate_docs(kb, tmp_path / "docs", settings)
    page = (tmp_path / "docs" / "claims" / "kn-23-toropets-depot.md").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/kb/edit/main/claims/kn-23-toropets-depot.yaml"' in page
    assert "https://github.com/example/kb/issues/new?" in page
    # the permalink field
    assert 'spellcheck="false">https://example.org/kb/claims/kn-23-toropets-depot/</textarea>' in page


def test_no_repository_no_edit_links(sample_site):
    html = sample_site.page("claims/kn-23-toropets-depot/")
    assert "Edit this record" not in html
    assert "Report a problem" not in html


def test_the_real_knowledge_base_builds(tmp_path):
    try:
        kb = load_knowledge_base(REPO)
    except ProblemsFound as exc:
        pytest.skip(f"the real records do not validate yet ({len(exc.problems)} problems): "
                    "`python build_site.py validate` lists them")
    if not kb.claims:
        pytest.skip("no real claims yet")
    build_site(REPO, tmp_path / "site", docs_dir=tmp_path / "docs")
    for cid in kb.claims:
        assert (tmp_path / "site" / "claims" / cid / "index.html").is_file(), cid
        assert (tmp_path / "site" / "claims" / cid / "index.html").stat().st_size < 40_000
    from claimbase.permanence import verify_site

    assert verify_site(REPO, tmp_path / "site") == []


def test_fast_build_renders_shared_parts_once_per_section_and_depth(tmp_path):
    """The speed-ups are really used: shared parts are cached by section and depth, and generated bodies
    skip Python-Markdown (the next test shows the bytes are the same as without them)."""
    from claimbase.site.build import HAND_DOCS, run_mkdocs
    from claimbase.site.engines import mkdocs as mkdocs_engine

    kb = load_knowledge_base(SAMPLE)
    result = generate_docs(kb, tmp_path / "docs", SiteSettings(), hand_docs=HAND_DOCS)
    config = load_config(tmp_path / "docs", tmp_path / "site")
    helper = mkdocs_engine.enable(config)
    assert run_mkdocs(config) == []
    keys = set(config.extra["cb_nav_cache"])
    for part in ("nav", "header", "styles", "footer", "config", "scripts"):
        assert f"{part}/claims/2/toc" in keys
        assert f"{part}/systems/2/toc" in keys
    assert not any(key.endswith("/index/1/") or "/claims/1/" in key for key in keys)  # not the listings
    generated = sum(1 for rel in result.written if rel.endswith(".md")
                    and "\ncb_body: true\n" in (tmp_path / "docs" / rel).read_text(encoding="utf-8").split("---")[1])
    assert helper.passed_through == generated > len(kb.claims)
    shells = helper.shells  # whole pages rendered once per shape and filled in (engines/mkdocs.py)
    assert len(shells.shells) < shells.filled
    assert shells.filled + shells.rendered >= len(kb.claims)
    assert all(parts is not None for parts in shells.shells.values())  # no shape had to be rendered in full


def test_fast_parallel_build_is_byte_identical_to_a_plain_mkdocs_build(sample_site, tmp_path):
    """The speed-ups (sidebar cache, freed pages, two forked processes, the files written straight for
    the site) change no byte of the site: against every file generated into the docs folder, as a live
    preview has them, and built by MkDocs as it is."""
    from mkdocs.commands.build import build as mkdocs_build

    from claimbase.site import engines
    from claimbase.site.build import _env, build_kb, hand_docs_for, source_date_epoch
    from claimbase.site.search import index_site

    kb = load_knowledge_base(SAMPLE)
    build_kb(kb, SAMPLE, tmp_path / "fast", docs_dir=tmp_path / "docs", workers=2)
    assert not (tmp_path / "docs" / "data").exists()  # the exports and JSON files: written straight for the site
    with _env("SOURCE_DATE_EPOCH", source_date_epoch(SAMPLE, kb)):
        generate_docs(kb, tmp_path / "all-docs", engines.site_settings(), hand_docs=hand_docs_for(SAMPLE), workers=1)
        mkdocs_build(load_config(tmp_path / "all-docs", tmp_path / "plain"))  # mkdocs.yml as it is
    index_site(tmp_path / "plain")  # the search index, as build_kb makes it after MkDocs
    fast, plain = tmp_path / "fast", tmp_path / "plain"
    assert _files(fast) == _files(plain)
    _assert_same_bytes(fast, plain, _files(fast))
    assert _files(fast) == _files(sample_site.site)


def test_generation_shared_between_processes_writes_the_same_files(tmp_path):
    kb = load_knowledge_base(SAMPLE)
    one = generate_docs(kb, tmp_path / "one", SiteSettings(), workers=1)
    two = generate_docs(kb, tmp_path / "two", SiteSettings(), workers=2)
    assert one.written == two.written
    assert sorted(one.changed) == sorted(two.changed)
    assert one.claim_pages == two.claim_pages
    _assert_same_bytes(tmp_path / "one", tmp_path / "two", one.written)


def test_live_preview_makes_again_only_the_pages_whose_records_changed(tmp_path):
    from claimbase.site.generate import PageMemo

    root = tmp_path / "kb"
    shutil.copytree(SAMPLE, root)
    memo = PageMemo()
    generate_docs(load_knowledge_base(root), tmp_path / "docs", SiteSettings(), memo=memo)
    assert len(memo.made_paths) == 10 + 26
    assert memo.reused == 0
    # Rename a weapon system: the pages that name it are made again, the others are reused.
    system = root / "systems" / "kn-23.yaml"
    system.write_text(system.read_text(encoding="utf-8").replace("name: KN-23", "name: KN-23 renamed"),
                      encoding="utf-8")
    memo.made_paths.clear()
    result = generate_docs(load_knowledge_base(root), tmp_path / "docs", SiteSettings(), memo=memo)
    assert sorted(memo.made_paths) == [
        "actors/ukraine/", "claims/kn-23-toropets-depot/", "places/toropets/", "places/tver-oblast/",
        "sources/newsweek-toropets/", "sources/seed-toropets/", "systems/kn-23/"]
    assert "claims/kn-23-toropets-depot.md" in result.changed
    # The same pages as a generation from scratch.
    _assert_as_from_scratch(root, tmp_path / "docs", tmp_path / "fresh", SiteSettings())
    # A relation added in one claim changes the page of the claim it points to.
    claim = root / "claims" / "dprk-to-rotate-or-increase-troops.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace(
        "relations: []", "relations:\n  - {type: context, claim: dprk-troops-kursk}"), encoding="utf-8")
    memo.made_paths.clear()
    result = generate_docs(load_knowledge_base(root), tmp_path / "docs", SiteSettings(), memo=memo)
    assert "claims/dprk-troops-kursk/" in memo.made_paths
    assert "claims/dprk-troops-kursk.md" in result.changed
    _assert_as_from_scratch(root, tmp_path / "docs", tmp_path / "fresh", SiteSettings())


def test_live_preview_removes_the_files_of_a_deleted_claim_and_follows_the_settings(tmp_path):
    from claimbase.site.generate import PageMemo

    root = tmp_path / "kb"
    shutil.copytree(SAMPLE, root)
    docs = tmp_path / "docs"
    memo = PageMemo()
    generate_docs(load_knowledge_base(root), docs, SiteSettings(), memo=memo)
    # A claim nothing else points to is deleted: its page and JSON go, and no data file still names it.
    (root / "claims" / "dprk-to-rotate-or-increase-troops.yaml").unlink()
    result = generate_docs(load_knowledge_base(root), docs, SiteSettings(), memo=memo)
    assert "claims/dprk-to-rotate-or-increase-troops.md" in result.removed
    assert not (docs / "claims" / "dprk-to-rotate-or-increase-troops.md").exists()
    for name in ("claims.json", "claims.csv", "claims-index.json"):
        assert "dprk-to-rotate-or-increase-troops" not in (docs / "data" / name).read_text(encoding="utf-8")
    # Another site address (mkdocs.yml changed while previewing): every page and data file follows it.
    moved = SiteSettings(site_url="https://claims.example.org/")
    memo.made_paths.clear()
    result = generate_docs(load_knowledge_base(root), docs, moved, memo=memo)
    assert "claims/kn-23-toropets-depot/" in memo.made_paths
    fresh = _assert_as_from_scratch(root, docs, tmp_path / "fresh", moved)
    assert result.written == fresh.written


def test_preview_keeps_the_last_good_pages_when_a_record_breaks(tmp_path, capsys):
    from claimbase.site.generate import PageMemo
    from claimbase.site.serve import regenerate

    root = tmp_path / "kb"
    shutil.copytree(SAMPLE, root)
    memo = PageMemo()
    assert regenerate(root, tmp_path / "docs", "http://127.0.0.1:8123/", memo) is not None
    page = tmp_path / "docs" / "claims" / "kn-23-toropets-depot.md"
    before = page.read_text(encoding="utf-8")
    assert "http://127.0.0.1:8123/claims/kn-23-toropets-depot/" in before
    claim = root / "claims" / "kn-23-toropets-depot.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("kind: sighting", "kind: rumour"), encoding="utf-8")
    assert regenerate(root, tmp_path / "docs", "http://127.0.0.1:8123/", memo) is None
    err = capsys.readouterr().err
    assert "claims/kn-23-toropets-depot.yaml" in err
    assert "Preview not updated" in err
    assert page.read_text(encoding="utf-8") == before
