"""Artificial Analysis (AA): third-party evaluation indices and benchmarks, prices and measured speed.

Wire format (`GET /api/v2/data/llms/models`, header `x-api-key`):
`{"status": 200, "prompt_options": {...}, "data": [Model]}`. A Model has `id` (UUID), `name` (display
name incl. the run setting, "GPT-5 nano (minimal)"), `slug` ("gpt-5-nano-minimal"), `release_date`,
`model_creator{id, name, slug}`, `evaluations{...}`, `pricing{price_1m_input_tokens, ...}` (USD per 1M
tokens), `median_output_tokens_per_second`, `median_time_to_first_token_seconds` (0 when not measured).
The run setting a slug or name ends with is the observation's `variant`; a slug listed beside its `-reasoning`
or `-thinking` sibling (`gemini-3-flash`, `gemini-3-flash-reasoning`) is the model with reasoning off
(`non-reasoning`), which a maker's default need not be.

Units: the three `artificial_analysis_*_index` values are 0-100, every other evaluation is a 0-1
fraction. AA adds evaluation keys over time; a key not in `EVALUATIONS` becomes a reject so a new
benchmark is visible rather than silently dropped. Attribution to https://artificialanalysis.ai/ is
required wherever these values are shown.
"""

from __future__ import annotations

import math
import re
from typing import Any

import polars as pl

from registry_pipeline.schemas.contracts import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
)
from registry_pipeline.sources._parsing import (
    FieldIssues,
    RowError,
    is_number,
    iso_date,
    load_json,
    number,
    raw_json,
    reject,
    require_file,
    shown,
    sub_object,
    text,
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


def _load(files: dict[str, bytes]) -> list[Any]:
    data = require_file(files, SPEC.id, FILE, field="data")
    body = load_json(data, SPEC.id, FILE, "data", kind=dict, what="a JSON object")
    rows = body.get("data")
    if not isinstance(rows, list):
        raise SourceParseError(SPEC.id, FILE, "data", "missing or not a list")
    return rows


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    rows = _load(files)
    as_of = context.fetched_on
    models: list[dict[str, Any]] = []
    scores: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []

    def drop(reason: str, raw: Any) -> None:
        rejects.append(reject(SPEC.id, reason, raw))

    # a slug beside its "-reasoning" or "-thinking" sibling ("gemini-3-flash", "gemini-3-flash-reasoning") is the
    # model with its reasoning off: a setting, where the maker's default may be on (Gemini 3 Flash thinks by default)
    slugs = {r["slug"].strip().lower() for r in rows if isinstance(r, dict) and isinstance(r.get("slug"), str)}
    reasoning_off = {s.rsplit("-", 1)[0] for s in slugs if s.endswith(("-reasoning", "-thinking")) and not s.endswith("-non-reasoning")}

    for row in rows:
        raw = raw_json(row)
        issues = FieldIssues()  # bad optional values: null plus a reject, the model and its scores stay
        soft = issues.get
        try:
            if not isinstance(row, dict):
                raise RowError(f"model entry is not an object ({type(row).__name__})")
            slug, name = text(row, "slug"), text(row, "name")
            if not slug and not name:
                raise RowError("model has neither 'slug' nor 'name'")
            model_id = soft(text, row, "id")
            creator = soft(sub_object, row, "model_creator") or {}
            creator_slug, creator_name = soft(text, creator, "slug"), soft(text, creator, "name")
            pricing = soft(sub_object, row, "pricing") or {}
            evaluations = sub_object(row, "evaluations")
            speed = soft(number, row, "median_output_tokens_per_second")
            ttft = soft(number, row, "median_time_to_first_token_seconds")
            model = {
                "source_id": SPEC.id,
                "raw_model_id": slug or name,
                "raw_name": name or slug,
                "provider_id": creator_slug,
                "provider_name": creator_name,
                "is_maker": False,
                "is_alias": False,
                "release_date": iso_date(row.get("release_date")),
                "price_input": soft(number, pricing, "price_1m_input_tokens", where="pricing."),
                "price_output": soft(number, pricing, "price_1m_output_tokens", where="pricing."),
                "output_tokens_per_second": speed,
                "time_to_first_token_s": ttft if ttft else None,  # AA writes 0 when not measured
                "as_of_date": as_of,
                "raw_row": raw,
            }
        except RowError as exc:
            drop(f"{FILE}: model {shown(row.get('slug') if isinstance(row, dict) else row)}: {exc}", row)
            continue
        for message in issues.messages:
            drop(f"{FILE}: model {slug or name!r}: {message}", row)
        models.append(model)

        raw_name = slug or name
        base = {
            "source_id": SPEC.id,
            "raw_model_name": raw_name,
            "raw_model_key": model_id or slug or name,
            "model_hint": name,
            "provider_hint": creator_slug,
            "variant": variant_of(slug, name) or ("non-reasoning" if slug and slug.strip().lower() in reasoning_off else None),
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
                drop(f"{FILE}: model {raw_name!r}: unknown evaluation key {key!r} (value {shown(value)}): no catalogue benchmark", row)
                continue
            if not is_number(value):
                drop(f"{FILE}: model {raw_name!r}: field 'evaluations.{key}': expected a number, got {shown(value)}", row)
                continue
            if not math.isfinite(value):
                drop(f"{FILE}: model {raw_name!r}: field 'evaluations.{key}': value is not finite ({shown(value)})", row)
                continue
            benchmark_id, unit = EVALUATIONS[key]
            scores.append({**base, "benchmark_id": benchmark_id, "raw_value": float(value), "raw_unit": unit})

    return ParsedSource(
        models=pl.DataFrame(models, schema=MODEL_RECORD_COLUMNS),
        scores=pl.DataFrame(scores, schema=SCORE_OBSERVATION_COLUMNS),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )
