"""The client model: :class:`ClientData`, what a notebook holds (its settings, canonical tables,
warnings, data fingerprint and the engine that aggregates them).

:func:`roianalysis.data.load.load_client` builds it: it reads ``data/raw/<client>/``, validates it (:mod:`roianalysis.data.read`,
:mod:`roianalysis.data.validate`), and returns the client's canonical tables with its settings.
Validated tables are kept in the processed store (:mod:`roianalysis.data.store`:
``data/processed/<client>/`` as Parquet and a DuckDB file), rebuilt only when the content hash of
the raw files (and ``client.yml``) changes; ``data/raw`` is never written.

"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from roianalysis.data import store as processed
from roianalysis.data.config import ClientConfig
from roianalysis.errors import DataProblem

__all__ = ["ClientData"]


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
