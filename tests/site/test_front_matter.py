"""The MkDocs adapter reads the front matter of generated pages with JSON instead of YAML: every page
of the real dataset and of the hostile fixture, and random values, read the same both ways."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta

from claimbase.pipeline import load_knowledge_base
from claimbase.site.engines.mkdocs import partial_front_matter
from claimbase.site.generate import SiteSettings, generate_docs
from claimbase.site.render import markdown_page

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
YAML_READER = getattr(meta.get_data, "__wrapped__", meta.get_data)
FAST = partial_front_matter(YAML_READER)


def test_every_generated_page_reads_the_same(tmp_path):  # noqa: ANN001
    left: list[str] = []
    fast = partial_front_matter(lambda doc: left.append(doc) or YAML_READER(doc))
    checked = 0
    for name, root in (("real", REPO), ("hostile", TESTS / "fixtures" / "hostile")):
        docs = tmp_path / name
        generate_docs(load_knowledge_base(root), docs, SiteSettings())
        for page in docs.rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            assert fast(text) == YAML_READER(text), page
            checked += 1
    generated = [doc for doc in left if "\ncb_body: true\n" in doc.partition("\n---\n")[0]]
    # Every generated page is read by JSON, hand-written ones by YAML (or JSON when theirs is JSON too).
    assert checked > 200
    assert generated == []
    assert len(left) < 40


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["yes", "no", "null", "~", "1e5", "0x10", "1:20", "a: b", "# c", "\u2028", "\x85", "\ufeff", "\t", "é\\/"])
_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | _TEXT,
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
                       max_leaves=8)


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True) | st.sampled_from(
    ["true", "No", "null", "title"]), _VALUES, min_size=1, max_size=4), _TEXT)
def test_random_front_matter_reads_the_same(front, body):  # noqa: ANN001
    """Whatever the values (YAML's words, line breaks it folds, characters it refuses, floats), the
    quicker reader gives what MkDocs' YAML reader gives, or leaves the page to it."""
    doc = markdown_page(front, "<p>" + body + "</p>", wrap=False)
    assert FAST(doc) == YAML_READER(doc)


def test_what_yaml_refuses_or_reads_otherwise_goes_to_yaml():
    """Escaped surrogates, keys longer than YAML allows, and nesting deeper than Python recurses are
    read by MkDocs' own reader (which refuses the first two and reads the third)."""
    for doc in ('---\ntitle: "a\\udc00b"\n---\nbody\n', '---\ntags: ["\\uDFFF"]\n---\nbody\n',
                "---\n" + "k" * 1025 + ": 1\n---\nbody\n", '---\nm: {"' + "k" * 1025 + '": 1}\n---\nbody\n',
                "---\nx: " + "[" * 400 + "]" * 400 + "\n---\nbody\n"):
        assert FAST(doc) == YAML_READER(doc)
