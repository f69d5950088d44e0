"""The published results are reproduced: CDNOW (Fader, Hardie & Lee 2005) and sBG (Fader & Hardie 2007).

Published numbers, with their sources:

- BG/NBD on CDNOW (FHL 2005, "Counting your customers the easy way", Marketing Science 24(2),
  section 4): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4.
- Pareto/NBD on the same data (FHL 2005 and Fader & Hardie's note 008 / MATLAB note):
  r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669, LL = -9595.0.
- Gamma-Gamma on the 946 repeat customers (FHL 2005, "RFM and CLV", JMR 42(4)):
  p = 6.25, q = 3.74, gamma = 15.44.
- sBG (Fader & Hardie 2007, "How to project customer retention", J. Interactive Marketing 21(1),
  table 1 and section 4), fitted on years 0-7: regular alpha = 0.704, beta = 1.182; high end
  alpha = 0.668, beta = 3.806. The survivor counts are those of the paper's table 1 (regular:
  1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173).

Predictions are also checked against lifetimes 0.11.3 (the peer implementation), evaluated at the
published parameters.
"""

from __future__ import annotations

import numpy as np
import pytest

from roianalysis.clv import (
    BetaGeoModel,
    GammaGammaModel,
    ParetoNBDModel,
    ShiftedBetaGeoModel,
)

from . import cdnow


def _set(model, **params):
    model.params_ = dict(params)
    return model


def test_cdnow_rfm_summary_facts():
    rfm = cdnow.rfm()
    assert len(rfm) == 2357
    assert (rfm["frequency"] > 0).sum() == 946  # the Gamma-Gamma sample
    assert rfm["frequency"].sum() == 2457  # repeat purchases in weeks 1-39
    assert rfm["frequency_holdout"].sum() == 1882  # repeat purchases in weeks 40-78
    assert rfm["T"].max() == pytest.approx(272 / 7)  # Jan 1 to Sep 30, weeks
    assert rfm["duration_holdout"].iloc[0] == pytest.approx(273 / 7)
    row = rfm.loc["0001"]  # customer 1: x = 2, t_x = 30.43, T = 38.86 in the published file
    assert (row["frequency"], round(row["recency"], 2), round(row["T"], 2)) == (2, 30.43, 38.86)
    assert row["monetary_value"] == pytest.approx(22.345, abs=1e-9)  # (29.73 + 14.96) / 2


def test_bgnbd_cdnow_published():
    rfm = cdnow.rfm()
    m = BetaGeoModel().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    p = m.params_
    assert (round(p["r"], 3), round(p["alpha"], 3), round(p["a"], 3), round(p["b"], 3)) == \
        (0.243, 4.414, 0.793, 2.426)
    assert m.log_likelihood_ == pytest.approx(-9582.4, abs=0.1)
    assert all(0 < s < 1 for s in m.standard_errors_.values())


def test_pareto_nbd_cdnow_published():
    rfm = cdnow.rfm()
    m = ParetoNBDModel().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    p = m.params_
    assert (round(p["r"], 3), round(p["alpha"], 3), round(p["s"], 3), round(p["beta"], 3)) == \
        (0.553, 10.578, 0.606, 11.669)
    assert m.log_likelihood_ == pytest.approx(-9595.0, abs=0.1)


def test_gamma_gamma_cdnow_published():
    rfm = cdnow.rfm()
    m = GammaGammaModel().fit(rfm["frequency"], rfm["monetary_value"])
    p = m.params_
    assert m.n_obs_ == 946
    assert (round(p["p"], 2), round(p["q"], 2), round(p["v"], 2)) == (6.25, 3.74, 15.44)


@pytest.mark.parametrize("active, alpha, beta", [
    ([1000, 631, 468, 382, 326, 289, 262, 241], 0.704, 1.182),
    ([1000, 869, 743, 653, 593, 551, 517, 491], 0.668, 3.806),
])
def test_sbg_fader_hardie_2007(active, alpha, beta):
    m = ShiftedBetaGeoModel().fit(active)
    assert (round(m.params_["alpha"], 3), round(m.params_["beta"], 3)) == (alpha, beta)
    # survival reproduces the fitted curve; projection continues it
    s = m.survival(np.arange(8))
    assert s[0] == 1.0 and np.all(np.diff(s) < 0)
    assert np.abs(1000 * s - np.array(active)).max() < 20


def test_sbg_regular_projection_matches_paper_years_8_to_12():
    # FH 2007, figure 3: the sBG fitted on years 1-7 tracks years 8-12 closely (within ~2 points)
    m = ShiftedBetaGeoModel().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    actual = np.array([223, 207, 194, 183, 173]) / 1000
    assert np.abs(m.survival(np.arange(8, 13)) - actual).max() < 0.02
    assert m.retention_rate(1) == pytest.approx(1.182 / (0.704 + 1.182), abs=1e-3)


# predictions at the published parameters, against lifetimes 0.11.3
CASES = [(0, 0.0, 38.86), (2, 30.43, 38.86), (7, 35.0, 38.0), (1, 1.71, 38.86)]
BG_LIFETIMES = [(0.19509805201125396, 1.0), (1.2260281747671318, 0.72657857),
                (4.556185276589759, 0.86199107), (0.2031869870797511, 0.21210099)]
PNBD_LIFETIMES = [(0.10708146821530898, 0.29528660461689443),
                  (1.4551231932576048, 0.8691675591530114),
                  (4.79055424926173, 0.9528396256875012),
                  (0.17109298055378294, 0.16800232672434479)]


def test_bgnbd_predictions_match_lifetimes():
    m = _set(BetaGeoModel(), r=0.243, alpha=4.414, a=0.793, b=2.426)
    for (x, tx, T), (e39, alive) in zip(CASES, BG_LIFETIMES, strict=True):
        assert m.conditional_expected_purchases(39, x, tx, T) == pytest.approx(e39, rel=1e-8)
        assert m.probability_alive(x, tx, T) == pytest.approx(alive, rel=1e-7)
    assert m.expected_purchases(39) == pytest.approx(1.1967231933207985, rel=1e-8)


def test_pareto_nbd_predictions_match_lifetimes():
    m = _set(ParetoNBDModel(), r=0.553, alpha=10.578, s=0.606, beta=11.669)
    for (x, tx, T), (e39, alive) in zip(CASES, PNBD_LIFETIMES, strict=True):
        assert m.conditional_expected_purchases(39, x, tx, T)[0] == pytest.approx(e39, rel=1e-8)
        assert m.probability_alive(x, tx, T)[0] == pytest.approx(alive, rel=1e-8)
    assert m.expected_purchases(39) == pytest.approx(1.2130028442810157, rel=1e-8)


def test_gamma_gamma_expected_spend_matches_lifetimes():
    m = _set(GammaGammaModel(), p=6.25, q=3.74, v=15.44)
    got = m.conditional_expected_average_profit(np.array([2, 0, 5]), np.array([22.35, 0, 40.0]))
    np.testing.assert_allclose(got, [24.663713910761157, 35.21897810218978, 39.61459252721389],
                               rtol=1e-12)
    assert m.population_mean_spend() == pytest.approx(35.21897810218978)
