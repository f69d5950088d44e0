"""One channel ROI for every report, and one verdict per paid channel.

The definition
--------------
For a period P and a channel C::

    cost(C)     = marketing cost of C in P (every spend category but ``sales``)      [currency]
    revenue(C)  = revenue in P of the customers C acquired in P
                  (contacts whose first order ever falls in P, by acquisition channel)  [currency]
    roi(C)      = (revenue(C) - cost(C)) / cost(C)         (share; NaN when cost = 0)
    roas(C)     = revenue(C) / cost(C)

"What the period's spend brought": repeat purchases of customers won in earlier periods are not
credited to this period's spend. The CRM "original source" view (this period's revenue of every
customer the channel ever brought) is kept as an alternative: ``original_source_revenue`` and
``original_source_roi``. The lifetime view is ``ltv`` (simple CLV of the channel's customers,
yearly inputs over the 365 days ending with P: basket x yearly frequency x margin rate /
(1 - yearly retention)), ``cac`` (acquisition cost, sales included, per new customer of P) and
``ltv_to_cac = ltv / cac``.

The verdict rule (:func:`verdict_of`)
-------------------------------------
Only paid channels (``cost > 0``) get a verdict; the first rule that applies wins:

1. **too little data** when the channel won fewer than :data:`MIN_NEW_CUSTOMERS` (10) new
   customers *and* created fewer than :data:`MIN_LEADS` (30) leads in P, or when its revenue is
   unknown (no orders, or nothing ties customers to channels);
2. **reduce** when the ROI is negative and the lifetime value does not cover the acquisition cost
   either (``ltv_to_cac < 1`` or unknown): the channel loses money now and later;
3. **reduce** when the ROI is negative and, on top, an objective of the channel (CPL, CAC or ROI,
   :mod:`roianalysis.scorecard.objectives`) is off track, or its acquisition efficiency (new customers per
   unit of cost) fell for real against the comparison period (Poisson score test, p < 0.05,
   :mod:`roianalysis.scorecard.significance`);
4. **increase** when the ROI is positive or zero, ``ltv_to_cac >= 3`` (:data:`GOOD_LTV_TO_CAC`),
   no objective of the channel is off track and its efficiency did not fall for real;
5. **keep** otherwise (pays back over the customers' lifetime but not yet within P, misses an
   objective while earning money, or earns money with a thin lifetime margin).

``money_at_stake`` (currency, >= 0) ranks the verdicts: for *reduce* the period's loss
``cost - revenue``; for *increase* and *keep* the period's net gain or loss ``|revenue - cost|``;
for *too little data* the spend not yet proven, ``cost``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from roianalysis import formulas as f
from roianalysis.catalog import METRICS
from roianalysis.metrics import (
    apply_formulas,
    channels_known,
    comparison_period,
    funnel_counts,
    yearly_clv_by_channel,
)
from roianalysis.periods import Period
from roianalysis.schema import ALL_CHANNELS
from roianalysis.scorecard import objectives as obj
from roianalysis.scorecard import significance as sig

__all__ = ["COLUMNS", "GOOD_LTV_TO_CAC", "MIN_LEADS", "MIN_NEW_CUSTOMERS", "VERDICTS",
           "channel_roi", "paid_total", "verdict_of", "verdicts"]

#: Below both of these in the period, a channel's verdict is "too little data".
MIN_NEW_CUSTOMERS = 10
MIN_LEADS = 30
#: LTV:CAC at or above which a profitable channel deserves more budget (usual rule of thumb).
GOOD_LTV_TO_CAC = 3.0

#: Verdict codes, from the most to the least favourable.
VERDICTS = ("increase", "keep", "reduce", "too_little_data")

#: Objectives of a channel the verdict reads.
OBJECTIVE_METRICS = ("cpl", "cac", "roi")

#: Columns of :func:`channel_roi`, in order.
COLUMNS = ["cost", "leads", "new_customers", "revenue", "roi", "roas", "original_source_revenue",
           "original_source_roi", "ltv", "cac", "ltv_to_cac", "roi_previous", "efficiency_change",
           "change_p_value", "objective_status", "paid", "verdict", "verdict_reason",
           "money_at_stake"]


# ------------------------------------------------------------------------------ the rule
def verdict_of(cost: float, new_customers: float, leads: float, revenue: float, roi: float,
               ltv_to_cac: float, objective_status: str | None = None,
               efficiency_change: float = np.nan, change_p_value: float = np.nan
               ) -> tuple[str | None, str | None]:
    """The verdict of one channel by the rule of the module docstring.

    Parameters
    ----------
    cost : marketing cost in P (currency); not positive: an unpaid channel, no verdict.
    new_customers, leads : counts of P (NaN leads: the client has no lead table).
    revenue, roi : the channel ROI of this module (revenue NaN: unknown).
    ltv_to_cac : simple CLV / CAC (NaN: unknown).
    objective_status : worst status of the channel's CPL, CAC and ROI objectives
        (``on_track``, ``at_risk``, ``off_track``) or ``None`` without objectives.
    efficiency_change : relative change of new customers per unit of cost against the comparison
        period (``-0.3`` = 30 % fewer customers per euro).
    change_p_value : two-sided p-value of that change.

    Returns
    -------
    (verdict, reason) : codes of :data:`VERDICTS` and the key of its reason in :mod:`roianalysis.report.texts`
        (``verdict_reason_*``); ``(None, None)`` for an unpaid channel.
    """
    def ok(x) -> bool:
        return x is not None and not pd.isna(x)

    if not ok(cost) or cost <= 0:
        return None, None
    if not ok(revenue) or not ok(roi):
        return "too_little_data", "verdict_reason_unknown_revenue"
    nc = new_customers if ok(new_customers) else 0.0
    nl = leads if ok(leads) else 0.0
    if nc < MIN_NEW_CUSTOMERS and nl < MIN_LEADS:
        return "too_little_data", "verdict_reason_small_sample"
    worse = bool(ok(change_p_value) and change_p_value < sig.ALPHA and ok(efficiency_change)
                 and efficiency_change < 0)
    off = objective_status == "off_track"
    lifetime_covers = ok(ltv_to_cac) and ltv_to_cac >= 1
    if roi < 0 and not lifetime_covers:
        return "reduce", "verdict_reason_loses"
    if roi < 0 and off:
        return "reduce", "verdict_reason_loss_off_target"
    if roi < 0 and worse:
        return "reduce", "verdict_reason_loss_worse"
    if roi >= 0 and ok(ltv_to_cac) and ltv_to_cac >= GOOD_LTV_TO_CAC and not off and not worse:
        return "increase", "verdict_reason_increase"
    if roi < 0:
        return "keep", "verdict_reason_lifetime"
    if off:
        return "keep", "verdict_reason_off_target"
    if worse:
        return "keep", "verdict_reason_worse"
    return "keep", "verdict_reason_thin"


def money_at_stake(verdict: str | None, cost: float, revenue: float) -> float:
    """Currency the verdict moves (see the module docstring); NaN without a verdict."""
    if verdict is None:
        return np.nan
    c = float(cost) if not pd.isna(cost) else 0.0
    if verdict == "too_little_data" or pd.isna(revenue):
        return c
    r = float(revenue)
    return max(c - r, 0.0) if verdict == "reduce" else abs(r - c)


# ------------------------------------------------------------------------------ the table
def _objective_status(data, period: Period, channel: str, values: dict[str, float]) -> str | None:
    """Worst status of the channel's :data:`OBJECTIVE_METRICS` objectives (``None``: none set)."""
    targets = obj.read_targets(data.tables.get("objectives"), period)
    if len(targets) == 0:
        return None
    at_risk = float(data.config.status_thresholds.get("at_risk", 0.9))
    found = [obj.status(values.get(m, np.nan), obj.target_for(targets, m, channel=channel),
                        METRICS[m].direction, at_risk) for m in OBJECTIVE_METRICS]
    found = [s for s in found if s is not None]
    return max(found, key=obj.STATUSES.index) if found else None


def _counts(data, period: Period, cmp: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    c = funnel_counts(data.engine, period, ["channel"],
                      window_days=data.config.conversion_window_days, comparison=cmp,
                      available=list(data.tables))
    return c, apply_formulas(c, data.config.gross_margin_rate)


def _ltv(data, period: Period) -> pd.Series:
    """Simple CLV per channel, yearly inputs over the 365 days ending with ``period``."""
    return yearly_clv_by_channel(data, period)["clv"]


def channel_roi(data, period: str | Period, comparison: str | Period | None = "previous"
                ) -> pd.DataFrame:
    """The channel ROI of every channel of ``period``, with the alternatives and the verdict.

    Parameters
    ----------
    data : ClientData
    period : str or Period
    comparison : ``previous`` (default), ``year_ago`` or a period
        The period the change of efficiency is tested against (and ``roi_previous`` read from).

    Returns
    -------
    DataFrame indexed by ``channel`` (paid channels first, largest cost first; then the others,
    most new customers first), columns :data:`COLUMNS`:

    ``cost`` marketing cost in P (currency); ``leads``, ``new_customers`` (first order ever in P);
    ``revenue`` revenue in P of the customers acquired in P (currency); ``roi``
    ``(revenue - cost) / cost`` (share, NaN when cost = 0); ``roas`` ``revenue / cost``;
    ``original_source_revenue`` / ``original_source_roi`` the CRM original-source view (revenue in
    P of every customer ever acquired through the channel); ``ltv`` simple CLV per new customer
    (currency); ``cac`` acquisition cost per new customer (currency); ``ltv_to_cac``;
    ``roi_previous`` the same ROI in the comparison period; ``efficiency_change`` relative change
    of new customers per unit of cost; ``change_p_value`` its p-value; ``objective_status`` worst
    status of the channel's CPL/CAC/ROI objectives; ``paid`` (cost > 0); ``verdict`` (code of
    :data:`VERDICTS`, ``None`` for unpaid channels); ``verdict_reason`` (the key of a text of :mod:`roianalysis.report.texts`);
    ``money_at_stake`` (currency, >= 0; NaN for unpaid channels).

    Customer figures (revenue, ROI, LTV, CAC) are NaN when nothing ties customers to channels
    (no touchpoints and no lead channel) or the client has no orders: unknown, not zero.
    """
    p = Period.parse(period)
    cmp = comparison_period(p, comparison)
    c, k = _counts(data, p, cmp)
    c0, k0 = _counts(data, cmp, cmp.previous())
    c, k = c.drop(index=ALL_CHANNELS, errors="ignore"), k.drop(index=ALL_CHANNELS, errors="ignore")
    idx = c.index
    known = channels_known(data) and data.has("orders")
    nan = pd.Series(np.nan, index=idx)

    cost = c["marketing_cost"].astype(float)
    revenue = c["new_customer_revenue"].astype(float) if known else nan
    out = pd.DataFrame(index=idx)
    out["cost"] = cost
    out["leads"] = c["leads"].astype(float)
    out["new_customers"] = c["new_customers"].astype(float)
    out["revenue"] = revenue
    out["roi"] = f.roi(revenue, cost)
    out["roas"] = f.roas(revenue, cost)
    out["original_source_revenue"] = c["revenue"].astype(float) if known else nan
    out["original_source_roi"] = k["roi"].astype(float) if known else nan
    ltv = _ltv(data, p).reindex(idx) if known else nan
    out["ltv"] = ltv
    out["cac"] = k["cac"].astype(float) if known else nan
    out["ltv_to_cac"] = f.ltv_to_cac(out["ltv"], out["cac"])
    prev_cost = c0["marketing_cost"].reindex(idx).astype(float)
    prev_rev = c0["new_customer_revenue"].reindex(idx).astype(float) if known else nan
    out["roi_previous"] = f.roi(prev_rev, prev_cost)
    new0 = c0["new_customers"].reindex(idx).astype(float)
    rate1 = f.safe_div(out["new_customers"], cost)
    rate0 = f.safe_div(new0, prev_cost)
    out["efficiency_change"] = f.safe_div(rate1 - rate0, rate0)
    out["change_p_value"] = [
        sig.poisson_rates(n1, e1, n0, e0).p_value
        for n1, e1, n0, e0 in zip(out["new_customers"], cost, new0, prev_cost, strict=True)]
    statuses, verdict, reason, stake = [], [], [], []
    for ch, row in out.iterrows():
        values = {"cpl": float(k.at[ch, "cpl"]), "cac": row["cac"], "roi": row["roi"]}
        st = _objective_status(data, p, str(ch), values)
        v, why = verdict_of(row["cost"], row["new_customers"], row["leads"], row["revenue"],
                            row["roi"], row["ltv_to_cac"], st, row["efficiency_change"],
                            row["change_p_value"])
        statuses.append(st)
        verdict.append(v)
        reason.append(why)
        stake.append(money_at_stake(v, row["cost"], row["revenue"]))
    out["objective_status"] = pd.Series(statuses, index=idx, dtype=object)
    out["paid"] = cost.fillna(0) > 0
    out["verdict"] = pd.Series(verdict, index=idx, dtype=object)
    out["verdict_reason"] = pd.Series(reason, index=idx, dtype=object)
    out["money_at_stake"] = pd.Series(stake, index=idx, dtype=float)
    paid = out[out["paid"]].sort_values("cost", ascending=False)
    rest = out[~out["paid"]].sort_values(["new_customers", "leads"], ascending=False)
    result = pd.concat([paid, rest])[COLUMNS]
    result.index.name = "channel"
    result.attrs.update(period=p.label, comparison=cmp.label)
    return result


def verdicts(data, period: str | Period, comparison: str | Period | None = "previous"
             ) -> pd.DataFrame:
    """:func:`channel_roi` restricted to the channels with a verdict (the paid ones), sorted by
    ``money_at_stake`` descending (ties: larger cost first)."""
    df = channel_roi(data, period, comparison)
    df = df[df["verdict"].notna()]
    return df.sort_values(["money_at_stake", "cost"], ascending=False, kind="stable")


def paid_total(roi: pd.DataFrame) -> pd.Series:
    """The paid channels of :func:`channel_roi` taken together: the average a paid channel is
    compared with (unpaid channels, whose ROI is undefined, are left out).

    Returns ``cost``, ``revenue``, ``new_customers``, ``roi`` = (sum revenue - sum cost) / sum
    cost, ``roas`` and ``cac`` (sum of the channels' acquisition cost / sum of new customers).
    """
    p = roi[roi["paid"]]
    cost, revenue = p["cost"].sum(), p["revenue"].sum(min_count=1)
    new = p["new_customers"].sum()
    acq = (p["cac"] * p["new_customers"]).sum(min_count=1)
    return pd.Series({"cost": cost, "revenue": revenue, "new_customers": new,
                      "roi": f.roi(revenue, cost), "roas": f.roas(revenue, cost),
                      "cac": f.safe_div(acq, new)})
