"""Carry-over (adstock) and diminishing returns (saturation) of media spend.

Every adstock here is *normalised*: its lag weights sum to 1, so a steady spend ``x`` per period
gives an adstocked spend of ``x`` in the long run, and a channel's steady-state weekly response is
simply ``beta * saturation(x)`` (:meth:`roianalysis.mix.MixModel.response`).

* Geometric adstock, decay ``alpha`` in [0, 1)::

      a_t = (1 - alpha) * x_t + alpha * a_{t-1},     a_{-1} = 0

  i.e. lag weights ``(1 - alpha) alpha^k``; spend before the first period is taken as 0.
* Weibull adstock (``shape k``, ``scale lam`` in periods), lag weights over ``l_max`` lags::

      w_j = exp(-(j / lam)^k) - exp(-((j + 1) / lam)^k),  j = 0..l_max-1,  normalised to sum 1

  (the probability that an effect fades during lag ``j``: a Weibull survival difference).
* Logistic saturation of a spend ``u`` in units of the channel's scale (its mean spend)::

      s(u) = (1 - exp(-lam u)) / (1 + exp(-lam u)) = tanh(lam u / 2),   0 <= s < 1

  as in pymc-marketing's ``logistic_saturation``; concave for ``u >= 0``.
* Hill saturation, half-saturation ``K`` (in units of the scale) and slope ``s``::

      h(u) = u^s / (u^s + K^s)

Saturation values have no unit (0..1); the channel coefficient ``beta`` carries the target's unit.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "ADSTOCKS",
    "SATURATIONS",
    "adstock",
    "geometric_adstock",
    "hill_saturation",
    "logistic_saturation",
    "saturation",
    "saturation_derivative",
    "weibull_adstock",
    "weibull_weights",
]

#: Adstock name -> its parameter names (in the order the model stores them).
ADSTOCKS = {"geometric": ("alpha",), "weibull": ("shape", "scale")}
#: Saturation name -> its parameter names.
SATURATIONS = {"logistic": ("lam",), "hill": ("K", "slope")}


def geometric_adstock(x: np.ndarray, alpha: float) -> np.ndarray:
    """Normalised geometric adstock ``a_t = (1 - alpha) x_t + alpha a_{t-1}`` (``a_{-1} = 0``).

    Parameters
    ----------
    x : array
        Spend per period (any unit), oldest first.
    alpha : float
        Share of the effect carried to the next period, in [0, 1).

    Returns
    -------
    array of the same shape and unit as ``x``.
    """
    x = np.asarray(x, dtype=float)
    n = x.shape[-1]
    if alpha <= 0:
        return x.copy()
    # weights (1 - alpha) alpha^k, truncated where they fall under 1e-17 (exact in float64)
    lags = min(n, int(np.ceil(-39.0 / np.log(alpha))) + 1)
    w = (1.0 - alpha) * alpha ** np.arange(lags)
    return np.convolve(x, w)[:n]


def weibull_weights(shape: float, scale: float, l_max: int) -> np.ndarray:
    """Lag weights ``w_j = S(j) - S(j + 1)`` of a Weibull survival ``S(t) = exp(-(t/scale)^shape)``,
    ``j = 0..l_max-1``, normalised to sum 1."""
    j = np.arange(l_max + 1, dtype=float)
    surv = np.exp(-((j / scale) ** shape))
    w = surv[:-1] - surv[1:]
    total = w.sum()
    if not total > 0:
        w = np.zeros(l_max)
        w[0] = 1.0
        return w
    return w / total


def weibull_adstock(x: np.ndarray, shape: float, scale: float, l_max: int = 12) -> np.ndarray:
    """Normalised Weibull adstock: ``a_t = sum_j w_j x_{t-j}`` with :func:`weibull_weights`."""
    x = np.asarray(x, dtype=float)
    return np.convolve(x, weibull_weights(shape, scale, l_max))[:x.shape[-1]]


def adstock(x: np.ndarray, kind: str, params: tuple[float, ...], l_max: int = 12) -> np.ndarray:
    """Dispatch to :func:`geometric_adstock` or :func:`weibull_adstock` by name."""
    if kind == "geometric":
        return geometric_adstock(x, params[0])
    if kind == "weibull":
        return weibull_adstock(x, params[0], params[1], l_max)
    raise ValueError(f"unknown adstock {kind!r}: expected one of {sorted(ADSTOCKS)}")


def logistic_saturation(u: np.ndarray, lam: float) -> np.ndarray:
    """``(1 - exp(-lam u)) / (1 + exp(-lam u)) = tanh(lam u / 2)`` (no unit, 0..1 for u >= 0)."""
    return np.tanh(0.5 * lam * np.asarray(u, dtype=float))


def hill_saturation(u: np.ndarray, K: float, slope: float) -> np.ndarray:
    """``u^slope / (u^slope + K^slope)`` (no unit, 0..1 for u >= 0)."""
    u = np.maximum(np.asarray(u, dtype=float), 0.0)
    r = (u / K) ** slope
    return r / (1.0 + r)


def saturation(u: np.ndarray, kind: str, params: tuple[float, ...]) -> np.ndarray:
    """Dispatch to :func:`logistic_saturation` or :func:`hill_saturation` by name."""
    if kind == "logistic":
        return logistic_saturation(u, params[0])
    if kind == "hill":
        return hill_saturation(u, params[0], params[1])
    raise ValueError(f"unknown saturation {kind!r}: expected one of {sorted(SATURATIONS)}")


def saturation_derivative(u: np.ndarray, kind: str, params: tuple[float, ...]) -> np.ndarray:
    """``d saturation / d u`` (per unit of the channel's scale).

    Logistic: ``lam / 2 * (1 - tanh(lam u / 2)^2)``; Hill: ``slope u^(slope-1) K^slope /
    (u^slope + K^slope)^2``.
    """
    u = np.maximum(np.asarray(u, dtype=float), 0.0)
    if kind == "logistic":
        t = np.tanh(0.5 * params[0] * u)
        return 0.5 * params[0] * (1.0 - t * t)
    if kind == "hill":
        K, s = params
        with np.errstate(divide="ignore", invalid="ignore"):
            d = s * u ** (s - 1.0) * K**s / (u**s + K**s) ** 2
        return np.where(np.isfinite(d), d, 0.0)
    raise ValueError(f"unknown saturation {kind!r}: expected one of {sorted(SATURATIONS)}")
