"""The Newton fit: analytic Hessians, the optimiser, chunked passes, lazy imports, the peer's fits."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from roianalysis.clv import (
    BetaGeoModel,
    ConvergenceError,
    GammaGammaModel,
    ParetoNBDModel,
    ShiftedBetaGeoModel,
)
from roianalysis.clv.base import CHUNK_ROWS, FitResult, newton_minimize, unique_rows
from roianalysis.clv.simulate import simulate_bgnbd

from . import cdnow

ROOT = Path(__file__).resolve().parents[2]


def _fd_hessian(model, theta, data, w, h=1e-6):
    """Central differences of the analytic gradient."""
    k = len(theta)
    out = np.empty((k, k))
    for j in range(k):
        up, dn = theta.copy(), theta.copy()
        up[j] *= 1 + h
        dn[j] *= 1 - h
        out[:, j] = (model._loglik_grad(up, data, w)[1] - model._loglik_grad(dn, data, w)[1]) \
            / (2 * h * theta[j])
    return out


@pytest.fixture(scope="module")
def rfm_arrays():
    rfm = cdnow.rfm()
    return (rfm["frequency"].to_numpy(float), rfm["recency"].to_numpy(), rfm["T"].to_numpy(),
            rfm["monetary_value"].to_numpy())


@pytest.fixture(scope="module")
def continuous():
    """40k customers, whole-day ages, continuous recency (19k repeat rows, all distinct)."""
    ages = np.random.default_rng(1).integers(30, 366, size=40_000).astype(float)
    sim = simulate_bgnbd(40_000, 0.3, 20.0, 0.7, 2.0, T=ages, seed=11)
    return sim["frequency"].to_numpy(float), sim["recency"].to_numpy(), sim["T"].to_numpy()


@pytest.mark.parametrize("theta", [[0.243, 4.414, 0.793, 2.426], [1.7, 0.3, 2.5, 0.4],
                                   [0.05, 40.0, 0.2, 9.0]])
def test_bgnbd_hessian_matches_finite_differences(rfm_arrays, theta):
    x, tx, T, _ = rfm_arrays
    m = BetaGeoModel()
    data = m._prepare(x, tx, T, np.ones_like(x))
    w = np.concatenate([data[3], data[7]])
    theta = np.array(theta)
    ll, grad, hess = m._loglik_derivs(theta, data, w, 2)
    np.testing.assert_allclose(hess, _fd_hessian(m, theta, data, w), rtol=1e-5, atol=1e-2)
    assert np.allclose(hess, hess.T)
    # the three orders agree on what they share
    assert m._loglik_derivs(theta, data, w, 0)[0] == ll
    np.testing.assert_array_equal(m._loglik_derivs(theta, data, w, 1)[1], grad)


@pytest.mark.parametrize("theta", [[6.25, 3.74, 15.44], [1.0, 8.0, 200.0]])
def test_gamma_gamma_hessian_matches_finite_differences(rfm_arrays, theta):
    x, _, _, mv = rfm_arrays
    keep = x > 0
    m = GammaGammaModel()
    data = (x[keep], mv[keep])
    w = np.ones(keep.sum())
    theta = np.array(theta)
    np.testing.assert_allclose(m._loglik_derivs(theta, data, w, 2)[2],
                               _fd_hessian(m, theta, data, w), rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("theta", [[0.553, 10.578, 0.606, 11.669], [2.0, 1.5, 0.3, 40.0],
                                   [0.3, 30.0, 2.0, 3.0]])
def test_pareto_nbd_hessian_matches_finite_differences(rfm_arrays, theta):
    x, tx, T, _ = rfm_arrays
    m = ParetoNBDModel()
    w = np.ones_like(x)
    theta = np.array(theta)
    np.testing.assert_allclose(m._loglik_derivs(theta, (x, tx, T), w, 2)[2],
                               _fd_hessian(m, theta, (x, tx, T), w), rtol=1e-5, atol=1e-2)


def test_sbg_hessian_matches_finite_differences():
    m = ShiftedBetaGeoModel()
    data = (np.array([1, 2, 3, 4, 4], dtype=float), np.array([0, 0, 0, 0, 1], dtype=bool))
    w = np.array([369, 163, 86, 56, 326], dtype=float)
    theta = np.array([0.7, 1.2])
    np.testing.assert_allclose(m._loglik_derivs(theta, data, w, 2)[2],
                               _fd_hessian(m, theta, data, w), rtol=1e-6)


def test_newton_minimize_rosenbrock():
    # f = (1 - x)^2 + 100 (y - x^2)^2, minimum 0 at (1, 1); the classic start (-1.2, 1)
    def fun(z, order):
        x, y = z
        f = (1 - x) ** 2 + 100 * (y - x * x) ** 2
        g = np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
        h = np.array([[2 - 400 * (y - x * x) + 800 * x * x, -400 * x], [-400 * x, 200.0]])
        return f, g, h

    res = newton_minimize(fun, np.array([-1.2, 1.0]))
    assert isinstance(res, FitResult) and res.success, res.message
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-10)
    assert res.nit < 40


def test_newton_minimize_stops_at_the_box_when_the_minimum_is_at_infinity():
    # f = exp(-x) + (y - 2)^2 decreases for ever in x: x ends on the bound, y at 2
    def fun(z, order):
        x, y = z
        return (np.exp(-x) + (y - 2) ** 2, np.array([-np.exp(-x), 2 * (y - 2)]),
                np.array([[np.exp(-x), 0.0], [0.0, 2.0]]))

    res = newton_minimize(fun, np.array([0.0, 0.0]), bound=25.0)
    assert res.x[0] > 24.9 and abs(res.x[1] - 2) < 1e-8


def test_newton_minimize_reports_a_start_outside_the_domain():
    res = newton_minimize(lambda z, order: (np.inf, None, None), np.zeros(2))
    assert not res.success and "not finite" in res.message


def test_threads_give_the_same_sums_bit_for_bit(continuous):
    x, tx, T = continuous
    m = BetaGeoModel()
    data = m._prepare(x, tx, T)
    assert len(data[4]) > 2 * CHUNK_ROWS  # three chunks of repeat rows
    w = np.concatenate([data[3], data[7]])
    theta = np.array([0.3, 20.0, 0.7, 2.0])
    serial = m._loglik_derivs(theta, data, w, 2)
    with ThreadPoolExecutor(2) as pool:
        m._executor = pool
        threaded = m._loglik_derivs(theta, data, w, 2)
        m._executor = None
    assert serial[0] == threaded[0]
    np.testing.assert_array_equal(serial[1], threaded[1])
    np.testing.assert_array_equal(serial[2], threaded[2])


@pytest.mark.parametrize("resolution", [None, 1.0])
def test_compressed_and_raw_rows_give_the_same_likelihood(resolution):
    # daily data compress (few distinct recencies); continuous recency is kept row by row
    sim = simulate_bgnbd(30_000, 0.3, 20.0, 0.7, 2.0, T=(30.0, 365.0), seed=5,
                         resolution=resolution)
    x, tx, T = (sim[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    m = BetaGeoModel()
    raw = m._prepare(x, tx, T)
    if resolution:  # compressed (here by 5 %: 30k customers over a year repeat little)
        assert len(raw[4]) < (x > 0).sum()
    else:
        assert len(raw[4]) == (x > 0).sum()
    (ux, utx, uT), uw = unique_rows([x, tx, T])
    dedup = m._prepare(ux, utx, uT, uw)
    theta = np.array([0.3, 20.0, 0.7, 2.0])
    a = m._loglik_derivs(theta, raw, None, 2)
    b = m._loglik_derivs(theta, dedup, None, 2)
    assert a[0] == pytest.approx(b[0], rel=1e-12)
    np.testing.assert_allclose(a[1], b[1], rtol=1e-10)
    np.testing.assert_allclose(a[2], b[2], rtol=1e-10)


def test_continuous_recency_fit_recovers_the_truth(continuous):
    x, tx, T = continuous
    m = BetaGeoModel().fit(x, tx, T)
    assert m.optimizer_result_.method == "newton" and m.optimizer_result_.nit < 20
    truth = dict(r=0.3, alpha=20.0, a=0.7, b=2.0)
    for k, v in truth.items():
        assert abs(m.params_[k] - v) < 4 * m.standard_errors_[k], (k, m.params_[k], v)


def test_quasi_newton_fallback_reaches_the_same_maximum(rfm_arrays, monkeypatch):
    x, tx, T, _ = rfm_arrays
    newton = BetaGeoModel().fit(x, tx, T)
    calls = []

    def failing(self, x0, data, weights, n):
        calls.append(1)
        if len(calls) <= 4:  # Newton fails from the four starts; the polish after L-BFGS-B runs
            return FitResult(x=x0, fun=1e300, jac=np.ones_like(x0), hess=None, nit=0, nfev=0,
                             success=False, message="forced failure", method="newton")
        return newton_minimize(self._objective(data, weights, n), x0)

    monkeypatch.setattr(BetaGeoModel, "_run_newton", failing)
    m = BetaGeoModel().fit(x, tx, T)
    assert len(calls) == 5
    for k, v in newton.params_.items():
        assert m.params_[k] == pytest.approx(v, rel=1e-9)


def test_unidentified_models_still_raise():
    with pytest.raises(ConvergenceError, match="did not converge on 50 customers"):
        BetaGeoModel().fit(np.zeros(50), np.zeros(50), np.linspace(1, 50, 50))
    with pytest.raises(ConvergenceError, match="ShiftedBetaGeoModel did not converge"):
        ShiftedBetaGeoModel().fit([100, 100, 100, 100])


# lifetimes 0.11.3 (BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter with their defaults) on the
# same CDNOW arrays (tests/clv/cdnow.py), run in benchmarks/.envs/lifetimes
LIFETIMES_CDNOW = {
    "bgnbd": {"r": 0.24259454342106748, "alpha": 4.413602716077385, "a": 0.7929218333479277,
              "b": 2.425905728721954},
    "gamma_gamma": {"p": 6.2495722776395555, "q": 3.7442246747576986, "v": 15.443521018349749},
    "pareto_nbd": {"r": 0.5532753190715725, "alpha": 10.577482935210133,
                   "s": 0.6062310502885797, "beta": 11.668347530638393},
}


def test_fits_equal_lifetimes_on_cdnow(rfm_arrays):
    x, tx, T, mv = rfm_arrays
    bg = BetaGeoModel().fit(x, tx, T).params_
    gg = GammaGammaModel().fit(x, mv).params_
    for ours, ref in ((bg, LIFETIMES_CDNOW["bgnbd"]), (gg, LIFETIMES_CDNOW["gamma_gamma"])):
        for k, v in ref.items():
            assert ours[k] == pytest.approx(v, rel=1e-6), k
    # lifetimes stops its Pareto/NBD fit earlier (gradient 4e-6 per customer): 1e-4
    pn = ParetoNBDModel().fit(x, tx, T).params_
    for k, v in LIFETIMES_CDNOW["pareto_nbd"].items():
        assert pn[k] == pytest.approx(v, rel=1e-4), k


def test_models_import_without_ibis_or_pandas():
    code = ("import sys\n"
            "from roianalysis.clv import BetaGeoModel, GammaGammaModel, ParetoNBDModel\n"
            "print(sorted(m for m in ('ibis', 'duckdb', 'pandas', 'scipy.optimize') "
            "if m in sys.modules))\n"
            "import roianalysis.clv as clv\n"
            "clv.rfm_summary, clv.fit_clv, clv.calibration_vs_holdout\n"
            "print('ibis' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    first, second = out.stdout.split("\n")[:2]
    assert first == "[]", out.stdout
    assert second == "True"  # the engine-dependent names still resolve, on first use


def test_sbg_without_churn_heterogeneity_fits_the_geometric_limit():
    # retention 0.6 every period: the likelihood rises for ever along alpha, beta with
    # alpha / (alpha + beta) = 0.4; its supremum is the geometric model, p = churns / periods at risk
    m = ShiftedBetaGeoModel().fit([1000, 600, 360, 216])
    assert m.optimizer_result_.method == "geometric limit"
    p = 400 + 240 + 144  # churns; periods at risk: 400*1 + 240*2 + 144*3 + 216*3
    p /= 400 + 480 + 432 + 648
    assert m.params_["alpha"] / (m.params_["alpha"] + m.params_["beta"]) == pytest.approx(p)
    np.testing.assert_allclose(m.survival(np.arange(10)), (1 - p) ** np.arange(10), rtol=1e-6)
    assert all(np.isnan(v) for v in m.standard_errors_.values())
    assert m.log_likelihood([1000, 600, 360, 216]) == pytest.approx(m.log_likelihood_, rel=1e-6)


def test_convergence_error_says_where_the_likelihood_keeps_rising():
    with pytest.raises(ConvergenceError) as info:
        BetaGeoModel().fit(np.zeros(50), np.zeros(50), np.linspace(1, 50, 50))
    assert info.value.flat and set(info.value.flat) <= {"r", "alpha", "a", "b"}
    assert set(info.value.params) == {"r", "alpha", "a", "b"}
