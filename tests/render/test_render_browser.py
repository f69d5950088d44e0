"""Reports in a real browser: Debian's headless Chromium over the DevTools protocol (issue 7)."""

from __future__ import annotations

import io

import pytest

from roianalysis.render.browser import find_chromium, inspect_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; .ci/run does it)")

IMAGES = """(() => {
  const imgs = Array.from(document.images);
  return {count: imgs.length,
          loaded: imgs.every(i => i.complete && i.naturalWidth > 0),
          visible: imgs.every(i => i.getBoundingClientRect().width > 100),
          title: document.title, height: document.body.scrollHeight};
})()"""


def _non_blank(png: bytes) -> float:
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    hist = img.histogram()
    return 1 - hist[255] / sum(hist)  # share of pixels that are not pure white


@needs_chromium
@pytest.mark.parametrize("client", ["alpha", "bravo"])
def test_report_renders_offline_with_charts_and_no_console_error(rendered, tmp_path, client):
    path = rendered["out"] / client / "2026-Q3" / "01_good.html"
    seen = inspect_page(path, tmp_path / "profile", IMAGES, CHROMIUM)
    outside = [u for u in seen.requests if u != path.resolve().as_uri() and not u.startswith("data:")]
    assert outside == [], "the report requested something outside its own file"
    assert seen.console_errors == []
    assert seen.evaluated["count"] == 1 and seen.evaluated["loaded"] and seen.evaluated["visible"]
    assert "Channel overview" in seen.evaluated["title"]
    assert seen.screenshot[:8] == b"\x89PNG\r\n\x1a\n"
    assert _non_blank(seen.screenshot) > 0.02


@needs_chromium
def test_index_page_renders_without_requests(rendered, tmp_path):
    path = rendered["out"] / "index.html"
    seen = inspect_page(path, tmp_path / "profile", "document.links.length", CHROMIUM)
    assert [u for u in seen.requests if u != path.resolve().as_uri()] == []
    assert seen.console_errors == []
    assert seen.evaluated >= 4


A4_CONTENT_WIDTH = 703  # CSS px: 210 mm minus the stylesheet's 2 x 12 mm page margins, at 96 dpi
OVERFLOW = """(() => {
  const W = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll('table, img, .jp-OutputArea-output'))
    .filter(e => e.getBoundingClientRect().right > W + 1 || e.scrollWidth > e.clientWidth + 1)
    .map(e => e.tagName + ' ' + Math.round(e.getBoundingClientRect().width));
})()"""


def _pdf_pages(pdf: bytes) -> int:
    """Number of page objects of a PDF (Chromium writes them uncompressed)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@needs_chromium
def test_print_layout_cuts_nothing_and_the_pdf_has_a_page_per_chapter(tmp_path):
    from roianalysis.atomic import atomic_write_text
    from roianalysis.render.browser import print_pdf

    from .test_render_combined import _combined, write_page

    write_page(tmp_path, "bravo", "2026-Q3", "01_overview", "Vue d'ensemble", "fr", wide=True)
    write_page(tmp_path, "bravo", "2026-Q3", "02_acquisition", "Acquisition", "fr")
    path = atomic_write_text(tmp_path / "report.html", _combined(tmp_path))
    screen = inspect_page(path, tmp_path / "p1", OVERFLOW, CHROMIUM, width=A4_CONTENT_WIDTH)
    assert screen.evaluated, "the scorecard-like table is wider than A4 on screen"
    printed = inspect_page(path, tmp_path / "p2", OVERFLOW, CHROMIUM, media="print",
                           width=A4_CONTENT_WIDTH)
    assert printed.evaluated == [], "printing would cut these elements"
    pdf = print_pdf(path, tmp_path / "p3", CHROMIUM)
    assert pdf.startswith(b"%PDF-")
    assert _pdf_pages(pdf) >= 3  # the contents, then each chapter on a page of its own


@needs_chromium
def test_render_pdf_writes_the_combined_report_as_an_a4_pdf(rendered, tmp_path, kernel_server):
    import re
    import shutil

    from roianalysis.render.runner import render

    from .conftest import NOTEBOOKS

    out = tmp_path / "reports"
    shutil.copytree(rendered["out"], out)
    summary = render(["alpha"], "2026-Q3", out_dir=out, data_dir=rendered["data"],
                     notebooks=["01_good"], notebooks_dir=NOTEBOOKS, jobs=1, progress=False,
                     server=kernel_server, pdf=True)
    assert summary.exit_code == 0, summary.problems
    pdf_path = out / "alpha" / "2026-Q3" / "report.pdf"
    assert summary.pdfs == [pdf_path]
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF-") and _pdf_pages(pdf) >= 2
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf)
    assert box and abs(float(box[1]) - 595.3) < 2 and abs(float(box[2]) - 841.9) < 2, "A4"
    assert "@media print" in (out / "alpha" / "2026-Q3" / "report.html").read_text()
    assert 'href="2026-Q3/report.pdf"' in (out / "alpha" / "index.html").read_text()
    assert not list(out.rglob(".*")), "no temporary file left"
