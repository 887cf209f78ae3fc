"""Property-based and fuzz tests: whatever a pull request holds, a command ends in a clean load or in
located problems, in bounded time; never a traceback, a crash or a hang.

Hypothesis generates YAML documents (every style PyYAML writes, and a soup of YAML's own tokens),
nesting thousands of levels deep in each style, scalar edge cases, and edits of the real records of
tests/fixtures/valid. `make test` runs a short pass (profile "ci"); docs/hostile-input.md records the
long session (profile "fuzz", see conftest.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import event, example, given
from hypothesis import strategies as st

from claimbase.cli import main as cli_main
from claimbase.problems import ProblemsFound
from claimbase.yamlload import MAX_DEPTH, MAX_INT_DIGITS, MAX_ITEMS, YamlRefused, parse_text

VALID = Path(__file__).resolve().parent.parent / "fixtures" / "valid"
CLAIM = "claims/missiles-used.yaml"
TIME_BOUND = 5.0
"""Seconds one input may take, on a loaded machine; the inputs are at most a few hundred KB."""

TOKENS = [
    "- ", "? ", ": ", ":", "[", "]", "{", "}", ", ", "&a ", "*a", "!", "!!str ", "!!python/name:os.system ",
    "%YAML 1.2\n", "---\n", "...\n", "# c", "'", '"', "|\n", ">-\n", "\n", "  ", "    ", "\t", "0", "7",
    "9" * 40, "1e400", "-1e400", "1e-400", "1.5e308", "0777", "0x1F", "1:20", ".inf", ".nan", "~", "null",
    "true", "yes", "no", "<<", "\\", "\\u0000", "\x00", "\x07", "\x1b[2J", "\x85", "\u2028", "\u202e",
    "\u200b", "\ufeff", "\udcff", "é", "😀", "2024-02-30", "0000-01-01", "9999-12-31", "id", "title", "x",
    "::warning ", "::add-mask::", "{{ x }}", "<script>", "https://u@evil.example/", "</textarea>",
]

fragment = st.one_of(st.sampled_from(TOKENS), st.text(max_size=8))
soup = st.lists(fragment, max_size=80).map("".join)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["1e400", "0000", "0000-01-01", "2024-02-30", "9" * 500, "-0", "1E+999", "0.0e-999"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=6), st.dictionaries(st.text(max_size=12), inner, max_size=6)), max_leaves=40)


@st.composite
def dumped(draw: st.DrawFn) -> str:
    """A value written by PyYAML in a random style."""
    value = draw(values)
    return yaml.safe_dump(value, default_flow_style=draw(st.sampled_from([False, True, None])),
                          allow_unicode=draw(st.booleans()), width=draw(st.sampled_from([20, 80, 10**6])),
                          default_style=draw(st.sampled_from([None, "'", '"'])))


@st.composite
def deep(draw: st.DrawFn) -> str:
    """Nesting in each style YAML has, from a few levels to a hundred thousand."""
    n = draw(st.sampled_from([MAX_DEPTH + 1, 63, 64, 200, 5000, 100_000]))
    style = draw(st.sampled_from(["flow-seq", "flow-map", "dash", "question", "indent", "key-dash", "mixed"]))
    if style == "flow-seq":
        body = "[" * n + "]" * n
    elif style == "flow-map":
        body = "{a: " * n + "x" + "}" * n
    elif style == "dash":
        body = "\n" + "- " * n + "x"
    elif style == "question":
        body = "\n" + "? " * n + "x"
    elif style == "indent":
        n = min(n, 2000)
        body = "\n" + "".join(" " * i + "a:\n" for i in range(n)) + " " * n + "b: 1"
    elif style == "key-dash":
        n = min(n, 2000)
        body = "\n" + "".join(" " * (2 * i) + "- a:\n" for i in range(n)) + " " * (2 * n) + "- x"
    else:
        body = "\n" + "- [" * min(n, 20000) + "x" + "]" * min(n, 20000)
    return "id: x\nnotes: " + body + "\n"


def check_data(value: object, depth: int = 0) -> None:
    """What a clean load may hold: plain data, shallow, bounded numbers."""
    assert depth <= MAX_DEPTH + 1
    if isinstance(value, dict):
        assert len(value) <= MAX_ITEMS
        for key, item in value.items():
            assert isinstance(key, str)
            check_data(item, depth + 1)
    elif isinstance(value, list):
        assert len(value) <= MAX_ITEMS
        for item in value:
            check_data(item, depth + 1)
    elif isinstance(value, bool) or value is None or isinstance(value, str):
        pass
    elif isinstance(value, int):
        assert len(str(abs(value))) <= MAX_INT_DIGITS
    else:
        assert isinstance(value, float)
        assert math.isfinite(value)


def parse_bounded(text: str) -> None:
    started = time.perf_counter()
    refused = None
    try:
        doc = parse_text(text, "claims/x.yaml")
    except YamlRefused as exc:
        refused = exc
    assert time.perf_counter() - started < TIME_BOUND
    event("loaded" if refused is None else "refused")
    if refused is None:
        check_data(doc.data)
    else:
        assert refused.line >= 1
        assert refused.column >= 1
        assert refused.message


@given(soup)
@example("notes: " + "- " * 100_000 + "x\n")  # the segmentation fault of libyaml's composer
@example("? " * 100_000 + "x\n")
@example("a: " + "9" * 5000)  # int() refuses more than 4300 digits: a traceback before
@example("a: 1e400")
def test_any_yaml_text_loads_or_is_refused_with_a_position(text: str) -> None:
    parse_bounded(text)


@given(dumped())
def test_yaml_written_in_any_style_loads_or_is_refused(text: str) -> None:
    parse_bounded(text)


@given(deep())
def test_deep_nesting_in_any_style_is_refused_without_a_crash(text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(YamlRefused) as refused:
        parse_text(text, "claims/x.yaml")
    assert time.perf_counter() - started < TIME_BOUND
    message = refused.value.message
    assert "nesting deeper than" in message or "more than" in message or "syntax" in message or \
        "mapping key must be plain text" in message, message


# --- Edits of real records, through the whole validator ----------------------------------------------

_LOCATED = re.compile(r"^[^\s:]+(?::\d+:\d+)?: \S")
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\u200b-\u200f\ufeff]")


@pytest.fixture(scope="module")
def kb_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(VALID, tmp_path_factory.mktemp("fuzz") / "kb"))


@st.composite
def edited_record(draw: st.DrawFn) -> str:
    """The valid claim with a few random edits: raw splices, or a field's value replaced."""
    text = (VALID / CLAIM).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            start = draw(st.integers(0, len(text)))
            end = min(len(text), start + draw(st.integers(0, 12)))
            text = text[:start] + draw(fragment) + text[end:]
        else:
            lines = text.split("\n")
            fields = [i for i, line in enumerate(lines) if re.match(r"^ *-? *[a-z_]+: ", line)]
            if not fields:
                continue
            i = draw(st.sampled_from(fields))
            key = lines[i].split(":", 1)[0]
            value = draw(scalars | st.sampled_from(TOKENS) | st.text())
            written = json.dumps(value, ensure_ascii=draw(st.booleans())) if draw(st.booleans()) else str(value)
            lines[i] = f"{key}: {written}"
            text = "\n".join(lines)
    return text


def run_validate(root: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(["--root", str(root), "validate"])
    return code, out.getvalue(), err.getvalue()


@given(edited_record())
def test_edited_real_record_is_valid_or_has_located_problems(kb_copy: Path, text: str) -> None:
    path = kb_copy / CLAIM
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    started = time.perf_counter()
    code, out, err = run_validate(kb_copy)
    assert time.perf_counter() - started < TIME_BOUND
    assert code in (0, 1), err  # 2 is the guard's: an exception that escaped
    event("valid, rendered" if code == 0 else "located problems")
    for line in (out + err).splitlines():
        assert not _UNSAFE.search(line), line
        assert not line.lstrip().startswith(("::", "##[")), line
    if code == 1:
        lines = err.splitlines()
        assert re.fullmatch(r"\d+ problems? found\.", lines[-1])
        for line in lines[:-1]:
            assert _LOCATED.match(line), line
            assert "internal error" not in line
    else:
        render_everything(kb_copy)


def render_everything(root: Path) -> None:
    """A record that validates also renders: every page and data file (no MkDocs), strict JSON."""
    from claimbase.pipeline import load_knowledge_base
    from claimbase.site.generate import generate_docs

    try:
        kb = load_knowledge_base(root)
    except ProblemsFound as exc:  # pragma: no cover - validate said it was clean
        raise AssertionError(str(exc)) from None
    out = root.parent / "docs"
    generate_docs(kb, out)
    for json_file in out.rglob("*.json"):
        json.loads(json_file.read_text(encoding="utf-8"), parse_constant=_no_constant)


def _no_constant(name: str) -> object:
    raise AssertionError(f"{name} is not JSON")

