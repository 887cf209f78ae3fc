"""Screenshots of the main pages at desktop (1280 px) and phone (390 px) widths, for people to look at.

    .venv/bin/python tests/browser/take_screenshots.py [--root tests/fixtures/sample] [--out /work/screenshots]

Builds the site of `--root` into a temporary folder, serves it on localhost and saves full-page PNGs.
Not a test: it is how we look at the pages after changing them.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from claimbase.site.build import build_site  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO / "tests" / "fixtures" / "sample")
    parser.add_argument("--out", type=Path, default=Path("/work/screenshots"))
    parser.add_argument("--engine", default="mkdocs", choices=["mkdocs", "zensical"])
    parser.add_argument("pages", nargs="*", help="site-relative paths (default: the main pages)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from claimbase.pipeline import load_knowledge_base

    kb = load_knowledge_base(args.root)
    claim = next(iter(sorted(kb.claims, key=lambda c: -len(kb.claims[c].attributions))))
    system = max(kb.claims_by_system, key=lambda s: len(kb.claims_by_system[s]))
    pages = args.pages or ["", f"claims/{claim}/", "claims/", f"systems/{system}/", "timeline/", "map/",
                           "disputed/", "search/?q=Hwasong-11"]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        build_site(args.root, Path(tmp) / "site", docs_dir=Path(tmp) / "docs", engine=args.engine)
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *a: object) -> None:  # noqa: A002 - stdlib signature
                pass

        handler = functools.partial(Quiet, directory=str(Path(tmp) / "site"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            for width, tag in ((1280, "desktop"), (390, "phone")):
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                errors: list[str] = []
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                for path in pages:
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    name = path.split("?")[0].strip("/").replace("/", "_") or "home"
                    out = args.out / f"{name}-{tag}.png"
                    page.screenshot(path=str(out), full_page=True)
                    print(out)
                context.close()
                if errors:
                    print(f"console errors at {tag} width: {errors}", file=sys.stderr)
            browser.close()
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
