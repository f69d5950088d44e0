"""``roianalysis render``: notebooks -> one HTML report per client, period and notebook."""

from __future__ import annotations

import os
import sys

from roianalysis.cli import command
from roianalysis.report.texts import LANGUAGES


@command("render", "Render the notebooks into HTML reports per client and period")
class Render:
    @staticmethod
    def add_arguments(p):
        p.add_argument("--client", action="append", default=[], metavar="NAME",
                       help="client folder name in --data-dir (repeatable)")
        p.add_argument("--all", action="store_true", help="every client in --data-dir")
        p.add_argument("--period", default=None,
                       help="2026-Q3, 2026-09, 2026... (default: the last complete quarter)")
        p.add_argument("--notebook", action="append", default=[], metavar="NAME",
                       help="only this notebook: 02_acquisition, acquisition or 02 (repeatable)")
        p.add_argument("--lang", choices=LANGUAGES, default=None,
                       help="report language (default: each client's language)")
        p.add_argument("--comparison", choices=("previous", "year_ago"), default=None,
                       help="period compared against (default: the notebooks' default)")
        p.add_argument("--data-dir", default="data/raw", help="folder of client folders (default data/raw)")
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

    @staticmethod
    def run(args) -> int:
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
            from roianalysis.data.read import list_clients
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
