"""Parsing what exports write: CSV bodies after a preamble, numbers as UIs print them, dates.

These helpers are shared by every reader; each keeps the *file's* row numbers (spreadsheet
numbering: the first line of the file is row 1) so that a problem names the row a user sees when
opening the export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import numpy as np
import pandas as pd

__all__ = [
    "MISSING_TOKENS",
    "Table",
    "csv_table",
    "parse_amounts",
    "parse_day",
    "parse_range",
    "sniff_separator",
    "snake",
    "split_line",
]

#: Cells that mean "no value" in ad-platform and analytics exports.
MISSING_TOKENS = frozenset({"", "--", "-", "—", "(not set)", "n/a", "N/A", "null", "NULL", "None"})


def snake(name: object) -> str:
    """``"Amount spent (EUR)"`` -> ``amount_spent_eur``; accents folded (``Coût`` -> ``cout``)."""
    import unicodedata

    s = unicodedata.normalize("NFKD", str(name).replace("\ufeff", "")).encode("ascii", "ignore").decode()
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])", "_", s.strip())
    return re.sub(r"[^0-9A-Za-z]+", "_", s).strip("_").lower()


def sniff_separator(line: str) -> str:
    """The separator of a header line: tab, ``;`` or ``,`` (the most frequent outside quotes)."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {sep: outside.count(sep) for sep in ("\t", ";", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def split_line(line: str, sep: str | None = None) -> list[str]:
    """The cells of one CSV line (quotes honoured; the separator sniffed when not given); an
    unparseable line gives no cell."""
    try:
        return next(csv.reader([line], delimiter=sep or sniff_separator(line)), [])
    except csv.Error:
        return []


class Table:
    """A CSV body: header cells, data rows, and each row's line number in the file.

    Attributes
    ----------
    header : list of str
        Header cells as written (duplicates kept; :meth:`frame` makes them unique).
    rows : list of list of str
        Data rows (cells as text).
    line_numbers : list of int
        1-based file line on which each data row starts.
    """

    def __init__(self, header: list[str], rows: list[list[str]], line_numbers: list[int]):
        self.header = header
        self.rows = rows
        self.line_numbers = line_numbers

    def frame(self) -> pd.DataFrame:
        """Rows as a DataFrame of text; duplicated header names get ``.1``, ``.2`` suffixes;
        a row shorter than the header is padded with empty cells, longer rows keep their extra
        cells under ``_extra_<n>`` (explorations' grand-total row has one field more). The
        column ``_line`` holds each row's file line number."""
        names: list[str] = []
        seen: dict[str, int] = {}
        for h in self.header:
            h = h.replace("\ufeff", "").strip()
            if h in seen:
                seen[h] += 1
                names.append(f"{h}.{seen[h]}")
            else:
                seen[h] = 0
                names.append(h)
        width = max([len(names)] + [len(r) for r in self.rows])
        names += [f"_extra_{i}" for i in range(width - len(names))]
        body = [r + [""] * (width - len(r)) for r in self.rows]
        df = pd.DataFrame(body, columns=names, dtype=object) if body else pd.DataFrame(columns=names, dtype=object)
        df["_line"] = self.line_numbers
        return df


def csv_table(lines: list[str], start: int, sep: str | None = None, stop: int | None = None) -> Table:
    """Parse the CSV whose header is ``lines[start]`` (0-based), up to ``stop`` or the end.

    Quoted fields may span lines (Shopify notes); blank lines are skipped. Line numbers in the
    result are 1-based file lines.
    """
    stop = len(lines) if stop is None else stop
    sep = sep or sniff_separator(lines[start])
    chunk = "\n".join(lines[start:stop])
    reader = csv.reader(io.StringIO(chunk), delimiter=sep, quotechar='"')
    header: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    prev_end = 0
    for cells in reader:
        begin = prev_end + 1  # 1-based line within the chunk where this record starts
        prev_end = reader.line_num
        if header is None:
            header = cells
            continue
        if not cells or all(c.strip() == "" for c in cells):
            continue
        rows.append(cells)
        numbers.append(start + begin)
    return Table(header or [], rows, numbers)


_NUM_JUNK = re.compile(r"[\s\u00a0\u202f\u2009']")


def parse_amounts(values, *, decimal: str = ".", percent_as_fraction: bool = True
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Numbers as exports print them -> floats, and a mask of cells that are not numbers.

    Handles US thousands separators (``"9,380"``, ``4,838.80``), decimal commas when
    ``decimal=","`` (``1 234,56``, NBSP or narrow NBSP groups), ``%`` rates (``2.81%`` -> 0.0281
    when ``percent_as_fraction``), bucketed shares (``< 10%`` -> 0.10, ``> 90%`` -> 0.90),
    currency signs, and the missing tokens of :data:`MISSING_TOKENS` (NaN, not an error).
    """
    arr = np.asarray(list(values), dtype=object)
    out = np.full(len(arr), np.nan)
    bad = np.zeros(len(arr), dtype=bool)
    for i, v in enumerate(arr):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            continue
        if isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool):
            out[i] = float(v)
            continue
        s = str(v).strip()
        if s in MISSING_TOKENS:
            continue
        s = s.lstrip("<>≤≥~ ").replace("€", "").replace("$", "").replace("£", "").replace("₹", "")
        pct = s.endswith("%")
        if pct:
            s = s[:-1]
        s = _NUM_JUNK.sub("", s)
        if decimal == ",":
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
        try:
            x = float(s)
        except ValueError:
            bad[i] = True
            continue
        if not np.isfinite(x):
            bad[i] = True
            continue
        out[i] = x / 100.0 if (pct and percent_as_fraction) else x
    return out, bad


_MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # French
    "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "decembre": 12, "décembre": 12, "janv": 1, "févr": 2, "fevr": 2, "avr": 4, "juil": 7,
    "déc": 12,
}


def parse_day(text: str, *, dayfirst: bool = True) -> dt.date | None:
    """One date as exports write it: ISO ``2026-03-27``, ``20260327``, ``March 27, 2026``,
    ``27 January 2026``, ``27 janv. 2026``, ``Mar 27, 2026``, ``27/03/2026`` (``03/27/2026`` when
    not ``dayfirst``); a time part is ignored. ``None`` when it is not a date."""
    s = str(text).strip().strip('"').strip()
    if not s:
        return None
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        return _date(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"^(\d{4})(\d{2})(\d{2})$", s)
    if m:
        return _date(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})", s)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        y = y + 2000 if y < 100 else y
        return _date(y, b, a) if dayfirst else _date(y, a, b)
    words = re.findall(r"[^\W\d_]+\.?|\d+", s.lower())
    words = [w.rstrip(".") for w in words]
    nums = [int(w) for w in words if w.isdigit()]
    months = [_MONTHS[w] for w in words if w in _MONTHS]
    if months and len(nums) >= 2:
        year = next((n for n in nums if n > 31), None)
        day = next((n for n in nums if n <= 31), None)
        if year and day:
            return _date(year, months[0], day)
    return None


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_range(text: str, *, dayfirst: bool = True) -> tuple[dt.date, dt.date] | None:
    """A date-range line: ``March 27, 2026 - April 23, 2026``, ``27 January 2026 - 23 February
    2026``, ``1 mai 2026 - 8 mai 2026``, ``2026-01-01 - 2026-01-31``, ``20241122-20260120``.
    ``None`` for ``All time`` or anything that is not a range."""
    s = str(text).strip().strip('"').strip()
    m = re.match(r"^(\d{8})\s*-\s*(\d{8})$", s)
    if m:
        a, b = parse_day(m[1]), parse_day(m[2])
        return (a, b) if a and b else None
    parts = re.split(r"\s+[-–—]\s+|\s+au\s+|\s+to\s+", s)
    if len(parts) != 2:
        m = re.match(r"^(\d{4}-\d{2}-\d{2})\s*[-–]\s*(\d{4}-\d{2}-\d{2})$", s)
        if not m:
            return None
        parts = [m[1], m[2]]
    a, b = parse_day(parts[0], dayfirst=dayfirst), parse_day(parts[1], dayfirst=dayfirst)
    if a and b and a <= b:
        return a, b
    return None
