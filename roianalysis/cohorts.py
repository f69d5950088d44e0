"""Retention cohorts and period retention (docs/design.md sections 6.2, 5.4).

- :func:`cohort_matrix`: cohort = period (month by default) of a customer's first order; cell
  ``(c, k)`` = customers of cohort ``c`` ordering in period ``c + k`` (``counts``), their share of
  the cohort (``shares``), their revenue (``revenue``) and the revenue of periods ``0..k`` per
  cohort customer (``cumulative_revenue_per_customer``). Optionally by acquisition channel.
- :func:`period_retention`: ``retention_rate`` = share of the customers who ordered in the previous
  period who also ordered in P; ``churn_rate = 1 - retention_rate``.
- :func:`project_cohorts`: shifted-beta-geometric projection of the cohort curves (Fader & Hardie
  2007), for contractual businesses where ordering in a period means being active in it.

The per-row work (period of each order, first period of each customer, counts) runs in the engine
as Ibis expressions; only the cohort x period table comes back to pandas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from roianalysis.clv.rfm import orders_table
from roianalysis.clv.sbg import ShiftedBetaGeoModel
from roianalysis.periods import Period
from roianalysis.schema import UNKNOWN_CHANNEL

__all__ = ["CohortMatrix", "cohort_matrix", "period_retention", "project_cohorts"]

_PERIODS = ("M", "Q", "Y", "W")


@dataclass
class CohortMatrix:
    """Cohort x period-since-acquisition tables.

    Attributes
    ----------
    table : DataFrame
        Long form: ``[segment,] cohort, period_index, customers, revenue, cohort_size, share,
        cumulative_revenue_per_customer``.
    counts, shares, revenue, cumulative_revenue_per_customer : DataFrame
        Wide form: index ``cohort`` (or ``segment, cohort``), columns ``period_index`` 0, 1, ...
        Cells after the last observed period are NaN (not 0): they have not happened yet.
    sizes : Series
        Customers per cohort (period 0).
    period : str
        ``M`` (month), ``Q``, ``Y`` or ``W`` (ISO week).
    """

    table: pd.DataFrame
    counts: pd.DataFrame
    shares: pd.DataFrame
    revenue: pd.DataFrame
    cumulative_revenue_per_customer: pd.DataFrame
    sizes: pd.Series
    period: str = "M"
    segment: str | None = field(default=None)


def _period_index(ts: ir.TimestampValue, period: str) -> ir.IntegerValue:
    """Integer index of the calendar period of ``ts`` (consecutive periods differ by 1)."""
    if period == "M":
        return ts.year() * 12 + ts.month() - 1
    if period == "Q":
        return ts.year() * 4 + ts.quarter() - 1
    if period == "Y":
        return ts.year().cast("int64")
    if period == "W":  # ISO weeks start on Monday; 1970-01-05 was a Monday
        days = ts.truncate("W").date().delta(ibis.date(1970, 1, 5), unit="day")
        return (days // 7).cast("int64")
    raise ValueError(f"unknown cohort period {period!r}: use one of {', '.join(_PERIODS)}")


def _period_label(index: pd.Series, period: str) -> pd.Series:
    i = index.astype("int64")
    if period == "M":
        return pd.Series([f"{v // 12:04d}-{v % 12 + 1:02d}" for v in i], index=index.index)
    if period == "Q":
        return pd.Series([f"{v // 4:04d}-Q{v % 4 + 1}" for v in i], index=index.index)
    if period == "Y":
        return i.astype(str)
    start = pd.Timestamp("1970-01-05") + pd.to_timedelta(i * 7, unit="D")
    return pd.Series([f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in start],
                     index=index.index)


def _channel_frame(contact_channel) -> pd.DataFrame:
    if isinstance(contact_channel, pd.DataFrame):
        if {"contact_id", "channel"} <= set(contact_channel.columns):
            df = contact_channel[["contact_id", "channel"]]
        elif contact_channel.shape[1] == 1:
            df = contact_channel.iloc[:, 0].rename("channel").rename_axis("contact_id").reset_index()
        else:
            raise ValueError("contact_channel needs columns contact_id and channel")
    else:
        df = pd.Series(contact_channel).rename("channel").rename_axis("contact_id").reset_index()
    df = df.astype({"contact_id": str})
    df["channel"] = df["channel"].astype(object).where(df["channel"].notna(), None).astype(str)
    return df.drop_duplicates("contact_id")


def cohort_matrix(orders, *, period: str = "M", contact_channel=None, channel_col: str | None = None,
                  start=None, end=None, customer_col: str = "contact_id",
                  time_col: str = "ordered_at", value_col: str = "revenue") -> CohortMatrix:
    """Retention matrix by acquisition cohort, optionally by acquisition channel.

    Parameters
    ----------
    orders : Ibis table, Engine, ClientData or pandas DataFrame
        Orders (``contact_id``, ``ordered_at``, ``revenue``).
    period : {"M", "Q", "Y", "W"}
        Cohort and activity period: month (default), quarter, year, ISO week.
    contact_channel : Series or DataFrame, optional
        Acquisition channel per contact (Series indexed by contact id, or ``contact_id`` and
        ``channel`` columns), e.g. from the metrics module. Contacts absent from it are
        ``(unknown)``. Gives one matrix block per channel.
    channel_col : str, optional
        Alternatively, a column of the orders table holding the acquisition channel (its value on
        the contact's first order is used).
    start, end : timestamp-like, optional
        Only orders with ``start <= ordered_at < end`` are read. Cohorts are still defined by the
        first order *within* that window, so use ``start`` with care.

    Returns
    -------
    CohortMatrix
    """
    period = period.upper()
    if period not in _PERIODS:
        raise ValueError(f"unknown cohort period {period!r}: use one of {', '.join(_PERIODS)}")
    table, executor = orders_table(orders)
    cols = dict(cid=table[customer_col], ts=table[time_col],
                value=table[value_col].cast("float64").fill_null(0.0))
    if channel_col is not None:
        cols["seg"] = table[channel_col].cast("string")
    t = table.select(**cols)
    t = t.filter(t.cid.notnull() & t.ts.notnull())
    if start is not None:
        t = t.filter(t.ts >= ibis.literal(pd.Timestamp(start).to_pydatetime()))
    if end is not None:
        t = t.filter(t.ts < ibis.literal(pd.Timestamp(end).to_pydatetime()))
    t = t.mutate(p=_period_index(t.ts, period))

    # one row per customer and active period
    aggs = dict(revenue=t.value.sum())
    if channel_col is not None:
        aggs["first_ts"] = t.ts.min()
        aggs["seg_first"] = t.seg.argmin(t.ts)
    active = t.group_by(["cid", "p"]).aggregate(**aggs)
    # first period per customer
    firsts = {"cohort": active.p.min()}
    if channel_col is not None:
        firsts["seg"] = active.seg_first.argmin(active.first_ts)
    first = active.group_by("cid").aggregate(**firsts)
    if contact_channel is not None:
        ch = ibis.memtable(_channel_frame(contact_channel))
        first = first.left_join(ch, first.cid == ch.contact_id).select(
            "cid", "cohort", seg=ibis.coalesce(ch.channel, ibis.literal(UNKNOWN_CHANNEL)))
    joined = active.join(first, active.cid == first.cid)
    joined = joined.mutate(k=joined.p - joined.cohort)
    keys = ["cohort", "k"]
    segmented = contact_channel is not None or channel_col is not None
    if segmented:
        joined = joined.mutate(seg=joined.seg.fill_null(UNKNOWN_CHANNEL))
        keys = ["seg"] + keys
    cells = joined.group_by(keys).aggregate(customers=joined.count(), revenue=joined.revenue.sum())
    df = executor.execute(cells)
    # the last period with an order is the largest cohort + k (every order falls in some cell)
    return _assemble(df, segmented, period, None, "channel" if segmented else None)


def _assemble(df: pd.DataFrame, segmented: bool, period: str, last_period: int | None,
              segment_name: str | None) -> CohortMatrix:
    keys = (["seg"] if segmented else []) + ["cohort"]
    df = df.astype({"cohort": "int64", "k": "int64", "customers": "int64", "revenue": float})
    if df.empty:
        empty = pd.DataFrame()
        return CohortMatrix(df, empty, empty, empty, empty, pd.Series(dtype="int64"), period)
    # full grid of observed cells: cohort c is observed for k = 0 .. last_period - c
    last_period = int((df["cohort"] + df["k"]).max()) if last_period is None else last_period
    idx = df[keys].drop_duplicates()
    rows = []
    for rec in idx.itertuples(index=False):
        c = rec[-1]
        for k in range(0, last_period - c + 1):
            rows.append((*rec, k))
    grid = pd.DataFrame(rows, columns=keys + ["k"])
    full = grid.merge(df, on=keys + ["k"], how="left").fillna({"customers": 0, "revenue": 0.0})
    full["customers"] = full["customers"].astype("int64")
    full = full.sort_values(keys + ["k"]).reset_index(drop=True)
    size = full.loc[full["k"] == 0].set_index(keys)["customers"]
    full["cohort_size"] = full.set_index(keys).index.map(size).to_numpy()
    full["share"] = full["customers"] / full["cohort_size"]
    full["cumulative_revenue_per_customer"] = (full.groupby(keys)["revenue"].cumsum()
                                               / full["cohort_size"])
    labels = _period_label(full["cohort"], period)
    full["cohort"] = labels.to_numpy()
    full = full.rename(columns={"k": "period_index"})
    if segmented:
        full = full.rename(columns={"seg": segment_name or "segment"})
    index = ([segment_name or "segment"] if segmented else []) + ["cohort"]

    def wide(col: str) -> pd.DataFrame:
        w = full.pivot_table(index=index, columns="period_index", values=col, aggfunc="first")
        w.columns.name = "period_index"
        return w

    sizes = full.loc[full["period_index"] == 0].set_index(index)["customers"].rename("cohort_size")
    return CohortMatrix(full, wide("customers"), wide("share"), wide("revenue"),
                        wide("cumulative_revenue_per_customer"), sizes, period,
                        segment_name if segmented else None)


def period_retention(orders, periods: Sequence[str | Period], *, customer_col: str = "contact_id",
                     time_col: str = "ordered_at") -> pd.DataFrame:
    """Retention and churn for each period against the period before it (docs/design.md section 5.4).

    ``retention_rate`` = share of the customers who ordered in ``P.previous()`` who also ordered
    in ``P``; ``churn_rate = 1 - retention_rate``; both NaN when nobody ordered in the previous
    period.

    Returns
    -------
    DataFrame
        One row per period (index: period label) with ``customers_previous``, ``retained``,
        ``customers`` (ordering in P), ``retention_rate`` and ``churn_rate``.
    """
    table, executor = orders_table(orders)
    rows = {}
    for p in periods:
        p = Period.parse(p)
        prev = p.previous()
        lo = ibis.literal(prev.start_ts.to_pydatetime())
        mid = ibis.literal(p.start_ts.to_pydatetime())
        hi = ibis.literal(p.end_exclusive.to_pydatetime())
        ts = table[time_col]
        t = table.filter((ts >= lo) & (ts < hi)).select(cid=table[customer_col], ts=ts)
        per = t.group_by("cid").aggregate(in_prev=(t.ts < mid).any(), in_cur=(t.ts >= mid).any())
        agg = per.aggregate(prev_n=per.in_prev.sum(),
                            cur_n=per.in_cur.sum(),
                            kept=(per.in_prev & per.in_cur).sum())
        r = executor.execute(agg).iloc[0]
        prev_n = int(r["prev_n"] or 0)
        kept = int(r["kept"] or 0)
        rate = kept / prev_n if prev_n else np.nan
        rows[p.label] = {"customers_previous": prev_n, "retained": kept,
                         "customers": int(r["cur_n"] or 0), "retention_rate": rate,
                         "churn_rate": 1 - rate if prev_n else np.nan}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "period"
    return out


def project_cohorts(matrix: CohortMatrix | pd.DataFrame, horizon: int, *, pooled: bool = True,
                    min_periods: int = 2) -> pd.DataFrame:
    """Project cohort retention curves with the shifted-beta-geometric model.

    Each cohort's observed curve ``n_0, n_1, ...`` (customers active in period ``k``; made
    non-increasing by a running minimum, since a contractual customer who left does not come back)
    is fitted by :class:`~roianalysis.clv.ShiftedBetaGeoModel`, one (alpha, beta) for all cohorts
    when ``pooled`` (recommended for young cohorts), one per cohort otherwise. Cohorts with fewer
    than ``min_periods`` observed periods after period 0 are projected with the pooled fit.

    Parameters
    ----------
    matrix : CohortMatrix or DataFrame of counts (cohorts x period_index)
    horizon : int
        Last period index to project (e.g. 24 months).

    Returns
    -------
    DataFrame
        Long form, one row per cohort and period index ``0..horizon``: ``observed`` (share active,
        NaN when not yet observed), ``projected`` (sBG survival share), ``cohort_size``, ``alpha``
        and ``beta`` of the fit used. ``attrs["pooled_model"]`` holds the pooled fit.
    """
    counts = matrix.counts if isinstance(matrix, CohortMatrix) else matrix
    curves = {}
    for key, row in counts.iterrows():
        vals = row.dropna().to_numpy(dtype=float)
        if len(vals) == 0 or vals[0] <= 0:
            continue
        curves[key] = np.minimum.accumulate(vals)
    fit_set = [v for v in curves.values() if len(v) >= 2 and len(v) - 1 >= 1]
    if not fit_set:
        raise ValueError("no cohort has been observed for more than one period: nothing to fit")
    pooled_model = ShiftedBetaGeoModel().fit(fit_set)
    out = []
    k = np.arange(horizon + 1)
    for key, v in curves.items():
        model = pooled_model
        if not pooled and len(v) - 1 >= min_periods:
            model = ShiftedBetaGeoModel().fit(v)
        observed = np.full(horizon + 1, np.nan)
        n = min(len(v), horizon + 1)
        observed[:n] = v[:n] / v[0]
        out.append(pd.DataFrame({
            "cohort": [key] * len(k), "period_index": k, "observed": observed,
            "projected": model.survival(k), "cohort_size": v[0],
            "alpha": model.params_["alpha"], "beta": model.params_["beta"]}))
    res = pd.concat(out, ignore_index=True)
    res.attrs["pooled_model"] = pooled_model
    return res
