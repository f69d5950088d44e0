"""The month-grouped pass gives, month by month, exactly what funnel_counts gives."""

from __future__ import annotations

import pandas as pd
import pytest

import roianalysis as ra
from roianalysis.metrics import funnel_counts, monthly_funnel_counts
from roianalysis.periods import Period
from tests.fixtures_core import tiny_client


def _compare(data, months, by):
    got = monthly_funnel_counts(data.engine, [Period.parse(m) for m in months], by,
                                window_days=data.config.conversion_window_days,
                                available=list(data.tables))
    for m in months:
        p = Period.parse(m)
        want = funnel_counts(data.engine, p, by, window_days=data.config.conversion_window_days,
                             comparison=p.previous(), available=list(data.tables))
        a = got[m].reindex(want.index.union(got[m].index))
        b = want.reindex(a.index)
        pd.testing.assert_frame_equal(a[sorted(a.columns)], b[sorted(b.columns)],
                                      check_dtype=False, rtol=1e-9, obj=f"{m} by {by}")


@pytest.mark.parametrize("by", [(), ("channel",), ("owner",)])
def test_tiny_client_month_by_month(by):
    _compare(tiny_client(), ["2025-12", "2026-01", "2026-02", "2026-03"], by)


@pytest.mark.parametrize("by", [(), ("channel",)])
def test_demo_client_month_by_month(demo_data, by):
    data = ra.load_client("northwind-b2b", demo_data)
    _compare(data, [f"2026-{m:02d}" for m in range(1, 10)], by)


@pytest.mark.spark
def test_monthly_pass_on_spark(spark_session):
    from roianalysis.engine import spark_engine

    data = tiny_client()
    months = [Period.parse(m) for m in ["2026-01", "2026-02"]]
    a = monthly_funnel_counts(data.engine, months, ("channel",), available=list(data.tables))
    b = monthly_funnel_counts(spark_engine(data.tables, spark_session), months, ("channel",),
                              available=list(data.tables))
    for m in a:
        pd.testing.assert_frame_equal(a[m], b[m].loc[a[m].index], check_dtype=False, rtol=1e-9)


@pytest.mark.parametrize("by", [None, "channel"])
def test_funnel_by_month_is_funnel_of_each_month(by):
    from roianalysis.metrics import FUNNEL_COLUMNS, funnel_by_month

    data = tiny_client()
    got = funnel_by_month(data, "2026-Q1", months=4, by=by)
    starts = [pd.Timestamp(f"{m}-01") for m in ("2025-12", "2026-01", "2026-02", "2026-03")]
    assert got["month_start"].drop_duplicates().tolist() == starts
    for start in starts:
        want = ra.funnel(data, f"{start.year}-{start.month:02d}", by=by)
        rows = got[got["month_start"] == start].drop(columns="month_start")
        rows = rows.set_index("channel") if by else rows.set_index(want.index)
        if by:  # every channel of the client has a row, zeros where it had none
            assert sorted(rows.index) == sorted(set(data.channels) | set(want.index))
            rows = rows.reindex(want.index)
        pd.testing.assert_frame_equal(rows[FUNNEL_COLUMNS], want[FUNNEL_COLUMNS],
                                      check_dtype=False, check_names=False, rtol=1e-9)
