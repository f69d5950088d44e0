"""Whole-body CSV reading for large exports: pandas' C parser on the columns a reader uses.

:func:`~roianalysis.sources.text.csv_table` keeps every cell in Python lists, which is right for
small exports with preambles and totals rows; ad-platform and affiliate exports run to tens of
megabytes, so their readers parse the body with pandas (cells as text, no NA guessing) and name
rows by file line only when a problem has to be reported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.sources.base import RawFile, refuse
from roianalysis.sources.text import sniff_separator, split_line

__all__ = ["blank_rows", "head_text", "read_columns", "short_last_row"]


def head_text(raw: RawFile, nbytes: int = 8192) -> str:
    """The start of the file as text (BOM removed), without decoding a 50 MB body."""
    enc = raw.encoding
    chunk = raw.prefix[:nbytes]
    if enc.startswith("utf-16") and len(chunk) % 2:
        chunk = chunk[:-1]
    return chunk.decode(enc, errors="ignore").lstrip("\ufeff")


def read_columns(raw: RawFile, positions: list[int], numeric: tuple[int, ...] = ()
                 ) -> tuple[pd.DataFrame, list[str], Callable[[list[int]], list[int]]]:
    """Read the columns at ``positions`` (0-based) of the CSV whose header is the first non-blank
    line.

    Returns
    -------
    frame : DataFrame
        One column per position (named by position), cells as ``str`` (``""`` when empty or
        missing at the end of a short row); blank lines are skipped. The ``numeric`` positions
        are parsed as ``float64`` (empty and ``-`` -> NaN) when every cell is a plain number;
        otherwise the whole frame is read as text and the caller parses it.
    header : list of str
        All header cells as written.
    line_of : callable
        0-based frame rows -> 1-based file lines (spreadsheet numbering). One physical line per
        record is checked once; otherwise (multi-line quoted cells, blank lines) the file is
        scanned with the csv module -- only when a problem must name its rows.
    """
    lines = head_text(raw).splitlines()
    skip = 0
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    if skip >= len(lines):
        raise refuse(raw.name, "no header row: export the report again", code="bad_export")
    sep = sniff_separator(lines[skip])
    header = split_line(lines[skip], sep)
    use = sorted(set(positions))
    common = dict(encoding=raw.encoding, sep=sep, header=0, names=list(range(len(header))),
                  skiprows=skip, usecols=use,
                  skip_blank_lines=True, engine="c")
    df = None
    nums = [p for p in use if p in set(numeric)]
    if nums:  # fast path: C float parsing, no text column for the amounts
        try:
            df = pd.read_csv(io.BytesIO(raw.data), dtype={p: str for p in use if p not in nums}
                             | {p: "float64" for p in nums}, na_values={p: ["", "-", "--", " --"] for p in nums},
                             keep_default_na=False, **common)
            for p in use:
                if p not in nums:
                    df[p] = df[p].fillna("")
        except (ValueError, TypeError, OverflowError):
            df = None  # text in an amount column: read as text, the caller names the cells
        except (pd.errors.ParserError, UnicodeDecodeError):
            df = None
    if df is None:
        try:
            df = pd.read_csv(io.BytesIO(raw.data), dtype=str, na_filter=False,
                             keep_default_na=False, **common)
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            raise DataValidationError([DataProblem(raw.name, f"not a readable CSV table ({exc})",
                                                   code="bad_csv")]) from None
    df = df[use]
    header_line = skip + 1
    n = len(df)

    def line_of(rows: list[int]) -> list[int]:
        text = raw.text
        physical = text.count("\n") + (0 if text.endswith("\n") else 1)
        if physical - header_line == n:
            return [header_line + 1 + int(r) for r in rows]
        starts = []
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=sep)
        prev = 0
        for k, cells in enumerate(reader):
            begin, prev = prev + 1, reader.line_num
            if k >= header_line and cells:
                starts.append(begin)
        return [starts[r] if r < len(starts) else header_line + 1 + int(r) for r in rows]

    return df, header, line_of


def short_last_row(raw: RawFile, width: int) -> int | None:
    """The number of fields of the file's last record when it has fewer than the header's
    ``width`` (a download cut short), else ``None``. Reads only the end of the file."""
    tail = raw.data[-8192:]
    enc = raw.encoding
    if enc.startswith("utf-16") and len(tail) % 2:
        tail = tail[1:]
    text = tail.decode(enc.replace("-sig", ""), errors="ignore").rstrip("\r\n")
    last = text.splitlines()[-1] if text.strip() else ""
    if not last.strip() or last.count('"') % 2:  # inside a multi-line cell: cannot tell
        return None
    first = next((ln for ln in head_text(raw).splitlines() if ln.strip()), "")
    cells = split_line(last, sniff_separator(first))
    return len(cells) if 1 < len(cells) < width else None


def blank_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is empty (``""`` in text columns, NaN in float columns)."""
    if not len(frame):
        return np.zeros(0, dtype=bool)
    blank = np.ones(len(frame), dtype=bool)
    for c in frame.columns:
        col = frame[c]
        blank &= (col.isna() if pd.api.types.is_float_dtype(col) else col == "").to_numpy()
    return blank
