"""Customer lifetime value: RFM summaries, buy-till-you-die models, contractual retention, value.

docs/design.md section 6.3. Models are fitted by maximum likelihood, by Newton's method on the
analytic gradient and Hessian (:mod:`roianalysis.clv.base`); when the data do not identify BG/NBD,
:func:`~roianalysis.clv.select.fit_purchase_model` fits its limits
(:class:`~roianalysis.clv.geometric_nbd.GeometricNBDModel`, :class:`~roianalysis.clv.nbd.NBDModel`):

- :class:`BetaGeoModel` (BG/NBD: r, alpha, a, b) and :class:`ParetoNBDModel` (r, alpha, s, beta)
  for purchase counts, :class:`GammaGammaModel` (p, q, v) for spend per purchase,
  :class:`ShiftedBetaGeoModel` (alpha, beta) for contractual retention (Fader & Hardie 2007);
- :func:`rfm_summary` builds the (frequency, recency, T, monetary_value) table in the engine;
- :mod:`roianalysis.clv.value` turns fitted models into discounted CLV, and CLV per acquisition
  channel against CAC (LTV:CAC, payback months).
"""

from roianalysis.clv.base import ConvergenceError
from roianalysis.clv.bgnbd import BetaGeoModel
from roianalysis.clv.gamma_gamma import GammaGammaModel
from roianalysis.clv.pareto_nbd import ParetoNBDModel
from roianalysis.clv.sbg import ShiftedBetaGeoModel

#: Names imported on first use. ``rfm`` needs Ibis (about a second, 2.6 s on a cold disk);
#: ``value`` and ``diagnostics`` need pandas: the models alone import numpy and scipy.special,
#: and pandas when they fit.
_LAZY = {
    "rfm_summary": "rfm", "time_unit_days": "rfm",
    "calibration_vs_holdout": "diagnostics",
    "ClvResult": "value", "HOLDOUT_GROUPS": "value", "customer_values": "value", "clv_by_channel": "value", "clv_curve": "value",
    "customer_lifetime_value": "value", "customer_margin_rate": "value", "fit_clv": "value",
    "simple_clv": "value",
}


def __getattr__(name: str):
    import importlib

    if name not in _LAZY:  # a submodule (``clv.rfm``) not imported yet: import it
        try:
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "BetaGeoModel",
    "ClvResult",
    "ConvergenceError",
    "HOLDOUT_GROUPS",
    "GammaGammaModel",
    "ParetoNBDModel",
    "ShiftedBetaGeoModel",
    "calibration_vs_holdout",
    "clv_by_channel",
    "clv_curve",
    "customer_lifetime_value",
    "customer_margin_rate",
    "customer_values",
    "fit_clv",
    "rfm_summary",
    "simple_clv",
    "time_unit_days",
]
