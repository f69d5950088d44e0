"""Every KPI of docs/design.md section 5, pinned by hand on tests/fixtures_core.py (period 2026-01)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import roianalysis as ra
from roianalysis import formulas as f
from roianalysis.metrics import FUNNEL_COLUMNS
from tests.fixtures_core import tiny_client


@pytest.fixture(scope="module")
def data():
    return tiny_client()


@pytest.fixture(scope="module")
def jan(data):
    return ra.kpis(data, "2026-01")


def test_seed_example_cpl():
    assert f.cost_per_lead(30_000, 200) == 150.0


def test_zero_denominators_are_nan_never_inf():
    assert math.isnan(f.cost_per_lead(100, 0))
    assert math.isnan(f.roi(100, 0))
    s = f.cost_per_lead(pd.Series([100.0, 50.0]), pd.Series([0.0, 5.0]))
    assert math.isnan(s.iloc[0]) and s.iloc[1] == 10.0
    assert not np.isinf(s).any()


def test_costs(jan):
    assert jan["cost"] == 37_000  # acquisition cost: every category
    assert jan["marketing_cost"] == 32_000  # all but sales
    assert jan["media_cost"] == 30_000


def test_paid_media_ratios(jan):
    assert jan["cpc"] == pytest.approx(20_000 / 1_000)  # only rows carrying clicks
    assert jan["ctr"] == pytest.approx(1_000 / 50_000)  # only rows carrying both
    assert jan["cpm"] == pytest.approx(1000 * 30_000 / 70_000)


def test_traffic_with_utc_timestamp_in_paris(jan):
    # c2's touch at 23:30Z on Dec 31 is 00:30 on Jan 1 in Paris: it counts in January.
    assert jan["sessions"] == 4
    assert jan["visitors"] == 3


def test_leads_and_cpl(jan):
    assert jan["leads"] == 4
    assert jan["cpl"] == 8_000


def test_customers_orders_revenue(jan):
    # o7 at 23:30Z on Jan 31 is Feb 1 in Paris: not in January.
    assert jan["orders"] == 4
    assert jan["revenue"] == 1_800
    assert jan["customers"] == 3
    assert jan["new_customers"] == 2  # c1 and c6; c2's first order was in December
    assert jan["average_basket"] == 450
    assert jan["purchase_frequency"] == pytest.approx(4 / 3)
    assert jan["cac"] == 18_500


def test_funnel_rates(jan):
    assert jan["visitor_to_lead"] == pytest.approx(4 / 3)
    assert jan["cost_per_visitor"] == pytest.approx(32_000 / 3)
    assert jan["visitors_per_customer"] == 1.5
    # c1 (20 days) and c3 (23 days, first order on Feb 1 in Paris) convert within 90 days;
    # c2 ordered before becoming a lead; c5's first order is 101 days later.
    assert jan["lead_to_customer"] == 0.5


def test_returns(jan):
    assert jan["roas"] == pytest.approx(1_800 / 32_000)
    assert jan["roi"] == pytest.approx((1_800 - 32_000) / 32_000)
    assert jan["gross_margin"] == pytest.approx(720)
    assert jan["margin_roi"] == pytest.approx((720 - 32_000) / 32_000)
    # previous period (December) revenue: o3 = 300
    assert jan["roi_on_growth"] == pytest.approx((1_800 - 300 - 32_000) / 32_000)


def test_retention_nps_cycle(jan):
    assert jan["retention_rate"] == 1.0  # c2 ordered in December and again in January
    assert jan["churn_rate"] == 0.0
    assert jan["nps_answers"] == 5
    assert jan["nps"] == pytest.approx(100 * (3 - 1) / 5)
    assert jan["sales_cycle_days"] == 20  # c1: lead Jan 5, first order Jan 25


def test_conversion_window_is_configurable():
    data = tiny_client(conversion_window_days=120)
    assert ra.kpis(data, "2026-01")["lead_to_customer"] == 0.75  # c5 at 101 days now counts


def test_margin_column_overrides_rate():
    from roianalysis.data.client import ClientData
    from roianalysis.data.config import parse_config
    from tests.fixtures_core import CONFIG, tiny_tables

    t = tiny_tables()
    t["orders"]["margin"] = ["300", "", "", "50", "", "10", ""]
    data = ClientData.from_frames(t, parse_config(CONFIG, "tiny"))
    # o1 300 + o2 500*0.4 + o4 50 + o6 10
    assert ra.kpis(data, "2026-01")["gross_margin"] == pytest.approx(560)


def test_missing_margin_rate_gives_nan():
    data = tiny_client(gross_margin_rate=None)
    k = ra.kpis(data, "2026-01")
    assert math.isnan(k["gross_margin"]) and math.isnan(k["margin_roi"])


def test_funnel_by_channel(data):
    fn = ra.funnel(data, "2026-01")
    assert list(fn.columns) == FUNNEL_COLUMNS
    g = fn.loc["Google"]
    assert g["cost"] == 27_000 and g["marketing_cost"] == 22_000
    assert g["leads"] == 1 and g["cpl"] == 22_000  # c1 via first touch
    assert g["visitors"] == 2 and g["new_customers"] == 1 and g["cac"] == 27_000
    assert g["revenue"] == 1_500
    m = fn.loc["Meta"]
    assert m["leads"] == 1  # c5: first touch in December, before the lead
    assert math.isnan(m["cac"])  # no new customer: missing, not infinite
    e = fn.loc["Email"]  # channel column of the lead wins over touchpoints
    assert e["leads"] == 1 and e["cpl"] == 0 and e["revenue"] == 200 and math.isnan(e["roi"])
    u = fn.loc["(unknown)"]  # c3 (no touch before its lead) and c6 (no lead, no touch)
    assert u["leads"] == 1 and u["revenue"] == 100 and u["new_customers"] == 1
    # every lead and every euro is somewhere
    assert fn["leads"].sum() == 4 and fn["revenue"].sum() == 1_800
    assert fn["cost"].sum() == 37_000


def test_funnel_by_campaign_and_segment(data):
    by_c = ra.funnel(data, "2026-01", by="campaign")
    assert by_c.loc[("Google", "g1"), "leads"] == 1  # c1's first Google touch was campaign g1
    assert by_c.loc[("Google", "g1"), "cost"] == 20_000
    by_s = ra.funnel(data, "2026-01", by="segment")
    assert by_s.loc["smb", "leads"] == 2 and by_s.loc["ent", "leads"] == 2
    assert math.isnan(by_s.loc["smb", "cost"])  # spend cannot be split by lead segment
    by_o = ra.funnel(data, "2026-01", by="owner")
    assert by_o.loc["Ann", "sales_cycle_days"] == 20


def test_period_boundaries_inclusive_whole_days(data):
    # 2026-01-31 spend (tools) is in January; 2026-02-01 spend is not.
    feb = ra.kpis(data, "2026-02")
    assert feb["media_cost"] == 777
    assert feb["orders"] == 1 and feb["revenue"] == 50  # o7 lands on Feb 1 in Paris
    w = ra.kpis(data, "2026-01-01..2026-01-04")
    assert w["sessions"] == 3  # Jan 1 00:30 (c2), Jan 3, Jan 4


def test_year_ago_comparison(data):
    k = ra.kpis(data, "2026-01", comparison="year_ago")
    assert k["roi_on_growth"] == pytest.approx((1_800 - 0 - 32_000) / 32_000)


def test_simple_clv_formulas():
    # basket 50, 4 orders/year, 30 % margin, retention 0.75 -> 60 x 4 = 240
    assert f.simple_clv(50, 4, 0.3, 0.75) == pytest.approx(240)
    # m (1 + d) / (1 + d - r): 60 x 1.1 / 0.35 = 188.571...; equal to m / (1 - r) = 240 at d = 0
    assert f.discounted_clv(60, 0.75, 0.10) == pytest.approx(188.5714285714)
    assert f.discounted_clv(60, 0.75, 0.0) == pytest.approx(f.simple_clv(50, 4, 0.3, 0.75))
    assert math.isnan(f.expected_lifetime_years(1.0))
    assert f.cac_payback_months(120, 60) == pytest.approx(24)
    assert f.ltv_to_cac(240, 80) == 3


def test_clv_inputs_over_trailing_year(data):
    k = ra.kpis(data, "2026-01")
    # trailing year Feb 1 2025..Jan 31 2026: orders o1..o4, o6 = 2100 over 5 orders, 3 customers;
    # the year before has no customer: retention unknown -> CLV missing, not infinite
    assert math.isnan(k["clv"]) and math.isnan(k["ltv_to_cac"])
    assert k["cac_payback_months"] == pytest.approx(18_500 / ((2100 / 5) * (5 / 3) * 0.4 / 12))


def test_kpis_names_match_design(jan):
    for name in ["cpl", "cac", "visitor_to_lead", "lead_to_customer", "visitors_per_customer",
                 "roas", "roi", "margin_roi", "retention_rate", "nps", "sales_cycle_days",
                 "average_basket", "purchase_frequency", "visitors", "sessions", "leads",
                 "new_customers", "revenue", "orders", "cpc", "ctr", "cpm", "cost_per_visitor",
                 "roi_on_growth", "churn_rate", "clv", "ltv_to_cac", "cac_payback_months"]:
        assert name in jan.index, name


def test_without_orders_table_conversion_is_unknown():
    from roianalysis.data.client import ClientData
    from roianalysis.data.config import parse_config
    from tests.fixtures_core import CONFIG, tiny_tables

    t = tiny_tables()
    del t["orders"]
    data = ClientData.from_frames(t, parse_config(CONFIG, "tiny"))
    k = ra.kpis(data, "2026-01")
    assert k["leads"] == 4
    for name in ["lead_to_customer", "new_customers", "revenue", "cac", "roi"]:
        assert math.isnan(k[name]), name
