"""Google Search Console performance exports (Performance > Export > CSV / Excel) -> ``search``.

The export is a zip of CSV tables (``Queries.csv``, ``Pages.csv``, ``Countries.csv``,
``Devices.csv``, ``Search appearance.csv``, ``Dates.csv``, ``Filters.csv``) or one XLSX with those
sheets. Headers follow the UI language:

=========================  =====================================
English                    French
=========================  =====================================
``Top queries``            ``Requêtes les plus fréquentes``
``Top pages``              ``Pages les plus populaires``
``Date``                   ``Date``
``Clicks``                 ``Clics``
``Impressions``, ``CTR``,  same
``Position``
=========================  =====================================

``CTR`` is a percentage string (``2.5%``; French ``2,5 %``) and becomes a fraction; ``Position``
is the average position (French files may use a decimal comma).

Canonical ``search`` rows: the Queries table gives ``query`` rows, the Pages table ``page``
rows, both with ``date`` NaT (they cover the export's period, :attr:`Import.period`); the Dates
table gives daily rows with neither query nor page (the property's totals per day). An XLSX
holding several tables gives all of them in one frame: select rows by which of ``query`` /
``page`` / ``date`` is set, never sum across kinds.

The period comes from the Dates table, else from ``Filters`` (sheet, or ``Filters.csv`` next to
the CSV; a relative ``Last 3 months`` gives none), else from a ``Dates.csv`` next to the file;
without any the period is ``None`` and a warning says so. Countries, Devices, Search appearance
and Filters tables are recognised and not used (their rows are counted as dropped, with a
warning), so an unpacked export folder reads without error.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.sources.base import Import, RawFile, ReadContext, refuse
from roianalysis.sources.text import csv_table, parse_amounts, parse_day, parse_range, snake

__all__ = ["FORMAT", "SEARCH_COLUMNS", "detect", "read"]

FORMAT = "search_console"
SEARCH_COLUMNS = ("date", "query", "page", "clicks", "impressions", "ctr", "position")

# first header cell (snake_case) -> table kind
_DIMENSIONS = {
    "top_queries": "query", "queries": "query", "query": "query",
    "requetes_les_plus_frequentes": "query", "requetes": "query", "requete": "query",
    "top_pages": "page", "pages": "page", "page": "page", "pages_les_plus_populaires": "page",
    "date": "date", "dates": "date",
    "country": "country", "countries": "country", "pays": "country",
    "device": "device", "devices": "device", "appareil": "device", "appareils": "device",
    "search_appearance": "appearance", "apparence_dans_les_resultats_de_recherche": "appearance",
    "apparence_dans_la_recherche": "appearance",
}
_METRICS = {
    "clicks": "clicks", "clics": "clicks",
    "impressions": "impressions",
    "ctr": "ctr",
    "position": "position",
}
_NOT_USED = {"country": "clicks by country", "device": "clicks by device",
             "appearance": "clicks by search appearance", "filters": "the export's filters"}


def _metric(name: str) -> str | None:
    """``Clicks`` -> clicks; a comparison header ``Last 28 days Clicks`` -> clicks too."""
    key = snake(name)
    if key in _METRICS:
        return _METRICS[key]
    for k, m in _METRICS.items():
        if key.endswith("_" + k):
            return m
    return None


def _kind(header: list[str]) -> str | None:
    """The table kind of a header, or None when it is not a Search Console table."""
    if not header:
        return None
    first = snake(header[0])
    if first in ("filter", "filtre") and len(header) >= 2 and snake(header[1]) in ("value", "valeur"):
        return "filters"
    metrics = {_metric(h) for h in header[1:]}
    if first in _DIMENSIONS and {"clicks", "impressions"} <= metrics and (
            "position" in metrics or "ctr" in metrics):
        return _DIMENSIONS[first]
    return None


def _head_text(raw: RawFile, n: int = 4096) -> str:
    enc = raw.encoding
    return raw.prefix[:n].decode("utf-8" if enc == "utf-8-sig" else enc, errors="ignore").lstrip("\ufeff")


def _csv_header(line: str) -> list[str]:
    import csv

    return next(csv.reader([line]), [])


def _sheets(raw: RawFile) -> dict[str, pd.DataFrame]:
    return pd.read_excel(io.BytesIO(raw.data), sheet_name=None, header=None, dtype=object)


def detect(raw: RawFile) -> bool:
    """A Search Console table (CSV) or workbook (XLSX with Queries / Pages / Dates sheets)."""
    if raw.is_parquet:
        return False
    if raw.is_excel:
        try:
            from openpyxl import load_workbook

            wb = load_workbook(io.BytesIO(raw.data), read_only=True)
            names = {snake(n) for n in wb.sheetnames}
            wb.close()
        except Exception:
            return False
        return bool(names & {"queries", "requetes"}) or ({"pages", "dates"} <= names)
    text = _head_text(raw)
    lines = text.splitlines()
    if not lines or lines[0].startswith(("#", "{", "[")):
        return False
    return _kind(_csv_header(lines[0])) is not None


def _filters_period(rows: list[list[str]]) -> tuple[tuple[dt.date, dt.date] | None, str | None]:
    """(period, the Date filter's text) from Filters rows (``Date``, ``Jan 1, 2026 - ...``)."""
    for r in rows:
        if len(r) >= 2 and snake(r[0]) in ("date", "dates", "periode"):
            text = str(r[1]).strip()
            value = re.sub(r"^[^:\d]*:\s*", "", text) if ":" in text else text
            rng = parse_range(value, dayfirst=False) or parse_range(value)
            return rng, text
    return None, None


def _period_of_dates(days: pd.Series) -> tuple[dt.date, dt.date] | None:
    d = days.dropna()
    return (d.min().date(), d.max().date()) if len(d) else None


class _Table:
    def __init__(self, kind: str, name: str, header: list[str], rows: list[list[str]], lines: list[int]):
        self.kind, self.name, self.header, self.rows, self.lines = kind, name, header, rows, lines


def _decimal(cells: list[str]) -> str:
    """``","`` when the CTR / Position cells use a decimal comma (French exports)."""
    comma = any(re.search(r"\d,\d", c) for c in cells)
    dot = any(re.search(r"\d\.\d", c) for c in cells)
    return "," if comma and not dot else "."


def _frame(t: _Table, path: str, errors: list[DataProblem]) -> pd.DataFrame:
    """One Queries / Pages / Dates table -> search rows."""
    n = len(t.rows)
    cols: dict[str, int] = {}
    for i, h in enumerate(t.header[1:], start=1):
        m = _metric(h)
        if m and m not in cols:  # a comparison export: the first (current) period's column
            cols[m] = i
    cell = [[r[i] if i < len(r) else "" for r in t.rows] for i in range(len(t.header))]
    out = pd.DataFrame(index=range(n))
    dec = _decimal([c for m in ("ctr", "position") if m in cols for c in cell[cols[m]]])
    lines = np.asarray(t.lines)
    for m in ("clicks", "impressions", "ctr", "position"):
        if m not in cols:
            out[m] = np.nan
            continue
        vals, bad = parse_amounts(cell[cols[m]], decimal=dec if m in ("ctr", "position") else ".")
        if m == "ctr":  # '2.5%' -> 0.025 already; bare numbers: a fraction (Excel) unless some > 1
            bare = np.array(["%" not in c for c in cell[cols[m]]]) & ~np.isnan(vals)
            if bare.any() and np.nanmax(vals[bare]) > 1:
                vals = np.where(bare, vals / 100.0, vals)
        if bad.any():
            errors.append(DataProblem(path, f"expected a number ({t.name} table)", t.header[cols[m]],
                                      tuple(int(x) for x in lines[bad]), "bad_value"))
        out[m] = vals
    first = [str(c).strip() for c in cell[0]]
    out["date"] = pd.NaT
    out["query"] = None
    out["page"] = None
    if t.kind == "date":
        days = [parse_day(c, dayfirst=False) for c in first]
        bad = np.array([d is None for d in days])
        if bad.any():
            errors.append(DataProblem(path, "expected a date (YYYY-MM-DD)", t.header[0],
                                      tuple(int(x) for x in lines[bad]), "bad_date"))
        out["date"] = pd.to_datetime(pd.Series([d or pd.NaT for d in days], dtype=object))
    else:
        out[t.kind] = pd.Series(first, dtype=object)
    out["date"] = out["date"].astype("datetime64[us]")
    return out[list(SEARCH_COLUMNS)]


def _csv_tables(raw: RawFile) -> list[_Table]:
    lines = raw.lines
    if not lines:
        return []
    tab = csv_table(lines, 0)
    header = [h.replace("\ufeff", "").strip() for h in tab.header]
    kind = _kind(header)
    return [_Table(kind, Path(raw.name).stem, header, tab.rows, tab.line_numbers)] if kind else []


def _xlsx_tables(raw: RawFile) -> list[_Table]:
    out = []
    for name, sheet in _sheets(raw).items():
        sheet = sheet.dropna(how="all")
        if sheet.empty:
            continue
        values = [["" if (v is None or (isinstance(v, float) and np.isnan(v))) else
                   (v.strftime("%Y-%m-%d") if isinstance(v, dt.date | dt.datetime | pd.Timestamp) else str(v))
                   for v in row] for row in sheet.itertuples(index=False)]
        rows_excel = [int(i) + 1 for i in sheet.index]  # spreadsheet row numbers
        header = [h.strip() for h in values[0]]
        while header and header[-1] == "":
            header.pop()
        kind = _kind(header)
        if kind is None:
            continue
        out.append(_Table(kind, name, header, values[1:], rows_excel[1:]))
    return out


def read(raw: RawFile, ctx: ReadContext) -> Import:
    """Read a Search Console performance export (one CSV table, or the XLSX) into ``search``.

    Returns
    -------
    Import
        ``tables["search"]`` with ``date``, ``query``, ``page``, ``clicks``, ``impressions``,
        ``ctr`` (fraction), ``position`` (average); ``totals`` ``clicks`` and ``impressions`` of
        the Dates table when read (the property's totals), else of the Queries or Pages table;
        ``period`` as described in the module docstring.
    """
    path = raw.name
    tables = _xlsx_tables(raw) if raw.is_excel else _csv_tables(raw)
    if not tables:
        raise refuse(path, "a Search Console export with no Queries, Pages or Dates table: export "
                     "Performance > Export > Download CSV (or Excel) and give its Queries.csv, "
                     "Pages.csv or Dates.csv")
    imp = Import(path, FORMAT, {}, currency=None)
    errors: list[DataProblem] = []
    frames: dict[str, pd.DataFrame] = {}
    period = None
    filter_text = None
    for t in tables:
        rows = [r for r in t.rows if any(str(c).strip() for c in r)]
        imp.rows.read += len(t.rows)
        imp.rows.drop("empty", len(t.rows) - len(rows))
        t.rows = rows
        if t.kind in _NOT_USED:
            imp.rows.drop(f"table not used ({t.name})", len(rows))
            if t.kind == "filters":
                period, filter_text = _filters_period(rows)
            else:
                imp.warn(f"the {t.name} table ({_NOT_USED[t.kind]}) is not used: roianalysis reads "
                         "the export's Queries, Pages and Dates tables", code="table_not_used")
            continue
        imp.rows.kept += len(rows)
        frames[t.kind] = _frame(t, path, errors)
    if errors:
        raise DataValidationError(errors)
    if not frames:  # a companion file of an unpacked export: recognised, counted, not used
        imp.report = "Search Console performance: " + ", ".join(t.name for t in tables)
        imp.period = period
        if any(t.kind == "filters" for t in tables):
            imp.warn("the Filters table (the export's settings) is not used by itself: it gives the "
                     "period of the Queries / Pages tables next to it", code="table_not_used")
        return imp
    imp.report = "Search Console performance: " + ", ".join(
        {"query": "queries", "page": "pages", "date": "dates"}[k] for k in frames)
    if "date" in frames:
        period = _period_of_dates(frames["date"]["date"])
    if period is None and not raw.is_excel:
        folder = raw.path.parent
        for sib in sorted(folder.glob("*")) if folder.is_dir() else []:
            if sib == raw.path or sib.suffix.lower() != ".csv":
                continue
            try:
                other = RawFile(sib)
                if not detect(other):
                    continue
                (ot,) = _csv_tables(other) or (None,)
            except (OSError, ValueError):
                continue
            if ot is None:
                continue
            if ot.kind == "filters":
                period, filter_text = _filters_period(ot.rows)
            elif ot.kind == "date":
                days = pd.Series([parse_day(r[0], dayfirst=False) if r else None for r in ot.rows])
                period = _period_of_dates(pd.to_datetime(days))
            if period:
                break
    imp.period = period
    if period is None and frames.keys() - {"date"}:
        why = f" (its Date filter says '{filter_text}', not dates)" if filter_text else ""
        imp.warn("the Queries / Pages tables have no dates and no Filters or Dates table gives the "
                 f"export's period{why}: their period is unknown; export a custom date range and "
                 "keep Filters.csv or Dates.csv next to Queries.csv", code="unknown_period")
    search = pd.concat([frames[k] for k in ("query", "page", "date") if k in frames], ignore_index=True)
    imp.tables["search"] = search
    src = frames.get("date", frames.get("query", frames.get("page")))
    imp.totals = {"clicks": float(np.nansum(src["clicks"])),
                  "impressions": float(np.nansum(src["impressions"]))}
    return imp
