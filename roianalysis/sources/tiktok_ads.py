"""TikTok Ads Manager campaign reports -> ``spend``.

The Ads Manager custom report (or campaign table export) with the day breakdown has one row per
day and campaign (or ad group / ad: summed to campaign x day)::

    By Day,Campaign name,Cost,Impressions,Clicks (Destination),CPC (Destination),...,Currency
    2025-01-01,Promo,150000,12000,340,441,...,IDR

The day column is ``By Day`` (custom reports), ``Date`` or the API's ``stat_time_day``; cost is
``Cost`` (``spend`` in the API), clicks ``Clicks (Destination)`` (else ``Clicks (All)`` /
``Clicks``), currency ``Currency``. A ``Total`` row, when present, is dropped, counted and
reconciled. A report without a day column cannot place its spend on dates and is refused (export
with the "By Day" breakdown). Channel: ``Paid Social``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from roianalysis.schema import NO_CAMPAIGN
from roianalysis.sources import _ads
from roianalysis.sources.base import Import, RawFile, ReadContext, RowCounts, refuse
from roianalysis.sources.channels import AD_PLATFORM_CHANNEL
from roianalysis.sources.text import csv_table, snake, split_line

FORMAT = "tiktok_ads"

DAY = ("by_day", "stat_time_day", "date", "day", "time")
CAMPAIGN = ("campaign_name", "campaign")
COST = ("cost", "spend", "total_cost")
IMPRESSIONS = ("impressions", "impression")
CLICKS = ("clicks_destination", "clicks_all", "clicks")
CURRENCY = ("currency",)
ACCOUNT = ("advertiser_name", "account_name", "advertiser_id")
#: Names only TikTok writes.
MARKERS = ("by_day", "stat_time_day", "clicks_destination", "cpc_destination", "ctr_destination",
           "advertiser_name", "advertiser_id", "ad_group_name")

EXPORT_INSTEAD = ("export the Campaign report of TikTok Ads Manager with the By Day breakdown "
                  "(Reporting > Custom report, dimensions Day and Campaign, metrics Cost, "
                  "Impressions, Clicks (Destination))")


def _header_index(lines: list[str]) -> int | None:
    for i, line in enumerate(lines[:5]):
        names = {snake(c) for c in split_line(line.replace("\ufeff", ""))}
        if names & set(COST) and names & set(MARKERS) and names & set(CAMPAIGN + ("ad_group_name",)):
            return i
    return None


def detect(raw: RawFile) -> bool:
    """A header with TikTok's names (``By Day``, ``Clicks (Destination)``, ``stat_time_day``)
    beside a campaign column and ``Cost`` / ``spend``."""
    if raw.is_excel or raw.is_parquet:
        return False
    return _header_index(raw.head(5)) is not None


def read(raw: RawFile, ctx: ReadContext) -> Import:
    path = raw.name
    lines = raw.lines
    h = _header_index(lines)
    table = csv_table(lines, h)
    frame = table.frame()
    cols = frame.columns
    c_day = _ads.find_column(cols, DAY)
    if c_day is None:
        raise refuse(path, "this TikTok Ads report has no day column, so its spend cannot be put "
                     "on dates; " + EXPORT_INSTEAD, code="no_period")
    c_campaign = _ads.find_column(cols, CAMPAIGN)
    c_cost = _ads.find_column(cols, COST)
    c_impr = _ads.find_column(cols, IMPRESSIONS)
    c_clicks = _ads.find_column(cols, CLICKS)
    c_cur = _ads.find_column(cols, CURRENCY)
    c_account = _ads.find_column(cols, ACCOUNT)
    imp = Import(path, FORMAT, {}, report="Campaign report", rows=RowCounts(read=len(frame)))

    # Totals: the day cell reads "Total..." or is empty beside a "Total..." label.
    day_text = frame[c_day].astype(str).str.strip()
    labelled = np.array([any(str(c).strip().lower().startswith("total") for c in r[:3])
                         for r in table.rows], dtype=bool)
    is_total = (day_text.str.lower().str.match(r"^total\b").to_numpy()
                | (day_text.isin(["", "-", "--"]).to_numpy() & labelled))
    data = frame.loc[~is_total].reset_index(drop=True)
    imp.rows.drop("totals row", int(is_total.sum()))
    imp.rows.kept = len(data)

    errors = _ads.CellErrors(path)
    decimal = _ads.decimal_mark(frame, [c_cost], default=".")
    cost, impressions, clicks = errors.spend_numbers(data, c_cost, c_impr, c_clicks, decimal)
    currency = _ads.one_currency(data, [c_cur], errors) if c_cur else None
    dates = errors.days(data, c_day, dayfirst=_ads.infer_dayfirst(data[c_day], hint=False))
    errors.raise_if_any()
    imp.currency = currency

    campaign = (data[c_campaign].astype(str).str.strip().replace({"": NO_CAMPAIGN, "-": NO_CAMPAIGN})
                if c_campaign else pd.Series([NO_CAMPAIGN] * len(data)))
    rows = pd.DataFrame({"date": dates, "channel": AD_PLATFORM_CHANNEL[FORMAT],
                         "campaign": campaign.to_numpy(dtype=object), "category": "media",
                         "cost": np.nan_to_num(cost, nan=0.0), "impressions": impressions,
                         "clicks": clicks}, index=range(len(data)))
    imp.tables["spend"] = _ads.aggregate_spend(rows)
    if len(data):
        imp.period = (pd.Timestamp(dates.min()).date(), pd.Timestamp(dates.max()).date())
    sums = _ads.spend_totals(imp, cost, impressions, clicks, bool(c_impr), bool(c_clicks))
    if c_account is not None:
        accounts = {str(a).strip() for a in data[c_account] if str(a).strip()}
        if len(accounts) > 1:
            raise refuse(path, f"this TikTok Ads report holds {len(accounts)} advertiser accounts: "
                         "export one file per account", code="mixed_accounts")
        imp.account = accounts.pop() if accounts else None
    if is_total.sum() == 1:
        i = int(np.flatnonzero(is_total)[0])
        row = frame.iloc[i]
        export = {k: float(_ads.parse_amounts([row[c]], decimal=decimal)[0][0])
                  for k, c in (("cost", c_cost), ("impressions", c_impr), ("clicks", c_clicks)) if c}
        _ads.reconcile(imp, "Total", sums, export, len(data), table.line_numbers[i])
    return imp
