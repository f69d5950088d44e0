"""The sentences a client reads, computed from the numbers.

Each function takes the notebook's :class:`~roianalysis.notebook.Report` and the tables the
notebook already has, picks what is worth saying (the channel bringing most leads, the cheapest
customers, the models that disagree...) and returns a :class:`~roianalysis.notebook.Markdown`
paragraph in the report language, or ``None`` when there is nothing sound to say (missing data).
One module per notebook; every function is also available here (``narrative.roi_insight``).
"""

from .acquisition import (
    acquisition_change,
    acquisition_summary,
    campaign_insight,
    channel_insights,
    channel_segment_insight,
    funnel_insight,
    owner_insight,
    roi_insight,
    search_insight,
    segment_insight,
    trend_insight,
    verdict_lines,
)
from .attribution import (
    cpa_models_insight,
    heuristics_insight,
    journeys_insight,
    models_insight,
    removal_insight,
    roi_models_insight,
    transitions_insight,
)
from .common import delta_text, relative_gap
from .lifetime import (
    alive_insight,
    calibration_insight,
    clv_channels_insight,
    model_channels_insight,
    simple_clv_insight,
    top_customers_insight,
)
from .retention import (
    churn_insight,
    curves_insight,
    heatmap_insight,
    nps_insight,
    projection_insight,
    retention_summary,
    revenue_curve_insight,
)

__all__ = [
    "acquisition_change", "acquisition_summary", "alive_insight", "calibration_insight",
    "campaign_insight", "channel_insights", "channel_segment_insight", "churn_insight", "clv_channels_insight",
    "cpa_models_insight", "curves_insight", "delta_text", "funnel_insight", "heatmap_insight",
    "heuristics_insight", "journeys_insight", "model_channels_insight", "models_insight",
    "nps_insight", "owner_insight", "projection_insight", "relative_gap", "removal_insight",
    "retention_summary", "revenue_curve_insight", "roi_insight", "roi_models_insight", "search_insight",
    "segment_insight", "simple_clv_insight", "top_customers_insight", "transitions_insight",
    "trend_insight", "verdict_lines",
]
