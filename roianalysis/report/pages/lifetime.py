"""Lifetime value tables: simple CLV per channel, model fits, calibration, customer values."""

from __future__ import annotations

import numpy as np
import pandas as pd

from roianalysis.metrics import funnel
from roianalysis.periods import Period
from roianalysis.report import format as fmt
from roianalysis.report import texts
from roianalysis.report.context import Markdown, Report
from roianalysis.report.format import is_missing
from roianalysis.report.pages.common import relative_gap


def simple_clv_by_channel(data, period: str | Period, channel_roi: pd.DataFrame | None = None
                          ) -> pd.DataFrame:
    """The simple CLV of docs/design.md section 5.5 per acquisition channel, against the period's CAC.

    Yearly inputs come from :func:`roianalysis.funnel` over the 365 days ending with the period
    (``average_basket``, ``purchase_frequency``, gross margin rate, and ``retention_rate`` against
    the 365 days before, i.e. the yearly retention); CAC from the period itself.

    Returns
    -------
    DataFrame
        Index channel; ``new_customers``, ``average_basket``, ``purchase_frequency``,
        ``margin_rate``, ``retention_rate``, ``clv``, ``clv_discounted``, ``cac``, ``ltv_to_cac``
        and ``cac_payback_months``. With ``channel_roi``
        (:func:`roianalysis.channel_roi.channel_roi` of the period), ``clv``, ``cac`` and
        ``ltv_to_cac`` are taken from it: the one LTV:CAC per channel every report shows (the
        same formulas, so the same values; the frame must be of the same period).
    """
    from roianalysis import formulas as f
    from roianalysis.metrics import trailing_year

    p = Period.parse(period)
    # basket, frequency, margin and yearly retention: the order and retention aggregates only
    year = funnel(data, trailing_year(p), by="channel", parts=("orders", "retention"))
    now = funnel(data, p, by="channel")
    margin_rate = f.safe_div(year["gross_margin"], year["revenue"])
    yearly_margin = year["average_basket"] * year["purchase_frequency"] * margin_rate
    out = pd.DataFrame({
        "new_customers": now["new_customers"].reindex(year.index),
        "average_basket": year["average_basket"],
        "purchase_frequency": year["purchase_frequency"],
        "margin_rate": margin_rate,
        "retention_rate": year["retention_rate"],
    })
    out["clv"] = f.simple_clv(out["average_basket"], out["purchase_frequency"], margin_rate,
                              out["retention_rate"])
    out["clv_discounted"] = f.discounted_clv(yearly_margin, out["retention_rate"],
                                             data.config.discount_rate)
    out["cac"] = now["cac"].reindex(year.index)
    out["ltv_to_cac"] = f.ltv_to_cac(out["clv"], out["cac"])
    out["cac_payback_months"] = f.cac_payback_months(out["cac"], yearly_margin)
    if channel_roi is not None:
        out["clv"] = channel_roi["ltv"].reindex(out.index)
        out["cac"] = channel_roi["cac"].reindex(out.index)
        out["ltv_to_cac"] = channel_roi["ltv_to_cac"].reindex(out.index)
    out = out[out["new_customers"].fillna(0) > 0]
    return out.sort_values("new_customers", ascending=False)


def calibration_table(model, rfm: pd.DataFrame, max_frequency: int = 6) -> pd.DataFrame:
    """Actual against predicted holdout purchases, by number of repeat purchases in calibration
    (the last group is ``max_frequency`` or more): the check that a fitted model predicts the
    future, as in Fader, Hardie & Lee (2005, figure 3)."""
    x = rfm["frequency"].to_numpy(float)
    pred = model.conditional_expected_purchases(rfm["duration_holdout"].to_numpy(float), x,
                                                rfm["recency"].to_numpy(float),
                                                rfm["T"].to_numpy(float))
    df = pd.DataFrame({"group": np.minimum(x, max_frequency).astype(int),
                       "actual": rfm["frequency_holdout"].to_numpy(float), "predicted": pred})
    g = df.groupby("group").agg(customers=("actual", "size"), actual=("actual", "mean"),
                                predicted=("predicted", "mean"))
    g.index = [f"{i}+" if i == max_frequency else str(i) for i in g.index]
    return g


def customer_values(model, rfm: pd.DataFrame, curve: pd.DataFrame) -> pd.DataFrame:
    """Per customer: orders so far, days since the last one, probability alive, expected
    purchases over the curve's horizon, and model CLV (the curve's last column)."""
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


def simple_clv_table(inputs: pd.Series, k: pd.Series, lang: str, currency: str) -> pd.DataFrame:
    """Inputs and results of the simple CLV as a two-column text table (label, value)."""
    from roianalysis import formulas as f

    lifetime = f.expected_lifetime_years(inputs.get("yearly_retention", np.nan))
    rows = [
        (texts.text(lang, "input_average_basket"), fmt.format_money(inputs.get("average_basket"), currency, lang)),
        (texts.text(lang, "input_frequency"), fmt.format_number(inputs.get("yearly_purchase_frequency"), lang, 2)),
        (texts.text(lang, "input_margin_rate"), fmt.format_percent(inputs.get("margin_rate"), lang)),
        (texts.text(lang, "input_retention"), fmt.format_percent(inputs.get("yearly_retention"), lang)),
        (texts.text(lang, "input_lifetime"), MISSING_TEXT if fmt.is_missing(lifetime) else
         texts.text(lang, "input_years", n=fmt.format_number(lifetime, lang, 1))),
        (fmt.metric_label("clv", lang), fmt.format_metric("clv", k.get("clv"), currency, lang)),
        (fmt.metric_label("clv_discounted", lang),
         fmt.format_metric("clv_discounted", k.get("clv_discounted"), currency, lang)),
        (fmt.metric_label("cac", lang), fmt.format_metric("cac", k.get("cac"), currency, lang)),
        (fmt.metric_label("ltv_to_cac", lang), fmt.format_metric("ltv_to_cac", k.get("ltv_to_cac"),
                                                                 currency, lang)),
        (fmt.metric_label("cac_payback_months", lang),
         fmt.format_metric("cac_payback_months", k.get("cac_payback_months"), currency, lang)),
    ]
    out = pd.DataFrame(rows, columns=["label", texts.text(lang, "col_value_short")]).set_index("label")
    out.index.name = texts.text(lang, "col_metric")
    return out


MISSING_TEXT = fmt.MISSING


class ClvModels:
    """BG/NBD and Gamma-Gamma fitted for a report (see :func:`fit_clv_models`).

    Attributes
    ----------
    calibration : DataFrame or None
        :func:`calibration_table` of the model fitted before the holdout period.
    holdout_days : int
    model, spend_model
        Fitted on every order up to the end of the period.
    rfm : DataFrame
        RFM summary at the end of the period (time unit: weeks).
    curve : DataFrame
        :func:`roianalysis.clv.clv_curve` (customers x months, cumulative discounted margin).
    customers : DataFrame
        :func:`customer_values`.
    """

    def __init__(self, calibration, holdout_days, model, spend_model, rfm, curve, customers):
        self.calibration = calibration
        self.holdout_days = holdout_days
        self.model = model
        self.spend_model = spend_model
        self.rfm = rfm
        self.curve = curve
        self.customers = customers


def _fit_named(name: str, rfm: pd.DataFrame):
    """Fit the purchase model ``name`` (no fallback); on failure, the selection's choice."""
    from roianalysis import clv
    from roianalysis.clv.geometric_nbd import GeometricNBDModel
    from roianalysis.clv.nbd import NBDModel
    from roianalysis.clv.select import fit_purchase_model

    cls = {"bgnbd": clv.BetaGeoModel, "pareto_nbd": clv.ParetoNBDModel,
           "geometric_nbd": GeometricNBDModel, "nbd": NBDModel}[name]
    try:
        fitted = cls().fit(rfm["frequency"], rfm["recency"], rfm["T"])
    except clv.ConvergenceError:
        return fit_purchase_model(rfm["frequency"], rfm["recency"], rfm["T"])
    fitted.model_name_ = name
    return fitted


def fit_clv_models(data, period: str | Period, *, horizon_months: int = 24, holdout_days: int = 182,
                   margin_rate: float | None = None, min_repeaters: int = 30) -> ClvModels:
    """Fit the buy-till-you-die models on the orders up to the end of the period.

    The purchase model is BG/NBD when the data identify it, else its limit without dropout
    heterogeneity, else NBD (:func:`roianalysis.clv.select.fit_purchase_model`; ``model.model_name_``
    says which), fitted on every order up to the end of the period; the same model fitted on the
    orders before the last ``holdout_days`` days gives the calibration-vs-holdout check.

    Raises
    ------
    ValueError
        Fewer than ``min_repeaters`` customers with a repeat purchase.
    roianalysis.clv.ConvergenceError
        A fit did not converge.
    """
    from roianalysis import clv

    p = Period.parse(period)
    end = p.end_exclusive - pd.Timedelta(microseconds=1)
    cal_end = end - pd.Timedelta(days=holdout_days)
    rfm_h = clv.rfm_summary(data, calibration_end=cal_end, observation_end=end, time_unit="W")
    if int((rfm_h["frequency"] > 0).sum()) < min_repeaters:
        raise ValueError("too few repeat customers")
    from roianalysis.clv.select import fit_purchase_model

    rfm = clv.rfm_summary(data, calibration_end=end, time_unit="W")
    # the model the whole history identifies is used for the check before the holdout too
    model = fit_purchase_model(rfm["frequency"], rfm["recency"], rfm["T"])
    cal_model = fit_purchase_model(rfm_h["frequency"], rfm_h["recency"], rfm_h["T"],
                                   model="bgnbd")
    if cal_model.model_name_ != model.model_name_:
        cal_model = _fit_named(model.model_name_, rfm_h)
    calibration = calibration_table(cal_model, rfm_h)
    rep = rfm[rfm["frequency"] > 0]
    spend_model = clv.GammaGammaModel().fit(rep["frequency"], rep["monetary_value"])
    if margin_rate is None or fmt.is_missing(margin_rate):
        margin_rate = data.config.gross_margin_rate if data.config.gross_margin_rate is not None else 1.0
    curve = clv.clv_curve(model, rfm, spend_model, horizon_months=horizon_months,
                          margin_rate=margin_rate, discount_rate=data.config.discount_rate)
    return ClvModels(calibration, holdout_days, model, spend_model, rfm, curve,
                     customer_values(model, rfm, curve))


# ---------------------------------------------------------------------- sentences
# Sentences of the lifetime value notebook.

def simple_clv_insight(rep: Report, inputs: pd.Series, k: pd.Series, discount_rate: float
                       ) -> Markdown | None:
    """The simple CLV in words, then held against CAC (ratio and payback)."""
    if is_missing(k.get("clv")):
        return None
    parts = [str(rep.text(
        "clv_simple_sentence", basket=rep.money(inputs.get("average_basket")),
        freq=rep.number(inputs.get("yearly_purchase_frequency"), 2),
        margin=rep.percent(inputs.get("margin_rate"), 0),
        retention=rep.percent(inputs.get("yearly_retention"), 0), clv=rep.money(k.get("clv"), 0),
        disc=rep.money(k.get("clv_discounted"), 0), rate=rep.percent(discount_rate, 0)))]
    if not is_missing(k.get("ltv_to_cac")):
        parts.append(str(rep.text(
            "clv_vs_cac_sentence", cac=rep.metric("cac", k.get("cac")), period=rep.period_text,
            ratio=rep.metric("ltv_to_cac", k.get("ltv_to_cac")),
            payback=rep.metric("cac_payback_months", k.get("cac_payback_months")))))
    return Markdown("\n\n".join(parts))


def clv_channels_insight(rep: Report, table: pd.DataFrame) -> Markdown | None:
    """Best LTV:CAC channel, and the paid channels below 1."""
    r = table["ltv_to_cac"].dropna() if "ltv_to_cac" in table else pd.Series(dtype=float)
    if r.empty:
        return None
    best = r.idxmax()
    parts = [str(rep.text("clv_channels_sentence", best=rep.name(best),
                          best_ratio=rep.metric("ltv_to_cac", r[best])))]
    weak = r[r < 1].index.tolist()
    parts.append(str(rep.text("clv_channels_weak", channels=rep.names(weak))) if weak
                 else rep.t("clv_channels_ok"))
    return Markdown("\n\n".join(parts))


def calibration_insight(rep: Report, calibration: pd.DataFrame, holdout_days: int) -> Markdown:
    """Overall predicted against actual holdout purchases per customer."""
    n = calibration["customers"]
    actual = float((calibration["actual"] * n).sum() / n.sum())
    predicted = float((calibration["predicted"] * n).sum() / n.sum())
    gap = relative_gap(predicted, actual)
    return rep.text("clv_calibration_sentence", days=holdout_days,
                    predicted=rep.number(predicted, 2), actual=rep.number(actual, 2),
                    gap=rep.percent(gap, 0, signed=True))


def alive_insight(rep: Report, p_alive: pd.Series) -> Markdown:
    """Share of customers whose probability of being alive exceeds one half."""
    return rep.text("clv_alive_sentence", period=rep.period_text,
                    share=rep.percent(float((p_alive > 0.5).mean()), 0))


def top_customers_insight(rep: Report, customers: pd.DataFrame, n: int) -> Markdown | None:
    """Share of total expected value held by the top ``n`` customers."""
    total = customers["clv"].sum()
    if not total:
        return None
    top = customers["clv"].nlargest(n).sum()
    return rep.text("clv_top_sentence", n=n, share=rep.percent(top / total, 0))


def model_channels_insight(rep: Report, table: pd.DataFrame, months: int) -> Markdown | None:
    """Range of expected value per customer across acquisition channels."""
    c = table["clv"].dropna().drop(index=["(unknown)"], errors="ignore")
    if len(c) < 2:
        return None
    return rep.text("clv_model_channels_sentence", months=months, low=rep.money(c.min()),
                    low_channel=rep.name(c.idxmin()), high=rep.money(c.max()),
                    high_channel=rep.name(c.idxmax()))
