"""A static SVG map of the places with claims: no tile server, no network, no script.

Country outlines come from Natural Earth (1:110m) through the vendored world-atlas TopoJSON, decoded
here and drawn in an equirectangular projection whose scale is true at the middle latitude.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

WORLD = Path(__file__).parent / "assets" / "vendor" / "world-atlas" / "countries-110m.json"
WIDTH = 1000.0


@dataclass(frozen=True)
class Marker:
    place_id: str
    name: str
    x: float
    y: float
    r: float
    count: int
    precision: str
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"
    leader: tuple[float, float, float, float] | None = None
    """A line from the marker to a label set further away (where the places beside it were taken)."""
    phone_label: tuple[float, float, str] | None = None
    """Where the larger label of a phone goes (x, y, anchor); None when it would cover another place."""


@dataclass(frozen=True)
class MapDrawing:
    width: float
    height: float
    land: list[str]  # SVG path data, one per country that shows
    markers: list[Marker]


@lru_cache(maxsize=1)
def _rings() -> list[list[list[tuple[float, float]]]]:
    """Every country as a list of rings of (lon, lat)."""
    topo = json.loads(WORLD.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            out.extend(points if not out else points[1:])
        return out

    countries = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        countries.append([ring(r) for polygon in polygons for r in polygon])
    return countries


def draw_map(points: list[tuple[str, str, float, float, int, str]]) -> MapDrawing | None:
    """`points` are (place id, name, lat, lon, claim count, precision); None when there are none."""
    if not points:
        return None
    lats = [p[2] for p in points]
    lons = [p[3] for p in points]
    pad = 4.0
    lat_min, lat_max = min(lats) - pad, max(lats) + pad
    lon_min, lon_max = min(lons) - pad, max(lons) + pad + 0.08 * (max(lons) - min(lons))  # room for labels
    # At least 24 degrees of longitude and 12 of latitude, so a single point still shows its region.
    if lon_max - lon_min < 24:
        mid = (lon_max + lon_min) / 2
        lon_min, lon_max = mid - 12, mid + 12
    if lat_max - lat_min < 12:
        mid = (lat_max + lat_min) / 2
        lat_min, lat_max = mid - 6, mid + 6
    lat_min, lat_max = max(lat_min, -85.0), min(lat_max, 85.0)
    k = math.cos(math.radians((lat_min + lat_max) / 2))
    # Never taller than wide: a landscape map reads on a desktop and still fits a phone.
    min_lon_span = (lat_max - lat_min) * 1.6 / k
    if lon_max - lon_min < min_lon_span:
        mid = (lon_max + lon_min) / 2
        lon_min, lon_max = mid - min_lon_span / 2, mid + min_lon_span / 2
    scale = WIDTH / ((lon_max - lon_min) * k)
    height = round((lat_max - lat_min) * scale, 1)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - lon_min) * k * scale, (lat_max - lat) * scale

    land = []
    for country in _rings():
        parts = []
        for ring in country:
            if not ring:
                continue
            rl = [p[0] for p in ring]
            rt = [p[1] for p in ring]
            if max(rl) < lon_min or min(rl) > lon_max or max(rt) < lat_min or min(rt) > lat_max:
                continue
            coords = []
            last = None
            for lon, lat in ring:
                x, y = project(lon, lat)
                point = (round(x, 1), round(y, 1))
                if point != last:
                    coords.append(point)
                    last = point
            if len(coords) >= 3:
                parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in coords) + "Z")
        if parts:
            land.append("".join(parts))

    markers: list[Marker] = []
    for place_id, name, lat, lon, count, precision in sorted(points, key=lambda p: (-p[4], p[0])):
        x, y = project(lon, lat)
        r = min(5 + 2.5 * math.sqrt(count), 22)
        # A place inside another one drawn at almost the same point (Red Square in Moscow): drawn smaller,
        # so that both markers show and both can be clicked.
        for other in markers:
            if math.hypot(other.x - x, other.y - y) < other.r:
                r = min(r, other.r * 0.55)
        markers.append(Marker(place_id, name, round(x, 1), round(y, 1), round(r, 1), count, precision))
    # Draw the biggest first, so small markers stay clickable on top of them.
    placed = _place_labels(markers, WIDTH, height)
    phone = {m.place_id: m for m in _place_labels(markers, WIDTH, height, PHONE_SCALE, drop=True)}
    return MapDrawing(WIDTH, height, land, [
        replace(m, phone_label=(phone[m.place_id].label_x, phone[m.place_id].label_y, phone[m.place_id].anchor)
                if m.place_id in phone else None) for m in placed])


CHAR_W, LABEL_H = 7.6, 14.0
"""Approximate size of a label character and line at the map's font size, in viewBox units."""
PAD = 3.0
"""Room kept between a label and its neighbours, for the difference between the estimate and the font."""
PHONE_SCALE = 24 / 13
"""A phone shows the whole map in about 360 px, so its labels are drawn this much larger (site.css)."""


def _place_labels(markers: list[Marker], width: float, height: float, k: float = 1.0,
                  drop: bool = False) -> list[Marker]:
    """Put each label beside its marker where it overlaps no label or marker placed before it; with
    `drop`, a marker whose label fits nowhere near it gets none (the list below the map names it)."""
    char_w, label_h = CHAR_W * k, LABEL_H * k
    boxes: list[tuple[float, float, float, float]] = [(m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r) for m in markers]
    placed: list[Marker] = []
    for m in markers:
        w = len(m.name) * char_w
        candidates = []  # (label x, baseline y, anchor, box), nearest first; then further out, with a leader line
        for d in (3.0,) if drop else (3.0, 16.0, 30.0, 46.0, 64.0, 84.0):
            up, down = 8 * k, 6 * k
            candidates += [
                (m.x + m.r + d, m.y + 4 * k, "start", (m.x + m.r + d, m.y - up, m.x + m.r + d + w, m.y + down)),
                (m.x - m.r - d, m.y + 4 * k, "end", (m.x - m.r - d - w, m.y - up, m.x - m.r - d, m.y + down)),
                (m.x, m.y - m.r - d - 1, "middle",
                 (m.x - w / 2, m.y - m.r - d - 1 - label_h, m.x + w / 2, m.y - m.r - d - 1)),
                (m.x, m.y + m.r + d + label_h - 3 * k, "middle",
                 (m.x - w / 2, m.y + m.r + d - 1, m.x + w / 2, m.y + m.r + d + label_h - 1)),
            ]
        own = (m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r)

        def fits(box: tuple[float, float, float, float], own: tuple[float, float, float, float] = own) -> bool:
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            padded = (box[0] - PAD, box[1] - PAD, box[2] + PAD, box[3] + PAD)  # the estimate is not the font
            return inside and not any(_overlap(padded, other) for other in boxes if other != own)

        found = next((c for c in candidates if fits(c[3])), None)
        if found is None and drop:
            continue
        if found is None:  # crowded: the place where the label covers the fewest others
            inside = [c for c in candidates if c[3][0] >= 0 and c[3][1] >= 0 and c[3][2] <= width
                      and c[3][3] <= height] or candidates
            found = min(inside, key=lambda c: sum(_overlap(c[3], other) for other in boxes if other != own))
        x, y, anchor, box = found
        boxes.append(box)
        leader = None
        if _gap(m, box) > 6:
            # From the marker's edge to the nearest point of the label's box.
            nx, ny = min(max(m.x, box[0]), box[2]), min(max(m.y, box[1]), box[3])
            dist = math.hypot(nx - m.x, ny - m.y) or 1.0
            leader = (round(m.x + (nx - m.x) * m.r / dist, 1), round(m.y + (ny - m.y) * m.r / dist, 1),
                      round(nx, 1), round(ny, 1))
        placed.append(Marker(m.place_id, m.name, m.x, m.y, m.r, m.count, m.precision, round(x, 1), round(y, 1),
                             anchor, leader))
    return placed


def _gap(m: Marker, box: tuple[float, float, float, float]) -> float:
    """How far a label's box lies from the edge of its marker."""
    nx, ny = min(max(m.x, box[0]), box[2]), min(max(m.y, box[1]), box[3])
    return math.hypot(nx - m.x, ny - m.y) - m.r


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
