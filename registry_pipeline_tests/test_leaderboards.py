"""Leaderboards: the ranking method, its interval and the per-benchmark ranks, on a board worked out by hand."""

from __future__ import annotations

import math

import polars as pl
import pytest

from registry_pipeline.transform.leaderboards import INTERVAL_Z, PRIOR_WEIGHT, leaderboards

BENCHMARKS = pl.DataFrame({"id": ["b1", "b2"], "category": ["Coding", "Coding"]})
CATEGORIES = pl.DataFrame({"slug": ["coding"], "name": ["Coding"]})
MODELS = pl.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"], "provider": ["P"] * 3, "release_date": [None] * 3},
                      schema={"id": pl.String, "name": pl.String, "provider": pl.String, "release_date": pl.Date})
# a: 90 and 70; b: 80 and 80; c: one score, 100 (thin coverage)
SCORES = pl.DataFrame({"model_id": ["a", "a", "b", "b", "c"], "benchmark_id": ["b1", "b2", "b1", "b2", "b1"],
                       "normalized_score": [90.0, 70.0, 80.0, 80.0, 100.0]})


def test_the_shrunk_mean_its_interval_and_each_scores_rank():
    board = leaderboards(SCORES, BENCHMARKS, CATEGORIES, MODELS).filter(pl.col("category_slug") == "coding")
    by_id = {r["model_id"]: r for r in board.iter_rows(named=True)}
    mean = (90 + 70 + 80 + 80 + 100) / 5  # 84
    sd = math.sqrt(sum((x - mean) ** 2 for x in (90, 70, 80, 80, 100)) / 4)  # sample sd: sqrt(280/4)
    # c: (100 + 3 * 84) / (1 + 3) = 88; a: (160 + 252) / 5 = 82.4; b: 82.4 too -> tie broken by average (80 = 80) ... then name
    assert by_id["c"]["rank_score"] == pytest.approx(88.0)
    assert by_id["a"]["rank_score"] == pytest.approx(82.4) and by_id["b"]["rank_score"] == pytest.approx(82.4)
    assert [r["model_id"] for r in board.sort("rank").iter_rows(named=True)] == ["c", "a", "b"]
    half_c = INTERVAL_Z * sd / math.sqrt(1 + PRIOR_WEIGHT)
    assert by_id["c"]["interval_low"] == pytest.approx(round(88.0 - half_c, 1))
    assert by_id["c"]["interval_high"] == pytest.approx(round(88.0 + half_c, 1))
    # c's interval is wider than a's: one score says less than two
    assert by_id["c"]["interval_high"] - by_id["c"]["interval_low"] > by_id["a"]["interval_high"] - by_id["a"]["interval_low"]
    # ranks on each benchmark: b1 = c 100 (1), a 90 (2), b 80 (3); b2 = b 80 (1), a 70 (2)
    ranks = {r["model_id"]: {x["benchmark_id"]: (x["rank"], x["of"]) for x in r["benchmark_ranks"]} for r in board.iter_rows(named=True)}
    assert ranks == {"a": {"b1": (2, 3), "b2": (2, 2)}, "b": {"b1": (3, 3), "b2": (1, 2)}, "c": {"b1": (1, 3)}}
