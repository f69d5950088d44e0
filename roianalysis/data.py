"""A client's validated data: :class:`ClientData` and :func:`load_client`.

``load_client`` reads ``data/raw/<client>/``, validates it (:mod:`roianalysis.io`), and keeps the
canonical tables in ``data/processed/<client>/`` as Parquet, rebuilt only when the content hash of
the raw files (and ``client.yml``) changes. ``data/raw`` is never written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from .config import ClientConfig, load_config
from .errors import DataProblem
from .io import EXPORTS_FOLDER, client_folder, read_client_tables, table_files

#: Bump when the canonical form changes, so processed stores are rebuilt.
SCHEMA_VERSION = 5  # 5: traffic, search, experiments tables; exports read

#: The store's DuckDB database: the canonical tables plus the per-contact table, ready to query.
#: Its name holds the data's fingerprint (:func:`engine_file_name`; the manifest names it):
#: DuckDB keeps one database per file path in a process, so a process that opened the old data's
#: file under the same name would be served the old data again after the store was replaced.
ENGINE_FILE = "engine.duckdb"


def engine_file_name(fingerprint: str, derived: str | None = None) -> str:
    """``engine-<fingerprint>.duckdb`` (``-<derived>`` added when rewritten by newer code)."""
    return f"engine-{fingerprint}{'-' + derived if derived else ''}.duckdb"

#: Folder of the store holding computed aggregates (:mod:`roianalysis.resultcache`).
CACHE_DIR = "cache"


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
        Loaded from the processed store, a :class:`StoredTables` that reads each on first use.
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
        if isinstance(self.tables, StoredTables):
            return self.tables.rows(table) > 0
        return len(self.tables[table]) > 0

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]

    def columns(self, table: str) -> list[str]:
        """Column names of ``table`` (from the store, without reading it)."""
        if isinstance(self.tables, StoredTables):
            return self.tables.columns(table)
        return list(self.tables[table].columns)

    def column(self, table: str, column: str) -> pd.Series:
        """One column of ``table`` (from the store, only that column is read)."""
        if isinstance(self.tables, StoredTables):
            return self.tables.column(table, column)
        return self.tables[table][column]

    @cached_property
    def engine(self):
        """The tables on the default engine (embedded DuckDB), built on first use."""
        from .engine import Engine

        if self.store is not None and store_fingerprint(self.store) == self.fingerprint:
            # the store still holds the data this object read (not a newer one written since)
            engine = _open_engine_file(self.store, list(self.tables), self.fingerprint)
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
                if isinstance(self.tables, StoredTables):
                    seen |= self.tables.distinct(t, "channel")
                else:
                    seen |= set(self.tables[t]["channel"].dropna().unique())
        return sorted(seen)

    @classmethod
    def from_frames(cls, tables: dict[str, pd.DataFrame], config: ClientConfig | None = None,
                    client: str = "test") -> ClientData:
        """Validate in-memory tables as if they had been read from files (tests, notebooks)."""
        from .config import parse_config
        from .errors import DataValidationError
        from .io import validate_table
        from .schema import TABLES

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


class StoredTables(Mapping):
    """A client's canonical tables in its processed store, each read on first use.

    Every Parquet file is opened when the store is loaded, so a store replaced later (new raw
    data, another process) does not change what this object reads: it keeps the version it was
    loaded from. Row counts and distinct values come from the files without reading the tables.
    """

    def __init__(self, folder: Path, names: list[str]):
        import pyarrow.parquet as pq

        self._files = {name: pq.ParquetFile(folder / f"{name}.parquet") for name in names}
        self._frames: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            if name not in self._files:
                raise KeyError(name)
            table = self._files[name].read(use_threads=False)
            self._frames[name] = _as_canonical(table.to_pandas())
        return self._frames[name]

    def __contains__(self, name: object) -> bool:  # Mapping's default would read the table
        return name in self._files

    def __iter__(self):
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __repr__(self) -> str:
        return f"StoredTables({', '.join(f'{n}: {self.rows(n)} rows' for n in self._files)})"

    def rows(self, name: str) -> int:
        """Rows of table ``name``, from the file's metadata."""
        return self._files[name].metadata.num_rows

    def columns(self, name: str) -> list[str]:
        """Column names, from the file's schema."""
        return list(self._files[name].schema_arrow.names)

    def column(self, name: str, column: str) -> pd.Series:
        """One column, reading only that column when the table is not loaded yet."""
        if name in self._frames:
            return self._frames[name][column]
        if name not in self._files:
            raise KeyError(name)
        table = self._files[name].read(columns=[column], use_threads=False)
        return _as_canonical(table.to_pandas())[column]

    def distinct(self, name: str, column: str) -> set:
        """Distinct non-missing values of one column, reading that column only."""
        if name in self._frames:
            return set(self._frames[name][column].dropna().unique())
        col = self._files[name].read(columns=[column], use_threads=False).column(0)
        return {v for v in col.unique().to_pylist() if v is not None}


def _frames_hash(tables: dict[str, pd.DataFrame]) -> str:
    h = hashlib.sha256()
    for name in sorted(tables):
        h.update(name.encode())
        h.update(pd.util.hash_pandas_object(tables[name], index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]


def _input_files(folder: Path) -> list[Path]:
    """``client.yml``, every table file, every file under ``exports/`` and the analyst's notes
    ``notes/*.md`` (sorted): a changed note changes the fingerprint printed in the reports."""
    from .sources import export_files

    notes = sorted((folder / "notes").glob("*.md")) if (folder / "notes").is_dir() else []
    return [folder / "client.yml", *sorted(table_files(folder).values()),
            *export_files(folder / EXPORTS_FOLDER), *notes]


def raw_fingerprint(folder: Path) -> str:
    """SHA-256 of ``client.yml``, every table file and every export of ``folder`` (names relative
    to the folder, and contents)."""
    h = hashlib.sha256(f"schema-{SCHEMA_VERSION}".encode())
    for p in _input_files(folder):
        if p.exists():
            h.update(p.relative_to(folder).as_posix().encode())
            with open(p, "rb") as f:  # in blocks: a file of several GB is never held in memory
                for block in iter(lambda: f.read(1 << 22), b""):
                    h.update(block)
    return h.hexdigest()[:16]


def raw_stats(folder: Path) -> list[list]:
    """``[name, size, mtime_ns]`` of ``client.yml``, every table file and every export."""
    out = []
    for p in _input_files(folder):
        if p.exists():
            st = p.stat()
            out.append([p.relative_to(folder).as_posix(), st.st_size, st.st_mtime_ns])
    return out


def client_salt(store: Path | None, client: str) -> bytes:
    """The key of the client's pseudonymous contact ids (:mod:`roianalysis.sources.privacy`).

    Kept in ``<processed>/.keys/<client>.key`` (created once, readable by its owner only), outside
    the client's store folder, so keys stay the same when the store is rebuilt; without a store
    (in memory, or a read-only folder), a fresh random key for this load.
    """
    import os
    import secrets

    if store is None:
        return secrets.token_bytes(32)
    path = store / ".keys" / f"{client}.key"
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key.hex())
        return key
    except FileExistsError:  # another process created it first: use theirs
        return bytes.fromhex(path.read_text().strip())
    except OSError:
        return secrets.token_bytes(32)


def _manifest(store: Path) -> dict | None:
    """The store's ``manifest.json``; ``None`` when missing or unreadable."""
    try:
        meta = json.loads((store / "manifest.json").read_text())
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _known_fingerprint(store: Path, stats: list[list]) -> str | None:
    """The store's fingerprint when the raw files have the same names, sizes and modification
    times as when it was written (as ``make`` or ``git status`` decide): hashing gigabytes of
    raw files at every notebook start is then skipped. ``None``: hash them."""
    meta = _manifest(store)
    if meta is None or meta.get("schema") != SCHEMA_VERSION or meta.get("raw_stat") != stats:
        return None
    return meta.get("fingerprint")


def _update_manifest(store: Path, **changes) -> None:
    """Change entries of the store's manifest (atomically: a temporary file moved into place)."""
    meta = _manifest(store)
    if meta is None:
        return
    try:
        meta.update(changes)
        fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=store)
        with os.fdopen(fd, "w") as f:
            f.write(json.dumps(meta, indent=1))
        os.replace(tmp, store / "manifest.json")
    except OSError:
        return


def _remember_stats(store: Path, stats: list[list]) -> None:
    """Record the raw files' current sizes and times in the store's manifest."""
    _update_manifest(store, raw_stat=stats)


def _refresh_engine_file(store: Path, names: list[str]) -> None:
    """Write the store's DuckDB file again when its derived tables come from other code (an
    upgrade changed :mod:`roianalysis.aggregates`): once, at load, instead of every notebook
    computing the per-contact table again. Written beside and moved into place, so engines
    already open keep reading the old file."""
    meta = _manifest(store) or {}
    info = meta.get("engine") or {}
    if info.get("derived") == derived_version():
        return
    fd, tmp = tempfile.mkstemp(prefix=".engine-", suffix=".duckdb", dir=store)
    os.close(fd)
    os.unlink(tmp)  # DuckDB creates the file itself
    if _write_engine_file(store, names, Path(tmp).name) is None:
        return
    file = engine_file_name(str(meta.get("fingerprint")), derived_version())
    try:
        os.replace(tmp, store / file)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return
    sums = {**(meta.get("checksums") or {}), file: file_checksum(store / file)}
    _update_manifest(store, engine={"file": file, "derived": derived_version()}, checksums=sums)
    if info.get("file") and info["file"] != file:  # engines already open keep their file open
        (store / info["file"]).unlink(missing_ok=True)


def default_processed_dir(data_dir: Path) -> Path | None:
    """``data/processed`` beside ``data/raw``; ``None`` (no store) for other layouts."""
    data_dir = Path(data_dir)
    return data_dir.parent / "processed" if data_dir.name == "raw" else None


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
    from .spark import engine_name

    if engine_name(engine) == "spark":
        from .spark import open_store

        return open_store(load_client(client, data_dir, processed_dir, engine="duckdb", reader=reader))
    data_dir = Path(data_dir)
    folder = client_folder(client, data_dir)
    store = default_processed_dir(data_dir) if processed_dir == "auto" else (
        Path(processed_dir) if processed_dir is not None else None)
    stats = raw_stats(folder)
    known = _known_fingerprint(store / client, stats) if store is not None else None
    fingerprint = known or raw_fingerprint(folder)
    if store is not None:
        cached = _read_store(store / client, fingerprint)
        if cached is not None:
            if known is None:  # same content, new times (a copy, a touch): remember them
                _remember_stats(store / client, stats)
            tables, warnings = cached
            _refresh_engine_file(store / client, list(tables))
            config = load_config(folder, client)
            return ClientData(client, config, tables, warnings, fingerprint, store / client)
    stage = _stage_folder(store, client, reader)
    try:
        config, tables, warnings, _files = read_client_tables(
            client, data_dir, salt=client_salt(store, client), reader=reader, stage=stage)
        written = False
        if store is not None:
            written = _write_store(store / client, tables, warnings, fingerprint, stats)
        if any(not isinstance(t, pd.DataFrame) for t in tables.values()):
            if written:  # tables read by the engine: read from the store on first use
                tables = StoredTables(store / client, list(tables))
            else:
                tables = {n: t if isinstance(t, pd.DataFrame) else _as_canonical(pd.read_parquet(t.path))
                          for n, t in tables.items()}
    finally:
        if stage is not None:
            _rmtree(stage)
    return ClientData(client, config, tables, warnings, fingerprint,
                      store / client if written else None)


def _stage_folder(store: Path | None, client: str, reader: str | None) -> Path | None:
    """A folder beside the store where the engine reader writes its tables (moved into the store
    when it is written), marked with this process's id; ``None`` without a store, with the
    pandas reader, or when it cannot be created."""
    from .engine_read import choose_reader

    if store is None or choose_reader(reader) == "pandas":
        return None
    try:
        store.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{client}-read-", dir=store))
        (stage / _OWNER).write_text(str(os.getpid()))
        return stage
    except OSError:
        return None


def _read_store(folder: Path, fingerprint: str):
    meta = _manifest(folder)
    if meta is None:
        return None
    try:
        if meta.get("fingerprint") != fingerprint or meta.get("schema") != SCHEMA_VERSION:
            return None
        sums = meta.get("checksums")
        if not isinstance(sums, dict):
            return None  # a store written before checksums: rebuilt once
        for name in list(meta["tables"]):
            if sums.get(f"{name}.parquet") != file_checksum(folder / f"{name}.parquet"):
                return None  # damaged (a flipped bit, a truncated copy): rebuilt from raw
        engine = (meta.get("engine") or {}).get("file")
        if engine and sums.get(engine) not in (None, file_checksum(folder / engine)):
            _update_manifest(folder, engine={})  # a damaged engine file: not used, rewritten
        tables = StoredTables(folder, list(meta["tables"]))
        warnings = [DataProblem(**{**w, "rows": tuple(w["rows"])}) for w in meta.get("warnings", [])]
        return tables, warnings
    except Exception:  # a damaged store is rebuilt, never trusted
        return None


def derived_version() -> str:
    """Hash of the code that computes the store's derived tables (:mod:`roianalysis.aggregates`):
    a derived table written by other code is not trusted."""
    from .resultcache import source_hash

    return source_hash(("aggregates",))


def _write_engine_file(folder: Path, names: list[str], file: str = ENGINE_FILE) -> str | None:
    """Write ``folder/<file>`` (default ``engine.duckdb``) from the store's Parquet files, with the
    per-contact table precomputed (``_contacts``). Returns the file name, or ``None`` when it
    could not be written (the engine is then built from the Parquet files at each load)."""
    from . import aggregates as agg
    from .engine import write_duckdb

    def contacts(engine):
        return agg.contacts(engine.table("leads"), engine.table("touchpoints"),
                            engine.table("orders"))

    try:
        write_duckdb(folder / file, {n: folder / f"{n}.parquet" for n in names},
                     {"_contacts": contacts})
        return file
    except Exception:  # an optimization only: never lose the store over it
        (folder / file).unlink(missing_ok=True)
        (folder / f"{file}.wal").unlink(missing_ok=True)
        return None


def store_fingerprint(folder: Path) -> str | None:
    """The fingerprint of the data a store folder holds now (its manifest), ``None`` without one."""
    return (_manifest(folder) or {}).get("fingerprint")


def _open_engine_file(folder: Path, names: list[str], fingerprint: str):
    """The store's DuckDB file as a read-only engine; ``None`` when absent, unreadable or holding
    other data than ``fingerprint`` (a store replaced since the caller loaded it). Its
    ``_contacts`` table is used only when written by the current code."""
    from .engine import Engine

    meta = _manifest(folder) or {}
    info = meta.get("engine") or {}
    if not info.get("file") or meta.get("fingerprint") != fingerprint:
        return None
    try:
        engine = Engine.from_duckdb(folder / info["file"], names)
    except Exception:  # a store from another DuckDB version, a file replaced under our feet
        return None
    if info.get("derived") != derived_version():
        engine.__dict__.pop("_contacts", None)
    engine.cache_dir = folder / CACHE_DIR
    engine.data_fingerprint = fingerprint
    return engine


def _as_canonical(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns back to ``object`` with ``None`` for missing, as validation produces them."""
    for c in df.columns:
        col = df[c]
        if pd.api.types.is_string_dtype(col) and not pd.api.types.is_datetime64_any_dtype(col):
            values = col.to_numpy(dtype=object, na_value=None)
            df[c] = pd.Series(values, index=df.index, dtype=object)
    return df


def _arrow_table(df: pd.DataFrame):
    """The frame as Arrow with explicit types: text columns stay strings even when all empty."""
    import pyarrow as pa

    fields = []
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_datetime64_any_dtype(s):
            t = pa.timestamp("us")
        elif pd.api.types.is_bool_dtype(s):
            t = pa.bool_()
        elif pd.api.types.is_numeric_dtype(s):
            t = pa.float64()
        else:
            t = pa.string()
        fields.append(pa.field(c, t))
    return pa.Table.from_pandas(df, schema=pa.schema(fields), preserve_index=False)


def _write_store(folder: Path, tables: dict[str, pd.DataFrame], warnings: list[DataProblem],
                 fingerprint: str, stats: list[list] | None = None) -> bool:
    """Write the Parquet store atomically: a temporary folder renamed into place. Returns False
    when it could not be written (the data is still in memory)."""
    import pyarrow.parquet as pq

    tmp = None
    try:  # a read-only or full data/processed: the data stay in memory (documented fallback)
        folder.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_builds(folder)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        (tmp / _OWNER).write_text(str(os.getpid()))
        for name, df in tables.items():
            if isinstance(df, pd.DataFrame):
                pq.write_table(_arrow_table(df), tmp / f"{name}.parquet")
            else:  # written by the engine reader (roianalysis.engine_read.ParquetTable)
                try:
                    os.link(df.path, tmp / f"{name}.parquet")
                except OSError:
                    import shutil

                    shutil.copyfile(df.path, tmp / f"{name}.parquet")
        engine_file = _write_engine_file(tmp, sorted(tables), engine_file_name(fingerprint))
        files = [f"{n}.parquet" for n in sorted(tables)] + ([engine_file] if engine_file else [])
        meta = {"fingerprint": fingerprint, "schema": SCHEMA_VERSION, "tables": sorted(tables),
                "warnings": [{**w.__dict__, "rows": list(w.rows)} for w in warnings],
                "engine": {"file": engine_file, "derived": derived_version()},
                "raw_stat": stats, "checksums": {f: file_checksum(tmp / f) for f in files}}
        (tmp / _OWNER).unlink()
        (tmp / "manifest.json").write_text(json.dumps(meta, indent=1))
        old = folder.with_name(f".{folder.name}-old")
        if folder.exists():
            if old.exists():
                _rmtree(old)
            os.replace(folder, old)
        os.replace(tmp, folder)
        if old.exists():
            _rmtree(old)
        return True
    except OSError:
        if tmp is not None:
            _rmtree(tmp)  # a store that cannot be written is not an error: the data is in memory
        return False


#: File a store being built holds with the builder's process id (a build killed with -9 leaves
#: its folder behind: :func:`clean_stale_builds` removes it at the next load).
_OWNER = ".owner-pid"
#: A build folder without a live owner this old (seconds) is a leftover.
STALE_BUILD_SECONDS = 3600


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def clean_stale_builds(folder: Path) -> list[Path]:
    """Remove what killed builds of the store ``folder`` left beside it: hidden
    ``.<client>-*`` folders (copies of the client's data) whose builder process is gone, or
    without an owner and older than :data:`STALE_BUILD_SECONDS`, and temporary files inside the
    store. Returns what was removed. A build running in another process is left alone."""
    import time

    removed = []
    now = time.time()
    for p in folder.parent.glob(f".{folder.name}-*"):
        try:
            if not p.is_dir():
                continue
            owner = p / _OWNER
            if owner.exists():
                stale = not _alive(int(owner.read_text().strip() or 0))
            else:
                stale = now - p.stat().st_mtime > STALE_BUILD_SECONDS
        except (OSError, ValueError):
            continue
        if stale:
            _rmtree(p)
            removed.append(p)
    if folder.is_dir():
        for p in [*folder.glob(".engine-*"), *folder.glob(".manifest-*"), *folder.glob(f"{CACHE_DIR}/.*.tmp")]:
            try:
                if now - p.stat().st_mtime > STALE_BUILD_SECONDS:
                    p.unlink()
                    removed.append(p)
            except OSError:
                continue
    return removed


def file_checksum(path: Path) -> str:
    """BLAKE2b (128-bit, hex) of a file's bytes: kept per stored file in the store's manifest
    and verified when the store is read (a flipped bit rebuilds the store from the raw files)."""
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _rmtree(p: Path) -> None:
    import shutil

    shutil.rmtree(p, ignore_errors=True)
