"""Where things live in the repository: one folder per record kind, archived texts, schemas."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FOLDERS: dict[str, str] = {
    "claim": "claims",
    "source": "sources",
    "system": "systems",
    "place": "places",
    "actor": "actors",
}
"""Record kind -> folder, relative to the repository root."""

ARCHIVE = "archive"
SCHEMAS = "schemas"
MANIFEST = "permalinks.txt"


def schema_line(kind: str) -> str:
    """The first line of every record file: tells editors which JSON Schema checks it."""
    return f"# yaml-language-server: $schema=../{SCHEMAS}/{kind}.schema.json"


@dataclass(frozen=True)
class Layout:
    """The folders of one knowledge base (the repository, or a test's copy of one)."""

    root: Path

    def folder(self, kind: str) -> Path:
        return self.root / FOLDERS[kind]

    def archive(self, name: str) -> Path:
        return self.root / name

    @property
    def schemas(self) -> Path:
        return self.root / SCHEMAS

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST

    def display(self, path: Path) -> str:
        """A path as contributors see it in messages: relative to the root, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
