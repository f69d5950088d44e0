"""What the notebooks call to show things: :class:`Report` holds the client, the period, the
language and the channel colours, and turns messages, tables and figures into display objects.

Every data-derived value put into a sentence goes through :func:`escape_markdown`, so a channel
named ``<script>alert(1)</script>`` or ``**x**`` is shown as typed, never interpreted.

>>> rep = Report.create(load_client("boutique-lumiere"), "2026-Q3")   # doctest: +SKIP
>>> display(rep.title("acq_title"))                                  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from roianalysis.periods import Period
from roianalysis.report import format as fmt
from roianalysis.report import texts
from roianalysis.report.colors import channel_colors
from roianalysis.report.format import period_dates, period_label
from roianalysis.report.texts import channel_label, resolve_lang
from roianalysis.schema import UNKNOWN_CHANNEL
from roianalysis.text import markdown_text

__all__ = ["INPUT_NOTES", "Markdown", "Report", "escape_markdown", "last_complete_period",
           "missing_notes", "resolve_parameters"]

def escape_markdown(text: object) -> str:
    """``text`` safe inside Markdown: :func:`roianalysis.text.markdown_text` (the one rule for
    data-derived text: HTML-escaped, Markdown punctuation backslashed, no autolink)."""
    return markdown_text(text)


class Markdown:
    """A Markdown output (``text/markdown``), like :class:`IPython.display.Markdown` without
    needing IPython at import time."""

    def __init__(self, text: str, metadata: dict | None = None):
        self.data = text
        self.metadata = metadata

    def _repr_markdown_(self) -> str | tuple[str, dict]:
        return (self.data, self.metadata) if self.metadata else self.data

    def __str__(self) -> str:
        return self.data

    def __repr__(self) -> str:
        return "<Markdown>"


#: Key of a display's metadata holding the fingerprint of the data the notebook read; the report
#: footer shows it (:func:`roianalysis.render.export.notebook_fingerprints`).
FINGERPRINT_KEY = "roianalysis/data-fingerprint"


class Safe(str):
    """A value already formatted for Markdown (not escaped again by :meth:`Report.text`)."""


@dataclass
class Report:
    """A notebook's context: who, when, in which language, with which colours.

    Attributes
    ----------
    data : ClientData
    period : Period
        The analysed period.
    comparison : str
        ``previous`` or ``year_ago``.
    comparison_period : Period
    lang : str
        ``fr`` or ``en`` (the ``lang`` parameter, default the client's language).
    currency : str
    colors : dict
        Channel -> colour for every channel of the client (see
        :func:`roianalysis.report.colors.channel_colors`).
    """

    data: object
    period: Period
    comparison: str
    comparison_period: Period
    lang: str
    currency: str
    colors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, data, period: str | Period | None, comparison: str = "previous",
               lang: str | None = None) -> Report:
        """Build the context from the notebook parameters (``period=None``: the last complete
        quarter of the client's data, as :func:`resolve_parameters` gives it)."""
        if period is None:
            from roianalysis.scorecard.pacing import last_data_day

            period = last_complete_period(last_data_day(data))
        p = Period.parse(period)
        if comparison not in ("previous", "year_ago"):
            raise ValueError(f"comparison must be 'previous' or 'year_ago', not {comparison!r}")
        cmp = p.previous() if comparison == "previous" else p.year_ago()
        lang = resolve_lang(lang, data)
        channels = list(data.channels) + [UNKNOWN_CHANNEL]
        colors = channel_colors(channels)
        # translated special names keep their colour
        colors.update({channel_label(c, lang): col for c, col in colors.items()})
        return cls(data, p, comparison, cmp, lang, data.config.currency, colors)

    # ------------------------------------------------------------------ words
    @property
    def client_name(self) -> str:
        return self.data.config.name or self.data.client

    @property
    def period_text(self) -> str:
        """``T3 2026`` / ``Q3 2026``."""
        return period_label(self.period, self.lang)

    @property
    def comparison_text(self) -> str:
        """``T2 2026`` / ``Q2 2026``."""
        return period_label(self.comparison_period, self.lang)

    @property
    def comparison_words(self) -> str:
        """``la période précédente`` / ``the previous period``..."""
        return texts.text(self.lang, f"comparison_{self.comparison}")

    def t(self, key: str, **values: object) -> str:
        """Plain text of a message (chart titles, axis labels: nothing is escaped)."""
        return texts.text(self.lang, key, **values)

    def text(self, key: str, **values: object) -> Markdown:
        """A paragraph; values are escaped unless they are :class:`Safe`."""
        esc = {k: (v if isinstance(v, Safe) else escape_markdown(v)) for k, v in values.items()}
        return Markdown(texts.text(self.lang, key, **esc))

    def paragraphs(self, *parts: Markdown | str | None) -> Markdown:
        """Several paragraphs in one output (``None`` parts are skipped)."""
        return Markdown("\n\n".join(str(p) for p in parts if p))

    def title(self, key: str) -> Markdown:
        """The notebook title (level-1 heading) and its subtitle line."""
        sub = texts.text(self.lang, "subtitle", client=escape_markdown(self.client_name),
                         period=escape_markdown(self.period_text),
                         dates=escape_markdown(period_dates(self.period, self.lang)),
                         comparison=escape_markdown(self.comparison_text))
        return Markdown(f"# {texts.text(self.lang, key)}\n\n*{sub}*", self.stamp())

    def stamp(self) -> dict:
        """Display metadata naming the fingerprint of the data this notebook read (carried by
        the title): the report footer shows this one, not one the render driver read itself."""
        return {FINGERPRINT_KEY: str(getattr(self.data, "fingerprint", "") or "")}

    def heading(self, key: str, level: int = 2, **values: object) -> Markdown:
        """A section heading."""
        return Markdown("#" * level + " " + str(self.text(key, **values)))

    def note(self, key: str, **values: object) -> Markdown:
        """A polite note (missing data): a quoted paragraph."""
        return Markdown("> " + str(self.text(key, **values)))

    # ------------------------------------------------------------------ numbers
    def metric(self, name: str, value: object, signed: bool = False) -> Safe:
        return Safe(escape_markdown(fmt.format_metric(name, value, self.currency, self.lang,
                                                      signed=signed)))

    def money(self, value: object, decimals: int = 2) -> Safe:
        return Safe(escape_markdown(fmt.format_money(value, self.currency, self.lang, decimals)))

    def percent(self, value: object, decimals: int = 1, signed: bool = False) -> Safe:
        return Safe(escape_markdown(fmt.format_percent(value, self.lang, decimals, signed)))

    def number(self, value: object, decimals: int = 0) -> Safe:
        return Safe(escape_markdown(fmt.format_number(value, self.lang, decimals)))

    def name(self, value: object) -> Safe:
        """A channel, campaign or segment name (translated placeholders, escaped)."""
        return Safe(escape_markdown(channel_label(value, self.lang)))

    def names(self, values) -> Safe:
        """``A, B et C`` / ``A, B and C``."""
        items = [escape_markdown(channel_label(v, self.lang)) for v in values]
        if len(items) <= 1:
            return Safe("".join(items))
        return Safe(", ".join(items[:-1]) + f" {texts.text(self.lang, 'and')} " + items[-1])

    def skipped(self, *inputs: str) -> Markdown | None:
        """Polite notes on what this report leaves out because the client lacks it, among
        ``inputs`` (see :func:`missing_notes`); ``None`` when nothing is missing."""
        keys = missing_notes(self.data, inputs)
        if not keys:
            return None
        return Markdown("\n\n".join(str(self.note(k)) for k in keys))

    def has_data_in_period(self) -> bool:
        """True when some spend, visit, lead or order falls in the period."""
        columns = {"spend": "date", "touchpoints": "timestamp", "traffic": "date",
                   "leads": "created_at", "orders": "ordered_at"}
        for table, col in columns.items():
            if not self.data.has(table):
                continue
            if self.data.engine.count_between(table, col, self.period.start_ts,
                                              self.period.end_exclusive):
                return True
        return False

    def empty_period_note(self) -> Markdown | None:
        """A note when nothing at all happened in the period (a period before the data starts,
        a typo in the period), ``None`` otherwise."""
        return None if self.has_data_in_period() else self.note(
            "nothing_in_period", period=self.period_text)

    def show(self, *items: object) -> None:
        """Display each item that is not ``None`` (a sentence with nothing sound to say)."""
        from IPython.display import display

        for item in items:
            if item is not None:
                display(item)

    # ------------------------------------------------------------------ tables
    def table(self, df: pd.DataFrame, *, caption: str | None = None, index_label: str | None = None,
              units: Mapping[object, str] | None = None, labels: Mapping[object, str] | None = None,
              total_row: object | None = None, **kw) -> fmt.HtmlTable:
        """:func:`roianalysis.report.format.styled_table` in the report's currency and language, with
        the package's placeholder names (``(unknown)``...) translated."""
        df = df.copy()
        if isinstance(df.index, pd.MultiIndex):
            df.index = pd.MultiIndex.from_tuples(
                [tuple(channel_label(v, self.lang) for v in k) for k in df.index],
                names=df.index.names)
        else:
            df.index = pd.Index([channel_label(v, self.lang) for v in df.index], name=df.index.name,
                                dtype=object)
        if total_row is not None:
            total_row = channel_label(total_row, self.lang)
        return fmt.styled_table(df, self.currency, self.lang, caption=caption,
                                index_label=index_label, units=units, labels=labels,
                                total_row=total_row, **kw)

    def warnings(self) -> Markdown | None:
        """The data problems that did not stop the analysis, as a list (``None`` when there are
        none)."""
        problems = list(getattr(self.data, "warnings", []) or [])
        if not problems:
            return None
        lines = [f"### {texts.text(self.lang, 'warnings_title')}", "",
                 texts.text(self.lang, "warnings_intro", n=len(problems)), ""]
        for p in problems[:20]:
            lines.append(f"- {escape_markdown(_problem_text(p))}")
        return Markdown("\n".join(lines))


#: What a report may use -> the note (message key) shown when the client lacks it.
INPUT_NOTES = {"spend": "no_spend", "leads": "no_leads", "orders": "no_orders",
               "visits": "no_touchpoints", "journeys": "no_touchpoints", "nps": "no_nps",
               "channels": "no_acquisition_channel"}


def missing_notes(data, inputs) -> list[str]:
    """Message keys of the notes for the ``inputs`` the client lacks, in the order given.

    ``inputs`` are names of :data:`INPUT_NOTES`: ``spend``, ``leads``, ``orders``, ``nps`` (the
    tables); ``visits`` (touchpoints, or aggregated web analytics, which get the
    ``visits_aggregated`` note: visitors summed over days, no journeys); ``journeys``
    (touchpoints only: analytics reports have no per-person visits); ``channels`` (something
    that ties customers to channels: touchpoints or leads with a channel, noted only when the
    client has orders).
    """
    from roianalysis.metrics import channels_known

    keys: list[str] = []
    for name in inputs:
        if name not in INPUT_NOTES:
            raise ValueError(f"unknown input {name!r}: choose among {', '.join(INPUT_NOTES)}")
        if name in ("visits", "journeys"):
            if data.has("touchpoints"):
                continue
            key = "visits_aggregated" if data.has("traffic") else "no_touchpoints"
        elif name == "channels":
            if channels_known(data) or not data.has("orders"):
                continue
            key = INPUT_NOTES[name]
        elif data.has(name):
            continue
        else:
            key = INPUT_NOTES[name]
        if key not in keys:
            keys.append(key)
    return keys


def _problem_text(p) -> str:
    return str(p)


# ----------------------------------------------------------------------------- parameters
def last_complete_period(last_day: date, today: date | None = None) -> Period:
    """The last calendar quarter that is over both in the data and on the calendar.

    Parameters
    ----------
    last_day : date
        Last day with any data (spend, touchpoint, lead or order).
    today : date, optional
        Today's date (default: the system's).

    Returns
    -------
    Period
        The quarter whose last day is the latest one on or before ``last_day`` and before
        ``today``: data to 2026-11-20 on 2026-12-01 gives 2026-Q3; data to 2026-09-30 on
        2026-10-01 gives 2026-Q3 too (its last day is in the data).
    """
    today = today or date.today()
    bound = min(last_day, today - timedelta(days=1))
    q = Period.parse(f"{bound.year}-Q{(bound.month - 1) // 3 + 1}")
    return q if q.end <= bound else q.previous()


def resolve_parameters(client: str | None, period: str | None, data_dir: str | Path,
                       today: date | None = None) -> tuple[str, str]:
    """The notebook parameters ``client`` and ``period`` with their defaults filled in.

    Parameters
    ----------
    client : str or None
        A client folder name in ``data_dir``; ``None``: the first client found there (folders in
        alphabetical order).
    period : str or None
        A period (``2026-Q3``...); ``None``: the client's last complete quarter
        (:func:`last_complete_period` of the client's last day of data).
    data_dir : str or Path
        The folder of client folders.
    today : date, optional
        For tests: the day the notebook runs.

    Returns
    -------
    (client, period) : tuple of str
        Both given as they were when not ``None``; ``period`` as canonical text (``2026-Q3``).

    Raises
    ------
    UnknownClientError
        ``client`` is ``None`` and ``data_dir`` holds no client folder.

    Examples
    --------
    The first code cell of a notebook, right after the ``parameters`` cell::

        client, period = resolve_parameters(client, period, data_dir)
    """
    from roianalysis.data.files import list_clients
    from roianalysis.errors import UnknownClientError

    if client is None:
        found = list_clients(data_dir)
        if not found:
            raise UnknownClientError(
                f"no client folder in {Path(data_dir).resolve()}: set `client` in the parameters "
                "cell, or `data_dir` to the folder that holds the client folders")
        client = found[0]
    if period is None:
        from roianalysis.data.load import load_client
        from roianalysis.scorecard.pacing import last_data_day

        try:
            last = last_data_day(load_client(client, data_dir))
        except ValueError:  # no dated row at all: the calendar alone decides
            last = today or date.today()
        period = last_complete_period(last, today).label
    return client, str(Period.parse(period).label)
