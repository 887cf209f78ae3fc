"""Live preview: regenerate the pages when a record changes, and let `mkdocs serve` rebuild what changed.

Our watcher reloads and re-checks the records after each save and rewrites only the generated files
whose content changed; MkDocs' own server watches the generated folder, rebuilds the changed pages
(`dirty` build) and reloads the browser. A record with a problem is reported, and the last good
pages stay up until it is fixed.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from ..layout import ARCHIVE, FOLDERS, SCHEMAS
from ..load import LoadCache
from ..pipeline import load_knowledge_base
from ..problems import ProblemsFound
from .build import CONFIG, HAND_DOCS, _env, default_docs_dir, load_config, settings_from, source_date_epoch
from .generate import GenerateResult, PageMemo, generate_docs

DEBOUNCE_S = 0.3


def regenerate(root: Path, docs_dir: Path, site_url: str | None = None,
               memo: PageMemo | None = None, cache: LoadCache | None = None) -> GenerateResult | None:
    """Load, check and generate once; print problems instead of raising them."""
    started = time.perf_counter()
    try:
        kb = load_knowledge_base(root, cache)
    except ProblemsFound as exc:
        print(exc.problems.report(), file=sys.stderr, flush=True)
        print("Preview not updated: fix the problems above and save again.", file=sys.stderr, flush=True)
        return None
    overrides = {"site_url": site_url} if site_url else {}
    settings = settings_from(load_config(docs_dir, **overrides))
    made = memo.made if memo else 0
    result = generate_docs(kb, docs_dir, settings, hand_docs=HAND_DOCS, memo=memo)
    took = time.perf_counter() - started
    remade = f", {memo.made - made} claim page(s) made again" if memo else ""
    print(f"Generated in {took:.2f} s: {len(result.changed)} file(s) changed, {len(result.removed)} removed"
          f"{remade}.", flush=True)
    return result


class _Watcher:
    """Watches the record folders and docs/, and regenerates after a short quiet period."""

    def __init__(self, root: Path, docs_dir: Path, site_url: str) -> None:
        self.root, self.docs_dir, self.site_url = root, docs_dir, site_url
        self.memo = PageMemo()
        self.load_cache = LoadCache()
        self.pending = threading.Event()
        self.stop = threading.Event()

    def paths(self) -> list[Path]:
        folders = [self.root / f for f in (*FOLDERS.values(), ARCHIVE, SCHEMAS)] + [HAND_DOCS]
        return [p for p in folders if p.is_dir()]

    def run(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:  # noqa: ANN001
                # Reading the records raises "opened" events on Linux: only writes count, or it would loop.
                if event.event_type not in ("created", "modified", "deleted", "moved", "closed"):
                    return
                if not event.is_directory and not str(event.src_path).endswith((".tmp", "~", ".swp")):
                    watcher.pending.set()

        observer = Observer()
        for path in self.paths():
            observer.schedule(Handler(), str(path), recursive=True)
        observer.start()
        try:
            while not self.stop.is_set():
                if self.pending.wait(0.5):
                    time.sleep(DEBOUNCE_S)
                    while self.pending.is_set():
                        self.pending.clear()
                        time.sleep(DEBOUNCE_S)
                    regenerate(self.root, self.docs_dir, self.site_url, self.memo, self.load_cache)
        finally:
            observer.stop()
            observer.join()


def serve(root: Path, addr: str = "127.0.0.1:8000", *, docs_dir: Path | None = None) -> None:
    """Preview the site at http://<addr>/, regenerating pages as records change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    docs_dir = (docs_dir or default_docs_dir(root)).resolve()
    site_url = f"http://{addr}/"
    watcher = _Watcher(root, docs_dir, site_url)
    if regenerate(root, docs_dir, site_url, watcher.memo, watcher.load_cache) is None:
        raise SystemExit(1)
    thread = threading.Thread(target=watcher.run, name="claimbase-watch", daemon=True)
    thread.start()
    try:
        with _env("SOURCE_DATE_EPOCH", source_date_epoch(root)):
            mkdocs_serve(config_file=str(CONFIG), docs_dir=str(docs_dir), dev_addr=addr, livereload=True,
                         build_type="dirty")
    finally:
        watcher.stop.set()
