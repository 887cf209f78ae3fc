"""The contributor commands: validate on the real data, `new` skeletons, committed schemas."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from broken_cases import VALID, run_validate

from claimbase.cli import main
from claimbase.layout import FOLDERS, schema_line
from claimbase.schema import expected_schemas

REPO = Path(__file__).resolve().parents[2]


def test_real_records_validate() -> None:
    code, out, err = run_validate(REPO)
    assert err == ""
    assert code == 0
    assert out.startswith("OK: ")


def test_committed_schemas_are_current() -> None:
    for name, text in expected_schemas().items():
        committed = REPO / "schemas" / name
        assert committed.exists(), f"schemas/{name} is missing: run `python build_site.py schemas`"
        assert committed.read_text(encoding="utf-8") == text, (
            f"schemas/{name} is stale: run `python build_site.py schemas` and commit it")


def test_every_record_file_names_its_schema() -> None:
    for kind, folder in FOLDERS.items():
        for path in (REPO / folder).glob("*.yaml"):
            first = path.read_text(encoding="utf-8").split("\n", 1)[0]
            assert first == schema_line(kind), path


@pytest.mark.parametrize("kind", sorted(FOLDERS))
def test_new_skeleton_fails_validation_until_filled(kind: str, tmp_path: Path, capsys) -> None:
    root = Path(shutil.copytree(VALID, tmp_path / "kb"))
    assert main(["--root", str(root), "new", kind, "fresh-record"]) == 0
    path = root / FOLDERS[kind] / "fresh-record.yaml"
    assert path.read_text(encoding="utf-8").startswith(schema_line(kind) + "\n")
    capsys.readouterr()
    code, _, err = run_validate(root)
    assert code == 1
    lines = err.splitlines()
    assert all(line.startswith(f"{FOLDERS[kind]}/fresh-record.yaml:") for line in lines[:-1])
    assert lines[-1] == f"{len(lines) - 1} problems found."
    assert len(lines) > 3


def test_new_refuses_existing_and_invalid_ids(tmp_path: Path, capsys) -> None:
    root = Path(shutil.copytree(VALID, tmp_path / "kb"))
    assert main(["--root", str(root), "new", "claim", "missiles-used"]) == 1
    assert main(["--root", str(root), "new", "claim", "Not An Id"]) == 1
    err = capsys.readouterr().err
    assert "claims/missiles-used.yaml exists already; ids are never reused" in err
    assert "'Not An Id' is not a valid id" in err
