"""Exact Markov removal effects: hand-solved chains and a dense reference solve."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from roianalysis.attribution import attribute, compare_models
from roianalysis.attribution.markov import build_chain, markov

from .reference import dense_markov, states_of

SMALL = pd.DataFrame({"path": ["a > b", "a", "b"], "conversions": [1, 0, 0],
                      "nulls": [0, 1, 1], "value": [30.0, 0.0, 0.0]})


def test_order_1_by_hand():
    # start->a 2/3, start->b 1/3; a->b 1/2, a->null 1/2; b->conv 1/2, b->null 1/2.
    # p = 2/3*1/2*1/2 + 1/3*1/2 = 1/3; without a: 1/6 (RE 1/2); without b: 0 (RE 1).
    res = markov(SMALL, order=1)
    assert res.conversion_probability == pytest.approx(1 / 3, rel=1e-12)
    assert res.removal_effects["conversions"].tolist() == pytest.approx([0.5, 1.0], rel=1e-12)
    assert res.credits["conversions"].tolist() == pytest.approx([1 / 3, 2 / 3], rel=1e-12)
    assert res.credits["value"].tolist() == pytest.approx([10.0, 20.0], rel=1e-12)


def test_order_2_by_hand():
    # states (a,b), (a), (b): only (a,b) converts and it contains both channels.
    res = markov(SMALL, order=2)
    assert res.removal_effects["conversions"].tolist() == pytest.approx([1.0, 1.0])
    assert res.credits["conversions"].tolist() == pytest.approx([0.5, 0.5])


def test_state_construction_matches_channelattribution_rules():
    assert states_of(("a", "a", "b"), 1) == [("a",), ("b",)]
    assert states_of(("a", "a", "a", "b"), 2) == [("a", "a"), ("a", "b")]
    assert states_of(("a",), 3) == [("a",)]
    paths = pd.DataFrame({"path": ["a > a > a > b", "c", "a > b > a > b"],
                          "conversions": [1, 0, 1], "nulls": [1, 1, 0]})
    names = build_chain(paths, order=2).state_names()
    assert sorted(names[:-3]) == ["a > a", "a > b", "b > a", "c"]
    assert names[-3:] == ["(start)", "(conversion)", "(null)"]


def test_transition_matrix_rows_sum_to_one():
    res = compare_models(SMALL, models=["markov"])
    tm = res.transition_matrix()
    assert set(tm.columns) == {"from", "to", "probability", "count"}
    assert tm.groupby("from")["probability"].sum().tolist() == pytest.approx([1.0] * 3)
    assert tm.query("`from` == 'a' and to == 'b'")["probability"].item() == pytest.approx(0.5)
    assert res.removal_effects.loc["b", "conversions"] == pytest.approx(1.0)


def _random_paths(seed: int, n: int = 300, channels: str = "abcdef", max_len: int = 7):
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(n):
        length = int(rng.integers(1, max_len + 1))
        path = tuple(rng.choice(list(channels), size=length))
        conv = int(rng.integers(0, 3))
        null = int(rng.integers(0, 4))
        rows.append((path, conv, null, float(conv * rng.uniform(10, 200))))
    return rows


@pytest.mark.parametrize("solver", ["lu", "iterative"])
@pytest.mark.parametrize("order", [1, 2, 3, 4])
@pytest.mark.parametrize("seed", [0, 1])
def test_exact_against_dense_solve(order, seed, solver):
    rows = _random_paths(seed)
    df = pd.DataFrame(rows, columns=["path", "conversions", "nulls", "value"])
    res = markov(df, order=order, solver=solver)
    re, credits, base = dense_markov(rows, order)
    assert res.conversion_probability == pytest.approx(base[0], rel=1e-12)
    # the empirical chain reproduces the observed conversion rate
    assert res.conversion_probability == pytest.approx(df.conversions.sum() / (df.conversions + df.nulls).sum())
    for c in res.credits.index:
        assert res.removal_effects.loc[c].tolist() == pytest.approx(list(re[c]), rel=1e-9, abs=1e-12)
        assert res.credits.loc[c].tolist() == pytest.approx(list(credits[c]), rel=1e-9, abs=1e-12)


def test_slow_mixing_chain_falls_back_to_lu(monkeypatch):
    mk = importlib.import_module("roianalysis.attribution.absorbing")

    loop = " > ".join(["a", "b"] * 200)
    df = pd.DataFrame({"path": [loop + " > c", loop, "c"], "conversions": [1, 0, 1], "nulls": [0, 1, 3]})
    monkeypatch.setattr(mk, "MAX_ITER", 50)
    it = markov(df, order=1, solver="iterative")
    lu = markov(df, order=1, solver="lu")
    rows = [(tuple(p.split(" > ")), c, n, 0.0) for p, c, n in df.itertuples(index=False)]
    re, _, _ = dense_markov(rows, 1)
    for c in "abc":
        assert it.removal_effects.loc[c, "conversions"] == pytest.approx(re[c][0], rel=1e-9)
        assert lu.removal_effects.loc[c, "conversions"] == pytest.approx(re[c][0], rel=1e-9)


def test_channel_that_never_leads_to_conversion_gets_exactly_zero():
    df = pd.DataFrame({"path": ["a > b", "a > z", "z", "b > z"], "conversions": [2, 0, 0, 0],
                       "nulls": [1, 2, 1, 1]})
    out = attribute(df, "markov")
    assert out.loc["z", "conversions"] == 0.0


def test_order_must_be_positive_integer():
    with pytest.raises(ValueError, match="order"):
        markov(SMALL, order=0)


def test_no_conversions_gives_zero_credits():
    df = pd.DataFrame({"path": ["a", "b > a"], "conversions": [0, 0], "nulls": [1, 2]})
    out = attribute(df, "markov", order=2)
    assert out["conversions"].tolist() == [0.0, 0.0]


def test_chunked_and_sorted_code_paths_give_the_same_answer(monkeypatch):
    mk = importlib.import_module("roianalysis.attribution.markov")
    pt = importlib.import_module("roianalysis.attribution.paths")
    rows = _random_paths(5, n=400)
    df = pd.DataFrame(rows, columns=["path", "conversions", "nulls", "value"])
    df["path"] = [" > ".join(p) for p in df["path"]]
    ref = {k: markov(df, order=k) for k in (1, 3)}
    monkeypatch.setattr(pt, "CHUNK_TOKENS", 37)
    monkeypatch.setattr(pt, "PARSE_BATCH", 11)
    monkeypatch.setattr(mk, "LUT_SPACE", 0)
    monkeypatch.setattr(mk, "DENSE_COUNTS", 0)
    for k in (1, 3):
        got = markov(df, order=k)
        assert got.credits.to_numpy() == pytest.approx(ref[k].credits.to_numpy(), rel=1e-12)
        assert (got.chain.counts != ref[k].chain.counts).nnz == 0
    lin = attribute(df, "position_based")
    monkeypatch.setattr(pt, "CHUNK_TOKENS", 1 << 18)
    assert lin.to_numpy() == pytest.approx(attribute(df, "position_based").to_numpy(), rel=1e-12)
