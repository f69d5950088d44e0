"""The catalogue of metrics: name, direction, kind and unit of every KPI of docs/design.md section 5.

``direction`` is +1 when higher is better (leads, ROI, conversion), -1 when lower is better (CPL,
CAC, churn), 0 when neither (sessions of a given cost...). ``kind`` says how an objective set for a
longer period is read for a shorter one: ``volume`` targets (counts, amounts) are pro-rated by days,
``ratio`` targets are read as they are. ``unit`` drives formatting: ``money``, ``count``, ``share``
(0..1 shown as %), ``ratio`` (plain number, e.g. ROAS 3.2), ``days``, ``score`` (NPS points),
``months``.

No words here: the label of a metric is the text ``metric_<name>`` of
:mod:`roianalysis.report.texts` (:func:`roianalysis.report.format.metric_label`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricInfo:
    name: str
    direction: int
    kind: str  # "volume" or "ratio"
    unit: str


def _m(name, direction, kind, unit):
    return MetricInfo(name, direction, kind, unit)


METRICS: dict[str, MetricInfo] = {m.name: m for m in [
    _m("cost", -1, "volume", "money"),
    _m("marketing_cost", -1, "volume", "money"),
    _m("media_cost", -1, "volume", "money"),
    _m("impressions", 1, "volume", "count"),
    _m("clicks", 1, "volume", "count"),
    _m("sessions", 1, "volume", "count"),
    _m("visitors", 1, "volume", "count"),
    _m("leads", 1, "volume", "count"),
    _m("new_customers", 1, "volume", "count"),
    _m("customers", 1, "volume", "count"),
    _m("orders", 1, "volume", "count"),
    _m("revenue", 1, "volume", "money"),
    _m("gross_margin", 1, "volume", "money"),
    _m("average_basket", 1, "ratio", "money"),
    _m("purchase_frequency", 1, "ratio", "ratio"),
    _m("cpl", -1, "ratio", "money"),
    _m("cpc", -1, "ratio", "money"),
    _m("ctr", 1, "ratio", "share"),
    _m("cpm", -1, "ratio", "money"),
    _m("cac", -1, "ratio", "money"),
    _m("cost_per_visitor", -1, "ratio", "money"),
    _m("visitor_to_lead", 1, "ratio", "share"),
    _m("lead_to_customer", 1, "ratio", "share"),
    _m("visitors_per_customer", -1, "ratio", "ratio"),
    _m("roas", 1, "ratio", "ratio"),
    _m("roi", 1, "ratio", "share"),
    _m("margin_roi", 1, "ratio", "share"),
    _m("roi_on_growth", 1, "ratio", "share"),
    _m("retention_rate", 1, "ratio", "share"),
    _m("churn_rate", -1, "ratio", "share"),
    _m("yearly_retention", 1, "ratio", "share"),
    _m("nps", 1, "ratio", "score"),
    _m("nps_answers", 1, "volume", "count"),
    _m("sales_cycle_days", -1, "ratio", "days"),
    _m("clv", 1, "ratio", "money"),
    _m("clv_discounted", 1, "ratio", "money"),
    _m("ltv_to_cac", 1, "ratio", "ratio"),
    _m("cac_payback_months", -1, "ratio", "months"),
]}

