"""The only module that knows URLs. A claim's URL is a promise to everyone who cited it.

Paths are site-relative, without a leading slash, in MkDocs' directory style ("claims/<id>/").
Pages link to each other with `relative()`, so the site works under any base path.
"""

from __future__ import annotations

import posixpath

SECTION: dict[str, str] = {
    "claim": "claims",
    "source": "sources",
    "system": "systems",
    "place": "places",
    "actor": "actors",
}
"""Record kind -> URL section. Never change these: published URLs depend on them."""


def record_path(kind: str, record_id: str) -> str:
    """The page of a record: claims/<id>/, sources/<id>/, ..."""
    return f"{SECTION[kind]}/{record_id}/"


def claim_path(claim_id: str) -> str:
    return record_path("claim", claim_id)


def claim_json_path(claim_id: str) -> str:
    """The machine-readable record of one claim."""
    return f"data/claims/{claim_id}.json"


def index_path(kind: str) -> str:
    """The listing of all records of a kind: claims/, sources/, ..."""
    return f"{SECTION[kind]}/"


def page_source(path: str) -> str:
    """The Markdown file MkDocs turns into the page at `path` ("claims/x/" -> "claims/x.md")."""
    if path == "":
        return "index.md"
    return path.rstrip("/") + ".md" if not path.endswith("/index/") else path + "index.md"


def relative(from_path: str, to_path: str) -> str:
    """A link from the page at `from_path` to `to_path`, both site-relative directory-style paths."""
    base = from_path if from_path.endswith("/") or from_path == "" else posixpath.dirname(from_path) + "/"
    rel = posixpath.relpath("/" + to_path, "/" + base)
    if to_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel


def absolute(site_url: str, path: str) -> str:
    """The full URL people cite: site_url (ending in /) + path."""
    return site_url.rstrip("/") + "/" + path


# --- Site pages and data files (added for the site package; purely additive) ----------------------

PAGES: dict[str, str] = {
    "home": "",
    "claims": "claims/",
    "systems": "systems/",
    "places": "places/",
    "actors": "actors/",
    "sources": "sources/",
    "disputed": "disputed/",
    "timeline": "timeline/",
    "map": "map/",
    "search": "search/",
    "data": "data/",
    "methodology": "methodology/",
    "about": "about/",
}
"""Top-level page name -> path. Never change these either."""

DATA_FILES: dict[str, str] = {
    "claims-json": "data/claims.json",
    "claims-csv": "data/claims.csv",
    "claims-index": "data/claims-index.json",
    "feed": "feed.xml",
}
"""Data file name -> path."""


def page_path(name: str) -> str:
    """A top-level page: page_path("methodology") -> "methodology/"."""
    return PAGES[name]


def data_path(name: str) -> str:
    """A site-wide data file: data_path("claims-csv") -> "data/claims.csv"."""
    return DATA_FILES[name]


def schema_path(kind: str) -> str:
    """The published JSON Schema of a record kind."""
    return f"data/schemas/{kind}.schema.json"


def asset_path(name: str) -> str:
    """A static asset of the site (scripts, styles, vendored data)."""
    return f"assets/claimbase/{name}"


def with_query(path: str, **params: str) -> str:
    """`path` with a query string, keys sorted, values URL-encoded: a shareable filtered view."""
    from urllib.parse import urlencode

    items = sorted((k, v) for k, v in params.items() if v)
    return path + ("?" + urlencode(items) if items else "")
