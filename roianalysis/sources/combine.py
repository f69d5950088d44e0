"""Several exports, once: merge imports into one frame per canonical table.

Rules (each counted and reported, never silent):

- exports are ranked by recency (file modification time, then the last day they cover, then the
  path): the most recent wins wherever two exports of the same source overlap;
- ``spend``: one source is ``(format, account)``; each campaign-day of a source comes from one
  export only, so an ad-group report and a campaign report of the same account, or five
  breakdowns (age, gender, device...) of the same campaigns, count one spend, not five;
- ``traffic``: each day of a source comes from one export;
- ``orders`` / ``leads``: one row per ``order_id`` / ``contact_id`` (the most recent export's);
- ``touchpoints`` / ``search``: identical rows are counted once;
- amounts in another currency than the client's are converted with ``client.yml``
  ``exchange_rates`` (units of the client's currency per unit of the export's), or refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.schema import NO_CAMPAIGN, UNKNOWN_CHANNEL
from roianalysis.sources.base import Import

__all__ = ["Combined", "combine"]

#: Money columns per table, converted between currencies.
MONEY = {"spend": ("cost",), "orders": ("revenue", "margin"), "traffic": ("revenue",)}


@dataclass
class Combined:
    """Imports merged into canonical tables.

    Attributes
    ----------
    tables : dict of str to DataFrame
    problems : list of DataProblem
        Warnings: overlaps counted once, currency conversions applied.
    imports : list of Import
        In recency order, most recent last.
    channels : DataFrame
        ``table``, ``format``, ``channel``, ``rows``: which channel names each source gave
        (shown by ``roianalysis validate`` so that spend and leads can be checked to speak the
        same names).
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[DataProblem] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    channels: pd.DataFrame = field(default_factory=pd.DataFrame)


def _rank_key(imp: Import):
    last = imp.period[1] if imp.period else None
    return (imp.mtime, last.toordinal() if last else 0, imp.path)


def _convert(imp: Import, config, errors: list[DataProblem], notes: list[DataProblem]) -> dict:
    target = getattr(config, "currency", None)
    cur = imp.currency
    if not cur or not target or cur.upper() == target.upper():
        return imp.tables
    rates = {str(k).upper(): v for k, v in (getattr(config, "exchange_rates", None) or {}).items()}
    rate = rates.get(cur.upper())
    if rate is None:
        errors.append(DataProblem(imp.path, f"amounts are in {cur}, the client's currency is {target}: "
                                  f"give the rate in client.yml (exchange_rates: {{{cur}: ...}}, "
                                  f"{target} per {cur}) or export in {target}",
                                  code="currency_mismatch"))
        return {}
    out = {}
    for name, frame in imp.tables.items():
        frame = frame.copy()
        for col in MONEY.get(name, ()):
            if col in frame:
                frame[col] = frame[col].astype(float) * float(rate)
        out[name] = frame
    notes.append(DataProblem(imp.path, f"amounts converted from {cur} to {target} at {rate}",
                             code="currency_converted", severity="warning"))
    return out


def _agg_spend(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in ("date", "channel", "campaign", "category") if c in frame]
    vals = {c: "sum" for c in ("cost", "impressions", "clicks") if c in frame}
    f = frame.copy()
    if "campaign" in f:
        f["campaign"] = f["campaign"].fillna(NO_CAMPAIGN)
    g = f.groupby(keys, dropna=False, sort=True)
    out = g.agg(vals)
    for c in ("impressions", "clicks"):  # all-missing stays missing, not 0
        if c in out:
            out[c] = out[c].where(g[c].count() > 0)
    return out.reset_index()


def _one_source_per_cell(frames: list[tuple[int, Import, pd.DataFrame]], cell: list[str],
                         table: str, notes: list[DataProblem]) -> pd.DataFrame:
    """Keep, for every value of ``cell`` within one source, the rows of the most recent export."""
    tagged = []
    for rank, imp, f in frames:
        f = f.copy()
        f["_rank"] = rank
        f["_source"] = f"{imp.format}\x1f{imp.account or ''}"
        tagged.append(f)
    allrows = pd.concat(tagged, ignore_index=True)
    key = ["_source", *cell]
    best = allrows.groupby(key, dropna=False)["_rank"].transform("max")
    keep = allrows["_rank"] == best
    if not keep.all():
        lost = allrows[~keep]
        by_rank = {rank: imp for rank, imp, _ in frames}
        value = next((c for c in ("cost", "sessions", "revenue") if c in allrows), None)
        for rank, part in lost.groupby("_rank"):
            winners = sorted({by_rank[r].path for r in best[~keep][lost["_rank"] == rank]})
            msg = (f"{len(part)} {table} row(s) also covered by the more recent "
                   f"{', '.join(winners)}: counted once, from the more recent export")
            if value is not None:
                # the same cells in the export kept: do they say the same? (two accounts with
                # the same campaign names would not)
                cells = part[key].drop_duplicates()
                kept = allrows[keep].merge(cells, on=key)
                a, b = float(part[value].sum()), float(kept[value].sum())
                if abs(a - b) > max(0.01 * max(abs(a), abs(b)), 0.01):
                    msg += (f"; on those days this file says {value} {a:,.2f} and the more recent "
                            f"one {b:,.2f}: if they are two accounts, give each its own account "
                            "(export them with the account name or column), else the older file "
                            "was superseded")
            notes.append(DataProblem(by_rank[rank].path, msg, code="overlapping_export",
                                     severity="warning"))
    return allrows[keep].drop(columns=["_rank", "_source"]).reset_index(drop=True)


def _latest_per_id(frames, id_col: str, table: str, notes: list[DataProblem]) -> pd.DataFrame:
    tagged = []
    for rank, imp, f in frames:
        f = f.copy()
        f["_rank"] = rank
        f["_path"] = imp.path
        tagged.append(f)
    allrows = pd.concat(tagged, ignore_index=True)
    allrows = allrows.sort_values("_rank", kind="stable")
    dup = allrows.duplicated(id_col, keep="last")
    if dup.any():
        for path, part in allrows[dup].groupby("_path"):
            notes.append(DataProblem(path, f"{len(part)} {table} also in a more recent export "
                                     f"(same {id_col}): counted once, from the more recent export",
                                     code="overlapping_export", severity="warning"))
    return allrows[~dup].drop(columns=["_rank", "_path"]).sort_index().reset_index(drop=True)


def combine(imports: list[Import], config=None) -> Combined:
    """Merge imports into one frame per canonical table (rules in the module docstring).

    Raises
    ------
    DataValidationError
        An export's currency differs from the client's and no exchange rate is given.
    """
    ranked = sorted(imports, key=_rank_key)
    errors: list[DataProblem] = []
    notes: list[DataProblem] = []
    per_table: dict[str, list[tuple[int, Import, pd.DataFrame]]] = {}
    for rank, imp in enumerate(ranked):
        for name, frame in _convert(imp, config, errors, notes).items():
            if frame is None or not len(frame):
                continue
            per_table.setdefault(name, []).append((rank, imp, frame))
    if errors:
        raise DataValidationError(errors)
    out: dict[str, pd.DataFrame] = {}
    chan_rows = []
    for name, frames in per_table.items():
        for _, imp, f in frames:
            if "channel" in f:
                counts = f["channel"].fillna(UNKNOWN_CHANNEL).value_counts()
                chan_rows += [(name, imp.format, ch, int(n)) for ch, n in counts.items()]
        if name == "spend":
            frames = [(r, i, _agg_spend(f)) for r, i, f in frames]
            merged = _one_source_per_cell(frames, ["campaign", "date"], "spend", notes)
            merged = _agg_spend(merged)
        elif name == "traffic":
            merged = _one_source_per_cell(frames, ["date"], "traffic", notes)
        elif name == "orders":
            merged = _latest_per_id(frames, "order_id", "orders", notes)
        elif name == "leads":
            merged = _latest_per_id(frames, "contact_id", "leads", notes)
        else:
            merged = pd.concat([f for _, _, f in frames], ignore_index=True)
            n0 = len(merged)
            merged = merged.drop_duplicates().reset_index(drop=True)
            if len(merged) < n0:
                notes.append(DataProblem(f"{len(frames)} export(s)", f"{n0 - len(merged)} identical "
                                         f"{name} rows in several exports: counted once",
                                         code="overlapping_export", severity="warning"))
        out[name] = merged
    channels = pd.DataFrame(chan_rows, columns=["table", "format", "channel", "rows"])
    if len(channels):
        channels = channels.groupby(["table", "format", "channel"], as_index=False)["rows"].sum()
    return Combined(out, notes, ranked, channels)


