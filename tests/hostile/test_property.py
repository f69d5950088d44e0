"""Property: random valid small clients with hostile names load with the raw totals, and every
data-derived text of theirs shows as typed (no link, no script, no Markdown)."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import pandas as pd
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import roianalysis as ra
from roianalysis.render.safe import report_problems, sanitize_html
from roianalysis.report.context import Report

from .conftest import write_client
from .test_text import HOSTILE, _html, _interpreted, _visible

_PIECES = st.sampled_from(HOSTILE + ["Google", "Meta", "ü", " ", "Paid Search"])
#: Names as a user (or a UTM tag) may write them; no line break (a quoted line break in a table
#: column is refused as merged rows), no leading/trailing blank (validation strips them).
NAMES = (st.lists(_PIECES, min_size=1, max_size=3).map(" ".join)
         .map(lambda s: re.sub(r"[\r\n]+", " ", s).strip()).filter(bool))
COSTS = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


def _csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


@settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(channels=st.lists(NAMES, min_size=1, max_size=3, unique_by=str.casefold),
       campaign=NAMES, client_name=NAMES,
       costs=st.lists(COSTS, min_size=1, max_size=6), day=st.integers(1, 28))
def test_random_hostile_clients_keep_totals_and_show_text_as_typed(channels, campaign,
                                                                   client_name, costs, day):
    rows = [[f"2026-01-{(day + i) % 28 + 1:02d}", channels[i % len(channels)], campaign, str(c)]
            for i, c in enumerate(costs)]
    with tempfile.TemporaryDirectory() as tmp:
        config = yaml.safe_dump({"name": client_name}, allow_unicode=True)
        raw = write_client(Path(tmp), files={
            "spend.csv": _csv(["date", "channel", "campaign", "cost"], rows)}, config=config)
        data = ra.load_client("acme", raw, processed_dir=None)

        expected = pd.Series([float(c) for c in costs],
                             index=[r[1] for r in rows]).groupby(level=0).sum()
        got = data["spend"].groupby("channel")["cost"].sum()
        pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(),
                                       check_names=False, rtol=1e-12)
        by_channel = ra.funnel(data, "2026-01", by="channel")
        assert abs(by_channel["cost"].sum() - float(sum(costs))) < 1e-6

        rep = Report.create(data, "2026-01")
        for name in [*channels, campaign, rep.client_name]:
            page = _html(f"The channel {rep.name(name)} grew.")
            assert _interpreted(page) == [], (name, page)
            assert _visible(page) == re.sub(r"\s+", " ", f"The channel {name} grew.").strip()
        title = _html(str(rep.title("acq_title")))
        assert report_problems(title) == [] and "<script" not in title
        table = sanitize_html(rep.table(by_channel[["cost"]]).html)
        assert report_problems(table) == [] and "<a " not in table and "<script" not in table
        assert "<em>" not in table and "<strong>" not in table
