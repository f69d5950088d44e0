"""Invariants of the RFM summary and the cohort matrix on random orders (Hypothesis, DuckDB)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from roianalysis.clv import rfm_summary
from roianalysis.cohorts import cohort_matrix

START = pd.Timestamp("2025-01-01")

orders_strategy = st.lists(
    st.tuples(st.integers(0, 5),                 # customer
              st.integers(0, 200 * 24 * 60),     # minutes after START
              st.floats(0, 500, allow_nan=False)),
    min_size=1, max_size=40)


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame({
        "order_id": [f"o{i}" for i in range(len(rows))],
        "contact_id": [f"c{c}" for c, _, _ in rows],
        "ordered_at": [START + pd.Timedelta(minutes=m) for _, m, _ in rows],
        "revenue": [v for _, _, v in rows],
    }).astype({"ordered_at": "datetime64[us]"})


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # each example starts a DuckDB
@given(orders_strategy)
def test_rfm_invariants(rows):
    df = _frame(rows)
    cal = START + pd.Timedelta(days=120)
    rfm = rfm_summary(df, cal, START + pd.Timedelta(days=200), time_unit="D")
    in_cal = df[df["ordered_at"] <= cal]
    assert set(rfm.index) == set(in_cal["contact_id"])
    if in_cal.empty:
        return
    days = in_cal.groupby("contact_id")["ordered_at"].apply(lambda s: s.dt.floor("D").nunique())
    assert (rfm["frequency"] == days.reindex(rfm.index) - 1).all()
    assert ((rfm["recency"] >= 0) & (rfm["recency"] <= rfm["T"] + 1e-9)).all()
    assert (rfm.loc[rfm["frequency"] == 0, "recency"] == 0).all()
    assert (rfm["monetary_value"] >= 0).all()
    # revenue is conserved: first day + repeat days
    first_day = in_cal.assign(day=in_cal["ordered_at"].dt.floor("D")).groupby("contact_id").apply(
        lambda g: g.loc[g["day"] == g["day"].min(), "revenue"].sum(), include_groups=False)
    total = in_cal.groupby("contact_id")["revenue"].sum()
    np.testing.assert_allclose((rfm["monetary_value"] * rfm["frequency"]).to_numpy(),
                               (total - first_day).reindex(rfm.index).to_numpy(), atol=1e-6)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])  # each example starts a DuckDB
@given(orders_strategy)
def test_cohort_invariants(rows):
    df = _frame(rows)
    cm = cohort_matrix(df)
    assert cm.sizes.sum() == df["contact_id"].nunique()
    shares = cm.shares.to_numpy()
    assert np.nanmax(shares) <= 1 and np.nanmin(shares) >= 0
    assert (cm.shares[0] == 1).all()
    assert np.isclose(np.nansum(cm.revenue.to_numpy()), df["revenue"].sum())
    cum = cm.cumulative_revenue_per_customer.to_numpy()
    assert np.all(np.diff(cum, axis=1)[~np.isnan(np.diff(cum, axis=1))] >= -1e-9)
