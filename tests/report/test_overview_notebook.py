"""The overview notebook runs with papermill on the demo clients (slow)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "01_overview.ipynb"
EVIL = "<b>Insta</b>"

pytestmark = pytest.mark.slow


def _run(tmp_path: Path, data_dir: Path, **params) -> nbformat.NotebookNode:
    import papermill as pm

    source = NOTEBOOK
    out = tmp_path / f"{params['client']}-{params['period']}.ipynb"
    pm.execute_notebook(str(source), str(out), cwd=str(NOTEBOOK.parent), progress_bar=False,
                        parameters={"data_dir": str(data_dir), "output_dir": str(tmp_path), **params})
    return nbformat.read(out, as_version=4)


def _main_and_appendix(text: str) -> tuple[str, str]:
    """The client's text before the method appendix, and the appendix."""
    for head in ("## Annexe : méthode", "## Appendix: method"):
        if head in text:
            i = text.index(head)
            return text[:i], text[i:]
    raise AssertionError("no method appendix")


#: What must never reach the client's main text: p-values, test names, file and column names.
JARGON = re.compile(r"\bp [=<] |p-value|valeur p|test z|z-test|Poisson|`|colonne|column|"
                    r"Ajoutez|fichier|\.csv|\bowner\b", re.I)


def _check_client_text(text: str) -> str:
    """The main text speaks the client's language; returns it."""
    main, appendix = _main_and_appendix(text)
    bad = JARGON.findall(re.sub(r"<[^>]+>", " ", main))
    assert not bad, bad
    assert "p &lt; 0,05" in appendix or "p < 0.05" in appendix or "p &lt; 0.05" in appendix
    return main


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
    notes = evil_data / "petit-atelier" / "notes"
    notes.mkdir(exist_ok=True)
    (notes / "2026-Q3.md").write_text(
        "# Contexte\n\nLe salon <img src=x onerror=alert(1)> de septembre explique **la hausse**"
        " ; voir [le détail](https://tracker.example/x).\n", encoding="utf-8")
    nb = _run(tmp_path, evil_data, client="petit-atelier", period="2026-Q3")
    _check_clean(nb)
    text = _text(nb)
    main = _check_client_text(text)
    assert "Tableau de bord des objectifs" in text
    # the analyst's note first, escaped, without its link; then the summary
    order = [main.index(s) for s in ("Le mot de votre analyste", "## L'essentiel",
                                     "Ce qui a marché", "Ce qui n'a pas marché",
                                     "### Recommandations", "## Le détail")]
    assert order == sorted(order)
    assert "<img src=x" not in text and "&lt;img src=x onerror" in text
    assert "tracker.example" not in text and "le détail" in main
    assert "ROI des canaux payants" in main and "compare le chiffre d'affaires" in main
    summary = main[main.index("## L'essentiel"):main.index("## Le détail")]
    assert "ROI global" not in summary.split("### Recommandations")[0].split("Ce qui a marché")[1]
    assert re.search(r"^- \*\*(Augmenter|Maintenir|Réduire|Attendre pour) ", summary, re.M)
    assert "en bonne voie" in text and "hors objectif" in text
    assert "prorata des jours" in text  # the objective rule, stated (appendix)
    assert "commercial" not in main  # no sales rep on the leads: no section, no internal note
    assert "La période est terminée" not in text  # nothing to pace: no empty section
    assert "Rythme" not in text
    assert "enquête de recommandation (NPS)" in text  # petit-atelier has no NPS table
    assert "racine carrée" in main  # the funnel's square-root widths, announced
    assert "Sessions" not in main and "Visiteurs" in main
    assert EVIL not in text and "&lt;b&gt;Insta" in text
    assert any("image/png" in o["data"] for o in _outputs(nb))  # funnel and bullet charts


def test_running_period_with_sales_team_in_english(tmp_path, demo_data):
    nb = _run(tmp_path, demo_data, client="northwind-b2b", period="2026-Q4",
              comparison="year_ago")
    _check_clean(nb)
    text = _text(nb)
    main = _check_client_text(text)
    assert "Objectives scorecard" in text and "compared with Q4 2025" in text
    assert "At a glance" in main and "What worked" in main and "Recommendations" in main
    assert "The period is still running" in text
    assert "Pacing: where the period will end" in text and "Projected" in text
    assert "The sales team" in text and "Alice Martin" in text
    assert "Where Q1 2027 is heading" in main and "not a change of budget" in main


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
    assert "Actual against objective" not in text  # no objective: no bullet chart section
    assert "Objectives per channel" not in text
    _check_client_text(text)


def test_started_next_period_is_not_sold_as_anticipation(tmp_path, demo_data):
    """Boutique Lumière, Q3 2026: the data runs into Q4, so Q4 is half observed: the forecast
    says so, splits observed and remaining days, and speaks of visitors, like the funnel."""
    nb = _run(tmp_path, demo_data, client="boutique-lumiere", period="2026-Q3")
    _check_clean(nb)
    main = _check_client_text(_text(nb))
    assert "T4 2026 a déjà commencé" in main and "Déjà acquis" in main
    assert "jours restants" in main and "8 fois sur 10" in main
    assert "anticiper" not in main and "Sessions" not in main
    forecast = main[main.index("Où va T4 2026"):]
    assert "Visiteurs" in forecast
    # more new customers than leads: said, with how many bought without being a lead
    assert re.search(r"Il y a plus de nouveaux clients \([^)]+\) que de leads", main)
    # what did not work: ranked by money; the NPS (no money value) is never above the ROI
    missed = main[main.index("Ce qui n'a pas marché"):main.index("### Recommandations")]
    assert "ROI des canaux payants" in missed
    if "Net Promoter" in missed:
        assert missed.index("ROI des canaux payants") < missed.index("Net Promoter")
