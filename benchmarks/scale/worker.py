"""One measured task of the scale benchmark, in its own process (its peak memory is its own).

``python worker.py TASK RAW_DIR CLIENT WORK_DIR`` prints one JSON line: ``seconds`` (wall),
``peak_mb`` (the process's maximum resident set, DuckDB's native memory included; the runner
also samples the resident set of the whole process tree, a JVM included) and what the task
checked. Tasks: ``duckdb`` (DuckDB's own ``COPY (SELECT * FROM read_csv(...)) TO parquet`` of
every table file: the floor), ``engine`` (a first ``load_client`` with the engine reader into an
empty store, totals read back from the store), ``pandas`` (the same with the pandas reader, then
the analyses on the frames in memory, as the pandas path runs them), ``analytics`` (a load
from the engine's store, then ``kpis``, ``funnel``, journeys and RFM on DuckDB), ``spark`` (the
same on ``load_client(..., engine="spark")``, Spark ``local[2]``), ``render`` (``roianalysis
render`` of the overview notebook on the engine's store).

The modules ``load_client`` uses are imported before the clock starts (``import_s``: the
floor's ``import duckdb`` is not timed either).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def duckdb_floor(raw: Path, client: str, work: Path) -> dict:
    import duckdb

    out = work / "duckdb-floor"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    con = duckdb.connect()
    t0, c0 = time.perf_counter(), _cpu()
    for f in sorted((raw / client).glob("*.csv")):
        con.execute(f"COPY (SELECT * FROM read_csv('{f}')) TO '{out / f.stem}.parquet' (FORMAT parquet)")
    return {"seconds": time.perf_counter() - t0, "cpu_s": _cpu() - c0}


def _totals(store: Path) -> dict:
    import duckdb

    con = duckdb.connect()

    def one(q):
        return con.execute(q).fetchone()

    tp = one(f"SELECT count(*), count(DISTINCT channel), min(timestamp)::VARCHAR, max(timestamp)::VARCHAR "
             f"FROM '{store}/touchpoints.parquet'")
    sp = one(f"SELECT count(*), round(sum(cost) * 100) FROM '{store}/spend.parquet'")
    od = one(f"SELECT count(*), round(sum(revenue) * 100) FROM '{store}/orders.parquet'")
    ld = one(f"SELECT count(*) FROM '{store}/leads.parquet'")
    return {"touchpoints": tp[0], "touch_channels": tp[1], "touch_min": tp[2], "touch_max": tp[3],
            "spend_rows": sp[0], "spend_cost_cents": int(sp[1]), "orders": od[0],
            "revenue_cents": int(od[1]), "leads": ld[0]}


def _imports() -> float:
    t = time.perf_counter()
    import roianalysis as ra  # noqa: F401
    import roianalysis.data.load  # noqa: F401
    import roianalysis.data.read  # noqa: F401
    import roianalysis.engine  # noqa: F401
    import roianalysis.engine_read  # noqa: F401

    return time.perf_counter() - t


def _analyses(data, out: dict) -> None:
    """``kpis`` and ``funnel`` of 2025, the journeys of 2025-Q4 and the RFM summary, each timed."""
    import roianalysis as ra
    from roianalysis.attribution.journeys import journeys_for_client
    from roianalysis.clv.rfm import rfm_summary

    t0 = time.perf_counter()
    for name, fn in [("kpis_s", lambda: ra.kpis(data, "2025")),
                     ("funnel_s", lambda: ra.funnel(data, "2025")),
                     ("journeys_s", lambda: journeys_for_client(data, "2025-Q4")),
                     ("rfm_s", lambda: rfm_summary(data))]:
        t = time.perf_counter()
        result = fn()
        out[name] = time.perf_counter() - t
        out[name.replace("_s", "_rows")] = int(len(result))
        if name == "kpis_s":
            out["kpi_cost_2025"] = float(result["cost"])
            out["kpi_revenue_2025"] = float(result["revenue"])
    out["analyses_s"] = time.perf_counter() - t0


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _phases() -> dict:
    """Wall seconds spent in the first load's phases (the functions wrapped, summed per name):
    ``fingerprint`` (hash of the raw files), ``read:<table>`` (reading and validating one table
    file), ``engine_file`` (the store's DuckDB file with the per-contact table)."""
    from roianalysis import engine_read
    from roianalysis.data import store as data_module

    spent: dict = {}

    def wrap(module, name, label):
        fn = getattr(module, name)

        def timed(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                key = label(a) if callable(label) else label
                spent[key] = spent.get(key, 0.0) + time.perf_counter() - t

        setattr(module, name, timed)

    wrap(data_module, "raw_fingerprint", "fingerprint")
    wrap(data_module, "_write_engine_file", "engine_file")
    wrap(engine_read, "read_table_engine", lambda a: f"read:{Path(a[0]).stem}")
    return spent


def first_load(raw: Path, client: str, work: Path, reader: str) -> dict:
    import_s = _imports()
    import roianalysis as ra

    store = work / f"store-{reader}"
    shutil.rmtree(store, ignore_errors=True)
    phases = _phases()
    t0, c0 = time.perf_counter(), _cpu()
    data = ra.load_client(client, raw, processed_dir=store, reader=reader)
    seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    out = {"seconds": seconds, "cpu_s": cpu, "import_s": import_s,
           "phases": {k: round(v, 2) for k, v in phases.items()},
           "stored": data.store is not None, **_totals(store / client)}
    if reader == "pandas":  # the pandas path: the analyses on the frames held in memory
        from roianalysis.engine import Engine

        assert all(hasattr(t, "columns") for t in data.tables.values())
        t = time.perf_counter()
        data.__dict__["engine"] = Engine.from_frames(data.tables)
        out["engine_from_frames_s"] = time.perf_counter() - t
        _analyses(data, out)
    return out


def analytics(raw: Path, client: str, work: Path, engine: str = "duckdb") -> dict:
    import_s = _imports()
    import roianalysis as ra

    store = work / "store-engine"
    shutil.rmtree(store / client / "cache", ignore_errors=True)  # no result computed before
    out = {"import_s": import_s}
    t0 = time.perf_counter()
    if engine == "spark":
        from roianalysis.spark import spark_session

        spark_session()
        out["spark_start_s"] = time.perf_counter() - t0
    t = time.perf_counter()
    data = ra.load_client(client, raw, processed_dir=store, reader="engine", engine=engine)
    if engine == "duckdb":
        data.engine  # noqa: B018 (opened here, timed with the load)
    out["load_from_store_s"] = time.perf_counter() - t
    _analyses(data, out)
    out["seconds"] = time.perf_counter() - t0
    return out


def render(raw: Path, client: str, work: Path) -> dict:
    """``roianalysis render`` of the overview notebook (2025-Q4, one kernel) on the engine's
    store, linked where the renderer looks for it (``processed/`` beside ``raw/``): no first
    load is timed again. Peak: the runner samples the whole process tree (kernels included)."""
    import subprocess

    store, target = work / "store-engine" / client, raw.parent / "processed" / client
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(store, target, copy_function=os.link, ignore=shutil.ignore_patterns("cache"))
    out_dir = work / "reports"
    shutil.rmtree(out_dir, ignore_errors=True)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "roianalysis", "render", "--data-dir", str(raw),
                           "--client", client, "--notebook", "overview", "--period", "2025-Q4",
                           "--jobs", "1", "--no-progress", "--out", str(out_dir)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(f"render failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    html = sorted(str(p.relative_to(out_dir)) for p in out_dir.rglob("*.html"))
    shutil.rmtree(target, ignore_errors=True)
    return {"seconds": seconds, "html": html}


def main() -> None:
    task, raw, client, work = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    work.mkdir(parents=True, exist_ok=True)
    if task == "duckdb":
        out = duckdb_floor(raw, client, work)
    elif task in ("engine", "pandas"):
        out = first_load(raw, client, work, task)
    elif task == "render":
        out = render(raw, client, work)
    elif task in ("analytics", "spark"):
        out = analytics(raw, client, work, "spark" if task == "spark" else "duckdb")
    else:
        raise SystemExit(f"unknown task {task!r}")
    out.update(task=task, peak_mb=round(_peak_mb(), 1))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
