"""A client's settings: ``data/raw/<client>/client.yml``.

Every key is optional; :data:`DEFAULTS` documents the default of each. An unknown key is an error
(a typo such as ``timezon:`` must not be silently ignored).

Keys
----
name : str
    Display name in reports. Default: the folder name.
currency : str
    ISO 4217 code of every amount (``EUR``). Default ``EUR``.
timezone : str
    IANA time zone (``Europe/Paris``). Timestamps without an offset are wall-clock times there;
    timestamps with one are converted to it; periods are days in it. Default ``UTC``.
language : str
    ``fr`` or ``en``: language of the reports. Default ``en``.
gross_margin_rate : float or None
    Gross margin as a share of revenue (0..1), used when orders have no ``margin`` column.
    Default ``None``: margin-based metrics (``margin_roi``, CLV) are missing rather than guessed.
discount_rate : float
    Annual discount rate for CLV. Default ``0.10``.
conversion_window_days : int
    Window after lead creation in which a first order counts for ``lead_to_customer``. Default 90.
attribution : mapping
    ``conversion`` (``order`` or ``lead``, default ``order``), ``lookback_days`` (default 90),
    ``half_life_days`` (time decay, default 7), ``direct_channels`` (default ``[Direct]``).
channel_aliases : mapping
    Raw channel name -> canonical name, matched case-insensitively (``adwords: Paid Search``).
channels : list of str
    Channels the client recognises, besides those found in the data (used to validate objectives).
date_format : str
    ``dayfirst`` (default; ``05/01/2026`` is 5 January, as French exports write it) or
    ``monthfirst``. ISO dates are always read as ISO.
status_thresholds : mapping
    ``at_risk`` (default 0.9): achievement at or above 1 is on track, at or above ``at_risk`` is at
    risk, below it off track.
exchange_rates : mapping
    Currency code -> units of the client's currency per unit of it (``{USD: 0.92}``), used to
    convert exports in another currency (without a rate such an export is refused). Default none.
sources : mapping
    Column mappings for exports no built-in reader knows (the generic reader of
    :mod:`roianalysis.sources.generic`). Default none.
sources_options : mapping
    Reader options: ``won_stages`` (deal stages that count as won, besides HubSpot's defaults),
    ``lost_stages``, ``lead_events`` (GA4 events that make a lead, default ``generate_lead``,
    ``sign_up``), ``lead_stages`` (CRM lifecycle stages that count as a lead). Default none.
"""

from __future__ import annotations

import copy
import math
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from roianalysis.errors import ConfigError

#: Longest window in days (``conversion_window_days``, ``lookback_days``, ``half_life_days``):
#: ten years; a longer one is a typo, and 10**11 days overflows every date computation.
MAX_DAYS = 3660
#: Largest ``client.yml`` read (a settings file is a few hundred bytes).
MAX_CONFIG_BYTES = 256 * 1024
#: Languages a client may ask its reports in: the files of roianalysis/report/texts/ (a test
#: checks they are the same).
REPORT_LANGUAGES = ("fr", "en")

DEFAULTS: dict[str, Any] = {
    "name": None,
    "currency": "EUR",
    "timezone": "UTC",
    "language": "en",
    "gross_margin_rate": None,
    "discount_rate": 0.10,
    "conversion_window_days": 90,
    "attribution": {
        "conversion": "order",
        "lookback_days": 90,
        "half_life_days": 7.0,
        "direct_channels": ["Direct"],
    },
    "channel_aliases": {},
    "channels": [],
    "date_format": "dayfirst",
    "status_thresholds": {"at_risk": 0.9},
    "exchange_rates": {},
    "sources": {},
    "sources_options": {},
}

#: Keys allowed under ``sources_options``.
SOURCE_OPTIONS = ("won_stages", "lost_stages", "lead_events", "lead_stages")


@dataclass(frozen=True)
class ClientConfig:
    """Validated ``client.yml`` with defaults filled in (see module docstring)."""

    client: str
    name: str
    currency: str = "EUR"
    timezone: str = "UTC"
    language: str = "en"
    gross_margin_rate: float | None = None
    discount_rate: float = 0.10
    conversion_window_days: int = 90
    attribution: dict = field(default_factory=lambda: copy.deepcopy(DEFAULTS["attribution"]))
    channel_aliases: dict = field(default_factory=dict)
    channels: tuple = ()
    date_format: str = "dayfirst"
    status_thresholds: dict = field(default_factory=lambda: dict(DEFAULTS["status_thresholds"]))
    exchange_rates: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    sources_options: dict = field(default_factory=dict)

    def canonical_channel(self, raw: str) -> str:
        """Map a raw channel name through ``channel_aliases`` (case-insensitive)."""
        return _alias_map(self.channel_aliases).get(str(raw).strip().casefold(), str(raw).strip())


def _alias_map(aliases: dict) -> dict[str, str]:
    return {str(k).strip().casefold(): str(v).strip() for k, v in aliases.items()}


def _fail(path: Path | str, msg: str) -> None:
    raise ConfigError(f"{path}: {msg}")


def parse_config(raw: dict | None, client: str, path: Path | str = "client.yml") -> ClientConfig:
    """Validate a ``client.yml`` mapping and fill in defaults.

    Raises
    ------
    ConfigError
        Unknown key, wrong type, unknown time zone, language other than ``fr``/``en``...
    """
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        _fail(path, f"expected a mapping of settings, got {type(raw).__name__}")
    unknown = sorted(set(raw) - set(DEFAULTS))
    if unknown:
        _fail(path, f"unknown key(s) {', '.join(map(repr, unknown))}; known keys are "
                    f"{', '.join(sorted(DEFAULTS))}")
    cfg = copy.deepcopy(DEFAULTS)
    for key, value in raw.items():
        if key == "attribution":
            if not isinstance(value, dict):
                _fail(path, "'attribution' must be a mapping (conversion, lookback_days, ...)")
            bad = sorted(set(value) - set(DEFAULTS["attribution"]))
            if bad:
                _fail(path, f"unknown key(s) under 'attribution': {', '.join(map(repr, bad))}; "
                            f"known: {', '.join(sorted(DEFAULTS['attribution']))}")
            cfg["attribution"].update(value)
        elif key == "status_thresholds":
            if not isinstance(value, dict) or set(value) - {"at_risk"}:
                _fail(path, "'status_thresholds' must be a mapping with key 'at_risk'")
            cfg["status_thresholds"].update(value)
        else:
            cfg[key] = value

    name = cfg["name"] if cfg["name"] is not None else client
    if not isinstance(name, str) or not name.strip():
        _fail(path, "'name' must be a non-empty text")
    currency = str(cfg["currency"]).upper()
    if len(currency) != 3 or not currency.isalpha():
        _fail(path, f"'currency' must be an ISO 4217 code such as EUR or USD, got {cfg['currency']!r}")
    try:
        zoneinfo.ZoneInfo(str(cfg["timezone"]))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        _fail(path, f"'timezone' must be an IANA time zone such as Europe/Paris, got {cfg['timezone']!r}")
    # the report languages (roianalysis.report.texts.LANGUAGES, which this layer may not import;
    # tests/report/test_labels.py keeps the two equal)
    if cfg["language"] not in REPORT_LANGUAGES:
        _fail(path, f"'language' must be {' or '.join(repr(x) for x in REPORT_LANGUAGES)}, "
                    f"got {cfg['language']!r}")
    gmr = cfg["gross_margin_rate"]
    if gmr is not None and (not isinstance(gmr, int | float) or isinstance(gmr, bool) or not 0 <= gmr <= 1):
        _fail(path, f"'gross_margin_rate' must be a number between 0 and 1, got {gmr!r}")
    dr = cfg["discount_rate"]
    if not isinstance(dr, int | float) or isinstance(dr, bool) or not 0 <= dr < 1:  # NaN fails too
        _fail(path, f"'discount_rate' must be a number in [0, 1), got {dr!r}")
    cw = cfg["conversion_window_days"]
    if not isinstance(cw, int) or isinstance(cw, bool) or not 0 < cw <= MAX_DAYS:
        _fail(path, f"'conversion_window_days' must be a whole number of days from 1 to {MAX_DAYS}, "
                    f"got {cw!r}")
    att = cfg["attribution"]
    if att["conversion"] not in ("order", "lead"):
        _fail(path, f"'attribution.conversion' must be 'order' or 'lead', got {att['conversion']!r}")
    lb = att["lookback_days"]
    if not isinstance(lb, int) or isinstance(lb, bool) or not 0 < lb <= MAX_DAYS:
        _fail(path, f"'attribution.lookback_days' must be a whole number of days from 1 to "
                    f"{MAX_DAYS}, got {lb!r}")
    hl = att["half_life_days"]
    if (not isinstance(hl, int | float) or isinstance(hl, bool) or not math.isfinite(hl)
            or not 0 < hl <= MAX_DAYS):
        _fail(path, f"'attribution.half_life_days' must be a number of days in (0, {MAX_DAYS}], "
                    f"got {hl!r}")
    if isinstance(att["direct_channels"], str):
        att["direct_channels"] = [att["direct_channels"]]
    if not isinstance(cfg["channel_aliases"], dict):
        _fail(path, "'channel_aliases' must be a mapping such as {adwords: Paid Search}")
    if not isinstance(cfg["channels"], list):
        _fail(path, "'channels' must be a list of channel names")
    if cfg["date_format"] not in ("dayfirst", "monthfirst"):
        _fail(path, f"'date_format' must be 'dayfirst' or 'monthfirst', got {cfg['date_format']!r}")
    rates = cfg["exchange_rates"]
    if not isinstance(rates, dict) or any(
            not isinstance(v, int | float) or isinstance(v, bool) or not 0 < v < 1e6
            for v in rates.values()):
        _fail(path, "'exchange_rates' must map currency codes to positive numbers "
                    "(units of the client's currency per unit), such as {USD: 0.92}")
    if not isinstance(cfg["sources"], dict):
        _fail(path, "'sources' must be a mapping of export name -> column mapping")
    opts = cfg["sources_options"]
    if not isinstance(opts, dict) or set(opts) - set(SOURCE_OPTIONS):
        bad = sorted(set(opts) - set(SOURCE_OPTIONS)) if isinstance(opts, dict) else []
        _fail(path, f"'sources_options' must be a mapping with keys among "
                    f"{', '.join(SOURCE_OPTIONS)}" + (f"; unknown: {', '.join(bad)}" if bad else ""))
    for k, v in opts.items():
        if isinstance(v, str):
            opts[k] = [v]
        elif not isinstance(v, list):
            _fail(path, f"'sources_options.{k}' must be a list of names")
    ar = cfg["status_thresholds"]["at_risk"]
    if not isinstance(ar, int | float) or isinstance(ar, bool) or not 0 < ar <= 1:
        _fail(path, f"'status_thresholds.at_risk' must be a number in (0, 1], got {ar!r}")

    return ClientConfig(
        client=client,
        name=name.strip(),
        currency=currency,
        timezone=str(cfg["timezone"]),
        language=cfg["language"],
        gross_margin_rate=None if gmr is None else float(gmr),
        discount_rate=float(dr),
        conversion_window_days=cw,
        attribution=att,
        channel_aliases={str(k): str(v) for k, v in cfg["channel_aliases"].items()},
        channels=tuple(str(c) for c in cfg["channels"]),
        date_format=cfg["date_format"],
        status_thresholds=cfg["status_thresholds"],
        exchange_rates={str(k).upper(): float(v) for k, v in rates.items()},
        sources=dict(cfg["sources"]),
        sources_options={k: [str(x) for x in v] for k, v in opts.items()},
    )


def load_config(folder: Path, client: str) -> ClientConfig:
    """Read ``folder/client.yml`` (missing file = all defaults)."""
    path = folder / "client.yml"
    if not path.exists():
        alt = folder / "client.yaml"
        path = alt if alt.exists() else path
    if not path.exists():
        return parse_config({}, client, path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: {len(data)} bytes is too large for a settings file "
                          f"(at most {MAX_CONFIG_BYTES})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows Notepad / old editors save Windows-1252: read it (every byte means something
        # there but five, which are refused by name)
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{path}: the file is neither UTF-8 nor Windows-1252 (byte "
                              f"{data[exc.start]:#04x} at offset {exc.start}): save it as UTF-8"
                              ) from None
    try:
        raw = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader without aliases
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    return parse_config(raw, client, path)


class _NoAliasLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` refusing anchors and aliases (``&a`` / ``*a``): settings need none,
    and nested aliases make a few hundred bytes expand to gigabytes (a "billion laughs")."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.YAMLError(f"aliases (*{event.anchor}) are not allowed in client.yml "
                                 f"(line {event.start_mark.line + 1}): write the value out")
        return super().compose_node(parent, index)
