"""Seeded simulators of BG/NBD customers with known parameters (tests and benchmarks).

The BG/NBD story (Fader, Hardie & Lee 2005), in a time unit of the caller's choice:

- a customer's first purchase is at time 0 (her acquisition);
- while alive she makes repeat purchases as a Poisson process of rate ``lambda ~ Gamma(r, alpha)``
  (shape ``r``, rate ``alpha``);
- right after each *repeat* purchase she drops out with probability ``p ~ Beta(a, b)``: the number
  of repeat purchases she can make, ``D``, is geometric on 1, 2, ... with parameter ``p``.

Over an observation window of length ``T`` the arrivals number ``N ~ Poisson(lambda T)``, at
uniform order statistics of ``(0, T]``. She makes ``x = min(D, N)`` repeat purchases, and the time
of the last one is the ``x``-th of ``N`` uniform order statistics: ``t_x = T * Beta(x, N - x + 1)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["simulate_bgnbd", "simulate_orders"]


def _draw(n, r, alpha, a, b, rng):
    lam = rng.gamma(shape=r, scale=1.0 / alpha, size=n)
    p = rng.beta(a, b, size=n)
    drop = rng.geometric(np.clip(p, 1e-12, 1.0))  # repeat purchases before dropping out
    return lam, p, drop


def simulate_bgnbd(n: int, r: float, alpha: float, a: float, b: float, *,
                   T: float | tuple[float, float] | np.ndarray = (0.0, 1.0), seed: int = 0,
                   resolution: float | None = None) -> pd.DataFrame:
    """Simulate the RFM summary of ``n`` BG/NBD customers.

    Parameters
    ----------
    n : int
        Number of customers.
    r, alpha, a, b : float
        True parameters (``alpha`` in the time unit of ``T``).
    T : float, (low, high) or array of n floats
        Customer age at the end of observation, in the time unit of ``alpha``: a constant, a
        tuple ``(low, high)`` drawing each customer's acquisition uniformly so that
        ``T ~ U(low, high)``, or each customer's age (e.g. whole days since her acquisition day,
        with purchase times left continuous).
    seed : int
        Seed of ``numpy.random.default_rng``.
    resolution : float, optional
        Record times on a grid of this step (e.g. 1 for days): acquisition and purchases happen at
        continuous times but are recorded at the start of their grid cell, like dates in a
        database; ``T`` is then measured from the recorded acquisition to the end of the grid.

    Returns
    -------
    DataFrame
        ``frequency``, ``recency``, ``T`` and the customer's true ``lambda`` and ``p``.
    """
    rng = np.random.default_rng(seed)
    if isinstance(T, tuple):
        TT = rng.uniform(T[0], T[1], size=n)
    elif np.ndim(T) == 0:
        TT = np.full(n, float(T))
    else:
        TT = np.asarray(T, dtype=float).ravel()
        if len(TT) != n or not np.all(TT > 0):
            raise ValueError(f"T must hold {n} positive ages, one per customer")
    lam, p, drop = _draw(n, r, alpha, a, b, rng)
    arrivals = rng.poisson(lam * TT)
    x = np.minimum(drop, arrivals)
    has = x > 0
    frac = np.zeros(n)
    frac[has] = rng.beta(x[has], arrivals[has] - x[has] + 1)
    tx = frac * TT
    if resolution:
        # acquisition at time E - T (E = end of observation on the grid); times recorded on the grid
        end = np.ceil(TT.max() / resolution) * resolution
        acq = end - TT
        acq_rec = np.floor(acq / resolution) * resolution
        last_rec = np.floor((acq + tx) / resolution) * resolution
        TT = end - acq_rec
        tx = np.where(has, last_rec - acq_rec, 0.0)
        # repeat purchases on the acquisition day are not repeat days: count them as lifetimes does
        x = np.where(has & (tx == 0), 0, x)
    return pd.DataFrame({"frequency": x.astype("int64"), "recency": tx, "T": TT,
                         "lambda": lam, "p": p})


def simulate_orders(n_customers: int, r: float, alpha: float, a: float, b: float, *,
                    start: str = "2024-01-01", end: str = "2026-01-01", seed: int = 0,
                    mean_value: float = 50.0, value_shape: float = 4.0) -> pd.DataFrame:
    """Simulate canonical orders of BG/NBD customers acquired uniformly over ``[start, end)``.

    Time unit of ``alpha``: days. Each customer's first order is her acquisition; repeat orders
    follow the BG/NBD story until ``end``. Order values are gamma distributed around a
    customer-level mean (itself gamma around ``mean_value``), as in the Gamma-Gamma model.

    Returns
    -------
    DataFrame
        Canonical orders: ``order_id``, ``contact_id``, ``ordered_at`` (naive, second resolution),
        ``revenue``; sorted by contact and time.
    """
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp(start)
    horizon = (pd.Timestamp(end) - t0) / pd.Timedelta(days=1)
    acq = rng.uniform(0.0, horizon, size=n_customers)
    TT = horizon - acq
    lam, _, drop = _draw(n_customers, r, alpha, a, b, rng)
    arrivals = rng.poisson(lam * TT)
    x = np.minimum(drop, arrivals)
    # arrival times: N uniforms on (0, T], sorted per customer; keep the first x
    owner = np.repeat(np.arange(n_customers), arrivals)
    times = rng.random(len(owner)) * TT[owner]
    order = np.lexsort((times, owner))
    owner, times = owner[order], times[order]
    starts = np.r_[0, np.cumsum(arrivals)[:-1]]
    rank = np.arange(len(owner)) - np.repeat(starts, arrivals)
    keep = rank < x[owner]
    owner, times = owner[keep], times[keep]
    cust = np.r_[np.arange(n_customers), owner]
    when = np.r_[acq, acq[owner] + times]
    order = np.lexsort((when, cust))
    cust, when = cust[order], when[order]
    cust_mean = rng.gamma(value_shape, mean_value / value_shape, size=n_customers)
    revenue = np.round(rng.gamma(value_shape, cust_mean[cust] / value_shape), 2)
    seconds = np.floor(when * 86400.0).astype("int64")
    ordered_at = t0 + pd.to_timedelta(seconds, unit="s")
    width = len(str(n_customers))
    names = np.array([f"c{i:0{width}d}" for i in range(n_customers)])
    return pd.DataFrame({
        "order_id": np.array([f"o{i}" for i in range(len(cust))], dtype=object),
        "contact_id": names[cust].astype(object),
        "ordered_at": ordered_at.astype("datetime64[us]"),
        "revenue": revenue,
    })
