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
