"""Live preview: regenerate the pages when a record changes, and rebuild with MkDocs what changed.

Our watcher reloads and re-checks the records after each save and rewrites only the generated files
whose content changed, then touches one trigger file. MkDocs' live-reload server watches that file
(and mkdocs.yml), rebuilds the changed pages (`dirty` build, with the same speed-ups as `build`) and
reloads the browser. A record with a problem is reported, and the last good pages stay up until it
is fixed.

Why not `mkdocs serve`: it polls every file of the generated folder twice a second (23,600 files at
10,000 claims), which keeps a core busy, and a poll that runs while the files are written sees only
some of them, so each save started two rebuilds.
"""

from __future__ import annotations

import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from ..layout import ARCHIVE, FOLDERS, SCHEMAS
from ..load import LoadCache
from ..pipeline import load_knowledge_base
from ..problems import ClaimbaseError, ProblemsFound, emit
from . import engines
from .build import CONFIG, _env, default_docs_dir, hand_docs_for, source_date_epoch
from .generate import GenerateResult, PageMemo, generate_docs

DEBOUNCE_S = 0.3


def regenerate(root: Path, docs_dir: Path, site_url: str | None = None,
               memo: PageMemo | None = None, cache: LoadCache | None = None) -> GenerateResult | None:
    """Load, check and generate once; print problems instead of raising them."""
    started = time.perf_counter()
    made = memo.made if memo else 0
    try:
        kb = load_knowledge_base(root, cache)
        settings = engines.site_settings(site_url=site_url)
        result = generate_docs(kb, docs_dir, settings, hand_docs=hand_docs_for(root), memo=memo)
    except ProblemsFound as exc:
        emit(exc.problems.report(), sys.stderr, flush=True)
        print("Preview not updated: fix the problems above and save again.", file=sys.stderr, flush=True)
        return None
    took = time.perf_counter() - started
    remade = f", {memo.made - made} claim page(s) made again" if memo else ""
    print(f"Generated in {took:.2f} s: {len(result.changed)} file(s) changed, {len(result.removed)} removed"
          f"{remade}.", flush=True)
    return result


class _Watcher:
    """Watches the record folders and docs/, and regenerates after a short quiet period."""

    def __init__(self, root: Path, docs_dir: Path, site_url: str) -> None:
        self.root, self.docs_dir, self.site_url = root, docs_dir, site_url
        self.trigger = docs_dir.parent / "preview" / "generated"
        """Touched after each regeneration that changed a file: the server rebuilds when it changes."""
        self.memo = PageMemo()
        self.load_cache = LoadCache()
        self.pending = threading.Event()
        self.stop = threading.Event()
        self.observer = None

    def touch(self) -> None:
        self.trigger.parent.mkdir(parents=True, exist_ok=True)
        self.trigger.write_text(f"{time.time_ns()}\n", encoding="utf-8")

    def paths(self) -> list[Path]:
        folders = [self.root / f for f in (*FOLDERS.values(), ARCHIVE, SCHEMAS)] + [hand_docs_for(self.root)]
        return [p for p in folders if p.is_dir()]

    def start(self) -> None:
        """Watch the folders; the watches are in place when this returns, so no save is missed."""
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

        self.observer = Observer()
        for path in self.paths():
            self.observer.schedule(Handler(), str(path), recursive=True)
        self.observer.start()

    def run(self) -> None:
        """Regenerate after each quiet period that follows a change, until `stop` is set."""
        try:
            while not self.stop.is_set():
                if self.pending.wait(0.5):
                    time.sleep(DEBOUNCE_S)
                    while self.pending.is_set():
                        self.pending.clear()
                        time.sleep(DEBOUNCE_S)
                    try:
                        result = regenerate(self.root, self.docs_dir, self.site_url, self.memo, self.load_cache)
                    except Exception:  # noqa: BLE001 - a bug must not stop the preview for the next saves
                        emit(traceback.format_exc().rstrip("\n"), sys.stderr)
                        print("Preview not updated: the error above is a bug in claimbase; please report it.",
                              file=sys.stderr, flush=True)
                        self.memo, self.load_cache = PageMemo(), LoadCache()  # start again from nothing
                        continue
                    if result is not None and (result.changed or result.removed):
                        self.touch()
        finally:
            self.stop_watching()

    def stop_watching(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join()
            self.observer = None


def serve(root: Path, addr: str = "127.0.0.1:8000", *, docs_dir: Path | None = None,
          engine: str = engines.DEFAULT) -> None:
    """Preview the site at http://<addr>/, regenerating pages as records change."""
    adapter = engines.get(engine)
    if not adapter.SERVES:
        raise ClaimbaseError(f"{adapter.NAME} cannot preview: use `build --engine {engine}` and open the built site")
    if engine != "mkdocs":
        _serve_with(adapter, root, addr, docs_dir=docs_dir)
        return
    from mkdocs.livereload import LiveReloadServer

    from .engines import mkdocs

    docs_dir = (docs_dir or default_docs_dir(root)).resolve()
    site_url = f"http://{addr}/"
    host, _, port = addr.rpartition(":")
    watcher = _Watcher(root, docs_dir, site_url)
    watcher.start()  # before anything is read: a save made from now on is not missed
    if regenerate(root, docs_dir, site_url, watcher.memo, watcher.load_cache) is None:
        watcher.stop_watching()
        raise SystemExit(1)
    watcher.touch()
    site_dir = Path(tempfile.mkdtemp(prefix="claimbase-preview-"))

    def builder() -> None:
        started = time.perf_counter()
        config = mkdocs.load_config(docs_dir, site_dir, site_url=site_url)  # read again: mkdocs.yml may have changed
        mkdocs.enable(config)
        for message in mkdocs.run(config, dirty=True, serve_url=site_url):
            emit(f"MkDocs: {message}", sys.stderr, flush=True)
        print(f"Preview rebuilt in {time.perf_counter() - started:.2f} s.", flush=True)

    def error_page(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    # It polls what it watches: one small folder and mkdocs.yml, so it can look often.
    server = LiveReloadServer(builder=builder, host=host, port=int(port), root=str(site_dir), polling_interval=0.1)
    server.error_handler = error_page
    thread = threading.Thread(target=watcher.run, name="claimbase-watch", daemon=True)
    try:
        with _env("SOURCE_DATE_EPOCH", source_date_epoch(root)):
            builder()
            server.watch(str(watcher.trigger.parent))
            server.watch(str(CONFIG))
            thread.start()
            print(f"Serving the preview on {site_url} (Ctrl+C stops it).", flush=True)
            try:
                if threading.current_thread() is threading.main_thread():
                    signal.signal(signal.SIGTERM, _interrupt)  # stop as on Ctrl+C, removing the temporary site
                server.serve()
            except KeyboardInterrupt:
                pass
            finally:
                server.shutdown()
    finally:
        watcher.stop.set()
        if thread.is_alive():
            thread.join(timeout=5)
        else:
            watcher.stop_watching()
        shutil.rmtree(site_dir, ignore_errors=True)


def _serve_with(adapter, root: Path, addr: str, *, docs_dir: Path | None = None) -> None:  # noqa: ANN001
    """The preview with an engine that serves by itself (Zensical): our watcher rewrites the generated
    pages of the records that change; the engine's server watches the docs folder and rebuilds."""
    docs_dir = (docs_dir or default_docs_dir(root)).resolve()
    site_url = f"http://{addr}/"
    watcher = _Watcher(root, docs_dir, site_url)
    watcher.start()
    if regenerate(root, docs_dir, site_url, watcher.memo, watcher.load_cache) is None:
        watcher.stop_watching()
        raise SystemExit(1)
    thread = threading.Thread(target=watcher.run, name="claimbase-watch", daemon=True)
    with _env("SOURCE_DATE_EPOCH", source_date_epoch(root)):
        server = adapter.serve(docs_dir, addr, site_url)
    try:
        thread.start()
        print(f"Serving the preview with {adapter.NAME} on {site_url} (Ctrl+C stops it).", flush=True)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _interrupt)
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except Exception:  # noqa: BLE001 - it must not outlive the preview
            server.kill()
        watcher.stop.set()
        if thread.is_alive():
            thread.join(timeout=5)
        else:
            watcher.stop_watching()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
