# Each target does its own setup: a virtual environment in .venv with the package installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Jupyter refuses to start as root without --allow-root (containers, CI images run as root)
UID ?= $(shell id -u)
ALLOW_ROOT := $(if $(filter 0,$(UID)),--allow-root,)

.PHONY: help install test reports demo lab lint bench clean

help:
	@echo "make reports  render the demo clients' reports into reports/"
	@echo "make test     run the whole test suite"
	@echo "make lab      open JupyterLab on notebooks/"
	@echo "make bench    run the benchmarks (installs the peers into benchmarks/.envs)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/roianalysis demo --data-dir data/raw

reports: demo
	$(BIN)/roianalysis render --all --data-dir data/raw --out reports

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check roianalysis tests benchmarks

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(ALLOW_ROOT)

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) data/processed/* reports/*
