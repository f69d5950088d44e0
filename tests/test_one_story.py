"""One story per client: a channel's ROI and verdict read the same in every report and in the
``channels`` command (executes the four notebooks on a demo client)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from roianalysis.report import texts
from roianalysis.report.pages.common import channel_summary

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
CLIENT = "boutique-lumiere"


def _run(name: str, data_dir: Path, tmp: Path) -> nbformat.NotebookNode:
    import papermill as pm

    out = tmp / f"{name}.ipynb"
    pm.execute_notebook(str(NOTEBOOKS_DIR / f"{name}.ipynb"), str(out),
                        parameters={"client": CLIENT, "data_dir": str(data_dir)},
                        kernel_name="python3", cwd=str(NOTEBOOKS_DIR), progress_bar=False)
    return nbformat.read(out, as_version=4)


def _markdown(nb) -> str:
    text = "\n".join("".join(o.get("data", {}).get("text/markdown", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    return re.sub(r"\\(.)", r"\1", text)  # Markdown escapes (\- of a negative number)


def _html(nb) -> str:
    return "\n".join("".join(o.get("data", {}).get("text/html", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def _verdict_lines(md: str) -> dict[str, tuple[str, str]]:
    """``channel -> (roi text, verdict)`` of the verdict lines a report printed."""
    found = re.findall(r"^- \*\*(.+?)\*\* ?: ROI (.+?) — \*\*(.+?)\*\*", md, re.M)
    return {ch: (roi, v) for ch, roi, v in found}


@pytest.fixture(scope="module")
def reports(demo_data, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("story")
    return {n: _run(n, demo_data, tmp)
            for n in ("02_acquisition", "03_retention", "04_clv", "05_attribution")}


@pytest.mark.slow
def test_roi_and_verdict_read_the_same_everywhere(reports, demo_data, capsys):
    import roianalysis as ra
    from roianalysis.cli import main

    data = ra.load_client(CLIENT, demo_data)
    expected = channel_summary(data, "2026-Q3")
    paid = expected[expected["verdict_code"] != ""]
    assert len(paid) >= 3
    want = {r.channel: (r.roi_text, r.verdict) for r in paid.itertuples()}
    for name in ("02_acquisition", "04_clv", "05_attribution"):
        got = _verdict_lines(_markdown(reports[name]))
        assert got == want, f"{name}: {got} != {want}"
    # the tables print the same ROI text beside the channel
    for name in ("02_acquisition", "05_attribution"):
        html = _html(reports[name])
        for ch, (roi, _v) in want.items():
            rows = re.findall(rf">{re.escape(ch)}</th>(.*?)</tr>", html, re.S)
            assert any(f">{roi}<" in r for r in rows), f"{name}: no {ch} row with {roi}"
    # the retention report shows no ROI, so none to contradict
    assert "ROI" not in _markdown(reports["03_retention"]) + _html(reports["03_retention"])
    # the command prints the same
    assert main(["channels", "--client", CLIENT, "--data-dir", str(demo_data),
                 "--period", "2026-Q3", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["channels"]
    assert {r["channel"]: (r["roi_text"], r["verdict"]) for r in rows if r["verdict"]} == want


@pytest.mark.slow
def test_no_model_names_or_p_values_in_the_main_text(reports):
    """Model and test names belong to the method appendix (the last section)."""
    for name, nb in reports.items():
        md = _markdown(nb) + _html(nb)
        main_text = md.split(texts.text("fr", "method_title"))[0]
        for word in ("Markov", "Shapley", "BG/NBD", "sBG", "Pareto/NBD", "p = ", "p < "):
            assert word not in main_text, f"{name}: {word!r} in the main text"
