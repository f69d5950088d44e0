"""Atomic file replacement: a report is either the previous complete file or the new complete file.

On Linux the new content is written to an unnamed ``O_TMPFILE`` inode in the target folder, so a
process killed while writing leaves nothing behind; the complete file then gets a temporary name
and is renamed over the target (``os.replace`` is atomic on POSIX). Elsewhere a named temporary
file ``.<name>.roi-tmp-<random>`` is used; :func:`sweep_temporaries` removes the ones a killed run
left.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

TMP_MARK = ".roi-tmp-"


def _tmp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}{TMP_MARK}{secrets.token_hex(6)}")


def atomic_write_bytes(path: str | Path, data: bytes, fsync: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically (folder created when missing); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmpfile = getattr(os, "O_TMPFILE", 0)
    if tmpfile:
        try:
            fd = os.open(path.parent, tmpfile | os.O_WRONLY, 0o644)
        except OSError:
            fd = -1
        if fd >= 0:
            tmp = _tmp_name(path)
            try:
                _write_all(fd, data, fsync)
                os.link(f"/proc/self/fd/{fd}", tmp, follow_symlinks=True)
            except OSError:
                os.close(fd)
                fd = -1
            else:
                os.close(fd)
                try:
                    os.replace(tmp, path)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
                    raise
                return path
    tmp = _tmp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        _write_all(fd, data, fsync)
        os.close(fd)
        fd = -1
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def atomic_write_text(path: str | Path, text: str, fsync: bool = True) -> Path:
    """:func:`atomic_write_bytes` for UTF-8 text."""
    return atomic_write_bytes(path, text.encode("utf-8"), fsync)


def _write_all(fd: int, data: bytes, fsync: bool) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
    if fsync:
        os.fsync(fd)


def sweep_temporaries(root: str | Path) -> int:
    """Remove temporary files a killed run left under ``root``; return how many."""
    n = 0
    root = Path(root)
    if not root.is_dir():
        return 0
    for p in root.rglob(f"*{TMP_MARK}*"):
        if p.is_file() and p.name.startswith("."):
            with contextlib.suppress(OSError):
                p.unlink()
                n += 1
    return n
