"""Fixtures of the render tests: fixture clients and notebooks copied to a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
NOTEBOOKS = FIXTURES / "notebooks"
REPO = Path(__file__).resolve().parents[2]

#: Strings that only client alpha's data contains (the cross-client leak test looks for them).
ALPHA_SECRETS = ["AlphaSecretChannelK4", "alpha-campaign-7f3c", "alpha-brand-q9w2",
                 "Alpha Corp Zq7", "2011.75", "2,011.75", "1234.5", "777.25", "alpha-lead-x81"]


def copy_data(dest: Path) -> Path:
    """Copy the fixture clients to ``dest/raw`` and return that folder."""
    raw = dest / "raw"
    shutil.copytree(FIXTURES / "data", raw)
    return raw


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh copy of the fixture clients (alpha, bravo)."""
    return copy_data(tmp_path / "data")


def run_cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run ``python -m roianalysis render ...`` and capture its output; the result's ``pid`` is
    the command's (its kernels' sessions start with ``f"{pid}-"``)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "roianalysis", "render", *args]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=env, cwd=REPO) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    res = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    res.pid = proc.pid
    return res


def render_args(data_dir: Path, out: Path, *extra: str) -> list[str]:
    """Arguments rendering the fixture notebooks for 2026-Q3."""
    return ["--data-dir", str(data_dir), "--out", str(out), "--notebooks-dir", str(NOTEBOOKS),
            "--period", "2026-Q3", "--no-progress", *extra]


def marked_processes(prefix: str = "") -> list[int]:
    """Pids of live processes started by a render (zygote or kernel) whose session starts with
    ``prefix``; those of this test process's own kernel server are left out."""
    from roianalysis.render.forkserver import MARKER_ENV

    found = []
    needle = f"{MARKER_ENV}={prefix}".encode()
    mine = f"{MARKER_ENV}={os.getpid()}-".encode()
    for p in Path("/proc").iterdir():
        if not p.name.isdigit():
            continue
        try:
            env = (p / "environ").read_bytes()
            state = (p / "stat").read_text().split(") ")[-1][:1]
        except OSError:
            continue
        if needle in env and mine not in env and state != "Z":
            found.append(int(p.name))
    return found


@pytest.fixture(scope="session")
def kernel_server():
    """One warm kernel server for every in-process render of the session (each notebook still
    gets its own fresh kernel)."""
    from roianalysis.render.forkserver import ForkServer

    server = ForkServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, kernel_server) -> dict:
    """Both fixture clients x both notebooks rendered once (through the Python API)."""
    from roianalysis.render.runner import render

    base = tmp_path_factory.mktemp("rendered")
    raw = copy_data(base / "data")
    out = base / "reports"
    summary = render(["alpha", "bravo"], "2026-Q3", out_dir=out, data_dir=raw,
                     notebooks_dir=NOTEBOOKS, jobs=2, progress=False, server=kernel_server)
    return {"summary": summary, "out": out, "data": raw}
