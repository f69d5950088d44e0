"""Markov chain attribution of order k by exact removal effects.

States (as in ChannelAttribution, so results compare with it)
    A state of order ``k`` is a window of ``k`` consecutive touches of a path; a path shorter
    than ``k`` is one state; consecutive identical states of a path are merged. Every path runs
    ``(start) -> s_1 -> ... -> s_n`` and then to ``(conversion)`` with weight ``conversions`` and to
    ``(null)`` with weight ``nulls``; the other transitions have weight ``conversions + nulls``.

Transition probabilities
    :math:`P_{ij} = N_{ij} / \\sum_l N_{il}` (maximum likelihood). Splitting the transient states
    ``T`` from the absorbing ones, :math:`Q = P_{TT}`, :math:`b_i = P_{i,conv}`, and the start
    distribution :math:`\\pi_i = P_{start,i}`.

Conversion probability (exact, no simulation)
    .. math:: p = \\pi^\\top (I - Q)^{-1} b

    :math:`I - Q` is invertible because every state lies on an observed path that ends in an
    absorbing state. Small chains are solved by sparse LU; large ones (order >= 2 on many
    channels, where LU fill-in makes factorisation slow) by the monotone series
    :math:`x = \\sum_t Q^t b` for all removal systems at once, stopped only when the error bound
    :math:`\\tau^* \\max \\Delta_t` (see :func:`~roianalysis.attribution.absorbing.absorb_series`) certifies 1e-12 relative
    accuracy, with LU as the fallback. Deterministic either way, no simulation.

Value
    A conversion reached from state ``i`` is worth the mean value of the conversions that ended
    in ``i``, so the expected value is :math:`\\pi^\\top (I - Q)^{-1} r` with
    :math:`r_i = V_i / \\sum_l N_{il}` (:math:`V_i` = value of the paths whose last state is ``i``).

Removal effect of channel c
    Every transition into a state containing ``c`` goes to ``(null)`` instead: the system is
    restricted to the states ``R`` without ``c``,
    :math:`p_{-c} = \\pi_R^\\top (I - Q_{RR})^{-1} b_R`, and
    :math:`RE_c = 1 - p_{-c}/p` (same for value). A channel none of whose states can reach the
    conversion has :math:`RE_c = 0` exactly (checked on the transition graph).

Credits
    :math:`C_c = \\text{total} \\cdot RE_c / \\sum_j RE_j`, for conversions and for value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from roianalysis.attribution.absorbing import solve_systems
from roianalysis.attribution.paths import PathArrays, credit_frame, path_arrays

START, CONVERSION, NULL = "(start)", "(conversion)", "(null)"
#: Largest state-code space indexed by a lookup table (larger ones are sorted).
LUT_SPACE = 1 << 24
#: Largest number of (state, channel) cells counted in a dense array (larger ones are sorted).
DENSE_COUNTS = 1 << 22


@dataclass(frozen=True)
class MarkovChain:
    """The absorbing chain estimated from paths.

    Attributes
    ----------
    order : int
    channels : ndarray of str
        Sorted channel names.
    state_channels : ndarray of int, shape (n_states, order)
        Channel codes of each transient state's window, ``-1`` padding for short states.
    counts : scipy.sparse.csr_matrix, shape (n_states + 3, n_states + 3)
        Transition weights :math:`N_{ij}`; the last three rows/columns are ``(start)``,
        ``(conversion)`` and ``(null)``.
    value_out : ndarray
        :math:`V_i`, value of the paths whose last state is ``i``.
    """

    order: int
    channels: np.ndarray
    state_channels: np.ndarray
    counts: sp.csr_matrix
    value_out: np.ndarray

    @property
    def n_states(self) -> int:
        return len(self.state_channels)

    def state_names(self, sep: str = " > ") -> list[str]:
        """Readable state names (``"Email > Paid Search"`` for order 2), then the special states."""
        names = [sep.join(self.channels[c] for c in row if c >= 0) for row in self.state_channels]
        return names + [START, CONVERSION, NULL]

    def system(self):
        """``(Q, b, r, pi)``: transient block, conversion and value vectors, start distribution."""
        n = self.n_states
        counts = self.counts
        out = np.asarray(counts[:n].sum(axis=1)).ravel()
        inv = np.divide(1.0, out, out=np.zeros_like(out), where=out > 0)
        scaled = sp.diags(inv) @ counts[:n]
        scaled = scaled.tocsc()
        q = scaled[:, :n]
        b = np.asarray(scaled[:, n + 1].todense()).ravel()
        r = self.value_out * inv
        start = np.asarray(counts[n].todense()).ravel()[:n]
        pi = start / start.sum() if start.sum() > 0 else start
        return q.tocsr(), b, r, pi


def _select(pa: PathArrays, rows: np.ndarray) -> PathArrays:
    """The paths ``rows`` (boolean mask) of ``pa``."""
    tok_mask = np.repeat(rows, pa.lengths)
    lengths = pa.lengths[rows]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    days = None if pa.days_before is None else pa.days_before[tok_mask]
    return PathArrays(pa.channels, pa.tokens[tok_mask], offsets, pa.conversions[rows],
                      pa.nulls[rows], pa.value[rows], days)


def _window_codes(pa: PathArrays, order: int, base: int) -> tuple[np.ndarray, np.ndarray]:
    """Code of every state window and whether it opens its path, before merging.

    Digit ``i`` (base ``m + 1``) of a code is the ``(i+1)``-th channel of the window, 0 = padding.
    """
    n_tok = len(pa.tokens)
    first = np.zeros(n_tok, dtype=bool)
    first[pa.starts] = True
    dtype = np.int32 if base**order < 2**31 else np.int64
    if order == 1:
        return pa.tokens.astype(dtype) + 1, first
    lengths = np.repeat(pa.lengths.astype(np.int32), pa.lengths)
    pos = np.arange(n_tok, dtype=np.int32) - np.repeat(pa.starts.astype(np.int32), pa.lengths)
    tok1 = pa.tokens.astype(dtype) + 1
    code = tok1.copy()
    for i in range(1, order):
        shifted = np.zeros(n_tok, dtype=dtype)
        shifted[:-i] = tok1[i:]
        code += np.where(pos + i < lengths, shifted, 0) * dtype(base**i)
    is_window = pos <= np.maximum(lengths - order, 0)
    return code[is_window], first[is_window]


def _merged_codes(pa: PathArrays, order: int, base: int) -> tuple[np.ndarray, np.ndarray]:
    """State codes of every path with consecutive identical states merged, and path openers."""
    code, first = _window_codes(pa, order, base)
    keep = first.copy()
    keep[1:] |= code[1:] != code[:-1]
    return code[keep], first[keep]


def build_chain(paths: pd.DataFrame | PathArrays, order: int = 1) -> MarkovChain:
    """Estimate the order-``order`` chain of a paths table (see module docstring).

    The paths are walked in chunks of whole paths (:meth:`PathArrays.chunks`): a first pass
    finds the states, a second counts the transitions, so temporary memory stays bounded.
    """
    if int(order) != order or order < 1:
        raise ValueError(f"order must be a positive integer, got {order!r}")
    order = int(order)
    pa = path_arrays(paths)
    m = pa.n_channels
    base = m + 1
    if order * np.log2(base) > 62:
        raise ValueError(f"order {order} with {m} channels is too large a state space")
    weight = pa.conversions + pa.nulls
    if not (weight > 0).all():
        pa = _select(pa, weight > 0)

    chunks = pa.chunks()
    merged = [_merged_codes(ch, order, base) for ch in chunks]
    uniq, lookup = _state_index([c for c, _ in merged], base**order)
    n = len(uniq)
    top = base ** (order - 1)
    counts = _Counter(n, m)
    value_out = np.zeros(n)
    for ch, (code, first) in zip(chunks, merged, strict=True):
        state = lookup(code)
        w = ch.conversions + ch.nulls
        # one first and one last state per path, in path order
        last = np.ones(len(code), dtype=bool)
        last[:-1] = first[1:]
        s_first, s_last = state[first], state[last]
        inner = np.flatnonzero(~last)
        inner_path = (np.cumsum(first, dtype=np.int32) - 1)[inner]
        # the next state is the window shifted by one touch: (state, new channel) identifies it
        new_channel = code[inner + 1] // top - 1
        counts.add_inner(state[inner], new_channel, w[inner_path])
        counts.add_ends(s_first, s_last, w, ch.conversions, ch.nulls)
        value_out += np.bincount(s_last, weights=ch.value, minlength=n)
    shifted = (uniq // base)[:, None] + (np.arange(m) + 1)[None, :] * top  # codes of next states
    digits = (uniq[:, None] // base ** np.arange(order)[None, :]) % base - 1
    matrix = counts.matrix(lambda s, x: lookup(shifted[s, x]))
    return MarkovChain(order, pa.channels, digits.astype(np.int64), matrix, value_out)


def _state_index(codes: list[np.ndarray], space: int):
    """Sorted distinct state codes and a function mapping codes to their index among them."""
    if space <= LUT_SPACE:
        seen = np.zeros(space, dtype=bool)
        for c in codes:
            seen[c] = True
        uniq = np.flatnonzero(seen).astype(np.int64)
        lut = (np.cumsum(seen, dtype=np.int64) - 1).astype(np.int32)
        return uniq, lambda c: lut[c]
    uniq = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return uniq, lambda c: np.searchsorted(uniq, c).astype(np.int64)


class _Counter:
    """Transition weights of a chain with ``n`` states on ``m`` channels.

    Inner transitions are counted by (state, new channel), an ``n x m`` table, since the next
    state is the current window shifted by one touch; the rest by state.
    """

    def __init__(self, n: int, m: int):
        self.n, self.m = n, m
        self.dense = n * m <= DENSE_COUNTS
        self.inner = np.zeros(n * m) if self.dense else None
        self.parts: list[tuple[np.ndarray, np.ndarray]] = []
        self.start, self.conv, self.null = np.zeros(n), np.zeros(n), np.zeros(n)

    def add_inner(self, state: np.ndarray, channel: np.ndarray, weight: np.ndarray) -> None:
        key = state.astype(np.int64) * self.m + channel
        if self.dense:
            self.inner += np.bincount(key, weights=weight, minlength=self.n * self.m)
        else:
            k, inv = np.unique(key, return_inverse=True)
            self.parts.append((k, np.bincount(inv, weights=weight, minlength=len(k))))

    def add_ends(self, first: np.ndarray, last: np.ndarray, weight: np.ndarray,
                 conv: np.ndarray, null: np.ndarray) -> None:
        n = self.n
        self.start += np.bincount(first, weights=weight, minlength=n)
        self.conv += np.bincount(last, weights=conv, minlength=n)
        self.null += np.bincount(last, weights=null, minlength=n)

    def matrix(self, next_state) -> sp.csr_matrix:
        """``(n + 3) x (n + 3)`` counts; ``next_state(s, x)`` maps inner keys to states."""
        n, m = self.n, self.m
        if self.dense:
            keys = np.flatnonzero(self.inner)
            vals = self.inner[keys]
        elif self.parts:
            keys, inv = np.unique(np.concatenate([k for k, _ in self.parts]), return_inverse=True)
            vals = np.bincount(inv, weights=np.concatenate([w for _, w in self.parts]))
            keys, vals = keys[vals != 0], vals[vals != 0]
        else:
            keys, vals = np.zeros(0, dtype=np.int64), np.zeros(0)
        src = keys // m
        rows = [src, np.full(n, n)]
        cols = [next_state(src, keys % m), np.arange(n)]
        data = [vals, self.start]
        for col, v in ((n + 1, self.conv), (n + 2, self.null)):
            rows.append(np.arange(n))
            cols.append(np.full(n, col))
            data.append(v)
        rows, cols, data = (np.concatenate(x) for x in (rows, cols, data))
        nz = data != 0
        return sp.csr_matrix((data[nz], (rows[nz], cols[nz])), shape=(n + 3, n + 3))


@dataclass(frozen=True)
class MarkovResult:
    """Exact Markov attribution.

    Attributes
    ----------
    credits : DataFrame
        Index ``channel``; ``conversions`` and ``value`` credited.
    removal_effects : DataFrame
        Index ``channel``; ``conversions`` and ``value`` removal effects :math:`RE_c`.
    conversion_probability, value_per_journey : float
        :math:`p` and expected value per journey of the full chain.
    chain : MarkovChain
    """

    credits: pd.DataFrame
    removal_effects: pd.DataFrame
    conversion_probability: float
    value_per_journey: float
    chain: MarkovChain

    def transition_matrix(self, sep: str = " > ") -> pd.DataFrame:
        """Transition probabilities as a long table: ``from``, ``to``, ``probability``, ``count``."""
        return transition_table(self.chain, sep)


def transition_table(chain: MarkovChain, sep: str = " > ") -> pd.DataFrame:
    """Non-zero transitions of ``chain``: ``from``, ``to``, ``probability``, ``count``.

    Rows are sorted by ``from`` then ``to``; probabilities of each ``from`` sum to 1.
    """
    names = np.array(chain.state_names(sep), dtype=object)
    coo = chain.counts.tocoo()
    out = np.asarray(chain.counts.sum(axis=1)).ravel()
    df = pd.DataFrame({
        "from": names[coo.row], "to": names[coo.col],
        "probability": coo.data / out[coo.row], "count": coo.data,
    })
    return df.sort_values(["from", "to"], kind="stable").reset_index(drop=True)


def markov(paths: pd.DataFrame | PathArrays, order: int = 1, solver: str = "auto") -> MarkovResult:
    """Exact removal-effect attribution with a Markov chain of order ``order``.

    Parameters
    ----------
    paths : DataFrame or PathArrays
        Paths table with ``path``, ``conversions`` and, for a meaningful chain, ``nulls``.
    order : int
        Markov order ``k`` (window length of a state).
    solver : {"auto", "lu", "iterative"}
        How the absorbing systems are solved. ``lu``: one sparse LU factorisation per system.
        ``iterative``: all systems together by a monotone series, stopped only once the error is
        certified below :data:`ITERATIVE_TOL` (relative), falling back to LU otherwise. ``auto``
        uses LU up to :data:`LU_STATES` states. Both agree to ~1e-12.

    Returns
    -------
    MarkovResult
        Credits, removal effects, base probabilities and the chain (transition matrix).
    """
    pa = path_arrays(paths)
    chain = build_chain(pa, order)
    m, n = pa.n_channels, chain.n_states
    totals = pa.totals()
    q, b, r, pi = chain.system()
    rhs = np.column_stack([b, r])

    # States from which the conversion is reachable (reverse graph search from it).
    reach = np.zeros(n + 3, dtype=bool)
    if n:
        rev = chain.counts.T.tocsr()
        reach[breadth_first_order(rev, n + 1, directed=True, return_predecessors=False)] = True
    contains = np.zeros((n, m), dtype=bool)
    for j in range(chain.order):
        col = chain.state_channels[:, j]
        ok = col >= 0
        contains[np.flatnonzero(ok), col[ok]] = True
    # channels whose states cannot reach the conversion have a removal effect of exactly 0
    active = np.flatnonzero((contains & reach[:n, None]).any(axis=0))
    keeps = np.column_stack([np.ones(n, dtype=bool), ~contains[:, active]])
    res = solve_systems(q, rhs, pi, keeps, solver)
    base = res[0]

    removal = np.zeros((m, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        removal[active] = np.where(base > 0, 1.0 - res[1:] / base, 0.0)
    removal = np.clip(removal, 0.0, None)  # exact values are >= 0; clip round-off
    sums = removal.sum(axis=0)
    share = np.divide(removal, sums, out=np.zeros_like(removal), where=sums > 0)
    credits = credit_frame(pa.channels, share[:, 0] * totals[0], share[:, 1] * totals[1], totals)
    effects = pd.DataFrame(removal, columns=["conversions", "value"],
                           index=pd.Index(list(pa.channels), name="channel", dtype=object))
    return MarkovResult(credits, effects, float(base[0]), float(base[1]), chain)
