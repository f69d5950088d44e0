"""Microsoft Advertising campaign performance reports -> ``spend``.

Two spellings of the same report are read:

- Reporting API / "Reports" page downloads: ``TimePeriod``, ``CampaignName``, ``Spend``,
  ``Impressions``, ``Clicks``, ``CampaignType``, ``CurrencyCode``, ``AccountName``;
- grid downloads of the web UI, English headers: ``Day``, ``Campaign name``, ``Spend``,
  ``Impr.``, ``Clicks``, ``Campaign type``, ``Currency code``.

Either may start with a preamble of quoted ``"Key: value"`` rows (``"Report Name: ..."``,
``"Report Time: 1/1/2026,1/31/2026"``, ``"Report Aggregation: Daily"``, ``"Rows: 123"``) and end
with ``"©2026 Microsoft Corporation. All rights reserved."``; both are skipped (not data rows).
``Rows: n`` is checked against the rows read (a shorter file was cut), and a ``Total`` row, when
present, is dropped, counted and reconciled.

The channel follows the campaign type like Google's (Search -> Paid Search, Shopping -> Paid
Shopping, Audience -> Display, Performance Max -> Cross-network); without a type column,
``Paid Search`` with a warning. Weekly / monthly aggregations are spread over each period's
days, a summary (no time column) over the report's range, each with a warning that the daily
detail is approximate.
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

FORMAT = "microsoft_ads"

DAY = ("time_period", "day", "date", "gregorian_date")
TIME_UNITS = {"week": ("week",), "month": ("month",), "quarter": ("quarter",), "year": ("year",)}
CAMPAIGN = ("campaign_name", "campaign")
COST = ("spend",)
IMPRESSIONS = ("impressions", "impr")
CLICKS = ("clicks",)
CAMPAIGN_TYPE = ("campaign_type",)
CURRENCY = ("currency_code", "currency")
ACCOUNT = ("account_name", "account_number", "account_id", "account")

EXPORT_INSTEAD = ("export a Campaign performance report with Time: Daily (Reports > Performance > "
                  "Campaign, columns Day/TimePeriod, Campaign name, Spend, Impressions, Clicks, "
                  "Campaign type, Currency code)")

_FOOTER = re.compile(r"^\W*(©|\(c\)|copyright)|microsoft corporation\. all rights reserved",
                     re.IGNORECASE)
_KEYVAL = re.compile(r'^\s*"?([A-Za-z][A-Za-z ]{1,40}):\s?(.*?)"?\s*$')


def _header_index(lines: list[str]) -> int | None:
    for i, line in enumerate(lines[:20]):
        names = {snake(c) for c in split_line(line)}
        if "spend" in names and names & set(CAMPAIGN + DAY + ("account_name", "ad_group_name")):
            return i
    return None


def detect(raw: RawFile) -> bool:
    """A header with Microsoft's ``Spend`` next to its campaign / time columns (``TimePeriod``,
    ``CampaignName``; UI ``Campaign name``, ``Impr.``), or a ``Report Name:`` preamble."""
    if raw.is_excel or raw.is_parquet:
        return False
    head = raw.head(20)
    h = _header_index(head)
    if h is None:
        return False
    names = {snake(c) for c in split_line(head[h])}
    pre = " ".join(head[:h]).lower()
    # Microsoft's own spellings: API TimePeriod / GregorianDate, UI "Impr."; else its preamble
    # or its copyright footer (other tools write "Spend" beside "Campaign name" too).
    if names & {"time_period", "impr", "gregorian_date"} or "report name:" in pre:
        return True
    return any(_FOOTER.search(line) for line in raw.tail(3))


def _preamble(lines: list[str]) -> dict[str, str]:
    out = {}
    for line in lines:
        m = _KEYVAL.match(line.replace("\ufeff", ""))
        if m:
            out[m[1].strip().lower()] = m[2].strip()
    return out


def _report_range(text: str | None):
    """``Report Time`` as two dates (``1/1/2026,1/31/2026``, ``1/1/2026 - 1/31/2026``), else None."""
    if not text:
        return None
    found = re.findall(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}", text)
    if len(found) != 2:
        return None
    dayfirst = _ads.infer_dayfirst(found, hint=False)
    a, b = parse_day(found[0], dayfirst=dayfirst), parse_day(found[1], dayfirst=dayfirst)
    return (a, b) if a and b and a <= b else None


def read(raw: RawFile, ctx: ReadContext) -> Import:
    path = raw.name
    lines = raw.lines
    h = _header_index(lines)
    if h is None:
        raise refuse(path, "Microsoft Advertising report without a Spend column; " + EXPORT_INSTEAD,
                     code="missing_column")
    stop = next((i for i in range(h + 1, len(lines)) if _FOOTER.search(lines[i])), len(lines))
    meta = _preamble(lines[:h])
    table = csv_table(lines, h, stop=stop)
    frame = table.frame()
    cols = frame.columns
    report = meta.get("report name") or "Campaign performance report"
    imp = Import(path, FORMAT, {}, report=report, rows=RowCounts(read=len(frame)))

    c_day = _ads.find_column(cols, DAY)
    aggregation = (meta.get("report aggregation") or "").strip().lower()
    unit = {"weekly": "week", "weeklystartingmonday": "week", "monthly": "month",
            "yearly": "year", "quarterly": "quarter"}.get(aggregation.replace(" ", ""))
    c_unit = None
    if c_day is None:
        c_unit, found = _ads.find_first_column(cols, TIME_UNITS)
        unit = found if c_unit else unit
    elif unit is not None:
        c_day, c_unit = None, c_day  # TimePeriod holds each week's / month's first day
    c_campaign = _ads.find_column(cols, CAMPAIGN)
    c_cost = _ads.find_column(cols, COST)
    c_impr = _ads.find_column(cols, IMPRESSIONS)
    c_clicks = _ads.find_column(cols, CLICKS)
    c_type = _ads.find_column(cols, CAMPAIGN_TYPE)
    c_account = _ads.find_column(cols, ACCOUNT)
    c_cur = _ads.find_column(cols, CURRENCY)

    # A totals row has a "Total" label in one of its first cells and no day (a campaign named
    # "Total - Brand" on a dated row stays a data row; the label may sit in the Day cell).
    time_any = c_day or c_unit
    labels = [_ads.totals_label(r) for r in table.rows]
    if time_any is not None:
        cell = frame[time_any].astype(str).str.strip()
        blank = (cell.isin(["", "--", "-"]) | cell.str.lower().str.match(r"^total\b")).to_numpy()
        labels = [lab if b else None for lab, b in zip(labels, blank, strict=True)]
    is_total = np.array([lab is not None for lab in labels], dtype=bool)
    data = frame.loc[~is_total].reset_index(drop=True)
    imp.rows.drop("totals row", int(is_total.sum()))
    imp.rows.kept = len(data)

    errors = _ads.CellErrors(path)
    decimal = _ads.decimal_mark(frame, [c_cost], default=".")
    cost, impressions, clicks = errors.spend_numbers(data, c_cost, c_impr, c_clicks, decimal)
    currency = _ads.one_currency(data, [c_cur], errors) if c_cur else None
    time_col = c_day or c_unit
    dates = None
    if time_col is not None:
        dates = errors.days(data, time_col, dayfirst=_ads.infer_dayfirst(data[time_col], hint=False))
    errors.raise_if_any()
    imp.currency = currency

    default = AD_PLATFORM_CHANNEL[FORMAT]
    if c_type is not None:
        channel = _ads.channel_of_types(data[c_type], default, imp, c_type)
    else:
        channel = np.full(len(data), default, dtype=object)
        if len(data):
            imp.warn(f"no campaign type column: all spend is counted as {default}; add the Campaign "
                     "type column so that Shopping, Audience and Performance Max campaigns get "
                     "their own channel", code="channel_default")
    campaign = (data[c_campaign].astype(str).str.strip().replace({"": NO_CAMPAIGN, "--": NO_CAMPAIGN})
                if c_campaign else pd.Series([NO_CAMPAIGN] * len(data)))
    rows = pd.DataFrame({"channel": channel, "campaign": campaign.to_numpy(dtype=object),
                         "category": "media", "cost": np.nan_to_num(cost, nan=0.0),
                         "impressions": impressions, "clicks": clicks})
    rng = _report_range(meta.get("report time"))
    if c_day is not None:
        rows["date"] = dates
        spend = rows
        if len(dates):
            imp.period = rng or (pd.Timestamp(dates.min()).date(), pd.Timestamp(dates.max()).date())
    elif c_unit is not None:
        starts = [pd.Timestamp(d).date() for d in dates]
        ends = [_ads.period_end(s, unit or "week") for s in starts]
        if rng:
            starts = [max(s, rng[0]) for s in starts]
            ends = [min(e, rng[1]) for e in ends]
        spend = _ads.spread_rows(rows, starts, ends) if len(rows) else rows.assign(date=[])
        imp.period = rng or ((min(starts), max(ends)) if starts else None)
        imp.warn(f"{unit or 'period'} rows: each one's spend is spread evenly over its days, so the "
                 "daily detail is approximate; " + EXPORT_INSTEAD + " for daily figures",
                 column=c_unit, code="spread_over_days")
    else:
        if rng is None:
            raise refuse(path, "this Microsoft Advertising report has no time column (Summary) and "
                         "no 'Report Time' range; " + EXPORT_INSTEAD, code="no_period")
        spend = (_ads.spread_rows(rows, [rng[0]] * len(rows), [rng[1]] * len(rows))
                 if len(rows) else rows.assign(date=[]))
        imp.period = rng
        imp.warn(f"no time column: each campaign's spend is spread evenly over {rng[0]} .. "
                 f"{rng[1]}, so the daily detail is approximate; " + EXPORT_INSTEAD,
                 code="spread_over_days")
    imp.tables["spend"] = _ads.aggregate_spend(spend)

    sums = _ads.spend_totals(imp, cost, impressions, clicks, bool(c_impr), bool(c_clicks))
    if c_account is not None:
        accounts = {str(a).strip() for a in data[c_account] if str(a).strip()}
        if len(accounts) > 1:
            raise refuse(path, f"this Microsoft Advertising report holds {len(accounts)} accounts "
                         f"({', '.join(sorted(accounts)[:5])}): export one file per account",
                         code="mixed_accounts")
        imp.account = accounts.pop() if accounts else None

    expected = meta.get("rows")
    if expected is not None:
        m = re.match(r"^\s*([\d,\s]+)\s*$", expected)
        if m and int(re.sub(r"\D", "", m[1])) not in (len(frame), len(data)):
            imp.warn(f"the report says 'Rows: {expected}' but {len(data)} rows were read: the "
                     "file was probably cut; export it again", code="totals_mismatch")
    elif stop == len(lines) and h > 0:
        imp.warn("no '©... Microsoft Corporation' footer after the rows: the file was probably cut",
                 code="totals_missing")
    if is_total.sum() == 1:
        i = int(np.flatnonzero(is_total)[0])
        row = frame.iloc[i]
        export = {}
        for key, col in (("cost", c_cost), ("impressions", c_impr), ("clicks", c_clicks)):
            if col is not None:
                export[key] = float(_ads.parse_amounts([row[col]], decimal=decimal)[0][0])
        _ads.reconcile(imp, labels[i] or "Total", sums, export, len(data), table.line_numbers[i])
    return imp
