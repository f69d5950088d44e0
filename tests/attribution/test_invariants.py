"""Hypothesis invariants of every model (issue 4)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roianalysis.attribution import MODELS, attribute
from roianalysis.attribution.markov import markov

CHANNELS = ["Direct", "Email", "Search", "Social", "Video"]


@st.composite
def journeys(draw, min_rows=1, max_rows=12):
    n = draw(st.integers(min_rows, max_rows))
    rows = []
    for _ in range(n):
        length = draw(st.integers(1, 6))
        path = tuple(draw(st.sampled_from(CHANNELS)) for _ in range(length))
        days = tuple(sorted((draw(st.floats(0, 60)) for _ in range(length)), reverse=True))
        conv = draw(st.integers(0, 3))
        nulls = draw(st.integers(0, 3))
        value = draw(st.floats(0, 1000)) if conv else 0.0
        rows.append((path, days, conv, nulls, value))
    return pd.DataFrame(rows, columns=["path", "days_before", "conversions", "nulls", "value"])


FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RUNS = [(m, 1) for m in MODELS] + [("markov", 2), ("markov", 3)]


def _run(df, model, order):
    return attribute(df, model, order=order)


@FAST
@given(journeys())
def test_credits_sum_to_totals_and_are_non_negative(df):
    for model, order in RUNS:
        out = _run(df, model, order)
        assert (out.to_numpy() >= 0).all(), model
        assert math.fsum(out["conversions"]) == pytest.approx(df.conversions.sum(), abs=1e-9), model
        if model != "markov" or df.conversions.sum() > 0:
            assert math.fsum(out["value"]) == pytest.approx(df.value.sum(), rel=1e-12, abs=1e-9)


@FAST
@given(journeys(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(df, rnd):
    idx = list(df.index)
    rnd.shuffle(idx)
    shuffled = df.loc[idx].reset_index(drop=True)
    for model, order in RUNS:
        a, b = _run(df, model, order), _run(shuffled, model, order)
        assert list(a.index) == list(b.index)
        np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9, atol=1e-9)


@FAST
@given(journeys(), st.permutations(["v", "w", "x", "y", "z"]))
def test_relabelling_channels_relabels_credits(df, names):
    mapping = dict(zip(CHANNELS, names, strict=True))
    relabelled = df.assign(path=[tuple(mapping[c] for c in p) for p in df.path])
    for model, order in RUNS:
        if model == "last_non_direct":
            continue  # "Direct" is a named role; renaming it changes the rule
        a, b = _run(df, model, order), _run(relabelled, model, order)
        b = b.rename(index={v: k for k, v in mapping.items()}).loc[a.index]
        np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9, atol=1e-9)


@FAST
@given(journeys(), st.lists(st.integers(0, 24), min_size=1, max_size=5), st.integers(1, 3))
def test_channel_only_leading_to_null_gets_no_markov_credit(df, rows, order):
    df = df.copy()
    extra = []
    for r in rows:
        r = r % len(df)
        # a dead end: "Zz" is only ever followed by the null state
        extra.append((df.path.iloc[r] + ("Zz",), (), 0, 1 + int(df.nulls.iloc[r]), 0.0))
    extra.append((("Zz",), (), 0, 2, 0.0))
    more = pd.DataFrame(extra, columns=df.columns)
    full = pd.concat([df, more], ignore_index=True).drop(columns="days_before")
    res = markov(full, order=order)
    assert res.removal_effects.loc["Zz"].tolist() == [0.0, 0.0]
    assert res.credits.loc["Zz"].tolist() == [0.0, 0.0]
