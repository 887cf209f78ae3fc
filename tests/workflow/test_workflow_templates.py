"""The issue form, the pull-request template and the pre-commit configuration, read as GitHub and
pre-commit read them."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]

# GitHub's issue-form syntax: the keys each element type takes.
ELEMENT_KEYS = {
    "markdown": {"attributes"},
    "textarea": {"id", "attributes", "validations"},
    "input": {"id", "attributes", "validations"},
    "dropdown": {"id", "attributes", "validations"},
    "checkboxes": {"id", "attributes", "validations"},
}


def test_the_claim_proposal_form_asks_for_everything_a_claim_needs() -> None:
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "propose-claim.yml").read_text(encoding="utf-8"))
    assert set(form) <= {"name", "description", "title", "labels", "assignees", "body", "projects"}
    assert form["name"]
    assert form["description"]
    ids = []
    for element in form["body"]:
        assert element["type"] in ELEMENT_KEYS
        assert set(element) - {"type"} <= ELEMENT_KEYS[element["type"]]
        if element["type"] != "markdown":
            assert re.fullmatch(r"[a-z0-9-]+", element["id"])
            assert element["attributes"]["label"]
            ids.append(element["id"])
    assert len(ids) == len(set(ids)), "ids must be unique"
    required = {e["id"] for e in form["body"] if e.get("validations", {}).get("required")}
    # what is claimed, by whom, where published, link, verbatim quote, language, date
    assert {"claim", "claimant", "published-in", "link", "quote", "language", "published-date"} <= required


def test_the_pull_request_template_has_the_reviewers_checklist() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.MULTILINE)
    assert len(boxes) >= 10
    for rule in ("verbatim", "independent", "denies", "measure", "withdrawn", "superseded", "merged",
                 "permalinks.txt", "validate", "permanence", "serve"):
        assert any(rule in box for box in boxes), rule


def test_pre_commit_runs_the_validator_and_the_permanence_check() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert config["repos"][0]["repo"] == "local"
    assert hooks["validate"]["entry"] == ".venv/bin/python build_site.py validate"
    assert hooks["permanence"]["entry"] == ".venv/bin/python build_site.py permanence"
    for hook in hooks.values():
        assert hook["language"] == "system"
        assert hook["pass_filenames"] is False
    assert hooks["permanence"]["always_run"] is True  # a deleted record file is a change to nothing
    assert re.search(hooks["validate"]["files"], "claims/x.yaml")
