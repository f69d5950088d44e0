"""A client's modelling series from its canonical tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from roianalysis.data.client import ClientData
from roianalysis.errors import DataValidationError
from roianalysis.mix import modelling_series


def _client(with_orders=True):
    # Wednesday 2026-01-07 .. Sunday 2026-02-15: complete weeks are 01-12, 01-19 ... 02-09
    days = pd.date_range("2026-01-07", "2026-02-15", freq="D")
    spend = pd.DataFrame({"date": np.repeat(days, 2), "channel": ["Search", "TV"] * len(days),
                          "cost": [10.0, 100.0] * len(days), "category": "media"})
    spend = pd.concat([spend, pd.DataFrame({"date": [days[10]], "channel": ["Search"],
                                            "cost": [999.0], "category": ["tools"]})])
    tables = {"spend": spend,
              "leads": pd.DataFrame({"contact_id": ["c1", "c2"],
                                     "created_at": ["2026-01-13 10:00", "2026-01-20 11:00"]})}
    if with_orders:
        tables["orders"] = pd.DataFrame({"order_id": ["o1", "o2", "o3"],
                                         "contact_id": ["c1", "c1", "c2"],
                                         "ordered_at": ["2026-01-12 09:00", "2026-01-18 22:00",
                                                        "2026-02-03 12:00"],
                                         "revenue": [50.0, 25.0, 80.0]})
    return ClientData.from_frames(tables)


def test_weekly_series_by_hand():
    s = modelling_series(_client(), "revenue")
    # orders run 01-12 .. 02-03: complete weeks starting 01-12, 01-19, 01-26 (02-02 ends 02-08,
    # after the last order day 02-03, so it is incomplete)
    assert list(s["date"]) == list(pd.to_datetime(["2026-01-12", "2026-01-19", "2026-01-26"]))
    assert list(s.columns) == ["date", "revenue", "Search", "TV"]
    assert list(s["revenue"]) == [75.0, 0.0, 0.0]
    assert list(s["Search"]) == [70.0, 70.0, 70.0]  # the 999 of category 'tools' is not media
    assert list(s["TV"]) == [700.0, 700.0, 700.0]
    d = modelling_series(_client(), "orders", freq="D")
    assert d["orders"].sum() == 3 and d["date"].min() == pd.Timestamp("2026-01-12")


def test_missing_target_table_is_explained():
    with pytest.raises(DataValidationError, match="no orders data"):
        modelling_series(_client(with_orders=False), "revenue")
    with pytest.raises(ValueError, match="unknown target"):
        modelling_series(_client(), "profit")
