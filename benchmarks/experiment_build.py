"""Experiment: the full cold build with the loader and check changes of experiment_validate.py applied.

    python benchmarks/experiment_build.py <knowledge-base> <out-folder> [--fix NAME ...]

Runs what `python build_site.py bench` times (load and check, generate, MkDocs) in this process, after
applying the named fixes (quotes, listing, resolver, freeze, overlap), and prints the phase times.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import experiment_validate as ev  # noqa: E402


def main() -> None:
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    fixes = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--fix"]
    for name in fixes:
        {"quotes": ev.fix_quotes, "listing": ev.fix_listing, "resolver": ev.fix_resolver,
         "freeze": ev.fix_freeze, "overlap": ev.fix_overlap}[name]()
    for folder in ("docs", "site"):
        shutil.rmtree(out / folder, ignore_errors=True)
    from claimbase import bench

    print("fixes", fixes or "none")
    bench._step_main(["--root", str(root), "--site-dir", str(out / "site"), "--docs-dir", str(out / "docs")])


if __name__ == "__main__":
    main()
