"""Loading and validation as a new user would try it: every bad input is a clear, named error."""

from __future__ import annotations

import hashlib
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import roianalysis as ra
from roianalysis.data.read import read_client_tables
from roianalysis.data.validate import parse_number
from roianalysis.errors import ConfigError, DataValidationError, UnknownClientError

SPEND = "date,channel,cost\n2026-01-05,Google,100\n2026-01-06,Meta,50.5\n"
LEADS = "contact_id,created_at\nc1,2026-01-05 10:00\nc2,2026-01-06\n"


def make_client(root: Path, files: dict[str, str | bytes], name: str = "acme") -> Path:
    folder = root / "raw" / name
    folder.mkdir(parents=True, exist_ok=True)
    for fname, content in files.items():
        p = folder / fname
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return root / "raw"


def problems(root: Path, files: dict, name: str = "acme"):
    data_dir = make_client(root, files, name)
    with pytest.raises(DataValidationError) as exc:
        read_client_tables(name, data_dir)
    return exc.value.problems


def test_minimal_client_loads(tmp_path):
    data_dir = make_client(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS})
    data = ra.load_client("acme", data_dir)
    assert list(data.tables) == ["spend", "leads"]
    assert data.tables["spend"]["cost"].sum() == 150.5
    assert data.tables["spend"]["category"].tolist() == ["media", "media"]
    assert data.config.timezone == "UTC" and data.config.currency == "EUR"


def test_french_export_bom_semicolon_decimal_comma(tmp_path):
    spend = "\ufeffDate;Channel;Cost;Clicks\n05/01/2026;Google;1 234,56;10\n06/01/2026;Meta;0,5;\n"
    data_dir = make_client(tmp_path, {"spend.csv": spend.encode("utf-8"), "leads.csv": LEADS})
    t = ra.load_client("acme", data_dir).tables["spend"]
    assert t["cost"].tolist() == [1234.56, 0.5]
    assert t["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-05", "2026-01-06"]
    assert math.isnan(t["clicks"].iloc[1])


@pytest.mark.parametrize("text,value", [("1 234,56", 1234.56), ("1.234,56", 1234.56),
                                        ("1,234.56", 1234.56), ("12,5", 12.5), ("42", 42.0),
                                        ("1\u202f000 €", 1000.0), ("", float("nan"))])
def test_parse_number(text, value):
    got = parse_number(text)
    assert (math.isnan(got) and math.isnan(value)) or got == value


def test_windows_1252_and_tab_separated(tmp_path):
    spend = "date\tchannel\tcost\n2026-01-05\tPresse régionale\t100\n".encode("cp1252")
    data_dir = make_client(tmp_path, {"spend.csv": spend, "leads.csv": LEADS})
    assert ra.load_client("acme", data_dir).tables["spend"]["channel"][0] == "Presse régionale"


def test_excel_and_parquet(tmp_path):
    data_dir = make_client(tmp_path, {"leads.csv": LEADS})
    pd.DataFrame({"date": pd.to_datetime(["2026-01-05"]), "channel": ["Google"], "cost": [10.0]}).to_excel(
        data_dir / "acme" / "spend.xlsx", index=False)
    pd.DataFrame({"order_id": [1, 2], "contact_id": [10, 11], "revenue": [5.0, 6.0],
                  "ordered_at": pd.to_datetime(["2026-01-05T10:00:00Z", "2026-01-06T00:00:00Z"], utc=True)}
                 ).to_parquet(data_dir / "acme" / "orders.parquet")
    (data_dir / "acme" / "client.yml").write_text("timezone: Europe/Paris\n")
    data = ra.load_client("acme", data_dir)
    assert data.tables["spend"]["cost"].tolist() == [10.0]
    o = data.tables["orders"]
    assert o["order_id"].tolist() == ["1", "2"]  # ids are text
    assert str(o["ordered_at"][0]) == "2026-01-05 11:00:00"  # UTC -> Paris wall clock


def test_timezone_z_suffix_late_dec_31_is_january_in_paris(tmp_path):
    leads = "contact_id,created_at\nc1,2025-12-31T23:30:00Z\nc2,2025-12-31T22:30:00+00:00\n"
    data_dir = make_client(tmp_path, {"spend.csv": SPEND, "leads.csv": leads,
                                      "client.yml": "timezone: Europe/Paris\n"})
    data = ra.load_client("acme", data_dir)
    assert data.tables["leads"]["created_at"].astype(str).tolist() == ["2026-01-01 00:30:00",
                                                                       "2025-12-31 23:30:00"]
    assert ra.kpis(data, "2026-01")["leads"] == 1


def test_missing_column(tmp_path):
    [p] = problems(tmp_path, {"spend.csv": "date,channel\n2026-01-01,Google\n", "leads.csv": LEADS})
    assert p.code == "missing_column" and "cost" in p.message and p.file.endswith("spend.csv")


def test_unparseable_date_names_row_and_column(tmp_path):
    spend = "date,channel,cost\n2026-01-05,Google,100\nyesterday,Meta,5\n"
    [p] = problems(tmp_path, {"spend.csv": spend, "leads.csv": LEADS})
    assert p.code == "bad_date" and p.column == "date" and p.rows == (3,)
    assert "yesterday" in p.message and "row 3" in str(p)


def test_negative_cost(tmp_path):
    [p] = problems(tmp_path, {"spend.csv": "date,channel,cost\n2026-01-05,Google,-3\n", "leads.csv": LEADS})
    assert p.code == "negative_value" and p.column == "cost" and p.rows == (2,)


def test_duplicate_order_id(tmp_path):
    orders = "order_id,contact_id,ordered_at,revenue\no1,c1,2026-01-05,10\no1,c2,2026-01-06,20\n"
    [p] = problems(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS, "orders.csv": orders})
    assert p.code == "duplicate_id" and p.rows == (2, 3) and "o1" in p.message


def test_duplicate_lead(tmp_path):
    leads = "contact_id,created_at\nc1,2026-01-05\nc1,2026-01-06\n"
    [p] = problems(tmp_path, {"spend.csv": SPEND, "leads.csv": leads})
    assert p.code == "duplicate_id"


def test_score_outside_0_10(tmp_path):
    nps = "answered_at,score\n2026-01-05,11\n2026-01-05,7\n2026-01-06,-1\n"
    [p] = problems(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS, "nps.csv": nps})
    assert p.code == "score_out_of_range" and p.rows == (2, 4)


def test_empty_file(tmp_path):
    [p] = problems(tmp_path, {"spend.csv": "", "leads.csv": LEADS})
    assert p.code == "empty_file" and "empty" in p.message


def test_wrong_separator(tmp_path):
    [p] = problems(tmp_path, {"spend.csv": "date|channel|cost\n2026-01-05|Google|100\n",
                              "leads.csv": LEADS})
    assert p.code == "missing_column" and "separator" in p.message


def test_missing_required_file(tmp_path):
    [p] = problems(tmp_path, {"leads.csv": LEADS})  # leads are optional, spend is not
    assert p.code == "missing_file" and "spend" in p.message


def test_unknown_channel_in_objectives(tmp_path):
    obj = "period,metric,target,channel\n2026-Q1,cpl,10,Google\n2026-Q1,leads,5,Tiktok\n2026-Q1,cpl,1,\n"
    [p] = problems(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS, "objectives.csv": obj})
    assert p.code == "unknown_channel" and "Tiktok" in p.message and p.rows == (3,)


def test_unknown_metric_and_bad_period(tmp_path):
    obj = "period,metric,target\n2026-Q5,cpl,10\n2026-Q1,happiness,5\n"
    codes = sorted(p.code for p in problems(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS,
                                                       "objectives.csv": obj}))
    assert codes == ["bad_period", "unknown_metric"]


def test_all_problems_reported_at_once(tmp_path):
    spend = "date,channel,cost\nnope,Google,-1\n2026-01-01,,abc\n"
    orders = "order_id,contact_id,ordered_at,revenue\no1,c1,2026-01-05,10\no1,c2,2026-01-06,20\n"
    found = problems(tmp_path, {"spend.csv": spend, "leads.csv": LEADS, "orders.csv": orders})
    assert {p.code for p in found} >= {"bad_date", "negative_value", "missing_value", "bad_number",
                                        "duplicate_id"}


def test_unknown_config_key(tmp_path):
    data_dir = make_client(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS,
                                      "client.yml": "timezon: Europe/Paris\n"})
    with pytest.raises(ConfigError, match="timezon"):
        ra.load_client("acme", data_dir)


def test_bad_timezone(tmp_path):
    data_dir = make_client(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS,
                                      "client.yml": "timezone: Mars/Olympus\n"})
    with pytest.raises(ConfigError, match="IANA"):
        ra.load_client("acme", data_dir)


def test_channel_aliases(tmp_path):
    data_dir = make_client(tmp_path, {"spend.csv": "date,channel,cost\n2026-01-05,AdWords,10\n",
                                      "leads.csv": "contact_id,created_at,channel\nc1,2026-01-05,adwords\n",
                                      "client.yml": "channel_aliases:\n  adwords: Paid Search\n"})
    data = ra.load_client("acme", data_dir)
    assert data.tables["spend"]["channel"][0] == "Paid Search"
    assert ra.funnel(data, "2026-01").loc["Paid Search", "cpl"] == 10


@pytest.mark.parametrize("name", ["../etc", "/abs", "a/b", "..", ""])
def test_unsafe_client_names(tmp_path, name):
    with pytest.raises(UnknownClientError):
        ra.load_client(name, tmp_path)


def test_unknown_client_lists_known(tmp_path):
    data_dir = make_client(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS})
    with pytest.raises(UnknownClientError, match="acme"):
        ra.load_client("acmee", data_dir)


def _tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(str(p.relative_to(folder)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def test_processed_store_rebuilt_on_change_and_raw_untouched(tmp_path):
    data_dir = make_client(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS})
    before = _tree_hash(data_dir)
    d1 = ra.load_client("acme", data_dir)
    store = tmp_path / "processed" / "acme"
    assert (store / "spend.parquet").exists() and (store / "manifest.json").exists()
    d2 = ra.load_client("acme", data_dir)  # from the store
    pd.testing.assert_frame_equal(d1.tables["spend"], d2.tables["spend"])
    assert d1.fingerprint == d2.fingerprint
    assert _tree_hash(data_dir) == before  # raw never written
    (data_dir / "acme" / "spend.csv").write_text(SPEND + "2026-01-07,Meta,1\n")
    d3 = ra.load_client("acme", data_dir)
    assert len(d3.tables["spend"]) == 3 and d3.fingerprint != d1.fingerprint


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "roianalysis", *args], capture_output=True,
                          text=True, timeout=120)


def test_cli_validate_lists_every_problem_without_traceback(tmp_path):
    spend = "date,channel,cost\nnope,Google,-1\n"
    orders = "order_id,contact_id,ordered_at,revenue\no1,c1,2026-01-05,10\no1,c2,2026-01-06,20\n"
    data_dir = make_client(tmp_path, {"spend.csv": spend, "leads.csv": LEADS, "orders.csv": orders})
    r = _cli("validate", "--client", "acme", "--data-dir", str(data_dir))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "bad_date" not in r.stderr  # messages are sentences, not codes
    assert "row 2" in r.stderr and "negative cost" in r.stderr and "duplicate order_id" in r.stderr


def test_cli_validate_ok_and_unknown_client(tmp_path):
    data_dir = make_client(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS})
    ok = _cli("validate", "--client", "acme", "--data-dir", str(data_dir))
    assert ok.returncode == 0 and "acme: OK" in ok.stdout
    bad = _cli("validate", "--client", "nobody", "--data-dir", str(data_dir))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "nobody" in bad.stderr


def test_engine_reads_the_processed_store_with_string_types(tmp_path):
    data_dir = make_client(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS})
    ra.load_client("acme", data_dir)
    data = ra.load_client("acme", data_dir)  # second load: from the store
    assert data.store == tmp_path / "processed" / "acme"
    schema = data.engine.table("leads").schema()
    assert str(schema["owner"]).startswith("string")  # all-empty column keeps its text type
    assert ra.kpis(data, "2026-01")["cpl"] == pytest.approx(150.5 / 2)


def test_unchanged_raw_files_are_not_hashed_again(tmp_path, monkeypatch):
    import os

    from roianalysis.data import store as data_module

    data_dir = make_client(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS})
    first = ra.load_client("acme", data_dir)

    def no_hashing(folder):
        raise AssertionError("the raw files were hashed although unchanged")

    with monkeypatch.context() as m:
        m.setattr(data_module, "raw_fingerprint", no_hashing)
        again = ra.load_client("acme", data_dir)
    assert again.fingerprint == first.fingerprint and again.store is not None
    spend = data_dir / "acme" / "spend.csv"
    st = spend.stat()
    os.utime(spend, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched, same content
    touched = ra.load_client("acme", data_dir)  # hashed again: same data, same store
    assert touched.fingerprint == first.fingerprint
    with monkeypatch.context() as m:  # and the new times are remembered
        m.setattr(data_module, "raw_fingerprint", no_hashing)
        assert ra.load_client("acme", data_dir).fingerprint == first.fingerprint
    spend.write_text(SPEND + "2026-01-07,Meta,1\n")
    changed = ra.load_client("acme", data_dir)
    assert changed.fingerprint != first.fingerprint and len(changed.tables["spend"]) == 3


def test_stored_tables_are_read_on_first_use_and_keep_their_version(tmp_path):
    from roianalysis.data.store import StoredTables

    data_dir = make_client(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS})
    first = ra.load_client("acme", data_dir)
    data = ra.load_client("acme", data_dir)
    assert isinstance(data.tables, StoredTables)
    assert data.has("spend") and not data.has("orders") and data.tables.rows("leads") == 2
    assert data.channels == first.channels == ["Google", "Meta"]
    assert data.tables._frames == {}, "nothing read yet: counts and channels come from the files"
    # the raw data changes and the store is replaced: what was loaded stays what it was
    (data_dir / "acme" / "spend.csv").write_text(SPEND + "2026-01-07,Meta,1\n")
    assert len(ra.load_client("acme", data_dir).tables["spend"]) == 3
    pd.testing.assert_frame_equal(data.tables["spend"], first.tables["spend"])


def test_single_columns_are_read_alone_and_equal_the_table_s(tmp_path):
    data_dir = make_client(tmp_path, {"spend.csv": SPEND, "leads.csv": LEADS})
    first = ra.load_client("acme", data_dir)
    data = ra.load_client("acme", data_dir)
    assert data.columns("leads") == list(first.tables["leads"].columns)
    for table, col in [("spend", "date"), ("spend", "channel"), ("leads", "owner")]:
        pd.testing.assert_series_equal(data.column(table, col), first.tables[table][col])
        pd.testing.assert_series_equal(first.column(table, col), first.tables[table][col])
    assert data.tables._frames == {}


@pytest.mark.parametrize("text, expected", [
    ("05-01-2026", "2026-01-05 00:00:00"),            # the year is not an offset
    ("05-01-2026 10:30", "2026-01-05 10:30:00"),
    ("05.01.2026 10:30:15", "2026-01-05 10:30:15"),
    ("2026-01-05 10:00:00.1234567", "2026-01-05 10:00:00.123456"),    # cut to microseconds
    ("2026-01-05T10:00:00.123456789Z", "2026-01-05 11:00:00.123456"),  # UTC -> Paris
    ("2026-01-05 10:00 +0200", "2026-01-05 09:00:00"),
])
def test_day_first_dashes_and_nanoseconds_are_read(text, expected):
    from roianalysis.data.validate import parse_timestamps

    got, bad = parse_timestamps(pd.Series([text]), "Europe/Paris")
    assert not bad.any() and str(got[0]) == expected


def test_every_column_type_has_one_checker_and_one_stored_type():
    from roianalysis.data.validate import CHECKERS
    from roianalysis.schema import KIND_TYPES, TABLES, TYPE_NAMES, column_type

    kinds = {c.kind for spec in TABLES.values() for c in spec.columns}
    assert kinds <= set(CHECKERS) and kinds <= set(KIND_TYPES)
    assert column_type("money", "duckdb") == "DOUBLE" and column_type("date", "pandas") == "datetime64[us]"
    assert {names["arrow"] for names in TYPE_NAMES.values()} == {"timestamp[us]", "double", "string", "bool"}
