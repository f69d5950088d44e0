"""Google Ads UI downloads: fixtures in the UI's layouts (built here), and the genuine samples."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from roianalysis import sources
from roianalysis.errors import DataValidationError
from roianalysis.sources import google_ads
from roianalysis.sources.base import RawFile

REPO = Path(__file__).resolve().parents[2]
# The genuine exports sit in a "shared/export-samples" folder beside the repository (or beside
# one of its parents, for a git worktree); the tests that read them skip when it is absent.
SAMPLES = next((p / "shared" / "export-samples" for p in REPO.parents
                if (p / "shared" / "export-samples").is_dir()), REPO.parent / "shared" / "export-samples")
MINE = {"google_ads_ui": "google_ads", "google_ads_api": "google_ads_api",
        "microsoft_ads": "microsoft_ads", "linkedin_ads": "linkedin_ads", "tiktok_ads": "tiktok_ads"}


def samples(folder: str) -> Path:
    p = SAMPLES / folder
    if not p.is_dir():
        pytest.skip(f"genuine samples not available ({p})")
    return p


def write(tmp_path: Path, name: str, text: str, *, utf16: bool = False) -> Path:
    p = tmp_path / name
    p.write_bytes(("\ufeff" + text).encode("utf-16-le") if utf16 else text.encode("utf-8"))
    return p


# A Day-segmented campaign report, en-US UI: quoted range, quoted thousands, " --", "%" rates,
# two "Currency code" columns, totals rows at the end.
HEADER = ["Day", "Campaign status", "Campaign", "Campaign type", "Currency code", "Budget",
          "Clicks", "Impr.", "CTR", "Currency code", "Cost", "Conversions"]
ROWS = [
    ["2026-03-27", "Enabled", "Brand FR", "Search", "EUR", "50.00", "120", '"1,250"', "9.60%",
     "EUR", "80.10", "4.00"],
    ["2026-03-27", "Enabled", "PMax shop", "Performance Max", "EUR", " --", "30", '"12,400"',
     "0.24%", "EUR", "1204.55", '"1,030.00"'],
    ["2026-03-28", "Enabled", "Brand FR", "Search", "EUR", "50.00", "100", "980", "10.20%",
     "EUR", "75.35", "3.00"],
    ["2026-03-28", "Paused", "YouTube launch", "Video", "EUR", "20.00", "5", '"3,000"',
     "0.17%", "EUR", "19.99", "0.00"],
]
# Sums by hand: cost 80.10 + 1204.55 + 75.35 + 19.99 = 1379.99; impressions 1250 + 12400 + 980
# + 3000 = 17630; clicks 120 + 30 + 100 + 5 = 255.
TOTALS = [
    ["Total: Campaigns", "", "", "", "EUR", " --", "255", '"17,630"', "1.45%", "EUR", "1379.99",
     '"1,037.00"'],
    ["Total: Account", "", "", "", "EUR", "", "255", '"17,630"', "1.45%", "EUR", "1379.99",
     '"1,037.00"'],
    ["Total: Search", "", "", "", "EUR", "", "220", '"2,230"', "9.87%", "EUR", "155.45", "7.00"],
    ["Total: Performance Max", "", "", "", "EUR", "", "30", '"12,400"', "0.24%", "EUR",
     "1204.55", '"1,030.00"'],
    ["Total: Video", "", "", "", "EUR", "", "5", '"3,000"', "0.17%", "EUR", "19.99", "0.00"],
]


def report(sep: str = ",", *, title="Campaign report", rng='"March 27, 2026 - March 28, 2026"',
           header=HEADER, rows=ROWS, totals=TOTALS) -> str:
    def line(cells):
        cells = [c.strip('"') if sep == "\t" and c.startswith('"') and "," not in c.strip('"')
                 else c for c in cells]
        return sep.join(cells)

    out = [title, rng, line(header)] + [line(r) for r in rows] + [line(t) for t in totals]
    return "\n".join(out) + "\n"


def test_day_segmented_campaign_report_csv(tmp_path):
    imp = sources.read(write(tmp_path, "Campaign report.csv", report()))
    assert imp.format == "google_ads" and imp.report == "Campaign report"
    assert imp.currency == "EUR"
    assert imp.period == (dt.date(2026, 3, 27), dt.date(2026, 3, 28))
    assert (imp.rows.read, imp.rows.kept, imp.rows.dropped) == (9, 4, {"totals row": 5})
    assert imp.totals == {"cost": 1379.99, "impressions": 17630.0, "clicks": 255.0}
    assert not [p for p in imp.problems if p.code.startswith("totals")]
    spend = imp.tables["spend"]
    assert list(spend.columns) == ["date", "channel", "campaign", "category", "cost",
                                   "impressions", "clicks"]
    by = spend.set_index(["date", "campaign"])
    assert by.loc[(pd.Timestamp("2026-03-27"), "PMax shop"), "channel"] == "Cross-network"
    assert by.loc[(pd.Timestamp("2026-03-27"), "PMax shop"), "cost"] == pytest.approx(1204.55)
    assert by.loc[(pd.Timestamp("2026-03-28"), "YouTube launch"), "channel"] == "Paid Video"
    assert by.loc[(pd.Timestamp("2026-03-28"), "Brand FR"), "channel"] == "Paid Search"
    assert by.loc[(pd.Timestamp("2026-03-28"), "Brand FR"), "impressions"] == 980
    assert spend["date"].dtype == "datetime64[us]"


def test_excel_csv_utf16_tab_reads_the_same(tmp_path):
    a = sources.read(write(tmp_path, "a.csv", report()))
    b = sources.read(write(tmp_path, "b.csv", report("\t"), utf16=True))
    assert RawFile(tmp_path / "b.csv").encoding == "utf-16"
    assert b.totals == a.totals and b.period == a.period and b.currency == a.currency
    pd.testing.assert_frame_equal(a.tables["spend"], b.tables["spend"])


def test_french_ui_decimal_comma_and_total_space_colon(tmp_path):
    nb = "\u202f"  # narrow no-break space, the French UI's thousands separator
    text = "\n".join([
        "Rapport sur les campagnes",
        "27 mars 2026 - 28 mars 2026",
        "Jour\tCampagne\tType de campagne\tCode de la devise\tClics\tImpr.\tCTR\tCoût",
        f"27/03/2026\tMarque\tRéseau de Recherche\tEUR\t120\t1{nb}250\t9,60 %\t1{nb}080,10",
        "28/03/2026\tMarque\tRéseau de Recherche\tEUR\t100\t980\t10,20 %\t75,35",
        "28/03/2026\tVitrine\tPerformance Max\tEUR\t30\t12\u00a0400\t0,24 %\t204,55",
        f"Total : Campagnes\t\t\tEUR\t250\t14{nb}630\t1,71 %\t1{nb}360,00",
        f"Total : Compte\t\t\tEUR\t250\t14{nb}630\t1,71 %\t1{nb}360,00",
    ]) + "\n"
    imp = sources.read(write(tmp_path, "fr.csv", text, utf16=True))
    assert imp.format == "google_ads"
    # 1080.10 + 75.35 + 204.55 = 1360.00; 1250 + 980 + 12400 = 14630
    assert imp.totals == {"cost": 1360.0, "impressions": 14630.0, "clicks": 250.0}
    assert imp.rows.dropped == {"totals row": 2}
    assert imp.period == (dt.date(2026, 3, 27), dt.date(2026, 3, 28))
    assert not [p for p in imp.problems if p.code.startswith("totals")]
    s = imp.tables["spend"].set_index(["date", "campaign"])
    assert s.loc[(pd.Timestamp("2026-03-27"), "Marque"), "channel"] == "Paid Search"
    assert s.loc[(pd.Timestamp("2026-03-28"), "Vitrine"), "channel"] == "Cross-network"


def test_without_day_spread_over_the_range_with_a_warning(tmp_path):
    header = [h for h in HEADER if h != "Day"]
    rows = [r[1:] for r in ROWS[:2]]
    totals = [t[:1] + t[2:] for t in TOTALS[:2]]
    totals = [[t[0], "", "", "", "EUR", "", "150", '"13,650"', "", "EUR", "1284.65", ""] for t in totals]
    text = report(rng="27 January 2026 - 23 February 2026", header=header, rows=rows, totals=totals)
    imp = sources.read(write(tmp_path, "c.csv", text))
    assert imp.period == (dt.date(2026, 1, 27), dt.date(2026, 2, 23))
    spend = imp.tables["spend"]
    assert len(spend) == 2 * 28
    assert spend["cost"].sum() == pytest.approx(80.10 + 1204.55)
    brand = spend[spend["campaign"] == "Brand FR"]
    assert brand["cost"].iloc[0] == pytest.approx(80.10 / 28)
    assert any("daily detail is approximate" in p.message for p in imp.problems)


def test_week_segment_spread_over_each_week(tmp_path):
    header = ["Week"] + HEADER[1:]
    rows = [["2026-03-23"] + ROWS[0][1:], ["2026-03-30"] + ROWS[2][1:]]
    text = report(rng='"March 27, 2026 - April 2, 2026"', header=header, rows=rows,
                  totals=[["Total: Campaigns", "", "", "", "EUR", "", "220", '"2,230"', "", "EUR",
                           "155.45", ""]])
    imp = sources.read(write(tmp_path, "w.csv", text))
    spend = imp.tables["spend"].set_index("date")["cost"]
    # week of 23 March clipped to 27..29 March (3 days): 80.10 / 3; week of 30 March to 30 March
    # .. 2 April (4 days): 75.35 / 4
    assert spend.loc["2026-03-27"] == pytest.approx(80.10 / 3)
    assert spend.loc["2026-04-02"] == pytest.approx(75.35 / 4)
    assert spend.sum() == pytest.approx(155.45)
    assert spend.index.min() == pd.Timestamp("2026-03-27")
    assert any(p.code == "spread_over_days" for p in imp.problems)


def test_cut_file_without_totals_and_edited_file_are_named(tmp_path):
    cut = sources.read(write(tmp_path, "cut.csv", report(rows=ROWS[:3], totals=[])))
    assert any(p.code == "totals_missing" and "probably cut" in p.message for p in cut.problems)
    edited = sources.read(write(tmp_path, "edited.csv", report(rows=ROWS[:3])))
    gaps = [p for p in edited.problems if p.code == "totals_mismatch"]
    assert gaps and "1,360.00" in gaps[0].message and "1,379.99" in gaps[0].message
    assert gaps[0].rows == (7,)  # title, range, header, 3 rows: "Total: Campaigns" is line 7


def test_all_time_without_day_is_refused_by_name(tmp_path):
    header = [h for h in HEADER if h != "Day"]
    text = report(rng="All time", header=header, rows=[r[1:] for r in ROWS], totals=[])
    with pytest.raises(DataValidationError) as e:
        sources.read(write(tmp_path, "all.csv", text))
    msg = str(e.value)
    assert "All time" in msg and "Campaigns report segmented by Day" in msg


def test_all_time_with_day_is_read_over_its_rows(tmp_path):
    imp = sources.read(write(tmp_path, "all.csv", report(rng="All time")))
    assert imp.period == (dt.date(2026, 3, 27), dt.date(2026, 3, 28))
    assert imp.totals["cost"] == 1379.99


def test_reports_that_do_not_partition_spend_are_refused(tmp_path):
    keyword = "\n".join([
        "Search keyword report", '"March 27, 2026 - March 28, 2026"',
        "Keyword status,Keyword,Campaign,Ad group,Currency code,Cost,Impr.,Clicks",
        "Enabled,tow truck,Towing,Ad group 1,CAD,10.00,100,5",
        ",,Total: Keywords,,CAD,10.00,100,5",
        ",,Total: Account,,CAD,164.11,\"10,708\",54",
    ]) + "\n"
    with pytest.raises(DataValidationError) as e:
        sources.read(write(tmp_path, "kw.csv", keyword))
    assert "Search keyword report" in str(e.value) and "segmented by Day" in str(e.value)
    for title, dim in (("Search terms report", "Search term"), ("Location report", "Location"),
                       ("Asset report", "Asset"), ("Audience segments report", "Audience segment")):
        text = "\n".join([title, "1 May 2026 - 8 May 2026", f"{dim},Campaign,Cost,Impr.,Clicks",
                          "x,Towing,1.00,10,1", "Total: Account,,1.00,10,1"]) + "\n"
        with pytest.raises(DataValidationError) as e:
            sources.read(write(tmp_path, "r.csv", text))
        assert title in str(e.value)


def test_keyword_report_total_label_in_third_column_is_a_totals_row():
    assert google_ads._ads.totals_label(["", "", "Total: Keywords", "", "CAD"]) == "Keywords"
    assert google_ads._ads.totals_label(["Total : Compte", ""]) == "Compte"
    assert google_ads._ads.totals_label(["Enabled", "", "Total: Keywords"]) is None
    assert google_ads._ads.totals_label(["Total Wipeout brand", "x"]) is None


def test_bad_cell_names_file_row_and_column(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[2][10] = "12.3x"
    rows[3][0] = "someday"
    with pytest.raises(DataValidationError) as e:
        sources.read(write(tmp_path, "bad.csv", report(rows=rows)))
    probs = {p.column: p for p in e.value.problems}
    assert probs["Cost"].rows == (6,) and "12.3x" in probs["Cost"].message
    assert probs["Day"].rows == (7,)


def test_two_currencies_are_an_error(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[1][4] = rows[1][9] = "USD"
    with pytest.raises(DataValidationError) as e:
        sources.read(write(tmp_path, "cur.csv", report(rows=rows)))
    assert "EUR, USD" in str(e.value)


def test_ad_group_report_without_type_infers_it_from_the_type_totals(tmp_path):
    text = "\n".join([
        "Ad group report", '"March 27, 2026 - March 28, 2026"',
        "Day,Ad group,Campaign,Currency code,Impr.,Clicks,Cost",
        '2026-03-27,AG 1,Brand,USD,"1,000",10,5.00',
        "2026-03-27,AG 2,Brand,USD,500,5,2.50",
        "2026-03-28,AG 1,Brand,USD,200,2,1.00",
        'Total: Ad groups,,,USD,"1,700",17,8.50',
        'Total: Account,,,USD,"9,700",40,58.50',
        'Total: Search,,,USD,"1,700",17,8.50',
        'Total: Performance Max,,,USD,"8,000",23,50.00',
    ]) + "\n"
    imp = sources.read(write(tmp_path, "ag.csv", text))
    spend = imp.tables["spend"]
    assert len(spend) == 2  # two ad groups of 27 March summed to one campaign-day
    assert spend["cost"].tolist() == [7.5, 1.0] and spend["impressions"].tolist() == [1500, 200]
    assert set(spend["channel"]) == {"Paid Search"}
    assert any(p.code == "channel_inferred" for p in imp.problems)
    assert not [p for p in imp.problems if p.code.startswith("totals")]  # against Ad groups


def test_no_type_and_no_type_totals_defaults_to_paid_search_with_a_warning(tmp_path):
    text = "\n".join(["Campaign report", '"March 27, 2026 - March 27, 2026"',
                      "Day,Campaign,Cost,Impr.,Clicks", "2026-03-27,A,1.00,10,1",
                      "Total: Account,,1.00,10,1"]) + "\n"
    imp = sources.read(write(tmp_path, "n.csv", text))
    assert imp.tables["spend"]["channel"].tolist() == ["Paid Search"]
    assert any(p.code == "channel_default" and "Campaign type" in p.message for p in imp.problems)
    assert imp.currency is None


# Genuine samples ---------------------------------------------------------------------------

def test_genuine_campaign_report_en_gb_totals_equal_the_exports_own():
    imp = sources.read(samples("google_ads_ui") / "en-GB_utf8_comma_campaign_report_gbp.csv")
    assert imp.format == "google_ads" and imp.currency == "GBP"
    assert imp.period == (dt.date(2026, 1, 27), dt.date(2026, 2, 23))
    assert imp.rows.kept == 2 and imp.rows.dropped == {"totals row": 5}
    # "Total: Campaigns": 867 clicks, "40,585" impressions, cost 1164.09; the two rows add up to
    # 798.88 + 365.22 = 1164.10 (each row rounded to cents): within rounding, no warning.
    assert imp.totals["impressions"] == 40585 and imp.totals["clicks"] == 867
    assert abs(imp.totals["cost"] - 1164.09) <= 0.011
    assert not [p for p in imp.problems if p.code.startswith("totals")]
    # No Campaign type column; the only active type total is Performance Max.
    assert set(imp.tables["spend"]["channel"]) == {"Cross-network"}
    assert len(imp.tables["spend"]) == 2 * 28
    assert imp.tables["spend"]["cost"].sum() == pytest.approx(1164.10)


def test_genuine_ad_group_all_time_and_search_terms_are_refused_by_name():
    folder = samples("google_ads_ui")
    with pytest.raises(DataValidationError) as e:
        sources.read(folder / "en_utf16le_tab_ad_group_report_alltime.csv")
    assert "Ad group report" in str(e.value) and "All time" in str(e.value)
    with pytest.raises(DataValidationError) as e:
        sources.read(folder / "en-CA_utf16le_tab_search_terms_report_cad.csv")
    assert "Search terms report" in str(e.value) and "segmented by Day" in str(e.value)


def test_genuine_ad_group_report_rows_reconcile_with_total_ad_groups(tmp_path):
    """The same file with a date range instead of All time: read, and its 8 rows add up to
    'Total: Ad groups' (46250.96), not to 'Total: Account' (which holds Performance Max)."""
    src = samples("google_ads_ui") / "en_utf16le_tab_ad_group_report_alltime.csv"
    text = src.read_bytes().decode("utf-16").replace("All time", "1 January 2025 - 31 March 2025", 1)
    imp = sources.read(write(tmp_path, "ag.csv", text, utf16=True))
    assert imp.currency == "USD" and imp.rows.kept == 8
    assert imp.totals["cost"] == pytest.approx(46250.96)
    assert imp.totals["impressions"] == 229344 and imp.totals["clicks"] == 23098
    assert not [p for p in imp.problems if p.code.startswith("totals")]
    assert set(imp.tables["spend"]["channel"]) == {"Paid Search"}  # = Total: Search
    assert sorted(imp.tables["spend"]["campaign"].unique()) == [
        "CPR Certifications 4.29 NLP", "CPR Training & Classes", "Control Campaign"]


def test_genuine_samples_detected_by_the_right_reader_only():
    root = samples("")
    seen = 0
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.name == "README.md":
            continue
        mod = sources.detect(RawFile(p))
        got = mod.FORMAT if mod else None
        folder = p.relative_to(root).parts[0]
        if folder in MINE:
            assert got == MINE[folder], p
            seen += 1
        else:
            assert got not in MINE.values(), p
    assert seen >= 5


def test_spend_frame_has_no_nan_cost_and_float_counts(tmp_path):
    imp = sources.read(write(tmp_path, "x.csv", report()))
    s = imp.tables["spend"]
    assert not s["cost"].isna().any() and s["impressions"].dtype == np.float64


def test_day_order_and_decimal_mark_are_read_from_the_cells():
    from roianalysis.sources import _ads

    assert _ads.infer_dayfirst(["13/1/2026", "1/2/2026"]) is True
    assert _ads.infer_dayfirst(["1/13/2026", "1/2/2026"]) is False
    assert _ads.infer_dayfirst(["1/2/2026"], hint=False) is False  # ambiguous: the locale's
    frame = pd.DataFrame({"c": ["1\u202f080,10", "75,35"], "d": ["1080.10", '1,204']})
    assert _ads.decimal_mark(frame, ["c"]) == "," and _ads.decimal_mark(frame, ["d"]) == "."
