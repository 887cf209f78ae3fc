"""The synthetic knowledge base: N records of realistic shape, written as contributors write them.

Claims with 2-4 attributions whose quotes really appear in archived texts, relay chains of depth 1-3,
sources, weapon systems, places, actors, disputed figures, withdrawn/superseded/merged claims. All
synthetic text is made of generated words and marked as synthetic; nothing in it is a real report.
"""

from __future__ import annotations

import json
import random
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from claimbase import method, provenance
from claimbase.layout import FOLDERS, schema_line

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
        self.actor_countries: dict[str, list[str | None]] = {}
        self.actor_body: dict[str, str | None] = {}
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
            # For the grading method and the independence rule (method.py, provenance.py).
            parent = data.get("affiliation")
            self.actor_countries[rid] = [data["country"], *self.actor_countries.get(parent, [])]
            self.actor_body[rid] = self.actor_body.get(parent, parent) if parent else rid
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
        self.source_relays = {s.id: s.relays for s in self.source_list}

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
        self.last_chain = [s.id for s in chain]
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
            attributions, days, chains = [], [], []
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
                chains.append(self.last_chain)
                days.append(origin_day)
                days.append(read.day)
            report_day = min(days)
            event_value = self._event_date(report_day)
            status = str(_pick(rng, _STATUSES))
            if i < 10 and status in ("superseded", "merged", "withdrawn"):
                status = "reported"
            elif i % 50 in (17, 29, 41):  # a few of each at any N
                status = {17: "withdrawn", 29: "superseded", 41: "merged"}[i % 50]
            # Independence for 'confirmed' and 'corroborated': lines of reporting, as provenance.py counts them.
            lines = provenance.plain_lines(attributions, chains, self.actor_body, self.source_relays)
            if status in ("confirmed", "corroborated") and lines < 2:
                status = "reported"
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
                    "qualifier": rng.choice(["count", "estimate", "about", "more-than", "up-to"]),
                    "as_of": {"value": report_day.isoformat()[:7]},
                })
            if kind == "denial":
                # A claim that a live denial denies is denied or disputed (method.py): deny one of those.
                answered = [j for j in range(max(0, i - 300), i) if status_of[j] in ("denied", "disputed")]
                if answered:
                    relations.append({"type": "denies", "claim": ids[rng.choice(answered)]})
                else:
                    kind = "statement"
            elif i > 0 and rng.random() < 0.15:
                target = ids[rng.randrange(max(0, i - 500), i)]
                if all(r["claim"] != target for r in relations):
                    relations.append({"type": rng.choice(["supports", "context", "updates"]), "claim": target})
            grade = 1 if status == "confirmed" else rng.choice([2, 3, 3, 3, 4, 5, 6])
            first = attributions[0]["claimant"]
            reliability = method.fit_reliability(rng.choice("ABCCDDEF"), self.actor_type[first],
                                                 self.actor_countries[first])
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
                    "reliability": {"grade": reliability,
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
    from claimbase.schema import write_schemas

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
