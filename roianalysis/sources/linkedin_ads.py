"""LinkedIn Campaign Manager performance exports -> ``spend``.

Layout (UTF-16LE with BOM)::

    Campaign Performance Report (in UTC)
    "Report Start: August 18, 2019, 12:00 AM"
    "Report End: September 16, 2019, 11:59 PM"
    "Date Generated: September 16, 2019, 5:55 AM"
                                                   <- blank line
    Start Date (in UTC)  Account Name  Campaign Name  Total Spent  Impressions  Clicks  Currency ...
    8/18/2019            ...

Campaign, campaign group, ad and creative performance reports partition the spend and are read
(rows summed to campaign x day); demographic, conversion, lead-form and reach reports are refused
by name. ``Start Date`` is US ``M/D/YYYY``; with the "Daily" time breakdown each row is one day;
rows spanning several days (``End Date`` later than ``Start Date``, "Monthly" or "All") and
exports without a date column are spread evenly over their days, with a warning. The period is
the preamble's ``Report Start`` .. ``Report End``. An export holding only the preamble (no
delivery in the range) is a "no data" export: recognised, no rows, a warning, not an error.
Channel: :data:`~roianalysis.sources.channels.AD_PLATFORM_CHANNEL` (``Paid Social``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from roianalysis.schema import NO_CAMPAIGN
from roianalysis.sources import _ads
from roianalysis.sources.base import Import, RawFile, ReadContext, RowCounts, refuse
from roianalysis.sources.channels import AD_PLATFORM_CHANNEL
from roianalysis.sources.text import csv_table, parse_day, snake, split_line

FORMAT = "linkedin_ads"

START = ("start_date_in_utc", "start_date", "date", "day")
END = ("end_date_in_utc", "end_date")
CAMPAIGN = ("campaign_name", "campaign")
COST = ("total_spent", "amount_spent", "spent", "total_spent_in_local_currency",
        "cost_in_local_currency", "spend")
IMPRESSIONS = ("impressions",)
CLICKS = ("clicks",)
CURRENCY = ("currency", "currency_code")
ACCOUNT = ("account_name", "account_id", "account")
KNOWN = set(START + END + CAMPAIGN + COST + IMPRESSIONS + CLICKS + ("campaign_group_name",))

_TITLE = re.compile(r"(?i)^\W*(.*?report)\s*\(in [^)]*\)")
_KEYVAL = re.compile(r'^\s*"?(Report Start|Report End|Date Generated|Time Zone)\s*:\s*(.*?)"?\s*$',
                     re.IGNORECASE)
REFUSED = ("demographic", "conversion", "lead gen", "lead form", "reach", "audience", "job",
           "company", "member")

EXPORT_INSTEAD = ("export Campaign Manager > Analyze > Export > Campaign performance (Time "
                  "breakdown: Daily)")


def _header_index(lines: list[str]) -> int | None:
    for i, line in enumerate(lines[:15]):
        names = {snake(c) for c in split_line(line)}
        if len(names & KNOWN) >= 2 and names & set(COST + IMPRESSIONS):
            return i
    return None


def detect(raw: RawFile) -> bool:
    """LinkedIn's preamble (``... Report (in UTC)``, ``"Report Start: ..."``), or a header with
    ``Total Spent`` beside ``Campaign Name``."""
    if raw.is_excel or raw.is_parquet:
        return False
    head = [line.replace("\ufeff", "") for line in raw.head(15)]
    if not head:
        return False
    if _TITLE.match(head[0]) and any(_KEYVAL.match(x) for x in head[1:4]):
        return True
    h = _header_index(head)
    if h is None:
        return False
    names = {snake(c) for c in split_line(head[h])}
    return "total_spent" in names and bool(names & set(CAMPAIGN + ("campaign_group_name",)))


def read(raw: RawFile, ctx: ReadContext) -> Import:
    path = raw.name
    lines = [line.replace("\ufeff", "") for line in raw.lines]
    m = _TITLE.match(lines[0]) if lines else None
    title = m[1].strip() if m else "Campaign Performance Report"
    h = _header_index(lines)
    meta = {}
    for line in lines[: h if h is not None else 10]:
        kv = _KEYVAL.match(line)
        if kv:
            meta[kv[1].lower()] = kv[2]
    folded = title.lower()
    if any(w in folded for w in REFUSED):
        raise refuse(path, f"this LinkedIn export ('{title}') does not split the spend into parts "
                     "that add up (its rows are audience or conversion breakdowns); "
                     + EXPORT_INSTEAD)
    start = parse_day(meta.get("report start", ""), dayfirst=False)
    end = parse_day(meta.get("report end", ""), dayfirst=False)
    rng = (start, end) if start and end and start <= end else None
    imp = Import(path, FORMAT, {}, report=title, period=rng)

    if h is None:
        # Only the preamble: LinkedIn writes no header when nothing was delivered.
        if not any(line.strip() for line in lines[len(meta) + 1:]):
            imp.tables["spend"] = _ads.empty_spend()
            imp.totals = {"cost": 0.0}
            imp.warn("the export holds no data rows (only LinkedIn's preamble): nothing was spent "
                     + (f"from {rng[0]} to {rng[1]}" if rng else "in its range")
                     + ", or the export was made before the data were ready", code="no_data")
            return imp
        raise refuse(path, "LinkedIn export without a recognisable header (Start Date, Campaign "
                     "Name, Total Spent, Impressions, Clicks); " + EXPORT_INSTEAD,
                     code="bad_layout")

    table = csv_table(lines, h)
    frame = table.frame()
    cols = frame.columns
    imp.rows = RowCounts(read=len(frame))
    c_start = _ads.find_column(cols, START)
    c_end = _ads.find_column(cols, END)
    c_campaign = _ads.find_column(cols, CAMPAIGN) or _ads.find_column(cols, ("campaign_group_name",))
    c_cost = _ads.find_column(cols, COST)
    c_impr = _ads.find_column(cols, IMPRESSIONS)
    c_clicks = _ads.find_column(cols, CLICKS)
    c_cur = _ads.find_column(cols, CURRENCY)
    c_account = _ads.find_column(cols, ACCOUNT)
    if c_cost is None:
        raise refuse(path, f"this LinkedIn export ('{title}') has no Total Spent column; "
                     + EXPORT_INSTEAD, code="missing_column")
    if any(snake(c) in ("job_title", "company_name", "job_function", "seniority", "industry",
                        "conversion_name") for c in table.header):
        raise refuse(path, f"this LinkedIn export ('{title}') is a demographic / conversion "
                     "breakdown whose rows do not add up to the spend; " + EXPORT_INSTEAD)

    labels = [_ads.totals_label(r) for r in table.rows]
    if c_start is not None:
        blank = frame[c_start].astype(str).str.strip().isin(["", "-", "--"]).to_numpy()
        labels = [lab if b else None for lab, b in zip(labels, blank, strict=True)]
    is_total = np.array([lab is not None for lab in labels], dtype=bool)
    data = frame.loc[~is_total].reset_index(drop=True)
    imp.rows.drop("totals row", int(is_total.sum()))
    imp.rows.kept = len(data)

    errors = _ads.CellErrors(path)
    cost = errors.numbers(data, c_cost, what="an amount")
    impressions = errors.numbers(data, c_impr, what="a count")
    clicks = errors.numbers(data, c_clicks, what="a count")
    currency = _ads.one_currency(data, [c_cur], errors) if c_cur else None
    starts = ends = None
    if c_start is not None:
        starts = errors.days(data, c_start, dayfirst=_ads.infer_dayfirst(data[c_start], hint=False))
        ends = (errors.days(data, c_end, dayfirst=_ads.infer_dayfirst(data[c_end], hint=False))
                if c_end is not None else starts)
    errors.raise_if_any()
    imp.currency = currency

    campaign = (data[c_campaign].astype(str).str.strip().replace({"": NO_CAMPAIGN})
                if c_campaign else pd.Series([NO_CAMPAIGN] * len(data)))
    rows = pd.DataFrame({"channel": AD_PLATFORM_CHANNEL[FORMAT],
                         "campaign": campaign.to_numpy(dtype=object), "category": "media",
                         "cost": np.nan_to_num(cost, nan=0.0), "impressions": impressions,
                         "clicks": clicks}, index=range(len(data)))
    if starts is not None:
        s = [pd.Timestamp(x).date() for x in starts]
        e = [pd.Timestamp(x).date() for x in ends]
        if any(b < a for a, b in zip(s, e, strict=True)):
            raise refuse(path, "an End Date before its Start Date: " + EXPORT_INSTEAD,
                         code="bad_value")
        if any(b > a for a, b in zip(s, e, strict=True)):
            spend = _ads.spread_rows(rows, s, e)
            imp.warn("rows cover several days (time breakdown Monthly or All): each row's spend is "
                     "spread evenly over its days, so the daily detail is approximate; "
                     + EXPORT_INSTEAD, code="spread_over_days")
        else:
            spend = rows.assign(date=np.asarray(starts, dtype="datetime64[us]"))
        if imp.period is None and s:
            imp.period = (min(s), max(e))
    else:
        if rng is None:
            raise refuse(path, "this LinkedIn export has neither a Start Date column nor a Report "
                         "Start / Report End preamble; " + EXPORT_INSTEAD, code="no_period")
        spend = _ads.spread_rows(rows, [rng[0]] * len(rows), [rng[1]] * len(rows)) if len(rows) \
            else rows.assign(date=[])
        imp.warn(f"no Start Date column: each campaign's spend is spread evenly over {rng[0]} .. "
                 f"{rng[1]}, so the daily detail is approximate; " + EXPORT_INSTEAD,
                 code="spread_over_days")
    imp.tables["spend"] = _ads.aggregate_spend(spend)
    imp.totals = {"cost": round(float(np.nansum(cost)), 2)}
    if c_impr:
        imp.totals["impressions"] = float(np.nansum(impressions))
    if c_clicks:
        imp.totals["clicks"] = float(np.nansum(clicks))
    if c_account is not None:
        accounts = {str(a).strip() for a in data[c_account] if str(a).strip()}
        imp.account = accounts.pop() if len(accounts) == 1 else None
    if not len(data):
        imp.warn("the export holds no data rows: nothing was spent in its range", code="no_data")
    if is_total.sum() == 1:
        i = int(np.flatnonzero(is_total)[0])
        row = frame.iloc[i]
        export = {k: float(_ads.parse_amounts([row[c]])[0][0])
                  for k, c in (("cost", c_cost), ("impressions", c_impr), ("clicks", c_clicks)) if c}
        _ads.reconcile(imp, labels[i] or "Total", {"cost": float(np.nansum(cost)),
                                                   "impressions": float(np.nansum(impressions)),
                                                   "clicks": float(np.nansum(clicks))},
                       export, len(data), table.line_numbers[i])
    return imp
