"""Reading a client's raw files (docs/design.md section 3.2); their validation is
:mod:`roianalysis.data.validate`.

``data/raw/<client>/`` holds ``client.yml`` and one file per table, named after the table:
``spend.csv``, ``leads.xlsx``, ``orders.parquet``... CSV files may be UTF-8 with or without BOM (or
Windows-1252 as old Excel exports are), separated by ``,``, ``;`` or tabs, with decimal commas and
space/dot thousands separators as French exports write them. Every cell is checked against
:mod:`roianalysis.schema` (:func:`roianalysis.data.validate.validate_table`); all problems of all files are collected and raised together in one
:class:`~roianalysis.errors.DataValidationError`. Nothing here writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from roianalysis.data.config import ClientConfig, load_config
from roianalysis.data.files import (
    EXPORTS_FOLDER,
    client_folder,
    read_raw_table,
    table_files,
    unread_files,
)
from roianalysis.data.validate import validate_table
from roianalysis.errors import DataProblem, DataValidationError
from roianalysis.schema import TABLES


@dataclass
class ClientRead:
    """Everything read for one client: the canonical tables and where they came from.

    Attributes
    ----------
    config : ClientConfig
    tables : dict of str to DataFrame
        Canonical tables (canonical files and exports together).
    warnings : list of DataProblem
    files : dict of str to Path
        Canonical table files read (``spend`` -> ``spend.csv``...).
    exports : roianalysis.sources.Combined or None
        The exports of ``exports/`` and how they were merged (None when the folder is absent).
    """

    config: ClientConfig
    tables: dict[str, pd.DataFrame]
    warnings: list[DataProblem]
    files: dict[str, Path]
    exports: object = None


def read_client(client: str, data_dir: str | Path = "data/raw", *, salt: bytes | None = None,
                reader: str | None = None, stage: Path | None = None) -> ClientRead:
    """Read, validate and normalize every table of a client: canonical files and exports.

    Canonical files (``spend.csv``...) sit in the client folder; exports as the tools write them
    sit anywhere under its ``exports/`` folder and are read by :mod:`roianalysis.sources`. A table
    given by both is the rows of both (a warning says so). ``salt`` keys the pseudonymous contact
    ids of exports (the client's, so they are stable; random when omitted).

    ``reader`` picks who reads the canonical CSV / Parquet files
    (:func:`roianalysis.engine_read.choose_reader`): ``"auto"`` reads files from 20 MB with
    DuckDB (:func:`roianalysis.engine_read.read_table_engine`) and smaller ones with pandas;
    both report the same problems and give the same tables. With a ``stage`` folder, tables read
    by DuckDB stay there as Parquet (:class:`~roianalysis.engine_read.ParquetTable` values in
    ``tables``) instead of being loaded in memory.

    Raises
    ------
    DataValidationError
        Listing every error found in every file.
    """
    from roianalysis import engine_read

    reader = engine_read.choose_reader(reader)
    folder = client_folder(client, data_dir)
    config = load_config(folder, client)
    files = table_files(folder)
    problems: list[DataProblem] = unread_files(folder)
    exported: dict[str, pd.DataFrame] = {}
    combined = None
    export_dir = folder / EXPORTS_FOLDER
    if export_dir.is_dir():
        from roianalysis import sources

        try:
            imports, notes = sources.read_folder(export_dir, config, salt=salt)
            combined = sources.combine(imports, config)
        except DataValidationError as exc:
            problems += exc.problems
        else:
            problems += notes + combined.problems
            exported = combined.tables
    for name, spec in TABLES.items():
        if spec.required and name not in files and name not in exported:
            problems.append(DataProblem(str(folder / f"{name}.csv"), f"required table '{name}' is missing: "
                                        f"expected a file {name}.csv, {name}.parquet or {name}.xlsx with "
                                        f"columns {', '.join(spec.required_columns)}, or exports that "
                                        f"give it in {folder / EXPORTS_FOLDER}", code="missing_file"))
    tables: dict[str, pd.DataFrame] = {}
    order = [t for t in TABLES if t != "objectives"] + ["objectives"]
    for name in order:
        frames = []
        if name in files:
            path = files[name]
            rel = str(path)
            if name not in exported and engine_read.uses_engine(path, reader):
                known = _known_channels(config, tables) if name == "objectives" else None
                found = _read_with_engine(name, path, rel, config, known, stage, tables)
                if found is not None:
                    problems += found
                    continue
            df, read_problems = read_raw_table(path, rel)
            problems += read_problems
            if df is not None:
                known = _known_channels(config, tables) if name == "objectives" else None
                check = validate_table(df, TABLES[name], rel, config, known)
                problems += check.problems
                if check.frame is not None:
                    frames.append(check.frame)
        if name in exported:
            check = validate_table(exported[name], TABLES[name], str(export_dir), config)
            problems += check.problems
            if check.frame is not None:
                frames.append(check.frame)
            if name in files and len(frames) == 2:
                problems += _overlap_with_exports(name, frames[0], frames[1], str(files[name]),
                                                  export_dir)
        if frames:
            tables[name] = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataValidationError(errors + [p for p in problems if p.severity != "error"])
    return ClientRead(config, tables, problems, files, combined)


def _known_channels(config: ClientConfig, tables: dict) -> set[str]:
    """The channels an ``objectives`` file may name: the config's and those of the tables read."""
    from roianalysis.engine_read import ParquetTable

    known = set(config.channels)
    for t in ("spend", "touchpoints", "leads", "traffic"):
        if isinstance(tables.get(t), ParquetTable):
            known |= set(tables[t].channels)
        elif t in tables:
            known |= set(tables[t]["channel"].dropna().unique())
    return known


def _read_with_engine(name: str, path: Path, rel: str, config: ClientConfig, known, stage,
                      tables: dict) -> list[DataProblem] | None:
    """Read one table file with :func:`roianalysis.engine_read.read_table_engine`: into
    ``tables[name]`` as a :class:`~roianalysis.engine_read.ParquetTable` of ``stage``, or (no
    stage) as a DataFrame. Returns the problems found; ``None`` when no temporary folder can be
    made (the pandas path then reads the file)."""
    import tempfile

    from roianalysis.engine_read import ParquetTable, read_table_engine

    try:
        tmp_dir = tempfile.TemporaryDirectory(prefix=".roianalysis-read-")
    except OSError:
        return None
    with tmp_dir as tmp:
        out = (Path(stage) if stage is not None else Path(tmp)) / f"{name}.parquet"
        got = read_table_engine(path, TABLES[name], config, out, rel=rel, known_channels=known)
        if got.written:
            if stage is not None:
                tables[name] = ParquetTable(out, got.rows, frozenset(got.channels))
            else:
                from roianalysis.data.frames import as_canonical

                tables[name] = as_canonical(pd.read_parquet(out))
    return got.problems


#: What makes a row of a table the same fact in a canonical file and in an export.
_SAME_FACT = {"spend": ("date", "channel", "category"), "orders": ("order_id",),
              "leads": ("contact_id",), "traffic": ("date", "channel"), "nps": ("answered_at",)}


def _overlap_with_exports(name: str, own: pd.DataFrame, exported: pd.DataFrame, rel: str,
                          export_dir: Path) -> list[DataProblem]:
    """A table given by a canonical file and by exports is the rows of both (an agency-fee sheet
    beside the ad platforms' spend); when both hold the same facts (the same channel, category
    and day of spend, the same order id...), say so: they are counted twice."""
    keys = [k for k in _SAME_FACT.get(name, ()) if k in own and k in exported]
    if not keys:
        return []
    both = own[keys].drop_duplicates().merge(exported[keys].drop_duplicates(), on=keys)
    if not len(both):
        return []
    first = ", ".join(f"{k} {both.iloc[0][k]}" for k in keys)
    return [DataProblem(rel, f"{len(both)} {' x '.join(keys)} of table '{name}' are both in this file "
                        f"and in the exports of {export_dir} (e.g. {first}): both are counted; keep "
                        "them in one place", code="table_and_exports", severity="warning")]


def read_client_tables(client: str, data_dir: str | Path = "data/raw", *, salt: bytes | None = None,
                       reader: str | None = None, stage: Path | None = None
                       ) -> tuple[ClientConfig, dict[str, pd.DataFrame], list[DataProblem], dict[str, Path]]:
    """Read, validate and normalize every table of a client (:func:`read_client` as a tuple).

    Returns the config, the canonical tables, the warnings and the files read. Raises
    :class:`DataValidationError` listing every error found in every file.
    """
    r = read_client(client, data_dir, salt=salt, reader=reader, stage=stage)
    return r.config, r.tables, r.warnings, r.files
