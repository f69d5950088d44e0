"""GA4 report downloads -> traffic: own fixtures in the real layouts, plus the genuine samples."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from roianalysis import sources
from roianalysis.errors import DataValidationError
from roianalysis.sources import ga4_ui
from roianalysis.sources.base import RawFile

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO.parent / "shared" / "export-samples"
if not SAMPLES.is_dir():  # a worktree under /work/wt/<name>: the shared folder is two levels up
    SAMPLES = REPO.parent.parent / "shared" / "export-samples"


def _samples(sub: str) -> Path:
    folder = SAMPLES / sub
    if not folder.is_dir():
        pytest.skip(f"genuine samples not available ({folder})")
    return folder


PREAMBLE = (
    "# ----------------------------------------\n"
    "# {title}\n"
    "# Account: Boutique\n"
    "# Property: Boutique - GA4\n"
    "# ----------------------------------------\n"
    "# \n"
    "# All Users\n"
    "# Start date: {start}\n"
    "# End date: {end}\n"
)


def _write(tmp_path: Path, name: str, text: str, newline: str = "\n") -> Path:
    p = tmp_path / name
    p.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return p


DAILY = PREAMBLE.format(title="Traffic acquisition: Session primary channel group (Default Channel Group)",
                        start="20260301", end="20260302") + (
    "Session primary channel group (Default Channel Group),Date,Sessions,Engaged sessions,"
    "Engagement rate,Average engagement time per session,Events per session,Event count,"
    "Key events,Session key event rate,Total revenue\n"
    "Organic Search,20260301,100,80,0.8,31.5,4.2,420,3,0.03,250.5\n"
    "Paid Search,20260301,50,20,0.4,10.1,2,100,1,0.02,99.9\n"
    "Organic Search,20260302,60,30,0.5,12.25,3,180,0,0,0\n"
    "(not set),20260302,5,0,0,0,1,5,0,0,0\n"
)


def test_daily_traffic_acquisition(tmp_path):
    p = _write(tmp_path, "whatever.csv", DAILY, "\r\n")
    imp = sources.read(p)
    assert imp.format == "ga4_ui"
    assert imp.report.startswith("Traffic acquisition")
    assert imp.account == "Boutique - GA4"
    assert imp.currency is None
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))
    assert (imp.rows.read, imp.rows.kept, imp.rows.dropped) == (4, 4, {})
    t = imp.tables["traffic"]
    assert list(t.columns) == list(ga4_ui.TRAFFIC_COLUMNS)
    assert t["date"].dtype == "datetime64[us]"
    # hand sums: 100+50+60+5, 80+20+30+0, 3+1+0+0, 250.5+99.9
    assert imp.totals == pytest.approx({"sessions": 215, "engaged_sessions": 130, "key_events": 4,
                                        "revenue": 350.4})
    row = t[(t.date == "2026-03-01") & (t.channel == "Paid Search")].iloc[0]
    assert (row.sessions, row.engaged_sessions, row.key_events, row.revenue) == (50, 20, 1, 99.9)
    assert np.isnan(row.users) and np.isnan(row.new_users)
    # '(not set)' channel without source / medium: GA4's own name for unmatched traffic
    assert set(t.channel) == {"Organic Search", "Paid Search", "Unassigned"}
    assert not imp.problems


def test_week_is_ga4_sunday_week_of_the_year_spread_over_its_days(tmp_path):
    # 2025-01-01 is a Wednesday: week 01 = Jan 1..4 (4 days), week 02 = Jan 5..11 (7 days);
    # the range ends on Jan 8, so week 02 holds Jan 5..8 (4 days) here.
    text = PREAMBLE.format(title="Traffic acquisition: Session primary channel group (Default Channel Group)",
                           start="20250101", end="20250108") + (
        "Session primary channel group (Default Channel Group),Week,Sessions,Key events\n"
        "Direct,01,40,4\n"
        "Direct,02,8,0\n"
        "Email,02,4,2\n")
    imp = sources.read(_write(tmp_path, "w.csv", text, "\r"))  # lone CR line endings
    t = imp.tables["traffic"]
    direct = t[t.channel == "Direct"].set_index("date")["sessions"]
    assert direct[pd.Timestamp("2025-01-01")] == 10 and direct[pd.Timestamp("2025-01-04")] == 10
    assert direct[pd.Timestamp("2025-01-05")] == 2 and direct[pd.Timestamp("2025-01-08")] == 2
    assert len(direct) == 8
    assert imp.totals["sessions"] == pytest.approx(52) and imp.totals["key_events"] == pytest.approx(6)
    assert any("daily detail is approximate" in p.message for p in imp.problems)


def test_week_keys_follow_ga4_definition():
    days = pd.date_range("2023-01-01", "2023-01-15")  # 2023-01-01 is a Sunday
    keys = ga4_ui._time_keys("week", days, dt.date(2023, 1, 1))
    assert list(keys) == [1] * 7 + [2] * 7 + [3]
    days = pd.date_range("2025-12-27", "2026-01-04")  # Sat 27 Dec .. Sun 4 Jan
    keys = ga4_ui._time_keys("week", days, dt.date(2025, 12, 27))
    # 2025: Jan 1 Wed -> week 52 runs Sun 21 .. Sat 27 Dec, week 53 from Sun 28 Dec;
    # 2026: Jan 1 Thu -> week 01 = Thu 1 .. Sat 3 Jan, week 02 from Sun 4 Jan
    assert list(keys) == [52, 53, 53, 53, 53, 1, 1, 1, 2]
    nth = ga4_ui._time_keys("nthweek", pd.date_range("2025-01-01", "2025-01-15"), dt.date(2025, 1, 1))
    assert list(nth) == [0] * 7 + [1] * 7 + [2]


def test_source_medium_report_uses_default_channel_group(tmp_path):
    text = PREAMBLE.format(title="Traffic acquisition: Session source / medium",
                           start="20260301", end="20260301") + (
        "Session source / medium,Date,Sessions,Active users,New users\n"
        "google / cpc,20260301,10,9,5\n"
        "google / organic,20260301,20,18,10\n"
        "(direct) / (none),20260301,7,7,7\n"
        "newsletter / email,20260301,3,3,1\n"
        "(not set),20260301,1,1,0\n")
    imp = sources.read(_write(tmp_path, "sm.csv", text))
    t = imp.tables["traffic"].set_index("source")
    assert t.loc["google"].set_index("medium").loc["cpc", "channel"] == "Paid Search"
    assert t.loc["google"].set_index("medium").loc["organic", "channel"] == "Organic Search"
    assert t.loc["(direct)", "channel"] == "Direct"
    assert t.loc["newsletter", "channel"] == "Email"
    t = imp.tables["traffic"]
    assert t[t.source.isna()].channel.tolist() == ["Unassigned"]
    assert imp.totals["users"] == 38 and imp.totals["new_users"] == 23


def test_user_acquisition_with_campaign_and_no_date_is_spread_over_the_range(tmp_path):
    text = PREAMBLE.format(title="User acquisition: First user primary channel group (Default Channel Group)",
                           start="20260301", end="20260310") + (
        "First user primary channel group (Default Channel Group),First user campaign,Total users,"
        "New users,Returning users,Engaged sessions,Key events,Total revenue\n"
        "Paid Social,spring,100,90,10,50,5,500\n"
        "Organic Social,(not set),30,30,0,10,0,0\n")
    imp = sources.read(_write(tmp_path, "ua.csv", text))
    t = imp.tables["traffic"]
    assert len(t) == 20  # 2 rows x 10 days
    ps = t[t.channel == "Paid Social"]
    assert ps.campaign.unique().tolist() == ["spring"]
    assert ps.users.sum() == pytest.approx(100) and ps.revenue.iloc[0] == pytest.approx(50)
    assert t[t.channel == "Organic Social"].campaign.isna().all()
    assert any("whole date range" in p.message for p in imp.problems)


EXPLORATION = (
    "# ----------------------------------------\n"
    "# Boutique GA4\n"
    "# Channels-Free form 1\n"
    "# 20260301-20260302\n"
    "# ----------------------------------------\n"
    "\n"
    "Session default channel group,Date,Sessions,Total users,Key events,Engagement rate\n"
    ",,{total},95,7,0.5,Grand total\n"
    "Direct,20260301,40,38,2,0.5\n"
    "Referral,20260301,10,10,1,0.5\n"
    "Direct,20260302,50,47,4,0.5\n"
)


def test_exploration_grand_total_dropped_and_reconciled(tmp_path):
    imp = sources.read(_write(tmp_path, "download (2).csv", EXPLORATION.format(total=100)))
    assert imp.report == "Channels-Free form 1" and imp.account == "Boutique GA4"
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))
    assert imp.rows.read == 4 and imp.rows.kept == 3 and imp.rows.dropped == {"totals row": 1}
    assert imp.totals["sessions"] == 100 and imp.totals["key_events"] == 7
    assert not [p for p in imp.problems if p.code == "totals_mismatch"]
    cut = sources.read(_write(tmp_path, "cut.csv", EXPLORATION.format(total=130)))
    (warn,) = [p for p in cut.problems if p.code == "totals_mismatch"]
    assert "100.00" in warn.message and "130.00" in warn.message and "cut" in warn.message


OVERVIEW = (
    "# ----------------------------------------\n"
    "# Acquisition overview\n"
    "# Account: Boutique\n"
    "# Property: Boutique\n"
    "# ----------------------------------------\n"
    "#  \n"
    "# Start date: 20260301\n"
    "# End date: 20260304\n"
    "Nth week,Active users\n"
    "0000,10\n"
    "\n"
    "#  \n"
    "# Start date: 20260301\n"
    "# End date: 20260304\n"
    "First user primary channel group (Default Channel Group),New users\n"
    "Direct,8\n"
    "Email,4\n"
    "\n"
    "#  \n"
    "# Start date: 20260301\n"
    "# End date: 20260304\n"
    "Session primary channel group (Default Channel Group),Sessions\n"
    "Direct,20\n"
    "Email,12\n"
    "Referral,4\n"
    "\n"
    "#  \n"
    "# Start date: 20260301\n"
    "# End date: 20260304\n"
    "Session source / medium,Sessions\n"
    "(direct) / (none),20\n"
    "\n"
    "#  \n"
    "# Start date: 20260101\n"
    "# End date: 20260304\n"
    "Cohort,Average 120d value\n"
    "0000,4.5\n"
)


def test_overview_reads_traffic_tables_and_names_the_others(tmp_path):
    imp = sources.read(_write(tmp_path, "overview.csv", OVERVIEW, "\r\n"))
    assert imp.report == "Acquisition overview"
    assert imp.rows.read == 8 and imp.rows.kept == 5
    assert imp.rows.dropped == {"table without traffic by channel": 2,
                                "table repeating metrics already read": 1}
    assert imp.totals == pytest.approx({"sessions": 36, "new_users": 12})
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 4))
    t = imp.tables["traffic"]
    assert len(t) == 12  # 3 channels x 4 days
    email = t[t.channel == "Email"]
    assert email.sessions.tolist() == [3.0] * 4 and email.new_users.tolist() == [1.0] * 4
    assert t[t.channel == "Referral"].new_users.isna().all()
    (skip,) = [p for p in imp.problems if p.code == "tables_skipped"]
    assert "Nth week, Active users" in skip.message and "Cohort" in skip.message
    assert "Session source / medium" in skip.message


@pytest.mark.parametrize("title, header, row", [
    ("Pages and screens: Page title and screen class", "Page title and screen class,Views,Active users",
     "Home,100,50"),
    ("Events: Event name", "Event name,Event count,Total users", "page_view,100,50"),
    ("Landing page: Landing page + query string", "Landing page + query string,Sessions,Active users",
     "/,100,50"),
])
def test_reports_without_channel_are_refused_by_name(tmp_path, title, header, row):
    text = PREAMBLE.format(title=title, start="20260301", end="20260331") + header + "\n" + row + "\n"
    with pytest.raises(DataValidationError) as exc:
        sources.read(_write(tmp_path, "r.csv", text))
    msg = str(exc.value)
    assert title in msg and header.split(",")[0] in msg
    assert "Traffic acquisition" in msg and "Download CSV" in msg


def test_bad_number_and_bad_date_name_row_and_column(tmp_path):
    text = DAILY.replace("Paid Search,20260301,50,", "Paid Search,20260301,5O,").replace(
        "Organic Search,20260302,", "Organic Search,2026-03-02,")
    with pytest.raises(DataValidationError) as exc:
        sources.read(_write(tmp_path, "bad.csv", text))
    probs = {p.column: p.rows for p in exc.value.problems}
    # preamble = 9 lines, header = line 10, rows start at line 11
    assert probs == {"Sessions": (12,), "Date": (13,)}


def test_week_value_outside_the_range_is_an_error(tmp_path):
    text = PREAMBLE.format(title="Traffic acquisition", start="20250101", end="20250108") + (
        "Session primary channel group (Default Channel Group),Week,Sessions\nDirect,07,40\n")
    with pytest.raises(DataValidationError) as exc:
        sources.read(_write(tmp_path, "w.csv", text))
    assert exc.value.problems[0].rows == (11,) and exc.value.problems[0].column == "Week"


def test_detect_content_not_name(tmp_path):
    assert ga4_ui.detect(RawFile(_write(tmp_path, "x.txt", DAILY)))
    assert ga4_ui.detect(RawFile(_write(tmp_path, "y.txt", EXPLORATION.format(total=1))))
    assert not ga4_ui.detect(RawFile(tmp_path / "z.csv", b"# a comment\nDate,Sessions\n20260101,3\n"))
    assert not ga4_ui.detect(RawFile(tmp_path / "q.csv", b"Top queries,Clicks,Impressions,CTR,Position\n"))


# --- genuine samples -------------------------------------------------------------------------

def test_genuine_weekly_traffic_acquisition():
    f = _samples("ga4_ui") / "en_crlf_traffic_acquisition_session_channel_group_daily_monfrere.csv"
    imp = sources.read(f)
    assert imp.format == "ga4_ui" and imp.account == "MONFRERE"
    assert imp.period == (dt.date(2025, 1, 1), dt.date(2025, 12, 12))
    assert imp.rows.read == imp.rows.kept == 600
    # sums of the file's columns, computed with csv.reader over lines 11..610 (no totals row)
    assert imp.totals["sessions"] == pytest.approx(218381)
    assert imp.totals["engaged_sessions"] == pytest.approx(183859)
    assert imp.totals["key_events"] == pytest.approx(25403)
    assert imp.totals["revenue"] == pytest.approx(1021336.804648)
    t = imp.tables["traffic"]
    assert t.date.min() == pd.Timestamp("2025-01-01") and t.date.max() == pd.Timestamp("2025-12-12")
    assert "Organic Social" in set(t.channel) and "Cross-network" in set(t.channel)
    # Organic Social week 02 (line 11: 4838 sessions) = Sun 5 .. Sat 11 Jan 2025, 7 days
    os_ = t[(t.channel == "Organic Social") & t.date.between("2025-01-05", "2025-01-11")]
    assert os_.sessions.sum() == pytest.approx(4838) and len(os_) == 7


def test_genuine_acquisition_overview():
    f = _samples("ga4_ui") / "en_crlf_acquisition_overview_multisection_monfrere.csv"
    imp = sources.read(f)
    assert imp.report == "Acquisition overview" and imp.rows.balanced
    # the 'Session primary channel group' card (lines 136..149) and the 'First user primary
    # channel group' card (lines 117..130), summed by hand from the file
    assert imp.totals["sessions"] == pytest.approx(217485)
    assert imp.totals["new_users"] == pytest.approx(138125)
    assert imp.rows.kept == 28
    (skip,) = [p for p in imp.problems if p.code == "tables_skipped"]
    assert "Session Google Ads campaign" in skip.message and "Cohort" in skip.message


def test_genuine_page_exploration_is_refused_by_name():
    f = _samples("ga4_ui") / "en_exploration_free_form_grand_total.csv"
    with pytest.raises(DataValidationError) as exc:
        sources.read(f)
    msg = str(exc.value)
    assert "Untitled exploration-Free form 1" in msg and "Page path + query string" in msg
    assert "Traffic acquisition" in msg


def test_other_samples_are_not_ga4_ui():
    root = _samples("ga4_ui").parent
    for f in sorted(root.rglob("*")):
        if f.is_file() and f.parent.name != "ga4_ui" and f.suffix != ".md":
            assert not ga4_ui.detect(RawFile(f)), f
