"""Several periods in one engine pass per table give, period by period, exactly what
funnel_counts gives: overlapping periods, empty periods, missing tables, every breakdown."""

from __future__ import annotations

import pandas as pd
import pytest

import roianalysis as ra
from roianalysis.data.client import ClientData
from roianalysis.data.config import parse_config
from roianalysis.metrics import funnel_counts, funnel_counts_many
from roianalysis.periods import Period
from tests.fixtures_core import CONFIG, tiny_client, tiny_tables

#: Overlapping (the quarter holds both months, the range straddles them), before the data,
#: after the data.
PERIODS = ["2025-12", "2026-01", "2026-02", "2026-Q1", "2026-01-10..2026-02-20", "2030-01"]


def _labels_as_object(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    if isinstance(df.index, pd.MultiIndex):
        df.index = df.index.set_levels([lv.astype(object) for lv in df.index.levels])
    else:
        df.index = df.index.astype(object)
    return df


def _compare(data, labels, by, comparison=True, **opts):
    periods = [Period.parse(p) for p in labels]
    opts = {"window_days": data.config.conversion_window_days, "available": list(data.tables),
            **opts}
    previous = [p.previous() for p in periods]
    cmp = [p.year_ago() for p in periods] if comparison else None
    got = funnel_counts_many(data.engine, periods, by, previous=previous, comparison=cmp, **opts)
    assert len(got) == len(periods)
    for i, p in enumerate(periods):
        want = funnel_counts(data.engine, p, by, previous=previous[i],
                             comparison=cmp[i] if cmp else None, **opts)
        if len(want) == 0:
            assert len(got[i]) == 0 and list(got[i].columns) == list(want.columns)
            continue
        # with missing (empty) tables, funnel_counts' labels are object or str depending on
        # which frames pandas concatenates: the same labels either way
        pd.testing.assert_frame_equal(_labels_as_object(got[i]), _labels_as_object(want),
                                      obj=f"{p.label} by {by}")


@pytest.mark.parametrize("by", [(), ("channel",), ("channel", "campaign"), ("owner",),
                                ("segment",)])
def test_overlapping_periods_equal_one_by_one(by):
    _compare(tiny_client(), PERIODS, by)


def test_without_comparison_and_some_parts():
    _compare(tiny_client(), ["2026-01", "2026-02"], ("channel",), comparison=False,
             parts=("orders", "retention"))


@pytest.mark.parametrize("kept", [["orders"], ["leads", "orders"], ["spend", "leads"]])
@pytest.mark.parametrize("by", [(), ("channel",)])
def test_missing_tables_stay_unknown(kept, by):
    tables = {k: v for k, v in tiny_tables().items() if k in kept}
    data = ClientData.from_frames(tables, parse_config(CONFIG, "tiny"), "tiny")
    _compare(data, PERIODS[:4], by)


def test_the_same_period_twice_with_other_references():
    data = tiny_client()
    p = Period.parse("2026-02")
    a, b = funnel_counts_many(data.engine, [p, p], (), previous=[p.previous(), p.year_ago()],
                             comparison=[p.previous(), Period.parse("2026-Q1")])
    assert a["previous_customers"].iloc[0] != b["previous_customers"].iloc[0] or (
        a["comparison_revenue"].iloc[0] != b["comparison_revenue"].iloc[0])
    pd.testing.assert_frame_equal(b, funnel_counts(data.engine, p, (), previous=p.year_ago(),
                                                   comparison=Period.parse("2026-Q1")))


def test_demo_client_quarters(demo_data):
    data = ra.load_client("northwind-b2b", demo_data)
    _compare(data, ["2026-Q3", "2026-Q2", "2025-Q3", "2026", "2026-09"], ("channel",))


def test_bad_arguments():
    e = tiny_client().engine
    assert funnel_counts_many(e, []) == []
    with pytest.raises(ValueError, match="one previous"):
        funnel_counts_many(e, [Period.parse("2026-01")], previous=[])
    with pytest.raises(ValueError, match="unknown count parts"):
        funnel_counts_many(e, [Period.parse("2026-01")], parts=("revenue",))


@pytest.mark.spark
def test_many_periods_on_spark(spark_session):
    from roianalysis.engine import spark_engine

    data = tiny_client()
    periods = [Period.parse(p) for p in PERIODS[1:5]]
    a = funnel_counts_many(data.engine, periods, ("channel",), available=list(data.tables))
    b = funnel_counts_many(spark_engine(data.tables, spark_session), periods, ("channel",),
                          available=list(data.tables))
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x, y.loc[x.index], check_dtype=False, rtol=1e-9)


def test_parts_for_names_the_aggregates_behind_each_kpi():
    from roianalysis.metrics import FUNNEL_COLUMNS, PARTS_OF, parts_for

    assert set(PARTS_OF) == set(FUNNEL_COLUMNS)
    assert parts_for(["cpl"]) == ("spend", "leads")
    assert parts_for(["lead_to_customer", "cac", "retention_rate"]) == (
        "spend", "leads", "customers", "retention")
    assert parts_for(["clv"]) == ()


@pytest.mark.parametrize("metric", ["cpl", "cac", "roi", "visitor_to_lead", "nps", "revenue",
                                    "retention_rate", "sales_cycle_days", "ctr"])
def test_the_parts_of_a_kpi_are_enough_to_compute_it(metric):
    from roianalysis.metrics import apply_formulas, parts_for

    data = tiny_client(gross_margin_rate=0.4)
    p = Period.parse("2026-01")
    opts = {"window_days": 90, "comparison": p.previous(), "available": list(data.tables)}
    full = apply_formulas(funnel_counts(data.engine, p, ("channel",), **opts), 0.4)
    some = apply_formulas(funnel_counts(data.engine, p, ("channel",), parts=parts_for([metric]),
                                        **opts), 0.4)
    both = full.index.intersection(some.index)
    assert len(both)
    pd.testing.assert_series_equal(some.loc[both, metric], full.loc[both, metric])


def test_with_groups_gives_zero_counts_to_groups_without_rows():
    from roianalysis.metrics import with_groups

    data = tiny_client()
    c = funnel_counts(data.engine, Period.parse("2026-02"), ("channel",),
                      available=list(data.tables))
    got = with_groups(c, ["Nowhere", "Nowhere", *c.index], list(data.tables))
    assert list(got.index) == sorted([*c.index, "Nowhere"])
    assert got.loc["Nowhere", "leads"] == 0 and got.loc["Nowhere", "revenue"] == 0
    assert pd.isna(got.loc["Nowhere", "sales_cycle_days"])
    pd.testing.assert_frame_equal(got.drop(index="Nowhere"), c)


def test_no_part_asked_for_gives_what_funnel_counts_gives():
    data = tiny_client()
    p = Period.parse("2026-01")
    got = funnel_counts_many(data.engine, [p, p.previous()], ("channel",), parts=())
    want = funnel_counts(data.engine, p, ("channel",), parts=())
    assert len(got) == 2 and len(want) == 0
    for g in got:
        assert list(g.columns) == list(want.columns) and len(g) == 0
