"""The tables every export is made from: one definition per table, with its columns' names, types and
meanings, its primary key and its foreign keys.

The CSV files, the SQLite database, the data package (datapackage.json) and the Data page are all
generated from these definitions, so they cannot disagree: a column exists in all of them or in none.
Types are Frictionless Table Schema types; lists are JSON arrays (in a CSV cell, the array's JSON text).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import Any

from ... import urls
from ...checks import independent_origins
from ...dates import parse_edtf
from ...kb import KnowledgeBase
from ...models import (
    ActorType,
    ClaimKind,
    Grade,
    LocationPrecision,
    Mode,
    PlaceKind,
    Qualifier,
    RelationType,
    SourceType,
    Status,
    SystemCategory,
)
from .. import views


@dataclass
class Context:
    """What the column functions need: the knowledge base and the site's address."""

    kb: KnowledgeBase
    site_url: str

    def page(self, kind: str, rid: str) -> str:
        return urls.absolute(self.site_url, urls.record_path(kind, rid))

    def name(self, kind: str, rid: str | None) -> str | None:
        return views.record_name(self.kb, kind, rid) if rid else None

    @cached_property
    def direct_place_claims(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.kb.claims.values():
            if c.location.place:
                out[c.location.place] = out.get(c.location.place, 0) + 1
        return out


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    """Table Schema type: string, integer, number, date, array."""
    description: str
    value: Callable[[Context, Any], object]
    free_text: bool = False
    """Text from a record: in CSV, a leading = + - @ gets a ' so that a spreadsheet does not run it."""
    required: bool = False
    enum: type[StrEnum] | tuple[object, ...] | None = None
    ref: tuple[str, str] | None = None
    """(table, column) this column refers to: a foreign key; empty cells refer to nothing."""

    @property
    def enum_values(self) -> list[object] | None:
        if self.enum is None:
            return None
        if isinstance(self.enum, tuple):
            return list(self.enum)
        return [member.value for member in self.enum]


@dataclass(frozen=True)
class Table:
    name: str
    """File stem (data/<name>.csv) and SQLite table name."""
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    items: Callable[[Context], Iterable[Any]]
    """The things the rows are made of, in row order."""
    label: str | None = None
    """The column that names a row (Datasette shows it instead of the bare id)."""
    facets: tuple[str, ...] = ()
    array_facets: tuple[str, ...] = ()
    path: str = field(default="")
    per_claim: Callable[[Context, Any], list[Any]] | None = None
    """For the tables whose rows belong to one claim each: that claim's items. Their rows are then made
    once per claim and kept in `parts` (see `site.data.Parts`), which a live preview carries over."""

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        assert len(set(names)) == len(names), f"{self.name}: a column name is repeated"
        assert set(self.primary_key) <= set(names), f"{self.name}: the primary key is not a column"
        object.__setattr__(self, "path", f"data/{self.name}.csv")

    @property
    def foreign_keys(self) -> list[tuple[str, str, str]]:
        """(column, table, column) of every reference."""
        return [(c.name, *c.ref) for c in self.columns if c.ref]

    def rows(self, ctx: Context, parts: dict[str, dict[str, object]] | None = None) -> list[list[object]]:
        """Every row, as lists of values in column order (do not change them: they may be kept)."""
        if self.per_claim is None or parts is None:
            return [[col.value(ctx, item) for col in self.columns] for item in self.items(ctx)]
        out: list[list[object]] = []
        key = "rows:" + self.name
        for cid in sorted(ctx.kb.claims):
            mine = parts.setdefault(cid, {})
            if key not in mine:
                items = self.per_claim(ctx, ctx.kb.claims[cid])
                mine[key] = [[col.value(ctx, item) for col in self.columns] for item in items]
            out.extend(mine[key])  # type: ignore[arg-type]
        return out

    def dicts(self, ctx: Context, parts: dict[str, dict[str, object]] | None = None) -> list[dict[str, object]]:
        names = [c.name for c in self.columns]
        return [dict(zip(names, row, strict=True)) for row in self.rows(ctx, parts)]


# --- values ---------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def span(value: str | None) -> tuple[str | None, str | None, str | None]:
    """An EDTF date's first and last day (ISO) and its precision; Nones for no date."""
    if not value:
        return None, None, None
    parsed = parse_edtf(value)
    return parsed.earliest.isoformat(), parsed.latest.isoformat(), parsed.precision


def _date(d: Any) -> str | None:  # noqa: ANN401 - a models.DateValue or None
    return d.value if d else None


def _names(aliases: list[Any]) -> list[dict[str, str | None]]:
    return [{"name": a.name, "lang": a.lang} for a in aliases]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


_EDTF = ("EDTF: 2025, 2025-01, 2025-01-23, ~ approximate, ? uncertain, an interval with /; never more "
         "precise than the sources")


def _date_columns(name: str, stem: str, what: str, get: Callable[[Context, Any], str | None],
                  inferred: Callable[[Context, Any], str | None]) -> list[Column]:
    """The EDTF date column `name`, and <stem>_earliest, _latest, _precision and _inferred beside it."""
    low = "the " + name.replace("_", " ") + (" date" if not name.endswith("date") else "")
    return [
        Column(name, "string", f"{what} ({_EDTF}).", lambda x, i: get(x, i)),
        Column(f"{stem}_earliest", "date", f"First day {low} can stand for (YYYY-MM-DD).",
               lambda x, i: span(get(x, i))[0]),
        Column(f"{stem}_latest", "date", f"Last day {low} can stand for (YYYY-MM-DD).",
               lambda x, i: span(get(x, i))[1]),
        Column(f"{stem}_precision", "string", "day, month, year or interval.", lambda x, i: span(get(x, i))[2],
               enum=("day", "month", "year", "interval")),
        Column(f"{stem}_inferred", "string", "Set when the document does not state the date: how it was inferred.",
               inferred, free_text=True),
    ]


def _sorted(records: dict[str, Any]) -> list[Any]:
    return [records[k] for k in sorted(records)]


# --- record tables ------------------------------------------------------------------------------------


CLAIMS = Table(
    "claims", "Claims",
    "One row per claim: one reported assertion, traced to who made it, with its Admiralty grades and status.",
    (
        Column("id", "string", "The claim's id; it never changes.", lambda x, c: c.id, required=True),
        Column("url", "string", "The claim's permanent page.", lambda x, c: x.page("claim", c.id)),
        Column("title", "string", "One neutral line.", lambda x, c: c.title, True),
        Column("statement", "string", "What is claimed, in English.", lambda x, c: c.statement, True),
        Column("kind", "string", "transfer, sighting, combat-use, deployment, casualties, ...",
               lambda x, c: c.kind.value, enum=ClaimKind),
        Column("status", "string", "reported, corroborated, confirmed, disputed, denied, retracted, withdrawn, "
               "superseded or merged.", lambda x, c: c.status.value.value, enum=Status),
        Column("status_reason", "string", "Why the status is what it is.", lambda x, c: c.status.reason, True),
        Column("status_date", "string", "When the status changed (EDTF).", lambda x, c: c.status.date),
        Column("successor", "string", "For superseded or merged claims, the id of the claim that replaces it.",
               lambda x, c: c.status.superseded_by or c.status.merged_into, ref=("claims", "id")),
        Column("reliability", "string", "Admiralty source reliability, A (completely reliable) to F (cannot be "
               "judged).", lambda x, c: c.confidence.reliability.grade.value, enum=Grade),
        Column("reliability_rationale", "string", "Why the source gets that grade.",
               lambda x, c: c.confidence.reliability.rationale, True),
        Column("credibility", "integer", "Admiralty information credibility, 1 (confirmed) to 6 (cannot be "
               "judged).", lambda x, c: c.confidence.credibility.grade, enum=(1, 2, 3, 4, 5, 6)),
        Column("credibility_rationale", "string", "Why the information gets that grade.",
               lambda x, c: c.confidence.credibility.rationale, True),
        Column("grade", "string", "The two grades together, for example B2.", lambda x, c: views.confidence_code(c)),
        Column("weapon_systems", "array", "Weapon system ids, a JSON array (see claim_systems.csv for one row "
               "each).", lambda x, c: list(c.weapon_systems)),
        Column("weapon_system_names", "array", "Their names, in the same order, a JSON array.",
               lambda x, c: [views.record_name(x.kb, "system", s) for s in c.weapon_systems]),
        Column("place", "string", "Place id, empty when the sources name none.", lambda x, c: c.location.place,
               ref=("places", "id")),
        Column("place_name", "string", "The place's name.", lambda x, c: x.name("place", c.location.place), True),
        Column("place_lat", "number", "Latitude of the place's map point (WGS 84), where it has one.",
               lambda x, c: _coord(x, c.location.place, "lat")),
        Column("place_lon", "number", "Longitude of the place's map point (WGS 84), where it has one.",
               lambda x, c: _coord(x, c.location.place, "lon")),
        Column("location_precision", "string", "site, settlement, region, country or unknown: how precisely the "
               "sources place the event.", lambda x, c: c.location.precision.value, enum=LocationPrecision),
        Column("location_note", "string", "What the source says about the place, or why it is uncertain.",
               lambda x, c: c.location.note, True),
        *_date_columns("event_date", "event", "When the event happened",
                       lambda x, c: _date(c.event_date),
                       lambda x, c: c.event_date.inferred if c.event_date else None),
        *_date_columns("report_date", "report", "When the claim was first reported",
                       lambda x, c: _date(c.report_date),
                       lambda x, c: c.report_date.inferred),
        Column("claimants", "array", "Actor ids of those who assert it, a JSON array.",
               lambda x, c: _unique(a.claimant for a in c.attributions)),
        Column("sources", "array", "Ids of the sources we read it in, a JSON array.",
               lambda x, c: _unique(a.source for a in c.attributions)),
        Column("attributions", "integer", "Number of attributions (rows in attributions.csv).",
               lambda x, c: len(c.attributions)),
        Column("independent_attributions", "integer", "Number of independent lines of reporting (computed from "
               "the provenance graph: see the independence rule).", lambda x, c: independent_origins(x.kb, c)),
        Column("quantities", "array", "Figures as \"measure=figure\" texts, a JSON array (quantities.csv has them "
               "as numbers).", lambda x, c: [f"{q.measure}={views.format_quantity(q)}" for q in c.quantities]),
        Column("notes", "string", "Anything else a reader should know.", lambda x, c: c.notes, True),
        Column("added", "date", "Day the record was added.", lambda x, c: c.added),
        Column("reviewed", "date", "Day the record was last checked against its sources.", lambda x, c: c.reviewed),
    ),
    ("id",), lambda x: _sorted(x.kb.claims), label="title", per_claim=lambda x, c: [c],
    facets=("status", "kind", "reliability", "credibility", "location_precision"),
    array_facets=("weapon_systems", "claimants"),
)


def _coord(x: Context, place_id: str | None, axis: str) -> float | None:
    place = x.kb.places.get(place_id) if place_id else None
    return getattr(place.coordinates, axis) if place and place.coordinates else None


SOURCES = Table(
    "sources", "Sources", "Documents someone published, which we read or which another document relays.",
    (
        Column("id", "string", "The source's id.", lambda x, s: s.id, required=True),
        Column("page_url", "string", "The source's page on this site.", lambda x, s: x.page("source", s.id)),
        Column("title", "string", "The title in the original language, where known.", lambda x, s: s.title, True),
        Column("title_en", "string", "An English title, or a description in brackets.", lambda x, s: s.title_en,
               True),
        Column("publisher", "string", "Actor id of the publisher; empty when the document does not say.",
               lambda x, s: s.publisher, ref=("actors", "id")),
        Column("publisher_name", "string", "The publisher's name.", lambda x, s: x.name("actor", s.publisher), True),
        Column("type", "string", "news-article, official-statement, social-media-post, ...",
               lambda x, s: s.type.value, enum=SourceType),
        Column("language", "string", "BCP 47 language tag of the document; empty when unknown.",
               lambda x, s: s.language),
        *_date_columns("published", "published", "When it was published", lambda x, s: _date(s.published),
                       lambda x, s: s.published.inferred if s.published else None),
        Column("url", "string", "The document's address, only where known. Never invented.", lambda x, s: s.url),
        Column("archive_url", "string", "An archived copy of the document.", lambda x, s: s.archive_url),
        Column("archived_text", "string", "Path of the verbatim text we hold in the repository, quotes are "
               "checked against it.", lambda x, s: s.archived_text),
        Column("relays", "array", "Ids of the sources this document takes its information from, a JSON array "
               "(source_relays.csv has one row each).", lambda x, s: list(s.relays)),
        Column("notes", "string", "What a reader should know about the document.", lambda x, s: s.notes, True),
        Column("claims", "integer", "Claims read in it or whose relay chain passes through it.",
               lambda x, s: len(x.kb.claims_by_source.get(s.id, []))),
    ),
    ("id",), lambda x: _sorted(x.kb.sources), label="title_en", facets=("type", "language", "publisher"),
)

ACTORS = Table(
    "actors", "Actors", "Those who assert, publish or relay claims: people, bodies, outlets, accounts.",
    (
        Column("id", "string", "The actor's id.", lambda x, a: a.id, required=True),
        Column("page_url", "string", "The actor's page on this site.", lambda x, a: x.page("actor", a.id)),
        Column("name", "string", "The usual name in English.", lambda x, a: a.name, True),
        Column("aliases", "array", "Other names, a JSON array of {\"name\", \"lang\"} objects.",
               lambda x, a: _names(a.aliases)),
        Column("type", "string", "person, government, military, outlet, ...", lambda x, a: a.type.value,
               enum=ActorType),
        Column("country", "string", "ISO 3166-1 alpha-2 country code; empty when unknown.", lambda x, a: a.country),
        Column("affiliation", "string", "Actor id of the body this one speaks for or belongs to.",
               lambda x, a: a.affiliation, ref=("actors", "id")),
        Column("description", "string", "Who they are.", lambda x, a: a.description, True),
        Column("url", "string", "Official home page, only where known.", lambda x, a: a.url),
        Column("notes", "string", "Notes.", lambda x, a: a.notes, True),
        Column("claims", "integer", "Claims they assert.", lambda x, a: len(x.kb.claims_by_actor.get(a.id, []))),
    ),
    ("id",), lambda x: _sorted(x.kb.actors), label="name", facets=("type", "country"),
)

SYSTEMS = Table(
    "systems", "Weapon systems", "Weapon and munition types, with every name the sources use for them.",
    (
        Column("id", "string", "The weapon system's id.", lambda x, s: s.id, required=True),
        Column("page_url", "string", "Its page on this site.", lambda x, s: x.page("system", s.id)),
        Column("name", "string", "The usual name.", lambda x, s: s.name, True),
        Column("aliases", "array", "Other names and spellings, a JSON array of {\"name\", \"lang\"} objects.",
               lambda x, s: _names(s.aliases)),
        Column("designations", "array", "Official or Western designations, a JSON array.",
               lambda x, s: list(s.designations)),
        Column("category", "string", "ballistic-missile, artillery, ammunition, ...", lambda x, s: s.category.value,
               enum=SystemCategory),
        Column("calibre_mm", "number", "Calibre in millimetres.", lambda x, s: s.calibre_mm),
        Column("range_min_km", "number", "Published minimum range, km.",
               lambda x, s: s.range.min_km if s.range else None),
        Column("range_max_km", "number", "Published maximum range, km.",
               lambda x, s: s.range.max_km if s.range else None),
        Column("origin_country", "string", "ISO 3166-1 alpha-2 code of the country that makes it.",
               lambda x, s: s.origin_country),
        Column("description", "string", "What it is.", lambda x, s: s.description, True),
        Column("notes", "string", "Notes.", lambda x, s: s.notes, True),
        Column("claims", "integer", "Claims that name it.", lambda x, s: len(x.kb.claims_by_system.get(s.id, []))),
    ),
    ("id",), lambda x: _sorted(x.kb.systems), label="name", facets=("category", "origin_country"),
)

PLACES = Table(
    "places", "Places", "Places named in claims, with a map point where one can be drawn.",
    (
        Column("id", "string", "The place's id.", lambda x, p: p.id, required=True),
        Column("page_url", "string", "Its page on this site.", lambda x, p: x.page("place", p.id)),
        Column("name", "string", "The usual English name.", lambda x, p: p.name, True),
        Column("aliases", "array", "Spellings in the sources' languages, a JSON array of {\"name\", \"lang\"} "
               "objects.", lambda x, p: _names(p.aliases)),
        Column("kind", "string", "site, settlement, region or country.", lambda x, p: p.kind.value, enum=PlaceKind),
        Column("country", "string", "ISO 3166-1 alpha-2 country code.", lambda x, p: p.country),
        Column("admin_region", "string", "Place id of the region it lies in.", lambda x, p: p.admin_region,
               ref=("places", "id")),
        Column("lat", "number", "Latitude of the map point (WGS 84).",
               lambda x, p: p.coordinates.lat if p.coordinates else None),
        Column("lon", "number", "Longitude of the map point (WGS 84).",
               lambda x, p: p.coordinates.lon if p.coordinates else None),
        Column("coordinates_precision", "string", "What the point stands for: site, settlement, region or country "
               "(the centre of a region is not where anything happened).",
               lambda x, p: p.coordinates.precision if p.coordinates else None,
               enum=("site", "settlement", "region", "country")),
        Column("notes", "string", "Notes.", lambda x, p: p.notes, True),
        Column("claims", "integer", "Claims placed here or at a place inside it.",
               lambda x, p: len(x.kb.claims_by_place.get(p.id, []))),
        Column("claims_here", "integer", "Claims placed at this very place.",
               lambda x, p: x.direct_place_claims.get(p.id, 0)),
    ),
    ("id",), lambda x: _sorted(x.kb.places), label="name", facets=("kind", "country", "coordinates_precision"),
)


# --- link and long tables ---------------------------------------------------------------------------


def _each(x: Context, part: str) -> list[tuple[Any, int, Any]]:
    """(claim, position from 1, item) for every item of a list field of every claim, in id order."""
    return [t for c in _sorted(x.kb.claims) for t in _of(c, part)]


def _of(c: Any, part: str) -> list[tuple[Any, int, Any]]:  # noqa: ANN401 - a models.Claim
    return [(c, i, item) for i, item in enumerate(getattr(c, part), start=1)]


_CLAIM = Column("claim", "string", "The claim's id.", lambda x, t: t[0].id, required=True, ref=("claims", "id"))
_POSITION = Column("position", "integer", "Its place in the claim's list, from 1.", lambda x, t: t[1], required=True)

CLAIM_SYSTEMS = Table(
    "claim_systems", "Claims and weapon systems", "One row per weapon system a claim names.",
    (
        _CLAIM, _POSITION,
        Column("system", "string", "The weapon system's id.", lambda x, t: t[2], required=True,
               ref=("systems", "id")),
        Column("system_name", "string", "Its name.", lambda x, t: x.name("system", t[2]), True),
    ),
    ("claim", "system"), lambda x: _each(x, "weapon_systems"),
    per_claim=lambda x, c: _of(c, "weapon_systems"), facets=("system_name",),
)


def _chain(x: Context, t: tuple[Any, int, Any]) -> list[str]:
    return x.kb.chain(t[2].source, t[2].origin)


def _quote_language(x: Context, t: tuple[Any, int, Any]) -> str | None:
    source = x.kb.sources.get(t[2].source)
    return source.language if source else None


ATTRIBUTIONS = Table(
    "attributions", "Attributions",
    "Who asserts each claim, in which document we read it, with the verbatim quote and its translation.",
    (
        _CLAIM, _POSITION,
        Column("claimant", "string", "Actor id of who asserts it.", lambda x, t: t[2].claimant, required=True,
               ref=("actors", "id")),
        Column("claimant_name", "string", "Their name.", lambda x, t: x.name("actor", t[2].claimant), True),
        Column("source", "string", "Id of the source we read the assertion in.", lambda x, t: t[2].source,
               required=True, ref=("sources", "id")),
        Column("source_title", "string", "Its English title.", lambda x, t: x.name("source", t[2].source), True),
        Column("origin", "string", "Id of the source where the assertion first appeared, reached through relays; "
               "empty when it is the source itself or unknown.", lambda x, t: t[2].origin, ref=("sources", "id")),
        Column("chain", "array", "The relay path from the source we read to the origin, a JSON array of source "
               "ids.", _chain),
        Column("mode", "string", "direct (the claimant's own document) or relayed (someone else reports it).",
               lambda x, t: t[2].mode.value, enum=Mode),
        Column("quote", "string", "Verbatim, in the original language of the source.", lambda x, t: t[2].quote, True),
        Column("quote_language", "string", "Language of the quote (the source's language tag).", _quote_language),
        Column("translation", "string", "English translation of the quote.", lambda x, t: t[2].translation, True),
        Column("note", "string", "Note on this attribution.", lambda x, t: t[2].note, True),
    ),
    ("claim", "position"), lambda x: _each(x, "attributions"),
    per_claim=lambda x, c: _of(c, "attributions"), facets=("claimant_name", "mode", "quote_language"),
)


def _figure(q: Any, name: str) -> float | None:  # noqa: ANN401 - a models.Quantity
    return getattr(q, name)


QUANTITIES = Table(
    "quantities", "Figures",
    "Every figure a claim gives, as numbers with their unit, qualifier and as-of date.",
    (
        _CLAIM, _POSITION,
        Column("measure", "string", "What is counted, as a shared key: rows with the same measure compare.",
               lambda x, t: t[2].measure, required=True),
        Column("label", "string", "What is counted, in words.", lambda x, t: t[2].label, True),
        Column("value", "number", "The figure, when the source gives one number.", lambda x, t: t[2].value),
        Column("min", "number", "Lower end, when the source gives a range or a floor.", lambda x, t: t[2].min),
        Column("max", "number", "Upper end, when the source gives a range or a ceiling.", lambda x, t: t[2].max),
        Column("words", "string", "The figure in words when the source gives no number; never turned into one.",
               lambda x, t: t[2].words, True),
        Column("unit", "string", "What one unit is (soldiers, shells, ...).", lambda x, t: t[2].unit, True),
        Column("qualifier", "string", "exactly, about, more-than, at-least, fewer-than, up-to or several.",
               lambda x, t: t[2].qualifier.value, enum=Qualifier),
        Column("figure", "string", "The whole figure as the claim page writes it.",
               lambda x, t: views.format_quantity(t[2]), True),
        *_date_columns("as_of", "as_of", "The date the figure stands for", lambda x, t: _date(t[2].as_of),
                       lambda x, t: t[2].as_of.inferred if t[2].as_of else None),
    ),
    ("claim", "position"), lambda x: _each(x, "quantities"),
    per_claim=lambda x, c: _of(c, "quantities"), facets=("measure", "unit", "qualifier"),
)

RELATIONS = Table(
    "relations", "Relations between claims", "What a claim says about another: supports, contradicts, updates, ...",
    (
        _CLAIM, _POSITION,
        Column("type", "string", "supports, contradicts, updates, duplicates, denies or context.",
               lambda x, t: t[2].type.value, enum=RelationType),
        Column("other", "string", "The other claim's id.", lambda x, t: t[2].claim, required=True,
               ref=("claims", "id")),
        Column("note", "string", "Note on the relation.", lambda x, t: t[2].note, True),
    ),
    ("claim", "position"), lambda x: _each(x, "relations"),
    per_claim=lambda x, c: _of(c, "relations"), facets=("type",),
)


def _relays(x: Context) -> list[tuple[Any, int, str]]:
    return [(s, i, r) for s in _sorted(x.kb.sources) for i, r in enumerate(s.relays, start=1)]


SOURCE_RELAYS = Table(
    "source_relays", "Relays between sources", "One row per source a document says it takes its information from.",
    (
        Column("source", "string", "The relaying document.", lambda x, t: t[0].id, required=True,
               ref=("sources", "id")),
        _POSITION,
        Column("relays", "string", "The document it relays.", lambda x, t: t[2], required=True,
               ref=("sources", "id")),
    ),
    ("source", "relays"), _relays,
)

TABLES: tuple[Table, ...] = (CLAIMS, SOURCES, ACTORS, SYSTEMS, PLACES, CLAIM_SYSTEMS, ATTRIBUTIONS, QUANTITIES,
                             RELATIONS, SOURCE_RELAYS)
"""Every table, records first (the order of the data package, the database and the Data page)."""

BY_NAME = {t.name: t for t in TABLES}


# --- CSV --------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Free text for spreadsheets: a leading = + - @ would start a formula, so it gets a ' before it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def cell(column: Column, value: object) -> object:
    """A value as a CSV cell: empty for none, JSON for lists, integral numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return _CELL_JSON(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if column.free_text and isinstance(value, str):
        return safe_cell(value)
    return value


_CELL_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""json.dumps(value, ensure_ascii=False, separators=(",", ":")), without making an encoder at each call."""


def csv_text(table: Table, ctx: Context, parts: dict[str, dict[str, object]] | None = None) -> str:
    """The table as RFC 4180 CSV: header row, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    free = [c.free_text for c in table.columns]
    writer.writerows(_cells(table.columns, free, row) for row in table.rows(ctx, parts))
    return out.getvalue()


def _cells(columns: tuple[Column, ...], free: list[bool], row: list[object]) -> list[object]:
    """`cell` of every value of a row; text that is not free text, the most common value, as it is."""
    assert len(row) == len(columns)
    return [v if type(v) is str and not f else cell(col, v) for col, f, v in zip(columns, free, row, strict=True)]
