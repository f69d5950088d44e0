"""Seeded synthetic journeys with a known data-generating process (DGP).

The DGP is an absorbing first-order Markov chain over ``n_channels`` channels:

- the first touch is drawn from ``start`` (a fixed Dirichlet draw);
- after a touch on channel ``i`` the journey converts with probability ``conv[i]``, ends without
  converting with probability ``stop[i]``, and otherwise moves to channel ``j`` with probability
  ``(1 - conv[i] - stop[i]) * move[i, j]``;
- journeys longer than ``max_len`` touches end without converting; with ``min_len`` > 1 (long
  tail), the first ``min_len - 1`` touches neither convert nor end the journey;
- a conversion is worth a log-normal amount whose mean depends on the converting channel.

Journeys are aggregated to distinct paths (string form ``"a > b"``, as ChannelAttribution reads
it) with ``total_conversions``, ``total_null`` and ``total_conversion_value``. Two shapes:
``grouped`` (about 112k distinct paths per million journeys) and ``long_tail`` (longer journeys on
more channels: almost every journey is its own path).

The true removal effects of the DGP (infinite data, order 1) are in :func:`true_removal_effects`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

CHANNELS = ["Affiliate", "Direct", "Display", "Email", "Organic Search", "Paid Search", "Podcast",
            "Push", "Referral", "SMS", "Social", "Video", "Partners", "Print", "Radio", "TV"]


@dataclass(frozen=True)
class DGP:
    channels: list[str]
    start: np.ndarray
    move: np.ndarray
    conv: np.ndarray
    stop: np.ndarray
    value_mean: np.ndarray
    max_len: int
    min_len: int = 1


def make_dgp(shape: str = "grouped", seed: int = 20261122) -> DGP:
    """The chain of a benchmark shape (``grouped`` or ``long_tail``)."""
    rng = np.random.default_rng(seed)
    n = 12 if shape == "grouped" else 16
    start = rng.dirichlet(np.full(n, 0.8))
    move = rng.dirichlet(np.full(n, 0.5), size=n)
    if shape == "grouped":
        conv = rng.uniform(0.01, 0.10, n)
        stop = rng.uniform(0.20, 0.38, n)
        max_len, min_len = 20, 1
    else:
        conv = rng.uniform(0.01, 0.05, n)
        stop = rng.uniform(0.12, 0.22, n)
        max_len, min_len = 30, 7
    value_mean = rng.uniform(40, 400, n)
    return DGP(CHANNELS[:n], start, move, conv, stop, value_mean, max_len, min_len)


def simulate(dgp: DGP, n_journeys: int, seed: int = 1) -> pd.DataFrame:
    """Simulate ``n_journeys`` journeys and aggregate them to distinct paths."""
    rng = np.random.default_rng(seed)
    n = len(dgp.channels)
    steps = np.full((n_journeys, dgp.max_len), -1, dtype=np.int8)
    cur = rng.choice(n, size=n_journeys, p=dgp.start)
    alive = np.ones(n_journeys, dtype=bool)
    converted = np.zeros(n_journeys, dtype=bool)
    last = np.zeros(n_journeys, dtype=np.int64)
    cum = np.cumsum(dgp.move, axis=1)
    cum[:, -1] = 1.0
    for k in range(dgp.max_len):
        idx = np.flatnonzero(alive)
        if len(idx) == 0:
            break
        c = cur[idx]
        steps[idx, k] = c
        last[idx] = c
        u = rng.random(len(idx))
        active = k + 1 >= dgp.min_len  # no exit before min_len touches
        conv = active & (u < dgp.conv[c])
        end = active & (u < dgp.conv[c] + dgp.stop[c])
        converted[idx[conv]] = True
        alive[idx[end]] = False
        go = idx[~end]
        v = rng.random(len(go))
        cur[go] = (v[:, None] > cum[cur[go]]).sum(axis=1)
    value = np.where(converted, rng.lognormal(np.log(dgp.value_mean[last]) - 0.5, 1.0), 0.0)

    rows = np.ascontiguousarray(steps).view(np.dtype((np.void, dgp.max_len)))[:, 0]
    uniq, inv = np.unique(rows, return_inverse=True)
    codes = np.frombuffer(uniq.tobytes(), dtype=np.int8).reshape(len(uniq), dgp.max_len)
    names = np.array(dgp.channels, dtype=object)
    paths = [" > ".join(names[r[r >= 0]]) for r in codes]
    out = pd.DataFrame({
        "path": paths,
        "total_conversions": np.bincount(inv, weights=converted, minlength=len(uniq)),
        "total_null": np.bincount(inv, weights=~converted, minlength=len(uniq)),
        "total_conversion_value": np.bincount(inv, weights=value, minlength=len(uniq)).round(2),
    })
    return out.sort_values("path", kind="stable").reset_index(drop=True)


def true_removal_effects(dgp: DGP) -> pd.Series:
    """Removal effects of the DGP itself (order 1, infinite data, ``min_len == 1``), dense solve."""
    if dgp.min_len != 1:
        raise ValueError("the closed form needs min_len == 1")
    n = len(dgp.channels)
    q = (1 - dgp.conv - dgp.stop)[:, None] * dgp.move
    base = dgp.start @ np.linalg.solve(np.eye(n) - q, dgp.conv)
    out = {}
    for c in range(n):
        k = np.array([i for i in range(n) if i != c])
        p = dgp.start[k] @ np.linalg.solve(np.eye(n - 1) - q[np.ix_(k, k)], dgp.conv[k])
        out[dgp.channels[c]] = 1 - p / base
    return pd.Series(out)


DATASETS = {
    "10k": ("grouped", 10_000),
    "100k": ("grouped", 100_000),
    "1M": ("grouped", 1_000_000),
    "long tail 1M": ("long_tail", 1_000_000),
}


if __name__ == "__main__":  # quick look at the shapes
    for name, (shape, size) in DATASETS.items():
        df = simulate(make_dgp(shape), size)
        print(name, len(df), "distinct paths;", int(df.total_conversions.sum()), "conversions;",
              "mean length", round(df.path.str.count(">").add(1).mean(), 2))
