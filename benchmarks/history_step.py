"""The cost of versions: a git history for the benchmark's synthetic knowledge base, and its timed steps.

`add_history(root)` commits the synthetic records as a history in which claims have 2 to 4 versions
(3 on average): a first commit with every record, then commits of ten claims each, in rounds, each
version differing from the next by its grade, its quote or its review date; the last version is the
record as the benchmark wrote it. The history is written with one `git fast-import` stream (tens of
thousands of commits through `git commit` would take an hour).

Timed, each in a fresh process: reading the history alone, the cold build with version and history
pages, the same cold build of the same records without their history (what the versions add), and
`build_site.py changes` against a base 50 commits back. Run on its own with

    python -m benchmarks.history_step --claims 10000

or as part of `build_site.py bench` (benchmarks/run.py calls `run` when asked for history figures).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PER_COMMIT = 10
"""Claims changed by each commit after the first."""
START = 1_700_000_000
"""The first commit's time (November 2023); each later commit is an hour after the one before."""
GIT_ENV = {"GIT_AUTHOR_NAME": "Synthetic", "GIT_AUTHOR_EMAIL": "synthetic@example.invalid",
           "GIT_COMMITTER_NAME": "Synthetic", "GIT_COMMITTER_EMAIL": "synthetic@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def versions_of(index: int) -> int:
    """How many versions the claim at `index` has: 2, 3, 3 or 4 (3 on average)."""
    return (2, 3, 3, 4)[index % 4]


def earlier(text: str, steps: int) -> str:
    """The record as it was `steps` versions before `text` (still a valid claim record)."""
    out = text
    if steps >= 1:  # the credibility grade moved, and the record was reviewed later
        def regrade(m: re.Match[str]) -> str:
            grade = int(m.group(2))
            return f"{m.group(1)}{grade + 1 if grade < 6 else grade - 1}"
        out = re.sub(r"(  credibility:\n    grade: )([1-6])", regrade, out, count=1)
        out = re.sub(r'^reviewed: "(\d{4})-(\d\d-\d\d)"',
                     lambda m: f'reviewed: "{int(m.group(1)) - 1}-{m.group(2).replace("02-29", "02-28")}"', out,
                     count=1, flags=re.MULTILINE)
    if steps >= 2:  # the first quote was worded differently
        out = out.replace("    quote: >-\n      ", "    quote: >-\n      (earlier transcription) ", 1)
    if steps >= 3:  # the reliability grade moved too
        out = re.sub(r"(  reliability:\n    grade: )([A-F])",
                     lambda m: m.group(1) + ("B" if m.group(2) != "B" else "C"), out, count=1)
    return out


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def add_history(root: Path, *, per_commit: int = PER_COMMIT) -> dict[str, int]:
    """Make `root` (a synthetic knowledge base) a git repository whose history gives its claims versions."""
    root = Path(root)
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(root)], check=True, env={**os.environ,
                                                                                                   **GIT_ENV})
    files = sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.relative_to(root).parts)
    claims = sorted(p for p in files if p.parent == root / "claims")
    texts = {p: p.read_text(encoding="utf-8") for p in claims}
    counts = {p: versions_of(i) for i, p in enumerate(claims)}
    stream = bytearray()
    when = START
    commits = 0

    def commit(message: str, changes: list[tuple[str, bytes]]) -> None:
        nonlocal when, commits
        msg = message.encode()
        stream.extend(b"commit refs/heads/main\n")
        stream.extend(b"committer Synthetic <synthetic@example.invalid> %d +0000\n" % when)
        stream.extend(_data(msg))
        for path, payload in changes:
            stream.extend(b"M 100644 inline " + path.encode() + b"\n")
            stream.extend(_data(payload))
        when += 3600
        commits += 1

    first = []
    for p in files:
        rel = p.relative_to(root).as_posix()
        if p in texts:
            first.append((rel, earlier(texts[p], counts[p] - 1).encode()))
        else:
            first.append((rel, p.read_bytes()))
    commit("Synthetic knowledge base: every record, first versions", first)
    for version in range(2, max(counts.values(), default=1) + 1):
        due = [p for p in claims if counts[p] >= version]
        for i in range(0, len(due), per_commit):
            batch = due[i:i + per_commit]
            changes = [(p.relative_to(root).as_posix(), earlier(texts[p], counts[p] - version).encode())
                       for p in batch]
            commit(f"Review {len(batch)} claims (round {version})", changes)
    subprocess.run(["git", "fast-import", "--quiet", "--done"], input=bytes(stream) + b"done\n", cwd=root,
                   check=True, env={**os.environ, **GIT_ENV})
    subprocess.run(["git", "reset", "--quiet"], cwd=root, check=True, env={**os.environ, **GIT_ENV})
    subprocess.run(["git", "update-index", "--refresh", "-q"], cwd=root, check=False, env={**os.environ, **GIT_ENV},
                   capture_output=True)
    return {"commits": commits, "claims": len(claims), "versions": sum(counts.values())}


STEP_MARK = "CLAIMBASE-HISTORY-STEP "


def _read_step(root: Path) -> int:
    """In a fresh process: load the records, then read the history (timed apart)."""
    from claimbase.history import read_history
    from claimbase.pipeline import load_knowledge_base

    t = time.perf_counter()
    kb = load_knowledge_base(root)
    loaded = time.perf_counter()
    history = read_history(root, kb.records["claim"])
    done = time.perf_counter()
    versions = sum(len(v) for v in history.versions.values()) if history else 0
    print(STEP_MARK + json.dumps({"load": loaded - t, "history": done - loaded, "versions": versions}), flush=True)
    return 0


def run(work: Path, claims: int, *, log=print, runs: int = 1) -> dict[str, float]:  # noqa: ANN001
    """Generate N claims with a history, and time: reading the history, the cold build, `changes`.
    Each timed step runs `runs` times (fresh processes) and its median is reported with every run."""
    from types import SimpleNamespace

    from . import steps, synthetic

    bench = SimpleNamespace(generate_kb=synthetic.generate_kb, _env=steps._env, repeated=steps.repeated,
                            run_measured=steps.run_measured, measure_build=steps.measure_build,
                            median_of=steps.median_of)

    root = work / f"kb-history-{claims}"
    if not (root / ".git").exists():
        log(f"[history] generating {claims:,} claims and their history ...")
        t = time.perf_counter()
        if not (root / "claims").is_dir():
            bench.generate_kb(root, claims)
        made = add_history(root)
        log(f"[history] {made['versions']:,} versions in {made['commits']:,} commits, written in "
            f"{time.perf_counter() - t:.1f} s")
    figures: dict[str, float] = {}
    env = bench._env()
    env.pop("SOURCE_DATE_EPOCH", None)  # the build reads the commit time, as it does in a clone
    def read_once():  # noqa: ANN202
        m = bench.run_measured([sys.executable, "-m", "benchmarks.history_step", "_read", str(root)], env=env,
                               cwd=REPO)
        if m.returncode != 0:
            raise RuntimeError(f"reading the history failed:\n{m.stderr[-4000:]}")
        return json.loads(next(x for x in m.stdout.splitlines() if x.startswith(STEP_MARK))[len(STEP_MARK):]), m

    reads = bench.repeated(runs, read_once)
    read, m = bench.median_of(reads, key=lambda r: r[0]["history"])
    figures.update(history_read_s=read["history"], load_s=read["load"], versions=read["versions"],
                   read_process_cpu_s=m.cpu_seconds, history_read_runs=[r["history"] for r, _ in reads])
    each = " / ".join(f"{x:.2f}" for x in figures["history_read_runs"])
    log(f"[history] reading the history: {read['history']:.2f} s (the median of {each}; {read['versions']:,} "
        f"versions; the process, loading the records too, used {m.cpu_seconds:.1f} s of CPU)")
    out = work / f"out-history-{claims}"
    builds = bench.repeated(runs, lambda: bench.measure_build(root, out))
    build, phases = bench.median_of(builds, key=lambda b: b[0].seconds)
    figures.update(build_s=build.seconds, build_cpu_s=build.cpu_seconds, build_peak_mb=build.tree_peak_mb,
                   generate_s=phases.get("generate", 0.0), mkdocs_s=phases.get("mkdocs", 0.0),
                   site_files=sum(len(f) for _, _, f in os.walk(out / "site")),
                   build_runs=[b.seconds for b, _ in builds])
    log(f"[history] cold build with version pages: {build.seconds:.1f} s, the median of "
        f"{' / '.join(f'{b.seconds:.1f}' for b, _ in builds)} (generate {figures['generate_s']:.1f} s, "
        f"engine {phases.get('engine', 0.0):.1f} s; {build.cpu_seconds:.1f} s of CPU), {figures['site_files']:,} files")
    # The same records without their history, built right after: what the versions add to a cold build.
    plain = work / f"kb-no-history-{claims}"
    if not plain.is_dir():
        import shutil

        shutil.copytree(root, plain, ignore=shutil.ignore_patterns(".git"))
    withouts = bench.repeated(runs, lambda: bench.measure_build(plain, work / f"out-no-history-{claims}"))
    without, plain_phases = bench.median_of(withouts, key=lambda b: b[0].seconds)
    figures.update(build_without_history_s=without.seconds, build_without_history_cpu_s=without.cpu_seconds,
                   generate_without_history_s=plain_phases.get("generate", 0.0),
                   build_without_history_runs=[b.seconds for b, _ in withouts])
    log(f"[history] the same cold build without history: {without.seconds:.1f} s, the median of "
        f"{' / '.join(f'{b.seconds:.1f}' for b, _ in withouts)} (generate "
        f"{figures['generate_without_history_s']:.1f} s; {without.cpu_seconds:.1f} s of CPU): the versions add "
        f"{build.seconds - without.seconds:.1f} s ({build.cpu_seconds - without.cpu_seconds:.1f} s of CPU)")
    def changes_once():  # noqa: ANN202
        changes = bench.run_measured([sys.executable, str(REPO / "build_site.py"), "--root", str(root), "changes",
                                      "--base", "HEAD~50", "--json"], env=env, cwd=REPO)
        if changes.returncode != 0:
            raise RuntimeError(f"changes failed:\n{changes.stderr[-4000:]}")
        return changes

    answers = bench.repeated(runs, changes_once)
    changes = bench.median_of(answers)
    summary = json.loads(changes.stdout)
    figures.update(changes_s=changes.seconds, changes_claims=len(summary.get("claims", [])),
                   changes_runs=[c.seconds for c in answers])
    log(f"[history] changes --base HEAD~50: {changes.seconds:.2f} s, the median of "
        f"{' / '.join(f'{c.seconds:.2f}' for c in answers)} ({figures['changes_claims']} claims changed; "
        f"{changes.cpu_seconds:.1f} s of CPU)")
    log(f"[history] load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    targets = [
        ("reading the history adds at most 10 s", figures["history_read_s"] <= 10),
        ("the whole build with version pages at most 45 s", figures["build_s"] <= 45),
        ("changes against a base 50 commits back at most 5 s", figures["changes_s"] <= 5),
    ]
    for text, ok in targets:
        log(f"[history]   {'pass' if ok else 'FAIL'}: {text}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    log(f"[history] load average after the run: {load}")
    figures["load_after"] = os.getloadavg()[0]
    return figures


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_read"]:
        return _read_step(Path(argv[1]))
    p = argparse.ArgumentParser(prog="python -m benchmarks.history_step", description=__doc__.split("\n")[0])
    p.add_argument("--claims", type=int, default=10000)
    p.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    p.add_argument("--runs", type=int, default=1, help="run each timed step this many times (the median is reported)")
    args = p.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="claimbase-history-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run(work, args.claims, runs=args.runs)
    finally:
        if args.keep is None:
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
