"""Per-row work as Ibis expressions, run by the engine (docs/design.md section 8.1).

Each function takes Ibis tables (canonical columns, see :mod:`roianalysis.schema`) and returns an
Ibis expression; nothing here pulls rows into pandas. The same expressions run on DuckDB and on
PySpark (the tests run both).

Channel rules (docs/design.md section 3.4)
------------------------------------------
* A lead's channel is its ``channel`` column when present, otherwise the channel of its contact's
  first touchpoint at or before ``created_at``, otherwise ``(unknown)``. Its campaign is the
  campaign of the contact's first touchpoint on that channel at or before ``created_at``
  (``(none)`` if there is none).
* A contact's acquisition channel is its lead's channel; for a customer without a lead it is the
  channel of the first touchpoint at or before the first order, otherwise ``(unknown)``.
* Ties between touchpoints at the same instant are broken by channel then campaign name, so the
  result never depends on row order.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir
import pandas as pd

from roianalysis.periods import Period
from roianalysis.schema import NO_CAMPAIGN, UNKNOWN_CHANNEL

SECONDS_PER_DAY = 86_400

#: Dimensions a breakdown can use, and which ones exist for spend and traffic.
DIMENSIONS = ("channel", "campaign", "segment", "owner")
SPEND_DIMENSIONS = ("channel", "campaign")


def in_period(col: ir.TimestampValue, period: Period) -> ir.BooleanValue:
    """``start <= col < end_exclusive``: the row's time lies in one of the period's days."""
    return (col >= ibis.literal(period.start_ts.to_pydatetime())) & (
        col < ibis.literal(period.end_exclusive.to_pydatetime())
    )


def _seconds(col: ir.TimestampValue) -> ir.NumericValue:
    return col.epoch_seconds().cast("float64")


def first_touch_before(anchors: ir.Table, touchpoints: ir.Table, at: str,
                       same_channel: str | None = None) -> ir.Table:
    """For each anchor row (``contact_id``, ``at``), the first touchpoint at or before ``at``.

    Parameters
    ----------
    anchors : Table with ``contact_id`` and the timestamp column ``at`` (one row per contact).
    touchpoints : canonical touchpoints table.
    same_channel : optional column of ``anchors``; when given, only touchpoints on that channel count.

    Returns
    -------
    Table ``contact_id``, ``ft_channel``, ``ft_campaign`` (contacts without such a touch are absent).
    """
    a = anchors.select(a_contact=anchors.contact_id, a_at=anchors[at],
                       **({"a_channel": anchors[same_channel]} if same_channel else {}))
    t = touchpoints.select(t_contact=touchpoints.contact_id, t_ts=touchpoints.timestamp,
                           t_channel=touchpoints.channel, t_campaign=touchpoints.campaign)
    preds = [a.a_contact == t.t_contact, t.t_ts <= a.a_at]
    if same_channel:
        preds.append(a.a_channel == t.t_channel)
    j = a.join(t, preds)
    w = ibis.window(group_by=j.a_contact, order_by=[j.t_ts, j.t_channel, j.t_campaign])
    ranked = j.mutate(_rn=ibis.row_number().over(w))
    return ranked.filter(ranked._rn == 0).select(
        contact_id=ranked.a_contact, ft_channel=ranked.t_channel, ft_campaign=ranked.t_campaign
    )


def lead_attribution(leads: ir.Table, touchpoints: ir.Table) -> ir.Table:
    """Every lead with its resolved channel and campaign.

    Returns
    -------
    Table ``contact_id``, ``created_at``, ``channel``, ``campaign``, ``owner``, ``segment``,
    ``channel_source`` (``lead``, ``first_touch`` or ``unknown``).
    """
    ft = first_touch_before(leads, touchpoints, "created_at").rename(ft_contact="contact_id")
    j = leads.left_join(ft, leads.contact_id == ft.ft_contact)
    resolved = j.select(
        contact_id=j.contact_id,
        created_at=j.created_at,
        channel=ibis.coalesce(j.channel, j.ft_channel, ibis.literal(UNKNOWN_CHANNEL)),
        owner=j.owner,
        segment=j.segment,
        channel_source=ibis.cases(
            (j.channel.notnull(), "lead"), (j.ft_channel.notnull(), "first_touch"), else_="unknown"
        ),
    )
    camp = first_touch_before(resolved, touchpoints, "created_at", same_channel="channel").select(
        c_contact="contact_id", c_campaign="ft_campaign"
    )
    k = resolved.left_join(camp, resolved.contact_id == camp.c_contact)
    return k.select(
        "contact_id", "created_at", "channel",
        campaign=ibis.coalesce(k.c_campaign, ibis.literal(NO_CAMPAIGN)),
        owner=k.owner, segment=k.segment, channel_source=k.channel_source,
    )


def first_orders(orders: ir.Table) -> ir.Table:
    """``contact_id``, ``first_order_at``: each ordering contact's first order ever.

    A refund (negative ``revenue``) is not a purchase: a contact whose only orders are refunds
    has no first order and is not a new customer."""
    bought = orders.filter(orders.revenue.isnull() | (orders.revenue >= 0))
    return bought.group_by("contact_id").aggregate(first_order_at=bought.ordered_at.min())


def contacts(leads: ir.Table, touchpoints: ir.Table, orders: ir.Table) -> ir.Table:
    """One row per contact that is a lead or a customer, with its acquisition dimensions.

    Returns
    -------
    Table ``contact_id``, ``created_at`` (lead creation, null without a lead), ``first_order_at``
    (null without an order), ``channel``, ``campaign``, ``owner``, ``segment``.
    """
    la = lead_attribution(leads, touchpoints)
    fo = first_orders(orders)
    fo_ft = first_touch_before(fo, touchpoints, "first_order_at").rename(g_contact="contact_id")
    f = fo.left_join(fo_ft, fo.contact_id == fo_ft.g_contact).select(
        f_contact=fo.contact_id, first_order_at=fo.first_order_at,
        f_channel=fo_ft.ft_channel, f_campaign=fo_ft.ft_campaign,
    )
    j = la.outer_join(f, la.contact_id == f.f_contact)
    has_lead = j.contact_id.notnull()
    return j.select(
        contact_id=ibis.coalesce(j.contact_id, j.f_contact),
        created_at=j.created_at,
        first_order_at=j.first_order_at,
        channel=ibis.ifelse(has_lead, j.channel,
                            ibis.coalesce(j.f_channel, ibis.literal(UNKNOWN_CHANNEL))),
        campaign=ibis.ifelse(has_lead, j.campaign,
                             ibis.coalesce(j.f_campaign, ibis.literal(NO_CAMPAIGN))),
        owner=j.owner,
        segment=j.segment,
    )


#: Name of :func:`contacts`' table among an engine's derived tables
#: (:attr:`roianalysis.engine.Engine.derived`; the store's database file holds it precomputed).
CONTACTS = "contacts"


def engine_contacts(engine) -> ir.Table:
    """:func:`contacts` of an engine's canonical tables (``engine.table(name)``; an empty table
    of the canonical schema for a table the client lacks)."""
    return contacts(engine.table("leads"), engine.table("touchpoints"), engine.table("orders"))


# ------------------------------------------------------------------------------ period aggregates
def _group(t: ir.Table, by: Sequence[str], **aggs) -> ir.Table:
    return t.group_by(list(by)).aggregate(**aggs) if by else t.aggregate(**aggs)


def spend_totals(spend: ir.Table, period: Period, by: Sequence[str] = ()) -> ir.Table:
    """Spend of the period: costs by category family, clicks and impressions.

    Columns: ``cost`` (every category: acquisition cost), ``marketing_cost`` (all but ``sales``),
    ``media_cost`` (category ``media``), ``clicks``, ``impressions``, ``cost_with_clicks``
    (media cost of rows that carry clicks), ``clicks_with_impressions`` / ``impressions_with_clicks``
    (rows that carry both), ``cost_with_impressions`` (media cost of rows that carry impressions).
    """
    s = spend.filter(in_period(spend.date, period))
    media = s.category == "media"
    zero = ibis.literal(0.0)
    both = s.clicks.notnull() & s.impressions.notnull()
    return _group(
        s, by,
        cost=s.cost.sum(),
        marketing_cost=ibis.ifelse(s.category != "sales", s.cost, zero).sum(),
        media_cost=ibis.ifelse(media, s.cost, zero).sum(),
        clicks=ibis.ifelse(media, s.clicks, zero).sum(),
        impressions=ibis.ifelse(media, s.impressions, zero).sum(),
        cost_with_clicks=ibis.ifelse(media & s.clicks.notnull(), s.cost, zero).sum(),
        cost_with_impressions=ibis.ifelse(media & s.impressions.notnull(), s.cost, zero).sum(),
        clicks_with_impressions=ibis.ifelse(media & both, s.clicks, zero).sum(),
        impressions_with_clicks=ibis.ifelse(media & both, s.impressions, zero).sum(),
    )


def traffic_totals(touchpoints: ir.Table, period: Period, by: Sequence[str] = ()) -> ir.Table:
    """``sessions`` (touchpoints in P) and ``visitors`` (distinct contacts with one in P)."""
    t = touchpoints.filter(in_period(touchpoints.timestamp, period))
    return _group(t, by, sessions=t.count(), visitors=t.contact_id.nunique())


def traffic_table_totals(traffic: ir.Table, period: Period, by: Sequence[str] = ()) -> ir.Table:
    """``sessions`` and ``visitors`` of P from the aggregated web-analytics table ``traffic``
    (day x channel, e.g. a GA4 report), for clients without touchpoints.

    ``sessions`` = sum of ``sessions``; ``visitors`` = sum of ``users`` over the period's rows.
    A person who visits on several days (or through several channels) is counted once per day and
    channel, so over a period ``visitors`` over-counts distinct visitors: it is the sum of daily
    users the report gave, not the distinct count touchpoints give. ``sessions_rows`` and
    ``users_rows`` count the rows that carry each figure (0: unknown, see
    :func:`roianalysis.metrics.funnel_counts`).
    """
    t = traffic.filter(in_period(traffic.date, period))
    return _group(t, by, sessions=t.sessions.sum(), visitors=t.users.sum(),
                  sessions_rows=t.sessions.count(), users_rows=t.users.count())


def lead_totals(contacts_t: ir.Table, period: Period, window_days: int,
                by: Sequence[str] = ()) -> ir.Table:
    """``leads`` created in P and ``converted_leads``: those whose contact's first order ever came
    0 to ``window_days`` days after ``created_at``."""
    c = contacts_t.filter(contacts_t.created_at.notnull() & in_period(contacts_t.created_at, period))
    delay = _seconds(c.first_order_at) - _seconds(c.created_at)
    ok = c.first_order_at.notnull() & (delay >= 0) & (delay <= window_days * SECONDS_PER_DAY)
    return _group(c, by, leads=c.count(), converted_leads=ok.cast("int64").sum())


def customer_totals(contacts_t: ir.Table, period: Period, by: Sequence[str] = ()) -> ir.Table:
    """``new_customers`` (first order ever in P), ``new_customers_with_lead`` and
    ``sales_cycle_days``: median days from lead creation to first order over the new customers
    of P whose lead was created at or before that order."""
    c = contacts_t.filter(contacts_t.first_order_at.notnull() & in_period(contacts_t.first_order_at, period))
    cycle = (_seconds(c.first_order_at) - _seconds(c.created_at)) / SECONDS_PER_DAY
    valid = c.created_at.notnull() & (c.first_order_at >= c.created_at)
    return _group(
        c, by,
        new_customers=c.count(),
        new_customers_with_lead=valid.cast("int64").sum(),
        sales_cycle_days=ibis.ifelse(valid, cycle, ibis.null("float64")).median(),
    )


def _orders_with_dims(orders: ir.Table, contacts_t: ir.Table) -> ir.Table:
    k = contacts_t.select(k_contact="contact_id", channel="channel", campaign="campaign",
                          owner="owner", segment="segment", k_first_order_at="first_order_at")
    j = orders.left_join(k, orders.contact_id == k.k_contact)
    extra = [c for c in orders.columns if c.startswith("_")]  # e.g. the month of a monthly pass
    return j.select(
        "order_id", "contact_id", "ordered_at", "revenue", "margin", *extra,
        first_order_at=j.k_first_order_at,
        channel=ibis.coalesce(j.channel, ibis.literal(UNKNOWN_CHANNEL)),
        campaign=ibis.coalesce(j.campaign, ibis.literal(NO_CAMPAIGN)),
        owner=j.owner, segment=j.segment,
    )


def order_totals(orders: ir.Table, contacts_t: ir.Table, period: Period,
                 by: Sequence[str] = ()) -> ir.Table:
    """Orders of P by the ordering contact's acquisition dimensions.

    Columns: ``orders``, ``revenue``, ``customers`` (distinct ordering contacts), ``margin_known``
    (sum of ``margin`` where given), ``revenue_without_margin`` and ``orders_without_margin``
    (orders whose margin must come from ``gross_margin_rate``), ``new_customer_revenue``
    (revenue of the orders of P placed by contacts whose first order ever is in P: what the
    customers acquired in P brought in P, currency).

    When ``orders`` carries the ``_start`` / ``_end`` bounds of the period each row belongs to
    (:func:`in_periods` with ``keep_bounds``), "first order in P" is read against those bounds:
    several periods at once, each row against its own period.
    """
    o = _orders_with_dims(orders, contacts_t)
    o = o.filter(in_period(o.ordered_at, period))
    zero = ibis.literal(0.0)
    if "_start" in o.columns and "_end" in o.columns:
        new = (o.first_order_at >= o._start) & (o.first_order_at < o._end)
    else:
        new = in_period(o.first_order_at, period)
    return _group(
        o, by,
        orders=o.count(),
        revenue=o.revenue.sum(),
        new_customer_revenue=ibis.ifelse(new.fill_null(False), o.revenue, zero).sum(),
        customers=o.contact_id.nunique(),
        margin_known=ibis.coalesce(o.margin, zero).sum(),
        revenue_without_margin=ibis.ifelse(o.margin.isnull(), o.revenue, zero).sum(),
        orders_without_margin=o.margin.isnull().cast("int64").sum(),
    )


def retention_totals(orders: ir.Table, contacts_t: ir.Table, period: Period, previous: Period,
                     by: Sequence[str] = ()) -> ir.Table:
    """``previous_customers`` (contacts who ordered in ``previous``) and ``retained_customers``
    (those of them who also ordered in ``period``), by acquisition dimensions."""
    o = _orders_with_dims(orders, contacts_t)
    keys = ["contact_id", *by]
    prev = o.filter(in_period(o.ordered_at, previous)).select(keys).distinct()
    cur = o.filter(in_period(o.ordered_at, period)).select(r_contact="contact_id").distinct()
    j = prev.left_join(cur, prev.contact_id == cur.r_contact)
    return _group(j, by, previous_customers=j.count(),
                  retained_customers=j.r_contact.notnull().cast("int64").sum())


def nps_totals(nps: ir.Table, contacts_t: ir.Table, period: Period, by: Sequence[str] = ()) -> ir.Table:
    """``nps_answers``, ``promoters`` (9-10), ``detractors`` (0-6) among answers in P."""
    k = contacts_t.select(k_contact="contact_id", channel="channel", campaign="campaign",
                          owner="owner", segment="segment")
    n = nps.filter(in_period(nps.answered_at, period))
    j = n.left_join(k, n.contact_id == k.k_contact)
    j = j.mutate(channel=ibis.coalesce(j.channel, ibis.literal(UNKNOWN_CHANNEL)),
                 campaign=ibis.coalesce(j.campaign, ibis.literal(NO_CAMPAIGN)))
    return _group(
        j, by,
        nps_answers=j.count(),
        promoters=(j.score >= 9).cast("int64").sum(),
        detractors=(j.score <= 6).cast("int64").sum(),
    )


# ------------------------------------------------------------------------------ several periods at once
def periods_table(periods: Sequence[Period]) -> ir.Table:
    """One row per period: ``_period`` (its position in ``periods``), ``_start`` and ``_end``
    (midnight after its last day), to join rows to the periods that contain them."""
    return ibis.memtable(pd.DataFrame({
        "_period": pd.Series(range(len(periods)), dtype="int64"),
        "_start": pd.Series([p.start_ts for p in periods], dtype="datetime64[us]"),
        "_end": pd.Series([p.end_exclusive for p in periods], dtype="datetime64[us]"),
    }))


def in_periods(t: ir.Table, col: str, periods_t: ir.Table, keep_bounds: bool = False) -> ir.Table:
    """The rows of ``t`` whose ``col`` lies in a period of ``periods_t`` (:func:`periods_table`),
    with that period's ``_period``: a row in two overlapping periods appears once for each, so
    aggregates grouped by ``_period`` equal those of each period on its own. ``keep_bounds``
    keeps the period's ``_start`` and ``_end`` columns too (see :func:`order_totals`)."""
    p = periods_t.rename(_p_period="_period")
    j = t.join(p, [t[col] >= p._start, t[col] < p._end])
    j = j if keep_bounds else j.drop("_start", "_end")
    return j.rename(_period="_p_period")


def periods_retention_totals(orders: ir.Table, contacts_t: ir.Table, current_t: ir.Table,
                             previous_t: ir.Table, by: Sequence[str] = ()) -> ir.Table:
    """:func:`retention_totals` of several periods at once: ``current_t`` and ``previous_t``
    (:func:`periods_table`) pair each period (``_period``) with the period it is compared with."""
    o = _orders_with_dims(orders, contacts_t)
    prev = in_periods(o, "ordered_at", previous_t).select("contact_id", "_period", *by).distinct()
    cur = in_periods(o, "ordered_at", current_t).select(r_contact="contact_id",
                                                        r_period="_period").distinct()
    j = prev.left_join(cur, (prev.contact_id == cur.r_contact) & (prev._period == cur.r_period))
    return _group(j, ["_period", *by], previous_customers=j.count(),
                  retained_customers=j.r_contact.notnull().cast("int64").sum())
