"""The data files for re-use, beyond claims.json and claims.csv (in `site.data`): every record kind as
JSON and CSV, the link and long tables, a SQLite database with its Datasette metadata, GeoJSON
of the places, a Frictionless data package, CSL-JSON of every claim and the JSON Schemas of them all.

`generate.py` asks for each group of files by name (`NAMES`); `files(name, ...)` returns them as
(site-relative path, content) pairs.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from ...kb import KnowledgeBase
from .. import data
from . import datapackage, geojson, schemas, sqlite
from .tables import TABLES, Context, csv_text

Made = list[tuple[str, str | bytes]]

RECORD_JSON = {"source": "sources", "system": "systems", "place": "places", "actor": "actors"}
"""Record kind -> stem of its JSON collection (the claims' is claims.json, made in `site.data`)."""


def record_json(ctx: Context, kind: str) -> str:
    """Every record of a kind, in id order, as a JSON array; each with its page on the site first."""
    link = schemas.link_field(kind)
    items = []
    for rid in sorted(ctx.kb.records[kind]):
        record = ctx.kb.records[kind][rid].model
        items.append(data.dumps({link: ctx.page(kind, rid), **record.model_dump(mode="json")})[:-1])
    return "[" + ",\n".join(items) + "]\n"


def _records(ctx: Context, site_name: str, parts: data.Parts | None) -> Made:
    out: Made = [(f"data/{stem}.json", record_json(ctx, kind)) for kind, stem in RECORD_JSON.items()]
    out += [(t.path, csv_text(t, ctx, parts)) for t in TABLES if t.name != "claims"]  # claims.csv: see site.data
    return out


def _sqlite(ctx: Context, site_name: str, parts: data.Parts | None) -> Made:
    return [(sqlite.DB_PATH, sqlite.database_bytes(ctx, site_name, parts)),
            (sqlite.METADATA_PATH, sqlite.metadata_json(site_name, ctx.site_url))]


def _geojson(ctx: Context, site_name: str, parts: data.Parts | None) -> Made:
    return [(geojson.PATH, geojson.geojson_text(ctx, site_name))]


def _package(ctx: Context, site_name: str, parts: data.Parts | None) -> Made:
    out: Made = [(datapackage.PATH, datapackage.datapackage_json(site_name, ctx.site_url))]
    out += [(schemas.schema_path(name), schemas.dumps(s)) for name, s in schemas.all_schemas(site_name).items()]
    return out


def _csl(ctx: Context, site_name: str, parts: data.Parts | None) -> Made:
    from .. import cite

    items = [cite.csl_item(ctx.kb.claims[cid], ctx.page("claim", cid), site_name) for cid in sorted(ctx.kb.claims)]
    return [(CSL_PATH, json.dumps(items, ensure_ascii=False, indent=1) + "\n")]


CSL_PATH = "data/claims.csl.json"

GROUPS: dict[str, Callable[[Context, str, data.Parts | None], Made]] = {
    "sqlite": _sqlite, "records": _records, "geojson": _geojson, "package": _package,
    "csl": _csl,
}
NAMES = tuple(GROUPS)
"""The groups of export files, slowest first."""


def files(name: str, kb: KnowledgeBase, site_url: str, site_name: str, parts: data.Parts | None = None) -> Made:
    return GROUPS[name](Context(kb, site_url), site_name, parts)


def link_preview(title: str, statement: str, permalink: str, site_name: str) -> dict[str, object]:
    """Front matter for a claim page's OpenGraph and Twitter card tags (overrides/partials/cb_preview.html):
    the title, the statement and the permalink, HTML-escaped (the theme prints front matter as it is). No
    image: a preview must not load anything from another site."""
    import html

    def esc(text: str) -> str:
        return html.escape(text, quote=True)

    return {"cb_preview": {"title": esc(title), "description": esc(statement[:300]), "url": esc(permalink),
                           "site_name": esc(site_name)}}


def data_page_context(kb: KnowledgeBase, site_url: str) -> dict[str, object]:
    """What the Data page lists beside claims.json and claims.csv: every table with its columns, the
    files made from them, the schemas and the licence."""
    from . import licence

    return {
        "tables": TABLES,
        "record_json": RECORD_JSON,
        "export_paths": {
"sqlite": sqlite.DB_PATH, "metadata": sqlite.METADATA_PATH,
            "geojson": geojson.PATH, "datapackage": datapackage.PATH, "csl": CSL_PATH,
        },
        "export_schemas": [(name, schemas.schema_path(name)) for name in schemas.all_schemas("")],
        "views": sqlite.VIEWS,
        "fts": sqlite.FTS,
        "licence": licence,
    }
