"""Lift tests a marketer runs to prove a channel works.

- :func:`geo_lift` (synthetic control + conformal test) -> :class:`LiftResult`;
- :func:`power_analysis`: which lift a test of given markets and duration can detect;
- :func:`ab_test`, :func:`ab_sample_size`: holdout tests on conversion rates
  (:mod:`roianalysis.scorecard.significance`);
- :func:`simulate_geo`: a panel with a known injected lift.

A measured lift calibrates the mix model: pass it as a row of ``experiments`` to
:func:`roianalysis.mix.fit` (``incremental`` and its standard error).
"""

from roianalysis.experiments.ab import ABResult, ab_sample_size, ab_test
from roianalysis.experiments.geo import LiftResult, geo_lift, synthetic_weights
from roianalysis.experiments.power import power_analysis
from roianalysis.experiments.simulate import simulate_geo

__all__ = ["ABResult", "LiftResult", "ab_sample_size", "ab_test", "geo_lift", "power_analysis",
           "simulate_geo", "synthetic_weights"]
