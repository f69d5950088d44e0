"""Sentences of the attribution notebook."""

from __future__ import annotations

import pandas as pd

from ..notebook import Markdown, Report, Safe, escape_markdown


def _model(rep: Report, model: str) -> Safe:
    from ..views import model_label

    return Safe(escape_markdown(model_label(model, rep.lang)))


def journeys_insight(rep: Report, stats: dict, conversion: str, lookback: int) -> Markdown:
    """How many journeys, conversions, touches per journey, share of multi-channel conversions."""
    return rep.text("att_journeys_sentence", period=rep.period_text,
                    journeys=rep.number(stats["journeys"]),
                    conversions=rep.number(stats["conversions"]),
                    conversion=rep.t(f"conversion_{conversion}"),
                    rate=rep.percent(stats["conversion_rate"]),
                    touches=rep.number(stats["touches"], 1), lookback=lookback,
                    multi=rep.percent(stats["multi_channel"], 0))


def heuristics_insight(rep: Report, conversions: pd.DataFrame) -> Markdown | None:
    """The channel gaining most from first touch (opener) and from last touch (closer)."""
    if not {"first_touch", "last_touch"} <= set(conversions.columns) or len(conversions) < 2:
        return None
    diff = conversions["first_touch"] - conversions["last_touch"]
    return rep.text("att_heuristics_sentence", opener=rep.name(diff.idxmax()),
                    closer=rep.name(diff.idxmin()))


def models_insight(rep: Report, share_table: pd.DataFrame) -> Markdown | None:
    """The channel on which models disagree most (range of credited shares)."""
    s = share_table.dropna(how="all")
    if s.empty or s.shape[1] < 2:
        return None
    spread = s.max(axis=1) - s.min(axis=1)
    ch = spread.idxmax()
    row = s.loc[ch]
    return rep.text("att_models_sentence", channel=rep.name(ch), low=rep.percent(row.min(), 0),
                    low_model=_model(rep, row.idxmin()), high=rep.percent(row.max(), 0),
                    high_model=_model(rep, row.idxmax()))


def removal_insight(rep: Report, removal: pd.Series) -> Markdown | None:
    """The channel whose removal would cost most conversions."""
    r = removal.dropna()
    if r.empty:
        return None
    ch = r.idxmax()
    return rep.text("att_removal_sentence", channel=rep.name(ch), effect=rep.percent(r[ch], 0))


def transitions_insight(rep: Report, long: pd.DataFrame) -> Markdown | None:
    """The channel most often followed by conversion, and the most common first channel."""
    if long is None or long.empty:
        return None
    conv = long[(long["to"] == "(conversion)") & (long["from"] != "(start)")]
    start = long[long["from"] == "(start)"]
    if conv.empty or start.empty:
        return None
    best = conv.loc[conv["probability"].idxmax()]
    first = start.loc[start["probability"].idxmax()]
    return rep.text("att_transitions_sentence", channel=rep.name(best["from"]),
                    rate=rep.percent(best["probability"]), start=rep.name(first["to"]),
                    start_rate=rep.percent(first["probability"], 0))


def roi_models_insight(rep: Report, roi: pd.DataFrame) -> Markdown | None:
    """Channels profitable under every model, and the channel whose verdict depends most on the
    model (ROI range)."""
    r = roi.dropna(how="all")
    if r.empty:
        return None
    parts = []
    robust = r.index[(r > 0).all(axis=1)].tolist()
    if robust:
        parts.append(str(rep.text("att_roi_robust", channels=rep.names(robust))))
    mixed = r[(r.min(axis=1) < 0) & (r.max(axis=1) > 0)]
    pick = mixed if len(mixed) else r
    spread = (pick.max(axis=1) - pick.min(axis=1))
    if len(spread.dropna()):
        ch = spread.idxmax()
        row = r.loc[ch].dropna()
        parts.append(str(rep.text("att_roi_depends", channel=rep.name(ch),
                                  low=rep.metric("roi", row.min()), low_model=_model(rep, row.idxmin()),
                                  high=rep.metric("roi", row.max()),
                                  high_model=_model(rep, row.idxmax()))))
    return Markdown("\n\n".join(parts)) if parts else None


def cpa_models_insight(rep: Report, cpa: pd.DataFrame) -> Markdown | None:
    """For lead conversions: the channel whose cost per credited lead varies least."""
    c = cpa.dropna()
    if c.empty:
        return None
    rel = (c.max(axis=1) - c.min(axis=1)) / c.mean(axis=1)
    return rep.text("att_cpa_sentence", channel=rep.name(rel.idxmin()))
