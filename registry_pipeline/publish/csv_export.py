"""CSV export of ScoreRows: RFC 4180 (CRLF, minimal quoting), safe to open in a spreadsheet.

Any text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so a
spreadsheet shows it as text instead of evaluating a formula (OWASP "CSV injection").  Numbers are
written as they are (a negative score stays `-1.5`), booleans as `true`/`false`, null as empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl

from registry_pipeline.publish.parquet_export import SCORE_SCHEMA

SCORE_COLUMNS: tuple[str, ...] = (
    "modelId", "modelName", "provider", "benchmarkId", "benchmarkName", "category", "score",
    "normalizedScore", "verified", "verificationLevel", "sourceId", "sourceUrl", "asOfDate",
    "isArtificialAnalysis", "variant", "benchmarkVersion",
)  # fmt: skip

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cells(frame: pl.DataFrame) -> pl.DataFrame:
    """Every value of `frame` as a CSV cell, column by column: text neutralised (a leading formula sign
    gets a `'`), booleans as `true`/`false`, NaN and null empty; numbers stay numbers, which the csv
    module writes with repr (`1493.0`, `-1.5`)."""

    def column(name: str, dtype: pl.DataType) -> pl.Expr:
        if dtype == pl.Boolean:
            return pl.col(name).cast(pl.String)
        if dtype.is_float():
            return pl.col(name).fill_nan(None)
        if dtype.is_integer():
            return pl.col(name)
        text = pl.col(name).cast(pl.String)
        neutralise = pl.any_horizontal(text.str.starts_with(p) for p in FORMULA_PREFIXES)
        return pl.when(neutralise).then(pl.lit("'") + text).otherwise(text).alias(name)

    return frame.select(column(name, dtype) for name, dtype in frame.schema.items())


def frame_csv(frame: pl.DataFrame, columns: Sequence[str] = SCORE_COLUMNS) -> str:
    """`columns` of `frame` as CSV text, a header line first."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows(cells(frame.select(columns)).iter_rows())
    return buf.getvalue()


def scores_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """The export CSV of ScoreRow records (the server's filtered exports): ScoreRow columns in API.md order."""
    return frame_csv(pl.from_dicts(list(rows), schema=SCORE_SCHEMA), SCORE_COLUMNS)
