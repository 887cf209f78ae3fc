"""Engine adapters: what turns the generated docs folder into the site.

The generator (`generate.py`, `pages/`) and the page templates know no engine: they write Markdown
files whose front matter is JSON-quoted and whose body is one HTML comment (`render.markdown_page`),
and overrides/main.html unwraps it in a way both template engines accept. Everything that depends on
the engine is in its module here:

- `mkdocs`: MkDocs 1.6 + Material (the default): its configuration, its speed-ups (shared page parts
  cached, bodies passed through, two forked processes), how it is run and how its warnings are read;
- `zensical`: Zensical (Material's successor, which reads mkdocs.yml): the configuration derived from
  mkdocs.yml, its speed-up (bodies passed through), how it is run and how its warnings are read.

Each adapter has `build(docs_dir, site_dir, *, extra_nav, fast, workers, pages) -> list[str]`, the
warnings of the build (empty when it went well). Both read the one configuration file, mkdocs.yml.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType

import yaml

from ...problems import ClaimbaseError
from ..pages.context import SiteSettings

REPO = Path(__file__).resolve().parents[3]
CONFIG = REPO / "mkdocs.yml"
OVERRIDES = REPO / "overrides"
ENGINES = ("mkdocs", "zensical")
DEFAULT = "mkdocs"


def get(name: str) -> ModuleType:
    """The adapter of engine `name`; a one-line error when it is unknown or not installed."""
    if name not in ENGINES:
        raise ClaimbaseError(f"unknown engine {name!r} (choose one of: {', '.join(ENGINES)})")
    adapter = importlib.import_module(f"{__name__}.{name}")
    missing = adapter.missing()
    if missing:
        raise ClaimbaseError(missing)
    return adapter


class _Loader(yaml.SafeLoader):
    """YAML with MkDocs' `!ENV` tag: `!ENV NAME` or `!ENV [NAME, OTHER, default]`."""


def _env_tag(loader: _Loader, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


_Loader.add_constructor("!ENV", _env_tag)


def read_config(path: Path = CONFIG) -> dict:
    """mkdocs.yml as a dictionary, its `!ENV` values read from the environment (for every engine)."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)  # noqa: S506 - a SafeLoader with one more tag


def site_settings(config: dict | None = None, site_url: str | None = None) -> SiteSettings:
    """What the generated pages need to know from the configuration: the same under every engine."""
    config = read_config() if config is None else config
    extra = config.get("extra") or {}
    url = site_url or config.get("site_url") or "http://127.0.0.1:8000/"
    return SiteSettings(
        site_name=str(config.get("site_name") or SiteSettings.site_name),
        site_url=url if url.endswith("/") else url + "/",
        repo_url=config.get("repo_url") or None,
        repo_branch=str(extra.get("repo_branch") or "main"),
    )
