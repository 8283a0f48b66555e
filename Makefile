# Social Work Workload Toolkit. `make help` lists the targets.
.DEFAULT_GOAL := help
VENV := .venv/bin
export NO_MKDOCS_2_WARNING := 1

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: ## Install Python and npm packages (pinned)
	@scripts/setup.sh

serve: setup ## Install everything, then serve the site at http://127.0.0.1:8000/
	$(VENV)/mkdocs serve -a 127.0.0.1:8000

test: ## Install everything (Chromium too), then `make check` and the whole test suite
	@scripts/setup.sh --test
	@$(MAKE) --no-print-directory check
	$(VENV)/python -m pytest -n auto --dist loadgroup

check: ## Formatting, lint, types (strict on calculators/ and scripts/toolkit_site/) and the JavaScript; installs nothing
	@test -x $(VENV)/ruff && test -x node_modules/.bin/eslint || { echo "check: run 'make setup' first"; exit 1; }
	$(VENV)/ruff format --check calculators scripts tests
	$(VENV)/ruff check calculators scripts tests
	$(VENV)/mypy calculators
	$(VENV)/mypy --config-file scripts/toolkit_site/mypy.ini
	node_modules/.bin/eslint content/assets/js scripts/toolkit_site/sw.js scripts/toolkit_site/make_snapshot.mjs

build: setup ## Build the site for deployment into site/current/ atomically (set SITE_URL to where it is served)
	$(VENV)/python -m toolkit_site.deploy site site "$${SITE_URL:-http://127.0.0.1:8000/}"
	@$(VENV)/python scripts/review_due.py

rollback: ## Put site/'s previous build back live (run again to go forward); councils: deploy rollback site-councils/NAME
	$(VENV)/python -m toolkit_site.deploy rollback site

councils: setup ## Build every council folder in councils/ into site-councils/NAME/ (in parallel)
	$(VENV)/python -m toolkit_site.councils

bench: setup ## Side by side with plain Pyodide (build/bench.md); 1, 20 and 150 councils (build/bench-councils.json)
	@scripts/setup.sh --test
	$(VENV)/python scripts/bench_import.py
	$(VENV)/python scripts/bench_site.py
	$(VENV)/python scripts/bench_council.py --scale 1,20,150

sources: setup ## Regenerate content/reference/sources.md from every page's front matter
	$(VENV)/python scripts/sources_page.py

review-due: ## List the pages past their review date (content/ front matter `review_due`)
	$(VENV)/python scripts/review_due.py

schemas: ## Regenerate councils/schemas/ from the calculators' data schemas (a test fails while they differ)
	$(VENV)/python -m toolkit_site.defaults schemas

data-lock: ## After changing calculators/data/ (and moving its "version" on): record each file's values and version
	$(VENV)/python -m toolkit_site.defaults lock

snapshots: ## Regenerate the calculators' golden snapshots in tests/snapshots/ (review the diff, then commit)
	$(VENV)/python -m tests.snapshots


.PHONY: help setup serve test check build rollback councils bench sources review-due schemas data-lock snapshots
