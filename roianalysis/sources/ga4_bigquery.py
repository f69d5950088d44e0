"""GA4 BigQuery export (``events_*`` tables exported as JSONL / NDJSON, JSON or Parquet).

The file is read by DuckDB (``read_json`` with an explicit schema, or ``read_parquet``), which
unnests the events in its engine; pandas only receives one row per session, order and lead.

Schema read (fields absent from older exports are NULL: 2021 rows have no
``collected_traffic_source`` nor ``session_traffic_source_last_click``):
``event_date``, ``event_timestamp`` (microseconds UTC, a string in JSON exports), ``event_name``,
``event_params`` (``[{key, value: {string_value | int_value | float_value | double_value}}]``,
``int_value`` serialised as a string), ``user_pseudo_id``, ``user_id``, ``traffic_source``
(the *user's* first touch), ``collected_traffic_source`` (2023+, per event),
``session_traffic_source_last_click`` (2024+, per session), ``ecommerce`` (``transaction_id``,
``purchase_revenue``, ``purchase_revenue_in_usd``), ``stream_id``.

What it becomes
---------------
- **sessions** (``ga_session_id`` param per ``user_pseudo_id``) -> ``touchpoints``: timestamp =
  the session's first event; source / medium / campaign from the first of, in this order,
  ``session_traffic_source_last_click`` (cross-channel, else manual campaign), the session's
  first event with a ``collected_traffic_source`` (a ``gclid`` alone means ``google / cpc``),
  the session's first event with ``source`` / ``medium`` / ``campaign`` params, and last the
  user's first-touch ``traffic_source``. Channel: GA4's own ``default_channel_group`` of the
  last-click field when exported, else
  :func:`~roianalysis.sources.channels.default_channel_group` of that source / medium /
  campaign.
- ``purchase`` events -> ``orders``: ``order_id`` = ``ecommerce.transaction_id`` (a purchase
  without one gets ``ga4_`` + a hash of device and time, and a warning), ``revenue`` =
  ``ecommerce.purchase_revenue``, else the ``value`` param; a second purchase with the same
  transaction id (GA4 duplicates) is dropped and counted. When purchases are in several
  currencies (``currency`` param), ``purchase_revenue_in_usd`` is used and the import is in USD.
- lead events (``generate_lead``, ``sign_up``; ``sources_options.lead_events`` in client.yml)
  -> ``leads``: the first per contact, with its session's channel.
- ``traffic``: sessions per day (session start, client time zone) x channel x source x medium
  x campaign: ``sessions``, ``engaged_sessions`` (``session_engaged`` = 1), ``users`` (distinct
  contacts), ``new_users`` (sessions with ``ga_session_number`` = 1), ``key_events`` (purchases
  and lead events), ``revenue`` (purchases).
- ``contact_id``: the pseudonymous key of ``user_id`` when the device ever logged in within the
  file (the last ``user_id`` seen for its ``user_pseudo_id``), else of ``user_pseudo_id``; an
  e-mail used as ``user_id`` gets the same key as in Shopify or HubSpot.

Timestamps are microseconds UTC and become naive wall-clock times in the client's time zone.
Rows: every event is read; an event without ``ga_session_id`` that is no purchase or lead is
dropped (``event without ga_session_id``), as is a duplicated purchase.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.sources.base import Import, RawFile, ReadContext, refuse
from roianalysis.sources.channels import default_channel_group
from roianalysis.sources.privacy import contact_keys

__all__ = ["FORMAT", "JSON_COLUMNS", "LEAD_EVENTS", "detect", "read"]

FORMAT = "ga4_bigquery"

#: Events that make a lead unless ``sources_options.lead_events`` says otherwise.
LEAD_EVENTS = ("generate_lead", "sign_up")

_CAMPAIGN = ("campaign_id VARCHAR, campaign_name VARCHAR, source VARCHAR, medium VARCHAR, "
             "term VARCHAR, content VARCHAR, source_platform VARCHAR")
#: The explicit DuckDB schema of a JSON export (unknown keys are ignored, absent ones are NULL).
JSON_COLUMNS = {
    "event_date": "VARCHAR",
    "event_timestamp": "VARCHAR",
    "event_name": "VARCHAR",
    "event_params": "STRUCT(key VARCHAR, value STRUCT(string_value VARCHAR, int_value VARCHAR, "
                    "float_value DOUBLE, double_value DOUBLE))[]",
    "user_pseudo_id": "VARCHAR",
    "user_id": "VARCHAR",
    "stream_id": "VARCHAR",
    "traffic_source": "STRUCT(name VARCHAR, medium VARCHAR, source VARCHAR)",
    "collected_traffic_source": "STRUCT(manual_campaign_id VARCHAR, manual_campaign_name VARCHAR, "
                                "manual_source VARCHAR, manual_medium VARCHAR, gclid VARCHAR, "
                                "dclid VARCHAR)",
    "session_traffic_source_last_click": (
        f"STRUCT(manual_campaign STRUCT({_CAMPAIGN}), "
        "google_ads_campaign STRUCT(customer_id VARCHAR, campaign_id VARCHAR, campaign_name VARCHAR), "
        f"cross_channel_campaign STRUCT({_CAMPAIGN}, default_channel_group VARCHAR, "
        "primary_channel_group VARCHAR))"),
    "ecommerce": "STRUCT(transaction_id VARCHAR, purchase_revenue DOUBLE, "
                 "purchase_revenue_in_usd DOUBLE)",
}

_NOT_SET = ("", "(not set)", "null")
#: Campaign names GA4 writes when there is no campaign.
_NO_CAMPAIGN = _NOT_SET + ("(none)", "(direct)", "(organic)", "(referral)", "(data deleted)")


def _json_head(raw: RawFile, n: int = 65536) -> str:
    d = raw.prefix[:n]
    enc = raw.encoding
    return d.decode("utf-8" if enc == "utf-8" else enc, errors="ignore").lstrip("\ufeff")


def detect(raw: RawFile) -> bool:
    """An events export: Parquet or JSON whose records have ``event_name``, ``event_timestamp``
    and ``event_params``."""
    if raw.is_parquet:
        try:
            import pyarrow.parquet as pq

            names = set(pq.read_schema(raw.path if raw.path.is_file() else _bytes_io(raw)).names)
        except Exception:
            return False
        return {"event_name", "event_timestamp", "event_params"} <= names
    if raw.is_excel:
        return False
    head = _json_head(raw, 16384).lstrip()
    if not head.startswith(("{", "[")):
        return False
    return all(re.search(rf'"{k}"\s*:', head) for k in ("event_name", "event_timestamp", "event_params"))


def _bytes_io(raw: RawFile):
    import io

    return io.BytesIO(raw.data)


def _parquet_fields(path: str) -> set[str]:
    """Dotted paths of every field of a Parquet file (``ecommerce.transaction_id``...)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out: set[str] = set()

    def walk(prefix: str, typ) -> None:
        if pa.types.is_list(typ) or pa.types.is_large_list(typ):
            walk(prefix, typ.value_type)
        elif pa.types.is_struct(typ):
            for f in typ:
                out.add(prefix + f.name)
                walk(prefix + f.name + ".", f.type)

    for f in pq.read_schema(path):
        out.add(f.name)
        walk(f.name + ".", f.type)
    return out


def _json_fields() -> set[str]:
    out = set(JSON_COLUMNS)
    for name, typ in JSON_COLUMNS.items():
        # only the struct paths used below matter; list them from the type text
        for m in re.finditer(r"(\w+) (?:VARCHAR|DOUBLE|STRUCT)", typ):
            out.add(f"{name}.{m[1]}")
    out |= {f"session_traffic_source_last_click.{a}.{b}"
            for a in ("manual_campaign", "cross_channel_campaign", "google_ads_campaign")
            for b in ("campaign_name", "source", "medium", "default_channel_group", "campaign_id")
            if not (a != "cross_channel_campaign" and b == "default_channel_group")}
    out |= {f"event_params.value.{k}" for k in ("string_value", "int_value", "float_value", "double_value")}
    return out


def _sql(source: str, fields: set[str], lead_events: list[str]) -> tuple[str, str]:
    """DuckDB SQL: the events as flat rows (table ``ev``), and ``ev`` -> sessions / orders / leads."""
    def f(path: str, cast: str = "VARCHAR") -> str:
        if path in fields:
            return f"TRY_CAST(e.{path} AS {cast})"
        return f"CAST(NULL AS {cast})"

    def pv(key: str, sub: str, cast: str) -> str:
        if f"event_params.value.{sub}" not in fields:
            return f"CAST(NULL AS {cast})"
        return (f"TRY_CAST(list_filter(e.event_params, lambda x: x.key = '{key}')[1].value.{sub} "
                f"AS {cast})")

    def ptext(key: str) -> str:
        parts = ", ".join(pv(key, sub, "VARCHAR")
                          for sub in ("string_value", "int_value", "double_value", "float_value"))
        return f"NULLIF(COALESCE({parts}), '')"

    def pnum(key: str) -> str:
        parts = ", ".join(pv(key, sub, "DOUBLE")
                          for sub in ("double_value", "float_value", "int_value", "string_value"))
        return f"COALESCE({parts})"

    def clean(expr: str, tokens: tuple[str, ...] = _NOT_SET) -> str:
        return f"CASE WHEN lower(trim({expr})) IN {tokens!r} THEN NULL ELSE trim({expr}) END"

    def camp(expr: str) -> str:
        return clean(expr, _NO_CAMPAIGN)

    lc = "session_traffic_source_last_click"
    leads = ", ".join("'" + e.replace("'", "''") + "'" for e in lead_events) or "''"
    return f"""
  SELECT
    row_number() OVER () AS rn,
    CAST(e.user_pseudo_id AS VARCHAR) AS pid,
    {clean(f("user_id"))} AS uid,
    CAST(e.event_name AS VARCHAR) AS name,
    TRY_CAST(e.event_timestamp AS BIGINT) AS ts,
    CAST(e.event_date AS VARCHAR) AS event_date,
    {f("stream_id")} AS stream_id,
    TRY_CAST({ptext("ga_session_id")} AS BIGINT) AS sid,
    TRY_CAST({ptext("ga_session_number")} AS BIGINT) AS snum,
    {ptext("session_engaged")} AS engaged,
    {clean(ptext("source"))} AS p_source, {clean(ptext("medium"))} AS p_medium,
    {camp(ptext("campaign"))} AS p_campaign,
    {ptext("currency")} AS currency,
    COALESCE({f("ecommerce.purchase_revenue", "DOUBLE")}, {pnum("value")}) AS revenue,
    {f("ecommerce.purchase_revenue_in_usd", "DOUBLE")} AS revenue_usd,
    {clean(f("ecommerce.transaction_id"))} AS transaction_id,
    COALESCE({clean(f(lc + ".cross_channel_campaign.source"))},
             {clean(f(lc + ".manual_campaign.source"))}) AS lc_source,
    CASE WHEN {clean(f(lc + ".cross_channel_campaign.source"))} IS NOT NULL
         THEN {clean(f(lc + ".cross_channel_campaign.medium"))}
         ELSE {clean(f(lc + ".manual_campaign.medium"))} END AS lc_medium,
    CASE WHEN {clean(f(lc + ".cross_channel_campaign.source"))} IS NOT NULL
         THEN {camp(f(lc + ".cross_channel_campaign.campaign_name"))}
         ELSE COALESCE({camp(f(lc + ".manual_campaign.campaign_name"))},
                       {camp(f(lc + ".google_ads_campaign.campaign_name"))}) END AS lc_campaign,
    {clean(f(lc + ".cross_channel_campaign.default_channel_group"))} AS lc_channel,
    COALESCE({clean(f("collected_traffic_source.manual_source"))},
             CASE WHEN {clean(f("collected_traffic_source.gclid"))} IS NOT NULL THEN 'google' END)
      AS c_source,
    COALESCE({clean(f("collected_traffic_source.manual_medium"))},
             CASE WHEN {clean(f("collected_traffic_source.gclid"))} IS NOT NULL THEN 'cpc' END)
      AS c_medium,
    {camp(f("collected_traffic_source.manual_campaign_name"))} AS c_campaign,
    {clean(f("traffic_source.source"))} AS t_source, {clean(f("traffic_source.medium"))} AS t_medium,
    {camp(f("traffic_source.name"))} AS t_campaign
  FROM {source} AS e
""", f"""
WITH device AS (  -- the user_id a device logged in as (the last one seen in the file)
  SELECT pid, arg_max(uid, ts) AS duid FROM ev WHERE uid IS NOT NULL GROUP BY pid
),
purchases AS (
  SELECT ev.*, row_number() OVER (PARTITION BY transaction_id ORDER BY ts, rn) AS nth
  FROM ev WHERE name = 'purchase'
),
orders AS (
  SELECT rn, pid, sid, uid, ts, transaction_id, revenue, revenue_usd, currency
  FROM purchases WHERE transaction_id IS NULL OR nth = 1
),
sessions AS (
  SELECT
    pid, sid,
    min(ts) AS start_ts,
    arg_min(uid, ts) FILTER (WHERE uid IS NOT NULL) AS suid,
    max(CASE WHEN engaged = '1' THEN 1 ELSE 0 END) AS engaged,
    max(CASE WHEN snum = 1 THEN 1 ELSE 0 END) AS is_new,
    count(*) FILTER (WHERE name IN ({leads})) AS lead_events,
    arg_min(struct_pack(s := lc_source, m := lc_medium, c := lc_campaign, g := lc_channel), ts)
      FILTER (WHERE lc_source IS NOT NULL OR lc_channel IS NOT NULL) AS lc,
    arg_min(struct_pack(s := c_source, m := c_medium, c := c_campaign), ts)
      FILTER (WHERE c_source IS NOT NULL) AS ct,
    arg_min(struct_pack(s := p_source, m := p_medium, c := p_campaign), ts)
      FILTER (WHERE p_source IS NOT NULL OR p_medium IS NOT NULL) AS pr,
    arg_min(struct_pack(s := t_source, m := t_medium, c := t_campaign), ts)
      FILTER (WHERE t_source IS NOT NULL) AS tr
  FROM ev WHERE sid IS NOT NULL AND pid IS NOT NULL
  GROUP BY pid, sid
),
kinds AS (  -- does the export carry session sources at all (2021 exports may not)?
  SELECT bool_or(lc IS NOT NULL OR ct IS NOT NULL OR pr IS NOT NULL) AS has_session_source
  FROM sessions
),
session_orders AS (
  SELECT pid, sid, count(*) AS purchases, sum(revenue) AS revenue FROM orders
  WHERE sid IS NOT NULL GROUP BY pid, sid
)
SELECT 'session' AS kind, s.pid, s.sid, COALESCE(s.suid, d.duid) AS uid, s.start_ts AS ts,
       CASE WHEN s.lc IS NOT NULL THEN s.lc.s WHEN s.ct IS NOT NULL THEN s.ct.s
            WHEN s.pr IS NOT NULL THEN s.pr.s WHEN k.has_session_source THEN '(direct)'
            ELSE s.tr.s END AS source,
       CASE WHEN s.lc IS NOT NULL THEN s.lc.m WHEN s.ct IS NOT NULL THEN s.ct.m
            WHEN s.pr IS NOT NULL THEN s.pr.m WHEN k.has_session_source THEN '(none)'
            ELSE s.tr.m END AS medium,
       CASE WHEN s.lc IS NOT NULL THEN s.lc.c WHEN s.ct IS NOT NULL THEN s.ct.c
            WHEN s.pr IS NOT NULL THEN s.pr.c WHEN k.has_session_source THEN NULL
            ELSE s.tr.c END AS campaign,
       s.lc.g AS ga4_channel,
       CASE WHEN s.lc IS NOT NULL THEN 'last_click' WHEN s.ct IS NOT NULL THEN 'collected'
            WHEN s.pr IS NOT NULL THEN 'params' WHEN k.has_session_source THEN 'direct'
            WHEN s.tr IS NOT NULL THEN 'first_touch' ELSE 'none' END AS tier,
       s.engaged, s.is_new, s.lead_events + COALESCE(o.purchases, 0) AS key_events,
       o.revenue, CAST(NULL AS DOUBLE) AS revenue_usd, CAST(NULL AS VARCHAR) AS transaction_id,
       CAST(NULL AS VARCHAR) AS currency, CAST(NULL AS VARCHAR) AS event_name
FROM sessions s CROSS JOIN kinds k LEFT JOIN device d USING (pid) LEFT JOIN session_orders o USING (pid, sid)
UNION ALL
SELECT 'order', o.pid, o.sid, COALESCE(o.uid, d.duid), o.ts, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, o.revenue, o.revenue_usd, o.transaction_id, o.currency, NULL
FROM orders o LEFT JOIN device d USING (pid)
UNION ALL
SELECT 'lead', ev.pid, ev.sid, COALESCE(ev.uid, d.duid), ev.ts, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, ev.name
FROM ev LEFT JOIN device d USING (pid) WHERE ev.name IN ({leads})
"""


_COUNTS = """
SELECT count(*) AS events,
       count(*) FILTER (WHERE sid IS NULL AND name <> 'purchase' AND name NOT IN ({leads})) AS no_session,
       count(*) FILTER (WHERE name = 'purchase' AND transaction_id IS NOT NULL AND nth > 1) AS dup,
       count(*) FILTER (WHERE ts IS NULL) AS bad_ts,
       min(event_date) AS first_day, max(event_date) AS last_day,
       count(DISTINCT stream_id) AS streams, min(stream_id) AS stream
FROM (SELECT ev.*, CASE WHEN name = 'purchase' THEN row_number() OVER
        (PARTITION BY name, transaction_id ORDER BY ts, rn) END AS nth FROM ev) x
"""


def _text(values: pd.Series) -> pd.Series:
    """Text column with ``None`` for missing values (not NaN)."""
    s = values.astype(object)
    return s.where(s.notna(), None)


def _local(us: pd.Series, tz: str) -> pd.Series:
    """Microseconds since the epoch (UTC) -> naive wall-clock ``datetime64[us]`` in ``tz``."""
    t = pd.to_datetime(us.astype("Int64"), unit="us", utc=True)
    return t.dt.tz_convert(tz).dt.tz_localize(None).astype("datetime64[us]")


def read(raw: RawFile, ctx: ReadContext) -> Import:
    """Read a GA4 BigQuery events export into touchpoints, orders, leads and traffic.

    Returns
    -------
    Import
        ``tables``: ``touchpoints`` (one row per session), ``orders`` (one per purchase
        transaction), ``leads`` (first lead event per contact), ``traffic`` (sessions per day x
        channel x source x medium x campaign). ``totals``: ``events``, ``sessions``, ``orders``,
        ``revenue``, ``leads``. ``period``: the first and last ``event_date``.

    Raises
    ------
    DataValidationError
        The file cannot be parsed as an events export, or events lack a timestamp.
    """
    import duckdb

    path = raw.name
    lead_events = [str(e) for e in (ctx.option("lead_events") or LEAD_EVENTS)]
    tmp = None
    file = raw.path
    if not file.is_file() or file.stat().st_size != raw.size:  # bytes given, not the file
        fd, tmp = tempfile.mkstemp(suffix=".parquet" if raw.is_parquet else ".json")
        os.write(fd, raw.data)
        os.close(fd)
        file = Path(tmp)
    con = duckdb.connect()
    try:
        con.execute("SET threads TO 2")
        if raw.is_parquet:
            fields = _parquet_fields(str(file))
            source = "read_parquet($file)"
            params: dict = {"file": str(file)}
        else:
            fields = _json_fields()
            source = ("read_json($file, columns = $columns, format = 'auto', "
                      "maximum_object_size = 67108864)")
            params = {"file": str(file), "columns": JSON_COLUMNS}
        ev_sql, query = _sql(source, fields, lead_events)
        leads_sql = ", ".join("'" + e.replace("'", "''") + "'" for e in lead_events) or "''"
        try:
            con.execute(f"CREATE TEMP TABLE ev AS {ev_sql}", params)
            frame = con.execute(query).df()
            counts = con.execute(_COUNTS.format(leads=leads_sql)).fetchone()
        except duckdb.Error as exc:
            msg = str(exc).splitlines()[0][:300]
            raise DataValidationError([DataProblem(path, "cannot read this GA4 BigQuery export "
                                                   f"({msg}); export the events_* table as "
                                                   "JSONL (newline-delimited JSON) or Parquet",
                                                   code="bad_file")]) from None
    finally:
        con.close()
        if tmp:
            os.unlink(tmp)
    events, no_session, dup, bad_ts, first_day, last_day, streams, stream = counts
    if not events:
        raise refuse(path, "the GA4 BigQuery export holds no event", code="empty_export")
    if bad_ts:
        raise DataValidationError([DataProblem(path, f"{bad_ts} event(s) have no event_timestamp "
                                               "(microseconds since 1970, UTC)", "event_timestamp",
                                               code="bad_date")])
    return _build(raw, ctx, frame, int(events), int(no_session), int(dup), first_day, last_day,
                  stream if streams == 1 else None)


def _build(raw: RawFile, ctx: ReadContext, frame: pd.DataFrame, events: int, no_session: int,
           dup: int, first_day, last_day, stream) -> Import:
    path = raw.name
    tz = ctx.timezone
    imp = Import(path, FORMAT, {}, report="GA4 BigQuery events export",
                 account=f"stream {stream}" if stream else None)
    imp.rows.read = events
    imp.rows.drop("event without ga_session_id", no_session)
    imp.rows.drop("duplicate purchase (same transaction_id)", dup)
    imp.rows.kept = events - no_session - dup
    if first_day and last_day:
        a, b = str(first_day), str(last_day)
        try:
            imp.period = (dt.date(int(a[:4]), int(a[4:6]), int(a[6:8])),
                          dt.date(int(b[:4]), int(b[4:6]), int(b[6:8])))
        except ValueError:
            imp.period = None

    ident = frame["uid"].where(frame["uid"].notna(), frame["pid"])
    frame = frame.assign(contact_id=contact_keys(ident.astype(object), ctx.salt),
                         when=_local(frame["ts"], tz))
    sess = frame[frame.kind == "session"].reset_index(drop=True)
    orders = frame[frame.kind == "order"].reset_index(drop=True)
    leads = frame[frame.kind == "lead"].reset_index(drop=True)

    # channel: GA4's own when exported, else its rules on the session's source / medium / campaign
    triples = sess[["source", "medium", "campaign"]].astype(object).where(sess[["source", "medium", "campaign"]].notna(), None)
    uniq = {t: default_channel_group(*t) for t in set(map(tuple, triples.to_numpy()))}
    derived = [uniq[tuple(t)] for t in triples.to_numpy()]
    sess["channel"] = sess["ga4_channel"].where(sess["ga4_channel"].notna(), pd.Series(derived, dtype=object))
    first_touch = int((sess["tier"] == "first_touch").sum())
    if first_touch:
        imp.warn(f"{first_touch} of {len(sess)} sessions carry no session source (no "
                 "session_traffic_source_last_click, collected_traffic_source or source / medium "
                 "event params): their channel is the user's first touch (traffic_source)",
                 code="first_touch_channel")

    imp.tables["touchpoints"] = pd.DataFrame({
        "contact_id": sess["contact_id"].astype(object),
        "timestamp": sess["when"],
        "channel": _text(sess["channel"]),
        "campaign": _text(sess["campaign"]),
        "source": _text(sess["source"]),
        "medium": _text(sess["medium"]),
    }).sort_values(["timestamp", "contact_id"], kind="stable").reset_index(drop=True)

    currencies = sorted({c.upper() for c in orders["currency"].dropna() if str(c).strip()})
    revenue = orders["revenue"].astype(float)
    if len(currencies) > 1:
        imp.warn(f"purchases are in several currencies ({', '.join(currencies)}): revenue is "
                 "ecommerce.purchase_revenue_in_usd", column="ecommerce.purchase_revenue",
                 code="mixed_currencies")
        revenue = orders["revenue_usd"].astype(float)
        imp.currency = "USD"
    else:
        imp.currency = currencies[0] if currencies else None
    no_id = orders["transaction_id"].isna()
    order_id = orders["transaction_id"].astype(object).copy()
    if no_id.any():
        order_id[no_id] = [
            "ga4_" + hashlib.blake2b(f"{p}|{t}".encode(), digest_size=8).hexdigest()
            for p, t in zip(orders["pid"][no_id], orders["ts"][no_id], strict=True)]
        imp.warn(f"{int(no_id.sum())} purchase event(s) have no ecommerce.transaction_id: each is "
                 "one order (id ga4_<hash of device and time>)", column="ecommerce.transaction_id",
                 code="missing_order_id")
    if revenue.isna().any():
        imp.warn(f"{int(revenue.isna().sum())} purchase(s) have no ecommerce.purchase_revenue nor "
                 "value param: revenue 0", column="ecommerce.purchase_revenue", code="missing_revenue")
        revenue = revenue.fillna(0.0)
    imp.tables["orders"] = pd.DataFrame({
        "order_id": order_id.astype(object),
        "contact_id": orders["contact_id"].astype(object),
        "ordered_at": orders["when"],
        "revenue": revenue.to_numpy(dtype=float),
        "margin": np.full(len(orders), np.nan),
    }).sort_values(["ordered_at", "order_id"], kind="stable").reset_index(drop=True)

    # leads: first lead event per contact, with the channel of its session
    chan = sess.set_index(["pid", "sid"])["channel"]
    first = leads.sort_values(["when"], kind="stable").drop_duplicates("contact_id")
    keys = pd.MultiIndex.from_arrays([first["pid"], first["sid"]])
    lead_channel = chan.reindex(keys).to_numpy(dtype=object)
    imp.tables["leads"] = pd.DataFrame({
        "contact_id": first["contact_id"].to_numpy(dtype=object),
        "created_at": first["when"].to_numpy(dtype="datetime64[us]"),
        "channel": lead_channel,
        "owner": np.full(len(first), None, dtype=object),
        "segment": np.full(len(first), None, dtype=object),
    }).sort_values("created_at", kind="stable").reset_index(drop=True)

    # traffic: sessions per local day x channel x source x medium x campaign
    tkeys = ["date", "channel", "source", "medium", "campaign"]
    t = sess.assign(date=sess["when"].dt.normalize(), sessions=1.0,
                    engaged_sessions=sess["engaged"].astype(float), new_users=sess["is_new"].astype(float),
                    key_events=sess["key_events"].astype(float), revenue=sess["revenue"].astype(float))
    g = t.groupby(tkeys, dropna=False, sort=True)
    traffic = g[["sessions", "engaged_sessions", "new_users", "key_events"]].sum()
    traffic["users"] = g["contact_id"].nunique().astype(float)
    traffic["revenue"] = g["revenue"].sum(min_count=0)
    traffic = traffic.reset_index()
    traffic["date"] = traffic["date"].astype("datetime64[us]")
    for col in ("source", "medium", "campaign"):
        traffic[col] = _text(traffic[col])
    from roianalysis.sources.ga4_ui import TRAFFIC_COLUMNS

    imp.tables["traffic"] = traffic[list(TRAFFIC_COLUMNS)]

    imp.totals = {"events": float(events), "sessions": float(len(sess)),
                  "orders": float(len(orders)), "revenue": float(imp.tables["orders"]["revenue"].sum()),
                  "leads": float(len(imp.tables["leads"]))}
    return imp


