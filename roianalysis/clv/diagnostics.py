"""Model checks a client can read: calibration vs holdout (Fader, Hardie & Lee 2005, figure 5).

Customers are grouped by their number of repeat purchases in the calibration period (``0, 1, ...,
max_frequency+``); for each group the mean number of purchases actually made in the holdout period
is set against the mean the model expected, ``E[Y(t) | x, t_x, T]`` with ``t`` the holdout length.
A model that fits tracks the actual means in every group; one that does not shows a systematic gap.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["calibration_vs_holdout"]


def calibration_vs_holdout(model, rfm: pd.DataFrame, max_frequency: int = 7) -> pd.DataFrame:
    """Actual vs expected holdout purchases, by calibration frequency.

    Parameters
    ----------
    model : BetaGeoModel or ParetoNBDModel
        Fitted on the calibration columns of ``rfm``.
    rfm : DataFrame
        :func:`~roianalysis.clv.rfm_summary` with an ``observation_end`` (holdout columns).
    max_frequency : int
        Customers with more repeat purchases are pooled into the last group (``"7+"``).

    Returns
    -------
    DataFrame
        One row per group: ``customers``, ``actual`` and ``expected`` (mean purchases per customer
        in the holdout period), and the totals row ``all``.
    """
    if "frequency_holdout" not in rfm:
        raise ValueError("rfm has no holdout columns: build it with an observation_end")
    x = rfm["frequency"].to_numpy(float)
    expected = model.conditional_expected_purchases(rfm["duration_holdout"].to_numpy(float), x,
                                                    rfm["recency"].to_numpy(float),
                                                    rfm["T"].to_numpy(float))
    group = np.minimum(x, max_frequency).astype(int)
    labels = [str(i) for i in range(max_frequency)] + [f"{max_frequency}+"]
    df = pd.DataFrame({"group": pd.Categorical.from_codes(group, labels),
                       "actual": rfm["frequency_holdout"].to_numpy(float), "expected": expected})
    out = df.groupby("group", observed=False).agg(customers=("actual", "size"),
                                                  actual=("actual", "mean"),
                                                  expected=("expected", "mean"))
    out.loc["all"] = [len(df), df["actual"].mean(), df["expected"].mean()]
    out["customers"] = out["customers"].astype("int64")
    out.index.name = "calibration_frequency"
    return out
