"""The benchmark: N synthetic records of realistic shape, run through the real pipeline, in one table.

`python build_site.py bench --claims 10000 --sizes 1000 3000` generates a knowledge base in a temporary
folder (claims with 2-4 attributions whose quotes really appear in archived texts, relay chains of depth
1-3, sources, weapon systems, places, actors, disputed figures, withdrawn/superseded/merged claims),
then measures, each step in a fresh process as a contributor would run it:

- `validate` (a `python build_site.py validate` subprocess),
- page generation and the MkDocs build (one subprocess running `claimbase.site.build.build_kb`),
- peak memory (the largest resident set of any process of the build, from `wait4`),
- sizes on disk (site, search index, claim pages, claims index page and its JSON),
- the same build with every claim listed in the navigation, at a smaller N when N is large,
- in headless Chromium (Debian's chromium, never a downloaded one): first paint of the claims index,
  a filter change, a search query,
- the edit-and-preview loop: one claim file saved, until the served page shows the change.

All synthetic text is made of generated words and marked as synthetic; nothing in it is a real report.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import math
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .layout import FOLDERS, schema_line

REPO = Path(__file__).resolve().parent.parent

# --- Synthetic knowledge base ------------------------------------------------------------------------

_SYLLABLES = ["ka", "lo", "vo", "ri", "ne", "bor", "tov", "sk", "mi", "ra", "zan", "pe", "do", "lin",
              "gra", "che", "ny", "su", "ol", "vel", "ta", "ko", "mar", "ize", "yon", "han", "gu", "sev",
              "dru", "ost"]

_SYSTEM_CATEGORIES = [
    ("ballistic-missile", "short-range ballistic missile", None, (300, 700)),
    ("cruise-missile", "cruise missile", None, (500, 1500)),
    ("multiple-rocket-launcher", "multiple rocket launcher", 240.0, (20, 60)),
    ("multiple-rocket-launcher", "multiple rocket launcher", 122.0, (15, 40)),
    ("artillery", "towed howitzer", 152.0, (15, 30)),
    ("self-propelled-gun", "self-propelled gun", 170.0, (40, 60)),
    ("ammunition", "artillery shell", 152.0, None),
    ("ammunition", "artillery rocket", 122.0, None),
    ("air-defence", "air-defence system", None, (20, 150)),
    ("drone", "loitering munition", None, (50, 300)),
    ("vehicle", "armoured vehicle", None, None),
    ("small-arms", "assault rifle", 7.62, None),
]

_REGIONS = [  # (lat, lon, country) of synthetic region centres, spread over the theatre
    (51.7, 36.2, "RU"), (50.6, 36.6, "RU"), (52.9, 36.1, "RU"), (56.9, 35.9, "RU"), (47.2, 39.7, "RU"),
    (55.8, 37.6, "RU"), (43.1, 131.9, "RU"), (50.4, 30.5, "UA"), (49.9, 36.3, "UA"), (48.0, 37.8, "UA"),
    (47.8, 35.2, "UA"), (46.6, 32.6, "UA"), (39.0, 125.8, "KP"), (40.1, 124.4, "KP"), (41.8, 129.8, "KP"),
]

_ACTOR_TYPES = [("person", 35), ("government-body", 20), ("military", 12), ("intelligence-service", 6),
                ("outlet", 45), ("social-media-channel", 12), ("social-media-account", 10),
                ("organisation", 6), ("government", 4)]

_KINDS = [("transfer", 22), ("sighting", 12), ("combat-use", 18), ("deployment", 10), ("casualties", 6),
          ("production", 6), ("agreement", 3), ("payment", 3), ("visit", 2), ("statement", 8), ("denial", 3),
          ("assessment", 5), ("forecast", 1), ("context", 1)]

_STATUSES = [("reported", 62), ("corroborated", 15), ("confirmed", 5), ("disputed", 7), ("denied", 3),
             ("retracted", 2), ("withdrawn", 2), ("superseded", 2), ("merged", 2)]

_MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
              "octobre", "novembre", "décembre"]
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]

# Sentence templates in the archived texts' language (French, like the seed articles) and in English.
_TEMPLATES = [
    ("Selon {actor}, {n} {system} ont été livrés à la Russie par voie ferroviaire depuis {place} au cours "
     "du mois de {month} {year}, une information qui n'a pas pu être vérifiée de manière indépendante.",
     "According to {actor}, {n} {system} were delivered to Russia by rail from {place} during {month_en} "
     "{year}, information that could not be independently verified."),
    ("Des images publiées en ligne montreraient des {system} près de {place}, dans des camions banalisés, "
     "a affirmé {actor} dans un message diffusé le {day} {month} {year}.",
     "Images published online reportedly show {system} near {place}, in unmarked trucks, {actor} said in a "
     "message released on {day} {month_en} {year}."),
    ("{actor} a déclaré que les forces russes avaient utilisé au moins {n} {system} lors de frappes contre "
     "des positions situées autour de {place}, sans fournir de preuves.",
     "{actor} said that Russian forces had used at least {n} {system} in strikes on positions around "
     "{place}, without providing evidence."),
    ("D'après les estimations de {actor}, environ {n} soldats nord-coréens auraient été déployés dans la "
     "région de {place} depuis {month} {year}, un chiffre que Moscou dément.",
     "By the estimates of {actor}, about {n} North Korean soldiers have reportedly been deployed in the "
     "{place} area since {month_en} {year}, a figure Moscow denies."),
    ("Les débris retrouvés à {place} correspondraient à un {system}, a indiqué {actor}, qui cite des "
     "experts ayant examiné les marquages des pièces récupérées.",
     "The debris found at {place} reportedly matches a {system}, {actor} said, citing experts who examined "
     "the markings on the recovered parts."),
    ("Interrogé par la presse, {actor} a démenti toute livraison de {system} et qualifié ces informations "
     "de « pure invention » destinée à discréditer les deux pays.",
     "Questioned by the press, {actor} denied any delivery of {system} and called the reports \"pure "
     "invention\" meant to discredit both countries."),
]
_FILLER = [
    ("Ce n'est un secret pour personne que Moscou et Pyongyang se sont rapprochés ces derniers mois.",
     "It is no secret that Moscow and Pyongyang have grown closer in recent months."),
    ("Les deux pays sont de plus en plus isolés du reste du monde, selon plusieurs analystes.",
     "Both countries are increasingly isolated from the rest of the world, according to several analysts."),
    ("Aucune réaction officielle n'avait été publiée au moment de la rédaction de cet article.",
     "No official reaction had been published at the time of writing."),
    ("Cette information intervient alors que les combats se poursuivent sur plusieurs secteurs du front.",
     "The report comes as fighting continues on several sectors of the front."),
    ("Les analystes restent prudents quant à l'authenticité des vidéos partagées sur les réseaux sociaux.",
     "Analysts remain cautious about the authenticity of the videos shared on social media."),
]

_SOURCE_LANGS = [("fr", 50), ("en", 30), ("ru", 8), ("uk", 7), ("ko", 5)]


def _pick(rng: random.Random, weighted: list[tuple[object, int]]) -> object:
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, weights)[0]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- A small YAML emitter: the style contributors write (block mappings, folded long text) -------------

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.()/'-]*\Z")
_RESERVED = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "no", "on",
             "off", "Yes", "No", "On", "Off", "y", "n", "Y", "N"}


def _scalar(value: object, indent: str) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if len(text) > 90 and "\n" not in text and "  " not in text:
        lines = textwrap.wrap(text, 100 - len(indent), break_long_words=False, break_on_hyphens=False)
        return ">-\n" + "\n".join(indent + "  " + line for line in lines)
    if _PLAIN.match(text) and text not in _RESERVED and not text.endswith(" ") and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _emit(data: object, indent: str = "") -> list[str]:
    out: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict) and value or isinstance(value, list) and value and isinstance(value[0], dict):
                out.append(f"{indent}{key}:")
                out.extend(_emit(value, indent + "  "))
            elif isinstance(value, list):
                out.append(f"{indent}{key}: [" + ", ".join(_scalar(v, indent) for v in value) + "]")
            else:
                out.append(f"{indent}{key}: {_scalar(value, indent)}")
    elif isinstance(data, list):
        for item in data:
            lines = _emit(item, indent + "  ")
            lines[0] = indent + "- " + lines[0][len(indent) + 2:]
            out.extend(lines)
    return out


def record_yaml(kind: str, data: dict[str, object]) -> str:
    return schema_line(kind) + "\n" + "\n".join(_emit(data)) + "\n"


# --- The generator ----------------------------------------------------------------------------------


@dataclass
class _Source:
    id: str
    level: int
    day: date
    publisher: str | None
    language: str
    relays: list[str] = field(default_factory=list)
    sentences: list[tuple[str, str]] = field(default_factory=list)
    """(original, English) pairs of the archived text, when we hold one."""


@dataclass
class SyntheticStats:
    claims: int
    sources: int
    archived: int
    systems: int
    places: int
    actors: int
    bytes: int


class _Generator:
    def __init__(self, root: Path, claims: int, seed: int) -> None:
        self.root, self.n, self.rng = root, claims, random.Random(seed)
        self.bytes = 0
        self.archived = 0

    def write(self, kind: str, rid: str, data: dict[str, object]) -> None:
        text = record_yaml(kind, data)
        (self.root / FOLDERS[kind] / f"{rid}.yaml").write_text(text, encoding="utf-8")
        self.bytes += len(text.encode("utf-8"))

    def unique(self, base: str, taken: set[str]) -> str:
        slug, i = _slug(base), 2
        candidate = slug
        while candidate in taken:
            candidate, i = f"{slug}-{i}", i + 1
        taken.add(candidate)
        return candidate

    # --- reference records ---------------------------------------------------------------------------

    def systems(self, count: int = 30) -> None:
        rng, taken = self.rng, set()
        self.system_names: dict[str, str] = {}
        for i in range(count):
            category, noun, calibre, span = _SYSTEM_CATEGORIES[i % len(_SYSTEM_CATEGORIES)]
            stem = _word(rng, 2)
            name = f"{stem}-{i + 10} {noun}"
            rid = self.unique(f"{stem}-{i + 10}", taken)
            designation = f"SX-{i + 10}"
            data: dict[str, object] = {
                "id": rid, "name": name,
                "aliases": [{"name": f"{stem} {i + 10}", "lang": "fr"}, {"name": f"{_word(rng, 2)}-{i + 3}",
                                                                           "lang": "en"}],
                "designations": [designation, f"{designation}{rng.choice('ABC')}"],
                "category": category,
            }
            if calibre:
                data["calibre_mm"] = calibre
            if span:
                data["range"] = {"min_km": float(span[0]), "max_km": float(span[1])}
            data["origin_country"] = rng.choice(["KP", "KP", "KP", "RU", "IR"])
            data["description"] = f"Synthetic benchmark record: a {noun} known by several names and designations."
            self.write("system", rid, data)
            self.system_names[rid] = f"{stem}-{i + 10}"

    def places(self, count: int = 60) -> None:
        rng, taken = self.rng, set()
        self.place_ids: list[str] = []
        self.place_names: dict[str, str] = {}
        countries = {"RU": "Russia", "UA": "Ukraine", "KP": "North Korea"}
        country_ids = {}
        for code, name in countries.items():
            rid = self.unique(f"{name}-synthetic", taken)
            country_ids[code] = rid
            self.write("place", rid, {"id": rid, "name": f"{name} (synthetic)", "kind": "country", "country": code,
                                      "coordinates": None})
            self.place_ids.append(rid)
            self.place_names[rid] = name
        regions = []
        for lat, lon, code in _REGIONS:
            name = _word(rng, 3)
            rid = self.unique(f"{name}-oblast", taken)
            regions.append((rid, lat, lon, code))
            self.write("place", rid, {
                "id": rid, "name": f"{name} oblast", "aliases": [{"name": f"région de {name}", "lang": "fr"}],
                "kind": "region", "country": code, "admin_region": country_ids[code],
                "coordinates": {"lat": lat, "lon": lon, "precision": "region"},
                "notes": "Synthetic benchmark record; the point stands for the region."})
            self.place_ids.append(rid)
            self.place_names[rid] = name
        while len(self.place_ids) < count:
            region, lat, lon, code = rng.choice(regions)
            name = _word(rng, rng.choice([2, 3]))
            kind = rng.choice(["settlement", "settlement", "settlement", "site"])
            rid = self.unique(name + ("-depot" if kind == "site" else ""), taken)
            self.write("place", rid, {
                "id": rid, "name": name + (" depot" if kind == "site" else ""),
                "aliases": [{"name": name, "lang": "fr"}] + ([{"name": name + "e", "lang": "uk"}]
                                                             if code == "UA" else []),
                "kind": kind, "country": code, "admin_region": region,
                "coordinates": {"lat": round(lat + rng.uniform(-1, 1), 3),
                                "lon": round(lon + rng.uniform(-1.5, 1.5), 3),
                                "precision": kind}})
            self.place_ids.append(rid)
            self.place_names[rid] = name
        self.place_kind = {rid: "country" for rid in country_ids.values()}
        self.place_kind.update({r[0]: "region" for r in regions})

    def actors(self, count: int = 150) -> None:
        rng, taken = self.rng, set()
        self.actor_ids: list[str] = []
        self.actor_names: dict[str, str] = {}
        self.actor_type: dict[str, str] = {}
        bodies: list[str] = []
        plan = [t for t, weight in _ACTOR_TYPES for _ in range(weight)]
        rng.shuffle(plan)
        plan.sort(key=lambda t: t == "person")  # bodies first, so that people can belong to them
        for kind in plan[:count]:
            if kind == "person":
                name = f"{_word(rng, 2)} {_word(rng, 3)}"
            elif kind == "outlet":
                name = rng.choice(["The {} Herald", "{} Daily", "{} News", "Radio {}", "{} Post", "{} Today"]).format(
                    _word(rng, 2))
            elif kind in ("social-media-channel", "social-media-account"):
                name = f"{_word(rng, 2)}{rng.randint(1, 99)}"
            else:
                name = rng.choice(["Ministry of {}", "{} Defence Council", "{} Intelligence Directorate",
                                   "{} General Staff", "Office of {}"]).format(_word(rng, 2))
            rid = self.unique(name, taken)
            data: dict[str, object] = {"id": rid, "name": name}
            if rng.random() < 0.3:
                data["aliases"] = [{"name": name.replace("The ", "Le "), "lang": "fr"}]
            data["type"] = kind
            data["country"] = rng.choice(["RU", "UA", "KP", "KR", "US", "GB", "FR", None])
            if kind == "person" and bodies and rng.random() < 0.7:
                data["affiliation"] = rng.choice(bodies)
            data["description"] = f"Synthetic benchmark record ({kind.replace('-', ' ')})."
            self.write("actor", rid, data)
            if kind not in ("person",):
                bodies.append(rid)
            self.actor_ids.append(rid)
            self.actor_names[rid] = name
            self.actor_type[rid] = kind
        self.outlets = [a for a in self.actor_ids if self.actor_type[a] == "outlet"]
        self.speakers = [a for a in self.actor_ids if self.actor_type[a] != "outlet"]

    # --- sources -------------------------------------------------------------------------------------------

    def sentence(self, template: int | None = None, actor: str | None = None) -> tuple[str, str]:
        rng = self.rng
        t = rng.randrange(len(_TEMPLATES)) if template is None else template
        fr, en = _TEMPLATES[t]
        month = rng.randrange(12)
        values = {
            "actor": self.actor_names[actor or rng.choice(self.actor_ids)],
            "system": self.system_names[rng.choice(list(self.system_names))],
            "place": self.place_names[rng.choice(self.place_ids)],
            "n": rng.choice([3, 12, 40, 150, 1200, 3000, 11000, 2 * rng.randint(5, 900)]),
            "month": _MONTHS_FR[month], "month_en": _MONTHS_EN[month], "year": rng.choice([2023, 2024, 2025]),
            "day": rng.randint(1, 28),
        }
        return fr.format(**values), en.format(**values)

    def sources(self, count: int) -> None:
        rng, taken = self.rng, set()
        self.source_list: list[_Source] = []
        levels = [0.4, 0.3, 0.2, 0.1]
        start = date(2022, 3, 1)
        by_level: list[list[_Source]] = [[] for _ in levels]
        for level, share in enumerate(levels):
            for _ in range(max(2, round(count * share))):
                relays: list[str] = []
                if level == 0:
                    day = start + timedelta(days=rng.randrange(1200))
                    publisher = rng.choice(self.speakers) if rng.random() < 0.85 else None
                    lang = str(_pick(rng, _SOURCE_LANGS))
                else:
                    upstream = rng.sample(by_level[level - 1], k=min(len(by_level[level - 1]), rng.choice([1, 1, 2])))
                    relays = [s.id for s in upstream]
                    day = max(s.day for s in upstream) + timedelta(days=rng.randrange(15))
                    publisher = rng.choice(self.outlets) if rng.random() < 0.9 else None
                    lang = str(_pick(rng, _SOURCE_LANGS))
                kind = ("official-statement" if level == 0 and rng.random() < 0.5 else
                        "social-media-post" if level == 0 else "news-article")
                base = f"{self.actor_names.get(publisher, 'unnamed')} {kind.replace('-', ' ')} {day.isoformat()}"
                source = _Source(self.unique(base, taken), level, day, publisher, lang, relays)
                by_level[level].append(source)
        self.by_level = by_level
        for level in by_level:
            self.source_list.extend(level)
        # Some relaying articles are archived (their text is what quotes are checked against).
        for s in self.source_list:
            if s.level >= 1 and rng.random() < 0.3:
                s.language = "fr"
                for _ in range(rng.randint(12, 22)):
                    s.sentences.append(self.sentence())
                    if rng.random() < 0.3:
                        s.sentences.append(rng.choice(_FILLER))
        self.sources_by_id = {s.id: s for s in self.source_list}

    def write_sources(self) -> None:
        rng = self.rng
        (self.root / "archive").mkdir(exist_ok=True)
        for s in self.source_list:
            title_words = f"{self.actor_names.get(s.publisher, 'Unnamed')}: North Korean weapons reported in Russia"
            data: dict[str, object] = {
                "id": s.id,
                "title": None if s.language != "en" else title_words,
                "title_en": f"[Synthetic {('article' if s.level else 'statement')}: {title_words}]",
                "publisher": s.publisher,
                "type": "news-article" if s.level else rng.choice(["official-statement", "social-media-post",
                                                                   "press-briefing", "interview"]),
                "language": s.language,
                "published": {"value": s.day.isoformat()} if rng.random() < 0.8 else {
                    "value": s.day.isoformat()[:7], "inferred": "Not stated; the month of the earliest relay."},
            }
            if s.sentences:
                data["archived_text"] = f"archive/{s.id}.txt"
                text = "\n".join(original for original, _ in s.sentences) + "\n"
                (self.root / "archive" / f"{s.id}.txt").write_text(text, encoding="utf-8")
                self.archived += 1
            if s.relays:
                data["relays"] = list(s.relays)
            if rng.random() < 0.2:
                data["notes"] = "Synthetic benchmark record. Known only through the documents that relay it."
            self.write("source", s.id, data)

    # --- claims --------------------------------------------------------------------------------------------

    def attribution(self, read: _Source) -> tuple[dict[str, object], date]:
        """One attribution read in `read`, with an origin reached through its relays (depth 0-3)."""
        rng = self.rng
        chain = [read]
        while chain[-1].relays and (len(chain) == 1 or rng.random() < 0.8):
            chain.append(self.sources_by_id[rng.choice(chain[-1].relays)])
        origin = chain[-1] if len(chain) > 1 else None
        if origin is not None and origin.publisher and self.actor_type[origin.publisher] != "outlet":
            claimant = origin.publisher
        elif read.level == 0 and read.publisher:
            claimant = read.publisher
        else:
            claimant = rng.choice(self.speakers)
        if read.sentences:
            i = rng.randrange(len(read.sentences))
            original, english = read.sentences[i]
            if rng.random() < 0.6 and i + 1 < len(read.sentences):  # two sentences in a row, as often quoted
                original += " " + read.sentences[i + 1][0]
                english += " " + read.sentences[i + 1][1]
        else:
            original, english = self.sentence(actor=claimant)
        mode = "direct" if origin is None and read.publisher == claimant else "relayed"
        data: dict[str, object] = {"claimant": claimant, "source": read.id}
        if origin is not None:
            data["origin"] = origin.id
        data["mode"] = mode
        data["quote"] = original
        data["translation"] = english
        if rng.random() < 0.4:
            data["note"] = rng.choice([
                "Synthetic note: the article does not say how the claimant knows this.",
                "Synthetic note: the relay names the claimant but not the document; the origin is inferred.",
                "Synthetic note: a machine-translated page; the figure is printed twice with different units."])
        return data, (origin or read).day

    def claims(self) -> None:
        rng, n = self.rng, self.n
        readable = [s for s in self.source_list if s.level >= 1]
        archived = [s for s in readable if s.sentences]
        systems = list(self.system_names)
        ids: list[str] = []
        status_of: list[str] = []
        taken: set[str] = set()
        group_open: list[tuple[str, list[int]]] = []  # disputed figures: (measure, member indexes)
        plans = []
        for i in range(n):
            kind = str(_pick(rng, _KINDS))
            ws = rng.sample(systems, k=rng.choice([0, 1, 1, 1, 2])) if kind not in ("visit", "agreement") else []
            place = rng.choice(self.place_ids) if rng.random() < 0.9 else None
            topic = self.system_names[ws[0]] if ws else "dprk-support"
            where = self.place_names[place] if place else "unplaced"
            rid = self.unique(f"{kind}-{topic}-{where}-{i:05d}", taken)
            ids.append(rid)
            plans.append((kind, ws, place))
        for i, (kind, ws, place) in enumerate(plans):
            rid = ids[i]
            attributions, days = [], []
            used_sources = set()
            wanted = rng.choice([2, 3, 3, 4])
            while len(attributions) < wanted:
                pool = archived if archived and rng.random() < 0.6 else readable
                read = rng.choice(pool)
                if read.id in used_sources:
                    continue
                used_sources.add(read.id)
                item, origin_day = self.attribution(read)
                attributions.append(item)
                days.append(origin_day)
                days.append(read.day)
            report_day = min(days)
            event_value = self._event_date(report_day)
            status = str(_pick(rng, _STATUSES))
            if i < 10 and status in ("superseded", "merged", "withdrawn"):
                status = "reported"
            elif i % 50 in (17, 29, 41):  # a few of each at any N
                status = {17: "withdrawn", 29: "superseded", 41: "merged"}[i % 50]
            # Independence for 'confirmed': two chains with different origins and different claimants.
            keys = [(a.get("origin", a["source"]), a["claimant"]) for a in attributions]
            independent = []
            for key in keys:
                if not any(key[0] == g[0] or key[1] == g[1] for g in independent):
                    independent.append(key)
            if status == "confirmed" and len(independent) < 2:
                status = "corroborated"
            status_info: dict[str, object] = {"value": status}
            relations: list[dict[str, object]] = []
            if status in ("disputed", "denied", "retracted", "withdrawn", "superseded", "merged"):
                status_info["reason"] = {
                    "disputed": "Other claimants give a different account; see the related claims.",
                    "denied": "The party concerned denies it.",
                    "retracted": "The outlet removed the report.",
                    "withdrawn": "Synthetic: recorded by mistake; the source does not support it.",
                    "superseded": "A later claim from the same claimant replaces this one.",
                    "merged": "A duplicate of an earlier record.",
                }[status]
            if status in ("retracted", "withdrawn", "superseded", "merged"):
                status_info["date"] = (report_day + timedelta(days=30)).isoformat()
            if status in ("superseded", "merged"):
                live = [j for j in range(max(0, i - 200), i) if status_of[j] in ("reported", "corroborated")]
                target = ids[rng.choice(live)] if live else None
                if target is None:
                    status_info = {"value": "reported"}
                    status = "reported"
                else:
                    status_info["superseded_by" if status == "superseded" else "merged_into"] = target
            status_of.append(status)
            # Quantities: disputed figures share a measure in small groups that link each other.
            quantities: list[dict[str, object]] = []
            if kind in ("casualties", "deployment", "transfer") and rng.random() < 0.35:
                if group_open and rng.random() < 0.6:
                    measure, members = group_open[-1]
                    for j in members:
                        relations.append({"type": "contradicts", "claim": ids[j],
                                          "note": "Gives a different figure for the same measure."})
                    members.append(i)
                    if len(members) >= rng.choice([2, 3, 4]):
                        group_open.pop()
                else:
                    measure = f"{kind}-{where}-{i:05d}"[:70].strip("-")
                    measure = _slug(measure)
                    group_open.append((measure, [i]))
                quantities.append({
                    "measure": measure, "label": f"{kind.replace('-', ' ').capitalize()} reported around {where}",
                    "value": float(rng.choice([300, 1000, 2700, 3800, 12000])),
                    "unit": "soldiers" if kind != "transfer" else "items",
                    "qualifier": rng.choice(["exactly", "about", "more-than", "up-to"]),
                    "as_of": {"value": report_day.isoformat()[:7]},
                })
            if kind == "denial":
                if i > 0:
                    relations.append({"type": "denies", "claim": ids[rng.randrange(max(0, i - 300), i)]})
                else:
                    kind = "statement"
            elif i > 0 and rng.random() < 0.15:
                target = ids[rng.randrange(max(0, i - 500), i)]
                if all(r["claim"] != target for r in relations):
                    relations.append({"type": rng.choice(["supports", "context", "updates"]), "claim": target})
            grade = (rng.choice([1, 2]) if status == "confirmed" else rng.choice([2, 3, 3, 3, 4, 5, 6]))
            claimant = self.actor_names[attributions[0]["claimant"]]
            what = (f"{', '.join(self.system_names[s] for s in ws)}" if ws else "North Korean support")
            near = self.place_names.get(place, "an unnamed place")
            title = f"{claimant} reports {kind.replace('-', ' ')} of {what} near {near}"
            statement = (f"{claimant} says that {what} was involved in a {kind.replace('-', ' ')} "
                         f"{'near ' + self.place_names[place] if place else 'at an unnamed place'}"
                         f"{', in ' + _MONTHS_EN[report_day.month - 1] + ' ' + str(report_day.year)}. "
                         f"{len(attributions)} attributions trace it through relay chains of one to three documents; "
                         "the claimants do not say how they know it, and none of the figures is independently "
                         "checked. Synthetic benchmark record: the wording, the names and the figures are generated.")
            added = max(report_day + timedelta(days=rng.randint(5, 300)), date(2024, 1, 1))
            reviewed = added + timedelta(days=rng.randint(0, 120))
            data: dict[str, object] = {
                "id": rid, "title": title[:300], "statement": statement, "kind": kind, "weapon_systems": ws,
                "location": ({"place": place, "precision": self.place_kind.get(place, "settlement")}
                             if place else {"place": None, "precision": "unknown"}),
                "event_date": event_value,
                "report_date": {"value": report_day.isoformat()},
                "attributions": attributions,
                "confidence": {
                    "reliability": {"grade": rng.choice("ABCCDDEF"),
                                    "rationale": "Synthetic rationale: who the claimants are and how they would know."},
                    "credibility": {"grade": grade,
                                    "rationale": "Synthetic rationale: how the information fits other reports."},
                },
                "status": status_info,
            }
            if quantities:
                data["quantities"] = quantities
            if relations:
                data["relations"] = relations
            data["added"] = added.isoformat()
            data["reviewed"] = reviewed.isoformat()
            if rng.random() < 0.5:
                data["notes"] = ("Synthetic benchmark note. The article's own wording is conditional (it is said "
                                 "to have been seen there); the figure is not dated and may refer to an earlier "
                                 "period. The relays disagree on the place, and one of them prints the figure "
                                 "twice with different units; see the related claims for the other accounts.")
            self.write("claim", rid, data)
        self.claim_ids = ids

    def _event_date(self, report_day: date) -> dict[str, object] | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.15:
            return None
        day = report_day - timedelta(days=rng.randint(0, 60))
        if roll < 0.45:
            return {"value": day.isoformat()}
        if roll < 0.7:
            return {"value": day.isoformat()[:7]}
        if roll < 0.8:
            return {"value": day.isoformat()[:7] + "~", "inferred": "Not stated; the month before the report."}
        if roll < 0.9:
            return {"value": str(day.year)}
        earlier = day - timedelta(days=rng.randint(30, 200))
        return {"value": f"{earlier.isoformat()[:7]}/{day.isoformat()[:7]}",
                "inferred": "A period: from the first reports to the figure's date."}


def generate_kb(root: Path, claims: int, *, seed: int = 0) -> SyntheticStats:
    """Write a valid synthetic knowledge base of `claims` claims under `root` (created if needed)."""
    from .schema import write_schemas

    root.mkdir(parents=True, exist_ok=True)
    for folder in FOLDERS.values():
        (root / folder).mkdir(exist_ok=True)
    write_schemas(root / "schemas")
    gen = _Generator(root, claims, seed)
    gen.systems()
    gen.places()
    gen.actors()
    gen.sources(max(20, claims // 3))
    gen.write_sources()
    gen.claims()
    return SyntheticStats(claims, len(gen.source_list), gen.archived, len(gen.system_names), len(gen.place_ids),
                          len(gen.actor_ids), gen.bytes)


# --- Measuring -----------------------------------------------------------------------------------------

STEP_MARK = "CLAIMBASE-BENCH-STEP "
NAV_COMPARE_MAX = 5000
"""Above this many claims, the every-claim-in-navigation build runs at COMPARE_AT claims instead: its time
grows with the square of N (627 s at 5,000 claims in an earlier measurement)."""
COMPARE_AT = 1000


@dataclass
class Measured:
    seconds: float
    maxrss_mb: float
    """The largest resident set of the process or of any of its children (wait4's ru_maxrss)."""
    tree_peak_mb: float
    """The largest memory of the process and its descendants together (PSS), sampled every 50 ms."""
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0
    """User and system CPU time of the process and the children it waited for."""


def _tree_rss_kb(pid: int) -> int:
    """The memory of a process and its descendants: the sum of their proportional set sizes (PSS: pages
    shared between forked processes are counted once in all), or of their RSS where PSS is not shown."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            try:
                with open(f"/proc/{p}/smaps_rollup", encoding="ascii", errors="replace") as fh:
                    total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
            except (OSError, StopIteration):
                with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                    total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError, StopIteration):  # the process ended meanwhile
            continue
    return total


def run_measured(cmd: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> Measured:
    """Run a command to its end: wall time, peak memory of its process tree, its output."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(seconds, usage.ru_maxrss / 1024, peak / 1024, proc.returncode,
                        out.read(), err.read(), usage.ru_utime + usage.ru_stime)


def _step_main(argv: list[str]) -> int:
    """In a fresh process: load and check, generate the pages, run MkDocs; print the phase times as JSON."""
    import argparse

    started = time.perf_counter()
    p = argparse.ArgumentParser()
    p.add_argument("--root", type=Path, required=True)
    p.add_argument("--site-dir", type=Path, required=True)
    p.add_argument("--docs-dir", type=Path, required=True)
    p.add_argument("--nav-all-claims", action="store_true")
    args = p.parse_args(argv)
    from .pipeline import load_knowledge_base
    from .site import build

    def rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    imported = time.perf_counter()
    kb = load_knowledge_base(args.root)
    loaded = time.perf_counter()
    generate, phases = build.generate_docs, {"rss_after_load": rss_mb()}

    def timed_generate(*a: object, **k: object) -> object:
        t = time.perf_counter()
        result = generate(*a, **k)
        phases["generate"] = time.perf_counter() - t
        phases["generated_files"] = len(result.written)
        phases["rss_after_generate"] = rss_mb()
        return result

    build.generate_docs = timed_generate
    t = time.perf_counter()
    build.build_kb(kb, args.root, args.site_dir, docs_dir=args.docs_dir, nav_all_claims=args.nav_all_claims)
    build_total = time.perf_counter() - t
    phases.update(imports=imported - started, load=loaded - imported,
                  mkdocs=build_total - phases.get("generate", 0.0), total=time.perf_counter() - started)
    print(STEP_MARK + json.dumps(phases), flush=True)
    return 0


def _python() -> list[str]:
    return [sys.executable]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("SOURCE_DATE_EPOCH", "1735689600")  # the build never asks git of a temporary folder
    return env


def _run_validate(root: Path) -> Measured:
    return run_measured([*_python(), str(REPO / "build_site.py"), "--root", str(root), "validate"], env=_env())


def measure_validate(root: Path) -> Measured:
    m = _run_validate(root)
    if m.returncode != 0:
        raise RuntimeError(f"validate failed on the synthetic knowledge base:\n{m.stdout}\n{m.stderr[-4000:]}")
    return m


def measure_validate_broken(root: Path) -> tuple[Measured, bool]:
    """`validate` with one claim broken (an unknown kind): the time, and whether the error names file:line:col."""
    path = sorted((root / "claims").glob("*.yaml"))[len(list((root / "claims").glob("*.yaml"))) // 2]
    original = path.read_text(encoding="utf-8")
    broken = re.sub(r"^kind: .*$", "kind: not-a-kind", original, count=1, flags=re.MULTILINE)
    line = broken.split("\n").index("kind: not-a-kind") + 1
    path.write_text(broken, encoding="utf-8")
    try:
        m = _run_validate(root)
    finally:
        path.write_text(original, encoding="utf-8")
    located = m.returncode == 1 and f"claims/{path.name}:{line}:7: kind" in m.stderr
    return m, located


def measure_build(root: Path, out: Path, *, nav_all_claims: bool = False) -> tuple[Measured, dict[str, float]]:
    """A cold build in a fresh process: empty docs and site folders."""
    docs, site = out / "docs", out / "site"
    for folder in (docs, site):
        shutil.rmtree(folder, ignore_errors=True)
    cmd = [*_python(), "-m", "claimbase.bench", "_step", "--root", str(root), "--site-dir", str(site),
           "--docs-dir", str(docs)] + (["--nav-all-claims"] if nav_all_claims else [])
    m = run_measured(cmd, env=_env(), cwd=REPO)
    if m.returncode != 0:
        raise RuntimeError(f"the site build failed:\n{m.stdout[-2000:]}\n{m.stderr[-6000:]}")
    line = next(x for x in m.stdout.splitlines() if x.startswith(STEP_MARK))
    return m, json.loads(line[len(STEP_MARK):])


def _tree_bytes(path: Path) -> tuple[int, int]:
    total = count = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            total += os.lstat(os.path.join(dirpath, name)).st_size
            count += 1
    return total, count


def site_sizes(site: Path, root: Path) -> dict[str, float]:
    from . import urls

    claim_pages = []
    claims_dir = site / "claims"
    for path in (root / "claims").glob("*.yaml"):
        page = claims_dir / path.stem / "index.html"
        if page.is_file():
            claim_pages.append(page.stat().st_size)
    site_bytes, files = _tree_bytes(site)
    search = site / "pagefind"  # the full-text index (claimbase/site/search.py): a query loads a few chunks of it
    index_json = site / urls.data_path("claims-index")
    index_page = site / urls.page_path("claims") / "index.html"
    return {
        "site_bytes": site_bytes, "site_files": files,
        "search_index_bytes": _tree_bytes(search)[0] if search.is_dir() else 0,
        "claim_page_median": statistics.median(claim_pages), "claim_page_max": max(claim_pages),
        "claims_index_page": index_page.stat().st_size, "claims_index_json": index_json.stat().st_size,
    }


# --- In the browser ---------------------------------------------------------------------------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextlib.contextmanager
def static_server(site: Path):
    """Serve a built site on 127.0.0.1 at a free port, in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


_INDEX_READY = """
window.__cb = {ready: null};
new MutationObserver(function (records, observer) {
  var count = document.getElementById("cb-count");
  if (count && count.hasAttribute("data-count")) { window.__cb.ready = performance.now(); observer.disconnect(); }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""

_SEARCH_READY = """
window.__cb = {answered: null};
new MutationObserver(function (records, observer) {
  var count = document.getElementById("cb-search-count");
  if (count && / results? for /.test(count.textContent)) {
    window.__cb.answered = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""

_FILTER = """
async ([name, value]) => {
  const form = document.getElementById("cb-filters");
  const field = form.elements[name];
  const tbody = document.querySelector("#cb-claims-table tbody");
  let mutated = null;
  const observer = new MutationObserver(() => { if (mutated === null) { mutated = performance.now(); } });
  observer.observe(tbody, {childList: true});
  const t0 = performance.now();
  field.value = value;
  field.dispatchEvent(new Event(name === "q" ? "input" : "change", {bubbles: true}));
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const painted = performance.now();
  observer.disconnect();
  return {table: (mutated === null ? painted : mutated) - t0, painted: painted - t0,
          count: Number(document.getElementById("cb-count").getAttribute("data-count"))};
}
"""

_QUERY = """
async (query) => {
  const input = document.getElementById("cb-q");
  const form = document.getElementById("cb-search-form");
  const t0 = performance.now();
  input.value = query;
  form.dispatchEvent(new Event("submit", {bubbles: true, cancelable: true}));
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return {ms: performance.now() - t0, text: document.getElementById("cb-search-count").textContent};
}
"""


def _queries(root: Path) -> list[str]:
    """Names a reader would type: a system's alias and designation, a place's French spelling."""
    import yaml

    system = yaml.safe_load(sorted((root / "systems").glob("*.yaml"))[0].read_text(encoding="utf-8"))
    places = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "places").glob("*.yaml"))]
    region = next(p for p in places if p.get("kind") == "region" and p.get("aliases"))
    return [system["aliases"][0]["name"], system["designations"][0], region["aliases"][0]["name"]]


def _has_playwright() -> bool:
    import importlib.util

    return importlib.util.find_spec("playwright") is not None


def measure_browser(site: Path, root: Path, *, repeat: int = 3) -> dict[str, float]:
    """First paint of the claims index, a filter change, a search query, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium); Playwright never downloads one")
    out: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        out.setdefault(key, []).append(float(value))

    queries = _queries(root)
    with static_server(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(repeat):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.add_init_script(_INDEX_READY)
                page.goto(base + "claims/", wait_until="load")
                page.wait_for_function("window.__cb.ready !== null", timeout=60_000)
                # The paint entry can be recorded after the load event: wait for it.
                fcp = page.wait_for_function("(performance.getEntriesByType('paint').find("
                                             "e => e.name === 'first-contentful-paint') || {}).startTime",
                                             timeout=60_000).json_value()
                add("index_fcp_ms", fcp)
                add("index_ready_ms", page.evaluate("window.__cb.ready"))
                page.wait_for_timeout(1000)  # late requests (the theme fetches sitemap.xml after load)
                add("index_download_bytes", page.evaluate(
                    "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                    ".reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0)"))
                add("index_sitemap_bytes", page.evaluate(
                    "performance.getEntriesByType('resource').filter(e => e.name.endsWith('/sitemap.xml'))"
                    ".reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0)"))
                systems = page.evaluate("Array.from(document.querySelectorAll('#cb-filters select[name=system] "
                                        "option')).map(o => o.value).filter(Boolean)")
                places = page.evaluate("Array.from(document.querySelectorAll('#cb-filters select[name=place] "
                                       "option')).map(o => o.value).filter(Boolean)")
                for name, value in (("system", systems[0]), ("place", places[0]), ("kind", "transfer"),
                                    ("status", "all"), ("system", ""), ("q", "near")):
                    result = page.evaluate(_FILTER, [name, value])
                    add("filter_table_ms", result["table"])
                    add("filter_paint_ms", result["painted"])
                context.close()
                for query in queries[:1]:
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    page.add_init_script(_SEARCH_READY)
                    page.goto(base + "search/?q=" + query, wait_until="load")
                    page.wait_for_function("window.__cb.answered !== null", timeout=60_000)
                    add("search_cold_ms", page.evaluate("window.__cb.answered"))
                    for other in queries:
                        add("search_query_ms", page.evaluate(_QUERY, other)["ms"])
                    context.close()
        finally:
            browser.close()
    return {key: statistics.median(values) for key, values in out.items()} | {
        key.replace("_ms", "_max_ms"): max(values) for key, values in out.items() if key.startswith("filter")}


# --- The edit-and-preview loop --------------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 5.0) -> str | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, TimeoutError):
        return None


def measure_edit_loop(root: Path, *, edits: int = 3, startup_timeout: float = 1800.0,
                      log_to: Path | None = None, edit_timeout: float = 600.0) -> dict[str, float]:
    """`build_site.py serve` on `root`: save one claim file, time until the served page shows the change.

    With `log_to`, serve's own output is written there, each line after a save stamped with the seconds
    since that save."""
    import signal

    port = _free_port()
    addr = f"127.0.0.1:{port}"
    claims = sorted(p for p in (root / "claims").glob("*.yaml") if "value: merged" not in p.read_text("utf-8"))
    picks = [claims[(i * 7919) % len(claims)] for i in range(edits)]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        env = _env() | {"PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen([*_python(), str(REPO / "build_site.py"), "--root", str(root), "serve", "--addr", addr],
                                stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO)
        result: dict[str, float] = {}
        try:
            first = f"http://{addr}/claims/{picks[0].stem}/"
            while _get(first) is None:
                if proc.poll() is not None or time.perf_counter() - started > startup_timeout:
                    log.seek(0)
                    raise RuntimeError(f"serve did not start:\n{log.read()[-4000:]}")
                time.sleep(0.2)
            result["serve_startup_s"] = time.perf_counter() - started
            times: list[float] = []
            saves: list[tuple[int, str]] = []  # (size of serve's output when saved, file)
            for i, path in enumerate(picks):
                marker = f"bench edit {i} {int(time.time() * 1000) % 100000}"
                text = path.read_text(encoding="utf-8")
                new = mark_title(text, marker)
                url = f"http://{addr}/claims/{path.stem}/"
                t0 = time.perf_counter()
                saves.append((os.fstat(log.fileno()).st_size, path.name))
                path.write_text(new, encoding="utf-8")
                while True:
                    body = _get(url)
                    if body is not None and marker in body:
                        break
                    if time.perf_counter() - t0 > edit_timeout or proc.poll() is not None:
                        log.seek(0)
                        raise RuntimeError(f"the edited claim never appeared in the preview:\n{log.read()[-4000:]}")
                    time.sleep(0.05)
                times.append(time.perf_counter() - t0)
                time.sleep(2.0)  # let the server settle before the next save
            result["edit_to_preview_s"] = statistics.median(times)
            result["edit_to_preview_max_s"] = max(times)
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.seek(0)
            output = log.read()
        if log_to is not None:
            marked, last = [], 0
            for offset, name in saves:
                marked += [output[last:offset], f"\n[bench] ---- saved claims/{name} ----\n"]
                last = offset
            log_to.write_text("".join(marked) + output[last:], encoding="utf-8")
        regenerated = [float(x) for x in re.findall(r"Generated in ([0-9.]+) s", output)]
        if len(regenerated) > 1:
            result["regenerate_s"] = statistics.median(regenerated[1:])
        changed = [int(x) for x in re.findall(r"([0-9]+) file\(s\) changed", output)]
        if len(changed) > 1:
            result["regenerated_files"] = statistics.median(changed[1:])
        return result


def mark_title(text: str, marker: str) -> str:
    """A record's text with ` <marker>` added at the end of its title, whatever the title's YAML style."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    value = lines[i][len("title:"):].strip()
    if value in (">-", ">", "|-", "|"):
        j = i + 1
        while j + 1 < len(lines) and lines[j + 1].startswith("  "):
            j += 1
        lines[j] += " " + marker
    elif value.startswith('"'):
        lines[i] = "title: " + json.dumps(json.loads(value) + " " + marker, ensure_ascii=False)
    elif value.startswith("'"):
        lines[i] = "title: '" + value[1:-1] + " " + marker + "'"
    else:
        lines[i] = "title: " + value + " " + marker
    return "\n".join(lines)


def copy_real_dataset(dest: Path) -> Path:
    """The repository's records, archive and schemas, copied: serve writes its pages next to them."""
    for folder in (*FOLDERS.values(), "archive", "schemas"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, dest / folder)
    return dest


# --- The benchmark -----------------------------------------------------------------------------------------


@dataclass
class Run:
    n: int
    nav_all: bool
    records: int = 0
    validate: Measured | None = None
    """The median of VALIDATE_RUNS fresh runs (by wall time)."""
    validate_runs: list[float] = field(default_factory=list)
    """The wall time of each of those runs, in the order they ran."""
    validate_broken: Measured | None = None
    located: bool | None = None
    """Whether `validate` named file:line:col of the broken record."""
    build: Measured | None = None
    phases: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, float] = field(default_factory=dict)
    browser: dict[str, float] = field(default_factory=dict)
    edit: dict[str, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.n:,}" + (" nav-all" if self.nav_all else "")


def settle() -> None:
    """Before a timed step: let the kernel write out what the previous step wrote (34 MB of records, or
    a 440 MB site), so that the step is not timed while competing with that writeback."""
    if hasattr(os, "sync"):
        os.sync()
    time.sleep(1.0)


VALIDATE_RUNS = 3
"""`validate` takes a few seconds and a shared machine makes single runs vary by a second or more: it is
run this many times, each in a fresh process, and the median is reported with every run."""


def _run_size(work: Path, n: int, *, nav_all: bool = False, log=print) -> Run:  # noqa: ANN001
    root = work / f"kb-{n}"
    if not (root / "claims").is_dir():
        log(f"[bench] generating {n:,} claims ...")
        generate_kb(root, n)
    run = Run(n, nav_all)
    run.records = sum(1 for folder in FOLDERS.values() for _ in (root / folder).glob("*.yaml"))
    if not nav_all:
        log(f"[bench] validate ({n:,} claims) ...")
        runs = []
        for _ in range(VALIDATE_RUNS):
            settle()
            runs.append(measure_validate(root))
        run.validate_runs = [m.seconds for m in runs]
        run.validate = sorted(runs, key=lambda m: m.seconds)[len(runs) // 2]
        settle()
        run.validate_broken, run.located = measure_validate_broken(root)
    log(f"[bench] cold build ({n:,} claims{', every claim in the navigation' if nav_all else ''}) ...")
    out = work / (f"out-{n}" + ("-nav" if nav_all else ""))
    settle()
    run.build, run.phases = measure_build(root, out, nav_all_claims=nav_all)
    run.sizes = site_sizes(out / "site", root)
    return run


def _fmt_int(x: float | None) -> str:
    return "" if x is None else f"{x:,.0f}"


def _fmt_s(x: float | None) -> str:
    return "" if x is None else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def _fmt_mb(x: float | None) -> str:
    return "" if x is None else f"{x / 1e6:.1f}"


def _fmt_kb(x: float | None) -> str:
    return "" if x is None else f"{x / 1e3:.1f}"


def _fmt_ms(x: float | None) -> str:
    return "" if x is None else f"{x:.0f}"


ROWS: list[tuple[str, object]] = [
    ("records (files)", lambda r: f"{r.records:,}"),
    ("validate, s (fresh `build_site.py validate`, median)",
     lambda r: _fmt_s(r.validate.seconds) if r.validate else "-"),
    ("validate, each run, s", lambda r: " / ".join(_fmt_s(x) for x in r.validate_runs) if r.validate_runs else "-"),
    ("validate CPU, s", lambda r: _fmt_s(r.validate.cpu_seconds) if r.validate else "-"),
    ("validate, one record broken, s", lambda r: (_fmt_s(r.validate_broken.seconds) + (
        " (file:line:col shown)" if r.located else " (NO line number)")) if r.validate_broken else "-"),
    ("build: load + check, s", lambda r: _fmt_s(r.phases.get("load"))),
    ("build: generate pages, s", lambda r: _fmt_s(r.phases.get("generate"))),
    ("build: mkdocs build, s", lambda r: _fmt_s(r.phases.get("mkdocs"))),
    ("full cold build, s (wall)", lambda r: _fmt_s(r.build.seconds)),
    ("full cold build CPU, s", lambda r: _fmt_s(r.build.cpu_seconds)),
    ("peak memory, MB (largest process)", lambda r: f"{r.build.maxrss_mb:.0f}"),
    ("peak memory, MB (all processes, PSS)", lambda r: f"{r.build.tree_peak_mb:.0f}"),
    ("peak memory after load + check, MB", lambda r: _fmt_int(r.phases.get("rss_after_load"))),
    ("peak memory after generate, MB", lambda r: _fmt_int(r.phases.get("rss_after_generate"))),
    ("site size, MB", lambda r: _fmt_mb(r.sizes["site_bytes"])),
    ("site files", lambda r: f"{int(r.sizes['site_files']):,}"),
    ("search index, MB", lambda r: _fmt_mb(r.sizes["search_index_bytes"])),
    ("claim page HTML, median KB", lambda r: _fmt_kb(r.sizes["claim_page_median"])),
    ("claim page HTML, largest KB", lambda r: _fmt_kb(r.sizes["claim_page_max"])),
    ("claims index page HTML, KB", lambda r: _fmt_kb(r.sizes["claims_index_page"])),
    ("claims-index.json, KB", lambda r: _fmt_kb(r.sizes["claims_index_json"])),
    ("index first contentful paint, ms", lambda r: _fmt_ms(r.browser.get("index_fcp_ms"))),
    ("index table filled from JSON, ms", lambda r: _fmt_ms(r.browser.get("index_ready_ms"))),
    ("claims index: all downloads, MB (uncompressed)", lambda r: _fmt_mb(r.browser.get("index_download_bytes"))),
    ("  of which sitemap.xml, MB", lambda r: _fmt_mb(r.browser.get("index_sitemap_bytes"))),
    ("filter change to table updated, ms (median)", lambda r: _fmt_ms(r.browser.get("filter_table_ms"))),
    ("filter change to next frame, ms (worst)", lambda r: _fmt_ms(r.browser.get("filter_paint_max_ms"))),
    ("search: open page to first answer, ms", lambda r: _fmt_ms(r.browser.get("search_cold_ms"))),
    ("search: query to answer, ms", lambda r: _fmt_ms(r.browser.get("search_query_ms"))),
    ("serve: start to first page, s", lambda r: _fmt_s(r.edit.get("serve_startup_s"))),
    ("serve: save one claim to page shown, s", lambda r: _fmt_s(r.edit.get("edit_to_preview_s"))),
    ("serve: regenerate after the save, s", lambda r: _fmt_s(r.edit.get("regenerate_s"))),
]

_RATIO_ROWS = {
    "full cold build, s (wall)": lambda r: r.build.seconds,
    "full cold build CPU, s": lambda r: r.build.cpu_seconds,
    "build: mkdocs build, s": lambda r: r.phases.get("mkdocs"),
    "peak memory, MB (largest process)": lambda r: r.build.maxrss_mb,
    "site size, MB": lambda r: r.sizes["site_bytes"],
    "claim page HTML, median KB": lambda r: r.sizes["claim_page_median"],
    "claim page HTML, largest KB": lambda r: r.sizes["claim_page_max"],
}


TARGETS: list[tuple[str, str, float, object]] = [
    # (what, unit, limit, value from the main run) -- the issue's targets at 10,000 claims on 2 cores
    ("validate", "s", 5.0, lambda r: r.validate.seconds if r.validate else None),
    ("full cold build", "s", 45.0, lambda r: r.build.seconds),
    ("peak memory (all processes)", "MB", 1024.0, lambda r: max(r.build.tree_peak_mb, r.build.maxrss_mb)),
    ("largest claim page", "KB", 40.0, lambda r: r.sizes["claim_page_max"] / 1e3),
    ("claims index first paint", "ms", 1000.0, lambda r: r.browser.get("index_fcp_ms")),
    ("filter change, worst, to next frame", "ms", 200.0, lambda r: r.browser.get("filter_paint_max_ms")),
    ("search index download", "MB", 10.0, lambda r: r.sizes["search_index_bytes"] / 1e6),
    ("search: open page to first answer", "ms", 1000.0, lambda r: r.browser.get("search_cold_ms")),
    ("save one claim to preview", "s", 15.0, lambda r: r.edit.get("edit_to_preview_max_s")),
]


def _search_step():  # noqa: ANN202 - the module
    """benchmarks/search_step.py (issue 11), its table lines and targets added once to ROWS and TARGETS."""
    from benchmarks import search_step

    for mine, ours in ((search_step.ROWS, ROWS), (search_step.TARGETS, TARGETS)):
        ours.extend(line for line in mine if line not in ours)
    return search_step


def check_targets(run: Run, exp: float | None, real: dict[str, float]) -> list[str]:
    """One line per target: the figure, the limit, pass or fail."""
    lines = []
    if run.located is not None:
        lines.append(f"{'pass' if run.located else 'FAIL'}  validate names file:line:col of a broken record")
    for name, unit, limit, get in TARGETS:
        value = get(run)  # type: ignore[operator]
        if value is None:
            continue
        verdict = "pass" if value <= limit else "FAIL"
        lines.append(f"{verdict}  {name}: {value:,.1f} {unit} (target <= {limit:,.0f} {unit})")
    if exp is not None:
        lines.append(f"{'pass' if exp <= 1.15 else 'FAIL'}  build time exponent: {exp:.2f} (target: linear, ~1)")
    if real.get("edit_to_preview_max_s") is not None:
        value = real["edit_to_preview_max_s"]
        lines.append(f"{'pass' if value <= 5 else 'FAIL'}  save one claim to preview, real dataset: {value:.1f} s "
                     "(target <= 5 s)")
    return lines


def exponent(points: list[tuple[int, float]]) -> float | None:
    """The least-squares slope of log(time) against log(N): 1 is linear, 2 quadratic."""
    pts = [(math.log(n), math.log(t)) for n, t in points if t > 0]
    if len(pts) < 2:
        return None
    mx, my = statistics.fmean(x for x, _ in pts), statistics.fmean(y for _, y in pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def format_table(runs: list[Run], ratio: tuple[Run, Run] | None) -> str:
    header = ["claims"] + [r.label for r in runs] + (["nav-all / ours"] if ratio else [])
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    for name, fn in ROWS:
        cells = [fn(r) for r in runs]  # type: ignore[operator]
        if not any(c not in ("", "-") for c in cells):
            continue
        row = [name] + cells
        if ratio:
            get = _RATIO_ROWS.get(name)
            ours, nav = ratio
            a, b = (get(ours), get(nav)) if get else (None, None)
            row.append(f"{b / a:.1f}x" if a and b else "")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, IndexError, ValueError):
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs ({model}){mem}; Python {sys.version.split()[0]}; "
            f"load average before the run {load}")


def run_benchmark(claims: int, compare_nav: bool = True, sizes: list[int] | None = None, *,
                  browser: bool = True, edit: bool = True, real_edit: bool = True, nav_at: int | None = None,
                  keep: Path | None = None, log=print) -> dict[str, object]:  # noqa: ANN001
    """Generate N claims, measure the pipeline, print one table; return the figures.

    The every-claim-in-the-navigation build runs at N up to NAV_COMPARE_MAX claims, else at COMPARE_AT;
    `nav_at` chooses another size (it grows with the square of N: expect about 10 minutes at 5,000)."""
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="claimbase-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"[bench] {machine()}")
    log(f"[bench] working in {work}")
    _search_step()
    started = time.perf_counter()
    try:
        runs: dict[int, Run] = {}
        for n in sorted({claims, *(sizes or [])}):
            runs[n] = _run_size(work, n, log=log)
            if n == claims:
                settle()
                if browser and chromium_path() and not _has_playwright():
                    log("[bench] Playwright is not installed (pip install -r requirements-dev.txt): "
                        "browser figures skipped")
                elif browser and chromium_path():
                    log("[bench] headless Chromium: claims index and search ...")
                    runs[n].browser = measure_browser(work / f"out-{n}" / "site", work / f"kb-{n}")
                    log("[bench] full-text search: index time, first query (benchmarks/search_step.py) ...")
                    runs[n].browser |= _search_step().measure(work / f"out-{n}" / "site", work / f"kb-{n}",
                                                              queries=20 if n >= 1000 else 3)
                elif browser:
                    log("[bench] chromium not found: browser figures skipped")
                if edit:
                    log("[bench] serve: edit one claim, wait for the preview ...")
                    runs[n].edit = measure_edit_loop(work / f"kb-{n}", log_to=work / f"serve-{n}.log")
            if n != claims and not keep:
                shutil.rmtree(work / f"out-{n}", ignore_errors=True)
        ratio = None
        nav_run = None
        if compare_nav:
            at = nav_at or (claims if claims <= NAV_COMPARE_MAX else COMPARE_AT)
            if at not in runs:
                runs[at] = _run_size(work, at, log=log)
            nav_run = _run_size(work, at, nav_all=True, log=log)
            ratio = (runs[at], nav_run)
        real: dict[str, float] = {}
        if edit and real_edit and (REPO / "claims").is_dir():
            log("[bench] serve on the real dataset: edit one claim ...")
            real_root = copy_real_dataset(work / "real")
            real = measure_edit_loop(real_root)
        ordered = [runs[n] for n in sorted(runs)] + ([nav_run] if nav_run else [])
        table = format_table(ordered, ratio)
        points = [(n, r.build.seconds) for n, r in runs.items() if 1000 <= n <= 10000 and r.build]
        cpu_points = [(n, r.build.cpu_seconds) for n, r in runs.items() if 1000 <= n <= 10000 and r.build]
        validate_points = [(n, r.validate.seconds) for n, r in runs.items() if 1000 <= n <= 10000 and r.validate]
        exp, exp_cpu, exp_validate = exponent(points), exponent(cpu_points), exponent(validate_points)
        log("")
        log(table)
        log("")
        if exp is not None:
            log(f"Time exponent, full cold build, N = {min(n for n, _ in points):,} to {max(n for n, _ in points):,}: "
                f"{exp:.2f} (wall), {exp_cpu:.2f} (CPU); validate: {exp_validate:.2f}")
        main = runs[claims]
        targets = check_targets(main, exp if len(points) > 1 else None, real)
        log(f"Targets (the issue's, for 10,000 claims; checked here at {claims:,}):")
        for line in targets:
            log("  " + line)
        if real:
            log(f"Real dataset (copied from the repository): serve starts in {real.get('serve_startup_s', 0):.1f} s; "
                f"save one claim to page shown {real.get('edit_to_preview_s', 0):.2f} s "
                f"(regenerate {real.get('regenerate_s', 0):.2f} s)")
        log(f"[bench] {machine().split('; ')[0]}; load average after the run "
            f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}; took {time.perf_counter() - started:.0f} s")
        return {"runs": ordered, "table": table, "targets": targets, "exponent": exp, "exponent_cpu": exp_cpu,
                "exponent_validate": exp_validate, "real_edit": real}
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_step":
        raise SystemExit(_step_main(sys.argv[2:]))
    raise SystemExit("usage: python build_site.py bench --claims N [--sizes N ...] [--no-nav-compare]")
