"""Withdrawing and merging, end to end: the real site build keeps every published URL working.

A withdrawn claim keeps serving its page (a tombstone, kept out of search engines); a merged duplicate's
URL redirects to the claim it was merged into, in the built files and in a real browser.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from permanence_kb import claim_text, commit_all, git, write_kb

from claimbase.permanence import append_new_paths, check_permanence, redirect_target, resolve_url, verify_site
from claimbase.pipeline import load_knowledge_base

site_build = pytest.importorskip("claimbase.site.build", reason="the site builder (claimbase/site/build.py) is not "
                                 "there yet")

pytestmark = pytest.mark.slow

WITHDRAWN = "  value: withdrawn\n  reason: Entered by mistake; no source says this.\n  date: 2025-03-01"
MERGED = "  value: merged\n  reason: Says the same as alpha-claim.\n  date: 2025-03-02\n  merged_into: alpha-claim"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The tiny knowledge base, committed; then gamma withdrawn and beta merged into alpha; then built."""
    root = tmp_path_factory.mktemp("withdraw-merge") / "kb"
    write_kb(root)
    git(root, "init", "--quiet", "--initial-branch=main")
    append_new_paths(root)
    commit_all(root, "A tiny knowledge base")
    git(root, "checkout", "--quiet", "-b", "withdraw-and-merge")
    (root / "claims" / "gamma-claim.yaml").write_text(claim_text("gamma-claim", "a second thing happened", WITHDRAWN),
                                                      encoding="utf-8")
    (root / "claims" / "beta-claim.yaml").write_text(
        claim_text("beta-claim", "the first thing happened, in other words", MERGED), encoding="utf-8")
    commit_all(root, "Withdraw gamma, merge beta into alpha")
    assert git(root, "status", "--porcelain") == ""
    site = root.parent / "site"
    site_build.build_site(root, site)
    return root, site


def test_the_change_passes_validation_and_the_permanence_check(built: tuple[Path, Path]) -> None:
    root, _ = built
    load_knowledge_base(root)
    check_permanence(root, base="main")


def test_every_published_url_resolves_in_the_built_site(built: tuple[Path, Path]) -> None:
    root, site = built
    assert verify_site(root, site) == []


def test_a_withdrawn_claim_keeps_its_url_as_a_tombstone(built: tuple[Path, Path]) -> None:
    _, site = built
    assert resolve_url(site, "claims/gamma-claim/") == ("claims/gamma-claim/", "")
    html = (site / "claims" / "gamma-claim" / "index.html").read_text(encoding="utf-8")
    assert redirect_target(html) is None
    assert '<meta name="robots" content="noindex"' in html
    assert "Withdrawn" in html
    assert "Entered by mistake; no source says this." in html  # why it was withdrawn
    assert "a second thing happened" in html  # what it said


def test_a_merged_duplicate_redirects_to_the_survivor(built: tuple[Path, Path]) -> None:
    _, site = built
    assert resolve_url(site, "claims/beta-claim/") == ("claims/alpha-claim/", "")
    survivor = (site / "claims" / "alpha-claim" / "index.html").read_text(encoding="utf-8")
    assert redirect_target(survivor) is None
    assert "Test claim alpha-claim" in survivor


def test_deleting_a_built_page_is_caught(built: tuple[Path, Path], tmp_path: Path) -> None:
    root, site = built
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    shutil.rmtree(copy / "claims" / "alpha-claim")  # the survivor: the redirect now leads nowhere
    problems = [str(p) for p in verify_site(root, copy)]
    assert any("claims/alpha-claim/ does not resolve in the built site: there is no page" in p for p in problems)
    assert any("claims/beta-claim/ does not resolve in the built site: its redirect leads to claims/alpha-claim/"
               in p for p in problems)


@pytest.fixture(scope="module")
def served(built: tuple[Path, Path]) -> Iterator[str]:
    _, site = built
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_a_browser_following_the_merged_url_lands_on_the_survivor(served: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            page.goto(served + "claims/beta-claim/")
            page.wait_for_url(served + "claims/alpha-claim/", timeout=10_000)
            assert "Test claim alpha-claim" in page.content()
            response = page.goto(served + "claims/gamma-claim/")
            assert response is not None
            assert response.status == 200
            assert page.url == served + "claims/gamma-claim/"
        finally:
            browser.close()
