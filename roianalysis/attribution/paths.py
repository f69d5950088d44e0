"""Paths tables and their flat array form, shared by every attribution model.

A *paths table* has one row per channel sequence (or per journey):

``path``
    a tuple/list of channel names in time order, or a string with ``sep`` (``>``) between them
    (``"Email > Paid Search"``);
``conversions``
    number of journeys with that path that converted;
``nulls`` (optional, default 0)
    number of journeys with that path that did not convert;
``value`` (optional, default 0)
    total conversion value of those journeys;
``days_before`` (optional)
    for journeys: a tuple, aligned with ``path``, of the days from each touch to the conversion
    (to the last touch for a non-converting journey); only time decay needs it.

Models do not loop over rows: :func:`path_arrays` turns the table into a CSR-like layout
(:class:`PathArrays`), one flat array of integer channel codes with row offsets, so every model is
a handful of vectorised numpy operations. Paths are split and dictionary-encoded by Arrow compute
kernels, not by Python string operations. Channel codes follow the sorted channel names, so results
never depend on the order of the rows.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Separator between channels in string paths (surrounding spaces are stripped).
DEFAULT_SEP = ">"


@dataclass(frozen=True)
class PathArrays:
    """A paths table in flat array form.

    Attributes
    ----------
    channels : ndarray of str
        Channel names, sorted; channel code ``i`` is ``channels[i]``.
    tokens : ndarray of int32
        Channel codes of every touch of every path, path after path.
    offsets : ndarray of int64
        ``tokens[offsets[p]:offsets[p + 1]]`` is path ``p``; length ``n_paths + 1``.
    conversions, nulls, value : ndarray of float64
        Per path.
    days_before : ndarray of float64 or None
        Aligned with ``tokens`` when the table had touch times.
    """

    channels: np.ndarray
    tokens: np.ndarray
    offsets: np.ndarray
    conversions: np.ndarray
    nulls: np.ndarray
    value: np.ndarray
    days_before: np.ndarray | None = None

    @property
    def n_paths(self) -> int:
        return len(self.offsets) - 1

    @property
    def n_channels(self) -> int:
        return len(self.channels)

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    @property
    def starts(self) -> np.ndarray:
        return self.offsets[:-1]

    @property
    def ends(self) -> np.ndarray:
        """Index of the last touch of each path."""
        return self.offsets[1:] - 1

    def path_of_token(self) -> np.ndarray:
        """Row index of every touch (``repeat(arange(n_paths), lengths)``)."""
        return np.repeat(np.arange(self.n_paths, dtype=np.int64), self.lengths)

    def position(self) -> np.ndarray:
        """0-based position of every touch inside its path."""
        return np.arange(len(self.tokens), dtype=np.int64) - np.repeat(self.starts, self.lengths)

    def slice(self, a: int, b: int) -> PathArrays:
        """Paths ``a`` to ``b - 1`` (views, no copy)."""
        lo, hi = self.offsets[a], self.offsets[b]
        days = None if self.days_before is None else self.days_before[lo:hi]
        return PathArrays(self.channels, self.tokens[lo:hi], self.offsets[a:b + 1] - lo,
                          self.conversions[a:b], self.nulls[a:b], self.value[a:b], days)

    def chunks(self, size: int | None = None) -> list[PathArrays]:
        """Consecutive slices of about ``size`` touches (:data:`CHUNK_TOKENS`), whole paths each."""
        size = size or CHUNK_TOKENS
        n_tok = len(self.tokens)
        if n_tok <= size:
            return [self]
        cuts = np.searchsorted(self.offsets, np.arange(size, n_tok, size))
        cuts = np.unique(np.concatenate([[0], cuts, [self.n_paths]]))
        return [self.slice(int(a), int(b)) for a, b in zip(cuts[:-1], cuts[1:], strict=True)]

    @cached_property
    def _totals(self) -> tuple[float, float]:
        return _exact_sum(self.conversions), _exact_sum(self.value)

    def totals(self) -> tuple[float, float]:
        """Total conversions and total value (``math.fsum``: correctly rounded sums)."""
        return self._totals


def _exact_sum(x: np.ndarray) -> float:
    """Correctly rounded sum: ``np.sum`` when every term is a whole number and the total is
    below 2**53 (then it is exact), ``math.fsum`` otherwise."""
    if len(x) and np.abs(x).max() * len(x) < 2.0**53 and not np.any(np.modf(x)[0]):
        return float(np.sum(x))
    return math.fsum(x)


def parse_path(path: str | Sequence[str], sep: str = DEFAULT_SEP) -> tuple[str, ...]:
    """One path as a tuple of channel names (``"a > b"`` -> ``("a", "b")``)."""
    if isinstance(path, str):
        return tuple(p.strip() for p in path.split(sep))
    return tuple(str(p) for p in path)


#: Paths parsed per batch, so the split strings of a batch are the only temporary copy.
PARSE_BATCH = 50_000
#: Touches per chunk when models walk the flat arrays (bounds temporary memory).
CHUNK_TOKENS = 1 << 18


def _arrow_chunks(paths: pd.Series) -> list[pa.Array]:
    arr = pa.array(paths)
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    missing = sum(c.null_count for c in chunks)
    if missing:
        raise ValueError(f"{missing} path(s) are missing")
    return [c for c in chunks if len(c)]


def _arrow_lists(arr: pa.Array, sep: str) -> pa.ListArray:
    """A batch of paths as an Arrow list<string> array (strings are split in C++)."""
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        # tokens keep their spaces: trimmed once per name. The system allocator hands the
        # memory of each batch back, where Arrow's default pool would keep it.
        return pc.split_pattern(arr, sep, memory_pool=pa.system_memory_pool())
    if pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type):
        flat = arr.flatten()
        if not pa.types.is_string(flat.type):
            flat = pc.cast(flat, pa.string())
        offsets = pc.subtract(arr.offsets, arr.offsets[0])
        return pa.ListArray.from_arrays(offsets, flat)
    raise TypeError(f"cannot read paths of type {arr.type}")


def _flatten(paths: pd.Series, sep: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Channel codes of every touch (into the sorted names), the sorted names, row lengths.

    Paths are split and dictionary-encoded by batch; each touch's code is then written once,
    through the map from the batch's dictionary to the sorted channel names.
    """
    if len(paths) == 0:
        return np.zeros(0, dtype=np.int32), np.array([], dtype=object), np.zeros(0, dtype=np.int64)
    try:
        chunks = _arrow_chunks(paths)
        _arrow_lists(chunks[0].slice(0, 1), sep)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):  # mixed strings and sequences
        chunks = [pa.array([list(parse_path(v, sep)) for v in paths], type=pa.list_(pa.string()))]
    ids: dict[str | None, int] = {}
    batches, lengths = [], []
    for chunk in chunks:
        for start in range(0, len(chunk), PARSE_BATCH):
            lists = _arrow_lists(chunk.slice(start, PARSE_BATCH), sep)
            lengths.append(np.diff(lists.offsets.to_numpy()).astype(np.int64))
            enc = pc.dictionary_encode(lists.flatten(), memory_pool=pa.system_memory_pool())
            local = np.array([ids.setdefault(None if v is None else v.strip(), len(ids))
                              for v in enc.dictionary.to_pylist()], dtype=np.int32)
            batches.append((local, enc.indices.to_numpy(zero_copy_only=False)))
            del lists
    names = np.array(list(ids), dtype=object)
    if any(name is None or name == "" for name in names):
        raise ValueError("a path contains an empty channel name (two separators in a row?)")
    channels, rank = np.unique(names, return_inverse=True)
    tokens = np.empty(sum(len(idx) for _, idx in batches), dtype=np.int32)
    pos = 0
    for local, idx in batches:
        tokens[pos:pos + len(idx)] = rank.astype(np.int32)[local][idx]
        pos += len(idx)
    return tokens, channels, np.concatenate(lengths)


def path_arrays(paths: pd.DataFrame | PathArrays, sep: str = DEFAULT_SEP) -> PathArrays:
    """Read a paths table (see module docstring) into :class:`PathArrays`.

    Rows whose path is empty are rejected; rows with neither conversions nor nulls are kept (they
    weigh nothing in any model).

    Raises
    ------
    ValueError
        When ``path`` or ``conversions`` is missing, a path is empty, a count is negative or
        missing, or ``days_before`` does not align with ``path``.
    """
    if isinstance(paths, PathArrays):
        return paths
    for col in ("path", "conversions"):
        if col not in paths.columns:
            raise ValueError(f"paths table needs a '{col}' column; got {list(paths.columns)}")
    n = len(paths)
    conv = _numeric(paths, "conversions", n)
    nulls = _numeric(paths, "nulls", n)
    value = _numeric(paths, "value", n, allow_negative=True)

    tokens, channels, lengths = _flatten(paths["path"], sep)
    if (lengths == 0).any():
        raise ValueError(f"{int((lengths == 0).sum())} path(s) are empty: every journey needs a touch")
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)

    days = None
    if "days_before" in paths.columns:
        seqs = paths["days_before"].to_numpy(dtype=object)
        dl = np.fromiter(map(len, seqs), dtype=np.int64, count=n)
        if not np.array_equal(dl, lengths):
            raise ValueError("'days_before' must have one entry per touch of 'path'")
        days = np.fromiter(itertools.chain.from_iterable(seqs), dtype=np.float64, count=int(dl.sum()))
    return PathArrays(channels.astype(object), tokens, offsets, conv, nulls, value, days)


def _numeric(df: pd.DataFrame, col: str, n: int, allow_negative: bool = False) -> np.ndarray:
    if col not in df.columns:
        return np.zeros(n)
    arr = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    if np.isnan(arr).any():
        raise ValueError(f"'{col}' has missing or non-numeric values")
    if not allow_negative and (arr < 0).any():
        raise ValueError(f"'{col}' has negative values")
    return arr


def aggregate_paths(journeys: pd.DataFrame, sep: str = DEFAULT_SEP) -> pd.DataFrame:
    """Aggregate journeys (or a paths table with repeated paths) to one row per distinct path.

    Returns
    -------
    DataFrame
        ``path`` (tuple of channels), ``conversions``, ``nulls``, ``value``, sorted by ``path``.
    """
    cols = ["path", "conversions", "nulls", "value"]
    if len(journeys) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object if c == "path" else float) for c in cols})
    df = pd.DataFrame({
        "path": [parse_path(p, sep) for p in journeys["path"]],
        "conversions": _numeric(journeys, "conversions", len(journeys)),
        "nulls": _numeric(journeys, "nulls", len(journeys)),
        "value": _numeric(journeys, "value", len(journeys), allow_negative=True),
    })
    out = df.groupby("path", sort=True, as_index=False)[cols[1:]].sum()
    return out[cols].reset_index(drop=True)


def fix_total(credits: np.ndarray, total: float) -> np.ndarray:
    """Make ``credits`` sum to ``total`` by moving the rounding residual onto the largest credit.

    The residual is a few ulps; it is added to the largest absolute credit, where it is smallest
    in relative terms. All-zero credits stay zero.
    """
    credits = np.asarray(credits, dtype=np.float64).copy()
    if len(credits) == 0 or not np.any(credits):
        return credits
    for _ in range(3):
        residual = total - math.fsum(credits)
        if residual == 0:
            break
        i = int(np.argmax(np.abs(credits)))
        credits[i] += residual
    return credits


def credit_frame(channels: np.ndarray, conversions: np.ndarray, value: np.ndarray,
                 totals: tuple[float, float]) -> pd.DataFrame:
    """The credits DataFrame every model returns: index ``channel``, ``conversions``, ``value``."""
    return pd.DataFrame(
        {"conversions": fix_total(conversions, totals[0]), "value": fix_total(value, totals[1])},
        index=pd.Index(list(channels), name="channel", dtype=object),
    )
