"""Awin exports: transactions (commission = affiliate spend) and the publisher performance report."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from roianalysis import sources
from roianalysis.errors import DataValidationError
from roianalysis.sources import awin

REPO = Path(__file__).resolve().parents[2]
SAMPLES = next((d / "shared" / "export-samples" for d in REPO.parents
                if (d / "shared" / "export-samples").is_dir()), REPO.parent / "shared" / "export-samples")


def _quoted(rows: list[list[str]]) -> str:
    """Every field quoted, CRLF: the Awin layout (a JSON basket keeps its doubled quotes)."""
    return "".join(",".join('"' + c.replace('"', '""') + '"' for c in r) + "\r\n" for r in rows)


def _write(tmp_path: Path, name: str, text: str, bom: bool = False) -> Path:
    p = tmp_path / name
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return p


UI_HEADER = ["id", "publisher_id", "publisher_name", "transaction_date", "clickThroughTime",
             "commission_status", "decline_reason", "sale_amount", "commission", "currency",
             "customer_acquisition", "basket_products"]
UI_ROWS = [
    ["101", "11", "Cashback Club", "2026-03-01 10:15:00", "2026-03-01 10:01:00", "approved", "",
     "100.00", "5.00", "EUR", "NEW", '[{"product_id":"A1","quantity":1}]'],
    ["102", "11", "Cashback Club", "2026-03-01 18:40:12", "2026-03-01 18:30:00", "pending", "",
     "60.00", "3.00", "EUR", "EXISTING", ""],
    ["103", "22", "Voucher Hub", "2026-03-01 20:00:00", "2026-02-28 09:00:00", "declined",
     "Not last referrer - Voucher Hub", "80.00", "4.00", "EUR", "NEW", ""],
    ["104", "22", "Voucher Hub", "2026-03-03 08:00:00", "2026-03-02 22:00:00", "approved", "",
     "40.50", "2.25", "EUR", "NEW", ""],
]


def test_transactions_commission_is_affiliate_spend(tmp_path):
    imp = sources.read(_write(tmp_path, "transactions.csv", _quoted([UI_HEADER] + UI_ROWS), bom=True))
    assert imp.format == "awin" and imp.currency == "EUR"
    assert imp.rows.read == 4 and imp.rows.kept == 3 and imp.rows.dropped == {"declined": 1}
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 3))
    # cost 5 + 3 + 2.25 (declined 4.00 out); revenue 100 + 60 + 40.50; 2 of 3 kept are NEW
    assert imp.totals == {"cost": 10.25, "revenue": 200.5, "transactions": 3.0,
                          "new_customer_transactions": 2.0}
    s = imp.tables["spend"]
    assert list(s.columns) == list(sources.base.SPEND_COLUMNS)
    assert s[["campaign", "cost"]].values.tolist() == [["Cashback Club", 8.0], ["Voucher Hub", 2.25]]
    assert s["date"].tolist() == [pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-03")]
    assert (s["channel"] == "Affiliates").all() and (s["category"] == "affiliate").all()
    assert s["clicks"].isna().all()
    codes = {p.code for p in imp.problems}
    assert {"pending_commission", "declined", "affiliate_sales_not_orders"} <= codes
    assert "orders" not in imp.tables
    assert "not as orders" in next(p.message for p in imp.problems
                                   if p.code == "affiliate_sales_not_orders")


def test_cut_download_flagged(tmp_path):
    text = _quoted([UI_HEADER] + UI_ROWS)
    cut = text[: text.rindex('"approved"')]
    imp = sources.read(_write(tmp_path, "cut.csv", cut))
    assert any(p.code == "truncated_export" for p in imp.problems)


def test_api_names_and_numeric_status(tmp_path):
    header = ["id", "siteName", "publisherId", "transactionDate", "commissionStatus",
              "saleAmount.amount", "saleAmount.currency", "commissionAmount.amount",
              "commissionAmount.currency"]
    rows = [["1", "Blog A", "7", "2026-04-01T23:30:00Z", "1", "50", "GBP", "2.5", "GBP"],
            ["2", "", "8", "2026-04-02T10:00:00+01:00", "2", "20", "GBP", "1", "GBP"],
            ["3", "", "8", "2026-04-02T11:00:00+01:00", "1", "30", "GBP", "1.5", "GBP"]]
    cfg = type("Cfg", (), {"timezone": "Europe/Paris", "currency": "GBP"})()
    imp = sources.read(_write(tmp_path, "api.csv", _quoted([header] + rows)), cfg)
    assert imp.format == "awin" and imp.currency == "GBP"
    assert imp.rows.dropped == {"declined": 1}  # 2 = declined
    s = imp.tables["spend"]
    # 23:30 UTC on 1 April is 01:30 on 2 April in Paris: both kept rows fall on 2 April.
    assert s["date"].unique().tolist() == [pd.Timestamp("2026-04-02")]
    assert dict(zip(s["campaign"], s["cost"], strict=True)) == {"Blog A": 2.5, "publisher 8": 1.5}
    assert imp.totals["revenue"] == 80.0


def test_unknown_status_kept_as_pending_and_named(tmp_path):
    rows = [r[:] for r in UI_ROWS]
    rows[0][5] = "on hold"
    imp = sources.read(_write(tmp_path, "t.csv", _quoted([UI_HEADER] + rows)))
    (w,) = [p for p in imp.problems if p.code == "unknown_status"]
    assert "'on hold'" in w.message and w.rows == (2,)
    assert imp.totals["cost"] == 10.25


def test_bad_commission_and_mixed_currency_named(tmp_path):
    rows = [r[:] for r in UI_ROWS]
    rows[1][8] = "three"
    with pytest.raises(DataValidationError) as err:
        sources.read(_write(tmp_path, "t.csv", _quoted([UI_HEADER] + rows)))
    (p,) = err.value.problems
    assert p.column == "commission" and p.rows == (3,)
    rows = [r[:] for r in UI_ROWS]
    rows[3][9] = "USD"
    with pytest.raises(DataValidationError, match="mixes currencies EUR, USD"):
        sources.read(_write(tmp_path, "t.csv", _quoted([UI_HEADER] + rows)))


def test_bad_commission_of_declined_row_is_not_an_error(tmp_path):
    rows = [r[:] for r in UI_ROWS]
    rows[2][8] = "n/a?"  # the declined row
    imp = sources.read(_write(tmp_path, "t.csv", _quoted([UI_HEADER] + rows)))
    assert imp.totals["cost"] == 10.25


PERF_HEADER = ["publisher_name", "PublisherID", "publisher_type", "all_clicks",
               "total_transactions", "total_revenue", "pending_revenue", "total_commission",
               "pending_commission", "approved_commission", "declined_commission"]


def test_publisher_performance_without_dates_refused_by_name(tmp_path):
    rows = [PERF_HEADER, ["Blog A", "7", "Content", "100", "3", "300", "0", "15", "0", "15", "4"]]
    with pytest.raises(DataValidationError, match="Awin publisher performance report.*Export "
                                                  "the Transactions report instead"):
        sources.read(_write(tmp_path, "perf.csv", _quoted(rows), bom=True))


def test_publisher_performance_with_range_spread(tmp_path):
    header = PERF_HEADER + ["start_date", "end_date"]
    rows = [header,
            ["Blog A", "7", "Content", "100", "3", "300", "0", "15", "5", "10", "4",
             "2026-01-01", "2026-01-05"],
            ["Quiet site", "8", "Content", "2", "0", "0", "0", "0", "0", "0", "0",
             "2026-01-01", "2026-01-05"]]
    imp = sources.read(_write(tmp_path, "perf.csv", _quoted(rows)))
    assert imp.report == "Awin publisher performance report"
    assert imp.rows.dropped == {"no commission": 1} and imp.rows.kept == 1
    s = imp.tables["spend"]
    assert s["cost"].tolist() == [3.0] * 5  # 15 / 5 days
    assert imp.totals == {"cost": 15.0, "revenue": 300.0}
    assert {"spread_over_days", "pending_commission"} <= {p.code for p in imp.problems}


def test_other_formats_not_detected():
    for text in ('"Reporting starts","Reporting ends","Campaign name","Amount spent (EUR)"\n',
                 "Record ID,Create Date,Original Source\n",
                 "Name,Email,Financial Status,Paid at,Total,Created at\n",
                 "date,commission\n2026-01-01,3\n"):
        assert not awin.detect(sources.RawFile("x.csv", text.encode())), text


# --------------------------------------------------------------------------- genuine sample

def test_genuine_publisher_performance_refused_by_name():
    p = SAMPLES / "awin" / "en_awin_publisher_performance_2025.csv"
    if not p.exists():
        pytest.skip(f"genuine sample {p} absent")
    assert awin.detect(sources.RawFile(p))
    with pytest.raises(DataValidationError) as err:
        sources.read(p)
    msg = str(err.value)
    assert "Awin publisher performance report" in msg and "Transactions report" in msg
    # What it would have given: Awin's total_commission = approved + pending + bonus per row.
    with open(p, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        parts = sum(float(r[k]) for k in ("approved_commission", "pending_commission",
                                          "bonus_commission"))
        assert float(r["total_commission"]) == pytest.approx(parts, abs=0.011)


def test_genuine_other_samples_not_detected_as_awin():
    if not SAMPLES.exists():
        pytest.skip("genuine samples absent")
    others = [p for p in SAMPLES.rglob("*") if p.is_file() and p.parent.name != "awin"
              and p.name != "README.md"]
    assert others
    for p in others:
        assert not awin.detect(sources.RawFile(p)), p
