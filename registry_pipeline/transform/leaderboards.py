"""Leaderboards per category and overall (`all`), and each model's coverage."""

from __future__ import annotations

import numpy as np
import polars as pl

from registry_pipeline.registry import LEADERBOARD_COLUMNS
from registry_pipeline.sources._settings import off_protocol
from registry_pipeline.transform.scoring import one_decimal


# Each effect is shrunk towards 0 as if it had this many more scores at the board's mean (ridge): the ratio of the
# residual variance to the variance of the models' (benchmarks') effects, the weights under which the fit is the
# best linear unbiased predictor of each effect. Estimated by `estimate_prior_weights` on the All board of the build
# of every recording (2026-12-06: 0.185 and 0.144, rounded, once the Open LLM Leaderboard's official repos were
# models; 2026-12-05: 0.209 and 0.152; a test re-estimates them; 0.239 before ARC Prize's
# frontier models that no catalogue lists were models): a model's one score moves its effect 1 / 1.19 of the way
# from the mean, since the models spread far more than one score errs.
MODEL_PRIOR_WEIGHT = 0.19
BENCHMARK_PRIOR_WEIGHT = 0.14
# the fit is additive in the log-odds of the normalised score, a score taken as at least 1 and at most 99 (a 0 or a
# 100 has no log-odds): moving 80 -> 90 is as much of a step as 20 -> 33, and what the fit expects stays in 0-100
LOGIT_BOUNDS = (1.0, 99.0)
METHOD = "benchmark-adjusted"
INTERVAL_Z = 1.96  # a 95% interval under a normal approximation
_SCALE = 10**9  # effects are summed as integers of 1e-9: exact in any order, so boards stay byte-identical build to build
_Y_SCALE = 10**6  # log-odds summed as integers of 1e-6
_W_SCALE = 10**9  # v = 1 / (n + model_weight) of each linked model, summed as integers of 1e-9
PAIR_ROWS = 2_000_000  # the pairs of benchmarks a board's models share are summed this many at a time


def logit(score: pl.Expr) -> pl.Expr:
    """The log-odds of a normalised score (0-100), taken within LOGIT_BOUNDS."""
    p = score.clip(*LOGIT_BOUNDS) / 100
    return (p / (1 - p)).log()


def expit(z: pl.Expr) -> pl.Expr:
    """A log-odds back on the 0-100 scale."""
    return 100 / (1 + (-z).exp())


def fit_effects(s: pl.DataFrame, model_weight: float = MODEL_PRIOR_WEIGHT, benchmark_weight: float = BENCHMARK_PRIOR_WEIGHT) -> pl.DataFrame:
    """`s` (category_slug, model_id, benchmark_id, normalized_score) with `y` (the score's log-odds, `logit`),
    `w` (what the score counts for, below), `mu` (the board's mean: its benchmarks' mean y, `board_means`), `a` (the model's effect) and `e` (the
    benchmark's effect) of the additive fit
    y ~ mu + a + e, each effect shrunk towards 0 as if it had model_weight (benchmark_weight) more observations
    at the mean (ridge). A benchmark every model finds easy (MMLU, GSM8K) gets a high `e`, so a model scored
    only on easy benchmarks is not taken for a strong one. A benchmark's effect is measured on the models with
    another score on the board only ("linked"): a model's one score says how good that model is, not how hard
    the benchmark is (the Composite board's Open LLM Leaderboard average is the only score of a hundred small
    open models; their low mean made it look hard, and a 46 there ranked with a 76 on LiveBench).

    The effects are the exact solution of the fit's equations, per board:
        a_m = (R_m - sum of e_b over m's scores) / (n_m + model_weight)
        e_b = (RL_b - sum of a_m over b's linked models) / (nL_b + benchmark_weight)
    with R_m the sum of (y - mu) over m's n_m scores and RL_b over b's nL_b scores by linked models; a model
    with one score on the board (not linked) is left out of the second and its score counts as w < 1 in the
    first (a_m = w (R_m - e_b) / (w + model_weight)), as far as its benchmark's effect is known. Putting the
    first into the second leaves one symmetric positive definite system in the board's benchmarks,
        (nL_b + benchmark_weight) e_b - sum over b' of C_bb' e_b' = RL_b - sum over b's linked m of R_m v_m,
    v_m = 1 / (n_m + model_weight), C_bb' = the sum of v_m over the linked models scored on both b and b'
    (a matrix as large as the board has benchmarks, whatever the number of models), solved by numpy. Alternating
    the two equations reaches the same point, in hundreds of steps when the weights are small. Every sum over
    scores or models is taken in integers (log-odds in 1e-6, weights and effects in 1e-9), so no sum, and
    so no board, depends on the order rows are added in (threads)."""
    g = s.with_columns(y=logit(pl.col("normalized_score"))).with_columns(
        _yq=(pl.col("y") * _Y_SCALE).round().cast(pl.Int64),
        _m=pl.struct("category_slug", "model_id").rank("dense").cast(pl.Int64) - 1,
    )
    g = g.with_columns(_linked=pl.len().over("_m") > 1)  # the model has another score on the board
    # the board's mean: the mean of its benchmarks' mean scores, each benchmark counted once however many models it
    # scores (`board_means`)
    g = g.join(board_means(g), on="category_slug")
    models = g.group_by("_m").agg(
        _r=pl.col("_yq").sum() / _Y_SCALE - pl.len() * pl.col("mu").first(), _n=pl.len(),
    ).with_columns(_v=(_W_SCALE / (pl.col("_n") + model_weight)).round().cast(pl.Int64))
    linked = g.filter("_linked").join(models, on="_m").select(
        "category_slug", "benchmark_id", "_m", "_v", "_yq", "mu",
        _rw=(pl.col("_r") * pl.col("_v") * (_SCALE / _W_SCALE)).round().cast(pl.Int64),
    )
    # per board: the linked benchmarks in name order, their diagonal and right-hand side, and the pairs' C
    benches = linked.group_by("category_slug", "benchmark_id").agg(
        _nl=pl.len(), _rl=pl.col("_yq").sum() / _Y_SCALE - pl.len() * pl.col("mu").first(), _rw=pl.col("_rw").sum(),
    ).sort("category_slug", "benchmark_id").with_columns(_i=pl.int_range(pl.len()).over("category_slug"))
    coded = linked.join(benches.select("category_slug", "benchmark_id", "_i"), on=["category_slug", "benchmark_id"])
    solved = []
    for (slug,), board in benches.partition_by("category_slug", as_dict=True, maintain_order=True).items():
        size = board.height
        matrix = -_pair_sums(coded.filter(pl.col("category_slug") == slug).select("_m", "_i", "_v"), size) / _W_SCALE
        matrix[np.arange(size), np.arange(size)] += board["_nl"].to_numpy() + benchmark_weight
        rhs = board["_rl"].to_numpy() - board["_rw"].to_numpy() / _SCALE
        solved.append(board.select(
            "category_slug", "benchmark_id", "_nl", _e=pl.Series(np.round(np.linalg.solve(matrix, rhs) * _SCALE), dtype=pl.Int64)))
    effects = pl.concat(solved) if solved else pl.DataFrame(
        schema={"category_slug": pl.String, "benchmark_id": pl.String, "_nl": pl.UInt32, "_e": pl.Int64})
    g = g.join(effects, on=["category_slug", "benchmark_id"], how="left").with_columns(
        _e=pl.col("_e").fill_null(0),
        # a model's one score on the board says how good the model is only as well as its benchmark's effect is
        # known: from nL linked scores, with a variance of 1 / (nL + benchmark_weight) of the noise's. It counts
        # as w = (nL + bw) / (nL + bw + 1) of a score (0.12 on a benchmark no linked model has, 0.98 on one
        # fifty have); every score of a linked model counts as one (its benchmarks' effects are solved with it),
        # and so does every score on a board of one benchmark (whose effect is 0 by the board's mean)
        w=pl.when(pl.col("_linked") | (pl.col("benchmark_id").n_unique().over("category_slug") == 1)).then(1.0).otherwise(
            (pl.col("_nl").fill_null(0) + benchmark_weight) / (pl.col("_nl").fill_null(0) + benchmark_weight + 1)),
    )
    # w is the same on every score of a model (one score when it is not 1): a = w (R - sum e) / (w n + model_weight)
    a = g.group_by("_m").agg(_se=pl.col("_e").sum(), _wt=pl.col("w").first()).join(models, on="_m").select(
        "_m", _a=(pl.col("_wt") * (pl.col("_r") - pl.col("_se") / _SCALE) / (pl.col("_wt") * pl.col("_n") + model_weight) * _SCALE)
        .round().cast(pl.Int64))
    return g.join(a, on="_m").with_columns(a=pl.col("_a") / _SCALE, e=pl.col("_e") / _SCALE).drop("_m", "_yq", "_linked", "_a", "_e", "_nl")


def board_means(g: pl.DataFrame) -> pl.DataFrame:
    """`mu` per board (category_slug) of scores with their log-odds in 1e-6 (`_yq`) and whether their model has
    another score on the board (`_linked`): the mean over the board's benchmarks of each one's mean log-odds, of the
    benchmarks a linked model scores (whose difficulty the fit measures; all of them on a board with none). A
    board's mean is what "a benchmark of the board's average difficulty" scores, and every model's fit is shrunk
    towards it: a mean over scores moved with the number of models a source lists (the Open LLM Leaderboard's
    hundreds of small open models, each with one Science and one Composite score there, pulled both boards' means
    down and every one-score model's fit with them, below the fits of models with more scores); a benchmark no
    linked model scores (FlenQA, two models' 97s) says nothing of the board's difficulty, its own being unknown.
    Each benchmark's mean is rounded to 1e-6 first, so the sum is exact in any order."""
    any_linked = pl.col("_linked").any().over("category_slug")
    per_benchmark = g.filter(pl.col("_linked") | ~any_linked).group_by("category_slug", "benchmark_id").agg(
        _bq=(pl.col("_yq").sum() / pl.len()).round().cast(pl.Int64))
    return per_benchmark.group_by("category_slug").agg(mu=pl.col("_bq").sum() / pl.len() / _Y_SCALE)


def _pair_sums(rows: pl.DataFrame, size: int) -> np.ndarray:
    """C of `fit_effects` for one board, in units of 1/_W_SCALE: for each pair of benchmark indices (i, j), the
    sum of `_v` over the models (`_m`) with a score on both, `rows` one per score (_m, _i, _v). A model with n
    scores makes n * n pairs: they are summed PAIR_ROWS at a time (bounded memory at any scale), each part's
    sums integers below 2**53 (PAIR_ROWS models of weight at most _W_SCALE), exact in float64 in any order."""
    parts = rows.group_by("_m").agg(_k=pl.len()).sort("_m").select("_m", _part=(pl.col("_k") ** 2).cum_sum() // PAIR_ROWS)
    sums = np.zeros(size * size, dtype=np.int64)
    for part in rows.join(parts, on="_m").partition_by("_part", include_key=False):
        pairs = part.join(part.select("_m", _j="_i"), on="_m").select(_cell=pl.col("_i") * size + pl.col("_j"), _v="_v")
        sums += np.bincount(pairs["_cell"].to_numpy(), weights=pairs["_v"].to_numpy().astype(np.float64), minlength=size * size).astype(np.int64)
    return sums.reshape(size, size).astype(np.float64)


def estimate_prior_weights(s: pl.DataFrame, iterations: int = 100, tolerance: float = 1e-4) -> tuple[float, float]:
    """The prior weights (model, benchmark) of one board's scores `s` (as `fit_effects` takes them): the
    residual variance over the variance of the models' (benchmarks') effects, by expectation-maximisation on
    y = mu + a + e + noise with a, e and the noise normal. Each round fits with the current weights, then sets
    each variance to its expected value given the fit: the noise's from the residuals plus the variance the
    effects still leave, sigma2 * (sum n/(n + k) over models and linked benchmarks), over the scores; a model's
    (a benchmark's, over those a linked model has) from its effect squared plus its posterior variance
    sigma2 / (n + k). The posterior variances treat models and benchmarks apart (the crossed design's
    covariances are left out): on boards drawn from the model this recovers the weights within a fifth. Used
    to set MODEL_PRIOR_WEIGHT and BENCHMARK_PRIOR_WEIGHT, not in the build."""
    km = kb = 1.0
    sigma2 = s.select(logit(pl.col("normalized_score")).var()).item()
    for _ in range(iterations):
        fitted = fit_effects(s, km, kb)
        linked = fitted.filter(pl.len().over("model_id") > 1)
        models = fitted.group_by("model_id").agg(a=pl.col("a").first(), n=pl.col("w").sum())
        benches = linked.group_by("benchmark_id").agg(e=pl.col("e").first(), n=pl.len())
        rss = fitted.select(((pl.col("y") - pl.col("mu") - pl.col("a") - pl.col("e")) ** 2).sum()).item()
        used = models.select((pl.col("n") / (pl.col("n") + km)).sum()).item() + benches.select((pl.col("n") / (pl.col("n") + kb)).sum()).item()
        sigma2 = (rss + sigma2 * used) / fitted.height
        tau_m = models.select((pl.col("a") ** 2 + sigma2 / (pl.col("n") + km)).mean()).item()
        tau_b = benches.select((pl.col("e") ** 2 + sigma2 / (pl.col("n") + kb)).mean()).item()
        new_km, new_kb = sigma2 / tau_m, sigma2 / tau_b
        done = abs(new_km - km) < tolerance and abs(new_kb - kb) < tolerance
        km, kb = new_km, new_kb
        if done:
            break
    return km, kb


def release_key(version: pl.Expr, benchmark: pl.Expr) -> pl.Expr:
    """The benchmark a score is compared on, of the scores framed: the benchmark itself for a score on its current
    release, or of a benchmark whose scores name no dated release (`benchmark_version` an ISO date: LiveBench's
    releases); `<benchmark>@<release>` for a score of an older release, `<benchmark>@unnamed` for one whose
    release is not said. A release replaces questions and shifts every score (the 63 models on both LiveBench
    releases recorded lost 4.5 points on average from 2025-11-25 to 2026-01-08): a score of another release is
    a benchmark of its own, whose difficulty the fit measures on the models with another score on the board.
    A score that names its window of LiveCodeBench's problems (`_settings.problem_window`) is compared on that
    window only: DeepSeek-R1-0528's 73.3 on 2024-08/2025-05 with DeepSeek-V3.1's 56.4 there, not with Grok 3's
    79.4 on problems of another window."""
    day = version.str.to_date("%Y-%m-%d", strict=False)
    newest = day.max().over(benchmark)
    # each window of problems is a benchmark of its own; the scores whose window is not said stay the benchmark's
    window = version.str.contains(r"^\d{4}-\d{2}/\d{4}-\d{2}$").fill_null(False)
    current = ~window & (newest.is_null() | (day == newest).fill_null(False))
    return pl.when(current).then(benchmark).otherwise(pl.format("{}@{}", benchmark, version.fill_null("unnamed")))


def leaderboards(scores: pl.DataFrame, benchmarks: pl.DataFrame, categories: pl.DataFrame, models: pl.DataFrame) -> pl.DataFrame:
    """average = mean normalizedScore over the category's benchmarks the model has;
    coverage = scoreCount / benchmarkCount * 100 (API.md).

    Ranking adjusts for which benchmarks a model was scored on and for thin coverage (`fit_effects`):
    rankScore = expit(boardMean + the model's effect), the score the fit expects of the model on a benchmark of
    the board's average difficulty. A model scored only on easy, older benchmarks (GPT-4's MMLU 86) no longer
    tops a board whose newer models are scored on hard ones (HLE, ARC-AGI-2), and a model with one score is
    pulled towards the board's mean by as much as one score leaves in doubt. Rank: rankScore desc, then average
    desc, coverage desc, name.

    The interval the method implies: with the fit's residual standard deviation r (log-odds) on the board (over
    the scores of models with another score there; the All board's where it has fewer than two), the
    model's log-odds are uncertain by r / sqrt(n + MODEL_PRIOR_WEIGHT), n its scores in the fit (each counted
    as `w`: a model's one score on a benchmark whose effect little measures counts for little);
    interval_low/high are expit of its log-odds -/+ INTERVAL_Z times that.
    benchmark_ranks: for each of the model's scores in the fit, its rank on that benchmark (1 = best
    normalised score, ties share a rank) among `of` models, on its release (`benchmark_version`, the score's).

    The fit and the ranks see scores under each benchmark's protocol only (`off_protocol`); a score with tools,
    over several attempts or on a subset of the questions, published where nothing else was, counts in average
    and score_count alone, and a model with no other score on the board gets the board's mean. A score on an
    older release of a benchmark whose releases replace its questions is compared as a benchmark of its own
    (`release_key`): GPT-5.1 Codex Max's LiveBench 76.5 is of the release of 2025-11-25, on which LiveBench's
    models scored 4.5 points more than on the current one, and no longer tops the Composite board.
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
    version = pl.col("benchmark_version") if "benchmark_version" in scores.columns else pl.lit(None, pl.String)
    s = scores.select("model_id", "benchmark_id", "normalized_score", _comparable=~off_protocol(variant),
                      _compared_on=release_key(version, pl.col("benchmark_id")), _version=version).join(
        per_bench.drop("category"), on="benchmark_id")
    by_cat = pl.concat([s, s.with_columns(category_slug=pl.lit("all"))])
    # the fit and the benchmark ranks compare runs under each benchmark's protocol only: a score with tools on a
    # benchmark answered without them, over several attempts (R1 distills' AIME 2024 cons@64), on a subset of
    # its questions (HLE's text-only), is published
    # (the dedupe's last resort) and counted in `average`, but neither moves a model's effect nor ranks on its benchmark
    # a score of an older release is fitted as a benchmark of its own (`release_key`)
    comparable = by_cat.filter("_comparable").with_columns(benchmark_id="_compared_on").drop("_comparable", "_compared_on", "_version")
    # residuals (log-odds) in thousandths, squared and summed as integers (exact in any order)
    fitted = fit_effects(comparable).with_columns(
        _resid=((pl.col("y") - pl.col("mu") - pl.col("a") - pl.col("e")) * 1000).round().cast(pl.Int64))
    # the noise: the residual standard deviation (sample: n - 1) of the scores of models with another score on the
    # board. A model's one score is mostly absorbed by its own effect and says little of the noise: over every
    # score, Science's (27 of 232 models linked) came to 0.32 against its linked models' 0.57, and its intervals
    # were too narrow. A board with fewer than two such scores takes the All board's.
    spread = (
        fitted.filter(pl.len().over("category_slug", "model_id") > 1).group_by("category_slug")
        .agg(_ss=(pl.col("_resid") * pl.col("_resid")).sum(), _n=pl.len()).filter(pl.col("_n") > 1)
        .select("category_slug", resid_sd=(pl.col("_ss") / (pl.col("_n") - 1)).sqrt() / 1000)
    )
    overall_sd = spread.filter(pl.col("category_slug") == "all")["resid_sd"]
    overall_sd = overall_sd.item() if overall_sd.len() else 0.0
    info = models.select(model_id="id", model_name="name", provider="provider", release_date="release_date")
    ranks = (
        s.filter("_comparable").with_columns(
            # ranked among the scores of its release (`release_key`)
            rank=pl.col("normalized_score").rank("min", descending=True).over("_compared_on").cast(pl.Int64),
            of=pl.len().over("_compared_on").cast(pl.Int64),
        )
        .select("model_id", "benchmark_id", "category_slug", "rank", "of", benchmark_version="_version")
    )
    per_board = pl.concat([ranks, ranks.with_columns(category_slug=pl.lit("all"))]).sort("benchmark_id").group_by(
        "category_slug", "model_id"
    ).agg(benchmark_ranks=pl.struct("benchmark_id", "rank", "of", "benchmark_version"))
    fit = fitted.group_by("category_slug", "model_id").agg(_fit=(pl.col("mu") + pl.col("a")).first(), _fit_count=pl.col("w").sum())
    board_mean = fitted.group_by("category_slug").agg(_mu=pl.col("mu").first())
    return (
        by_cat.with_columns(_tenths=(pl.col("normalized_score") * 10).round().cast(pl.Int64))
        # sums in tenths (normalised scores have one decimal): integers add up exactly in any order
        .group_by("category_slug", "model_id")
        .agg(total=pl.col("_tenths").sum() / 10, score_count=pl.len())
        .join(fit, on=["category_slug", "model_id"], how="left")
        # a model with no comparable score on the board: no effect (the board's mean), as wide an interval as any
        .join(board_mean, on="category_slug", how="left")
        .with_columns(_fit=pl.coalesce("_fit", "_mu"), _fit_count=pl.col("_fit_count").fill_null(0))
        .join(spread, on="category_slug", how="left")
        .join(bench_counts, on="category_slug")
        .join(info, on="model_id")
        .join(per_board, on=["category_slug", "model_id"], how="left")
        .with_columns(
            # a model with no comparable score on the board ranks on none of its benchmarks
            benchmark_ranks=pl.col("benchmark_ranks").fill_null(pl.lit([], dtype=per_board.schema["benchmark_ranks"])),
            average=one_decimal(pl.col("total") / pl.col("score_count")),
            coverage=one_decimal(pl.col("score_count") / pl.col("benchmark_count") * 100),
            _half=INTERVAL_Z * pl.col("resid_sd").fill_null(overall_sd) / (pl.col("_fit_count") + MODEL_PRIOR_WEIGHT).sqrt(),
        )
        .with_columns(
            # a board with no comparable score at all has no fit: its entries stand at their average
            rank_score=one_decimal(pl.coalesce(expit(pl.col("_fit")), "average")),
            interval_low=one_decimal(pl.coalesce(expit(pl.col("_fit") - pl.col("_half")), "average")),
            interval_high=one_decimal(pl.coalesce(expit(pl.col("_fit") + pl.col("_half")), "average")),
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
        .with_columns(coverage=one_decimal(pl.col("n").fill_null(0) / benchmark_count * 100))
        .drop("n")
    )
