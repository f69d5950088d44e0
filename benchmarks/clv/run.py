"""CLV benchmark: this package against lifetimes (and pymc-marketing where it installs), one run.

    .venv/bin/python benchmarks/clv/run.py [--quick] [--orders N] [--skip-pymc]

1. Installs the peers into their own virtual environments under ``benchmarks/.envs/`` (git-ignored):
   ``lifetimes==0.11.3`` (with the pandas/numpy/scipy it still works with) and, unless skipped or
   too slow to install (``PYMC_INSTALL_TIMEOUT`` seconds, default 420), ``pymc-marketing``.
2. Simulates, with fixed seeds (:mod:`roianalysis.clv.simulate`), 1M BG/NBD customers recorded at
   daily resolution (true r = 0.25, alpha = 28 days, a = 0.8, b = 2.5; ages 30-730 days) and ~10M
   orders of BG/NBD customers over 2024-2025; both cached in ``benchmarks/.data/``.
3. Measures, each step in its own process (``worker.py``): BG/NBD fit at 100k and 1M customers
   (time, peak memory growth, parameter error against the truth and against lifetimes), RFM summary
   and cohort matrix of the orders against lifetimes' helper and plain pandas.
4. Writes the table to ``benchmarks/clv/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ENVS = ROOT / "benchmarks" / ".envs"
DATA = ROOT / "benchmarks" / ".data" / "clv"
TRUTH = {"r": 0.25, "alpha": 28.0, "a": 0.8, "b": 2.5}
ORDERS_TRUTH = (1.0, 30.0, 1.0, 12.0)  # r, alpha (days), a, b: ~7.8 orders per customer
LIFETIMES_PINS = ["lifetimes==0.11.3", "pandas<2.2", "numpy<2", "scipy<1.13", "pyarrow<16"]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def ensure_env(name: str, packages: list[str], timeout: float) -> tuple[Path | None, str]:
    """A venv with ``packages``; returns (python, note). None when the install failed or timed out."""
    env = ENVS / name
    py = env / "bin" / "python"
    stamp = env / ".installed"
    if stamp.exists():
        info = json.loads(stamp.read_text() or "{}") if stamp.read_text().startswith("{") else {}
        if info.get("packages") == packages:
            return py, f"installed earlier in {info['seconds']:.0f} s, {_size_mb(env):.0f} MB on disk"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    t0 = time.time()
    try:
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", *packages], check=True,
                       timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except subprocess.TimeoutExpired:
        return None, f"install did not finish within {timeout:.0f} s"
    except subprocess.CalledProcessError as exc:
        return None, f"install failed: {exc.stderr.decode()[-300:]}"
    secs = time.time() - t0
    stamp.write_text(json.dumps({"packages": packages, "seconds": secs}))
    return py, f"installed in {secs:.0f} s, {_size_mb(env):.0f} MB on disk"


def _size_mb(folder: Path) -> float:
    total = 0
    for dirpath, _, files in os.walk(folder):
        for f in files:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_size
            except OSError:
                pass
    return total / 1e6


def make_data(n_orders: int) -> None:
    import numpy as np

    sys.path.insert(0, str(ROOT))
    from roianalysis.clv.simulate import simulate_bgnbd, simulate_orders

    DATA.mkdir(parents=True, exist_ok=True)
    fit = DATA / "bgnbd_1m.npz"
    if not fit.exists():
        log("simulating 1M BG/NBD customers (daily resolution)")
        d = simulate_bgnbd(1_000_000, **TRUTH, T=(30.0, 730.0), seed=2026, resolution=1.0)
        np.savez(fit, frequency=d["frequency"].to_numpy(float), recency=d["recency"].to_numpy(),
                 T=d["T"].to_numpy())
    orders = DATA / "orders_10m.parquet"
    meta = DATA / "orders_10m.json"
    if not orders.exists() or json.loads(meta.read_text()).get("target") != n_orders:
        n_customers = int(n_orders / 7.8)
        log(f"simulating orders of {n_customers:,} customers (target {n_orders:,} orders)")
        o = simulate_orders(n_customers, *ORDERS_TRUTH, start="2024-01-01", end="2026-01-01",
                            seed=2026)
        o.to_parquet(orders, index=False)
        meta.write_text(json.dumps({"target": n_orders, "orders": len(o),
                                    "customers": n_customers}))
        del o


def run(py: Path, task: str, n: int = 0, timeout: float = 1200) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1")
    log(f"{task} {n or ''} ({py.parent.parent.name})")
    try:
        p = subprocess.run([str(py), str(HERE / "worker.py"), task, str(DATA), str(n)],
                           capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"task": task, "n": n, "error": f"timed out after {timeout:.0f} s"}
    if p.returncode != 0:
        return {"task": task, "n": n, "error": p.stderr.strip().splitlines()[-1][:200]}
    res = json.loads(p.stdout.strip().splitlines()[-1])
    log(f"  -> {res.get('seconds', float('nan')):.2f} s, {res.get('mem_mb', 0):.0f} MB")
    return res


def rel_err(p: dict, q: dict) -> float:
    return max(abs(p[k] - q[k]) / abs(q[k]) for k in ("r", "alpha", "a", "b"))


def fmt_params(p: dict) -> str:
    return ", ".join(f"{k}={p[k]:.4f}" for k in ("r", "alpha", "a", "b"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=10_000_000, help="orders for RFM/cohorts")
    ap.add_argument("--skip-pymc", action="store_true")
    ap.add_argument("--pymc-timeout", type=float,
                    default=float(os.environ.get("PYMC_INSTALL_TIMEOUT", 420)))
    args = ap.parse_args()
    started = time.time()
    load0 = os.getloadavg()

    lt_py, lt_note = ensure_env("lifetimes", LIFETIMES_PINS, 600)
    log(f"lifetimes: {lt_note}")
    if args.skip_pymc:
        pm_py, pm_note = None, "skipped (--skip-pymc)"
    else:
        pm_py, pm_note = ensure_env("pymc", ["pymc-marketing"], args.pymc_timeout)
    log(f"pymc-marketing: {pm_note}")
    make_data(args.orders)
    ours = Path(sys.executable)

    fits = []
    for n in (100_000, 1_000_000):
        row = {"n": n, "ours": run(ours, "fit_ours", n)}
        if lt_py:
            row["lifetimes"] = run(lt_py, "fit_lifetimes", n)
            row["lifetimes_weighted"] = run(lt_py, "fit_lifetimes_weighted", n)
        if pm_py:
            row["pymc"] = run(pm_py, "fit_pymc", n, timeout=900)
        fits.append(row)
    rfm = {"ours": run(ours, "rfm_ours"), "ours_mem": run(ours, "rfm_ours_mem"),
           "cohort_ours": run(ours, "cohort_ours"), "cohort_ours_mem": run(ours, "cohort_ours_mem"),
           "cohort_pandas": run(ours, "cohort_pandas")}
    if lt_py:
        rfm["lifetimes"] = run(lt_py, "rfm_lifetimes")
    meta = json.loads((DATA / "orders_10m.json").read_text())
    write_results(fits, rfm, meta, lt_note, pm_note, load0, time.time() - started)


def write_results(fits, rfm, meta, lt_note, pm_note, load0, elapsed) -> None:
    lines = [
        "# CLV benchmark results",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `benchmarks/clv/run.py` "
        f"in {elapsed / 60:.1f} min on {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"load average {load0[0]:.1f} at start (the box is shared: absolute times are noisy, the "
        "ratios are measured side by side in one run). Each step runs in its own process; memory "
        "is the growth of that process's peak RSS during the step.",
        "",
        f"Peers: lifetimes 0.11.3 ({lt_note}; pinned to {', '.join(LIFETIMES_PINS[1:])}); "
        f"pymc-marketing ({pm_note}). pymc-marketing times include building and compiling the "
        "model, as a user pays them on each fit in a fresh process.",
        "",
        "## BG/NBD fit",
        "",
        f"Simulated customers (seed 2026), true {fmt_params(TRUTH)} (alpha in days), recorded at "
        "daily resolution, ages 30-730 days. lifetimes is fitted as users call it (one row per "
        "customer) and, as its best case, on weighted unique rows.",
        "",
        "| customers | implementation | time (s) | peak mem growth (MB) | max rel. error vs truth | "
        "max rel. diff vs lifetimes | speed-up vs lifetimes (per-customer / weighted) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in fits:
        lt = row.get("lifetimes", {})
        ltw = row.get("lifetimes_weighted", {})
        for name, key in [("roianalysis", "ours"), ("lifetimes", "lifetimes"),
                          ("lifetimes, weighted rows", "lifetimes_weighted"),
                          ("pymc-marketing MAP", "pymc")]:
            r = row.get(key)
            if r is None:
                continue
            if "error" in r:
                lines.append(f"| {row['n']:,} | {name} | failed: {r['error']} | | | | |")
                continue
            vs_lt = f"{rel_err(r['params'], lt['params']):.1e}" if "params" in lt and key != "lifetimes" else ""
            speed = ""
            if key == "ours" and "seconds" in lt:
                speed = f"{lt['seconds'] / r['seconds']:.1f}x / " + (
                    f"{ltw['seconds'] / r['seconds']:.1f}x" if "seconds" in ltw else "-")
            lines.append(f"| {row['n']:,} | {name} | {r['seconds']:.2f} | {r['mem_mb']:.0f} | "
                         f"{rel_err(r['params'], TRUTH):.3f} | {vs_lt} | {speed} |")
    lines += ["", "Fitted parameters:", ""]
    for row in fits:
        for key in ("ours", "lifetimes", "lifetimes_weighted", "pymc"):
            r = row.get(key)
            if r and "params" in r:
                lines.append(f"- {row['n']:,} {key}: {fmt_params(r['params'])}")
    lines += [
        "",
        f"## RFM summary and cohort matrix of {meta['orders']:,} orders "
        f"({meta['customers']:,} customers)",
        "",
        "Ours run on DuckDB, straight from the Parquet file (the scan is inside the timing) and "
        "from a table already in memory (like `ClientData.engine`); the peers get a pandas "
        "DataFrame already in memory. DuckDB uses both cores; pandas and lifetimes one.",
        "",
        "| step | implementation | time (s) | peak mem growth (MB) | check | speed-up |",
        "|---|---|---|---|---|---|",
    ]
    rows = [("RFM summary", "ours", "roianalysis.clv.rfm_summary, DuckDB on the Parquet file", "lifetimes"),
            ("RFM summary", "ours_mem", "roianalysis.clv.rfm_summary, DuckDB table in memory", "lifetimes"),
            ("RFM summary", "lifetimes", "lifetimes summary_data_from_transaction_data", None),
            ("cohort matrix", "cohort_ours", "roianalysis.cohorts.cohort_matrix, DuckDB on the Parquet file",
             "cohort_pandas"),
            ("cohort matrix", "cohort_ours_mem", "roianalysis.cohorts.cohort_matrix, DuckDB table in memory",
             "cohort_pandas"),
            ("cohort matrix", "cohort_pandas", "plain pandas", None)]
    for step, key, name, peer in rows:
        r = rfm.get(key)
        if not r:
            continue
        if "error" in r:
            lines.append(f"| {step} | {name} | failed: {r['error']} | | | |")
            continue
        rb = rfm.get(peer, {}) if peer else {}
        sp = f"{rb['seconds'] / r['seconds']:.1f}x" if "seconds" in rb else ""
        lines.append(f"| {step} | {name} | {r['seconds']:.2f} | {r['mem_mb']:.0f} | "
                     f"{r.get('check', '')} | {sp} |")
    lines += ["", "`check`: total repeat purchases (RFM) / customers active one month after "
              "acquisition (cohorts), equal across implementations.", ""]
    (HERE / "RESULTS.md").write_text("\n".join(lines))
    log(f"wrote {HERE / 'RESULTS.md'}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
