# registry-pipeline: `make run` builds the registry, `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: help install lock run test dev validate serve bench faults docs clean

help:
	@echo "make run       build the registry (warehouse + API) from the sources, or data/raw offline"
	@echo "make test      run the test suite"
	@echo "make dev       start the Dagster UI (dg dev)"
	@echo "make validate  load and check the definitions (dg check defs)"
	@echo "make serve     serve the published API on http://127.0.0.1:8000/api/v1"
	@echo "make bench     time the transforms on a scaled-up registry"
	@echo "make faults    run the fault matrix (hostile ids, kill -9, concurrent runs, damaged files, server abuse)"
	@echo "make docs      regenerate docs/sources.md (the source specs) and docs/warehouse.md (the DDL)"
	@echo "make lock      re-resolve uv.lock after a change to pyproject.toml (uv lock --upgrade-package NAME to move one)"

UV_VERSION := 0.13.9

# every transitive version comes from uv.lock, installed exactly (`make lock` updates it)
$(STAMP): pyproject.toml uv.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/pip install -q "uv==$(UV_VERSION)"
	@echo "installing the locked dependencies into $(VENV) (uv.lock)"
	@$(BIN)/uv sync --frozen --inexact --extra dev --compile-bytecode --python $(BIN)/python -q
	@touch $(STAMP)

install: $(STAMP)

lock: $(STAMP)
	$(BIN)/uv lock

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	@cp dagster.yaml $@

run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/registry-pipeline run

test: $(STAMP)
	$(BIN)/pytest

# `registry-pipeline dev` runs `dg dev` in a process group of its own and stops all of it (webserver, daemon,
# code server) on Ctrl-C or on a SIGTERM to make's process group
dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	exec $(BIN)/registry-pipeline dev

validate: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(BIN)/dg check defs

serve: $(STAMP)
	$(BIN)/registry-pipeline serve --port 8000

bench: $(STAMP)
	$(BIN)/python -m registry_pipeline_tests.bench

faults: $(STAMP)
	$(BIN)/python -m registry_pipeline_tests.faults

docs: $(STAMP)
	$(BIN)/registry-pipeline docs --out docs/sources.md

clean:
	rm -rf data/cache data/warehouse/api data/warehouse/.api-builds data/warehouse/.warehouse-builds data/warehouse/.parquet-builds data/warehouse/parquet data/warehouse/registry.duckdb* data/.run.lock $(DAGSTER_HOME)
