SHELL := /bin/bash
# The README's quick start: `make html` builds the demo site, `make test` runs the suite.
# Both create .venv from pyproject.toml on first use; nothing else to install.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PELICAN := $(BIN)/pelican
STAMP := $(VENV)/.installed
CONF := pelican.conf.py
OUTPUT := output
PORT ?= 8000
# plain log lines: readable in CI and for editors
PELICAN_OPTS := -s $(CONF) -o $(OUTPUT) --log-handler plain
PYTEST_ARGS ?=
# the published address: $SITEURL, else SITE_ADDRESS in pelican.conf.py (make new-blog sets it)
SITEURL ?= $(shell sed -n 's/^SITE_ADDRESS = "\([^"]*\)".*/\1/p' $(CONF))
# the built site checked against content/: links and images under the sub-path, feeds,
# no unpublished post's text (plugins/site_checks; SITEURL from the environment)
SITE_CHECKS = PYTHONPATH=plugins $(PY) -m site_checks --content content --output $(OUTPUT)

.DEFAULT_GOAL := help
.PHONY: help html serve devserver publish check clean test test-tools lint new-blog settings post doi impact refs bench

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing the project's Python packages into $(VENV) (first run only)..."
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v "is ignored" || true
	@$(PY) -m pip install --quiet --disable-pip-version-check ".[dev]" 2>&1 | grep -v "is ignored" ; test $${PIPESTATUS[0]:-0} -eq 0
	@$(PY) -c "import pelican, citeproc, nh3, pagefind" && touch $(STAMP)

html: $(STAMP) ## build the site into output/ (offline, from committed data)
	$(PELICAN) content $(PELICAN_OPTS)

serve: html ## serve output/ at http://127.0.0.1:$(PORT)
	$(PELICAN) -l $(PELICAN_OPTS) -p $(PORT) -b 127.0.0.1

devserver: $(STAMP) ## rebuild on every change, serve at http://127.0.0.1:$(PORT), reload open pages
	exec env PYTHONPATH=plugins $(PY) -m site_meta.devserver content $(PELICAN_OPTS) -p $(PORT) -b 127.0.0.1

publish: $(STAMP) ## production build, strict: SITEURL=https://user.github.io/repo make publish
	@test -n "$(SITEURL)" || { echo "make publish needs SITEURL, e.g. SITEURL=https://user.github.io/repo make publish (or SITE_ADDRESS in $(CONF))"; exit 2; }
	SITEURL="$(SITEURL)" STRICT=1 PUBLISH=1 $(PELICAN) content $(PELICAN_OPTS) --fatal errors --ignore-cache --delete-output-directory
	SITEURL="$(SITEURL)" $(SITE_CHECKS)

check: $(STAMP) ## strict build as readers get it, then site checks (links, images, feeds, no draft text)
	STRICT=1 PUBLISH=1 $(PELICAN) content $(PELICAN_OPTS) --fatal errors --delete-output-directory
	$(SITE_CHECKS)

test: $(STAMP) test-tools ## run the test suite
	$(PY) -m pytest $(PYTEST_ARGS)

# Non-Python checkers (Nu Html Checker, axe-core, citation-js) from npm, when npm is available
# (installed again whenever package-lock.json is newer than the installed tree),
# and commonmeta-py in its own virtual environment (it needs bibtexparser 1.x);
# without them those tests are skipped locally and required in CI (see tests/external_tools.py).
test-tools:
	@if command -v npm >/dev/null 2>&1 && [ tests/tools/package-lock.json -nt tests/tools/node_modules/.package-lock.json ]; then \
		npm ci --prefix tests/tools --no-audit --no-fund --ignore-scripts --loglevel=error; fi
	@if [ tests/tools/commonmeta-requirements.txt -nt tests/tools/commonmeta-venv/.installed ]; then \
		$(PY) -m venv tests/tools/commonmeta-venv && \
		tests/tools/commonmeta-venv/bin/pip install -q -r tests/tools/commonmeta-requirements.txt && \
		touch tests/tools/commonmeta-venv/.installed; fi

lint: $(STAMP) ## ruff
	$(BIN)/ruff check plugins tests pelican.conf.py bench
	$(BIN)/ruff format --check plugins tests pelican.conf.py bench

new-blog: $(STAMP) ## replace the demo with your own empty blog: make new-blog NAME="…" AUTHOR="…" URL="…"
	@PYTHONPATH=plugins $(PY) -m meded_core.new_blog $(if $(NAME),--name "$(NAME)",) $(if $(AUTHOR),--author "$(AUTHOR)",) $(if $(URL),--url "$(URL)",)

settings: $(STAMP) ## print every plugin setting with its default and help (the README's table)
	@PYTHONPATH=plugins $(PY) -c "from meded_core.settings import main; main()"

post: $(STAMP) ## new post: make post TITLE="My title"
	@PYTHONPATH=plugins $(PY) -m meded_core.scaffold "$(TITLE)"

doi: $(STAMP) ## pre-register Rogue Scholar DOIs: make doi POST=content/posts/x.md (default: every draft)
	@PYTHONPATH=plugins $(PY) -m rogue_scholar doi $(if $(FORCE),--force,) $(POST)

refs: $(STAMP) ## resolve cited DOIs/PMIDs/ISBNs/URLs into content/data/references.json (online)
	PYTHONPATH=plugins $(PY) -m citations refs $(if $(MISSING),--missing,)

impact: $(STAMP) ## refresh impact figures into content/data/impact/ (online; FORCE=1 ONLY=x IDS=file STRICT=1)
	PYTHONPATH=plugins $(PY) -m impact $(if $(FORCE),--force,) $(if $(ONLY),--only $(ONLY),) $(if $(IDS),--ids $(IDS),) $(if $(STRICT),--strict,)

bench: $(STAMP) ## benchmark: 1,000 synthetic posts (BENCH_REPEAT=3; BENCH_POSTS=10000: scale run), results in bench/results/ (see bench/README.md)
	PYTHONPATH=plugins:. $(PY) -m bench.run

clean: ## remove the built site and caches
	rm -rf $(OUTPUT) .cache
