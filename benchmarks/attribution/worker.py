"""One timed run of one tool on one dataset, in a fresh process (called by ``run.py``).

Usage: ``python worker.py TOOL TASK DATA.parquet OUT.json [REPEAT]``

TOOL is ``roianalysis``, ``ChannelAttribution`` or ``dp6``; TASK is ``heuristics`` (first touch,
last touch and linear), ``markov1`` or ``markov3`` (``markov1-nsim1e6``: ChannelAttribution with
ten times its default number of simulations). The input table is read before timing; the
time covers everything the tool does from that in-memory table to credits per channel (parsing
the path strings included). Peak memory is the process's peak resident set size (``VmHWM``)
during the timed part, the loaded input included; its high-water mark is reset after loading.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time

import pandas as pd


def _rss_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _pairs(keys, values) -> dict:
    return {str(k): float(v) for k, v in zip(keys, values, strict=True)}


# ----------------------------------------------------------------------------- tools
def run_roianalysis(df: pd.DataFrame, task: str) -> dict:
    from roianalysis.attribution import compare_models
    from roianalysis.attribution.markov import markov

    paths = df.rename(columns={"total_conversions": "conversions", "total_null": "nulls",
                               "total_conversion_value": "value"})
    if task == "heuristics":
        cmp = compare_models(paths, models=["first_touch", "last_touch", "linear"])
        return {m: {"conversions": cmp.conversions[m].to_dict(), "value": cmp.value[m].to_dict()}
                for m in cmp.conversions.columns}
    res = markov(paths, order=int(task[-1]))
    return {"markov": {"conversions": res.credits["conversions"].to_dict(),
                       "value": res.credits["value"].to_dict(),
                       "removal_effects": res.removal_effects["conversions"].to_dict()}}


def run_channelattribution(df: pd.DataFrame, task: str) -> dict:
    with contextlib.redirect_stdout(io.StringIO()):
        import ChannelAttribution as ca

        if task == "heuristics":
            out = ca.heuristic_models(df, "path", "total_conversions",
                                      var_value="total_conversion_value", sep=">", flg_pro=False)
        else:
            nsim = 1e6 if task.endswith("nsim1e6") else 1e5  # 1e5 is ChannelAttribution's default
            out = ca.markov_model(df, "path", "total_conversions",
                                  var_value="total_conversion_value", var_null="total_null",
                                  order=int(task[6]), sep=">", verbose=False, flg_pro=False,
                                  nsim_start=nsim)
    names = [str(c).strip() for c in out["channel_name"]]
    if task == "heuristics":
        res = {}
        for ours, theirs in (("first_touch", "first_touch"), ("last_touch", "last_touch"),
                             ("linear", "linear_touch")):
            res[ours] = {"conversions": _pairs(names, out[f"{theirs}_conversions"]),
                         "value": _pairs(names, out[f"{theirs}_value"])}
        return res
    return {"markov": {"conversions": _pairs(names, out["total_conversions"]),
                       "value": _pairs(names, out["total_conversion_value"])}}


def dp6_input(df: pd.DataFrame) -> pd.DataFrame:
    """DP6's grouped-journey format: one row per (path, converted?) with its count."""
    conv = df[df.total_conversions > 0]
    null = df[df.total_null > 0]
    return pd.concat([
        pd.DataFrame({"path": conv.path, "has_conv": True, "occurrences": conv.total_conversions.astype("int64")}),
        pd.DataFrame({"path": null.path, "has_conv": False, "occurrences": null.total_null.astype("int64")}),
    ], ignore_index=True)


def run_dp6(df: pd.DataFrame, task: str) -> dict:
    from mam import MAM

    mam = MAM(df, format_type="grouped_journey", channels_colname="path",
              journey_with_conv_colname="has_conv", occurrences_colname="occurrences",
              path_separator=" > ")
    runs = {"heuristics": [("first_touch", mam.run_first_click), ("last_touch", mam.run_last_click),
                           ("linear", mam.run_linear)],
            "markov1": [("markov", mam.run_markov)]}[task]
    res = {}
    for name, fn in runs:
        r = fn()
        agg = r.to_pandas()
        res[name] = {"conversions": _pairs(agg["channels"].astype(str), agg["attribution"])}
        if name == "markov":
            re = r.metadata["removal_effect"]["removal_effect"]
            res[name]["removal_effects"] = {str(k): float(v) for k, v in re.items()}
    return res


TOOLS = {"roianalysis": run_roianalysis, "ChannelAttribution": run_channelattribution,
         "dp6": run_dp6}


def main() -> None:
    tool, task, data, out = sys.argv[1:5]
    repeat = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    df = pd.read_parquet(data)
    if tool == "dp6":
        df = dp6_input(df)
    fn = TOOLS[tool]
    if tool == "roianalysis":  # import outside the timing, like the peers' imports below
        import roianalysis.attribution  # noqa: F401
    elif tool == "ChannelAttribution":
        with contextlib.redirect_stdout(io.StringIO()):
            import ChannelAttribution  # noqa: F401
    else:
        import mam  # noqa: F401
    base_kb = _rss_kb("VmRSS")
    _reset_peak()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(df, task)
        times.append(time.perf_counter() - t0)
    json.dump({"tool": tool, "task": task, "seconds": min(times), "all_seconds": times,
               "peak_mb": _rss_kb("VmHWM") / 1024, "input_mb": base_kb / 1024,
               "credits": result}, open(out, "w"))


if __name__ == "__main__":
    main()
