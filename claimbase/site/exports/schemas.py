"""JSON Schemas of the JSON files the site publishes, made from the record models at build time.

The record schemas (data/schemas/<kind>.schema.json) describe the YAML a contributor writes. A
published file adds the record's address on the site: `url` for a claim (its permanent page), `page_url`
for the other kinds (whose records already have a `url`: the document's or the actor's own address).
"""

from __future__ import annotations

import copy
import json
from functools import cache

from ...models import RECORD_KINDS
from . import licence
from .tables import PLACES, Table

DIALECT = "https://json-schema.org/draft/2020-12/schema"

COLLECTIONS = {"claim": "claims", "source": "sources", "system": "systems", "place": "places", "actor": "actors"}
"""Record kind -> the stem of its collection file, data/<stem>.json."""


def link_field(kind: str) -> str:
    return "url" if kind == "claim" else "page_url"


def schema_path(name: str) -> str:
    return f"data/schemas/{name}.schema.json"


def file_schema_name(kind: str) -> str:
    """The schema of one record as published (data/claims/<id>.json for claims): <kind>-file."""
    return f"{kind}-file"


@cache
def _record(kind: str) -> dict[str, object]:
    return RECORD_KINDS[kind].model_json_schema(mode="validation")


def _published_record(kind: str) -> dict[str, object]:
    """The record's schema with its address first; `$defs` are left at the top of the copy."""
    schema = copy.deepcopy(_record(kind))
    link = link_field(kind)
    what = "The claim's permanent page" if kind == "claim" else "The record's page on this site"
    schema["properties"] = {link: {"type": "string", "format": "uri", "description": what + "."},
                            **schema["properties"]}
    schema["required"] = [link, *schema.get("required", [])]
    if kind == "claim":
        schema["properties"]["independence"] = INDEPENDENCE
        schema["properties"]["version"] = VERSION
        schema["properties"]["versions"] = VERSIONS
        schema["required"] += ["independence", "version", "versions"]
    return schema


INDEPENDENCE: dict[str, object] = {
    "type": "object",
    "description": "Derived, not written in the record: the lines of reporting computed from the provenance "
                   "graph (see the independence rule on the Methodology page).",
    "additionalProperties": False,
    "required": ["independent_lines", "lines"],
    "properties": {
        "independent_lines": {"type": "integer", "minimum": 0,
                              "description": "How many independent lines of reporting assert the claim."},
        "lines": {"type": "array", "description": "The groups of attributions that share a line of reporting.",
                  "items": {"type": "object", "additionalProperties": False,
                            "required": ["attributions", "counted", "reasons"],
                            "properties": {
                                "attributions": {"type": "array", "items": {"type": "integer", "minimum": 1},
                                                 "description": "The attributions of the line, numbered from 1."},
                                "counted": {"type": "boolean",
                                            "description": "Whether the line counts (it holds an attribution "
                                                           "that asserts the claim)."},
                                "reasons": {"type": "array", "items": {"type": "string"},
                                            "description": "Why these attributions share one line."}}}},
    },
}
"""The `independence` member of a published claim (provenance.lines_json)."""

VERSION: dict[str, object] = {
    "type": ["integer", "null"], "minimum": 1,
    "description": "The claim's current version: the number of commits of the main branch that changed its "
                   "record (null when the site was built without git history)."}
VERSIONS: dict[str, object] = {
    "type": "array", "description": "Every version of the claim, oldest first, each with its permanent page.",
    "items": {"type": "object", "additionalProperties": False, "required": ["version", "date", "commit", "url"],
              "properties": {
                  "version": {"type": "integer", "minimum": 1},
                  "date": {"type": "string", "description": "The day of the commit (YYYY-MM-DD)."},
                  "commit": {"type": ["string", "null"], "description": "The commit that made the version."},
                  "url": {"type": "string", "format": "uri", "description": "The version's permanent page."}}}}
"""What a published claim says of its versions (site/versions.py, `Versions.json_fields`)."""


def _licence_note(site_name: str) -> str:
    return licence.statement(site_name)


def file_schema(kind: str, site_name: str) -> dict[str, object]:
    schema = _published_record(kind)
    return {"$schema": DIALECT, "$id": file_schema_name(kind) + ".schema.json",
            "$comment": _licence_note(site_name), **schema}


def collection_schema(kind: str, site_name: str) -> dict[str, object]:
    """data/<collection>.json: a JSON array of published records, in id order."""
    record = _published_record(kind)
    defs = record.pop("$defs", {})
    item = file_schema_name(kind)
    defs = {**defs, item: record}
    return {"$schema": DIALECT, "$id": COLLECTIONS[kind] + ".schema.json",
            "title": f"Every {kind} record, as a JSON array", "$comment": _licence_note(site_name),
            "type": "array", "items": {"$ref": f"#/$defs/{item}"}, "$defs": defs}


_JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "date": "string", "array": "array"}


def _column_schema(table: Table) -> dict[str, object]:
    props: dict[str, object] = {}
    for col in table.columns:
        one: dict[str, object] = {"type": _JSON_TYPES[col.type], "description": col.description}
        if col.type == "date":
            one["format"] = "date"
        if col.enum_values is not None:
            one["enum"] = col.enum_values
        props[col.name] = one if col.required else {"anyOf": [one, {"type": "null"}]}
    return {"type": "object", "properties": props, "required": [c.name for c in table.columns],
            "additionalProperties": False}


def geojson_schema(site_name: str) -> dict[str, object]:
    """data/places.geojson: a GeoJSON FeatureCollection of the places that have a map point."""
    point = {"type": "object", "required": ["type", "coordinates"], "properties": {
        "type": {"const": "Point"},
        "coordinates": {"type": "array", "minItems": 2, "maxItems": 2, "prefixItems": [
            {"type": "number", "minimum": -180, "maximum": 180}, {"type": "number", "minimum": -90, "maximum": 90}]},
    }}
    feature = {"type": "object", "required": ["type", "id", "geometry", "properties"], "properties": {
        "type": {"const": "Feature"}, "id": {"type": "string"}, "geometry": point,
        "properties": _column_schema(PLACES)}}
    return {"$schema": DIALECT, "$id": "places.geojson.schema.json", "$comment": _licence_note(site_name),
            "type": "object", "required": ["type", "features"], "properties": {
                "type": {"const": "FeatureCollection"}, "name": {"type": "string"},
                "license": {"type": "string"}, "attribution": {"type": "string"},
                "features": {"type": "array", "items": feature}}}


def all_schemas(site_name: str) -> dict[str, dict[str, object]]:
    """Schema name -> schema, for every JSON file the site publishes for re-use."""
    out: dict[str, dict[str, object]] = {}
    for kind in COLLECTIONS:
        if kind == "claim":
            out[file_schema_name(kind)] = file_schema(kind, site_name)
        out[COLLECTIONS[kind]] = collection_schema(kind, site_name)
    out["places.geojson"] = geojson_schema(site_name)
    return out


def dumps(schema: dict[str, object]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
