"""Generate every page and data file of the site into a docs folder that MkDocs then builds.

Each page is a Markdown file holding JSON-quoted front matter and one raw HTML block rendered by
`render.Renderer`. Files are written only when their content changed; files that no longer belong
to a record are removed.
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from .. import urls
from ..checks import CHECKS
from ..dates import parse_edtf
from ..kb import KnowledgeBase
from ..layout import FOLDERS
from ..models import Claim, Status
from . import cite, data, mapsvg, search, views, vocab
from .feed import atom_feed
from .render import Links, Renderer, markdown_page, safe_href
from .writer import TreeWriter

ASSETS = Path(__file__).parent / "assets"
LIST_LIMIT = 100
"""Claims listed on a record page or server-rendered on the claims index; the rest is one link away."""
TIMELINE_LIMIT = 500
DISPUTED_LIMIT = 50
"""Figures shown per measure on the disputed-figures page: the most recent ones."""
RECENT_LIMIT = 10

PLACEHOLDER = "<!-- claimbase:{} -->"


@dataclass(frozen=True)
class SiteSettings:
    """What the pages need to know about where the site lives (from mkdocs.yml and the environment)."""

    site_name: str = "DPRK → Russia claims"
    site_url: str = "http://127.0.0.1:8000/"
    repo_url: str | None = None
    repo_branch: str = "main"


@dataclass
class PageMemo:
    """What a live preview keeps between runs, so a save makes again only what it changed.

    Each claim has a key: the settings and the record files its page is made from (their times and
    sizes); these are the claim's file and those of the claims, weapon systems, places, actors and
    sources its page names. While the key stays the same, its page is not made again and the pieces of
    the data files made for it are reused (`data.Parts`). Record pages have keys of the same kind.
    Only `serve` keeps a memo; `build` always makes every page.
    """

    claims: dict[str, tuple[tuple, dict[str, object]]] = field(default_factory=dict)
    """Claim id -> (key, the parts made for it under that key)."""
    pages: dict[str, tuple] = field(default_factory=dict)
    """Record page path -> the key it was made under."""
    made: int = 0
    reused: int = 0
    made_paths: list[str] = field(default_factory=list)
    """Pages made (not reused) since the memo was created or this list was last cleared."""
    files: dict[str, tuple[int, int]] = field(default_factory=dict)
    """What was last written to each generated file (hash, size), so it need not be read back."""
    runs: int = 0

    def count_made(self, path: str) -> None:
        self.made += 1
        self.made_paths.append(path)


@dataclass
class GenerateResult:
    written: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    claim_pages: list[str] = field(default_factory=list)
    """Markdown paths of claim pages (for builds that put every claim in the navigation)."""


def _title(text: str) -> str:
    return html.escape(text, quote=True)


class SiteGenerator:
    """Renders the pages of one knowledge base with one settings object and one Jinja environment."""

    def __init__(self, kb: KnowledgeBase, settings: SiteSettings, hand_docs: Path | None,
                 workers: int | None = None, memo: PageMemo | None = None) -> None:
        self.kb = kb
        self.workers = workers
        self.memo = memo
        self._stamps: dict[tuple[str, str], tuple[int, int] | None] | None = None
        self.s = settings
        self.hand_docs = hand_docs
        self.renderer = Renderer({
            "vocab": vocab, "urls": urls, "site": settings, "kb": kb, "views": views,
            "record_name": lambda kind, rid: views.record_name(kb, kind, rid),
            "human_date": lambda v: parse_edtf(v).human() if v else "",
            "precision_of": lambda v: parse_edtf(v).precision if v else "",
            "zip": zip, "folders": FOLDERS, "search": search,
        })
        self.supersedes = views.superseded_index(kb)
        self.parts: data.Parts = {}
        """Pieces made for each claim in this run (or kept by the memo); see `data.Parts`."""
        self._rows: dict[tuple[str, int], Markup] = {}
        self.renderer.add_global("claim_row", self.claim_row)
        self.repo = safe_href(settings.repo_url.rstrip("/")) if settings.repo_url else None

    # --- helpers ---------------------------------------------------------------------------------

    def render_page(self, path: str, template: str, title: str, *, description: str | None = None,
                    noindex: bool = False, **context: object) -> tuple[str, str]:
        body = self.renderer.render(template, links=Links(path), page_path=path, **context)
        front: dict[str, object] = {"title": _title(title)}
        if description:
            front["description"] = _title(description[:300])
        if noindex:
            front["robots"] = "noindex"
        front["hide"] = ["toc"]
        return urls.page_source(path), markdown_page(front, body)

    def claim_row(self, claim: Claim, links: Links) -> Markup:
        """One row of a claims table, rendered once per claim and page depth.

        The row's links are written from a neutral page of the same depth ("../../claims/x/"), so the
        same row is right on every page at that depth, whatever its section.
        """
        depth = links.page.count("/")
        row = self._rows.get((claim.id, depth))
        if row is None:
            neutral = Links("-/" * depth)
            row = Markup(self.renderer.render("claim_row.html", c=claim, links=neutral).strip())  # noqa: S704
            self._rows[(claim.id, depth)] = row
        return row

    def claim_rows(self, ids: list[str]) -> list[object]:
        return [self.kb.claims[cid] for cid in ids]

    def edit_url(self, kind: str, record_id: str) -> str | None:
        if not self.repo:
            return None
        return f"{self.repo}/edit/{self.s.repo_branch}/{FOLDERS[kind]}/{record_id}.yaml"

    def report_url(self, kind: str, record_id: str, title: str) -> str | None:
        if not self.repo:
            return None
        page = urls.absolute(self.s.site_url, urls.record_path(kind, record_id))
        return self.repo + "/issues/new" + urls.with_query(
            "", title=f"Problem with {kind} {record_id}", body=f"Page: {page}\nRecord: {FOLDERS[kind]}/"
            f"{record_id}.yaml\n\nWhat is wrong:\n")

    # --- pages -----------------------------------------------------------------------------------

    def _stamp(self, kind: str, rid: str) -> tuple[int, int] | None:
        if self._stamps is None:
            self._stamps = {}
            root = str(self.kb.layout.root)
            for k, by_id in self.kb.records.items():
                for r, loaded in by_id.items():
                    try:
                        st = os.stat(os.path.join(root, loaded.file))
                        self._stamps[(k, r)] = (st.st_mtime_ns, st.st_size)
                    except OSError:
                        self._stamps[(k, r)] = None
        return self._stamps.get((kind, rid))

    def claim_sources(self, cid: str) -> list[tuple[str, str]]:
        """The records a claim page is made from (see `PageMemo`)."""
        kb, c = self.kb, self.kb.claims[cid]
        deps = [("claim", cid)] + [("claim", r.claim) for r in c.relations]
        deps += [("claim", other) for _, other in kb.related_from.get(cid, [])]
        deps += [("claim", other) for other in self.supersedes.get(cid, [])]
        deps += [("claim", x) for x in (c.status.superseded_by, c.status.merged_into) if x]
        deps += [("system", s) for s in c.weapon_systems]
        deps += [("place", p) for p in views.place_chain(kb, c.location.place)]
        for a in c.attributions:
            deps.append(("actor", a.claimant))
            for sid in kb.chain(a.source, a.origin):
                deps.append(("source", sid))
                source = kb.sources.get(sid)
                if source and source.publisher:
                    deps.append(("actor", source.publisher))
        return deps

    def claim_key(self, cid: str) -> tuple:
        """What a claim's page and data are made from: see `PageMemo`."""
        deps = self.claim_sources(cid)
        return (self.s, tuple(deps), tuple(self._stamp(*d) for d in deps))

    def use_memo(self, ids: list[str]) -> None:
        """Take from the memo the parts of every claim whose key has not changed; forget the others."""
        assert self.memo is not None
        kept = {}
        for cid in ids:
            key = self.claim_key(cid)
            hit = self.memo.claims.get(cid)
            kept[cid] = hit if hit is not None and hit[0] == key else (key, {})
            self.parts[cid] = kept[cid][1]
        self.memo.claims = kept

    def write_claim_page(self, writer: TreeWriter, cid: str) -> None:
        parts = self.parts.setdefault(cid, {})
        path = urls.claim_path(cid)
        if self.memo is not None and parts.get("page") and writer.keep(urls.page_source(path)):
            self.memo.reused += 1
            return
        writer.write(*self._claim_page(cid))
        parts["page"] = True
        if self.memo is not None:
            self.memo.count_made(path)

    def _claim_page(self, cid: str) -> tuple[str, str]:
        kb, c = self.kb, self.kb.claims[cid]
        view = views.ClaimView(kb, c, supersedes=self.supersedes.get(cid))
        path = urls.claim_path(cid)
        permalink = urls.absolute(self.s.site_url, path)
        citation = cite.cite_claim(c, permalink, self.s.site_name)
        claimants = []
        for a in c.attributions:
            actor = kb.actors.get(a.claimant)
            item = (actor.name if actor else a.claimant, actor.type.value if actor else "organisation")
            if item not in claimants:
                claimants.append(item)
        appearances, first = [], None
        for a in view.attributions:
            read = a.links[-1]
            appearance = (read.title, safe_href(read.url))
            if appearance not in appearances:
                appearances.append(appearance)
            if first is None and len(a.links) > 1:
                first = (a.links[0].title, safe_href(a.links[0].url))
        rating = (f"Source reliability {c.confidence.reliability.grade.value} "
                  f"({vocab.RELIABILITY[c.confidence.reliability.grade.value]}); information credibility "
                  f"{c.confidence.credibility.grade} ({vocab.CREDIBILITY[c.confidence.credibility.grade]})")
        jsonld = cite.claim_review(c, permalink, self.s.site_name, self.s.site_url, claimants, appearances,
                                   first, rating)
        return self.render_page(
            path, "claim.html", c.title, description=c.statement, noindex=view.is_withdrawn,
            c=c, view=view, citation=citation, jsonld=jsonld,
            edit_url=self.edit_url("claim", cid), report_url=self.report_url("claim", cid, c.title),
        )

    def redirect_page(self, cid: str) -> tuple[str, str]:
        """A merged duplicate: a static page at its URL that sends readers to the surviving claim."""
        c = self.kb.claims[cid]
        target = c.status.merged_into
        path = urls.claim_path(cid)
        body = self.renderer.render(
            "redirect.html", links=Links(path), c=c, target=target,
            target_title=views.record_name(self.kb, "claim", target),
            canonical=urls.absolute(self.s.site_url, urls.claim_path(target)))
        return path + "index.html", body

    @cached_property
    def rank(self) -> dict[str, int]:
        """Claim id -> position in the one order every listing uses (newest report first)."""
        return {cid: i for i, cid in enumerate(views.recent_first(self.kb))}

    @cached_property
    def listed(self) -> set[str]:
        """Claims shown in listings: not withdrawn, superseded or merged."""
        return {cid for cid, c in self.kb.claims.items() if c.status.value.value in views.LISTED_STATUSES}

    @cached_property
    def children(self) -> dict[str, dict[str, list[str]]]:
        """Places inside each place, and actors affiliated with each actor."""
        kb = self.kb
        out: dict[str, dict[str, list[str]]] = {"place": defaultdict(list), "actor": defaultdict(list)}
        for pid in sorted(kb.places, key=lambda p: kb.places[p].name):
            if kb.places[pid].admin_region:
                out["place"][kb.places[pid].admin_region].append(pid)
        for aid in sorted(kb.actors):
            if kb.actors[aid].affiliation:
                out["actor"][kb.actors[aid].affiliation].append(aid)
        return out

    def record_page(self, kind: str, rid: str, writer: TreeWriter | None = None) -> tuple[str, str] | None:
        """The page of a weapon system, place, actor or source; None when the memo shows that the page
        `writer` wrote in an earlier run is still right (it is then kept)."""
        kb = self.kb
        claim_ids = kb.claims_by(kind).get(rid, [])
        ordered = sorted((cid for cid in claim_ids if cid in self.listed), key=self.rank.__getitem__)
        extra: dict[str, object] = {}
        related: list[tuple[str, str]] = []  # the other records the page names
        if kind == "place":
            extra["inside"] = self.children["place"].get(rid, [])
            extra["regions"] = views.place_chain(kb, rid)[1:]
            related += [("place", p) for p in (*extra["inside"], *extra["regions"])]
        if kind == "source":
            extra["relayed_by"] = sorted(kb.relayed_by.get(rid, []))
            related += [("source", s) for s in (*extra["relayed_by"], *kb.sources[rid].relays)]
            related += [("actor", kb.sources[s].publisher) for s in extra["relayed_by"] if kb.sources[s].publisher]
            if kb.sources[rid].publisher:
                related.append(("actor", kb.sources[rid].publisher))
        if kind == "actor":
            extra["published"] = sorted(kb.published_by.get(rid, []))[:LIST_LIMIT]
            extra["published_total"] = len(kb.published_by.get(rid, []))
            extra["members"] = self.children["actor"].get(rid, [])
            related += [("source", s) for s in extra["published"]] + [("actor", a) for a in extra["members"]]
            if kb.actors[rid].affiliation:
                related.append(("actor", kb.actors[rid].affiliation))
        listed = ordered[:LIST_LIMIT]
        path = urls.record_path(kind, rid)
        key = None
        if self.memo is not None:
            deps = [(kind, rid), *related]
            for cid in listed:
                c = kb.claims[cid]
                deps.append(("claim", cid))
                deps += [("system", s) for s in c.weapon_systems]
                if c.location.place:
                    deps.append(("place", c.location.place))
            key = (self.s, len(ordered), tuple(deps), tuple(self._stamp(*d) for d in deps))
            if self.memo.pages.get(path) == key and writer is not None and writer.keep(urls.page_source(path)):
                self.memo.reused += 1
                return None
        name = views.record_name(kb, kind, rid)
        out = self.render_page(
            path, f"record_{kind}.html", name,
            r=kb.get(kind, rid), kind=kind, rid=rid, claims=self.claim_rows(listed), claims_total=len(ordered),
            filter_key=kind, edit_url=self.edit_url(kind, rid), report_url=self.report_url(kind, rid, name),
            **extra)
        if self.memo is not None:
            self.memo.pages[path] = key
            self.memo.count_made(path)
        return out

    def listing_page(self, kind: str, title: str) -> tuple[str, str]:
        kb = self.kb
        by = kb.claims_by(kind)
        rows = sorted(kb.records[kind], key=lambda rid: views.record_name(kb, kind, rid).casefold())
        counts = {rid: len(by.get(rid, [])) for rid in rows}
        return self.render_page(urls.index_path(kind), "listing.html", title, kind=kind, rows=rows,
                                counts=counts)

    def claims_index_page(self) -> tuple[str, str]:
        kb = self.kb
        listed = [cid for cid in views.recent_first(kb) if kb.claims[cid].status.value.value in views.LISTED_STATUSES]
        return self.render_page(
            urls.page_path("claims"), "claims_index.html", "Claims",
            claims=self.claim_rows(listed[:LIST_LIMIT]), listed_total=len(listed), total=len(kb.claims))

    def disputed_page(self) -> tuple[str, str]:
        kb = self.kb
        groups: dict[str, list[tuple[str, object]]] = defaultdict(list)
        for cid in sorted(kb.claims):
            c = kb.claims[cid]
            if c.status.value in (Status.merged, Status.withdrawn):
                continue
            for q in c.quantities:
                groups[q.measure].append((cid, q))
        disputed = []
        for measure in sorted(groups):
            items = groups[measure]
            if len({cid for cid, _ in items}) < 2:
                continue
            figures = {views.format_quantity(q) for _, q in items}
            items.sort(key=lambda item: (
                parse_edtf(item[1].as_of.value).earliest.isoformat() if item[1].as_of else
                parse_edtf(kb.claims[item[0]].report_date.value).earliest.isoformat(), item[0]))
            disputed.append((measure, items[0][1].label, items[-DISPUTED_LIMIT:], len(figures) > 1, len(items)))
        return self.render_page(urls.page_path("disputed"), "disputed.html", "Disputed figures", groups=disputed)

    def timeline_page(self) -> tuple[str, str]:
        kb = self.kb
        dated = [cid for cid, c in kb.claims.items()
                 if c.event_date and c.status.value.value in views.LISTED_STATUSES]
        dated.sort(key=lambda cid: (parse_edtf(kb.claims[cid].event_date.value).earliest,
                                    parse_edtf(kb.claims[cid].event_date.value).latest, cid), reverse=True)
        undated = sum(1 for c in kb.claims.values()
                      if not c.event_date and c.status.value.value in views.LISTED_STATUSES)
        shown = dated[:TIMELINE_LIMIT]
        # Group by the year and month the date starts in; month- and year-only dates are never given a day.
        years: dict[int, dict[int | None, list[str]]] = {}
        for cid in shown:
            d = parse_edtf(kb.claims[cid].event_date.value)
            month = d.start.month if d.precision in ("day", "month") else None
            years.setdefault(d.start.year, {}).setdefault(month, []).append(cid)
        chart = _timeline_chart(kb, dated)
        return self.render_page(urls.page_path("timeline"), "timeline.html", "Timeline", years=years,
                                shown=len(shown), total=len(dated), undated=undated, chart=chart)

    def map_page(self) -> tuple[str, str]:
        kb = self.kb
        rows = []
        points = []
        for pid in sorted(kb.places, key=lambda p: kb.places[p].name.casefold()):
            count = len(kb.claims_by_place.get(pid, []))
            place = kb.places[pid]
            rows.append((pid, count))
            if place.coordinates and count:
                points.append((pid, place.name, place.coordinates.lat, place.coordinates.lon, count,
                               place.coordinates.precision))
        drawing = mapsvg.draw_map(points)
        return self.render_page(urls.page_path("map"), "map.html", "Map", rows=rows, drawing=drawing)

    def search_page(self) -> tuple[str, str]:
        return self.render_page(urls.page_path("search"), "search.html", "Search")

    def data_page(self) -> tuple[str, str]:
        return self.render_page(urls.page_path("data"), "data.html", "Data", columns=data.CSV_COLUMNS,
                                kinds=list(FOLDERS), claim_example=next(iter(sorted(self.kb.claims)), None))

    def home_blocks(self, path: str) -> dict[str, str]:
        kb = self.kb
        live = sum(1 for c in kb.claims.values() if c.status.value.value in views.LISTED_STATUSES)
        def changed(cid: str) -> tuple[str, str]:
            c = kb.claims[cid]
            return (max(c.added, c.reviewed), cid)
        recent = sorted(kb.claims, key=changed, reverse=True)[:RECENT_LIMIT]
        links = Links(path)
        counts = Counter(c.status.value.value for c in kb.claims.values())
        return {
            "stats": self.renderer.render("home_stats.html", links=links, live=live, counts=counts),
            "recent": self.renderer.render("home_recent.html", links=links, recent=self.claim_rows(recent)),
            "search": self.renderer.render("home_search.html", links=links),
        }

    def methodology_blocks(self, path: str) -> dict[str, str]:
        links = Links(path)
        return {
            "statuses": self.renderer.render("method_statuses.html", links=links),
            "admiralty": self.renderer.render("method_admiralty.html", links=links),
            "checks": self.renderer.render("method_checks.html", links=links, checks=CHECKS),
        }

    # --- the whole site --------------------------------------------------------------------------

    def generate(self, writer: TreeWriter) -> GenerateResult:
        kb = self.kb
        result = GenerateResult()
        ids = sorted(kb.claims)
        result.claim_pages = [urls.page_source(urls.claim_path(cid)) for cid in ids
                              if kb.claims[cid].status.value != Status.merged]
        workers = self.workers if self.workers is not None else (2 if len(ids) >= PARALLEL_FROM_CLAIMS else 1)
        if self.memo is not None:
            workers = 1  # the memo lives in this process
            self.use_memo(ids)
        kinds = ("system", "place", "actor", "source")
        # The site-wide pages and data files first, so that the processes share them out too.
        items = [f"site:{name}" for name in SITE_WIDE]
        items += [f"claim:{cid}" for cid in ids]
        items += [f"{kind}:{rid}" for kind in kinds for rid in sorted(kb.records[kind])]
        self.rank  # noqa: B018 - worked out once, before the processes part
        _shared_out(writer, items, self._write_items, workers)
        schemas = kb.layout.schemas
        for kind in FOLDERS:
            schema = schemas / f"{kind}.schema.json"
            if schema.is_file():
                writer.write(urls.schema_path(kind), schema.read_bytes())
        self._copy_assets(writer)
        self._hand_written(writer)
        return result

    def site_wide(self, name: str) -> tuple[str, str | bytes]:
        """One of the SITE_WIDE pages and data files, as (path, content)."""
        kb, s, parts = self.kb, self.s, self.parts
        if name in SECTION_TITLES:
            return self.listing_page(name, SECTION_TITLES[name])
        pages = {"claims": self.claims_index_page, "disputed": self.disputed_page, "timeline": self.timeline_page,
                 "map": self.map_page, "search": self.search_page, "data": self.data_page}
        if name in pages:
            return pages[name]()
        made = {
            "claims-json": lambda: data.claims_json(kb, s.site_url, parts),
            "claims-csv": lambda: data.claims_csv(kb, s.site_url, parts),
            "claims-index": lambda: data.claims_index(kb, parts, list(self.rank)),
            "feed": lambda: atom_feed(kb, s.site_url, s.site_name),
        }[name]
        return urls.data_path(name), made()

    def _write_items(self, writer: TreeWriter, items: list[str]) -> None:
        """Write the items given as "kind:id": a record's page (for a claim also its JSON file, or its
        redirect), or with kind "site" one of the site-wide pages and data files (SITE_WIDE)."""
        kb = self.kb
        for item in items:
            kind, _, rid = item.partition(":")
            if kind == "site":
                writer.write(*self.site_wide(rid))
            elif kind != "claim":
                page = self.record_page(kind, rid, writer)
                if page is not None:
                    writer.write(*page)
            else:
                if kb.claims[rid].status.value == Status.merged:
                    writer.write(*self.redirect_page(rid))
                else:
                    self.write_claim_page(writer, rid)
                writer.write(urls.claim_json_path(rid), data.claim_json(kb, kb.claims[rid], self.s.site_url,
                                                                       self.parts))

    def _copy_assets(self, writer: TreeWriter) -> None:
        for path in sorted(ASSETS.rglob("*")):
            if path.is_file() and path.suffix in (".js", ".css", ".svg"):
                writer.write(urls.asset_path(path.relative_to(ASSETS).as_posix()), path.read_bytes())

    def _hand_written(self, writer: TreeWriter) -> None:
        """Copy docs/ into the generated folder, filling the placeholders of the home and methodology pages."""
        blocks: dict[str, dict[str, str]] = {
            "index.md": self.home_blocks(urls.page_path("home")),
            "methodology.md": self.methodology_blocks(urls.page_path("methodology")),
        }
        seen = set()
        if self.hand_docs and self.hand_docs.is_dir():
            for path in sorted(self.hand_docs.rglob("*")):
                if not path.is_file() or path.name.startswith("."):
                    continue
                rel = path.relative_to(self.hand_docs).as_posix()
                if rel in writer.written:
                    continue  # generated pages win over a stray hand-written file of the same name
                seen.add(rel)
                content = path.read_bytes()
                if rel in blocks:
                    text = content.decode("utf-8")
                    for name, block in blocks[rel].items():
                        text = text.replace(PLACEHOLDER.format(name), block.strip())
                    content = text.encode("utf-8")
                writer.write(rel, content)
        for rel, parts in blocks.items():
            if rel not in seen:
                title = "Home" if rel == "index.md" else "Methodology"
                writer.write(rel, markdown_page({"title": title}, "\n\n".join(parts.values()), wrap=False))


SECTION_TITLES = {"system": "Weapon systems", "place": "Places", "actor": "Actors", "source": "Sources"}
SITE_WIDE = ("claims-index", "claims-csv", "claims-json", "system", "place", "actor", "source",
             "disputed", "claims", "timeline", "map", "feed", "search", "data")
"""Site-wide pages and data files, the slowest to make first: two processes take them in turns."""

PARALLEL_FROM_CLAIMS = 2000
"""From this many claims, claim pages are rendered by two processes (where `os.fork` exists)."""


def _shared_out(writer: TreeWriter, items: list[str], work, workers: int) -> None:  # noqa: ANN001
    """Run `work(writer, share)` over `items`, shared out between `workers` forked processes.

    Each process writes its own files; the others report back which paths they wrote and changed.
    """
    if workers < 2 or not hasattr(os, "fork") or len(items) < workers:
        work(writer, items)
        return
    children = []
    for index in range(1, workers):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(read_end)
            try:
                sub = TreeWriter(writer.root)
                work(sub, items[index::workers])
                payload = {"written": sorted(sub.written), "changed": sub.changed}
            except BaseException as exc:  # noqa: BLE001 - reported by the parent
                payload = {"error": f"{type(exc).__name__}: {exc}"}
            with os.fdopen(write_end, "w", encoding="utf-8") as out:
                json.dump(payload, out)
            os._exit(0)
        os.close(write_end)
        children.append((pid, read_end))
    work(writer, items[0::workers])
    errors = []
    for pid, read_end in children:
        with os.fdopen(read_end, encoding="utf-8") as inp:
            text = inp.read()  # read before waiting: a full pipe would block the child
        os.waitpid(pid, 0)
        payload = json.loads(text) if text else {"error": "a generating process died"}
        if "error" in payload:
            errors.append(payload["error"])
            continue
        writer.written.update(payload["written"])
        writer.changed.extend(payload["changed"])
    if errors:
        raise RuntimeError("generating pages failed: " + "; ".join(errors))


def _timeline_chart(kb: KnowledgeBase, ids: list[str]) -> dict[str, object] | None:
    """Claims per month, split by how precise their event date is: a month-only date is not a day."""
    if not ids:
        return None
    per_month: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for cid in ids:
        d = parse_edtf(kb.claims[cid].event_date.value)
        start = d.earliest
        kind = "day" if d.precision == "day" else "month" if d.precision == "month" else "wider"
        per_month[(start.year, start.month)][kind] += 1
    first, last = min(per_month), max(per_month)
    months = []
    y, m = first
    while (y, m) <= last and len(months) < 240:
        months.append(((y, m), per_month.get((y, m), Counter())))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    peak = max(sum(c.values()) for _, c in months) or 1
    return {"months": months, "peak": peak}


def generate_docs(kb: KnowledgeBase, docs_dir: Path, settings: SiteSettings | None = None, *,
                  hand_docs: Path | None = None, workers: int | None = None,
                  memo: PageMemo | None = None) -> GenerateResult:
    """Write every page and data file of the site under `docs_dir`; remove files no record needs."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    # A live preview (with a memo) holds its writes until all pages are made: see TreeWriter.defer.
    writer = TreeWriter(docs_dir, memo.files if memo is not None else None, defer=memo is not None)
    result = SiteGenerator(kb, settings or SiteSettings(), hand_docs, workers, memo).generate(writer)
    writer.flush()
    result.written = sorted(writer.written)
    result.changed = writer.changed
    # A preview lists the folder once; after that it knows every file it wrote there.
    result.removed = writer.remove_stale(walk=memo is None or memo.runs == 0)
    if memo is not None:
        memo.runs += 1
    return result


