"""Loading shared between worker processes (from PARALLEL_FROM files on) gives exactly what loading in
one process gives: the same records, the same problems at the same lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimbase import load
from claimbase.layout import Layout
from claimbase.problems import Problems

TESTS = Path(__file__).resolve().parents[1]
ROOTS = [TESTS / "fixtures" / "sample", TESTS.parent, *sorted((TESTS / "fixtures" / "broken").iterdir())]


def _load(root: Path) -> tuple[list[tuple[str, str, str, dict]], str]:
    problems = Problems()
    records = load.load_all(Layout(root), problems)
    return [(r.kind, r.id, r.file, r.model.model_dump()) for r in records], problems.report()


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="workers are forked")
def test_parallel_loading_matches_loading_in_one_process(monkeypatch):
    one_process = {root.name: _load(root) for root in ROOTS if root.is_dir()}
    monkeypatch.setattr(load, "PARALLEL_FROM", 1)
    monkeypatch.setattr(load, "CHUNK", 3)  # many chunks, so problems land in chunks other than the first
    for root in ROOTS:
        if root.is_dir():
            assert _load(root) == one_process[root.name], root.name
    assert any("problem" in report and not report.startswith("0 ") for _, report in one_process.values())
