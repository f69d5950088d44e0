"""Scale benchmark: first load of a large client, engine reader vs pandas reader vs DuckDB's own
CSV -> Parquet, then kpis / funnel / journeys / RFM on the loaded client.

``python benchmarks/scale/run.py [5e6 [5e7 ...]] [--no-pandas-above N]`` generates each client
once under ``$ROIANALYSIS_SCALE_DIR`` (default ``/tmp/roianalysis-scale``), runs every task in
its own process (peak memory = that process's maximum resident set) and writes
``RESULTS.md`` beside this script. Totals read back from each store are compared with the
generator's exact ones (``truth.json``): a mismatch fails the run.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PANDAS_MAX = 10_000_000  # the pandas reader needs ~0.5 KB per touchpoint: not run above this


def _run(task: str, raw: Path, client: str, work: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, str(HERE / "worker.py"), task, str(raw), client, str(work)],
                         capture_output=True, text=True, env=env, timeout=3600)
    if out.returncode:
        raise SystemExit(f"{task} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _check(result: dict, truth: dict) -> str:
    keys = ["touchpoints", "spend_rows", "spend_cost_cents", "orders", "revenue_cents", "leads"]
    bad = [k for k in keys if result.get(k) != truth[k]]
    if bad:
        raise SystemExit(f"{result['task']}: totals differ from the generator's: "
                         + ", ".join(f"{k} {result.get(k)} != {truth[k]}" for k in bad))
    return "exact"


def main(argv: list[str]) -> int:
    sizes = [int(float(a)) for a in argv if not a.startswith("-")] or [5_000_000]
    base = Path(os.environ.get("ROIANALYSIS_SCALE_DIR", "/tmp/roianalysis-scale"))
    rows = []
    for n in sizes:
        name = f"scale-{n // 1_000_000}m" if n >= 1_000_000 else f"scale-{n}"
        raw, truth_file = base / "raw", base / f"{name}.truth.json"
        if not truth_file.exists():
            t = time.perf_counter()
            generate(n, base)
            print(f"generated {name} in {time.perf_counter() - t:.0f} s", flush=True)
        truth = json.loads(truth_file.read_text())
        size_mb = sum(p.stat().st_size for p in (raw / name).glob("*.csv")) / 1e6
        tp_mb = (raw / name / "touchpoints.csv").stat().st_size / 1e6
        work = base / "work" / name
        res = {"n": n, "size_mb": size_mb, "tp_mb": tp_mb}
        for task in ["duckdb", "engine"] + (["pandas"] if n <= PANDAS_MAX else []) + ["analytics"]:
            r = _run(task, raw, name, work)
            if task in ("engine", "pandas"):
                r["totals"] = _check(r, truth)
            res[task] = r
            print(name, json.dumps(r), flush=True)
        rows.append(res)
    _write_results(rows)
    return 0


def _write_results(rows: list[dict]) -> None:
    load = os.getloadavg()
    lines = [
        "# Scale benchmark: raw files read by the engine",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M')} by `python benchmarks/scale/run.py`, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores shared with other jobs (load "
        f"average {load[0]:.1f} at the end). Each task runs in its own process; peak = its maximum "
        "resident set (DuckDB's native memory included). Totals: row counts and sums in cents "
        "read back from the store, compared with the generator's exact ones.",
        "",
        "First load = `load_client` into an empty store: fingerprint of the raw files, reading and "
        "validating every table, the Parquet store and its DuckDB file (with the per-contact "
        "table) written. DuckDB floor = `COPY (SELECT * FROM read_csv(f)) TO parquet` of the same "
        "CSV files, nothing checked.",
        "",
        "| touchpoints | CSV files | DuckDB floor | engine first load | ratio to floor | engine peak | "
        "pandas first load | pandas peak | totals |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        d, e, p = r["duckdb"], r["engine"], r.get("pandas")
        lines.append(
            f"| {r['n']:,} | {r['size_mb']:.0f} MB | {d['seconds']:.1f} s, {d['peak_mb']:.0f} MB | "
            f"{e['seconds']:.1f} s | {e['seconds'] / d['seconds']:.1f}x | {e['peak_mb']:.0f} MB | "
            + (f"{p['seconds']:.1f} s | {p['peak_mb']:.0f} MB | " if p else "not run | — | ")
            + f"{e['totals']}{' (both)' if p else ''} |")
    lines += ["", "Analyses on the loaded client (a load from the store, then each call once):", "",
              "| touchpoints | load from store | kpis 2025 | funnel 2025 | journeys 2025-Q4 | RFM | peak |",
              "|---|---|---|---|---|---|---|"]
    for r in rows:
        a = r["analytics"]
        lines.append(f"| {r['n']:,} | {a['load_from_store_s']:.1f} s | {a['kpis_s']:.1f} s | "
                     f"{a['funnel_s']:.1f} s | {a['journeys_s']:.1f} s ({a['journeys_rows']:,} "
                     f"journeys) | {a['rfm_s']:.1f} s ({a['rfm_rows']:,} customers) | "
                     f"{a['peak_mb']:.0f} MB |")
    lines += ["", "Raw figures (JSON, one line per client):", "", "```"]
    lines += [json.dumps(r) for r in rows] + ["```", ""]
    (HERE / "RESULTS.md").write_text("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
