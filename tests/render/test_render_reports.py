"""The reports of the fixture clients: content, safety, layout, index pages (issue 3 and 7)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from roianalysis.data.load import load_client
from roianalysis.render.safe import report_problems

pytestmark = pytest.mark.slow

CLIENTS = ["alpha", "bravo"]
NOTEBOOKS = ["01_good", "02_fragile"]


class _Attrs(HTMLParser):
    """Every attribute value and <style> text of a page."""

    def __init__(self):
        super().__init__()
        self.values, self.tags, self._style = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.values += [v or "" for _k, v in attrs]
        self._style = tag == "style"

    def handle_data(self, data):
        if self._style:
            self.values.append(data)

    def handle_endtag(self, tag):
        self._style = False


def page(rendered, client, nb):
    return (rendered["out"] / client / "2026-Q3" / f"{nb}.html").read_text(encoding="utf-8")


def test_every_report_and_audit_notebook_is_written(rendered):
    assert rendered["summary"].exit_code == 0, [r.failure for r in rendered["summary"].failed]
    for c in CLIENTS:
        folder = rendered["out"] / c / "2026-Q3"
        for nb in NOTEBOOKS:
            assert (folder / f"{nb}.html").stat().st_size > 1000
            executed = json.loads((rendered["out"] / "_audit" / c / "2026-Q3" / f"{nb}.ipynb").read_text())
            assert executed["metadata"]["papermill"]["parameters"]["client"] == c
        # the folder one sends holds the pages, the combined report and the exports: no notebook
        assert not list((rendered["out"] / c).rglob("*.ipynb"))
        assert sorted(p.name for p in folder.iterdir()) == [
            "01_good.html", "02_fragile.html", "report.html", "spend.csv"]
    assert not list(rendered["out"].rglob(".*")), "no hidden temporary file may remain"


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("nb", NOTEBOOKS)
def test_no_code_no_external_url_no_error_output(rendered, client, nb):
    html = page(rendered, client, nb)
    assert report_problems(html) == []
    for code in ("load_client(", "import ", "secret_rows", "time.sleep", "raise RuntimeError",
                 "data_dir", "injected-parameters"):
        assert code not in html
    parser = _Attrs()
    parser.feed(html)
    assert "script" not in parser.tags
    for value in parser.values:
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", value, re.I), value
    for noise in ("Traceback", "must not reach the client", "Out[", "In [", "<Axes", "Warning"):
        assert noise not in html
    assert len(html.encode()) < 1_500_000


@pytest.mark.parametrize("client", CLIENTS)
def test_expected_sections_chart_table_title_and_fingerprint(rendered, client):
    html = page(rendered, client, "01_good")
    data = load_client(client, rendered["data"])
    assert '<h1 class="roi-title">Channel overview</h1>' in html
    assert ">Spend per channel<" in html and ">Notes<" in html
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == 1
    assert html.count("<table") >= 2
    assert f'<code class="roi-fingerprint">{data.fingerprint}</code>' in html
    # generation time in the client's zone (Europe/Paris for both fixture clients), not UTC
    assert re.search(r"\d{2}[/-]\d{2}[/-]\d{2,4} \d{2}:\d{2} CES?T<", html)
    assert "UTC" not in html
    assert "plain output line" in html  # stdout stays, stderr and stray values go
    assert "Leftovers: []" in html


def test_data_text_is_escaped_and_labels_follow_the_language(rendered):
    html = page(rendered, "bravo", "01_good")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Bravo &lt;b&gt;&amp;&lt;/b&gt; Fils" in html and "<b>&</b>" not in html
    assert "Période" in html and "Empreinte des données" in html
    assert 'lang="fr"' in html
    assert "Period" in page(rendered, "alpha", "01_good")


def test_exports_neutralise_formulas(rendered):
    csv = (rendered["out"] / "bravo" / "2026-Q3" / "spend.csv").read_text()
    assert "'=HYPERLINK" in csv and ",=HYPERLINK" not in csv


def test_index_pages_link_every_report_and_escape_names(rendered):
    root = (rendered["out"] / "index.html").read_text()
    for c in CLIENTS:
        assert f'href="{c}/index.html"' in root
        index = (rendered["out"] / c / "index.html").read_text()
        for nb in NOTEBOOKS:
            assert f'href="2026-Q3/{nb}.html"' in index
    assert "Bravo &lt;b&gt;&amp;&lt;/b&gt; Fils" in root and "<b>&</b>" not in root
    assert report_problems(root) == []


def test_client_index_never_links_to_the_agency_index(rendered):
    for c in CLIENTS:
        index = (rendered["out"] / c / "index.html").read_text()
        assert "../" not in index and 'href="index.html"' not in index
        assert 'href="2026-Q3/report.html"' in index


@pytest.mark.parametrize("client,lang", [("alpha", "en"), ("bravo", "fr")])
def test_combined_report_beside_the_chapters(rendered, client, lang):
    html = page(rendered, client, "report")
    assert report_problems(html) == []
    assert f'<html lang="{lang}">' in html
    assert html.index('id="ch-01_good"') < html.index('id="ch-02_fragile"')
    assert '<a href="#ch-01_good">Channel overview</a>' in html
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == 1
    assert ("T3 2026" if lang == "fr" else "Q3 2026") in html and "UTC" not in html


def test_english_render_of_a_french_client_keeps_its_french_report_and_index(
        tmp_path, rendered, kernel_server):
    import shutil

    from roianalysis.render.runner import render

    from .conftest import NOTEBOOKS as NB_DIR

    out = tmp_path / "reports"
    shutil.copytree(rendered["out"], out)
    folder = out / "bravo" / "2026-Q3"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    summary = render(["bravo"], "2026-Q3", out_dir=out, data_dir=rendered["data"],
                     notebooks=["01_good"], notebooks_dir=NB_DIR, jobs=1, progress=False,
                     server=kernel_server, lang="en")
    assert summary.exit_code == 0
    assert {name: (folder / name).read_bytes() for name in before} == before, \
        "the French pages and combined report are untouched"
    english = (folder / "01_good.en.html").read_text()
    assert '<html lang="en">' in english and "Period: Q3 2026" in english
    assert "Channel overview" in (folder / "report.en.html").read_text()
    assert (out / "_audit" / "bravo" / "2026-Q3" / "01_good.en.ipynb").is_file()
    index = (out / "bravo" / "index.html").read_text()
    assert '<html lang="fr">' in index and ">Rapports<" in index and ">T3 2026<" in index
    for href in ("2026-Q3/01_good.html", "2026-Q3/report.html", "2026-Q3/01_good.en.html",
                 "2026-Q3/report.en.html"):
        assert f'href="{href}"' in index, href
