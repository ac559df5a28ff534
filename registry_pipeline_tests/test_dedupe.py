"""Dedupe by verification level, date and source priority; conflicts are kept, not hidden."""

from __future__ import annotations

import datetime as dt

import polars as pl

from registry_pipeline.transform import dedupe

PRIORITY = {"artificial-analysis": 10, "aider": 30, "vendor": 60}


def obs(rows):
    return pl.DataFrame(
        rows,
        schema={"observation_id": pl.String, "model_id": pl.String, "benchmark_id": pl.String, "source_id": pl.String,
                "verification_level": pl.String, "as_of_date": pl.Date, "score": pl.Float64,
                "normalized_score": pl.Float64, "raw_model_name": pl.String},
        orient="row",
    )


def test_third_party_beats_a_newer_provider_claim():
    ranked = dedupe.rank_observations(obs([
        ("v", "o3", "gpqa-diamond", "vendor", "provider", dt.date(2026, 1, 1), 87.7, 87.7, "o3"),
        ("a", "o3", "gpqa-diamond", "artificial-analysis", "third_party", dt.date(2025, 6, 1), 82.7, 82.7, "o3"),
    ]), PRIORITY)
    win = dedupe.winners(ranked)
    assert win["observation_id"].to_list() == ["a"]


def test_within_a_level_newest_then_priority_then_best_setting():
    ranked = dedupe.rank_observations(obs([
        ("old", "o3", "aider-polyglot", "aider", "third_party", dt.date(2025, 4, 1), 79.6, 79.6, "o3 (high)"),
        ("new-low", "o3", "aider-polyglot", "aider", "third_party", dt.date(2025, 6, 1), 60.0, 60.0, "o3 (low)"),
        ("new-high", "o3", "aider-polyglot", "aider", "third_party", dt.date(2025, 6, 1), 81.3, 81.3, "o3 (high)"),
        ("aa", "o3", "gpqa-diamond", "artificial-analysis", "third_party", dt.date(2025, 6, 1), 82.7, 82.7, "o3"),
        ("vendor", "o3", "gpqa-diamond", "vendor", "third_party", dt.date(2025, 6, 1), 83.3, 83.3, "o3"),
    ]), PRIORITY)
    win = dedupe.winners(ranked).sort("benchmark_id")
    assert win["observation_id"].to_list() == ["new-high", "aa"]
    assert ranked.height == 5  # nothing is dropped from the observations


def test_disagreement_beyond_tolerance_is_a_conflict():
    ranked = dedupe.rank_observations(obs([
        ("aa", "o3", "gpqa-diamond", "artificial-analysis", "third_party", dt.date(2025, 6, 1), 82.7, 82.7, "o3"),
        ("vendor", "o3", "gpqa-diamond", "vendor", "provider", dt.date(2025, 4, 16), 87.7, 87.7, "o3"),
        ("close", "o3", "hle", "vendor", "provider", dt.date(2025, 4, 16), 20.3, 20.3, "o3"),
        ("aa-hle", "o3", "hle", "artificial-analysis", "third_party", dt.date(2025, 6, 1), 20.0, 20.0, "o3"),
    ]), PRIORITY)
    c = dedupe.conflicts(ranked, tolerance=3.0)
    assert c.select("benchmark_id", "other_observation_id", "delta").rows() == [("gpqa-diamond", "vendor", 5.0)]


def test_a_newer_lower_effort_run_does_not_hide_the_best_setting():
    """aider ran gpt-5 at high effort (88.0) and, two days later, at medium (86.7) and low (81.3): each
    setting's newest run represents it, and the source shows the model at its best setting."""
    ranked = dedupe.rank_observations(obs([
        ("high", "gpt-5", "aider-polyglot", "aider", "third_party", dt.date(2025, 8, 23), 88.0, 88.0, "gpt-5"),
        ("medium", "gpt-5", "aider-polyglot", "aider", "third_party", dt.date(2025, 8, 25), 86.7, 86.7, "gpt-5"),
        ("low", "gpt-5", "aider-polyglot", "aider", "third_party", dt.date(2025, 8, 25), 81.3, 81.3, "gpt-5"),
        ("high-old", "gpt-5", "aider-polyglot", "aider", "third_party", dt.date(2025, 8, 10), 90.0, 90.0, "gpt-5"),
    ]).with_columns(variant=pl.Series(["high", "medium", "low", "high"])), PRIORITY)
    # the older high run (90.0) was re-run: the newest high run (88.0) represents that setting
    assert dedupe.winners(ranked)["observation_id"].to_list() == ["high"]
