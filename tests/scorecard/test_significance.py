"""Each significance test against statsmodels called directly on the same counts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportions_ztest
from statsmodels.stats.rates import test_poisson_2indep as poisson_2indep
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from roianalysis.report.pages.common import significance_text
from roianalysis.scorecard import significance as sig


def test_two_proportions_matches_statsmodels():
    r = sig.two_proportions(45, 400, 30, 380)
    z, p = proportions_ztest(np.array([45, 30]), np.array([400, 380]))
    assert r.test == "two_proportion_z"
    assert r.statistic == pytest.approx(z) and r.p_value == pytest.approx(p)
    # and by hand: pooled p = 75/780
    pool = 75 / 780
    zh = (45 / 400 - 30 / 380) / math.sqrt(pool * (1 - pool) * (1 / 400 + 1 / 380))
    assert r.statistic == pytest.approx(zh)


def test_twelve_percent_on_forty_leads_is_noise():
    # 12 of 40 leads converted (30 %) against 10 of 40 (25 %): +20 % relative, still noise
    r = sig.two_proportions(12, 40, 10, 40)
    assert not r.significant and r.p_value > 0.5
    assert sig.reading(r.p_value, 0.05) == "noise"
    assert "bruit" in significance_text(r.p_value, 0.05, "fr")
    assert "noise" in significance_text(r.p_value, 0.05, "en")


def test_poisson_rates_match_statsmodels():
    r = sig.poisson_rates(230, 92, 180, 91)
    ref = poisson_2indep(230, 92, 180, 91, method="score")
    assert r.test == "poisson_score"
    assert r.statistic == pytest.approx(ref.statistic) and r.p_value == pytest.approx(ref.pvalue)


def test_nps_test_matches_statsmodels_and_hand_formula():
    r = sig.nps_test(50, 10, 100, 40, 20, 100)
    d1 = DescrStatsW(np.array([1.0, 0.0, -1.0]), weights=np.array([50, 40, 10.0]))
    d0 = DescrStatsW(np.array([1.0, 0.0, -1.0]), weights=np.array([40, 40, 20.0]))
    z, p = CompareMeans(d1, d0).ztest_ind(usevar="unequal")
    assert r.statistic == pytest.approx(z) and r.p_value == pytest.approx(p)
    v1 = sig.nps_variance(50, 10, 100)  # 0.5 + 0.1 - 0.4^2 = 0.44
    v0 = sig.nps_variance(40, 20, 100)  # 0.4 + 0.2 - 0.2^2 = 0.56
    assert v1 == pytest.approx(0.44) and v0 == pytest.approx(0.56)
    assert r.statistic == pytest.approx((0.4 - 0.2) / math.sqrt(v1 / 99 + v0 / 99))


def test_metric_test_picks_the_right_test():
    cur = pd.Series({"converted_leads": 45, "leads": 400, "marketing_cost": 20000.0,
                     "promoters": 50, "detractors": 10, "nps_answers": 100})
    ref = pd.Series({"converted_leads": 30, "leads": 380, "marketing_cost": 15000.0,
                     "promoters": 40, "detractors": 20, "nps_answers": 100})
    assert sig.metric_test("lead_to_customer", cur, ref).p_value == pytest.approx(
        proportions_ztest(np.array([45, 30]), np.array([400, 380]))[1])
    assert sig.metric_test("leads", cur, ref, (92, 91)).p_value == pytest.approx(
        poisson_2indep(400, 92, 380, 91, method="score").pvalue)
    # CPL: leads per unit of marketing cost
    assert sig.metric_test("cpl", cur, ref).p_value == pytest.approx(
        poisson_2indep(400, 20000.0, 380, 15000.0, method="score").pvalue)
    assert sig.metric_test("nps", cur, ref).test == "nps_z"
    assert sig.metric_test("revenue", cur, ref).test == "none"


def test_degenerate_counts_give_no_test():
    assert math.isnan(sig.two_proportions(0, 0, 3, 10).p_value)
    assert math.isnan(sig.two_proportions(0, 10, 0, 10).p_value)
    assert math.isnan(sig.two_proportions(12, 10, 3, 10).p_value)  # count above its base
    assert math.isnan(sig.poisson_rates(0, 10, 0, 10).p_value)
    assert math.isnan(sig.nps_test(1, 0, 1, 1, 0, 1).p_value)
    assert sig.reading(float("nan")) == sig.reading(None) == "no_data"
    assert "pas assez" in significance_text(float("nan"), None, "fr")


def test_readings_are_codes():
    assert sig.reading(0.001, 1.0) == "real_rise"
    assert sig.reading(0.01, -1.0) == "real_fall"
    assert sig.reading(0.01, 0.0) == sig.reading(0.01) == "real_change"
    assert sig.reading(0.1, 1.0) == "trend"
    assert sig.reading(0.2, 1.0) == "noise"  # 0.2 itself is noise
    assert set(sig.READINGS) == {sig.reading(p, c) for p, c in
                                 [(np.nan, 1), (0.001, 1), (0.001, -1), (0.001, 0), (0.1, 1),
                                  (0.5, 1)]}


def test_verdict_words():
    assert significance_text(0.001, 1.0, "en").startswith("a real rise")
    assert significance_text(0.01, -1.0, "fr").startswith("baisse réelle")
    assert "p = 0,01" in significance_text(0.01, -1.0, "fr")
    assert "to confirm" in significance_text(0.1, 1.0, "en")
