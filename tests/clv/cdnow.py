"""The CDNOW sample of Fader, Hardie & Lee (2005), as canonical orders.

Source: ``lifetimes/datasets/CDNOW_sample.txt`` in the ``Lifetimes-0.11.3`` wheel on PyPI (MIT),
itself the 1/10th sample of the CDNOW dataset distributed by Bruce Hardie
(http://www.brucehardie.com/datasets/): 6 919 purchases by 2 357 customers who made their first
purchase in the first 12 weeks of 1997, followed to the end of June 1998. Columns: master customer
id, sample customer id, date (YYYYMMDD), number of CDs, dollar value. The published analyses use a
39-week calibration period (1997-01-01 .. 1997-09-30) and weeks as the time unit.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

PATH = Path(__file__).resolve().parents[1] / "data" / "CDNOW_sample.txt"
CALIBRATION_END = "1997-09-30"
OBSERVATION_END = "1998-06-30"


@lru_cache(maxsize=1)
def _orders() -> pd.DataFrame:
    raw = pd.read_csv(PATH, sep=r"\s+", header=None,
                      names=["master_id", "customer", "date", "cds", "value"],
                      dtype={"master_id": str, "customer": str, "date": str})
    return pd.DataFrame({
        "order_id": [f"o{i}" for i in range(len(raw))],
        "contact_id": raw["customer"],
        "ordered_at": pd.to_datetime(raw["date"], format="%Y%m%d").astype("datetime64[us]"),
        "revenue": raw["value"].astype(float),
    })


def orders() -> pd.DataFrame:
    """Canonical orders (a fresh copy)."""
    return _orders().copy()


@lru_cache(maxsize=1)
def _rfm() -> pd.DataFrame:
    from roianalysis.clv import rfm_summary

    return rfm_summary(_orders(), CALIBRATION_END, OBSERVATION_END, time_unit="W")


def rfm() -> pd.DataFrame:
    """Calibration/holdout RFM summary in weeks (computed once per test session)."""
    out = _rfm().copy()
    out.attrs = dict(_rfm().attrs)
    return out
