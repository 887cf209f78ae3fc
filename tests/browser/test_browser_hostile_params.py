"""Query parameters are read against what the page offers: a crafted link cannot stop its script."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _count(p) -> int:  # noqa: ANN001
    return p.locator("#cb-claims-table tbody tr").count()


@pytest.mark.parametrize("query", ["sort=__proto__", "sort=-constructor", "sort=toString&page=__proto__",
                                   "system=__proto__", "place=constructor&from=x&to=<b>", "page=1e999"])
def test_crafted_parameters_leave_the_claims_index_working(page, sample_server, query: str) -> None:  # noqa: ANN001
    p = page.page
    p.goto(sample_server + "claims/?" + query)
    p.wait_for_selector("#cb-filters:not([hidden])")
    if "system=" in query or "place=" in query:
        assert _count(p) == 0  # no such weapon system or place: nothing matches, nothing breaks
        p.goto(sample_server + "claims/")
        p.wait_for_selector("#cb-filters:not([hidden])")
    assert _count(p) == 9
    p.select_option("#cb-filters select[name=kind]", "casualties")
    assert _count(p) == 2
    assert page.errors == []
