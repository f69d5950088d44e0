"""The engine: where per-row work runs (docs/design.md section 8.1).

Aggregations are written once as Ibis expressions (:mod:`roianalysis.aggregates`) and executed by
an Ibis backend: DuckDB, embedded, by default; PySpark (or any Ibis backend holding the same tables,
e.g. a warehouse) when the data outgrows one machine. Only small aggregates come back to pandas.

Timestamps are naive wall-clock times in the client's time zone on every backend, so period bounds
are plain timestamp literals and nothing depends on a backend's session time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import duckdb
import ibis
import ibis.expr.types as ir
import pandas as pd

from roianalysis.schema import TABLES, column_type, frame_type


class Engine:
    """A set of canonical tables on one Ibis backend.

    Parameters
    ----------
    con : ibis backend
        A connected Ibis backend (``ibis.duckdb.connect()``, ``ibis.pyspark.connect(session)``...).
    tables : mapping of str to ibis Table
        Canonical tables (``spend``, ``touchpoints``, ``leads``, ``orders``, ``nps``) on ``con``.
    """

    #: Results up to this many rows are kept (by expression) and served again without a query.
    MEMO_ROWS = 50_000
    #: At most this many results are kept (the oldest go first).
    MEMO_SIZE = 512

    def __init__(self, con, tables: Mapping[str, ir.Table]):
        self.con = con
        self.tables = dict(tables)
        self._empty: dict[str, ir.Table] = {}
        self._memo: dict[object, object] = {}
        self.queries = 0  # expressions sent to the backend (memo hits excluded)
        #: Folder of the client's result cache (:mod:`roianalysis.data.cache`); ``None``: none.
        self.cache_dir: Path | None = None
        #: Fingerprint of the data this engine holds (:attr:`ClientData.fingerprint`): part of
        #: every result-cache key, and a result is written only into a store of the same data.
        self.data_fingerprint: str | None = None
        #: Tables derived from the canonical ones (name -> table): read from a store's database
        #: file (:meth:`from_duckdb`) or built and cached at first use (:meth:`derived_table`).
        self.derived: dict[str, ir.Table] = {}

    @property
    def backend(self) -> str:
        return self.con.name

    def has(self, name: str) -> bool:
        return name in self.tables

    def derived_table(self, name: str, build: Callable[[Engine], ir.Table]) -> ir.Table:
        """The derived table ``name``: the one this engine holds (:attr:`derived`), else
        ``build(self)`` cached by the backend (run once, reused by every later query) and kept."""
        if name not in self.derived:
            expr = build(self)
            try:
                expr = expr.cache()
            except Exception:  # backends without caching run the expression each time
                pass
            self.derived[name] = expr
        return self.derived[name]

    def table(self, name: str) -> ir.Table:
        """The Ibis table ``name``; an empty table of the canonical schema when the client has none."""
        if name in self.tables:
            return self.tables[name]
        if name not in self._empty:  # one per engine: equal expressions stay equal (memo)
            self._empty[name] = ibis.memtable(empty_frame(name))
        return self._empty[name]

    def execute(self, expr: ir.Expr) -> pd.DataFrame | pd.Series:
        """Run an expression on the backend and return pandas.

        The engine's tables never change, so an expression equal to one already run (Ibis
        expressions compare by structure) is answered from memory with a copy of the earlier
        result: notebooks ask for the same period's aggregates from several places, and compiling
        an expression costs more than running it on a client's data.
        """
        try:
            key = expr.op()
            hit = self._memo.get(key)
        except TypeError:  # an unhashable expression: just run it
            key, hit = None, None
        if hit is not None:
            return hit.copy() if hasattr(hit, "copy") else hit
        result = self.con.execute(expr)
        self.queries += 1
        if key is not None and (not hasattr(result, "__len__") or len(result) <= self.MEMO_ROWS):
            if len(self._memo) >= self.MEMO_SIZE:
                self._memo.pop(next(iter(self._memo)))
            self._memo[key] = result.copy() if hasattr(result, "copy") else result
        return result

    # ------------------------------------------------------------------ small questions
    def column_summary(self, name: str, column: str) -> dict:
        """``min``, ``max`` and ``count`` (non-missing values) of one column, in one query.

        ``min`` and ``max`` are ``None`` for a column without values (timestamps come back as
        :class:`pandas.Timestamp`). The notebooks ask this instead of reading a column into pandas.
        """
        t = self.table(name)
        c = t[column]
        row = self.execute(t.aggregate(lo=c.min(), hi=c.max(), n=c.count())).iloc[0]
        clean = lambda v: None if v is None or pd.isna(v) else v  # noqa: E731
        return {"min": clean(row["lo"]), "max": clean(row["hi"]), "count": int(row["n"])}

    def count_between(self, name: str, column: str, start, end) -> int:
        """Rows of table ``name`` with ``start <= column < end`` (timestamps), in one query."""
        t = self.table(name)
        lo, hi = (ibis.literal(pd.Timestamp(v).to_pydatetime()) for v in (start, end))
        return int(self.execute(t.filter((t[column] >= lo) & (t[column] < hi)).count()))

    def distinct_between(self, name: str, column: str, key: str, start, end) -> int:
        """Distinct non-missing ``key`` values of table ``name`` on rows with
        ``start <= column < end`` (timestamps), in one query: no row comes to pandas."""
        t = self.table(name)
        lo, hi = (ibis.literal(pd.Timestamp(v).to_pydatetime()) for v in (start, end))
        return int(self.execute(t.filter((t[column] >= lo) & (t[column] < hi))[key].nunique()))

    def daily(self, expr: ir.Table, column: str, value: str | None = None) -> pd.Series:
        """Per day of the timestamp ``column`` of ``expr``: the row count (``value=None``) or the
        sum of ``value`` (missing values count 0). Index: the days (naive ``datetime64``), sorted;
        days without rows are absent."""
        day = expr[column].truncate("D")
        agg = (expr.group_by(_day=day).aggregate(_v=expr.count()) if value is None
               else expr.group_by(_day=day).aggregate(_v=expr[value].sum()))
        df = self.execute(agg)
        days = pd.DatetimeIndex(pd.to_datetime(df["_day"]))
        if days.tz is not None:
            days = days.tz_localize(None)
        s = pd.Series(df["_v"].astype("float64").fillna(0.0).to_numpy(), index=days)
        return s[s.index.notna()].sort_index()

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


    @classmethod
    def from_duckdb(cls, path: Path, names: Sequence[str] | None = None,
                    derived: Sequence[str] = (), parquet_dir: Path | None = None) -> Engine:
        """Open a DuckDB database file read-only (several processes may share it).

        The tables ``names`` (default: every table not starting with ``_``, and every
        ``<name>.parquet`` beside the file) become the canonical tables: a table stored in the
        file, else the Parquet file ``<name>.parquet`` of the file's folder, read in place (a
        view of this connection: the file written by :func:`write_duckdb` holds only the derived
        tables). Each of ``derived`` whose table ``_<name>`` (written by :func:`write_duckdb`) is
        present becomes :attr:`derived` ``[name]``. ``parquet_dir``: where the Parquet files are
        read (default: the file's folder).
        """
        path = Path(path)
        con = ibis.duckdb.connect(str(path), read_only=True)
        _bound_memory(con)
        # (Ibis 12's list_tables calls a method DuckDB 2 removed: ask DuckDB directly)
        present = {r[0] for r in con.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        beside = {p.stem: p for p in Path(parquet_dir or path.parent).glob("*.parquet")}
        if names is None:
            names = sorted({n for n in present if not n.startswith("_")} | set(beside))
        missing = [n for n in names if n not in present and n not in beside]
        if missing:
            con.disconnect()
            raise KeyError(f"{path}: no table {', '.join(missing)}")
        tables = {}
        for n in names:
            if n in present:
                tables[n] = con.table(n)
            else:
                file = str(beside[n].resolve()).replace("'", "''")
                con.con.execute(f'CREATE TEMP VIEW "{n}" AS SELECT * FROM read_parquet(\'{file}\')')
                tables[n] = con.table(n)
        engine = cls(con, tables)
        engine.derived = {n: con.table(f"_{n}") for n in derived if f"_{n}" in present}
        return engine


#: Environment variable bounding the memory of a store's DuckDB engine (DuckDB's default is 80 %
#: of the machine's memory, which a notebook on 50M touchpoints reached with other processes).
MEMORY_ENV = "ROIANALYSIS_ENGINE_MEMORY"
DEFAULT_MEMORY = "4GB"


def _bound_memory(con) -> None:
    """``memory_limit`` of a DuckDB engine: ``$ROIANALYSIS_ENGINE_MEMORY`` or 4 GB; beyond it
    DuckDB spills to a folder of the system's temporary directory."""
    import os
    import tempfile

    limit = os.environ.get(MEMORY_ENV) or DEFAULT_MEMORY
    con.con.execute(f"SET memory_limit = '{limit}'")
    spill = Path(tempfile.gettempdir()) / f"roianalysis-duckdb-{os.getpid()}"
    con.con.execute(f"SET temp_directory = '{spill.as_posix()}'")


def write_duckdb(path: Path, files: Mapping[str, Path],
                 derived: Mapping[str, Callable[[Engine], ir.Table]] | None = None, *,
                 copy: bool = False, memory_limit: str | None = "1GB") -> None:
    """Write a new DuckDB database file ``path`` holding the ``derived`` tables (name ->
    function of an engine holding the Parquet ``files`` as tables), each as the table
    ``_<name>`` (:meth:`Engine.from_duckdb` reads them back).

    The Parquet files are read in place (``copy=True`` stores them in the file too); a file
    written without them is opened with :meth:`Engine.from_duckdb`, which reads the Parquet
    files beside it. ``memory_limit`` bounds DuckDB's memory while the derived tables are built
    (it spills to a temporary folder beside ``path`` beyond it); ``None``: DuckDB's default.
    """
    con = ibis.duckdb.connect(str(path))
    try:
        if memory_limit:
            con.con.execute(f"SET memory_limit = '{memory_limit}'")
        # the derived tables' row order means nothing: DuckDB may then spill its joins and windows
        con.con.execute("SET preserve_insertion_order = false")
        engine = Engine.from_parquet(files, con=con, materialize=copy)
        for name, build in (derived or {}).items():
            try:
                con.create_table(f"_{name}", obj=build(engine), overwrite=True)
            except duckdb.OutOfMemoryException:
                # within the limit one thread spills what two cannot (50M touchpoints in 1 GB)
                con.con.execute("SET threads = 1")
                con.create_table(f"_{name}", obj=build(engine), overwrite=True)
                con.con.execute("RESET threads")
        for name in files:
            con.drop_view(f"_{name}_file", force=True)
    finally:
        con.disconnect()


def ibis_schema(df: pd.DataFrame) -> ibis.Schema:
    """Explicit types (text columns that are all empty are still strings)."""
    return ibis.schema({c: frame_type(df[c], "ibis") for c in df.columns})


def empty_frame(name: str) -> pd.DataFrame:
    """A zero-row frame with the canonical columns and types of table ``name``."""
    spec = TABLES[name]
    cols = {c.name: pd.Series([], dtype=column_type(c.kind, "pandas")) for c in spec.columns}
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
