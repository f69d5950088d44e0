"""A jupyter_client kernel manager for kernels forked by :class:`~.forkserver.ForkServer`.

nbclient and papermill talk to it like to any kernel manager; only process management differs:
the kernel is not our child (the zygote forked it), so it is tracked with a Linux pidfd when
available (no pid-reuse races) and killed with its whole process group.
"""

from __future__ import annotations

import contextlib
import os
import signal
import uuid
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.provisioner_base import KernelProvisionerBase

from roianalysis.render.forkserver import ForkServer


class ForkedProcess(KernelProvisionerBase):
    """Process handle of a forked kernel (a jupyter_client provisioner)."""

    def __init__(self, pid: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.pid = pid
        self.pidfd: int | None = None
        with contextlib.suppress(AttributeError, OSError):
            self.pidfd = os.pidfd_open(pid)
        self.exit_code: int | None = None

    @property
    def has_process(self) -> bool:
        return self.exit_code is None

    def _alive(self) -> bool:
        if self.exit_code is not None:
            return False
        if self.pidfd is not None:
            import select

            ready, _, _ = select.select([self.pidfd], [], [], 0)
            alive = not ready
        else:
            try:
                os.kill(self.pid, 0)
                alive = True
            except ProcessLookupError:
                alive = False
            except PermissionError:
                alive = True
        if not alive:
            self.exit_code = -1
        return alive

    async def poll(self) -> int | None:
        return None if self._alive() else self.exit_code

    async def wait(self) -> int | None:
        import asyncio

        while self._alive():
            await asyncio.sleep(0.02)
        return self.exit_code

    async def send_signal(self, signum: int) -> None:
        self.signal(signum)

    def signal(self, signum: int, group: bool = False) -> None:
        """Send ``signum`` to the kernel (and its process group when ``group``)."""
        if not self._alive():
            return
        if group:
            with contextlib.suppress(OSError):
                os.killpg(self.pid, signum)
        if self.pidfd is not None:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(self.pidfd, signum)
        else:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signum)

    async def kill(self, restart: bool = False) -> None:
        self.signal(signal.SIGKILL, group=True)

    async def terminate(self, restart: bool = False) -> None:
        self.signal(signal.SIGKILL, group=True)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> dict:
        raise NotImplementedError("forked kernels are launched by the ForkServer")

    async def cleanup(self, restart: bool = False) -> None:
        if self.pidfd is not None:
            with contextlib.suppress(OSError):
                os.close(self.pidfd)
            self.pidfd = None
            self.exit_code = self.exit_code if self.exit_code is not None else -1

    def kill_now(self) -> None:
        """Synchronous SIGKILL of the kernel's process group (watchdog use)."""
        self.signal(signal.SIGKILL, group=True)


class FastReadyClient(AsyncKernelClient):
    """Kernel client whose readiness check does not idle 0.2 s flushing IOPub.

    Readiness is the same as jupyter_client's (a ``kernel_info`` reply on shell *and* a message on
    IOPub, proving the subscription is live); stale IOPub messages are then drained without
    waiting: nbclient ignores messages whose parent is not the cell it runs anyway.
    """

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        import time
        from queue import Empty

        deadline = time.monotonic() + (timeout if timeout is not None else 1e9)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                msg = None
            if msg is not None and msg["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(msg)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0.001)
            except Empty:
                break

    wait_for_ready = _async_wait_for_ready


class ForkedKernelManager(AsyncKernelManager):
    """Kernel manager whose ``start_kernel`` forks a warm kernel from a :class:`ForkServer`.

    Set :attr:`server` before starting. Shutdown is always immediate (SIGKILL of the kernel's
    process group): a report kernel has nothing to save.
    """

    server: ForkServer | None = None

    def client(self, **kwargs: Any) -> AsyncKernelClient:  # type: ignore[override]
        """A :class:`FastReadyClient` connected to this kernel."""
        kw = dict(self.get_connection_info(session=True))
        kw.update({"connection_file": self.connection_file, "parent": self})
        kw.update(kwargs)
        return FastReadyClient(**kw)

    async def _async_start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        assert self.server is not None, "ForkedKernelManager.server is not set"
        self._attempted_start = True
        self.shutting_down = False
        self.kernel_id = self.kernel_id or str(uuid.uuid4())
        extra = list(kw.get("extra_arguments") or [])
        env = kw.get("env") or {}
        pid, info = self.server.spawn(cwd=kw.get("cwd"), argv=extra, env=env)
        self.provisioner = ForkedProcess(pid, kernel_id=self.kernel_id, parent=self)
        self.load_connection_info(info)
        self._launch_args = dict(kw)
        self._connect_control_socket()

    start_kernel = _async_start_kernel

    async def _async_interrupt_kernel(self) -> None:  # type: ignore[override]
        if self.provisioner is not None:
            await self.provisioner.send_signal(signal.SIGINT)

    interrupt_kernel = _async_interrupt_kernel

    async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:  # type: ignore[override]
        self.shutting_down = True
        if self.provisioner is not None:
            await self.provisioner.kill()
        await self._async_cleanup_resources(restart=False)

    shutdown_kernel = _async_shutdown_kernel

    def kill_now(self) -> None:
        """Kill the kernel from any thread (per-notebook timeout)."""
        prov = self.provisioner
        if isinstance(prov, ForkedProcess):
            prov.kill_now()

    @property
    def kernel_pid(self) -> int | None:
        prov = self.provisioner
        return prov.pid if isinstance(prov, ForkedProcess) else None
