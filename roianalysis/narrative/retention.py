"""Sentences of the retention notebook (cohorts, churn, satisfaction)."""

from __future__ import annotations

import pandas as pd

from ..formatting import is_missing
from ..i18n import period_label
from ..metrics import TOTAL
from ..notebook import Markdown, Report, Safe, escape_markdown
from .common import delta_text


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
    ok = ok.drop(index=[TOTAL, "(unknown)"], errors="ignore")
    if len(ok) >= 2:
        parts.append(str(rep.text("ret_nps_channels", best=rep.name(ok.idxmax()),
                                  best_nps=rep.metric("nps", ok.max()), worst=rep.name(ok.idxmin()),
                                  worst_nps=rep.metric("nps", ok.min()))))
    return Markdown("\n\n".join(parts))
