"""yamanahlawat/llm-registry: a community registry of model capabilities and prices. No scores.

Wire format (`src/llm_registry/data/models.json` in the GitHub repo, no auth):
`{"models": {<model_id>: {providers[], model_family, api_params{...}, features{vision, tools,
json_mode, system_prompt}, token_costs{input_cost, output_cost, cache_input_cost?,
cache_output_cost?, context_window, training_cutoff "YYYY-MM"}, modalities?{input[], output[]}}}}`.

Units: costs are USD per 1M tokens; context windows are tokens. The ids are short and often
family-level (`llama-3.3`, `gemini-3-pro`), so this source confirms models others define and never
defines one itself (`creates_models=False`); `providers` names who serves it: the first provider
that is a model maker is its `maker_hint`, hosts (`github`, `ollama`) are not makers.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from registry_pipeline.schemas.contracts import REJECT_COLUMNS, SCORE_OBSERVATION_COLUMNS, empty_frame
from registry_pipeline.sources._parsing import (
    model_frame,
    FieldIssues,
    RowError,
    count,
    field,
    load_json,
    number,
    raw_json,
    reject,
    require_file,
    str_list,
    sub_object,
    text,
)
from registry_pipeline.sources.base import ParseContext, ParsedSource, SourceFile, SourceParseError, SourceSpec

SPEC = SourceSpec(
    id="yamanahlawat-llm-registry",
    name="llm-registry (yamanahlawat)",
    publisher="Yaman Ahlawat (github.com/yamanahlawat/llm-registry)",
    homepage="https://github.com/yamanahlawat/llm-registry",
    files=(SourceFile("models.json", "https://raw.githubusercontent.com/yamanahlawat/llm-registry/main/src/llm_registry/data/models.json"),),
    format="json",
    default_verification_level="community",
    licence="MIT",
    attribution="Model capabilities and prices from yamanahlawat/llm-registry (MIT licence).",
    priority=60,
    provides=("models",),
    creates_models=False,
    freshness_days=30,
    cadence="weekly",
)

FILE = "models.json"
HOSTS = frozenset({"github", "ollama", "azure", "bedrock", "openrouter", "groq", "together"})


def _row(model_id: str, entry: Any, issues: FieldIssues) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise RowError(f"entry is not an object ({type(entry).__name__})")
    if not model_id.strip():
        raise RowError("empty model id")
    soft = issues.get
    providers = soft(str_list, entry, "providers") or []
    makers = [p for p in providers if p.lower() not in HOSTS]
    costs = soft(sub_object, entry, "token_costs") or {}
    features = soft(sub_object, entry, "features") or {}
    modalities = soft(sub_object, entry, "modalities") or {}
    cutoff = soft(text, costs, "training_cutoff", where="token_costs.")
    vision = soft(field, features, "vision", (bool,), where="features.")
    inputs = soft(str_list, modalities, "input", where="modalities.")
    if inputs is None and vision is not None:
        inputs = ["text", "image"] if vision else ["text"]
    return {
        "source_id": SPEC.id,
        "raw_model_id": model_id,
        "raw_name": model_id,  # the registry has no display names
        "provider_id": makers[0] if makers else (providers[0] if providers else None),
        "provider_name": None,
        "is_maker": False,  # a community registry, not the maker's own listing
        "is_alias": False,
        "maker_hint": makers[0] if makers else None,
        "family": soft(text, entry, "model_family"),
        "training_cutoff": cutoff if cutoff and len(cutoff) == 7 and cutoff[4] == "-" else None,
        "context_window": soft(count, costs, "context_window", where="token_costs.") or None,
        "price_input": soft(number, costs, "input_cost", where="token_costs."),
        "price_output": soft(number, costs, "output_cost", where="token_costs."),
        "price_cache_input": soft(number, costs, "cache_input_cost", where="token_costs."),
        "price_cache_output": soft(number, costs, "cache_output_cost", where="token_costs."),
        "input_modalities": inputs,
        "output_modalities": soft(str_list, modalities, "output", where="modalities."),
        "supports_tools": soft(field, features, "tools", (bool,), where="features."),
        "supports_structured_output": soft(field, features, "json_mode", (bool,), where="features."),
        "source_url": SPEC.homepage,
        "raw_row": raw_json({"id": model_id, **entry}),
    }


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    body = load_json(require_file(files, SPEC.id, FILE), SPEC.id, FILE, "<body>", kind=dict, what="an object with 'models'")
    models = body.get("models")
    if not isinstance(models, dict) or not models:
        raise SourceParseError(SPEC.id, FILE, "models", "expected a non-empty object of models")
    rows, rejects = [], []
    for model_id, entry in models.items():
        issues = FieldIssues()
        try:
            rows.append(_row(str(model_id), entry, issues))
        except RowError as exc:
            rejects.append(reject(SPEC.id, f"{FILE}: model {model_id!r}: {exc}", {"id": model_id, "entry": entry}))
            continue
        rejects.extend(reject(SPEC.id, f"{FILE}: model {model_id!r}: {m}", {"id": model_id, **entry}) for m in issues.messages)
    return ParsedSource(models=model_frame(rows, context.fetched_on), scores=empty_frame(SCORE_OBSERVATION_COLUMNS), rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS))
