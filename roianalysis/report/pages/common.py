"""Helpers shared by the pages: gaps and changes in words, the channel ROI and its verdict in
words (the numbers and codes are :mod:`roianalysis.channel_roi`'s), a p-value in words."""

from __future__ import annotations

import numpy as np
import pandas as pd

from roianalysis.periods import Period
from roianalysis.report import format as fmt
from roianalysis.report import texts
from roianalysis.report.context import Report, Safe, escape_markdown
from roianalysis.report.format import format_delta, is_missing
from roianalysis.report.texts import channel_label, resolve_lang


def relative_gap(value: float, reference: float) -> float:
    """``value / reference - 1`` (NaN when either is missing or the reference is 0)."""
    if is_missing(value) or is_missing(reference) or reference == 0:
        return np.nan
    return float(value) / float(reference) - 1.0


def delta_text(rep: Report, metric: str, now: float, ref: float) -> Safe:
    from roianalysis.catalog import METRICS

    return Safe(escape_markdown(format_delta(now, ref, METRICS[metric].unit, rep.currency, rep.lang)))


# ------------------------------------------------------------------------------ channel ROI words
def roi_definition(lang: str = "en") -> str:
    """The channel ROI definition (:mod:`roianalysis.channel_roi`) as the reports state it."""
    return texts.text(lang, "roi_definition")


def roi_text(value: object, lang: str = "en", currency: str = "EUR") -> str:
    """A channel ROI as every report prints it (``406,9 %`` / ``406.9%``; ``—`` when unknown)."""
    return fmt.format_metric("roi", value, currency, lang)


def verdict_label(code: object, lang: str = "en") -> str:
    """A verdict code of :data:`roianalysis.channel_roi.VERDICTS` in words (``Augmenter`` /
    ``Increase``...); ``—`` without a verdict."""
    if code is None or (isinstance(code, float) and np.isnan(code)):
        return fmt.MISSING
    return texts.text(lang, f"verdict_{code}")


def significance_text(p_value: float, change: float | None = None, lang: str = "en") -> str:
    """A p-value in plain words with the p-value itself: ``a real rise, not noise (p = 0.01)``,
    ``within noise: could well be chance (p = 0.40)``... (the code of
    :func:`roianalysis.scorecard.significance.reading`)."""
    from roianalysis.scorecard.significance import reading

    return texts.text(lang, f"significance_{reading(p_value, change)}", p=fmt.format_p(p_value, lang))


#: Columns of :func:`channel_summary`.
SUMMARY_COLUMNS = ["channel", "cost", "revenue", "roi", "roi_text", "ltv_to_cac", "verdict",
                   "verdict_code", "reason"]


def channel_summary(data, period: str | Period, comparison: str | Period | None = "previous",
                    lang: str | None = None) -> pd.DataFrame:
    """:func:`roianalysis.channel_roi.channel_roi` as the ``channels`` command prints it: one row
    per channel (the ``channel_roi`` order), ``channel`` (its name in ``lang``), ``cost`` and
    ``revenue`` (currency), ``roi`` (share), ``roi_text`` (as the reports print it),
    ``ltv_to_cac``, ``verdict`` (in words, ``lang``; empty for unpaid channels), ``verdict_code``
    and ``reason`` (the reason in words). ``lang`` defaults to the client's language."""
    from roianalysis.channel_roi import channel_roi

    lang = resolve_lang(lang, data)
    currency = data.config.currency
    r = channel_roi(data, period, comparison)
    rows = []
    for ch, row in r.iterrows():
        code = row["verdict"]
        rows.append({
            "channel": channel_label(ch, lang), "cost": row["cost"], "revenue": row["revenue"],
            "roi": row["roi"], "roi_text": roi_text(row["roi"], lang, currency),
            "ltv_to_cac": row["ltv_to_cac"],
            "verdict": "" if code is None else verdict_label(code, lang),
            "verdict_code": code or "",
            "reason": "" if row["verdict_reason"] is None else texts.text(lang, row["verdict_reason"]),
        })
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    out.attrs.update(period=r.attrs.get("period"), lang=lang, currency=currency)
    return out


def summary_text(summary: pd.DataFrame, lang: str, currency: str) -> pd.DataFrame:
    """:func:`channel_summary` with every number as text in ``lang`` (the ``table`` format)."""
    return pd.DataFrame({
        texts.text(lang, "col_channel"): summary["channel"],
        fmt.metric_label("marketing_cost", lang): [fmt.format_money(v, currency, lang, 0)
                                                   for v in summary["cost"]],
        texts.text(lang, "roi_col_revenue"): [fmt.format_money(v, currency, lang, 0)
                                        for v in summary["revenue"]],
        "ROI": summary["roi_text"],
        fmt.metric_label("ltv_to_cac", lang): [fmt.format_metric("ltv_to_cac", v, currency, lang)
                                               for v in summary["ltv_to_cac"]],
        texts.text(lang, "col_verdict"): summary["verdict"].replace("", fmt.MISSING),
    })
