"""Rows never lost silently, numbers never non-finite, dates never absurd, refunds not customers."""

from __future__ import annotations

import pandas as pd
import pytest

import roianalysis as ra
from roianalysis.errors import DataValidationError
from roianalysis.periods import Period

from .conftest import SPEND, problems_of, write_client


def _load_error(tmp_path, **files) -> DataValidationError:
    raw = write_client(tmp_path, files=files)
    with pytest.raises(DataValidationError) as excinfo:
        ra.load_client("acme", raw, processed_dir=None)
    return excinfo


def _spend_rows(n: int) -> list[str]:
    return [f"2026-01-{1 + i % 28:02d},Google,g{i},media,{10 + i}" for i in range(n)]


def test_a_stray_quote_pair_that_merges_rows_is_an_error_naming_the_rows(tmp_path):
    rows = _spend_rows(10)
    rows[2] = rows[2].replace(",g2,", ',"g2 promo,')  # opens a quote...
    rows[5] = rows[5].replace(",g5,", ',g5",')  # ...closed three lines later
    text = "date,channel,campaign,category,cost\n" + "\n".join(rows) + "\n"
    assert len(pd.read_csv(pd.io.common.StringIO(text), dtype=str)) == 7  # what used to load
    excinfo = _load_error(tmp_path, **{"spend.csv": text})
    (p,) = [p for p in excinfo.value.problems if p.code == "merged_rows"]
    assert p.rows == (4,) and "lines 4-7" in p.message and p.file.endswith("spend.csv")
    assert p.column == "campaign"


def test_a_quoted_separator_that_shifts_values_is_an_error_naming_the_row(tmp_path):
    text = SPEND.replace("2026-01-06,Google,g1,media,50", '2026-01-06,Google,"g1,media",50')
    excinfo = _load_error(tmp_path, **{"spend.csv": text})
    (p,) = excinfo.value.problems
    assert p.code == "bad_row" and p.rows == (3,) and "line 3 has 4" in p.message


def test_a_line_break_inside_an_ignored_free_text_column_is_kept(tmp_path):
    text = ('date,channel,campaign,category,cost,notes\n'
            '2026-01-05,Google,g1,media,100,"two\nlines"\n2026-01-06,Google,g1,media,50,x\n')
    raw = write_client(tmp_path, files={"spend.csv": text})
    data = ra.load_client("acme", raw, processed_dir=None)
    assert data["spend"]["cost"].tolist() == [100.0, 50.0]


@pytest.mark.parametrize("header", ["date,channel,campaign,category,cost,cost",
                                    "date,channel,campaign,category,cost,Cost"])
def test_two_columns_with_the_same_name_are_an_error_naming_both(tmp_path, header):
    text = header + "\n2026-01-05,Google,g1,media,100,200\n"
    excinfo = _load_error(tmp_path, **{"spend.csv": text})
    (p,) = excinfo.value.problems
    first, second = header.split(",")[-2:]
    assert p.code == "duplicate_column" and f"'{first}' and '{second}'" in p.message


def _xlsx(path, sheets: dict[str, pd.DataFrame]):
    with pd.ExcelWriter(path) as w:
        for name, df in sheets.items():
            df.to_excel(w, sheet_name=name, index=False)


def test_an_excel_workbook_with_data_on_two_sheets_is_refused_by_name(tmp_path):
    raw = write_client(tmp_path, files={"spend.csv": None})
    jan = pd.DataFrame({"date": ["2026-01-05"], "channel": ["Google"], "cost": [100]})
    feb = pd.DataFrame({"date": ["2026-02-05"], "channel": ["Google"], "cost": [50]})
    _xlsx(raw / "acme" / "spend.xlsx", {"Jan": jan, "Feb": feb})
    with pytest.raises(DataValidationError) as excinfo:
        ra.load_client("acme", raw, processed_dir=None)
    (p,) = excinfo.value.problems
    assert p.code == "several_sheets" and "'Jan', 'Feb'" in p.message


def test_an_excel_notes_sheet_is_named_in_a_warning_and_the_data_sheet_read(tmp_path):
    raw = write_client(tmp_path, files={"spend.csv": None})
    jan = pd.DataFrame({"date": ["2026-01-05", "2026-01-06"], "channel": ["Google", "Meta"],
                        "cost": [100, 20]})
    _xlsx(raw / "acme" / "spend.xlsx", {"Data": jan, "Notes": pd.DataFrame({"remark": ["hi"]})})
    data = ra.load_client("acme", raw, processed_dir=None)
    assert data["spend"]["cost"].sum() == 120
    assert any(w.code == "extra_sheet" and "'Notes'" in w.message for w in data.warnings)


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1e309"])
@pytest.mark.parametrize("table,column", [("spend", "cost"), ("orders", "revenue"),
                                          ("nps", "score")])
def test_non_finite_numbers_are_an_error_naming_file_row_and_column(tmp_path, value, table,
                                                                     column):
    files = {"spend.csv": SPEND.replace("media,50", f"media,{value}"),
             "orders.csv": None, "nps.csv": None}
    if table == "orders":
        files = {"orders.csv": "order_id,contact_id,ordered_at,revenue\n"
                               f"o1,c1,2026-01-10,200\no2,c2,2026-01-11,{value}\n"}
    if table == "nps":
        files = {"nps.csv": f"answered_at,score\n2026-01-10,9\n2026-01-11,{value}\n"}
    excinfo = _load_error(tmp_path, **files)
    (p,) = [p for p in excinfo.value.problems if p.code == "not_finite"]
    assert p.file.endswith(f"{table}.csv") and p.column == column and p.rows == (3,)


def test_non_finite_numbers_in_a_parquet_file_are_refused_too(tmp_path):
    raw = write_client(tmp_path, files={"spend.csv": None})
    pd.DataFrame({"date": ["2026-01-05", "2026-01-06", "2026-01-07"], "channel": ["G"] * 3,
                  "cost": [1.0, float("inf"), float("nan")]}).to_parquet(raw / "acme" / "spend.parquet")
    with pytest.raises(DataValidationError) as excinfo:
        ra.load_client("acme", raw, processed_dir=None)
    # inf refused; NaN is Parquet's empty cell: missing (and cost is required)
    assert {(p.code, p.rows) for p in excinfo.value.problems} == {("not_finite", (3,)),
                                                                  ("missing_value", (4,))}


@pytest.mark.parametrize("date", ["0001-01-01", "1900-01-01", "9999-12-31", "01/01/1969"])
def test_dates_outside_1970_2100_are_an_error(tmp_path, date):
    excinfo = _load_error(tmp_path, **{"spend.csv": SPEND.replace("2026-01-06", date)})
    (p,) = excinfo.value.problems
    assert p.code == "date_out_of_range" and p.rows == (3,) and p.column == "date"
    assert date in problems_of(excinfo)


def test_a_refund_only_contact_is_not_a_new_customer(tmp_path):
    orders = ("order_id,contact_id,ordered_at,revenue\n"
              "o1,c1,2026-01-10 10:00,200\no2,c2,2026-01-11 10:00,-80\n")
    data = ra.load_client("acme", write_client(tmp_path, files={"orders.csv": orders}),
                          processed_dir=None)
    k = ra.kpis(data, Period.parse("2026-01"))
    assert k["new_customers"] == 1
    assert k["revenue"] == 120  # the refund still counts in revenue
