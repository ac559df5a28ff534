# registry-pipeline: `make run` builds the registry, `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: help install run test dev validate serve bench faults docs clean

help:
	@echo "make run       build the registry (warehouse + API) from the sources, or data/raw offline"
	@echo "make test      run the test suite"
	@echo "make dev       start the Dagster UI on workspace.yaml"
	@echo "make validate  dagster definitions validate"
	@echo "make serve     serve the published API on http://127.0.0.1:8000/api/v1"
	@echo "make bench     time the transforms on a scaled-up registry"
	@echo "make faults    run the fault matrix (hostile ids, kill -9, concurrent runs, damaged files, server abuse)"
	@echo "make docs      regenerate docs/sources.md from the source specs"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if $(BIN)/pip install -q uv >/dev/null 2>&1; then \
		$(BIN)/uv pip install --python $(BIN)/python --compile-bytecode -q -e '.[dev]'; \
	else \
		$(BIN)/pip install -q -e '.[dev]'; \
	fi
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/registry-pipeline run

test: $(STAMP)
	$(BIN)/pytest

dev: $(STAMP)
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/dagster dev -w workspace.yaml

validate: $(STAMP)
	$(BIN)/dagster definitions validate -w workspace.yaml

serve: $(STAMP)
	$(BIN)/registry-pipeline serve --port 8000

bench: $(STAMP)
	$(BIN)/python -m registry_pipeline_tests.bench

faults: $(STAMP)
	$(BIN)/python -m registry_pipeline_tests.faults

docs: $(STAMP)
	$(BIN)/registry-pipeline docs --out docs/sources.md

clean:
	rm -rf data/warehouse/api data/warehouse/.api-builds data/warehouse/.warehouse-builds data/warehouse/.parquet-builds data/warehouse/parquet data/warehouse/registry.duckdb* data/.run.lock $(DAGSTER_HOME)
