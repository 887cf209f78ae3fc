"""GeoJSON (RFC 7946) of the places that have a map point, for QGIS and web maps: one Point feature per
place, its properties the columns of places.csv (claim counts and what the point stands for)."""

from __future__ import annotations

import json

from . import licence
from .tables import PLACES, Context

PATH = "data/places.geojson"


def feature_collection(ctx: Context, site_name: str) -> dict[str, object]:
    features = []
    for row in PLACES.dicts(ctx):
        if row["lat"] is None or row["lon"] is None:
            continue
        features.append({
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": row,
        })
    return {
        "type": "FeatureCollection",
        "name": "places",
        "license": licence.DATA_LICENCE["path"],
        "attribution": site_name,
        "features": features,
    }


def geojson_text(ctx: Context, site_name: str) -> str:
    return json.dumps(feature_collection(ctx, site_name), ensure_ascii=False, separators=(",", ":")) + "\n"
