"""The engine layer runs the same Ibis expressions on DuckDB and on Spark (local mode)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from roianalysis import aggregates as agg
from roianalysis.engine import Engine, spark_engine
from roianalysis.metrics import funnel_counts
from roianalysis.periods import Period
from roianalysis.schema import TABLES
from tests.fixtures_core import tiny_client

PERIODS = ["2026-01", "2026-02"]
PERIOD_START, PERIOD_END = pd.Timestamp("2026-07-01").date(), pd.Timestamp("2026-09-30").date()
BREAKDOWNS = [(), ("channel", "campaign"), ("owner",)]


def _counts(engine: Engine, tables, period: str, by) -> pd.DataFrame:
    return funnel_counts(engine, Period.parse(period), by, window_days=90,
                         comparison=Period.parse(period).previous(), available=list(tables))


@pytest.fixture(scope="module")
def data():
    return tiny_client()


def test_duckdb_is_default_and_embedded(data):
    assert data.engine.backend == "duckdb"


def test_contacts_table_channel_rules(data):
    e = data.engine
    c = e.execute(agg.contacts(e.table("leads"), e.table("touchpoints"), e.table("orders")))
    c = c.set_index("contact_id").sort_index()
    assert c.loc["c1", "channel"] == "Google" and c.loc["c1", "campaign"] == "g1"  # first touch
    assert c.loc["c2", "channel"] == "Email"  # the lead's own channel column wins
    assert c.loc["c3", "channel"] == "(unknown)"  # its only touch came after the lead
    assert c.loc["c6", "channel"] == "(unknown)"  # a customer without lead or touch
    assert pd.isna(c.loc["c6", "created_at"]) and str(c.loc["c6", "first_order_at"]) == "2026-01-10 00:00:00"
    assert len(c) == 6  # c1..c6: every lead and every customer once


def test_ties_do_not_depend_on_row_order(data):
    t = data.tables["touchpoints"]
    e1 = Engine.from_frames({**data.tables, "touchpoints": t})
    e2 = Engine.from_frames({**data.tables, "touchpoints": t.iloc[::-1].reset_index(drop=True)})
    q = lambda e: e.execute(agg.lead_attribution(e.table("leads"), e.table("touchpoints"))  # noqa: E731
                            ).sort_values("contact_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(q(e1), q(e2))


@pytest.mark.spark
@pytest.mark.parametrize("by", BREAKDOWNS)
def test_spark_gives_the_same_counts(data, spark_session, by):
    duck = data.engine
    spark = spark_engine(data.tables, spark_session)
    for period in PERIODS:
        a = _counts(duck, data.tables, period, by)
        b = _counts(spark, data.tables, period, by)
        pd.testing.assert_frame_equal(a, b.loc[a.index], check_dtype=False, check_exact=False,
                                      rtol=1e-9)


@pytest.mark.spark
def test_spark_on_the_store_gives_the_same_aggregates(demo_data, spark_session):
    """``load_client(engine="spark")`` reads the processed Parquet with Spark (no pandas on the
    way) and every aggregate family equals DuckDB's: funnel counts, journeys, RFM, daily series."""
    import roianalysis as ra
    from roianalysis.attribution import journeys_for_client
    from roianalysis.clv import rfm_summary
    from roianalysis.scorecard.pacing import daily_series
    from roianalysis.spark import SparkClientData

    duck = ra.load_client("petit-atelier", demo_data)
    spark = ra.load_client("petit-atelier", demo_data, engine="spark")
    assert isinstance(spark, SparkClientData) and spark.engine.backend == "pyspark"
    assert spark.engine.con._session is spark_session  # the active session, not a new one
    files = spark.tables.frame("orders").inputFiles()  # Spark reads the store's file itself
    assert [Path(urlparse(f).path) for f in files] == [(spark.store / "orders.parquet").resolve()]
    assert sorted(spark.tables) == sorted(duck.tables) and spark.channels == duck.channels
    for name in TABLES:
        assert spark.has(name) == duck.has(name), name
    assert spark.columns("orders") == duck.columns("orders")
    for by in [(), ("channel",)]:
        a = _counts(duck.engine, duck.tables, "2026-Q3", by)
        b = _counts(spark.engine, spark.tables, "2026-Q3", by)
        pd.testing.assert_frame_equal(a, b.loc[a.index], check_dtype=False, rtol=1e-9)
    pa, pb = (journeys_for_client(d, "2026-Q3", aggregate=True) for d in (duck, spark))
    pd.testing.assert_frame_equal(pa, pb, check_dtype=False, rtol=1e-9)
    ra_, rb = (rfm_summary(d, "2026-06-30").sort_index() for d in (duck, spark))
    pd.testing.assert_frame_equal(ra_, rb, check_dtype=False, rtol=1e-9)
    for metric in ("sessions", "revenue", "marketing_cost"):
        pd.testing.assert_series_equal(daily_series(duck, metric, PERIOD_START, PERIOD_END),
                                       daily_series(spark, metric, PERIOD_START, PERIOD_END),
                                       rtol=1e-9)
    assert spark.tables.pulled == []  # nothing above brought a table into pandas


@pytest.mark.spark
def test_lake_tables_are_checked_and_instants_become_the_clients_wall_clock(tmp_path,
                                                                           spark_session):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from roianalysis.data.config import parse_config
    from roianalysis.errors import DataValidationError
    from roianalysis.spark import open_lake

    when = pd.Series(pd.to_datetime(["2026-07-01 22:30", "2026-07-02 08:00"]).tz_localize("UTC"))
    pq.write_table(pa.table({"order_id": ["o1", "o2"], "contact_id": ["c1", "c2"],
                             "ordered_at": when, "revenue": [10.0, 20.0]}), tmp_path / "o.parquet")
    pq.write_table(pa.table({"date": ["2026-07-01"], "cost": [5.0]}), tmp_path / "s.parquet")
    with pytest.raises(DataValidationError) as err:
        open_lake("shop", {"orders": tmp_path / "o.parquet", "spend": tmp_path / "s.parquet"},
                  session=spark_session)
    text = str(err.value)
    assert "s.parquet, column 'channel': no column 'channel'" in text  # required, absent
    assert "s.parquet, column 'date': expected a timestamp (or date), got string" in text
    config = parse_config({"timezone": "Europe/Paris"}, "shop")
    data = open_lake("shop", {"orders": tmp_path / "o.parquet"}, config, session=spark_session)
    got = data.engine.execute(data.engine.table("orders").order_by("order_id"))
    assert [str(t) for t in got["ordered_at"]] == ["2026-07-02 00:30:00", "2026-07-02 10:00:00"]
    assert got["margin"].isna().all()  # an optional column absent from the lake: missing values
    assert data.has("orders") and not data.has("spend") and data.tables.pulled == []


def test_the_engine_comes_from_the_argument_then_the_environment(monkeypatch):
    from roianalysis.errors import RoiAnalysisError
    from roianalysis.spark import ENGINE_ENV, engine_name

    monkeypatch.delenv(ENGINE_ENV, raising=False)
    assert engine_name() == "duckdb"
    monkeypatch.setenv(ENGINE_ENV, "Spark")
    assert engine_name() == "spark" and engine_name("duckdb") == "duckdb"
    monkeypatch.setenv(ENGINE_ENV, "snowflake")
    with pytest.raises(RoiAnalysisError, match="ROIANALYSIS_ENGINE.*duckdb, spark"):
        engine_name()


def test_small_questions_are_one_query_each(data):
    e = Engine.from_frames(data.tables)
    s = e.column_summary("orders", "ordered_at")
    o = data.tables["orders"]["ordered_at"]
    assert (s["min"], s["max"], s["count"]) == (o.min(), o.max(), o.notna().sum())
    assert e.column_summary("nps", "score")["count"] == data.tables["nps"]["score"].notna().sum()
    inside = ((o >= "2026-01-01") & (o < "2026-02-01")).sum()
    assert e.count_between("orders", "ordered_at", "2026-01-01", "2026-02-01") == inside > 0
    daily = e.daily(e.table("orders"), "ordered_at", "revenue")
    by_day = data.tables["orders"].groupby(o.dt.floor("D"))["revenue"].sum()
    assert list(daily.index) == list(by_day.index) and daily.tolist() == by_day.tolist()


def test_an_equal_expression_is_answered_from_memory_with_a_copy(data):
    e = Engine.from_frames(data.tables)
    build = lambda: agg.spend_totals(e.table("spend"), Period.parse("2026-01"), ["channel"])  # noqa: E731
    first = e.execute(build())
    first["cost"] = -1.0  # the caller owns what it gets
    second = e.execute(build())  # a new but equal expression
    assert e.queries == 1
    assert (second["cost"] > 0).all()
    def ordered(df):  # DuckDB returns groups in no set order
        return df.sort_values("channel").reset_index(drop=True)

    pd.testing.assert_frame_equal(ordered(second), ordered(e.con.execute(build())))
    e.execute(agg.spend_totals(e.table("spend"), Period.parse("2026-02"), ["channel"]))
    assert e.queries == 2  # another period is another query


def test_missing_tables_are_one_empty_table_per_engine(data):
    e = Engine.from_frames({k: v for k, v in data.tables.items() if k != "nps"})
    assert e.table("nps") is e.table("nps")
    assert len(e.execute(e.table("nps"))) == 0


def test_funnel_counts_parts_limit_the_queries(data):
    e = Engine.from_frames(data.tables)
    period = Period.parse("2026-01")
    full = funnel_counts(e, period, (), available=list(data.tables))
    e2 = Engine.from_frames(data.tables)
    some = funnel_counts(e2, period, (), available=list(data.tables), parts=("orders", "retention"))
    assert e2.queries == 2
    for c in ["orders", "revenue", "customers", "retained_customers", "previous_customers"]:
        assert some[c].iloc[0] == full[c].iloc[0]
    assert some[["leads", "cost", "visitors", "nps_answers"]].isna().all(axis=None)
    with pytest.raises(ValueError, match="unknown count parts"):
        funnel_counts(e, period, (), parts=("revenue",))


@pytest.mark.parametrize("client", ["boutique-lumiere", "petit-atelier"])
def test_the_store_database_gives_the_same_kpis(demo_data, client):
    import roianalysis as ra
    from roianalysis.data.store import _manifest, engine_file_name

    ra.load_client(client, demo_data)
    data = ra.load_client(client, demo_data)  # from the store
    assert _manifest(data.store)["engine"]["file"] == engine_file_name(data.fingerprint)
    assert (data.store / engine_file_name(data.fingerprint)).exists()
    stored = data.engine
    assert "contacts" in stored.derived  # precomputed when the store was written
    assert "_contacts" not in stored.tables and "contacts" not in stored.tables
    fresh = Engine.from_frames(data.tables)
    for by in [None, "channel"]:
        a = ra.funnel(data, "2026-Q3", by=by, engine=stored)
        b = ra.funnel(data, "2026-Q3", by=by, engine=fresh)
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12)
    pd.testing.assert_series_equal(ra.kpis(data, "2026-Q2", engine=stored),
                                   ra.kpis(data, "2026-Q2", engine=fresh), rtol=1e-12)


def test_a_derived_table_written_by_other_code_is_written_again_at_load(demo_data, monkeypatch):
    import roianalysis as ra
    from roianalysis.data import store as data_module
    from roianalysis.data.store import _manifest, engine_file_name

    loaded = ra.load_client("petit-atelier", demo_data)
    store = loaded.store
    before = store / _manifest(store)["engine"]["file"]
    assert before.exists()
    monkeypatch.setattr(data_module, "derived_version", lambda: "other-code")  # an upgrade
    data = ra.load_client("petit-atelier", demo_data)
    new = engine_file_name(loaded.fingerprint, "other-code")
    assert (store / new).exists() and not before.exists()  # a new file moved into place
    assert _manifest(store)["engine"] == {"file": new, "derived": "other-code"}
    assert "contacts" in data.engine.derived
    assert not [p.name for p in store.iterdir() if p.name.startswith(".")]  # no leftovers
    fresh = Engine.from_frames(data.tables)
    pd.testing.assert_frame_equal(ra.funnel(data, "2026-Q3", engine=data.engine),
                                  ra.funnel(data, "2026-Q3", engine=fresh), rtol=1e-12)


def test_a_derived_table_written_by_other_code_is_never_used(demo_data, monkeypatch):
    import roianalysis as ra
    from roianalysis.data import store as data_module

    ra.load_client("petit-atelier", demo_data)
    monkeypatch.setattr(data_module, "derived_version", lambda: "other-code")
    monkeypatch.setattr(data_module, "refresh_engine_file", lambda *a: None)  # cannot write
    data = ra.load_client("petit-atelier", demo_data)
    assert "contacts" not in data.engine.derived  # recomputed from the tables instead
    assert data.engine.backend == "duckdb" and "orders" in data.engine.tables


def test_new_customer_revenue_by_hand(data):
    """Revenue in P of the customers whose first order ever is in P, by acquisition channel.

    January 2026 of the tiny client: c1 (Google, first order 25 Jan) orders 1 000 + 500; c6
    ((unknown), first order 10 Jan) orders 100; c2 (Email) orders 200 but was a customer since
    December: original-source revenue, not new-customer revenue."""
    jan = _counts(data.engine, data.tables, "2026-01", ("channel",))
    assert jan.loc["Google", "new_customer_revenue"] == 1500.0
    assert jan.loc["(unknown)", "new_customer_revenue"] == 100.0
    assert jan.loc["Email", "new_customer_revenue"] == 0.0 and jan.loc["Email", "revenue"] == 200.0
    assert jan.loc["Meta", "new_customer_revenue"] == 0.0
    q1 = _counts(data.engine, data.tables, "2026-Q1", ())
    assert q1["new_customer_revenue"].iloc[0] == 1650.0  # + c3's 50 on 1 Feb (Paris time)


def test_new_customer_revenue_of_several_periods_equals_each_alone(data):
    """Each row is judged against its own period's bounds (overlapping periods included)."""
    from roianalysis.metrics import funnel_counts_many

    e = Engine.from_frames(data.tables)  # no result cache: computed together
    periods = [Period.parse(p) for p in ("2026-01", "2026-02", "2026-Q1")]
    many = funnel_counts_many(e, periods, ["channel"], available=list(data.tables))
    for p, frame in zip(periods, many, strict=True):
        alone = funnel_counts(Engine.from_frames(data.tables), p, ["channel"],
                                       available=list(data.tables), cache=False)
        pd.testing.assert_series_equal(frame["new_customer_revenue"],
                                       alone.loc[frame.index, "new_customer_revenue"])
    assert many[1].loc["(unknown)", "new_customer_revenue"] == 50.0


def test_distinct_between_counts_each_key_once_inside_the_range():
    """Hand-counted: c1 twice and c2 once inside January, c3 on Feb 1st (excluded, the end is
    open), a missing id not counted."""
    tp = pd.DataFrame({
        "contact_id": ["c1", "c1", "c2", "c3", None],
        "timestamp": pd.to_datetime(["2026-01-01 00:00", "2026-01-31 23:59", "2026-01-15 00:00",
                                     "2026-02-01 00:00", "2026-01-10 00:00"]),
        "channel": ["Email"] * 5,
    })
    e = Engine.from_frames({"touchpoints": tp})
    assert e.distinct_between("touchpoints", "timestamp", "contact_id",
                              "2026-01-01", "2026-02-01") == 2
    assert e.distinct_between("touchpoints", "timestamp", "contact_id",
                              "2026-01-01", "2026-02-02") == 3


def test_the_visitors_forecast_reads_no_touchpoint_into_pandas(demo_data, monkeypatch):
    """forecast_next counts distinct visitors in the engine: a client of 50M touchpoints
    must not come to pandas (the overview's kernel was killed at 22 GB doing so)."""
    import roianalysis as ra
    from roianalysis.data.client import ClientData
    from roianalysis.scorecard.forecast import forecast_next

    data = ra.load_client("boutique-lumiere", demo_data)
    expected = forecast_next(data, "2026-Q3")
    read = ClientData.__getitem__

    def no_touchpoints(self, name):
        assert name != "touchpoints", "touchpoints read into pandas"
        return read(self, name)

    monkeypatch.setattr(ClientData, "__getitem__", no_touchpoints)
    fresh = ra.load_client("boutique-lumiere", demo_data)
    pd.testing.assert_frame_equal(forecast_next(fresh, "2026-Q3"), expected)
