"""Write a ~50 MB Meta Ads Manager export (ad level, Day breakdown) for the reader benchmark.

The layout is the genuine ad-level Ads Manager export's: 27 columns, header cells with a space,
comma or parenthesis quoted, text in numeric-looking columns (``Using campaign budget``,
``Ongoing``, ranking ``-``), ``Last significant edit`` with an offset, ``.`` decimals with up to
8 places, empty cells for "not applicable". The data are random (seeded), not a client's.

Usage: ``python benchmarks/sources/generate_meta.py [MB] [OUT]`` (default 50 MB,
``benchmarks/.data/meta_ads_50mb.csv``; ``benchmarks/.data`` is ignored by git). Prints the row
count and the exact cost total, which the reader must find.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HEADER = ["Reporting starts", "Reporting ends", "Ad name", "Ad delivery", "Results",
          "Result indicator", "Cost per results", "Ad set budget", "Ad set budget type",
          "Amount spent (USD)", "Impressions", "Reach", "Frequency",
          "CPM (cost per 1,000 impressions) (USD)", "Purchases", "Ends", "Attribution setting",
          "Bid", "Bid type", "Last significant edit", "Quality ranking",
          "Engagement rate ranking", "Conversion rate ranking", "Ad set name", "Meta leads",
          "Purchase ROAS (return on ad spend)", "Campaign name"]


def quote(name: str) -> str:
    return f'"{name}"' if any(c in name for c in " ,()") else name


def frame(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.date_range("2025-01-01", periods=365, freq="D").strftime("%Y-%m-%d").to_numpy()
    day = days[np.sort(rng.integers(0, len(days), n))]
    camp = rng.integers(0, 40, n)
    ad = camp * 50 + rng.integers(0, 50, n)
    spend = np.round(rng.gamma(1.2, 9.0, n), 2)
    spend[rng.random(n) < 0.3] = 0.0
    impressions = np.where(spend > 0, (spend * rng.uniform(30, 90, n)).astype(int), 0)
    reach = (impressions * rng.uniform(0.6, 1.0, n)).astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        freq = np.where(reach > 0, impressions / np.maximum(reach, 1), 0).round(6)
        cpm = np.where(impressions > 0, spend / np.maximum(impressions, 1) * 1000, 0).round(6)
    purchases = np.where(rng.random(n) < 0.1, rng.integers(1, 4, n).astype(str), "")
    return pd.DataFrame({
        "Reporting starts": day, "Reporting ends": day,
        "Ad name": np.char.add("VIDEO_TOF_ Voiceover creative ", ad.astype(str)),
        "Ad delivery": np.where(spend > 0, "active", "inactive"),
        "Results": "", "Result indicator": "", "Cost per results": "",
        "Ad set budget": "Using campaign budget", "Ad set budget type": "0",
        "Amount spent (USD)": spend, "Impressions": impressions, "Reach": reach,
        "Frequency": freq, "CPM (cost per 1,000 impressions) (USD)": cpm,
        "Purchases": purchases, "Ends": "Ongoing",
        "Attribution setting": "7-day click, 1-day view, or 1-day engaged-view",
        "Bid": "0", "Bid type": "ABSOLUTE_OCPM", "Last significant edit": "2025-12-09T14:15:23-0800",
        "Quality ranking": "-", "Engagement rate ranking": "-", "Conversion rate ranking": "-",
        "Ad set name": np.char.add("Ad set ", (ad // 5).astype(str)), "Meta leads": "",
        "Purchase ROAS (return on ad spend)": "",
        "Campaign name": np.char.add("MF_SALES_CAMPAIGN_", camp.astype(str)),
    })


def lines(df: pd.DataFrame) -> pd.Series:
    """The CSV lines of ``df``: a text cell holding a space, comma or parenthesis is quoted, as
    Meta writes it (``"Using campaign budget"``, but ``Ongoing``)."""
    cols = []
    for name in HEADER:
        col = df[name].astype(str)
        quoted = col.str.contains(r"[ ,()]", regex=True)
        cols.append(col.where(~quoted, '"' + col + '"'))
    return cols[0].str.cat(cols[1:], sep=",")


def main(mb: float = 50.0, out: str | None = None) -> None:
    path = Path(out or Path(__file__).resolve().parents[1] / ".data" / "meta_ads_50mb.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    sample = frame(2000)
    per_row = sum(len(x.encode()) + 1 for x in lines(sample)) / len(sample)
    n = int(mb * 1e6 / per_row)
    df = frame(n)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(quote(h) for h in HEADER) + "\n")
        fh.write("\n".join(lines(df).tolist()) + "\n")
    size = path.stat().st_size
    print(f"{path}: {size / 1e6:.1f} MB, {n} rows, cost {df['Amount spent (USD)'].sum():.2f} USD, "
          f"{df['Campaign name'].nunique()} campaigns x {df['Reporting starts'].nunique()} days")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 50.0, sys.argv[2] if len(sys.argv) > 2 else None)
