"""Generate every page and data file of the site into a docs folder that an engine then builds.

Each page is a Markdown file holding JSON-quoted front matter and one raw HTML block rendered by
`render.Renderer`. Files are written only when their content changed; files that no longer belong
to a record are removed. The pages themselves are made by the page families of `pages/`; this module
puts them together and shares the work out between processes.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..kb import KnowledgeBase
from ..models import Status
from . import data, shadowing
from .exports import registry as exports
from .feed import atom_feed
from .pages import claims, handwritten, indexes, merged, records
from .pages.context import PageContext, PageMemo, SiteSettings
from .writer import TreeWriter

__all__ = ["GenerateResult", "PageMemo", "SiteGenerator", "SiteSettings", "generate_docs"]


@dataclass
class GenerateResult:
    written: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    claim_pages: list[str] = field(default_factory=list)
    """Markdown paths of claim pages (for builds that put every claim in the navigation)."""
    hand_written: list[str] = field(default_factory=list)
    """The files copied from docs/ (all the others are generated)."""

    def generated_outputs(self) -> set[str]:
        """The files of the built site that the build generated (not copied from docs/)."""
        hand = set(self.hand_written)
        return {shadowing.output_of(rel) for rel in self.written if rel not in hand}


class SiteGenerator(PageContext):
    """Makes the whole site: every page family, the site-wide data files, the copied files."""

    def generate(self, writer: TreeWriter) -> GenerateResult:
        kb = self.kb
        result = GenerateResult()
        ids = sorted(kb.claims)
        result.claim_pages = [urls.page_source(urls.claim_path(cid)) for cid in ids
                              if kb.claims[cid].status.value != Status.merged]
        workers = self.workers if self.workers is not None else (2 if len(ids) >= PARALLEL_FROM_CLAIMS else 1)
        if self.memo is not None:
            workers = 1  # the memo lives in this process
            claims.use_memo(self, ids)
        kinds = ("system", "place", "actor", "source")
        # The site-wide pages and data files first, so that the processes share them out too.
        items = [f"site:{name}" for name in SITE_WIDE] + [f"export:{name}" for name in exports.NAMES]
        items += [f"claim:{cid}" for cid in ids]
        items += [f"{kind}:{rid}" for kind in kinds for rid in sorted(kb.records[kind])]
        items += merged.items(self)  # the redirects at the URLs of renamed or merged records
        self.rank  # noqa: B018 - worked out once, before the processes part
        _shared_out(writer, items, self._write_items, workers)
        handwritten.copy_schemas(self, writer)
        handwritten.copy_assets(writer)
        result.hand_written = handwritten.hand_written(self, writer)
        return result

    def site_wide(self, name: str) -> tuple[str, str | bytes]:
        """One of the SITE_WIDE pages and data files, as (path, content)."""
        kb, s, parts = self.kb, self.s, self.parts
        if name in indexes.SECTION_TITLES:
            return indexes.listing_page(self, name, indexes.SECTION_TITLES[name])
        if name in indexes.PAGES:
            return indexes.PAGES[name](self)
        made = {
            "claims-json": lambda: data.claims_json(kb, s.site_url, parts, self.versions.json_fields),
            "claims-csv": lambda: data.claims_csv(kb, s.site_url, parts),
            "claims-index": lambda: data.claims_index(kb, parts, list(self.rank)),
            "feed": lambda: atom_feed(kb, s.site_url, s.site_name, self.versions.history),
        }[name]
        return urls.data_path(name), made()

    def _write_items(self, writer: TreeWriter, items: list[str]) -> None:
        """Write the items given as "kind:id": a record's page (for a claim also its JSON file, or its
        redirect), or with kind "site" one of the site-wide pages and data files (SITE_WIDE)."""
        kb = self.kb
        for item in items:
            kind, _, rid = item.partition(":")
            if kind == "site":
                writer.write(*self.site_wide(rid))
            elif kind == "merged":
                writer.write(*merged.redirect_page(self, rid))
            elif kind == "export":
                for path, content in exports.files(rid, kb, self.s.site_url, self.s.site_name, self.parts):
                    writer.write(path, content)
            elif kind != "claim":
                page = records.record_page(self, kind, rid, writer)
                if page is not None:
                    writer.write(*page)
            else:
                if kb.claims[rid].status.value == Status.merged:
                    writer.write(*claims.redirect_page(self, rid))
                else:
                    claims.write_claim_page(self, writer, rid)
                writer.write(urls.claim_json_path(rid), data.claim_json(kb, kb.claims[rid], self.s.site_url,
                                                                       self.parts, self.versions.json_fields))
                self.versions.write(writer, rid, self.parts.setdefault(rid, {}) if self.memo is not None else None)


SITE_WIDE = ("claims-index", "claims-csv", "claims-json", "system", "place", "actor", "source",
             "disputed", "claims", "timeline", "map", "feed", "search", "data")
"""Site-wide pages and data files, the slowest to make first: two processes take them in turns."""

PARALLEL_FROM_CLAIMS = 2000
"""From this many claims, claim pages are rendered by two processes (where `os.fork` exists)."""


def _shared_out(writer: TreeWriter, items: list[str], work, workers: int) -> None:  # noqa: ANN001
    """Run `work(writer, share)` over `items`, shared out between `workers` forked processes.

    Each process writes its own files; the others report back which paths they wrote and changed.
    """
    if workers < 2 or not hasattr(os, "fork") or len(items) < workers:
        work(writer, items)
        return
    children = []
    for index in range(1, workers):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(read_end)
            try:
                sub = TreeWriter(writer.root)
                work(sub, items[index::workers])
                payload = {"written": sorted(sub.written), "changed": sub.changed}
            except BaseException as exc:  # noqa: BLE001 - reported by the parent
                payload = {"error": f"{type(exc).__name__}: {exc}"}
            with os.fdopen(write_end, "w", encoding="utf-8") as out:
                json.dump(payload, out)
            os._exit(0)
        os.close(write_end)
        children.append((pid, read_end))
    work(writer, items[0::workers])
    errors = []
    for pid, read_end in children:
        with os.fdopen(read_end, encoding="utf-8") as inp:
            text = inp.read()  # read before waiting: a full pipe would block the child
        os.waitpid(pid, 0)
        payload = json.loads(text) if text else {"error": "a generating process died"}
        if "error" in payload:
            errors.append(payload["error"])
            continue
        writer.written.update(payload["written"])
        writer.changed.extend(payload["changed"])
    if errors:
        raise RuntimeError("generating pages failed: " + "; ".join(errors))


def generate_docs(kb: KnowledgeBase, docs_dir: Path, settings: SiteSettings | None = None, *,
                  hand_docs: Path | None = None, workers: int | None = None,
                  memo: PageMemo | None = None, site_only: Path | None = None) -> GenerateResult:
    """Write every page and data file of the site under `docs_dir`; remove files no record needs.

    With `site_only` (a build, not a live preview), the version and history pages of claims are written
    there instead, for the build to move into the built site after the engine (`versions.publish`); they
    are listed in `written` all the same."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    # A live preview (with a memo) holds its writes until all pages are made: see TreeWriter.defer.
    writer = TreeWriter(docs_dir, memo.files if memo is not None else None, defer=memo is not None)
    generator = SiteGenerator(kb, settings or SiteSettings(), hand_docs, workers, memo)
    if site_only is not None and memo is None:
        shutil.rmtree(site_only, ignore_errors=True)
        generator.versions.site_only = site_only
    result = generator.generate(writer)
    writer.flush()
    result.written = sorted(writer.written | set(generator.versions.site_only_paths(sorted(kb.claims))
                                                 if generator.versions.site_only is not None else []))
    result.changed = writer.changed
    # A preview lists the folder once; after that it knows every file it wrote there.
    result.removed = writer.remove_stale(walk=memo is None or memo.runs == 0)
    if memo is not None:
        memo.runs += 1
    return result


