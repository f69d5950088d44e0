"""The package's Ibis expressions compile to BigQuery SQL (where GA4 exports live), no connection.

The tables are unbound Ibis tables with the canonical schemas; every expression an aggregate sends
to its engine is compiled with ``ibis.to_sql(expr, dialect="bigquery")``.
"""

from __future__ import annotations

import ibis
import ibis.common.exceptions as ibis_errors
import ibis.expr.operations as ops
import pandas as pd
import pytest

from roianalysis import aggregates as agg
from roianalysis.attribution.journeys import journeys_expr, paths_expr
from roianalysis.clv import rfm_summary
from roianalysis.engine import Engine
from roianalysis.periods import Period
from roianalysis.schema import TABLES

NUMERIC = ("money", "signed_money", "count", "number", "score", "rate")
PERIOD = Period.parse("2026-Q3")


def canonical(name: str) -> ibis.Table:
    """An unbound table named ``name`` with the canonical columns and types."""
    types = {c.name: "timestamp" if c.kind in ("date", "timestamp")
             else "float64" if c.kind in NUMERIC else "string" for c in TABLES[name].columns}
    return ibis.table(ibis.schema(types), name=name)


class BigQueryCompiler(Engine):
    """An engine that compiles what it is asked to run to BigQuery SQL and answers with an empty
    frame of the expression's columns (so the callers' pandas steps run too)."""

    def __init__(self):
        super().__init__(None, {n: canonical(n) for n in TABLES})
        self.sql: list[str] = []

    def execute(self, expr):
        self.sql.append(ibis.to_sql(expr, dialect="bigquery"))
        if isinstance(expr, ibis.Table):
            return pd.DataFrame({c: pd.Series([], dtype=object) for c in expr.columns})
        return None


@pytest.fixture()
def bq():
    return BigQueryCompiler()


def _compiles(sql: str) -> None:
    import sqlglot

    assert sql.lstrip().upper().startswith(("SELECT", "WITH"))
    assert "`spend`" in sql or "`touchpoints`" in sql or "`orders`" in sql or "`leads`" in sql \
        or "`nps`" in sql or "`traffic`" in sql
    sqlglot.parse_one(sql, read="bigquery")  # BigQuery's grammar reads it back


@pytest.mark.parametrize("by", [(), ("channel", "campaign")])
def test_funnel_count_parts_compile(bq, by):
    ct = agg.contacts(bq.table("leads"), bq.table("touchpoints"), bq.table("orders"))
    spend_by = by if all(d in agg.SPEND_DIMENSIONS for d in by) else ()
    exprs = [
        agg.spend_totals(bq.table("spend"), PERIOD, spend_by),
        agg.traffic_totals(bq.table("touchpoints"), PERIOD, spend_by),
        agg.traffic_table_totals(bq.table("traffic"), PERIOD, spend_by),
        agg.lead_totals(ct, PERIOD, 90, by),
        agg.order_totals(bq.table("orders"), ct, PERIOD, by),
        agg.retention_totals(bq.table("orders"), ct, PERIOD, PERIOD.previous(), by),
        agg.nps_totals(bq.table("nps"), ct, PERIOD, by),
        agg.periods_retention_totals(bq.table("orders"), ct, agg.periods_table([PERIOD]),
                                     agg.periods_table([PERIOD.previous()]), by),
    ]
    for e in exprs:
        sql = ibis.to_sql(e, dialect="bigquery")
        _compiles(sql)
    assert "ROW_NUMBER() OVER" in ibis.to_sql(ct, dialect="bigquery")  # first-touch rules


def test_the_sales_cycle_median_has_no_bigquery_rule(bq):
    """BigQuery has no exact median aggregate (``PERCENTILE_CONT`` is analytic only) and Ibis
    compiles none: on BigQuery the ``customers`` part needs an approximate median
    (``APPROX_QUANTILES``); with that one operation swapped, the whole part compiles."""
    from ibis.common.patterns import replace

    @replace(ops.Median)
    def approximate(_, **kw):
        return ops.ApproxMedian(_.arg, _.where)

    ct = agg.contacts(bq.table("leads"), bq.table("touchpoints"), bq.table("orders"))
    expr = agg.customer_totals(ct, PERIOD, ("channel",))
    with pytest.raises(ibis_errors.OperationNotDefinedError, match="Median"):
        ibis.to_sql(expr, dialect="bigquery")
    sql = ibis.to_sql(expr.op().replace(approximate).to_expr(), dialect="bigquery")
    _compiles(sql)
    assert "APPROX_QUANTILES" in sql


@pytest.mark.parametrize("conversion", ["order", "lead"])
def test_journeys_compile(bq, conversion):
    for keep_times in (False, True):
        _compiles(ibis.to_sql(journeys_expr(bq, conversion, 30, PERIOD, keep_times),
                              dialect="bigquery"))
    sql = ibis.to_sql(paths_expr(bq, conversion, 30, PERIOD), dialect="bigquery")
    _compiles(sql)
    assert "ARRAY_AGG" in sql  # the path is collected in the engine


def test_rfm_compiles(bq):
    out = rfm_summary(bq, "2026-06-30", "2026-12-31")
    assert list(out.columns)[:4] == ["frequency", "recency", "T", "monetary_value"]
    assert len(bq.sql) == 2  # calibration and holdout: one query each
    for sql in bq.sql:
        _compiles(sql)
        assert "TIMESTAMP_TRUNC" in sql or "DATETIME_TRUNC" in sql
