"""Search Console performance exports -> search."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from roianalysis import sources
from roianalysis.errors import DataValidationError
from roianalysis.sources import search_console
from roianalysis.sources.base import RawFile

QUERIES = "Top queries,Clicks,Impressions,CTR,Position\nbougie parfumée,120,4000,3%,4.25\nbougie,30,3000,1%,8\n"
FILTERS = 'Filter,Value\nSearch type,Web\nDate,"Custom: Mar 1, 2026 - Mar 31, 2026"\n'
DATES = "Date,Clicks,Impressions,CTR,Position\n2026-03-01,10,200,5%,6.5\n2026-03-02,4,100,4%,7\n"


def test_queries_with_filters_next_to_it(tmp_path):
    (tmp_path / "Queries.csv").write_text(QUERIES, encoding="utf-8")
    (tmp_path / "Filters.csv").write_text(FILTERS, encoding="utf-8")
    imp = sources.read(tmp_path / "Queries.csv")
    assert imp.format == "search_console" and imp.currency is None
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    s = imp.tables["search"]
    assert list(s.columns) == list(search_console.SEARCH_COLUMNS)
    assert s["date"].isna().all() and s["page"].isna().all()
    assert s["query"].tolist() == ["bougie parfumée", "bougie"]
    assert s["ctr"].tolist() == pytest.approx([0.03, 0.01]) and s["position"].tolist() == [4.25, 8.0]
    assert imp.totals == {"clicks": 150.0, "impressions": 7000.0}
    assert not imp.problems
    # the Filters file itself is recognised, and not used
    f = sources.read(tmp_path / "Filters.csv")
    assert f.rows.read == 2 and f.rows.dropped == {"table not used (Filters)": 2}


def test_french_pages_without_period_warns(tmp_path):
    p = tmp_path / "Pages.csv"
    p.write_text("\ufeffPages les plus populaires,Clics,Impressions,CTR,Position\n"
                 'https://ex.fr/,30,3000,"1,5 %","8,5"\n', encoding="utf-8")
    imp = sources.read(p)
    s = imp.tables["search"]
    assert s["page"].tolist() == ["https://ex.fr/"] and s["query"].isna().all()
    assert s["ctr"].tolist() == pytest.approx([0.015]) and s["position"].tolist() == [8.5]
    assert imp.period is None and [x.code for x in imp.problems] == ["unknown_period"]


def test_dates_table_gives_period_and_daily_rows(tmp_path):
    p = tmp_path / "Dates.csv"
    p.write_text(DATES, encoding="utf-8")
    imp = sources.read(p)
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))
    assert imp.tables["search"]["date"].tolist() == [pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-02")]
    assert imp.totals == {"clicks": 14.0, "impressions": 300.0}


def test_xlsx_with_all_sheets(tmp_path):
    p = tmp_path / "gsc.xlsx"
    with pd.ExcelWriter(p) as xw:
        for name, text in (("Queries", QUERIES), ("Dates", DATES), ("Filters", FILTERS),
                           ("Countries", "Country,Clicks,Impressions,CTR,Position\nFrance,14,300,4.7%,6\n")):
            rows = [r.split(",") if '"' not in r else [r.split(",", 1)[0], r.split(",", 1)[1].strip('"')]
                    for r in text.strip().splitlines()]
            pd.DataFrame(rows[1:], columns=rows[0]).to_excel(xw, sheet_name=name, index=False)
    assert search_console.detect(RawFile(p))
    imp = sources.read(p)
    assert imp.rows.read == 7 and imp.rows.kept == 4  # 2 queries + 2 dates + 2 filters + 1 country
    assert imp.rows.dropped == {"table not used (Filters)": 2, "table not used (Countries)": 1}
    s = imp.tables["search"]
    assert s["query"].notna().sum() == 2 and s["date"].notna().sum() == 2
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))  # the Dates sheet
    assert imp.totals == {"clicks": 14.0, "impressions": 300.0}


def test_bad_cell_is_named(tmp_path):
    p = tmp_path / "Queries.csv"
    p.write_text(QUERIES.replace("30,3000", "30,lots"), encoding="utf-8")
    with pytest.raises(DataValidationError) as exc:
        sources.read(p)
    (pr,) = exc.value.problems
    assert pr.column == "Impressions" and pr.rows == (3,)


def test_not_other_formats(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("Date,Sessions\n2026-03-01,3\n", encoding="utf-8")
    assert not search_console.detect(RawFile(p))
    p.write_text("# ----\n# Start date: 20260101\n# End date: 20260102\nDate,Clicks,Impressions,Position\n")
    assert not search_console.detect(RawFile(p))
