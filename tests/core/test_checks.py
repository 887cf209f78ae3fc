"""Checks whose inputs are easier to make in code than as fixture folders."""

from __future__ import annotations

import shutil
from pathlib import Path

from broken_cases import VALID, run_validate

CLAIM = "claims/missiles-used.yaml"


def copy_valid(tmp_path: Path) -> Path:
    return Path(shutil.copytree(VALID, tmp_path / "kb"))


def test_ids_clash_when_case_is_ignored(tmp_path: Path) -> None:
    root = copy_valid(tmp_path)
    text = (root / "systems/kn-23.yaml").read_text()
    (root / "systems/KN-23.yaml").write_text(text.replace("id: kn-23", "id: KN-23"))
    code, _, err = run_validate(root)
    assert code == 1
    assert "systems/kn-23.yaml:1:1: id: id 'kn-23' clashes with systems/KN-23.yaml (ids ignore case) " \
        "(choose another id)" in err


def test_missing_archived_text(tmp_path: Path) -> None:
    root = copy_valid(tmp_path)
    (root / "archive/article.txt").unlink()
    code, _, err = run_validate(root)
    assert code == 1
    assert err.splitlines()[0] == ("sources/article.yaml:11:16: archived_text: cannot read archive/article.txt "
                                   "(add the verbatim text there as a plain UTF-8 file of at most 2 MB, "
                                   "or set archived_text: null)")


def test_archived_text_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    root = copy_valid(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("La Maison-Blanche a affirmé jeudi que des missiles avaient fait leur apparition.")
    (root / "archive/article.txt").unlink()
    (root / "archive/article.txt").symlink_to(secret)
    code, _, err = run_validate(root)
    assert code == 1
    assert "archived_text: cannot read archive/article.txt" in err


def _add_attribution(root: Path, claimant: str, source: str, origin: str | None) -> None:
    path = root / CLAIM
    origin_line = f"    origin: {origin}\n" if origin else ""
    path.write_text(path.read_text().replace("attributions:\n", (
        f"attributions:\n  - claimant: {claimant}\n    source: {source}\n{origin_line}    mode: relayed\n"
        "    quote: \"Des missiles s’abattent.\"\n    translation: \"Missiles strike.\"\n")))


def test_confirmed_with_two_independent_chains_passes(tmp_path: Path) -> None:
    root = copy_valid(tmp_path)
    (root / "actors/other-service.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/actor.schema.json\n"
        "id: other-service\nname: Other service\ntype: intelligence-service\ncountry: KR\n")
    (root / "sources/other-report.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/source.schema.json\n"
        "id: other-report\ntitle: null\ntitle_en: \"[Other report]\"\npublisher: other-service\n"
        "type: report\nlanguage: null\npublished: null\n")
    (root / "sources/article.yaml").write_text(
        (root / "sources/article.yaml").read_text().replace("relays: [briefing]", "relays: [briefing, other-report]"))
    _add_attribution(root, "other-service", "article", "other-report")
    path = root / CLAIM
    path.write_text(path.read_text().replace("status:\n  value: reported", "status:\n  value: confirmed")
                    .replace("grade: 3", "grade: 1"))
    code, out, err = run_validate(root)
    assert (code, err) == (0, "")


def test_two_outlets_relaying_one_origin_are_not_independent(tmp_path: Path) -> None:
    """Same origin document, different claimants: still one chain."""
    root = copy_valid(tmp_path)
    _add_attribution(root, "example-outlet", "article", "briefing")
    path = root / CLAIM
    path.write_text(path.read_text().replace("status:\n  value: reported", "status:\n  value: confirmed"))
    code, _, err = run_validate(root)
    assert code == 1
    assert "status.value: needs two independent lines of reporting, has 1" in err


def test_load_cache_parses_only_changed_files(tmp_path: Path) -> None:
    """A live preview reloads with a cache: unchanged records are reused, a saved one is read again."""
    import os

    from claimbase.load import LoadCache
    from claimbase.pipeline import load_knowledge_base

    root = copy_valid(tmp_path)
    cache = LoadCache()
    first = load_knowledge_base(root, cache)
    path = root / CLAIM
    path.write_text(path.read_text().replace("title: North Korean missiles used against Ukraine",
                                             "title: North Korean missiles used against Ukraine (edited)"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = load_knowledge_base(root, cache)
    assert second.claims["missiles-used"].title.endswith("(edited)")
    assert second.records["system"]["kn-23"] is first.records["system"]["kn-23"]
    assert second.records["claim"]["missiles-used"] is not first.records["claim"]["missiles-used"]
    (root / "systems/kn-23.yaml").unlink()
    code, _, err = run_validate(root)
    assert code == 1
    assert "no system with id 'kn-23'" in err
