"""A stand-in for ``roianalysis.channel_roi`` (built by another branch), used ONLY by the overview's
tests while that module is not on the branch: the same API and columns, computed roughly from
:func:`roianalysis.metrics.funnel_counts` (revenue here is all the period's revenue of the
contacts acquired through the channel, not only the new customers'), with a simple verdict rule.

:func:`install` puts it in ``sys.modules`` when the real module cannot be imported.
"""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pandas as pd

CHANNEL_ROI_DEFINITION = "stand-in"
COLUMNS = ["cost", "new_customers", "revenue", "roi", "roas", "original_source_revenue",
           "original_source_roi", "ltv", "cac", "ltv_to_cac", "verdict", "verdict_reason",
           "money_at_stake"]


def channel_roi(data, period, comparison: str = "previous") -> pd.DataFrame:
    from roianalysis.metrics import funnel_counts
    from roianalysis.periods import Period

    p = Period.parse(period)
    c = funnel_counts(data.engine, p, ["channel"], window_days=data.config.conversion_window_days,
                      available=list(data.tables))
    out = pd.DataFrame(index=pd.Index(c.index, name="channel"))
    out["cost"] = c["marketing_cost"].fillna(0.0)
    out["new_customers"] = c["new_customers"].fillna(0.0)
    out["revenue"] = c["revenue"].fillna(0.0)
    paid = out["cost"] > 0
    out["roi"] = ((out["revenue"] - out["cost"]) / out["cost"]).where(paid)
    out["roas"] = (out["revenue"] / out["cost"]).where(paid)
    out["original_source_revenue"] = out["revenue"]
    out["original_source_roi"] = out["roi"]
    out["cac"] = (out["cost"] / out["new_customers"].where(out["new_customers"] > 0)).where(paid)
    out["ltv"] = out["revenue"] / out["new_customers"].where(out["new_customers"] > 0)
    out["ltv_to_cac"] = out["ltv"] / out["cac"]
    median = out.loc[paid, "roi"].median()
    verdict, reason = [], []
    for ch, r in out.iterrows():
        if not paid[ch]:
            verdict.append(None)
            reason.append(None)
        elif r["new_customers"] < 30:
            verdict.append("too_little_data")
            reason.append("standin_little")
        elif r["roi"] < 0:
            verdict.append("reduce")
            reason.append("standin_loss")
        elif r["roi"] > median:
            verdict.append("increase")
            reason.append("standin_best")
        else:
            verdict.append("keep")
            reason.append("standin_keep")
    out["verdict"] = pd.Series(verdict, index=out.index, dtype=object)
    out["verdict_reason"] = pd.Series(reason, index=out.index, dtype=object)
    out["money_at_stake"] = (0.2 * out["cost"] * out["roi"].abs()).where(paid, np.nan)
    out = out.loc[list(out.index[paid]) + list(out.index[~paid])]
    return out[COLUMNS]


def verdicts(data, period, comparison: str = "previous") -> pd.DataFrame:
    df = channel_roi(data, period, comparison)
    return df[df["verdict"].notna()].sort_values("money_at_stake", ascending=False)


def needed() -> bool:
    """True when the real ``roianalysis.channel_roi`` is not importable."""
    return importlib.util.find_spec("roianalysis.channel_roi") is None


def install() -> None:
    """Register this module as ``roianalysis.channel_roi`` when the real one is missing."""
    if needed():
        import roianalysis

        sys.modules["roianalysis.channel_roi"] = sys.modules[__name__]
        roianalysis.channel_roi = sys.modules[__name__]
