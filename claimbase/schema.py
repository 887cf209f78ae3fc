"""JSON Schemas generated from the models, committed under schemas/ for editors and re-users."""

from __future__ import annotations

import json
from pathlib import Path

from .models import RECORD_KINDS


def schema_text(kind: str) -> str:
    schema = RECORD_KINDS[kind].model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"{kind}.schema.json", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True, allow_nan=False) + "\n"


def expected_schemas() -> dict[str, str]:
    """File name -> content of every schema file."""
    return {f"{kind}.schema.json": schema_text(kind) for kind in RECORD_KINDS}


def _current(path: Path) -> str | None:
    """A committed schema's text, read like every input (`reading`); None when missing or unreadable."""
    from . import reading

    try:
        return reading.read_text(path, reading.PAGE_BYTES)
    except reading.Unreadable:
        return None


def write_schemas(folder: Path) -> list[str]:
    """Write the schema files that changed; return their names."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in expected_schemas().items():
        path = folder / name
        if _current(path) != text:
            if path.is_symlink():
                path.unlink()  # never write through a link
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def stale_schemas(folder: Path) -> list[str]:
    return [name for name, text in expected_schemas().items() if _current(folder / name) != text]
