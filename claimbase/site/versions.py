"""Version pages, history pages and version facts for the claim pages, the data and the cite box.

A claim's versions come from git (`claimbase.history`). Each version has a page at
/claims/<id>/v<N>/, the claim as it was, and each claim a history page at /claims/<id>/history/.
There can be three times as many version pages as claims, so both kinds are static snapshots: the
generator writes their HTML itself (a light shell with the site's styles, `snapshot.html`). They are not
in the sitemap, and version pages ask search engines not to index them (the current page is the one to
find).

A build (`build.build_kb`) writes them straight for the site, as it does every generated file that is
not a page (`writer.TreeWriter.staged`): into a folder beside the docs folder (`site_only_dir`), which it
moves into the built site after the engine (`publish`), so that the engine does not copy 40,000 files at
10,000 claims, nor Pagefind read them (they hold nothing it indexes). A live preview, and any other
caller of `generate_docs`, gets them in the docs folder, where the engine copies them as they are.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from .. import urls
from ..history import History, Version, meaningful, read_history
from . import cite, views
from .render import Links, safe_href

_TITLE, _HEAD, _BODY = "\x00cb-title\x00", "\x00cb-head\x00", "\x00cb-body\x00"
"""Stand-ins in the shell rendered once (no record text holds a NUL: the loader reads text from YAML)."""
_STAND_INS = re.compile("(\x00cb-(?:title|head|body)\x00)")


def version_path(claim_id: str, number: int) -> str:
    """The page of one version of a claim: claims/<id>/v<N>/. Never change it: it is cited."""
    return f"{urls.claim_path(claim_id)}v{number}/"


def history_path(claim_id: str) -> str:
    """The list of a claim's versions: claims/<id>/history/."""
    return f"{urls.claim_path(claim_id)}history/"


def _theme_styles() -> list[str]:
    """Material's stylesheets (their names carry a hash of the installed version), as MkDocs copies them."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates" / "assets" / "stylesheets"
    return [f"assets/stylesheets/{p.name}" for name in ("main", "palette")
            for p in sorted(folder.glob(f"{name}.*.min.css"))]


@dataclass(frozen=True)
class Current:
    """What a claim page says about its version."""

    number: int
    day: str
    url: str
    history: str
    uncommitted: bool


class Versions:
    """The versions of one knowledge base's claims, for one site (see `SiteGenerator`)."""

    def __init__(self, kb, settings, renderer, repo: str | None) -> None:  # noqa: ANN001
        self.kb = kb
        self.s = settings
        self.renderer = renderer
        self.repo = repo
        self.history: History | None = read_history(kb.layout.root, kb.records["claim"], renamed={
            rid: r.model.merged_into for rid, r in kb.merged["actor"].items()})
        self.styles = _theme_styles()
        self._shells: dict[int, list[str]] = {}
        """Page depth -> the shell (snapshot.html) cut at its stand-ins for the title, the head and the body."""

    def of(self, cid: str) -> list[Version]:
        return self.history.of(cid) if self.history else []

    def current(self, cid: str) -> Current | None:
        versions = self.of(cid)
        if not versions:
            return None
        last = versions[-1]
        return Current(last.number, last.day, urls.absolute(self.s.site_url, version_path(cid, last.number)),
                       history_path(cid), cid in self.history.uncommitted)

    def version_for_cite(self, cid: str) -> tuple[int, str] | None:
        now = self.current(cid)
        return (now.number, now.url) if now else None

    def json_fields(self, cid: str) -> dict[str, object]:
        """What the claim's JSON says of its versions: `version` (an integer, or null without history) and
        `versions`, each with its number, day, commit and permanent URL."""
        versions = self.of(cid)
        return {
            "version": versions[-1].number if versions else None,
            "versions": [{"version": v.number, "date": v.day, "commit": v.commit,
                          "url": urls.absolute(self.s.site_url, version_path(cid, v.number))} for v in versions],
        }

    def commit_url(self, sha: str) -> str | None:
        return safe_href(f"{self.repo}/commit/{sha}") if self.repo else None

    # --- pages -------------------------------------------------------------------------------

    @property
    def head(self) -> str | None:
        """The commit the versions were read at (part of a live preview's page keys)."""
        return self.history.head if self.history else None

    def write(self, writer, cid: str, parts: dict[str, object] | None = None) -> None:  # noqa: ANN001 - a TreeWriter
        """The version pages and the history page of one claim (`writer` stages them: see the module's
        notes). With `parts` (a live preview's memo of the claim, emptied when anything its pages are
        made from changes), pages made before are kept."""
        versions = self.of(cid)
        if not versions:
            return
        paths = self._paths(cid, versions)
        known = writer.known
        if parts is not None and parts.get("versions") == paths and known is not None and all(
                p in known and p not in writer.written for p in paths):
            for p in paths:
                writer.keep(p)
            return
        pages = [self.version_page(cid, v, versions) for v in versions] + [self.history_page(cid, versions)]
        for path, html in zip(paths, pages, strict=True):
            writer.write(path, html)
        if parts is not None:
            parts["versions"] = paths

    @staticmethod
    def _paths(cid: str, versions: list[Version]) -> list[str]:
        """The files of a claim's version pages, then of its history page."""
        return [version_path(cid, v.number) + "index.html" for v in versions] + [history_path(cid) + "index.html"]

    def _shell(self, path: str, template: str, title: str, head: str, **context: object) -> str:
        """A page of `template` in the static shell (snapshot.html), which is rendered once per depth."""
        depth = path.count("/")
        shell = self._shells.get(depth)
        if shell is None:
            html = self.renderer.render("snapshot.html", links=Links(path), page_title=_TITLE, styles=self.styles,
                                        head_extra=Markup(_HEAD), body_html=Markup(_BODY))  # noqa: S704
            shell = self._shells[depth] = _STAND_INS.split(html)  # text, stand-in, text, ...
        body = self.renderer.render(template, links=Links(path), page_path=path, page_title=title, **context)
        # Joined once (three replaces copied the whole page three times: 40,000 pages at 10,000 claims).
        texts = {_TITLE: str(escape(title)), _HEAD: head, _BODY: body}
        return "".join([part if i % 2 == 0 else texts[part] for i, part in enumerate(shell)])

    def version_page(self, cid: str, v: Version, versions: list[Version]) -> str:
        path = version_path(cid, v.number)
        current = self.kb.claims.get(cid)
        permalink = urls.absolute(self.s.site_url, urls.claim_path(cid))
        url = urls.absolute(self.s.site_url, path)
        body = None
        c = v.model
        if c is not None:
            try:
                citation = cite.cite_claim(c, permalink, self.s.site_name, version=(v.number, url))
                body = self.renderer.render("claim_snapshot.html", links=Links(path), page_path=path, c=c,
                                            citation=citation, snapshot=v,
                                            verification=views.ClaimView(self.kb, c).verification)
            except Exception as exc:  # noqa: BLE001 - an old record that today's pages cannot show
                v.problem = v.problem or f"it cannot be shown with today's records ({type(exc).__name__})"
                body = None
        title = (c.title if c is not None else current.title if current else cid)
        head = f'<meta name="robots" content="noindex">\n<link rel="canonical" href="{escape(url)}">'
        return self._shell(
            path, "claim_version.html", f"{title} (version {v.number})", head, v=v, cid=cid, body=body,
            latest=versions[-1].number, is_latest=v is versions[-1], commit_url=self.commit_url(v.commit))

    def history_page(self, cid: str, versions: list[Version]) -> str:
        path = history_path(cid)
        current = self.kb.claims.get(cid)
        rows = [(v, version_path(cid, v.number), self.commit_url(v.commit)) for v in reversed(versions)]
        head = f'<link rel="canonical" href="{escape(urls.absolute(self.s.site_url, path))}">'
        return self._shell(path, "claim_history.html", f"History of {current.title if current else cid}", head,
                           cid=cid, claim=current, rows=rows,
                           uncommitted=self.history is not None and cid in self.history.uncommitted)


def recent_changes(history: History | None, limit: int) -> list[Version]:
    """The `limit` most recent meaningful versions of all claims, newest first."""
    if history is None:
        return []
    found = [v for versions in history.versions.values() for v in versions if meaningful(v.changes)]
    found.sort(key=lambda v: (v.timestamp, v.claim, v.number), reverse=True)
    return found[:limit]


def site_only_dir(docs_dir: Path) -> Path:
    """The folder beside `docs_dir` where a build writes the pages that go straight into the site."""
    return docs_dir.parent / f"{docs_dir.name}-site-only"


def publish(staged: Path, site_dir: Path) -> None:
    """Move the files written under `staged` into the built site (`site_dir`), then remove `staged`.

    A folder the site does not have yet is moved whole (one rename for a version's folder); where both
    have it, its entries are moved one by one, a file replacing the site's."""
    if not staged.is_dir():
        return

    def move(src: Path, dst: Path) -> None:
        with os.scandir(src) as entries:
            for entry in entries:
                target = dst / entry.name
                if not os.path.lexists(target):
                    os.rename(entry.path, target)
                elif entry.is_dir(follow_symlinks=False) and target.is_dir() and not target.is_symlink():
                    move(Path(entry.path), target)
                else:
                    os.replace(entry.path, target)

    site_dir.mkdir(parents=True, exist_ok=True)
    move(staged, site_dir)
    shutil.rmtree(staged, ignore_errors=True)
