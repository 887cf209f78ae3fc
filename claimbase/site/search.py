"""Full-text search: Pagefind indexes the built site; this module runs it and gives the pages the words
they are found by.

Pagefind (https://pagefind.app, the `pagefind[bin]` package, whose wheel bundles the binary: nothing is
downloaded at build time) reads the built HTML after MkDocs. Only the elements marked
`data-pagefind-body` are indexed: claim pages and the pages of weapon systems, places and actors
(templates/_search.html). Source pages, attribution chains and confidence rationales are left out: at
10,000 claims they doubled the index's time and memory (docs/performance.md); a claim is found by the
names of its claimants and of the outlets that published it (`claim_terms`). It stems by the page's language, folds accents ("dépôt" finds
"depot"), joins "KN-23" and "KN23", and writes a chunked index under site/pagefind/, so a query
downloads only the chunks its words fall in. The search page (templates/search.html, assets/site.js)
queries it through Pagefind's JavaScript API and draws the results itself.

A claim page's own text (title, statement, quotes in their language and their translations, notes,
figures) is indexed as shown. `claim_terms` adds, in a hidden block, every name, alias and designation
of the weapon systems, places (with the regions they lie in) and claimants the claim names, so that
"Hwasong-11", "Торопец" or "Zelenskyy" find claims whose page only shows "KN-23", "Toropets" or
"Volodymyr Zelensky".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..kb import KnowledgeBase
from ..models import Claim
from ..problems import ClaimbaseError
from . import views, vocab

BUNDLE = "pagefind"
"""The folder of the search index inside the built site (its URL is part of the search page)."""

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
"""Pagefind's ready-made interfaces: the site draws its own results, so they are not published."""


class SearchIndexFailed(ClaimbaseError):
    """Pagefind could not index the built site."""


@dataclass(frozen=True)
class IndexResult:
    seconds: float
    pages: int
    bytes: int


def executable() -> str:
    """The Pagefind binary shipped in the `pagefind-bin` wheel."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - requirements.txt installs it
        raise SearchIndexFailed("Pagefind is not installed: run `pip install -r requirements.txt` "
                                "(it provides the pagefind[bin] package)") from exc
    return str(get_executable())


def index_site(site_dir: Path) -> IndexResult:
    """Index the built site in `site_dir` with Pagefind, writing `site_dir/pagefind/`.

    Pagefind is given a copy of each page to index cut down to its `data-pagefind-body` element (the
    rest of a page is the theme's navigation, which Pagefind would parse only to skip it): at 10,000
    claims that halves its time. The copies keep the pages' paths, so the results link to the pages.
    """
    site_dir = Path(site_dir)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="claimbase-search-") as tmp:
        copies = _search_copies(site_dir, Path(tmp))
        shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)  # no chunk of an earlier index stays behind
        cmd = [executable(), "--site", tmp, "--output-path", str(site_dir / BUNDLE)]
        if copies == 0:
            return IndexResult(time.perf_counter() - start, 0, 0)
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SearchIndexFailed(f"Pagefind could not run: {exc}") from exc
    if out.returncode != 0:
        raise SearchIndexFailed("Pagefind failed to index the site:\n  " + (out.stderr or out.stdout).strip())
    bundle = site_dir / BUNDLE
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return IndexResult(time.perf_counter() - start, copies, size)


_BODY = re.compile(r" data-pagefind-body[ >]")
_IGNORE_REST = '<div data-pagefind-ignore="all">'
"""In our templates, where the rest of an indexed element is left out (the cite box, the claims lists)."""
_IGNORED = re.compile(r'<(ol|ul|table|p)\b[^>]*\sdata-pagefind-ignore(?:="[^"]*")?[\s>][^>]*?>?.*?</\1>', re.S)
"""Lists, tables and paragraphs marked data-pagefind-ignore (none holds another of its kind): Pagefind
would skip them too, but only after parsing them."""
_LANG = re.compile(r'<html[^>]*\slang="([A-Za-z-]+)"')


def _search_copies(site_dir: Path, out: Path) -> int:
    """Write under `out` each page of `site_dir` that has a `data-pagefind-body` element, cut down to that
    element (up to the end of the page's article); return how many."""
    count = 0
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if rel.parts[0] == BUNDLE:
            continue
        text = path.read_text(encoding="utf-8")
        found = _BODY.search(text)
        if found is None:
            continue
        begin = text.rfind("<", 0, found.start())
        if begin < 0 or ">" in text[begin:found.start()]:
            continue  # the words in a page's text, not the attribute of an element
        end = text.find("</article>", found.end())
        body = text[begin:end if end > 0 else len(text)]
        rest = body.find(_IGNORE_REST)
        body = _IGNORED.sub("", body if rest < 0 else body[:rest])
        lang = _LANG.search(text, 0, 2000)
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f'<!doctype html><html lang="{lang.group(1) if lang else "en"}"><head><meta charset="utf-8">'
                          f"</head><body>{body}</body></html>\n", encoding="utf-8")
        count += 1
    return count


def _names(kb: KnowledgeBase, kind: str, rid: str) -> list[str]:
    names = views.record_names(kb, kind, rid)
    return names or [rid]


def claim_terms(kb: KnowledgeBase, claim: Claim) -> str:
    """Every name the records a claim names are known by, one list: the words a reader may search with."""
    refs = [("system", s) for s in claim.weapon_systems]
    refs += [("place", p) for p in views.place_chain(kb, claim.location.place)]
    refs += [("actor", a.claimant) for a in claim.attributions]
    for a in claim.attributions:  # who published the documents it was read in (the chain is not indexed)
        refs += [("actor", kb.sources[s].publisher) for s in kb.chain(a.source, a.origin)
                 if s in kb.sources and kb.sources[s].publisher]
    words: list[str] = []
    for kind, rid in refs:
        words += _names(kb, kind, rid)
        if kind == "system" and rid in kb.systems:
            words.append(vocab.label(kb.systems[rid].category.value))  # "Ammunition", "Drone"
    return " · ".join(dict.fromkeys(words))


def grade_words(claim: Claim) -> str:
    """'F3: reliability cannot be judged; possibly true'."""
    rel = claim.confidence.reliability.grade.value
    cred = claim.confidence.credibility.grade
    return f"{rel}{cred}: {vocab.RELIABILITY[rel]}; {vocab.CREDIBILITY[cred]}"
