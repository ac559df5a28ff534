"""OpenRouter: the models its router serves, with its prices, context lengths and parameters. No scores.

Wire format (`GET https://openrouter.ai/api/v1/models`, no auth): `{"data": [Model]}`. A Model has
`id` (`author/slug[:variant]`, `~author/...-latest` for moving aliases, `openrouter/...` for router
meta-models), `name` ("Maker: Model"), `context_length`, `architecture{input_modalities,
output_modalities}`, `pricing{prompt, completion, input_cache_read, input_cache_write, ...}`,
`top_provider{max_completion_tokens}`, `supported_parameters[]`, `knowledge_cutoff`, `hugging_face_id`.

Units: every price is a **string in USD per single token** (`"0.000005"` = $5 per 1M tokens), converted
exactly (decimal) to USD per 1M; `"0"` is a free listing (kept as 0: the registry never takes 0 as a
model's own price); `"-1"` means variable/unknown and becomes null. OpenRouter is a router, not
the maker: every row is an offer by provider `openrouter`, its maker named by the id's author prefix.

Release date: `created` alone is the day OpenRouter listed the model, not its release (it lists some
models late: `mistralai/mistral-large-2407` on 2024-11-19, Phi-4-mini-instruct on 2025-10-17, eight
months after its weights). `canonical_slug` names the snapshot a listing serves, often dated
(`openai/gpt-5.4` -> `openai/gpt-5.4-20260305`, `openai/gpt-5` -> `gpt-5-2025-08-07`, `x-ai/grok-4` ->
`x-ai/grok-4-07-09`). That day is the record's release date when the slug is the listing's own name (its
words in any order: `claude-4.7-opus` is `claude-opus-4.7`) and the listing day confirms it, within
`SNAPSHOT_LISTED_DAYS`. A slug weeks before its listing (`x-ai/grok-4.20` serves `grok-4.20-20260309`, a
beta's day; listed 2026-03-31) or mistyped (`nemotron-3-super-120b-a12b-20230311`, listed 2026-03-11)
dates nothing. It is the registry's last resort for a release date (model_metadata.SNAPSHOT_DATE_SOURCES).

Open weights: a listing that links the weights' repo (`hugging_face_id`) says the weights are open; one that
links none says nothing (OpenRouter links no repo for some open models). A listing of a model whose maker
lists no price here, linking no repo, gives the summary price (model_metadata.ROUTER_PRICE_SOURCES).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import polars as pl

from registry_pipeline.schemas.contracts import REJECT_COLUMNS, SCORE_OBSERVATION_COLUMNS, empty_frame
from registry_pipeline.sources._parsing import (
    model_frame,
    FieldIssues,
    RowError,
    check_not_router,
    count,
    load_json,
    raw_json,
    reject,
    require_file,
    shown,
    str_list,
    sub_object,
    text,
)
from registry_pipeline.sources.base import ParseContext, ParsedSource, SourceFile, SourceParseError, SourceSpec

SPEC = SourceSpec(
    id="openrouter",
    name="OpenRouter",
    publisher="OpenRouter",
    homepage="https://openrouter.ai/models",
    files=(SourceFile("models.json", "https://openrouter.ai/api/v1/models"),),
    format="json",
    default_verification_level="provider",
    licence="OpenRouter API terms of service (facts only)",
    attribution="Model listings and prices from OpenRouter (openrouter.ai).",
    priority=55,
    provides=("models",),
    freshness_days=7,
)

FILE = "models.json"
ROUTER_AUTHOR = "openrouter"  # openrouter/auto, openrouter/pareto-code ...: routers, not models
# (third-party routers such as switchpoint/router are recognised by their id or name and rejected too)
PER_MILLION = Decimal(1_000_000)


def usd_per_million(pricing: dict[str, Any], key: str) -> float | None:
    """A per-token price string as USD per 1M tokens; "-1" (variable) is None."""
    value = pricing.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowError(f"field 'pricing.{key}': expected a decimal string, got {type(value).__name__} ({shown(value)})")
    try:
        per_token = Decimal(value.strip())
    except InvalidOperation:
        raise RowError(f"field 'pricing.{key}': not a number ({shown(value)})") from None
    if per_token == -1:
        return None
    if not per_token.is_finite() or per_token < 0:
        raise RowError(f"field 'pricing.{key}': not a price ({shown(value)})")
    return round(float(per_token * PER_MILLION), 6)


SNAPSHOT_LISTED_DAYS = 2  # a snapshot's day and its listing's (UTC) may differ by a time zone and a night
# `-20260305`, `-2025-08-07`, `-07-09` (the shortest name before it: `gpt-5-2025-08-07` is gpt-5's, not gpt-5-2025's)
_MD = r"(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
SNAPSHOT_DAY = re.compile(rf"^(?P<base>.+?)-(?:(?P<ymd>20\d{{6}})|(?P<iso>20\d\d-{_MD})|(?P<md>{_MD}))$")


def _name_words(slug: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A slug's words in sorted order and its numbers in their own order (`claude-4.7-opus` and
    `claude-opus-4.7` are one name; `gpt-5.4` and `gpt-4.5` are two)."""
    tokens = [t for t in re.split(r"[-._/]", slug.lower()) if t]
    return tuple(sorted(t for t in tokens if not t.isdigit())), tuple(t for t in tokens if t.isdigit())


def snapshot_date(model: dict[str, Any], base_id: str) -> dt.date | None:
    """The day `canonical_slug` dates the snapshot this listing serves, when the slug is the listing's own
    name and `created` (the listing day) is within SNAPSHOT_LISTED_DAYS of it; else None."""
    slug, created = model.get("canonical_slug"), model.get("created")
    if not isinstance(slug, str) or isinstance(created, bool) or not isinstance(created, (int, float)):
        return None
    match = SNAPSHOT_DAY.match(slug)
    # the slug names this listing: its undated name is the listing's, or the listing's id is the dated slug itself
    if not match or _name_words(base_id) not in (_name_words(match["base"]), _name_words(slug)):
        return None
    try:
        listed = dt.datetime.fromtimestamp(created, dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        return None  # a timestamp out of any calendar's range
    if match["ymd"] or match["iso"]:
        ymd = (match["ymd"] or match["iso"]).replace("-", "")
        candidates = [(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))]
    else:  # `-07-09`: the year is the listing's, or the one either side of it across a new year
        candidates = [(listed.year + k, int(match["md"][:2]), int(match["md"][3:])) for k in (0, -1, 1)]
    for year, month, day in candidates:
        try:
            snapshot = dt.date(year, month, day)
        except ValueError:
            continue  # a day no calendar has (`-20260231`, `-02-30`; `-02-29` in the year before a leap year's)
        if abs((snapshot - listed).days) <= SNAPSHOT_LISTED_DAYS:
            return snapshot
    return None


def _cutoff(value: str | None) -> str | None:
    if value and len(value) >= 7 and value[4] == "-" and value[:4].isdigit() and value[5:7].isdigit():
        return value[:7]
    return None


def _row(model: Any, issues: FieldIssues) -> dict[str, Any]:
    if not isinstance(model, dict):
        raise RowError(f"model entry is not an object ({type(model).__name__})")
    model_id = text(model, "id")
    if not model_id or "/" not in model_id:
        raise RowError(f"field 'id': missing or not author/slug ({shown(model.get('id'))})")
    author = model_id.lstrip("~").split("/", 1)[0].lower()
    if author == ROUTER_AUTHOR:
        raise RowError(f"{model_id!r} is listed under OpenRouter itself (a router or an unattributed model), not under a maker")
    name = text(model, "name")
    if not name:
        raise RowError("field 'name': missing")
    check_not_router(model_id, name)  # a third-party router: switchpoint/router "Switchpoint Router"
    soft = issues.get
    pricing = soft(sub_object, model, "pricing") or {}
    arch = soft(sub_object, model, "architecture") or {}
    top = soft(sub_object, model, "top_provider") or {}
    params = set(soft(str_list, model, "supported_parameters") or [])
    base_id = model_id.split(":", 1)[0]
    return {
        "source_id": SPEC.id,
        "raw_model_id": model_id,
        # "Anthropic: Claude Opus 4.5" -> "Claude Opus 4.5"; a listing variant's "(free)" is not part of the name
        "raw_name": re.sub(r"\s*\((free|extended|beta|thinking)\)$", "", name.split(": ", 1)[1] if ": " in name else name),
        "provider_id": "openrouter",
        "provider_name": "OpenRouter",
        "is_maker": False,
        "is_alias": model_id.startswith("~"),
        "maker_hint": author,
        "context_window": soft(count, model, "context_length") or None,
        "max_output_tokens": soft(count, top, "max_completion_tokens", where="top_provider.") or None,
        "price_input": soft(usd_per_million, pricing, "prompt"),
        "price_output": soft(usd_per_million, pricing, "completion"),
        "price_cache_input": soft(usd_per_million, pricing, "input_cache_read"),
        "price_cache_output": soft(usd_per_million, pricing, "input_cache_write"),
        "input_modalities": soft(str_list, arch, "input_modalities", where="architecture."),
        "output_modalities": soft(str_list, arch, "output_modalities", where="architecture."),
        "supports_reasoning": bool(params & {"reasoning", "include_reasoning"}) if params else None,
        "supports_tools": "tools" in params if params else None,
        "supports_structured_output": bool(params & {"structured_outputs", "response_format"}) if params else None,
        "training_cutoff": _cutoff(soft(text, model, "knowledge_cutoff")),
        "release_date": None if model_id.startswith("~") else snapshot_date(model, base_id),
        # a listing that links the weights' repo serves open weights; one that links none says nothing either way
        "open_weights": True if (soft(text, model, "hugging_face_id") or "").strip() else None,
        "status": "active",
        "source_url": f"https://openrouter.ai/{base_id.lstrip('~')}",
        "raw_row": raw_json({k: v for k, v in model.items() if k != "description"}),
    }


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    body = load_json(require_file(files, SPEC.id, FILE), SPEC.id, FILE, "<body>", kind=dict, what="an object with 'data'")
    items = body.get("data")
    if not isinstance(items, list):
        raise SourceParseError(SPEC.id, FILE, "data", f"expected a list of models, got {type(items).__name__}")
    rows, rejects = [], []
    for i, model in enumerate(items):
        issues = FieldIssues()
        where = f"{FILE}: data[{i}] {shown(model.get('id')) if isinstance(model, dict) else ''}".rstrip()
        try:
            rows.append(_row(model, issues))
        except RowError as exc:
            rejects.append(reject(SPEC.id, f"{where}: {exc}", model))
            continue
        rejects.extend(reject(SPEC.id, f"{where}: {m}", model) for m in issues.messages)
    return ParsedSource(models=model_frame(rows, context.fetched_on), scores=empty_frame(SCORE_OBSERVATION_COLUMNS), rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS))
