"""Experiment: what makes `mkdocs build` slow on our generated pages, and three changes that fix it.

    python benchmarks/experiment_mkdocs.py <docs_dir> <site_dir> [--stash] [--nav-cache] [--parallel N]

The changes are applied from Python, the way `claimbase.site.build.build_kb` could apply them; mkdocs.yml
stays plain, and a plain `mkdocs build` of the same docs folder still gives the same site, only slower.

--stash      A Markdown preprocessor, run before MkDocs' raw-HTML scan (priority 21) and Python-Markdown's
             html_block (20), that puts a generated page body (one `<div class="cb ...">` block that is the
             whole page) into the HTML stash as one piece. Without it, Python's html.parser reads every tag of
             every page twice (once for MkDocs' anchor list, once for Python-Markdown's block detection):
             about 70 % of the build. The output is byte-identical.
--nav-cache  Material renders the sidebar navigation for every page, about a third of the remaining time. For
             pages outside the navigation (claims, sources, systems, places, actors), the sidebar depends only
             on the page's section and depth, so it is rendered once per section and reused (theme override in
             benchmarks/nav_cache_overrides/main.html). The output is byte-identical.
--parallel N After the navigation is built, the process forks into N; the pages that are not in the navigation,
             and the static files, are shared out between them; the navigation pages, sitemap and 404 stay with
             the parent. Uses MkDocs' `dirty` mode to skip the pages another process builds (so the site folder
             is emptied first, as a clean build would). Linux/macOS only (fork).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from pathlib import Path

import markdown
from mkdocs.plugins import BasePlugin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class StashBody(markdown.preprocessors.Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        # Only pages that are one generated block: hand-written pages (home, methodology) are left alone.
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None or not lines[first].startswith('<div class="cb'):
            return lines
        end = len(lines)
        while end > first and not lines[end - 1].strip():
            end -= 1
        return lines[:first] + ["", self.md.htmlStash.store("\n".join(lines[first:end])), ""] + lines[end:]


class StashBodyExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.register(StashBody(md), "claimbase_stash_body", 25)


def _not_modified() -> bool:
    return False


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "'dirty' build" not in record.getMessage():
            self.messages.append(record.getMessage())


class ParallelPages(BasePlugin):
    """Share the pages outside the navigation, and the static files, between forked processes."""

    def __init__(self, workers: int) -> None:
        super().__init__()
        self.workers = workers
        self.children: list[int] = []
        self.index = 0
        self.count: _Count | None = None

    def on_nav(self, nav, config, files):  # noqa: ANN001, ANN201 - MkDocs' plugin API
        self.forked_at = time.perf_counter()
        self.keep = {page.file.src_uri for page in nav.pages}
        print(f"fork {self.forked_at - getattr(self, 'started', self.forked_at):.2f} s after the build started",
              file=sys.stderr)
        in_nav = {id(page.file) for page in nav.pages}
        # Everything but the navigation pages: other pages, data files, assets (the theme's own included).
        shared = [f for f in files if id(f) not in in_nav]
        if self.workers < 2:
            return nav
        for index in range(1, self.workers):
            pid = os.fork()
            if pid == 0:
                self.index, self.children = index, []
                break
            self.children.append(pid)
        mine = {id(f) for i, f in enumerate(shared) if i % self.workers == self.index}
        shared_ids = {id(f) for f in shared}
        for f in files:
            # A worker builds only its share; the parent builds its share and everything not shared.
            if id(f) not in mine and (self.index or id(f) in shared_ids):
                f.is_modified = _not_modified
        if self.index:
            from mkdocs.commands import build

            build._build_theme_template = lambda *a, **k: None  # sitemap and 404: the parent writes them
            self.count = _Count()
            logging.getLogger("mkdocs").addHandler(self.count)
        return nav

    def on_page_content(self, html, page, config, files):  # noqa: ANN001, ANN201
        page.markdown = None  # the source is not needed once converted: half the memory of a page
        return html

    def on_post_page(self, output, page, config):  # noqa: ANN001, ANN201
        if page.file.src_uri not in self.keep:
            page.content = None  # written: only navigation pages are read again (titles, previous/next)
        return output

    def on_post_build(self, config):  # noqa: ANN001, ANN201
        if not self.children and not self.index:
            return
        print(f"process {self.index}: {time.perf_counter() - self.forked_at:.2f} s after the fork", file=sys.stderr)
        if self.index:
            for message in self.count.messages if self.count else []:
                print(f"worker {self.index}: {message}", file=sys.stderr)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(3 if self.count and self.count.messages else 0)
        failed = []
        for pid in self.children:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                failed.append(pid)
        if failed:
            raise RuntimeError(f"{len(failed)} build worker(s) failed")


def configure(config, args: list[str]) -> bool:  # noqa: ANN001
    """Apply the chosen changes to a loaded MkDocs config; True when the build must run in dirty mode."""
    if "--stash" in args:
        config.markdown_extensions.append(StashBodyExtension())
    if "--nav-cache" in args:
        config.extra["cb_nav_cache"] = {}
        config.theme.dirs.insert(0, str(Path(__file__).parent / "nav_cache_overrides"))
    if "--parallel" in args:
        workers = int(args[args.index("--parallel") + 1])
        config.plugins["claimbase-parallel"] = ParallelPages(workers)
        return workers > 1
    return False


def main() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1735689600")
    from mkdocs.commands.build import build

    from claimbase.site.build import load_config

    docs, site = Path(sys.argv[1]), Path(sys.argv[2])
    config = load_config(docs, site)
    dirty = configure(config, sys.argv[3:])
    started, cpu = time.perf_counter(), time.process_time()
    for plugin in config.plugins.values():
        plugin.started = started
    if dirty:
        shutil.rmtree(site, ignore_errors=True)
    build(config, dirty=dirty)
    import resource

    print(f"mkdocs build {' '.join(sys.argv[3:]) or '(plain)'}: {time.perf_counter() - started:.2f} s wall, "
          f"{time.process_time() - cpu:.2f} s CPU in the parent; largest process "
          f"{max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024:.0f}"
          " MB")


if __name__ == "__main__":
    main()
