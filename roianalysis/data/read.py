"""Reading a client's raw files (docs/design.md section 3.2); their validation is
:mod:`roianalysis.data.validate`.

``data/raw/<client>/`` holds ``client.yml`` and one file per table, named after the table:
``spend.csv``, ``leads.xlsx``, ``orders.parquet``... CSV files may be UTF-8 with or without BOM (or
Windows-1252 as old Excel exports are), separated by ``,``, ``;`` or tabs, with decimal commas and
space/dot thousands separators as French exports write them. Every cell is checked against
:mod:`roianalysis.schema` (:func:`roianalysis.data.validate.validate_table`); all problems of all files are collected and raised together in one
:class:`~roianalysis.errors.DataValidationError`. Nothing here writes anything.
"""

from __future__ import annotations

import csv
import io as _io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from roianalysis.data.config import ClientConfig, load_config
from roianalysis.data.validate import _is_missing, snake_case, validate_table
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
