"""Pacing on synthetic series with a known trend."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from roianalysis.periods import Period
from roianalysis.scorecard.pacing import is_running, project_series, yearly_index

WEEKLY = np.array([0, 3, 5, 2, 1, -6, -5], dtype=float)


def _series(n_days: int, start: str = "2026-01-01", seed: int = 1, noise: float = 2.0):
    idx = pd.date_range(start, periods=n_days, freq="D")
    t = np.arange(n_days)
    y = 50 + 0.5 * t + WEEKLY[idx.dayofweek] + np.random.default_rng(seed).normal(0, noise, n_days)
    return pd.Series(y, index=idx, name="leads"), (lambda tt, d: 50 + 0.5 * tt + WEEKLY[d])


def test_projection_recovers_a_linear_trend_with_weekly_pattern():
    s, truth = _series(200)  # 2026-01-01 .. 2026-07-19
    period = Period.parse("2026-07")
    as_of = date(2026, 7, 10)
    p = project_series(s, period, as_of)
    days = pd.date_range("2026-07-01", "2026-07-31", freq="D")
    tt = (days - pd.Timestamp("2026-01-01")).days.to_numpy()
    expected_rest = truth(tt, days.dayofweek.to_numpy())[days > pd.Timestamp(as_of)].sum()
    actual = s["2026-07-01":"2026-07-10"].sum()
    assert p.actual == pytest.approx(actual)
    assert p.days_elapsed == 10 and p.days_total == 31
    expected = actual + expected_rest
    assert p.projected == pytest.approx(expected, rel=0.03)
    assert p.lower < expected < p.upper
    assert p.lower < p.projected < p.upper
    # a flat-rate extrapolation (actual x 31 / 10) would miss the trend by more
    assert abs(actual * 31 / 10 - expected) > abs(p.projected - expected)


def test_projection_is_deterministic_and_ended_periods_are_actuals():
    s, _ = _series(120)
    a = project_series(s, Period.parse("2026-04"), date(2026, 4, 20))
    b = project_series(s, Period.parse("2026-04"), date(2026, 4, 20))
    assert a.projected == b.projected and a.lower == b.lower
    done = project_series(s, Period.parse("2026-03"), date(2026, 4, 20))
    assert done.projected == done.actual == pytest.approx(s["2026-03"].sum())
    assert done.lower == done.upper == done.actual


def test_fits_are_shared_only_through_the_callers_dict():
    """No process-wide cache: a fit is reused only when the caller passes the same ``fits``."""
    s, _ = _series(120)
    fits: dict = {}
    a = project_series(s, Period.parse("2026-04"), date(2026, 4, 20), fits=fits)
    assert len(fits) == 1
    b = project_series(s, Period.parse("2026-05"), date(2026, 4, 20), fits=fits)  # same history
    assert len(fits) == 1
    alone = project_series(s, Period.parse("2026-05"), date(2026, 4, 20))
    assert (alone.projected, alone.lower, alone.upper) == (b.projected, b.lower, b.upper)
    other = project_series(_series(120, seed=2)[0], Period.parse("2026-04"), date(2026, 4, 20),
                           fits=fits)
    assert len(fits) == 2 and other.projected != a.projected


def test_future_period_is_forecast_from_zero_observed():
    s, truth = _series(200)
    nxt = Period.parse("2026-08")
    p = project_series(s, nxt, date(2026, 7, 19))
    days = pd.date_range("2026-08-01", "2026-08-31", freq="D")
    tt = (days - pd.Timestamp("2026-01-01")).days.to_numpy()
    expected = truth(tt, days.dayofweek.to_numpy()).sum()
    assert p.actual == 0
    # the damped trend deliberately fades over a long horizon (robust on real data), so a pure
    # linear trend 12 to 43 days ahead is met within 8 %, not exactly
    assert p.projected == pytest.approx(expected, rel=0.08)
    assert p.lower < p.projected < p.upper
    # the trend is carried forward: better than repeating the last 31 days
    assert abs(p.projected - expected) < abs(s[-31:].sum() - expected)


def test_yearly_index_reads_last_year():
    idx = pd.date_range("2025-01-01", "2026-12-31", freq="D")
    season = 1 + 0.5 * np.cos(2 * np.pi * (idx.dayofyear.to_numpy() - 340) / 365.25)
    s = pd.Series(100 * season, index=idx)
    hist = pd.date_range("2026-06-01", "2026-09-30", freq="D")
    fut = pd.date_range("2026-12-01", "2026-12-10", freq="D")
    ind = yearly_index(s, fut, hist)
    assert ind.mean() > 1.3  # December is the peak, the summer history the trough
    assert yearly_index(s, pd.date_range("2025-03-01", "2025-03-05"), hist) is None


def test_is_running():
    q4 = Period.parse("2026-Q4")
    assert is_running(q4, date(2026, 11, 15))
    assert not is_running(q4, date(2026, 12, 31))
    assert not is_running(Period.parse("2027-Q1"), date(2026, 11, 15))


def _daily_client():
    """A client with exactly 20 leads and 1 000 of spend every day of 2026-01-01..2026-05-20."""
    from roianalysis.data.client import ClientData
    from roianalysis.data.config import parse_config

    days = pd.date_range("2026-01-01", "2026-05-20", freq="D")
    leads = pd.DataFrame({
        "contact_id": [f"c{i}-{k}" for i in range(len(days)) for k in range(20)],
        "created_at": [str(d + pd.Timedelta(hours=9 + k % 8)) for d in days for k in range(20)],
    })
    spend = pd.DataFrame({"date": [str(d.date()) for d in days], "channel": "Search",
                          "cost": "1000"})
    return ClientData.from_frames({"leads": leads, "spend": spend},
                                  parse_config({"name": "Flat"}, "flat"), "flat")


def test_pacing_and_forecast_on_a_flat_client():
    from roianalysis.scorecard.forecast import forecast_next
    from roianalysis.scorecard.pacing import last_data_day, pacing

    data = _daily_client()
    assert last_data_day(data) == date(2026, 5, 20)
    p = pacing(data, "2026-05", metrics=("leads", "marketing_cost", "cpl"))
    assert p.loc["leads", "actual"] == 20 * 20 and p.loc["leads", "days_elapsed"] == 20
    assert p.loc["leads", "projected"] == pytest.approx(20 * 31, rel=0.02)
    assert p.loc["marketing_cost", "projected"] == pytest.approx(31_000, rel=0.02)
    # the ratio is projected from its two projected volumes
    assert p.loc["cpl", "projected"] == pytest.approx(
        p.loc["marketing_cost", "projected"] / p.loc["leads", "projected"])
    assert p.loc["cpl", "projected"] == pytest.approx(50, rel=0.03)
    assert pacing(data, "2026-04").empty  # over: nothing to pace
    fc = forecast_next(data, "2026-05", metrics=("leads", "revenue"))
    assert list(fc.index) == ["leads"]  # no orders table: no revenue forecast
    assert fc.loc["leads", "period"] == "2026-06"
    assert fc.loc["leads", "forecast"] == pytest.approx(20 * 30, rel=0.03)
    assert fc.loc["leads", "lower"] <= fc.loc["leads", "forecast"] <= fc.loc["leads", "upper"]
