"""Geo lift tests: synthetic control with a conformal permutation test.

Setup. ``frame`` is long: one row per location and period. The treated markets are added up into
one series ``y_t``; every other location is a potential control. Each control series is first
rescaled to the treated series' pre-period mean (``x_jt * mean_pre(y) / mean_pre(x_j)``), so the
synthetic control only has to match the *shape* of the treated series.

Synthetic control (Abadie, Diamond & Hainmueller 2010). Weights ``w >= 0`` with ``sum w = 1``
minimise ``sum_{t < start} (y_t - sum_j w_j x_jt)^2``; solved exactly as non-negative least
squares on the system augmented with one heavily weighted row ``M * (1, ..., 1) = M``
(``scipy.optimize.nnls``), then renormalised. The counterfactual is ``yhat_t = sum_j w_j x_jt``::

    incremental = sum_{start <= t <= end} (y_t - yhat_t)
    lift        = incremental / sum_{start <= t <= end} yhat_t           (relative, 0.05 = +5 %)

Test and interval (Chernozhukov, Wuthrich & Zhu 2021, conformal inference). Under the hypothesis
"the test multiplied the treated outcome by ``1 + theta``", ``z_t = y_t`` before the test and
``y_t / (1 + theta)`` during it; the weights are refitted on all periods of ``z`` and the
residuals ``u_t`` computed. The statistic ``S = |sum_{test} u_t| / sqrt(T_test)`` is compared with
its values under every cyclic shift (moving-block permutation) of the residuals::

    p(theta) = (1 / T) * #{shifts j : S(shift_j u) >= S(u)}

``p_value = p(0)``; the interval is every ``theta`` with ``p(theta) > 1 - level`` (grid of 801
points around the estimate). Exact under exchangeable residuals; approximate under weak serial
dependence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from roianalysis.errors import DataProblem, DataValidationError

__all__ = ["LiftResult", "conformal_p_value", "geo_lift", "panel", "synthetic_weights"]


def synthetic_weights(y: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Weights ``w >= 0``, ``sum w = 1`` minimising ``||y - X w||^2`` (augmented NNLS).

    Parameters
    ----------
    y : array (T,)
        Treated series.
    X : array (T, J)
        Control series (columns).
    """
    M = 1e3 * max(float(np.abs(X).max()), float(np.abs(y).max()), 1.0)
    A = np.vstack([X, np.full((1, X.shape[1]), M)])
    b = np.concatenate([y, [M]])
    w, _ = nnls(A, b, maxiter=100 * A.shape[1])
    s = w.sum()
    return w / s if s > 0 else np.full(X.shape[1], 1.0 / X.shape[1])


def _stat(u: np.ndarray, n_post: int) -> np.ndarray:
    """``|sum of the last n_post residuals| / sqrt(n_post)`` for every cyclic shift of ``u``."""
    T = len(u)
    c = np.concatenate([[0.0], np.cumsum(np.concatenate([u, u]))])
    # shift j moves u_{t-j} to position t: the last n_post positions hold u[T-n_post-j .. T-1-j]
    j = np.arange(T)
    start = (T - n_post - j) % T
    sums = c[start + n_post] - c[start]
    return np.abs(sums) / np.sqrt(n_post)


def conformal_p_value(y: np.ndarray, X: np.ndarray, n_post: int, theta: float) -> float:
    """p-value of "the last ``n_post`` periods of ``y`` are ``(1 + theta)`` times the
    counterfactual" (see the module docstring)."""
    z = y.astype(float).copy()
    z[-n_post:] = z[-n_post:] / (1.0 + theta)
    w = synthetic_weights(z, X)
    s = _stat(z - X @ w, n_post)
    return float(np.mean(s >= s[0] - 1e-12 * max(abs(s[0]), 1.0)))


@dataclass(frozen=True)
class LiftResult:
    """Outcome of :func:`geo_lift`.

    Attributes
    ----------
    lift : float
        Relative lift of the treated markets over the test (0.05 = +5 %).
    incremental : float
        Total extra outcome over the test (outcome unit).
    interval, incremental_interval : (float, float)
        Conformal interval of the lift at ``level``, and the matching incremental outcome.
    p_value : float
        Conformal permutation p-value of "no effect".
    weights : Series
        Synthetic control weight per control location (>= 0, sum 1).
    series : DataFrame
        Per period: ``actual`` (treated total), ``synthetic``, ``effect``, ``in_test``.
    pre_fit_error : float
        Root mean squared relative error of the synthetic control before the test.
    """

    lift: float
    incremental: float
    interval: tuple[float, float]
    incremental_interval: tuple[float, float]
    p_value: float
    weights: pd.Series
    level: float
    series: pd.DataFrame
    pre_fit_error: float
    treated: tuple[str, ...]
    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def significant(self) -> bool:
        return bool(self.p_value < 1 - self.level)

    def as_experiment(self, channel: str, scale: float = 1.0) -> dict:
        """A row of the ``experiments`` table of :func:`roianalysis.mix.fit`.

        ``scale`` turns the test markets' incremental outcome into the whole market's (e.g. the
        inverse of the test markets' share of the outcome when the whole market ran the same
        change); the standard error is the incremental interval's half-width over its z.
        """
        from statistics import NormalDist

        z = NormalDist().inv_cdf(0.5 + self.level / 2)
        lo, hi = self.incremental_interval
        return {"channel": channel, "start": self.start, "end": self.end,
                "incremental": scale * self.incremental,
                "standard_error": scale * (hi - lo) / (2 * z)}

    def __str__(self) -> str:
        lo, hi = self.interval
        return (f"lift {self.lift:+.1%} ({self.level:.0%} interval {lo:+.1%} to {hi:+.1%}), "
                f"incremental {self.incremental:,.0f}, p = {self.p_value:.3f}")


def panel(frame: pd.DataFrame, *, location: str, date: str, outcome: str,
          source: str = "frame") -> pd.DataFrame:
    """Wide panel (date x location) of ``outcome``; every problem raised at once.

    Raises
    ------
    DataValidationError
        Missing columns, unreadable dates, non-numeric outcomes, duplicate (location, date)
        rows, or locations missing some dates.
    """
    problems = [DataProblem(source, "missing column", c, code="missing_column")
                for c in (location, date, outcome) if c not in frame.columns]
    if problems:
        raise DataValidationError(problems)
    f = frame.reset_index(drop=True)
    d = pd.to_datetime(f[date], errors="coerce")
    v = pd.to_numeric(f[outcome], errors="coerce")
    rows = lambda m: tuple(int(i) + 2 for i in np.flatnonzero(np.asarray(m))[:20])  # noqa: E731
    if d.isna().any():
        problems.append(DataProblem(source, "cannot read the date: expected YYYY-MM-DD", date,
                                    rows(d.isna()), "bad_date"))
    if v.isna().any():
        problems.append(DataProblem(source, "missing or non-numeric outcome: expected a number",
                                    outcome, rows(v.isna()), "bad_number"))
    dup = pd.DataFrame({"l": f[location], "d": d}).duplicated(keep=False)
    if dup.any():
        problems.append(DataProblem(source, "several rows for one location and date: expected "
                                            "one", location, rows(dup), "duplicate_row"))
    if problems:
        raise DataValidationError(problems)
    wide = pd.DataFrame({"l": f[location].astype(str), "d": d, "v": v}).pivot(
        index="d", columns="l", values="v").sort_index()
    holes = wide.isna()
    if holes.any().any():
        bad = holes.sum()
        bad = bad[bad > 0]
        problems.append(DataProblem(source, f"{len(bad)} location(s) miss some dates (e.g. "
                                            f"{bad.index[0]!r}: {int(bad.iloc[0])} missing): "
                                            "expected every location on every date (fill "
                                            "with 0 if nothing happened)", location,
                                    code="incomplete_panel"))
        raise DataValidationError(problems)
    wide.index.name, wide.columns.name = date, location
    return wide


def _split(wide: pd.DataFrame, treated, start, end, source: str, location: str):
    problems = []
    treated = [str(t) for t in ([treated] if isinstance(treated, str) else list(treated))]
    unknown = [t for t in treated if t not in wide.columns]
    if unknown or not treated:
        problems.append(DataProblem(source, f"treated location(s) {unknown or treated} not in "
                                            f"the data: expected among {list(wide.columns)[:10]}",
                                    location, code="unknown_location"))
    controls = [c for c in wide.columns if c not in treated]
    if len(controls) < 2:
        problems.append(DataProblem(source, f"{len(controls)} control location(s): expected at "
                                            "least 2", location, code="too_few_controls"))
    start = pd.Timestamp(start)
    end = wide.index.max() if end is None else pd.Timestamp(end)
    pre = wide.index < start
    post = (wide.index >= start) & (wide.index <= end)
    if post.sum() < 1:
        problems.append(DataProblem(source, f"no period between {start.date()} and "
                                            f"{end.date()}", code="no_test_period"))
    if pre.sum() < max(8, post.sum()):
        problems.append(DataProblem(source, f"{int(pre.sum())} periods before the test: expected "
                                            f"at least {max(8, post.sum())} to fit the control",
                                    code="short_pre_period"))
    if problems:
        raise DataValidationError(problems)
    return treated, controls, start, end, pre, post


def _scaled(wide: pd.DataFrame, treated, controls, pre):
    y = wide[treated].sum(axis=1).to_numpy(float)
    X = wide[controls].to_numpy(float)
    mx = X[pre].mean(axis=0)
    X = X * (y[pre].mean() / np.where(mx > 0, mx, 1.0))
    return y, X


def geo_lift(frame: pd.DataFrame, *, location: str = "location", date: str = "date",
             outcome: str, treated, start, end=None, level: float = 0.95,
             source: str = "frame") -> LiftResult:
    """Lift of a geo test by synthetic control, with a conformal p-value and interval.

    Parameters
    ----------
    frame : DataFrame
        Long: one row per ``location`` and ``date`` (days or weeks, every location on every
        date), ``outcome`` a number (orders, revenue, leads...).
    treated : str or list of str
        Locations where the test ran (their outcomes are added up).
    start, end : date
        First and last period of the test (``end`` default: the last date). Periods after
        ``end`` are not used.
    level : float
        Level of the interval (0.95).

    Returns
    -------
    LiftResult
    """
    wide = panel(frame, location=location, date=date, outcome=outcome, source=source)
    treated, controls, start, end, pre, post = _split(wide, treated, start, end, source,
                                                      location)
    used = pre | post
    y, X = _scaled(wide, treated, controls, pre)
    w = synthetic_weights(y[pre], X[pre])
    synth = X @ w
    effect = y - synth
    inc = float(effect[post].sum())
    base = float(synth[post].sum())
    lift = inc / base if base != 0 else np.nan
    pre_err = float(np.sqrt(np.mean(((y[pre] - synth[pre]) / np.where(y[pre] != 0, y[pre],
                                                                        1.0)) ** 2)))
    # conformal inference on the pre + test periods (in time order, test last)
    yy, XX, n_post = y[used], X[used], int(post.sum())
    p0 = conformal_p_value(yy, XX, n_post, 0.0)
    alpha = 1 - level
    se = max(pre_err, 1e-4) * max(1.0, 1.0 / np.sqrt(n_post)) * 2
    lo_g, hi_g = lift - 10 * se - 0.02, lift + 10 * se + 0.02
    for _ in range(6):
        grid = np.linspace(max(lo_g, -0.95), hi_g, 801)
        ok = np.array([conformal_p_value(yy, XX, n_post, th) > alpha for th in grid])
        if not ok.any():
            lo_g, hi_g = lo_g - (hi_g - lo_g), hi_g + (hi_g - lo_g)
            continue
        if (ok[0] and grid[0] > -0.95) or ok[-1]:
            width = hi_g - lo_g
            lo_g, hi_g = lo_g - width * ok[0], hi_g + width * ok[-1]
            continue
        break
    interval = (float(grid[ok].min()), float(grid[ok].max())) if ok.any() else (np.nan, np.nan)
    tot = float(y[post].sum())
    inc_int = tuple(float(tot - tot / (1 + th)) for th in interval)
    series = pd.DataFrame({"actual": y, "synthetic": synth, "effect": effect, "in_test": post},
                          index=wide.index)[used]
    return LiftResult(lift=float(lift), incremental=inc, interval=interval,
                      incremental_interval=inc_int, p_value=p0,
                      weights=pd.Series(w, index=pd.Index(controls, name=location),
                                        name="weight"),
                      level=level, series=series, pre_fit_error=pre_err,
                      treated=tuple(treated), start=start, end=end)
