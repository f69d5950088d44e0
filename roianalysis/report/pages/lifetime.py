"""Lifetime value tables: the simple CLV's inputs, the model check, and their sentences.

The numbers come from :func:`roianalysis.metrics.clv_inputs`,
:func:`roianalysis.metrics.simple_clv_by_channel` and :func:`roianalysis.clv.fit_clv`: this module
only labels and shapes them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from roianalysis.report import format as fmt
from roianalysis.report import texts
from roianalysis.report.context import Markdown, Report
from roianalysis.report.format import is_missing
from roianalysis.report.pages.common import relative_gap
from roianalysis.schema import UNKNOWN_CHANNEL


def calibration_table(calibration: pd.DataFrame) -> pd.DataFrame:
    """The calibration-vs-holdout check of :func:`roianalysis.clv.fit_clv` (``calibration``) as
    the report shows it: actual against predicted holdout purchases per customer, by number of
    repeat purchases in calibration (``0`` to ``6+``, groups without customers and the ``all`` row
    left out), as in Fader, Hardie & Lee (2005, figure 3).

    Returns
    -------
    DataFrame
        Index the group label; ``customers``, ``actual``, ``predicted``.
    """
    g = calibration.drop(index="all", errors="ignore")
    g = g[g["customers"] > 0].rename(columns={"expected": "predicted"})
    g = g[["customers", "actual", "predicted"]]
    g.index = [str(i) for i in g.index]
    return g


def simple_clv_table(inputs: pd.Series, k: pd.Series, lang: str, currency: str) -> pd.DataFrame:
    """Inputs and results of the simple CLV as a two-column text table (label, value)."""
    lifetime = inputs.get("expected_lifetime_years", np.nan)
    rows = [
        (texts.text(lang, "input_average_basket"), fmt.format_money(inputs.get("average_basket"), currency, lang)),
        (texts.text(lang, "input_frequency"), fmt.format_number(inputs.get("yearly_purchase_frequency"), lang, 2)),
        (texts.text(lang, "input_margin_rate"), fmt.format_percent(inputs.get("margin_rate"), lang)),
        (texts.text(lang, "input_retention"), fmt.format_percent(inputs.get("yearly_retention"), lang)),
        (texts.text(lang, "input_lifetime"), MISSING_TEXT if fmt.is_missing(lifetime) else
         texts.text(lang, "input_years", n=fmt.format_number(lifetime, lang, 1))),
        (fmt.metric_label("clv", lang), fmt.format_metric("clv", k.get("clv"), currency, lang)),
        (fmt.metric_label("clv_discounted", lang),
         fmt.format_metric("clv_discounted", k.get("clv_discounted"), currency, lang)),
        (fmt.metric_label("cac", lang), fmt.format_metric("cac", k.get("cac"), currency, lang)),
        (fmt.metric_label("ltv_to_cac", lang), fmt.format_metric("ltv_to_cac", k.get("ltv_to_cac"),
                                                                 currency, lang)),
        (fmt.metric_label("cac_payback_months", lang),
         fmt.format_metric("cac_payback_months", k.get("cac_payback_months"), currency, lang)),
    ]
    out = pd.DataFrame(rows, columns=["label", texts.text(lang, "col_value_short")]).set_index("label")
    out.index.name = texts.text(lang, "col_metric")
    return out


MISSING_TEXT = fmt.MISSING


# ---------------------------------------------------------------------- sentences
# Sentences of the lifetime value notebook.

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
    c = table["clv"].dropna().drop(index=[UNKNOWN_CHANNEL], errors="ignore")
    if len(c) < 2:
        return None
    return rep.text("clv_model_channels_sentence", months=months, low=rep.money(c.min()),
                    low_channel=rep.name(c.idxmin()), high=rep.money(c.max()),
                    high_channel=rep.name(c.idxmax()))
