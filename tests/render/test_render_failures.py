"""Broken notebooks, broken data, timeouts, dead kernels and bad input (issue 3 and 7).

One render of four clients covers the failure kinds at once: alpha's notebook raises, bravo's
kernel dies, charlie's cell hangs past ``--timeout``, delta's data is invalid. Their previous good
reports must come out untouched, with a clear message for each and a non-zero exit code.
"""

from __future__ import annotations

import shutil
import time

import pytest

from roianalysis.cli import main
from roianalysis.render.runner import render

from .conftest import NOTEBOOKS, marked_processes, render_args, run_cli

pytestmark = pytest.mark.slow
CLIENTS = ["alpha", "bravo", "charlie", "delta"]


def _snapshot(out):
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.parent.name == "2026-Q3" and "_failed" not in p.parts}


@pytest.fixture(scope="module")
def failed_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("failures")
    raw = base / "raw"
    shutil.copytree(NOTEBOOKS.parent / "data", raw)
    for extra in ("charlie", "delta"):
        shutil.copytree(raw / "alpha", raw / extra)
    out = base / "reports"
    first = run_cli(*render_args(raw, out, "--notebook", "fragile", "--jobs", "2",
                                 *[a for c in CLIENTS for a in ("--client", c)]))
    assert first.returncode == 0, first.stderr
    before = _snapshot(out)
    assert len(before) == 3 * len(CLIENTS)  # the page, its combined report, the audit notebook
    (raw / "alpha" / "fail.txt").write_text("x")
    (raw / "bravo" / "crash.txt").write_text("x")
    (raw / "charlie" / "hang.txt").write_text("x")
    (raw / "delta" / "spend.csv").write_text("date,channel,cost\n2026-07-01,Ads,not-a-number\n")
    t0 = time.monotonic()
    res = run_cli(*render_args(raw, out, "--notebook", "fragile", "--jobs", "2", "--timeout", "3",
                               *[a for c in CLIENTS for a in ("--client", c)]))
    return {"raw": raw, "out": out, "before": before, "res": res, "seconds": time.monotonic() - t0}


def test_exit_code_is_non_zero_and_no_traceback(failed_run):
    res = failed_run["res"]
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert failed_run["seconds"] < 180, "a hung kernel is not waited on forever (it sleeps 1000 s)"


@pytest.mark.parametrize("client,message", [
    ("alpha", "cell 4 (code cell 3): RuntimeError: deliberate failure for alpha"),
    ("bravo", "cell 5 (code cell 4): the kernel died"),
    ("charlie", "cell 5 (code cell 4): cell timed out"),
    ("delta", "client data: 1 problem found in the input data"),
])
def test_each_failure_names_client_notebook_cell_and_error(failed_run, client, message):
    line = f"FAILED {client} 2026-Q3 02_fragile: {message}"
    assert line in failed_run["res"].stderr, failed_run["res"].stderr
    if client == "delta":
        assert "spend.csv" in failed_run["res"].stderr and "not-a-number" in failed_run["res"].stderr


def test_previous_reports_are_untouched_and_nothing_partial_remains(failed_run):
    out = failed_run["out"]
    assert _snapshot(out) == failed_run["before"]
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]


def test_failed_executions_are_kept_for_audit_only(failed_run):
    audit = failed_run["out"] / "_failed" / "alpha" / "2026-Q3" / "02_fragile.ipynb"
    assert "deliberate failure" in audit.read_text()
    assert not list((failed_run["out"] / "_failed").rglob("*.html"))


def test_no_kernel_outlives_the_command(failed_run):
    # only this command's kernels and server: other renders may run on the machine meanwhile
    assert marked_processes(f"{failed_run['res'].pid}-") == []


def test_a_fixed_notebook_replaces_the_report_and_clears_the_audit_copy(failed_run, kernel_server):
    raw, out = failed_run["raw"], failed_run["out"]
    (raw / "alpha" / "fail.txt").unlink()
    summary = render(["alpha"], "2026-Q3", out_dir=out, data_dir=raw, notebooks=["02"],
                     notebooks_dir=NOTEBOOKS, jobs=1, progress=False, server=kernel_server)
    assert summary.exit_code == 0
    assert not (out / "_failed" / "alpha" / "2026-Q3" / "02_fragile.ipynb").exists()
    new = (out / "alpha" / "2026-Q3" / "02_fragile.html").read_bytes()
    assert new != failed_run["before"][(out / "alpha" / "2026-Q3" / "02_fragile.html").relative_to(out)]


def test_notebook_timeout_kills_the_kernel(tmp_path, data_dir, kernel_server):
    (data_dir / "alpha" / "hang.txt").write_text("x")
    t0 = time.monotonic()
    summary = render(["alpha"], "2026-Q3", out_dir=tmp_path / "r", data_dir=data_dir,
                     notebooks=["02_fragile"], notebooks_dir=NOTEBOOKS, jobs=1, progress=False,
                     cell_timeout=60, notebook_timeout=4, server=kernel_server)
    assert time.monotonic() - t0 < 90
    assert summary.exit_code == 1
    assert "did not finish within 4 s" in summary.failed[0].failure.describe()
    assert summary.failed[0].kernel_pid not in marked_processes()


@pytest.mark.parametrize("args,message", [
    (["--client", "../alpha"], "invalid client name"),
    (["--client", "/etc"], "invalid client name"),
    (["--client", "a/b"], "invalid client name"),
    (["--client", "nobody"], "no folder for client 'nobody'"),
    (["--client", "alpha", "--period", "2026-Q9"], "period"),
    (["--client", "alpha", "--period", "../../x"], "cannot read period"),
    (["--client", "alpha", "--notebook", "../x"], "invalid notebook name"),
    (["--client", "alpha", "--notebook", "nope"], "no notebook 'nope'"),
])
def test_bad_arguments_are_refused_before_any_path_is_built(tmp_path, data_dir, capsys, args, message):
    out = tmp_path / "reports"
    code = main(["render", "--data-dir", str(data_dir), "--out", str(out), "--notebooks-dir",
                 str(NOTEBOOKS), "--no-progress", *args])
    err = capsys.readouterr().err
    assert code != 0
    assert message in err, err
    assert not out.exists()
