"""Sentences of the acquisition notebook."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..formatting import is_missing
from ..metrics import TOTAL
from ..notebook import Markdown, Report, Safe
from .common import delta_text, relative_gap


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
    from ..channel_roi import roi_text, verdict_label

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
