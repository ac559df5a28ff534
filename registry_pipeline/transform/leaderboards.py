"""Leaderboards per category and overall (`all`), and each model's coverage."""

from __future__ import annotations

import polars as pl

from registry_pipeline.registry import LEADERBOARD_COLUMNS
from registry_pipeline.sources._settings import off_protocol


PRIOR_WEIGHT = 3  # each model's (and each benchmark's) effect is shrunk as if it had this many more scores at the mean
METHOD = "benchmark-adjusted"
INTERVAL_Z = 1.96  # a 95% interval under a normal approximation
FIT_ITERATIONS = 200  # at most; the fit stops once no effect moves by more than FIT_TOLERANCE
FIT_TOLERANCE = 1e-4  # far below the published 0.1 (about 40 steps)
_SCALE = 10**9  # effects are summed as integers of 1e-9: exact in any order, so boards stay byte-identical build to build


def fit_effects(s: pl.DataFrame) -> pl.DataFrame:
    """`s` (category_slug, model_id, benchmark_id, normalized_score) with `mu` (the board's mean), `a` (the
    model's effect) and `e` (the benchmark's effect) of the additive fit normalized_score ~ mu + a + e, each
    effect shrunk towards 0 as if it had PRIOR_WEIGHT more observations at the mean (ridge): alternating
    means until no effect moves by more than FIT_TOLERANCE. A benchmark every model finds easy (MMLU, GSM8K)
    gets a high `e`, so a model scored only on easy benchmarks is not taken for a strong one. A benchmark's
    effect is measured on the models with another score on the board only: a model's one score says how good
    that model is, not how hard the benchmark is (the Composite board's Open LLM Leaderboard average is the
    only score of a hundred small open models; their low mean made it look hard, and a 46 there ranked with a
    76 on LiveBench). Each step is
    a gather and an integer sum per group over integer codes (tens of ms a step for a million scores); the
    scores are summed in tenths and the effects in units of 1e-9, so no sum depends on the order rows are
    added in (threads)."""
    g = s.with_columns(
        _y10=(pl.col("normalized_score") * 10).round().cast(pl.Int64),
        _m=pl.struct("category_slug", "model_id").rank("dense").cast(pl.Int64) - 1,
        _b=pl.struct("category_slug", "benchmark_id").rank("dense").cast(pl.Int64) - 1,
    ).with_columns(
        mu=pl.col("_y10").sum().over("category_slug") / pl.len().over("category_slug") / 10,
        _linked=pl.len().over("_m") > 1,  # the model has another score on the board
    )

    # per model (every score) and per benchmark (the linked models' scores): the sum of (score - mu) and the
    # shrunk count, for every code in code order (a benchmark no linked model has: 0 and PRIOR_WEIGHT, e = 0)
    def per(code: str, rows: pl.DataFrame) -> pl.DataFrame:
        agg = rows.group_by(code).agg(_s=pl.col("_y10").sum(), n=pl.len(), mu=pl.col("mu").first())
        return (
            g.select(pl.col(code).unique().sort()).join(agg, on=code, how="left", maintain_order="left")
            .select(r=(pl.col("_s") / 10 - pl.col("n") * pl.col("mu")).fill_null(0.0), d=pl.col("n").fill_null(0) + PRIOR_WEIGHT)
        )

    linked = g.filter("_linked")
    pm, pb = per("_m", g), per("_b", linked)
    m_codes, b_codes = g["_m"], g["_b"]
    a = pl.Series("a", [0] * pm.height, dtype=pl.Int64)
    e = pl.Series("e", [0] * pb.height, dtype=pl.Int64)

    def step(effect: pl.Series, rows: pl.DataFrame, codes: str, by: str, target: pl.DataFrame) -> pl.Series:
        summed = rows.select(by, x=effect.gather(rows[codes])).group_by(by).agg(pl.col("x").sum())
        summed = target.with_row_index(by).select(pl.col(by).cast(pl.Int64)).join(summed, on=by, how="left", maintain_order="left")["x"].fill_null(0)
        return ((target["r"] - summed / _SCALE) / target["d"] * _SCALE).round().cast(pl.Int64)

    for _ in range(FIT_ITERATIONS):
        e = step(a, linked, "_m", "_b", pb)
        new_a = step(e, g, "_b", "_m", pm)
        moved = (new_a - a).abs().max()
        a = new_a
        if moved is None or moved <= FIT_TOLERANCE * _SCALE:
            break
    return g.with_columns(a=a.gather(m_codes) / _SCALE, e=e.gather(b_codes) / _SCALE).drop("_m", "_b", "_y10", "_linked")


def leaderboards(scores: pl.DataFrame, benchmarks: pl.DataFrame, categories: pl.DataFrame, models: pl.DataFrame) -> pl.DataFrame:
    """average = mean normalizedScore over the category's benchmarks the model has;
    coverage = scoreCount / benchmarkCount * 100 (API.md).

    Ranking adjusts for which benchmarks a model was scored on and resists thin coverage (`fit_effects`):
    rankScore = boardMean + the model's effect, the score the fit expects of the model on a benchmark of the
    board's average difficulty. A model scored only on easy, older benchmarks (GPT-4's MMLU 86) no longer
    tops a board whose newer models are scored on hard ones (HLE, ARC-AGI-2), and a model with one high score
    is pulled towards the board's mean until more scores confirm it. Rank: rankScore desc, then average desc,
    coverage desc, name.

    The interval the method implies: with the fit's residual standard deviation r on the board, rankScore is
    uncertain by r / sqrt(n + PRIOR_WEIGHT), n its scores in the fit; interval_low/high are rankScore -/+
    INTERVAL_Z times that.
    benchmark_ranks: for each of the model's scores in the fit, its rank on that benchmark (1 = best
    normalised score, ties share a rank) among `of` models.

    The fit and the ranks see scores under each benchmark's protocol only (`off_protocol`); a score with tools
    or over several attempts, published where nothing else was, counts in average and score_count alone, and
    a model with no other score on the board gets the board's mean.
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
    variant = pl.col("variant") if "variant" in scores.columns else pl.lit(None, pl.String)
    s = scores.select("model_id", "benchmark_id", "normalized_score", _comparable=~off_protocol(variant)).join(
        per_bench.drop("category"), on="benchmark_id")
    by_cat = pl.concat([s, s.with_columns(category_slug=pl.lit("all"))])
    # the fit and the benchmark ranks compare runs under each benchmark's protocol only: a score with tools on a
    # benchmark answered without them, or over several attempts (R1 distills' AIME 2024 cons@64), is published
    # (the dedupe's last resort) and counted in `average`, but neither moves a model's effect nor ranks on its benchmark
    comparable = by_cat.filter("_comparable").drop("_comparable")
    # residuals in thousandths, squared and summed as integers (exact in any order)
    fitted = fit_effects(comparable).with_columns(
        _resid=((pl.col("normalized_score") - pl.col("mu") - pl.col("a") - pl.col("e")) * 1000).round().cast(pl.Int64))
    spread = fitted.group_by("category_slug").agg(
        # the fit's residual standard deviation on the board (sample: n - 1)
        resid_sd=pl.when(pl.len() > 1).then(((pl.col("_resid") * pl.col("_resid")).sum() / (pl.len() - 1)).sqrt() / 1000).otherwise(0.0),
    )
    info = models.select(model_id="id", model_name="name", provider="provider", release_date="release_date")
    ranks = (
        s.filter("_comparable").with_columns(
            rank=pl.col("normalized_score").rank("min", descending=True).over("benchmark_id").cast(pl.Int64),
            of=pl.len().over("benchmark_id").cast(pl.Int64),
        )
        .select("model_id", "benchmark_id", "category_slug", "rank", "of")
    )
    per_board = pl.concat([ranks, ranks.with_columns(category_slug=pl.lit("all"))]).sort("benchmark_id").group_by(
        "category_slug", "model_id"
    ).agg(benchmark_ranks=pl.struct("benchmark_id", "rank", "of"))
    fit = fitted.group_by("category_slug", "model_id").agg(_fit=(pl.col("mu") + pl.col("a")).first(), _fit_count=pl.len())
    board_mean = fitted.group_by("category_slug").agg(_mu=pl.col("mu").first())
    return (
        by_cat.with_columns(_tenths=(pl.col("normalized_score") * 10).round().cast(pl.Int64))
        # sums in tenths (normalised scores have one decimal): integers add up exactly in any order
        .group_by("category_slug", "model_id")
        .agg(total=pl.col("_tenths").sum() / 10, score_count=pl.len())
        .join(fit, on=["category_slug", "model_id"], how="left")
        # a model with no comparable score on the board: no effect (the board's mean), as wide an interval as any
        .join(board_mean, on="category_slug", how="left")
        .with_columns(_fit=pl.coalesce("_fit", "_mu", pl.col("total") / pl.col("score_count")), _fit_count=pl.col("_fit_count").fill_null(0))
        .join(spread, on="category_slug", how="left")
        .join(bench_counts, on="category_slug")
        .join(info, on="model_id")
        .join(per_board, on=["category_slug", "model_id"], how="left")
        .with_columns(
            # a model with no comparable score on the board ranks on none of its benchmarks
            benchmark_ranks=pl.col("benchmark_ranks").fill_null(pl.lit([], dtype=per_board.schema["benchmark_ranks"])),
            average=(pl.col("total") / pl.col("score_count")).round(1),
            rank_score=pl.col("_fit").clip(0, 100),
            coverage=(pl.col("score_count") / pl.col("benchmark_count") * 100).round(1),
            _half=INTERVAL_Z * pl.col("resid_sd").fill_null(0.0) / (pl.col("_fit_count") + PRIOR_WEIGHT).sqrt(),
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
