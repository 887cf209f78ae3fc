"""Full-text search: Pagefind indexes the searched pages; this module runs it and gives the pages the words
they are found by.

Pagefind (https://pagefind.app, the `pagefind[bin]` package, whose wheel bundles the binary: nothing is
downloaded at build time) is given, for each searched page, the part of it that is indexed, as the
generator renders the page (`SearchDocs`), and runs beside the engine's build (`Indexing`). Only the
elements marked `data-pagefind-body` are indexed: claim pages and the pages of weapon systems, places and
actors (templates/_search.html). Source pages, attribution chains and confidence rationales are left out:
at 10,000 claims they doubled the index's time and memory (docs/performance.md); a claim is found by the
names of its claimants and of the outlets that published it (`claim_terms`). It stems by the page's
language, folds accents ("dépôt" finds "depot"), joins "KN-23" and "KN23", and writes a chunked index
under site/pagefind/, so a query downloads only the chunks its words fall in. The search page
(templates/search.html, assets/site.js) queries it through Pagefind's JavaScript API and draws the
results itself.

A claim page's own text (title, statement, quotes in their language and their translations, notes,
figures) is indexed as shown. `claim_terms` adds, in a hidden block, every name, alias and designation
of the weapon systems, places (with the regions they lie in) and claimants the claim names, so that
"Hwasong-11", "Торопец" or "Zelenskyy" find claims whose page only shows "KN-23", "Toropets" or
"Volodymyr Zelensky".
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..kb import KnowledgeBase
from ..models import Claim, Status
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


def executable() -> str:
    """The Pagefind binary shipped in the `pagefind-bin` wheel."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:  # pragma: no cover - requirements.txt installs it
        raise SearchIndexFailed("Pagefind is not installed: run `pip install -r requirements.txt` "
                                "(it provides the pagefind[bin] package)") from exc
    return str(get_executable())


def index_site(site_dir: Path) -> IndexResult:
    """Index the built site in `site_dir` with Pagefind, writing `site_dir/pagefind/`: the pages are read
    back from the built folder and cut down (`search_document`). A build does not need this: the
    generator leaves the same documents aside as it renders the pages (`SearchDocs`), and Pagefind runs
    on them while the engine builds (`Indexing`). Both give the same index (a test checks it)."""
    site_dir = Path(site_dir)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="claimbase-search-") as tmp:
        copies = _search_copies(site_dir, Path(tmp))
        if copies == 0:
            shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
            return IndexResult(time.perf_counter() - start, 0)
        Indexing.start(Path(tmp), site_dir.parent).finish(site_dir)
    return IndexResult(time.perf_counter() - start, copies)


_BODY = re.compile(r" data-pagefind-body[ >]")
_IGNORE_REST = '<div data-pagefind-ignore="all">'
"""In our templates, where the rest of an indexed element is left out (the cite box, the claims lists)."""
_IGNORED = re.compile(r'<(ol|ul|table|p)\b[^>]*\sdata-pagefind-ignore(?:="[^"]*")?[\s>][^>]*?>?.*?</\1>', re.S)
"""Lists, tables and paragraphs marked data-pagefind-ignore (none holds another of its kind): Pagefind
would skip them too, but only after parsing them."""
_LABELS = re.compile(r'<(dt|figcaption|h2)\b[^>]*>.*?</\1>|<span class="cb-precision">[^<]*</span>'
                     r'|<p class="cb-attribution__number">[^<]*</p>', re.S)
"""The labels our templates print on every claim page ("Event date", "(month precision)", "Quote (fr)",
"Attribution 2", the section headings): words that every claim holds find nothing, and they are a
tenth of what Pagefind would index (its time grows with the number of words)."""
_LANG = re.compile(r'<html[^>]*\slang="([A-Za-z-]+)"')
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])[\u2019\u02bc](?=[^\W\d_])")
"""A typographic apostrophe inside a word ("l’Extrême-Orient", "Kim’s"). Pagefind indexes the parts of
a word it splits at ASCII punctuation only ("l'Extrême-Orient" is also found as "Extrême" and
"Orient"), so the search documents carry the ASCII apostrophe: a French word after an elided article
is found alone. The pages keep the typographic one."""


def search_document(html: str, lang: str) -> str | None:
    """What Pagefind indexes of a page: its `data-pagefind-body` element (up to the end of the page's
    article) without what is marked ignored and without the labels every claim page repeats, as a
    small page of its own in language `lang`; None for a page without such an element.

    `html` is a page's body as the generator renders it or the whole built page: the element is the
    same in both (the engines pass our bodies through untouched).
    """
    found = _BODY.search(html)
    if found is None:
        return None
    begin = html.rfind("<", 0, found.start())
    if begin < 0 or ">" in html[begin:found.start()]:
        return None  # the words in a page's text, not the attribute of an element
    end = html.find("</article>", found.end())
    body = html[begin:end if end > 0 else len(html)]
    rest = body.find(_IGNORE_REST)
    body = _APOSTROPHE.sub("'", _LABELS.sub("", _IGNORED.sub("", body if rest < 0 else body[:rest])))
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f"</head><body>{body}</body></html>\n")


def _search_copies(site_dir: Path, out: Path) -> int:
    """Write under `out` the search document of each page of `site_dir` that has one; return how many."""
    count = 0
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if rel.parts[0] == BUNDLE:
            continue
        text = path.read_text(encoding="utf-8")
        lang = _LANG.search(text, 0, 2000)
        doc = search_document(text, lang.group(1) if lang else "en")
        if doc is None:
            continue
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(doc, encoding="utf-8")
        count += 1
    return count


class SearchDocs:
    """Where the generator leaves the search document of each page it renders (`search_document`), at
    the path of the page's output, so that Pagefind's results link to the pages. Forked generating
    processes write into the same folder."""

    def __init__(self, folder: Path, lang: str = "en", on_complete=None) -> None:  # noqa: ANN001
        self.folder = Path(folder)
        self.lang = lang if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", lang or "") else "en"
        self.on_complete = on_complete
        """Called once every searchable page is rendered (the generator renders those first): the build
        starts Pagefind then, while the other pages and data files are generated."""
        self.completed = False

    def complete(self) -> None:
        if self.completed:
            return
        self.completed = True
        if self.on_complete is not None:
            self.on_complete()

    def add(self, page_path: str, body: str) -> None:
        """The search document of the page at `page_path` ("claims/x/"), if it has a searchable element."""
        doc = search_document(body, self.lang)
        if doc is None:
            return
        if self.completed:  # Pagefind has started: the page would be missing from the index
            raise RuntimeError(f"the searched page {page_path} was rendered after the search index was started: "
                               "its kind belongs in generate.SEARCHED")
        target = self.folder / page_path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(doc, encoding="utf-8")


class Indexing:
    """Pagefind running in the background on a folder of search documents, while the engine builds the
    site; `finish` waits for it and puts its bundle into the built site. Pagefind works on one core:
    the engine's processes take the other (docs/performance.md)."""

    def __init__(self, proc: subprocess.Popen, out: Path, log, started: float, docs: Path | None = None) -> None:  # noqa: ANN001
        self.proc, self.out, self.log, self.started = proc, out, log, started
        self.cleaner: threading.Thread | None = None
        """Empties the folder of search documents once Pagefind is done with it, while the engine may still
        be building: at 10,000 claims removing its 10,000 files took 1.5 to 2 s at the end of the build.
        (It is alive while the generator and MkDocs fork their workers; it holds no lock they need.)"""
        if docs is not None:
            self.cleaner = threading.Thread(target=_empty_when_done, args=(proc, docs), daemon=True)
            self.cleaner.start()
        self.seconds = 0.0
        """Pagefind's own time, from its start to its end."""
        self.waited = 0.0
        """How long `finish` waited for it (what it added once the engine was done)."""

    @classmethod
    def start(cls, docs: Path, work: Path) -> Indexing:
        """Start Pagefind on the search documents in `docs`; its bundle goes into a new folder in `work`
        (next to the site folder, so that moving it in is a rename)."""
        work.mkdir(parents=True, exist_ok=True)
        out = Path(tempfile.mkdtemp(prefix=".claimbase-search-bundle-", dir=work))
        log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by finish or cancel
        cmd = [executable(), "--site", str(docs), "--output-path", str(out)]
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        except OSError as exc:
            log.close()
            shutil.rmtree(out, ignore_errors=True)
            raise SearchIndexFailed(f"Pagefind could not run: {exc}") from exc
        return cls(proc, out, log, started, docs)

    def finish(self, site_dir: Path, timeout: float = 1800) -> None:
        """Wait for Pagefind, then replace `site_dir/pagefind/` by its bundle (no chunk of an earlier
        index stays behind), without the ready-made interfaces the site does not use."""
        waiting = time.perf_counter()
        try:
            try:
                code = self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired as exc:
                self.proc.kill()
                self.proc.wait()
                raise SearchIndexFailed(f"Pagefind did not finish within {timeout:.0f} s") from exc
            finally:
                ended = time.perf_counter()
                if self.cleaner is not None:
                    self.cleaner.join()
            self.waited = ended - waiting
            self.seconds = ended - self.started
            if code != 0:
                self.log.seek(0)
                raise SearchIndexFailed("Pagefind failed to index the site:\n  " + self.log.read().strip()[-4000:])
            bundle = Path(site_dir) / BUNDLE
            shutil.rmtree(bundle, ignore_errors=True)
            for name in UNUSED:
                (self.out / name).unlink(missing_ok=True)
            shutil.move(str(self.out), str(bundle))
        finally:
            self.log.close()
            shutil.rmtree(self.out, ignore_errors=True)

    def cancel(self) -> None:
        """Stop Pagefind (the engine failed: there is no site to index)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.cleaner is not None:
            self.cleaner.join()
        self.log.close()
        shutil.rmtree(self.out, ignore_errors=True)


def _empty_when_done(proc: subprocess.Popen, docs: Path) -> None:
    """Wait for Pagefind to end, then remove what is in `docs` (the folder stays: its owner removes it)."""
    proc.wait()
    with contextlib.suppress(FileNotFoundError), os.scandir(docs) as entries:
        for entry in list(entries):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


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


COMMON_SHARE = 0.2
"""A word held by at least this share of the claims is common: it tells claims apart too little to be
looked up alone (see `common_words`)."""
COMMON_MAX = 400
COMMON_SAMPLE = 2000

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Text as the search page compares words: lower case, accents taken off ("Dément" -> "dément" ->
    "dement"; the page does the same with String.normalize("NFD"))."""
    text = text.casefold()
    return text if text.isascii() else _MARKS.sub("", unicodedata.normalize("NFD", text))


def common_words(kb: KnowledgeBase) -> list[str]:
    """The words that a fifth of the claims or more hold in the text search indexes (title, statement,
    quotes and translations, notes), folded (`fold`), the most common first.

    When a pasted headline finds few claims with all its words, the search page looks each word up
    alone and ranks claims by how many they hold (templates/search.html, assets/site.js). Looking up
    a word that most claims hold costs Pagefind the most (its time grows with the pages found) and
    ranks nothing: those words are left out of that second pass. Shares are counted on at most
    COMMON_SAMPLE claims, taken evenly in the order of their ids (the same claims in every build of the
    same records): a share of a fifth does not need more to be known."""
    counts: Counter[str] = Counter()
    claims = [kb.claims[cid] for cid in sorted(kb.claims) if kb.claims[cid].status.value != Status.merged]
    claims = claims[::-(-len(claims) // COMMON_SAMPLE)] if claims else claims
    for c in claims:
        texts = [c.title, c.statement, c.notes or ""]
        for a in c.attributions:
            texts += [a.quote, a.translation, a.note or ""]
        counts.update(set(_WORD.findall(fold(" ".join(texts)))))
    needed = max(3, COMMON_SHARE * len(claims))
    common = [w for w, n in counts.most_common() if n >= needed]
    return common[:COMMON_MAX]
