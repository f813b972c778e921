# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench lint format superuser demo clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the requirement files change.
$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The Node tools the tests run (structured-data-testing-tool), at the versions
# in package-lock.json; reinstalled only when it changes. They need no
# install scripts.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

## make run: set up, migrate, load demo content if the site is empty, serve.
run: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	@echo
	@echo "  Site:  http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/"
	@echo "  Log in as 'marketing', 'medical.director' or 'admissions' with the password printed"
	@echo "  when they were created (or DEMO_PASSWORD if you set it), or create"
	@echo "  your own administrator with 'make superuser'."
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: lint, the apps' layers, template check, migrations check and the
## whole pytest suite.
test: $(VENV)/.dev-installed node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djhtml --check templates
	DJANGO_SETTINGS_MODULE=manifest_site.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

## make bench: requests/s and latency under gunicorn with production settings.
bench: $(VENV)/.runtime-installed
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing wrk (Debian package)"; \
		{ apt-get update -qq && apt-get install -y -qq wrk; } >/dev/null 2>&1 \
			|| sudo apt-get install -y -qq wrk; }
	$(PY) manage.py bench $(BENCH_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djhtml --check templates

## make format: apply ruff's formatting and djhtml's indentation.
format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

superuser: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createsuperuser

demo: $(VENV)/.runtime-installed
	$(PY) manage.py load_demo

clean:
	rm -rf $(VENV) node_modules db.sqlite3 media staticfiles .test-media* .pytest_cache .ruff_cache
