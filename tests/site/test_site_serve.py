"""The live preview (`build_site.py serve`), run for real: one save, one rebuild, the change shown."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from benchmarks import edit

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"


def test_each_save_regenerates_and_rebuilds_once(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(SAMPLE, root)
    log = tmp_path / "serve.log"
    # The first save comes as soon as the first page is served: the watches must already be in place.
    result = edit.measure_edit_loop(root, edits=2, startup_timeout=300, log_to=log, edit_timeout=120)
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


def test_a_failing_regeneration_is_reported_and_the_preview_goes_on(tmp_path, monkeypatch, capsys):
    import threading
    import time

    from claimbase.site import serve

    calls: list[object] = []

    def regenerate(root, docs_dir, site_url, memo, cache):  # noqa: ANN001, ANN202
        calls.append(memo)
        if len(calls) == 1:
            raise RuntimeError("a bug")
        watcher.stop.set()

    monkeypatch.setattr(serve, "regenerate", regenerate)
    monkeypatch.setattr(serve, "DEBOUNCE_S", 0.01)
    watcher = serve._Watcher(tmp_path, tmp_path / "build" / "docs", "http://127.0.0.1:8000/")
    watcher.start()
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    first_memo = watcher.memo
    watcher.pending.set()
    for _ in range(200):  # up to 10 s for the first, failing regeneration
        if calls:
            break
        time.sleep(0.05)
    watcher.pending.set()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert len(calls) == 2
    assert calls[0] is first_memo
    assert calls[1] is not first_memo
    err = capsys.readouterr().err
    assert "RuntimeError: a bug" in err
    assert "Preview not updated" in err
