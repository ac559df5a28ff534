"""Leaderboards per category and overall (`all`), and each model's coverage."""

from __future__ import annotations

import polars as pl

from registry_pipeline.registry import LEADERBOARD_COLUMNS


PRIOR_WEIGHT = 3  # rankScore counts the board's mean as if it were this many extra scores
METHOD = "shrunk-mean"
INTERVAL_Z = 1.96  # a 95% interval under a normal approximation


def leaderboards(scores: pl.DataFrame, benchmarks: pl.DataFrame, categories: pl.DataFrame, models: pl.DataFrame) -> pl.DataFrame:
    """average = mean normalizedScore over the category's benchmarks the model has;
    coverage = scoreCount / benchmarkCount * 100 (API.md).

    Ranking resists thin coverage: rankScore = (scoreCount * average + PRIOR_WEIGHT * boardMean)
    / (scoreCount + PRIOR_WEIGHT), where boardMean is the mean of every score on the board — a
    model with one high score is pulled towards the board's mean until more scores confirm it.
    Rank: rankScore desc, then average desc, coverage desc, name.

    The interval the method implies: treating the board mean as PRIOR_WEIGHT prior scores and the
    model's scores as draws with the board's spread (standard deviation s of every score on the
    board), rankScore is uncertain by s / sqrt(scoreCount + PRIOR_WEIGHT); interval_low/high are
    rankScore -/+ INTERVAL_Z times that. benchmark_ranks: for each of the model's scores on the board,
    its rank on that benchmark (1 = best normalised score, ties share a rank) among `of` models.
    """
    cats = categories.select(category_slug="slug", category="name")
    per_bench = benchmarks.select(benchmark_id="id", category="category").join(cats, on="category")
    bench_counts = pl.concat(
        [
            per_bench.group_by("category_slug", "category").agg(benchmark_count=pl.len()),
            pl.DataFrame({"category_slug": ["all"], "category": ["All"], "benchmark_count": [benchmarks.height]}),
        ],
        how="vertical_relaxed",
    )
    s = scores.select("model_id", "benchmark_id", "normalized_score").join(per_bench.drop("category"), on="benchmark_id")
    # sums in tenths (normalised scores have one decimal): integers add up exactly in any order, so the
    # boards are byte-identical from build to build whatever order the threads summed them in
    by_cat = pl.concat([s, s.with_columns(category_slug=pl.lit("all"))]).with_columns(
        _tenths=(pl.col("normalized_score") * 10).round().cast(pl.Int64)
    )
    info = models.select(model_id="id", model_name="name", provider="provider", release_date="release_date")
    n, s1, s2 = pl.col("_n"), pl.col("_s1"), pl.col("_s2")
    board_mean = by_cat.group_by("category_slug").agg(
        _n=pl.len().cast(pl.Int64), _s1=pl.col("_tenths").sum(), _s2=(pl.col("_tenths") * pl.col("_tenths")).sum()
    ).select(
        "category_slug",
        board_mean=s1 / n / 10,
        # the sample standard deviation from exact integer sums: sqrt((n*s2 - s1^2) / (n*(n-1))) tenths
        board_sd=pl.when(n > 1).then(((n * s2 - s1 * s1) / (n * (n - 1))).sqrt() / 10).otherwise(0.0),
    )
    ranks = (
        s.with_columns(
            rank=pl.col("normalized_score").rank("min", descending=True).over("benchmark_id").cast(pl.Int64),
            of=pl.len().over("benchmark_id").cast(pl.Int64),
        )
        .select("model_id", "benchmark_id", "category_slug", "rank", "of")
    )
    per_board = pl.concat([ranks, ranks.with_columns(category_slug=pl.lit("all"))]).sort("benchmark_id").group_by(
        "category_slug", "model_id"
    ).agg(benchmark_ranks=pl.struct("benchmark_id", "rank", "of"))
    return (
        by_cat.group_by("category_slug", "model_id")
        .agg(total=pl.col("_tenths").sum() / 10, score_count=pl.len())
        .join(board_mean, on="category_slug")
        .join(bench_counts, on="category_slug")
        .join(info, on="model_id")
        .join(per_board, on=["category_slug", "model_id"], how="left")
        .with_columns(
            average=(pl.col("total") / pl.col("score_count")).round(1),
            rank_score=((pl.col("total") + PRIOR_WEIGHT * pl.col("board_mean")) / (pl.col("score_count") + PRIOR_WEIGHT)),
            coverage=(pl.col("score_count") / pl.col("benchmark_count") * 100).round(1),
            _half=INTERVAL_Z * pl.col("board_sd") / (pl.col("score_count") + PRIOR_WEIGHT).sqrt(),
        )
        .with_columns(
            interval_low=(pl.col("rank_score") - pl.col("_half")).clip(0, 100).round(1),
            interval_high=(pl.col("rank_score") + pl.col("_half")).clip(0, 100).round(1),
            rank_score=pl.col("rank_score").round(1),
        )
        .sort(
            ["category_slug", "rank_score", "average", "coverage", "model_name", "model_id"],
            descending=[False, True, True, True, False, False],
        )
        .with_columns(rank=pl.int_range(pl.len()).over("category_slug") + 1)
        .select(list(LEADERBOARD_COLUMNS))
        .cast(LEADERBOARD_COLUMNS)
    )


def model_coverage(models: pl.DataFrame, scores: pl.DataFrame, benchmark_count: int) -> pl.DataFrame:
    counts = scores.group_by("model_id").agg(n=pl.len())
    return (
        models.drop("coverage")
        .join(counts, left_on="id", right_on="model_id", how="left")
        .with_columns(coverage=(pl.col("n").fill_null(0) / benchmark_count * 100).round(1))
        .drop("n")
    )
