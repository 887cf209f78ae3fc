"""Link: index the loaded records by kind and id, and derive the relations between them.

Derived relations (which claims cite a source, which sources relay it, which claims name a weapon
system) live here, read-only, and are never written back into the records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import reading
from .layout import FOLDERS, Layout
from .load import Loaded
from .models import Actor, Claim, Place, Source, Status, WeaponSystem

MAX_ARCHIVE_BYTES = reading.ARCHIVE_BYTES
LIVE_STATUSES = frozenset(s for s in Status if s not in (Status.withdrawn, Status.merged))


@dataclass
class KnowledgeBase:
    """All records of one knowledge base, by kind and id, with derived back-links."""

    layout: Layout
    records: dict[str, dict[str, Loaded]] = field(default_factory=dict)
    on_disk: dict[str, set[str]] = field(default_factory=dict)
    """Ids of the record files present, by kind, whether they loaded or not."""
    invalid: dict[str, set[str]] = field(default_factory=dict)
    """Ids of record files that exist but did not load: references to them are not reported twice."""
    merged: dict[str, dict[str, Loaded]] = field(default_factory=dict)
    """Tombstones, by kind and id: records renamed or merged into another (`models.Mergeable`). They are
    kept out of `records`, so no page, index or export lists them; their URLs redirect to the successor."""

    _archive_cache: dict[str, str | None] = field(default_factory=dict, repr=False)
    _chain_cache: dict[tuple[str, str | None], tuple[str, ...]] = field(default_factory=dict, repr=False)
    _lines_cache: dict[str, tuple[object, list]] = field(default_factory=dict, repr=False)
    """Claim id -> (the claim, its lines of reporting): see `provenance.claim_lines`."""
    _names_cache: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict, repr=False)
    """(kind, id) -> every name of the record: see `site.views.record_names`."""

    @classmethod
    def from_records(cls, layout: Layout, loaded: list[Loaded],
                     on_disk: dict[str, set[str]] | None = None) -> KnowledgeBase:
        kb = cls(layout, {kind: {} for kind in FOLDERS}, merged={kind: {} for kind in FOLDERS})
        for record in loaded:
            if record.id in kb.records[record.kind] or record.id in kb.merged[record.kind]:
                continue
            if getattr(record.model, "merged_into", None) is not None:
                kb.merged[record.kind][record.id] = record
            else:
                kb.records[record.kind][record.id] = record
        kb.on_disk = {kind: set(ids) for kind, ids in (on_disk or {}).items()}
        kb.invalid = {kind: set(ids) - set(kb.records[kind]) - set(kb.merged[kind])
                      for kind, ids in kb.on_disk.items()}
        return kb

    # --- typed access ----------------------------------------------------------------------

    @cached_property
    def claims(self) -> dict[str, Claim]:
        return {k: r.model for k, r in self.records["claim"].items()}

    @cached_property
    def sources(self) -> dict[str, Source]:
        return {k: r.model for k, r in self.records["source"].items()}

    @cached_property
    def systems(self) -> dict[str, WeaponSystem]:
        return {k: r.model for k, r in self.records["system"].items()}

    @cached_property
    def places(self) -> dict[str, Place]:
        return {k: r.model for k, r in self.records["place"].items()}

    @cached_property
    def actors(self) -> dict[str, Actor]:
        return {k: r.model for k, r in self.records["actor"].items()}

    def get(self, kind: str, record_id: str | None):  # noqa: ANN201 - returns the kind's model
        if record_id is None:
            return None
        loaded = self.records[kind].get(record_id)
        return loaded.model if loaded else None

    def all(self) -> Iterator[Loaded]:
        for by_id in self.records.values():
            yield from by_id.values()

    def successor(self, kind: str, record_id: str) -> str | None:
        """The id a tombstone was renamed or merged into, or None when `record_id` is no tombstone."""
        loaded = self.merged.get(kind, {}).get(record_id)
        return loaded.model.merged_into if loaded else None

    def archived_text(self, source: Source) -> str | None:
        """The verbatim text we hold for a source, read once per run; None when there is none or it
        cannot be read."""
        if source.archived_text is None:
            return None
        if source.id not in self._archive_cache:
            self._archive_cache[source.id] = self._read_archive(source)
        return self._archive_cache[source.id]

    def _read_archive(self, source: Source) -> str | None:
        assert source.archived_text is not None
        path: Path = self.layout.root / source.archived_text
        # A symbolic link could point anywhere on the machine that builds the site: never follow one.
        try:
            return reading.read_text(path, MAX_ARCHIVE_BYTES)
        except reading.Unreadable:
            return None

    # --- derived relations -------------------------------------------------------------------

    @cached_property
    def claims_by_system(self) -> dict[str, list[str]]:
        return self._index(lambda c: c.weapon_systems)

    @cached_property
    def claims_by_place(self) -> dict[str, list[str]]:
        """Claims at a place, including places inside it (a town's claims appear on its region)."""
        out: dict[str, list[str]] = defaultdict(list)
        for cid, claim in self.claims.items():
            seen = set()
            place_id = claim.location.place
            while place_id and place_id not in seen:
                seen.add(place_id)
                out[place_id].append(cid)
                place = self.get("place", place_id)
                place_id = place.admin_region if place else None
        return dict(out)

    @cached_property
    def claims_by_actor(self) -> dict[str, list[str]]:
        return self._index(lambda c: [a.claimant for a in c.attributions])

    @cached_property
    def claims_by_source(self) -> dict[str, list[str]]:
        """Claims read in a source, or whose attribution chain passes through it."""
        def sources(claim: Claim) -> list[str]:
            ids = []
            for attribution in claim.attributions:
                ids.extend(self.chain(attribution.source, attribution.origin))
            return ids
        return self._index(sources)

    def claims_by(self, kind: str) -> dict[str, list[str]]:
        """Record id -> the claims that name it, for a weapon system, place, actor or source."""
        return {"system": self.claims_by_system, "place": self.claims_by_place,
                "actor": self.claims_by_actor, "source": self.claims_by_source}[kind]

    @cached_property
    def relayed_by(self) -> dict[str, list[str]]:
        """Source id -> ids of the sources that relay it."""
        out: dict[str, list[str]] = defaultdict(list)
        for sid, source in self.sources.items():
            for relayed in source.relays:
                out[relayed].append(sid)
        return dict(out)

    @cached_property
    def published_by(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for sid, source in self.sources.items():
            if source.publisher:
                out[source.publisher].append(sid)
        return dict(out)

    @cached_property
    def related_from(self) -> dict[str, list[tuple[str, str]]]:
        """Claim id -> (relation type, claim id) of the claims whose relations point at it."""
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for cid, claim in self.claims.items():
            for relation in claim.relations:
                out[relation.claim].append((relation.type.value, cid))
        return dict(out)

    def _index(self, keys) -> dict[str, list[str]]:  # noqa: ANN001
        out: dict[str, list[str]] = defaultdict(list)
        for cid, claim in self.claims.items():
            for key in dict.fromkeys(keys(claim)):
                out[key].append(cid)
        return dict(out)

    def chain(self, source_id: str, origin_id: str | None) -> list[str]:
        """The relay path from the source we read to the origin: [source, relay, ..., origin].

        Without an origin, the chain is the source alone. When the origin cannot be reached
        through `relays`, the path stops at the source (the check `origin-reachable` reports it).
        Worked out once per pair: records do not change during a run.
        """
        if origin_id is None or origin_id == source_id:
            return [source_id]
        key = (source_id, origin_id)
        if key not in self._chain_cache:
            self._chain_cache[key] = tuple(self._find_chain(source_id, origin_id))
        return list(self._chain_cache[key])

    def _find_chain(self, source_id: str, origin_id: str) -> list[str]:
        # Breadth-first search over relays; records are few per chain.
        previous: dict[str, str | None] = {source_id: None}
        queue = [source_id]
        while queue:
            current = queue.pop(0)
            source = self.get("source", current)
            for nxt in source.relays if source else []:
                if nxt in previous:
                    continue
                previous[nxt] = current
                if nxt == origin_id:
                    path = [nxt]
                    while previous[path[-1]] is not None:
                        path.append(previous[path[-1]])  # type: ignore[arg-type]
                    return list(reversed(path))
                queue.append(nxt)
        return [source_id]

    def origin_of(self, source_id: str, origin_id: str | None) -> str:
        """Where an attribution's chain starts: the document the assertion first appeared in."""
        return self.chain(source_id, origin_id)[-1]
