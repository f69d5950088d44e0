"""Core sub-commands: ``validate``, ``kpis``, ``demo``."""

from __future__ import annotations

import argparse
import sys

from .cli import command
from .text import terminal_text


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
        from .errors import DataValidationError, RoiAnalysisError
        from .io import list_clients, read_client_tables

        clients = list_clients(args.data_dir) if args.all else args.client
        if not clients:
            print("error: give --client NAME or --all", file=sys.stderr)
            return 2
        status = 0
        for client in clients:
            try:
                _cfg, tables, warnings, _files = read_client_tables(client, args.data_dir)
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
            rows = ", ".join(f"{n} {len(df)} rows" for n, df in tables.items())
            print(terminal_text(f"{client}: OK ({rows})"))
            for p in warnings:
                print(terminal_text(f"  warning: {p}"))
        return status


@command("kpis", "Print a client's KPIs for a period (all channels, then per channel)")
class Kpis:
    @staticmethod
    def add_arguments(p):
        _client_args(p, many=True)
        p.add_argument("--period", default=None, help="2026-Q3, 2026-09, 2026... (default: last complete quarter)")

    @staticmethod
    def run(args) -> int:
        import pandas as pd

        from .data import load_client
        from .io import list_clients
        from .metrics import funnel, kpis
        from .periods import last_complete_quarter

        clients = list_clients(args.data_dir) if args.all else args.client
        period = args.period or last_complete_quarter().label
        with pd.option_context("display.width", 200, "display.max_columns", 30,
                               "display.float_format", "{:,.2f}".format):
            for client in clients:
                data = load_client(client, args.data_dir)
                print(terminal_text(f"== {data.config.name} ({client}), {period}"))
                print(terminal_text(kpis(data, period).to_string()))
                print(terminal_text(funnel(data, period)[[
                    "cost", "visitors", "leads", "new_customers", "revenue", "cpl", "cac",
                    "roi"]].to_string()))
                print()
        return 0


@command("demo", "Generate the demo clients' raw data (deterministic)")
class Demo:
    @staticmethod
    def add_arguments(p):
        p.add_argument("--data-dir", default="data/raw")
        p.add_argument("--force", action="store_true", help="regenerate even when present")

    @staticmethod
    def run(args) -> int:
        from .demo import write_demo_clients

        written = write_demo_clients(args.data_dir, force=args.force)
        for client, path in written.items():
            print(f"demo client {client}: {path}")
        return 0
