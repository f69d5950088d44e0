"""Any other table (Criteo, a CRM table, Olist-like lead and deal tables), mapped in ``client.yml``.

A mapping under ``sources:`` names the headers that identify the file, the canonical table it
fills, and which header gives each canonical column::

    sources:
      criteo:                          # a name for this mapping
        match: [Day, Campaign, Cost]   # header names that identify the file (all must be present)
        table: spend                   # spend, leads, orders, touchpoints, traffic or search
        columns: {date: Day, campaign: Campaign, cost: Cost, clicks: Clicks}
        channel: Display               # a fixed value for a canonical column not in columns:
        decimal: ","                  # optional: decimal comma ("1 234,56")
        date_format: dayfirst          # optional: dayfirst / monthfirst for 05/01/2026
        currency: EUR                  # optional: the amounts' currency

The header row is the first of the file's first 30 lines that holds every ``match`` name, so a
title or date line above it is fine. Values are read as the built-in readers read them: amounts
with thousands separators or a decimal comma, ``%`` rates as fractions, dates in ISO, day-first or
month-first, time stamps with an offset converted to the client's time zone. ``contact_id``
values (e-mail addresses, CRM ids) become pseudonymous keys; an ``orders`` mapping without
``order_id`` gets a stable id per row content. ``touchpoints`` and ``traffic`` without a
``channel`` get GA4's default channel group of their ``source`` / ``medium`` / ``campaign``.

Every problem of a mapping (unknown table or column, a required column neither mapped nor fixed,
a mapped header absent from the file) is an error naming the mapping and the fix; every bad cell is
an error naming its row and column; rows with every mapped cell empty are dropped as ``empty``.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.schema import NO_CAMPAIGN
from roianalysis.sources._crm import (
    bad_cells,
    header_cells,
    lines_of,
    load_table,
    money,
    nones,
    one_currency,
    parse_times,
    text_cells,
)
from roianalysis.sources.base import Import, RawFile, ReadContext
from roianalysis.sources.channels import default_channel_group
from roianalysis.sources.privacy import contact_keys

FORMAT = "generic"
DETECT_TAKES_CONTEXT = True

#: Canonical columns per table and their kind.
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "spend": {"date": "date", "channel": "text", "campaign": "text", "category": "text",
              "cost": "number", "impressions": "number", "clicks": "number"},
    "leads": {"contact_id": "contact", "created_at": "time", "channel": "text", "owner": "text",
              "segment": "text"},
    "orders": {"order_id": "text", "contact_id": "contact", "ordered_at": "time",
               "revenue": "number", "margin": "number"},
    "touchpoints": {"contact_id": "contact", "timestamp": "time", "channel": "text",
                    "campaign": "text", "source": "text", "medium": "text"},
    "traffic": {"date": "date", "channel": "text", "source": "text", "medium": "text",
                "campaign": "text", "sessions": "number", "engaged_sessions": "number",
                "users": "number", "new_users": "number", "key_events": "number",
                "revenue": "number"},
    "search": {"date": "date", "query": "text", "page": "text", "clicks": "number",
               "impressions": "number", "ctr": "number", "position": "number"},
}
#: Columns each table needs (mapped or fixed); ``channel`` of touchpoints / traffic may come
#: from source / medium instead.
REQUIRED = {"spend": ("date", "channel", "cost"), "leads": ("contact_id", "created_at"),
            "orders": ("contact_id", "ordered_at", "revenue"),
            "touchpoints": ("contact_id", "timestamp"), "traffic": ("date",), "search": ()}
OPTION_KEYS = {"match", "table", "columns", "decimal", "date_format", "currency"}
_LOOK = 30


def _mappings(ctx: ReadContext | None) -> dict:
    return dict(getattr(getattr(ctx, "config", None), "sources", None) or {})


def _header_line(raw: RawFile, match: list[str]) -> int | None:
    want = {str(m).strip() for m in match}
    for i, cells in enumerate(header_cells(raw, _LOOK)):
        if want <= {c.strip() for c in cells}:
            return i
    return None


def _usable_match(spec) -> list[str] | None:
    if not isinstance(spec, dict):
        return None
    m = spec.get("match")
    if isinstance(m, str):
        m = [m]
    if not isinstance(m, list) or not m or not all(isinstance(x, str | int) for x in m):
        return None
    return [str(x) for x in m]


def find_mapping(raw: RawFile, ctx: ReadContext | None) -> tuple[str, dict, int] | None:
    """The first ``client.yml`` mapping whose ``match`` headers are all in one of the file's
    first lines: ``(name, mapping, header line)``."""
    for name, spec in _mappings(ctx).items():
        match = _usable_match(spec)
        if match is None:
            continue
        line = _header_line(raw, match)
        if line is not None:
            return str(name), spec, line
    return None


def detect(raw: RawFile, ctx: ReadContext | None = None) -> bool:
    """A file one of ``client.yml``'s ``sources:`` mappings identifies by its headers."""
    return find_mapping(raw, ctx) is not None


def validate_mapping(name: str, spec, header: list[str] | None = None, path: str = "client.yml"
                     ) -> list[DataProblem]:
    """Problems of one mapping (``header``: the file's header, to check the mapped names)."""
    where = f"client.yml sources.{name}"
    out: list[DataProblem] = []

    def bad(msg: str) -> None:
        out.append(DataProblem(path, f"{where}: {msg}", code="bad_mapping"))

    if not isinstance(spec, dict):
        bad("must be a mapping with match, table and columns")
        return out
    if _usable_match(spec) is None:
        bad("'match' must be a non-empty list of header names that identify the file")
    table = spec.get("table")
    if table not in TABLE_COLUMNS:
        bad(f"'table' must be one of {', '.join(TABLE_COLUMNS)}, got {table!r}")
        return out
    allowed = TABLE_COLUMNS[table]
    cols = spec.get("columns")
    if not isinstance(cols, dict) or not cols:
        bad(f"'columns' must map canonical columns of {table} ({', '.join(allowed)}) to header names")
        return out
    unknown_cols = sorted(set(map(str, cols)) - set(allowed) - {"currency"})
    if unknown_cols:
        bad(f"unknown column(s) {', '.join(unknown_cols)} for table {table}: expected "
            f"{', '.join(allowed)}")
    fixed = {k for k in spec if k not in OPTION_KEYS}
    unknown_keys = sorted(k for k in fixed if k not in allowed)
    if unknown_keys:
        bad(f"unknown key(s) {', '.join(map(str, unknown_keys))}: expected {', '.join(sorted(OPTION_KEYS))} "
            f"or a fixed value for one of {', '.join(c for c, k in allowed.items() if k == 'text')}")
    for k in fixed & set(allowed):
        if allowed[k] != "text":
            bad(f"'{k}' cannot be a fixed value (only text columns can): map it under columns:")
        if k in cols:
            bad(f"'{k}' is both mapped under columns: and given a fixed value: keep one")
    have = set(map(str, cols)) | fixed
    need = list(REQUIRED[table])
    if table in ("touchpoints", "traffic") and not ({"channel", "source", "medium"} & have):
        need.append("channel")
    if table == "search" and not ({"query", "page"} & have):
        need.append("query or page")
    if table == "search" and not ({"clicks", "impressions"} & have):
        need.append("clicks or impressions")
    missing = [c for c in need if c not in have]
    if missing:
        bad(f"table {table} needs {', '.join(missing)}: map {'it' if len(missing) == 1 else 'them'} "
            "under columns: (or give a fixed value for a text column)")
    if spec.get("decimal", ".") not in (".", ","):
        bad(f"'decimal' must be '.' or ',', got {spec.get('decimal')!r}")
    if spec.get("date_format", "dayfirst") not in ("dayfirst", "monthfirst"):
        bad(f"'date_format' must be dayfirst or monthfirst, got {spec.get('date_format')!r}")
    if header is not None:
        names = {h.replace("\ufeff", "").strip() for h in header}
        absent = [f"{k}: {v}" for k, v in cols.items() if str(v).strip() not in names]
        if absent:
            bad(f"header(s) not in the file: {', '.join(absent)} (the file has "
                f"{', '.join(sorted(names)[:30])})")
    return out


def _stable_ids(name: str, frame: pd.DataFrame, cols: list[str]) -> np.ndarray:
    out = []
    for row in frame[cols].astype(str).itertuples(index=False):
        h = hashlib.blake2b("\x1f".join(row).encode(), digest_size=8).hexdigest()
        out.append(f"{name}:{h}")
    return np.asarray(out, dtype=object)


def read(raw: RawFile, ctx: ReadContext) -> Import:
    path = raw.name
    found = find_mapping(raw, ctx)
    if found is None:  # read() is only called after detect(); kept for direct calls
        raise DataValidationError([DataProblem(path, "no client.yml 'sources:' mapping matches this "
                                               "file's headers", code="unknown_export")])
    name, spec, line = found
    table = load_table(raw, line)
    problems = validate_mapping(name, spec, table.header, path)
    if problems:
        raise DataValidationError(problems)
    df = table.frame()
    kind = spec["table"]
    allowed = TABLE_COLUMNS[kind]
    cols = {str(k): str(v).strip() for k, v in spec["columns"].items()}
    decimal = spec.get("decimal", ".")
    fmt = spec.get("date_format") or getattr(ctx.config, "date_format", "dayfirst")
    imp = Import(path, FORMAT, {}, report=f"client.yml mapping '{name}' ({kind})", account=name)
    imp.rows.read = len(df)
    cells = {c: text_cells(df, h) for c, h in cols.items()}
    empty = np.ones(len(df), dtype=bool)
    for s in cells.values():
        empty &= (s == "").to_numpy()
    imp.rows.drop("empty", int(empty.sum()))
    df = df[~empty].reset_index(drop=True)
    cells = {c: s[~empty].reset_index(drop=True) for c, s in cells.items()}
    n = len(df)
    problems = []
    out: dict[str, object] = {}
    for col, ckind in allowed.items():
        if col not in cells:
            fixed = spec.get(col)
            if ckind in ("number",):
                out[col] = np.full(n, np.nan)
            elif ckind in ("date", "time"):
                out[col] = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
            else:
                out[col] = np.asarray([None if fixed is None else str(fixed)] * n, dtype=object)
            continue
        s = cells[col]
        header = cols[col]
        if ckind == "number":
            vals, bad = money(s, decimal)
            if bad.any():
                problems.append(bad_cells(path, df, header, bad, "numbers", s))
            out[col] = vals
        elif ckind in ("date", "time"):
            ts, bad, how = parse_times(s, ctx.timezone, dayfirst_default=fmt != "monthfirst")
            if bad.any():
                problems.append(bad_cells(path, df, header, bad, "dates", s))
            if ckind == "date":
                ts = ts.dt.normalize()
            out[col] = ts.to_numpy(dtype="datetime64[us]")
        elif ckind == "contact":
            out[col] = nones(contact_keys(s, ctx.salt))
        else:
            out[col] = nones(s)
    for col in REQUIRED[kind]:
        if col in cols:
            v = out[col]
            miss = pd.isna(pd.Series(v)).to_numpy() & (cells[col] == "").to_numpy()
            if miss.any():
                problems.append(DataProblem(path, f"empty {col} where one is required", cols[col],
                                            lines_of(df, miss), code="missing_value"))
    currency = spec.get("currency")
    factors = None
    if "currency" in cols and n:
        try:
            currency, factors, note = one_currency(path, df, cells["currency"], ctx, cols["currency"])
            if note:
                imp.warn(note, column=cols["currency"], code="currency_converted")
        except DataValidationError as exc:
            problems += exc.problems
    if problems:
        raise DataValidationError(problems)
    frame = pd.DataFrame({c: out[c] for c in allowed})
    if factors is not None:
        for c in ("cost", "revenue", "margin"):
            if c in frame:
                frame[c] = frame[c] * factors
    imp.currency = str(currency).upper() if currency else None
    if kind in ("touchpoints", "traffic"):
        no_channel = frame["channel"].isna()
        if no_channel.any():
            frame.loc[no_channel, "channel"] = [
                default_channel_group(s, m, c) for s, m, c in
                zip(frame.loc[no_channel, "source"], frame.loc[no_channel, "medium"],
                    frame.loc[no_channel, "campaign"], strict=True)]
    if kind == "spend":
        frame["category"] = frame["category"].fillna("media")
        frame["campaign"] = frame["campaign"].fillna(NO_CAMPAIGN)
        frame = frame.groupby(["date", "channel", "campaign", "category"], sort=True, dropna=False
                              ).agg(cost=("cost", "sum"), impressions=("impressions", lambda x: x.sum(min_count=1)),
                                    clicks=("clicks", lambda x: x.sum(min_count=1))).reset_index()
        frame = frame[list(allowed)]
    if kind == "orders":
        if "order_id" not in cols:
            frame["order_id"] = _stable_ids(name, pd.DataFrame({c: cells[c] for c in cells}), list(cells))
        dup = frame["order_id"].duplicated(keep="first")
        if dup.any():
            imp.rows.drop("duplicate order_id", int(dup.sum()))
            imp.warn(f"{int(dup.sum())} row(s) repeat an order_id: counted once",
                     rows=lines_of(df, dup.to_numpy()), code="duplicate_order")
            frame = frame[~dup.to_numpy()].reset_index(drop=True)
    if kind == "leads":
        order = frame.sort_values("created_at", kind="stable").index
        dup = frame.loc[order, "contact_id"].duplicated(keep="first")
        dup = dup.reindex(frame.index).to_numpy()
        if dup.any():
            imp.rows.drop("duplicate contact", int(dup.sum()))
            imp.warn(f"{int(dup.sum())} row(s) repeat a contact: counted once, at the earliest date",
                     rows=lines_of(df, dup), code="duplicate_contact")
            frame = frame[~dup].reset_index(drop=True)
    imp.rows.kept = imp.rows.read - sum(imp.rows.dropped.values())
    imp.tables[kind] = frame.reset_index(drop=True)
    dates = {"spend": "date", "traffic": "date", "search": "date", "leads": "created_at",
             "orders": "ordered_at", "touchpoints": "timestamp"}[kind]
    d = pd.to_datetime(frame[dates]).dropna()
    if len(d):
        imp.period = (d.min().date(), d.max().date())
    sums = {"spend": ("cost", "impressions", "clicks"), "orders": ("revenue",),
            "traffic": ("sessions", "revenue"), "search": ("clicks", "impressions")}.get(kind, ())
    imp.totals = {c: float(np.nansum(frame[c])) for c in sums if frame[c].notna().any()}
    imp.totals[{"spend": "rows", "leads": "leads", "orders": "orders", "touchpoints": "touchpoints",
                "traffic": "rows", "search": "rows"}[kind]] = float(len(frame))
    return imp
