"""The 06_mix chapter: committed notebook, and its sections on a client with a known media effect."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from roianalysis import mix
from roianalysis.data.client import ClientData
from roianalysis.report import texts
from roianalysis.report.context import Report
from roianalysis.report.pages import mix as mr

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "06_mix.ipynb"


def test_committed_notebook_is_thin_and_clean():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    names = {line.split("=")[0].strip() for line in params[0].source.splitlines() if "=" in line}
    assert names == {"client", "period", "comparison", "data_dir", "lang"}
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert sum(len(c.source.splitlines()) for c in code) < 40


def _client(weeks: int, channels=None, lang="en"):
    """Daily spend rows and one order per week carrying the simulated weekly revenue."""
    channels = channels or {k: dict(v, cv=0.8) for k, v in mix.DEFAULT_CHANNELS.items()}
    df, truth = mix.simulate_mix(weeks, seed=5, noise_sd=100, channels=channels,
                                 start="2024-01-01", control_effect=0.0)  # no control column
    rows = []
    for _, r in df.iterrows():
        for d in range(7):
            for ch in channels:
                rows.append({"date": r["date"] + pd.Timedelta(days=d), "channel": ch,
                             "cost": r[ch] / 7, "category": "media"})
    spend = pd.DataFrame(rows)
    orders = pd.DataFrame({"order_id": [f"o{i}" for i in range(len(df))],
                           "contact_id": [f"c{i}" for i in range(len(df))],
                           "ordered_at": df["date"] + pd.Timedelta(hours=12),
                           "revenue": df["revenue"].round(2)})
    leads = pd.DataFrame({"contact_id": orders["contact_id"], "created_at": orders["ordered_at"]})
    from roianalysis.data.config import parse_config

    data = ClientData.from_frames({"spend": spend, "orders": orders, "leads": leads},
                                  parse_config({"language": lang}, "sim"), client="sim")
    return data, truth


def _period_of(weeks: int) -> str:
    end = pd.Timestamp("2024-01-01") + pd.Timedelta(weeks=weeks) - pd.Timedelta(days=1)
    return f"2024-01-01..{end.date()}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sections_on_a_client_with_a_known_effect(lang):
    data, truth = _client(120, lang=lang)
    rep = Report.create(data, _period_of(120), "previous", None)
    cm = mr.client_mix(data, rep.period)
    assert cm.status == "ok" and cm.weeks == 119  # the last week ends after the last order
    r = cm.model.roas()
    for ch in ("tv", "search"):
        assert r.loc[ch, "roas"] == pytest.approx(truth["channels"][ch]["roas"], rel=0.15)
    title = str(mr.title(rep))
    assert title.startswith("# " + texts.text(lang, "mix_title"))
    parts = (mr.roas_section(rep, cm) + mr.warnings_section(rep, cm)
             + mr.plan_section(rep, cm) + mr.method_section(rep, cm))
    text = "\n".join(str(p) for p in parts if not hasattr(p, "savefig"))
    assert texts.text(lang, "mix_no_warning") in text
    assert ("Moving" in text) if lang == "en" else ("Déplacer" in text)
    assert sum(hasattr(p, "savefig") for p in parts) == 1  # one chart


def test_collinear_client_is_told_in_words():
    channels = {k: dict(v, cv=0.8) for k, v in mix.DEFAULT_CHANNELS.items()}
    channels["search"]["follows"] = "tv"
    data, _ = _client(80, channels, lang="fr")
    rep = Report.create(data, _period_of(80), "previous", None)
    cm = mr.client_mix(data, rep.period)
    text = str(mr.warnings_section(rep, cm)[1])
    assert "évolue en même temps que celle de tv" in text
    assert "search" in text


def test_short_history_gets_a_polite_note():
    data, _ = _client(30)
    rep = Report.create(data, _period_of(30), "previous", "en")
    cm = mr.client_mix(data, rep.period)
    assert cm.status == "short"
    assert "only 29 complete weeks" in str(mr.intro(rep, cm))
