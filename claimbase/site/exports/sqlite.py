"""The whole knowledge base as one SQLite database, made with sqlite-utils, and its Datasette metadata.

One table per record kind and per link or long table of `tables.TABLES`, with their primary and
foreign keys; lists are JSON arrays (SQLite's JSON functions and Datasette's array facets read them);
full-text search over claims and quotes; views for the common questions. The file is made in memory
and written as bytes, the same for the same records.
"""

from __future__ import annotations

import json

from . import licence
from .tables import TABLES, Context, Table

DB_NAME = "claimbase"
DB_PATH = f"data/{DB_NAME}.db"
METADATA_PATH = f"data/{DB_NAME}.metadata.json"

_SQL_TYPES = {"string": str, "date": str, "integer": int, "number": float, "array": str}

FTS = {"claims": ("title", "statement", "weapon_system_names", "place_name", "status_reason", "notes"),
       "attributions": ("quote", "translation", "claimant_name", "source_title")}
"""Table -> the columns its full-text index covers."""

VIEWS: dict[str, tuple[str, str, str]] = {
    "claims_graded": (
        "Claims with their grades, weapon systems and places",
        "Current claims (not withdrawn, superseded or merged), newest report first, with the Admiralty grades, "
        "the names of the weapon systems and the place with its country and map point.",
        """select c.id, c.title, c.status, c.kind, c.grade, c.reliability, c.credibility,
  (select json_group_array(s.name) from claim_systems cs join systems s on s.id = cs.system
   where cs.claim = c.id) as weapon_systems,
  p.name as place, p.country as place_country, c.location_precision, p.lat, p.lon,
  c.event_date, c.report_date, c.report_earliest, c.attributions, c.independent_attributions, c.url
from claims c left join places p on p.id = c.place
where c.status not in ('withdrawn', 'superseded', 'merged')
order by c.report_earliest desc, c.id""",
    ),
    "claims_by_system": (
        "Claims by weapon system",
        "One row per claim and weapon system it names: facet on system_name to see what each system is "
        "claimed to have done.",
        """select cs.system, s.name as system_name, s.category, c.id as claim, c.title, c.status, c.kind,
  c.grade, c.event_date, c.report_date, c.place, c.url
from claim_systems cs join systems s on s.id = cs.system join claims c on c.id = cs.claim
order by s.name, c.report_earliest desc""",
    ),
    "figures": (
        "Figures side by side",
        "Every figure of every claim, with who asserts the claim and how it is graded: rows with the same "
        "measure compare.",
        """select q.measure, q.label, q.figure, q.value, q.min, q.max, q.unit, q.qualifier, q.as_of,
  c.id as claim, c.title, c.status, c.grade, c.report_date,
  (select json_group_array(distinct a.claimant_name) from attributions a where a.claim = c.id) as claimants
from quantities q join claims c on c.id = q.claim
order by q.measure, coalesce(q.as_of_earliest, c.report_earliest)""",
    ),
    "quotes": (
        "Who said what",
        "Every attribution with its quote, translation and the document we read it in.",
        """select a.claim, c.title, a.claimant_name, a.mode, a.quote, a.quote_language, a.translation,
  a.source_title, s.published, s.url as source_url, c.grade, c.status
from attributions a join claims c on c.id = a.claim left join sources s on s.id = a.source
order by a.claim, a.position""",
    ),
    "place_counts": (
        "Places with their claim counts",
        "Every place with its map point (where it has one) and the number of claims placed there or inside it.",
        """select id, name, kind, country, lat, lon, coordinates_precision, claims, claims_here, page_url
from places order by claims desc, name""",
    ),
}
"""View name -> (title, description, SQL)."""


_ARRAY_JSON = json.JSONEncoder(ensure_ascii=False).encode
"""json.dumps(value, ensure_ascii=False), as sqlite-utils stores lists, without making an encoder each time."""


def _sqlite_utils():  # noqa: ANN202 - the sqlite_utils module
    """sqlite_utils, imported without pandas and numpy: it imports them, when they are installed, only to
    map their types to SQL types, which our rows (str, int, float, None) never hold; pandas alone took
    0.4 s to import, in the middle of a build that does not use it."""
    import sys

    if "sqlite_utils" in sys.modules:
        return sys.modules["sqlite_utils"]
    kept_out = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in kept_out:
        sys.modules[name] = None  # type: ignore[assignment] - `import` then raises ImportError
    try:
        import sqlite_utils
    finally:
        for name in kept_out:
            del sys.modules[name]
    return sqlite_utils


def _create(db, table: Table) -> None:  # noqa: ANN001 - a sqlite_utils.Database
    db[table.name].create(
        {c.name: _SQL_TYPES[c.type] for c in table.columns},
        pk=table.primary_key[0] if len(table.primary_key) == 1 else table.primary_key,
        not_null={c.name for c in table.columns if c.required},
        foreign_keys=table.foreign_keys,
    )


def _creation_order() -> list[Table]:
    """Tables after those they refer to (a foreign key needs its table to exist)."""
    done: list[Table] = []
    waiting = list(TABLES)
    while waiting:
        ready = [t for t in waiting if all(o == t.name or o in {d.name for d in done} for _, o, _ in t.foreign_keys)]
        assert ready, "the foreign keys of the tables go round in a circle"
        done += ready
        waiting = [t for t in waiting if t not in ready]
    return done


def database_bytes(ctx: Context, site_name: str, parts: dict[str, dict[str, object]] | None = None) -> bytes:
    """The SQLite database of every table, as the bytes of a .db file (made in memory)."""
    sqlite_utils = _sqlite_utils()
    db = sqlite_utils.Database(memory=True)
    with db.conn:
        for table in _creation_order():
            _create(db, table)
            # sqlite-utils made the table; the rows go in through executemany, several times faster
            # than insert_all for 100,000 rows, with lists as JSON as sqlite-utils would store them.
            arrays = [i for i, c in enumerate(table.columns) if c.type == "array"]
            rows = table.rows(ctx, parts)
            if arrays:
                rows = [[_ARRAY_JSON(v) if i in arrays else v for i, v in enumerate(row)]
                        for row in rows]
            marks = ", ".join("?" for _ in table.columns)
            db.conn.executemany(f"insert into [{table.name}] values ({marks})", rows)
    for name, columns in FTS.items():
        db[name].enable_fts(list(columns), tokenize="porter", create_triggers=False)
    for name, (_, _, sql) in VIEWS.items():
        db.create_view(name, sql)
    db["about"].insert_all([
        {"key": "title", "value": site_name},
        {"key": "license", "value": licence.DATA_LICENCE["name"]},
        {"key": "license_url", "value": licence.DATA_LICENCE["path"]},
        {"key": "license_note", "value": licence.QUOTES_NOTE},
    ], pk="key")
    db.conn.execute("vacuum")
    data = db.conn.serialize()
    db.close()
    return bytes(data)


def _table_meta(table: Table) -> dict[str, object]:
    meta: dict[str, object] = {
        "title": table.title, "description": table.description,
        "columns": {c.name: c.description for c in table.columns},
    }
    facets: list[object] = list(table.facets) + [{"array": name} for name in table.array_facets]
    if facets:
        meta["facets"] = facets
    if table.label:
        meta["label_column"] = table.label
    return meta


def metadata(site_name: str, site_url: str) -> dict[str, object]:
    """Datasette metadata: `datasette claimbase.db --metadata claimbase.metadata.json`."""
    tables = {t.name: _table_meta(t) for t in TABLES}
    for name in FTS:
        tables[name]["fts_table"] = f"{name}_fts"
    tables["claims"]["sort_desc"] = "report_earliest"
    for name, (title, description, _) in VIEWS.items():
        tables[name] = {"title": title, "description": description}
    tables["claims_by_system"]["facets"] = ["system_name", "status", "grade"]
    tables["figures"]["facets"] = ["measure", "status"]
    tables["about"] = {"title": "About this database", "description": "Title and licence."}
    return {
        "title": site_name,
        "description": f"The knowledge base of {site_name} as one database: claims, their attributions "
                       "and figures, sources, actors, weapon systems and places. " + licence.QUOTES_NOTE,
        "license": licence.DATA_LICENCE["name"],
        "license_url": licence.DATA_LICENCE["path"],
        "source": site_name,
        "source_url": site_url,
        "databases": {DB_NAME: {"title": site_name, "tables": tables}},
    }


def metadata_json(site_name: str, site_url: str) -> str:
    return json.dumps(metadata(site_name, site_url), indent=2, ensure_ascii=False) + "\n"
