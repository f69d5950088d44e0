"""Command line: ``roianalysis validate|kpis|demo|render|scorecard``.

Bad data never produces a Python traceback: every :class:`~roianalysis.errors.RoiAnalysisError`
is printed as a message and the command exits with status 1 (2 for bad usage).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from roianalysis.errors import RoiAnalysisError
from roianalysis.text import terminal_text

#: Sub-commands: name -> (help, function adding arguments, function running it). Modules register
#: their own with :func:`command` so each feature keeps its CLI beside its code.
COMMANDS: dict[str, tuple[str, Callable, Callable]] = {}


def command(name: str, help: str):
    """Decorator registering ``(add_arguments, run)`` pairs: ``@command("x", "...")`` on a class
    with ``add_arguments(parser)`` and ``run(args) -> int`` static methods."""

    def wrap(cls):
        COMMANDS[name] = (help, cls.add_arguments, cls.run)
        return cls

    return wrap


def _load_commands() -> None:
    from roianalysis import cli_commands  # noqa: F401  (registers the core commands)

    for mod in ("roianalysis.render.cli", "roianalysis.scorecard_cli"):
        try:
            __import__(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


def build_parser() -> argparse.ArgumentParser:
    _load_commands()
    parser = argparse.ArgumentParser(prog="roianalysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_, add_args, _run) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_)
        add_args(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _help, _add, run = COMMANDS[args.command]
    try:
        return int(run(args) or 0)
    except RoiAnalysisError as exc:
        print(terminal_text(f"error: {exc}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # run as ``python -m roianalysis.cli``: use the package's registry
    from roianalysis.cli import main as _main

    sys.exit(_main())
