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

from generate import generate, generate_sql  # noqa: E402

PANDAS_MAX = 10_000_000  # the pandas reader needs ~0.5 KB per touchpoint: not run above this
PAIRS = 3  # floor / engine first loads run in turn this many times (the median pair is shown)


def _tree_rss(proc) -> int:
    """Resident bytes of ``proc`` and all its descendants (a JVM started by PySpark included)."""
    import psutil

    total = 0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def _run(task: str, raw: Path, client: str, work: Path) -> dict:
    """Run one task in its own process; ``tree_peak_mb``: the largest resident set of its process
    tree, sampled every 0.1 s."""
    import psutil

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(HERE / "worker.py"), task, str(raw), client,
                             str(work)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    ps, peak, t0 = psutil.Process(proc.pid), 0, time.time()
    while proc.poll() is None:
        peak = max(peak, _tree_rss(ps))
        time.sleep(0.1)
        if time.time() - t0 > 4 * 3600:
            proc.kill()
    stdout, stderr = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"{task} failed:\n{stderr[-3000:]}")
    out = json.loads(stdout.strip().splitlines()[-1])
    out["tree_peak_mb"] = round(max(peak / 2**20, out.get("peak_mb", 0)), 1)
    return out


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
            (generate if n <= PANDAS_MAX else generate_sql)(n, base)
            print(f"generated {name} in {time.perf_counter() - t:.0f} s", flush=True)
        truth = json.loads(truth_file.read_text())
        size_mb = sum(p.stat().st_size for p in (raw / name).glob("*.csv")) / 1e6
        tp_mb = (raw / name / "touchpoints.csv").stat().st_size / 1e6
        work = base / "work" / name
        res = {"n": n, "size_mb": size_mb, "tp_mb": tp_mb}
        tasks = ["duckdb", "engine"] + (["pandas"] if n <= PANDAS_MAX else []) + ["analytics"]
        tasks += ([] if "--no-spark" in argv else ["spark"]) + ["render"]
        only = [a.split("=", 1)[1].split(",") for a in argv if a.startswith("--tasks=")]
        if only:  # some tasks again (the others' figures are kept from the last run)
            tasks = only[0]
        pairs = []
        for task in tasks:
            if task == "engine":  # the floor and the engine in turn (shared cores: noisy)
                for k in range(PAIRS if n <= PANDAS_MAX else 1):
                    if k:
                        res["duckdb"] = _run("duckdb", raw, name, work)
                    r = _run(task, raw, name, work)
                    r["totals"] = _check(r, truth)
                    d = res["duckdb"]
                    pairs.append({"floor_s": d["seconds"], "engine_s": r["seconds"],
                                  "floor_cpu_s": d["cpu_s"], "engine_cpu_s": r["cpu_s"],
                                  "ratio": r["seconds"] / d["seconds"],
                                  "cpu_ratio": r["cpu_s"] / d["cpu_s"], "engine": r, "floor": d})
                    print(name, json.dumps(r), flush=True)
                mid = sorted(pairs, key=lambda q: q["ratio"])[len(pairs) // 2]
                res["engine"], res["duckdb"] = mid["engine"], mid["floor"]
                res["pairs"] = [{k: v for k, v in q.items() if k not in ("engine", "floor")}
                                for q in pairs]
                continue
            try:
                r = _run(task, raw, name, work)
            except SystemExit as exc:  # a failed render is a result too: recorded, run goes on
                if task != "render":
                    raise
                r = {"failed": str(exc)[-1500:], "task": task}
                print(name, "render failed", flush=True)
                res[task] = r
                continue
            if task == "pandas":
                r["totals"] = _check(r, truth)
            res[task] = r
            print(name, json.dumps(r), flush=True)
        rows.append(res)
    _write_results(rows)
    return 0


def _write_results(rows: list[dict]) -> None:
    """``RESULTS.md``: the figures of every size run so far (``results.jsonl`` keeps one line
    per size, the latest run of that size), then the hand-written ``## Notes`` kept as they are."""
    store = HERE / "results.jsonl"
    known = {}
    if store.exists():
        for line in store.read_text().splitlines():
            if line.strip():
                r = json.loads(line)
                known[r["n"]] = r
    load = os.getloadavg()
    for r in rows:
        r["run"] = {"date": time.strftime("%Y-%m-%d %H:%M"), "python": platform.python_version(),
                    "cores": os.cpu_count(), "load_end": round(load[0], 1)}
        known[r["n"]] = {**known.get(r["n"], {}), **r}
    rows = [known[n] for n in sorted(known)]
    store.write_text("".join(json.dumps(r) + "\n" for r in rows))
    results = HERE / "RESULTS.md"
    notes = ""
    if results.exists() and "\n## Notes\n" in results.read_text():
        notes = results.read_text().split("\n## Notes\n", 1)[1]
    runs = ", ".join(f"{r['n']:,}: {r['run']['date']} (load average {r['run']['load_end']} at the end)"
                     for r in rows)
    mb = lambda t: f"{t.get('tree_peak_mb', t['peak_mb']):,.0f} MB"  # noqa: E731
    lines = [
        "# Scale benchmark: raw files read by the engine, analyses on DuckDB, Spark and pandas",
        "",
        f"`python benchmarks/scale/run.py [5e6 5e7]`, Python {rows[0]['run']['python']}, "
        f"{rows[0]['run']['cores']} cores shared with other jobs. Runs: {runs}. Each task runs in "
        "its own process; peak = the largest resident set of its process tree (DuckDB's native "
        "memory and Spark's JVM included), sampled every 0.1 s. Totals: row counts and sums in "
        "cents read back from the store, compared with the generator's exact ones.",
        "",
        "First load = `load_client` into an empty store (modules imported before the clock, as "
        "the floor's `import duckdb`): fingerprint of the raw files, reading and validating every "
        "table, the Parquet store and its DuckDB file (the per-contact table) written. DuckDB "
        "floor = `COPY (SELECT * FROM read_csv(f)) TO parquet` of the same CSV files, nothing "
        "checked.",
        "",
        "| touchpoints | CSV files | DuckDB floor | engine first load | ratio to floor | engine peak | "
        "pandas first load | pandas peak | totals |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        d, e, p = r["duckdb"], r["engine"], r.get("pandas")
        pairs = r.get("pairs") or [{"ratio": e["seconds"] / d["seconds"],
                                    "cpu_ratio": e.get("cpu_s", 0) / max(d.get("cpu_s", 1), 1e-9)}]
        ratios = ", ".join(f"{q['ratio']:.1f}" for q in pairs)
        cpu = ", ".join(f"{q['cpu_ratio']:.1f}" for q in pairs)
        lines.append(
            f"| {r['n']:,} | {r['size_mb']:,.0f} MB | {d['seconds']:.1f} s, {mb(d)} | "
            f"{e['seconds']:.1f} s | {e['seconds'] / d['seconds']:.1f}x (runs: {ratios}; CPU time: "
            f"{cpu}) | {mb(e)} | "
            + (f"{p['seconds']:.1f} s | {mb(p)} | " if p else "not run | — | ")
            + f"{e['totals']}{' (both)' if p else ''} |")
    lines += ["", "Analyses on the loaded client: `kpis` and `funnel` of 2025, the journeys of "
              "2025-Q4, the RFM summary, each called once (no result cache).", "",
              "| touchpoints | path | start / open | kpis | funnel | journeys | RFM | peak |",
              "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        for key, label in [("analytics", "DuckDB (store)"), ("spark", "Spark local[2] (store)"),
                           ("pandas", "pandas frames in memory")]:
            a = r.get(key)
            if a is None or "kpis_s" not in a:
                lines.append(f"| {r['n']:,} | {label} | not run | | | | | |")
                continue
            start = (f"{a['spark_start_s']:.1f} s session + {a['load_from_store_s']:.1f} s open"
                     if key == "spark" else f"{a['load_from_store_s']:.1f} s" if key == "analytics"
                     else f"{a['engine_from_frames_s']:.1f} s frames -> DuckDB")
            lines.append(f"| {r['n']:,} | {label} | {start} | {a['kpis_s']:.1f} s | "
                         f"{a['funnel_s']:.1f} s | {a['journeys_s']:.1f} s ({a['journeys_rows']:,}) | "
                         f"{a['rfm_s']:.1f} s ({a['rfm_rows']:,}) | {mb(a)} |")
    lines += ["", "Where the engine's first load goes (wall seconds of the median pair; the "
              "phases do not overlap; the rest is the store's checksums and renames):", ""]
    for r in rows:
        ph = r["engine"].get("phases")
        if ph:
            lines.append(f"- {r['n']:,}: " + ", ".join(f"{k} {v:.1f} s" for k, v in ph.items())
                         + f" (total {r['engine']['seconds']:.1f} s, CPU {r['engine']['cpu_s']:.1f} s)")
    lines += ["", "Overview notebook rendered on the engine's store (`roianalysis render --notebook "
              "overview --period 2025-Q4 --jobs 1`, kernels included in the peak):", ""]
    for r in rows:
        rd = r.get("render")
        lines.append(f"- {r['n']:,}: " + ("not run" if not rd else "failed: see the notes"
                                          if "failed" in rd else f"{rd['seconds']:.0f} s, peak "
                                          f"{mb(rd)}, {len(rd['html'])} HTML files"))
    lines += ["", "Raw figures (`results.jsonl`, one line per size):", "", "```"]
    lines += [json.dumps(r) for r in rows] + ["```", ""]
    text = "\n".join(lines)
    if notes:
        text += "\n## Notes\n" + notes
    results.write_text(text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
