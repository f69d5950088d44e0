"""Formatting of numbers, money, shares, dates and tables in French and English."""

from __future__ import annotations

import math
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from roianalysis.catalog import METRICS
from roianalysis.report import format as fmt
from roianalysis.report.context import Report, escape_markdown

NN = "\u202f"  # narrow no-break space
NB = "\u00a0"  # no-break space


@pytest.mark.parametrize("value, currency, lang, expected", [
    (1234.56, "EUR", "fr", f"1{NN}234,56{NB}€"),
    (1234.56, "EUR", "en", "€1,234.56"),
    (1234.56, "USD", "en", "$1,234.56"),
    (-1234.56, "USD", "en", "-$1,234.56"),
    (-1234.56, "EUR", "fr", f"-1{NN}234,56{NB}€"),
    (1234567.891, "EUR", "fr", f"1{NN}234{NN}567,89{NB}€"),
    (0, "EUR", "fr", f"0,00{NB}€"),
    (150, "GBP", "en", "£150.00"),
    (1234.5, "CHF", "en", f"CHF{NB}1,234.50"),
    (1234.5, "SEK", "fr", f"1{NN}234,50{NB}SEK"),
])
def test_format_money(value, currency, lang, expected):
    assert fmt.format_money(value, currency, lang) == expected


def test_money_decimals_and_sign():
    assert fmt.format_money(799818.9, "EUR", "fr", decimals=0) == f"799{NN}819{NB}€"
    assert fmt.format_money(12.5, "USD", "en", signed=True) == "+$12.50"
    assert fmt.format_money(-0.001, "USD", "en") == "$0.00"  # no "-0.00"


@pytest.mark.parametrize("value, lang, expected", [
    (0.123, "fr", f"12,3{NN}%"),
    (0.123, "en", "12.3%"),
    (1.0, "en", "100.0%"),
    (-0.05, "fr", f"-5,0{NN}%"),
    (47.553874, "fr", f"4{NN}755,4{NN}%"),
])
def test_format_percent(value, lang, expected):
    assert fmt.format_percent(value, lang) == expected


def test_signed_percent():
    assert fmt.format_percent(0.262, "fr", signed=True) == f"+26,2{NN}%"
    assert fmt.format_percent(0.0, "en", signed=True) == "0.0%"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, math.inf, -math.inf, pd.NA,
                                     np.float64("nan")])
def test_missing_values_are_a_dash(missing):
    assert fmt.format_money(missing, "EUR", "fr") == "—"
    assert fmt.format_percent(missing, "en") == "—"
    assert fmt.format_number(missing, "fr") == "—"
    assert fmt.format_days(missing, "fr") == "—"
    for name in METRICS:
        assert fmt.format_metric(name, missing, "EUR", "fr") == "—"


def test_text_is_never_missing():
    assert not fmt.is_missing("inf")
    assert not fmt.is_missing("nan")
    assert fmt.format_value("nan", "text") == "nan"


def test_numbers_days_months():
    assert fmt.format_number(36245, "fr") == f"36{NN}245"
    assert fmt.format_number(36245, "en") == "36,245"
    assert fmt.format_number(2.333, "fr", 2) == "2,33"
    assert fmt.format_days(7.1, "fr") == f"7,1{NB}jours"
    assert fmt.format_days(1, "en", 0) == f"1{NB}day"
    assert fmt.format_days(12, "en", 0) == f"12{NB}days"
    assert fmt.format_months(6.6, "fr") == f"6,6{NB}mois"
    assert fmt.format_months(1, "en", 0) == f"1{NB}month"


@pytest.mark.parametrize("name, value, lang, expected", [
    ("cpl", 150, "fr", f"150,00{NB}€"),
    ("revenue", 799818.9, "fr", f"799{NN}819{NB}€"),  # money volumes are whole amounts
    ("leads", 2222, "en", "2,222"),
    ("visitor_to_lead", 0.0613, "en", "6.1%"),
    ("roas", 5.836, "fr", "5,84"),
    ("nps", 39.6, "fr", "+39,6"),
    ("sales_cycle_days", 7.1, "en", f"7.1{NB}days"),
    ("cac_payback_months", 6.6, "fr", f"6,6{NB}mois"),
])
def test_format_metric_by_unit(name, value, lang, expected):
    assert fmt.format_metric(name, value, "EUR", lang) == expected


def test_every_catalog_unit_is_formatted():
    for name, info in METRICS.items():
        assert fmt.format_metric(name, 1.5, "USD", "en"), info.unit


def test_unsupported_language_is_an_error():
    with pytest.raises(ValueError, match="unsupported language"):
        fmt.format_money(1, "EUR", "de")


def test_format_delta():
    assert fmt.format_delta(110, 100, "count", "EUR", "en") == "+10.0%"
    assert fmt.format_delta(0.30, 0.25, "share", "EUR", "fr") == f"+5,0{NB}pt"
    assert fmt.format_delta(41.0, 39.6, "score", "EUR", "en") == f"+1.4{NB}pts"
    assert fmt.format_delta(5, 0, "count") == "—"
    assert fmt.format_delta(np.nan, 3, "money") == "—"


def test_metric_label():
    assert fmt.metric_label("cpl", "fr") == "Coût par lead"
    assert fmt.metric_label("cpl", "en") == "Cost per lead"
    assert fmt.metric_label("not_a_metric", "en") == "not_a_metric"


# ----------------------------------------------------------------------------- tables
def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {"leads": [703, 12], "cpl": [72.87, np.nan], "note": ["<b>bold</b>", "a & b"]},
        index=pd.Index(["<script>alert(1)</script>", "Paid Search"], name="channel"))


def test_styled_table_escapes_every_data_text():
    html = str(fmt.styled_table(_table(), "EUR", "fr", caption="<i>cap</i>",
                                index_label="<u>Canal</u>"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "a &amp; b" in html
    assert "&lt;i&gt;cap&lt;/i&gt;" in html and "&lt;u&gt;Canal&lt;/u&gt;" in html


def test_styled_table_escapes_column_names():
    df = pd.DataFrame({"<img src=x onerror=alert(1)>": [1.0]})
    html = str(fmt.styled_table(df, "EUR", "en"))
    assert "<img" not in html


def test_styled_table_formats_columns_by_unit():
    html = str(fmt.styled_table(_table(), "EUR", "fr"))
    assert f"72,87{NB}€" in html
    assert "703" in html
    assert "—" in html  # NaN CPL
    assert "Coût par lead" in html  # metric columns get their label
    en = str(fmt.styled_table(_table(), "USD", "en"))
    assert "$72.87" in en and "Cost per lead" in en


def test_styled_table_overrides_and_total_row():
    df = pd.DataFrame({"x": [0.5, 0.25]}, index=["a", "Total"])
    html = str(fmt.styled_table(df, "EUR", "en", units={"x": "share"}, labels={"x": "Share"},
                                total_row="Total"))
    assert "50.0%" in html and "Share" in html and "font-weight:600" in html


def test_styled_table_multiindex_and_repr():
    df = pd.DataFrame({"leads": [1, 2]},
                      index=pd.MultiIndex.from_tuples([("Email", "<x>"), ("Email", "y")],
                                                      names=["channel", "campaign"]))
    table = fmt.styled_table(df, "EUR", "en")
    # 2 index headers + 1 column header + 2 rows x 2 index cells
    assert len(re.findall(r"<th[ >]", table.html)) == 2 + 1 + 2 * 2
    assert "&lt;x&gt;" in table._repr_html_()
    assert repr(table) == "<HtmlTable>"


# ----------------------------------------------------------------------------- periods, dates
def test_period_labels():
    assert fmt.period_label("2026-Q3", "fr") == "T3 2026"
    assert fmt.period_label("2026-Q3", "en") == "Q3 2026"
    assert fmt.period_label("2026-09", "fr") == "septembre 2026"
    assert fmt.period_label("2026-H1", "fr") == "S1 2026"
    assert fmt.period_label("2026-W36", "en") == "week 36 of 2026"
    assert fmt.period_dates("2026-Q3", "fr") == "1 juil. 2026 – 30 sept. 2026"
    assert fmt.period_dates("2026-Q3", "en") == "1 Jul 2026 – 30 Sep 2026"
    assert fmt.format_date(date(2026, 7, 1), "fr") == "1er juillet 2026"
    assert fmt.format_date(date(2026, 7, 1), "fr", short=True) == "1 juil. 2026"
    assert fmt.month_label(2026, 9, "fr") == "sept. 2026"
    assert fmt.month_label(2026, 9, "en", short=False) == "September 2026"


def test_p_values_in_each_language():
    assert fmt.format_p(0.0312, "en") == "p = 0.03"
    assert fmt.format_p(0.0312, "fr") == "p = 0,03"
    assert fmt.format_p(0.0042, "fr") == "p = 0,004"
    assert fmt.format_p(0.0004, "en") == "p < 0.001"
    assert fmt.format_p(float("nan"), "en") == "" and fmt.format_p(None, "fr") == ""


def test_units_in_words():
    assert fmt.format_days(1, "fr") == "1,0\u00a0jour"
    assert fmt.format_days(7.06, "fr") == "7,1\u00a0jours"
    assert fmt.format_days(1, "en", 0) == "1\u00a0day"
    assert fmt.format_months(1, "en") == "1.0\u00a0month"
    assert fmt.format_months(6.6, "fr") == "6,6\u00a0mois"
    assert fmt.format_delta(0.12, 0.10, "share", lang="fr") == "+2,0\u00a0pt"
    assert fmt.format_delta(0.12, 0.10, "share", lang="en") == "+2.0\u00a0pts"


def test_escape_markdown():
    assert escape_markdown("<script>alert(1)</script>") == r"&lt;script&gt;alert\(1\)&lt;/script&gt;"
    assert escape_markdown("**bold** [x](y)") == r"\*\*bold\*\* \[x\]\(y\)"


def test_report_sentences_escape_data(tmp_path):
    from roianalysis.data.client import ClientData
    from roianalysis.data.config import parse_config

    cfg = parse_config({"name": "<b>Acme</b>", "language": "fr", "currency": "EUR"}, "acme")
    data = ClientData("acme", cfg, {}, [], "")
    rep = Report.create(data, "2026-Q3")
    assert rep.lang == "fr" and rep.period_text == "T3 2026"
    title = str(rep.title("acq_title"))
    assert title.startswith("# Coût d'acquisition par canal")
    assert "<b>" not in title and "&lt;b&gt;Acme&lt;/b&gt;" in title
    text = str(rep.text("roi_negative", channels="<script>x</script>"))
    assert "<script>" not in text
    assert rep.metric("cpl", 12.4) == f"12,40{NB}€"


def test_dollars_are_not_latex():
    assert escape_markdown("$1,234.00 and $5.00") == r"\$1,234.00 and \$5.00"
    html = str(fmt.styled_table(pd.DataFrame({"cpl": [1.0, 2.0]}), "USD", "en"))
    assert "mathjax_ignore" in html and "tex2jax_ignore" in html
