# The two commands of the README: `make run` and `make test`. Both install what they need first.
# Python packages come from uv.lock, exactly: `make install` never resolves versions; `make lock` does.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := python3-venv libespeak-ng1 espeak-ng libportaudio2 sox
# the lock tool's version; the same pin is in pyproject.toml's dev extra (a test checks they agree)
UV_VERSION := 0.13.9
EXTRAS := --extra dev --extra nli-repackage --extra sphinx --extra accurate
# uv installs into .venv and never downloads a Python of its own
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never
# the first Python 3.11+ on PATH
PY ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: install system-packages run test lint lock check-lock bench clean

install: system-packages $(STAMP)

# On Debian/Ubuntu as root: apt-install what is missing; otherwise print the exact command.
system-packages:
	@command -v dpkg >/dev/null 2>&1 || exit 0; \
	missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo -n "$$p "; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing system packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "trainer needs system packages for speech; run once:  sudo apt-get install -y $$missing"; \
	  fi; \
	fi

# .venv with the pinned uv in it (uv is also in the lock, so a sync keeps it)
$(BIN)/uv:
	@if [ -z "$(PY)" ]; then echo "trainer needs Python 3.11 or newer (python3 --version)"; exit 1; fi
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"

$(STAMP): pyproject.toml uv.lock | $(BIN)/uv
	@# exactly the locked versions (--frozen: no resolution), the project itself editable
	$(BIN)/uv sync --frozen --quiet $(EXTRAS) --python $(BIN)/python
	@# the official, licensed scoring model; offline the bundled repackage is used instead
	@HF_HUB_DOWNLOAD_TIMEOUT=10 timeout 120 $(BIN)/trainer models fetch --allow-network 2>/dev/null \
	  || echo "note: could not download the official scoring model (offline?); using the bundled one"
	@touch $(STAMP)

run: install
	$(BIN)/trainer

# Re-resolve every dependency on purpose (after editing pyproject.toml, or to take upgrades).
lock: | $(BIN)/uv
	$(BIN)/uv lock

# Fails in one line when pyproject.toml and uv.lock disagree.
check-lock: | $(BIN)/uv
	@$(BIN)/uv lock --locked --quiet 2>/tmp/trainer-lock-check.$$$$ \
	  || { echo "uv.lock does not match pyproject.toml: run 'make lock' and commit uv.lock ($$(grep -m1 . /tmp/trainer-lock-check.$$$$))"; \
	       rm -f /tmp/trainer-lock-check.$$$$; exit 1; }; rm -f /tmp/trainer-lock-check.$$$$

lint: install
	$(BIN)/ruff check trainer tests bench tools
	$(BIN)/ruff format --check trainer tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports

test: check-lock lint
	$(BIN)/pytest -q -p no:cacheprovider

# fresh_install.py is left out: it clones, downloads every package and installs twice (run it by hand)
bench: install
	@for b in $(filter-out bench/fresh_install.py,$(wildcard bench/*.py)); do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
