"""The five notebooks on a client as shops are: spend, orders, web analytics reports and Search
Console, without leads, touchpoints or NPS. Each runs top to bottom and says, in plain words,
what it skipped."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from roianalysis.report import texts
from roianalysis.report.context import missing_notes
from tests.test_notebooks import _check_clean, _execute, _headings, _text

NOTEBOOKS = ["01_overview", "02_acquisition", "03_retention", "04_clv", "05_attribution"]
PERIOD = "2025-Q3"

#: Notes each notebook must show for this client (message keys).
NOTES = {
    "01_overview": ["no_leads", "visits_aggregated", "no_acquisition_channel", "no_nps"],
    "02_acquisition": ["no_leads", "visits_aggregated", "no_acquisition_channel"],
    "03_retention": ["no_acquisition_channel", "no_nps"],
    "04_clv": ["no_acquisition_channel"],
    "05_attribution": ["visits_aggregated", "att_no_journeys"],
}

#: Words a client should never read in a note: file and table names, "add a file".
TECHNICAL = re.compile(r"\b(touchpoints|traffic|leads\.csv|orders\.csv|nps\.csv|fichier|file|"
                       r"Ajoutez|Add an?)\b")


def _shop_without_crm(raw: Path) -> None:
    """``shop-ga4``: the petit-atelier demo client with its touchpoints turned into a daily web
    analytics report and a Search Console table, its leads, touchpoints and NPS removed."""
    src, dst = raw / "petit-atelier", raw / "shop-ga4"
    shutil.copytree(src, dst)
    tp = pd.read_csv(src / "touchpoints.csv", parse_dates=["timestamp"])
    tp["date"] = tp["timestamp"].dt.strftime("%Y-%m-%d")
    traffic = tp.groupby(["date", "channel"]).agg(
        sessions=("contact_id", "size"), users=("contact_id", "nunique")).reset_index()
    traffic.to_csv(dst / "traffic.csv", index=False)
    rng = np.random.default_rng(7)
    days = pd.date_range("2025-04-01", "2025-09-30", freq="D")
    queries = ["atelier céramique", "cours poterie", "tasse artisanale", "petit atelier"]
    rows = [(q, d.strftime("%Y-%m-%d"), int(rng.integers(0, 12)), int(rng.integers(20, 200)),
             round(float(rng.uniform(1, 30)), 1)) for q in queries for d in days]
    pd.DataFrame(rows, columns=["query", "date", "clicks", "impressions", "position"]).to_csv(
        dst / "search.csv", index=False)
    for f in dst.iterdir():
        if f.stem in ("leads", "touchpoints", "nps", "ground_truth"):
            f.unlink()


@pytest.fixture(scope="module")
def shop_data(tmp_path_factory) -> Path:
    from roianalysis.data.demo import write_demo_clients

    raw = tmp_path_factory.mktemp("shop") / "raw"
    write_demo_clients(raw, clients=["petit-atelier"])
    _shop_without_crm(raw)
    return raw


def test_missing_notes_name_what_is_missing(shop_data):
    import roianalysis as ra

    data = ra.load_client("shop-ga4", shop_data)
    assert sorted(data.tables) == ["objectives", "orders", "search", "spend", "traffic"]
    assert missing_notes(data, ["spend", "leads", "orders", "visits", "channels", "nps"]) == [
        "no_leads", "visits_aggregated", "no_acquisition_channel", "no_nps"]
    assert missing_notes(data, ["journeys"]) == ["visits_aggregated"]
    with pytest.raises(ValueError, match="unknown input"):
        missing_notes(data, ["crm"])


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_says_what_it_skipped(name, shop_data, tmp_path):
    nb = _execute(name, "shop-ga4", shop_data, tmp_path, period=PERIOD)
    _check_clean(nb, name)
    text = _text(nb, "text/markdown").replace("\\", "")
    for key in NOTES[name]:
        assert texts.text("fr", key)[:60] in text, f"{name}: note {key!r} missing"
    notes = [line for line in text.splitlines() if line.startswith(">")]
    assert notes and not any(TECHNICAL.search(line) for line in notes), notes
    if name == "02_acquisition":
        assert texts.text("fr", "search_title") in _headings(nb)
        html = _text(nb, "text/html")
        assert "Position moyenne" in html and "atelier céramique" in html
        assert "-100,0" not in html  # no paid channel shown at -100 % ROI for want of channels
