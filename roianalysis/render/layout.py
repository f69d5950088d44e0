"""Where the renderer puts each file (one place, so the runner and the index pages agree).

The folder one sends to a client holds only what the client reads::

    <out>/<client>/index.html                   the client's reports, in the client's language
    <out>/<client>/<period>/01_overview.html    one page per notebook, in the client's language
    <out>/<client>/<period>/report.html         the combined report: every chapter, a contents
    <out>/<client>/<period>/report.pdf          its A4 PDF (``render --pdf``)
    <out>/<client>/<period>/01_overview.en.html the same in another language (``--lang en`` for a
                                                French client): the language is in the name

What the agency keeps stays outside the client folders::

    <out>/index.html                            every client (agency only: no client links to it)
    <out>/_audit/<client>/<period>/01_overview.ipynb     executed notebooks, for audit
    <out>/_failed/<client>/<period>/01_overview.ipynb    executed notebooks that failed

Notebook stems never contain a dot (:func:`~.safe.check_notebook_name`), so ``<stem>.<lang>``
cannot be mistaken for a stem.
"""

from __future__ import annotations

import re
from pathlib import Path

#: File stem of the combined report of a client and period (``report.html``, ``report.pdf``).
COMBINED_STEM = "report"
#: Executed notebooks of published reports (outside every client folder).
AUDIT_DIR = "_audit"
#: Executed notebooks that failed (outside every client folder).
FAILED_DIR = "_failed"

_LANG_SUFFIX = re.compile(r"^(?P<stem>[A-Za-z0-9][A-Za-z0-9_-]*)(?:\.(?P<lang>[a-z]{2}))?$")


def page_name(stem: str, lang: str, own_lang: str, ext: str = ".html") -> str:
    """File name of a page: ``01_overview.html`` in the client's own language ``own_lang``,
    ``01_overview.en.html`` in another language ``lang``."""
    return f"{stem}{ext}" if lang == own_lang else f"{stem}.{lang}{ext}"


def split_name(path: Path) -> tuple[str, str | None]:
    """``(stem, lang)`` of a page file: ``01_overview.en.html`` -> ``("01_overview", "en")``,
    ``01_overview.html`` -> ``("01_overview", None)`` (the client's own language)."""
    m = _LANG_SUFFIX.match(path.name[: -len(path.suffix)] if path.suffix else path.name)
    if not m:
        return path.stem, None
    return m["stem"], m["lang"]


def audit_dir(out_dir: Path, client: str, period_dir: str) -> Path:
    """``<out>/_audit/<client>/<period>``: executed notebooks of the published reports."""
    return out_dir / AUDIT_DIR / client / period_dir


def failed_dir(out_dir: Path, client: str, period_dir: str) -> Path:
    """``<out>/_failed/<client>/<period>``: executed notebooks that failed."""
    return out_dir / FAILED_DIR / client / period_dir
