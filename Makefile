# layer — developer entry points. Every target sets up what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHECKOV_VENV := .venv-checkov
export TF_IN_AUTOMATION := 1

.PHONY: help atlantis venv checkov-venv test unit lint typecheck integration modules-test module-test docs demo demo-down bench fuzz clean

help: ## list targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip uninstall --quiet --yes layer 2>/dev/null || true  # renamed layer-tf (`layer` on PyPI is another project)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv: $(BIN)/.installed ## create .venv with layer and the dev tools

$(CHECKOV_VENV)/.installed:
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet 'checkov==3.3.30'
	touch $@

checkov-venv: $(CHECKOV_VENV)/.installed ## checkov in a virtualenv of its own

lint: venv ## ruff, mypy, and generated files current (atlantis.yaml, module READMEs)
	$(BIN)/ruff check framework tests bench
	$(BIN)/ruff format --check framework tests bench
	$(BIN)/mypy
	$(BIN)/layer validate live
	$(BIN)/layer atlantis generate --check
	$(BIN)/layer docs --check
	$(BIN)/layer architecture live/prod --check

atlantis: venv ## regenerate atlantis.yaml from the layer graph
	$(BIN)/layer atlantis generate

typecheck: venv
	$(BIN)/mypy

.PHONY: promtool rules-test
# promtool comes with Debian's prometheus package. Installing it may enable the package's service (on a
# host with systemd); it is stopped and disabled again: only the promtool binary is wanted.
promtool: ## install promtool (Debian package prometheus) when missing
	@command -v promtool >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  echo "installing promtool: $$SUDO apt-get install prometheus"; \
	  $$SUDO apt-get install -y --no-install-recommends prometheus >/dev/null || \
	    { $$SUDO apt-get update -qq && $$SUDO apt-get install -y --no-install-recommends prometheus >/dev/null; }; \
	  if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then \
	    $$SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true; fi; }
	@command -v promtool >/dev/null || { echo "promtool is missing: apt-get install prometheus"; exit 1; }

rules-test: venv promtool ## Prometheus rules: generated SLO files current, promtool check rules and test rules
	$(BIN)/layer slo generate live --check
	promtool check rules $$(find live -name slo-rules.yaml | sort)
	promtool test rules tests/promtool/*.test.yaml

# PYTHONDONTWRITEBYTECODE emptied: with it set (as in some CI shells) pytest rewrote the assertions of every
# test module at each run, 5.4 s of CPU per worker for collection against 2.3 s from __pycache__ (gitignored).
unit: venv ## unit tests only (fast inner loop)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -n 2 tests/unit

integration: venv ## end-to-end tests: real Terraform against moto
	$(BIN)/pytest -q -n 3 --dist loadfile --no-loadscope-reorder tests/integration  # longest files first: tests/integration/conftest.py

modules-test: venv checkov-venv ## the module quality gate over every module, and bootstrap/
	$(BIN)/layer modules test modules bootstrap

module-test: venv checkov-venv ## the gate for one module: make module-test MODULE=s3-bucket
	$(BIN)/layer modules test modules/$(MODULE)

docs: venv ## regenerate module READMEs, docs/architecture.md and atlantis.yaml
	$(BIN)/layer docs
	$(BIN)/layer architecture live/prod
	$(BIN)/layer atlantis generate

# Where the time goes (measured; README "Make targets"): the gate is CPU-bound: terraform test starts the
# AWS provider ~2.4 times per run block (kms: 13 run blocks, 31 starts), ~800 run blocks in all; providers
# are symlinked from the mirror, never copied; checkov (67 s CPU) runs beside the modules. The integration
# tests mostly wait on the provider's fixed polls (docs/emulator.md: 55 s per S3 lifecycle, 80 s per RDS
# wait, 9-14 s per KMS key, 10-30 s per Route 53 change, a random delay); moto already answers as AWS at the
# first poll, so no emulator patch can shorten them (docs/emulator.md "Provider waits", issue 20). The platform
# test (demo up and down) is the longest.
# Side by side the gate fills those waits; each target's output is printed whole when it ends.
test: lint rules-test unit ## every test: lint, rules, unit, then the module gate and integration side by side
	$(MAKE) --no-print-directory -j2 --output-sync=target modules-test integration

demo: venv ## the platform on the local emulator
	$(BIN)/layer demo up live/local

demo-down: venv ## destroy the local platform and stop the emulator
	$(BIN)/layer demo down live/local

FUZZ_EXAMPLES ?= 1000
fuzz: venv ## the loader's fuzz test at length (make fuzz FUZZ_EXAMPLES=5000); make unit runs 8 examples
	FUZZ_RANDOM=1 FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) nice $(BIN)/pytest -q -p no:cacheprovider \
		tests/unit/test_fuzz_loader.py -k keep_the_contract

bench: venv ## benchmarks; writes docs/performance.md
	$(BIN)/python bench/run.py

clean:
	rm -rf .layer $(VENV) $(CHECKOV_VENV)

.PHONY: rotation-zip
rotation-zip: ## build the secrets rotation Lambda zips (deterministic; needed before plan of the secrets layer)
	$(PYTHON) modules/secrets/functions/build.py
demo integration: rotation-zip

.PHONY: bench-quick
bench-quick: venv ## benchmarks at small sizes (a fast check); writes bench/results/performance-quick.md
	$(BIN)/python bench/run.py --quick
