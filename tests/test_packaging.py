"""environment.yml and pyproject.toml list the same dependencies with the same bounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names of PyPI packages that are spelled differently there
CONDA_NAMES = {"duckdb": "python-duckdb", "ibis-framework": "ibis-framework-core"}
CONDA_ONLY = {"python", "pip", "openjdk", "tinycss2"}  # tinycss2: bleach's [css] extra


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*(.*)$", req)
    return m[1].lower(), m[3].replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {}
    for req in project["dependencies"] + project["optional-dependencies"]["dev"]:
        name, spec = _split(req)
        wanted[CONDA_NAMES.get(name, name)] = spec
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    got = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, spec = _split(dep.replace("=", "==", 1) if re.match(r"^[\w.-]+=[^=<>]", dep) else dep)
            if name not in CONDA_ONLY:
                got[name] = spec
    assert got == wanted


def test_console_script_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["roianalysis"] == "roianalysis.cli:main"
    assert project["requires-python"] == ">=3.11"


def test_the_command_line_starts_the_kernel_server_before_loading_pandas():
    """``roianalysis render`` starts its kernel server (seconds of imports on one core) before
    importing pandas, nbconvert and Papermill itself: importing the command line, the package
    and the server must not load them, while the package's names still resolve on use."""
    import subprocess
    import sys

    code = ("import sys, roianalysis, roianalysis.cli, roianalysis.render.forkserver\n"
            "roianalysis.cli.build_parser()\n"
            "heavy = [m for m in ('pandas', 'numpy', 'nbconvert', 'papermill', 'ibis') "
            "if m in sys.modules]\n"
            "print(heavy, roianalysis.Period.parse('2026-Q3').label, "
            "callable(roianalysis.load_client), callable(roianalysis.kpis), "
            "roianalysis.metrics.ALL_CHANNELS.replace(' ', '_'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "2026-Q3", "True", "True", "(all_channels)"]
