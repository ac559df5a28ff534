"""Artificial Analysis (AA): third-party evaluation indices and benchmarks, prices and measured speed.

Wire format (`GET /api/v2/data/llms/models`, header `x-api-key`):
`{"status": 200, "prompt_options": {...}, "data": [Model]}`. A Model has `id` (UUID), `name` (display
name incl. the run setting, "GPT-5 nano (minimal)"), `slug` ("gpt-5-nano-minimal"), `release_date`,
`model_creator{id, name, slug}`, `evaluations{...}`, `pricing{price_1m_input_tokens, ...}` (USD per 1M
tokens), `median_output_tokens_per_second`, `median_time_to_first_token_seconds` (0 when not measured).

Units: the three `artificial_analysis_*_index` values are 0-100, every other evaluation is a 0-1
fraction. AA adds evaluation keys over time; a key not in `EVALUATIONS` becomes a reject so a new
benchmark is visible rather than silently dropped. Attribution to https://artificialanalysis.ai/ is
required wherever these values are shown.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import orjson
import polars as pl

from registry_pipeline.schemas.contracts import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
)
from registry_pipeline.sources.base import (
    ParseContext,
    ParsedSource,
    SourceFile,
    SourceParseError,
    SourceSpec,
)

SPEC = SourceSpec(
    id="artificial-analysis",
    name="Artificial Analysis",
    publisher="Artificial Analysis",
    homepage="https://artificialanalysis.ai/",
    files=(SourceFile("models.json", "https://artificialanalysis.ai/api/v2/data/llms/models"),),
    format="json",
    default_verification_level="third_party",
    licence="Artificial Analysis API terms: free use with attribution",
    attribution="Benchmark data from Artificial Analysis, https://artificialanalysis.ai/",
    attribution_required=True,
    auth_env_var="ARTIFICIAL_ANALYSIS_API_KEY",
    auth_header="x-api-key",
    auth_required=True,
    priority=10,
    provides=("models", "scores"),
    freshness_days=7,
)

FILE = "models.json"
MODEL_URL = "https://artificialanalysis.ai/models/{slug}"

# AA evaluation key -> (catalogue benchmark id, raw unit).
EVALUATIONS: dict[str, tuple[str, str]] = {
    "artificial_analysis_intelligence_index": ("aa-intelligence-index", "index"),
    "artificial_analysis_coding_index": ("aa-coding-index", "index"),
    "artificial_analysis_math_index": ("aa-math-index", "index"),
    "mmlu_pro": ("mmlu-pro", "fraction"),
    "gpqa": ("gpqa-diamond", "fraction"),
    "hle": ("hle", "fraction"),
    "livecodebench": ("livecodebench", "fraction"),
    "scicode": ("scicode", "fraction"),
    "math_500": ("math-500", "fraction"),
    "aime": ("aime-2024", "fraction"),
    "aime_25": ("aime-2025", "fraction"),
    "ifbench": ("ifbench", "fraction"),
    "lcr": ("aa-lcr", "fraction"),
    "terminalbench_hard": ("terminal-bench-hard", "fraction"),
    "tau2": ("tau2-bench-telecom", "fraction"),
}

# Run settings AA encodes at the end of a slug ("gpt-5-nano-minimal", "claude-4-sonnet-thinking")
# or in parentheses at the end of a name ("gpt-oss-20B (low)"). Longest first.
VARIANTS: tuple[str, ...] = ("non-reasoning", "reasoning", "thinking", "minimal", "medium", "xhigh", "high", "low")
_NAME_VARIANT = re.compile(r"\(([^()]+)\)\s*$")


class _RowError(ValueError):
    """One model entry cannot be read; it becomes a reject."""


def variant_of(slug: str | None, name: str | None) -> str | None:
    """The reasoning setting a slug (or, failing that, a display name) ends with, else None."""
    if slug:
        low = slug.strip().lower()
        for v in VARIANTS:
            if low.endswith("-" + v):
                return v
    if name:
        m = _NAME_VARIANT.search(name)
        if m:
            inner = m.group(1).strip().lower().replace(" ", "-")
            if inner in VARIANTS:
                return inner
    return None


def _dump(obj: Any) -> str:
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS).decode()


def _str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _RowError(f"field {key!r}: expected str, got {type(value).__name__}")
    return value.strip() or None


def _num(obj: dict[str, Any], key: str, where: str = "") -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _RowError(f"field {where + key!r}: expected a number, got {type(value).__name__}")
    return float(value)


def _obj(obj: dict[str, Any], key: str) -> dict[str, Any]:
    value = obj.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _RowError(f"field {key!r}: expected an object, got {type(value).__name__}")
    return value


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _load(data: bytes) -> list[Any]:
    try:
        body = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise SourceParseError(SPEC.id, FILE, "data", f"not valid JSON ({exc})") from None
    if not isinstance(body, dict):
        raise SourceParseError(SPEC.id, FILE, "data", f"expected a JSON object, got {type(body).__name__}")
    rows = body.get("data")
    if not isinstance(rows, list):
        raise SourceParseError(SPEC.id, FILE, "data", "missing or not a list")
    return rows


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    if FILE not in files:
        raise SourceParseError(SPEC.id, FILE, "data", "file missing from snapshot")
    rows = _load(files[FILE])
    as_of = context.fetched_on
    models: list[dict[str, Any]] = []
    scores: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []

    def reject(reason: str, raw: str) -> None:
        rejects.append({"source_id": SPEC.id, "stage": "parse", "reason": reason, "raw_row": raw})

    for row in rows:
        raw = _dump(row)
        try:
            if not isinstance(row, dict):
                raise _RowError(f"model entry is not an object ({type(row).__name__})")
            slug, name = _str(row, "slug"), _str(row, "name")
            if not slug and not name:
                raise _RowError("model has neither 'slug' nor 'name'")
            model_id = _str(row, "id")
            creator = _obj(row, "model_creator")
            creator_slug, creator_name = _str(creator, "slug"), _str(creator, "name")
            pricing = _obj(row, "pricing")
            evaluations = _obj(row, "evaluations")
            speed = _num(row, "median_output_tokens_per_second")
            ttft = _num(row, "median_time_to_first_token_seconds")
            model = {
                "source_id": SPEC.id,
                "raw_model_id": slug or name,
                "raw_name": name or slug,
                "provider_id": creator_slug,
                "provider_name": creator_name,
                "is_maker": False,
                "is_alias": False,
                "release_date": _date(row.get("release_date")),
                "price_input": _num(pricing, "price_1m_input_tokens", "pricing."),
                "price_output": _num(pricing, "price_1m_output_tokens", "pricing."),
                "output_tokens_per_second": speed,
                "time_to_first_token_s": ttft if ttft else None,  # AA writes 0 when not measured
                "as_of_date": as_of,
                "raw_row": raw,
            }
        except _RowError as exc:
            reject(str(exc), raw)
            continue
        models.append(model)

        raw_name = slug or name
        base = {
            "source_id": SPEC.id,
            "raw_model_name": raw_name,
            "raw_model_key": model_id or slug or name,
            "model_hint": name,
            "provider_hint": creator_slug,
            "variant": variant_of(slug, name),
            "as_of_date": as_of,
            "verification_level": SPEC.default_verification_level,
            "source_url": MODEL_URL.format(slug=slug) if slug else None,
            "raw_row": raw,
        }
        for key in sorted(evaluations):
            value = evaluations[key]
            if value is None:
                continue
            if key not in EVALUATIONS:
                reject(f"unknown evaluation key {key}", raw)
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                reject(f"evaluation {key} of {raw_name}: expected a number, got {type(value).__name__}", raw)
                continue
            if not math.isfinite(value):
                reject(f"evaluation {key} of {raw_name}: value is not finite", raw)
                continue
            benchmark_id, unit = EVALUATIONS[key]
            scores.append({**base, "benchmark_id": benchmark_id, "raw_value": float(value), "raw_unit": unit})

    return ParsedSource(
        models=pl.DataFrame(models, schema=MODEL_RECORD_COLUMNS),
        scores=pl.DataFrame(scores, schema=SCORE_OBSERVATION_COLUMNS),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )
