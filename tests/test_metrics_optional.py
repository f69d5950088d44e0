"""KPIs of clients as they are: without leads, without touchpoints, with aggregated web analytics
(``traffic``) instead of touchpoints. Every figure is computed by hand in the comments."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import roianalysis as ra
from roianalysis import cohorts
from roianalysis.attribution import journeys_for_client
from roianalysis.clv import rfm_summary
from roianalysis.data.client import ClientData
from roianalysis.engine import spark_engine
from roianalysis.metrics import funnel_counts, monthly_funnel_counts
from roianalysis.periods import Period
from roianalysis.scorecard import table as scorecard

P = "2026-03"


def _spend() -> pd.DataFrame:
    # March: media 100 (Paid Search) + 50 (Paid Social), tools 30, sales 20 -> cost 200,
    # marketing cost 180; February: 40
    return pd.DataFrame({
        "date": ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-02-10"],
        "channel": ["Paid Search", "Paid Social", "Paid Search", "Paid Search", "Paid Search"],
        "cost": [100, 50, 30, 20, 40],
        "category": ["media", "media", "tools", "sales", "media"],
    })


def _orders() -> pd.DataFrame:
    # c3 first ordered in February: March's new customers are c1 and c2
    return pd.DataFrame({
        "order_id": ["o1", "o2", "o3", "o4", "o5"],
        "contact_id": ["c1", "c2", "c1", "c3", "c3"],
        "ordered_at": ["2026-03-05 10:00", "2026-03-10 11:00", "2026-03-20 12:00",
                       "2026-02-10 09:00", "2026-03-15 09:00"],
        "revenue": [200, 100, 50, 80, 40],
    })


def _leads() -> pd.DataFrame:
    return pd.DataFrame({
        "contact_id": ["l1", "l2", "l3", "l4"],
        "created_at": ["2026-03-02 10:00", "2026-03-03 10:00", "2026-03-04 10:00", "2026-02-20 10:00"],
        "channel": ["Paid Search", "Paid Search", None, "Paid Social"],
    })


def _traffic(users: bool = True) -> pd.DataFrame:
    # March: Paid Search 30 + 10 sessions, 20 + 8 users; Organic Search 50 sessions, 40 users
    df = pd.DataFrame({
        "date": ["2026-03-01", "2026-03-02", "2026-03-01", "2026-02-15"],
        "channel": ["Paid Search", "Paid Search", "Organic Search", "Paid Search"],
        "sessions": [30, 10, 50, 99],
        "users": [20, 8, 40, 90],
    })
    return df if users else df.drop(columns="users")


@pytest.fixture(scope="module")
def shop():
    """A shop with spend and orders only (no CRM, no web analytics)."""
    return ClientData.from_frames({"spend": _spend(), "orders": _orders()})


@pytest.fixture(scope="module")
def b2b():
    """Spend, leads and aggregated web analytics, no touchpoints, no orders."""
    return ClientData.from_frames({"spend": _spend(), "leads": _leads(), "traffic": _traffic()})


@pytest.fixture(scope="module")
def shop_traffic():
    """Spend, orders and aggregated web analytics."""
    return ClientData.from_frames({"spend": _spend(), "orders": _orders(), "traffic": _traffic()})


def test_leads_are_optional_in_a_client_folder(tmp_path):
    folder = tmp_path / "shop"
    folder.mkdir()
    _spend().to_csv(folder / "spend.csv", index=False)
    _orders().to_csv(folder / "orders.csv", index=False)
    data = ra.load_client("shop", tmp_path)
    assert sorted(data.tables) == ["orders", "spend"]
    assert ra.kpis(data, P)["new_customers"] == 2


def test_spend_and_orders_only(shop):
    k = ra.kpis(shop, P)
    assert k["cost"] == 200 and k["marketing_cost"] == 180
    assert k["new_customers"] == 2  # c1, c2 (c3 first ordered in February)
    assert k["revenue"] == 390 and k["orders"] == 4 and k["customers"] == 3
    assert k["cac"] == pytest.approx(200 / 2)
    assert k["roi"] == pytest.approx((390 - 180) / 180)
    assert k["roas"] == pytest.approx(390 / 180)
    assert k["retention_rate"] == 1.0  # February's only customer c3 ordered again
    for m in ("leads", "cpl", "lead_to_customer", "sessions", "visitors", "visitor_to_lead",
              "cost_per_visitor", "visitors_per_customer", "sales_cycle_days", "nps"):
        assert math.isnan(k[m]), m  # unknown, not 0


def test_customers_without_lead_nor_touch_are_of_unknown_channel(shop):
    f = ra.funnel(shop, P)
    assert f.loc["(unknown)", "new_customers"] == 2 and f.loc["(unknown)", "revenue"] == 390
    assert f.loc["Paid Search", "marketing_cost"] == 100 + 30
    assert f.loc["Paid Search", "new_customers"] == 0
    assert f["leads"].isna().all() and f["visitors"].isna().all()


def test_customers_without_lead_take_their_first_touch(shop):
    tp = pd.DataFrame({"contact_id": ["c1", "c1", "c2"],
                       "timestamp": ["2026-03-01 09:00", "2026-03-06 09:00", "2026-03-11 09:00"],
                       "channel": ["Paid Social", "Paid Search", "Paid Search"]})
    data = ClientData.from_frames({"spend": _spend(), "orders": _orders(), "touchpoints": tp})
    f = ra.funnel(data, P)
    assert f.loc["Paid Social", "new_customers"] == 1  # c1: first touch before its first order
    assert f.loc["Paid Social", "revenue"] == 250  # c1's two March orders
    assert f.loc["(unknown)", "new_customers"] == 1  # c2's only touch came after its order
    assert f.loc["Paid Search", "new_customers"] == 0


def test_analyses_on_orders_only(shop):
    sc = scorecard.scorecard(shop, P)
    assert len(sc)
    rows = sc[sc["channel"].isna()].set_index("metric") if "metric" in sc else sc
    assert rows.loc["new_customers", "actual"] == 2
    assert journeys_for_client(shop, P).empty  # attribution needs touchpoints: nothing to credit
    m = cohorts.cohort_matrix(shop.tables["orders"])
    assert m.sizes.sum() == 3  # c1, c2, c3: one cohort each
    rfm = rfm_summary(shop, calibration_end="2026-03-31")
    assert len(rfm) == 3 and rfm.loc["c1", "frequency"] == 1


def test_visitors_from_traffic_without_touchpoints(b2b):
    k = ra.kpis(b2b, P)
    assert k["sessions"] == 30 + 10 + 50
    assert k["visitors"] == 20 + 8 + 40  # users summed over days and channels
    assert k["leads"] == 3
    assert k["visitor_to_lead"] == pytest.approx(3 / 68)
    assert k["cost_per_visitor"] == pytest.approx(180 / 68)
    assert k["cpl"] == pytest.approx(180 / 3)
    for m in ("new_customers", "revenue", "lead_to_customer", "roi", "cac"):
        assert math.isnan(k[m]), m


def test_visitors_from_traffic_per_channel(b2b):
    f = ra.funnel(b2b, P)
    ps = f.loc["Paid Search"]
    assert ps["sessions"] == 40 and ps["visitors"] == 28 and ps["leads"] == 2
    assert ps["visitor_to_lead"] == pytest.approx(2 / 28)
    assert ps["cost_per_visitor"] == pytest.approx(130 / 28)
    assert ps["cpl"] == pytest.approx(130 / 2)
    org = f.loc["Organic Search"]
    assert org["visitors"] == 40 and org["leads"] == 0 and org["visitor_to_lead"] == 0
    unk = f.loc["(unknown)"]  # l3 has no channel and no touchpoint
    assert unk["leads"] == 1 and unk["visitors"] == 0 and math.isnan(unk["visitor_to_lead"])
    assert f.loc["Paid Social", "visitors"] == 0  # in spend, never in the analytics


def test_traffic_rows_without_users_or_outside_the_export_are_unknown(b2b):
    data = ClientData.from_frames({"spend": _spend(), "leads": _leads(),
                                   "traffic": _traffic(users=False)})
    k = ra.kpis(data, P)
    assert k["sessions"] == 90 and math.isnan(k["visitors"]) and math.isnan(k["visitor_to_lead"])
    before = ra.kpis(b2b, "2025-06")  # the export starts in February 2026
    assert math.isnan(before["sessions"]) and math.isnan(before["visitors"])


def test_traffic_counts_of_several_months_equal_each_month(b2b):
    many = monthly_funnel_counts(b2b.engine, [Period.parse("2026-02"), Period.parse("2026-03")],
                                 ("channel",), available=list(b2b.tables))
    for label, counts in many.items():
        one = funnel_counts(b2b.engine, Period.parse(label), ("channel",),
                            comparison=Period.parse(label).previous(), available=list(b2b.tables))
        pd.testing.assert_frame_equal(counts[one.columns], one, check_like=True)
    assert many["2026-02"].loc["Paid Search", "visitors"] == 90


def test_orders_and_traffic(shop_traffic):
    k = ra.kpis(shop_traffic, P)
    assert k["visitors"] == 68 and k["sessions"] == 90 and k["new_customers"] == 2
    assert k["visitors_per_customer"] == pytest.approx(68 / 2)
    assert math.isnan(k["visitor_to_lead"]) and math.isnan(k["leads"])
    assert k["roi"] == pytest.approx((390 - 180) / 180)


def test_traffic_by_campaign_and_segment(b2b):
    by_campaign = ra.funnel(b2b, P, by="campaign")
    assert by_campaign.loc[("Paid Search", "(none)"), "visitors"] == 28
    by_segment = ra.funnel(b2b, P, by="segment")  # analytics are not split by lead segment
    assert by_segment["visitors"].isna().all()


@pytest.mark.spark
def test_spark_gives_the_same_traffic_counts(b2b, spark_session):
    spark = spark_engine(b2b.tables, spark_session)
    for by in ((), ("channel",)):
        a = funnel_counts(b2b.engine, Period.parse(P), by, available=list(b2b.tables), cache=False)
        b = funnel_counts(spark, Period.parse(P), by, available=list(b2b.tables), cache=False)
        pd.testing.assert_frame_equal(a.sort_index(), b.sort_index()[a.columns], check_dtype=False)
    assert np.isclose(a.loc["Paid Search", "visitors"], 28)
