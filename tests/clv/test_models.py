"""Model mechanics: analytic gradients, weights, convergence errors, input checks, simulator recovery."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import hyp2f1

from roianalysis.clv import (
    BetaGeoModel,
    ConvergenceError,
    GammaGammaModel,
    ParetoNBDModel,
    ShiftedBetaGeoModel,
)
from roianalysis.clv.base import unique_rows
from roianalysis.clv.pareto_nbd import _log_integral
from roianalysis.clv.simulate import simulate_bgnbd, simulate_orders

from . import cdnow


def _fd_grad(model, theta, data, w, h=1e-6):
    g = np.empty(len(theta))
    for j in range(len(theta)):
        up, dn = theta.copy(), theta.copy()
        up[j] *= 1 + h
        dn[j] *= 1 - h
        g[j] = (model._loglik_grad(up, data, w)[0] - model._loglik_grad(dn, data, w)[0]) \
            / (2 * h * theta[j])
    return g


@pytest.fixture(scope="module")
def rfm_arrays():
    rfm = cdnow.rfm()
    return (rfm["frequency"].to_numpy(float), rfm["recency"].to_numpy(), rfm["T"].to_numpy(),
            rfm["monetary_value"].to_numpy())


@pytest.mark.parametrize("theta", [[0.243, 4.414, 0.793, 2.426], [1.7, 0.3, 2.5, 0.4],
                                   [0.05, 40.0, 0.2, 9.0]])
def test_bgnbd_gradient_matches_finite_differences(rfm_arrays, theta):
    x, tx, T, _ = rfm_arrays
    (x, tx, T), w = unique_rows([x, tx, T])
    m = BetaGeoModel()
    data = m._prepare(x, tx, T, w)
    theta = np.array(theta)
    np.testing.assert_allclose(m._loglik_grad(theta, data, w)[1], _fd_grad(m, theta, data, w),
                               rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("theta", [[0.553, 10.578, 0.606, 11.669], [2.0, 1.5, 0.3, 40.0],
                                   [0.3, 30.0, 2.0, 3.0]])
def test_pareto_nbd_gradient_matches_finite_differences(rfm_arrays, theta):
    x, tx, T, _ = rfm_arrays
    m = ParetoNBDModel()
    w = np.ones_like(x)
    theta = np.array(theta)
    np.testing.assert_allclose(m._loglik_grad(theta, (x, tx, T), w)[1],
                               _fd_grad(m, theta, (x, tx, T), w), rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("theta", [[6.25, 3.74, 15.44], [1.0, 8.0, 200.0]])
def test_gamma_gamma_gradient_matches_finite_differences(rfm_arrays, theta):
    x, _, _, mv = rfm_arrays
    keep = x > 0
    m = GammaGammaModel()
    w = np.ones(keep.sum())
    data = (x[keep], mv[keep])
    theta = np.array(theta)
    np.testing.assert_allclose(m._loglik_grad(theta, data, w)[1], _fd_grad(m, theta, data, w),
                               rtol=1e-5, atol=1e-3)


def test_sbg_gradient_matches_finite_differences():
    m = ShiftedBetaGeoModel()
    t = np.array([1, 2, 3, 4, 4], dtype=float)
    cens = np.array([0, 0, 0, 0, 1], dtype=bool)
    w = np.array([369, 163, 86, 56, 326], dtype=float)
    theta = np.array([0.7, 1.2])
    np.testing.assert_allclose(m._loglik_grad(theta, (t, cens), w)[1],
                               _fd_grad(m, theta, (t, cens), w), rtol=1e-6)


def test_pareto_integral_matches_hypergeometric_form(rfm_arrays):
    x, tx, T, _ = rfm_arrays
    for r, al, s, be in [(0.553, 10.578, 0.606, 11.669), (0.5, 20.0, 0.3, 2.0), (2, 1, 3, 50)]:
        k = r + s + x
        if al >= be:
            def f(t, k=k, al=al, be=be, s=s):
                return hyp2f1(k, s + 1, k + 1, (al - be) / (al + t)) / (al + t) ** k
        else:
            def f(t, k=k, al=al, be=be, r=r):
                return hyp2f1(k, r + x, k + 1, (be - al) / (be + t)) / (be + t) ** k
        ref = (f(tx) - f(T)) / k
        log_i, _ = _log_integral(r, al, s, be, x, tx, T)
        np.testing.assert_allclose(np.exp(log_i), ref, rtol=1e-10)


def test_weights_equal_repeated_rows(rfm_arrays):
    x, tx, T, _ = rfm_arrays
    w = np.random.default_rng(0).integers(1, 4, size=len(x))
    a = BetaGeoModel().fit(np.repeat(x, w), np.repeat(tx, w), np.repeat(T, w))
    b = BetaGeoModel().fit(x, tx, T, weights=w)
    for k in a.params_:
        assert a.params_[k] == pytest.approx(b.params_[k], rel=1e-5)
    assert a.log_likelihood_ == pytest.approx(b.log_likelihood_, rel=1e-10)
    assert b.n_obs_ == w.sum()


def test_log_likelihood_method_equals_fit_value(rfm_arrays):
    x, tx, T, _ = rfm_arrays
    m = BetaGeoModel().fit(x, tx, T)
    assert m.log_likelihood(x, tx, T) == pytest.approx(m.log_likelihood_, rel=1e-12)
    s = m.summary()
    assert list(s.index) == ["r", "alpha", "a", "b"]
    assert (s["lower_95"] < s["estimate"]).all()


def test_unidentified_model_raises_convergence_error():
    # nobody ever comes back: the dropout parameters are driven to the bounds
    with pytest.raises(ConvergenceError, match="BetaGeoModel did not converge"):
        BetaGeoModel().fit(np.zeros(50), np.zeros(50), np.linspace(1, 50, 50))
    with pytest.raises(ConvergenceError):
        ShiftedBetaGeoModel().fit([100, 100, 100, 100])


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="recency"):
        BetaGeoModel().fit([1, 2], [3.0, 1.0], [2.0, 2.0])
    with pytest.raises(ValueError, match="non-negative integer"):
        BetaGeoModel().fit([1.5], [1.0], [2.0])
    with pytest.raises(ValueError, match="never increase"):
        ShiftedBetaGeoModel().fit([100, 90, 95])
    with pytest.raises(ValueError, match="repeat customers"):
        GammaGammaModel().fit([0, 0], [0.0, 0.0])
    with pytest.raises(Exception, match="not fitted"):
        BetaGeoModel().probability_alive(1, 1, 2)


def test_simulator_recovers_true_parameters_at_100k():
    truth = dict(r=0.25, alpha=4.0, a=0.8, b=2.5)
    sim = simulate_bgnbd(100_000, **truth, T=(30.0, 78.0), seed=7)
    m = BetaGeoModel().fit(sim["frequency"], sim["recency"], sim["T"])
    for k, v in truth.items():
        z = (m.params_[k] - v) / m.standard_errors_[k]
        assert abs(z) < 4, (k, m.params_[k], v, m.standard_errors_[k])


def test_simulated_orders_follow_the_story():
    o = simulate_orders(2000, 0.5, 20.0, 1.0, 10.0, seed=3, start="2025-01-01", end="2025-07-01")
    assert o["contact_id"].nunique() == 2000
    assert o["ordered_at"].min() >= np.datetime64("2025-01-01")
    assert o["ordered_at"].max() < np.datetime64("2025-07-01")
    assert (o["revenue"] > 0).all()
    assert o["order_id"].is_unique


def test_sbg_several_cohorts_share_parameters():
    one = ShiftedBetaGeoModel().fit([1000, 631, 468, 382])
    two = ShiftedBetaGeoModel().fit([[1000, 631, 468, 382], [1000, 631, 468, 382]])
    assert one.params_["alpha"] == pytest.approx(two.params_["alpha"], rel=1e-6)
    assert two.log_likelihood_ == pytest.approx(2 * one.log_likelihood_, rel=1e-9)


def test_sbg_derl_matches_direct_sum():
    m = ShiftedBetaGeoModel()
    m.params_ = {"alpha": 0.704, "beta": 1.182}
    d = 0.10
    t = np.arange(1, 3000)
    # a customer in her first period: the k-th future payment, made if she survives k renewals,
    # is discounted k - 1 times (FH 2010 value it at the renewal decision)
    direct = np.sum(m.survival(t) / (1 + d) ** (t - 1))
    assert m.discounted_expected_residual_lifetime(d, renewals=1) == pytest.approx(direct, rel=1e-6)
    # DEL: the first payment at t = 0 included, S(t) / (1 + d)^t
    assert m.discounted_expected_lifetime(d) == pytest.approx(
        1 + np.sum(m.survival(t) / (1 + d) ** t), rel=1e-6)
    # in her third period (2 renewals made): conditional on S(2)
    direct3 = np.sum(m.survival(t + 2) / m.survival(2) / (1 + d) ** (t - 1))
    assert m.discounted_expected_residual_lifetime(d, renewals=3) == pytest.approx(direct3, rel=1e-6)
