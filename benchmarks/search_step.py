"""The full-text search step of the benchmark (issue 11): Pagefind's index of the built site, and the
first query of a reader who opens the search page, in headless Chromium (Debian's chromium).

Called by the benchmark once the site of the main size is built (benchmarks/run.py, `run_benchmark`):

- what the index adds to a cold build: the same cold build once more without it (`build_kb` runs
  Pagefind beside the engine's build, on what the generator left aside of each page), and Pagefind's
  own time;
- for each of 20 queries, in a fresh browser context (empty cache): open /search/, wait until the
  page has loaded what it loads on opening (Pagefind's script, its WebAssembly and the index's entry
  files), type the query, and measure the bytes downloaded from the first keystroke until the results
  show, and the time from the last keystroke to the results on screen. Medians are reported.

    python -m benchmarks.search_step SITE_DIR RECORDS_ROOT   # the browser part alone, on a built site
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

QUERIES = 20

_WATCH = """
window.__cbSearch = {lastKey: null, shown: null};
document.addEventListener("input", function (e) {
  if (e.target && e.target.id === "cb-q") {
    window.__cbSearch.lastKey = performance.now();
    window.__cbSearch.shown = null;
  }
}, true);
new MutationObserver(function () {
  var count = document.getElementById("cb-search-count");
  var input = document.getElementById("cb-q");
  if (count && input && count.hasAttribute("data-count") && input.value &&
      count.textContent.indexOf("\u201c" + input.value.trim() + "\u201d") >= 0 && window.__cbSearch.shown === null) {
    window.__cbSearch.shown = performance.now();
  }
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
"""



def _body_size(request) -> int:  # noqa: ANN001 - a Playwright Request
    """The bytes of a finished request's response body as sent (Pagefind's files are gzipped by Pagefind)."""
    try:
        return int(request.sizes().get("responseBodySize") or 0)
    except Exception:  # noqa: BLE001 - a request the browser dropped
        return 0


def make_queries(root: Path, count: int = QUERIES, seed: int = 11) -> list[str]:
    """What readers type, taken from the synthetic records: a pasted headline (part of a claim's title),
    a weapon system's alias or designation, a place's name, a French word of a quote, a figure."""
    import yaml

    rng = random.Random(seed)
    claims = sorted((root / "claims").glob("*.yaml"))
    systems = sorted((root / "systems").glob("*.yaml"))
    places = sorted((root / "places").glob("*.yaml"))
    out: list[str] = []
    while len(out) < count:
        kind = len(out) % 5
        if kind == 0:  # a headline: the claim's title without its first words
            claim = yaml.safe_load(rng.choice(claims).read_text(encoding="utf-8"))
            out.append(" ".join(claim["title"].split()[2:8]))
        elif kind == 1:
            system = yaml.safe_load(rng.choice(systems).read_text(encoding="utf-8"))
            names = [a["name"] for a in system.get("aliases") or []] + list(system.get("designations") or [])
            out.append(rng.choice(names or [system["name"]]))
        elif kind == 2:
            place = yaml.safe_load(rng.choice(places).read_text(encoding="utf-8"))
            out.append(place["name"])
        elif kind == 3:  # a French word of a quote, with its accents
            claim = yaml.safe_load(rng.choice(claims).read_text(encoding="utf-8"))
            words = [w.strip(".,«»()") for w in claim["attributions"][0]["quote"].split() if len(w) > 6]
            out.append(rng.choice(words or ["déclaré"]))
        else:  # a figure with what it counts
            claim = yaml.safe_load(rng.choice(claims).read_text(encoding="utf-8"))
            figures = [w for w in claim["statement"].split() if w.replace(",", "").isdigit()]
            out.append((rng.choice(figures) + " soldiers") if figures else "soldiers killed")
    return out


def added_seconds(root: Path, work: Path, built_seconds: float, phases: dict[str, float], *,
                  runs: int = 1, built_cpu: float | None = None, site: Path | None = None) -> dict[str, object]:
    """What the search index adds to the cold build: the same cold build without it (a fresh process,
    empty folders; `runs` times, the median taken), against `built_seconds`, the build with it (the
    median of as many runs, which used `built_cpu` CPU seconds). Also Pagefind's own time (it runs beside
    the engine's build), how long the build waited for it once the engine was done, and, with `site`
    (the site that build made), Pagefind alone on the same documents with nothing else running
    (`pagefind_alone`)."""
    from .steps import measure_build, median_of, repeated

    out = work / "out-no-search"
    try:
        builds = [m for m, _ in repeated(runs, lambda: measure_build(root, out, search=False))]
    finally:
        shutil.rmtree(out, ignore_errors=True)
    without = median_of(builds)
    figures: dict[str, object] = {
        "search_index_s": phases.get("search_index"), "search_wait_s": phases.get("search_wait"),
        "build_without_search_s": without.seconds, "build_without_search_runs": [m.seconds for m in builds],
        "build_without_search_cpu_s": without.cpu_seconds, "search_added_s": built_seconds - without.seconds}
    if built_cpu is not None:
        cores = os.cpu_count() or 1
        # A build cannot take less than its CPU time shared by every core: the least the index could add.
        figures |= {"build_cpu_s": built_cpu, "search_added_cpu_s": built_cpu - without.cpu_seconds,
                    "search_added_least_s": built_cpu / cores - without.seconds, "cores": float(cores)}
    if site is not None:
        figures |= pagefind_alone(site, work, runs=runs)
    return figures


_PHASES = (("[Parsing files]", "parse"), ("[Building search indexes]", "index"), ("Total:", "write"))
"""Lines of Pagefind's verbose output where one of its phases begins (the last ends with the process)."""


def pagefind_alone(site: Path, work: Path, *, runs: int = 1) -> dict[str, object]:
    """Pagefind on the search documents of the built `site`, as a build gives them to it
    (`search._search_copies`, not timed), with nothing else running: its wall and CPU time (the median
    of `runs`), and how long each of its phases took (reading and parsing the pages; building the
    index; writing its files, which it compresses at the highest level, one file after another)."""
    import subprocess
    import tempfile
    import threading

    from claimbase.site import search

    from .steps import median_of, repeated

    docs = Path(tempfile.mkdtemp(prefix="search-docs-", dir=work))
    try:
        pages = search._search_copies(site, docs)

        def once() -> dict[str, float]:
            bundle = Path(tempfile.mkdtemp(prefix="search-bundle-", dir=work))
            marks: dict[str, float] = {}
            try:
                started = time.perf_counter()
                proc = subprocess.Popen([search.executable(), "--site", str(docs), "--output-path", str(bundle),
                                         "--verbose"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

                def watch() -> None:
                    for line in proc.stdout:
                        for mark, name in _PHASES:
                            if line.strip() == mark and name not in marks:
                                marks[name] = time.perf_counter() - started

                reader = threading.Thread(target=watch, daemon=True)
                reader.start()
                _, status, usage = os.wait4(proc.pid, 0)
                seconds = time.perf_counter() - started
                reader.join()
                proc.returncode = os.waitstatus_to_exitcode(status)
                if proc.returncode != 0:
                    raise RuntimeError(f"Pagefind failed on the search documents (exit {proc.returncode})")
            finally:
                shutil.rmtree(bundle, ignore_errors=True)
            ends = [marks.get(name, seconds) for _, name in _PHASES[1:]] + [seconds]
            return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                    **{name: end - marks.get(name, 0.0) for (_, name), end in zip(_PHASES, ends, strict=True)}}

        alone = repeated(runs, once)
    finally:
        shutil.rmtree(docs, ignore_errors=True)
    run = median_of(alone, key=lambda r: r["seconds"])
    return {"pagefind_alone_s": run["seconds"], "pagefind_alone_cpu_s": run["cpu"],
            "pagefind_alone_runs": [r["seconds"] for r in alone], "pagefind_pages": float(pages),
            "pagefind_parse_s": run["parse"], "pagefind_index_s": run["index"], "pagefind_write_s": run["write"]}


def measure_browser(site: Path, root: Path, count: int = QUERIES) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM_ARGS, chromium_path, static_server

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium); Playwright never downloads one")
    opened, first, answered, found = [], [], [], []
    with static_server(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            for query in make_queries(root, count):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                # Every response body, the page's and its workers' (Pagefind fetches its index chunks and
                # fragments in a web worker, which the page's own resource timings do not show).
                got: list[int] = []
                context.on("requestfinished", lambda r, got=got: got.append(_body_size(r)))
                page = context.new_page()
                page.add_init_script(_WATCH)
                page.goto(base + "search/", wait_until="load")
                page.wait_for_load_state("networkidle")
                opened.append(sum(got))
                since = len(got)
                page.locator("#cb-q").click()
                page.keyboard.type(query, delay=40)
                page.wait_for_function("window.__cbSearch.shown !== null", timeout=60_000)
                answered.append(page.evaluate("window.__cbSearch.shown - window.__cbSearch.lastKey"))
                page.wait_for_load_state("networkidle")  # the result fragments the page asked for
                first.append(sum(got[since:]))
                found.append(int(page.locator("#cb-search-count").get_attribute("data-count") or 0))
                context.close()
        finally:
            browser.close()
    return {
        "search_open_bytes": statistics.median(opened),
        "search_first_query_bytes": statistics.median(first),
        "search_first_query_max_bytes": max(first),
        "search_answer_ms": statistics.median(answered),
        "search_answer_max_ms": max(answered),
        "search_queries_with_results": float(sum(1 for n in found if n)),
        "search_queries": float(len(found)),
    }


def measure(site: Path, root: Path, *, browser: bool = True, queries: int = QUERIES) -> dict[str, float]:
    """The first query's download and answer time (with `browser`), on the site the benchmark built."""
    out: dict[str, float] = {}
    if browser:
        out |= measure_browser(site, root, queries)
    return out


def _kb(x: float | None) -> str:
    return "-" if x is None else f"{x / 1e3:,.0f}"


def _s(x: float | None) -> str:
    return "-" if x is None else f"{x:,.1f}"


def _ms(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


ROWS = [
    ("search: cold build without the index, s (median)", lambda r: _s(r.browser.get("build_without_search_s"))),
    ("search: cold build without the index, each run, s", lambda r: " / ".join(
        _s(x) for x in r.browser.get("build_without_search_runs") or []) or "-"),
    ("search: what the index adds to the cold build, s (medians)", lambda r: _s(r.browser.get("search_added_s"))),
    ("search: Pagefind's own time (beside the engine), s", lambda r: _s(r.browser.get("search_index_s"))),
    ("search: waited for Pagefind after the engine, s", lambda r: _s(r.browser.get("search_wait_s"))),
    ("search: CPU the index adds to the cold build, s", lambda r: _s(r.browser.get("search_added_cpu_s"))),
    ("search: the least it could add, its build's CPU shared by every core, s",
     lambda r: _s(r.browser.get("search_added_least_s"))),
    ("search: Pagefind alone, nothing else running, s (median)", lambda r: _s(r.browser.get("pagefind_alone_s"))),
    ("search: Pagefind alone, each run, s", lambda r: " / ".join(
        _s(x) for x in r.browser.get("pagefind_alone_runs") or []) or "-"),
    ("search: Pagefind alone, CPU s", lambda r: _s(r.browser.get("pagefind_alone_cpu_s"))),
    ("search: Pagefind alone: parse / index / write, s", lambda r: " / ".join(
        _s(r.browser.get(f"pagefind_{k}_s")) for k in ("parse", "index", "write")) if "pagefind_parse_s" in r.browser
     else "-"),
    ("search: opening the page downloads, KB", lambda r: _kb(r.browser.get("search_open_bytes"))),
    ("search: first query downloads, KB (median)", lambda r: _kb(r.browser.get("search_first_query_bytes"))),
    ("search: first query downloads, KB (largest)", lambda r: _kb(r.browser.get("search_first_query_max_bytes"))),
    ("search: last keystroke to results, ms (median)", lambda r: _ms(r.browser.get("search_answer_ms"))),
    ("search: last keystroke to results, ms (slowest)", lambda r: _ms(r.browser.get("search_answer_max_ms"))),
]
"""Lines of the benchmark's table (benchmarks/report.py adds them to its own)."""

TARGETS = [
    ("search: first query downloads (median)", "KB", 300.0,
     lambda r: r.browser["search_first_query_bytes"] / 1e3 if "search_first_query_bytes" in r.browser else None),
    ("search: last keystroke to results (median)", "ms", 300.0, lambda r: r.browser.get("search_answer_ms")),
    ("search index adds to the cold build", "s", 15.0, lambda r: r.browser.get("search_added_s")),
    ("MkDocs cold build without the search index (issue 15)", "s", 30.0,
     lambda r: r.browser.get("build_without_search_s")),
]
"""The issue's figures at 10,000 claims."""


if __name__ == "__main__":
    started = time.perf_counter()
    figures = measure_browser(Path(sys.argv[1]), Path(sys.argv[2]))
    for key, value in figures.items():
        print(f"{key}: {value:,.1f}")
    print(f"took {time.perf_counter() - started:.0f} s")
