"""Meta Ads exports: Ads Manager / Ads Reporting / Marketing API, CSV / XLSX / JSON, EN / FR.

The fixtures are written by the tests in the layouts of the genuine exports (header quoting, BOM,
account-total first row, NBSP in French headers, text in numeric columns); the genuine samples
of ``../shared/export-samples/meta_ads`` are read when the folder exists.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from roianalysis import sources
from roianalysis.errors import DataValidationError
from roianalysis.sources import meta_ads

REPO = Path(__file__).resolve().parents[2]
# The genuine samples sit in a sibling "shared/export-samples" of the repository or of a parent.
SAMPLES = next((d / "shared" / "export-samples" for d in REPO.parents
                if (d / "shared" / "export-samples").is_dir()), REPO.parent / "shared" / "export-samples")
NBSP = "\u00a0"


def _write(tmp_path: Path, name: str, text: str, bom: bool = False, crlf: bool = False) -> Path:
    p = tmp_path / name
    if crlf:
        text = text.replace("\n", "\r\n")
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return p


# Ads Manager, campaign level, Day breakdown (starts = ends), text in the non-spend columns.
ADS_MANAGER_EN = """\
"Reporting starts","Reporting ends","Campaign name","Campaign delivery","Ad set budget","Amount spent (USD)",Impressions,"Link clicks","Clicks (all)",Ends,"Quality ranking"
2026-03-01,2026-03-01,"Spring Sale",active,"Using campaign budget",12.50,1000,20,31,Ongoing,-
2026-03-01,2026-03-01,Retargeting,active,"Using campaign budget",7.25,400,,9,Ongoing,-
2026-03-02,2026-03-02,"Spring Sale",active,"Using campaign budget",10,900,15,22,2026-04-01,-
2026-03-02,2026-03-02,Retargeting,inactive,"Using campaign budget",,,,,Ongoing,-
"""


def test_ads_manager_daily_english(tmp_path):
    imp = sources.read(_write(tmp_path, "a.csv", ADS_MANAGER_EN))
    assert imp.format == "meta_ads"
    assert imp.currency == "USD"
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))
    assert imp.rows.read == 4 and imp.rows.kept == 4 and imp.rows.balanced
    # cost 12.50 + 7.25 + 10 + 0; impressions 1000 + 400 + 900; link clicks 20 + 0 + 15
    assert imp.totals == {"cost": pytest.approx(29.75), "impressions": 2300.0, "clicks": 35.0}
    s = imp.tables["spend"].set_index(["date", "campaign"])
    assert list(imp.tables["spend"].columns) == list(sources.base.SPEND_COLUMNS)
    assert (imp.tables["spend"]["channel"] == "Paid Social").all()
    assert (imp.tables["spend"]["category"] == "media").all()
    assert s.loc[(pd.Timestamp("2026-03-01"), "Spring Sale"), "cost"] == 12.5
    assert s.loc[(pd.Timestamp("2026-03-01"), "Retargeting"), "clicks"] == 0.0  # empty = zero
    assert s.loc[(pd.Timestamp("2026-03-02"), "Retargeting"), "cost"] == 0.0
    assert "by day" in imp.report and "campaign level" in imp.report
    assert not imp.problems


# French Ads Manager, ad level, Placement breakdown: NBSP in headers, typographic apostrophes.
ADS_MANAGER_FR = (
    f"Début des rapports,Fin des rapports,Nom de la campagne,Nom de la publicité,Placement,"
    f"Montant dépensé (EUR),Impressions,Clics sur un lien,Clics (tous),"
    f"\"CPM (Coût pour 1{NBSP}000{NBSP}impressions) (EUR)\",J’aime sur Facebook\n"
    "2026-05-04,2026-05-04,Soldes d’été,Pub 1,Fil Facebook,3.5,100,2,4,35,1\n"
    "2026-05-04,2026-05-04,Soldes d’été,Pub 1,Stories Instagram,1.25,50,1,1,25,\n"
    "2026-05-04,2026-05-04,Soldes d’été,Pub 2,Fil Facebook,0.25,10,,,25,\n"
    "2026-05-05,2026-05-05,Soldes d’été,Pub 1,Fil Facebook,2,80,3,3,25,\n"
)


def test_ads_manager_french_breakdown_summed_to_campaign_day(tmp_path):
    imp = sources.read(_write(tmp_path, "fr.csv", ADS_MANAGER_FR, crlf=True))
    assert imp.currency == "EUR"
    s = imp.tables["spend"]
    assert len(s) == 2  # four ad x placement rows -> one campaign, two days
    assert s["campaign"].tolist() == ["Soldes d’été"] * 2
    # 2026-05-04: 3.5 + 1.25 + 0.25 = 5.0; impressions 160; link clicks 2 + 1 + 0 = 3
    assert s["cost"].tolist() == [5.0, 2.0]
    assert s["impressions"].tolist() == [160.0, 80.0]
    assert s["clicks"].tolist() == [3.0, 3.0]
    assert imp.totals["cost"] == 7.0
    assert "ad level" in imp.report and "Placement" in imp.report


# Ads Reporting: BOM, Day first, account-total first row (empty campaign and breakdown).
ADS_REPORTING = (
    "Day,\"Campaign name\",Age,Impressions,Currency,\"Amount spent (EUR)\",\"Link clicks\","
    "\"Reporting starts\",\"Reporting ends\"\n"
    ",,,600,EUR,60.5,12,2026-01-01,2026-01-02\n"
    "2026-01-01,Prospecting,18-24,100,EUR,10,2,2026-01-01,2026-01-02\n"
    "2026-01-01,Prospecting,25-34,200,EUR,20.25,4,2026-01-01,2026-01-02\n"
    "2026-01-02,Prospecting,18-24,150,EUR,15.25,3,2026-01-01,2026-01-02\n"
    "2026-01-02,\"Brand, FR\",25-34,150,EUR,15,3,2026-01-01,2026-01-02\n"
)


def test_ads_reporting_account_total_dropped_and_reconciled(tmp_path):
    imp = sources.read(_write(tmp_path, "Untitled-report.csv", ADS_REPORTING, bom=True))
    assert imp.rows.read == 5 and imp.rows.kept == 4
    assert imp.rows.dropped == {"account-total row": 1}
    assert imp.totals["cost"] == 60.5  # 10 + 20.25 + 15.25 + 15, equal to the total row
    assert imp.period == (dt.date(2026, 1, 1), dt.date(2026, 1, 2))
    assert not [p for p in imp.problems if p.code == "totals_mismatch"]
    s = imp.tables["spend"].set_index(["date", "campaign"])["cost"]
    assert s[(pd.Timestamp("2026-01-01"), "Prospecting")] == 30.25
    assert s[(pd.Timestamp("2026-01-02"), "Brand, FR")] == 15.0
    assert imp.report.startswith("Ads Reporting export") and "by day" in imp.report


def test_ads_reporting_cut_file_is_flagged(tmp_path):
    cut = ADS_REPORTING.rsplit("\n", 2)[0] + "\n"  # the last row lost
    imp = sources.read(_write(tmp_path, "cut.csv", cut, bom=True))
    warn = [p for p in imp.problems if p.code == "totals_mismatch"]
    assert warn and "45.50" in warn[0].message and "60.50" in warn[0].message
    assert warn[0].rows == (2,)  # the account-total row, under the header


def test_cut_download_without_total_row_is_flagged(tmp_path):
    cut = ADS_MANAGER_EN.rstrip("\n")
    cut = cut[: cut.rindex("Using campaign budget") - 1]  # cut inside the last row
    imp = sources.read(_write(tmp_path, "cut.csv", cut))
    assert any(p.code == "truncated_export" and "fields" in p.message for p in imp.problems)
    assert not any(p.code == "truncated_export"
                   for p in sources.read(_write(tmp_path, "ok.csv", ADS_MANAGER_EN)).problems)


RANGE = """\
"Reporting starts","Reporting ends","Campaign name","Amount spent (EUR)",Impressions,"Clicks (all)"
2026-02-01,2026-02-10,Alpha,100,1000,50
2026-02-01,2026-02-10,Beta,20,,
"""


def test_range_export_spread_over_days_with_warning(tmp_path):
    imp = sources.read(_write(tmp_path, "range.csv", RANGE))
    s = imp.tables["spend"]
    assert len(s) == 20 and s["date"].min() == pd.Timestamp("2026-02-01")
    assert s.loc[s["campaign"] == "Alpha", "cost"].tolist() == [10.0] * 10  # 100 / 10 days
    assert s["cost"].sum() == pytest.approx(120.0)
    assert s.loc[s["campaign"] == "Alpha", "clicks"].sum() == pytest.approx(50.0)  # Clicks (all)
    assert any(p.code == "spread_over_days" and "approximate" in p.message for p in imp.problems)
    assert "over the reporting range" in imp.report


def test_no_data_available(tmp_path):
    text = ('"Reporting starts","Reporting ends","Campaign name","Amount spent (USD)",Ends\n'
            '"No data available."\n')
    imp = sources.read(_write(tmp_path, "empty.csv", text))
    assert imp.rows.read == 1 and imp.rows.kept == 0 and imp.rows.dropped == {"no data row": 1}
    assert imp.tables["spend"].empty and imp.totals["cost"] == 0.0
    assert imp.currency == "USD"
    assert [p.code for p in imp.problems] == ["no_data"]


def test_missing_amount_spent_refused_by_name(tmp_path):
    fr = ADS_MANAGER_FR.replace("Montant dépensé (EUR)", "Couverture")
    with pytest.raises(DataValidationError, match="no 'Montant dépensé' column: add it to the "
                                                  "columns and export again"):
        sources.read(_write(tmp_path, "fr.csv", fr))
    en = ADS_MANAGER_EN.replace('"Amount spent (USD)"', "Reach")
    with pytest.raises(DataValidationError, match="no 'Amount spent' column"):
        sources.read(_write(tmp_path, "en.csv", en))


def test_bad_amount_named_with_row_and_column(tmp_path):
    bad = ADS_MANAGER_EN.replace(",7.25,", ",seven,")
    with pytest.raises(DataValidationError) as err:
        sources.read(_write(tmp_path, "bad.csv", bad))
    (p,) = err.value.problems
    assert p.column == "Amount spent (USD)" and p.rows == (3,) and "'seven'" in p.message


def test_thousands_separators_read_on_the_text_path(tmp_path):
    text = ADS_MANAGER_EN.replace(",12.50,1000,", ',"1,012.50","1,000",').replace(",-\n", ",--\n")
    imp = sources.read(_write(tmp_path, "thousands.csv", text))
    assert imp.totals["cost"] == pytest.approx(1029.75) and imp.totals["impressions"] == 2300


def test_bad_day_named(tmp_path):
    bad = ADS_MANAGER_EN.replace("2026-03-02,2026-03-02,Retargeting", "soon,soon,Retargeting")
    with pytest.raises(DataValidationError) as err:
        sources.read(_write(tmp_path, "bad.csv", bad))
    assert {p.column for p in err.value.problems} == {"Reporting starts", "Reporting ends"}
    assert all(p.rows == (5,) for p in err.value.problems)


def test_mixed_currencies_refused(tmp_path):
    mixed = ADS_REPORTING.replace("25-34,150,EUR", "25-34,150,USD")
    with pytest.raises(DataValidationError, match="mixes currencies EUR, USD"):
        sources.read(_write(tmp_path, "mixed.csv", mixed, bom=True))


API = """\
account_id,campaign_name,date_start,date_stop,spend,impressions,clicks,inline_link_clicks,ctr,actions
act_1,Alpha,2026-04-01,2026-04-01,12.34,500,20,11,4.0,"[{""action_type"": ""link_click"", ""value"": ""11""}]"
act_1,Alpha,2026-04-02,2026-04-02,8.66,300,10,6,3.3,
"""


def test_marketing_api_csv_has_no_currency(tmp_path):
    imp = sources.read(_write(tmp_path, "api_insights.csv", API))
    assert imp.format == "meta_ads" and imp.currency is None
    assert imp.account == "act_1"
    assert imp.totals == {"cost": pytest.approx(21.0), "impressions": 800.0, "clicks": 17.0}
    assert imp.report.startswith("Marketing API insights")


def test_marketing_api_json_with_account_currency(tmp_path):
    doc = {"data": [
        {"campaign_name": "Alpha", "date_start": "2026-04-01", "date_stop": "2026-04-01",
         "spend": "12.34", "impressions": "500", "clicks": "20", "account_currency": "GBP"},
        {"campaign_name": "Beta", "date_start": "2026-04-01", "date_stop": "2026-04-01",
         "spend": "1.66", "impressions": "50", "clicks": "2", "account_currency": "GBP"},
    ], "paging": {"cursors": {}}}
    p = tmp_path / "insights.json"
    p.write_text(json.dumps(doc))
    imp = sources.read(p)
    assert imp.format == "meta_ads" and imp.currency == "GBP"
    assert imp.totals == {"cost": pytest.approx(14.0), "impressions": 550.0, "clicks": 22.0}


def test_xlsx_export(tmp_path):
    rows = list(csv.reader(ADS_MANAGER_EN.splitlines()))
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    for c in ("Amount spent (USD)", "Impressions"):
        frame[c] = pd.to_numeric(frame[c]).astype(object).where(frame[c] != "", None)
    frame["Reporting starts"] = pd.to_datetime(frame["Reporting starts"])  # real Excel dates
    p = tmp_path / "export.xlsx"
    frame.to_excel(p, index=False, engine="openpyxl")
    imp = sources.read(p)
    assert imp.format == "meta_ads" and imp.currency == "USD"
    assert imp.totals["cost"] == pytest.approx(29.75) and imp.rows.kept == 4
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))
    bad = frame.copy()
    bad.loc[2, "Amount spent (USD)"] = "n.c."
    bad.to_excel(p, index=False, engine="openpyxl")
    with pytest.raises(DataValidationError) as err:
        sources.read(p)
    assert err.value.problems[0].rows == (4,)  # sheet row 4: header is row 1


def test_ad_set_level_without_campaign_column(tmp_path):
    text = ('"Reporting starts","Reporting ends","Ad set name","Amount spent (EUR)"\n'
            "2026-03-01,2026-03-01,Lookalike 1%,4\n2026-03-01,2026-03-01,Lookalike 1%,1\n")
    imp = sources.read(_write(tmp_path, "adsets.csv", text))
    assert imp.tables["spend"]["campaign"].tolist() == ["Lookalike 1%"]
    assert imp.tables["spend"]["cost"].tolist() == [5.0]
    assert any(p.code == "no_campaign_column" for p in imp.problems)


def test_line_numbers_survive_multiline_cells(tmp_path):
    text = ('"Reporting starts","Reporting ends","Campaign name","Amount spent (EUR)"\n'
            '2026-03-01,2026-03-01,"Two\nlines",4\n\n2026-03-01,2026-03-01,Other,x\n')
    with pytest.raises(DataValidationError) as err:
        sources.read(_write(tmp_path, "ml.csv", text))
    assert err.value.problems[0].rows == (5,)


def test_other_formats_not_detected():
    texts = {
        "google_ads": "Campaign report\nAll time\nCampaign,Cost,Impr.\nA,1,2\n",
        "ga4": "# Start date: 20260101\n# End date: 20260131\nSession source,Sessions\nx,1\n",
        "awin": '"publisher_name","total_commission","commission_status"\r\n"a","1","1"\r\n',
        "hubspot": "Record ID,Create Date,Original Source\n1,2026-01-01 10:00,Direct Traffic\n",
    }
    for name, text in texts.items():
        assert not meta_ads.detect(sources.RawFile(f"{name}.csv", text.encode())), name


# --------------------------------------------------------------------------- genuine samples

def _sample(name: str) -> Path:
    p = SAMPLES / "meta_ads" / name
    if not p.exists():
        pytest.skip(f"genuine sample {p} absent")
    return p


def _column_sum(path: Path, column: str, skip_first: bool = False) -> float:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows = rows[1:] if skip_first else rows
    return sum(float(r[column] or 0) for r in rows)


def test_genuine_ad_level_daily_usd():
    p = _sample("en_ads_manager_daily_ad_level_usd_monfrere_excerpt.csv")
    imp = sources.read(p)
    assert imp.format == "meta_ads" and imp.currency == "USD"
    assert imp.rows.read == 1309 and imp.rows.kept == 1309
    assert imp.period == (dt.date(2026, 3, 9), dt.date(2026, 3, 15))
    # The column sums, computed with the csv module over the 1309 rows (3182.68 USD, 105285).
    assert imp.totals["cost"] == pytest.approx(_column_sum(p, "Amount spent (USD)"))
    assert round(imp.totals["cost"], 2) == 3182.68
    assert imp.totals["impressions"] == 105285
    assert imp.tables["spend"]["cost"].sum() == pytest.approx(3182.68)
    assert imp.tables["spend"]["date"].nunique() == 7
    assert "ad level" in imp.report and "by day" in imp.report
    assert not imp.problems


def test_genuine_ads_reporting_age_breakdown_inr():
    p = _sample("en_ads_reporting_inr_breakdown_age_teefusion.csv")
    imp = sources.read(p)
    assert imp.currency == "INR"
    assert imp.rows.read == 92 and imp.rows.dropped == {"account-total row": 1}
    # The export's own account-total row says 33245.34 INR, 878306 impressions, 39581 link clicks.
    assert imp.totals["cost"] == pytest.approx(33245.34, abs=0.005)
    assert imp.totals["impressions"] == 878306 and imp.totals["clicks"] == 39581
    assert imp.period == (dt.date(2025, 2, 1), dt.date(2025, 8, 4))
    assert [p.code for p in imp.problems] == ["spread_over_days"]
    assert imp.tables["spend"]["cost"].sum() == pytest.approx(33245.34, abs=0.005)


def test_genuine_no_data():
    imp = sources.read(_sample("en_ads_manager_campaigns_no_data_usd.csv"))
    assert imp.tables["spend"].empty and imp.rows.dropped == {"no data row": 1}


def test_genuine_french_without_amount_spent_refused():
    with pytest.raises(DataValidationError, match="no 'Montant dépensé' column"):
        sources.read(_sample("fr_ads_manager_by_platform_usd_batam.csv"))


def test_genuine_other_samples_not_detected_as_meta():
    if not SAMPLES.exists():
        pytest.skip("genuine samples absent")
    others = [p for p in SAMPLES.rglob("*") if p.is_file() and p.parent.name != "meta_ads"
              and p.name != "README.md"]
    assert others
    for p in others:
        assert not meta_ads.detect(sources.RawFile(p)), p
    for p in (SAMPLES / "meta_ads").glob("*.csv"):
        assert meta_ads.detect(sources.RawFile(p)), p


def test_norm_header():
    assert meta_ads.norm_header(f"\ufeffCPM (Coût pour 1{NBSP}000{NBSP}impressions)") == \
        "cpm (coût pour 1 000 impressions)"
    assert meta_ads.norm_header("Nom de l’ensemble de publicités") == "nom de l'ensemble de publicités"
