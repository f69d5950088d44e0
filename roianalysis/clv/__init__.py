"""Customer lifetime value: RFM summaries, buy-till-you-die models, contractual retention, value.

docs/design.md section 6.3. Models are fitted by maximum likelihood with analytic gradients on weighted
unique rows (:mod:`roianalysis.clv.base`):

- :class:`BetaGeoModel` (BG/NBD: r, alpha, a, b) and :class:`ParetoNBDModel` (r, alpha, s, beta)
  for purchase counts, :class:`GammaGammaModel` (p, q, v) for spend per purchase,
  :class:`ShiftedBetaGeoModel` (alpha, beta) for contractual retention (Fader & Hardie 2007);
- :func:`rfm_summary` builds the (frequency, recency, T, monetary_value) table in the engine;
- :mod:`roianalysis.clv.value` turns fitted models into discounted CLV, and CLV per acquisition
  channel against CAC (LTV:CAC, payback months).
"""

from .base import ConvergenceError
from .bgnbd import BetaGeoModel
from .diagnostics import calibration_vs_holdout
from .gamma_gamma import GammaGammaModel
from .pareto_nbd import ParetoNBDModel
from .rfm import rfm_summary, time_unit_days
from .sbg import ShiftedBetaGeoModel
from .value import (
    ClvResult,
    clv_by_channel,
    clv_curve,
    customer_lifetime_value,
    customer_margin_rate,
    fit_clv,
    simple_clv,
)

__all__ = [
    "BetaGeoModel",
    "ClvResult",
    "ConvergenceError",
    "GammaGammaModel",
    "ParetoNBDModel",
    "ShiftedBetaGeoModel",
    "calibration_vs_holdout",
    "clv_by_channel",
    "clv_curve",
    "customer_lifetime_value",
    "customer_margin_rate",
    "fit_clv",
    "rfm_summary",
    "simple_clv",
    "time_unit_days",
]
