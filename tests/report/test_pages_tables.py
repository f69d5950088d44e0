"""Notebook tables computed on a small client through the engine: they agree with funnel()."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import roianalysis as ra
from roianalysis.data.client import ClientData
from roianalysis.report import pages as views
from roianalysis.schema import ALL_CHANNELS


@pytest.fixture(scope="module")
def small_client() -> ClientData:
    rng = np.random.default_rng(3)
    days = pd.date_range("2026-01-01", "2026-09-30", freq="D")
    spend = pd.DataFrame({
        "date": np.repeat(days, 2), "channel": ["Email", "Paid Search"] * len(days),
        "cost": rng.uniform(5, 50, 2 * len(days)).round(2),
        "category": np.where(rng.uniform(size=2 * len(days)) < 0.1, "sales", "media"),
    })
    n = 400
    created = pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.uniform(0, 270, n), unit="D")
    leads = pd.DataFrame({"contact_id": [f"c{i}" for i in range(n)], "created_at": created,
                          "channel": rng.choice(["Email", "Paid Search", "Direct"], n)})
    buyers = rng.choice(n, 150, replace=False)
    orders = pd.DataFrame({
        "order_id": [f"o{i}" for i in range(150)],
        "contact_id": [f"c{i}" for i in buyers],
        "ordered_at": created[buyers] + pd.to_timedelta(rng.uniform(0, 40, 150), unit="D"),
        "revenue": rng.uniform(20, 200, 150).round(2),
    })
    orders = orders[orders["ordered_at"] < "2026-10-01"]
    return ClientData.from_frames({"spend": spend, "leads": leads, "orders": orders})


def test_monthly_trend_equals_funnel_of_each_month(small_client):
    trend = views.monthly_trend(small_client, "2026-Q3", months=4, lang="en")
    assert trend["month"].unique().tolist() == ["Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026"]
    for month in ("2026-06", "2026-09"):
        f = ra.funnel(small_client, month)
        start = pd.Timestamp(f"{month}-01")
        got = trend[trend["month_start"] == start].set_index("channel")
        for col in ("cost", "marketing_cost", "leads", "new_customers", "cpl", "cac"):
            expected = f[col].reindex(got.index)
            np.testing.assert_allclose(got[col].to_numpy(float), expected.to_numpy(float),
                                       rtol=1e-9, err_msg=f"{month} {col}")


def test_monthly_totals_and_pivot(small_client):
    trend = views.monthly_trend(small_client, "2026-Q3", months=3, lang="fr")
    totals = views.monthly_totals(trend)
    k = ra.kpis(small_client, "2026-09")
    sep = totals.set_index("month").loc["sept. 2026"]
    assert sep["leads"] == k["leads"]
    assert sep["cpl"] == pytest.approx(k["cpl"])
    wide = views.pivot_months(trend, "marketing_cost")
    assert list(wide.index) == ["juil. 2026", "août 2026", "sept. 2026"]
    assert "Direct" not in wide.columns  # no spend at all: left out of the spend chart


def test_channel_and_lead_tables(small_client):
    f = ra.funnel(small_client, "2026-Q3")
    t = views.channel_table(f, total=ra.kpis(small_client, "2026-Q3"), columns=views.COST_COLUMNS)
    assert t.index[-1] == ALL_CHANNELS
    assert t.index[0] in ("Email", "Paid Search")  # largest spend first
    assert views.has_dimension(small_client, "segment") is False
    assert views.paid(f).index.tolist() == sorted(views.paid(f).index.tolist())


@pytest.mark.parametrize("client", ["northwind-b2b", "boutique-lumiere"])
def test_tables_computed_from_their_parts_only_equal_the_full_funnel(demo_data, client):
    """The acquisition notebook asks only for the aggregates its campaign, segment, sales-rep and
    channel x segment tables show (fewer queries): the tables are the same."""
    data = ra.load_client(client, demo_data)
    data.engine.cache_dir = None  # compute both ways
    p = "2026-Q3"

    def both(by, parts, **kw):
        return ra.funnel(data, p, by=by, parts=parts, **kw), ra.funnel(data, p, by=by, **kw)

    some, full = both("campaign", views.CAMPAIGN_PARTS, comparison="previous")
    pd.testing.assert_frame_equal(views.campaign_table(some), views.campaign_table(full))
    for dim in ("segment", "owner"):
        if views.has_dimension(data, dim):
            some, full = both(dim, views.LEAD_PARTS, comparison="previous")
            pd.testing.assert_frame_equal(views.lead_breakdown(some), views.lead_breakdown(full))
    if views.has_dimension(data, "segment"):
        some, full = both(["channel", "segment"], views.MATRIX_PARTS)
        pd.testing.assert_frame_equal(views.channel_segment_matrix(some),
                                      views.channel_segment_matrix(full))
    # an aggregate left out is not queried: no orders part, no comparison revenue either
    engine = data.engine
    before = engine.queries
    c = ra.metrics.funnel_counts(engine, ra.Period.parse("2026-Q1"), ["segment"], parts=("leads",),
                                 comparison=ra.Period.parse("2025-Q4"))
    assert engine.queries - before == 1
    assert c["comparison_revenue"].isna().all() and c["revenue"].isna().all()
