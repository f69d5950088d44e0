"""Reading one canonical table file with DuckDB: validated in SQL, written to Parquet directly.

:func:`read_table_engine` is the large-file twin of :func:`roianalysis.data.files.read_raw_table` +
:func:`roianalysis.data.validate.validate_table`: the same checks, the same problems (file, spreadsheet row,
column, code and message), but the cells never become Python objects. DuckDB reads the CSV with
every column as text, trims each cell and types it by SQL rules that mirror the pandas ones
(numbers with decimal commas and thousands separators, ISO and day-first dates, offsets converted
to the client's time zone with ICU's ``timezone()``). Memory is bounded by DuckDB's
``memory_limit`` (it spills to a temporary folder), not by the file's size.

Two ways through, the same result:

* **One pass** (:func:`_fast_path`), tried first: one ``COPY`` from the file to the canonical
  Parquet, which stops (DuckDB's ``error()``) at the first row that is not plain: a non-empty
  cell SQL cannot type, an error-level cell check firing, a value holding a line break. The
  encoding is taken from a quick look (UTF-8 when the first 64 KB are; DuckDB checks every other
  byte as it reads). The checks that only need canonical values (warnings on them, duplicate
  ids, shared grains, objectives' channels) then run on the written file, and channels needing
  an alias send the file to the staged read.
* **Staged**, for every other file: one ``COPY`` writes a staging Parquet file with, per column,
  the trimmed text and the SQL-typed value; problems are counted from it, Python decides the
  unresolved values (below), and when there is no error a second ``COPY`` writes the table.

Exactness with the pandas path is kept by construction where SQL cannot be sure:

* SQL types only the values whose form it knows exactly (``2026-01-05 10:00:00``,
  ``2026-01-05T10:00:00+02:00``, ``05/01/2026``, ``1 234,56``...). Any other non-empty value is
  *unresolved*: its distinct texts are handed to the pandas functions
  (:func:`~roianalysis.data.validate.parse_timestamps`, :func:`~roianalysis.data.validate.parse_number`), whose
  verdicts (value or bad) are joined back. A file full of unusual forms is slower, never wrong.
* Mappings defined in Python (channel aliases, periods, metric names) are applied to distinct
  values and joined back.
* The shape of a CSV file (a stray quote merging lines, a quoted separator shifting values) is
  checked by the pandas path's own :func:`~roianalysis.data.files._csv_record_problems`, streaming over
  the file, whenever DuckDB finds a record with another number of fields, or a value holding a
  line break (only looked for when the file holds a double quote at all).

Row numbers are spreadsheet rows (header = row 1): DuckDB's record index + 2. DuckDB, like
pandas, skips empty lines and counts a quoted multi-line value as one record, so both number
the same records; a file whose records do span several lines is reported (``merged_rows``) or,
in an ignored free-text column, read as the pandas path reads it.
"""

from __future__ import annotations

import codecs
import csv
import io as _io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from roianalysis.catalog import METRICS
from roianalysis.data.config import ClientConfig
from roianalysis.data.files import (
    _KNOWN_COLUMNS,
    _csv_record_problems,
    _duplicate_columns,
    _sniff_separator,
)
from roianalysis.data.validate import (
    _ZONE_ABBREVIATION,
    MAX_YEAR,
    MIN_YEAR,
    _parse_numbers,
    parse_timestamps,
    snake_case,
    validate_table,
)
from roianalysis.errors import DataProblem, PeriodError
from roianalysis.periods import Period
from roianalysis.schema import NO_CAMPAIGN, TableSpec, column_type

#: Default DuckDB memory limit of a read (DuckDB spills to disk beyond it).
MEMORY_LIMIT = "1GB"
#: At most this many row numbers are kept per problem (the count in the message stays exact).
MAX_ROWS_KEPT = 100_000
_CHUNK = 1 << 22
#: What Python's ``str.strip()`` removes (the pandas path strips cells with it).
_PY_SPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_FLOAT = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
_WORDS = r"[+-]?(inf|infinity|nan)"
_NUMERIC = ("money", "signed_money", "count", "number", "score")


@dataclass
class EngineRead:
    """What :func:`read_table_engine` found.

    Attributes
    ----------
    problems : list of DataProblem
        Every problem, errors and warnings, as the pandas path reports them.
    rows : int
        Data rows read.
    written : bool
        True when ``out_parquet`` holds the canonical table (no error found).
    channels : set of str
        Distinct canonical channels of the table (empty when it has no channel column).
    one_pass : bool
        True when the file was plain and read in one pass (:func:`_fast_path`), False when it
        was read in stages (values for Python to decide, a problem to word, aliases...).
    """

    problems: list[DataProblem] = field(default_factory=list)
    rows: int = 0
    written: bool = False
    channels: set = field(default_factory=set)
    one_pass: bool = False


# ------------------------------------------------------------------------------ file encoding
def _scan(path: Path, quick: bool = False) -> tuple[str, bool] | None:
    """The encoding of ``path`` as :func:`roianalysis.data.files._decode` would choose it (UTF-16 by
    BOM or zero bytes, else UTF-8 when every byte decodes, else Windows-1252, else Latin-1),
    read block by block, and whether the file holds a double quote.

    ``quick``: UTF-8 when the first 64 KB decode as UTF-8 (DuckDB then checks every other
    byte as it reads: a file that is not UTF-8 fails the one-pass read, which is then done
    again after a full scan), the rest of the file only searched for a double quote; ``None``
    when the first 64 KB do not decode."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", True
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):
        return ("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"), True
    quote = False
    if quick:
        with open(path, "rb") as f:
            try:
                codecs.getincrementaldecoder("utf-8")().decode(f.read(1 << 16))
            except UnicodeDecodeError:
                return None
            f.seek(0)
            for block in iter(lambda: f.read(_CHUNK), b""):
                if b'"' in block:
                    return "utf-8", True
        return "utf-8", False
    for enc in ("utf-8", "cp1252"):
        dec = codecs.getincrementaldecoder(enc)()
        try:
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(_CHUNK), b""):
                    dec.decode(block)
                    quote = quote or b'"' in block
                dec.decode(b"", final=True)
            return enc, quote
        except UnicodeDecodeError:
            continue
    return "latin-1", quote


def _transcode(path: Path, enc: str, out: Path) -> bool:
    """Write ``path`` decoded from ``enc`` to ``out`` as UTF-8, block by block; returns whether
    the text holds a double quote."""
    dec = codecs.getincrementaldecoder(enc)()
    quote = False
    with open(path, "rb") as f, open(out, "w", encoding="utf-8", newline="") as w:
        for block in iter(lambda: f.read(_CHUNK), b""):
            text = dec.decode(block)
            quote = quote or '"' in text
            w.write(text.lstrip("\ufeff") if w.tell() == 0 else text)
        w.write(dec.decode(b"", final=True))
    return quote


def _lines(path: Path) -> Iterator[str]:
    """The UTF-8 file's lines, as the pandas path's ``csv`` reader sees them (BOM removed)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        yield from f


def _head_text(path: Path, limit: int = 1 << 16) -> str:
    with open(path, encoding="utf-8-sig", newline="", errors="replace") as f:
        return f.read(limit)


# ------------------------------------------------------------------------------------- SQL
def _q(s: str) -> str:
    """``s`` as an SQL string literal."""
    return "'" + str(s).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _trim(expr: str) -> str:
    """Python's ``strip()`` then empty -> NULL, in SQL (``trim`` with that set of characters is
    slow: only called on the values that start or end with one of them)."""
    s = _q(_PY_SPACE)
    return (f"(CASE WHEN contains({s}, left({expr}, 1)) OR contains({s}, right({expr}, 1)) "
            f"THEN NULLIF(trim({expr}, {s}), '') ELSE {expr} END)")


def _number_sql(t: str) -> str:
    """The value of the trimmed text ``t`` when SQL reads it exactly as
    :func:`roianalysis.data.validate.parse_number` does; NULL otherwise (unresolved, or empty). Plain
    numbers are cast; others lose their spaces and currency signs and have their commas read as
    the pandas rule reads them (``1.234,56``, ``1,234.56``, ``1,234,567``, ``12,5``: the macro
    ``_roi_commas``); what is left is cast only when it is a plain number."""
    plain = f"(regexp_full_match({t}, {_q(_FLOAT)}) OR regexp_full_match(lower({t}), {_q(_WORDS)}))"
    return (f"(CASE WHEN {t} IS NULL THEN NULL WHEN {plain} THEN TRY_CAST({t} AS DOUBLE) "
            f"ELSE _roi_number(_roi_commas(_roi_clean({t}))) END)")


#: SQL macros of :func:`_number_sql` (created on each connection).
_MACROS = [
    "CREATE TEMP MACRO _roi_clean(t) AS regexp_replace(regexp_replace(t, "
    "'[ \\t\\n\\r\\f\\v\\x{a0}\\x{202f}'']', '', 'g'), '[€$£]|EUR|USD|GBP', '', 'gi')",
    "CREATE TEMP MACRO _roi_commas(c) AS CASE WHEN contains(c, ',') AND contains(c, '.') THEN "
    "(CASE WHEN regexp_full_match(c, '.*,[^.]*') THEN replace(replace(c, '.', ''), ',', '.') "
    "ELSE replace(c, ',', '') END) WHEN contains(c, ',') THEN "
    "(CASE WHEN length(c) - length(replace(c, ',', '')) > 1 THEN replace(c, ',', '') "
    "ELSE replace(c, ',', '.') END) ELSE c END",
    f"CREATE TEMP MACRO _roi_number(r) AS CASE WHEN regexp_full_match(r, {_q(_FLOAT)}) "
    "THEN TRY_CAST(r AS DOUBLE) END",
]


def _timestamp_sql(t: str, tz: str, dayfirst: bool) -> str:
    """The naive wall-clock timestamp in ``tz`` of the trimmed text ``t`` for the forms SQL
    reads exactly as :func:`roianalysis.data.validate.parse_timestamps` does; NULL otherwise."""
    iso = r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?"
    off = r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})"
    dm = "%d/%m" if dayfirst else "%m/%d"
    forms = [(r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{1,2}:\d{1,2}", f"{dm}/%Y %H:%M:%S"),
             (r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{1,2}", f"{dm}/%Y %H:%M"),
             (r"\d{1,2}/\d{1,2}/\d{4}", f"{dm}/%Y"),
             (r"\d{1,2}\.\d{1,2}\.\d{4}", "%d.%m.%Y")]  # dd-mm-yyyy ends like an offset: Python
    whens = "".join(f" WHEN regexp_full_match({t}, {_q(rx)}) THEN try_strptime({t}, {_q(fmt)})"
                    for rx, fmt in forms)
    return (f"(CASE WHEN {t} IS NULL THEN NULL"
            f" WHEN regexp_full_match({t}, {_q(iso)}) THEN TRY_CAST({t} AS TIMESTAMP)"
            f" WHEN regexp_full_match({t}, {_q(off)}) THEN "
            f"timezone({_q(tz)}, TRY_CAST({t} AS TIMESTAMPTZ)){whens} END)")


# ----------------------------------------------------------------------- Python-side mappings
def _fix_timestamps(texts: list[str], tz: str, dayfirst: bool) -> pd.DataFrame:
    ts, bad = parse_timestamps(pd.Series(texts, dtype=object), tz, dayfirst)
    return pd.DataFrame({"k": texts, "v": ts.to_numpy(dtype="datetime64[us]"), "bad": bad})


def _fix_numbers(texts: list[str]) -> pd.DataFrame:
    nums, bad = _parse_numbers(pd.Series(texts, dtype=object))
    return pd.DataFrame({"k": texts, "v": nums.to_numpy(dtype="float64"), "bad": bad})


def _fix_rates(texts: list[str]) -> pd.DataFrame:
    text = pd.Series(texts, dtype=object)
    pct = text.str.endswith("%").to_numpy(dtype=bool)
    nums, bad = _parse_numbers(text.where(~pct, text.str.rstrip("%")))
    vals = nums.to_numpy(dtype="float64").copy()
    vals[pct] = vals[pct] / 100.0
    return pd.DataFrame({"k": texts, "v": vals, "bad": bad})


def _fix_map(texts: list[str], fn: Callable[[str], object]) -> pd.DataFrame:
    vals, bad = [], []
    for v in texts:
        try:
            vals.append(fn(v))
            bad.append(False)
        except (PeriodError, ValueError):
            vals.append(None)
            bad.append(True)
    return pd.DataFrame({"k": texts, "v": pd.Series(vals, dtype=object), "bad": bad})


def _metric(v: str) -> str:
    name = snake_case(v)
    if name not in METRICS:
        raise ValueError(v)
    return name


# ---------------------------------------------------------------------------------- the read
@dataclass
class _Rule:
    """One check: rows where ``cond`` holds; ``sample`` the value shown in the message."""

    cond: str
    sample: str | None
    make: Callable[[int, object], DataProblem]
    #: The problem is a warning (the table is still written).
    warning: bool = False


def _connect(memory_limit: str, spill: Path):
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = {_q(memory_limit)}")
    con.execute(f"SET temp_directory = {_q(str(spill))}")
    con.execute("SET preserve_insertion_order = true")
    try:  # in a Jupyter kernel DuckDB refuses to touch this setting without ipywidgets
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error:
        pass
    for macro in _MACROS:
        con.execute(macro)
    threads = os.environ.get("ROIANALYSIS_ENGINE_THREADS")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def read_table_engine(path: str | Path, spec: TableSpec, config: ClientConfig,
                      out_parquet: str | Path, *, rel: str | None = None,
                      known_channels: set[str] | None = None,
                      memory_limit: str = MEMORY_LIMIT) -> EngineRead:
    """Read, validate and normalise one canonical table file with DuckDB.

    Parameters
    ----------
    path : path
        A ``.csv`` / ``.txt`` (UTF-8 with or without BOM, UTF-16, Windows-1252; ``,`` ``;`` or
        tab separated) or ``.parquet`` file.
    spec : TableSpec
        The table's contract (:data:`roianalysis.schema.TABLES`).
    config : ClientConfig
        Time zone (offsets are converted to it), date order, channel aliases.
    out_parquet : path
        Where the canonical table is written (only when no error is found), the columns of
        ``spec`` in order: timestamps as naive ``timestamp[us]`` in the client's time zone,
        amounts as ``float64``, the rest as strings.
    rel : str, optional
        The file's name in problems (default: ``str(path)``).
    known_channels : set of str, optional
        Channels an ``objectives`` table may name.
    memory_limit : str
        DuckDB's memory limit (``"1GB"``); beyond it DuckDB spills to a temporary folder.

    Returns
    -------
    EngineRead
        The problems (as :func:`roianalysis.data.validate.validate_table` reports them), the row count and
        whether ``out_parquet`` was written.
    """
    path, out_parquet = Path(path), Path(out_parquet)
    rel = str(path) if rel is None else rel
    try:
        work = Path(tempfile.mkdtemp(prefix=".engine-read-", dir=out_parquet.parent))
    except OSError:  # a read-only folder: DuckDB's files go to the system's temporary folder
        work = Path(tempfile.mkdtemp(prefix=".engine-read-"))
    try:
        con = _connect(memory_limit, work / "spill")
        try:
            return _read(con, path, spec, config, out_parquet, rel, known_channels, work)
        finally:
            con.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _source(con, path: Path, rel: str, work: Path, quick: bool = False):
    """``(relation SQL, [(column name, source expression, duckdb type)], quote, csv file,
    separator)`` or ``(None, problems, ...)`` when the file cannot be used; ``quick``: the
    encoding found by :func:`_scan`'s quick look (``("full", ...)`` when it cannot tell)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        rel_sql = f"read_parquet({_q(str(path))})"
        desc = con.execute(f"DESCRIBE SELECT * FROM {rel_sql}").fetchall()
        names = [d[0] for d in desc]
        dupes = _duplicate_columns(names, rel)
        if dupes:
            return None, dupes, False, None, None
        cols = [(snake_case(n), _ident(n), str(t)) for n, t, *_ in desc]
        return rel_sql, cols, False, None, None
    scanned = _scan(path, quick)
    if scanned is None:
        return "full", [], False, None, None
    enc, quote = scanned
    file = path
    if enc != "utf-8":
        file = work / "utf8.csv"
        quote = _transcode(path, enc, file)
    head = _head_text(file)
    if not head.strip():
        return None, [DataProblem(rel, "the file is empty: expected a header row with the column "
                                  "names, then one row per record", code="empty_file")], False, None, None
    sep = _sniff_separator(head)
    header = next(csv.reader(_io.StringIO(head), delimiter=sep), [])
    if not header or not head.split("\n", 1)[0].strip():
        return "pandas", [], quote, file, sep
    dupes = _duplicate_columns(header, rel)
    if dupes:
        return None, dupes, False, None, None
    columns = ", ".join(f"{_q(f'c{i}')}: 'VARCHAR'" for i in range(len(header)))
    rel_sql = (f"read_csv({_q(str(file))}, delim={_q(sep)}, quote='\"', escape='\"', header=true, "
               f"auto_detect=false, columns={{{columns}}}, strict_mode=true, null_padding=false, "
               "max_line_size=16777216)")
    cols = [(snake_case(h), f"c{i}", "VARCHAR") for i, h in enumerate(header)]
    return rel_sql, cols, quote, file, sep


def _pandas_fallback(path, spec, config, out_parquet, rel, known_channels) -> EngineRead:
    """Files the engine does not read itself (no header on the first line, no data rows):
    the pandas path, whose table is then small."""
    from roianalysis.data.files import read_raw_table
    from roianalysis.data.frames import arrow_table as _arrow_table

    df, problems = read_raw_table(path, rel)
    result = EngineRead(list(problems))
    if df is None:
        return result
    check = validate_table(df, spec, rel, config, known_channels)
    result.problems += check.problems
    result.rows = len(df)
    if check.frame is not None and not any(p.severity == "error" for p in result.problems):
        import pyarrow.parquet as pq

        pq.write_table(_arrow_table(check.frame), out_parquet)
        result.written = True
        if "channel" in check.frame:
            result.channels = set(check.frame["channel"].dropna().unique())
    return result


def _read(con, path, spec, config, out_parquet, rel, known_channels, work) -> EngineRead:
    """The one-pass read when the file is plain (:func:`_fast_path`), else the staged read."""
    try:
        got = _read_pass(con, path, spec, config, out_parquet, rel, known_channels, work, True)
    except Exception:  # the staged read names whatever went wrong
        got = None
    if got is not None:
        return got
    return _read_pass(con, path, spec, config, out_parquet, rel, known_channels, work, False)


def _read_pass(con, path, spec, config, out_parquet, rel, known_channels, work,
               fast_only: bool) -> EngineRead | None:
    """``fast_only``: the one-pass read after a quick look at the encoding, ``None`` whenever
    it does not apply (any problem found before it, a file that is not plain)."""
    try:
        source, cols, quote, file, sep = _source(con, path, rel, work, quick=fast_only)
    except Exception as exc:  # unreadable file: name it, never a bare traceback
        if fast_only:
            return None
        return EngineRead([DataProblem(rel, f"cannot read the file ({type(exc).__name__}: {exc})",
                                       code="bad_file")])
    if fast_only and source in (None, "pandas", "full"):
        return None
    if source is None:
        return EngineRead(list(cols))
    if source == "pandas":
        return _pandas_fallback(path, spec, config, out_parquet, rel, known_channels)
    names = [c[0] for c in cols]
    # header checks (missing / extra columns) exactly as the pandas path words them
    head = validate_table(pd.DataFrame({n: pd.Series([], dtype=object) for n in names}), spec,
                          rel, config, known_channels)
    if any(p.code == "missing_column" for p in head.problems):
        return None if fast_only else EngineRead(head.problems)
    result = EngineRead([p for p in head.problems if p.code != "no_rows"])
    by_name = {c[0]: c for c in cols}
    tz, dayfirst = config.timezone, config.date_format == "dayfirst"

    # ---- pass 1: the file -> staging Parquet (trimmed texts, SQL-typed values, shape flags),
    # computed in layers of projections (each names what the next one uses)
    layer0, layer1, final, shape = [], [], [], []
    for col in spec.columns:
        if col.name not in by_name:
            continue
        _name, expr, dtype = by_name[col.name]
        i = names.index(col.name)
        typed_src = dtype.upper()
        numeric_src = typed_src in ("DOUBLE", "FLOAT", "REAL") or typed_src.startswith("DECIMAL")
        integer_src = typed_src.replace("U", "", 1).endswith("INT") or typed_src == "HUGEINT"
        time_src = typed_src.startswith("TIMESTAMP") or typed_src == "DATE"
        if numeric_src:  # a number read from Parquet: NaN is an empty cell, 123.0 is "123"
            d = f"({expr})::DOUBLE"
            text = (f"CASE WHEN isnan({d}) THEN NULL WHEN isfinite({d}) AND {d} = trunc({d}) AND "
                    f"abs({d}) < 1e18 THEN CAST(CAST({d} AS BIGINT) AS VARCHAR) "
                    f"ELSE CAST({d} AS VARCHAR) END")
        elif typed_src == "VARCHAR":
            text = _trim(expr)
        else:
            text = f"CAST({expr} AS VARCHAR)"
        layer0.append(f"{text} AS t{i}")
        final.append(f"t{i}")
        if col.kind in _NUMERIC and (numeric_src or integer_src):
            layer0.append(f"CASE WHEN isnan(({expr})::DOUBLE) THEN NULL ELSE ({expr})::DOUBLE END AS v{i}")
            final.append(f"v{i}")
        elif col.kind in _NUMERIC or col.kind == "rate":
            s_ = f"t{i}" if col.kind != "rate" else f"CASE WHEN ends_with(t{i}, '%') THEN rtrim(t{i}, '%') ELSE t{i} END"
            layer1.append(f"{s_} AS s{i}")
            if col.kind == "rate":
                final.append(f"CASE WHEN ends_with(t{i}, '%') THEN ({_number_sql(f's{i}')}) / 100.0 "
                             f"ELSE {_number_sql(f's{i}')} END AS v{i}")
            else:
                final.append(f"{_number_sql(f's{i}')} AS v{i}")
            if typed_src == "VARCHAR" and col.kind != "rate":
                layer0.append(f"CASE WHEN {expr} <> t{i} THEN {expr} END AS r{i}")  # untrimmed
                final.append(f"r{i}")
        elif col.kind in ("date", "timestamp"):
            if typed_src.startswith("TIMESTAMP WITH TIME ZONE"):
                final.append(f"timezone({_q(tz)}, c{i}) AS v{i}")
                layer0.append(f"{expr} AS c{i}")
            elif time_src:
                final.append(f"CAST(c{i} AS TIMESTAMP) AS v{i}")
                layer0.append(f"{expr} AS c{i}")
            else:
                final.append(f"{_timestamp_sql(f't{i}', tz, dayfirst)} AS v{i}")
    if quote and file is not None:  # a value holding a line break: the pandas rule
        n = len(names)
        for name, expr, _t in cols:
            nl = f"(contains({expr}, chr(10)) OR contains({expr}, chr(13)))"
            cond = nl if name in _KNOWN_COLUMNS else (
                f"{nl} AND length({expr}) - length(replace({expr}, {_q(sep)}, '')) >= {n - 1}")
            shape.append(f"({cond})")
        layer0.append(f"({' OR '.join(shape)}) IS TRUE AS _merged")
        final.append("_merged")
    if not final:
        layer0.append("1 AS _one")
        final.append("_one")
    query = f"SELECT {', '.join(layer0)} FROM {source}"
    if layer1:
        query = f"SELECT *, {', '.join(layer1)} FROM ({query})"
    query = f"SELECT {', '.join(final)} FROM ({query})"
    if fast_only:
        return _fast_path(con, query, spec, config, by_name, names, bool(shape), rel,
                          known_channels, out_parquet, result)
    stage = work / "stage.parquet"
    try:
        con.execute(f"COPY ({query}) TO {_q(str(stage))} "
                    "(FORMAT parquet, COMPRESSION snappy)")
    except Exception as exc:
        if file is not None:  # the shape of the CSV: named as the pandas path names it
            found = _csv_record_problems(_lines(file), sep, rel)
            if found:
                return EngineRead(found)
            return EngineRead([DataProblem(rel, f"cannot parse the file as CSV: {exc}", code="bad_file")])
        return EngineRead([DataProblem(rel, f"cannot read the file ({type(exc).__name__}: {exc})",
                                       code="bad_file")])
    src = f"read_parquet({_q(str(stage))}, file_row_number=true)"
    if shape and con.execute(f"SELECT bool_or(_merged) FROM {src}").fetchone()[0]:
        found = _csv_record_problems(_lines(file), sep, rel)
        merged = [p for p in found if p.code == "merged_rows"]
        if merged:
            return EngineRead(found)
    n_rows = con.execute(f"SELECT count(*) FROM {src}").fetchone()[0]
    if n_rows == 0:
        return _pandas_fallback(path, spec, config, out_parquet, rel, known_channels)
    result.rows = n_rows

    # ---- pass 2: Python verdicts on the unresolved distinct texts, joined back
    joins, fixes = [], {}
    value_of: dict[str, str] = {}
    bad_of: dict[str, str] = {}
    for col in spec.columns:
        if col.name not in by_name:
            continue
        i = names.index(col.name)
        t, v = f"s.t{i}", f"s.v{i}"
        fix = None
        if col.kind in _NUMERIC or col.kind == "rate" or col.kind in ("date", "timestamp"):
            todo = [r[0] for r in con.execute(
                f"SELECT DISTINCT t{i} FROM {src} WHERE t{i} IS NOT NULL AND v{i} IS NULL").fetchall()]
            if todo:
                if col.kind in ("date", "timestamp"):
                    fix = _fix_timestamps(todo, tz, dayfirst)
                elif col.kind == "rate":
                    fix = _fix_rates(todo)
                else:
                    fix = _fix_numbers(todo)
        elif col.kind in ("channel", "channel_optional", "period", "metric"):
            values = [r[0] for r in con.execute(
                f"SELECT DISTINCT t{i} FROM {src} WHERE t{i} IS NOT NULL").fetchall()]
            if col.kind in ("channel", "channel_optional"):
                mapped = {x: config.canonical_channel(x) for x in values}
                todo = [x for x in values if mapped[x] != x]
                if todo:
                    fix = _fix_map(todo, mapped.__getitem__)
            elif values:
                fn = (lambda x: Period.parse(x).label) if col.kind == "period" else _metric
                fix = _fix_map(values, fn)
        if fix is not None and len(fix):
            tab = f"fix{i}"
            fixes[tab] = fix
            con.register(f"{tab}_df", fix)
            con.execute(f"CREATE TEMP TABLE {tab} AS SELECT * FROM {tab}_df")
            con.unregister(f"{tab}_df")
            joins.append(f"LEFT JOIN {tab} ON {tab}.k = {t}")
            if col.kind in ("channel", "channel_optional"):
                value_of[col.name] = f"COALESCE({tab}.v, {t})"
                bad_of[col.name] = "false"
            elif col.kind in ("period", "metric"):
                value_of[col.name] = f"{tab}.v"
                bad_of[col.name] = f"COALESCE({tab}.bad, false)"
            else:
                value_of[col.name] = f"COALESCE({v}, {tab}.v)"
                bad_of[col.name] = f"COALESCE({tab}.bad, false)"
        else:
            value_of[col.name] = v if (col.kind in _NUMERIC or col.kind == "rate"
                                       or col.kind in ("date", "timestamp")) else t
            bad_of[col.name] = "false"
            if col.kind in ("period", "metric"):
                value_of[col.name] = "NULL::VARCHAR"

    typed_cols = _typed_columns(spec, by_name, names, value_of, bad_of)
    con.execute(f"CREATE OR REPLACE TEMP VIEW typed AS SELECT s.file_row_number AS rn, {', '.join(typed_cols)} "
                f"FROM {src} s {' '.join(joins)}")

    # ---- pass 3: the checks, counted in one scan, rows listed for those that fire
    result.problems += _rule_problems(con, _rules(spec, by_name, rel, known_channels))
    result.problems += _frame_checks(con, spec, rel, known_channels)
    if any(p.severity == "error" for p in result.problems):
        return result

    # ---- pass 4: the canonical table
    order = " ORDER BY rn" if joins else ""
    cols_out = _output_columns(spec)
    tmp = out_parquet.with_name(f".{out_parquet.name}.tmp")
    con.execute(f"COPY (SELECT {cols_out} FROM typed{order}) TO {_q(str(tmp))} "
                "(FORMAT parquet, COMPRESSION snappy)")
    os.replace(tmp, out_parquet)
    result.written = True
    if any(c.name == "channel" for c in spec.columns):
        result.channels = {r[0] for r in con.execute(
            f"SELECT DISTINCT channel FROM read_parquet({_q(str(out_parquet))}) "
            "WHERE channel IS NOT NULL").fetchall()}
    return result


def _rule_problems(con, rules: list[_Rule]) -> list[DataProblem]:
    """The problems of the ``rules`` that fire on the ``typed`` view: counted in one scan, rows
    listed (spreadsheet numbers) for those that fire."""
    out: list[DataProblem] = []
    if not rules:
        return out
    agg = []
    for k, r in enumerate(rules):
        agg.append(f"count(*) FILTER (WHERE {r.cond}) AS n{k}")
        if r.sample:
            agg.append(f"arg_min({r.sample}, rn) FILTER (WHERE {r.cond}) AS x{k}")
    got = con.execute(f"SELECT {', '.join(agg)} FROM typed").fetchone()
    pos = 0
    for r in rules:
        count = got[pos]
        sample = got[pos + 1] if r.sample else None
        pos += 2 if r.sample else 1
        if count:
            rows = tuple(int(x[0]) for x in con.execute(
                f"SELECT rn + 2 FROM typed WHERE {r.cond} ORDER BY rn LIMIT {MAX_ROWS_KEPT}").fetchall())
            out.append(r.make(count, sample, rows))
    return out


#: Message of the error the one-pass read raises to give the file to the staged read.
_NOT_PLAIN = "roianalysis: not a plain file, read it in stages"


def _fast_path(con, query: str, spec: TableSpec, config: ClientConfig, by_name: dict,
               names: list[str], shape: bool, rel: str, known_channels, out_parquet: Path,
               result: EngineRead) -> EngineRead | None:
    """The one-pass read of a plain file: the canonical table written straight from the file.

    Plain: every non-empty cell typed by SQL (nothing for Python to decide), no error-level cell
    check firing, no value holding a line break, channels already canonical, at least one row.
    The ``COPY`` computes the same ``typed`` columns as the staged read and raises (DuckDB's
    ``error()``) at the first row that is not plain; the file is then read in stages by the
    caller, which finds and words every problem. Checks that only look at canonical values
    (warnings on them, duplicate ids, shared grains, objectives' channels) run on the written
    file, whose row ``k`` is the file's record ``k``. Returns ``None`` when the file is not plain
    (or on any other failure: the staged read then reports it).
    """
    if any(by_name.get(c.name) and c.kind in ("period", "metric") for c in spec.columns):
        return None  # values mapped in Python: staged
    value_of, bad_of = {}, {}
    for col in spec.columns:
        if col.name in by_name:
            i = names.index(col.name)
            typed = col.kind in _NUMERIC or col.kind in ("rate", "date", "timestamp")
            value_of[col.name] = f"s.v{i}" if typed else f"s.t{i}"
            bad_of[col.name] = "false"
    cols = _typed_columns(spec, by_name, names, value_of, bad_of)
    if shape:
        cols.append("s._merged AS _merged")
    rules = _rules(spec, by_name, rel, known_channels)
    later = [r for r in rules if r.warning and not any(f"_{k}_" in r.cond or f"_{k}_" in (r.sample or "")
                                                       for k in ("t", "bad", "r"))]
    stop = [f"({r.cond})" for r in rules if r not in later]
    for col in spec.columns:  # a non-empty cell SQL did not type: Python decides (staged read)
        if col.name in by_name and (col.kind in _NUMERIC or col.kind in ("rate", "date", "timestamp")):
            stop.append(f"(_t_{col.name} IS NOT NULL AND {_ident(col.name)} IS NULL)")
    if shape:
        stop.append("_merged")
    where = (f" WHERE CASE WHEN ({' OR '.join(stop)}) IS TRUE THEN error({_q(_NOT_PLAIN)}) "
             "ELSE true END") if stop else ""
    cols_out = _output_columns(spec)
    tmp = out_parquet.with_name(f".{out_parquet.name}.tmp")
    try:
        con.execute(f"COPY (SELECT {cols_out} FROM (SELECT {', '.join(cols)} FROM ({query}) s)"
                    f"{where}) TO {_q(str(tmp))} (FORMAT parquet, COMPRESSION snappy)")
        out = f"read_parquet({_q(str(tmp))}, file_row_number=true)"
        n_rows = con.execute(f"SELECT count(*) FROM {out}").fetchone()[0]
        channels: set = set()
        for col in spec.columns:
            if col.name in by_name and col.kind in ("channel", "channel_optional"):
                values = {r[0] for r in con.execute(
                    f"SELECT DISTINCT {_ident(col.name)} FROM {out} "
                    f"WHERE {_ident(col.name)} IS NOT NULL").fetchall()}
                if any(config.canonical_channel(x) != x for x in values):
                    n_rows = 0  # aliases to apply: staged
                if col.name == "channel":
                    channels = values
        if n_rows == 0:
            tmp.unlink(missing_ok=True)
            return None
        con.execute(f"CREATE OR REPLACE TEMP VIEW typed AS SELECT file_row_number AS rn, * FROM {out}")
        problems = _rule_problems(con, later) + _frame_checks(con, spec, rel, known_channels)
        con.execute("DROP VIEW typed")
    except Exception:  # not plain (or anything else): the staged read names it
        tmp.unlink(missing_ok=True)
        return None
    result.problems += problems
    result.rows = n_rows
    result.one_pass = True
    if any(p.severity == "error" for p in result.problems):
        tmp.unlink(missing_ok=True)
        return result
    os.replace(tmp, out_parquet)
    result.written = True
    if any(c.name == "channel" for c in spec.columns):
        result.channels = channels
    return result


def _output_columns(spec: TableSpec) -> str:
    """The SELECT list of the written table over the ``typed`` columns: the spec's columns in
    order, an empty ``campaign`` written ``(none)`` (as :func:`roianalysis.data.validate.validate_table`
    fills it once every check has run, in every table that has one)."""
    return ", ".join(f"COALESCE({_ident(c.name)}, {_q(NO_CAMPAIGN)}) AS {_ident(c.name)}"
                     if c.name == "campaign" else _ident(c.name) for c in spec.columns)


def _typed_columns(spec: TableSpec, by_name: dict, names: list[str], value_of: dict,
                   bad_of: dict) -> list[str]:
    """The SELECT list of the ``typed`` relation over the staging columns (alias ``s``): the
    canonical columns, as :func:`roianalysis.data.validate.validate_table` builds them, then per column
    read its trimmed text ``_t_<name>``, its verdict ``_bad_<name>`` and, for numbers read
    from text, its untrimmed text ``_r_<name>`` (shown in messages)."""
    canon = []
    for col in spec.columns:
        if col.name not in by_name:
            if col.default is not None:
                canon.append(f"{_q(col.default)}::VARCHAR AS {_ident(col.name)}")
            else:
                canon.append(f"NULL::{column_type(col.kind, 'duckdb')} AS {_ident(col.name)}")
            continue
        i = names.index(col.name)
        val = value_of[col.name]
        if col.kind == "date":
            val = f"date_trunc('day', {val})::TIMESTAMP"
        elif col.kind == "timestamp":
            val = f"({val})::TIMESTAMP"
        elif col.kind == "category":
            val = f"COALESCE(lower(s.t{i}), {_q(col.default)})"
        elif col.kind in ("text", "id") and col.default is not None:
            val = f"COALESCE(s.t{i}, {_q(col.default)})"
        elif col.kind in _NUMERIC or col.kind == "rate":
            val = f"({val})::DOUBLE"
        canon.append(f"{val} AS {_ident(col.name)}")
    extras = [f"s.t{names.index(c.name)} AS _t_{c.name}" for c in spec.columns if c.name in by_name]
    extras += [f"{bad_of[c.name]} AS _bad_{c.name}" for c in spec.columns if c.name in by_name]
    extras += [f"s.r{names.index(c.name)} AS _r_{c.name}" for c in spec.columns
               if c.name in by_name and c.kind in _NUMERIC and by_name[c.name][2] == "VARCHAR"]
    return canon + extras


def _rules(spec: TableSpec, by_name: dict, rel: str, known_channels) -> list[_Rule]:
    """The cell checks of :func:`roianalysis.data.validate.validate_table`, as SQL conditions over the
    ``typed`` view, in the order the pandas path reports them."""
    out: list[_Rule] = []

    def rule(cond, sample, make, warning=False):
        out.append(_Rule(cond, sample, make, warning))

    for col in spec.columns:
        if col.name not in by_name:
            continue
        name = col.name
        c, t, bad = _ident(name), f"_t_{name}", f"_bad_{name}"
        if col.required and col.kind not in ("date", "timestamp"):
            rule(f"{t} IS NULL", None, lambda n, s, rows, name=name: DataProblem(
                rel, "empty value where one is required", name, rows, code="missing_value"))
        if col.kind in ("date", "timestamp"):
            rule(f"{bad} OR ({t} IS NOT NULL AND {c} IS NULL)", t,
                 lambda n, s, rows, name=name: DataProblem(
                     rel, f"cannot read {n} date(s) such as {s!r}: expected YYYY-MM-DD[ HH:MM[:SS]] "
                     f"(optionally with Z, +02 or +02:00) or DD/MM/YYYY{_abbr_hint(s)}", name, rows,
                     code="bad_date"))
            rule(f"year({c}) < {MIN_YEAR} OR year({c}) > {MAX_YEAR}", t,
                 lambda n, s, rows, name=name: DataProblem(
                     rel, f"{n} date(s) such as {s!r} are outside the years {MIN_YEAR}-{MAX_YEAR}: "
                     "a typo or a placeholder date (0001, 1900, 9999)?", name, rows,
                     code="date_out_of_range"))
            if col.required:
                rule(f"{t} IS NULL", None, lambda n, s, rows, name=name: DataProblem(
                    rel, "empty date where one is required", name, rows, code="missing_value"))
        elif col.kind in _NUMERIC:
            raw = f"COALESCE(_r_{name}, {t})" if by_name[name][2] == "VARCHAR" else t
            rule(f"{bad}", raw, lambda n, s, rows, name=name: DataProblem(
                rel, f"expected a number, found {s!r}", name, rows, code="bad_number"))
            nonfinite = f"{t} IS NOT NULL AND NOT {bad} AND NOT isfinite(COALESCE({c}, 'nan'::DOUBLE))"
            rule(nonfinite, t, lambda n, s, rows, name=name: DataProblem(
                rel, f"{n} value(s) such as {s!r} are not finite numbers: expected an amount or count "
                "(leave the cell empty when unknown)", name, rows, code="not_finite"))
            finite = f"isfinite({c})"
            if col.kind in ("money", "count"):
                rule(f"{finite} AND {c} < 0", c, lambda n, s, rows, name=name: DataProblem(
                    rel, f"negative {name} ({s:g}): expected 0 or more", name, rows,
                    code="negative_value"))
            if col.kind == "score":
                rule(f"{finite} AND ({c} < 0 OR {c} > 10 OR {c} <> round({c}))", c,
                     lambda n, s, rows, name=name: DataProblem(
                         rel, f"score {s:g} is outside 0..10: expected a whole number from 0 to 10",
                         name, rows, code="score_out_of_range"))
            if col.kind == "signed_money":
                rule(f"{finite} AND {c} < 0", None, lambda n, s, rows, name=name: DataProblem(
                    rel, f"{n} negative {name} value(s) (refunds?) are kept as they are", name, rows,
                    code="negative_value", severity="warning"), warning=True)
        elif col.kind == "rate":
            rule(f"{bad}", t, lambda n, s, rows, name=name: DataProblem(
                rel, f"expected a share (0.035) or a percentage (3.5%), found {s!r}", name, rows,
                code="bad_number"))
            rule(f"NOT {bad} AND NOT isnan({c}) AND ({c} < 0 OR {c} > 1)", t,
                 lambda n, s, rows, name=name: DataProblem(
                     rel, f"{name} {s!r} is not a share between 0 and 1 (or a percentage between "
                     "0% and 100%)", name, rows, code="bad_number"))
        elif col.kind == "period":
            rule(f"{bad}", t, lambda n, s, rows, name=name: DataProblem(
                rel, f"cannot read period {s!r}: expected 2026, 2026-H1, 2026-Q3, 2026-09, 2026-W36 "
                "or 2026-07-01..2026-09-30", name, rows, code="bad_period"))
        elif col.kind == "metric":
            rule(f"{bad}", t, lambda n, s, rows, name=name: DataProblem(
                rel, f"unknown metric {s!r}; known metrics: {', '.join(sorted(METRICS))}", name,
                rows, code="unknown_metric"))
    for group in spec.one_of:
        cond = " AND ".join(f"{_ident(g)} IS NULL" for g in group)
        rule(cond, None, lambda n, s, rows, group=group: DataProblem(
            rel, f"empty {' and '.join(group)}: each row needs a {' or a '.join(group)}",
            "/".join(group), rows, code="missing_value"))
    if spec.name == "experiments":
        rule('"end" < "start"', None, lambda n, s, rows: DataProblem(
            rel, "the test ends before it starts: expected end on or after start", "end", rows,
            code="bad_date"))
    return out


def _frame_checks(con, spec: TableSpec, rel: str, known_channels) -> list[DataProblem]:
    """Duplicate ids (errors), rows sharing the documented grain (a warning), as the pandas path
    reports them; then objectives naming unknown channels."""
    out = []
    for key in spec.unique:
        k = _ident(key)
        q = (f"SELECT rn, {k} FROM (SELECT rn, {k}, count(*) OVER (PARTITION BY {k}) AS n FROM typed "
             f"WHERE {k} IS NOT NULL) WHERE n > 1")
        count, first = con.execute(f"SELECT count(*), arg_min({k}, rn) FROM ({q})").fetchone()
        if count:
            rows = tuple(int(r[0]) + 2 for r in con.execute(
                f"SELECT rn FROM ({q}) ORDER BY rn LIMIT {MAX_ROWS_KEPT}").fetchall())
            out.append(DataProblem(rel, f"duplicate {key} {first!r}: each {key} must appear once "
                                   f"({count} rows share a value)", key, rows, code="duplicate_id"))
    if spec.grain:
        g = ", ".join(_ident(c) for c in spec.grain)
        q = (f"SELECT rn FROM (SELECT rn, count(*) OVER (PARTITION BY {g}) AS n FROM typed) "
             "WHERE n > 1")
        count = con.execute(f"SELECT count(*) FROM ({q})").fetchone()[0]
        if count:
            rows = tuple(int(r[0]) + 2 for r in con.execute(
                f"{q} ORDER BY rn LIMIT {MAX_ROWS_KEPT}").fetchall())
            out.append(DataProblem(rel, f"{count} rows share the same {' x '.join(spec.grain)}; "
                                   "they are all kept and added up", rows=rows,
                                   code="duplicate_grain", severity="warning"))
    if spec.name == "objectives" and known_channels is not None:
        known = ", ".join(_q(c) for c in sorted(known_channels)) or "NULL"
        q = f"SELECT rn, channel FROM typed WHERE channel IS NOT NULL AND channel NOT IN ({known})"
        count, first = con.execute(f"SELECT count(*), arg_min(channel, rn) FROM ({q})").fetchone()
        if count:
            rows = tuple(int(r[0]) + 2 for r in con.execute(
                f"SELECT rn FROM ({q}) ORDER BY rn LIMIT {MAX_ROWS_KEPT}").fetchall())
            out.append(DataProblem(rel, f"unknown channel {first!r}: expected one of "
                                   f"{', '.join(sorted(known_channels))} (or empty for all channels)",
                                   "channel", rows, code="unknown_channel"))
    return out


def _abbr_hint(sample: object) -> str:
    abbr = _ZONE_ABBREVIATION.search(str(sample))
    return (f"; a zone abbreviation such as {abbr[1]!r} is ambiguous (CST is three zones): write "
            "the offset (+01:00) or an IANA zone name (Europe/Paris)" if abbr else "")




# ------------------------------------------------------------------------------- the gate
#: Files at least this large are read by the engine when the reader is ``"auto"``.
ENGINE_MIN_BYTES = 20 * 1024 * 1024
#: Environment variable choosing the reader: ``auto`` (default), ``engine`` or ``pandas``.
READER_ENV = "ROIANALYSIS_READER"
READERS = ("auto", "engine", "pandas")


def choose_reader(reader: str | None = None) -> str:
    """``reader``, else the value of :data:`READER_ENV`, else ``"auto"``; checked."""
    value = (reader or os.environ.get(READER_ENV) or "auto").strip().lower()
    if value not in READERS:
        raise ValueError(f"unknown reader {value!r}: expected one of {', '.join(READERS)} "
                         f"(argument reader= or the environment variable {READER_ENV})")
    return value


def uses_engine(path: Path, reader: str) -> bool:
    """Whether the table file ``path`` is read by :func:`read_table_engine`: CSV and Parquet
    files, always with ``reader="engine"``, from :data:`ENGINE_MIN_BYTES` with ``"auto"``
    (small files keep the pandas path; Excel files always do)."""
    if reader == "pandas" or Path(path).suffix.lower() not in (".csv", ".txt", ".parquet"):
        return False
    return reader == "engine" or Path(path).stat().st_size >= ENGINE_MIN_BYTES


@dataclass(frozen=True)
class ParquetTable:
    """A canonical table written by the engine reader, not loaded in memory.

    Attributes
    ----------
    path : Path
        Its Parquet file (the columns of the table's spec).
    rows : int
    channels : frozenset of str
        Its distinct channels (for the channels an ``objectives`` file may name).
    """

    path: Path
    rows: int
    channels: frozenset = frozenset()
