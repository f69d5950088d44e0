"""The KPI formulas of docs/design.md section 5, as pure functions.

Each takes numbers, aligned pandas Series (one value per channel) or NumPy arrays and returns the
same shape. A
ratio whose denominator is zero (or missing) is missing (NaN): never infinity, never an error.
Amounts are in the client's currency; shares are fractions (0.25 = 25 %).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

Number = float | int | np.number | pd.Series | np.ndarray


def _divide(num, den) -> np.ndarray:
    n = np.asarray(num, dtype="float64")
    d = np.asarray(den, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return n / np.where(d == 0, np.nan, d)


def safe_div(num: Number, den: Number) -> Number:
    """``num / den``, NaN where ``den`` is 0 or missing."""
    if isinstance(num, np.ndarray) or isinstance(den, np.ndarray):
        return _divide(num, den)
    if isinstance(num, pd.Series) or isinstance(den, pd.Series):
        num_s = num.astype("float64") if isinstance(num, pd.Series) else num
        den_s = den.astype("float64") if isinstance(den, pd.Series) else den
        den_s = den_s.where(den_s != 0) if isinstance(den_s, pd.Series) else (np.nan if den_s == 0 else den_s)
        return num_s / den_s
    if den is None or num is None or pd.isna(den) or den == 0 or pd.isna(num):
        return np.nan
    return float(num) / float(den)


def cost_per_lead(marketing_cost: Number, leads: Number) -> Number:
    """``cpl = marketing cost / leads`` (currency per lead). 30 000 € for 200 leads -> 150 €."""
    return safe_div(marketing_cost, leads)


def cost_per_click(media_cost_with_clicks: Number, clicks: Number) -> Number:
    """``cpc = media cost / clicks`` over the spend rows that carry clicks (currency per click)."""
    return safe_div(media_cost_with_clicks, clicks)


def click_through_rate(clicks: Number, impressions: Number) -> Number:
    """``ctr = clicks / impressions`` over the spend rows that carry both (share)."""
    return safe_div(clicks, impressions)


def cost_per_mille(media_cost_with_impressions: Number, impressions: Number) -> Number:
    """``cpm = 1000 x media cost / impressions`` over rows that carry impressions (currency)."""
    return safe_div(1000 * media_cost_with_impressions, impressions)


def customer_acquisition_cost(acquisition_cost: Number, new_customers: Number) -> Number:
    """``cac = acquisition cost (every spend category, sales included) / new customers``."""
    return safe_div(acquisition_cost, new_customers)


def cost_per_visitor(marketing_cost: Number, visitors: Number) -> Number:
    """``cost_per_visitor = marketing cost / visitors`` (currency per visitor)."""
    return safe_div(marketing_cost, visitors)


def visitor_to_lead(leads: Number, visitors: Number) -> Number:
    """``visitor_to_lead = leads / visitors`` (share)."""
    return safe_div(leads, visitors)


def lead_to_customer(converted_leads: Number, leads: Number) -> Number:
    """``lead_to_customer = leads of P whose first order came within the window / leads of P``."""
    return safe_div(converted_leads, leads)


def visitors_per_customer(visitors: Number, new_customers: Number) -> Number:
    """``visitors_per_customer = visitors / new customers``."""
    return safe_div(visitors, new_customers)


def average_basket(revenue: Number, orders: Number) -> Number:
    """``average_basket = revenue / orders`` (currency per order)."""
    return safe_div(revenue, orders)


def purchase_frequency(orders: Number, customers: Number) -> Number:
    """``purchase_frequency = orders / distinct ordering contacts`` (orders per customer)."""
    return safe_div(orders, customers)


def roas(revenue: Number, marketing_cost: Number) -> Number:
    """``roas = revenue / marketing cost`` (currency earned per currency spent)."""
    return safe_div(revenue, marketing_cost)


def roi(revenue: Number, marketing_cost: Number) -> Number:
    """``roi = (revenue - marketing cost) / marketing cost`` (share; 0.5 = +50 %)."""
    return safe_div(revenue - marketing_cost, marketing_cost)


def margin_roi(gross_margin: Number, marketing_cost: Number) -> Number:
    """``margin_roi = (gross margin - marketing cost) / marketing cost`` (share)."""
    return safe_div(gross_margin - marketing_cost, marketing_cost)


def roi_on_growth(revenue: Number, comparison_revenue: Number, marketing_cost: Number) -> Number:
    """``roi_on_growth = (revenue - revenue of the comparison period - marketing cost) / marketing
    cost`` — the seeds' formula: ROI = (sales growth - marketing cost) / marketing cost."""
    return safe_div(revenue - comparison_revenue - marketing_cost, marketing_cost)


def retention_rate(retained_customers: Number, previous_customers: Number) -> Number:
    """``retention_rate = customers of the previous period who ordered again in P / customers of
    the previous period`` (share)."""
    return safe_div(retained_customers, previous_customers)


def churn_rate(retained_customers: Number, previous_customers: Number) -> Number:
    """``churn_rate = 1 - retention_rate`` (share)."""
    return 1 - retention_rate(retained_customers, previous_customers)


def net_promoter_score(promoters: Number, detractors: Number, answers: Number) -> Number:
    """``nps = 100 x (promoters (9-10) - detractors (0-6)) / answers`` (points, -100..100)."""
    return 100 * safe_div(promoters - detractors, answers)


def expected_lifetime_years(yearly_retention: Number) -> Number:
    """``lifetime = 1 / (1 - r)`` years for a yearly retention ``r`` (NaN when r = 1)."""
    return safe_div(1.0, 1 - yearly_retention)


def simple_clv(average_basket_: Number, yearly_purchase_frequency: Number, margin_rate: Number,
               yearly_retention: Number) -> Number:
    """``clv = average basket x yearly purchase frequency x margin rate x 1 / (1 - r)``
    (currency per customer, undiscounted)."""
    m = average_basket_ * yearly_purchase_frequency * margin_rate
    return m * expected_lifetime_years(yearly_retention)


def discounted_clv(yearly_margin: Number, yearly_retention: Number, discount_rate: Number) -> Number:
    """``clv = m x (1 + d) / (1 + d - r)`` (currency per customer).

    A customer brings the yearly margin ``m`` in her first year (counted, as in the undiscounted
    :func:`simple_clv`), then each later year with probability ``r`` per year, discounted at the
    annual rate ``d``: ``sum_k m r^k / (1 + d)^k = m (1 + d) / (1 + d - r)``, which equals
    ``m / (1 - r)`` at ``d = 0``. Missing (NaN) when the denominator is 0.
    """
    return safe_div(yearly_margin * (1 + discount_rate), 1 + discount_rate - yearly_retention)


def ltv_to_cac(clv: Number, cac: Number) -> Number:
    """``ltv_to_cac = clv / cac`` (ratio; 3 or more is the usual rule of thumb)."""
    return safe_div(clv, cac)


def cac_payback_months(cac: Number, yearly_margin: Number) -> Number:
    """``cac_payback_months = cac / (yearly margin per customer / 12)``: months of margin needed
    to earn back the acquisition cost."""
    return safe_div(cac, safe_div(yearly_margin, 12))
