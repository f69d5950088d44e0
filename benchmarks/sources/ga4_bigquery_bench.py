"""Benchmark: a 1M-event GA4 BigQuery JSONL export read by the DuckDB reader vs pandas json_normalize.

Usage (from the repository root)::

    python benchmarks/sources/ga4_bigquery_bench.py [--events 1000000] [--file /tmp/ga4_events_1m.jsonl]

The export is generated once by ``ga4_bigquery_events.py`` (2024 schema, not committed). Each
reading runs in its own fresh Python process, one after the other, and reports wall time and
peak resident memory (``ru_maxrss`` of that process), plus what it built (sessions, orders,
revenue), which must agree:

- ``duckdb``: :func:`roianalysis.sources.read` on the file (detection, then ``ga4_bigquery.read``:
  DuckDB ``read_json`` with the explicit schema, sessions / orders / leads in SQL, pandas for the
  per-session rows; it also builds leads, touchpoints and traffic);
- ``pandas``: ``json.loads`` of every line, ``pd.json_normalize`` of the events and of their
  ``event_params`` (``record_path``), then pandas group-bys building the same sessions (first
  event, last-click source / medium / campaign) and the same de-duplicated orders.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def run_duckdb(path: str) -> dict:
    from roianalysis import sources

    imp = sources.read(path, salt=b"bench")
    return {"sessions": len(imp.tables["touchpoints"]), "orders": len(imp.tables["orders"]),
            "revenue": round(float(imp.tables["orders"]["revenue"].sum()), 2),
            "events": imp.rows.read}


def run_pandas(path: str) -> dict:
    import pandas as pd

    with open(path, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    events = pd.json_normalize(records, max_level=3)
    events["rn"] = range(len(events))
    for r, i in zip(records, range(len(records)), strict=True):
        r["_rn"] = i
    params = pd.json_normalize(records, record_path="event_params", meta=["_rn"])
    del records
    value = params["value.string_value"].astype(object)
    for col in ("value.int_value", "value.double_value", "value.float_value"):
        if col in params:
            value = value.where(value.notna(), params[col])
    params["v"] = value
    wide = params[params["key"].isin(["ga_session_id", "value"])].pivot_table(
        index="_rn", columns="key", values="v", aggfunc="first")
    events = events.join(wide, on="rn")
    events["ts"] = events["event_timestamp"].astype("int64")
    events["sid"] = pd.to_numeric(events["ga_session_id"], errors="coerce")
    ev = events[events["sid"].notna()].sort_values(["ts", "rn"])
    lc = "session_traffic_source_last_click.manual_campaign."
    sessions = ev.groupby(["user_pseudo_id", "sid"]).agg(
        start=("ts", "min"), source=(lc + "source", "first"), medium=(lc + "medium", "first"),
        campaign=(lc + "campaign_name", "first"))
    purchases = events[events["event_name"] == "purchase"].sort_values(["ts", "rn"])
    orders = purchases.drop_duplicates("ecommerce.transaction_id")
    revenue = orders["ecommerce.purchase_revenue"].fillna(pd.to_numeric(orders["value"])).sum()
    return {"sessions": len(sessions), "orders": len(orders), "revenue": round(float(revenue), 2),
            "events": len(events)}


def child(kind: str, path: str) -> None:
    t0 = time.perf_counter()
    out = (run_duckdb if kind == "duckdb" else run_pandas)(path)
    out["seconds"] = round(time.perf_counter() - t0, 2)
    out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--file", default="/tmp/ga4_events_1m.jsonl")
    ap.add_argument("--child", choices=("duckdb", "pandas"))
    args = ap.parse_args()
    if args.child:
        child(args.child, args.file)
        return
    f = Path(args.file)
    if not f.is_file():
        sys.path.insert(0, str(HERE))
        import ga4_bigquery_events

        t0 = time.perf_counter()
        n = ga4_bigquery_events.write(str(f), args.events)
        print(f"generated {n} events ({f.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.0f} s")
    print(f"file: {f} ({f.stat().st_size / 1e6:.0f} MB)")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    results = {}
    for kind in ("duckdb", "pandas"):
        proc = subprocess.run([sys.executable, __file__, "--child", kind, "--file", str(f)],
                              capture_output=True, text=True, env=env, check=True)
        results[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
        print(kind, results[kind])
    a, b = results["duckdb"], results["pandas"]
    same = all(a[k] == b[k] for k in ("sessions", "orders", "revenue", "events"))
    print(f"same sessions/orders/revenue: {same}; pandas/duckdb time {b['seconds'] / a['seconds']:.1f}x, "
          f"peak memory {b['peak_mb'] / a['peak_mb']:.1f}x")


if __name__ == "__main__":
    main()
