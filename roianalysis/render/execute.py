"""Execute one notebook with Papermill on a fresh forked kernel.

:func:`execute_notebook` injects the parameters with Papermill, runs every cell with Papermill's
nbclient engine on a kernel forked by :class:`~.forkserver.ForkServer`, and returns an
:class:`Execution` describing the outcome: the executed notebook (kept even on failure, for audit),
and on failure which cell failed (number in the source notebook, 1-based), with what error.
The kernel is always killed before returning.
"""

from __future__ import annotations

import ast
import copy
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from roianalysis.render.forkserver import ForkServer
from roianalysis.render.kernel import ForkedKernelManager

#: Tag papermill gives the cell it injects.
INJECTED_TAG = "injected-parameters"


@dataclass
class Failure:
    """Why a notebook did not produce a report."""

    cell: int | None  # 1-based index of the cell in the source notebook (None: before any cell)
    error: str  # "ZeroDivisionError: division by zero", "timeout after 30 s"...
    kind: str = "error"  # error, timeout, dead_kernel, start, data, export, internal
    code_cell: int | None = None  # 1-based rank among the source notebook's code cells

    def describe(self) -> str:
        if self.cell is None:
            return self.error
        where = f"cell {self.cell}"
        if self.code_cell is not None:
            where += f" (code cell {self.code_cell})"
        return f"{where}: {self.error}"


@dataclass
class Execution:
    """Outcome of one notebook execution."""

    nb: NotebookNode
    failure: Failure | None = None
    seconds: float = 0.0
    kernel_pid: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.failure is None


def read_notebook(path: str | Path) -> NotebookNode:
    """Read a notebook and give every cell the metadata Papermill expects."""
    nb = nbformat.read(str(path), as_version=4)
    return normalize(nb)


def normalize(nb: NotebookNode) -> NotebookNode:
    """Add the ``tags`` and ``papermill`` metadata Papermill relies on (as papermill's loader)."""
    nb.metadata.setdefault("papermill", {"default_parameters": {}, "parameters": {},
                                         "environment_variables": {}})
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
    return nb


def notebook_imports(nb: NotebookNode) -> list[str]:
    """Modules imported at top level by ``nb``'s code cells (to pre-import in the zygote)."""
    found: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        src = "\n".join(line for line in cell.source.splitlines()
                        if not re.match(r"\s*[%!]", line))
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                found += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append(node.module)
                found += [f"{node.module}.{a.name}" for a in node.names if a.name != "*"]
    return list(dict.fromkeys(found))


def _source_index(nb: NotebookNode, index: int) -> tuple[int, int | None]:
    """1-based number of executed cell ``index`` in the source notebook and among its code cells
    (the cell Papermill injected is not counted)."""
    source = [c for c in nb.cells[: index + 1] if INJECTED_TAG not in c.metadata.get("tags", [])]
    code = sum(1 for c in source if c.cell_type == "code")
    return len(source), (code if nb.cells[index].cell_type == "code" else None)


def _first_error(nb: NotebookNode) -> tuple[int, NotebookNode] | None:
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                return i, out
    return None


def _one_line(text: str, limit: int = 300) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text)).strip().replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def execute_notebook(
    source: NotebookNode,
    parameters: dict[str, Any],
    server: ForkServer,
    cwd: str | Path | None = None,
    cell_timeout: float | None = 600,
    notebook_timeout: float | None = 1800,
    startup_timeout: float = 60,
    env: dict[str, str] | None = None,
) -> Execution:
    """Parameterize ``source`` with Papermill and run it on a fresh forked kernel.

    Parameters
    ----------
    source : NotebookNode
        The notebook as read by :func:`read_notebook` (not modified).
    parameters : dict
        Values injected after the cell tagged ``parameters``.
    server : ForkServer
        Where the kernel comes from.
    cwd : path, optional
        Working directory of the kernel.
    cell_timeout, notebook_timeout : float or None
        Seconds allowed per cell and for the whole notebook; the kernel is killed when exceeded.
    startup_timeout : float
        Seconds allowed for the kernel to answer.
    env : dict, optional
        Extra environment variables for the kernel.

    Returns
    -------
    Execution
        Never raises for a notebook problem: failures are described in ``Execution.failure``.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NotebookExecutionManager
    from papermill.parameterize import parameterize_notebook

    start = time.monotonic()
    nb = copy.deepcopy(source)
    nb = parameterize_notebook(nb, parameters, report_mode=False, kernel_name="python3")
    man = NotebookExecutionManager(nb, output_path=None, progress_bar=False, autosave_cell_every=1e9)
    km = ForkedKernelManager(kernel_name="python3")
    km.server = server
    current = {"index": None}
    timed_out = threading.Event()

    def on_cell_start(cell: NotebookNode, cell_index: int) -> None:
        current["index"] = cell_index

    client = PapermillNotebookClient(
        man, km=km, kernel_name="python3", timeout=cell_timeout, startup_timeout=startup_timeout,
        shutdown_kernel="immediate", on_cell_start=on_cell_start, iopub_timeout=4,
        raise_on_iopub_timeout=False,
    )
    client.owns_km = True  # nbclient then stops the channels and kills the kernel when done
    watchdog = None
    if notebook_timeout:
        def expire() -> None:
            timed_out.set()
            km.kill_now()

        watchdog = threading.Timer(notebook_timeout, expire)
        watchdog.daemon = True
        watchdog.start()
    failure: Failure | None = None
    pid = None
    man.notebook_start()
    try:
        client.execute(cwd=str(cwd) if cwd else None, env=env or {})
    except BaseException as exc:  # noqa: BLE001 - every failure is reported, none propagates
        if isinstance(exc, KeyboardInterrupt):
            raise
        failure = _describe_exception(exc, nb, current["index"], timed_out.is_set(),
                                      notebook_timeout)
    finally:
        if watchdog is not None:
            watchdog.cancel()
        pid = km.kernel_pid
        km.kill_now()
        with_suppress_cleanup(client)
        man.cleanup_pbar()
        man.notebook_complete()
    if failure is None:
        err = _first_error(nb)
        if err is not None:
            i, out = err
            cell, error, kind, code = _cell_where(nb, i, f"{out.ename}: {out.evalue}")
            failure = Failure(cell, error, kind, code)
    return Execution(nb, failure, time.monotonic() - start, pid)


def with_suppress_cleanup(client: Any) -> None:
    """Stop a client's channels and free its kernel manager, ignoring errors."""
    try:
        if getattr(client, "km", None) is not None or getattr(client, "kc", None) is not None:
            client._cleanup_kernel()
    except Exception:
        pass


def _describe_exception(exc: BaseException, nb: NotebookNode, index: int | None,
                        timed_out: bool, notebook_timeout: float | None) -> Failure:
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    cell, code = _source_index(nb, index) if index is not None else (None, None)
    if timed_out:
        return Failure(cell, f"the notebook did not finish within {notebook_timeout:g} s; "
                       "its kernel was killed", "timeout", code)
    if isinstance(exc, CellTimeoutError):
        return Failure(cell, _one_line(f"cell timed out: {exc}", 200) + "; its kernel was killed",
                       "timeout", code)
    if isinstance(exc, DeadKernelError):
        return Failure(cell, "the kernel died (crash, out of memory or killed)", "dead_kernel", code)
    if index is None:
        return Failure(None, _one_line(f"could not start the kernel: {type(exc).__name__}: {exc}"),
                       "start")
    return Failure(cell, _one_line(f"{type(exc).__name__}: {exc}"), "error", code)


def _cell_where(nb: NotebookNode, index: int, error: str) -> tuple[int, str, str, int | None]:
    cell, code = _source_index(nb, index)
    return cell, _one_line(error), "error", code
