"""Shifted-beta-geometric model of contractual retention (Fader & Hardie 2007).

Story: at the end of each period an active customer renews with probability ``1 - theta`` and
churns with probability ``theta``; ``theta ~ Beta(alpha, beta)`` across customers. For a cohort
acquired at period 0, the lifetime ``T`` (period of churn) has::

    P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta)       t = 1, 2, ...
    S(t)     = B(alpha, beta + t) / B(alpha, beta)               (share still active after t periods)
    r(t)     = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1)   (retention rate of period t)

Data: ``active = [n_0, n_1, ..., n_k]``, customers of one cohort still active at the start of each
period, cohort size first. With ``n_t - n_{t+1}`` churners in period ``t + 1`` and ``n_k`` still
active (censored), the log-likelihood (FH 2007, eq. B3) is::

    LL = sum_{t=1..k} (n_{t-1} - n_t) log P(T = t) + n_k log S(k)

Published: the "regular" cohort of FH 2007 (1000, 631, 468, 382, 326, 289, 256, 233, ...) fitted
on years 1-7 gives alpha = 0.704, beta = 1.182; the "high end" cohort (1000, 869, 743, 653, 593,
551, 517, 491, ...) gives alpha = 0.668, beta = 3.806.

Discounted expected residual lifetime (Fader & Hardie 2010, eq. 6): for a customer in her ``n``-th
period (``n - 1`` renewals made), evaluated just before her renewal decision at the end of the
period, the expected number of future payments, the next one (paid at that renewal) undiscounted
and the ``k``-th one discounted by ``(1 + d)^-(k-1)``, discount rate ``d`` per period::

    DERL(d | alpha, beta, n) = (beta + n - 1)/(alpha + beta + n - 1)
                               * 2F1(1, beta + n; alpha + beta + n; 1/(1 + d))
                             = sum_{k >= 1} S(n - 1 + k) / S(n - 1) / (1 + d)^(k - 1)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import betaln, digamma, hyp2f1

from roianalysis.clv.base import BaseModel, ConvergenceError, FitResult, trigamma, wsum

__all__ = ["ShiftedBetaGeoModel"]


def _as_cohorts(active) -> list[np.ndarray]:
    arr = list(active)
    if arr and np.ndim(arr[0]) == 0:
        arr = [arr]
    out = []
    for a in arr:
        a = np.asarray(a, dtype=float).ravel()
        a = a[~np.isnan(a)]
        if len(a) < 2:
            raise ValueError("each cohort needs its size and at least one later active count")
        if np.any(a < 0) or np.any(np.diff(a) > 0) or a[0] <= 0:
            raise ValueError("active counts must start with the cohort size (> 0) and never increase")
        out.append(a)
    if not out:
        raise ValueError("no cohort to fit")
    return out


class ShiftedBetaGeoModel(BaseModel):
    """sBG model of retention in a contractual setting (periods of equal length).

    Parameters (``params_``)
    ------------------------
    alpha, beta : float
        Beta distribution of the per-period churn probability (mean ``alpha / (alpha + beta)``).
    """

    _param_names = ("alpha", "beta")

    def fit(self, active: Sequence[float] | Sequence[Sequence[float]]) -> ShiftedBetaGeoModel:
        """Fit by maximum likelihood.

        Parameters
        ----------
        active : sequence of counts, or a sequence of such sequences
            Customers of one cohort still active at the start of each period, cohort size first,
            e.g. ``[1000, 631, 468, 382]``. Several cohorts (possibly of different lengths) share
            one (alpha, beta) when a list of sequences is given.

        Notes
        -----
        When the data show no heterogeneity in churn, the likelihood keeps rising as alpha and
        beta grow together (``alpha / (alpha + beta)`` fixed): its supremum is the geometric model
        where every customer churns with the same probability ``p``. The fit then returns that
        limit, ``p = churns / periods at risk`` (the geometric maximum likelihood), as
        ``alpha = p K``, ``beta = (1 - p) K`` with ``K = 1e8`` (survival within 1e-6 of
        ``(1 - p)^t`` over 100 periods), NaN standard errors and
        ``optimizer_result_.method == "geometric limit"``. Data where nobody churns, or everybody
        does, still raise :class:`ConvergenceError`.
        """
        cohorts = _as_cohorts(active)
        # weighted rows: (t, kind) with kind 0 = churned in period t, 1 = still active after t
        ts, kinds, ws = [], [], []
        for a in cohorts:
            k = len(a) - 1
            lost = a[:-1] - a[1:]
            ts.extend(range(1, k + 1))
            kinds.extend([0] * k)
            ws.extend(lost)
            ts.append(k)
            kinds.append(1)
            ws.append(a[-1])
        data = (np.array(ts, dtype=float), np.array(kinds, dtype=bool))
        weights = np.array(ws, dtype=float)
        try:
            return self._fit(data, weights)
        except ConvergenceError as exc:
            if set(exc.flat) != {"alpha", "beta"} or not exc.params \
                    or min(exc.params.values()) < 1e3:
                raise
            if not self._fit_geometric_limit(data, weights):
                raise
            return self

    _LIMIT_SCALE = 1e8

    def _fit_geometric_limit(self, data, weights) -> bool:
        """Set the fit to the geometric limit (see :meth:`fit`); False when p is 0 or 1."""
        t, censored = data
        churn = ~censored
        lost = float(weights[churn].sum())
        # periods survived: t - 1 before a churn in period t, t for those still active after t
        at_risk = lost + float(np.sum(weights[churn] * (t[churn] - 1))
                               + np.sum(weights[censored] * t[censored]))
        if lost <= 0 or lost >= at_risk:
            return False
        p = lost / at_risk
        theta = np.array([p, 1.0 - p]) * self._LIMIT_SCALE
        n = float(weights.sum())
        ll = lost * np.log(p) + (at_risk - lost) * np.log1p(-p)
        self.params_ = {"alpha": float(theta[0]), "beta": float(theta[1])}
        self.log_likelihood_ = float(ll)
        self.n_obs_ = n
        self._se = {"alpha": float("nan"), "beta": float("nan")}
        self.optimizer_result_ = FitResult(
            x=np.log(theta), fun=-ll / n, jac=np.zeros(2), hess=None, nit=0, nfev=0,
            success=True, method="geometric limit",
            message=f"no heterogeneity in churn: the geometric limit, churn {p:.4g} per period")
        return True

    def _starts(self, data, weights):
        return [np.array([1.0, 1.0]), np.array([0.5, 2.0]), np.array([2.0, 10.0])]

    def _loglik_derivs(self, theta, data, weights, order=2):
        """Log-likelihood, gradient and Hessian in (alpha, beta).

        A churn in period t contributes ``log B(a + 1, b + t - 1) - log B(a, b)``, an active
        customer after t ``log B(a, b + t) - log B(a, b)``: with ``(aa, bb)`` the arguments of the
        first beta function, ``d/da = psi(aa) - psi(aa+bb) - psi(a) + psi(a+b)`` (likewise in b)
        and ``d2/da2 = psi'(aa) - psi'(aa+bb) - psi'(a) + psi'(a+b)``,
        ``d2/da db = -psi'(aa+bb) + psi'(a+b)``, ``d2/db2 = psi'(bb) - psi'(aa+bb) - psi'(b) + psi'(a+b)``.
        """
        a, b = theta
        t, censored = data
        aa = np.where(censored, a, a + 1)
        bb = np.where(censored, b + t, b + t - 1)
        ll = wsum(weights, betaln(aa, bb) - betaln(a, b))
        if order == 0:
            return ll, None, None
        d_ab = digamma(aa + bb)
        g_a = digamma(aa) - d_ab - (digamma(a) - digamma(a + b))
        g_b = digamma(bb) - d_ab - (digamma(b) - digamma(a + b))
        grad = np.array([wsum(weights, g_a), wsum(weights, g_b)])
        if order == 1:
            return ll, grad, None
        t_sum = trigamma(aa + bb)
        t_ab = trigamma(a + b)
        h_ab = wsum(weights, t_ab - t_sum)
        h = np.array([[wsum(weights, trigamma(aa) - t_sum - trigamma(a) + t_ab), h_ab],
                      [h_ab, wsum(weights, trigamma(bb) - t_sum - trigamma(b) + t_ab)]])
        return ll, grad, h

    def log_likelihood(self, active) -> float:
        """Log-likelihood of cohort data under the fitted parameters."""
        tmp = ShiftedBetaGeoModel()
        cohorts = _as_cohorts(active)
        total = 0.0
        for a in cohorts:
            k = len(a) - 1
            t = np.r_[np.arange(1, k + 1), k].astype(float)
            cens = np.r_[np.zeros(k, bool), True]
            w = np.r_[a[:-1] - a[1:], a[-1]]
            total += tmp._loglik_derivs(self._theta(), (t, cens), w, 0)[0]
        return total

    # ------------------------------------------------------------------ predictions
    def churn_probability(self, t) -> np.ndarray:
        """``P(T = t)``: share of a new cohort lost during period ``t`` (t = 1, 2, ...)."""
        a, b = self._theta()
        t = np.asarray(t, dtype=float)
        return np.exp(betaln(a + 1, b + t - 1) - betaln(a, b))

    def survival(self, t) -> np.ndarray:
        """``S(t) = B(alpha, beta + t) / B(alpha, beta)``: share of a cohort active after ``t`` periods."""
        a, b = self._theta()
        t = np.asarray(t, dtype=float)
        return np.exp(betaln(a, b + t) - betaln(a, b))

    def retention_rate(self, t) -> np.ndarray:
        """``r(t) = (beta + t - 1) / (alpha + beta + t - 1)``: retention of period ``t`` (rises with t)."""
        a, b = self._theta()
        t = np.asarray(t, dtype=float)
        return (b + t - 1) / (a + b + t - 1)

    def project(self, cohort_size: float, periods: int) -> np.ndarray:
        """Expected active customers ``cohort_size * S(t)`` for ``t = 0 .. periods``."""
        return cohort_size * self.survival(np.arange(periods + 1))

    def discounted_expected_residual_lifetime(self, discount_rate: float, renewals: int = 1
                                              ) -> float:
        """DERL: expected discounted number of future payments (FH 2010, eq. 6; module docstring).

        Parameters
        ----------
        discount_rate : float
            Discount rate per period ``d`` (e.g. 0.10 for 10 % a year with yearly periods).
        renewals : int
            ``n``: the customer is in her ``n``-th period (1 = just acquired, first payment made).

        Returns
        -------
        float
            In payments: multiply by the margin per payment to get residual value.
        """
        a, b = self._theta()
        n = float(renewals)
        return float((b + n - 1) / (a + b + n - 1)
                     * hyp2f1(1.0, b + n, a + b + n, 1.0 / (1.0 + discount_rate)))

    def discounted_expected_lifetime(self, discount_rate: float) -> float:
        """DEL: expected discounted number of payments of a new customer, the first included:
        ``2F1(1, beta; alpha + beta; 1/(1 + d))``."""
        a, b = self._theta()
        return float(hyp2f1(1.0, b, a + b, 1.0 / (1.0 + discount_rate)))
