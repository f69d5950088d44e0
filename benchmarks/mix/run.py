"""Mix model benchmark: roianalysis.mix against pymc-marketing on one simulated series, one run.

    .venv/bin/python benchmarks/mix/run.py [--skip-pymc] [--draws 500] [--seeds 30]

1. Installs ``pymc-marketing`` into its own virtual environment under ``benchmarks/.envs/pymc``
   (git-ignored; ``PYMC_INSTALL_TIMEOUT`` seconds, default 420).
2. Simulates with :func:`roianalysis.mix.simulate_mix` (seed 2026) 180 weeks of revenue from two
   channels with geometric adstock and logistic saturation, a trend, yearly seasonality, one
   control and Gaussian noise; written with its truth to ``benchmarks/.data/mix/``.
3. Measures, each step in its own process (``worker.py``): our fit (twice, to compare the runs
   bit for bit), the coverage of our 90 % intervals over ``--seeds`` more series of the same
   design, our allocator against a brute-force grid, and pymc-marketing's MMM with NUTS (2 chains
   x ``--draws`` draws after as many tuning steps; twice with the same seed).
4. Writes the tables to ``benchmarks/mix/RESULTS.md``.
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
DATA = ROOT / "benchmarks" / ".data" / "mix"
sys.path.insert(0, str(HERE.parent / "clv"))
from run import ensure_env, log  # noqa: E402  (the CLV benchmark's venv helper)

N_PERIODS, SEED, NOISE = 180, 2026, 100.0


def make_data() -> dict:
    sys.path.insert(0, str(ROOT))
    from roianalysis import mix

    channels = {k: dict(v, cv=0.8) for k, v in mix.DEFAULT_CHANNELS.items()}
    df, truth = mix.simulate_mix(N_PERIODS, seed=SEED, noise_sd=NOISE, channels=channels)
    DATA.mkdir(parents=True, exist_ok=True)
    df.to_csv(DATA / "series.csv", index=False, float_format="%.17g")
    truth["spec"] = {"n_periods": N_PERIODS, "noise_sd": NOISE}
    truth["channels_spec"] = channels
    (DATA / "truth.json").write_text(json.dumps(truth))
    return truth


def run(py: Path, task: str, arg: int = 0, timeout: float = 1800) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    log(f"{task} {arg or ''} ({py.parent.parent.name})")
    import resource

    t0 = time.perf_counter()
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        p = subprocess.run([str(py), str(HERE / "worker.py"), task, str(DATA), str(arg)],
                           capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"task": task, "error": f"timed out after {timeout:.0f} s"}
    wall = time.perf_counter() - t0
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
    if p.returncode != 0:
        return {"task": task, "error": p.stderr.strip().splitlines()[-1][:300]}
    res = json.loads(p.stdout.strip().splitlines()[-1])
    res["process_seconds"] = wall
    res["cpu_seconds"] = cpu
    log(f"  -> {wall:.2f} s process, {cpu:.2f} CPU-s, {res.get('peak_mb', 0):.0f} MB peak")
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-pymc", action="store_true")
    ap.add_argument("--draws", type=int, default=500, help="pymc-marketing draws per chain")
    ap.add_argument("--pymc-runs", type=int, default=2)
    ap.add_argument("--seeds", type=int, default=30, help="series for our coverage")
    ap.add_argument("--geo-panels", type=int, default=50, help="simulated geo tests")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite RESULTS.md from the last run's results.json")
    ap.add_argument("--pymc-timeout", type=float,
                    default=float(os.environ.get("PYMC_INSTALL_TIMEOUT", 420)))
    args = ap.parse_args()
    started, load0 = time.time(), os.getloadavg()
    if args.report_only:
        saved = json.loads((DATA / "results.json").read_text())
        truth = json.loads((DATA / "truth.json").read_text())
        write_results(saved["res"], truth, saved["pm_note"], saved["version"], args,
                      saved["load0"], saved["elapsed"], saved["when"])
        return
    if args.skip_pymc:
        pm_py, pm_note = None, "skipped (--skip-pymc)"
    else:
        pm_py, pm_note = ensure_env("pymc", ["pymc-marketing"], args.pymc_timeout)
    log(f"pymc-marketing: {pm_note}")
    truth = make_data()
    ours = Path(sys.executable)
    res = {"ours": [run(ours, "fit_ours"), run(ours, "fit_ours")],
           "coverage": run(ours, "coverage_ours", args.seeds),
           "alloc": run(ours, "alloc_ours"),
           "geo": run(ours, "geo_ours", args.geo_panels)}
    res["pymc"] = [run(pm_py, "fit_pymc", args.draws) for _ in range(args.pymc_runs)] if (
        pm_py) else []
    res["load0"] = list(load0)
    version = ""
    if pm_py:
        v = subprocess.run([str(pm_py), "-c", "import pymc_marketing, pymc; print("
                            "f'{pymc_marketing.__version__} (PyMC {pymc.__version__})')"],
                           capture_output=True, text=True)
        version = v.stdout.strip()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    elapsed = time.time() - started
    (DATA / "results.json").write_text(json.dumps(
        {"res": res, "pm_note": pm_note, "version": version, "load0": list(load0),
         "elapsed": elapsed, "when": when}, indent=1))
    write_results(res, truth, pm_note, version, args, load0, elapsed, when)


def _roas_rows(name: str, r: dict, truth: dict) -> list[str]:
    rows = []
    for ch in ("tv", "search"):
        est, lo, hi = r["roas"][ch]
        t = truth["channels"][ch]["roas"]
        rows.append(f"| {name} | {ch} | {t:.4f} | {est:.4f} | {est / t - 1:+.2%} | "
                    f"{lo:.4f} - {hi:.4f} | {'yes' if lo <= t <= hi else 'no'} |")
    return rows


def _targets(res, truth) -> list[str]:
    """Each target of issue 16 with the measured figure and met / not met."""
    o1, o2 = res["ours"]
    errs = {ch: o1["roas"][ch][0] / truth["channels"][ch]["roas"] - 1 for ch in ("tv", "search")}
    covers = all(o1["roas"][ch][1] <= truth["channels"][ch]["roas"] <= o1["roas"][ch][2]
                 for ch in ("tv", "search"))
    wall = max(o1["process_seconds"], o2["process_seconds"])
    a, c = res["alloc"], res["coverage"]

    def met(ok):
        return "met" if ok else "**not met**"

    lines = [
        f"- ROAS within 5 % of the truth: tv {errs['tv']:+.1%}, search {errs['search']:+.1%} "
        f"({met(max(map(abs, errs.values())) < 0.05)}); over {c.get('seeds', 0)} more series "
        f"{c.get('within_5pct', float('nan')):.0%} of the ROAS are within 5 %.",
        f"- 90 % intervals covering the truth: {'both' if covers else 'not both'} on this series "
        f"({met(covers)}); coverage {c.get('coverage', float('nan')):.0%} over the "
        f"{2 * c.get('seeds', 0)} ROAS of the other series.",
        f"- Under 5 s wall on 2 cores, imports included: {wall:.2f} s at most at load average "
        f"{res.get('load0', [float('nan')])[0]:.1f} on a shared machine ({met(wall < 5)}); "
        f"CPU time {max(o1.get('cpu_seconds', 0), o2.get('cpu_seconds', 0)):.1f} s.",
        f"- Identical across runs: {met(o1.get('hex') == o2.get('hex'))} (bit for bit, two "
        "processes).",
    ]
    g = res.get("geo", {})
    if "coverage" in g:
        lines.append(f"- Geo test lift within 1.5 points, interval covering the truth: "
                     f"{g['within_1_5_points']:.0%} and {g['coverage']:.0%} of {g['panels']} "
                     "panels (measured; a target per test, not guaranteed on every panel).")
    if "rel_diff" in a:
        lines.append(f"- Allocator within 0.1 % of brute force in under 1 s: "
                     f"{abs(a['rel_diff']):.1e} relative in {a['seconds'] * 1000:.0f} ms "
                     f"({met(abs(a['rel_diff']) < 1e-3 and a['seconds'] < 1)}).")
    return lines


def write_results(res, truth, pm_note, version, args, load0, elapsed, when) -> None:
    o1, o2 = res["ours"]
    same = "identical" if o1.get("hex") == o2.get("hex") else "DIFFERENT"
    lines = [
        "# Mix model benchmark results",
        "",
        f"Run {when} by `benchmarks/mix/run.py` "
        f"in {elapsed / 60:.1f} min on {os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}), load average {load0[0]:.1f} at start "
        "(the box is shared with other jobs: absolute times are noisy). Each step runs in its "
        "own process; wall time is the whole process (interpreter start, imports, reading the "
        "CSV, fit), memory the process's peak resident set.",
        "",
        f"Series: `roianalysis.mix.simulate_mix` seed {SEED}, {N_PERIODS} weeks, channels tv "
        f"(geometric adstock alpha 0.6, logistic lam 1.2) and search (alpha 0.2, lam 2.0), spend "
        f"coefficient of variation 0.8, trend, yearly sine, one control, noise sd {NOISE:.0f} "
        "(revenue about 14,000 a week). True ROAS = simulated contribution / spend over the 180 "
        "weeks.",
        "",
        f"pymc-marketing {version} ({pm_note}): `pymc_marketing.mmm.multidimensional.MMM` with "
        "`GeometricAdstock(l_max=12)`, `LogisticSaturation()`, yearly_seasonality=2, controls "
        "`price_index` and a linear trend column, default priors; NUTS, 2 chains x "
        f"{args.draws} draws after {args.draws} tuning steps (kept small for 2 shared cores), "
        "random_seed=2026. Its interval is the 5-95 % posterior quantile range.",
        "",
        "## ROAS per channel",
        "",
        "| tool | channel | true ROAS | estimate | error | 90 % interval | covers |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += _roas_rows("roianalysis", o1, truth)
    for r in res["pymc"][:1]:
        lines += (_roas_rows("pymc-marketing", r, truth) if "roas" in r else
                  [f"| pymc-marketing | failed: {r.get('error')} | | | | | |"])
    lines += ["", "## Cost and reproducibility", "",
              "| tool | wall time (s), process | CPU time (s), process | of which fit, wall (s) | "
              "peak memory (MB) | run-to-run |", "|---|---|---|---|---|---|"]

    def cpu(r):
        return f"{r['cpu_seconds']:.1f}" if "cpu_seconds" in r else "?"

    lines.append(f"| roianalysis | {o1['process_seconds']:.2f} / {o2['process_seconds']:.2f} | "
                 f"{cpu(o1)} / {cpu(o2)} | "
                 f"{o1['fit_seconds']:.2f} / {o2['fit_seconds']:.2f} | {o1['peak_mb']:.0f} | "
                 f"{same} (ROAS, bounds, bit for bit) |")
    pm = [r for r in res["pymc"] if "roas" in r]
    if pm:
        walls = " / ".join(f"{r['process_seconds']:.1f}" for r in pm)
        fits = " / ".join(f"{r['fit_seconds']:.1f}" for r in pm)
        if len(pm) > 1:
            diff = max(abs(a - b) / abs(b) for ch in ("tv", "search")
                       for a, b in zip(pm[0]["roas"][ch], pm[1]["roas"][ch], strict=True))
            rr = ("identical" if pm[0]["hex"] == pm[1]["hex"] else
                  f"differs, max {diff:.2e} relative")
        else:
            rr = "one run"
        extra = f"; r_hat max {pm[0].get('r_hat_max', float('nan')):.3f}, " \
                f"{pm[0].get('divergences', '?')} divergences"
        cpus = " / ".join(cpu(r) for r in pm)
        lines.append(f"| pymc-marketing | {walls} | {cpus} | {fits} | {pm[0]['peak_mb']:.0f} | "
                     f"{rr}{extra} |")
    c = res["coverage"]
    if "coverage" in c:
        lines += ["", f"## Our interval coverage over {c['seeds']} more series of the same design",
                  "", f"Seeds 1000-{999 + c['seeds']}, two channels each "
                  f"({2 * c['seeds']} ROAS): 90 % Laplace intervals cover the truth "
                  f"**{c['coverage']:.0%}** of the time; mean absolute ROAS error "
                  f"{c['mean_abs_err']:.1%} (max {c['max_abs_err']:.1%}), "
                  f"{c['within_5pct']:.0%} within 5 %; mean half-width "
                  f"{c['mean_half_width']:.1%}; {c['seconds_per_fit']:.2f} s per fit."]
    a = res["alloc"]
    if "rel_diff" in a:
        lines += ["", "## Allocator", "",
                  f"Budget {a['budget']:,.0f} per week (the current total), no bounds. Brute "
                  "force: 1,000,001 splits of the budget between the two channels on the fitted "
                  f"model's response curves. Ours: {a['ours']:,.4f} expected revenue a week, "
                  f"brute force {a['brute']:,.4f}: difference {a['rel_diff']:+.2e} relative "
                  f"(tv {a['optimal']['tv']:,.2f} against the grid's {a['brute_tv']:,.2f}); "
                  f"{a['seconds'] * 1000:.0f} ms ({a['seconds_bounded'] * 1000:.0f} ms with "
                  "+-30 % bounds).", "", f"> {a['message']}"]
    g = res.get("geo", {})
    if "coverage" in g:
        lines += ["", "## Geo lift", "",
                  f"{g['panels']} panels from `roianalysis.experiments.simulate_geo` (20 markets, "
                  "104 weeks, two-factor model, 2 % noise): +5 % injected on 2 markets over the "
                  f"last 8 weeks. Lift within 1.5 points in {g['within_1_5_points']:.0%} of the "
                  f"panels (mean absolute error {100 * g['mean_abs_err']:.2f} points, max "
                  f"{100 * g['max_abs_err']:.2f}); 95 % conformal interval covers +5 % in "
                  f"{g['coverage']:.0%}; detected (p < 0.05) in {g['power']:.0%}; the same "
                  f"panels without effect: {g['false_positive']:.0%} false positives; "
                  f"{1000 * g['seconds_per_test']:.0f} ms per test."]
    lines += ["", "## Targets (issue 16)", "", *_targets(res, truth), ""]
    (HERE / "RESULTS.md").write_text("\n".join(lines))
    log(f"wrote {HERE / 'RESULTS.md'}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
