"""Permanence: a published URL never breaks, and a record's id never changes.

Three checks keep that promise:

1. **The manifest** (`permalinks.txt`, committed): one site-relative URL per line, every URL this site
   has ever published. Lines are kept in sorted order and never removed. Every line must still be
   published by a record file, and every record's URL must be listed (`append_new_paths` adds them).
2. **The history** (`git`): compared with a base revision (HEAD by default; in CI, the pull request's
   base), no record file is deleted or renamed, no `id:` changes, and no manifest line disappears.
   Uncommitted and untracked changes in the working tree count.
3. **The built site** (`verify_site`): every manifest URL resolves to a page, or to a redirect page
   whose target is a page.

A claim that should no longer stand is withdrawn (its page stays, as a tombstone), superseded (it points
to its successor) or merged into the claim it duplicates (its URL redirects there); never deleted.

Record URLs come from `claimbase.urls` only. The manifest and history checks read record *files*, not
validated records, so they work (and name the URL concerned) even while a record does not validate.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import reading
from .history import FULL_HISTORY_HINT, is_version_url, listed_versions, split_batch, version_urls
from .layout import FOLDERS, MANIFEST, Layout
from .problems import ClaimbaseError, Problem, Problems, ProblemsFound
from .urls import SECTION, record_path

UPDATE_COMMAND = "python build_site.py permanence --update"
"""What a contributor runs to add the URLs of new records to the manifest."""

MANIFEST_HEADER = """\
# Every URL this site has published, one per line, relative to the site's root.
# A published URL is a promise to everyone who cited it: lines are never removed or changed.
# Keep the lines sorted; `python build_site.py permanence --update` adds the URLs of new records.
"""

_FOLDER_KIND = {folder: kind for kind, folder in FOLDERS.items()}


class PermanenceError(ClaimbaseError):
    """The check could not run (no git, not a repository, unknown base revision)."""


@dataclass
class PermanenceResult:
    """What a passing check looked at."""

    added: list[str] = field(default_factory=list)
    """URLs `--update` appended to the manifest."""
    compared_with: str | None = None
    """The base revision the working tree was compared with, or None when there was none."""
    note: str = ""
    """Why no git comparison was made, when none was."""
    added_versions: list[str] = field(default_factory=list)
    """Version URLs (claims/<id>/v<N>/, from the git history) `--update` appended to the manifest."""


# --- Which URLs the records publish -------------------------------------------------------------


def expected_paths(kb) -> list[str]:  # noqa: ANN001 - a claimbase.kb.KnowledgeBase
    """The page URL of every record in a loaded knowledge base, sorted."""
    kinds = list(kb.records.items()) + list(kb.merged.items())  # a tombstone's URL stays: it redirects
    return sorted(record_path(kind, record_id) for kind, by_id in kinds for record_id in by_id)


def record_paths(root: Path) -> dict[str, str]:
    """URL -> record file (relative to root) for every record file, valid or not.

    The file name is the id (the validator enforces it), so this equals `expected_paths` for a valid
    knowledge base, and still works when a record has problems.
    """
    out: dict[str, str] = {}
    for kind, folder in FOLDERS.items():
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.yaml")):
            if path.is_file() and not path.name.startswith("."):
                out[record_path(kind, path.stem)] = f"{folder}/{path.name}"
    return dict(sorted(out.items()))


def record_file_for(url: str) -> str | None:
    """The record file that publishes a record URL ("claims/x/" -> "claims/x.yaml"), or None."""
    section, _, rest = url.partition("/")
    record_id = rest.rstrip("/")
    for kind, sec in SECTION.items():
        if sec == section and record_id and "/" not in record_id and url == record_path(kind, record_id):
            return f"{FOLDERS[kind]}/{record_id}.yaml"
    return None


# --- The manifest -------------------------------------------------------------------------------


def parse_manifest(text: str) -> list[tuple[int, str]]:
    """(line number, URL) for every URL line; blank lines and `#` comments are skipped."""
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append((number, line))
    return out


def read_manifest(root: Path) -> list[tuple[int, str]] | None:
    """The manifest's URL lines, or None when there is no manifest file."""
    text = _manifest_text(root)
    return None if text is None else parse_manifest(text)


def _manifest_text(root: Path) -> str | None:
    """The manifest's text, read like every input (`reading`); None when there is none."""
    path = Layout(root).manifest
    if not os.path.lexists(path):
        return None
    try:
        return reading.read_text(path, reading.MANIFEST_BYTES)
    except reading.Unreadable as exc:
        raise ProblemsFound(Problems([reading.problem(MANIFEST, exc)])) from None


def _restore_hint(url: str) -> str:
    if is_version_url(url):  # issue 14: version pages come from the git history
        return ("version pages are read from the git history of the main branch: build in a full clone "
                f"({FULL_HISTORY_HINT.split(': ', 1)[1]}); a pull request counts as one commit when it is "
                "merged, so list only versions that exist on the base branch")
    file = record_file_for(url)
    if file is None:
        return "put back the record that published it"
    if file.startswith(FOLDERS["claim"] + "/"):
        return (f"restore {file} from git history and set its status to withdrawn (with reason and date), "
                "or to merged (merged_into: the claim it duplicates)")
    return f"restore {file} from git history: records are never deleted"


def manifest_problems(root: Path) -> list[Problem]:
    """The manifest against the record files: every line published, every record listed, sorted."""
    problems: list[Problem] = []
    published = record_paths(root)
    entries = read_manifest(root)
    if entries is None:
        if published:
            problems.append(Problem(MANIFEST, 0, 0, "", f"{MANIFEST} is missing: it lists every published URL",
                                    f"create it with `{UPDATE_COMMAND}` and commit it"))
        return problems
    published.update(listed_versions(root, [url for _, url in entries]))  # issue 14: claims/<id>/v<N>/
    seen: dict[str, int] = {}
    previous = ""
    for number, url in entries:
        if url in seen:
            problems.append(Problem(MANIFEST, number, 1, "", f"{url} is listed twice (first on line {seen[url]})",
                                    "delete this second copy of the line"))
            continue
        seen[url] = number
        if url not in published:
            problems.append(Problem(
                MANIFEST, number, 1, "",
                f"{url} is in {MANIFEST} but no record publishes it: a published URL never breaks",
                _restore_hint(url)))
        if url < previous:
            problems.append(Problem(MANIFEST, number, 1, "", f"{url} is out of order: the lines are kept sorted",
                                    f"move it up, or run `{UPDATE_COMMAND}`, which sorts the file"))
        previous = max(previous, url)
    for url, file in published.items():
        if url not in seen:
            problems.append(Problem(file, _id_line(root / file), 1, "",
                                    f"{url} is not in {MANIFEST}: every published URL is listed there",
                                    f"add the line `{url}` to {MANIFEST}, or run `{UPDATE_COMMAND}`"))
    return problems


def _id_line(path: Path) -> int:
    """The line of a record file's `id:` (the id makes its URL), or 1 when it has none we can read."""
    try:
        text = reading.read_bytes(path, reading.RECORD_BYTES).decode("utf-8", "replace")
    except reading.Unreadable:
        return 1
    return next((n for n, line in enumerate(text.split("\n"), 1) if line.startswith("id:")), 1)


def append_new_paths(root: Path, published: list[str] | None = None) -> list[str]:
    """Add the URL of every record (or of every URL in `published`) missing from the manifest; never remove
    a line. Returns what was added.

    The file is rewritten with its comment header and its URLs sorted (duplicates once).
    """
    path = Layout(root).manifest
    text = _manifest_text(root)
    text = MANIFEST_HEADER if text is None else text
    header = []
    for line in text.splitlines():
        if line.strip() and not line.strip().startswith("#"):
            break
        header.append(line)
    listed = [url for _, url in parse_manifest(text)]
    # A file name that is no valid id is reported by the validator; it never becomes a published URL.
    added = [url for url in (record_paths(root) if published is None else published)
             if url not in set(listed) and _SLUG.fullmatch(url.split("/")[1])]
    urls = sorted(set(listed) | set(added))
    new_text = "\n".join([*[h for h in header if h.strip()], *urls]) + "\n"
    if new_text != text:
        path.write_text(new_text, encoding="utf-8")
    return added


# --- The history (git) --------------------------------------------------------------------------


def _git(root: Path, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None
         ) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise PermanenceError("git is not installed: the permanence check compares records with git history")
    full_env = {**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0", **(env or {})}
    return subprocess.run([git, *args], cwd=root, env=full_env, input=stdin, capture_output=True, check=False)


def _git_ok(root: Path, *args: str, env: dict[str, str] | None = None) -> bytes:
    result = _git(root, *args, env=env)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PermanenceError(f"git {args[0]} failed: {message[-1] if message else 'exit ' + str(result.returncode)}")
    return result.stdout


def resolve_base(root: Path, base: str | None) -> str | None:
    """The commit to compare with: `base`, or HEAD. None when base is None and nothing is committed yet."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise PermanenceError(
            f"{root} is not inside a git work tree: the permanence check compares the records with a previous "
            "commit; run it in a clone of the repository (git clone ...), not in a copy of the files")
    revision = base or "HEAD"
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if found.returncode == 0:
        return found.stdout.decode().strip()
    if base is None:
        return None  # no commits yet: nothing has been published
    raise PermanenceError(
        f"unknown git revision '{base}': cannot compare with it. Give a branch, tag or commit that exists here; "
        "in CI, fetch the whole history (actions/checkout with fetch-depth: 0)")


def _read_blobs(root: Path, specs: list[str]) -> list[bytes | None]:
    """The contents of `rev:path` objects, in one `git cat-file --batch` call."""
    if not specs:
        return []
    result = _git(root, "cat-file", "--batch", stdin="".join(s + "\n" for s in specs).encode())
    if result.returncode != 0:
        raise PermanenceError("git cat-file failed: " + result.stderr.decode("utf-8", "replace").strip())
    return split_batch(result.stdout, len(specs))


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def read_id(text: str) -> str | None:
    """The top-level `id:` of a record file's text, without parsing the YAML (it may not be valid).

    One pass over the lines with plain string operations: linear on any text (a regular expression
    with a lazy group and optional padding took minutes on an `id:` line padded with spaces)."""
    for line in text.split("\n"):
        if not line.startswith("id:"):
            continue
        rest = line[3:].strip(" \t")
        if rest[:1] in ('"', "'"):
            end = rest.find(rest[0], 1)
            tail = rest[end + 1:].strip(" \t") if end > 0 else "x"
            if end > 0 and (not tail or tail.startswith("#")):
                return rest[1:end].strip()
        if not rest or rest[0] == "#" or rest[0].isspace():
            continue
        return rest.partition("#")[0].strip()
    return None


def _record_kind(path: str) -> str | None:
    folder, _, name = path.partition("/")
    if folder in _FOLDER_KIND and name.endswith(".yaml") and "/" not in name:
        return _FOLDER_KIND[folder]
    return None


def _url_of(path: str) -> str:
    kind = _record_kind(path)
    assert kind is not None
    return record_path(kind, path.rsplit("/", 1)[1][: -len(".yaml")])


def _changes(root: Path, commit: str) -> list[tuple[str, str, str | None]]:
    """(status letter, path at base, new path) between `commit` and the working tree, untracked files included.

    The working tree is staged into a temporary index (the repository's own index is not touched),
    so that a rename shows as a rename even before `git add`.
    """
    pathspecs = [*FOLDERS.values(), MANIFEST]
    existing = [p for p in pathspecs if (root / p).exists()]
    with tempfile.TemporaryDirectory(prefix="claimbase-permanence-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        if existing:
            _git_ok(root, "add", "--all", "--", *existing, env=env)
        raw = _git_ok(root, "diff", "--cached", "--name-status", "-z", "-M", "--relative", "--no-color",
                      "--no-ext-diff", commit, "--", *pathspecs, env=env)
    fields = raw.decode("utf-8", "surrogateescape").split("\0")
    out: list[tuple[str, str, str | None]] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i][0]
        if status in "RC":
            out.append((status, fields[i + 1], fields[i + 2]))
            i += 3
        else:
            out.append((status, fields[i + 1], None))
            i += 2
    return out


def git_problems(root: Path, base: str | None = None) -> tuple[list[Problem], str | None]:
    """Compare the working tree with `base` (default HEAD). Returns the problems and the commit compared with.

    Raises `PermanenceError` when the comparison cannot be made (not a repository, unknown base).
    """
    commit = resolve_base(root, base)
    if commit is None:
        return [], None
    label = base or "HEAD"
    problems: list[Problem] = []
    modified: list[str] = []
    for status, old, new in _changes(root, commit):
        if status == "R" and _record_kind(old):
            url = _url_of(old)
            problems.append(Problem(
                old, 0, 0, "",
                f"{url}: {old} was renamed to {new} (since {label}): a published URL never breaks and an id never "
                "changes",
                f"rename it back (git mv {new} {old}); to replace a claim, add a new one and mark the old one "
                "superseded or merged"))
        elif status == "D" and _record_kind(old):
            url = _url_of(old)
            problems.append(Problem(
                old, 0, 0, "",
                f"{url}: {old} was deleted (since {label}): a published URL never breaks",
                f"restore it (git checkout {label} -- {old})" +
                ("; then set its status to withdrawn (with reason and date), or to merged (merged_into: the claim "
                 "it duplicates)" if _record_kind(old) == "claim" else ": records are never deleted")))
        elif status in "MT" and _record_kind(old):
            modified.append(old)
    if modified:
        old_texts = _read_blobs(root, [f"{commit}:./{path}" for path in modified])
        for path, old_bytes in zip(modified, old_texts, strict=True):
            if old_bytes is None:
                continue
            old_id = read_id(old_bytes.decode("utf-8", "replace"))
            try:
                new_text = reading.read_bytes(root / path, reading.RECORD_BYTES).decode("utf-8", "replace")
            except reading.Unreadable:
                continue  # a link, or too big: the validator says so
            new_id = read_id(new_text)
            if old_id is None or old_id == new_id:
                continue
            kind = _record_kind(path)
            assert kind is not None
            url = record_path(kind, old_id)
            line = next((n for n, text in enumerate(new_text.splitlines(), 1) if text.startswith("id:")), 1)
            change = f"changed from '{old_id}' to '{new_id}'" if new_id else f"'{old_id}' was removed"
            problems.append(Problem(path, line, 1, "id",
                                    f"{url}: the id {change} (since {label}): an id never changes",
                                    f"set it back: `id: {old_id}`"))
    old_manifest = _read_blobs(root, [f"{commit}:./{MANIFEST}"])[0]
    if old_manifest is not None:
        now = {url for _, url in (read_manifest(root) or [])}
        for number, url in parse_manifest(old_manifest.decode("utf-8", "replace")):
            if url not in now:
                problems.append(Problem(
                    MANIFEST, 0, 0, "",
                    f"{url} was removed from {MANIFEST} (it was line {number} at {label}): published URLs are "
                    "never removed",
                    f"put the line `{url}` back"))
    return problems, commit


# --- The built site -----------------------------------------------------------------------------


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refresh: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta" or self.refresh is not None:
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if values.get("http-equiv", "").lower() == "refresh":
            self.refresh = values.get("content", "")


def redirect_target(html: str) -> str | None:
    """The URL a meta-refresh page sends readers to, or None when the page is not a redirect."""
    parser = _Meta()
    parser.feed(html)
    if parser.refresh is None:
        return None
    match = re.search(r"url\s*=\s*['\"]?([^'\"\s]*)", parser.refresh, re.IGNORECASE)
    return match.group(1) if match else ""


def _page_file(site_dir: Path, path: str) -> Path | None:
    """The HTML file that serves a site-relative path, or None."""
    path = path.lstrip("/")
    if ".." in path.split("/"):
        return None
    candidate = site_dir / path
    if path == "" or path.endswith("/") or not candidate.suffix:
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _resolve_target(site_dir: Path, from_path: str, target: str) -> str | None:
    """A redirect target as a site-relative path, or None when it leaves the site."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith("/"):
        # Absolute: the site may live under a sub-path (https://host/repo/claims/x/); match the longest
        # tail of the path that exists in the site.
        segments = unquote(parts.path).strip("/").split("/")
        trailing = "/" if parts.path.endswith("/") else ""
        for start in range(len(segments)):
            candidate = "/".join(segments[start:]) + trailing
            if _page_file(site_dir, candidate):
                return candidate
        return None
    joined = posixpath.normpath(posixpath.join(from_path, unquote(parts.path)))
    if joined.startswith(".."):
        return None
    joined = "" if joined == "." else joined
    return joined + "/" if parts.path.endswith("/") and joined else joined


def resolve_url(site_dir: Path, path: str, max_hops: int = 5,
                generated: set[str] | None = None) -> tuple[str | None, str]:
    """Follow `path` through redirect pages. Returns (the page path it lands on, or None; what went wrong).

    With `generated` (the site-relative files the build generated), every page on the way must be one
    of them: a published URL never lands on, or redirects to, a file copied from docs/."""
    seen = []
    current = path
    for _ in range(max_hops + 1):
        file = _page_file(site_dir, current)
        if file is None:
            if not seen:
                return None, f"there is no page {site_dir.name}/{current}index.html"
            return None, f"its redirect leads to {current}, which is not a page of the site"
        if generated is not None and file.relative_to(site_dir).as_posix() not in generated:
            return None, f"{current} is not a page the build generated"
        target = redirect_target(file.read_text(encoding="utf-8", errors="replace"))
        if target is None:
            return current, ""
        seen.append(current)
        if not target:
            return None, f"{current} is a redirect page without a target URL"
        nxt = _resolve_target(site_dir, current if current.endswith("/") else posixpath.dirname(current) + "/",
                              target)
        if nxt is None:
            return None, f"{current} redirects to {target}, outside the site"
        if nxt in seen:
            return None, f"its redirects go round in a loop ({' -> '.join([*seen, nxt])})"
        current = nxt
    return None, f"it takes more than {max_hops} redirects ({' -> '.join(seen)})"


def verify_site(root: Path, site_dir: Path, generated: set[str] | None = None) -> list[Problem]:
    """Every manifest URL resolves in the built site to a page, or to a redirect that lands on one
    (with `generated`, only through pages the build generated: see `resolve_url`)."""
    problems: list[Problem] = []
    for number, url in read_manifest(root) or []:
        landed, why = resolve_url(site_dir, url, generated=generated)
        if landed is None:
            problems.append(Problem(MANIFEST, number, 1, "", f"{url} does not resolve in the built site: {why}",
                                    _restore_hint(url) if is_version_url(url) else
                                    "a published URL must keep serving a page, a tombstone or a redirect"))
    return problems


# --- Together -----------------------------------------------------------------------------------


def check_permanence(root: Path, base: str | None = None, update: bool = False) -> PermanenceResult:
    """Run the manifest and history checks; raise `ProblemsFound` listing every problem.

    With `update`, first append the URLs of new records to the manifest. Raises `PermanenceError` (a
    `ClaimbaseError`) when the git comparison cannot be made.
    """
    root = Path(root)
    result = PermanenceResult()
    if update:
        result.added = append_new_paths(root)
        result.added_versions = append_new_paths(root, version_urls(root))
    problems = Problems()
    problems.extend(manifest_problems(root))
    found, commit = git_problems(root, base)
    problems.extend(found)
    result.compared_with = commit
    if commit is None:
        result.note = "no commits yet: nothing published to compare with"
    if problems:
        raise ProblemsFound(problems)
    return result
