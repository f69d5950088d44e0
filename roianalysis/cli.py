"""Command line: ``roianalysis validate|import|kpis|channels|scorecard|render|demo``.

One module, one :mod:`argparse` parser (:func:`build_parser`). Every command is a plain function
``run_<command>(args) -> exit status`` taking the parsed arguments; the options several commands
share (``--client``, ``--all``, ``--data-dir``, ``--period``, ``--lang``, ``--format``,
``--comparison``) are declared once, in :data:`_SHARED`. Nothing in the package imports this
module: it calls the library (and the renderer's :func:`roianalysis.render.runner.render`).

Importing this module or building its parser imports neither pandas nor numpy, nbconvert,
Papermill or Ibis: each command imports what it needs when it runs, so ``roianalysis render`` can
start its kernel server before loading them (:mod:`roianalysis.render.forkserver`).

Bad data never produces a Python traceback: every :class:`~roianalysis.errors.RoiAnalysisError`
is printed as a message and the command exits with status 1 (2 for bad usage).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys

from roianalysis.errors import RoiAnalysisError
from roianalysis.report.texts import LANGUAGES
from roianalysis.text import terminal_text

#: Options shared by several commands, declared once: flag -> :meth:`add_argument` keywords.
#: :func:`_add` adds them to a command, in the order the command lists them.
_SHARED: dict[str, dict] = {
    "--client": dict(required=True, help="client folder name in --data-dir"),
    "--clients": dict(action="append", default=[], metavar="NAME", dest="client",
                      help="client folder name in --data-dir (repeatable)"),
    "--all": dict(action="store_true", help="every client in --data-dir"),
    "--data-dir": dict(default="data/raw", help="folder of client folders (default data/raw)"),
    "--period": dict(default=None,
                     help="2026-Q3, 2026-09, 2026... (default: last complete quarter)"),
    "--lang": dict(choices=LANGUAGES, default=None,
                   help="output language: words, numbers and dates (default: the client's)"),
    "--format": dict(choices=("table", "csv", "json"), default="table",
                     help="table: formatted in the client's language (default); csv, json: "
                          "raw numbers"),
    "--comparison": dict(choices=("previous", "year_ago"), default="previous",
                         help="period compared against (default previous)"),
}


def _add(p: argparse.ArgumentParser, *flags: str, **changes: dict) -> None:
    """Add the shared options ``flags`` to ``p`` (``--clients`` is the repeatable ``--client``);
    ``changes[flag_name]`` (``comparison={"default": None}``) adjusts one for this command."""
    for flag in flags:
        spec = {**_SHARED[flag], **changes.get(flag.lstrip("-").replace("-", "_"), {})}
        p.add_argument("--client" if flag == "--clients" else flag, **spec)


# ----------------------------------------------------------------------------- the parser
def build_parser() -> argparse.ArgumentParser:
    """The ``roianalysis`` parser: one sub-parser per command, ``args.run`` its function."""
    parser = argparse.ArgumentParser(prog="roianalysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, run, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(run=run)
        return p

    p = command("validate", run_validate, "Check a client's raw data and list every problem found")
    _add(p, "--clients", "--all", "--data-dir")

    p = command("import", run_import,
                "Copy exports into a client's exports/ folder and say what each one is")
    p.add_argument("files", nargs="+", help="export files (Google Ads, Meta, GA4, HubSpot, Shopify...)")
    _add(p, "--client", "--data-dir")

    p = command("kpis", run_kpis, "Print a client's KPIs for a period (all channels, then per channel)")
    _add(p, "--clients", "--all", "--data-dir", "--period", "--format", "--lang")

    p = command("channels", run_channels,
                "Print each channel's ROI and verdict for a period, as the reports give them")
    _add(p, "--client", "--data-dir", "--period", "--comparison", "--format", "--lang")

    p = command("demo", run_demo, "Generate the demo clients' raw data (deterministic)")
    _add(p, "--data-dir")
    p.add_argument("--force", action="store_true", help="regenerate even when present")

    p = command("render", run_render, "Render the notebooks into HTML reports per client and period")
    _add(p, "--clients", "--all", "--period")
    p.add_argument("--notebook", action="append", default=[], metavar="NAME",
                   help="only this notebook: 02_acquisition, acquisition or 02 (repeatable)")
    _add(p, "--lang", "--comparison", "--data-dir", comparison=dict(
        default=None, help="period compared against (default: the notebooks' default)"))
    p.add_argument("--out", default="reports", help="output folder (default reports/)")
    p.add_argument("--notebooks-dir", default=None, help="folder of the notebooks (default notebooks/)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                   help="notebooks executed at once (default: number of CPUs)")
    p.add_argument("--timeout", type=float, default=600,
                   help="seconds allowed per cell before its kernel is killed (default 600)")
    p.add_argument("--notebook-timeout", type=float, default=1800,
                   help="seconds allowed per notebook (default 1800)")
    p.add_argument("--pdf", action="store_true",
                   help="also print each combined report to an A4 report.pdf (headless Chromium)")
    p.add_argument("--engine", choices=("duckdb", "spark"), default=None,
                   help="where the notebooks' aggregates run: duckdb (embedded) or spark (the "
                        "processed Parquet store read by Spark: SPARK_REMOTE, spark-submit's "
                        "master or local[2]); default $ROIANALYSIS_ENGINE, else duckdb")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = command("scorecard", run_scorecard,
                "Print a client's KPIs against objectives, last period and a year ago")
    _add(p, "--client", "--period", "--data-dir", "--comparison", "--format", "--lang",
         comparison=dict(help="period the p-values compare with (default previous)"))
    p.add_argument("--no-channels", action="store_true", help="all-channel rows only")
    p.add_argument("--trend-months", type=int, default=6,
                   help="months in the trend of each KPI (default 6; 0 for none)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``roianalysis ARGV``; the exit status: 0, 1 (an error in the data or a failed
    report), 2 (bad usage), 130 (interrupted)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except RoiAnalysisError as exc:
        print(terminal_text(f"error: {exc}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


# ----------------------------------------------------------------------------- validate
def run_validate(args) -> int:
    """``roianalysis validate``: every problem of every file of each client, per export its
    format, period, rows and totals; exit 1 if any client has an error."""
    from roianalysis.data.files import list_clients
    from roianalysis.data.read import read_client
    from roianalysis.errors import DataValidationError

    clients = list_clients(args.data_dir) if args.all else args.client
    if not clients:
        print("error: give --client NAME or --all", file=sys.stderr)
        return 2
    status = 0
    for client in clients:
        try:
            result = read_client(client, args.data_dir)
        except DataValidationError as exc:
            errors = [p for p in exc.problems if p.severity == "error"]
            print(terminal_text(f"{client}: {len(errors)} error(s)"), file=sys.stderr)
            for p in exc.problems:
                print(terminal_text(f"  {p.severity}: {p}"), file=sys.stderr)
            status = 1
            continue
        except RoiAnalysisError as exc:
            print(terminal_text(f"{client}: error: {exc}"), file=sys.stderr)
            status = 1
            continue
        rows = ", ".join(f"{n} {len(df)} rows" for n, df in result.tables.items())
        print(terminal_text(f"{client}: OK ({rows})"))
        if result.exports is not None:
            _print_exports(result.exports, result.config)
        for p in result.warnings:
            print(terminal_text(f"  warning: {p}"))
    return status


def _print_exports(combined, config) -> None:
    """Per export: format, period, rows read / kept / dropped, totals; then the channel names
    each source gave (spend and leads must speak the same names for CPL per channel)."""
    from roianalysis.sources import render_summary

    print(f"  exports ({len(combined.imports)}):")
    for imp in combined.imports:
        for line in render_summary(imp).splitlines():
            print(terminal_text(f"    {line}"))
    ch = combined.channels
    if len(ch):
        print("  channels per source (after GA4 default channel grouping and channel_aliases):")
        for (table, fmt), part in ch.groupby(["table", "format"], sort=True):
            names = ", ".join(f"{config.canonical_channel(c)} ({n})" for c, n in
                              zip(part["channel"], part["rows"], strict=True))
            print(terminal_text(f"    {table} from {fmt}: {names}"))


# ----------------------------------------------------------------------------- import
def run_import(args) -> int:
    """``roianalysis import FILE...``: copy each recognised export into the client's
    ``exports/`` folder (never overwriting, never twice the same bytes) and say what it is; exit
    1 if a file was not recognised, 2 if the client's folder or ``client.yml`` cannot be read."""
    from pathlib import Path

    from roianalysis import sources
    from roianalysis.atomic import atomic_copy
    from roianalysis.data.config import load_config
    from roianalysis.data.files import EXPORTS_FOLDER, client_folder
    from roianalysis.errors import DataValidationError

    try:
        folder = client_folder(args.client, args.data_dir)
        config = load_config(folder, args.client)
    except RoiAnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    target = folder / EXPORTS_FOLDER
    existing = {sources.RawFile(p).digest: p for p in sources.export_files(target)}
    status = 0
    for name in args.files:
        src = Path(name)
        try:
            imp = sources.read(src, config)
        except DataValidationError as exc:
            for p in exc.problems:
                print(terminal_text(f"not imported: {p}"), file=sys.stderr)
            status = 1
            continue
        digest = sources.RawFile(src).digest
        if digest in existing:
            print(f"{src}: already imported as {existing[digest]}")
            continue
        target.mkdir(parents=True, exist_ok=True)
        dest = target / src.name
        k = 1
        while dest.exists():  # never overwrite another export of the same name
            dest = target / f"{src.stem} ({k}){src.suffix}"
            k += 1
        atomic_copy(src, dest)
        existing[digest] = dest
        print(terminal_text(sources.render_summary(imp).replace(str(src), f"{src} -> {dest}", 1)))
        for p in imp.problems:
            print(terminal_text(f"  warning: {p.message}"))
    return status


# ----------------------------------------------------------------------------- kpis
#: The per-channel columns of the ``kpis`` table.
KPIS_CHANNEL_COLUMNS = ["cost", "visitors", "leads", "new_customers", "revenue", "cpl", "cac", "roi"]


def run_kpis(args) -> int:
    """``roianalysis kpis``: each client's KPIs for a period, then the main ones per channel.

    ``table`` (default) is for reading: labels and numbers in the client's language and
    currency (French: ``1 234,56 €``, ``12,5 %``), a dash for what cannot be computed. ``csv`` and
    ``json`` are for programs: raw numbers (shares as 0..1, money in the client's currency
    without symbol), empty / ``null`` for what cannot be computed."""
    from roianalysis.data.files import list_clients
    from roianalysis.data.load import load_client
    from roianalysis.metrics import funnel, kpis
    from roianalysis.periods import Period, last_complete_quarter

    clients = list_clients(args.data_dir) if args.all else args.client
    if not clients:
        print("error: give --client NAME or --all", file=sys.stderr)
        return 2
    try:
        period = Period.parse(args.period) if args.period else last_complete_quarter()
    except RoiAnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    def raw(x):
        try:
            v = float(x)
        except (TypeError, ValueError):
            return None
        return v if math.isfinite(v) else None

    results = []
    for client in clients:
        try:
            data = load_client(client, args.data_dir)
            results.append((client, data, kpis(data, period), funnel(data, period)))
        except RoiAnalysisError as exc:
            print(terminal_text(f"{client}: error: {exc}"), file=sys.stderr)
            return 1
    if args.format == "json":
        out = [{"client": c, "name": d.config.name, "period": period.label,
                "currency": d.config.currency, "kpis": {k: raw(v) for k, v in k_.items()},
                "channels": [{"channel": str(ch), **{m: raw(row[m]) for m in f.columns}}
                             for ch, row in f.iterrows()]}
               for c, d, k_, f in results]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.format == "csv":
        metrics = list(dict.fromkeys(m for _c, _d, k_, f in results
                                     for m in [*k_.index, *f.columns]))
        from roianalysis.render.safe import csv_safe_value

        writer = csv.writer(sys.stdout, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(["client", "period", "currency", "channel", *metrics])
        for c, d, k_, f in results:
            cell = lambda v: "" if raw(v) is None else repr(raw(v))  # noqa: E731
            writer.writerow([c, period.label, d.config.currency, "",
                             *[cell(k_.get(m)) for m in metrics]])
            for ch, row in f.iterrows():
                writer.writerow([c, period.label, d.config.currency, csv_safe_value(str(ch)),
                                 *[cell(row[m]) if m in row.index else "" for m in metrics]])
        return 0
    for c, d, k_, f in results:
        print(terminal_text(kpis_table(d, period, k_, f, KPIS_CHANNEL_COLUMNS, args.lang,
                                       client=c)))
        print()
    return 0


def kpis_table(data, period, k, f, columns, lang: str | None = None, client: str = "") -> str:
    """The ``kpis`` command's text: a heading, every KPI with its label and formatted value, then
    the main ones per channel, in the client's language and currency."""
    from roianalysis.catalog import METRICS
    from roianalysis.report import format as fmt
    from roianalysis.report import texts
    from roianalysis.report.texts import channel_label, resolve_lang

    lang = resolve_lang(lang, data)
    cur = data.config.currency

    def value(name, v):
        if name in METRICS:
            return fmt.format_metric(name, v, cur, lang)
        return fmt.format_number(v, lang, 2)

    head = f"== {data.config.name} ({client}), {fmt.period_label(period, lang)}"
    rows = [(fmt.metric_label(n, lang), value(n, v)) for n, v in k.items()]
    width = max(len(a) for a, _ in rows)
    vw = max(len(b) for _, b in rows)
    lines = [head, *[f"  {a:<{width}}  {b:>{vw}}" for a, b in rows], ""]
    cols = [c for c in columns if c in f.columns]
    short = {"cost": texts.text(lang, "kpis_col_cost"), "new_customers": texts.text(lang, "kpis_col_new_customers"),
             "revenue": texts.text(lang, "kpis_col_revenue"), "cpl": "CPL", "cac": "CAC"}
    header = [texts.text(lang, "col_channel"), *[short.get(c) or fmt.metric_label(c, lang) for c in cols]]
    body = [[channel_label(ch, lang), *[value(c, row[c]) for c in cols]] for ch, row in f.iterrows()]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    fmt_row = lambda r: "  ".join(  # noqa: E731
        (x.ljust(w) if i == 0 else x.rjust(w)) for i, (x, w) in enumerate(zip(r, widths, strict=True)))
    lines += [fmt_row(header), *[fmt_row(r) for r in body]]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- channels
def run_channels(args) -> int:
    """``roianalysis channels``: each channel's ROI and verdict for a period, as the reports
    give them (:func:`roianalysis.channel_roi.channel_summary`)."""
    from roianalysis.data.load import load_client
    from roianalysis.periods import last_complete_quarter
    from roianalysis.report.format import period_label
    from roianalysis.report.pages.common import channel_summary, summary_text
    from roianalysis.report.pages.common import roi_definition as definition

    data = load_client(args.client, args.data_dir)
    period = args.period or last_complete_quarter().label
    s = channel_summary(data, period, args.comparison, args.lang)
    lang, currency = s.attrs["lang"], s.attrs["currency"]
    if args.format == "csv":
        s.to_csv(sys.stdout, index=False, float_format="%.6g")
    elif args.format == "json":
        rows = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
                for r in s.to_dict("records")]
        print(json.dumps({"client": args.client, "period": s.attrs["period"], "lang": lang,
                          "currency": currency, "definition": definition(lang),
                          "channels": rows}, ensure_ascii=False, indent=2))
    else:
        print(terminal_text(f"{data.config.name or args.client} · {period_label(period, lang)}"))
        print(terminal_text(summary_text(s, lang, currency).to_string(index=False)))
        print()
        print(definition(lang))
    return 0


# ----------------------------------------------------------------------------- scorecard
#: ``scorecard --format json``: a list of records, one per (metric, channel), with these keys:
#: ``channel`` null for all channels, ``status`` ``on_track``, ``at_risk``, ``off_track`` or null
#: without a target, ``p_value`` for rate and count metrics, ``projected`` for running periods;
#: missing numbers are null.
RECORD_FIELDS = ["metric", "channel", "campaign", "label", "unit", "actual", "target",
                 "achievement", "status", "previous", "previous_delta", "previous_delta_pct",
                 "year_ago", "year_ago_delta", "year_ago_delta_pct", "p_value", "test",
                 "projected", "projected_lower", "projected_upper", "provisional", "trend"]

def run_scorecard(args) -> int:
    """``roianalysis scorecard``: the scorecard (:func:`roianalysis.scorecard.table.scorecard`)
    in the terminal, as CSV or as JSON (:func:`scorecard_records`)."""
    import warnings

    from roianalysis.data.load import load_client
    from roianalysis.periods import Period, last_complete_quarter
    from roianalysis.scorecard.table import scorecard

    with warnings.catch_warnings():  # fits' warnings are not the reader's: silenced here only
        warnings.simplefilter("ignore")
        period = Period.parse(args.period or last_complete_quarter().label)
        data = load_client(args.client, args.data_dir)
        lang = args.lang or data.config.language
        df = scorecard(data, period, args.comparison, channels=not args.no_channels,
                       trend_months=max(args.trend_months, 0))
        try:
            _write_scorecard(df, data, period, lang, args.format)
        except BrokenPipeError:  # piped into head: not an error (Python docs' recipe)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


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


def scorecard_records(df, lang: str = "en") -> list[dict]:
    """The scorecard as JSON-ready records (:data:`RECORD_FIELDS`; NaN -> None)."""
    from roianalysis.report.format import metric_label

    out = []
    for row in df.to_dict(orient="records"):
        rec = {k: _clean(row.get(k)) for k in RECORD_FIELDS if k != "label"}
        rec["label"] = metric_label(row["metric"], lang)
        out.append({k: rec[k] for k in RECORD_FIELDS})
    return out


def scorecard_text(df, currency: str, lang: str) -> str:
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


def _write_scorecard(df, data, period, lang: str, form: str) -> None:
    if form == "json":
        json.dump(scorecard_records(df, lang), sys.stdout, ensure_ascii=False, indent=1)
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
        print(terminal_text(scorecard_text(df, data.config.currency, lang)))


# ----------------------------------------------------------------------------- render
def run_render(args) -> int:
    """``roianalysis render``: the notebooks -> one HTML report per client, period and notebook
    (:func:`roianalysis.render.runner.render`); exit 0, 1 if a report failed, 2 for bad usage."""
    if args.all and args.client:
        print("error: give --client NAME or --all, not both", file=sys.stderr)
        return 2
    if not args.all and not args.client:
        print("error: no client to render: give --client NAME or --all", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("error: --jobs must be at least 1", file=sys.stderr)
        return 2
    # the kernel server imports for seconds on one core: start it before this process imports
    # pandas, Papermill and nbconvert on the other (the server holds no client data)
    from roianalysis.render.forkserver import ForkServer

    server = ForkServer()
    try:
        from roianalysis.data.files import list_clients
        from roianalysis.render.runner import render

        clients = list_clients(args.data_dir) if args.all else args.client
        if not clients:
            print(f"error: no client to render in {args.data_dir}: give --client NAME or --all",
                  file=sys.stderr)
            return 2
        summary = render(
            clients, args.period, out_dir=args.out, data_dir=args.data_dir,
            notebooks=args.notebook, notebooks_dir=args.notebooks_dir, jobs=args.jobs,
            cell_timeout=args.timeout or None, notebook_timeout=args.notebook_timeout or None,
            lang=args.lang, comparison=args.comparison, progress=not args.no_progress,
            server=server, pdf=args.pdf, engine=args.engine,
        )
    finally:
        server.close()
    ok = [r for r in summary.results if r.ok]
    print(f"{len(ok)} report(s) written for {summary.period} in {summary.seconds:.1f} s: "
          f"{os.path.join(args.out, 'index.html')}")
    for r in ok:
        print(f"  {r.html}")
    for path in summary.combined + summary.pdfs:
        print(f"  {path}")
    if summary.problems:
        print(f"{len(summary.problems)} combined report(s) or PDF(s) not written:", file=sys.stderr)
        for text in summary.problems:
            print(f"  {text}", file=sys.stderr)
    if summary.failed:
        print(f"{len(summary.failed)} report(s) failed (previous reports, if any, kept):",
              file=sys.stderr)
        for r in summary.failed:
            print(f"  {r.job.client} {summary.period} {r.job.stem}: {r.failure.describe()}",
                  file=sys.stderr)
    return summary.exit_code


# ----------------------------------------------------------------------------- demo
def run_demo(args) -> int:
    """``roianalysis demo``: write the seeded demo clients' raw data into ``--data-dir``."""
    from roianalysis.data.demo import write_demo_clients

    written = write_demo_clients(args.data_dir, force=args.force)
    for client, path in written.items():
        print(f"demo client {client}: {path}")
    return 0


if __name__ == "__main__":  # ``python -m roianalysis.cli``
    sys.exit(main())
