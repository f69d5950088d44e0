"""Customer lifetime value: RFM summaries, buy-till-you-die models, contractual retention, value.

DESIGN section 6.3. Models are fitted by maximum likelihood on weighted unique rows:

- :class:`BetaGeoModel` (BG/NBD: r, alpha, a, b), :class:`ParetoNBDModel` (r, alpha, s, beta),
  :class:`GammaGammaModel` (p, q, v) for spend, :class:`ShiftedBetaGeoModel` (alpha, beta) for
  contractual retention (Fader & Hardie 2007);
- :func:`rfm_summary` builds the (frequency, recency, T, monetary_value) table in the engine;
- :mod:`roianalysis.clv.value` turns them into discounted CLV, and CLV per acquisition channel
  against CAC.
"""

from .base import ConvergenceError
from .bgnbd import BetaGeoModel

__all__ = ["BetaGeoModel", "ConvergenceError"]
