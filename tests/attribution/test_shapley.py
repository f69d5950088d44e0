"""Shapley values: hand-solved default game, enumeration, custom games."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from roianalysis.attribution import attribute, path_arrays, subset_game
from roianalysis.attribution.shapley import shapley, shapley_from_values, subset_game_values

PATHS = pd.DataFrame({"path": ["a > b", "a", "b > b > c", "c > d"],
                      "conversions": [1, 1, 3, 0], "nulls": [1, 0, 0, 5],
                      "value": [10.0, 20.0, 60.0, 0.0]})


def test_default_game_by_hand():
    # v = u_{ab} + u_{a} + 3 u_{bc}: a 1/2 + 1, b 1/2 + 3/2, c 3/2, d 0
    out = attribute(PATHS, "shapley")
    assert out["conversions"].tolist() == pytest.approx([1.5, 2.0, 1.5, 0.0])
    assert out["value"].tolist() == pytest.approx([25.0, 35.0, 30.0, 0.0])


def test_closed_form_equals_full_enumeration():
    def same_game(coalition, paths, measure):  # a different object: forces enumeration
        return subset_game(coalition, paths, measure)

    fast = shapley(PATHS)
    slow = shapley(PATHS, characteristic=same_game)
    assert slow.to_numpy() == pytest.approx(fast.to_numpy(), rel=1e-12)


def test_zeta_transform_values():
    pa = path_arrays(PATHS)
    v = subset_game_values(pa, pa.conversions)
    # masks: a=1, b=2, c=4, d=8
    assert v[0b0001] == 1 and v[0b0011] == 2 and v[0b0110] == 3 and v[0b1111] == 5
    phi = shapley_from_values(v, 4)
    assert phi.tolist() == pytest.approx([1.5, 2.0, 1.5, 0.0])


def test_textbook_three_player_game():
    # glove game: L = {0}, R = {1, 2}; v = 1 when a left and a right glove are present
    v = np.zeros(8)
    for mask in range(8):
        v[mask] = float(bool(mask & 1) and bool(mask & 6))
    assert shapley_from_values(v, 3).tolist() == pytest.approx([2 / 3, 1 / 6, 1 / 6])


def test_custom_game_is_rescaled_to_totals():
    def touched(coalition, paths, measure):
        hit = [bool(set(p) & coalition) for p in paths["path"]]
        return float(paths.loc[hit, measure].sum())

    out = attribute(PATHS, "shapley", characteristic=touched)
    assert out["conversions"].sum() == pytest.approx(5.0)
    assert out["value"].sum() == pytest.approx(90.0)
    assert (out["conversions"] >= 0).all()


def test_custom_game_refuses_too_many_channels():
    many = pd.DataFrame({"path": [tuple(f"c{i}" for i in range(25))], "conversions": [1]})
    with pytest.raises(ValueError, match="exact up to"):
        shapley(many, characteristic=lambda s, p, m: 0.0)
    # the default game has a closed form: any number of channels
    assert shapley(many)["conversions"].sum() == pytest.approx(1.0)
