"""One measurement, in its own process (so peak memory is its own): prints one JSON line.

Run by ``benchmarks/clv/run.py`` with the project's interpreter (``ours`` tasks) or with a peer's
virtual environment (``lifetimes`` and ``pymc`` tasks). Usage::

    python worker.py TASK DATA_DIR [N [DATASET]]

Tasks: ``fit_ours``, ``fit_lifetimes``, ``fit_lifetimes_weighted``, ``fit_pymc``, ``rfm_ours``,
``rfm_lifetimes``, ``cohort_ours``, ``cohort_pandas``. Times are wall-clock seconds of the step
alone (data already loaded, except for ``ours`` engine tasks which scan the Parquet file inside the
step); memory is the growth of the process's peak resident set during the step (MB). Fit tasks
also report ``import_seconds``: importing the fitting library first thing in the fresh process
(with numpy, scipy, pandas... whatever it pulls in), as a user's script pays it. ``DATASET`` is
the ``.npz`` file of RFM arrays in ``DATA_DIR`` (default ``bgnbd_1m``).
"""

from __future__ import annotations

import json
import resource
import sys
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

CAL_END = "2025-06-30"  # lifetimes: orders dated on or before that day
CAL_END_TS = "2025-06-30 23:59:59.999999"  # the same orders, for exact timestamps


def _peak_mb() -> float:
    """Peak resident set of this process (MB). VmHWM belongs to the process's own memory map;
    ru_maxrss would start at the parent's peak when the parent was large at fork time."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _fit_data(data_dir: Path, n: int, dataset: str):
    import numpy as np

    z = np.load(data_dir / f"{dataset}.npz")
    return z["frequency"][:n], z["recency"][:n], z["T"][:n]


def _import_fitter(task: str):
    """Import the library a fit task measures; returns (what was imported, seconds)."""
    t0 = time.perf_counter()
    if task == "fit_ours":
        from roianalysis.clv import BetaGeoModel as fitter
    elif task.startswith("fit_lifetimes"):
        from lifetimes import BetaGeoFitter as fitter
    elif task == "fit_pymc":
        from pymc_marketing.clv import BetaGeoModel as fitter
    else:
        raise SystemExit(f"unknown task {task}")
    return fitter, time.perf_counter() - t0


def main() -> None:
    task, data_dir = sys.argv[1], Path(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    dataset = sys.argv[4] if len(sys.argv) > 4 else "bgnbd_1m"
    out: dict = {"task": task, "n": n, "dataset": dataset}

    if task.startswith("fit_"):
        fitter, out["import_seconds"] = _import_fitter(task)
        import numpy as np
        import pandas as pd

        x, tx, T = _fit_data(data_dir, n, dataset)
        if task == "fit_ours":
            BetaGeoModel = fitter
            base = _peak_mb()
            t0 = time.perf_counter()
            m = BetaGeoModel().fit(x, tx, T)
            out["seconds"] = time.perf_counter() - t0
            out["params"] = m.params_
        elif task in ("fit_lifetimes", "fit_lifetimes_weighted"):
            BetaGeoFitter = fitter
            if task == "fit_lifetimes_weighted":
                g = pd.DataFrame({"x": x, "tx": tx, "T": T}).groupby(["x", "tx", "T"]).size()
                idx = g.index.to_frame(index=False)
                args = (idx["x"].to_numpy(), idx["tx"].to_numpy(), idx["T"].to_numpy())
                kw = {"weights": g.to_numpy()}
                out["rows"] = len(g)
            else:
                args, kw = (x, tx, T), {}
            base = _peak_mb()
            t0 = time.perf_counter()
            f = BetaGeoFitter().fit(*args, **kw)
            out["seconds"] = time.perf_counter() - t0
            out["params"] = {k: float(v) for k, v in f.params_.items()}
        elif task == "fit_pymc":
            BetaGeoModel = fitter
            df = pd.DataFrame({"customer_id": np.arange(len(x)), "frequency": x,
                               "recency": tx, "T": T})
            base = _peak_mb()
            t0 = time.perf_counter()
            model = BetaGeoModel(data=df)
            model.fit(method="map") if "method" in model.fit.__code__.co_varnames \
                else model.fit(fit_method="map")
            out["seconds"] = time.perf_counter() - t0
            post = model.fit_summary()
            if isinstance(post, pd.DataFrame):
                post = post["mean"] if "mean" in post.columns else post.iloc[:, 0]
            out["params"] = {k: float(post[k]) for k in ("r", "alpha", "a", "b")}
        else:
            raise SystemExit(f"unknown task {task}")
        out["mem_mb"] = _peak_mb() - base

    elif task in ("rfm_ours", "cohort_ours", "rfm_ours_mem", "cohort_ours_mem"):
        from roianalysis.clv import rfm_summary
        from roianalysis.cohorts import cohort_matrix
        from roianalysis.engine import Engine

        eng = Engine.from_parquet({"orders": data_dir / "orders_10m.parquet"})
        if task.endswith("_mem"):  # the orders already in the engine, like the peers' DataFrame
            con = eng.con
            eng = Engine(con, {"orders": con.create_table("orders_mem", obj=eng.table("orders"))})
        base = _peak_mb()
        t0 = time.perf_counter()
        if task.startswith("rfm_ours"):
            res = rfm_summary(eng, CAL_END_TS, time_unit="D")
            out["rows"] = len(res)
            out["check"] = float(res["frequency"].sum())
        else:
            res = cohort_matrix(eng)
            out["rows"] = int(res.counts.shape[0])
            out["check"] = float(res.counts[1].sum())
        out["seconds"] = time.perf_counter() - t0
        out["mem_mb"] = _peak_mb() - base

    elif task in ("rfm_lifetimes", "cohort_pandas"):
        import pandas as pd

        df = pd.read_parquet(data_dir / "orders_10m.parquet",
                             columns=["contact_id", "ordered_at", "revenue"])
        base = _peak_mb()
        t0 = time.perf_counter()
        if task == "rfm_lifetimes":
            from lifetimes.utils import summary_data_from_transaction_data

            res = summary_data_from_transaction_data(
                df, "contact_id", "ordered_at", monetary_value_col="revenue",
                observation_period_end=CAL_END, freq="D")
            out["rows"] = len(res)
            out["check"] = float(res["frequency"].sum())
        else:
            # the usual pandas recipe: month of each order, first month per customer, distinct
            # customers per (cohort, months since)
            month = df["ordered_at"].dt.to_period("M")
            first = month.groupby(df["contact_id"]).transform("min")
            k = (month.dt.year - first.dt.year) * 12 + (month.dt.month - first.dt.month)
            frame = pd.DataFrame({"cohort": first, "k": k, "contact_id": df["contact_id"],
                                  "revenue": df["revenue"]})
            counts = frame.groupby(["cohort", "k"])["contact_id"].nunique().unstack()
            revenue = frame.groupby(["cohort", "k"])["revenue"].sum().unstack()
            shares = counts.div(counts[0], axis=0)
            cum = revenue.cumsum(axis=1).div(counts[0], axis=0)
            out["rows"] = int(counts.shape[0])
            out["check"] = float(counts[1].sum())
            del shares, cum
        out["seconds"] = time.perf_counter() - t0
        out["mem_mb"] = _peak_mb() - base
    else:
        raise SystemExit(f"unknown task {task}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
