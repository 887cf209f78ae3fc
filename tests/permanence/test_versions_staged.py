"""A build writes version and history pages beside the docs folder and moves them into the built site
after the engine (site/versions.py `publish`): with either engine, they land in the site, the docs folder
does not hold them, and the folder they were written to is gone."""

from __future__ import annotations

from pathlib import Path

import pytest
from permanence_kb import commit_all, git, write_kb

from claimbase.site.build import build_site
from claimbase.site.versions import site_only_dir

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_version_pages_are_moved_into_the_site_after_the_engine(tmp_path: Path, engine: str) -> None:
    pytest.importorskip(engine)
    root = tmp_path / "kb"
    write_kb(root)
    git(root, "init", "--quiet", "--initial-branch=main")
    commit_all(root, "A tiny knowledge base")
    path = root / "claims" / "alpha-claim.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("grade: 6", "grade: 5", 1), encoding="utf-8")
    commit_all(root, "Regrade alpha")
    docs, site = tmp_path / "out" / "docs", tmp_path / "site"
    build_site(root, site, docs_dir=docs, engine=engine)
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "claims" / "alpha-claim").rglob("index.html"))
    assert pages == [f"claims/alpha-claim/{sub}index.html" for sub in ("history/", "", "v1/", "v2/")]
    assert "Version 1 of this claim" in (site / "claims/alpha-claim/v1/index.html").read_text(encoding="utf-8")
    assert not (docs / "claims" / "alpha-claim" / "v1").exists()
    assert not site_only_dir(docs).exists()
