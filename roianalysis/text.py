"""The one rule for data-derived text: shown as typed, never interpreted.

Channel, campaign, client, owner and segment names come from the client's files, and campaign
names from UTM tags anyone can set. Wherever such a text is shown it goes through the function of
its medium here, and nowhere else is data text escaped:

- :func:`markdown_text` for Markdown (notebook sentences, headings; then HTML in reports): HTML
  special characters become entities, Markdown punctuation is backslashed, and what a Markdown
  renderer would turn into a link by itself (``https://...``, ``www.``, ``x@y.z``) is broken with
  a backslash: no link, no emphasis, no math, no heading or list, nothing interpreted.
- :func:`html_text` for HTML element content and attribute values.
- :func:`chart_text` for matplotlib texts (labels, ticks, legends, titles): ``$`` would start
  math, and a label starting with ``_`` is hidden from legends.
- :func:`terminal_text` for the command line: escape sequences and other control characters
  (which can recolour, move the cursor, rewrite the terminal title...) are shown as ``\\x1b``.

>>> markdown_text("[click](https://evil.example)")
'\\\\[click\\\\]\\\\(https\\\\://evil.example\\\\)'
>>> chart_text("_internal")
'\\u200b_internal'
>>> terminal_text("red\\x1b[31m")
'red\\\\x1b[31m'
"""

from __future__ import annotations

import html
import re

__all__ = ["chart_text", "html_text", "markdown_text", "terminal_text"]

#: Markdown punctuation backslashed (``$``: two amounts in a sentence would be read as LaTeX math;
#: ``:`` and ``@``: ``https://`` and ``x@y.z`` would become links by themselves).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>$:@-])")
_WWW = re.compile(r"(?i)\b(www)\.")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The zero-width space put before a chart label starting with ``_`` (matplotlib leaves labels
#: starting with ``_`` out of legends).
ZERO_WIDTH = "\u200b"


def markdown_text(value: object) -> str:
    """``value`` as literal text inside Markdown (see the module docstring).

    Line breaks become spaces (a line break followed by ``1.`` or ``===`` would start a list or a
    heading)."""
    s = _LINE_BREAKS.sub(" ", str(value))
    s = html.escape(s, quote=False)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return _WWW.sub(r"\1\\.", s)


def html_text(value: object) -> str:
    """``value`` (any object, ``str()``-ed; ``None`` is empty) escaped for HTML text and
    attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def chart_text(value: object) -> str:
    """``value`` as a literal matplotlib text: ``$`` escaped (no math), a zero-width space before
    a leading ``_`` (kept in legends)."""
    s = str(value).replace("$", r"\$")
    return ZERO_WIDTH + s if s.startswith("_") else s


def terminal_text(value: object) -> str:
    """``value`` safe to print on a terminal: control characters (escape sequences, carriage
    returns, bidirectional overrides) shown as ``\\xNN`` / ``\\uNNNN``, nothing else changed."""
    def shown(m: re.Match) -> str:
        c = ord(m.group())
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"

    return _CONTROL.sub(shown, str(value))
