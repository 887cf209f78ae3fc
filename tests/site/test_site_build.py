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
from claimbase.site.generate import SiteSettings, generate_docs
from claimbase.site.render import markdown_page
from claimbase.site.writer import TreeWriter

TESTS = Path(__file__).resolve().parents[1]
SAMPLE = TESTS / "fixtures" / "sample"
REPO = TESTS.parent


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_two_builds_are_byte_identical(sample_site, tmp_path):
    build_site(SAMPLE, tmp_path / "site", docs_dir=tmp_path / "docs")
    first, second = sample_site.site, tmp_path / "site"
    assert _files(first) == _files(second)
    _, mismatch, errors = filecmp.cmpfiles(first, second, _files(first), shallow=False)
    assert mismatch == []
    assert errors == []


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
    assert meta == {"title": title, "hide": ["toc"]}
    assert body.strip() == "<div>x</div>"


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
    assert 'value="https://example.org/kb/claims/kn-23-toropets-depot/"' in page


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
