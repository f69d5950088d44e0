"""Retention cohorts: hand-computed matrix, channel segments, period retention, sBG projection.

Engine code runs on DuckDB and, marked ``spark``, on PySpark in local mode.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from roianalysis.clv import ShiftedBetaGeoModel
from roianalysis.cohorts import CohortMatrix, cohort_matrix, period_retention, project_cohorts
from roianalysis.engine import Engine, spark_engine

NaN = np.nan


def _orders() -> pd.DataFrame:
    rows = [
        ("o1", "c1", "2025-01-05 09:00", 100.0, "Email"),
        ("o2", "c1", "2025-02-10 10:00", 50.0, "SEO"),
        ("o3", "c1", "2025-04-01 00:00", 20.0, "SEO"),
        ("o4", "c2", "2025-01-20 12:00", 10.0, "SEO"),
        ("o5", "c2", "2025-01-25 12:00", 10.0, "SEO"),
        ("o6", "c3", "2025-02-03 08:00", 30.0, "Email"),
        ("o7", "c3", "2025-03-15 20:00", 40.0, "Email"),
    ]
    df = pd.DataFrame(rows, columns=["order_id", "contact_id", "ordered_at", "revenue", "channel"])
    df["ordered_at"] = pd.to_datetime(df["ordered_at"]).astype("datetime64[us]")
    return df


CHANNELS = pd.Series({"c1": "Email", "c2": "SEO", "c3": "Email"})


def _check_matrix(cm: CohortMatrix) -> None:
    assert list(cm.counts.index) == ["2025-01", "2025-02"]
    np.testing.assert_array_equal(cm.counts.to_numpy(), [[2, 1, 0, 1], [1, 1, 0, NaN]])
    np.testing.assert_array_equal(cm.revenue.to_numpy(), [[120, 50, 0, 20], [30, 40, 0, NaN]])
    np.testing.assert_allclose(cm.shares.to_numpy(), [[1, 0.5, 0, 0.5], [1, 1, 0, NaN]])
    np.testing.assert_allclose(cm.cumulative_revenue_per_customer.to_numpy(),
                               [[60, 85, 85, 95], [30, 70, 70, NaN]])
    assert cm.sizes.to_dict() == {"2025-01": 2, "2025-02": 1}
    assert set(cm.table.columns) >= {"cohort", "period_index", "customers", "revenue",
                                     "cohort_size", "share", "cumulative_revenue_per_customer"}


def _check_by_channel(cm: CohortMatrix) -> None:
    counts = cm.counts
    assert counts.index.names == ["channel", "cohort"]
    np.testing.assert_array_equal(counts.loc[("Email", "2025-01")].to_numpy(), [1, 1, 0, 1])
    np.testing.assert_array_equal(counts.loc[("SEO", "2025-01")].to_numpy(), [1, 0, 0, 0])
    np.testing.assert_array_equal(counts.loc[("Email", "2025-02")].to_numpy(), [1, 1, 0, NaN])
    assert cm.revenue.loc[("SEO", "2025-01"), 0] == 20


def test_cohort_matrix_hand_example():
    _check_matrix(cohort_matrix(_orders()))


def test_cohort_matrix_by_channel_mapping_and_column():
    _check_by_channel(cohort_matrix(_orders(), contact_channel=CHANNELS))
    # the channel of the first order, from a column of the orders
    _check_by_channel(cohort_matrix(_orders(), channel_col="channel"))
    # a DataFrame mapping; contacts missing from it are (unknown)
    cm = cohort_matrix(_orders(), contact_channel=pd.DataFrame(
        {"contact_id": ["c1"], "channel": ["Email"]}))
    assert set(cm.counts.index.get_level_values("channel")) == {"Email", "(unknown)"}


def test_cohort_periods_other_than_months():
    q = cohort_matrix(_orders(), period="Q")
    np.testing.assert_array_equal(q.counts.to_numpy(), [[3, 1]])
    assert list(q.counts.index) == ["2025-Q1"]
    w = cohort_matrix(_orders(), period="W")
    assert w.counts.index[0] == "2025-W01"
    assert w.counts.iloc[0, 0] == 1


def test_period_retention_hand_example():
    out = period_retention(Engine.from_frames({"orders": _orders()}),
                           ["2025-01", "2025-02", "2025-03", "2025-04"])
    assert out["customers_previous"].tolist() == [0, 2, 2, 1]
    assert out["retained"].tolist() == [0, 1, 1, 0]
    assert out["customers"].tolist() == [2, 2, 1, 1]
    assert np.isnan(out.loc["2025-01", "retention_rate"])
    assert out.loc["2025-02", "retention_rate"] == 0.5
    assert out.loc["2025-04", "churn_rate"] == 1.0


def test_project_cohorts_recovers_sbg():
    true = ShiftedBetaGeoModel()
    true.params_ = {"alpha": 0.7, "beta": 1.2}
    counts = pd.DataFrame(
        [np.r_[np.round(5000 * true.survival(np.arange(n))), [NaN] * (10 - n)] for n in (10, 7, 4)],
        index=["2024-01", "2024-04", "2024-07"], columns=range(10))
    proj = project_cohorts(counts, horizon=24)
    m = proj.attrs["pooled_model"]
    assert m.params_["alpha"] == pytest.approx(0.7, rel=0.02)
    assert m.params_["beta"] == pytest.approx(1.2, rel=0.02)
    last = proj[(proj["cohort"] == "2024-07") & (proj["period_index"] == 24)].iloc[0]
    assert last["projected"] == pytest.approx(true.survival(24), rel=0.03)
    assert np.isnan(last["observed"])
    per = project_cohorts(counts, horizon=12, pooled=False)
    assert per.groupby("cohort")["alpha"].nunique().max() == 1


def test_project_cohorts_from_a_matrix():
    proj = project_cohorts(cohort_matrix(_orders()), horizon=6)
    assert set(proj["cohort"]) == {"2025-01", "2025-02"}
    assert (np.diff(proj[proj["cohort"] == "2025-01"]["projected"]) <= 0).all()


@pytest.mark.spark
def test_cohorts_on_spark(spark_session):
    eng = spark_engine({"orders": _orders()}, spark_session)
    _check_matrix(cohort_matrix(eng))
    _check_by_channel(cohort_matrix(eng, contact_channel=CHANNELS))
    _check_by_channel(cohort_matrix(eng, channel_col="channel"))
    out = period_retention(eng, ["2025-02", "2025-04"])
    assert out["retention_rate"].tolist() == [0.5, 0.0]
    for period in ("Q", "W", "Y"):
        pd.testing.assert_frame_equal(cohort_matrix(eng, period=period).counts,
                                      cohort_matrix(_orders(), period=period).counts)
