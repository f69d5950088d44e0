"""The demo clients load cleanly, look like what the seeds describe, and recover their ground truth."""

from __future__ import annotations

import json
import math

import pytest

import roianalysis as ra
from roianalysis.data.demo import CLIENTS, generate

DEMO = [c.client for c in CLIENTS]


def test_generator_is_deterministic():
    a, _ = generate(CLIENTS[2])
    b, _ = generate(CLIENTS[2])
    for name in a:
        assert a[name].equals(b[name])


@pytest.mark.parametrize("client", DEMO)
def test_demo_client_loads_without_problems(demo_data, client):
    data = ra.load_client(client, demo_data)
    assert not [w for w in data.warnings if w.severity == "error"]
    assert data.has("spend") and data.has("leads") and data.has("orders")
    spec = next(c for c in CLIENTS if c.client == client)
    assert set(data.channels) >= {c.name for c in spec.channels}
    spend = data.tables["spend"]
    months = spend["date"].dt.to_period("M").nunique()
    assert months >= 18
    k = ra.kpis(data, "2026-Q3")
    for name in ["cpl", "cac", "roi", "visitor_to_lead", "lead_to_customer", "retention_rate"]:
        assert math.isfinite(k[name]), name


def test_clients_cover_the_seeds(demo_data):
    shop = ra.load_client("boutique-lumiere", demo_data)
    assert shop.config.language == "fr" and shop.config.currency == "EUR"
    assert ra.kpis(shop, "2026-Q3")["purchase_frequency"] > 1.2  # repeat purchases
    b2b = ra.load_client("northwind-b2b", demo_data)
    assert b2b.tables["leads"]["owner"].nunique() >= 3
    assert ra.kpis(b2b, "2026-Q3")["sales_cycle_days"] > 30  # long sales cycles
    assert "sales" in set(b2b.tables["spend"]["category"])
    small = ra.load_client("petit-atelier", demo_data)
    assert not small.has("nps") and math.isnan(ra.kpis(small, "2026-Q3")["nps"])


@pytest.mark.parametrize("client", DEMO)
def test_cpc_recovers_ground_truth(demo_data, client):
    data = ra.load_client(client, demo_data)
    truth = json.loads((demo_data / client / "ground_truth.json").read_text())
    fn = ra.funnel(data, "2026")
    for channel, spec in truth["channels"].items():
        if spec["daily_budget"] > 0:
            expected = spec["cpc"] * truth["cost_multiplier"]
            assert fn.loc[channel, "cpc"] == pytest.approx(expected, rel=0.05), channel


def test_aliases_map_exported_names(demo_data):
    data = ra.load_client("boutique-lumiere", demo_data)
    assert "adwords" not in set(data.tables["spend"]["channel"])
    assert "Paid Search" in set(data.tables["spend"]["channel"])
