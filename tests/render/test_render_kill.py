"""SIGKILL at random moments: previous reports intact, no partial file, no stray kernel (issue 7)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from roianalysis.atomic import atomic_write_bytes, sweep_temporaries, unnamed_temporaries
from roianalysis.render.safe import report_problems

from .conftest import REPO, marked_processes, render_args

pytestmark = pytest.mark.slow


def _files(out):
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _wait_gone(prefix, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = marked_processes(prefix)
        if not left:
            return []
        time.sleep(0.1)
    return marked_processes(prefix)


def test_render_killed_at_random_moments(tmp_path, rendered):
    out = tmp_path / "reports"
    shutil.copytree(rendered["out"], out)
    before = _files(out)
    seed = int(os.environ.get("ROI_KILL_SEED", time.time()))
    rng = random.Random(seed)
    moments = sorted(rng.uniform(0.2, 7.0) for _ in range(3))
    cmd = [sys.executable, "-m", "roianalysis", "render", "--client", "alpha", "--client", "bravo",
           "--jobs", "2", *render_args(rendered["data"], out)]
    for moment in moments:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        where = f"(seed {seed}, killed after {moment:.2f} s)"
        assert _wait_gone(f"{proc.pid}-") == [], f"kernels outlived the command {where}"
        now = _files(out)
        assert not [p for p in now if any(part.startswith(".") for part in p.parts)], \
            f"temporary file left {where}"
        assert set(now) - set(before) <= {p for p in now if p.parts[0] == "_failed"}, where
        for rel, data in now.items():
            if data == before.get(rel):
                continue
            if rel.suffix == ".html":
                text = data.decode()
                marker = "roi-footer" if rel.name == "index.html" else "roi-fingerprint"
                assert text.rstrip().endswith("</html>") and marker in text, (rel, where)
                assert report_problems(text) == [], (rel, where)
            elif rel.suffix == ".ipynb":
                assert json.loads(data)["cells"], (rel, where)
            elif rel.suffix == ".csv":
                assert data.decode().startswith("channel,campaign,cost"), (rel, where)


_WRITER = """
import sys
from roianalysis.atomic import atomic_write_bytes, sweep_temporaries, unnamed_temporaries
i = 0
while True:
    i += 1
    atomic_write_bytes(sys.argv[1], (str(i % 10) * 4_000_000).encode() + b"END")
"""


def test_atomic_writer_killed_mid_write(tmp_path):
    target = tmp_path / "big.html"
    atomic_write_bytes(target, b"0" * 4_000_000 + b"END")
    rng = random.Random(7)
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)], cwd=REPO)
        time.sleep(rng.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if unnamed_temporaries(tmp_path):
            # the content is written and synced while the file has no name; a kill in the
            # microseconds between naming it and renaming it over the target (two system calls:
            # linkat cannot replace a file) leaves a named temporary, complete, that the next
            # run sweeps: never a partial file under any name
            for left in tmp_path.glob(".big.html.roi-tmp-*"):
                data = left.read_bytes()
                assert len(data) == 4_000_003 and data.endswith(b"END"), left
        sweep_temporaries(tmp_path)
        assert [p.name for p in tmp_path.iterdir()] == ["big.html"]
        data = target.read_bytes()
        assert len(data) == 4_000_003 and data.endswith(b"END") and len(set(data[:-3])) == 1
