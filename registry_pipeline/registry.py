"""The built registry: the frames the warehouse loads and the API publishes.

Column names are snake_case here; the publish builders turn them into API.md's camelCase fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

MODEL_COLUMNS: dict[str, pl.DataType] = {
    "id": pl.String,  # canonical, lowercase, URL-safe slug
    "name": pl.String,
    "provider": pl.String,  # maker display name, e.g. "Anthropic"
    "family": pl.String,
    "status": pl.String,  # "active" | "deprecated" | "preview"
    "release_date": pl.Date,
    "training_cutoff": pl.String,  # "YYYY-MM"
    "capabilities": pl.List(pl.String),  # sorted: "text","vision","audio","video","pdf","tools","reasoning",...
    "is_open_source": pl.Boolean,
    "licence": pl.String,  # the weights' licence, as the Hub's id (transform/licences.py): "apache-2.0", "llama3.1"
    "parameters": pl.Int64,  # the weights' parameter count
    "base_model": pl.String,  # the Hub repo the weights were tuned, merged or quantised from
    "context_window": pl.Int64,
    "max_output_tokens": pl.Int64,
    "price_input": pl.Float64,  # USD per 1M tokens
    "price_output": pl.Float64,
    "price_cache_input": pl.Float64,
    "price_cache_output": pl.Float64,
    "api_reasoning": pl.Boolean,
    "api_vision": pl.Boolean,
    "api_tools": pl.Boolean,
    "api_structured_output": pl.Boolean,
    "api_attachment": pl.Boolean,
    "coverage": pl.Float64,  # percent of all benchmarks with a published score, 1 decimal
    "metadata_source_id": pl.String,
}

BENCHMARK_COLUMNS: dict[str, pl.DataType] = {
    "id": pl.String,
    "name": pl.String,
    "category": pl.String,  # category display name
    "description": pl.String,
    "max_score": pl.Float64,
    "min_score": pl.Float64,
    "higher_is_better": pl.Boolean,
    "normalize_method": pl.String,  # "max" | "minmax" | "inverse" | "elo"
    "unit": pl.String,
    "link": pl.String,
    "paper_url": pl.String,
}

CATEGORY_COLUMNS: dict[str, pl.DataType] = {
    "slug": pl.String,
    "name": pl.String,
    "description": pl.String,
    "position": pl.Int64,  # display order
}

SOURCE_COLUMNS: dict[str, pl.DataType] = {
    "id": pl.String,
    "name": pl.String,
    "url": pl.String,
    "publisher": pl.String,
    "default_verification_level": pl.String,
    "licence": pl.String,
    "attribution": pl.String,
    "attribution_required": pl.Boolean,
    "priority": pl.Int64,
    "cadence": pl.String,  # how often it is fetched ("daily", "weekly", "manual": curated by hand, "retired": frozen)
    "freshness_days": pl.Int64,  # the freshness check fails when its newest snapshot is older
}

# The published winners, one per (model, benchmark), joined with names (API.md ScoreRow).
SCORE_COLUMNS: dict[str, pl.DataType] = {
    "model_id": pl.String,
    "model_name": pl.String,
    "provider": pl.String,
    "benchmark_id": pl.String,
    "benchmark_name": pl.String,
    "category": pl.String,
    "score": pl.Float64,
    "normalized_score": pl.Float64,
    "verified": pl.Boolean,
    "verification_level": pl.String,
    "source_id": pl.String,
    "source_url": pl.String,
    "as_of_date": pl.Date,
    "is_artificial_analysis": pl.Boolean,
    "variant": pl.String,  # the setting measured (reasoning effort, thinking budget, ...); null for the default
    "benchmark_version": pl.String,  # the benchmark's release measured (LiveBench's 2026-01-08) or LiveCodeBench's window of problems (2024-08/2025-05); null when unversioned
}

# Ranked rows per category; category_slug "all" is the global board.
LEADERBOARD_COLUMNS: dict[str, pl.DataType] = {
    "category_slug": pl.String,
    "category": pl.String,
    "benchmark_count": pl.Int64,
    "rank": pl.Int64,
    "model_id": pl.String,
    "model_name": pl.String,
    "provider": pl.String,
    "release_date": pl.Date,
    "average": pl.Float64,
    "rank_score": pl.Float64,  # the model's benchmark-adjusted, shrunk score (transform.leaderboards); what `rank` orders by
    "coverage": pl.Float64,
    "score_count": pl.Int64,
    # the interval the ranking method implies for rank_score (see transform.leaderboards)
    "interval_low": pl.Float64,
    "interval_high": pl.Float64,
    # the rank of the model's score on each benchmark of the board, among every model with a score there
    "benchmark_ranks": pl.List(pl.Struct({"benchmark_id": pl.String, "rank": pl.Int64, "of": pl.Int64, "benchmark_version": pl.String})),
}


ALIAS_COLUMNS: dict[str, pl.DataType] = {
    "alias": pl.String, "model_id": pl.String, "variant": pl.String, "since": pl.Date, "until": pl.Date,
    "rule": pl.String, "note": pl.String,
}
CROSSWALK_COLUMNS: dict[str, pl.DataType] = {
    "source_id": pl.String, "native_id": pl.String, "raw_name": pl.String, "model_id": pl.String,
    "variant": pl.String, "rule": pl.String, "reason": pl.String, "observations": pl.Int64,
}
REVIEW_COLUMNS: dict[str, pl.DataType] = {
    "source_id": pl.String, "raw_model_name": pl.String, "model_hint": pl.String, "observations": pl.Int64,
    "reason": pl.String, "suggestions": pl.List(pl.String),
}


@dataclass
class Registry:
    models: pl.DataFrame
    benchmarks: pl.DataFrame
    categories: pl.DataFrame
    sources: pl.DataFrame
    scores: pl.DataFrame
    leaderboards: pl.DataFrame
    # per-source fetch status for `meta` ("live" | "snapshot" | "failed"), optional
    source_status: dict[str, dict] = field(default_factory=dict)
    # where the published registry lives (attribution's link back); None when unknown
    public_url: str | None = None
    # the build this registry is published as (`meta.buildId`, the warehouse's build_info); None when unset
    build_id: str | None = None
    # per-provider offers (transform.model_metadata.OFFER_COLUMNS) and where each metadata field came
    # from (PROVENANCE_COLUMNS); empty when not built
    providers: pl.DataFrame | None = None
    field_sources: pl.DataFrame | None = None
    # identity, published as data: the makers' moving aliases (alias, model_id, variant, since, until,
    # rule, note), every name each source uses (CROSSWALK_COLUMNS), the names that did not
    # resolve (source_id, raw_model_name, model_hint, observations, reason, suggestions), and which
    # settings of each model have scores (model_id, variant, benchmark_count, source_ids)
    model_aliases: pl.DataFrame | None = None
    crosswalk: pl.DataFrame | None = None
    review: pl.DataFrame | None = None
    model_variants: pl.DataFrame | None = None
    # (model, benchmark, setting) groups whose sources disagree beyond the benchmark's tolerance, one
    # row per source (transform.dedupe.CONFLICT_COLUMNS)
    conflicts: pl.DataFrame | None = None
    # benchmark ids once published that name a catalogue benchmark now (catalog.BENCHMARK_FORMER_ID_COLUMNS)
    benchmark_former_ids: pl.DataFrame | None = None
    # every recorded change, oldest build first (transform.changes.CHANGE_COLUMNS); None: not tracked
    changes_log: pl.DataFrame | None = None
