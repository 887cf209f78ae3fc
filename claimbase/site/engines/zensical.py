"""Zensical: the second engine, Material's successor. Its configuration, speed-up, run and warnings.

Zensical reads mkdocs.yml, but builds only a folder inside its project root (the folder of its
configuration file), caches between runs, and offers search and a new look of its own. So `build`
writes a derived configuration next to the generated docs folder (`zensical.yml`: the docs folder, the
overrides by absolute path, the `classic` look of Material, its search off as in mkdocs.yml (the site
has its own), `extra_nav`), runs the build in a fresh process (`python -m claimbase.site.engines.zensical`)
with its cache cleaned, so that no state of an earlier run can leak in, and moves the built folder to
`site_dir`. Its warnings are read from its output: "Warning: <what>" and the file:line:col under it.

The speed-ups (`fast`), measured with the benchmark and py-spy (docs/performance.md): Zensical calls
Python for three things per page, each a cost that grows with the page's size, though for a generated
page (body: one HTML comment, `render.BODY_OPEN`) the answer is known:

- `_no_references`: its scan of the Markdown source for links and references, one character at a time
  in Python (two thirds of its build time at 3,000 claims): a generated page holds none;
- `_passthrough`: its Markdown rendering, which sets up a new Python-Markdown converter per page:
  Python-Markdown returns the comment unchanged, with no table of contents;
- `_tag_anchors`: its search for ids in the rendered page, one backtracking expression over the whole
  page: the same search, tried on the tags that can match.

Tests check that the site is byte-identical with and without them.

Pinned to 0.0.73 (requirements.txt, pyproject.toml): later versions need a `zensical-ui` package that
the package index here does not have, and 0.x versions change their templates; see docs/architecture.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from ..render import BODY_OPEN, one_comment
from . import CONFIG, OVERRIDES, read_config

NAME = "Zensical"
VERSION = "0.0.73"
SERVES = True
"""`build_site.py serve --engine zensical` previews with Zensical's own server (`serve`)."""
last_run: dict[str, int] = {}
"""What the speed-ups did in the last build: pages passed through, pages not scanned for links."""
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LOCATION = re.compile(r"\[\s*(\S+:\d+:\d+)\s*\]")


def missing() -> str | None:
    """Why this engine cannot run here, or None."""
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover
        return "importlib.metadata is missing"
    try:
        found = version("zensical")
    except PackageNotFoundError:
        return f"Zensical is not installed: pip install zensical=={VERSION} (or -r requirements.txt)"
    if found != VERSION:
        return f"Zensical {found} is installed; this site is tested with {VERSION} (pip install zensical=={VERSION})"
    return None


def config_for(docs_dir: Path, out_dir: Path, *, extra_nav: list | None = None,
               site_url: str | None = None) -> dict:
    """Zensical's configuration: mkdocs.yml, pointed at `docs_dir`, building into `out_dir` (both inside
    the folder the configuration is written to)."""
    config = {k: v for k, v in read_config(CONFIG).items() if v is not None}
    config["docs_dir"] = docs_dir.name
    config["site_dir"] = out_dir.name
    if site_url:
        config["site_url"] = site_url
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = str(OVERRIDES)
    theme["variant"] = "classic"  # Material's look, not Zensical's new one
    config["theme"] = theme
    plugins = config.get("plugins") or []
    if plugins:
        raise ValueError(f"mkdocs.yml names plugins ({plugins!r}): give each a Zensical counterpart here")
    config["plugins"] = {"search": {"enabled": False}}  # as in mkdocs.yml: the site has its own search
    config.pop("validation", None)  # MkDocs' settings; Zensical warns of unknown pages anyway
    if extra_nav:
        config["nav"] = [*config.get("nav", []), *extra_nav]
    return config


def _write_config(docs_dir: Path, out_name: str, *, extra_nav: list | None = None,
                  site_url: str | None = None) -> Path:
    project = docs_dir.parent
    config_file = project / ("zensical.yml" if out_name == "zensical-site" else f"{out_name}.yml")
    config = config_for(docs_dir, project / out_name, extra_nav=extra_nav, site_url=site_url)
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def _env() -> dict[str, str]:
    return dict(os.environ, NO_COLOR="1", PYTHONPATH=os.pathsep.join(
        [str(Path(__file__).resolve().parents[3]), os.environ.get("PYTHONPATH", "")]))


def serve(docs_dir: Path, addr: str, site_url: str) -> subprocess.Popen:
    """Zensical's preview server over `docs_dir` at `addr`, in a fresh process with the speed-ups on. It
    watches the folder, rebuilds what changed (with its cache) and reloads the browser; `serve.py`'s
    watcher rewrites the pages of the records that change."""
    config_file = _write_config(docs_dir.resolve(), "zensical-preview", site_url=site_url)
    cmd = [sys.executable, "-m", __name__, str(config_file), "--fast", "--serve", addr]
    return subprocess.Popen(cmd, env=_env(), cwd=config_file.parent)


def build(docs_dir: Path, site_dir: Path, *, extra_nav: list | None = None, fast: bool = True,
          workers: int | None = None, pages: int = 0) -> list[str]:  # noqa: ARG001 - Zensical chooses
    """Build the generated `docs_dir` into `site_dir`; the warnings, if any."""
    docs_dir, site_dir = docs_dir.resolve(), site_dir.resolve()
    out = docs_dir.parent / "zensical-site"
    config_file = _write_config(docs_dir, out.name, extra_nav=extra_nav)
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", __name__, str(config_file)] + (["--fast"] if fast else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=out.parent, check=False)
    output = _ANSI.sub("", proc.stdout + proc.stderr)
    messages = warnings_in(output)
    counts = re.search(r"^claimbase: (\d+) generated page bodies passed through, (\d+) not scanned", output, re.M)
    last_run.clear()
    last_run.update(passed_through=int(counts.group(1)) if counts else 0,
                    not_scanned=int(counts.group(2)) if counts else 0)
    if proc.returncode != 0:
        tail = "\n".join(line for line in output.strip().splitlines()[-12:])
        return [*messages, f"Zensical failed (exit status {proc.returncode}):\n{tail}"]
    if site_dir != out:
        shutil.rmtree(site_dir, ignore_errors=True)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(out), str(site_dir))
    return messages


def warnings_in(output: str) -> list[str]:
    """Zensical's warnings as "file:line:col: what": its report gives the what, then the place under it."""
    messages: list[str] = []
    lines = output.splitlines()
    for i, line in enumerate(lines):
        text = line.strip()
        if not text.startswith(("Warning:", "Error:")):
            continue
        what = text.split(":", 1)[1].strip()
        where = next((m.group(1) for nxt in lines[i + 1:i + 3] if (m := _LOCATION.search(nxt))), None)
        messages.append(f"{where}: {what}" if where else what)
    found = re.search(r"^(\d+) issues? found", output, re.MULTILINE)
    if found and int(found.group(1)) and not messages:
        messages.append(f"Zensical found {found.group(1)} issue(s):\n{output.strip()[-2000:]}")
    return messages


def _passthrough(render):  # noqa: ANN001, ANN202 - zensical.markdown.render.render
    """`render` for Zensical, returning a generated page's body (one HTML comment) as Python-Markdown
    would, without setting up a converter; every other page goes to Zensical's own `render`."""
    from zensical.markdown.render import _sanitize

    def fast(content: str, path: str, url: str, metadata: str = "{}", title: str | None = None,
             navigation_title: str | None = None) -> dict:
        if '"cb_body":true' in metadata:
            body = content.strip()
            meta = json.loads(metadata)
            if meta.get("cb_body") is True and one_comment(body):
                fast.passed_through += 1
                return {"meta": {k: _sanitize(v) for k, v in meta.items()}, "title": navigation_title,
                        "content": body, "toc": []}
        return render(content, path, url, metadata, title, navigation_title)

    fast.passed_through = 0
    return fast


def _no_references(references):  # noqa: ANN001, ANN202 - zensical.collectors.references.references
    """`zensical.collectors.references` for Zensical, finding none in a generated page without scanning it.

    Zensical scans each page's source for links and references in Python, one character at a time (two
    thirds of its build time at 3,000 claims). A generated page holds none: its body is one HTML
    comment, which Markdown never reads links from, and its front matter is JSON-quoted values. Every
    other page goes to Zensical's own scanner."""

    def fast(markdown: bytes, shift: int = 0):  # noqa: ANN202
        if markdown.startswith(b"---\n") and b"\ncb_body: true\n" in markdown[:4096]:
            end = markdown.find(b"\n---\n", 3)
            if end != -1 and b"\ncb_body: true\n" in markdown[:end + 1]:
                body = markdown[end + 5:].decode("utf-8", "replace").strip()
                if one_comment(body):
                    fast.skipped += 1
                    return iter(())
        return references(markdown, shift)

    fast.skipped = 0
    return fast


_START_TAG = re.compile(r"<[a-zA-Z][^>]*>")


def _tag_anchors(anchors):  # noqa: ANN001, ANN202 - zensical.collectors.anchors
    """`zensical.collectors.anchors` for Zensical, the same anchors found seven times faster in a generated
    page's body.

    Zensical finds the ids of each rendered page with one regular expression over the whole page, which
    backtracks through every tag (half of what was left of its build time). In a generated body every
    `<` starts a tag or comment and every tag ends at its first `>` (the renderer escapes both in values),
    so the expression can only match whole start tags: it is tried on the tags that hold "id=" or
    "name=", from their first character. Tests compare both on every generated page. Other pages go to
    Zensical's own."""
    from zensical.collectors.anchors import _RE

    def fast(html: str):  # noqa: ANN202
        if not html.startswith(BODY_OPEN + "\n"):
            yield from anchors(html)
            return
        for tag in _START_TAG.finditer(html):
            text = tag.group()
            if "id=" in text or "name=" in text:
                match = _RE.match(text)
                if match and (value := match.group("id_value") or match.group("name_value")):
                    yield value

    return fast


def _main(argv: list[str]) -> int:
    """In Zensical's own process: the speed-up on (with --fast), then one clean build."""
    import zensical
    import zensical.collectors as collectors
    import zensical.markdown.render as markdown_render

    if "--fast" in argv:
        markdown_render.render = _passthrough(markdown_render.render)
        collectors.references = _no_references(collectors.references)
        collectors.anchors = _tag_anchors(collectors.anchors)
    profile = os.environ.get("CLAIMBASE_PROFILE")  # where its time goes: python -m pstats <file>
    config = str(Path(argv[0]).resolve())
    if "--serve" in argv:
        with contextlib.suppress(KeyboardInterrupt):
            zensical.serve(config, {"dev_addr": argv[argv.index("--serve") + 1], "open": False, "strict": False})
        return 0
    try:
        if profile:
            import cProfile

            cProfile.runctx("zensical.build(config, options)", globals(), {
                "zensical": zensical, "config": str(Path(argv[0]).resolve()),
                "options": {"clean": True, "strict": False}}, profile)
        else:
            zensical.build(str(Path(argv[0]).resolve()), {"clean": True, "strict": False})
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        print(f"Error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    passed = getattr(markdown_render.render, "passed_through", None)
    if passed is not None:
        skipped = getattr(collectors.references, "skipped", 0)
        print(f"claimbase: {passed} generated page bodies passed through, {skipped} not scanned for links",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
