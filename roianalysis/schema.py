"""The data contract: canonical tables, their columns and types (docs/design.md section 3.1).

After loading, every table is a pandas DataFrame with exactly the canonical columns below, in this
order. Timestamps are naive ``datetime64`` wall-clock times in the client's time zone; ids and
names are strings; amounts are floats in the client's currency.
"""

from __future__ import annotations

from dataclasses import dataclass

# Sentinels: values the package writes where a real name is missing or stands for a group. Every
# module compares with these names, never with the literal text (reports translate them through
# :func:`roianalysis.report.texts.channel_label`).

#: Channel of a contact or order nothing ties to a channel.
UNKNOWN_CHANNEL = "(unknown)"
#: Campaign of a row without one (and the default of every ``campaign`` column).
NO_CAMPAIGN = "(none)"
#: Index label of the all-channels row of a per-channel table.
ALL_CHANNELS = "(all channels)"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "date", "timestamp", "text", "id", "money", "count", "score", "number", "rate",
    #            "period", "metric", "channel", "channel_optional", "category", "signed_money"
    required: bool = True
    default: object = None


#: The type each column type is kept as once validated: ``timestamp`` (naive wall-clock time in
#: the client's time zone, microseconds), ``float64`` (amounts, counts, shares) or ``string``.
KIND_TYPES: dict[str, str] = {
    "date": "timestamp", "timestamp": "timestamp",
    **{k: "float64" for k in ("money", "signed_money", "count", "number", "score", "rate")},
    **{k: "string" for k in ("text", "id", "period", "metric", "channel", "channel_optional",
                             "category")},
}

#: The one spelling of each kept type in each system that holds the tables: pandas dtype, Arrow
#: type alias (``pyarrow.type_for_alias``), DuckDB SQL type, Ibis type.
TYPE_NAMES: dict[str, dict[str, str]] = {
    "timestamp": {"pandas": "datetime64[us]", "arrow": "timestamp[us]", "duckdb": "TIMESTAMP",
                  "ibis": "timestamp"},
    "float64": {"pandas": "float64", "arrow": "double", "duckdb": "DOUBLE", "ibis": "float64"},
    "string": {"pandas": "object", "arrow": "string", "duckdb": "VARCHAR", "ibis": "string"},
    "boolean": {"pandas": "bool", "arrow": "bool", "duckdb": "BOOLEAN", "ibis": "boolean"},
}


def column_type(kind: str, system: str | None = None) -> str:
    """The kept type of a column type (:data:`KIND_TYPES`; ``string`` for any other), or its
    spelling in ``system`` (``pandas``, ``arrow``, ``duckdb``, ``ibis``: :data:`TYPE_NAMES`)."""
    kept = KIND_TYPES.get(kind, "string")
    return kept if system is None else TYPE_NAMES[kept][system]


def frame_type(values, system: str | None = None) -> str:
    """The kept type of a pandas column (a canonical table's, or any frame's: datetimes are
    ``timestamp``, booleans ``boolean``, other numbers ``float64``, anything else ``string``), or
    its spelling in ``system`` (:data:`TYPE_NAMES`)."""
    from pandas.api import types as pdt

    if pdt.is_datetime64_any_dtype(values):
        kept = "timestamp"
    elif pdt.is_bool_dtype(values):
        kept = "boolean"
    elif pdt.is_numeric_dtype(values):
        kept = "float64"
    else:
        kept = "string"
    return kept if system is None else TYPE_NAMES[kept][system]


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Column, ...]
    required: bool
    unique: tuple[str, ...] = ()  # columns that must be unique (error)
    grain: tuple[str, ...] = ()  # the documented grain: duplicates are a warning
    #: groups of optional columns of which each row needs at least one (``("query", "page")``)
    one_of: tuple[tuple[str, ...], ...] = ()

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


TABLES: dict[str, TableSpec] = {
    "spend": TableSpec(
        "spend",
        (
            Column("date", "date"),
            Column("channel", "channel"),
            Column("cost", "money"),
            Column("campaign", "text", False, NO_CAMPAIGN),
            Column("category", "category", False, "media"),
            Column("impressions", "count", False),
            Column("clicks", "count", False),
        ),
        required=True,
        grain=("date", "channel", "campaign", "category"),
    ),
    "touchpoints": TableSpec(
        "touchpoints",
        (
            Column("contact_id", "id"),
            Column("timestamp", "timestamp"),
            Column("channel", "channel"),
            Column("campaign", "text", False, NO_CAMPAIGN),
            Column("source", "text", False),
            Column("medium", "text", False),
        ),
        required=False,
    ),
    "leads": TableSpec(
        "leads",
        (
            Column("contact_id", "id"),
            Column("created_at", "timestamp"),
            Column("channel", "channel_optional", False),
            Column("owner", "text", False),
            Column("segment", "text", False),
        ),
        required=False,
        unique=("contact_id",),
    ),
    "orders": TableSpec(
        "orders",
        (
            Column("order_id", "id"),
            Column("contact_id", "id"),
            Column("ordered_at", "timestamp"),
            Column("revenue", "signed_money"),
            Column("margin", "signed_money", False),
        ),
        required=False,
        unique=("order_id",),
    ),
    "nps": TableSpec(
        "nps",
        (
            Column("answered_at", "timestamp"),
            Column("score", "score"),
            Column("contact_id", "id", False),
        ),
        required=False,
    ),
    "objectives": TableSpec(
        "objectives",
        (
            Column("period", "period"),
            Column("metric", "metric"),
            Column("target", "number"),
            Column("channel", "channel_optional", False),
            Column("campaign", "text", False),
            Column("owner", "text", False),
        ),
        required=False,
    ),
    "traffic": TableSpec(
        "traffic",
        (
            Column("date", "date"),
            Column("channel", "channel"),
            Column("source", "text", False),
            Column("medium", "text", False),
            Column("campaign", "text", False, NO_CAMPAIGN),
            Column("sessions", "count", False),
            Column("engaged_sessions", "count", False),
            Column("users", "count", False),
            Column("new_users", "count", False),
            Column("key_events", "count", False),
            Column("revenue", "signed_money", False),
        ),
        required=False,
        grain=("date", "channel", "source", "medium", "campaign"),
    ),
    "search": TableSpec(
        "search",
        (
            Column("query", "text", False),
            Column("page", "text", False),
            Column("clicks", "count"),
            Column("impressions", "count"),
            Column("date", "date", False),
            Column("ctr", "rate", False),
            Column("position", "number", False),
        ),
        required=False,
        one_of=(("query", "page"),),
    ),
    "experiments": TableSpec(
        "experiments",
        (
            Column("channel", "channel"),
            Column("start", "date"),
            Column("end", "date"),
            Column("incremental", "number"),
            Column("standard_error", "number", False),
            Column("outcome", "text", False),
        ),
        required=False,
    ),
}

#: Spend categories that count as marketing cost (everything except ``sales``).
SALES_CATEGORY = "sales"
