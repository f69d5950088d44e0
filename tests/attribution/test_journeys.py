"""Journeys and paths built in the engine, on DuckDB and on Spark (same expectations)."""

from __future__ import annotations

import pandas as pd
import pytest

from roianalysis.attribution import attribute, build_journeys, build_paths
from roianalysis.engine import Engine, spark_engine
from roianalysis.periods import Period

T0 = pd.Timestamp("2026-03-01")


def day(d: float) -> pd.Timestamp:
    return T0 + pd.Timedelta(days=d)


TOUCHES = [
    # c1 converts on day 8; the touch on day 10 is after the conversion
    ("c1", day(1), "Email"), ("c1", day(5), "Search"), ("c1", day(10), "Direct"),
    # c2: the Social touch is 100 days before the order, outside the 90-day lookback
    ("c2", day(0), "Social"), ("c2", day(95), "Email"),
    # c3 never converts
    ("c3", day(3), "Search"), ("c3", day(4), "Social"),
    # c5: two touches at the same instant are ordered by channel name; touch at conversion counts
    ("c5", day(2), "b"), ("c5", day(2), "a"), ("c5", day(6), "Email"),
    # c6: lead only (for conversion="lead"), no order
    ("c6", day(1), "Search"), ("c6", day(20), "Email"),
]
ORDERS = [
    ("o1", "c1", day(8), 100.0), ("o2", "c1", day(20), 50.0),
    ("o3", "c2", day(100), 20.0),
    ("o4", "c4", day(3), 70.0),  # c4 has no touchpoint: no journey
    ("o5", "c5", day(6), 5.0), ("o6", "c5", day(6), 7.0),  # two orders at the first instant
]
LEADS = [("c1", day(7)), ("c6", day(2)), ("c3", day(4))]


def frames() -> dict[str, pd.DataFrame]:
    tp = pd.DataFrame(TOUCHES, columns=["contact_id", "timestamp", "channel"])
    tp["campaign"], tp["source"], tp["medium"] = "(none)", None, None
    orders = pd.DataFrame(ORDERS, columns=["order_id", "contact_id", "ordered_at", "revenue"])
    orders["margin"] = float("nan")
    leads = pd.DataFrame(LEADS, columns=["contact_id", "created_at"])
    leads["channel"], leads["owner"], leads["segment"] = None, None, None
    return {"touchpoints": tp, "orders": orders, "leads": leads}


def as_dict(paths: pd.DataFrame) -> dict:
    cols = ["path", "conversions", "nulls", "value"]
    return {p: (c, n, v) for p, c, n, v in paths[cols].itertuples(index=False)}


EXPECTED_ORDER = {
    ("Email", "Search"): (1.0, 0.0, 100.0),
    ("Email",): (1.0, 0.0, 20.0),
    ("Search", "Social"): (0.0, 1.0, 0.0),
    ("a", "b", "Email"): (1.0, 0.0, 12.0),
    ("Search", "Email"): (0.0, 1.0, 0.0),
}


def check_engine(engine) -> None:
    paths = build_paths(engine)
    assert as_dict(paths) == EXPECTED_ORDER
    assert list(paths["path"]) == sorted(paths["path"])

    lead = as_dict(build_paths(engine, conversion="lead"))
    assert lead == {
        ("Email", "Search"): (1.0, 0.0, 0.0),  # c1's lead on day 7
        ("Search",): (1.0, 0.0, 0.0),  # c6's lead on day 2: only the day-1 touch
        ("Search", "Social"): (1.0, 0.0, 0.0),  # c3's lead on day 4, touch at the same instant
        ("Email",): (0.0, 1.0, 0.0),  # c2, no lead: day 0 is 95 days before its last touch
        ("a", "b", "Email"): (0.0, 1.0, 0.0),  # c5, no lead
    }

    short = as_dict(build_paths(engine, lookback_days=3))
    assert short[("Search",)] == (1.0, 0.0, 100.0)  # c1: only day 5 within 3 days of day 8

    j = build_journeys(engine, keep_times=True)
    assert list(j["contact_id"]) == ["c1", "c2", "c3", "c5", "c6"]
    c1 = j.set_index("contact_id").loc["c1"]
    assert c1["path"] == ("Email", "Search") and c1["days_before"] == pytest.approx((7.0, 3.0))
    c6 = j.set_index("contact_id").loc["c6"]
    assert c6["days_before"] == pytest.approx((19.0, 0.0)) and c6["nulls"] == 1
    td = attribute(j, "time_decay", half_life_days=7)
    assert td["conversions"].sum() == pytest.approx(3.0)
    assert td["value"].sum() == pytest.approx(132.0)

    # period: conversions in March 2026 only (c2's order is on June 9)
    march = as_dict(build_paths(engine, period=Period.parse("2026-03")))
    assert march[("Email", "Search")] == (1.0, 0.0, 100.0)
    assert ("Email",) not in march
    # c2 had not converted by the end of March: a null journey of its touches up to then
    assert march[("Social",)] == (0.0, 1.0, 0.0)


def test_journeys_on_duckdb():
    check_engine(Engine.from_frames(frames()))


def test_missing_tables_give_empty_paths():
    engine = Engine.from_frames({"orders": frames()["orders"]})
    paths = build_paths(engine)
    assert len(paths) == 0 and list(paths.columns) == ["path", "conversions", "nulls", "value"]


@pytest.mark.spark
def test_journeys_on_spark(spark_session):
    check_engine(spark_engine(frames(), spark_session))


def test_days_before_parses_every_journey_in_one_pass():
    from roianalysis.attribution.journeys import _JOIN, _days_before

    texts = [f"86400{_JOIN}0", "43200", f"1{_JOIN}2{_JOIN}3"]
    assert _days_before(texts) == [(1.0, 0.0), (0.5,), (1 / 86400, 2 / 86400, 3 / 86400)]
    assert _days_before([]) == []
