"""Executed notebook -> self-contained client HTML report (nbconvert, ``roireport`` template).

:func:`client_notebook` strips what a client must not see (code, the parameters, tracebacks,
stderr, stray ``Out[...]`` values, scripts) and sanitizes HTML outputs; :func:`export_html`
renders it with the ``roireport`` template (no input, no prompts, no CDN, a header with the
client, period and generation time, the data fingerprint in the footer, one inline stylesheet),
then checks the page with :func:`~.safe.report_problems`.
"""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from html.parser import HTMLParser
from pathlib import Path

from nbformat import NotebookNode

from roianalysis import __version__
from roianalysis.errors import RoiAnalysisError
from roianalysis.render.execute import INJECTED_TAG
from roianalysis.render.safe import report_problems, sanitize_html
from roianalysis.report import texts

TEMPLATES = Path(__file__).parent / "templates"
MAX_REPORT_BYTES = 1_500_000
_DROP_MIME = ("application/javascript", "text/javascript", "application/vnd.jupyter.widget-view+json",
              "application/vnd.jupyter.widget-state+json", "application/vnd.bokehjs_exec.v0+json",
              "application/vnd.plotly.v1+json", "text/vnd.mermaid")
_REMOVE_CELL_TAGS = {"remove-cell", "remove_cell", "hide-cell", "parameters", INJECTED_TAG}
_REMOVE_OUTPUT_TAGS = {"remove-output", "remove_output", "hide-output"}

#: The words of the pages' frame (header, footer, index), ``page_<name>`` of the texts.
PAGE_WORDS = ("period", "period_sep", "generated", "fingerprint", "fingerprints", "reports",
              "no_reports", "client", "notebook", "updated", "chart", "combined", "combined_hint",
              "contents", "chapter", "pdf", "chapters", "in_language")


def page_labels(lang: str) -> dict[str, str]:
    """The words of the pages' frame in ``lang`` (one of
    :data:`~roianalysis.report.texts.LANGUAGES`): ``{"period": "Période", ...}``."""
    return {k: texts.text(lang, f"page_{k}") for k in PAGE_WORDS}


def language_name(code: str) -> str:
    """The name of a report language in that language (``Français``), how a link to another
    language is labelled; the code itself for a language the package does not write."""
    return texts.text(code, "language_name") if code in texts.LANGUAGES else code


class ReportProblem(RoiAnalysisError):
    """The exported page is not fit for a client (script, external URL, too large...)."""


@dataclass
class ReportInfo:
    """What the header and footer of a report say."""

    client: str
    client_name: str
    period: str  # canonical label, 2026-Q3 (meta tag, folder name)
    period_text: str  # T3 2026 (1er juil. 2026 – 30 sept. 2026)
    notebook: str  # file stem, 02_acquisition
    notebook_title: str
    fingerprint: str
    lang: str = "en"
    generated: datetime | None = None
    timezone: str = "UTC"  # the client's IANA time zone: generation times are shown in it
    period_name: str = ""  # T3 2026 / Q3 2026 (titles, footer); default: the canonical label


def notebook_title(nb: NotebookNode, stem: str) -> str:
    """Title of a report: ``metadata.title``, else its first heading, else the file name."""
    title = nb.metadata.get("title")
    if title:
        return str(title)
    for cell in nb.cells:
        texts = [cell.source] if cell.cell_type == "markdown" else [
            "".join(o.get("data", {}).get("text/markdown", ""))
            for o in cell.get("outputs", []) if o.get("output_type") in ("display_data", "execute_result")]
        for text in texts:
            m = re.search(r"^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$", text or "", re.M)
            if m:
                return re.sub(r"[*_`]", "", m.group(1)).strip()
    words = re.sub(r"^\d+[_-]*", "", stem).replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else stem


def _strip_h1(text: str, title: str) -> str | None:
    """``text`` without its leading ``# title`` line (``None`` when it does not start with it)."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# "):
        return None
    if re.sub(r"[*_`]", "", lines[0][2:]).strip() != title:
        return None
    return "\n".join(lines[1:]).strip()


def _drop_title_heading(nb: NotebookNode, title: str) -> None:
    """Remove the notebook's own ``# Title`` (first markdown cell or first displayed Markdown)
    when the page header already shows it; a subtitle below it stays."""
    for i, cell in enumerate(nb.cells):
        if set(cell.metadata.get("tags", [])) & (_REMOVE_CELL_TAGS | _REMOVE_OUTPUT_TAGS):
            continue
        if cell.cell_type == "markdown":
            rest = _strip_h1(cell.source, title)
            if rest is not None:
                if rest:
                    cell.source = rest
                else:
                    nb.cells.pop(i)
            return
        if cell.cell_type == "code" and cell.outputs:
            data = cell.outputs[0].get("data", {})
            if "text/markdown" in data:
                rest = _strip_h1("".join(data["text/markdown"]), title)
                if rest is not None:
                    if rest:
                        data["text/markdown"] = rest
                    else:
                        cell.outputs.pop(0)
            return


def notebook_fingerprints(nb: NotebookNode) -> list[str]:
    """The data fingerprints an executed notebook's displays carry (its title carries the one of
    the data it read; :meth:`roianalysis.report.context.Report.stamp`), distinct, in order. More than
    one: the notebook read two versions of the data (raw files changed while it ran)."""
    from roianalysis.report.context import FINGERPRINT_KEY

    seen: list[str] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            meta = out.get("metadata", {})
            # IPython files a _repr_markdown_'s metadata under its MIME type
            for place in (meta, meta.get("text/markdown") or {}):
                value = place.get(FINGERPRINT_KEY) if isinstance(place, dict) else None
                if isinstance(value, str) and value and value not in seen:
                    seen.append(value)
    return seen


def _keep_output(out: NotebookNode) -> bool:
    kind = out.get("output_type")
    if kind == "error":
        return False
    if kind == "stream":
        return out.get("name") == "stdout" and bool("".join(out.get("text", "")).strip())
    data = out.get("data", {})
    for mime in _DROP_MIME:
        data.pop(mime, None)
    if not data:
        return False
    if kind == "execute_result" and set(data) <= {"text/plain"}:
        return False  # a stray expression value (<Axes ...>, [<Line2D ...>]), not a display()
    return True


def client_notebook(executed: NotebookNode) -> NotebookNode:
    """A copy of ``executed`` with only what a client should see, HTML outputs sanitized.

    Markdown outputs are converted to HTML first (so ``> notes`` and ``**bold**`` survive) and
    then sanitized like HTML outputs.
    """
    from nbconvert.filters.markdown import markdown2html

    nb = copy.deepcopy(executed)
    cells = []
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & _REMOVE_CELL_TAGS:
            continue
        if cell.cell_type == "code":
            cell.source = ""
            outputs = [] if tags & _REMOVE_OUTPUT_TAGS else [o for o in cell.outputs if _keep_output(o)]
            for out in outputs:
                data = out.get("data", {})
                if "text/markdown" in data:
                    md = data.pop("text/markdown")
                    if "text/html" not in data:
                        data["text/html"] = markdown2html("".join(md))
                if "text/html" in data:
                    data["text/html"] = sanitize_html("".join(data["text/html"]))
                if out.get("output_type") == "execute_result":
                    out["execution_count"] = None
                out.metadata = {k: v for k, v in out.get("metadata", {}).items()
                                if k.startswith("image/")}
            cell.outputs = outputs
            cell.execution_count = None
            if not outputs:
                continue
        elif cell.cell_type == "raw":
            continue
        cell.metadata = {}
        cells.append(cell)
    nb.cells = cells
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in ("kernelspec", "language_info")}
    return nb


def _prepare(executed: NotebookNode, title: str) -> NotebookNode:
    nb = copy.copy(executed)
    nb.cells = [copy.copy(c) for c in executed.cells]
    for c in nb.cells:  # _drop_title_heading edits one source or one output: copy those levels
        if c.cell_type == "code":
            c.outputs = [copy.copy(o) for o in c.outputs]
            for o in c.outputs:
                if "data" in o:
                    o.data = copy.copy(o.data)
    _drop_title_heading(nb, title)
    return client_notebook(nb)


_lock = threading.Lock()
_shared: dict[str, object] = {}

#: What nbconvert writes as the alternative text of an image that has none.
MISSING_ALT = "No description has been provided for this image"


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _Accessibility(HTMLParser):
    """Where nbconvert's HTMLExporter adds attributes to a page (``alt`` on images without one,
    ``tabindex="0"`` on the cells' input and output areas), found with the standard library's
    parser: offsets into the page and the text to insert there."""

    _FOCUSABLE = ("jp-Cell-inputWrapper", "jp-OutputArea-output")

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0]
        for line in page.splitlines(keepends=True):
            self._line_starts.append(self._line_starts[-1] + len(line))
        self.inserts: list[tuple[int, str]] = []
        self.closes: list[tuple[int, int, str]] = []  # (start, end, replacement) of "/>"
        self._notebook_tag: str | None = None  # the element of class jp-Notebook, while inside
        self._depth = 0

    def _tag_end(self) -> tuple[int, bool]:
        """Offset just after the current start tag in the page, and whether it ends ``/>``."""
        line, col = self.getpos()
        text = self.get_starttag_text() or ""
        return self._line_starts[line - 1] + col + len(text), text.endswith("/>")

    def _at_tag_end(self, text: str) -> None:
        end, slash = self._tag_end()
        self.inserts.append((end - (2 if slash else 1), text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "img" and "alt" not in a:
            self._at_tag_end(f' alt="{MISSING_ALT}"')
        if self._notebook_tag is not None:
            if tag == self._notebook_tag:
                self._depth += 1
            if tag == "div" and "tabindex" not in a and any(c in classes for c in self._FOCUSABLE):
                self._at_tag_end(' tabindex="0"')
        elif "jp-Notebook" in classes and tag not in _VOID:
            self._notebook_tag, self._depth = tag, 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and "alt" not in dict(attrs):
            self._at_tag_end(f' alt="{MISSING_ALT}"')
        if tag not in _VOID:
            # ``<a ... />``, as nbconvert writes a heading's empty anchor link: a browser ignores
            # the slash and leaves the element open over the rest of the page; close it
            end, _slash = self._tag_end()
            self.closes.append((end - 2, end, f"></{tag}>"))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._notebook_tag:
            self._depth -= 1
            if self._depth == 0:
                self._notebook_tag = None


def accessible(page: str) -> str:
    """``page`` with the attributes nbconvert's HTMLExporter adds after rendering (``alt`` on
    images without one, ``tabindex="0"`` on input and output areas inside ``.jp-Notebook``),
    inserted in place instead of parsing the page into a BeautifulSoup tree and writing it out
    again (which costs about 0.07 CPU-s per report). Non-void elements written ``<x ... />``
    are closed (``<x ...></x>``), as that rewrite closed them."""
    finder = _Accessibility(page)
    finder.feed(page)
    finder.close()
    edits = sorted([(offset, offset, text) for offset, text in finder.inserts] + finder.closes)
    if not edits:
        return page
    parts, last = [], 0
    for start, end, text in edits:
        parts += [page[last:start], text]
        last = end
    parts.append(page[last:])
    return "".join(parts)


def _exporter_class():
    """nbconvert's HTMLExporter without its BeautifulSoup pass (:func:`accessible` instead)."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    try:
        from nbconvert.exporters.html import Highlight2HTML, WidgetsDataTypeFilter
    except ImportError:  # pragma: no cover - another nbconvert layout: the stock exporter
        return HTMLExporter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # what HTMLExporter.from_notebook_node does before rendering (nbconvert 7.16-7.17)
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return accessible(html), resources

    return ReportExporter


def _exporter(lang: str):
    """The one report exporter of the process (its template is compiled once); hold ``_lock``."""
    from traitlets.config import Config

    exp = _shared.get("exporter")
    if exp is None:
        # no code is shown: the lab template's pygments stylesheet is dead weight
        config = Config({"CSSHTMLHeaderPreprocessor": {"enabled": False}})
        exp = _exporter_class()(
            config=config,
            template_name="roireport", template_file="report.html.j2",
            extra_template_basedirs=[str(TEMPLATES)], exclude_input=True,
            exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True,
            anchor_link_text="",
        )
        _shared["exporter"] = exp
    exp.language_code = lang
    return exp


def warm_up() -> None:
    """Export a one-cell notebook and forget it: imports nbconvert, Markdown and bleach and
    compiles the report template before the first real report needs them.

    The renderer calls it in a background thread while the kernel server starts (a second of
    one core that would otherwise be idle); errors are left to the real exports to report.
    """
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    out = new_output("display_data", data={"text/markdown": "# Warm-up\n\n**text**",
                                           "text/html": "<table><tr><td>1</td></tr></table>"})
    nb = new_notebook(cells=[new_code_cell(outputs=[out])])
    info = ReportInfo(client="warm-up", client_name="warm-up", period="2026-Q1",
                      period_text="2026-Q1", notebook="00_warm_up", notebook_title="Warm-up",
                      fingerprint="", generated=datetime.now(UTC))
    export_html(nb, info)


def local_zone(timezone: str | tzinfo | None) -> tzinfo:
    """The ``ZoneInfo`` of ``timezone`` (an IANA name, or a ``tzinfo`` returned as is); UTC
    when empty or unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if isinstance(timezone, tzinfo):
        return timezone
    try:
        return ZoneInfo(timezone) if timezone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def format_generated(when: datetime, lang: str, timezone: str | tzinfo | None = "UTC") -> str:
    """A generation time in the client's time zone, with the zone's abbreviation.

    ``22/11/2026 16:30 CET`` (fr) or ``2026-11-22 10:30 EST`` (en) for 15:30 UTC shown in
    ``Europe/Paris`` and ``America/New_York``; a naive ``when`` is taken as UTC.
    """
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    local = when.astimezone(local_zone(timezone))
    zone = local.tzname() or "UTC"
    return local.strftime(texts.text(lang, "date_numeric")) + f" {zone}"


def report_css() -> str:
    """The one stylesheet of every page (screen and print rules)."""
    return (TEMPLATES / "roireport" / "report.css").read_text()


def export_html(executed: NotebookNode, info: ReportInfo) -> str:
    """Render the client report of an executed notebook; raise :class:`ReportProblem` if unfit."""
    nb = _prepare(executed, info.notebook_title)
    lang = info.lang if info.lang in texts.LANGUAGES else "en"
    when = info.generated or datetime.now(UTC)
    name = info.period_name or info.period
    nb.metadata["title"] = f"{info.client_name} · {info.notebook_title} · {name}"
    resources = {
        "metadata": {"name": info.notebook},
        "report": {
            "client": info.client, "client_name": info.client_name, "period": info.period,
            "period_name": name, "period_text": info.period_text, "notebook": info.notebook,
            "notebook_title": info.notebook_title, "fingerprint": info.fingerprint or "—",
            "generated_iso": when.astimezone(UTC).isoformat(timespec="seconds"),
            "generated_text": format_generated(when, lang, info.timezone), "version": __version__,
            "lang": lang, "timezone": info.timezone or "UTC",
            "labels": page_labels(lang), "css": report_css(),
        },
    }
    with _lock:  # CPU-bound under the GIL anyway; one compiled template for every worker
        page, _res = _exporter(lang).from_notebook_node(nb, resources=resources)
    problems = report_problems(page)
    if problems:
        raise ReportProblem("the report would contain " + ", ".join(problems))
    size = len(page.encode("utf-8"))
    if size > MAX_REPORT_BYTES:
        raise ReportProblem(f"the report is {size / 1e6:.1f} MB, over the "
                            f"{MAX_REPORT_BYTES / 1e6:.1f} MB limit (too many or too large charts)")
    return page
