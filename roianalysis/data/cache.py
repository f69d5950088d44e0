"""Aggregates kept between notebooks: a per-client cache of computed counts in the processed store.

The five notebooks of a client ask the engine for many of the same aggregates (the period's
funnel counts overall and per channel, the previous period's, the trailing year's): each is tens
of milliseconds of query compilation and execution, paid again by every notebook and every render.
:func:`store` keeps a function's result in ``data/processed/<client>/cache/``, keyed by its name,
its arguments and the code that computes it, and :func:`lookup` serves it to the next caller
(:func:`roianalysis.metrics.funnel_counts` and ``funnel_counts_many`` share their entries).

What keeps it correct:

- The cache lives inside the client's store folder, which is replaced as a whole when the raw
  data changes (new content hash), and every key holds the fingerprint of the data the engine
  holds (``engine.data_fingerprint``): a process still holding the old data (a kernel opened
  before the raw files changed) can neither read nor serve a result of other data. Such a process
  does not write either: :func:`store` writes only when the store's manifest names the engine's
  fingerprint. One client's results are never seen by another client.
- The key includes a hash of the source of the modules that compute the result
  (:data:`CODE_MODULES`): changed code computes afresh.
- Only engines opened from a store have a cache (``engine.cache_dir``); any other engine (Spark,
  a warehouse, frames in a test) always computes.
- Files are written to a temporary name and renamed: a reader sees a whole result or none, even
  with several kernels of the same client at work. An unreadable or unwritable cache is ignored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
from datetime import date
from pathlib import Path

import pandas as pd

from roianalysis.atomic import atomic_writer
from roianalysis.periods import Period

#: Modules whose source is part of every key.
CODE_MODULES = ("roianalysis.aggregates", "roianalysis.metrics", "roianalysis.periods",
                "roianalysis.engine", "roianalysis.data.cache")

class _Uncacheable(Exception):
    """An argument that has no stable text form: compute instead."""


@functools.cache
def source_hash(modules: tuple[str, ...]) -> str:
    """SHA-256 (16 hex) of the source files of ``modules``, named as imported
    (``"roianalysis.metrics"``...): found by the import system, so a module that moves is still
    found, and a name that no longer exists fails loudly instead of hashing nothing."""
    h = hashlib.sha256()
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(f"cache key module {name!r} not found")
        h.update(Path(spec.origin).read_bytes())
    return h.hexdigest()[:16]


def code_version() -> str:
    """The hash of :data:`CODE_MODULES`: part of every key."""
    return source_hash(CODE_MODULES)


def _normal(value):
    """A JSON-able form of an argument that equal arguments share."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Period):
        return {"period": [value.start.isoformat(), value.end.isoformat()]}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_normal(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_normal(v) for v in value), key=json.dumps)
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in sorted(value.items())}
    raise _Uncacheable(type(value).__name__)


def cache_key(name: str, args: tuple, kwargs: dict) -> str:
    """The file stem of a call: SHA-256 of the function name, code version and arguments."""
    text = json.dumps([name, code_version(), _normal(list(args)), _normal(kwargs)],
                      sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# ------------------------------------------------------------------------------ file format
_LABEL = "__cache_label__"
#: Key of the schema metadata holding how to rebuild the pandas object (index, labels).
_META = b"roianalysis"


def _write(path: Path, result: pd.DataFrame | dict[str, pd.DataFrame]) -> None:
    """One Arrow IPC file: the frame with its index as columns, and in the schema's metadata
    what rebuilds it. Arrow IPC rather than Parquet: these are small frames read and written by
    every notebook, and IPC skips Parquet's encoding (about 3x faster both ways, same values)."""
    import pyarrow as pa

    if isinstance(result, dict):
        frames = [df.assign(**{_LABEL: label}) for label, df in result.items()]
        table = pd.concat(frames) if frames else pd.DataFrame({_LABEL: pd.Series([], dtype=object)})
        meta = {"kind": "dict", "labels": list(result)}
    else:
        table, meta = result, {"kind": "frame"}
    names = [n if n is not None else f"__level_{i}__" for i, n in enumerate(table.index.names)]
    flat = table.reset_index(names=names)
    meta["index"] = list(table.index.names)
    meta["index_columns"] = names
    meta["columns"] = [c for c in table.columns if c != _LABEL]
    arrow = pa.Table.from_pandas(flat, preserve_index=False)
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}),
                                           _META: json.dumps(meta).encode()})
    # a cache entry can be computed again: renamed into place, not flushed to disk
    with atomic_writer(path, fsync=False) as f, pa.ipc.new_file(f, arrow.schema) as writer:
        writer.write_table(arrow)


def _read(path: Path):
    import pyarrow as pa

    with pa.OSFile(str(path), "rb") as f:
        arrow = pa.ipc.open_file(f).read_all()
    meta = json.loads(arrow.schema.metadata[_META])
    flat = arrow.to_pandas()
    index_cols = meta["index_columns"]
    table = flat.set_index(index_cols)
    table.index.names = meta["index"]
    if meta["kind"] == "frame":
        return table[meta["columns"]]
    out = {}
    for label in meta["labels"]:
        out[label] = table[table[_LABEL] == label][meta["columns"]]
    return out


def _entry(engine, name: str, args: dict) -> Path | None:
    """The file of ``name(engine, **args)`` in the engine's cache; ``None`` without a cache or
    for arguments without a stable text form."""
    folder = getattr(engine, "cache_dir", None)
    fingerprint = getattr(engine, "data_fingerprint", None)
    if folder is None or not fingerprint:
        return None
    try:
        key = cache_key(name, (), {**args, "_tables": sorted(engine.tables),
                                   "_data": fingerprint})
    except _Uncacheable:
        return None
    return Path(folder) / f"{key}.arrow"


def _store_holds(store: Path, fingerprint: str) -> bool:
    """True when the store folder's manifest names ``fingerprint`` (its data are the engine's)."""
    try:
        meta = json.loads((store / "manifest.json").read_text())
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("fingerprint") == fingerprint


def lookup(engine, name: str, args: dict):
    """The cached result of ``name`` called with ``args`` (a dict of named arguments, written
    the same way by every caller), or ``None``."""
    path = _entry(engine, name, args)
    if path is not None and path.exists():
        with contextlib.suppress(Exception):  # a damaged entry is computed again
            return _read(path)
    return None


def store(engine, name: str, args: dict, result: pd.DataFrame | dict[str, pd.DataFrame]) -> None:
    """Keep ``result`` as the result of ``name`` with ``args`` (nothing without a cache)."""
    path = _entry(engine, name, args)
    if path is None or not _store_holds(path.parent.parent, engine.data_fingerprint):
        return
    with contextlib.suppress(OSError, ValueError, TypeError, ImportError):
        path.parent.mkdir(exist_ok=True)
        _write(path, result)
