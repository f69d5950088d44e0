"""Checks of a fitted mix model: fit, holdout, residuals and identifiability, in plain words.

Identifiability, per channel (thresholds below):

* *too stable*: coefficient of variation of the spend ``sd / mean`` under ``MIN_CV`` (10 %);
* *collinear with another channel*: ``|corr(x_c, x_d)|`` above ``MAX_CORR`` (0.90);
* *confounded with the baseline*: the share of the spend's variance explained by the trend, the
  seasonality or the controls (``R^2`` of a least-squares fit) above ``MAX_BASELINE_R2`` (0.90);
* *collinear overall*: variance inflation factor ``1 / (1 - R^2)`` of the spend on the baseline and
  the other channels above ``MAX_VIF`` (10);
* *too uncertain*: the ROAS interval's half-width over the ROAS above ``MAX_REL_SE`` (0.5) times
  the interval's z.

A channel calibrated by an experiment is not flagged (its effect rests on the experiment); its
problem stays in the table.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["IdentifiabilityWarning", "MixDiagnostics", "identifiability"]


#: Identifiability thresholds (module docstring).
MIN_CV = 0.10
MAX_CORR = 0.90
MAX_BASELINE_R2 = 0.90
MAX_VIF = 10.0
MAX_REL_SE = 0.50


class IdentifiabilityWarning(UserWarning):
    """The data cannot tell a channel's effect apart (issued once per channel by ``fit``)."""


def _r2(y: np.ndarray, Z: np.ndarray) -> float:
    """Share of the variance of ``y`` explained by least squares on ``[1, Z]``."""
    Z = np.column_stack([np.ones(len(y)), Z])
    coef = np.linalg.lstsq(Z, y, rcond=None)[0]
    r = y - Z @ coef
    tss = float(((y - y.mean()) ** 2).sum())
    return 1.0 - float(r @ r) / tss if tss > 0 else 1.0


def identifiability(model, experiments: pd.DataFrame | None) -> tuple[pd.DataFrame, list[str]]:
    """Per-channel identifiability table and the plain-language warnings of ``model``.

    Columns: ``cv``, ``max_corr``, ``corr_with``, ``trend_r2``, ``season_r2``, ``controls_r2``,
    ``vif``, ``roas_rel_se``, ``calibrated``, ``identifiable``, ``code`` (``stable``,
    ``collinear``, ``confounded``, ``vif``, ``uncertain`` or empty: for reports that phrase the
    problem in their own language) and ``problem`` (English text or empty).
    """
    d = model._design
    names = list(d.baseline_names)
    col = {n: d.B[:, i] for i, n in enumerate(names)}
    season = [col[n] for n in names if n.startswith(("year_", "week_"))]
    ctrl = [col[n] for n in d.controls]
    t = np.arange(len(d.y), dtype=float)
    unit = "day" if d.per_year > 300 else "week"
    calibrated = set() if experiments is None or len(experiments) == 0 else set(
        experiments["channel"])
    roas = model.roas()
    z = model._z()
    rows, warns = {}, []
    C = len(d.channels)
    R = np.corrcoef(d.X, rowvar=False) if C > 1 else np.ones((1, 1))
    for c, ch in enumerate(d.channels):
        x = d.X[:, c]
        cv = float(x.std() / x.mean())
        others = [j for j in range(C) if j != c]
        if others:
            j = max(others, key=lambda j: abs(R[c, j]) if np.isfinite(R[c, j]) else 0.0)
            max_corr, corr_with = float(R[c, j]), d.channels[j]
        else:
            max_corr, corr_with = 0.0, ""
        trend_r2 = _r2(x, t[:, None])
        season_r2 = _r2(x, np.column_stack(season)) if season else 0.0
        controls_r2 = _r2(x, np.column_stack(ctrl)) if ctrl else 0.0
        base_r2 = _r2(x, d.B[:, 1:]) if d.B.shape[1] > 1 else 0.0
        all_r2 = _r2(x, np.column_stack([d.B[:, 1:]] + [d.X[:, j] for j in others])) if (
            d.B.shape[1] > 1 or others) else 0.0
        vif = 1.0 / max(1.0 - all_r2, 1e-12)
        r = roas.loc[ch]
        rel = float((r["upper"] - r["lower"]) / (2 * z * r["roas"])) if r["roas"] > 0 else np.inf
        problem, code = "", ""
        if cv < MIN_CV:
            code = "stable"
            problem = (f"{ch}: its spend barely changes from one {unit} to the next (coefficient "
                       f"of variation {cv:.0%}, under {MIN_CV:.0%}), so the data cannot tell "
                       "its effect apart from the baseline. Vary its spend for a few weeks, or "
                       "run a lift test, before trusting its return.")
        elif abs(max_corr) > MAX_CORR:
            code = "collinear"
            problem = (f"{ch}: its spend moves together with {corr_with}'s (correlation "
                       f"{max_corr:.2f}), so the model cannot split the credit between the two. "
                       "Change one without the other for a while, or run a lift test on one of "
                       "them.")
        elif base_r2 > MAX_BASELINE_R2:
            code = "confounded"
            parts = {"the trend": trend_r2, "the seasons": season_r2, "the controls": controls_r2}
            driver = max(parts, key=parts.get)
            if parts[driver] < 0.5:
                driver = "the trend and the seasons together"
            problem = (f"{ch}: its spend follows {driver} ({base_r2:.0%} of its ups and downs "
                       f"are explained by it), so its effect cannot be told apart from "
                       f"{driver}. A lift test on {ch}, or spend that breaks the pattern, is "
                       "needed to measure it.")
        elif vif > MAX_VIF:
            code = "vif"
            problem = (f"{ch}: its spend is largely predictable from the other channels and the "
                       f"baseline together (variance inflation factor {vif:.0f}, above "
                       f"{MAX_VIF:.0f}), so its own effect is poorly measured.")
        elif rel > MAX_REL_SE:
            code = "uncertain"
            problem = (f"{ch}: its return is too uncertain to act on (between "
                       f"{r['lower']:.2f} and {r['upper']:.2f} per unit spent).")
        is_cal = ch in calibrated
        rows[ch] = {"cv": cv, "max_corr": max_corr, "corr_with": corr_with,
                    "trend_r2": trend_r2, "season_r2": season_r2, "controls_r2": controls_r2,
                    "vif": vif, "roas_rel_se": rel, "calibrated": is_cal,
                    "identifiable": not problem or is_cal, "code": code, "problem": problem}
        if problem and not is_cal:
            warns.append(problem)
            warnings.warn(problem, IdentifiabilityWarning, stacklevel=3)
    years = len(d.y) / d.per_year
    if years < 1:
        short = (f"Only {len(d.y)} {unit}s of history ({years:.1f} year): the seasons cannot be "
                 "told apart from the media effects before a full year has been seen, so every "
                 "figure of this model is fragile. About a year of data is the sensible minimum.")
        warns.insert(0, short)
        warnings.warn(short, IdentifiabilityWarning, stacklevel=3)
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("channel")
    return table, warns


@dataclass(frozen=True)
class MixDiagnostics:
    """Checks of a fitted model.

    Attributes
    ----------
    r2, mape : float
        In-sample share of variance explained and mean absolute percentage error (0.05 = 5 %).
    holdout : dict
        ``periods`` (the last ones, refitted without them), ``mape``, ``r2`` on them.
    ljung_box_p : float
        p-value of the Ljung-Box test of residual autocorrelation (statsmodels, ``lags`` lags).
    durbin_watson : float
        About 2 without first-order autocorrelation, towards 0 with positive autocorrelation.
    channels : DataFrame
        The identifiability table (:func:`identifiability`).
    warnings : list of str
        Every warning in plain words (identifiability, residuals).
    """

    r2: float
    mape: float
    holdout: dict
    ljung_box_p: float
    ljung_box_lags: int
    durbin_watson: float
    channels: pd.DataFrame
    warnings: list[str]

    def __str__(self) -> str:
        lines = [f"R2 {self.r2:.3f}, MAPE {self.mape:.1%}; holdout ({self.holdout['periods']} "
                 f"last periods) MAPE {self.holdout['mape']:.1%}; Ljung-Box p "
                 f"{self.ljung_box_p:.3f}, Durbin-Watson {self.durbin_watson:.2f}"]
        lines += [f"- {w}" for w in self.warnings] or ["No warning."]
        return "\n".join(lines)


def diagnose(model, holdout: float = 0.1) -> MixDiagnostics:
    """:class:`MixDiagnostics` of ``model``; ``holdout`` is the share of last periods held out."""
    from statsmodels.stats.diagnostic import acorr_ljungbox
    from statsmodels.stats.stattools import durbin_watson

    d = model._design
    fitted = model.fitted().to_numpy()
    resid = d.y - fitted
    nz = d.y != 0
    tss = float(((d.y - d.y.mean()) ** 2).sum())
    r2 = 1.0 - float(resid @ resid) / tss if tss > 0 else np.nan
    mape = float(np.mean(np.abs(resid[nz] / d.y[nz]))) if nz.any() else np.nan
    lags = int(max(1, min(10, len(resid) // 5)))
    lb = acorr_ljungbox(resid, lags=[lags])
    lb_p = float(lb["lb_pvalue"].iloc[0])
    dw = float(durbin_watson(resid))
    hold = model._holdout(max(4, int(round(holdout * len(d.y)))))
    warns = list(model.warnings)
    if lb_p < 0.01:
        warns.append(f"The part of {model.target} the model does not explain is not random noise "
                     f"(Ljung-Box p = {lb_p:.3f}, Durbin-Watson {dw:.2f}): something that varies "
                     "slowly is missing (a control, an event, a change of trend), and the "
                     "intervals are probably too narrow.")
    return MixDiagnostics(r2=r2, mape=mape, holdout=hold, ljung_box_p=lb_p, ljung_box_lags=lags,
                          durbin_watson=dw, channels=model._identifiability, warnings=warns)
