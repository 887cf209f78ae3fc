"""Small pure pieces: EDTF dates, cycle finding, the independence rule, every check documented and tested."""

from __future__ import annotations

import pytest
from broken_cases import case_names

from claimbase.checks import CHECKS, find_cycles
from claimbase.dates import EdtfError, parse_edtf


@pytest.mark.parametrize(("text", "precision", "human"), [
    ("2025", "year", "2025"),
    ("2025-01", "month", "January 2025"),
    ("2025-01~", "month", "January 2025, approximate"),
    ("2024-09?", "month", "September 2024, uncertain"),
    ("2024-01-04", "day", "4 January 2024"),
    ("2023-12-30/2024-01-02", "interval", "between 30 December 2023 and 2 January 2024"),
])
def test_edtf_keeps_precision(text: str, precision: str, human: str) -> None:
    date = parse_edtf(text)
    assert (date.precision, date.human()) == (precision, human)


def test_month_date_is_not_a_day() -> None:
    date = parse_edtf("2025-02")
    assert (date.earliest.isoformat(), date.latest.isoformat()) == ("2025-02-01", "2025-02-28")


@pytest.mark.parametrize("text", ["2024-02-30", "2024-13", "24-01", "2024-1-1", "2025-01/2024-12", "2024-01-01T10"])
def test_edtf_rejects(text: str) -> None:
    with pytest.raises(EdtfError):
        parse_edtf(text)


def test_find_cycles_linear_chain_and_loop() -> None:
    chain = {str(i): [str(i + 1)] for i in range(10000)} | {"10000": []}
    assert find_cycles(chain) == []
    assert find_cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c", "a"]]


CASE_FOR_CHECK = {
    "unique-ids": None,  # needs two files differing only in case; see test below
    "references": "unresolved-reference",
    "archived-text": None,
    "no-cycles": "relay-cycle",
    "origin-reachable": "origin-not-relayed",
    "dates-in-order": "report-before-event",
    "live-successor": "superseded-by-withdrawn",
    "merged-records": "merge-cycle",  # also merged-into-nowhere, merged-into-itself, merge-chain
    "quote-verbatim": "quote-not-verbatim",
    "confirmed-needs-independent": "confirmed-single-origin",
    "denial-links-claim": "denial-without-link",
    "figures-linked": "figures-not-linked",
    "status-follows-denials": "status-contradicts-denial",
    "reliability-by-method": "reliability-above-method",
    "attribution-roles": "based-on-broken-reference",  # also restatement-cycle, role-contradicts-mode
    "verification-statements": "verification-not-verbatim",
}


def test_every_check_is_described_and_has_a_case() -> None:
    names = [c.name for c in CHECKS]
    assert sorted(names) == sorted(CASE_FOR_CHECK), "add the new check to CASE_FOR_CHECK with its broken case"
    assert all(len(c.description) > 40 for c in CHECKS)
    for case in CASE_FOR_CHECK.values():
        assert case is None or case in case_names()
