"""BG/NBD: the beta-geometric / negative binomial model (Fader, Hardie & Lee 2005).

Story, for a customer observed from her first purchase (time 0) to ``T``:

- while alive she buys as a Poisson process of rate ``lambda``; ``lambda ~ Gamma(r, alpha)``
  (shape ``r``, rate ``alpha``, in purchases per time unit);
- after each purchase she drops out with probability ``p``; ``p ~ Beta(a, b)``.

Data per customer: ``x`` repeat purchases, the time ``t_x`` of the last one (0 if none) and the age
``T``, all in the same time unit (days, weeks...). The likelihood (FHL 2005, eq. 6) is::

    L = B(a, b + x) / B(a, b) * Gamma(r + x) alpha^r / Gamma(r)
        * [ (alpha + T)^-(r + x) + [x > 0] a / (b + x - 1) * (alpha + t_x)^-(r + x) ] ...

more exactly ``L = A1 * A2 * (A3 + [x>0] A4)`` with

    log A1 = lgamma(r + x) - lgamma(r) + r log(alpha)
    log A2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x)
    log A3 = -(r + x) log(alpha + T)
    log A4 = log(a) - log(b + x - 1) - (r + x) log(alpha + t_x)

Reference: Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
way: an alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275-284. On the CDNOW
sample (2 357 customers, weeks): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4.
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma, gammaln, hyp2f1

from roianalysis.clv.base import (
    CHUNK_ROWS,
    BaseModel,
    check_rfm,
    index_counts,
    trigamma,
    unique_rows,
    wsum,
)

__all__ = ["BetaGeoModel"]


def _repeat_sums(r, alpha, log_a, x, tx, TT, w, ib, log_ib, order):
    """Weighted sums over repeat customers (x > 0) of one chunk of rows, as a 1-d array.

    With ``L3 = -(r+x) log(alpha+T)``, ``L4 = log a - log(b+x-1) - (r+x) log(alpha+t_x)``, the
    shares ``w3 = A3 / (A3 + A4)``, ``w4 = 1 - w3``, ``u = 1/(alpha+T)``, ``v = 1/(alpha+t_x)``,
    ``d0 = log(alpha+t_x) - log(alpha+T)``, ``d1 = (r+x)(v - u)``, ``i = 1/(b+x-1)`` and
    ``q = w w3 w4`` (``w`` the row weights), the entries are sums over rows of:

    - order 0: ``[0]`` ``w (log(A3 + A4) - log a)``;
    - order 1: ``[1]`` ``w (log(alpha+T) + w4 d0)``, ``[2]`` ``w (r+x)(u + w4 (v - u))``,
      ``[3]`` ``w w4``, ``[4]`` ``w w4 i``;
    - order 2: ``[5]`` ``w (u + w4 (v - u))``, ``[6]`` ``w (r+x)(u^2 + w4 (v^2 - u^2))``,
      ``[7]`` ``w w4 i^2``, then ``q`` times ``d0^2, d0 d1, d1^2, d0, d1, 1, i, d0 i, d1 i, i^2``.

    ``ib`` and ``log_ib`` are ``i`` and ``log i`` per row. Dot products go through BLAS on chunks
    small enough (8192 rows) that it runs them on the calling thread.
    """
    rx = r + x
    log_aT = np.log(alpha + TT)
    log_atx = np.log(alpha + tx)
    d0 = log_atx - log_aT
    # diff = L3 - L4 = (r+x) d0 - log a + log(b+x-1);  log(A3 + A4) = L4 + softplus(diff)
    diff = rx * d0
    diff -= log_a
    diff -= log_ib
    # exp(-|diff|), floored at exp(-50) = 2e-22 (which rounds away against 1): deeper in the
    # tail it would reach subnormal numbers, 10-100x slower to compute with
    e = np.abs(diff)
    np.minimum(e, 50.0, out=e)
    np.negative(e, out=e)
    np.exp(e, out=e)
    row = np.maximum(diff, 0.0)
    row += np.log1p(e)
    row -= rx * log_atx
    row += log_ib
    out = [np.dot(w, row)]
    if order == 0:
        return np.array(out)
    w3 = np.where(diff > 0, 1.0, e)
    w3 /= 1.0 + e
    w4 = 1.0 - w3
    w4w = w * w4
    wrx = w * rx
    u = 1.0 / (alpha + TT)
    v = 1.0 / (alpha + tx)
    vu = v - u
    mix = w4 * vu
    mix += u  # w3 u + w4 v
    out += [np.dot(w, log_aT) + np.dot(w4w, d0), np.dot(wrx, mix), w4w.sum(), np.dot(w4w, ib)]
    if order == 1:
        return np.array(out)
    uu = u * u
    mix2 = v * v
    mix2 -= uu
    mix2 *= w4
    mix2 += uu  # w3 u^2 + w4 v^2
    out += [np.dot(w, mix), np.dot(wrx, mix2), np.dot(w4w, ib * ib)]
    q = w4w * w3
    d1 = rx * vu
    qd0 = q * d0
    qd1 = q * d1
    qib = q * ib
    out += [np.dot(qd0, d0), np.dot(qd0, d1), np.dot(qd1, d1), qd0.sum(), qd1.sum(), q.sum(),
            qib.sum(), np.dot(qd0, ib), np.dot(qd1, ib), np.dot(qib, ib)]
    return np.array(out)


def _assemble(T0, w0, x, tx, TT, w):
    """The data tuple of :meth:`BetaGeoModel._prepare` from its non-repeat and repeat rows."""
    ux, w_by_x, inv = index_counts(x, w)
    if len(T0):  # x = 0 as a distinct x of its own, first
        ux, w_by_x, inv = np.r_[0.0, ux], np.r_[w0.sum(), w_by_x], inv + 1
    return (ux, w_by_x, T0, w0, x, tx, TT, w, inv)


def _sum_by_value(values, w):
    """Distinct values (sorted) and the summed weights of each, leaving out those of weight 0.

    Whole numbers in a modest range (ages in days) are counted with a bincount; other values
    through their sorted distinct values and a binary search, cheaper than ``np.unique``'s
    inverse on a large array.
    """
    if len(values) == 0:
        return values, w
    lo, hi = float(values.min()), float(values.max())
    if hi - lo <= 4 * len(values) + 100_000 and np.array_equal(values, np.floor(values)):
        totals = np.bincount((values - lo).astype(np.int64), weights=w)
        keep = np.flatnonzero(totals > 0)
        return keep + lo, totals[keep]
    uniq = np.unique(values)
    totals = np.bincount(np.searchsorted(uniq, values), weights=w, minlength=len(uniq))
    keep = totals > 0
    return uniq[keep], totals[keep]


def _compress(x, tx, TT, w):
    """Repeat rows as they are, or compressed to distinct ``(x, t_x, T)`` with summed weights.

    Compressing costs a few hash passes over all rows; a likelihood pass costs about as much
    again per iteration, so it pays only when rows repeat a lot (recency on a grid of days or
    weeks), not with continuous recency where nearly every row is distinct. The choice is made on
    an evenly spaced sample of 20 000 rows: compress when fewer than half of its recencies are
    distinct. Either way the likelihood is the same sum.
    """
    n = len(x)
    if n <= CHUNK_ROWS:
        if n == 0:
            return x, tx, TT, w
    else:
        sample = tx[:: max(1, n // 20_000)]
        if np.unique(sample).size > len(sample) // 2:
            return x, tx, TT, w
    (x, tx, TT), w = unique_rows([x, tx, TT], w)
    return x, tx, TT, w


class BetaGeoModel(BaseModel):
    """BG/NBD model of purchase counts in a non-contractual setting.

    Parameters (``params_``)
    ------------------------
    r, alpha : float
        Shape and rate of the gamma distribution of purchase rates; ``alpha`` is in the fit's time
        unit (mean rate ``r / alpha`` purchases per unit).
    a, b : float
        Beta distribution of the dropout probability after each purchase (mean ``a / (a + b)``).

    Examples
    --------
    >>> m = BetaGeoModel().fit(rfm["frequency"], rfm["recency"], rfm["T"])  # doctest: +SKIP
    >>> m.params_                                                          # doctest: +SKIP
    {'r': 0.243, 'alpha': 4.414, 'a': 0.793, 'b': 2.426}
    """

    _param_names = ("r", "alpha", "a", "b")

    # ------------------------------------------------------------------ likelihood
    def fit(self, frequency, recency, T, weights=None) -> BetaGeoModel:
        """Fit by maximum likelihood.

        Parameters
        ----------
        frequency : array-like of int
            Repeat purchases ``x`` (purchases after the first, counted per distinct time unit).
        recency : array-like of float
            Time ``t_x`` from the first to the last purchase (0 when ``x = 0``), in the time unit.
        T : array-like of float
            Time from the first purchase to the end of the calibration period, same unit.
        weights : array-like of float, optional
            Number of customers each row stands for (e.g. from an aggregated RFM table).

        Returns
        -------
        self

        Notes
        -----
        Newton's method on log parameters with the analytic Hessian
        (:func:`roianalysis.clv.base.newton_minimize`); on more than 130k repeat rows it starts from
        the fit on a 32k-row sample. Each pass computes log-likelihood, gradient and Hessian
        together in chunks of 8192 rows, on as many threads as there are cores.
        """
        x, tx, TT, w = check_rfm(frequency, recency, T, weights)
        data = self._prepare(x, tx, TT, w)
        return self._fit(data, np.concatenate([data[3], data[7]]))

    @staticmethod
    def _prepare(x, tx, TT, weights=None) -> tuple:
        """Arrange the rows for the likelihood passes.

        Rows without repeat purchase (their likelihood depends on T only) are compressed to
        distinct T; repeat rows to distinct ``(x, t_x, T)`` when that pays (:func:`_compress`);
        the distinct values of x are indexed (terms in x alone are summed once per distinct x).

        Returns
        -------
        tuple
            ``(ux, w_by_x, T0, w0, x, tx, T, w, inv)``: distinct x and their total weights; the
            distinct T of non-repeat rows and their weights; the repeat rows, their weights and the
            index of each one's x in ``ux``.
        """
        w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
        rep = x > 0
        zero = ~rep
        T0, w0 = _sum_by_value(TT[zero], w[zero])
        return _assemble(T0, w0, *_compress(x[rep], tx[rep], TT[rep], w[rep]))

    def _starts(self, data, weights):
        _, _, T0, w0, x, tx, TT, w = data[:8]
        mean_rate = max((wsum(w, x + 1) + w0.sum()) / (wsum(w, TT) + wsum(w0, T0)), 1e-6)
        starts = [np.array([1.0, 1.0 / mean_rate, 1.0, 1.0]),
                  np.array([0.5, 0.5 / mean_rate, 0.5, 2.0]),
                  np.array([1.0, 1.0, 1.0, 1.0]),
                  np.array([0.1, 0.1 / mean_rate, 2.0, 5.0])]
        warm = self._warm_start(data, starts[0])
        return starts if warm is None else [warm, *starts]

    _WARM_ROWS = 32_768

    def _warm_start(self, data, start):
        """The fit on an evenly spaced sample of the repeat rows (about 32k, each standing for the
        rows it skips), all non-repeat customers kept; None for smaller data, or when it fails.

        Its estimates lie within sampling error (~1 %) of the full fit's, where Newton's method
        converges in three or four passes over all the rows instead of seven or eight from the
        default start; the passes on the sample cost about half a pass on all the rows.
        """
        T0, w0, x, tx, TT, w = data[2:8]
        k = len(x) // self._WARM_ROWS
        if k < 4:
            return None
        sub_w = w[::k]
        sub_w = sub_w * (w.sum() / sub_w.sum())
        sub = _assemble(T0, w0, x[::k], tx[::k], TT[::k], sub_w)
        n = float(sub[1].sum())
        x0 = np.log(np.clip(start, 1e-6, 1e6))
        res = self._run_newton(x0, sub, np.concatenate([sub[3], sub[7]]), n)
        if self._check(res) is not None:
            return None
        return np.exp(res.x)

    def _loglik_derivs(self, theta, data, weights, order=2):
        """Log-likelihood, gradient and Hessian in (r, alpha, a, b), in one pass over the rows.

        Terms in ``x`` alone are summed once per distinct ``x``; customers without repeat
        purchase contribute ``-r log(alpha + T)``; a repeat customer contributes
        ``log(A3 + A4)`` with ``L3 = log A3`` and ``L4 = log A4`` linear-ish in the parameters, so
        with the shares ``w3 = A3 / (A3 + A4)``, ``w4 = 1 - w3`` and ``D = grad L3 - grad L4``::

            grad = w3 grad L3 + w4 grad L4
            Hess = w3 Hess L3 + w4 Hess L4 + w3 w4 D D'

        where ``grad L3 = (-log(alpha+T), -(r+x)/(alpha+T), 0, 0)``,
        ``grad L4 = (-log(alpha+t_x), -(r+x)/(alpha+t_x), 1/a, -1/(b+x-1))`` and the only
        second derivatives are ``d2/dr dalpha = -1/(alpha+.)``, ``d2/dalpha2 = (r+x)/(alpha+.)^2``
        (L3 at T, L4 at t_x), ``d2 L4/da2 = -1/a^2``, ``d2 L4/db2 = 1/(b+x-1)^2``.
        """
        r, alpha, a, b = theta
        ux, w_by_x, T0, w0, x, tx, TT, w, inv = data[:9]
        n = float(w_by_x.sum())
        log_a = float(np.log(a))
        ib = 1.0 / (b + np.maximum(ux, 1.0) - 1)  # 1/(b+x-1) per distinct x (x = 0 unused)
        log_ib = np.log(ib)
        # repeat customers, chunk by chunk (threads during a fit): the sums listed in _repeat_sums
        sums = self._map_sum(lambda sl: _repeat_sums(r, alpha, log_a, x[sl], tx[sl], TT[sl], w[sl],
                                                     ib[inv[sl]], log_ib[inv[sl]], order), len(x))
        w_rep = float(w.sum())
        # terms in x alone, weighted by the customers at each distinct x:
        #   lgamma(r+x) - lgamma(r) + lgamma(b+x) - lgamma(a+b+x) + r log(alpha) + lgamma(a+b) - lgamma(b)
        ll = float(np.sum(w_by_x * (gammaln(r + ux) + gammaln(b + ux) - gammaln(a + b + ux))))
        ll += n * (r * np.log(alpha) - gammaln(r) + gammaln(a + b) - gammaln(b))
        # customers without repeat purchase: log A3 = -r log(alpha + T)
        s_log0 = wsum(w0, np.log(alpha + T0))
        ll += -r * s_log0 + sums[0] + w_rep * log_a
        if order == 0:
            return ll, None, None
        u0 = 1.0 / (alpha + T0)
        dig_ab = digamma(a + b)
        d_ab = np.sum(w_by_x * digamma(a + b + ux))
        g_r = np.sum(w_by_x * digamma(r + ux)) + n * (np.log(alpha) - digamma(r)) - s_log0 - sums[1]
        g_alpha = n * r / alpha - r * wsum(w0, u0) - sums[2]
        g_a = n * dig_ab - d_ab + sums[3] / a
        g_b = n * (dig_ab - digamma(b)) + np.sum(w_by_x * digamma(b + ux)) - d_ab - sums[4]
        grad = np.array([g_r, g_alpha, g_a, g_b])
        if order == 1:
            return ll, grad, None
        (s_q_d00, s_q_d01, s_q_d11, s_q_d0, s_q_d1, s_q, s_q_ib, s_q_d0ib, s_q_d1ib,
         s_q_ibib) = sums[8:18]
        tri = trigamma
        tri_ab = tri(a + b)
        t_abx = np.sum(w_by_x * tri(a + b + ux))
        h = np.zeros((4, 4))
        # x-only terms, no repeat purchase, then repeat customers (w3 Hess L3 + w4 Hess L4 and
        # w3 w4 D D' with D = (d0, (r+x)(v - u), -1/a, 1/(b+x-1)))
        h[0, 0] = np.sum(w_by_x * tri(r + ux)) - n * tri(r) + s_q_d00
        h[0, 1] = n / alpha - wsum(w0, u0) - sums[5] + s_q_d01
        h[1, 1] = -n * r / alpha**2 + r * wsum(w0, u0 * u0) + sums[6] + s_q_d11
        h[2, 2] = n * tri_ab - t_abx - sums[3] / a**2 + s_q / a**2
        h[2, 3] = n * tri_ab - t_abx - s_q_ib / a
        h[3, 3] = (n * (tri_ab - tri(b)) + np.sum(w_by_x * tri(b + ux)) - t_abx + sums[7]
                   + s_q_ibib)
        h[0, 2] = -s_q_d0 / a
        h[1, 2] = -s_q_d1 / a
        h[0, 3] = s_q_d0ib
        h[1, 3] = s_q_d1ib
        h = np.triu(h) + np.triu(h, 1).T
        return ll, grad, h

    def _hint(self, flat, theta):
        r, alpha, a, b = theta
        if {"a", "b"} <= set(flat) and a > 50 and b > 50:
            return (f" Here a and b grow together with a/(a+b) = {a / (a + b):.3g}: every customer "
                    "seems to have the same dropout probability (the BG/NBD limit without "
                    "heterogeneity); the Pareto/NBD model may fit.")
        if "a" in flat and a < 1e-3:
            return " Here the dropout probability tends to 0: no customer seems to leave."
        return ""

    def log_likelihood(self, frequency, recency, T, weights=None) -> float:
        """Total log-likelihood of data under the fitted parameters."""
        x, tx, TT, w = check_rfm(frequency, recency, T, weights)
        w = np.ones_like(x) if w is None else w
        return self._loglik_derivs(self._theta(), self._prepare(x, tx, TT, w), w, 0)[0]

    # ------------------------------------------------------------------ predictions
    def probability_alive(self, frequency, recency, T) -> np.ndarray:
        """P(alive at T | x, t_x, T) = 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T)/(alpha + t_x))^(r + x))."""
        r, alpha, a, b = self._theta()
        x, tx, TT = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = (np.log(a) - np.log(np.maximum(b + x - 1, 1e-300))
                         + (r + x) * (np.log(alpha + TT) - np.log(alpha + tx)))
        return np.where(x > 0, 1.0 / (1.0 + np.exp(np.minimum(log_ratio, 700))), 1.0)

    def expected_purchases(self, t) -> np.ndarray:
        """Expected purchases of a new customer in ``(0, t]`` (time unit of the fit).

        ``E[X(t)] = (a + b - 1)/(a - 1) [1 - (alpha/(alpha + t))^r 2F1(r, b; a + b - 1; t/(alpha + t))]``
        """
        r, alpha, a, b = self._theta()
        t = np.asarray(t, dtype=float)
        hyp = hyp2f1(r, b, a + b - 1, t / (alpha + t))
        return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)

    def conditional_expected_purchases(self, t, frequency, recency, T) -> np.ndarray:
        """Expected purchases in ``(T, T + t]`` of a customer with history ``(x, t_x, T)``.

        ``E[Y(t) | x, t_x, T] = (a + b + x - 1)/(a - 1)
        [1 - ((alpha + T)/(alpha + T + t))^(r + x) 2F1(r + x, b + x; a + b + x - 1; t/(alpha + T + t))]
        * P(alive)`` (FHL 2005, eq. 10). Never negative (clipped at 0 against round-off).
        """
        r, alpha, a, b = self._theta()
        x, tx, TT = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        t = np.asarray(t, dtype=float)
        z = t / (alpha + TT + t)
        hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
        term = 1 - ((alpha + TT) / (alpha + TT + t)) ** (r + x) * hyp
        out = (a + b + x - 1) / (a - 1) * term * self.probability_alive(x, tx, TT)
        return np.maximum(out, 0.0)
