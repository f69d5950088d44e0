"""Shared bits of the CRM / shop reader tests: where the genuine samples are, a client config."""

from __future__ import annotations

from pathlib import Path

import pytest

from roianalysis.data.config import parse_config

REPO = Path(__file__).resolve().parents[2]

def _samples() -> Path:
    """``shared/export-samples`` next to the repository or next to one of its parents."""
    for parent in REPO.parents:
        p = parent / "shared" / "export-samples"
        if p.is_dir():
            return p
    return REPO.parent / "shared" / "export-samples"


SAMPLES = _samples()
SALT = b"test-salt-of-one-client"


def sample(rel: str) -> Path:
    """A genuine export sample; the test is skipped when the samples folder is absent."""
    p = SAMPLES / rel
    if not p.exists():
        pytest.skip(f"genuine samples not available ({p})")
    return p


def other_samples(*exclude: str) -> list[Path]:
    """Every genuine sample except those under the folders ``exclude``."""
    if not SAMPLES.exists():
        return []
    return [p for p in sorted(SAMPLES.rglob("*")) if p.is_file() and p.name != "README.md"
            and p.relative_to(SAMPLES).parts[0] not in exclude]


def config(**kw):
    return parse_config({"currency": "EUR", "timezone": "Europe/Paris", **kw}, "client")


def write(tmp_path: Path, name: str, text: str, *, bom: bool = False, crlf: bool = False) -> Path:
    p = tmp_path / name
    data = text.replace("\n", "\r\n") if crlf else text
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8"))
    return p
