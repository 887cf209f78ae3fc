"""The live preview (`build_site.py serve`), run for real: one save, one rebuild, the change shown."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from claimbase import bench

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"


def test_each_save_regenerates_and_rebuilds_once(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(SAMPLE, root)
    log = tmp_path / "serve.log"
    # The first save comes as soon as the first page is served: the watches must already be in place.
    result = bench.measure_edit_loop(root, edits=2, startup_timeout=300, log_to=log, edit_timeout=120)
    assert result["edit_to_preview_s"] < 30
    output = log.read_text(encoding="utf-8")
    # The first build, then one per save: the server rebuilds when our trigger file changes, not on
    # every file it reads or writes itself.
    assert len(re.findall(r"^Generated in ", output, re.MULTILINE)) == 3, output
    assert len(re.findall(r"^Preview rebuilt in ", output, re.MULTILINE)) == 3, output
    assert "'dirty' build" not in output
    assert "Traceback" not in output
    # Only the saved claim and the pages that list or link it were made again.
    assert result["regenerated_files"] < 20
