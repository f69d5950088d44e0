"""Media mix model: what each channel earns when click tracking cannot see it, and where the next
euro earns most.

- :func:`fit` -> :class:`MixModel` (baseline + per channel ``beta * saturation(adstock(spend))``,
  penalised maximum likelihood, deterministic; :mod:`roianalysis.mix.model`);
- :meth:`MixModel.roas`, :meth:`~MixModel.contributions`, :meth:`~MixModel.marginal_roas`,
  :meth:`~MixModel.response`, :meth:`~MixModel.diagnostics` (identifiability warnings in plain
  words), :meth:`~MixModel.optimize` (:mod:`roianalysis.mix.allocate`);
- :mod:`roianalysis.mix.transforms`: geometric / Weibull adstock, logistic / Hill saturation;
- :func:`modelling_series`: a client's weekly spend per channel and target from its tables;
- :func:`simulate_mix`: a series with a known truth.
"""

from roianalysis.mix.allocate import optimize
from roianalysis.mix.data import modelling_series
from roianalysis.mix.diagnostics import IdentifiabilityWarning, MixDiagnostics
from roianalysis.mix.model import MixModel, fit
from roianalysis.mix.simulate import DEFAULT_CHANNELS, simulate_mix

__all__ = ["DEFAULT_CHANNELS", "IdentifiabilityWarning", "MixDiagnostics", "MixModel", "fit",
           "modelling_series", "optimize", "simulate_mix"]
