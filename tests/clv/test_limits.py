"""The limits of BG/NBD the data may only identify, and the choice between them.

A simulation with one dropout probability for every customer (no heterogeneity) is exactly the
case where BG/NBD has no proper maximum: :func:`fit_purchase_model` must then fit
:class:`GeometricNBDModel` and recover the truth; with no dropout at all, :class:`NBDModel`.
"""

from __future__ import annotations

import numpy as np
import pytest

from roianalysis.clv import BetaGeoModel
from roianalysis.clv.geometric_nbd import GeometricNBDModel
from roianalysis.clv.nbd import NBDModel
from roianalysis.clv.select import fit_purchase_model
from roianalysis.clv.simulate import simulate_bgnbd

from . import cdnow


def _homogeneous(p: float, n: int = 6000, seed: int = 1):
    # Beta(a, b) with a + b = 1e7 is a point mass at p for every practical purpose
    return simulate_bgnbd(n, 0.7, 4.0, p * 1e7, (1 - p) * 1e7, T=(10.0, 40.0), seed=seed)


def _fd(model, theta, data, w, h=1e-6):
    g = np.empty(len(theta))
    for j in range(len(theta)):
        up, dn = theta.copy(), theta.copy()
        up[j] *= 1 + h
        dn[j] *= 1 - h
        g[j] = (model._loglik_grad(up, data, w)[0] - model._loglik_grad(dn, data, w)[0]) \
            / (2 * h * theta[j])
    return g


def test_geometric_gradient_is_the_derivative_of_the_likelihood():
    rfm = _homogeneous(0.3, n=300)
    data = tuple(rfm[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    w = np.ones(len(rfm))
    theta = np.array([0.6, 3.0, 0.5])
    _, g = GeometricNBDModel()._loglik_grad(theta, data, w)
    np.testing.assert_allclose(g, _fd(GeometricNBDModel(), theta, data, w), rtol=1e-5)


def test_nbd_gradient_is_the_derivative_of_the_likelihood():
    rfm = _homogeneous(0.3, n=300)
    data = (rfm["frequency"].to_numpy(float), rfm["T"].to_numpy(float))
    w = np.ones(len(rfm))
    theta = np.array([0.6, 3.0])
    _, g = NBDModel()._loglik_grad(theta, data, w)
    np.testing.assert_allclose(g, _fd(NBDModel(), theta, data, w), rtol=1e-5)


def test_geometric_likelihood_is_the_bgnbd_one_with_a_point_mass():
    """At a + b -> infinity with a / (a + b) = p, BG/NBD's likelihood tends to this model's."""
    rfm = _homogeneous(0.3, n=200)
    args = (rfm["frequency"], rfm["recency"], rfm["T"])
    geo = GeometricNBDModel()
    geo.params_ = {"r": 0.7, "alpha": 4.0, "p": 0.3}
    bg = BetaGeoModel()
    bg.params_ = {"r": 0.7, "alpha": 4.0, "a": 0.3e8, "b": 0.7e8}
    assert geo.log_likelihood(*args) == pytest.approx(bg.log_likelihood(*args), rel=1e-6)
    x, tx, T = (rfm[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    np.testing.assert_allclose(geo.probability_alive(x, tx, T), bg.probability_alive(x, tx, T),
                               rtol=1e-6)
    np.testing.assert_allclose(geo.conditional_expected_purchases(10.0, x, tx, T),
                               bg.conditional_expected_purchases(10.0, x, tx, T), rtol=1e-4)
    np.testing.assert_allclose(geo.expected_purchases([1.0, 10.0]),
                               bg.expected_purchases([1.0, 10.0]), rtol=1e-4)


def test_homogeneous_dropout_is_fitted_by_its_limit_and_recovered():
    """Seed 1: BG/NBD runs off to a = 2.8e6, b = 6.6e6 (no proper maximum), so the limit is fitted."""
    rfm = _homogeneous(0.3, seed=1)
    m = fit_purchase_model(rfm["frequency"], rfm["recency"], rfm["T"])
    assert m.model_name_ == "geometric_nbd"
    assert m.fallback_reasons_ and m.fallback_reasons_[0].startswith("bgnbd")
    assert m.params_["p"] == pytest.approx(0.3, abs=0.05)
    assert m.params_["r"] == pytest.approx(0.7, rel=0.15)
    assert m.params_["alpha"] == pytest.approx(4.0, rel=0.2)
    assert 0 < m.standard_errors_["p"] < 0.05


@pytest.mark.parametrize("seed", [2, 3])
def test_a_finite_bgnbd_maximum_on_homogeneous_data_is_kept(seed):
    """Other samples of the same truth give BG/NBD a proper (if loose) maximum with a / (a + b)
    near p: it is kept, and it predicts like the limit model."""
    rfm = _homogeneous(0.3, seed=seed)
    m = fit_purchase_model(rfm["frequency"], rfm["recency"], rfm["T"])
    assert m.model_name_ == "bgnbd"
    assert m.params_["a"] / (m.params_["a"] + m.params_["b"]) == pytest.approx(0.3, abs=0.05)
    g = GeometricNBDModel().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    x, tx, T = (rfm[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    assert m.conditional_expected_purchases(52.0, x, tx, T).mean() == pytest.approx(
        g.conditional_expected_purchases(52.0, x, tx, T).mean(), rel=0.03)


def test_no_dropout_is_fitted_by_nbd():
    rfm = simulate_bgnbd(5000, 0.7, 4.0, 1e-7, 1e7, T=(10.0, 40.0), seed=4)
    m = fit_purchase_model(rfm["frequency"], rfm["recency"], rfm["T"])
    assert m.model_name_ == "nbd"
    assert m.params_["r"] == pytest.approx(0.7, rel=0.15)
    assert m.params_["alpha"] == pytest.approx(4.0, rel=0.2)
    x, T = rfm["frequency"].to_numpy(float), rfm["T"].to_numpy(float)
    # hand formula: (r + x) t / (alpha + T)
    r, a = m.params_["r"], m.params_["alpha"]
    assert m.conditional_expected_purchases(5.0, x[:3], x[:3] * 0, T[:3]) == pytest.approx(
        (r + x[:3]) * 5.0 / (a + T[:3]))
    assert np.all(m.probability_alive(x, x * 0, T) == 1.0)


def test_expected_purchases_of_the_limit_match_a_simulation():
    """(1 - (alpha / (alpha + p t))^r) / p against the mean of simulated new customers."""
    m = GeometricNBDModel()
    m.params_ = {"r": 0.7, "alpha": 4.0, "p": 0.3}
    sim = simulate_bgnbd(200_000, 0.7, 4.0, 0.3e7, 0.7e7, T=20.0, seed=5)
    assert m.expected_purchases(20.0) == pytest.approx(sim["frequency"].mean(), rel=0.02)


def test_a_proper_bgnbd_fit_is_kept():
    rfm = cdnow.rfm()
    m = fit_purchase_model(rfm["frequency"], rfm["recency"], rfm["T"])
    assert m.model_name_ == "bgnbd" and m.fallback_reasons_ == []
    assert m.params_["a"] == pytest.approx(0.793, abs=1e-3)


def test_unknown_model_is_refused():
    with pytest.raises(ValueError, match="bgnbd"):
        fit_purchase_model([0, 1], [0, 1], [2, 2], model="lifetimes")
