"""Accessibility, checked in Debian's chromium: axe-core (from npm, installed by `make test`) audits one
page of every template, in light and dark mode, at desktop and phone widths: no serious or critical
violation. And what axe cannot see: a skip link and a visible focus on every page, the claims index and
the cite box worked with the keyboard alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"

# One page per template of the sample site (tests/fixtures/sample), the search page with results.
PAGES = [
    "", "claims/", "claims/mrl-122mm-sighted-kursk/", "systems/", "systems/kn-23/", "places/kursk-oblast/",
    "actors/hur/", "sources/seed-rocket-trucks/", "claims/dprk-factories-full-capacity/", "disputed/", "timeline/",
    "map/",    "search/?q=Kursk", "data/", "methodology/", "404.html",
]
"""methodology/ stands for the hand-written pages (about/, curation/), which share its template."""
SERIOUS = ("serious", "critical")


def _axe_path() -> Path:
    if not AXE.is_file():
        message = "axe-core is not installed: `make test` installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def _settle(p) -> None:  # noqa: ANN001
    p.wait_for_load_state("load")
    if p.locator("#cb-search").count():
        p.wait_for_selector("#cb-search-count[data-count]")
    if p.locator("#cb-claims-index").count():
        p.wait_for_selector("#cb-filters:not([hidden])")


def _audit(p) -> list[str]:  # noqa: ANN001
    p.add_script_tag(path=str(_axe_path()))
    result = p.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']} {v['id']}: {v['help']} — " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:4])
            for v in result["violations"] if v["impact"] in SERIOUS]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_serious_violation_on_any_template(browser, sample_server, scheme, width):  # noqa: ANN001
    _axe_path()
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  is_mobile=phone, has_touch=phone)
    p = context.new_page()
    found = {}
    try:
        for path in PAGES:
            p.goto(sample_server + path)
            _settle(p)
            expected = "slate" if scheme == "dark" else "default"
            assert p.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
            problems = _audit(p)
            if problems:
                found[path] = problems
            assert p.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways"
    finally:
        context.close()
    assert found == {}


def test_every_page_has_a_skip_link_that_moves_to_the_content(page, sample_server):  # noqa: ANN001
    p = page.page
    for path in ("", "claims/", "claims/mrl-122mm-sighted-kursk/", "search/", "map/", "404.html"):
        p.goto(sample_server + path)
        p.keyboard.press("Tab")
        focused = p.evaluate("() => [document.activeElement.textContent.trim(), "
                             "document.activeElement.getAttribute('href')]")
        assert focused == ["Skip to content", "#cb-content"], path
        p.keyboard.press("Enter")
        assert p.evaluate("document.activeElement.id") == "cb-content", path


def _outline(p) -> str:  # noqa: ANN001
    return p.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                      "return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? 'visible' : 'none'; }")


def test_the_claims_index_works_with_the_keyboard_alone(page, sample_server):  # noqa: ANN001
    p = page.page
    p.goto(sample_server + "claims/")
    p.wait_for_selector("#cb-filters:not([hidden])")
    # Tab reaches every filter, each with a visible focus ring.
    names = []
    p.focus("#cb-filters select[name=system]")
    for _ in range(12):
        names.append(p.evaluate("document.activeElement.name || document.activeElement.textContent"))
        assert _outline(p) == "visible", names[-1]
        p.keyboard.press("Tab")
    for name in ("system", "place", "kind", "status", "reliability", "credibility", "from", "to", "q", "sort"):
        assert name in names
    # A filter chosen with the keyboard.
    p.focus("#cb-filters select[name=reliability]")
    p.keyboard.press("ArrowDown")  # Chromium's closed select moves to the next option
    p.wait_for_function("document.getElementById('cb-count').getAttribute('data-count') !== '9'")
    assert "reliability=" in p.url
    p.focus("#cb-filters button[type=reset]")
    p.keyboard.press("Enter")
    p.wait_for_function("document.getElementById('cb-count').getAttribute('data-count') === '9'")
    # Sorting by a header: a button reached with Tab, pressed with Enter; both confidence axes sort.
    button = p.locator("#cb-claims-table th button", has_text="Information")
    button.focus()
    assert _outline(p) == "visible"
    p.keyboard.press("Enter")
    assert "sort=credibility" in p.url
    assert p.locator("#cb-claims-table th[aria-sort]").get_attribute("aria-sort") == "ascending"
    grades = p.eval_on_selector_all("#cb-claims-table tbody .cb-conf", "els => els.map(e => e.textContent)")
    assert [int(g[1]) for g in grades] == sorted(int(g[1]) for g in grades)
    p.locator("#cb-claims-table th button", has_text="Source").press("Enter")
    grades = p.eval_on_selector_all("#cb-claims-table tbody .cb-conf", "els => els.map(e => e.textContent)")
    assert [g[0] for g in grades] == sorted(g[0] for g in grades)
    # The redrawn rows keep the grade's link, its tooltip and the words of the scale.
    conf = p.locator("#cb-claims-table tbody .cb-conf").first
    assert conf.get_attribute("href").endswith("methodology/#confidence")
    assert conf.get_attribute("title").startswith("Source reliability ")
    assert p.locator("#cb-claims-table tbody tr").first.locator(".cb-pips").count() == 2


def test_the_cite_box_copies_with_the_keyboard_and_says_so(browser, sample_server):  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=sample_server.rstrip("/"))
    p = context.new_page()
    try:
        p.goto(sample_server + "claims/mrl-122mm-sighted-kursk/")
        status = p.locator("[data-cb-copy-status]")
        assert status.get_attribute("aria-live") == "polite"
        expected = {
            "Copy link": "http://127.0.0.1:8000/claims/mrl-122mm-sighted-kursk/",
            "Copy citation": "Retrieved",
            "Copy BibTeX": "@",
            "Copy CSL-JSON": '"accessed"',
        }
        for label, text in expected.items():
            button = p.locator(".cb-copy", has_text=label)
            if not button.is_visible():
                button.locator("xpath=ancestor::details/summary").click()
            button.focus()
            assert _outline(p) == "visible"
            p.keyboard.press("Enter")
            p.wait_for_function("document.querySelector('[data-cb-copy-status]').textContent.includes('copied')")
            copied = p.evaluate("navigator.clipboard.readText()")
            assert text in copied, label
            assert "copied to the clipboard" in status.inner_text()
            p.evaluate("document.querySelector('[data-cb-copy-status]').textContent = ''")
    finally:
        context.close()


def test_the_claims_index_is_a_stack_on_a_phone(phone_page, sample_server):  # noqa: ANN001
    p = phone_page.page
    for path in ("claims/", "systems/kn-23/", "places/kursk-oblast/", "disputed/"):
        p.goto(sample_server + path)
        p.wait_for_load_state("networkidle")
        assert p.evaluate("document.documentElement.scrollWidth") <= 390, path
        table = p.locator("table.cb-stack").first
        assert p.evaluate("(t) => t.scrollWidth <= t.clientWidth + 1", table.element_handle()), path
        row = table.locator("tbody tr").first
        title = row.locator(".cb-title-cell")
        box = title.bounding_box()
        assert box["width"] > 250, path  # the title has the width of the card, not a clipped column
        if path != "disputed/":
            # Each fact is named on the card (the header row is hidden at this width).
            labels = p.evaluate("(tr) => Array.from(tr.cells).map(td => getComputedStyle(td, '::before').content)",
                                row.element_handle())
            for label in ("Event", "Weapon systems", "Place", "Reported"):
                assert f'"{label}: "' in labels, (path, label, labels)
            assert row.locator(".cb-conf").is_visible()
            assert row.locator(".cb-status").is_visible()
