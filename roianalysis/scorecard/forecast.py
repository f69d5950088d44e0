"""Leading indicators: where the next period is heading (visitors, leads, revenue).

The next period is the one after the report period (``period.shift(1)``): 2026-Q4 after
2026-Q3. Its value is the days already observed (when it has started) plus the forecast of its
remaining days, from the same model as pacing (:func:`roianalysis.scorecard.pacing.project_series`:
Holt-Winters with damped additive trend and weekly seasonality on the log of the last 182 days
divided by a yearly index from a year earlier; interval from simulated paths with a fixed seed).

What the interval is: the spread of the model's simulated remaining days, nothing more. It
does not cover a change of budget or an unusual event, and the days already observed are
certain, so for a half-observed period it is narrow around the observed part: the report
shows the observed days, the forecast of the remaining days with its interval, and the total
(:func:`forecast_next` gives all three). In backtests on the demo clients (60 quarter and month
projections) the 90 % interval held the outcome about 82 % of the time (see
:data:`roianalysis.scorecard.pacing.BOUNDS`).

``visitors`` are distinct people over the whole period, not a sum of days: with per-person
visits (touchpoints) they are forecast as the forecast visits (sessions) times the report
period's visitors per visit, with at least the distinct visitors already seen; with aggregated
web analytics (the ``traffic`` table, where visitors are the sum of each day's users) the daily
users are forecast directly.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from roianalysis.data.client import ClientData
from roianalysis.periods import Period
from roianalysis.scorecard.pacing import (
    HISTORY_DAYS,
    LEVEL,
    YEARLY_SMOOTH_DAYS,
    daily_series,
    last_data_day,
    project_series,
)

#: Leading indicators forecast by default (visitors as the funnel counts them).
INDICATORS = ("visitors", "leads", "revenue")
#: Columns of :func:`forecast_next`.
COLUMNS = ["period", "observed", "forecast", "lower", "upper", "current", "change",
           "days_observed", "days_total", "remaining", "remaining_lower", "remaining_upper",
           "as_of"]


def _distinct_visitors(data: ClientData, start: date, end: date) -> float:
    """Distinct contacts with a touchpoint from ``start`` to ``end`` (inclusive), counted by the
    engine (a client of 50M touchpoints never comes to pandas)."""
    return float(data.engine.distinct_between("touchpoints", "timestamp", "contact_id",
                                              pd.Timestamp(start),
                                              pd.Timestamp(end) + pd.Timedelta(days=1)))


def forecast_next(data: ClientData, period: str | Period, metrics: tuple[str, ...] = INDICATORS,
                  as_of: date | None = None, level: float = LEVEL) -> pd.DataFrame:
    """Forecast of ``metrics`` over the period after ``period``.

    Returns
    -------
    DataFrame indexed by metric with :data:`COLUMNS`: ``period`` (label of the forecast
    period), ``observed`` (its days already in the data), ``forecast`` (observed + forecast of
    the remaining days), ``lower``, ``upper`` (``level`` interval of the total), ``current``
    (value of the report period; its projection when it is still running) and ``change``
    (``forecast / current - 1``); ``days_observed`` and ``days_total`` of the forecast period;
    ``remaining = forecast - observed`` with its interval ``remaining_lower``,
    ``remaining_upper``; ``as_of`` (last day of data). Metrics whose data is missing are left
    out.
    """
    period = Period.parse(period)
    nxt = period.shift(1)
    as_of = as_of or last_data_day(data)
    start = as_of - timedelta(days=HISTORY_DAYS + 364 + YEARLY_SMOOTH_DAYS)
    lo_day, hi_day = min(start, period.start), max(as_of, period.start)
    rows = {}
    fits: dict = {}  # the running period's projection and the next one's share their fit
    for m in metrics:
        scale, floor = 1.0, 0.0
        if m == "visitors" and data.has("touchpoints"):
            s = daily_series(data, "sessions", lo_day, hi_day)
            visits = float(s[(s.index >= pd.Timestamp(period.start))
                             & (s.index <= pd.Timestamp(min(period.end, as_of)))].sum())
            seen = _distinct_visitors(data, period.start, min(period.end, as_of))
            if not visits:
                continue
            scale = seen / visits  # distinct visitors per visit in the report period
            floor = (_distinct_visitors(data, nxt.start, as_of) if as_of >= nxt.start else 0.0)
        else:
            s = daily_series(data, m, lo_day, hi_day)
        if s.isna().all():
            continue
        p = project_series(s, nxt, as_of, level, fits=fits)
        current = (project_series(s, period, as_of, level, fits=fits) if period.end > as_of
                   else None)
        cur = current.projected if current is not None else float(
            s[(s.index >= pd.Timestamp(period.start)) & (s.index <= pd.Timestamp(period.end))].sum())
        observed, point, lo, hi = (p.actual * scale, p.projected * scale, p.lower * scale,
                                   p.upper * scale)
        cur *= scale
        if m == "visitors" and data.has("touchpoints"):
            observed = floor
            if m == "visitors" and current is None:
                cur = _distinct_visitors(data, period.start, period.end)
            point, lo, hi = (max(v, floor) for v in (point, lo, hi))
        days_obs = max(0, (min(as_of, nxt.end) - nxt.start).days + 1)
        rows[m] = {"period": nxt.label, "observed": observed, "forecast": point, "lower": lo,
                   "upper": hi, "current": cur,
                   "change": point / cur - 1 if cur else float("nan"),
                   "days_observed": days_obs, "days_total": nxt.days,
                   "remaining": point - observed, "remaining_lower": lo - observed,
                   "remaining_upper": hi - observed, "as_of": as_of}
    out = pd.DataFrame.from_dict(rows, orient="index", columns=COLUMNS)
    for c in COLUMNS[1:7] + COLUMNS[9:12]:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    out.index.name = "metric"
    if len(out):
        out["remaining_lower"] = np.minimum(out["remaining_lower"], out["remaining"])
    return out
