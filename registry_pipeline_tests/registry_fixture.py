"""A small but real `Registry` for the publish tests: three OpenAI/Anthropic models, three
benchmarks in two categories (one Elo), five sources (Artificial Analysis and LMArena ask for
attribution) and published winning scores with values as their sources reported them."""

from __future__ import annotations

import datetime as dt

import polars as pl

from registry_pipeline.registry import (
    BENCHMARK_COLUMNS,
    CATEGORY_COLUMNS,
    MODEL_COLUMNS,
    SCORE_COLUMNS,
    SOURCE_COLUMNS,
    Registry,
)
from registry_pipeline.transform.leaderboards import leaderboards, model_coverage
from registry_pipeline.transform.scoring import normalized_score_expr

D = dt.date

CATEGORIES = [
    {"slug": "science", "name": "Science", "description": "Graduate-level science questions.", "position": 0},
    {"slug": "coding", "name": "Coding", "description": "Writing and editing code.", "position": 1},
]

BENCHMARKS = [
    {
        "id": "gpqa-diamond", "name": "GPQA Diamond", "category": "Science",
        "description": "Google-proof graduate-level questions in biology, physics and chemistry (diamond subset).",
        "max_score": 100.0, "min_score": 0.0, "higher_is_better": True, "normalize_method": "max", "unit": "%",
        "link": "https://github.com/idavidrein/gpqa", "paper_url": "https://arxiv.org/abs/2311.12022",
    },
    {
        "id": "aider-polyglot", "name": "Aider Polyglot", "category": "Coding",
        "description": "225 hard Exercism exercises in C++, Go, Java, JavaScript, Python and Rust, edited through aider.",
        "max_score": 100.0, "min_score": 0.0, "higher_is_better": True, "normalize_method": "max", "unit": "%",
        "link": "https://aider.chat/docs/leaderboards/", "paper_url": None,
    },
    {
        "id": "webdev-arena", "name": "WebDev Arena", "category": "Coding",
        "description": "Pairwise human votes on generated web apps, as an Elo rating.",
        "max_score": 1600.0, "min_score": 1000.0, "higher_is_better": True, "normalize_method": "elo", "unit": "elo",
        "link": "https://web.lmarena.ai/leaderboard", "paper_url": None,
    },
]  # fmt: skip

SOURCES = [
    {
        "id": "artificial-analysis", "name": "Artificial Analysis", "url": "https://artificialanalysis.ai/",
        "publisher": "Artificial Analysis", "default_verification_level": "third_party",
        "licence": "Free API, attribution required",
        "attribution": "Benchmark data from Artificial Analysis (https://artificialanalysis.ai/).",
        "attribution_required": True, "priority": 10,
    },
    {
        "id": "aider", "name": "Aider LLM Leaderboards", "url": "https://aider.chat/docs/leaderboards/",
        "publisher": "Aider", "default_verification_level": "third_party", "licence": "Apache-2.0",
        "attribution": "", "attribution_required": False, "priority": 20,
    },
    {
        "id": "lmarena", "name": "LMArena", "url": "https://lmarena.ai/", "publisher": "LMArena",
        "default_verification_level": "third_party", "licence": "CC-BY-4.0",
        "attribution": "Leaderboard data from LMArena (https://lmarena.ai/), CC BY 4.0.",
        "attribution_required": True, "priority": 30,
    },
    {
        "id": "anthropic", "name": "Anthropic model cards", "url": "https://www.anthropic.com/news",
        "publisher": "Anthropic", "default_verification_level": "provider", "licence": "Proprietary (facts)",
        "attribution": "", "attribution_required": False, "priority": 50,
    },
    {
        "id": "openai", "name": "OpenAI announcements", "url": "https://openai.com/news/",
        "publisher": "OpenAI", "default_verification_level": "provider", "licence": "Proprietary (facts)",
        "attribution": "", "attribution_required": False, "priority": 50,
    },
]  # fmt: skip

MODELS = [
    {
        "id": "claude-opus-4-5", "name": "Claude Opus 4.5", "provider": "Anthropic", "family": "Claude Opus",
        "status": "active", "release_date": D(2025, 11, 24), "training_cutoff": None,
        "capabilities": ["pdf", "reasoning", "text", "tools", "vision"], "is_open_source": False,
        "context_window": 200000, "max_output_tokens": 64000,
        "price_input": 5.0, "price_output": 25.0, "price_cache_input": 0.5, "price_cache_output": 6.25,
        "api_reasoning": True, "api_vision": True, "api_tools": True, "api_structured_output": True,
        "api_attachment": True, "coverage": None, "metadata_source_id": "anthropic",
    },
    {
        "id": "gpt-4-1", "name": "GPT-4.1", "provider": "OpenAI", "family": "GPT-4.1",
        "status": "active", "release_date": D(2025, 4, 14), "training_cutoff": "2024-06",
        "capabilities": ["text", "tools", "vision"], "is_open_source": False,
        "context_window": 1047576, "max_output_tokens": 32768,
        "price_input": 2.0, "price_output": 8.0, "price_cache_input": 0.5, "price_cache_output": None,
        "api_reasoning": False, "api_vision": True, "api_tools": True, "api_structured_output": True,
        "api_attachment": True, "coverage": None, "metadata_source_id": "openai",
    },
    {
        "id": "o3", "name": "o3", "provider": "OpenAI", "family": "o3",
        "status": "active", "release_date": D(2025, 4, 16), "training_cutoff": "2024-06",
        "capabilities": ["reasoning", "text", "tools", "vision"], "is_open_source": False,
        "context_window": 200000, "max_output_tokens": 100000,
        "price_input": 2.0, "price_output": 8.0, "price_cache_input": 0.5, "price_cache_output": None,
        "api_reasoning": True, "api_vision": True, "api_tools": True, "api_structured_output": True,
        "api_attachment": True, "coverage": None, "metadata_source_id": "openai",
    },
]  # fmt: skip

# (model, benchmark, score, level, source, source url, as of)
SCORES = [
    ("claude-opus-4-5", "gpqa-diamond", 87.0, "provider", "anthropic", "https://www.anthropic.com/news/claude-opus-4-5", D(2025, 11, 24)),
    ("claude-opus-4-5", "aider-polyglot", 89.4, "provider", "anthropic", "https://www.anthropic.com/news/claude-opus-4-5", D(2025, 11, 24)),
    ("claude-opus-4-5", "webdev-arena", 1493.0, "third_party", "lmarena", "https://web.lmarena.ai/leaderboard", D(2026, 2, 18)),
    ("gpt-4-1", "gpqa-diamond", 66.3, "provider", "openai", "https://openai.com/index/gpt-4-1/", D(2025, 4, 14)),
    ("gpt-4-1", "aider-polyglot", 52.4, "third_party", "aider", "https://aider.chat/docs/leaderboards/", D(2025, 5, 2)),
    ("o3", "gpqa-diamond", 82.7, "third_party", "artificial-analysis", "https://artificialanalysis.ai/models/o3", D(2026, 2, 16)),
    ("o3", "aider-polyglot", 81.3, "third_party", "aider", "https://aider.chat/docs/leaderboards/", D(2025, 6, 10)),
    ("o3", "webdev-arena", 1418.0, "third_party", "lmarena", "https://web.lmarena.ai/leaderboard", D(2026, 2, 20)),
]  # fmt: skip

SOURCE_STATUS = {
    "artificial-analysis": {"mode": "snapshot", "snapshot": "2026-02-16T06-00-00Z", "fetched_on": D(2026, 2, 16)},
    "aider": {"mode": "live", "snapshot": "2026-02-21T06-00-00Z", "fetched_on": D(2026, 2, 21)},
    "lmarena": {"mode": "failed", "snapshot": None, "message": "lmarena: no snapshot could be used."},
}


def make_registry(models: list[dict] | None = None) -> Registry:
    model_rows = MODELS if models is None else models
    categories = pl.DataFrame(CATEGORIES, schema=CATEGORY_COLUMNS)
    benchmarks = pl.DataFrame(BENCHMARKS, schema=BENCHMARK_COLUMNS)
    sources = pl.DataFrame([{"cadence": "daily", "freshness_days": 7, **s} for s in SOURCES], schema=SOURCE_COLUMNS)
    models_df = pl.DataFrame(model_rows, schema=MODEL_COLUMNS)
    obs = pl.DataFrame(
        SCORES,
        schema=["model_id", "benchmark_id", "score", "verification_level", "source_id", "source_url", "as_of_date"],
        orient="row",
    )
    scores = (
        obs.join(models_df.select(model_id="id", model_name="name", provider="provider"), on="model_id")
        .join(
            benchmarks.select(
                benchmark_id="id", benchmark_name="name", category="category", max_score="max_score",
                min_score="min_score", higher_is_better="higher_is_better", normalize_method="normalize_method",
            ),
            on="benchmark_id",
        )
        .with_columns(
            normalized_score=normalized_score_expr(),
            verified=pl.col("verification_level") == "third_party",
            is_artificial_analysis=pl.col("source_id") == "artificial-analysis",
            variant=pl.col("variant") if "variant" in obs.columns else pl.lit(None, pl.String),
            benchmark_version=pl.lit(None, pl.String),
        )
        .select(list(SCORE_COLUMNS))
        .cast(SCORE_COLUMNS)
        .sort("model_id", "benchmark_id")
    )  # fmt: skip
    models_df = model_coverage(models_df, scores, benchmarks.height).select(list(MODEL_COLUMNS)).cast(MODEL_COLUMNS)
    return Registry(
        models=models_df,
        benchmarks=benchmarks,
        categories=categories,
        sources=sources,
        scores=scores,
        leaderboards=leaderboards(scores, benchmarks, categories, models_df),
        source_status={k: dict(v) for k, v in SOURCE_STATUS.items()},
    )
