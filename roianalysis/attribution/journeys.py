"""Journeys and paths from touchpoints and conversions, built in the engine (docs/design.md sections 6.1, 8.1).

Conversion
    ``order``: a contact's first order (``ordered_at`` of the earliest order; its value is the
    revenue of the orders placed at that instant). ``lead``: the lead's ``created_at``, value 0.

Converting journey
    The contact's touchpoints with :math:`t_c - L \\le t \\le t_c`, where :math:`t_c` is the
    conversion time and :math:`L` the lookback window (``lookback_days``). Touches after the first
    conversion are not part of it. With a ``period``, only conversions with
    ``period.start_ts <= t_c < period.end_exclusive`` count.

Non-converting journey
    A contact with touchpoints but no conversion (with a ``period``: none before
    ``period.end_exclusive``, and a touch inside the period): the touches with
    :math:`t_l - L \\le t \\le t_l`, :math:`t_l` being the contact's last touch (before the end of
    the period).

Touches are ordered by ``(timestamp, channel)``. All per-row work is one Ibis expression: ordering
uses a row number rendered as a zero-padded prefix, then a sort of the collected strings, which
compiles on DuckDB and on PySpark alike. Only one row per journey (or per distinct path) comes
back to pandas. A converting contact with no touch in the window has no journey and is not counted.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from roianalysis.aggregates import in_period
from roianalysis.attribution.paths import aggregate_paths
from roianalysis.periods import Period

_UNIT = "\x1f"  # between the order prefix and the payload of a collected string
_JOIN = "\x1e"  # between touches of a path inside the engine
_PREFIX = f"[0-9]{{9}}{_UNIT}"


def conversion_events(engine, conversion: str = "order", period: Period | None = None,
                      before: bool = False) -> ir.Table:
    """One row per converting contact: ``contact_id``, ``converted_at``, ``value``.

    Parameters
    ----------
    engine : roianalysis.engine.Engine
    conversion : {"order", "lead"}
    period : Period, optional
        Keep conversions in ``[period.start_ts, period.end_exclusive)``.
    before : bool
        With a period, keep instead every conversion before ``period.end_exclusive`` (used to
        know who had converted by the end of the period).
    """
    if conversion == "order":
        o = engine.table("orders")
        first = o.group_by("contact_id").aggregate(converted_at=o.ordered_at.min())
        j = o.join(first, (o.contact_id == first.contact_id) & (o.ordered_at == first.converted_at))
        ev = j.group_by([o.contact_id, first.converted_at]).aggregate(
            value=o.revenue.fill_null(0.0).sum().cast("float64"))
    elif conversion == "lead":
        ld = engine.table("leads")
        ev = ld.group_by("contact_id").aggregate(converted_at=ld.created_at.min())
        ev = ev.mutate(value=ibis.literal(0.0, type="float64"))
    else:
        raise ValueError(f"conversion must be 'order' or 'lead', got {conversion!r}")
    ev = ev.filter(ev.contact_id.notnull())
    if period is not None:
        end = ibis.literal(period.end_exclusive.to_pydatetime(), type="timestamp")
        ev = ev.filter(ev.converted_at < end)
        if not before:
            start = ibis.literal(period.start_ts.to_pydatetime(), type="timestamp")
            ev = ev.filter(ev.converted_at >= start)
    return ev.select("contact_id", "converted_at", "value")


def journey_touches(engine, conversion: str = "order", lookback_days: int = 90,
                    period: Period | None = None) -> ir.Table:
    """Touches of every journey: ``contact_id``, ``timestamp``, ``channel``, ``anchor``
    (conversion time or last touch), ``converted`` (1/0) and ``value``."""
    if not lookback_days > 0:
        raise ValueError(f"lookback_days must be positive, got {lookback_days!r}")
    t = engine.table("touchpoints").select("contact_id", "timestamp", "channel")
    t = t.filter(t.contact_id.notnull() & t.timestamp.notnull() & t.channel.notnull())
    window = ibis.interval(days=int(lookback_days))

    ev = conversion_events(engine, conversion, period)
    conv = t.join(ev, "contact_id")
    conv = conv.filter((conv.timestamp <= conv.converted_at)
                       & (conv.timestamp >= conv.converted_at - window))
    conv = conv.select("contact_id", "timestamp", "channel", anchor=conv.converted_at,
                       converted=ibis.literal(1, type="int64"), value=conv.value)

    done = conversion_events(engine, conversion, period, before=True) if period is not None \
        else conversion_events(engine, conversion)
    nt = t.anti_join(done, "contact_id")
    if period is not None:
        nt = nt.filter(nt.timestamp < ibis.literal(period.end_exclusive.to_pydatetime(), type="timestamp"))
    nt = nt.mutate(anchor=nt.timestamp.max().over(group_by=nt.contact_id))
    if period is not None:
        nt = nt.filter(nt.anchor >= ibis.literal(period.start_ts.to_pydatetime(), type="timestamp"))
    nt = nt.filter(nt.timestamp >= nt.anchor - window)
    nt = nt.select("contact_id", "timestamp", "channel", "anchor",
                   converted=ibis.literal(0, type="int64"),
                   value=ibis.literal(0.0, type="float64"))
    schema = {"contact_id": "string", "timestamp": "timestamp", "channel": "string",
              "anchor": "timestamp", "converted": "int64", "value": "float64"}
    return conv.cast(schema).union(nt.cast(schema))


def _ordered(touches: ir.Table, payload: ir.StringValue) -> ir.StringValue:
    """``payload`` prefixed with the touch's rank in its journey, sortable as text."""
    rank = ibis.row_number().over(group_by=touches.contact_id,
                                  order_by=[touches.timestamp, touches.channel])
    return rank.cast("string").lpad(9, "0") + _UNIT + payload


def _strip(keys: ir.ArrayValue) -> ir.StringValue:
    return keys.sort().join(_JOIN).re_replace(_PREFIX, "")


def journeys_expr(engine, conversion: str = "order", lookback_days: int = 90,
                  period: Period | None = None, keep_times: bool = False) -> ir.Table:
    """One row per journey: ``contact_id``, ``path_text``, (``seconds_text``), ``conversions``,
    ``nulls``, ``value``; ``path_text`` joins the channels with ``\\x1e``."""
    t = journey_touches(engine, conversion, lookback_days, period)
    cols = {"key": _ordered(t, t.channel)}
    if keep_times:
        secs = (t.anchor.epoch_seconds().floor() - t.timestamp.epoch_seconds().floor()).cast("int64")
        cols["skey"] = _ordered(t, secs.cast("string"))
    t = t.mutate(**cols)
    aggs = {"keys": t.key.collect(), "conversions": t.converted.max(), "value": t.value.max()}
    if keep_times:
        aggs["skeys"] = t.skey.collect()
    g = t.group_by("contact_id").aggregate(**aggs)
    cols = {"path_text": _strip(g["keys"])}
    if keep_times:
        cols["seconds_text"] = _strip(g["skeys"])
    return g.select("contact_id", **cols, conversions=g.conversions.cast("float64"),
                    nulls=(1 - g.conversions).cast("float64"), value=g.value.cast("float64"))


def paths_expr(engine, conversion: str = "order", lookback_days: int = 90,
               period: Period | None = None) -> ir.Table:
    """The aggregated paths, computed in the engine: ``path_text``, ``conversions``, ``nulls``,
    ``value``."""
    j = journeys_expr(engine, conversion, lookback_days, period)
    return j.group_by("path_text").aggregate(conversions=j.conversions.sum(),
                                             nulls=j.nulls.sum(), value=j.value.sum())


def _tuples(texts: pd.Series) -> list[tuple[str, ...]]:
    return [tuple(s.split(_JOIN)) for s in texts]


def build_paths(engine, conversion: str = "order", lookback_days: int = 90,
                period: Period | None = None) -> pd.DataFrame:
    """Paths table: ``path`` (tuple of channels), ``conversions``, ``nulls``, ``value``.

    Sorted by ``path``; deterministic on every backend.
    """
    df = engine.execute(paths_expr(engine, conversion, lookback_days, period))
    out = pd.DataFrame({"path": _tuples(df["path_text"]),
                        "conversions": df["conversions"].astype(float).to_numpy(),
                        "nulls": df["nulls"].astype(float).to_numpy(),
                        "value": df["value"].astype(float).fillna(0.0).to_numpy()})
    return aggregate_paths(out)


def _days_before(texts: list[str]) -> list[tuple[float, ...]]:
    """``"86400\x1e0"`` -> ``(1.0, 0.0)`` for each journey: every number parsed in one pass."""
    if not texts:
        return []
    ends = np.cumsum([t.count(_JOIN) + 1 for t in texts])
    days = (np.array(_JOIN.join(texts).split(_JOIN), dtype=np.float64) / 86400.0).tolist()
    return [tuple(days[a:b]) for a, b in zip(np.r_[0, ends[:-1]].tolist(), ends.tolist(),
                                              strict=True)]


def build_journeys(engine, conversion: str = "order", lookback_days: int = 90,
                   period: Period | None = None, keep_times: bool = True) -> pd.DataFrame:
    """One row per journey, sorted by ``contact_id``.

    Columns ``contact_id``, ``path`` (tuple), ``conversions`` (1 or 0), ``nulls`` (0 or 1),
    ``value`` and, with ``keep_times``, ``days_before``: a tuple of the days (to the second)
    from each touch to the conversion, or to the last touch of a non-converting journey.
    """
    df = engine.execute(journeys_expr(engine, conversion, lookback_days, period, keep_times))
    df = df.sort_values("contact_id", kind="stable").reset_index(drop=True)
    out = pd.DataFrame({"contact_id": df["contact_id"].astype(str).to_numpy(dtype=object),
                        "path": _tuples(df["path_text"])})
    if keep_times:
        out["days_before"] = _days_before(df["seconds_text"].tolist())
    for c in ("conversions", "nulls", "value"):
        out[c] = df[c].astype(float).fillna(0.0).to_numpy()
    return out


def journeys_for_client(data, period: Period | str | None = None, *,
                        aggregate: bool = False) -> pd.DataFrame:
    """Journeys (with touch times) of a :class:`~roianalysis.data.client.ClientData`, with its settings.

    Uses ``data.config.attribution`` (``conversion``, ``lookback_days``) and ``data.engine``.
    With ``aggregate=True``, the paths table instead (no touch times).
    """
    cfg = data.config.attribution
    per = Period.parse(period) if period is not None else None
    args = (data.engine, cfg.get("conversion", "order"), int(cfg.get("lookback_days", 90)), per)
    return build_paths(*args) if aggregate else build_journeys(*args, keep_times=True)


def period_spend(data, period: str | Period) -> pd.DataFrame:
    """The spend rows of ``period`` (the canonical ``spend`` columns), the costs that
    :func:`roianalysis.attribution.roi_by_channel` sets against each model's credited revenue.
    Empty (``channel``, ``cost``) when the client has no spend."""
    if not data.has("spend"):
        return pd.DataFrame({"channel": pd.Series([], dtype=object), "cost": pd.Series([], dtype=float)})
    p = Period.parse(period)
    s = data.engine.table("spend")
    return data.engine.execute(s.filter(in_period(s.date, p))).reset_index(drop=True)
