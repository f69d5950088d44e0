"""Helpers of the hostile-input suite: a tiny client written as raw CSV files in ``tmp_path``.

Every test writes its own small bad input (nothing is read from the repository's data), loads it
the way a user would (:func:`roianalysis.load_client`) and checks the outcome is right or refused
by name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SPEND = """date,channel,campaign,category,cost
2026-01-05,Google,g1,media,100
2026-01-06,Google,g1,media,50
2026-01-07,Meta,m1,media,30
"""
LEADS = """contact_id,created_at,channel
c1,2026-01-05 10:00,Google
c2,2026-01-06 11:00,Meta
c3,2026-01-07 12:00,Google
"""
ORDERS = """order_id,contact_id,ordered_at,revenue
o1,c1,2026-01-10 10:00,200
o2,c2,2026-01-11 10:00,80
"""


def write_client(root: Path, name: str = "acme", files: dict[str, str | bytes] | None = None,
                 config: str | bytes = "timezone: Europe/Paris\nname: Acme\n") -> Path:
    """Write ``root/raw/<name>/`` with ``client.yml`` and the tiny tables (``files`` replace or
    add files by name; a value of ``None`` removes one). Returns the ``raw`` folder."""
    raw = root / "raw"
    folder = raw / name
    folder.mkdir(parents=True, exist_ok=True)
    content = {"spend.csv": SPEND, "leads.csv": LEADS, "orders.csv": ORDERS,
               "client.yml": config, **(files or {})}
    for fname, text in content.items():
        if text is None:
            continue
        path = folder / fname
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return raw


@pytest.fixture()
def raw(tmp_path) -> Path:
    """The ``raw`` folder of a valid tiny client ``acme`` (store in the sibling ``processed``)."""
    return write_client(tmp_path)


def problems_of(excinfo) -> str:
    """All problems of a :class:`DataValidationError` as one text."""
    return "\n".join(str(p) for p in excinfo.value.problems)
