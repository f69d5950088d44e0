"""Channel attribution (docs/design.md section 6.1): journeys, paths, models, ROI per channel.

>>> from roianalysis.attribution import attribute, compare_models
>>> paths = pd.DataFrame({"path": ["Email > Paid Search", "Paid Search"],
...                       "conversions": [1, 0], "nulls": [0, 1], "value": [100.0, 0.0]})
>>> attribute(paths, model="markov", order=1)          # doctest: +SKIP

Every model returns a DataFrame indexed by ``channel`` with the credited ``conversions`` and
``value``; credits sum to the paths' totals (to the last floating-point bit, see
:func:`~roianalysis.attribution.paths.fix_total`). Results do not depend on row order, and
relabelling channels only relabels the credits.

The model functions live in their modules (``heuristics``, ``markov``, ``shapley``); the package
exports the Markov and Shapley ones as :func:`markov_model` and :func:`shapley_model` so that the
names ``markov`` and ``shapley`` keep meaning the modules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from roianalysis.attribution.heuristics import (
    DEFAULT_DIRECT,
    first_touch,
    last_non_direct,
    last_touch,
    linear,
    position_based,
    time_decay,
)
from roianalysis.attribution.journeys import (
    build_journeys,
    build_paths,
    journeys_for_client,
    period_spend,
)
from roianalysis.attribution.markov import MarkovResult, transition_table
from roianalysis.attribution.markov import markov as markov_model
from roianalysis.attribution.paths import PathArrays, aggregate_paths, path_arrays
from roianalysis.attribution.shapley import shapley as shapley_model
from roianalysis.attribution.shapley import subset_game

MODELS = ("first_touch", "last_touch", "last_non_direct", "linear", "time_decay",
          "position_based", "markov", "shapley")

__all__ = [
    "MODELS", "AttributionComparison", "aggregate_paths", "attribute", "build_journeys",
    "build_paths", "client_options", "compare_models", "journeys_for_client", "markov_model",
    "path_arrays", "period_spend", "roi_by_channel", "shapley_model", "subset_game", "transition_table",
]


def attribute(paths: pd.DataFrame | PathArrays, model: str = "markov", order: int = 1,
              **options) -> pd.DataFrame:
    """Credits of one attribution model.

    Parameters
    ----------
    paths : DataFrame
        Paths table (``path``, ``conversions``, optional ``nulls``, ``value``) or journeys from
        :func:`build_journeys` (needed by ``time_decay``, which reads ``days_before``).
    model : str
        One of :data:`MODELS`.
    order : int
        Markov order (``markov`` only).
    **options
        ``direct_channels`` (last_non_direct), ``half_life_days`` (time_decay), ``first`` and
        ``last`` (position_based), ``characteristic`` (shapley).

    Returns
    -------
    DataFrame
        Index ``channel`` (sorted), columns ``conversions`` and ``value``.
    """
    pa = path_arrays(paths)
    if model == "first_touch":
        return first_touch(pa)
    if model == "last_touch":
        return last_touch(pa)
    if model == "last_non_direct":
        return last_non_direct(pa, options.get("direct_channels", DEFAULT_DIRECT))
    if model == "linear":
        return linear(pa)
    if model == "time_decay":
        return time_decay(pa, options.get("half_life_days", 7.0))
    if model == "position_based":
        return position_based(pa, options.get("first", 0.4), options.get("last", 0.4))
    if model == "markov":
        return markov_model(pa, order).credits
    if model == "shapley":
        game = options.get("characteristic")
        return shapley_model(paths if game is not None else pa, game)
    raise ValueError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")


@dataclass(frozen=True)
class AttributionComparison:
    """Every model side by side.

    Attributes
    ----------
    conversions, value : DataFrame
        Channel x model tables of credited conversions and value.
    markov : MarkovResult or None
        Removal effects and transition matrix of the Markov model, when it was run.
    """

    conversions: pd.DataFrame
    value: pd.DataFrame
    markov: MarkovResult | None

    @property
    def removal_effects(self) -> pd.DataFrame | None:
        return None if self.markov is None else self.markov.removal_effects

    def transition_matrix(self) -> pd.DataFrame | None:
        """Long table ``from``, ``to``, ``probability``, ``count`` (see :func:`transition_table`)."""
        return None if self.markov is None else self.markov.transition_matrix()

    def long(self) -> pd.DataFrame:
        """Tidy form: ``channel``, ``model``, ``conversions``, ``value``."""
        c = self.conversions.stack().rename("conversions")
        v = self.value.stack().rename("value")
        out = pd.concat([c, v], axis=1).reset_index()
        return out.rename(columns={out.columns[1]: "model"})


def compare_models(paths: pd.DataFrame | PathArrays, models: Sequence[str] | None = None,
                   order: int = 1, **options) -> AttributionComparison:
    """Run several models (all of :data:`MODELS` by default) on the same paths.

    ``time_decay`` is skipped when the table has no touch times. Options are passed to
    :func:`attribute`.
    """
    pa = path_arrays(paths)
    if models is None:
        models = [m for m in MODELS if m != "time_decay" or pa.days_before is not None]
    conv, val, mk = {}, {}, None
    for name in models:
        if name == "markov":
            mk = markov_model(pa, order)
            credits = mk.credits
        else:
            custom_game = name == "shapley" and options.get("characteristic") is not None
            credits = attribute(paths if custom_game else pa, name, order, **options)
        conv[name], val[name] = credits["conversions"], credits["value"]
    index = pd.Index(list(pa.channels), name="channel", dtype=object)
    conv_df = pd.DataFrame(conv, index=index)
    val_df = pd.DataFrame(val, index=index)
    conv_df.columns.name = val_df.columns.name = "model"
    return AttributionComparison(conv_df, val_df, mk)


def client_options(data) -> dict:
    """Model options from a client's ``client.yml`` (``attribution`` section), for
    :func:`attribute` and :func:`compare_models`: ``half_life_days`` and ``direct_channels``.

    >>> compare_models(journeys_for_client(data), **client_options(data))  # doctest: +SKIP
    """
    cfg = data.config.attribution
    return {"half_life_days": float(cfg.get("half_life_days", 7.0)),
            "direct_channels": list(cfg.get("direct_channels", DEFAULT_DIRECT))}


def roi_by_channel(credits: pd.DataFrame | AttributionComparison,
                   spend_by_channel: pd.Series | pd.DataFrame,
                   exclude_categories: Iterable[str] = ("sales",)) -> pd.DataFrame:
    """ROI and ROAS per channel from attributed value and the channel's spend.

    .. math:: \\mathrm{ROAS}_c = V_c / K_c, \\quad \\mathrm{ROI}_c = (V_c - K_c) / K_c,
              \\quad \\mathrm{CPA}_c = K_c / N_c

    with :math:`V_c` and :math:`N_c` the attributed value and conversions and :math:`K_c` the
    channel's marketing cost. A zero denominator gives NaN.

    Parameters
    ----------
    credits : DataFrame or AttributionComparison
        One model's credits (index channel; ``conversions``, ``value``) or a comparison.
    spend_by_channel : Series or DataFrame
        Cost per channel, or the canonical ``spend`` table (``channel``, ``cost``, optional
        ``category``; categories in ``exclude_categories`` are left out, as for marketing cost).

    Returns
    -------
    DataFrame
        Index ``channel`` (or ``model``, ``channel`` for a comparison); columns ``cost``,
        ``conversions``, ``value``, ``roas``, ``roi``, ``cpa``. Channels with spend and no credit,
        or credit and no spend, are included.
    """
    cost = _cost(spend_by_channel, exclude_categories)
    if isinstance(credits, AttributionComparison):
        parts = {m: roi_by_channel(pd.DataFrame({"conversions": credits.conversions[m],
                                                 "value": credits.value[m]}), cost)
                 for m in credits.conversions.columns}
        return pd.concat(parts, names=["model", "channel"])
    channels = sorted(set(credits.index) | set(cost.index))
    idx = pd.Index(channels, name="channel", dtype=object)
    out = pd.DataFrame({
        "cost": cost.reindex(idx).fillna(0.0).astype(float),
        "conversions": credits["conversions"].reindex(idx).fillna(0.0).astype(float),
        "value": credits["value"].reindex(idx).fillna(0.0).astype(float),
    }, index=idx)
    k = out["cost"].where(out["cost"] != 0)
    out["roas"] = out["value"] / k
    out["roi"] = (out["value"] - out["cost"]) / k
    out["cpa"] = out["cost"] / out["conversions"].where(out["conversions"] != 0)
    return out.replace([np.inf, -np.inf], np.nan)


def _cost(spend: pd.Series | pd.DataFrame, exclude: Iterable[str]) -> pd.Series:
    if isinstance(spend, pd.Series):
        return spend.astype(float).groupby(level=0).sum()
    df = spend
    if "category" in df.columns:
        df = df[~df["category"].isin(list(exclude))]
    return df.groupby("channel")["cost"].sum().astype(float)
