"""CONTRIBUTING.md, followed as a contributor would: from a fresh clone, add a source and a claim,
validate, append the URLs, check permanence, and see the claim in the preview.

Also: the worked example's excerpts are real lines of the real records, in order.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")

SOURCE_ID = "test-2025-example-statement"
CLAIM_ID = "test-example-launchers-sighted-2025-01"
ACTOR_ID = "test-example-ministry"

# Synthetic test data, written into a temporary clone only.
ACTOR = f"""\
# yaml-language-server: $schema=../schemas/actor.schema.json
id: {ACTOR_ID}
name: Example Ministry (test data)
aliases: []
type: government-body
country: null
affiliation: null
"""
SOURCE = f"""\
# yaml-language-server: $schema=../schemas/source.schema.json
id: {SOURCE_ID}
title: Example statement
title_en: Example statement (test data)
publisher: {ACTOR_ID}
type: official-statement
language: en
published:
  value: 2025-01
  inferred: null
url: null
archive_url: null
archived_text: archive/{SOURCE_ID}.txt
relays: []
"""
ARCHIVE = "The ministry says that example launchers were seen in January.\n"
CLAIM = f"""\
# yaml-language-server: $schema=../schemas/claim.schema.json
id: {CLAIM_ID}
title: Example launchers reported seen (test data)
statement: The example ministry says that example launchers were seen in January 2025.
kind: sighting
weapon_systems: []
location:
  place: null
  precision: unknown
event_date:
  value: 2025-01
  inferred: null
report_date:
  value: 2025-01
  inferred: null
attributions:
  - claimant: {ACTOR_ID}
    source: {SOURCE_ID}
    origin: null
    mode: direct
    quote: example launchers were seen in January
    translation: example launchers were seen in January
confidence:
  reliability:
    grade: F
    rationale: Test data.
  credibility:
    grade: 6
    rationale: Test data.
status:
  value: reported
quantities: []
relations: []
added: "2025-02-01"
reviewed: "2025-02-01"
"""


def command(clone: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `python build_site.py ...` in the clone, as the guide writes it (after `. .venv/bin/activate`)."""
    assert "python build_site.py " + args[0] in GUIDE, f"CONTRIBUTING.md does not show `{args[0]}`"
    run = subprocess.run([str(clone / ".venv" / "bin" / "python"), "build_site.py", *args], cwd=clone,
                         capture_output=True, text=True, timeout=600, check=False)
    if check:
        assert run.returncode == 0, f"python build_site.py {' '.join(args)}:\n{run.stdout}\n{run.stderr}"
    return run


def git(clone: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    run = subprocess.run(["git", *args], cwd=clone, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this repository's last commit, sharing the project's environment."""
    target = tmp_path_factory.mktemp("contributor") / "clone"
    git(REPO, "clone", "--quiet", "--no-hardlinks", str(REPO), str(target))
    (target / ".venv").symlink_to(REPO / ".venv")
    git(target, "checkout", "--quiet", "-b", "add-my-claim")
    return target


def fill_in(clone: Path) -> None:
    """What the contributor writes into the skeletons (and the archived text of the source)."""
    (clone / "actors" / f"{ACTOR_ID}.yaml").write_text(ACTOR, encoding="utf-8")
    (clone / "sources" / f"{SOURCE_ID}.yaml").write_text(SOURCE, encoding="utf-8")
    (clone / "archive" / f"{SOURCE_ID}.txt").write_text(ARCHIVE, encoding="utf-8")
    (clone / "claims" / f"{CLAIM_ID}.yaml").write_text(CLAIM, encoding="utf-8")


def test_the_guide_shows_each_step() -> None:
    for step in ("make site", ". .venv/bin/activate", "python build_site.py new source",
                 "python build_site.py new claim", "python build_site.py validate", "python build_site.py serve",
                 "python build_site.py permanence --update", "python build_site.py permanence", "permalinks.txt",
                 "git push", "pull request"):
        assert step in GUIDE, step


def test_a_contributor_adds_a_valid_claim(clone: Path) -> None:
    command(clone, "validate")  # the fresh clone validates
    command(clone, "new", "actor", ACTOR_ID)
    command(clone, "new", "source", SOURCE_ID)
    command(clone, "new", "claim", CLAIM_ID)
    skeletons = command(clone, "validate", check=False)
    assert skeletons.returncode == 1  # an unfilled skeleton fails, with messages naming the file and line
    assert f"claims/{CLAIM_ID}.yaml:" in skeletons.stderr
    assert skeletons.stderr.strip().endswith("problems found.")
    fill_in(clone)
    command(clone, "validate")
    # Until the new URLs are in permalinks.txt, the permanence check names them.
    missing = command(clone, "permanence", check=False)
    assert missing.returncode == 1
    assert f"claims/{CLAIM_ID}/ is not in permalinks.txt" in missing.stderr
    if "--update" not in command(clone, "permanence", "--help").stdout:
        pytest.skip("`build_site.py permanence --update` is not wired into the command line yet")
    command(clone, "permanence", "--update")
    command(clone, "permanence")
    manifest = (clone / "permalinks.txt").read_text(encoding="utf-8").splitlines()
    for url in (f"claims/{CLAIM_ID}/", f"sources/{SOURCE_ID}/", f"actors/{ACTOR_ID}/"):
        assert url in manifest
    git(clone, "add", "claims/", "sources/", "actors/", "archive/", "permalinks.txt")
    git(clone, "commit", "--quiet", "-m", "Add claim: example launchers sighted")
    command(clone, "permanence", "--base", "main")  # what the pull-request workflow runs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_the_contributor_sees_the_claim_in_the_preview(clone: Path) -> None:
    if not (clone / "claimbase" / "site" / "serve.py").is_file():
        pytest.skip("the preview (claimbase/site/serve.py) is not committed yet")
    if not (clone / "claims" / f"{CLAIM_ID}.yaml").is_file():  # the other test ran in another worker
        fill_in(clone)
    command(clone, "validate")
    port = free_port()
    assert "python build_site.py serve" in GUIDE
    server = subprocess.Popen([str(clone / ".venv" / "bin" / "python"), "build_site.py", "serve", "--addr",
                               f"127.0.0.1:{port}"], cwd=clone, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/claims/{CLAIM_ID}/"
        deadline, page, last_error = time.monotonic() + 300, None, ""
        while time.monotonic() < deadline and page is None:
            if server.poll() is not None:
                pytest.fail(f"serve stopped: {server.stdout.read().decode(errors='replace')[-3000:]}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the local preview
                    page = response.read().decode("utf-8")
            except OSError as exc:
                last_error = str(exc)
                time.sleep(1)
        assert page is not None, f"{url} never answered: {last_error}"
        assert "Example launchers reported seen (test data)" in page
        assert "example launchers were seen in January" in page
    finally:
        stop(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    """End the preview this test started (its own process group), and wait for it."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- The worked example is taken from the real records -----------------------------------------------

EXCERPT = re.compile(r"<!-- excerpt: (?P<file>[^ ]+) -->\n```yaml\n(?P<body>.*?)```", re.DOTALL)


def excerpts() -> list[tuple[str, str]]:
    return [(m["file"], m["body"]) for m in EXCERPT.finditer(GUIDE)]


def test_the_guide_has_a_worked_example_from_the_records() -> None:
    files = {file for file, _ in excerpts()}
    assert any(file.startswith("claims/") for file in files)
    assert any(file.startswith("sources/") for file in files)


@pytest.mark.parametrize(("file", "body"), excerpts(), ids=[f for f, _ in excerpts()])
def test_each_excerpt_is_the_records_own_lines_in_order(file: str, body: str) -> None:
    path = REPO / file
    assert path.is_file(), f"CONTRIBUTING.md quotes {file}, which does not exist"
    lines = path.read_text(encoding="utf-8").splitlines()
    position = 0
    for line in body.splitlines():
        try:
            position = lines.index(line, position) + 1
        except ValueError:
            pytest.fail(f"CONTRIBUTING.md quotes a line that is not in {file} (or not in this order): {line!r}")
