"""Sentences and table shaping on hand-made numbers (no engine, no notebook)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from roianalysis.data.client import ClientData
from roianalysis.data.config import parse_config
from roianalysis.report import pages as narrative
from roianalysis.report import pages as views
from roianalysis.report.context import Report
from roianalysis.schema import ALL_CHANNELS

NB = "\u00a0"


def _report(lang: str = "fr", currency: str = "EUR") -> Report:
    cfg = parse_config({"name": "Acme", "language": lang, "currency": currency}, "acme")
    return Report.create(ClientData("acme", cfg, {}, [], ""), "2026-Q3", lang=lang)


def _channels() -> pd.DataFrame:
    return pd.DataFrame({
        "marketing_cost": [1000.0, 500.0, 0.0],
        "leads": [50.0, 10.0, 40.0],
        "cpl": [20.0, 50.0, 0.0],
        "cac": [100.0, 250.0, 0.0],
        "roi": [1.5, -0.2, np.nan],
        "roas": [2.5, 0.8, np.nan],
        "new_customers": [10.0, 2.0, 5.0],
    }, index=pd.Index(["Paid Search", "<b>Display</b>", "Organic Search"], name="channel"))


def test_relative_gap():
    assert narrative.relative_gap(12, 10) == pytest.approx(0.2)
    assert np.isnan(narrative.relative_gap(12, 0))
    assert np.isnan(narrative.relative_gap(np.nan, 3))


def test_channel_insights_pick_the_right_channels():
    k = pd.Series({"cpl": 15.0})
    text = str(narrative.channel_insights(_report(), _channels(), k))
    # Paid Search: 50 of 100 leads, CPL 20 € against 15 € on average (+33 %)
    assert "**Paid Search** a apporté 50 % des leads" in text.replace("\u202f", " ")
    assert f"20,00{NB}€" in text and "33" in text and "au\\-dessus de" in text
    # cheapest / dearest CAC among paid channels, names escaped
    assert "&lt;b&gt;Display&lt;/b&gt;" in text and "<b>" not in text
    assert "Organic Search" in text  # free channel mentioned


def test_channel_insights_english_and_below_average():
    k = pd.Series({"cpl": 40.0})
    text = str(narrative.channel_insights(_report("en", "USD"), _channels(), k))
    assert r"brought 50% of leads at a cost per lead of \$20.00, 50% below the average (\$40.00)" in text


def test_roi_insight_and_negative_channels():
    text = str(narrative.roi_insight(_report("en"), _channels()))
    assert "**Paid Search** has the best ROI (150.0%" in text
    assert "Negative ROI over the period: &lt;b&gt;Display&lt;/b&gt;" in text


def test_nothing_to_say_gives_none():
    rep = _report()
    empty = pd.DataFrame({"roi": [np.nan]}, index=["x"])
    assert narrative.roi_insight(rep, empty) is None
    assert narrative.segment_insight(rep, pd.DataFrame({"lead_to_customer": [0.2]}, index=["a"])) is None
    assert narrative.acquisition_change(rep, pd.Series({"leads": 3.0}), pd.Series({"leads": 0.0})) is None


def test_summary_without_orders_speaks_of_leads_only():
    k = pd.Series({"marketing_cost": 2375.0, "leads": 133.0, "cpl": 17.86, "new_customers": np.nan})
    text = str(narrative.acquisition_summary(_report(), k))
    assert "133 leads" in text and "—" not in text


def test_summary_table_changes():
    now = pd.Series({"leads": 110.0, "cpl": 12.0, "visitor_to_lead": 0.06, "nps": np.nan})
    ref = pd.Series({"leads": 100.0, "cpl": 15.0, "visitor_to_lead": 0.05, "nps": np.nan})
    t = views.summary_table(now, ref, ["leads", "cpl", "visitor_to_lead", "nps"], "en", "USD",
                            "Q3 2026", "Q2 2026")
    assert list(t.index) == ["Leads", "Cost per lead", "Visitor to lead rate"]  # NPS: unknown, left out
    assert t.loc["Leads", "Change"] == "+10.0%"
    assert t.loc["Cost per lead", "Q3 2026"] == "$12.00"
    assert t.loc["Visitor to lead rate", "Change"] == f"+1.0{NB}pts"


def test_channel_table_keeps_order_and_total():
    f = _channels()
    k = pd.Series({"marketing_cost": 1500.0, "leads": 100.0, "cpl": 15.0})
    t = views.channel_table(f, total=k, columns=["leads", "cpl", "ctr"])
    assert list(t.index) == ["Paid Search", "<b>Display</b>", "Organic Search", ALL_CHANNELS]
    assert list(t.columns) == ["leads", "cpl"]  # ctr: not in the frame


def test_retention_curve_uses_observed_cohorts_only():
    counts = pd.DataFrame({0: [100.0, 50.0], 1: [20.0, np.nan], 2: [10.0, np.nan]},
                          index=["2026-08", "2026-09"])
    curve = views.retention_curve(counts)
    assert curve[0] == 1.0
    assert curve[1] == pytest.approx(0.2)  # the September cohort is not observed at k = 1 yet
    assert curve[2] == pytest.approx(0.1)
    assert views.cohort_label("2026-09", "fr") == "sept. 2026"


def test_average_cumulative_revenue():
    revenue = pd.DataFrame({0: [1000.0, 600.0], 1: [500.0, np.nan]}, index=["a", "b"])
    sizes = pd.Series({"a": 10, "b": 5})
    curve = views.average_cumulative_revenue(revenue, sizes)
    assert curve[0] == pytest.approx(1600 / 15)
    assert curve[1] == pytest.approx(1500 / 10)


def test_journey_stats_and_top_paths():
    j = pd.DataFrame({"path": [("Email", "Direct"), ("Direct",), ("Email",), ("Email", "Email")],
                      "conversions": [1.0, 1.0, 0.0, 1.0], "nulls": [0.0, 0.0, 1.0, 0.0],
                      "value": [100.0, 50.0, 0.0, 30.0]})
    s = views.journey_stats(j)
    assert s["journeys"] == 4 and s["conversions"] == 3
    assert s["touches"] == pytest.approx(5 / 3)
    assert s["multi_channel"] == pytest.approx(1 / 3)  # (Email, Email) is one channel
    top = views.top_paths(j, n=2)
    assert list(top.index) == ["Email › Direct", "Direct"]
    assert list(top.columns) == ["conversions", "nulls", "rate", "value"]
    leads_only = views.top_paths(j.assign(value=0.0), n=2)  # lead conversions carry no value
    assert list(leads_only.columns) == ["conversions", "nulls", "rate"]
    assert views.journey_stats(None)["journeys"] == 0


def test_transition_matrix_layout_and_labels():
    long = pd.DataFrame({"from": ["(start)", "(start)", "Email", "Email", "Direct"],
                         "to": ["Email", "Direct", "(conversion)", "(null)", "(conversion)"],
                         "probability": [0.6, 0.4, 0.3, 0.7, 1.0]})
    w = views.transition_wide(long, "fr")
    assert list(w.index) == ["(début)", "Direct", "Email"]
    assert list(w.columns) == ["Direct", "Email", "(conversion)", "(abandon)"]
    text = str(narrative.transitions_insight(_report("en"), long))
    assert "follows **Direct** (100.0%)" in text and "start with **Email** (60%)" in text


def test_models_and_roi_insights():
    share = pd.DataFrame({"first_touch": [0.6, 0.4], "last_touch": [0.2, 0.8], "markov": [0.5, 0.5]},
                         index=["Paid Search", "Direct"])
    text = str(narrative.models_insight(_report("en"), share))
    assert "disagree most on **Direct**: from 40% (First touch) to 80% (Last touch)" in text
    roi = pd.DataFrame({"first_touch": [0.5, -0.3], "last_touch": [0.2, 0.4]},
                       index=["Email", "Display"])
    text = str(narrative.roi_models_insight(_report("en"), roi))
    assert "Whatever the model, **Email** earns more" in text
    assert "verdict on **Display** depends on the model" in text


def test_heuristics_opener_and_closer():
    conv = pd.DataFrame({"first_touch": [10.0, 2.0], "last_touch": [3.0, 9.0]},
                        index=["Paid Social", "Direct"])
    text = str(narrative.heuristics_insight(_report("en"), conv))
    assert "**Paid Social** gains most from being judged on first touch" in text
    assert "**Direct** gains most on last touch" in text


def test_lead_breakdown_names_missing_segment():
    f = pd.DataFrame({"leads": [5.0, 0.0, 0.0], "new_customers": [1.0, 3.0, 0.0],
                      "cost": [np.nan, np.nan, np.nan]},
                     index=pd.Index(["SMB", np.nan, "Empty"], name="segment"))
    out = views.lead_breakdown(f)
    assert list(out.index) == ["SMB", "(no segment)"]
    assert "cost" not in out.columns
    assert _report("fr").table(out).html.count("(sans segment)") == 1


def test_empty_period_note():
    cfg = parse_config({"name": "Acme", "language": "en"}, "acme")
    spend = pd.DataFrame({"date": pd.to_datetime(["2026-08-01"]), "channel": ["Email"],
                          "cost": [1.0]})
    data = ClientData("acme", cfg, {"spend": spend}, [], "")
    assert Report.create(data, "2026-Q3").empty_period_note() is None
    note = str(Report.create(data, "2024-Q4").empty_period_note())
    assert note.startswith("> Nothing to show for Q4 2024")


def test_unknown_without_inputs():
    cfg = parse_config({"name": "Acme"}, "acme")
    leads = pd.DataFrame({"contact_id": ["a"], "created_at": pd.to_datetime(["2026-08-01"])})
    data = ClientData("acme", cfg, {"leads": leads}, [], "")
    k = pd.Series({"leads": 1.0, "lead_to_customer": 0.0, "cpl": 3.0})
    out = views.unknown_without_inputs(k, data)
    assert np.isnan(out["lead_to_customer"]) and out["cpl"] == 3.0
    f = pd.DataFrame({"lead_to_customer": [0.0], "visitor_to_lead": [0.1]})
    assert views.unknown_without_inputs(f, data).isna().all().all()


def test_channel_segment_matrix_and_insight():
    idx = pd.MultiIndex.from_tuples([("Email", "SMB"), ("Email", "Enterprise"), ("Ads", "SMB"),
                                     ("Ads", "Enterprise"), ("Ads", np.nan)],
                                    names=["channel", "segment"])
    f = pd.DataFrame({"leads": [40.0, 5.0, 100.0, 30.0, 0.0],
                      "lead_to_customer": [0.2, 0.6, 0.1, 0.3, np.nan]}, index=idx)
    m = views.channel_segment_matrix(f, min_leads=10)
    assert list(m.index) == ["Ads", "Email"]  # most leads first
    assert np.isnan(m.loc["Email", "Enterprise"])  # 5 leads: too few to read a rate
    text = str(narrative.channel_segment_insight(_report("en"), m, 10))
    assert "**Ads** × **Enterprise** (30%)" in text
