"""Hostile pull requests, round two: each class of attack reproduced, and refused for the right reason.

The broken-input cases (tests/fixtures/broken/, with their exact messages) cover the values; these tests
cover what a case folder cannot: a crash of the process, a traceback, a hang, the output channels, and
files from outside the repository.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from broken_cases import VALID

from claimbase import annotations, cli
from claimbase.permanence import read_id

REPO = Path(__file__).resolve().parents[2]
CLAIM = "claims/missiles-used.yaml"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return Path(shutil.copytree(VALID, tmp_path / "kb"))


def run(argv: list[str], main=cli.main) -> tuple[int, str, str]:  # noqa: ANN001
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


# --- Crashes: a signal, or a traceback ------------------------------------------------------------

@pytest.mark.parametrize("nesting", ["- " * 100_000 + "x", "? " * 100_000 + "x", "{a: " * 100_000 + "}" * 100_000])
def test_deep_nesting_in_any_style_never_kills_the_process(kb: Path, nesting: str) -> None:
    """libyaml composes recursively in C: 100,000 levels (well under the 256 KB limit) was a segfault
    that printed nothing. Run in a child process, so that a regression cannot take pytest down with it."""
    path = kb / CLAIM
    path.write_text(path.read_text(encoding="utf-8") + "notes:\n" + nesting + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "build_site.py", "--root", str(kb), "validate"], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    assert re.match(r"claims/missiles-used\.yaml:\d+:\d+: ", done.stderr)
    assert done.stderr.endswith("problem found.\n")
    assert "Traceback" not in done.stderr


def test_an_unexpected_exception_becomes_a_located_problem_and_exit_2(kb: Path, monkeypatch) -> None:  # noqa: ANN001
    """The top-level guard: an exception nobody expected is one located problem, never a traceback."""
    import claimbase.pipeline

    def failing(kb):  # noqa: ANN001, ANN202
        raise ValueError("boom\n::warning::injected")

    monkeypatch.setattr(claimbase.pipeline, "run_checks", failing)
    code, out, err = run(["--root", str(kb), "validate"])
    assert code == cli.INTERNAL_ERROR == 2
    assert out == ""
    line = err.splitlines()[0]
    assert re.fullmatch(r"claimbase/pipeline\.py:\d+:1: internal error: ValueError: boom\\n::warning::injected "
                        r"\(this is a bug in claimbase, .*\)", line), line
    assert err.splitlines()[-1] == "1 problem found."
    assert "Traceback" not in err


def test_the_guard_also_holds_in_annotation_mode(kb: Path, monkeypatch) -> None:  # noqa: ANN001
    import claimbase.pipeline

    monkeypatch.setattr(claimbase.pipeline, "run_checks", lambda kb: 1 / 0)
    code, out, err = run(["--root", str(kb), "validate"], main=annotations.main)
    assert code == 2
    assert re.fullmatch(r"::error file=claimbase/pipeline\.py,line=\d+,col=1,title=claimbase::internal error: "
                        r"ZeroDivisionError: division by zero \(.*\)\n", out)
    assert "internal error" in err


# --- Output channels ------------------------------------------------------------------------------

_RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _hostile_names_and_values(kb: Path) -> None:
    """Values and file names that carry workflow commands and terminal escapes."""
    path = kb / CLAIM
    text = path.read_text(encoding="utf-8")
    text = text.replace("kind: combat-use",
                        'kind: "x\\n::add-mask::secret\\n  ::warning::ok\\u001b[2J\\u001b]0;t\\u0007"')
    text = text.replace("id: missiles-used", 'id: "\\n::error::fake\\r##[warning]old-style"')
    path.write_text(text, encoding="utf-8")
    (kb / "claims" / "note\n::add-mask::x\x1b[31m.txt").write_text("x", encoding="utf-8")
    (kb / "claims" / "::warning file=a::b.yaml").write_text("id: b\n", encoding="utf-8")


@pytest.mark.parametrize("mode", ["plain", "annotations"])
def test_no_output_line_carries_a_raw_escape_or_a_workflow_command(kb: Path, mode: str) -> None:
    _hostile_names_and_values(kb)
    main = cli.main if mode == "plain" else annotations.main
    code, out, err = run(["--root", str(kb), "validate"], main=main)
    assert code == 1
    problems = int(re.search(r"(\d+) problems? found\.$", err.strip()).group(1))
    assert problems >= 4
    for channel, text in (("stdout", out), ("stderr", err)):
        assert not _RAW.search(text), (channel, _RAW.search(text))
        for line in text.splitlines():
            if channel == "stdout" and mode == "annotations":
                assert line.startswith("::error file="), line  # ours: one workflow command per problem
                continue
            assert not line.lstrip().startswith(("::", "##[")), (channel, line)
    if mode == "annotations":
        assert len(out.splitlines()) == problems


def test_permanence_messages_are_safe_too(tmp_path: Path) -> None:
    """`permanence --update` echoes the URLs it adds: a file name never reaches the manifest or the log raw."""
    from claimbase.permanence import append_new_paths

    root = Path(shutil.copytree(VALID, tmp_path / "kb"))
    (root / "claims" / "x\n::add-mask::y.yaml").write_text("id: x\n", encoding="utf-8")
    added = append_new_paths(root)
    assert added
    assert all("\n" not in url for url in added)
    assert all("::" not in url for url in added)
    assert "::add-mask::" not in (root / "permalinks.txt").read_text(encoding="utf-8")


# --- Bounded time -----------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "id: a" + " " * 200_000 + "b",
    "id:" + " " * 200_000,
    "id: " + "'" + " " * 200_000,
    "id: a" + " \t" * 100_000 + "#" + " " * 100_000,
])
def test_reading_an_id_line_is_linear(line: str) -> None:
    """The `id:` reader of permanence was a regular expression quadratic in the padding: minutes on one
    line. Plain string operations now: well under a second on a loaded machine."""
    started = time.perf_counter()
    read_id("# comment\n" + line + "\n")
    assert time.perf_counter() - started < 0.5


def test_permanence_on_a_pathological_record_ends_quickly(tmp_path: Path) -> None:
    """The whole command, with git, on a record whose id line is padded to just under the size limit."""
    sys.path.insert(0, str(REPO / "tests" / "permanence"))
    from permanence_kb import commit_all, git, write_kb

    from claimbase.permanence import append_new_paths

    root = tmp_path / "kb"
    write_kb(root)
    git(root, "init", "--quiet", "--initial-branch=main")
    append_new_paths(root)
    commit_all(root, "base")
    record = next((root / "claims").glob("*.yaml"))
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\nid: ", "\nid: a" + " " * 250_000 + "b ", 1), encoding="utf-8")
    started = time.perf_counter()
    code, _, err = run(["--root", str(root), "permanence"])
    assert time.perf_counter() - started < 20
    assert code == 1
    assert "an id never changes" in err


def test_an_oversized_manifest_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    from claimbase import reading

    root = Path(shutil.copytree(VALID, tmp_path / "kb"))
    with open(root / "permalinks.txt", "wb") as out:
        out.truncate(reading.MANIFEST_BYTES + 1)  # sparse: nothing to read, but too big
    code, _, err = run(["--root", str(root), "permanence"])
    assert code == 1
    assert err.startswith(f"permalinks.txt: file is {reading.MANIFEST_BYTES + 1} bytes, more than the "
                          f"{reading.MANIFEST_BYTES} allowed")


# --- Nothing from outside the repository --------------------------------------------------------------

CANARY = "CANARY-7f3c1e-outside-the-repository"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    canary = tmp_path / "outside" / "secret.txt"
    canary.parent.mkdir()
    canary.write_text(CANARY + "\n", encoding="utf-8")
    return canary


def test_symlinks_in_every_input_folder_are_refused_with_a_located_message(kb: Path, outside: Path) -> None:
    (kb / "claims" / "leak.yaml").symlink_to(outside)
    (kb / "archive" / "article.txt").unlink()
    (kb / "archive" / "article.txt").symlink_to(outside)
    (kb / "schemas").mkdir()
    (kb / "schemas" / "claim.schema.json").symlink_to(outside)
    (kb / "docs").mkdir()
    (kb / "docs" / "leak.md").symlink_to(outside)
    (kb / "docs" / "folder").symlink_to(outside.parent)
    (kb / "overrides").mkdir()
    (kb / "overrides" / "main.html").symlink_to(outside)
    (kb / "systems" / "inside.yaml").symlink_to(kb / "systems" / "kn-23.yaml")
    code, out, err = run(["--root", str(kb), "validate"])
    assert code == 1
    assert out == ""
    for rel, target, where in [("archive/article.txt", outside, "outside"), ("claims/leak.yaml", outside, "outside"),
                               ("docs/folder", outside.parent, "outside"), ("docs/leak.md", outside, "outside"),
                               ("overrides/main.html", outside, "outside"),
                               ("schemas/claim.schema.json", outside, "outside"),
                               ("systems/inside.yaml", kb / "systems" / "kn-23.yaml", "inside")]:
        assert (f"{rel}: is a symbolic link to {target} ({where} the repository): links are never followed "
                "(replace the link by a plain file or folder)") in err.splitlines(), rel
    assert CANARY not in out + err


def test_a_fifo_in_an_input_folder_is_refused_without_hanging(kb: Path) -> None:
    os.mkfifo(kb / "archive" / "pipe.txt")
    os.mkfifo(kb / "claims" / "pipe.yaml")
    code, _, err = run(["--root", str(kb), "validate"])
    assert code == 1
    for rel in ("archive/pipe.txt", "claims/pipe.yaml"):
        assert (f"{rel}: is not a regular file (a FIFO, socket or device) (only plain files and folders belong "
                "in the repository)") in err.splitlines()


def test_a_symlinked_record_folder_is_refused(kb: Path, tmp_path: Path) -> None:
    elsewhere = Path(shutil.copytree(kb / "places", tmp_path / "elsewhere"))
    shutil.rmtree(kb / "places")
    (kb / "places").symlink_to(elsewhere)
    code, _, err = run(["--root", str(kb), "validate"])
    assert code == 1
    assert f"places: is a symbolic link to {elsewhere} (outside the repository)" in err


def test_the_canary_never_reaches_a_built_file(kb: Path, outside: Path, tmp_path: Path) -> None:
    """Every way in at once; the build refuses, and no file it leaves holds the canary."""
    (kb / "docs").mkdir()
    (kb / "docs" / "environ.md").symlink_to(outside)
    (kb / "archive" / "article.txt").unlink()
    (kb / "archive" / "article.txt").symlink_to(outside)
    site = tmp_path / "site"
    code, out, err = run(["--root", str(kb), "build", "--site-dir", str(site)])
    assert code == 1
    assert "docs/environ.md: is a symbolic link" in err
    for folder in (site, kb / "build"):
        for path in folder.rglob("*") if folder.exists() else []:
            if path.is_file():
                assert CANARY.encode() not in path.read_bytes(), path
    assert CANARY not in out + err


def test_reading_refuses_links_fifos_and_oversized_files(tmp_path: Path) -> None:
    from claimbase import reading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(reading.Unreadable, match="not a regular file"):
        reading.read_bytes(fifo, 10)  # would block forever if opened for reading without a check
    (tmp_path / "link").symlink_to(tmp_path / "fifo")
    with pytest.raises(reading.Unreadable, match="symbolic link"):
        reading.read_bytes(tmp_path / "link", 10)
    (tmp_path / "big").write_bytes(b"x" * 11)
    with pytest.raises(reading.Unreadable, match="11 bytes, more than the 10 allowed"):
        reading.read_bytes(tmp_path / "big", 10)
    (tmp_path / "bad").write_bytes(b"ok\n\xff")
    with pytest.raises(reading.Unreadable) as refused:
        reading.read_text(tmp_path / "bad", 10)
    assert (refused.value.line, refused.value.column) == (2, 1)


# --- Values ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://trusted.example@evil.example/", "https://user:pass@example.org/", "https://127.0.0.1/",
    "https://[::1]/", "https://2130706433/", "https://0x7f000001/", "https://127.1/", "https://localhost/",
    "https://a.localhost/", "https://intranet/", "https://example.org/a b", "https://example.org/\x07",
    "https://example.org/\u202e", "https://example.org\\@evil.example/", "https://example.org:x/",
])
def test_urls_that_lead_elsewhere_are_refused(url: str) -> None:
    from claimbase.values import public_url

    with pytest.raises(ValueError):  # noqa: PT011 - the messages are checked by the broken cases
        public_url(url)


def test_plain_public_urls_pass() -> None:
    from claimbase.values import public_url

    for url in ("https://www.example.org/a?b=c#d", "https://xn--80ak6aa92e.com/", "https://example.org:8443/x"):
        assert public_url(url) == url


def test_strict_json_refuses_what_is_not_json() -> None:
    from claimbase.site.data import dumps
    from claimbase.site.render import json_for_script

    for value in (float("inf"), float("-inf"), float("nan")):
        with pytest.raises(ValueError, match="JSON compliant"):
            dumps({"x": value})
        with pytest.raises(ValueError, match="JSON compliant"):
            json_for_script({"x": value})
