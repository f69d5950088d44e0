"""Retention tables: acquisition channel per contact, cohort windows, average curves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from roianalysis.report.context import Markdown, Report, Safe, escape_markdown
from roianalysis.report.format import is_missing, month_label, period_label
from roianalysis.report.pages.common import delta_text
from roianalysis.schema import ALL_CHANNELS, UNKNOWN_CHANNEL


def contact_channels(data) -> pd.DataFrame:
    """Acquisition channel of every lead or customer (``contact_id``, ``channel``), from the
    engine's contacts table (lead channel, else first touch before the first order)."""
    from roianalysis.metrics import contacts_table

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


# ---------------------------------------------------------------------- sentences
# Sentences of the retention notebook (cohorts, churn, satisfaction).

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
    c = c.drop(index=[ALL_CHANNELS], errors="ignore")
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


def nps_insight(rep: Report, k: pd.Series, ref: pd.Series, by_channel: pd.DataFrame,
                min_answers: int = 30) -> Markdown | None:
    """The period's NPS against the comparison period, then the most and least satisfied
    acquisition channels among those with at least ``min_answers`` answers."""
    if is_missing(k.get("nps")):
        return None
    parts = [str(rep.text("ret_nps_sentence", nps=rep.metric("nps", k.get("nps")),
                          answers=rep.number(k.get("nps_answers")),
                          change=delta_text(rep, "nps", k.get("nps"), ref.get("nps")),
                          comparison=rep.comparison_text))]
    ok = by_channel[(by_channel["nps_answers"].fillna(0) >= min_answers)]["nps"].dropna()
    ok = ok.drop(index=[ALL_CHANNELS, UNKNOWN_CHANNEL], errors="ignore")
    if len(ok) >= 2:
        parts.append(str(rep.text("ret_nps_channels", best=rep.name(ok.idxmax()),
                                  best_nps=rep.metric("nps", ok.max()), worst=rep.name(ok.idxmin()),
                                  worst_nps=rep.metric("nps", ok.min()))))
    return Markdown("\n\n".join(parts))
