"""The combined report, the file layout and the index pages (issue 14), without a kernel.

Chapter pages are made with the real exporter from small executed notebooks and written where the
renderer writes them; the index pages and the combined report are then built from disk.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from roianalysis.atomic import atomic_write_text
from roianalysis.render.combined import CombinedInfo, build_combined, chapters_of
from roianalysis.render.export import ReportInfo, export_html, format_generated, report_css
from roianalysis.render.index import period_sort_key, write_client_index, write_root_index
from roianalysis.render.layout import page_name, split_name
from roianalysis.render.safe import report_problems


def _notebook(title: str, sections: list[str], wide: bool = False):
    md = f"# {title}\n\n" + "\n\n".join(f"## {s}\n\ntext of {s}" for s in sections)
    cells = [new_code_cell("", outputs=[new_output("display_data", data={"text/markdown": md})])]
    if wide:  # the overview scorecard's shape: many columns, inline sizes, no wrapping
        cell = 'style="white-space:nowrap;font-size:13px;padding:4px 8px"'
        head = "".join(f"<th {cell}>Significativité {i}</th>" for i in range(12))
        row = "<tr>" + "".join(f"<td {cell}>123 456,78 €</td>" for i in range(12)) + "</tr>"
        cells.append(new_code_cell("", outputs=[new_output("display_data", data={
            "text/html": f'<table class="roi-scorecard"><thead><tr>{head}</tr></thead>'
                         f"<tbody>{row * 3}</tbody></table>"})]))
    return new_notebook(cells=cells)


def write_page(out: Path, client: str, period: str, stem: str, title: str, lang: str,
               own: str = "fr", sections=("Méthode",), wide: bool = False,
               when: datetime | None = None) -> Path:
    """Export a chapter page and write it where the renderer would."""
    info = ReportInfo(client=client, client_name="Bravo & Fils", period=period,
                      period_text=period, notebook=stem, notebook_title=title,
                      fingerprint="f1", lang=lang, timezone="Europe/Paris",
                      generated=when or datetime(2026, 10, 2, 8, 0, tzinfo=UTC))
    page = export_html(_notebook(title, list(sections), wide), info)
    return atomic_write_text(out / client / period / page_name(stem, lang, own), page)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


def links(html: str) -> _Links:
    p = _Links()
    p.feed(html)
    return p


def _combined(out: Path, lang: str = "fr", own: str = "fr") -> str:
    folder = out / "bravo" / "2026-Q3"
    return build_combined(chapters_of(folder, lang, own), CombinedInfo(
        client="bravo", client_name="Bravo & Fils", period="2026-Q3", period_name="T3 2026",
        period_text="T3 2026 (1er juil. 2026 – 30 sept. 2026)", lang=lang,
        timezone="Europe/Paris", generated=datetime(2026, 10, 2, 8, 0, tzinfo=UTC)))


def test_combined_report_has_every_chapter_in_order_and_a_contents_of_in_page_anchors(tmp_path):
    write_page(tmp_path, "bravo", "2026-Q3", "02_acquisition", "Acquisition", "fr",
               sections=["Coûts", "Méthode"])
    write_page(tmp_path, "bravo", "2026-Q3", "01_overview", "Vue d'ensemble", "fr",
               sections=["Résumé", "Méthode"])
    write_page(tmp_path, "bravo", "2026-Q3", "01_overview", "Overview", "en")  # other language
    html = _combined(tmp_path)
    assert report_problems(html) == []
    assert html.index("Vue d&#x27;ensemble") < html.index(">Acquisition<")
    assert "Overview" not in html  # the English page is not a chapter of the French report
    found = links(html)
    assert len(found.ids) == len(set(found.ids)), "ids unique across chapters (two 'Méthode')"
    inpage = [h for h in found.hrefs if h.startswith("#")]
    assert {h[1:] for h in inpage} <= set(found.ids), "every contents link reaches an anchor"
    assert {"#ch-01_overview", "#ch-02_acquisition", "#ch-01_overview-M%C3%A9thode",
            "#ch-02_acquisition-M%C3%A9thode"} <= set(inpage)
    assert not [h for h in found.hrefs if not h.startswith("#")], "no link out of the page"
    toc = html[html.index('<nav class="roi-toc"'):html.index("</nav>")]
    assert "Sommaire" in toc and toc.count('<a href="#ch-') == 6
    assert "¶" not in toc and ">Méthode<" in toc  # the headings' own anchor links left out
    assert "Chapitre 1" in html and "Chapitre 2" in html and "Rapport complet" in html
    assert "T3 2026" in html and "2026-Q3<" not in html and "UTC" not in html
    assert html.count('class="roi-chapter"') == 2
    assert '<meta name="roianalysis-kind" content="combined">' in html


def test_print_stylesheet_fits_a4_and_breaks_before_chapters():
    css = report_css()
    printed = css[css.index("@media print"):]
    assert "size: A4" in css
    assert re.search(r"\.roi-chapter \{[^}]*break-before: page", printed)
    assert re.search(r"img[^{]*\{[^}]*break-inside: avoid", printed)
    # the notebooks' tables carry inline sizes and nowrap: only !important rules beat them
    assert "white-space: normal !important" in printed and "font-size: 9px !important" in printed
    assert re.search(r"\.jp-OutputArea-output[^{]*\{[^}]*overflow: visible !important", printed)


def test_combined_report_refuses_an_empty_period(tmp_path):
    from roianalysis.render.export import ReportProblem

    with pytest.raises(ReportProblem, match="no chapter"):
        _combined(tmp_path)


def test_language_goes_in_the_file_name_only_for_another_language():
    assert page_name("01_overview", "fr", "fr") == "01_overview.html"
    assert page_name("01_overview", "en", "fr") == "01_overview.en.html"
    assert page_name("report", "en", "fr", ".pdf") == "report.en.pdf"
    assert split_name(Path("01_overview.en.html")) == ("01_overview", "en")
    assert split_name(Path("01_overview.html")) == ("01_overview", None)


def test_periods_sort_by_date_newest_first():
    labels = ["2026-Q3", "2026-09", "2026-Q2", "2025", "2026-08", "2026-W40", "old-folder"]
    assert sorted(labels, key=period_sort_key) == [
        "2026-W40", "2026-09", "2026-Q3", "2026-08", "2026-Q2", "2025", "old-folder"]


def test_client_index_sorted_by_date_in_the_clients_language_listing_both_languages(tmp_path):
    write_page(tmp_path, "bravo", "2026-Q3", "01_overview", "Vue d'ensemble", "fr")
    write_page(tmp_path, "bravo", "2026-Q3", "01_overview", "Overview", "en")
    write_page(tmp_path, "bravo", "2026-09", "01_overview", "Vue d'ensemble", "fr")
    atomic_write_text(tmp_path / "bravo" / "2026-09" / "report.html", _combined_for(tmp_path, "2026-09"))
    write_client_index(tmp_path, "bravo", "fr")
    html = (tmp_path / "bravo" / "index.html").read_text()
    assert report_problems(html) == []
    assert 'lang="fr"' in html[:200] and "Rapports" in html and "Reports<" not in html
    assert html.index("Septembre 2026") < html.index("T3 2026"), "newest period first"
    assert "2026-Q3<" not in html and "2026-09<" not in html  # period words, not folder names
    hrefs = links(html).hrefs
    for page in ("2026-09/01_overview.html", "2026-09/report.html", "2026-Q3/01_overview.html",
                 "2026-Q3/01_overview.en.html"):
        assert page in hrefs, page
    assert ">Français<" in html and ">English<" in html
    # a client's index links only inside the client's folder: never to the agency's index
    assert not [h for h in hrefs if h.startswith(("/", "..")) or "://" in h or h == "index.html"]
    write_root_index(tmp_path, "fr")
    root = (tmp_path / "index.html").read_text()
    assert "Septembre 2026" in root or "septembre 2026" in root
    assert 'href="bravo/2026-09/report.html"' in root and 'href="bravo/index.html"' in root


def _combined_for(out: Path, period: str) -> str:
    folder = out / "bravo" / period
    return build_combined(chapters_of(folder, "fr", "fr"), CombinedInfo(
        client="bravo", client_name="Bravo & Fils", period=period, period_name="septembre 2026",
        period_text="septembre 2026", lang="fr", timezone="Europe/Paris"))


@pytest.mark.parametrize("when,lang,zone,text", [
    (datetime(2026, 11, 22, 15, 30, tzinfo=UTC), "fr", "Europe/Paris", "22/11/2026 16:30 CET"),
    (datetime(2026, 7, 1, 12, 0, tzinfo=UTC), "fr", "Europe/Paris", "01/07/2026 14:00 CEST"),
    (datetime(2026, 11, 22, 15, 30, tzinfo=UTC), "en", "America/New_York", "2026-11-22 10:30 EST"),
    (datetime(2026, 11, 22, 15, 30), "en", "UTC", "2026-11-22 15:30 UTC"),  # naive = UTC
])
def test_generation_time_is_in_the_clients_time_zone(when, lang, zone, text):
    assert format_generated(when, lang, zone) == text


def test_chapter_title_and_footer_use_the_period_words(tmp_path):
    info = ReportInfo(client="bravo", client_name="Bravo", period="2026-Q3",
                      period_text="T3 2026 (1er juil. 2026 – 30 sept. 2026)", notebook="01_x",
                      notebook_title="Titre", fingerprint="f", lang="fr", timezone="Europe/Paris",
                      period_name="T3 2026", generated=datetime(2026, 10, 2, tzinfo=UTC))
    page = export_html(_notebook("Titre", ["A"]), info)
    assert "<title>Bravo · Titre · T3 2026</title>" in page
    footer = page[page.index('<footer class="roi-footer">'):]
    assert "T3 2026" in footer and "2026-Q3" not in footer
    assert "Période\u00a0: T3 2026" in page and "UTC" not in page.split("</head>")[1]
    english = export_html(_notebook("Title", ["A"]), ReportInfo(**{
        **info.__dict__, "lang": "en", "period_name": "Q3 2026", "period_text": "Q3 2026"}))
    assert "Period: Q3 2026" in english  # no French space before the colon in English
