"""A Frictionless data package (datapackage.json) describing every CSV file: its columns and their types,
its primary and foreign keys, and the licence."""

from __future__ import annotations

import json

from . import licence
from .tables import TABLES, Column, Table

PATH = "data/datapackage.json"


def _field(col: Column) -> dict[str, object]:
    out: dict[str, object] = {"name": col.name, "type": col.type, "description": col.description}
    constraints: dict[str, object] = {}
    if col.required:
        constraints["required"] = True
    if col.enum_values is not None:
        constraints["enum"] = [str(v) if col.type == "string" else v for v in col.enum_values]
    if constraints:
        out["constraints"] = constraints
    return out


def _resource(table: Table) -> dict[str, object]:
    schema: dict[str, object] = {
        "fields": [_field(c) for c in table.columns],
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": column, "reference": {"resource": "" if other == table.name else other, "fields": ref}}
            for column, other, ref in table.foreign_keys]
    return {
        "name": table.name.replace("_", "-"),
        "path": table.path.removeprefix("data/"),
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": True,
                    "header": True},
        "schema": schema,
    }


def datapackage(site_name: str, site_url: str) -> dict[str, object]:
    resources = [_resource(t) for t in TABLES]
    # Foreign keys name the resource, not the file: rename the references to the resource names.
    for res in resources:
        for fk in res["schema"].get("foreignKeys", []):
            if fk["reference"]["resource"]:
                fk["reference"]["resource"] = fk["reference"]["resource"].replace("_", "-")
    return {
        "profile": "tabular-data-package",
        "name": "claimbase",
        "title": site_name,
        "description": (f"The records of {site_name}: claims with their attributions, figures and relations, "
                        "the sources, actors, weapon systems and places they name. " + licence.QUOTES_NOTE),
        "homepage": site_url,
        "licenses": [dict(licence.DATA_LICENCE)],
        "resources": resources,
    }


def datapackage_json(site_name: str, site_url: str) -> str:
    return json.dumps(datapackage(site_name, site_url), indent=2, ensure_ascii=False) + "\n"
