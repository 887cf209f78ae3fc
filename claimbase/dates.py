"""Dates as sources give them: a subset of EDTF (ISO 8601-2), never more precise than stated.

Accepted: `2025`, `2025-01`, `2025-01-23`, each optionally followed by `~` (approximate),
`?` (uncertain) or `%` (both), and intervals `2024-10/2025-01` of two such dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_SINGLE = re.compile(r"(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?(?P<q>[~?%])?\Z")

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


class EdtfError(ValueError):
    """The text is not a date in the accepted EDTF subset."""


@dataclass(frozen=True)
class SimpleDate:
    """One date with its precision: the first and last day it may stand for."""

    text: str
    year: int
    month: int | None
    day: int | None
    approximate: bool
    uncertain: bool

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        if self.day:
            return date(self.year, self.month, self.day)  # type: ignore[arg-type]
        if self.month:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    def human(self) -> str:
        if self.day:
            text = f"{self.day} {MONTHS[self.month - 1]} {self.year}"  # type: ignore[index,operator]
        elif self.month:
            text = f"{MONTHS[self.month - 1]} {self.year}"
        else:
            text = str(self.year)
        qualifiers = [q for q, on in (("approximate", self.approximate), ("uncertain", self.uncertain)) if on]
        return ", ".join([text, *qualifiers])


@dataclass(frozen=True)
class Edtf:
    """A date or an interval of dates."""

    text: str
    start: SimpleDate
    end: SimpleDate | None = None  # set for intervals

    @property
    def is_interval(self) -> bool:
        return self.end is not None

    @property
    def earliest(self) -> date:
        return self.start.earliest

    @property
    def latest(self) -> date:
        return (self.end or self.start).latest

    @property
    def precision(self) -> str:
        """day, month, year or interval; the word a reader and a filter can use."""
        return "interval" if self.end else self.start.precision

    @property
    def approximate(self) -> bool:
        return self.start.approximate or bool(self.end and self.end.approximate)

    @property
    def uncertain(self) -> bool:
        return self.start.uncertain or bool(self.end and self.end.uncertain)

    def human(self) -> str:
        if self.end:
            return f"between {self.start.human()} and {self.end.human()}"
        return self.start.human()

    def sort_key(self) -> str:
        return self.earliest.isoformat()


def _single(text: str) -> SimpleDate:
    m = _SINGLE.match(text)
    if not m:
        raise EdtfError(f"'{text}' is not a date like 2025, 2025-01 or 2025-01-23")
    year, month, day = int(m["y"]), m["m"] and int(m["m"]), m["d"] and int(m["d"])
    if year < 1:
        raise EdtfError(f"'{text}' has year 0000, which no calendar has; years run from 0001 to 9999")
    if month is not None and not 1 <= month <= 12:
        raise EdtfError(f"'{text}' has month {month:02d}; months run from 01 to 12")
    if day is not None:
        try:
            date(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            raise EdtfError(f"'{text}' is not a day of the calendar") from None
    q = m["q"] or ""
    return SimpleDate(text, year, month or None, day or None, q in "~%" and q != "", q in "?%" and q != "")


@lru_cache(maxsize=65536)
def parse_edtf(text: str) -> Edtf:
    """Parse the accepted EDTF subset; raise `EdtfError` with a message for people otherwise."""
    if not isinstance(text, str):
        raise EdtfError("a date must be written as text, for example '2025-01'")
    if "/" in text:
        first, _, second = text.partition("/")
        start, end = _single(first), _single(second)
        if end.latest < start.earliest:
            raise EdtfError(f"interval '{text}' ends before it starts")
        return Edtf(text, start, end)
    return Edtf(text, _single(text))
