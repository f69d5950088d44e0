"""Media mix model: penalised maximum likelihood, linear parts profiled out, Laplace intervals.

Model, per period ``t`` (weeks or days)::

    y_t = B_t . gamma + sum_c beta_c * s_c(a_c(x_c)_t / scale_c) + e_t,   e_t ~ N(0, sigma^2)

``B_t`` is the baseline row (intercept, trend ``t/n``, yearly Fourier terms, weekly ones for daily
data, standardised controls), ``a_c`` the channel's normalised adstock, ``s_c`` its saturation
(:mod:`roianalysis.mix.transforms`), ``scale_c`` its mean spend and ``beta_c >= 0`` its effect at
full saturation (target unit per period).

Fit. For given adstock/saturation parameters ``theta`` the model is linear in ``(gamma, beta)``:
``gamma`` is free, so it is profiled out exactly by projecting ``y`` and the saturated spend on the
orthogonal complement of ``B`` (QR, once per fit), and ``beta >= 0`` comes from non-negative least
squares on the projected system (``scipy.optimize.nnls``). ``sigma`` is profiled too, leaving::

    objective(theta) = n/2 * log(RSS(theta)) + sum_k (theta_k - m_k)^2 / (2 s_k^2)

(the priors ``N(m_k, s_k^2)`` on the optimisation scale: ``alpha`` as is, the other parameters on
the log scale). ``theta`` is optimised by L-BFGS-B from a fixed grid of starts (no randomness:
bit-identical output for the same input). An experiment ``e`` on channel ``c`` over window ``W_e``
adds the penalty ``(beta_c * sum_{t in W_e} s_c(...)_t - I_e)^2 / (2 SE_e^2)``: its measured
incremental outcome ``I_e`` (standard error ``SE_e``) against the model's contribution of the
channel over that window. With experiments, ``sigma`` is fixed at the fit without them and the
penalty enters the least squares as one weighted row per experiment.

Intervals (Laplace / delta method). The covariance of all parameters ``phi = (theta, beta,
gamma)`` is the inverse of the Gauss-Newton Hessian ``J'J / sigma^2 + prior precision +
experiment terms`` (``J`` the Jacobian of the fitted values, ``sigma^2 = RSS / (n - dim phi)``);
a quantity ``g(phi)`` (ROAS, a response, a gain) gets ``g +- z * sqrt(grad' Cov grad)``, floored
at 0 for quantities that cannot be negative. Coverage measured on simulations (tests and
``benchmarks/mix``) is stated in the README.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize, nnls

from roianalysis.mix.design import Design, build_design
from roianalysis.mix.transforms import (
    ADSTOCKS,
    SATURATIONS,
    adstock,
    saturation,
    saturation_derivative,
)

__all__ = ["MixModel", "fit"]

#: Parameter -> (lower, upper bound on the optimisation scale, is it on the log scale).
PARAMETERS = {
    "alpha": (0.0, 0.95, False),
    "shape": (math.log(0.3), math.log(5.0), True),
    "scale": (math.log(0.3), math.log(12.0), True),
    "lam": (math.log(0.05), math.log(20.0), True),
    "K": (math.log(0.05), math.log(10.0), True),
    "slope": (math.log(0.5), math.log(5.0), True),
}
#: Default priors (centre, sd) on the optimisation scale: weak, they only keep flat directions
#: from wandering off.
DEFAULT_PRIORS = {
    "alpha": (0.4, 0.5),
    "shape": (0.0, 1.0),
    "scale": (math.log(2.0), 1.0),
    "lam": (0.0, 1.5),
    "K": (0.0, 1.5),
    "slope": (math.log(1.5), 0.7),
}
#: Start grid per parameter (natural scale); the fit tries the same value for every channel, then
#: improves each channel in turn over its own grid.
START_GRID = {
    "alpha": (0.1, 0.4, 0.7),
    "shape": (1.0, 2.0),
    "scale": (1.0, 3.0),
    "lam": (0.5, 1.5, 4.0),
    "K": (0.5, 1.0, 2.0),
    "slope": (1.0, 2.0),
}

def _to_opt(name: str, value: float) -> float:
    return math.log(value) if PARAMETERS[name][2] else float(value)


def _from_opt(name: str, value: float) -> float:
    return math.exp(value) if PARAMETERS[name][2] else float(value)


@dataclass
class _Engine:
    """Evaluates the model for parameter vectors; holds the fixed projections of one fit."""

    design: Design
    adstock_kind: str
    saturation_kind: str
    l_max: int
    priors: dict[str, tuple[float, float]]
    sigma_exp: float | None = None  # sigma used to weigh experiment rows (None: no experiments)
    names: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        d = self.design
        self.per_channel = ADSTOCKS[self.adstock_kind] + SATURATIONS[self.saturation_kind]
        self.names = [(c, p) for c in range(len(d.channels)) for p in self.per_channel]
        self.n_ad = len(ADSTOCKS[self.adstock_kind])
        self.Q, _ = np.linalg.qr(d.B)
        self.y_r = d.y - self.Q @ (self.Q.T @ d.y)
        self.lower = np.array([PARAMETERS[p][0] for _, p in self.names])
        self.upper = np.array([PARAMETERS[p][1] for _, p in self.names])
        self.prior_m = np.array([self.priors[p][0] for _, p in self.names])
        self.prior_s = np.array([self.priors[p][1] for _, p in self.names])

    # -- transforms -------------------------------------------------------------------------
    def channel_params(self, theta: np.ndarray, c: int) -> tuple[tuple, tuple]:
        k = len(self.per_channel)
        vals = [_from_opt(p, v) for p, v in zip(self.per_channel, theta[c * k:(c + 1) * k], strict=True)]
        return tuple(vals[:self.n_ad]), tuple(vals[self.n_ad:])

    def adstocked(self, theta: np.ndarray, X: np.ndarray | None = None) -> np.ndarray:
        X = self.design.X if X is None else X
        cols = [adstock(X[:, c], self.adstock_kind, self.channel_params(theta, c)[0], self.l_max)
                for c in range(X.shape[1])]
        return np.column_stack(cols)

    def saturated(self, theta: np.ndarray, X: np.ndarray | None = None) -> np.ndarray:
        A = self.adstocked(theta, X) / self.design.scale
        cols = [saturation(A[:, c], self.saturation_kind, self.channel_params(theta, c)[1])
                for c in range(A.shape[1])]
        return np.column_stack(cols)

    # -- profile -----------------------------------------------------------------------------
    def exp_design(self, S: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows ``a_e`` (model contribution per unit beta), targets ``I_e`` and ``SE_e``."""
        rows = self.design.exp_rows
        A = np.zeros((len(rows), S.shape[1]))
        for i, (c, mask, _, _) in enumerate(rows):
            A[i, c] = S[mask, c].sum()
        return A, np.array([r[2] for r in rows]), np.array([r[3] for r in rows])

    def profile(self, theta: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """(data RSS, beta, S) at ``theta``, beta by NNLS on the projected (+ experiment) rows."""
        S = self.saturated(theta)
        S_r = S - self.Q @ (self.Q.T @ S)
        A, b = S_r, self.y_r
        if self.sigma_exp is not None and self.design.exp_rows:
            Ae, Ie, se = self.exp_design(S)
            w = (self.sigma_exp / se)[:, None]
            A = np.vstack([S_r, w * Ae])
            b = np.concatenate([self.y_r, w[:, 0] * Ie])
        beta, _ = nnls(A, b, maxiter=50 * A.shape[1])
        r = self.y_r - S_r @ beta
        return float(r @ r), beta, S

    def penalty(self, theta: np.ndarray) -> float:
        z = (theta - self.prior_m) / self.prior_s
        return 0.5 * float(z @ z)

    def objective(self, theta: np.ndarray) -> float:
        rss, beta, S = self.profile(theta)
        n = len(self.y_r)
        if self.sigma_exp is None or not self.design.exp_rows:
            return 0.5 * n * math.log(max(rss, 1e-300)) + self.penalty(theta)
        Ae, Ie, se = self.exp_design(S)
        e = (Ae @ beta - Ie) / se
        return (rss / (2 * self.sigma_exp**2) + 0.5 * float(e @ e) + self.penalty(theta))

    # -- optimisation ------------------------------------------------------------------------
    def starts(self) -> list[np.ndarray]:
        """Deterministic starts: the same grid point for every channel, best first, then each
        channel improved in turn over its own grid from the best one."""
        import itertools

        C, k = len(self.design.channels), len(self.per_channel)
        grids = [[_to_opt(p, v) for v in START_GRID[p]] for p in self.per_channel]
        combos = [np.array(c) for c in itertools.product(*grids)]
        scored = sorted(((self.objective(np.tile(c, C)), i) for i, c in enumerate(combos)))
        best = np.tile(combos[scored[0][1]], C)
        best_val = scored[0][0]
        for ch in range(C):
            for combo in combos:
                trial = best.copy()
                trial[ch * k:(ch + 1) * k] = combo
                v = self.objective(trial)
                if v < best_val:
                    best, best_val = trial, v
        out = [best] + [np.tile(combos[i], C) for _, i in scored[:2]]
        return out

    def optimise(self, starts: list[np.ndarray]) -> np.ndarray:
        bounds = list(zip(self.lower, self.upper, strict=True))
        best, best_val = None, np.inf
        for x0 in starts:
            res = minimize(self.objective, np.clip(x0, self.lower, self.upper), method="L-BFGS-B",
                           bounds=bounds, options={"maxiter": 500, "ftol": 1e-12, "gtol": 1e-8})
            if res.fun < best_val:
                best, best_val = res.x, res.fun
        return np.asarray(best)


@dataclass
class MixModel:
    """A fitted media mix model (build it with :func:`fit`).

    Attributes
    ----------
    channels, controls : tuple of str
    target : str
        Name of the target column (the unit of contributions and responses).
    params : DataFrame
        Per channel: the adstock and saturation parameters (natural scale), ``beta``, ``spend_scale``
        (mean spend per period).
    baseline_coef : Series
        Baseline coefficients (target unit; controls per standard deviation).
    sigma : float
        Residual standard deviation (target unit).
    level : float
        Level of the intervals (default 0.90).
    warnings : list of str
        Identifiability warnings in plain words (also in :meth:`diagnostics`).
    """

    target: str
    channels: tuple[str, ...]
    controls: tuple[str, ...]
    level: float
    adstock: str
    saturation: str
    _engine: _Engine
    _theta: np.ndarray
    _beta: np.ndarray
    _gamma: np.ndarray
    _cov: np.ndarray
    sigma: float
    _fit_options: dict[str, Any]
    _identifiability: pd.DataFrame
    warnings: list[str]
    _diagnostics: Any = None

    # -- parameters --------------------------------------------------------------------------
    @property
    def _design(self) -> Design:
        return self._engine.design

    @property
    def params(self) -> pd.DataFrame:
        rows = {}
        for c, ch in enumerate(self.channels):
            ad, sat = self._engine.channel_params(self._theta, c)
            row = dict(zip(ADSTOCKS[self.adstock], ad, strict=True)) | dict(zip(SATURATIONS[self.saturation],
                                                                   sat, strict=True))
            row.update(beta=float(self._beta[c]), spend_scale=float(self._design.scale[c]))
            rows[ch] = row
        return pd.DataFrame.from_dict(rows, orient="index").rename_axis("channel")

    @property
    def baseline_coef(self) -> pd.Series:
        return pd.Series(self._gamma, index=list(self._design.baseline_names), name="coef")

    @property
    def _phi(self) -> np.ndarray:
        return np.concatenate([self._theta, self._beta, self._gamma])

    def _split(self, phi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        k, C = len(self._theta), len(self.channels)
        return phi[:k], phi[k:k + C], phi[k + C:]

    def _z(self) -> float:
        return NormalDist().inv_cdf(0.5 + self.level / 2)

    def _delta(self, fun, nonnegative: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Value, lower, upper of the vector ``fun(theta, beta, gamma)`` (delta method)."""
        phi = self._phi
        f0 = np.atleast_1d(np.asarray(fun(*self._split(phi)), dtype=float))
        G = np.zeros((len(f0), len(phi)))
        k = len(self._theta)
        lower = np.concatenate([self._engine.lower, np.full(len(phi) - k, -np.inf)])
        for j in range(len(phi)):
            up, dn = _steps(phi, j, lower[j])
            G[:, j] = (np.atleast_1d(fun(*self._split(up))) -
                       np.atleast_1d(fun(*self._split(dn)))) / (up[j] - dn[j])
        se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", G, self._cov, G), 0.0))
        lo, hi = f0 - self._z() * se, f0 + self._z() * se
        if nonnegative:
            lo = np.maximum(lo, 0.0)
        return f0, lo, hi

    # -- results -----------------------------------------------------------------------------
    def contributions(self) -> pd.DataFrame:
        """Contribution per period (target unit): one column per channel plus ``baseline``.

        Index ``date``; the columns add up to the fitted value of each period.
        """
        S = self._engine.saturated(self._theta)
        out = pd.DataFrame(S * self._beta, index=self._design.dates, columns=list(self.channels))
        out.insert(0, "baseline", self._design.B @ self._gamma)
        out.index.name = "date"
        return out

    def fitted(self) -> pd.Series:
        """Fitted target per period (baseline plus every channel)."""
        return self.contributions().sum(axis=1).rename("fitted")

    def roas(self) -> pd.DataFrame:
        """Return on ad spend per channel over the fitted window, with its interval.

        ``roas = sum_t beta_c s_c(...)_t / sum_t x_{c,t}`` (target unit per currency unit spent);
        columns ``spend``, ``contribution``, ``roas``, ``lower``, ``upper`` (at :attr:`level`).
        """
        spend = self._design.X.sum(axis=0)

        def f(theta, beta, gamma):
            return (self._engine.saturated(theta) * beta).sum(axis=0) / spend

        r, lo, hi = self._delta(f)
        return pd.DataFrame({"spend": spend, "contribution": r * spend, "roas": r, "lower": lo,
                             "upper": hi}, index=pd.Index(self.channels, name="channel"))

    def current_spend(self) -> pd.Series:
        """Mean spend per period over the fitted window (the ``current`` of :meth:`optimize`)."""
        return pd.Series(self._design.X.mean(axis=0), index=pd.Index(self.channels,
                                                                     name="channel"),
                         name="current")

    def _curve(self, theta, beta, c: int, x: np.ndarray) -> np.ndarray:
        sat = self._engine.channel_params(theta, c)[1]
        return beta[c] * saturation(np.asarray(x, float) / self._design.scale[c], self.saturation,
                                    sat)

    def _slope(self, theta, beta, c: int, x: np.ndarray) -> np.ndarray:
        sat = self._engine.channel_params(theta, c)[1]
        s = self._design.scale[c]
        return beta[c] * saturation_derivative(np.asarray(x, float) / s, self.saturation, sat) / s

    def response(self, channel: str, weekly_spend) -> pd.DataFrame:
        """Expected contribution per period of a steady spend (the response curve).

        ``response(x) = beta_c * s_c(x / scale_c)``: with a normalised adstock a steady spend
        ``x`` per period adstocks to ``x``. ``weekly_spend`` is a number or an array (currency per
        period; per day for a daily model). Returns a DataFrame indexed by ``spend`` with
        ``response``, ``lower``, ``upper`` (target unit per period).
        """
        c = self._channel_index(channel)
        x = np.atleast_1d(np.asarray(weekly_spend, dtype=float))
        r, lo, hi = self._delta(lambda th, be, ga: self._curve(th, be, c, x))
        return pd.DataFrame({"response": r, "lower": lo, "upper": hi},
                            index=pd.Index(x, name="spend"))

    def marginal_roas(self, spend: pd.Series | dict | None = None) -> pd.DataFrame:
        """Extra outcome per extra currency unit, at a steady spend (default the current one).

        ``d response / d x = beta_c s_c'(x / scale_c) / scale_c``; columns ``spend``,
        ``marginal_roas``, ``lower``, ``upper``.
        """
        cur = self.current_spend() if spend is None else pd.Series(spend, dtype=float)
        cur = cur.reindex(list(self.channels))
        x = cur.to_numpy(float)

        def f(theta, beta, gamma):
            return np.array([self._slope(theta, beta, c, x[c:c + 1])[0] for c in range(len(x))])

        m, lo, hi = self._delta(f)
        return pd.DataFrame({"spend": x, "marginal_roas": m, "lower": lo, "upper": hi},
                            index=pd.Index(self.channels, name="channel"))

    def _channel_index(self, channel: str) -> int:
        if channel not in self.channels:
            raise KeyError(f"unknown channel {channel!r}: the model has {list(self.channels)}")
        return self.channels.index(channel)

    # -- diagnostics, allocation -------------------------------------------------------------
    def diagnostics(self):
        """Fit, holdout, residual and identifiability checks (:class:`MixDiagnostics`; computed
        once, the holdout refit included)."""
        from roianalysis.mix.diagnostics import diagnose

        if self._diagnostics is None:
            self._diagnostics = diagnose(self)
        return self._diagnostics

    def _holdout(self, periods: int) -> dict:
        """Refit on all but the last ``periods`` periods (start: the fitted parameters) and score
        the forecast of those periods (the spend of the held-out periods is known, carry-over
        included): ``periods``, ``mape``, ``r2`` (used by :meth:`diagnostics`)."""
        eng, d = self._engine, self._design
        m = len(d.y) - periods
        keep = tuple((c, mask[:m], inc, se) for c, mask, inc, se in d.exp_rows if mask[:m].any())
        train = Design(dates=d.dates[:m], y=d.y[:m], X=d.X[:m], scale=d.X[:m].mean(axis=0),
                       B=d.B[:m], baseline_names=d.baseline_names, channels=d.channels,
                       controls=d.controls, per_year=d.per_year, exp_rows=keep)
        te = _Engine(train, eng.adstock_kind, eng.saturation_kind, eng.l_max, eng.priors,
                     sigma_exp=eng.sigma_exp if keep else None)
        res = minimize(te.objective, self._theta, method="L-BFGS-B",
                       bounds=list(zip(te.lower, te.upper, strict=True)), options={"maxiter": 300})
        _, beta, S = te.profile(res.x)
        gamma = np.linalg.lstsq(train.B, train.y - S @ beta, rcond=None)[0]
        S_full = te.saturated(res.x, d.X)  # adstock over the whole series, training scale
        pred = d.B[m:] @ gamma + S_full[m:] @ beta
        y = d.y[m:]
        nz = y != 0
        tss = float(((y - y.mean()) ** 2).sum())
        return {"periods": int(periods),
                "mape": float(np.mean(np.abs((y[nz] - pred[nz]) / y[nz]))) if nz.any() else np.nan,
                "r2": 1.0 - float(((y - pred) ** 2).sum()) / tss if tss > 0 else np.nan}

    def optimize(self, budget: float | None = None, bounds: float | dict = 0.3,
                 objective: str = "revenue", roas_target: float | None = None,
                 current=None) -> pd.DataFrame:
        """Best split of a budget per period across channels
        (:func:`roianalysis.mix.allocate.optimize`: columns ``current``, ``optimal``,
        ``expected``...; the gain, its interval and a plain-words ``message`` in ``attrs``)."""
        from roianalysis.mix.allocate import optimize

        return optimize(self, budget=budget, bounds=bounds, objective=objective,
                        roas_target=roas_target, current=current)


def _steps(x: np.ndarray, j: int, lower: float) -> tuple[np.ndarray, np.ndarray]:
    """Points ``x +- h e_j`` of a central difference, one-sided (forward) when ``x_j - h`` would
    cross the parameter's lower bound (a decay of 0 cannot go negative)."""
    h = 1e-5 * max(1.0, abs(x[j]))
    up, dn = x.copy(), x.copy()
    up[j] += h
    if x[j] - h >= lower:
        dn[j] -= h
    return up, dn


def _covariance(eng: _Engine, theta: np.ndarray, beta: np.ndarray, gamma: np.ndarray,
                sigma: float) -> np.ndarray:
    """Inverse Gauss-Newton Hessian of the penalised negative log-likelihood in phi."""
    d = eng.design
    S = eng.saturated(theta)
    k = len(theta)
    Jt = np.zeros((len(d.y), k))
    exp_t = np.zeros((len(d.exp_rows), k))
    for j in range(k):
        up, dn = _steps(theta, j, eng.lower[j])
        Su, Sd = eng.saturated(up), eng.saturated(dn)
        Jt[:, j] = ((Su - Sd) @ beta) / (up[j] - dn[j])
        if d.exp_rows:
            exp_t[:, j] = (eng.exp_design(Su)[0] @ beta - eng.exp_design(Sd)[0] @ beta) / (
                up[j] - dn[j])
    J = np.hstack([Jt, S, d.B])
    H = J.T @ J / sigma**2
    H[:k, :k] += np.diag(1.0 / eng.prior_s**2)
    if d.exp_rows:
        Ae, _, se = eng.exp_design(S)
        Ge = np.hstack([exp_t, Ae, np.zeros((len(se), d.B.shape[1]))])
        H += (Ge / se[:, None] ** 2).T @ Ge
    return np.linalg.pinv(H, rcond=1e-12, hermitian=True)


def fit(frame: pd.DataFrame, *, date: str = "date", target: str, channels: list[str],
        controls: list[str] | tuple[str, ...] = (), adstock: str = "geometric",
        saturation: str = "logistic", fourier_order: int = 2, trend: bool = True,
        experiments: pd.DataFrame | None = None, priors: dict | None = None,
        level: float = 0.90, l_max: int = 12, source: str = "frame") -> MixModel:
    """Fit a media mix model (see the module docstring for the model and the method).

    Parameters
    ----------
    frame : DataFrame
        One row per period (week or day, no gaps): ``date``, ``target``, one spend column per
        channel (currency per period, >= 0), the ``controls`` (numbers).
    date, target : str
        Column names.
    channels, controls : list of str
        Spend columns; control columns (price, promotions, events as 0/1...).
    adstock : ``"geometric"`` or ``"weibull"``
    saturation : ``"logistic"`` or ``"hill"``
    fourier_order : int
        Pairs of yearly sine/cosine terms in the baseline (daily data also get 3 weekly pairs).
    trend : bool
        Linear trend in the baseline.
    experiments : DataFrame, optional
        ``channel``, ``start``, ``end`` (dates, inclusive), ``incremental`` (measured extra target
        over the window, target unit) and ``standard_error``: each pulls the channel's
        contribution over its window (carry-over of earlier spend included: what switching the
        channel off during the window would lose, for the whole market the target covers)
        towards the measured lift. A geo test measures its test markets only: scale its
        incremental outcome (and standard error) to the whole market first.
    priors : dict, optional
        Parameter name (``alpha``, ``lam``, ``K``, ``slope``, ``shape``, ``scale``) ->
        ``(centre, sd)`` on the optimisation scale (log for all but ``alpha``); replaces
        :data:`DEFAULT_PRIORS` entries.
    level : float
        Level of every interval of the model (0.90: 90 %).
    l_max : int
        Lags of the Weibull adstock.
    source : str
        Name of the frame in error messages (a file name when the frame was read from one).

    Returns
    -------
    MixModel

    Raises
    ------
    DataValidationError
        When the frame or the experiments table cannot be used (every problem listed).
    """
    if adstock not in ADSTOCKS:
        raise ValueError(f"unknown adstock {adstock!r}: expected one of {sorted(ADSTOCKS)}")
    if saturation not in SATURATIONS:
        raise ValueError(f"unknown saturation {saturation!r}: expected one of "
                         f"{sorted(SATURATIONS)}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    channels, controls = list(channels), list(controls)
    k = len(ADSTOCKS[adstock]) + len(SATURATIONS[saturation])
    design = build_design(frame, date=date, target=target, channels=channels, controls=controls,
                          fourier_order=fourier_order, trend=trend, experiments=experiments,
                          source=source, n_params_nonlinear=k * len(channels))
    pri = dict(DEFAULT_PRIORS)
    for name, value in (priors or {}).items():
        if name not in pri:
            raise ValueError(f"unknown prior {name!r}: expected one of {sorted(pri)}")
        pri[name] = (float(value[0]), float(value[1]))
    eng = _Engine(design, adstock, saturation, l_max, pri)
    theta = eng.optimise(eng.starts())
    if design.exp_rows:
        rss, _, _ = eng.profile(theta)
        eng.sigma_exp = math.sqrt(rss / len(design.y))
        theta = eng.optimise([theta] + eng.starts())
    rss, beta, S = eng.profile(theta)
    gamma = np.linalg.lstsq(design.B, design.y - S @ beta, rcond=None)[0]
    resid = design.y - design.B @ gamma - S @ beta
    dof = max(len(design.y) - len(theta) - len(beta) - len(gamma), 1)
    sigma = float(math.sqrt(resid @ resid / dof))
    cov = _covariance(eng, theta, beta, gamma, sigma)
    options = dict(date=date, target=target, channels=channels, controls=controls,
                   adstock=adstock, saturation=saturation, fourier_order=fourier_order,
                   trend=trend, priors=priors, level=level, l_max=l_max, source=source)
    from roianalysis.mix.diagnostics import identifiability

    model = MixModel(target=target, channels=tuple(channels), controls=tuple(controls),
                     level=level, adstock=adstock, saturation=saturation, _engine=eng,
                     _theta=theta, _beta=beta, _gamma=gamma, _cov=cov, sigma=sigma,
                     _fit_options=options, _identifiability=pd.DataFrame(),
                     warnings=[])
    table, warns = identifiability(model, experiments)
    model._identifiability = table
    model.warnings = warns
    return model
