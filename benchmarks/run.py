"""The whole benchmark: for each size, generate a knowledge base and time every step; print one table.

`python build_site.py bench --claims 10000 --sizes 1000 3000` (or `make bench`) runs it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from claimbase.layout import FOLDERS

from .browser import _has_playwright, chromium_path, measure_browser
from .edit import copy_real_dataset, measure_edit_loop
from .report import Run, check_targets, exponent, format_table, machine, machine_speed, search_step
from .steps import (
    REPO,
    measure_build,
    measure_validate,
    measure_validate_broken,
    median_of,
    repeated,
    settle,
    site_sizes,
)
from .synthetic import generate_kb

NAV_COMPARE_MAX = 5000
"""Above this many claims, the every-claim-in-navigation build runs at COMPARE_AT claims instead: its time
grows with the square of N (627 s at 5,000 claims in an earlier measurement)."""
COMPARE_AT = 1000


VALIDATE_RUNS = 3
"""`validate` takes a few seconds and a shared machine makes single runs vary by a second or more: it is
run this many times, each in a fresh process, and the median is reported with every run."""

BUILD_RUNS = 3
"""The cold builds at the main size (with MkDocs, with and without the search index, and with version
pages) vary by 10 s or more from one run to the next on a shared 2-core machine (docs/performance.md):
each is run this many times, in fresh processes, and the median is reported with every run."""


def _run_size(work: Path, n: int, *, nav_all: bool = False, engine: str = "mkdocs", named: bool = False,
              log=print, runs: int = 1) -> Run:  # noqa: ANN001
    """One column of the table: `validate` (with MkDocs, once per size: it knows no engine), the cold
    build with `engine` (`runs` times: the median is reported), the sizes of the site."""
    root = work / f"kb-{n}"
    if not (root / "claims").is_dir():
        log(f"[bench] generating {n:,} claims ...")
        generate_kb(root, n)
    run = Run(n, nav_all, engine=engine, named=named)
    run.records = sum(1 for folder in FOLDERS.values() for _ in (root / folder).glob("*.yaml"))
    if not nav_all and engine == "mkdocs":
        log(f"[bench] validate ({n:,} claims) ...")
        checked = repeated(VALIDATE_RUNS, lambda: measure_validate(root))
        run.validate_runs = [m.seconds for m in checked]
        run.validate = median_of(checked)
        settle()
        run.validate_broken, run.located = measure_validate_broken(root)
    log(f"[bench] cold build with {engine} ({n:,} claims{', every claim in the navigation' if nav_all else ''}) ...")
    out = work / (f"out-{n}" + ("-nav" if nav_all else "") + ("" if engine == "mkdocs" else f"-{engine}"))
    builds = repeated(runs, lambda: measure_build(root, out, nav_all_claims=nav_all, engine=engine))
    run.build, run.phases = median_of(builds, key=lambda b: b[0].seconds)
    run.build_runs = [m.seconds for m, _ in builds]
    run.sizes = site_sizes(out / "site", root)
    return run


def run_benchmark(claims: int, compare_nav: bool = True, sizes: list[int] | None = None, *,
                  browser: bool = True, edit: bool = True, real_edit: bool = True, nav_at: int | None = None,
                  keep: Path | None = None, engines: tuple[str, ...] | list[str] = ("mkdocs",),
                  log=print, history: bool = False) -> dict[str, object]:  # noqa: ANN001
    """Generate N claims, measure the pipeline, print one table; return the figures.

    Each size is built with MkDocs (the browser, preview and every-claim-in-the-navigation figures are
    MkDocs') and with each other engine of `engines`, side by side in the table.

    The every-claim-in-the-navigation build runs at N up to NAV_COMPARE_MAX claims, else at COMPARE_AT;
    `nav_at` chooses another size (it grows with the square of N: expect about 10 minutes at 5,000)."""
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="claimbase-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"[bench] {machine()}")
    log(f"[bench] machine speed before the run: {machine_speed()}")
    log(f"[bench] working in {work}")
    search_step()
    started = time.perf_counter()
    try:
        runs: dict[int, Run] = {}
        others: dict[int, list[Run]] = {}
        named = any(e != "mkdocs" for e in engines)
        for n in sorted({claims, *(sizes or [])}):
            runs[n] = _run_size(work, n, named=named, log=log, runs=BUILD_RUNS if n == claims else 1)
            for other in (e for e in engines if e != "mkdocs"):
                others.setdefault(n, []).append(_run_size(work, n, engine=other, named=True, log=log))
                if n != claims and not keep:
                    shutil.rmtree(work / f"out-{n}-{other}", ignore_errors=True)
            if n == claims:
                settle()
                if browser and chromium_path() and not _has_playwright():
                    log("[bench] Playwright is not installed (pip install -r requirements-dev.txt): "
                        "browser figures skipped")
                elif browser and chromium_path():
                    log("[bench] headless Chromium: claims index and search ...")
                    runs[n].browser = measure_browser(work / f"out-{n}" / "site", work / f"kb-{n}")
                    log("[bench] full-text search: index time, first query (benchmarks/search_step.py) ...")
                    runs[n].browser |= search_step().measure(work / f"out-{n}" / "site", work / f"kb-{n}",
                                                             queries=20 if n >= 1000 else 3)
                elif browser:
                    log("[bench] chromium not found: browser figures skipped")
                log("[bench] the same cold build without the search index (what the index adds) ...")
                runs[n].browser |= search_step().added_seconds(
                    work / f"kb-{n}", work, runs[n].build.seconds, runs[n].phases, runs=BUILD_RUNS,
                    built_cpu=runs[n].build.cpu_seconds, site=work / f"out-{n}" / "site")
                if edit:
                    log("[bench] serve: edit one claim, wait for the preview ...")
                    runs[n].edit = measure_edit_loop(work / f"kb-{n}", log_to=work / f"serve-{n}.log")
            if n != claims and not keep:
                shutil.rmtree(work / f"out-{n}", ignore_errors=True)
        ratio = None
        nav_run = None
        if compare_nav:
            at = nav_at or (claims if claims <= NAV_COMPARE_MAX else COMPARE_AT)
            if at not in runs:
                runs[at] = _run_size(work, at, named=named, log=log)
            nav_run = _run_size(work, at, nav_all=True, named=named, log=log)
            ratio = (runs[at], nav_run)
        real: dict[str, float] = {}
        if edit and real_edit and (REPO / "claims").is_dir():
            log("[bench] serve on the real dataset: edit one claim ...")
            real_root = copy_real_dataset(work / "real")
            real = measure_edit_loop(real_root)
        history_figures: dict[str, float] = {}
        if history:  # versions from git (benchmarks/history_step.py)
            from .history_step import run as run_history

            history_figures = run_history(work, claims, log=log, runs=BUILD_RUNS)
        ordered = [r for n in sorted(runs) for r in (runs[n], *others.get(n, []))] + ([nav_run] if nav_run else [])
        table = format_table(ordered, ratio)
        points = [(n, r.build.seconds) for n, r in runs.items() if 1000 <= n <= 10000 and r.build]
        cpu_points = [(n, r.build.cpu_seconds) for n, r in runs.items() if 1000 <= n <= 10000 and r.build]
        validate_points = [(n, r.validate.seconds) for n, r in runs.items() if 1000 <= n <= 10000 and r.validate]
        exp, exp_cpu, exp_validate = exponent(points), exponent(cpu_points), exponent(validate_points)
        log("")
        log(table)
        log("")
        if exp is not None:
            log(f"Time exponent, full cold build, N = {min(n for n, _ in points):,} to {max(n for n, _ in points):,}: "
                f"{exp:.2f} (wall), {exp_cpu:.2f} (CPU); validate: {exp_validate:.2f}")
        main = runs[claims]
        targets = check_targets(main, exp if len(points) > 1 else None, real)
        log(f"Targets (the issue's, for 10,000 claims; checked here at {claims:,}):")
        for line in targets:
            log("  " + line)
        if real:
            log(f"Real dataset (copied from the repository): serve starts in {real.get('serve_startup_s', 0):.1f} s; "
                f"save one claim to page shown {real.get('edit_to_preview_s', 0):.2f} s "
                f"(regenerate {real.get('regenerate_s', 0):.2f} s)")
        log(f"[bench] machine speed after the run: {machine_speed()}")
        log(f"[bench] {machine().split('; ')[0]}; load average after the run "
            f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}; took {time.perf_counter() - started:.0f} s")
        return {"runs": ordered, "table": table, "targets": targets, "exponent": exp, "exponent_cpu": exp_cpu,
                "exponent_validate": exp_validate, "real_edit": real, "history": history_figures}
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
