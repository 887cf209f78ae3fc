"""Versions from git, end to end: a grade, a status and a quote changed in three commits, then a real build.

Each change gives a version page that still shows the old values, a line on the history page in words,
the right `version` in the JSON and the cite box, a feed entry, and a line in `changes`; the version
URLs enter the manifest and the permanence check protects them; a shallow clone is refused.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from permanence_kb import REPO, claim_text, commit_all, git, write_kb

from claimbase.history import HistoryError, describe, read_history
from claimbase.permanence import check_permanence, manifest_problems, verify_site
from claimbase.problems import ProblemsFound

site_build = pytest.importorskip("claimbase.site.build")

pytestmark = pytest.mark.slow

SITE_URL = "https://claims.example.org/kb/"
REPO_URL = "https://git.example.org/team/claims"
DISPUTED = "  value: disputed\n  reason: The example ministry later denied it."
HOSTILE_SUBJECT = 'Regrade alpha <script>alert(1)</script> [x](javascript:alert(2))'


def _alpha(root: Path, old: str, new: str) -> None:
    path = root / "claims" / "alpha-claim.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Version 1 of every claim; then alpha's credibility 6 -> 5, its status reported -> disputed, its quote
    changed, a version that no longer validates and its fix; the manifest updated; the site built."""
    root = tmp_path_factory.mktemp("versions") / "kb"
    write_kb(root)
    git(root, "init", "--quiet", "--initial-branch=main")
    from claimbase.permanence import append_new_paths

    append_new_paths(root)
    commit_all(root, "A tiny knowledge base")
    first = git(root, "rev-parse", "HEAD").strip()
    _alpha(root, "  credibility:\n    grade: 6\n    rationale: Test data.",
           "  credibility:\n    grade: 5\n    rationale: A second ministry says the same.")
    commit_all(root, HOSTILE_SUBJECT)
    (root / "claims" / "alpha-claim.yaml").write_text(
        claim_text("alpha-claim", "the first thing happened", DISPUTED).replace(
            "grade: 6\n    rationale: Test data.", "grade: 5\n    rationale: A second ministry says the same."),
        encoding="utf-8")
    commit_all(root, "Alpha is disputed")
    _alpha(root, 'quote: "the first thing happened"', 'quote: "the first thing happened, it said"')
    commit_all(root, "Alpha: the quote as the statement words it")
    _alpha(root, "kind: statement\n", "kind: statement\ncolour: red\n")
    commit_all(root, "A field the model does not know")
    _alpha(root, "kind: statement\ncolour: red\n", "kind: statement\n")
    commit_all(root, "Remove the unknown field")
    result = check_permanence(root, update=True)
    commit_all(root, "Add the version URLs to the manifest")
    site = root.parent / "site"
    env = {"SITE_URL": SITE_URL, "REPO_URL": REPO_URL}
    old = {k: __import__("os").environ.get(k) for k in env}
    __import__("os").environ.update(env)
    try:
        site_build.build_site(root, site)
    finally:
        for k, v in old.items():
            if v is None:
                __import__("os").environ.pop(k, None)
            else:
                __import__("os").environ[k] = v
    return {"root": root, "site": site, "first": first, "added": result.added_versions}


def page(built: dict[str, object], path: str) -> str:
    return (built["site"] / path / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_each_change_is_a_version_and_its_page_still_shows_the_old_values(built) -> None:
    v1, v2, v3, v4 = (text(page(built, f"claims/alpha-claim/v{n}/")) for n in (1, 2, 3, 4))
    assert "Version 1 of this claim" in v1
    assert "Test data." in v1
    assert "Reported" in v1
    assert "A second ministry says the same." not in v1
    assert "A second ministry says the same." in v2
    assert "Disputed" not in v2
    assert "The example ministry later denied it." in v3
    assert "the first thing happened, it said" not in v3
    assert "the first thing happened, it said" in v4
    assert "the claim now stands at version 6" in v1
    current = page(built, "claims/alpha-claim/")
    assert 'data-cb-version="6"' in current
    assert "Version 6, changed" in text(current)
    # Only alpha changed: the others have one version.
    assert (built["site"] / "claims/beta-claim/v1/index.html").is_file()
    assert not (built["site"] / "claims/beta-claim/v2").exists()


def test_a_version_that_no_longer_validates_keeps_its_page_with_its_record_text(built) -> None:
    v5 = page(built, "claims/alpha-claim/v5/")
    assert "cannot be shown as a claim page with today's record format" in v5
    assert "colour: red" in v5
    assert "unknown field" in v5


def test_the_history_page_says_what_changed_in_words_and_escapes_commit_messages(built) -> None:
    html = page(built, "claims/alpha-claim/history/")
    words = text(html)
    assert "credibility 6 → 5: A second ministry says the same." in words
    assert "status reported → disputed: The example ministry later denied it." in words
    # The records a change names, by their names (the `changes` summary for reviewers names their ids).
    assert "quote changed (Example Ministry in [A statement used by the tests])" in words
    assert "example-ministry" not in words
    assert "colour changed" in words
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    commits = git(built["root"], "log", "--format=%H", "--", "claims/alpha-claim.yaml").split()
    assert f'href="{REPO_URL}/commit/{commits[-2]}"' in html  # the regrade, linked to the commit
    assert html.index("Version 6") < html.index("Version 1")  # newest first


def test_the_json_and_the_cite_box_carry_the_version(built) -> None:
    data = json.loads((built["site"] / "data/claims/alpha-claim.json").read_text(encoding="utf-8"))
    assert data["version"] == 6
    assert [v["version"] for v in data["versions"]] == [1, 2, 3, 4, 5, 6]
    assert data["versions"][1]["url"] == SITE_URL + "claims/alpha-claim/v2/"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", data["versions"][0]["date"])
    everything = json.loads((built["site"] / "data/claims.json").read_text(encoding="utf-8"))
    assert next(c for c in everything if c["id"] == "alpha-claim")["version"] == 6
    current = page(built, "claims/alpha-claim/")
    assert f'>{SITE_URL}claims/alpha-claim/v6/</textarea>' in current  # the version's URL beside the permalink
    assert f'>{SITE_URL}claims/alpha-claim/</textarea>' in current
    assert "version = {6}" in current
    # The version's page in the BibTeX note, as text (issue 12: no markup of ours or the records' in a field)
    assert "version 6: " + SITE_URL.replace("_", "\\_") + "claims/alpha-claim/v6/}" in current
    assert "&#34;version&#34;: &#34;6&#34;" in current or '"version": "6"' in current
    assert f"(version 6: {SITE_URL}claims/alpha-claim/v6/)" in text(current)
    v2 = page(built, "claims/alpha-claim/v2/")
    # The version page's cite box is the claim page's (copy buttons; the reader's access date goes in as
    # a BibTeX field, never as a placeholder glued after the last brace).
    assert f'>{SITE_URL}claims/alpha-claim/v2/</textarea>' in v2
    assert f'>{SITE_URL}claims/alpha-claim/</textarea>' in v2
    assert 'data-cb-copy=".cb-cite__bibtex"' in v2
    assert "version = {2}" in v2
    assert "}<span data-cb-urldate></span>\n}" in v2
    assert "YYYY-MM-DD" not in v2
    assert 'name="robots" content="noindex"' in v2


def test_the_feed_has_an_entry_per_change_with_a_tag_id(built) -> None:
    feed = ET.fromstring((built["site"] / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = {e.find("a:id", ns).text: e for e in feed.findall("a:entry", ns)}
    status = next(e for i, e in entries.items() if i.endswith(":claims/alpha-claim/v3"))
    assert "status reported → disputed" in status.find("a:summary", ns).text
    assert status.find("a:link", ns).get("href") == SITE_URL + "claims/alpha-claim/v3/"
    assert all(i.startswith("tag:") and "example.org" not in i for i in entries)
    assert any(i.endswith(":claims/beta-claim/v1") for i in entries)
    assert "(CC-BY-4.0, " in feed.find("a:rights", ns).text  # the data licence, as in the feed without history


def test_changes_names_the_grade_status_and_quote_changes(built) -> None:
    run = subprocess.run([sys.executable, str(REPO / "build_site.py"), "--root", str(built["root"]), "changes",
                          "--base", built["first"]], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    md = run.stdout
    assert "### Grades changed (1)" in md
    assert "`alpha-claim`: credibility 6 → 5" in md
    assert "### Statuses changed (1)" in md
    assert "status reported → disputed" in md
    assert "### Quotes changed (1)" in md
    assert "quote changed" in md
    assert "`claims/alpha-claim/v6/`" in md  # URLs added to the manifest
    as_json = subprocess.run([sys.executable, str(REPO / "build_site.py"), "--root", str(built["root"]), "changes",
                              "--base", built["first"], "--json"], capture_output=True, text=True, check=True)
    data = json.loads(as_json.stdout)
    assert [c["id"] for c in data["grades"]] == ["alpha-claim"]
    assert data["problems_in_changed"] == []


def test_changes_escapes_record_text_and_reports_problems(built, tmp_path: Path) -> None:
    root = built["root"]
    path = root / "claims" / "gamma-claim.yaml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("rationale: Test data.\n  credibility",
                                         "rationale: '![x](https://evil.example/t.png) <img src=x>'\n  credibility"),
                        encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8").replace("grade: 6", "grade: 9"), encoding="utf-8")
        from claimbase.changes import summarize, to_markdown

        md = to_markdown(summarize(root, "HEAD"))
    finally:
        path.write_text(original, encoding="utf-8")
    assert "![x](" not in md
    assert "<img" not in md.replace("\\<img", "")
    assert "reliability rationale changed: \\!\\[x\\]\\(https://evil.example/t.png\\) \\<img src=x\\>" in md
    assert "### Problems in the changed records (1)" in md
    assert "credibility.grade" in md


def test_version_urls_are_in_the_manifest_and_protected(built, tmp_path: Path) -> None:
    root, site = built["root"], built["site"]
    assert "claims/alpha-claim/v6/" in built["added"]
    assert "claims/beta-claim/v1/" in built["added"]
    listed = (root / "permalinks.txt").read_text(encoding="utf-8").splitlines()
    assert "claims/alpha-claim/v1/" in listed
    assert verify_site(root, site) == []
    # A version page that stops being built is a broken promise.
    copy = tmp_path / "site"
    subprocess.run(["cp", "-r", str(site), str(copy)], check=True)
    (copy / "claims/alpha-claim/v2/index.html").unlink()
    assert [p.message.split(" ")[0] for p in verify_site(root, copy)] == ["claims/alpha-claim/v2/"]
    # A version the history does not have may not be listed; removing a listed one is caught.
    manifest = root / "permalinks.txt"
    text_before = manifest.read_text(encoding="utf-8")
    try:
        manifest.write_text(text_before + "claims/alpha-claim/v9/\n", encoding="utf-8")
        assert any("claims/alpha-claim/v9/ is in permalinks.txt but no record publishes it" in p.message
                   for p in manifest_problems(root))
        manifest.write_text(text_before.replace("claims/alpha-claim/v2/\n", ""), encoding="utf-8")
        with pytest.raises(ProblemsFound) as caught:
            check_permanence(root)
        assert "claims/alpha-claim/v2/ was removed from permalinks.txt" in str(caught.value.problems.report())
    finally:
        manifest.write_text(text_before, encoding="utf-8")


def test_a_shallow_clone_is_refused_with_a_clear_message(built, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{built['root']}", str(clone))
    with pytest.raises(HistoryError, match="shallow clone.*fetch-depth: 0"):
        read_history(clone)
    run = subprocess.run([sys.executable, str(REPO / "build_site.py"), "--root", str(clone), "build", "--site-dir",
                          str(tmp_path / "site")], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert run.stderr.startswith("error: ")
    assert "shallow clone" in run.stderr
    assert "Traceback" not in run.stderr
    perm = subprocess.run([sys.executable, str(REPO / "build_site.py"), "--root", str(clone), "permanence"],
                          capture_output=True, text=True, check=False)
    assert perm.returncode == 1
    assert "shallow clone" in perm.stderr
    assert "Traceback" not in perm.stderr


def test_describe_puts_changes_in_words() -> None:
    old = {"confidence": {"reliability": {"grade": "C"}, "credibility": {"grade": 3, "rationale": "r"}},
           "status": {"value": "reported"}, "attributions": [{"claimant": "a", "source": "s", "quote": "q"}],
           "quantities": [{"measure": "m", "label": "Shells", "value": 1000, "unit": "shells"}]}
    new = {"confidence": {"reliability": {"grade": "B"}, "credibility": {"grade": 5, "rationale": "now"}},
           "status": {"value": "withdrawn", "reason": "why"},
           "attributions": [{"claimant": "a", "source": "s", "quote": "q2"}, {"claimant": "b", "source": "t"}],
           "quantities": [{"measure": "m", "label": "Shells", "value": 1500, "unit": "shells"}]}
    assert describe(old, new) == [
        "reliability C → B", "credibility 3 → 5: now", "status reported → withdrawn: why",
        "attribution added: b in t", "quote changed (a in s)", "figure Shells 1,000 shells → 1,500 shells"]
    assert describe(None, new) == ["added"]
    assert describe(new, new) == []


def test_describe_words_figures_dates_relation_notes_and_repeats_as_the_pages_do() -> None:
    """Figures in the claim page's words (a qualifier is a word, not a prefix code), dates in words, a
    changed relation note named (it was "no field changed"), a line repeated for several attributions
    said once; an id-only rename of a claimant is no meaningful change (the feed leaves it out)."""
    from claimbase.history import meaningful

    def fig(**q: object) -> dict[str, object]:
        return {"quantities": [{"measure": "m", "label": "Missiles", "unit": "ballistic missiles", **q}]}

    assert describe(fig(qualifier="several", words="dozens"), fig(qualifier="several", words="several dozen")) == [
        "figure Missiles dozens ballistic missiles → several dozen ballistic missiles"]
    assert describe(fig(qualifier="about", value=40), fig(qualifier="estimate", min=30, max=50)) == [
        "figure Missiles about 40 ballistic missiles → an estimated 30–50 ballistic missiles"]
    assert describe({"event_date": {"value": "2022-02/2022-09"}}, {"event_date": {"value": "2024-10"}}) == [
        "event date between February 2022 and September 2022 → October 2024"]
    assert describe({"relations": [{"type": "context", "claim": "x"}]},
                    {"relations": [{"type": "context", "claim": "x", "note": "Why."}]}) == [
        "relation note changed: context x"]
    three = [{"claimant": "a", "source": "s", "quote": "q", "role": "asserts"} for _ in range(3)]
    parts = [{**a, "role": "asserts-part", "supports": "Part."} for a in three]
    assert describe({"attributions": three}, {"attributions": parts}) == [
        "attribution details changed (a in s): its role, the part it supports (3 times)"]
    renamed = describe({"attributions": [{"claimant": "old", "source": "s"}]},
                       {"attributions": [{"claimant": "new", "source": "s"}]}, {"old": "new"})
    assert renamed == ["claimant renamed (new in s)"]
    assert not meaningful(renamed + ["reviewed 2026-12-01"])
    assert meaningful(["relation note changed: context x"])
    # Marked, the records a line names are put in words when it is shown: names on the pages, ids else.
    from claimbase.history import in_words

    marked = describe({"location": {"place": "kursk-oblast"}, "attributions": []},
                      {"location": {"place": "toropets"}, "attributions": [{"claimant": "a", "source": "s"}]},
                      marked=True)
    names = {("place", "kursk-oblast"): "Kursk oblast", ("place", "toropets"): "Toropets",
             ("actor", "a"): "Example Ministry", ("source", "s"): "Its statement"}
    assert [in_words(line, lambda kind, rid: names[(kind, rid)]) for line in marked] == [
        "place Kursk oblast → Toropets", "attribution added: Example Ministry in Its statement"]
    assert [in_words(line) for line in marked] == ["place kursk-oblast → toropets", "attribution added: a in s"]
    # An old record's text (never validated) cannot name a record by forging a reference, nor put a NUL
    # in a page.
    forged = describe({"status": {"value": "reported"}},
                      {"status": {"value": "disputed", "reason": "\x00actor:a\x00 says so"}}, marked=True)
    shown = in_words(forged[0], lambda kind, rid: names[(kind, rid)])
    assert shown == "status reported → disputed: \ufffdactor:a\ufffd says so"


def test_a_folder_inside_another_repository_has_no_history(tmp_path: Path) -> None:
    """A knowledge base that is not the top of its repository (a fixture of this project) publishes no
    versions rather than the project's history."""
    assert read_history(REPO / "tests" / "fixtures" / "sample") is None
    write_kb(tmp_path / "kb")
    assert read_history(tmp_path / "kb") is None  # not in git at all


def test_git_log_in_two_halves_reads_the_same_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long history is read by two `git log` processes at once (history.LOG_SPLIT_FROM), and its old
    records by two `git cat-file`: the same commits, in the same order, with the same files, merges of
    pull requests included, and the same texts."""
    from claimbase import history

    root = tmp_path / "kb"
    write_kb(root)
    git(root, "init", "--quiet", "--initial-branch=main")
    commit_all(root, "A tiny knowledge base")
    for grade in (5, 4, 3):
        git(root, "checkout", "--quiet", "-b", f"regrade-{grade}")
        _alpha(root, f"    grade: {grade + 1}\n", f"    grade: {grade}\n")
        commit_all(root, f"Regrade alpha to {grade}")
        (root / "claims" / "beta-claim.yaml").write_text(
            (root / "claims" / "beta-claim.yaml").read_text(encoding="utf-8") + f"# {grade}\n", encoding="utf-8")
        commit_all(root, f"Touch beta {grade}")
        git(root, "checkout", "--quiet", "main")
        git(root, "merge", "--quiet", "--no-ff", "-m", f"Merge pull request {grade}", f"regrade-{grade}")
    head = history.repository_head(root)
    assert head is not None
    monkeypatch.setattr(history, "LOG_SPLIT_FROM", 10**9)
    whole = history._log(root, head)
    assert [c[2] for c in whole] == ["Merge pull request 3", "Merge pull request 4", "Merge pull request 5",
                                     "A tiny knowledge base"]
    for split_from in (2, 3, 4):
        monkeypatch.setattr(history, "LOG_SPLIT_FROM", split_from)
        assert history._log(root, head) == whole
    # The old records, read by two `git cat-file` processes at once (history.CAT_FILE_SPLIT_FROM).
    blobs = [blob for commit in whole for _, _, blob in commit[3]] + ["0" * 40]  # and one that is missing
    monkeypatch.setattr(history, "CAT_FILE_SPLIT_FROM", 10**9)
    one = history.read_blobs(root, blobs)
    assert len(one) == len(set(blobs)) - 1
    monkeypatch.setattr(history, "CAT_FILE_SPLIT_FROM", 2)
    assert history.read_blobs(root, blobs) == one


def test_a_merged_pull_request_counts_once(tmp_path: Path) -> None:
    """Versions follow the main branch's first parents: two commits on a branch, merged, are one version."""
    root = tmp_path / "kb"
    write_kb(root)
    git(root, "init", "--quiet", "--initial-branch=main")
    commit_all(root, "A tiny knowledge base")
    git(root, "checkout", "--quiet", "-b", "regrade")
    _alpha(root, "    grade: 6\n    rationale: Test data.", "    grade: 5\n    rationale: Test data.")
    commit_all(root, "Regrade alpha")
    _alpha(root, "    grade: 5\n    rationale: Test data.", "    grade: 4\n    rationale: Test data.")
    commit_all(root, "Regrade alpha again")
    git(root, "checkout", "--quiet", "main")
    git(root, "merge", "--quiet", "--no-ff", "-m", "Merge pull request: regrade alpha", "regrade")
    history = read_history(root)
    assert history is not None
    versions = history.of("alpha-claim")
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].subject == "Merge pull request: regrade alpha"
    assert versions[1].changes == ["credibility 6 → 4: Test data."]
    assert [v.number for v in history.of("beta-claim")] == [1]


def test_a_version_names_a_renamed_claimant_as_its_record_did(tmp_path: Path) -> None:
    """An old version names its claimant by the id the actor had then. The actor renamed since keeps a
    tombstone under that id (whose page redirects to the new one): the version page shows the tombstone's
    name, the name the claimant had, and never its bare id."""
    from permanence_kb import ACTOR

    from claimbase.layout import schema_line
    from claimbase.permanence import append_new_paths

    root = tmp_path / "kb"
    write_kb(root)
    git(root, "init", "--quiet", "--initial-branch=main")
    append_new_paths(root)
    commit_all(root, "A tiny knowledge base")
    actors = root / "actors"
    new = ACTOR.replace("id: example-ministry", "id: example-foreign-ministry").replace(
        "name: Example Ministry", "name: Example Ministry of Foreign Affairs")
    (actors / "example-foreign-ministry.yaml").write_text(schema_line("actor") + "\n" + new, encoding="utf-8")
    (actors / "example-ministry.yaml").write_text(
        schema_line("actor") + "\n" + ACTOR + "merged_into: example-foreign-ministry\n"
        "merge_reason: Renamed to say which ministry it is.\nmerge_date: 2025-03-01\n", encoding="utf-8")
    for path in [*(root / "claims").glob("*.yaml"), *(root / "sources").glob("*.yaml")]:
        renamed = path.read_text(encoding="utf-8").replace(": example-ministry\n", ": example-foreign-ministry\n")
        path.write_text(renamed, encoding="utf-8")
    check_permanence(root, update=True)
    commit_all(root, "The ministry's record gets an id that says which ministry it is")
    site = tmp_path / "site"
    site_build.build_site(root, site)
    v1 = (site / "claims/alpha-claim/v1/index.html").read_text(encoding="utf-8")
    assert ">Example Ministry</a>" in v1
    assert ">example-ministry<" not in v1
    now = (site / "claims/alpha-claim/index.html").read_text(encoding="utf-8")
    assert ">Example Ministry of Foreign Affairs</a>" in now
