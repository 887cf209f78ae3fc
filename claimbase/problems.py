"""Problems found in records: where they are, what is wrong, and how to fix them.

The library collects problems and raises `ProblemsFound` once; the command line prints them.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import TextIO

# --- Safe output -----------------------------------------------------------------------------------
# Messages carry record text and file names from a stranger's pull request. Printed raw, a newline and
# `::add-mask::` or `::warning` in a value becomes a GitHub Actions workflow command in the CI log, and
# terminal escape codes can clear the screen and print a fake "OK". So every character that is not
# plain printable text (C0 and C1 controls, DEL, line and paragraph separators, bidi controls,
# zero-width characters, spaces other than the plain one, non-characters) is shown as an escape, long
# values are shortened, and a line that would still start with `::` or `##[` (workflow commands, even
# after spaces) is neutralised.

_UNSAFE = re.compile("[\x00-\x1f\x7f-\xa0\u061c\u115f\u1160\u1680\u180e\u2000-\u200f\u2028-\u202f"
                     "\u205f-\u206f\u3000\u3164\ufeff\ufff0-\ufffb\ufffe\uffff\U000e0000-\U000e007f]")
_COMMAND = re.compile(r"[ \t]*(?:::|##\[)")
MAX_SHOWN = 400
"""Characters of one value shown in a message; a longer one is cut in the middle."""


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    named = {9: "\\t", 10: "\\n", 13: "\\r", 27: "\\e"}
    if code in named:
        return named[code]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def safe_text(text: object, limit: int = MAX_SHOWN) -> str:
    """`text` on one line of plain printable characters: controls escaped, at most about `limit` long."""
    value = str(text)
    if len(value) > limit:
        value = f"{value[: limit // 2]}…[{len(value) - limit} characters]…{value[-limit // 4:]}"
    return _UNSAFE.sub(_escape_char, value)


def safe_lines(text: str, limit: int = 4000) -> str:
    """Text of several lines of our own, each made safe (a line may not start a workflow command)."""
    out = []
    for line in str(text).split("\n"):
        line = safe_text(line, limit)
        if _COMMAND.match(line):
            line = "\\" + line.lstrip(" \t")
        out.append(line)
    return "\n".join(out)


def emit(text: str, stream: TextIO | None = None, *, flush: bool = False) -> None:
    """Print `text` safely (see `safe_lines`) on stdout, or on `stream`."""
    print(safe_lines(text), file=stream or sys.stdout, flush=flush)



@dataclass(frozen=True, order=True)
class Problem:
    """One thing a contributor must fix, located in a file."""

    file: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""
    hint: str = ""

    def __str__(self) -> str:
        where = safe_text(self.file)
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: "
        if self.field:
            text += f"{safe_text(self.field)}: "
        text += safe_text(self.message, 2000)
        if self.hint:
            text += f" ({safe_text(self.hint, 2000)})"
        return text


@dataclass
class Problems:
    """Collects problems from every stage of a run, so all are reported at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def report(self) -> str:
        lines = [str(p) for p in self.sorted()]
        n = len(lines)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found.")
        return "\n".join(lines)


class ClaimbaseError(Exception):
    """Base class of the errors this package raises."""


class ProblemsFound(ClaimbaseError):
    """Records have problems; `problems` lists every one of them."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems
