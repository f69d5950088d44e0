"""The combined report of a client and period: every chapter in one page, with a contents.

:func:`build_combined` assembles the chapter pages already exported for a client, period and
language (no notebook runs again): each chapter's ``<main>`` goes into a ``<section>`` with an
anchor, the ids inside a chapter get the chapter's prefix (two chapters may both have a "Method"
heading), and a table of contents links to every chapter and its sections. The page gets the same
checks as a chapter (:func:`~.safe.report_problems`) and the stylesheet's print rules (A4, a page
break before each chapter, charts and table rows kept whole, wide tables fitted to the page), so
``render --pdf`` prints it as it is (:func:`~.browser.print_pdf`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from roianalysis import __version__
from roianalysis.render.export import ReportProblem, format_generated, page_labels, report_css
from roianalysis.render.safe import html_text, report_problems
from roianalysis.report.texts import LANGUAGES

#: Upper bound of a combined page (the five demo chapters together are about 1.3 MB).
MAX_COMBINED_BYTES = 12_000_000


@dataclass
class Chapter:
    """One exported page that goes into the combined report."""

    path: Path
    meta: dict[str, str]

    @property
    def stem(self) -> str:
        return self.meta.get("notebook") or self.path.name.split(".")[0]

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.stem


@dataclass
class CombinedInfo:
    """What the header and footer of the combined report say."""

    client: str
    client_name: str
    period: str  # canonical label, 2026-Q3
    period_name: str  # T3 2026
    period_text: str  # T3 2026 (1er juil. 2026 – 30 sept. 2026)
    lang: str = "en"
    timezone: str = "UTC"
    generated: datetime | None = None


class _Ids(HTMLParser):
    """Start tags of a chapter that carry an ``id`` or an in-page ``href``, and its ``<h2>``s
    (offsets into the text, so the rest of the chapter is copied byte for byte)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]
        for line in text.splitlines(keepends=True):
            self._line_starts.append(self._line_starts[-1] + len(line))
        self.tags: list[tuple[int, str]] = []  # (offset, exact start-tag text)
        self.headings: list[tuple[str, str]] = []  # (id, text) of each h2 with an id
        self._h2: list[str] | None = None
        self._h2_id = ""
        self._in_anchor = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "id" in a or (a.get("href") or "").startswith("#"):
            line, col = self.getpos()
            self.tags.append((self._line_starts[line - 1] + col, self.get_starttag_text() or ""))
        if tag == "h2" and a.get("id"):
            self._h2, self._h2_id = [], a["id"] or ""
        if tag == "a" and "anchor-link" in (a.get("class") or "").split():
            self._in_anchor = True  # the heading's own "¶" link: not part of its text

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self._in_anchor = False

    def handle_data(self, data: str) -> None:
        if self._h2 is not None and not self._in_anchor:
            self._h2.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_anchor = False
        if tag == "h2" and self._h2 is not None:
            text = " ".join("".join(self._h2).split())
            if text:
                self.headings.append((self._h2_id, text))
            self._h2 = None


_ATTR = re.compile(r'(\s(?:id|href)=")(#?)([^"]*)(")')


def _prefixed(body: str, prefix: str) -> tuple[str, list[tuple[str, str]]]:
    """``body`` with every ``id="x"`` and ``href="#x"`` turned into ``{prefix}-x``; its h2s."""
    finder = _Ids(body)
    finder.feed(body)
    finder.close()

    def fix(m: re.Match) -> str:
        attr, hash_, value, end = m.groups()
        if attr.strip().startswith("href") and not hash_:
            return m.group(0)  # a link to something else (no such link passes the checks anyway)
        return f"{attr}{hash_}{prefix}-{value}{end}"

    parts, last = [], 0
    for offset, tag in finder.tags:
        if body[offset:offset + len(tag)] != tag:
            continue  # the parser's position disagrees with the text: leave the tag alone
        parts += [body[last:offset], _ATTR.sub(fix, tag)]
        last = offset + len(tag)
    parts.append(body[last:])
    return "".join(parts), [(f"{prefix}-{i}", text) for i, text in finder.headings]


def _main_of(page: str, path: Path) -> str:
    """The content of a chapter page's ``<main>`` element (what the template put there)."""
    start, end = page.find("<main>"), page.rfind("</main>")
    if start < 0 or end < start:
        raise ReportProblem(f"{path.name} is not a report page (no <main> element)")
    return page[start + len("<main>"):end]


def anchor(stem: str) -> str:
    """The in-page anchor of a chapter: ``ch-01_overview``."""
    return f"ch-{stem}"


def build_combined(chapters: list[Chapter], info: CombinedInfo) -> str:
    """The combined page of ``chapters`` (in the order given), checked like every report.

    Parameters
    ----------
    chapters : list of Chapter
        Exported pages of one client, period and language, in chapter order.
    info : CombinedInfo
        Client, period and language of the page.

    Returns
    -------
    str
        A self-contained HTML page: header, contents (chapters and their sections, linking to
        in-page anchors ``#ch-<stem>`` and ``#ch-<stem>-<heading id>``), every chapter in a
        ``<section class="roi-chapter">``, a footer with every distinct data fingerprint.

    Raises
    ------
    ReportProblem
        No chapter, a page without ``<main>``, or a result that fails the page checks.
    """
    if not chapters:
        raise ReportProblem("no chapter to combine")
    lang = info.lang if info.lang in LANGUAGES else "en"
    lab = page_labels(lang)
    when = info.generated or datetime.now(UTC)
    sections, toc = [], []
    for n, ch in enumerate(chapters, 1):
        page = ch.path.read_text(encoding="utf-8")
        ref = anchor(ch.stem)
        body, headings = _prefixed(_main_of(page, ch.path), ref)
        generated = ch.meta.get("generated", "")
        try:
            generated = format_generated(datetime.fromisoformat(generated), lang, info.timezone)
        except ValueError:
            pass
        sub = "".join(f'<li><a href="#{html_text(i)}">{html_text(t)}</a></li>' for i, t in headings)
        toc.append(f'<li><a href="#{ref}">{html_text(ch.title)}</a>'
                   + (f"<ol>{sub}</ol>" if sub else "") + "</li>")
        sections.append(
            f'<section class="roi-chapter" id="{ref}" aria-labelledby="{ref}-title">\n'
            f'<header class="roi-chapter-header"><p class="roi-chapter-number">'
            f'{html_text(lab["chapter"])} {n}</p>'
            f'<h1 class="roi-chapter-title" id="{ref}-title">{html_text(ch.title)}</h1>'
            f'<p class="roi-meta">{html_text(lab["generated"])} {html_text(generated)}</p></header>\n'
            f"{body}\n</section>")
    fingerprints = list(dict.fromkeys(ch.meta.get("fingerprint") or "—" for ch in chapters))
    label = lab["fingerprint"] if len(fingerprints) == 1 else lab["fingerprints"]
    title = f"{info.client_name} · {lab['combined']} · {info.period_name}"
    meta = {"client": info.client, "client-name": info.client_name, "period": info.period,
            "notebook": "report", "kind": "combined", "title": lab["combined"],
            "generated": when.astimezone(UTC).isoformat(timespec="seconds"), "lang": lang,
            "timezone": info.timezone or "UTC", "fingerprint": " ".join(fingerprints),
            "chapters": " ".join(ch.stem for ch in chapters)}
    head = "".join(f'<meta name="roianalysis-{k}" content="{html_text(v)}">\n' for k, v in meta.items())
    page = (
        f'<!DOCTYPE html>\n<html lang="{html_text(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f'<meta name="generator" content="roianalysis {html_text(__version__)}">\n{head}'
        f"<title>{html_text(title)}</title>\n<style type=\"text/css\">\n{report_css()}\n</style>\n"
        f'</head>\n<body class="jp-Notebook roi-report roi-combined">\n'
        f'<header class="roi-header">\n  <p class="roi-client">{html_text(info.client_name)}</p>\n'
        f'  <h1 class="roi-title">{html_text(lab["combined"])}</h1>\n'
        f'  <p class="roi-meta"><span class="roi-period">{html_text(lab["period"])}'
        f'{html_text(lab["period_sep"])} {html_text(info.period_text)}</span> · '
        f'<span class="roi-generated">{html_text(lab["generated"])} '
        f'{html_text(format_generated(when, lang, info.timezone))}</span></p>\n</header>\n'
        f'<nav class="roi-toc" aria-labelledby="roi-toc-title"><h2 id="roi-toc-title">'
        f'{html_text(lab["contents"])}</h2>\n<ol>{"".join(toc)}</ol>\n</nav>\n'
        f"<main>\n{''.join(sections)}\n</main>\n"
        f'<footer class="roi-footer">\n  <p>{html_text(label)}{html_text(lab["period_sep"])} '
        + ", ".join(f'<code class="roi-fingerprint">{html_text(f)}</code>' for f in fingerprints)
        + f"\n  · roianalysis {html_text(__version__)} · {html_text(info.client_name)} · "
        f"{html_text(info.period_name)}</p>\n</footer>\n</body>\n</html>\n")
    problems = report_problems(page)
    if problems:
        raise ReportProblem("the combined report would contain " + ", ".join(problems))
    size = len(page.encode("utf-8"))
    if size > MAX_COMBINED_BYTES:
        raise ReportProblem(f"the combined report is {size / 1e6:.1f} MB, over the "
                            f"{MAX_COMBINED_BYTES / 1e6:.0f} MB limit")
    return page


def chapters_of(folder: Path, lang: str, own_lang: str) -> list[Chapter]:
    """The chapter pages of one client and period in ``lang`` (``own_lang``: the client's), in
    chapter order (by file name: ``01_overview``, ``02_acquisition``...); the combined report
    itself and pages in other languages are left out."""
    from roianalysis.render.index import page_lang, report_meta
    from roianalysis.render.layout import COMBINED_STEM, split_name

    chapters = []
    for f in sorted(folder.glob("*.html")) if folder.is_dir() else []:
        if f.name.startswith(".") or split_name(f)[0] == COMBINED_STEM:
            continue
        meta = report_meta(f)
        if meta.get("notebook") and meta.get("kind") != "combined" and page_lang(f, meta, own_lang) == lang:
            chapters.append(Chapter(f, meta))
    return chapters
