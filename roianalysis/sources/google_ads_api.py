"""Google Ads API (GAQL) reports saved as CSV -> ``spend``.

A GAQL query such as ``SELECT segments.date, campaign.name, campaign.advertising_channel_type,
metrics.cost_micros, metrics.impressions, metrics.clicks FROM campaign`` gives one row per
campaign and day. Its columns come either dotted (``segments.date``, ``metrics.cost_micros``, as
the API names them), flattened with ``_`` (``segments_date``, as BigQuery transfers and Airbyte
write them) or camelCase from the REST JSON (``metrics.costMicros``); all are accepted. A leading
pandas index column (``Unnamed: 0``, or an empty header) is ignored.

- ``cost`` = ``metrics_cost_micros`` / 1e6 (micros of the account currency);
- ``channel`` = ``campaign_advertising_channel_type`` (upper-case enums ``SEARCH``,
  ``PERFORMANCE_MAX``...) mapped by :data:`~roianalysis.sources.channels.GOOGLE_ADS_CAMPAIGN_TYPES`;
  ``Paid Search`` when the column is absent (with a warning);
- ``currency`` = ``customer_currency_code`` when selected, else ``None`` (the client's);
- rows of finer grain (ad group, ad, device...) are summed to campaign x day.

A query without ``segments.date`` is refused: its rows carry no day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from roianalysis.schema import NO_CAMPAIGN
from roianalysis.sources import _ads
from roianalysis.sources.base import Import, RawFile, ReadContext, RowCounts, refuse
from roianalysis.sources.channels import AD_PLATFORM_CHANNEL
from roianalysis.sources.text import csv_table, snake, split_line

FORMAT = "google_ads_api"

DATE = ("segments_date", "date")
COST_MICROS = ("metrics_cost_micros",)
IMPRESSIONS = ("metrics_impressions",)
CLICKS = ("metrics_clicks",)
CAMPAIGN = ("campaign_name",)
CAMPAIGN_ID = ("campaign_id", "campaign_resource_name")
CHANNEL_TYPE = ("campaign_advertising_channel_type", "advertising_channel_type")
CURRENCY = ("customer_currency_code",)
ACCOUNT = ("customer_descriptive_name", "customer_id")


def detect(raw: RawFile) -> bool:
    """A CSV whose first line holds GAQL names: ``metrics_cost_micros`` (or dotted / camelCase)
    with a ``segments_`` or ``campaign_`` field."""
    if raw.is_excel or raw.is_parquet or not raw.head(1):
        return False
    names = {snake(c) for c in split_line(raw.head(1)[0])}
    return "metrics_cost_micros" in names and any(
        n.startswith(("segments_", "campaign_", "ad_group_", "customer_")) for n in names)


def read(raw: RawFile, ctx: ReadContext) -> Import:
    path = raw.name
    table = csv_table(raw.lines, 0)
    frame = table.frame()
    cols = frame.columns
    c_date = _ads.find_column(cols, DATE)
    c_cost = _ads.find_column(cols, COST_MICROS)
    if c_date is None:
        raise refuse(path, "this Google Ads API report has no segments.date column: its rows carry "
                     "no day. Add segments.date to the GAQL query (SELECT segments.date, "
                     "campaign.name, campaign.advertising_channel_type, metrics.cost_micros, "
                     "metrics.impressions, metrics.clicks FROM campaign WHERE segments.date "
                     "BETWEEN ...)", code="no_period")
    imp = Import(path, FORMAT, {}, report="GAQL report", rows=RowCounts(read=len(frame)))
    c_campaign = _ads.find_column(cols, CAMPAIGN) or _ads.find_column(cols, CAMPAIGN_ID)
    c_type = _ads.find_column(cols, CHANNEL_TYPE)
    c_cur = _ads.find_column(cols, CURRENCY)
    c_account = _ads.find_column(cols, ACCOUNT)

    errors = _ads.CellErrors(path)
    micros = errors.numbers(frame, c_cost, what="an amount in micros (an integer)")
    impressions = errors.numbers(frame, _ads.find_column(cols, IMPRESSIONS), what="a count")
    clicks = errors.numbers(frame, _ads.find_column(cols, CLICKS), what="a count")
    dates = errors.days(frame, c_date, dayfirst=False)
    currency = _ads.one_currency(frame, [c_cur], errors) if c_cur else None
    errors.raise_if_any()
    imp.rows.kept = len(frame)
    imp.currency = currency

    default = AD_PLATFORM_CHANNEL["google_ads"]
    if c_type is not None:
        channel = _ads.channel_of_types(frame[c_type], default, imp, c_type)
    else:
        channel = np.full(len(frame), default, dtype=object)
        if len(frame):
            imp.warn(f"no campaign.advertising_channel_type column: all spend is counted as "
                     f"{default}; add it to the GAQL query so that Shopping, Display, Video and "
                     "Performance Max campaigns get their own channel", code="channel_default")
    campaign = (frame[c_campaign].astype(str).str.strip().replace({"": NO_CAMPAIGN})
                if c_campaign else pd.Series([NO_CAMPAIGN] * len(frame)))
    cost = np.nan_to_num(micros, nan=0.0) / 1e6
    rows = pd.DataFrame({"date": dates, "channel": channel,
                         "campaign": campaign.to_numpy(dtype=object), "category": "media",
                         "cost": cost, "impressions": impressions, "clicks": clicks})
    imp.tables["spend"] = _ads.aggregate_spend(rows)
    if len(frame):
        imp.period = (pd.Timestamp(dates.min()).date(), pd.Timestamp(dates.max()).date())
    imp.totals = {"cost": round(float(cost.sum()), 6)}
    for key, vals in (("impressions", impressions), ("clicks", clicks)):
        if not np.isnan(vals).all():
            imp.totals[key] = float(np.nansum(vals))
    if c_account is not None:
        accounts = {str(a).strip() for a in frame[c_account] if str(a).strip()}
        if len(accounts) > 1:
            raise refuse(path, f"this Google Ads API report holds {len(accounts)} accounts "
                         f"({', '.join(sorted(accounts)[:5])}): export one file per account",
                         code="mixed_accounts")
        imp.account = accounts.pop() if accounts else None
    return imp
