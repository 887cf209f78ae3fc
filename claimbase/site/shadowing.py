"""Hand-written pages (docs/) never take the place of a generated page, data file or redirect.

MkDocs turns `claims/x.md`, `claims/x/index.md`, `claims/x/README.md` and `claims/x.markdown` into the
same `claims/x/index.html`, and copies any other file as it is: a hand-written `docs/claims/x.md` would
replace the redirect of a merged claim (a script and a refresh to another site did run), and a stray
`docs/data/claims.json` the published data. So a hand-written file is refused, naming both files, when
its output is also generated, when it lies in a folder the build generates (record pages, data, assets),
or when two hand-written files give the same output.
"""

from __future__ import annotations

import posixpath

from .. import urls
from ..layout import FOLDERS
from ..problems import Problem

MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""The extensions MkDocs reads as Markdown pages."""

GENERATED_FOLDERS = (*urls.SECTION.values(), "data", urls.asset_path("").rstrip("/"))
"""Folders whose every file the build generates: hand-written files have no place there."""


def output_of(rel: str) -> str:
    """The file of the built site that a docs-relative file becomes (MkDocs with directory URLs)."""
    if not rel.lower().endswith(MARKDOWN):
        return rel
    stem = rel.rsplit(".", 1)[0]
    folder, name = posixpath.split(stem)
    if name.lower() in ("index", "readme"):
        return posixpath.join(folder, "index.html")
    return posixpath.join(stem, "index.html")


def origin(rel: str) -> str:
    """What a generated file is made from, in words a contributor can act on."""
    out = output_of(rel)
    section, _, rest = out.partition("/")
    record_id = rest.removesuffix("/index.html")
    for kind, sec in urls.SECTION.items():
        if sec == section and record_id and "/" not in record_id and rest.endswith("/index.html"):
            return f"the page of {FOLDERS[kind]}/{record_id}.yaml (generated {rel})"
    return f"the generated {rel}"


def shadowing_problems(hand: list[str], generated: set[str], docs: str = "docs") -> list[Problem]:
    """A problem for each hand-written file (docs-relative `hand`) that would replace a generated one."""
    made = {output_of(rel): rel for rel in generated}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for rel in sorted(hand):
        out = output_of(rel)
        top = rel.split("/", 1)[0]
        folder = next((f for f in GENERATED_FOLDERS if rel == f or rel.startswith(f + "/")), None)
        if out in made:
            problems.append(Problem(
                f"{docs}/{rel}", 0, 0, "", f"this hand-written file would replace {origin(made[out])} "
                f"at {posixpath.dirname(out) + '/' if out.endswith('/index.html') else out}",
                "rename or move the hand-written file: generated pages, data files and redirects always stand"))
        elif folder is not None or top in GENERATED_FOLDERS:
            problems.append(Problem(
                f"{docs}/{rel}", 0, 0, "", f"hand-written files may not live in {folder or top}/, which the build "
                "generates", "move the file to another folder of docs/"))
        elif out in seen:
            problems.append(Problem(
                f"{docs}/{rel}", 0, 0, "", f"this file and {docs}/{seen[out]} both become {out}",
                "keep one of the two"))
        seen.setdefault(out, rel)
    return problems
