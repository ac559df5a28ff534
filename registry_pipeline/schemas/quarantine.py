"""Validate a collected frame against a contract; failing rows become rejects, never vanish."""

from __future__ import annotations

import polars as pl
import pandera.errors as pa_errors
import pandera.polars as pa

from registry_pipeline.schemas.contracts import REJECT_COLUMNS


class ContractError(ValueError):
    """A whole frame breaks its contract (missing column, wrong dtype): no row can be trusted."""


def split_valid(
    frame: pl.DataFrame,
    schema: type[pa.DataFrameModel],
    *,
    source_id_col: str = "source_id",
    stage: str = "validate",
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return `(valid_rows, rejects)`. Rejects carry source, stage, reason and the raw row.

    Row-level failures quarantine just those rows; a frame-level failure (a missing column or a
    wrong dtype) raises `ContractError` naming the schema and the columns.
    """
    if frame.is_empty():
        return frame, pl.DataFrame(schema=REJECT_COLUMNS)
    try:
        schema.validate(frame, lazy=True)
        return frame, pl.DataFrame(schema=REJECT_COLUMNS)
    except pa_errors.SchemaErrors as exc:
        cases = pl.DataFrame(exc.failure_cases) if not isinstance(exc.failure_cases, pl.DataFrame) else exc.failure_cases
    frame_level = cases.filter(pl.col("index").is_null())
    if frame_level.height:
        detail = "; ".join(
            f"{r['column']}: {r['check']} ({r['failure_case']})" for r in frame_level.head(5).iter_rows(named=True)
        )
        raise ContractError(f"{schema.__name__}: frame-level contract failure: {detail}")
    reasons = (
        cases.with_columns(
            reason=pl.when(pl.col("column") == schema.__name__)
            .then(pl.format("row failed {}", pl.col("check")))
            .otherwise(pl.format("{} failed {} (value {})", pl.col("column"), pl.col("check"),
                                 pl.col("failure_case").cast(pl.String).fill_null("null")))
        )
        .group_by("index")
        .agg(pl.col("reason").unique().sort().str.join("; "))
        .rename({"index": "__row"})
        .with_columns(pl.col("__row").cast(pl.UInt32))
    )
    indexed = frame.with_row_index("__row")
    bad = indexed.join(reasons, on="__row", how="inner")
    good = indexed.join(reasons, on="__row", how="anti").drop("__row")
    raw = pl.col("raw_row") if "raw_row" in frame.columns else pl.struct(pl.all().exclude("__row", "reason")).struct.json_encode()
    rejects = bad.select(
        source_id=pl.col(source_id_col).cast(pl.String) if source_id_col in frame.columns else pl.lit(None, pl.String),
        stage=pl.lit(stage),
        reason=pl.format("{}: {}", pl.lit(schema.__name__), pl.col("reason")),
        raw_row=raw,
    )
    return good, rejects
