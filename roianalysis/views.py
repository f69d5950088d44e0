"""Tables shaped for the notebooks: the columns a reader sees, in the order they read them.

Nothing here computes a metric: the numbers come from :func:`roianalysis.kpis`,
:func:`roianalysis.funnel`, :mod:`roianalysis.cohorts`, :mod:`roianalysis.clv` and
:mod:`roianalysis.attribution`. These functions select, order, label and combine.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import formatting as fmt
from .catalog import METRICS
from .i18n import month_label, t
from .metrics import TOTAL, funnel
from .periods import Period

__all__ = [
    "ACQUISITION_COLUMNS", "SUMMARY_METRICS", "campaign_table", "channel_table", "monthly_funnel",
    "paid", "share_of", "summary_table",
]

#: Rows of the key-figures table of the acquisition notebook.
SUMMARY_METRICS = [
    "marketing_cost", "cost", "visitors", "leads", "new_customers", "revenue", "cpl", "cac",
    "cost_per_visitor", "cpc", "ctr", "visitor_to_lead", "lead_to_customer",
    "visitors_per_customer", "roas", "roi", "roi_on_growth",
]

#: Columns of the per-channel tables: costs and volumes, then conversion and return.
COST_COLUMNS = ["marketing_cost", "visitors", "leads", "new_customers", "cpl", "cac",
                "cost_per_visitor", "cpc", "ctr"]
RETURN_COLUMNS = ["visitor_to_lead", "lead_to_customer", "visitors_per_customer", "revenue",
                  "roas", "roi", "margin_roi"]
ACQUISITION_COLUMNS = COST_COLUMNS + RETURN_COLUMNS

#: Short column headers for wide tables (the usual acronyms).
_SHORT = {
    "cpl": ("CPL", "CPL"), "cac": ("CAC", "CAC"), "cpc": ("CPC", "CPC"),
    "ctr": ("Taux de clic", "CTR"), "roas": ("ROAS", "ROAS"),
    "cost_per_visitor": ("Coût / visiteur", "Cost / visitor"),
    "visitors_per_customer": ("Visiteurs / client", "Visitors / customer"),
    "marketing_cost": ("Coût marketing", "Marketing cost"),
    "margin_roi": ("ROI sur marge", "ROI on margin"),
}


def short_labels(lang: str) -> dict[str, str]:
    """Short headers of wide tables (``CPL``, ``CAC``, ``ROAS``...) in ``lang``."""
    return {k: (fr if lang == "fr" else en) for k, (fr, en) in _SHORT.items()}


def summary_table(current: pd.Series, reference: pd.Series, metrics: Sequence[str], lang: str,
                  currency: str, current_label: str, reference_label: str) -> pd.DataFrame:
    """Key figures as text: one row per metric (its label), the period, the comparison period and
    the change (relative for volumes and amounts, in points for shares). Metrics that are missing
    in both periods are left out."""
    rows = {}
    for m in metrics:
        now, ref = current.get(m, np.nan), reference.get(m, np.nan)
        if fmt.is_missing(now) and fmt.is_missing(ref):
            continue
        unit = METRICS[m].unit
        label = fmt.metric_label(m, lang)
        rows[label] = {
            current_label: fmt.format_metric(m, now, currency, lang),
            reference_label: fmt.format_metric(m, ref, currency, lang),
            t("col_change", lang): fmt.format_delta(now, ref, unit, currency, lang),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = t("col_metric", lang)
    return out


def channel_table(by_channel: pd.DataFrame, total: pd.Series | None = None,
                  columns: Sequence[str] = ACQUISITION_COLUMNS) -> pd.DataFrame:
    """The per-channel rows (largest marketing cost first, then most leads), the total last.

    Columns that are missing for every channel are dropped (a client without clicks has no CPC).
    """
    cols = [c for c in columns if c in by_channel.columns]
    sort_keys = [c for c in ("marketing_cost", "leads", "new_customers") if c in by_channel]
    ordered = by_channel.sort_values(sort_keys, ascending=False, na_position="last") \
        if sort_keys else by_channel
    df = ordered[cols].copy()
    if total is not None:
        df.loc[TOTAL] = total.reindex(cols)
    keep = [c for c in cols if df[c].notna().any()]
    return df[keep]


def paid(by_channel: pd.DataFrame) -> pd.DataFrame:
    """Channels with marketing spend in the period."""
    if "marketing_cost" not in by_channel:
        return by_channel.iloc[0:0]
    return by_channel[by_channel["marketing_cost"].fillna(0) > 0]


def share_of(by_channel: pd.DataFrame, column: str) -> pd.Series:
    """Each channel's share of the column's total (NaN when the total is 0)."""
    s = by_channel[column].astype(float)
    total = s.sum()
    return s / total if total else s * np.nan


def campaign_table(by_campaign: pd.DataFrame, n: int = 15,
                   columns: Sequence[str] = ("marketing_cost", "visitors", "leads", "new_customers",
                                             "cpl", "cac", "cpc", "ctr", "revenue", "roi")
                   ) -> pd.DataFrame:
    """The ``n`` campaigns with the most marketing cost (then leads), channel and campaign as
    the index."""
    cols = [c for c in columns if c in by_campaign.columns]
    df = by_campaign[cols].sort_values([c for c in ("marketing_cost", "leads") if c in cols],
                                       ascending=False, na_position="last").head(n)
    return df[[c for c in cols if df[c].notna().any()]]


def monthly_funnel(data, period: str | Period, months: int = 12, by: str | None = "channel",
                   lang: str = "en") -> pd.DataFrame:
    """:func:`roianalysis.funnel` for each of the ``months`` calendar months ending with the
    period's last month (the first may be partial if the data starts later).

    Returns
    -------
    DataFrame
        Long form: ``month`` (label such as ``sept. 2026``), ``month_start`` (date), the breakdown
        column(s) when ``by`` is given, and the funnel columns.
    """
    p = Period.parse(period)
    last = Period.parse(f"{p.end.year}-{p.end.month:02d}")
    frames = []
    for i in range(months - 1, -1, -1):
        m = last.shift(-i)
        f = funnel(data, m, by=by).reset_index()
        f.insert(0, "month_start", pd.Timestamp(m.start))
        f.insert(0, "month", month_label(m.start.year, m.start.month, lang))
        frames.append(f)
    out = pd.concat(frames, ignore_index=True)
    if by is None:
        out = out.drop(columns=[c for c in out.columns if c == "index"])
    return out


def pivot_months(monthly: pd.DataFrame, value: str, column: str = "channel",
                 keep: Sequence[str] | None = None, drop_empty: bool = True) -> pd.DataFrame:
    """Months x channels table of one funnel column, months in order (channels that are 0 or
    missing every month left out when ``drop_empty``)."""
    order = monthly.drop_duplicates("month_start").sort_values("month_start")["month"].tolist()
    wide = monthly.pivot_table(index="month", columns=column, values=value, aggfunc="sum",
                               dropna=False)
    wide = wide.reindex(order)
    if keep is not None:
        wide = wide[[c for c in keep if c in wide.columns]]
    wide.columns.name = None
    if drop_empty:
        wide = wide.loc[:, (wide.fillna(0) != 0).any()]
    return wide


def funnel_stages(k: pd.Series, lang: str) -> pd.Series:
    """Visitors, leads and new customers of the period, labelled in ``lang``."""
    return pd.Series({
        t("stage_visitors", lang): k.get("visitors", np.nan),
        t("stage_leads", lang): k.get("leads", np.nan),
        t("stage_customers", lang): k.get("new_customers", np.nan),
    })


def has_campaigns(by_campaign: pd.DataFrame) -> bool:
    """True when some spend or leads are tied to a named campaign."""
    if not isinstance(by_campaign.index, pd.MultiIndex) or by_campaign.empty:
        return False
    named = [c not in ("(none)", None, "") for c in by_campaign.index.get_level_values(-1)]
    return bool(np.any(named))


def has_dimension(data, column: str) -> bool:
    """True when the client's leads carry ``column`` (``segment``, ``owner``) for some lead."""
    if not data.has("leads") or column not in data["leads"].columns:
        return False
    return bool(data["leads"][column].notna().any())


#: Label of the group of contacts without a segment (or sales rep).
NO_VALUE = "(no segment)"

LEAD_COLUMNS = ("leads", "new_customers", "lead_to_customer", "sales_cycle_days", "revenue",
                "average_basket")


def lead_breakdown(by_dim: pd.DataFrame, columns: Sequence[str] = LEAD_COLUMNS) -> pd.DataFrame:
    """A segment or sales-rep breakdown: lead columns only (spend is not split by them), groups
    without any lead or customer left out, the ones without a value named ``(no segment)``."""
    cols = [c for c in columns if c in by_dim.columns]
    df = by_dim[cols].copy()
    df.index = pd.Index([NO_VALUE if fmt.is_missing(v) or v is None else v for v in df.index],
                        name=by_dim.index.name, dtype=object)
    keep = (df.get("leads", 0).fillna(0) > 0) | (df.get("new_customers", 0).fillna(0) > 0)
    df = df[keep]
    return df.sort_values("leads", ascending=False) if "leads" in df else df


def monthly_totals(monthly: pd.DataFrame) -> pd.DataFrame:
    """All-channel monthly volumes from a per-channel :func:`monthly_funnel` (no second engine
    pass), with the cost per lead and customer acquisition cost recomputed from the sums."""
    from . import formulas as f

    cols = [c for c in ("cost", "marketing_cost", "leads", "new_customers", "revenue")
            if c in monthly]
    g = monthly.groupby(["month_start", "month"], sort=True)[cols].sum(min_count=1).reset_index()
    g["cpl"] = f.cost_per_lead(g["marketing_cost"], g["leads"])
    g["cac"] = f.customer_acquisition_cost(g["cost"], g["new_customers"])
    return g


# ----------------------------------------------------------------------------- attribution
HEURISTIC_MODELS = ("first_touch", "last_touch", "last_non_direct", "linear", "time_decay",
                    "position_based")
DATA_DRIVEN_MODELS = ("markov", "shapley")
_STATES = {"(start)": "state_start", "(conversion)": "state_conversion", "(null)": "state_null"}


def period_spend(data, period: str | Period) -> pd.DataFrame:
    """The spend rows of the period (empty when the client has no spend)."""
    if not data.has("spend"):
        return pd.DataFrame({"channel": pd.Series([], dtype=object), "cost": pd.Series([], dtype=float)})
    p = Period.parse(period)
    s = data["spend"]
    d = pd.to_datetime(s["date"])
    return s[(d >= p.start_ts) & (d < p.end_exclusive)]


def journey_stats(journeys: pd.DataFrame) -> dict[str, float]:
    """Counts of a journeys table: ``journeys``, ``conversions``, ``conversion_rate``,
    ``touches`` (mean touchpoints of converting journeys) and ``multi_channel`` (share of
    conversions whose journey touched more than one distinct channel)."""
    if journeys is None or len(journeys) == 0:
        return {"journeys": 0, "conversions": 0.0, "conversion_rate": np.nan, "touches": np.nan,
                "multi_channel": np.nan}
    conv = journeys["conversions"].astype(float)
    n = float(conv.sum() + journeys["nulls"].astype(float).sum())
    lengths = journeys["path"].map(len).astype(float)
    distinct = journeys["path"].map(lambda p: len(set(p))).astype(float)
    total = float(conv.sum())
    return {
        "journeys": n,
        "conversions": total,
        "conversion_rate": total / n if n else np.nan,
        "touches": float((lengths * conv).sum() / total) if total else np.nan,
        "multi_channel": float((conv * (distinct > 1)).sum() / total) if total else np.nan,
    }


def top_paths(paths: pd.DataFrame, n: int = 10, sep: str = " › ") -> pd.DataFrame:
    """The ``n`` converting paths with the most conversions: path text, conversions, journeys
    without conversion, conversion rate and value."""
    df = paths[paths["conversions"] > 0].copy()
    df["rate"] = df["conversions"] / (df["conversions"] + df["nulls"])
    df = df.sort_values(["conversions", "value"], ascending=False).head(n)
    df.index = pd.Index([sep.join(str(c) for c in p) for p in df["path"]], name="path", dtype=object)
    return df[["conversions", "nulls", "rate", "value"]]


def model_label(model: str, lang: str) -> str:
    """``Premier contact`` / ``First touch``..."""
    key = f"model_{model}"
    try:
        return t(key, lang)
    except KeyError:
        return model


def label_models(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Model columns renamed to their French or English names."""
    out = df.copy()
    out.columns = [model_label(str(c), lang) for c in df.columns]
    return out


def shares(credits: pd.DataFrame) -> pd.DataFrame:
    """Each column divided by its total (share of the conversions credited by each model)."""
    tot = credits.sum()
    return credits / tot.where(tot != 0)


def transition_wide(long: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Markov transition table as a matrix: rows ``(start)`` then channels, columns channels
    then ``(conversion)`` and ``(null)``; state names translated."""
    w = long.pivot_table(index="from", columns="to", values="probability", aggfunc="sum")
    rows = ["(start)"] + sorted(r for r in w.index if r not in _STATES)
    cols = sorted(c for c in w.columns if c not in _STATES) + [
        c for c in ("(conversion)", "(null)") if c in w.columns]
    w = w.reindex(index=[r for r in rows if r in w.index], columns=cols)

    def name(x: str) -> str:
        return t(_STATES[x], lang) if x in _STATES else x

    w.index = [name(x) for x in w.index]
    w.columns = [name(x) for x in w.columns]
    return w


def roi_by_model(roi_long: pd.DataFrame, column: str = "roi",
                 channels: Sequence[str] | None = None) -> pd.DataFrame:
    """Channel x model table of one column of :func:`roianalysis.attribution.roi_by_channel`
    (run on a model comparison), paid channels only when ``channels`` is given."""
    wide = roi_long[column].unstack("model")
    if channels is not None:
        wide = wide.reindex([c for c in channels if c in wide.index])
    return wide


# ----------------------------------------------------------------------------- retention
def contact_channels(data) -> pd.DataFrame:
    """Acquisition channel of every lead or customer (``contact_id``, ``channel``), from the
    engine's contacts table (lead channel, else first touch before the first order)."""
    from .metrics import contacts_table

    ct = contacts_table(data.engine)
    return data.engine.execute(ct.select("contact_id", "channel"))


def cohort_label(label: str, lang: str) -> str:
    """``2026-07`` -> ``juil. 2026`` / ``Jul 2026``; other labels unchanged."""
    try:
        y, m = str(label).split("-")
        return month_label(int(y), int(m), lang)
    except ValueError:
        return str(label)


def cohort_window(shares: pd.DataFrame, n_cohorts: int = 12, max_index: int = 12,
                  lang: str = "en") -> pd.DataFrame:
    """The last ``n_cohorts`` cohorts and periods ``0..max_index`` of a cohort table, cohorts
    labelled as months."""
    w = shares.iloc[-n_cohorts:, : max_index + 1].copy()
    w.index = [cohort_label(c, lang) for c in w.index]
    return w


def retention_curve(counts: pd.DataFrame, max_index: int = 12) -> pd.Series:
    """Average share of a cohort still ordering ``k`` periods after its first, weighting cohorts by
    size and using, for each ``k``, only the cohorts already observed ``k`` periods later."""
    out = {}
    for k in [c for c in counts.columns if int(c) <= max_index]:
        col = counts[k]
        seen = col.notna()
        size = counts.loc[seen, counts.columns[0]].sum()
        out[int(k)] = col[seen].sum() / size if size else np.nan
    return pd.Series(out, dtype=float)


def retention_curves_by(counts: pd.DataFrame, max_index: int = 12, top: int = 6) -> pd.DataFrame:
    """:func:`retention_curve` per first index level (acquisition channel), for the ``top``
    channels with the most customers; columns are channels, index the period index."""
    level = counts.index.names[0]
    sizes = counts.iloc[:, 0].groupby(level=level).sum().sort_values(ascending=False)
    keep = [c for c in sizes.index[:top] if sizes[c] > 0]
    curves = {ch: retention_curve(counts.xs(ch, level=level), max_index) for ch in keep}
    return pd.DataFrame(curves)


def average_cumulative_revenue(revenue: pd.DataFrame, sizes: pd.Series,
                               max_index: int = 12) -> pd.Series:
    """Revenue per cohort customer cumulated over periods ``0..k``, averaged over the cohorts
    observed ``k`` periods later (weighted by size)."""
    cum = revenue.cumsum(axis=1).where(revenue.notna())
    out = {}
    for k in [c for c in cum.columns if int(c) <= max_index]:
        seen = cum[k].notna()
        size = sizes.reindex(cum.index)[seen].sum()
        out[int(k)] = cum.loc[seen, k].sum() / size if size else np.nan
    return pd.Series(out, dtype=float)


def projection_curve(projection: pd.DataFrame) -> pd.DataFrame:
    """Size-weighted average of observed and sBG-projected shares per period index."""
    p = projection.copy()
    p["w_obs"] = p["observed"] * p["cohort_size"]
    p["w_proj"] = p["projected"] * p["cohort_size"]
    p["size_obs"] = p["cohort_size"].where(p["observed"].notna())
    g = p.groupby("period_index")
    return pd.DataFrame({"observed": g["w_obs"].sum(min_count=1) / g["size_obs"].sum(),
                         "projected": g["w_proj"].sum() / g["cohort_size"].sum()})


# ----------------------------------------------------------------------------- lifetime value
def simple_clv_by_channel(data, period: str | Period) -> pd.DataFrame:
    """The simple CLV of DESIGN section 5 per acquisition channel, against the period's CAC.

    Yearly inputs come from :func:`roianalysis.funnel` over the 365 days ending with the period
    (``average_basket``, ``purchase_frequency``, gross margin rate, and ``retention_rate`` against
    the 365 days before, i.e. the yearly retention); CAC from the period itself.

    Returns
    -------
    DataFrame
        Index channel; ``new_customers``, ``average_basket``, ``purchase_frequency``,
        ``margin_rate``, ``retention_rate``, ``clv``, ``clv_discounted``, ``cac``, ``ltv_to_cac``
        and ``cac_payback_months``.
    """
    from . import formulas as f
    from .metrics import trailing_year

    p = Period.parse(period)
    year = funnel(data, trailing_year(p), by="channel")
    now = funnel(data, p, by="channel")
    margin_rate = f.safe_div(year["gross_margin"], year["revenue"])
    yearly_margin = year["average_basket"] * year["purchase_frequency"] * margin_rate
    out = pd.DataFrame({
        "new_customers": now["new_customers"].reindex(year.index),
        "average_basket": year["average_basket"],
        "purchase_frequency": year["purchase_frequency"],
        "margin_rate": margin_rate,
        "retention_rate": year["retention_rate"],
    })
    out["clv"] = f.simple_clv(out["average_basket"], out["purchase_frequency"], margin_rate,
                              out["retention_rate"])
    out["clv_discounted"] = f.discounted_clv(yearly_margin, out["retention_rate"],
                                             data.config.discount_rate)
    out["cac"] = now["cac"].reindex(year.index)
    out["ltv_to_cac"] = f.ltv_to_cac(out["clv"], out["cac"])
    out["cac_payback_months"] = f.cac_payback_months(out["cac"], yearly_margin)
    out = out[out["new_customers"].fillna(0) > 0]
    return out.sort_values("new_customers", ascending=False)


def calibration_table(model, rfm: pd.DataFrame, max_frequency: int = 6) -> pd.DataFrame:
    """Actual against predicted holdout purchases, by number of repeat purchases in calibration
    (the last group is ``max_frequency`` or more): the check that a fitted model predicts the
    future, as in Fader, Hardie & Lee (2005, figure 3)."""
    x = rfm["frequency"].to_numpy(float)
    pred = model.conditional_expected_purchases(rfm["duration_holdout"].to_numpy(float), x,
                                                rfm["recency"].to_numpy(float),
                                                rfm["T"].to_numpy(float))
    df = pd.DataFrame({"group": np.minimum(x, max_frequency).astype(int),
                       "actual": rfm["frequency_holdout"].to_numpy(float), "predicted": pred})
    g = df.groupby("group").agg(customers=("actual", "size"), actual=("actual", "mean"),
                                predicted=("predicted", "mean"))
    g.index = [f"{i}+" if i == max_frequency else str(i) for i in g.index]
    return g


def customer_values(model, rfm: pd.DataFrame, curve: pd.DataFrame) -> pd.DataFrame:
    """Per customer: orders so far, days since the last one, probability alive, expected
    purchases over the curve's horizon, and model CLV (the curve's last column)."""
    unit = float(rfm.attrs.get("time_unit_days", 1.0))
    x, tx, T = (rfm[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    horizon_units = len(curve.columns) * 365.25 / 12 / unit
    return pd.DataFrame({
        "orders": x + 1,
        "days_since_last": (T - tx) * unit,
        "p_alive": model.probability_alive(x, tx, T),
        "expected_purchases": model.conditional_expected_purchases(horizon_units, x, tx, T),
        "clv": curve.iloc[:, -1].to_numpy(),
    }, index=rfm.index)


def simple_clv_table(inputs: pd.Series, k: pd.Series, lang: str, currency: str) -> pd.DataFrame:
    """Inputs and results of the simple CLV as a two-column text table (label, value)."""
    from . import formulas as f

    lifetime = f.expected_lifetime_years(inputs.get("yearly_retention", np.nan))
    rows = [
        (t("input_average_basket", lang), fmt.format_money(inputs.get("average_basket"), currency, lang)),
        (t("input_frequency", lang), fmt.format_number(inputs.get("yearly_purchase_frequency"), lang, 2)),
        (t("input_margin_rate", lang), fmt.format_percent(inputs.get("margin_rate"), lang)),
        (t("input_retention", lang), fmt.format_percent(inputs.get("yearly_retention"), lang)),
        (t("input_lifetime", lang), MISSING_TEXT if fmt.is_missing(lifetime) else
         t("input_years", lang, n=fmt.format_number(lifetime, lang, 1))),
        (fmt.metric_label("clv", lang), fmt.format_metric("clv", k.get("clv"), currency, lang)),
        (fmt.metric_label("clv_discounted", lang),
         fmt.format_metric("clv_discounted", k.get("clv_discounted"), currency, lang)),
        (fmt.metric_label("cac", lang), fmt.format_metric("cac", k.get("cac"), currency, lang)),
        (fmt.metric_label("ltv_to_cac", lang), fmt.format_metric("ltv_to_cac", k.get("ltv_to_cac"),
                                                                 currency, lang)),
        (fmt.metric_label("cac_payback_months", lang),
         fmt.format_metric("cac_payback_months", k.get("cac_payback_months"), currency, lang)),
    ]
    out = pd.DataFrame(rows, columns=["label", t("col_value_short", lang)]).set_index("label")
    out.index.name = t("col_metric", lang)
    return out


MISSING_TEXT = fmt.MISSING


class ClvModels:
    """BG/NBD and Gamma-Gamma fitted for a report (see :func:`fit_clv_models`).

    Attributes
    ----------
    calibration : DataFrame or None
        :func:`calibration_table` of the model fitted before the holdout period.
    holdout_days : int
    model, spend_model
        Fitted on every order up to the end of the period.
    rfm : DataFrame
        RFM summary at the end of the period (time unit: weeks).
    curve : DataFrame
        :func:`roianalysis.clv.clv_curve` (customers x months, cumulative discounted margin).
    customers : DataFrame
        :func:`customer_values`.
    """

    def __init__(self, calibration, holdout_days, model, spend_model, rfm, curve, customers):
        self.calibration = calibration
        self.holdout_days = holdout_days
        self.model = model
        self.spend_model = spend_model
        self.rfm = rfm
        self.curve = curve
        self.customers = customers


def fit_clv_models(data, period: str | Period, *, horizon_months: int = 24, holdout_days: int = 182,
                   margin_rate: float | None = None, min_repeaters: int = 30) -> ClvModels:
    """Fit the buy-till-you-die models on the orders up to the end of the period.

    A first BG/NBD fit on the orders before the last ``holdout_days`` days gives the
    calibration-vs-holdout check; the models used for the forecasts are then refitted on every
    order up to the end of the period.

    Raises
    ------
    ValueError
        Fewer than ``min_repeaters`` customers with a repeat purchase.
    roianalysis.clv.ConvergenceError
        A fit did not converge.
    """
    from . import clv

    p = Period.parse(period)
    end = p.end_exclusive - pd.Timedelta(microseconds=1)
    cal_end = end - pd.Timedelta(days=holdout_days)
    rfm_h = clv.rfm_summary(data, calibration_end=cal_end, observation_end=end, time_unit="W")
    if int((rfm_h["frequency"] > 0).sum()) < min_repeaters:
        raise ValueError("too few repeat customers")
    cal_model = clv.BetaGeoModel().fit(rfm_h["frequency"], rfm_h["recency"], rfm_h["T"])
    calibration = calibration_table(cal_model, rfm_h)
    rfm = clv.rfm_summary(data, calibration_end=end, time_unit="W")
    model = clv.BetaGeoModel().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    rep = rfm[rfm["frequency"] > 0]
    spend_model = clv.GammaGammaModel().fit(rep["frequency"], rep["monetary_value"])
    if margin_rate is None:
        margin_rate = data.config.gross_margin_rate if data.config.gross_margin_rate is not None else 1.0
    curve = clv.clv_curve(model, rfm, spend_model, horizon_months=horizon_months,
                          margin_rate=margin_rate, discount_rate=data.config.discount_rate)
    return ClvModels(calibration, holdout_days, model, spend_model, rfm, curve,
                     customer_values(model, rfm, curve))
