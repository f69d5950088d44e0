"""Escaping, sanitizing, formula neutralising, path validation and report checks."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from roianalysis.errors import RoiAnalysisError
from roianalysis.render.safe import (
    check_client_name,
    check_notebook_name,
    csv_safe,
    csv_safe_value,
    html_text,
    period_dirname,
    report_problems,
    sanitize_html,
)

FORMULA = ("=", "+", "-", "@", "\t", "\r")


def test_html_text_escapes_markup_and_quotes():
    assert html_text('<script>alert("x")</script> & \'') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;")
    assert html_text(None) == ""


@pytest.mark.parametrize("cell", ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=x",
                                  "=HYPERLINK(\"http://evil\")", "\uff1d1+1"])
def test_formulas_are_neutralised(cell):
    assert csv_safe_value(cell).startswith("'")


@pytest.mark.parametrize("cell", ["plain", "-12", "+33612345678", "-3,5", "1 234", "", "a=b"])
def test_plain_text_and_numbers_are_kept(cell):
    assert csv_safe_value(cell) == cell


def test_csv_safe_covers_cells_labels_and_keeps_numbers():
    df = pd.DataFrame({"=label": ["=1+1", "ok"], "n": [-1.5, 2.0]}, index=["@idx", "fine"])
    out = csv_safe(df)
    assert list(out.columns) == ["'=label", "n"]
    assert out.iloc[:, 0].tolist() == ["'=1+1", "ok"]
    assert out["n"].tolist() == [-1.5, 2.0]
    assert out.index.tolist() == ["'@idx", "fine"]
    assert df.iloc[0, 0] == "=1+1"  # the input is not modified


@given(st.lists(st.text(max_size=12), min_size=1, max_size=8))
def test_no_exported_text_cell_starts_a_formula(cells):
    out = csv_safe(pd.DataFrame({"c": cells}))
    for before, after in zip(cells, out["c"], strict=True):
        assert after.replace("'", "") == before.replace("'", "")  # only quotes are added
        if after.startswith("'") and not before.startswith("'"):
            continue
        # a spreadsheet splitting on another separator (French Excel: ';') starts a cell after
        # each of them: no such part starts a formula either
        for part in re.split(r"[,;\t|\r\n]", after) if after != before or before else []:
            part = part.lstrip(" ")
            assert not part.startswith(FORMULA) or before.strip().lstrip("+-").replace(
                ",", "").replace(".", "").isdigit() or part.strip().lstrip("+-").replace(
                ",", "").replace(".", "").isdigit()


def test_sanitize_html_escapes_scripts_and_keeps_tables():
    frag = ('<style>#t td {color: red}</style><table id="t"><tr><td class="x" style="color: red">'
            '<script>alert(1)</script></td><td onclick="evil()">v</td></tr></table>'
            '<img src="https://tracker.example/p.gif"><img src="data:image/png;base64,AAAA">'
            '<iframe src="https://x"></iframe><a href="javascript:alert(1)">l</a>')
    out = sanitize_html(frag)
    assert "<script" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "onclick" not in out and "<iframe" not in out and "javascript:" not in out
    assert "tracker.example" not in out.split("&lt;")[0] or "<img src=\"https" not in out
    assert 'src="data:image/png;base64,AAAA"' in out
    assert '<table id="t">' in out and 'style="color: red;"' in out and "<style>" in out
    assert report_problems(out) == []


@pytest.mark.parametrize("page,why", [
    ('<script src="x.js"></script>', "script"),
    ('<img src="https://cdn.example/a.png">', "external resource"),
    ('<link rel="stylesheet" href="//cdn.example/a.css">', "external resource"),
    ("<style>body{background:url(https://x/y.png)}</style>", "url()"),
    ("<style>@import 'x.css';</style>", "@import"),
    ('<div onload="x()">', "event handler"),
    ("<pre>Traceback (most recent call last):</pre>", "error output"),
])
def test_report_problems_finds_what_a_client_must_not_get(page, why):
    assert any(why in p for p in report_problems(page))


def test_report_problems_accepts_a_clean_page():
    page = '<html><body><a href="#x">x</a><img src="data:image/png;base64,AA"><p>http text</p></body></html>'
    assert report_problems(page) == []


@pytest.mark.parametrize("bad", ["..", "../etc", "/abs", "a/b", "a\\b", ".hidden", "", "x\x00"])
def test_bad_client_names_are_refused(bad):
    with pytest.raises(RoiAnalysisError):
        check_client_name(bad)


@pytest.mark.parametrize("bad", ["../x", "a/b", "/abs", "..", "a.b", ""])
def test_bad_notebook_names_are_refused(bad):
    with pytest.raises(RoiAnalysisError):
        check_notebook_name(bad)


def test_period_dirname():
    assert period_dirname("2026-Q3") == "2026-Q3"
    assert period_dirname("2026-07-01..2026-09-30") == "2026-07-01_2026-09-30"
    with pytest.raises(RoiAnalysisError):
        period_dirname("../2026")
