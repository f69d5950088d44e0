"""Absorption probabilities of many restrictions of one absorbing chain, solved exactly.

For a transient block :math:`Q` (sub-stochastic, non-negative), right-hand sides
:math:`rhs \\ge 0` (conversion probabilities and value rates) and a start distribution
:math:`\\pi`, each system keeps a set ``R`` of states and asks for

.. math:: \\pi_R^\\top (I - Q_{RR})^{-1}\\, rhs_R .

Two exact, deterministic solvers: one sparse LU factorisation per system (small chains), or a
monotone series for all systems at once with a certified error bound and LU as the fallback
(large chains, where LU fill-in is costly).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu


def absorb_lu(q: sp.csr_matrix, rhs: np.ndarray, pi: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """:math:`\\pi_R^\\top (I - Q_{RR})^{-1} [b_R, r_R]` for the states ``keep``, by sparse LU."""
    idx = np.flatnonzero(keep)
    if len(idx) == 0:
        return np.zeros(rhs.shape[1])
    sub = q[idx][:, idx]
    a = (sp.identity(len(idx), format="csc") - sub.tocsc()).tocsc()
    x = splu(a).solve(np.ascontiguousarray(rhs[idx]))
    return pi[idx] @ x


#: Relative accuracy certified by the iterative solver before it stops.
ITERATIVE_TOL = 1e-12
#: Iterations after which the iterative solver gives up and falls back to sparse LU.
MAX_ITER = 3000
#: Chains with at most this many states are solved by sparse LU directly (``solver="auto"``).
LU_STATES = 400


def absorb_series(q: sp.csr_matrix, rhs: np.ndarray, pi: np.ndarray,
                      keeps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All systems at once by the series :math:`x = \\sum_t (M Q)^t M\\,rhs`, with a certified bound.

    ``keeps`` (n x K, the first column all True) holds the states of each system. The iterates
    increase monotonically (:math:`Q, rhs \\ge 0`) and, with :math:`\\Delta_t = x_{t+1} - x_t`,
    the error is at most :math:`\\|N \\Delta_t\\|_\\infty \\le \\tau^* \\max \\Delta_t`, where
    :math:`\\tau = N 1` (expected steps to absorption of the full chain, iterated alongside; a
    sub-chain absorbs no later) is bounded by :math:`\\max \\tau_t / (1 - \\max \\delta\\tau_t)`.
    Returns the ``(K, 2)`` results and a ``(K,)`` flag of the systems that were certified.
    """
    n, k = keeps.shape
    mask = np.repeat(keeps.astype(np.float64), rhs.shape[1], axis=1)  # n x 2K
    b = mask * np.tile(rhs, (1, k))
    x = b.copy()
    tau = np.ones(n)
    done = np.zeros(2 * k, dtype=bool)
    for _ in range(MAX_ITER):
        x_new = b + mask * (q @ x)
        tau_new = 1.0 + q @ tau
        dx = np.abs(x_new - x).max(axis=0)
        dtau = float((tau_new - tau).max())
        x, tau = x_new, tau_new
        if dtau < 1.0:
            bound = tau.max() / (1.0 - dtau)
            done = dx * bound <= ITERATIVE_TOL * np.maximum(np.abs(x).max(axis=0), 1e-300)
            if done.all():
                break
    res = (pi @ x).reshape(k, rhs.shape[1])
    return res, done.reshape(k, rhs.shape[1]).all(axis=1)


def solve_systems(q: sp.csr_matrix, rhs: np.ndarray, pi: np.ndarray, keeps: np.ndarray,
           solver: str) -> np.ndarray:
    """:math:`\\pi_R^\\top (I - Q_{RR})^{-1} [b_R, r_R]` for each column ``R`` of ``keeps``."""
    n, k = keeps.shape
    if solver not in ("auto", "lu", "iterative"):
        raise ValueError(f"solver must be 'auto', 'lu' or 'iterative', got {solver!r}")
    if n == 0:
        return np.zeros((k, rhs.shape[1]))
    if solver == "lu" or (solver == "auto" and n <= LU_STATES):
        return np.array([absorb_lu(q, rhs, pi, keeps[:, j]) for j in range(k)])
    res, ok = absorb_series(q, rhs, pi, keeps)
    for j in np.flatnonzero(~ok):  # slow-mixing chains: exact LU instead
        res[j] = absorb_lu(q, rhs, pi, keeps[:, j])
    return res
