"""One end-to-end render of a client whose names are hostile (slow: executes a notebook)."""

from __future__ import annotations

from pathlib import Path

import pytest

import roianalysis as ra
from roianalysis.render.runner import hide_paths, render
from roianalysis.render.safe import report_problems

from .conftest import write_client

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
EVIL = "[click](https://evil.example/x)"


def test_hide_paths_replaces_whole_folders_only():
    places = {"/srv/app/data/raw": "raw", "/srv/app": "app"}
    assert hide_paths("see /srv/app/data/raw/acme/spend.csv", places) == "see raw/acme/spend.csv"
    assert hide_paths("/srv/apple and /srv/app/x", places) == "/srv/apple and app/x"


@pytest.mark.slow
def test_a_hostile_client_renders_as_text_without_server_paths(tmp_path):
    spend = ("date,channel,campaign,category,cost\n"
             f'2026-01-05,"{EVIL}",**promo**,media,100\n2026-01-06,_hidden,g1,media,50\n'
             "2026-01-07,Meta,`x`,media,30\n")
    leads = "contact_id,created_at,channel\nc1,2026-01-05 10:00,_hidden\n"
    raw = write_client(tmp_path, files={"spend.csv": spend, "leads.csv": leads,
                                        "orders (1).csv": "order_id\n"},
                       config='name: "Evil <b>x</b> https://evil.example"\n')
    out = tmp_path / "out"
    summary = render(["acme"], "2026-01", out_dir=out, data_dir=raw,
                     notebooks=["02_acquisition"], notebooks_dir=NOTEBOOKS, jobs=1,
                     progress=False)
    html_file = out / "acme" / "2026-01" / "02_acquisition.html"
    assert html_file.exists(), [r.failure for r in summary.results]
    page = html_file.read_text(encoding="utf-8")
    assert report_problems(page) == []
    assert "evil.example" in page and 'href="https://evil' not in page
    assert "<b>x</b>" not in page and "**promo**" in page.replace("\\", "")
    assert ra.load_client("acme", raw).fingerprint in page
    for written in [page, (out / "_audit" / "acme" / "2026-01" / "02_acquisition.ipynb").read_text()]:
        assert str(tmp_path) not in written  # no absolute server path
    assert "orders (1).csv" in page  # the file not read is named in the report's warnings
