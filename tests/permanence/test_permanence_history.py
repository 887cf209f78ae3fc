"""The permanence check against git history and the manifest, in real repositories (no mocks)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from permanence_kb import REPO, claim_text, commit_all, git, write_kb

from claimbase.permanence import (
    PermanenceError,
    append_new_paths,
    check_permanence,
    expected_paths,
    manifest_problems,
    read_id,
    record_paths,
)
from claimbase.pipeline import load_knowledge_base
from claimbase.problems import ProblemsFound


def problems_of(root: Path, base: str | None = None) -> list[str]:
    with pytest.raises(ProblemsFound) as caught:
        check_permanence(root, base)
    return [str(p) for p in caught.value.problems.sorted()]


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(REPO / "build_site.py"), "--root", str(root), *args],
                          capture_output=True, text=True, check=False)


# --- Passing cases ------------------------------------------------------------------------------


def test_a_clean_repository_passes(repo: Path) -> None:
    result = check_permanence(repo)
    assert result.compared_with == git(repo, "rev-parse", "HEAD").strip()


def test_manifest_lists_every_record_url_sorted_after_a_header(repo: Path) -> None:
    lines = (repo / "permalinks.txt").read_text(encoding="utf-8").splitlines()
    urls = [line for line in lines if not line.startswith("#")]
    assert urls == ["actors/example-ministry/", "claims/alpha-claim/", "claims/beta-claim/",
                    "claims/gamma-claim/", "sources/example-statement/"]
    assert lines[0].startswith("# ")


def test_expected_paths_of_the_loaded_records_match_the_record_files(repo: Path) -> None:
    kb = load_knowledge_base(repo)
    assert expected_paths(kb) == list(record_paths(repo))


def test_withdrawing_a_claim_passes(repo: Path) -> None:
    status = "  value: withdrawn\n  reason: Entered by mistake.\n  date: 2025-03-01"
    (repo / "claims" / "gamma-claim.yaml").write_text(claim_text("gamma-claim", "a second thing happened", status),
                                                      encoding="utf-8")
    load_knowledge_base(repo)  # a valid record
    check_permanence(repo)


def test_merging_a_duplicate_passes(repo: Path) -> None:
    status = ("  value: merged\n  reason: Same statement as alpha-claim.\n  date: 2025-03-01\n"
              "  merged_into: alpha-claim")
    (repo / "claims" / "beta-claim.yaml").write_text(
        claim_text("beta-claim", "the first thing happened, in other words", status), encoding="utf-8")
    load_knowledge_base(repo)
    check_permanence(repo)


def test_a_new_claim_must_be_appended_and_update_appends_it(repo: Path) -> None:
    (repo / "claims" / "delta-claim.yaml").write_text(claim_text("delta-claim", "a third thing happened"),
                                                      encoding="utf-8")
    assert problems_of(repo) == [
        "claims/delta-claim.yaml:2:1: claims/delta-claim/ is not in permalinks.txt: every published URL is listed "
        "there (add the line `claims/delta-claim/` to permalinks.txt, or run "
        "`python build_site.py permanence --update`)"]
    result = check_permanence(repo, update=True)
    assert result.added == ["claims/delta-claim/"]
    urls = [line for line in (repo / "permalinks.txt").read_text().splitlines() if not line.startswith("#")]
    assert urls == sorted(urls)
    assert "claims/delta-claim/" in urls
    assert append_new_paths(repo) == []  # nothing more to add; the file is unchanged


# --- Each way of breaking a URL fails, naming it --------------------------------------------------


def test_deleting_a_claim_file_fails_naming_the_url(repo: Path) -> None:
    (repo / "claims" / "gamma-claim.yaml").unlink()
    problems = problems_of(repo)
    assert problems == [
        "claims/gamma-claim.yaml: claims/gamma-claim/: claims/gamma-claim.yaml was deleted (since HEAD): a published "
        "URL never breaks (restore it (git checkout HEAD -- claims/gamma-claim.yaml); then set its status to "
        "withdrawn (with reason and date), or to merged (merged_into: the claim it duplicates))",
        "permalinks.txt:7:1: claims/gamma-claim/ is in permalinks.txt but no record publishes it: a published URL "
        "never breaks (restore claims/gamma-claim.yaml from git history and set its status to withdrawn (with "
        "reason and date), or to merged (merged_into: the claim it duplicates))",
    ]


def test_deleting_a_committed_claim_file_fails_against_the_base(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "-b", "contribution")
    git(repo, "rm", "--quiet", "claims/alpha-claim.yaml")
    git(repo, "commit", "--quiet", "-m", "Delete a claim")
    against_head = problems_of(repo)  # the last commit deleted it: HEAD no longer has the file...
    assert not any("was deleted" in p for p in against_head)
    assert any(p.startswith("permalinks.txt:5:1: claims/alpha-claim/ is in permalinks.txt") for p in against_head)
    problems = problems_of(repo, base="main")  # ...but the pull request's base does
    assert any(p.startswith("claims/alpha-claim.yaml: claims/alpha-claim/: claims/alpha-claim.yaml was deleted "
                            "(since main)") for p in problems)


def test_renaming_a_claim_file_fails_naming_the_url(repo: Path) -> None:
    git(repo, "mv", "claims/alpha-claim.yaml", "claims/alpha-claim-renamed.yaml")
    problems = problems_of(repo)
    assert ("claims/alpha-claim.yaml: claims/alpha-claim/: claims/alpha-claim.yaml was renamed to "
            "claims/alpha-claim-renamed.yaml (since HEAD): a published URL never breaks and an id never changes "
            "(rename it back (git mv claims/alpha-claim-renamed.yaml claims/alpha-claim.yaml); to replace a claim, "
            "add a new one and mark the old one superseded or merged)") in problems
    assert any(p.startswith("permalinks.txt:5:1: claims/alpha-claim/ is in permalinks.txt but no record publishes it")
               for p in problems)


def test_renaming_without_git_mv_is_seen_too(repo: Path) -> None:
    """An untracked new name is compared as well: the working tree is what counts."""
    source = repo / "claims" / "alpha-claim.yaml"
    text = source.read_text(encoding="utf-8").replace("id: alpha-claim", "id: alpha-two")
    source.unlink()
    (repo / "claims" / "alpha-two.yaml").write_text(text, encoding="utf-8")
    problems = problems_of(repo)
    assert any(p.startswith("claims/alpha-claim.yaml: claims/alpha-claim/: claims/alpha-claim.yaml was renamed to "
                            "claims/alpha-two.yaml (since HEAD)") for p in problems)


def test_changing_an_id_fails_naming_the_url(repo: Path) -> None:
    path = repo / "claims" / "beta-claim.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: beta-claim", "id: beta-claim-2"), encoding="utf-8")
    assert problems_of(repo) == [
        "claims/beta-claim.yaml:2:1: id: claims/beta-claim/: the id changed from 'beta-claim' to 'beta-claim-2' "
        "(since HEAD): an id never changes (set it back: `id: beta-claim`)"]


def test_changing_a_source_id_fails_too(repo: Path) -> None:
    path = repo / "sources" / "example-statement.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: example-statement", "id: 'other'"),
                    encoding="utf-8")
    problems = problems_of(repo)
    assert problems == [
        "sources/example-statement.yaml:2:1: id: sources/example-statement/: the id changed from 'example-statement' "
        "to 'other' (since HEAD): an id never changes (set it back: `id: example-statement`)"]


def test_dropping_a_manifest_line_fails_naming_the_url(repo: Path) -> None:
    manifest = repo / "permalinks.txt"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("claims/beta-claim/\n", ""), encoding="utf-8")
    problems = problems_of(repo)
    assert ("permalinks.txt: claims/beta-claim/ was removed from permalinks.txt (it was line 6 at HEAD): published "
            "URLs are never removed (put the line `claims/beta-claim/` back)") in problems
    assert any(p.startswith("claims/beta-claim.yaml:2:1: claims/beta-claim/ is not in permalinks.txt")
               for p in problems)


def test_a_manifest_line_out_of_order_or_twice_is_reported(repo: Path) -> None:
    manifest = repo / "permalinks.txt"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "claims/alpha-claim/\n", encoding="utf-8")
    assert problems_of(repo) == [
        "permalinks.txt:9:1: claims/alpha-claim/ is listed twice (first on line 5) (delete this second copy of the "
        "line)"]


def test_every_problem_of_a_run_is_reported(repo: Path) -> None:
    (repo / "claims" / "gamma-claim.yaml").unlink()
    git(repo, "mv", "claims/alpha-claim.yaml", "claims/alpha-renamed.yaml")
    path = repo / "claims" / "beta-claim.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: beta-claim", "id: beta"), encoding="utf-8")
    text = "\n".join(problems_of(repo))
    for url in ("claims/alpha-claim/", "claims/beta-claim/", "claims/gamma-claim/"):
        assert url in text


def test_the_command_line_reports_problems_and_exits_1(repo: Path) -> None:
    (repo / "claims" / "gamma-claim.yaml").unlink()
    run = run_cli(repo, "permanence")
    assert run.returncode == 1
    assert "claims/gamma-claim/" in run.stderr
    assert "2 problems found." in run.stderr
    assert "Traceback" not in run.stderr


# --- When the comparison cannot be made ------------------------------------------------------------


def test_not_a_git_repository_is_a_clear_error(kb_dir: Path) -> None:
    append_new_paths(kb_dir)
    with pytest.raises(PermanenceError, match="is not inside a git work tree"):
        check_permanence(kb_dir)
    run = run_cli(kb_dir, "permanence")
    assert run.returncode == 1
    assert "error:" in run.stderr
    assert "Traceback" not in run.stderr


def test_no_commits_yet_compares_with_nothing(kb_dir: Path) -> None:
    git(kb_dir, "init", "--quiet")
    append_new_paths(kb_dir)
    result = check_permanence(kb_dir)
    assert result.compared_with is None
    assert "no commits yet" in result.note


def test_an_unknown_base_is_a_clear_error(repo: Path) -> None:
    with pytest.raises(PermanenceError, match="unknown git revision 'origin/nowhere'.*fetch-depth: 0"):
        check_permanence(repo, base="origin/nowhere")
    run = run_cli(repo, "permanence", "--base", "no-such-branch")
    assert run.returncode == 1
    assert "unknown git revision 'no-such-branch'" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_base_that_looks_like_an_option_is_not_one(repo: Path) -> None:
    with pytest.raises(PermanenceError, match="unknown git revision"):
        check_permanence(repo, base="--output=/tmp/x")


def test_the_knowledge_base_in_a_subfolder_of_a_repository(tmp_path: Path) -> None:
    root = tmp_path / "outer"
    root.mkdir()
    git(root, "init", "--quiet")
    write_kb(root / "data")
    append_new_paths(root / "data")
    commit_all(root, "data in a subfolder")
    check_permanence(root / "data")
    (root / "data" / "claims" / "alpha-claim.yaml").unlink()
    assert any(p.startswith("claims/alpha-claim.yaml: claims/alpha-claim/: claims/alpha-claim.yaml was deleted")
               for p in problems_of(root / "data"))


def test_the_repository_index_is_not_touched(repo: Path) -> None:
    (repo / "claims" / "delta-claim.yaml").write_text(claim_text("delta-claim", "x"), encoding="utf-8")
    before = git(repo, "status", "--porcelain")
    with pytest.raises(ProblemsFound):
        check_permanence(repo)
    assert git(repo, "status", "--porcelain") == before == "?? claims/delta-claim.yaml\n"


# --- Small parts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("# schema\nid: abc\n", "abc"),
    ("id: 'abc'  # note\n", "abc"),
    ('id: "abc"\n', "abc"),
    ("title: x\n  id: nested\nid: top\n", "top"),
    ("title: x\n", None),
])
def test_read_id(text: str, expected: str | None) -> None:
    assert read_id(text) == expected


def test_manifest_missing_with_records_is_a_problem(kb_dir: Path) -> None:
    assert [str(p) for p in manifest_problems(kb_dir)] == [
        "permalinks.txt: permalinks.txt is missing: it lists every published URL (create it with "
        "`python build_site.py permanence --update` and commit it)"]
