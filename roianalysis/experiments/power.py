"""Planning a geo test: which lift a test of given markets and duration can detect.

By simulation on history (no test has run yet): for a test of ``d`` periods, pseudo tests are
placed on ``windows`` evenly spaced stretches of the history (each with at least ``min_pre``
periods before it); the treated markets' outcome is multiplied by ``1 + lift`` over the stretch
and the conformal test of :func:`roianalysis.experiments.geo_lift` is run on the data up to the
stretch's end::

    power(d, lift) = share of stretches where p_value < alpha

The minimum detectable lift of a duration is the smallest lift tried with power >= ``target``.
Real seasonality and noise are kept, so the figures hold as long as the future behaves like the
past.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.experiments.geo import _scaled, conformal_p_value, panel

__all__ = ["power_analysis"]


def power_analysis(frame: pd.DataFrame, *, location: str = "location", date: str = "date",
                   outcome: str, treated, durations=(2, 4, 6, 8),
                   lifts=(0.01, 0.02, 0.03, 0.05, 0.075, 0.10, 0.15), alpha: float = 0.05,
                   target: float = 0.8, windows: int = 10, min_pre: int | None = None,
                   source: str = "frame") -> pd.DataFrame:
    """Power of a geo test of ``treated`` per duration and lift, by simulation on history.

    Parameters
    ----------
    frame : DataFrame
        Long history (one row per location and date), as for :func:`geo_lift`.
    treated : str or list of str
        Candidate test markets.
    durations : iterable of int
        Test lengths in periods (weeks for weekly data).
    lifts : iterable of float
        Relative lifts to try (0.05 = +5 %).
    alpha : float
        Significance level of the test (0.05).
    target : float
        Power that defines the minimum detectable lift (0.8).
    windows : int
        Pseudo tests per duration.
    min_pre : int, optional
        Periods of history before each pseudo test (default: half the history, at least 8).

    Returns
    -------
    DataFrame
        One row per (``duration``, ``lift``): ``power`` (share), ``tests`` (pseudo tests run).
        ``attrs["mde"]``: duration -> minimum detectable lift (NaN when none of ``lifts`` reaches
        ``target``).
    """
    wide = panel(frame, location=location, date=date, outcome=outcome, source=source)
    treated = [str(t) for t in ([treated] if isinstance(treated, str) else list(treated))]
    unknown = [t for t in treated if t not in wide.columns]
    controls = [c for c in wide.columns if c not in treated]
    if unknown or len(controls) < 2:
        raise DataValidationError([DataProblem(
            source, f"treated {unknown or treated} must be locations of the data, leaving at "
                    "least 2 controls", location, code="unknown_location")])
    T = len(wide)
    min_pre = max(8, T // 2) if min_pre is None else int(min_pre)
    rows = []
    mde = {}
    for d in durations:
        d = int(d)
        last_start = T - d
        if last_start < min_pre:
            raise DataValidationError([DataProblem(
                source, f"{T} periods of history: too short for a {d}-period test after "
                        f"{min_pre} periods of fit", date, code="short_history")])
        starts = np.unique(np.linspace(min_pre, last_start, min(windows, last_start - min_pre
                                                                 + 1)).round().astype(int))
        found = np.nan
        for lift in lifts:
            hits = 0
            for s in starts:
                sub = wide.iloc[:s + d]
                pre = np.arange(s + d) < s
                y, X = _scaled(sub, treated, controls, pre)
                y = y.copy()
                y[s:] *= 1 + lift
                hits += conformal_p_value(y, X, d, 0.0) < alpha
            power = hits / len(starts)
            rows.append({"duration": d, "lift": float(lift), "power": power,
                         "tests": len(starts)})
            if np.isnan(found) and power >= target:
                found = float(lift)
        mde[d] = found
    out = pd.DataFrame(rows)
    out.attrs["mde"] = mde
    return out
