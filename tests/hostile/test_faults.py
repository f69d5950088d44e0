"""Faults: read-only store, damaged store files, leftovers of killed builds, bad client.yml."""

from __future__ import annotations

import json
import os
import time

import pytest

import roianalysis as ra
from roianalysis.data.store import STALE_BUILD_SECONDS, _manifest, clean_stale_builds
from roianalysis.errors import ConfigError

from .conftest import write_client


def _total(data) -> float:
    return float(data["spend"]["cost"].sum())


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_processed_folder_falls_back_to_memory(tmp_path):
    raw = write_client(tmp_path)
    processed = tmp_path / "processed"
    processed.mkdir(mode=0o555)
    data = ra.load_client("acme", raw)
    assert data.store is None and _total(data) == 180.0


def test_a_processed_folder_that_cannot_be_created_falls_back_to_memory(tmp_path):
    raw = write_client(tmp_path)
    (tmp_path / "processed").write_text("a file where the store folder should be")
    data = ra.load_client("acme", raw)
    assert data.store is None and _total(data) == 180.0


@pytest.mark.parametrize("where", ["middle", "truncated"])
def test_a_damaged_store_parquet_is_detected_and_the_store_rebuilt(raw, where):
    store = ra.load_client("acme", raw).store
    path = store / "spend.parquet"
    blob = bytearray(path.read_bytes())
    if where == "middle":
        blob[len(blob) // 3] ^= 0x10  # one flipped bit
    else:
        blob = blob[:-200] + blob[-8:]  # a footer that still looks like Parquet
    path.write_bytes(bytes(blob))
    data = ra.load_client("acme", raw)  # no traceback, ever
    assert _total(data) == 180.0
    sums = _manifest(data.store)["checksums"]
    assert set(sums) >= {"spend.parquet", "leads.parquet", "orders.parquet"}
    again = ra.load_client("acme", raw)
    assert _total(again) == 180.0 and ra.kpis(again, "2026-01")["cost"] == 180.0


def test_a_killed_build_leaves_nothing_after_the_next_load(raw):
    ra.load_client("acme", raw)
    processed = raw.parent / "processed"
    dead = processed / ".acme-killed1"  # kill -9 mid-build: a copy of the client's data
    dead.mkdir()
    (dead / "spend.parquet").write_bytes(b"client data")
    (dead / ".owner-pid").write_text("999999999")  # no such process
    old = processed / ".acme-orphan"
    old.mkdir()
    past = time.time() - STALE_BUILD_SECONDS - 10
    os.utime(old, (past, past))
    running = processed / ".acme-running"  # a build of a live process is left alone
    running.mkdir()
    (running / ".owner-pid").write_text(str(os.getpid()))
    (raw / "acme" / "spend.csv").write_text("date,channel,cost\n2026-01-05,Google,7\n")
    ra.load_client("acme", raw)  # a new build cleans up
    left = sorted(p.name for p in processed.iterdir() if p.name.startswith(".") and p.name != ".keys")
    assert left == [".acme-running"]
    assert clean_stale_builds(processed / "acme") == []


def test_a_store_written_without_checksums_is_rebuilt(raw):
    store = ra.load_client("acme", raw).store
    meta = json.loads((store / "manifest.json").read_text())
    del meta["checksums"]
    (store / "manifest.json").write_text(json.dumps(meta))
    assert "checksums" in _manifest(ra.load_client("acme", raw).store)


def _config_error(tmp_path, text: str | bytes) -> str:
    raw = write_client(tmp_path, config=text)
    with pytest.raises(ConfigError) as excinfo:
        ra.load_client("acme", raw, processed_dir=None)
    return str(excinfo.value)


def test_a_yaml_alias_bomb_is_refused_by_name_at_once(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    message = _config_error(tmp_path, "\n".join(lines) + "\n")
    assert "aliases" in message and "client.yml" in message


def test_a_huge_client_yml_is_refused(tmp_path):
    assert "too large" in _config_error(tmp_path, "name: x\n" + "#" * 300_000 + "\n")


def test_a_windows_1252_client_yml_is_read(tmp_path):
    raw = write_client(tmp_path, config="name: Café Lumière\ntimezone: Europe/Paris\n"
                                        .encode("cp1252"))
    assert ra.load_client("acme", raw, processed_dir=None).config.name == "Café Lumière"


@pytest.mark.parametrize("key", ["conversion_window_days: 100000000000",
                                 "attribution: {lookback_days: 100000000000}",
                                 "attribution: {half_life_days: .inf}",
                                 "conversion_window_days: 0"])
def test_absurd_windows_are_refused_with_the_bound(tmp_path, key):
    assert "3660" in _config_error(tmp_path, key + "\n")


def test_a_store_that_cannot_be_written_falls_back_to_memory(raw, monkeypatch):
    """As a read-only ``data/processed`` does for a user who is not root: the temporary folder
    cannot be made."""
    from roianalysis.data import store as data_module

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(data_module.tempfile, "mkdtemp", refuse)
    data = ra.load_client("acme", raw)
    assert data.store is None and _total(data) == 180.0
    assert ra.kpis(data, "2026-01")["cost"] == 180.0
