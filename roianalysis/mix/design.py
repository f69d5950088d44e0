"""Input checks and the fixed parts of a mix model's design (baseline matrix, spend, experiments).

Everything here is computed once per fit; :mod:`roianalysis.mix.model` only varies the adstock
and saturation parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from roianalysis.errors import DataProblem, DataValidationError

EXPERIMENT_COLUMNS = ("channel", "start", "end", "incremental", "standard_error")


@dataclass(frozen=True)
class Design:
    """The data of one fit, as arrays (oldest period first).

    ``y`` target (n), ``X`` spend (n x C, currency per period), ``scale`` mean spend per channel,
    ``B`` baseline matrix (n x p: intercept, trend ``t/n``, Fourier terms, standardised controls),
    ``baseline_names`` its column names, ``per_year`` periods per year, ``exp_rows`` one tuple
    ``(channel index, window mask, incremental, standard error)`` per experiment.
    """

    dates: pd.DatetimeIndex
    y: np.ndarray
    X: np.ndarray
    scale: np.ndarray
    B: np.ndarray
    baseline_names: tuple[str, ...]
    channels: tuple[str, ...]
    controls: tuple[str, ...]
    per_year: float
    exp_rows: tuple[tuple[int, np.ndarray, float, float], ...]


def _rows(mask: np.ndarray) -> tuple[int, ...]:
    """Spreadsheet row numbers (header = row 1) of the True entries of ``mask``."""
    return tuple(int(i) + 2 for i in np.flatnonzero(mask)[:20])


def _numeric(frame: pd.DataFrame, col: str, source: str, problems: list[DataProblem],
             nonnegative: bool) -> np.ndarray | None:
    raw = frame[col]
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        example = raw[bad].iloc[0] if len(raw[bad]) else None
        problems.append(DataProblem(source, f"{int(bad.sum())} missing or non-numeric value(s) "
                                    f"such as {example!r}: expected a number in every row",
                                    col, _rows(bad), "bad_number"))
        return None
    if nonnegative and (values < 0).any():
        neg = values < 0
        problems.append(DataProblem(source, f"negative spend ({values[neg][0]:g}): expected 0 "
                                    "or more", col, _rows(neg), "negative_spend"))
        return None
    return values


def fourier(t: np.ndarray, period: float, order: int, prefix: str) -> tuple[np.ndarray, list[str]]:
    """``sin(2 pi k t / period)``, ``cos(2 pi k t / period)`` for ``k = 1..order``."""
    cols, names = [], []
    for k in range(1, order + 1):
        w = 2 * np.pi * k * t / period
        cols += [np.sin(w), np.cos(w)]
        names += [f"{prefix}_sin{k}", f"{prefix}_cos{k}"]
    return (np.column_stack(cols) if cols else np.empty((len(t), 0))), names


def build_design(frame: pd.DataFrame, *, date: str, target: str, channels: list[str],
                 controls: list[str], fourier_order: int, trend: bool,
                 experiments: pd.DataFrame | None, source: str,
                 n_params_nonlinear: int) -> Design:
    """Check ``frame`` (and ``experiments``) and build the :class:`Design`.

    Raises
    ------
    DataValidationError
        Listing every problem: missing columns, unreadable or duplicate dates, gaps in the
        series, missing or non-numeric values, negative spend, channels that never spend, too few
        periods for the number of parameters, and bad experiment rows.
    """
    problems: list[DataProblem] = []
    if not isinstance(frame, pd.DataFrame):
        raise DataValidationError([DataProblem(source, f"expected a pandas DataFrame, got "
                                                       f"{type(frame).__name__}")])
    if not channels:
        raise DataValidationError([DataProblem(source, "no channel given: pass channels=[...] "
                                                       "naming the spend columns")])
    wanted = [date, target, *channels, *controls]
    dup = sorted({c for c in wanted if wanted.count(c) > 1})
    if dup:
        problems.append(DataProblem(source, f"column(s) {dup} given twice (date, target, channels "
                                            "and controls must be distinct)", dup[0],
                                    code="duplicate_column"))
    missing = [c for c in dict.fromkeys(wanted) if c not in frame.columns]
    for c in missing:
        problems.append(DataProblem(source, f"missing column: expected it among "
                                            f"{sorted(map(str, frame.columns))}", c,
                                    code="missing_column"))
    if problems:
        raise DataValidationError(problems)
    frame = frame.reset_index(drop=True)
    dates = pd.to_datetime(frame[date], errors="coerce")
    bad = dates.isna().to_numpy()
    if bad.any():
        problems.append(DataProblem(source, f"cannot read {int(bad.sum())} date(s) such as "
                                            f"{frame[date][bad].iloc[0]!r}: expected YYYY-MM-DD",
                                    date, _rows(bad), "bad_date"))
        raise DataValidationError(problems)
    dupd = dates.duplicated(keep=False).to_numpy()
    if dupd.any():
        problems.append(DataProblem(source, f"{int(dupd.sum())} rows share a date (first "
                                            f"{dates[dupd].iloc[0].date()}): expected one row "
                                            "per period", date, _rows(dupd), "duplicate_date"))
        raise DataValidationError(problems)
    order = np.argsort(dates.to_numpy(), kind="stable")
    frame = frame.iloc[order].reset_index(drop=True)
    sheet_rows = order + 2  # spreadsheet row of each sorted row
    dates = pd.DatetimeIndex(dates.iloc[order].to_numpy())
    steps = np.diff(dates.to_numpy()).astype("timedelta64[D]").astype(int)
    if len(steps):
        step = int(np.median(steps))
        if step not in (1, 7):
            problems.append(DataProblem(source, f"dates are {step} days apart: expected one row "
                                                "per week or per day", date, code="bad_frequency"))
        gaps = np.flatnonzero(steps != step)
        if len(gaps) and step in (1, 7):
            g = gaps[0]
            problems.append(DataProblem(
                source, f"{len(gaps)} gap(s) in the series, first between "
                        f"{dates[g].date()} and {dates[g + 1].date()}: expected one row every "
                        f"{step} day(s) (add the missing periods with 0 spend)", date,
                tuple(int(sheet_rows[i + 1]) for i in gaps[:20]), "date_gap"))
    else:
        step = 7
    cols: dict[str, np.ndarray | None] = {}
    for c in [target, *channels, *controls]:
        v = _numeric(frame, c, source, problems, nonnegative=c in channels)
        if v is not None and v is not None and c in channels and not (v > 0).any():
            problems.append(DataProblem(source, "the channel never spends: its effect cannot be "
                                                "estimated (drop it from channels)", c,
                                        code="no_spend"))
        cols[c] = v
    n = len(frame)
    per_year = 365.25 if step == 1 else 365.25 / 7
    n_baseline = 1 + int(trend) + 2 * fourier_order + len(controls) + (6 if step == 1 else 0)
    n_par = n_baseline + len(channels) + n_params_nonlinear
    if n < n_par + 10:
        problems.append(DataProblem(source, f"{n} periods for {n_par} parameters: expected at "
                                            f"least {n_par + 10} periods (about a year of weekly "
                                            "data is a sensible minimum)", date,
                                    code="too_short"))
    exp_rows = _experiments(experiments, dates, channels, problems)
    if problems:
        raise DataValidationError(problems)
    t = np.arange(n, dtype=float)
    parts, names = [np.ones((n, 1))], ["intercept"]
    if trend:
        parts.append((t / n)[:, None])
        names.append("trend")
    F, fn = fourier(t, per_year, fourier_order, "year")
    parts.append(F)
    names += fn
    if step == 1:
        W, wn = fourier(t, 7.0, 3, "week")
        parts.append(W)
        names += wn
    for c in controls:
        v = cols[c]
        sd = v.std()
        parts.append(((v - v.mean()) / (sd if sd > 0 else 1.0))[:, None])
        names.append(c)
    X = np.column_stack([cols[c] for c in channels])
    return Design(dates=dates, y=cols[target], X=X, scale=X.mean(axis=0),
                  B=np.column_stack(parts), baseline_names=tuple(names),
                  channels=tuple(channels), controls=tuple(controls), per_year=per_year,
                  exp_rows=exp_rows)


def _experiments(experiments: pd.DataFrame | None, dates: pd.DatetimeIndex, channels: list[str],
                 problems: list[DataProblem]) -> tuple:
    if experiments is None or len(experiments) == 0:
        return ()
    src = "experiments"
    missing = [c for c in EXPERIMENT_COLUMNS if c not in experiments.columns]
    if missing:
        problems.append(DataProblem(src, f"missing column(s) {missing}: expected "
                                         f"{list(EXPERIMENT_COLUMNS)}", missing[0],
                                    code="missing_column"))
        return ()
    ex = experiments.reset_index(drop=True)
    rows = []
    for i, r in ex.iterrows():
        row = (int(i) + 2,)
        if r["channel"] not in channels:
            problems.append(DataProblem(src, f"unknown channel {r['channel']!r}: expected one of "
                                             f"{channels}", "channel", row, "unknown_channel"))
            continue
        start, end = pd.to_datetime(r["start"], errors="coerce"), pd.to_datetime(r["end"],
                                                                                  errors="coerce")
        if pd.isna(start) or pd.isna(end) or end < start:
            problems.append(DataProblem(src, "start and end must be dates with start <= end",
                                        "start", row, "bad_date"))
            continue
        mask = np.asarray((dates >= start) & (dates <= end))
        if not mask.any():
            problems.append(DataProblem(src, f"no period of the series between {start.date()} "
                                             f"and {end.date()}", "start", row, "outside_series"))
            continue
        inc = pd.to_numeric(pd.Series([r["incremental"]]), errors="coerce").iloc[0]
        se = pd.to_numeric(pd.Series([r["standard_error"]]), errors="coerce").iloc[0]
        if not np.isfinite(inc):
            problems.append(DataProblem(src, "incremental must be a number", "incremental", row,
                                        "bad_number"))
            continue
        if not (np.isfinite(se) and se > 0):
            problems.append(DataProblem(src, "standard_error must be a number above 0",
                                        "standard_error", row, "bad_number"))
            continue
        rows.append((channels.index(r["channel"]), mask, float(inc), float(se)))
    return tuple(rows)
