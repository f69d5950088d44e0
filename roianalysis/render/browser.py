"""Reports in a real browser: headless Chromium driven over ``--remote-debugging-pipe``.

:func:`inspect_page` opens a file in Debian's headless Chromium and returns a full-page
screenshot, every request the page made, console errors and exceptions, and the value of a
JavaScript expression; it needs no package beyond the standard library (the DevTools protocol is
spoken over two pipes). The tests use it to check reports; ``python -m roianalysis.render.browser
REPORT.html OUT.png`` makes the screenshot the README shows. :func:`print_pdf` prints a page to
an A4 PDF (``Page.printToPDF``), which ``roianalysis render --pdf`` does with the combined report.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1600",
    "--remote-debugging-pipe",
]


def find_chromium() -> str | None:
    """Path of Debian's chromium (or another Chrome) if installed."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageReport:
    """What the browser saw."""

    screenshot: bytes = b""
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    evaluated: object = None


class _Pipe:
    def __init__(self, proc: subprocess.Popen, write_fd: int, read_fd: int):
        self.proc, self.w, self.r = proc, write_fd, read_fd
        self.buf = b""
        self.next_id = 0
        self.events: list[dict] = []

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self.r], [], [], left)
            if ready:
                chunk = os.read(self.r, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        for ev in self.events:
            if ev.get("method") == method:
                return ev
        while True:
            ev = self._read_message(deadline)
            self.events.append(ev)
            if ev.get("method") == method:
                return ev

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        try:
            while True:
                self.events.append(self._read_message(deadline))
        except TimeoutError:
            pass


@contextlib.contextmanager
def _browser(user_data_dir: Path, chromium: str | None = None) -> Iterator[tuple[_Pipe, str]]:
    """A headless Chromium with one blank tab: ``(pipe, session id)``; the browser is closed (and
    killed if it does not close) when the block ends, whatever happens."""
    exe = chromium or find_chromium()
    if not exe:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    from roianalysis.render.forkserver import _die_with_parent

    cmd_r, cmd_w = os.pipe()
    res_r, res_w = os.pipe()
    parent = os.getpid()

    def wire():  # the browser reads commands on fd 3 and writes answers on fd 4
        os.dup2(cmd_r, 3)
        os.dup2(res_w, 4)
        _die_with_parent(parent)  # a render killed while printing leaves no browser behind

    proc = subprocess.Popen([exe, *CHROMIUM_FLAGS, f"--user-data-dir={user_data_dir}", "about:blank"],
                            preexec_fn=wire, pass_fds=(3, 4), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    os.close(cmd_r)
    os.close(res_w)
    pipe = _Pipe(proc, cmd_w, res_r)
    closed = False
    try:
        target = pipe.call("Target.createTarget", {"url": "about:blank"}, timeout=60)["targetId"]
        session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        yield pipe, session
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            pipe.call("Browser.close", timeout=5)
        closed = True
    finally:
        if not closed:  # an error or Ctrl-C: no browser is left behind
            proc.kill()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        os.close(cmd_w)
        os.close(res_r)


def _load(pipe: _Pipe, session: str, path: Path, domains=("Page", "Runtime", "Log", "Network"),
          timeout: float = 60) -> None:
    for domain in domains:
        pipe.call(f"{domain}.enable", session=session)
    pipe.events.clear()
    pipe.call("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
    pipe.wait_event("Page.loadEventFired", timeout=timeout)


def inspect_page(path: Path, user_data_dir: Path, expression: str = "null",
                 chromium: str | None = None, media: str | None = None,
                 width: int | None = None) -> PageReport:
    """Load ``path`` in headless Chromium; return its screenshot, requests and console errors.

    ``media="print"`` lays the page out with its print stylesheet, and ``width`` (CSS pixels)
    sets the viewport width (A4 minus the page margins is about 700 px), so a test can measure
    what printing would cut.
    """
    report = PageReport()
    with _browser(user_data_dir, chromium) as (pipe, session):
        if media:
            pipe.call("Emulation.setEmulatedMedia", {"media": media}, session=session)
        if width:
            pipe.call("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
                session=session)
        _load(pipe, session, path)
        pipe.drain(1.0)  # late requests and console messages
        res = pipe.call("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                        session=session)
        report.evaluated = res.get("result", {}).get("value")
        shot = pipe.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                         session=session, timeout=60)
        report.screenshot = base64.b64decode(shot["data"])
        for ev in pipe.events:
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Network.requestWillBeSent":
                report.requests.append(p["request"]["url"])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                report.console_errors.append(json.dumps(p.get("args"))[:300])
            elif m == "Runtime.exceptionThrown":
                report.console_errors.append(json.dumps(p.get("exceptionDetails"))[:300])
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                report.console_errors.append(p["entry"].get("text", "")[:300])
    return report


#: A4 in inches, as the DevTools protocol wants paper sizes.
A4_INCHES = (8.27, 11.69)

_FOOTER = ('<div style="width:100%;font-size:8px;color:#616e7c;text-align:center;'
           'font-family:Arial,sans-serif"><span class="pageNumber"></span> / '
           '<span class="totalPages"></span></div>')


def print_pdf(path: Path, user_data_dir: Path, chromium: str | None = None,
              timeout: float = 180) -> bytes:
    """The A4 PDF of the page ``path`` as headless Chromium prints it (``Page.printToPDF``).

    The page's own ``@page`` rules (size, margins) and print stylesheet apply; backgrounds are
    printed; each page gets a "n / total" footer. Returns the PDF bytes.
    """
    with _browser(user_data_dir, chromium) as (pipe, session):
        _load(pipe, session, path, domains=("Page",), timeout=timeout)
        res = pipe.call("Page.printToPDF", {
            "paperWidth": A4_INCHES[0], "paperHeight": A4_INCHES[1], "printBackground": True,
            "preferCSSPageSize": True, "displayHeaderFooter": True,
            "headerTemplate": "<span></span>", "footerTemplate": _FOOTER,
            "marginTop": 0.5, "marginBottom": 0.6, "marginLeft": 0.45, "marginRight": 0.45,
        }, session=session, timeout=timeout)
    return base64.b64decode(res["data"])


def main(argv: list[str] | None = None) -> int:
    """``python -m roianalysis.render.browser REPORT.html OUT.png [--print] [--width 700]``
    (``OUT.pdf``: the A4 PDF instead)."""
    import argparse
    import sys
    import tempfile

    p = argparse.ArgumentParser(description="Screenshot a report with headless Chromium")
    p.add_argument("report", type=Path)
    p.add_argument("png", type=Path, help="screenshot to write (.png), or the PDF (.pdf)")
    p.add_argument("--print", action="store_true", help="lay the page out with its print stylesheet")
    p.add_argument("--width", type=int, default=None, help="viewport width in CSS pixels")
    args = p.parse_args(argv)
    if find_chromium() is None:
        print("error: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    if args.png.suffix == ".pdf":
        with tempfile.TemporaryDirectory(prefix="roi-chromium-") as profile:
            args.png.write_bytes(print_pdf(args.report, Path(profile)))
        print(f"{args.png}: {args.png.stat().st_size // 1024} KB")
        return 0
    with tempfile.TemporaryDirectory(prefix="roi-chromium-") as profile:
        seen = inspect_page(args.report, Path(profile), media="print" if args.print else None,
                            width=args.width)
    args.png.write_bytes(seen.screenshot)
    outside = [u for u in seen.requests if not u.startswith(("file:", "data:"))]
    print(f"{args.png}: {len(seen.screenshot) // 1024} KB; requests outside the file: "
          f"{len(outside)}; console errors: {len(seen.console_errors)}")
    return 0 if not outside and not seen.console_errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
