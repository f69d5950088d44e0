"""Is a change real or noise? Tests of a KPI between two periods (docs/design.md section 6.5).

Each test takes the counts behind a metric in the current period (suffix 1) and the comparison
period (suffix 0) and returns a :class:`TestResult` with a two-sided p-value.

* Rates (a share of a count: conversion, retention, click-through):
  two-proportion z-test, ``statsmodels.stats.proportion.proportions_ztest([x1, x0], [n1, n0])``::

      z = (x1/n1 - x0/n0) / sqrt(p (1 - p) (1/n1 + 1/n0)),   p = (x1 + x0) / (n1 + n0)

* Counts over an exposure (leads per day, leads per unit of cost for CPL, new customers per unit
  of cost for CAC): Poisson rate ratio, score test,
  ``statsmodels.stats.rates.test_poisson_2indep(c1, e1, c0, e0, method="score")``.
* NPS: each answer is +1 (promoter, 9-10), 0 (passive) or -1 (detractor); NPS / 100 is its mean,
  with variance ``pP + pD - (pP - pD)^2``. The two means are compared with a z-test on unequal
  variances (``statsmodels`` ``CompareMeans(...).ztest_ind(usevar="unequal")`` on frequency
  weighted answers)::

      z = (NPS1 - NPS0) / 100 / sqrt(var1 / (n1 - 1) + var0 / (n0 - 1))

:func:`metric_test` picks the test for a metric from the engine counts
(:func:`roianalysis.metrics.funnel_counts`), :func:`reading` says what the result means as a code
(``real_rise``, ``trend``, ``noise``...): a change is called real when p < 0.05 (:data:`ALPHA`).
The words are the report's (:func:`roianalysis.report.pages.common.significance_text`).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Significance level of the verdicts.
ALPHA = 0.05

#: Rate metrics: metric -> (numerator count, denominator count) in funnel_counts.
PROPORTIONS = {
    "lead_to_customer": ("converted_leads", "leads"),
    "retention_rate": ("retained_customers", "previous_customers"),
    "churn_rate": ("retained_customers", "previous_customers"),
    "ctr": ("clicks_with_impressions", "impressions_with_clicks"),
    "visitor_to_lead": ("leads", "visitors"),
}

#: Count metrics tested as Poisson rates: metric -> (count, exposure); ``days`` is the period
#: length. CPL and CAC are tested as leads (new customers) per unit of cost.
POISSON = {
    "leads": ("leads", "days"),
    "new_customers": ("new_customers", "days"),
    "orders": ("orders", "days"),
    "sessions": ("sessions", "days"),
    "visitors": ("visitors", "days"),
    "clicks": ("clicks", "days"),
    "customers": ("customers", "days"),
    "nps_answers": ("nps_answers", "days"),
    "cpl": ("leads", "marketing_cost"),
    "cac": ("new_customers", "cost"),
    "visitors_per_customer": ("new_customers", "visitors"),
    "cost_per_visitor": ("visitors", "marketing_cost"),
}


@dataclass(frozen=True)
class TestResult:
    """Outcome of one test: ``test`` is ``two_proportion_z``, ``poisson_score`` or ``nps_z``."""

    test: str
    statistic: float
    p_value: float

    @property
    def significant(self) -> bool:
        return bool(np.isfinite(self.p_value) and self.p_value < ALPHA)


NO_TEST = TestResult("none", np.nan, np.nan)


def _ok(*xs: float) -> bool:
    return all(x is not None and np.isfinite(x) for x in xs)


def two_proportions(x1: float, n1: float, x0: float, n0: float) -> TestResult:
    """Two-proportion z-test of ``x1/n1`` against ``x0/n0`` (two-sided, pooled variance).

    Missing when a denominator is 0, a count exceeds its denominator, or both rates are 0 or 1.
    """
    if not _ok(x1, n1, x0, n0) or n1 <= 0 or n0 <= 0 or x1 > n1 or x0 > n0 or x1 < 0 or x0 < 0:
        return NO_TEST
    if (x1 + x0) in (0, n1 + n0):
        return NO_TEST
    from statsmodels.stats.proportion import proportions_ztest

    z, p = proportions_ztest(np.array([x1, x0], dtype=float), np.array([n1, n0], dtype=float))
    return TestResult("two_proportion_z", float(z), float(p))


def poisson_rates(c1: float, e1: float, c0: float, e0: float) -> TestResult:
    """Score test that the Poisson rates ``c1/e1`` and ``c0/e0`` are equal (two-sided).

    Missing when an exposure is not positive or both counts are 0.
    """
    if not _ok(c1, e1, c0, e0) or e1 <= 0 or e0 <= 0 or c1 < 0 or c0 < 0 or c1 + c0 == 0:
        return NO_TEST
    from statsmodels.stats.rates import test_poisson_2indep

    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # a zero count makes the rate ratio inf
        r = test_poisson_2indep(float(c1), float(e1), float(c0), float(e0), method="score")
    return TestResult("poisson_score", float(r.statistic), float(r.pvalue))


def nps_variance(promoters: float, detractors: float, answers: float) -> float:
    """Variance of one answer's score (+1/0/-1): ``pP + pD - (pP - pD)^2``."""
    p, d = promoters / answers, detractors / answers
    return p + d - (p - d) ** 2


def nps_test(promoters1: float, detractors1: float, answers1: float,
             promoters0: float, detractors0: float, answers0: float) -> TestResult:
    """z-test of the difference of two NPS (unequal variances, see the module docstring)."""
    if not _ok(promoters1, detractors1, answers1, promoters0, detractors0, answers0):
        return NO_TEST
    if answers1 < 2 or answers0 < 2:
        return NO_TEST
    v1 = nps_variance(promoters1, detractors1, answers1)
    v0 = nps_variance(promoters0, detractors0, answers0)
    if v1 + v0 <= 0:
        return NO_TEST
    from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

    def answers(p, d, n):
        return DescrStatsW(np.array([1.0, 0.0, -1.0]), weights=np.array([p, n - p - d, d], float))

    z, pv = CompareMeans(answers(promoters1, detractors1, answers1),
                         answers(promoters0, detractors0, answers0)).ztest_ind(usevar="unequal")
    return TestResult("nps_z", float(z), float(pv))


def metric_test(metric: str, current: pd.Series, comparison: pd.Series,
                days: tuple[int, int] = (1, 1)) -> TestResult:
    """The right test of ``metric`` between two rows of :func:`funnel_counts`.

    Parameters
    ----------
    metric : str
        Catalogue name. Metrics without a count behind them (revenue, ROI...) give ``NO_TEST``.
    current, comparison : Series
        Counts of the period and of the comparison period.
    days : (int, int)
        Lengths of the two periods (exposure of the per-day count tests).
    """
    if metric in PROPORTIONS:
        x, n = PROPORTIONS[metric]
        return two_proportions(current.get(x, np.nan), current.get(n, np.nan),
                               comparison.get(x, np.nan), comparison.get(n, np.nan))
    if metric in POISSON:
        c, e = POISSON[metric]
        e1 = days[0] if e == "days" else current.get(e, np.nan)
        e0 = days[1] if e == "days" else comparison.get(e, np.nan)
        return poisson_rates(current.get(c, np.nan), e1, comparison.get(c, np.nan), e0)
    if metric == "nps":
        return nps_test(current.get("promoters", np.nan), current.get("detractors", np.nan),
                        current.get("nps_answers", np.nan), comparison.get("promoters", np.nan),
                        comparison.get("detractors", np.nan), comparison.get("nps_answers", np.nan))
    return NO_TEST


#: The codes of :func:`reading`, the plainest first.
READINGS = ("no_data", "real_rise", "real_fall", "real_change", "trend", "noise")


def reading(p_value: float, change: float | None = None) -> str:
    """What a p-value says, as a code the report turns into words
    (``significance_<code>`` of :mod:`roianalysis.report.texts`).

    Parameters
    ----------
    p_value : float
        Two-sided p-value; NaN or ``None`` gives ``no_data`` (not enough data to test).
    change : float, optional
        Signed change (current - comparison): tells ``real_rise`` from ``real_fall``.

    Returns
    -------
    str
        ``real_rise`` / ``real_fall`` / ``real_change`` when ``p_value < ALPHA`` (0.05),
        ``trend`` when ``p_value < 0.2``, else ``noise``.
    """
    if p_value is None or not np.isfinite(p_value):
        return "no_data"
    if p_value < ALPHA:
        up = change is not None and math.isfinite(change) and change > 0
        down = change is not None and math.isfinite(change) and change < 0
        return "real_rise" if up else "real_fall" if down else "real_change"
    return "trend" if p_value < 0.2 else "noise"
