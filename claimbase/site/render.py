"""The one Jinja2 environment that renders every page body: autoescaped, strict, and link-safe.

Every text field of every record is treated as hostile. Page bodies are rendered to HTML here and
placed in the Markdown files as raw HTML blocks, which Python-Markdown passes through untouched, so
nothing a record holds is ever read as Markdown, as a template, or as an include directive.
"""

from __future__ import annotations

import html
import json
import re
import types
import weakref
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.runtime import Context
from jinja2.utils import _PassArg, internalcode
from markupsafe import Markup, escape

from .. import urls
from ..dates import parse_edtf

TEMPLATES = Path(__file__).parent / "templates"


def safe_href(url: str | None) -> str | None:
    """The URL when it is a plain http(s) URL with a host; None otherwise (never written as a link)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        return None
    return url


def human_date(value: str | None) -> str:
    """'2025-01~' -> 'January 2025, approximate'; never more precise than the record."""
    return parse_edtf(value).human() if value else "not given"


def html_attr_text(text: str) -> str:
    """Text for Material templates that print front-matter values without escaping them."""
    return html.escape(text, quote=True)


def json_for_script(data: object) -> Markup:
    """JSON safe inside <script type="application/ld+json">: <, >, & and line separators escaped."""
    text = _SCRIPT_JSON(data)
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return Markup(text)  # noqa: S704 - escaped above for the script context


_SCRIPT_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=False, separators=(",", ":"), allow_nan=False).encode
_FRONT_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
"""What json.dumps with these arguments gives, without making an encoder at each call (one per value)."""


def relative_link(from_path: str, to_path: str) -> str:
    """`urls.relative` for directory-style page paths, without posixpath: it runs for every link.

    Same result as `urls.relative` (tests compare them); the link to the site root ends with a slash.
    """
    from_parts = from_path.split("/")[:-1]
    to_parts = to_path.split("/")
    to_dirs = to_parts[:-1]
    common = 0
    limit = min(len(from_parts), len(to_dirs))
    while common < limit and from_parts[common] == to_dirs[common]:
        common += 1
    rel = "../" * (len(from_parts) - common) + "/".join(to_parts[common:])
    return rel or "./"


class Links:
    """Relative links from one page: the site works under any base path."""

    def __init__(self, page_path: str) -> None:
        self.page = page_path
        self.section = page_path.split("/", 1)[0] if page_path.count("/") else ""
        """Pages of one section and depth link to any other page the same way (used to cache rows)."""

    def to(self, path: str) -> str:
        return relative_link(self.page, path)

    def root(self) -> str:
        """The site's root, relative, ending in a slash: scripts append site-relative paths to it."""
        return self.to("")

    def record(self, kind: str, record_id: str) -> str:
        return self.to(urls.record_path(kind, record_id))

    def page_named(self, name: str) -> str:
        return self.to(urls.page_path(name))

    def data(self, name: str) -> str:
        return self.to(urls.data_path(name))

    def query(self, name: str, **params: str) -> str:
        return self.to(urls.page_path(name)) + urls.with_query("", **params)


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the whole process, keyed by name and source checksum.

    Every run of a live preview makes a new Renderer; without this, each would compile every template
    again (0.3 s at each save)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


try:  # the C function behind markupsafe.escape, for text
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - MarkupSafe without its speed-ups
    _escape_inner = None


def _escape(value: object) -> Markup:
    """markupsafe.escape, without its two Python calls for plain text: a claim page escapes some 130
    values, the whole site two million. The same result for every value."""
    kind = type(value)
    if kind is str and _escape_inner is not None:
        return str.__new__(Markup, _escape_inner(value))
    if kind is Markup:  # already safe: escape() would copy it
        return value
    if kind is int:  # digits and a minus sign: nothing to escape
        return str.__new__(Markup, str(value))
    return escape(value)


class _Template(Template):
    """A compiled template whose `{{ ... }}` escape with `_escape` (the name compiled code calls)."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):  # noqa: ANN001, ANN206, A002
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = _escape
        return template


_PLAIN_CALLABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Functions found to take no context from Jinja, or to take one (see `_Context.call`); a function
made for one page (a lambda, a closure) is forgotten with it."""
_FUNCTIONS = (types.FunctionType, types.MethodType)


class _Context(Context):
    """Jinja2's template context, with a quicker `call` for plain functions and methods.

    Every `{{ links.record(...) }}` or `{{ human_date(...) }}` in a template goes through `Context.call`,
    which asks the callable each time whether it wants the context, the environment or the evaluation
    context passed first (functions marked with Jinja's `pass_context` and the like); about a third of
    a million calls per 2,000 claim pages. A plain function or method is asked once (by its function),
    a builtin never (it cannot be marked), then called as Jinja would call it. Anything else takes
    Jinja's own way."""

    @internalcode  # left out of template tracebacks, as Jinja's own is
    def call(__self, __obj, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN204, N805 - Jinja's signature
        kind = type(__obj)
        if kind in _FUNCTIONS:
            func = __obj.__func__ if kind is types.MethodType else __obj
            plain = _PLAIN_CALLABLES.get(func)
            if plain is None:
                plain = _PLAIN_CALLABLES[func] = (_PassArg.from_obj(__obj) is None
                                                  and _PassArg.from_obj(__obj.__call__) is None)
        else:
            plain = kind is types.BuiltinFunctionType
        if plain:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


class _Environment(Environment):
    """Jinja2's environment, with each template's globals in one plain dict instead of a ChainMap over
    the environment's: every `{% from ... import %}` compares the page's globals with them, once per
    render, and a ChainMap makes that slow (some 7 % of a claim page's time went there). The globals are
    therefore fixed when a template is loaded; `Renderer.add_global` forgets the templates loaded."""

    def make_globals(self, d: dict[str, object] | None) -> dict[str, object]:  # type: ignore[override]
        return {**self.globals, **(d or {})}

    template_class = _Template
    context_class = _Context


class Renderer:
    """Owns the Jinja2 environment; `render(template, **context)` returns an HTML fragment."""

    def __init__(self, globals_: dict[str, object] | None = None) -> None:
        self.env = _Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            bytecode_cache=_COMPILED,
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            auto_reload=False,  # one renderer makes one run's pages; the next run makes a new one
        )
        self.env.filters.update(
            human_date=human_date,
            href=safe_href,
            jsonld=json_for_script,
            number=format_number,
        )
        self.env.globals.update(globals_ or {})

    def render(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render(**context)

    def add_global(self, name: str, value: Callable | object) -> None:
        self.env.globals[name] = value
        self.env.cache.clear()  # templates loaded so far hold the globals they were loaded with


def format_number(value: float | int | None) -> str:
    """1000.0 -> '1,000'; 2.5 -> '2.5'."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


BODY_OPEN, BODY_CLOSE = "<!--claimbase:body", "claimbase:body-->"
"""A generated page body is one HTML comment, unwrapped by overrides/main.html (front matter `cb_body`).

Python-Markdown and MkDocs skip over a comment in one regular-expression search, where they would
parse every tag of a raw HTML block twice; at 10,000 claims that parsing was most of the build.
Nothing inside is ever read as Markdown either way.
"""
_COMMENT_CLOSE = re.compile(r"--!?\s*>")


def one_comment(body: str) -> bool:
    """True when `body` is exactly one wrapped page body: BODY_OPEN ... BODY_CLOSE, nothing around it
    and no comment delimiter inside."""
    return (body.startswith(BODY_OPEN + "\n") and body.endswith("\n" + BODY_CLOSE)
            and not _has_comment_end(body[len(BODY_OPEN):-len(BODY_CLOSE)]))


def _has_comment_end(text: str) -> bool:
    return "<!--" in text or _COMMENT_CLOSE.search(text) is not None  # one literal-led search: fast


def markdown_page(front: dict[str, object], body_html: str, *, wrap: bool = True) -> str:
    """A Markdown file whose front matter is JSON-quoted (valid YAML) and whose body is rendered HTML.

    String values in `front` must already be HTML-escaped: Material prints them without escaping.
    With `wrap`, the body goes in one HTML comment that the theme override unwraps (see BODY_OPEN).
    """
    body = body_html.strip()
    if wrap:
        if _has_comment_end(body):
            raise ValueError("a generated page body contains a comment delimiter; it cannot be wrapped")
        front = {**front, "cb_body": True}
        body = f"{BODY_OPEN}\n{body}\n{BODY_CLOSE}"
    lines = ["---"]
    for key, value in front.items():
        lines.append(f"{key}: {_FRONT_JSON(value)}")
    lines.append("---")
    lines.append("")
    lines.append(body)
    lines.append("")
    return "\n".join(lines)
