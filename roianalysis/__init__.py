"""roianalysis: what each marketing channel and action really earned.

Entry points
------------
load_client(client, data_dir="data/raw") -> ClientData
kpis(data, period) -> pandas.Series of every scalar KPI (docs/design.md section 5)
funnel(data, period, by="channel") -> pandas.DataFrame of per-channel metrics
Period.parse("2026-Q3")
"""

from roianalysis.errors import (
    ConfigError,
    DataProblem,
    DataValidationError,
    PeriodError,
    RoiAnalysisError,
    UnknownClientError,
)

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


#: Public names imported on first use: ``import roianalysis`` (and so any of its command-line
#: entry points) does not load pandas or Ibis until something needs them; ``roianalysis render``
#: starts its kernel server first and imports the rest while the server imports.
_LAZY = {"ClientData": "data.client", "load_client": "data.load", "Period": "periods", "kpis": "metrics",
         "funnel": "metrics"}


def __getattr__(name):
    import importlib

    if name not in _LAZY:  # a submodule (``ra.metrics``) not imported yet: import it
        try:
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module 'roianalysis' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
