"""The warm kernel server: fresh processes, no threads in the zygote, recovery, clean exit."""

from __future__ import annotations

import os
import signal
import time

import pytest

from roianalysis.render.forkserver import ForkServer, ForkServerError

from .conftest import marked_processes

pytestmark = pytest.mark.slow


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return False


def test_kernels_are_distinct_processes_and_the_zygote_is_single_threaded():
    with ForkServer() as server:
        a, info_a = server.spawn()
        b, info_b = server.spawn()
        assert server.zygote_threads == 1, "forking a multi-threaded zygote is unsafe"
        assert "roianalysis.metrics" in server.preloaded
        # the package's deferred imports are paid once here, not in the middle of each report
        assert "statsmodels.stats.rates" in server.preloaded
        assert a != b and info_a["shell_port"] != info_b["shell_port"]
        assert info_a["key"] != info_b["key"]
        assert os.getpgid(a) == a, "each kernel leads its own process group"
        zygote = server.proc.pid
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(p) for p in (a, b, zygote)):
        time.sleep(0.05)
    assert not any(_alive(p) for p in (a, b, zygote)), "closing the server ends every kernel"
    assert marked_processes(server.session) == []


def test_deferred_imports_are_read_from_function_bodies(tmp_path, monkeypatch):
    from roianalysis.render.forkserver import deferred_imports

    (tmp_path / "deferring.py").write_text(
        "import json\n"
        "def f():\n"
        "    import csv\n"
        "    from statistics import mean\n"
        "    from . import sibling\n"
        "    import pyspark.sql\n"
        "class C:\n"
        "    def g(self):\n"
        "        import email.parser as p\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    # top-level imports are the module's own; relative ones are the package's; pyspark is skipped
    assert deferred_imports(["deferring"]) == ["csv", "statistics", "email.parser"]


def test_a_dead_zygote_is_restarted_once():
    with ForkServer() as server:
        server.spawn()
        os.kill(server.proc.pid, signal.SIGKILL)
        server.proc.wait()
        pid, _info = server.spawn()
        assert _alive(pid) and server.restarts == 1
    with pytest.raises(ForkServerError):
        server.spawn()


def _run_in_new_kernel(server: ForkServer, code: str) -> tuple[str, str]:
    """Run ``code`` in a kernel forked by ``server``: (reply status, printed text)."""
    from jupyter_client import BlockingKernelClient

    outputs: list[dict] = []
    _pid, info = server.spawn()
    kc = BlockingKernelClient()
    kc.load_connection_info(info)
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=30)
        reply = kc.execute_interactive(code, timeout=30, output_hook=outputs.append)
    finally:
        kc.stop_channels()
    text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
    return reply["content"]["status"], text.strip()


def test_a_forked_kernel_has_no_history_database_and_frozen_preloaded_objects():
    with ForkServer() as server:
        status, text = _run_in_new_kernel(
            server, "import gc, IPython; print(IPython.get_ipython().history_manager.enabled, "
                    "gc.get_freeze_count() > 10000)")
    assert status == "ok"
    # no history; the zygote froze its imports out of the collector's reach (no copy-on-write)
    assert text == "False True"


def test_modules_asked_for_after_the_start_are_imported_before_the_next_kernel():
    """The command starts the server before it knows the notebooks; their imports follow."""
    with ForkServer() as server:
        server.preload(["xml.dom.minidom", "no_such_module_anywhere"])  # a failure is ignored
        # imported by the zygote before the fork: present before the notebook asks for it
        status, text = _run_in_new_kernel(server, "import sys; print('xml.dom.minidom' in sys.modules)")
    assert status == "ok"
    assert text == "True"
