"""A client's weekly (or daily) modelling series: media spend per channel and the target.

Built from the canonical tables of :class:`roianalysis.data.client.ClientData`: ``spend`` rows of the
given categories (``media`` by default) summed per period and channel (the channel names become
columns), and the target summed per period: ``revenue`` (sum of ``orders.revenue`` by
``ordered_at``), ``orders`` (count of orders), ``leads`` (count of ``leads`` by ``created_at``) or
``traffic`` (count of ``touchpoints``). Periods start on Mondays (``W-MON``) or are days. Only
complete periods inside both the spend and the target history are kept; periods without spend or
without a target row are 0, never dropped.
"""

from __future__ import annotations

import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError

__all__ = ["TARGETS", "modelling_series"]

#: target -> (table, timestamp column, value column or None to count rows).
TARGETS = {"revenue": ("orders", "ordered_at", "revenue"), "orders": ("orders", "ordered_at", None),
           "leads": ("leads", "created_at", None), "traffic": ("touchpoints", "timestamp", None)}


def _period_start(ts: pd.Series, freq: str) -> pd.Series:
    d = pd.to_datetime(ts).dt.normalize()
    if freq == "D":
        return d
    return d - pd.to_timedelta(d.dt.weekday, unit="D")


def modelling_series(data, target: str = "revenue", freq: str = "W-MON",
                     categories: tuple[str, ...] = ("media",)) -> pd.DataFrame:
    """Spend per channel and target per period, ready for :func:`roianalysis.mix.fit`.

    Parameters
    ----------
    data : ClientData
    target : ``"revenue"``, ``"orders"``, ``"leads"`` or ``"traffic"``
    freq : ``"W-MON"`` (weeks starting on Monday) or ``"D"``
    categories : tuple of str
        Spend categories counted as media.

    Returns
    -------
    DataFrame
        ``date`` (first day of the period), ``target`` (currency for revenue, a count
        otherwise), one column per channel (spend in the client's currency).

    Raises
    ------
    DataValidationError
        When the target's table or the spend is missing, or they do not overlap.
    """
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}: expected one of {sorted(TARGETS)}")
    if freq not in ("W-MON", "D"):
        raise ValueError("freq must be 'W-MON' (weeks) or 'D' (days)")
    table, ts_col, value = TARGETS[target]
    problems = []
    for t in ("spend", table):
        if not data.has(t):
            problems.append(DataProblem(f"{t}", f"no {t} data: the mix model needs media spend "
                                                f"and {target}", code="missing_table"))
    if problems:
        raise DataValidationError(problems)
    spend = data["spend"]
    spend = spend[spend["category"].isin(categories)]
    days = pd.Timedelta(days=1 if freq == "D" else 7)
    sp = spend.assign(date=_period_start(spend["date"], freq)).pivot_table(
        index="date", columns="channel", values="cost", aggfunc="sum", fill_value=0.0)
    tt = data[table]
    per = _period_start(tt[ts_col], freq)
    y = (tt[value].groupby(per).sum() if value else per.value_counts()).sort_index()
    # complete periods inside both histories
    first = max(pd.to_datetime(spend["date"]).min(), pd.to_datetime(tt[ts_col]).min())
    last = min(pd.to_datetime(spend["date"]).max(), pd.to_datetime(tt[ts_col]).max())
    start = _period_start(pd.Series([first]), freq).iloc[0]
    if start < first.normalize():
        start += days
    end = _period_start(pd.Series([last]), freq).iloc[0]
    if end + days - pd.Timedelta(days=1) > last.normalize():
        end -= days
    if end < start:
        raise DataValidationError([DataProblem("spend", f"the spend and the {target} histories "
                                                        "share no complete period",
                                               code="no_overlap")])
    idx = pd.date_range(start, end, freq="D" if freq == "D" else "7D")
    out = sp.reindex(idx, fill_value=0.0).astype(float)
    out.columns = [str(c) for c in out.columns]
    out = out.loc[:, out.sum() > 0]
    out.insert(0, target, y.reindex(idx, fill_value=0).astype(float).to_numpy())
    out.index.name = "date"
    return out.reset_index()
