"""Exports as clients send them, read into the canonical tables.

An agency receives a Google Ads download, a Meta Ads Manager export, a GA4 report, a HubSpot or
Shopify export. Each reader of this package recognises its tool's files by their *content* and
maps them to the canonical tables of :mod:`roianalysis.schema`:

>>> from roianalysis import sources
>>> imp = sources.read("Campaign report.csv", config)          # doctest: +SKIP
>>> imp.format, imp.currency, imp.period, imp.rows, imp.totals  # doctest: +SKIP
('google_ads', 'EUR', (date(2026, 7, 1), date(2026, 9, 30)), ..., {'cost': 1234.5, ...})
>>> imp.tables["spend"]                                         # doctest: +SKIP

:func:`read_folder` reads every export of a client's ``exports/`` folder (any name, any
sub-folder) and :func:`combine` merges them: the same file twice adds nothing, overlapping exports
of one source count each campaign-day once (the most recent export wins), amounts are converted
to the client's currency (or refused when no rate is given).

Formats (:attr:`Import.format`): see :data:`FORMATS`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.sources.base import Import, RawFile, ReadContext, RowCounts, refuse, render_summary
from roianalysis.sources.combine import Combined, combine

__all__ = [
    "FORMATS",
    "Combined",
    "Import",
    "RawFile",
    "ReadContext",
    "RowCounts",
    "combine",
    "detect",
    "read",
    "read_folder",
    "refuse",
    "render_summary",
]

#: Reader modules, in the order they are asked to recognise a file (specific layouts first; the
#: generic column-mapping reader last).
READERS: tuple[str, ...] = (
    "google_ads",
    "google_ads_api",
    "microsoft_ads",
    "linkedin_ads",
    "tiktok_ads",
    "meta_ads",
    "awin",
    "ga4_ui",
    "ga4_bigquery",
    "search_console",
    "hubspot",
    "shopify",
    "mautic",
    "generic",
)

#: What each format is, and what to export from the tool (used in error messages).
FORMATS: dict[str, str] = {
    "google_ads": "Google Ads UI download (Campaigns / Ad groups / Ads, segmented by Day)",
    "google_ads_api": "Google Ads API / GAQL report (segments_date, metrics_cost_micros)",
    "meta_ads": "Meta Ads Manager / Ads Reporting export, CSV or XLSX (Breakdown > By time > Day, with Campaign name and Amount spent), or Marketing API insights (date_start, spend)",
    "microsoft_ads": "Microsoft Advertising campaign performance report (TimePeriod, Spend)",
    "linkedin_ads": "LinkedIn Campaign Manager campaign performance report (daily)",
    "tiktok_ads": "TikTok Ads Manager campaign report (By day)",
    "awin": "Awin transactions export (Reports > Transactions: transaction_date, commission, commission_status, sale_amount, publisher_name)",
    "ga4_ui": "GA4 Traffic acquisition / User acquisition report download (CSV)",
    "ga4_bigquery": "GA4 BigQuery export (events_* as JSONL or Parquet)",
    "search_console": "Google Search Console performance export (Queries / Pages / Dates)",
    "hubspot_contacts": "HubSpot contacts export (Record ID, Create Date, Original Source)",
    "hubspot_deals": "HubSpot deals export (Record ID, Deal Stage, Amount, Close Date)",
    "shopify_orders": "Shopify Orders export (Orders > Export, all columns)",
    "mautic_contacts": "Mautic contacts export (id, email, date added)",
    "generic": "any CSV/XLSX mapped to a canonical table by client.yml 'sources:'",
}

EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".json", ".jsonl", ".ndjson", ".parquet")


def _reader(name: str):
    return importlib.import_module(f"{__name__}.{name}")


def readers() -> list:
    """The reader modules that exist, in :data:`READERS` order."""
    out = []
    for name in READERS:
        try:
            out.append(_reader(name))
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    return out


def detect(raw: RawFile, ctx: ReadContext | None = None):
    """The reader module that recognises ``raw``, or ``None``.

    A column mapping of the client's ``sources:`` is asked first: what the user declared wins
    over a built-in reader that would also claim the file.
    """
    mods = readers()
    if ctx is not None and getattr(ctx.config, "sources", None):
        mods = sorted(mods, key=lambda m: m.__name__ != f"{__name__}.generic")
    for mod in mods:
        try:
            ok = mod.detect(raw, ctx) if getattr(mod, "DETECT_TAKES_CONTEXT", False) else mod.detect(raw)
        except Exception:  # a detector must never break another format's file
            ok = False
        if ok:
            return mod
    return None


def read(path: str | Path, config=None, *, salt: bytes | None = None, data: bytes | None = None
         ) -> Import:
    """Read one export into canonical tables.

    Parameters
    ----------
    path : str or Path
        The export file.
    config : ClientConfig, optional
        The client's settings (time zone, currency, mappings); defaults when omitted.
    salt : bytes, optional
        Salt of the pseudonymous contact keys; give the client's to join several files (a fresh
        random salt is used otherwise, so keys are consistent within this file only).

    Raises
    ------
    DataValidationError
        The file is not an export any reader recognises (the message names the formats tried
        and what to export), or a recognised report cannot serve (the report seen, and what to
        export instead), or it holds bad cells (file, row, column, expectation).
    """
    import secrets

    ctx = ReadContext(config, secrets.token_bytes(16) if salt is None else salt)
    return _read_raw(RawFile(Path(path), data), ctx)


def _read_raw(raw: RawFile, ctx: ReadContext) -> Import:
    """:func:`read` of a file already opened (its first bytes and hash may be known)."""
    p = raw.path
    try:
        empty = raw.size == 0 or (raw.size <= RawFile._PREFIX and not raw.prefix.strip())
    except OSError as exc:  # the file is read lazily: a missing or unreadable one fails here
        raise DataValidationError([DataProblem(str(p), f"cannot read the file ({exc.strerror or exc})",
                                               code="bad_file")]) from None
    if empty:
        raise refuse(p, "the file is empty: export the report again", code="empty_file")
    mod = detect(raw, ctx)
    if mod is None:
        tried = ", ".join(FORMATS)
        raise DataValidationError([DataProblem(
            str(p), "not an export roianalysis recognises (formats tried: " + tried + "). "
            "Export one of the reports the README lists under 'Bringing your exports' (for ad "
            "platforms: campaigns segmented by day, with cost), or map its columns to a table in "
            "client.yml 'sources:'", code="unknown_export")])
    imp = mod.read(raw, ctx)
    if not imp.rows.balanced:  # a reader bug must not lose rows silently
        raise AssertionError(f"{mod.__name__}: rows do not balance for {p}: {imp.rows}")
    return imp


def export_files(folder: str | Path) -> list[Path]:
    """Every file under ``folder`` (any name, any depth) that may be an export, sorted; hidden
    files and folders (``.DS_Store``, ``.~lock``) are skipped."""
    root = Path(folder)
    if not root.is_dir():
        return []
    out = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(part.startswith((".", "~$")) for part in rel.parts):
            continue
        if p.is_file():
            out.append(p)
    return out


def read_folder(folder: str | Path, config=None, *, salt: bytes | None = None
                ) -> tuple[list[Import], list[DataProblem]]:
    """Read every export under ``folder``.

    Returns the imports (the same content twice is read once: the second copy is named in a
    warning) and the problems. Raises :class:`DataValidationError` listing every file that
    cannot be read, after trying them all.
    """
    import secrets

    ctx = ReadContext(config, secrets.token_bytes(16) if salt is None else salt)
    imports: list[Import] = []
    problems: list[DataProblem] = []
    errors: list[DataProblem] = []
    seen: dict[str, str] = {}
    for path in export_files(folder):
        if path.suffix.lower() not in EXPORT_SUFFIXES:
            problems.append(DataProblem(str(path), f"not read: '{path.suffix}' files are not exports "
                                        f"(expected {', '.join(EXPORT_SUFFIXES)}); a .zip or .gz "
                                        "must be unpacked first", code="skipped_file",
                                        severity="warning"))
            continue
        raw = RawFile(path)
        try:
            digest = raw.digest  # streamed; the reader reuses this RawFile
        except OSError as exc:
            errors.append(DataProblem(str(path), f"cannot read the file ({exc})", code="bad_file"))
            continue
        if digest in seen:
            problems.append(DataProblem(str(path), f"same content as {seen[digest]}: read once",
                                        code="duplicate_export", severity="warning"))
            continue
        seen[digest] = str(path)
        try:
            imp = _read_raw(raw, ctx)
        except DataValidationError as exc:
            errors += exc.problems
            continue
        imp.mtime = path.stat().st_mtime
        imports.append(imp)
        problems += imp.problems
    if errors:
        raise DataValidationError(errors + problems)
    return imports, problems
