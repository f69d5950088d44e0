"""Tables shaped for the notebooks: the columns a reader sees, in the order they read them.

Nothing here computes a metric: the numbers come from :func:`roianalysis.kpis`,
:func:`roianalysis.funnel`, :mod:`roianalysis.cohorts`, :mod:`roianalysis.clv` and
:mod:`roianalysis.attribution`. These functions select, order, label and combine. One module per
notebook: :mod:`.acquisition`, :mod:`.retention`, :mod:`.lifetime`, :mod:`.attribution`; every
name is also available here (``views.channel_table``).
"""

from .acquisition import (
    ACQUISITION_COLUMNS,
    CAMPAIGN_COLUMNS,
    CAMPAIGN_PARTS,
    COST_COLUMNS,
    CUSTOMER_METRICS,
    LEAD_COLUMNS,
    LEAD_PARTS,
    MATRIX_PARTS,
    NO_VALUE,
    RETURN_COLUMNS,
    SEARCH_DECIMALS,
    SEARCH_UNITS,
    SUMMARY_METRICS,
    campaign_roi,
    campaign_table,
    channel_metrics_for,
    channel_segment_matrix,
    channel_table,
    channels_known,
    funnel_stages,
    has_campaigns,
    has_dimension,
    has_visits,
    label_no_campaign,
    lead_breakdown,
    monthly_funnel,
    monthly_totals,
    monthly_trend,
    paid,
    paid_average,
    pivot_months,
    roi_headers,
    roi_table,
    search_labels,
    search_table,
    share_of,
    short_labels,
    summary_table,
    unknown_without_inputs,
    with_channel_roi,
)
from .attribution import (
    DATA_DRIVEN_MODELS,
    HEURISTIC_MODELS,
    journey_stats,
    label_models,
    model_label,
    period_spend,
    roi_by_model,
    shares,
    top_paths,
    transition_wide,
    with_report_roi,
)
from .lifetime import (
    ClvModels,
    calibration_table,
    customer_values,
    fit_clv_models,
    simple_clv_by_channel,
    simple_clv_table,
)
from .retention import (
    average_cumulative_revenue,
    cohort_label,
    cohort_window,
    contact_channels,
    projection_curve,
    retention_curve,
    retention_curves_by,
)

__all__ = [
    "ACQUISITION_COLUMNS", "CAMPAIGN_COLUMNS", "CAMPAIGN_PARTS", "COST_COLUMNS", "CUSTOMER_METRICS",
    "DATA_DRIVEN_MODELS", "HEURISTIC_MODELS", "LEAD_COLUMNS", "LEAD_PARTS", "MATRIX_PARTS", "NO_VALUE", "RETURN_COLUMNS", "SEARCH_DECIMALS",
    "SEARCH_UNITS", "SUMMARY_METRICS", "ClvModels",
    "average_cumulative_revenue", "calibration_table", "campaign_table", "channel_metrics_for", "channel_segment_matrix",
    "channel_table", "channels_known",
    "cohort_label", "cohort_window", "contact_channels", "customer_values", "fit_clv_models",
    "funnel_stages", "has_campaigns", "has_dimension", "has_visits", "journey_stats", "label_models",
    "lead_breakdown", "model_label", "monthly_funnel", "monthly_totals", "monthly_trend", "paid", "period_spend",
    "pivot_months", "projection_curve", "retention_curve", "retention_curves_by", "roi_by_model", "search_labels", "search_table",
    "share_of", "shares", "short_labels", "simple_clv_by_channel", "simple_clv_table",
    "summary_table", "top_paths", "transition_wide", "unknown_without_inputs",
    "roi_table", "roi_headers", "campaign_roi", "label_no_campaign", "with_report_roi",
    "paid_average", "with_channel_roi",
]
