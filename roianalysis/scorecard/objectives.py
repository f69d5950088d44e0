"""Objectives read for a report period (docs/design.md section 6.4).

The ``objectives`` table holds targets per ``period``, ``metric``, ``channel`` (empty = all
channels) and ``campaign``. A target is read for a report period P as follows:

* an objective set for P itself is read as it is;
* an objective set for a longer period Q that contains P (a yearly target read for a quarter) is
  **pro-rated by days for volume metrics** and read **as it is for ratio metrics**::

      target(P) = target(Q) x days(P) / days(Q)      (volume: leads, revenue, cost...)
      target(P) = target(Q)                          (ratio: CPL, ROI, conversion rates...)

* when no objective contains P, volume objectives of shorter periods that exactly tile P (four
  quarterly targets for a year) are added up;
* when several objectives apply, the one of the shortest period wins (a Q4 target beats the
  yearly one read for Q4).

**Sales team objectives** (convention, the table has no ``owner`` column): the all-channel
objectives of :data:`TEAM_METRICS` are the team's; each owner is held to the ratio targets as
they are and to an equal share of the volume targets (``target / number of owners``). If an
``owner`` column is ever present in the table, its rows are per-owner targets and win.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from roianalysis.catalog import METRICS
from roianalysis.periods import Period
from roianalysis.schema import NO_CAMPAIGN

#: Metrics a sales team is held to (read from the all-channel objectives).
TEAM_METRICS = ("leads", "new_customers", "lead_to_customer", "sales_cycle_days", "revenue")

TARGET_COLUMNS = ["metric", "channel", "campaign", "owner", "target", "source_period", "factor",
                  "rule"]


def _key(row: pd.Series) -> tuple:
    ch = row.get("channel")
    camp = row.get("campaign")
    owner = row.get("owner")
    return (row["metric"], None if pd.isna(ch) or ch == "" else ch,
            None if pd.isna(camp) or camp in ("", NO_CAMPAIGN) else camp,
            None if owner is None or pd.isna(owner) or owner == "" else owner)


def read_targets(objectives: pd.DataFrame | None, period: str | Period) -> pd.DataFrame:
    """The targets that apply to ``period``, one row per (metric, channel, campaign, owner).

    Parameters
    ----------
    objectives : DataFrame or None
        The canonical ``objectives`` table (``period``, ``metric``, ``target``, ``channel``,
        ``campaign``; optionally ``owner``). ``None`` or empty gives an empty result.
    period : str or Period
        The report period.

    Returns
    -------
    DataFrame with columns :data:`TARGET_COLUMNS`: ``channel``/``campaign``/``owner`` are ``None``
    for "all"; ``source_period`` is the objective's period label (``+``-joined when summed);
    ``factor`` the pro-rating factor ``days(P) / days(Q)`` (1 for ratios and exact periods);
    ``rule`` is ``exact``, ``pro_rata``, ``as_is`` or ``sum``.
    """
    period = Period.parse(period)
    if objectives is None or len(objectives) == 0:
        return pd.DataFrame(columns=TARGET_COLUMNS)
    cands: dict[tuple, list[tuple]] = {}
    for _, row in objectives.iterrows():
        q = Period.parse(str(row["period"]))
        cands.setdefault(_key(row), []).append((q, float(row["target"])))
    out = []
    for key, items in cands.items():
        metric = key[0]
        kind = METRICS[metric].kind if metric in METRICS else "ratio"
        containing = [(q, t) for q, t in items if q.start <= period.start and q.end >= period.end]
        if containing:
            q, t = min(containing, key=lambda qt: (qt[0].days, qt[0].start))
            if q.start == period.start and q.end == period.end:
                factor, how = 1.0, "exact"
            elif kind == "volume":
                factor, how = period.days / q.days, "pro_rata"
            else:
                factor, how = 1.0, "as_is"
            out.append((*key, t * factor, q.label, factor, how))
            continue
        if kind != "volume":
            continue
        inside = sorted((qt for qt in items if qt[0].start >= period.start and qt[0].end <= period.end),
                        key=lambda qt: qt[0].start)
        if inside and _tiles(period, [q for q, _ in inside]):
            out.append((*key, float(sum(t for _, t in inside)), "+".join(q.label for q, _ in inside),
                        1.0, "sum"))
    df = pd.DataFrame(out, columns=TARGET_COLUMNS)
    return df.sort_values(["metric", "channel", "campaign", "owner"], na_position="first",
                          key=lambda s: s.fillna("")).reset_index(drop=True)


def _tiles(period: Period, parts: list[Period]) -> bool:
    """True when ``parts`` (sorted by start) cover ``period`` day for day without overlap."""
    day = period.start
    for q in parts:
        if q.start != day:
            return False
        day = q.end + timedelta(days=1)
    return day == period.end + timedelta(days=1)


def target_for(targets: pd.DataFrame, metric: str, channel: str | None = None,
               campaign: str | None = None, owner: str | None = None) -> float:
    """The target of one metric (NaN when none is set) from :func:`read_targets`'s table."""
    if targets is None or len(targets) == 0:
        return np.nan
    m = targets["metric"] == metric
    for col, val in (("channel", channel), ("campaign", campaign), ("owner", owner)):
        m &= targets[col].isna() if val is None else (targets[col] == val)
    hit = targets.loc[m, "target"]
    return float(hit.iloc[0]) if len(hit) else np.nan


def team_targets(targets: pd.DataFrame, owners: list[str]) -> pd.DataFrame:
    """Per-owner targets under the sales team convention (module docstring).

    Returns a DataFrame indexed by owner with one column per metric of :data:`TEAM_METRICS`
    that has a target: ratio targets as they are, volume targets divided by ``len(owners)``;
    rows with an explicit ``owner`` win.
    """
    cols = {}
    n = max(len(owners), 1)
    for metric in TEAM_METRICS:
        team = target_for(targets, metric)
        per_owner = {o: target_for(targets, metric, owner=o) for o in owners}
        if np.isnan(team) and all(np.isnan(v) for v in per_owner.values()):
            continue
        share = team / n if METRICS[metric].kind == "volume" else team
        cols[metric] = {o: (v if not np.isnan(v) else share) for o, v in per_owner.items()}
    return pd.DataFrame(cols, index=pd.Index(owners, name="owner"))


# ------------------------------------------------------------------------------ status
#: Status values, from best to worst.
STATUSES = ("on_track", "at_risk", "off_track")


def achievement(actual: float, target: float, direction: int) -> float:
    """Share of the objective achieved, oriented so that 1 or more is good.

    ``actual / target`` when higher is better (direction +1), ``target / actual`` when lower is
    better (direction -1: a CPL of 40 against a target of 50 achieves 1.25). NaN when either is
    missing, the target is not positive, or (lower is better) the actual is not positive.
    """
    if actual is None or target is None or not (np.isfinite(actual) and np.isfinite(target)):
        return np.nan
    if target <= 0:
        return np.nan
    if direction < 0:
        return target / actual if actual > 0 else np.nan
    return actual / target


def status(actual: float, target: float, direction: int, at_risk: float = 0.9) -> str | None:
    """``on_track`` (achievement >= 1), ``at_risk`` (>= ``at_risk``), ``off_track`` (below), or
    ``None`` without a target or an actual.

    When the achievement is undefined (target <= 0, or a lower-is-better actual <= 0), the status
    compares the two directly: on track when ``direction x (actual - target) >= 0``.
    """
    if actual is None or target is None or not (np.isfinite(actual) and np.isfinite(target)):
        return None
    a = achievement(actual, target, direction)
    if np.isnan(a):
        return "on_track" if (direction or 1) * (actual - target) >= 0 else "off_track"
    if a >= 1:
        return "on_track"
    return "at_risk" if a >= at_risk else "off_track"
