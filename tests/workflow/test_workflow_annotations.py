"""Problems as GitHub annotations: one workflow command per problem, on the file and line it concerns."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from claimbase.annotations import annotation, github_annotations
from claimbase.problems import Problem

REPO = Path(__file__).resolve().parents[2]


def test_a_problem_becomes_an_error_on_its_line() -> None:
    problem = Problem("claims/x.yaml", 6, 7, "kind", "'rumour' is not allowed here", "use one of 'transfer', ...")
    assert annotation(problem) == ("::error file=claims/x.yaml,line=6,col=7,title=claimbase%3A kind::kind: "
                                   "'rumour' is not allowed here (use one of 'transfer', ...)")


def test_special_characters_are_escaped() -> None:
    # A newline in a value is shown as an escape, on the annotation's one line: it can neither end the
    # command nor start another one.
    problem = Problem("claims/a,b:c.yaml", 1, 0, "", "100% wrong\nsecond line\x1b[2J")
    assert annotation(problem) == ("::error file=claims/a%2Cb%3Ac.yaml,line=1,col=1,title=claimbase::"
                                   "100%25 wrong\\nsecond line\\e[2J")


def test_a_problem_without_a_line_annotates_the_file() -> None:
    assert annotation(Problem("permalinks.txt", message="m")) == "::error file=permalinks.txt,title=claimbase::m"


def test_problems_are_sorted_and_reported_once() -> None:
    a, b = Problem("b.yaml", 2, 1, "", "x"), Problem("a.yaml", 1, 1, "", "y")
    assert github_annotations([a, b, a]).splitlines() == [annotation(b), annotation(a)]


def test_the_command_prints_annotations_for_a_broken_record(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / "systems").mkdir(parents=True)
    shutil.copytree(REPO / "schemas", root / "schemas")
    (root / "systems" / "test-rocket.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/system.schema.json\n"
        "id: test-rocket\nname: Test rocket\ncategory: rocket\norigin_country: KP\ncolour: red\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "claimbase.annotations", "--root", str(root), "validate"],
                         cwd=REPO, capture_output=True, text=True, check=False)
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::error file=systems/test-rocket.yaml,line=4,col=11,title=claimbase%3A category::")
    assert lines[1].startswith("::error file=systems/test-rocket.yaml,line=6,col=1,title=claimbase%3A colour::")
    assert "2 problems found." in run.stderr


def test_an_error_that_is_not_a_record_problem_is_annotated_too(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "claimbase.annotations", "--root", str(tmp_path), "permanence"],
                         cwd=REPO, capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert run.stdout.startswith("::error title=claimbase::")
    assert "not inside a git work tree" in run.stdout
    assert "Traceback" not in run.stderr
