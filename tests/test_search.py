"""Organic search: top queries against the previous period, computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from roianalysis.data.client import ClientData
from roianalysis.errors import DataValidationError
from roianalysis.search import SEARCH_COLUMNS, search_dimension, top_queries

SPEND = pd.DataFrame({"date": ["2026-03-01"], "channel": ["Paid Search"], "cost": [10]})


def _client(search: pd.DataFrame) -> ClientData:
    return ClientData.from_frames({"spend": SPEND, "search": search})


@pytest.fixture(scope="module")
def data():
    rows = [  # query, page, date, clicks, impressions, position
        ("chaussures", None, "2026-03-01", 10, 100, 2),
        ("chaussures", None, "2026-03-02", 5, 400, 7),
        ("sac", None, "2026-03-05", 20, 200, 3),
        ("ceinture", None, "2026-03-10", 15, 1000, None),
        ("bottes", None, "2026-03-11", 1, 10, 12),
        ("chaussures", None, "2026-02-10", 10, 250, 8),
        ("sac", None, "2026-02-15", 0, 50, 20),
        (None, "/x", "2026-03-01", 100, 1000, 1),  # a page row: not a query
        ("sac", None, "2026-04-01", 99, 990, 1),  # after the period
    ]
    df = pd.DataFrame(rows, columns=["query", "page", "date", "clicks", "impressions", "position"])
    return _client(df)


def test_top_queries_by_clicks_against_the_previous_month(data):
    top = top_queries(data, "2026-03", n=3)
    assert list(top.columns) == SEARCH_COLUMNS
    # sac 20 clicks; ceinture and chaussures 15 each, ceinture has more impressions
    assert list(top.index) == ["sac", "ceinture", "chaussures"]
    assert top.attrs == {"dimension": "query", "dated": True}
    ch = top.loc["chaussures"]
    assert ch["clicks"] == 15 and ch["impressions"] == 500
    assert ch["ctr"] == pytest.approx(15 / 500)
    # impression-weighted: (2 x 100 + 7 x 400) / 500 = 6.0 (the plain mean would be 4.5)
    assert ch["position"] == pytest.approx(6.0)
    assert ch["clicks_previous"] == 10 and ch["impressions_previous"] == 250
    assert ch["ctr_previous"] == pytest.approx(0.04) and ch["position_previous"] == 8
    assert ch["clicks_change"] == pytest.approx(0.5)
    assert ch["position_change"] == pytest.approx(-2.0)  # two places better
    sac = top.loc["sac"]
    assert sac["ctr"] == pytest.approx(0.1) and sac["position"] == 3
    assert math.isnan(sac["clicks_change"])  # 0 clicks before: no relative change
    assert sac["position_change"] == pytest.approx(3 - 20)
    ce = top.loc["ceinture"]
    assert math.isnan(ce["position"])  # no row carries a position
    assert ce["clicks_previous"] == 0 and math.isnan(ce["position_previous"])


def test_pages_and_no_comparison(data):
    pages = top_queries(data, "2026-03", by="page", comparison=None)
    assert list(pages.index) == ["/x"] and pages.attrs["dimension"] == "page"
    assert math.isnan(pages.loc["/x", "clicks_previous"])
    only_pages = _client(pd.DataFrame({"page": ["/a", "/b"], "date": ["2026-03-01"] * 2,
                                       "clicks": [1, 3], "impressions": [10, 10]}))
    assert search_dimension(only_pages) == "page"
    assert list(top_queries(only_pages, "2026-03").index) == ["/b", "/a"]


def test_an_export_without_dates_is_read_as_the_period():
    undated = _client(pd.DataFrame({"query": ["a", "b"], "clicks": [4, 6], "impressions": [40, 30],
                                    "ctr": ["10%", "20%"], "position": [1.5, 3.0]}))
    top = top_queries(undated, "2026-03")
    assert top.attrs["dated"] is False and list(top.index) == ["b", "a"]
    assert top.loc["b", "ctr"] == pytest.approx(0.2) and math.isnan(top.loc["b", "clicks_previous"])


def test_no_search_table_gives_an_empty_table():
    data = ClientData.from_frames({"spend": SPEND})
    assert search_dimension(data) is None
    assert top_queries(data, "2026-03").empty


def test_a_row_without_query_nor_page_is_an_error():
    with pytest.raises(DataValidationError, match="row 3.*each row needs a query or a page"):
        _client(pd.DataFrame({"query": ["a", None], "clicks": [1, 2], "impressions": [3, 4]}))
