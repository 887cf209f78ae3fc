"""The edit-and-preview loop: `build_site.py serve` started, one claim file saved, until the served page
shows the change."""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from claimbase.layout import FOLDERS

from .steps import REPO, _env, _python


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 5.0) -> str | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, TimeoutError):
        return None


def measure_edit_loop(root: Path, *, edits: int = 3, startup_timeout: float = 1800.0,
                      log_to: Path | None = None, edit_timeout: float = 600.0,
                      engine: str = "mkdocs") -> dict[str, float]:
    """`build_site.py serve` on `root`: save one claim file, time until the served page shows the change.

    With `log_to`, serve's own output is written there, each line after a save stamped with the seconds
    since that save."""
    import signal

    port = _free_port()
    addr = f"127.0.0.1:{port}"
    claims = sorted(p for p in (root / "claims").glob("*.yaml") if "value: merged" not in p.read_text("utf-8"))
    picks = [claims[(i * 7919) % len(claims)] for i in range(edits)]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        env = _env() | {"PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen([*_python(), str(REPO / "build_site.py"), "--root", str(root), "serve", "--addr", addr,
                                 "--engine", engine],
                                stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO)
        result: dict[str, float] = {}
        try:
            first = f"http://{addr}/claims/{picks[0].stem}/"
            while _get(first) is None:
                if proc.poll() is not None or time.perf_counter() - started > startup_timeout:
                    log.seek(0)
                    raise RuntimeError(f"serve did not start:\n{log.read()[-4000:]}")
                time.sleep(0.2)
            result["serve_startup_s"] = time.perf_counter() - started
            times: list[float] = []
            saves: list[tuple[int, str]] = []  # (size of serve's output when saved, file)
            for i, path in enumerate(picks):
                marker = f"bench edit {i} {int(time.time() * 1000) % 100000}"
                text = path.read_text(encoding="utf-8")
                new = mark_title(text, marker)
                url = f"http://{addr}/claims/{path.stem}/"
                t0 = time.perf_counter()
                saves.append((os.fstat(log.fileno()).st_size, path.name))
                path.write_text(new, encoding="utf-8")
                while True:
                    body = _get(url)
                    if body is not None and marker in body:
                        break
                    if time.perf_counter() - t0 > edit_timeout or proc.poll() is not None:
                        log.seek(0)
                        raise RuntimeError(f"the edited claim never appeared in the preview:\n{log.read()[-4000:]}")
                    time.sleep(0.05)
                times.append(time.perf_counter() - t0)
                time.sleep(2.0)  # let the server settle before the next save
            result["edit_to_preview_s"] = statistics.median(times)
            result["edit_to_preview_max_s"] = max(times)
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.seek(0)
            output = log.read()
        if log_to is not None:
            marked, last = [], 0
            for offset, name in saves:
                marked += [output[last:offset], f"\n[bench] ---- saved claims/{name} ----\n"]
                last = offset
            log_to.write_text("".join(marked) + output[last:], encoding="utf-8")
        regenerated = [float(x) for x in re.findall(r"Generated in ([0-9.]+) s", output)]
        if len(regenerated) > 1:
            result["regenerate_s"] = statistics.median(regenerated[1:])
        changed = [int(x) for x in re.findall(r"([0-9]+) file\(s\) changed", output)]
        if len(changed) > 1:
            result["regenerated_files"] = statistics.median(changed[1:])
        return result


def mark_title(text: str, marker: str) -> str:
    """A record's text with ` <marker>` added at the end of its title, whatever the title's YAML style."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    value = lines[i][len("title:"):].strip()
    if value in (">-", ">", "|-", "|"):
        j = i + 1
        while j + 1 < len(lines) and lines[j + 1].startswith("  "):
            j += 1
        lines[j] += " " + marker
    elif value.startswith('"'):
        lines[i] = "title: " + json.dumps(json.loads(value) + " " + marker, ensure_ascii=False)
    elif value.startswith("'"):
        lines[i] = "title: '" + value[1:-1] + " " + marker + "'"
    else:
        lines[i] = "title: " + value + " " + marker
    return "\n".join(lines)


def copy_real_dataset(dest: Path) -> Path:
    """The repository's records, archive and schemas, copied: serve writes its pages next to them."""
    for folder in (*FOLDERS.values(), "archive", "schemas"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, dest / folder)
    return dest
