"""Meta (Facebook / Instagram) ads exports: Ads Manager, Ads Reporting, Marketing API insights.

Layouts read
------------
- **Ads Manager** table exports (CSV or XLSX, campaign / ad set / ad level): ``Reporting starts``,
  ``Reporting ends``, ``Campaign name``, ``Amount spent (EUR)``, ``Impressions``, ``Link clicks``,
  ``Clicks (all)``... With a Day breakdown, ``Reporting starts`` = ``Reporting ends`` = the day.
- **Ads Reporting** exports (``Untitled-report-...``): UTF-8 BOM, a ``Day`` column when broken
  down by day, and a first data row holding the *account total* (empty ``Campaign name``). That
  row is dropped (``account-total row``) and used to reconcile the sum of the other rows.
- **French UI** headers (``Début des rapports``, ``Fin des rapports``, ``Nom de la campagne``,
  ``Montant dépensé (EUR)``, ``Jour``, ``Clics sur un lien``, ``Clics (tous)``), with NBSP inside
  headers and typographic apostrophes: both are normalised before matching.
- **Marketing API** insights (CSV or JSON): ``date_start``, ``date_stop``, ``campaign_name``,
  ``spend``, ``impressions``, ``clicks``, ``inline_link_clicks``, ``account_currency`` when
  requested. Without ``account_currency`` the export has no currency (``None``: the client's is
  used).

What it gives
-------------
``spend`` (channel ``Paid Social``, category ``media``), one row per campaign x day:
``cost`` = sum of *Amount spent* of the rows (breakdown rows -- age, gender, platform, placement,
region, device -- and ad / ad set rows are summed to their campaign and day); ``impressions`` =
sum of *Impressions*; ``clicks`` = sum of *Link clicks* (clicks that lead to the advertiser's
site, the comparable figure to a search click), or *Clicks (all)* when the export has no link
clicks column. A row covering a range (``Reporting starts`` before ``Reporting ends``, no Day
column) is spread evenly over its days, with a warning.

The currency is read from the amount-spent header (``Amount spent (EUR)`` -> ``EUR``) or the
``Currency`` column; both present and different is an error. Text in the columns this reader does
not use (``Using campaign budget``, ``Ongoing``, ranking ``-``) is ignored; empty cells in
the amount, impressions and clicks columns mean zero (Meta writes nothing for "no delivery").

An export without an amount-spent column (Meta lets one remove it) is refused by name rather than
read as zero cost: zero would silently lower every cost-per-lead of the channel.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.sources.base import (
    Import,
    RawFile,
    ReadContext,
    refuse,
    spend_frame,
    spread_over_days,
)
from roianalysis.sources.channels import AD_PLATFORM_CHANNEL
from roianalysis.sources.fastcsv import blank_rows, head_text, read_columns, short_last_row
from roianalysis.sources.text import MISSING_TOKENS, parse_amounts, parse_day, split_line

__all__ = ["FORMAT", "detect", "read", "norm_header"]

FORMAT = "meta_ads"
CHANNEL = AD_PLATFORM_CHANNEL[FORMAT]

_SPEND_RE = re.compile(r"^(amount spent|montant dépensé|montant depense)(?: \(([a-z]{3})\))?$")

#: Normalised header (see :func:`norm_header`) -> role, English UI, French UI and API names.
ROLES: dict[str, str] = {}
for _role, _names in {
    "start": ("reporting starts", "début des rapports", "debut des rapports", "date_start"),
    "end": ("reporting ends", "fin des rapports", "date_stop"),
    "day": ("day", "jour"),
    "campaign": ("campaign name", "nom de la campagne", "campaign_name"),
    "adset": ("ad set name", "nom de l'ensemble de publicités", "adset_name"),
    "ad": ("ad name", "nom de la publicité", "ad_name"),
    "spend_api": ("spend",),
    "impressions": ("impressions",),
    "link_clicks": ("link clicks", "clics sur un lien", "inline_link_clicks"),
    "clicks_all": ("clicks (all)", "clics (tous)", "clicks"),
    "currency": ("currency", "devise", "account_currency"),
    "account": ("account name", "nom du compte", "account_name"),
    "account_id": ("account id", "identifiant du compte", "account_id"),
}.items():
    for _n in _names:
        ROLES[_n] = _role

#: Breakdown columns (normalised) named in :attr:`Import.report`; any other column is summed over.
BREAKDOWNS = {
    "age": "Age", "âge": "Age", "gender": "Gender", "sexe": "Gender", "genre": "Gender",
    "platform": "Platform", "plateforme": "Platform", "placement": "Placement",
    "device platform": "Device platform", "plateforme de l'appareil": "Device platform",
    "impression device": "Impression device", "appareil d'impression": "Impression device",
    "region": "Region", "région": "Region", "country": "Country", "pays": "Country",
    "dma region": "DMA region", "publisher_platform": "Platform", "platform_position": "Placement",
}

_NO_DATA = ("no data available", "aucune donnée disponible", "aucune donnee disponible")
_FRENCH_HINTS = ("début des rapports", "fin des rapports", "nom de la campagne", "couverture",
                 "clics (tous)", "jour")


def norm_header(name: object) -> str:
    """A header cell as matched: BOM removed, NBSP / narrow NBSP -> space, typographic apostrophes
    -> ``'``, lower case, spaces collapsed (``Ajouts d’informations`` -> ``ajouts d'informations``)."""
    s = str(name).replace("\ufeff", "").replace("\u00a0", " ").replace("\u202f", " ")
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", s).strip().lower()


# --------------------------------------------------------------------------- detection

def _is_meta_header(cells) -> bool:
    names = [norm_header(c) for c in cells]
    roles = {ROLES.get(n) for n in names}
    if "start" in roles and "end" in roles:
        return True
    return any(_SPEND_RE.match(n) for n in names) and bool(roles & {"campaign", "adset", "ad", "day"})


def _xlsx_rows(raw: RawFile, nrows: int = 10) -> list[tuple[str, int, list]]:
    """(sheet, 0-based row, cells) of the first rows of each sheet of a workbook."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(raw.data), read_only=True, data_only=True)
    out = []
    try:
        for ws in wb.worksheets:
            for i, row in enumerate(ws.iter_rows(max_row=nrows, values_only=True)):
                out.append((ws.title, i, ["" if v is None else str(v) for v in row]))
    finally:
        wb.close()
    return out


def detect(raw: RawFile) -> bool:
    """A Meta export: ``Reporting starts`` / ``Reporting ends`` (or French, or the API's
    ``date_start`` / ``date_stop``), or an ``Amount spent (XXX)`` column next to a campaign, ad
    set, ad or day column; JSON from the Marketing API (``date_start`` and ``spend``)."""
    try:
        if raw.is_parquet:
            return False
        if raw.is_excel:
            return any(_is_meta_header(cells) for _, _, cells in _xlsx_rows(raw))
        head = head_text(raw)
        stripped = head.lstrip()
        if stripped[:1] in ("{", "["):
            return '"date_start"' in head and ('"spend"' in head or '"impressions"' in head)
        for line in head.splitlines()[:5]:
            if line.strip():
                return _is_meta_header(split_line(line))
        return False
    except Exception:  # noqa: BLE001 - a detector never raises
        return False


# --------------------------------------------------------------------------- reading

class _Body:
    """The export's cells (text) in the columns this reader uses, and how to name their rows."""

    def __init__(self, frame: pd.DataFrame, header: list[str], kind: str, first_row: int,
                 line_of=None):
        self.frame = frame          # columns: roles; values: str ("" when empty)
        self.header = header        # header cells as written
        self.kind = kind            # "csv", "xlsx", "json"
        self.first_row = first_row  # file line / sheet row of the first data row (1-based)
        self._line_of = line_of

    def rows(self, positions) -> tuple[int, ...]:
        """File line numbers (spreadsheet rows; JSON: record numbers) of 0-based body rows."""
        pos = [int(p) for p in positions]
        if self._line_of is not None:
            return tuple(self._line_of(pos))
        return tuple(self.first_row + p for p in pos)


def _roles(header: list[str]) -> tuple[dict[str, int], dict]:
    """Column position of each role (first occurrence) and facts about the header."""
    pos: dict[str, int] = {}
    facts = {"currency_header": None, "spend_header": None, "breakdowns": [], "french": False,
             "api": False}
    for i, h in enumerate(header):
        n = norm_header(h)
        m = _SPEND_RE.match(n)
        if m and "spend" not in pos:
            pos["spend"] = i
            facts["spend_header"] = h
            facts["currency_header"] = m.group(2).upper() if m.group(2) else None
            continue
        role = ROLES.get(n)
        if role == "spend_api":
            role = "spend" if "spend" not in pos else None
            facts["api"] = True
        if role and role not in pos:
            pos[role] = i
        if n in ("date_start", "campaign_name", "date_stop"):
            facts["api"] = True
        if n in BREAKDOWNS:
            facts["breakdowns"].append(BREAKDOWNS[n])
        if n in _FRENCH_HINTS:
            facts["french"] = True
    return pos, facts


def _csv_body(raw: RawFile) -> _Body:
    lines = [ln for ln in head_text(raw).splitlines() if ln.strip()]
    pos, _ = _roles(split_line(lines[0]) if lines else [])
    if "campaign" in pos:  # ad set and ad names only stand in for a missing campaign name
        pos = {r: i for r, i in pos.items() if r not in ("adset", "ad")}
    numeric = tuple(pos[r] for r in ("spend", "impressions", "link_clicks", "clicks_all") if r in pos)
    df, header, line_of = read_columns(raw, list(pos.values()), numeric)
    inv = {i: role for role, i in pos.items()}
    df.columns = [inv[i] for i in df.columns]
    return _Body(df, header, "csv", 2, line_of)


def _xlsx_body(raw: RawFile) -> _Body:
    found = next(((s, i, c) for s, i, c in _xlsx_rows(raw) if _is_meta_header(c)), None)
    if found is None:
        raise refuse(raw.name, "no Meta header row in the workbook's first rows", code="bad_export")
    sheet, hrow, header = found
    pos, _ = _roles(header)
    use = sorted(set(pos.values()))
    df = pd.read_excel(io.BytesIO(raw.data), sheet_name=sheet, header=None, skiprows=hrow + 1,
                       usecols=use, dtype=object, engine="openpyxl")
    df = df.reindex(columns=use)
    df = df.astype(object).where(df.notna(), "")
    for c in df.columns:
        df[c] = [_xlsx_text(v) for v in df[c]] if len(df) else df[c]
    blank = (df == "").all(axis=1) if len(df) else pd.Series([], dtype=bool)
    keep = ~blank.to_numpy()
    sheet_rows = np.arange(len(df)) + hrow + 2
    df = df.loc[keep].reset_index(drop=True)
    rows_kept = sheet_rows[keep]
    inv = {i: role for role, i in pos.items()}
    df.columns = [inv[i] for i in use]
    return _Body(df, header, "xlsx", hrow + 2, lambda ps: [int(rows_kept[p]) for p in ps])


def _xlsx_text(v) -> str:
    if isinstance(v, dt.datetime | pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _json_body(raw: RawFile) -> _Body:
    try:
        doc = json.loads(raw.text)
    except ValueError as exc:
        raise DataValidationError([DataProblem(raw.name, f"not valid JSON ({exc})", code="bad_json")]
                                  ) from None
    records = doc.get("data", []) if isinstance(doc, dict) else doc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise refuse(raw.name, "Marketing API JSON without a list of insight records ('data')",
                     code="bad_export")
    header = list(dict.fromkeys(k for r in records for k in r))
    pos, _ = _roles(header)
    frame = pd.DataFrame({role: ["" if r.get(header[i]) is None else str(r.get(header[i]))
                                 for r in records] for role, i in pos.items()})
    return _Body(frame, header, "json", 1)


def _numbers(body: _Body, role: str, label: str, problems: list[DataProblem], path: str,
             mask: np.ndarray | None = None) -> np.ndarray:
    """Floats of a metric column, empty = 0; bad cells (in ``mask`` rows) become problems."""
    s = body.frame[role]
    if pd.api.types.is_float_dtype(s):  # parsed by the CSV reader: empty = 0
        return np.nan_to_num(s.to_numpy(dtype=float), nan=0.0)
    vals = np.array(pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    failed = np.isnan(vals) & ~s.isin(MISSING_TOKENS).to_numpy()
    if failed.any():  # few cells: thousands separators, currency signs...
        idx = np.flatnonzero(failed)
        again, bad = parse_amounts(s.to_numpy()[idx])
        vals[idx] = again
        bad_idx = idx[bad]
        if mask is not None:
            bad_idx = bad_idx[mask[bad_idx]]
        if len(bad_idx):
            sample = ", ".join(repr(v) for v in s.to_numpy()[bad_idx[:3]])
            problems.append(DataProblem(path, f"expected a number, got {sample}", label,
                                        body.rows(bad_idx[:20]), code="bad_number"))
    return np.nan_to_num(vals, nan=0.0)


def _dates(body: _Body, role: str, label: str, problems: list[DataProblem], path: str,
           need: np.ndarray) -> np.ndarray:
    """Days of a date column as ``datetime64[D]`` (NaT when empty); unreadable non-empty cells
    and empty cells where ``need`` is true become problems."""
    s = body.frame[role].str.strip()
    codes, uniq = pd.factorize(s.to_numpy(dtype=object))  # a few hundred distinct days at most
    parsed = np.array([np.datetime64(d) if (d := parse_day(u)) else np.datetime64("NaT")
                       for u in uniq], dtype="datetime64[D]")
    days = parsed[codes] if len(s) else np.zeros(0, dtype="datetime64[D]")
    nat = np.isnat(days)
    bad = nat & ((s != "").to_numpy() | need)
    if bad.any():
        idx = np.flatnonzero(bad)
        sample = ", ".join(repr(v) for v in s.to_numpy()[idx[:3]])
        problems.append(DataProblem(path, f"expected a date (YYYY-MM-DD), got {sample}", label,
                                    body.rows(idx[:20]), code="bad_date"))
    return days


def _label(body: _Body, role: str) -> str:
    pos, _ = _roles(body.header)
    return body.header[pos[role]].replace("\ufeff", "").strip()


def read(raw: RawFile, ctx: ReadContext) -> Import:
    """Read a Meta export into a ``spend`` table (campaign x day, channel ``Paid Social``).

    Returns
    -------
    Import
        ``tables["spend"]``: ``date``, ``channel``, ``campaign``, ``category`` (``media``),
        ``cost`` (export currency), ``impressions``, ``clicks``; ``totals`` ``cost``,
        ``impressions``, ``clicks`` of the kept rows; ``period`` from ``Reporting starts`` /
        ``Reporting ends`` (else the days); ``currency`` from the header or ``Currency`` column.

    Raises
    ------
    DataValidationError
        No amount-spent column, no campaign / ad set / ad name, no date column (refused by name,
        with what to add to the export); unreadable numbers or dates (file, rows, column); several
        currencies in one export.
    """
    path = raw.name
    if raw.is_excel:
        body = _xlsx_body(raw)
    elif head_text(raw).lstrip()[:1] in ("{", "["):
        body = _json_body(raw)
    else:
        body = _csv_body(raw)
    pos, facts = _roles(body.header)
    df = body.frame
    imp = Import(path, FORMAT, {})
    n = len(df)
    imp.rows.read = n

    level = "ad" if "ad" in pos else "ad set" if "adset" in pos else "campaign"
    layout = ("Marketing API insights" if facts["api"] else
              "Ads Reporting export" if ("day" in pos or raw.data.startswith(b"\xef\xbb\xbf"))
              else "Ads Manager export")
    parts = [f"{level} level"] + ([", ".join(facts["breakdowns"]) + " breakdown"]
                                  if facts["breakdowns"] else [])
    imp.report = f"{layout} ({', '.join(parts)})"
    imp.currency = facts["currency_header"]

    # "No data available." : one row, one cell.
    if n <= 1:
        first = " ".join(v for v in (df.iloc[0].tolist() if n else []) if isinstance(v, str) and v)
        first = first.strip().lower()
        if n == 1 and first.rstrip(".") in _NO_DATA:
            imp.rows.drop("no data row", 1)
            imp.warn("the export says 'No data available.': no delivery in its period, no spend "
                     "read", code="no_data")
            imp.tables["spend"] = spend_frame([], [], [], [])
            imp.totals = {"cost": 0.0, "impressions": 0.0, "clicks": 0.0}
            return imp

    spend_name = "Montant dépensé" if facts["french"] else "Amount spent"
    if "spend" not in pos:
        raise refuse(path, f"Meta {imp.report}: this export has no '{spend_name}' column: add it "
                           "to the columns and export again", code="missing_spend")
    name_role = next((r for r in ("campaign", "adset", "ad") if r in pos), None)
    if name_role is None:
        cname = "Nom de la campagne" if facts["french"] else "Campaign name"
        raise refuse(path, f"Meta {imp.report}: this export has no '{cname}' column: add it to "
                           "the columns and export again", code="missing_campaign")
    if not ({"day", "start"} & set(pos)):
        raise refuse(path, f"Meta {imp.report}: this export has no 'Reporting starts' / 'Day' "
                           "column: export with Breakdown > By time > Day", code="missing_dates")
    if name_role != "campaign":
        imp.warn(f"no 'Campaign name' column: spend is grouped by '{_label(body, name_role)}' "
                 "instead (add Campaign name to the columns to group by campaign)",
                 code="no_campaign_column")

    names = df[name_role].str.strip()
    empty = blank_rows(df)
    total_row = (names == "").to_numpy() & ~empty
    data = ~empty & ~total_row
    imp.rows.drop("empty", int(empty.sum()))
    imp.rows.drop("account-total row", int(total_row.sum()))
    imp.rows.kept = int(data.sum())

    problems: list[DataProblem] = []
    cost = _numbers(body, "spend", _label(body, "spend"), problems, path, ~empty)
    impressions = (_numbers(body, "impressions", _label(body, "impressions"), problems, path, ~empty)
                   if "impressions" in pos else None)
    click_role = "link_clicks" if "link_clicks" in pos else "clicks_all" if "clicks_all" in pos else None
    clicks = (_numbers(body, click_role, _label(body, click_role), problems, path, ~empty)
              if click_role else None)
    day = _dates(body, "day", _label(body, "day"), problems, path, np.zeros(n, bool)) \
        if "day" in pos else np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    no_day = np.isnat(day)
    if "start" in pos:
        start = _dates(body, "start", _label(body, "start"), problems, path, data & no_day)
        end = (_dates(body, "end", _label(body, "end"), problems, path, data & no_day)
               if "end" in pos else start)
    else:
        start = end = day
        missing = data & no_day
        if missing.any():
            problems.append(DataProblem(path, "expected a date, got an empty cell",
                                        _label(body, "day"), body.rows(np.flatnonzero(missing)[:20]),
                                        code="bad_date"))
    if not problems:
        flipped = data & no_day & ~np.isnat(start) & ~np.isnat(end) & (end < start)
        if flipped.any():
            problems.append(DataProblem(path, "the reporting end is before its start",
                                        _label(body, "end"), body.rows(np.flatnonzero(flipped)[:20]),
                                        code="bad_date"))
    currency = _currency(body, pos, facts, problems, path, ~empty)
    if problems:
        raise DataValidationError(problems)
    imp.currency = currency

    if "account" in pos or "account_id" in pos:
        acc = df["account" if "account" in pos else "account_id"].str.strip()
        accounts = sorted(set(acc[~empty]) - {""})
        if len(accounts) == 1:
            imp.account = accounts[0]
        elif len(accounts) > 1:
            imp.warn(f"the export holds {len(accounts)} ad accounts ({', '.join(accounts[:5])}): "
                     "their campaigns are read together", code="several_accounts")

    d0 = np.where(no_day, start, day)
    d1 = np.where(no_day, end, day)
    daily = bool((d0[data] == d1[data]).all())
    imp.report = imp.report[:-1] + (", by day)" if daily else ", over the reporting range)")
    rng0 = start if "start" in pos else day
    rng1 = end if "start" in pos else day
    known = ~empty & ~np.isnat(rng0)
    if known.any():
        imp.period = (pd.Timestamp(rng0[known].min()).date(), pd.Timestamp(rng1[known].max()).date())

    nan = np.full(n, np.nan)
    rows = pd.DataFrame({
        "campaign": names.to_numpy(dtype=object), "d0": d0, "d1": d1, "cost": cost,
        "impressions": nan if impressions is None else impressions,
        "clicks": nan if clicks is None else clicks,
    })
    kept = rows.loc[data]
    imp.totals = {"cost": float(kept["cost"].sum())}
    if impressions is not None:
        imp.totals["impressions"] = float(kept["impressions"].sum())
    if clicks is not None:
        imp.totals["clicks"] = float(kept["clicks"].sum())
    _reconcile(imp, body, rows, total_row, data, day, "day" in pos)

    if body.kind == "csv":
        _warn_if_cut(raw, imp, len(body.header))
    imp.tables["spend"] = _spend(imp, kept)
    return imp


def _warn_if_cut(raw: RawFile, imp: Import, width: int) -> None:
    got = short_last_row(raw, width)
    if got is not None:
        imp.warn(f"the last row has {got} fields where the header has {width}: the file was "
                 "probably cut during the download; export it again", code="truncated_export")


def _currency(body: _Body, pos, facts, problems, path, mask) -> str | None:
    header_cur = facts["currency_header"]
    col_cur = None
    if "currency" in pos:
        vals = body.frame["currency"].str.strip().str.upper()[mask]
        seen = sorted(set(vals) - {""})
        if len(seen) > 1:
            problems.append(DataProblem(path, f"the export mixes currencies {', '.join(seen)}: "
                                        "export each ad account separately", _label(body, "currency"),
                                        code="mixed_currency"))
            return None
        col_cur = seen[0] if seen else None
    if header_cur and col_cur and header_cur != col_cur:
        problems.append(DataProblem(path, f"'{facts['spend_header']}' says {header_cur} but the "
                                    f"currency column says {col_cur}", _label(body, "currency"),
                                    code="mixed_currency"))
        return None
    return header_cur or col_cur


def _reconcile(imp: Import, body: _Body, rows: pd.DataFrame, total_row: np.ndarray,
               data: np.ndarray, day: np.ndarray, by_day: bool) -> None:
    """Compare the account-total row(s) with the sum of the other rows; warn when they differ."""
    if not total_row.any():
        return
    idx = np.flatnonzero(total_row)
    overall = [i for i in idx if np.isnat(day[i])] if by_day else list(idx)
    checks: list[tuple[int, np.ndarray, str]] = []
    if overall:
        checks.append((overall[0], data, "the export"))
    if by_day:
        seen = set()
        for i in idx:
            if not np.isnat(day[i]) and day[i] not in seen:
                seen.add(day[i])
                checks.append((i, data & (day == day[i]), str(day[i])))
    cur = f" {imp.currency}" if imp.currency else ""
    for i, sel, what in checks:
        for col, tol_abs in (("cost", 0.01), ("impressions", 0.5)):
            tot = float(rows[col].iloc[i])
            got = float(rows.loc[sel, col].sum())
            if np.isnan(tot):
                continue
            if abs(tot - got) > tol_abs + 1e-6 * abs(tot):
                unit = cur if col == "cost" else ""
                imp.warn(f"the rows of {what} add up to {col} {got:,.2f}{unit} but the export's own "
                         f"account total says {tot:,.2f}{unit}: the file was probably cut or "
                         "filtered; export it again", column=col, rows=body.rows([i]),
                         code="totals_mismatch")


def _spend(imp: Import, kept: pd.DataFrame) -> pd.DataFrame:
    """Campaign x day spend from the kept rows (ranges spread evenly over their days)."""
    values = ("cost", "impressions", "clicks")
    if kept.empty:
        return spend_frame([], [], [], [])
    g = (kept.groupby(["campaign", "d0", "d1"], sort=False, dropna=False)[list(values)]
         .sum(min_count=1).reset_index())
    daily = g[g["d0"] == g["d1"]].rename(columns={"d0": "date"}).drop(columns="d1")
    ranged = g[g["d0"] != g["d1"]]
    parts = [daily]
    if not ranged.empty:
        for (a, b), chunk in ranged.groupby(["d0", "d1"], sort=True):
            a, b = pd.Timestamp(a).date(), pd.Timestamp(b).date()
            spread = spread_over_days(chunk.drop(columns=["d0", "d1"]).reset_index(drop=True),
                                      a, b, values)
            parts.append(spread)
            imp.warn(f"no daily breakdown: {len(chunk)} campaign(s) cover {a.isoformat()} .. "
                     f"{b.isoformat()} as one row; their spend is spread evenly over the "
                     f"{(b - a).days + 1} days, so daily detail is approximate (export with "
                     "Breakdown > By time > Day for exact days)", code="spread_over_days")
    out = pd.concat(parts, ignore_index=True)
    out["date"] = pd.to_datetime(out["date"])
    out = (out.groupby(["date", "campaign"], sort=True)[list(values)].sum(min_count=1)
           .reset_index())
    return spend_frame(out["date"], CHANNEL, out["campaign"].to_numpy(dtype=object),
                       out["cost"], out["impressions"], out["clicks"])
