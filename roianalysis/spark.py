"""Spark: a client's canonical tables read by Spark from Parquet (or Delta) files, never through pandas.

``load_client(client, engine="spark")`` (or ``ROIANALYSIS_ENGINE=spark`` in the environment, which
``roianalysis render --engine spark`` sets for its kernels) loads the client as usual, which
writes or reuses its processed store ``data/processed/<client>/*.parquet``, then opens those
Parquet files with ``spark.read.parquet``: the rows are read by Spark's executors, not by this
process. :func:`open_lake` does the same for Parquet or Delta paths given explicitly (a data lake:
``s3a://``, ``abfss://``, ``hdfs://``, ``dbfs:/``...).

The per-contact table is built in Spark by the same Ibis expressions as on DuckDB
(:func:`roianalysis.metrics.contacts_table`), and every aggregate runs there; only small aggregates
come back to pandas. What the notebooks ask of a :class:`~roianalysis.data.client.ClientData` besides
aggregates (which tables exist, row counts, column names, channels) is answered by
:class:`SparkTables` from the files' metadata or from one Spark aggregate, never by reading a
whole table into pandas.

Which Spark
-----------
:func:`spark_session`, in order: the session already active in this process (``spark-submit``,
a notebook on a cluster, Databricks); a Spark Connect server when ``remote=`` or the environment
variable ``SPARK_REMOTE`` gives its URL (``sc://host:15002``); the master set by ``spark-submit``
(``--master yarn``, ``k8s://...``); else ``ROIANALYSIS_SPARK_MASTER`` or ``local[2]``.

Timestamps
----------
The store holds naive wall-clock times in the client's time zone (Parquet ``TIMESTAMP`` without
UTC adjustment), which Spark reads as ``TIMESTAMP_NTZ``: nothing depends on the session time zone.
A lake file holding instants (``TIMESTAMP`` adjusted to UTC, Spark's ``TimestampType``) is
converted to the wall clock of the client's time zone, as the raw-file reader does.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path

import pandas as pd

from roianalysis.data.client import ClientData
from roianalysis.data.frames import as_canonical as _as_canonical
from roianalysis.errors import DataProblem, DataValidationError, RoiAnalysisError
from roianalysis.schema import TABLES, column_type

#: Environment variable naming the engine :func:`roianalysis.load_client` uses by default.
ENGINE_ENV = "ROIANALYSIS_ENGINE"
#: Engines :func:`roianalysis.load_client` knows.
ENGINES = ("duckdb", "spark")
#: Environment variable naming the Spark master when no session or Spark Connect URL is given.
MASTER_ENV = "ROIANALYSIS_SPARK_MASTER"

_views = itertools.count()


def engine_name(engine: str | None = None) -> str:
    """The engine to load a client on: ``engine`` when given, else the environment variable
    ``ROIANALYSIS_ENGINE``, else ``duckdb``.

    Raises
    ------
    RoiAnalysisError
        For an engine other than ``duckdb`` or ``spark``.
    """
    name = engine if engine is not None else (os.environ.get(ENGINE_ENV) or "duckdb")
    name = str(name).strip().lower()
    if name not in ENGINES:
        where = f" (environment variable {ENGINE_ENV})" if engine is None else ""
        raise RoiAnalysisError(f"unknown engine {name!r}{where}: choose among {', '.join(ENGINES)}")
    return name


def spark_session(remote: str | None = None, master: str | None = None,
                  conf: Mapping[str, str] | None = None):
    """The Spark session to run on (see the module's docstring for the order of choices).

    Parameters
    ----------
    remote : str, optional
        Spark Connect URL (``sc://host:15002``); default the ``SPARK_REMOTE`` environment variable.
    master : str, optional
        Master of a new classic session (``local[4]``, ``yarn``, ``spark://host:7077``); default
        ``ROIANALYSIS_SPARK_MASTER`` or ``local[2]``, unless ``spark-submit`` set one.
    conf : mapping, optional
        Extra Spark settings of a new session.
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and remote is None and master is None:
        return active
    remote = remote or os.environ.get("SPARK_REMOTE")
    if remote:
        builder = SparkSession.builder.remote(remote)
    else:
        builder = SparkSession.builder
        # spark-submit (and the pyspark shell) start the JVM and set the master themselves
        launched = "PYSPARK_GATEWAY_PORT" in os.environ
        if master or not launched:
            builder = builder.master(master or os.environ.get(MASTER_ENV) or "local[2]")
        if not launched:  # a local session: no web UI, few shuffle partitions for small data
            builder = (builder.config("spark.ui.enabled", "false")
                       .config("spark.sql.shuffle.partitions", "4"))
    builder = builder.appName("roianalysis")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    return session


class SparkTables(Mapping):
    """A client's canonical tables as Spark DataFrames, read-only.

    A mapping of table name to table, like :class:`roianalysis.data.store.StoredTables`, whose cheap
    questions are answered without reading rows into pandas: :meth:`rows` (Parquet metadata of a
    local store; else one Spark count), :meth:`columns` (the Spark schema), :meth:`distinct` (one
    Spark aggregate). Indexing (``tables["objectives"]``) and :meth:`column` do bring rows into
    pandas: the code paths of the reports use them only for small tables (objectives, search);
    :attr:`pulled` records which tables were pulled so that tests can check it.
    """

    def __init__(self, frames: Mapping[str, object], engine, rows: Mapping[str, int] | None = None):
        self._frames = dict(frames)  # name -> pyspark DataFrame
        self.engine = engine
        self._rows = dict(rows or {})
        self._distinct: dict[tuple[str, str], set] = {}
        self._pandas: dict[str, pd.DataFrame] = {}
        #: Tables (or ``table.column``) brought into pandas, in order.
        self.pulled: list[str] = []

    def frame(self, name: str):
        """The Spark DataFrame of table ``name``."""
        return self._frames[name]

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            raise KeyError(name)
        if name not in self._pandas:
            self.pulled.append(name)
            self._pandas[name] = _pandas(self.engine.execute(self.engine.table(name)))
        return self._pandas[name]

    def __contains__(self, name: object) -> bool:
        return name in self._frames

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def __repr__(self) -> str:
        return f"SparkTables({', '.join(self._frames)})"

    def rows(self, name: str) -> int:
        """Rows of table ``name`` (Parquet metadata when known, else one Spark count)."""
        if name not in self._rows:
            self._rows[name] = int(self._frames[name].count())
        return self._rows[name]

    def columns(self, name: str) -> list[str]:
        """Column names of table ``name``, from the Spark schema."""
        return list(self._frames[name].columns)

    def column(self, name: str, column: str) -> pd.Series:
        """One column in pandas (every row of it: meant for small tables)."""
        if name in self._pandas:
            return self._pandas[name][column]
        self.pulled.append(f"{name}.{column}")
        t = self.engine.table(name)
        return _pandas(self.engine.execute(t.select(column)))[column]

    def distinct(self, name: str, column: str) -> set:
        """Distinct non-missing values of one column (one Spark aggregate)."""
        key = (name, column)
        if key not in self._distinct:
            t = self.engine.table(name)
            values = self.engine.execute(t.select(column).filter(t[column].notnull()).distinct())
            self._distinct[key] = set(values[column])
        return self._distinct[key]


def _pandas(df: pd.DataFrame) -> pd.DataFrame:
    """Spark's pandas result in the canonical form (object text with ``None``, datetime64)."""
    return _as_canonical(df)


def spark_tables_engine(paths: Mapping[str, str | Path], session=None, *, fmt: str = "parquet",
                        timezone: str = "UTC", rows: Mapping[str, int] | None = None):
    """Open Parquet (or Delta) files as canonical tables of a Spark engine.

    Parameters
    ----------
    paths : mapping of str to path or URL
        Table name (``spend``, ``touchpoints``...) -> Parquet file or folder, or Delta table.
    session : SparkSession, optional
        Default :func:`spark_session`.
    fmt : ``"parquet"`` or ``"delta"``
        How the files are read (Delta needs the ``delta-spark`` package on the session).
    timezone : str
        The client's time zone: instants (Spark ``TimestampType``) become its wall-clock time.
    rows : mapping, optional
        Known row counts (from Parquet metadata) so that none is counted by Spark.

    Returns
    -------
    (Engine, SparkTables)

    Raises
    ------
    DataValidationError
        A table without one of its required canonical columns, or with a column of the wrong
        type, naming the path, the column and what was expected.
    """
    import ibis

    from roianalysis.engine import Engine

    if fmt not in ("parquet", "delta"):
        raise RoiAnalysisError(f"unknown format {fmt!r}: choose parquet or delta")
    unknown = [n for n in paths if n not in TABLES]
    if unknown:
        raise RoiAnalysisError(f"unknown table {', '.join(unknown)}: choose among {', '.join(TABLES)}")
    session = session if session is not None else spark_session()
    con = ibis.pyspark.connect(session)
    prefix = f"roianalysis_{next(_views)}_"  # several clients in one session do not collide
    frames, tables, problems = {}, {}, []
    for name, path in paths.items():
        reader = session.read.format("delta") if fmt == "delta" else session.read
        sdf = reader.load(str(path)) if fmt == "delta" else reader.parquet(str(path))
        sdf, found = _canonical_frame(sdf, name, str(path), timezone)
        problems += found
        frames[name] = sdf
    if problems:
        raise DataValidationError(problems)
    for name, sdf in frames.items():
        view = f"{prefix}{re.sub(r'[^0-9A-Za-z_]', '_', name)}"
        sdf.createOrReplaceTempView(view)
        tables[name] = con.table(view)
    engine = Engine(con, tables)
    return engine, SparkTables(frames, engine, rows)


def _canonical_frame(sdf, name: str, path: str, timezone: str):
    """The canonical columns of table ``name`` with canonical Spark types (absent optional
    columns as nulls), plus the problems found (missing required columns, wrong types)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    spec = TABLES[name]
    present = {f.name: f.dataType for f in sdf.schema.fields}
    problems, cols = [], []
    for c in spec.columns:
        kept = column_type(c.kind)
        want, label = {"timestamp": (T.TimestampNTZType(), "a timestamp (or date)"),
                       "float64": (T.DoubleType(), "a number"),
                       "string": (T.StringType(), "text")}[kept]
        if c.name not in present:
            if c.required:
                problems.append(DataProblem(path, f"no column '{c.name}': table {name} needs it",
                                            c.name, code="missing_column"))
            else:
                cols.append(F.lit(None).cast(want).alias(c.name))
            continue
        got = present[c.name]
        col = F.col(f"`{c.name}`")
        if kept == "timestamp":
            if isinstance(got, T.TimestampType):  # an instant: the client's wall clock
                col = F.from_utc_timestamp(F.to_utc_timestamp(col, _session_tz(sdf)), timezone)
                col = col.cast(T.TimestampNTZType())
            elif isinstance(got, (T.TimestampNTZType, T.DateType)):
                col = col.cast(T.TimestampNTZType())
            else:
                problems.append(DataProblem(path, f"expected {label}, got {got.simpleString()}",
                                            c.name, code="bad_type"))
                continue
        elif kept == "float64":
            if not isinstance(got, T.NumericType):
                problems.append(DataProblem(path, f"expected {label}, got {got.simpleString()}",
                                            c.name, code="bad_type"))
                continue
            col = col.cast(want)
        elif not isinstance(got, T.StringType):
            col = col.cast(want)
        cols.append(col.alias(c.name))
    return sdf.select(*cols), problems


def _session_tz(sdf) -> str:
    try:
        return sdf.sparkSession.conf.get("spark.sql.session.timeZone") or "UTC"
    except Exception:  # a session without the setting
        return "UTC"


def open_store(data, session=None):
    """``data`` (a :class:`~roianalysis.data.client.ClientData` loaded with a processed store) on Spark:
    a :class:`SparkClientData` whose tables Spark reads from the store's Parquet files.

    Raises
    ------
    RoiAnalysisError
        When ``data`` has no processed store (``processed_dir=None``, a read-only folder).
    """
    if data.store is None:
        raise RoiAnalysisError(
            f"client {data.client}: the Spark engine reads the processed Parquet store, and this "
            "load has none (processed_dir=None or a folder that cannot be written)")
    names = list(data.tables)
    files = {n: data.store / f"{n}.parquet" for n in names}
    stored = hasattr(data.tables, "rows")  # a store read back; else the frames just written
    rows = {n: data.tables.rows(n) if stored else len(data.tables[n]) for n in names}
    engine, tables = spark_tables_engine({n: p.resolve() for n, p in files.items()}, session,
                                         timezone=data.config.timezone, rows=rows)
    return SparkClientData(data.client, data.config, tables, data.warnings, data.fingerprint,
                           data.store)


def open_lake(client: str, paths: Mapping[str, str | Path], config=None, *, session=None,
              fmt: str = "parquet", fingerprint: str = ""):
    """A client whose canonical tables already live on a lake, as Parquet or Delta.

    Parameters
    ----------
    client : str
        Client name (reports and footers).
    paths : mapping of str to path or URL
        Table name -> Parquet file / folder or Delta table (``s3a://bucket/shop/orders/``...).
        The tables hold the canonical columns (see :mod:`roianalysis.schema`), already validated.
    config : ClientConfig, optional
        The client's settings (``roianalysis.data.config.load_config``); default all defaults.
    session : SparkSession, optional
        Default :func:`spark_session`.
    fmt : ``"parquet"`` or ``"delta"``
    fingerprint : str
        Shown in the reports' footer (e.g. the Delta version read).
    """
    from roianalysis.data.config import parse_config

    config = config or parse_config({}, client)
    _engine, tables = spark_tables_engine(paths, session, fmt=fmt, timezone=config.timezone)
    return SparkClientData(client, config, tables, [], fingerprint, None)


class SparkClientData(ClientData):
    """A :class:`~roianalysis.data.client.ClientData` on Spark (built by :func:`open_store` and
    :func:`open_lake`): ``tables`` is a :class:`SparkTables` and ``engine`` its Spark engine."""

    @cached_property
    def engine(self):
        return self.tables.engine

    def has(self, table: str) -> bool:
        return table in self.tables and self.tables.rows(table) > 0

    def columns(self, table: str) -> list[str]:
        return self.tables.columns(table)

    def column(self, table: str, column: str) -> pd.Series:
        return self.tables.column(table, column)

    @cached_property
    def channels(self) -> list[str]:
        """Every channel seen in spend, touchpoints, leads or traffic (one Spark query each)."""
        seen: set[str] = set(self.config.channels)
        for t in ("spend", "touchpoints", "leads", "traffic"):
            if t in self.tables:
                seen |= self.tables.distinct(t, "channel")
        return sorted(seen)
