"""Rule-based models pinned on a hand-solved example."""

from __future__ import annotations

import pandas as pd
import pytest

from roianalysis.attribution import attribute

PATHS = pd.DataFrame({
    "path": [("Direct", "a", "Direct"), ("b",), ("a", "b", "c", "Direct"), ("Direct",), ("c", "a")],
    "conversions": [2, 1, 1, 1, 0],
    "nulls": [0, 0, 0, 0, 3],
    "value": [100.0, 10.0, 40.0, 5.0, 0.0],
})


def credits(model, **kw):
    out = attribute(PATHS, model, **kw)
    assert list(out.index) == ["Direct", "a", "b", "c"]
    return out


def test_first_touch():
    out = credits("first_touch")
    assert out["conversions"].tolist() == [3, 1, 1, 0]
    assert out["value"].tolist() == [105, 40, 10, 0]


def test_last_touch():
    out = credits("last_touch")
    assert out["conversions"].tolist() == [4, 0, 1, 0]
    assert out["value"].tolist() == [145, 0, 10, 0]


def test_last_non_direct_falls_back_to_direct_only_journeys():
    out = credits("last_non_direct")
    assert out["conversions"].tolist() == [1, 2, 1, 1]
    assert out["value"].tolist() == [5, 100, 10, 40]
    custom = credits("last_non_direct", direct_channels=["c"])
    assert custom["conversions"].tolist() == [4, 0, 1, 0]


def test_linear():
    out = credits("linear")
    assert out["conversions"].tolist() == pytest.approx([31 / 12, 11 / 12, 5 / 4, 1 / 4])
    assert out["value"].tolist() == pytest.approx([200 / 3 + 10 + 5, 100 / 3 + 10, 20, 10])


def test_position_based_40_20_40_and_custom():
    out = credits("position_based")
    assert out["conversions"].tolist() == pytest.approx([3.0, 0.8, 1.1, 0.1])
    half = credits("position_based", first=0.5, last=0.5)
    assert half["conversions"].tolist() == pytest.approx([3.5, 0.5, 1.0, 0.0])
    with pytest.raises(ValueError):
        credits("position_based", first=0.7, last=0.7)


def test_position_based_two_touches_split_by_first_last_ratio():
    p = pd.DataFrame({"path": ["a > b"], "conversions": [1]})
    out = attribute(p, "position_based", first=0.6, last=0.2)
    assert out["conversions"].tolist() == pytest.approx([0.75, 0.25])


def test_time_decay_halves_every_half_life():
    j = pd.DataFrame({"path": [("a", "b"), ("a", "a", "b")], "days_before": [(7.0, 0.0), (14.0, 7.0, 0.0)],
                      "conversions": [1, 1], "nulls": [0, 0], "value": [30.0, 70.0]})
    out = attribute(j, "time_decay", half_life_days=7)
    # journey 1: weights 1/2, 1 -> a 1/3; journey 2: 1/4, 1/2, 1 -> a 3/7
    assert out.loc["a", "conversions"] == pytest.approx(1 / 3 + 3 / 7)
    assert out.loc["b", "value"] == pytest.approx(30 * 2 / 3 + 70 * 4 / 7)
    assert out["conversions"].sum() == 2


def test_time_decay_needs_times():
    with pytest.raises(ValueError, match="touch times"):
        attribute(PATHS, "time_decay")


def test_string_paths_and_unknown_model():
    p = pd.DataFrame({"path": ["a>b", " b > a "], "conversions": [1, 1]})
    out = attribute(p, "first_touch")
    assert out["conversions"].tolist() == [1, 1]
    assert out["value"].tolist() == [0, 0]
    with pytest.raises(ValueError, match="unknown model"):
        attribute(p, "magic")


def test_bad_tables_are_named_errors():
    with pytest.raises(ValueError, match="conversions"):
        attribute(pd.DataFrame({"path": ["a"]}), "linear")
    with pytest.raises(ValueError, match="empty"):
        attribute(pd.DataFrame({"path": [()], "conversions": [1]}), "linear")
    with pytest.raises(ValueError, match="negative"):
        attribute(pd.DataFrame({"path": ["a"], "conversions": [-1]}), "linear")
