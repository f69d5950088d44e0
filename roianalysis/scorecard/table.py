"""The scorecard: each KPI against its objective, last period and a year ago.

For each KPI, over all channels and per channel:

* ``actual`` (the KPI definitions of :mod:`roianalysis.catalog`), ``target`` (:func:`roianalysis.scorecard.objectives.read_targets`:
  pro rata by days for volumes, as-is for ratios), ``achievement`` and ``status``
  (:func:`roianalysis.scorecard.objectives.status`, with the metric's direction and the client's
  ``status_thresholds.at_risk``);
* ``previous`` and ``year_ago`` values with absolute (``actual - ref``) and relative
  (``(actual - ref) / |ref|``) deltas;
* ``p_value`` of the change against the ``comparison`` period (:mod:`roianalysis.scorecard.significance`:
  two-proportion z-test for rates, Poisson rates for counts, CPL and CAC, z-test for NPS);
* ``provisional``: True for ``lead_to_customer`` while the conversion window of the period's
  last leads has not elapsed by the last day of data (the rate can still rise);
* ``trend``: the monthly values of the complete months up to the period's end (sparklines).

**Running periods** (the data stops before the period's end): ``actual`` is the value to date,
compared with the same number of days at the start of the previous and year-ago periods
(like for like); ``projected`` (:mod:`roianalysis.scorecard.pacing`) gives the end-of-period value and
all-channel volume statuses (and CPL, CAC, ROAS, ROI) are judged on it against the full-period
target; per-channel volume targets are judged on the to-date value pro-rated to the whole period
(``actual x days / days elapsed``, ``status_basis = "pro_rata_to_date"``); other ratios on their
value to date.

:func:`sales_team` gives the per-owner view: leads handled, conversion, median sales cycle and
revenue against the team objectives.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import numpy as np
import pandas as pd

from roianalysis.catalog import METRICS
from roianalysis.data.client import ClientData
from roianalysis.errors import PeriodError
from roianalysis.metrics import (
    FUNNEL_COLUMNS,
    apply_formulas,
    comparison_period,
    funnel_counts,
    funnel_counts_many,
    kpis,
    with_groups,
)
from roianalysis.periods import Period
from roianalysis.schema import ALL_CHANNELS, UNKNOWN_CHANNEL
from roianalysis.scorecard import objectives as obj
from roianalysis.scorecard import significance as sig
from roianalysis.scorecard.pacing import DAILY, RATIOS, is_running, last_data_day, pacing

#: KPIs of the all-channel scorecard, in display order (AARRR).
DEFAULT_METRICS = ("visitors", "leads", "visitor_to_lead", "lead_to_customer", "new_customers",
                   "marketing_cost", "cpl", "cac", "revenue", "average_basket", "roas", "roi",
                   "roi_on_growth", "retention_rate", "nps", "sales_cycle_days")
#: KPIs shown per channel.
CHANNEL_METRICS = ("leads", "marketing_cost", "cpl", "lead_to_customer", "new_customers", "cac",
                   "revenue", "roi")
#: KPIs over all channels only, from :func:`roianalysis.metrics.kpis` (shown when an objective
#: names them).
EXTRA_METRICS = ("clv", "clv_discounted", "ltv_to_cac", "cac_payback_months")
#: Columns of :func:`scorecard`.
COLUMNS = ["metric", "channel", "campaign", "unit", "direction", "actual", "target",
           "target_period", "target_rule", "achievement", "status", "status_basis", "projected",
           "projected_lower", "projected_upper", "previous", "previous_delta",
           "previous_delta_pct", "year_ago", "year_ago_delta", "year_ago_delta_pct", "comparison",
           "p_value", "test", "provisional", "trend"]


def first_data_day(data: ClientData) -> date:
    """The first day with spend, leads or orders (earlier periods have no data, not zeros)."""
    firsts = [data.engine.column_summary(t, c)["min"] for t, c in
              (("spend", "date"), ("leads", "created_at"), ("orders", "ordered_at")) if data.has(t)]
    return min(pd.Timestamp(d).date() for d in firsts if d is not None)


def _delta(actual: float, ref: float) -> tuple[float, float]:
    if not (np.isfinite(actual) and np.isfinite(ref)):
        return np.nan, np.nan
    d = actual - ref
    return d, (d / abs(ref) if ref != 0 else np.nan)


class _Batch:
    """funnel_counts of the scorecard's periods for each breakdown used: one engine pass per
    table and breakdown for all the periods (:func:`roianalysis.metrics.funnel_counts_many`):
    the current, previous and year-ago periods and the trend's months together."""

    def __init__(self, data: ClientData, specs: list[tuple[Period, Period]]):
        self.data, self.specs = data, specs  # (period, comparison) pairs
        self._counts: dict[tuple[str, ...], list[pd.DataFrame]] = {}

    def counts(self, i: int, by: tuple[str, ...]) -> pd.DataFrame:
        if by not in self._counts:
            self._counts[by] = funnel_counts_many(
                self.data.engine, [p for p, _ in self.specs], list(by),
                window_days=self.data.config.conversion_window_days,
                previous=[p.previous() for p, _ in self.specs],
                comparison=[c for _, c in self.specs], available=list(self.data.tables))
        return self._counts[by][i]


class _Counts:
    """funnel_counts + KPIs of one period for the total and each breakdown used (cached)."""

    def __init__(self, batch: _Batch, i: int, first_day: date):
        self.batch, self.i = batch, i
        self.data = batch.data
        self.period, self.comparison = batch.specs[i]
        self.valid = self.period.start >= first_day
        self._cache: dict[tuple, tuple[pd.DataFrame, pd.DataFrame]] = {}
        self._rows: dict[tuple, tuple[dict, dict]] = {}  # the same as dicts: fast lookups
        self._kpis: pd.Series | None = None

    def get(self, by: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
        if by not in self._cache:
            c = self.batch.counts(self.i, by)
            k = apply_formulas(c, self.data.config.gross_margin_rate)
            if not self.valid:
                c, k = c * np.nan, k * np.nan
            self._cache[by] = (c, k)
            self._rows[by] = (c.to_dict("index"), k.to_dict("index"))
        return self._cache[by]

    def value(self, metric: str, channel: str | None, campaign: str | None = None
              ) -> tuple[float, dict]:
        """The KPI's value and the counts behind it (``{}`` when the group has no row)."""
        by = () if channel is None else ("channel",) if campaign is None else ("channel", "campaign")
        self.get(by)
        counts, values = self._rows[by]
        key = ALL_CHANNELS if channel is None else channel if campaign is None else (channel, campaign)
        if metric in EXTRA_METRICS and channel is None:
            return self.extra(metric), counts[ALL_CHANNELS]
        if key not in values:
            return np.nan, {}
        return float(values[key].get(metric, np.nan)), counts[key]

    def extra(self, metric: str) -> float:
        """CLV-based KPIs (:data:`EXTRA_METRICS`) from :func:`roianalysis.metrics.kpis`."""
        if self._kpis is None:
            self._kpis = (kpis(self.data, self.period, self.comparison) if self.valid
                          else pd.Series(dtype="float64"))
        return float(self._kpis.get(metric, np.nan))


def _same_days(ref: Period, days: int) -> Period:
    return Period(ref.start, min(ref.end, ref.start + timedelta(days=days - 1)), "range")


def scorecard(data: ClientData, period: str | Period, comparison: str = "previous", *,
              metrics: Sequence[str] = DEFAULT_METRICS, channel_metrics: Sequence[str] = CHANNEL_METRICS,
              channels: bool = True, trend_months: int = 12, as_of: date | None = None,
              with_pacing: bool = True) -> pd.DataFrame:
    """The scorecard of ``period``: one row per (metric, channel) (see the module docstring).

    Parameters
    ----------
    data : ClientData
    period : str or Period
    comparison : ``previous`` or ``year_ago``
        The period the p-values test against (both values are always given).
    metrics, channel_metrics : sequences of metric names
        KPIs over all channels and per channel; any metric with an objective is added.
    channels : bool
        Include the per-channel rows.
    trend_months : int
        Complete months in ``trend`` (0: no trend).
    as_of : date, optional
        Last day of data (default :func:`roianalysis.scorecard.pacing.last_data_day`).
    with_pacing : bool
        Project running periods (a few seconds per client).

    Returns
    -------
    DataFrame with :data:`COLUMNS`; ``channel`` (and ``campaign``) ``None`` for all channels;
    ``status`` in ``on_track``/``at_risk``/``off_track`` or ``None`` without a target.
    """
    period = Period.parse(period)
    if comparison not in ("previous", "year_ago"):
        raise ValueError("comparison must be 'previous' or 'year_ago'")
    as_of = as_of or last_data_day(data)
    if period.start > as_of:
        raise PeriodError(f"no data yet for {period.label}: the data stops on {as_of.isoformat()} "
                          f"(see the forecast of the next period instead)")
    first_day = first_data_day(data)
    at_risk = float(data.config.status_thresholds.get("at_risk", 0.9))
    running = is_running(period, as_of)
    eff = Period(period.start, as_of, "range") if running else period
    days = eff.days
    prev_p = _same_days(period.previous(), days) if running else period.previous()
    year_p = _same_days(period.year_ago(), days) if running else period.year_ago()
    roi_cmp = comparison_period(eff, comparison)
    months = _trend_months(period, as_of, first_day, trend_months) if trend_months else []
    batch = _Batch(data, [(eff, roi_cmp), (prev_p, comparison_period(prev_p, comparison)),
                          (year_p, comparison_period(year_p, comparison)),
                          *((m, m.previous()) for m in map(Period.parse, months))])
    cur, prev, year = (_Counts(batch, i, first_day) for i in range(3))
    ref = prev if comparison == "previous" else year
    window = timedelta(days=data.config.conversion_window_days)

    targets = obj.read_targets(data.tables.get("objectives"), period)
    target_of = _target_index(targets)
    known = set(FUNNEL_COLUMNS) | set(EXTRA_METRICS)
    rows: list[tuple[str, str | None, str | None]] = [(m, None, None) for m in metrics]
    if channels:
        seen = set(data.channels)
        chans = [ch for ch in cur.get(("channel",))[1].index if ch in seen or ch == UNKNOWN_CHANNEL]
        rows += [(m, ch, None) for ch in chans for m in channel_metrics]
    for _, t in targets.iterrows():
        if t["owner"] is not None and not pd.isna(t["owner"]):
            continue
        key = (t["metric"], _none(t["channel"]), _none(t["campaign"]))
        if key[1] is None and key[2] is not None:
            continue  # a campaign objective needs its channel (campaign names are per channel)
        if key[1] is not None and t["metric"] in EXTRA_METRICS:
            continue  # CLV-based KPIs exist over all channels only
        if key not in rows and t["metric"] in known:
            rows.append(key)

    paced = pd.DataFrame()
    if running and with_pacing:
        paceable = (*DAILY, *RATIOS)
        paced = pacing(data, period, tuple(dict.fromkeys(
            m for m, ch, camp in rows if ch is None and camp is None and m in paceable)), as_of)

    trend = _trends(batch, 3, months, rows)
    out = []
    for metric, ch, camp in rows:
        info = METRICS[metric]
        actual, c_cur = cur.value(metric, ch, camp)
        previous, _ = prev.value(metric, ch, camp)
        year_ago, _ = year.value(metric, ch, camp)
        _, c_ref = ref.value(metric, ch, camp)
        test = sig.metric_test(metric, c_cur, c_ref, (eff.days, (prev_p if ref is prev else year_p).days))
        target, *trow = target_of.get((metric, ch, camp), (np.nan, None, None))
        projected = lo = hi = np.nan
        basis = "actual"
        judged = actual
        if ch is None and camp is None and metric in paced.index:
            projected, lo, hi = (float(paced.loc[metric, k]) for k in ("projected", "lower", "upper"))
            basis, judged = "projection", projected
        elif running and info.kind == "volume" and np.isfinite(target):
            basis, judged = "pro_rata_to_date", actual * period.days / eff.days
        pd_, pdp = _delta(actual, previous)
        yd, ydp = _delta(actual, year_ago)
        out.append({
            "metric": metric, "channel": ch, "campaign": camp, "unit": info.unit,
            "direction": info.direction, "actual": actual, "target": target,
            "target_period": trow[0], "target_rule": trow[1],
            "achievement": obj.achievement(judged, target, info.direction),
            "status": obj.status(judged, target, info.direction, at_risk),
            "status_basis": basis if np.isfinite(target) else None,
            "projected": projected, "projected_lower": lo, "projected_upper": hi,
            "previous": previous, "previous_delta": pd_, "previous_delta_pct": pdp,
            "year_ago": year_ago, "year_ago_delta": yd, "year_ago_delta_pct": ydp,
            "comparison": comparison, "p_value": test.p_value,
            "test": None if test.test == "none" else test.test,
            "provisional": bool(metric == "lead_to_customer" and as_of < eff.end + window),
            "trend": trend.get((metric, ch, camp), []),
        })
    df = pd.DataFrame(out, columns=COLUMNS)
    for col in ("channel", "campaign", "status", "status_basis", "target_period", "target_rule",
                "test"):
        df[col] = pd.Series([r[col] for r in out], dtype=object, index=df.index)
    df.attrs.update(period=period.label, as_of=as_of.isoformat(), running=running,
                    effective_period=eff.label, previous_period=prev_p.label,
                    year_ago_period=year_p.label, comparison=comparison,
                    trend_months=months)
    return df


def _none(x) -> str | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) or pd.isna(x) else x


def _target_index(targets: pd.DataFrame) -> dict[tuple, tuple[float, str | None, str | None]]:
    """``(metric, channel, campaign) -> (target, source_period, rule)`` of the objectives without
    an owner (the first row of each key, as :func:`roianalysis.scorecard.objectives.target_for` picks)."""
    out: dict[tuple, tuple[float, str | None, str | None]] = {}
    if len(targets) == 0:
        return out
    cols = ("metric", "channel", "campaign", "owner", "target", "source_period", "rule")
    for metric, ch, camp, owner, target, source, rule in zip(*(targets[c] for c in cols),
                                                              strict=True):
        if _none(owner) is None:
            out.setdefault((metric, _none(ch), _none(camp)), (float(target), source, rule))
    return out


def _trend_months(period: Period, as_of: date, first_day: date, n: int) -> list[str]:
    """Labels of the complete months (up to ``n``) ending with the period's last month."""
    last = Period.parse(f"{period.end.year}-{period.end.month:02d}")
    while last.end > as_of:
        last = last.previous()
    months = [last.shift(-i) for i in range(n)][::-1]
    return [m.label for m in months if m.start >= date(first_day.year, first_day.month, 1)
            and (m.start > first_day or m.start == first_day)]


def _trends(batch: _Batch, first: int, labels: Sequence[str], rows: Sequence[tuple]
            ) -> dict[tuple, list[float]]:
    """The monthly values of ``rows`` (campaign rows have none): months ``labels`` are the
    batch's periods ``first``, ``first + 1``... (each with the month before as comparison, as
    :func:`roianalysis.metrics.monthly_funnel_counts` gives them)."""
    data = batch.data
    available = list(data.tables)
    series: dict[tuple, list[float]] = {}
    # the formulas run once over every month (a month level on the index), not once per month
    values: dict[tuple, dict] = {}
    for by, shown in (((), [ch for _m, ch, camp in rows if ch is None and camp is None]),
                      (("channel",), [ch for _m, ch, camp in rows if ch and camp is None])):
        if not shown or not labels:
            continue
        counts = {label: batch.counts(first + j, by) for j, label in enumerate(labels)}
        if by:  # a channel shown with nothing in a month had zero of it (not unknown)
            counts = {k: with_groups(c, shown, available) for k, c in counts.items()}
        kpis_by_month = apply_formulas(pd.concat(counts, names=["_month"]),
                                       data.config.gross_margin_rate)
        values[by] = kpis_by_month.to_dict("index")  # (month, group) -> KPIs: fast lookups
    for label in labels:
        for metric, ch, camp in rows:
            if camp is not None:
                continue
            k = values.get(() if ch is None else ("channel",), {})
            v = k.get((label, ALL_CHANNELS if ch is None else ch), {}).get(metric, np.nan)
            series.setdefault((metric, ch, camp), []).append(float(v))
    return series


# ------------------------------------------------------------------------------ sales team
SALES_TEAM_COLUMNS = ["leads", "converted_leads", "lead_to_customer", "new_customers",
                      "sales_cycle_days", "revenue", "lead_to_customer_team", "p_value_vs_team"]


def sales_team(data: ClientData, period: str | Period, as_of: date | None = None) -> pd.DataFrame:
    """Per owner (sales rep): leads handled, conversion, median sales cycle, revenue, targets.

    ``lead_to_customer`` = converted leads / leads created in the period (conversion window of
    the client); ``sales_cycle_days`` = median days from lead to first order of the owner's new
    customers of the period; ``revenue`` of the owner's contacts in the period.
    ``p_value_vs_team`` tests the owner's conversion against the rest of the team (two-proportion
    z-test). Team objectives follow :func:`roianalysis.scorecard.objectives.team_targets`: for each metric
    with one, ``<metric>_target`` and ``<metric>_status``.

    For a period still running on ``as_of`` (default: the last day of data), the values are to
    date and volume targets are pro-rated to the days elapsed (``target x elapsed / days``).

    Returns an empty DataFrame when the leads carry no owner.
    """
    period = Period.parse(period)
    if not data.has("leads") or not data.engine.column_summary("leads", "owner")["count"]:
        return pd.DataFrame(columns=SALES_TEAM_COLUMNS)
    as_of = as_of or last_data_day(data)
    eff = Period(period.start, as_of, "range") if is_running(period, as_of) else period
    c = funnel_counts(data.engine, eff, ["owner"],
                      window_days=data.config.conversion_window_days,
                      available=list(data.tables))
    c = c[c.index.notna()]
    out = pd.DataFrame(index=c.index)
    out["leads"] = c["leads"]
    out["converted_leads"] = c["converted_leads"]
    out["lead_to_customer"] = c["converted_leads"] / c["leads"].where(c["leads"] > 0)
    out["new_customers"] = c["new_customers"]
    out["sales_cycle_days"] = c["sales_cycle_days"].astype("float64")
    out["revenue"] = c["revenue"]
    tot_x, tot_n = c["converted_leads"].sum(), c["leads"].sum()
    out["lead_to_customer_team"] = tot_x / tot_n if tot_n else np.nan
    out["p_value_vs_team"] = [sig.two_proportions(x, n, tot_x - x, tot_n - n).p_value
                              for x, n in zip(c["converted_leads"], c["leads"], strict=True)]
    targets = obj.read_targets(data.tables.get("objectives"), period)
    at_risk = float(data.config.status_thresholds.get("at_risk", 0.9))
    tt = obj.team_targets(targets, list(out.index))
    for metric in tt.columns:
        d = METRICS[metric].direction
        share = eff.days / period.days if METRICS[metric].kind == "volume" else 1.0
        out[f"{metric}_target"] = tt[metric] * share
        out[f"{metric}_status"] = [obj.status(a, t, d, at_risk)
                                   for a, t in zip(out[metric], out[f"{metric}_target"], strict=True)]
    out.index.name = "owner"
    out.attrs.update(period=period.label, effective_period=eff.label, running=eff != period)
    return out
