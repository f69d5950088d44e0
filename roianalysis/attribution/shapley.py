"""Shapley value attribution with a pluggable characteristic function.

The channels are the players. For a characteristic function :math:`v` on coalitions
:math:`S \\subseteq N`, channel ``i`` receives

.. math:: \\phi_i = \\sum_{S \\subseteq N \\setminus \\{i\\}}
          \\frac{|S|!\\,(|N| - |S| - 1)!}{|N|!} \\bigl(v(S \\cup \\{i\\}) - v(S)\\bigr)

and :math:`\\sum_i \\phi_i = v(N) - v(\\emptyset)`. Credits are :math:`\\phi` rescaled so they sum
to the total conversions (or value); for the default game no rescaling is needed.

Default game (:func:`subset_game`)
    :math:`v(S) = \\sum_{p:\\, \\mathrm{set}(p) \\subseteq S} w_p`, the conversions (or value) of the
    journeys whose channels all lie in the coalition. It is a sum of unanimity games, so
    :math:`\\phi_i = \\sum_{p \\ni i} w_p / |\\mathrm{set}(p)|`: each converting journey splits its
    credit evenly among its *distinct* channels. This is exact for any number of channels and never
    negative (with non-negative values).

Custom games
    Any callable ``f(coalition: frozenset[str], paths: DataFrame, measure: str) -> float`` where
    ``paths`` is the aggregated paths table (``path`` as tuples) and ``measure`` is
    ``"conversions"`` or ``"value"``. It is evaluated once per coalition (:math:`2^{|N|}` calls),
    so it is exact up to about 20 channels.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from roianalysis.attribution.paths import PathArrays, aggregate_paths, credit_frame, path_arrays

Characteristic = Callable[[frozenset, pd.DataFrame, str], float]

#: Largest number of channels for which a custom game is evaluated on every coalition.
MAX_EXACT_CHANNELS = 22


def subset_game(coalition: frozenset, paths: pd.DataFrame, measure: str) -> float:
    """:math:`v(S)`: ``measure`` summed over the journeys whose channels all lie in ``S``."""
    inside = [set(p) <= coalition for p in paths["path"]]
    return float(paths.loc[inside, measure].sum()) if len(paths) else 0.0


def _path_masks(pa: PathArrays) -> np.ndarray:
    """Bitmask of the channel set of each path (needs < 63 channels)."""
    bits = np.left_shift(np.int64(1), pa.tokens.astype(np.int64))
    if pa.n_paths == 0:
        return np.zeros(0, dtype=np.int64)
    return np.bitwise_or.reduceat(bits, pa.starts)


def subset_game_values(pa: PathArrays, weights: np.ndarray) -> np.ndarray:
    """:math:`v(S)` of :func:`subset_game` for every coalition bitmask ``S`` (zeta transform).

    :math:`O(n 2^n)`: weights are summed per channel-set mask, then summed over subsets.
    """
    n = pa.n_channels
    if n > MAX_EXACT_CHANNELS:
        raise ValueError(f"{n} channels: too many to enumerate all coalitions")
    v = np.bincount(_path_masks(pa), weights=weights, minlength=1 << n).astype(np.float64)
    for i in range(n):
        bit = 1 << i
        v = v.reshape(-1, 2, bit)
        v[:, 1, :] += v[:, 0, :]
        v = v.reshape(-1)
    return v


def shapley_from_values(v: np.ndarray, n: int) -> np.ndarray:
    """Exact Shapley values from the values ``v[mask]`` of all :math:`2^n` coalitions."""
    if n == 0:
        return np.zeros(0)
    masks = np.arange(1 << n, dtype=np.int64)
    size = np.zeros(1 << n, dtype=np.int64)
    for i in range(n):
        size += (masks >> i) & 1
    fact = np.array([math.factorial(k) for k in range(n + 1)], dtype=np.float64)
    weight = fact[size] * fact[np.maximum(n - size - 1, 0)] / fact[n]
    phi = np.empty(n)
    for i in range(n):
        bit = 1 << i
        without = masks[(masks & bit) == 0]
        phi[i] = math.fsum(weight[without] * (v[without | bit] - v[without]))
    return phi


def _distinct_split(pa: PathArrays) -> tuple[np.ndarray, np.ndarray]:
    """Closed form of the default game: each journey's weight split over its distinct channels."""
    m = pa.n_channels
    if pa.n_paths == 0:
        return np.zeros(m), np.zeros(m)
    key = pa.path_of_token() * m + pa.tokens
    key = np.unique(key)
    path, ch = key // m, key % m
    k = np.bincount(path, minlength=pa.n_paths)
    conv = np.bincount(ch, weights=pa.conversions[path] / k[path], minlength=m)
    val = np.bincount(ch, weights=pa.value[path] / k[path], minlength=m)
    return conv, val


def shapley(paths: pd.DataFrame | PathArrays,
            characteristic: Characteristic | None = None) -> pd.DataFrame:
    """Shapley value credits (see module docstring).

    Parameters
    ----------
    paths : DataFrame or PathArrays
        Paths table.
    characteristic : callable, optional
        ``f(coalition, paths, measure) -> float``; :func:`subset_game` when omitted.

    Returns
    -------
    DataFrame
        Index ``channel``; ``conversions`` and ``value`` credited, summing to the totals.

    Raises
    ------
    ValueError
        When a custom game has more than :data:`MAX_EXACT_CHANNELS` players, or gives
        :math:`v(N) = v(\\emptyset)` while the total to share is not zero.
    """
    pa = path_arrays(paths)
    totals = pa.totals()
    if characteristic is None or characteristic is subset_game:
        conv, val = _distinct_split(pa)
        return credit_frame(pa.channels, conv, val, totals)
    n = pa.n_channels
    if n > MAX_EXACT_CHANNELS:
        raise ValueError(f"{n} channels: a custom Shapley game is exact up to "
                         f"{MAX_EXACT_CHANNELS} channels (2^n coalitions)")
    table = aggregate_paths(paths) if isinstance(paths, pd.DataFrame) else _table(pa)
    names = list(pa.channels)
    out = []
    for measure, total in zip(("conversions", "value"), totals, strict=True):
        v = np.array([
            characteristic(frozenset(names[i] for i in range(n) if mask >> i & 1), table, measure)
            for mask in range(1 << n)
        ], dtype=np.float64)
        phi = shapley_from_values(v, n)
        spread = v[-1] - v[0]
        if spread == 0:
            if total != 0:
                raise ValueError(f"the game gives v(N) = v(empty) for {measure}: nothing to share")
            out.append(np.zeros(n))
        else:
            out.append(phi * (total / spread))
    return credit_frame(pa.channels, out[0], out[1], totals)


def _table(pa: PathArrays) -> pd.DataFrame:
    paths = [tuple(pa.channels[pa.tokens[a:b]]) for a, b in zip(pa.starts, pa.offsets[1:], strict=True)]
    return aggregate_paths(pd.DataFrame({"path": paths, "conversions": pa.conversions,
                                         "nulls": pa.nulls, "value": pa.value}))
