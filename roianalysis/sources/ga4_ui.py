"""GA4 report downloads (Reports or Explorations > Share / Download > CSV) -> ``traffic``.

Layouts read
------------
*Reports* (Traffic acquisition, User acquisition, overview cards) start with a ``#`` preamble::

    # ----------------------------------------
    # Traffic acquisition: Session primary channel group (Default Channel Group)
    # Account: <account>
    # Property: <property>
    # ----------------------------------------
    #
    # All Users                      <- segment / comparison line, sometimes absent
    # Start date: 20250101
    # End date: 20251212
    Session primary channel group (Default Channel Group),Date,Sessions,...

Overview downloads (``Acquisition overview``, ``Reports snapshot``) hold several tables, each
with its own ``#`` block and one blank line between tables. Every table that can give traffic
by channel is read; the others (``Nth week`` x ``Active users``, ``Cohort``, landing pages...)
are named in a warning and their rows counted as dropped (``table without traffic by channel``).

*Explorations* have ``# <property>``, ``# <exploration>-<tab>``, ``# 20241122-20260120`` and a
blank line; their first data row is the grand total (empty first dimension and one field more
than the header, ``Grand total``): it is dropped as ``totals row`` and used to reconcile the data
rows (a difference means the download was cut, e.g. by the exploration's row limit).

Line endings may be CRLF, LF or lone CR (:attr:`RawFile.lines` splits on all three).

Mapping
-------
- ``channel``: the value of a channel-group dimension (``Session primary channel group (Default
  Channel Group)``, ``First user primary channel group ...``, older ``Session default channel
  group``): GA4's names are already the project's vocabulary. Without one, the channel is
  :func:`~roianalysis.sources.channels.default_channel_group` of the source / medium /
  campaign dimensions. ``(not set)`` is a missing value.
- metrics: ``sessions`` (Sessions), ``engaged_sessions`` (Engaged sessions), ``users`` (Active
  users, else Total users, else Users), ``new_users``, ``key_events`` (Key events, older
  Conversions), ``revenue`` (Total revenue, else Purchase revenue). Numbers are GA4's raw floats.
  Rates and averages (engagement rate, key event rate, durations) are not traffic and are not
  read.
- time: ``Date`` (``YYYYMMDD``) gives daily rows. Any other time dimension is a partition of the
  export's days, and each row is spread evenly over the days of its part (the warning says daily
  detail is approximate):

  * ``Week``: GA4's week of the year, ``01``..``53``; weeks run Sunday to Saturday and 1 January
    is always in week ``01`` (so week 01 is short unless 1 January is a Sunday). Over a range
    that spans several years the same week number of each year is one row, and it is spread
    over all those days;
  * ``ISO week of the year`` (Monday weeks), ``Month`` (01..12), ``Year``, ``Day`` (day of the
    month), ``Day of week`` (0 = Sunday), ``Year month`` (YYYYMM);
  * ``Nth day`` / ``Nth week`` / ``Nth month``: days / 7-day blocks / calendar months since the
    start date (``0000`` starts on the start date);
  * no time dimension: spread over the whole date range.

- other dimensions (country, device, landing page...) are summed over. ``users`` summed over
  channels or such dimensions counts a user once per row (GA4 de-duplicates users only within
  one row); sessions, key events and revenue add up exactly.

Reports that cannot give traffic by channel (Pages and screens, Events, Landing page without a
channel, a landing-page exploration...) are refused by name, with what to export instead.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.sources.base import Import, RawFile, ReadContext, refuse
from roianalysis.sources.channels import default_channel_group
from roianalysis.sources.text import MISSING_TOKENS, csv_table, parse_amounts, snake

__all__ = ["FORMAT", "TRAFFIC_COLUMNS", "detect", "read"]

FORMAT = "ga4_ui"

#: Canonical columns of the traffic table, in order.
TRAFFIC_COLUMNS = ("date", "channel", "source", "medium", "campaign", "sessions", "engaged_sessions",
                   "users", "new_users", "key_events", "revenue")
METRICS = TRAFFIC_COLUMNS[5:]
#: Metrics that add up over rows (users do not: a user can be in several rows).
ADDITIVE = ("sessions", "engaged_sessions", "new_users", "key_events", "revenue")

WHAT_TO_EXPORT = ("export Reports > Acquisition > Traffic acquisition (or User acquisition), add the "
                  "Date dimension (the + next to the first column), then Share this report > "
                  "Download file > Download CSV")

_START = re.compile(r"^#\s*(?:start date|date de d[ée]but)\s*:\s*(\d{8})\s*$", re.I)
_END = re.compile(r"^#\s*(?:end date|date de fin)\s*:\s*(\d{8})\s*$", re.I)
_RANGE = re.compile(r"^#\s*(\d{8})\s*-\s*(\d{8})\s*$")
_ACCOUNT = re.compile(r"^#\s*(?:account|compte)\s*:\s*(.+?)\s*$", re.I)
_PROPERTY = re.compile(r"^#\s*(?:property|propri[ée]t[ée])\s*:\s*(.+?)\s*$", re.I)
_RULE = re.compile(r"^#\s*-{8,}\s*$")

# Metric header (snake_case) -> canonical metric, in order of preference per metric.
_METRIC_NAMES: dict[str, tuple[str, ...]] = {
    "sessions": ("sessions",),
    "engaged_sessions": ("engaged_sessions", "sessions_avec_engagement"),
    "users": ("active_users", "utilisateurs_actifs", "total_users", "nombre_total_d_utilisateurs",
              "total_des_utilisateurs", "users", "utilisateurs"),
    "new_users": ("new_users", "nouveaux_utilisateurs"),
    "key_events": ("key_events", "evenements_cles", "conversions"),
    "revenue": ("total_revenue", "revenu_total", "revenus_totaux", "purchase_revenue",
                "revenus_generes_par_les_achats", "revenu_genere_par_les_achats"),
}
_ALL_METRIC_NAMES = {n: m for m, names in _METRIC_NAMES.items() for n in names}

# Time dimensions (snake_case header) -> kind.
_TIME_DIMS = {
    "date": "date", "date_hour_yyyymmddhh": "date_hour", "date_hour": "date_hour",
    "date_et_heure_aaaammjjhh": "date_hour",
    "week": "week", "semaine": "week",
    "iso_week_of_the_year": "isoweek", "iso_week": "isoweek",
    "month": "month", "mois": "month",
    "year": "year", "annee": "year",
    "day": "day", "jour": "day",
    "day_of_week": "dow", "jour_de_la_semaine": "dow",
    "year_month": "yearmonth", "annee_mois": "yearmonth",
    "nth_day": "nthday", "n_ieme_jour": "nthday", "nieme_jour": "nthday", "jour_n": "nthday",
    "nth_week": "nthweek", "n_ieme_semaine": "nthweek", "nieme_semaine": "nthweek",
    "semaine_n": "nthweek",
    "nth_month": "nthmonth", "n_ieme_mois": "nthmonth", "nieme_mois": "nthmonth", "mois_n": "nthmonth",
}

# Dimensions recognised as "this report is not about traffic by channel" (for the refusal).
_PAGE_DIMS = ("page", "screen", "landing", "event", "ecran", "evenement", "item", "article", "cohort",
              "cohorte")


def _is_channel_group(key: str) -> bool:
    return "channel_group" in key or "groupe_de_canaux" in key


def _scope(key: str) -> int:
    """Preference of a dimension's scope: session first, then first user, then the rest."""
    if key.startswith("session") or "de_la_session" in key or "_session" in key:
        return 0
    if key.startswith("first_user") or "premier" in key or "first" in key:
        return 1
    return 2


def _role(key: str) -> str | None:
    """What a dimension header is: channel, source_medium, source, medium, campaign, or None."""
    if _is_channel_group(key):
        return "channel"
    if "google_ads" in key or "cm360" in key or "dv360" in key or "sa360" in key:
        return None  # platform-specific dimensions: only that platform's traffic
    if ("source_medium" in key or "source_support" in key) and "platform" not in key:
        return "source_medium"
    if key.endswith("campaign") or key.endswith("campaign_name") or key.endswith("campagne") \
            or key.startswith("campagne"):
        return "campaign"
    if key.endswith("medium") or key.endswith("support") or key.startswith("support"):
        return "medium"
    if (key.endswith("source") or key.startswith("source")) and "platform" not in key:
        return "source"
    return None


def detect(raw: RawFile) -> bool:
    """A GA4 download: a ``#`` preamble with ``Start date:`` (reports) or a ``# YYYYMMDD-YYYYMMDD``
    line after a ``# ----`` rule (explorations)."""
    if raw.is_excel or raw.is_parquet:
        return False
    # decode the start only: a large JSON export must not be decoded whole to be ruled out
    start = raw.prefix[:8192]
    enc = raw.encoding
    head = start.decode("utf-8" if enc == "utf-8-sig" else enc, errors="ignore").splitlines()[:14]
    if not head or not head[0].lstrip("\ufeff").startswith("#"):
        return False
    head = [h.lstrip("\ufeff") for h in head]
    if any(_START.match(h) for h in head) and any(_END.match(h) for h in head):
        return True
    return bool(_RULE.match(head[0])) and any(_RANGE.match(h) for h in head)


class _Section:
    """One table of the download: its preamble facts, header line index and row span."""

    def __init__(self):
        self.comments: list[str] = []
        self.start: dt.date | None = None
        self.end: dt.date | None = None
        self.header: int | None = None  # 0-based line index
        self.stop: int | None = None
        self.title: str | None = None


def _day(s: str) -> dt.date | None:
    try:
        return dt.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        return None


def _sections(lines: list[str]) -> list[_Section]:
    out: list[_Section] = []
    cur = _Section()
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i].lstrip("\ufeff") if i == 0 else lines[i]
        if line.startswith("#"):
            if cur.header is not None:  # a new block right after a table without blank line
                out.append(cur)
                cur = _Section()
            cur.comments.append(line)
            if m := _START.match(line):
                cur.start = _day(m[1])
            elif m := _END.match(line):
                cur.end = _day(m[1])
            elif m := _RANGE.match(line):
                cur.start, cur.end = _day(m[1]), _day(m[2])
            i += 1
            continue
        if not line.strip():
            if cur.header is not None:
                cur.stop = i
                out.append(cur)
                cur = _Section()
            i += 1
            continue
        if cur.header is None:
            cur.header = i
        i += 1
    if cur.header is not None:
        cur.stop = n
        out.append(cur)
    for s in out:
        if s.stop is None:
            s.stop = n
        texts = [c.lstrip("#").strip() for c in s.comments]
        texts = [t for t in texts if t and not t.startswith("---") and not _START.match("#" + t)
                 and not _END.match("#" + t) and not _RANGE.match("# " + t)
                 and not _ACCOUNT.match("# " + t) and not _PROPERTY.match("# " + t)]
        s.title = texts[0] if texts else None
    return out


def _preamble_facts(lines: list[str]) -> tuple[str | None, str | None, bool]:
    """(report title, property/account, is an exploration) from the first ``#`` block."""
    block = []
    for line in lines:
        line = line.lstrip("\ufeff")
        if not line.startswith("#"):
            break
        block.append(line)
    account = prop = None
    for line in block:
        if m := _ACCOUNT.match(line):
            account = m[1]
        elif m := _PROPERTY.match(line):
            prop = m[1]
    exploration = not any(_START.match(b) for b in block) and any(_RANGE.match(b) for b in block)
    texts = [b.lstrip("#").strip() for b in block]
    texts = [t for t in texts if t and not t.startswith("---")]
    if exploration:
        # '# <property>', '# <exploration>-<tab>', '# YYYYMMDD-YYYYMMDD'
        prop = prop or (texts[0] if texts and not _RANGE.match("# " + texts[0]) else None)
        title = texts[1] if len(texts) > 1 and not _RANGE.match("# " + texts[1]) else None
    else:
        title = texts[0] if texts and not _ACCOUNT.match("# " + texts[0]) else None
    return title, prop or account, exploration


class _Plan:
    """How one table maps to traffic (or why it cannot)."""

    def __init__(self, frame: pd.DataFrame, header: list[str]):
        self.frame = frame
        self.keys = [snake(h) for h in header]
        self.names = list(frame.columns[: len(header)])
        self.metrics: dict[str, str] = {}   # canonical metric -> column name
        self.time: list[tuple[str, str]] = []  # (column name, kind)
        self.roles: dict[str, str] = {}      # role -> column name
        self.other_dims: list[str] = []
        self.first_dim: str | None = self.names[0] if self.names else None
        best_scope: dict[str, int] = {}
        for name, key in zip(self.names, self.keys, strict=True):
            if key in _ALL_METRIC_NAMES:
                m = _ALL_METRIC_NAMES[key]
                rank = _METRIC_NAMES[m].index(key)
                prev = self.metrics.get(m)
                if prev is None or rank < _METRIC_NAMES[m].index(snake(prev.split(".")[0])):
                    self.metrics[m] = name
                continue
            if key in _TIME_DIMS:
                self.time.append((name, _TIME_DIMS[key]))
                continue
            role = _role(key)
            if role is None:
                if not self._numeric(name):
                    self.other_dims.append(name)
                continue
            sc = _scope(key)
            if role not in best_scope or sc < best_scope[role]:
                best_scope[role] = sc
                self.roles[role] = name
            else:
                self.other_dims.append(name)

    def _numeric(self, name: str) -> bool:
        _, bad = parse_amounts(self.frame[name])
        return not bad.any()

    @property
    def by_channel(self) -> bool:
        return "channel" in self.roles or "source_medium" in self.roles or (
            "source" in self.roles and "medium" in self.roles)

    @property
    def gives_traffic(self) -> bool:
        return self.by_channel and bool(self.metrics)

    @property
    def shape(self) -> tuple:
        """Keys of the rows this table gives (tables of the same shape can be merged)."""
        return (tuple(sorted(k for _, k in self.time)), tuple(sorted(
            "channel" if r in ("channel",) else r for r in self.roles)))


def _bad_cells(path: str, column: str, lines, message: str) -> DataProblem:
    return DataProblem(path, message, column, tuple(int(x) for x in lines), "bad_value")


def _time_keys(kind: str, days: pd.DatetimeIndex, start: dt.date) -> np.ndarray:
    """The integer key of each day for one time dimension (see the module docstring)."""
    s = pd.Timestamp(start)
    if kind in ("date", "date_hour"):
        return (days.year * 10000 + days.month * 100 + days.day).to_numpy()
    if kind == "week":  # GA4: Sunday weeks, 1 January in week 01
        jan1 = pd.to_datetime({"year": days.year, "month": 1, "day": 1})
        offset = (jan1.dt.dayofweek.to_numpy() + 1) % 7  # days from the Sunday before 1 January
        return (days.dayofyear.to_numpy() - 1 + offset) // 7 + 1
    if kind == "isoweek":
        return days.isocalendar().week.to_numpy().astype(int)
    if kind == "month":
        return days.month.to_numpy()
    if kind == "year":
        return days.year.to_numpy()
    if kind == "day":
        return days.day.to_numpy()
    if kind == "dow":  # GA4: 0 = Sunday
        return (days.dayofweek.to_numpy() + 1) % 7
    if kind == "yearmonth":
        return (days.year * 100 + days.month).to_numpy()
    if kind == "nthday":
        return (days - s).days.to_numpy()
    if kind == "nthweek":
        return (days - s).days.to_numpy() // 7
    if kind == "nthmonth":
        return ((days.year - s.year) * 12 + days.month - s.month).to_numpy()
    raise ValueError(kind)


def _int_cells(values: pd.Series, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Cells of a time dimension as integers (``YYYYMMDDHH`` -> ``YYYYMMDD``) and a bad mask."""
    text = values.astype(str).str.strip()
    ok = text.str.fullmatch(r"\d+")
    out = np.zeros(len(text), dtype=np.int64)
    out[ok.to_numpy()] = text[ok].astype(np.int64).to_numpy()
    if kind == "date_hour":
        out = out // 100
    bad = ~ok.to_numpy()
    if kind in ("date", "date_hour"):
        bad |= (out < 19000101) | (out > 29991231)
    return out, bad


def _traffic(plan: _Plan, sec: _Section, path: str, period: tuple[dt.date, dt.date] | None,
             errors: list[DataProblem]) -> tuple[pd.DataFrame, bool]:
    """The table's rows as traffic (before aggregation); and whether values were spread."""
    f = plan.frame
    n = len(f)
    out = pd.DataFrame(index=range(n))
    for m in METRICS:
        col = plan.metrics.get(m)
        if col is None:
            out[m] = np.nan
            continue
        vals, bad = parse_amounts(f[col], percent_as_fraction=True)
        if bad.any():
            errors.append(_bad_cells(path, col, f["_line"][bad], "expected a number"))
        out[m] = vals

    def text(role: str) -> pd.Series:
        col = plan.roles.get(role)
        if col is None:
            return pd.Series([None] * n, dtype=object)
        s = f[col].astype(str).str.strip()
        return s.where(~s.isin(MISSING_TOKENS), None).astype(object)

    source, medium = text("source"), text("medium")
    if "source_medium" in plan.roles:
        sm = text("source_medium")
        parts = sm.str.split(r"\s+/\s+", n=1, regex=True)
        src = parts.str[0].where(sm.notna(), None)
        med = parts.str[1].where(sm.notna(), None)
        source = source.where(source.notna(), src)
        medium = medium.where(medium.notna(), med)
        for s in (source, medium):
            s[s.isin(MISSING_TOKENS)] = None
    campaign = text("campaign")
    channel = text("channel")
    if channel.isna().any():
        miss = channel.isna()
        derived = [default_channel_group(a, b, c)
                   for a, b, c in zip(source[miss], medium[miss], campaign[miss], strict=True)]
        channel[miss] = derived
    out["channel"] = channel.to_numpy(dtype=object)
    out["source"] = source.to_numpy(dtype=object)
    out["medium"] = medium.to_numpy(dtype=object)
    out["campaign"] = campaign.to_numpy(dtype=object)
    out["_line"] = f["_line"].to_numpy()

    start, end = (sec.start, sec.end) if sec.start and sec.end else (period or (None, None))
    date_dims = [(c, k) for c, k in plan.time if k in ("date", "date_hour")]
    if date_dims:
        col, kind = date_dims[0]
        keys, bad = _int_cells(f[col], kind)
        dates = pd.to_datetime(pd.Series(keys).astype(str), format="%Y%m%d", errors="coerce")
        bad |= dates.isna().to_numpy()
        if bad.any():
            errors.append(_bad_cells(path, col, f["_line"][bad], "expected a date YYYYMMDD"))
        out["date"] = dates.to_numpy(dtype="datetime64[us]")
        return out, False
    if start is None or end is None:
        errors.append(DataProblem(path, "no 'Start date' / 'End date' lines in the '#' preamble "
                                  "and no Date dimension: the days of the rows are unknown; "
                                  + WHAT_TO_EXPORT, code="missing_period"))
        return out.assign(date=pd.NaT), False
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    day_arr = days.to_numpy(dtype="datetime64[us]")
    names = tuple(c for c, _ in plan.time)
    day_cols, row_cols = [np.zeros(len(days), dtype=np.int64)], [np.zeros(n, dtype=np.int64)]
    for col, kind in plan.time:
        day_cols.append(np.asarray(_time_keys(kind, days, start), dtype=np.int64))
        vals, bad = _int_cells(f[col], kind)
        if bad.any():
            errors.append(_bad_cells(path, col, f["_line"][bad], "expected a zero-padded number"))
        row_cols.append(vals)
    groups: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(*day_cols, strict=True)):
        groups.setdefault(key, []).append(i)
    row_keys = list(zip(*row_cols, strict=True))
    missing = np.array([k not in groups for k in row_keys], dtype=bool)
    if missing.any():
        errors.append(_bad_cells(path, names[0] if names else plan.first_dim, f["_line"][missing],
                                 f"no day of the export's range {start:%Y-%m-%d} .. {end:%Y-%m-%d} "
                                 f"has this {' x '.join(names) or 'period'} value"))
        return out.assign(date=pd.NaT), True
    k = np.array([len(groups[key]) for key in row_keys], dtype=np.int64)
    rep = out.loc[out.index.repeat(k)].reset_index(drop=True)
    idx = np.concatenate([groups[key] for key in row_keys]) if n else np.array([], dtype=np.int64)
    rep["date"] = day_arr[idx]
    share = np.repeat(1.0 / np.maximum(k, 1), k)
    for m in METRICS:
        rep[m] = rep[m].to_numpy(dtype=float) * share
    return rep, True


def _aggregate(frame: pd.DataFrame) -> pd.DataFrame:
    keys = ["date", "channel", "source", "medium", "campaign"]
    g = frame.groupby(keys, dropna=False, sort=True)[list(METRICS)].sum(min_count=1)
    return g.reset_index()


def read(raw: RawFile, ctx: ReadContext) -> Import:
    """Read a GA4 report or exploration download into the ``traffic`` table.

    Returns
    -------
    Import
        ``tables["traffic"]``: one row per date x channel x source x medium x campaign (the
        dimensions the report has; the others are missing) with ``sessions``,
        ``engaged_sessions``, ``users``, ``new_users``, ``key_events``, ``revenue`` (floats, NaN
        when the report lacks the metric). ``totals`` are the sums of the kept rows as read;
        ``period`` the preamble's date range; ``account`` the GA4 property.

    Raises
    ------
    DataValidationError
        A report that cannot give traffic by channel (named, with what to export instead), or
        cells that are not numbers / dates (file line numbers and column).
    """
    path = raw.name
    lines = raw.lines
    title, account, exploration = _preamble_facts(lines)
    sections = _sections(lines)
    imp = Import(path, FORMAT, {}, currency=None, report=title, account=account)
    kind = "exploration" if exploration else "report"
    if not sections:
        raise refuse(path, f"GA4 {kind} '{title or '?'}' holds no table: {WHAT_TO_EXPORT}",
                     code="empty_export")

    errors: list[DataProblem] = []
    plans: list[tuple[_Section, _Plan]] = []
    skipped: list[str] = []
    grand_totals: list[tuple[_Section, dict[str, float], int]] = []
    for sec in sections:
        table = csv_table(lines, sec.header, sep=",", stop=sec.stop)
        header = [h.replace("\ufeff", "").strip() for h in table.header]
        frame = table.frame()
        imp.rows.read += len(frame)
        # exploration grand total: empty first dimension and one field more than the header
        is_total = np.array([len(r) == len(header) + 1 and r[0].strip() == "" for r in table.rows],
                            dtype=bool)
        totals_frame = frame[is_total]
        frame = frame[~is_total].reset_index(drop=True)
        imp.rows.drop("totals row", int(is_total.sum()))
        plan = _Plan(frame, header)
        if not plan.gives_traffic:
            if len(sections) == 1:
                what = f"'{title}'" if title else "download"
                dims = ", ".join(f"'{d}'" for d in [plan.first_dim] if d)
                why = ("it has no traffic metric (Sessions, Users, New users, Key events, Total "
                       "revenue)" if plan.by_channel else
                       f"its rows are by {dims or 'no dimension'}, with no channel group or "
                       "source / medium dimension")
                raise refuse(path, f"GA4 {kind} {what} cannot give traffic by channel: {why}. "
                             f"Instead {WHAT_TO_EXPORT}")
            skipped.append(f"'{', '.join(header[:2])}' ({len(frame)} rows)")
            imp.rows.drop("table without traffic by channel", len(frame))
            continue
        if len(totals_frame):
            tot = {}
            for m, col in plan.metrics.items():
                vals, _ = parse_amounts(totals_frame[col])
                tot[m] = float(np.nansum(vals))
            grand_totals.append((sec, tot, len(plans)))
        plans.append((sec, plan))
        imp.rows.kept += len(frame)

    if not plans:
        raise refuse(path, f"GA4 {kind} '{title or '?'}': none of its {len(sections)} tables "
                     f"gives traffic by channel ({'; '.join(skipped)}). Instead {WHAT_TO_EXPORT}")

    # Tables of the same row shape with metrics not given yet are merged (an overview's
    # 'First user ... x New users' and 'Session ... x Sessions' cards); any other table that
    # repeats a metric already read is skipped, so that nothing is counted twice.
    base_shape = plans[0][1].shape
    seen: set[str] = set()
    used: list[tuple[_Section, _Plan]] = []
    for sec, plan in plans:
        metrics = set(plan.metrics)
        if used and (plan.shape != base_shape or metrics & seen):
            skipped.append(f"'{', '.join(plan.names[:2])}' ({len(plan.frame)} rows, "
                           "same metrics as an earlier table)")
            imp.rows.kept -= len(plan.frame)
            imp.rows.drop("table repeating metrics already read", len(plan.frame))
            continue
        seen |= metrics
        used.append((sec, plan))
    if skipped:
        imp.warn(f"{len(skipped)} table(s) of this GA4 download skipped (no traffic by channel, or "
                 f"metrics already read): {'; '.join(skipped)}", code="tables_skipped")

    starts = [s.start for s, _ in used if s.start]
    ends = [s.end for s, _ in used if s.end]
    period = (min(starts), max(ends)) if starts and ends else None
    frames = []
    spread_any = False
    for sec, plan in used:
        fr, spread = _traffic(plan, sec, path, period, errors)
        spread_any |= spread
        frames.append(fr)
    if errors:
        raise DataValidationError(errors)

    # reconcile with the exploration's grand total (rows as read, before spreading)
    for _sec, tot, idx in grand_totals:
        plan = plans[idx][1]
        for m in ADDITIVE:
            if m not in tot or m not in plan.metrics:
                continue
            vals, _ = parse_amounts(plan.frame[plan.metrics[m]])
            got = float(np.nansum(vals))
            if abs(got - tot[m]) > 0.5 + 1e-6 * abs(tot[m]):
                imp.warn(f"the rows add up to {got:,.2f} {plan.metrics[m]} but the export's grand "
                         f"total says {tot[m]:,.2f}: the file was probably cut (row limit of the "
                         "exploration, or an excerpt); the missing rows are not counted",
                         column=plan.metrics[m], code="totals_mismatch")

    merged = None
    for fr in frames:
        agg = _aggregate(fr)
        if merged is None:
            merged = agg
            continue
        keys = ["date", "channel", "source", "medium", "campaign"]
        new = [m for m in METRICS if agg[m].notna().any()]
        merged = merged.merge(agg[keys + new], on=keys, how="outer", suffixes=("", "_new"))
        for m in new:
            if f"{m}_new" in merged:
                merged[m] = merged[m].combine_first(merged.pop(f"{m}_new"))
    traffic = merged.sort_values(["date", "channel"], kind="stable").reset_index(drop=True)
    traffic["date"] = traffic["date"].astype("datetime64[us]")
    imp.tables["traffic"] = traffic[list(TRAFFIC_COLUMNS)]

    for m in METRICS:
        col = traffic[m]
        if col.notna().any():
            imp.totals[m] = float(col.sum())
    if period is None and traffic["date"].notna().any():
        period = (traffic["date"].min().date(), traffic["date"].max().date())
    imp.period = period
    if spread_any:
        dims = sorted({c for _, p in used for c, k in p.time if k not in ("date", "date_hour")})
        how = f"by {', '.join(dims)}" if dims else "for the whole date range"
        imp.warn(f"the GA4 report gives traffic {how}, not by day: each row is spread evenly over "
                 "its days, so daily detail is approximate (add the Date dimension for exact days)",
                 code="spread_over_days")
    others = sorted({d for _, p in used for d in p.other_dims})
    if others and "users" in {m for _, p in used for m in p.metrics}:
        imp.warn(f"users are summed over {', '.join(others)}: a user in several rows is counted "
                 "once per row", column="users", code="users_summed")
    return imp
