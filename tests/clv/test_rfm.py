"""RFM summary: a hand-computed example, on DuckDB and on Spark."""

from __future__ import annotations

import pandas as pd
import pytest

from roianalysis.clv import rfm_summary
from roianalysis.engine import Engine, spark_engine

from . import cdnow


def _orders() -> pd.DataFrame:
    rows = [
        ("o1", "c1", "2025-01-01 10:00", 10.0),
        ("o2", "c1", "2025-01-01 18:00", 5.0),   # same day: one purchase day
        ("o3", "c1", "2025-01-03 12:00", 20.0),
        ("o4", "c1", "2025-01-10 06:00", 30.0),  # holdout
        ("o5", "c2", "2025-01-05 00:00", 7.0),
        ("o6", "c3", "2025-01-09 00:00", 9.0),   # first order after calibration: not a customer yet
        ("o7", "c2", "2025-01-20 00:00", 4.0),   # after the observation end
    ]
    df = pd.DataFrame(rows, columns=["order_id", "contact_id", "ordered_at", "revenue"])
    df["ordered_at"] = pd.to_datetime(df["ordered_at"]).astype("datetime64[us]")
    return df


CAL, OBS = "2025-01-08", "2025-01-15"


def _check_hand_example(rfm: pd.DataFrame) -> None:
    assert list(rfm.index) == ["c1", "c2"]
    c1, c2 = rfm.loc["c1"], rfm.loc["c2"]
    # c1: purchase days Jan 1 and Jan 3 -> 1 repeat; recency from exact times: 2 days 2 hours
    assert c1["frequency"] == 1
    assert c1["recency"] == pytest.approx(2 + 2 / 24)
    assert c1["T"] == pytest.approx(6 + 14 / 24)
    assert c1["monetary_value"] == pytest.approx(20.0)  # the first day (15) is not a repeat
    assert (c1["frequency_holdout"], c1["monetary_value_holdout"]) == (1, 30.0)
    assert c1["duration_holdout"] == pytest.approx(7.0)
    assert (c2["frequency"], c2["recency"], c2["T"], c2["monetary_value"]) == (0, 0.0, 3.0, 0.0)
    assert (c2["frequency_holdout"], c2["monetary_value_holdout"]) == (0, 0.0)


def test_rfm_hand_example_duckdb():
    rfm = rfm_summary(Engine.from_frames({"orders": _orders()}), CAL, OBS, time_unit="D")
    _check_hand_example(rfm)
    assert rfm.attrs["time_unit_days"] == 1.0


def test_rfm_accepts_a_dataframe_and_other_units():
    weeks = rfm_summary(_orders(), CAL, OBS, time_unit="W")
    assert weeks.loc["c1", "recency"] == pytest.approx((2 + 2 / 24) / 7)
    assert weeks.loc["c1", "duration_holdout"] == pytest.approx(1.0)
    every = rfm_summary(_orders(), CAL, time_unit=1.0, freq=None)
    assert every.loc["c1", "frequency"] == 2  # three distinct timestamps
    assert every.loc["c1", "monetary_value"] == pytest.approx((5 + 20) / 2)
    assert "frequency_holdout" not in every
    whole = rfm_summary(_orders())  # calibration ends at the last order
    assert set(whole.index) == {"c1", "c2", "c3"}
    assert whole.loc["c2", "frequency"] == 1


def test_rfm_with_no_customer_yet_is_empty():
    rfm = rfm_summary(_orders(), "2024-12-31", "2025-01-15")
    assert rfm.empty and "frequency_holdout" in rfm.columns


def test_rfm_rejects_bad_periods():
    with pytest.raises(ValueError, match="after calibration_end"):
        rfm_summary(_orders(), OBS, CAL)
    with pytest.raises(ValueError, match="unknown time unit"):
        rfm_summary(_orders(), CAL, time_unit="fortnight")


@pytest.mark.spark
def test_rfm_hand_example_spark(spark_session):
    eng = spark_engine({"orders": _orders()}, spark_session)
    _check_hand_example(rfm_summary(eng, CAL, OBS, time_unit="D"))


@pytest.mark.spark
def test_rfm_cdnow_same_on_spark_and_duckdb(spark_session):
    eng = spark_engine({"orders": cdnow.orders()}, spark_session)
    spark = rfm_summary(eng, cdnow.CALIBRATION_END, cdnow.OBSERVATION_END, time_unit="W")
    pd.testing.assert_frame_equal(spark, cdnow.rfm(), check_exact=False, rtol=1e-12)
