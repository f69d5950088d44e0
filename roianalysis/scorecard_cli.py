"""``roianalysis scorecard``: the scorecard in the terminal, as CSV or as JSON.

JSON is a list of records, one per (metric, channel): ``metric``, ``channel`` (null for all
channels), ``campaign``, ``label``, ``unit``, ``actual``, ``target``, ``achievement``, ``status``
(``on_track``, ``at_risk``, ``off_track`` or null without a target), ``previous``, ``year_ago``,
their deltas, ``p_value`` (rate and count metrics), ``test``, ``projected`` (running periods) and
``trend``. Missing numbers are null.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys

from roianalysis.cli import command
from roianalysis.report.texts import LANGUAGES
from roianalysis.text import terminal_text

RECORD_FIELDS = ["metric", "channel", "campaign", "label", "unit", "actual", "target",
                 "achievement", "status", "previous", "previous_delta", "previous_delta_pct",
                 "year_ago", "year_ago_delta", "year_ago_delta_pct", "p_value", "test",
                 "projected", "projected_lower", "projected_upper", "provisional", "trend"]

def _clean(v):
    if v is None:
        return None
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if hasattr(v, "item"):  # numpy scalars
        v = v.item()
        if isinstance(v, float) and not math.isfinite(v):
            return None
    if isinstance(v, list):
        return [_clean(x) for x in v]
    try:
        import pandas as pd

        if v is pd.NA or (not isinstance(v, str | bool | int | list) and pd.isna(v)):
            return None
    except (TypeError, ValueError):
        pass
    return v


def records(df, lang: str = "en") -> list[dict]:
    """The scorecard as JSON-ready records (NaN -> None)."""
    from roianalysis.report.format import metric_label

    out = []
    for row in df.to_dict(orient="records"):
        rec = {k: _clean(row.get(k)) for k in RECORD_FIELDS if k != "label"}
        rec["label"] = metric_label(row["metric"], lang)
        out.append({k: rec[k] for k in RECORD_FIELDS})
    return out


def text_table(df, currency: str, lang: str) -> str:
    """A fixed-width table for the terminal (status in words, not colour)."""
    from roianalysis.report import texts
    from roianalysis.report.format import (
        MISSING,
        format_delta,
        format_metric,
        format_percent,
        metric_label,
    )

    heads = [texts.text(lang, f"sc_head_{h}") for h in (
        "metric", "channel", "actual", "target", "achieved", "status", "previous",
        "previous_delta", "year_ago", "year_delta", "p")]
    rows = []
    for r in df.to_dict(orient="records"):
        m, unit = r["metric"], r["unit"]
        ach = r["achievement"]
        rows.append([
            metric_label(m, lang),
            r["channel"] or texts.text(lang, "all_channels"),
            format_metric(m, r["actual"], currency, lang),
            format_metric(m, r["target"], currency, lang),
            MISSING if ach is None or not math.isfinite(ach) else format_percent(ach, lang, 0),
            texts.text(lang, f"sc_status_{r['status']}") if r["status"] else "",
            format_metric(m, r["previous"], currency, lang),
            format_delta(r["actual"], r["previous"], unit, currency, lang),
            format_metric(m, r["year_ago"], currency, lang),
            format_delta(r["actual"], r["year_ago"], unit, currency, lang),
            "" if r["p_value"] is None or not math.isfinite(r["p_value"]) else f"{r['p_value']:.3f}",
        ])
    widths = [max(len(str(x)) for x in col) for col in zip(heads, *rows, strict=True)]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(heads, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).rjust(w) if i >= 2 and i != 5 else str(c).ljust(w)
                               for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    return "\n".join(lines)


@command("scorecard", "Print a client's KPIs against objectives, last period and a year ago")
class Scorecard:
    @staticmethod
    def add_arguments(p: argparse.ArgumentParser) -> None:
        p.add_argument("--client", required=True, help="client folder name in --data-dir")
        p.add_argument("--period", default=None,
                       help="2026-Q3, 2026-09, 2026... (default: last complete quarter)")
        p.add_argument("--data-dir", default="data/raw", help="folder of client folders (default data/raw)")
        p.add_argument("--comparison", choices=["previous", "year_ago"], default="previous",
                       help="period the p-values compare with (default previous)")
        p.add_argument("--format", choices=["table", "csv", "json"], default="table")
        p.add_argument("--lang", choices=LANGUAGES, default=None,
                       help="labels' language (default: the client's)")
        p.add_argument("--no-channels", action="store_true", help="all-channel rows only")
        p.add_argument("--trend-months", type=int, default=6,
                       help="months in the trend of each KPI (default 6; 0 for none)")

    @staticmethod
    def run(args) -> int:
        import warnings

        from roianalysis.data.store import load_client
        from roianalysis.periods import Period, last_complete_quarter
        from roianalysis.scorecard.table import scorecard

        warnings.filterwarnings("ignore")
        period = Period.parse(args.period or last_complete_quarter().label)
        data = load_client(args.client, args.data_dir)
        lang = args.lang or data.config.language
        df = scorecard(data, period, args.comparison, channels=not args.no_channels,
                       trend_months=max(args.trend_months, 0))
        try:
            _write(df, data, period, lang, args.format)
        except BrokenPipeError:  # piped into head: not an error (Python docs' recipe)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _write(df, data, period, lang: str, form: str) -> None:
    if form == "json":
        json.dump(records(df, lang), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif form == "csv":
        from roianalysis.render.safe import csv_safe

        flat = df.copy()
        flat["trend"] = [json.dumps(_clean(list(t))) for t in flat["trend"]]
        # a channel named "=cmd()" (or "Promo;=cmd()", which French Excel splits on ";") stays
        # text: formula starts neutralised, every text field quoted
        csv_safe(flat).to_csv(sys.stdout, index=False, quoting=csv.QUOTE_NONNUMERIC)
    else:
        from roianalysis.report import texts

        head = (f"{data.config.name} — {period.label}"
                + (texts.text(lang, "sc_running", as_of=df.attrs["as_of"])
                   if df.attrs["running"] else ""))
        print(terminal_text(head))  # names from the data: no escape sequence reaches the terminal
        print(terminal_text(text_table(df, data.config.currency, lang)))
