"""One published score per (model, benchmark); disagreements between sources kept as conflicts."""

from __future__ import annotations

import polars as pl

LEVEL_RANK = {"third_party": 0, "provider": 1, "community": 2, "estimated": 3}
CONFLICT_TOLERANCE = 5.0  # in the benchmark's unit, for a benchmark with no tolerance at all


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


# a base model's id and the ids its instruct sibling may have (`granite-3-3-8b-base` -> `granite-3-3-8b-instruct`,
# `yi-1-5-34b` -> `yi-1-5-34b-chat`)
SIBLING_OF_BASE = [(r"-base$", "-instruct"), (r"-base$", "-it"), (r"-base$", "-chat"), (r"$", "-instruct"), (r"$", "-it"), (r"$", "-chat")]
COPIED_MIN = 3  # exact equalities with the sibling, on as many benchmarks, that cannot be chance


def copied_from_instruct(resolved: pl.DataFrame) -> pl.DataFrame:
    """The observations (observation_id, source_id, reason) of a base model that are exactly its instruct
    sibling's scores from the same source, when at least COPIED_MIN of them are: a source that fills a base
    model's page with the instruct model's card (llm-stats gives granite-3.3-8b-base the instruct model's
    Arena-Hard, AlpacaEval and IFEval, chat benchmarks a base model does not take, and 7 more to the
    decimal, while its own MMLU, GSM8K and DROP differ). They are not the base model's scores."""
    cols = ["observation_id", "source_id", "raw_model_name", "model_id", "benchmark_id", "variant", "score"]
    obs = resolved.select(cols)
    # (source, base model, sibling) where the source scores both: few, so only their observations are joined
    models = obs.select("source_id", "model_id").unique()
    base = models.filter(~pl.col("model_id").str.contains(r"-(instruct|it|chat)(-|$)"))
    siblings = pl.concat([base.with_columns(sibling=pl.col("model_id").str.replace(pattern, suffix)) for pattern, suffix in SIBLING_OF_BASE])
    siblings = siblings.filter(pl.col("sibling") != pl.col("model_id")).join(
        models.select("source_id", sibling="model_id"), on=["source_id", "sibling"], how="semi")
    pairs = obs.join(siblings, on=["source_id", "model_id"]).join(
        obs.select("source_id", "benchmark_id", "variant", sibling="model_id", sibling_score="score"),
        on=["source_id", "sibling", "benchmark_id", "variant"], nulls_equal=True,
    )
    same = pairs.filter(pl.col("score") == pl.col("sibling_score")).unique(["observation_id", "sibling"])
    counts = same.group_by("source_id", "model_id", "sibling").agg(n=pl.len()).filter(pl.col("n") >= COPIED_MIN)
    totals = obs.group_by("source_id", "model_id").agg(of=pl.len())
    copied = same.join(counts, on=["source_id", "model_id", "sibling"]).join(totals, on=["source_id", "model_id"])
    return copied.unique("observation_id", keep="first", maintain_order=True).sort("observation_id").select(
        "observation_id", "source_id",
        reason=pl.format("{}: {}'s {} score {} is {}'s, as are {} of its {} scores there: the instruct model's, copied to the base model",
                         "source_id", "raw_model_name", "benchmark_id", "score", "sibling", "n", "of"),
    )


def winners(ranked: pl.DataFrame) -> pl.DataFrame:
    return ranked.filter(pl.col("pair_rank") == 1)


DEFAULT_TOLERANCE_SHARE = 0.05  # without a catalogue `conflictTolerance`: 5% of the benchmark's range
CONFLICT_COLUMNS: dict[str, pl.DataType] = {
    "model_id": pl.String, "benchmark_id": pl.String, "benchmark_version": pl.String, "variant": pl.String, "source_id": pl.String,
    "observation_id": pl.String, "score": pl.Float64, "normalized_score": pl.Float64, "verification_level": pl.String,
    "as_of_date": pl.Date, "is_winner": pl.Boolean, "winner_source_id": pl.String, "winner_reason": pl.String,
    "gap": pl.Float64, "normalized_gap": pl.Float64, "tolerance": pl.Float64,
}


def tolerances(benchmarks: pl.DataFrame, declared: pl.DataFrame | None = None) -> pl.DataFrame:
    """(benchmark_id, tolerance) in the benchmark's own unit: the catalogue's `conflictTolerance`, else
    DEFAULT_TOLERANCE_SHARE of its range (5 points of a percent benchmark, 30 of an Elo range of 600)."""
    base = benchmarks.select(
        benchmark_id="id", default=(pl.col("max_score") - pl.col("min_score").fill_null(0.0)).abs() * DEFAULT_TOLERANCE_SHARE
    )
    if declared is not None and declared.height:
        base = base.join(declared.select("benchmark_id", "tolerance"), on="benchmark_id", how="left")
    else:
        base = base.with_columns(tolerance=pl.lit(None, pl.Float64))
    return base.select("benchmark_id", tolerance=pl.coalesce("tolerance", "default"))


def conflicts(ranked: pl.DataFrame, tolerance: pl.DataFrame | float = CONFLICT_TOLERANCE) -> pl.DataFrame:
    """(model, benchmark, setting) groups whose sources disagree by more than the benchmark's tolerance
    (a group is also one release of the benchmark: `benchmark_version`, null with null).

    Each source is represented by its newest run of the setting; a group conflicts when at least two
    sources report it and their scores (in the benchmark's unit) are further apart than the tolerance.
    Every value is kept, one row per source, with the group's winner (level, newest as-of date, source
    priority: the published rule) and why it won. Scores are never averaged. `tolerance` is a frame
    (benchmark_id, tolerance) or one number for every benchmark."""
    reps = ranked.filter(pl.col("setting_rank") == 1) if "setting_rank" in ranked.columns else ranked
    for name in ("variant", "benchmark_version"):
        if name not in reps.columns:
            reps = reps.with_columns(pl.lit(None, pl.String).alias(name))
    if isinstance(tolerance, pl.DataFrame):
        reps = reps.join(tolerance, on="benchmark_id", how="left").with_columns(pl.col("tolerance").fill_null(CONFLICT_TOLERANCE))
    else:
        reps = reps.with_columns(tolerance=pl.lit(float(tolerance)))
    # two releases of a benchmark (LiveBench 2024-11 and 2026-01) are two measurements, not a disagreement
    group = ["model_id", "benchmark_id", "benchmark_version", "variant"]
    reps = reps.with_columns(
        _sources=pl.col("source_id").n_unique().over(group),
        gap=(pl.col("score").max() - pl.col("score").min()).over(group),
        normalized_gap=(pl.col("normalized_score").max() - pl.col("normalized_score").min()).over(group),
    ).filter((pl.col("_sources") >= 2) & (pl.col("gap") > pl.col("tolerance")))
    if reps.is_empty():
        return pl.DataFrame(schema=CONFLICT_COLUMNS)
    ordered = reps.sort(
        [*group, "level_rank", "as_of_date", "source_priority", "normalized_score", "source_id"],
        descending=[*([False] * len(group)), False, True, False, True, False], nulls_last=True,
    ).with_columns(_rank=pl.int_range(pl.len()).over(group))
    first = ordered.filter(pl.col("_rank") == 0).select(*group, w_source="source_id", w_level="level_rank", w_date="as_of_date", w_prio="source_priority")
    second = ordered.filter(pl.col("_rank") == 1).select(*group, r_level="level_rank", r_date="as_of_date", r_prio="source_priority")
    why = first.join(second, on=group, nulls_equal=True).select(
        *group, winner_source_id="w_source",
        winner_reason=pl.when(pl.col("w_level") != pl.col("r_level")).then(pl.lit("higher verification level"))
        .when(pl.col("w_date") != pl.col("r_date")).then(pl.lit("newer as-of date"))
        .when(pl.col("w_prio") != pl.col("r_prio")).then(pl.lit("source priority"))
        .otherwise(pl.lit("better score")),
    )
    return (
        ordered.join(why, on=group, nulls_equal=True)
        .with_columns(is_winner=pl.col("_rank") == 0)
        .select(list(CONFLICT_COLUMNS))
        .cast(CONFLICT_COLUMNS)
        .sort(["normalized_gap", "model_id", "benchmark_id", "benchmark_version", "variant", "is_winner", "source_id"],
              descending=[True, False, False, False, False, True, False], nulls_last=True)
    )
