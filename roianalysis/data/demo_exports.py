"""Write a demo client's data as the tools export it: Google Ads, Meta, GA4, HubSpot, Shopify.

The demo client ``comptoir-nord`` holds no canonical table but its own agency-fee sheet and its
objectives: its spend, leads, orders and web traffic are exports in the layouts of the genuine
files (see the README's "Bringing your exports"), so ``make reports`` runs the real path from
exports to reports. Each writer takes canonical frames (what the generator drew, the truth) and
writes one export; the tests read them back and compare with the truth.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["write_exports"]


def _num(x: float, decimals: int = 2) -> str:
    return f"{x:.{decimals}f}"


def _thousands(x: float, decimals: int = 0) -> str:
    return f"{x:,.{decimals}f}"


def google_ads_campaign_report(spend: pd.DataFrame, currency: str) -> bytes:
    """Google Ads > Campaigns > Download > "Excel CSV", segmented by Day (UTF-16LE with BOM,
    tab-separated, en-GB date range, US thousands separators, ``Total:`` rows at the end)."""
    sp = spend.sort_values(["date", "campaign"])
    start, end = sp["date"].min(), sp["date"].max()
    rng = f"{start.day} {start:%B %Y} - {end.day} {end:%B %Y}"
    header = ["Day", "Campaign", "Campaign type", "Campaign status", "Currency code", "Budget",
              "Impr.", "Interactions", "Clicks", "CTR", "Avg. CPC", "Cost", "Conversions"]
    out = io.StringIO()
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    w.writerow(["Campaign report"])
    w.writerow([rng])
    w.writerow(header)
    for r in sp.itertuples():
        ctr = f"{r.clicks / r.impressions:.2%}" if r.impressions else " --"
        cpc = _num(r.cost / r.clicks) if r.clicks else " --"
        w.writerow([f"{r.date:%Y-%m-%d}", r.campaign, "Search", "Enabled", currency, "50.00",
                    _thousands(r.impressions), _thousands(r.clicks), _thousands(r.clicks), ctr, cpc,
                    _num(r.cost), " --"])
    tot_i, tot_c, tot_cost = sp["impressions"].sum(), sp["clicks"].sum(), sp["cost"].sum()
    ctr = f"{tot_c / tot_i:.2%}" if tot_i else " --"
    for label in ("Total: Account", "Total: Campaigns", "Total: Search"):
        w.writerow([label, "", "", "", currency, "", _thousands(tot_i), _thousands(tot_c),
                    _thousands(tot_c), ctr, _num(tot_cost / tot_c) if tot_c else " --",
                    _num(tot_cost), " --"])
    w.writerow(["Total: Display", "", "", "", currency, "", "0", "0", "0", " --", " --", "0.00", " --"])
    return b"\xff\xfe" + out.getvalue().encode("utf-16-le")


def meta_ads_manager_export(spend: pd.DataFrame, currency: str) -> bytes:
    """Meta Ads Manager > Export table (French UI), campaign level, breakdown by day: header cells
    quoted only when they hold a space, comma or parenthesis; ``.`` decimals; ISO dates."""
    cols = ["Début des rapports", "Fin des rapports", "Nom de la campagne", "Diffusion de la campagne",
            "Résultats", "Indicateur de résultat", f"Montant dépensé ({currency})", "Impressions",
            "Couverture", "Clics sur un lien", "CPM (Coût pour 1\u00a0000\u00a0impressions) "
            f"({currency})", "Fin"]
    head = ",".join(f'"{c}"' if any(ch in c for ch in " ,()") else c for c in cols)
    out = io.StringIO()
    out.write(head + "\n")
    w = csv.writer(out, lineterminator="\n")
    for r in spend.sort_values(["date", "campaign"]).itertuples():
        day = f"{r.date:%Y-%m-%d}"
        cpm = _num(1000 * r.cost / r.impressions, 6) if r.impressions else ""
        w.writerow([day, day, r.campaign, "active", "", "actions:offsite_conversion.fb_pixel_purchase",
                    _num(r.cost), int(r.impressions), int(r.impressions * 0.8), int(r.clicks), cpm,
                    "En cours"])
    return out.getvalue().encode("utf-8")


def ga4_traffic_acquisition(traffic: pd.DataFrame, account: str) -> bytes:
    """GA4 Reports > Acquisition > Traffic acquisition, Date as secondary dimension, Share >
    Download CSV: the ``#`` preamble, CRLF line endings, raw floats, rows by sessions."""
    start, end = traffic["date"].min(), traffic["date"].max()
    lines = ["# ----------------------------------------",
             "# Traffic acquisition: Session primary channel group (Default Channel Group)",
             f"# Account: {account}", f"# Property: {account} - GA4",
             "# ----------------------------------------", "# ", "# All Users",
             f"# Start date: {start:%Y%m%d}", f"# End date: {end:%Y%m%d}",
             "Session primary channel group (Default Channel Group),Date,Sessions,Engaged sessions,"
             "Engagement rate,Active users,New users,Key events,Total revenue"]
    t = traffic.sort_values(["sessions", "date"], ascending=[False, True])
    for r in t.itertuples():
        rate = r.engaged_sessions / r.sessions if r.sessions else 0
        lines.append(f"{r.channel},{r.date:%Y%m%d},{int(r.sessions)},{int(r.engaged_sessions)},"
                     f"{rate!r},{int(r.users)},{int(r.new_users)},{int(r.key_events)},"
                     f"{round(float(r.revenue), 2)!r}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


HUBSPOT_LABEL = {"Paid Search": "Paid Search", "Paid Social": "Paid Social",
                 "Organic Search": "Organic Search", "Email": "Email Marketing",
                 "Direct": "Direct Traffic", "Organic Social": "Social Media",
                 "Referral": "Referrals"}


def hubspot_contacts_export(leads: pd.DataFrame, emails: pd.Series, rng: np.random.Generator) -> bytes:
    """HubSpot CRM > Contacts > Export (all contacts, properties in view): UTF-8 with BOM, CRLF,
    ``Record ID`` first, portal-time ``YYYY-MM-DD HH:MM`` date-times."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Contact owner",
                "Lifecycle Stage", "Create Date", "Became a Lead Date", "Original Source",
                "Original Source Drill-Down 1", "Marketing contact status"])
    for i, r in enumerate(leads.sort_values("created_at").itertuples()):
        created = pd.Timestamp(r.created_at)
        before = created - pd.Timedelta(minutes=int(rng.integers(0, 90)))
        w.writerow([51000 + i, "Prénom", "Nom", emails[r.contact_id], "", "",
                    "Lead", f"{before:%Y-%m-%d %H:%M}", f"{created:%Y-%m-%d %H:%M}",
                    HUBSPOT_LABEL.get(r.channel, "Other Campaigns"), "", "Marketing contact"])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


SHOPIFY_COLUMNS = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,"
    "Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,"
    "Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,"
    "Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,"
    "Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,"
    "Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,"
    "Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,"
    "Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,"
    "Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,"
    "Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,"
    "Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,"
    "Shipping Province Name,Payment ID,Payment Terms Name,Next Payment Due At"
).split(",")


def shopify_orders_export(orders: pd.DataFrame, emails: pd.Series, timezone: str,
                          rng: np.random.Generator) -> tuple[bytes, dict]:
    """Shopify admin > Orders > Export > All orders, "CSV for Excel": one row per line item, order
    fields on the first row only, ``+0100``/``+0200`` offsets, 20 % VAT, a few refunds, a few
    cancelled orders (which are not revenue), multi-line notes.

    ``revenue`` of the truth is the shop's revenue, ex VAT and net of refunds (their VAT share
    excluded): ``(Total - Taxes) (1 - Refunded / Total)``. Returns the file and what it holds
    (orders kept, cancelled).
    """
    idx = {c: i for i, c in enumerate(SHOPIFY_COLUMNS)}
    rows: list[list[str]] = []
    cancelled = 0
    tz = timezone
    for k, r in enumerate(orders.sort_values("ordered_at").itertuples()):
        when = pd.Timestamp(r.ordered_at).tz_localize(tz, ambiguous=True, nonexistent="shift_forward")
        stamp = when.strftime("%Y-%m-%d %H:%M:%S %z")
        # a partial refund R (VAT included) of an order whose ex-VAT amount is n: the shop keeps
        # n (1 - R / Total) = revenue, so n = revenue + R / 1.2 (R / 1.2 a multiple of 5 cents,
        # so that R is whole cents)
        refund_net = round(float(r.revenue) * 0.25 * 20) / 20 if rng.random() < 0.04 else 0.0
        refund = round(1.2 * refund_net, 2)
        net = round(float(r.revenue) + refund_net, 2)  # ex-VAT amount before the refund
        shipping = 4.90 if net > 10 else 0.0
        subtotal = round(net - shipping, 2)
        taxes = round(0.2 * net, 2)
        total = round(net + taxes, 2)
        n_items = 1 + int(rng.random() < 0.3) + int(rng.random() < 0.1)
        shares = np.full(n_items, subtotal / n_items)
        status = "partially_refunded" if refund else "paid"
        for j in range(n_items):
            row = [""] * len(SHOPIFY_COLUMNS)
            row[idx["Name"]] = f"#{1001 + k}"
            row[idx["Email"]] = emails.get(r.contact_id, "")
            row[idx["Created at"]] = stamp
            row[idx["Lineitem quantity"]] = "1"
            row[idx["Lineitem name"]] = f"Article {1 + (k + j) % 37}"
            row[idx["Lineitem price"]] = _num(shares[j])
            row[idx["Lineitem requires shipping"]] = "true"
            row[idx["Lineitem taxable"]] = "true"
            row[idx["Lineitem fulfillment status"]] = "fulfilled"
            row[idx["Vendor"]] = "Comptoir Nord"
            row[idx["Lineitem discount"]] = "0.00"
            if j == 0:
                for col, val in (("Financial Status", status), ("Paid at", stamp),
                                 ("Fulfillment Status", "fulfilled"), ("Accepts Marketing", "no"),
                                 ("Currency", "EUR"), ("Subtotal", _num(subtotal)),
                                 ("Shipping", _num(shipping)), ("Taxes", _num(taxes)),
                                 ("Total", _num(total)), ("Discount Amount", "0.00"),
                                 ("Shipping Method", "Colissimo"), ("Billing Country", "FR"),
                                 ("Billing Zip", "59000"), ("Refunded Amount", f"{refund:.2f}"),
                                 ("Outstanding Balance", "0.00"), ("Id", str(5_100_000_000 + k)),
                                 ("Risk Level", "Low"), ("Source", "web"),
                                 ("Payment Method", "Shopify Payments"),
                                 ("Tax 1 Name", "FR TVA 20%"), ("Tax 1 Value", _num(taxes))):
                    row[idx[col]] = val
                if k % 97 == 5:
                    row[idx["Notes"]] = "Livraison en point relais\nmerci !"
            rows.append(row)
        if k % 53 == 7:  # a cancelled order right after: never revenue
            cancelled += 1
            row = [""] * len(SHOPIFY_COLUMNS)
            row[idx["Name"]] = f"#{1001 + k}-A"
            row[idx["Email"]] = emails.get(r.contact_id, "")
            row[idx["Created at"]] = stamp
            for col, val in (("Financial Status", "voided"), ("Currency", "EUR"),
                             ("Subtotal", _num(subtotal)), ("Shipping", "0.00"),
                             ("Taxes", _num(0.2 * subtotal)), ("Total", _num(1.2 * subtotal)),
                             ("Cancelled at", stamp), ("Refunded Amount", "0.00"),
                             ("Lineitem quantity", "1"), ("Lineitem name", "Article 1"),
                             ("Lineitem price", _num(subtotal)), ("Source", "web")):
                row[idx[col]] = val
            rows.append(row)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(SHOPIFY_COLUMNS)
    w.writerows(rows)
    return out.getvalue().encode("utf-8"), {"orders": len(orders), "cancelled": cancelled}


def traffic_from_touchpoints(touch: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """What GA4's traffic acquisition report shows for these sessions: per day and channel,
    sessions, engaged sessions (about 62 %), active users (distinct contacts), new users (contacts
    on their first day), key events (orders that day by a contact who had a session that day in
    the channel) and their revenue."""
    t = touch.assign(date=touch["timestamp"].dt.normalize())
    first_day = t.groupby("contact_id")["date"].transform("min")
    t["new"] = (t["date"] == first_day) & ~t.duplicated(["contact_id"])
    g = t.groupby(["date", "channel"])
    out = pd.DataFrame({"sessions": g.size(), "users": g["contact_id"].nunique(),
                        "new_users": g["new"].sum()})
    out["engaged_sessions"] = np.floor(out["sessions"] * 0.62)
    o = orders.assign(date=orders["ordered_at"].dt.normalize())
    last = t.sort_values("timestamp").drop_duplicates(["contact_id", "date"], keep="last")
    conv = o.merge(last[["contact_id", "date", "channel"]], on=["contact_id", "date"], how="inner")
    ce = conv.groupby(["date", "channel"]).agg(key_events=("order_id", "size"),
                                               revenue=("revenue", "sum"))
    out = out.join(ce, how="left").fillna({"key_events": 0, "revenue": 0.0})
    return out.reset_index()


def write_exports(folder: Path, tables: dict[str, pd.DataFrame], config: dict,
                  seed: int) -> dict:
    """Write ``tables`` (canonical, as generated) as exports under ``folder/exports`` and the rest
    as the client's own sheets; returns the expected figures (``ground truth``)."""
    rng = np.random.default_rng(seed)
    currency, tz = config["currency"], config["timezone"]
    exports = folder / "exports"
    for sub in ("google-ads", "meta", "ga4", "hubspot", "shopify"):
        (exports / sub).mkdir(parents=True, exist_ok=True)
    spend = tables["spend"]
    media = spend["category"].eq("media")
    gads = spend[media & spend["channel"].eq("Paid Search")]
    meta = spend[media & spend["channel"].eq("Paid Social")]
    own = spend[~(media & spend["channel"].isin(["Paid Search", "Paid Social"]))]
    contacts = pd.unique(pd.concat([tables["leads"]["contact_id"], tables["orders"]["contact_id"]]))
    emails = pd.Series({c: f"{c.lower()}@client.exemple.fr" for c in contacts})
    # two Google Ads downloads that overlap by a month: the most recent counts the overlap once
    cut = pd.Timestamp("2026-01-31")
    first = gads[gads["date"] <= cut]
    second = gads[gads["date"] > cut - pd.Timedelta(days=30)]
    (exports / "google-ads" / "Campaign report 2025.csv").write_bytes(
        google_ads_campaign_report(first, currency))
    (exports / "google-ads" / "Campaign report 2026.csv").write_bytes(
        google_ads_campaign_report(second, currency))
    os.utime(exports / "google-ads" / "Campaign report 2025.csv", (1_767_225_600, 1_767_225_600))
    (exports / "meta" / "Comptoir-Nord-Campagnes-1-janv.-2025-15-nov.-2026.csv").write_bytes(
        meta_ads_manager_export(meta, currency))
    traffic = traffic_from_touchpoints(tables["touchpoints"], tables["orders"])
    (exports / "ga4" / "Traffic_acquisition_Session_primary_channel_group.csv").write_bytes(
        ga4_traffic_acquisition(traffic, config["name"]))
    (exports / "hubspot" / "hubspot-crm-exports-all-contacts-2026-11-16.csv").write_bytes(
        hubspot_contacts_export(tables["leads"], emails, rng))
    data, shop = shopify_orders_export(tables["orders"], emails, tz, rng)
    (exports / "shopify" / "orders_export_1.csv").write_bytes(data)
    own.to_csv(folder / "spend.csv", index=False)  # agency fees and tools: the client's own sheet
    return {
        "exports": {
            "google_ads_cost": round(float(gads["cost"].sum()), 2),
            "meta_cost": round(float(meta["cost"].sum()), 2),
            "own_cost": round(float(own["cost"].sum()), 2),
            "leads": int(len(tables["leads"])),
            "orders": shop["orders"], "cancelled_orders": shop["cancelled"],
            "revenue": round(float(tables["orders"]["revenue"].sum()), 2),
            "sessions": int(traffic["sessions"].sum()),
        }
    }
