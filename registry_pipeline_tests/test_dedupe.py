"""Dedupe by verification level, date and source priority; conflicts are kept, not hidden."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

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
    """gpqa-diamond: AA 82.7 vs the vendor's 87.7 (gap 5.0, over a tolerance of 3.0): a conflict, both
    values kept, AA wins by level. hle: 20.0 vs 20.3 (gap 0.3): under the tolerance, no conflict."""
    ranked = dedupe.rank_observations(obs([
        ("aa", "o3", "gpqa-diamond", "artificial-analysis", "third_party", dt.date(2025, 6, 1), 82.7, 82.7, "o3"),
        ("vendor", "o3", "gpqa-diamond", "vendor", "provider", dt.date(2025, 4, 16), 87.7, 87.7, "o3"),
        ("close", "o3", "hle", "vendor", "provider", dt.date(2025, 4, 16), 20.3, 20.3, "o3"),
        ("aa-hle", "o3", "hle", "artificial-analysis", "third_party", dt.date(2025, 6, 1), 20.0, 20.0, "o3"),
    ]), PRIORITY)
    c = dedupe.conflicts(ranked, tolerance=3.0)
    assert c.select("benchmark_id", "observation_id", "is_winner", "winner_reason").rows() == [
        ("gpqa-diamond", "aa", True, "higher verification level"),
        ("gpqa-diamond", "vendor", False, "higher verification level"),
    ]
    assert c["gap"].unique().to_list() == [pytest.approx(5.0)] and c["tolerance"].unique().to_list() == [3.0]


def test_conflicts_compare_one_setting_and_use_the_catalogue_tolerance():
    """Two sources' high-effort runs disagree by 4 points: over the default tolerance (5% of the
    0-100 range = 5)? No. Over a catalogue tolerance of 2? Yes. Their runs at other settings are not
    compared with them; an older run of a setting a source re-ran is not a value of its own."""
    rows = obs([
        ("a-high", "gpt-5", "aime-2025", "artificial-analysis", "third_party", dt.date(2025, 9, 1), 90.0, 90.0, "gpt-5"),
        ("b-high", "gpt-5", "aime-2025", "aider", "third_party", dt.date(2025, 8, 1), 94.0, 94.0, "gpt-5"),
        ("b-high-old", "gpt-5", "aime-2025", "aider", "third_party", dt.date(2025, 7, 1), 60.0, 60.0, "gpt-5"),
        ("b-low", "gpt-5", "aime-2025", "aider", "third_party", dt.date(2025, 8, 1), 70.0, 70.0, "gpt-5"),
    ]).with_columns(variant=pl.Series(["high", "high", "high", "low"]))
    ranked = dedupe.rank_observations(rows, PRIORITY)
    bench = pl.DataFrame({"id": ["aime-2025"], "max_score": [100.0], "min_score": [0.0]})
    assert dedupe.conflicts(ranked, dedupe.tolerances(bench)).is_empty()
    strict = dedupe.tolerances(bench, pl.DataFrame({"benchmark_id": ["aime-2025"], "tolerance": [2.0]}))
    c = dedupe.conflicts(ranked, strict)
    assert sorted(c["observation_id"]) == ["a-high", "b-high"] and set(c["variant"]) == {"high"}
    assert c.filter(pl.col("is_winner"))["observation_id"].to_list() == ["a-high"]  # newer as-of date
    assert c["winner_reason"][0] == "newer as-of date"


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


def test_a_sources_unchecked_run_does_not_hide_its_checked_ones():
    """SWE-bench checked Moatless Tools + Claude Sonnet 4 (70.8, 2025-06-11: third_party) and lists EPAM's
    unchecked 76.8 (2025-08-04: community); the Kimi K2 card, a vendor's page, claims 72.7 (provider). The
    checked run represents SWE-bench and wins: third_party goes first (API.md), whatever else SWE-bench lists."""
    rows = obs([
        ("moatless", "claude-sonnet-4", "swe-bench-verified", "swe-bench", "third_party", dt.date(2025, 6, 11), 70.8, 70.8, "claude-4-sonnet"),
        ("epam", "claude-sonnet-4", "swe-bench-verified", "swe-bench", "community", dt.date(2025, 8, 4), 76.8, 76.8, "claude-4-sonnet"),
        ("card", "claude-sonnet-4", "swe-bench-verified", "vendor", "provider", dt.date(2025, 7, 11), 72.7, 72.7, "claude-sonnet-4"),
        # one setting: a newer unchecked re-run of a checked run does not stand for the setting either
        ("checked", "gpt-4o", "swe-bench-lite", "swe-bench", "third_party", dt.date(2024, 6, 1), 30.0, 30.0, "gpt-4o"),
        ("rerun", "gpt-4o", "swe-bench-lite", "swe-bench", "community", dt.date(2024, 9, 1), 35.0, 35.0, "gpt-4o"),
    ]).with_columns(variant=pl.Series(["moatless", "epam", None, "agent", "agent"]))
    ranked = dedupe.rank_observations(rows, PRIORITY)
    assert dedupe.winners(ranked).sort("model_id")["observation_id"].to_list() == ["moatless", "checked"]
    reps = ranked.filter(pl.col("source_rank") == 1).sort("observation_id")["observation_id"].to_list()
    assert reps == ["card", "checked", "moatless"]


def test_a_run_under_the_benchmarks_protocol_goes_before_one_with_tools_or_several_attempts():
    """gpt-oss-120b's HLE: 19.0 with tools (llm-stats and OpenAI's page) and 14.9 without; HLE is answered
    without tools, so 14.9 is the score comparable with every other model's. o3-mini's SWE-bench Verified:
    SWE-bench checked Agentless Lite over several attempts (42.4, third_party), OpenAI reported 49.3 on one
    (provider): the single attempt is the benchmark's protocol and goes first, before the level. GPT-4o on
    SWE-bench alone: the checked single attempt (23.2), not the checked best over several (26.2). The R1
    distill has only a cons@64 run: published at it, its setting named."""
    rows = obs([
        ("tools", "gpt-oss-120b", "hle", "llm-stats", "provider", dt.date(2025, 8, 5), 19.0, 19.0, "gpt-oss-120b"),
        ("no-tools", "gpt-oss-120b", "hle", "llm-stats", "provider", dt.date(2025, 8, 5), 14.9, 14.9, "gpt-oss-120b"),
        ("vendor-tools", "gpt-oss-120b", "hle", "vendor", "provider", dt.date(2025, 8, 5), 19.0, 19.0, "gpt-oss-120b"),
        ("agentless", "o3-mini", "swe-bench-verified", "swe-bench", "third_party", dt.date(2025, 2, 14), 42.4, 42.4, "o3-mini"),
        ("openai", "o3-mini", "swe-bench-verified", "llm-stats", "provider", dt.date(2025, 1, 30), 49.3, 49.3, "o3-mini"),
        ("appmap", "gpt-4o", "swe-bench-verified", "swe-bench", "third_party", dt.date(2024, 6, 15), 26.2, 26.2, "gpt-4o-2024-05-13"),
        ("swe-agent", "gpt-4o", "swe-bench-verified", "swe-bench", "third_party", dt.date(2024, 7, 28), 23.2, 23.2, "gpt-4o-2024-05-13"),
        ("cons", "r1-distill", "aime-2024", "llm-stats", "provider", dt.date(2025, 1, 20), 83.3, 83.3, "deepseek-r1-distill-qwen-7b"),
    ]).with_columns(variant=pl.Series([
        "with tools", "no tools", "with tools", "agentless lite + o3 mini (20250214); multiple attempts", "high",
        "appmap navie + gpt 4o (2024-05-13); multiple attempts", "swe-agent + gpt 4o (2024-05-13)", "cons@64",
    ]))
    win = dedupe.winners(dedupe.rank_observations(rows, {**PRIORITY, "llm-stats": 50, "swe-bench": 20}))
    assert dict(win.select("model_id", "observation_id").iter_rows()) == {
        "gpt-oss-120b": "no-tools", "o3-mini": "openai", "gpt-4o": "swe-agent", "r1-distill": "cons"}


def test_where_every_run_departs_from_the_protocol_the_one_that_departs_least_is_published():
    """GLM-5's card gives HLE only on its text-only questions: 30.5 without tools, 50.4 with them. Neither is the
    benchmark's protocol; the run without tools departs from it once, the one with tools twice, so 30.5 is
    published (the better score would otherwise win) and its setting says text-only. Kimi K2 Thinking's heavy
    mode (several attempts, text-only) goes after its single run on the text-only questions, across sources too."""
    rows = obs([
        ("text", "glm-5", "hle", "vendor", "provider", dt.date(2026, 2, 11), 30.5, 30.5, "glm-5"),
        ("text-tools", "glm-5", "hle", "vendor", "provider", dt.date(2026, 2, 11), 50.4, 50.4, "glm-5"),
        ("heavy", "kimi-k2-thinking", "hle", "vendor", "provider", dt.date(2025, 11, 6), 51.0, 51.0, "kimi-k2-thinking"),
        ("single", "kimi-k2-thinking", "hle", "llm-stats", "provider", dt.date(2025, 11, 6), 23.9, 23.9, "kimi-k2-thinking"),
    ]).with_columns(variant=pl.Series(["text-only", "with tools; text-only", "multiple attempts; text-only", "text-only"]))
    win = dedupe.winners(dedupe.rank_observations(rows, PRIORITY))
    assert dict(win.select("model_id", "observation_id").iter_rows()) == {"glm-5": "text", "kimi-k2-thinking": "single"}


def test_across_sources_a_run_with_thinking_off_goes_after_another_setting_at_its_level():
    """Two claims of one level, the older with thinking (75.5, llm-stats' relay of the maker's page) and the newer
    without (33.9, a later page): the model is shown at its best configuration, as within a source.
    A third-party run without thinking still goes before a provider's claim with it (the level first), and
    where every run has thinking off the newest stands."""
    rows = obs([
        ("anthropic", "opus-4", "aime-2025", "llm-stats", "provider", dt.date(2025, 5, 22), 75.5, 75.5, "claude-opus-4"),
        ("kimi", "opus-4", "aime-2025", "kimi-k2-card", "provider", dt.date(2025, 7, 11), 33.9, 33.9, "claude-opus-4"),
        ("checked", "sonnet-4", "livebench", "livebench", "third_party", dt.date(2025, 6, 1), 60.0, 60.0, "claude-sonnet-4"),
        ("claim", "sonnet-4", "livebench", "llm-stats", "provider", dt.date(2025, 7, 1), 70.0, 70.0, "claude-sonnet-4"),
        ("older", "qwen3", "mmlu", "llm-stats", "provider", dt.date(2025, 4, 29), 80.0, 80.0, "qwen3"),
        ("newer", "qwen3", "mmlu", "kimi-k2-card", "provider", dt.date(2025, 7, 11), 87.0, 87.0, "qwen3"),
    ]).with_columns(variant=pl.Series(["thinking", "non-thinking", "non-thinking", "thinking", "non-thinking", "non-thinking"]))
    win = dedupe.winners(dedupe.rank_observations(rows, PRIORITY))
    assert dict(win.select("model_id", "observation_id").iter_rows()) == {"opus-4": "anthropic", "sonnet-4": "checked", "qwen3": "newer"}


def test_a_run_whose_setting_one_source_leaves_unsaid_is_published_with_the_setting_another_names():
    """llm-stats relays OpenAI's GPT-5 GPQA 85.7 with no setting, OpenAI's page says it is at high effort: the same
    run, published with its setting (the relay's newer date aside). xAI's Grok 4 Heavy AIME 2025 100.0 had Python,
    which llm-stats does not say: the relay departs from the protocol as the named run does, so a protocol run of
    another source (older, 90.0) goes first. A value alike by chance in one source (LiveBench's default and xhigh),
    or at another level, names nothing; nor does a value one source gives with its setting and another with its
    release."""
    rows = obs([
        ("relay", "gpt-5", "gpqa-diamond", "llm-stats", "provider", dt.date(2025, 8, 8), 85.7, 85.7, "gpt-5"),
        ("page", "gpt-5", "gpqa-diamond", "vendor", "provider", dt.date(2025, 8, 7), 85.7, 85.7, "gpt-5"),
        ("heavy-relay", "grok-4-heavy", "aime-2025", "llm-stats", "provider", dt.date(2025, 7, 10), 100.0, 100.0, "grok-4-heavy"),
        ("heavy-page", "grok-4-heavy", "aime-2025", "vendor", "provider", dt.date(2025, 7, 9), 100.0, 100.0, "grok-4-heavy"),
        ("heavy-other", "grok-4-heavy", "aime-2025", "aider", "provider", dt.date(2025, 7, 1), 90.0, 90.0, "grok-4-heavy"),
        ("lb-default", "codex-max", "livebench", "livebench", "third_party", dt.date(2025, 12, 1), 56.67, 56.67, "codex-max"),
        ("lb-xhigh", "codex-max", "livebench", "livebench", "third_party", dt.date(2025, 12, 1), 56.67, 56.67, "codex-max-xhigh"),
        ("checked", "o3", "hle", "artificial-analysis", "third_party", dt.date(2025, 6, 1), 20.0, 20.0, "o3"),
        ("claim", "o3", "hle", "vendor", "provider", dt.date(2025, 4, 16), 20.0, 20.0, "o3"),
        # a release unsaid: Meta's LiveCodeBench figure names its window of problems, llm-stats' relay of it does not
        ("lcb-relay", "llama-4-maverick", "livecodebench", "llm-stats", "provider", dt.date(2025, 4, 6), 43.4, 43.4, "maverick"),
        ("lcb-page", "llama-4-maverick", "livecodebench", "vendor", "provider", dt.date(2025, 4, 5), 43.4, 43.4, "maverick"),
        # each says what the other does not (a setting, a release): neither is the other's relay
        ("mode", "v3-2", "tau2-bench-airline", "vendor", "provider", dt.date(2025, 12, 1), 63.8, 63.8, "v3-2"),
        ("release", "v3-2", "tau2-bench-airline", "aider", "provider", dt.date(2025, 12, 2), 63.8, 63.8, "v3-2"),
    ]).with_columns(
        variant=pl.Series([None, "high", None, "with tools", None, None, "xhigh", None, "high", None, None, "thinking", None]),
        benchmark_version=pl.Series([None] * 9 + [None, "2024-10/2025-01", None, "0.1.3"]),
    )
    ranked = dedupe.rank_observations(rows, PRIORITY)
    win = dedupe.winners(ranked)
    assert dict(win.select("model_id", "observation_id").iter_rows()) == {
        "gpt-5": "page", "grok-4-heavy": "heavy-other", "codex-max": "lb-default", "o3": "checked", "llama-4-maverick": "lcb-page",
        "v3-2": "release"}
    unsaid = dedupe.setting_unsaid(rows.with_columns(departures=pl.lit(0), thinking_off=pl.lit(False)))
    assert sorted(unsaid.filter("unsaid")["observation_id"]) == ["heavy-relay", "lcb-relay", "relay"]
