"""The acquisition, retention, CLV and attribution notebooks.

Fast checks read the committed notebooks (no outputs, one ``parameters`` cell, no stray
expression). Slow checks execute each notebook with Papermill on each demo client (and on a client
with only spend and leads) and read the outputs: no error, the expected sections in the client's
language, every number formatted for it, polite notes where data is missing.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from roianalysis.report import texts

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = ["02_acquisition", "03_retention", "04_clv", "05_attribution"]
PARAMETERS = {"client", "period", "comparison", "data_dir", "lang"}
DEMO_CLIENTS = {"boutique-lumiere": "fr", "northwind-b2b": "en", "petit-atelier": "fr"}

#: Headings every run shows (message keys).
SECTIONS = {
    "02_acquisition": ["acq_title", "acq_summary_title", "funnel_title", "channels_title",
                       "unit_costs_title", "roi_title", "campaigns_title", "segments_title",
                       "trends_title", "method_title"],
    "03_retention": ["ret_title", "ret_summary_title", "ret_cohorts_title", "ret_channels_title",
                     "ret_revenue_title", "ret_projection_title", "ret_nps_title", "method_title"],
    "04_clv": ["clv_title", "clv_simple_title", "clv_channels_title", "clv_models_title",
               "clv_top_title", "method_title"],
    "05_attribution": ["att_title", "att_journeys_title", "att_heuristics_title",
                       "att_models_title", "att_transitions_title",
                       ("att_roi_title", "att_cpa_title"), "method_title"],
}
#: Headings of a client with spend and leads only.
SPARSE_SECTIONS = {
    "02_acquisition": ["acq_title", "acq_summary_title", "channels_title", "trends_title"],
    "03_retention": ["ret_title", "ret_summary_title", "ret_cohorts_title"],
    "04_clv": ["clv_title", "clv_simple_title"],
    "05_attribution": ["att_title", "att_journeys_title"],
}
SPARSE_NOTES = {
    "02_acquisition": ["no_orders", "no_touchpoints"],
    "03_retention": ["no_orders", "ret_no_cohorts", "no_nps"],
    "04_clv": ["no_orders"],
    "05_attribution": ["att_no_journeys"],
}


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)


# ----------------------------------------------------------------------------- committed files
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_notebook_is_clean(name):
    nb = _read(name)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{name}: committed with outputs"
            assert cell.execution_count is None
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, f"{name}: needs exactly one parameters cell"
    assigned = {t.id for node in ast.parse(params[0].source).body if isinstance(node, ast.Assign)
                for t in node.targets if isinstance(t, ast.Name)}
    assert assigned == PARAMETERS
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_stray_expression(name):
    """A cell's last statement is never a bare value (it would print ``<Figure ...>``)."""
    for cell in _read(name).cells:
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        last = ast.parse(cell.source).body[-1]
        if isinstance(last, ast.Expr):
            call = last.value
            shows = isinstance(call, ast.Call) and (
                getattr(call.func, "id", "") == "display" or getattr(call.func, "attr", "") == "show")
            assert shows, f"{name}: stray expression {ast.unparse(last)!r}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_heading_in_static_markdown(name):
    """Headings come from the outputs, in the report language: a static ``#`` heading would be
    English in a French report (and be taken for the report title)."""
    for cell in _read(name).cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"^\s{0,3}#", cell.source, re.M)
            assert "remove-cell" in cell.metadata.get("tags", [])


# ----------------------------------------------------------------------------- execution
@pytest.fixture(scope="session")
def demo_data(tmp_path_factory) -> Path:
    """The demo clients, plus ``sparse-client`` with only spend and leads (a ``raw`` folder, so
    the processed store sits beside it and later runs reuse it)."""
    from roianalysis.data.demo import write_demo_clients

    raw = tmp_path_factory.mktemp("demo") / "raw"
    write_demo_clients(raw)
    sparse = raw / "sparse-client"
    shutil.copytree(raw / "petit-atelier", sparse)
    for f in sparse.iterdir():
        if f.stem in ("orders", "touchpoints", "nps", "ground_truth"):
            f.unlink()
    return raw


_RUNS: dict[tuple, nbformat.NotebookNode] = {}


def _execute(name: str, client: str, data_dir: Path, tmp_path: Path, **params):
    import papermill as pm

    key = (name, client, tuple(sorted(params.items())))
    if key not in _RUNS:
        out = tmp_path / f"{name}-{client}.ipynb"
        pm.execute_notebook(str(NOTEBOOKS_DIR / f"{name}.ipynb"), str(out),
                            parameters={"client": client, "data_dir": str(data_dir),
                                        "output_dir": str(tmp_path), **params},
                            kernel_name="python3", cwd=str(NOTEBOOKS_DIR), progress_bar=False)
        _RUNS[key] = nbformat.read(out, as_version=4)
    return _RUNS[key]


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def _text(nb, mime: str) -> str:
    return "\n".join("".join(o.get("data", {}).get(mime, "")) for o in _outputs(nb))


def _check_clean(nb, name):
    for o in _outputs(nb):
        assert o["output_type"] != "error", f"{name}: {o.get('ename')}: {o.get('evalue')}"
        assert o["output_type"] != "execute_result", f"{name}: stray output {o.get('data')}"
        if o["output_type"] == "display_data":
            assert set(o["data"]) - {"text/plain"}, f"{name}: text-only output {o['data']}"
        if o["output_type"] == "stream":
            assert o["name"] != "stderr" or not o["text"].strip() or "Warning" in o["text"], \
                f"{name}: {o['text'][:300]}"
    text = _text(nb, "text/markdown") + _text(nb, "text/html")
    assert "nan" not in re.findall(r"\bnan\b", text.lower()), f"{name}: a NaN was printed"
    assert "inf" not in re.findall(r"\binf\b", text.lower())


def _headings(nb) -> str:
    return "\n".join(line for line in _text(nb, "text/markdown").splitlines() if line.startswith("#"))


@pytest.mark.slow
@pytest.mark.parametrize("client", list(DEMO_CLIENTS))
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_on_demo_client(name, client, demo_data, tmp_path):
    lang = DEMO_CLIENTS[client]
    nb = _execute(name, client, demo_data, tmp_path)
    _check_clean(nb, name)
    heads = _headings(nb)
    for key in SECTIONS[name]:
        keys = key if isinstance(key, tuple) else (key,)
        assert any(texts.text(lang, k) in heads for k in keys), f"{name} on {client}: {key!r} missing"
    assert _text(nb, "image/png"), f"{name}: no chart"
    html = _text(nb, "text/html")
    if lang == "fr":
        assert "\u202f" in html or "\u00a0" in html  # French number formatting
        assert not re.search(r"\d\.\d{2}\u00a0?€", html)  # never a decimal point before €
    else:
        assert "$" in html and "\u202f" not in html


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_says_politely_what_is_missing(name, demo_data, tmp_path):
    nb = _execute(name, "sparse-client", demo_data, tmp_path)
    _check_clean(nb, name)
    heads = _headings(nb)
    for key in SPARSE_SECTIONS[name]:
        assert texts.text("fr", key) in heads
    text = _text(nb, "text/markdown").replace("\\", "")
    for key in SPARSE_NOTES[name]:
        assert texts.text("fr", key).replace("`", "").split(":")[0].split(" :")[0][:40] in \
            text.replace("`", ""), f"{name}: note {key!r} missing"


@pytest.mark.slow
def test_lang_parameter_overrides_the_client_language(demo_data, tmp_path):
    nb = _execute("02_acquisition", "northwind-b2b", demo_data, tmp_path, lang="fr",
                  comparison="year_ago")
    _check_clean(nb, "02_acquisition")
    assert texts.text("fr", "acq_title") in _headings(nb)
    assert "Coût par lead" in _text(nb, "text/html")
    assert "\u00a0$" in _text(nb, "text/html")  # French formatting of dollars: 236,55 $
    assert texts.text("fr", "comparison_year_ago") in _text(nb, "text/html")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["03_retention", "04_clv"])
def test_first_quarter_of_data_goes_on_politely(name, demo_data, tmp_path):
    """Three months of history: the models cannot be fitted and the notebooks say so."""
    nb = _execute(name, "petit-atelier", demo_data, tmp_path, period="2025-Q1")
    _check_clean(nb, name)
    text = _text(nb, "text/markdown").replace("\\", "")
    if name == "04_clv":
        assert texts.text("fr", "clv_missing", period="T1 2025") in text
