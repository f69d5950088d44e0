"""The export-shaped demo client: its exports, read back, give the figures the generator drew."""

from __future__ import annotations

import json

import pytest

from roianalysis.data.demo import EXPORTS_CLIENT, write_demo_clients


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    raw = tmp_path_factory.mktemp("exports-demo") / "raw"
    write_demo_clients(raw, clients=[EXPORTS_CLIENT.client])
    return raw


def test_the_exports_give_back_the_generated_figures(demo):
    from roianalysis import load_client
    from roianalysis.data.read import read_client

    truth = json.loads((demo / "comptoir-nord" / "ground_truth.json").read_text())["exports"]
    r = read_client("comptoir-nord", demo)
    formats = {i.format for i in r.exports.imports}
    assert {"google_ads", "meta_ads", "ga4_ui", "hubspot_contacts", "shopify_orders"} <= formats
    spend = r.tables["spend"]
    media = spend[spend["category"] == "media"].groupby("channel")["cost"].sum()
    # the two Google Ads downloads overlap by a month: counted once
    assert media["Paid Search"] == pytest.approx(truth["google_ads_cost"], abs=0.01)
    assert media["Paid Social"] == pytest.approx(truth["meta_cost"], abs=0.01)
    assert spend[spend["category"] != "media"]["cost"].sum() == pytest.approx(truth["own_cost"])
    assert len(r.tables["leads"]) == truth["leads"]
    orders = r.tables["orders"]
    assert len(orders) == truth["orders"]  # cancelled orders dropped and counted
    assert orders["revenue"].sum() == pytest.approx(truth["revenue"], abs=0.05)
    shop = next(i for i in r.exports.imports if i.format == "shopify_orders")
    assert sum(n for reason, n in shop.rows.dropped.items() if "cancel" in reason or "void" in reason) \
        >= truth["cancelled_orders"]
    assert r.tables["traffic"]["sessions"].sum() == truth["sessions"]
    # customers and leads join through the pseudonymous key of their e-mail, as in the truth
    from roianalysis.data.demo import generate

    made = generate(EXPORTS_CLIENT)[0]
    joined = made["orders"]["contact_id"].isin(made["leads"]["contact_id"]).sum()
    assert orders["contact_id"].isin(r.tables["leads"]["contact_id"]).sum() == joined
    data = load_client("comptoir-nord", demo)
    for name, frame in data.tables.items():
        text = frame.astype(str).to_numpy().ravel()
        assert not any("@" in str(v) for v in text), f"an e-mail address reached the {name} table"


@pytest.fixture(scope="module")
def exports_only(demo):
    """``exports-only``: comptoir-nord with nothing but its exports (no spend sheet, no
    objectives): the folder an agency gets when a client only sends downloads."""
    import shutil

    dst = demo / "exports-only"
    shutil.copytree(demo / "comptoir-nord", dst)
    for name in ("spend.csv", "objectives.csv", "ground_truth.json"):
        (dst / name).unlink()
    return demo


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01_overview", "02_acquisition", "03_retention", "04_clv",
                                  "05_attribution"])
def test_a_client_with_only_exports_renders_every_notebook(name, exports_only, tmp_path):
    from tests.test_notebooks import _check_clean, _execute, _headings

    nb = _execute(name, "exports-only", exports_only, tmp_path, period="2026-Q3")
    _check_clean(nb, name)
    assert _headings(nb)  # the report has its sections


def test_the_mix_model_recovers_the_demo_media_truth(demo):
    """comptoir-nord's budgets switch per 4-week flight, independently per channel: the weekly
    series identify each channel, and the model's 90 % intervals hold the generator's ROAS."""
    from roianalysis import load_client
    from roianalysis.periods import Period
    from roianalysis.report.pages.mix import client_mix

    truth = json.loads((demo / "comptoir-nord" / "ground_truth.json").read_text())["mix"]
    cm = client_mix(load_client("comptoir-nord", demo), Period.parse("2026-Q3"))
    assert cm.status == "ok"
    roas = cm.model.roas()
    for ch, true in truth["roas"].items():
        assert roas.loc[ch, "lower"] <= true <= roas.loc[ch, "upper"], (ch, true, roas.loc[ch])
    assert not any("moves together" in w for w in cm.model.warnings)  # not collinear any more
