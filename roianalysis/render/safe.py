"""Safety helpers: escaping, HTML sanitizing, spreadsheet-formula neutralising, path validation.

- :func:`html_text` escapes any text for HTML (element content and attribute values).
- :func:`sanitize_html` keeps the harmless part of an HTML fragment (tables, formatting, inline
  styles, ``data:`` images) and escapes the rest, so a channel named
  ``<script>alert(1)</script>`` shows as text even when a notebook forgot to escape it.
- :func:`csv_safe` neutralises spreadsheet formulas in a DataFrame before any CSV/Excel export.
- :func:`report_problems` lists what must never be in a client report (scripts, external URLs,
  tracebacks, code).
- :func:`check_notebook_name` (and :func:`roianalysis.periods.period_dirname`, re-exported) turn
  user input into safe path parts.
"""

from __future__ import annotations

import functools
import html
import re
import threading
from html.parser import HTMLParser
from typing import Any

import pandas as pd

from roianalysis.data.files import check_client_name
from roianalysis.errors import RoiAnalysisError
from roianalysis.periods import period_dirname
from roianalysis.text import html_text

__all__ = [
    "check_client_name",
    "check_notebook_name",
    "csv_safe",
    "csv_safe_value",
    "html_text",
    "is_local_link",
    "period_dirname",
    "report_problems",
    "sanitize_html",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\ufe62", "\uff0b", "\ufe63",
                  "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")




#: Characters a spreadsheet may split a cell on when it opens a CSV with another separator
#: than the writer's (French Excel splits on ``;``): a formula may start after any of them.
_CELL_SPLIT = re.compile(r"([,;\t|\r\n])")


def csv_safe_value(value: Any) -> Any:
    """Neutralise one cell: text starting with ``= + - @`` (or tab/CR) gets a leading ``'``, and
    so does every part after a separator character (``,`` ``;`` tab ``|`` or a line break), since
    a spreadsheet splitting on another separator than the writer's would start a cell there:
    ``Promo;=cmd()`` becomes ``Promo;'=cmd()``.

    Plain numbers written as text (``-12,5``, ``+3``) are left alone: they are not formulas.
    Non-text values are returned unchanged.
    """
    if not isinstance(value, str) or not value:
        return value
    if _PLAIN_NUMBER.match(value.strip()):
        return value
    parts = _CELL_SPLIT.split(value)  # text, separator, text, separator...
    for i in range(0, len(parts), 2):
        piece = parts[i]
        if piece.lstrip(" ").startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(piece.strip()):
            parts[i] = "'" + piece
    out = "".join(parts)
    return out if out.startswith("'") or not value.startswith(_FORMULA_START) else "'" + out


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` safe to export as CSV/Excel: no text cell can run as a formula.

    Every text cell, column label and index label that starts with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return (or their full-width forms) is prefixed with ``'``, which
    spreadsheets show as text (OWASP "CSV injection"). Numeric columns are untouched.

    Examples
    --------
    >>> csv_safe(pd.DataFrame({"c": ["=HYPERLINK(\\"x\\")", "ok", "-3"]}))["c"].tolist()
    ['\\'=HYPERLINK("x")', 'ok', '-3']
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s) or isinstance(s.dtype, pd.CategoricalDtype):
            if isinstance(s.dtype, pd.CategoricalDtype):
                s = s.astype(object)
            out[col] = s.map(csv_safe_value)
    out.columns = _safe_labels(out.columns)
    out.index = _safe_labels(out.index)
    return out


def _safe_labels(labels: pd.Index) -> pd.Index:
    if isinstance(labels, pd.MultiIndex):
        return pd.MultiIndex.from_tuples([tuple(csv_safe_value(v) for v in t) for t in labels],
                                         names=labels.names)
    if labels.dtype == object or pd.api.types.is_string_dtype(labels):
        return pd.Index([csv_safe_value(v) for v in labels], name=labels.name, dtype=object)
    return labels


# ----------------------------------------------------------------------------- HTML sanitizing
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def is_local_link(href: str) -> bool:
    """True for a link a report may hold: an in-page ``#anchor`` or a relative link to another
    report (``../index.html``, ``02_acquisition.html``). Any scheme (``https:``, ``mailto:``,
    ``javascript:``, ``data:``...), a protocol-relative ``//host`` or a ``\\`` path is not.
    Browsers ignore blanks and control characters inside a URL, so they are ignored here too."""
    v = _INVISIBLE.sub("", html.unescape(href or ""))
    return not (_SCHEME.match(v) or v.startswith(("//", "\\", "/\\", "\\/")))


_TAGS = [
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
    "span", "strong", "style", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
]
_COMMON_ATTRS = {"class", "id", "style", "title", "lang", "dir", "align", "valign", "colspan",
                 "rowspan", "scope", "headers", "width", "height", "border", "cellpadding",
                 "cellspacing", "span", "start", "type", "open"}


def _allowed_attr(tag: str, name: str, value: str) -> bool:
    if name in _COMMON_ATTRS:
        return True
    v = value.strip().lower()
    if tag == "img" and name == "src":
        return v.startswith("data:image/")
    if tag == "img" and name == "alt":
        return True
    if tag == "a" and name == "href":
        return is_local_link(value)
    return tag == "a" and name in ("name", "rel", "target")


def sanitize_html(fragment: str) -> str:
    """Keep tables, formatting, inline styles and ``data:`` images; escape everything else.

    Scripts, event handlers, iframes, forms and external images come out as visible text or are
    dropped, so data-derived text can never run in a report.
    """
    return _cleaner().clean(fragment)


_local = threading.local()
#: CSS properties kept in ``style`` attributes (bleach's list plus layout ones tables use).
_CSS_PROPERTIES = frozenset({
    "border-bottom", "border-top", "border-left", "border-right", "border", "padding",
    "padding-left", "padding-right", "margin", "min-width", "max-width", "display",
    "font-variant-numeric", "white-space", "opacity",
})


@functools.cache
def _css_sanitizer():
    """One CSS sanitizer for the process, remembering its answers: a report's tables repeat the
    same few ``style`` values thousands of times, and parsing each with tinycss2 was a third
    of the sanitizing."""
    from bleach.css_sanitizer import ALLOWED_CSS_PROPERTIES, CSSSanitizer

    class Remembering(CSSSanitizer):
        @functools.lru_cache(maxsize=4096)  # noqa: B019 - one instance, kept for the process
        def sanitize_css(self, style: str) -> str:
            return super().sanitize_css(style)

    return Remembering(allowed_css_properties=set(ALLOWED_CSS_PROPERTIES) | _CSS_PROPERTIES)


def _cleaner():
    """This thread's bleach Cleaner (a Cleaner holds parser state: one per thread)."""
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        from bleach.sanitizer import Cleaner

        cleaner = _local.cleaner = Cleaner(
            tags=_TAGS, attributes=_allowed_attr, protocols=["http", "https", "mailto", "data"],
            css_sanitizer=_css_sanitizer(), strip=False, strip_comments=True)
    return cleaner


# ----------------------------------------------------------------------------- report checks
_URL_ATTRS = {"src", "srcset", "poster", "data", "action", "formaction", "background", "xlink:href",
              "manifest", "codebase", "cite", "longdesc", "ping"}
_EMBEDDING = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "form", "base",
              "portal", "audio", "video", "source", "track"}
_EXTERNAL_URL = re.compile(r"^\s*(https?:|ftp:|//)", re.I)
_CSS_EXTERNAL = re.compile(r"url\(\s*[\"']?\s*(https?:|ftp:|//)|@import", re.I)
_PROMPT = re.compile(r"^\s*(In|Out)\s*\[\s*\d*\s*\]:?\s*$")


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def _add(self, why: str) -> None:
        if why not in self.problems:
            self.problems.append(why)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _EMBEDDING:
            self._add(f"a <{tag}> element")
        self._in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add("an inline event handler")
            if "javascript:" in value.lower().replace(" ", ""):
                self._add("a javascript: URL")
            if (name in _URL_ATTRS or (tag == "link" and name == "href")) and _EXTERNAL_URL.match(value):
                self._add("an external resource URL")
            if name == "href" and tag != "link" and not is_local_link(value):
                self._add("an external link")
            if name == "style" and _CSS_EXTERNAL.search(value):
                self._add("an external CSS url() or @import")
            if name == "class" and ("jp-InputArea-editor" in value or "highlight" in value.split()):
                self._add("a code cell")
            if name == "data-mime-type" and "stderr" in value:
                self._add("an error output")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and _CSS_EXTERNAL.search(data):
            self._add("an external CSS url() or @import")
        if "Traceback (most recent call last)" in data:
            self._add("an error output")
        if _PROMPT.match(data):
            self._add("an In/Out prompt")


def report_problems(page: str) -> list[str]:
    """What makes ``page`` unfit to send to a client (empty list: fine).

    Looks at real elements and attributes (not at escaped text): embedding elements (script,
    iframe, form...), event handlers, ``javascript:`` URLs, external resource URLs and CSS
    ``url()``/``@import``, links out of the report (any ``href`` but an in-page ``#anchor`` or a
    relative link to another report: :func:`is_local_link`), code cells, error outputs and
    In/Out prompts.
    """
    checker = _Checker()
    checker.feed(page)
    checker.close()
    return checker.problems


# ----------------------------------------------------------------------------- paths
_NOTEBOOK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def check_notebook_name(name: str) -> str:
    """Return ``name`` if it is a safe notebook stem (letters, digits, ``_``, ``-``)."""
    if not isinstance(name, str) or not _NOTEBOOK_NAME.match(name):
        raise RoiAnalysisError(f"invalid notebook name {name!r}: use letters, digits, '_' or '-'")
    return name
