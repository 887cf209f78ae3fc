"""The one-way flow: load -> validate -> link -> check. Rendering and building start from its result."""

from __future__ import annotations

import gc
from pathlib import Path

from .checks import run_checks
from .kb import KnowledgeBase
from .layout import Layout
from .load import LoadCache, ids_on_disk, load_all, record_files
from .problems import Problems, ProblemsFound
from .reading import input_link_problems


def load_knowledge_base(root: Path, cache: LoadCache | None = None) -> KnowledgeBase:
    """Load, validate, link and check every record under `root`; raise `ProblemsFound` with all problems.

    A live preview passes the same `cache` each time, so only the files that changed are parsed again.
    """
    gc.unfreeze()  # what an earlier run in this process froze (a live preview reloads) may be collected again
    layout = Layout(root)
    problems = Problems()
    # Nothing outside the repository is ever read: a symbolic link in any input folder is refused.
    problems.extend(input_link_problems(layout.root))
    files, stray = record_files(layout)
    problems.extend(stray)
    loaded = load_all(layout, problems, files, cache)
    kb = KnowledgeBase.from_records(layout, loaded, ids_on_disk(files))
    # Loaded records live as long as the run: keep the garbage collector from walking them again.
    gc.freeze()
    problems.extend(run_checks(kb))
    if problems:
        raise ProblemsFound(problems)
    return kb
