"""attribute / compare_models / roi_by_channel / journeys_for_client."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from roianalysis.attribution import (
    MODELS,
    aggregate_paths,
    attribute,
    client_options,
    compare_models,
    journeys_for_client,
    roi_by_channel,
)
from roianalysis.data.client import ClientData
from roianalysis.data.config import parse_config

from .test_journeys import frames

PATHS = pd.DataFrame({"path": ["a > b", "a", "b > c", "c"], "conversions": [1, 1, 2, 0],
                      "nulls": [1, 2, 0, 3], "value": [10.0, 30.0, 60.0, 0.0]})


def test_compare_models_side_by_side():
    cmp = compare_models(PATHS, order=1)
    assert list(cmp.conversions.columns) == [m for m in MODELS if m != "time_decay"]
    assert list(cmp.conversions.index) == ["a", "b", "c"]
    assert cmp.conversions.sum().tolist() == pytest.approx([4.0] * 7)
    assert cmp.value.sum().tolist() == pytest.approx([100.0] * 7)
    assert cmp.conversions["markov"].tolist() == attribute(PATHS, "markov")["conversions"].tolist()
    assert set(cmp.removal_effects.columns) == {"conversions", "value"}
    assert len(cmp.transition_matrix()) > 0
    long = cmp.long()
    assert list(long.columns) == ["channel", "model", "conversions", "value"] and len(long) == 21


def test_credits_sum_exactly():
    rng = np.random.default_rng(3)
    n = 2000
    paths = pd.DataFrame({
        "path": [tuple(rng.choice(list("abcdefg"), size=rng.integers(1, 6))) for _ in range(n)],
        "conversions": rng.integers(0, 4, n), "nulls": rng.integers(0, 4, n),
        "value": rng.uniform(0, 100, n).round(2)})
    paths.loc[paths.conversions == 0, "value"] = 0.0
    for model in [m for m in MODELS if m != "time_decay"]:
        out = attribute(paths, model, order=2)
        assert math.fsum(out["conversions"]) == paths.conversions.sum(), model
        assert math.fsum(out["value"]) == pytest.approx(math.fsum(paths.value), rel=1e-15), model


def test_aggregate_paths_merges_duplicates():
    dup = pd.concat([PATHS, PATHS.assign(path=[("a", "b"), ("a",), ("b", "c"), ("c",)])])
    agg = aggregate_paths(dup)
    assert agg["path"].tolist() == [("a",), ("a", "b"), ("b", "c"), ("c",)]
    assert agg["conversions"].tolist() == [2, 2, 4, 0]


def test_roi_by_channel_single_model():
    credits = attribute(PATHS, "last_touch")  # a 30, b 10, c 60
    spend = pd.DataFrame({"date": pd.to_datetime(["2026-01-01"] * 4), "channel": ["a", "b", "d", "a"],
                          "cost": [10.0, 20.0, 5.0, 100.0], "category": ["media", "media", "media", "sales"]})
    out = roi_by_channel(credits, spend)
    assert list(out.index) == ["a", "b", "c", "d"]
    assert out.loc["a", "roas"] == pytest.approx(3.0)
    assert out.loc["a", "roi"] == pytest.approx(2.0)
    assert out.loc["b", "roi"] == pytest.approx(-0.5)
    assert out.loc["b", "cpa"] == pytest.approx(20.0)
    assert np.isnan(out.loc["c", "roas"])  # no spend: missing, not infinite
    assert out.loc["d", "roi"] == pytest.approx(-1.0) and np.isnan(out.loc["d", "cpa"])


def test_roi_by_channel_for_every_model():
    out = roi_by_channel(compare_models(PATHS), pd.Series({"a": 10.0, "b": 20.0, "c": 30.0}))
    assert out.index.names == ["model", "channel"]
    assert out.loc[("first_touch", "a"), "roas"] == pytest.approx(4.0)


def test_journeys_for_client_uses_client_settings():
    cfg = parse_config({"attribution": {"conversion": "lead", "lookback_days": 3}}, "t")
    data = ClientData("t", cfg, frames())
    j = journeys_for_client(data)
    c1 = j.set_index("contact_id").loc["c1"]
    assert c1["path"] == ("Search",) and c1["conversions"] == 1
    assert client_options(data) == {"half_life_days": 7.0, "direct_channels": ["Direct"]}
    cmp = compare_models(j, **client_options(data))
    assert "time_decay" in cmp.conversions.columns
    assert cmp.conversions.sum().round(9).unique().tolist() == [3.0]
    agg = journeys_for_client(data, period="2026-03", aggregate=True)
    assert set(agg.columns) == {"path", "conversions", "nulls", "value"}
    assert agg["conversions"].sum() == 3
