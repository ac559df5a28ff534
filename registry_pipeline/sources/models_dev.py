"""models.dev: provider/model metadata (context window, prices, modalities, dates). No scores.

Wire format (`api.json`): one JSON object keyed by provider id ->
`{id, env, npm, api?, name, doc, models: {<model_id>: Model}}`. Costs are USD per 1M tokens, limits are
tokens, dates are strings that are sometimes only "YYYY-MM". The same model is listed by its maker and
by many resellers; `is_maker` marks the maker's own row (see `MAKERS`). A `cost.cache_read` above the row's
`cost.input` is not a cache read's price: that field becomes null, with a reject naming the row and both prices.
A router's listing (Kilo's `kilo/auto`, Morph's `auto`, Azure's `model-router`: it picks another model per
request) is a reject, as OpenRouter's routers are: no model's record.

A host's `knowledge` that is one value for nearly all of its listings, across several makers' models
(ZenMux's 2025-01 for Claude 3.5 Haiku and Claude Opus 4.6 alike: none of its listings states a cutoff),
or one value the makers' own listings of those models contradict (Vercel's 2024-10 for GPT-5.2 and
GLM-4.5: those listings state none), is a placeholder (`placeholder_cutoffs`). So is a host's release date
that many makers' models share (Chutes' 2025-12-29 for 52 listings, Hermes 4 and Qwen2.5 among them): the
day it listed them (`placeholder_release_dates`). One reject per host and value names each.

A row's `as_of_date` is the day it was fetched: its prices and limits are what the listing offers then,
and a moving alias it lists (`gpt-4o`, `deepseek-chat`) serves then what the alias history says. Its
`last_updated` is the model's last update as models.dev records it, not the listing's: OpenAI's `gpt-4o`
row says 2024-05-13 (or 2024-08-06) beside gpt-4o-2024-08-06's price, 2.5/10, so that resolving it as of
that day gave gpt-4o-2024-05-13 (5/15) the other snapshot's price.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from registry_pipeline.schemas.contracts import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    empty_frame,
)
from registry_pipeline.sources._parsing import (
    FieldIssues,
    RowError,
    check_not_router,
    count,
    field,
    load_json,
    raw_json,
    reject,
    require_file,
    shown,
    str_list,
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
    "status_raw": pl.String,
}


def _hosted_copy(model_id: str, provider_id: str, provider_ids: frozenset[str]) -> bool:
    """A maker listing a copy served by another provider (`llama/groq-llama-4-maverick-...`)."""
    head = model_id.split("-", 1)[0].lower()
    return head != provider_id and head in provider_ids


def _flatten(
    provider_id: str,
    provider: dict[str, Any],
    model_key: str,
    model: Any,
    provider_ids: frozenset[str] = frozenset(),
    issues: FieldIssues | None = None,
) -> dict[str, Any]:
    """One model row. A missing id/name or a row that is not an object is a RowError (the row is
    rejected); a bad optional value (a price that is not a number, a context window of 1e30) is
    recorded in `issues` and becomes null, so the model and its scores stay."""
    if not isinstance(model, dict):
        raise RowError(f"model entry is not an object ({type(model).__name__})")
    model_id = field(model, "id", (str,)) or model_key
    if not isinstance(model_id, str) or not model_id:
        raise RowError("field 'id': missing")
    name = text(model, "name")  # stripped: models.dev has names ending in a tab
    if not name:
        raise RowError("field 'name': missing")
    check_not_router(model_id, name)  # Kilo's `kilo/auto`, Morph's `auto`, Azure's `model-router`
    soft = (issues or FieldIssues()).get
    limit = soft(sub_object, model, "limit") or {}
    cost = soft(sub_object, model, "cost") or {}
    modalities = soft(sub_object, model, "modalities") or {}
    context = soft(count, limit, "context", where="limit.")
    output = soft(count, limit, "output", where="limit.")
    num = (int, float)
    family = soft(field, model, "family", (str,))
    price_input = soft(field, cost, "input", num, where="cost.")
    hosted = provider_id in MAKERS and _hosted_copy(model_id, provider_id, provider_ids)
    return {
        "source_id": SPEC.id,
        "raw_model_id": f"{provider_id}/{model_id}",
        "raw_name": name,
        "provider_id": provider_id,
        # a maker's row names the maker ("Meta", not the "Llama" API); a reseller's row names the reseller
        "provider_name": MAKERS.get(provider_id) or (provider.get("name") if isinstance(provider.get("name"), str) else None),
        "is_maker": provider_id in MAKERS and not hosted,
        "is_alias": name.rstrip().endswith("(latest)") or model_id.endswith("-latest"),
        # the maker as models.dev says it: the maker's own provider id, else the model's family
        # ("llama", "qwen"), else the org prefix of a host's id ("meta-llama/..."); catalog/makers.csv maps it
        # (a maker's listing of another host's copy, `llama/groq-llama-4-...`, names no maker: it is not a model)
        "maker_hint": None if hosted else provider_id if provider_id in MAKERS else (
            family or (model_id.split("/", 1)[0].lower() if "/" in model_id else None)
        ),
        "family": family,
        "source_url": "https://models.dev",
        "context_window": context or None,
        "max_output_tokens": output or None,
        "price_input": price_input,
        "price_output": soft(field, cost, "output", num, where="cost."),
        "price_cache_input": soft(cache_read_price, soft(field, cost, "cache_read", num, where="cost."), price_input),
        "price_cache_output": soft(field, cost, "cache_write", num, where="cost."),
        "input_modalities": soft(str_list, modalities, "input", where="modalities."),
        "output_modalities": soft(str_list, modalities, "output", where="modalities."),
        "supports_reasoning": soft(field, model, "reasoning", (bool,)),
        "supports_tools": soft(field, model, "tool_call", (bool,)),
        "supports_structured_output": soft(field, model, "structured_output", (bool,)),
        "supports_attachment": soft(field, model, "attachment", (bool,)),
        "open_weights": soft(field, model, "open_weights", (bool,)),
        "output_tokens_per_second": None,
        "time_to_first_token_s": None,
        "raw_row": raw_json(model),
        "release_date_raw": soft(field, model, "release_date", (str,)),
        "knowledge_raw": soft(field, model, "knowledge", (str,)),
        "status_raw": soft(field, model, "status", (str,)),
    }


# A host's `knowledge` that is a default, not a cutoff, by either sign:
# - one value for at least PLACEHOLDER_SHARE of its listings that state one, across at least PLACEHOLDER_MAKERS
#   makers' models (ZenMux says 2025-01 for 64 of 67, Claude 3.5 Haiku and Claude Opus 4.6 alike, and its
#   listings' release month for the other 3; Vultr 2024-10 for all 5, Kimi K2 and gpt-oss among them): the
#   host's field is a placeholder, and none of its values is a cutoff;
# - one value for at least DEFAULT_CHECKED listings whose models' makers list them with a cutoff of their own,
#   and agreeing with at most DEFAULT_AGREEMENT of those (Vercel's 2024-10: 0 of 12, GPT-5.2 and GLM-4.5
#   among them; Helicone's 2025-01: 1 of 18, o1 and GPT-5 among them). The hosts' values that are facts
#   agree with the makers' in a third to all of their listings.
# A maker's own listings never count: one cutoff for a maker's line (Cohere's, Z.ai's) is the maker's statement.
PLACEHOLDER_SHARE = 0.9
PLACEHOLDER_MAKERS = 4
PLACEHOLDER_MIN_LISTINGS = 5
DEFAULT_CHECKED = 8
DEFAULT_AGREEMENT = 0.1
PLACEHOLDER_COLUMNS: dict[str, pl.DataType] = {
    "provider_id": pl.String, "knowledge_raw": pl.String, "stated": pl.UInt32, "listings": pl.UInt32, "makers": pl.UInt32,
    "checked": pl.UInt32, "agreeing": pl.UInt32, "whole_host": pl.Boolean, "reason": pl.String,
}


def placeholder_cutoffs(flat: pl.DataFrame) -> pl.DataFrame:
    """Per host and `knowledge` value that is a placeholder (PLACEHOLDER_COLUMNS): how many of the host's
    listings state it (`stated`) of how many state one (`listings`), their makers (`makers`), how many of them
    their maker lists with a cutoff (`checked`: the maker's listing of the same id, the last part of the
    host's) and how many of those agree (`agreeing`), whether none of the host's values is a cutoff
    (`whole_host`) and why (`reason`)."""
    month = pl.col("knowledge_raw").str.slice(0, 7)
    key = pl.col("raw_model_id").str.replace(r"^.*/", "").str.to_lowercase()  # the id without its host or org
    stated = flat.filter(~pl.col("is_maker") & pl.col("knowledge_raw").is_not_null()).with_columns(_key=key)
    makers_own = (
        flat.filter(pl.col("is_maker") & pl.col("knowledge_raw").is_not_null())
        .select(_key=key, _maker_month=month)
        .unique("_key", keep="none")  # a key two makers' listings share checks nothing
    )
    per_value = (
        stated.join(makers_own, on="_key", how="left")
        .group_by("provider_id", "knowledge_raw")
        .agg(stated=pl.len(), makers=pl.col("maker_hint").drop_nulls().str.to_lowercase().n_unique(),
             checked=pl.col("_maker_month").is_not_null().sum(), agreeing=(month == pl.col("_maker_month")).sum())
        .join(stated.group_by("provider_id").agg(listings=pl.len()), on="provider_id")
    )
    shared = (pl.col("listings") >= PLACEHOLDER_MIN_LISTINGS) & (pl.col("stated") >= PLACEHOLDER_SHARE * pl.col("listings")) \
        & (pl.col("makers") >= PLACEHOLDER_MAKERS)
    disagreed = (pl.col("checked") >= DEFAULT_CHECKED) & (pl.col("agreeing") <= DEFAULT_AGREEMENT * pl.col("checked"))
    return (
        per_value.filter(shared | disagreed)
        .with_columns(whole_host=shared, reason=pl.when(shared).then(pl.format(
            "field 'knowledge' is '{}' in {} of its {} listings that state one, {} makers' models: a placeholder, "
            "not a training cutoff; none of its listings states one", "knowledge_raw", "stated", "listings", "makers"))
            .otherwise(pl.format(
                "field 'knowledge' is '{}' in {} of its listings; the makers' own listings give {} of those models "
                "a cutoff, and {} the same one: a default, not a training cutoff; those listings state none",
                "knowledge_raw", "stated", "checked", "agreeing")))
        .select([pl.col(c).cast(t) for c, t in PLACEHOLDER_COLUMNS.items()])
        .sort("provider_id", "knowledge_raw")
    )


# A host's `release_date` that is its listing's day, not the model's release: one day for at least
# DATE_DEFAULT_LISTINGS of its listings of at least DATE_DEFAULT_MAKERS makers' models (Chutes' 2025-12-29 for
# 52 listings, Hermes 4 and Qwen2.5 among them; Bedrock's 2024-12-01 for 15, Mistral Large 2402 among them).
# Makers launch on days of their own: a day that many makers' models share is when the host listed them.
DATE_DEFAULT_LISTINGS = 8
DATE_DEFAULT_MAKERS = 5


def placeholder_release_dates(flat: pl.DataFrame) -> pl.DataFrame:
    """Per host and `release_date` that is a listing day (`release_date_raw`): how many of its listings give it
    (`stated`) and how many makers' models they are (`makers`)."""
    return (
        flat.filter(~pl.col("is_maker") & pl.col("release_date_raw").str.contains(r"^\d{4}-\d{2}-\d{2}$"))
        .group_by("provider_id", "release_date_raw")
        .agg(stated=pl.len(), makers=pl.col("maker_hint").drop_nulls().str.to_lowercase().n_unique())
        .filter((pl.col("stated") >= DATE_DEFAULT_LISTINGS) & (pl.col("makers") >= DATE_DEFAULT_MAKERS))
        .sort("provider_id", "release_date_raw")
    )


def without_placeholders(flat: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[str, dict[str, Any]]]]:
    """`flat` with the hosts' placeholder cutoffs and listing days read as none, and one (reason, raw) per
    host and value."""
    cutoffs, days = placeholder_cutoffs(flat), placeholder_release_dates(flat)
    found = [(f"provider {r['provider_id']!r}: {r.pop('reason')}", r) for r in cutoffs.iter_rows(named=True)]
    found += [(f"provider {r['provider_id']!r}: field 'release_date' is {r['release_date_raw']!r} in {r['stated']} of its "
               f"listings, {r['makers']} makers' models: the day the host listed them, not a release; those listings "
               f"state none", r) for r in days.iter_rows(named=True)]
    cutoff = pl.concat_str("provider_id", "knowledge_raw", separator="\x00")
    day = pl.concat_str("provider_id", "release_date_raw", separator="\x00")
    whole = cutoffs.filter("whole_host")["provider_id"].implode()
    flat = flat.with_columns(
        knowledge_raw=pl.when(cutoff.is_in(cutoffs.select(k=cutoff)["k"].implode()) | pl.col("provider_id").is_in(whole) & ~pl.col("is_maker"))
        .then(None).otherwise(pl.col("knowledge_raw")),
        release_date_raw=pl.when(day.is_in(days.select(k=day)["k"].implode())).then(None).otherwise(pl.col("release_date_raw")),
    )
    return flat, found


def cache_read_price(value: float | None, input_price: float | None) -> float | None:
    """A cached read costs at most an uncached one: a `cache_read` above `input` is not a cache read's price
    (models.dev's openai/gpt-3.5-turbo: input 0.5, cache_read 1.25; OpenAI never cached GPT-3.5 Turbo)."""
    if value is not None and input_price is not None and value > input_price:
        raise RowError(f"field 'cost.cache_read': {shown(value)} is above cost.input ({shown(input_price)}), "
                       "and a cached read costs at most an uncached one")
    return value


def _load(files: dict[str, bytes]) -> dict[str, Any]:
    data = require_file(files, SPEC.id, FILE)
    body = load_json(data, SPEC.id, FILE, "<body>", kind=dict, what="an object of providers")
    if not body:
        raise SourceParseError(SPEC.id, FILE, "<body>", "no providers")
    return body


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    body = _load(files)
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []

    def drop(reason: str, raw: Any) -> None:
        rejects.append(reject(SPEC.id, reason, raw))

    provider_ids = frozenset(str(k).lower() for k in body)

    for provider_key, provider in body.items():
        if not isinstance(provider, dict):
            drop(f"provider {provider_key!r}: not an object", {"provider": provider_key, "value": provider})
            continue
        models = provider.get("models")
        if not isinstance(models, dict):
            drop(f"provider {provider_key!r}: field 'models' missing or not an object",
                   {k: v for k, v in provider.items() if k != "models"} | {"models": models})
            continue
        provider_id = provider.get("id") if isinstance(provider.get("id"), str) and provider.get("id") else provider_key
        for model_key, model in models.items():
            issues = FieldIssues()
            try:
                rows.append(_flatten(provider_id, provider, model_key, model, provider_ids, issues))
            except RowError as exc:
                drop(f"{FILE}: provider {provider_id!r} model {model_key!r}: {exc}", model)
            for message in issues.messages:
                drop(f"{FILE}: provider {provider_id!r} model {model_key!r}: {message}", model)

    flat = pl.DataFrame(rows, schema=_FLAT_COLUMNS)
    flat, placeholders = without_placeholders(flat)
    for reason, raw in placeholders:
        drop(f"{FILE}: {reason}", raw)
    models_frame = flat.with_columns(
        # Only a full YYYY-MM-DD is a date; "YYYY-MM" stays null (never invent a day).
        release_date=pl.col("release_date_raw").str.to_date("%Y-%m-%d", strict=False),
        as_of_date=pl.lit(context.fetched_on, pl.Date),
        training_cutoff=pl.col("knowledge_raw").str.slice(0, 7),
        status=pl.col("status_raw").replace_strict(_STATUS, default=pl.col("status_raw"), return_dtype=pl.String)
        .fill_null("active"),
    ).select([pl.col(c).cast(t) for c, t in MODEL_RECORD_COLUMNS.items()])

    return ParsedSource(
        models=models_frame,
        scores=empty_frame(SCORE_OBSERVATION_COLUMNS),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )
