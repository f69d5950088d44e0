"""KPIs of a period, overall and per channel: :func:`kpis` and :func:`funnel`.

The engine (:mod:`roianalysis.aggregates`) computes the counts and sums of the period; the
formulas (:mod:`roianalysis.formulas`) turn them into ratios in pandas. Every name here is the
docs/design.md section 5 name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import numpy as np
import pandas as pd

from roianalysis import aggregates as agg
from roianalysis import formulas as f
from roianalysis.data import cache as resultcache
from roianalysis.data.client import ClientData
from roianalysis.engine import Engine
from roianalysis.periods import Period
from roianalysis.schema import ALL_CHANNELS

#: Columns of :func:`funnel`, in order.
FUNNEL_COLUMNS = [
    "cost", "marketing_cost", "media_cost", "impressions", "clicks", "sessions", "visitors",
    "leads", "new_customers", "customers", "orders", "revenue", "gross_margin",
    "cpl", "cpc", "ctr", "cpm", "cac", "cost_per_visitor", "visitor_to_lead", "lead_to_customer",
    "visitors_per_customer", "average_basket", "purchase_frequency", "roas", "roi", "margin_roi",
    "roi_on_growth", "retention_rate", "churn_rate", "nps", "nps_answers", "sales_cycle_days",
]


#: The aggregates :func:`funnel_counts` computes (one engine query each).
COUNT_PARTS = ("spend", "traffic", "leads", "customers", "orders", "retention", "nps")


#: The aggregates (:data:`COUNT_PARTS`) each KPI of :data:`FUNNEL_COLUMNS` is computed from;
#: ``roi_on_growth`` also needs the comparison period's revenue.
PARTS_OF = {
    **{m: ("spend",) for m in ("cost", "marketing_cost", "media_cost", "impressions", "clicks",
                               "cpc", "ctr", "cpm")},
    "sessions": ("traffic",), "visitors": ("traffic",),
    "leads": ("leads",), "lead_to_customer": ("leads",),
    "new_customers": ("customers",), "sales_cycle_days": ("customers",),
    **{m: ("orders",) for m in ("customers", "orders", "revenue", "gross_margin",
                                "average_basket", "purchase_frequency")},
    "cpl": ("spend", "leads"), "cac": ("spend", "customers"),
    "cost_per_visitor": ("spend", "traffic"), "visitor_to_lead": ("traffic", "leads"),
    "visitors_per_customer": ("traffic", "customers"),
    **{m: ("spend", "orders") for m in ("roas", "roi", "margin_roi", "roi_on_growth")},
    "retention_rate": ("retention",), "churn_rate": ("retention",),
    "nps": ("nps",), "nps_answers": ("nps",),
}


def parts_for(metrics: Sequence[str]) -> tuple[str, ...]:
    """The :data:`COUNT_PARTS` needed to compute ``metrics`` (names of :data:`FUNNEL_COLUMNS`;
    other names need none), in :data:`COUNT_PARTS` order."""
    needed = {part for m in metrics for part in PARTS_OF.get(m, ())}
    return tuple(p for p in COUNT_PARTS if p in needed)


def _dims(by: str | Sequence[str] | None) -> list[str]:
    if by is None or by == "total":
        return []
    dims = [by] if isinstance(by, str) else list(by)
    bad = [d for d in dims if d not in agg.DIMENSIONS]
    if bad:
        raise ValueError(f"cannot break down by {bad}: choose among {', '.join(agg.DIMENSIONS)}")
    if "campaign" in dims and "channel" not in dims:
        dims = ["channel", *dims]  # campaign names are only unique within a channel
    return dims


def channels_known(data) -> bool:
    """True when something can tie a customer to the channel that brought it: touchpoints, or
    leads of which some carry a channel. Without either, every customer is of channel
    ``(unknown)`` and per-channel revenue, ROI or CAC would only say so."""
    if data.has("touchpoints"):
        return True
    return bool(data.has("leads") and "channel" in data.columns("leads")
                and data.engine.column_summary("leads", "channel")["count"] > 0)


def contacts_table(engine: Engine):
    """The per-contact acquisition table (:func:`roianalysis.aggregates.contacts`), one per
    engine (:meth:`Engine.derived_table`: precomputed in the store's database file, or cached by
    the backend at first use) so every aggregate reuses it."""
    return engine.derived_table(agg.CONTACTS, agg.engine_contacts)


#: Name of :func:`funnel_counts`' entries in the result cache (one per period, breakdown and
#: options), shared by :func:`funnel_counts_many`.
_COUNTS = "roianalysis.metrics.funnel_counts"


def _count_args(engine: Engine, period: Period, by: Sequence[str] = (), window_days: int = 90,
                previous: Period | None = None, comparison: Period | None = None,
                available: Sequence[str] | None = None, parts: Sequence[str] = COUNT_PARTS) -> dict:
    """The arguments of :func:`funnel_counts` written one way (defaults resolved, sets sorted):
    equal calls get the same cache entry however they were written."""
    unknown = set(parts) - set(COUNT_PARTS)
    if unknown:
        raise ValueError(f"unknown count parts {sorted(unknown)}: choose among {COUNT_PARTS}")
    period = Period.parse(period)
    return {
        "period": period, "by": list(by), "window_days": int(window_days),
        "previous": Period.parse(previous) if previous is not None else period.previous(),
        "comparison": Period.parse(comparison) if comparison is not None else None,
        "available": sorted(set(available if available is not None else engine.tables)),
        "parts": [p for p in COUNT_PARTS if p in set(parts)],
    }


def funnel_counts(engine: Engine, period: Period, by: Sequence[str] = (), *,
                  window_days: int = 90, previous: Period | None = None,
                  comparison: Period | None = None, available: Sequence[str] | None = None,
                  parts: Sequence[str] = COUNT_PARTS, cache: bool = True) -> pd.DataFrame:
    """The engine-side counts and sums of ``period`` grouped by ``by`` (small: one row per group).

    Columns: those of :func:`roianalysis.aggregates.spend_totals`, ``traffic_totals``,
    ``lead_totals``, ``customer_totals``, ``order_totals`` (with ``new_customer_revenue``: revenue
    in P of the contacts whose first order ever is in P), ``retention_totals`` (against
    ``previous``, default the period before), ``nps_totals`` and ``comparison_revenue`` (revenue of
    ``comparison``). Tables the client does not have give NaN columns (unknown), not zeros.
    ``parts`` (names of :data:`COUNT_PARTS`) limits the aggregates computed, one query each; the
    others' columns are NaN (``comparison_revenue`` is part of ``orders``).

    Kept in the client's result cache (:mod:`roianalysis.data.cache`), where
    :func:`funnel_counts_many` finds and leaves its periods too; ``cache=False`` computes with the
    engine and neither reads nor writes the cache.
    """
    args = _count_args(engine, period, by, window_days, previous, comparison, available, parts)
    if not cache:
        return _funnel_counts(engine, **args)
    hit = resultcache.lookup(engine, _COUNTS, args)
    if hit is not None:
        return hit
    out = _funnel_counts(engine, **args)
    resultcache.store(engine, _COUNTS, args, out)
    return out


def _funnel_counts(engine: Engine, period: Period, by: list[str], window_days: int,
                   previous: Period, comparison: Period | None, available: list[str],
                   parts: list[str]) -> pd.DataFrame:
    available = set(available)
    ct = contacts_table(engine)
    wanted = set(parts)
    frames: list[pd.DataFrame] = []

    def run(name: str, build, needs: Sequence[str], dims_ok: bool = True) -> None:
        if not dims_ok or name not in wanted:
            return
        frames.append(_indexed(engine.execute(build()), by, needs, available))

    spend_ok = all(d in agg.SPEND_DIMENSIONS for d in by)
    run("spend", lambda: agg.spend_totals(engine.table("spend"), period, by), ["spend"], spend_ok)
    if "touchpoints" in available or "traffic" not in available:
        run("traffic", lambda: agg.traffic_totals(engine.table("touchpoints"), period, by),
            ["touchpoints"], spend_ok)
    else:  # aggregated web analytics (GA4...) instead of touchpoints
        run("traffic", lambda: agg.traffic_table_totals(engine.table("traffic"), period, by),
            ["traffic"], spend_ok)
    run("leads", lambda: agg.lead_totals(ct, period, window_days, by), ["leads"])
    run("customers", lambda: agg.customer_totals(ct, period, by), ["orders"])
    run("orders", lambda: agg.order_totals(engine.table("orders"), ct, period, by), ["orders"])
    run("retention", lambda: agg.retention_totals(engine.table("orders"), ct, period, previous, by),
        ["orders"])
    run("nps", lambda: agg.nps_totals(engine.table("nps"), ct, period, by), ["nps"])
    if comparison is not None and "orders" in wanted:  # revenue: an orders aggregate
        cmp = engine.execute(agg.order_totals(engine.table("orders"), ct, comparison, by))
        if not by:
            cmp = cmp.assign(_all=ALL_CHANNELS)
        cmp = cmp.set_index(by or ["_all"])[["revenue"]].rename(columns={"revenue": "comparison_revenue"})
        if "orders" not in available:
            cmp["comparison_revenue"] = np.nan
        frames.append(cmp)
    return _traffic_known(_finish_counts(frames, by, available, spend_ok))


def with_groups(counts: pd.DataFrame, groups: Sequence, available: Sequence[str],
                spend_ok: bool = True) -> pd.DataFrame:
    """:func:`funnel_counts` ``counts`` with a row for each of ``groups`` too (one-level
    breakdowns): a group with no row had zero of every count whose table the client has (NaN
    where it lacks the table), as within :func:`funnel_counts`. Columns all NaN in ``counts``
    (aggregates left out of ``parts``, no comparison) stay NaN for the added groups."""
    missing = [g for g in dict.fromkeys(groups) if g not in counts.index]
    if not missing:
        return counts
    empty = counts.iloc[0:0].reindex(pd.Index(missing, name=counts.index.name))
    extra = _finish_counts([empty], [counts.index.name], set(available), spend_ok)[counts.columns]
    # columns left out of the computation (other parts, no comparison) stay unknown
    unknown = [c for c in counts.columns if len(counts) and counts[c].isna().all()]
    extra[unknown] = np.nan
    return pd.concat([counts, extra]).sort_index()


def _indexed(df: pd.DataFrame, by: list[str], needs: Sequence[str], available: set[str]
             ) -> pd.DataFrame:
    """One table's aggregate indexed by the breakdown (``ALL_CHANNELS`` without one); all NaN when the
    client lacks a table it needs (unknown, not zero)."""
    if not by:
        df = df.assign(_all=ALL_CHANNELS)
    keys = by or ["_all"]
    if not all(n in available for n in needs):
        for c in df.columns:
            if c not in keys:
                df[c] = np.nan
    return df.set_index(keys)


def _finish_counts(parts: list[pd.DataFrame], by: list[str], available: set[str],
                   spend_ok: bool) -> pd.DataFrame:
    """Join the per-table aggregates (indexed by ``by``; ``_all`` names the one-row index of a
    total); zeros where a table exists but had no row for a group, NaN where the client has no
    such table."""
    out = pd.concat(parts, axis=1, join="outer") if parts else pd.DataFrame()
    out.index.names = [None if n == "_all" else n for n in by] or [None]
    # a group absent from a table had zero of it (when the table exists)
    count_cols = {
        "spend": ["cost", "marketing_cost", "media_cost", "clicks", "impressions", "cost_with_clicks",
                  "cost_with_impressions", "clicks_with_impressions", "impressions_with_clicks"],
        "touchpoints": ["sessions", "visitors", "sessions_rows", "users_rows"],
        "leads": ["leads", "converted_leads"],
        "orders": ["new_customers", "new_customers_with_lead", "orders", "revenue",
                   "new_customer_revenue", "customers",
                   "margin_known", "revenue_without_margin", "orders_without_margin",
                   "previous_customers", "retained_customers", "comparison_revenue"],
        "nps": ["nps_answers", "promoters", "detractors"],
    }
    for table, cols in count_cols.items():
        have = table in available or (table == "touchpoints" and "traffic" in available)
        for c in cols:
            if c not in out:
                out[c] = np.nan
            elif have and (table != "spend" or spend_ok) and (
                    table != "touchpoints" or spend_ok):
                out[c] = out[c].astype("float64").fillna(0.0)
            else:
                out[c] = out[c].astype("float64")
    if "sales_cycle_days" not in out:
        out["sales_cycle_days"] = np.nan
    if "orders" not in available:  # no orders table: conversions are unknown, not zero
        out["converted_leads"] = np.nan
    return out.sort_index()


def _traffic_known(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts of one period from the ``traffic`` table: ``sessions`` (``visitors``) are unknown
    (NaN), not zero, when no row of the period carries sessions (users), e.g. a period the
    analytics export does not cover or an export without a users column."""
    for col, rows in (("sessions", "sessions_rows"), ("visitors", "users_rows")):
        if rows in counts and counts[rows].notna().any() and not (counts[rows] > 0).any():
            counts[col] = np.nan
    return counts


def funnel_counts_many(engine: Engine, periods: Sequence[Period], by: Sequence[str] = (), *,
                       window_days: int = 90, previous: Sequence[Period] | None = None,
                       comparison: Sequence[Period] | None = None,
                       available: Sequence[str] | None = None,
                       parts: Sequence[str] = COUNT_PARTS) -> list[pd.DataFrame]:
    """:func:`funnel_counts` of several periods, in the order of ``periods``, in one engine pass
    per table instead of one per period: each row is joined to the periods that contain it
    (:func:`roianalysis.aggregates.in_periods`), so periods may overlap.

    ``previous`` and ``comparison`` (one per period; default the period before each, and no
    comparison) are those of :func:`funnel_counts`, and so is the result cache: periods already
    computed by either function are read from it, the others computed together and kept there.
    """
    periods = [Period.parse(p) for p in periods]
    previous = list(previous) if previous is not None else [None] * len(periods)
    cmps = list(comparison) if comparison is not None else [None] * len(periods)
    if len(previous) != len(periods) or len(cmps) != len(periods):
        raise ValueError("give one previous (and comparison) period per period")
    args = [_count_args(engine, p, by, window_days, pv, c, available, parts)
            for p, pv, c in zip(periods, previous, cmps, strict=True)]
    out: list[pd.DataFrame | None] = [resultcache.lookup(engine, _COUNTS, a) for a in args]
    todo = [i for i, frame in enumerate(out) if frame is None]
    # the comparison revenue is one more pass: computed only for the periods that ask for it
    for with_cmp in (True, False):
        some = [i for i in todo if (args[i]["comparison"] is not None) == with_cmp]
        if not some:
            continue
        first = args[some[0]]
        frames = _funnel_counts_many(
            engine, [args[i]["period"] for i in some], first["by"], first["window_days"],
            [args[i]["previous"] for i in some],
            [args[i]["comparison"] for i in some] if with_cmp else None,
            first["available"], first["parts"])
        for i, frame in zip(some, frames, strict=True):
            resultcache.store(engine, _COUNTS, args[i], frame)
            out[i] = frame
    return out  # type: ignore[return-value]


def _funnel_counts_many(engine: Engine, periods: list[Period], by: list[str], window_days: int,
                        previous: list[Period], comparison: list[Period] | None,
                        available: list[str], parts: list[str]) -> list[pd.DataFrame]:
    available = set(available)
    ct = contacts_table(engine)
    cur_t = agg.periods_table(periods)
    spend_ok = all(d in agg.SPEND_DIMENSIONS for d in by)
    keys = ["_period", *by]
    wanted = set(parts)
    frames: list[pd.DataFrame] = []

    def run(name: str, build, needs: Sequence[str], dims_ok: bool = True) -> None:
        if dims_ok and name in wanted:
            frames.append(_indexed_many(engine.execute(build()), len(periods), by, needs, available))

    def at(t, col):
        return agg.in_periods(t, col, cur_t)

    span = Period(min(p.start for p in periods), max(p.end for p in periods), "range")
    run("spend", lambda: agg.spend_totals(at(engine.table("spend"), "date"), span, keys),
        ["spend"], spend_ok)
    if "touchpoints" in available or "traffic" not in available:
        run("traffic", lambda: agg.traffic_totals(at(engine.table("touchpoints"), "timestamp"),
                                                  span, keys), ["touchpoints"], spend_ok)
    else:
        run("traffic", lambda: agg.traffic_table_totals(at(engine.table("traffic"), "date"), span,
                                                        keys), ["traffic"], spend_ok)
    run("leads", lambda: agg.lead_totals(at(ct, "created_at"), span, window_days, keys), ["leads"])
    run("customers", lambda: agg.customer_totals(at(ct, "first_order_at"), span, keys), ["orders"])
    run("orders", lambda: agg.order_totals(
        agg.in_periods(engine.table("orders"), "ordered_at", cur_t, keep_bounds=True), ct, span,
        keys), ["orders"])
    run("retention", lambda: agg.periods_retention_totals(
        engine.table("orders"), ct, cur_t, agg.periods_table(previous), by), ["orders"])
    run("nps", lambda: agg.nps_totals(at(engine.table("nps"), "answered_at"), ct, span, keys), ["nps"])
    if comparison is not None and "orders" in wanted:  # revenue: an orders aggregate
        cmp_span = Period(min(p.start for p in comparison), max(p.end for p in comparison), "range")
        o = agg.in_periods(engine.table("orders"), "ordered_at", agg.periods_table(comparison),
                          keep_bounds=True)
        cmp = _indexed_many(engine.execute(agg.order_totals(o, ct, cmp_span, keys)), len(periods),
                            by, ["orders"], available)
        frames.append(cmp[["revenue"]].rename(columns={"revenue": "comparison_revenue"}))
    if not frames:  # no part asked for: what funnel_counts gives then, for each period
        return [_finish_counts([], by, available, spend_ok) for _ in periods]
    out = _finish_counts(frames, ["_period", *(by or ["_all"])], available, spend_ok)
    return [_traffic_known(_period_rows(out, i, by)) for i in range(len(periods))]


def _indexed_many(df: pd.DataFrame, n: int, by: list[str], needs: Sequence[str],
                  available: set[str]) -> pd.DataFrame:
    """:func:`_indexed` of a result grouped by ``_period``: without a breakdown, one row per
    period even when the period had no row (an ungrouped aggregate always has one)."""
    if not by:
        df = df.set_index("_period").reindex(pd.RangeIndex(n, name="_period")).reset_index()
    return _indexed(df, ["_period", *by], needs, available) if by else _indexed(
        df.assign(_all=ALL_CHANNELS), ["_period", "_all"], needs, available)


def _period_rows(out: pd.DataFrame, i: int, by: list[str]) -> pd.DataFrame:
    """The rows of period ``i`` of a frame indexed by ``_period`` then the breakdown, indexed like
    :func:`funnel_counts`."""
    codes = out.index.get_level_values("_period")
    rows = out[codes == i].droplevel("_period")
    if isinstance(rows.index, pd.MultiIndex):
        rows.index = rows.index.remove_unused_levels()
    rows.index.names = by or [None]
    return rows


def monthly_funnel_counts(engine: Engine, months: Sequence[Period], by: Sequence[str] = (), *,
                          window_days: int = 90, available: Sequence[str] | None = None,
                          parts: Sequence[str] = COUNT_PARTS, comparison: bool = True
                          ) -> dict[str, pd.DataFrame]:
    """:func:`funnel_counts` of each calendar month in ``months`` (retention and, with
    ``comparison``, ``comparison_revenue`` against the month before) in one engine pass per table
    (:func:`funnel_counts_many`). Returns ``{month label: counts}``; each frame equals
    ``funnel_counts(engine, month, by, comparison=month.previous(), parts=parts)``.
    """
    months = sorted(Period.parse(m) for m in months)
    before = [m.previous() for m in months]
    frames = funnel_counts_many(engine, months, by, window_days=window_days, previous=before,
                                comparison=before if comparison else None, available=available,
                                parts=parts)
    return {m.label: f for m, f in zip(months, frames, strict=True)}


def funnel_by_month(data: ClientData, period: str | Period, months: int = 12,
                    by: str | Sequence[str] | None = "channel", *, parts: Sequence[str] = COUNT_PARTS,
                    comparison: bool = True, engine: Engine | None = None) -> pd.DataFrame:
    """:func:`funnel` of each of the ``months`` calendar months ending with the period's last
    month (the first may hold no data when the client's data start later), in one engine pass per
    table (:func:`monthly_funnel_counts`): every value equals ``funnel(data, month, by)``'s.

    Parameters
    ----------
    data : ClientData
    period : str or Period
        Its last calendar month is the last month of the result.
    months : int
        Number of calendar months.
    by : str, list of str or None
        As in :func:`funnel`; ``None`` for the all-channel total. By ``channel``, every channel of
        the client has a row each month (zeros where its tables had no row that month).
    parts : names of :data:`COUNT_PARTS`
        The aggregates computed; the KPIs that need another one are NaN.
    comparison : bool
        Compute ``roi_on_growth`` against the month before (one more orders pass).

    Returns
    -------
    DataFrame
        Long form, months in order: ``month_start`` (first day of the month, datetime64), the
        breakdown column(s) when ``by`` is given, then :data:`FUNNEL_COLUMNS` (same units as
        :func:`funnel`).
    """
    p = Period.parse(period)
    last = Period.parse(f"{p.end.year}-{p.end.month:02d}")
    month_list = [last.shift(-i) for i in range(months - 1, -1, -1)]
    dims = _dims(by)
    available = list(data.tables)
    counts = monthly_funnel_counts(engine or data.engine, month_list, dims,
                                   window_days=data.config.conversion_window_days,
                                   available=available, parts=parts, comparison=comparison)
    frames = []
    for m in month_list:
        c = counts[m.label]
        if dims == ["channel"]:
            c = with_groups(c, sorted(data.channels), available)
        k = apply_formulas(c, data.config.gross_margin_rate)
        k = k.reset_index(drop=not dims)
        k.insert(0, "month_start", pd.Timestamp(m.start))
        frames.append(k)
    out = pd.concat(frames, ignore_index=True)
    out["month_start"] = out["month_start"].astype("datetime64[ns]")
    return out.sort_values(["month_start", *dims]).reset_index(drop=True)


def apply_formulas(c: pd.DataFrame, gross_margin_rate: float | None) -> pd.DataFrame:
    """Turn :func:`funnel_counts` into the KPI table (columns :data:`FUNNEL_COLUMNS`).

    The formulas run on the columns as NumPy arrays (same float operations as on Series, without
    pandas' per-operation overhead: this runs for every period and breakdown of a report).
    """
    rate = np.nan if gross_margin_rate is None else gross_margin_rate

    def col(name: str) -> np.ndarray:
        return c[name].to_numpy(dtype="float64", na_value=np.nan)

    out = {name: col(name) for name in [
        "cost", "marketing_cost", "media_cost", "impressions", "clicks", "sessions", "visitors",
        "leads", "new_customers", "customers", "orders", "revenue"]}
    cost, marketing, leads, visitors = out["cost"], out["marketing_cost"], out["leads"], out["visitors"]
    new, orders, revenue = out["new_customers"], out["orders"], out["revenue"]
    missing_margin = col("revenue_without_margin") * rate
    gross_margin = col("margin_known") + np.where(col("orders_without_margin") > 0, missing_margin, 0.0)
    retained, previous = col("retained_customers"), col("previous_customers")
    cmp = col("comparison_revenue") if "comparison_revenue" in c else np.full(len(c), np.nan)
    out.update(
        gross_margin=gross_margin,
        cpl=f.cost_per_lead(marketing, leads),
        cpc=f.cost_per_click(col("cost_with_clicks"), out["clicks"]),
        ctr=f.click_through_rate(col("clicks_with_impressions"), col("impressions_with_clicks")),
        cpm=f.cost_per_mille(col("cost_with_impressions"), out["impressions"]),
        cac=f.customer_acquisition_cost(cost, new),
        cost_per_visitor=f.cost_per_visitor(marketing, visitors),
        visitor_to_lead=f.visitor_to_lead(leads, visitors),
        lead_to_customer=f.lead_to_customer(col("converted_leads"), leads),
        visitors_per_customer=f.visitors_per_customer(visitors, new),
        average_basket=f.average_basket(revenue, orders),
        purchase_frequency=f.purchase_frequency(orders, out["customers"]),
        roas=f.roas(revenue, marketing),
        roi=f.roi(revenue, marketing),
        margin_roi=f.margin_roi(gross_margin, marketing),
        roi_on_growth=f.roi_on_growth(revenue, cmp, marketing),
        retention_rate=f.retention_rate(retained, previous),
        churn_rate=f.churn_rate(retained, previous),
        nps=f.net_promoter_score(col("promoters"), col("detractors"), col("nps_answers")),
        nps_answers=col("nps_answers"),
        sales_cycle_days=col("sales_cycle_days"),
    )
    return pd.DataFrame({name: out[name] for name in FUNNEL_COLUMNS}, index=c.index)


def comparison_period(period: Period, comparison: str | Period | None) -> Period:
    """``previous`` (default), ``year_ago`` or an explicit period."""
    if comparison is None or comparison == "previous":
        return period.previous()
    if comparison == "year_ago":
        return period.year_ago()
    return Period.parse(comparison)


def funnel(data: ClientData, period: str | Period, by: str | Sequence[str] = "channel",
           comparison: str | Period | None = "previous", engine: Engine | None = None,
           parts: Sequence[str] = COUNT_PARTS) -> pd.DataFrame:
    """Per-channel (or campaign, segment, owner) KPIs of a period.

    Parameters
    ----------
    data : ClientData
    period : str or Period
        ``2026-Q3``, ``2026-09``...
    by : str or list of str
        ``channel`` (default), ``campaign`` (implies channel), ``segment``, ``owner``, or a list.
        Spend and traffic cannot be split by lead segment or owner: their columns (and the ratios
        built on them) are NaN in such breakdowns.
    comparison : ``previous``, ``year_ago`` or a period
        The period whose revenue ``roi_on_growth`` subtracts.
    parts : names of :data:`COUNT_PARTS`
        The aggregates to compute (default all); KPIs that need another one are NaN.

    Returns
    -------
    DataFrame indexed by the breakdown, columns :data:`FUNNEL_COLUMNS`. Per channel, revenue is the
    revenue of contacts acquired through that channel (lead channel, else first touch): the CRM's
    "original source" view.
    """
    period = Period.parse(period)
    engine = engine or data.engine
    counts = funnel_counts(engine, period, _dims(by), window_days=data.config.conversion_window_days,
                           comparison=comparison_period(period, comparison),
                           available=[t for t in data.tables], parts=parts)
    return apply_formulas(counts, data.config.gross_margin_rate)


def trailing_year(period: Period) -> Period:
    """The 365 days ending on the period's last day (CLV inputs)."""
    return Period(period.end - timedelta(days=364), period.end, "range")


def clv_inputs(data: ClientData, period: Period, engine: Engine | None = None) -> pd.Series:
    """Yearly inputs of the simple CLV, over the 365 days ending with ``period``.

    Returns ``average_basket``, ``yearly_purchase_frequency`` (orders per ordering customer in the
    year), ``margin_rate`` (gross margin / revenue), ``yearly_retention`` (customers of the year
    before who ordered again in the year), ``yearly_margin`` (margin per customer per year) and
    ``expected_lifetime_years`` (``1 / (1 - yearly_retention)``, years).
    """
    engine = engine or data.engine
    year = trailing_year(period)
    c = funnel_counts(engine, year, (), window_days=data.config.conversion_window_days,
                      previous=year.shift(-1), available=list(data.tables),
                      parts=("orders", "retention")).iloc[0]
    rate = data.config.gross_margin_rate
    gm = c["margin_known"] + (c["revenue_without_margin"] * (np.nan if rate is None else rate)
                              if c["orders_without_margin"] > 0 else 0.0)
    basket = f.average_basket(c["revenue"], c["orders"])
    freq = f.purchase_frequency(c["orders"], c["customers"])
    margin_rate = f.safe_div(gm, c["revenue"])
    retention = f.retention_rate(c["retained_customers"], c["previous_customers"])
    return pd.Series({
        "average_basket": basket,
        "yearly_purchase_frequency": freq,
        "margin_rate": margin_rate,
        "yearly_retention": retention,
        "yearly_margin": basket * freq * margin_rate,
        "expected_lifetime_years": f.expected_lifetime_years(retention),
    })


def yearly_clv_by_channel(data: ClientData, period: str | Period, engine: Engine | None = None
                          ) -> pd.DataFrame:
    """The simple CLV's yearly inputs and value per acquisition channel, over the 365 days ending
    with ``period`` (:func:`trailing_year`), from :func:`funnel`'s order and retention aggregates.

    Returns
    -------
    DataFrame
        Index channel (every channel of the year's funnel): ``average_basket`` (currency),
        ``purchase_frequency`` (orders per ordering customer in the year), ``margin_rate``
        (``gross_margin / revenue``, share), ``retention_rate`` (customers of the year before who
        ordered again in the year, share), ``clv`` (:func:`roianalysis.formulas.simple_clv`,
        currency per customer), ``clv_discounted`` (:func:`roianalysis.formulas.discounted_clv`
        at the client's ``discount_rate``) and ``yearly_margin`` (margin per customer per year).
    """
    engine = engine or data.engine
    year = funnel(data, trailing_year(Period.parse(period)), by="channel",
                  parts=("orders", "retention"), engine=engine)
    margin_rate = f.safe_div(year["gross_margin"], year["revenue"])
    yearly_margin = year["average_basket"] * year["purchase_frequency"] * margin_rate
    out = pd.DataFrame({
        "average_basket": year["average_basket"],
        "purchase_frequency": year["purchase_frequency"],
        "margin_rate": margin_rate,
        "retention_rate": year["retention_rate"],
    })
    out["clv"] = f.simple_clv(out["average_basket"], out["purchase_frequency"], margin_rate,
                              out["retention_rate"])
    out["clv_discounted"] = f.discounted_clv(yearly_margin, out["retention_rate"],
                                             data.config.discount_rate)
    out["yearly_margin"] = yearly_margin
    return out


def simple_clv_by_channel(data: ClientData, period: str | Period, channel_roi: pd.DataFrame | None = None,
                          engine: Engine | None = None) -> pd.DataFrame:
    """The simple CLV (:func:`roianalysis.formulas.simple_clv`) per acquisition channel, against
    the period's CAC: :func:`kpis`' CLV figures, channel by channel.

    Yearly inputs come from :func:`funnel` over the 365 days ending with the period
    (:func:`trailing_year`: ``average_basket``, ``purchase_frequency``, the margin rate
    ``gross_margin / revenue`` and ``retention_rate`` against the 365 days before, i.e. the
    yearly retention); ``new_customers`` and CAC from the period itself.

    Parameters
    ----------
    channel_roi : DataFrame, optional
        :func:`roianalysis.channel_roi.channel_roi` of the same period: ``clv``, ``cac`` and
        ``ltv_to_cac`` are then taken from it, the one LTV:CAC per channel every report shows
        (the same formulas, so the same values).

    Returns
    -------
    DataFrame
        Index channel, the channels with new customers in the period, most first:
        ``new_customers``, ``average_basket`` (currency), ``purchase_frequency`` (orders per
        customer per year), ``margin_rate`` (share), ``retention_rate`` (share per year), ``clv``
        and ``clv_discounted`` (currency per customer, discounted at the client's
        ``discount_rate``), ``cac`` (currency), ``ltv_to_cac`` (ratio) and
        ``cac_payback_months``.
    """
    p = Period.parse(period)
    engine = engine or data.engine
    out = yearly_clv_by_channel(data, p, engine)
    now = funnel(data, p, by="channel", engine=engine)
    out.insert(0, "new_customers", now["new_customers"].reindex(out.index))
    out["cac"] = now["cac"].reindex(out.index)
    out["ltv_to_cac"] = f.ltv_to_cac(out["clv"], out["cac"])
    out["cac_payback_months"] = f.cac_payback_months(out["cac"], out.pop("yearly_margin"))
    if channel_roi is not None:
        out["clv"] = channel_roi["ltv"].reindex(out.index)
        out["cac"] = channel_roi["cac"].reindex(out.index)
        out["ltv_to_cac"] = channel_roi["ltv_to_cac"].reindex(out.index)
    out = out[out["new_customers"].fillna(0) > 0]
    return out.sort_values("new_customers", ascending=False)


def kpis(data: ClientData, period: str | Period, comparison: str | Period | None = "previous",
         engine: Engine | None = None) -> pd.Series:
    """Every scalar KPI of docs/design.md section 5 over all channels.

    Returns
    -------
    Series named by metric: the :data:`FUNNEL_COLUMNS` plus ``clv``, ``clv_discounted``,
    ``ltv_to_cac``, ``cac_payback_months``, ``yearly_retention``. See :mod:`roianalysis.formulas`
    for each formula; CLV inputs are taken over the 365 days ending with the period.
    """
    period = Period.parse(period)
    engine = engine or data.engine
    total = funnel(data, period, by=None, comparison=comparison, engine=engine).iloc[0]
    ci = clv_inputs(data, period, engine)
    clv = f.simple_clv(ci["average_basket"], ci["yearly_purchase_frequency"], ci["margin_rate"],
                       ci["yearly_retention"])
    disc = f.discounted_clv(ci["yearly_margin"], ci["yearly_retention"], data.config.discount_rate)
    extra = pd.Series({
        "clv": clv,
        "clv_discounted": disc,
        "ltv_to_cac": f.ltv_to_cac(clv, total["cac"]),
        "cac_payback_months": f.cac_payback_months(total["cac"], ci["yearly_margin"]),
        "yearly_retention": ci["yearly_retention"],
    })
    out = pd.concat([total.astype("float64"), extra.astype("float64")])
    out.name = period.label
    return out
