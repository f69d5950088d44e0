"""``roianalysis render --engine spark``: the overview of a demo client rendered on Spark local[2]
gives the same figures as on DuckDB (slow: one Spark kernel)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from .conftest import REPO

pytestmark = [pytest.mark.spark, pytest.mark.slow]


def _render(data_dir: Path, out: Path, *extra: str, env: dict | None = None) -> None:
    args = [sys.executable, "-m", "roianalysis", "render", "--data-dir", str(data_dir),
            "--out", str(out), "--client", "petit-atelier", "--notebook", "overview",
            "--period", "2026-Q3", "--jobs", "1", "--no-progress", *extra]
    done = subprocess.run(args, capture_output=True, text=True, timeout=1500, cwd=REPO,
                          env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    assert done.returncode == 0, done.stderr[-3000:]


def _figures(out: Path) -> list[str]:
    """The text of every table and paragraph of the executed overview (charts left out)."""
    [path] = out.glob("_audit/petit-atelier/*/01_overview.ipynb")  # the executed notebook
    nb = nbformat.read(path, as_version=4)
    texts = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            texts.append(data.get("text/markdown", "") + data.get("text/html", ""))
    return texts


def test_the_overview_renders_on_spark_with_the_duckdb_figures(demo_data, tmp_path):
    import shutil

    if shutil.which("java") is None:
        pytest.skip("Java is not installed: Spark needs Java 17")
    events = tmp_path / "spark-events"
    events.mkdir()
    _render(demo_data, tmp_path / "duckdb", env={"ROIANALYSIS_ENGINE": "duckdb"})
    _render(demo_data, tmp_path / "spark", "--engine", "spark", env={
        "ROIANALYSIS_ENGINE": "duckdb",  # the option wins over the environment
        "PYSPARK_SUBMIT_ARGS": "--conf spark.eventLog.enabled=true "
                               "--conf spark.eventLog.compress=false "
                               f"--conf spark.eventLog.dir={events.as_uri()} pyspark-shell"})
    duck, spark = _figures(tmp_path / "duckdb"), _figures(tmp_path / "spark")
    assert len(duck) > 20 and any("%" in t for t in duck)  # a real report, with its rates
    assert spark == duck
    # the kernel ran its queries on Spark, reading the store's Parquet files
    text = "\n".join(p.read_text(errors="replace") for p in events.rglob("*") if p.is_file())
    assert "local[2]" in text and "parquet" in text.lower()
    sql = [json.loads(line) for line in text.splitlines() if "SparkListenerSQLExecutionStart" in line]
    assert len(sql) > 10
