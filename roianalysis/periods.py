"""Periods written the way people say them.

``2026`` (year), ``2026-H1`` (half), ``2026-Q3`` (quarter), ``2026-09`` (month), ``2026-W36`` (ISO
week) and explicit ranges ``2026-07-01..2026-09-30``. A period is a span of whole days in the
client's time zone; ``start`` is the first day and ``end`` the last day, both inclusive. Timestamps
in this package are naive wall-clock times in the client's time zone, so a period selects rows with
``start <= t < end_exclusive``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from roianalysis.errors import PeriodError

_PATTERNS = {
    "year": re.compile(r"^(\d{4})$"),
    "half": re.compile(r"^(\d{4})-H([12])$", re.I),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$", re.I),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "week": re.compile(r"^(\d{4})-W(\d{2})$", re.I),
    "range": re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$"),
}


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole days, inclusive at both ends.

    Attributes
    ----------
    start, end : datetime.date
        First and last day (inclusive).
    kind : str
        ``year``, ``half``, ``quarter``, ``month``, ``week`` or ``range``.
    """

    start: date
    end: date
    kind: str = "range"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"period ends ({self.end}) before it starts ({self.start})")

    # ----------------------------------------------------------------- construction
    @classmethod
    def parse(cls, text: str | Period) -> Period:
        """Parse ``2026``, ``2026-H1``, ``2026-Q3``, ``2026-09``, ``2026-W36`` or ``a..b``."""
        if isinstance(text, Period):
            return text
        s = str(text).strip()
        try:
            if m := _PATTERNS["year"].match(s):
                y = int(m[1])
                return cls(date(y, 1, 1), date(y, 12, 31), "year")
            if m := _PATTERNS["half"].match(s):
                y, h = int(m[1]), int(m[2])
                start = date(y, 1 + 6 * (h - 1), 1)
                return cls(start, _add_months(start, 6) - timedelta(days=1), "half")
            if m := _PATTERNS["quarter"].match(s):
                y, q = int(m[1]), int(m[2])
                start = date(y, 1 + 3 * (q - 1), 1)
                return cls(start, _add_months(start, 3) - timedelta(days=1), "quarter")
            if m := _PATTERNS["month"].match(s):
                y, mo = int(m[1]), int(m[2])
                start = date(y, mo, 1)
                return cls(start, _add_months(start, 1) - timedelta(days=1), "month")
            if m := _PATTERNS["week"].match(s):
                y, w = int(m[1]), int(m[2])
                start = date.fromisocalendar(y, w, 1)
                return cls(start, start + timedelta(days=6), "week")
            if m := _PATTERNS["range"].match(s):
                return cls(date.fromisoformat(m[1]), date.fromisoformat(m[2]), "range")
        except ValueError as exc:  # e.g. month 13, week 54, Feb 30
            raise PeriodError(f"invalid period '{s}': {exc}") from None
        raise PeriodError(
            f"cannot read period '{s}': expected 2026, 2026-H1, 2026-Q3, 2026-09, 2026-W36 "
            "or 2026-07-01..2026-09-30"
        )

    # ----------------------------------------------------------------- naming
    @property
    def label(self) -> str:
        """Canonical text of the period (parses back to the same period)."""
        s = self.start
        if self.kind == "year":
            return f"{s.year}"
        if self.kind == "half":
            return f"{s.year}-H{1 + (s.month - 1) // 6}"
        if self.kind == "quarter":
            return f"{s.year}-Q{1 + (s.month - 1) // 3}"
        if self.kind == "month":
            return f"{s.year}-{s.month:02d}"
        if self.kind == "week":
            iy, iw, _ = s.isocalendar()
            return f"{iy}-W{iw:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def __str__(self) -> str:
        return self.label

    # ----------------------------------------------------------------- bounds
    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    @property
    def start_ts(self) -> pd.Timestamp:
        """Start as a naive timestamp (midnight of the first day, client wall clock)."""
        return pd.Timestamp(self.start)

    @property
    def end_exclusive(self) -> pd.Timestamp:
        """Midnight after the last day: rows are in the period when ``start_ts <= t < end_exclusive``."""
        return pd.Timestamp(self.end + timedelta(days=1))

    def contains(self, when: date | pd.Timestamp) -> bool:
        """True when the day of ``when`` lies in the period."""
        d = pd.Timestamp(when).date()
        return self.start <= d <= self.end

    # ----------------------------------------------------------------- neighbours
    def shift(self, n: int) -> Period:
        """The period ``n`` steps later (earlier when negative), of the same kind and length."""
        if self.kind in ("year", "half", "quarter", "month"):
            months = {"year": 12, "half": 6, "quarter": 3, "month": 1}[self.kind]
            start = _add_months(self.start, months * n)
            return Period(start, _add_months(start, months) - timedelta(days=1), self.kind)
        if self.kind == "week":
            return Period(self.start + timedelta(weeks=n), self.end + timedelta(weeks=n), "week")
        step = timedelta(days=self.days * n)
        return Period(self.start + step, self.end + step, "range")

    def previous(self) -> Period:
        """The period of the same kind and length just before (Q3 -> Q2, W01 -> last W of the year before)."""
        return self.shift(-1)

    def year_ago(self) -> Period:
        """The same period one year earlier (ISO week W36 -> W36 of the year before)."""
        if self.kind == "week":
            iy, iw, _ = self.start.isocalendar()
            # Week 53 does not exist every year: fall back to the last ISO week of that year.
            try:
                start = date.fromisocalendar(iy - 1, iw, 1)
            except ValueError:
                start = date.fromisocalendar(iy - 1, 52, 1)
            return Period(start, start + timedelta(days=6), "week")
        if self.kind in ("year", "half", "quarter", "month"):
            return self.shift({"year": 1, "half": 2, "quarter": 4, "month": 12}[self.kind] * -1)

        def back(d: date) -> date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:  # Feb 29
                return d.replace(year=d.year - 1, day=28)

        return Period(back(self.start), back(self.end), "range")

    def months(self) -> list[Period]:
        """The calendar months overlapping the period, clipped to it."""
        out = []
        m = date(self.start.year, self.start.month, 1)
        while m <= self.end:
            nxt = _add_months(m, 1)
            out.append(Period(max(m, self.start), min(nxt - timedelta(days=1), self.end),
                              "month" if m >= self.start and nxt - timedelta(days=1) <= self.end else "range"))
            m = nxt
        return out


def period_dirname(label: str) -> str:
    """Folder or file name for a canonical period label (``2026-Q3`` -> ``2026-Q3``,
    ``2026-07-01..2026-09-30`` -> ``2026-07-01_2026-09-30``). Anything else than a label (a path,
    ``../2026``) raises :class:`~roianalysis.errors.PeriodError`."""
    name = label.replace("..", "_")
    if not re.match(r"^[0-9]{4}[0-9A-Za-z_-]*$", name):
        raise PeriodError(f"invalid period {label!r}")
    return name


def last_complete_quarter(today: date | None = None) -> Period:
    """The last calendar quarter that has ended before ``today`` (the render default)."""
    today = today or date.today()
    q = (today.month - 1) // 3 + 1
    return Period.parse(f"{today.year}-Q{q}").previous()
