"""Generate every page and data file of the site into a docs folder that an engine then builds.

Each page is a Markdown file holding JSON-quoted front matter and one raw HTML block rendered by
`render.Renderer`. Files are written only when their content changed; files that no longer belong
to a record are removed. The pages themselves are made by the page families of `pages/`; this module
puts them together and shares the work out between processes.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import time
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
from .search import SearchDocs
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
    search_seconds: float = 0.0
    """Pagefind's time, run beside the engine's build (`build.build_kb`)."""
    search_waited: float = 0.0
    """How long the build waited for Pagefind once the engine was done."""
    processes: list[dict[str, float]] = field(default_factory=list)
    """What each generating process did: units of work, seconds busy, CPU seconds (the first is this one)."""

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
        # Worked out once, before the processes part: both use them.
        self.rank, self.listed, self.children, self.compared  # noqa: B018
        units = self.units(ids)
        if self.search_docs is None:
            result.processes = _shared_out(writer, units, self._write_items, workers)
        else:
            # First the pages that search indexes (claims; weapon systems, places, actors), so that the
            # search index is made while the rest is generated and the engine builds (build.build_kb).
            searched = [unit for unit in units if all(item.partition(":")[0] in SEARCHED for item in unit)]
            rest = [unit for unit in units if unit not in searched]
            result.processes = _shared_out(writer, searched, self._write_items, workers)
            self.search_docs.complete()
            for did, more in zip(result.processes, _shared_out(writer, rest, self._write_items, workers),
                                 strict=False):
                for key in did:
                    did[key] += more[key]
        handwritten.copy_schemas(self, writer)
        handwritten.copy_assets(writer)
        result.hand_written = handwritten.hand_written(self, writer)
        return result

    def units(self, ids: list[str]) -> list[list[str]]:
        """The work, as units of items ("kind:id", see `_write_items`) that the processes take one at a
        time, the longest first. Items that share pieces made on the way are in one unit, so that no
        piece is made twice: the tables behind claims.csv, the other CSV files and the SQLite database;
        claims.json and the claims' own JSON files; the pages of weapon systems, places and actors, which share
        their claims' rows (and are searched: see `generate`), and those of sources. A claim's version and
        history pages are a unit apart from its page (search does not index them)."""
        kb = self.kb
        units = [["export:sqlite", "export:records", "site:claims-csv"], ["site:claims-json", "json:claims"]]
        units.append([f"{kind}:{rid}" for kind in ("system", "place", "actor") for rid in sorted(kb.records[kind])])
        units.append([f"source:{rid}" for rid in sorted(kb.records["source"])])
        units += [[f"export:{name}"] for name in exports.NAMES if name not in ("sqlite", "records")]
        units += [[f"site:{name}"] for name in SITE_WIDE if name not in ("claims-csv", "claims-json")]
        size = max(CLAIMS_PER_UNIT, -(-len(ids) // 8000))  # at most 8,000 units of claims
        units += [[f"claim:{cid}" for cid in ids[i:i + size]] for i in range(0, len(ids), size)]
        if self.versions.history is not None:  # the version and history pages, not searched: after the claims'
            units += [[f"versions:{cid}" for cid in ids[i:i + size]] for i in range(0, len(ids), size)]
        tombstones = merged.items(self)  # the redirects at the URLs of renamed or merged records
        if tombstones:
            units.append(tombstones)
        return [unit for unit in units if unit]

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
        """Write the items given as "kind:id": a record's page (for a claim its page or its redirect),
        with kind "site" one of the site-wide pages and data files (SITE_WIDE), with "export" a group of
        export files, with "json" every claim's own JSON file."""
        kb = self.kb
        for item in items:
            kind, _, rid = item.partition(":")
            if kind == "site":
                writer.write(*self.site_wide(rid))
            elif kind == "json":  # every claim's own JSON file (claims.json is made of the same pieces)
                for cid in sorted(kb.claims):
                    writer.write(urls.claim_json_path(cid), data.claim_json(kb, kb.claims[cid], self.s.site_url,
                                                                           self.parts, self.versions.json_fields))
            elif kind == "merged":
                writer.write(*merged.redirect_page(self, rid))
            elif kind == "export":
                for path, content in exports.files(rid, kb, self.s.site_url, self.s.site_name, self.parts):
                    writer.write(path, content)
            elif kind == "versions":
                self.versions.write(writer, rid, self.parts.setdefault(rid, {}) if self.memo is not None else None)
            elif kind != "claim":
                page = records.record_page(self, kind, rid, writer)
                if page is not None:
                    writer.write(*page)
            else:
                if kb.claims[rid].status.value == Status.merged:
                    writer.write(*claims.redirect_page(self, rid))
                else:
                    claims.write_claim_page(self, writer, rid)


SITE_WIDE = ("claims-index", "claims-csv", "claims-json", "system", "place", "actor", "source",
             "disputed", "claims", "timeline", "map", "feed", "search", "data")
"""Site-wide pages and data files."""

SEARCHED = ("claim", "system", "place", "actor")
"""The kinds of record whose pages search indexes (templates/_search.html)."""

PARALLEL_FROM_CLAIMS = 2000
"""From this many claims, the pages are made by two processes (where `os.fork` exists)."""

CLAIMS_PER_UNIT = 25
"""Claims in one unit of work: small, so that the processes finish together."""


def _shared_out(writer: TreeWriter, units: list[list[str]], work, workers: int) -> list[dict[str, float]]:  # noqa: ANN001
    """Run `work(writer, unit)` over every unit, shared out between `workers` forked processes; return
    what each process did (units, seconds busy, CPU seconds), this one first.

    The units are numbered in a pipe that every process reads, four bytes (one unit) at a time: a
    process takes the next unit when it has finished its last, so the work is shared by what it costs,
    not by counting items. Each process writes its own files; the others report back which paths they
    wrote and changed.
    """
    if workers < 2 or not hasattr(os, "fork") or len(units) < workers:
        started, cpu = time.perf_counter(), time.process_time()
        for unit in units:
            work(writer, unit)
        return [_did(len(units), started, cpu)]
    # What is made so far is shared with the children as it is: no collection walks it again (like the
    # records, frozen by `pipeline.load_knowledge_base`, which unfreezes them all at its next run).
    gc.freeze()
    return _forked(writer, units, work, workers)


def _forked(writer: TreeWriter, units: list[list[str]], work, workers: int) -> list[dict[str, float]]:  # noqa: ANN001
    take, put = os.pipe()
    numbers = b"".join(i.to_bytes(4, "little") for i in range(len(units)))
    assert len(numbers) <= 65536, "more units than a pipe holds"  # written before anyone reads
    os.write(put, numbers)
    os.close(put)
    children = []
    try:
        for _ in range(1, workers):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                os.close(read_end)
                try:
                    sub = TreeWriter(writer.root, staged=writer.staged)
                    did = _take_units(take, units, sub, work)
                    payload = {"written": sorted(sub.written), "staged": sorted(sub.in_staged),
                               "changed": sub.changed, "did": did}
                except BaseException as exc:  # noqa: BLE001 - reported by the parent
                    payload = {"error": f"{type(exc).__name__}: {exc}"}
                with os.fdopen(write_end, "w", encoding="utf-8") as out:
                    json.dump(payload, out)
                os._exit(0)
            os.close(write_end)
            children.append((pid, read_end))
        did = [_take_units(take, units, writer, work)]
    finally:
        os.close(take)
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
        writer.in_staged.update(payload["staged"])
        writer.changed.extend(payload["changed"])
        did.append(payload["did"])
    if errors:
        raise RuntimeError("generating pages failed: " + "; ".join(errors))
    return did


def _take_units(take: int, units: list[list[str]], writer: TreeWriter, work) -> dict[str, float]:  # noqa: ANN001
    """Do the units whose numbers this process reads from the pipe `take`, until it is empty."""
    started, cpu, done = time.perf_counter(), time.process_time(), 0
    while len(number := os.read(take, 4)) == 4:  # reads of 4 bytes from a pipe are never split
        work(writer, units[int.from_bytes(number, "little")])
        done += 1
    return _did(done, started, cpu)


def _did(units: int, started: float, cpu: float) -> dict[str, float]:
    return {"units": units, "seconds": round(time.perf_counter() - started, 3),
            "cpu": round(time.process_time() - cpu, 3)}


def generate_docs(kb: KnowledgeBase, docs_dir: Path, settings: SiteSettings | None = None, *,
                  hand_docs: Path | None = None, workers: int | None = None,
                  memo: PageMemo | None = None, search_docs: SearchDocs | None = None,
                  site_only: Path | None = None) -> GenerateResult:
    """Write every page and data file of the site under `docs_dir`; remove files no record needs.

    With `search_docs`, also leave there what Pagefind is to index of each page. With `site_only` (a
    build, not a live preview), the generated files that the engine would only copy (every one but the
    pages) are written there instead, for the build to move into the built site after the engine
    (`versions.publish`, see `TreeWriter.staged`); they are listed in `written` all the same."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    # A live preview (with a memo) holds its writes until all pages are made: see TreeWriter.defer.
    if site_only is not None and memo is None:
        shutil.rmtree(site_only, ignore_errors=True)
    else:
        site_only = None
    writer = TreeWriter(docs_dir, memo.files if memo is not None else None, defer=memo is not None,
                        staged=site_only)
    generator = SiteGenerator(kb, settings or SiteSettings(), hand_docs, workers, memo)
    generator.search_docs = search_docs
    result = generator.generate(writer)
    writer.flush()
    result.written = sorted(writer.written)
    result.changed = writer.changed
    # A preview lists the folder once; after that it knows every file it wrote there.
    result.removed = writer.remove_stale(walk=memo is None or memo.runs == 0)
    if memo is not None:
        memo.runs += 1
    return result


