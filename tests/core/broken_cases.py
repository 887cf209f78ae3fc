"""Run the validator on a broken-input case: the valid base with the case's files laid over it."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

from claimbase.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"


def case_names() -> list[str]:
    return sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def assemble(case: str, into: Path) -> Path:
    """Copy the valid base into `into`, then apply the case: overlay its files, delete what DELETE lists."""
    shutil.copytree(VALID, into)
    case_dir = BROKEN / case
    for path in sorted(case_dir.rglob("*")):
        rel = path.relative_to(case_dir)
        if path.is_dir() or rel.name in ("expected.txt", "DELETE"):
            continue
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, into / rel)
    delete = case_dir / "DELETE"
    if delete.exists():
        for line in delete.read_text().split():
            (into / line).unlink()
    return into


def run_validate(root: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "validate"])
    return code, out.getvalue(), err.getvalue()
