"""The sentences a client reads, computed from the numbers.

Each function takes the notebook's :class:`~roianalysis.notebook.Report` and the tables the
notebook already has, picks what is worth saying (the channel bringing most leads, the cheapest
customers, the models that disagree...) and returns a :class:`~roianalysis.notebook.Markdown`
paragraph in the report language, or ``None`` when there is nothing sound to say (missing data).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .formatting import format_delta, is_missing
from .i18n import period_label
from .metrics import TOTAL
from .notebook import Markdown, Report, Safe, escape_markdown

__all__ = [
    "acquisition_change", "acquisition_summary", "campaign_insight", "channel_insights",
    "funnel_insight", "owner_insight", "relative_gap", "roi_insight", "segment_insight",
    "trend_insight",
]


def relative_gap(value: float, reference: float) -> float:
    """``value / reference - 1`` (NaN when either is missing or the reference is 0)."""
    if is_missing(value) or is_missing(reference) or reference == 0:
        return np.nan
    return float(value) / float(reference) - 1.0


def _delta(rep: Report, metric: str, now: float, ref: float) -> Safe:
    from .catalog import METRICS

    return Safe(escape_markdown(format_delta(now, ref, METRICS[metric].unit, rep.currency, rep.lang)))


def acquisition_summary(rep: Report, k: pd.Series) -> Markdown:
    """``Over Q3 2026, 122 563 € of marketing spend brought 2 222 leads (CPL 55,16 €)...``
    (leads only when the client has no orders)."""
    if is_missing(k.get("new_customers")):
        return rep.text("acq_summary_leads_only", period=rep.period_text,
                        cost=rep.metric("marketing_cost", k.get("marketing_cost")),
                        leads=rep.metric("leads", k.get("leads")), cpl=rep.metric("cpl", k.get("cpl")))
    return rep.text("acq_summary_sentence", period=rep.period_text,
                    cost=rep.metric("marketing_cost", k.get("marketing_cost")),
                    leads=rep.metric("leads", k.get("leads")), cpl=rep.metric("cpl", k.get("cpl")),
                    customers=rep.metric("new_customers", k.get("new_customers")),
                    cac=rep.metric("cac", k.get("cac")), revenue=rep.metric("revenue", k.get("revenue")),
                    roi=rep.metric("roi", k.get("roi")))


def acquisition_change(rep: Report, k: pd.Series, ref: pd.Series) -> Markdown | None:
    """How leads and CPL moved against the comparison period (``None`` when unknown)."""
    if is_missing(ref.get("leads")) or ref.get("leads") == 0:
        return None
    return rep.text("acq_change_sentence", comparison=rep.comparison_words,
                    cmp_period=rep.comparison_text,
                    leads=_delta(rep, "leads", k.get("leads"), ref.get("leads")),
                    cpl=_delta(rep, "cpl", k.get("cpl"), ref.get("cpl")))


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
    f = by_channel.drop(index=[TOTAL], errors="ignore")
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
                       & (f.index != "(unknown)")].tolist()
        if free and len(paid):
            out.append(str(rep.text("channels_free", channels=rep.names(free))))
    return Markdown("\n\n".join(out)) if out else None


def roi_insight(rep: Report, by_channel: pd.DataFrame) -> Markdown | None:
    """Best ROI channel and the channels with a negative ROI."""
    f = by_channel.drop(index=[TOTAL], errors="ignore")
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
    named = [(k[-1] if isinstance(k, tuple) else k) not in ("(none)", "", None) for k in f.index]
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
                    change=_delta(rep, "cpl", last, first))


# ----------------------------------------------------------------------------- attribution
def _model(rep: Report, model: str) -> Safe:
    from .views import model_label

    return Safe(escape_markdown(model_label(model, rep.lang)))


def journeys_insight(rep: Report, stats: dict, conversion: str, lookback: int) -> Markdown:
    """How many journeys, conversions, touches per journey, share of multi-channel conversions."""
    return rep.text("att_journeys_sentence", period=rep.period_text,
                    journeys=rep.number(stats["journeys"]),
                    conversions=rep.number(stats["conversions"]),
                    conversion=rep.t(f"conversion_{conversion}"),
                    rate=rep.percent(stats["conversion_rate"]),
                    touches=rep.number(stats["touches"], 1), lookback=lookback,
                    multi=rep.percent(stats["multi_channel"], 0))


def heuristics_insight(rep: Report, conversions: pd.DataFrame) -> Markdown | None:
    """The channel gaining most from first touch (opener) and from last touch (closer)."""
    if not {"first_touch", "last_touch"} <= set(conversions.columns) or len(conversions) < 2:
        return None
    diff = conversions["first_touch"] - conversions["last_touch"]
    return rep.text("att_heuristics_sentence", opener=rep.name(diff.idxmax()),
                    closer=rep.name(diff.idxmin()))


def models_insight(rep: Report, share_table: pd.DataFrame) -> Markdown | None:
    """The channel on which models disagree most (range of credited shares)."""
    s = share_table.dropna(how="all")
    if s.empty or s.shape[1] < 2:
        return None
    spread = s.max(axis=1) - s.min(axis=1)
    ch = spread.idxmax()
    row = s.loc[ch]
    return rep.text("att_models_sentence", channel=rep.name(ch), low=rep.percent(row.min(), 0),
                    low_model=_model(rep, row.idxmin()), high=rep.percent(row.max(), 0),
                    high_model=_model(rep, row.idxmax()))


def removal_insight(rep: Report, removal: pd.Series) -> Markdown | None:
    """The channel whose removal would cost most conversions."""
    r = removal.dropna()
    if r.empty:
        return None
    ch = r.idxmax()
    return rep.text("att_removal_sentence", channel=rep.name(ch), effect=rep.percent(r[ch], 0))


def transitions_insight(rep: Report, long: pd.DataFrame) -> Markdown | None:
    """The channel most often followed by conversion, and the most common first channel."""
    if long is None or long.empty:
        return None
    conv = long[(long["to"] == "(conversion)") & (long["from"] != "(start)")]
    start = long[long["from"] == "(start)"]
    if conv.empty or start.empty:
        return None
    best = conv.loc[conv["probability"].idxmax()]
    first = start.loc[start["probability"].idxmax()]
    return rep.text("att_transitions_sentence", channel=rep.name(best["from"]),
                    rate=rep.percent(best["probability"]), start=rep.name(first["to"]),
                    start_rate=rep.percent(first["probability"], 0))


def roi_models_insight(rep: Report, roi: pd.DataFrame) -> Markdown | None:
    """Channels profitable under every model, and the channel whose verdict depends most on the
    model (ROI range)."""
    r = roi.dropna(how="all")
    if r.empty:
        return None
    parts = []
    robust = r.index[(r > 0).all(axis=1)].tolist()
    if robust:
        parts.append(str(rep.text("att_roi_robust", channels=rep.names(robust))))
    mixed = r[(r.min(axis=1) < 0) & (r.max(axis=1) > 0)]
    pick = mixed if len(mixed) else r
    spread = (pick.max(axis=1) - pick.min(axis=1))
    if len(spread.dropna()):
        ch = spread.idxmax()
        row = r.loc[ch].dropna()
        parts.append(str(rep.text("att_roi_depends", channel=rep.name(ch),
                                  low=rep.metric("roi", row.min()), low_model=_model(rep, row.idxmin()),
                                  high=rep.metric("roi", row.max()),
                                  high_model=_model(rep, row.idxmax()))))
    return Markdown("\n\n".join(parts)) if parts else None


def cpa_models_insight(rep: Report, cpa: pd.DataFrame) -> Markdown | None:
    """For lead conversions: the channel whose cost per credited lead varies least."""
    c = cpa.dropna()
    if c.empty:
        return None
    rel = (c.max(axis=1) - c.min(axis=1)) / c.mean(axis=1)
    return rep.text("att_cpa_sentence", channel=rep.name(rel.idxmin()))


# ----------------------------------------------------------------------------- retention
def retention_summary(rep: Report, k: pd.Series, counts: pd.Series) -> Markdown | None:
    """Customers of the previous period, how many came back, retention and churn."""
    if is_missing(k.get("retention_rate")):
        return None
    return rep.text("ret_summary_sentence", previous=rep.number(counts.get("customers_previous")),
                    cmp_period=Safe(escape_markdown(period_label(rep.period.previous(), rep.lang))),
                    retained=rep.number(counts.get("retained")), period=rep.period_text,
                    rate=rep.metric("retention_rate", k.get("retention_rate")),
                    churn=rep.metric("churn_rate", k.get("churn_rate")),
                    yearly=rep.percent(k.get("yearly_retention")))


def heatmap_insight(rep: Report, curve: pd.Series) -> Markdown:
    """Average share ordering again one and six periods after the first order."""
    if len(curve) > 6 and not is_missing(curve.get(1)):
        return rep.text("ret_heatmap_sentence", m1=rep.percent(curve.get(1), 0),
                        m6=rep.percent(curve.get(6), 0))
    return Markdown(rep.t("ret_heatmap_short"))


def curves_insight(rep: Report, curves: pd.DataFrame, at: int = 3) -> Markdown | None:
    """Most and least loyal acquisition channels ``at`` periods after the first order."""
    if at not in curves.index:
        return None
    row = curves.loc[at].dropna()
    if len(row) < 2:
        return None
    return rep.text("ret_curves_sentence", best=rep.name(row.idxmax()),
                    best_rate=rep.percent(row.max(), 0), worst=rep.name(row.idxmin()),
                    worst_rate=rep.percent(row.min(), 0))


def churn_insight(rep: Report, by_channel: pd.DataFrame) -> Markdown | None:
    """The acquisition channel with the highest churn in the period."""
    c = by_channel["churn_rate"].dropna() if "churn_rate" in by_channel else pd.Series(dtype=float)
    c = c.drop(index=[TOTAL], errors="ignore")
    if len(c) < 2:
        return None
    ch = c.idxmax()
    return rep.text("ret_churn_sentence", channel=rep.name(ch), churn=rep.metric("churn_rate", c[ch]))


def revenue_curve_insight(rep: Report, curve: pd.Series) -> Markdown | None:
    """Revenue per customer in the first month and at the end of the curve."""
    c = curve.dropna()
    if len(c) < 2:
        return None
    return rep.text("ret_revenue_sentence", m0=rep.money(c.iloc[0], 0), m12=rep.money(c.iloc[-1], 0),
                    k=int(c.index[-1]))


def projection_insight(rep: Report, curve: pd.DataFrame) -> Markdown | None:
    """Projected share still active after 12 and 24 periods."""
    p = curve["projected"]
    if 12 not in p.index:
        return None
    return rep.text("ret_projection_sentence", p12=rep.percent(p.get(12), 0),
                    p24=rep.percent(p.get(24), 0))


# ----------------------------------------------------------------------------- lifetime value
def simple_clv_insight(rep: Report, inputs: pd.Series, k: pd.Series, discount_rate: float
                       ) -> Markdown | None:
    """The simple CLV in words, then held against CAC (ratio and payback)."""
    if is_missing(k.get("clv")):
        return None
    parts = [str(rep.text(
        "clv_simple_sentence", basket=rep.money(inputs.get("average_basket")),
        freq=rep.number(inputs.get("yearly_purchase_frequency"), 2),
        margin=rep.percent(inputs.get("margin_rate"), 0),
        retention=rep.percent(inputs.get("yearly_retention"), 0), clv=rep.money(k.get("clv"), 0),
        disc=rep.money(k.get("clv_discounted"), 0), rate=rep.percent(discount_rate, 0)))]
    if not is_missing(k.get("ltv_to_cac")):
        parts.append(str(rep.text(
            "clv_vs_cac_sentence", cac=rep.metric("cac", k.get("cac")), period=rep.period_text,
            ratio=rep.metric("ltv_to_cac", k.get("ltv_to_cac")),
            payback=rep.metric("cac_payback_months", k.get("cac_payback_months")))))
    return Markdown("\n\n".join(parts))


def clv_channels_insight(rep: Report, table: pd.DataFrame) -> Markdown | None:
    """Best LTV:CAC channel, and the paid channels below 1."""
    r = table["ltv_to_cac"].dropna() if "ltv_to_cac" in table else pd.Series(dtype=float)
    if r.empty:
        return None
    best = r.idxmax()
    parts = [str(rep.text("clv_channels_sentence", best=rep.name(best),
                          best_ratio=rep.metric("ltv_to_cac", r[best])))]
    weak = r[r < 1].index.tolist()
    parts.append(str(rep.text("clv_channels_weak", channels=rep.names(weak))) if weak
                 else rep.t("clv_channels_ok"))
    return Markdown("\n\n".join(parts))


def calibration_insight(rep: Report, calibration: pd.DataFrame, holdout_days: int) -> Markdown:
    """Overall predicted against actual holdout purchases per customer."""
    n = calibration["customers"]
    actual = float((calibration["actual"] * n).sum() / n.sum())
    predicted = float((calibration["predicted"] * n).sum() / n.sum())
    gap = relative_gap(predicted, actual)
    return rep.text("clv_calibration_sentence", days=holdout_days,
                    predicted=rep.number(predicted, 2), actual=rep.number(actual, 2),
                    gap=rep.percent(gap, 0, signed=True))


def alive_insight(rep: Report, p_alive: pd.Series) -> Markdown:
    """Share of customers whose probability of being alive exceeds one half."""
    return rep.text("clv_alive_sentence", period=rep.period_text,
                    share=rep.percent(float((p_alive > 0.5).mean()), 0))


def top_customers_insight(rep: Report, customers: pd.DataFrame, n: int) -> Markdown | None:
    """Share of total expected value held by the top ``n`` customers."""
    total = customers["clv"].sum()
    if not total:
        return None
    top = customers["clv"].nlargest(n).sum()
    return rep.text("clv_top_sentence", n=n, share=rep.percent(top / total, 0))


def model_channels_insight(rep: Report, table: pd.DataFrame, months: int) -> Markdown | None:
    """Range of expected value per customer across acquisition channels."""
    c = table["clv"].dropna().drop(index=["(unknown)"], errors="ignore")
    if len(c) < 2:
        return None
    return rep.text("clv_model_channels_sentence", months=months, low=rep.money(c.min()),
                    low_channel=rep.name(c.idxmin()), high=rep.money(c.max()),
                    high_channel=rep.name(c.idxmax()))


def nps_insight(rep: Report, k: pd.Series, ref: pd.Series, by_channel: pd.DataFrame,
                min_answers: int = 30) -> Markdown | None:
    """The period's NPS against the comparison period, then the most and least satisfied
    acquisition channels among those with at least ``min_answers`` answers."""
    if is_missing(k.get("nps")):
        return None
    parts = [str(rep.text("ret_nps_sentence", nps=rep.metric("nps", k.get("nps")),
                          answers=rep.number(k.get("nps_answers")),
                          change=_delta(rep, "nps", k.get("nps"), ref.get("nps")),
                          comparison=rep.comparison_text))]
    ok = by_channel[(by_channel["nps_answers"].fillna(0) >= min_answers)]["nps"].dropna()
    ok = ok.drop(index=[TOTAL, "(unknown)"], errors="ignore")
    if len(ok) >= 2:
        parts.append(str(rep.text("ret_nps_channels", best=rep.name(ok.idxmax()),
                                  best_nps=rep.metric("nps", ok.max()), worst=rep.name(ok.idxmin()),
                                  worst_nps=rep.metric("nps", ok.min()))))
    return Markdown("\n\n".join(parts))
