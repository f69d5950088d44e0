"""Render many clients x notebooks: one driver, a pool of ``jobs`` workers, one fresh kernel each.

:func:`render` is what ``roianalysis render`` runs. For every (client, notebook) it executes the
notebook on a kernel forked from a warm zygote (:mod:`.forkserver`), exports the client HTML
(:mod:`.export`, on a thread of its own while the worker starts its next notebook) and atomically
replaces ``<out>/<client>/<period>/<notebook>.html`` (``<notebook>.<lang>.html`` in a language
other than the client's) and the executed ``.ipynb`` under ``<out>/_audit/`` (:mod:`.atomic`,
:mod:`.layout`). A failed notebook never becomes a report: the failure is printed (client,
notebook, cell, error), the executed notebook is kept for audit under ``<out>/_failed/``, the
previous good report stays, and the others go on. Then, for every client with a new chapter, the
combined report ``report.html`` is rebuilt from the chapters on disk (:mod:`.combined`) and, with
``pdf=True``, printed to ``report.pdf`` by headless Chromium (:func:`.browser.print_pdf`).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nbformat

from roianalysis.atomic import atomic_write_bytes, atomic_write_text, sweep_temporaries
from roianalysis.data.files import check_client_name, client_folder
from roianalysis.errors import RoiAnalysisError, UnknownClientError
from roianalysis.periods import Period
from roianalysis.render.execute import (
    Execution,
    Failure,
    execute_notebook,
    notebook_imports,
    read_notebook,
)
from roianalysis.render.export import (
    ReportInfo,
    export_html,
    notebook_fingerprints,
    notebook_title,
    warm_up,
)
from roianalysis.render.forkserver import ForkServer
from roianalysis.render.index import write_client_index, write_root_index
from roianalysis.render.layout import (
    AUDIT_DIR,
    COMBINED_STEM,
    FAILED_DIR,
    audit_dir,
    failed_dir,
    page_name,
)
from roianalysis.render.safe import check_notebook_name, period_dirname

__all__ = ["AUDIT_DIR", "FAILED_DIR", "Renderer", "Summary", "render"]


@dataclass
class ClientInfo:
    """What the driver knows about a client (never its tables: those stay in the kernels)."""

    client: str
    name: str
    language: str
    fingerprint: str
    error: str | None = None
    timezone: str = "UTC"


@dataclass
class Job:
    """One report to produce."""

    client: str
    notebook: Path

    @property
    def stem(self) -> str:
        return self.notebook.stem


@dataclass
class JobResult:
    """Outcome of one :class:`Job`."""

    job: Job
    html: Path | None = None
    ipynb: Path | None = None
    failure: Failure | None = None
    audit: Path | None = None
    seconds: float = 0.0
    kernel_pid: int | None = None
    worker: str = ""

    @property
    def ok(self) -> bool:
        return self.failure is None


@dataclass
class _Executed:
    """A notebook run by a worker, waiting for its export."""

    job: Job
    info: ClientInfo
    execution: Execution
    staging: Path
    start: float
    worker: str


@dataclass
class Summary:
    """Outcome of a :func:`render` call."""

    results: list[JobResult] = field(default_factory=list)
    out_dir: Path = Path("reports")
    period: str = ""
    seconds: float = 0.0
    combined: list[Path] = field(default_factory=list)  # combined reports written
    pdfs: list[Path] = field(default_factory=list)  # their PDFs (``pdf=True``)
    problems: list[str] = field(default_factory=list)  # combined report or PDF not written: why

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if not r.ok]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.problems else 0


def default_notebooks_dir() -> Path:
    """``notebooks/`` of the source tree (editable install), else of the current folder."""
    here = Path(__file__).resolve().parents[2] / "notebooks"
    if here.is_dir():
        return here
    inside = Path(__file__).resolve().parents[1] / "notebooks"
    return inside if inside.is_dir() else Path("notebooks")


def find_notebooks(folder: str | Path, wanted: Iterable[str] = ()) -> list[Path]:
    """The ``NN_name.ipynb`` notebooks of ``folder``, or those matching ``wanted``.

    A wanted name matches a notebook by stem (``02_acquisition``), by name without the number
    (``acquisition``) or by number (``02``).
    """
    folder = Path(folder)
    found = sorted(p for p in folder.glob("*.ipynb")
                   if not p.name.startswith(".") and re.match(r"^[A-Za-z0-9][A-Za-z0-9_-]*$", p.stem))
    wanted = [w.removesuffix(".ipynb") for w in wanted]
    if not wanted:
        return found
    chosen: list[Path] = []
    for w in wanted:
        check_notebook_name(w)
        hits = [p for p in found if w in (p.stem, re.sub(r"^\d+_", "", p.stem), p.stem.split("_")[0])]
        if not hits:
            names = ", ".join(p.stem for p in found) or "none"
            raise RoiAnalysisError(f"no notebook {w!r} in {folder}; available: {names}")
        chosen += [p for p in hits if p not in chosen]
    return chosen


def _client_info(client: str, data_dir: Path) -> ClientInfo:
    from roianalysis.data.load import load_client

    try:
        data = load_client(client, data_dir, engine="duckdb")  # the kernels choose their engine
    except RoiAnalysisError as exc:
        try:  # the tables are wrong but client.yml may be fine: its name, language and zone
            from roianalysis.data.config import load_config

            cfg = load_config(client_folder(client, data_dir), client)
            return ClientInfo(client, cfg.name, cfg.language, "", error=str(exc),
                              timezone=cfg.timezone)
        except Exception:
            return ClientInfo(client, client, "en", "", error=str(exc))
    return ClientInfo(client, data.config.name, data.config.language, data.fingerprint,
                      timezone=data.config.timezone)


def hide_paths(text: str, places: dict[str, str]) -> str:
    """``text`` with each absolute folder of ``places`` replaced by its short name (longest
    first, so ``/srv/x/data/raw`` goes before ``/srv/x``); only whole path components match.

    >>> hide_paths("/srv/app/data/raw/acme/spend.csv", {"/srv/app/data/raw": "raw"})
    'raw/acme/spend.csv'
    """
    for path in sorted(places, key=len, reverse=True):
        text = re.sub(re.escape(path) + r"(?![\w.-])", lambda _m, p=path: places[p], text)
    return text


def period_text(period: Period, lang: str) -> str:
    """``T3 2026 (1er juil. 2026 – 30 sept. 2026)``, as the notebooks write periods."""
    try:
        from roianalysis.report.format import period_dates, period_label

        label, dates = period_label(period, lang), period_dates(period, lang)
    except Exception:  # the wording module is optional for the renderer
        label, dates = period.label, f"{period.start.isoformat()} – {period.end.isoformat()}"
    return dates if period.kind == "range" else f"{label} ({dates})"


def period_name(period: Period, lang: str) -> str:
    """``T3 2026`` / ``Q3 2026``, ``septembre 2026`` / ``September 2026``: titles and footers."""
    try:
        from roianalysis.report.format import period_label

        return period_label(period, lang)
    except Exception:  # the wording module is optional for the renderer
        return period.label


class Renderer:
    """Render reports for a period; see :func:`render` for the parameters."""

    def __init__(self, period: Period, out_dir: Path, data_dir: Path, notebooks: list[Path],
                 jobs: int, cell_timeout: float | None, notebook_timeout: float | None,
                 lang: str | None = None, comparison: str | None = None, progress: bool = True,
                 stream=None, server: ForkServer | None = None, pdf: bool = False,
                 engine: str | None = None):
        self.period = period
        self.engine = engine
        self.period_dir = period_dirname(period.label)
        self.out_dir = out_dir
        self.data_dir = data_dir
        self.notebooks = notebooks
        self.jobs = max(1, jobs)
        self.cell_timeout = cell_timeout
        self.notebook_timeout = notebook_timeout
        self.lang = lang
        self.comparison = comparison
        self.pdf = pdf
        self.progress = progress
        self.stream = stream or sys.stderr
        self._sources = {p: read_notebook(p) for p in notebooks}
        self._clients: dict[str, ClientInfo] = {}
        self._client_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._bar: Any = None
        self._tmp = Path(tempfile.mkdtemp(prefix="roianalysis-render-"))
        self.server: ForkServer | None = server
        self._own_server = server is None

    # ------------------------------------------------------------------ per client
    def client_info(self, client: str) -> ClientInfo:
        """Display name, language and fingerprint of ``client``, loaded once per run."""
        with self._lock:
            lock = self._client_locks.setdefault(client, threading.Lock())
        with lock:
            if client not in self._clients:
                self._clients[client] = _client_info(client, self.data_dir)
            return self._clients[client]

    def report_dir(self, client: str) -> Path:
        """``<out>/<client>/<period>``, refusing anything that would resolve outside ``<out>``."""
        path = (self.out_dir / check_client_name(client) / self.period_dir)
        if self.out_dir.resolve() not in path.resolve().parents:
            raise RoiAnalysisError(f"refusing to write outside {self.out_dir}: {path}")
        return path

    def page_lang(self, client: str) -> tuple[str, str]:
        """``(language of this render, the client's own language)`` of ``client``'s pages."""
        info = self._clients.get(client)
        own = info.language if info else (self.lang or "en")
        return self.lang or own, own

    def page_path(self, client: str, stem: str, ext: str = ".html") -> Path:
        """Where ``stem``'s page of ``client`` goes: ``<out>/<client>/<period>/<stem>.html``,
        ``<stem>.<lang>.html`` when rendered in a language other than the client's."""
        lang, own = self.page_lang(client)
        return self.report_dir(client) / page_name(stem, lang, own, ext)

    # ------------------------------------------------------------------ one job
    def run_job(self, job: Job) -> JobResult:
        """Execute, export and publish one report; a failure leaves the previous one in place."""
        executed = self.execute_job(job)
        return executed if isinstance(executed, JobResult) else self.publish_job(executed)

    def execute_job(self, job: Job) -> _Executed | JobResult:
        """Run ``job``'s notebook on a fresh kernel (a :class:`JobResult` when it cannot start)."""
        start = time.monotonic()
        info = self.client_info(job.client)
        if info.error:
            return JobResult(job, failure=Failure(None, f"client data: {info.error}", "data"),
                             seconds=time.monotonic() - start)
        staging = Path(tempfile.mkdtemp(prefix=f"{job.client}-{job.stem}-", dir=self._tmp))
        params = {
            "client": job.client, "period": self.period.label, "data_dir": str(self.data_dir.resolve()),
            "output_dir": str(staging), "lang": self.lang,
        }
        if self.comparison:
            params["comparison"] = self.comparison
        assert self.server is not None
        ex = execute_notebook(self._sources[job.notebook], params, self.server,
                              cwd=job.notebook.parent, cell_timeout=self.cell_timeout,
                              notebook_timeout=self.notebook_timeout, env=self.kernel_env())
        return _Executed(job, info, ex, staging, start, threading.current_thread().name)

    def kernel_env(self) -> dict[str, str]:
        """Environment of the kernels: ``ROIANALYSIS_ENGINE`` when an engine was chosen, which
        ``load_client`` in the notebooks reads (the notebooks need no parameter for it)."""
        from roianalysis.spark import ENGINE_ENV

        return {ENGINE_ENV: self.engine} if self.engine else {}

    def publish_job(self, done: _Executed) -> JobResult:
        """Export an executed notebook and move its report into place (or keep it for audit)."""
        job, info, ex, staging = done.job, done.info, done.execution, done.staging
        result = JobResult(job, kernel_pid=ex.kernel_pid, worker=done.worker)
        try:
            target = self.report_dir(job.client)
            lang, own = self.page_lang(job.client)
            failure = ex.failure
            page = None
            read = notebook_fingerprints(ex.nb)  # the data the notebook itself read
            if failure is None and len(read) > 1:
                failure = Failure(None, "the raw data changed while the notebook ran (data "
                                  f"fingerprints {', '.join(read)}): render it again", "data")
            if failure is None:
                rinfo = ReportInfo(
                    client=job.client, client_name=info.name, period=self.period.label,
                    period_text=period_text(self.period, lang), notebook=job.stem,
                    notebook_title=notebook_title(ex.nb, job.stem),
                    fingerprint=read[0] if read else info.fingerprint,
                    lang=lang, generated=datetime.now(UTC), timezone=info.timezone,
                    period_name=period_name(self.period, lang))
                try:
                    page = export_html(ex.nb, rinfo)
                except Exception as exc:  # an unfit page is a failure like any other
                    failure = Failure(None, f"export: {exc}", "export")
            hide = self._server_paths(job, staging)
            failed = failed_dir(self.out_dir, job.client, self.period_dir)
            executed_name = page_name(job.stem, lang, own, ".ipynb")
            if failure is None and page is not None:
                self._publish_outputs(staging, target, lang, own)
                result.ipynb = atomic_write_text(
                    audit_dir(self.out_dir, job.client, self.period_dir) / executed_name,
                    hide_paths(nbformat.writes(ex.nb), hide))
                result.html = atomic_write_text(self.page_path(job.client, job.stem),
                                                hide_paths(page, hide))
                with contextlib.suppress(OSError):
                    (failed / executed_name).unlink()
                with contextlib.suppress(OSError):  # an audit copy a version before 0.x left beside
                    (target / executed_name).unlink()
            else:
                result.failure = failure
                with contextlib.suppress(Exception):
                    result.audit = atomic_write_text(failed / executed_name,
                                                     hide_paths(nbformat.writes(ex.nb), hide))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        result.seconds = time.monotonic() - done.start
        return result

    def _server_paths(self, job: Job, staging: Path) -> dict[str, str]:
        """Absolute folders of this machine that a report or audit notebook may quote (the
        parameters, data problems naming their file, tracebacks), each with what is shown
        instead: reports are sent to clients, who need not learn the server's layout."""
        places = {str(staging): "output_dir", str(self.data_dir.resolve()): self.data_dir.name,
                  str(job.notebook.parent.resolve()): "notebooks", str(self._tmp): "render-tmp",
                  sys.prefix: "python-env", str(Path.home()): "~"}
        if self.data_dir.resolve().parent.name == "data":
            places[str(self.data_dir.resolve().parent)] = "data"
        return {k: v for k, v in places.items() if len(k) > 1}

    def _publish_outputs(self, staging: Path, target: Path, lang: str, own: str) -> None:
        """Move files the notebook wrote in ``output_dir`` next to the report, atomically
        (``spend.en.csv`` for ``spend.csv`` in a language other than the client's)."""
        for f in sorted(staging.iterdir()):
            if f.is_file() and re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", f.name) \
                    and not f.name.endswith((".html", ".ipynb", ".pdf")):
                name = f.name if lang == own else f"{f.stem}.{lang}{f.suffix}"
                atomic_write_bytes(target / name, f.read_bytes())

    # ------------------------------------------------------------------ all jobs
    def _say(self, text: str) -> None:
        if self._bar is not None:
            self._bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream)

    def _done(self, res: JobResult) -> None:
        with self._lock:
            if not res.ok:
                f = res.failure
                where = f" (executed notebook: {res.audit})" if res.audit else ""
                try:
                    kept = self.page_path(res.job.client, res.job.stem).exists()
                except RoiAnalysisError:
                    kept = False
                self._say(f"FAILED {res.job.client} {self.period.label} {res.job.stem}: "
                          f"{f.describe()}; {'previous report kept' if kept else 'no report written'}"
                          f"{where}")
            if self._bar is not None:
                self._bar.set_postfix_str(f"{res.job.client}/{res.job.stem}", refresh=False)
                self._bar.update(1)

    def last_duration(self, job: Job) -> float | None:
        """Seconds the last render of ``job`` took (its executed notebook's papermill metadata),
        ``None`` when unknown."""
        import json

        folder = audit_dir(self.out_dir, job.client, self.period_dir)
        names = [f"{job.stem}.{self.lang}.ipynb"] if self.lang else []
        for last in [folder / n for n in (*names, f"{job.stem}.ipynb")]:
            try:
                with open(last, encoding="utf-8") as f:
                    seconds = json.load(f)["metadata"]["papermill"]["duration"]
                return float(seconds) if seconds else None
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return None

    def order(self, jobs: list[Job]) -> list[Job]:
        """The order to start ``jobs`` in. Jobs rendered before go first, longest first, so the
        last minutes do not run on one core alone. The others go notebook by notebook (every
        client's first notebook, then every client's second...), biggest client first: notebooks
        running side by side are then of different clients, and a client's later notebooks find
        in its result cache the counts its first notebook computed, instead of computing them
        at the same time."""
        rank = {nb: i for i, nb in enumerate(self.notebooks)}
        size: dict[str, float] = {}
        for client in {j.client for j in jobs}:
            try:
                size[client] = float(sum(p.stat().st_size for p in (self.data_dir / client).iterdir()
                                         if p.is_file()))
            except OSError:
                size[client] = 0.0
        known = {id(j): self.last_duration(j) for j in jobs}
        return sorted(jobs, key=lambda j: (0, -known[id(j)], 0, 0.0) if known[id(j)] is not None
                      else (1, 0.0, rank.get(j.notebook, 0), -size[j.client]))

    def run(self, clients: list[str]) -> Summary:
        """Render every notebook for ``clients``, then rewrite their index pages and the root one."""
        from tqdm import tqdm

        t0 = time.monotonic()
        jobs = [Job(c, nb) for c in clients for nb in self.notebooks]
        if self.jobs > 1:
            jobs = self.order(jobs)
        summary = Summary(out_dir=self.out_dir, period=self.period.label)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        sweep_temporaries(self.out_dir)
        preload = []
        for src in self._sources.values():
            preload += notebook_imports(src)
        if self._own_server:
            self.server = ForkServer(preload=list(dict.fromkeys(preload)))
        else:  # a server started earlier (by the command, or reused): it imports them now
            self.server.preload(preload)
        # while the kernel server imports (one core), the other core readies the export
        threading.Thread(target=_warm_driver, name="render-warm-up", daemon=True).start()
        self._bar = tqdm(total=len(jobs), file=self.stream, unit="report", desc="render",
                         disable=not self.progress, dynamic_ncols=True, mininterval=0.5)
        pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="render")
        # exports run beside the kernels: a worker starts its next notebook while the last one's
        # page is written (the driver's export would otherwise leave its core idle between two)
        self._publisher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="render-export")
        futures = []
        try:
            futures = [pool.submit(self._safe_job, j) for j in jobs]
            for fut in futures:
                summary.results.append(fut.result().result())
            order = {(c, nb): i for i, (c, nb) in enumerate((c, nb) for c in clients
                                                            for nb in self.notebooks)}
            summary.results.sort(key=lambda r: order[(r.job.client, r.job.notebook)])
        except KeyboardInterrupt:
            for fut in futures:
                fut.cancel()
            raise
        finally:
            if self._own_server:
                self.server.close()  # kills any kernel still running (Ctrl-C)
            pool.shutdown(wait=True, cancel_futures=True)
            self._publisher.shutdown(wait=True, cancel_futures=True)
            self._bar.close()
            self._bar = None
            shutil.rmtree(self._tmp, ignore_errors=True)
        for client in dict.fromkeys(clients):
            if any(r.ok and r.job.client == client for r in summary.results):
                self.combine(client, summary)
            elif self.pdf:
                self.print_combined(client, summary, only_if_missing=True)
            write_client_index(self.out_dir, client, self.page_lang(client)[1])
        write_root_index(self.out_dir, self.lang or "en")
        summary.seconds = time.monotonic() - t0
        return summary

    # ------------------------------------------------------------------ combined report
    def combine(self, client: str, summary: Summary) -> Path | None:
        """Rebuild ``report.html`` of ``client`` for this period and language from the chapter
        pages on disk (this run's and earlier ones'); print it to PDF when asked."""
        from roianalysis.render.combined import CombinedInfo, build_combined, chapters_of

        lang, own = self.page_lang(client)
        info = self.client_info(client)
        folder = self.report_dir(client)
        chapters = chapters_of(folder, lang, own)
        try:
            page = build_combined(chapters, CombinedInfo(
                client=client, client_name=info.name, period=self.period.label,
                period_name=period_name(self.period, lang),
                period_text=period_text(self.period, lang), lang=lang, timezone=info.timezone,
                generated=datetime.now(UTC)))
        except Exception as exc:  # the chapters stay; the combined report is not written
            self._problem(summary, f"{client} {self.period.label} {COMBINED_STEM}: {exc}")
            return None
        path = atomic_write_text(folder / page_name(COMBINED_STEM, lang, own), page)
        summary.combined.append(path)
        if self.pdf:
            self.print_combined(client, summary)
        return path

    def print_combined(self, client: str, summary: Summary, only_if_missing: bool = False) -> Path | None:
        """Print ``client``'s combined report to ``report.pdf`` (A4) with headless Chromium."""
        from roianalysis.render.browser import find_chromium, print_pdf

        lang, own = self.page_lang(client)
        html = self.page_path(client, COMBINED_STEM)
        target = html.with_suffix(".pdf")
        if not html.is_file() or (only_if_missing and target.is_file()):
            return None
        if find_chromium() is None:
            self._problem(summary, f"{client} {self.period.label} PDF: chromium is not installed "
                                   "(apt-get install chromium)")
            return None
        try:
            with tempfile.TemporaryDirectory(prefix="roianalysis-chromium-") as profile:
                data = print_pdf(html, Path(profile))
            if not data.startswith(b"%PDF-"):
                raise RoiAnalysisError("chromium did not return a PDF")
        except Exception as exc:
            self._problem(summary, f"{client} {self.period.label} PDF: {exc}")
            return None
        path = atomic_write_bytes(target, data)
        summary.pdfs.append(path)
        return path

    def _problem(self, summary: Summary, text: str) -> None:
        summary.problems.append(text)
        self._say(f"FAILED {text}")

    def _safe_job(self, job: Job) -> Future:
        """Execute ``job`` here, export it on the publishing thread: a future of its result."""
        try:
            executed = self.execute_job(job)
        except Exception as exc:  # a bug or I/O error on one job must not stop the others
            executed = JobResult(job, failure=Failure(None, f"{type(exc).__name__}: {exc}",
                                                      "internal"))
        if isinstance(executed, JobResult):
            self._done(executed)
            done: Future = Future()
            done.set_result(executed)
            return done
        return self._publisher.submit(self._safe_publish, executed)

    def _safe_publish(self, executed: _Executed) -> JobResult:
        try:
            res = self.publish_job(executed)
        except Exception as exc:  # a bug or I/O error on one job must not stop the others
            res = JobResult(executed.job, failure=Failure(
                None, f"{type(exc).__name__}: {exc}", "internal"))
        self._done(res)
        return res


def _warm_driver() -> None:
    """Import what running and exporting a notebook needs in the driver (Papermill, nbclient,
    nbconvert, bleach) and compile the report template; failures are left to the real jobs."""
    with contextlib.suppress(Exception):
        import papermill.clientwrap  # noqa: F401
        import papermill.engines  # noqa: F401
        import papermill.parameterize  # noqa: F401

        warm_up()


def render(clients: list[str], period: str | Period | None = None, *, out_dir: str | Path = "reports",
           data_dir: str | Path = "data/raw", notebooks: Iterable[str] = (),
           notebooks_dir: str | Path | None = None, jobs: int | None = None,
           cell_timeout: float | None = 600, notebook_timeout: float | None = 1800,
           lang: str | None = None, comparison: str | None = None, progress: bool = True,
           stream=None, server: ForkServer | None = None, pdf: bool = False,
           engine: str | None = None) -> Summary:
    """Render every notebook for every client and one period.

    Parameters
    ----------
    clients : list of str
        Client folder names in ``data_dir`` (validated: no separators, no ``..``).
    period : str or Period, optional
        ``2026-Q3``, ``2026-09``... Default: the last complete quarter.
    out_dir : path
        Reports go to ``<out_dir>/<client>/<period>/<notebook>.html`` (``<notebook>.<lang>.html``
        in a language other than the client's), the combined report to ``report.html`` beside
        them, the executed notebooks to ``<out_dir>/_audit/<client>/<period>/``.
    data_dir : path
        Folder of client folders.
    notebooks : iterable of str
        Subset of notebooks (stem, name without number, or number); default all.
    notebooks_dir : path, optional
        Where the notebooks are (default: the project's ``notebooks/``).
    jobs : int, optional
        Notebooks executed at once (default: number of CPUs).
    cell_timeout, notebook_timeout : float or None
        Seconds per cell and per notebook before the kernel is killed.
    lang : str, optional
        ``fr`` or ``en``; default each client's language.
    pdf : bool
        Also print each combined report to an A4 ``report.pdf`` (headless Chromium).
    comparison : str, optional
        ``previous`` or ``year_ago``; default the notebooks' own default.
    progress : bool
        Show a progress bar on ``stream`` (default stderr).
    server : ForkServer, optional
        A running kernel server to reuse across calls (a long-lived service renders many batches
        with one); default: one started for this call and stopped at its end. Reuse keeps the
        isolation: the server never runs notebook code, every notebook gets a fresh kernel.
    engine : ``"duckdb"``, ``"spark"`` or None
        Engine of the notebooks' ``load_client`` (set as ``ROIANALYSIS_ENGINE`` in each kernel);
        default the environment's ``ROIANALYSIS_ENGINE``, else DuckDB. The driver always loads
        the clients (and writes their processed stores) with DuckDB.

    Returns
    -------
    Summary
        ``exit_code`` is 1 when any report failed.
    """
    from roianalysis.periods import last_complete_quarter

    per = Period.parse(period) if period else last_complete_quarter()
    from roianalysis.report.texts import LANGUAGES

    if lang is not None and lang not in LANGUAGES:
        raise RoiAnalysisError(f"invalid language {lang!r}: use {' or '.join(LANGUAGES)}")
    if comparison is not None and comparison not in ("previous", "year_ago"):
        raise RoiAnalysisError(f"invalid comparison {comparison!r}: use previous or year_ago")
    data_dir = Path(data_dir)
    for c in clients:
        check_client_name(c)
        client_folder(c, data_dir)
    if not clients:
        raise UnknownClientError(f"no client to render in {data_dir}")
    nb_dir = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    paths = find_notebooks(nb_dir, notebooks)
    if not paths:
        raise RoiAnalysisError(f"no notebook found in {nb_dir}")
    if engine is not None:
        from roianalysis.spark import engine_name

        engine = engine_name(engine)
    renderer = Renderer(per, Path(out_dir), data_dir, paths, jobs or os.cpu_count() or 1,
                        cell_timeout, notebook_timeout, lang, comparison, progress, stream, server,
                        pdf, engine)
    return renderer.run(list(dict.fromkeys(clients)))
