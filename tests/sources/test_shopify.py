"""Shopify orders export: genuine samples and fixtures in the same layout."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest

from roianalysis import sources
from roianalysis.errors import DataValidationError
from roianalysis.sources import RawFile, shopify
from roianalysis.sources.privacy import contact_key

try:
    from crm_helpers import SALT, config, other_samples, sample, write
except ImportError:  # tests/sources is a package
    from .crm_helpers import SALT, config, other_samples, sample, write

#: The 2021 schema (71 columns), as Shopify writes it.
HEADER = ("Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,"
          "Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,"
          "Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,"
          "Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,"
          "Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,"
          "Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,"
          "Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,"
          "Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,"
          "Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,Id,Tags,Risk Level,"
          "Source,Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,"
          "Tax 3 Value,Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,"
          "Billing Province Name,Shipping Province Name").split(",")
assert len(HEADER) == 71


def order(name, email, status, total, taxes, created, *, refunded="0.00", cancelled="", cur="EUR",
          item="Mug", oid=None, paid="x", **extra):
    row = dict.fromkeys(HEADER, "")
    row.update({"Name": name, "Email": email, "Financial Status": status,
                "Paid at": created if paid else "", "Currency": cur, "Subtotal": total,
                "Shipping": "0.00", "Taxes": taxes, "Total": total, "Created at": created,
                "Lineitem quantity": "1", "Lineitem name": item, "Lineitem price": total,
                "Billing Zip": "'1630", "Billing Phone": "'+32 470 00 00 00",
                "Refunded Amount": refunded, "Cancelled at": cancelled,
                "Id": oid or str(4000 + int(name.strip("#"))), "Source": "web"})
    row.update(extra)
    return row


def line_item(name, email, created, item):
    row = dict.fromkeys(HEADER, "")
    row.update({"Name": name, "Email": email, "Created at": created, "Lineitem quantity": "2",
                "Lineitem name": item, "Lineitem price": "9.99"})
    return row


def export(rows) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, HEADER, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


ROWS = [
    order("#1001", "Jo@Example.com", "paid", "121.00", "21.00", "2026-03-01 23:30:00 -0500",
          **{"Notes": "leave at the door\nring twice", "Note Attributes": "gift: yes\ncolor: red",
             "Tax 1 Name": "BE VAT 21%", "Tax 1 Value": "21.00"}),
    line_item("#1001", "Jo@Example.com", "2026-03-01 23:30:00 -0500", "Plate"),
    order("#1002", "al@example.com", "partially_refunded", "50.00", "0.00",
          "2026-03-05 10:00:00 +0100", refunded="10.00"),
    order("#1003", "x@example.com", "refunded", "20.00", "0.00", "2026-03-06 10:00:00 +0100",
          refunded="20.00", cancelled="2026-03-06 12:00:00 +0100"),
    line_item("#1003", "x@example.com", "2026-03-06 10:00:00 +0100", "Bowl"),
    order("#1004", "y@example.com", "voided", "35.00", "0.00", "2026-03-07 10:00:00 +0100"),
    order("#1005", "", "paid", "30.00", "5.00", "2026-03-29 03:30:00 +0200"),
    order("#1006", "z@example.com", "refunded", "121.00", "21.00", "2026-03-30 10:00:00 +0200",
          refunded="121.00"),
]


def test_fixture_orders(tmp_path):
    p = write(tmp_path, "orders_export_1.csv", export(ROWS))
    imp = sources.read(p, config(), salt=SALT)
    assert imp.format == "shopify_orders" and imp.currency == "EUR"
    assert (imp.rows.read, imp.rows.kept) == (8, 5)
    assert imp.rows.dropped == {"cancelled order": 2, "voided order (payment released)": 1}
    o = imp.tables["orders"]
    assert list(o.columns) == ["order_id", "contact_id", "ordered_at", "revenue", "margin"]
    assert o["order_id"].tolist() == ["#1001", "#1002", "#1005", "#1006"]
    # 23:30 at -05:00 is 04:30 UTC, 05:30 in Paris (+01:00 in March before the DST change)
    assert o["ordered_at"].iloc[0] == pd.Timestamp("2026-03-02 05:30")
    assert o["ordered_at"].iloc[2] == pd.Timestamp("2026-03-29 03:30")
    # revenue by hand: 121-21 = 100; 50-0-10 = 40; 30-5 = 25; fully refunded 121 with 21 tax: 0
    assert o["revenue"].tolist() == pytest.approx([100.0, 40.0, 25.0, 0.0])
    assert o["margin"].isna().all()
    assert o["contact_id"].iloc[0] == contact_key("jo@example.com", SALT)
    assert o["contact_id"].iloc[2] == contact_key("shopify-order:#1005", SALT)
    assert imp.totals == pytest.approx({"revenue": 165.0, "gross": 322.0, "taxes": 47.0,
                                        "refunds": 131.0, "shipping": 0.0, "orders": 4.0})
    assert imp.period == (dt.date(2026, 3, 2), dt.date(2026, 3, 30))
    assert "order_without_email" in {p.code for p in imp.problems}
    assert "@" not in o.to_csv() and "door" not in o.to_csv()


def test_revenue_formula_pinned():
    got = shopify.revenue_net_of_tax(np.array([42.29, 10.0, 0.0]), np.array([2.39, 0.0, 0.0]),
                                     np.array([10.60, 4.0, 0.0]))
    # (42.29 - 2.39) * (1 - 10.60 / 42.29) = 39.90 * 31.69 / 42.29
    assert got.tolist() == pytest.approx([39.90 * 31.69 / 42.29, 6.0, 0.0])


def test_mixed_currencies_error_then_exchange_rates(tmp_path):
    rows = [*ROWS[:3], order("#1010", "u@example.com", "paid", "10.00", "0.00",
                             "2026-03-08 10:00:00 +0100", cur="USD")]
    p = write(tmp_path, "orders.csv", export(rows))
    with pytest.raises(DataValidationError) as exc:
        sources.read(p, config(), salt=SALT)
    prob = exc.value.problems[0]
    # file lines: header 1, #1001 2-4 (two multi-line notes), its line item 5, #1002 6, #1010 7
    assert prob.code == "mixed_currencies" and prob.rows == (7,) and "USD" in prob.message
    imp = sources.read(p, config(exchange_rates={"USD": 0.9}), salt=SALT)
    assert imp.currency == "EUR"
    assert imp.tables["orders"]["revenue"].tolist() == pytest.approx([100.0, 40.0, 9.0])


def test_cancelled_only_export_keeps_nothing_with_a_named_warning(tmp_path):
    rows = [ROWS[3], ROWS[4], ROWS[5]]
    imp = sources.read(write(tmp_path, "orders.csv", export(rows)), config(), salt=SALT)
    assert imp.rows.kept == 0 and imp.rows.read == 3 and len(imp.tables["orders"]) == 0
    assert "no_order_kept" in {p.code for p in imp.problems}
    assert imp.period == (dt.date(2026, 3, 6), dt.date(2026, 3, 7))


def test_abandoned_checkouts_export_is_refused_by_name(tmp_path):
    header = [h for h in HEADER if h != "Duties"]  # the 70-column checkouts layout
    rows = []
    for cid, email in (("38539795693818", "a@example.com"), ("38536297939194", "")):
        r = order("#1", email, "", "279.20", "0.00", "2026-03-29 10:26:33 -0700", oid=cid,
                  paid="", **{"Fulfillment Status": "unfulfilled",
                              "Lineitem fulfillment status": "pending"})
        r["Name"] = "#" + cid
        r.pop("Duties")
        rows.append(r)
    buf = io.StringIO()
    w = csv.DictWriter(buf, header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    p = write(tmp_path, "checkouts_export_1.csv", buf.getvalue())
    with pytest.raises(DataValidationError, match="abandoned checkouts export, not orders"):
        sources.read(p, salt=SALT)


def test_bad_total_names_the_row(tmp_path):
    rows = [ROWS[0], ROWS[1], order("#1002", "al@example.com", "paid", "12,5 EUR", "0.00",
                                    "2026-03-05 10:00:00 +0100")]
    with pytest.raises(DataValidationError) as exc:
        sources.read(write(tmp_path, "o.csv", export(rows)), config(), salt=SALT)
    assert (exc.value.problems[0].column, exc.value.problems[0].rows) == ("Total", (6,))  # file line


# --------------------------------------------------------------------------- genuine samples

def test_genuine_belgian_2021_export():
    imp = sources.read(sample("shopify_orders/be_eur_orders_export_2021_apostrophe_zip.csv"),
                       config(), salt=SALT)
    assert imp.currency == "EUR" and (imp.rows.read, imp.rows.kept) == (39, 39)
    # sums of the 39 order rows (csv module): Total 245.58, Taxes 1.74, no refund
    assert imp.totals["orders"] == 39
    assert imp.totals["gross"] == pytest.approx(245.58)
    assert imp.totals["taxes"] == pytest.approx(1.74)
    assert imp.totals["revenue"] == pytest.approx(245.58 - 1.74)
    o = imp.tables["orders"]
    assert o["order_id"].iloc[0] == "#1039"
    assert o["ordered_at"].iloc[0] == pd.Timestamp("2021-04-08 17:24:41")  # +0200 = Paris time


def test_genuine_us_2022_export():
    imp = sources.read(sample("shopify_orders/us_usd_orders_export_2021-2022_explorer.csv"),
                       config(), salt=SALT)
    assert imp.currency == "USD"
    # 98 rows: 81 orders (first rows) + 17 further line items
    assert (imp.rows.read, imp.rows.kept, imp.totals["orders"]) == (98, 98, 81)
    assert imp.totals["gross"] == pytest.approx(3305.78)
    assert imp.totals["taxes"] == pytest.approx(101.62)
    assert imp.totals["refunds"] == pytest.approx(10.60)  # #1009, partially_refunded
    # #1009: Total 42.29, Taxes 2.39, refund 10.60 counted net of its tax share
    assert imp.totals["revenue"] == pytest.approx(3305.78 - 101.62 - 10.60 * 39.90 / 42.29)
    assert "order_without_email" in {p.code for p in imp.problems}


@pytest.mark.parametrize("path", other_samples("shopify_orders"), ids=lambda p: p.name)
def test_other_exports_are_not_shopify(path):
    assert not shopify.detect(RawFile(path))
