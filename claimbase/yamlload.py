"""Read one YAML record file as untrusted input: plain data, with the line and column of every value.

Only a small, predictable subset of YAML is accepted. Tags, anchors, aliases, merge keys,
duplicate keys, several documents, a byte-order mark, bytes that are not UTF-8, oversized files
and absurd nesting are refused with a message. Plain scalars are typed by a strict rule close to
YAML 1.2's core schema (`true`/`false`, `null`, decimal numbers); everything else, including
YAML 1.1's `no`, `on`, `0777`, `1:20` and bare dates, stays the text it is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from . import reading
from .problems import Problem

MAX_BYTES = reading.RECORD_BYTES
MAX_DEPTH = 20
MAX_ITEMS = 1000
"""Items of one list, or fields of one mapping: records are small; a list of 12,000 references is not."""
MAX_INT_DIGITS = 15
"""Digits of an integer: below 2**53, so every JSON reader gets the same number back."""
MAX_NUMBER_CHARS = 24

Path_ = tuple[str | int, ...]

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z")
_NONZERO = re.compile(r"[1-9]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
"""Characters a record file may not hold raw: control characters, and the line breaks YAML counts but
editors do not (NEL, LS, PS: they shifted every position after them). A quoted value may still write
them as escapes, where the models decide."""
_UNACCEPTED = re.compile(_RAW_CONTROL.pattern[:-1] + "\ud800-\udfff]")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

try:  # libyaml's C parser is ten times faster; the pure-Python one gives the same events.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


class Document:
    """A parsed file: its data, and where each value and each mapping key stands in it.

    Positions are worked out on first use only: most records have no problem to point at.
    """

    def __init__(self, path: str, data: Any, text: str | None,
                 values: dict[Path_, tuple[int, int]] | None = None,
                 keys: dict[Path_, tuple[int, int]] | None = None,
                 file: Path | str | None = None):
        self.path, self.data, self._text, self.file = path, data, text, file
        self._values, self._keys = values, keys

    @property
    def text(self) -> str:
        """The file's text; read again from disk when it was not kept (parsed in another process)."""
        if self._text is None:
            try:
                self._text = reading.read_text(self.file, MAX_BYTES) if self.file else ""
            except reading.Unreadable:  # changed since it was parsed: no positions then
                self._text = ""
        return self._text

    @property
    def values(self) -> dict[Path_, tuple[int, int]]:
        if self._values is None:
            located = _parse_events(self.text, self.path)
            self._values, self._keys = located._values, located._keys
        return self._values  # type: ignore[return-value]

    @property
    def keys(self) -> dict[Path_, tuple[int, int]]:
        self.values  # noqa: B018 - fills both tables
        return self._keys  # type: ignore[return-value]

    def position(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """The (line, column) of the value at `loc`, or of its nearest located parent."""
        table = self.keys if key else self.values
        if loc in table:
            return table[loc]
        while loc:
            loc = loc[:-1]
            if loc in self.values:
                return self.values[loc]
        return (1, 1)


class YamlRefused(Exception):
    """The file is not plain YAML data this project accepts."""

    def __init__(self, line: int, column: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


class _BadNumber(Exception):
    """A plain scalar written as a number that is no number a record may hold."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


_NUMBER_HINT = "write a plain decimal number such as 122 or 2.5, or quote the value to make it text"


def _scalar(value: str, style: str | None) -> Any:
    """A scalar's value: quoted and block scalars are text; plain ones may be null, a boolean or a number.

    Numbers are bounded: an integer of thousands of digits, or 1e400 (which is infinity, and not JSON),
    is refused rather than passed on.
    """
    if style:
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if not (value[:1].isdigit() or value[:2][-1:].isdigit()):
        return value  # not a number (the patterns below are linear, but need not look at long text)
    if _INT.match(value):
        if len(value.lstrip("-")) > MAX_INT_DIGITS:
            raise _BadNumber(f"number {_short(value)} has more than {MAX_INT_DIGITS} digits", _NUMBER_HINT)
        return int(value)
    if _FLOAT.match(value):
        if len(value) > MAX_NUMBER_CHARS:
            raise _BadNumber(f"number {_short(value)} is longer than {MAX_NUMBER_CHARS} characters", _NUMBER_HINT)
        number = float(value)
        if number in (float("inf"), float("-inf")):
            raise _BadNumber(f"number {value} is too large: it would be infinity, which JSON cannot hold",
                             _NUMBER_HINT)
        if number == 0 and _NONZERO.search(value.partition("e")[0].partition("E")[0]):
            raise _BadNumber(f"number {value} is too small: it would be read as 0", _NUMBER_HINT)
        return number
    return value


def _short(value: str) -> str:
    return value if len(value) <= 24 else f"{value[:12]}…{value[-6:]} ({len(value)} characters)"


def _line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character of `text` (lines end at \\n only, as in editors)."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _pos(event: yaml.Event) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


def _refuse_event(event: yaml.Event) -> None:
    line, col = _pos(event)
    if isinstance(event, yaml.AliasEvent):
        raise YamlRefused(line, col, f"alias '*{event.anchor}' is not allowed",
                          "write the value out in full; anchors and aliases are not accepted")
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        raise YamlRefused(line, col, f"anchor '&{anchor}' is not allowed",
                          "remove the anchor; anchors and aliases are not accepted")
    tag = getattr(event, "tag", None)
    if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
        raise YamlRefused(line, col, f"tag '{_short_tag(tag)}' is not allowed",
                          "remove the tag; write plain values, and quote text that looks like another type")


def _parse_events(text: str, path: str) -> Document:
    """The careful parser: event by event, refusing what is not accepted, recording positions."""
    values: dict[Path_, tuple[int, int]] = {}
    keys: dict[Path_, tuple[int, int]] = {}
    # Each frame: [container, path, pending_key (mappings only), key_position]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    try:
        events = yaml.parse(text, Loader=_Loader)
        for event in events:
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line, col = _pos(event)
                    raise YamlRefused(line, col, "a second YAML document ('---') is not allowed",
                                      "keep one record per file")
                continue
            _refuse_event(event)
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = stack.pop()
                value, vpath = done[0], done[1]
                if not stack:
                    root = value
                continue
            # A value or a key is starting.
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                frame = stack[-1]
                if not isinstance(event, yaml.ScalarEvent):
                    line, col = _pos(event)
                    raise YamlRefused(line, col, "a mapping key must be plain text",
                                      "use a simple word as the key")
                key = event.value
                line, col = _pos(event)
                if key == "<<" and not event.style:
                    raise YamlRefused(line, col, "merge key '<<' is not allowed",
                                      "write the fields out in full")
                if len(frame[0]) >= MAX_ITEMS:
                    raise YamlRefused(line, col, f"a mapping of more than {MAX_ITEMS} fields",
                                      "records are small; remove the extra fields")
                if key in frame[0]:
                    first = keys.get(frame[1] + (key,), (0, 0))[0]
                    raise YamlRefused(line, col, f"duplicate key '{key}' (first set on line {first})",
                                      "keep one of the two")
                frame[2] = key
                keys[frame[1] + (key,)] = (line, col)
                continue
            # Where does the value go?
            if stack:
                parent = stack[-1]
                if isinstance(parent[0], dict):
                    vpath = parent[1] + (parent[2],)
                else:
                    vpath = parent[1] + (len(parent[0]),)
            else:
                vpath = ()
            if len(vpath) > MAX_DEPTH:
                line, col = _pos(event)
                raise YamlRefused(line, col, f"nesting deeper than {MAX_DEPTH} levels",
                                  "records are shallow; flatten the structure")
            values[vpath] = _pos(event)
            if vpath and isinstance(vpath[-1], int) and vpath[-1] >= MAX_ITEMS:
                line, col = _pos(event)
                raise YamlRefused(line, col, f"a list of more than {MAX_ITEMS} items",
                                  "records are small; list each thing once")
            if isinstance(event, yaml.ScalarEvent):
                try:
                    value = _scalar(event.value, event.style)
                except _BadNumber as exc:
                    line, col = _pos(event)
                    raise YamlRefused(line, col, exc.message, exc.hint) from None
            elif isinstance(event, yaml.MappingStartEvent):
                value = {}
            else:
                value = []
            if stack:
                parent = stack[-1]
                if isinstance(parent[0], dict):
                    parent[0][parent[2]] = value
                    parent[2] = _NO_KEY
                else:
                    parent[0].append(value)
            if isinstance(event, yaml.MappingStartEvent):
                stack.append([value, vpath, _NO_KEY])
            elif isinstance(event, yaml.SequenceStartEvent):
                stack.append([value, vpath, None])
            elif not stack:
                root = value
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlRefused(line, col, f"YAML syntax error: {exc.problem or exc.context}",
                          "check the indentation and quoting on this line or the one before") from None
    except yaml.YAMLError as exc:  # reader errors (control characters) and others
        mark = getattr(exc, "problem_mark", None)
        if mark:
            line, col = mark.line + 1, mark.column + 1
        elif isinstance(getattr(exc, "position", None), int):
            line, col = _line_col(text, exc.position)
        else:
            line, col = 1, 1
        raise YamlRefused(line, col, f"YAML error: {exc}".splitlines()[0]) from None
    return Document(path, root, text, values, keys)


# --- The fast path --------------------------------------------------------------------------------
# libyaml composes the node tree in C; a short walk turns it into data. Anything unusual (a character
# that may start an anchor, alias or tag, deep nesting, a second document, a duplicate or merge key)
# sends the file to the careful parser above, which gives the exact message and position.

_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_DEEP = re.compile(r"^[ \t?:-]{60,}", re.MULTILINE)
"""Deep indentation, or a line opening many block collections at once (`- - - - x`, `? ? ? x`).

libyaml composes its node tree recursively in C, and a file nested thousands of levels deep crashes
the process (a segmentation fault, nothing printed). A block collection starts at a greater column than
its parent (or, for a list under a key, at the same one, its items then two columns further), so a file
whose lines start with fewer than 60 of these characters and that holds fewer than 64 brackets is at
most a couple of hundred levels deep, harmless to compose; every other file goes to the careful parser,
an event loop that refuses the 21st level at once."""


class _Slow(Exception):
    """The fast path declines this file; the careful parser takes it."""


if hasattr(yaml, "_yaml"):
    from yaml._yaml import CParser as _CParser
    from yaml.resolver import BaseResolver as _BaseResolver

    class _Composer(_CParser, _BaseResolver):  # type: ignore[misc,valid-type]
        """libyaml's composer with no implicit typing: every plain scalar arrives as text."""

        def __init__(self, stream: str):
            _CParser.__init__(self, stream)
            _BaseResolver.__init__(self)

        # The resolver is asked about every node only to return the default tag: answer directly
        # (a third of the parsing time). An explicit tag never reaches here: the fast path is not
        # taken for text containing "!".
        def resolve(self, kind: type, value: object, implicit: object) -> str:
            return _STR if kind is yaml.ScalarNode else _MAP if kind is yaml.MappingNode else _SEQ

        def descend_resolver(self, current_node: object, current_index: object) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass
else:  # pragma: no cover
    _Composer = None


def _walk(node: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Slow
    kind = type(node)
    if kind is yaml.ScalarNode:
        if node.tag != _STR:
            raise _Slow
        try:
            return _scalar(node.value, node.style)
        except _BadNumber:
            raise _Slow from None
    if len(node.value) > MAX_ITEMS:
        raise _Slow
    if kind is yaml.MappingNode:
        if node.tag != _MAP:
            raise _Slow
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR:
                raise _Slow
            key = key_node.value
            if key in out or key == "<<":
                raise _Slow
            out[key] = _walk(value_node, depth + 1)
        return out
    if node.tag != _SEQ:
        raise _Slow
    return [_walk(item, depth + 1) for item in node.value]


def parse_text(text: str, path: str) -> Document:
    """Parse YAML text into plain dicts, lists and scalars; positions are found when needed."""
    bad = _UNACCEPTED.search(text)  # one pass for both kinds
    if bad and _SURROGATE.match(bad.group()):  # never from a file (strict UTF-8), but text may come from elsewhere
        line, col = _line_col(text, bad.start())
        raise YamlRefused(line, col, f"character U+{ord(bad.group()):04X} is not valid text", "save the file as UTF-8")
    if bad:
        line, col = _line_col(text, bad.start())
        raise YamlRefused(line, col, f"control character U+{ord(bad.group()):04X} is not allowed in a record file",
                          "remove it; where a value needs one, write it as an escape in a double-quoted string")
    if _Composer is not None and not ("&" in text or "*" in text or "!" in text or "%" in text) \
            and text.count("[") + text.count("{") < 64 and not _DEEP.search(text):
        try:
            node = _Composer(text).get_single_node()
            return Document(path, None if node is None else _walk(node, 0), text)
        except (_Slow, yaml.YAMLError, RecursionError, MemoryError):
            pass
    return _parse_events(text, path)


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


def read_document(file: Path, display: str) -> Document:
    """Read and parse a record file; raise `YamlRefused` for anything this project does not accept."""
    try:
        text = reading.read_text(file, MAX_BYTES)
    except reading.Unreadable as exc:
        raise _refused(exc) from None
    return parse_text(text, display)


def read_document_bytes(raw: bytes, display: str) -> Document:
    """Parse a record given as bytes (a version from git history) under the same limits as a file."""
    try:
        if len(raw) > MAX_BYTES:
            raise reading.Unreadable(f"file is {len(raw)} bytes, more than the {MAX_BYTES} allowed", kind="size")
        text = reading.decode(raw)
    except reading.Unreadable as exc:
        raise _refused(exc) from None
    return parse_text(text, display)


def _refused(exc: reading.Unreadable) -> YamlRefused:
    hint = "records are small; keep long text in the source's archived text file" if exc.kind == "size" \
        else exc.hint
    return YamlRefused(exc.line or 1, exc.column or 1, exc.message, hint)


def refusal_problem(display: str, exc: YamlRefused) -> Problem:
    return Problem(display, exc.line, exc.column, "", exc.message, exc.hint)


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag
