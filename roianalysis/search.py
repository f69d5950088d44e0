"""Organic search (Search Console): the queries or pages that bring clicks, against the period
before.

The ``search`` table holds one row per query (or page) and day, or per query over the export's
whole date range (``date`` empty): ``clicks``, ``impressions``, optionally ``ctr`` and
``position`` (average position, 1 = top of the page). Aggregated over several rows:

* ``clicks`` and ``impressions`` are summed;
* ``ctr`` = clicks / impressions of the summed rows (a share; never the mean of the rows' CTRs);
* ``position`` = impression-weighted mean of the rows' positions,
  sum(position x impressions) / sum(impressions) over the rows that carry a position: a query
  seen 1 000 times at position 2 and 10 times at position 40 ranks about 2.4, not 21.

The per-row work runs in the engine (:mod:`roianalysis.engine`); only the top rows come back.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from roianalysis import formulas as f
from roianalysis.aggregates import in_period
from roianalysis.metrics import comparison_period
from roianalysis.periods import Period

__all__ = ["SEARCH_COLUMNS", "search_dimension", "search_totals", "top_queries"]

#: Columns of :func:`top_queries`.
SEARCH_COLUMNS = ["clicks", "impressions", "ctr", "position", "clicks_previous",
                  "impressions_previous", "ctr_previous", "position_previous", "clicks_change",
                  "position_change"]


def search_dimension(data) -> str | None:
    """``query`` when some row of the client's ``search`` table names a query, else ``page`` when
    some row names a page, else ``None`` (no search data)."""
    if not data.has("search"):
        return None
    for dim in ("query", "page"):
        if dim in data.columns("search") and data.column("search", dim).notna().any():
            return dim
    return None


def _dated(data, dim: str) -> bool:
    col = data.column("search", "date")
    rows = data.column("search", dim).notna().to_numpy()
    return bool(pd.to_datetime(col[rows]).notna().any())


def search_totals(data, period: Period | None, by: str = "query") -> pd.DataFrame:
    """Clicks, impressions, CTR and impression-weighted average position per ``by`` (``query`` or
    ``page``) over the rows of ``period`` (``None``: every row, dated or not).

    Returns
    -------
    DataFrame indexed by ``by``: ``clicks``, ``impressions`` (counts), ``ctr`` (share),
    ``position`` (rank, NaN when no row of the group carries one with impressions).
    """
    if by not in ("query", "page"):
        raise ValueError(f"by must be 'query' or 'page', not {by!r}")
    t = data.engine.table("search")
    t = t.filter(t[by].notnull())
    if period is not None:
        t = t.filter(t.date.notnull() & in_period(t.date, period))
    known = t.position.notnull() & t.impressions.notnull()
    zero = ibis.literal(0.0)
    expr = t.group_by(by).aggregate(
        clicks=t.clicks.sum(), impressions=t.impressions.sum(),
        _weighted=ibis.ifelse(known, t.position * t.impressions, zero).sum(),
        _weight=ibis.ifelse(known, t.impressions, zero).sum(),
    )
    df = data.engine.execute(expr)
    df = df.set_index(by).astype("float64")
    out = pd.DataFrame(index=df.index)
    out["clicks"] = df["clicks"]
    out["impressions"] = df["impressions"]
    out["ctr"] = f.safe_div(df["clicks"], df["impressions"])
    out["position"] = f.safe_div(df["_weighted"], df["_weight"])
    return out


def top_queries(data, period: str | Period, n: int = 10, comparison: str | Period | None = "previous",
                by: str | None = None) -> pd.DataFrame:
    """The ``n`` queries (or pages) with the most clicks in ``period``, against the comparison
    period.

    Parameters
    ----------
    data : ClientData
        With a ``search`` table.
    period : str or Period
    n : int
        Rows kept: most clicks first, then most impressions, then name.
    comparison : ``previous``, ``year_ago``, a period, or ``None`` (no comparison)
    by : ``query``, ``page`` or ``None`` (queries when the table has some, else pages)

    Returns
    -------
    DataFrame indexed by the query (or page), columns :data:`SEARCH_COLUMNS`: this period's
    ``clicks``, ``impressions``, ``ctr`` (clicks / impressions) and ``position``
    (impression-weighted average); the same ``*_previous`` for the comparison period (0 clicks
    and impressions for a query absent then, NaN CTR and position); ``clicks_change`` relative
    (0.25 = +25 %, NaN without previous clicks) and ``position_change`` in places (negative = a
    better rank). ``attrs["dimension"]`` is ``query`` or ``page``; ``attrs["dated"]`` is False
    when the rows carry no date (an export over its own date range): every row is then read as
    the period and nothing is compared. Empty (no row) without search data.
    """
    period = Period.parse(period)
    by = by or search_dimension(data)
    empty = pd.DataFrame(columns=SEARCH_COLUMNS, dtype="float64")
    if by is None:
        empty.attrs.update(dimension=None, dated=True)
        return empty
    dated = _dated(data, by)
    cur = search_totals(data, period if dated else None, by)
    if dated and comparison is not None:
        ref = search_totals(data, comparison_period(period, comparison), by)
    else:
        ref = cur.iloc[0:0]
    cur = cur[cur["clicks"].fillna(0) + cur["impressions"].fillna(0) > 0]
    order = cur.assign(_name=cur.index.astype(str)).sort_values(
        ["clicks", "impressions", "_name"], ascending=[False, False, True], kind="stable")
    top = cur.loc[order.index[:n]].copy()
    prev = ref.reindex(top.index)
    compared = dated and comparison is not None
    for col in ("clicks", "impressions"):
        top[f"{col}_previous"] = prev[col].fillna(0.0) if compared else np.nan
    top["ctr_previous"] = prev["ctr"]
    top["position_previous"] = prev["position"]
    top["clicks_change"] = f.safe_div(top["clicks"] - top["clicks_previous"], top["clicks_previous"])
    top["position_change"] = top["position"] - top["position_previous"]
    top.index.name = by
    top = top[SEARCH_COLUMNS]
    top.attrs.update(dimension=by, dated=dated)
    return top
