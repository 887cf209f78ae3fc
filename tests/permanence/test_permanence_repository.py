"""The real repository keeps its promise: its manifest matches its records, and nothing published is lost."""

from __future__ import annotations

from pathlib import Path

from claimbase.permanence import MANIFEST_HEADER, git_problems, manifest_problems, read_manifest, record_paths

REPO = Path(__file__).resolve().parents[2]


def test_every_record_url_is_in_the_manifest_and_every_manifest_url_has_a_record() -> None:
    problems = [str(p) for p in manifest_problems(REPO)]
    assert problems == [], "\n".join(problems) + "\n(run `python build_site.py permanence --update` to add new URLs)"


def test_the_manifest_lists_the_records_of_every_kind() -> None:
    urls = [url for _, url in read_manifest(REPO) or []]
    published = record_paths(REPO)
    assert len(published) > 50  # the real data, not an empty folder
    assert {url.split("/")[0] for url in urls} == {url.split("/")[0] for url in published}


def test_the_manifest_starts_with_its_header() -> None:
    assert (REPO / "permalinks.txt").read_text(encoding="utf-8").startswith(MANIFEST_HEADER)


def test_nothing_published_is_lost_since_the_last_commit() -> None:
    problems, commit = git_problems(REPO)
    assert commit is not None
    assert [str(p) for p in problems] == []
