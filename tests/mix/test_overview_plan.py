"""The mix model's plan reaches the overview's recommendations only when it can be trusted."""

from __future__ import annotations

import pandas as pd
import pytest

from roianalysis import mix
from roianalysis.mix.simulate import simulate_mix
from roianalysis.periods import Period
from roianalysis.report.pages import mix as mix_report


@pytest.fixture(scope="module")
def model():
    frame, _ = simulate_mix(seed=1)
    return mix.fit(frame, date="date", target="revenue", channels=["tv", "search"])


def _patch(monkeypatch, model, status="ok", gain_lower=None):
    monkeypatch.setattr(mix_report, "client_mix",
                        lambda data, period: mix_report.ClientMix(status, "revenue", 180, None, model))
    if gain_lower is not None:
        real = type(model).optimize

        def optimize(self, **kw):
            plan = real(self, **kw)
            plan.attrs["gain_lower"] = gain_lower
            plan.attrs["already_optimal"] = False
            return plan
        monkeypatch.setattr(type(model), "optimize", optimize)


def test_a_trusted_plan_is_scaled_to_the_period(monkeypatch, model):
    _patch(monkeypatch, model, gain_lower=10.0)
    q = Period.parse("2026-Q1")  # 90 days
    plan = mix_report.overview_plan(None, q)
    weekly = model.optimize(bounds=0.3)
    weeks = 90 / 7
    assert plan["current"].tolist() == pytest.approx((weekly["current"] * weeks).tolist())
    assert plan["optimal"].sum() == pytest.approx(plan["current"].sum())  # same budget
    tv = float(model.response("tv", [weekly.loc["tv", "current"]])["response"].iloc[0])
    assert plan.loc["tv", "expected_current"] == pytest.approx(tv * weeks)


def test_a_plan_within_its_uncertainty_is_not_used(monkeypatch, model):
    _patch(monkeypatch, model, gain_lower=-5.0)
    assert mix_report.overview_plan(None, Period.parse("2026-Q1")) is None


def test_a_model_that_flags_a_channel_or_has_too_little_history_is_not_used(monkeypatch, model):
    _patch(monkeypatch, model, status="short")
    assert mix_report.overview_plan(None, Period.parse("2026-Q1")) is None
    flagged = type(model).__new__(type(model))
    flagged.__dict__.update(model.__dict__)
    flagged.warnings = ["tv: its spend moves with search's"]
    _patch(monkeypatch, flagged, gain_lower=10.0)
    assert mix_report.overview_plan(None, Period.parse("2026-Q1")) is None


def test_the_overview_recommendations_take_the_plan(monkeypatch, model):
    """With a plan the recommendations move each channel to its optimal spend (basis: plan)."""
    from roianalysis.report.pages.overview import recommendations

    _patch(monkeypatch, model, gain_lower=10.0)
    plan = mix_report.overview_plan(None, Period.parse("2026-Q1"))
    roi = pd.DataFrame({"cost": plan["current"], "revenue": plan["expected_current"],
                        "new_customers": 50.0, "roi": 0.5, "verdict": "keep",
                        "verdict_reason": None, "money_at_stake": 0.0, "ltv_to_cac": 2.0},
                       index=plan.index)
    from types import SimpleNamespace

    from roianalysis.data.config import parse_config

    data = SimpleNamespace(config=parse_config({"currency": "EUR"}, "c"), client="c")
    rec = recommendations(data, "2026-Q1", plan=plan, lang="en", roi=roi)
    assert set(rec.index) == {"tv", "search"}
    change = (plan["optimal"] - plan["current"]).reindex(rec.index)
    assert rec["budget_change"].tolist() == pytest.approx(change.tolist())
