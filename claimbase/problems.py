"""Problems found in records: where they are, what is wrong, and how to fix them.

The library collects problems and raises `ProblemsFound` once; the command line prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
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
