"""Zero cross-client leaks: client A then client B in the same worker (issue 7).

The fixture notebook ``01_good`` probes for anything an earlier notebook could have left in its
interpreter (builtins, a module attribute, an environment variable, globals) and then leaves
client data in all of those places. The control test shows the probe catches a leak when two
notebooks share a kernel; the real test shows the renderer's kernels share nothing.
"""

from __future__ import annotations

import copy

import pytest

from roianalysis.data.load import load_client
from roianalysis.render.execute import read_notebook
from roianalysis.render.runner import render

from .conftest import ALPHA_SECRETS, NOTEBOOKS

pytestmark = pytest.mark.slow


def _secrets(raw):
    return [*ALPHA_SECRETS, load_client("alpha", raw).fingerprint]


def test_client_b_outputs_contain_nothing_of_client_a(tmp_path, data_dir, kernel_server):
    out = tmp_path / "reports"
    summary = render(["alpha", "bravo"], "2026-Q3", out_dir=out, data_dir=data_dir,
                     notebooks=["01_good"], notebooks_dir=NOTEBOOKS, jobs=1, progress=False,
                     server=kernel_server)
    assert summary.exit_code == 0
    a, b = summary.results
    assert (a.job.client, b.job.client) == ("alpha", "bravo")
    assert a.worker == b.worker, "both clients ran in the same worker"
    assert a.kernel_pid != b.kernel_pid
    folder_a, folder_b = out / "alpha" / "2026-Q3", out / "bravo" / "2026-Q3"
    audit_a, audit_b = out / "_audit" / "alpha" / "2026-Q3", out / "_audit" / "bravo" / "2026-Q3"
    a_text = (folder_a / "01_good.html").read_text() + (audit_a / "01_good.ipynb").read_text()
    for s in ALPHA_SECRETS[:6]:  # the probe strings do show in alpha's own outputs
        assert s in a_text, s
    b_files = [p for p in [*folder_b.iterdir(), *audit_b.iterdir()] if p.is_file()]
    assert {p.suffix for p in b_files} >= {".html", ".ipynb", ".csv"}
    assert (folder_b / "report.html").is_file()
    for path in b_files + [out / "bravo" / "index.html"]:
        text = path.read_text(encoding="utf-8")
        for secret in _secrets(data_dir):
            assert secret not in text, f"{secret!r} of alpha found in {path.name} of bravo"
    assert "Leftovers: []" in (folder_b / "01_good.html").read_text()


def test_control_a_shared_kernel_does_leak(data_dir):
    """Same two notebooks in one ordinary kernel: the probe sees alpha's data in bravo's run."""
    from jupyter_client.manager import start_new_kernel
    from nbclient import NotebookClient
    from papermill.parameterize import parameterize_notebook

    source = read_notebook(NOTEBOOKS / "01_good.ipynb")
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        outputs = {}
        for client in ("alpha", "bravo"):
            nb = parameterize_notebook(copy.deepcopy(source), {
                "client": client, "data_dir": str(data_dir), "output_dir": str(data_dir)})
            runner = NotebookClient(nb, km=km, timeout=120)
            runner.kc = kc  # the same, already running kernel for both clients
            runner.execute()
            outputs[client] = str(nb.cells)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert "AlphaSecretChannelK4" in outputs["bravo"]
