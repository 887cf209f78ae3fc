"""What every page family shares: settings, the preview's memo, the renderer, and helpers for links."""

from __future__ import annotations

import html
import os
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from markupsafe import Markup

from ... import history, urls
from ...dates import parse_edtf
from ...kb import KnowledgeBase
from ...layout import FOLDERS
from ...models import Claim, Status
from .. import data, search, versions, views, vocab
from ..render import Links, Renderer, markdown_page, safe_href

LIST_LIMIT = 100
"""Claims listed on a record page or server-rendered on the claims index; the rest is one link away."""


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


@lru_cache(maxsize=65536)
def _human_date(value: str | None) -> str:
    return parse_edtf(value).human() if value else ""


@lru_cache(maxsize=65536)
def _precision_of(value: str | None) -> str:
    return parse_edtf(value).precision if value else ""


def _title(text: str) -> str:
    return html.escape(text, quote=True)


class PageContext:
    """Renders the pages of one knowledge base with one settings object and one Jinja environment."""

    search_docs: search.SearchDocs | None = None
    """Where a build leaves what Pagefind indexes of each page (`search.SearchDocs`); None in a preview."""

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
            "record_name": self.record_name,
            "change_words": self.change_words,
            "human_date": _human_date,
            "precision_of": _precision_of,
            "zip": zip, "folders": FOLDERS, "search": search,
        })
        self._names: dict[tuple[str, str], str] = {}
        self.supersedes = views.superseded_index(kb)
        self.parts: data.Parts = {}
        """Pieces made for each claim in this run (or kept by the memo); see `data.Parts`."""
        self._rows: dict[tuple[str, int], Markup] = {}
        self.renderer.add_global("claim_row", self.claim_row)
        self.repo = safe_href(settings.repo_url.rstrip("/")) if settings.repo_url else None
        self.versions = versions.Versions(kb, settings, self.renderer, self.repo)

    def render_page(self, path: str, template: str, title: str, *, description: str | None = None,
                    noindex: bool = False, meta: dict[str, object] | None = None,
                    **context: object) -> tuple[str, str]:
        body = self.renderer.render(template, links=Links(path), page_path=path, **context)
        if self.search_docs is not None:
            self.search_docs.add(path, body)
        front: dict[str, object] = {"title": _title(title)}
        if description:
            front["description"] = _title(description[:300])
        if noindex:
            front["robots"] = "noindex"
        front.update(meta or {})
        front["hide"] = ["toc"]
        return urls.page_source(path), markdown_page(front, body)

    def record_name(self, kind: str, rid: str) -> str:
        """`views.record_name`, once per record and run (pages name the same records again and again)."""
        name = self._names.get((kind, rid))
        if name is None:
            name = self._names[(kind, rid)] = views.record_name(self.kb, kind, rid)
        return name

    def change_words(self, line: str) -> str:
        """A line of what changed in a version (`history.describe`), the records it names by their names."""
        return history.in_words(line, self.record_name)

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

    def stamp(self, kind: str, rid: str) -> tuple[int, int] | None:
        """The time and size of a record's file (for the memo's keys)."""
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

    @cached_property
    def rank(self) -> dict[str, int]:
        """Claim id -> position in the one order every listing uses (newest report first)."""
        return {cid: i for i, cid in enumerate(views.recent_first(self.kb))}

    @cached_property
    def listed(self) -> set[str]:
        """Claims shown in listings: not withdrawn, superseded or merged."""
        return {cid for cid, c in self.kb.claims.items() if c.status.value.value in views.LISTED_STATUSES}

    @cached_property
    def compared(self) -> set[str]:
        """The measures that two claims or more give a figure for (not withdrawn or merged): the ones the
        disputed-figures page sets side by side, and a claim page links to."""
        holders: dict[str, set[str]] = defaultdict(set)
        for cid, c in self.kb.claims.items():
            if c.status.value not in (Status.merged, Status.withdrawn):
                for q in c.quantities:
                    holders[q.measure].add(cid)
        return {measure for measure, ids in holders.items() if len(ids) >= 2}

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
