"""Versions of claims, read from git: a claim's version N is its record as of the Nth commit that changed it.

History is the first-parent history of HEAD (the main branch, where a merged pull request is one
commit), read in one `git log --first-parent --raw` pass; the record texts come from one
`git cat-file --batch` call (after one `--batch-check` call: a text over the 256 KB limit of a record
file is never read) and are read by the same strict loader as the working tree, entry by entry where
an entry is word for word that of a version already read (`parse_version`). Nothing is kept by hand:
there is no version field in the records.

- Outside git, or when the knowledge base is not the top folder of its repository (a test's fixture
  inside this project), there is no history: `read_history` returns None and no version is published.
  The manifest then still lists the version URLs published before, so `build` and `permanence` fail
  instead of dropping them.
- In a shallow clone the history is cut short, and numbering from it would publish wrong versions:
  `HistoryError` says so and how to fetch the whole history.
- A version that no longer validates against today's models (the models changed since) keeps its
  number and its page; what it said is shown as its record text, with the reason.
"""

from __future__ import annotations

import marshal
import multiprocessing as mp
import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .layout import FOLDERS
from .load import _no_gc
from .problems import ClaimbaseError
from .reading import RECORD_BYTES as MAX_BLOB_BYTES

CLAIMS = FOLDERS["claim"]
_CLAIM_FILE = re.compile(r"^" + CLAIMS + r"/([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$")
FULL_HISTORY_HINT = ("fetch the whole history: `git fetch --unshallow`, or in GitHub Actions "
                     "actions/checkout with `fetch-depth: 0`")


class HistoryError(ClaimbaseError):
    """The history cannot be read truthfully (a shallow clone, a git failure)."""


@dataclass
class Version:
    """One version of one claim."""

    claim: str
    number: int
    commit: str
    timestamp: int
    """Commit time of the commit that made this version (seconds since 1970, UTC)."""
    subject: str
    """The commit message's first line (untrusted text)."""
    blob: str
    data: Any = None
    """The record as plain data (what the strict YAML loader read), or None when it could not be read."""
    raw: bytes = b""
    """The record file's bytes (kept for versions that are not the working tree's record)."""
    problem: str = ""
    """Why the version cannot be shown as a claim page (the first problem the loader found)."""
    _model: Any = None
    _checked: bool = False
    changes: list[str] = field(default_factory=list)
    """What changed from the previous version, in words ("credibility 3 → 5: ..."); ["added"] for version 1."""

    @property
    def model(self) -> Any:
        """The validated `Claim`, or None when this version does not validate against today's model (then
        `problem` says why). Validated on first use: in a build, by the process that renders its page."""
        if not self._checked:
            self._checked = True
            if self._model is None and self.data is not None and not self.problem:
                self._model, self.problem = validate_data(self.data, self.claim, self.display)
        return self._model

    @property
    def display(self) -> str:
        return f"{CLAIMS}/{self.claim}.yaml@{self.commit[:12]}"

    @property
    def text(self) -> str:
        """The record file's text as committed (shown when the version does not validate)."""
        return self.raw.decode("utf-8", "replace")

    @property
    def day(self) -> str:
        return datetime.fromtimestamp(self.timestamp, UTC).date().isoformat()

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp, UTC)


@dataclass
class History:
    """The versions of every claim that has one, and which claim files differ from HEAD."""

    head: str | None
    versions: dict[str, list[Version]] = field(default_factory=dict)
    """Claim id -> its versions, version 1 first."""
    uncommitted: set[str] = field(default_factory=set)
    """Claims whose file in the working tree differs from its last version (or is not committed at all)."""

    def notes(self) -> list[str]:
        """Versions that no longer validate, one line each."""
        return [f"{v.display} (version {v.number}) no longer validates ({v.problem}): its page shows its record text"
                for versions in self.versions.values() for v in versions if v.model is None]

    def of(self, claim_id: str) -> list[Version]:
        return self.versions.get(claim_id, [])

    def latest(self, claim_id: str) -> Version | None:
        found = self.versions.get(claim_id)
        return found[-1] if found else None


# --- git -----------------------------------------------------------------------------------------


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise FileNotFoundError("git")
    env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
    return subprocess.run([git, *args], cwd=root, env=env, input=stdin, capture_output=True, check=False)


def _ok(result: subprocess.CompletedProcess[bytes], what: str) -> bytes:
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryError(f"reading the history failed: git {what}: {lines[-1] if lines else result.returncode}")
    return result.stdout


def repository_head(root: Path) -> str | None:
    """The commit the history is read from, or None when `root` has no history of its own.

    None when git is missing, when `root` is not inside a git work tree, when it is not the top folder of
    its work tree, or when nothing is committed yet. Raises `HistoryError` in a shallow clone.
    """
    root = Path(root).resolve()
    try:
        found = _git(root, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    except (FileNotFoundError, OSError):
        return None
    if found.returncode != 0:
        return None
    lines = found.stdout.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 2 or Path(lines[0]).resolve() != root:
        return None
    if lines[1].strip() == "true":
        raise HistoryError(
            f"{root} is a shallow clone: its git history is cut short, so the versions of claims cannot be "
            f"numbered (a page would say version 1 of a claim that has had five); {FULL_HISTORY_HINT}")
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    return head.stdout.decode().strip() if head.returncode == 0 else None


_LOG = ("log", "--first-parent", "--diff-merges=first-parent", "--raw", "--no-abbrev", "--no-renames", "--no-color",
        "--no-ext-diff", "--format=%x1e%H %ct %s")

LOG_SPLIT_FROM = 500
"""From this many commits on the first-parent line, `git log` runs as two processes at once, one on
the newer half and one on the older (comparing the trees of 2,000 commits takes git 2.5 s of one core)."""


def _log_text(root: Path, head: str) -> bytes:
    """`git log` of every first-parent commit down from `head` with the files each changed, newest first."""
    if (os.cpu_count() or 1) > 1:
        chain = _ok(_git(root, "rev-list", "--first-parent", head), "rev-list").split()
        if len(chain) >= LOG_SPLIT_FROM:
            middle = chain[len(chain) // 2].decode("ascii")
            with ThreadPoolExecutor(2) as pool:  # each thread waits on its own git
                newer, older = pool.map(lambda spec: _ok(_git(root, *_LOG, spec), "log"), (f"{middle}..{head}", middle))
            return newer.rstrip(b"\n") + b"\n" + older
    return _ok(_git(root, *_LOG, head), "log")


def _log(root: Path, head: str) -> list[tuple[str, int, str, list[tuple[str, str, str]]]]:
    """(commit, time, subject, [(status, claim id, new blob)]) for every first-parent commit, newest first.

    No pathspec: limiting `git log` to claims/ makes it three times slower than filtering here."""
    raw = _log_text(root, head)
    out: list[tuple[str, int, str, list[tuple[str, str, str]]]] = []
    for line in raw.decode("utf-8", "replace").split("\n"):
        if line.startswith("\x1e"):
            sha, _, rest = line[1:].partition(" ")
            stamp, _, subject = rest.partition(" ")
            out.append((sha, int(stamp or 0), subject, []))
        elif line.startswith(":") and out:
            meta, _, path = line.partition("\t")
            parts = meta.split()
            match = _CLAIM_FILE.match(path)
            if len(parts) >= 5 and match:
                out[-1][3].append((parts[4][0], match.group(1), parts[3]))
    return out


def read_blobs(root: Path, shas: list[str], too_large: dict[str, int] | None = None) -> dict[str, bytes]:
    """The contents of blobs by id: one `git cat-file --batch-check` call for their sizes, then one
    `git cat-file --batch` call for those of at most `MAX_BLOB_BYTES` (the limit of a record file).

    A larger blob is not read at all (an old commit may hold a file of gigabytes): it is left out, and
    its size is put in `too_large` when given. Missing objects and objects that are not blobs are left out.
    """
    if not shas:
        return {}
    sizes = _cat_file(root, "--batch-check=%(objectname) %(objecttype) %(objectsize)", shas).split(b"\n")
    small: list[str] = []
    for sha, line in zip(shas, sizes, strict=False):
        parts = line.split()
        if len(parts) != 3 or parts[1] != b"blob":
            continue
        if int(parts[2]) > MAX_BLOB_BYTES:
            if too_large is not None:
                too_large[sha] = int(parts[2])
        else:
            small.append(sha)
    if not small:
        return {}
    data = _cat_file(root, "--batch", small)
    return {sha: blob for sha, blob in zip(small, split_batch(data, len(small)), strict=True) if blob is not None}


CAT_FILE_SPLIT_FROM = 2000
"""From this many objects on, `git cat-file` runs as two processes at once, each on half of them (reading
20,000 old records takes git about 1.5 s of one core)."""


def _cat_file(root: Path, mode: str, shas: list[str]) -> bytes:
    """What `git cat-file <mode> --buffer` answers for `shas`, in their order."""
    def one(part: list[str]) -> bytes:
        return _ok(_git(root, "cat-file", mode, "--buffer", stdin="".join(s + "\n" for s in part).encode()),
                   f"cat-file {mode.partition('=')[0]}")

    if len(shas) < CAT_FILE_SPLIT_FROM or (os.cpu_count() or 1) < 2:
        return one(shas)
    half = len(shas) // 2
    with ThreadPoolExecutor(2) as pool:  # each thread waits on its own git
        first, second = pool.map(one, (shas[:half], shas[half:]))
    return first + second


def split_batch(data: bytes, count: int) -> list[bytes | None]:
    """The `count` objects of `git cat-file --batch` output, in order: a blob's bytes, or None for an object
    that is missing or not a blob."""
    out: list[bytes | None] = []
    pos = 0
    for _ in range(count):
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out.append(data[pos:pos + size])
            pos += size + 1
        else:
            out.append(None)
    return out


def _uncommitted(root: Path) -> set[str]:
    raw = _ok(_git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--",
                   CLAIMS + "/"), "status")
    out = set()
    for entry in raw.decode("utf-8", "surrogateescape").split("\0"):
        match = _CLAIM_FILE.match(entry[3:]) if len(entry) > 3 else None
        if match:
            out.add(match.group(1))
    return out


# --- reading old records with the strict loader ----------------------------------------------------


def parse_blob(raw: bytes, display: str) -> tuple[Any, str]:
    """Read a record's bytes with the strict YAML loader: (plain data, "") or (None, what was refused)."""
    from .yamlload import YamlRefused, read_document_bytes

    try:
        return read_document_bytes(raw, display).data, ""
    except YamlRefused as exc:
        return None, f"line {exc.line}: {exc.message}"


def validate_data(data: Any, claim_id: str, display: str) -> tuple[Any, str]:
    """Validate parsed data as a claim, as the loader does: (Claim, "") or (None, the first problem)."""
    from .load import validate_document
    from .yamlload import Document

    loaded, problems = validate_document(Document(display, data, ""), "claim", claim_id)
    if loaded is None or problems:
        first = problems[0] if problems else None
        return None, f"{first.field + ': ' if first and first.field else ''}{first.message if first else 'not valid'}"
    return loaded.model, ""


def load_text(raw: bytes, claim_id: str, display: str) -> tuple[Any, Any, str]:
    """Read a claim record's bytes with the strict loader: (data or None, Claim or None, first problem)."""
    data, problem = parse_blob(raw, display)
    if problem:
        return None, None, problem
    model, problem = validate_data(data, claim_id, display)
    return data, model, problem


# Successive versions of a record differ in a field or two, so each old text is read entry by entry: its
# top-level entries (a key at the start of a line, and the lines under it) that an already read version
# of the same claim has word for word take their value from it, and only the others go through the
# strict loader, together. This gives the data of reading the whole text, in a fraction of the time:
# in a record that the loader's fast path takes (one block mapping; no anchor, alias, tag or directive,
# which would make one entry depend on another), an entry's value depends on its own lines only, and a
# line starting with a key ends every scalar and collection of the entry before it (a continued quoted
# or flow scalar would leave that entry unreadable alone). Anything else, any refusal, or entries that
# do not read back as exactly their keys, sends the whole text to `parse_blob`, which says what is wrong
# and where.

_ENTRY = re.compile(r"\n[A-Za-z_][A-Za-z0-9_-]*:(?=[ \t\r\n])")
_FAST_ONLY = re.compile(r"[&*!%]")


def _fast(text: str) -> bool:
    """Whether the strict loader's fast path would take `text` as far as its characters and lines go
    (the count of brackets is the caller's)."""
    from .yamlload import _DEEP, _UNACCEPTED

    return not (_FAST_ONLY.search(text) or _UNACCEPTED.search(text) or _DEEP.search(text))


def _brackets(text: str) -> int:
    return text.count("[") + text.count("{")


def _entries(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """A record text's lines before its first entry, and its top-level entries as (key, the entry's lines);
    None when it cannot be read entry by entry (see above)."""
    from .yamlload import MAX_ITEMS

    if not text.endswith("\n"):
        return None  # the last entry would run into the next one read with it
    starts = [m.start() for m in _ENTRY.finditer("\n" + text)]  # the "\n" put before shifts by one: the start
    if not starts or len(starts) > MAX_ITEMS:
        return None
    head = text[:starts[0]]
    for line in head.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return None  # a document marker, or anything else before the first entry
    out = [(text[start:text.index(":", start)], text[start:end])
           for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]
    if len({key for key, _ in out}) != len(out):
        return None  # a duplicate key: the loader refuses it
    return head, out


def _learn(known: dict[str, tuple[Any, int]], text: str, data: Any) -> None:
    """Remember the values of the entries of a text the strict loader read as `data`."""
    found = _entries(text) if isinstance(data, dict) else None
    if found is not None and [key for key, _ in found[1]] == list(data) and _fast(text) and _brackets(text) < 64:
        for key, lines in found[1]:
            known[lines] = (data[key], _brackets(lines))


def parse_version(raw: bytes, display: str, known: dict[str, tuple[Any, int]]) -> tuple[Any, str]:
    """`parse_blob`, reusing the values of the entries in `known` (entry lines -> value, brackets) and
    adding this text's to it (see the notes above)."""
    from .reading import Unreadable, decode
    from .yamlload import YamlRefused, parse_text

    try:
        text = decode(raw) if len(raw) <= MAX_BLOB_BYTES else None
    except Unreadable:
        text = None
    found = _entries(text) if text is not None else None
    if found is not None:
        head, entries = found
        todo = [(key, lines) for key, lines in entries if lines not in known]
        fresh = "".join(lines for _, lines in todo)
        brackets = _brackets(head) + _brackets(fresh) + sum(known[lines][1] for _, lines in entries if lines in known)
        read = None
        if brackets < 64 and _fast(head + fresh):
            try:
                read = parse_text(fresh, display).data if todo else {}
            except YamlRefused:
                read = None
        if isinstance(read, dict) and list(read) == [key for key, _ in todo]:
            for key, lines in todo:
                known[lines] = (read[key], _brackets(lines))
            return {key: known[lines][0] for key, lines in entries}, ""
    result = parse_blob(raw, display)
    if text is not None:
        _learn(known, text, result[0])
    return result


PARALLEL_FROM = 2000
"""From this many record texts on, their YAML is parsed by worker processes (where fork exists)."""
CHUNK = 100
"""Claims per task of a worker process."""
_TODO: list[tuple[str | None, Any, list[tuple[bytes, str]]]] = []
"""The texts to parse, handed to forked workers by memory rather than through a pipe."""


def _parse_claim(current_text: str | None, current: Any, texts: list[tuple[bytes, str]]) -> list[tuple[Any, str]]:
    """The old texts of one claim, newest first, read with `parse_version` starting from its current record."""
    known: dict[str, tuple[Any, int]] = {}
    if current_text is not None:
        _learn(known, current_text, current)
    return [parse_version(raw, display, known) for raw, display in texts]


def _parse_range(start: int, stop: int) -> bytes:
    return marshal.dumps([_parse_claim(*item) for item in _TODO[start:stop]])


def _parse_all(todo: list[tuple[str | None, Any, list[tuple[bytes, str]]]]) -> Iterator[list[tuple[Any, str]]]:
    """`_parse_claim` over `todo`, in order; shared out between processes for large histories."""
    workers = min(os.cpu_count() or 1, 4)
    if sum(len(item[2]) for item in todo) < PARALLEL_FROM or workers < 2 or \
            "fork" not in mp.get_all_start_methods():
        for item in todo:
            yield _parse_claim(*item)
        return
    global _TODO
    _TODO = todo
    try:
        starts = list(range(0, len(todo), CHUNK))
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            for packed in pool.map(_parse_range, starts, [s + CHUNK for s in starts]):
                yield from marshal.loads(packed)
    finally:
        _TODO = []


# --- the history ---------------------------------------------------------------------------------


_CACHE: dict[tuple[str, str], History] = {}


def read_history(root: Path, current: dict[str, Any] | None = None,
                 renamed: dict[str, str] | None = None) -> History | None:
    """Every version of every claim under `root` (see the module's notes); None without history.

    `current` maps claim ids to the loaded records of the working tree (`kb.records["claim"]`): the last
    version of a claim whose file is unchanged since HEAD is that record, so it is not read again.
    `renamed` maps the ids of renamed or merged actors to their successors (see `describe`).
    """
    root = Path(root).resolve()
    head = repository_head(root)
    if head is None:
        return None
    uncommitted = _uncommitted(root)
    key = (str(root), head)
    if key in _CACHE:  # a live preview: the versions are those of the same commit; only the working tree moved
        _CACHE[key].uncommitted = uncommitted
        return _CACHE[key]
    commits = _log(root, head)
    history = History(head, uncommitted=set())
    for sha, stamp, subject, changed in reversed(commits):
        if not changed:
            continue
        for status, claim_id, blob in changed:
            if status == "D" or set(blob) == {"0"}:
                continue  # a deleted file is no version (the permanence check forbids deleting)
            versions = history.versions.setdefault(claim_id, [])
            versions.append(Version(claim_id, len(versions) + 1, sha, stamp, subject, blob))
    history.uncommitted = uncommitted
    # The last version of a clean file is the record already loaded from the working tree.
    wanted: list[Version] = []
    for claim_id, versions in history.versions.items():
        loaded = (current or {}).get(claim_id)
        for v in versions:
            if v is versions[-1] and loaded is not None and claim_id not in uncommitted:
                v.data, v._model, v._checked = loaded.doc.data, loaded.model, True
            else:
                wanted.append(v)
    too_large: dict[str, int] = {}
    blobs = read_blobs(root, list(dict.fromkeys(v.blob for v in wanted)), too_large)
    # Each claim's old texts, newest first, read from the claim's current record on (see parse_version).
    by_claim: dict[str, list[Version]] = {}
    for v in wanted:
        if v.blob in too_large:
            v.problem = (f"its record file is {too_large[v.blob]} bytes, more than the {MAX_BLOB_BYTES} allowed "
                         "(it was not read)")
        elif v.blob not in blobs:
            v.problem = "its record text is missing from the repository"
        else:
            by_claim.setdefault(v.claim, []).append(v)
    todo = []
    for claim_id, olds in by_claim.items():
        olds.reverse()
        loaded = (current or {}).get(claim_id)
        start = (loaded.doc.text, loaded.doc.data) if loaded is not None else (None, None)
        todo.append((*start, [(blobs[v.blob], v.display) for v in olds]))
    with _no_gc():
        for olds, results in zip(by_claim.values(), _parse_all(todo), strict=True):
            for v, (data, problem) in zip(olds, results, strict=True):
                v.data, v.problem, v.raw = data, problem, blobs[v.blob]
    for versions in history.versions.values():
        previous = None
        for v in versions:
            if previous is not None and previous.data is None and v.data is not None:
                v.changes = ["record changed (the version before could not be read)"]
            else:
                v.changes = describe(previous.data if previous else None, v.data, renamed, marked=True)
            previous = v
    _CACHE.clear()
    _CACHE[key] = history
    return history


def version_numbers(root: Path) -> dict[str, int]:
    """Claim id -> how many versions it has, from one `git log` pass (no record is read). Empty without history."""
    root = Path(root).resolve()
    head = repository_head(root)
    if head is None:
        return {}
    counts: dict[str, int] = {}
    for _, _, _, changed in _log(root, head):
        for status, claim_id, blob in changed:
            if status != "D" and set(blob) != {"0"}:
                counts[claim_id] = counts.get(claim_id, 0) + 1
    return counts


_VERSION_URL = re.compile(r"^" + CLAIMS + r"/([a-z0-9]+(?:-[a-z0-9]+)*)/v([1-9][0-9]*)/$")


def is_version_url(url: str) -> bool:
    """Whether a site-relative URL is a version page's: claims/<id>/v<N>/."""
    return _VERSION_URL.match(url) is not None


def version_urls(root: Path) -> list[str]:
    """The URL of every version of every claim in the history, sorted (empty without history)."""
    return sorted(f"{CLAIMS}/{cid}/v{n}/" for cid, count in version_numbers(root).items() for n in range(1, count + 1))


def listed_versions(root: Path, listed: list[str]) -> dict[str, str]:
    """Of the version URLs in `listed`, those the history publishes -> their claim's file. Reads git only
    when the list holds a version URL."""
    wanted = [(url, m) for url in listed if (m := _VERSION_URL.match(url))]
    if not wanted:
        return {}
    counts = version_numbers(root)
    return {url: f"{CLAIMS}/{m.group(1)}.yaml" for url, m in wanted if int(m.group(2)) <= counts.get(m.group(1), 0)}


# --- what changed, in words ------------------------------------------------------------------------


def _get(data: Any, *path: str | int) -> Any:
    for key in path:
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return None
    return data


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, dict) and "value" in value:
        return _show(value["value"])
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    return str(value)


def _figure(q: Any) -> str:
    """A figure of a record's plain data in the words the claim page gives it (`views.figure_words`)."""
    from .site.views import figure_words

    if not isinstance(q, dict):
        return _show(q)

    def number(key: str) -> str | None:
        return None if q.get(key) is None else _show(q.get(key))

    qualifier, words, unit = q.get("qualifier"), q.get("words"), q.get("unit")
    return figure_words(number("value"), number("min"), number("max"), str(words) if words else None,
                        qualifier if isinstance(qualifier, str) else None, str(unit) if unit else None)


def _day(value: Any) -> str:
    """A date of a record in words ("February to September 2022, approximate"), as it is written when
    it does not read as one."""
    from .dates import parse_edtf

    if not isinstance(value, str) or not value:
        return _show(value)
    try:
        return parse_edtf(value).human()
    except (ValueError, TypeError):
        return value


def _keyed(items: Any, key: Any) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for item in items if isinstance(items, list) else []:
        k = key(item)
        while k in out:
            k = (k, len(out))
        out[k] = item
    return out


def _added_removed(what: str, was: dict[Any, Any], now: dict[Any, Any], name: Callable[[Any], str]) -> list[str]:
    """"<what> added: <name>" for the items of `now` that `was` has not, then "removed" for the others."""
    return ([f"{what} added: {name(item)}" for k, item in now.items() if k not in was]
            + [f"{what} removed: {name(item)}" for k, item in was.items() if k not in now])


_FIELD_WORDS = {"ref": "its reference", "role": "its role", "supports": "the part it supports",
                "based_on": "what it rests on"}
"""An attribution's fields, as a history line names them when they change."""


def describe(old: Any, new: Any, renamed: dict[str, str] | None = None, *, marked: bool = False) -> list[str]:
    """What changed from one version of a claim record to the next, field by field, in words.

    `renamed` maps the old ids of renamed or merged actors to their successors: an attribution whose
    claimant was only renamed is the same attribution ("claimant renamed"), named by the new id.
    With `marked`, the records a line names (actors, sources, places, weapon systems, claims) are
    references that `in_words` puts in words when the line is shown: by their names on the site's pages,
    as they are when the page is made; by their ids for reviewers."""
    renamed = renamed or {}

    def ref(kind: str, value: Any) -> str:
        if marked and isinstance(value, str) and value and "\x00" not in value:
            return f"\x00{_MARK}:{kind}:{value}\x00"
        return _show(value)
    if new is None:
        return ["the record could not be read"]
    if old is None:
        return ["added"]
    if not isinstance(old, dict) or not isinstance(new, dict):
        return ["record changed"]
    out: list[str] = []
    for axis, name in (("reliability", "reliability"), ("credibility", "credibility")):
        before, after = _get(old, "confidence", axis, "grade"), _get(new, "confidence", axis, "grade")
        rationale = _get(new, "confidence", axis, "rationale")
        if before != after:
            out.append(f"{name} {_show(before)} → {_show(after)}" + (f": {rationale}" if rationale else ""))
        elif _get(old, "confidence", axis, "rationale") != rationale:
            out.append(f"{name} rationale changed" + (f": {rationale}" if rationale else ""))
    before, after = _get(old, "status", "value"), _get(new, "status", "value")
    reason = _get(new, "status", "reason")
    if before != after:
        out.append(f"status {_show(before)} → {_show(after)}" + (f": {reason}" if reason else ""))
    elif _get(old, "status") != _get(new, "status"):
        out.append("status details changed" + (f": {reason}" if reason else ""))
    for key, name in (("title", "title"), ("statement", "statement"), ("notes", "notes")):
        if old.get(key) != new.get(key):
            out.append(f"{name} {'added' if not old.get(key) else 'removed' if not new.get(key) else 'changed'}")
    if old.get("kind") != new.get("kind"):
        out.append(f"kind {_show(old.get('kind'))} → {_show(new.get('kind'))}")
    for key, name in (("event_date", "event date"), ("report_date", "report date")):
        if _get(old, key, "value") != _get(new, key, "value"):
            out.append(f"{name} {_day(_get(old, key, 'value'))} → {_day(_get(new, key, 'value'))}")
        elif old.get(key) != new.get(key):
            out.append(f"{name}: inference changed")
    if _get(old, "location", "place") != _get(new, "location", "place"):
        places = (ref("place", _get(old, "location", "place")), ref("place", _get(new, "location", "place")))
        out.append(f"place {places[0]} → {places[1]}")
    elif old.get("location") != new.get("location"):
        out.append("location details changed")
    for key, name in (("weapon_systems", "weapon system"),):
        was, now = old.get(key) or [], new.get(key) or []
        for item in now:
            if item not in was:
                out.append(f"{name} added: {ref('system', item)}")
        for item in was:
            if item not in now:
                out.append(f"{name} removed: {ref('system', item)}")
    # Attributions: matched by who says it and where we read it.
    def claimant(a: Any) -> Any:
        c = _get(a, "claimant")
        return renamed.get(c, c) if isinstance(c, str) else c

    def who(a: Any) -> Any:
        return (claimant(a), _get(a, "source"))
    was_a, now_a = _keyed(old.get("attributions"), who), _keyed(new.get("attributions"), who)
    out += _added_removed("attribution", was_a, now_a,
                          lambda a: f"{ref('actor', claimant(a))} in {ref('source', _get(a, 'source'))}")
    for k, a in now_a.items():
        b = was_a.get(k)
        if b is None or a == b:
            continue
        where = f" ({ref('actor', claimant(a))} in {ref('source', _get(a, 'source'))})"
        if _get(a, "claimant") != _get(b, "claimant"):
            out.append(f"claimant renamed{where}")
        for field_name, name in (("quote", "quote"), ("translation", "translation"), ("mode", "mode"),
                                 ("origin", "origin"), ("note", "attribution note")):
            if _get(a, field_name) != _get(b, field_name):
                if field_name == "origin":
                    was_o, now_o = ref("source", _get(b, field_name)), ref("source", _get(a, field_name))
                    out.append(f"{name} {was_o} → {now_o}{where}")
                elif field_name == "mode":
                    out.append(f"{name} {_show(_get(b, field_name))} → {_show(_get(a, field_name))}{where}")
                else:
                    out.append(f"{name} changed{where}")
        extra = {k2 for k2 in set(a) | set(b) if k2 not in ("claimant", "source", "quote", "translation", "mode",
                                                             "origin", "note") and a.get(k2) != b.get(k2)}
        if extra:
            fields = ", ".join(sorted(_FIELD_WORDS.get(str(k2), str(k2)) for k2 in extra))
            out.append(f"attribution details changed{where}: {fields}")
    # Figures: matched by measure.
    was_q = _keyed(old.get("quantities"), lambda q: _get(q, "measure"))
    now_q = _keyed(new.get("quantities"), lambda q: _get(q, "measure"))
    for k, q in now_q.items():
        label = _get(q, "label") or _show(_get(q, "measure"))
        if k not in was_q:
            out.append(f"figure added: {label} {_figure(q)}")
        elif q != was_q[k]:
            before, after = _figure(was_q[k]), _figure(q)
            out.append(f"figure {label} {before} → {after}" if before != after else f"figure {label}: details changed")
    for k, q in was_q.items():
        if k not in now_q:
            out.append(f"figure removed: {_get(q, 'label') or _show(_get(q, 'measure'))} {_figure(q)}")
    was_r = _keyed(old.get("relations"), lambda r: (_get(r, "type"), _get(r, "claim")))
    now_r = _keyed(new.get("relations"), lambda r: (_get(r, "type"), _get(r, "claim")))
    def relation(r: Any) -> str:
        return f"{_show(_get(r, 'type'))} {ref('claim', _get(r, 'claim'))}"
    out += _added_removed("relation", was_r, now_r, relation)
    out += [f"relation note changed: {relation(r)}" for k, r in now_r.items() if k in was_r and r != was_r[k]]
    known = {"confidence", "status", "title", "statement", "notes", "kind", "event_date", "report_date", "location",
             "weapon_systems", "attributions", "quantities", "relations", "reviewed", "added", "id"}
    for key in sorted(set(old) | set(new), key=str):
        if key not in known and old.get(key) != new.get(key):
            out.append(f"{key} changed")
    if old.get("reviewed") != new.get("reviewed"):
        out.append(f"reviewed {_show(new.get('reviewed'))}")
    # The same words for several attributions (one claimant, one source) or figures (one measure) are said
    # once, with how many times.
    counted: dict[str, int] = {}
    for line in out:
        counted[line] = counted.get(line, 0) + 1
    return [line if n == 1 else f"{line} ({n} times)" for line, n in counted.items()]


_MARK = secrets.token_hex(8)
"""Part of every reference `describe` marks, drawn anew by each process that reads the history (its forked
workers share it): an old record's text, which nothing validated, cannot hold a reference of its own."""
_REF = re.compile(f"\x00{_MARK}:([a-z]+):([^\x00]*)\x00")


def in_words(line: str, name: Callable[[str, str], str] | None = None) -> str:
    """A line of `describe(..., marked=True)` with the records it names put in words: `name(kind, id)`
    (the site: the record's name), or the id. A NUL that an old record's text held is shown as U+FFFD."""
    if "\x00" not in line:
        return line
    words = _REF.sub(lambda m: name(m.group(1), m.group(2)) if name else m.group(2), line)
    return words.replace("\x00", "\ufffd")


QUIET = ("reviewed ", "claimant renamed ")
"""Changes that leave what a reader sees of the claim as it was: a review date, an actor's new id (its
name and its page stay, the old address redirects)."""


def meaningful(changes: list[str]) -> bool:
    """Whether a version changed what the claim says (not only its review date, its formatting or the id
    of a renamed claimant)."""
    return any(not c.startswith(QUIET) for c in changes)
