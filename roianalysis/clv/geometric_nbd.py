"""The BG/NBD limit without dropout heterogeneity: one dropout probability ``p`` for everyone.

When the data show dropout but no *heterogeneity* in it, the BG/NBD likelihood keeps rising as
``a`` and ``b`` grow together with ``a / (a + b)`` fixed: the Beta distribution of ``p`` tends to a
point mass. This model is that limit, with ``p`` a parameter:

- while alive a customer buys as a Poisson process of rate ``lambda ~ Gamma(r, alpha)``;
- after each purchase she drops out with probability ``p`` (the same for every customer).

Likelihood of ``(x, t_x, T)`` (FHL 2005, eq. 3 integrated over ``lambda`` only)::

    L = Gamma(r + x) alpha^r / Gamma(r)
        * [ (1 - p)^x (alpha + T)^-(r + x) + [x > 0] p (1 - p)^(x - 1) (alpha + t_x)^-(r + x) ]

``p`` is optimised through its odds ``p / (1 - p)`` (positive, as the fitting machinery expects);
``params_`` reports ``r``, ``alpha`` and ``p``.
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma, gammaln

from roianalysis.clv.base import BaseModel, check_rfm, unique_rows, wsum

__all__ = ["GeometricNBDModel"]


class GeometricNBDModel(BaseModel):
    """Purchase counts with one dropout probability ``p`` after each purchase (the BG/NBD limit).

    Parameters (``params_``)
    ------------------------
    r, alpha : float
        Gamma distribution of purchase rates (mean ``r / alpha`` purchases per time unit).
    p : float
        Probability of dropping out after each purchase, in (0, 1).
    """

    _param_names = ("r", "alpha", "odds")
    label = "geometric_nbd"

    def fit(self, frequency, recency, T, weights=None) -> GeometricNBDModel:
        """Fit by maximum likelihood (arguments as :meth:`BetaGeoModel.fit`)."""
        x, tx, TT, w = check_rfm(frequency, recency, T, weights)
        (x, tx, TT), w = unique_rows([x, tx, TT], w)
        self._fit((x, tx, TT), w)
        odds = self.params_.pop("odds")
        se = self._se.pop("odds") if self._se else np.nan
        p = odds / (1 + odds)
        self.params_["p"] = p
        if self._se is not None:
            self._se["p"] = se / (1 + odds) ** 2  # delta method, dp/dodds = 1/(1+odds)^2
        return self

    def _starts(self, data, weights):
        x, tx, TT = data
        mean_rate = max(float(np.sum(weights * (x + 1)) / np.sum(weights * TT)), 1e-6)
        return [np.array([1.0, 1.0 / mean_rate, 0.1]), np.array([0.5, 0.5 / mean_rate, 0.5]),
                np.array([2.0, 2.0 / mean_rate, 0.02])]

    def _loglik_grad(self, theta, data, weights):
        r, alpha, odds = theta
        x, tx, TT = data
        p = odds / (1 + odds)
        log_q = -np.log1p(odds)  # log(1 - p)
        rep = x > 0
        log_a = x * log_q - (r + x) * np.log(alpha + TT)
        log_b = np.where(rep, np.log(p) + (x - 1) * log_q - (r + x) * np.log(alpha + tx), -np.inf)
        hi = np.maximum(log_a, log_b)
        ea, eb = np.exp(log_a - hi), np.exp(log_b - hi)
        tot = ea + eb
        wa, wb = ea / tot, eb / tot
        ll = wsum(weights, gammaln(r + x) - gammaln(r) + r * np.log(alpha) + hi + np.log(tot))
        g_r = wsum(weights, digamma(r + x) - digamma(r) + np.log(alpha)
                   - wa * np.log(alpha + TT) - wb * np.log(alpha + tx))
        g_alpha = wsum(weights, r / alpha - (r + x) * (wa / (alpha + TT) + wb / (alpha + tx)))
        # d/dp of log L, then chain rule to the odds
        d_p = -wa * x / (1 - p) + wb * np.where(rep, 1 / p - (x - 1) / (1 - p), 0.0)
        g_odds = wsum(weights, d_p) / (1 + odds) ** 2
        return ll, np.array([g_r, g_alpha, g_odds])

    def _theta3(self) -> tuple[float, float, float]:
        prm = self._require_fit()
        return prm["r"], prm["alpha"], prm["p"]

    def log_likelihood(self, frequency, recency, T, weights=None) -> float:
        """Total log-likelihood of data under the fitted parameters."""
        x, tx, TT, w = check_rfm(frequency, recency, T, weights)
        w = np.ones_like(x) if w is None else w
        r, alpha, p = self._theta3()
        return self._loglik_grad(np.array([r, alpha, p / (1 - p)]), (x, tx, TT), w)[0]

    def probability_alive(self, frequency, recency, T) -> np.ndarray:
        """P(alive at T) = 1 / (1 + [x > 0] p / (1 - p) ((alpha + T) / (alpha + t_x))^(r + x))."""
        r, alpha, p = self._theta3()
        x, tx, TT = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        log_ratio = np.log(p / (1 - p)) + (r + x) * (np.log(alpha + TT) - np.log(alpha + tx))
        return np.where(x > 0, 1.0 / (1.0 + np.exp(np.minimum(log_ratio, 700))), 1.0)

    def expected_purchases(self, t) -> np.ndarray:
        """Expected purchases of a new customer in ``(0, t]``: ``(1 - (alpha/(alpha + p t))^r) / p``
        (alive for an exponential time of rate ``lambda p``, buying at rate ``lambda`` meanwhile)."""
        r, alpha, p = self._theta3()
        t = np.asarray(t, dtype=float)
        return (1 - (alpha / (alpha + p * t)) ** r) / p

    def conditional_expected_purchases(self, t, frequency, recency, T) -> np.ndarray:
        """Expected purchases in ``(T, T + t]``:
        ``P(alive) (1 - ((alpha + T)/(alpha + T + p t))^(r + x)) / p`` (the rate given the history
        is ``Gamma(r + x, alpha + T)``)."""
        r, alpha, p = self._theta3()
        x, tx, TT = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        t = np.asarray(t, dtype=float)
        alive = self.probability_alive(x, tx, TT)
        return alive * (1 - ((alpha + TT) / (alpha + TT + p * t)) ** (r + x)) / p
