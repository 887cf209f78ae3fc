"""One way to read a file of the repository: every command reads its inputs through here.

Every file in the repository comes from a stranger's pull request. A file is read only when it is a
regular file (not a symbolic link, a FIFO or a device), no bigger than its limit (the read stops one
byte past it, whatever the file claims), and, for text, strictly UTF-8. `input_link_problems` refuses a
symbolic link anywhere in the folders the site is made from, so nothing outside the repository (a
machine's /etc/passwd, /proc/self/environ and its CI secrets) is ever read into the site.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .problems import Problem

RECORD_BYTES = 256 * 1024
"""A record file (YAML)."""
ARCHIVE_BYTES = 2 * 1024 * 1024
"""An archived source text."""
MANIFEST_BYTES = 16 * 1024 * 1024
"""permalinks.txt: some 40 bytes a record, for hundreds of thousands of records."""
PAGE_BYTES = 4 * 1024 * 1024
"""A hand-written page of docs/, a JSON Schema, a built HTML page read back by a check."""

INPUT_FOLDERS = ("claims", "sources", "systems", "places", "actors", "archive", "schemas", "docs", "overrides")
"""The folders of the repository the site is made from (records, texts, schemas, hand pages, theme)."""


class Unreadable(Exception):
    """A file this project refuses to read; `line` and `column` locate the problem (0 when the whole file)."""

    def __init__(self, message: str, hint: str = "", line: int = 0, column: int = 0, *, kind: str = ""):
        super().__init__(message)
        self.message, self.hint, self.line, self.column, self.kind = message, hint, line, column, kind


def read_bytes(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; raise `Unreadable` otherwise."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise Unreadable("file not found") from None
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise Unreadable("is a symbolic link: files are never read through a link",
                         "replace the link by the file itself, inside the repository", kind="link")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("is not a regular file", "only plain files belong in the repository")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between lstat and open
            raise Unreadable("is not a regular file", "only plain files belong in the repository")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        shown = f"{info.st_size} bytes" if info.st_size > limit else "bigger than that"
        raise Unreadable(f"file is {shown}, more than the {limit} allowed",
                         "keep the file small; long texts belong in the source's archived text file", kind="size")
    return b"".join(chunks)


def decode(raw: bytes, *, bom: bool = False) -> str:
    """Strict UTF-8; a byte-order mark is refused unless `bom`. `Unreadable` gives the line and column."""
    if raw.startswith(b"\xef\xbb\xbf") and not bom:
        raise Unreadable("file starts with a byte-order mark (BOM)", "save the file as UTF-8 without BOM", 1, 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise Unreadable(f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", "save the file as UTF-8",
                         line, col) from None


def read_text(path: Path | str, limit: int, *, bom: bool = False) -> str:
    """`read_bytes` then `decode`."""
    return decode(read_bytes(path, limit), bom=bom)


def problem(display: str, exc: Unreadable) -> Problem:
    return Problem(display, exc.line, exc.column, "", exc.message, exc.hint)


def inside(root: Path, path: Path) -> bool:
    """True when `path`, all links resolved, is `root` or lies under it."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True


def input_link_problems(root: Path, folders: tuple[str, ...] = INPUT_FOLDERS) -> list[Problem]:
    """A problem for every symbolic link in the input folders of `root` (or a folder that is one), and
    for every file that is not a regular one."""
    problems: list[Problem] = []
    root = Path(root)

    def refuse(rel: str, full: str) -> None:
        try:
            target = os.readlink(full)
        except OSError:
            target = "?"
        where = "inside" if inside(root, Path(full)) else "outside"
        problems.append(Problem(rel, 0, 0, "", f"is a symbolic link to {target} ({where} the repository): "
                                "links are never followed", "replace the link by a plain file or folder"))

    for folder in folders:
        top = root / folder
        if top.is_symlink():
            refuse(folder, str(top))
            continue
        if not top.is_dir():
            continue
        pending = [top]
        while pending:  # one scandir per folder, links never followed
            folder_path = pending.pop()
            with os.scandir(folder_path) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        refuse(Path(entry.path).relative_to(root).as_posix(), entry.path)
                    elif entry.is_dir(follow_symlinks=False):
                        pending.append(Path(entry.path))
                    elif not entry.is_file(follow_symlinks=False):  # a FIFO would hang a reader
                        problems.append(Problem(Path(entry.path).relative_to(root).as_posix(), 0, 0, "",
                                                "is not a regular file (a FIFO, socket or device)",
                                                "only plain files and folders belong in the repository"))
    return sorted(problems)
