"""In headless Chromium (Debian's chromium, never a downloaded one): first paint of the claims index, a
filter change, a search query. `static_server` serves a built site (the browser tests use it too)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import statistics
import sys
import threading
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        """A page closed while a file was sent to it (a browser context closed after its query): not news."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def static_server(site: Path):
    """Serve a built site on 127.0.0.1 at a free port, in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


_INDEX_READY = """
window.__cb = {ready: null};
new MutationObserver(function (records, observer) {
  var count = document.getElementById("cb-count");
  if (count && count.hasAttribute("data-count")) { window.__cb.ready = performance.now(); observer.disconnect(); }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""

_SEARCH_READY = """
window.__cb = {answered: null};
new MutationObserver(function (records, observer) {
  var count = document.getElementById("cb-search-count");
  if (count && / results? for /.test(count.textContent)) {
    window.__cb.answered = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""

_FILTER = """
async ([name, value]) => {
  const form = document.getElementById("cb-filters");
  const field = form.elements[name];
  const tbody = document.querySelector("#cb-claims-table tbody");
  let mutated = null;
  const observer = new MutationObserver(() => { if (mutated === null) { mutated = performance.now(); } });
  observer.observe(tbody, {childList: true});
  const t0 = performance.now();
  field.value = value;
  field.dispatchEvent(new Event(name === "q" ? "input" : "change", {bubbles: true}));
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const painted = performance.now();
  observer.disconnect();
  return {table: (mutated === null ? painted : mutated) - t0, painted: painted - t0,
          count: Number(document.getElementById("cb-count").getAttribute("data-count"))};
}
"""

_QUERY = """
async (query) => {
  const input = document.getElementById("cb-q");
  const form = document.getElementById("cb-search-form");
  const t0 = performance.now();
  input.value = query;
  form.dispatchEvent(new Event("submit", {bubbles: true, cancelable: true}));
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return {ms: performance.now() - t0, text: document.getElementById("cb-search-count").textContent};
}
"""


def _queries(root: Path) -> list[str]:
    """Names a reader would type: a system's alias and designation, a place's French spelling."""
    import yaml

    system = yaml.safe_load(sorted((root / "systems").glob("*.yaml"))[0].read_text(encoding="utf-8"))
    places = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "places").glob("*.yaml"))]
    region = next(p for p in places if p.get("kind") == "region" and p.get("aliases"))
    return [system["aliases"][0]["name"], system["designations"][0], region["aliases"][0]["name"]]


def _has_playwright() -> bool:
    import importlib.util

    return importlib.util.find_spec("playwright") is not None


def measure_browser(site: Path, root: Path, *, repeat: int = 3) -> dict[str, float]:
    """First paint of the claims index, a filter change, a search query, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium); Playwright never downloads one")
    out: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        out.setdefault(key, []).append(float(value))

    queries = _queries(root)
    with static_server(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(repeat):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.add_init_script(_INDEX_READY)
                page.goto(base + "claims/", wait_until="load")
                page.wait_for_function("window.__cb.ready !== null", timeout=60_000)
                # The paint entry can be recorded after the load event: wait for it.
                fcp = page.wait_for_function("(performance.getEntriesByType('paint').find("
                                             "e => e.name === 'first-contentful-paint') || {}).startTime",
                                             timeout=60_000).json_value()
                add("index_fcp_ms", fcp)
                add("index_ready_ms", page.evaluate("window.__cb.ready"))
                page.wait_for_timeout(1000)  # late requests (the theme fetches sitemap.xml after load)
                add("index_download_bytes", page.evaluate(
                    "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                    ".reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0)"))
                add("index_sitemap_bytes", page.evaluate(
                    "performance.getEntriesByType('resource').filter(e => e.name.endsWith('/sitemap.xml'))"
                    ".reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0)"))
                systems = page.evaluate("Array.from(document.querySelectorAll('#cb-filters select[name=system] "
                                        "option')).map(o => o.value).filter(Boolean)")
                places = page.evaluate("Array.from(document.querySelectorAll('#cb-filters select[name=place] "
                                       "option')).map(o => o.value).filter(Boolean)")
                for name, value in (("system", systems[0]), ("place", places[0]), ("kind", "transfer"),
                                    ("status", "all"), ("system", ""), ("q", "near")):
                    result = page.evaluate(_FILTER, [name, value])
                    add("filter_table_ms", result["table"])
                    add("filter_paint_ms", result["painted"])
                context.close()
                for query in queries[:1]:
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    page.add_init_script(_SEARCH_READY)
                    page.goto(base + "search/?q=" + query, wait_until="load")
                    page.wait_for_function("window.__cb.answered !== null", timeout=60_000)
                    add("search_cold_ms", page.evaluate("window.__cb.answered"))
                    for other in queries:
                        add("search_query_ms", page.evaluate(_QUERY, other)["ms"])
                    context.close()
        finally:
            browser.close()
    return {key: statistics.median(values) for key, values in out.items()} | {
        key.replace("_ms", "_max_ms"): max(values) for key, values in out.items() if key.startswith("filter")}
