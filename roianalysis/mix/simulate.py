"""Seeded simulator of a media mix with a known truth (tests, benchmarks, demo clients).

The series follows the model :func:`roianalysis.mix.fit` estimates::

    y_t = intercept + trend * t / n + season_t + gamma * control_t
          + sum_c beta_c * saturation_c(adstock_c(x_c) / scale_c) + e_t,   e_t ~ N(0, noise_sd^2)

with ``t = 0..n-1``, ``season_t = seasonality * sin(2 pi t / period_length)`` (52.18 weeks or
365.25 days a year), ``scale_c`` the channel's mean spend over the series (the scale the model uses
too, so the true saturation parameters are the ones a fit should find). The true ROAS of a channel
is its contribution over the series divided by its spend over the series, both in the target's
unit per currency unit spent.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from roianalysis.mix.transforms import adstock, saturation

__all__ = ["DEFAULT_CHANNELS", "simulate_mix"]

#: Two channels, geometric adstock and logistic saturation (the benchmark's series).
DEFAULT_CHANNELS: dict[str, dict[str, Any]] = {
    "tv": {"mean_spend": 1500.0, "cv": 0.5, "adstock": "geometric", "alpha": 0.6,
           "saturation": "logistic", "lam": 1.2, "beta": 4000.0},
    "search": {"mean_spend": 1000.0, "cv": 0.5, "adstock": "geometric", "alpha": 0.2,
               "saturation": "logistic", "lam": 2.0, "beta": 2500.0},
}


def _spend(n: int, mean: float, cv: float, rng: np.random.Generator, pattern: np.ndarray | None,
           on_off: float) -> np.ndarray:
    """A positive spend series of mean ``mean`` and coefficient of variation about ``cv``: an AR(1)
    on the log scale (persistence 0.5), or ``pattern`` (already scaled to mean 1) times a little
    noise when the spend follows something else; ``on_off`` is the share of periods with no
    spend (flighting)."""
    if pattern is None:
        z = np.empty(n)
        z[0] = rng.normal()
        for t in range(1, n):
            z[t] = 0.5 * z[t - 1] + np.sqrt(1 - 0.25) * rng.normal()
        sd = np.sqrt(np.log1p(cv * cv))
        x = np.exp(sd * z - 0.5 * sd * sd)
    else:
        x = pattern * np.exp(0.05 * rng.normal(size=n))
    if on_off > 0:
        x = x * (rng.uniform(size=n) >= on_off)
    return mean * x / x.mean()


def simulate_mix(n_periods: int = 180, *, channels: dict[str, dict[str, Any]] | None = None,
                 seed: int = 0, start: str = "2023-01-02", freq: str = "W-MON",
                 intercept: float = 10_000.0, trend: float = 2_000.0, seasonality: float = 1_500.0,
                 control_effect: float = 800.0, noise_sd: float = 400.0,
                 target: str = "revenue") -> tuple[pd.DataFrame, dict[str, Any]]:
    """Simulate a weekly (or daily) series with a known media effect.

    Parameters
    ----------
    n_periods : int
        Number of periods (weeks by default).
    channels : dict, optional
        Channel name -> spec with ``mean_spend`` (currency per period), ``cv`` (coefficient of
        variation of the spend), ``adstock`` (``geometric`` with ``alpha``, or ``weibull`` with
        ``shape`` and ``scale``), ``saturation`` (``logistic`` with ``lam``, or ``hill`` with ``K``
        and ``slope``), ``beta`` (target unit per period at full saturation); optional
        ``follows``: ``"season"`` (the spend follows the seasonality: confounded), ``"trend"``
        (grows with the trend) or another channel's name (collinear with it); optional
        ``on_off`` (share of periods without spend). Default :data:`DEFAULT_CHANNELS`.
    seed : int
        Seed of ``numpy.random.default_rng``.
    start, freq : str
        First date and pandas frequency (``W-MON`` weeks, ``D`` days).
    intercept, trend, seasonality, control_effect, noise_sd : float
        Baseline level, total trend over the series, amplitude of the yearly sine, effect of one
        unit of the ``price_index`` control (standard normal), noise standard deviation; all in
        the target's unit per period.
    target : str
        Name of the target column.

    Returns
    -------
    frame : DataFrame
        ``date``, ``target``, one spend column per channel, ``price_index`` (control).
    ground_truth : dict
        JSON-serialisable: ``channels`` -> name -> its parameters plus ``scale`` (mean spend),
        ``spend``, ``contribution`` (totals over the series) and ``roas``; ``contributions`` ->
        name -> the true contribution of each period (list); ``baseline`` and ``noise_sd``;
        ``target``, ``freq``, ``seed``, ``n_periods``.
    """
    channels = DEFAULT_CHANNELS if channels is None else channels
    rng = np.random.default_rng(seed)
    n = int(n_periods)
    dates = pd.date_range(start, periods=n, freq=freq)
    per_year = 365.25 if freq.upper().startswith("D") else 365.25 / 7
    t = np.arange(n, dtype=float)
    season = np.sin(2 * np.pi * t / per_year)
    control = rng.normal(size=n)
    y = intercept + trend * t / n + seasonality * season + control_effect * control
    spends: dict[str, np.ndarray] = {}
    for name, spec in channels.items():
        follows = spec.get("follows")
        pattern = None
        if follows == "season":
            pattern = 1.0 + 0.6 * season
        elif follows == "trend":
            pattern = 0.4 + 1.2 * t / n
        elif follows is not None:
            other = spends[follows]
            pattern = other / other.mean()
        spends[name] = _spend(n, float(spec["mean_spend"]), float(spec.get("cv", 0.5)), rng,
                              pattern, float(spec.get("on_off", 0.0)))
    truth_channels: dict[str, dict[str, Any]] = {}
    series: dict[str, list[float]] = {}
    for name, spec in channels.items():
        x = spends[name]
        scale = float(x.mean())
        ad_kind = spec.get("adstock", "geometric")
        ad_par = (spec["alpha"],) if ad_kind == "geometric" else (spec["shape"], spec["scale"])
        sat_kind = spec.get("saturation", "logistic")
        sat_par = (spec["lam"],) if sat_kind == "logistic" else (spec["K"], spec["slope"])
        contrib = float(spec["beta"]) * saturation(adstock(x, ad_kind, ad_par) / scale, sat_kind,
                                                   sat_par)
        y = y + contrib
        info = {k: (float(v) if isinstance(v, (int, float)) else v) for k, v in spec.items()}
        info.update(scale=scale, spend=float(x.sum()), contribution=float(contrib.sum()),
                    roas=float(contrib.sum() / x.sum()))
        truth_channels[name] = info
        series[name] = [float(v) for v in contrib]
    y = y + noise_sd * rng.normal(size=n)
    frame = pd.DataFrame({"date": dates, target: y, **spends, "price_index": control})
    truth = {"target": target, "freq": freq, "seed": int(seed), "n_periods": n,
             "noise_sd": float(noise_sd), "channels": truth_channels,
             "contributions": series,
             "baseline": {"intercept": float(intercept), "trend": float(trend),
                          "seasonality": float(seasonality),
                          "control_effect": {"price_index": float(control_effect)}}}
    return frame, truth
