"""Fixtures for the permanence tests: a tiny knowledge base, on its own or committed in a real git repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from permanence_kb import commit_all, git, write_kb


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """The tiny knowledge base, not in git."""
    root = tmp_path / "kb"
    write_kb(root)
    return root


@pytest.fixture
def repo(kb_dir: Path) -> Path:
    """The tiny knowledge base with its manifest, committed on branch main of a fresh repository."""
    from claimbase.permanence import append_new_paths

    git(kb_dir, "init", "--quiet", "--initial-branch=main")
    append_new_paths(kb_dir)
    commit_all(kb_dir, "A tiny knowledge base")
    return kb_dir
