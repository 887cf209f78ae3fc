"""Write generated files only when their content changed, and remove the ones no record needs any more.

Unchanged files keep their timestamps, so a live preview rebuilds only what changed and does not loop.
"""

from __future__ import annotations

import os
from pathlib import Path


class TreeWriter:
    """Writes files under `root`, remembering every path written, so stale ones can be removed."""

    def __init__(self, root: Path, known: dict[str, tuple[int, int]] | None = None, *, defer: bool = False) -> None:
        self.root = root
        self.written: set[str] = set()
        self.changed: list[str] = []
        self.known = known
        """Optional: path -> (hash, size) of what this process wrote there last; spares reading it again."""
        self.defer = defer
        """Hold changed files until `flush()`: a live preview's MkDocs then rebuilds once, after all of
        them are written, instead of starting on the first one and competing with the rest."""
        self._pending: list[tuple[Path, bytes]] = []
        self._root = os.fspath(root)
        self._folders: set[str] = set()
        """Folders this writer made (or found): spares asking again for every file in them."""

    def write(self, rel: str, content: str | bytes) -> bool:
        """Write `content` at `rel` (a posix path under root) if it differs; True when written."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        if rel in self.written:
            raise ValueError(f"generated twice: {rel}")
        self.written.add(rel)
        digest = (hash(data), len(data)) if self.known is not None else None
        if digest is not None and self.known.get(rel) == digest:
            return False  # this process wrote these very bytes there
        path = f"{self._root}/{rel}"  # strings, not Path objects: this runs for every file of the site
        new = False
        try:
            size = os.stat(path).st_size
            if size == len(data):
                with open(path, "rb") as old:
                    same = old.read() == data
                if same:
                    if digest is not None:
                        self.known[rel] = digest
                    return False
        except FileNotFoundError:
            new = True
            folder = os.path.dirname(path)
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
        if self.defer:
            self._pending.append((Path(path), data))
        elif new:  # nothing there to keep whole for a reader: written in place (a rename less per file)
            with open(path, "wb") as out:
                out.write(data)
        else:
            _replace(path, data)
        self.changed.append(rel)
        if digest is not None:
            self.known[rel] = digest
        return True

    def keep(self, rel: str) -> bool:
        """Count `rel` as written, unchanged, if this process wrote it earlier (it is in `known`);
        False otherwise, and the caller must make it. Spares making a page the memo says is unchanged."""
        if self.known is None or rel not in self.known or rel in self.written:
            return False
        self.written.add(rel)
        return True

    def flush(self) -> None:
        """Write the files held back in `defer` mode."""
        for path, data in self._pending:
            _replace(path, data)
        self._pending.clear()

    def remove_stale(self, *, walk: bool = True) -> list[str]:
        """Delete every file under root that was not written in this run, then empty folders.

        With `walk=False`, only the files in `known` (those this process wrote in earlier runs) are
        candidates: a live preview lists the folder on its first run only."""
        removed = []
        if not walk and self.known is not None:
            for rel in sorted(set(self.known) - self.written):
                del self.known[rel]
                path = self.root / rel
                path.unlink(missing_ok=True)
                removed.append(rel)
                for parent in path.parents:
                    if parent == self.root or any(parent.iterdir()):
                        break
                    parent.rmdir()
            return removed
        if not self.root.is_dir():
            return removed
        root = os.fspath(self.root)
        kept: set[str] = set()  # folders that still hold a file (no need to look into them again)
        for dirpath, dirnames, filenames in os.walk(root, topdown=False):
            folder = os.path.relpath(dirpath, root).replace(os.sep, "/")
            prefix = "" if folder == "." else folder + "/"
            for name in filenames:
                rel = prefix + name
                if rel not in self.written:
                    os.unlink(os.path.join(dirpath, name))
                    removed.append(rel)
                    if self.known is not None:
                        self.known.pop(rel, None)
                else:
                    kept.add(dirpath)
            for name in dirnames:
                sub = os.path.join(dirpath, name)
                if sub in kept:
                    kept.add(dirpath)
                elif not any(Path(sub).iterdir()):
                    os.rmdir(sub)
                else:
                    kept.add(dirpath)
        return sorted(removed)


class StagedWriter:
    """Writes files for the built site, not for the engine, into a fresh folder that the build moves into
    the site after the engine (`versions.publish`): no comparison with what was there, no memo.

    Used for files the engine would only copy: 10,000 claims' JSON files and three times as many version
    pages at 10,000 claims. Works in the forked generating processes, each with its own copy."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._root = os.fspath(root)
        self._folders: set[str] = set()

    def write(self, rel: str, content: str | bytes) -> None:
        path = f"{self._root}/{rel}"
        folder = path.rpartition("/")[0]
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        with open(path, "wb") as out:
            out.write(content.encode("utf-8") if isinstance(content, str) else content)


def _replace(path: Path | str, data: bytes) -> None:
    tmp = f"{os.fspath(path)}.tmp"
    with open(tmp, "wb") as out:
        out.write(data)
    os.replace(tmp, path)
