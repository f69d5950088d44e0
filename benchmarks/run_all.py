"""Run every benchmark, one after the other (each installs its peers into benchmarks/.envs/).

Each writes its RESULTS.md beside its script; the README quotes the latest tables.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUITES = ["attribution", "clv", "mix", "render"]


def main() -> int:
    status = 0
    for suite in sys.argv[1:] or SUITES:
        script = HERE / suite / "run.py"
        print(f"== {suite}: {script}", flush=True)
        status |= subprocess.call([sys.executable, str(script)])
    return status


if __name__ == "__main__":
    sys.exit(main())
