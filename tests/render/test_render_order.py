"""The order reports start in: measured ones longest first, the others notebook by notebook."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from roianalysis.periods import Period
from roianalysis.render.runner import Job, Renderer

FIXTURE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"


def _renderer(tmp_path: Path, monkeypatch) -> Renderer:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # its scratch folder stays in tmp_path
    data = tmp_path / "raw"
    for client, size in (("small", 10), ("big", 1000), ("mid", 100)):
        (data / client).mkdir(parents=True)
        (data / client / "orders.csv").write_text("x" * size)
    notebooks = sorted(FIXTURE_NOTEBOOKS.glob("[0-9]*.ipynb"))
    assert len(notebooks) >= 2
    return Renderer(Period.parse("2026-Q3"), tmp_path / "out", data, notebooks, jobs=2,
                    cell_timeout=None, notebook_timeout=None, progress=False)


def test_first_render_goes_notebook_by_notebook_biggest_client_first(tmp_path, monkeypatch):
    r = _renderer(tmp_path, monkeypatch)
    jobs = [Job(c, nb) for c in ("small", "big", "mid") for nb in r.notebooks]
    got = [(j.notebook.stem, j.client) for j in r.order(jobs)]
    want = [(nb.stem, c) for nb in r.notebooks for c in ("big", "mid", "small")]
    assert got == want


def test_rendered_before_goes_first_longest_first(tmp_path, monkeypatch):
    r = _renderer(tmp_path, monkeypatch)
    first, second = r.notebooks[:2]
    for client, nb, seconds in (("small", second, 9.0), ("mid", first, 3.0)):
        folder = tmp_path / "out" / "_audit" / client / r.period_dir
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{nb.stem}.ipynb").write_text(json.dumps(
            {"metadata": {"papermill": {"duration": seconds}}}))
    jobs = [Job(c, nb) for c in ("small", "big", "mid") for nb in (first, second)]
    got = [(j.client, j.notebook.stem) for j in r.order(jobs)]
    assert got[:2] == [("small", second.stem), ("mid", first.stem)]
    assert got[2:] == [("big", first.stem), ("small", first.stem), ("big", second.stem),
                       ("mid", second.stem)]


def test_a_worker_starts_its_next_notebook_while_the_last_one_is_exported(tmp_path, monkeypatch,
                                                                        kernel_server):
    """Exports run on their own thread: the kernel slot does not wait for the page to be written
    (with one worker, the second notebook starts before the first report is out)."""
    import threading
    import time

    from roianalysis.render import runner

    from .conftest import NOTEBOOKS, copy_data

    events: list[tuple[str, str, float]] = []
    execute, export = runner.execute_notebook, runner.export_html

    def timed_execute(*args, **kwargs):
        events.append(("execute", threading.current_thread().name, time.monotonic()))
        return execute(*args, **kwargs)

    def slow_export(nb, info):
        events.append(("export", threading.current_thread().name, time.monotonic()))
        time.sleep(2.0)
        page = export(nb, info)
        events.append(("exported", threading.current_thread().name, time.monotonic()))
        return page

    monkeypatch.setattr(runner, "execute_notebook", timed_execute)
    monkeypatch.setattr(runner, "export_html", slow_export)
    summary = runner.render(["alpha"], "2026-Q3", out_dir=tmp_path / "out",
                            data_dir=copy_data(tmp_path / "data"), notebooks_dir=NOTEBOOKS,
                            jobs=1, progress=False, server=kernel_server)
    assert not summary.failed and len(summary.results) == 2
    starts = [t for kind, _w, t in events if kind == "execute"]
    first_out = min(t for kind, _w, t in events if kind == "exported")
    assert starts[1] < first_out  # the second notebook ran while the first was exported
    assert {w for kind, w, _t in events if kind == "export"} == {"render-export_0"}
    assert all((tmp_path / "out" / "alpha" / "2026-Q3" / f"{r.job.stem}.html").exists()
               for r in summary.results)
