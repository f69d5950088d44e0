"""Validation of a raw table against the data contract (:mod:`roianalysis.schema`).

:func:`validate_table` checks the columns of a table read by :mod:`roianalysis.data.read` (or
given in memory), then each column with the checker of its type (:data:`CHECKERS`, one function
per column type of :class:`roianalysis.schema.Column`), then the rules across columns (one of,
unique ids, grain, known channels). Every problem names the file, the column, the rows in
spreadsheet numbering (header = row 1) and what was expected; nothing is dropped. The cell
parsers (:func:`parse_number`, :func:`parse_timestamps`) are shared with the engine reader
(:mod:`roianalysis.engine_read`).
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from roianalysis.catalog import METRICS
from roianalysis.data.config import ClientConfig
from roianalysis.errors import DataProblem, PeriodError
from roianalysis.periods import Period
from roianalysis.schema import NO_CAMPAIGN, Column, TableSpec, column_type

#: An offset after a time (``10:00Z``, ``10:00:00+02:00``, ``10:00 +0200``); the year of a
#: day-first date (``05-01-2026``) is not one.
_OFFSET = re.compile(r"\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$", re.I)
#: Dates outside these years are refused (an error, not a warning: such a row would fall in no
#: period any report shows, so its amounts would be silently left out of every figure).
MIN_YEAR, MAX_YEAR = 1970, 2100
def snake_case(name: str) -> str:
    """``"Created At "`` -> ``created_at``; strips BOMs and punctuation."""
    s = str(name).replace("\ufeff", "").strip()
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", s)
    s = re.sub(r"[^0-9A-Za-z]+", "_", s).strip("_").lower()
    return s


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


@dataclass
class TableCheck:
    """Result of validating one table."""

    frame: pd.DataFrame | None
    problems: list[DataProblem] = field(default_factory=list)


@dataclass
class _Cells:
    """What a column checker is given: the raw cells, their text (``None`` for dates, which are
    parsed from the raw cells), the column's spec and where to report."""

    raw: pd.Series
    text: pd.Series | None
    col: Column
    rel: str
    config: ClientConfig
    err: Callable[[DataProblem], None]

    def problem(self, message: str, rows: np.ndarray, code: str, severity: str = "error") -> None:
        self.err(DataProblem(self.rel, message, self.col.name, _rows(rows), code=code,
                             severity=severity))


def _check_timestamp(c: _Cells) -> pd.Series:
    """``timestamp`` (and ``date``): parsed in the client's time zone, years 1970-2100."""
    col = c.col
    ts, bad = parse_timestamps(c.raw, c.config.timezone, c.config.date_format == "dayfirst")
    if bad.any():
        sample = _as_text(c.raw.reset_index(drop=True))[bad].iloc[0]
        abbr = _ZONE_ABBREVIATION.search(str(sample))
        hint = (f"; a zone abbreviation such as {abbr[1]!r} is ambiguous (CST is three "
                "zones): write the offset (+01:00) or an IANA zone name (Europe/Paris)"
                if abbr else "")
        c.problem(f"cannot read {np.count_nonzero(bad)} date(s) such as {sample!r}: "
                  "expected YYYY-MM-DD[ HH:MM[:SS]] (optionally with Z, +02 or +02:00) "
                  f"or DD/MM/YYYY{hint}", bad, "bad_date")
    years = ts.dt.year.to_numpy(dtype="float64", na_value=np.nan)
    odd = (years < MIN_YEAR) | (years > MAX_YEAR)
    if odd.any():
        sample = _as_text(c.raw.reset_index(drop=True))[odd].iloc[0]
        c.problem(f"{np.count_nonzero(odd)} date(s) such as {sample!r} are "
                  f"outside the years {MIN_YEAR}-{MAX_YEAR}: a typo or a placeholder "
                  "date (0001, 1900, 9999)?", odd, "date_out_of_range")
    empty = ts.isna().to_numpy() & ~bad
    if col.required and empty.any():
        c.problem("empty date where one is required", empty, "missing_value")
    return ts


def _check_date(c: _Cells) -> pd.Series:
    """``date``: a timestamp cut to its day."""
    return _check_timestamp(c).dt.normalize()


def _numbers(c: _Cells) -> tuple[pd.Series, np.ndarray]:
    """The rules of every numeric column: a number (``1 234,56``...), and when given a finite
    one (``nan``, ``inf``, ``1e309`` are not amounts; an empty cell is missing)."""
    nums, bad = _parse_numbers(c.raw)
    if bad.any():
        sample = c.raw[bad].iloc[0]
        c.problem(f"expected a number, found {sample!r}", bad, "bad_number")
    vals = nums.to_numpy()
    given = (_as_text(c.raw).notna().to_numpy() if c.text is None else c.text.notna().to_numpy())
    nonfinite = given & ~np.isfinite(vals) & ~bad
    if nonfinite.any():
        sample = _as_text(c.raw)[nonfinite].iloc[0]
        c.problem(f"{np.count_nonzero(nonfinite)} value(s) such as {sample!r} "
                  "are not finite numbers: expected an amount or count (leave the "
                  "cell empty when unknown)", nonfinite, "not_finite")
        nums = pd.Series(np.where(nonfinite, np.nan, vals), index=nums.index)
    return nums.reset_index(drop=True), nums.to_numpy()


def _check_number(c: _Cells) -> pd.Series:
    """``number``: any finite number."""
    return _numbers(c)[0]


def _check_money(c: _Cells) -> pd.Series:
    """``money`` and ``count``: a finite number, 0 or more."""
    nums, vals = _numbers(c)
    neg = vals < 0
    if neg.any():
        c.problem(f"negative {c.col.name} ({vals[neg][0]:g}): expected 0 or more", neg,
                  "negative_value")
    return nums


def _check_signed_money(c: _Cells) -> pd.Series:
    """``signed_money``: a finite amount; negative ones (refunds) kept, with a warning."""
    nums, vals = _numbers(c)
    neg = vals < 0
    if neg.any():
        c.problem(f"{np.count_nonzero(neg)} negative {c.col.name} value(s) "
                  "(refunds?) are kept as they are", neg, "negative_value", severity="warning")
    return nums


def _check_score(c: _Cells) -> pd.Series:
    """``score``: a whole number from 0 to 10 (NPS answers)."""
    nums, vals = _numbers(c)
    outside = (~np.isnan(vals)) & ((vals < 0) | (vals > 10) | (vals != np.round(vals)))
    if outside.any():
        c.problem(f"score {vals[outside][0]:g} is outside 0..10: expected a "
                  "whole number from 0 to 10", outside, "score_out_of_range")
    return nums


def _check_rate(c: _Cells) -> pd.Series:
    """``rate``: a share (0.035) or a percentage (3.5%), between 0 and 1."""
    return _validate_rates(c.raw, c.col.name, c.rel, c.err)


def _check_channel(c: _Cells) -> pd.Series:
    """``channel`` (and ``channel_optional``): the client's canonical channel name."""
    text = c.text
    names = {v: c.config.canonical_channel(v) for v in text.dropna().unique()}
    out = pd.Series(text.map(names).to_numpy(dtype=object), dtype=object)
    return out.where(text.notna().to_numpy(), None)


def _check_category(c: _Cells) -> pd.Series:
    """``category``: lower case, the column's default when empty."""
    return pd.Series([c.col.default if v is None else v.lower() for v in c.text], dtype=object)


def _check_period(c: _Cells) -> pd.Series:
    """``period``: a period label (:meth:`roianalysis.periods.Period.parse`), written one way."""
    text = c.text
    bad = np.zeros(len(text), dtype=bool)
    labels = []
    for i, v in enumerate(text):
        try:
            labels.append(None if v is None else Period.parse(v).label)
        except PeriodError:
            bad[i] = True
            labels.append(None)
    if bad.any():
        c.problem(f"cannot read period {text[bad].iloc[0]!r}: expected 2026, 2026-H1, "
                  "2026-Q3, 2026-09, 2026-W36 or 2026-07-01..2026-09-30", bad, "bad_period")
    return pd.Series(labels, dtype="object")


def _check_metric(c: _Cells) -> pd.Series:
    """``metric``: the name of a metric of :data:`roianalysis.catalog.METRICS` (snake case)."""
    text = c.text
    norm = pd.Series([None if v is None else snake_case(v) for v in text], dtype=object)
    bad = (norm.notna() & ~norm.isin(list(METRICS))).to_numpy()
    if bad.any():
        c.problem(f"unknown metric {text[bad].iloc[0]!r}; known metrics: "
                  f"{', '.join(sorted(METRICS))}", bad, "unknown_metric")
    return norm


def _check_text(c: _Cells) -> pd.Series:
    """``text`` and ``id``: stripped text, the column's default when empty."""
    fill = c.col.default
    return pd.Series([fill if v is None else v for v in c.text], dtype=object)


#: The checker of each column type: it reports its cells' problems and returns the canonical
#: column (index 0..n-1).
CHECKERS: dict[str, Callable[[_Cells], pd.Series]] = {
    "date": _check_date, "timestamp": _check_timestamp,
    "money": _check_money, "count": _check_money, "signed_money": _check_signed_money,
    "number": _check_number, "score": _check_score, "rate": _check_rate,
    "channel": _check_channel, "channel_optional": _check_channel,
    "category": _check_category, "period": _check_period, "metric": _check_metric,
    "text": _check_text, "id": _check_text,
}

#: Column types read from the raw cells themselves (parsed as dates), not from their text.
_PARSED_FROM_RAW = ("date", "timestamp")


def _absent_column(col: Column, n: int) -> pd.Series:
    """An optional column the file does not have: its default, else missing values of its type."""
    if col.default is not None:
        return pd.Series([col.default] * n, dtype="object")
    kept = column_type(col.kind)
    if kept == "float64":
        return pd.Series(np.full(n, np.nan))
    if kept == "timestamp":
        return pd.Series(pd.NaT, index=range(n), dtype=column_type(col.kind, "pandas"))
    return pd.Series([None] * n, dtype="object")


def _header_problems(df: pd.DataFrame, spec: TableSpec, rel: str) -> list[DataProblem]:
    """Problems of the header: a duplicate, missing or extra column, no rows. Errors among them
    (other than no rows) stop the validation of the table."""
    problems: list[DataProblem] = []
    err = problems.append
    cols = list(df.columns)
    dup_cols = sorted({c for c in cols if cols.count(c) > 1})
    if dup_cols:
        err(DataProblem(rel, f"column(s) {', '.join(dup_cols)} appear more than once", code="duplicate_column"))
        return problems
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
        return problems
    for group in spec.one_of:
        if not any(c in df.columns for c in group):
            err(DataProblem(rel, f"expected a column {' or '.join(group)} (at least one of them); found "
                            f"{', '.join(map(str, df.columns))}", code="missing_column"))
            return problems
    extra = [c for c in df.columns if c not in spec.column_names]
    if extra:
        err(DataProblem(rel, f"column(s) {', '.join(extra)} are not part of the '{spec.name}' table "
                        "and are ignored", code="extra_column", severity="warning"))
    if len(df) == 0:
        err(DataProblem(rel, "the file has a header but no rows", code="no_rows",
                        severity="error" if spec.required else "warning"))
    return problems


def _row_problems(frame: pd.DataFrame, spec: TableSpec, rel: str,
                  known_channels: set[str] | None) -> list[DataProblem]:
    """The rules across columns and rows: one of, test dates in order, unique ids, the grain,
    objectives' channels."""
    problems: list[DataProblem] = []
    err = problems.append
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
    return problems


def validate_table(df: pd.DataFrame, spec: TableSpec, rel: str, config: ClientConfig,
                   known_channels: set[str] | None = None) -> TableCheck:
    """Check one raw table against its spec and return its canonical form.

    The header first (:func:`_header_problems`), then each column of the spec with the checker
    of its type (:data:`CHECKERS`; a required column's empty cells are reported first), then the
    rules across rows (:func:`_row_problems`). Every cell problem is reported with its
    spreadsheet row number; nothing is dropped. ``frame`` is None when any problem is an error.
    """
    df = df.reset_index(drop=True)
    problems = _header_problems(df, spec, rel)
    if any(p.code in ("duplicate_column", "missing_column") for p in problems):
        return TableCheck(None, problems)
    err = problems.append
    out: dict[str, pd.Series] = {}
    n = len(df)
    for col in spec.columns:
        if col.name not in df.columns:
            out[col.name] = _absent_column(col, n)
            continue
        raw = df[col.name]
        text = _as_text(raw) if col.kind not in _PARSED_FROM_RAW else None
        if col.required and text is not None:
            empty = text.isna().to_numpy()
            if empty.any():
                err(DataProblem(rel, "empty value where one is required", col.name, _rows(empty),
                                code="missing_value"))
        out[col.name] = CHECKERS.get(col.kind, _check_text)(_Cells(raw, text, col, rel, config, err))

    frame = pd.DataFrame(out)
    problems += _row_problems(frame, spec, rel, known_channels)
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


