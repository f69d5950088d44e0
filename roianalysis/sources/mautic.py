"""Mautic contacts export (*Contacts > Export*, CSV or XLSX) -> ``leads``.

Columns are Mautic's field aliases in lower case: ``id``, ``email``, ``firstname``, ``lastname``,
``points``, ``stage``, ``owner``, ``date_added`` (API spelling ``dateAdded``), ``date_identified``,
``last_active``, and any custom fields (``utm_source``, ``utm_medium``, ``utm_campaign``...).

- ``contact_id``: pseudonymous key of ``email``, else of ``mautic:<id>``;
- ``created_at``: ``date_identified`` when set (the visitor became a known contact: the lead),
  else ``date_added``. Mautic keeps its times in UTC: values without an offset are read as UTC
  and converted to the client's time zone;
- ``channel``: GA4's default channel group of the UTM fields when the export has them, else none;
- ``owner``: ``owner`` (an e-mail address there is replaced by its pseudonymous key).

Anonymous visitors (no e-mail, name, company or phone: Mautic creates one per tracked browser) are
not leads: dropped and counted. ``sources_options.lead_stages`` restricts the ``stage`` values
that count.
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
    nones,
    norm,
    parse_times,
    text_cells,
)
from roianalysis.sources.base import Import, RawFile, ReadContext
from roianalysis.sources.channels import default_channel_group
from roianalysis.sources.privacy import contact_keys, looks_like_email

FORMAT = "mautic_contacts"

DATE_ADDED = ("date_added", "dateAdded")
IDENTIFIED = ("date_identified", "dateIdentified")
_PERSON = ("firstname", "lastname", "company", "phone", "mobile")


def detect(raw: RawFile) -> bool:
    """Mautic's lower-case aliases: ``id``, ``email`` and ``date_added`` / ``dateAdded`` plus one
    of ``firstname``, ``lastname``, ``points``, ``last_active``, ``stage``."""
    rows = header_cells(raw, 1)
    if not rows:
        return False
    cells = set(rows[0])
    lower = {c.lower() for c in cells}
    return ("id" in lower and "email" in cells and bool({"date_added", "dateAdded"} & cells)
            and bool({"firstname", "lastname", "points", "last_active", "lastActive", "stage"} & cells))


def read(raw: RawFile, ctx: ReadContext) -> Import:
    path = raw.name
    df = load_table(raw).frame()
    imp = Import(path, FORMAT, {}, report="Mautic contacts export")
    imp.rows.read = len(df)
    email = text_cells(df, column(df, "email"))
    person = np.zeros(len(df), dtype=bool)
    for c in _PERSON:
        person |= (text_cells(df, column(df, c)) != "").to_numpy()
    anonymous = (email == "").to_numpy() & ~person
    imp.rows.drop("anonymous visitor (no e-mail or name)", int(anonymous.sum()))
    keep = ~anonymous
    c_stage = column(df, "stage")
    wanted = ctx.option("lead_stages")
    if wanted:
        if c_stage is None:
            imp.warn("sources_options.lead_stages is set but this export has no 'stage' column: "
                     "every identified contact counts as a lead", code="no_lifecycle_stage")
        else:
            ok = text_cells(df, c_stage).map(norm).isin({norm(s) for s in wanted}).to_numpy()
            imp.rows.drop("stage not in lead_stages", int((keep & ~ok).sum()))
            keep &= ok
    k = df[keep].reset_index(drop=True)
    problems: list[DataProblem] = []
    c_added, c_ident = column(k, *DATE_ADDED), column(k, *IDENTIFIED)
    added_txt, ident_txt = text_cells(k, c_added), text_cells(k, c_ident)
    added, bad_a, _ = parse_times(added_txt, ctx.timezone, naive_tz="UTC")
    ident, bad_i, _ = parse_times(ident_txt, ctx.timezone, naive_tz="UTC")
    if bad_a.any():
        problems.append(bad_cells(path, k, c_added, bad_a, "dates (YYYY-MM-DD HH:MM:SS)", added_txt))
    if bad_i.any():
        problems.append(bad_cells(path, k, c_ident, bad_i, "dates (YYYY-MM-DD HH:MM:SS)", ident_txt))
    at = ident.where(ident.notna(), added)
    undated = at.isna().to_numpy() & ~(bad_a | bad_i)
    if undated.any():
        problems.append(DataProblem(path, "contact without date_added", c_added, lines_of(k, undated),
                                    code="missing_value"))
    em, ids = text_cells(k, column(k, "email")), text_cells(k, column(k, "id"))
    no_key = ((em == "") & (ids == "")).to_numpy()
    if no_key.any():
        problems.append(DataProblem(path, "contact with neither an e-mail nor an id", "id",
                                    lines_of(k, no_key), code="missing_value"))
    if problems:
        raise DataValidationError(problems)
    src, med, camp = (text_cells(k, column(k, c)) for c in ("utm_source", "utm_medium", "utm_campaign"))
    has_utm = ((src != "") | (med != "")).to_numpy()
    channel = [default_channel_group(s, m, c) if h else None
               for s, m, c, h in zip(src, med, camp, has_utm, strict=True)]
    owner = text_cells(k, column(k, "owner"))
    owner = owner.map(lambda v: None if not v else
                      (contact_keys(pd.Series([v]), ctx.salt)[0] if looks_like_email(v) else v))
    leads = pd.DataFrame({
        "contact_id": contact_keys(em.where(em != "", "mautic:" + ids), ctx.salt).to_numpy(dtype=object),
        "created_at": at.to_numpy(dtype="datetime64[us]"),
        "channel": nones(channel),
        "owner": nones(owner),
        "segment": [None] * len(k),
        "_line": k["_line"].to_numpy(),
    })
    leads = leads.sort_values(["created_at", "_line"], kind="stable")
    dup = leads["contact_id"].duplicated(keep="first")
    if dup.any():
        imp.rows.drop("duplicate contact (same e-mail)", int(dup.sum()))
        imp.warn(f"{int(dup.sum())} contact(s) share an e-mail with an earlier contact: counted once, "
                 "at the earliest date", rows=tuple(int(x) for x in leads["_line"][dup]),
                 code="duplicate_contact")
        leads = leads[~dup]
    leads = leads.sort_values("_line").drop(columns="_line").reset_index(drop=True)
    imp.tables["leads"] = leads
    imp.rows.kept = len(leads)
    imp.totals = {"leads": float(len(leads))}
    if len(leads):
        imp.period = (leads["created_at"].min().date(), leads["created_at"].max().date())
    return imp
