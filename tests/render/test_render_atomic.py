"""Atomic replacement of report files."""

from __future__ import annotations

import os

import pytest

from roianalysis import atomic
from roianalysis.atomic import (
    TMP_MARK,
    atomic_write_bytes,
    atomic_write_text,
    sweep_temporaries,
)


def test_write_and_replace(tmp_path):
    target = tmp_path / "a" / "r.html"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["r.html"]


def test_failed_replace_keeps_previous_and_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "r.html"
    target.write_text("previous")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_named_fallback_without_o_tmpfile(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    target = tmp_path / "r.html"
    atomic_write_text(target, "x")
    assert target.read_text() == "x" and len(list(tmp_path.iterdir())) == 1


def test_sweep_removes_leftovers_only(tmp_path):
    (tmp_path / "c" / "p").mkdir(parents=True)
    left = tmp_path / "c" / "p" / f".r.html{TMP_MARK}abc"
    left.write_text("partial")
    keep = tmp_path / "c" / "p" / "r.html"
    keep.write_text("ok")
    assert sweep_temporaries(tmp_path) == 1
    assert not left.exists() and keep.exists()
