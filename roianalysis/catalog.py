"""The catalogue of metrics: name, direction, kind and unit of every KPI of docs/design.md section 5.

``direction`` is +1 when higher is better (leads, ROI, conversion), -1 when lower is better (CPL,
CAC, churn), 0 when neither (sessions of a given cost...). ``kind`` says how an objective set for a
longer period is read for a shorter one: ``volume`` targets (counts, amounts) are pro-rated by days,
``ratio`` targets are read as they are. ``unit`` drives formatting: ``money``, ``count``, ``share``
(0..1 shown as %), ``ratio`` (plain number, e.g. ROAS 3.2), ``days``, ``score`` (NPS points),
``months``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricInfo:
    name: str
    direction: int
    kind: str  # "volume" or "ratio"
    unit: str
    label_en: str
    label_fr: str


def _m(name, direction, kind, unit, en, fr):
    return MetricInfo(name, direction, kind, unit, en, fr)


METRICS: dict[str, MetricInfo] = {m.name: m for m in [
    _m("cost", -1, "volume", "money", "Acquisition cost (all spend)", "Coût d'acquisition (toutes dépenses)"),
    _m("marketing_cost", -1, "volume", "money", "Marketing cost", "Coût marketing"),
    _m("media_cost", -1, "volume", "money", "Media cost", "Coût média"),
    _m("impressions", 1, "volume", "count", "Impressions", "Impressions"),
    _m("clicks", 1, "volume", "count", "Clicks", "Clics"),
    _m("sessions", 1, "volume", "count", "Sessions", "Sessions"),
    _m("visitors", 1, "volume", "count", "Visitors", "Visiteurs"),
    _m("leads", 1, "volume", "count", "Leads", "Leads"),
    _m("new_customers", 1, "volume", "count", "New customers", "Nouveaux clients"),
    _m("customers", 1, "volume", "count", "Ordering customers", "Clients acheteurs"),
    _m("orders", 1, "volume", "count", "Orders", "Commandes"),
    _m("revenue", 1, "volume", "money", "Revenue", "Chiffre d'affaires"),
    _m("gross_margin", 1, "volume", "money", "Gross margin", "Marge brute"),
    _m("average_basket", 1, "ratio", "money", "Average basket", "Panier moyen"),
    _m("purchase_frequency", 1, "ratio", "ratio", "Purchase frequency", "Fréquence d'achat"),
    _m("cpl", -1, "ratio", "money", "Cost per lead", "Coût par lead"),
    _m("cpc", -1, "ratio", "money", "Cost per click", "Coût par clic"),
    _m("ctr", 1, "ratio", "share", "Click-through rate", "Taux de clic"),
    _m("cpm", -1, "ratio", "money", "Cost per 1,000 impressions", "Coût pour mille impressions"),
    _m("cac", -1, "ratio", "money", "Customer acquisition cost", "Coût d'acquisition client"),
    _m("cost_per_visitor", -1, "ratio", "money", "Cost per visitor", "Coût par visiteur"),
    _m("visitor_to_lead", 1, "ratio", "share", "Visitor to lead rate", "Taux visiteur → lead"),
    _m("lead_to_customer", 1, "ratio", "share", "Lead to customer rate", "Taux lead → client"),
    _m("visitors_per_customer", -1, "ratio", "ratio", "Visitors per new customer", "Visiteurs par nouveau client"),
    _m("roas", 1, "ratio", "ratio", "Return on ad spend", "Retour sur dépenses publicitaires"),
    _m("roi", 1, "ratio", "share", "ROI", "ROI"),
    _m("margin_roi", 1, "ratio", "share", "ROI on gross margin", "ROI sur marge brute"),
    _m("roi_on_growth", 1, "ratio", "share", "ROI on revenue growth", "ROI sur croissance du CA"),
    _m("retention_rate", 1, "ratio", "share", "Retention rate", "Taux de rétention"),
    _m("churn_rate", -1, "ratio", "share", "Churn rate", "Taux d'attrition"),
    _m("yearly_retention", 1, "ratio", "share", "Yearly retention", "Rétention annuelle"),
    _m("nps", 1, "ratio", "score", "Net Promoter Score", "Net Promoter Score"),
    _m("nps_answers", 1, "volume", "count", "NPS answers", "Réponses NPS"),
    _m("sales_cycle_days", -1, "ratio", "days", "Median sales cycle", "Cycle de vente médian"),
    _m("clv", 1, "ratio", "money", "Customer lifetime value", "Valeur vie client"),
    _m("clv_discounted", 1, "ratio", "money", "Discounted customer lifetime value", "Valeur vie client actualisée"),
    _m("ltv_to_cac", 1, "ratio", "ratio", "LTV:CAC", "LTV / CAC"),
    _m("cac_payback_months", -1, "ratio", "months", "CAC payback", "Retour sur CAC"),
]}

