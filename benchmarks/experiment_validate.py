"""Experiment: where `validate` spends its time at 10,000 claims, and what three small loader/check
changes would save. Each change is applied here by monkeypatching, so the committed code is untouched.

    python benchmarks/experiment_validate.py <knowledge-base> [--fix quotes] [--fix listing] [--fix resolver]

  quotes    normalise each archived text once per run (checks.quote_verbatim re-reads and re-normalises the
            text for every attribution: the lru_cache of 1,024 entries is flushed by the quotes themselves)
  listing   list record files once with os.scandir (record_files, ids_on_disk and the unique-ids check each
            walk every folder with pathlib, stat each file, and sort Path objects)
  resolver  give libyaml's composer no-op resolver hooks (BaseResolver.resolve/descend/ascend are called in
            Python for each of ~80 nodes per file, only to return the default tag)
  overlap   parse in small chunks and validate each chunk's records with pydantic in the main process as soon
            as it arrives, while the workers parse the next ones (today the main process waits for all)
  freeze    gc.freeze() once the records are loaded: the millions of objects they are made of then never
            need another look from the cyclic garbage collector (each full collection walks them all)
"""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def fix_quotes() -> None:
    from claimbase import checks, kb

    original = kb.KnowledgeBase.archived_text
    cache: dict[tuple[int, str], str | None] = {}

    def archived_text(self, source):  # noqa: ANN001, ANN202
        key = (id(self), source.archived_text or "")
        if key not in cache:
            cache[key] = original(self, source)
        return cache[key]

    kb.KnowledgeBase.archived_text = archived_text
    plain = checks._normalise.__wrapped__
    checks._normalise = functools.lru_cache(maxsize=None)(plain)


def fix_listing() -> None:
    from claimbase import checks, load
    from claimbase.layout import FOLDERS
    from claimbase.problems import Problem

    def record_files(layout):  # noqa: ANN001, ANN202
        found, problems = [], []
        for kind, folder in FOLDERS.items():
            directory = layout.root / folder
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except FileNotFoundError:
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.name.endswith(".yaml") and entry.is_file(follow_symlinks=False):
                    found.append((kind, directory / entry.name))
                else:
                    problems.append(Problem(f"{folder}/{entry.name}", 0, 0, "",
                                            f"only <id>.yaml record files belong in {folder}/",
                                            "rename it to .yaml, or move it out of the folder"))
        return found, problems

    load.record_files = record_files

    def unique_ids(kb):  # noqa: ANN001, ANN202
        for folder in FOLDERS.values():
            directory = kb.layout.root / folder
            if not directory.is_dir():
                continue
            seen: dict[str, str] = {}
            for name in sorted(n for n in os.listdir(directory) if n.endswith(".yaml")):
                key = name[:-5].casefold()
                if key in seen:
                    yield Problem(f"{folder}/{name}", 1, 1, "id",
                                  f"id '{name[:-5]}' clashes with {seen[key]} (ids ignore case)", "choose another id")
                else:
                    seen[key] = f"{folder}/{name}"

    checks.CHECKS[:] = [checks.Check(c.name, c.editorial, c.description, unique_ids) if c.name == "unique-ids"
                        else c for c in checks.CHECKS]


def fix_resolver() -> None:
    import yaml

    from claimbase import yamlload

    tags = {yaml.ScalarNode: yamlload._STR, yaml.MappingNode: yamlload._MAP, yaml.SequenceNode: yamlload._SEQ}
    yamlload._Composer.descend_resolver = lambda self, parent, index: None
    yamlload._Composer.ascend_resolver = lambda self: None
    yamlload._Composer.resolve = lambda self, kind, value, implicit: tags[kind]


def fix_freeze() -> None:
    import gc

    from claimbase import load, pipeline

    load_all = load.load_all

    def frozen(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        out = load_all(*args, **kwargs)
        gc.freeze()
        return out

    load.load_all = pipeline.load_all = frozen


def fix_overlap() -> None:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from claimbase import load
    from claimbase.yamlload import Document

    original = load._load_all

    def _load_all(layout, problems):  # noqa: ANN001, ANN202
        files, stray = load.record_files(layout)
        if len(files) < load.PARALLEL_FROM or (os.cpu_count() or 1) < 2:
            return original(layout, problems)
        problems.extend(stray)
        relative = [(kind, layout.display(path)) for kind, path in files]
        size = 250
        chunks = [relative[i:i + size] for i in range(0, len(relative), size)]
        records = []
        with ProcessPoolExecutor(min(os.cpu_count() or 1, 4), mp_context=mp.get_context("fork")) as pool:
            for parsed in pool.map(load._parse_chunk, [str(layout.root)] * len(chunks), chunks):
                for kind, stem, display, ok, data, found in parsed:
                    if not ok:
                        problems.extend(found)
                        continue
                    doc = Document(display, data, None, file=layout.root / display)
                    record, more = load.validate_document(doc, kind, stem)
                    problems.extend(found + more)
                    if record is not None and not found:
                        records.append(record)
        return records

    load._load_all = _load_all


def main() -> None:
    root = Path(sys.argv[1])
    fixes = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--fix"]
    for name in fixes:
        {"quotes": fix_quotes, "listing": fix_listing, "resolver": fix_resolver, "freeze": fix_freeze,
         "overlap": fix_overlap}[name]()
    from claimbase import pipeline

    phases: dict[str, float] = {}
    load_all = pipeline.load_all

    def timed_load_all(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        t = time.perf_counter()
        out = load_all(*args, **kwargs)
        phases["load_all"] = time.perf_counter() - t
        return out

    pipeline.load_all = timed_load_all
    started, cpu = time.perf_counter(), time.process_time()
    kb = pipeline.load_knowledge_base(root)
    total = time.perf_counter() - started
    print(f"fixes {fixes or 'none'}: {len(kb.claims)} claims loaded and checked in {total:.2f} s wall "
          f"(parse + models {phases['load_all']:.2f} s, links + checks {total - phases['load_all']:.2f} s; "
          f"{time.process_time() - cpu:.2f} s CPU in the main process)")


if __name__ == "__main__":
    main()
