"""The scorecard on a hand-checked tiny client, on the French demo client, and the CLI."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportions_ztest
from statsmodels.stats.rates import test_poisson_2indep as poisson_2indep

from roianalysis.data.client import ClientData
from roianalysis.data.config import parse_config
from roianalysis.data.load import load_client
from roianalysis.scorecard.table import sales_team, scorecard
from tests.fixtures_core import CONFIG, tiny_tables


@pytest.fixture(scope="module")
def tiny():
    tables = tiny_tables()
    tables["objectives"] = pd.DataFrame(
        [["2026", "leads", "365", ""],            # read for January: 365 x 31 / 365 = 31
         ["2026-01", "cpl", "10000", ""],         # exact, lower is better
         ["2026-Q1", "cpl", "5000", "Google"],    # ratio: as-is for January
         ["2026-01", "lead_to_customer", "0.5", ""]],
        columns=["period", "metric", "target", "channel"])
    return ClientData.from_frames(tables, parse_config(CONFIG, "tiny"), "tiny")


def _row(df, metric, channel=None):
    m = (df["metric"] == metric) & (df["channel"].isna() if channel is None else df["channel"] == channel)
    assert m.sum() == 1, (metric, channel)
    return df[m].iloc[0]


def test_tiny_scorecard_by_hand(tiny):
    df = scorecard(tiny, "2026-01", trend_months=2)
    leads = _row(df, "leads")
    # leads created in January: c1, c2, c3, c5
    assert leads["actual"] == 4
    assert leads["target"] == pytest.approx(31.0)
    assert leads["target_rule"] == "pro_rata" and leads["target_period"] == "2026"
    assert leads["achievement"] == pytest.approx(4 / 31)
    assert leads["status"] == "off_track"
    # the data starts on 2025-12-20: December 2025 is only partly covered, so unknown (not 0)
    assert math.isnan(leads["previous"]) and math.isnan(leads["previous_delta"])
    assert math.isnan(leads["year_ago"])

    cpl = _row(df, "cpl")
    # marketing cost (sales excluded) 20 000 + 10 000 + 2 000 = 32 000 for 4 leads
    assert cpl["actual"] == pytest.approx(8000.0)
    assert cpl["achievement"] == pytest.approx(10000 / 8000) and cpl["status"] == "on_track"

    g = _row(df, "cpl", "Google")
    # Google: lead c1 (first touch; c3's touch comes after its lead), cost 20 000 + 2 000 tools
    assert g["actual"] == pytest.approx(22000.0)
    assert g["target"] == 5000 and g["target_rule"] == "as_is"
    assert g["status"] == "off_track" and g["achievement"] == pytest.approx(5000 / 22000)

    assert _row(df, "revenue")["status"] is None  # no objective, no status
    assert list(df.attrs["trend_months"]) == ["2026-01"]  # December 2025 is incomplete
    assert len(leads["trend"]) == 1 and leads["trend"][0] == 4


def test_previous_period_delta_and_poisson_p_value(tiny):
    df = scorecard(tiny, "2026-02", trend_months=0, channels=False)
    leads = _row(df, "leads")
    assert leads["actual"] == 1 and leads["previous"] == 4  # c4 in February; four in January
    assert leads["previous_delta"] == -3 and leads["previous_delta_pct"] == pytest.approx(-0.75)
    # Poisson rate test: 1 lead in 28 days against 4 in 31 days
    assert leads["p_value"] == pytest.approx(poisson_2indep(1, 28, 4, 31, method="score").pvalue)
    assert leads["test"] == "poisson_score"
    assert df.attrs["previous_period"] == "2026-01" and df.attrs["year_ago_period"] == "2025-02"


def test_p_value_of_a_rate_is_the_two_proportion_test(tiny):
    df = scorecard(tiny, "2026-02", trend_months=0, channels=False)
    from roianalysis.metrics import funnel_counts
    from roianalysis.periods import Period

    cur = funnel_counts(tiny.engine, Period.parse("2026-02"), []).iloc[0]
    ref = funnel_counts(tiny.engine, Period.parse("2026-01"), []).iloc[0]
    r = _row(df, "visitor_to_lead")
    if np.isfinite(r["p_value"]):
        _, p = proportions_ztest(np.array([cur["leads"], ref["leads"]]),
                                 np.array([cur["visitors"], ref["visitors"]]))
        assert r["p_value"] == pytest.approx(p)
    assert r["test"] in ("two_proportion_z", None)


@pytest.fixture(scope="module")
def atelier(demo_data):
    return load_client("petit-atelier", demo_data)


def test_french_demo_client_has_on_and_off_track(atelier):
    df = scorecard(atelier, "2026-Q3", trend_months=0)
    statuses = set(df["status"].dropna())
    assert {"on_track", "off_track"} <= statuses
    assert df["channel"].isna().sum() > 0 and df["channel"].notna().sum() > 0
    cpl = _row(df, "cpl")
    assert cpl["direction"] == -1 and cpl["target"] > 0
    assert (df.loc[df["status"].notna(), "achievement"].dropna() > 0).all()


def test_cli_json_shape(demo_data, capsys):
    from roianalysis.cli import main

    rc = main(["scorecard", "--client", "petit-atelier", "--period", "2026-Q3", "--data-dir",
               str(demo_data), "--format", "json", "--trend-months", "1"])
    assert rc == 0
    recs = json.loads(capsys.readouterr().out)
    assert isinstance(recs, list) and recs
    for key in ("metric", "channel", "actual", "target", "achievement", "status", "previous",
                "year_ago", "p_value"):
        assert all(key in r for r in recs), key
    assert {r["status"] for r in recs} <= {"on_track", "at_risk", "off_track", None}
    assert any(r["channel"] is None for r in recs) and any(r["channel"] for r in recs)
    leads = next(r for r in recs if r["metric"] == "leads" and r["channel"] is None)
    assert isinstance(leads["actual"], float) and leads["label"] == "Leads"
    assert next(r for r in recs if r["metric"] == "lead_to_customer")["label"] == "Taux lead → client"
    assert all(r["p_value"] is None or 0 <= r["p_value"] <= 1 for r in recs)


def test_cli_table_in_french(demo_data, capsys):
    from roianalysis.cli import main

    rc = main(["scorecard", "--client", "petit-atelier", "--period", "2026-Q3", "--data-dir",
               str(demo_data), "--no-channels", "--trend-months", "0"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "en bonne voie" in out and "hors objectif" in out and "Coût par lead" in out


def test_cli_bad_period_is_a_message(demo_data, capsys):
    from roianalysis.cli import main

    rc = main(["scorecard", "--client", "petit-atelier", "--period", "2026-Q5", "--data-dir",
               str(demo_data)])
    assert rc == 1 and "error:" in capsys.readouterr().err


def test_sales_team_per_owner(demo_data):
    data = load_client("northwind-b2b", demo_data)
    team = sales_team(data, "2026-Q3")
    assert len(team) == 4
    leads_q3 = data["leads"]["created_at"].between("2026-07-01", "2026-10-01", inclusive="left")
    assert team["leads"].sum() == leads_q3.sum()
    assert team["lead_to_customer"].between(0, 1).all()
    assert "sales_cycle_days_target" in team and "sales_cycle_days_status" in team
    # the yearly team lead target is pro-rated to Q3 and split between the four reps
    obj = data["objectives"]
    year = float(obj[(obj["metric"] == "leads") & (obj["period"] == "2026")
                     & obj["channel"].isna()]["target"].iloc[0])
    assert team["leads_target"].iloc[0] == pytest.approx(year * 92 / 365 / 4)
    assert sales_team(load_client("petit-atelier", demo_data), "2026-Q3").empty


def test_campaign_week_and_clv_objectives():
    tables = tiny_tables()
    tables["objectives"] = pd.DataFrame(
        [["2026-01", "leads", "1", "Google", "g1"], ["2026-01", "ltv_to_cac", "3", "", ""],
         ["2026-W02", "leads", "2", "", ""]],
        columns=["period", "metric", "target", "channel", "campaign"])
    data = ClientData.from_frames(tables, parse_config(CONFIG, "tiny"), "tiny")
    df = scorecard(data, "2026-W02", trend_months=0, channels=False)
    camp = df[(df["metric"] == "leads") & (df["campaign"] == "g1")].iloc[0]
    assert camp["channel"] == "Google" and camp["actual"] == 1  # c1, Monday 5 January
    assert camp["target"] == pytest.approx(7 / 31)  # January target read for a 7-day week
    assert _row(df, "leads")["target"] == 2 and _row(df, "leads")["target_rule"] == "exact"
    assert "ltv_to_cac" in set(df["metric"])  # a CLV objective brings its KPI in


def test_without_objectives_statuses_are_null():
    data = ClientData.from_frames(tiny_tables(), parse_config(CONFIG, "tiny"), "tiny")
    df = scorecard(data, "2026-01", trend_months=0)
    assert df["status"].isna().all() and df["target"].isna().all()
    assert len(df) > 0


def test_cli_csv_is_formula_safe(demo_data, capsys, tmp_path):
    import shutil

    from roianalysis.cli import main

    root = tmp_path / "raw"
    shutil.copytree(demo_data / "petit-atelier", root / "petit-atelier")
    tp = root / "petit-atelier" / "touchpoints.csv"
    df = pd.read_csv(tp, dtype=str)
    df["channel"] = df["channel"].replace("Instagram", "=HYPERLINK(1)")
    df.to_csv(tp, index=False)
    rc = main(["scorecard", "--client", "petit-atelier", "--period", "2026-Q3", "--data-dir",
               str(root), "--format", "csv", "--trend-months", "0"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "'=HYPERLINK(1)" in out and ",=HYPERLINK" not in out


def test_period_after_the_data_is_a_clear_error(tiny):
    from roianalysis.errors import PeriodError

    with pytest.raises(PeriodError, match="no data yet for 2026-06"):
        scorecard(tiny, "2026-06")
