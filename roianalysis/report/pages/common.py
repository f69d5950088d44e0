"""Helpers shared by the sentence modules."""

from __future__ import annotations

import numpy as np

from roianalysis.report.context import Report, Safe, escape_markdown
from roianalysis.report.format import format_delta, is_missing


def relative_gap(value: float, reference: float) -> float:
    """``value / reference - 1`` (NaN when either is missing or the reference is 0)."""
    if is_missing(value) or is_missing(reference) or reference == 0:
        return np.nan
    return float(value) / float(reference) - 1.0


def delta_text(rep: Report, metric: str, now: float, ref: float) -> Safe:
    from roianalysis.catalog import METRICS

    return Safe(escape_markdown(format_delta(now, ref, METRICS[metric].unit, rep.currency, rep.lang)))
