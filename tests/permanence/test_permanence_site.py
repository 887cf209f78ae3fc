"""verify_site: every manifest URL resolves in a built site, to a page or through redirects to one.

These tests write small sites by hand (real files), so they run without the site builder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimbase.permanence import redirect_target, resolve_url, verify_site

REDIRECT = ('<!doctype html><html><head><meta charset="utf-8"><title>Redirecting</title>'
            '<meta http-equiv="refresh" content="0; url={target}"><link rel="canonical" href="{target}">'
            '</head><body><a href="{target}">Moved</a></body></html>')
PAGE = "<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"


def write(site: Path, path: str, html: str) -> None:
    file = site / path / "index.html"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(html, encoding="utf-8")


@pytest.fixture
def site_root(tmp_path: Path) -> tuple[Path, Path]:
    root, site = tmp_path / "kb", tmp_path / "kb" / "site"
    root.mkdir()
    (root / "permalinks.txt").write_text("# header\nclaims/a/\nclaims/b/\nclaims/c/\n", encoding="utf-8")
    write(site, "claims/a", PAGE.format(title="A"))
    write(site, "claims/b", REDIRECT.format(target="../a/"))
    write(site, "claims/c", PAGE.format(title="C, withdrawn").replace(
        "<title>", '<meta name="robots" content="noindex"><title>'))
    return root, site


def test_pages_tombstones_and_redirects_resolve(site_root: tuple[Path, Path]) -> None:
    root, site = site_root
    assert verify_site(root, site) == []
    assert resolve_url(site, "claims/b/") == ("claims/a/", "")


def test_a_missing_page_is_named(site_root: tuple[Path, Path]) -> None:
    root, site = site_root
    (site / "claims" / "c" / "index.html").unlink()
    assert [str(p) for p in verify_site(root, site)] == [
        "permalinks.txt:4:1: claims/c/ does not resolve in the built site: there is no page site/claims/c/index.html "
        "(a published URL must keep serving a page, a tombstone or a redirect)"]


def test_a_redirect_to_nowhere_is_named(site_root: tuple[Path, Path]) -> None:
    root, site = site_root
    write(site, "claims/b", REDIRECT.format(target="../gone/"))
    assert [str(p) for p in verify_site(root, site)] == [
        "permalinks.txt:3:1: claims/b/ does not resolve in the built site: its redirect leads to claims/gone/, which "
        "is not a page of the site (a published URL must keep serving a page, a tombstone or a redirect)"]


def test_a_redirect_loop_is_named(site_root: tuple[Path, Path]) -> None:
    root, site = site_root
    write(site, "claims/a", REDIRECT.format(target="../b/"))
    problems = [str(p) for p in verify_site(root, site)]
    assert len(problems) == 2
    assert "claims/a/ does not resolve in the built site: its redirects go round in a loop " \
           "(claims/a/ -> claims/b/ -> claims/a/)" in problems[0]


def test_a_redirect_leaving_the_site_is_named(site_root: tuple[Path, Path]) -> None:
    root, site = site_root
    write(site, "claims/b", REDIRECT.format(target="https://elsewhere.example/x/"))
    assert "claims/b/ redirects to https://elsewhere.example/x/, outside the site" in str(verify_site(root, site)[0])


@pytest.mark.parametrize("target", [
    "/claims/a/",                                  # root-absolute
    "/some-repo/claims/a/",                        # under a project-site prefix
    "https://owner.example/some-repo/claims/a/",   # the full permalink
    "../a/index.html",                             # to the file
    "../a/#section",                               # with a fragment
])
def test_redirect_target_forms(site_root: tuple[Path, Path], target: str) -> None:
    _, site = site_root
    write(site, "claims/b", REDIRECT.format(target=target))
    assert resolve_url(site, "claims/b/")[0] in ("claims/a/", "claims/a/index.html")


@pytest.mark.parametrize(("html", "expected"), [
    ('<meta http-equiv="refresh" content="0; url=../x/">', "../x/"),
    ("<META HTTP-EQUIV='Refresh' CONTENT='0;URL=\"../x/\"'>", "../x/"),
    ('<meta http-equiv="refresh" content="5">', ""),
    ('<meta name="robots" content="noindex">', None),
])
def test_redirect_target(html: str, expected: str | None) -> None:
    assert redirect_target(html) == expected


def test_a_redirect_without_a_target_is_named(site_root: tuple[Path, Path]) -> None:
    root, site = site_root
    write(site, "claims/b", '<meta http-equiv="refresh" content="0">')
    assert "claims/b/ is a redirect page without a target URL" in str(verify_site(root, site)[0])
