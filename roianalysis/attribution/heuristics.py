"""Rule-based attribution: first, last, last non-direct, linear, time decay, position-based.

Every rule gives each touch ``i`` of a path ``p`` a share :math:`s_{p,i} \\ge 0` with
:math:`\\sum_i s_{p,i} = 1`; channel ``c`` is credited

.. math:: C_c = \\sum_p w_p \\sum_{i: c_{p,i} = c} s_{p,i}

with :math:`w_p` the path's conversions (or its value), so credits always sum to the totals.
Non-converting journeys get no credit under any rule. All rules run as vectorised numpy on the
flat :class:`~roianalysis.attribution.paths.PathArrays` form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from roianalysis.attribution.paths import PathArrays, credit_frame, path_arrays

DEFAULT_DIRECT = ("Direct",)


def _credit(pa: PathArrays, token_index: np.ndarray, share: np.ndarray,
            path_of: np.ndarray) -> pd.DataFrame:
    """Credits from touches ``token_index`` (of paths ``path_of``) with shares ``share``."""
    ch = pa.tokens[token_index]
    m = pa.n_channels
    conv = np.bincount(ch, weights=share * pa.conversions[path_of], minlength=m)
    val = np.bincount(ch, weights=share * pa.value[path_of], minlength=m)
    return credit_frame(pa.channels, conv, val, pa.totals())


def _credit_all(pa: PathArrays,
                share: Callable[[PathArrays], np.ndarray] | None = None) -> pd.DataFrame:
    """Credits when every touch has a share, computed chunk by chunk (bounded memory).

    ``share(chunk)`` gives the shares of the chunk's touches; ``None`` means ``1 / n_p`` (linear).
    """
    m = pa.n_channels
    conv, val = np.zeros(m), np.zeros(m)
    for ch in pa.chunks():
        if share is None:
            inv = 1.0 / ch.lengths
            wc = np.repeat(ch.conversions * inv, ch.lengths)
            wv = np.repeat(ch.value * inv, ch.lengths)
        else:
            s = share(ch)
            wc = s * np.repeat(ch.conversions, ch.lengths)
            wv = s * np.repeat(ch.value, ch.lengths)
        conv += np.bincount(ch.tokens, weights=wc, minlength=m)
        val += np.bincount(ch.tokens, weights=wv, minlength=m)
    return credit_frame(pa.channels, conv, val, pa.totals())


def first_touch(paths: pd.DataFrame | PathArrays) -> pd.DataFrame:
    """All credit to the first touch: :math:`s_{p,1} = 1`."""
    pa = path_arrays(paths)
    idx = np.arange(pa.n_paths)
    return _credit(pa, pa.starts, np.ones(pa.n_paths), idx)


def last_touch(paths: pd.DataFrame | PathArrays) -> pd.DataFrame:
    """All credit to the last touch: :math:`s_{p,n_p} = 1`."""
    pa = path_arrays(paths)
    idx = np.arange(pa.n_paths)
    return _credit(pa, pa.ends, np.ones(pa.n_paths), idx)


def last_non_direct(paths: pd.DataFrame | PathArrays,
                    direct_channels: Iterable[str] = DEFAULT_DIRECT) -> pd.DataFrame:
    """All credit to the last touch that is not a direct visit.

    A journey made only of direct touches keeps its last touch (credit goes to direct), as in
    Google Analytics' "last non-direct click".
    """
    pa = path_arrays(paths)
    if pa.n_paths == 0:
        return _credit(pa, pa.starts, np.ones(0), np.arange(0))
    direct = np.isin(pa.channels, list(direct_channels))
    pos = np.arange(len(pa.tokens), dtype=np.int64)
    candidate = np.where(direct[pa.tokens], -1, pos)
    last_nd = np.maximum.reduceat(candidate, pa.starts)
    chosen = np.where(last_nd >= 0, last_nd, pa.ends)
    return _credit(pa, chosen, np.ones(pa.n_paths), np.arange(pa.n_paths))


def linear(paths: pd.DataFrame | PathArrays) -> pd.DataFrame:
    """Equal shares: :math:`s_{p,i} = 1 / n_p`."""
    return _credit_all(path_arrays(paths))


def time_decay(paths: pd.DataFrame | PathArrays, half_life_days: float = 7.0) -> pd.DataFrame:
    """Shares halving every ``half_life_days`` before the conversion.

    .. math:: s_{p,i} = \\frac{2^{-d_{p,i}/h}}{\\sum_j 2^{-d_{p,j}/h}}

    with :math:`d_{p,i}` the days from touch ``i`` to the conversion (column ``days_before``,
    given by :func:`~roianalysis.attribution.journeys.build_journeys` with ``keep_times=True``)
    and :math:`h` the half-life. Weights are computed relative to each path's most recent touch so
    they never underflow.

    Raises
    ------
    ValueError
        When the table has no touch times or ``half_life_days`` is not positive.
    """
    if not half_life_days > 0:
        raise ValueError(f"half_life_days must be positive, got {half_life_days!r}")
    pa = path_arrays(paths)
    if pa.days_before is None:
        raise ValueError("time decay needs touch times: pass journeys built with keep_times=True "
                         "(a 'days_before' column aligned with 'path')")
    if pa.n_paths == 0:
        return _credit(pa, pa.starts, np.ones(0), np.arange(0))

    def share(ch: PathArrays) -> np.ndarray:
        path_of = ch.path_of_token()
        d = ch.days_before
        d_min = np.minimum.reduceat(d, ch.starts)
        w = np.exp2(-(d - d_min[path_of]) / half_life_days)
        return w / np.add.reduceat(w, ch.starts)[path_of]

    return _credit_all(pa, share)


def position_based(paths: pd.DataFrame | PathArrays, first: float = 0.4,
                   last: float = 0.4) -> pd.DataFrame:
    """U-shaped shares: ``first`` to the first touch, ``last`` to the last, the rest evenly between.

    For :math:`n_p \\ge 3`: :math:`s_1 = f`, :math:`s_{n} = l`,
    :math:`s_i = (1 - f - l)/(n_p - 2)` otherwise. Two touches share
    :math:`f/(f+l)` and :math:`l/(f+l)`; a single touch takes everything.
    """
    if first < 0 or last < 0 or first + last > 1 or first + last == 0:
        raise ValueError("need first >= 0, last >= 0 and 0 < first + last <= 1")
    pa = path_arrays(paths)

    def share(ch: PathArrays) -> np.ndarray:
        n = np.repeat(ch.lengths, ch.lengths)
        pos = ch.position()
        middle = np.where(n > 2, (1.0 - first - last) / np.maximum(n - 2, 1), 0.0)
        s = np.where(pos == 0, first, np.where(pos == n - 1, last, middle))
        s = np.where(n == 2, np.where(pos == 0, first, last) / (first + last), s)
        return np.where(n == 1, 1.0, s)

    return _credit_all(pa, share)
