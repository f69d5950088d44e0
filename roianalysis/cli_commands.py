"""Core sub-commands: ``validate``, ``kpis``, ``channels``, ``demo``."""

from __future__ import annotations

import argparse
import sys

from roianalysis.cli import command
from roianalysis.report.texts import LANGUAGES
from roianalysis.text import terminal_text


def _client_args(p: argparse.ArgumentParser, many: bool = False) -> None:
    if many:
        p.add_argument("--client", action="append", default=[], help="client folder name (repeatable)")
        p.add_argument("--all", action="store_true", help="every client in --data-dir")
    else:
        p.add_argument("--client", required=True, help="client folder name in --data-dir")
    p.add_argument("--data-dir", default="data/raw", help="folder of client folders (default data/raw)")


@command("validate", "Check a client's raw data and list every problem found")
class Validate:
    @staticmethod
    def add_arguments(p):
        _client_args(p, many=True)

    @staticmethod
    def run(args) -> int:
        from roianalysis.data.read import list_clients, read_client
        from roianalysis.errors import DataValidationError, RoiAnalysisError

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


@command("import", "Copy exports into a client's exports/ folder and say what each one is")
class Import:
    @staticmethod
    def add_arguments(p):
        p.add_argument("files", nargs="+", help="export files (Google Ads, Meta, GA4, HubSpot, Shopify...)")
        p.add_argument("--client", required=True, help="client folder name in --data-dir")
        p.add_argument("--data-dir", default="data/raw", help="folder of client folders (default data/raw)")

    @staticmethod
    def run(args) -> int:
        import shutil
        import tempfile
        from pathlib import Path

        from roianalysis import sources
        from roianalysis.data.config import load_config
        from roianalysis.data.read import EXPORTS_FOLDER, client_folder
        from roianalysis.errors import DataValidationError, RoiAnalysisError

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
            with tempfile.NamedTemporaryFile(dir=target, prefix=".import-", delete=False) as tmp:
                shutil.copyfile(src, tmp.name)
            Path(tmp.name).replace(dest)
            existing[digest] = dest
            print(terminal_text(sources.render_summary(imp).replace(str(src), f"{src} -> {dest}", 1)))
            for p in imp.problems:
                print(terminal_text(f"  warning: {p.message}"))
        return status


@command("kpis", "Print a client's KPIs for a period (all channels, then per channel)")
class Kpis:
    """``table`` (default) is for reading: labels and numbers in the client's language and
    currency (French: ``1 234,56 €``, ``12,5 %``), a dash for what cannot be computed. ``csv`` and
    ``json`` are for programs: raw numbers (shares as 0..1, money in the client's currency
    without symbol), empty / ``null`` for what cannot be computed."""

    CHANNEL_COLUMNS = ["cost", "visitors", "leads", "new_customers", "revenue", "cpl", "cac",
                       "roi"]

    @staticmethod
    def add_arguments(p):
        _client_args(p, many=True)
        p.add_argument("--period", default=None,
                       help="2026-Q3, 2026-09, 2026... (default: last complete quarter)")
        p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                       help="table: formatted in the client's language (default); csv, json: "
                            "raw numbers")
        p.add_argument("--lang", choices=LANGUAGES, default=None,
                       help="language of the table (default: the client's)")

    @staticmethod
    def run(args) -> int:
        import csv
        import json
        import math

        from roianalysis.data.read import list_clients
        from roianalysis.data.store import load_client
        from roianalysis.errors import RoiAnalysisError
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
            print(terminal_text(kpis_table(d, period, k_, f, Kpis.CHANNEL_COLUMNS, args.lang,
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


@command("channels", "Print each channel's ROI and verdict for a period, as the reports give them")
class Channels:
    @staticmethod
    def add_arguments(p):
        _client_args(p)
        p.add_argument("--period", default=None, help="2026-Q3, 2026-09, 2026... (default: last complete quarter)")
        p.add_argument("--comparison", default="previous", choices=("previous", "year_ago"))
        p.add_argument("--format", default="table", choices=("table", "csv", "json"))
        p.add_argument("--lang", default=None, help="fr or en (default: the client's language)")

    @staticmethod
    def run(args) -> int:
        import json

        from roianalysis.data.store import load_client
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


@command("demo", "Generate the demo clients' raw data (deterministic)")
class Demo:
    @staticmethod
    def add_arguments(p):
        p.add_argument("--data-dir", default="data/raw")
        p.add_argument("--force", action="store_true", help="regenerate even when present")

    @staticmethod
    def run(args) -> int:
        from roianalysis.data.demo import write_demo_clients

        written = write_demo_clients(args.data_dir, force=args.force)
        for client, path in written.items():
            print(f"demo client {client}: {path}")
        return 0
