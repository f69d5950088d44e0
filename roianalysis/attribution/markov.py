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

    solved with a sparse LU factorisation. :math:`I - Q` is invertible because every state lies
    on an observed path that ends in an absorbing state.

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
from scipy.sparse.linalg import splu

from .paths import PathArrays, credit_frame, path_arrays

START, CONVERSION, NULL = "(start)", "(conversion)", "(null)"


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


def build_chain(paths: pd.DataFrame | PathArrays, order: int = 1) -> MarkovChain:
    """Estimate the order-``order`` chain of a paths table (see module docstring)."""
    if int(order) != order or order < 1:
        raise ValueError(f"order must be a positive integer, got {order!r}")
    order = int(order)
    pa = path_arrays(paths)
    m = pa.n_channels
    base = m + 1
    if order * np.log2(base) > 62:
        raise ValueError(f"order {order} with {m} channels is too large a state space")
    keep_paths = (pa.conversions + pa.nulls) > 0
    lengths = pa.lengths
    path_of = pa.path_of_token()
    pos = pa.position()
    n_tok = len(pa.tokens)
    tok1 = pa.tokens.astype(np.int64) + 1

    # Window codes: digit i (base m+1) is the (i+1)-th channel of the window, 0 = padding.
    code = np.zeros(n_tok, dtype=np.int64)
    for i in range(order):
        idx = np.minimum(np.arange(n_tok) + i, max(n_tok - 1, 0))
        valid = (pos + i) < lengths[path_of]
        code += np.where(valid, tok1[idx] if n_tok else tok1, 0) * base**i
    is_window = (pos <= np.maximum(lengths - order, 0)[path_of]) & keep_paths[path_of]
    code, spath = code[is_window], path_of[is_window]

    # Merge consecutive identical states of a path.
    new_path = np.ones(len(code), dtype=bool)
    new_path[1:] = spath[1:] != spath[:-1]
    keep = new_path.copy()
    keep[1:] |= code[1:] != code[:-1]
    code, spath, new_path = code[keep], spath[keep], new_path[keep]

    uniq, state = np.unique(code, return_inverse=True)
    n = len(uniq)
    s_start, s_conv, s_null = n, n + 1, n + 2
    last = np.ones(len(code), dtype=bool)
    last[:-1] = new_path[1:]
    w = (pa.conversions + pa.nulls)[spath]
    inner = ~last
    frm = np.concatenate([np.full(new_path.sum(), s_start), state[:-1][inner[:-1]],
                          state[last], state[last]])
    to = np.concatenate([state[new_path], state[1:][inner[:-1]],
                         np.full(last.sum(), s_conv), np.full(last.sum(), s_null)])
    wt = np.concatenate([w[new_path], w[:-1][inner[:-1]],
                         pa.conversions[spath[last]], pa.nulls[spath[last]]])
    nz = wt > 0
    counts = sp.coo_matrix((wt[nz], (frm[nz], to[nz])), shape=(n + 3, n + 3)).tocsr()
    counts.sum_duplicates()
    value_out = np.bincount(state[last], weights=pa.value[spath[last]], minlength=n)

    digits = (uniq[:, None] // base ** np.arange(order)[None, :]) % base - 1
    return MarkovChain(order, pa.channels, digits.astype(np.int64), counts, value_out)


def _absorb(q: sp.csr_matrix, rhs: np.ndarray, pi: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """:math:`\\pi_R^\\top (I - Q_{RR})^{-1} [b_R, r_R]` for the states ``keep``."""
    idx = np.flatnonzero(keep)
    if len(idx) == 0:
        return np.zeros(rhs.shape[1])
    sub = q[idx][:, idx]
    a = (sp.identity(len(idx), format="csc") - sub.tocsc()).tocsc()
    x = splu(a).solve(np.ascontiguousarray(rhs[idx]))
    return pi[idx] @ x


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


def markov(paths: pd.DataFrame | PathArrays, order: int = 1) -> MarkovResult:
    """Exact removal-effect attribution with a Markov chain of order ``order``.

    Parameters
    ----------
    paths : DataFrame or PathArrays
        Paths table with ``path``, ``conversions`` and, for a meaningful chain, ``nulls``.
    order : int
        Markov order ``k`` (window length of a state).

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
    base = _absorb(q, rhs, pi, np.ones(n, dtype=bool)) if n else np.zeros(2)

    # States from which the conversion is reachable (reverse graph search from it).
    rev = chain.counts.T.tocsr()
    reach = np.zeros(n + 3, dtype=bool)
    if n:
        reach[breadth_first_order(rev, n + 1, directed=True, return_predecessors=False)] = True
    contains = np.zeros((n, m), dtype=bool)
    for j in range(chain.order):
        col = chain.state_channels[:, j]
        ok = col >= 0
        contains[np.flatnonzero(ok), col[ok]] = True

    removal = np.zeros((m, 2))
    for c in range(m):
        has = contains[:, c]
        if not (has & reach[:n]).any():
            continue
        removed = _absorb(q, rhs, pi, ~has)
        with np.errstate(divide="ignore", invalid="ignore"):
            removal[c] = np.where(base > 0, 1.0 - removed / base, 0.0)
    removal = np.clip(removal, 0.0, None)  # exact values are >= 0; clip round-off
    sums = removal.sum(axis=0)
    share = np.divide(removal, sums, out=np.zeros_like(removal), where=sums > 0)
    credits = credit_frame(pa.channels, share[:, 0] * totals[0], share[:, 1] * totals[1], totals)
    effects = pd.DataFrame(removal, columns=["conversions", "value"],
                           index=pd.Index(list(pa.channels), name="channel", dtype=object))
    return MarkovResult(credits, effects, float(base[0]), float(base[1]), chain)
