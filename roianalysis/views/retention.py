"""Retention tables: acquisition channel per contact, cohort windows, average curves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import month_label


def contact_channels(data) -> pd.DataFrame:
    """Acquisition channel of every lead or customer (``contact_id``, ``channel``), from the
    engine's contacts table (lead channel, else first touch before the first order)."""
    from ..metrics import contacts_table

    ct = contacts_table(data.engine)
    return data.engine.execute(ct.select("contact_id", "channel"))


def cohort_label(label: str, lang: str) -> str:
    """``2026-07`` -> ``juil. 2026`` / ``Jul 2026``; other labels unchanged."""
    try:
        y, m = str(label).split("-")
        return month_label(int(y), int(m), lang)
    except ValueError:
        return str(label)


def cohort_window(shares: pd.DataFrame, n_cohorts: int = 12, max_index: int = 12,
                  lang: str = "en") -> pd.DataFrame:
    """The last ``n_cohorts`` cohorts and periods ``0..max_index`` of a cohort table, cohorts
    labelled as months."""
    w = shares.iloc[-n_cohorts:, : max_index + 1].copy()
    w.index = [cohort_label(c, lang) for c in w.index]
    return w


def retention_curve(counts: pd.DataFrame, max_index: int = 12) -> pd.Series:
    """Average share of a cohort still ordering ``k`` periods after its first, weighting cohorts by
    size and using, for each ``k``, only the cohorts already observed ``k`` periods later."""
    out = {}
    for k in [c for c in counts.columns if int(c) <= max_index]:
        col = counts[k]
        seen = col.notna()
        size = counts.loc[seen, counts.columns[0]].sum()
        out[int(k)] = col[seen].sum() / size if size else np.nan
    return pd.Series(out, dtype=float)


def retention_curves_by(counts: pd.DataFrame, max_index: int = 12, top: int = 6) -> pd.DataFrame:
    """:func:`retention_curve` per first index level (acquisition channel), for the ``top``
    channels with the most customers; columns are channels, index the period index."""
    level = counts.index.names[0]
    sizes = counts.iloc[:, 0].groupby(level=level).sum().sort_values(ascending=False)
    keep = [c for c in sizes.index[:top] if sizes[c] > 0]
    curves = {ch: retention_curve(counts.xs(ch, level=level), max_index) for ch in keep}
    return pd.DataFrame(curves)


def average_cumulative_revenue(revenue: pd.DataFrame, sizes: pd.Series,
                               max_index: int = 12) -> pd.Series:
    """Revenue per cohort customer cumulated over periods ``0..k``, averaged over the cohorts
    observed ``k`` periods later (weighted by size)."""
    cum = revenue.cumsum(axis=1).where(revenue.notna())
    out = {}
    for k in [c for c in cum.columns if int(c) <= max_index]:
        seen = cum[k].notna()
        size = sizes.reindex(cum.index)[seen].sum()
        out[int(k)] = cum.loc[seen, k].sum() / size if size else np.nan
    return pd.Series(out, dtype=float)


def projection_curve(projection: pd.DataFrame) -> pd.DataFrame:
    """Size-weighted average of observed and sBG-projected shares per period index."""
    p = projection.copy()
    p["w_obs"] = p["observed"] * p["cohort_size"]
    p["w_proj"] = p["projected"] * p["cohort_size"]
    p["size_obs"] = p["cohort_size"].where(p["observed"].notna())
    g = p.groupby("period_index")
    return pd.DataFrame({"observed": g["w_obs"].sum(min_count=1) / g["size_obs"].sum(),
                         "projected": g["w_proj"].sum() / g["cohort_size"].sum()})
