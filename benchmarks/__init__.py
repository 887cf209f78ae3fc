"""The performance benchmark of docs/performance.md, outside the product package: no user of the
knowledge base runs it. `python build_site.py bench` and `make bench` run `run.run_benchmark`.

- `synthetic`: the synthetic knowledge base of N claims;
- `steps`: the timed steps (validate, the cold build in its own process, sizes on disk);
- `browser`: figures in headless Chromium, and the static server the browser tests use;
- `edit`: the edit-and-preview loop of `serve`;
- `report`: the table, the targets, the scaling exponent;
- `run`: all of it, size by size.
"""
