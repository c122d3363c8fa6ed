# The single entry point: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test ci lint checks messages catalogs browser data worker clean bench-submission bench-export bench-pages lighthouse

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the pinned requirements change.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

catalogs: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=portal.settings_test $(BIN)/python manage.py compile_catalogs

# A development target, like run: the embedded database and no production secrets needed.
data: export DEBUG ?= true
data: catalogs
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_manual_data

run: export DEBUG ?= true
run: data
	@echo
	@echo "Create a staff account with:  DEBUG=true $(BIN)/python manage.py createsuperuser"
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl+C stops the portal and its worker)"
	@echo
	scripts/run.sh

browser:
	scripts/ensure-system-packages.sh

test: catalogs browser
	$(BIN)/pytest -n 2 --dist loadfile

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# What CI runs besides the tests: Django's checks, production checks, missing migrations,
# and strings marked for translation that the catalogs lack.
checks: catalogs
	DJANGO_SETTINGS_MODULE=portal.settings_test $(BIN)/python manage.py check --fail-level WARNING
	DEBUG=false SECRET_KEY=check-deploy-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  ALLOWED_HOSTS=portal.example.kz REDIS_URL=redis://127.0.0.1:6379/0 \
	  REFERRALS_FOLLOW_UP_CODE_KEY=check-deploy-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  FIELD_ENCRYPTION_KEYS=$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/check_catalogs.py

ci: lint checks test

# Regenerate the .po catalogs after changing user-facing strings (needs GNU gettext).
messages: $(VENV)/.installed
	scripts/make-messages.sh

# Concurrent witnesses against gunicorn on loopback (SQLite, or PostgreSQL with DATABASE_URL).
bench-submission: catalogs
	$(BIN)/python bench/submission.py

# Public pages against a bare view under gunicorn with Redis (wrk from Debian), shipped data
# and tenfold (SQLite, or PostgreSQL with DATABASE_URL).
bench-pages: catalogs
	scripts/ensure-system-packages.sh wrk
	$(BIN)/python bench/pages.py

# Export benchmark on 100,000 referrals (needs DATABASE_URL=postgres://...; makes its own database).
bench-export: $(VENV)/.installed
	$(BIN)/python bench/export.py

# Lighthouse (mobile) scores of the home, directory, a guidance section and the report form,
# against a running portal (`make run` in another terminal).
lighthouse:
	scripts/lighthouse.sh

worker: $(VENV)/.installed
	$(BIN)/python manage.py db_worker

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
