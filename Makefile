# Two entry points: `make site` and `make test`. Both install what they need first (idempotent stamps).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON3 ?= python3
# As root with apt-get (a Debian machine, CI): Debian's packages, the tested path. Otherwise (no root, macOS, a
# university server): what the system has, everything else from PyPI into .venv, and a line naming what is missing.
ROOT_APT := $(shell [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 && echo yes)
# The site needs no browser: Typst is a PyPI wheel, Pagefind an npm package whose binary the build runs (npm
# installs it: Debian's, the system's, or else Node's PyPI wheel). The tests drive Debian's Chromium (search,
# language switcher, screenshots), read the books with poppler and take axe-core from npm.
SYSTEM_PACKAGES := python3-venv fonts-noto-cjk fontconfig
TEST_PACKAGES := chromium poppler-utils
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

DEVSET := ../shared/devset
DEVSET2 := ../shared/devset2

.PHONY: site test serve bench bench-adversarial eval rule-precision eval-variants lint install system-deps fonts test-deps python-deps dev-deps node-deps golden quick screenshots clean

site: install fonts
	$(PY) -m generator build

test: install fonts test-deps dev-deps
	$(PY) -m ruff check --no-cache generator tests bench
	$(PY) -m pytest -q -n 0 -m "slow or not slow"

# The fast run while working: everything but whole-site builds, the browser and large inputs.
quick: install dev-deps
	$(PY) -m pytest -q

serve: install
	$(PY) -m generator serve

bench: install
	$(PY) -m bench

# Each adversarial corpus at doubling sizes (bench/adversarial.md); SCALE=0.25 for a quicker run at smaller sizes.
bench-adversarial: install
	$(PY) -m bench --adversarial --scale $(or $(SCALE),1)

# Extraction scored against both development sets' gold facts (a table each, then combined), when they are
# beside the checkout.
eval: install
	$(PY) -m generator eval --set $(DEVSET) --set $(DEVSET2) --out build/eval

# Each extraction rule's precision on both development sets, committed for the review page (python -m generator review).
RULE_PRECISION := generator/resources/rule_precision.yml
rule-precision: install
	$(PY) -m generator eval --summary --set $(DEVSET) --set $(DEVSET2) --out build/eval --rule-precision $(RULE_PRECISION)

# The same scores on the dev set in other forms: traditional script, re-wrapped, saved web pages, a narrow
# plain-text column (bench/dev-variants.md).
eval-variants: install
	$(PY) -m bench --dev-variants

# The golden site's expected datasets and pages rebuilt from its corpus, when a change in them is meant.
golden: install dev-deps
	$(PY) -m pytest -q tests/test_golden.py --update-golden

lint: install dev-deps
	$(PY) -m ruff check --no-cache generator tests bench

install: system-deps python-deps node-deps

# System packages through apt-get as root, skipped when everything is already there ($(2): further checks).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(2) \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

# Without root or apt-get: a Python of at least 3.11 that makes virtual environments is all the system must give.
system-deps:
ifeq ($(ROOT_APT),yes)
	$(call apt_install,$(SYSTEM_PACKAGES),command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm";)
else
	@test -x $(PY) || $(PYTHON3) -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "missing: Python >= 3.11 with venv as $(PYTHON3) (Debian/Ubuntu: python3-venv; macOS: brew install python@3.12; or PYTHON3=/path/to/python3.11 make site)"; exit 1; }
endif

# The books' Noto CJK fonts, found as the build finds them (fontconfig, else the system's and the user's font
# folders); one line naming what is missing otherwise. KB_PDF=0 builds without the books and needs none.
fonts: python-deps
	@[ "$${KB_PDF:-1}" = 0 ] || $(PY) -m generator.book.typeset

test-deps:
ifeq ($(ROOT_APT),yes)
	$(call apt_install,$(TEST_PACKAGES),)
else
	@for tool in chromium pdftoppm; do command -v $$tool >/dev/null 2>&1 || missing="$$missing $$tool"; done; \
	  if [ -n "$$missing" ]; then echo "missing for the tests:$$missing (Debian: make test as root installs them)"; exit 1; fi
endif

# Python packages from pyproject.toml: what runs for the site, and what develops besides for the tests.
python-deps: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e .
	touch $@

dev-deps: $(VENV)/.installed-dev
$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

# npm packages from package-lock.json (Pagefind; axe-core for the accessibility tests), with the system's npm or,
# where there is none, npm from Node's PyPI wheel in .venv (pyproject.toml's `node` extra).
node-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json | $(VENV)/.installed
	# `npm install` rather than `npm ci`: npm 11 writes lock files without the other platforms' optional
	# binaries and then refuses them in `npm ci`. Versions are pinned exactly in package.json.
	@npm=$$(command -v npm) || { echo "no npm on this system: Node.js from PyPI into $(VENV)"; \
	  $(PY) -m pip install -q --disable-pip-version-check -e '.[node]' && npm=$(VENV)/bin/npm; } || exit 1; \
	$$npm install --no-audit --no-fund --no-update-notifier --loglevel=error
	touch $@

# Pictures of both sites and a page of each book for the README (screenshots/), made anew from the built site.
screenshots: site test-deps
	$(PY) -m generator.build.screenshots

clean:
	rm -rf site build $(VENV) node_modules
