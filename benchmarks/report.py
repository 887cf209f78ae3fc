"""The report: one table of every figure, the issue's targets with pass or fail, the scaling exponent."""

from __future__ import annotations

import contextlib
import math
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .steps import Measured


@dataclass
class Run:
    n: int
    nav_all: bool
    records: int = 0
    validate: Measured | None = None
    """The median of VALIDATE_RUNS fresh runs (by wall time)."""
    validate_runs: list[float] = field(default_factory=list)
    """The wall time of each of those runs, in the order they ran."""
    validate_broken: Measured | None = None
    located: bool | None = None
    """Whether `validate` named file:line:col of the broken record."""
    build: Measured | None = None
    """The run of median wall time when the build ran more than once (`build_runs`)."""
    build_runs: list[float] = field(default_factory=list)
    """The wall time of each cold build, in the order they ran."""
    phases: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, float] = field(default_factory=dict)
    browser: dict[str, float] = field(default_factory=dict)
    edit: dict[str, float] = field(default_factory=dict)
    engine: str = "mkdocs"
    named: bool = False
    """Name the engine in the column's label (when the benchmark runs more than one)."""

    @property
    def label(self) -> str:
        return f"{self.n:,}" + (f" {self.engine}" if self.named else "") + (" nav-all" if self.nav_all else "")


def _fmt_int(x: float | None) -> str:
    return "" if x is None else f"{x:,.0f}"


def _fmt_s(x: float | None) -> str:
    return "" if x is None else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def _fmt_mb(x: float | None) -> str:
    return "" if x is None else f"{x / 1e6:.1f}"


def _fmt_kb(x: float | None) -> str:
    return "" if x is None else f"{x / 1e3:.1f}"


def _fmt_ms(x: float | None) -> str:
    return "" if x is None else f"{x:.0f}"


ROWS: list[tuple[str, object]] = [
    ("records (files)", lambda r: f"{r.records:,}"),
    ("validate, s (fresh `build_site.py validate`, median)",
     lambda r: _fmt_s(r.validate.seconds) if r.validate else "-"),
    ("validate, each run, s", lambda r: " / ".join(_fmt_s(x) for x in r.validate_runs) if r.validate_runs else "-"),
    ("validate CPU, s", lambda r: _fmt_s(r.validate.cpu_seconds) if r.validate else "-"),
    ("validate, one record broken, s", lambda r: (_fmt_s(r.validate_broken.seconds) + (
        " (file:line:col shown)" if r.located else " (NO line number)")) if r.validate_broken else "-"),
    ("build: load + check, s", lambda r: _fmt_s(r.phases.get("load"))),
    ("build: generate pages, s", lambda r: _fmt_s(r.phases.get("generate"))),
    ("build: engine build, s", lambda r: _fmt_s(r.phases.get("engine"))),
    ("full cold build, s (wall; the median where it ran more than once)", lambda r: _fmt_s(r.build.seconds)),
    ("full cold build, each run, s", lambda r: " / ".join(_fmt_s(x) for x in r.build_runs)
     if len(r.build_runs) > 1 else "-"),
    ("full cold build CPU, s", lambda r: _fmt_s(r.build.cpu_seconds)),
    ("peak memory, MB (largest process)", lambda r: f"{r.build.maxrss_mb:.0f}"),
    ("peak memory, MB (all processes, PSS)", lambda r: f"{r.build.tree_peak_mb:.0f}"),
    ("peak memory after load + check, MB", lambda r: _fmt_int(r.phases.get("rss_after_load"))),
    ("peak memory after generate, MB", lambda r: _fmt_int(r.phases.get("rss_after_generate"))),
    ("site size, MB", lambda r: _fmt_mb(r.sizes["site_bytes"])),
    ("site files", lambda r: f"{int(r.sizes['site_files']):,}"),
    ("search index, MB", lambda r: _fmt_mb(r.sizes["search_index_bytes"])),
    ("claim page HTML, median KB", lambda r: _fmt_kb(r.sizes["claim_page_median"])),
    ("claim page HTML, largest KB", lambda r: _fmt_kb(r.sizes["claim_page_max"])),
    ("claims index page HTML, KB", lambda r: _fmt_kb(r.sizes["claims_index_page"])),
    ("claims-index.json, KB", lambda r: _fmt_kb(r.sizes["claims_index_json"])),
    ("index first contentful paint, ms", lambda r: _fmt_ms(r.browser.get("index_fcp_ms"))),
    ("index table filled from JSON, ms", lambda r: _fmt_ms(r.browser.get("index_ready_ms"))),
    ("claims index: all downloads, MB (uncompressed)", lambda r: _fmt_mb(r.browser.get("index_download_bytes"))),
    ("  of which sitemap.xml, MB", lambda r: _fmt_mb(r.browser.get("index_sitemap_bytes"))),
    ("filter change to table updated, ms (median)", lambda r: _fmt_ms(r.browser.get("filter_table_ms"))),
    ("filter change to next frame, ms (worst)", lambda r: _fmt_ms(r.browser.get("filter_paint_max_ms"))),
    ("search: open page to first answer, ms", lambda r: _fmt_ms(r.browser.get("search_cold_ms"))),
    ("search: query to answer, ms", lambda r: _fmt_ms(r.browser.get("search_query_ms"))),
    ("serve: start to first page, s", lambda r: _fmt_s(r.edit.get("serve_startup_s"))),
    ("serve: save one claim to page shown, s", lambda r: _fmt_s(r.edit.get("edit_to_preview_s"))),
    ("serve: regenerate after the save, s", lambda r: _fmt_s(r.edit.get("regenerate_s"))),
]

_RATIO_ROWS = {
    "full cold build, s (wall; the median where it ran more than once)": lambda r: r.build.seconds,
    "full cold build CPU, s": lambda r: r.build.cpu_seconds,
    "build: engine build, s": lambda r: r.phases.get("engine"),
    "peak memory, MB (largest process)": lambda r: r.build.maxrss_mb,
    "site size, MB": lambda r: r.sizes["site_bytes"],
    "claim page HTML, median KB": lambda r: r.sizes["claim_page_median"],
    "claim page HTML, largest KB": lambda r: r.sizes["claim_page_max"],
}


TARGETS: list[tuple[str, str, float, object]] = [
    # (what, unit, limit, value from the main run) -- the targets at 10,000 claims on 2 cores
    ("validate", "s", 5.0, lambda r: r.validate.seconds if r.validate else None),
    ("full cold build", "s", 45.0, lambda r: r.build.seconds),
    ("of which the MkDocs build", "s", 30.0, lambda r: r.phases.get("engine") if r.engine == "mkdocs" else None),
    ("peak memory (all processes)", "MB", 1024.0, lambda r: max(r.build.tree_peak_mb, r.build.maxrss_mb)),
    ("largest claim page", "KB", 40.0, lambda r: r.sizes["claim_page_max"] / 1e3),
    ("claims index first paint", "ms", 1000.0, lambda r: r.browser.get("index_fcp_ms")),
    ("filter change, worst, to next frame", "ms", 200.0, lambda r: r.browser.get("filter_paint_max_ms")),
    ("search index download", "MB", 10.0, lambda r: r.sizes["search_index_bytes"] / 1e6),
    ("search: open page to first answer", "ms", 1000.0, lambda r: r.browser.get("search_cold_ms")),
    ("save one claim to preview", "s", 15.0, lambda r: r.edit.get("edit_to_preview_max_s")),
]


def search_step():  # noqa: ANN201 - the module
    """benchmarks/search_step.py (issue 11), its table lines and targets added once to ROWS and TARGETS."""
    from . import search_step as step

    for mine, ours in ((step.ROWS, ROWS), (step.TARGETS, TARGETS)):
        ours.extend(line for line in mine if line not in ours)
    return step


def check_targets(run: Run, exp: float | None, real: dict[str, float]) -> list[str]:
    """One line per target: the figure, the limit, pass or fail."""
    lines = []
    if run.located is not None:
        lines.append(f"{'pass' if run.located else 'FAIL'}  validate names file:line:col of a broken record")
    for name, unit, limit, get in TARGETS:
        value = get(run)  # type: ignore[operator]
        if value is None:
            continue
        verdict = "pass" if value <= limit else "FAIL"
        lines.append(f"{verdict}  {name}: {value:,.1f} {unit} (target <= {limit:,.0f} {unit})")
    if exp is not None:
        lines.append(f"{'pass' if exp <= 1.15 else 'FAIL'}  build time exponent: {exp:.2f} (target: linear, ~1)")
    if real.get("edit_to_preview_max_s") is not None:
        value = real["edit_to_preview_max_s"]
        lines.append(f"{'pass' if value <= 5 else 'FAIL'}  save one claim to preview, real dataset: {value:.1f} s "
                     "(target <= 5 s)")
    return lines


def exponent(points: list[tuple[int, float]]) -> float | None:
    """The least-squares slope of log(time) against log(N): 1 is linear, 2 quadratic."""
    pts = [(math.log(n), math.log(t)) for n, t in points if t > 0]
    if len(pts) < 2:
        return None
    mx, my = statistics.fmean(x for x, _ in pts), statistics.fmean(y for _, y in pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def format_table(runs: list[Run], ratio: tuple[Run, Run] | None) -> str:
    header = ["claims"] + [r.label for r in runs] + (["nav-all / ours"] if ratio else [])
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    for name, fn in ROWS:
        cells = [fn(r) for r in runs]  # type: ignore[operator]
        if not any(c not in ("", "-") for c in cells):
            continue
        row = [name] + cells
        if ratio:
            get = _RATIO_ROWS.get(name)
            ours, nav = ratio
            a, b = (get(ours), get(nav)) if get else (None, None)
            row.append(f"{b / a:.1f}x" if a and b else "")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, IndexError, ValueError):
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs ({model}){mem}; Python {sys.version.split()[0]}; "
            f"load average before the run {load}")


def _fixed_work() -> float:
    """A fixed piece of pure-Python work (about 0.3 s on this project's 2-core machine at its fastest)."""
    started = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i * i % 7
    table = {str(i): i for i in range(300_000)}
    del table
    return time.perf_counter() - started


def machine_speed(runs: int = 7) -> str:
    """How fast the machine is now: the fixed work, `runs` times a second apart (best and median). On a
    shared virtual machine the same work takes up to half as long again from one second to the next,
    and every figure of the benchmark moves with it: this line puts them in context."""
    times = []
    for i in range(runs):
        if i:
            time.sleep(1.0)
        times.append(_fixed_work())
    return (f"a fixed piece of work took {min(times):.3f} s at best, {statistics.median(times):.3f} s median, "
            f"{max(times):.3f} s at worst ({runs} runs)")

