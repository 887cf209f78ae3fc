"""The independence rule on small hand-made knowledge bases: one case per way two attributions share a
line of reporting, and the cases where the records show they do not."""

from __future__ import annotations

import shutil
from pathlib import Path

from broken_cases import VALID, run_validate

from claimbase.pipeline import load_knowledge_base
from claimbase.provenance import claim_lines, independent_lines

CLAIM = "claims/missiles-used.yaml"
HOUSE_QUOTE = "La Maison-Blanche a affirmé jeudi que des missiles avaient fait leur apparition."


def kb_with(tmp_path: Path, attributions: str, actors: dict[str, str] | None = None,
            sources: dict[str, str] | None = None, article_relays: str = "[briefing]"):
    root = Path(shutil.copytree(VALID, tmp_path / "kb"))
    for aid, body in (actors or {}).items():
        (root / f"actors/{aid}.yaml").write_text(
            f"# yaml-language-server: $schema=../schemas/actor.schema.json\nid: {aid}\n{body}")
    for sid, body in (sources or {}).items():
        (root / f"sources/{sid}.yaml").write_text(
            f"# yaml-language-server: $schema=../schemas/source.schema.json\nid: {sid}\n{body}")
    article = root / "sources/article.yaml"
    article.write_text(article.read_text().replace("relays: [briefing]", f"relays: {article_relays}"))
    claim = root / CLAIM
    claim.write_text(claim.read_text().replace("confidence:\n", attributions + "confidence:\n", 1))
    code, _, err = run_validate(root)
    assert (code, err) == (0, ""), err
    kb = load_knowledge_base(root)
    return kb, kb.claims["missiles-used"]


def attribution(claimant: str, source: str, origin: str | None, mode: str = "relayed", extra: str = "",
                quote: str = HOUSE_QUOTE) -> str:
    origin_line = f"    origin: {origin}\n" if origin else ""
    return (f"  - claimant: {claimant}\n{extra}    source: {source}\n{origin_line}    mode: {mode}\n"
            f"    quote: \"{quote}\"\n    translation: \"Missiles appeared.\"\n")


def report(publisher: str, relays: str = "[]") -> str:
    return (f"title: null\ntitle_en: \"[A report]\"\npublisher: {publisher}\ntype: report\nlanguage: null\n"
            f"published: null\nrelays: {relays}\n")


KR = {"seoul-service": "name: Seoul service\ntype: intelligence-service\ncountry: KR\n"}


def test_different_origins_and_bodies_are_two_lines(tmp_path: Path) -> None:
    kb, claim = kb_with(tmp_path, attribution("seoul-service", "article", "seoul-report"), KR,
                        {"seoul-report": report("seoul-service")}, "[briefing, seoul-report]")
    assert independent_lines(kb, claim) == 2
    assert [g.members for g in claim_lines(kb, claim)] == [[1], [2]]


def test_shared_origin_through_relays_is_one_line(tmp_path: Path) -> None:
    """The outlet's report relays the briefing: its chain reaches the White House attribution's origin."""
    kb, claim = kb_with(tmp_path, attribution("seoul-service", "article", "outlet-report"), KR,
                        {"outlet-report": report("example-outlet", "[briefing]")}, "[briefing, outlet-report]")
    groups = claim_lines(kb, claim)
    assert independent_lines(kb, claim) == 1
    assert groups[0].members == [1, 2]
    assert any("#2's chain reaches the origin of #1" in why for why in groups[0].reasons)


def test_same_body_is_one_line(tmp_path: Path) -> None:
    actors = {"house-press-office":
              "name: Press office\ntype: government-body\ncountry: US\naffiliation: white-house\n"}
    kb, claim = kb_with(tmp_path, attribution("house-press-office", "article", "office-note"), actors,
                        {"office-note": report("house-press-office")}, "[briefing, office-note]")
    groups = claim_lines(kb, claim)
    assert independent_lines(kb, claim) == 1
    assert "#1 and #2 speak for the same body, The White House" in groups[0].reasons


def test_spokesperson_and_government_are_one_line(tmp_path: Path) -> None:
    """A spokesperson of a council of the White House, and the White House: one body at the top."""
    actors = {"council": "name: Council\ntype: government-body\ncountry: US\naffiliation: white-house\n",
              "spokesperson": "name: Spokesperson\ntype: person\ncountry: US\naffiliation: council\n"}
    kb, claim = kb_with(tmp_path, attribution("spokesperson", "article", "interview"), actors,
                        {"interview": report("spokesperson")}, "[briefing, interview]")
    assert independent_lines(kb, claim) == 1
    assert "#1 and #2 speak for the same body, The White House" in claim_lines(kb, claim)[0].reasons


def test_restating_headline_is_one_line(tmp_path: Path) -> None:
    """The article's headline restates, in its own voice, the briefing it relays."""
    kb, claim = kb_with(tmp_path, attribution("white-house", "article", "briefing", extra="    ref: house\n")
                        + attribution("example-outlet", "article", None, mode="direct",
                                      quote="Des missiles s’abattent.",
                                      extra="    role: restates\n    based_on:\n      attribution: house\n"))
    groups = claim_lines(kb, claim)
    assert independent_lines(kb, claim) == 1
    assert groups[0].members == [1, 2, 3]
    assert any("restates" in why for why in groups[0].reasons)
    assert any("own voice" in why for why in groups[0].reasons)


def test_own_voice_without_evidence_is_in_the_relayed_line(tmp_path: Path) -> None:
    kb, claim = kb_with(tmp_path, attribution("example-outlet", "article", None, mode="direct",
                                              quote="Des missiles s’abattent."))
    assert independent_lines(kb, claim) == 1


def test_own_reporting_with_evidence_is_a_line_of_its_own(tmp_path: Path) -> None:
    kb, claim = kb_with(tmp_path, attribution(
        "example-outlet", "article", None, mode="direct", quote="Des missiles s’abattent.",
        extra="    based_on:\n      own_reporting: \"Des missiles s’abattent.\"\n"))
    assert independent_lines(kb, claim) == 2
    assert [g.members for g in claim_lines(kb, claim)] == [[1], [2]]


def test_unidentified_claimant_is_independent_of_nothing(tmp_path: Path) -> None:
    actors = {"unnamed-reports": "name: Unnamed reports\ntype: unidentified\ncountry: null\n"}
    kb, claim = kb_with(tmp_path, attribution("unnamed-reports", "article", "reports"), actors,
                        {"reports": report("unnamed-reports")}, "[briefing, reports]")
    assert independent_lines(kb, claim) == 1
    assert any("unidentified" in why for why in claim_lines(kb, claim)[0].reasons)


def test_relayed_without_origin_shares_the_document_it_is_read_in(tmp_path: Path) -> None:
    kb, claim = kb_with(tmp_path, attribution("seoul-service", "article", None), KR)
    assert independent_lines(kb, claim) == 1
    assert any("no earlier document named" in why for why in claim_lines(kb, claim)[0].reasons)


def test_part_support_is_not_counted(tmp_path: Path) -> None:
    kb, claim = kb_with(tmp_path, attribution(
        "seoul-service", "article", "seoul-report",
        extra="    role: asserts-part\n    supports: That missiles appeared, not where.\n"), KR,
        {"seoul-report": report("seoul-service")}, "[briefing, seoul-report]")
    groups = claim_lines(kb, claim)
    assert len(groups) == 2
    assert independent_lines(kb, claim) == 1
    assert [g.counted for g in groups] == [True, False]


def test_an_attribution_that_depends_on_two_independent_lines_does_not_join_them(tmp_path: Path) -> None:
    """The base attribution (the White House's briefing) and Seoul's report are independent; an unidentified
    claimant read in the same article depends on both, and is in the first line, not a bridge between them."""
    actors = {**KR, "unnamed-press": "name: Unnamed press\ntype: unidentified\ncountry: null\n"}
    kb, claim = kb_with(tmp_path, attribution("seoul-service", "article", "seoul-report")
                        + attribution("unnamed-press", "article", None), actors,
                        {"seoul-report": report("seoul-service")}, "[briefing, seoul-report]")
    assert independent_lines(kb, claim) == 2
    groups = claim_lines(kb, claim)
    assert [g.members for g in groups] == [[1, 3], [2]]
    assert any("unidentified" in why for why in groups[0].reasons)
