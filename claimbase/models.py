"""The record models: the schema of every YAML file, and the source of the committed JSON Schemas.

Field docstrings become the descriptions an editor shows while a contributor types.
Cross-record rules (references, dates across records, independence) live in `checks.py`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from . import values
from .dates import EdtfError, parse_edtf

# --- Reusable constrained types -------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _clean_text(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("contains a control character; remove it")
    if value.strip() != value:
        raise ValueError("has leading or trailing spaces; remove them")
    return value


def _clean_line(value: str) -> str:
    if _CONTROL_ONE_LINE.search(value):
        raise ValueError("must be one line without control characters")
    return values.visible_line(_clean_text(value))


def _https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc or re.search(r"\s", value):
        raise ValueError("must be a full http(s) URL, for example https://example.org/page")
    if parts.scheme != "https":
        raise ValueError("must use https://")
    return values.public_url(value)


def _edtf(value: str) -> str:
    try:
        parse_edtf(value)
    except EdtfError as exc:
        raise ValueError(str(exc)) from None
    return value


def _iso_day(value: str) -> str:
    edtf = _edtf(value)
    parsed = parse_edtf(edtf)
    if parsed.precision != "day" or parsed.approximate or parsed.uncertain:
        raise ValueError("must be a day written YYYY-MM-DD")
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80),
    Field(description="Lower-case letters, digits and single hyphens; it is part of a URL and never changes."),
]
Line = Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(_clean_line)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=8000), AfterValidator(_clean_text)]
Url = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_https_url)]
EdtfText = Annotated[
    str,
    AfterValidator(_edtf),
    Field(description="EDTF subset: 2025, 2025-01, 2025-01-23, optional ~ (approximate) ? (uncertain) "
                      "% (both), or an interval 2024-10/2025-01. Never more precise than the source."),
]
IsoDay = Annotated[str, AfterValidator(_iso_day), Field(description="A day, YYYY-MM-DD.")]
Language = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$"),
    Field(description="BCP 47 language tag, for example fr, en, ko."),
]
Country = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    Field(description="ISO 3166-1 alpha-2 code, for example KP, RU, UA, US, KR, GB."),
]


_LAX = Field(strict=False)  # enums take their string values from YAML


class Record(BaseModel):
    """Base of every record: unknown fields are errors, types are strict."""

    model_config = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True, frozen=True)


# --- Shared parts -------------------------------------------------------------------------------


class DateValue(Record):
    """A date with its precision, and how we know it."""

    value: EdtfText
    """The date, exactly as precise as the source allows."""
    inferred: Line | None = None
    """Set when the document does not state this date: say how it was inferred. Leave out when stated."""


class Name(Record):
    """A name or spelling in a given language."""

    name: Line
    lang: Language | None = None
    """Language of this spelling, where it matters (Koursk is French, Kursk English)."""


# --- Actors ------------------------------------------------------------------------------------------


class ActorType(StrEnum):
    person = "person"
    government = "government"
    government_body = "government-body"
    military = "military"
    intelligence_service = "intelligence-service"
    outlet = "outlet"
    social_media_channel = "social-media-channel"
    social_media_account = "social-media-account"
    organisation = "organisation"
    unidentified = "unidentified"


MERGE_FIELDS = ("merged_into", "merge_reason", "merge_date")
"""The fields of a record that can be renamed or merged (`Mergeable`); each such kind declares them last."""


class Mergeable(Record):
    """A record that can be renamed or merged into another record of the same kind. Records are never
    deleted: the old one stays as a tombstone with `merged_into` (the successor's id), `merge_reason` and
    `merge_date`; its URL redirects to the successor, it leaves the indexes and exports, and no other
    record may refer to it any more (the check `merged-records`). A kind declares the three fields last,
    so that they come after the record's own in its schema and exports."""

    @model_validator(mode="after")
    def _merge_fields(self) -> Mergeable:
        into, reason, day = (getattr(self, name, None) for name in MERGE_FIELDS)
        if into is None:
            if reason is not None or day is not None:
                raise ValueError("merge_reason and merge_date go with merged_into, and only with it")
        elif reason is None or day is None:
            raise ValueError("merged_into needs merge_reason (why) and merge_date (the day, YYYY-MM-DD)")
        return self


class Actor(Mergeable):
    """Someone who asserts, publishes or relays claims: a person, a body, an outlet, an account."""

    id: Slug
    name: Line
    """The usual name in English."""
    aliases: list[Name] = []
    """Other names and spellings the sources use, with their language."""
    type: Annotated[ActorType, _LAX]
    country: Country | None
    """The country the actor belongs to or is based in; null when unknown."""
    affiliation: Slug | None = None
    """The actor this one speaks for or belongs to (a spokesperson's council, a channel's outlet)."""
    description: Text | None = None
    url: Url | None = None
    """Official home page, only where known. Never guessed."""
    notes: Text | None = None
    merged_into: Slug | None = None
    """Only on a tombstone: the id of the live actor that replaces this one (it was renamed or merged).
    Its page becomes a redirect there; it leaves the indexes and exports, and nothing may refer to it."""
    merge_reason: Line | None = None
    """Why it was renamed or merged; required with merged_into."""
    merge_date: IsoDay | None = None
    """The day it was renamed or merged, YYYY-MM-DD; required with merged_into."""


# --- Sources ------------------------------------------------------------------------------------------


class SourceType(StrEnum):
    news_article = "news-article"
    official_statement = "official-statement"
    press_briefing = "press-briefing"
    social_media_post = "social-media-post"
    interview = "interview"
    intelligence_summary = "intelligence-summary"
    report = "report"
    video = "video"
    unknown = "unknown"


class Source(Record):
    """A document someone published, which we read or which another document relays."""

    id: Slug
    title: Line | None
    """The title in the original language, where the document has one we know; null otherwise."""
    title_en: Line
    """An English title; for a document known only through a relay, a description in brackets."""
    publisher: Slug | None
    """The actor who published it; null when the document does not say."""
    type: Annotated[SourceType, _LAX]
    language: Language | None
    """Language of the document; null when we do not know it."""
    published: DateValue | None
    """When it was published; null when nothing tells us."""
    url: Url | None = None
    """Only where known from the document or its relay. Never invented."""
    archive_url: Url | None = None
    archived_text: str | None = None
    """Path of the verbatim text we hold, `archive/<id>.txt`; quotes are checked against it."""
    relays: values.unique_list(Slug) = []  # type: ignore[valid-type]
    """Ids of the sources this document says it takes its information from."""
    notes: Text | None = None
    """Anything a reader should know: machine-translation slips, page furniture, doubts."""

    @model_validator(mode="after")
    def _archive_path(self) -> Source:
        if self.archived_text is not None and self.archived_text != f"archive/{self.id}.txt":
            raise ValueError(f"archived_text must be 'archive/{self.id}.txt'")
        return self


# --- Weapon systems and places ---------------------------------------------------------------------


class SystemCategory(StrEnum):
    ballistic_missile = "ballistic-missile"
    cruise_missile = "cruise-missile"
    multiple_rocket_launcher = "multiple-rocket-launcher"
    artillery = "artillery"
    self_propelled_gun = "self-propelled-gun"
    ammunition = "ammunition"
    air_defence = "air-defence"
    drone = "drone"
    vehicle = "vehicle"
    small_arms = "small-arms"
    other = "other"


class Range(Record):
    """A range in kilometres, as published figures give it."""

    min_km: float | None = None
    max_km: float | None = None


class WeaponSystem(Record):
    """A weapon or munition type, with every name the sources use for it."""

    id: Slug
    name: Line
    aliases: list[Name] = []
    """Other names and spellings, including those in the articles."""
    designations: list[Line] = []
    """Official or Western designations, for example KN-23, Hwasong-11Ga."""
    category: Annotated[SystemCategory, _LAX]
    calibre_mm: float | None = None
    range: Range | None = None
    origin_country: Country | None
    description: Text | None = None
    notes: Text | None = None


class PlaceKind(StrEnum):
    site = "site"
    settlement = "settlement"
    region = "region"
    country = "country"


class Coordinates(Record):
    """Where to draw the place on a map, and how exactly."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    precision: Literal["site", "settlement", "region", "country"]
    """What the point stands for: the exact site, the town, the centre of a region or country."""


class Place(Record):
    """A place named in claims."""

    id: Slug
    name: Line
    """The usual English name."""
    aliases: list[Name] = []
    """Spellings in the languages the sources use (Koursk, Kursk)."""
    kind: Annotated[PlaceKind, _LAX]
    country: Country
    admin_region: Slug | None = None
    """The place id of the region this place lies in, where it is a record of its own."""
    coordinates: Coordinates | None
    notes: Text | None = None


# --- Claims -----------------------------------------------------------------------------------------


class ClaimKind(StrEnum):
    transfer = "transfer"
    sighting = "sighting"
    combat_use = "combat-use"
    deployment = "deployment"
    casualties = "casualties"
    production = "production"
    agreement = "agreement"
    payment = "payment"
    visit = "visit"
    statement = "statement"
    denial = "denial"
    assessment = "assessment"
    forecast = "forecast"
    context = "context"


class Status(StrEnum):
    reported = "reported"
    corroborated = "corroborated"
    confirmed = "confirmed"
    disputed = "disputed"
    denied = "denied"
    retracted = "retracted"
    withdrawn = "withdrawn"
    superseded = "superseded"
    merged = "merged"


class LocationPrecision(StrEnum):
    site = "site"
    settlement = "settlement"
    region = "region"
    country = "country"
    unknown = "unknown"


class Location(Record):
    """Where the claimed event happened, as precisely as the source says and no more."""

    place: Slug | None
    """A place id; null when the source names no place."""
    precision: Annotated[LocationPrecision, _LAX]
    note: Line | None = None
    """Why the place is uncertain, or what the source says exactly."""

    @model_validator(mode="after")
    def _place_and_precision(self) -> Location:
        if self.place is None and self.precision != LocationPrecision.unknown:
            raise ValueError("precision must be 'unknown' when place is null")
        if self.place is not None and self.precision == LocationPrecision.unknown:
            raise ValueError("precision 'unknown' needs place: null; give the precision the source supports")
        return self


class Mode(StrEnum):
    direct = "direct"
    relayed = "relayed"


class Role(StrEnum):
    asserts = "asserts"
    asserts_part = "asserts-part"
    first_publisher = "first-publisher"
    restates = "restates"


class BasedOn(Record):
    """What an attribution rests on, where the provenance graph cannot see it: another attribution of the
    same claim, or the outlet's own reporting, with the words of the document that show it."""

    attribution: Slug | None = None
    """The `ref` of the attribution of this claim that this one repeats or reports."""
    own_reporting: Text | None = None
    """Verbatim, from the source we read: the words that show the outlet found this out itself (it saw
    the footage, went to the place). Without them an outlet's own voice is not a line of its own."""

    @model_validator(mode="after")
    def _one(self) -> BasedOn:
        if (self.attribution is None) == (self.own_reporting is None):
            raise ValueError("give either attribution (the ref of another attribution) or own_reporting "
                             "(the quoted evidence), not both and not neither")
        return self


class Attribution(Record):
    """Who asserts the claim, in which document we read it, in their words."""

    claimant: Slug
    """The actor of this attribution: with role `asserts`, the one who asserts the claim (an official, a
    service, an outlet in its own voice, an account); with `first-publisher` or `restates`, the outlet."""
    role: Annotated[Role, _LAX] = Role.asserts
    """asserts: the claimant asserts the claim, its key detail included. asserts-part: the quote supports
    only part of the claim (say which in `supports`). first-publisher: the actor is the outlet that first
    published what another attribution's claimant asserts; it is not a claimant. restates: a relaying
    outlet restates, in its own voice (a headline), what it relays; not a line of its own."""
    ref: Slug | None = None
    """A short name for this attribution, unique in the claim, so that another one can be `based_on` it."""
    based_on: BasedOn | None = None
    """What this attribution rests on, where the relays do not show it."""
    supports: Line | None = None
    """With role asserts-part: the part of the claim the quote does support."""
    source: Slug
    """The source we read the assertion in; where we hold its text, the quote must be in it."""
    origin: Slug | None = None
    """The source where the assertion first appeared, reached from `source` through `relays`; null when
    `source` is the origin or the article names no earlier document."""
    mode: Annotated[Mode, _LAX]
    """direct: `source` is the claimant's own document; relayed: someone else reports it."""
    quote: Text
    """Verbatim, in the original language of `source`."""
    translation: Text
    """English translation of the quote."""
    note: Line | None = None

    @model_validator(mode="after")
    def _role_fields(self) -> Attribution:
        if (self.role == Role.asserts_part) != (self.supports is not None):
            raise ValueError("supports goes with role 'asserts-part', and only with it: say which part "
                             "of the claim the quote supports")
        return self


class Grade(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class Reliability(Record):
    grade: Annotated[Grade, _LAX]
    """Admiralty source reliability: A completely reliable ... E unreliable, F cannot be judged."""
    rationale: Line


class Credibility(Record):
    grade: int = Field(ge=1, le=6)
    """Admiralty information credibility: 1 confirmed ... 5 improbable, 6 cannot be judged."""
    rationale: Line


class Confidence(Record):
    """Two separate axes (NATO Admiralty code): the source, and the information."""

    reliability: Reliability
    credibility: Credibility


class StatusInfo(Record):
    value: Annotated[Status, _LAX]
    reason: Line | None = None
    """Why the status is what it is; required for disputed, denied, retracted, withdrawn, superseded, merged."""
    date: EdtfText | None = None
    """When the status changed; required for retracted, withdrawn, superseded and merged."""
    superseded_by: Slug | None = None
    """The claim that replaces this one; only with status superseded."""
    merged_into: Slug | None = None
    """The claim this duplicate was merged into; only with status merged. Its URL redirects there."""

    @model_validator(mode="after")
    def _rules(self) -> StatusInfo:
        needs_reason = {Status.disputed, Status.denied, Status.retracted, Status.withdrawn,
                        Status.superseded, Status.merged}
        needs_date = {Status.retracted, Status.withdrawn, Status.superseded, Status.merged}
        if self.value in needs_reason and not self.reason:
            raise ValueError(f"status '{self.value.value}' needs a reason")
        if self.value in needs_date and not self.date:
            raise ValueError(f"status '{self.value.value}' needs a date")
        if (self.value == Status.superseded) != (self.superseded_by is not None):
            raise ValueError("superseded_by goes with status 'superseded', and only with it")
        if (self.value == Status.merged) != (self.merged_into is not None):
            raise ValueError("merged_into goes with status 'merged', and only with it")
        return self


class Qualifier(StrEnum):
    count = "count"
    stated = "stated"
    estimate = "estimate"
    about = "about"
    more_than = "more-than"
    at_least = "at-least"
    fewer_than = "fewer-than"
    up_to = "up-to"
    several = "several"


QUALIFIER_MEANING: dict[str, str] = {
    "count": "the source gives the figure as a count of what happened (\"3 800 ont été tués ou blessés\")",
    "stated": "the source gives a number but does not say whether it was counted or estimated; shown "
              "as stated, never as a count",
    "estimate": "the source presents the figure as an estimate or assessment (\"a estimé\")",
    "about": "the source gives an approximate figure (\"environ\", \"quelque\")",
    "more-than": "a lower bound, exclusive (\"plus de\")",
    "at-least": "a lower bound, inclusive (\"au moins\")",
    "fewer-than": "an upper bound, exclusive (\"moins de\")",
    "up-to": "an upper bound, inclusive (\"jusqu'à\")",
    "several": "the source gives the figure only in words (\"des millions\", \"plusieurs dizaines\")",
}
"""What each qualifier says about a figure; the methodology page lists it."""


class Quantity(Record):
    """A figure the claim gives: a value, or a range."""

    measure: Slug
    """What is counted, as a shared key: claims with the same measure are compared side by side."""
    label: Line
    """What is counted, in words."""
    value: float | None = None
    min: float | None = None
    max: float | None = None
    words: Line | None = None
    """The figure in words when the source gives no number ("plusieurs dizaines": several dozen).
    Never turn words into a number the source does not give."""
    unit: Line
    qualifier: Annotated[Qualifier, _LAX]
    """How the source gives the figure; no default, because a figure is never more precise than its
    source: count, stated, estimate, about, more-than, at-least (lower bounds), fewer-than, up-to (upper
    bounds), several (in words only)."""
    as_of: DateValue | None = None

    @model_validator(mode="after")
    def _value_or_range(self) -> Quantity:
        if self.value is None and self.min is None and self.max is None and not self.words:
            raise ValueError("give a value, a min and/or max, or the figure in words")
        if self.value is not None and (self.min is not None or self.max is not None):
            raise ValueError("give either a value or a min/max range, not both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is larger than max")
        if self.qualifier == Qualifier.several and (self.value is not None or self.min is not None
                                                    or self.max is not None):
            raise ValueError("qualifier 'several' is for a figure given only in words: remove the number")
        if self.qualifier == Qualifier.several and not self.words:
            raise ValueError("qualifier 'several' needs the figure in words")
        return self


class VerificationState(StrEnum):
    neither_confirmed_nor_denied = "neither-confirmed-nor-denied"
    not_confirmed = "not-confirmed"
    not_disclosed = "not-disclosed"
    not_shown = "not-shown"


class Aspect(StrEnum):
    claim = "claim"
    location = "location"
    quantity = "quantity"
    date = "date"
    identity = "identity"


class Verification(Record):
    """A statement a document makes about the evidence for the claim itself: who could not confirm it,
    what was not disclosed, what the images do not show."""

    state: Annotated[VerificationState, _LAX]
    """neither-confirmed-nor-denied, not-confirmed, not-disclosed (a detail was not revealed), not-shown
    (nothing in the evidence shows it)."""
    aspect: Annotated[Aspect, _LAX]
    """What it qualifies: the whole claim, its location, a quantity, its date, or the identity of what
    is described."""
    by: Slug | None
    """The actor whose position it states (the government that could not confirm); null when it is the
    document's own observation."""
    source: Slug
    """The source we read it in; where we hold its text, the quote must be in it."""
    quote: Text
    """Verbatim, in the original language of `source`."""
    translation: Text
    claim: Slug | None = None
    """A claim of its own that records the same statement, where there is one."""


class RelationType(StrEnum):
    supports = "supports"
    contradicts = "contradicts"
    updates = "updates"
    duplicates = "duplicates"
    denies = "denies"
    context = "context"


class Relation(Record):
    type: Annotated[RelationType, _LAX]
    claim: Slug
    note: Line | None = None


class Claim(Record):
    """One reported assertion, traced to who made it and how sure we can be."""

    id: Slug
    title: Line
    """One line, neutral."""
    statement: Text
    """What is claimed, neutrally, in English. Attribute it: 'X says that ...' is for the attributions."""
    kind: Annotated[ClaimKind, _LAX]
    weapon_systems: values.unique_list(Slug) = []  # type: ignore[valid-type]
    """Weapon system ids; empty for claims about troops, treaties or visits."""
    location: Location
    event_date: DateValue | None
    """When the claimed event happened; null when the source gives no date."""
    report_date: DateValue
    """When the claim was first reported, as far as our sources show."""
    attributions: list[Attribution] = Field(min_length=1)
    confidence: Confidence
    status: StatusInfo
    quantities: list[Quantity] = []
    relations: list[Relation] = []
    verification: list[Verification] = []
    """What the documents say about the evidence for this claim: who could neither confirm nor deny it,
    what was not disclosed, what the images do not show."""
    added: IsoDay
    """The day the record was added."""
    reviewed: IsoDay
    """The day the record was last checked against its sources."""
    notes: Text | None = None


RECORD_KINDS: dict[str, type[Record]] = {
    "claim": Claim,
    "source": Source,
    "system": WeaponSystem,
    "place": Place,
    "actor": Actor,
}
"""Record kind -> model. The folder of each kind is in `layout.FOLDERS`."""
