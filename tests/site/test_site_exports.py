"""The data files, loaded into the tools a user would load them into: jsonschema, sqlite-utils, sqlite3,
frictionless, the geojson package (and GDAL's ogrinfo where it is installed), citeproc-py with the CSL
project's APA and Chicago styles. Datasette has its own module (test_site_datasette.py)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from claimbase.site.exports import tables
from claimbase.site.exports.schemas import all_schemas

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "schemas" / "vendor" / "csl"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def _json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def _rows(site: Path, table: tables.Table) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((site / table.path).read_text(encoding="utf-8"), newline="")))


_VALIDATORS: dict[str, object] = {}


def _errors(schema: dict, document: object, validator=Draft202012Validator) -> list[str]:  # noqa: ANN001
    key = json.dumps(schema, sort_keys=True)
    if key not in _VALIDATORS:
        validator.check_schema(schema)
        _VALIDATORS[key] = validator(schema)
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in _VALIDATORS[key].iter_errors(document)]


# --- JSON and its schemas -------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["sample_site", "hostile_site"])
def test_every_json_export_validates_against_its_published_schema(which, request):
    site = request.getfixturevalue(which).site
    data = site / "data"
    published = {p.name for p in (data / "schemas").iterdir()}
    assert {f"{name}.schema.json" for name in all_schemas("x")} <= published
    schema = {name: _json(data / "schemas" / f"{name}.schema.json") for name in all_schemas("x")}
    claims = _json(data / "claims.json")
    assert isinstance(claims, list)
    assert claims
    assert _errors(schema["claims"], claims) == []
    files = sorted((data / "claims").glob("*.json"))
    assert len(files) == len(claims)
    for path in files:
        assert _errors(schema["claim-file"], _json(path)) == [], path.name
    lines = (data / "claims.json").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line.strip("[],")) for line in lines] == claims  # one claim per line
    for stem in ("sources", "actors", "systems", "places"):
        records = _json(data / f"{stem}.json")
        assert records, stem
        assert _errors(schema[stem], records) == [], stem
        assert all(r["page_url"].endswith(f"/{stem}/{r['id']}/") for r in records)
    assert _errors(schema["places.geojson"], _json(data / "places.geojson")) == []
    csl = _json(data / "claims.csl.json")
    assert len(csl) == len(claims)
    assert _errors(_json(VENDOR / "csl-data.json"), csl, Draft7Validator) == []


def test_the_schemas_reject_what_they_should(sample_site):
    """A schema that accepts anything proves nothing: a changed record fails."""
    data = sample_site.site / "data"
    schema = _json(data / "schemas" / "claims.schema.json")
    claims = _json(data / "claims.json")
    broken = [dict(claims[0], url=None)] + claims[1:]
    assert _errors(schema, broken)
    extra = [dict(claims[0], invented="x")] + claims[1:]
    assert _errors(schema, extra)


def test_claims_json_is_one_row_per_claim_in_sqlite_utils(sample_site, tmp_path):
    data = sample_site.site / "data"
    count = len(_json(data / "claims.json"))
    db = tmp_path / "loaded.db"
    subprocess.run([BIN / "sqlite-utils", "insert", db, "claims", data / "claims.json", "--pk", "id"], check=True)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from claims").fetchone()[0] == count
        row = conn.execute("select url, weapon_systems from claims where id = 'kn-23-toropets-depot'").fetchone()
    assert row[0] == "http://127.0.0.1:8000/claims/kn-23-toropets-depot/"
    assert json.loads(row[1]) == ["kn-23"]


# --- CSV, the data package and the Data page --------------------------------------------------------


def test_csv_files_have_the_documented_columns_json_lists_and_dates(sample_site):
    for table in tables.TABLES:
        text = (sample_site.site / table.path).read_text(encoding="utf-8")
        assert text.splitlines()[0].split(",") == [c.name for c in table.columns], table.name
        rows = _rows(sample_site.site, table)
        assert rows, table.name
        for row in rows:
            for col in table.columns:
                cell = row[col.name]
                if col.type == "array":
                    assert isinstance(json.loads(cell), list), (table.name, col.name, cell)
                elif col.type == "date" and cell:
                    date.fromisoformat(cell)
                elif col.type == "integer" and cell:
                    int(cell)
                elif col.type == "number" and cell:
                    float(cell)
    claims = {r["id"]: r for r in _rows(sample_site.site, tables.CLAIMS)}
    assert all(r["report_earliest"] and r["report_latest"] for r in claims.values())
    assert claims["dprk-troops-kursk"]["event_precision"] == "interval"
    places = {r["id"]: r for r in _rows(sample_site.site, tables.PLACES)}
    assert all(float(r["lat"]) and float(r["lon"]) for r in places.values() if r["coordinates_precision"])


def test_a_name_with_a_semicolon_stays_one_item(tmp_path):
    """Lists are JSON arrays, not "; "-joined: a name holding "; " is still one name."""
    from claimbase.pipeline import load_knowledge_base
    from claimbase.site.data import claims_csv

    root = tmp_path / "kb"
    shutil.copytree(REPO / "tests" / "fixtures" / "sample", root)
    system = root / "systems" / "kn-23.yaml"
    text = system.read_text(encoding="utf-8")
    system.write_text(re.sub(r"(?m)^name: .*$", 'name: "KN-23; the Iskander-like missile"', text, count=1),
                      encoding="utf-8")
    kb = load_knowledge_base(root)
    rows = list(csv.DictReader(io.StringIO(claims_csv(kb, "https://example.org/"), newline="")))
    row = next(r for r in rows if r["id"] == "kn-23-toropets-depot")
    assert json.loads(row["weapon_system_names"]) == ["KN-23; the Iskander-like missile"]


def test_long_tables_hold_quotes_translations_and_figures(sample_site):
    attributions = _rows(sample_site.site, tables.ATTRIBUTIONS)
    claims = _json(sample_site.site / "data" / "claims.json")
    assert len(attributions) == sum(len(c["attributions"]) for c in claims)
    kursk = next(c for c in claims if c["id"] == "dprk-troops-kursk")
    rows = [r for r in attributions if r["claim"] == "dprk-troops-kursk"]
    assert [r["quote"] for r in rows] == [a["quote"] for a in kursk["attributions"]]
    assert [r["translation"] for r in rows] == [a["translation"] for a in kursk["attributions"]]
    figures = [r for r in _rows(sample_site.site, tables.QUANTITIES) if r["claim"] == "dprk-troops-kursk"]
    (q,) = kursk["quantities"]
    assert len(figures) == 1
    assert figures[0]["measure"] == q["measure"]
    assert figures[0]["unit"] == q["unit"]
    assert figures[0]["qualifier"] == q["qualifier"] == "more-than"
    assert float(figures[0]["value"]) == q["value"]


def test_the_data_page_documents_every_table_and_column(sample_site):
    page = sample_site.page("data/")
    for table in tables.TABLES:
        start = page.index(f'id="table-{table.name}"')
        end = page.find('<h3 id="table-', start + 1)
        section = page[start:end if end > 0 else None]
        section = section.replace("<wbr>", "")  # column names may break after an underscore on a phone
        documented = re.findall(r"<tr><td><code>([a-z_]+)</code></td><td>([a-z]+)</td>", section)
        assert documented == [(c.name, c.type) for c in table.columns], table.name
        assert f'href="{table.path.removeprefix("data/")}"' in page
    for needle in ("pd.read_csv", "datasette claimbase.db --metadata claimbase.metadata.json",
                   "Add Vector Layer", "Zotero", "CC-BY-4.0", "short excerpts"):
        assert needle in html.unescape(page), needle


def test_the_data_package_matches_the_files_and_frictionless_validates_it(sample_site, tmp_path):
    data = sample_site.site / "data"
    package = _json(data / "datapackage.json")
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    by_path = {r["path"]: r for r in package["resources"]}
    assert set(by_path) == {t.path.removeprefix("data/") for t in tables.TABLES}
    for table in tables.TABLES:
        header = (sample_site.site / table.path).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert [f["name"] for f in by_path[table.path.removeprefix("data/")]["schema"]["fields"]] == header
    report = _frictionless(data / "datapackage.json")
    assert report["valid"], [(t["name"], t["errors"][:3]) for t in report["tasks"] if not t["valid"]]
    assert len(report["tasks"]) == len(tables.TABLES)
    # The foreign keys are checked: a weapon system that does not exist makes the package invalid.
    copy = tmp_path / "data"
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("claims", "*.db"))
    links = copy / "claim_systems.csv"
    lines = links.read_bytes().decode("utf-8").split("\r\n")
    lines[1] = re.sub(r"^([^,]*,[^,]*,)[^,]*", r"\1no-such-system", lines[1])
    links.write_text("\r\n".join(lines), encoding="utf-8", newline="")
    broken = _frictionless(copy / "datapackage.json")
    assert not broken["valid"]
    assert [e["type"] for t in broken["tasks"] for e in t["errors"]] == ["foreign-key"]


def _frictionless(package: Path) -> dict:
    out = subprocess.run([BIN / "frictionless", "validate", "--json", package.name], cwd=package.parent,
                         capture_output=True, text=True, timeout=240)
    return json.loads(out.stdout)


# --- SQLite -----------------------------------------------------------------------------------------


def test_the_sqlite_database_has_every_table_keys_search_and_views(sample_site):
    path = sample_site.site / "data" / "claimbase.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        names = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        assert {t.name for t in tables.TABLES} <= names
        for table in tables.TABLES:
            columns = [r[1] for r in conn.execute(f"pragma table_info({table.name})")]
            assert columns == [c.name for c in table.columns], table.name
            keys = {(r[3], r[2], r[4]) for r in conn.execute(f"pragma foreign_key_list({table.name})")}
            assert keys == set(table.foreign_keys), table.name
            count = conn.execute(f"select count(*) from {table.name}").fetchone()[0]
            assert count == len(_rows(sample_site.site, table)), table.name
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        found = [r[0] for r in conn.execute(
            "select claims.id from claims_fts join claims on claims.rowid = claims_fts.rowid "
            "where claims_fts match 'toropets'")]
        assert found == ["kn-23-toropets-depot"]
        systems = conn.execute("select value from claims, json_each(claims.weapon_systems) "
                               "where claims.id = 'kn-23-toropets-depot'").fetchall()
        assert systems == [("kn-23",)]
        views = {r[0] for r in conn.execute("select name from sqlite_master where type = 'view'")}
        assert {"claims_graded", "claims_by_system", "figures", "quotes", "place_counts"} <= views
        graded = conn.execute("select grade, weapon_systems, place from claims_graded "
                              "where id = 'kn-23-toropets-depot'").fetchone()
        assert graded == ("C3", '["KN-23"]', "Toropets")
        about = dict(conn.execute("select key, value from about"))
    assert about["license"] == "CC-BY-4.0"


# --- GeoJSON ----------------------------------------------------------------------------------------


def test_places_geojson_is_valid_with_counts_and_precision(sample_site):
    import geojson

    path = sample_site.site / "data" / "places.geojson"
    collection = geojson.loads(path.read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    places = {r["id"]: r for r in _rows(sample_site.site, tables.PLACES)}
    located = {pid for pid, r in places.items() if r["lat"]}
    assert {f["id"] for f in collection["features"]} == located
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        row = places[feature["id"]]
        assert (lat, lon) == (float(row["lat"]), float(row["lon"]))
        assert feature["properties"]["claims"] == int(row["claims"])
        assert feature["properties"]["coordinates_precision"] in ("site", "settlement", "region", "country")
    assert collection["license"] == "https://creativecommons.org/licenses/by/4.0/"
    if shutil.which("ogrinfo"):
        out = subprocess.run(["ogrinfo", "-ro", "-al", "-so", path], capture_output=True, text=True, check=True)
        assert f"Feature Count: {len(located)}" in out.stdout


# --- citations and link previews --------------------------------------------------------------------


def _cite_box_csl(page: str) -> list[dict]:
    return json.loads(html.unescape(re.search(r"<code data-cb-csl>(.*?)</code>", page, re.S).group(1)))


def _render(items: list[dict], style: str, item_id: str) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    bib = CitationStylesBibliography(CitationStylesStyle(str(VENDOR / "styles" / f"{style}.csl"), validate=False),
                                     CiteProcJSON(items), formatter.plain)
    bib.register(Citation([CitationItem(item_id)]))
    return str(bib.bibliography()[0])


def test_csl_json_is_valid_and_renders_in_apa_and_chicago(sample_site):
    schema = _json(VENDOR / "csl-data.json")
    items = _cite_box_csl(sample_site.page("claims/mrl-122mm-sighted-kursk/"))
    assert _errors(schema, items, Draft7Validator) == []
    everything = _json(sample_site.site / "data" / "claims.csl.json")
    assert _errors(schema, everything, Draft7Validator) == []
    assert items[0] in everything
    assert all("container-title" not in item for item in everything)
    url = "http://127.0.0.1:8000/claims/mrl-122mm-sighted-kursk/"
    apa = _render(items, "apa", items[0]["id"])
    assert apa == ("DPRK → Russia claims. (2025, February 12). North Korean 122 mm rocket launchers disguised as "
                   f"civilian trucks seen near Kursk [Claim record]. {url}")
    chicago = _render(items, "chicago-author-date", items[0]["id"])
    assert chicago.startswith("DPRK → Russia claims. 2025. “North Korean 122 mm Rocket Launchers Disguised as "
                              "Civilian Trucks Seen Near Kursk”")
    assert chicago.endswith(f"{url}.")
    for text in (apa, chicago):
        assert text.count("DPRK → Russia claims") == 1  # the site's name once: it is the author, not a container
    # Without the nocase span, Chicago's title case would spoil the unit: the span is what prevents it.
    bare = [dict(items[0], title=re.sub(r"</?span[^>]*>", "", items[0]["title"]))]
    assert "122 Mm" in _render(bare, "chicago-author-date", items[0]["id"])


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        key = a.get("property") or a.get("name")
        if tag == "meta" and key and (key.startswith("og:") or key.startswith("twitter:")):
            self.meta[key] = a.get("content") or ""
            if "image" in key:
                self.images.append(key)


@pytest.mark.parametrize("which", ["sample_site", "hostile_site"])
def test_claim_pages_have_link_previews_and_a_rating_scale_worst_to_best(which, request):
    from claimbase.pipeline import load_knowledge_base

    built = request.getfixturevalue(which)
    kb = load_knowledge_base(built.root)
    for cid, claim in kb.claims.items():
        if claim.status.value.value == "merged":
            continue
        page = built.page(f"claims/{cid}/")
        parser = _Meta()
        parser.feed(page)
        assert parser.meta["og:title"] == parser.meta["twitter:title"] == claim.title, cid
        assert parser.meta["og:description"] == claim.statement[:300], cid
        assert parser.meta["og:url"] == f"http://127.0.0.1:8000/claims/{cid}/"
        assert parser.meta["twitter:card"] == "summary"
        assert parser.images == []
        review = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
        rating = review["reviewRating"]
        assert rating["alternateName"]
        if claim.confidence.credibility.grade <= 5:
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
            assert rating["worstRating"] < rating["bestRating"]
            assert rating["ratingValue"] == 6 - claim.confidence.credibility.grade
        else:
            assert "ratingValue" not in rating
        value = claim.report_date.value
        exact = re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value)
        assert review["itemReviewed"].get("datePublished") == (value if exact else None), cid


def test_licences_are_in_the_repository_and_every_export(sample_site):
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")
    data_licence = (REPO / "LICENSE-DATA").read_text(encoding="utf-8")
    assert "CC BY 4.0" in data_licence
    assert "citation" in data_licence
    data = sample_site.site / "data"
    assert _json(data / "datapackage.json")["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"
    assert _json(data / "claimbase.metadata.json")["license"] == "CC-BY-4.0"
    assert _json(data / "places.geojson")["license"] == "https://creativecommons.org/licenses/by/4.0/"
    for name in all_schemas("x"):
        assert "CC-BY-4.0" in _json(data / "schemas" / f"{name}.schema.json")["$comment"], name
    feed = ET.fromstring((sample_site.site / "feed.xml").read_bytes())
    assert "CC-BY-4.0" in feed.find("{http://www.w3.org/2005/Atom}rights").text
    with sqlite3.connect(f"file:{data / 'claimbase.db'}?mode=ro", uri=True) as conn:
        assert dict(conn.execute("select key, value from about"))["license_url"].endswith("/by/4.0/")
