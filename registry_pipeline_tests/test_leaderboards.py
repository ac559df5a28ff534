"""Leaderboards: the benchmark-adjusted ranking, its interval and the per-benchmark ranks, on boards small
enough to check by hand and against an independent fit."""

from __future__ import annotations

import math
import random

import polars as pl
import pytest

from registry_pipeline.transform import leaderboards as leaderboards_module
from registry_pipeline.transform.leaderboards import (
    BENCHMARK_PRIOR_WEIGHT, INTERVAL_Z, MODEL_PRIOR_WEIGHT, estimate_prior_weights, leaderboards,
)
from registry_pipeline_tests.leaderboard_reference import log_odds, on_score_scale, reference_fit

CATEGORIES = pl.DataFrame({"slug": ["coding"], "name": ["Coding"]})


def _inputs(scores: dict[tuple[str, str], float]) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """leaderboards()'s scores, benchmarks, categories and models for `scores`, every benchmark on Coding."""
    benches = sorted({b for _, b in scores})
    models = sorted({m for m, _ in scores})
    frame = pl.DataFrame({"model_id": [m for m, _ in scores], "benchmark_id": [b for _, b in scores],
                          "normalized_score": list(scores.values())})
    return (
        frame, pl.DataFrame({"id": benches, "category": ["Coding"] * len(benches)}), CATEGORIES,
        pl.DataFrame({"id": models, "name": [m.upper() for m in models], "provider": ["P"] * len(models), "release_date": [None] * len(models)},
                     schema={"id": pl.String, "name": pl.String, "provider": pl.String, "release_date": pl.Date}),
    )


def _board(scores: dict[tuple[str, str], float]) -> dict[str, dict]:
    board = leaderboards(*_inputs(scores)).filter(pl.col("category_slug") == "coding")
    return {r["model_id"]: r for r in board.iter_rows(named=True)}


def test_a_board_no_model_links_takes_the_noise_of_the_all_board():
    """On Coding, two models have one score each on two benchmarks: no model has another score there, so the
    board says nothing of the fit's noise. Both have a Math score too, as have the others, so the All board
    does: Coding's intervals take its residual standard deviation, not a zero width."""
    scores = {("p", "c1"): 70.0, ("q", "c2"): 55.0, ("p", "m1"): 80.0, ("q", "m1"): 60.0}
    scores |= {(f"m{i}", "m1"): 40.0 + 5 * i for i in range(6)} | {(f"m{i}", "m2"): 35.0 + 6 * i for i in range(6)}
    frame, _, _, models = _inputs(scores)
    benches = pl.DataFrame({"id": ["c1", "c2", "m1", "m2"], "category": ["Coding", "Coding", "Math", "Math"]})
    cats = pl.DataFrame({"slug": ["coding", "math"], "name": ["Coding", "Math"]})
    board = {(r["category_slug"], r["model_id"]): r for r in leaderboards(frame, benches, cats, models).iter_rows(named=True)}
    mu, a, e = reference_fit(scores)  # the All board
    linked = {m for m, _ in scores if sum(k[0] == m for k in scores) > 1}
    resid = [log_odds(y) - mu - a[m] - e[b] for (m, b), y in scores.items() if m in linked]
    sd = math.sqrt(sum(r * r for r in resid) / (len(resid) - 1))
    c_mu, c_a, _ = reference_fit({k: y for k, y in scores.items() if k[1] in ("c1", "c2")})
    w = BENCHMARK_PRIOR_WEIGHT / (1 + BENCHMARK_PRIOR_WEIGHT)  # c1 and c2: no model with another Coding score
    half = INTERVAL_Z * sd / math.sqrt(w + MODEL_PRIOR_WEIGHT)
    for m in "pq":
        row = board[("coding", m)]
        assert row["rank_score"] == pytest.approx(on_score_scale(c_mu + c_a[m]), abs=0.051)
        assert (row["interval_low"], row["interval_high"]) == (
            pytest.approx(on_score_scale(c_mu + c_a[m] - half), abs=0.051), pytest.approx(on_score_scale(c_mu + c_a[m] + half), abs=0.051))


def test_a_model_scored_only_on_an_easy_benchmark_does_not_top_the_board():
    """Eight newer models are scored on an easy benchmark (85-92) and a hard one (40-61); an older model only
    on the easy one (90). The plain average ranks the older model first (90 against at most 76.5); the fit
    sees that the easy benchmark is easy and ranks the older model where its 90 there puts it: beside new5,
    who also made 90 on it, below the two that beat it there, above the five it beat."""
    scores = {("old", "easy"): 90.0}
    for i in range(8):
        scores[(f"new{i}", "easy")] = 85.0 + i
        scores[(f"new{i}", "hard")] = 40.0 + 3 * i
    board = _board(scores)
    assert board["old"]["average"] == max(r["average"] for r in board.values())
    ranked = [m for m, _ in sorted(board.items(), key=lambda kv: kv[1]["rank"])]
    assert ranked[:2] == ["new7", "new6"] and set(ranked[2:4]) == {"new5", "old"}
    # rank_score is the expected score at the fit's mu + a (rounded), the fit the plain reference computes
    mu, a, e = reference_fit(scores)
    assert e["easy"] > 0 > e["hard"]
    for m, row in board.items():
        assert row["rank_score"] == pytest.approx(on_score_scale(mu + a[m]), abs=0.051)


def test_one_score_is_pulled_to_the_mean_by_the_prior_weight_and_its_interval_is_wider():
    # a: 90 and 70; b: 80 and 80; c: one score, 100 (taken as 99: a 100 has no log-odds)
    scores = {("a", "b1"): 90.0, ("a", "b2"): 70.0, ("b", "b1"): 80.0, ("b", "b2"): 80.0, ("c", "b1"): 100.0}
    board = _board(scores)
    mu, a, e = reference_fit(scores)
    # the board's mean is its benchmarks' mean: b1's three scores and b2's two count as one benchmark each
    assert mu == pytest.approx((sum(map(log_odds, [90, 80])) / 2 + sum(map(log_odds, [70, 80])) / 2) / 2)
    for m in "abc":
        assert board[m]["rank_score"] == pytest.approx(on_score_scale(mu + a[m]), abs=0.051)
    # c's one score has no say in b1's effect, which a's and b's two scores tell as well as two scores can: it
    # counts for w = (2 + kb) / (3 + kb) of a score, and c keeps w / (w + km) of what is left after b1's effect
    w = (2 + BENCHMARK_PRIOR_WEIGHT) / (3 + BENCHMARK_PRIOR_WEIGHT)
    assert a["c"] == pytest.approx(w * (log_odds(99) - mu - e["b1"]) / (w + MODEL_PRIOR_WEIGHT))
    # it beat both others on b1 and ranks first, below its own 99
    assert board["c"]["rank"] == 1 and board["c"]["rank_score"] < 99
    # the noise from the scores of the models with another score on the board (a and b): c's one score is
    # mostly its own effect's and says little of it
    resid = [log_odds(y) - mu - a[m] - e[b] for (m, b), y in scores.items() if m != "c"]
    sd = math.sqrt(sum(r * r for r in resid) / (len(resid) - 1))
    half = {m: INTERVAL_Z * sd / math.sqrt(n + MODEL_PRIOR_WEIGHT) for m, n in {"a": 2, "b": 2, "c": w}.items()}
    for m in "abc":
        assert board[m]["interval_low"] == pytest.approx(on_score_scale(mu + a[m] - half[m]), abs=0.051)
        assert board[m]["interval_high"] == pytest.approx(on_score_scale(mu + a[m] + half[m]), abs=0.051)
    # wider on the log-odds scale for one score than for two (near 100 the score scale squeezes every interval)
    assert half["c"] > half["a"]
    # ties on rank_score fall to average, then coverage, then name; ranks are 1..n
    assert sorted(r["rank"] for r in board.values()) == [1, 2, 3]
    # ranks on each benchmark: b1 = c 100 (1), a 90 (2), b 80 (3); b2 = b 80 (1), a 70 (2)
    ranks = {m: {x["benchmark_id"]: (x["rank"], x["of"]) for x in r["benchmark_ranks"]} for m, r in board.items()}
    assert ranks == {"a": {"b1": (2, 3), "b2": (2, 2)}, "b": {"b1": (3, 3), "b2": (1, 2)}, "c": {"b1": (1, 3)}}


def test_models_with_one_score_on_the_board_move_no_other_models_fit():
    """The build of every recording's Composite board, in small: frontier models with one score on LiveBench, one
    with three on Artificial Analysis' indices, and models linking the indices, LiveBench and the Open LLM
    Leaderboard's average (a scale of its own, its normalised scores low). When the leaderboard's small open models
    became models (each with that average as its one Composite score), the board's mean over every score fell with
    them, every one-score model's fit with it and more than the three-score model's: it took the lead. The board's
    mean is its benchmarks' mean over the scores of models with another score, so a hundred more one-score models
    change no other model's fit, and take their places among them by their own."""
    scores = {(f"f{i}", "livebench"): 76.0 - i for i in range(4)}
    scores |= {("o3-mini", "aa-coding"): 55.8, ("o3-mini", "aa-intelligence"): 62.9, ("o3-mini", "aa-math"): 87.2}
    for i in range(8):
        scores |= {(f"l{i}", "livebench"): 40.0 + 4 * i, (f"l{i}", "aa-intelligence"): 30.0 + 4 * i,
                   (f"l{i}", "aa-coding"): 25.0 + 4 * i, (f"l{i}", "aa-math"): 35.0 + 6 * i, (f"l{i}", "oll-average"): 20.0 + 3 * i}
    before = _board(scores)
    small = {(f"s{i:03d}", "oll-average"): 5.0 + (i % 20) for i in range(150)}
    after = _board(scores | small)
    for m, row in before.items():
        assert after[m]["rank_score"] == row["rank_score"], m
    kept = [m for m, _ in sorted(after.items(), key=lambda kv: kv[1]["rank"]) if m in before]
    assert kept == [m for m, _ in sorted(before.items(), key=lambda kv: kv[1]["rank"])]
    mu, a, _ = reference_fit(scores | small)
    for m, row in after.items():
        assert row["rank_score"] == pytest.approx(on_score_scale(mu + a[m]), abs=0.051)


def test_the_board_is_the_same_whatever_order_the_scores_come_in():
    scores = {(f"m{i}", f"b{j}"): float((i * 7 + j * 13) % 100) for i in range(30) for j in range(6) if (i + j) % 3}
    frame = pl.DataFrame({"model_id": [m for m, _ in scores], "benchmark_id": [b for _, b in scores], "normalized_score": list(scores.values())})
    benches = pl.DataFrame({"id": [f"b{j}" for j in range(6)], "category": ["Coding"] * 6})
    models = pl.DataFrame({"id": [f"m{i}" for i in range(30)], "name": [f"M{i}" for i in range(30)], "provider": ["P"] * 30,
                           "release_date": [None] * 30}, schema={"id": pl.String, "name": pl.String, "provider": pl.String, "release_date": pl.Date})
    one = leaderboards(frame, benches, CATEGORIES, models)
    other = leaderboards(frame.sample(fraction=1.0, shuffle=True, seed=7), benches, CATEGORIES, models)
    assert one.equals(other)


def test_the_board_is_the_same_whatever_number_of_pairs_is_summed_at_a_time(monkeypatch):
    """The benchmark pairs the models share are summed PAIR_ROWS at a time (memory at 100x): a handful at a
    time, every part's sums add up to the same board."""
    scores = {(f"m{i}", f"b{j}"): float((i * 11 + j * 17) % 97) for i in range(25) for j in range(7) if (i * j) % 4 != 1}
    whole = leaderboards_module.leaderboards(*_inputs(scores))
    monkeypatch.setattr(leaderboards_module, "PAIR_ROWS", 5)
    assert leaderboards_module.leaderboards(*_inputs(scores)).equals(whole)


def test_a_score_off_the_benchmarks_protocol_counts_in_the_average_but_not_in_the_ranking():
    """An R1 distill's AIME-like score is a cons@64 vote (90), its other score a single attempt; a second model
    has only a with-tools score. Both are published (the dedupe's last resort) and count in `average` and
    `scoreCount`, but the fit and the per-benchmark ranks see comparable runs only: the distill ranks on its
    single attempt, the tools-only model sits at the board's mean with the widest interval."""
    scores = {}
    for i in range(8):
        scores[(f"new{i}", "easy")] = 85.0 + i
        scores[(f"new{i}", "hard")] = 40.0 + 3 * i
    comparable = {**scores, ("distill", "easy"): 80.0}
    rows = [(m, b, y, None) for (m, b), y in comparable.items()] + [("distill", "hard", 90.0, "cons@64"), ("tools", "hard", 95.0, "with tools")]
    frame = pl.DataFrame(rows, schema={"model_id": pl.String, "benchmark_id": pl.String, "normalized_score": pl.Float64, "variant": pl.String}, orient="row")
    models = sorted({r[0] for r in rows})

    def board_of(frame: pl.DataFrame) -> dict[str, dict]:
        board = leaderboards(
            frame, pl.DataFrame({"id": ["easy", "hard"], "category": ["Coding"] * 2}), CATEGORIES,
            pl.DataFrame({"id": models, "name": [m.upper() for m in models], "provider": ["P"] * len(models), "release_date": [None] * len(models)},
                         schema={"id": pl.String, "name": pl.String, "provider": pl.String, "release_date": pl.Date}),
        ).filter(pl.col("category_slug") == "coding")
        return {r["model_id"]: r for r in board.iter_rows(named=True)}

    by = board_of(frame)
    mu, a, e = reference_fit(comparable)
    for m in a:
        assert by[m]["rank_score"] == pytest.approx(on_score_scale(mu + a[m]), abs=0.051)
    assert (by["distill"]["average"], by["distill"]["score_count"]) == (85.0, 2)
    # its vote of 90 on the hard benchmark, taken for a single attempt, would have ranked it above the best new model
    plain = board_of(frame.with_columns(variant=pl.lit(None, pl.String)))
    assert plain["distill"]["rank"] < plain["new7"]["rank"] and by["distill"]["rank"] > by["new7"]["rank"]
    assert [x["benchmark_id"] for x in by["distill"]["benchmark_ranks"]] == ["easy"]
    assert by["tools"]["rank_score"] == pytest.approx(on_score_scale(mu), abs=0.051) and by["tools"]["benchmark_ranks"] == []
    assert {x["of"] for r in by.values() for x in (r["benchmark_ranks"] or []) if x["benchmark_id"] == "hard"} == {8}
    width = {m: r["interval_high"] - r["interval_low"] for m, r in by.items()}
    assert width["tools"] == max(width.values())


def test_a_benchmark_only_weak_models_report_does_not_look_hard():
    """The Composite board's two big populations, in small: open models whose only score there is the Open LLM
    Leaderboard v2 average, frontier models whose only score is LiveBench's global average, a few models scored
    on both. A benchmark's effect measured on every score took the first population's low mean for difficulty
    (in the build of every recording Qwen2.5-32B-Instruct's 46.6 there ranked above Claude Opus 4.6's 76.3 on
    LiveBench). Measured on the models scored on both, the benchmarks differ as those models say."""
    scores = {(f"open{i}", "oll"): 20.0 + i for i in range(27)}
    scores |= {(f"frontier{i}", "livebench"): 60.0 + i for i in range(17)}
    for i, (oll, live) in enumerate([(35.0, 40.0), (42.0, 48.0), (45.0, 52.0)]):  # scored on both
        scores[(f"both{i}", "oll")], scores[(f"both{i}", "livebench")] = oll, live
    board = _board(scores)
    mu, a, e = reference_fit(scores)
    for m, row in board.items():
        assert row["rank_score"] == pytest.approx(on_score_scale(mu + a[m]), abs=0.051)
    # the benchmarks' difference is what the three models on both say (about 6 points, 0.2-0.3 in log-odds), not
    # the populations' 35 (1.8)
    said = [log_odds(live) - log_odds(oll) for oll, live in [(35.0, 40.0), (42.0, 48.0), (45.0, 52.0)]]
    assert min(said) - 0.1 < e["livebench"] - e["oll"] < max(said) + 0.1
    ranked = [m for m, _ in sorted(board.items(), key=lambda kv: kv[1]["rank"])]
    assert ranked.index("open26") > ranked.index("frontier0")  # the best small open model (46) below the weakest frontier one (60)


def test_a_model_is_ranked_by_how_well_it_scores_not_by_how_many_scores_it_has():
    """The build of every recording's Science board, in small: most models have one score there, GPQA Diamond;
    o1 has it (76.0) and three GPQA subjects no other model reports. With each effect shrunk as if it had
    three more scores at the board's mean, o1's four scores kept 4/7 of their distance from that mean and a
    single 94.3 kept 1/4: o1 ranked first there, above the 27 models that beat it on GPQA Diamond (here, above
    five of the ten). A benchmark only o1 reports says little about o1 against the others; the models that
    beat it on the one they share rank above it."""
    diamond = [94.3, 92.6, 91.4, 88.4, 87.0, 86.4, 85.7, 84.0, 81.4, 78.0, 72.0, 65.0, 59.0, 51.0, 44.0, 38.0, 30.0, 25.0]
    scores = {(f"m{i:02d}", "gpqa-diamond"): y for i, y in enumerate(diamond)}
    scores |= {("o1", "gpqa-diamond"): 76.0, ("o1", "gpqa-biology"): 69.2, ("o1", "gpqa-chemistry"): 64.7, ("o1", "gpqa-physics"): 92.8}
    # a few models scored on a second benchmark of the board link it (the weak ones, as the Open LLM Leaderboard's)
    scores |= {(f"m{i:02d}", "mmlu-pro-sci"): diamond[i] - 10 for i in range(12, 18)}
    board = _board(scores)
    ranked = [m for m, _ in sorted(board.items(), key=lambda kv: kv[1]["rank"])]
    beat_o1 = {m for (m, b), y in scores.items() if b == "gpqa-diamond" and y > 76.0}
    assert set(ranked[: len(beat_o1)]) == beat_o1 and ranked[len(beat_o1)] == "o1"
    mu, a, _ = reference_fit(scores)
    for m, row in board.items():
        assert row["rank_score"] == pytest.approx(on_score_scale(mu + a[m]), abs=0.051)


def test_one_score_on_a_benchmark_no_other_model_links_is_held_near_the_mean():
    """The build of every recording's Long Context board, in small: models scored on two benchmarks, and
    Phi-4-reasoning and its plus with one score each on FlenQA (97.7, 97.9), which no other model reports.
    Nothing says how easy FlenQA is, so its effect is 0 (average difficulty) and, taken at face value, the
    two 97s led the board. Their scores say how good the two are only up to FlenQA's unknown difficulty: each
    counts for kb / (1 + kb) of a score, and they rank below the model with 94 on benchmarks others share,
    level with the one with 87, above the mean."""
    scores = {}
    for i in range(10):
        scores[(f"m{i}", "mrcr")] = 30.0 + 7 * i
        scores[(f"m{i}", "graphwalks")] = 40.0 + 6 * i
    scores[("phi-4-reasoning", "flenqa")], scores[("phi-4-reasoning-plus", "flenqa")] = 97.7, 97.9
    board = _board(scores)
    mu, a, e = reference_fit(scores)
    for m, row in board.items():
        assert row["rank_score"] == pytest.approx(on_score_scale(mu + a[m]), abs=0.051)
    assert e["flenqa"] == 0
    w = BENCHMARK_PRIOR_WEIGHT / (1 + BENCHMARK_PRIOR_WEIGHT)
    assert a["phi-4-reasoning-plus"] == pytest.approx(w * (log_odds(97.9) - mu) / (w + MODEL_PRIOR_WEIGHT))
    ranked = [m for m, _ in sorted(board.items(), key=lambda kv: kv[1]["rank"])]
    assert ranked[0] == "m9" and board["phi-4-reasoning"]["rank_score"] > on_score_scale(mu)
    # at face value (a whole score) the 97.9 would lead, far above m9
    assert on_score_scale(mu + (log_odds(97.9) - mu) / (1 + MODEL_PRIOR_WEIGHT)) > board["m9"]["rank_score"] + 2
    assert abs(board["phi-4-reasoning-plus"]["rank_score"] - board["m8"]["rank_score"]) < 2
    width = {m: r["interval_high"] - r["interval_low"] for m, r in board.items()}
    assert width["phi-4-reasoning-plus"] > width["m5"]
    # on a board of FlenQA alone, FlenQA's effect is 0 by the board's mean: each score counts as one
    alone = _board({key: y for key, y in scores.items() if key[1] == "flenqa"})
    mu, a, _ = reference_fit({key: y for key, y in scores.items() if key[1] == "flenqa"})
    assert a["phi-4-reasoning-plus"] == pytest.approx((log_odds(97.9) - mu) / (1 + MODEL_PRIOR_WEIGHT))
    assert alone["phi-4-reasoning-plus"]["rank_score"] == pytest.approx(on_score_scale(mu + a["phi-4-reasoning-plus"]), abs=0.051)


def test_the_prior_weights_are_recovered_from_boards_drawn_from_the_model():
    """Boards drawn from y = mu + a + e + noise in log-odds, with the spreads of the build of every recording's
    All board (models 1.1, benchmarks 1.4, noise 0.55: weights 0.25 and 0.15), each model scored on a handful
    of 150 benchmarks (one in eight on one only): the estimate lands within a fifth of the truth."""
    rng = random.Random(11)
    sd_model, sd_bench, sd_noise = 1.1, 1.4, 0.55
    for _ in range(2):
        bench = [rng.gauss(0, sd_bench) for _ in range(150)]
        rows = []
        for m in range(400):
            effect, taken = rng.gauss(0, sd_model), 1 + min(int(rng.expovariate(1 / 7)), 149)
            for b in rng.sample(range(150), taken):
                z = effect + bench[b] + rng.gauss(0, sd_noise)
                rows.append((f"m{m}", f"b{b}", 100 / (1 + math.exp(-z))))
        s = pl.DataFrame(rows, schema={"model_id": pl.String, "benchmark_id": pl.String, "normalized_score": pl.Float64}, orient="row")
        km, kb = estimate_prior_weights(s.with_columns(category_slug=pl.lit("all")))
        assert km == pytest.approx(sd_noise**2 / sd_model**2, rel=0.2)
        assert kb == pytest.approx(sd_noise**2 / sd_bench**2, rel=0.2)


def test_a_score_on_an_older_release_is_fitted_and_ranked_as_a_benchmark_of_its_own():
    """LiveBench replaces its questions with each release: the models on both releases recorded scored 4.5
    points less on 2026-01-08 than on 2025-11-25. A model published at its older release's figure (LiveBench did
    not run GPT-5.1 Codex Max on the newer one) is not compared with the newer release's figures: that release
    is a benchmark of its own to the fit (`release_key`), whose difficulty the models with another score
    measure, and its ranks count its own release only. A figure whose release is not said is one too; a
    benchmark without dated releases (tau2-bench's "0.1.3") is one benchmark."""
    scores, versions = {}, {}
    for i in range(8):
        scores[(f"m{i}", "live")], versions[(f"m{i}", "live")] = 50.0 + 3 * i, "2026-01-08"
        scores[(f"m{i}", "other")], versions[(f"m{i}", "other")] = 45.0 + 4 * i, None
    for i in (0, 1):  # two models scored on the older release only, with another score on the board
        scores[(f"old{i}", "live")], versions[(f"old{i}", "live")] = 75.0 + i, "2025-11-25"
        scores[(f"old{i}", "other")], versions[(f"old{i}", "other")] = 50.0 + 5 * i, None
    scores[("unsaid", "live")], versions[("unsaid", "live")] = 80.0, None
    scores[("unsaid", "other")], versions[("unsaid", "other")] = 52.0, None
    frame = pl.DataFrame([(m, b, y, versions[(m, b)]) for (m, b), y in scores.items()],
                         schema={"model_id": pl.String, "benchmark_id": pl.String, "normalized_score": pl.Float64,
                                 "benchmark_version": pl.String}, orient="row")
    _, benches, cats, models = _inputs(scores)
    board = {r["model_id"]: r for r in leaderboards(frame, benches, cats, models).filter(pl.col("category_slug") == "coding").iter_rows(named=True)}
    # the fit of an independent implementation over the releases as benchmarks
    key = {k: (k[1] if versions[k] == "2026-01-08" or k[1] == "other" else f"live@{versions[k] or 'unnamed'}") for k in scores}
    mu, a, _ = reference_fit({(m, key[(m, b)]): y for (m, b), y in scores.items()})
    for m in a:
        assert board[m]["rank_score"] == pytest.approx(on_score_scale(mu + a[m]), abs=0.051), m
    # their 76 and 80 on the easier and the unsaid release, compared as the newer release's, would rank them above m5
    merged = {r["model_id"]: r for r in leaderboards(frame.drop("benchmark_version"), benches, cats, models)
              .filter(pl.col("category_slug") == "coding").iter_rows(named=True)}
    for m in ("old1", "unsaid"):
        assert merged[m]["rank"] < merged["m5"]["rank"] and board[m]["rank"] > board["m5"]["rank"], m
    live_ranks = {m: [(x["rank"], x["of"]) for x in r["benchmark_ranks"] if x["benchmark_id"] == "live"] for m, r in board.items()}
    assert live_ranks["old1"] == [(1, 2)] and live_ranks["old0"] == [(2, 2)] and live_ranks["unsaid"] == [(1, 1)]
    assert live_ranks["m7"] == [(1, 8)]
    # the average is the plain mean of what is published
    assert board["old1"]["average"] == (76.0 + 55.0) / 2
    # versions that are not dated releases (tau2-bench's) leave one benchmark
    tau = frame.with_columns(benchmark_version=pl.when(pl.col("benchmark_version").is_not_null()).then(pl.lit("0.1.3")))
    one = leaderboards(frame.drop("benchmark_version"), benches, cats, models)
    tau_board = leaderboards(tau, benches, cats, models)
    assert tau_board.drop("benchmark_ranks").equals(one.drop("benchmark_ranks"))
    strip = pl.col("benchmark_ranks").list.eval(pl.struct(
        pl.element().struct.field("benchmark_id"), pl.element().struct.field("rank"), pl.element().struct.field("of")))
    assert tau_board.select(strip).equals(one.select(strip))
    assert {x["benchmark_version"] for r in tau_board["benchmark_ranks"].to_list() for x in r} == {"0.1.3", None}


def test_a_score_on_a_window_of_livecodebenchs_problems_is_compared_on_that_window_only():
    """LiveCodeBench scores a run on the problems of a window of months: DeepSeek-R1-0528's 73.3 on 2024-08 to
    2025-05 and Qwen3's 74.1 on 2025-02 to 2025-05 are of two problem sets. A score naming its window is fitted
    and ranked among the scores of that window (`release_key`); the scores whose window is not said stay the
    benchmark's."""
    scores, versions = {}, {}
    for i in range(6):
        scores[(f"m{i}", "lcb")], versions[(f"m{i}", "lcb")] = 40.0 + 4 * i, None
        scores[(f"m{i}", "other")], versions[(f"m{i}", "other")] = 45.0 + 4 * i, None
    for i, window in enumerate(["2024-08/2025-05", "2024-08/2025-05", "2025-02/2025-05"]):
        scores[(f"w{i}", "lcb")], versions[(f"w{i}", "lcb")] = 70.0 + i, window
        scores[(f"w{i}", "other")], versions[(f"w{i}", "other")] = 50.0 + 3 * i, None
    frame = pl.DataFrame([(m, b, y, versions[(m, b)]) for (m, b), y in scores.items()],
                         schema={"model_id": pl.String, "benchmark_id": pl.String, "normalized_score": pl.Float64,
                                 "benchmark_version": pl.String}, orient="row")
    _, benches, cats, models = _inputs(scores)
    board = {r["model_id"]: r for r in leaderboards(frame, benches, cats, models).filter(pl.col("category_slug") == "coding").iter_rows(named=True)}
    key = {k: (f"lcb@{versions[k]}" if versions[k] else k[1]) for k in scores}
    mu, a, _ = reference_fit({(m, key[(m, b)]): y for (m, b), y in scores.items()})
    for m in a:
        assert board[m]["rank_score"] == pytest.approx(on_score_scale(mu + a[m]), abs=0.051), m
    lcb = {m: [(x["rank"], x["of"], x["benchmark_version"]) for x in r["benchmark_ranks"] if x["benchmark_id"] == "lcb"] for m, r in board.items()}
    assert lcb["w1"] == [(1, 2, "2024-08/2025-05")] and lcb["w2"] == [(1, 1, "2025-02/2025-05")] and lcb["m5"] == [(1, 6, None)]
    # compared as one benchmark, the windows' 70-72 would put w0-w2 at the top
    merged = {r["model_id"]: r for r in leaderboards(frame.drop("benchmark_version"), benches, cats, models)
              .filter(pl.col("category_slug") == "coding").iter_rows(named=True)}
    assert merged["w2"]["rank"] < merged["m5"]["rank"] and board["w2"]["rank"] > board["m5"]["rank"]


def test_the_average_and_coverage_round_half_away_from_zero_as_written():
    """Gemini 3.5 Flash's Agentic average is the mean of its 78.4 and 56.5: 67.45, published 67.5 as a reader rounds
    it (polars' default, half to even on the binary value, gave 67.4: 197 of the 5,349 entries of the build of every
    recording disagreed with the mean of their own published scores). One benchmark of eight: coverage 12.5; the
    mean 61.45 (computed as 61.4499...) is 61.5."""
    scores = {("flash", "osworld"): 78.4, ("flash", "toolathlon"): 56.5, ("other", "osworld"): 61.4, ("other", "toolathlon"): 61.5}
    scores.update({("other", f"b{i}"): 50.0 for i in range(6)})
    board = _board(scores)
    assert (board["flash"]["average"], board["flash"]["coverage"]) == (67.5, 25.0)
    one = _board({("m", "b0"): 61.4, ("m", "b1"): 61.5, **{("n", f"b{i}"): 10.0 for i in range(2, 16)}})
    assert (one["m"]["average"], one["m"]["coverage"]) == (61.5, 12.5)
