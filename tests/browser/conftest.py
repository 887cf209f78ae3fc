"""Headless Chromium from Debian (never a downloaded browser), driven by Playwright's Python package."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One browser per test module: Playwright's sync API allows one instance at a time in a process,
    and other test modules (tests/permanence) start their own."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (`make test` installs it)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A page that records console errors and refuses every request that would leave this machine."""

    def __init__(self, page) -> None:  # noqa: ANN001
        self.page = page
        self.errors: list[str] = []
        self.blocked: list[str] = []
        page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

        def route(r) -> None:  # noqa: ANN001
            host = urlsplit(r.request.url).hostname
            if host in ("127.0.0.1", "localhost"):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)


@pytest.fixture
def page(browser) -> Iterator[Page]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    wrapped = Page(context.new_page())
    yield wrapped
    context.close()
    assert wrapped.errors == [], "console errors on the pages visited"
    assert wrapped.blocked == [], "pages tried to reach another host"


@pytest.fixture
def phone_page(browser) -> Iterator[Page]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    wrapped = Page(context.new_page())
    yield wrapped
    context.close()
    assert wrapped.errors == []
    assert wrapped.blocked == []
