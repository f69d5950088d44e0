"""Warm, isolated IPython kernels: a pre-imported "zygote" process that forks one kernel per notebook.

Starting a Jupyter kernel costs a Python start, IPython's imports, and then the notebook's own
imports (pandas, matplotlib, this package): about two thirds of the CPU a small report needs. The
zygote pays that once: it imports everything the notebooks import, warms matplotlib and pandas,
and then, for each notebook, forks a child that becomes a fresh IPython kernel on random ports.

Isolation comes from the fork: the zygote never runs notebook code nor loads client data, so every
kernel starts from the same pristine copy-on-write image and dies after its one notebook. Nothing
one client's notebook computes can be seen by another client's kernel.

Lifetime: the zygote dies with the process that started it (``PR_SET_PDEATHSIG`` on Linux, and
when its command pipe closes), and every kernel dies with the zygote, so no kernel outlives the
``render`` command even when that command is killed with SIGKILL.

Protocol (one JSON object per line): the driver writes ``{"id", "cwd", "argv", "env"}`` on the
zygote's stdin; the zygote answers ``{"id", "pid", "connection"}`` or ``{"id", "error"}`` on its
stdout.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from roianalysis.errors import RoiAnalysisError

#: Modules every kernel needs: imported once in the zygote.
BASE_PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",  # imports debugpy: a third of a kernel's start when left to each kernel
    "ipykernel.comm",
    "sqlite3",
    "pdb",
    "psutil",
    "tornado.gen",
    "tornado.locks",
    "tornado.queues",
    "http.server",
    "xmlrpc.client",
    "IPython.core.interactiveshell",
    "IPython.display",
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib_inline.backend_inline",
    "roianalysis",
)

#: Packages whose every module is imported in the zygote: the notebooks' library. Entry points
#: (CLI, demo, this renderer) are left out.
PRELOAD_PACKAGES = ("roianalysis",)
#: Skipped modules (and their submodules), named as imported: tests/test_layers.py checks that
#: each still exists, so a module that moves cannot silently leave the list.
_SKIP = ("roianalysis.render", "roianalysis.__main__", "roianalysis.cli", "roianalysis.data.demo",
         "roianalysis.data.demo_exports")

#: Deferred imports (inside functions) that the zygote leaves to the kernels: heavy and only some
#: notebooks on some backends need them.
_DEFERRED_SKIP = ("pyspark",)

#: Environment variable set in the zygote and every kernel: lets tests find stray processes.
MARKER_ENV = "ROIANALYSIS_RENDER_SESSION"

_PR_SET_PDEATHSIG = 1


def _die_with_parent(expected_parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != expected_parent:  # the parent died before prctl took effect
        os._exit(1)


# ----------------------------------------------------------------------------- zygote side
def _package_modules(package: str) -> list[str]:
    """Every module of ``package`` except the entry points in ``_SKIP``."""
    import pkgutil

    try:
        pkg = importlib.import_module(package)
    except Exception:
        return []
    names = [package]
    for info in pkgutil.walk_packages(getattr(pkg, "__path__", []), package + "."):
        if not any(info.name == s or info.name.startswith(s + ".") for s in _SKIP):
            names.append(info.name)
    return names


def deferred_imports(module_names: list[str]) -> list[str]:
    """Modules imported inside functions of ``module_names`` (absolute imports only).

    The package defers heavy imports (statsmodels' tests, Holt-Winters, pyarrow.parquet...) so
    that ``import roianalysis`` stays light for the CLI; a kernel would then pay them in the middle
    of a notebook, once per report. The zygote imports them once instead. Found by reading each
    module's syntax tree, so a new deferred import is preloaded without a list to maintain.
    """
    import ast
    import importlib.util

    found: list[str] = []
    for name in module_names:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            continue
        try:
            tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Import):
                    found += [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.append(node.module)
    return [m for m in dict.fromkeys(found)
            if not m.startswith(_DEFERRED_SKIP) and not m.startswith(_SKIP)]


def _preload(modules: list[str], packages: tuple[str, ...] = PRELOAD_PACKAGES) -> list[str]:
    """Import ``modules``, ``packages`` and the packages' deferred imports (failures ignored),
    warm matplotlib, pandas and Ibis.

    Nothing here may start a thread or open a connection: the zygote must stay safe to fork.
    """
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for package in packages:
        own = _package_modules(package)
        modules = modules + own + deferred_imports(own)
    loaded = []
    for name in dict.fromkeys(modules):
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception:  # a notebook import that fails here fails visibly in the notebook
            continue
    with contextlib.suppress(Exception):  # warm font cache, Agg renderer, PNG writer
        import io

        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(2, 1))
        ax.plot([0, 1], [0, 1], label="x")
        ax.set_title("warm-up")
        ax.legend()
        fig.savefig(io.BytesIO(), format="png")
        plt.close("all")
    with contextlib.suppress(Exception):  # warm pandas' HTML formatters and Styler (jinja2)
        import pandas as pd

        df = pd.DataFrame({"a": [1.5, 2.0], "b": ["x", "y"]})
        df._repr_html_()
        df.style.format(precision=1).to_html()
    if "ibis" in sys.modules:
        with contextlib.suppress(Exception):  # the DuckDB compiler, without connecting
            import ibis
            import pandas as pd

            importlib.import_module("ibis.backends.duckdb")
            t = ibis.memtable(pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]}))
            ibis.to_sql(t.group_by("b").aggregate(n=t.a.sum(), m=t.a.mean()).order_by("b"),
                        dialect="duckdb")
    return loaded


def _preload_more(modules: list[str]) -> None:
    """Import ``modules`` not imported yet (failures ignored) and freeze what they created
    (nothing to do, no collection, when the start-up preload had them all, as usual)."""
    new = [name for name in modules if name not in sys.modules]
    for name in new:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    if new:
        gc.collect()
        gc.freeze()


def _kernel_child(req: dict, report_fd: int, session: str) -> None:
    """Body of a forked kernel: never returns."""
    code = 1
    try:
        os.setpgid(0, 0)  # own process group: a kill reaches the notebook's subprocesses too
        _die_with_parent(int(req["zygote"]))
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        log_path = req.get("log")
        out = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600) if log_path else devnull
        os.dup2(devnull, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.environ.update(req.get("env") or {})
        os.environ[MARKER_ENV] = session
        if req.get("cwd"):
            os.chdir(req["cwd"])
        with contextlib.suppress(Exception):
            import numpy as np

            np.random.seed()  # the fork copied the zygote's random state: reseed like a new process
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.connection_file = req["connection_file"]
        # no history database: a report kernel has nothing to recall, and dozens of kernels
        # writing one SQLite file at once only wait on each other's locks
        app.initialize(["--IPKernelApp.parent_handle=0", "--HistoryManager.enabled=False",
                        *req.get("argv", [])])
        _enable_inline_figures(app)
        info = {
            "transport": app.transport,
            "ip": app.ip,
            "shell_port": app.shell_port,
            "iopub_port": app.iopub_port,
            "stdin_port": app.stdin_port,
            "hb_port": app.hb_port,
            "control_port": app.control_port,
            "key": app.session.key.decode(),
            "signature_scheme": app.session.signature_scheme,
        }
        os.write(report_fd, json.dumps(info).encode())
        os.close(report_fd)
        app.start()
        code = 0
    except BaseException as exc:  # report the failure to start, then leave
        with contextlib.suppress(OSError):
            os.write(report_fd, json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode())
    finally:
        os._exit(code)


def _enable_inline_figures(app) -> None:
    """Hook the inline matplotlib backend into the new shell.

    In a normal kernel this happens when the backend module is first imported, after the shell
    exists; here the zygote imported it before any shell existed, so do it now.
    """
    if "matplotlib_inline.backend_inline" not in sys.modules or app.shell is None:
        return
    from matplotlib import get_backend

    if get_backend() in ("module://matplotlib_inline.backend_inline", "inline"):
        from IPython.core.pylabtools import activate_matplotlib
        from matplotlib_inline.backend_inline import configure_inline_support

        activate_matplotlib(get_backend())
        configure_inline_support(app.shell, get_backend())


def _read_report(fd: int, timeout: float) -> bytes:
    chunks, deadline = [], time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        data = os.read(fd, 65536)
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def zygote_main(argv: list[str] | None = None) -> int:
    """Entry point of the zygote process (``python -m roianalysis.render.forkserver``)."""
    import argparse

    p = argparse.ArgumentParser()
    p.add_argument("--preload", default="")
    p.add_argument("--parent", type=int, required=True)
    p.add_argument("--session", required=True)
    args = p.parse_args(argv)
    _die_with_parent(args.parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's business
    os.environ[MARKER_ENV] = args.session
    modules = list(BASE_PRELOAD) + [m for m in args.preload.split(",") if m]
    loaded = _preload(list(dict.fromkeys(modules)))
    # Move everything imported so far out of the garbage collector's reach: a collection in a
    # kernel would otherwise write to every preloaded object's header and copy the page it sits
    # on (copy-on-write), for nothing. About 8 % less CPU per report (measured on the notebooks).
    gc.collect()
    gc.freeze()
    children: set[int] = set()

    def reap(*_):
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)

    signal.signal(signal.SIGCHLD, reap)

    def kill_children(*_):
        for pid in list(children):
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        os._exit(0)

    signal.signal(signal.SIGTERM, kill_children)
    out = sys.stdout
    out.write(json.dumps({"ready": True, "threads": threading.active_count(),
                          "preloaded": loaded}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        if "preload" in req:  # more modules for the kernels to come (no answer: nothing waits)
            _preload_more(req["preload"])
            continue
        req["zygote"] = os.getpid()
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _kernel_child(req, w, args.session)
        os.close(w)
        children.add(pid)
        raw = _read_report(r, float(req.get("timeout", 60)))
        os.close(r)
        try:
            info = json.loads(raw.decode() or "{}")
        except ValueError:
            info = {}
        if "error" in info or not info:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            msg = info.get("error") or "the kernel exited before reporting its ports"
            answer = {"id": req["id"], "error": msg}
        else:
            answer = {"id": req["id"], "pid": pid, "connection": info}
        out.write(json.dumps(answer) + "\n")
        out.flush()
    kill_children()
    return 0


# ----------------------------------------------------------------------------- driver side
class ForkServerError(RoiAnalysisError, RuntimeError):
    """The zygote could not start or could not fork a kernel."""


class ForkServer:
    """Driver-side handle on a zygote process; thread-safe :meth:`spawn`.

    Parameters
    ----------
    preload : list of str
        Extra modules to import in the zygote (the notebooks' imports).
    log_dir : path, optional
        Where kernels write their own stdout/stderr (``None``: discarded).

    Notes
    -----
    Create it from the thread that will live longest (the main thread): on Linux the zygote is
    killed when that thread exits.
    """

    def __init__(self, preload: list[str] | None = None, log_dir: str | Path | None = None,
                 startup_timeout: float = 120.0):
        self.session = f"{os.getpid()}-{time.time_ns()}"
        self._tmp = tempfile.mkdtemp(prefix="roianalysis-kernels-")
        self.log_dir = Path(log_dir) if log_dir else None
        self._lock = threading.Lock()
        self._next = 0
        self._preload = list(preload or [])
        self._startup_timeout = startup_timeout
        self.restarts = 0
        self._start()

    def _start(self) -> None:
        env = dict(os.environ)
        env[MARKER_ENV] = self.session
        env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "roianalysis.render.forkserver", "--parent", str(os.getpid()),
             "--session", self.session, "--preload", ",".join(self._preload)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, bufsize=1, env=env, close_fds=True,
        )
        self._ready = False
        self.preloaded: list[str] = []
        self.zygote_threads = 0

    def wait_ready(self) -> None:
        """Block until the zygote has finished its imports (the constructor does not wait, so
        the driver can load client data meanwhile)."""
        if self._ready:
            return
        try:
            hello = self._readline(self._startup_timeout)
        except ForkServerError:
            self.close()
            raise
        if not hello.get("ready"):
            self.close()
            raise ForkServerError(f"the kernel server did not start: {hello}")
        self.preloaded = hello.get("preloaded", [])
        self.zygote_threads = hello.get("threads", 0)
        self._ready = True

    def _readline(self, timeout: float) -> dict:
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            raise ForkServerError(f"the kernel server did not answer within {timeout:.0f}s")
        line = self.proc.stdout.readline()
        if not line:
            raise ForkServerError("the kernel server exited")
        return json.loads(line)

    def preload(self, modules: list[str]) -> None:
        """Have the zygote import ``modules`` too (the notebooks' imports) before the next kernel
        it forks; returns at once (a module that fails to import is left to the notebook)."""
        modules = [m for m in dict.fromkeys(modules) if m]
        if not modules:
            return
        with self._lock:
            if self._closed or self.proc.poll() is not None:
                return
            self._preload += [m for m in modules if m not in self._preload]  # for a restart
            with contextlib.suppress(OSError):
                self.proc.stdin.write(json.dumps({"preload": modules}) + "\n")
                self.proc.stdin.flush()

    def spawn(self, cwd: str | Path | None = None, argv: list[str] | None = None,
              env: dict[str, str] | None = None, timeout: float = 60.0) -> tuple[int, dict]:
        """Fork a fresh kernel; return ``(pid, connection_info)``."""
        with self._lock:
            if self._closed:
                raise ForkServerError("the kernel server is closed")
            if self.proc.poll() is not None and self._ready:
                # the zygote died (OOM killer...): start a new one, once per death
                self.restarts += 1
                with contextlib.suppress(OSError):
                    self.proc.stdin.close()
                    self.proc.stdout.close()
                self._start()
            self.wait_ready()
            if self.proc.poll() is not None:
                raise ForkServerError("the kernel server is not running")
            self._next += 1
            kid = self._next
            req = {
                "id": kid, "cwd": str(cwd) if cwd else None, "argv": argv or [], "env": env or {},
                "timeout": timeout,
                "connection_file": os.path.join(self._tmp, f"kernel-{kid}.json"),
                "log": str(self.log_dir / f"kernel-{kid}.log") if self.log_dir else None,
            }
            self.proc.stdin.write(json.dumps(req) + "\n")
            self.proc.stdin.flush()
            answer = self._readline(timeout + 5)
        if "error" in answer:
            raise ForkServerError(f"could not start a kernel: {answer['error']}")
        return int(answer["pid"]), answer["connection"]

    _closed = False

    def close(self) -> None:
        """Stop the zygote; it kills every kernel it forked."""
        self._closed = True
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        with contextlib.suppress(OSError):
            self.proc.stdout.close()
        import shutil

        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


if __name__ == "__main__":
    sys.exit(zygote_main())
