"""What every export reader shares: the raw file, the :class:`Import` it becomes, row accounting.

A reader is a module of :mod:`roianalysis.sources` with

- ``FORMAT``: the name it gives :attr:`Import.format` (``"google_ads"``, ``"meta_ads"``...);
- ``detect(raw: RawFile) -> bool``: whether the file is this tool's export, judged by its
  *content* (header names, preamble), never by its file name;
- ``read(raw: RawFile, ctx: ReadContext) -> Import``: the canonical tables. A recognised report
  that cannot serve (a search-terms report, an "All time" range...) raises
  :class:`~roianalysis.errors.DataValidationError` naming the report seen and what to export
  instead.

Row accounting is exact: ``rows.read == rows.kept + sum(rows.dropped.values())``; every dropped
row has a reason (``totals row``, ``account-total row``, ``empty``, ``cancelled``...).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError

__all__ = ["Import", "RawFile", "ReadContext", "RowCounts", "refuse", "spend_frame", "spread_over_days"]


@dataclass
class RowCounts:
    """Rows of an export: read, kept, and dropped with a count per reason.

    ``read`` counts data rows (not the preamble or the header); a row kept may be aggregated with
    others later (five breakdown rows of one campaign-day make one spend row).
    """

    read: int = 0
    kept: int = 0
    dropped: dict[str, int] = field(default_factory=dict)

    def drop(self, reason: str, n: int = 1) -> None:
        if n:
            self.dropped[reason] = self.dropped.get(reason, 0) + int(n)

    @property
    def balanced(self) -> bool:
        return self.read == self.kept + sum(self.dropped.values())

    def __str__(self) -> str:
        out = f"{self.read} rows read, {self.kept} kept"
        if self.dropped:
            out += ", dropped: " + ", ".join(f"{n} {r}" for r, n in sorted(self.dropped.items()))
        return out


@dataclass
class Import:
    """One export read into canonical tables.

    Attributes
    ----------
    path : str
        The file, as given.
    format : str
        The reader's name (``google_ads``, ``meta_ads``, ``ga4_ui``...).
    tables : dict of str to DataFrame
        Canonical table name (``spend``, ``leads``, ``orders``, ``touchpoints``, ``traffic``,
        ``search``) -> frame in the canonical columns of :mod:`roianalysis.schema` (dates and
        timestamps as naive ``datetime64``, amounts as floats in :attr:`currency`).
    currency : str or None
        ISO 4217 code the amounts are in, when the export says (``None``: the client's is used).
    period : (date, date) or None
        First and last day the export covers (from its own date-range line, else its rows).
    rows : RowCounts
    totals : dict of str to float
        Sums of the kept rows as read (``cost``, ``impressions``, ``clicks``, ``revenue``,
        ``sessions``...), in the export's currency, to reconcile with the platform's own screen.
    problems : list of DataProblem
        Warnings (the data are usable): rows dropped, totals that do not reconcile, spend spread
        over days...
    report : str or None
        The report type seen (``Campaign report``, ``Traffic acquisition``...).
    account : str or None
        Account / property / shop the export belongs to, when it says; with ``format`` it keys
        the de-duplication of overlapping exports.
    mtime : float
        The file's modification time (set by :func:`~roianalysis.sources.read_folder`).
    """

    path: str
    format: str
    tables: dict[str, pd.DataFrame]
    currency: str | None = None
    period: tuple[dt.date, dt.date] | None = None
    rows: RowCounts = field(default_factory=RowCounts)
    totals: dict[str, float] = field(default_factory=dict)
    problems: list[DataProblem] = field(default_factory=list)
    report: str | None = None
    account: str | None = None
    mtime: float = 0.0  # modification time of the file: the most recent export wins overlaps

    def warn(self, message: str, *, column: str | None = None, rows: tuple[int, ...] = (),
             code: str = "export_warning") -> None:
        """Add a warning about this export."""
        self.problems.append(DataProblem(self.path, message, column, tuple(rows), code, "warning"))

    def summary(self) -> str:
        """One line per fact, as ``roianalysis validate`` prints it."""
        return render_summary(self)


@dataclass(frozen=True)
class ReadContext:
    """What a reader may need besides the file.

    Attributes
    ----------
    config : ClientConfig or None
        The client's settings (time zone, currency, won deal stages, lead events, mappings).
    salt : bytes
        Salt of the pseudonymous contact keys (:func:`roianalysis.sources.privacy.contact_key`);
        the same for every file of one client, so sources join.
    """

    config: object = None
    salt: bytes = b""

    @property
    def timezone(self) -> str:
        return getattr(self.config, "timezone", "UTC")

    @property
    def currency(self) -> str | None:
        return getattr(self.config, "currency", None)

    def option(self, name: str, default=None):
        """A reader option of ``client.yml`` (``sources_options``), else ``default``."""
        opts = getattr(self.config, "sources_options", None) or {}
        return opts.get(name, default)


class RawFile:
    """A file to recognise: its bytes, and its text decoded once on demand.

    Text decoding follows the byte-order mark (UTF-8, UTF-16 LE/BE), then UTF-16 without BOM
    when every other byte is zero, then UTF-8, then Windows-1252 (old Excel exports).

    Nothing but the first 64 KB is read until a reader asks for :attr:`data`, :attr:`text` or
    :attr:`lines`: detection, :meth:`head`, :meth:`tail` and :attr:`digest` (streamed) never hold
    a 1 GB BigQuery export in memory.
    """

    _PREFIX = 65536

    def __init__(self, path: str | Path, data: bytes | None = None):
        self.path = Path(path)
        if data is not None:
            self.__dict__["data"] = data

    @cached_property
    def data(self) -> bytes:
        """The whole file (read on first use)."""
        return self.path.read_bytes()

    @cached_property
    def prefix(self) -> bytes:
        """The first 64 KB."""
        if "data" in self.__dict__:
            return self.data[: self._PREFIX]
        with open(self.path, "rb") as f:
            return f.read(self._PREFIX)

    @cached_property
    def size(self) -> int:
        return len(self.data) if "data" in self.__dict__ else self.path.stat().st_size

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @cached_property
    def digest(self) -> str:
        """Content hash (streamed from the file): the same file twice is read once."""
        if "data" in self.__dict__:
            return hashlib.blake2b(self.data, digest_size=16).hexdigest()
        h = hashlib.blake2b(digest_size=16)
        with open(self.path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()

    @cached_property
    def is_excel(self) -> bool:
        return self.prefix[:4] == b"PK\x03\x04" and self.suffix in (".xlsx", ".xlsm", "")

    @cached_property
    def is_parquet(self) -> bool:
        return self.prefix[:4] == b"PAR1"

    @cached_property
    def encoding(self) -> str:
        d = self.data if self.size <= self._PREFIX else self.prefix
        if d.startswith(b"\xef\xbb\xbf"):
            return "utf-8-sig"
        if d.startswith(b"\xff\xfe"):
            return "utf-16"
        if d.startswith(b"\xfe\xff"):
            return "utf-16"
        head = d[:400]
        if len(head) >= 4 and head[1::2].count(0) > 0.4 * len(head[1::2]) and head[0::2].count(0) == 0:
            return "utf-16-le"
        if len(head) >= 4 and head[0::2].count(0) > 0.4 * len(head[0::2]) and head[1::2].count(0) == 0:
            return "utf-16-be"
        try:
            d.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError as exc:
            if len(d) < self.size and exc.start >= len(d) - 4:  # a character cut by the prefix
                return "utf-8"
            return "cp1252"

    @cached_property
    def text(self) -> str:
        """The whole file as text, line endings kept (``\\r\\n``, ``\\r`` or ``\\n``)."""
        if self.is_excel or self.is_parquet:
            return ""
        try:
            return self.data.decode(self.encoding)
        except UnicodeDecodeError:
            return self.data.decode("latin-1")

    @cached_property
    def lines(self) -> list[str]:
        """Physical lines of :attr:`text` without their endings (CRLF, LF or lone CR)."""
        return self.text.splitlines()

    def head(self, n: int = 30) -> list[str]:
        """The first ``n`` lines, for detection (decoded from the first 64 KB only, so that
        asking every reader about a 50 MB export costs nothing)."""
        if "lines" in self.__dict__ or self.size <= self._PREFIX:
            return self.lines[:n]
        if self.is_excel or self.is_parquet:
            return []
        prefix = self.prefix
        if self.encoding.startswith("utf-16"):
            prefix = prefix[: len(prefix) // 2 * 2]
        lines = prefix.decode(self.encoding, errors="ignore").splitlines()
        return lines[: min(n, max(len(lines) - 1, 0))]  # the last line may be cut

    def tail(self, n: int = 3) -> list[str]:
        """The last ``n`` lines (from the last 4 KB only), for footers."""
        if "lines" in self.__dict__ or self.size <= self._PREFIX:
            return self.lines[-n:]
        if self.is_excel or self.is_parquet:
            return []
        with open(self.path, "rb") as f:
            f.seek(max(self.size - 4096, 0))
            end = f.read()
        if self.encoding.startswith("utf-16") and len(end) % 2:
            end = end[1:]
        enc = "utf-16-le" if self.encoding == "utf-16" else self.encoding
        return end.decode(enc, errors="ignore").splitlines()[1:][-n:]


def refuse(path: str | Path, message: str, code: str = "unsupported_export") -> DataValidationError:
    """The error for a recognised export that cannot serve (say what to export instead)."""
    return DataValidationError([DataProblem(str(path), message, code=code)])


def spread_over_days(frame: pd.DataFrame, start: dt.date, end: dt.date,
                     values: tuple[str, ...]) -> pd.DataFrame:
    """Spread each row's ``values`` evenly over the days ``start`` .. ``end`` (inclusive).

    Used when an export has no Day segment: a campaign's cost over a 28-day range becomes 28 daily
    rows of a 28th each, so period sums are exact for whole ranges and approximate inside them
    (the reader says so in a warning). Returns the rows repeated once per day with a ``date``
    column; the sum of each value column is unchanged.
    """
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    n = len(days)
    if n == 0:
        raise ValueError("empty date range")
    out = frame.loc[frame.index.repeat(n)].reset_index(drop=True)
    out["date"] = np.tile(days.to_numpy(dtype="datetime64[us]"), len(frame))
    for col in values:
        if col in out:
            out[col] = out[col].astype(float) / n
    return out


#: Canonical column order of the spend table (readers build frames with these).
SPEND_COLUMNS = ("date", "channel", "campaign", "category", "cost", "impressions", "clicks")


def spend_frame(date, channel, campaign, cost, impressions=None, clicks=None,
                category: str = "media") -> pd.DataFrame:
    """A spend table in canonical columns (``date`` as day-precision ``datetime64``)."""
    n = len(cost)
    nan = np.full(n, np.nan)
    return pd.DataFrame({
        "date": pd.to_datetime(pd.Series(date)).dt.normalize().astype("datetime64[us]").to_numpy(),
        "channel": np.asarray(channel, dtype=object) if not isinstance(channel, str) else [channel] * n,
        "campaign": np.asarray(campaign, dtype=object) if not isinstance(campaign, str) else [campaign] * n,
        "category": [category] * n,
        "cost": np.asarray(cost, dtype=float),
        "impressions": nan if impressions is None else np.asarray(impressions, dtype=float),
        "clicks": nan if clicks is None else np.asarray(clicks, dtype=float),
    })


def render_summary(imp: Import) -> str:
    """What ``roianalysis validate`` prints for one export."""
    lines = [f"{imp.path}: {imp.format}" + (f" ({imp.report})" if imp.report else "")]
    if imp.period:
        lines.append(f"  period {imp.period[0].isoformat()} .. {imp.period[1].isoformat()}")
    lines.append(f"  {imp.rows}")
    if imp.totals:
        cur = f" {imp.currency}" if imp.currency else ""
        parts = []
        for k, v in imp.totals.items():
            money = k in ("cost", "revenue", "commission", "gross", "taxes", "refunds", "shipping")
            parts.append(f"{k} {v:,.2f}{cur}" if money else f"{k} {v:,.0f}")
        lines.append("  totals: " + ", ".join(parts))
    tables = ", ".join(f"{k} ({len(v)} rows)" for k, v in imp.tables.items())
    if tables:
        lines.append(f"  gives: {tables}")
    return "\n".join(lines)
