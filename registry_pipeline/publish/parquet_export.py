"""Parquet export of ScoreRows (`/api/v1/export.parquet`): the JSON export's columns, typed, for pandas,
polars, DuckDB and lake engines. The same rows give the same bytes (no timestamps in the file)."""

from __future__ import annotations

import io

import polars as pl

SCORE_SCHEMA: dict[str, pl.DataType] = {
    "modelId": pl.String, "modelName": pl.String, "provider": pl.String, "benchmarkId": pl.String,
    "benchmarkName": pl.String, "category": pl.String, "score": pl.Float64, "normalizedScore": pl.Float64,
    "verified": pl.Boolean, "verificationLevel": pl.String, "sourceId": pl.String, "sourceUrl": pl.String,
    "asOfDate": pl.String, "isArtificialAnalysis": pl.Boolean, "variant": pl.String, "benchmarkVersion": pl.String,
}  # fmt: skip


def scores_parquet(scores: pl.DataFrame) -> bytes:
    """`scores`: ScoreRow columns (`builders.score_frame`), `asOfDate` as `YYYY-MM-DD` text."""
    frame = scores.select(list(SCORE_SCHEMA)).cast(SCORE_SCHEMA)
    buf = io.BytesIO()
    frame.with_columns(pl.col("asOfDate").str.to_date()).write_parquet(buf, compression="zstd", statistics=True)
    return buf.getvalue()
