"""The overview notebook runs with papermill on the demo clients (slow)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_overview.ipynb"
EVIL = "<b>Insta</b>"

pytestmark = pytest.mark.slow


def _run(tmp_path: Path, data_dir: Path, **params) -> nbformat.NotebookNode:
    import papermill as pm

    out = tmp_path / f"{params['client']}-{params['period']}.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(out), cwd=str(NOTEBOOK.parent), progress_bar=False,
                        parameters={"data_dir": str(data_dir), "output_dir": str(tmp_path), **params})
    return nbformat.read(out, as_version=4)


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _text(nb) -> str:
    parts = []
    for o in _outputs(nb):
        d = o.get("data", {})
        parts.append(d.get("text/markdown", "") + d.get("text/html", ""))
    return "\n".join(parts)


def _check_clean(nb) -> None:
    for o in _outputs(nb):
        assert o["output_type"] == "display_data", o  # no stray repr, print or error
        assert set(o["data"]) & {"text/html", "text/markdown", "image/png"}


@pytest.fixture(scope="module")
def evil_data(demo_data, tmp_path_factory):
    """petit-atelier with a channel whose name is HTML."""
    root = tmp_path_factory.mktemp("evil") / "raw"
    shutil.copytree(demo_data / "petit-atelier", root / "petit-atelier")
    tp = root / "petit-atelier" / "touchpoints.csv"
    df = pd.read_csv(tp, dtype=str)
    df["channel"] = df["channel"].replace("Instagram", EVIL)
    df.to_csv(tp, index=False)
    return root


def test_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    for name in ("client", "period", "comparison", "data_dir", "lang"):
        assert re.search(rf"^{name} = ", params[0].source, re.M), name
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in nb.cells if c.cell_type == "code")


def test_french_client_in_french_with_statuses_and_escaping(tmp_path, evil_data):
    nb = _run(tmp_path, evil_data, client="petit-atelier", period="2026-Q3")
    _check_clean(nb)
    text = _text(nb)
    assert "Tableau de bord des objectifs" in text
    assert "en bonne voie" in text and "hors objectif" in text
    assert "Ce qui demande votre attention" in text
    items = re.findall(r"^\d\. ", text, re.M)
    assert 3 <= len(items) <= 5
    assert "prorata des jours" in text  # the objective rule, stated
    assert "Les leads ne portent pas de commercial" in text  # the skipped team view, explained
    assert "La période est terminée" in text
    assert "enquête de recommandation (NPS)" in text  # petit-atelier has no NPS table
    assert EVIL not in text and "&lt;b&gt;Insta" in text
    assert any("image/png" in o["data"] for o in _outputs(nb))  # funnel and bullet charts


def test_running_period_with_sales_team_in_english(tmp_path, demo_data):
    nb = _run(tmp_path, demo_data, client="northwind-b2b", period="2026-Q4",
              comparison="year_ago")
    _check_clean(nb)
    text = _text(nb)
    assert "Objectives scorecard" in text and "compared with Q4 2025" in text
    assert "The period is still running" in text
    assert "Pacing: where the period will end" in text and "Projected" in text
    assert "The sales team" in text and "Alice Martin" in text
    assert "Leading indicators" in text and "Q1 2027" in text


def test_client_without_objectives_nor_touchpoints(tmp_path, demo_data):
    root = tmp_path / "raw"
    shutil.copytree(demo_data / "petit-atelier", root / "bare")
    for name in ("objectives.csv", "touchpoints.csv"):
        (root / "bare" / name).unlink()
    nb = _run(tmp_path, root, client="bare", period="2026-Q3", lang="en")
    _check_clean(nb)
    text = _text(nb)
    assert "No objectives were provided" in text
    assert "No objective is set for this period" in text
    assert "No objective to chart" in text
