"""roianalysis: what each marketing channel and action really earned.

Entry points
------------
load_client(client, data_dir="data/raw") -> ClientData
kpis(data, period) -> pandas.Series of every scalar KPI (DESIGN section 5)
funnel(data, period, by="channel") -> pandas.DataFrame of per-channel metrics
Period.parse("2026-Q3")
"""

from .data import ClientData, load_client
from .errors import (
    ConfigError,
    DataProblem,
    DataValidationError,
    PeriodError,
    RoiAnalysisError,
    UnknownClientError,
)
from .periods import Period

__all__ = [
    "ClientData",
    "ConfigError",
    "DataProblem",
    "DataValidationError",
    "Period",
    "PeriodError",
    "RoiAnalysisError",
    "UnknownClientError",
    "funnel",
    "kpis",
    "load_client",
]
__version__ = "0.1.0"


def __getattr__(name):  # lazy: importing the package stays fast (Ibis loads on first KPI)
    if name in ("kpis", "funnel"):
        from . import metrics as _k

        return getattr(_k, name)
    raise AttributeError(name)
