"""From an executed notebook to the client page, without a kernel."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from roianalysis.render.export import (
    MISSING_ALT,
    ReportInfo,
    ReportProblem,
    client_notebook,
    export_html,
    notebook_title,
)
from roianalysis.render.safe import report_problems


def executed():
    cells = [
        new_markdown_cell("Analyst notes: not for the client", metadata={"tags": ["remove-cell"]}),
        new_code_cell("client = 'x'", metadata={"tags": ["parameters"]}),
        new_code_cell("client = 'acme'", metadata={"tags": ["injected-parameters"]}),
        new_code_cell("show_title()", outputs=[new_output(
            "display_data", data={"text/markdown": "# Spend report\n\n*Acme · 2026-Q3*", "text/plain": "<Markdown>"})]),
        new_code_cell("note()", outputs=[new_output(
            "display_data", data={"text/markdown": "> No **NPS** table <script>alert(1)</script>",
                                  "text/plain": "<Markdown>"})]),
        new_code_cell("import warnings; ax", outputs=[
            new_output("stream", name="stderr", text="UserWarning: noise"),
            new_output("stream", name="stdout", text="kept line"),
            new_output("execute_result", data={"text/plain": "<Axes: >"}, execution_count=3),
            new_output("display_data", data={"application/javascript": "alert(2)", "text/plain": "js"}),
        ]),
        new_code_cell("1/0", outputs=[new_output("error", ename="ZeroDivisionError", evalue="x",
                                                 traceback=["Traceback (most recent call last)"])],
                      metadata={"tags": ["raises-exception"]}),
        new_code_cell("table()", outputs=[new_output("execute_result", execution_count=5, data={
            "text/html": "<table><tr><td onclick='x()'>&lt;b&gt;</td></tr></table>", "text/plain": "df"})]),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["papermill"] = {"parameters": {"client": "acme"}}
    return nb


def info(**kw):
    base = dict(client="acme", client_name="Acme <Corp>", period="2026-Q3",
                period_text="2026-Q3 (2026-07-01 – 2026-09-30)", notebook="02_spend",
                notebook_title="Spend report", fingerprint="abc123", lang="en")
    return ReportInfo(**{**base, **kw})


def test_title_comes_from_the_first_heading():
    assert notebook_title(executed(), "02_spend") == "Spend report"
    assert notebook_title(new_notebook(cells=[]), "02_acquisition_cost") == "Acquisition cost"


def test_client_notebook_keeps_only_what_a_client_may_see():
    nb = client_notebook(executed())
    text = nbformat.writes(nb)
    for gone in ("Analyst notes", "client = ", "UserWarning", "<Axes", "alert(2)", "Traceback",
                 "papermill", "show_title()"):
        assert gone not in text
    assert "kept line" in text
    assert all(c.source == "" for c in nb.cells if c.cell_type == "code")


def test_page_has_header_footer_notes_and_no_duplicate_title():
    page = export_html(executed(), info())
    assert report_problems(page) == []
    assert page.count("Spend report") == 3  # <title>, meta, header: the notebook's own H1 is dropped
    assert "<em>Acme · 2026-Q3</em>" in page
    assert "<blockquote>" in page and "<strong>NPS</strong>" in page  # markdown survives sanitizing
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page
    assert "onclick" not in page and "&lt;b&gt;" in page
    assert "Acme &lt;Corp&gt;" in page and '<code class="roi-fingerprint">abc123</code>' in page
    assert "Out[" not in page and "In [" not in page


def test_oversized_page_is_refused():
    nb = executed()
    nb.cells.append(new_code_cell("big()", outputs=[new_output(
        "display_data", data={"image/png": "A" * 1_600_000, "text/plain": "fig"})]))
    with pytest.raises(ReportProblem, match="over the 1.5 MB limit"):
        export_html(nb, info())


def test_warm_up_compiles_the_exporter_and_leaves_reports_unchanged():
    from roianalysis.render import export

    nb = executed()
    export._shared.clear()
    before = export_html(nb, info(generated=None)).split("<footer")[0]
    export._shared.clear()
    export.warm_up()
    assert "exporter" in export._shared  # the template is compiled once, ahead of the reports
    after = export_html(nb, info(generated=None)).split("<footer")[0]
    strip = lambda page: re.sub(r"\d{4}-\d\d-\d\d[T ][\d:]+(\+00:00| UTC)", "", page)  # noqa: E731
    assert strip(after) == strip(before)


def _html5_tree(page: str):
    """The tree a browser builds from ``page`` (the HTML5 parsing algorithm, as vendored by
    bleach), whitespace-only text and the spacing inside class lists left out."""
    from bleach._vendor import html5lib

    def walk(e):
        attrs = sorted((k, " ".join(v.split()) if k == "class" else v) for k, v in e.attrib.items())
        return (e.tag, attrs, (e.text or "").strip(),
                [(*walk(c), (c.tail or "").strip()) for c in e])

    return walk(html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False))


def _pages(monkeypatch, nb, **kw):
    """The page of ``nb`` from the report exporter, and from nbconvert's stock HTMLExporter."""
    from nbconvert import HTMLExporter

    from roianalysis.render import export

    when = {"generated": datetime(2026, 11, 22, tzinfo=UTC)}
    export._shared.clear()
    ours = export_html(nb, info(**when, **kw))
    export._shared.clear()
    with monkeypatch.context() as m:
        m.setattr(export, "_exporter_class", lambda: HTMLExporter)
        stock = export_html(nb, info(**when, **kw))
    export._shared.clear()
    return ours, stock


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_page_is_the_one_nbconvert_writes_without_reparsing_it(monkeypatch, lang):
    from bs4 import BeautifulSoup

    nb = executed()
    nb.cells.append(new_code_cell("chart()", outputs=[new_output("display_data", data={
        "image/png": "iVBORw0KGgo=", "text/plain": "fig"})]))
    nb.cells.append(new_code_cell("html()", outputs=[new_output("display_data", data={
        "text/html": '<div class="x"><img src="data:image/png;base64,iVBORw0KGgo=" title="a>b">'
                     '<p>1 &lt; 2 &amp; 3</p><img src="data:image/gif;base64,R0lGOD==" alt=""/>'
                     '<div class="jp-OutputArea-output">nested</div></div>',
        "text/plain": "html"})]))
    ours, stock = _pages(monkeypatch, nb, lang=lang)
    assert ours != stock  # the stock exporter wrote the page out again with BeautifulSoup...
    # ...from the same tree: the one the report exporter's page parses into, attributes added
    assert str(BeautifulSoup(ours, features="html.parser")) == stock
    assert _html5_tree(ours) == _html5_tree(stock)  # and a browser builds the same page
    assert ours.count(' tabindex="0"') == stock.count(' tabindex="0"') >= 5
    assert ours.count(f'alt="{MISSING_ALT}"') == 1


def test_rendered_reports_match_the_stock_exporter(monkeypatch, rendered):
    from bs4 import BeautifulSoup

    executed_notebooks = sorted(rendered["out"].glob("_audit/*/2026-Q3/*.ipynb"))
    assert len(executed_notebooks) == 4
    for path in executed_notebooks:
        ours, stock = _pages(monkeypatch, nbformat.read(path, as_version=4))
        assert str(BeautifulSoup(ours, features="html.parser")) == stock, path
        # a heading's empty anchor link, written <a ... /> by nbconvert, is closed as bs4 did:
        # a browser would otherwise keep the <a> open over the rest of the page
        assert _html5_tree(ours) == _html5_tree(stock), path
