"""Synthetic GA4 BigQuery ``events_*`` rows in the export's schema (for tests and the benchmark).

``events(n_users, seed)`` yields event dicts as BigQuery's JSON export writes them: ``int_value``
and timestamps as strings, ``ecommerce`` ``{}`` and ``items`` ``[]`` on non-commerce events,
and the schema of its era: ``schema="2021"`` has no ``collected_traffic_source`` nor
``session_traffic_source_last_click``; ``"2023"`` adds ``collected_traffic_source``; ``"2024"``
adds ``session_traffic_source_last_click`` too. Each user has 1-4 sessions of 2-9 events; some
sessions end with a purchase or a ``generate_lead``; some users log in (``user_id``).

Also runnable: ``python -m benchmarks.sources.ga4_bigquery_events OUT.jsonl N_EVENTS``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys

SOURCES = [  # (source, medium, campaign, weight)
    ("google", "organic", None, 30), ("(direct)", "(none)", None, 20), ("google", "cpc", "brand_fr", 15),
    ("facebook.com", "referral", None, 8), ("newsletter", "email", "spring_sale", 7),
    ("instagram", "paid_social", "reels_q2", 6), ("bing", "organic", None, 4),
    ("partner.example", "referral", None, 5), ("criteo", "display", "retarget", 5),
]


def _param(key, value):
    if isinstance(value, int):
        return {"key": key, "value": {"int_value": str(value)}}
    if isinstance(value, float):
        return {"key": key, "value": {"double_value": value}}
    return {"key": key, "value": {"string_value": value}}


def events(n_users: int, seed: int = 1, schema: str = "2024", start_us: int = 1_735_689_600_000_000,
           days: int = 30):
    """Yield the events of ``n_users`` users (about 10.7 events per user)."""
    rnd = random.Random(seed)
    weights = [w for *_, w in SOURCES]
    order_no = 0
    for u in range(n_users):
        pid = f"{rnd.randrange(10**9)}.{1_700_000_000 + u}"
        uid = f"user{u}@example.com" if rnd.random() < 0.15 else None
        first = None
        for snum in range(1, rnd.randint(1, 4) + 1):
            src, med, camp, _ = rnd.choices(SOURCES, weights)[0]
            t = start_us + rnd.randrange(days * 86_400) * 1_000_000
            first = first or (src, med, camp)
            sid = t // 1_000_000
            n_ev = rnd.randint(2, 9)
            for i in range(n_ev):
                name = "session_start" if i == 0 else "page_view"
                if i == n_ev - 1 and rnd.random() < 0.08:
                    name = "purchase"
                elif i == n_ev - 1 and rnd.random() < 0.05:
                    name = "generate_lead"
                ts = t + i * 7_000_000
                params = [_param("ga_session_id", sid), _param("ga_session_number", snum),
                          _param("page_location", "https://shop.example/p/" + str(rnd.randrange(500))),
                          _param("engagement_time_msec", rnd.randrange(20000))]
                if i > 0:
                    params.append(_param("session_engaged", "1"))
                ecommerce: dict = {}
                if name == "purchase":
                    order_no += 1
                    value = round(rnd.uniform(10, 300), 2)
                    params += [_param("currency", "EUR"), _param("value", value),
                               _param("transaction_id", f"T{order_no}")]
                    ecommerce = {"total_item_quantity": "1", "purchase_revenue_in_usd": value * 1.1,
                                 "purchase_revenue": value, "transaction_id": f"T{order_no}"}
                if i == 0 and schema == "2021" and med != "(none)":
                    params += [_param("source", src), _param("medium", med)]
                    if camp:
                        params.append(_param("campaign", camp))
                ev = {
                    "event_date": (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=ts)
                                   ).strftime("%Y%m%d"),
                    "event_timestamp": str(ts),
                    "event_name": name,
                    "event_params": params,
                    "event_bundle_sequence_id": str(rnd.randrange(10**10)),
                    "user_pseudo_id": pid,
                    "privacy_info": {"uses_transient_token": "No"},
                    "user_properties": [],
                    "user_first_touch_timestamp": str(start_us),
                    "device": {"category": "desktop", "operating_system": "Web", "language": "fr-fr"},
                    "geo": {"country": "France", "city": "Paris"},
                    "traffic_source": {"name": first[2] or "(direct)", "medium": first[1],
                                       "source": first[0]},
                    "stream_id": "2100450278",
                    "platform": "WEB",
                    "ecommerce": ecommerce,
                    "items": [],
                }
                if uid and snum > 1:
                    ev["user_id"] = uid
                if schema in ("2023", "2024"):
                    ev["collected_traffic_source"] = (
                        {"manual_source": src, "manual_medium": med, "manual_campaign_name": camp}
                        if i == 0 and med != "(none)" else None)
                if schema == "2024":
                    ev["session_traffic_source_last_click"] = {
                        "manual_campaign": {"source": src, "medium": med, "campaign_name": camp}}
                yield ev


def write(path: str, n_events: int, seed: int = 1, schema: str = "2024") -> int:
    """Write about ``n_events`` events (whole users) as JSONL; returns the number written."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for ev in events(n_events // 5 + 10, seed, schema):
            if n >= n_events:
                break
            fh.write(json.dumps(ev, separators=(",", ":")) + "\n")
            n += 1
    return n


if __name__ == "__main__":
    print(write(sys.argv[1], int(sys.argv[2])))
