"""`new`: skeleton record files with every field to fill, which fail validation until they are filled."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .layout import FOLDERS, Layout, schema_line
from .problems import ClaimbaseError

SKELETONS: dict[str, str] = {
    "claim": """\
id: {id}
title: ""                  # one neutral line
statement: ""              # what is claimed, in English, neutrally
kind: ""                   # transfer, sighting, combat-use, deployment, casualties, production, agreement,
                           # payment, visit, statement, denial, assessment, forecast, context
weapon_systems: []         # ids from systems/; leave [] for troops, treaties, visits
location:
  place: null              # an id from places/, or null when no place is named
  precision: ""            # site, settlement, region, country; unknown when place is null
event_date:                # null when the source gives no date
  value: ""                # 2025, 2025-01, 2025-01-23, 2025-01~ (approximate), 2024-10/2025-01
  inferred: null           # say how, when the document does not state the date itself
report_date:
  value: ""
  inferred: null
attributions:
  - claimant: ""           # the actor who asserts it (actors/)
    source: ""             # the source we read it in (sources/)
    origin: null           # the earliest source in its relay chain, if the article names one
    mode: ""               # direct (the claimant's own document) or relayed
    quote: ""              # verbatim, original language
    translation: ""        # English
confidence:
  reliability:
    grade: ""              # A to F: grades the first attribution's claimant (methodology: the grading method)
    rationale: ""
  credibility:
    grade: 0               # 1 to 6 (Admiralty information credibility)
    rationale: ""
status:
  value: reported          # reported, corroborated, confirmed, disputed, denied, retracted, withdrawn, superseded
quantities: []             # - {{measure: ..., label: ..., value: ..., unit: ..., qualifier: estimate}}, no default
relations: []              # - {{type: contradicts, claim: <id>}}
added: "{today}"
reviewed: "{today}"
""",
    "source": """\
id: {id}
title: ""                  # the original title; null when unknown
title_en: ""
publisher: null            # an id from actors/; null when the document does not say
type: ""                   # news-article, official-statement, press-briefing, social-media-post, interview,
                           # intelligence-summary, report, video, unknown
language: ""               # fr, en, ko, ... or null
published:                 # null when nothing tells us
  value: ""
  inferred: null
url: null                  # https only, and only where known: never guessed
archive_url: null
archived_text: null        # archive/{id}.txt when we hold the verbatim text
relays: []                 # ids of the sources this one says it takes its information from
""",
    "system": """\
id: {id}
name: ""
aliases: []                # - {{name: ..., lang: fr}}
designations: []           # KN-23, Hwasong-11Ga, ...
category: ""               # ballistic-missile, multiple-rocket-launcher, artillery, self-propelled-gun,
                           # ammunition, air-defence, drone, cruise-missile, vehicle, small-arms, other
calibre_mm: null
origin_country: ""         # ISO code: KP, RU, IR, ...
""",
    "place": """\
id: {id}
name: ""
aliases: []                # - {{name: Koursk, lang: fr}}
kind: ""                   # site, settlement, region, country
country: ""                # ISO code: RU, UA, KP, ...
admin_region: null         # the id of the region it lies in, if it is a record
coordinates: null          # {{lat: 51.7, lon: 36.2, precision: settlement}}
""",
    "actor": """\
id: {id}
name: ""
aliases: []
type: ""                   # person, government, government-body, military, intelligence-service, outlet,
                           # social-media-channel, social-media-account, organisation, unidentified
country: ""                # ISO code, or null when unknown
affiliation: null          # the actor this one speaks for or belongs to
""",
}

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def new_record(layout: Layout, kind: str, record_id: str, today: date | None = None) -> Path:
    """Write a skeleton for a new record and return its path; refuse to overwrite anything."""
    if kind not in SKELETONS:
        raise ClaimbaseError(f"unknown kind '{kind}'; use one of {', '.join(SKELETONS)}")
    if not _SLUG.match(record_id) or len(record_id) > 80:
        raise ClaimbaseError(f"'{record_id}' is not a valid id: use lower-case letters, digits and single hyphens")
    folder = layout.root / FOLDERS[kind]
    existing = {p.stem.casefold() for p in folder.glob("*.yaml")} if folder.is_dir() else set()
    if record_id.casefold() in existing:
        raise ClaimbaseError(f"{FOLDERS[kind]}/{record_id}.yaml exists already; ids are never reused")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record_id}.yaml"
    body = SKELETONS[kind].format(id=record_id, today=(today or date.today()).isoformat())
    path.write_text(schema_line(kind) + "\n" + body, encoding="utf-8")
    return path
