"""Objectives read for a period: pro rata for volumes, as-is for ratios; status with direction."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from roianalysis.scorecard.objectives import (
    achievement,
    read_targets,
    status,
    target_for,
    team_targets,
)


def _obj(rows):
    df = pd.DataFrame(rows, columns=["period", "metric", "target", "channel"])
    df["campaign"] = "(none)"
    df["channel"] = df["channel"].where(df["channel"] != "", None)
    return df


def test_yearly_volume_is_pro_rated_by_days_for_a_quarter():
    obj = _obj([("2026", "leads", 3650.0, "")])
    t = read_targets(obj, "2026-Q3")
    # Q3 2026 has 92 days, 2026 has 365: 3650 x 92 / 365 = 920
    assert target_for(t, "leads") == pytest.approx(920.0)
    row = t.iloc[0]
    assert row["rule"] == "pro_rata" and row["source_period"] == "2026"
    assert row["factor"] == pytest.approx(92 / 365)


def test_quarter_volume_pro_rated_for_a_month_and_ratio_read_as_is():
    obj = _obj([("2026-Q4", "revenue", 92_000.0, ""), ("2026-Q4", "cpl", 50.0, "")])
    t = read_targets(obj, "2026-11")
    assert target_for(t, "revenue") == pytest.approx(92_000 * 30 / 92)  # November: 30 of 92 days
    assert target_for(t, "cpl") == 50.0
    assert t.set_index("metric").loc["cpl", "rule"] == "as_is"


def test_exact_and_shortest_period_wins():
    obj = _obj([("2026", "leads", 3650.0, ""), ("2026-Q4", "leads", 1000.0, ""),
                ("2026-Q3", "leads", 700.0, "")])
    assert target_for(read_targets(obj, "2026-Q3"), "leads") == 700.0
    assert target_for(read_targets(obj, "2026-10"), "leads") == pytest.approx(1000 * 31 / 92)


def test_quarters_tiling_a_year_are_summed_and_partial_overlap_ignored():
    obj = _obj([(f"2026-Q{q}", "leads", 100.0 * q, "") for q in range(1, 5)])
    t = read_targets(obj, "2026")
    assert target_for(t, "leads") == 1000.0
    assert t.iloc[0]["rule"] == "sum"
    assert len(read_targets(obj, "2026-09-15..2026-10-15")) == 0  # straddles two quarters
    assert len(read_targets(_obj([("2026-Q1", "cpl", 10.0, "")]), "2026")) == 0  # ratios not summed


def test_channel_targets_are_kept_apart():
    obj = _obj([("2026-Q3", "cpl", 40.0, ""), ("2026-Q3", "cpl", 30.0, "Paid Search")])
    t = read_targets(obj, "2026-Q3")
    assert target_for(t, "cpl") == 40.0
    assert target_for(t, "cpl", "Paid Search") == 30.0
    assert math.isnan(target_for(t, "cpl", "Display"))


def test_empty_objectives():
    assert len(read_targets(None, "2026-Q3")) == 0
    assert math.isnan(target_for(read_targets(None, "2026"), "leads"))


def test_team_targets_split_volumes_and_keep_ratios():
    obj = _obj([("2026-Q3", "leads", 400.0, ""), ("2026-Q3", "lead_to_customer", 0.2, "")])
    tt = team_targets(read_targets(obj, "2026-Q3"), ["Ann", "Bob", "Cy", "Dee"])
    assert list(tt["leads"]) == [100.0] * 4
    assert list(tt["lead_to_customer"]) == [0.2] * 4


@pytest.mark.parametrize("actual,target,direction,expected,st", [
    (110, 100, 1, 1.10, "on_track"),      # leads above target
    (95, 100, 1, 0.95, "at_risk"),
    (80, 100, 1, 0.80, "off_track"),
    (40, 50, -1, 1.25, "on_track"),       # CPL below target is good
    (52, 50, -1, 50 / 52, "at_risk"),
    (70, 50, -1, 50 / 70, "off_track"),   # CPL far above target
    (100, 100, 1, 1.0, "on_track"),
])
def test_status_uses_direction(actual, target, direction, expected, st):
    assert achievement(actual, target, direction) == pytest.approx(expected)
    assert status(actual, target, direction, at_risk=0.9) == st


def test_status_edge_cases():
    assert status(float("nan"), 100, 1) is None
    assert status(10, float("nan"), 1) is None
    assert status(0.0, 50, -1) == "on_track"  # zero CPL (no spend) meets any cost target
    assert status(-0.2, -0.1, 1) == "off_track"  # ROI targets at or below zero compare directly
    assert status(0.05, 0.0, 1) == "on_track"
    assert status(94, 100, 1, at_risk=0.95) == "off_track"  # configurable threshold


def test_rule_is_a_sentence_in_both_languages():
    from roianalysis.report.texts import text

    assert "pro rata" in text("en", "objectives_rule") and "prorata" in text("fr", "objectives_rule")
