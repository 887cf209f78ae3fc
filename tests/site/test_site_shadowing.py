"""Hand-written pages never replace a generated page, data file or redirect; the permanence check of a
build only accepts pages the build generated; nothing is read through a link."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from claimbase.pipeline import load_knowledge_base
from claimbase.problems import ProblemsFound
from claimbase.site.generate import generate_docs
from claimbase.site.shadowing import output_of

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
MERGED = "dprk-troops-kursk-duplicate"
HIJACK = '<meta http-equiv="refresh" content="0; url=https://evil.example/"><script>alert(1)</script>\n'


@pytest.fixture(scope="module")
def sample_kb():  # noqa: ANN201
    return load_knowledge_base(SAMPLE)


def _problems(kb, tmp_path: Path, hand: dict[str, str]) -> list[str]:  # noqa: ANN001
    docs = tmp_path / "hand"
    for rel, text in hand.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        generate_docs(kb, tmp_path / "docs", hand_docs=docs)
    return [str(p) for p in found.value.problems.sorted()]


@pytest.mark.parametrize("rel", [f"claims/{MERGED}.md", f"claims/{MERGED}/index.md", f"claims/{MERGED}/README.md",
                                 f"claims/{MERGED}.markdown", f"claims/{MERGED}/index.html"])
def test_a_hand_page_cannot_replace_a_merged_claims_redirect(sample_kb, tmp_path: Path, rel: str) -> None:  # noqa: ANN001
    assert _problems(sample_kb, tmp_path, {rel: HIJACK}) == [
        f"docs/{rel}: this hand-written file would replace the page of claims/{MERGED}.yaml (generated "
        f"claims/{MERGED}/index.html) at claims/{MERGED}/ (rename or move the hand-written file: generated pages, "
        "data files and redirects always stand)"]


def test_collisions_name_both_files(sample_kb, tmp_path: Path) -> None:  # noqa: ANN001
    assert _problems(sample_kb, tmp_path, {"claims.md": "x", "data/claims.json": "[]", "timeline/index.md": "x",
                                           "about.md": "x", "about/index.md": "y", "assets/claimbase/site.js": ""}) == [
        "docs/about/index.md: this file and docs/about.md both become about/index.html (keep one of the two)",
        "docs/assets/claimbase/site.js: this hand-written file would replace the generated assets/claimbase/site.js "
        "at assets/claimbase/site.js (rename or move the hand-written file: generated pages, data files and "
        "redirects always stand)",
        "docs/claims.md: this hand-written file would replace the generated claims.md at claims/ (rename or move "
        "the hand-written file: generated pages, data files and redirects always stand)",
        "docs/data/claims.json: this hand-written file would replace the generated data/claims.json at "
        "data/claims.json (rename or move the hand-written file: generated pages, data files and redirects always "
        "stand)",
        "docs/timeline/index.md: this hand-written file would replace the generated timeline.md at timeline/ "
        "(rename or move the hand-written file: generated pages, data files and redirects always stand)",
    ]


def test_hand_pages_may_not_live_in_generated_folders(sample_kb, tmp_path: Path) -> None:  # noqa: ANN001
    assert _problems(sample_kb, tmp_path, {"claims/not-yet-a-claim.md": "x"}) == [
        "docs/claims/not-yet-a-claim.md: hand-written files may not live in claims/, which the build generates "
        "(move the file to another folder of docs/)"]


def test_a_link_in_the_hand_pages_is_refused_by_the_generator_itself(sample_kb, tmp_path: Path) -> None:  # noqa: ANN001
    (tmp_path / "secret").write_text("CANARY", encoding="utf-8")
    docs = tmp_path / "hand"
    docs.mkdir()
    (docs / "about.md").symlink_to(tmp_path / "secret")
    with pytest.raises(ProblemsFound) as found:
        generate_docs(sample_kb, tmp_path / "docs", hand_docs=docs)
    assert [str(p) for p in found.value.problems.sorted()] == [
        "docs/about.md: is a symbolic link: links are never followed (replace the link by a plain file or folder)"]
    assert not any("CANARY" in p.read_text(encoding="utf-8", errors="replace")
                   for p in (tmp_path / "docs").rglob("*") if p.is_file())


def test_output_paths_follow_mkdocs() -> None:
    assert output_of("index.md") == "index.html"
    assert output_of("README.md") == "index.html"
    assert output_of("a/b.md") == "a/b/index.html"
    assert output_of("a/b/index.md") == "a/b/index.html"
    assert output_of("a/b.MD") == "a/b/index.html"
    assert output_of("data/x.json") == "data/x.json"


@pytest.mark.slow
def test_the_build_refuses_a_hijacked_redirect_and_names_both_files(tmp_path: Path) -> None:
    from claimbase.cli import main

    root = Path(shutil.copytree(SAMPLE, tmp_path / "kb"))
    (root / "docs" / "claims").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "docs" / "claims" / f"{MERGED}.md").write_text(HIJACK, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--root", str(root), "build", "--site-dir", str(tmp_path / "site")])
    assert code == 1
    assert err.getvalue().splitlines()[0].startswith(
        f"docs/claims/{MERGED}.md: this hand-written file would replace the page of claims/{MERGED}.yaml")
    assert not (tmp_path / "site").exists()


def test_verify_site_accepts_only_generated_pages(tmp_path: Path) -> None:
    """A manifest URL that lands (directly or through a redirect) on a file the build did not generate fails."""
    from claimbase.permanence import verify_site

    root, site = tmp_path / "kb", tmp_path / "site"
    root.mkdir()
    (root / "permalinks.txt").write_text("claims/a/\nclaims/b/\n", encoding="utf-8")
    for name, html in (("a", "<p>page</p>"), ("b", '<meta http-equiv="refresh" content="0; url=../c/">'),
                       ("c", "<p>copied</p>")):
        (site / "claims" / name).mkdir(parents=True)
        (site / "claims" / name / "index.html").write_text(html, encoding="utf-8")
    assert verify_site(root, site) == []
    generated = {"claims/a/index.html", "claims/b/index.html"}
    assert [str(p) for p in verify_site(root, site, generated)] == [
        "permalinks.txt:2:1: claims/b/ does not resolve in the built site: claims/c/ is not a page the build "
        "generated (a published URL must keep serving a page, a tombstone or a redirect)"]
