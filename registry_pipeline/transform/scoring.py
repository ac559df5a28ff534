"""Units to the benchmark's unit, and `normalizedScore` (API.md semantics). Vectorised polars."""

from __future__ import annotations

import polars as pl

# (raw unit reported by a source, benchmark unit in the catalogue) -> multiplier
UNIT_FACTORS: dict[tuple[str, str], float] = {
    ("fraction", "%"): 100.0,
    ("percent", "%"): 1.0,
    ("index", "index"): 1.0,
    ("elo", "elo"): 1.0,
    ("points", "points"): 1.0,
}


def unit_factors() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "raw_unit": [k[0] for k in UNIT_FACTORS],
            "unit": [k[1] for k in UNIT_FACTORS],
            "unit_factor": list(UNIT_FACTORS.values()),
        }
    )


# units whose catalogue range is a hard bound (a share of tasks, an index); an Elo or a rating can pass its anchors
BOUNDED_UNITS = ("%", "index")


def to_benchmark_unit(observations: pl.DataFrame, benchmarks: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add `score` (in the benchmark's unit). Returns (converted, rejects) — an unknown benchmark, a unit
    with no conversion, a value a curated erratum removed, or a percentage or index outside the benchmark's
    `minScore`..`maxScore` (MT-Bench's 1-10 judge scale is 10-100%: llm-stats' 0.0899 for an 8.99) is a
    reject, never a guess."""
    bench = benchmarks.select(pl.col("id").alias("benchmark_id"), "unit", "min_score", "max_score")
    joined = observations.join(bench, on="benchmark_id", how="left").join(
        unit_factors(), on=["raw_unit", "unit"], how="left"
    ).with_columns(score=(pl.col("raw_value") * pl.col("unit_factor")).round(4))
    unknown = pl.col("unit").is_null() | pl.col("unit_factor").is_null()
    removed = pl.col("raw_value").is_null()  # a value a curated erratum removed (errata.REMOVE_ONLY)
    outside = (pl.col("unit").is_in(BOUNDED_UNITS) & ~pl.col("score").is_between(
        pl.col("min_score").fill_null(float("-inf")), pl.col("max_score").fill_null(float("inf"))
    )).fill_null(False)
    rejected = unknown | removed | outside
    bad = joined.filter(rejected)
    rejects = bad.select(
        "source_id",
        stage=pl.lit("resolve"),
        reason=pl.when(pl.col("unit").is_null())
        .then(pl.format("unknown benchmark id '{}'", pl.col("benchmark_id")))
        .when(removed)
        # the benchmark quoted, so that one cause is one kind of `reject_summary` whatever benchmark it names
        .then(pl.format("{}: the value filed under '{}' is not a score of it (removed by a curated erratum: catalog/source_errata.csv)",
                        "raw_model_name", "benchmark_id"))
        .when(pl.col("unit_factor").is_null())
        .then(pl.format("{}: {} {} has no conversion to the unit {} of '{}'", "raw_model_name", "raw_value", "raw_unit", "unit", "benchmark_id"))
        .otherwise(pl.format("{}: {} {} is {} {}, outside the range {} to {} {} of '{}'", "raw_model_name", "raw_value", "raw_unit",
                             "score", "unit", "min_score", "max_score", "unit", "benchmark_id")),
        raw_row=pl.col("raw_row"),
    )
    good = joined.filter(~rejected).drop("unit", "unit_factor", "min_score", "max_score")
    return good, rejects


def one_decimal(expr: pl.Expr) -> pl.Expr:
    """A published figure to one decimal as a reader rounds what is written: half away from zero, on the decimal value
    (9 places first, so a mean of 61.45 computed as 61.449999999 is 61.5, as 81.25 is 81.3). Polars' default, half to
    even on the binary value, gave 67.4 for the mean of 78.4 and 56.5."""
    return expr.round(9).round(1, mode="half_away_from_zero")


def normalized_score_expr() -> pl.Expr:
    """API.md: max, minmax/elo, inverse; flip when lower is better (except inverse); clamp; 1 dp.

    Expects columns score, max_score, min_score, higher_is_better, normalize_method.
    """
    score, hi, lo = pl.col("score"), pl.col("max_score"), pl.col("min_score").fill_null(0.0)
    method = pl.col("normalize_method")
    base = (
        pl.when(method == "max").then(score / hi * 100)
        .when(method.is_in(["minmax", "elo"])).then((score - lo) / (hi - lo) * 100)
        .when(method == "inverse").then((hi - score) / hi * 100)
    )
    flipped = pl.when(~pl.col("higher_is_better") & (method != "inverse")).then(100 - base).otherwise(base)
    return one_decimal(flipped.clip(0, 100))


def with_normalized_score(scores: pl.DataFrame, benchmarks: pl.DataFrame) -> pl.DataFrame:
    cols = ["max_score", "min_score", "higher_is_better", "normalize_method"]
    return (
        scores.join(benchmarks.select(pl.col("id").alias("benchmark_id"), *cols), on="benchmark_id", how="left")
        .with_columns(normalized_score=normalized_score_expr())
        .drop(cols)
    )
