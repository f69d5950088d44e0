"""HubSpot contacts and deals exports: genuine samples and fixtures in the same layouts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from roianalysis import sources
from roianalysis.errors import DataValidationError
from roianalysis.sources import RawFile, hubspot
from roianalysis.sources.privacy import contact_key

try:
    from crm_helpers import SALT, config, other_samples, sample, write
except ImportError:  # tests/sources is a package
    from .crm_helpers import SALT, config, other_samples, sample, write


# --------------------------------------------------------------------------- genuine samples

def test_genuine_deals_view_export_keeps_the_won_deals():
    imp = sources.read(sample("hubspot/en_bom_deals_export_snapshot_2023-04-03.csv"), salt=SALT)
    assert imp.format == "hubspot_deals"
    # 87 deals: stage counts by hand (csv module): 10 'Closed: won', 22 'Closed: lost' and
    # 19 'Closed: abandoned' (lost), the other 36 in open stages
    assert (imp.rows.read, imp.rows.kept) == (87, 10)
    assert imp.rows.dropped == {"lost deal": 41, "open deal": 36}
    orders = imp.tables["orders"]
    assert orders["order_id"].iloc[0] == "hubspot-deal:7010137314"
    # amounts of the 4 won deals that have one: 26250 + 1000000 + 80000 + 49000
    assert imp.totals["revenue"] == pytest.approx(1_155_250.0)
    assert (orders["revenue"] == 0).sum() == 6 and imp.totals["won_without_amount"] == 6
    assert orders["ordered_at"].iloc[0] == pd.Timestamp("2023-03-31 11:10")
    assert imp.period == (dt.date(2022, 8, 2), dt.date(2023, 3, 31))
    codes = {p.code for p in imp.problems}
    assert {"won_deal_without_amount", "deal_without_contact"} <= codes
    assert orders["contact_id"].nunique() == 10  # one key per deal: no contact exported


def test_genuine_contacts_export_resaved_by_excel_is_read_month_first():
    imp = sources.read(sample("hubspot/en_contacts_export_sample_contacts_excel_resaved.csv"),
                       salt=SALT)
    assert imp.format == "hubspot_contacts"
    assert (imp.rows.read, imp.rows.kept) == (6, 6)
    leads = imp.tables["leads"]
    assert leads["created_at"].iloc[0] == pd.Timestamp("2025-04-08 17:19")
    assert leads["created_at"].iloc[4] == pd.Timestamp("2025-02-22 20:22")  # '2/22/2025 20:22'
    assert imp.period == (dt.date(2025, 2, 22), dt.date(2025, 4, 8))
    assert all(k.startswith("ck_") for k in leads["contact_id"])
    assert "date_order" in {p.code for p in imp.problems}
    assert "@" not in leads.to_csv()


@pytest.mark.parametrize("path", other_samples("hubspot"), ids=lambda p: p.name)
def test_other_exports_are_not_hubspot(path):
    assert not hubspot.detect(RawFile(path))


# --------------------------------------------------------------------------- contacts fixtures

CONTACTS = (
    "Record ID,First Name,Last Name,Email,Create Date,Original Source,Original Source Drill-Down 1,"
    "Original Source Drill-Down 2,Lifecycle Stage,Became a Lead Date,Became a Customer Date,"
    "Contact owner\n"
    "101,Jo,Bloggs,Jo@Example.com,2026-03-02 09:15,Paid Search,google,brand,Lead,2026-03-03 10:00,,Ann Owner\n"
    "102,Pat,O‚ÄôConnor,pat@example.com,2026-03-04 11:00,ORGANIC_SEARCH,,,Marketing Qualified Lead,,,\n"
    "103,Sam,Sub,sam@example.com,2026-03-05 12:00,Direct Traffic,,,Subscriber,,,\n"
    "104,No,Mail,,2026-03-06 13:00,Referrals,,,Customer,,2026-03-20 10:00,owner@agency.com\n"
    "105,Zed,Other,zed@example.com,2026-03-07 14:00,Some New Source,,,Other,,,\n"
)


def test_contacts_fixture_become_leads(tmp_path):
    p = write(tmp_path, "hubspot-crm-exports-all-contacts.csv", CONTACTS, bom=True, crlf=True)
    imp = sources.read(p, config(), salt=SALT)
    assert imp.format == "hubspot_contacts"
    assert (imp.rows.read, imp.rows.kept) == (5, 3)
    assert imp.rows.dropped == {"subscriber or other (not a lead)": 2}
    leads = imp.tables["leads"]
    assert list(leads.columns) == ["contact_id", "created_at", "channel", "owner", "segment"]
    # Became a Lead Date wins over Create Date when set
    assert leads["created_at"].tolist() == [pd.Timestamp("2026-03-03 10:00"),
                                            pd.Timestamp("2026-03-04 11:00"),
                                            pd.Timestamp("2026-03-06 13:00")]
    assert leads["channel"].tolist() == ["Paid Search", "Organic Search", "Referral"]
    assert leads["contact_id"].iloc[0] == contact_key("jo@example.com", SALT)  # joins Shopify
    assert leads["contact_id"].iloc[2] == contact_key("hubspot:104", SALT)
    assert leads["owner"].iloc[0] == "Ann Owner"
    assert leads["owner"].iloc[2].startswith("ck_")  # an owner e-mail is not kept
    assert "@" not in leads.to_csv() and "Connor" not in leads.to_csv()
    assert imp.period == (dt.date(2026, 3, 3), dt.date(2026, 3, 6))


def test_lead_stages_option_restricts(tmp_path):
    p = write(tmp_path, "contacts.csv", CONTACTS)
    cfg = config(sources_options={"lead_stages": ["marketingqualifiedlead", "Customer"]})
    imp = sources.read(p, cfg, salt=SALT)
    assert imp.rows.kept == 2
    assert imp.rows.dropped == {"lifecycle stage not in lead_stages": 3}


def test_contacts_bad_date_is_named(tmp_path):
    p = write(tmp_path, "contacts.csv", CONTACTS.replace("2026-03-04 11:00", "soon"))
    with pytest.raises(DataValidationError) as exc:
        sources.read(p, config(), salt=SALT)
    prob = exc.value.problems[0]
    assert (prob.column, prob.rows) == ("Create Date", (3,))


def test_companies_export_is_refused_by_name(tmp_path):
    p = write(tmp_path, "companies.csv", "Record ID,Company name,Company Domain Name,Create Date\n"
                                         "1,Acme,acme.com,2026-01-01 10:00\n")
    with pytest.raises(DataValidationError, match="companies export"):
        sources.read(p, salt=SALT)


# --------------------------------------------------------------------------- deals fixtures

def _quoted(rows):
    return "".join(",".join(f'"{c}"' for c in r) + "\n" for r in rows)


ALL_PROPS_HEADER = ["Record ID", "Deal Name", "Pipeline", "Deal Stage", "Deal probability",
                    "Is Deal Closed?", "Close Date", "Amount", "Currency", "Associated Company",
                    "Associated Company", "Associated Contact", "Associated Contact IDs",
                    "Create Date"]


def _deal(rid, stage, prob, closed, close, amount, contact="", ids="", currency="EUR"):
    return [rid, f"Deal {rid}", "Sales Pipeline", stage, prob, closed, close, amount, currency,
            "Acme", "Acme", contact, ids, "2026-01-05 10:00"]


DEALS = [
    _deal("901", "Closed Won", "1.0", "true", "2026-02-10 15:30", "1200",
          "Jo Bloggs (jo@example.com);Al B (al@example.com)", "11;12"),
    _deal("902", "Gagné", "1.0", "true", "2026-02-11 09:00", "800.50", "", "13"),
    _deal("903", "Closed Lost", "0", "true", "2026-02-12 09:00", "500"),
    _deal("904", "Appointment Scheduled", "0.2", "false", "", "300"),
    _deal("905", "Closed: won", "1.0", "true", "2026-02-14 09:00", ""),
    _deal("906", "Contract sent", "0.9", "false", "2026-03-01 09:00", "100"),
]


def test_all_properties_deals_export(tmp_path):
    p = write(tmp_path, "all-deals.csv", _quoted([ALL_PROPS_HEADER, *DEALS]))
    imp = sources.read(p, config(), salt=SALT)
    assert imp.format == "hubspot_deals"
    assert (imp.rows.read, imp.rows.kept) == (6, 3)
    assert imp.rows.dropped == {"lost deal": 1, "open deal": 2}
    o = imp.tables["orders"]
    assert o["order_id"].tolist() == ["hubspot-deal:901", "hubspot-deal:902", "hubspot-deal:905"]
    assert o["contact_id"].iloc[0] == contact_key("jo@example.com", SALT)  # first associated e-mail
    assert o["contact_id"].iloc[1] == contact_key("hubspot:13", SALT)
    assert o["revenue"].iloc[:2].tolist() == [1200.0, 800.5] and o["revenue"].iloc[2] == 0.0
    assert imp.totals["revenue"] == pytest.approx(2000.5)
    assert imp.currency == "EUR"
    assert {"deal_contact_by_id", "deal_without_contact", "won_deal_without_amount"} <= \
        {p.code for p in imp.problems}


def test_won_stages_option_overrides_the_labels(tmp_path):
    p = write(tmp_path, "all-deals.csv", _quoted([ALL_PROPS_HEADER, *DEALS]))
    imp = sources.read(p, config(sources_options={"won_stages": ["Contract sent"]}), salt=SALT)
    ids = imp.tables["orders"]["order_id"].tolist()
    # 'Closed Won' / 'Closed: won' spell HubSpot's own won stage (closedwon: always won); the
    # custom label 'Gagné' is not listed, so it no longer counts
    assert ids == ["hubspot-deal:901", "hubspot-deal:905", "hubspot-deal:906"]


def test_is_closed_won_column_decides_when_present(tmp_path):
    header = ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Amount", "Is Closed Won"]
    rows = [["1", "a", "Signed", "2026-02-01 10:00", "10", "true"],
            ["2", "b", "Won back later", "2026-02-02 10:00", "20", "false"]]
    p = write(tmp_path, "deals.csv", _quoted([header, *rows]))
    imp = sources.read(p, salt=SALT)
    assert imp.tables["orders"]["order_id"].tolist() == ["hubspot-deal:1"]


def test_mixed_deal_currencies_are_an_error_naming_rows(tmp_path):
    rows = [DEALS[0], _deal("907", "Closed Won", "1", "true", "2026-02-15 09:00", "10",
                            currency="USD")]
    p = write(tmp_path, "deals.csv", _quoted([ALL_PROPS_HEADER, *rows]))
    with pytest.raises(DataValidationError) as exc:
        sources.read(p, config(), salt=SALT)
    assert exc.value.problems[0].rows == (3,) and "USD" in exc.value.problems[0].message
    imp = sources.read(p, config(exchange_rates={"USD": 0.5}), salt=SALT)
    assert imp.currency == "EUR"
    assert imp.tables["orders"]["revenue"].tolist() == [1200.0, 5.0]


def test_contacts_xlsx_export(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for line in CONTACTS.strip().split("\n"):
        ws.append(line.split(","))
    ws["E2"] = dt.datetime(2026, 3, 2, 9, 15)  # a real Excel date cell
    p = tmp_path / "hubspot-crm-exports-all-contacts.xlsx"
    wb.save(p)
    imp = sources.read(p, config(), salt=SALT)
    assert imp.format == "hubspot_contacts" and imp.rows.kept == 3
    assert imp.tables["leads"]["contact_id"].iloc[0] == contact_key("jo@example.com", SALT)
    assert imp.tables["leads"]["created_at"].iloc[1] == pd.Timestamp("2026-03-04 11:00")
