# Two entry points: `make site` and `make test`. Both install what they need first (idempotent stamps).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# The site needs no browser; the tests drive Debian's Chromium (search, language switcher) and read the books with poppler.
SYSTEM_PACKAGES := python3-venv fonts-noto-cjk fontconfig
TEST_PACKAGES := chromium poppler-utils
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

DEVSET := ../shared/devset

.PHONY: site test serve bench bench-adversarial eval rule-precision eval-variants lint install system-deps test-deps python-deps dev-deps node-deps golden quick clean

site: install
	$(PY) -m generator build

test: install test-deps dev-deps
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

# Extraction scored against the development set's gold facts, when the dev set is beside the checkout.
eval: install
	$(PY) -m generator eval --sources $(DEVSET)/raw --gold $(DEVSET)/gold.yaml --out build/eval

# Each extraction rule's precision on both development sets, committed for the review page (python -m generator review).
RULE_PRECISION := generator/resources/rule_precision.yml
rule-precision: install
	$(PY) -m generator eval --summary --sources $(DEVSET)/raw --gold $(DEVSET)/gold.yaml --out build/eval --rule-precision $(RULE_PRECISION)
	$(PY) -m generator eval --summary --sources $(DEVSET)2/raw --gold $(DEVSET)2/gold.yaml --out build/eval2 --rule-precision $(RULE_PRECISION)

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

# System packages through apt-get, skipped when everything is already there.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(2) \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

system-deps:
	$(call apt_install,$(SYSTEM_PACKAGES),command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm";)

test-deps:
	$(call apt_install,$(TEST_PACKAGES),)

# Python packages from pyproject.toml: what runs for the site, and what develops besides for the tests.
python-deps: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e .
	touch $@

dev-deps: $(VENV)/.installed-dev
$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

node-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	# `npm install` rather than `npm ci`: npm 11 writes lock files without the other platforms' optional
	# binaries and then refuses them in `npm ci`. Versions are pinned exactly in package.json.
	npm install --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site build $(VENV) node_modules
