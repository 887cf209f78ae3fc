"""The MkDocs adapter's page shells (engines/mkdocs.py, PageShells): a page filled into the shell of its
shape is the page the template renders, and a template that tests a text instead of printing it is
caught, not trusted. (test_site_build.py compares a whole fast build with a plain `mkdocs build`.)"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment

from claimbase.site.engines.mkdocs import PageShells
from claimbase.site.render import BODY_CLOSE, BODY_OPEN

PLAIN = ("<title>{{ page.meta.title }}</title>{% if page.meta.robots == 'noindex' %}<meta robots>{% endif %}"
         "<p>{{ page.meta.cb_preview.description }}</p><link {{ page.canonical_url }}>"
         "<h1>{{ page.meta.title }}</h1>{{ page.content | replace('<!--claimbase:body', '')"
         " | replace('claimbase:body-->', '') }}")


def page(n: int, title: str, **meta: object) -> SimpleNamespace:
    front = {"title": title, "cb_preview": {"description": f"about {title}"}, "hide": ["toc"], "cb_body": True}
    front.update(meta)
    return SimpleNamespace(meta=front, content=f"{BODY_OPEN}\n<b>body {n}</b> &amp; é\n{BODY_CLOSE}",
                           canonical_url=f"https://example.org/claims/c{n}/", file=SimpleNamespace(src_uri=f"c{n}.md"))


def render_all(template_text: str, pages: list[SimpleNamespace]) -> tuple[PageShells, list[str], list[str]]:
    env = Environment(loader=DictLoader({"main.html": template_text}), autoescape=False)
    template = env.get_template("main.html")
    shells = PageShells()
    filled = [shells.render(template, {"page": p, "cb_shared": True, "cb_key": "/claims/2/toc"}) for p in pages]
    return shells, filled, [template.render({"page": p}) for p in pages]


def test_pages_filled_into_their_shape_are_the_pages_rendered():
    pages = [page(i, f"Claim {i} &lt;b&gt; — {'x' * i}") for i in range(40)]
    pages += [page(40 + i, f"Withdrawn {i}", robots="noindex") for i in range(5)]
    pages.append(page(99, "No preview", cb_preview={"description": ""}))
    shells, filled, rendered = render_all(PLAIN, pages)
    assert filled == rendered
    assert len(shells.shells) == 3  # kept apart: robots, an empty text
    assert shells.filled == len(pages)
    assert shells.rendered == 0


def test_a_template_that_tests_a_text_is_rendered_in_full():
    tests_title = "{% if page.meta.title.startswith('A') %}A-page {% endif %}" + PLAIN
    pages = [page(i, "A claim" if i % 2 else "Another") for i in range(6)]
    shells, filled, rendered = render_all(tests_title, pages)
    assert filled == rendered
    assert list(shells.shells.values()) == [None]  # the first page's shell differed from its rendering
    assert shells.rendered == len(pages)


def test_a_shell_that_goes_wrong_after_its_first_page_stops_the_build():
    tests_title = "{% if page.meta.title == 'Claim 97' %}odd {% endif %}" + PLAIN
    pages = [page(i, f"Claim {i}") for i in range(PageShells.CHECK_EVERY + 2)]
    with pytest.raises(RuntimeError, match="page shell of c97.md differs"):
        render_all(tests_title, pages)


def test_pages_the_shells_do_not_handle_are_rendered_as_they_are():
    odd = [page(1, "Has a \x00 in it"), page(2, "A list", tags=["a", "b"]), page(3, "Hand-written", cb_body=False)]
    shells, filled, rendered = render_all(PLAIN, odd)
    assert filled == rendered
    assert shells.filled == 0
