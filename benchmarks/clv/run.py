"""CLV benchmark: this package against lifetimes (and pymc-marketing where it installs), one run.

    .venv/bin/python benchmarks/clv/run.py [--orders N] [--skip-pymc] [--suites fit,continuous,rfm]

1. Installs the peers into their own virtual environments under ``benchmarks/.envs/`` (git-ignored):
   ``lifetimes==0.11.3`` (with the pandas/numpy/scipy it still works with) and, unless skipped or
   too slow to install (``PYMC_INSTALL_TIMEOUT`` seconds, default 420), ``pymc-marketing``.
2. Simulates, with fixed seeds (:mod:`roianalysis.clv.simulate`), 1M BG/NBD customers recorded at
   daily resolution (true r = 0.25, alpha = 28 days, a = 0.8, b = 2.5; ages 30-730 days), the same
   1M customers' story with whole-day ages but continuous recency (purchase times not rounded:
   about 460k distinct (frequency, recency, T) rows), and ~10M orders of BG/NBD customers over
   2024-2025; all cached in ``benchmarks/.data/``.
3. Measures, each step in its own process (``worker.py``), the suites asked for (all by default):
   ``fit``: BG/NBD fit at 100k and 1M customers of daily data (time, import time, peak memory
   growth, parameter error against the truth and against lifetimes); ``continuous``: the same at
   1M customers with continuous recency; ``rfm``: RFM summary and cohort matrix of the orders
   against lifetimes' helper and plain pandas.
4. Writes the tables to ``benchmarks/clv/RESULTS.md``; the sections of suites not run this time
   are kept from the previous file.
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


def make_data(n_orders: int, suites: list[str]) -> None:
    import numpy as np

    sys.path.insert(0, str(ROOT))
    from roianalysis.clv.simulate import simulate_bgnbd, simulate_orders

    DATA.mkdir(parents=True, exist_ok=True)
    cont = DATA / "bgnbd_1m_continuous.npz"
    if "continuous" in suites and not cont.exists():
        log("simulating 1M BG/NBD customers (whole-day ages, continuous recency)")
        ages = np.random.default_rng(2027).integers(30, 731, size=1_000_000).astype(float)
        d = simulate_bgnbd(1_000_000, **TRUTH, T=ages, seed=2026)
        np.savez(cont, frequency=d["frequency"].to_numpy(float), recency=d["recency"].to_numpy(),
                 T=d["T"].to_numpy())
    fit = DATA / "bgnbd_1m.npz"
    if "fit" in suites and not fit.exists():
        log("simulating 1M BG/NBD customers (daily resolution)")
        d = simulate_bgnbd(1_000_000, **TRUTH, T=(30.0, 730.0), seed=2026, resolution=1.0)
        np.savez(fit, frequency=d["frequency"].to_numpy(float), recency=d["recency"].to_numpy(),
                 T=d["T"].to_numpy())
    orders = DATA / "orders_10m.parquet"
    meta = DATA / "orders_10m.json"
    if "rfm" in suites and (not orders.exists()
                            or json.loads(meta.read_text()).get("target") != n_orders):
        n_customers = int(n_orders / 7.8)
        log(f"simulating orders of {n_customers:,} customers (target {n_orders:,} orders)")
        o = simulate_orders(n_customers, *ORDERS_TRUTH, start="2024-01-01", end="2026-01-01",
                            seed=2026)
        o.to_parquet(orders, index=False)
        meta.write_text(json.dumps({"target": n_orders, "orders": len(o),
                                    "customers": n_customers}))
        del o


def run(py: Path, task: str, n: int = 0, timeout: float = 1200, dataset: str = "bgnbd_1m") -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1")
    log(f"{task} {n or ''} ({py.parent.parent.name})")
    try:
        p = subprocess.run([str(py), str(HERE / "worker.py"), task, str(DATA), str(n), dataset],
                           capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"task": task, "n": n, "error": f"timed out after {timeout:.0f} s"}
    if p.returncode != 0:
        return {"task": task, "n": n, "error": p.stderr.strip().splitlines()[-1][:200]}
    res = json.loads(p.stdout.strip().splitlines()[-1])
    imp = f" (+ {res['import_seconds']:.2f} s import)" if "import_seconds" in res else ""
    log(f"  -> {res.get('seconds', float('nan')):.2f} s{imp}, {res.get('mem_mb', 0):.0f} MB")
    return res


def rel_err(p: dict, q: dict) -> float:
    return max(abs(p[k] - q[k]) / abs(q[k]) for k in ("r", "alpha", "a", "b"))


def fmt_params(p: dict) -> str:
    return ", ".join(f"{k}={p[k]:.4f}" for k in ("r", "alpha", "a", "b"))


SUITES = ("fit", "continuous", "rfm")
# heading of each suite's section in RESULTS.md (sections of suites not run are kept)
HEADINGS = {"fit": "## BG/NBD fit, daily data", "continuous": "## BG/NBD fit, continuous recency",
            "rfm": "## RFM summary and cohort matrix"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=10_000_000, help="orders for RFM/cohorts")
    ap.add_argument("--skip-pymc", action="store_true")
    ap.add_argument("--pymc-timeout", type=float,
                    default=float(os.environ.get("PYMC_INSTALL_TIMEOUT", 420)))
    ap.add_argument("--suites", default=",".join(SUITES),
                    help=f"comma-separated, among {', '.join(SUITES)}")
    args = ap.parse_args()
    suites = [x.strip() for x in args.suites.split(",") if x.strip()]
    if not suites or set(suites) - set(SUITES):
        ap.error(f"--suites takes some of {', '.join(SUITES)}")
    started = time.time()
    load0 = os.getloadavg()

    lt_py, lt_note = ensure_env("lifetimes", LIFETIMES_PINS, 600)
    log(f"lifetimes: {lt_note}")
    if args.skip_pymc or "fit" not in suites:
        pm_py, pm_note = None, "skipped"
    else:
        pm_py, pm_note = ensure_env("pymc", ["pymc-marketing"], args.pymc_timeout)
    log(f"pymc-marketing: {pm_note}")
    make_data(args.orders, suites)
    ours = Path(sys.executable)

    def fit_rows(n: int, dataset: str, pymc: bool) -> dict:
        row = {"n": n, "ours": run(ours, "fit_ours", n, dataset=dataset)}
        if lt_py:
            row["lifetimes"] = run(lt_py, "fit_lifetimes", n, dataset=dataset)
            row["lifetimes_weighted"] = run(lt_py, "fit_lifetimes_weighted", n, dataset=dataset)
        if pm_py and pymc:
            row["pymc"] = run(pm_py, "fit_pymc", n, timeout=900, dataset=dataset)
        return row

    fits = [fit_rows(n, "bgnbd_1m", True) for n in (100_000, 1_000_000)] \
        if "fit" in suites else None
    cont = None
    if "continuous" in suites:
        # two rounds, interleaved: the box is shared, a single pair of timings is noisy
        cont = [fit_rows(1_000_000, "bgnbd_1m_continuous", False) for _ in range(2)]
    rfm = None
    if "rfm" in suites:
        rfm = {"ours": run(ours, "rfm_ours"), "ours_mem": run(ours, "rfm_ours_mem"),
               "cohort_ours": run(ours, "cohort_ours"),
               "cohort_ours_mem": run(ours, "cohort_ours_mem"),
               "cohort_pandas": run(ours, "cohort_pandas")}
        if lt_py:
            rfm["lifetimes"] = run(lt_py, "rfm_lifetimes")
    meta = json.loads((DATA / "orders_10m.json").read_text()) if rfm is not None else {}
    write_results(fits, cont, rfm, meta, lt_note, pm_note, load0, time.time() - started)


def _old_sections() -> dict[str, list[str]]:
    """Sections of the current RESULTS.md by heading (the text from one ``## `` line to the next)."""
    path = HERE / "RESULTS.md"
    if not path.exists():
        return {}
    out: dict[str, list[str]] = {}
    current = None
    legacy = None  # files written before sections had their own date: the file's run date
    for line in path.read_text().splitlines():
        if line.startswith("Run ") and " by `benchmarks/clv/run.py`" in line and current is None:
            legacy = line[4:line.index(" by ")]
        if line.startswith("## "):
            if current is not None and legacy and not any("Measured" in b for b in out[current]):
                out[current][1:1] = [f"Measured {legacy} (an earlier run).", ""]
            current = line
            out[current] = []
        elif current is not None:
            out[current].append(line)
    if current is not None and legacy and not any("Measured" in b for b in out[current]):
        out[current][1:1] = [f"Measured {legacy} (an earlier run).", ""]
    return out


def _speed(ours: dict, peer: dict, with_import: bool) -> float | None:
    if "seconds" not in ours or "seconds" not in peer:
        return None
    if with_import:
        if "import_seconds" not in ours or "import_seconds" not in peer:
            return None
        return (peer["seconds"] + peer["import_seconds"]) / (ours["seconds"] + ours["import_seconds"])
    return peer["seconds"] / ours["seconds"]


def _fit_table(fits: list[dict]) -> list[str]:
    lines = [
        "| customers | implementation | fit (s) | import (s) | peak mem growth (MB) | "
        "max rel. error vs truth | max rel. diff vs lifetimes | speed-up vs lifetimes: fit "
        "(per-customer / weighted rows) | speed-up, fit + import (per-customer) |",
        "|---|---|---|---|---|---|---|---|---|",
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
                lines.append(f"| {row['n']:,} | {name} | failed: {r['error']} | | | | | | |")
                continue
            vs_lt = f"{rel_err(r['params'], lt['params']):.1e}" \
                if "params" in lt and key != "lifetimes" else ""
            speed = both = ""
            if key == "ours":
                s1, s2 = _speed(r, lt, False), _speed(r, ltw, False)
                if s1 is not None:
                    speed = f"{s1:.1f}x / " + (f"{s2:.1f}x" if s2 is not None else "-")
                s3 = _speed(r, lt, True)
                both = f"{s3:.1f}x" if s3 is not None else ""
            imp = f"{r['import_seconds']:.2f}" if "import_seconds" in r else ""
            rows = f" ({r['rows']:,} distinct rows)" if "rows" in r else ""
            lines.append(f"| {row['n']:,} | {name}{rows} | {r['seconds']:.2f} | {imp} | "
                         f"{r['mem_mb']:.0f} | {rel_err(r['params'], TRUTH):.3f} | {vs_lt} | "
                         f"{speed} | {both} |")
    lines += ["", "Fitted parameters:", ""]
    for row in fits:
        for key in ("ours", "lifetimes", "lifetimes_weighted", "pymc"):
            r = row.get(key)
            if r and "params" in r:
                lines.append(f"- {row['n']:,} {key}: {fmt_params(r['params'])}")
    return lines


def write_results(fits, cont, rfm, meta, lt_note, pm_note, load0, elapsed) -> None:
    stamp = time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())
    ran = [k for k, v in (("fit", fits), ("continuous", cont), ("rfm", rfm)) if v is not None]
    lines = [
        "# CLV benchmark results",
        "",
        f"Last run {stamp} by `benchmarks/clv/run.py --suites {','.join(ran)}` in "
        f"{elapsed / 60:.1f} min on {os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}), load average {load0[0]:.1f} at start "
        "(the box is shared: absolute times are noisy, the ratios are measured side by side in "
        "one run). Each step runs in its own process; memory is the growth of that process's "
        "peak RSS during the step. Sections of suites not run then are kept from earlier runs "
        "and say when they were measured.",
        "",
        f"Peers: lifetimes 0.11.3 ({lt_note}; pinned to {', '.join(LIFETIMES_PINS[1:])}); "
        f"pymc-marketing ({pm_note}). pymc-marketing times include building and compiling the "
        "model, as a user pays them on each fit in a fresh process. Import times: the fitting "
        "library imported first thing in a fresh process (numpy, scipy, pandas... included).",
        "",
    ]
    old = _old_sections()

    def keep(suite: str) -> None:
        for heading, body in old.items():
            if heading.startswith(HEADINGS[suite]) or (suite == "fit" and heading == "## BG/NBD fit"):
                lines.append(HEADINGS[suite] if heading == "## BG/NBD fit" else heading)
                lines.extend(body)
                return

    if fits is not None:
        lines += [
            HEADINGS["fit"],
            "",
            f"Measured {stamp}. Simulated customers (seed 2026), true {fmt_params(TRUTH)} (alpha "
            "in days), recorded at daily resolution, ages 30-730 days. lifetimes is fitted as "
            "users call it (one row per customer) and, as its best case, on weighted unique rows.",
            "",
            *_fit_table(fits),
            "",
        ]
    else:
        keep("fit")
    if cont is not None:
        lines += [
            HEADINGS["continuous"],
            "",
            f"Measured {stamp}, two rounds. 1M simulated customers (seed 2026), true "
            f"{fmt_params(TRUTH)}, whole-day ages 30-730 days, purchase times not rounded: "
            "recency is continuous, so most (frequency, recency, T) rows are distinct and "
            "compressing them to weighted rows gains little.",
            "",
            *_fit_table(cont),
            "",
        ]
    else:
        keep("continuous")
    if rfm is not None:
        lines += _rfm_section(rfm, meta, stamp)
    else:
        keep("rfm")
    (HERE / "RESULTS.md").write_text("\n".join(lines).rstrip("\n") + "\n")
    log(f"wrote {HERE / 'RESULTS.md'}")
    print("\n".join(lines))


def _rfm_section(rfm, meta, stamp) -> list[str]:
    lines = [
        f"{HEADINGS['rfm']} of {meta['orders']:,} orders ({meta['customers']:,} customers)",
        "",
        f"Measured {stamp}. Ours run on DuckDB, straight from the Parquet file (the scan is "
        "inside the timing) and from a table already in memory (like `ClientData.engine`); the "
        "peers get a pandas DataFrame already in memory. DuckDB uses both cores; pandas and "
        "lifetimes one.",
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
    return lines


if __name__ == "__main__":
    main()
