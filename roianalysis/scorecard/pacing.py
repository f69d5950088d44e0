"""Pacing: where a running period will end.

For a period still running on the last day of data (``as_of``), a volume metric's end-of-period
value is projected as::

    projected = actual to date + sum of the forecasts of the remaining days

The forecasts come from Holt-Winters exponential smoothing (statsmodels ``ExponentialSmoothing``:
additive damped trend, additive weekly seasonality) fitted on ``log(1 + y)`` of the daily series of
the :data:`HISTORY_DAYS` days up to ``as_of``, after dividing it by a yearly index read from the
same days a year earlier (when the data goes back that far), see :func:`project_series`. The interval is read from simulated paths of the fitted
model (fixed seed): each path's remaining days are summed and added to the actual to date, and the
``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles bound the end value. Ratios of volumes (CPL,
CAC, ROAS, ROI) are projected as the ratio of the projected numerator and denominator, their
interval from the same simulated paths.

Statuses of running periods are judged on the projection against the full-period target.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from datetime import date, timedelta

import ibis
import numpy as np
import pandas as pd

from roianalysis import aggregates as agg
from roianalysis.catalog import METRICS
from roianalysis.data.client import ClientData
from roianalysis.periods import Period
from roianalysis.schema import SALES_CATEGORY

#: Days of history the model is fitted on.
HISTORY_DAYS = 182
#: Default interval level.
LEVEL = 0.9
#: Simulated paths for the interval.
N_PATHS = 500
#: Parameter bounds of the fit: a trend that adapts slowly and fades (damping at most 0.98), so
#: simulated paths cannot explode over a quarter (backtests on the demo clients, 60 quarter and
#: month projections: median error 5 %, 90 % intervals covering about 82 % of the outcomes).
BOUNDS = {"damping_trend": (0.8, 0.98), "smoothing_trend": (0.0, 0.02)}
#: Width of the moving average of the yearly index.
YEARLY_SMOOTH_DAYS = 28
#: Series with at least this share of zero days are modelled on their own scale, not on a log.
MAX_ZERO_SHARE_FOR_LOG = 0.1

#: Volume metrics with a daily series.
DAILY = ("sessions", "leads", "new_customers", "orders", "revenue", "marketing_cost", "cost")
#: Ratio metrics projected from two volumes: metric -> (numerator, denominator, offset).
RATIOS = {
    "cpl": ("marketing_cost", "leads", 0.0),
    "cac": ("cost", "new_customers", 0.0),
    "roas": ("revenue", "marketing_cost", 0.0),
    "roi": ("revenue", "marketing_cost", -1.0),
}
#: What the overview paces by default.
PACED = ("leads", "new_customers", "revenue", "marketing_cost", "cpl", "cac", "roi")


def last_data_day(data: ClientData) -> date:
    """The last day with any spend, touchpoint, lead or order: the "today" of the data."""
    days = []
    for table, col in (("spend", "date"), ("touchpoints", "timestamp"), ("leads", "created_at"),
                       ("orders", "ordered_at")):
        if data.has(table):
            last = data.engine.column_summary(table, col)["max"]
            if last is not None:
                days.append(pd.Timestamp(last).date())
    if not days:
        raise ValueError("no dated rows: cannot tell how far the period has run")
    return max(days)


def is_running(period: Period, as_of: date) -> bool:
    """True when ``as_of`` falls inside the period before its last day."""
    return period.start <= as_of < period.end


def daily_series(data: ClientData, metric: str, start: date, end: date) -> pd.Series:
    """Daily totals of a volume metric from ``start`` to ``end`` (inclusive), zeros filled.

    ``sessions`` = touchpoints (or, without touchpoints, the ``sessions`` of the aggregated web
    analytics table ``traffic``), ``visitors`` = the ``users`` of ``traffic`` (daily users add
    up to the visitors of aggregated analytics; with touchpoints, visitors are distinct people
    over a period and have no additive daily series: NaN), ``leads`` = leads created,
    ``new_customers`` = contacts' first orders, ``orders`` / ``revenue`` = orders,
    ``marketing_cost`` = spend outside the ``sales`` category, ``cost`` = all spend. A table the
    client does not have gives an all-NaN series, and days before the table's first row are NaN
    (no data yet), not zeros.
    """
    idx = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    source = {"sessions": "touchpoints", "leads": "leads", "new_customers": "orders",
              "orders": "orders", "revenue": "orders", "marketing_cost": "spend", "cost": "spend",
              "visitors": "traffic"}
    if metric not in source:
        raise ValueError(f"no daily series for {metric!r}: choose among {', '.join(DAILY)}, "
                         "visitors")
    if metric in ("sessions", "visitors") and not data.has("touchpoints") and data.has("traffic"):
        tr = data["traffic"]  # aggregated analytics: one row per day and channel, small
        col = "sessions" if metric == "sessions" else "users"
        s = pd.to_numeric(tr[col], errors="coerce").groupby(
            pd.to_datetime(tr["date"]).dt.floor("D")).sum(min_count=1).dropna()
        if s.empty:  # the analytics report has no such column
            return pd.Series(np.nan, index=idx, name=metric)
    elif metric == "visitors" or not data.has(source[metric]):
        return pd.Series(np.nan, index=idx, name=metric)
    else:
        eng = data.engine  # the engine aggregates per day: no table comes to pandas
        if metric == "sessions":
            s = eng.daily(eng.table("touchpoints"), "timestamp")
        elif metric == "leads":
            s = eng.daily(eng.table("leads"), "created_at")
        elif metric == "new_customers":
            s = eng.daily(agg.first_orders(eng.table("orders")), "first_order_at")
        elif metric == "orders":
            s = eng.daily(eng.table("orders"), "ordered_at")
        elif metric == "revenue":
            s = eng.daily(eng.table("orders"), "ordered_at", "revenue")
        else:
            sp = eng.table("spend")
            if metric == "marketing_cost":
                sp = sp.filter(ibis.coalesce(sp.category, "") != SALES_CATEGORY)
            s = eng.daily(sp, "date", "cost")
    s.index = pd.DatetimeIndex(s.index).as_unit(idx.unit)
    out = s.astype("float64").reindex(idx, fill_value=0.0).rename(metric)
    if len(s):  # before the table's first row the client had no data: unknown, not zero
        out[out.index < s.index.min()] = np.nan
    return out


@dataclass
class Projection:
    """End-of-period projection of one volume metric.

    ``paths`` holds the simulated end values (actual to date + simulated remaining days).
    """

    metric: str
    actual: float
    projected: float
    lower: float
    upper: float
    days_elapsed: int
    days_total: int
    paths: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))


def _fit(history: pd.Series, fits: dict | None = None):
    """Holt-Winters fit of ``history``; kept in ``fits`` (a dict the caller owns, keyed by the
    history's first day, length and values) when given, so calls on the same history share it."""
    if fits is None:
        return _fit_uncached(history)
    key = (history.index[0], len(history), hashlib.sha1(history.to_numpy().tobytes()).hexdigest())
    if key not in fits:
        fits[key] = _fit_uncached(history)
    return fits[key]


def _fit_uncached(history: pd.Series):
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    seasonal = "add" if len(history) >= 21 else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ExponentialSmoothing(history, trend="add", damped_trend=True, seasonal=seasonal,
                                     seasonal_periods=7 if seasonal else None,
                                     initialization_method="estimated", bounds=BOUNDS)
        return model.fit()


def yearly_index(series: pd.Series, days: pd.DatetimeIndex, reference: pd.DatetimeIndex,
                 smooth_days: int = YEARLY_SMOOTH_DAYS) -> np.ndarray | None:
    """Yearly seasonal index of ``days`` read from the same days a year (364 days) earlier.

    ``S`` is the ``smooth_days`` centred moving average of the series;
    ``index(t) = S(t - 364) / mean(S(r - 364) for r in reference)``, so the index averages 1 over
    the fitting window ``reference``. ``None`` when the year-ago days are not all in the series.
    """
    smooth = series.rolling(smooth_days, center=True, min_periods=smooth_days // 2).mean()
    lag = pd.Timedelta(days=364)
    back, ref_back = days - lag, reference - lag
    if back.min() < series.index.min() or ref_back.min() < series.index.min():
        return None
    v, r = smooth.reindex(back).to_numpy(), smooth.reindex(ref_back).to_numpy()
    if not np.isfinite(r).any():
        return None
    base = np.nanmean(r)
    if not np.all(np.isfinite(v)) or not np.isfinite(base) or base <= 0 or np.any(v <= 0):
        return None
    return v / base


def project_series(series: pd.Series, period: Period, as_of: date, level: float = LEVEL,
                   n_paths: int = N_PATHS, seed: int = 0, history_days: int = HISTORY_DAYS,
                   yearly: bool = True, fits: dict | None = None) -> Projection:
    """Project the total of a daily series over ``period`` from the days up to ``as_of``.

    Model: the last ``history_days`` days are divided by the yearly index
    (:func:`yearly_index`, when a year of earlier data exists), put on a log scale
    ``z = log(1 + y)`` (unless at least :data:`MAX_ZERO_SHARE_FOR_LOG` of the days are zero:
    sparse series stay on their scale), and fitted by Holt-Winters (damped additive trend,
    additive weekly seasonality). ``n_paths`` simulated paths of the remaining days (seed
    ``seed``) are mapped back (``exp(z) - 1``, times the index), clipped at 0 and summed::

        end value of a path = actual to date + sum of the path's remaining days
        projected = median of the end values
        interval  = quantiles (1 -+ level) / 2 of the end values

    Parameters
    ----------
    series : Series
        Daily non-negative values indexed by day (at least up to ``as_of``; later days ignored).
    period : Period
        Period whose total is wanted; may have started (pacing) or not (forecast).
    as_of : date
        Last observed day.
    level : float
        Coverage of the interval (0.9: 5 % and 95 % quantiles).
    yearly : bool
        Apply the yearly index when the data allows it.
    fits : dict, optional
        Fits already made, kept by the caller across calls (the same history is fitted once);
        ``None``: fit anew.

    Returns
    -------
    Projection. When the period has ended by ``as_of`` the projection is the actual and the
    interval collapses onto it.
    """
    s = series[series.index <= pd.Timestamp(as_of)].astype("float64")
    observed = s[(s.index >= pd.Timestamp(period.start)) & (s.index <= pd.Timestamp(period.end))]
    actual = float(observed.sum())
    elapsed = max(0, (min(as_of, period.end) - period.start).days + 1)
    if as_of >= period.end:
        return Projection(series.name, actual, actual, actual, actual, period.days, period.days)
    history = s[s.index > pd.Timestamp(as_of - timedelta(days=history_days))].dropna()
    h = (period.end - as_of).days
    skip = max(0, (period.start - as_of).days - 1)  # forecast days before the period starts
    if len(history) < 14 or history.isna().all():
        return Projection(series.name, actual, np.nan, np.nan, np.nan, elapsed, period.days)
    future = pd.date_range(pd.Timestamp(as_of) + pd.Timedelta(days=1), periods=h, freq="D")
    idx_hist = idx_future = None
    if yearly:
        idx_hist = yearly_index(s, history.index, history.index)
        idx_future = yearly_index(s, future, history.index) if idx_hist is not None else None
    if idx_future is None:
        idx_hist, idx_future = np.ones(len(history)), np.ones(h)
    adjusted = np.clip(history.to_numpy() / idx_hist, 0, None)
    use_log = bool(np.mean(adjusted == 0) < MAX_ZERO_SHARE_FOR_LOG)
    res = _fit(pd.Series(np.log1p(adjusted) if use_log else adjusted, index=history.index), fits)
    sims = np.asarray(res.simulate(h, repetitions=n_paths, anchor="end", rng=np.random.default_rng(seed)),
                      dtype=float).reshape(h, -1)
    if use_log:
        sims = np.expm1(np.clip(sims, None, 50))
    sims = np.clip(sims * idx_future[:, None], 0, None)[skip:]
    paths = actual + sims.sum(axis=0)
    point = float(np.median(paths))
    lo, hi = np.quantile(paths, [(1 - level) / 2, (1 + level) / 2])
    return Projection(series.name, actual, point, float(lo), float(hi),
                      elapsed, period.days, paths)


def pacing(data: ClientData, period: str | Period, metrics: tuple[str, ...] = PACED,
           as_of: date | None = None, level: float = LEVEL) -> pd.DataFrame:
    """Projected end-of-period values of ``metrics`` (all channels) for a running period.

    Returns
    -------
    DataFrame indexed by metric: ``actual`` (to date), ``projected``, ``lower``, ``upper``,
    ``days_elapsed``, ``days_total``, ``as_of``. Empty when the period is not running on
    ``as_of`` (default: :func:`last_data_day`). Ratios are projected from their volumes
    (:data:`RATIOS`).
    """
    period = Period.parse(period)
    as_of = as_of or last_data_day(data)
    cols = ["actual", "projected", "lower", "upper", "days_elapsed", "days_total", "as_of"]
    if not is_running(period, as_of):
        return pd.DataFrame(columns=cols)
    needed = sorted({m for m in metrics if m in DAILY}
                    | {v for m in metrics if m in RATIOS for v in RATIOS[m][:2]})
    start = min(period.start, as_of - timedelta(days=HISTORY_DAYS + 364 + YEARLY_SMOOTH_DAYS))
    proj = {m: project_series(daily_series(data, m, start, as_of), period, as_of, level)
            for m in needed}
    rows = {}
    for m in metrics:
        if m in proj:
            p = proj[m]
            rows[m] = (p.actual, p.projected, p.lower, p.upper, p.days_elapsed, p.days_total)
        elif m in RATIOS:
            num, den, off = RATIOS[m]
            a, b = proj[num], proj[den]
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio_paths = (a.paths / np.where(b.paths > 0, b.paths, np.nan) + off
                               if len(a.paths) and len(b.paths) else np.array([np.nan]))
            finite = ratio_paths[np.isfinite(ratio_paths)]
            lo, hi = (np.quantile(finite, [(1 - level) / 2, (1 + level) / 2]) if len(finite)
                      else (np.nan, np.nan))
            point = a.projected / b.projected + off if b.projected else np.nan
            actual = a.actual / b.actual + off if b.actual else np.nan
            rows[m] = (actual, point, float(lo), float(hi), a.days_elapsed, a.days_total)
        elif m in METRICS:
            continue
    out = pd.DataFrame.from_dict(rows, orient="index", columns=cols[:-1])
    out["as_of"] = as_of
    out.index.name = "metric"
    return out
