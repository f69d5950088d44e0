"""Mautic contacts export and the client.yml column-mapping (generic) reader."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from roianalysis import sources
from roianalysis.errors import DataValidationError
from roianalysis.sources import RawFile, generic, mautic
from roianalysis.sources.privacy import contact_key

try:
    from crm_helpers import SALT, config, other_samples, write
except ImportError:  # tests/sources is a package
    from .crm_helpers import SALT, config, other_samples, write

MAUTIC = (
    "id,email,firstname,lastname,points,stage,owner,date_added,date_identified,last_active,"
    "utm_source,utm_medium,utm_campaign\n"
    "1,Jo@x.com,Jo,B,10,Lead,Ann,2024-01-02 10:00:00,,2024-01-05 10:00:00,google,cpc,brand\n"
    "2,,,,0,,,2024-01-03 10:00:00,,,,,\n"
    "3,,Al,,0,Customer,,2024-01-04 10:00:00,2024-01-04 12:00:00,,newsletter,email,\n"
    "4,jo@x.com,Jo,B,0,Lead,,2024-02-01 10:00:00,,,,,\n"
)


def test_mautic_contacts(tmp_path):
    imp = sources.read(write(tmp_path, "contacts.csv", MAUTIC), config(), salt=SALT)
    assert imp.format == "mautic_contacts"
    assert (imp.rows.read, imp.rows.kept) == (4, 2)
    assert imp.rows.dropped == {"anonymous visitor (no e-mail or name)": 1,
                                "duplicate contact (same e-mail)": 1}
    leads = imp.tables["leads"]
    assert leads["contact_id"].tolist() == [contact_key("jo@x.com", SALT),
                                            contact_key("mautic:3", SALT)]
    # Mautic times are UTC: 10:00 UTC is 11:00 in Paris; date_identified wins when set
    assert leads["created_at"].tolist() == [pd.Timestamp("2024-01-02 11:00"),
                                            pd.Timestamp("2024-01-04 13:00")]
    assert leads["channel"].tolist() == ["Paid Search", "Email"]
    assert imp.period == (dt.date(2024, 1, 2), dt.date(2024, 1, 4))
    cfg = config(sources_options={"lead_stages": ["customer"]})
    assert sources.read(write(tmp_path, "c2.csv", MAUTIC), cfg, salt=SALT).rows.kept == 1


CRITEO = "Criteo report\nDay;Campaign;Cost;Clicks\n01/03/2026;Retarget;1 234,50;10\n" \
         "01/03/2026;Retarget;5,50;\n02/03/2026;Prospect;10,00;3\n;;;\n"
MAPPINGS = {
    "criteo": {"match": ["Day", "Campaign", "Cost"], "table": "spend", "channel": "Display",
               "columns": {"date": "Day", "campaign": "Campaign", "cost": "Cost", "clicks": "Clicks"},
               "decimal": ","},
    "mql": {"match": ["mql_id", "first_contact_date"], "table": "leads",
            "columns": {"contact_id": "mql_id", "created_at": "first_contact_date",
                        "channel": "origin"}},
    "won": {"match": ["mql_id", "won_date"], "table": "orders",
            "columns": {"contact_id": "mql_id", "ordered_at": "won_date",
                        "revenue": "declared_monthly_revenue"}},
}


def test_generic_spend_mapping(tmp_path):
    cfg = config(sources=MAPPINGS)
    imp = sources.read(write(tmp_path, "criteo.csv", CRITEO), cfg, salt=SALT)
    assert imp.format == "generic" and imp.account == "criteo"
    spend = imp.tables["spend"]
    # the two Retarget rows of 1 March add up: 1234.50 + 5.50
    assert spend["cost"].tolist() == [1240.0, 10.0]
    assert spend["clicks"].tolist() == [10.0, 3.0]
    assert spend["channel"].unique().tolist() == ["Display"]
    assert spend["date"].tolist() == [pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-02")]
    assert imp.totals["cost"] == pytest.approx(1250.0)
    assert imp.rows.read == imp.rows.kept == 3


def test_generic_olist_like_tables_join(tmp_path):
    cfg = config(sources=MAPPINGS)
    mql = write(tmp_path, "mql.csv", "mql_id,first_contact_date,landing_page_id,origin\n"
                                     "a1,2018-02-01,lp1,paid_search\na2,2018-02-03,lp2,\n")
    won = write(tmp_path, "won.csv", "mql_id,seller_id,won_date,declared_monthly_revenue\n"
                                     "a1,s1,2018-03-01 10:00:00,1500.5\n")
    leads = sources.read(mql, cfg, salt=SALT).tables["leads"]
    orders = sources.read(won, cfg, salt=SALT).tables["orders"]
    assert leads["channel"].iloc[0] == "paid_search" and pd.isna(leads["channel"].iloc[1])
    assert orders["contact_id"].iloc[0] == leads["contact_id"].iloc[0]  # same salt: they join
    assert orders["order_id"].iloc[0].startswith("won:")
    assert orders["revenue"].tolist() == [1500.5]


def test_generic_mapping_problems_are_named(tmp_path):
    bad = {"criteo": {"match": ["Day", "Campaign", "Cost"], "table": "spend", "colour": "red",
                      "columns": {"date": "Day", "cost": "Spend", "reach": "Reach"}}}
    with pytest.raises(DataValidationError) as exc:
        sources.read(write(tmp_path, "criteo.csv", CRITEO), config(sources=bad), salt=SALT)
    text = str(exc.value)
    assert "sources.criteo" in text
    assert "unknown column(s) reach" in text and "unknown key(s) colour" in text
    assert "needs channel" in text and "cost: Spend" in text


def test_generic_bad_cell_names_row_and_column(tmp_path):
    text = CRITEO.replace("10,00", "ten")
    with pytest.raises(DataValidationError) as exc:
        sources.read(write(tmp_path, "criteo.csv", text), config(sources=MAPPINGS), salt=SALT)
    assert (exc.value.problems[0].column, exc.value.problems[0].rows) == ("Cost", (5,))


def test_generic_needs_a_config_to_detect(tmp_path):
    raw = RawFile(write(tmp_path, "criteo.csv", CRITEO))
    assert not generic.detect(raw, None)
    with pytest.raises(DataValidationError, match="not an export roianalysis recognises"):
        sources.read(raw.path, salt=SALT)


@pytest.mark.parametrize("path", other_samples(), ids=lambda p: p.name)
def test_genuine_samples_are_not_mautic_or_generic(path):
    raw = RawFile(path)
    assert not mautic.detect(raw)
    assert not generic.detect(raw, sources.ReadContext(config(sources=MAPPINGS), SALT))
