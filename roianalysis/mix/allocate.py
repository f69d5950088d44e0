"""Budget allocation on a fitted model's response curves.

Problem, per period (week or day), with ``r_c(x) = beta_c s_c(x / scale_c)`` the steady-state
response of channel ``c`` (:meth:`MixModel.response`)::

    maximise  sum_c r_c(x_c)   subject to  sum_c x_c = budget,  lo_c <= x_c <= hi_c

For concave curves (logistic saturation; Hill with slope <= 1) the optimum satisfies the
Karush-Kuhn-Tucker conditions: every channel strictly inside its bounds has the same marginal
return ``r_c'(x_c) = lambda``. Each ``x_c(lambda) = argmax r_c(x) - lambda x`` on its bounds is
found by root finding on ``r_c'``, and ``lambda`` by root finding on ``sum_c x_c(lambda) =
budget``: the exact optimum to ~1e-12. For S-shaped curves (Hill with slope > 1) that point is
polished by SLSQP from it, from the current split and from the proportional split, keeping the
best. ``objective="roas_target"`` spends on each channel until its marginal return falls to the
target (``lambda = roas_target``, no budget constraint).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import brentq, minimize

__all__ = ["optimize"]


def _bounds(cur: np.ndarray, channels: tuple[str, ...], bounds) -> tuple[np.ndarray, np.ndarray]:
    if bounds is None:
        return np.zeros_like(cur), np.full_like(cur, np.inf)
    if isinstance(bounds, (int, float)):
        if not 0 <= bounds:
            raise ValueError(f"bounds must be 0 or more (a share of current spend), got {bounds}")
        return np.maximum(cur * (1 - bounds), 0.0), cur * (1 + bounds)
    if isinstance(bounds, dict):
        unknown = sorted(set(bounds) - set(channels))
        if unknown:
            raise ValueError(f"bounds name unknown channel(s) {unknown}: expected among "
                             f"{list(channels)}")
        lo, hi = np.zeros_like(cur), np.full_like(cur, np.inf)
        for i, ch in enumerate(channels):
            b = bounds.get(ch)
            if b is None:
                continue
            if isinstance(b, (int, float)):
                lo[i], hi[i] = max(cur[i] * (1 - b), 0.0), cur[i] * (1 + b)
            else:
                lo[i], hi[i] = float(b[0]), float(b[1])
                if not 0 <= lo[i] <= hi[i]:
                    raise ValueError(f"bounds of {ch}: expected 0 <= low <= high, got {b}")
        return lo, hi
    raise ValueError("bounds must be a number (share of current spend, 0.3 = +-30 %), a dict "
                     "channel -> share or (low, high) spend per period, or None")


def _argmax(slope, lam: float, lo: float, hi: float) -> float:
    """``argmax r(x) - lam x`` on ``[lo, hi]`` for a concave ``r`` with derivative ``slope``."""
    if slope(lo) <= lam:
        return lo
    if np.isfinite(hi):
        if slope(hi) >= lam:
            return hi
        top = hi
    else:
        top = max(lo, 1.0) * 2
        while slope(top) > lam:
            top *= 2
            if top > 1e15:
                return top
    return brentq(lambda x: slope(x) - lam, lo, top, xtol=1e-13, rtol=1e-15, maxiter=500)


def optimize(model, budget: float | None = None, bounds=0.3, objective: str = "revenue",
             roas_target: float | None = None, current=None) -> pd.DataFrame:
    """Split a budget per period across the model's channels to maximise the modelled outcome.

    Parameters
    ----------
    model : MixModel
    budget : float, optional
        Spend per period to split (currency); default the current total (mean over the fitted
        window).
    bounds : float, dict or None
        ``0.3``: each channel stays within +-30 % of its current spend; a dict channel -> share or
        ``(low, high)`` spend per period (channels left out are free); None: free (>= 0).
    objective : ``"revenue"`` or ``"roas_target"``
        Maximise the outcome for the budget, or spend each channel until its marginal return
        equals ``roas_target`` (the budget is then an output).
    roas_target : float
        Marginal return (target unit per currency unit) for ``objective="roas_target"``.
    current : Series or dict, optional
        Current spend per period by channel; default the mean over the fitted window
        (:meth:`MixModel.current_spend`). Relative bounds are relative to it.

    Returns
    -------
    DataFrame indexed by channel
        ``current``, ``optimal`` (spend per period; ``optimal`` sums to the budget), ``change``,
        ``expected_current`` and ``expected`` (outcome per period at each split, target unit),
        ``marginal_roas`` at the optimal split, ``low``, ``high`` (the bounds). ``attrs``:
        ``budget``, ``gain`` (expected outcome gain per period), ``gain_lower``, ``gain_upper``
        (interval at the model's level), ``gain_relative``, ``already_optimal`` and ``message``
        (plain words).
    """
    theta, beta = model._theta, model._beta
    channels = model.channels
    C = len(channels)
    if current is None:
        cur = model.current_spend().to_numpy(float)
    else:
        cur_s = pd.Series(current, dtype=float)
        missing = [ch for ch in channels if ch not in cur_s.index]
        if missing:
            raise ValueError(f"current spend missing for channel(s) {missing}")
        cur = cur_s.reindex(list(channels)).to_numpy(float)
    lo, hi = _bounds(cur, channels, bounds)

    def curve(c, x, th=theta, be=beta):
        return float(model._curve(th, be, c, np.array([x]))[0])

    def slope(c, x):
        return float(model._slope(theta, beta, c, np.array([x]))[0])

    def split(lam: float) -> np.ndarray:
        return np.array([_argmax(lambda x, c=c: slope(c, x), lam, lo[c], hi[c])
                         for c in range(C)])

    if objective == "roas_target":
        if roas_target is None or not roas_target > 0:
            raise ValueError("objective='roas_target' needs roas_target= a marginal return > 0")
        x = split(float(roas_target))
        if not np.isfinite(x).all():
            raise ValueError("the bounds leave a channel unbounded above a marginal return "
                             f"of {roas_target}: give an upper bound")
        budget = float(x.sum())
    elif objective == "revenue":
        budget = float(cur.sum()) if budget is None else float(budget)
        if not budget >= lo.sum() - 1e-9:
            raise ValueError(f"budget {budget:,.2f} is below the sum of the lower bounds "
                             f"{lo.sum():,.2f}")
        if budget > hi.sum() + 1e-9:
            raise ValueError(f"budget {budget:,.2f} is above the sum of the upper bounds "
                             f"{hi.sum():,.2f}")
        x = _solve_budget(split, slope, lo, hi, budget, C)
        x = _polish(x, curve, lo, hi, budget, cur, C)
    else:
        raise ValueError(f"unknown objective {objective!r}: expected 'revenue' or 'roas_target'")

    exp_cur = np.array([curve(c, cur[c]) for c in range(C)])
    exp_opt = np.array([curve(c, x[c]) for c in range(C)])

    def gain_fun(th, be, ga):
        return np.array([sum(float(model._curve(th, be, c, x[c:c + 1])[0]) -
                             float(model._curve(th, be, c, cur[c:c + 1])[0]) for c in range(C))])

    g, glo, ghi = (float(v[0]) for v in model._delta(gain_fun, nonnegative=False))
    out = pd.DataFrame({"current": cur, "optimal": x, "change": x - cur,
                        "expected_current": exp_cur, "expected": exp_opt,
                        "marginal_roas": [slope(c, x[c]) for c in range(C)], "low": lo,
                        "high": hi}, index=pd.Index(channels, name="channel"))
    rel = g / exp_cur.sum() if exp_cur.sum() > 0 else np.nan
    same_budget = abs(budget - cur.sum()) <= 1e-9 * max(1.0, cur.sum())
    moved = float(np.abs(x - cur).sum() / 2)
    already = same_budget and (moved <= 1e-3 * max(budget, 1e-12) or abs(g) <= 1e-4 * max(
        exp_cur.sum(), 1e-12))
    if already:
        msg = (f"The current split is already optimal within the bounds: moving budget between "
               f"channels would not raise the modelled {model.target} (gain {g:,.0f} per "
               "period).")
    else:
        moves = ", ".join(f"{ch} {d:+,.0f}" for ch, d in zip(channels, x - cur, strict=True) if abs(d) >= 0.5)
        msg = (f"Spending {budget:,.0f} per period as {moves} raises the modelled "
               f"{model.target} by {g:,.0f} per period ({rel:+.1%}; {model.level:.0%} interval "
               f"{glo:,.0f} to {ghi:,.0f}).")
        if glo <= 0 <= ghi:
            msg += " The gain is within the model's uncertainty: test the change before making it."
    out.attrs.update(budget=budget, objective=objective, gain=g, gain_lower=glo, gain_upper=ghi,
                     gain_relative=rel, already_optimal=bool(already), message=msg)
    return out


def _solve_budget(split, slope, lo, hi, budget, C) -> np.ndarray:
    """KKT solution: the ``lambda`` whose :func:`_argmax` split spends exactly ``budget``."""
    if np.isclose(budget, lo.sum(), rtol=1e-12, atol=1e-12):
        return lo.copy()
    if np.isclose(budget, hi.sum(), rtol=1e-12, atol=1e-12):
        return hi.copy()
    lam_hi = max(slope(c, lo[c]) for c in range(C)) * (1 + 1e-9) + 1e-300
    lam_lo = lam_hi * 1e-3
    while split(lam_lo).sum() < budget and lam_lo > 1e-300:
        lam_lo *= 1e-3
    x0 = split(lam_lo)
    if x0.sum() < budget:
        # even at a marginal return of ~0 the channels that earn want less than the budget (a
        # channel the model credits with nothing has a flat curve): they get their best spend,
        # and what remains is spread over the others within their bounds, in proportion to
        # their room (the model sees no difference between them)
        room = hi - x0
        return np.clip(x0 + room * (budget - x0.sum()) / room.sum(), lo, hi)
    lam = brentq(lambda v: split(v).sum() - budget, lam_lo, lam_hi, xtol=1e-300, rtol=1e-15,
                 maxiter=1000)
    x = split(lam)
    free = (x > lo + 1e-12) & (x < hi - 1e-12)
    if free.any():  # put the last rounding on the channels strictly inside their bounds
        x[free] += (budget - x.sum()) / free.sum()
    return np.clip(x, lo, hi)


def _polish(x, curve, lo, hi, budget, cur, C) -> np.ndarray:
    """SLSQP from ``x``, the current and the proportional split; keeps the best feasible one."""
    def total(v):
        return sum(curve(c, v[c]) for c in range(C))

    best, best_val = x, total(x)
    top = np.where(np.isfinite(hi), hi, budget)
    starts = [x, np.clip(cur * budget / max(cur.sum(), 1e-12), lo, top)]
    scale = max(budget, 1e-12)
    norm = max(abs(best_val), 1e-12)
    for x0 in starts:
        res = minimize(lambda v: -total(v * scale) / norm, x0 / scale,
                       method="SLSQP", bounds=list(zip(lo / scale, top / scale, strict=True)),
                       constraints=[{"type": "eq", "fun": lambda v: v.sum() - budget / scale}],
                       options={"ftol": 1e-14, "maxiter": 200})
        v = np.clip(res.x * scale, lo, top)
        if abs(v.sum() - budget) <= 1e-9 * scale and total(v) > best_val * (1 + 1e-13):
            best, best_val = v, total(v)
    return best
