"""Leading indicators: next period's traffic, leads and revenue (the seeds' "advanced KPIs").

The next period is the one after the report period (``period.shift(1)``): 2026-Q4 after
2026-Q3. Its value is the days already observed (when it has started) plus the forecast of its
remaining days, from the same model as pacing (:func:`roianalysis.pacing.project_series`:
Holt-Winters with damped additive trend and weekly seasonality on the log of the last 182 days
divided by a yearly index from a year earlier; interval from simulated paths with a fixed seed).
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from .data import ClientData
from .pacing import (
    HISTORY_DAYS,
    LEVEL,
    YEARLY_SMOOTH_DAYS,
    daily_series,
    last_data_day,
    project_series,
)
from .periods import Period

#: Leading indicators forecast by default.
INDICATORS = ("sessions", "leads", "revenue")


def forecast_next(data: ClientData, period: str | Period, metrics: tuple[str, ...] = INDICATORS,
                  as_of: date | None = None, level: float = LEVEL) -> pd.DataFrame:
    """Forecast of ``metrics`` over the period after ``period``.

    Returns
    -------
    DataFrame indexed by metric: ``period`` (label of the forecast period), ``observed`` (days
    already in the data), ``forecast`` (observed + forecast of the remaining days), ``lower``,
    ``upper`` (``level`` interval), ``current`` (value of the report period) and ``change``
    (``forecast / current - 1``). Metrics whose table is missing are left out.
    """
    period = Period.parse(period)
    nxt = period.shift(1)
    as_of = as_of or last_data_day(data)
    start = as_of - timedelta(days=HISTORY_DAYS + 364 + YEARLY_SMOOTH_DAYS)
    rows = {}
    for m in metrics:
        s = daily_series(data, m, min(start, period.start), max(as_of, period.start))
        if s.isna().all():
            continue
        p = project_series(s, nxt, as_of, level)
        current = project_series(s, period, as_of, level) if period.end > as_of else None
        cur = current.projected if current is not None else float(
            s[(s.index >= pd.Timestamp(period.start)) & (s.index <= pd.Timestamp(period.end))].sum())
        rows[m] = {"period": nxt.label, "observed": p.actual, "forecast": p.projected,
                   "lower": p.lower, "upper": p.upper, "current": cur,
                   "change": p.projected / cur - 1 if cur else float("nan")}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "metric"
    return out
