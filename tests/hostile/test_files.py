"""Table files found but not read are named; odd encodings are read."""

from __future__ import annotations

import os

import pytest

import roianalysis as ra
from roianalysis.data.read import read_client_tables
from roianalysis.errors import DataValidationError

from .conftest import ORDERS, SPEND, write_client


def _warnings(raw) -> list:
    _cfg, _tables, warnings, _files = read_client_tables("acme", raw)
    return [w for w in warnings if w.code == "unread_file"]


@pytest.mark.parametrize("name,expect", [
    ("orders (1).csv", "rename it orders.csv"),
    ("orders.csv.gz", "decompress it to orders.csv"),
    ("orders - Copie.csv", "rename it orders.csv"),
    ("orders.json", "the format .json is not read"),
])
def test_a_table_file_not_read_is_named_with_what_would_be_read(tmp_path, name, expect):
    raw = write_client(tmp_path, files={"orders.csv": None, name: ORDERS})
    (w,) = _warnings(raw)
    assert w.file.endswith(name) and expect in w.message and w.severity == "warning"


def test_a_dangling_table_link_is_named(tmp_path):
    raw = write_client(tmp_path, files={"orders.csv": None})
    os.symlink(tmp_path / "gone.csv", raw / "acme" / "orders.csv")
    (w,) = _warnings(raw)
    assert "link" in w.message and "gone.csv" in w.message


def test_a_required_table_only_compressed_is_an_error_and_the_gz_named(tmp_path):
    raw = write_client(tmp_path, files={"spend.csv": None, "spend.csv.gz": SPEND})
    with pytest.raises(DataValidationError) as excinfo:
        read_client_tables("acme", raw)
    codes = {p.code for p in excinfo.value.problems}
    assert codes == {"missing_file", "unread_file"}


def test_upper_case_names_are_read_and_exports_and_other_files_not_warned(tmp_path):
    raw = write_client(tmp_path, files={"orders.csv": None, "Orders.CSV": ORDERS,
                                        "README.txt": "notes", "logo.png": "x"})
    (raw / "acme" / "exports").mkdir()
    # a second download of an export (a Meta export with no delivery): read by its reader,
    # never named as an unread table file
    (raw / "acme" / "exports" / "Campaigns (1).csv").write_text(
        '"Reporting starts","Reporting ends","Campaign name","Amount spent (EUR)"\n'
        '"No data available."\n')
    assert _warnings(raw) == []
    assert ra.load_client("acme", raw, processed_dir=None)["orders"]["revenue"].sum() == 280


def test_validate_prints_the_file_not_read(tmp_path, capsys):
    from roianalysis.cli import main

    raw = write_client(tmp_path, files={"orders (1).csv": ORDERS})
    assert main(["validate", "--client", "acme", "--data-dir", str(raw)]) == 0
    out = capsys.readouterr().out
    assert "orders (1).csv" in out and "not read" in out


@pytest.mark.parametrize("bom", [True, False])
def test_a_utf16_tab_separated_csv_is_read(tmp_path, bom):
    text = SPEND.replace(",", "\t").replace("Meta", "Méta")
    data = text.encode("utf-16") if bom else text.encode("utf-16-le")
    raw = write_client(tmp_path, files={"spend.csv": data})
    spend = ra.load_client("acme", raw, processed_dir=None)["spend"]
    assert spend["cost"].sum() == 180 and "Méta" in set(spend["channel"])
