"""GA4 BigQuery events export -> touchpoints, orders, leads, traffic (read by DuckDB)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from roianalysis import sources
from roianalysis.errors import DataValidationError
from roianalysis.sources import ga4_bigquery
from roianalysis.sources.base import RawFile
from roianalysis.sources.privacy import contact_key

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO.parent / "shared" / "export-samples"
if not SAMPLES.is_dir():
    SAMPLES = REPO.parent.parent / "shared" / "export-samples"
SALT = b"client-salt-0123456789abcdef"
PARIS = SimpleNamespace(timezone="Europe/Paris", currency="EUR", sources_options={})


def us(text: str) -> str:
    """ISO UTC time -> microseconds string, as the export writes event_timestamp."""
    t = dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
    return str(int(t.timestamp() * 1_000_000))


def p(key, value):
    kind = "int_value" if isinstance(value, int) else "double_value" if isinstance(value, float) \
        else "string_value"
    return {"key": key, "value": {kind: str(value) if kind == "int_value" else value}}


def ev(name, when, pid, sid=None, snum=None, extra=(), **fields):
    params = ([p("ga_session_id", sid)] if sid else []) + ([p("ga_session_number", snum)] if snum else [])
    out = {"event_date": when[:10].replace("-", ""), "event_timestamp": us(when), "event_name": name,
           "event_params": params + list(extra), "user_pseudo_id": pid, "stream_id": "42",
           "traffic_source": {"name": "(organic)", "medium": "organic", "source": "google"},
           "ecommerce": {}, "items": []}
    out.update(fields)
    return out


LAST_CLICK_CPC = {"manual_campaign": {"source": "google", "medium": "cpc", "campaign_name": "brand"}}
EVENTS = [
    # user A, session 100 (2024 schema: last click google / cpc / brand)
    ev("session_start", "2026-03-01T10:00:00", "111.1", 100, 1,
       session_traffic_source_last_click=LAST_CLICK_CPC),
    ev("page_view", "2026-03-01T10:00:05", "111.1", 100, 1, [p("session_engaged", "1")],
       session_traffic_source_last_click=LAST_CLICK_CPC),
    ev("purchase", "2026-03-01T10:02:00", "111.1", 100, 1, [p("currency", "EUR"), p("value", 50.0)],
       ecommerce={"transaction_id": "T1", "purchase_revenue": 50.0, "purchase_revenue_in_usd": 54.0},
       session_traffic_source_last_click=LAST_CLICK_CPC),
    # user A logs in, session 200 from the newsletter (collected_traffic_source only)
    ev("session_start", "2026-03-02T23:30:00", "111.1", 200, 2, user_id="Ann@Example.com",
       collected_traffic_source={"manual_source": "newsletter", "manual_medium": "email",
                                 "manual_campaign_name": "spring"}),
    ev("generate_lead", "2026-03-02T23:31:00", "111.1", 200, 2, user_id="Ann@Example.com"),
    # user B: no session source at all -> direct; purchase by 'value' only, sent twice
    ev("session_start", "2026-03-01T12:00:00", "222.2", 300, 3),
    ev("purchase", "2026-03-01T12:05:00", "222.2", 300, 3, [p("value", 20.0)],
       ecommerce={"transaction_id": "T2"}),
    ev("purchase", "2026-03-01T12:05:01", "222.2", 300, 3, [p("value", 20.0)],
       ecommerce={"transaction_id": "T2"}),
    ev("sign_up", "2026-03-01T12:06:00", "222.2", 300, 3),
    # no ga_session_id: dropped and counted
    ev("user_engagement", "2026-03-02T08:00:00", "333.3"),
]


def _jsonl(tmp_path, events, name="events_20260301.json"):
    f = tmp_path / name
    f.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return f


def test_sessions_orders_leads_traffic(tmp_path):
    imp = sources.read(_jsonl(tmp_path, EVENTS), PARIS, salt=SALT)
    assert imp.format == "ga4_bigquery" and imp.currency == "EUR" and imp.account == "stream 42"
    assert imp.period == (dt.date(2026, 3, 1), dt.date(2026, 3, 2))
    assert imp.rows.read == 10 and imp.rows.kept == 8
    assert imp.rows.dropped == {"event without ga_session_id": 1,
                                "duplicate purchase (same transaction_id)": 1}
    ann = contact_key("ann@example.com", SALT)
    bob = contact_key("222.2", SALT)
    tp = imp.tables["touchpoints"]
    assert list(tp.columns) == ["contact_id", "timestamp", "channel", "campaign", "source", "medium"]
    assert tp.to_dict("list") == {
        "contact_id": [ann, bob, ann],
        # session starts, UTC -> Paris (UTC+1 in March before the change)
        "timestamp": [pd.Timestamp("2026-03-01 11:00"), pd.Timestamp("2026-03-01 13:00"),
                      pd.Timestamp("2026-03-03 00:30")],
        "channel": ["Paid Search", "Direct", "Email"],
        "campaign": ["brand", None, "spring"],
        "source": ["google", "(direct)", "newsletter"],
        "medium": ["cpc", "(none)", "email"],
    }
    orders = imp.tables["orders"]
    assert orders[["order_id", "contact_id", "revenue"]].to_dict("list") == {
        "order_id": ["T1", "T2"], "contact_id": [ann, bob], "revenue": [50.0, 20.0]}
    assert orders.ordered_at.tolist() == [pd.Timestamp("2026-03-01 11:02"), pd.Timestamp("2026-03-01 13:05")]
    assert orders.margin.isna().all()
    leads = imp.tables["leads"]
    assert leads[["contact_id", "channel"]].to_dict("list") == {"contact_id": [bob, ann],
                                                                "channel": ["Direct", "Email"]}
    assert leads.created_at.tolist() == [pd.Timestamp("2026-03-01 13:06"), pd.Timestamp("2026-03-03 00:31")]
    tr = imp.tables["traffic"].set_index(["date", "channel"])
    ps = tr.loc[(pd.Timestamp("2026-03-01"), "Paid Search")]
    assert (ps.sessions, ps.engaged_sessions, ps.users, ps.new_users, ps.key_events, ps.revenue) == \
        (1, 1, 1, 1, 1, 50)
    d = tr.loc[(pd.Timestamp("2026-03-01"), "Direct")]
    assert (d.sessions, d.engaged_sessions, d.new_users, d.key_events, d.revenue) == (1, 0, 0, 2, 20)
    assert tr.loc[(pd.Timestamp("2026-03-03"), "Email")].key_events == 1
    assert imp.totals == {"events": 10, "sessions": 3, "orders": 2, "revenue": 70.0, "leads": 2}
    assert "Ann" not in imp.tables["leads"].to_string() + tp.to_string()


def test_lead_events_option_and_2021_schema_params(tmp_path):
    src = [p("source", "partner.example"), p("medium", "referral")]
    events = [
        ev("session_start", "2025-06-01T09:00:00", "9.9", 7, 1, src),
        ev("contact_form", "2025-06-01T09:01:00", "9.9", 7, 1),
        ev("session_start", "2025-06-02T09:00:00", "8.8", 8, 1),
    ]
    cfg = SimpleNamespace(timezone="UTC", currency="EUR", sources_options={"lead_events": ["contact_form"]})
    imp = sources.read(_jsonl(tmp_path, events), cfg, salt=SALT)
    assert imp.tables["leads"].channel.tolist() == ["Referral"]
    # the export carries session sources (params): a session without one is direct, not first touch
    assert imp.tables["touchpoints"].channel.tolist() == ["Referral", "Direct"]
    # no session source anywhere (2021 export): the user's first touch, with a warning
    bare = [ev("session_start", "2021-01-28T09:00:00", "7.7", 9, 1)]
    imp = sources.read(_jsonl(tmp_path, bare, "b.json"), cfg, salt=SALT)
    assert imp.tables["touchpoints"].channel.tolist() == ["Organic Search"]
    assert [pr.code for pr in imp.problems] == ["first_touch_channel"]
    assert imp.tables["orders"].empty and imp.currency is None


def test_json_array_and_parquet_give_the_same(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    ref = sources.read(_jsonl(tmp_path, EVENTS), PARIS, salt=SALT)
    arr = tmp_path / "array.json"
    arr.write_text(json.dumps(EVENTS, indent=2), encoding="utf-8")
    got = sources.read(arr, PARIS, salt=SALT)
    pd.testing.assert_frame_equal(got.tables["touchpoints"], ref.tables["touchpoints"])
    # Parquet as BigQuery writes it: int_value as INT64, one schema for every row
    rows = json.loads(json.dumps(EVENTS))
    keys = {k for r in rows for k in r}
    for r in rows:
        for k in keys:
            r.setdefault(k, None)
        for prm in r["event_params"]:
            if "int_value" in prm["value"]:
                prm["value"]["int_value"] = int(prm["value"]["int_value"])
        r["ecommerce"] = r["ecommerce"] or None
    pf = tmp_path / "events.parquet"
    pq.write_table(pa.Table.from_pylist(rows), pf)
    got = sources.read(pf, PARIS, salt=SALT)
    assert got.format == "ga4_bigquery"
    for name in ("touchpoints", "orders", "leads", "traffic"):
        pd.testing.assert_frame_equal(got.tables[name], ref.tables[name], check_dtype=False)
    assert got.rows == ref.rows


def test_bad_export_is_named(tmp_path):
    f = tmp_path / "cut.jsonl"
    f.write_text(json.dumps(EVENTS[0]) + "\n" + json.dumps(EVENTS[1])[:80] + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as exc:
        sources.read(f, PARIS, salt=SALT)
    assert "GA4 BigQuery export" in str(exc.value) and "JSONL" in str(exc.value)
    bad = dict(EVENTS[0], event_timestamp="soon")
    with pytest.raises(DataValidationError) as exc:
        sources.read(_jsonl(tmp_path, [bad], "t.json"), PARIS, salt=SALT)
    assert exc.value.problems[0].column == "event_timestamp"


def test_genuine_single_row_sample():
    f = SAMPLES / "ga4_bigquery" / "obfuscated_sample_ecommerce_one_row_pretty.json"
    if not f.is_file():
        pytest.skip("genuine samples not available")
    assert ga4_bigquery.detect(RawFile(f))
    imp = sources.read(f, salt=SALT)
    # one page_view of session 3599645542, 2021-01-28 01:40:22.695757 UTC, traffic_source (direct)
    assert imp.rows.read == imp.rows.kept == 1 and imp.period == (dt.date(2021, 1, 28),) * 2
    tp = imp.tables["touchpoints"].iloc[0]
    assert tp.timestamp == pd.Timestamp("2021-01-28 01:40:22.695757") and tp.channel == "Direct"
    assert tp.contact_id == contact_key("1146540.1921992520", SALT)
    assert imp.totals == {"events": 1, "sessions": 1, "orders": 0, "revenue": 0.0, "leads": 0}
    tr = imp.tables["traffic"].iloc[0]
    assert (tr.sessions, tr.engaged_sessions, tr.new_users) == (1, 1, 1)


def test_other_samples_are_not_ga4_bigquery():
    if not SAMPLES.is_dir():
        pytest.skip("genuine samples not available")
    for f in sorted(SAMPLES.rglob("*")):
        if f.is_file() and f.parent.name != "ga4_bigquery" and f.suffix != ".md":
            assert not ga4_bigquery.detect(RawFile(f)), f
