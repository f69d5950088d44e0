"""The client model: :class:`ClientData` (what a notebook holds) and :func:`load_client`.

``load_client`` reads ``data/raw/<client>/``, validates it (:mod:`roianalysis.data.read`,
:mod:`roianalysis.data.validate`), and returns the client's canonical tables with its settings.
Validated tables are kept in the processed store (:mod:`roianalysis.data.store`:
``data/processed/<client>/`` as Parquet and a DuckDB file), rebuilt only when the content hash of
the raw files (and ``client.yml``) changes; ``data/raw`` is never written.

``load_client`` lives here, not in the store: it builds a :class:`ClientData`, and the store is a
cache it may go without (``processed_dir=None``), so the store never needs the client model
(``client -> store -> read``, no cycle).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from roianalysis.data import store as processed
from roianalysis.data.config import ClientConfig, load_config
from roianalysis.data.read import client_folder, read_client_tables
from roianalysis.errors import DataProblem

__all__ = ["ClientData", "load_client"]


@dataclass
class ClientData:
    """Everything known about one client.

    Attributes
    ----------
    client : str
        Folder name of the client.
    config : ClientConfig
        Validated ``client.yml``.
    tables : mapping of str to DataFrame
        Canonical tables (see :mod:`roianalysis.schema`); absent optional tables are absent keys.
        Loaded from the processed store, a :class:`~roianalysis.data.store.StoredTables` that reads each on first use.
    warnings : list of DataProblem
        Problems that did not stop the analysis (shown in reports).
    fingerprint : str
        SHA-256 (hex, first 16 chars) of the raw inputs; printed in every report's footer.
    """

    client: str
    config: ClientConfig
    tables: Mapping[str, pd.DataFrame]
    warnings: list[DataProblem] = field(default_factory=list)
    fingerprint: str = ""
    store: Path | None = None  # processed Parquet folder these tables were read from / written to

    def has(self, table: str) -> bool:
        """True when the client has a non-empty ``table`` (without reading a stored one)."""
        if table not in self.tables:
            return False
        if isinstance(self.tables, processed.StoredTables):
            return self.tables.rows(table) > 0
        return len(self.tables[table]) > 0

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]

    def columns(self, table: str) -> list[str]:
        """Column names of ``table`` (from the store, without reading it)."""
        if isinstance(self.tables, processed.StoredTables):
            return self.tables.columns(table)
        return list(self.tables[table].columns)

    def column(self, table: str, column: str) -> pd.Series:
        """One column of ``table`` (from the store, only that column is read)."""
        if isinstance(self.tables, processed.StoredTables):
            return self.tables.column(table, column)
        return self.tables[table][column]

    @cached_property
    def engine(self):
        """The tables on the default engine (embedded DuckDB), built on first use."""
        from roianalysis.engine import Engine

        if self.store is not None and processed.store_fingerprint(self.store) == self.fingerprint:
            # the store still holds the data this object read (not a newer one written since)
            engine = processed.open_engine_file(self.store, list(self.tables), self.fingerprint)
            if engine is not None:
                return engine
            files = {name: self.store / f"{name}.parquet" for name in self.tables}
            if all(p.exists() for p in files.values()):
                try:  # DuckDB reads its own Parquet faster than it copies pandas frames
                    return Engine.from_parquet(files)
                except Exception:  # a store replaced under our feet: use the frames
                    pass
        return Engine.from_frames(self.tables)

    @cached_property
    def channels(self) -> list[str]:
        """Every channel seen in spend, touchpoints or leads, sorted (computed once)."""
        seen: set[str] = set(self.config.channels)
        for t in ("spend", "touchpoints", "leads", "traffic"):
            if t in self.tables:
                if isinstance(self.tables, processed.StoredTables):
                    seen |= self.tables.distinct(t, "channel")
                else:
                    seen |= set(self.tables[t]["channel"].dropna().unique())
        return sorted(seen)

    @classmethod
    def from_frames(cls, tables: dict[str, pd.DataFrame], config: ClientConfig | None = None,
                    client: str = "test") -> ClientData:
        """Validate in-memory tables as if they had been read from files (tests, notebooks)."""
        from roianalysis.data.config import parse_config
        from roianalysis.data.validate import validate_table
        from roianalysis.errors import DataValidationError
        from roianalysis.schema import TABLES

        config = config or parse_config({}, client)
        out, problems = {}, []
        for name in [t for t in TABLES if t != "objectives"] + ["objectives"]:
            if name not in tables:
                continue
            known = None
            if name == "objectives":
                known = set(config.channels)
                for t in ("spend", "touchpoints", "leads", "traffic"):
                    if t in out:
                        known |= set(out[t]["channel"].dropna().unique())
            check = validate_table(tables[name], TABLES[name], f"<{name}>", config, known)
            problems += check.problems
            if check.frame is not None:
                out[name] = check.frame
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise DataValidationError(problems)
        return cls(client, config, out, problems, fingerprint=_frames_hash(out))



def _frames_hash(tables: dict[str, pd.DataFrame]) -> str:
    h = hashlib.sha256()
    for name in sorted(tables):
        h.update(name.encode())
        h.update(pd.util.hash_pandas_object(tables[name], index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]



def load_client(client: str, data_dir: str | Path = "data/raw",
                processed_dir: str | Path | None = "auto", engine: str | None = None, *,
                reader: str | None = None) -> ClientData:
    """Load, validate and normalize a client's data.

    Parameters
    ----------
    client : str
        Folder name under ``data_dir``.
    data_dir : path
        Folder holding one folder per client (default ``data/raw``). Never written.
    processed_dir : path, None or "auto"
        Where the validated Parquet store lives. ``"auto"``: ``data/processed`` when ``data_dir``
        is a folder named ``raw``; ``None``: no store.
    engine : ``"duckdb"``, ``"spark"`` or None
        Where the aggregates run. ``None``: the environment variable ``ROIANALYSIS_ENGINE``, else
        ``duckdb``. ``spark``: the store's Parquet files are read by Spark
        (:func:`roianalysis.spark.open_store`; the session of :func:`roianalysis.spark.spark_session`).
    reader : {"auto", "engine", "pandas"}, optional
        Who reads the raw CSV / Parquet files (default: the environment variable
        ``ROIANALYSIS_READER``, else ``"auto"``: DuckDB for files from 20 MB, pandas below; the
        same problems and tables either way, see :mod:`roianalysis.engine_read`). Tables read by
        DuckDB go to the store as Parquet without passing through pandas.

    Raises
    ------
    UnknownClientError, ConfigError, DataValidationError
        With the file, row/column and what was expected.
    """
    from roianalysis.spark import engine_name

    if engine_name(engine) == "spark":
        from roianalysis.spark import open_store

        return open_store(load_client(client, data_dir, processed_dir, engine="duckdb", reader=reader))
    data_dir = Path(data_dir)
    folder = client_folder(client, data_dir)
    root = processed.default_processed_dir(data_dir) if processed_dir == "auto" else (
        Path(processed_dir) if processed_dir is not None else None)
    stats = processed.raw_stats(folder)
    known = processed.known_fingerprint(root / client, stats) if root is not None else None
    fingerprint = known or processed.raw_fingerprint(folder)
    if root is not None:
        cached = processed.read_store(root / client, fingerprint)
        if cached is not None:
            if known is None:  # same content, new times (a copy, a touch): remember them
                processed.remember_stats(root / client, stats)
            tables, warnings = cached
            processed.refresh_engine_file(root / client, list(tables))
            config = load_config(folder, client)
            return ClientData(client, config, tables, warnings, fingerprint, root / client)
    stage = processed.stage_folder(root, client, reader)
    try:
        config, tables, warnings, _files = read_client_tables(
            client, data_dir, salt=processed.client_salt(root, client), reader=reader, stage=stage)
        written = False
        if root is not None:
            written = processed.write_store(root / client, tables, warnings, fingerprint, stats)
        if any(not isinstance(t, pd.DataFrame) for t in tables.values()):
            if written:  # tables read by the engine: read from the store on first use
                tables = processed.StoredTables(root / client, list(tables))
            else:
                tables = {n: t if isinstance(t, pd.DataFrame) else processed._as_canonical(pd.read_parquet(t.path))
                          for n, t in tables.items()}
    finally:
        if stage is not None:
            processed.remove_tree(stage)
    return ClientData(client, config, tables, warnings, fingerprint,
                      root / client if written else None)
