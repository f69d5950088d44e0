"""Helpers shared by the CRM / shop / mapped-table readers (HubSpot, Shopify, Mautic, generic).

- :func:`load_table`: the header and rows of a CSV (any separator, multi-line quoted cells) or of
  the first sheet of an XLSX, with each row's spreadsheet row number;
- :func:`column`: a header found by its synonyms (case, accents and punctuation ignored);
- :func:`parse_times`: date-times as CRMs and shops write them (``YYYY-MM-DD HH:MM`` portal time,
  ``YYYY-MM-DD HH:MM:SS +ZZZZ``, ISO with ``Z``, Excel re-saved ``M/D/YYYY H:MM``) to naive
  wall-clock times in the client's time zone;
- :func:`money`: amount cells to floats, with the rows that are not numbers;
- :func:`one_currency`: the currency of an export whose rows each carry one.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.sources.base import RawFile, ReadContext
from roianalysis.sources.text import (
    MISSING_TOKENS,
    Table,
    csv_table,
    parse_amounts,
    snake,
    split_line,
)

__all__ = ["column", "load_table", "money", "nones", "one_currency", "parse_times", "text_cells"]


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def load_table(raw: RawFile, header_line: int = 0) -> Table:
    """The header and data rows of ``raw`` (CSV text or the first sheet of an XLSX).

    ``header_line`` is the 0-based line (or sheet row) of the header. Row numbers in the result
    are spreadsheet numbers (the file's first line is 1). Excel date cells become
    ``YYYY-MM-DD HH:MM:SS`` text, so every cell is text as in a CSV.
    """
    if raw.is_excel:
        import io

        import openpyxl

        wb = openpyxl.load_workbook(io.BytesIO(raw.data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows, numbers, header = [], [], None
        for i, values in enumerate(ws.iter_rows(values_only=True)):
            if i < header_line:
                continue
            cells = [_cell_text(v) for v in values]
            if header is None:
                header = cells
                while header and header[-1] == "":
                    header.pop()
                continue
            if all(c.strip() == "" for c in cells):
                continue
            while len(cells) > len(header) and cells[-1] == "":
                cells.pop()
            rows.append(cells)
            numbers.append(i + 1)
        wb.close()
        return Table(header or [], rows, numbers)
    return csv_table(raw.lines, header_line)


def header_cells(raw: RawFile, n: int = 1) -> list[list[str]]:
    """The first ``n`` rows' cells (for detection): CSV lines split by a real CSV parser, or the
    first rows of an XLSX. Never raises (an unreadable file gives ``[]``)."""
    try:
        if raw.is_excel:
            import io

            import openpyxl

            wb = openpyxl.load_workbook(io.BytesIO(raw.data), read_only=True, data_only=True)
            out = []
            for i, values in enumerate(wb.worksheets[0].iter_rows(values_only=True)):
                if i >= n:
                    break
                out.append([_cell_text(v).strip() for v in values])
            wb.close()
            return out

        head = raw.head(n)
        out = []
        for line in head:
            out.append([c.replace("\ufeff", "").strip() for c in split_line(line)])
        return out
    except Exception:  # detection must never raise
        return []


def norm(name: object) -> str:
    """A header name folded for comparison: ``"Is Deal Closed?"`` -> ``is_deal_closed``."""
    return snake(name)


def column(frame: pd.DataFrame, *synonyms: str) -> str | None:
    """The first column of ``frame`` whose folded name equals one of ``synonyms`` (folded too)."""
    folded = {}
    for c in frame.columns:
        folded.setdefault(norm(c), c)
    for s in synonyms:
        c = folded.get(norm(s))
        if c is not None:
            return c
    return None


def text_cells(frame: pd.DataFrame, col: str | None) -> pd.Series:
    """A column's cells stripped, the missing tokens as ``""`` (an all-empty series when absent)."""
    if col is None:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    s = frame[col].fillna("").astype(str).str.strip()
    return s.where(~s.isin(MISSING_TOKENS - {"-"}), "")


def nones(values) -> np.ndarray:
    """Text values as an object array with ``None`` (never NaN) for empty or missing ones."""
    return np.asarray([v if isinstance(v, str) and v != "" else None for v in values], dtype=object)


def lines_of(frame: pd.DataFrame, mask) -> tuple[int, ...]:
    """The spreadsheet row numbers of the rows where ``mask`` holds."""
    m = np.asarray(mask, dtype=bool)
    return tuple(int(x) for x in frame["_line"].to_numpy()[m])


_ISO = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:[ T](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
                  r"\s*(Z|[+-]\d{2}:?\d{2})?$")
_SLASH = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
                    r"\s*([AaPp][Mm])?)?$")


def parse_times(values: pd.Series, tz: str, *, naive_tz: str | None = None,
                dayfirst_default: bool = True) -> tuple[pd.Series, np.ndarray, str | None]:
    """Date-times as text -> naive wall-clock ``datetime64[us]`` in ``tz``.

    Parameters
    ----------
    values : Series of str
        ``""`` is missing (NaT, not bad).
    tz : str
        The client's IANA time zone: values with an offset (``+0200``, ``-05:00``, ``Z``) are
        converted to it.
    naive_tz : str, optional
        The zone of values *without* an offset (``UTC`` for Mautic's database times); ``None``:
        they are already wall-clock times of the client (HubSpot portal time).
    dayfirst_default : bool
        How to read ``a/b/yyyy`` when no value decides (see below) and the cells are zero-padded.

    Returns
    -------
    (Series, ndarray of bool, str or None)
        The times (NaT where missing or bad), the mask of bad cells, and how slash dates were
        read (``None`` when there were none).

    Notes
    -----
    Slash dates are read with one order for the whole column: day-first when a first part
    exceeds 12 somewhere, month-first when a second part does (both: every slash cell is bad, the
    column mixes orders). When no value decides, unpadded cells (``4/8/2025 17:19``) are US Excel's
    ``m/d/yyyy h:mm`` re-save and are read month-first; zero-padded ones (``04/08/2025``) follow
    ``dayfirst_default`` (the client's ``date_format``).
    """
    s = values.fillna("").astype(str).str.strip().reset_index(drop=True)
    n = len(s)
    out = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
    bad = np.zeros(n, dtype=bool)
    present = (s != "").to_numpy()
    how = None
    if not present.any():
        return out, bad, how
    iso = s.str.extract(_ISO)
    is_iso = iso[0].notna().to_numpy() & present
    if is_iso.any():
        offset = iso[2].fillna("")
        text = iso[0] + " " + iso[1].fillna("00:00")
        has_off = is_iso & (offset != "").to_numpy()
        if has_off.any():
            off = offset[has_off].str.replace("Z", "+00:00", regex=False)
            off = off.where(off.str.contains(":"), off.str[:3] + ":" + off.str[3:])
            got = pd.to_datetime(text[has_off] + off, format="ISO8601", utc=True, errors="coerce")
            ok = got.notna().to_numpy()
            conv = got.dt.tz_convert(zoneinfo.ZoneInfo(tz)).dt.tz_localize(None)
            idx = np.flatnonzero(has_off)
            out.iloc[idx[ok]] = conv.to_numpy()[ok]
            bad[idx[~ok]] = True
        naive = is_iso & ~has_off
        if naive.any():
            got = pd.to_datetime(text[naive], format="ISO8601", errors="coerce")
            ok = got.notna().to_numpy()
            if naive_tz:
                got = got.dt.tz_localize(naive_tz, ambiguous="NaT", nonexistent="shift_forward")
                got = got.dt.tz_convert(zoneinfo.ZoneInfo(tz)).dt.tz_localize(None)
            idx = np.flatnonzero(naive)
            out.iloc[idx[ok]] = got.to_numpy()[ok]
            bad[idx[~ok]] = True
    rest = present & ~is_iso
    if rest.any():
        sl = s[rest].str.extract(_SLASH)
        is_sl = sl[0].notna().to_numpy()
        idx = np.flatnonzero(rest)
        bad[idx[~is_sl]] = True
        if is_sl.any():
            sl = sl[is_sl]
            idx = idx[is_sl]
            a, b = sl[0].astype(int), sl[1].astype(int)
            first_big, second_big = bool((a > 12).any()), bool((b > 12).any())
            if first_big and second_big:
                bad[idx] = True
                how = "mixed day-first and month-first dates"
            else:
                if second_big:
                    monthfirst, how = True, "month-first (a day above 12 is in second position)"
                elif first_big:
                    monthfirst, how = False, "day-first (a day above 12 is in first position)"
                elif ((sl[0].str.len() == 1) | (sl[1].str.len() == 1)).any():
                    monthfirst, how = True, ("month-first: unpadded M/D/YYYY is how US Excel "
                                             "re-saves dates, and no day above 12 says otherwise")
                else:
                    monthfirst = not dayfirst_default
                    how = ("month-first" if monthfirst else "day-first") + \
                        " (client.yml date_format; no day above 12 decides)"
                month = a if monthfirst else b
                day = b if monthfirst else a
                year = sl[2].astype(int)
                year = year.where(year >= 100, year + 2000)
                hour = sl[3].fillna("0").astype(int)
                ampm = sl[6].fillna("").str.lower()
                hour = hour.where(~((ampm == "pm") & (hour < 12)), hour + 12)
                hour = hour.where(~((ampm == "am") & (hour == 12)), 0)
                frame = pd.DataFrame({"year": year, "month": month, "day": day, "hour": hour,
                                      "minute": sl[4].fillna("0").astype(int),
                                      "second": sl[5].fillna("0").astype(int)})
                got = pd.to_datetime(frame, errors="coerce")
                ok = got.notna().to_numpy()
                if naive_tz:
                    got = got.dt.tz_localize(naive_tz, ambiguous="NaT", nonexistent="shift_forward")
                    got = got.dt.tz_convert(zoneinfo.ZoneInfo(tz)).dt.tz_localize(None)
                out.iloc[idx[ok]] = got.to_numpy()[ok]
                bad[idx[~ok]] = True
    return out, bad, how


def money(values: pd.Series, decimal: str = ".") -> tuple[np.ndarray, np.ndarray]:
    """Amount cells -> floats (NaN when empty) and the mask of cells that are not numbers."""
    return parse_amounts(values.tolist(), decimal=decimal, percent_as_fraction=True)


def bad_cells(path: str, frame: pd.DataFrame, col: str, mask, expected: str,
              values: pd.Series | None = None, show_value: bool = True) -> DataProblem:
    """The problem naming the rows of ``frame`` where ``mask`` holds in column ``col``."""
    m = np.asarray(mask, dtype=bool)
    sample = ""
    if show_value and values is not None and m.any():
        sample = f", such as {str(values.to_numpy()[m][0])!r}"
    return DataProblem(path, f"{int(m.sum())} cell(s) that are not {expected}{sample}", col,
                       lines_of(frame, m), code="bad_value")


def one_currency(path: str, frame: pd.DataFrame, currencies: pd.Series, ctx: ReadContext,
                 col: str) -> tuple[str | None, np.ndarray | None, str | None]:
    """The currency of an export whose rows carry one (Shopify ``Currency`` per order).

    Returns ``(currency, factors, note)``: one currency -> ``(it, None, None)``; several and
    ``client.yml`` ``exchange_rates`` giving every one but the client's -> ``(client currency,
    per-row factors to multiply amounts by, note)``. Several without the rates raise
    :class:`DataValidationError` naming the rows of each currency other than the most frequent.
    """
    cur = currencies.fillna("").astype(str).str.strip().str.upper()
    seen = [c for c in pd.unique(cur) if c]
    if len(seen) <= 1:
        return (seen[0] if seen else None), None, None
    target = (ctx.currency or "").upper()
    rates = {str(k).upper(): float(v)
             for k, v in (getattr(ctx.config, "exchange_rates", None) or {}).items()}
    missing = [c for c in seen if c != target and c not in rates]
    if target and not missing:
        factors = cur.map(lambda c: 1.0 if c in ("", target) else rates[c]).to_numpy(dtype=float)
        used = ", ".join(f"{c} at {rates[c]}" for c in seen if c != target)
        return target, factors, (f"rows in {len(seen)} currencies ({', '.join(seen)}): converted "
                                 f"to {target} with client.yml exchange_rates ({used})")
    counts = cur[cur != ""].value_counts()
    main = counts.index[0]
    problems = []
    for c in seen:
        if c == main:
            continue
        problems.append(DataProblem(
            path, f"this export mixes currencies ({', '.join(f'{k}: {v} rows' for k, v in counts.items())}); "
            f"these rows are in {c}: give client.yml exchange_rates for "
            f"{', '.join(m for m in missing)} ({target or 'client currency'} per unit) or export "
            "one currency at a time", col, lines_of(frame, (cur == c).to_numpy()),
            code="mixed_currencies"))
    raise DataValidationError(problems)
