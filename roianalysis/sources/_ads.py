"""What the ad-platform readers share (Google Ads, Microsoft Ads, LinkedIn, TikTok).

Column look-up by header synonyms, numbers and dates of a kept row (a bad cell is a
:class:`~roianalysis.errors.DataProblem` naming file, row and column), totals rows, the
reconciliation of the data rows with the export's own totals, campaign type -> channel, and the
aggregation of breakdown rows to the spend grain ``date x channel x campaign x category``.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.sources.base import SPEND_COLUMNS, Import, spread_over_days
from roianalysis.sources.channels import GOOGLE_ADS_CAMPAIGN_TYPES
from roianalysis.sources.text import MISSING_TOKENS, parse_amounts, parse_day, snake

__all__ = [
    "CellErrors",
    "aggregate_spend",
    "channel_of_types",
    "decimal_mark",
    "empty_spend",
    "find_column",
    "infer_dayfirst",
    "one_currency",
    "reconcile",
    "spread_rows",
]

def find_column(columns, synonyms) -> str | None:
    """The first column whose :func:`~roianalysis.sources.text.snake` name is in ``synonyms``.

    Duplicated headers are suffixed ``.1`` by :meth:`Table.frame` (``Currency code.1``), so the
    first occurrence is the one found.
    """
    wanted = list(synonyms)
    names = {c: snake(c) for c in columns if not str(c).startswith("_")}
    for w in wanted:
        for c, s in names.items():
            if s == w:
                return c
    return None


def find_first_column(columns, synonyms_by_key: dict) -> tuple[str | None, object]:
    """The first key of ``synonyms_by_key`` with a column (:func:`find_column`), and that
    column: ``(column, key)``, or ``(None, None)``."""
    for key, synonyms in synonyms_by_key.items():
        column = find_column(columns, synonyms)
        if column:
            return column, key
    return None, None


def columns_like(columns, synonyms) -> list[str]:
    """Every column whose name, without a ``.n`` duplicate suffix, is in ``synonyms``."""
    out = []
    for c in columns:
        base = re.sub(r"\.\d+$", "", str(c))
        if not str(c).startswith("_") and snake(base) in synonyms:
            out.append(c)
    return out


class CellErrors:
    """Bad cells of kept rows, collected then raised together (file, column, rows)."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[DataProblem] = []

    def add(self, column: str, message: str, lines) -> None:
        lines = tuple(int(x) for x in lines)
        if lines:
            self.problems.append(DataProblem(self.path, message, column, lines, "bad_value"))

    def numbers(self, frame: pd.DataFrame, column: str | None, *, decimal: str = ".",
                what: str = "a number") -> np.ndarray:
        """The column as floats (NaN when absent or empty); unparseable cells are recorded."""
        if column is None:
            return np.full(len(frame), np.nan)
        # Fast path for plain numbers (``1234.5``, ``"1,234"``); the rest (``%``, `` --``,
        # currency signs, bad cells) goes through parse_amounts.
        text = frame[column].astype(str).str.strip()
        if decimal == ".":
            cleaned = text.str.replace(",", "", regex=False)
        else:
            cleaned = (text.str.replace(r"[\s\u00a0\u202f.']", "", regex=True)
                       .str.replace(",", ".", regex=False))
        vals = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=float, copy=True)
        todo = ~np.isfinite(vals)
        bad = np.zeros(len(vals), dtype=bool)
        if todo.any():
            slow, slow_bad = parse_amounts(text[todo].tolist(), decimal=decimal)
            vals[todo] = slow
            bad[todo] = slow_bad
        if bad.any():
            sample = frame.loc[bad, column].iloc[0]
            self.add(column, f"expected {what}, found {str(sample)!r}", frame.loc[bad, "_line"])
        return vals

    def spend_numbers(self, data: pd.DataFrame, cost: str, impressions: str | None,
                      clicks: str | None, decimal: str) -> tuple[np.ndarray, ...]:
        """Cost, impressions and clicks of the kept rows, as floats (NaN where absent)."""
        return (self.numbers(data, cost, decimal=decimal, what="an amount"),
                self.numbers(data, impressions, decimal=decimal, what="a count"),
                self.numbers(data, clicks, decimal=decimal, what="a count"))

    def days(self, frame: pd.DataFrame, column: str, *, dayfirst: bool) -> np.ndarray:
        """The column as ``datetime64[us]`` days; empty or unparseable cells are recorded."""
        texts = frame[column].astype(str).str.strip().str.strip('"').str.strip()
        iso = pd.to_datetime(texts.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
        out = iso.to_numpy(dtype="datetime64[us]")
        todo = np.flatnonzero(iso.isna().to_numpy())
        bad = []
        for i in todo:
            d = parse_day(texts.iloc[i], dayfirst=dayfirst)
            if d is None:
                bad.append(i)
            else:
                out[i] = np.datetime64(d, "us")
        if bad:
            self.add(column, f"expected a date, found {texts.iloc[bad[0]]!r}",
                     frame["_line"].iloc[bad])
        return out

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataValidationError(self.problems)


def infer_dayfirst(values, hint: bool = True) -> bool:
    """Whether ``a/b/yyyy`` dates of a column are day-first: a first part above 12 says yes, a
    second part above 12 says no; otherwise ``hint`` (the export's locale)."""
    parts = (pd.Series(list(values), dtype=object).astype(str)
             .str.extract(r"^\s*\"?(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}").dropna().astype(int))
    first = bool((parts[0] > 12).any()) if len(parts) else False
    second = bool((parts[1] > 12).any()) if len(parts) else False
    if first and not second:
        return True
    if second and not first:
        return False
    return hint


def decimal_mark(frame: pd.DataFrame, columns, default: str = ".") -> str:
    """``","`` when the money cells are written with a decimal comma (``12,34``, ``1 234,56``),
    ``"."`` when with a point (``12.34``, ``"1,234.56"``); ``default`` when no cell tells."""
    comma = point = 0
    for c in columns:
        if c is None:
            continue
        for v in frame[c].head(500):
            s = str(v).strip()
            if re.search(r"\d,\d{1,2}\s*%?$", s) and "." not in s:
                comma += 1
            elif re.search(r"\d\.\d{1,2}\s*%?$", s) or re.search(r"\d,\d{3}(\.\d+)?$", s):
                point += 1
    if comma > point:
        return ","
    if point > comma:
        return "."
    return default


_TOTAL = re.compile(r"^\s*(overall total|grand total|total|totaux|sum)\b\s*(?::|-|–|$)\s*(.*)$", re.IGNORECASE)


def totals_label(cells, max_col: int = 3) -> str | None:
    """The label of a totals row (``Total: Account`` -> ``Account``, French ``Total : Compte``),
    found in one of the first ``max_col`` cells after empty ones; ``None`` for a data row."""
    for c in list(cells)[:max_col]:
        s = str(c).replace("\u00a0", " ").strip()
        if not s or s in MISSING_TOKENS:
            continue
        m = _TOTAL.match(s)
        return m[2].strip() if m else None
    return None


def one_currency(frame: pd.DataFrame, columns, errors: CellErrors) -> str | None:
    """The single ISO code of the currency columns of the kept rows, else ``None``.

    Several codes mean several accounts in one export: an error (amounts cannot be added).
    """
    codes: dict[str, int] = {}
    for c in columns:
        text = frame[c].astype(str).str.strip().str.upper()
        first = frame["_line"].groupby(text.to_numpy()).min()
        for s, line in first.items():
            if s and s not in MISSING_TOKENS and s != "--":
                codes[s] = min(codes.get(s, int(line)), int(line))
    if len(codes) > 1:
        errors.add(columns[0], "several currencies in one export (" + ", ".join(sorted(codes))
                   + "): amounts in different currencies cannot be added; export each account "
                   "separately", sorted(codes.values()))
        return None
    return next(iter(codes), None)


def channel_of_types(values, default: str, imp: Import, column: str | None) -> np.ndarray:
    """Campaign type -> channel with :data:`~roianalysis.sources.channels.GOOGLE_ADS_CAMPAIGN_TYPES`.

    Types not in the mapping (and empty cells) get ``default``, named in a warning.
    """
    vals = pd.Series(["" if v is None else str(v).strip() for v in values], dtype=object)
    unknown: dict[str, int] = {}
    mapping = {}
    counts = vals.value_counts()
    for v, n in counts.items():
        ch = GOOGLE_ADS_CAMPAIGN_TYPES.get(v.lower()) or GOOGLE_ADS_CAMPAIGN_TYPES.get(snake(v))
        if ch is None:
            unknown[v or "(empty)"] = int(n)
            ch = default
        mapping[v] = ch
    out = vals.map(mapping).to_numpy(dtype=object)
    if unknown:
        imp.warn("campaign type not recognised, counted as " + default + ": "
                 + ", ".join(f"{k} ({n} rows)" for k, n in sorted(unknown.items())),
                 column=column, code="unknown_campaign_type")
    return out


def aggregate_spend(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum breakdown rows (ad group, ad, device...) to ``date x channel x campaign x category``.

    ``impressions`` / ``clicks`` stay NaN when every summed row is NaN (metric not exported).
    """
    if frame.empty:
        return empty_spend()
    keys = ["date", "channel", "campaign", "category"]
    out = (frame.groupby(keys, sort=True, dropna=False)[["cost", "impressions", "clicks"]]
           .sum(min_count=1).reset_index())
    out["cost"] = out["cost"].fillna(0.0)
    out["date"] = out["date"].astype("datetime64[us]")
    return out[list(SPEND_COLUMNS)]


def empty_spend() -> pd.DataFrame:
    """A spend table with no rows, in canonical columns and dtypes."""
    return pd.DataFrame({
        "date": pd.Series([], dtype="datetime64[us]"),
        "channel": pd.Series([], dtype=object), "campaign": pd.Series([], dtype=object),
        "category": pd.Series([], dtype=object), "cost": pd.Series([], dtype=float),
        "impressions": pd.Series([], dtype=float), "clicks": pd.Series([], dtype=float),
    })[list(SPEND_COLUMNS)]


def period_end(start: dt.date, unit: str) -> dt.date:
    """Last day of the ``unit`` (``week``, ``month``, ``quarter``, ``year``) starting ``start``."""
    if unit == "week":
        return start + dt.timedelta(days=6)
    if unit == "month":
        nxt = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return nxt - dt.timedelta(days=1)
    if unit == "quarter":
        m = ((start.month - 1) // 3) * 3 + 1
        q = start.replace(month=m, day=1)
        nxt = (q + dt.timedelta(days=95)).replace(day=1)
        return nxt - dt.timedelta(days=1)
    if unit == "year":
        return dt.date(start.year, 12, 31)
    raise ValueError(unit)


def spread_rows(frame: pd.DataFrame, starts, ends, values=("cost", "impressions", "clicks")
                ) -> pd.DataFrame:
    """Spread each row evenly over its own days ``starts[i] .. ends[i]`` (inclusive).

    A row of a weekly segment with cost 70 becomes 7 daily rows of 10: sums per row are kept
    exactly, the daily detail inside the span is approximate (the reader warns).
    """
    parts = []
    frame = frame.reset_index(drop=True)
    spans = pd.DataFrame({"s": list(starts), "e": list(ends)})
    for (s, e), idx in spans.groupby(["s", "e"], sort=False).groups.items():
        parts.append(spread_over_days(frame.loc[list(idx)], s, e, tuple(values)))
    if not parts:
        return frame.assign(date=pd.Series([], dtype="datetime64[us]"))
    return pd.concat(parts, ignore_index=True)


def spend_totals(imp: Import, cost, impressions, clicks, has_impressions: bool,
                 has_clicks: bool) -> dict[str, float]:
    """Set ``imp.totals`` from the kept rows (cost rounded to cents; impressions and clicks only
    when the export has those columns) and return the unrounded sums, to reconcile."""
    sums = {"cost": float(np.nansum(cost)), "impressions": float(np.nansum(impressions)),
            "clicks": float(np.nansum(clicks))}
    imp.totals = {"cost": round(sums["cost"], 2)}
    if has_impressions:
        imp.totals["impressions"] = sums["impressions"]
    if has_clicks:
        imp.totals["clicks"] = sums["clicks"]
    return sums


def cost_tolerance(n_rows: int) -> float:
    """Largest gap between a sum of ``n_rows`` amounts rounded to cents and the rounded total:
    half a cent per row plus one cent."""
    return 0.005 * n_rows + 0.011


def reconcile(imp: Import, label: str, sums: dict[str, float], export: dict[str, float],
              n_rows: int, line: int | None = None) -> bool:
    """Compare the data rows' sums with the export's own totals row; warn when they disagree.

    Cost may differ by the rounding of each row to cents (:func:`cost_tolerance`); counts must be
    equal. Returns whether they agree.
    """
    gaps = []
    for key, total in export.items():
        if total is None or np.isnan(total) or key not in sums:
            continue
        mine = sums[key]
        tol = cost_tolerance(n_rows) if key == "cost" else 0.5
        if abs(mine - total) > tol:
            gaps.append(f"{key} {mine:,.2f} in the rows against {total:,.2f} in '{label}'")
    if gaps:
        imp.warn("the data rows do not add up to the export's own total (" + "; ".join(gaps)
                 + "): the file was probably cut or edited; export the report again",
                 rows=(line,) if line else (), code="totals_mismatch")
        return False
    return True
