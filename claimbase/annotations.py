"""Problems as GitHub Actions annotations, so a pull request shows each one on the line it concerns.

`python -m claimbase.annotations <build_site.py command> [options]` runs any `build_site.py` command
(`validate`, `permanence --base REV`, ...) and, when it finds problems, prints one workflow command per
problem on standard output (GitHub turns them into annotations on the changed lines) and the usual
report on standard error. The exit code is the command's.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from .problems import ClaimbaseError, Problem, ProblemsFound, safe_text

TITLE = "claimbase"


def _escape_data(text: str) -> str:
    """Workflow-command data: %, CR and LF as GitHub decodes them; any other control character, and a
    value's own newlines, are shown as escapes first (`problems.safe_text`), so a value can neither end
    the command nor start another one."""
    return safe_text(text, 4000).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_data_lines(text: str) -> str:
    """Already safe text whose own newlines are kept as %0A."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, level: str = "error") -> str:
    """One problem as a workflow command: `::error file=F,line=L,col=C,title=T::message (hint)`."""
    props = [f"file={_escape_property(problem.file)}"]
    if problem.line:
        props.append(f"line={problem.line}")
        props.append(f"col={problem.column or 1}")
    title = f"{TITLE}: {problem.field}" if problem.field else TITLE
    props.append(f"title={_escape_property(title)}")
    message = problem.message + (f" ({problem.hint})" if problem.hint else "")
    if problem.field:
        message = f"{problem.field}: {message}"
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def github_annotations(problems: Iterable[Problem], level: str = "error") -> str:
    """Every problem, sorted and once each, as workflow commands, one per line."""
    return "\n".join(annotation(p, level) for p in sorted(set(problems)))


def report_github(exc: ClaimbaseError) -> None:
    """Workflow commands on standard output (annotations), and the plain report as well."""
    from .cli import report_plain

    if isinstance(exc, ProblemsFound):
        print(github_annotations(exc.problems.items), flush=True)
    else:
        # The message may have several lines of our own (MkDocs' warnings): %0A keeps them in one command.
        text = "\n".join(safe_text(line, 4000) for line in str(exc).split("\n"))
        print(f"::error title={_escape_property(TITLE)}::{_escape_data_lines(text)}", flush=True)
    report_plain(exc)


def main(argv: list[str] | None = None) -> int:
    from .cli import main as cli_main

    return cli_main(argv, report=report_github)


if __name__ == "__main__":
    sys.exit(main())
