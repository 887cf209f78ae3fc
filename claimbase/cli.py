"""The command line: turns library errors into messages and exit codes. `build_site.py` calls `main`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .layout import Layout
from .problems import ClaimbaseError, Problem, Problems, ProblemsFound, emit, safe_text

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("mkdocs", "zensical")
"""As `site.engines.ENGINES`, written here so that `--help` needs no import of the site package."""


def _validate(args: argparse.Namespace) -> int:
    from .pipeline import load_knowledge_base
    from .schema import stale_schemas

    kb = load_knowledge_base(args.root)
    schemas = Layout(args.root).schemas
    stale = stale_schemas(schemas) if schemas.is_dir() else []
    if stale:
        raise ClaimbaseError(f"schemas/ is stale ({', '.join(stale)}): run `python build_site.py schemas`")
    counts = ", ".join(f"{len(v)} {k}{'s' if len(v) != 1 else ''}" for k, v in kb.records.items())
    emit(f"OK: {counts}; 0 problems.")
    return 0


def _new(args: argparse.Namespace) -> int:
    from .scaffold import new_record

    path = new_record(Layout(args.root), args.kind, args.id)
    emit(f"Wrote {path.relative_to(args.root)}. Fill in every field, then run `python build_site.py validate`.")
    return 0


def _schemas(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    changed = write_schemas(Layout(args.root).schemas)
    emit(f"schemas/: {len(changed)} file(s) updated" + (f": {', '.join(changed)}" if changed else ""))
    return 0


def _build(args: argparse.Namespace) -> int:
    from .permanence import verify_site
    from .problems import Problems
    from .site.build import build_site

    site_dir = Path(args.site_dir).resolve() if args.site_dir else args.root / "site"
    result = build_site(args.root, site_dir, engine=args.engine)
    # A published URL is a promise: the build fails when one no longer lands on a page it generated.
    broken = verify_site(args.root, site_dir, result.generated_outputs())
    if broken:
        raise ProblemsFound(Problems(broken))
    emit(f"Built {site_dir}; every URL in permalinks.txt lands on a page.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .site.serve import serve

    serve(args.root, args.addr, engine=args.engine)
    return 0


def _permanence(args: argparse.Namespace) -> int:
    from .permanence import check_permanence

    result = check_permanence(args.root, base=args.base, update=args.update)
    for url in result.added + result.added_versions:
        emit(f"added to permalinks.txt: {safe_text(url)}")
    emit("Permanence: every published URL is kept." + (f" ({result.note})" if result.note else ""))
    return 0


def _changes(args: argparse.Namespace) -> int:
    from .changes import summarize, to_markdown

    summary = summarize(args.root, args.base, check=not args.no_check)
    sys.stdout.write(summary.to_json() if args.json else to_markdown(summary))
    return 0


def _bench(args: argparse.Namespace) -> int:
    try:  # the benchmark lives next to the product package, in the repository's benchmarks/
        from benchmarks.run import run_benchmark
    except ImportError as exc:
        raise ClaimbaseError("the benchmark needs a checkout of the repository: run build_site.py from it "
                             f"({exc})") from None

    run_benchmark(args.claims, compare_nav=not args.no_nav_compare, sizes=args.sizes, engines=args.engines,
                  history=args.history)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build_site.py",
                                description="Claim knowledge base: validate records, build the site.")
    p.add_argument("--root", type=Path, default=ROOT, help="the knowledge base folder (default: this repository)")
    sub = p.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every record; print all problems, then their count")
    validate.set_defaults(fn=_validate)
    new = sub.add_parser("new", help="write a skeleton record to fill in")
    new.add_argument("kind", choices=["claim", "source", "system", "place", "actor"])
    new.add_argument("id", help="the new record's id: lower-case letters, digits, hyphens")
    new.set_defaults(fn=_new)
    sub.add_parser("schemas", help="regenerate the JSON Schemas in schemas/ from the models").set_defaults(fn=_schemas)
    build = sub.add_parser("build", help="validate, then build the static site into site/")
    build.add_argument("--site-dir", help="where to write the site (default: site/)")
    build.add_argument("--engine", choices=ENGINES, default="mkdocs",
                       help="what builds the generated pages: mkdocs (MkDocs + Material, the default) or zensical")
    build.set_defaults(fn=_build)
    serve = sub.add_parser("serve", help="preview the site, rebuilding as records change")
    serve.add_argument("--addr", default="127.0.0.1:8000")
    serve.add_argument("--engine", choices=ENGINES, default="mkdocs",
                       help="mkdocs (the default) or zensical (its own server)")
    serve.set_defaults(fn=_serve)
    perm = sub.add_parser("permanence", help="check that no published URL or record id was lost")
    perm.add_argument("--base", default=None, help="git revision to compare with (default: HEAD)")
    perm.add_argument("--update", action="store_true",
                      help="first append the URLs of new records to permalinks.txt (never removes a line)")
    perm.set_defaults(fn=_permanence)
    changes = sub.add_parser("changes", help="what changed in the claims since a git revision, for reviewers")
    changes.add_argument("--base", required=True, help="git revision to compare the working tree with")
    changes.add_argument("--json", action="store_true", help="JSON for machines instead of Markdown")
    changes.add_argument("--no-check", action="store_true", help="do not validate the records (faster)")
    changes.set_defaults(fn=_changes)
    bench = sub.add_parser("bench", help="time the pipeline on N synthetic claims")
    bench.add_argument("--claims", type=int, default=1000)
    bench.add_argument("--sizes", type=int, nargs="*", default=None, help="extra sizes for the scaling exponent")
    bench.add_argument("--no-nav-compare", action="store_true", help="skip the every-claim-in-navigation build")
    bench.add_argument("--engines", nargs="+", choices=ENGINES, default=["mkdocs"],
                       help="build each size with each of these engines, side by side (default: mkdocs)")
    bench.add_argument("--history", action="store_true",
                       help="also time versions from git: a synthetic history of about 3 versions per claim")
    bench.set_defaults(fn=_bench)
    return p


def report_plain(exc: ClaimbaseError) -> None:
    """Problems for people: every one of them, then their count; other errors in one line."""
    if isinstance(exc, ProblemsFound):
        emit(exc.problems.report(), sys.stderr)
    else:
        emit(f"error: {exc}", sys.stderr)


INTERNAL_ERROR = 2
"""The exit code of a run stopped by an error of claimbase itself (1: the records have problems)."""


class InternalError(ProblemsFound):
    """An unexpected exception, reported as a located problem instead of a traceback."""


def internal_problem(exc: BaseException) -> Problem:
    """Where in claimbase an unexpected exception was raised, and what it says, as one problem."""
    import traceback

    where, line = "claimbase", 0
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        file = Path(frame.filename).resolve()
        if file.is_relative_to(ROOT / "claimbase"):
            where, line = file.relative_to(ROOT).as_posix(), frame.lineno or 0
            break
    return Problem(where, line, 1 if line else 0, "", f"internal error: {type(exc).__name__}: {exc}",
                   "this is a bug in claimbase, not a mistake in the records; the other problems of this run "
                   "could not be checked. Please report it with this message")


def main(argv: list[str] | None = None, report: Callable[[ClaimbaseError], None] = report_plain) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    try:
        return args.fn(args)
    except ClaimbaseError as exc:
        report(exc)
        return 1
    except KeyboardInterrupt:
        emit("interrupted", sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the guard: no input ever ends in a traceback
        report(InternalError(Problems([internal_problem(exc)])))
        return INTERNAL_ERROR
