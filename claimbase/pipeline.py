"""The one-way flow: load -> validate -> link -> check. Rendering and building start from its result."""

from __future__ import annotations

from pathlib import Path

from .checks import run_checks
from .kb import KnowledgeBase
from .layout import Layout
from .load import ids_on_disk, load_all
from .problems import Problems, ProblemsFound


def load_knowledge_base(root: Path) -> KnowledgeBase:
    """Load, validate, link and check every record under `root`; raise `ProblemsFound` with all problems."""
    layout = Layout(root)
    problems = Problems()
    loaded = load_all(layout, problems)
    kb = KnowledgeBase.from_records(layout, loaded, ids_on_disk(layout))
    problems.extend(run_checks(kb))
    if problems:
        raise ProblemsFound(problems)
    return kb
