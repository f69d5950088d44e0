"""The NBD model: purchases at a gamma-distributed rate, and no customer ever leaves.

The limit of BG/NBD (``p -> 0``) and Pareto/NBD (``mu -> 0``) when the data show no dropout at
all. Likelihood of ``(x, t_x, T)`` (recency plays no role)::

    L = Gamma(r + x) / Gamma(r) * alpha^r / (alpha + T)^(r + x)

Reference: Ehrenberg, A. S. C. (1959). The pattern of consumer purchases. *Applied Statistics*
8(1), 26-41.
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma, gammaln

from roianalysis.clv.base import BaseModel, check_rfm, unique_rows, wsum

__all__ = ["NBDModel"]


class NBDModel(BaseModel):
    """Purchase counts without dropout (every customer stays alive).

    Parameters (``params_``)
    ------------------------
    r, alpha : float
        Gamma distribution of purchase rates (mean ``r / alpha`` purchases per time unit).
    """

    _param_names = ("r", "alpha")
    label = "nbd"

    def fit(self, frequency, recency, T, weights=None) -> NBDModel:
        """Fit by maximum likelihood (arguments as :meth:`BetaGeoModel.fit`)."""
        x, tx, TT, w = check_rfm(frequency, recency, T, weights)
        (x, TT), w = unique_rows([x, TT], w)
        return self._fit((x, TT), w)

    def _starts(self, data, weights):
        x, TT = data
        mean_rate = max(float(np.sum(weights * x) / np.sum(weights * TT)), 1e-6)
        return [np.array([1.0, 1.0 / mean_rate]), np.array([0.3, 0.3 / mean_rate])]

    def _loglik_grad(self, theta, data, weights):
        r, alpha = theta
        x, TT = data
        log_at = np.log(alpha + TT)
        ll = wsum(weights, gammaln(r + x) - gammaln(r) + r * np.log(alpha) - (r + x) * log_at)
        g_r = wsum(weights, digamma(r + x) - digamma(r) + np.log(alpha) - log_at)
        g_alpha = wsum(weights, r / alpha - (r + x) / (alpha + TT))
        return ll, np.array([g_r, g_alpha])

    def log_likelihood(self, frequency, recency, T, weights=None) -> float:
        """Total log-likelihood of data under the fitted parameters."""
        x, tx, TT, w = check_rfm(frequency, recency, T, weights)
        w = np.ones_like(x) if w is None else w
        return self._loglik_grad(self._theta(), (x, TT), w)[0]

    def probability_alive(self, frequency, recency, T) -> np.ndarray:
        """Always 1: in this model no customer leaves."""
        return np.ones(np.shape(np.asarray(frequency, dtype=float)))

    def expected_purchases(self, t) -> np.ndarray:
        """``r t / alpha``."""
        r, alpha = self._theta()
        return r * np.asarray(t, dtype=float) / alpha

    def conditional_expected_purchases(self, t, frequency, recency, T) -> np.ndarray:
        """``(r + x) t / (alpha + T)``: the mean of the rate given the history, times ``t``."""
        r, alpha = self._theta()
        x, TT = np.asarray(frequency, dtype=float), np.asarray(T, dtype=float)
        return (r + x) * np.asarray(t, dtype=float) / (alpha + TT)
