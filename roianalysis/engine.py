"""The engine: where per-row work runs (DESIGN section 8).

Aggregations are written once as Ibis expressions (:mod:`roianalysis.aggregates`) and executed by
an Ibis backend: DuckDB, embedded, by default; PySpark (or any Ibis backend holding the same tables,
e.g. a warehouse) when the data outgrows one machine. Only small aggregates come back to pandas.

Timestamps are naive wall-clock times in the client's time zone on every backend, so period bounds
are plain timestamp literals and nothing depends on a backend's session time zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pandas as pd

from .schema import TABLES


class Engine:
    """A set of canonical tables on one Ibis backend.

    Parameters
    ----------
    con : ibis backend
        A connected Ibis backend (``ibis.duckdb.connect()``, ``ibis.pyspark.connect(session)``...).
    tables : mapping of str to ibis Table
        Canonical tables (``spend``, ``touchpoints``, ``leads``, ``orders``, ``nps``) on ``con``.
    """

    def __init__(self, con, tables: Mapping[str, ir.Table]):
        self.con = con
        self.tables = dict(tables)

    @property
    def backend(self) -> str:
        return self.con.name

    def has(self, name: str) -> bool:
        return name in self.tables

    def table(self, name: str) -> ir.Table:
        """The Ibis table ``name``; an empty table of the canonical schema when the client has none."""
        if name in self.tables:
            return self.tables[name]
        return ibis.memtable(empty_frame(name))

    def execute(self, expr: ir.Expr) -> pd.DataFrame | pd.Series:
        """Run an expression on the backend and return pandas."""
        return self.con.execute(expr)

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_frames(cls, frames: Mapping[str, pd.DataFrame], con=None, prefix: str = "") -> Engine:
        """Load pandas tables into a backend (a new in-memory DuckDB by default)."""
        con = con if con is not None else ibis.duckdb.connect()
        tables = {}
        for name, df in frames.items():
            mem = ibis.memtable(_engine_frame(df), schema=ibis_schema(df))
            tables[name] = con.create_table(f"{prefix}{name}", obj=mem, overwrite=True)
        return cls(con, tables)

    @classmethod
    def from_parquet(cls, files: Mapping[str, Path], con=None, materialize: bool = True) -> Engine:
        """Load Parquet files as tables of a backend (a new in-memory DuckDB by default).

        ``materialize=False`` exposes them as views read at query time (no copy; the files must
        stay in place while the engine is used).
        """
        con = con if con is not None else ibis.duckdb.connect()
        tables = {}
        for name, path in files.items():
            view = con.read_parquet(str(path), table_name=f"_{name}_file")
            tables[name] = con.create_table(name, obj=view, overwrite=True) if materialize else view
        return cls(con, tables)


def ibis_schema(df: pd.DataFrame) -> ibis.Schema:
    """Explicit types (text columns that are all empty are still strings)."""
    types = {}
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_datetime64_any_dtype(s):
            types[c] = "timestamp"
        elif pd.api.types.is_bool_dtype(s):
            types[c] = "boolean"
        elif pd.api.types.is_numeric_dtype(s):
            types[c] = "float64"
        else:
            types[c] = "string"
    return ibis.schema(types)


def empty_frame(name: str) -> pd.DataFrame:
    """A zero-row frame with the canonical columns and types of table ``name``."""
    spec = TABLES[name]
    cols = {}
    for c in spec.columns:
        if c.kind in ("date", "timestamp"):
            cols[c.name] = pd.Series([], dtype="datetime64[us]")
        elif c.kind in ("money", "signed_money", "count", "number", "score"):
            cols[c.name] = pd.Series([], dtype="float64")
        else:
            cols[c.name] = pd.Series([], dtype="object")
    return _engine_frame(pd.DataFrame(cols))


def _engine_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Types every backend reads the same way: str for text, float64, datetime64[us]."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[c]):
            out[c] = out[c].astype("datetime64[us]")
        elif pd.api.types.is_numeric_dtype(out[c]) and not pd.api.types.is_bool_dtype(out[c]):
            out[c] = out[c].astype("float64")
        else:
            out[c] = out[c].astype("object").where(out[c].notna(), None)
    return out


def spark_engine(frames: Mapping[str, pd.DataFrame], session=None) -> Engine:
    """The same tables on PySpark (local mode unless a session is given). Used by the tests."""
    from pyspark.sql import SparkSession

    session = session or (
        SparkSession.builder.master("local[2]")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    con = ibis.pyspark.connect(session)
    tables = {}
    for name, df in frames.items():
        sdf = session.createDataFrame(_engine_frame(df) if len(df) else empty_frame(name),
                                      schema=_spark_schema(name, df))
        sdf.createOrReplaceTempView(name)
        tables[name] = con.table(name)
    return Engine(con, tables)


def _spark_schema(name: str, df: pd.DataFrame):
    from pyspark.sql import types as T

    fields = []
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_datetime64_any_dtype(s):
            t = T.TimestampNTZType()
        elif pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            t = T.DoubleType()
        else:
            t = T.StringType()
        fields.append(T.StructField(c, t, True))
    return T.StructType(fields)
