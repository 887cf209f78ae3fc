"""Old record texts are read from git under the same size limit as the files of the working tree: a huge
blob in an old commit is refused by its size (`git cat-file --batch-check`) before its bytes are read."""

from __future__ import annotations

from pathlib import Path

from permanence_kb import commit_all, git, write_kb

from claimbase import history
from claimbase.changes import summarize
from claimbase.history import MAX_BLOB_BYTES, read_blobs, read_history


def _kb_with_a_huge_first_version(root: Path) -> tuple[str, str]:
    """alpha's version 1 is a file of more than 256 KB; version 2 is the ordinary record."""
    write_kb(root)
    path = root / "claims" / "alpha-claim.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "notes: " + "x" * (MAX_BLOB_BYTES + 10) + "\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    commit_all(root, "A tiny knowledge base, one record far too large")
    huge = git(root, "rev-parse", "HEAD:claims/alpha-claim.yaml").strip()
    path.write_text(good, encoding="utf-8")
    commit_all(root, "Alpha back to its normal size")
    small = git(root, "rev-parse", "HEAD:claims/alpha-claim.yaml").strip()
    return huge, small


def test_read_blobs_refuses_a_huge_blob_by_its_size_without_reading_it(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "kb"
    huge, small = _kb_with_a_huge_first_version(root)
    asked: list[bytes] = []
    real = history._git

    def spy(where: Path, *args: str, stdin: bytes | None = None):  # noqa: ANN202
        if "--batch" in args:
            asked.append(stdin or b"")
        return real(where, *args, stdin=stdin)

    monkeypatch.setattr(history, "_git", spy)
    too_large: dict[str, int] = {}
    missing = "0" * 39 + "1"
    blobs = read_blobs(root, [huge, small, missing], too_large)
    assert set(blobs) == {small}
    assert blobs[small] == (root / "claims" / "alpha-claim.yaml").read_bytes()
    assert too_large == {huge: MAX_BLOB_BYTES + 10 + len(blobs[small]) + len("notes: \n")}
    assert asked == [f"{small}\n".encode()]  # the huge blob's bytes were never asked for


def test_a_huge_old_version_keeps_its_number_and_says_why_it_is_not_shown(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    _kb_with_a_huge_first_version(root)
    found = read_history(root)
    assert found is not None
    first, second = found.of("alpha-claim")
    assert (first.number, second.number) == (1, 2)
    assert first.data is None
    assert first.raw == b""
    assert first.model is None
    assert f"more than the {MAX_BLOB_BYTES} allowed" in first.problem
    assert first.changes == ["the record could not be read"]
    assert second.model is not None
    assert second.changes == ["record changed (the version before could not be read)"]


def test_changes_does_not_compare_with_a_huge_base_record(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    _kb_with_a_huge_first_version(root)
    summary = summarize(root, "HEAD~1", check=False)
    [change] = summary.claims
    assert (change.id, change.change) == ("alpha-claim", "changed")
    assert f"more than the {MAX_BLOB_BYTES} allowed: not compared" in change.changes[0]
