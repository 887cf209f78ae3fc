"""Each folder in tests/fixtures/broken/ is one mistake; the validator must say exactly what expected.txt says."""

from __future__ import annotations

from pathlib import Path

import pytest
from broken_cases import BROKEN, assemble, case_names, run_validate


@pytest.mark.parametrize("case", case_names())
def test_broken_case_reports_exact_message(case: str, tmp_path: Path) -> None:
    root = assemble(case, tmp_path / "kb")
    code, out, err = run_validate(root)
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8")
    assert err == expected
    assert code == 1
    assert out == ""


def test_every_case_has_expected_output() -> None:
    missing = [c for c in case_names() if not (BROKEN / c / "expected.txt").exists()]
    assert missing == []
    assert len(case_names()) >= 40


def test_valid_base_passes(tmp_path: Path) -> None:
    root = assemble_valid(tmp_path)
    code, out, err = run_validate(root)
    assert (code, err) == (0, "")
    assert out.startswith("OK: 1 claim, 2 sources")


def assemble_valid(tmp_path: Path) -> Path:
    import shutil

    from broken_cases import VALID

    return Path(shutil.copytree(VALID, tmp_path / "kb"))


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    root = assemble_valid(tmp_path)
    path = root / "claims" / "missiles-used.yaml"
    path.write_text(path.read_text() + "notes: |\n" + ("  " + "x" * 100 + "\n") * 3000, encoding="utf-8")
    code, _, err = run_validate(root)
    size = path.stat().st_size
    assert err.splitlines()[0] == (
        f"claims/missiles-used.yaml:1:1: file is {size} bytes, more than the 262144 allowed "
        "(records are small; keep long text in the source's archived text file)")
    assert code == 1


def test_absurd_nesting_is_refused_without_crash(tmp_path: Path) -> None:
    root = assemble_valid(tmp_path)
    path = root / "claims" / "missiles-used.yaml"
    path.write_text(path.read_text() + "notes: " + "[" * 50000 + "]" * 50000 + "\n", encoding="utf-8")
    code, _, err = run_validate(root)
    assert "nesting deeper than 20 levels" in err
    assert code == 1


def test_yaml_1_1_words_are_read_as_text(tmp_path: Path) -> None:
    """`on`, `no`, bare dates and sexagesimal numbers stay text where text is expected."""
    root = assemble_valid(tmp_path)
    path = root / "claims" / "missiles-used.yaml"
    text = path.read_text().replace("title: North Korean missiles used against Ukraine", "title: on")
    text = text.replace('added: "2026-11-26"', "added: 2026-11-26")
    text = text.replace("statement: Russia fired", "statement: 1:20 Russia fired")
    path.write_text(text, encoding="utf-8")
    code, out, err = run_validate(root)
    assert (code, err) == (0, "")
    from claimbase.pipeline import load_knowledge_base

    claim = load_knowledge_base(root).claims["missiles-used"]
    assert claim.title == "on"
    assert claim.added == "2026-11-26"
