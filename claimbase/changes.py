"""What a reviewer must see in a change: `python build_site.py changes --base REV`.

For the claim records that differ between REV and the working tree (uncommitted and untracked files
count, as in the permanence check): claims added or withdrawn, grades, statuses, figures and quotes
changed, in the words of the history pages (`history.describe`); the URLs added to permalinks.txt; and
the problems the records have now, those in the changed files first. Markdown for people (the
pull-request workflow writes it to the job summary), JSON for machines. Every text taken from a
record is escaped for Markdown, so a record cannot put a link or an image in the summary.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .history import _CLAIM_FILE, CLAIMS, MAX_BLOB_BYTES, describe, parse_blob, read_blobs
from .layout import MANIFEST
from .permanence import _git_ok, parse_manifest, resolve_base
from .problems import ProblemsFound

SECTION_LIMIT = 200
"""Lines per section of the Markdown summary; the JSON has everything. (A job summary holds 1 MiB.)"""

CATEGORIES = (
    ("grades", "Grades changed", ("credibility", "reliability")),
    ("statuses", "Statuses changed", ("status",)),
    ("figures", "Figures changed", ("figure",)),
    ("quotes", "Quotes changed", ("quote", "translation")),
)


@dataclass
class ClaimChange:
    id: str
    change: str
    """added, changed, withdrawn or deleted."""
    title: str = ""
    changes: list[str] = field(default_factory=list)


@dataclass
class Summary:
    base: str
    commit: str
    claims: list[ClaimChange] = field(default_factory=list)
    manifest_added: list[str] = field(default_factory=list)
    problems_in_changed: list[str] = field(default_factory=list)
    problems_elsewhere: list[str] = field(default_factory=list)

    def category(self, name: str) -> list[tuple[ClaimChange, str]]:
        prefixes = next(p for n, _, p in CATEGORIES if n == name)
        return [(c, text) for c in self.claims for text in c.changes
                if c.change != "added" and text.split(" ", 1)[0] in prefixes]

    def to_json(self) -> str:
        data = asdict(self)
        for name, _, _ in CATEGORIES:
            data[name] = [{"id": c.id, "change": text} for c, text in self.category(name)]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _changed_files(root: Path, commit: str) -> tuple[dict[str, str], bool]:
    """claim id -> A, M, D or T between `commit` and the working tree; and whether the manifest changed."""
    raw = _git_ok(root, "diff", "--no-renames", "--name-status", "-z", "--no-color", "--no-ext-diff", commit, "--",
                  CLAIMS + "/", MANIFEST)
    fields = raw.decode("utf-8", "surrogateescape").split("\0")
    out: dict[str, str] = {}
    manifest = False
    for status, path in zip(fields[0::2], fields[1::2], strict=False):
        if path == MANIFEST:
            manifest = True
        elif m := _CLAIM_FILE.match(path):
            out[m.group(1)] = status[:1]
    untracked = _git_ok(root, "ls-files", "-z", "--others", "--exclude-standard", "--", CLAIMS + "/", MANIFEST)
    for path in untracked.decode("utf-8", "surrogateescape").split("\0"):
        if path == MANIFEST:
            manifest = True
        elif m := _CLAIM_FILE.match(path):
            out[m.group(1)] = "A"
    return out, manifest


def _blob_ids(root: Path, commit: str, paths: list[str]) -> dict[str, str]:
    """path -> blob id at `commit`, from one `git ls-tree` call."""
    if not paths:
        return {}
    raw = _git_ok(root, "ls-tree", "-z", "--full-tree", commit, "--", *paths) if len(paths) < 500 else \
        _git_ok(root, "ls-tree", "-z", "-r", "--full-tree", commit, "--", CLAIMS + "/", MANIFEST)
    out = {}
    for entry in raw.decode("utf-8", "surrogateescape").split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            out[path] = parts[2]
    return out


def summarize(root: Path, base: str, *, check: bool = True) -> Summary:
    """The changes of claim records and of the manifest since `base`; with `check`, the problems too."""
    root = Path(root).resolve()
    commit = resolve_base(root, base)
    if commit is None:  # pragma: no cover - resolve_base raises for an unknown explicit base
        commit = base
    checking = _check_in_background(root) if check else None
    changed, manifest_changed = _changed_files(root, commit)
    paths = [f"{CLAIMS}/{cid}.yaml" for cid in changed] + ([MANIFEST] if manifest_changed else [])
    ids = _blob_ids(root, commit, paths)
    wanted = set(paths)  # with many paths, `_blob_ids` lists the whole folder: read only those changed
    too_large: dict[str, int] = {}
    blobs = read_blobs(root, sorted({sha for path, sha in ids.items() if path in wanted}), too_large)
    summary = Summary(base, commit)
    for cid in sorted(changed):
        path = f"{CLAIMS}/{cid}.yaml"
        old_raw = blobs.get(ids.get(path, ""))
        old = parse_blob(old_raw, path)[0] if old_raw is not None else None
        try:
            new_raw = (root / path).read_bytes()
        except OSError:
            new_raw = None
        if new_raw is None:
            summary.claims.append(ClaimChange(cid, "deleted", str(_get(old, "title") or ""),
                                              ["the record file was deleted: records are never deleted"]))
            continue
        new, problem = parse_blob(new_raw, path)
        title = str(_get(new, "title") or _get(old, "title") or "")
        if new is None:
            summary.claims.append(ClaimChange(cid, "changed" if old_raw else "added", title,
                                              [f"the record cannot be read: {problem}"]))
            continue
        if old_raw is None and ids.get(path) in too_large:
            summary.claims.append(ClaimChange(cid, "changed", title, [
                f"the record at the base is {too_large[ids[path]]} bytes, more than the {MAX_BLOB_BYTES} "
                "allowed: not compared"]))
            continue
        words = describe(old, new) if old_raw is not None else ["added"]
        if not words:
            continue  # layout or comments only
        kind = "added" if old_raw is None else (
            "withdrawn" if _get(new, "status", "value") == "withdrawn" != _get(old, "status", "value") else "changed")
        summary.claims.append(ClaimChange(cid, kind, title, words))
    if manifest_changed:
        before = {u for _, u in parse_manifest(blobs[ids[MANIFEST]].decode("utf-8", "replace"))} \
            if MANIFEST in ids and ids[MANIFEST] in blobs else set()
        try:
            now = [u for _, u in parse_manifest((root / MANIFEST).read_text(encoding="utf-8", errors="replace"))]
        except OSError:
            now = []
        summary.manifest_added = sorted(set(now) - before)
    if checking is not None:
        touched = {f"{CLAIMS}/{cid}.yaml" for cid in changed}
        for file, text in checking():
            (summary.problems_in_changed if file in touched else summary.problems_elsewhere).append(text)
    return summary


def _problems(root: Path) -> list[tuple[str, str]]:
    """Every problem of the knowledge base at `root`, as (file, the problem's line), as `validate` finds them."""
    from .pipeline import load_knowledge_base

    try:
        load_knowledge_base(root)
    except ProblemsFound as found:
        return [(p.file, str(p)) for p in found.problems.items]
    return []


def _check_in_background(root: Path) -> Callable[[], list[tuple[str, str]]]:
    """Start checking the whole knowledge base in a forked process, while this one compares the records
    with the base (it takes most of the time of `changes`); the returned function waits for the problems.
    Where there is no fork, the check runs when the function is called. Any error other than problems is
    raised by checking again in this process."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return lambda: _problems(root)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read_end)
        code = 0
        try:
            payload = json.dumps({"problems": _problems(root)})
        except BaseException:  # noqa: BLE001 - the parent checks again and raises it
            payload, code = json.dumps({"failed": True}), 1
        with os.fdopen(write_end, "w", encoding="utf-8") as out:
            out.write(payload)
        os._exit(code)
    os.close(write_end)

    def wait() -> list[tuple[str, str]]:
        with os.fdopen(read_end, encoding="utf-8") as inp:
            text = inp.read()  # before waiting: a full pipe would block the child
        os.waitpid(pid, 0)
        found = json.loads(text) if text else {"failed": True}
        if "problems" not in found:
            return _problems(root)
        return [(file, line) for file, line in found["problems"]]
    return wait


def _get(data: object, *path: str) -> object:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~&@])")


def md(text: str) -> str:
    """Untrusted text as literal Markdown: one line, every character that could start markup escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _section(title: str, lines: list[str]) -> list[str]:
    if not lines:
        return []
    shown = lines[:SECTION_LIMIT]
    more = [f"- … and {len(lines) - len(shown)} more (see `--json`)"] if len(lines) > len(shown) else []
    return [f"### {title} ({len(lines)})", "", *shown, *more, ""]


def to_markdown(s: Summary) -> str:
    added = [c for c in s.claims if c.change == "added"]
    withdrawn = [c for c in s.claims if c.change == "withdrawn"]
    deleted = [c for c in s.claims if c.change == "deleted"]
    out = [f"## Changes to claims since `{s.commit[:12]}`", ""]
    counts = f"{len(s.claims)} claim record{'s' if len(s.claims) != 1 else ''} changed"
    counts += f": {len(added)} added, {len(withdrawn)} withdrawn" if s.claims else ""
    problems = len(s.problems_in_changed) + len(s.problems_elsewhere)
    out += [counts + f"; {len(s.manifest_added)} URL{'s' if len(s.manifest_added) != 1 else ''} added to "
            f"{MANIFEST}; {problems} problem{'s' if problems != 1 else ''}.", ""]
    out += _section("Problems in the changed records", [f"- {md(p)}" for p in s.problems_in_changed])
    out += _section("Problems elsewhere", [f"- {md(p)}" for p in s.problems_elsewhere])
    out += _section("Deleted (not allowed: withdraw or merge instead)", [f"- `{c.id}` {md(c.title)}" for c in deleted])
    out += _section("Added claims", [f"- `{c.id}` {md(c.title)}" for c in added])
    out += _section("Withdrawn claims", [f"- `{c.id}` {md(c.title)}: "
                                         + md(next((t for t in c.changes if t.startswith("status")), ""))
                                         for c in withdrawn])
    for name, title, _ in CATEGORIES:
        out += _section(title, [f"- `{c.id}`: {md(text)}" for c, text in s.category(name)])
    categorised = tuple(p for _, _, prefixes in CATEGORIES for p in prefixes)
    other = [f"- `{c.id}`: {md(text)}" for c in s.claims if c.change in ("changed", "withdrawn")
             for text in c.changes if text.split(" ", 1)[0] not in categorised]
    out += _section("Other changes", other)
    out += _section(f"URLs added to {MANIFEST}", [f"- `{u}`" for u in s.manifest_added])
    return "\n".join(out).rstrip() + "\n"
