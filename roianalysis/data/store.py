"""The processed store: ``data/processed/<client>/``, what :func:`roianalysis.data.load.load_client`
keeps of a client's validated data so that it is not read and validated again.

The store holds the canonical tables as Parquet (:class:`StoredTables` reads each on first use),
a DuckDB file with the tables and the per-contact table ready to query (:data:`ENGINE_FILE`), the
result cache (:data:`CACHE_DIR`, :mod:`roianalysis.data.cache`) and ``manifest.json``: the raw
files' fingerprint (:func:`raw_fingerprint`, a content hash of the raw files and ``client.yml``)
and sizes and times, the schema version, the checksum of every file and the problems found at
validation. A store whose fingerprint, schema or checksums do not match is rebuilt from the raw
files, never trusted; ``data/raw`` is never written. This module does not know the client model
(:class:`~roianalysis.data.client.ClientData`).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from roianalysis.atomic import atomic_write_text
from roianalysis.data.files import EXPORTS_FOLDER, table_files
from roianalysis.data.frames import arrow_table, as_canonical
from roianalysis.errors import DataProblem

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

#: Folder of the store holding computed aggregates (:mod:`roianalysis.data.cache`).
CACHE_DIR = "cache"


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
            self._frames[name] = as_canonical(table.to_pandas())
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
        return as_canonical(table.to_pandas())[column]

    def distinct(self, name: str, column: str) -> set:
        """Distinct non-missing values of one column, reading that column only."""
        if name in self._frames:
            return set(self._frames[name][column].dropna().unique())
        col = self._files[name].read(columns=[column], use_threads=False).column(0)
        return {v for v in col.unique().to_pylist() if v is not None}


def _input_files(folder: Path) -> list[Path]:
    """``client.yml``, every table file, every file under ``exports/`` and the analyst's notes
    ``notes/*.md`` (sorted): a changed note changes the fingerprint printed in the reports."""
    from roianalysis.sources import export_files

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


def known_fingerprint(store: Path, stats: list[list]) -> str | None:
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
        atomic_write_text(store / "manifest.json", json.dumps(meta, indent=1))
    except OSError:
        return


def remember_stats(store: Path, stats: list[list]) -> None:
    """Record the raw files' current sizes and times in the store's manifest."""
    _update_manifest(store, raw_stat=stats)


def refresh_engine_file(store: Path, names: list[str]) -> None:
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


def stage_folder(store: Path | None, client: str) -> Path | None:
    """A folder beside the store where the engine reader writes its tables (moved into the store
    when it is written), marked with this process's id; ``None`` without a store or when it
    cannot be created."""
    if store is None:
        return None
    try:
        store.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{client}-read-", dir=store))
        (stage / _OWNER).write_text(str(os.getpid()))
        return stage
    except OSError:
        return None


def read_store(folder: Path, fingerprint: str):
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
    from roianalysis.data.cache import source_hash

    return source_hash(("roianalysis.aggregates",))


def _write_engine_file(folder: Path, names: list[str], file: str = ENGINE_FILE) -> str | None:
    """Write ``folder/<file>`` (default ``engine.duckdb``) from the store's Parquet files, with the
    per-contact table precomputed (table ``_contacts``). Returns the file name, or ``None`` when
    it could not be written (the engine is then built from the Parquet files at each load)."""
    from roianalysis import aggregates as agg
    from roianalysis.engine import write_duckdb

    try:
        write_duckdb(folder / file, {n: folder / f"{n}.parquet" for n in names},
                     {agg.CONTACTS: agg.engine_contacts})
        return file
    except Exception:  # an optimization only: never lose the store over it
        (folder / file).unlink(missing_ok=True)
        (folder / f"{file}.wal").unlink(missing_ok=True)
        return None


def store_fingerprint(folder: Path) -> str | None:
    """The fingerprint of the data a store folder holds now (its manifest), ``None`` without one."""
    return (_manifest(folder) or {}).get("fingerprint")


def open_engine_file(folder: Path, names: list[str], fingerprint: str):
    """The store's DuckDB file as a read-only engine; ``None`` when absent, unreadable or holding
    other data than ``fingerprint`` (a store replaced since the caller loaded it). Its
    precomputed per-contact table becomes the engine's (:attr:`Engine.derived`) only when written
    by the current code (:func:`derived_version`)."""
    from roianalysis import aggregates as agg
    from roianalysis.engine import Engine

    meta = _manifest(folder) or {}
    info = meta.get("engine") or {}
    if not info.get("file") or meta.get("fingerprint") != fingerprint:
        return None
    current = info.get("derived") == derived_version()
    pinned = _pin_tables(folder, names, fingerprint)
    if pinned is None:
        return None
    try:
        engine = Engine.from_duckdb(folder / info["file"], names, parquet_dir=pinned,
                                    derived=(agg.CONTACTS,) if current else ())
    except Exception:  # a store from another DuckDB version, a file replaced under our feet
        return None
    engine.cache_dir = folder / CACHE_DIR
    engine.data_fingerprint = fingerprint
    return engine


def _pin_tables(folder: Path, names: list[str], fingerprint: str) -> Path | None:
    """Hard links to the store's Parquet files in a folder of this process, so an engine reading
    them in place keeps reading these data after the store is replaced (a new load writes new
    files under the same names: a view on ``folder/spend.parquet`` would then count new costs
    in an old process). The folder is removed at exit, or by :func:`clean_stale_builds` once
    this process is gone. ``None`` when the links cannot be made or the store changed meanwhile
    (the caller then works from the tables it read)."""
    import atexit

    pin = folder.parent / f".{folder.name}-open-{os.getpid()}-{fingerprint}"
    linked = False
    try:
        if not pin.is_dir():
            pin.mkdir()
            (pin / _OWNER).write_text(str(os.getpid()))
            atexit.register(remove_tree, pin)
        for name in names:
            if not (pin / f"{name}.parquet").exists():
                os.link(folder / f"{name}.parquet", pin / f"{name}.parquet")
                linked = True
    except OSError:
        remove_tree(pin)
        return None
    if linked and (_manifest(folder) or {}).get("fingerprint") != fingerprint:  # replaced meanwhile
        remove_tree(pin)
        return None
    return pin


def write_store(folder: Path, tables: dict[str, pd.DataFrame], warnings: list[DataProblem],
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
                pq.write_table(arrow_table(df), tmp / f"{name}.parquet")
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
                remove_tree(old)
            os.replace(folder, old)
        os.replace(tmp, folder)
        if old.exists():
            remove_tree(old)
        return True
    except OSError:
        if tmp is not None:
            remove_tree(tmp)  # a store that cannot be written is not an error: the data is in memory
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
            remove_tree(p)
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


def remove_tree(p: Path) -> None:
    import shutil

    shutil.rmtree(p, ignore_errors=True)
