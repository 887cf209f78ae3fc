"""Zensical: the second engine, Material's successor. Its configuration, speed-up, run and warnings.

Zensical reads mkdocs.yml, but builds only a folder inside its project root (the folder of its
configuration file), caches between runs, and offers search and a new look of its own. So `build`
writes a derived configuration next to the generated docs folder (`zensical.yml`: the docs folder, the
overrides by absolute path, the `classic` look of Material, its search off as in mkdocs.yml (the site
has its own), `extra_nav`), runs the build in a fresh process (`python -m claimbase.site.engines.zensical`)
with its cache cleaned, so that no state of an earlier run can leak in, and moves the built folder to
`site_dir`. Its warnings are read from its output: "Warning: <what>" and the file:line:col under it.

The speed-up (`fast`): Zensical renders each page's Markdown in Python, setting up a new Python-Markdown
converter for every page. A generated page's body is one HTML comment (`render.BODY_OPEN`), which
Python-Markdown returns unchanged with no table of contents; `_passthrough` returns it without the
converter (tests check that the site is byte-identical with and without it).

Pinned to 0.0.73 (requirements.txt, pyproject.toml): later versions need a `zensical-ui` package that
the package index here does not have, and 0.x versions change their templates; see docs/architecture.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from ..render import one_comment
from . import CONFIG, OVERRIDES, read_config

NAME = "Zensical"
VERSION = "0.0.73"
SERVES = False
"""`build_site.py serve` previews with MkDocs only (see docs/architecture.md)."""
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


def build(docs_dir: Path, site_dir: Path, *, extra_nav: list | None = None, fast: bool = True,
          workers: int | None = None, pages: int = 0) -> list[str]:  # noqa: ARG001 - Zensical chooses
    """Build the generated `docs_dir` into `site_dir`; the warnings, if any."""
    docs_dir, site_dir = docs_dir.resolve(), site_dir.resolve()
    project = docs_dir.parent
    out = project / "zensical-site"
    config_file = project / "zensical.yml"
    config_file.write_text(yaml.safe_dump(config_for(docs_dir, out, extra_nav=extra_nav), allow_unicode=True,
                                          sort_keys=False), encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=os.pathsep.join(
        [str(Path(__file__).resolve().parents[3]), os.environ.get("PYTHONPATH", "")]))
    cmd = [sys.executable, "-m", __name__, str(config_file)] + (["--fast"] if fast else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=project, check=False)
    output = _ANSI.sub("", proc.stdout + proc.stderr)
    messages = warnings_in(output)
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


def _main(argv: list[str]) -> int:
    """In Zensical's own process: the speed-up on (with --fast), then one clean build."""
    import zensical
    import zensical.markdown.render as markdown_render

    if "--fast" in argv:
        markdown_render.render = _passthrough(markdown_render.render)
    profile = os.environ.get("CLAIMBASE_PROFILE")  # where its time goes: python -m pstats <file>
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
        print(f"claimbase: {passed} generated page bodies passed through", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
