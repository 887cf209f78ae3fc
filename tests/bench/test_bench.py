"""The benchmark: its synthetic knowledge base is valid, and the whole benchmark runs at a small N.

Not a timed test: the figures themselves are recorded in docs/performance.md.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import edit, report, run
from benchmarks.synthetic import generate_kb
from claimbase.pipeline import load_knowledge_base

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "kb"
    generate_kb(root, 200)
    return root


def test_generated_records_pass_validate(synthetic: Path) -> None:
    out = subprocess.run([sys.executable, str(REPO / "build_site.py"), "--root", str(synthetic), "validate"],
                         capture_output=True, text=True, check=False, cwd=REPO)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "0 problems" in out.stdout
    assert "200 claims" in out.stdout


def test_generated_records_have_realistic_shape(synthetic: Path) -> None:
    kb = load_knowledge_base(synthetic)
    claims = kb.claims.values()
    assert all(2 <= len(c.attributions) <= 4 for c in claims)
    # Quotes are checked against archived texts: many attributions must read an archived source.
    archived = [a for c in claims for a in c.attributions if kb.sources[a.source].archived_text]
    assert len(archived) > 100
    # Relay chains of depth 1 to 3.
    depths = {len(kb.chain(a.source, a.origin)) - 1 for c in claims for a in c.attributions}
    assert {1, 2, 3} <= depths
    statuses = {c.status.value.value for c in claims}
    assert {"reported", "corroborated", "disputed", "withdrawn", "superseded", "merged"} <= statuses
    # Disputed figures: some measures are shared by several claims.
    measures: dict[str, int] = {}
    for c in claims:
        for q in c.quantities:
            measures[q.measure] = measures.get(q.measure, 0) + 1
    assert any(count >= 2 for count in measures.values())
    assert len(kb.systems) == 30
    assert len(kb.places) == 60
    assert len(kb.actors) == 150
    assert all(s.designations and s.aliases for s in kb.systems.values())
    assert sum(1 for p in kb.places.values() if p.coordinates) >= 50
    assert 60 <= len(kb.sources) <= 80


def test_generator_is_deterministic(tmp_path: Path, synthetic: Path) -> None:
    generate_kb(tmp_path / "again", 200)
    for path in sorted((synthetic / "claims").glob("*.yaml"))[:50]:
        assert (tmp_path / "again" / "claims" / path.name).read_bytes() == path.read_bytes()


def test_mark_title_keeps_yaml_valid(tmp_path: Path, synthetic: Path) -> None:
    import yaml

    for text in ("title: Plain title\nid: x\n", 'title: "Quoted: title"\nid: x\n', "title: 'It''s'\nid: x\n",
                 "title: >-\n  Folded long\n  title\nid: x\n"):
        data = yaml.safe_load(edit.mark_title(text, "bench edit 1"))
        assert data["title"].endswith(" bench edit 1")
        assert data["id"] == "x"


def test_exponent() -> None:
    assert report.exponent([(1000, 2.0), (10000, 20.0)]) == pytest.approx(1.0)
    assert report.exponent([(1000, 1.0), (2000, 4.0), (4000, 16.0)]) == pytest.approx(2.0)
    assert report.exponent([(1000, 1.0)]) is None


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_benchmark_runs_and_prints_the_table(tmp_path: Path) -> None:
    lines: list[str] = []
    result = run.run_benchmark(120, compare_nav=True, sizes=None, real_edit=False, keep=tmp_path / "work",
                               engines=("mkdocs", "zensical"), log=lines.append)
    text = "\n".join(lines)
    table = result["table"]
    assert table in text
    for row in ("validate, s", "build: generate pages, s", "build: engine build, s", "peak memory, MB",
                "site size, MB", "search index, MB", "claim page HTML, median KB", "claims index page HTML, KB",
                "claims-index.json, KB", "index first contentful paint, ms", "filter change to table updated",
                "search: query to answer, ms", "serve: save one claim to page shown, s"):
        assert row in table, row
    assert "nav-all / ours" in table.splitlines()[0]
    assert "| 120 mkdocs | 120 zensical |" in table.splitlines()[0]  # the engines side by side
    ours, zens, nav = result["runs"][0], result["runs"][1], result["runs"][-1]
    assert (ours.engine, zens.engine) == ("mkdocs", "zensical")
    assert zens.phases["engine"] > 0
    assert zens.sizes["site_files"] > 0
    assert zens.validate is None  # validate knows no engine: measured once per size
    assert not ours.nav_all
    assert nav.nav_all
    assert ours.n == nav.n == 120
    assert ours.validate.seconds > 0
    assert len(ours.validate_runs) == run.VALIDATE_RUNS
    assert sorted(ours.validate_runs)[run.VALIDATE_RUNS // 2] == ours.validate.seconds
    assert ours.located, "validate must name file:line:col of a broken record"
    assert ours.build.maxrss_mb > 10
    assert ours.browser["index_fcp_ms"] > 0
    # What the index costs, and Pagefind alone on the same documents, phase by phase.
    assert ours.browser["pagefind_pages"] > 120  # the claims, and the systems, places and actors
    assert ours.browser["pagefind_alone_cpu_s"] > 0
    phases = [ours.browser[f"pagefind_{k}_s"] for k in ("parse", "index", "write")]
    assert all(x > 0 for x in phases)
    assert sum(phases) <= ours.browser["pagefind_alone_s"] + 1e-6
    # No build takes less than its CPU time shared by every core: the least is at most what was measured.
    assert ours.browser["search_added_least_s"] <= ours.browser["search_added_s"] + 0.5
    assert "search: Pagefind alone: parse / index / write, s" in table
    assert ours.edit["edit_to_preview_s"] > 0
    # Every claim in the navigation makes every claim page carry it: the design keeps pages small.
    assert nav.sizes["claim_page_median"] > ours.sizes["claim_page_median"]


def test_cli_bench_help() -> None:
    out = subprocess.run([sys.executable, str(REPO / "build_site.py"), "bench", "--help"], capture_output=True,
                         text=True, check=False, cwd=REPO)
    assert out.returncode == 0
    assert "--claims" in out.stdout
