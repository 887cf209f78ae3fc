"""Load: read every record file on its own, validate it against its model, and keep its positions.

No file is opened because another refers to it; references are resolved later, once, over the whole
set (`kb.py`). Every problem found is collected, never raised one at a time.
"""

from __future__ import annotations

import difflib
import gc
import marshal
import multiprocessing as mp
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from pydantic import ValidationError

from .layout import FOLDERS, Layout, schema_line
from .models import RECORD_KINDS, Record
from .problems import Problem, Problems
from .yamlload import Document, YamlRefused, read_document, refusal_problem


@dataclass
class Loaded:
    """A record that passed its model, with the file it came from."""

    kind: str
    id: str
    file: str
    doc: Document
    model: Any

    def at(self, *loc: str | int, key: bool = False) -> tuple[int, int]:
        return self.doc.position(tuple(loc), key=key)

    def problem(self, loc: tuple[str | int, ...], message: str, hint: str = "") -> Problem:
        line, col = self.doc.position(loc)
        return Problem(self.file, line, col, field_path(loc), message, hint)


def field_path(loc: tuple[str | int, ...]) -> str:
    """('attributions', 0, 'quote') -> 'attributions[0].quote'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _allowed_fields(model: type[Record], loc: tuple[str | int, ...]) -> list[str]:
    """The field names allowed at `loc` inside `model`, for a helpful 'unknown field' message."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _field(model: type[Record], loc: tuple[str | int, ...]) -> Any:
    """The pydantic FieldInfo at `loc`, or None."""
    current: Any = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return info


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _translate(error: dict[str, Any], model: type[Record]) -> tuple[str, str]:
    """A pydantic error -> (message, hint) in words for contributors."""
    kind, loc, value = error["type"], error["loc"], error.get("input")
    if kind == "missing":
        info = _field(model, loc)
        nullable = info is not None and type(None) in get_args(info.annotation)
        return "required field is missing", f"add '{loc[-1]}:'" + (
            ", or null where the source says nothing" if nullable else " with a value")
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc)
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "check the spelling"
        if allowed:
            hint += " Allowed here: " + ", ".join(allowed)
        return f"unknown field '{loc[-1]}'", hint
    if kind == "string_type":
        if isinstance(value, bool):
            return "must be text, not true/false", "put the value in quotes"
        if isinstance(value, (int, float)):
            return "must be text, not a number", "put the value in quotes, for example '2024'"
        return "must be text", "write a single line of text"
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if "a-z0-9" in pattern and "(?:-" in pattern:
            return f"'{value}' is not a valid id", "use lower-case letters, digits and single hyphens, like kn-23"
        if "A-Z]{2}$" in pattern:
            return f"'{value}' is not a country code", "use an ISO 3166-1 alpha-2 code such as KP, RU, UA"
        return f"'{value}' is not a valid value here", f"it must match {pattern}"
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        shown = value if isinstance(value, str) else repr(value)
        return f"'{shown}' is not allowed here", f"use one of {expected}"
    if kind in ("int_type", "float_type", "int_from_float", "int_parsing", "float_parsing"):
        if isinstance(value, str):
            return f"'{value}' is not a number", ("write a plain decimal number like 122 or 2.5, without quotes "
                                                 "(YAML 1.1 forms such as 0777 or 1:20 are read as text)")
        return "must be a number", "write a plain decimal number like 122 or 2.5"
    if kind in ("greater_than_equal", "less_than_equal"):
        return error["msg"].lower(), ""
    if kind in ("list_type",):
        return "must be a list", "start each item on its own line with '- '"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a mapping of fields", "indent the fields under this key"
    if kind == "too_short":
        return "must not be empty", "add at least one item"
    if kind == "string_too_short":
        return "must not be empty", "write the text, or use null where the field allows it"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"is longer than {limit} characters", "shorten it"
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, "), ""
    if kind == "bool_type":
        return "must be true or false", "YAML 1.1 words like yes/no/on/off are read as text here"
    return error["msg"], ""


def validation_problems(file: str, doc: Document, model: type[Record], exc: ValidationError) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        message, hint = _translate(error, model)
        if error["type"] == "extra_forbidden":
            line, col = doc.position(loc, key=True)
        else:
            line, col = doc.position(loc)
        problems.append(Problem(file, line, col, field_path(loc), message, hint))
    return problems


def parse_file(path: Path, kind: str, display: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one record file; check its schema line. No model yet."""
    try:
        doc = read_document(path, display)
    except YamlRefused as exc:
        return None, [refusal_problem(display, exc)]
    except OSError as exc:
        return None, [Problem(display, 0, 0, "", f"cannot read the file: {exc.strerror}")]
    problems: list[Problem] = []
    expected_line = schema_line(kind)
    if doc.text.partition("\n")[0].rstrip("\r") != expected_line:
        problems.append(Problem(display, 1, 1, "", "first line must name the JSON Schema",
                                f"make the first line: {expected_line}"))
    return doc, problems


def validate_document(doc: Document, kind: str, stem: str) -> tuple[Loaded | None, list[Problem]]:
    """Validate parsed data against the kind's model; check that the id is the file name."""
    display, data = doc.path, doc.data
    if not isinstance(data, dict):
        line, col = doc.position(()) if data is not None else (1, 1)  # where the value is, not always 1:1
        return None, [Problem(display, line, col, "", "a record must be a mapping of fields",
                              "start with 'id: ...' and one field per line")]
    model = RECORD_KINDS[kind]
    problems: list[Problem] = []
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_problems(display, doc, model, exc))
        record = None
    record_id = data.get("id")
    if isinstance(record_id, str) and record_id != stem:
        line, col = doc.position(("id",))
        problems.append(Problem(display, line, col, "id", f"id '{record_id}' differs from the file name '{stem}'",
                                f"an id never changes: rename the new file to {record_id}.yaml, "
                                "or set id back to the file name"))
    if record is None or problems:
        return None, problems
    return Loaded(kind, record.id, display, doc, record), []


def load_file(path: Path, kind: str, layout: Layout) -> tuple[Loaded | None, list[Problem]]:
    """Read one record file. Returns the record, or None and the problems that stopped it."""
    doc, problems = parse_file(path, kind, layout.display(path))
    if doc is None:
        return None, problems
    record, found = validate_document(doc, kind, path.stem)
    return (record if not problems else None), problems + found


def record_files(layout: Layout) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every record file of every kind, in a stable order, and problems with stray files.

    One `os.scandir` per folder: at 10,000 records, pathlib's listing and stat calls cost seconds.
    """
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    for kind, folder in FOLDERS.items():
        directory = layout.root / folder
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink():
                continue  # a link is refused by `reading.input_link_problems`, never followed
            if entry.name.endswith(".yaml") and entry.is_file(follow_symlinks=False):
                found.append((kind, directory / entry.name))
            else:
                problems.append(Problem(f"{folder}/{entry.name}", 0, 0, "",
                                        f"only <id>.yaml record files belong in {folder}/",
                                        "rename it to .yaml, or move it out of the folder"))
    return found, problems


_Parsed = tuple[str, str, str, bool, object, list[Problem]]  # kind, stem, display, parsed, data, problems


def ids_on_disk(files: list[tuple[str, Path]]) -> dict[str, set[str]]:
    """Kind -> the ids of the record files present, loaded or not."""
    out: dict[str, set[str]] = {kind: set() for kind in FOLDERS}
    for kind, path in files:
        out[kind].add(path.stem)
    return out


def _parse_chunk(root: str, files: list[tuple[str, str]]) -> list[_Parsed]:
    """Parse files, possibly in a worker process: plain data travels back much faster than models,
    and the text stays behind (it is read again only to locate a problem)."""
    out = []
    for kind, rel in files:
        doc, problems = parse_file(Path(root) / rel, kind, rel)
        out.append((kind, Path(rel).stem, rel, doc is not None, doc.data if doc else None, problems))
    return out


def _parse_chunk_packed(root: str, files: list[tuple[str, str]]) -> tuple[bytes, list[tuple[int, list[Problem]]]]:
    """`_parse_chunk` for a worker process: the parsed data (dicts, lists and strings only) packed with
    `marshal`, seven times faster to pack than pickle and twice as fast to unpack; the few problems
    found travel apart, by position. Only ever unpacked by the process that started this worker."""
    parsed = _parse_chunk(root, files)
    plain = [entry[:5] for entry in parsed]
    found = [(i, entry[5]) for i, entry in enumerate(parsed) if entry[5]]
    return marshal.dumps(plain), found


def _unpack(packed: tuple[bytes, list[tuple[int, list[Problem]]]]) -> list[_Parsed]:
    plain, found = packed
    problems = dict(found)
    return [(*entry, problems.get(i, [])) for i, entry in enumerate(marshal.loads(plain))]


@contextmanager
def _no_gc(*, freeze: bool = False) -> Iterator[None]:
    """Loading allocates many small objects and frees almost none: cyclic collections only cost time
    (a third of the run at 10,000 claims), so they wait until loading is done. With `freeze`, what was
    made meanwhile is frozen before collections resume: the first one would otherwise walk every
    record just loaded (0.3 to 0.6 s at 10,000 claims), which `pipeline.load_knowledge_base` freezes
    right after anyway (and unfreezes at its next run)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            if freeze:
                gc.freeze()
            gc.enable()


PARALLEL_FROM = 2000
"""From this many files on, parsing is shared between processes (YAML parsing is most of the time)."""


@dataclass
class LoadCache:
    """Records loaded by an earlier run of the same process (a live preview), by file, with the
    modification time and size they were read at: unchanged files are not parsed again."""

    entries: dict[Path, tuple[int, int, Loaded]] = field(default_factory=dict)


def load_all(layout: Layout, problems: Problems,
             files: list[tuple[str, Path]] | None = None, cache: LoadCache | None = None) -> list[Loaded]:
    """Load every record (or the `files` given, as `record_files` lists them); add each problem found
    to `problems`. Order is stable: kind, then file name. With a `cache`, reuse unchanged records.
    The records are frozen for the garbage collector (see `_no_gc`)."""
    with _no_gc(freeze=True):
        if files is None:
            files, stray = record_files(layout)
            problems.extend(stray)
        if cache is None:
            return _load_all(layout, problems, files)
        return _load_cached(layout, problems, files, cache)


def _load_cached(layout: Layout, problems: Problems, files: list[tuple[str, Path]],
                 cache: LoadCache) -> list[Loaded]:
    stamps: dict[Path, tuple[int, int]] = {}
    stale: list[tuple[str, Path]] = []
    for kind, path in files:
        try:
            st = path.stat()
        except OSError:
            st = None
        stamps[path] = (st.st_mtime_ns, st.st_size) if st else (-1, -1)
        entry = cache.entries.get(path)
        if entry is None or entry[:2] != stamps[path] or entry[2].kind != kind:
            stale.append((kind, path))
    fresh = {(r.kind, r.file): r for r in _load_all(layout, problems, stale)}
    records = []
    entries: dict[Path, tuple[int, int, Loaded]] = {}
    for kind, path in files:
        record = fresh.get((kind, layout.display(path)))
        if record is None and (kind, path) not in stale:
            record = cache.entries[path][2]
        if record is not None:
            records.append(record)
            entries[path] = (*stamps[path], record)
    cache.entries = entries
    return records


def _load_all(layout: Layout, problems: Problems, files: list[tuple[str, Path]]) -> list[Loaded]:
    relative = [(kind, f"{path.parent.name}/{path.name}") for kind, path in files]
    workers = min(os.cpu_count() or 1, 4)
    records: list[Loaded] = []
    if len(files) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        _validate_parsed(layout, _parse_chunk(str(layout.root), relative), records, problems)
        return records
    # Workers parse chunks in order while this process validates the chunks already parsed.
    chunks = [relative[i:i + CHUNK] for i in range(0, len(relative), CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        for packed in pool.map(_parse_chunk_packed, [str(layout.root)] * len(chunks), chunks):
            _validate_parsed(layout, _unpack(packed), records, problems)
    return records


CHUNK = 250
"""Files per parsing task: small enough that validation starts early, large enough to cost little."""


def _validate_parsed(layout: Layout, parsed: list[_Parsed], records: list[Loaded], problems: Problems) -> None:
    root = str(layout.root)
    for kind, stem, display, ok, data, found in parsed:
        if not ok:
            problems.extend(found)
            continue
        doc = Document(display, data, None, file=os.path.join(root, display))
        record, more = validate_document(doc, kind, stem)
        problems.extend(found + more)
        if record is not None and not found:
            records.append(record)
