"""A tiny client whose every KPI is computed by hand in tests/test_metrics.py."""

from __future__ import annotations

import pandas as pd

from roianalysis.data.client import ClientData
from roianalysis.data.config import parse_config

CONFIG = {"timezone": "Europe/Paris", "gross_margin_rate": 0.4, "name": "Tiny"}


def tiny_tables() -> dict[str, pd.DataFrame]:
    spend = pd.DataFrame(
        [
            ["2026-01-05", "Google", "g1", "media", "20000", "50000", "1000"],
            ["2026-01-20", "Meta", "m1", "media", "10000", "20000", ""],
            ["2026-01-31", "Google", "", "tools", "2000", "", ""],
            ["2026-01-15", "Google", "", "sales", "5000", "", ""],
            ["2025-12-31", "Google", "g1", "media", "999", "10", "1"],
            ["2026-02-01", "Meta", "m1", "media", "777", "10", "1"],
        ],
        columns=["date", "channel", "campaign", "category", "cost", "impressions", "clicks"],
    )
    touchpoints = pd.DataFrame(
        [
            ["c1", "2026-01-03 10:00", "Google", "g1"],
            ["c1", "2026-01-04 11:00", "Meta", "m1"],
            ["c2", "2025-12-31T23:30:00Z", "Meta", "m1"],  # 00:30 on Jan 1 in Paris
            ["c3", "2026-01-10 08:00", "Google", "g2"],
            ["c4", "2026-02-01 09:00", "Google", "g1"],
            ["c5", "2025-12-15 12:00", "Meta", "m1"],
        ],
        columns=["contact_id", "timestamp", "channel", "campaign"],
    )
    leads = pd.DataFrame(
        [
            ["c1", "2026-01-05 00:00", "", "Ann", "smb"],
            ["c2", "2026-01-02 00:00", "Email", "Bob", "smb"],
            ["c3", "2026-01-09 00:00", "", "Ann", "ent"],
            ["c5", "2026-01-20 00:00", "", "Bob", "ent"],
            ["c4", "2026-02-02 00:00", "", "Ann", "smb"],
        ],
        columns=["contact_id", "created_at", "channel", "owner", "segment"],
    )
    orders = pd.DataFrame(
        [
            ["o1", "c1", "2026-01-25 00:00", "1000"],
            ["o2", "c1", "2026-01-28 00:00", "500"],
            ["o3", "c2", "2025-12-20 00:00", "300"],
            ["o4", "c2", "2026-01-15 00:00", "200"],
            ["o5", "c5", "2026-05-01 00:00", "400"],
            ["o6", "c6", "2026-01-10 00:00", "100"],
            ["o7", "c3", "2026-01-31T23:30:00Z", "50"],  # 00:30 on Feb 1 in Paris
        ],
        columns=["order_id", "contact_id", "ordered_at", "revenue"],
    )
    nps = pd.DataFrame(
        [
            ["2026-01-03", "10", "c1"],
            ["2026-01-04", "9", "c1"],
            ["2026-01-05", "9", "c2"],
            ["2026-01-06", "7", ""],
            ["2026-01-07", "3", "c6"],
            ["2026-02-07", "0", "c6"],
        ],
        columns=["answered_at", "score", "contact_id"],
    )
    return {"spend": spend, "touchpoints": touchpoints, "leads": leads, "orders": orders, "nps": nps}


def tiny_client(**config) -> ClientData:
    return ClientData.from_frames(tiny_tables(), parse_config({**CONFIG, **config}, "tiny"), "tiny")
