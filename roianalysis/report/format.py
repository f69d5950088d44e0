"""Numbers, money, shares and tables as a French or English reader expects them.

French follows French typography (CLDR ``fr``): a narrow no-break space (U+202F) between groups of
thousands, a decimal comma, a no-break space (U+00A0) before the currency symbol and a narrow
no-break space before ``%``: ``1 234,56 €``, ``12,3 %``. English: ``€1,234.56``, ``$1,234.56``,
``12.3%``. A missing value (``None``, NaN, infinity) is shown as an em dash ``—``.

:func:`format_metric` formats any metric of :data:`roianalysis.catalog.METRICS` by its unit, and
:func:`styled_table` turns a DataFrame into an HTML table whose every data-derived text is escaped.
"""

from __future__ import annotations

import math
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from roianalysis.catalog import METRICS
from roianalysis.periods import Period
from roianalysis.report.texts import resolve_lang, text
from roianalysis.text import html_text

__all__ = [
    "MISSING", "NARROW_NBSP", "NBSP", "HtmlTable", "currency_symbol", "format_days",
    "format_delta", "format_metric", "format_p", "format_money", "format_months", "format_number",
    "format_percent", "format_ratio", "format_score", "format_value", "is_missing",
    "metric_label", "styled_table", "period_label", "period_dates", "format_date",
    "format_datetime", "label_colon", "month_label", "tick_labels",
]

MISSING = "—"
NBSP = "\u00a0"
NARROW_NBSP = "\u202f"

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "CAD": "CA$",
            "AUD": "A$"}


def _lang(lang: str | None) -> str:
    """One of :data:`~roianalysis.report.texts.LANGUAGES` (English when ``None``)."""
    return resolve_lang(lang)


def is_missing(x: object) -> bool:
    """True for ``None``, NaN, ``pd.NA`` and infinities (shown as :data:`MISSING`)."""
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    if isinstance(x, str | bytes):
        return False
    try:
        return not math.isfinite(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def currency_symbol(currency: str | None) -> str:
    """``€`` for EUR, ``$`` for USD...; the ISO code itself for the others."""
    code = (currency or "").upper()
    return _SYMBOLS.get(code, code)


def _digits(x: float, decimals: int, lang: str) -> str:
    """Absolute value with grouping and the language's separators."""
    body = f"{abs(x):,.{decimals}f}"
    group, point = text(lang, "number_group"), text(lang, "number_decimal")
    if (group, point) != (",", "."):
        body = body.replace(",", "\0").replace(".", point).replace("\0", group)
    return body


def _sign(x: float, decimals: int, signed: bool) -> str:
    if round(x, decimals) < 0:
        return "-"
    if signed and round(x, decimals) > 0:
        return "+"
    return ""


def format_number(x: object, lang: str = "en", decimals: int = 0, signed: bool = False) -> str:
    """``1 234`` (fr) / ``1,234`` (en); ``signed`` puts ``+`` before positive numbers."""
    lang = _lang(lang)
    if is_missing(x):
        return MISSING
    v = float(x)  # type: ignore[arg-type]
    return _sign(v, decimals, signed) + _digits(v, decimals, lang)


def format_money(x: object, currency: str = "EUR", lang: str = "en", decimals: int = 2,
                 signed: bool = False) -> str:
    """An amount in ``currency``: ``1 234,56 €`` (fr), ``€1,234.56`` / ``$1,234.56`` (en).

    Parameters
    ----------
    x : number
        The amount; missing -> ``—``.
    currency : str
        ISO code (``EUR``, ``USD``...); unknown codes are written out (``1 234,56 SEK``).
    lang : ``fr`` or ``en``
    decimals : int
        Digits after the decimal separator (2 by default; 0 for large totals).
    signed : bool
        Write ``+`` before positive amounts (differences).
    """
    lang = _lang(lang)
    if is_missing(x):
        return MISSING
    v = float(x)  # type: ignore[arg-type]
    sym = currency_symbol(currency)
    sign, digits = _sign(v, decimals, signed), _digits(v, decimals, lang)
    key = "money_code" if len(sym) > 1 and sym.isalpha() else "money"  # CHF 1,234.56
    return text(lang, key, sign=sign, digits=digits, symbol=sym)


def format_percent(x: object, lang: str = "en", decimals: int = 1, signed: bool = False) -> str:
    """A share (0.123) as a percentage: ``12,3 %`` (fr), ``12.3%`` (en)."""
    lang = _lang(lang)
    if is_missing(x):
        return MISSING
    v = 100 * float(x)  # type: ignore[arg-type]
    return text(lang, "percent", number=_sign(v, decimals, signed) + _digits(v, decimals, lang))


def format_ratio(x: object, lang: str = "en", decimals: int = 2) -> str:
    """A plain ratio (ROAS 5.84, LTV:CAC 3.67): ``5,84`` (fr), ``5.84`` (en)."""
    return format_number(x, lang, decimals)


def format_score(x: object, lang: str = "en", decimals: int = 1) -> str:
    """A score in points (NPS, -100..100), signed: ``+39,6`` (fr), ``+39.6`` (en)."""
    return format_number(x, lang, decimals, signed=True)


def _unit_word(x: float, decimals: int, lang: str, unit: str) -> str:
    """``day`` / ``days`` (``unit_day`` / ``unit_days`` of the catalogue) by the rounded value."""
    return text(lang, f"unit_{unit}" if abs(round(x, decimals)) <= 1 else f"unit_{unit}s")


def _duration(x: object, lang: str, decimals: int, unit: str) -> str:
    """A number of ``unit`` (day, month) with the unit's word, singular at most 1."""
    lang = _lang(lang)
    if is_missing(x):
        return MISSING
    v = float(x)  # type: ignore[arg-type]
    return f"{format_number(v, lang, decimals)}{NBSP}{_unit_word(v, decimals, lang, unit)}"


def format_days(x: object, lang: str = "en", decimals: int = 1) -> str:
    """A duration in days: ``7,1 jours`` (fr), ``7.1 days`` (en); ``1 day`` singular."""
    return _duration(x, lang, decimals, "day")


def format_months(x: object, lang: str = "en", decimals: int = 1) -> str:
    """A duration in months: ``6,6 mois`` (fr), ``6.6 months`` (en)."""
    return _duration(x, lang, decimals, "month")


#: Default decimals per unit (``money`` volumes such as cost or revenue use 0, see
#: :func:`format_metric`).
UNIT_DECIMALS = {"money": 2, "count": 0, "share": 1, "ratio": 2, "days": 1, "score": 1,
                 "months": 1, "number": 1}


def format_value(x: object, unit: str, currency: str = "EUR", lang: str = "en",
                 decimals: int | None = None, signed: bool = False) -> str:
    """Format ``x`` by ``unit``: ``money``, ``count``, ``share``, ``ratio``, ``days``, ``score``,
    ``months``, ``number``, ``text`` or ``formatted`` (text already formatted as a number, aligned
    right in tables). Nothing is escaped here: the caller decides the context."""
    if unit in ("text", "formatted"):
        return MISSING if is_missing(x) else str(x)
    d = UNIT_DECIMALS.get(unit, 2) if decimals is None else decimals
    if unit == "money":
        return format_money(x, currency, lang, d, signed)
    if unit == "share":
        return format_percent(x, lang, d, signed)
    if unit == "days":
        return format_days(x, lang, d)
    if unit == "months":
        return format_months(x, lang, d)
    if unit == "score":
        return format_number(x, lang, d, signed=True)
    if unit in ("count", "ratio", "number"):
        return format_number(x, lang, d, signed)
    raise ValueError(f"unknown unit {unit!r}")


def metric_decimals(name: str) -> int:
    """Decimals used for a metric: money volumes (cost, revenue) are whole amounts."""
    info = METRICS[name]
    if info.unit == "money" and info.kind == "volume":
        return 0
    return UNIT_DECIMALS.get(info.unit, 2)


def format_metric(name: str, value: object, currency: str = "EUR", lang: str = "en",
                  decimals: int | None = None, signed: bool = False) -> str:
    """Format ``value`` as the metric ``name`` of :data:`~roianalysis.catalog.METRICS`.

    >>> format_metric("cpl", 150, "EUR", "fr")
    '150,00\\xa0€'
    >>> format_metric("visitor_to_lead", 0.0613, "EUR", "en")
    '6.1%'
    """
    info = METRICS[name]
    d = metric_decimals(name) if decimals is None else decimals
    return format_value(value, info.unit, currency, lang, d, signed)


def metric_label(name: str, lang: str = "en") -> str:
    """The label of a metric in ``lang`` (``metric_<name>`` of the catalogue of texts; its name
    when it is not a metric of :data:`~roianalysis.catalog.METRICS`)."""
    if name not in METRICS:
        return name
    return text(lang, f"metric_{name}")


def format_p(p: float | None, lang: str = "en") -> str:
    """A p-value: ``p = 0.03`` / ``p = 0,03``, ``p = 0.004``, ``p < 0.001``; empty when missing.

    Two decimals from 0.01 up, three below, ``p < 0.001`` under 0.001; the language's decimal
    separator.
    """
    if p is None or is_missing(p):
        return ""
    p = float(p)
    s = "p < 0.001" if p < 0.001 else f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"
    return s.replace(".", text(_lang(lang), "number_decimal"))


def format_delta(current: object, reference: object, unit: str, currency: str = "EUR",
                 lang: str = "en") -> str:
    """Change from ``reference`` to ``current``: relative (``+12,3 %``) for volumes and money,
    in points (``+1,2 pt``) for shares and scores (NPS), ``—`` when either is missing or the
    reference is 0."""
    if is_missing(current) or is_missing(reference):
        return MISSING
    c, r = float(current), float(reference)  # type: ignore[arg-type]
    if unit in ("share", "score"):
        pts = 100 * (c - r) if unit == "share" else c - r
        word = text(lang, "unit_points")
        return f"{format_number(pts, lang, 1, signed=True)}{NBSP}{word}"
    if r == 0:
        return MISSING
    return format_percent((c - r) / abs(r), lang, 1, signed=True)


# ----------------------------------------------------------------------------- HTML tables
TABLE_CSS = (
    "border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums;margin:8px 0 14px"
)
_TH = "text-align:{align}"
_TD = "text-align:{align};white-space:nowrap"


class HtmlTable:
    """An HTML table shown by Jupyter (``_repr_html_``) and convertible with ``str()``."""

    def __init__(self, html_text: str):
        self.html = html_text

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:  # a stray expression must not print the markup
        return "<HtmlTable>"


def _esc(x: object) -> str:
    return html_text(MISSING if is_missing(x) else x)


def _column_unit(col: object, units: Mapping[object, str] | None, series: pd.Series) -> str:
    if units and col in units:
        return units[col]
    if isinstance(col, str) and col in METRICS:
        return METRICS[col].unit
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return "number"
    return "text"


def styled_table(df: pd.DataFrame, currency: str = "EUR", lang: str = "en", *,
                 units: Mapping[object, str] | None = None,
                 labels: Mapping[object, str] | None = None,
                 decimals: Mapping[object, int] | None = None,
                 caption: str | None = None, index: bool = True,
                 index_label: str | Sequence[str] | None = None,
                 total_row: object | None = None,
                 formatters: Mapping[object, Callable[[object], str]] | None = None,
                 max_rows: int | None = None) -> HtmlTable:
    """An HTML table with numbers formatted per column and every text escaped.

    Parameters
    ----------
    df : DataFrame
        Rows to show. Column names that are metrics of the catalogue get their French or English
        label and their unit's format; other numeric columns are plain numbers.
    currency, lang : str
        Client currency and report language.
    units : mapping column -> unit, optional
        Override a column's unit (``money``, ``count``, ``share``, ``ratio``, ``days``, ``score``,
        ``months``, ``number``, ``text``, ``formatted``).
    labels : mapping column -> header text, optional
        Override a column's header.
    decimals : mapping column -> int, optional
        Override a column's decimals.
    caption : str, optional
        Shown above the table (escaped).
    index : bool
        Show the index as the first column(s).
    index_label : str or list of str, optional
        Header(s) of the index column(s); the index names by default.
    total_row : index value, optional
        The row with this index value is shown in bold (a total).
    formatters : mapping column -> callable, optional
        Full control of a column's text (the result is escaped).
    max_rows : int, optional
        Show only the first rows.

    Returns
    -------
    HtmlTable
        ``display(table)`` shows it in a notebook; ``str(table)`` is the markup. Data-derived text
        (index values, column names, cells, caption) is HTML-escaped, so a channel named
        ``<script>`` is shown as text.
    """
    lang = _lang(lang)
    if max_rows is not None:
        df = df.head(max_rows)
    cols = list(df.columns)
    col_units = {c: _column_unit(c, units, df[c]) for c in cols}
    heads: list[str] = []
    idx_names: list[object] = list(df.index.names) if index else []
    if index:
        if index_label is None:
            names = [n if n is not None else "" for n in idx_names]
        elif isinstance(index_label, str):
            names = [index_label] + [""] * (len(idx_names) - 1)
        else:
            names = list(index_label)
        heads += [f'<th style="{_TH.format(align="left")}">{_esc(n)}</th>' for n in names]
    for c in cols:
        text = (labels or {}).get(c) or (metric_label(c, lang) if isinstance(c, str) else str(c))
        align = "left" if col_units[c] == "text" else "right"
        heads.append(f'<th style="{_TH.format(align=align)}">{_esc(text)}</th>')
    rows: list[str] = []
    for key, row in df.iterrows():
        bold = total_row is not None and key == total_row
        weight = ";font-weight:600" if bold else ""
        cells = []
        if index:
            keys = key if isinstance(key, tuple) else (key,)
            cells += [f'<th style="{_TD.format(align="left")}{weight}">{_esc(k)}</th>'
                      for k in keys]
        for c in cols:
            v = row[c]
            if formatters and c in formatters:
                text = MISSING if is_missing(v) else formatters[c](v)
            else:
                d = (decimals or {}).get(c)
                if d is None and isinstance(c, str) and c in METRICS and (not units or c not in units):
                    d = metric_decimals(c)
                text = format_value(v, col_units[c], currency, lang, d)
            align = "left" if col_units[c] == "text" else "right"
            cells.append(f'<td style="{_TD.format(align=align)}{weight}">{_esc(text)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f'<caption>{_esc(caption)}</caption>' if caption else ""
    # tex2jax_ignore / mathjax_ignore: "$1,234 ... $5,678" is not LaTeX in JupyterLab
    markup = (f'<table class="roi-table tex2jax_ignore mathjax_ignore" style="{TABLE_CSS}">{cap}<thead><tr>{"".join(heads)}'
              f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return HtmlTable(markup)



# ----------------------------------------------------------------------------- periods, dates
def month_name(month: int, lang: str, short: bool = False) -> str:
    """``septembre`` / ``September``; ``short``: ``sept.`` / ``Sep``."""
    return text(lang, f"month_short_{month}" if short else f"month_{month}")


def _day(d: date, lang: str) -> str:
    """``1er`` (French first of the month), else the day number."""
    return text(lang, "day_first") if d.day == 1 else str(d.day)


def format_date(d: date, lang: str, short: bool = False) -> str:
    """``1er juillet 2026`` / ``1 July 2026``; ``short``: ``1 juil. 2026`` / ``1 Jul 2026``."""
    lang = _lang(lang)
    day = _day(d, lang) if not short else str(d.day)
    return f"{day} {month_name(d.month, lang, short)} {d.year}"


def month_label(year: int, month: int, lang: str, short: bool = True) -> str:
    """``sept. 2026`` / ``Sep 2026`` (short) or ``septembre 2026`` / ``September 2026``."""
    return f"{month_name(month, _lang(lang), short)} {year}"


def period_dates(period: str | Period, lang: str) -> str:
    """First and last day of a period: ``1 juil. 2026 – 30 sept. 2026``."""
    p = Period.parse(period)
    return f"{format_date(p.start, lang, short=True)} – {format_date(p.end, lang, short=True)}"


def _range_words(start: date, end: date, lang: str) -> str:
    """``du 1er juillet au 30 septembre 2026`` / ``1 July to 30 September 2026``; the year (and
    the month) of the first day are left out when the last day has the same."""
    if start == end:
        return format_date(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        first = _day(start, lang)
    elif start.year == end.year:
        first = f"{_day(start, lang)} {month_name(start.month, lang)}"
    else:
        first = format_date(start, lang)
    return text(lang, "period_range", first=first, last=format_date(end, lang))


def period_label(period: str | Period, lang: str = "en") -> str:
    """A period as a reader says it, never the canonical ``2026-Q3``.

    ========  ===============================  ===========================
    period    French                           English
    ========  ===============================  ===========================
    2026      ``2026``                         ``2026``
    2026-H1   ``S1 2026``                      ``H1 2026``
    2026-Q3   ``T3 2026``                      ``Q3 2026``
    2026-09   ``septembre 2026``               ``September 2026``
    2026-W36  ``semaine 36 de 2026``           ``week 36 of 2026``
    a..b      ``du 1er juillet au 30 septembre 2026``  ``1 July to 30 September 2026``
    ========  ===============================  ===========================

    Parameters
    ----------
    period : str or Period
        Any text :meth:`roianalysis.periods.Period.parse` reads.
    lang : ``fr`` or ``en``
    """
    p = Period.parse(period)
    lang = _lang(lang)
    s = p.start
    if p.kind == "year":
        return str(s.year)
    if p.kind == "half":
        h = 1 + (s.month - 1) // 6
        return text(lang, "period_half", half=h, year=s.year)
    if p.kind == "quarter":
        q = 1 + (s.month - 1) // 3
        return text(lang, "period_quarter", quarter=q, year=s.year)
    if p.kind == "month":
        return month_label(s.year, s.month, lang, short=False)
    if p.kind == "week":
        iy, iw, _ = s.isocalendar()
        return text(lang, "period_week", week=iw, year=iy)
    return _range_words(p.start, p.end, lang)


def format_datetime(when: datetime, lang: str = "en", timezone: str = "UTC") -> str:
    """A moment on the reader's clock: ``1er décembre 2026 à 22:01 (heure de Paris, UTC+1)``.

    Parameters
    ----------
    when : datetime
        An aware datetime (a naive one is read as UTC).
    lang : ``fr`` or ``en``
    timezone : str
        IANA zone of the client (``client.yml`` ``timezone``), e.g. ``Europe/Paris``.

    Returns
    -------
    str
        French ``1er décembre 2026 à 22:01 (UTC+1)``, English ``1 December 2026, 22:01 (UTC+1)``;
        the offset is that of the client's zone on that day (``UTC+2`` in summer in Paris), so
        the reader never converts from UTC.
    """
    lang = _lang(lang)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    local = when.astimezone(zoneinfo.ZoneInfo(timezone))
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    zone = "UTC" if minutes == 0 else f"UTC{sign}{hours}" + (f":{mins:02d}" if mins else "")
    clock = f"{local.hour:02d}:{local.minute:02d}"
    return text(lang, "datetime", day=format_date(local.date(), lang), clock=clock, zone=zone)


def label_colon(label: str, lang: str = "en") -> str:
    """A label before a value: ``Période :`` (French, no-break space before the colon),
    ``Period:`` (English, no space)."""
    return text(lang, "label_colon", label=label)


def tick_labels(values: Sequence[float], unit: str, currency: str = "EUR", lang: str = "en"
                ) -> list[str]:
    """Axis tick texts of ``values``, all with the same, fewest decimals that write each exactly
    (``0 %``, ``25 %``, ``50 %``; ``0,5`` / ``1,0`` / ``1,5`` for half steps): no ``1,000.0%``.

    Parameters
    ----------
    values : sequence of float
        Tick positions, in the unit's scale (a share as 0..1).
    unit : str
        A unit of :func:`format_value`.

    Returns
    -------
    list of str
        One text per tick, formatted for ``lang`` (French: ``1 000 %`` with a narrow no-break
        space, ``1 000 €``).
    """
    finite = [float(v) for v in values if not is_missing(v)]
    scale = 100.0 if unit == "share" else 1.0
    decimals = 0
    for d in (0, 1, 2):
        decimals = d
        if all(abs(v * scale * 10**d - round(v * scale * 10**d)) < 1e-6 for v in finite):
            break
    if unit == "money" and decimals == 1:
        decimals = 2  # 2,50 €, never 2,5 €
    return [format_value(v, unit, currency, lang, decimals) for v in values]
