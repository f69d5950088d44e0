"""What every model of :mod:`roianalysis.clv` shares: maximum likelihood on log parameters.

A model declares its parameter names (the literature's), writes its log-likelihood and its
derivatives with respect to its natural parameters, and gets from :class:`BaseModel`:

- the fit: minimise the weighted negative log-likelihood per customer over ``log(theta)`` (every
  parameter is positive). Models that give their analytic Hessian (``_loglik_derivs``; all four
  models here) are fitted by a damped Newton method (:func:`newton_minimize`): a handful of
  iterations, each one vectorised pass over the data computing the log-likelihood, gradient and
  Hessian together (in chunks of rows spread over threads during a fit); it converges
  quadratically to the maximum (parameters to about 1e-10 relative), so the result does not
  depend on a library's optimiser defaults. A model without a Hessian, or a fit where Newton fails
  from every start, uses L-BFGS-B with the analytic gradient from several starting points (then a
  Newton polish where possible);
- a :class:`ConvergenceError` (never a silent bad fit) when no start converges, or when the optimum
  is degenerate (a parameter driven to 0 or infinity, non-finite likelihood, a flat direction);
- standard errors from the observed information (the Hessian of the negative log-likelihood at the
  optimum: analytic where the model has it, else central differences of the analytic gradient), in
  the natural parameterisation.

Data handed to ``fit`` are compressed to weighted unique rows first (:func:`unique_rows`) where
that pays: a million customers recorded by day have far fewer distinct ``(x, t_x, T)`` triples,
and the likelihood is a weighted sum (BG/NBD compresses only its non-repeat customers, by age, when
recency is continuous and nearly every repeat row is distinct).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from roianalysis.errors import RoiAnalysisError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BaseModel", "ConvergenceError", "FitResult", "index_counts", "newton_minimize", "trigamma",
           "unique_rows", "wsum"]


# Parameters are optimised as log(theta); beyond these bounds a parameter is "0" or "infinite".
_LOG_BOUND = 25.0
# Rows per chunk of a likelihood pass: the temporaries stay in cache, and BLAS keeps dot
# products of that length on the calling thread
CHUNK_ROWS = 8192
_MAX_THREADS = 8


class ConvergenceError(RoiAnalysisError):
    """The optimizer did not find a proper maximum of the likelihood.

    The message says which model, from which starts, and what went wrong (optimizer message,
    gradient norm, or a parameter at 0 / infinity), so the user can look at the data (too few
    repeat customers, a holdout leaking into calibration...) rather than trust a bad fit.

    Attributes
    ----------
    params : dict of str to float or None
        Where the likelihood was still rising (the parameters when the fit stopped), when the
        failure is a likelihood without a proper maximum; None otherwise.
    flat : tuple of str
        The parameters along which it keeps rising (e.g. ``("a", "b")`` for a BG/NBD fit that
        tends to the model without dropout heterogeneity); empty when not known.
    """

    def __init__(self, message: str, *, params: dict[str, float] | None = None,
                 flat: Sequence[str] = ()):
        super().__init__(message)
        self.params = params
        self.flat = tuple(flat)


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
    (unique columns, weights) : list of 1-d arrays of length m <= n, and the 1-d array of summed
        weights. Rows are in lexicographic order of the columns (whatever the input order) and
        rows of total weight 0 are left out.
    """
    import pandas as pd  # for its hash tables; imported on use, not with the models

    cols = [np.asarray(c, dtype=float).ravel() for c in columns]
    n = len(cols[0])
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float).ravel()
    if any(len(c) != n for c in cols) or len(w) != n:
        raise ValueError("all inputs must have the same length")
    if n == 0:
        return cols, w
    # hash codes per column (sorted, so the combined code orders rows lexicographically), one
    # combined int64 code per row, hashed again: ~3x faster than a groupby, ~20x than np.unique
    key, card = None, 1
    for c in cols:
        codes, uniq = pd.factorize(c, sort=True)
        m = len(uniq)
        if key is None:
            key, card = codes.astype(np.int64), m
            continue
        if card * m >= 2**62:  # keep the combined code within int64: renumber what we have
            key, seen = pd.factorize(key, sort=True)
            key, card = key.astype(np.int64), len(seen)
        key = key * m + codes
        card *= m
    group, ukey = pd.factorize(key, sort=True)
    summed = np.bincount(group, weights=w, minlength=len(ukey))
    rep = np.empty(len(ukey), dtype=np.int64)
    rep[group] = np.arange(n)  # any row of a group stands for it: all its values are equal
    keep = summed > 0
    return [c[rep[keep]] for c in cols], summed[keep]


def index_counts(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct values of a non-negative integer-valued ``x``, their summed weights, and each
    row's index into them (a bincount for values up to a few million, else a sort).

    Returns
    -------
    (distinct values, summed weights, index per row) : float, float and int64 1-d arrays.
    """
    top = float(x.max()) if len(x) else 0.0
    if top <= 4 * len(x) + 1_000_000:
        xi = x.astype(np.int64)
        counts = np.bincount(xi, minlength=1)
        present = np.flatnonzero(counts)
        totals = np.bincount(xi, weights=w, minlength=1) if w is not None else counts
        lookup = np.zeros(len(counts), dtype=np.int64)
        lookup[present] = np.arange(len(present))
        return present.astype(float), totals[present].astype(float), lookup[xi]
    ux, inv = np.unique(x, return_inverse=True)
    inv = inv.ravel()
    return ux, np.bincount(inv, weights=w, minlength=len(ux)), inv


def trigamma(z):
    """``psi'(z)``, the second derivative of ``log Gamma`` (the Hurwitz zeta function zeta(2, z))."""
    from scipy.special import zeta

    return zeta(2.0, z)


class FitResult(dict):
    """Outcome of one optimiser run, on log parameters (the fields of scipy's ``OptimizeResult``).

    Attributes
    ----------
    x : ndarray
        Log parameters at the end of the run.
    fun : float
        Negative log-likelihood per customer there.
    jac : ndarray
        Its gradient with respect to the log parameters.
    hess : ndarray or None
        Its Hessian with respect to the log parameters (Newton runs).
    nit, nfev : int
        Iterations and passes over the data.
    success : bool
        Whether the optimiser's own stopping rule was met.
    message : str
        How the run ended.
    method : str
        ``"newton"`` or ``"L-BFGS-B"``.
    """

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def newton_minimize(fun: Callable[[np.ndarray, int], tuple], x0: np.ndarray, *,
                    bound: float = _LOG_BOUND, maxiter: int = 200, step_cap: float = 2.0,
                    xtol: float = 1e-6) -> FitResult:
    """Minimise a smooth function by damped Newton steps inside the box ``[-bound, bound]^k``.

    Parameters
    ----------
    fun : callable ``fun(x, order) -> (f, g, H)``
        Value, gradient and Hessian at ``x`` (``g`` and ``H`` may be None when ``order == 0``);
        a non-finite ``f`` marks a point outside the domain.
    x0 : 1-d array
        Starting point (clipped into the box).
    bound : float
        Half-width of the box (here, on log parameters).
    maxiter : int
        Iterations at most.
    step_cap : float
        Largest change of one coordinate in one iteration (here: a factor ``e^2`` on a parameter),
        which keeps the first steps from a poor start inside the domain.
    xtol : float
        Converged when the Hessian is positive definite and the full Newton step changes no
        coordinate by more than ``xtol``; that last step is taken, which (quadratic convergence)
        leaves the coordinates about ``xtol^2`` from the minimum (a step below ``1e-4 xtol`` is
        not even taken: the point is already at the minimum to round-off).

    Returns
    -------
    FitResult
        ``success`` is True on convergence; otherwise ``message`` says why it stopped.

    Notes
    -----
    Each iteration eigen-decomposes the Hessian ``H = V diag(l) V'`` and steps along
    ``-V diag(1 / max(|l|, 1e-10 max|l|)) V' g``: the Newton step where ``H`` is positive definite,
    a descent direction otherwise (negative curvature is followed downhill, flat directions get
    long steps, capped). The step is halved until the Armijo condition
    ``f(x + t d) <= f(x) + 1e-4 t g'd`` holds; within 1e-3 of a positive definite minimum the full
    step is taken (the decrease is then at the level of round-off).
    """
    x = np.clip(np.asarray(x0, dtype=float), -bound, bound)
    f, g, h = fun(x, 2)
    nfev = 1
    if not (np.isfinite(f) and np.all(np.isfinite(g)) and np.all(np.isfinite(h))):
        return FitResult(x=x, fun=np.inf, jac=np.zeros_like(x), hess=None, nit=0, nfev=nfev,
                         success=False, message="the likelihood is not finite at the start",
                         method="newton")
    message, success, nit = f"no convergence in {maxiter} iterations", False, 0
    for nit in range(1, maxiter + 1):  # noqa: B007 (the count is reported)
        lam, vec = np.linalg.eigh(h)
        top = float(np.max(np.abs(lam)))
        if top == 0.0 or not np.isfinite(top):
            message = "the Hessian vanishes or is not finite"
            break
        step = -vec @ ((vec.T @ g) / np.maximum(np.abs(lam), 1e-10 * top))
        definite = bool(lam.min() > 0)
        size = float(np.max(np.abs(step)))
        if definite and size <= xtol * 1e-4:  # already there: the step would change nothing
            message, success = "converged (Newton step below xtol)", True
            break
        done = definite and size <= xtol
        local = definite and size <= 1e-3
        if size > step_cap:
            step *= step_cap / size
        slope = float(g @ step)
        t, accepted = 1.0, False
        for _ in range(50):
            new = np.clip(x + t * step, -bound, bound)
            if np.max(np.abs(new - x)) == 0.0:
                break
            fn, gn, hn = fun(new, 2)
            nfev += 1
            ok = np.isfinite(fn) and np.all(np.isfinite(gn)) and np.all(np.isfinite(hn))
            if ok and (fn <= f + 1e-4 * t * slope
                       or (local and t == 1.0 and fn <= f + 1e-12 * (1.0 + abs(f)))):
                accepted = True
                break
            t /= 2
        if not accepted:
            message = "no step decreases the objective (line search failed)"
            success = bool(definite and size <= 1e-5)
            break
        x, f, g, h = new, fn, gn, hn
        if done:
            message, success = "converged (Newton step below xtol)", True
            break
    return FitResult(x=x, fun=float(f), jac=g, hess=h, nit=nit, nfev=nfev, success=success,
                     message=message, method="newton")


class BaseModel:
    """Maximum-likelihood machinery shared by the CLV models.

    Subclasses set ``_param_names`` and implement ``_loglik_grad(theta, data, weights)`` returning
    the weighted total log-likelihood and its gradient with respect to the natural parameters
    ``theta`` (a 1-d array in ``_param_names`` order). Those that also implement
    ``_loglik_derivs(theta, data, weights, order)`` (log-likelihood, gradient and Hessian in one
    pass; ``order`` 0, 1 or 2 says how far to go) are fitted by Newton's method.

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
    optimizer_result_ : FitResult
        The converged run (on log parameters): ``x``, ``fun``, ``jac``, ``nit``, ``nfev``,
        ``message``, ``method``.
    """

    _param_names: tuple[str, ...] = ()
    _gtol: float = 1e-5  # max |d(-LL/n)/d log(theta)| accepted at the optimum
    _executor: ThreadPoolExecutor | None = None  # set only while fit runs

    def __init__(self) -> None:
        self.params_: dict[str, float] = {}
        self._se: dict[str, float] | None = None
        self.log_likelihood_: float = float("nan")
        self.n_obs_: float = 0.0
        self.optimizer_result_ = None

    # ------------------------------------------------------------------ to implement
    def _loglik_grad(self, theta: np.ndarray, data: tuple, weights: np.ndarray
                     ) -> tuple[float, np.ndarray]:
        if self._has_hessian():
            ll, grad, _ = self._loglik_derivs(theta, data, weights, 1)
            return ll, grad
        raise NotImplementedError

    def _loglik_derivs(self, theta: np.ndarray, data: tuple, weights: np.ndarray, order: int
                       ) -> tuple[float, np.ndarray | None, np.ndarray | None]:
        """Log-likelihood, and its gradient (``order >= 1``) and Hessian (``order == 2``) with
        respect to the natural parameters; None for what was not asked."""
        raise NotImplementedError

    def _map_sum(self, fn: Callable[[slice], np.ndarray], n_rows: int) -> np.ndarray:
        """``sum(fn(chunk))`` over chunks of ``CHUNK_ROWS`` rows, added in chunk order.

        During a fit the chunks are spread over threads (numpy releases the GIL in its loops);
        the sum is the same, bit for bit, with or without threads.
        """
        slices = [slice(lo, lo + CHUNK_ROWS) for lo in range(0, n_rows, CHUNK_ROWS)]
        if not slices:
            return fn(slice(0, 0))
        if self._executor is not None and len(slices) > 1:
            parts = list(self._executor.map(fn, slices))
        else:
            parts = [fn(sl) for sl in slices]
        total = parts[0].copy()
        for part in parts[1:]:
            total += part
        return total

    def _has_hessian(self) -> bool:
        return type(self)._loglik_derivs is not BaseModel._loglik_derivs

    def _starts(self, data: tuple, weights: np.ndarray) -> list[np.ndarray]:
        """Starting points (natural parameters), best guess first."""
        return [np.ones(len(self._param_names))]

    # ------------------------------------------------------------------ fitting
    def _fit(self, data: tuple, weights: np.ndarray) -> BaseModel:
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            cores = os.cpu_count() or 1
        if cores < 2:
            return self._fit_serial(data, weights)
        with ThreadPoolExecutor(min(cores, _MAX_THREADS)) as pool:  # threads start on first use
            self._executor = pool
            try:
                return self._fit_serial(data, weights)
            finally:
                self._executor = None

    def _fit_serial(self, data: tuple, weights: np.ndarray) -> BaseModel:
        n = float(weights.sum())
        if n <= 0:
            raise ValueError(f"{type(self).__name__}: no data to fit")

        failures = []
        best = None
        starts = [np.log(np.clip(np.asarray(s, dtype=float), 1e-6, 1e6))
                  for s in self._starts(data, weights)]
        if self._has_hessian():
            for x0 in starts:
                res = self._run_newton(x0, data, weights, n)
                problem = self._check(res)
                if problem is None:
                    best = res
                    break
                failures.append(f"start {_fmt(self._param_names, np.exp(x0))}: {problem}")
        if best is None:
            # no analytic Hessian, or Newton failed from every start: quasi-Newton from each start
            best = self._fit_lbfgsb(starts, data, weights, n, failures)
        if best is None:
            raise ConvergenceError(
                f"{type(self).__name__} did not converge on {n:g} customers:\n  "
                + "\n  ".join(failures)
                + "\nCheck the input (enough repeat customers? recency <= T? a single time unit?)."
            )
        theta = np.exp(best.x)
        ll, se, hess = self._standard_errors(theta, data, weights)
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
                + self._hint(flat or weak, theta),
                params={k: float(v) for k, v in zip(self._param_names, theta, strict=True)},
                flat=flat or weak)
        self.params_ = {k: float(v) for k, v in zip(self._param_names, theta, strict=True)}
        self.log_likelihood_ = float(ll)
        self.n_obs_ = n
        self.optimizer_result_ = best
        self._se = {k: float(v) for k, v in zip(self._param_names, se, strict=True)}
        return self

    def _objective(self, data: tuple, weights: np.ndarray, n: float):
        """``(log theta, order) -> (-LL/n, gradient, Hessian)`` on log parameters.

        With ``phi = log(theta)``: ``d/dphi = theta * d/dtheta`` and
        ``d2/dphi_i dphi_j = theta_i theta_j d2/dtheta_i dtheta_j + [i = j] theta_i d/dtheta_i``.
        Per customer (divided by ``n``), tolerances mean the same from 100 to 10M customers.
        """

        def fun(phi: np.ndarray, order: int):
            theta = np.exp(phi)
            with np.errstate(all="ignore"):
                ll, grad, hess = self._loglik_derivs(theta, data, weights, order)
            if not np.isfinite(ll):
                return np.inf, None, None
            g = None if grad is None else -(grad * theta) / n
            h = None if hess is None else -(hess * np.outer(theta, theta)
                                            + np.diag(grad * theta)) / n
            return -ll / n, g, h

        return fun

    def _run_newton(self, x0: np.ndarray, data: tuple, weights: np.ndarray, n: float
                    ) -> FitResult:
        return newton_minimize(self._objective(data, weights, n), x0)

    def _fit_lbfgsb(self, starts: list[np.ndarray], data: tuple, weights: np.ndarray, n: float,
                    failures: list[str]) -> FitResult | None:
        """L-BFGS-B with the analytic gradient from each start; the first run that passes
        :meth:`_check` (polished by Newton steps where the model has a Hessian), else None."""
        from scipy import optimize  # ~0.3 s to import: only on this path

        newton = self._has_hessian()

        def objective(log_theta: np.ndarray) -> tuple[float, np.ndarray]:
            theta = np.exp(log_theta)
            ll, grad = self._loglik_grad(theta, data, weights)
            if not np.isfinite(ll) or not np.all(np.isfinite(grad)):
                return 1e300, np.zeros_like(log_theta)
            # per-customer scale keeps tolerances meaningful from 100 to 10M customers
            return -ll / n, -(grad * theta) / n

        def run(x0: np.ndarray) -> FitResult:
            res = optimize.minimize(objective, x0, jac=True, method="L-BFGS-B",
                                    bounds=[(-_LOG_BOUND, _LOG_BOUND)] * len(x0),
                                    options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9,
                                             "maxcor": 20})
            return FitResult(x=res.x, fun=float(res.fun), jac=res.jac, hess=None, nit=res.nit,
                             nfev=res.nfev, success=bool(res.success), message=str(res.message),
                             method="L-BFGS-B")

        for x0 in starts:
            res = run(x0)
            problem = self._check(res)
            if problem is not None and problem.startswith("gradient"):
                # stopped on a flat stretch: one warm restart (fresh curvature memory)
                res = run(res.x)
                problem = self._check(res)
            if problem is None:
                if newton:  # polish: Newton from there converges in a few steps
                    polished = self._run_newton(res.x, data, weights, n)
                    if self._check(polished) is None and polished.fun <= res.fun:
                        return polished
                return res
            if not newton:  # Newton's failures from these starts are already listed
                failures.append(f"start {_fmt(self._param_names, np.exp(x0))}: {problem}")
        return None

    @property
    def standard_errors_(self) -> dict[str, float]:
        """Asymptotic standard errors of ``params_`` (natural parameterisation)."""
        self._require_fit()
        return dict(self._se or {})

    def _check(self, res: FitResult) -> str | None:
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
                         ) -> tuple[float, np.ndarray, np.ndarray]:
        """Log-likelihood, and square roots of the diagonal of the inverse observed information.

        The Hessian of the negative log-likelihood is the model's analytic one where it has it
        (the same pass gives the log-likelihood), else forward differences of the analytic
        gradient (one gradient evaluation per parameter, relative step 1e-6); the standard
        errors are NaN where the information is not positive definite. Returns
        ``(log-likelihood, standard errors, Hessian)``.
        """
        k = len(theta)
        if self._has_hessian():
            ll, _, h = self._loglik_derivs(theta, data, weights, 2)
            hess = -h
        else:
            ll, g0 = self._loglik_grad(theta, data, weights)
            hess = np.empty((k, k))
            for j in range(k):
                h = 1e-6 * theta[j]
                up = theta.copy()
                up[j] += h
                hess[:, j] = -(self._loglik_grad(up, data, weights)[1] - g0) / h
        hess = (hess + hess.T) / 2
        if not np.all(np.isfinite(hess)):
            return ll, np.full(k, np.nan), np.nan_to_num(hess)
        try:
            np.linalg.cholesky(hess)
            var = np.diag(np.linalg.inv(hess))
        except np.linalg.LinAlgError:
            return ll, np.full(k, np.nan), hess
        return ll, np.where(var > 0, np.sqrt(np.abs(var)), np.nan), hess

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
        import pandas as pd

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
