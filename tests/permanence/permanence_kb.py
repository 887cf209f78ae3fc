"""Helpers for the permanence tests: a tiny knowledge base, and git run with a fixed identity.

The records are synthetic test data (an example ministry and its statement), not claims about the world.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from claimbase.layout import schema_line

REPO = Path(__file__).resolve().parents[2]

ACTOR = """\
id: example-ministry
name: Example Ministry
aliases: []
type: government-body
country: null
"""

SOURCE = """\
id: example-statement
title: null
title_en: "[A statement used by the tests]"
publisher: example-ministry
type: official-statement
language: en
published:
  value: 2025-01
  inferred: null
"""

CLAIM = """\
id: {id}
title: {title}
statement: The example ministry says that {what}.
kind: statement
weapon_systems: []
location:
  place: null
  precision: unknown
event_date: null
report_date:
  value: 2025-01
  inferred: null
attributions:
  - claimant: example-ministry
    source: example-statement
    mode: direct
    quote: "{what}"
    translation: "{what}"
confidence:
  reliability:
    grade: F
    rationale: Test data.
  credibility:
    grade: 6
    rationale: Test data.
status:
{status}
added: "2025-02-01"
reviewed: "2025-02-01"
"""

REPORTED = "  value: reported"


def claim_text(claim_id: str, what: str, status: str = REPORTED) -> str:
    return schema_line("claim") + "\n" + CLAIM.format(id=claim_id, title=f"Test claim {claim_id}", what=what,
                                                      status=status)


CLAIMS = {
    "alpha-claim": "the first thing happened",
    "beta-claim": "the first thing happened, in other words",
    "gamma-claim": "a second thing happened",
}


def write_kb(root: Path) -> None:
    """Write the tiny knowledge base's records under `root` (schemas copied from the repository)."""
    (root / "actors").mkdir(parents=True)
    (root / "sources").mkdir()
    (root / "claims").mkdir()
    (root / "actors" / "example-ministry.yaml").write_text(schema_line("actor") + "\n" + ACTOR, encoding="utf-8")
    (root / "sources" / "example-statement.yaml").write_text(schema_line("source") + "\n" + SOURCE,
                                                              encoding="utf-8")
    for claim_id, what in CLAIMS.items():
        (root / "claims" / f"{claim_id}.yaml").write_text(claim_text(claim_id, what), encoding="utf-8")
    shutil.copytree(REPO / "schemas", root / "schemas")


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str) -> str:
    """Run git in `root` with a fixed identity and no user configuration; fail loudly."""
    result = subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV}, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, f"git {' '.join(args)} failed: {result.stderr}"
    return result.stdout


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", message)
