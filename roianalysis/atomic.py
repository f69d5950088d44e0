"""Atomic file replacement: a report is either the previous complete file or the new complete file.

On Linux the new content is written to an unnamed ``O_TMPFILE`` inode in the target folder, so a
process killed while writing leaves nothing behind; the complete file then gets a temporary name
and is renamed over the target (``os.replace`` is atomic on POSIX). Elsewhere a named temporary
file ``.<name>.roi-tmp-<random>`` is used; :func:`sweep_temporaries` removes the ones a killed run
left.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import sys
from pathlib import Path

TMP_MARK = ".roi-tmp-"
_AT_FDCWD = -100
_AT_SYMLINK_FOLLOW = 0x400
_libc = None


def _link_fd(fd: int, dest: Path) -> bool:
    """Give the unnamed file ``fd`` the name ``dest`` (Linux ``linkat``); False if impossible.

    ``os.link("/proc/self/fd/N", dest, follow_symlinks=True)`` calls ``link(2)``, which does not
    follow the magic link (EXDEV), so ``linkat(2)`` is called through ctypes.
    """
    global _libc
    if not sys.platform.startswith("linux"):
        return False
    try:
        if _libc is None:
            _libc = ctypes.CDLL(None, use_errno=True)
        src = f"/proc/self/fd/{fd}".encode()
        return _libc.linkat(_AT_FDCWD, src, _AT_FDCWD, os.fsencode(dest), _AT_SYMLINK_FOLLOW) == 0
    except (OSError, AttributeError):
        return False


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
                linked = _link_fd(fd, tmp)
            except OSError:
                linked = False
            os.close(fd)
            if linked:
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


def unnamed_temporaries(folder: str | Path) -> bool:
    """True when ``folder`` supports unnamed temporary files (nothing named exists mid-write)."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag:
        return False
    try:
        fd = os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError:
        return False
    try:
        probe = Path(folder) / f".probe{TMP_MARK}{secrets.token_hex(6)}"
        ok = _link_fd(fd, probe)
        if ok:
            os.unlink(probe)
        return ok
    finally:
        os.close(fd)


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
