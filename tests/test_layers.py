"""The package's layers (``[tool.importlinter]`` in pyproject.toml) and the absence of import cycles.

``lint-imports`` checks the contracts: cli > render > report > computing > data > aggregates >
core, ``report/`` never importing the engine directly, nothing importing the command line. The
cycle test walks grimp's import graph (import-linter's own graph library): every import counts,
those inside functions too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]

def _lint_imports() -> list[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    return [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]


def test_the_layer_contracts_hold():
    result = subprocess.run([*_lint_imports(), "--config", str(ROOT / "pyproject.toml"),
                             "--no-cache"],
                            cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_contract_names_every_top_level_module():
    """A new top-level module must be placed in a layer (else the contract would not see it)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in layer.replace("|", ":").split(":")}
    package = ROOT / "roianalysis"
    present = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    present |= {p.name for p in package.iterdir() if (p / "__init__.py").exists()}
    assert present - placed == set(), "place these modules in a layer of pyproject.toml"
    assert placed - present == set(), "these layer names are no module of the package"


def _cycles(graph) -> list[tuple[str, ...]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    component.append(m)
                    if m == node:
                        break
                if len(component) > 1:
                    found.append(tuple(sorted(component)))
    return found


def test_cycle_finder_finds_a_cycle():
    """The finder itself, on a graph with one cycle (a -> b -> c -> a) and a tail (c -> d)."""
    g = grimp.ImportGraph()
    for m in ("x", "x.a", "x.b", "x.c", "x.d"):
        g.add_module(m)
    for a, b in (("x.a", "x.b"), ("x.b", "x.c"), ("x.c", "x.a"), ("x.c", "x.d")):
        g.add_import(importer=a, imported=b)
    assert _cycles(g) == [("x.a", "x.b", "x.c")]


@pytest.fixture(scope="module")
def graph():
    sys.path.insert(0, str(ROOT))
    try:
        return grimp.build_graph("roianalysis", cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))


def test_no_import_cycle(graph):
    """No two modules of the package import each other, directly or through others (imports
    inside functions count: a lazy import is still a dependency)."""
    cycles = _cycles(graph)
    details = {c: [(a, b) for a in c for b in sorted(graph.find_modules_directly_imported_by(a))
                   if b in c] for c in cycles}
    assert not cycles, f"import cycles: {details}"


def test_light_imports():
    """A report context picks channel colours without matplotlib; sentences get the sentinels
    from :mod:`roianalysis.schema` without Ibis (the CLV models' own check is in
    tests/clv/test_newton.py)."""
    code = ("import sys\n"
            "from roianalysis.report.context import Report\n"
            "from roianalysis.report.colors import channel_colors\n"
            "from roianalysis.schema import ALL_CHANNELS\n"
            "print(sorted(m for m in ('matplotlib', 'seaborn', 'ibis', 'duckdb') "
            "if m in sys.modules))\n"
            "print(channel_colors(['Paid Search', ALL_CHANNELS])[ALL_CHANNELS])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.stdout.split("\n")[:2] == ["[]", "#1f2933"], out.stdout


def test_colours_without_matplotlib_equal_matplotlib_s():
    import matplotlib.colors

    from roianalysis.report import colors

    for c in colors.PALETTE + [colors.UNKNOWN_COLOR, colors.TOTAL_COLOR]:
        assert colors.lab(c).tolist() == colors.lab(matplotlib.colors.to_hex(c)).tolist()
        rgb = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        assert rgb == list(matplotlib.colors.to_rgb(c))


def test_the_render_server_skips_modules_that_exist():
    """The kernel server's list of entry points it does not preload names modules as imported:
    each must still exist (a module moved or renamed would otherwise be preloaded silently)."""
    import importlib.util

    from roianalysis.render import forkserver

    missing = [name for name in forkserver._SKIP if importlib.util.find_spec(name) is None]
    assert missing == []
    preloaded = forkserver._package_modules("roianalysis")
    assert "roianalysis.metrics" in preloaded and "roianalysis.clv.bgnbd" in preloaded
    assert not [m for m in preloaded if m.startswith(("roianalysis.render", "roianalysis.cli"))
                and not m.startswith("roianalysis.clv")]
