"""Acquisition tables: key figures, per channel, campaign, segment and sales rep, monthly trends."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from roianalysis.catalog import METRICS
from roianalysis.metrics import channels_known, funnel_by_month, parts_for
from roianalysis.periods import Period
from roianalysis.report import format as fmt
from roianalysis.report import texts
from roianalysis.report.context import Markdown, Report, Safe
from roianalysis.report.format import is_missing, month_label
from roianalysis.report.pages.common import delta_text, relative_gap
from roianalysis.schema import ALL_CHANNELS, NO_CAMPAIGN, UNKNOWN_CHANNEL

#: Rows of the key-figures table of the acquisition notebook.
SUMMARY_METRICS = [
    "marketing_cost", "cost", "visitors", "leads", "new_customers", "revenue", "cpl", "cac",
    "cost_per_visitor", "cpc", "ctr", "visitor_to_lead", "lead_to_customer",
    "visitors_per_customer", "roas", "roi",
]

#: Columns of the per-channel tables: costs and volumes, then conversion and return.
COST_COLUMNS = ["marketing_cost", "visitors", "leads", "new_customers", "cpl", "cac",
                "cost_per_visitor", "cpc", "ctr"]
RETURN_COLUMNS = ["visitor_to_lead", "lead_to_customer", "visitors_per_customer"]
ACQUISITION_COLUMNS = COST_COLUMNS + RETURN_COLUMNS

#: Metrics with a short column header for wide tables (``short_<name>`` of the texts: the usual
#: acronyms).
SHORT_HEADERS = ("cpl", "cac", "cpc", "ctr", "roas", "cost_per_visitor", "visitors_per_customer",
                 "marketing_cost", "margin_roi")


def short_labels(lang: str) -> dict[str, str]:
    """Short headers of wide tables (``CPL``, ``CAC``, ``ROAS``...) in ``lang``."""
    return {k: texts.text(lang, f"short_{k}") for k in SHORT_HEADERS}


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
            texts.text(lang, "col_change"): fmt.format_delta(now, ref, unit, currency, lang),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = texts.text(lang, "col_metric")
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
        df.loc[ALL_CHANNELS] = total.reindex(cols)
    keep = [c for c in cols if df[c].notna().any()]
    return df[keep]


def paid(by_channel: pd.DataFrame) -> pd.DataFrame:
    """Channels with marketing spend in the period."""
    if "marketing_cost" not in by_channel:
        return by_channel.iloc[0:0]
    return by_channel[by_channel["marketing_cost"].fillna(0) > 0]


#: Columns of :func:`campaign_table`.
CAMPAIGN_COLUMNS = ("marketing_cost", "visitors", "leads", "new_customers", "cpl", "cac", "cpc",
                    "ctr", "revenue", "roi")


def campaign_table(by_campaign: pd.DataFrame, n: int = 15,
                   columns: Sequence[str] = CAMPAIGN_COLUMNS) -> pd.DataFrame:
    """The ``n`` campaigns with the most marketing cost (then leads), channel and campaign as
    the index."""
    cols = [c for c in columns if c in by_campaign.columns]
    df = by_campaign[cols].sort_values([c for c in ("marketing_cost", "leads") if c in cols],
                                       ascending=False, na_position="last").head(n)
    return df[[c for c in cols if df[c].notna().any()]]


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
        texts.text(lang, "stage_visitors"): k.get("visitors", np.nan),
        texts.text(lang, "stage_leads"): k.get("leads", np.nan),
        texts.text(lang, "stage_customers"): k.get("new_customers", np.nan),
    })


def has_campaigns(by_campaign: pd.DataFrame) -> bool:
    """True when some spend or leads are tied to a named campaign."""
    if not isinstance(by_campaign.index, pd.MultiIndex) or by_campaign.empty:
        return False
    named = [c not in (NO_CAMPAIGN, None, "") for c in by_campaign.index.get_level_values(-1)]
    return bool(np.any(named))


def has_dimension(data, column: str) -> bool:
    """True when the client's leads carry ``column`` (``segment``, ``owner``) for some lead."""
    if not data.has("leads") or column not in data.columns("leads"):
        return False
    return data.engine.column_summary("leads", column)["count"] > 0


#: Label of the group of contacts without a segment (or sales rep).
NO_VALUE = "(no segment)"

LEAD_COLUMNS = ("leads", "new_customers", "lead_to_customer", "sales_cycle_days", "revenue",
                "average_basket")

#: The aggregates the campaign table, the segment and sales-rep tables and the channel x segment
#: matrix are computed from (``funnel(..., parts=...)``: the others are not queried).
CAMPAIGN_PARTS = parts_for(CAMPAIGN_COLUMNS)
LEAD_PARTS = parts_for(LEAD_COLUMNS)
MATRIX_PARTS = parts_for(("leads", "lead_to_customer"))


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
    """All-channel monthly volumes from a per-channel :func:`monthly_trend` (no second engine
    pass), with the cost per lead and customer acquisition cost recomputed from the sums."""
    from roianalysis import formulas as f

    cols = [c for c in ("cost", "marketing_cost", "leads", "new_customers", "revenue")
            if c in monthly]
    g = monthly.groupby(["month_start", "month"], sort=True)[cols].sum(min_count=1).reset_index()
    g["cpl"] = f.cost_per_lead(g["marketing_cost"], g["leads"])
    g["cac"] = f.customer_acquisition_cost(g["cost"], g["new_customers"])
    return g


#: Columns of :func:`monthly_trend` after the month and channel, and the aggregates they need.
TREND_COLUMNS = ("cost", "marketing_cost", "leads", "new_customers", "cpl", "cac")
TREND_PARTS = parts_for(TREND_COLUMNS)


def monthly_trend(data, period: str | Period, months: int = 12, lang: str = "en") -> pd.DataFrame:
    """Marketing cost, acquisition cost, leads and new customers per month and channel over the
    ``months`` calendar months ending with the period's last month, with CPL and CAC: the
    columns :data:`TREND_COLUMNS` of :func:`roianalysis.metrics.funnel_by_month` (so each value
    equals ``funnel(data, month)``'s), with the months labelled in ``lang``.

    Returns
    -------
    DataFrame
        Long form: ``month`` (label), ``month_start``, ``channel``, ``cost``, ``marketing_cost``,
        ``leads``, ``new_customers``, ``cpl``, ``cac``. Missing tables give NaN columns.
    """
    by_month = funnel_by_month(data, period, months, by="channel", parts=TREND_PARTS,
                               comparison=False)
    out = by_month[["month_start", "channel", *TREND_COLUMNS]].copy()
    out.insert(0, "month", [month_label(d.year, d.month, lang) for d in out["month_start"]])
    return out


#: Metrics and the tables each one needs, any of them (a metric is unknown, not 0, without).
NEEDS = {"lead_to_customer": ("orders",), "sales_cycle_days": ("orders",),
         "visitor_to_lead": ("touchpoints", "traffic"), "cost_per_visitor": ("touchpoints", "traffic"),
         "visitors_per_customer": ("touchpoints", "traffic")}

#: Per-channel metrics that rest on each customer's acquisition channel (lead channel, else first
#: touch): unknown per channel when nothing ties customers to channels (:func:`channels_known`).
CUSTOMER_METRICS = ("new_customers", "customers", "orders", "revenue", "gross_margin", "cac",
                    "lead_to_customer", "visitors_per_customer", "average_basket",
                    "purchase_frequency", "roas", "roi", "margin_roi", "roi_on_growth",
                    "retention_rate", "churn_rate", "nps", "nps_answers", "sales_cycle_days")


def has_visits(data) -> bool:
    """True when the client has visits: touchpoints, or aggregated web analytics (``traffic``)."""
    return data.has("touchpoints") or data.has("traffic")


def channel_metrics_for(data, metrics: Sequence[str]) -> list[str]:
    """``metrics`` without the :data:`CUSTOMER_METRICS` when :func:`channels_known` is false (the
    per-channel metrics a report can show for this client)."""
    if channels_known(data):
        return list(metrics)
    return [m for m in metrics if m not in CUSTOMER_METRICS]


def unknown_without_inputs(values: pd.Series | pd.DataFrame, data) -> pd.Series | pd.DataFrame:
    """``values`` with the metrics whose input table the client lacks set to NaN (shown ``—``):
    a lead-to-customer rate without any order table is unknown, not 0 %. In a breakdown by
    channel (or campaign), the :data:`CUSTOMER_METRICS` are NaN too when nothing ties customers to
    channels (:func:`channels_known`): every customer would be ``(unknown)`` and every paid channel
    at -100 % ROI, which says nothing about the channels."""
    out = values.copy()
    unknown = [m for m, tables in NEEDS.items() if not any(data.has(t) for t in tables)]
    if isinstance(out, pd.DataFrame) and "channel" in (out.index.names or []) \
            and not channels_known(data):
        unknown += list(CUSTOMER_METRICS)
    for metric in unknown:
        if isinstance(out, pd.DataFrame) and metric in out.columns:
            out[metric] = np.nan
        elif isinstance(out, pd.Series) and metric in out.index:
            out[metric] = np.nan
    return out


def channel_segment_matrix(by_channel_segment: pd.DataFrame, value: str = "lead_to_customer",
                           min_leads: int = 10) -> pd.DataFrame:
    """Channels x segments table of ``value`` from ``funnel(by=["channel", "segment"])``, cells
    with fewer than ``min_leads`` leads blanked (too few to read a rate), channels with most leads
    first, contacts without a segment left out."""
    f = by_channel_segment.reset_index()
    f = f[f["segment"].notna() & (f["leads"].fillna(0) > 0)]
    if f.empty:
        return pd.DataFrame()
    f = f.assign(**{value: f[value].where(f["leads"] >= min_leads)})
    wide = f.pivot_table(index="channel", columns="segment", values=value, aggfunc="first",
                         dropna=False)
    order = f.groupby("channel")["leads"].sum().sort_values(ascending=False).index
    wide = wide.reindex(order).dropna(how="all")
    wide.columns.name = None
    wide.index.name = None
    return wide


#: Columns of :func:`search_table`, their units and decimals.
SEARCH_TABLE_COLUMNS = ["clicks", "clicks_previous", "clicks_change", "impressions", "ctr",
                        "position", "position_previous"]
SEARCH_UNITS = {"clicks": "count", "clicks_previous": "count", "clicks_change": "share",
                "impressions": "count", "ctr": "share", "position": "number",
                "position_previous": "number"}
SEARCH_DECIMALS = {"position": 1, "position_previous": 1, "clicks_change": 0}
#: Columns of the organic-search table with a header of their own (``search_head_<column>``).
SEARCH_HEADERS = ("clicks", "clicks_previous", "clicks_change", "impressions", "ctr", "position",
                  "position_previous")


def search_table(top: pd.DataFrame) -> pd.DataFrame:
    """The columns of the organic-search table shown in the report, from
    :func:`roianalysis.search.top_queries` (comparison columns left out when nothing was
    compared)."""
    cols = [c for c in SEARCH_TABLE_COLUMNS if c in top.columns]
    df = top[cols]
    return df[[c for c in cols if not c.endswith(("_previous", "_change")) or df[c].notna().any()]]


def search_labels(lang: str, comparison_label: str) -> dict[str, str]:
    """Headers of :func:`search_table` in ``lang`` (``comparison_label``: ``T2 2026``...)."""
    return {k: texts.text(lang, f"search_head_{k}", period=comparison_label)
            for k in SEARCH_HEADERS}


# ------------------------------------------------------------------------------ channel ROI
#: Label of spend tied to no campaign (instead of ``(none)``, with no campaign ROI).
NO_CAMPAIGN_KEY = "campaign_not_tied"


def roi_table(roi, lang: str, currency: str, with_original: bool = True) -> pd.DataFrame:
    """The paid channels of :func:`roianalysis.channel_roi.channel_roi` as every report shows
    them, largest cost first, then the paid channels together (the average a paid channel is
    compared with: free channels left out).

    Columns (texts in ``lang``): marketing cost, new customers, their revenue, ``ROI`` (the one
    channel ROI, :func:`roianalysis.channel_roi.roi_text`), optionally the original-source ROI
    (the labelled alternative), LTV:CAC and the verdict. Formatted here so that every report
    prints the same text for the same channel.
    """
    from roianalysis.channel_roi import paid_total
    from roianalysis.report.pages.common import roi_text, verdict_label

    p = roi[roi["paid"]]
    tot = paid_total(roi)
    rows = {}
    for ch, r in p.iterrows():
        rows[ch] = {
            "cost": fmt.format_money(r["cost"], currency, lang, 0),
            "new": fmt.format_number(r["new_customers"], lang),
            "revenue": fmt.format_money(r["revenue"], currency, lang, 0),
            "roi": roi_text(r["roi"], lang, currency),
            "original": roi_text(r["original_source_roi"], lang, currency),
            "ltv": fmt.format_metric("ltv_to_cac", r["ltv_to_cac"], currency, lang),
            "verdict": verdict_label(r["verdict"], lang),
        }
    if len(p):
        orig = f_roi(p["original_source_revenue"].sum(min_count=1), tot["cost"])
        rows[texts.text(lang, "paid_channels_total")] = {
            "cost": fmt.format_money(tot["cost"], currency, lang, 0),
            "new": fmt.format_number(tot["new_customers"], lang),
            "revenue": fmt.format_money(tot["revenue"], currency, lang, 0),
            "roi": roi_text(tot["roi"], lang, currency),
            "original": roi_text(orig, lang, currency), "ltv": fmt.MISSING, "verdict": "",
        }
    out = pd.DataFrame.from_dict(rows, orient="index",
                                 columns=["cost", "new", "revenue", "roi", "original", "ltv",
                                          "verdict"])
    if not with_original:
        out = out.drop(columns="original")
    out.columns = [roi_headers(lang)[c] for c in out.columns]
    return out


def f_roi(revenue, cost):
    from roianalysis import formulas

    return formulas.roi(revenue, cost)


def roi_headers(lang: str) -> dict[str, str]:
    """Headers of :func:`roi_table`."""
    return {"cost": fmt.metric_label("marketing_cost", lang),
            "new": fmt.metric_label("new_customers", lang),
            "revenue": texts.text(lang, "roi_col_revenue"), "roi": "ROI",
            "original": texts.text(lang, "roi_col_original"),
            "ltv": fmt.metric_label("ltv_to_cac", lang), "verdict": texts.text(lang, "col_verdict")}


def campaign_roi(data, period, by_campaign: pd.DataFrame) -> pd.DataFrame:
    """``by_campaign`` (``funnel(by="campaign")``) with ``revenue`` and ``roi`` of the channel ROI
    definition (revenue in P of the customers each campaign acquired in P), and spend tied to no
    campaign named :data:`NO_CAMPAIGN_KEY`'s words with no ROI: it has no customers of its own,
    so a campaign ROI of -100 % would say nothing about it."""
    from roianalysis import formulas
    from roianalysis.metrics import comparison_period, funnel_counts

    p = Period.parse(period)
    c = funnel_counts(data.engine, p, ["channel", "campaign"],
                      window_days=data.config.conversion_window_days,
                      comparison=comparison_period(p, "previous"), available=list(data.tables))
    out = by_campaign.copy()
    if "revenue" in out:
        out["revenue"] = c["new_customer_revenue"].reindex(out.index).where(out["revenue"].notna())
    if "roi" in out:
        out["roi"] = formulas.roi(out["revenue"], out["marketing_cost"])
    camp = out.index.get_level_values(-1)
    none = np.array([x in (NO_CAMPAIGN, "", None) for x in camp], dtype=bool)
    for col in ("roi", "revenue", "new_customers", "cac", "leads", "cpl"):
        if col in out:
            out.loc[none, col] = np.nan
    return out


def label_no_campaign(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``(none)`` campaigns renamed "not tied to a campaign" in ``lang``."""
    if not isinstance(df.index, pd.MultiIndex):
        return df
    label = texts.text(lang, NO_CAMPAIGN_KEY)
    out = df.copy()
    out.index = pd.MultiIndex.from_tuples(
        [(*k[:-1], label if k[-1] in (NO_CAMPAIGN, "", None) else k[-1]) for k in df.index],
        names=df.index.names)
    return out


def paid_average(paid_channels: pd.DataFrame) -> pd.Series:
    """CPL and CAC of the paid channels taken together (``paid(by_channel)``): the average a paid
    channel's unit cost is compared with (free channels' leads would make it look cheaper).

    ``cpl = sum of marketing cost / sum of leads``; ``cac = sum of acquisition cost / sum of new
    customers`` (NaN when a sum of counts is 0)."""
    from roianalysis import formulas

    s = paid_channels
    def total(c):
        return s[c].sum(min_count=1) if c in s else np.nan
    return pd.Series({"cpl": formulas.cost_per_lead(total("marketing_cost"), total("leads")),
                      "cac": formulas.customer_acquisition_cost(total("cost"),
                                                                total("new_customers"))})


def with_channel_roi(k: pd.Series, roi) -> pd.Series:
    """All-channel KPIs ``k`` with ``roi`` and ``roas`` of the paid channels together under the
    channel ROI definition (:func:`roianalysis.channel_roi.paid_total`), so that the key figures
    and the per-channel table speak of the same ROI."""
    from roianalysis.channel_roi import paid_total

    out = k.copy()
    tot = paid_total(roi)
    out["roi"], out["roas"] = tot["roi"], tot["roas"]
    return out


# ---------------------------------------------------------------------- sentences
# Sentences of the acquisition notebook.

def acquisition_summary(rep: Report, k: pd.Series) -> Markdown | None:
    """``Over Q3 2026, 122 563 € of marketing spend brought 2 222 leads (CPL 55,16 €)...``
    (leads only when the client has no orders, customers only when it has no leads), then the
    visitors and their cost when visits are known; ``None`` when there is nothing to say."""
    cost = rep.metric("marketing_cost", k.get("marketing_cost"))
    no_leads = is_missing(k.get("leads"))
    if is_missing(k.get("new_customers")):
        if no_leads:
            first = None
        else:
            first = rep.text("acq_summary_leads_only", period=rep.period_text, cost=cost,
                             leads=rep.metric("leads", k.get("leads")),
                             cpl=rep.metric("cpl", k.get("cpl")))
    else:
        values = dict(period=rep.period_text, cost=cost,
                      customers=rep.metric("new_customers", k.get("new_customers")),
                      cac=rep.metric("cac", k.get("cac")),
                      revenue=rep.metric("revenue", k.get("revenue")), roi=rep.metric("roi", k.get("roi")))
        first = rep.text("acq_summary_customers_only", **values) if no_leads else rep.text(
            "acq_summary_sentence", leads=rep.metric("leads", k.get("leads")),
            cpl=rep.metric("cpl", k.get("cpl")), **values)
    visits = None
    if not is_missing(k.get("visitors")) and not is_missing(k.get("sessions")):
        visits = rep.text("acq_summary_visitors", visitors=rep.metric("visitors", k.get("visitors")),
                          sessions=rep.metric("sessions", k.get("sessions")),
                          cpv=rep.metric("cost_per_visitor", k.get("cost_per_visitor")))
    if first is None and visits is None:
        return None
    return rep.paragraphs(first, visits)


def acquisition_change(rep: Report, k: pd.Series, ref: pd.Series) -> Markdown | None:
    """How leads and CPL moved against the comparison period (``None`` when unknown)."""
    if is_missing(ref.get("leads")) or ref.get("leads") == 0:
        return None
    return rep.text("acq_change_sentence", comparison=rep.comparison_words,
                    cmp_period=rep.comparison_text,
                    leads=delta_text(rep, "leads", k.get("leads"), ref.get("leads")),
                    cpl=delta_text(rep, "cpl", k.get("cpl"), ref.get("cpl")))


def funnel_insight(rep: Report, k: pd.Series, window_days: int) -> Markdown:
    """Visitors -> leads -> customers in words, with the visitors needed per new customer."""
    parts = [str(rep.text(
        "funnel_sentence", visitors=rep.metric("visitors", k.get("visitors")),
        leads=rep.metric("leads", k.get("leads")),
        v2l=rep.metric("visitor_to_lead", k.get("visitor_to_lead")),
        l2c=rep.metric("lead_to_customer", k.get("lead_to_customer")), days=window_days,
        vpc=rep.number(k.get("visitors_per_customer"), 0)))]
    if not is_missing(k.get("new_customers")) and not is_missing(k.get("leads")) and \
            k.get("new_customers") > k.get("leads"):
        parts.append(rep.t("funnel_direct_buyers"))
    return Markdown("\n\n".join(parts))


def channel_insights(rep: Report, by_channel: pd.DataFrame, k: pd.Series) -> Markdown | None:
    """The channel bringing most leads (share, CPL against the average), the cheapest and dearest
    paid channels per new customer, and the channels without spend."""
    f = by_channel.drop(index=[ALL_CHANNELS], errors="ignore")
    out: list[str] = []
    if "leads" in f and f["leads"].fillna(0).sum() > 0:
        top = f["leads"].idxmax()
        share = f.at[top, "leads"] / f["leads"].sum()
        cpl, avg = f.at[top, "cpl"], k.get("cpl")
        if is_missing(f.at[top, "marketing_cost"]) or f.at[top, "marketing_cost"] == 0:
            out.append(str(rep.text("channels_top_leads_free", channel=rep.name(top),
                                    share=rep.percent(share, 0))))
        elif not is_missing(cpl) and not is_missing(avg):
            gap = relative_gap(cpl, avg)
            direction = "in_line" if abs(gap) < 0.025 else ("above" if gap > 0 else "below")
            out.append(str(rep.text(
                "channels_top_leads", channel=rep.name(top), share=rep.percent(share, 0),
                cpl=rep.metric("cpl", cpl),
                diff=Safe("") if direction == "in_line" else rep.percent(abs(gap), 0),
                direction=rep.t(direction), avg=rep.metric("cpl", avg))).replace("  ", " "))
    paid = f[(f.get("marketing_cost", pd.Series(0, index=f.index)).fillna(0) > 0)]
    if "cac" in paid and paid["cac"].notna().sum() >= 2:
        cac = paid["cac"].dropna()
        best, worst = cac.idxmin(), cac.idxmax()
        out.append(str(rep.text("channels_cheapest_cac", channel=rep.name(best),
                                cac=rep.metric("cac", cac[best]), worst=rep.name(worst),
                                worst_cac=rep.metric("cac", cac[worst]))))
    if "marketing_cost" in f:
        free = f.index[(f["marketing_cost"].fillna(0) == 0) & (f.get("leads", 0) > 0)
                       & (f.index != UNKNOWN_CHANNEL)].tolist()
        if free and len(paid):
            out.append(str(rep.text("channels_free", channels=rep.names(free))))
    return Markdown("\n\n".join(out)) if out else None


def roi_insight(rep: Report, by_channel: pd.DataFrame) -> Markdown | None:
    """Best ROI channel and the channels with a negative ROI."""
    f = by_channel.drop(index=[ALL_CHANNELS], errors="ignore")
    roi = f["roi"].dropna() if "roi" in f else pd.Series(dtype=float)
    if roi.empty:
        return None
    best = roi.idxmax()
    parts = [str(rep.text("roi_best", channel=rep.name(best), roi=rep.metric("roi", roi[best]),
                          roas=rep.money(f.at[best, "roas"]), one=rep.money(1, 0)))]
    neg = roi[roi < 0].sort_values().index.tolist()
    if neg:
        parts.append(str(rep.text("roi_negative", channels=rep.names(neg))))
    return Markdown("\n\n".join(parts))


def campaign_insight(rep: Report, by_campaign: pd.DataFrame) -> Markdown | None:
    """The paid campaign with the lowest cost per lead."""
    f = by_campaign
    if "cpl" not in f or "marketing_cost" not in f:
        return None
    named = [(k[-1] if isinstance(k, tuple) else k) not in (NO_CAMPAIGN, "", None) for k in f.index]
    paid = f[(f["marketing_cost"].fillna(0) > 0) & f["cpl"].notna() & (f["leads"].fillna(0) >= 5)
             & np.array(named, dtype=bool)]
    if len(paid) < 2:
        return None
    key = paid["cpl"].idxmin()
    channel, campaign = key if isinstance(key, tuple) else ("", key)
    return rep.text("campaigns_sentence", campaign=rep.name(campaign), channel=rep.name(channel),
                    cpl=rep.metric("cpl", paid.at[key, "cpl"]))


def segment_insight(rep: Report, by_segment: pd.DataFrame) -> Markdown | None:
    """The segment with the best lead-to-customer rate."""
    s = by_segment["lead_to_customer"].dropna() if "lead_to_customer" in by_segment else None
    if s is None or len(s) < 2:
        return None
    best = s.idxmax()
    return rep.text("segments_sentence", segment=rep.name(best),
                    rate=rep.metric("lead_to_customer", s[best]))


def owner_insight(rep: Report, by_owner: pd.DataFrame) -> Markdown | None:
    """The rep converting most leads and the spread of median sales cycles."""
    s = by_owner["lead_to_customer"].dropna() if "lead_to_customer" in by_owner else None
    if s is None or len(s) < 2:
        return None
    best = s.idxmax()
    cyc = by_owner["sales_cycle_days"].dropna()
    return rep.text("owners_sentence", owner=rep.name(best),
                    rate=rep.metric("lead_to_customer", s[best]),
                    fastest=rep.metric("sales_cycle_days", cyc.min() if len(cyc) else np.nan),
                    slowest=rep.metric("sales_cycle_days", cyc.max() if len(cyc) else np.nan))


def trend_insight(rep: Report, monthly_total: pd.DataFrame) -> Markdown:
    """How the all-channel CPL moved from the first to the last month with a value."""
    s = monthly_total.set_index("month")["cpl"].dropna() if "cpl" in monthly_total else pd.Series()
    if len(s) < 2:
        return Markdown(rep.t("trends_sentence_short"))
    first, last = s.iloc[0], s.iloc[-1]
    return rep.text("trends_sentence", first=rep.metric("cpl", first), first_month=s.index[0],
                    last=rep.metric("cpl", last), last_month=s.index[-1],
                    change=delta_text(rep, "cpl", last, first))


def channel_segment_insight(rep: Report, matrix: pd.DataFrame, min_leads: int) -> Markdown | None:
    """The channel x segment pair with the best lead-to-customer rate."""
    stacked = matrix.stack().dropna() if not matrix.empty else pd.Series(dtype=float)
    if len(stacked) < 2:
        return None
    channel, segment = stacked.idxmax()
    return rep.text("segments_matrix_sentence", min=min_leads, channel=rep.name(channel),
                    segment=rep.name(segment), rate=rep.percent(stacked.max(), 0))


def search_insight(rep: Report, top: pd.DataFrame) -> Markdown | None:
    """The query (or page) bringing most clicks, its average position and how the clicks of the
    listed queries moved against the comparison period (``None`` without a row)."""
    if top.empty or is_missing(top["clicks"].iloc[0]):
        return None
    dim = top.attrs.get("dimension", "query")
    first = top.index[0]
    parts = [str(rep.text(f"search_top_{dim}", name=first,
                          clicks=rep.number(top["clicks"].iloc[0]),
                          position=rep.number(top["position"].iloc[0], 1)
                          if not is_missing(top["position"].iloc[0]) else "—"))]
    before = top["clicks_previous"].sum(min_count=1)
    now = top["clicks"].sum()
    if not is_missing(before) and before > 0:
        parts.append(str(rep.text("search_change", n=len(top), clicks=rep.number(now),
                                  change=rep.percent(now / before - 1, 0, signed=True),
                                  comparison=rep.comparison_text)))
    elif not top.attrs.get("dated", True):
        parts.append(rep.t("search_undated"))
    parts.append(rep.t("search_read"))
    return Markdown("\n\n".join(parts))


def verdict_lines(rep: Report, roi: pd.DataFrame) -> Markdown | None:
    """One line per paid channel with a verdict (:func:`roianalysis.channel_roi.channel_roi`),
    largest money at stake first: its ROI as every report prints it, the verdict and why. The
    same words in every report."""
    from roianalysis.report.pages.common import roi_text, verdict_label

    v = roi[roi["verdict"].notna()].sort_values(["money_at_stake", "cost"], ascending=False,
                                                kind="stable")
    if v.empty:
        return None
    lines = [rep.t("verdicts_intro")] + [
        "- " + str(rep.text("verdict_line", channel=rep.name(ch),
                            roi=roi_text(r["roi"], rep.lang, rep.currency),
                            verdict=verdict_label(r["verdict"], rep.lang),
                            reason=rep.t(r["verdict_reason"])))
        for ch, r in v.iterrows()]
    return Markdown("\n".join(lines))
