"""HubSpot CRM exports: contacts -> ``leads``, deals -> ``orders``.

Both come from *CRM > Contacts (or Deals) > Export* (the current view's columns, or "all
properties"). The file is recognised by its first column, ``Record ID`` (French UI: ``ID de fiche
d'informations``); the other columns say which object it is.

Contacts (:attr:`Import.format` ``hubspot_contacts``)
    One lead per contact. ``contact_id`` is the pseudonymous key of ``Email`` (so the contact
    joins Shopify orders and GA4 ``user_id`` of the same address), else of ``hubspot:<Record ID>``.
    ``created_at`` is ``Became a Lead Date`` when the export has it and the cell is set, else
    ``Create Date``. ``channel`` is ``Original Source`` (``Original Traffic Source`` since 2024;
    UI labels or internal names such as ``PAID_SEARCH``) mapped to the GA4 channel names by
    :data:`~roianalysis.sources.channels.HUBSPOT_SOURCES`; an unknown value is kept as written
    (``channel_aliases`` can rename it). Every lifecycle stage counts as a lead except
    ``Subscriber`` and ``Other`` (dropped, counted); ``sources_options.lead_stages`` in
    ``client.yml`` restricts the stages that count.
Deals (``hubspot_deals``)
    One order per *won* deal: ``order_id`` ``hubspot-deal:<Record ID>``, ``ordered_at`` the
    ``Close Date``, ``revenue`` the ``Amount``, ``margin`` unknown (NaN). A deal is won when
    ``sources_options.won_stages`` lists its stage (besides HubSpot's own ``closedwon`` /
    ``Closed Won``); without that option, when the export's ``Is Closed Won`` says so, else when
    its stage label reads won (``Closed Won``, ``Closed: won``, ``Won``, ``Gagné``...). Open and
    lost deals are dropped and counted by reason. The contact is the first associated contact:
    the e-mail in ``Associated Contact`` (``Jane Doe (jane@example.com)``) when exported, which
    joins the contacts export, else ``hubspot:<id>`` of ``Associated Contact IDs``; a deal without
    either gets a key of its own, with a warning that such deals cannot be joined to leads.

A won deal whose ``Amount`` is empty is kept with ``revenue`` 0 and named in a warning: it is a
real customer (it counts in new customers, lead-to-customer rates and sales cycles), so dropping
it would lose conversions, and refusing the file would refuse most real exports (deals are often
closed before anyone types an amount). The canonical ``orders`` table needs a revenue on every
row, so the unknown amount is 0 there; the warning says how many deals and which rows, and
``totals["won_without_amount"]`` counts them, so revenue and ROI are read as covering the deals
with an amount only.

Dates are ``YYYY-MM-DD HH:MM`` in the portal's time zone, without offset: taken as wall-clock
times of the client. An export re-saved by Excel writes ``M/D/YYYY H:MM`` (see
:func:`~roianalysis.sources._crm.parse_times` for how the day/month order is decided).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.sources._crm import (
    bad_cells,
    column,
    header_cells,
    lines_of,
    load_table,
    money,
    nones,
    norm,
    one_currency,
    parse_times,
    text_cells,
)
from roianalysis.sources.base import Import, RawFile, ReadContext, refuse
from roianalysis.sources.channels import HUBSPOT_SOURCES
from roianalysis.sources.privacy import contact_keys, looks_like_email

FORMAT = "hubspot_contacts"
FORMATS = ("hubspot_contacts", "hubspot_deals")

RECORD_ID = ("Record ID", "ID de fiche d'informations", "ID de l'enregistrement", "ID du contact",
             "ID de la transaction", "Contact ID", "Deal ID", "hs_object_id")
EMAIL = ("Email", "E-mail", "Adresse e-mail", "Adresse email", "email")
CREATE_DATE = ("Create Date", "Date de création", "createdate", "Created Date")
LEAD_DATE = ("Became a Lead Date", "Date de passage au statut de lead",
             "Date à laquelle le contact est devenu un lead", "hs_lifecyclestage_lead_date")
SOURCE = ("Original Source", "Original Traffic Source", "Source d'origine",
          "Source de trafic d'origine", "Original Source Type", "hs_analytics_source")
LIFECYCLE = ("Lifecycle Stage", "Phase du cycle de vie", "Étape du cycle de vie", "lifecyclestage")
CONTACT_OWNER = ("Contact owner", "Propriétaire du contact", "hubspot_owner_id", "Owner")
DEAL_STAGE = ("Deal Stage", "Phase de la transaction", "Étape de la transaction", "dealstage")
DEAL_NAME = ("Deal Name", "Nom de la transaction", "dealname")
CLOSE_DATE = ("Close Date", "Date de fermeture", "Date de clôture", "closedate")
AMOUNT = ("Amount", "Montant", "amount")
IS_WON = ("Is Closed Won", "Is Deal Closed Won", "Transaction conclue gagnée", "hs_is_closed_won")
IS_CLOSED = ("Is Deal Closed?", "Is Deal Closed", "Transaction fermée ?", "hs_is_closed")
ASSOC_CONTACT = ("Associated Contact", "Contact associé", "Contacts associés")
ASSOC_CONTACT_IDS = ("Associated Contact IDs", "ID des contacts associés", "ID de contact associé")
DEAL_CURRENCY = ("Currency", "Devise", "deal_currency_code")

#: Lifecycle stages that are not leads by default (internal names and UI labels, folded).
NOT_LEADS = {"subscriber", "abonne", "other", "autre"}
#: HubSpot's own won stage of the default pipeline (folded), always won.
DEFAULT_WON = {"closedwon", "conclu_gagne", "conclue_gagnee", "ferme_gagne", "fermee_gagnee"}
_WON_WORDS = {"won", "gagne", "gagnee", "gagnes", "gagnees", "gewonnen", "ganado", "ganada",
              "vinto", "vinta", "ganho", "ganha", "closedwon"}
_LOST_WORDS = {"lost", "closedlost", "perdu", "perdue", "perdus", "perdues", "abandoned",
               "abandonne", "abandonnee", "verloren", "perdido", "perdida", "perso", "persa",
               "cancelled", "canceled", "annule", "annulee", "rejected", "refuse", "refusee",
               "declined", "dead", "disqualified"}
_TRUE = {"true", "yes", "1", "vrai", "oui"}
_OTHER_OBJECTS = {
    "companies": (("Company name", "Company Domain Name", "Nom de l'entreprise"),
                  "a HubSpot companies export"),
    "tickets": (("Ticket name", "Ticket status", "Nom du ticket"), "a HubSpot tickets export"),
}


def _first_cells(raw: RawFile) -> list[str]:
    rows = header_cells(raw, 1)
    return rows[0] if rows else []


def detect(raw: RawFile) -> bool:
    """A HubSpot CRM export: its first header cell is ``Record ID`` (or its French label)."""
    cells = _first_cells(raw)
    if len(cells) < 2:
        return False
    return norm(cells[0]) in {norm(s) for s in RECORD_ID[:6]}


def _kind(header: list[str]) -> str:
    names = {norm(h) for h in header}
    if names & {norm(s) for s in DEAL_STAGE}:
        return "deals"
    for kind, (cols, _label) in _OTHER_OBJECTS.items():
        if names & {norm(s) for s in cols}:
            return kind
    if names & {norm(s) for s in EMAIL + CREATE_DATE + LIFECYCLE + SOURCE + LEAD_DATE}:
        return "contacts"
    return "unknown"


def read(raw: RawFile, ctx: ReadContext) -> Import:
    table = load_table(raw)
    kind = _kind(table.header)
    if kind == "deals":
        return _read_deals(raw, ctx, table)
    if kind == "contacts":
        return _read_contacts(raw, ctx, table)
    label = _OTHER_OBJECTS[kind][1] if kind in _OTHER_OBJECTS else "a HubSpot export of an unknown object"
    raise refuse(raw.name, f"this is {label}, which gives no leads or deals: export CRM > Contacts "
                 "(Record ID, Create Date, Original Source, Lifecycle Stage, Email) or CRM > Deals "
                 "(Record ID, Deal Stage, Close Date, Amount, Associated Contact)")


# ----------------------------------------------------------------------------- contacts

def _stage_set(values) -> set[str]:
    return {norm(v).replace("_", "") for v in values}


def _lead_stage_filter(stages: pd.Series, ctx: ReadContext) -> tuple[np.ndarray, str]:
    """Which rows count as leads by their lifecycle stage, and the reason for the others."""
    folded = stages.map(lambda v: norm(v).replace("_", ""))
    wanted = ctx.option("lead_stages")
    if wanted:
        keep = folded.isin(_stage_set(wanted)).to_numpy()
        return keep, "lifecycle stage not in lead_stages"
    keep = ~folded.isin({s.replace("_", "") for s in NOT_LEADS}).to_numpy()
    return keep, "subscriber or other (not a lead)"


def _channels(source: pd.Series) -> pd.Series:
    def one(v: str):
        if not v:
            return None
        key = v.strip().lower()
        return HUBSPOT_SOURCES.get(key) or HUBSPOT_SOURCES.get(key.replace(" ", "_")) or v.strip()
    return source.map(one).astype(object)


def _read_contacts(raw: RawFile, ctx: ReadContext, table) -> Import:
    path = raw.name
    df = table.frame()
    imp = Import(path, "hubspot_contacts", {}, report="HubSpot contacts export")
    imp.rows.read = len(df)
    rid = column(df, *RECORD_ID)
    c_email, c_create, c_lead = column(df, *EMAIL), column(df, *CREATE_DATE), column(df, *LEAD_DATE)
    if c_create is None and c_lead is None:
        raise refuse(path, "this HubSpot contacts export has no 'Create Date' (nor 'Became a Lead "
                     "Date') column, so leads cannot be dated: add the Create Date column to the "
                     "view (or export all properties) and export again", code="missing_column")
    problems: list[DataProblem] = []
    email = text_cells(df, c_email)
    record = text_cells(df, rid)
    created_txt = text_cells(df, c_create)
    lead_txt = text_cells(df, c_lead)
    dayfirst = getattr(ctx.config, "date_format", "dayfirst") != "monthfirst"
    created, bad_c, how_c = parse_times(created_txt, ctx.timezone, dayfirst_default=dayfirst)
    lead_at, bad_l, how_l = parse_times(lead_txt, ctx.timezone, dayfirst_default=dayfirst)
    if bad_c.any():
        problems.append(bad_cells(path, df, c_create, bad_c, "dates (YYYY-MM-DD HH:MM)", created_txt))
    if bad_l.any():
        problems.append(bad_cells(path, df, c_lead, bad_l, "dates (YYYY-MM-DD HH:MM)", lead_txt))
    for how, col in ((how_c, c_create), (how_l, c_lead)):
        if how and how.startswith("mixed"):
            problems.append(DataProblem(path, "the column mixes day-first and month-first dates: "
                                        "export again from HubSpot without re-saving in Excel",
                                        col, code="bad_date"))
        elif how:
            imp.warn(f"'{col}' dates are written with slashes (the file was re-saved by a spreadsheet): read "
                     f"{how}", column=col, code="date_order")
    at = lead_at.where(lead_at.notna(), created).to_numpy()
    at = pd.Series(at, dtype="datetime64[us]")
    no_key = ((email == "") & (record == "")).to_numpy()
    if no_key.any():
        problems.append(DataProblem(path, "contact with neither an e-mail nor a Record ID", rid or c_email,
                                    lines_of(df, no_key), code="missing_value"))
    undated = at.isna().to_numpy() & ~(bad_c | bad_l)
    if undated.any():
        problems.append(DataProblem(path, "contact without a Create Date", c_create or c_lead,
                                    lines_of(df, undated), code="missing_value"))
    if problems:
        raise DataValidationError(problems)

    keep = np.ones(len(df), dtype=bool)
    c_stage = column(df, *LIFECYCLE)
    if c_stage is not None:
        stages = text_cells(df, c_stage)
        ok, reason = _lead_stage_filter(stages, ctx)
        if ctx.option("lead_stages") is None:
            ok = ok | (stages == "").to_numpy()
        imp.rows.drop(reason, int((~ok).sum()))
        keep &= ok
    elif ctx.option("lead_stages"):
        imp.warn("sources_options.lead_stages is set but this export has no 'Lifecycle Stage' "
                 "column: every contact counts as a lead", code="no_lifecycle_stage")
    ident = email.where(email != "", "hubspot:" + record)
    keys = contact_keys(ident, ctx.salt)
    owner = text_cells(df, column(df, *CONTACT_OWNER))
    owner = owner.map(lambda v: None if not v else
                      (contact_keys(pd.Series([v]), ctx.salt)[0] if looks_like_email(v) else v))
    leads = pd.DataFrame({
        "contact_id": keys.to_numpy(dtype=object),
        "created_at": at.to_numpy(),
        "channel": nones(_channels(text_cells(df, column(df, *SOURCE)))),
        "owner": nones(owner),
        "segment": [None] * len(df),
        "_line": df["_line"].to_numpy(),
    })[keep]
    leads = leads.sort_values(["created_at", "_line"], kind="stable")
    dup = leads["contact_id"].duplicated(keep="first")
    if dup.any():
        imp.rows.drop("duplicate contact (same e-mail)", int(dup.sum()))
        imp.warn(f"{int(dup.sum())} contact(s) share an e-mail with an earlier contact: counted once, "
                 "at the earliest date", rows=tuple(int(x) for x in leads["_line"][dup]),
                 code="duplicate_contact")
        leads = leads[~dup]
    leads = leads.sort_values("_line").drop(columns="_line").reset_index(drop=True)
    leads["created_at"] = leads["created_at"].astype("datetime64[us]")
    imp.rows.kept = len(leads)
    imp.tables["leads"] = leads
    imp.totals = {"leads": float(len(leads))}
    if len(leads):
        imp.period = (leads["created_at"].min().date(), leads["created_at"].max().date())
    if c_email is None:
        imp.warn("no 'Email' column: contacts are keyed by their HubSpot Record ID and will not join "
                 "Shopify orders or GA4 users; add Email to the exported columns", code="no_email")
    return imp


# ----------------------------------------------------------------------------- deals

def _won_lost(stage: pd.Series, df: pd.DataFrame, ctx: ReadContext) -> tuple[np.ndarray, np.ndarray]:
    folded = stage.map(norm)
    squashed = folded.str.replace("_", "", regex=False)
    tokens = folded.str.split("_")
    configured = ctx.option("won_stages")
    configured_lost = ctx.option("lost_stages")

    def by_words(words: set[str]) -> np.ndarray:
        return np.array([bool(set(t) & words) and not ("won" in t and t[t.index("won") + 1:][:1] == ["t"])
                         for t in tokens], dtype=bool)

    label_won = squashed.isin({s.replace("_", "") for s in DEFAULT_WON}).to_numpy()
    if configured:
        won = label_won | squashed.isin(_stage_set(configured)).to_numpy()
    else:
        won = label_won | by_words(_WON_WORDS)
        c_won = column(df, *IS_WON)
        if c_won is not None:
            flag = text_cells(df, c_won).str.lower()
            has = (flag != "").to_numpy()
            won = np.where(has, flag.isin(_TRUE).to_numpy(), won)
    closed = np.zeros(len(df), dtype=bool)
    c_closed = column(df, *IS_CLOSED)
    if c_closed is not None:
        closed = text_cells(df, c_closed).str.lower().isin(_TRUE).to_numpy()
    lost = ~won & (closed | by_words(_LOST_WORDS))
    if configured_lost:
        lost |= ~won & squashed.isin(_stage_set(configured_lost)).to_numpy()
    return won, lost


_EMAIL_IN = re.compile(r"[^\s<>()\[\];,]+@[^\s<>()\[\];,]+\.[^\s<>()\[\];,]+")


def _first_email(cell: str) -> str:
    m = _EMAIL_IN.search(cell or "")
    return m.group(0) if m else ""


def _first_id(cell: str) -> str:
    for part in re.split(r"[;,]", cell or ""):
        part = part.strip()
        if part:
            return part
    return ""


def _read_deals(raw: RawFile, ctx: ReadContext, table) -> Import:
    path = raw.name
    df = table.frame()
    imp = Import(path, "hubspot_deals", {}, report="HubSpot deals export")
    imp.rows.read = len(df)
    rid, c_stage = column(df, *RECORD_ID), column(df, *DEAL_STAGE)
    c_close, c_amount = column(df, *CLOSE_DATE), column(df, *AMOUNT)
    missing = [name for name, c in (("Close Date", c_close), ("Amount", c_amount)) if c is None]
    if missing:
        raise refuse(path, f"this HubSpot deals export has no {' / '.join(missing)} column: add "
                     "Deal Stage, Close Date and Amount to the view (or export all properties) and "
                     "export again", code="missing_column")
    stage = text_cells(df, c_stage)
    won, lost = _won_lost(stage, df, ctx)
    openish = ~won & ~lost
    imp.rows.drop("open deal", int(openish.sum()))
    imp.rows.drop("lost deal", int(lost.sum()))
    w = df[won].reset_index(drop=True)
    problems: list[DataProblem] = []
    record = text_cells(w, rid)
    if (record == "").any():
        problems.append(DataProblem(path, "won deal without a Record ID", rid,
                                    lines_of(w, (record == "").to_numpy()), code="missing_value"))
    close_txt = text_cells(w, c_close)
    dayfirst = getattr(ctx.config, "date_format", "dayfirst") != "monthfirst"
    closed_at, bad_d, how = parse_times(close_txt, ctx.timezone, dayfirst_default=dayfirst)
    if bad_d.any():
        problems.append(bad_cells(path, w, c_close, bad_d, "dates (YYYY-MM-DD HH:MM)", close_txt))
    undated = closed_at.isna().to_numpy() & ~bad_d
    if undated.any():
        problems.append(DataProblem(path, "won deal without a Close Date", c_close, lines_of(w, undated),
                                    code="missing_value"))
    if how and how.startswith("mixed"):
        problems.append(DataProblem(path, "the Close Date column mixes day-first and month-first "
                                    "dates: export again without re-saving in Excel", c_close,
                                    code="bad_date"))
    elif how:
        imp.warn(f"'{c_close}' dates are written with slashes (re-saved by a spreadsheet): read {how}",
                 column=c_close, code="date_order")
    amount_txt = text_cells(w, c_amount)
    amount, bad_a = money(amount_txt)
    if bad_a.any():
        problems.append(bad_cells(path, w, c_amount, bad_a, "amounts", amount_txt))
    c_cur = column(w, *DEAL_CURRENCY)
    currency, factors, note = None, None, None
    if c_cur is not None and len(w):
        currency, factors, note = one_currency(path, w, text_cells(w, c_cur), ctx, c_cur)
    if problems:
        raise DataValidationError(problems)
    if factors is not None:
        amount = amount * factors
        imp.warn(note, column=c_cur, code="currency_converted")
    imp.currency = currency

    # the contact: first associated e-mail, else first associated contact id, else the deal itself
    c_assoc, c_ids = column(w, *ASSOC_CONTACT), column(w, *ASSOC_CONTACT_IDS)
    emails = text_cells(w, c_assoc).map(_first_email)
    ids = text_cells(w, c_ids).map(_first_id)
    ident = emails.where(emails != "", ("hubspot:" + ids).where(ids != "", "hubspot-deal:" + record))
    alone = ((emails == "") & (ids == "")).to_numpy()
    by_id = ((emails == "") & (ids != "")).to_numpy()
    if alone.any():
        imp.warn(f"{int(alone.sum())} won deal(s) have no associated contact in the export: each is "
                 "its own customer and cannot be joined to leads; export the 'Associated Contact' "
                 "column (all properties export) to join deals to contacts",
                 rows=lines_of(w, alone), code="deal_without_contact")
    if by_id.any():
        imp.warn(f"{int(by_id.sum())} won deal(s) name their contact by HubSpot id only: they join "
                 "contacts exported without an e-mail; export 'Associated Contact' too (it carries "
                 "the e-mail) to join every contact", rows=lines_of(w, by_id), code="deal_contact_by_id")
    no_amount = np.isnan(amount)
    if no_amount.any():
        imp.warn(f"{int(no_amount.sum())} won deal(s) have no Amount: kept as customers with revenue "
                 "0 (unknown); revenue and ROI cover the deals with an amount only. Fill the "
                 "amounts in HubSpot and export again for complete revenue", column=c_amount,
                 rows=lines_of(w, no_amount), code="won_deal_without_amount")
    orders = pd.DataFrame({
        "order_id": ("hubspot-deal:" + record).to_numpy(dtype=object),
        "contact_id": contact_keys(ident, ctx.salt).to_numpy(dtype=object),
        "ordered_at": closed_at.to_numpy(dtype="datetime64[us]"),
        "revenue": np.where(no_amount, 0.0, amount.astype(float)),
        "margin": np.full(len(w), np.nan),
    })
    dup = orders["order_id"].duplicated(keep="last")
    if dup.any():
        imp.rows.drop("duplicate deal (same Record ID)", int(dup.sum()))
        orders = orders[~dup].reset_index(drop=True)
    imp.rows.kept = len(orders)
    imp.tables["orders"] = orders
    imp.totals = {"revenue": float(np.nansum(orders["revenue"])), "orders": float(len(orders)),
                  "won_without_amount": float(no_amount.sum())}
    if len(orders):
        imp.period = (orders["ordered_at"].min().date(), orders["ordered_at"].max().date())
    if not len(orders) and imp.rows.read:
        imp.warn(f"no won deal in this export ({imp.rows}): no orders. If your pipeline's won stage "
                 "has another name, list it in client.yml sources_options.won_stages",
                 code="no_won_deal")
    return imp
