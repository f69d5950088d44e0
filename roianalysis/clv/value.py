"""Customer lifetime value: discounted margin over a horizon, and CLV per channel against CAC.

Definitions (docs/design.md sections 5.5, 6.3):

- **Model CLV** of a customer over ``H`` months: expected purchases in each future month ``i``
  (from a fitted :class:`~roianalysis.clv.BetaGeoModel` or
  :class:`~roianalysis.clv.ParetoNBDModel`), times her expected spend per purchase (from a fitted
  :class:`~roianalysis.clv.GammaGammaModel`, or a flat average), times the margin rate, discounted
  at the annual rate ``d`` to the end of month ``i``::

      CLV_H = sum_{i=1..H} [E Y(t_i) - E Y(t_{i-1})] * spend * margin_rate / (1 + d)^(i / 12)

  with ``t_i`` the end of month ``i`` in the RFM time unit (a month is 365.25 / 12 days). Monthly
  increments are clipped at 0 and the margin rate at 0, so CLV is never negative (a negative value
  can only come from round-off in differences of hypergeometric functions).
- **Simple CLV**: ``average basket x yearly purchase frequency x margin rate x expected lifetime``,
  lifetime ``1 / (1 - r)`` years for a yearly retention ``r``; with discounting, yearly margin
  ``m`` gives ``m (1 + d) / (1 + d - r)`` (first year included; ``m / (1 - r)`` at d = 0).
- **Margin rate** (one rule, :func:`fit_clv`): the share of revenue a customer's future purchases
  leave as gross margin, per customer ``c``::

      margin_rate_c = sum(margin) / sum(revenue)   over c's orders carrying a margin (share)

  up to the calibration end; customers without such an order get the client's
  ``gross_margin_rate`` (else the median of the known rates, else 1.0: CLV is then discounted
  revenue). Clipped at 0. For a client whose orders carry no margin it is ``gross_margin_rate``
  for everyone, the rate of the simple CLV's yearly inputs.
- **LTV:CAC** per acquisition channel = mean CLV of the channel's customers / CAC of the channel;
  **payback months** = first month at which the mean cumulative discounted margin reaches CAC
  (missing when not reached within the horizon).

A ratio with a zero or missing denominator is NaN, never infinity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from roianalysis.schema import UNKNOWN_CHANNEL

__all__ = ["HOLDOUT_GROUPS", "ClvResult", "clv_by_channel", "clv_curve", "customer_lifetime_value",
           "customer_margin_rate", "customer_values", "fit_clv", "simple_clv"]

_MONTH_DAYS = 365.25 / 12


def clv_curve(model, rfm: pd.DataFrame, spend_model=None, *, horizon_months: int = 12,
              margin_rate: float | pd.Series | np.ndarray = 1.0, discount_rate: float = 0.10,
              average_spend: float | None = None, time_unit_days: float | None = None
              ) -> pd.DataFrame:
    """Cumulative discounted expected margin per customer, month by month.

    Parameters
    ----------
    model : BetaGeoModel or ParetoNBDModel
        Fitted purchase model (its time unit is the RFM's).
    rfm : DataFrame
        From :func:`~roianalysis.clv.rfm_summary`: ``frequency``, ``recency``, ``T`` and, with a
        spend model, ``monetary_value``; indexed by customer.
    spend_model : GammaGammaModel, optional
        Fitted spend model; otherwise ``average_spend`` (currency per purchase) is used.
    horizon_months : int
        Number of months ``H``.
    margin_rate : float or per-customer Series/array
        Gross margin as a share of revenue: ``ClientConfig.gross_margin_rate``, or per customer
        from :func:`customer_margin_rate`; clipped at 0.
    discount_rate : float
        Annual discount rate ``d`` (``ClientConfig.discount_rate``).
    average_spend : float, optional
        Spend per purchase when no spend model is given.
    time_unit_days : float, optional
        Length of the RFM time unit in days; read from ``rfm.attrs`` when omitted.

    Returns
    -------
    DataFrame
        Index: customers; columns ``1..H`` (months); values: discounted margin cumulated to the
        end of each month (currency), non-decreasing and >= 0.
    """
    unit = time_unit_days if time_unit_days is not None else rfm.attrs.get("time_unit_days")
    if unit is None:
        raise ValueError("time_unit_days unknown: pass it or use an rfm_summary() result")
    if horizon_months < 1:
        raise ValueError("horizon_months must be at least 1")
    x = rfm["frequency"].to_numpy(float)
    tx = rfm["recency"].to_numpy(float)
    TT = rfm["T"].to_numpy(float)
    if spend_model is not None:
        spend = spend_model.conditional_expected_average_profit(x, rfm["monetary_value"].to_numpy(float))
    elif average_spend is not None:
        spend = np.full(len(x), float(average_spend))
    else:
        raise ValueError("give a spend model (GammaGammaModel) or an average_spend")
    if isinstance(margin_rate, pd.Series):
        # customers absent from a per-customer Series get its default (customer_margin_rate) or 0
        margin_rate = margin_rate.reindex(rfm.index).fillna(margin_rate.attrs.get("default_rate", 0.0))
    margin = np.clip(np.asarray(margin_rate, dtype=float), 0.0, None)
    margin = np.nan_to_num(np.broadcast_to(margin, x.shape), nan=0.0)
    value_per_purchase = np.maximum(spend, 0.0) * margin

    months = np.arange(0, horizon_months + 1)
    cum = np.column_stack([
        np.zeros(len(x)) if i == 0 else
        model.conditional_expected_purchases(i * _MONTH_DAYS / unit, x, tx, TT)
        for i in months
    ])
    increments = np.maximum(np.diff(cum, axis=1), 0.0)
    disc = (1.0 + discount_rate) ** (-months[1:] / 12.0)
    value = np.cumsum(increments * disc[None, :], axis=1) * value_per_purchase[:, None]
    return pd.DataFrame(value, index=rfm.index, columns=pd.Index(months[1:], name="month"))


def customer_lifetime_value(model, rfm: pd.DataFrame, spend_model=None, *,
                            horizon_months: int = 12, margin_rate=1.0, discount_rate: float = 0.10,
                            average_spend: float | None = None,
                            time_unit_days: float | None = None) -> pd.Series:
    """Discounted expected margin over ``horizon_months`` per customer (currency, >= 0).

    Same parameters as :func:`clv_curve`; returns its last column, named ``clv``.
    """
    curve = clv_curve(model, rfm, spend_model, horizon_months=horizon_months,
                      margin_rate=margin_rate, discount_rate=discount_rate,
                      average_spend=average_spend, time_unit_days=time_unit_days)
    return curve.iloc[:, -1].rename("clv")


def clv_by_channel(curve: pd.DataFrame | pd.Series, contact_channel: pd.Series | pd.DataFrame,
                   cac: pd.Series | dict | None = None) -> pd.DataFrame:
    """CLV per acquisition channel, held against CAC.

    Parameters
    ----------
    curve : DataFrame or Series
        :func:`clv_curve` (customers x months, cumulative) or :func:`customer_lifetime_value`.
    contact_channel : Series or DataFrame
        Acquisition channel per customer: a Series indexed by contact id, or a DataFrame with
        ``contact_id`` and ``channel`` columns. Customers without one are ``(unknown)``.
    cac : Series or dict, optional
        Acquisition cost per new customer, by channel (currency).

    Returns
    -------
    DataFrame
        One row per channel: ``customers``, ``clv`` (mean CLV at the horizon), ``clv_total``,
        ``cac``, ``ltv_to_cac`` (clv / cac, NaN when cac is 0 or missing) and ``payback_months``
        (first month whose mean cumulative value reaches CAC; NaN when not within the horizon).
    """
    if isinstance(curve, pd.Series):
        curve = curve.to_frame(name=1)
    channel = _channel_series(contact_channel).reindex(curve.index).fillna(UNKNOWN_CHANNEL)
    grouped = curve.groupby(channel.to_numpy())
    mean_curve = grouped.mean()
    out = pd.DataFrame({
        "customers": grouped.size(),
        "clv": mean_curve.iloc[:, -1],
        "clv_total": grouped.sum().iloc[:, -1],
    })
    out.index.name = "channel"
    cac_s = pd.Series(cac if cac is not None else {}, dtype=float).reindex(out.index)
    out["cac"] = cac_s
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = out["clv"] / out["cac"].where(out["cac"] > 0)
    out["ltv_to_cac"] = ratio
    months = np.asarray(mean_curve.columns, dtype=float)
    payback = []
    for ch, row in mean_curve.iterrows():
        c = out.at[ch, "cac"]
        if not np.isfinite(c):
            payback.append(np.nan)
        elif c <= 0:
            payback.append(0.0)
        else:
            hit = np.nonzero(row.to_numpy() >= c)[0]
            payback.append(months[hit[0]] if len(hit) else np.nan)
    out["payback_months"] = payback
    return out.sort_values("customers", ascending=False)


def customer_margin_rate(orders, default_rate: float, *, customer_col: str = "contact_id",
                         until=None) -> pd.Series:
    """Gross margin rate per customer, from the orders' ``margin`` where known (in the engine).

    ``rate = sum(margin) / sum(revenue)`` over the customer's orders that carry a margin (and, with
    ``until``, placed at or before it); ``default_rate`` (``ClientConfig.gross_margin_rate``) for
    customers without any. Clipped at 0 (CLV is never negative).

    Returns
    -------
    Series indexed by customer id (str), named ``margin_rate``.
    """
    import ibis

    from roianalysis.clv.rfm import orders_table

    table, executor = orders_table(orders)
    if "margin" not in table.columns:
        return pd.Series(dtype=float, name="margin_rate")
    t = table.filter(table.margin.notnull() & table[customer_col].notnull())
    if until is not None:
        t = t.filter(t.ordered_at <= ibis.literal(pd.Timestamp(until).to_pydatetime()))
    agg = t.group_by(t[customer_col].name("cid")).aggregate(margin=t.margin.sum(),
                                                            revenue=t.revenue.sum())
    df = executor.execute(agg)
    rev = df["revenue"].astype(float)
    rate = np.where(rev > 0, df["margin"].astype(float) / rev.where(rev > 0, 1.0), default_rate)
    out = pd.Series(np.clip(rate, 0.0, None), index=df["cid"].astype(str), name="margin_rate")
    out.attrs["default_rate"] = default_rate
    return out.sort_index()


def _channel_series(contact_channel) -> pd.Series:
    if isinstance(contact_channel, pd.DataFrame):
        cols = contact_channel.columns
        if "contact_id" in cols and "channel" in cols:
            s = contact_channel.set_index("contact_id")["channel"]
        elif contact_channel.shape[1] == 1:
            s = contact_channel.iloc[:, 0]
        else:
            raise ValueError("contact_channel needs columns contact_id and channel")
    else:
        s = pd.Series(contact_channel)
    s.index = s.index.astype(str)
    return s[~s.index.duplicated(keep="first")]


def customer_values(model, rfm: pd.DataFrame, curve: pd.DataFrame) -> pd.DataFrame:
    """Per customer: what a fitted purchase model says of her at the end of calibration.

    Returns
    -------
    DataFrame
        Indexed like ``rfm``: ``orders`` (orders so far, ``frequency + 1``), ``days_since_last``
        (days from her last order to the calibration end), ``p_alive`` (probability she is still
        a customer), ``expected_purchases`` (over the curve's horizon of ``len(curve.columns)``
        months) and ``clv`` (the curve's last column, currency).
    """
    unit = float(rfm.attrs.get("time_unit_days", 1.0))
    x, tx, T = (rfm[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    horizon_units = len(curve.columns) * 365.25 / 12 / unit
    return pd.DataFrame({
        "orders": x + 1,
        "days_since_last": (T - tx) * unit,
        "p_alive": model.probability_alive(x, tx, T),
        "expected_purchases": model.conditional_expected_purchases(horizon_units, x, tx, T),
        "clv": curve.iloc[:, -1].to_numpy(),
    }, index=rfm.index)


def simple_clv(average_basket: float, yearly_frequency: float, margin_rate: float,
               yearly_retention: float, discount_rate: float | None = None) -> float:
    """The simple CLV (currency): :func:`roianalysis.formulas.simple_clv` without discounting,
    :func:`roianalysis.formulas.discounted_clv` with an annual ``discount_rate`` (one definition).

    ``m = average_basket x yearly_frequency x margin_rate`` is the yearly margin of a customer;
    ``CLV = m / (1 - r)`` undiscounted, ``m (1 + d) / (1 + d - r)`` discounted (equal at d = 0).
    NaN when the denominator is 0 (retention of 100 % without discounting).
    """
    from roianalysis import formulas as f

    if discount_rate is None:
        return float(f.simple_clv(average_basket, yearly_frequency, margin_rate, yearly_retention))
    m = average_basket * yearly_frequency * margin_rate
    return float(f.discounted_clv(m, yearly_retention, discount_rate))


@dataclass
class ClvResult:
    """Everything :func:`fit_clv` fitted and computed (for notebooks and reports).

    Attributes
    ----------
    rfm : DataFrame
        The RFM summary (with holdout columns when an ``observation_end`` was given).
    purchase_model : BetaGeoModel or ParetoNBDModel
    spend_model : GammaGammaModel or None
        None when fewer than ``min_repeat_customers`` customers repeat; spend is then the mean
        order value.
    curve : DataFrame
        :func:`clv_curve` (customers x months, cumulative discounted margin).
    clv : Series
        CLV at the horizon per customer.
    probability_alive : Series
        P(alive) at the end of calibration per customer.
    margin_rate : float or Series
        The margin rate used; ``margin_source`` says where it came from.
    customers : DataFrame
        :func:`customer_values` of the fitted model.
    calibration : DataFrame or None
        With ``holdout_days``: :func:`~roianalysis.clv.calibration_vs_holdout` (groups ``0`` to
        ``6+``, and ``all``) of the same purchase model fitted on the orders before the last
        ``holdout_days`` days of calibration; None otherwise.
    holdout_days : int or None
    """

    rfm: pd.DataFrame
    purchase_model: object
    spend_model: object | None
    curve: pd.DataFrame
    clv: pd.Series
    probability_alive: pd.Series
    margin_rate: float | pd.Series
    margin_source: str
    horizon_months: int
    discount_rate: float
    customers: pd.DataFrame
    calibration: pd.DataFrame | None = None
    holdout_days: int | None = None


#: Calibration-vs-holdout groups of :func:`fit_clv`: ``0`` to ``HOLDOUT_GROUPS`` repeat purchases
#: (the last one pooled, ``6+``).
HOLDOUT_GROUPS = 6


def _calibration_end(calibration_end):
    """A :class:`~roianalysis.periods.Period` as its last instant (every order of it counts)."""
    from roianalysis.periods import Period

    if isinstance(calibration_end, Period):
        return calibration_end.end_exclusive - pd.Timedelta(microseconds=1)
    return calibration_end


def fit_clv(source, calibration_end=None, observation_end=None, *, model: str = "bgnbd",
            time_unit: str | float = "W", horizon_months: int = 12,
            margin_rate: float | pd.Series | None = None, discount_rate: float | None = None,
            min_repeat_customers: int = 30, holdout_days: int | None = None) -> ClvResult:
    """RFM summary, purchase and spend models, and CLV per customer, in one call (the lifetime
    value report calls it: ``fit_clv(data, period, horizon_months=24, holdout_days=182)``).

    Parameters
    ----------
    source : ClientData, Engine, Ibis table or DataFrame of orders
        With a :class:`~roianalysis.data.client.ClientData`, the margin and discount rates default to the
        client's: the orders' ``margin`` where known, else ``gross_margin_rate``; ``discount_rate``.
    calibration_end, observation_end : timestamp-like, optional
        See :func:`~roianalysis.clv.rfm_summary`; ``calibration_end`` may be a
        :class:`~roianalysis.periods.Period` (its last instant: every order of the period counts).
    model : {"bgnbd", "pareto_nbd"}
        Purchase model tried first; when the data do not identify it, its limits are fitted
        (:func:`~roianalysis.clv.select.fit_purchase_model`): ``purchase_model.model_name_`` says
        which.
    time_unit : str or float
        RFM time unit (weeks by default, as in the literature).
    horizon_months : int
        CLV horizon.
    margin_rate : float or Series, optional
        Overrides the margin rate (share of revenue). By default the one rule of this module
        (per customer: the margin of her orders where known, else ``gross_margin_rate``); without
        any margin information, 1.0: CLV is then discounted *revenue*, and ``margin_source`` says
        so.
    discount_rate : float, optional
        Annual discount rate (default: the client's, else 0.10).
    min_repeat_customers : int
        Fewer repeat customers: no Gamma-Gamma spend model, the mean order value instead.
    holdout_days : int, optional
        Also check the model: the same purchase model (:func:`~roianalysis.clv.select.fit_named_model`)
        fitted on the orders up to ``holdout_days`` days before the calibration end predicts the
        purchases of those days (``calibration``).

    Raises
    ------
    ValueError
        With ``holdout_days``, fewer than ``min_repeat_customers`` customers repeat before the
        holdout (too few to check the model, or to fit Gamma-Gamma).
    roianalysis.clv.ConvergenceError
        No purchase model fits.
    """
    from roianalysis.clv.diagnostics import calibration_vs_holdout
    from roianalysis.clv.gamma_gamma import GammaGammaModel
    from roianalysis.clv.rfm import rfm_summary
    from roianalysis.clv.select import fit_named_model, fit_purchase_model

    config = getattr(source, "config", None)
    rfm = rfm_summary(source, _calibration_end(calibration_end), observation_end,
                      time_unit=time_unit)
    rfm_h = None
    if holdout_days is not None:
        end = rfm.attrs["calibration_end"]
        rfm_h = rfm_summary(source, end - pd.Timedelta(days=holdout_days), end,
                            time_unit=time_unit)
        if int((rfm_h["frequency"] > 0).sum()) < min_repeat_customers:
            raise ValueError(f"too few repeat customers before the last {holdout_days} days "
                             f"(fewer than {min_repeat_customers})")
    if discount_rate is None:
        discount_rate = getattr(config, "discount_rate", 0.10)
    if margin_rate is not None:
        source_note = "given"
    else:
        default = getattr(config, "gross_margin_rate", None)
        per_customer = customer_margin_rate(source, default if default is not None else np.nan,
                                            until=rfm.attrs["calibration_end"])
        if default is not None:
            margin_rate, source_note = per_customer, "orders' margin, else gross_margin_rate"
            margin_rate.attrs["default_rate"] = default
        elif len(per_customer.dropna()):
            fallback = float(per_customer.dropna().median())
            margin_rate = per_customer.fillna(fallback)
            margin_rate.attrs["default_rate"] = fallback
            source_note = "orders' margin (median rate for customers without one)"
        else:
            margin_rate, source_note = 1.0, "none known: CLV is discounted revenue"
    purchase = fit_purchase_model(rfm["frequency"], rfm["recency"], rfm["T"], model=model)
    repeat = rfm["frequency"] > 0
    spend_model = None
    average_spend = None
    if repeat.sum() >= min_repeat_customers:
        spend_model = GammaGammaModel().fit(rfm["frequency"], rfm["monetary_value"])
    else:
        average_spend = float(rfm.loc[repeat, "monetary_value"].mean()) if repeat.any() else 0.0
    curve = clv_curve(purchase, rfm, spend_model, horizon_months=horizon_months,
                      margin_rate=margin_rate, discount_rate=discount_rate,
                      average_spend=average_spend)
    alive = pd.Series(purchase.probability_alive(rfm["frequency"].to_numpy(float),
                                                 rfm["recency"].to_numpy(), rfm["T"].to_numpy()),
                      index=rfm.index, name="probability_alive")
    calibration = None
    if rfm_h is not None:
        # the model the whole history identifies is the one checked before the holdout
        check = fit_purchase_model(rfm_h["frequency"], rfm_h["recency"], rfm_h["T"], model=model)
        if check.model_name_ != purchase.model_name_:
            check = fit_named_model(purchase.model_name_, rfm_h["frequency"], rfm_h["recency"],
                                    rfm_h["T"])
        calibration = calibration_vs_holdout(check, rfm_h, max_frequency=HOLDOUT_GROUPS)
    return ClvResult(rfm, purchase, spend_model, curve, curve.iloc[:, -1].rename("clv"), alive,
                     margin_rate, source_note, horizon_months, discount_rate,
                     customer_values(purchase, rfm, curve), calibration, holdout_days)
