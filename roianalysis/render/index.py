"""``reports/<client>/index.html`` (sent with the client's reports) and ``reports/index.html``
(the agency's list of every client).

The pages are built from what is on disk (the ``<meta name="roianalysis-...">`` tags each report
carries), so they also list reports from earlier runs and periods. Periods are sorted by date,
newest first (``2026-09`` before ``2026-Q3``, which ends the same day but starts earlier), and
named in the page's language (``T3 2026``, ``septembre 2026``). A client's index is in the
client's language, lists every language the client's reports exist in, and links to nothing
outside the client's folder. Every text is escaped.
"""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

from roianalysis import __version__
from roianalysis.atomic import atomic_write_text
from roianalysis.render.export import format_generated, language_name, page_labels, report_css
from roianalysis.render.layout import COMBINED_STEM, split_name
from roianalysis.render.safe import html_text
from roianalysis.report.texts import LANGUAGES


class _MetaReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            a = dict(attrs)
            name = a.get("name") or ""
            if name.startswith("roianalysis-"):
                self.meta[name.removeprefix("roianalysis-")] = a.get("content") or ""


def report_meta(path: Path) -> dict[str, str]:
    """The ``roianalysis-*`` meta tags of a report (read from its first 16 KB)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            head = f.read(16384)
    except OSError:
        return {}
    reader = _MetaReader()
    reader.feed(head.split("</head>")[0])
    return reader.meta


def period_label_in(period: str, lang: str) -> str:
    """``2026-Q3`` as the page's language says it (``T3 2026`` / ``Q3 2026``); the text itself
    when it is not a period."""
    try:
        from roianalysis.report.format import period_label

        return period_label(period, lang)
    except Exception:  # not a period (an old folder), or no wording for it
        return period


def period_sort_key(period: str) -> tuple[int, int, int, str]:
    """Sort key of a period, newest first: by last day, then by first day (the shorter period
    first), both descending; text that is not a period goes last, by name."""
    from roianalysis.periods import Period

    try:
        p = Period.parse(period)
    except Exception:
        return (1, 0, 0, period)
    return (0, -p.end.toordinal(), -p.start.toordinal(), period)


def page_lang(path: Path, meta: dict[str, str], own_lang: str) -> str:
    """Language of a page: its meta tag, else the suffix of its name, else the client's own."""
    return meta.get("lang") or split_name(path)[1] or own_lang


def reports_of(client_dir: Path) -> list[tuple[str, list[tuple[Path, dict[str, str]]]]]:
    """``[(period, [(page, meta), ...]), ...]`` of a client folder, newest period first; pages
    in name order (chapters by number, the combined report after them)."""
    periods = []
    for pdir in (p for p in client_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files = [(f, report_meta(f)) for f in sorted(pdir.glob("*.html")) if not f.name.startswith(".")]
        files = [(f, m) for f, m in files if m.get("notebook")]
        if files:
            period = files[0][1].get("period") or pdir.name
            periods.append((period, pdir.name, files))
    periods.sort(key=lambda p: period_sort_key(p[0]))
    return [(dirname, files) for _period, dirname, files in periods]


def _when(meta: dict[str, str], lang: str) -> str:
    when = meta.get("generated", "")
    try:
        return format_generated(datetime.fromisoformat(when), lang, meta.get("timezone") or "UTC")
    except ValueError:
        return when


def _page(title: str, body: str, lang: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{html_text(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{html_text(title)}</title>\n<style>\n{report_css()}\n"
            ".roi-index li { margin: 4px 0; } .roi-index .roi-when { color: var(--roi-muted); font-size: 13px; }\n"
            ".roi-index .roi-combined-link { font-weight: 600; }\n"
            f"</style>\n</head>\n<body class=\"roi-report roi-index\">\n{body}\n</body>\n</html>\n")


def _links(dirname: str, files: list[tuple[Path, dict[str, str]]], lang: str, href_base: str = "") -> str:
    """The list of one period's pages in one language: the combined report (and its PDF) first."""
    lab = page_labels(lang if lang in LANGUAGES else "en")
    combined = [(f, m) for f, m in files if m.get("kind") == "combined" or split_name(f)[0] == COMBINED_STEM]
    chapters = [(f, m) for f, m in files if (f, m) not in combined]
    items = []
    for f, _meta in combined:
        pdf = f.with_suffix(".pdf")
        extra = (f' · <a href="{html_text(href_base + dirname + "/" + pdf.name)}">{html_text(lab["pdf"])}</a>'
                 if pdf.is_file() else "")
        items.append(f'<li><a class="roi-combined-link" href="{html_text(href_base + dirname + "/" + f.name)}">'
                     f'{html_text(lab["combined"])}</a> <span class="roi-when">({html_text(lab["combined_hint"])})'
                     f"</span>{extra}</li>")
    for f, meta in chapters:
        items.append(f'<li><a href="{html_text(href_base + dirname + "/" + f.name)}">'
                     f'{html_text(meta.get("title") or f.stem)}</a> '
                     f'<span class="roi-when">{html_text(lab["updated"])} {html_text(_when(meta, lang))}</span></li>')
    return "<ul>" + "".join(items) + "</ul>"


def write_client_index(out_dir: Path, client: str, lang: str = "en") -> Path:
    """Write ``<out_dir>/<client>/index.html``: the client's reports, newest period first.

    ``lang`` is the client's own language: the page is written in it, and the reports in another
    language (``01_overview.en.html``) are listed under that language's name. The page links only
    to files inside the client's folder.
    """
    lab = page_labels(lang if lang in LANGUAGES else "en")
    cdir = out_dir / client
    periods = reports_of(cdir) if cdir.is_dir() else []
    name = client
    for _p, files in periods:
        name = files[0][1].get("client-name") or name
        break
    parts = [f'<header class="roi-header"><p class="roi-client">{html_text(name)}</p>'
             f'<h1 class="roi-title">{html_text(lab["reports"])}</h1></header><main>']
    if not periods:
        parts.append(f"<p>{html_text(lab['no_reports'])}</p>")
    for dirname, files in periods:
        period = files[0][1].get("period") or dirname
        label = period_label_in(period, lang)
        parts.append(f'<h2 id="{html_text(dirname)}">{html_text(label[:1].upper() + label[1:])}</h2>')
        by_lang: dict[str, list[tuple[Path, dict[str, str]]]] = {}
        for f, meta in files:
            by_lang.setdefault(page_lang(f, meta, lang), []).append((f, meta))
        order = sorted(by_lang, key=lambda code: (code != lang, code))
        for code in order:
            if len(order) > 1:
                parts.append(f'<h3 lang="{html_text(code)}">{html_text(language_name(code))}</h3>')
            parts.append(f'<div lang="{html_text(code)}">' if code != lang else "<div>")
            parts.append(_links(dirname, by_lang[code], code if code in LANGUAGES else lang))
            parts.append("</div>")
    parts.append(f'</main><footer class="roi-footer"><p>roianalysis {html_text(__version__)}</p></footer>')
    return atomic_write_text(cdir / "index.html", _page(f"{name} · {lab['reports']}", "".join(parts), lang))


def write_root_index(out_dir: Path, lang: str = "en") -> Path:
    """Write ``<out_dir>/index.html`` (the agency's page): every client folder that has reports,
    its latest period by date and that period's reports in the client's own language.

    Generation time in the machine's local time zone (the agency's)."""
    lab = page_labels(lang if lang in LANGUAGES else "en")
    rows = []
    for cdir in sorted(p for p in out_dir.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        periods = reports_of(cdir)
        if not periods:
            continue
        dirname, files = periods[0]
        own = [(f, m) for f, m in files if split_name(f)[1] is None] or files
        name = own[0][1].get("client-name") or cdir.name
        n = sum(len(fs) for _p, fs in periods)
        latest = period_label_in(own[0][1].get("period") or dirname, lang)
        rows.append(f'<li><a href="{html_text(cdir.name)}/index.html">{html_text(name)}</a> '
                    f'<span class="roi-when">{n} · {html_text(lab["period"])} {html_text(latest)}</span>'
                    + _links(dirname, own, lang, href_base=f"{cdir.name}/") + "</li>")
    local = datetime.now().astimezone()
    now = format_generated(local, lang, local.tzinfo)
    body = (f'<header class="roi-header"><h1 class="roi-title">{html_text(lab["reports"])}</h1>'
            f'<p class="roi-meta">{html_text(lab["updated"])} {html_text(now)}</p></header><main>'
            + (f"<ul>{''.join(rows)}</ul>" if rows else f"<p>{html_text(lab['no_reports'])}</p>")
            + f'</main><footer class="roi-footer"><p>roianalysis {html_text(__version__)}</p></footer>')
    return atomic_write_text(out_dir / "index.html", _page(lab["reports"], body, lang))
