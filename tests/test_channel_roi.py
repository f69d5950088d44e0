"""The channel ROI definition and the verdict rule, pinned by hand-computed examples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from roianalysis import channel_roi as cr
from roianalysis.report import texts
from roianalysis.report.pages import common as words
from tests.fixtures_core import tiny_client


@pytest.fixture(scope="module")
def tiny():
    return tiny_client()


@pytest.fixture(scope="module")
def jan(tiny):
    return cr.channel_roi(tiny, "2026-01")


def test_definition_on_the_tiny_client_by_hand(jan):
    """January 2026. Google: media 20 000 + tools 2 000 (sales 5 000 is not marketing) = 22 000;
    its one new customer c1 ordered 1 000 + 500 -> ROI (1 500 - 22 000) / 22 000. Meta: 10 000,
    no customer -> -100 %. Email: no spend; c2 (a customer since December) ordered 200 in
    January: original-source revenue only."""
    g = jan.loc["Google"]
    assert g["cost"] == 22_000 and g["revenue"] == 1_500 and g["new_customers"] == 1
    assert g["roi"] == pytest.approx((1_500 - 22_000) / 22_000)
    assert g["roas"] == pytest.approx(1_500 / 22_000)
    assert g["cac"] == pytest.approx(27_000)  # acquisition cost includes sales
    assert jan.loc["Meta", "roi"] == pytest.approx(-1.0)
    e = jan.loc["Email"]
    assert e["cost"] == 0 and np.isnan(e["roi"]) and e["revenue"] == 0
    assert e["original_source_revenue"] == 200
    assert e["verdict"] is None and not e["paid"]
    assert list(jan.index[:2]) == ["Google", "Meta"]  # paid channels first, largest cost first
    assert list(jan.columns) == cr.COLUMNS


def test_comparison_period_by_hand(jan):
    """December 2025: Google spent 999 and won no customer (c2 came through Email)."""
    assert jan.loc["Google", "roi_previous"] == pytest.approx(-1.0)


def test_tiny_channels_have_too_little_data(tiny, jan):
    assert jan.loc["Google", "verdict"] == "too_little_data"
    assert jan.loc["Google", "verdict_reason"] == "verdict_reason_small_sample"
    assert jan.loc["Google", "money_at_stake"] == 22_000  # the spend not yet proven
    v = cr.verdicts(tiny, "2026-01")
    assert list(v.index) == ["Google", "Meta"]  # unpaid channels have no verdict
    assert list(v["money_at_stake"]) == [22_000, 10_000]


def test_unknown_revenue_is_not_zero(tiny):
    """Without anything that ties customers to channels, revenue and ROI are unknown."""
    from roianalysis.data.client import ClientData
    from roianalysis.data.config import parse_config
    from tests.fixtures_core import CONFIG, tiny_tables

    tables = tiny_tables()
    del tables["touchpoints"]
    tables["leads"]["channel"] = ""
    data = ClientData.from_frames(tables, parse_config(CONFIG, "tiny"), "tiny")
    r = cr.channel_roi(data, "2026-01")
    assert r["revenue"].isna().all() and r["roi"].isna().all()
    paid = r[r["paid"]]
    assert (paid["verdict"] == "too_little_data").all()
    assert (paid["verdict_reason"] == "verdict_reason_unknown_revenue").all()


# ------------------------------------------------------------------------------ the rule
BASE = dict(cost=1_000.0, new_customers=50.0, leads=200.0, revenue=2_000.0, roi=1.0,
            ltv_to_cac=4.0, objective_status=None, efficiency_change=0.0, change_p_value=0.8)


@pytest.mark.parametrize("change, expected", [
    (dict(cost=0.0), (None, None)),
    (dict(cost=np.nan), (None, None)),
    (dict(revenue=np.nan, roi=np.nan), ("too_little_data", "verdict_reason_unknown_revenue")),
    (dict(new_customers=9, leads=29), ("too_little_data", "verdict_reason_small_sample")),
    (dict(new_customers=9, leads=np.nan), ("too_little_data", "verdict_reason_small_sample")),
    (dict(new_customers=9, leads=30), ("increase", "verdict_reason_increase")),  # leads suffice
    (dict(new_customers=10, leads=0), ("increase", "verdict_reason_increase")),
    (dict(roi=-0.2, ltv_to_cac=0.8), ("reduce", "verdict_reason_loses")),
    (dict(roi=-0.2, ltv_to_cac=np.nan), ("reduce", "verdict_reason_loses")),
    (dict(roi=-0.2, ltv_to_cac=1.5, objective_status="off_track"),
     ("reduce", "verdict_reason_loss_off_target")),
    (dict(roi=-0.2, ltv_to_cac=1.5, efficiency_change=-0.4, change_p_value=0.01),
     ("reduce", "verdict_reason_loss_worse")),
    (dict(roi=-0.2, ltv_to_cac=1.5), ("keep", "verdict_reason_lifetime")),
    (dict(roi=-0.2, ltv_to_cac=1.5, efficiency_change=-0.4, change_p_value=0.3),
     ("keep", "verdict_reason_lifetime")),  # a fall that may be chance changes nothing
    (dict(roi=0.0), ("increase", "verdict_reason_increase")),
    (dict(ltv_to_cac=3.0), ("increase", "verdict_reason_increase")),
    (dict(objective_status="at_risk"), ("increase", "verdict_reason_increase")),
    (dict(objective_status="off_track"), ("keep", "verdict_reason_off_target")),
    (dict(efficiency_change=-0.4, change_p_value=0.01), ("keep", "verdict_reason_worse")),
    (dict(efficiency_change=0.4, change_p_value=0.01), ("increase", "verdict_reason_increase")),
    (dict(ltv_to_cac=2.9), ("keep", "verdict_reason_thin")),
    (dict(ltv_to_cac=np.nan), ("keep", "verdict_reason_thin")),
])
def test_each_branch_of_the_rule(change, expected):
    assert cr.verdict_of(**{**BASE, **change}) == expected


def test_money_at_stake_by_hand():
    assert cr.money_at_stake("reduce", 1_000, 600) == 400
    assert cr.money_at_stake("increase", 1_000, 2_500) == 1_500
    assert cr.money_at_stake("keep", 1_000, 900) == 100
    assert cr.money_at_stake("too_little_data", 1_000, 5_000) == 1_000
    assert np.isnan(cr.money_at_stake(None, 0, 100))


def test_every_verdict_and_reason_has_words():
    for v in cr.VERDICTS:
        assert texts.text("fr", f"verdict_{v}") != texts.text("en", f"verdict_{v}")
    reasons = [k for k in texts.catalogue("en") if k.startswith("verdict_reason_")]
    assert len(reasons) >= 10
    assert words.verdict_label(None, "fr") == "—"
    assert words.verdict_label("reduce", "fr") == "Réduire"


def test_the_rule_gives_codes_the_catalogue_has_words_for():
    """channel_roi returns codes, never words; each reason it can give is a text."""
    import inspect
    import re as re_

    codes = set(re_.findall(r'"(verdict_reason_[a-z_]+)"', inspect.getsource(cr)))
    assert len(codes) >= 10
    assert all(texts.has_text(c) for c in codes), codes - {c for c in codes if texts.has_text(c)}


def test_paid_total_leaves_free_channels_out():
    roi = pd.DataFrame({
        "cost": [1_000.0, 500.0, 0.0], "revenue": [3_000.0, 250.0, 9_000.0],
        "new_customers": [10.0, 5.0, 50.0], "cac": [100.0, 100.0, 0.0],
        "paid": [True, True, False]}, index=["A", "B", "Organic"])
    tot = cr.paid_total(roi)
    assert tot["roi"] == pytest.approx((3_250 - 1_500) / 1_500)
    assert tot["cac"] == pytest.approx(1_500 / 15)
    assert tot["new_customers"] == 15


def test_roi_text_is_the_reports_format():
    assert words.roi_text(4.069, "fr") == "406,9\u202f%"
    assert words.roi_text(4.069, "en") == "406.9%"
    assert words.roi_text(np.nan, "en") == "—"


def test_definition_in_both_languages():
    assert "nouveaux clients" in words.roi_definition("fr")
    assert "new customers" in words.roi_definition("en")


# ------------------------------------------------------------------------------ the command
@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory):
    """The tiny client as a client folder (CSV files and client.yml), in French."""
    from tests.fixtures_core import tiny_tables

    root = tmp_path_factory.mktemp("raw")
    folder = root / "tiny"
    folder.mkdir()
    for name, df in tiny_tables().items():
        df.to_csv(folder / f"{name}.csv", index=False)
    (folder / "client.yml").write_text("name: Tiny\ncurrency: EUR\ntimezone: Europe/Paris\n"
                                       "language: fr\ngross_margin_rate: 0.4\n", encoding="utf-8")
    return root


def _run(capsys, *argv):
    from roianalysis.cli import main

    code = main(["channels", "--client", "tiny", *argv])
    out = capsys.readouterr().out
    assert code == 0
    return out


def test_channels_json_gives_the_package_values(tiny_folder, capsys):
    import json

    out = json.loads(_run(capsys, "--data-dir", str(tiny_folder), "--period", "2026-01",
                          "--format", "json"))
    assert out["lang"] == "fr" and out["period"] == "2026-01"
    rows = {r["channel"]: r for r in out["channels"]}
    g = rows["Google"]
    assert g["cost"] == 22_000 and g["revenue"] == 1_500
    assert g["roi"] == pytest.approx((1_500 - 22_000) / 22_000)
    assert g["roi_text"] == "-93,2\u202f%"
    assert g["verdict"] == "Trop peu de données" and g["verdict_code"] == "too_little_data"
    assert rows["Email"]["roi"] is None and rows["Email"]["verdict"] == ""
    assert out["definition"] == words.roi_definition("fr")


def test_channels_csv_and_table(tiny_folder, capsys):
    import csv
    import io

    text = _run(capsys, "--data-dir", str(tiny_folder), "--period", "2026-01", "--format", "csv",
                "--lang", "en")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["channel"] == "Google" and rows[0]["roi_text"] == "-93.2%"
    assert rows[0]["verdict"] == "Too little data"
    table = _run(capsys, "--data-dir", str(tiny_folder), "--period", "2026-01")
    assert table.startswith("Tiny · ")
    assert "22\u202f000\u00a0€" in table and "-93,2\u202f%" in table
    assert "Trop peu de données" in table and "nan" not in table.lower()
