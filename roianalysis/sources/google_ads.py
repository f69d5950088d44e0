"""Google Ads UI downloads (Campaigns / Ad groups / Ads > Download) -> ``spend``.

Layout (both "CSV", UTF-8 comma, and "Excel CSV", UTF-16LE with BOM and tabs)::

    Campaign report                          <- report title (UI language)
    "March 27, 2026 - April 23, 2026"        <- date range, or All time / 27 January 2026 - ...
    Day,Campaign,Campaign type,Currency code,Cost,Impr.,Clicks,...   <- header
    ...data rows...
    Total: Campaigns,...                     <- totals rows (French: "Total : Campagnes")
    Total: Account,...
    Total: Search,...                        <- one per campaign type

What it gives: one spend row per day x channel x campaign (ad group and ad rows summed to their
campaign). The channel is the campaign type's (:data:`~roianalysis.sources.channels.
GOOGLE_ADS_CAMPAIGN_TYPES`: Search -> Paid Search, Performance Max -> Cross-network...). Without
a ``Campaign type`` column, the type is inferred when the export's own ``Total: <type>`` rows show
that every row is of one type; otherwise ``Paid Search``, with a warning.

Without a Day segment, each row is spread evenly over the date range (Week / Month / Quarter /
Year segments: over its own span), with a warning that the daily detail is approximate. Refused
by name, with what to export instead: "All time" reports without a time segment (no dates to put
the spend on), and reports whose rows do not partition the spend (search terms, keywords,
locations, assets, audiences, demographics, placements, conversion-action segments).

The ``Total:`` rows are dropped and counted, and reconcile the file: the data rows must add up to
the report's own total (``Total: Campaigns`` / ``Total: Ad groups``..., else ``Total: Account`` in
a campaign report), costs within the rounding of each row to cents. A file without any totals
row, or whose rows do not add up, was probably cut: a warning gives both figures.

Numbers: US thousands separators (``"9,380"``), ``%`` rates, `` --`` for empty; French UI
decimal commas and (narrow) no-break-space groups are recognised from the cost cells.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from roianalysis.schema import NO_CAMPAIGN
from roianalysis.sources import _ads
from roianalysis.sources.base import Import, RawFile, ReadContext, RowCounts, refuse
from roianalysis.sources.channels import AD_PLATFORM_CHANNEL, GOOGLE_ADS_CAMPAIGN_TYPES
from roianalysis.sources.text import csv_table, parse_range, snake, sniff_separator

FORMAT = "google_ads"

# Header synonyms, as snake names (English UI, French UI).
DAY = ("day", "jour", "date")
TIME_UNITS = {
    "week": ("week", "semaine"),
    "month": ("month", "mois"),
    "quarter": ("quarter", "trimestre"),
    "year": ("year", "annee"),
}
CAMPAIGN = ("campaign", "campagne", "campaign_name", "nom_de_la_campagne")
AD_GROUP = ("ad_group", "groupe_d_annonces", "ad_group_name")
COST = ("cost", "cout")
IMPRESSIONS = ("impr", "impressions", "impr_")
CLICKS = ("clicks", "clics")
CURRENCY = ("currency_code", "code_de_la_devise", "code_devise", "currency", "devise")
CAMPAIGN_TYPE = ("campaign_type", "type_de_campagne")
ACCOUNT = ("account", "account_name", "compte", "nom_du_compte", "customer_id", "id_client")

#: Report kinds whose rows do not partition the account's spend: (title words, header columns,
#: what it is). A keyword report omits Display / Performance Max spend; search terms omit the
#: "other search terms"; one click can match several locations or audiences.
NOT_SPEND = (
    ("search terms", ("search term", "terme de recherche", "termes de recherche"),
     ("search_term", "terme_de_recherche")),
    ("search keywords", ("keyword", "mot cle", "mots cles"),
     ("search_keyword", "keyword", "mot_cle", "mots_cles", "mot_cle_de_recherche")),
    ("locations", ("location", "geographic", "zone geographique", "zones geographiques", "lieu",
                   "emplacement geographique"),
     ("location", "matched_location", "targeted_location", "user_location", "zone_geographique",
      "lieu", "country_territory", "pays_territoire", "city", "ville", "region")),
    ("assets", ("asset", "composant", "element", "extension"),
     ("asset", "asset_type", "composant", "type_de_composant", "element")),
    ("audiences", ("audience",), ("audience_segment", "audience", "segment_d_audience")),
    ("demographics", ("demographic", "demograph", "age", "gender", "sexe", "household income",
                      "revenu"),
     ("age", "age_range", "tranche_d_age", "gender", "sexe", "household_income")),
    ("placements", ("placement", "emplacement"), ("placement", "emplacement")),
    ("landing pages", ("landing page", "page de destination"),
     ("landing_page", "page_de_destination", "expanded_landing_page")),
    ("products", ("product", "produit"), ("item_id", "product_title", "id_d_article",
                                                    "titre_du_produit")),
    ("conversion actions", ("conversion action",),
     ("conversion_action", "action_de_conversion", "conversion_category",
      "categorie_de_conversion", "conversion_source")),
)

#: Reports that partition spend: (kind, title words).
SPEND_REPORTS = (
    ("ad group", ("ad group", "groupe d'annonces", "groupes d'annonces", "groupe d annonces",
                  "groupes d annonces")),
    ("ad", ("ad report", "ads report", "rapport sur les annonces", "annonces")),
    ("campaign", ("campaign", "campagne")),
)

EXPORT_INSTEAD = ("export the Campaigns report segmented by Day (Campaigns > Download, with "
                  "Segment > Time > Day), or the Ad groups / Ads report segmented by Day")

ALL_TIME = ("all time", "toute la periode", "depuis le debut", "tout", "toutes les dates")

_FRENCH_TYPES = {
    "reseau de recherche": "search", "recherche": "search", "video": "video",
    "intelligente": "smart", "application": "app", "generation de la demande": "demand gen",
    "generation de demande": "demand gen", "hotel": "hotel",
}


def _fold(s: object) -> str:
    s = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", s.replace("\u2019", "'")).strip().strip('"').strip().lower()


def _cells(line: str, sep: str) -> list[str]:
    import csv

    try:
        return next(csv.reader([line], delimiter=sep), [])
    except csv.Error:
        return line.split(sep)


def _header_index(lines: list[str]) -> int | None:
    """0-based index of the header among the first lines: the first line with a cost or
    impressions column and a campaign-level column, after a one-cell title line."""
    for i, line in enumerate(lines[:6]):
        if i == 0 or not line.strip():
            continue
        names = {snake(c) for c in _cells(line, sniff_separator(line))}
        has_metric = bool(names & set(COST + IMPRESSIONS + CLICKS))
        has_dim = bool(names & set(CAMPAIGN + AD_GROUP + ("search_term", "terme_de_recherche",
                                                          "keyword", "search_keyword")))
        if has_metric and has_dim:
            return i
    return None


def detect(raw: RawFile) -> bool:
    """A Google Ads UI download: a one-cell title line (not Microsoft's ``Report Name:`` nor
    LinkedIn's ``Report Start:``), then the header with Google's column names."""
    if raw.is_excel or raw.is_parquet:
        return False
    head = raw.head(6)
    if not head:
        return False
    title = head[0].replace("\ufeff", "").strip().strip('"')
    if not title or "\t" in title or ("," in title and not title.startswith('"')):
        return False
    if re.match(r"(?i)^(report name|report start|#)", title):
        return False
    h = _header_index(head)
    if h is None or h > 3:
        return False
    names = {snake(c) for c in _cells(head[h], sniff_separator(head[h]))}
    # Google's own spellings: "Impr." / "Cost" / "Coût" / "Currency code" (not "Spend").
    google = {"impr", "currency_code", "code_de_la_devise", "campaign_type", "type_de_campagne",
              "avg_cpc", "cpc_moy", "interactions", "conv_value", "optimisation_score",
              "optimization_score", "search_impr_share"}
    if "currency_code" in names or "code_de_la_devise" in names:
        return True
    # a cost column alone is any tool's ("Criteo report / Day, Campaign, Cost"): ask for one of
    # Google's own column names too
    return bool(names & {"cost", "cout"}) and bool(names & google)


def _report_kind(title: str, header_names: set[str]) -> tuple[str | None, str | None]:
    """(kind of spend report or None, kind of refused report or None)."""
    t = _fold(title)
    for kind, _words, cols in NOT_SPEND:
        if header_names & set(cols):
            return None, kind
    for kind, words, _cols in NOT_SPEND:
        if any(re.search(r"\b" + re.escape(w) + r"s?\b", t) for w in words):
            return None, kind
    for kind, words in SPEND_REPORTS:
        if any(w in t for w in words):
            return kind, None
    return None, None


def _type_key(label: str) -> str | None:
    """The campaign-type key of a ``Total: <type>`` label (``Performance Max`` ->
    ``performance max``; French spellings folded), or ``None``."""
    k = _fold(label)
    k = _FRENCH_TYPES.get(k, k)
    return k if k in GOOGLE_ADS_CAMPAIGN_TYPES else None


def read(raw: RawFile, ctx: ReadContext) -> Import:
    path = raw.name
    lines = raw.lines
    h = _header_index(lines)
    if h is None:
        raise refuse(path, "Google Ads download without a recognisable header line; "
                     + EXPORT_INSTEAD, code="bad_layout")
    title = lines[0].replace("\ufeff", "").strip().strip('"').strip()
    range_text = lines[1].strip() if h >= 2 else ""
    sep = sniff_separator(lines[h])
    table = csv_table(lines, h, sep)
    frame = table.frame()
    names = {snake(c) for c in table.header}
    kind, refused = _report_kind(title, names)
    if refused:
        raise refuse(path, f"this Google Ads report ('{title}', {refused}) does not split the "
                     f"account's spend into parts that add up (rows overlap or leave spend out); "
                     + EXPORT_INSTEAD)
    imp = Import(path, FORMAT, {}, report=title or None, rows=RowCounts(read=len(frame)))
    if kind is None:
        imp.warn(f"report type '{title}' is not one roianalysis knows; read as campaign spend "
                 "(campaign, ad group and ad reports are)", code="unknown_report")

    cols = frame.columns
    c_day = _ads.find_column(cols, DAY)
    c_unit, unit = _ads.find_first_column(cols, TIME_UNITS) if c_day is None else (None, None)
    c_campaign = _ads.find_column(cols, CAMPAIGN)
    c_cost = _ads.find_column(cols, COST)
    c_impr = _ads.find_column(cols, IMPRESSIONS)
    c_clicks = _ads.find_column(cols, CLICKS)
    c_type = _ads.find_column(cols, CAMPAIGN_TYPE)
    c_account = _ads.find_column(cols, ACCOUNT)
    currency_cols = _ads.columns_like(cols, CURRENCY)
    if c_cost is None:
        raise refuse(path, f"this Google Ads report ('{title}') has no Cost column; add the Cost "
                     "column to the table before downloading, or " + EXPORT_INSTEAD,
                     code="missing_column")

    # The period: the date-range line, else the rows.
    fold_range = _fold(range_text)
    all_time = fold_range in ALL_TIME
    us_style = bool(re.match(r"^[a-z]+ \d{1,2}, \d{4}", fold_range))
    rng = None if all_time or not range_text else parse_range(range_text, dayfirst=not us_style)
    if all_time and c_day is None and c_unit is None:
        raise refuse(path, f"this Google Ads report ('{title}') covers 'All time' without a Day "
                     "segment: its spend cannot be put on dates. Choose a date range and "
                     + EXPORT_INSTEAD)

    # Totals rows: dropped, counted, kept aside to reconcile.
    labels = [_ads.totals_label(r) for r in table.rows]
    is_total = np.array([lab is not None for lab in labels], dtype=bool)
    totals = frame.loc[is_total]
    data = frame.loc[~is_total].reset_index(drop=True)
    imp.rows.drop("totals row", int(is_total.sum()))
    imp.rows.kept = len(data)

    errors = _ads.CellErrors(path)
    french = bool(names & {"cout", "jour", "campagne", "clics"})
    decimal = _ads.decimal_mark(frame, [c_cost], default="," if french else ".")
    cost, impressions, clicks = errors.spend_numbers(data, c_cost, c_impr, c_clicks, decimal)
    currency = _ads.one_currency(data, currency_cols, errors) if currency_cols else None
    if currency is None and currency_cols and not errors.problems:
        currency = _ads.one_currency(totals, currency_cols, errors)
    if c_day is not None:
        dayfirst = _ads.infer_dayfirst(data[c_day], hint=not us_style)
        dates = errors.days(data, c_day, dayfirst=dayfirst)
    elif c_unit is not None:
        dayfirst = _ads.infer_dayfirst(data[c_unit], hint=not us_style)
        dates = errors.days(data, c_unit, dayfirst=dayfirst)
    else:
        dates = None
    errors.raise_if_any()
    imp.currency = currency

    # Channel by campaign type.
    default = AD_PLATFORM_CHANNEL[FORMAT]
    type_totals = {}
    other_totals = []
    account_total = None
    for (_, row), lab in zip(totals.iterrows(), [x for x in labels if x is not None], strict=True):
        key = _type_key(lab)
        if key is not None:
            type_totals[key] = row
        elif _fold(lab) in ("account", "compte"):
            account_total = (lab, row)
        else:
            other_totals.append((lab, row))
    if c_type is not None:
        english = {v: _FRENCH_TYPES.get(_fold(v), v) for v in data[c_type].unique()}
        channel = _ads.channel_of_types(data[c_type].map(english), default, imp, c_type)
    else:
        inferred = _infer_type(type_totals, cost, impressions, clicks, c_cost, c_impr, c_clicks,
                               decimal)
        if inferred is not None:
            channel = np.full(len(data), GOOGLE_ADS_CAMPAIGN_TYPES[inferred], dtype=object)
            imp.warn(f"no Campaign type column: every row is taken as '{inferred.title()}' campaigns "
                     f"({GOOGLE_ADS_CAMPAIGN_TYPES[inferred]}), as the export's own "
                     "'Total: <campaign type>' rows show; add the Campaign type column to be sure",
                     code="channel_inferred")
        else:
            channel = np.full(len(data), default, dtype=object)
            if len(data):
                imp.warn(f"no Campaign type column: all spend is counted as {default}; add the "
                         "Campaign type column to the report so that Shopping, Display, Video and "
                         "Performance Max campaigns get their own channel", code="channel_default")

    if c_campaign is not None:
        campaign = data[c_campaign].astype(str).str.strip().replace({"": NO_CAMPAIGN, "--": NO_CAMPAIGN})
    else:
        campaign = pd.Series([NO_CAMPAIGN] * len(data))
    rows = pd.DataFrame({"channel": channel, "campaign": campaign.to_numpy(dtype=object),
                         "category": "media", "cost": np.nan_to_num(cost, nan=0.0),
                         "impressions": impressions, "clicks": clicks})

    # Dates.
    if c_day is not None:
        rows["date"] = dates
        spend = rows
        first = pd.Timestamp(dates.min()).date() if len(dates) else None
        last = pd.Timestamp(dates.max()).date() if len(dates) else None
        if rng and len(dates) and (first < rng[0] or last > rng[1]):
            imp.warn(f"days {first} .. {last} fall outside the export's range "
                     f"{rng[0]} .. {rng[1]}", column=c_day, code="dates_outside_range")
        imp.period = rng or ((first, last) if first else None)
    elif c_unit is not None:
        starts = [pd.Timestamp(d).date() for d in dates]
        ends = [_ads.period_end(s, unit) for s in starts]
        if rng:
            starts = [max(s, rng[0]) for s in starts]
            ends = [min(e, rng[1]) for e in ends]
        spend = _ads.spread_rows(rows, starts, ends) if len(rows) else rows.assign(date=[])
        imp.period = rng or ((min(starts), max(ends)) if starts else None)
        imp.warn(f"no Day segment: each {unit}'s spend is spread evenly over its days, so the "
                 f"daily detail is approximate (sums per {unit} are exact); segment by Day for "
                 "daily figures", column=c_unit, code="spread_over_days")
    else:
        if rng is None:
            raise refuse(path, f"this Google Ads report ('{title}') has no Day segment and its "
                         f"date range line ({range_text!r}) is not a date range; "
                         + EXPORT_INSTEAD, code="no_period")
        spend = (_ads.spread_rows(rows, [rng[0]] * len(rows), [rng[1]] * len(rows))
                 if len(rows) else rows.assign(date=[]))
        imp.period = rng
        n_days = (rng[1] - rng[0]).days + 1
        imp.warn(f"no Day segment: each campaign's spend is spread evenly over the {n_days} days "
                 f"{rng[0]} .. {rng[1]}, so the daily detail is approximate (the total over the "
                 "range is exact); segment the report by Day for daily figures",
                 code="spread_over_days")
    imp.tables["spend"] = _ads.aggregate_spend(spend)

    sums = _ads.spend_totals(imp, cost, impressions, clicks, bool(c_impr), bool(c_clicks))
    if c_account is not None:
        accounts = {str(a).strip() for a in data[c_account] if str(a).strip()}
        if len(accounts) == 1:
            imp.account = accounts.pop()
    _reconcile(imp, kind, table, labels, other_totals, account_total, sums, len(data),
               c_cost, c_impr, c_clicks, decimal)
    return imp


def _row_metrics(row, c_cost, c_impr, c_clicks, decimal) -> dict[str, float]:
    out = {}
    for key, col in (("cost", c_cost), ("impressions", c_impr), ("clicks", c_clicks)):
        if col is not None:
            out[key] = float(_ads.parse_amounts([row[col]], decimal=decimal)[0][0])
    return out


def _infer_type(type_totals, cost, impressions, clicks, c_cost, c_impr, c_clicks, decimal
                ) -> str | None:
    """The one campaign type every data row must be of, from the ``Total: <type>`` rows.

    Either exactly one type has any cost, impressions or clicks, or the rows' cost, impressions
    and clicks all equal one type's totals (an ad-group report holds no Performance Max asset
    groups: its rows equal ``Total: Search`` although the account has other types).
    """
    if not type_totals:
        return None
    metrics = {k: _row_metrics(r, c_cost, c_impr, c_clicks, decimal) for k, r in type_totals.items()}
    active = [k for k, m in metrics.items() if any(v > 0 for v in m.values() if not np.isnan(v))]
    if len(active) == 1:
        return active[0]
    sums = {"cost": np.nansum(cost), "impressions": np.nansum(impressions),
            "clicks": np.nansum(clicks)}
    match = []
    for k, m in metrics.items():
        known = {key: v for key, v in m.items() if not np.isnan(v)}
        ok = len(known) >= 2 and all(
            abs(sums[key] - v) <= (_ads.cost_tolerance(len(cost)) if key == "cost" else 0.5)
            for key, v in known.items())
        if ok and any(v > 0 for v in known.values()):
            match.append(k)
    return match[0] if len(match) == 1 else None


def _reconcile(imp, kind, table, labels, other_totals, account_total, sums, n, c_cost, c_impr,
               c_clicks, decimal) -> None:
    lines = dict(zip(range(len(labels)), table.line_numbers, strict=True))
    line_of = {}
    for i, lab in enumerate(labels):
        if lab is not None:
            line_of.setdefault(lab, lines[i])
    target = other_totals[0] if other_totals else None
    if target is None and account_total is not None and kind in ("campaign", None):
        target = account_total
    if target is None:
        if account_total is None and not other_totals:
            imp.warn("no 'Total:' rows at the end of the export (the Google Ads UI always writes "
                     "them): the file was probably cut; export the report again",
                     code="totals_missing")
        return
    label, row = target
    export = _row_metrics(row, c_cost, c_impr, c_clicks, decimal)
    _ads.reconcile(imp, f"Total: {label}", sums, export, n, line_of.get(label))

