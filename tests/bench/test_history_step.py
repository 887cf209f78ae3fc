"""The benchmark's synthetic history (benchmarks/history_step.py): about three valid versions per claim."""

from __future__ import annotations

import subprocess
from pathlib import Path

from benchmarks import synthetic as bench
from benchmarks.history_step import add_history
from claimbase.history import read_history
from claimbase.pipeline import load_knowledge_base


def test_the_synthetic_history_gives_each_claim_valid_versions(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    bench.generate_kb(root, 40)
    made = add_history(root, per_commit=5)
    assert made["claims"] == 40
    assert made["versions"] == 120  # 2, 3, 3 or 4 versions each: 3 on average
    # The last version is the record the benchmark wrote: the working tree is clean.
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True)
    assert status.stdout == ""
    kb = load_knowledge_base(root)
    history = read_history(root, kb.records["claim"])
    assert history is not None
    assert sum(len(v) for v in history.versions.values()) == 120
    assert all(v.model is not None for versions in history.versions.values() for v in versions)
    assert {len(v) for v in history.versions.values()} == {2, 3, 4}
    changed = [c for versions in history.versions.values() for v in versions[1:] for c in v.changes]
    assert any(c.startswith("credibility ") for c in changed)
    assert any(c.startswith("quote changed") for c in changed)
