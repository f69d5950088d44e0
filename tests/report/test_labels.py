"""Labels a client reads: periods as people say them, local time, colons, axis ticks."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from roianalysis.report import format as fmt

NN = "\u202f"
NB = "\u00a0"


@pytest.mark.parametrize("period, fr, en", [
    ("2026", "2026", "2026"),
    ("2026-H1", "S1 2026", "H1 2026"),
    ("2026-H2", "S2 2026", "H2 2026"),
    ("2026-Q3", "T3 2026", "Q3 2026"),
    ("2026-09", "septembre 2026", "September 2026"),
    ("2026-W36", "semaine 36 de 2026", "week 36 of 2026"),
    ("2026-07-01..2026-09-30", "du 1er juillet au 30 septembre 2026",
     "1 July to 30 September 2026"),
    ("2026-07-02..2026-07-15", "du 2 au 15 juillet 2026", "2 to 15 July 2026"),
    ("2025-12-15..2026-01-01", "du 15 décembre 2025 au 1er janvier 2026",
     "15 December 2025 to 1 January 2026"),
])
def test_period_label(period, fr, en):
    assert fmt.period_label(period, "fr") == fr
    assert fmt.period_label(period, "en") == en


@pytest.mark.parametrize("period", ["2026", "2026-H1", "2026-Q3", "2026-09", "2026-W36",
                                    "2026-07-01..2026-09-30"])
def test_no_canonical_period_code_in_french(period):
    text = fmt.period_label(period, "fr")
    assert not re.search(r"\d{4}-(Q|H|W|\d)", text)
    assert not re.search(r"\bQ\d|\bH\d|\bweek\b", text)


def test_generation_time_is_on_the_clients_clock():
    winter = datetime(2026, 12, 1, 21, 1, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 21, 1, tzinfo=UTC)
    assert fmt.format_datetime(winter, "fr", "Europe/Paris") == "1er décembre 2026 à 22:01 (UTC+1)"
    assert fmt.format_datetime(summer, "fr", "Europe/Paris") == "1er juillet 2026 à 23:01 (UTC+2)"
    assert fmt.format_datetime(summer, "en", "America/New_York") == "1 July 2026, 17:01 (UTC-4)"
    assert fmt.format_datetime(summer, "en", "Asia/Kolkata") == "2 July 2026, 02:31 (UTC+5:30)"
    assert fmt.format_datetime(summer, "en") == "1 July 2026, 21:01 (UTC)"
    naive = datetime(2026, 12, 1, 21, 1)  # read as UTC
    assert fmt.format_datetime(naive, "fr", "Europe/Paris").startswith("1er décembre 2026 à 22:01")


def test_colon_follows_each_languages_typography():
    assert fmt.label_colon("Période", "fr") == f"Période{NB}:"
    assert fmt.label_colon("Period", "en") == "Period:"


@pytest.mark.parametrize("values, unit, lang, expected", [
    ([0, 2, 4, 6, 8, 10], "share", "fr", [f"{x}{NN}%" for x in
                                          ("0", "200", "400", "600", "800", f"1{NN}000")]),
    ([0, 2, 4, 6, 8, 10], "share", "en", ["0%", "200%", "400%", "600%", "800%", "1,000%"]),
    ([0, 0.5, 1.0, 1.5], "number", "fr", ["0,0", "0,5", "1,0", "1,5"]),
    ([0, 20, 40], "money", "fr", [f"0{NB}€", f"20{NB}€", f"40{NB}€"]),
    ([0, 2.5, 5], "money", "en", ["€0.00", "€2.50", "€5.00"]),
    ([0.0, 0.125, 0.25], "share", "en", ["0.0%", "12.5%", "25.0%"]),
])
def test_tick_labels_have_no_useless_decimals(values, unit, lang, expected):
    assert fmt.tick_labels(values, unit, "EUR", lang) == expected
