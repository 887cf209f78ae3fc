"""MkDocs 1.6 + Material: the default engine. Its configuration, speed-ups, run and warnings.

`build` loads mkdocs.yml with MkDocs' own loader, points it at the generated docs folder, turns the
speed-ups on (`fast`), runs `mkdocs build` in this process and returns what MkDocs warned about.

The speed-ups make `mkdocs build` fast and light on thousands of generated pages, without changing one
byte of it: mkdocs.yml stays plain, and a plain `mkdocs build` of the same docs folder gives the same
site, only slower (tests compare the two). Measured with the benchmark (docs/performance.md) and
cProfile:

- the sidebars, header, styles, footer, theme configuration and scripts of claim and record pages
  (outside the navigation, no table of contents) are rendered once per section and depth
  (mkdocs_theme/cb_engine.html, put first in the template path, enabled by
  `config.extra["cb_nav_cache"]` and the `cb_shared`/`cb_key` this plugin puts in each such page's
  context): about half of Material's page template time;
- a generated page's body is one HTML comment (see `render.BODY_OPEN`), which Python-Markdown returns as it
  is, with no table of contents, title or anchors: no Markdown converter is set up for it (setting one up
  and converting were about 30 % of the MkDocs time);
- the front matter of a generated page (one `key: JSON` line per key) is read by JSON, not YAML
  (`partial_front_matter`; MkDocs' YAML reader still reads anything else): about 2.7 of MkDocs' 19
  CPU seconds at 10,000 claims went to YAML's constructors;
- the rest of such a page's template, too, is rendered once per shape (section, depth, which front matter
  keys it has) with stand-ins for its texts, which each page's own then replace (`PageShells`): about a
  sixth of MkDocs' CPU time at 10,000 claims, checked against full renderings as it goes;
- a page's Markdown source is dropped once converted, and its HTML once written (except navigation
  pages, whose titles and neighbours other pages read): about half the memory of a page;
- with `workers > 1`, once the navigation is known the process forks; the pages outside the navigation
  and the static files are shared out between the processes, while the navigation pages, the sitemap
  and the 404 page stay with the first. MkDocs' `dirty` mode makes each process skip the files another
  one writes, so the site folder is emptied first, as a clean build does. Needs `os.fork` (Linux, macOS).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
from functools import partial
from pathlib import Path

from mkdocs.plugins import BasePlugin
from mkdocs.structure.toc import get_toc

from ..pages.context import SiteSettings
from ..render import BODY_CLOSE, BODY_OPEN, one_comment
from . import CONFIG

NAME = "MkDocs"
THEME = Path(__file__).resolve().parent / "mkdocs_theme"
"""This engine's own layer of templates (cb_engine.html), put before overrides/ when `fast`."""
SERVES = True
"""`build_site.py serve` previews with this engine."""


def missing() -> str | None:
    return None  # a runtime requirement: always installed


def load_config(docs_dir: Path, site_dir: Path | None = None, **overrides: object):  # noqa: ANN201
    """The MkDocs configuration from mkdocs.yml, pointed at `docs_dir` (which must exist)."""
    from mkdocs.config import load_config as mkdocs_load_config

    docs_dir.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, object] = {"config_file": str(CONFIG), "docs_dir": str(docs_dir), **overrides}
    if site_dir is not None:
        kwargs["site_dir"] = str(site_dir)
    return mkdocs_load_config(**kwargs)


def settings_from(config) -> SiteSettings:  # noqa: ANN001 - mkdocs MkDocsConfig
    """The settings as MkDocs reads them (the same as `engines.site_settings`; a test compares them)."""
    extra = config.extra or {}
    site_url = config.site_url or "http://127.0.0.1:8000/"
    return SiteSettings(
        site_name=config.site_name,
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        repo_url=config.repo_url or None,
        repo_branch=str(extra.get("repo_branch") or "main"),
    )


def run(config, *, dirty: bool = False, serve_url: str | None = None) -> list[str]:  # noqa: ANN001
    """`mkdocs build` with `config`; returns what MkDocs warned about (see `Warnings`)."""
    from mkdocs.commands.build import build as mkdocs_build

    warnings = Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        mkdocs_build(config, dirty=dirty, serve_url=serve_url)
    finally:
        logger.removeHandler(warnings)
    return warnings.messages


def build(docs_dir: Path, site_dir: Path, *, extra_nav: list | None = None, fast: bool = True,
          workers: int | None = None, pages: int = 0) -> list[str]:
    """Build the generated `docs_dir` into `site_dir`; the warnings, if any.

    `fast` applies the speed-ups (same output, less time and memory); `workers` is the number of build
    processes (default: 2 for `pages` of PARALLEL_FROM_PAGES or more, where fork exists)."""
    config = load_config(docs_dir, site_dir)
    if extra_nav:
        config.nav = [*config.nav, *extra_nav]
    dirty = False
    if fast:
        workers = workers or default_workers(pages)
        enable(config, workers)
        if workers > 1:
            dirty = True  # each process skips the files another one writes; so start from nothing
            shutil.rmtree(site_dir, ignore_errors=True)
    return run(config, dirty=dirty)


PARALLEL_FROM_PAGES = 3000
"""Below this many pages, forking costs more than it saves."""


def default_workers(pages: int) -> int:
    if not hasattr(os, "fork") or pages < PARALLEL_FROM_PAGES:
        return 1
    return min(2, os.cpu_count() or 1)


def _not_modified() -> bool:
    return False


def _modified() -> bool:
    return True


class Warnings(logging.Handler):
    """Collects what MkDocs warns about during a build, except its notice that a `dirty` build may leave
    links wrong: the parallel build and the preview build that way on purpose."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "'dirty' build" not in record.getMessage():
            self.messages.append(record.getMessage())


def enable(config, workers: int = 1) -> BuildHelper:  # noqa: ANN001 - mkdocs MkDocsConfig
    """Turn the speed-ups on for one MkDocs run: the cache of shared page parts, the build helper, the
    quicker reading of generated front matter."""
    from mkdocs.utils import meta

    if getattr(meta.get_data, "__wrapped__", None) is None:
        meta.get_data = partial_front_matter(meta.get_data)
    config.extra["cb_nav_cache"] = {}
    if str(THEME) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(THEME))
    helper = BuildHelper(workers)
    config.plugins["claimbase-build-helper"] = helper
    return helper


class BuildHelper(BasePlugin):
    """Frees pages once written and, with `workers > 1`, shares the pages out between forked processes."""

    def __init__(self, workers: int = 1) -> None:
        super().__init__()
        self.workers = workers
        self.children: list[int] = []
        self.index = 0
        self.keep: set[str] = set()
        self.warnings: Warnings | None = None
        self.passed_through = 0
        """Pages whose body went to the site without setting up Python-Markdown (see `_render_body`)."""
        self.shells = PageShells()

    def on_nav(self, nav, config, files):  # noqa: ANN001, ANN201 - MkDocs' plugin API
        self.keep = {page.file.src_uri for page in nav.pages}
        if self.workers < 2:
            return nav
        in_nav = {id(page.file) for page in nav.pages}
        shared = [f for f in files if id(f) not in in_nav]
        sys.stdout.flush()
        sys.stderr.flush()
        for index in range(1, self.workers):
            pid = os.fork()
            if pid == 0:
                self.index, self.children = index, []
                break
            self.children.append(pid)
        mine = {id(f) for i, f in enumerate(shared) if i % self.workers == self.index}
        shared_ids = {id(f) for f in shared}
        for f in files:
            # A worker builds only its share; the first process builds its share and everything not shared.
            # The site folder was emptied (see `build`): what a process builds needs no look at it first.
            f.is_modified = _not_modified if id(f) not in mine and (self.index or id(f) in shared_ids) else _modified
        if self.index:
            from mkdocs.commands import build

            build._build_theme_template = lambda *a, **k: None  # the sitemap and 404: the first process
            self.warnings = Warnings()
            logging.getLogger("mkdocs").addHandler(self.warnings)
        return nav

    def on_env(self, env, config, files):  # noqa: ANN001, ANN201 - MkDocs' plugin API
        """Pages are rendered through `PageShells` (MkDocs asks the environment for each page's template)."""
        get_template, shells = env.get_template, self.shells

        def get_page_template(name, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            template = get_template(name, *args, **kwargs)
            return _Shelled(template, shells) if name == "main.html" else template

        env.get_template = get_page_template
        return env

    def on_page_markdown(self, markdown, page, config, files):  # noqa: ANN001, ANN201
        body = markdown.strip()
        if (page.meta or {}).get("cb_body") is True and one_comment(body):
            page.render = partial(_render_body, page, body)  # this page only; see the module's notes
            self.passed_through += 1
        return markdown

    def on_page_context(self, context, page, config, nav):  # noqa: ANN001, ANN201
        """Mark the pages whose sidebars, header and footer are shared by their section and depth."""
        meta = page.meta or {}
        if (isinstance(config.extra.get("cb_nav_cache"), dict) and not page.is_homepage and not page.toc
                and meta.get("title") and page.file.src_uri not in self.keep):
            hide = ",".join(str(h) for h in meta.get("hide") or [])
            context["cb_shared"] = True
            context["cb_key"] = f"/{page.url.split('/')[0]}/{page.url.count('/')}/{hide}"
        return context

    def on_page_content(self, html, page, config, files):  # noqa: ANN001, ANN201
        page.markdown = None  # not needed once converted
        return html

    def on_post_page(self, output, page, config):  # noqa: ANN001, ANN201
        if page.file.src_uri not in self.keep:
            page.content = None  # written; only navigation pages are read again
        return output

    def on_post_build(self, config):  # noqa: ANN001, ANN201
        if self.index:
            for message in self.warnings.messages if self.warnings else []:
                print(f"build worker {self.index}: {message}", file=sys.stderr)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(3 if self.warnings and self.warnings.messages else 0)
        failed = 0
        for pid in self.children:
            _, status = os.waitpid(pid, 0)
            failed += os.waitstatus_to_exitcode(status) != 0
        self.children = []
        if failed:
            raise RuntimeError(f"{failed} build worker(s) failed; their messages are above")


_TOKEN = "\x00cb-page-%d\x00"
_TOKENS = re.compile("\x00cb-page-([0-9]+)\x00")
_STRUCTURAL = frozenset({"robots", "template", "hide", "cb_body"})
"""Front matter keys whose value the templates compare or test, rather than print: part of a shape."""


class PageShells:
    """Whole pages rendered once per shape, then filled with each page's own text.

    A generated page outside the navigation (`cb_shared`, with a body passed through, see `_render_body`)
    differs from the others of its section and depth only by the text its front matter, URL and body
    hold: the templates print those and test nothing else of it. So the first page of each shape (its
    `cb_key`, and which front matter keys it has, empty or not, with the values of `_STRUCTURAL`) is
    rendered with a stand-in for each text, then each page of that shape is the rendered shell with its
    own texts put back, without rendering Material's template. The shell is checked against a full
    rendering of its first page and of every `CHECK_EVERY`th page after it: a shape whose first page
    differs is always rendered in full; a later difference stops the build (a template that tests a
    text, which the shape must then name)."""

    CHECK_EVERY = 97

    def __init__(self) -> None:
        self.shells: dict[tuple, list[str] | None] = {}
        """Shape -> the shell split at its stand-ins (text, number, text, ...), or None: render in full."""
        self.filled = 0
        self.rendered = 0

    def render(self, template, context: dict) -> str:  # noqa: ANN001 - a jinja2 Template
        page = context.get("page")
        meta = getattr(page, "meta", None)
        if not context.get("cb_shared") or not isinstance(meta, dict) or meta.get("cb_body") is not True \
                or not isinstance(page.content, str):
            return template.render(context)
        texts: list[str] = []
        shape = _shape(meta, texts)
        if shape is None:
            return template.render(context)
        content = page.content.replace(BODY_OPEN, "").replace(BODY_CLOSE, "")  # as main.html unwraps it
        canonical = page.canonical_url
        texts += [content, canonical] if canonical is not None else [content]
        if any("\x00" in text for text in texts):
            return template.render(context)
        key = (context.get("cb_key"), template.name, canonical is None, shape)
        first = key not in self.shells
        if first:  # rendered in full first: the parts its sidebars share are cached from a real page
            full = template.render(context)
            self.shells[key] = self._shell(template, context, page)
        parts = self.shells[key]
        if parts is None:
            self.rendered += 1
            return full if first else template.render(context)
        out = "".join([part if i % 2 == 0 else texts[int(part)] for i, part in enumerate(parts)])
        check = first or self.filled % self.CHECK_EVERY == 0
        if check and not first:
            full = template.render(context)
        if check and out != full:
            if not first:
                raise RuntimeError(f"the page shell of {page.file.src_uri} differs from its rendering: a template "
                                   "tests a text of the front matter (engines/mkdocs.py, PageShells)")
            self.shells[key] = None
            self.rendered += 1
            return full
        self.filled += 1
        return out

    def _shell(self, template, context: dict, page) -> list[str]:  # noqa: ANN001
        meta, content, canonical = page.meta, page.content, page.canonical_url
        texts: list[str] = []
        page.meta = {}
        _shape(meta, texts, page.meta)  # numbered as `render` lists the texts: front matter, body, URL
        page.content = BODY_OPEN + _TOKEN % len(texts) + BODY_CLOSE
        if canonical is not None:
            page.canonical_url = _TOKEN % (len(texts) + 1)
        try:
            shell = template.render(context)
        finally:
            page.meta, page.content, page.canonical_url = meta, content, canonical
        return _TOKENS.split(shell)


class _Shelled:
    """The page template, rendering through `PageShells`; anything else is the template's own."""

    def __init__(self, template, shells: PageShells) -> None:  # noqa: ANN001 - a jinja2 Template
        self._template, self._shells = template, shells

    def render(self, *args, **kwargs) -> str:  # noqa: ANN002, ANN003
        if len(args) == 1 and not kwargs and isinstance(args[0], dict):
            return self._shells.render(self._template, args[0])
        return self._template.render(*args, **kwargs)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._template, name)


def _shape(meta: dict, texts: list[str], stand_ins: dict | None = None) -> tuple | None:
    """The shape of front matter (see `PageShells`), appending its texts to `texts`; None for a value
    the shells do not handle. With `stand_ins`, also fill it with the front matter whose texts are
    replaced by stand-ins numbered as they are appended."""
    shape = []
    for k, v in meta.items():
        shown = v  # what the stand-in front matter holds
        if k in _STRUCTURAL or isinstance(v, bool | int | type(None)):
            shape.append((k, repr(v)))
        elif isinstance(v, str):
            shape.append((k, "text" if v else ""))
            if v:
                shown = _TOKEN % len(texts)
                texts.append(v)
        elif isinstance(v, dict):
            shown = {} if stand_ins is not None else None
            inner = _shape(v, texts, shown)
            if inner is None:
                return None
            shape.append((k, inner))
        else:
            return None
        if stand_ins is not None:
            stand_ins[k] = shown
    return tuple(shape)


def _render_body(page, body: str, config, files) -> None:  # noqa: ANN001 - mkdocs Page, MkDocsConfig, Files
    """What `Page.render` gives for a body that is one HTML comment: the comment itself, and nothing
    to list (tests check the site is byte-identical to a plain `mkdocs build`)."""
    page.content = body
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


_FRONT_LINE = re.compile(r'([A-Za-z_][A-Za-z0-9_-]*): ([\[{"tfn0-9-].*)')
"""A line of generated front matter: a key, then a value written as JSON (`render.markdown_page`)."""
_YAML_WORDS = frozenset(word for base in ("yes", "no", "true", "false", "on", "off", "null")
                        for word in (base, base.capitalize(), base.upper()))
"""Keys that YAML 1.1 would not read as strings."""
_NOT_THE_SAME = re.compile(r"[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff\n]"
                           r"|\\[^\"\\nrtbfu]|\\u[dD][89a-fA-F]")
"""What a JSON reader and a YAML reader might read differently, or YAML refuse: characters YAML takes as
line breaks (U+0085, U+2028, U+2029), or does not allow, escapes other than those Python's JSON writes,
and escaped surrogates (which YAML refuses)."""
_KEY_MAX = 1000
"""YAML refuses a key longer than 1024 characters: longer keys go to YAML, which says so."""


def _json_scalar(value: str) -> object:
    raise ValueError(value)  # NaN, Infinity: JSON's extensions, not YAML


def partial_front_matter(get_data):  # noqa: ANN001, ANN201 - mkdocs.utils.meta.get_data
    """MkDocs' front matter reader, quicker for the pages we generate: their front matter is one
    `key: JSON` line per key, which JSON reads far faster than YAML, to the same values (JSON is YAML
    here: keys that are plain words, string, boolean, null and integer values, lists and objects of
    them, no character YAML reads otherwise). Anything else, and every hand-written page, is read by
    MkDocs' own reader. Tests compare both readers on every generated page and on random values."""
    import json

    from mkdocs.utils import meta

    decode = json.JSONDecoder(parse_float=_json_scalar, parse_constant=_json_scalar).decode

    def plain(value: object) -> bool:
        if isinstance(value, str | bool | int) or value is None:
            return True
        if isinstance(value, list):
            return all(plain(v) for v in value)
        if isinstance(value, dict):
            return all(k not in _YAML_WORDS and len(k) <= _KEY_MAX and plain(v) for k, v in value.items())
        return False

    def fast(doc: str):  # noqa: ANN202
        match = meta.YAML_RE.match(doc)
        if match is None:
            return get_data(doc)
        block = match.group(1)
        if _NOT_THE_SAME.search(block):
            return get_data(doc)
        data: dict[str, object] = {}
        for line in block[:-1].split("\n"):
            found = _FRONT_LINE.fullmatch(line)
            key = found.group(1) if found else ""
            if found is None or key in _YAML_WORDS or key in data or len(key) > _KEY_MAX:
                return get_data(doc)
            try:
                value = decode(found.group(2))
                if not plain(value):
                    return get_data(doc)
            except (ValueError, RecursionError):  # not JSON, or nested deeper than Python recurses
                return get_data(doc)
            data[key] = value
        if not data:
            return get_data(doc)
        return doc[match.end():].lstrip("\n"), data

    fast.__wrapped__ = get_data
    return fast

