"""Attribution tables: journeys, paths, models side by side, transitions, ROI per model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from roianalysis.report import texts
from roianalysis.report.context import Markdown, Report, Safe, escape_markdown

HEURISTIC_MODELS = ("first_touch", "last_touch", "last_non_direct", "linear", "time_decay",
                    "position_based")
DATA_DRIVEN_MODELS = ("markov", "shapley")
_STATES = {"(start)": "state_start", "(conversion)": "state_conversion", "(null)": "state_null"}


def journey_stats(journeys: pd.DataFrame) -> dict[str, float]:
    """Counts of a journeys table: ``journeys``, ``conversions``, ``conversion_rate``,
    ``touches`` (mean touchpoints of converting journeys) and ``multi_channel`` (share of
    conversions whose journey touched more than one distinct channel)."""
    if journeys is None or len(journeys) == 0:
        return {"journeys": 0, "conversions": 0.0, "conversion_rate": np.nan, "touches": np.nan,
                "multi_channel": np.nan}
    conv = journeys["conversions"].astype(float)
    n = float(conv.sum() + journeys["nulls"].astype(float).sum())
    lengths = journeys["path"].map(len).astype(float)
    distinct = journeys["path"].map(lambda p: len(set(p))).astype(float)
    total = float(conv.sum())
    return {
        "journeys": n,
        "conversions": total,
        "conversion_rate": total / n if n else np.nan,
        "touches": float((lengths * conv).sum() / total) if total else np.nan,
        "multi_channel": float((conv * (distinct > 1)).sum() / total) if total else np.nan,
    }


def top_paths(paths: pd.DataFrame, n: int = 10, sep: str = " › ") -> pd.DataFrame:
    """The ``n`` converting paths with the most conversions: path text, conversions, journeys
    without conversion, conversion rate and value (left out when no conversion carries a value,
    as with lead conversions)."""
    df = paths[paths["conversions"] > 0].copy()
    df["rate"] = df["conversions"] / (df["conversions"] + df["nulls"])
    df = df.sort_values(["conversions", "value"], ascending=False).head(n)
    df.index = pd.Index([sep.join(str(c) for c in p) for p in df["path"]], name="path", dtype=object)
    cols = ["conversions", "nulls", "rate"] + (["value"] if paths["value"].abs().sum() > 0 else [])
    return df[cols]


def model_label(model: str, lang: str) -> str:
    """``Premier contact`` / ``First touch``..."""
    key = f"model_{model}"
    try:
        return texts.text(lang, key)
    except KeyError:
        return model


def label_models(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Model columns renamed to their French or English names."""
    out = df.copy()
    out.columns = [model_label(str(c), lang) for c in df.columns]
    return out


def shares(credits: pd.DataFrame) -> pd.DataFrame:
    """Each column divided by its total (share of the conversions credited by each model)."""
    tot = credits.sum()
    return credits / tot.where(tot != 0)


def transition_wide(long: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Markov transition table as a matrix: rows ``(start)`` then channels, columns channels
    then ``(conversion)`` and ``(null)``; state names translated."""
    w = long.pivot_table(index="from", columns="to", values="probability", aggfunc="sum")
    rows = ["(start)"] + sorted(r for r in w.index if r not in _STATES)
    cols = sorted(c for c in w.columns if c not in _STATES) + [
        c for c in ("(conversion)", "(null)") if c in w.columns]
    w = w.reindex(index=[r for r in rows if r in w.index], columns=cols)

    def name(x: str) -> str:
        return texts.text(lang, _STATES[x]) if x in _STATES else x

    w.index = [name(x) for x in w.index]
    w.columns = [name(x) for x in w.columns]
    return w


def roi_by_model(roi_long: pd.DataFrame, column: str = "roi",
                 channels: Sequence[str] | None = None) -> pd.DataFrame:
    """Channel x model table of one column of :func:`roianalysis.attribution.roi_by_channel`
    (run on a model comparison), paid channels only when ``channels`` is given."""
    wide = roi_long[column].unstack("model")
    if channels is not None:
        wide = wide.reindex([c for c in channels if c in wide.index])
    return wide


def with_report_roi(models: pd.DataFrame, channel_roi: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A channel x model ROI table with the report's channel ROI
    (:func:`roianalysis.channel_roi.channel_roi`) as its first column, so the models read as
    alternatives next to the one definition."""
    out = models.copy()
    out.insert(0, texts.text(lang, "att_col_report_roi"), channel_roi["roi"].reindex(out.index))
    return out


# ---------------------------------------------------------------------- sentences
# Sentences of the attribution notebook.

def _model(rep: Report, model: str) -> Safe:
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
