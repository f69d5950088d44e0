"""Adstock and saturation formulas pinned by hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from roianalysis.mix import transforms as tr


def test_geometric_adstock_by_hand():
    # a_t = (1 - 0.5) x_t + 0.5 a_{t-1}: 0.5, 0.25 + 0.5 * 2 = 1.25, 0.625
    np.testing.assert_allclose(tr.geometric_adstock([1.0, 2.0, 0.0], 0.5), [0.5, 1.25, 0.625])
    # steady spend adstocks to itself (normalised weights)
    assert tr.geometric_adstock(np.full(400, 7.0), 0.8)[-1] == pytest.approx(7.0, rel=1e-12)
    np.testing.assert_array_equal(tr.geometric_adstock([3.0, 4.0], 0.0), [3.0, 4.0])


def test_weibull_weights_and_adstock():
    w = tr.weibull_weights(1.0, 2.0, 3)
    s = np.exp(-np.arange(4) / 2.0)  # shape 1: exponential survival
    expected = (s[:-1] - s[1:]) / (s[0] - s[3])
    np.testing.assert_allclose(w, expected)
    assert w.sum() == pytest.approx(1.0)
    a = tr.weibull_adstock([1.0, 0.0, 0.0, 0.0], 1.0, 2.0, l_max=3)
    np.testing.assert_allclose(a, [*expected, 0.0])
    assert tr.weibull_adstock(np.full(50, 5.0), 2.0, 3.0, 12)[-1] == pytest.approx(5.0)


def test_saturations_by_hand():
    e = math.exp(-2.0)
    assert tr.logistic_saturation(1.0, 2.0) == pytest.approx((1 - e) / (1 + e), rel=1e-14)
    assert tr.hill_saturation(1.0, 1.0, 2.0) == pytest.approx(0.5)
    assert tr.hill_saturation(2.0, 1.0, 2.0) == pytest.approx(4.0 / 5.0)
    assert tr.hill_saturation(0.0, 1.0, 2.0) == 0.0


@pytest.mark.parametrize("kind,params", [("logistic", (1.3,)), ("hill", (0.8, 2.2))])
def test_saturation_derivative_matches_finite_difference(kind, params):
    u = np.array([0.2, 0.9, 1.7, 3.0])
    h = 1e-6
    num = (tr.saturation(u + h, kind, params) - tr.saturation(u - h, kind, params)) / (2 * h)
    np.testing.assert_allclose(tr.saturation_derivative(u, kind, params), num, rtol=1e-6)


def test_unknown_kinds_are_named():
    with pytest.raises(ValueError, match="unknown adstock"):
        tr.adstock(np.ones(3), "delayed", (0.5,))
    with pytest.raises(ValueError, match="unknown saturation"):
        tr.saturation(np.ones(3), "tanh", (1.0,))
