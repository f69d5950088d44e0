"""Read the generated Meta export through ``sources.read`` and print what it found.

Usage: ``time python benchmarks/sources/read_meta.py [FILE]`` (after ``generate_meta.py``).
Prints the reading time alone (after imports) besides the process time ``time`` gives.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from roianalysis import sources


def main(path: str | None = None) -> None:
    p = Path(path or Path(__file__).resolve().parents[1] / ".data" / "meta_ads_50mb.csv")
    t0 = time.perf_counter()
    imp = sources.read(p)
    took = time.perf_counter() - t0
    print(imp.summary())
    print(f"read in {took:.2f} s ({p.stat().st_size / 1e6:.1f} MB, {imp.rows.read} rows, "
          f"{len(imp.tables['spend'])} spend rows)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
