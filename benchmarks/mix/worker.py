"""One measurement, in its own process (so wall time includes imports and memory is its own):
prints one JSON line.

Run by ``benchmarks/mix/run.py`` with the project's interpreter (``ours`` tasks) or with the
pymc-marketing virtual environment (``pymc``). Usage::

    python worker.py TASK DATA_DIR [ARG]

Tasks:

- ``fit_ours``: import roianalysis.mix, fit the series, ROAS with 90 % intervals (wall time from
  the process start, imports included);
- ``coverage_ours ARG``: ARG seeds of the same simulation, ROAS error and interval coverage;
- ``alloc_ours``: the allocator against a brute-force grid of the fitted model's curves;
- ``geo_ours ARG``: ARG simulated geo panels (+5 % on 2 of 20 markets for the last 8 of 104
  weeks, and the same without effect): lift error, 95 % interval coverage, power, false
  positives;
- ``fit_pymc ARG``: pymc-marketing's MMM (geometric adstock, logistic saturation, the same
  baseline: yearly Fourier order 2, the control and a trend column), NUTS with ARG draws per
  chain (2 chains, as many tuning draws), ROAS posterior mean and 5-95 % quantiles.
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from pathlib import Path

T_START = time.perf_counter()
warnings.filterwarnings("ignore")


def _peak_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def _load(data_dir: Path):
    import pandas as pd

    df = pd.read_csv(data_dir / "series.csv", parse_dates=["date"])
    truth = json.loads((data_dir / "truth.json").read_text())
    return df, truth


def main() -> None:
    task, data_dir = sys.argv[1], Path(sys.argv[2])
    arg = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    out: dict = {"task": task}
    if task == "fit_ours":
        from roianalysis import mix

        df, truth = _load(data_dir)
        t0 = time.perf_counter()
        m = mix.fit(df, target="revenue", channels=["tv", "search"], controls=["price_index"])
        r = m.roas()
        out["fit_seconds"] = time.perf_counter() - t0
        out["roas"] = {ch: [float(r.loc[ch, k]) for k in ("roas", "lower", "upper")]
                       for ch in r.index}
        out["hex"] = [float(v).hex() for v in r.to_numpy().ravel()]
    elif task == "coverage_ours":
        import numpy as np

        from roianalysis import mix

        _, truth = _load(data_dir)
        spec = truth["spec"]
        errs, cov, widths = [], [], []
        t0 = time.perf_counter()
        for seed in range(arg):
            df, tr = mix.simulate_mix(spec["n_periods"], seed=1000 + seed,
                                      noise_sd=spec["noise_sd"], channels=truth["channels_spec"])
            r = mix.fit(df, target="revenue", channels=["tv", "search"],
                        controls=["price_index"]).roas()
            for ch in r.index:
                t = tr["channels"][ch]["roas"]
                errs.append(float(r.loc[ch, "roas"] / t - 1))
                cov.append(bool(r.loc[ch, "lower"] <= t <= r.loc[ch, "upper"]))
                widths.append(float((r.loc[ch, "upper"] - r.loc[ch, "lower"]) / 2 / t))
        out["seconds_per_fit"] = (time.perf_counter() - t0) / arg
        e = np.abs(errs)
        out.update(seeds=arg, coverage=float(np.mean(cov)), mean_abs_err=float(e.mean()),
                   max_abs_err=float(e.max()), within_5pct=float(np.mean(e < 0.05)),
                   mean_half_width=float(np.mean(widths)))
    elif task == "alloc_ours":
        import numpy as np

        from roianalysis import mix

        df, _ = _load(data_dir)
        m = mix.fit(df, target="revenue", channels=["tv", "search"], controls=["price_index"])
        budget = float(m.current_spend().sum())
        t0 = time.perf_counter()
        plan = m.optimize(budget=budget, bounds=None)
        out["seconds"] = time.perf_counter() - t0
        tv = np.linspace(0.0, budget, 1_000_001)
        total = (m.response("tv", tv)["response"].to_numpy()
                 + m.response("search", budget - tv)["response"].to_numpy())
        best = float(total.max())
        ours = float(plan["expected"].sum())
        out.update(budget=budget, ours=ours, brute=best, rel_diff=(ours - best) / best,
                   optimal={ch: float(v) for ch, v in plan["optimal"].items()},
                   current={ch: float(v) for ch, v in plan["current"].items()},
                   brute_tv=float(tv[int(total.argmax())]), gain=plan.attrs["gain"],
                   message=plan.attrs["message"])
        t0 = time.perf_counter()
        plan3 = m.optimize(bounds=0.3)
        out["seconds_bounded"] = time.perf_counter() - t0
        out["gain_bounded"] = plan3.attrs["gain"]
    elif task == "geo_ours":
        import numpy as np

        from roianalysis import experiments as ex

        errs, cov, sig, null_sig = [], [], [], []
        t0 = time.perf_counter()
        for seed in range(arg):
            df, truth = ex.simulate_geo(seed=seed, lift=0.05)
            r = ex.geo_lift(df, outcome="orders", treated=truth["treated"],
                            start=truth["start"])
            errs.append(r.lift - 0.05)
            cov.append(r.interval[0] <= 0.05 <= r.interval[1])
            sig.append(r.p_value < 0.05)
            df0, truth0 = ex.simulate_geo(seed=seed, lift=0.0)
            null_sig.append(ex.geo_lift(df0, outcome="orders", treated=truth0["treated"],
                                        start=truth0["start"]).p_value < 0.05)
        out["seconds_per_test"] = (time.perf_counter() - t0) / (2 * arg)
        e = np.abs(errs)
        out.update(panels=arg, within_1_5_points=float(np.mean(e < 0.015)),
                   mean_abs_err=float(e.mean()), max_abs_err=float(e.max()),
                   coverage=float(np.mean(cov)), power=float(np.mean(sig)),
                   false_positive=float(np.mean(null_sig)))
    elif task == "fit_pymc":
        import numpy as np
        from pymc_marketing.mmm import GeometricAdstock, LogisticSaturation
        from pymc_marketing.mmm.multidimensional import MMM

        df, truth = _load(data_dir)
        df["trend"] = np.arange(len(df)) / len(df)
        X, y = df.drop(columns="revenue"), df["revenue"]
        t0 = time.perf_counter()
        mmm = MMM(date_column="date", channel_columns=["tv", "search"], target_column="revenue",
                  control_columns=["price_index", "trend"], adstock=GeometricAdstock(l_max=12),
                  saturation=LogisticSaturation(), yearly_seasonality=2)
        mmm.build_model(X, y)
        mmm.add_original_scale_contribution_variable(["channel_contribution"])
        mmm.fit(X, y, chains=2, cores=2, draws=arg, tune=arg, random_seed=2026,
                progressbar=False)
        out["fit_seconds"] = time.perf_counter() - t0
        post = mmm.idata.posterior["channel_contribution_original_scale"]
        tot = post.sum("date")
        spend = df[["tv", "search"]].sum()
        out["roas"] = {}
        for ch in ("tv", "search"):
            s = tot.sel(channel=ch).to_numpy().ravel() / spend[ch]
            out["roas"][ch] = [float(s.mean()), float(np.quantile(s, 0.05)),
                               float(np.quantile(s, 0.95))]
        out["hex"] = [float(v).hex() for ch in ("tv", "search") for v in out["roas"][ch]]
        try:
            import arviz as az

            summ = az.summary(mmm.idata, var_names=["saturation_beta"], kind="diagnostics")
            out["r_hat_max"] = float(summ["r_hat"].max())
            out["divergences"] = int(mmm.idata.sample_stats["diverging"].sum())
        except Exception as exc:  # diagnostics are a bonus
            out["diag_error"] = str(exc)[:100]
    else:
        raise SystemExit(f"unknown task {task}")
    out["wall_seconds"] = time.perf_counter() - T_START
    out["peak_mb"] = _peak_mb()
    out["pid"] = os.getpid()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
