"""The command line: one module, one parser, shared options declared once, imported by nobody."""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

import pytest

from roianalysis import cli
from roianalysis.report.texts import LANGUAGES

PACKAGE = Path(cli.__file__).parent
COMMANDS = ["validate", "import", "kpis", "channels", "demo", "render", "scorecard"]


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_is_in_the_one_parser_and_runs_a_function_of_this_module():
    subs = _subparsers()
    assert list(subs) == COMMANDS
    for name, p in subs.items():
        run = p.get_default("run")
        assert run.__module__ == "roianalysis.cli" and run.__name__ == "run_" + name


def test_a_shared_option_reads_the_same_in_every_command():
    """``--data-dir``, ``--period``, ``--lang``, ``--format``: one default, one help, one set of
    choices wherever they appear (``--comparison`` differs only where its meaning does)."""
    seen: dict[str, set] = {}
    for p in _subparsers().values():
        for a in p._actions:
            if a.option_strings and a.option_strings[0] in ("--data-dir", "--period", "--lang",
                                                            "--format", "--all"):
                seen.setdefault(a.option_strings[0], set()).add(
                    (a.default, a.help, tuple(a.choices or ())))
    assert set(seen) == {"--data-dir", "--period", "--lang", "--format", "--all"}
    assert all(len(v) == 1 for v in seen.values()), seen
    assert seen["--lang"] == {(None, cli._SHARED["--lang"]["help"], LANGUAGES)}


def test_a_repeatable_client_and_a_single_one():
    parse = cli.build_parser().parse_args
    assert parse(["kpis", "--client", "a", "--client", "b"]).client == ["a", "b"]
    assert parse(["kpis", "--all"]).client == []
    assert parse(["scorecard", "--client", "a"]).client == "a"
    with pytest.raises(SystemExit) as exc:
        parse(["scorecard"])  # --client is required where one client is meant
    assert exc.value.code == 2


def test_a_language_the_reports_do_not_speak_is_bad_usage(capsys):
    """``channels --lang de`` was a traceback (a ValueError deep in the labels): now exit 2."""
    with pytest.raises(SystemExit) as exc:
        cli.main(["channels", "--client", "x", "--lang", "de"])
    assert exc.value.code == 2
    assert "invalid choice: 'de'" in capsys.readouterr().err


def test_nothing_in_the_package_imports_the_command_line():
    """The CLI calls the library and the renderer, never the other way round (no cycle)."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("cli.py", "__main__.py") and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
                     if isinstance(node, ast.ImportFrom) else [])
            if any(n == "roianalysis.cli" or n.startswith("roianalysis.cli.") for n in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_python_dash_m_on_the_module_and_the_package():
    for target in ("roianalysis", "roianalysis.cli"):
        out = subprocess.run([sys.executable, "-m", target, "render", "--all", "--client", "x"],
                             capture_output=True, text=True)
        assert out.returncode == 2, (target, out.stderr)
        assert out.stderr == "error: give --client NAME or --all, not both\n"


def test_the_scorecard_command_leaves_the_warning_filters_as_it_found_them(monkeypatch):
    """It silences the fits' warnings while it runs, not for the rest of the process (a test
    session, a notebook calling ``main``)."""
    import warnings

    import roianalysis.data.load as load

    def no_client(*_a, **_k):
        warnings.warn("a fit did not converge", RuntimeWarning, stacklevel=2)
        raise cli.RoiAnalysisError("no such client")

    monkeypatch.setattr(load, "load_client", no_client)
    before = list(warnings.filters)
    assert cli.main(["scorecard", "--client", "x", "--period", "2026-Q3"]) == 1
    assert warnings.filters == before
