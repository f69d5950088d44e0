"""Google Ads API, Microsoft Advertising, LinkedIn and TikTok readers: built fixtures in each
tool's layout, and the genuine samples (skipped when the folder is absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from roianalysis import sources
from roianalysis.errors import DataValidationError

REPO = Path(__file__).resolve().parents[2]
SAMPLES = next((p / "shared" / "export-samples" for p in REPO.parents
                if (p / "shared" / "export-samples").is_dir()), REPO.parent / "shared" / "export-samples")


def sample(folder: str) -> Path:
    p = SAMPLES / folder
    if not p.is_dir():
        pytest.skip(f"genuine samples not available ({p})")
    return next(iter(sorted(p.glob("*.csv"))))


def write(tmp_path: Path, name: str, text: str, *, utf16: bool = False) -> Path:
    p = tmp_path / name
    p.write_bytes(("\ufeff" + text).encode("utf-16-le") if utf16 else text.encode("utf-8"))
    return p


# Google Ads API -----------------------------------------------------------------------------

API = """Unnamed: 0,campaign_id,segments_date,metrics_clicks,metrics_cost_micros,metrics_impressions,campaign_advertising_channel_type,campaign_name,customer_currency_code
0,11,2025-01-01,10,1500000,100,SEARCH,Brand,EUR
1,11,2025-01-02,12,2250000.0,120,SEARCH,Brand,EUR
2,22,2025-01-01,3,990000,900,PERFORMANCE_MAX,PMax,EUR
3,33,2025-01-02,0,0,5,DEMAND_GEN,DG,EUR
"""


def test_google_ads_api_flattened_names(tmp_path):
    imp = sources.read(write(tmp_path, "gaql.csv", API))
    assert imp.format == "google_ads_api" and imp.currency == "EUR"
    assert imp.period == (dt.date(2025, 1, 1), dt.date(2025, 1, 2))
    # 1.5 + 2.25 + 0.99 + 0 = 4.74 (micros / 1e6); impressions 1125; clicks 25
    assert imp.totals == {"cost": 4.74, "impressions": 1125.0, "clicks": 25.0}
    s = imp.tables["spend"].set_index("campaign")
    assert s.loc["PMax", "channel"] == "Cross-network" and s.loc["DG", "channel"] == "Paid Social"
    assert s.loc["PMax", "cost"] == pytest.approx(0.99)
    assert (imp.rows.read, imp.rows.kept) == (4, 4)


def test_google_ads_api_dotted_names_and_no_currency(tmp_path):
    text = ("segments.date,campaign.name,metrics.cost_micros,metrics.impressions,metrics.clicks\n"
            "2025-01-01,Brand,1000000,10,1\n2025-01-01,Brand,500000,5,1\n")
    imp = sources.read(write(tmp_path, "dotted.csv", text))
    assert imp.format == "google_ads_api" and imp.currency is None
    assert imp.tables["spend"]["cost"].tolist() == [1.5]  # two rows of one campaign-day summed
    assert any(p.code == "channel_default" for p in imp.problems)


def test_google_ads_api_without_date_is_refused(tmp_path):
    text = "campaign_name,metrics_cost_micros\nBrand,1000000\n"
    with pytest.raises(DataValidationError, match="segments.date"):
        sources.read(write(tmp_path, "nodate.csv", text))


def test_google_ads_api_bad_micros_names_the_row(tmp_path):
    text = API.replace("2250000.0", "2.25 EUR")
    with pytest.raises(DataValidationError) as e:
        sources.read(write(tmp_path, "bad.csv", text))
    assert e.value.problems[0].rows == (3,) and e.value.problems[0].column == "metrics_cost_micros"


def test_genuine_google_ads_api_sample():
    imp = sources.read(sample("google_ads_api"))
    # pandas.read_csv of the file: metrics_cost_micros.sum() / 1e6 = 491163.702301,
    # metrics_impressions.sum() = 68273929, metrics_clicks.sum() = 907277, 2452 rows (one per
    # campaign and day), segments_date 2024-01-01 .. 2026-06-04.
    assert imp.totals["cost"] == pytest.approx(491163.702301)
    assert imp.totals["impressions"] == 68273929 and imp.totals["clicks"] == 907277
    assert imp.rows.read == imp.rows.kept == 2452
    assert imp.period == (dt.date(2024, 1, 1), dt.date(2026, 6, 4))
    assert set(imp.tables["spend"]["channel"]) == {"Paid Search", "Cross-network"}
    assert imp.tables["spend"]["cost"].sum() == pytest.approx(491163.702301)


# Microsoft Advertising ------------------------------------------------------------------------

MS_UI = """"Report Name: Campaign performance"
"Report Time: 3/1/2026,3/2/2026"
"Time Zone: (GMT+01:00) Brussels, Copenhagen, Madrid, Paris"
"Report Aggregation: Daily"
"Rows: 3"

"Day","Campaign name","Campaign type","Spend","Impr.","Clicks","Currency code"
"3/1/2026","Brand","Search","12.50","1,200","40","EUR"
"3/2/2026","Brand","Search","10.00","900","30","EUR"
"3/2/2026","Catalogue","Shopping","1,002.25","15,000","120","EUR"
"Total","","","1,024.75","17,100","190",""

"©2026 Microsoft Corporation. All rights reserved. "
"""


def test_microsoft_ui_download_with_preamble_total_and_footer(tmp_path):
    imp = sources.read(write(tmp_path, "ms.csv", MS_UI))
    assert imp.format == "microsoft_ads" and imp.report == "Campaign performance"
    assert imp.currency == "EUR"
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))
    assert (imp.rows.read, imp.rows.kept, imp.rows.dropped) == (4, 3, {"totals row": 1})
    # 12.50 + 10.00 + 1002.25 = 1024.75 = the Total row
    assert imp.totals == {"cost": 1024.75, "impressions": 17100.0, "clicks": 190.0}
    assert not [p for p in imp.problems if p.code.startswith("totals")]
    s = imp.tables["spend"].set_index(["date", "campaign"])
    assert s.loc[(pd.Timestamp("2026-03-02"), "Catalogue"), "channel"] == "Paid Shopping"
    assert s.loc[(pd.Timestamp("2026-03-01"), "Brand"), "channel"] == "Paid Search"


def test_microsoft_cut_file_is_named(tmp_path):
    cut = MS_UI.split('"3/2/2026","Catalogue"')[0]
    imp = sources.read(write(tmp_path, "cut.csv", cut))
    assert any(p.code == "totals_mismatch" and "Rows: 3" in p.message for p in imp.problems)


def test_microsoft_weekly_aggregation_is_spread(tmp_path):
    text = ('"Report Name: Weekly"\n"Report Time: 3/2/2026,3/15/2026"\n'
            '"Report Aggregation: Weekly"\n"Rows: 2"\n\n'
            "TimePeriod,CampaignName,CampaignType,Spend,Impressions,Clicks,CurrencyCode\n"
            "2026-03-02,Brand,Search,70,700,7,USD\n2026-03-09,Brand,Audience,14,140,14,USD\n")
    imp = sources.read(write(tmp_path, "week.csv", text))
    s = imp.tables["spend"].set_index("date")
    assert len(s) == 14 and s.loc["2026-03-03", "cost"] == pytest.approx(10.0)
    assert s.loc["2026-03-10", "cost"] == pytest.approx(2.0)
    assert s.loc["2026-03-10", "channel"] == "Display"
    assert any(p.code == "spread_over_days" for p in imp.problems)


def test_genuine_microsoft_api_sample():
    imp = sources.read(sample("microsoft_ads"))
    # pandas.read_csv of the file: Spend.sum() = 39430.44, Impressions.sum() = 2356476,
    # Clicks.sum() = 75958, 2873 rows, TimePeriod 2024-05-25 .. 2026-06-05; CampaignType
    # PerformanceMax 1385, Search 1335, Shopping 87, Audience 66 rows.
    assert imp.totals == {"cost": 39430.44, "impressions": 2356476.0, "clicks": 75958.0}
    assert imp.rows.read == imp.rows.kept == 2873
    assert imp.period == (dt.date(2024, 5, 25), dt.date(2026, 6, 5))
    ch = imp.tables["spend"].groupby("channel").size().to_dict()
    assert ch == {"Cross-network": 1385, "Paid Search": 1335, "Paid Shopping": 87, "Display": 66}
    assert not [p for p in imp.problems if p.code == "unknown_campaign_type"]


# LinkedIn ------------------------------------------------------------------------------------

LI = "\n".join([
    "Campaign Performance Report (in UTC)",
    '"Report Start: March 1, 2026, 12:00 AM"',
    '"Report End: March 2, 2026, 11:59 PM"',
    '"Date Generated: March 3, 2026, 5:55 AM"',
    "",
    "Start Date (in UTC)\tAccount Name\tCampaign Group Name\tCampaign Name\tCampaign ID\t"
    "Total Spent\tImpressions\tClicks\tCurrency",
    "3/1/2026\tAcme\tQ1\tLeads FR\t123\t150.25\t2,000\t15\tEUR",
    "3/2/2026\tAcme\tQ1\tLeads FR\t123\t99.75\t1,500\t10\tEUR",
    "3/2/2026\tAcme\tQ1\tRetarget\t124\t20.00\t800\t4\tEUR",
]) + "\n"


def test_linkedin_campaign_performance_daily(tmp_path):
    imp = sources.read(write(tmp_path, "li.csv", LI, utf16=True))
    assert imp.format == "linkedin_ads" and imp.report == "Campaign Performance Report"
    assert imp.currency == "EUR" and imp.account == "Acme"
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))
    # 150.25 + 99.75 + 20.00 = 270.00; 2000 + 1500 + 800 = 4300; 15 + 10 + 4 = 29
    assert imp.totals == {"cost": 270.0, "impressions": 4300.0, "clicks": 29.0}
    s = imp.tables["spend"]
    assert set(s["channel"]) == {"Paid Social"} and len(s) == 3
    assert s.loc[s["date"] == "2026-03-01", "cost"].tolist() == [150.25]


def test_linkedin_preamble_only_is_a_named_no_data_export(tmp_path):
    text = "\n".join(LI.split("\n")[:5]) + "\n"
    imp = sources.read(write(tmp_path, "empty.csv", text, utf16=True))
    assert imp.format == "linkedin_ads" and imp.rows.read == 0 and imp.tables["spend"].empty
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))
    assert [p.code for p in imp.problems] == ["no_data"] and imp.problems[0].severity == "warning"


def test_linkedin_demographics_is_refused(tmp_path):
    text = LI.replace("Campaign Performance Report", "Demographics Report")
    with pytest.raises(DataValidationError, match="Demographics Report"):
        sources.read(write(tmp_path, "demo.csv", text, utf16=True))


def test_genuine_linkedin_header_only_sample():
    imp = sources.read(sample("linkedin_ads"))
    assert imp.format == "linkedin_ads" and imp.report == "Ad Performance Report"
    assert imp.period == (dt.date(2019, 8, 18), dt.date(2019, 9, 16))
    assert imp.rows.read == 0 and imp.tables["spend"].empty
    assert any(p.code == "no_data" for p in imp.problems)


# TikTok --------------------------------------------------------------------------------------

TT = """By Day,Campaign name,Cost,Impressions,Clicks (Destination),CPC (Destination),CTR (Destination),Conversions,CPA,Currency
2025-01-01,Promo,150000,12000,340,441,2.83,5,30000,IDR
2025-01-02,Promo,90000,8000,200,450,2.50,2,45000,IDR
2025-01-02,Awareness,10000,5000,10,1000,0.20,0,-,IDR
Total,,250000,25000,550,454,2.20,7,35714,IDR
"""


def test_tiktok_daily_campaign_report(tmp_path):
    imp = sources.read(write(tmp_path, "tt.csv", TT))
    assert imp.format == "tiktok_ads" and imp.currency == "IDR"
    assert (imp.rows.kept, imp.rows.dropped) == (3, {"totals row": 1})
    # 150000 + 90000 + 10000 = 250000 = Total; clicks 340 + 200 + 10 = 550
    assert imp.totals == {"cost": 250000.0, "impressions": 25000.0, "clicks": 550.0}
    assert not [p for p in imp.problems if p.code.startswith("totals")]
    assert imp.period == (dt.date(2025, 1, 1), dt.date(2025, 1, 2))
    assert set(imp.tables["spend"]["channel"]) == {"Paid Social"}


def test_tiktok_cut_total_is_named(tmp_path):
    text = TT.replace("2025-01-02,Awareness,10000,5000,10,1000,0.20,0,-,IDR\n", "")
    imp = sources.read(write(tmp_path, "tt.csv", text))
    assert any(p.code == "totals_mismatch" and "240,000.00" in p.message for p in imp.problems)


def test_tiktok_without_day_is_refused(tmp_path):
    text = "Campaign name,Cost,Impressions,Clicks (Destination),Currency\nPromo,1,2,3,IDR\n"
    with pytest.raises(DataValidationError, match="By Day"):
        sources.read(write(tmp_path, "tt.csv", text))


# Across readers ------------------------------------------------------------------------------

def test_read_folder_recognises_each_export_and_balances_rows(tmp_path):
    folder = tmp_path / "exports" / "any" / "depth"
    folder.mkdir(parents=True)
    write(folder, "gaql.csv", API)
    write(folder, "ms.csv", MS_UI)
    write(folder, "li.csv", LI, utf16=True)
    write(folder, "tt.csv", TT)
    imports, problems = sources.read_folder(tmp_path / "exports")
    assert sorted(i.format for i in imports) == ["google_ads_api", "linkedin_ads",
                                                 "microsoft_ads", "tiktok_ads"]
    assert all(i.rows.balanced for i in imports)
    for imp in imports:
        spend = imp.tables["spend"]
        assert spend["cost"].sum() == pytest.approx(imp.totals["cost"])
        assert "gives: spend" in imp.summary()


def test_look_alike_tables_are_not_claimed_by_the_ad_readers(tmp_path):
    from roianalysis.sources import (
        google_ads,
        google_ads_api,
        linkedin_ads,
        microsoft_ads,
        tiktok_ads,
    )
    from roianalysis.sources.base import RawFile

    others = {
        "snapchat.csv": "Campaign Name,Spend,Impressions,Swipe Ups\nA,1.00,10,1\n",
        "canonical.csv": "date,channel,campaign,cost,impressions,clicks\n2026-01-01,Paid Search,A,1,2,3\n",
        "meta.csv": '"Reporting starts","Reporting ends","Campaign name","Amount spent (EUR)",Impressions\n'
                    "2026-01-01,2026-01-01,A,1.00,10\n",
        "ga4.csv": "# ----\n# Start date: 20260101\n# End date: 20260131\nSession source,Sessions\ngoogle,1\n",
    }
    mods = (google_ads, google_ads_api, microsoft_ads, linkedin_ads, tiktok_ads)
    for name, text in others.items():
        raw = RawFile(write(tmp_path, name, text))
        assert not [m.FORMAT for m in mods if m.detect(raw)], name


def test_google_ads_us_slash_days_follow_the_range_locale(tmp_path):
    text = "\n".join(["Campaign report", '"March 1, 2026 - March 2, 2026"',
                      "Day,Campaign,Campaign type,Currency code,Cost,Impr.,Clicks",
                      "3/1/2026,A,Search,USD,1.00,10,1", "3/2/2026,A,Shopping,USD,2.00,20,2",
                      "Total: Campaigns,,,USD,3.00,30,3"]) + "\n"
    imp = sources.read(write(tmp_path, "us.csv", text))
    assert imp.tables["spend"]["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-01", "2026-03-02"]
    assert imp.tables["spend"]["channel"].tolist() == ["Paid Search", "Paid Shopping"]
