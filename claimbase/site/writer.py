"""Write generated files only when their content changed, and remove the ones no record needs any more.

Unchanged files keep their timestamps, so a live preview rebuilds only what changed and does not loop.
"""

from __future__ import annotations

import os
from pathlib import Path


class TreeWriter:
    """Writes files under `root`, remembering every path written, so stale ones can be removed."""

    def __init__(self, root: Path, known: dict[str, tuple[int, int]] | None = None, *, defer: bool = False,
                 staged: Path | None = None) -> None:
        self.root = root
        self.staged = staged
        """A build's folder for the files the engine would only copy (every generated file but the pages,
        see `write`), which the build moves into the site after the engine (`versions.publish`): at
        10,000 claims the engine then neither lists nor copies 10,000 JSON files, 30,000 version pages
        and 140 MB of exports. None in a live preview, whose engine serves the docs folder."""
        self.in_staged: set[str] = set()
        """The paths written under `staged` (they are in `written` too)."""
        self.written: set[str] = set()
        self.changed: list[str] = []
        self.known = known
        """Optional: path -> (hash, size) of what this process wrote there last; spares reading it again."""
        self.defer = defer
        """Hold changed files until `flush()`: a live preview's MkDocs then rebuilds once, after all of
        them are written, instead of starting on the first one and competing with the rest."""
        self._pending: list[tuple[Path, bytes]] = []
        self._root = os.fspath(root)
        self._staged = os.fspath(staged) if staged is not None else None
        assert staged is None or (known is None and not defer), "a live preview writes into the docs folder"
        self._folders: set[str] = set()
        """Folders this writer made (or found): spares asking again for every file in them."""

    def write(self, rel: str, content: str | bytes, *, engine: bool = False) -> bool:
        """Write `content` at `rel` (a posix path under root) if it differs; True when written.

        With `staged`, a file that is not a page (`.md`) goes there instead, unless `engine` says the
        engine needs it in the docs folder (the theme's assets, the files copied from docs/)."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        if rel in self.written:
            raise ValueError(f"generated twice: {rel}")
        self.written.add(rel)
        digest = (hash(data), len(data)) if self.known is not None else None
        if digest is not None and self.known.get(rel) == digest:
            return False  # this process wrote these very bytes there
        if self._staged is not None and not engine and not rel.endswith(".md"):
            self.in_staged.add(rel)
            path = f"{self._staged}/{rel}"
            new = True  # the folder is emptied for each build: nothing there to compare with
            self._make_folder(path)
        else:
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
                self._make_folder(path)
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

    def _make_folder(self, path: str) -> None:
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

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
        """Delete every file under root that was not written in this run (there), then empty folders.

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
                if rel not in self.written or rel in self.in_staged:
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


def _replace(path: Path | str, data: bytes) -> None:
    tmp = f"{os.fspath(path)}.tmp"
    with open(tmp, "wb") as out:
        out.write(data)
    os.replace(tmp, path)
