"""``reports/<client>/index.html`` and ``reports/index.html``: links to every report on disk.

The pages are built from what is on disk (the ``<meta name="roianalysis-...">`` tags each report
carries), so they also list reports from earlier runs and periods. Every text is escaped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from .. import __version__
from .atomic import atomic_write_text
from .export import LABELS, TEMPLATES, format_generated
from .safe import html_text


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


def _reports_of(client_dir: Path) -> list[tuple[str, list[tuple[Path, dict[str, str]]]]]:
    periods = []
    for pdir in sorted((p for p in client_dir.iterdir() if p.is_dir()), key=lambda p: p.name,
                       reverse=True):
        files = [(f, report_meta(f)) for f in sorted(pdir.glob("*.html")) if not f.name.startswith(".")]
        files = [(f, m) for f, m in files if m.get("notebook")]
        if files:
            periods.append((pdir.name, files))
    return periods


def _page(title: str, body: str, lang: str) -> str:
    css = (TEMPLATES / "roireport" / "report.css").read_text()
    return (f'<!DOCTYPE html>\n<html lang="{html_text(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{html_text(title)}</title>\n<style>\n{css}\n"
            ".roi-index li { margin: 4px 0; } .roi-index .roi-when { color: var(--roi-muted); font-size: 13px; }\n"
            f"</style>\n</head>\n<body class=\"roi-report roi-index\">\n{body}\n</body>\n</html>\n")


def write_client_index(out_dir: Path, client: str, lang: str = "en") -> Path:
    """Write ``<out_dir>/<client>/index.html`` listing the client's reports, newest period first."""
    lab = LABELS.get(lang, LABELS["en"])
    cdir = out_dir / client
    periods = _reports_of(cdir) if cdir.is_dir() else []
    name = client
    for _p, files in periods:
        name = files[0][1].get("client-name") or name
        break
    parts = [f'<header class="roi-header"><p class="roi-client"><a href="../index.html">'
             f"{html_text(lab['all_clients'])}</a></p><h1 class=\"roi-title\">{html_text(name)}</h1>"
             f'<p class="roi-meta">{html_text(lab["reports"])}</p></header><main>']
    if not periods:
        parts.append(f"<p>{html_text(lab['no_reports'])}</p>")
    for period, files in periods:
        label = files[0][1].get("period") or period
        parts.append(f"<h2>{html_text(lab['period'])} {html_text(label)}</h2><ul>")
        for f, meta in files:
            when = meta.get("generated", "")
            try:
                when = format_generated(datetime.fromisoformat(when), lang)
            except ValueError:
                pass
            href = f"{period}/{f.name}"
            parts.append(f'<li><a href="{html_text(href)}">{html_text(meta.get("title") or f.stem)}</a> '
                         f'<span class="roi-when">{html_text(lab["updated"])} {html_text(when)}</span></li>')
        parts.append("</ul>")
    parts.append(f'</main><footer class="roi-footer"><p>roianalysis {html_text(__version__)}</p></footer>')
    return atomic_write_text(cdir / "index.html", _page(f"{name} · {lab['reports']}", "".join(parts), lang))


def write_root_index(out_dir: Path, lang: str = "en") -> Path:
    """Write ``<out_dir>/index.html`` listing every client folder that has reports."""
    lab = LABELS.get(lang, LABELS["en"])
    rows = []
    for cdir in sorted(p for p in out_dir.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))):
        periods = _reports_of(cdir)
        if not periods:
            continue
        name = periods[0][1][0][1].get("client-name") or cdir.name
        n = sum(len(files) for _p, files in periods)
        latest = periods[0][1][0][1].get("period") or periods[0][0]
        rows.append(f'<li><a href="{html_text(cdir.name)}/index.html">{html_text(name)}</a> '
                    f'<span class="roi-when">{n} · {html_text(lab["period"])} {html_text(latest)}</span><ul>'
                    + "".join(f'<li><a href="{html_text(cdir.name)}/{html_text(periods[0][0])}/'
                              f'{html_text(f.name)}">{html_text(m.get("title") or f.stem)}</a></li>'
                              for f, m in periods[0][1])
                    + "</ul></li>")
    now = format_generated(datetime.now(UTC), lang)
    body = (f'<header class="roi-header"><h1 class="roi-title">{html_text(lab["reports"])}</h1>'
            f'<p class="roi-meta">{html_text(lab["updated"])} {html_text(now)}</p></header><main>'
            + (f"<ul>{''.join(rows)}</ul>" if rows else f"<p>{html_text(lab['no_reports'])}</p>")
            + f'</main><footer class="roi-footer"><p>roianalysis {html_text(__version__)}</p></footer>')
    return atomic_write_text(out_dir / "index.html", _page(lab["reports"], body, lang))
