"""Shopify orders export (*Orders > Export > All orders*, CSV) -> ``orders``.

The export has one row per line item. The first row of an order carries the order fields
(financial status, totals, currency, addresses...); the following rows repeat ``Name``, ``Email``
and ``Created at`` and fill only the ``Lineitem *`` cells. Schemas seen have 70 to 79 columns
(``Duties``, ``Payment ID``, ``Payment References``... were added over the years); only the
columns below are read, by name. Notes and note attributes are quoted multi-line cells, zip codes
and phones may carry a leading ``'``: a real CSV parser reads them, and they are not used.

One order per ``Name``:

- ``order_id`` = ``Name`` (``#1039``), ``ordered_at`` = ``Created at`` (``YYYY-MM-DD HH:MM:SS
  +ZZZZ``, converted to the client's time zone), ``contact_id`` = the pseudonymous key of
  ``Email`` (an order without e-mail gets the key of ``shopify-order:<Name>``, with a warning:
  it is a customer who cannot be recognised on a second order);
- ``revenue`` = ``Total`` - ``Taxes`` - ``Refunded Amount``: VAT and sales tax are collected for
  the state and are not the shop's revenue. A refund gives back its share of tax too, so the
  refund is counted net of tax, pro rata: ``revenue = (Total - Taxes) * (1 - Refunded / Total)``
  (identical to the plain difference when there is no tax or no refund; a fully refunded order
  is 0, not minus its tax). ``margin`` is unknown (NaN): ``gross_margin_rate`` applies;
- orders with ``Cancelled at`` set, and ``voided`` or ``expired`` payments (no money ever taken),
  are dropped and counted; ``refunded`` / ``partially_refunded`` orders are kept at their net
  revenue.

``Import.totals``: ``revenue`` (as above), ``gross`` (sum of ``Total``), ``taxes``, ``refunds``,
``shipping`` and ``orders`` of the kept orders, to reconcile with the Shopify admin.

``Currency`` is per order: one currency sets :attr:`Import.currency`; several in one file are an
error naming the rows, unless ``client.yml`` ``exchange_rates`` gives a rate for each (amounts
are then converted to the client's currency). An *abandoned checkouts* export has the same
layout; it is recognised (no ``Financial Status`` on any checkout, ``Name`` = ``#`` + the checkout
``Id``) and refused by name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.sources._crm import (
    bad_cells,
    column,
    header_cells,
    lines_of,
    load_table,
    money,
    norm,
    one_currency,
    parse_times,
    text_cells,
)
from roianalysis.sources.base import Import, RawFile, ReadContext, refuse
from roianalysis.sources.privacy import contact_keys

FORMAT = "shopify_orders"

_SIGNATURE = ("Name", "Financial Status", "Created at", "Total")
_LINEITEM = ("Lineitem quantity", "Lineitem name")
CANCELLED_AT = ("Cancelled at", "Canceled at")
REFUNDED = ("Refunded Amount", "Refunded amount")
ABANDONED_MESSAGE = ("this is an abandoned checkouts export, not orders: export Orders > Export > "
                     "All orders (CSV)")


def detect(raw: RawFile) -> bool:
    """A Shopify orders (or abandoned checkouts) export: ``Name``, ``Financial Status``,
    ``Created at``, ``Total`` and ``Lineitem`` columns in the header."""
    rows = header_cells(raw, 1)
    if not rows:
        return False
    names = {norm(c) for c in rows[0]}
    return all(norm(s) in names for s in _SIGNATURE) and any(norm(s) in names for s in _LINEITEM)


def _is_abandoned(first: pd.DataFrame) -> bool:
    status = text_cells(first, column(first, "Financial Status"))
    if (status != "").any() or not len(first):
        return False
    name = text_cells(first, column(first, "Name")).str.lstrip("#")
    ids = text_cells(first, column(first, "Id"))
    with_id = ids != ""
    same = (name == ids)[with_id]
    paid = text_cells(first, column(first, "Paid at"))
    return bool((len(same) and same.mean() >= 0.5) or (paid == "").all())


def read(raw: RawFile, ctx: ReadContext) -> Import:
    path = raw.name
    df = load_table(raw).frame()
    imp = Import(path, FORMAT, {}, report="Shopify orders export")
    imp.rows.read = len(df)
    name = text_cells(df, column(df, "Name"))
    no_name = (name == "").to_numpy()
    if no_name.any():
        raise DataValidationError([DataProblem(path, "row without an order Name (the export was "
                                               "probably edited or cut)", "Name",
                                               lines_of(df, no_name), code="missing_value")])
    block_start = (name != name.shift()).to_numpy()
    block = np.cumsum(block_start) - 1
    first_of_name = ~name.duplicated(keep="first").to_numpy()
    repeat_block = block_start & ~first_of_name  # the same Name again, further down
    dup_rows = pd.Series(repeat_block).groupby(block).transform("max").to_numpy()
    first = df[block_start & ~repeat_block].reset_index(drop=True)
    if _is_abandoned(first):
        raise refuse(path, ABANDONED_MESSAGE, code="abandoned_checkouts")
    if dup_rows.any():
        imp.rows.drop("duplicate order (same Name further down)", int(dup_rows.sum()))
        imp.warn(f"{int(repeat_block.sum())} order Name(s) appear again further down the file (two "
                 "exports pasted together?): the first occurrence is kept",
                 rows=lines_of(df, repeat_block), code="duplicate_order")
    n_rows = np.bincount(block)[block[block_start & ~repeat_block]]  # rows of each order

    status = text_cells(first, column(first, "Financial Status")).str.lower()
    cancelled = (text_cells(first, column(first, *CANCELLED_AT)) != "").to_numpy()
    voided = ~cancelled & (status == "voided").to_numpy()
    expired = ~cancelled & ~voided & (status == "expired").to_numpy()
    keep = ~(cancelled | voided | expired)
    imp.rows.drop("cancelled order", int(n_rows[cancelled].sum()))
    imp.rows.drop("voided order (payment released)", int(n_rows[voided].sum()))
    imp.rows.drop("expired payment (never paid)", int(n_rows[expired].sum()))
    k = first[keep].reset_index(drop=True)

    problems: list[DataProblem] = []
    amounts = {}
    for key, syn in (("total", ("Total",)), ("taxes", ("Taxes",)), ("refunds", REFUNDED),
                     ("shipping", ("Shipping",))):
        col = column(k, *syn)
        cells = text_cells(k, col)
        vals, bad = money(cells)
        if bad.any():
            problems.append(bad_cells(path, k, col, bad, "amounts", cells))
        amounts[key] = vals
    total_missing = np.isnan(amounts["total"])
    bad_total = total_missing & (text_cells(k, column(k, "Total")) == "").to_numpy()
    if bad_total.any():
        problems.append(DataProblem(path, "order without a Total", "Total", lines_of(k, bad_total),
                                    code="missing_value"))
    c_created = column(k, "Created at")
    created_txt = text_cells(k, c_created)
    created, bad_d, how = parse_times(created_txt, ctx.timezone)
    if bad_d.any():
        problems.append(bad_cells(path, k, c_created, bad_d, "time stamps (YYYY-MM-DD HH:MM:SS +ZZZZ)",
                                  created_txt))
    undated = created.isna().to_numpy() & ~bad_d
    if undated.any():
        problems.append(DataProblem(path, "order without 'Created at'", c_created,
                                    lines_of(k, undated), code="missing_value"))
    c_cur = column(k, "Currency")
    currency, factors, note = None, None, None
    if c_cur is not None and len(k):
        try:
            currency, factors, note = one_currency(path, k, text_cells(k, c_cur), ctx, c_cur)
        except DataValidationError as exc:
            problems += exc.problems
    if problems:
        raise DataValidationError(problems)

    total = amounts["total"]
    taxes = np.nan_to_num(amounts["taxes"])
    refunds = np.nan_to_num(amounts["refunds"])
    shipping = np.nan_to_num(amounts["shipping"])
    if factors is not None:
        total, taxes, refunds, shipping = (a * factors for a in (total, taxes, refunds, shipping))
        imp.warn(note, column=c_cur, code="currency_converted")
    revenue = revenue_net_of_tax(total, taxes, refunds)
    email = text_cells(k, column(k, "Email"))
    order_name = text_cells(k, column(k, "Name"))
    ident = email.where(email != "", "shopify-order:" + order_name)
    no_email = (email == "").to_numpy()
    if no_email.any():
        imp.warn(f"{int(no_email.sum())} order(s) have no e-mail: each is keyed by its order Name, so "
                 "a second order of the same customer counts as a new customer",
                 column="Email", rows=lines_of(k, no_email), code="order_without_email")
    orders = pd.DataFrame({
        "order_id": order_name.to_numpy(dtype=object),
        "contact_id": contact_keys(ident, ctx.salt).to_numpy(dtype=object),
        "ordered_at": created.to_numpy(dtype="datetime64[us]"),
        "revenue": revenue,
        "margin": np.full(len(k), np.nan),
    })
    imp.tables["orders"] = orders
    imp.rows.kept = int(n_rows[keep].sum())
    imp.currency = currency
    imp.totals = {"revenue": float(revenue.sum()), "gross": float(total.sum()),
                  "taxes": float(taxes.sum()), "refunds": float(refunds.sum()),
                  "shipping": float(shipping.sum()), "orders": float(len(orders))}
    if len(orders):
        imp.period = (orders["ordered_at"].min().date(), orders["ordered_at"].max().date())
    elif len(first):
        all_at, _, _ = parse_times(text_cells(first, column(first, "Created at")), ctx.timezone)
        if all_at.notna().any():
            imp.period = (all_at.min().date(), all_at.max().date())
    if len(first) and not keep.any():
        imp.warn(f"every order of this export is cancelled, voided or expired ({len(first)} orders): "
                 "no orders kept. Export Orders > Export > All orders to read the shop's sales",
                 code="no_order_kept")
    return imp


def revenue_net_of_tax(total: np.ndarray, taxes: np.ndarray, refunds: np.ndarray) -> np.ndarray:
    """Revenue of orders: ``Total - Taxes - Refunded Amount`` with the refund net of its tax.

    ``revenue = (Total - Taxes) * (1 - Refunded / Total)`` when ``Total > 0``, else
    ``Total - Taxes - Refunded``. Amounts in the order's currency.

    Examples
    --------
    >>> revenue_net_of_tax(np.array([121.0, 121.0, 50.0]), np.array([21.0, 21.0, 0.0]),
    ...                    np.array([0.0, 121.0, 10.0])).tolist()
    [100.0, 0.0, 40.0]
    """
    total = np.asarray(total, dtype=float)
    net = total - taxes
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, refunds / np.where(total > 0, total, 1.0), 0.0)
    return np.where(total > 0, net * (1.0 - share), net - refunds)
