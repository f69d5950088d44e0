"""Atomic file replacement: a report is either the previous complete file or the new complete file.

On Linux the new content is written to an unnamed ``O_TMPFILE`` inode in the target folder, so a
process killed while writing leaves nothing behind; the complete file then gets a temporary name
and is renamed over the target (``os.replace`` is atomic on POSIX). Elsewhere a named temporary
file ``.<name>.roi-tmp-<random>`` is used; :func:`sweep_temporaries` removes the ones a killed run
left.
Every writer of the package goes through :func:`atomic_writer` (reports, the processed store's
manifest, the result cache, imported exports).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

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


@contextlib.contextmanager
def atomic_writer(path: str | Path, fsync: bool = True) -> Iterator[BinaryIO]:
    """A binary file whose content replaces ``path`` atomically when the ``with`` block ends
    (folder created when missing): readers see the previous complete file or the new complete
    file, never a part. When the block raises, ``path`` is unchanged and nothing is left behind.

    ``fsync`` flushes the content to disk before the rename (a report survives a power cut; a
    cache entry, which can be computed again, need not).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, named = -1, None
    tmpfile = getattr(os, "O_TMPFILE", 0)
    if tmpfile:
        try:
            fd = os.open(path.parent, tmpfile | os.O_RDWR, 0o644)
        except OSError:
            fd = -1
    if fd < 0:
        named = _tmp_name(path)
        fd = os.open(named, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
    tmp = named
    try:
        with os.fdopen(fd, "w+b") as f:
            yield f
            f.flush()
            if fsync:  # before the file has a name: the named moment stays as short as can be
                os.fsync(f.fileno())
            if named is None:  # the unnamed file gets a temporary name, else a named copy
                tmp = _tmp_name(path)
                if not _link_fd(f.fileno(), tmp):
                    tmp = _named_copy(f, path)
        os.replace(tmp, path)
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def _named_copy(f: BinaryIO, path: Path) -> Path:
    """A named temporary file beside ``path`` holding what ``f`` holds."""
    tmp = _tmp_name(path)
    f.seek(0)
    with open(tmp, "xb") as out:
        shutil.copyfileobj(f, out)
        out.flush()
        os.fsync(out.fileno())
    return tmp


def atomic_write_bytes(path: str | Path, data: bytes, fsync: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically (:func:`atomic_writer`); return the path."""
    with atomic_writer(path, fsync) as f:
        f.write(data)
    return Path(path)


def atomic_copy(src: str | Path, path: str | Path, fsync: bool = True) -> Path:
    """Copy the file ``src`` to ``path`` atomically (:func:`atomic_writer`); return the path."""
    with open(src, "rb") as source, atomic_writer(path, fsync) as f:
        shutil.copyfileobj(source, f)
    return Path(path)


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
