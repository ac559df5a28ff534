"""One published score per (model, benchmark); disagreements between sources kept as conflicts."""

from __future__ import annotations

import polars as pl

from registry_pipeline.sources._settings import protocol_departures, thinking_off

LEVEL_RANK = {"third_party": 0, "provider": 1, "community": 2, "estimated": 3}
CONFLICT_TOLERANCE = 5.0  # in the benchmark's unit, for a benchmark with no tolerance at all


def rank_observations(scored: pl.DataFrame, source_priority: dict[str, int]) -> pl.DataFrame:
    """Order every observation of a (model, benchmark) pair; `pair_rank` 1 is the published one.

    The rule, in three steps:
    1. within a source, each setting (`variant`: reasoning effort, thinking budget, ...; null is the
       default) is represented by its newest run at its best verification level (`setting_rank`);
    2. within a source, the best of those settings at the source's best verification level represents
       the source (`source_rank`) — a model is shown at its best configuration, never at an older run of
       a setting it has re-run, and a source's unchecked run never hides its checked ones (SWE-bench's
       unchecked submission of Claude Sonnet 4 at 76.8 would otherwise stand for SWE-bench and lose to a
       vendor's claim, though SWE-bench checked 70.8: third_party goes first, API.md);
    3. across sources, API.md's order: verification level, newest as-of date, source priority, then
       the best score and the name.
    In steps 2 and 3 a run under the benchmark's own protocol goes before one that departs from it
    (`off_protocol`: tools on a benchmark answered without them, several attempts on one scored on one),
    so the published score is comparable with the benchmark's others wherever such a run exists:
    gpt-oss-120b's HLE is its 14.9 without tools, not 19.0 with them; GPT-4o's SWE-bench Verified the
    single-attempt 23.2, not 26.2 over several attempts. A model with only departing runs is published
    at the one that departs least (`protocol_departures`: GLM-5's HLE on the text-only questions without tools,
    not with them), its setting named. In step 3, at one verification level, a run with the model's thinking
    switched off (`thinking_off`) goes after a run in another setting, as step 2 shows a source's best
    setting: Claude Opus 4's AIME 2025 is Anthropic's 75.5 with extended thinking, not Kimi K2's later
    33.9 without it.
    A run whose setting or benchmark release its source leaves unsaid while another source gives the same value at
    the same level saying it (`setting_unsaid`: llm-stats relays OpenAI's GPT-5 figures without the effort, xAI's
    Grok 4 Heavy AIME 2025 100.0 without the Python it had, Meta's LiveCodeBench figures without their window) is
    that run: it departs from the protocol as the named one does, and in step 3 it goes after the runs that say
    more, so the published score names its setting and release.
    Observations that do not represent their source rank after every representative."""
    if "variant" not in scored.columns:
        scored = scored.with_columns(variant=pl.lit(None, pl.String))
    ranked = setting_unsaid(scored.with_columns(
        level_rank=pl.col("verification_level").replace_strict(LEVEL_RANK, return_dtype=pl.Int64),
        source_priority=pl.col("source_id").replace_strict(source_priority, default=1000, return_dtype=pl.Int64),
        departures=protocol_departures(pl.col("variant")),
        thinking_off=thinking_off(pl.col("variant")),
    )).sort(
        ["model_id", "benchmark_id", "source_id", "variant", "level_rank", "as_of_date", "normalized_score", "observation_id"],
        descending=[False, False, False, False, False, True, True, False], nulls_last=True,
    ).with_columns(
        setting_rank=pl.int_range(pl.len()).over(["model_id", "benchmark_id", "source_id", "variant"]) + 1,
    ).sort(
        ["model_id", "benchmark_id", "source_id", "setting_rank", "departures", "level_rank", "normalized_score", "as_of_date", "observation_id"],
        descending=[False, False, False, False, False, False, True, True, False], nulls_last=True,
    ).with_columns(
        source_rank=pl.int_range(pl.len()).over(["model_id", "benchmark_id", "source_id"]) + 1,
    )
    return ranked.with_columns(_rep=(pl.col("source_rank") > 1).cast(pl.Int64)).sort(
        ["model_id", "benchmark_id", "_rep", "departures", "level_rank", "thinking_off", "unsaid", "as_of_date", "source_priority",
         "normalized_score", "raw_model_name", "observation_id"],
        descending=[False, False, False, False, False, False, False, True, False, True, False, False],
        nulls_last=True,
    ).with_columns(pair_rank=pl.int_range(pl.len()).over(["model_id", "benchmark_id"]) + 1).drop("_rep", "departures", "thinking_off", "unsaid")


def setting_unsaid(scored: pl.DataFrame) -> pl.DataFrame:
    """`scored` (with `departures` and `thinking_off` of its own setting) with `unsaid`: True for a run that leaves its
    setting (`variant`) or its benchmark release (`benchmark_version`) unsaid while another source gives its value for
    the same model and benchmark at the same verification level (to one decimal) saying more, and nothing else: the
    same setting or one where this run says none, the same release or one where this run says none. Such a run takes
    the other's `departures` (the most of several) and `thinking_off` (any) where its own setting is unsaid. A
    source's other rows are no twin of its own: LiveBench's GPT-5.1 Codex Max at xhigh and at its default are two
    runs that scored alike."""
    key = ["model_id", "benchmark_id", "verification_level", "_value"]
    version = pl.col("benchmark_version") if "benchmark_version" in scored.columns else pl.lit(None, pl.String)
    # only pairs that two sources score can have twins (at 100x the recordings the Open LLM Leaderboard's millions
    # of rows have none: its benchmarks are its own)
    pairs = scored.select("model_id", "benchmark_id", "source_id", "observation_id", "variant", "verification_level",
                          "departures", "thinking_off", _version=version, _value=pl.col("score").round(1)).filter(
        pl.col("source_id").n_unique().over("model_id", "benchmark_id") > 1)
    silent = pairs.filter(pl.col("variant").is_null() | pl.col("_version").is_null()).select(
        "observation_id", "source_id", "variant", "_version", *key)
    saying = pairs.filter(pl.col("variant").is_not_null() | pl.col("_version").is_not_null()).select(
        *key, _source="source_id", _variant="variant", _v2="_version", _d="departures", _t="thinking_off")
    twins = (
        silent.join(saying, on=key)
        .filter(
            (pl.col("_source") != pl.col("source_id"))
            & (pl.col("variant").is_null() | (pl.col("variant") == pl.col("_variant")))
            & (pl.col("_version").is_null() | (pl.col("_version") == pl.col("_v2")))
            & ((pl.col("variant").is_null() & pl.col("_variant").is_not_null()) | (pl.col("_version").is_null() & pl.col("_v2").is_not_null()))
        )
        .group_by("observation_id")
        .agg(_own=pl.col("variant").is_not_null().any(), _d=pl.col("_d").max(), _t=pl.col("_t").any())
    )
    # three columns more on the observations, never a copy of them (a join back would be one: millions of rows
    # at 100x the recordings, nearly all without a twin); a run whose setting is said keeps its departures
    ids, inherit = twins["observation_id"], twins.filter(~pl.col("_own"))
    return scored.with_columns(
        unsaid=pl.col("observation_id").is_in(ids.implode()),
        departures=pl.col("observation_id").replace_strict(inherit["observation_id"], inherit["_d"], default=pl.col("departures"),
                                                           return_dtype=pl.Int64),
        thinking_off=pl.col("thinking_off") | pl.col("observation_id").replace_strict(inherit["observation_id"], inherit["_t"],
                                                                                      default=False, return_dtype=pl.Boolean),
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

    Each source is represented by its newest run of the setting at its best verification level; a group
    conflicts when at least two sources report it and their scores (in the benchmark's unit) are further
    apart than the tolerance.
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
