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

import subprocess
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
    """Index the built site in `site_dir` with Pagefind, writing `site_dir/pagefind/`."""
    site_dir = Path(site_dir)
    start = time.perf_counter()
    cmd = [executable(), "--site", str(site_dir), "--output-subdir", BUNDLE]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SearchIndexFailed(f"Pagefind could not run: {exc}") from exc
    if out.returncode != 0:
        raise SearchIndexFailed("Pagefind failed to index the site:\n  " + (out.stderr or out.stdout).strip())
    bundle = site_dir / BUNDLE
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    pages = 0
    for line in out.stdout.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] == "Indexed" and words[2] == "pages":
            pages += int(words[1])
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return IndexResult(time.perf_counter() - start, pages, size)


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
