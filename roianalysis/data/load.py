"""Loading a client: :func:`load_client` reads ``data/raw/<client>/`` (through the processed
store when it holds the same raw files) and returns a :class:`~roianalysis.data.client.ClientData`.

The raw folder is read and validated by :mod:`roianalysis.data.read` (large files by
:mod:`roianalysis.engine_read`), the validated tables kept in the processed store
(:mod:`roianalysis.data.store`, ``data/processed/<client>/``: Parquet and a DuckDB file), rebuilt
only when the content hash of the raw files (and ``client.yml``) changes; ``data/raw`` is never
written. With ``engine="spark"`` the store is then opened by :mod:`roianalysis.spark`. This module
sits above all of them, so none of them needs another (no import cycle).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from roianalysis.data import store as processed
from roianalysis.data.client import ClientData
from roianalysis.data.config import load_config
from roianalysis.data.files import client_folder
from roianalysis.data.frames import as_canonical
from roianalysis.data.read import read_client_tables

__all__ = ["load_client"]


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
    from roianalysis.engine_read import choose_reader

    # tables the engine reads are written beside the store, then moved in
    stage = processed.stage_folder(root, client) if choose_reader(reader) != "pandas" else None
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
                tables = {n: t if isinstance(t, pd.DataFrame) else as_canonical(pd.read_parquet(t.path))
                          for n, t in tables.items()}
    finally:
        if stage is not None:
            processed.remove_tree(stage)
    return ClientData(client, config, tables, warnings, fingerprint,
                      root / client if written else None)
