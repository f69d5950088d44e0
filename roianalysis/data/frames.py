"""Canonical frames as the store holds them: text columns as ``object`` with ``None`` for
missing (as validation produces them), and the same frames as Arrow tables with explicit types.

Used by every writer and reader of canonical tables (the processed store, the engine reader,
Spark), so each of them converts the same way.
"""

from __future__ import annotations

import pandas as pd


def as_canonical(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns back to ``object`` with ``None`` for missing, as validation produces them."""
    for c in df.columns:
        col = df[c]
        if pd.api.types.is_string_dtype(col) and not pd.api.types.is_datetime64_any_dtype(col):
            values = col.to_numpy(dtype=object, na_value=None)
            df[c] = pd.Series(values, index=df.index, dtype=object)
    return df


def arrow_table(df: pd.DataFrame):
    """The frame as Arrow with explicit types: text columns stay strings even when all empty."""
    import pyarrow as pa

    from roianalysis.schema import frame_type

    fields = [pa.field(c, pa.type_for_alias(frame_type(df[c], "arrow"))) for c in df.columns]
    return pa.Table.from_pandas(df, schema=pa.schema(fields), preserve_index=False)
