"""models.dev: provider/model metadata (context window, prices, modalities, dates). No scores.

Wire format (`api.json`): one JSON object keyed by provider id ->
`{id, env, npm, api?, name, doc, models: {<model_id>: Model}}`. Costs are USD per 1M tokens, limits are
tokens, dates are strings that are sometimes only "YYYY-MM". The same model is listed by its maker and
by many resellers; `is_maker` marks the maker's own row (see `MAKERS`).
"""

from __future__ import annotations

from typing import Any

import orjson
import polars as pl

from registry_pipeline.schemas.contracts import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    empty_frame,
)
from registry_pipeline.sources.base import (
    ParseContext,
    ParsedSource,
    SourceFile,
    SourceParseError,
    SourceSpec,
)

SPEC = SourceSpec(
    id="models-dev",
    name="models.dev",
    publisher="models.dev (anomalyco/models.dev)",
    homepage="https://models.dev",
    files=(SourceFile("api.json", "https://models.dev/api.json"),),
    format="json",
    default_verification_level="community",
    licence="MIT",
    attribution="Model metadata from models.dev (MIT licence).",
    attribution_required=False,
    priority=50,
    provides=("models",),
    freshness_days=7,
)

FILE = "api.json"

# models.dev provider ids that are the first-party API of the models they list -> maker display name.
# Only the maker's primary (international) endpoint is listed, so each model has one maker row:
# regional / plan duplicates of the same maker (moonshotai-cn, kimi-for-coding, zai-coding-plan,
# zhipuai, zhipuai-coding-plan, minimax-cn, minimax-coding-plan, minimax-cn-coding-plan) repeat the
# same models, and alibaba-cn also resells DeepSeek and Kimi models, so they count as resellers here.
# Multi-maker hosts (openrouter, azure, amazon-bedrock, google-vertex, togetherai, nvidia, ...) are
# resellers. `llama` is Meta's own Llama API.
MAKERS: dict[str, str] = {
    "anthropic": "Anthropic",
    "openai": "OpenAI",
    "google": "Google",
    "deepseek": "DeepSeek",
    "xai": "xAI",
    "mistral": "Mistral",
    "moonshotai": "Moonshot AI",
    "zai": "Z.ai",
    "alibaba": "Alibaba",
    "cohere": "Cohere",
    "llama": "Meta",
    "minimax": "MiniMax",
    "xiaomi": "Xiaomi",
    "nova": "Amazon",
    "perplexity": "Perplexity",
    "inception": "Inception",
    "upstage": "Upstage",
    "stepfun": "StepFun",
    "bailing": "Ant Group",
    "morph": "Morph",
    "lucidquery": "LucidQuery",
    "v0": "Vercel",
}

_STATUS = {"deprecated": "deprecated", "alpha": "preview", "beta": "preview"}

# Columns of the intermediate frame built by the flattening loop; dates stay strings until vectorised.
_FLAT_COLUMNS: dict[str, pl.DataType] = {
    **{k: v for k, v in MODEL_RECORD_COLUMNS.items() if k not in ("release_date", "training_cutoff", "as_of_date")},
    "release_date_raw": pl.String,
    "knowledge_raw": pl.String,
    "last_updated_raw": pl.String,
    "status_raw": pl.String,
}


class _RowError(ValueError):
    """One model entry cannot be read; it becomes a reject naming the field."""


def _get(obj: dict[str, Any], key: str, kinds: tuple[type, ...], *, where: str = "") -> Any:
    value = obj.get(key)
    if value is None:
        return None
    # bool is an int subclass: never accept it where a number is expected, and vice versa.
    if isinstance(value, bool) and bool not in kinds:
        raise _RowError(f"field {where + key!r}: expected {'/'.join(k.__name__ for k in kinds)}, got bool")
    if not isinstance(value, kinds):
        raise _RowError(
            f"field {where + key!r}: expected {'/'.join(k.__name__ for k in kinds)}, got {type(value).__name__}"
        )
    return value


def _obj(obj: dict[str, Any], key: str) -> dict[str, Any]:
    value = obj.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _RowError(f"field {key!r}: expected an object, got {type(value).__name__}")
    return value


def _str_list(obj: dict[str, Any], key: str, where: str) -> list[str] | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _RowError(f"field {where + key!r}: expected a list of strings")
    return value


def _flatten(provider_id: str, provider: dict[str, Any], model_key: str, model: Any) -> dict[str, Any]:
    if not isinstance(model, dict):
        raise _RowError(f"model entry is not an object ({type(model).__name__})")
    model_id = _get(model, "id", (str,)) or model_key
    if not isinstance(model_id, str) or not model_id:
        raise _RowError("field 'id': missing")
    name = _get(model, "name", (str,))
    if not name:
        raise _RowError("field 'name': missing")
    limit, cost, modalities = _obj(model, "limit"), _obj(model, "cost"), _obj(model, "modalities")
    num = (int, float)
    context = _get(limit, "context", num, where="limit.")
    output = _get(limit, "output", num, where="limit.")
    status = _get(model, "status", (str,))
    return {
        "source_id": SPEC.id,
        "raw_model_id": f"{provider_id}/{model_id}",
        "raw_name": name,
        "provider_id": provider_id,
        # a maker's row names the maker ("Meta", not the "Llama" API); a reseller's row names the reseller
        "provider_name": MAKERS.get(provider_id) or (provider.get("name") if isinstance(provider.get("name"), str) else None),
        "is_maker": provider_id in MAKERS,
        "is_alias": name.rstrip().endswith("(latest)") or model_id.endswith("-latest"),
        "family": _get(model, "family", (str,)),
        "context_window": int(context) if context else None,
        "max_output_tokens": int(output) if output else None,
        "price_input": _get(cost, "input", num, where="cost."),
        "price_output": _get(cost, "output", num, where="cost."),
        "price_cache_input": _get(cost, "cache_read", num, where="cost."),
        "price_cache_output": _get(cost, "cache_write", num, where="cost."),
        "input_modalities": _str_list(modalities, "input", "modalities."),
        "output_modalities": _str_list(modalities, "output", "modalities."),
        "supports_reasoning": _get(model, "reasoning", (bool,)),
        "supports_tools": _get(model, "tool_call", (bool,)),
        "supports_structured_output": _get(model, "structured_output", (bool,)),
        "supports_attachment": _get(model, "attachment", (bool,)),
        "open_weights": _get(model, "open_weights", (bool,)),
        "output_tokens_per_second": None,
        "time_to_first_token_s": None,
        "raw_row": orjson.dumps(model, option=orjson.OPT_SORT_KEYS).decode(),
        "release_date_raw": _get(model, "release_date", (str,)),
        "knowledge_raw": _get(model, "knowledge", (str,)),
        "last_updated_raw": _get(model, "last_updated", (str,)),
        "status_raw": status,
    }


def _load(files: dict[str, bytes]) -> dict[str, Any]:
    if FILE not in files:
        raise SourceParseError(SPEC.id, FILE, "<file>", "file missing from snapshot")
    try:
        body = orjson.loads(files[FILE])
    except orjson.JSONDecodeError as exc:
        raise SourceParseError(SPEC.id, FILE, "<body>", f"not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise SourceParseError(SPEC.id, FILE, "<body>", f"expected an object of providers, got {type(body).__name__}")
    if not body:
        raise SourceParseError(SPEC.id, FILE, "<body>", "no providers")
    return body


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    body = _load(files)
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []

    def reject(reason: str, raw: Any) -> None:
        rejects.append({
            "source_id": SPEC.id,
            "stage": "parse",
            "reason": reason,
            "raw_row": orjson.dumps(raw, option=orjson.OPT_SORT_KEYS, default=str).decode(),
        })

    for provider_key, provider in body.items():
        if not isinstance(provider, dict):
            reject(f"provider {provider_key!r}: not an object", {"provider": provider_key, "value": provider})
            continue
        models = provider.get("models")
        if not isinstance(models, dict):
            reject(f"provider {provider_key!r}: field 'models' missing or not an object",
                   {k: v for k, v in provider.items() if k != "models"} | {"models": models})
            continue
        provider_id = provider.get("id") if isinstance(provider.get("id"), str) and provider.get("id") else provider_key
        for model_key, model in models.items():
            try:
                rows.append(_flatten(provider_id, provider, model_key, model))
            except _RowError as exc:
                reject(f"provider {provider_id!r} model {model_key!r}: {exc}", model)

    flat = pl.DataFrame(rows, schema=_FLAT_COLUMNS)
    models_frame = flat.with_columns(
        # Only a full YYYY-MM-DD is a date; "YYYY-MM" stays null (never invent a day).
        release_date=pl.col("release_date_raw").str.to_date("%Y-%m-%d", strict=False),
        as_of_date=pl.col("last_updated_raw").str.to_date("%Y-%m-%d", strict=False),
        training_cutoff=pl.col("knowledge_raw").str.slice(0, 7),
        status=pl.col("status_raw").replace_strict(_STATUS, default=pl.col("status_raw"), return_dtype=pl.String)
        .fill_null("active"),
    ).select([pl.col(c).cast(t) for c, t in MODEL_RECORD_COLUMNS.items()])

    return ParsedSource(
        models=models_frame,
        scores=empty_frame(SCORE_OBSERVATION_COLUMNS),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )
