"""The core every export reader shares: parsing helpers, channel grouping, contact keys, the
merge of overlapping exports, and the wiring of ``exports/`` into a client's tables."""

from __future__ import annotations

import datetime as dt
import sys
import types

import numpy as np
import pandas as pd
import pytest

from roianalysis import sources
from roianalysis.data.config import parse_config
from roianalysis.errors import DataValidationError
from roianalysis.sources.base import Import, RawFile, RowCounts, spend_frame, spread_over_days
from roianalysis.sources.channels import default_channel_group
from roianalysis.sources.privacy import contact_key
from roianalysis.sources.text import csv_table, parse_amounts, parse_day, parse_range


# ------------------------------------------------------------------------------ text helpers
@pytest.mark.parametrize("text, expected", [
    ("March 27, 2026 - April 23, 2026", (dt.date(2026, 3, 27), dt.date(2026, 4, 23))),
    ("27 January 2026 - 23 February 2026", (dt.date(2026, 1, 27), dt.date(2026, 2, 23))),
    ("1 mai 2026 - 8 mai 2026", (dt.date(2026, 5, 1), dt.date(2026, 5, 8))),
    ("20241122-20260120", (dt.date(2024, 11, 22), dt.date(2026, 1, 20))),
    ("2026-07-01 - 2026-09-30", (dt.date(2026, 7, 1), dt.date(2026, 9, 30))),
    ("All time", None),
])
def test_date_ranges_as_exports_write_them(text, expected):
    assert parse_range(text) == expected


def test_days():
    assert parse_day("20260327") == dt.date(2026, 3, 27)
    assert parse_day("03/04/2026") == dt.date(2026, 4, 3)
    assert parse_day("03/04/2026", dayfirst=False) == dt.date(2026, 3, 4)
    assert parse_day("27 janv. 2026") == dt.date(2026, 1, 27)
    assert parse_day("nope") is None


def test_amounts_as_ui_print_them():
    vals, bad = parse_amounts(['"9,380"'.strip('"'), " --", "2.81%", "< 10%", "4,838.80", "x", "inf"])
    np.testing.assert_allclose(vals[[0, 2, 3, 4]], [9380, 0.0281, 0.10, 4838.80])
    assert np.isnan(vals[1]) and not bad[1]  # " --" is empty, not an error
    assert bad.tolist() == [False, False, False, False, False, True, True]
    vals, bad = parse_amounts(["1\u202f234,56", "12,5"], decimal=",")
    np.testing.assert_allclose(vals, [1234.56, 12.5])


def test_csv_table_keeps_file_line_numbers_across_multiline_cells():
    lines = ["Title", "Range", "a,b", '1,"two', 'lines"', "", "3,4"]
    t = csv_table(lines, 2)
    assert t.header == ["a", "b"]
    assert t.rows == [["1", "two\nlines"], ["3", "4"]]
    assert t.line_numbers == [4, 7]
    f = csv_table(["x,x,y", "1,2,3,4"], 0).frame()
    assert list(f.columns) == ["x", "x.1", "y", "_extra_0", "_line"]


def test_encodings_are_sniffed_from_the_bytes(tmp_path):
    text = "Day\tCost\n2026-01-01\t1.5\n"
    for enc, data in [("utf-16", b"\xff\xfe" + text.encode("utf-16-le")),
                      ("utf-16-le", text.encode("utf-16-le")),
                      ("utf-8-sig", b"\xef\xbb\xbf" + text.encode()),
                      ("cp1252", "Coût\n1\n".encode("cp1252"))]:
        raw = RawFile(tmp_path / "f.csv", data)
        assert raw.encoding == enc
        assert raw.lines[0] in ("Day\tCost", "Coût")


# ------------------------------------------------------------------------------ channels
@pytest.mark.parametrize("source, medium, campaign, channel", [
    ("google", "cpc", None, "Paid Search"),
    ("google", "organic", None, "Organic Search"),
    ("(direct)", "(none)", None, "Direct"),
    ("facebook", "paid_social", None, "Paid Social"),
    ("l.facebook.com", "referral", None, "Organic Social"),
    ("youtube.com", "cpv", None, "Paid Video"),
    ("criteo", "display", None, "Display"),
    ("google", "cpc", "Shopping FR", "Paid Shopping"),
    ("google", "cpc", "pmax cross-network", "Cross-network"),
    ("newsletter", "email", None, "Email"),
    ("awin", "affiliate", None, "Affiliates"),
    ("partner.example", "referral", None, "Referral"),
    ("(not set)", "(not set)", None, "Unassigned"),
])
def test_ga4_default_channel_group(source, medium, campaign, channel):
    assert default_channel_group(source, medium, campaign) == channel


# ------------------------------------------------------------------------------ privacy
def test_contact_keys_are_stable_per_salt_and_hide_the_address():
    k = contact_key(" Jane.Doe@Example.com ", b"salt-a")
    assert k == contact_key("jane.doe@example.com", b"salt-a")
    assert k != contact_key("jane.doe@example.com", b"salt-b")
    assert "jane" not in k and k.startswith("ck_")
    assert contact_key("12345", b"salt-a").startswith("cx_")
    assert contact_key("", b"s") is None and contact_key(None, b"s") is None


# ------------------------------------------------------------------------------ spread
def test_spread_over_days_keeps_sums():
    f = spend_frame(["2026-01-01"], "Paid Search", ["A"], [28.0], [280], [14]).drop(columns="date")
    out = spread_over_days(f, dt.date(2026, 1, 1), dt.date(2026, 1, 28), ("cost", "impressions", "clicks"))
    assert len(out) == 28 and out["cost"].sum() == pytest.approx(28.0)
    assert out["date"].min() == pd.Timestamp("2026-01-01") and out["date"].max() == pd.Timestamp("2026-01-28")
    assert out["cost"].iloc[0] == pytest.approx(1.0)


# ------------------------------------------------------------------------------ combine
def _imp(path, days, cost, campaign="A", fmt="google_ads", account=None, mtime=0.0, currency=None):
    spend = spend_frame(days, "Paid Search", [campaign] * len(days), cost)
    return Import(path, fmt, {"spend": spend}, currency=currency, account=account, mtime=mtime,
                  rows=RowCounts(len(days), len(days)))


def test_overlapping_exports_count_each_campaign_day_once_the_most_recent_wins():
    old = _imp("old.csv", ["2026-01-01", "2026-01-02"], [10.0, 20.0], mtime=1)
    new = _imp("new.csv", ["2026-01-02", "2026-01-03"], [25.0, 30.0], mtime=2)
    c = sources.combine([new, old])
    spend = c.tables["spend"].sort_values("date")
    assert spend["cost"].tolist() == [10.0, 25.0, 30.0]
    assert any(p.code == "overlapping_export" and p.file == "old.csv" for p in c.problems)


def test_breakdowns_of_the_same_campaigns_count_one_spend():
    # five breakdown exports (age, gender...) of the same campaign-days: one spend, not five
    imps = [_imp(f"b{i}.csv", ["2026-01-01", "2026-01-01"], [4.0, 6.0], fmt="meta_ads", mtime=i)
            for i in range(5)]
    c = sources.combine(imps)
    assert c.tables["spend"]["cost"].sum() == pytest.approx(10.0)


def test_other_campaigns_and_other_accounts_add_up():
    a = _imp("a.csv", ["2026-01-01"], [10.0], campaign="A")
    b = _imp("b.csv", ["2026-01-01"], [5.0], campaign="B")
    c2 = _imp("c.csv", ["2026-01-01"], [7.0], campaign="A", account="other")
    assert sources.combine([a, b, c2]).tables["spend"]["cost"].sum() == pytest.approx(22.0)


def test_currency_mismatch_is_refused_unless_a_rate_is_given():
    usd = _imp("usd.csv", ["2026-01-01"], [100.0], currency="USD")
    with pytest.raises(DataValidationError, match="USD.*exchange_rates"):
        sources.combine([usd], parse_config({"currency": "EUR"}, "c"))
    c = sources.combine([usd], parse_config({"currency": "EUR", "exchange_rates": {"USD": 0.9}}, "c"))
    assert c.tables["spend"]["cost"].sum() == pytest.approx(90.0)


def test_orders_once_per_id_from_the_most_recent_export():
    def orders(path, revenue, mtime):
        f = pd.DataFrame({"order_id": ["1", "2"], "contact_id": ["a", "b"],
                          "ordered_at": pd.to_datetime(["2026-01-01", "2026-01-02"]),
                          "revenue": revenue, "margin": np.nan})
        return Import(path, "shopify_orders", {"orders": f}, mtime=mtime, rows=RowCounts(2, 2))
    c = sources.combine([orders("new.csv", [15.0, 20.0], 2), orders("old.csv", [10.0, 20.0], 1)])
    assert sorted(c.tables["orders"]["revenue"]) == [15.0, 20.0]


# ------------------------------------------------------------------------------ read / folders
def test_an_unknown_file_is_refused_by_name_with_the_formats_tried(tmp_path):
    p = tmp_path / "mystery.csv"
    p.write_text("foo,bar\n1,2\n")
    with pytest.raises(DataValidationError) as exc:
        sources.read(p)
    msg = str(exc.value)
    assert "mystery.csv" in msg and "not an export" in msg and "google_ads" in msg


def test_an_empty_file_is_refused(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_bytes(b"")
    with pytest.raises(DataValidationError, match="empty"):
        sources.read(p)


@pytest.fixture
def fake_reader(monkeypatch):
    """A reader for a made-up format ``demo_tool``: ``#demo`` first line, then day,cost."""
    mod = types.ModuleType("roianalysis.sources._fake")
    mod.FORMAT = "demo_tool"

    def detect(raw):
        return raw.text.startswith("#demo")

    def read(raw, ctx):
        t = csv_table(raw.lines, 1)
        f = t.frame()
        cost, _ = parse_amounts(f["cost"])
        spend = spend_frame(f["day"], "Paid Search", ["A"] * len(f), cost)
        return Import(raw.name, "demo_tool", {"spend": spend}, rows=RowCounts(len(f), len(f)),
                      totals={"cost": float(cost.sum())})

    mod.detect, mod.read = detect, read
    monkeypatch.setitem(sys.modules, "roianalysis.sources._fake", mod)
    monkeypatch.setattr(sources, "READERS", ("_fake",))
    return mod


def test_a_client_with_only_exports_loads(tmp_path, fake_reader):
    from roianalysis import load_client
    from roianalysis.data.read import read_client

    client = tmp_path / "raw" / "shop"
    (client / "exports" / "2026").mkdir(parents=True)
    (client / "client.yml").write_text("currency: EUR\n")
    (client / "exports" / "2026" / "jan.csv").write_text("#demo\nday,cost\n2026-01-01,10\n2026-01-02,5\n")
    (client / "exports" / "copy.csv").write_text("#demo\nday,cost\n2026-01-01,10\n2026-01-02,5\n")
    (client / "exports" / "notes.zip").write_bytes(b"PK")
    r = read_client("shop", tmp_path / "raw")
    assert r.tables["spend"]["cost"].sum() == pytest.approx(15.0)
    codes = {p.code for p in r.warnings}
    assert {"duplicate_export", "skipped_file"} <= codes
    data = load_client("shop", tmp_path / "raw")
    assert data.tables["spend"]["cost"].sum() == pytest.approx(15.0)
    # an export added later changes the fingerprint: the store is rebuilt, nothing stale
    before = data.fingerprint
    (client / "exports" / "feb.csv").write_text("#demo\nday,cost\n2026-02-01,7\n")
    again = load_client("shop", tmp_path / "raw")
    assert again.fingerprint != before
    assert again.tables["spend"]["cost"].sum() == pytest.approx(22.0)


def test_a_bad_export_names_the_file_and_the_rest_are_still_checked(tmp_path, fake_reader):
    from roianalysis.data.read import read_client

    client = tmp_path / "raw" / "shop"
    (client / "exports").mkdir(parents=True)
    (client / "exports" / "good.csv").write_text("#demo\nday,cost\n2026-01-01,10\n")
    (client / "exports" / "bad.csv").write_text("who knows\n")
    with pytest.raises(DataValidationError) as exc:
        read_client("shop", tmp_path / "raw")
    assert any("bad.csv" in p.file for p in exc.value.problems)


def test_import_command_copies_recognised_files_only(tmp_path, fake_reader, capsys):
    from roianalysis.cli import run_import

    (tmp_path / "raw" / "shop").mkdir(parents=True)
    good = tmp_path / "Campaigns.csv"
    good.write_text("#demo\nday,cost\n2026-01-01,10\n")
    bad = tmp_path / "x.csv"
    bad.write_text("nothing\n")
    args = types.SimpleNamespace(files=[str(good), str(bad), str(good)], client="shop",
                                 data_dir=str(tmp_path / "raw"))
    assert run_import(args) == 1
    out = capsys.readouterr()
    assert "demo_tool" in out.out and "already imported" in out.out
    assert "x.csv" in out.err
    assert [p.name for p in (tmp_path / "raw" / "shop" / "exports").iterdir()] == ["Campaigns.csv"]


def test_a_canonical_sheet_beside_exports_is_added_and_overlaps_are_named(tmp_path, fake_reader):
    from roianalysis.data.read import read_client

    client = tmp_path / "raw" / "shop"
    (client / "exports").mkdir(parents=True)
    (client / "exports" / "ads.csv").write_text("#demo\nday,cost\n2026-01-01,10\n")
    (client / "spend.csv").write_text("date,channel,cost,category\n2026-01-01,Paid Search,300,agency\n")
    r = read_client("shop", tmp_path / "raw")
    assert r.tables["spend"]["cost"].sum() == pytest.approx(310.0)
    assert not [p for p in r.warnings if p.code == "table_and_exports"]
    (client / "spend.csv").write_text("date,channel,cost\n2026-01-01,Paid Search,10\n")
    r = read_client("shop", tmp_path / "raw")
    assert [p for p in r.warnings if p.code == "table_and_exports"]


def test_overlapping_exports_that_disagree_are_named():
    """Two accounts with the same campaign names look like overlapping exports: the warning says
    the figures differ on the overlapping days."""
    a = _imp("account_a.csv", ["2026-01-01", "2026-01-02"], [10.0, 20.0], mtime=1)
    b = _imp("account_b.csv", ["2026-01-01", "2026-01-02"], [100.0, 200.0], mtime=2)
    c = sources.combine([a, b])
    msg = next(p.message for p in c.problems if p.file == "account_a.csv")
    assert "30.00" in msg and "300.00" in msg and "two accounts" in msg
    same = sources.combine([_imp("x.csv", ["2026-01-01"], [10.0], mtime=1),
                            _imp("y.csv", ["2026-01-01"], [10.0], mtime=2)])
    assert "two accounts" not in same.problems[0].message
