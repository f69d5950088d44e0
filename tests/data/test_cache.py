"""The per-client cache of computed aggregates: same results, fewer queries, never stale."""

from __future__ import annotations

import pandas as pd
import pytest

import roianalysis as ra
from roianalysis.data import cache as resultcache
from roianalysis.data.store import CACHE_DIR
from roianalysis.engine import Engine
from roianalysis.metrics import funnel_counts, funnel_counts_many, monthly_funnel_counts
from roianalysis.periods import Period

BREAKDOWNS = [(), ("channel",), ("channel", "campaign"), ("owner",), ("segment",)]


@pytest.fixture()
def client(demo_data):
    data = ra.load_client("northwind-b2b", demo_data)  # has owners, some leads without one
    cache = data.store / CACHE_DIR
    if cache.exists():
        for p in cache.iterdir():
            p.unlink()
    return data


def _fresh(data) -> Engine:
    """A new engine on the client's store (what the next notebook opens)."""
    return ra.load_client(data.client, data.store.parent.parent / "raw").engine


@pytest.mark.parametrize("by", BREAKDOWNS)
def test_a_cached_count_equals_the_computed_one_exactly(client, by):
    period = Period.parse("2026-Q3")
    opts = {"window_days": 60, "comparison": period.previous(), "available": list(client.tables)}
    first = funnel_counts(_fresh(client), period, by, **opts)
    engine = _fresh(client)
    again = funnel_counts(engine, period, by, **opts)
    assert engine.queries == 0, "the second notebook asks the cache, not the engine"
    pd.testing.assert_frame_equal(again, first)
    pd.testing.assert_frame_equal(again, funnel_counts(engine, period, by, **opts, cache=False))


def test_monthly_counts_are_cached_month_by_month(client):
    months = [Period.parse(m) for m in ("2026-07", "2026-08", "2026-09")]
    first = monthly_funnel_counts(_fresh(client), months, ("channel",))
    engine = _fresh(client)
    again = monthly_funnel_counts(engine, months, ("channel",))
    assert engine.queries == 0 and list(again) == list(first)
    for label in first:
        pd.testing.assert_frame_equal(again[label], first[label])
    # each month is a funnel_counts entry: the same counts asked one month at a time are hits
    august = funnel_counts(engine, months[1], ["channel"], comparison=months[0])
    assert engine.queries == 0
    pd.testing.assert_frame_equal(august, first["2026-08"])


def test_batched_periods_and_single_periods_share_entries(client):
    q2, q3 = Period.parse("2026-Q2"), Period.parse("2026-Q3")
    one = funnel_counts(_fresh(client), q3, (), comparison=q2, available=list(client.tables))
    engine = _fresh(client)
    both = funnel_counts_many(engine, [q3, q2], (), comparison=[q2, q2.previous()],
                              available=sorted(client.tables, reverse=True))  # same set
    assert engine.queries > 0  # Q2 was not cached: computed (alone, in one pass per table)
    pd.testing.assert_frame_equal(both[0], one)
    e = _fresh(client)
    funnel_counts(e, q2, [], previous=q2.previous(), comparison=q2.previous())
    assert e.queries == 0  # left by the batch, found by the single call


def test_a_scorecard_leaves_the_counts_other_notebooks_ask_for(client):
    from roianalysis.scorecard.table import scorecard

    scorecard(client, "2026-Q3")
    data = ra.load_client(client.client, client.store.parent.parent / "raw")
    engine = data.engine
    ra.funnel(data, "2026-Q3", by="channel")
    ra.funnel(data, "2026-Q2", by=None)
    assert engine.queries == 0


def test_other_arguments_code_or_engines_compute_afresh(client, monkeypatch):
    period = Period.parse("2026-Q3")
    funnel_counts(_fresh(client), period, ())
    e = _fresh(client)
    funnel_counts(e, period, (), window_days=30)  # another window: another key
    assert e.queries > 0
    e = _fresh(client)
    funnel_counts(e, period, by=())  # the same call written with keywords: a hit
    assert e.queries == 0
    monkeypatch.setattr(resultcache, "code_version", lambda: "changed code")
    e = _fresh(client)
    funnel_counts(e, period, ())
    assert e.queries > 0
    frames = Engine.from_frames(client.tables)  # not a store engine: nothing kept
    assert frames.cache_dir is None
    funnel_counts(frames, period, ())
    assert frames.queries > 0


def test_a_damaged_entry_is_computed_again(client):
    period = Period.parse("2026-Q2")
    first = funnel_counts(_fresh(client), period, ("channel",))
    for p in (client.store / CACHE_DIR).glob("*.arrow"):
        p.write_bytes(b"not arrow")
    e = _fresh(client)
    again = funnel_counts(e, period, ("channel",))
    assert e.queries > 0
    pd.testing.assert_frame_equal(again, first)


def test_new_data_starts_an_empty_cache(tmp_path):
    from roianalysis.data.demo import write_demo_clients

    raw = tmp_path / "raw"
    write_demo_clients(raw, clients=["petit-atelier"])
    data = ra.load_client("petit-atelier", raw)
    funnel_counts(data.engine, Period.parse("2026-Q3"), ())
    assert any((data.store / CACHE_DIR).iterdir())
    orders = raw / "petit-atelier" / "orders.csv"
    orders.write_text(orders.read_text() + "")  # same content: same store, cache kept
    assert any((ra.load_client("petit-atelier", raw).store / CACHE_DIR).iterdir())
    with open(orders, "a") as f:
        f.write("late-order,c-late,2026-11-14,10.0\n")
    changed = ra.load_client("petit-atelier", raw)
    assert not (changed.store / CACHE_DIR).exists()
