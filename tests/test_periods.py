from datetime import date

import pytest

from roianalysis.errors import PeriodError
from roianalysis.periods import Period, last_complete_quarter


@pytest.mark.parametrize("text,start,end,kind", [
    ("2026", date(2026, 1, 1), date(2026, 12, 31), "year"),
    ("2026-H1", date(2026, 1, 1), date(2026, 6, 30), "half"),
    ("2026-h2", date(2026, 7, 1), date(2026, 12, 31), "half"),
    ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "quarter"),
    ("2026-09", date(2026, 9, 1), date(2026, 9, 30), "month"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
    ("2026-W36", date(2026, 8, 31), date(2026, 9, 6), "week"),
    ("2026-W01", date(2025, 12, 29), date(2026, 1, 4), "week"),
    ("2026-07-01..2026-09-30", date(2026, 7, 1), date(2026, 9, 30), "range"),
])
def test_parse(text, start, end, kind):
    p = Period.parse(text)
    assert (p.start, p.end, p.kind) == (start, end, kind)
    assert Period.parse(p.label) == p


@pytest.mark.parametrize("text,prev,ago", [
    ("2026", "2025", "2025"),
    ("2026-H1", "2025-H2", "2025-H1"),
    ("2026-Q1", "2025-Q4", "2025-Q1"),
    ("2026-03", "2026-02", "2025-03"),
    ("2026-01", "2025-12", "2025-01"),
    ("2026-W01", "2025-W52", "2025-W01"),
    ("2021-W01", "2020-W53", "2020-W01"),
    ("2026-W36", "2026-W35", "2025-W36"),
    ("2026-07-01..2026-07-10", "2026-06-21..2026-06-30", "2025-07-01..2025-07-10"),
    ("2024-02-20..2024-02-29", "2024-02-10..2024-02-19", "2023-02-20..2023-02-28"),
])
def test_previous_and_year_ago(text, prev, ago):
    p = Period.parse(text)
    assert p.previous().label == prev
    assert p.year_ago().label == ago


def test_week_53_year_ago_falls_back_to_last_week():
    assert Period.parse("2020-W53").year_ago().label == "2019-W52"


def test_bounds_are_whole_days():
    p = Period.parse("2026-09")
    assert str(p.start_ts) == "2026-09-01 00:00:00"
    assert str(p.end_exclusive) == "2026-10-01 00:00:00"
    assert p.days == 30
    assert p.contains(date(2026, 9, 30)) and not p.contains(date(2026, 10, 1))


def test_months_of_quarter():
    assert [m.label for m in Period.parse("2026-Q3").months()] == ["2026-07", "2026-08", "2026-09"]


@pytest.mark.parametrize("bad", ["2026-13", "2026-Q5", "2026-W54", "Q3 2026", "", "2026-09-31..2026-10-01",
                                 "2026-10-01..2026-09-01"])
def test_invalid(bad):
    with pytest.raises(PeriodError):
        Period.parse(bad)


def test_last_complete_quarter():
    assert last_complete_quarter(date(2026, 11, 22)).label == "2026-Q3"
    assert last_complete_quarter(date(2026, 1, 5)).label == "2025-Q4"
