"""A/B (holdout) tests on conversion rates, with the scorecard's significance helpers.

For ``x_a`` conversions out of ``n_a`` (control) and ``x_b`` out of ``n_b`` (variant)::

    p_a = x_a / n_a,  p_b = x_b / n_b,  difference = p_b - p_a,  relative_lift = p_b / p_a - 1

* p-value: two-proportion z-test with pooled variance,
  :func:`roianalysis.scorecard.significance.two_proportions` (``statsmodels`` ``proportions_ztest``);
* interval of the difference (Wald, unpooled):
  ``difference +- z * sqrt(p_a (1 - p_a) / n_a + p_b (1 - p_b) / n_b)``;
* sample size per group to detect ``p_a -> p_b`` (two-sided ``alpha``, power ``1 - beta``)::

      n = (z_{1-alpha/2} sqrt(2 pbar (1 - pbar)) + z_{1-beta} sqrt(p_a q_a + p_b q_b))^2
          / (p_b - p_a)^2,     pbar = (p_a + p_b) / 2
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from roianalysis.scorecard.significance import ALPHA, two_proportions

__all__ = ["ABResult", "ab_sample_size", "ab_test"]


@dataclass(frozen=True)
class ABResult:
    """Rates (shares), their difference (share points), relative lift, interval, test."""

    rate_a: float
    rate_b: float
    difference: float
    relative_lift: float
    interval: tuple[float, float]
    statistic: float
    p_value: float
    level: float

    @property
    def significant(self) -> bool:
        return bool(math.isfinite(self.p_value) and self.p_value < 1 - self.level)


def ab_test(conversions_a: float, n_a: float, conversions_b: float, n_b: float,
            level: float = 1 - ALPHA) -> ABResult:
    """Compare the conversion rate of B (variant) with A (control); see the module docstring.

    Raises
    ------
    ValueError
        When a group is empty or has more conversions than members.
    """
    for name, x, n in (("a", conversions_a, n_a), ("b", conversions_b, n_b)):
        if not (n > 0 and 0 <= x <= n):
            raise ValueError(f"group {name}: expected 0 <= conversions <= n and n > 0, got "
                             f"{x} of {n}")
    pa, pb = conversions_a / n_a, conversions_b / n_b
    test = two_proportions(conversions_b, n_b, conversions_a, n_a)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    se = math.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    d = pb - pa
    return ABResult(rate_a=pa, rate_b=pb, difference=d,
                    relative_lift=pb / pa - 1 if pa > 0 else math.nan,
                    interval=(d - z * se, d + z * se), statistic=test.statistic,
                    p_value=test.p_value, level=level)


def ab_sample_size(base_rate: float, relative_lift: float, alpha: float = ALPHA,
                   power: float = 0.8) -> int:
    """Members per group to detect ``base_rate -> base_rate * (1 + relative_lift)``."""
    pa = base_rate
    pb = base_rate * (1 + relative_lift)
    if not (0 < pa < 1 and 0 < pb < 1 and pa != pb):
        raise ValueError("expected 0 < base_rate < 1, a non-zero lift and a variant rate below 1")
    za, zb = NormalDist().inv_cdf(1 - alpha / 2), NormalDist().inv_cdf(power)
    pbar = (pa + pb) / 2
    n = (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(pa * (1 - pa) + pb * (1 - pb))
         ) ** 2 / (pb - pa) ** 2
    return int(math.ceil(n))
