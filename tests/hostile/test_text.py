"""Data-derived text shows as typed in Markdown, HTML pages, charts, terminals and CSV."""

from __future__ import annotations

import csv
import html
import io
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roianalysis.render.safe import csv_safe, report_problems, sanitize_html
from roianalysis.text import chart_text, markdown_text, terminal_text

HOSTILE = [
    "[click](https://evil.example/x)", "https://evil.example", "<https://evil.example>",
    "www.evil.example", "x@evil.example", "**bold** __u__ *i*", "back\\slash", "`code`",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "$x^2$ and $y$", "# heading",
    "- item", "1. item", "> quote", "a\n# injected", "~~strike~~", "![img](https://e.x/i.png)",
    "javascript:alert(1)", "&lt;b&gt;", "| a | b |", "_underscore", "=cmd|' /C calc'!A0",
]


def _html(md: str) -> str:
    from nbconvert.filters.markdown import markdown2html

    return markdown2html(md)


def _visible(page: str) -> str:
    """The text a reader sees (tags removed, entities decoded, blanks collapsed)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page))).strip()


def _interpreted(page: str) -> list[str]:
    """What Markdown made of the text beyond one paragraph: links, emphasis, code, headings..."""
    tags = set(re.findall(r"<([a-z0-9]+)", page)) - {"p"}
    return sorted(tags)


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_text_renders_as_typed_and_nothing_else(value):
    page = _html(f"Channel {markdown_text(value)} grew.")
    assert _interpreted(page) == []
    assert _visible(page) == re.sub(r"\s+", " ", f"Channel {value} grew.").strip()
    assert report_problems(page) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("[]()<>*_`\\#!$:/@.-+=|~&;\" \nahtpswx1")),
               max_size=40))
def test_any_text_through_markdown_text_stays_text(value):
    page = _html(f"x {markdown_text(value)} y")
    assert _interpreted(page) == []
    assert _visible(page) == re.sub(r"\s+", " ", f"x {value} y").strip()


def test_the_page_check_refuses_external_links_and_keeps_local_ones():
    assert report_problems('<a href="https://evil.example">x</a>') == ["an external link"]
    for bad in ["http://e.x", "mailto:a@b.c", "//evil.example", "data:text/html,x",
                " https://e.x", "ht\ttps://e.x", "HTTPS://E.X", "file:///etc/passwd"]:
        assert "an external link" in report_problems(f'<a href="{bad}">x</a>'), bad
    for ok in ["#cost", "../index.html", "02_acquisition.html", "2026-Q3/01_overview.html"]:
        assert report_problems(f'<a href="{ok}">x</a>') == [], ok


def test_the_sanitizer_drops_external_hrefs():
    out = sanitize_html('<a href="https://evil.example">x</a> <a href="#a">y</a>')
    assert "evil" not in out and 'href="#a"' in out


def test_chart_labels_starting_with_underscore_stay_in_the_legend_and_dollars_stay_text():
    from roianalysis.report.charts import line_chart

    df = pd.DataFrame({"_internal": [1.0, 2.0], "Google": [2.0, 1.0], "$a$ $b$": [1.0, 1.0]},
                      index=["2026-01", "2026-02"])
    fig = line_chart(df, unit="money")
    legend = fig.axes[0].get_legend()
    shown = [t.get_text() for t in legend.get_texts()]
    assert len(shown) == 3 and chart_text("_internal") in shown
    assert all(not t._preprocess_math(t.get_text())[1] for t in legend.get_texts())  # no math


def test_terminal_text_neutralises_escape_sequences():
    assert terminal_text("\x1b]0;pwned\x07Google\x1b[2J\r") == "\\x1b]0;pwned\\x07Google\\x1b[2J\\x0d"
    assert terminal_text("Café\tok\nnext") == "Café\tok\nnext"
    assert terminal_text("a\u202eb") == "a\\u202eb"


def test_scorecard_csv_quotes_text_and_neutralises_formulas_after_separators():
    df = pd.DataFrame({"channel": ["Promo;=cmd|' /C calc'!A0;", "=1+1", "ok,@SUM(A1)", "-12,5"],
                       "value": [1.0, 2.0, 3.0, 4.0]})
    buf = io.StringIO()
    csv_safe(df).to_csv(buf, index=False, quoting=csv.QUOTE_NONNUMERIC)
    text = buf.getvalue()
    for sep in (",", ";"):  # however a spreadsheet splits the line, no cell starts a formula
        for line in text.splitlines()[1:]:
            for cell in line.replace('"', "").split(sep):
                assert not cell.strip().startswith(("=", "+", "@")) or cell.strip() == "", cell
    assert '"-12,5"' in text  # a number written as text stays as it is
