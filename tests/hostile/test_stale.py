"""Stale numbers: a process holding old data never serves or writes them into a new store."""

from __future__ import annotations

import roianalysis as ra
from roianalysis.metrics import funnel_counts
from roianalysis.periods import Period

from .conftest import SPEND

JAN = Period.parse("2026-01")


def _cost(data) -> float:
    return float(funnel_counts(data.engine, JAN)["cost"].sum())


def _double_costs(raw):
    lines = SPEND.strip().splitlines()
    out = [lines[0]] + [",".join(r.split(",")[:-1] + [str(2 * float(r.split(",")[-1]))])
                        for r in lines[1:]]
    (raw / "acme" / "spend.csv").write_text("\n".join(out) + "\n")


def test_an_old_process_does_not_bring_old_costs_into_the_new_store(raw):
    """The repro of the issue: the old object computes after the store was replaced."""
    old = ra.load_client("acme", raw)
    old.engine  # noqa: B018 - opened before the data change, as a running kernel's
    _double_costs(raw)
    new = ra.load_client("acme", raw)  # store replaced
    assert new.fingerprint != old.fingerprint
    assert _cost(old) == 180.0  # the old process still sees its own data...
    assert _cost(new) == 360.0  # ...and the new data are never served the old result
    again = ra.load_client("acme", raw)
    assert _cost(again) == 360.0
    assert again.engine.queries == 0, "the new store's own result is cached"


def test_an_object_loaded_before_the_change_keeps_its_own_data(raw):
    """Loaded before, engine opened after the store was replaced: its own (old) numbers, not a
    mix of old tables and the new store's engine."""
    old = ra.load_client("acme", raw)
    _double_costs(raw)
    new = ra.load_client("acme", raw)
    assert _cost(old) == 180.0 and float(old["spend"]["cost"].sum()) == 180.0
    assert _cost(new) == 360.0
    assert old.engine.cache_dir is None  # it writes nothing into the new store


def test_cache_entries_are_keyed_by_the_data_fingerprint(raw):
    from roianalysis.data import cache as resultcache

    data = ra.load_client("acme", raw)
    args = {"period": JAN}
    a = resultcache._entry(data.engine, "f", args)
    data.engine.data_fingerprint = "0" * 16
    b = resultcache._entry(data.engine, "f", args)
    assert a != b
    data.engine.data_fingerprint = None
    assert resultcache._entry(data.engine, "f", args) is None  # unknown data: never cached


def test_the_footer_fingerprint_is_the_one_of_the_data_the_notebook_read(raw):
    """The title display carries the fingerprint of the data the notebook read; the export
    takes it from there, and two different ones (data changed mid-notebook) are named."""
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    from roianalysis.render.export import notebook_fingerprints
    from roianalysis.report.context import Report

    shell = InteractiveShell.instance()

    def output_of(data):
        fmt, meta = shell.display_formatter.format(Report.create(data, "2026-01").title("acq_title"))
        return nbformat.v4.new_output("display_data", data=fmt, metadata=meta)

    old = ra.load_client("acme", raw)
    _double_costs(raw)
    new = ra.load_client("acme", raw)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("", outputs=[output_of(new)])]
    assert notebook_fingerprints(nb) == [new.fingerprint]
    nb.cells.append(nbformat.v4.new_code_cell("", outputs=[output_of(old)]))
    assert notebook_fingerprints(nb) == [new.fingerprint, old.fingerprint]
