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
from scipy.special import digamma, gammaln, hyp2f1, zeta

from .base import BaseModel, check_rfm, unique_rows, wsum

__all__ = ["BetaGeoModel"]


def _trigamma(z):
    """psi'(z) = d2 log Gamma(z) / dz2 (Hurwitz zeta(2, z))."""
    return zeta(2.0, z)


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
        """
        x, tx, TT, w = check_rfm(frequency, recency, T, weights)
        (x, tx, TT), w = unique_rows([x, tx, TT], w)
        return self._fit(self._prepare(x, tx, TT, w), w)

    @staticmethod
    def _prepare(x, tx, TT, weights=None) -> tuple:
        """Split rows without repeat purchase (likelihood depends on T only) from the others, and
        index the distinct values of x (terms in x alone are summed once per distinct x)."""
        w = np.ones_like(x) if weights is None else weights
        ux, inv = np.unique(x, return_inverse=True)
        inv = inv.ravel()
        w_by_x = np.bincount(inv, weights=w, minlength=len(ux))
        rep = x > 0
        return (ux, w_by_x, TT[~rep], w[~rep],
                x[rep], tx[rep], TT[rep], w[rep], inv[rep], x, tx, TT)

    def _starts(self, data, weights):
        x, tx, TT = data[-3:]
        mean_rate = max(float(np.sum(weights * (x + 1)) / np.sum(weights * TT)), 1e-6)
        return [np.array([1.0, 1.0 / mean_rate, 1.0, 1.0]),
                np.array([0.5, 0.5 / mean_rate, 0.5, 2.0]),
                np.array([1.0, 1.0, 1.0, 1.0]),
                np.array([0.1, 0.1 / mean_rate, 2.0, 5.0])]

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
        # terms in x alone, weighted by the customers at each distinct x:
        #   lgamma(r+x) - lgamma(r) + lgamma(b+x) - lgamma(a+b+x) + r log(alpha) + lgamma(a+b) - lgamma(b)
        ll = float(np.sum(w_by_x * (gammaln(r + ux) + gammaln(b + ux) - gammaln(a + b + ux))))
        ll += n * (r * np.log(alpha) - gammaln(r) + gammaln(a + b) - gammaln(b))
        # customers without repeat purchase: log A3 = -r log(alpha + T)
        log_aT0 = np.log(alpha + T0)
        s_log0 = wsum(w0, log_aT0)
        ll -= r * s_log0
        # repeat customers: log(A3 + A4), A3 = (alpha+T)^-(r+x), A4 = a/(b+x-1) (alpha+t_x)^-(r+x)
        rx = r + x
        log_aT = np.log(alpha + TT)
        log_atx = np.log(alpha + tx)
        ib = 1.0 / (b + np.maximum(ux, 1.0) - 1)  # 1/(b+x-1) per distinct x (x = 0 unused)
        log_ib = np.log(ib)
        d0 = log_atx - log_aT  # = D_r
        # L3 - L4 = (r+x)(log(alpha+t_x) - log(alpha+T)) - log(a) + log(b+x-1)
        diff = rx * d0 - np.log(a) - log_ib[inv]
        # exp(-|L3 - L4|), floored at exp(-50) = 2e-22 (which rounds away against 1): deeper in
        # the tail it would reach subnormal numbers, 10-100x slower to compute with
        e = np.exp(-np.minimum(np.abs(diff), 50.0))
        ll += wsum(w, np.maximum(diff, 0.0)) + wsum(w, np.log1p(e))
        ll += wsum(w, -rx * log_atx) + float(w.sum()) * np.log(a) + wsum(w, log_ib[inv])
        if order == 0:
            return ll, None, None
        # share of the "still alive at T" term
        w3 = np.where(diff > 0, 1.0, e) / (1.0 + e)
        w4 = 1.0 - w3
        dig_ab = digamma(a + b)
        g_r = np.sum(w_by_x * digamma(r + ux)) + n * (np.log(alpha) - digamma(r)) - s_log0
        g_alpha = n * r / alpha - r * wsum(w0, 1.0 / (alpha + T0))
        d_ab = np.sum(w_by_x * digamma(a + b + ux))
        g_a = n * dig_ab - d_ab
        g_b = n * (dig_ab - digamma(b)) + np.sum(w_by_x * digamma(b + ux)) - d_ab
        u = 1.0 / (alpha + TT)
        v = 1.0 / (alpha + tx)
        wu = w * u
        wv = w * v
        w4w = w * w4
        ibr = ib[inv]
        g_r -= wsum(w, log_aT) + wsum(w4w, d0)
        s_u, s_v = wu.sum(), wv.sum()
        wu4 = wsum(wu, w4)
        wv4 = wsum(wv, w4)
        g_alpha -= wsum(rx, wu) + wsum(rx, wv * w4 - wu * w4)
        s_w4 = w4w.sum()
        g_a += s_w4 / a
        g_b -= wsum(w4w, ibr)
        grad = np.array([g_r, g_alpha, g_a, g_b])
        if order == 1:
            return ll, grad, None
        # Hessian: x-only terms
        tri = _trigamma
        tri_ab = tri(a + b)
        t_abx = np.sum(w_by_x * tri(a + b + ux))
        h = np.zeros((4, 4))
        h[0, 0] = np.sum(w_by_x * tri(r + ux)) - n * tri(r)
        h[0, 1] = n / alpha
        h[1, 1] = -n * r / alpha**2
        h[2, 2] = n * tri_ab - t_abx
        h[2, 3] = n * tri_ab - t_abx
        h[3, 3] = n * (tri_ab - tri(b)) + np.sum(w_by_x * tri(b + ux)) - t_abx
        # no repeat purchase
        u0 = 1.0 / (alpha + T0)
        h[0, 1] -= wsum(w0, u0)
        h[1, 1] += r * wsum(w0, u0 * u0)
        # repeat customers: w3 Hess L3 + w4 Hess L4
        h[0, 1] -= (s_u - wu4) + wv4
        h[1, 1] += wsum(rx, wu * u) + wsum(rx * w4, wv * v - wu * u)
        h[2, 2] -= s_w4 / a**2
        h[3, 3] += wsum(w4w, ibr * ibr)
        # + w3 w4 D D', D = (d0, (r+x)(v - u), -1/a, 1/(b+x-1))
        q = w4w * w3
        d1 = rx * (v - u)
        qd0, qd1, qib = q * d0, q * d1, q * ibr
        s_q = q.sum()
        s_qd0, s_qd1 = qd0.sum(), qd1.sum()
        h[0, 0] += wsum(qd0, d0)
        h[0, 1] += wsum(qd0, d1)
        h[1, 1] += wsum(qd1, d1)
        h[0, 2] -= s_qd0 / a
        h[1, 2] -= s_qd1 / a
        h[0, 3] += wsum(qd0, ibr)
        h[1, 3] += wsum(qd1, ibr)
        h[2, 2] += s_q / a**2
        h[2, 3] -= qib.sum() / a
        h[3, 3] += wsum(qib, ibr)
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
