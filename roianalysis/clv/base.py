"""What every model of :mod:`roianalysis.clv` shares: maximum likelihood on log parameters.

A model declares its parameter names (the literature's), writes its log-likelihood and the
gradient of the log-likelihood with respect to its natural parameters, and gets from
:class:`BaseModel`:

- the fit: minimise the weighted negative log-likelihood over ``log(theta)`` (every parameter is
  positive) with L-BFGS-B and the analytic gradient, from several starting points if the first does
  not converge;
- a :class:`ConvergenceError` (never a silent bad fit) when no start converges, or when the optimum
  is degenerate (a parameter driven to 0 or infinity, non-finite likelihood);
- standard errors from the observed information (the Hessian of the negative log-likelihood at the
  optimum, by central differences of the analytic gradient), in the natural parameterisation.

Data handed to ``fit`` are compressed to weighted unique rows first (:func:`unique_rows`): a million
customers have far fewer distinct ``(x, t_x, T)`` triples, and the likelihood is a weighted sum.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import optimize

from ..errors import RoiAnalysisError

__all__ = ["BaseModel", "ConvergenceError", "unique_rows", "wsum"]


# Parameters are optimised as log(theta); beyond these bounds a parameter is "0" or "infinite".
_LOG_BOUND = 25.0


class ConvergenceError(RoiAnalysisError):
    """The optimizer did not find a proper maximum of the likelihood.

    The message says which model, from which starts, and what went wrong (optimizer message,
    gradient norm, or a parameter at 0 / infinity), so the user can look at the data (too few
    repeat customers, a holdout leaking into calibration...) rather than trust a bad fit.
    """


def unique_rows(columns: Sequence[np.ndarray], weights: np.ndarray | None = None
                ) -> tuple[list[np.ndarray], np.ndarray]:
    """Compress rows to the distinct value tuples, summing their weights.

    Parameters
    ----------
    columns : sequence of 1-d arrays of equal length n
        One array per variable (e.g. frequency, recency, T).
    weights : 1-d array of length n, optional
        Weight of each row (number of customers it stands for); 1 when omitted.

    Returns
    -------
    (unique columns, weights) : list of 1-d arrays of length m <= n, and the 1-d array of summed weights.
    """
    cols = [np.asarray(c, dtype=float).ravel() for c in columns]
    n = len(cols[0])
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float).ravel()
    if any(len(c) != n for c in cols) or len(w) != n:
        raise ValueError("all inputs must have the same length")
    if n == 0:
        return cols, w
    # hash aggregation (pandas) is ~20x faster than np.unique(axis=0) on a million rows
    frame = pd.DataFrame({f"c{j}": c for j, c in enumerate(cols)})
    frame["_w"] = w
    agg = frame.groupby([f"c{j}" for j in range(len(cols))], sort=True).sum()
    summed = agg["_w"].to_numpy()
    keep = summed > 0
    uniq = agg.index.to_frame(index=False).to_numpy(dtype=float)
    return [uniq[keep, j] for j in range(len(cols))], summed[keep]


class BaseModel:
    """Maximum-likelihood machinery shared by the CLV models.

    Subclasses set ``_param_names`` and implement ``_loglik_grad(theta, data, weights)`` returning
    the weighted total log-likelihood and its gradient with respect to the natural parameters
    ``theta`` (a 1-d array in ``_param_names`` order).

    Attributes (after ``fit``)
    --------------------------
    params_ : dict of str to float
        Fitted parameters, by the literature's names.
    standard_errors_ : dict of str to float
        Asymptotic standard errors (square roots of the diagonal of the inverse observed
        information in the natural parameterisation); NaN when the information is singular.
    log_likelihood_ : float
        Maximised total log-likelihood (weighted sum over customers).
    n_obs_ : float
        Number of customers (sum of the weights) the model was fitted on.
    optimizer_result_ : scipy.optimize.OptimizeResult
        The raw result of the converged run (on log parameters).
    """

    _param_names: tuple[str, ...] = ()
    _gtol: float = 1e-5  # max |d(-LL/n)/d log(theta)| accepted at the optimum

    def __init__(self) -> None:
        self.params_: dict[str, float] = {}
        self._se: dict[str, float] | None = None
        self.log_likelihood_: float = float("nan")
        self.n_obs_: float = 0.0
        self.optimizer_result_ = None

    # ------------------------------------------------------------------ to implement
    def _loglik_grad(self, theta: np.ndarray, data: tuple, weights: np.ndarray
                     ) -> tuple[float, np.ndarray]:
        raise NotImplementedError

    def _starts(self, data: tuple, weights: np.ndarray) -> list[np.ndarray]:
        """Starting points (natural parameters), best guess first."""
        return [np.ones(len(self._param_names))]

    # ------------------------------------------------------------------ fitting
    def _fit(self, data: tuple, weights: np.ndarray) -> BaseModel:
        n = float(weights.sum())
        if n <= 0:
            raise ValueError(f"{type(self).__name__}: no data to fit")

        def objective(log_theta: np.ndarray) -> tuple[float, np.ndarray]:
            theta = np.exp(log_theta)
            ll, grad = self._loglik_grad(theta, data, weights)
            if not np.isfinite(ll) or not np.all(np.isfinite(grad)):
                return 1e300, np.zeros_like(log_theta)
            # per-customer scale keeps tolerances meaningful from 100 to 10M customers
            return -ll / n, -(grad * theta) / n

        failures = []
        best = None
        def run(x0: np.ndarray):
            return optimize.minimize(objective, x0, jac=True, method="L-BFGS-B",
                                     bounds=[(-_LOG_BOUND, _LOG_BOUND)] * len(x0),
                                     options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9,
                                              "maxcor": 20})

        for start in self._starts(data, weights):
            x0 = np.log(np.clip(np.asarray(start, dtype=float), 1e-6, 1e6))
            res = run(x0)
            problem = self._check(res)
            if problem is not None and problem.startswith("gradient"):
                # stopped on a flat stretch: one warm restart (fresh curvature memory)
                res = run(res.x)
                problem = self._check(res)
            if problem is None:
                best = res
                break
            failures.append(f"start {_fmt(self._param_names, np.exp(x0))}: {problem}")
        if best is None:
            raise ConvergenceError(
                f"{type(self).__name__} did not converge on {n:g} customers:\n  "
                + "\n  ".join(failures)
                + "\nCheck the input (enough repeat customers? recency <= T? a single time unit?)."
            )
        theta = np.exp(best.x)
        ll, _ = self._loglik_grad(theta, data, weights)
        se, hess = self._standard_errors(theta, data, weights)
        weak = [k for k, t, e in zip(self._param_names, theta, se, strict=True)
                if not np.isfinite(e) or e > 100 * t]
        if weak:
            # the flattest direction of the likelihood in log parameters names the culprits
            vals, vecs = np.linalg.eigh(hess * np.outer(theta, theta))
            flat = [k for k, c in zip(self._param_names, vecs[:, 0], strict=True) if abs(c) > 0.3]
            raise ConvergenceError(
                f"{type(self).__name__} did not converge on {n:g} customers: the likelihood has "
                f"no proper maximum, it keeps rising along {', '.join(flat or weak)} from "
                f"{_fmt(self._param_names, theta)}. The data do not identify the model "
                "(too few repeat customers or periods, or no visible dropout/heterogeneity)."
                + self._hint(flat or weak, theta))
        self.params_ = {k: float(v) for k, v in zip(self._param_names, theta, strict=True)}
        self.log_likelihood_ = float(ll)
        self.n_obs_ = n
        self.optimizer_result_ = best
        self._se = {k: float(v) for k, v in zip(self._param_names, se, strict=True)}
        return self

    @property
    def standard_errors_(self) -> dict[str, float]:
        """Asymptotic standard errors of ``params_`` (natural parameterisation)."""
        self._require_fit()
        return dict(self._se or {})

    def _check(self, res) -> str | None:
        if not np.isfinite(res.fun) or res.fun >= 1e299:
            return "the likelihood is not finite at the solution"
        at_bound = np.abs(res.x) >= _LOG_BOUND - 1e-3
        if at_bound.any():
            names = [n for n, b in zip(self._param_names, at_bound, strict=True) if b]
            return (f"parameter(s) {', '.join(names)} driven to 0 or infinity "
                    "(the data do not identify the model)")
        gnorm = float(np.max(np.abs(res.jac)))
        if gnorm > self._gtol:
            return f"gradient still {gnorm:.2e} after {res.nit} iterations ({res.message})"
        return None

    def _hint(self, flat: list[str], theta: np.ndarray) -> str:
        """Model-specific reading of a flat direction (overridden by models)."""
        return ""

    def _standard_errors(self, theta: np.ndarray, data: tuple, weights: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
        """Square roots of the diagonal of the inverse observed information.

        The Hessian of the negative log-likelihood is taken by forward differences of the analytic
        gradient (one gradient evaluation per parameter, relative step 1e-6); NaN where the
        information is not positive definite. Also returns the Hessian.
        """
        k = len(theta)
        g0 = self._loglik_grad(theta, data, weights)[1]
        hess = np.empty((k, k))
        for j in range(k):
            h = 1e-6 * theta[j]
            up = theta.copy()
            up[j] += h
            hess[:, j] = -(self._loglik_grad(up, data, weights)[1] - g0) / h
        hess = (hess + hess.T) / 2
        try:
            np.linalg.cholesky(hess)
            var = np.diag(np.linalg.inv(hess))
        except np.linalg.LinAlgError:
            return np.full(k, np.nan), hess
        return np.where(var > 0, np.sqrt(np.abs(var)), np.nan), hess

    # ------------------------------------------------------------------ helpers
    def _require_fit(self) -> dict[str, float]:
        if not self.params_:
            raise RoiAnalysisError(f"{type(self).__name__} is not fitted: call fit(...) first")
        return self.params_

    def _theta(self) -> np.ndarray:
        p = self._require_fit()
        return np.array([p[k] for k in self._param_names])

    def log_likelihood(self, *args, **kwargs) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def summary(self) -> pd.DataFrame:
        """Fitted parameters with standard errors and 95 % Wald intervals (one row per parameter)."""
        p = self._require_fit()
        se = pd.Series(self.standard_errors_)
        est = pd.Series(p)
        return pd.DataFrame({"estimate": est, "std_error": se,
                             "lower_95": est - 1.96 * se, "upper_95": est + 1.96 * se})

    def __repr__(self) -> str:
        if not self.params_:
            return f"{type(self).__name__}()"
        ps = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return f"<{type(self).__name__}: {ps}, LL={self.log_likelihood_:.2f}, n={self.n_obs_:g}>"


def _fmt(names, values) -> str:
    return "(" + ", ".join(f"{k}={float(v):.4g}" for k, v in zip(names, values, strict=True)) + ")"


def wsum(weights: np.ndarray, values: np.ndarray) -> float:
    """``sum(weights * values)`` without BLAS (``@`` goes through a threaded BLAS call that is
    slower than a plain multiply-and-sum on a busy machine)."""
    return float(np.multiply(weights, values).sum())


def check_rfm(frequency, recency, T, weights=None) -> tuple[np.ndarray, ...]:
    """Validate and convert RFM arrays: x >= 0 integer, 0 <= t_x <= T, T > 0, x = 0 => t_x = 0."""
    x = np.asarray(frequency, dtype=float).ravel()
    tx = np.asarray(recency, dtype=float).ravel()
    TT = np.asarray(T, dtype=float).ravel()
    if not (len(x) == len(tx) == len(TT)):
        raise ValueError("frequency, recency and T must have the same length")
    if len(x) == 0:
        raise ValueError("no customers to fit")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(tx)) and np.all(np.isfinite(TT))):
        raise ValueError("frequency, recency and T must be finite")
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise ValueError("frequency must be a non-negative integer (repeat purchases)")
    if np.any(tx < 0) or np.any(tx > TT * (1 + 1e-12)):
        raise ValueError("recency must lie between 0 and T (same time unit)")
    if np.any(TT <= 0):
        raise ValueError("T (customer age) must be positive")
    if np.any((x == 0) & (tx != 0)):
        raise ValueError("recency must be 0 for customers without repeat purchases")
    w = None if weights is None else np.asarray(weights, dtype=float).ravel()
    if w is not None and (len(w) != len(x) or np.any(w < 0) or not np.all(np.isfinite(w))):
        raise ValueError("weights must be finite, non-negative, one per customer")
    return x, np.minimum(tx, TT), TT, w
