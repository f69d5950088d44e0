"""Reading and validating a client's raw files (docs/design.md section 3.2).

``data/raw/<client>/`` holds ``client.yml`` and one file per table, named after the table:
``spend.csv``, ``leads.xlsx``, ``orders.parquet``... CSV files may be UTF-8 with or without BOM (or
Windows-1252 as old Excel exports are), separated by ``,``, ``;`` or tabs, with decimal commas and
space/dot thousands separators as French exports write them. Every cell is checked against
:mod:`roianalysis.schema`; all problems of all files are collected and raised together in one
:class:`~roianalysis.errors.DataValidationError`. Nothing here writes anything.
"""

from __future__ import annotations

import csv
import io as _io
import os
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from roianalysis.catalog import METRICS
from roianalysis.data.config import ClientConfig, load_config
from roianalysis.errors import DataProblem, DataValidationError, PeriodError, UnknownClientError
from roianalysis.periods import Period
from roianalysis.schema import NO_CAMPAIGN, TABLES, TableSpec

EXTENSIONS = (".csv", ".txt", ".parquet", ".xlsx", ".xls")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
#: An offset after a time (``10:00Z``, ``10:00:00+02:00``, ``10:00 +0200``); the year of a
#: day-first date (``05-01-2026``) is not one.
_OFFSET = re.compile(r"\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$", re.I)
_MAX_ROWS_LISTED = 20
#: Dates outside these years are refused (an error, not a warning: such a row would fall in no
#: period any report shows, so its amounts would be silently left out of every figure).
MIN_YEAR, MAX_YEAR = 1970, 2100


def check_client_name(client: str) -> str:
    """Return ``client`` if it is a safe folder name (no ``..``, separators or absolute path)."""
    if not isinstance(client, str) or not _SAFE_NAME.match(client) or ".." in client:
        raise UnknownClientError(
            f"invalid client name {client!r}: use letters, digits, '-', '_' or '.', "
            "without '/' or '..'"
        )
    return client


def client_folder(client: str, data_dir: str | Path = "data/raw") -> Path:
    """The raw folder of ``client``; raises :class:`UnknownClientError` when it does not exist."""
    check_client_name(client)
    folder = Path(data_dir) / client
    if not folder.is_dir():
        known = sorted(p.name for p in Path(data_dir).glob("*") if p.is_dir()) if Path(data_dir).is_dir() else []
        hint = f"; clients found: {', '.join(known)}" if known else f"; {data_dir} has no client folder"
        raise UnknownClientError(f"no folder for client {client!r} in {data_dir}{hint}")
    return folder


def list_clients(data_dir: str | Path = "data/raw") -> list[str]:
    """Client folders in ``data_dir`` (those with a ``client.yml``, a spend file or exports)."""
    root = Path(data_dir)
    if not root.is_dir():
        return []
    out = []
    for p in sorted(root.iterdir()):
        if p.is_dir() and _SAFE_NAME.match(p.name) and (
            (p / "client.yml").exists() or any((p / f"spend{e}").exists() for e in EXTENSIONS)
            or (p / "exports").is_dir()
        ):
            out.append(p.name)
    return out


def table_files(folder: Path) -> dict[str, Path]:
    """Map table name -> file found in ``folder`` (several files for one table is an error)."""
    found: dict[str, list[Path]] = {}
    for p in sorted(folder.iterdir()):
        if p.is_file() and p.suffix.lower() in EXTENSIONS and p.stem.lower() in TABLES:
            found.setdefault(p.stem.lower(), []).append(p)
    dupes = {k: v for k, v in found.items() if len(v) > 1}
    if dupes:
        problems = [DataProblem(str(v[0].parent), f"several files for table '{k}': "
                                f"{', '.join(p.name for p in v)}; keep one", code="ambiguous_file")
                    for k, v in dupes.items()]
        raise DataValidationError(problems)
    return {k: v[0] for k, v in found.items()}


_COMPRESSED = (".gz", ".zip", ".bz2", ".xz", ".zst", ".7z")
#: Sub-folders of a client folder read by other readers (:mod:`roianalysis.sources`): not
#: looked at here.
_OTHER_READERS = ("exports",)


def unread_files(folder: Path) -> list[DataProblem]:
    """Warnings naming files of ``folder`` that look like a table but are not read: a link to a
    missing file, a browser's second download (``orders (1).csv``), a compressed file
    (``orders.csv.gz``), a table in a format not read (``orders.json``). Each says what name or
    form would be read. Files of the sub-folders :data:`_OTHER_READERS` are not looked at."""
    read = {p.name for p in table_files(folder).values()}
    out = []
    for p in sorted(folder.iterdir()):
        name = p.name
        if name in read or name.startswith(".") or p.is_dir():
            continue
        lower = name.lower()
        stem = lower
        compressed = next((c for c in _COMPRESSED if lower.endswith(c)), None)
        if compressed:
            stem = lower[: -len(compressed)]
        base, ext = (stem.rsplit(".", 1) + [""])[:2] if "." in stem else (stem, "")
        table = next((t for t in TABLES if base == t or re.match(
            rf"^{t}(?:[\s_-]*\(\d+\)|[\s_-]+(?:copy|copie|\d+)|\s*-\s*copie.*)$", base)), None)
        if table is None:
            continue
        want = f"{table}.csv, {table}.xlsx or {table}.parquet"
        if p.is_symlink() and not p.exists():
            why = f"it is a link to {os.readlink(p)!r}, which does not exist"
        elif compressed:
            why = f"compressed files ({compressed}) are not read: decompress it to {table}{'.' + ext if ext else '.csv'}"
        elif base != table:
            why = f"the name is not a table name: rename it {table}.{ext or 'csv'} (or remove it)"
        elif "." + ext not in EXTENSIONS:
            why = f"the format .{ext} is not read: save it as {want}"
        else:
            continue
        out.append(DataProblem(str(p), f"file found but not read: {why}", code="unread_file",
                               severity="warning"))
    return out


# ------------------------------------------------------------------------------------ reading
def snake_case(name: str) -> str:
    """``"Created At "`` -> ``created_at``; strips BOMs and punctuation."""
    s = str(name).replace("\ufeff", "").strip()
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", s)
    s = re.sub(r"[^0-9A-Za-z]+", "_", s).strip("_").lower()
    return s


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM: Excel's "Unicode text"
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    head = raw[:4096]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):  # UTF-16 without BOM
        enc = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _sniff_separator(text: str) -> str:
    header = text.splitlines()[0] if text else ""
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


#: Every column name of every table: a line break in one of these is a merged record.
_KNOWN_COLUMNS = frozenset(c for spec in TABLES.values() for c in spec.column_names)


def _csv_record_problems(text, sep: str, rel: str) -> list[DataProblem]:
    """Records the CSV reader would not read as one row per line: a quoted value holding a line
    break (a stray ``"`` pair merges the lines in between into one row, and their values vanish)
    and rows with another number of fields than the header (a quoted value holding the
    separator). Rows are named as a spreadsheet numbers them (header = row 1), with the lines of
    the file they span. ``text`` is the file's text, or an iterable of its lines (a file read
    line by line, so a large file is checked without holding it)."""
    reader = csv.reader(_io.StringIO(text) if isinstance(text, str) else text, delimiter=sep)
    merged, wrong = [], []
    header: list[str] = []
    line, record = 0, 0
    try:
        for fields in reader:
            start, line = line + 1, reader.line_num
            if not fields:
                continue
            if not header:
                header = [snake_case(f) for f in fields]
                continue
            record += 1
            row = record + 1
            if line > start:
                for name, value in zip(header, fields, strict=False):
                    if ("\n" in value or "\r" in value) and (
                            name in _KNOWN_COLUMNS or value.count(sep) >= len(header) - 1):
                        merged.append((row, start, line, name))
                        break
            if len(fields) != len(header):
                wrong.append((row, start, len(fields)))
    except csv.Error:
        return []  # pandas names what it cannot parse
    out = []
    if merged:
        where = "; ".join(f"lines {a}-{b}" for _, a, b, _ in merged[:5])
        out.append(DataProblem(
            rel, f"a quoted value holds a line break, so {len(merged)} group(s) of lines of the file "
            f"would be read as one row each ({where}) and the rows inside would be lost: a stray "
            "double quote (\") probably opens a quote that closes lines later; expected one record "
            "per line", merged[0][3], tuple(r for r, *_ in merged), code="merged_rows"))
    if wrong:
        row, start, n = wrong[0]
        out.append(DataProblem(
            rel, f"{len(wrong)} row(s) have another number of values than the header's "
            f"{len(header)} (line {start} has {n}): a quoted value holding the separator '{sep}'?",
            rows=tuple(r for r, *_ in wrong), code="bad_row"))
    return out


def _duplicate_columns(names: list, rel: str) -> list[DataProblem]:
    """Columns whose names mean the same (``cost`` and ``Cost``, or ``cost`` twice): an error
    naming each, never one silently ignored."""
    by_snake: dict[str, list[str]] = {}
    for name in names:
        by_snake.setdefault(snake_case(name), []).append(str(name))
    return [DataProblem(rel, f"{len(same)} columns {' and '.join(repr(n) for n in same)} all mean "
                        f"'{key}': keep one (which one is meant cannot be guessed)", key,
                        code="duplicate_column")
            for key, same in by_snake.items() if len(same) > 1 and key]


def _read_excel(path: Path, rel: str) -> tuple[pd.DataFrame | None, list[DataProblem]]:
    """The workbook's first sheet with data. Another sheet with the same header (data split over
    sheets, one per month) is refused by name rather than silently left out or guessed at; a
    sheet with another header (notes, a pivot table) is named in a warning."""
    sheets = pd.read_excel(path, dtype=object, sheet_name=None, header=None)
    used = {name: df.dropna(how="all").dropna(axis=1, how="all") for name, df in sheets.items()}
    used = {name: df for name, df in used.items() if not df.empty}
    if not used:
        return pd.DataFrame(), []
    first, *others = list(used)
    problems = []
    head = [snake_case(v) for v in used[first].iloc[0].tolist()]
    same = [n for n in others if [snake_case(v) for v in used[n].iloc[0].tolist()] == head]
    if same:
        problems.append(DataProblem(
            rel, f"the data are on several sheets ({', '.join(repr(n) for n in [first, *same])}) "
            "with the same header: only one sheet is read, so rows would be lost; put every row "
            "on one sheet (or save one file per table)", code="several_sheets"))
        return None, problems
    for n in others:
        problems.append(DataProblem(rel, f"sheet {n!r} is not read: its header differs from sheet "
                                    f"{first!r}, which holds the table", code="extra_sheet",
                                    severity="warning"))
    raw = sheets[first]
    at = raw.index.get_loc(used[first].index[0])  # the first row with a value is the header
    names = ["" if _is_missing(v) else str(v) for v in raw.iloc[at].tolist()]
    keep = [i for i, n in enumerate(names) if n or raw.iloc[at + 1:, i].notna().any()]
    df = raw.iloc[at + 1:, keep].reset_index(drop=True)
    df.columns = [names[i] or f"unnamed_{i}" for i in keep]
    return df, problems


def read_raw_table(path: Path, rel: str) -> tuple[pd.DataFrame | None, list[DataProblem]]:
    """Read one file into a DataFrame with snake_case column names, cells kept as read.

    Returns ``(None, problems)`` when the file cannot be read at all.
    """
    suffix = path.suffix.lower()
    sheet_problems: list[DataProblem] = []
    try:
        if suffix in (".csv", ".txt"):
            raw = path.read_bytes()
            text = _decode(raw)
            if not text.strip():
                return None, [DataProblem(rel, "the file is empty: expected a header row with the "
                                          "column names, then one row per record", code="empty_file")]
            sep = _sniff_separator(text)
            header = next(csv.reader(_io.StringIO(text), delimiter=sep), [])
            shape = _duplicate_columns(header, rel) or _csv_record_problems(text, sep, rel)
            if shape:
                return None, shape
            try:
                df = pd.read_csv(_io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                                 skip_blank_lines=True, quoting=csv.QUOTE_MINIMAL)
            except pd.errors.ParserError as exc:
                m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
                if m:
                    return None, [DataProblem(rel, f"expected {m[1]} fields (as in the header) but found "
                                              f"{m[3]}: check the separator '{sep}' and quoting",
                                              rows=(int(m[2]),), code="bad_row")]
                return None, [DataProblem(rel, f"cannot parse the file as CSV: {exc}", code="bad_file")]
            df.attrs["separator"] = sep
        elif suffix == ".parquet":
            df = pd.read_parquet(path)
        else:
            df, sheet_problems = _read_excel(path, rel)
            if df is None:
                return None, sheet_problems
    except Exception as exc:  # unreadable file: name it, never a bare traceback
        return None, [DataProblem(rel, f"cannot read the file ({type(exc).__name__}: {exc})",
                                  code="bad_file")]
    dupes = _duplicate_columns(list(df.columns), rel)
    if dupes:
        return None, dupes
    df.columns = [snake_case(c) for c in df.columns]
    return df, sheet_problems


# ------------------------------------------------------------------------------------ parsing
def _rows(mask: np.ndarray | pd.Series) -> tuple[int, ...]:
    idx = np.flatnonzero(np.asarray(mask))
    return tuple(int(i) + 2 for i in idx)  # header is spreadsheet row 1


def _is_missing(v: object) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v))


def _as_text(s: pd.Series) -> pd.Series:
    """Strings with surrounding blanks removed; empty or missing -> None. Floats that are whole
    numbers (ids read from Excel/Parquet as 123.0) become ``"123"``."""
    if pd.api.types.is_string_dtype(s) and not pd.api.types.is_object_dtype(s):
        st = s.astype("string").str.strip()  # CSV columns: vectorized
        st = st.mask(st == "")
        return pd.Series(st.astype(object).where(st.notna(), None), index=s.index, dtype=object)
    out = []
    for v in s.to_numpy(dtype=object):
        if _is_missing(v):
            out.append(None)
        elif isinstance(v, float | np.floating) and float(v).is_integer():
            out.append(str(int(v)))
        else:
            t = str(v).strip()
            out.append(t if t else None)
    return pd.Series(out, index=s.index, dtype=object)


_SPACES = re.compile(r"[\s\u00a0\u202f']")
_CURRENCY = re.compile(r"[€$£]|EUR|USD|GBP", re.I)


def parse_number(value: object) -> float:
    """Read ``1 234,56``, ``1.234,56``, ``1,234.56``, ``12,5 %``-free amounts; NaN when empty.

    Raises ``ValueError`` when the text is not a number.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return float(value)
    s = _CURRENCY.sub("", _SPACES.sub("", str(value)))
    if s == "":
        return np.nan
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")  # 1.234,56
        else:
            s = s.replace(",", "")  # 1,234.56
    elif "," in s:
        if s.count(",") > 1:
            s = s.replace(",", "")  # 1,234,567
        else:
            s = s.replace(",", ".")  # 12,5 (French decimal comma)
    return float(s)


def _parse_numbers(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return pd.Series(s.to_numpy(dtype="float64"), index=s.index), np.zeros(len(s), dtype=bool)
    text = _as_text(s)
    fast = pd.to_numeric(text, errors="coerce")  # plain numbers, vectorized
    out = fast.to_numpy(dtype="float64", na_value=np.nan).copy()
    bad = np.zeros(len(s), dtype=bool)
    slow = np.flatnonzero(np.isnan(out) & text.notna().to_numpy())
    values = text.to_numpy(dtype=object)
    for i in slow:  # decimal commas, thousands separators, currency signs, or not a number
        try:
            out[i] = parse_number(values[i])
        except (ValueError, TypeError):
            bad[i] = True
    return pd.Series(out, index=s.index), bad


def parse_timestamps(s: pd.Series, tz: str, dayfirst: bool = True) -> tuple[pd.Series, np.ndarray]:
    """Parse a column to naive wall-clock timestamps in ``tz``.

    Values with an offset (``Z``, ``+02:00``) are converted to ``tz``; values without one are taken
    as already in ``tz``. ISO 8601 is read as ISO; ``05/01/2026`` is day-first unless ``dayfirst``
    is false. Returns the parsed series (NaT where unparseable or empty) and a mask of bad cells.
    """
    n = len(s)
    if pd.api.types.is_datetime64_any_dtype(s):
        ts = s
        if getattr(ts.dt, "tz", None) is not None:
            ts = ts.dt.tz_convert(tz).dt.tz_localize(None)
        return ts.astype("datetime64[us]").reset_index(drop=True), np.zeros(n, dtype=bool)
    text = _as_text(s).reset_index(drop=True)
    out = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
    bad = np.zeros(n, dtype=bool)
    present = text.notna().to_numpy()
    if not present.any():
        return out, bad
    vals = text[present]
    # "+02" / "-0330" after a time, and "UTC"/"GMT": the offset forms ISO 8601 reads
    vals = vals.str.replace(_SHORT_OFFSET, r"\1\2:00", regex=True)
    vals = vals.str.replace(_UTC_NAME, "Z", regex=True)
    zone = zoneinfo.ZoneInfo(tz)
    named = vals.str.extract(_ZONE_NAME, expand=False)
    for i, name in named.dropna().items():  # an IANA zone name after the time: convert it
        try:
            local = pd.Timestamp(vals[i][: -len(name)].strip()).tz_localize(
                zoneinfo.ZoneInfo(name), ambiguous="NaT", nonexistent="NaT")
            if pd.isna(local):
                raise ValueError(name)
            out.loc[i] = local.tz_convert(zone).tz_localize(None)
        except (ValueError, TypeError, zoneinfo.ZoneInfoNotFoundError):
            bad[i] = True
    vals = vals[named.isna()]
    has_offset = vals.str.contains(_OFFSET)
    if has_offset.any():
        sub = vals[has_offset]
        parsed = _iso(sub, utc=True)
        ok = parsed.notna()
        out.loc[sub.index[ok]] = parsed[ok].dt.tz_convert(zone).dt.tz_localize(None).to_numpy()
        bad[sub.index[~ok]] = True
    naive = vals[~has_offset]
    if len(naive):
        iso = naive.str.match(r"^\d{4}-\d{1,2}-\d{1,2}")
        parsed = pd.Series(pd.NaT, index=naive.index, dtype="datetime64[us]")
        if iso.any():
            parsed[iso] = _iso(naive[iso])
        rest = naive[~iso]
        if len(rest):
            fmts = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%Y %H:%M:%S",
                    "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y",
                    "%d/%m/%y"]
            if not dayfirst:
                fmts = [f.replace("%d/%m", "%m/%d") for f in fmts]
            got = pd.Series(pd.NaT, index=rest.index, dtype="datetime64[us]")
            for f in fmts:
                todo = got.isna()
                if not todo.any():
                    break
                got[todo] = pd.to_datetime(rest[todo], format=f, errors="coerce")
            parsed[~iso] = got
        ok = parsed.notna()
        out.loc[naive.index[ok]] = parsed[ok].to_numpy()
        bad[naive.index[~ok]] = True
    return out, bad


_SHORT_OFFSET = re.compile(r"(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*([+-]\d{2})$")
_UTC_NAME = re.compile(r"(?<=\d)\s*(?:UTC|GMT)$", re.I)
_ZONE_NAME = re.compile(r"\d\s+([A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+)$")
_ZONE_ABBREVIATION = re.compile(r"\d\s*([A-Za-z]{2,5})$")


def _iso(values: pd.Series, utc: bool = False) -> pd.Series:
    """ISO 8601 texts as timestamps, NaT for any that cannot be read (value by value when the
    vectorized reading refuses the whole column, e.g. mixed offsets)."""
    try:
        got = pd.to_datetime(values, format="ISO8601", utc=utc, errors="coerce")
        # nanoseconds (``10:00:00.123456789``) are cut to the microseconds the store keeps
        return got.dt.floor("us").astype("datetime64[us, UTC]" if utc else "datetime64[us]")
    except (ValueError, TypeError, OverflowError):
        out = []
        for v in values:
            try:
                ts = pd.Timestamp(v)
                ts = (ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")) if utc \
                    else (ts if ts.tzinfo is None else pd.NaT)
            except (ValueError, TypeError, OverflowError):
                ts = pd.NaT
            out.append(ts)
        kind = "datetime64[us, UTC]" if utc else "datetime64[us]"
        return pd.Series(out, index=values.index, dtype=kind)


# ------------------------------------------------------------------------------------ validation
@dataclass
class TableCheck:
    """Result of validating one table."""

    frame: pd.DataFrame | None
    problems: list[DataProblem] = field(default_factory=list)


def validate_table(df: pd.DataFrame, spec: TableSpec, rel: str, config: ClientConfig,
                   known_channels: set[str] | None = None) -> TableCheck:
    """Check one raw table against its spec and return its canonical form.

    Every cell problem is reported with its spreadsheet row number; nothing is dropped.
    """
    problems: list[DataProblem] = []
    err = problems.append
    df = df.reset_index(drop=True)
    cols = list(df.columns)
    dup_cols = sorted({c for c in cols if cols.count(c) > 1})
    if dup_cols:
        err(DataProblem(rel, f"column(s) {', '.join(dup_cols)} appear more than once", code="duplicate_column"))
        return TableCheck(None, problems)
    missing = [c for c in spec.required_columns if c not in df.columns]
    if missing:
        hint = ""
        if len(df.columns) == 1 and any(ch in str(df.columns[0]) for ch in "|,;\t"):
            hint = (" — the whole header was read as one column: the file probably uses a "
                    "separator other than ',', ';' or tab")
        elif len(df.columns) == 1:
            hint = " — only one column was found: check the separator (',', ';' or tab)"
        err(DataProblem(rel, f"missing required column(s) {', '.join(missing)}; expected columns "
                        f"{', '.join(spec.required_columns)} (optional: "
                        f"{', '.join(c for c in spec.column_names if c not in spec.required_columns)})"
                        f"; found {', '.join(map(str, df.columns))}{hint}", code="missing_column"))
        return TableCheck(None, problems)
    for group in spec.one_of:
        if not any(c in df.columns for c in group):
            err(DataProblem(rel, f"expected a column {' or '.join(group)} (at least one of them); found "
                            f"{', '.join(map(str, df.columns))}", code="missing_column"))
            return TableCheck(None, problems)
    extra = [c for c in df.columns if c not in spec.column_names]
    if extra:
        err(DataProblem(rel, f"column(s) {', '.join(extra)} are not part of the '{spec.name}' table "
                        "and are ignored", code="extra_column", severity="warning"))
    if len(df) == 0:
        err(DataProblem(rel, "the file has a header but no rows", code="no_rows",
                        severity="error" if spec.required else "warning"))

    dayfirst = config.date_format == "dayfirst"
    out: dict[str, pd.Series] = {}
    n = len(df)
    for col in spec.columns:
        if col.name not in df.columns:
            if col.default is not None:
                out[col.name] = pd.Series([col.default] * n, dtype="object")
            elif col.kind in ("money", "signed_money", "count", "number", "rate"):
                out[col.name] = pd.Series(np.full(n, np.nan))
            elif col.kind in ("date", "timestamp"):
                out[col.name] = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
            else:
                out[col.name] = pd.Series([None] * n, dtype="object")
            continue
        raw = df[col.name]
        text = _as_text(raw) if col.kind not in ("date", "timestamp") else None
        if col.required and text is not None:
            empty = text.isna().to_numpy()
            if empty.any():
                err(DataProblem(rel, "empty value where one is required", col.name, _rows(empty),
                                code="missing_value"))
        if col.kind in ("date", "timestamp"):
            ts, bad = parse_timestamps(raw, config.timezone, dayfirst)
            if bad.any():
                sample = _as_text(raw.reset_index(drop=True))[bad].iloc[0]
                abbr = _ZONE_ABBREVIATION.search(str(sample))
                hint = (f"; a zone abbreviation such as {abbr[1]!r} is ambiguous (CST is three "
                        "zones): write the offset (+01:00) or an IANA zone name (Europe/Paris)"
                        if abbr else "")
                err(DataProblem(rel, f"cannot read {np.count_nonzero(bad)} date(s) such as {sample!r}: "
                                "expected YYYY-MM-DD[ HH:MM[:SS]] (optionally with Z, +02 or +02:00) "
                                f"or DD/MM/YYYY{hint}", col.name, _rows(bad), code="bad_date"))
            years = ts.dt.year.to_numpy(dtype="float64", na_value=np.nan)
            odd = (years < MIN_YEAR) | (years > MAX_YEAR)
            if odd.any():
                sample = _as_text(raw.reset_index(drop=True))[odd].iloc[0]
                err(DataProblem(rel, f"{np.count_nonzero(odd)} date(s) such as {sample!r} are "
                                f"outside the years {MIN_YEAR}-{MAX_YEAR}: a typo or a placeholder "
                                "date (0001, 1900, 9999)?", col.name, _rows(odd),
                                code="date_out_of_range"))
            empty = ts.isna().to_numpy() & ~bad
            if col.required and empty.any():
                err(DataProblem(rel, "empty date where one is required", col.name, _rows(empty),
                                code="missing_value"))
            if col.kind == "date":
                ts = ts.dt.normalize()
            out[col.name] = ts
        elif col.kind in ("money", "signed_money", "count", "number", "score"):
            nums, bad = _parse_numbers(raw)
            if bad.any():
                sample = raw[bad].iloc[0]
                err(DataProblem(rel, f"expected a number, found {sample!r}", col.name, _rows(bad),
                                code="bad_number"))
            vals = nums.to_numpy()
            # one rule for every numeric column: a value given must be a finite number ("nan",
            # "inf", "1e309" are not amounts); an empty cell (or a missing value of a numeric
            # Parquet/Excel column) is missing, handled as such
            given = (_as_text(raw).notna().to_numpy() if text is None else text.notna().to_numpy())
            nonfinite = given & ~np.isfinite(vals) & ~bad
            if nonfinite.any():
                sample = _as_text(raw)[nonfinite].iloc[0]
                err(DataProblem(rel, f"{np.count_nonzero(nonfinite)} value(s) such as {sample!r} "
                                "are not finite numbers: expected an amount or count (leave the "
                                "cell empty when unknown)", col.name, _rows(nonfinite),
                                code="not_finite"))
                vals = np.where(nonfinite, np.nan, vals)
                nums = pd.Series(vals, index=nums.index)
            if col.kind in ("money", "count"):
                neg = vals < 0
                if neg.any():
                    err(DataProblem(rel, f"negative {col.name} ({vals[neg][0]:g}): expected 0 or more",
                                    col.name, _rows(neg), code="negative_value"))
            if col.kind == "score":
                outside = (~np.isnan(vals)) & ((vals < 0) | (vals > 10) | (vals != np.round(vals)))
                if outside.any():
                    err(DataProblem(rel, f"score {vals[outside][0]:g} is outside 0..10: expected a "
                                    "whole number from 0 to 10", col.name, _rows(outside),
                                    code="score_out_of_range"))
            if col.kind == "signed_money":
                neg = vals < 0
                if neg.any():
                    err(DataProblem(rel, f"{np.count_nonzero(neg)} negative {col.name} value(s) "
                                    "(refunds?) are kept as they are", col.name, _rows(neg),
                                    code="negative_value", severity="warning"))
            out[col.name] = nums.reset_index(drop=True)
        elif col.kind == "rate":
            out[col.name] = _validate_rates(raw, col.name, rel, err)
        elif col.kind in ("channel", "channel_optional"):
            names = {v: config.canonical_channel(v) for v in text.dropna().unique()}
            out[col.name] = pd.Series(text.map(names).to_numpy(dtype=object), dtype=object)
            out[col.name] = out[col.name].where(text.notna().to_numpy(), None)
        elif col.kind == "category":
            out[col.name] = pd.Series([col.default if v is None else v.lower() for v in text], dtype=object)
        elif col.kind == "period":
            bad = np.zeros(n, dtype=bool)
            labels = []
            for i, v in enumerate(text):
                try:
                    labels.append(None if v is None else Period.parse(v).label)
                except PeriodError:
                    bad[i] = True
                    labels.append(None)
            if bad.any():
                err(DataProblem(rel, f"cannot read period {text[bad].iloc[0]!r}: expected 2026, 2026-H1, "
                                "2026-Q3, 2026-09, 2026-W36 or 2026-07-01..2026-09-30", col.name,
                                _rows(bad), code="bad_period"))
            out[col.name] = pd.Series(labels, dtype="object")
        elif col.kind == "metric":
            norm = pd.Series([None if v is None else snake_case(v) for v in text], dtype=object)
            bad = (norm.notna() & ~norm.isin(list(METRICS))).to_numpy()
            if bad.any():
                err(DataProblem(rel, f"unknown metric {text[bad].iloc[0]!r}; known metrics: "
                                f"{', '.join(sorted(METRICS))}", col.name, _rows(bad),
                                code="unknown_metric"))
            out[col.name] = norm
        else:
            fill = col.default
            out[col.name] = pd.Series([fill if v is None else v for v in text], dtype=object)

    frame = pd.DataFrame(out)
    for group in spec.one_of:
        none = frame[list(group)].isna().all(axis=1).to_numpy()
        if none.any():
            err(DataProblem(rel, f"empty {' and '.join(group)}: each row needs a {' or a '.join(group)}",
                            "/".join(group), _rows(none), code="missing_value"))
    if spec.name == "experiments" and len(frame):
        reversed_ = (frame["end"] < frame["start"]).to_numpy()
        if reversed_.any():
            err(DataProblem(rel, "the test ends before it starts: expected end on or after start",
                            "end", _rows(reversed_), code="bad_date"))
    for key in spec.unique:
        vals = frame[key]
        dup = (vals.notna() & vals.duplicated(keep=False)).to_numpy()
        if dup.any():
            first = vals[dup].iloc[0]
            err(DataProblem(rel, f"duplicate {key} {first!r}: each {key} must appear once "
                            f"({np.count_nonzero(dup)} rows share a value)", key, _rows(dup),
                            code="duplicate_id"))
    if spec.grain:
        dup = frame.duplicated(list(spec.grain), keep=False).to_numpy()
        if dup.any():
            err(DataProblem(rel, f"{np.count_nonzero(dup)} rows share the same "
                            f"{' x '.join(spec.grain)}; they are all kept and added up",
                            rows=_rows(dup), code="duplicate_grain", severity="warning"))
    if spec.name == "objectives" and known_channels is not None and len(frame):
        ch = frame["channel"]
        bad = (ch.notna() & ~ch.isin(sorted(known_channels))).to_numpy()
        if bad.any():
            err(DataProblem(rel, f"unknown channel {ch[bad].iloc[0]!r}: expected one of "
                            f"{', '.join(sorted(known_channels))} (or empty for all channels)",
                            "channel", _rows(bad), code="unknown_channel"))
    if any(p.severity == "error" for p in problems):
        return TableCheck(None, problems)
    if "campaign" in frame:
        frame["campaign"] = frame["campaign"].fillna(NO_CAMPAIGN)
    return TableCheck(frame, problems)


def _validate_rates(raw: pd.Series, name: str, rel: str, err) -> pd.Series:
    """A share column: ``3.5%`` / ``3,5 %`` are percentages (-> 0.035), plain numbers are shares
    (0 to 1); anything else, or a share outside 0..1, is reported with its rows."""
    text = _as_text(raw)
    pct = text.str.endswith("%", na=False).to_numpy(dtype=bool)
    stripped = text.where(~pct, text.str.rstrip("%"))
    nums, bad = _parse_numbers(stripped if pct.any() else raw)
    vals = nums.to_numpy(dtype="float64").copy()
    vals[pct] = vals[pct] / 100.0
    if bad.any():
        err(DataProblem(rel, f"expected a share (0.035) or a percentage (3.5%), found "
                        f"{text[bad].iloc[0]!r}", name, _rows(bad), code="bad_number"))
    outside = ~bad & ~np.isnan(vals) & ((vals < 0) | (vals > 1))
    if outside.any():
        err(DataProblem(rel, f"{name} {text[outside].iloc[0]!r} is not a share between 0 and 1 (or a "
                        "percentage between 0% and 100%)", name, _rows(outside), code="bad_number"))
    return pd.Series(vals, index=range(len(vals)))


@dataclass
class ClientRead:
    """Everything read for one client: the canonical tables and where they came from.

    Attributes
    ----------
    config : ClientConfig
    tables : dict of str to DataFrame
        Canonical tables (canonical files and exports together).
    warnings : list of DataProblem
    files : dict of str to Path
        Canonical table files read (``spend`` -> ``spend.csv``...).
    exports : roianalysis.sources.Combined or None
        The exports of ``exports/`` and how they were merged (None when the folder is absent).
    """

    config: ClientConfig
    tables: dict[str, pd.DataFrame]
    warnings: list[DataProblem]
    files: dict[str, Path]
    exports: object = None


EXPORTS_FOLDER = "exports"


def read_client(client: str, data_dir: str | Path = "data/raw", *, salt: bytes | None = None,
                reader: str | None = None, stage: Path | None = None) -> ClientRead:
    """Read, validate and normalize every table of a client: canonical files and exports.

    Canonical files (``spend.csv``...) sit in the client folder; exports as the tools write them
    sit anywhere under its ``exports/`` folder and are read by :mod:`roianalysis.sources`. A table
    given by both is the rows of both (a warning says so). ``salt`` keys the pseudonymous contact
    ids of exports (the client's, so they are stable; random when omitted).

    ``reader`` picks who reads the canonical CSV / Parquet files
    (:func:`roianalysis.engine_read.choose_reader`): ``"auto"`` reads files from 20 MB with
    DuckDB (:func:`roianalysis.engine_read.read_table_engine`) and smaller ones with pandas;
    both report the same problems and give the same tables. With a ``stage`` folder, tables read
    by DuckDB stay there as Parquet (:class:`~roianalysis.engine_read.ParquetTable` values in
    ``tables``) instead of being loaded in memory.

    Raises
    ------
    DataValidationError
        Listing every error found in every file.
    """
    from roianalysis import engine_read

    reader = engine_read.choose_reader(reader)
    folder = client_folder(client, data_dir)
    config = load_config(folder, client)
    files = table_files(folder)
    problems: list[DataProblem] = unread_files(folder)
    exported: dict[str, pd.DataFrame] = {}
    combined = None
    export_dir = folder / EXPORTS_FOLDER
    if export_dir.is_dir():
        from roianalysis import sources

        try:
            imports, notes = sources.read_folder(export_dir, config, salt=salt)
            combined = sources.combine(imports, config)
        except DataValidationError as exc:
            problems += exc.problems
        else:
            problems += notes + combined.problems
            exported = combined.tables
    for name, spec in TABLES.items():
        if spec.required and name not in files and name not in exported:
            problems.append(DataProblem(str(folder / f"{name}.csv"), f"required table '{name}' is missing: "
                                        f"expected a file {name}.csv, {name}.parquet or {name}.xlsx with "
                                        f"columns {', '.join(spec.required_columns)}, or exports that "
                                        f"give it in {folder / EXPORTS_FOLDER}", code="missing_file"))
    tables: dict[str, pd.DataFrame] = {}
    order = [t for t in TABLES if t != "objectives"] + ["objectives"]
    for name in order:
        frames = []
        if name in files:
            path = files[name]
            rel = str(path)
            if name not in exported and engine_read.uses_engine(path, reader):
                known = _known_channels(config, tables) if name == "objectives" else None
                found = _read_with_engine(name, path, rel, config, known, stage, tables)
                if found is not None:
                    problems += found
                    continue
            df, read_problems = read_raw_table(path, rel)
            problems += read_problems
            if df is not None:
                known = _known_channels(config, tables) if name == "objectives" else None
                check = validate_table(df, TABLES[name], rel, config, known)
                problems += check.problems
                if check.frame is not None:
                    frames.append(check.frame)
        if name in exported:
            check = validate_table(exported[name], TABLES[name], str(export_dir), config)
            problems += check.problems
            if check.frame is not None:
                frames.append(check.frame)
            if name in files and len(frames) == 2:
                problems += _overlap_with_exports(name, frames[0], frames[1], str(files[name]),
                                                  export_dir)
        if frames:
            tables[name] = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataValidationError(errors + [p for p in problems if p.severity != "error"])
    return ClientRead(config, tables, problems, files, combined)


def _known_channels(config: ClientConfig, tables: dict) -> set[str]:
    """The channels an ``objectives`` file may name: the config's and those of the tables read."""
    from roianalysis.engine_read import ParquetTable

    known = set(config.channels)
    for t in ("spend", "touchpoints", "leads", "traffic"):
        if isinstance(tables.get(t), ParquetTable):
            known |= set(tables[t].channels)
        elif t in tables:
            known |= set(tables[t]["channel"].dropna().unique())
    return known


def _read_with_engine(name: str, path: Path, rel: str, config: ClientConfig, known, stage,
                      tables: dict) -> list[DataProblem] | None:
    """Read one table file with :func:`roianalysis.engine_read.read_table_engine`: into
    ``tables[name]`` as a :class:`~roianalysis.engine_read.ParquetTable` of ``stage``, or (no
    stage) as a DataFrame. Returns the problems found; ``None`` when no temporary folder can be
    made (the pandas path then reads the file)."""
    import tempfile

    from roianalysis.engine_read import ParquetTable, read_table_engine

    try:
        tmp_dir = tempfile.TemporaryDirectory(prefix=".roianalysis-read-")
    except OSError:
        return None
    with tmp_dir as tmp:
        out = (Path(stage) if stage is not None else Path(tmp)) / f"{name}.parquet"
        got = read_table_engine(path, TABLES[name], config, out, rel=rel, known_channels=known)
        if got.written:
            if stage is not None:
                tables[name] = ParquetTable(out, got.rows, frozenset(got.channels))
            else:
                from roianalysis.data.store import _as_canonical

                tables[name] = _as_canonical(pd.read_parquet(out))
    return got.problems


#: What makes a row of a table the same fact in a canonical file and in an export.
_SAME_FACT = {"spend": ("date", "channel", "category"), "orders": ("order_id",),
              "leads": ("contact_id",), "traffic": ("date", "channel"), "nps": ("answered_at",)}


def _overlap_with_exports(name: str, own: pd.DataFrame, exported: pd.DataFrame, rel: str,
                          export_dir: Path) -> list[DataProblem]:
    """A table given by a canonical file and by exports is the rows of both (an agency-fee sheet
    beside the ad platforms' spend); when both hold the same facts (the same channel, category
    and day of spend, the same order id...), say so: they are counted twice."""
    keys = [k for k in _SAME_FACT.get(name, ()) if k in own and k in exported]
    if not keys:
        return []
    both = own[keys].drop_duplicates().merge(exported[keys].drop_duplicates(), on=keys)
    if not len(both):
        return []
    first = ", ".join(f"{k} {both.iloc[0][k]}" for k in keys)
    return [DataProblem(rel, f"{len(both)} {' x '.join(keys)} of table '{name}' are both in this file "
                        f"and in the exports of {export_dir} (e.g. {first}): both are counted; keep "
                        "them in one place", code="table_and_exports", severity="warning")]


def read_client_tables(client: str, data_dir: str | Path = "data/raw", *, salt: bytes | None = None,
                       reader: str | None = None, stage: Path | None = None
                       ) -> tuple[ClientConfig, dict[str, pd.DataFrame], list[DataProblem], dict[str, Path]]:
    """Read, validate and normalize every table of a client (:func:`read_client` as a tuple).

    Returns the config, the canonical tables, the warnings and the files read. Raises
    :class:`DataValidationError` listing every error found in every file.
    """
    r = read_client(client, data_dir, salt=salt, reader=reader, stage=stage)
    return r.config, r.tables, r.warnings, r.files
