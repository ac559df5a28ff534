"""One published score per (model, benchmark); disagreements between sources kept as conflicts."""

from __future__ import annotations

import polars as pl

LEVEL_RANK = {"third_party": 0, "provider": 1, "community": 2, "estimated": 3}
CONFLICT_TOLERANCE = 5.0  # normalised points (0-100 scale)


def rank_observations(scored: pl.DataFrame, source_priority: dict[str, int]) -> pl.DataFrame:
    """Order every observation of a (model, benchmark) pair; `pair_rank` 1 is the published one.

    The rule, in three steps:
    1. within a source, each setting (`variant`: reasoning effort, thinking budget, ...; null is the
       default) is represented by its newest run (`setting_rank`);
    2. within a source, the best of those settings represents the source (`source_rank`) — a model
       is shown at its best configuration, never at an older run of a setting it has re-run;
    3. across sources, API.md's order: verification level, newest as-of date, source priority, then
       the best score and the name.
    Observations that do not represent their source rank after every representative."""
    if "variant" not in scored.columns:
        scored = scored.with_columns(variant=pl.lit(None, pl.String))
    ranked = scored.with_columns(
        level_rank=pl.col("verification_level").replace_strict(LEVEL_RANK, return_dtype=pl.Int64),
        source_priority=pl.col("source_id").replace_strict(source_priority, default=1000, return_dtype=pl.Int64),
    ).sort(
        ["model_id", "benchmark_id", "source_id", "variant", "as_of_date", "normalized_score", "observation_id"],
        descending=[False, False, False, False, True, True, False], nulls_last=True,
    ).with_columns(
        setting_rank=pl.int_range(pl.len()).over(["model_id", "benchmark_id", "source_id", "variant"]) + 1,
    ).sort(
        ["model_id", "benchmark_id", "source_id", "setting_rank", "normalized_score", "as_of_date", "observation_id"],
        descending=[False, False, False, False, True, True, False], nulls_last=True,
    ).with_columns(
        source_rank=pl.int_range(pl.len()).over(["model_id", "benchmark_id", "source_id"]) + 1,
    )
    return ranked.with_columns(_rep=(pl.col("source_rank") > 1).cast(pl.Int64)).sort(
        ["model_id", "benchmark_id", "_rep", "level_rank", "as_of_date", "source_priority", "normalized_score", "raw_model_name", "observation_id"],
        descending=[False, False, False, False, True, False, True, False, False],
        nulls_last=True,
    ).with_columns(pair_rank=pl.int_range(pl.len()).over(["model_id", "benchmark_id"]) + 1).drop("_rep")


def winners(ranked: pl.DataFrame) -> pl.DataFrame:
    return ranked.filter(pl.col("pair_rank") == 1)


def conflicts(ranked: pl.DataFrame, tolerance: float = CONFLICT_TOLERANCE) -> pl.DataFrame:
    """Observations from another source that differ from the winner by more than `tolerance`."""
    win = winners(ranked).select(
        "model_id", "benchmark_id",
        winner_source_id="source_id", winner_score="score", winner_normalized="normalized_score",
        winner_observation_id="observation_id",
    )
    return (
        ranked.filter(pl.col("pair_rank") > 1)
        .join(win, on=["model_id", "benchmark_id"])
        .filter(pl.col("source_id") != pl.col("winner_source_id"))
        .with_columns(delta=(pl.col("normalized_score") - pl.col("winner_normalized")).round(1))
        .filter(pl.col("delta").abs() > tolerance)
        .select(
            "model_id", "benchmark_id", "winner_source_id", "winner_score", "winner_observation_id",
            other_source_id="source_id", other_score="score", other_observation_id="observation_id",
            delta="delta",
        )
        .sort(["model_id", "benchmark_id", "other_source_id", "other_observation_id"])
    )
