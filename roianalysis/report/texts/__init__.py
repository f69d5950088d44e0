"""Every word the reports, the pages and the commands show: one catalogue, one lookup.

One file per language (``en.py``, ``fr.py``...), each a ``TEXTS`` dict from a key to a text with
``{placeholders}``; every language has the same keys and the same placeholders (a test checks
it). :data:`LANGUAGES` is read from the files of this folder: adding a language is adding a file.

:func:`text` is the only lookup: ``text("fr", "acq_title")``. An unknown language or key, or a
placeholder without a value, raises a clear error; nothing falls back to English silently.
Values are inserted as given: :mod:`roianalysis.report.context` escapes data-derived values
before they reach Markdown or HTML.

Keys are grouped by prefix: ``acq_`` / ``ret_`` / ``clv_`` / ``att_`` / ``mix_`` for a chapter,
``metric_<name>`` for the label of a metric of :data:`roianalysis.catalog.METRICS`, ``month_<n>``
and the other number and date words for :mod:`roianalysis.report.format`, ``page_`` for the
rendered pages (:mod:`roianalysis.render`), ``sc_`` for the ``scorecard`` command.
"""

from __future__ import annotations

import importlib
import string
from functools import cache
from pathlib import Path

__all__ = ["LANGUAGES", "catalogue", "channel_label", "has_text", "languages_in", "placeholders",
           "resolve_lang", "text"]

def languages_in(folder: str | Path) -> tuple[str, ...]:
    """The languages of a folder of catalogues: one per file named by a two-letter ISO 639-1
    code (``en.py``, ``fr.py``...), sorted."""
    return tuple(sorted(p.stem for p in Path(folder).glob("*.py")
                        if len(p.stem) == 2 and p.stem.isascii() and p.stem.isalpha()
                        and p.stem.islower()))


#: The report languages: one per ``xx.py`` file of this folder (``en``, ``fr``...), sorted.
LANGUAGES: tuple[str, ...] = languages_in(Path(__file__).parent)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every text of ``lang`` (one of :data:`LANGUAGES`), key -> text with ``{placeholders}``.

    Raises
    ------
    ValueError
        ``lang`` is not one of :data:`LANGUAGES`.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return importlib.import_module(f"{__name__}.{lang}").TEXTS


def resolve_lang(lang: str | None, data=None) -> str:
    """The report language: ``lang`` if given, else the client's ``language``, else English.

    ``"FR"``, ``"fr-FR"`` and ``"fr_CA"`` read as ``fr``.

    Raises
    ------
    ValueError
        The language is not one of :data:`LANGUAGES`.
    """
    if not lang and data is not None:
        lang = getattr(getattr(data, "config", None), "language", None)
    lang = (lang or "en").strip().lower()[:2]
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


def placeholders(template: str) -> set[str]:
    """The ``{names}`` of a text."""
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def has_text(key: str) -> bool:
    """True when ``key`` is in the catalogue (every language has the same keys)."""
    return key in catalogue("en")


def text(lang: str, key: str, **values: object) -> str:
    """The text ``key`` in ``lang`` with its ``{placeholders}`` filled by ``values``.

    Parameters
    ----------
    lang : str
        One of :data:`LANGUAGES` (``fr``, ``en``); ``"FR"`` or ``"fr-FR"`` read as ``fr``.
    key : str
        A key of the catalogue (``acq_title``, ``metric_cpl``...).
    **values
        The placeholders' values, inserted as given (``str.format``).

    Raises
    ------
    ValueError
        Unknown language.
    KeyError
        Unknown key, or a placeholder without a value.

    Examples
    --------
    >>> text("fr", "funnel_note_v2l", rate="6,1 %")
    '6,1 % des visiteurs deviennent leads'
    """
    texts = catalogue(lang if lang in LANGUAGES else resolve_lang(lang))
    try:
        template = texts[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in the catalogue roianalysis.report.texts") from None
    if not values and "{" not in template:
        return template
    try:
        return template.format(**values)
    except KeyError as e:
        raise KeyError(f"text {key!r} needs a value for {e.args[0]!r}") from None


#: The package's placeholder names (:mod:`roianalysis.schema`) -> their catalogue key.
_SPECIAL_CHANNELS = {"(unknown)": "unknown_channel", "(all channels)": "all_channels",
                     "(none)": "no_campaign", "(no segment)": "no_segment"}


def channel_label(name: object, lang: str) -> str:
    """The text of a channel, campaign or segment name: the package's placeholders
    (``(unknown)``, ``(none)``...) in ``lang``, any other name as it is."""
    s = str(name)
    key = _SPECIAL_CHANNELS.get(s)
    return text(lang, key) if key else s
