"""Experiment: how much of the MkDocs build is Python's html.parser reading our raw-HTML page bodies?

A Markdown preprocessor that runs before MkDocs' raw-HTML scan (priority 21) and Python-Markdown's
html_block (20) stores the body `<div class="cb ...">...</div>` in the HTML stash as one block, so
neither parses it tag by tag. Output HTML is the same: the stash puts the block back verbatim.

    python benchmarks/experiment_stash.py <docs_dir> <site_dir> [--stash]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class StashBody(markdown.preprocessors.Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        # The generated body starts with a line '<div class="cb' and ends with the page's last '</div>'.
        # Only pages that are one generated block: hand-written pages (home, methodology) are left alone.
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        for i, line in enumerate(lines):
            if i == first and line.startswith('<div class="cb'):
                j = len(lines)
                while j > i and lines[j - 1].strip() == "":
                    j -= 1
                html = "\n".join(lines[i:j])
                return lines[:i] + ["", self.md.htmlStash.store(html), ""] + lines[j:]
        return lines


class StashBodyExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.register(StashBody(md), "claimbase_stash_body", 25)


def main() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1735689600")
    from mkdocs.commands.build import build

    from claimbase.site.build import load_config

    docs, site = Path(sys.argv[1]), Path(sys.argv[2])
    config = load_config(docs, site)
    if "--stash" in sys.argv:
        config.markdown_extensions.append(StashBodyExtension())
    if "--nav-cache" in sys.argv:
        # The sidebar of a page outside the navigation depends only on how deep the page is.
        config.extra["cb_nav_cache"] = {}
        config.theme.dirs.insert(0, str(Path(__file__).parent / "nav_cache_overrides"))
    started, cpu = time.perf_counter(), time.process_time()
    build(config)
    print(f"mkdocs build: {time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")
    if "--nav-cache" in sys.argv:
        print("cached sidebars:", sorted(config.extra["cb_nav_cache"]))


if __name__ == "__main__":
    main()
