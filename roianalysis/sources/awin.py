"""Awin affiliate exports: the transactions export, and the publisher performance report.

Transactions export
-------------------
One row per transaction (every field quoted, CRLF, UTF-8 with or without BOM), UI names
(``transaction_date``, ``commission``, ``sale_amount``, ``commission_status``,
``publisher_name``, ``customer_acquisition``...) or API names (``transactionDate``,
``commissionAmount``, ``saleAmount``, ``commissionStatus``, ``siteName``; nested
``commissionAmount.amount`` / ``.currency`` once flattened).

- The **commission is spend**: table ``spend``, channel ``Affiliates``, category ``affiliate``,
  campaign = the publisher, one row per day x publisher; ``cost`` = sum of the commissions of the
  approved and pending transactions of that day. Declined (and deleted) transactions are dropped
  and counted (``declined``); pending ones are kept, with a warning (Awin may still decline them).
  ``commission_status`` is ``approved`` / ``pending`` / ``declined`` (``bonus`` counts as
  approved) or a code: ``1`` = approved, ``2`` = declined. Another value is kept as pending and
  named in a warning.
- The **sale amounts are affiliate revenue**, reported in ``totals["revenue"]`` only. They do
  not become orders: the export has no customer id to join them to leads and to the shop's own
  orders (which already hold these sales), so counting them again would double revenue.
- The day is the date part of the transaction time, as the export writes it (Awin writes the
  account's time zone); a time with an offset is converted to the client's time zone first.

Publisher performance report
----------------------------
One row per publisher (``publisher_name``, ``PublisherID``, ``total_commission``,
``approved_commission``, ``pending_commission``, ``declined_commission``, ``total_revenue``...)
over a date range chosen in the UI. The genuine export does *not* write that range: without it
the commission cannot be placed in time, so such a file is refused by name, asking for the
transactions export. When the report carries its dates (a ``date`` column: daily rows; or
``start_date`` / ``end_date``), ``cost`` = ``total_commission`` (approved + pending + bonus,
declined excluded, as Awin's own total) per publisher, spread evenly over the range with a warning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.sources.base import (
    Import,
    RawFile,
    ReadContext,
    refuse,
    spend_frame,
    spread_over_days,
)
from roianalysis.sources.channels import AD_PLATFORM_CHANNEL
from roianalysis.sources.fastcsv import head_text, read_columns, short_last_row
from roianalysis.sources.text import MISSING_TOKENS, parse_amounts, parse_day, snake, split_line

__all__ = ["FORMAT", "detect", "read"]

FORMAT = "awin"
CHANNEL = AD_PLATFORM_CHANNEL[FORMAT]
CATEGORY = "affiliate"

#: snake_case header (:func:`~roianalysis.sources.text.snake`) -> role, transactions export.
TRANSACTION_ROLES: dict[str, str] = {}
for _role, _names in {
    "id": ("id", "transaction_id"),
    "date": ("transaction_date", "transaction_time", "date"),
    "commission": ("commission", "commission_amount", "commission_amount_amount", "commission_value"),
    "sale": ("sale_amount", "sale_amount_amount", "sale_value", "transaction_amount"),
    "status": ("commission_status", "transaction_status", "status"),
    "publisher": ("publisher_name", "site_name", "publisher", "affiliate_name"),
    "publisher_id": ("publisher_id", "publisherid", "affiliate_id"),
    "currency": ("currency", "commission_currency", "commission_amount_currency",
                 "sale_amount_currency", "sale_currency", "transaction_currency"),
    "acquisition": ("customer_acquisition",),
}.items():
    for _n in _names:
        TRANSACTION_ROLES[_n] = _role

#: snake_case header -> role, publisher performance report.
PERFORMANCE_ROLES = {
    "publisher_name": "publisher", "publisherid": "publisher_id", "publisher_id": "publisher_id",
    "total_commission": "commission", "pending_commission": "pending",
    "declined_commission": "declined", "total_revenue": "sale", "total_transactions": "transactions",
    "all_clicks": "clicks", "impressions": "impressions",
    "date": "day", "day": "day", "start_date": "start", "date_from": "start", "from": "start",
    "end_date": "end", "date_to": "end", "to": "end",
}

APPROVED = frozenset({"approved", "valid", "confirmed", "bonus", "1"})
PENDING = frozenset({"pending", "open"})
DECLINED = frozenset({"declined", "rejected", "deleted", "deleted_by_advertiser", "2"})


def _header(raw: RawFile) -> list[str]:
    for line in head_text(raw).splitlines()[:5]:
        if line.strip():
            return split_line(line)
    return []


def _kind(names: list[str]) -> str | None:
    s = set(names)
    if {"publisher_name", "total_commission"} <= s and ({"publisherid", "publisher_id"} & s):
        return "performance"
    roles = {TRANSACTION_ROLES.get(n) for n in names}
    awin_named = bool(s & {"commission_status", "commissionstatus", "publisher_name", "site_name",
                           "customer_acquisition", "click_through_time", "clickthroughtime",
                           "commission_sharing_publisher_id", "advertiser_id"})
    if {"date", "commission"} <= roles and awin_named and "transaction_date" in s:
        return "transactions"
    return None


def detect(raw: RawFile) -> bool:
    """An Awin transactions export (``transaction_date`` with ``commission`` and an Awin field
    such as ``commission_status`` / ``publisher_name``) or a publisher performance report
    (``publisher_name``, ``PublisherID``, ``total_commission``)."""
    try:
        if raw.is_excel or raw.is_parquet:
            return False
        return _kind([snake(h) for h in _header(raw)]) is not None
    except Exception:  # noqa: BLE001 - a detector never raises
        return False


def _numbers(s: pd.Series, label: str, rows_of, problems: list[DataProblem], path: str,
             mask: np.ndarray) -> np.ndarray:
    """Floats of an amount column (empty = 0); unreadable cells of ``mask`` rows -> problems."""
    vals = np.array(pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    failed = np.isnan(vals) & ~s.str.strip().isin(MISSING_TOKENS).to_numpy()
    if failed.any():
        idx = np.flatnonzero(failed)
        again, bad = parse_amounts(s.to_numpy()[idx])
        vals[idx] = again
        bad_idx = idx[bad & mask[idx]]
        if len(bad_idx):
            sample = ", ".join(repr(v) for v in s.to_numpy()[bad_idx[:3]])
            problems.append(DataProblem(path, f"expected an amount, got {sample}", label,
                                        tuple(rows_of(bad_idx[:20].tolist())), code="bad_number"))
    return np.nan_to_num(vals, nan=0.0)


def _days(s: pd.Series, label: str, rows_of, problems: list[DataProblem], path: str,
          need: np.ndarray, tz: str, dayfirst: bool) -> np.ndarray:
    """The day of each date-time cell (``datetime64[D]``); offsets converted to ``tz``."""
    s = s.str.strip()
    codes, uniq = pd.factorize(s.to_numpy(dtype=object))
    u = pd.Series(uniq, dtype=object)
    has_offset = u.str.contains(r"(?:[+-]\d\d:?\d\d|Z)$", regex=True)
    parsed = pd.to_datetime(u.where(~has_offset), format="ISO8601", errors="coerce")
    out = parsed.dt.normalize().to_numpy(dtype="datetime64[D]")
    if has_offset.any():
        aware = pd.to_datetime(u[has_offset], utc=True, format="ISO8601", errors="coerce")
        local = aware.dt.tz_convert(tz).dt.tz_localize(None).dt.normalize()
        out[has_offset.to_numpy()] = local.to_numpy(dtype="datetime64[D]")
    for i in np.flatnonzero(np.isnat(out)):  # non-ISO forms: a handful of distinct values
        d = parse_day(uniq[i], dayfirst=dayfirst)
        if d:
            out[i] = np.datetime64(d)
    days = out[codes] if len(s) else np.zeros(0, dtype="datetime64[D]")
    bad = np.isnat(days) & ((s != "").to_numpy() | need)
    if bad.any():
        idx = np.flatnonzero(bad)
        sample = ", ".join(repr(v) for v in s.to_numpy()[idx[:3]])
        problems.append(DataProblem(path, f"expected a date-time (YYYY-MM-DD HH:MM:SS), got {sample}",
                                    label, tuple(rows_of(idx[:20].tolist())), code="bad_date"))
    return days


def _currency(frame: pd.DataFrame, cols: list[int], header, path, mask, problems) -> str | None:
    seen: set[str] = set()
    for c in cols:
        seen |= set(frame[c].str.strip().str.upper()[mask]) - {""}
    if len(seen) > 1:
        problems.append(DataProblem(path, f"the export mixes currencies {', '.join(sorted(seen))}: "
                                    "export one currency (one programme) per file",
                                    header[cols[0]].strip(), code="mixed_currency"))
        return None
    return next(iter(seen), None)


def read(raw: RawFile, ctx: ReadContext) -> Import:
    """Read an Awin export into a ``spend`` table of commissions (day x publisher).

    Returns
    -------
    Import
        ``tables["spend"]``: ``date``, ``channel`` (``Affiliates``), ``campaign`` (publisher),
        ``category`` (``affiliate``), ``cost`` = commission (export currency), ``impressions`` and
        ``clicks`` NaN; ``totals``: ``cost`` (commission kept), ``revenue`` (sale amounts kept),
        ``transactions``; ``rows.dropped["declined"]``.

    Raises
    ------
    DataValidationError
        A publisher performance report without dates (refused by name: export the transactions
        report); unreadable amounts or dates (file, rows, column); several currencies.
    """
    names = [snake(h) for h in _header(raw)]
    if _kind(names) == "performance":
        return _read_performance(raw, ctx, names)
    return _read_transactions(raw, ctx, names)


def _positions(names: list[str], roles: dict[str, str]) -> dict[str, int]:
    pos: dict[str, int] = {}
    for i, n in enumerate(names):
        r = roles.get(n)
        if r and r not in pos:
            pos[r] = i
    return pos


def _read_transactions(raw: RawFile, ctx: ReadContext, names: list[str]) -> Import:
    path = raw.name
    pos = _positions(names, TRANSACTION_ROLES)
    cur_cols = [i for i, n in enumerate(names) if TRANSACTION_ROLES.get(n) == "currency"]
    df, header, line_of = read_columns(raw, list(pos.values()) + cur_cols)
    label = {r: header[i].replace("\ufeff", "").strip() for r, i in pos.items()}
    imp = Import(path, FORMAT, {}, report="Awin transactions export")
    n = len(df)
    imp.rows.read = n
    empty = (df == "").all(axis=1).to_numpy() if n else np.zeros(0, bool)

    # status -> approved / pending / declined
    if "status" in pos:
        status = df[pos["status"]].str.strip().str.lower()
        declined = status.isin(DECLINED).to_numpy() & ~empty
        pending = status.isin(PENDING).to_numpy() & ~empty
        other = ~status.isin(APPROVED | PENDING | DECLINED).to_numpy() & ~empty
    else:
        declined = pending = other = np.zeros(n, bool)
        imp.warn("no commission status column: every transaction is counted as approved",
                 code="no_status")
    kept = ~empty & ~declined
    imp.rows.drop("empty", int(empty.sum()))
    imp.rows.drop("declined", int(declined.sum()))
    imp.rows.kept = int(kept.sum())

    problems: list[DataProblem] = []
    commission = _numbers(df[pos["commission"]], label["commission"], line_of, problems, path, kept)
    sale = (_numbers(df[pos["sale"]], label["sale"], line_of, problems, path, kept)
            if "sale" in pos else None)
    dayfirst = getattr(ctx.config, "date_format", "dayfirst") != "monthfirst"
    days = _days(df[pos["date"]], label["date"], line_of, problems, path, kept, ctx.timezone, dayfirst)
    currency = _currency(df, cur_cols, header, path, ~empty, problems) if cur_cols else None
    if problems:
        raise DataValidationError(problems)
    imp.currency = currency

    if "publisher" in pos:
        pub = df[pos["publisher"]].str.strip()
        if "publisher_id" in pos:
            pid = df[pos["publisher_id"]].str.strip()
            pub = pub.where(pub != "", "publisher " + pid)
    elif "publisher_id" in pos:
        pub = "publisher " + df[pos["publisher_id"]].str.strip()
    else:
        pub = pd.Series(["Awin"] * n, dtype=object)
        imp.warn("no publisher column: all commissions are under the campaign 'Awin'",
                 code="no_publisher")
    pub = pub.where(~pub.isin(["", "publisher "]), "(publisher not set)")

    known = ~empty & ~np.isnat(days)
    if known.any():
        imp.period = (pd.Timestamp(days[known].min()).date(), pd.Timestamp(days[known].max()).date())
    cur = f" {currency}" if currency else ""
    if (pending & kept).any():
        k = pending & kept
        imp.warn(f"{int(k.sum())} pending transactions (commission {commission[k].sum():,.2f}{cur}) "
                 "are counted as cost; Awin may still decline some: export again once validated",
                 code="pending_commission")
    if (other & kept).any():
        vals = sorted(set(df[pos["status"]].str.strip()[other & kept]))
        imp.warn(f"unknown commission status {', '.join(repr(v) for v in vals[:5])}: counted as "
                 "pending (expected approved, pending, declined, or 1 = approved, 2 = declined)",
                 column=label["status"], rows=tuple(line_of(np.flatnonzero(other & kept)[:20].tolist())),
                 code="unknown_status")
    if declined.any():
        imp.warn(f"{int(declined.sum())} declined transactions dropped (commission "
                 f"{commission[declined].sum():,.2f}{cur}, not a cost)", code="declined")

    imp.totals = {"cost": float(commission[kept].sum())}
    if sale is not None:
        revenue = float(sale[kept].sum())
        imp.totals["revenue"] = revenue
        imp.warn(f"affiliate sales ({revenue:,.2f}{cur} over {int(kept.sum())} transactions) are "
                 "reported in the totals only, not as orders: the export has no customer id to "
                 "join them to leads, and the shop's own orders already hold these sales",
                 code="affiliate_sales_not_orders")
    imp.totals["transactions"] = float(kept.sum())
    if "acquisition" in pos:
        acq = df[pos["acquisition"]].str.strip().str.upper()
        imp.totals["new_customer_transactions"] = float((acq.str.startswith("NEW") & kept).sum())

    got = short_last_row(raw, len(header))
    if got is not None:
        imp.warn(f"the last row has {got} fields where the header has {len(header)}: the file "
                 "was probably cut during the download; export it again", code="truncated_export")
    rows = pd.DataFrame({"date": days[kept], "campaign": pub.to_numpy(dtype=object)[kept],
                         "cost": commission[kept]})
    g = rows.groupby(["date", "campaign"], sort=True)["cost"].sum().reset_index()
    imp.tables["spend"] = spend_frame(pd.to_datetime(g["date"]), CHANNEL,
                                      g["campaign"].to_numpy(dtype=object), g["cost"],
                                      category=CATEGORY)
    return imp


def _read_performance(raw: RawFile, ctx: ReadContext, names: list[str]) -> Import:
    path = raw.name
    pos = _positions(names, PERFORMANCE_ROLES)
    report = "Awin publisher performance report"
    if "day" not in pos and not {"start", "end"} <= set(pos):
        raise refuse(path, f"{report}: commission per publisher, but the file holds neither its "
                           "date range nor days, so the cost cannot be placed in time. Export the "
                           "Transactions report instead (Reports > Transactions, the period you "
                           "need, Export > CSV): one row per transaction with its date, commission "
                           "and status", code="unsupported_export")
    df, header, line_of = read_columns(raw, list(pos.values()))
    label = {r: header[i].replace("\ufeff", "").strip() for r, i in pos.items()}
    imp = Import(path, FORMAT, {}, report=report)
    n = len(df)
    imp.rows.read = n
    empty = (df == "").all(axis=1).to_numpy() if n else np.zeros(0, bool)
    data = ~empty
    problems: list[DataProblem] = []
    commission = _numbers(df[pos["commission"]], label["commission"], line_of, problems, path, data)
    sale = (_numbers(df[pos["sale"]], label["sale"], line_of, problems, path, data)
            if "sale" in pos else None)
    pending = (_numbers(df[pos["pending"]], label["pending"], line_of, problems, path, data)
               if "pending" in pos else None)
    dayfirst = getattr(ctx.config, "date_format", "dayfirst") != "monthfirst"
    if "day" in pos:
        d0 = d1 = _days(df[pos["day"]], label["day"], line_of, problems, path, data, ctx.timezone,
                        dayfirst)
    else:
        d0 = _days(df[pos["start"]], label["start"], line_of, problems, path, data, ctx.timezone,
                   dayfirst)
        d1 = _days(df[pos["end"]], label["end"], line_of, problems, path, data, ctx.timezone,
                   dayfirst)
    if problems:
        raise DataValidationError(problems)
    no_cost = data & (commission == 0)
    kept = data & ~no_cost
    imp.rows.drop("empty", int(empty.sum()))
    imp.rows.drop("no commission", int(no_cost.sum()))
    imp.rows.kept = int(kept.sum())
    if data.any():
        imp.period = (pd.Timestamp(d0[data].min()).date(), pd.Timestamp(d1[data].max()).date())
    imp.totals = {"cost": float(commission[kept].sum())}
    if sale is not None:
        imp.totals["revenue"] = float(sale[data].sum())
        imp.warn(f"affiliate sales ({imp.totals['revenue']:,.2f}) are reported in the totals only, "
                 "not as orders (no customer id)", code="affiliate_sales_not_orders")
    if pending is not None and pending[kept].sum() > 0:
        imp.warn(f"total_commission includes {pending[kept].sum():,.2f} of pending commission, "
                 "counted as cost; Awin may still decline some", code="pending_commission")
    pub = df[pos["publisher"]].str.strip() if "publisher" in pos else pd.Series([""] * n)
    if "publisher_id" in pos:
        pub = pub.where(pub != "", "publisher " + df[pos["publisher_id"]].str.strip())
    rows = pd.DataFrame({"campaign": pub.to_numpy(dtype=object), "d0": d0, "d1": d1,
                         "cost": commission}).loc[kept]
    parts = [rows[rows["d0"] == rows["d1"]].rename(columns={"d0": "date"}).drop(columns="d1")]
    ranged = rows[rows["d0"] != rows["d1"]]
    for (a, b), chunk in ranged.groupby(["d0", "d1"], sort=True):
        a, b = pd.Timestamp(a).date(), pd.Timestamp(b).date()
        parts.append(spread_over_days(chunk.drop(columns=["d0", "d1"]).reset_index(drop=True), a, b,
                                      ("cost",)))
        imp.warn(f"{len(chunk)} publishers' commission covers {a.isoformat()} .. {b.isoformat()} as "
                 f"one figure; it is spread evenly over the {(b - a).days + 1} days, so daily detail "
                 "is approximate (the transactions export gives exact days)",
                 code="spread_over_days")
    out = pd.concat(parts, ignore_index=True)
    out["date"] = pd.to_datetime(out["date"])
    g = out.groupby(["date", "campaign"], sort=True)["cost"].sum().reset_index()
    imp.tables["spend"] = spend_frame(g["date"], CHANNEL, g["campaign"].to_numpy(dtype=object),
                                      g["cost"], category=CATEGORY)
    return imp
