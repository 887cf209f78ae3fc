"""The timed steps, each in a fresh process as a contributor would run it: `validate`, and the cold build
(page generation and the engine build, with peak memory), then the sizes of what was built.

`python -m benchmarks.steps _step ...` is the build step's own process (see `measure_build`).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

STEP_MARK = "CLAIMBASE-BENCH-STEP "

@dataclass
class Measured:
    seconds: float
    maxrss_mb: float
    """The largest resident set of the process or of any of its children (wait4's ru_maxrss)."""
    tree_peak_mb: float
    """The largest memory of the process and its descendants together (PSS), sampled every 50 ms."""
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0
    """User and system CPU time of the process and the children it waited for."""


def _tree_rss_kb(pid: int) -> int:
    """The memory of a process and its descendants: the sum of their proportional set sizes (PSS: pages
    shared between forked processes are counted once in all), or of their RSS where PSS is not shown."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            try:
                with open(f"/proc/{p}/smaps_rollup", encoding="ascii", errors="replace") as fh:
                    total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
            except (OSError, StopIteration):
                with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                    total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError, StopIteration):  # the process ended meanwhile
            continue
    return total


def run_measured(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> Measured:
    """Run a command to its end: wall time, peak memory of its process tree, its output."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(seconds, usage.ru_maxrss / 1024, peak / 1024, proc.returncode,
                        out.read(), err.read(), usage.ru_utime + usage.ru_stime)


def _step_main(argv: list[str]) -> int:
    """In a fresh process: load and check, generate the pages, run the engine; print the phase times as JSON."""
    import argparse

    started = time.perf_counter()
    p = argparse.ArgumentParser()
    p.add_argument("--root", type=Path, required=True)
    p.add_argument("--site-dir", type=Path, required=True)
    p.add_argument("--docs-dir", type=Path, required=True)
    p.add_argument("--nav-all-claims", action="store_true")
    p.add_argument("--engine", default="mkdocs")
    p.add_argument("--no-search", action="store_true", help="leave the search index out")
    args = p.parse_args(argv)
    from claimbase.pipeline import load_knowledge_base
    from claimbase.site import build

    def rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    imported = time.perf_counter()
    kb = load_knowledge_base(args.root)
    loaded = time.perf_counter()
    generate, phases = build.generate_docs, {"rss_after_load": rss_mb()}

    def timed_generate(*a: object, **k: object) -> object:
        t = time.perf_counter()
        result = generate(*a, **k)
        phases["generate"] = time.perf_counter() - t
        phases["generated_files"] = len(result.written)
        phases["rss_after_generate"] = rss_mb()
        return result

    build.generate_docs = timed_generate
    t = time.perf_counter()
    result = build.build_kb(kb, args.root, args.site_dir, docs_dir=args.docs_dir,
                            nav_all_claims=args.nav_all_claims, engine=args.engine, search=not args.no_search)
    build_total = time.perf_counter() - t
    phases.update(search_index=result.search_seconds, search_wait=result.search_waited)
    phases.update(imports=imported - started, load=loaded - imported,
                  engine=build_total - phases.get("generate", 0.0), total=time.perf_counter() - started)
    print(STEP_MARK + json.dumps(phases), flush=True)
    return 0


def _python() -> list[str]:
    return [sys.executable]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("SOURCE_DATE_EPOCH", "1735689600")  # the build never asks git of a temporary folder
    return env


def settle() -> None:
    """Before a timed step: let the kernel write out what the previous step wrote (34 MB of records, or
    a 440 MB site), so that the step is not timed while competing with that writeback."""
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(1.0)


def repeated(runs: int, measure):  # noqa: ANN001, ANN201 - a function of no arguments, what it returns
    """`measure()` run `runs` times, each after `settle`: what each returned, in the order they ran."""
    out = []
    for _ in range(runs):
        settle()
        out.append(measure())
    return out


def median_of(runs: list, key=lambda m: m.seconds):  # noqa: ANN001, ANN201 - any runs, a key function
    """The run of median `key` (wall seconds by default): the lower middle one of an even count."""
    return sorted(runs, key=key)[(len(runs) - 1) // 2]


def _run_validate(root: Path) -> Measured:
    return run_measured([*_python(), str(REPO / "build_site.py"), "--root", str(root), "validate"], env=_env())


def measure_validate(root: Path) -> Measured:
    m = _run_validate(root)
    if m.returncode != 0:
        raise RuntimeError(f"validate failed on the synthetic knowledge base:\n{m.stdout}\n{m.stderr[-4000:]}")
    return m


def measure_validate_broken(root: Path) -> tuple[Measured, bool]:
    """`validate` with one claim broken (an unknown kind): the time, and whether the error names file:line:col."""
    path = sorted((root / "claims").glob("*.yaml"))[len(list((root / "claims").glob("*.yaml"))) // 2]
    original = path.read_text(encoding="utf-8")
    broken = re.sub(r"^kind: .*$", "kind: not-a-kind", original, count=1, flags=re.MULTILINE)
    line = broken.split("\n").index("kind: not-a-kind") + 1
    path.write_text(broken, encoding="utf-8")
    try:
        m = _run_validate(root)
    finally:
        path.write_text(original, encoding="utf-8")
    located = m.returncode == 1 and f"claims/{path.name}:{line}:7: kind" in m.stderr
    return m, located


def measure_build(root: Path, out: Path, *, nav_all_claims: bool = False,
                  engine: str = "mkdocs", search: bool = True) -> tuple[Measured, dict[str, float]]:
    """A cold build in a fresh process: empty docs and site folders (`search=False`: without the index)."""
    docs, site = out / "docs", out / "site"
    for folder in (docs, site):
        shutil.rmtree(folder, ignore_errors=True)
    cmd = [*_python(), "-m", "benchmarks.steps", "_step", "--root", str(root), "--site-dir", str(site),
           "--docs-dir", str(docs), "--engine", engine] + (["--nav-all-claims"] if nav_all_claims else []) \
        + ([] if search else ["--no-search"])
    m = run_measured(cmd, env=_env(), cwd=REPO)
    if m.returncode != 0:
        raise RuntimeError(f"the site build failed:\n{m.stdout[-2000:]}\n{m.stderr[-6000:]}")
    line = next(x for x in m.stdout.splitlines() if x.startswith(STEP_MARK))
    return m, json.loads(line[len(STEP_MARK):])


def _tree_bytes(path: Path) -> tuple[int, int]:
    total = count = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            total += os.lstat(os.path.join(dirpath, name)).st_size
            count += 1
    return total, count


def site_sizes(site: Path, root: Path) -> dict[str, float]:
    from claimbase import urls

    claim_pages = []
    claims_dir = site / "claims"
    for path in (root / "claims").glob("*.yaml"):
        page = claims_dir / path.stem / "index.html"
        if page.is_file():
            claim_pages.append(page.stat().st_size)
    site_bytes, files = _tree_bytes(site)
    search = site / "pagefind"  # the full-text index (claimbase/site/search.py): a query loads a few chunks of it
    index_json = site / urls.data_path("claims-index")
    index_page = site / urls.page_path("claims") / "index.html"
    return {
        "site_bytes": site_bytes, "site_files": files,
        "search_index_bytes": _tree_bytes(search)[0] if search.is_dir() else 0,
        "claim_page_median": statistics.median(claim_pages), "claim_page_max": max(claim_pages),
        "claims_index_page": index_page.stat().st_size, "claims_index_json": index_json.stat().st_size,
    }


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_step":
        raise SystemExit(_step_main(sys.argv[2:]))
    raise SystemExit("usage: python build_site.py bench --claims N [--sizes N ...] [--no-nav-compare]")
