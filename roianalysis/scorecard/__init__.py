"""A client's scorecard: each KPI against its objective, with significance, pacing of a running period and the next period's forecast."""
