"""The engine reader (DuckDB) reports what the pandas reader reports and writes the same table.

Every case feeds one small file to both paths, :func:`roianalysis.data.read.read_raw_table` +
:func:`roianalysis.data.validate.validate_table` and :func:`roianalysis.engine_read.read_table_engine`, and
compares every problem (file, column, rows, code, severity and message) and the canonical table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import roianalysis as ra
from roianalysis.data.config import parse_config
from roianalysis.data.files import read_raw_table
from roianalysis.data.frames import as_canonical as _as_canonical
from roianalysis.data.validate import validate_table
from roianalysis.engine_read import read_table_engine
from roianalysis.periods import Period
from roianalysis.schema import TABLES

PARIS = {"timezone": "Europe/Paris"}
SPEND = "date,channel,campaign,category,cost\n2026-01-05,Google,g1,media,100\n2026-01-06,Meta,m1,media,50\n"


@pytest.fixture(autouse=True, params=["one pass when plain", "staged only"])
def reading_path(request, monkeypatch):
    """Every comparison runs twice: with the one-pass read of plain files (the default) and with
    it switched off, so that the staged read, which words every problem, is checked on plain
    files too."""
    if request.param == "staged only":
        from roianalysis import engine_read

        monkeypatch.setattr(engine_read, "_fast_path", lambda *a, **k: None)
    return request.param


def _write(folder, table, content, ext):
    path = folder / f"{table}{ext}"
    if isinstance(content, pd.DataFrame):
        content.to_parquet(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def _key(p):
    return (p.file, p.column or "", p.rows, p.code, p.severity, p.message)


def both(tmp_path, table, content, config=None, ext=".csv", known=None):
    """The problems and canonical tables of both readers, after checking they are equal."""
    config = parse_config(config or PARIS, "acme")
    path = _write(tmp_path, table, content, ext)
    rel = str(path)
    df, problems = read_raw_table(path, rel)
    frame = None
    if df is not None:
        check = validate_table(df, TABLES[table], rel, config, known)
        problems = problems + check.problems
        frame = check.frame
    out = tmp_path / f"{table}.out.parquet"
    got = read_table_engine(path, TABLES[table], config, out, rel=rel, known_channels=known)
    assert sorted(map(_key, got.problems)) == sorted(map(_key, problems))
    errors = any(p.severity == "error" for p in problems)
    assert got.written == (frame is not None and not errors)
    if got.written:
        engine = _as_canonical(pd.read_parquet(out))
        pd.testing.assert_frame_equal(engine, frame.reset_index(drop=True))
        assert got.rows == len(frame)
    assert not list(tmp_path.glob(".engine-read-*")), "the work folder is removed"
    return problems, frame


def codes(problems):
    return sorted(p.code for p in problems)


# ------------------------------------------------------------------------ good files, both paths
@pytest.mark.parametrize("text", [
    SPEND,
    "\ufeffDate;Channel;Cost;Clicks\n05/01/2026;Google;1 234,56;10\n06/01/2026;Meta;0,5;\n",
    "date\tchannel\tcost\n2026-01-05\tPresse\t1.234,56\n2026-01-06\tX\t1,234.56\n",
    "date,channel,cost,impressions\r\n2026-01-05,Google,\"1,5\",\"1,234,567\"\r\n2026-01-06,Meta,7,\r\n",
    "date,channel,cost\n2026-01-05,Google,100\n\n2026-01-06,Meta,50\n",  # an empty line is skipped
    "date,channel,cost\n 2026-01-05 , Google\u00a0, 1\u202f000 € \n5/1/2026,Meta,12 EUR\n",
    "date,channel,cost\n05.01.2026,Google,1\n05-01-2026,Meta,2\n05/01/26,Meta,3\n2026-1-5,X,4\n",
    "date,channel,cost,campaign,category\n2026-01-05,G,1,,SALES\n2026-01-05,G,1,,\n",  # grain dupes
])
def test_spend_files_read_the_same(tmp_path, text):
    both(tmp_path, "spend", text)


STAMPS = [
    "2026-01-05 10:00", "2026-01-05T10:00:00", "2026-01-05 10:00:00.123456", "2025-12-31T23:30:00Z",
    "2025-12-31T22:30:00+00:00", "2026-07-01 10:00:00+0200", "2026-07-01 10:00+02",
    "2026-07-01 10:00 UTC", "2026-07-01 10:00 GMT", "2026-07-01T08:00:00z", "05/01/2026 10:00",
    "05/01/2026 9:05:07", "2026-07-01 10:00 America/New_York", "05.01.2026", "5/1/2026", "2026-1-5",
    "1969-12-31", "2101-01-01 00:00", "01/13/2026", "",
]
BAD_STAMPS = ["2026-03-29 02:30 Europe/Paris", "2026-01-05T10", "20260105", "2026-02-30",
              "2026-01-05 25:00", "2026-01-05 10:00 CST", "05-01-2026", "05/01/26", "yesterday"]


@pytest.mark.parametrize("order", ["dayfirst", "monthfirst"])
def test_timestamps_read_the_same(tmp_path, order):
    leads = "contact_id,created_at\n" + "".join(f"c{i},{v}\n" for i, v in enumerate(STAMPS))
    both(tmp_path, "leads", leads, {**PARIS, "date_format": order})


@pytest.mark.parametrize("stamp", BAD_STAMPS)
def test_each_unusual_timestamp_reads_the_same(tmp_path, stamp):
    problems, _ = both(tmp_path, "leads", f"contact_id,created_at\nc1,2026-01-05 10:00\nc2,{stamp}\n")


NUMBERS = ["1 234,56", "1.234,56", "1,234.56", "12,5", "1,234,567", "1'000", "€5", "5 $", "£",
           "1e5", "+5", ".5", "5.", "1_000", "0x10", "abc", "12,5,", "--1", "nan", "NaN", "inf",
           "-inf", "Infinity", "1e309", "-3", "1e-400", "  7  ", "1.2.3", "10", "7.5"]


@pytest.mark.parametrize("table", ["spend", "orders", "nps"])
@pytest.mark.parametrize("values", [NUMBERS, NUMBERS[:14], ["-3", "2", "11"]])
def test_numbers_read_the_same(tmp_path, values, table):
    cells = "".join(f'"{v}"\n' for v in values)
    rows = {"spend": [f'2026-01-05,G,"{v}"' for v in values],
            "orders": [f'o{i},c{i},2026-01-10,"{v}"' for i, v in enumerate(values)],
            "nps": [f'2026-01-10,"{v}"' for v in values]}[table]
    head = {"spend": "date,channel,cost", "orders": "order_id,contact_id,ordered_at,revenue",
            "nps": "answered_at,score"}[table]
    del cells
    both(tmp_path, table, head + "\n" + "\n".join(rows) + "\n")


# --------------------------------------------------------------- the bad inputs of the pandas suite
_MERGED = {2: '"g2 promo', 5: 'g5"'}  # a stray quote pair: opened on row 4, closed on row 7
BAD = {
    "bad date": ("spend", "date,channel,cost\n2026-01-05,Google,100\nyesterday,Meta,5\n"),
    "negative": ("spend", "date,channel,cost\n2026-01-05,Google,-3\n"),
    "many": ("spend", "date,channel,cost\nnope,Google,-1\n2026-01-01,,abc\n"),
    "missing column": ("spend", "date,channel\n2026-01-01,Google\n"),
    "wrong separator": ("spend", "date|channel|cost\n2026-01-05|Google|100\n"),
    "empty": ("spend", ""),
    "blank": ("spend", "  \n\n"),
    "header only": ("spend", "date,channel,cost\n"),
    "extra column": ("spend", "date,channel,cost,notes\n2026-01-05,G,1,hi\n"),
    "duplicate order": ("orders", "order_id,contact_id,ordered_at,revenue\no1,c1,2026-01-05,10\n"
                                  "o2,c1,2026-01-05,10\no1,c2,2026-01-06,-20\n"),
    "duplicate lead": ("leads", "contact_id,created_at\nc1,2026-01-05\nc1,2026-01-06\n"),
    "score": ("nps", "answered_at,score\n2026-01-05,11\n2026-01-05,7\n2026-01-06,-1\n2026-01-06,7.5\n"),
    "empty date": ("leads", "contact_id,created_at\nc1,\n,2026-01-01\n"),
    "period and metric": ("objectives", "period,metric,target\n2026-Q5,cpl,10\n2026-Q1,happiness,5\n"
                                        "2026-q1,Cost Per Lead,1\n"),
    "search": ("search", "query,page,clicks,impressions,ctr\nshoes,,1,10,3.5%\n,,2,10,0.2\n"
                         "x,/a,1,5,150%\ny,/b,1,5,abc\nz,/c,1,5,\"3,5 %\"\n"),
    "experiments": ("experiments", "channel,start,end,incremental\nG,2026-01-10,2026-01-05,3\n"
                                   "M,2026-01-01,2026-01-31,2\n"),
    "all empty row": ("spend", "date,channel,cost\n2026-01-05,G,1\n,,\n"),
    "duplicate columns": ("spend", "date,channel,campaign,category,cost,Cost\n2026-01-05,G,g,media,1,2\n"),
    "merged rows": ("spend", "date,channel,campaign,category,cost\n" + "\n".join(
        f"2026-01-{1 + i:02d},Google,{_MERGED.get(i, f'g{i}')},media,{10 + i}" for i in range(10))
        + "\n"),
    "quoted separator": ("spend", SPEND.replace("2026-01-06,Meta,m1,media,50",
                                                '2026-01-06,Meta,"m1,media",50')),
    "short row": ("spend", SPEND + "2026-01-07,Meta\n"),
    "line break in ignored column": ("spend", 'date,channel,campaign,category,cost,notes\n'
                                              '2026-01-05,Google,g1,media,100,"two\nlines"\n'
                                              '2026-01-06,Google,g1,media,50,x\n'),
    "quoted cells": ("spend", '"date","channel","cost"\n"2026-01-05","Google","1 234,5"\n'
                              '"2026-01-06","Say ""hi""",""\n'),
    "dates out of range": ("spend", "date,channel,cost\n0001-01-01,G,1\n1900-01-01,G,1\n"
                                    "9999-12-31,G,1\n01/01/1969,G,1\n2026-01-01,G,1\n"),
    "timestamps of date column": ("spend", "date,channel,cost\n2026-01-05 23:59:59,G,1\n"
                                           "2026-01-05T23:30:00Z,G,2\n"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_inputs_are_reported_the_same(tmp_path, case):
    table, text = BAD[case]
    problems, _frame = both(tmp_path, table, text)
    if case not in ("quoted cells", "timestamps of date column", "line break in ignored column"):
        assert problems, "each case has at least one problem (else it tests nothing)"


def test_a_merged_row_is_named_by_rows_and_lines(tmp_path):
    problems, _ = both(tmp_path, "spend", BAD["merged rows"][1])
    (p,) = [p for p in problems if p.code == "merged_rows"]
    assert p.rows == (4,) and "lines 4-7" in p.message and p.column == "campaign"


def test_unknown_channel_of_objectives(tmp_path):
    obj = "period,metric,target,channel\n2026-Q1,cpl,10,Google\n2026-Q1,leads,5,Tiktok\n2026-Q1,cpl,1,\n"
    problems, _ = both(tmp_path, "objectives", obj, known={"Google", "Meta"})
    assert [(p.code, p.rows) for p in problems] == [("unknown_channel", (3,))]


def test_objectives_without_campaign_get_none_as_the_pandas_path_writes_it(tmp_path):
    obj = "period,metric,target,channel\n2026-Q1,cpl,10,Google\n2026-Q1,leads,5,\n"
    _, frame = both(tmp_path, "objectives", obj, known={"Google"})
    assert frame["campaign"].tolist() == ["(none)", "(none)"]
    _, frame = both(tmp_path, "objectives", "period,metric,target,campaign\n2026-Q1,cpl,10,\n")
    assert frame["campaign"].tolist() == ["(none)"]


def test_channel_aliases(tmp_path):
    cfg = {**PARIS, "channel_aliases": {"adwords": "Paid Search"}}
    _, frame = both(tmp_path, "spend", "date,channel,cost\n2026-01-05,AdWords,10\n2026-01-05,Meta,1\n", cfg)
    assert frame["channel"].tolist() == ["Paid Search", "Meta"]


# ---------------------------------------------------------------------------- encodings
SPEND_FR = "date;channel;cost\n05/01/2026;Presse régionale;1 234,56\n06/01/2026;Télé;€ 5\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le",
                                      "latin-1"])
def test_encodings_read_the_same(tmp_path, encoding):
    text = SPEND_FR if encoding != "latin-1" else SPEND_FR.replace("€", "") + "07/01/2026;\x81;1\n"
    _, frame = both(tmp_path, "spend", text.encode(encoding))
    assert "Presse régionale" in set(frame["channel"])


# ---------------------------------------------------------------------------- Parquet
def test_parquet_numbers_and_zoned_timestamps(tmp_path):
    orders = pd.DataFrame({"order_id": [1, 2, 3], "contact_id": [10.0, 11.0, 12.5],
                           "revenue": [5.0, -6.0, 7.0],
                           "ordered_at": pd.to_datetime(["2026-01-05T10:00:00Z", "2026-01-06T00:00:00Z",
                                                         "2026-07-01T00:00:00Z"], utc=True)})
    _, frame = both(tmp_path, "orders", orders, ext=".parquet")
    assert frame["order_id"].tolist() == ["1", "2", "3"]
    assert str(frame["ordered_at"][0]) == "2026-01-05 11:00:00"


def test_parquet_non_finite_and_nan(tmp_path):
    spend = pd.DataFrame({"date": ["2026-01-05", "2026-01-06", "2026-01-07"], "channel": ["G"] * 3,
                          "cost": [1.0, float("inf"), float("nan")]})
    problems, _ = both(tmp_path, "spend", spend, ext=".parquet")
    assert {(p.code, p.rows) for p in problems} == {("not_finite", (3,)), ("missing_value", (4,))}


def test_parquet_naive_timestamps_and_text(tmp_path):
    spend = pd.DataFrame({"date": pd.to_datetime(["2026-01-05 10:00", "2026-01-06 00:00"]),
                          "channel": [" G ", None], "cost": [1, 2], "clicks": [3, None]})
    problems, _ = both(tmp_path, "spend", spend, ext=".parquet")
    assert codes(problems) == ["missing_value"]


# ---------------------------------------------------------------------------- larger files
def test_many_rows_keep_their_order_and_row_numbers(tmp_path):
    """Enough rows for DuckDB to read the file in parallel blocks: rows keep the file's order
    and a bad cell near the end is named by its spreadsheet row."""
    n = 60_000
    lines = [f"c{i},2026-01-{1 + i % 28:02d} {i % 24:02d}:00,Ch{i % 7},camp{i % 13},,"
             for i in range(n)]
    lines[n - 10] = lines[n - 10].replace("2026-", "x2026-")
    text = "contact_id,timestamp,channel,campaign,source,medium\n" + "\n".join(lines) + "\n"
    problems, _ = both(tmp_path, "touchpoints", text)
    assert [(p.code, p.rows) for p in problems] == [("bad_date", (n - 10 + 2,))]
    good = text.replace("x2026-", "2026-")
    (tmp_path / "touchpoints.csv").unlink()
    _, frame = both(tmp_path, "touchpoints", good)
    assert frame["contact_id"].tolist()[:3] == ["c0", "c1", "c2"] and len(frame) == n


def test_load_client_with_the_engine_reader_equals_the_pandas_one(tmp_path, monkeypatch):
    from tests.data.test_read import LEADS, make_client

    orders = "order_id,contact_id,ordered_at,revenue\no1,c1,2026-01-10 10:00+01:00,200\no2,c2,2026-01-11,-80\n"
    spend = "date;channel;cost\n05/01/2026;Google;1 234,56\n06/01/2026;Meta;0,5\n"
    data_dir = make_client(tmp_path, {"spend.csv": spend, "leads.csv": LEADS, "orders.csv": orders,
                                      "client.yml": "timezone: Europe/Paris\n"})
    pandas_data = ra.load_client("acme", data_dir, processed_dir=None)
    engine_data = ra.load_client("acme", data_dir, processed_dir=tmp_path / "store", reader="engine")
    assert list(engine_data.tables) == list(pandas_data.tables)
    for name in pandas_data.tables:
        pd.testing.assert_frame_equal(engine_data.tables[name], pandas_data.tables[name])
    pd.testing.assert_series_equal(ra.kpis(engine_data, "2026-01"), ra.kpis(pandas_data, "2026-01"))
    again = ra.load_client("acme", data_dir, processed_dir=tmp_path / "store", reader="engine")
    assert again.fingerprint == engine_data.fingerprint and again.store == engine_data.store
    memory = ra.load_client("acme", data_dir, processed_dir=None, reader="engine")
    pd.testing.assert_frame_equal(memory.tables["spend"], pandas_data.tables["spend"])


def test_load_client_with_the_engine_reader_raises_the_same_problems(tmp_path):
    from roianalysis.errors import DataValidationError
    from tests.data.test_read import LEADS, make_client

    spend = "date,channel,cost\nnope,Google,-1\n2026-01-01,,abc\n"
    data_dir = make_client(tmp_path, {"spend.csv": spend, "leads.csv": LEADS})
    found = {}
    for reader in ("pandas", "engine"):
        with pytest.raises(DataValidationError) as exc:
            ra.load_client("acme", data_dir, processed_dir=tmp_path / reader, reader=reader)
        found[reader] = sorted(map(_key, exc.value.problems))
    assert found["engine"] == found["pandas"]
    assert not (tmp_path / "engine" / "acme").exists()


# ----------------------------------------------------------------------- one pass or staged
@pytest.mark.parametrize("case", [
    ("spend", SPEND, True),  # plain: one pass
    ("spend", "date;channel;cost\n05/01/2026;Google;1 234,56\n", True),  # decimal comma in SQL
    ("orders", "order_id,contact_id,ordered_at,revenue\no1,c1,2026-01-05,-5\n", True),  # a warning
    ("spend", "date,channel,cost\n2026-01-05,Google,abc\n", False),  # a bad number: staged, worded
    ("spend", "date,channel,cost\n5 janvier 2026,Google,1\n", False),  # Python decides the date
    ("spend", "date,channel,cost\n2026-01-05, Google ,1\n", True),  # trimmed in the same pass
    ("spend", "date,channel,cost\n2026-01-05,Google,1\n2026-01-06,\"Me\nta\",1\n", False),
    ("spend", "date,channel,cost\n2026-01-05,Google,1\n".encode("cp1252") + "2026-01-06,Télé,2\n".encode("cp1252"), False),
    ("orders", "order_id,contact_id,ordered_at,revenue\no1,c1,2026-01-05,5\no1,c2,2026-01-06,5\n", True),
    # Windows-1252 after the first 64 KB: DuckDB refuses the byte, the full scan decides
    ("spend", ("date,channel,cost\n" + "2026-01-05,Google,1\n" * 4000 + "2026-01-06,Télé,2\n")
     .encode("cp1252"), False),
])
def test_plain_files_are_read_in_one_pass(tmp_path, reading_path, case):
    """A plain file goes from CSV to the canonical Parquet in one ``COPY``; any row that is not
    plain sends it to the staged read; the problems and the table are the pandas reader's
    either way (``both``), including a duplicate id found on the written table."""
    table, content, plain = case
    config = parse_config(PARIS, "acme")
    both(tmp_path, table, content)
    path = _write(tmp_path, table, content, ".csv")
    got = read_table_engine(path, TABLES[table], config, tmp_path / "x.parquet")
    assert got.one_pass == (plain and reading_path == "one pass when plain")


# ------------------------------------------------------------- the engine's store, on Spark
@pytest.mark.spark
def test_a_client_read_by_the_engine_gives_duckdbs_figures_on_spark(demo_data, tmp_path,
                                                                    spark_session, reading_path,
                                                                    monkeypatch):
    """The new reading path end to end: the demo client's raw files read and validated by
    DuckDB (``reader="engine"``) into a store, that store opened by Spark
    (``engine="spark"``), and every aggregate family the notebooks use compared with DuckDB on
    the store the pandas reader wrote: KPIs and funnel of a quarter (overall and by channel),
    funnel counts, journeys and paths, RFM, cohorts, daily series. Nothing comes back into
    pandas on the Spark side."""
    if reading_path != "one pass when plain":
        pytest.skip("one Spark run is enough: the staged read is compared with pandas above")
    from roianalysis import engine_read
    from roianalysis.attribution import journeys_for_client
    from roianalysis.clv import rfm_summary
    from roianalysis.cohorts import cohort_matrix
    from roianalysis.data.store import StoredTables
    from roianalysis.metrics import funnel_counts
    from roianalysis.scorecard.pacing import daily_series
    from roianalysis.spark import SparkClientData

    client = "petit-atelier"
    duck = ra.load_client(client, demo_data, processed_dir=tmp_path / "pandas", reader="pandas")
    read_by_duckdb = []
    real = engine_read.read_table_engine

    def spy(path, *a, **k):
        got = real(path, *a, **k)
        read_by_duckdb.append((Path(path).stem, got.one_pass))
        return got

    monkeypatch.setattr(engine_read, "read_table_engine", spy)
    read = ra.load_client(client, demo_data, processed_dir=tmp_path / "engine", reader="engine")
    assert isinstance(read.tables, StoredTables)  # the tables stay in the store's Parquet
    files = sorted(p.stem for p in (demo_data / client).iterdir() if p.suffix in (".csv", ".parquet"))
    assert len(files) >= 5 and sorted(n for n, _ in read_by_duckdb) == files  # all read by DuckDB
    for name in duck.tables:  # the engine reader's store holds the pandas reader's tables
        pd.testing.assert_frame_equal(_as_canonical(pd.read_parquet(read.store / f"{name}.parquet")),
                                      duck.tables[name], check_dtype=False)
    spark = ra.load_client(client, demo_data, processed_dir=tmp_path / "engine", engine="spark")
    assert isinstance(spark, SparkClientData) and spark.engine.backend == "pyspark"
    assert spark.store == read.store and spark.fingerprint == duck.fingerprint
    assert spark.channels == duck.channels and sorted(spark.tables) == sorted(duck.tables)
    for by in [None, "channel"]:
        pd.testing.assert_frame_equal(ra.funnel(duck, "2026-Q3", by=by),
                                      ra.funnel(spark, "2026-Q3", by=by), check_dtype=False,
                                      rtol=1e-9)
    pd.testing.assert_series_equal(ra.kpis(duck, "2026-Q3"), ra.kpis(spark, "2026-Q3"),
                                   check_dtype=False, rtol=1e-9)
    period = Period.parse("2026-Q3")
    for by in [(), ("channel", "campaign")]:
        a = funnel_counts(duck.engine, period, by, available=list(duck.tables))
        b = funnel_counts(spark.engine, period, by, available=list(spark.tables))
        key = list(by) or None
        if key:
            a, b = a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False, rtol=1e-9)
    for aggregate in (False, True):
        a, b = (journeys_for_client(d, "2026-Q3", aggregate=aggregate) for d in (duck, spark))
        sort = [c for c in a.columns if a[c].map(lambda v: isinstance(v, (str, int, float))).all()]
        a, b = (x.sort_values(sort).reset_index(drop=True) for x in (a, b))
        pd.testing.assert_frame_equal(a, b, check_dtype=False, rtol=1e-9)
    pd.testing.assert_frame_equal(rfm_summary(duck, "2026-06-30").sort_index(),
                                  rfm_summary(spark, "2026-06-30").sort_index(),
                                  check_dtype=False, rtol=1e-9)
    ca, cb = (cohort_matrix(d.engine.table("orders")) for d in (duck, spark))
    pd.testing.assert_frame_equal(ca.table, cb.table, check_dtype=False, rtol=1e-9)
    start, end = pd.Timestamp("2026-07-01").date(), pd.Timestamp("2026-09-30").date()
    for metric in ("sessions", "revenue", "marketing_cost"):
        pd.testing.assert_series_equal(daily_series(duck, metric, start, end),
                                       daily_series(spark, metric, start, end), rtol=1e-9)
    assert spark.tables.pulled == []  # nothing above brought a table into pandas
