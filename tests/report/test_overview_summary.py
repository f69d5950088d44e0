"""The overview's executive summary, recommendations, analyst note and forecast, by hand (fast).

The channel ROI frames here are written by hand with the columns of the shared API
(``roianalysis.channel_roi.channel_roi``), so these tests do not depend on that module.
"""

from __future__ import annotations

import sys
import types
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from roianalysis.errors import DataValidationError
from roianalysis.periods import Period
from roianalysis.report.context import Report
from roianalysis.report.pages import overview as ov
from roianalysis.scorecard.table import COLUMNS

Q3 = Period.parse("2026-Q3")


def _rep(lang: str = "en") -> Report:
    data = SimpleNamespace(config=SimpleNamespace(currency="EUR", language=lang), client="c")
    return Report(data, Q3, "previous", Q3.previous(), lang, "EUR")


def _row(metric, actual, previous=np.nan, target=np.nan, status=None, p=np.nan, channel=None,
         **kw):
    from roianalysis.catalog import METRICS

    r = {c: None for c in COLUMNS}
    r.update(metric=metric, channel=channel, campaign=None, unit=METRICS[metric].unit,
             direction=METRICS[metric].direction, actual=actual, target=target,
             achievement=(actual / target if METRICS[metric].direction > 0 else target / actual)
             if np.isfinite(target) else np.nan,
             status=status, status_basis="actual" if status else None, projected=np.nan,
             projected_lower=np.nan, projected_upper=np.nan, previous=previous,
             year_ago=np.nan, p_value=p, test="poisson_score" if np.isfinite(p) else None,
             provisional=False, trend=[])
    r.update(kw)
    return r


def _sc(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("channel", "campaign", "status", "status_basis", "test"):
        df[c] = pd.Series([r[c] for r in rows], dtype=object, index=df.index)
    df.attrs.update(running=False, effective_period=Q3.label)
    return df


def _roi(rows: dict) -> pd.DataFrame:
    """A channel-ROI frame: channel -> (cost, new_customers, revenue, verdict, money)."""
    df = pd.DataFrame.from_dict(rows, orient="index",
                                columns=["cost", "new_customers", "revenue", "verdict",
                                         "money_at_stake"])
    df.index.name = "channel"
    paid = df["cost"] > 0
    df["roi"] = ((df["revenue"] - df["cost"]) / df["cost"]).where(paid)
    df["roas"] = (df["revenue"] / df["cost"]).where(paid)
    df["verdict_reason"] = None
    df["verdict"] = df["verdict"].astype(object)
    return df


#: Paid Search: 10 000 spent, 100 new customers, 40 000 revenue (ROI 300 %); Display: 5 000 for
#: 4 000 (ROI -20 %); Organic: free, 50 customers, 10 000.
ROI_Q3 = _roi({"Paid Search": (10_000.0, 100, 40_000.0, "increase", 6_000.0),
               "Display": (5_000.0, 40, 4_000.0, "reduce", 1_000.0),
               "Organic": (0.0, 50, 10_000.0, None, np.nan)})
#: Q2: paid channels 15 000 for 60 000 (ROI 300 %).
ROI_Q2 = _roi({"Paid Search": (10_000.0, 100, 50_000.0, "keep", 0.0),
               "Display": (5_000.0, 40, 10_000.0, "keep", 0.0)})


# ------------------------------------------------------------------------------ money at stake
def test_money_at_stake_by_hand():
    scope = {"leads": 200.0, "new_customers": 50.0, "visitors": 4000.0, "marketing_cost": 1e4,
             "lead_to_customer": 0.25, "visitor_to_lead": 0.05, "revenue": 9000.0,
             "average_basket": 90.0}
    v_c = 80.0
    assert ov.money_at_stake("revenue", -1234.0, scope, v_c) == 1234.0
    assert ov.money_at_stake("new_customers", 10, scope, v_c) == 800.0
    assert ov.money_at_stake("leads", -10, scope, v_c) == 10 * 80 * 0.25
    assert ov.money_at_stake("visitors", 100, scope, v_c) == pytest.approx(100 * 80 * 0.25 * 0.05)
    assert ov.money_at_stake("cpl", 5.0, scope, v_c) == 1000.0  # 5 € more per lead x 200
    assert ov.money_at_stake("cac", -2.0, scope, v_c) == 100.0
    assert ov.money_at_stake("lead_to_customer", -0.05, scope, v_c) == pytest.approx(800.0)
    assert ov.money_at_stake("roi", -1.126, scope, v_c) == pytest.approx(11_260.0)
    assert ov.money_at_stake("average_basket", 1.0, scope, v_c) == pytest.approx(100.0)
    assert np.isnan(ov.money_at_stake("nps", -5.0, scope, v_c))
    assert np.isnan(ov.money_at_stake("leads", np.nan, scope, v_c))


def test_paid_roi_is_the_paid_channels_total():
    t = ov.paid_roi(ROI_Q3)
    assert t["cost"] == 15_000 and t["revenue"] == 44_000
    assert t["roi"] == pytest.approx((44_000 - 15_000) / 15_000)
    assert ov.revenue_per_new_customer(ROI_Q3, _sc([])) == pytest.approx(54_000 / 190)


# ------------------------------------------------------------------------------ findings
def _scorecard():
    return _sc([
        _row("leads", 900.0, previous=1000.0, p=0.001),             # real fall, no objective
        _row("visitors", 20_000.0, previous=19_900.0, p=0.60),      # noise: never listed
        _row("lead_to_customer", 0.20, previous=0.2),               # no change
        _row("new_customers", 190.0, previous=150.0, target=200.0, status="at_risk", p=0.01),
        _row("marketing_cost", 15_000.0, previous=12_000.0),        # spend: not judged
        _row("revenue", 70_000.0, previous=80_000.0),               # counted, not tested
        _row("roi", 3.67, previous=5.67, target=2.0, status="on_track"),  # other ROI basis
        _row("nps", 30.0, previous=30.1, target=45.0, status="off_track", p=0.99),
        _row("cpl", 60.0, previous=50.0, target=40.0, status="off_track", p=0.5,
             channel="Paid Search"),
        _row("leads", 200.0, previous=150.0, channel="Paid Search"),
    ])


def test_findings_rank_by_money_and_never_list_noise():
    rep = _rep()
    f = ov.findings(rep, _scorecard(), ROI_Q3, ROI_Q3[ROI_Q3["verdict"].notna()], ROI_Q2)
    keys = list(zip(f["kind"], f["metric"], f["channel"], strict=True))
    assert ("worked", "visitors", None) not in keys and ("missed", "visitors", None) not in keys
    assert not any(m in ("marketing_cost", "roi", "roas") for _, m, _ in keys)
    # the paid channels' ROI fell from 300 % to 193.3 %: (300 % - 193.3 %) x 15 000 at stake
    roi_row = f[f["metric"] == "channel_roi"].query("basis == 'change'").iloc[0]
    assert roi_row["kind"] == "missed"
    assert roi_row["money_at_stake"] == pytest.approx((3.0 - 29_000 / 15_000) * 15_000)
    # sorted by money, largest first; NPS (no money value) after every item with money
    money = f["money_at_stake"].to_numpy()
    has = ~np.isnan(money)
    assert (np.diff(money[has]) <= 0).all() and has[: has.sum()].all()
    nps = f.index[f["metric"] == "nps"][0]
    assert nps > f.index[f["metric"] == "channel_roi"].max()
    # revenue fell 10 000 (counted, not tested): a miss worth 10 000
    rev = f[f["metric"] == "revenue"].iloc[0]
    assert rev["kind"] == "missed" and rev["money_at_stake"] == 10_000
    # new customers: objective missed (10 short x 54 000 / 190), and a real rise: also worked
    nc = f[f["metric"] == "new_customers"].set_index("basis")
    assert nc.loc["objective", "kind"] == "missed"
    assert nc.loc["objective", "money_at_stake"] == pytest.approx(10 * 54_000 / 190)
    assert nc.loc["change", "kind"] == "worked"
    # channel verdicts: increase worked, reduce did not
    ver = f[f["basis"] == "verdict"].set_index("channel")["kind"]
    assert ver.to_dict() == {"Paid Search": "worked", "Display": "missed"}
    # per-channel KPI without an objective: the verdicts speak, not listed
    assert not ((f["metric"] == "leads") & (f["channel"] == "Paid Search")).any()
    assert "probably noise" in f.loc[nps, "text"]  # the NPS change is noise: said so, no p
    assert not f["text"].str.contains(r"p [=<]").any()


def test_results_block_lists_both_sides():
    rep = _rep("fr")
    f = ov.findings(rep, _scorecard(), ROI_Q3, ROI_Q3[ROI_Q3["verdict"].notna()], ROI_Q2)
    md = str(ov.results_block(rep, f, n_max=3))
    assert "### Ce qui a marché" in md and "### Ce qui n'a pas marché" in md
    missed = md.split("### Ce qui n'a pas marché")[1]
    assert missed.index("ROI des canaux payants") < missed.index("Chiffre d'affaires")
    assert "Net Promoter" not in missed  # fourth by money: not in the top 3
    assert "p =" not in md


def test_headline_figures_and_roi_sentence():
    rep = _rep()
    sc = _sc([_row("marketing_cost", 15_000.0, previous=12_000.0),
              _row("revenue", 70_000.0, previous=80_000.0),
              _row("new_customers", 190.0, previous=150.0),
              _row("roi", 3.67, previous=5.67), _row("roi_on_growth", -1.67, previous=0.5)])
    fig = ov.headline_figures(rep, sc, ROI_Q3, ROI_Q2)
    assert list(fig.index) == ["marketing_cost", "revenue", "new_customers", "channel_roi"]
    assert fig.loc["channel_roi", "actual"] == pytest.approx(29_000 / 15_000)
    assert fig.loc["channel_roi", "reference"] == pytest.approx(3.0)
    cards = ov.summary_cards(rep, fig)._repr_html_()
    assert "ROI of paid channels" in cards and "193.3%" in cards and "-106.7" in cards
    text = str(ov.roi_sentence(rep, sc, ROI_Q3))
    assert "The ROI of paid channels (193.3%)" in text
    assert "€44,000" in text and "€15,000" in text  # revenue of the new customers, cost
    assert "367.0%" in text and "\\-167.0%" in text  # all revenue; growth only: both named


# ------------------------------------------------------------------------------ recommendations
def _data():
    return SimpleNamespace(config=SimpleNamespace(currency="EUR", language="en"), client="c")


def test_recommendations_from_the_verdict_rule():
    recs = ov.recommendations(_data(), Q3, roi=ROI_Q3)
    assert list(recs.index) == ["Paid Search", "Display"]  # paid channels, money first
    ps, dis = recs.loc["Paid Search"], recs.loc["Display"]
    assert ps["action"] == "increase" and ps["basis"] == "verdict"
    assert ps["budget_change"] == pytest.approx(0.2 * 10_000)
    assert ps["expected_effect"] == pytest.approx(2_000 * 3.0)  # 2 000 more at ROI 300 %
    assert dis["action"] == "reduce" and dis["budget_change"] == pytest.approx(-1_000)
    assert dis["expected_effect"] == pytest.approx(-1_000 * -0.2)  # a loss-maker cut: +200
    assert ps["reason"].startswith("Its ROI (300.0%)")
    md = str(ov.recommendations_block(_rep(), recs))
    assert r"**Increase Paid Search**: \+€2,000 of budget" in md and r"\+€6,000" in md
    assert "**Reduce Display**" in md


def test_recommendations_use_the_channel_roi_module(monkeypatch):
    """Without a precomputed frame, ``roianalysis.channel_roi.channel_roi`` is asked (here a
    stand-in module returning the frame above)."""
    calls = []
    mod = types.ModuleType("roianalysis.channel_roi")

    def channel_roi(data, period, comparison="previous"):
        calls.append((period.label, comparison))
        return ROI_Q3

    mod.channel_roi = channel_roi
    monkeypatch.setitem(sys.modules, "roianalysis.channel_roi", mod)
    recs = ov.recommendations(_data(), "2026-Q3", "year_ago")
    assert calls == [("2026-Q3", "year_ago")]
    assert recs.loc["Paid Search", "action"] == "increase"


def test_recommendations_from_a_budget_plan():
    plan = pd.DataFrame({"current": [1000.0, 500.0, 300.0], "optimal": [1300.0, 200.0, 310.0],
                         "expected": [5200.0, 700.0, 1000.0],
                         "expected_current": [4500.0, 1000.0, 990.0]},
                        index=pd.Index(["Paid Search", "Display", "Video"], name="channel"))
    recs = ov.recommendations(_data(), Q3, plan=plan, roi=ROI_Q3)
    ps, dis, vid = (recs.loc[c] for c in ("Paid Search", "Display", "Video"))
    assert ps["action"] == "increase" and ps["budget_change"] == 300
    assert ps["expected_effect"] == pytest.approx((5200 - 4500) - 300)
    assert dis["action"] == "reduce" and dis["expected_effect"] == pytest.approx(-300 + 300)
    assert vid["action"] == "keep"  # +10 on 300 is within 5 %
    assert (recs["basis"] == "plan").all()
    assert list(recs.index) == ["Paid Search", "Display", "Video"]  # money moved, most first
    # without expected_current the revenue at the current budget is current x ROAS
    recs2 = ov.recommendations(_data(), Q3, plan=plan.drop(columns="expected_current"),
                               roi=ROI_Q3)
    assert recs2.loc["Paid Search", "expected_effect"] == pytest.approx(5200 - 1000 * 4.0 - 300)
    with pytest.raises(ValueError, match="optimal"):
        ov.recommendations(_data(), Q3, plan=plan[["current"]], roi=ROI_Q3)


# ------------------------------------------------------------------------------ analyst note
def test_note_markdown_escapes_html_and_drops_links():
    md = ov.note_markdown(
        "# Contexte\n\nLa campagne <script>alert(1)</script> de **septembre** a coûté 5 $.\n"
        "Voir [le tableau](https://evil.example/x?a=1) et ![img](http://evil.example/p.png),\n"
        "ou https://www.evil.example/page, <https://evil.example> [ref][1]\n\n"
        "[1]: https://evil.example/ref\n- point")
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "http" not in md and "](" not in md and "[1]:" not in md
    assert "le tableau" in md and "evil\\.example" in md  # link text kept, host as plain text
    assert md.startswith("**Contexte**")  # headings do not break the report's outline
    assert "**septembre**" in md and r"5 \$" in md and "- point" in md


def test_analyst_note_is_read_from_the_notes_folder(tmp_path):
    rep = _rep("fr")
    rep.data.client = "acme"
    assert ov.note_path(tmp_path, "acme", "2026-Q3") == tmp_path / "acme" / "notes" / "2026-Q3.md"
    assert ov.note_path(tmp_path, "acme", "2026-07-01..2026-08-15").name == \
        "2026-07-01_2026-08-15.md"
    assert ov.analyst_note(rep, tmp_path) is None
    (tmp_path / "acme" / "notes").mkdir(parents=True)
    path = tmp_path / "acme" / "notes" / "2026-Q3.md"
    path.write_text("   \n")
    assert ov.analyst_note(rep, tmp_path) is None  # empty: nothing shown
    path.write_bytes("\ufeffLe salon de septembre explique la hausse.\n\nSecond point.".encode())
    md = str(ov.analyst_note(rep, tmp_path))
    assert md.startswith("**Le mot de votre analyste**")
    assert "> Le salon de septembre" in md and "> Second point." in md
    path.write_bytes(b"caf\xe9\nbad")
    with pytest.raises(DataValidationError, match=r"2026-Q3.md.*row 1.*UTF-8"):
        ov.analyst_note(rep, tmp_path)


def test_a_note_changes_the_data_fingerprint(tmp_path):
    from roianalysis.data.store import raw_fingerprint

    (tmp_path / "client.yml").write_text("name: X\n")
    before = raw_fingerprint(tmp_path)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "2026-Q3.md").write_text("hello")
    assert raw_fingerprint(tmp_path) != before


# ------------------------------------------------------------------------------ forecast
def test_forecast_of_a_started_period_separates_observed_and_remaining():
    from roianalysis.scorecard.forecast import forecast_next
    from tests.scorecard.test_pacing import _daily_client

    data = _daily_client()  # 20 leads a day up to 2026-05-20
    fc = forecast_next(data, "2026-04", metrics=("leads", "visitors"))
    assert list(fc.index) == ["leads"]  # no visits at all: no visitors row
    r = fc.loc["leads"]
    assert r["period"] == "2026-05" and r["days_observed"] == 20 and r["days_total"] == 31
    assert r["observed"] == 400 and r["current"] == 600
    assert r["remaining"] == pytest.approx(11 * 20, rel=0.05)
    assert r["remaining"] == pytest.approx(r["forecast"] - r["observed"])
    assert r["remaining_lower"] <= r["remaining"] <= r["remaining_upper"]
    rep = _rep()
    html = ov.forecast_table(rep, fc, 0.9)._repr_html_()
    assert "Already in (to 20 May" in html and "Forecast of the 11 days left" in html
    text = str(ov.forecast_text(rep, fc, 0.9))
    assert "has already started" in text and "20 of 31 days" in text
    assert "not a change of budget" in text
