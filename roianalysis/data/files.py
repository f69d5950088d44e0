"""A client's raw folder: which files it holds, and each file read as a table of text cells
(docs/design.md section 3.2).

``data/raw/<client>/`` holds ``client.yml`` and one file per table, named after the table:
``spend.csv``, ``leads.xlsx``, ``orders.parquet``... CSV files may be UTF-8 with or without BOM (or
Windows-1252 as old Excel exports are), separated by ``,``, ``;`` or tabs. Problems of structure
(ragged records, duplicate columns, unreadable files) are returned as
:class:`~roianalysis.errors.DataProblem`; the cells are checked by
:mod:`roianalysis.data.validate`. Nothing here writes anything.
"""

from __future__ import annotations

import csv
import io as _io
import os
import re
from pathlib import Path

import pandas as pd

from roianalysis.data.validate import _is_missing, snake_case
from roianalysis.errors import DataProblem, DataValidationError, UnknownClientError
from roianalysis.schema import TABLES

EXTENSIONS = (".csv", ".txt", ".parquet", ".xlsx", ".xls")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_MAX_ROWS_LISTED = 20


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


EXPORTS_FOLDER = "exports"
