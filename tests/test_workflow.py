"""Workflow: notebook defaults (first client, last complete period), `kpis` in the client's
locale with --format, `make lab` as root and installed once."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from roianalysis.errors import UnknownClientError
from roianalysis.report.context import last_complete_period, resolve_parameters

ROOT = Path(__file__).resolve().parents[1]
NN = "\u202f"
NB = "\u00a0"


@pytest.mark.parametrize("last_day, today, expected", [
    (date(2026, 11, 15), date(2026, 12, 1), "2026-Q3"),   # Q4 not over in the data
    (date(2026, 9, 30), date(2026, 10, 1), "2026-Q3"),    # last day of Q3 is in the data
    (date(2026, 9, 29), date(2026, 10, 5), "2026-Q2"),    # Q3 misses its last day
    (date(2027, 3, 31), date(2027, 3, 31), "2026-Q4"),    # today is not over yet
    (date(2027, 1, 10), date(2027, 1, 2), "2026-Q4"),     # data ahead of the calendar
])
def test_last_complete_period(last_day, today, expected):
    assert last_complete_period(last_day, today).label == expected


def test_resolve_parameters_keeps_given_values(tmp_path):
    assert resolve_parameters("acme", "2026-q3", tmp_path) == ("acme", "2026-Q3")


def test_resolve_parameters_defaults_to_first_client_and_last_complete_quarter(demo_data):
    client, period = resolve_parameters(None, None, demo_data, today=date(2026, 12, 1))
    assert client == sorted(p.name for p in demo_data.iterdir() if p.is_dir())[0]
    assert period == "2026-Q3"


def test_resolve_parameters_without_clients_says_what_to_set(tmp_path):
    with pytest.raises(UnknownClientError, match="set `client`"):
        resolve_parameters(None, None, tmp_path)


def test_notebook_parameters_default_to_none():
    import ast

    import nbformat

    for nb_path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        values = {t.id: ast.literal_eval(node.value) for node in ast.parse(cell.source).body
                  if isinstance(node, ast.Assign) for t in node.targets}
        assert values["client"] is None and values["period"] is None, nb_path.name
        assert "output_dir" not in values, nb_path.name  # nothing used it


# ----------------------------------------------------------------------------- kpis
def _kpis(demo_data, *args):
    from roianalysis.cli import main

    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        code = main(["kpis", "--data-dir", str(demo_data), "--period", "2026-Q3", *args])
    assert code == 0
    return out.getvalue()


def test_kpis_table_in_the_clients_locale(demo_data):
    text = _kpis(demo_data, "--client", "boutique-lumiere")
    assert "T3 2026" in text and "2026-Q3" not in text
    assert f"{NB}€" in text and f"{NN}%" in text  # 1 234,56 €, 12,5 %
    assert "NaN" not in text and "nan" not in text
    assert "ROI" in text and "roi " not in text
    english = _kpis(demo_data, "--client", "northwind-b2b")
    assert "Q3 2026" in english and f"{NN}%" not in english and "%" in english


def test_kpis_json_and_csv_are_raw_numbers(demo_data):
    data = json.loads(_kpis(demo_data, "--client", "boutique-lumiere", "--format", "json"))
    row = data[0]
    assert row["client"] == "boutique-lumiere" and row["period"] == "2026-Q3"
    assert isinstance(row["kpis"]["cost"], float)
    assert isinstance(row["channels"][0]["roi"], float | None)
    rows = list(csv.DictReader(io.StringIO(_kpis(demo_data, "--client", "boutique-lumiere",
                                                 "--format", "csv"))))
    total = next(r for r in rows if r["channel"] == "")
    float(total["cost"])  # a raw number, no currency, no grouping
    assert "€" not in "".join(total.values())
    assert {r["channel"] for r in rows} >= {"", "Email"}


# ----------------------------------------------------------------------------- make lab
def _make_n(target: str, **variables) -> str:
    """What ``make`` would run (``-n``: nothing is run)."""
    res = subprocess.run(["make", "-n", target, *[f"{k}={v}" for k, v in variables.items()]],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return res.stdout


def _installed_venv(tmp_path: Path) -> Path:
    import os
    import time

    venv = tmp_path / "venv"
    venv.mkdir(parents=True)
    later = time.time() + 5  # newer than pyproject.toml
    for name in [".installed"]:
        (venv / name).touch()
        os.utime(venv / name, (later, later))
    return venv


@pytest.mark.skipif(subprocess.run(["which", "make"], capture_output=True).returncode != 0,
                    reason="make is not installed")
def test_make_lab_allows_root_only_as_root(tmp_path):
    venv = _installed_venv(tmp_path)
    assert "--allow-root" in _make_n("lab", VENV=venv, UID=0)
    assert "--allow-root" not in _make_n("lab", VENV=venv, UID=1000)


@pytest.mark.skipif(subprocess.run(["which", "make"], capture_output=True).returncode != 0,
                    reason="make is not installed")
def test_make_lab_uses_the_dev_install(tmp_path):
    """JupyterLab is in the dev install (pyproject ``dev``, environment.yml): ``make lab`` on an
    installed venv starts it with nothing more to install."""
    import tomllib

    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    assert any(d.startswith("jupyterlab") for d in dev)
    again = _make_n("lab", VENV=_installed_venv(tmp_path / "b"), UID=1000)
    assert "pip install" not in again and "jupyter lab --notebook-dir=notebooks" in again


def test_report_without_a_period_reads_the_last_complete_quarter(demo_data):
    import roianalysis as ra
    from roianalysis.report.context import Report
    from roianalysis.scorecard.pacing import last_data_day

    data = ra.load_client("boutique-lumiere", demo_data)
    rep = Report.create(data, None)
    assert rep.period == last_complete_period(last_data_day(data))
    assert rep.period.end <= last_data_day(data)
