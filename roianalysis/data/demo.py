"""Deterministic demo clients (seeded), written as a client would export them.

Four clients cover what the seeds describe:

* ``boutique-lumiere``: a French e-commerce shop (``language: fr``, EUR, Europe/Paris), CSV with
  ``;`` separators and decimal commas, repeat purchases drawn from a BG/NBD process with known
  parameters, 9 channels, NPS survey.
* ``northwind-b2b``: a B2B software company (English, USD, America/New_York), long sales cycles,
  four sales reps, segments, a ``sales`` spend category, Excel objectives.
* ``petit-atelier``: a small craft studio with sparse data and no NPS table (an optional table
  missing), Parquet spend.
* ``comptoir-nord``: a French shop whose data are the tools' own exports (Google Ads, Meta Ads
  Manager, GA4 traffic acquisition, HubSpot contacts, Shopify orders) in ``exports/``, plus its
  agency-fee sheet; ``ground_truth.json`` holds the figures those exports must give back.

The data spans 2025-01-01 to 2026-11-15. Each client folder also gets ``ground_truth.json``: the
generator's parameters (daily budgets, conversion probabilities, BG/NBD parameters...), so tests can
check that analyses recover them. The loader ignores that file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

START = pd.Timestamp("2025-01-01")
END = pd.Timestamp("2026-11-15")  # last day of data
LIMIT = END + pd.Timedelta(days=1)  # exclusive bound


@dataclass(frozen=True)
class ChannelSpec:
    name: str
    daily_budget: float  # media spend per day (0 for unpaid channels)
    cpc: float  # cost per click
    ctr: float  # click-through rate
    daily_visitors: float  # new contacts per day for unpaid channels
    lead_rate: float  # probability a new contact becomes a lead
    close_rate: float  # probability a lead becomes a customer
    campaigns: tuple[str, ...] = ("(none)",)
    raw_name: str | None = None  # how the export spells it (exercises channel_aliases)


@dataclass(frozen=True)
class ClientSpec:
    client: str
    config: dict
    channels: tuple[ChannelSpec, ...]
    seed: int
    scale: float
    season_amplitude: float
    cycle_days_mean: float  # lead -> first order delay
    basket_mean: float
    basket_sigma: float
    bgnbd: dict | None  # repeat purchase process (r, alpha, a, b) in weeks
    owners: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    monthly_fixed: tuple[tuple[str, str, float], ...] = ()  # (channel, category, amount)
    guest_order_rate: float = 0.0  # share of customers who order without becoming a lead
    nps: bool = True
    lead_channel_in_crm: float = 0.0  # share of leads whose CRM fills the channel column
    cost_multiplier: float = 1.0  # media cost per click relative to ``cpc`` (premium inventory)
    flighting: bool = False  # paid budgets switched per 4-week flight, independently per channel


CLIENTS: tuple[ClientSpec, ...] = (
    ClientSpec(
        client="boutique-lumiere",
        config={"name": "Boutique Lumière", "currency": "EUR", "timezone": "Europe/Paris",
                "language": "fr", "gross_margin_rate": 0.42, "discount_rate": 0.1,
                "channel_aliases": {"adwords": "Paid Search", "facebook_ads": "Paid Social"},
                "attribution": {"conversion": "order", "lookback_days": 60}},
        channels=(
            ChannelSpec("Paid Search", 420, 0.85, 0.045, 0, 0.080, 0.30,
                        ("brand", "generic-luminaires", "shopping"), raw_name="adwords"),
            ChannelSpec("Paid Social", 300, 0.55, 0.012, 0, 0.050, 0.18,
                        ("prospecting-reels", "retargeting"), raw_name="facebook_ads"),
            ChannelSpec("Display", 120, 0.40, 0.004, 0, 0.020, 0.10, ("retargeting-banners",)),
            ChannelSpec("Affiliates", 90, 0.70, 0.020, 0, 0.060, 0.26, ("cashback", "blogs-deco")),
            ChannelSpec("Video", 110, 0.30, 0.008, 0, 0.025, 0.12, ("youtube-preroll",)),
            ChannelSpec("Organic Search", 0, 0, 0, 150, 0.070, 0.28),
            ChannelSpec("Email", 0, 0, 0, 25, 0.150, 0.35, ("newsletter", "abandoned-cart")),
            ChannelSpec("Referral", 0, 0, 0, 20, 0.090, 0.30),
            ChannelSpec("Direct", 0, 0, 0, 60, 0.060, 0.33),
        ),
        seed=20250101,
        scale=0.3,
        season_amplitude=0.35,
        cycle_days_mean=9,
        basket_mean=85,
        basket_sigma=0.55,
        bgnbd={"r": 0.55, "alpha": 9.0, "a": 0.75, "b": 2.6},
        segments=("particulier", "professionnel"),
        monthly_fixed=(("Email", "tools", 290.0), ("Paid Search", "agency", 1500.0),
                       ("Paid Social", "agency", 900.0)),
        guest_order_rate=0.35,
        lead_channel_in_crm=0.3,
        cost_multiplier=4.0,
    ),
    ClientSpec(
        client="northwind-b2b",
        config={"name": "Northwind Analytics", "currency": "USD", "timezone": "America/New_York",
                "language": "en", "gross_margin_rate": 0.78, "discount_rate": 0.12,
                "conversion_window_days": 180,
                "attribution": {"conversion": "lead", "lookback_days": 120}},
        channels=(
            ChannelSpec("Paid Search", 380, 4.20, 0.035, 0, 0.060, 0.10,
                        ("brand", "competitor-terms", "bi-software")),
            ChannelSpec("LinkedIn Ads", 330, 6.50, 0.006, 0, 0.045, 0.14,
                        ("abm-enterprise", "webinar-promo")),
            ChannelSpec("Display", 90, 1.10, 0.003, 0, 0.010, 0.05, ("retargeting",)),
            ChannelSpec("Content Syndication", 140, 9.00, 0.010, 0, 0.200, 0.06, ("whitepaper-q",)),
            ChannelSpec("Events", 0, 0, 0, 4, 0.400, 0.18, ("saas-summit", "roadshow")),
            ChannelSpec("Organic Search", 0, 0, 0, 70, 0.030, 0.12),
            ChannelSpec("Email", 0, 0, 0, 10, 0.050, 0.12, ("nurture",)),
            ChannelSpec("Referral", 0, 0, 0, 6, 0.120, 0.25, ("partners",)),
            ChannelSpec("Direct", 0, 0, 0, 25, 0.040, 0.15),
        ),
        seed=20250202,
        scale=0.6,
        season_amplitude=0.15,
        cycle_days_mean=75,
        basket_mean=6000,
        basket_sigma=0.7,
        bgnbd={"r": 0.9, "alpha": 60.0, "a": 0.4, "b": 3.0},
        owners=("Alice Martin", "Bob Chen", "Carla Diaz", "Dev Patel"),
        segments=("SMB", "Mid-market", "Enterprise"),
        monthly_fixed=(("Events", "media", 9000.0), ("Email", "tools", 1200.0),
                       ("Organic Search", "agency", 3500.0), ("Paid Search", "sales", 0.0)),
        guest_order_rate=0.0,
        lead_channel_in_crm=0.8,
        cost_multiplier=3.0,
    ),
    ClientSpec(
        client="petit-atelier",
        config={"name": "Le Petit Atelier", "currency": "EUR", "timezone": "Europe/Paris",
                "language": "fr", "gross_margin_rate": 0.55, "discount_rate": 0.08},
        channels=(
            ChannelSpec("Paid Social", 18, 0.45, 0.010, 0, 0.05, 0.20, ("instagram",)),
            ChannelSpec("Paid Search", 12, 0.70, 0.040, 0, 0.07, 0.25, ("local",)),
            ChannelSpec("Organic Search", 0, 0, 0, 6, 0.06, 0.25),
            ChannelSpec("Instagram", 0, 0, 0, 5, 0.05, 0.20),
            ChannelSpec("Email", 0, 0, 0, 1.5, 0.10, 0.30, ("newsletter",)),
            ChannelSpec("Word of Mouth", 0, 0, 0, 1.2, 0.25, 0.40),
            ChannelSpec("Marketplace", 8, 0.30, 0.02, 0, 0.03, 0.20, ("etsy",)),
            ChannelSpec("Direct", 0, 0, 0, 3, 0.05, 0.30),
        ),
        seed=20250303,
        scale=0.35,
        season_amplitude=0.5,
        cycle_days_mean=5,
        basket_mean=65,
        basket_sigma=0.4,
        bgnbd={"r": 0.4, "alpha": 20.0, "a": 0.9, "b": 2.0},
        monthly_fixed=(("Email", "tools", 15.0),),
        guest_order_rate=0.2,
        nps=False,
        lead_channel_in_crm=0.0,
        cost_multiplier=2.0,
    ),
)

#: A shop whose data arrive as the tools export them (:mod:`roianalysis.data.demo_exports`): Google Ads,
#: Meta, GA4 traffic, HubSpot contacts and Shopify orders; channel names are GA4's.
EXPORTS_CLIENT = ClientSpec(
    client="comptoir-nord",
    config={"name": "Comptoir Nord", "currency": "EUR", "timezone": "Europe/Paris",
            "language": "fr", "gross_margin_rate": 0.48, "discount_rate": 0.1},
    channels=(
        ChannelSpec("Paid Search", 40, 0.60, 0.040, 0, 0.06, 0.25, ("marque", "generique")),
        ChannelSpec("Paid Social", 30, 0.45, 0.012, 0, 0.04, 0.18, ("prospection", "retargeting")),
        ChannelSpec("Organic Search", 0, 0, 0, 12, 0.06, 0.25),
        ChannelSpec("Organic Social", 0, 0, 0, 6, 0.04, 0.18),
        ChannelSpec("Email", 0, 0, 0, 2, 0.12, 0.30),
        ChannelSpec("Direct", 0, 0, 0, 5, 0.05, 0.30),
    ),
    seed=20250404,
    scale=0.35,
    season_amplitude=0.4,
    cycle_days_mean=6,
    basket_mean=58,
    basket_sigma=0.45,
    bgnbd={"r": 0.45, "alpha": 14.0, "a": 0.8, "b": 2.2},
    monthly_fixed=(("Paid Search", "agency", 400.0), ("Paid Social", "agency", 300.0)),
    guest_order_rate=0.15,
    nps=False,
    lead_channel_in_crm=1.0,
    cost_multiplier=2.0,
    flighting=True,
)
CLIENTS = CLIENTS + (EXPORTS_CLIENT,)

FOLLOW_UP_CHANNELS = ("Direct", "Email", "Organic Search")

#: utm_source / utm_medium of each demo channel, as web analytics exports them.
UTM = {
    "Paid Search": ("google", "cpc"), "Paid Social": ("facebook", "paid_social"),
    "Display": ("criteo", "display"), "Affiliates": ("awin", "affiliate"),
    "Video": ("youtube", "video"), "Organic Search": ("google", "organic"),
    "Email": ("newsletter", "email"), "Referral": ("partner-sites", "referral"),
    "Direct": ("(direct)", "(none)"), "LinkedIn Ads": ("linkedin", "paid_social"),
    "Content Syndication": ("netline", "syndication"), "Events": ("events", "offline"),
    "Instagram": ("instagram", "social"), "Word of Mouth": ("(word of mouth)", "offline"),
    "Marketplace": ("etsy", "marketplace"),
}


def _season(days: pd.DatetimeIndex, amplitude: float) -> np.ndarray:
    """Yearly seasonality peaking in late November/December, plus a weekday effect."""
    doy = days.dayofyear.to_numpy()
    yearly = 1 + amplitude * np.cos(2 * np.pi * (doy - 340) / 365.25)
    weekday = np.where(days.dayofweek.to_numpy() >= 5, 0.85, 1.05)
    return yearly * weekday


def generate(spec: ClientSpec) -> tuple[dict[str, pd.DataFrame], dict]:
    """Generate one client's canonical tables and its ground truth (deterministic)."""
    rng = np.random.default_rng(spec.seed)
    days = pd.date_range(START, END, freq="D")
    season = _season(days, spec.season_amplitude)
    growth = np.linspace(0.9, 1.15, len(days))  # the business grows over the two years
    spend_rows, contact_rows = [], []
    channel_names = [c.name for c in spec.channels]
    flights = {}
    if spec.flighting:  # each paid channel's budget level per 4-week flight: 0.35x, 1x or 1.7x
        n_flights = len(days) // 28 + 1
        for ch in spec.channels:
            if ch.daily_budget > 0:
                level = rng.choice([0.35, 1.0, 1.7], n_flights)
                flights[ch.name] = np.repeat(level, 28)[: len(days)]
    for ch in spec.channels:
        if ch.daily_budget > 0:
            for camp in ch.campaigns:
                share = 1 / len(ch.campaigns)
                cost = ch.daily_budget * spec.scale * share * season * growth * rng.lognormal(0, 0.15, len(days))
                if ch.name in flights:
                    cost = cost * flights[ch.name]
                cpc = ch.cpc * rng.lognormal(0, 0.08, len(days))
                clicks = np.maximum(np.round(cost / cpc), 0)
                impressions = np.round(clicks / (ch.ctr * rng.lognormal(0, 0.1, len(days))))
                spend_rows.append(pd.DataFrame({
                    "date": days, "channel": ch.raw_name or ch.name, "campaign": camp,
                    "category": "media", "cost": np.round(cost * spec.cost_multiplier, 2),
                    "impressions": impressions,
                    "clicks": clicks}))
                new = rng.poisson(clicks * 0.55)  # a click brings a new contact ~55 % of the time
                contact_rows.append(pd.DataFrame({"day": np.repeat(days, new), "channel": ch.name,
                                                  "campaign": camp}))
        else:
            lam = ch.daily_visitors * season * growth * spec.scale
            for camp in ch.campaigns:
                new = rng.poisson(lam / len(ch.campaigns))
                contact_rows.append(pd.DataFrame({"day": np.repeat(days, new), "channel": ch.name,
                                                  "campaign": camp}))
    months = pd.date_range(START, END, freq="MS")
    for channel, category, amount in spec.monthly_fixed:
        if category == "sales":
            amount = 38000.0  # sales team cost per month (B2B)
        spend_rows.append(pd.DataFrame({"date": months, "channel": channel, "campaign": "(none)",
                                        "category": category, "cost": amount,
                                        "impressions": np.nan, "clicks": np.nan}))
    spend = pd.concat(spend_rows, ignore_index=True).sort_values(["date", "channel", "campaign"])

    contacts = pd.concat(contact_rows, ignore_index=True)
    n = len(contacts)
    contacts["contact_id"] = [f"{spec.client[:2].upper()}{i:07d}" for i in rng.permutation(n)]
    first_ts = contacts["day"] + pd.to_timedelta(rng.uniform(7 * 3600, 23 * 3600, n), unit="s")
    contacts["first_ts"] = first_ts.dt.floor("s")
    by_name = {c.name: c for c in spec.channels}
    lead_rate = contacts["channel"].map(lambda c: by_name[c].lead_rate).to_numpy()
    close_rate = contacts["channel"].map(lambda c: by_name[c].close_rate).to_numpy()

    # touchpoints: first touch, then 0..k follow-up visits on other channels before the lead
    n_follow = rng.geometric(0.55, n) - 1
    tp = [pd.DataFrame({"contact_id": contacts["contact_id"], "timestamp": contacts["first_ts"],
                        "channel": contacts["channel"], "campaign": contacts["campaign"]})]
    follow_idx = np.repeat(np.arange(n), n_follow)
    gaps = rng.exponential(4.0, len(follow_idx)) * 86400
    cum = pd.Series(gaps).groupby(follow_idx).cumsum().to_numpy()
    follow_ch = rng.choice(FOLLOW_UP_CHANNELS + tuple(channel_names), len(follow_idx),
                           p=_follow_probs(channel_names))
    follow = pd.DataFrame({
        "contact_id": contacts["contact_id"].to_numpy()[follow_idx],
        "timestamp": contacts["first_ts"].to_numpy()[follow_idx] + pd.to_timedelta(cum, unit="s"),
        "channel": follow_ch,
        "campaign": "(none)",
    })
    tp.append(follow)
    last_touch = contacts["first_ts"].copy()
    if len(follow):
        lt = follow.groupby("contact_id")["timestamp"].max()
        last_touch = contacts["contact_id"].map(lt).fillna(contacts["first_ts"])
    # more touches -> more likely to convert (a known, monotone effect)
    boost = 1 + 0.25 * np.minimum(n_follow, 4)
    is_lead = rng.random(n) < np.minimum(lead_rate * boost, 0.95)
    lead_at = (last_touch + pd.to_timedelta(rng.uniform(60, 3600, n), unit="s")).dt.floor("s")
    leads = contacts.loc[is_lead, ["contact_id", "channel"]].copy()
    leads["created_at"] = lead_at[is_lead].to_numpy()
    if spec.owners:
        leads["owner"] = rng.choice(spec.owners, len(leads))
    if spec.segments:
        leads["segment"] = rng.choice(spec.segments, len(leads), p=_segment_probs(len(spec.segments)))
    crm = rng.random(len(leads)) < spec.lead_channel_in_crm
    leads["channel"] = np.where(crm, leads["channel"], "")  # the CRM leaves it empty otherwise

    # customers: leads that close after a delay, plus guests who order without becoming a lead
    close = rng.random(n) < np.minimum(close_rate * boost, 0.95)
    cust_lead = is_lead & close
    guest = (~is_lead) & (rng.random(n) < spec.guest_order_rate * lead_rate * 3)
    delay_days = rng.gamma(2.0, spec.cycle_days_mean / 2.0, n)
    owner_skill = {}
    if spec.owners:
        owner_skill = dict(zip(spec.owners, np.linspace(0.7, 1.3, len(spec.owners)), strict=True))
        ow = pd.Series(leads.set_index("contact_id")["owner"])
        skill = contacts["contact_id"].map(ow).map(owner_skill).fillna(1.0).to_numpy()
        delay_days = delay_days / skill
    first_order = np.where(cust_lead, lead_at + pd.to_timedelta(delay_days, unit="D"),
                           last_touch + pd.to_timedelta(rng.uniform(0.01, 0.5, n), unit="D"))
    first_order = pd.to_datetime(first_order)
    is_cust = (cust_lead | guest) & (first_order < LIMIT)
    cust_ids = contacts["contact_id"].to_numpy()[is_cust]
    first_order = first_order[is_cust]
    orders = _orders(spec, rng, cust_ids, first_order)

    touch = pd.concat(tp, ignore_index=True)
    utm = touch["channel"].map(lambda c: UTM.get(c, (c.lower().replace(" ", "-"), "referral")))
    touch["source"] = [u[0] for u in utm]
    touch["medium"] = [u[1] for u in utm]
    leads = leads[leads["created_at"] < LIMIT]
    tables = {"spend": spend, "touchpoints": touch[touch["timestamp"] < LIMIT].sort_values("timestamp"),
              "leads": leads.sort_values("created_at")[["contact_id", "created_at", "channel"]
                                         + (["owner"] if spec.owners else [])
                                         + (["segment"] if spec.segments else [])],
              "orders": orders}
    if spec.nps:
        tables["nps"] = _nps(rng, orders)
    truth = {
        "client": spec.client, "cost_multiplier": spec.cost_multiplier, "seed": spec.seed, "start": str(START.date()), "end": str(END.date()),
        "channels": {c.name: {"daily_budget": c.daily_budget, "cpc": c.cpc, "ctr": c.ctr,
                              "lead_rate": c.lead_rate, "close_rate": c.close_rate,
                              "daily_visitors": c.daily_visitors} for c in spec.channels},
        "follow_up_conversion_boost_per_touch": 0.25,
        "bgnbd_weeks": spec.bgnbd, "basket_mean": spec.basket_mean,
        "cycle_days_mean": spec.cycle_days_mean, "owner_speed": owner_skill,
    }
    return tables, truth


def _follow_probs(channel_names: list[str]) -> np.ndarray:
    w = np.array([0.35, 0.2, 0.2] + [0.25 / len(channel_names)] * len(channel_names))
    return w / w.sum()


def _segment_probs(k: int) -> np.ndarray:
    w = np.array([0.55, 0.3, 0.15][:k] if k <= 3 else [1 / k] * k)
    return w / w.sum()


def _orders(spec: ClientSpec, rng: np.random.Generator, ids: np.ndarray,
            first: pd.DatetimeIndex) -> pd.DataFrame:
    """First orders plus BG/NBD repeat purchases (weekly rate lambda ~ Gamma(r, alpha), dropout
    after each purchase with p ~ Beta(a, b))."""
    p = spec.bgnbd
    m = len(ids)
    lam = rng.gamma(p["r"], 1 / p["alpha"], m)  # purchases per week
    drop = rng.beta(p["a"], p["b"], m)
    horizon = ((END + pd.Timedelta(days=1)) - first).total_seconds().to_numpy() / (7 * 86400)
    rows_c, rows_t = [ids], [first.to_numpy()]
    t = np.zeros(m)
    alive = np.ones(m, dtype=bool)
    for _ in range(60):
        if not alive.any():
            break
        t = t + rng.exponential(1 / np.maximum(lam, 1e-9))
        alive &= t < horizon
        idx = np.flatnonzero(alive)
        if len(idx) == 0:
            break
        rows_c.append(ids[idx])
        rows_t.append(first.to_numpy()[idx] + pd.to_timedelta(t[idx] * 7, unit="D").to_numpy())
        alive[idx] &= rng.random(len(idx)) >= drop[idx]
    contact = np.concatenate(rows_c)
    ts = pd.to_datetime(np.concatenate(rows_t)).floor("s")
    person = pd.Series(rng.lognormal(0, spec.basket_sigma * 0.6, m), index=ids)
    revenue = spec.basket_mean * person.reindex(contact).to_numpy() * rng.lognormal(
        -0.5 * (spec.basket_sigma * 0.8) ** 2, spec.basket_sigma * 0.8, len(contact))
    df = pd.DataFrame({"contact_id": contact, "ordered_at": ts, "revenue": np.round(revenue, 2)})
    df = df.sort_values(["ordered_at", "contact_id"]).reset_index(drop=True)
    df.insert(0, "order_id", [f"{spec.client[:1].upper()}-{i + 100001}" for i in range(len(df))])
    return df


def _nps(rng: np.random.Generator, orders: pd.DataFrame) -> pd.DataFrame:
    sample = orders.sample(frac=0.25, random_state=int(rng.integers(1 << 31)))
    scores = rng.choice(np.arange(11), len(sample),
                        p=np.array([1, 1, 1, 2, 2, 4, 6, 10, 18, 25, 30]) / 100)
    df = pd.DataFrame({"answered_at": (sample["ordered_at"] + pd.Timedelta(days=7)).to_numpy(),
                       "score": scores, "contact_id": sample["contact_id"].to_numpy()})
    return df[df["answered_at"] < LIMIT].sort_values("answered_at")


def objectives_for(spec: ClientSpec, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Targets a marketing team would have set from the prior year's (2025) run rate: some
    modest (on track), some ambitious (off track). Yearly volume targets exercise pro-rating
    (2026 read for a quarter or a month), Q3 targets are exact for the default report period, Q4
    targets are judged on the pacing projection, two paid channels get their own, and the B2B
    client gets sales team objectives (all-channel ``leads``, ``lead_to_customer``,
    ``sales_cycle_days``, ``new_customers``: each rep is held to the ratios and an equal share of
    the volumes, see :mod:`roianalysis.scorecard.objectives`)."""
    leads, spend, o = tables["leads"], tables["spend"], tables["orders"]
    window = pd.Timedelta(days=int(spec.config.get("conversion_window_days", 90)))
    y25 = leads["created_at"].dt.year == 2025
    l25 = int(y25.sum())
    sp25 = spend.loc[spend["date"].dt.year == 2025]
    mc25 = sp25.query("category != 'sales'")["cost"].sum()
    cpl25 = mc25 / max(l25, 1)
    first = o.groupby("contact_id")["ordered_at"].min()
    new25 = int((first.dt.year == 2025).sum())
    cac25 = sp25["cost"].sum() / max(new25, 1)
    rev25 = o.loc[o["ordered_at"].dt.year == 2025, "revenue"].sum()
    q4_25 = o.loc[(o["ordered_at"] >= "2025-10-01") & (o["ordered_at"] < "2026-01-01"), "revenue"].sum()
    lds = leads.loc[y25].assign(first=lambda d: d["contact_id"].map(first))
    delay = lds["first"] - lds["created_at"]
    l2c25 = float(((delay >= pd.Timedelta(0)) & (delay <= window)).mean()) if len(lds) else 0.2
    cycle25 = float((delay[delay >= pd.Timedelta(0)].dt.total_seconds() / 86400).median())
    roi25 = (rev25 - mc25) / mc25 if mc25 else 1.0
    rows = [
        ("2026", "leads", round(l25 * 1.10), ""),  # pro-rated for quarters and months
        ("2026", "revenue", round(rev25 * 1.6, -3), ""),
        ("2026", "new_customers", round(new25 * 1.4), ""),  # ambitious
        ("2026-Q3", "cpl", round(cpl25 * 0.85, 2), ""),  # ambitious: off track
        ("2026-Q3", "cac", round(cac25 * 1.1, 2), ""),  # modest: on track
        ("2026-Q3", "roi", round(roi25 * 0.9, 2), ""),  # modest: on track
        ("2026-Q3", "lead_to_customer", round(l2c25 * 1.15, 3), ""),
        ("2026-Q4", "cpl", round(cpl25 * 1.05, 2), ""),
        ("2026-Q4", "leads", round(l25 / 4 * 1.05), ""),
        ("2026-Q4", "revenue", round(q4_25 * 2.0, -3), ""),  # very ambitious: off on projection
    ]
    paid = [c for c in spec.channels if c.daily_budget > 0][:2]
    tp = tables["touchpoints"].sort_values("timestamp").drop_duplicates("contact_id")
    lead_channel = leads["channel"].where(leads["channel"] != "",
                                          leads["contact_id"].map(tp.set_index("contact_id")["channel"]))
    for ch in paid:
        lc = leads.loc[y25 & (lead_channel == ch.name)]
        rows.append(("2026-Q3", "leads", round(len(lc) / 4 * (0.6 if ch is paid[0] else 1.3)), ch.name))
        rows.append(("2026-Q3", "cpl", round(cpl25 * (0.7 if ch is paid[0] else 1.6), 2), ch.name))
    if spec.nps:
        rows.append(("2026-Q3", "nps", 45, ""))
    if spec.owners:
        rows.append(("2026", "sales_cycle_days", round(cycle25 * 0.9, 1), ""))
    return pd.DataFrame(rows, columns=["period", "metric", "target", "channel"])


def _fr_number(x: float) -> str:
    return "" if pd.isna(x) else f"{x:.2f}".replace(".", ",")


def media_truth(tables: dict[str, pd.DataFrame], end: str) -> dict:
    """The true return of each paid channel, for the mix model to recover: revenue, from the
    first day of data to ``end``, of the contacts the channel brought (their first touch), per
    unit of the channel's media spend over the same days. In this generator a paid channel's
    contacts exist only because it spent (a click brings a contact), so this is its incremental
    revenue; with budgets switched per flight the weekly series identify it."""
    stop = pd.Timestamp(end) + pd.Timedelta(days=1)
    tp = tables["touchpoints"].sort_values("timestamp").drop_duplicates("contact_id")
    origin = tp.set_index("contact_id")["channel"]
    o = tables["orders"]
    o = o[pd.to_datetime(o["ordered_at"]) < stop]
    revenue = o.groupby(o["contact_id"].map(origin))["revenue"].sum()
    sp = tables["spend"]
    sp = sp[(pd.to_datetime(sp["date"]) < stop) & (sp["category"] == "media")]
    cost = sp.groupby("channel")["cost"].sum()
    return {"end": end, "roas": {ch: round(float(revenue.get(ch, 0.0) / c), 4)
                                 for ch, c in cost.items() if c > 0}}


def write_client(spec: ClientSpec, data_dir: Path) -> Path:
    """Write one demo client as its exports would look."""
    tables, truth = generate(spec)
    typed = dict(tables)  # the frames as drawn (the loop below writes timestamps as text)
    objectives = objectives_for(spec, tables)
    for name, ts_col in (("touchpoints", "timestamp"), ("leads", "created_at"),
                         ("orders", "ordered_at"), ("nps", "answered_at")):
        if name in tables and not (name == "touchpoints" and spec.client == "northwind-b2b"):
            tables[name] = tables[name].assign(
                **{ts_col: tables[name][ts_col].dt.strftime("%Y-%m-%d %H:%M:%S")})
    folder = Path(data_dir) / spec.client
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "client.yml").write_text(yaml.safe_dump(spec.config, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    if spec.client == EXPORTS_CLIENT.client:
        # no canonical table but the agency-fee sheet and the objectives: the rest are exports
        from roianalysis.data.demo_exports import write_exports

        truth.update(write_exports(folder, typed, spec.config, spec.seed))
        truth["mix"] = media_truth(typed, "2026-09-30")
        objectives.to_csv(folder / "objectives.csv", index=False)
    elif spec.client == "boutique-lumiere":
        # French CSV exports: ';' separator, decimal commas, BOM, dd/mm/yyyy dates in spend
        sp = tables["spend"].copy()
        sp["date"] = sp["date"].dt.strftime("%d/%m/%Y")
        sp["cost"] = sp["cost"].map(_fr_number)
        for c in ("impressions", "clicks"):
            sp[c] = sp[c].map(lambda v: "" if pd.isna(v) else str(int(v)))
        sp.to_csv(folder / "spend.csv", sep=";", index=False, encoding="utf-8-sig")
        o = tables["orders"].copy()
        o["revenue"] = o["revenue"].map(_fr_number)
        o.to_csv(folder / "orders.csv", sep=";", index=False, encoding="utf-8-sig")
        for name in ("touchpoints", "leads", "nps"):
            tables[name].to_csv(folder / f"{name}.csv", sep=";", index=False, encoding="utf-8-sig")
        objectives.to_csv(folder / "objectives.csv", sep=";", index=False, encoding="utf-8-sig")
    elif spec.client == "northwind-b2b":
        # UTC timestamps with a Z suffix from the web analytics export, CRM in local time
        tp = tables["touchpoints"].copy()
        tp["timestamp"] = (tp["timestamp"].dt.tz_localize("America/New_York", ambiguous="NaT",
                                                          nonexistent="shift_forward")
                           .dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
        tp = tp[tp["timestamp"].notna()]
        tp.to_csv(folder / "touchpoints.csv", index=False)
        for name in ("spend", "leads", "orders", "nps"):
            tables[name].to_csv(folder / f"{name}.csv", index=False)
        objectives.to_excel(folder / "objectives.xlsx", index=False)
    else:
        tables["spend"].to_parquet(folder / "spend.parquet", index=False)
        for name in ("touchpoints", "leads", "orders"):
            tables[name].to_csv(folder / f"{name}.csv", index=False)
        objectives.to_csv(folder / "objectives.csv", index=False)
    (folder / "ground_truth.json").write_text(json.dumps(truth, indent=1, default=float))
    return folder


def write_demo_clients(data_dir: str | Path = "data/raw", force: bool = False,
                       clients: list[str] | None = None) -> dict[str, Path]:
    """Write every demo client into ``data_dir`` (skips those already there unless ``force``)."""
    out = {}
    for spec in CLIENTS:
        if clients and spec.client not in clients:
            continue
        folder = Path(data_dir) / spec.client
        if folder.exists() and (folder / "ground_truth.json").exists() and not force:
            out[spec.client] = folder
            continue
        out[spec.client] = write_client(spec, Path(data_dir))
    return out
