"""ARC Prize leaderboard (arcprize.org): one score per (model id, dataset) evaluation.

Wire format: four normalised JSON tables joined by id. `evaluations.json` rows are
`{datasetId, modelId, score (fraction 0-1), costPerTask (USD), cost?, resultsUrl, display, ...}`;
`models.json` rows `{id, displayName, modelReleaseDate, providerId, modelType, modelGroup, ...}`;
`providers.json` and `datasets.json` are `{id, displayName, ...}` lookups. The site's
`leaderboard/v{1,2,3}.json` files are denormalised copies of the same rows (one per ARC version, fields
already joined in), so they are not fetched: they would only repeat every evaluation.

Choices (see the tests for the facts they rest on):
* A model id can appear more than once in models.json; the LAST entry wins, as on the site itself
  (its leaderboard view shows `o3-mini-2025-01-31-low` with the second entry's modelType "CoT").
* Humans, ARC Prize competition (Kaggle) entries, bespoke non-LLM models (HRM, TRM) and third-party
  refinement systems built around an LLM are not language models of the registry: their evaluations are
  rejects whose reason starts with "not a language model:" (a refinement system's score belongs to the
  system, not to the model inside it).
* One model id per reasoning setting: the id's trailing setting tokens (`-thinking-16k`, `-high`,
  ` Thinking 16K`, `- high`) become `variant`, a trailing route token (`-openrouter`, `-bedrock`,
  `-together`) goes to details, and a maker namespace (`anthropic-`, `openai-`, ...) is dropped from
  `raw_model_name`. The full id is `raw_model_key`; `model_hint` is the display name without its footnote
  markers ("GPT-5 (Low)"), a second spelling that resolves where a dated id does not (`gpt-5-2025-08-07`).
* Semi-private sets are ARC Prize's own held-back runs: third_party. A public-eval row is third_party when
  ARC Prize also ran the same model id on that version's semi-private set (every public-eval row of the
  data does); a public-eval row without such a run can only be a lab's own report: provider.
* Evaluation rows carry no date and a model's release date is not when it was measured, so
  `as_of_date` is the day the evaluations file was last changed as its server stated (`Last-Modified`),
  else the fetch date (`context.file_day`); the release date stays in details.
* Models: one record per settings-free model id that has a score, named by its display name without the
  setting (`model_name`), its maker the provider. It defines a model when no model has its name and its maker
  is curated (model_metadata's admission): ARC Prize runs frontier models before any catalogue here lists
  them (Claude Opus 4.8, Gemini 3.5 Flash). The record carries no release date: `modelReleaseDate`
  disagrees with the makers' dates for 16 of the 54 models that have another (snapshot days for Anthropic's
  models, the ARC-AGI-3 run day for several makers' entries).
"""

from __future__ import annotations

import math
import re
from typing import Any

import polars as pl

from registry_pipeline.schemas.contracts import (
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
)
from registry_pipeline.sources._parsing import (
    FieldIssues,
    RowError,
    field,
    is_number,
    iso_date,
    load_json,
    model_frame,
    number,
    raw_json,
    reject,
    require_file,
    shown,
    text,
)
from registry_pipeline.sources.base import (
    ParseContext,
    ParsedSource,
    SourceFile,
    SourceSpec,
)

DATA_URL = "https://arcprize.org/media/data"
LEADERBOARD_URL = "https://arcprize.org/leaderboard"
EVALUATIONS, MODELS, PROVIDERS, DATASETS = "evaluations.json", "models.json", "providers.json", "datasets.json"

SPEC = SourceSpec(
    id="arc-prize",
    name="ARC Prize leaderboard (ARC-AGI)",
    publisher="ARC Prize Foundation",
    homepage=LEADERBOARD_URL,
    files=tuple(SourceFile(name, f"{DATA_URL}/{name}") for name in (EVALUATIONS, MODELS, PROVIDERS, DATASETS)),
    format="json",
    default_verification_level="third_party",
    licence="ARC Prize Foundation site content (no explicit data licence)",
    attribution="ARC-AGI leaderboard results by the ARC Prize Foundation, https://arcprize.org/leaderboard",
    attribution_required=True,
    cadence="weekly",
    freshness_days=30,  # new models are added within weeks of release
    priority=25,
    provides=("models", "scores"),
    defines_late=True,  # its ids are run labels: `gpt-5-5-2026-04-22` is GPT-5.5, which no catalogue dates
)

# datasets.json id -> catalogue benchmark id (private Kaggle sets and the ARC-AGI-3 demo have none)
BENCHMARKS: dict[str, str] = {
    "v1_Semi_Private": "arc-agi-1",
    "v2_Semi_Private": "arc-agi-2",
    "v3_Semi_Private": "arc-agi-3",
    "v1_Public_Eval": "arc-agi-1-public-eval",
    "v2_Public_Eval": "arc-agi-2-public-eval",
}
SEMI_PRIVATE = {"v1_Semi_Private", "v2_Semi_Private", "v3_Semi_Private"}

# trailing tokens of a model id that name the run setting measured, not the model
SETTING_TOKENS = frozenset({"minimal", "low", "medium", "high", "xhigh", "max", "none", "thinking", "reasoning", "effort"})
_BUDGET = re.compile(r"\d+k", re.IGNORECASE)  # thinking budget: 1k, 16K, 120K
ROUTE_TOKENS = frozenset({"openrouter", "together", "bedrock"})  # where ARC Prize called the model
MAKER_NAMESPACES = frozenset({"anthropic", "openai", "google", "xai"})  # `openai-gpt-5-4-...` style ids
_SEPARATED = re.compile(r"([-_ ]+)")
_FOOTNOTE = re.compile(r"[\s*¹²³⁴⁵⁶⁷⁸⁹⁰†‡]+$")  # "o3 (Preview, Low) ¹", "o3 (Preview, High)*"


def _is_setting(token: str) -> bool:
    return token.lower() in SETTING_TOKENS or bool(_BUDGET.fullmatch(token))


def split_model_id(model_id: str) -> tuple[str, str | None, str | None]:
    """`claude-opus-4-5-20251101-thinking-16k` -> (`claude-opus-4-5-20251101`, `thinking-16k`, None);
    `grok-3-mini-beta-low-openrouter` -> (`grok-3-mini-beta`, `low`, `openrouter`);
    `Claude 3.7 Thinking 16K` -> (`Claude 3.7`, `Thinking 16K`, None). Returns (name, variant, route)."""
    parts = _SEPARATED.split(model_id.strip())  # token, separator, token, ...
    tokens, seps = parts[0::2], parts[1::2]
    route = None
    if len(tokens) > 1 and tokens[-1].lower() in ROUTE_TOKENS:
        route = tokens.pop().lower()
        seps.pop()
    cut = len(tokens)
    while cut > 1 and _is_setting(tokens[cut - 1]):
        cut -= 1
    start = 1 if cut > 1 and tokens[0].lower() in MAKER_NAMESPACES else 0

    def join(lo: int, hi: int) -> str:
        return "".join(tokens[i] + (seps[i] if i < hi - 1 else "") for i in range(lo, hi))

    return join(start, cut), (join(cut, len(tokens)) or None), route


def clean_display_name(name: Any) -> str | None:
    """A display name without trailing footnote markers (None when it is not a string)."""
    if not isinstance(name, str):
        return None
    return _FOOTNOTE.sub("", name).strip() or None


_TRAILING_NOTE = re.compile(r"^(.*?)\s*\(([^()]*)\)$")  # "GPT-5 (Low)", "o3 (Preview, Low)"


def model_name(display: str) -> str:
    """A display name without the run setting it names: `Claude Opus 4.8 (High)` -> `Claude Opus 4.8`,
    `o3 (Preview, Low)` -> `o3 (Preview)`, `Grok 4.20 (Beta Reasoning)` -> `Grok 4.20 (Beta)`,
    `Claude 3.7 Thinking 16K` -> `Claude 3.7`; a note that is no setting stays (`Gemini 3 Deep Think (2/26)`)."""
    base, note = display, ""
    match = _TRAILING_NOTE.match(display)
    if match:
        base = match.group(1)
        kept = [word for word in re.split(r"[,\s]+", match.group(2)) if word and not _is_setting(word)]
        note = f" ({' '.join(kept)})" if kept else ""
    return split_model_id(base)[0] + note


def non_llm_reason(model: dict[str, Any]) -> str | None:
    """Why a models.json entry is not a language model of the registry, or None when it is one."""
    provider, mtype, group = model.get("providerId"), model.get("modelType"), model.get("modelGroup")
    if provider == "Human" or group == "Human":
        what = "a human baseline"
    elif group == "Kaggle" or mtype == "Custom" or (isinstance(provider, str) and provider.startswith("ARC Prize")):
        what = "an ARC Prize competition (Kaggle) entry"
    elif provider == "bespoke":
        what = "a bespoke model trained for ARC"
    elif mtype == "Refinement":
        what = "a third-party refinement system built around an LLM (its score is the system's)"
    else:
        return None
    facts = f"providerId {provider!r}, modelType {mtype!r}, modelGroup {group!r}"
    return f"not a language model: {what} ({clean_display_name(model.get('displayName'))!r}; {facts})"


def _table(files: dict[str, bytes], name: str) -> list[Any]:
    return load_json(require_file(files, SPEC.id, name), SPEC.id, name, "<body>", kind=list, what="a list of rows")


def _by_id(rows: list[Any]) -> dict[str, dict[str, Any]]:
    """id -> row; a repeated id keeps its last row (the site's own join does the same)."""
    return {row["id"]: row for row in rows if isinstance(row, dict) and isinstance(row.get("id"), str)}


def _score(row: dict[str, Any]) -> float:
    value = row.get("score")
    if value is None:
        raise RowError("field 'score': missing")
    if not is_number(value) or not math.isfinite(value) or not 0 <= value <= 1:
        raise RowError(f"field 'score': expected a fraction 0-1, got {shown(value)}")
    return float(value)


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    evaluations = _table(files, EVALUATIONS)
    models = _by_id(_table(files, MODELS))
    providers = _by_id(_table(files, PROVIDERS))
    datasets = _by_id(_table(files, DATASETS))
    # evaluation rows carry no date: the day the file was last changed, as its server stated, else the fetch
    as_of, as_of_from = context.file_date(EVALUATIONS)
    as_of_note = ("fetch date: evaluation rows carry no date" if as_of_from == "fetched_on"
                  else f"file date: evaluation rows carry no date; {EVALUATIONS} last changed {as_of.isoformat()}")
    # (version prefix, model id) that ARC Prize ran on a semi-private set: public-eval rows of the same
    # model and version are its runs too
    verified = {
        (e["datasetId"][:2], e["modelId"])
        for e in evaluations
        if isinstance(e, dict) and isinstance(e.get("datasetId"), str) and e["datasetId"] in SEMI_PRIVATE
        and isinstance(e.get("modelId"), str)
    }
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    records: dict[str, dict[str, Any]] = {}  # settings-free model id -> its model record (first scored entry)
    seen: set[tuple[str, str]] = set()
    for i, ev in enumerate(evaluations):
        label = f"{EVALUATIONS}: row #{i}"
        try:
            if not isinstance(ev, dict):
                raise RowError(f"expected an object, got {type(ev).__name__}")
            model_id, dataset_id = text(ev, "modelId"), text(ev, "datasetId")
            label += f" ({model_id!r} on {dataset_id!r})"
            if model_id is None:
                raise RowError("field 'modelId': missing")
            if dataset_id is None:
                raise RowError("field 'datasetId': missing")
            model = models.get(model_id)
            if model is None:
                raise RowError(f"field 'modelId': {model_id!r} is not in {MODELS}")
            reason = non_llm_reason(model)
            if reason:
                raise RowError(reason)
            if dataset_id not in BENCHMARKS:
                known = datasets.get(dataset_id)
                raise RowError(
                    f"field 'datasetId': {dataset_id!r} ({known.get('displayName')!r}) has no catalogue benchmark"
                    if known
                    else f"field 'datasetId': unknown dataset id {dataset_id!r} (not in {DATASETS})"
                )
            value = _score(ev)
            if (model_id, dataset_id) in seen:
                raise RowError("repeats an evaluation of the same model on the same dataset; the first row is kept")
            seen.add((model_id, dataset_id))
        except RowError as exc:
            rejects.append(reject(SPEC.id, f"{label}: {exc}", ev))
            continue

        issues = FieldIssues()  # a bad optional value: null plus a reject, the row stays
        soft = issues.get
        name, variant, route = split_model_id(model_id)
        provider_id = soft(text, model, "providerId", where="model.")
        provider = providers.get(provider_id or "", {})
        provider_name = clean_display_name(provider.get("displayName"))
        display = soft(field, ev, "display", (bool,))
        release = soft(text, model, "modelReleaseDate", where="model.")  # ISO datetime: its day is kept
        released = iso_date(release[:10]) if release else None
        level = "third_party"
        if dataset_id not in SEMI_PRIVATE and (dataset_id[:2], model_id) not in verified:
            level = "provider"
        details = {
            "dataset": dataset_id,
            "cost_per_task_usd": soft(number, ev, "costPerTask"),
            "cost_usd": soft(number, ev, "cost"),  # ARC-AGI-3 rows give a run cost instead of a per-task one
            "display": display,
            "hidden_on_site": display is False,  # still an observation: the site only hides it from the chart
            "results_url": soft(text, ev, "resultsUrl"),
            "display_name": clean_display_name(soft(text, model, "displayName", where="model.")),
            "model_type": soft(text, model, "modelType", where="model."),
            "model_group": soft(text, model, "modelGroup", where="model."),
            "provider_id": provider_id,
            "provider": provider_name,
            "model_release_date": released.isoformat() if released else None,
            "route": route,
            "as_of": as_of_note,
        }
        for message in issues.messages:
            rejects.append(reject(SPEC.id, f"{label}: {message}", ev))
        if name not in records:
            records[name] = {
                "source_id": SPEC.id,
                "raw_model_id": name,
                "raw_name": model_name(details["display_name"] or name) or name,  # "(High)" names no model: its id does
                "maker_hint": provider_name or provider_id,
                "is_maker": False,
                "is_alias": False,
                "source_url": LEADERBOARD_URL,
                "raw_row": raw_json(model),
            }
        rows.append(
            {
                "source_id": SPEC.id,
                "raw_model_name": name,
                "raw_model_key": model_id,
                "model_hint": details["display_name"] or model_id,
                "provider_hint": provider_name or provider_id,
                "variant": variant,
                "benchmark_id": BENCHMARKS[dataset_id],
                "benchmark_version": None,
                "raw_value": value,
                "raw_unit": "fraction",
                "as_of_date": as_of,
                "verification_level": level,
                "source_url": LEADERBOARD_URL,
                "details": raw_json(details),
                "raw_row": raw_json(ev),
            }
        )
    return ParsedSource(
        models=model_frame(list(records.values()), context.fetched_on),
        scores=pl.DataFrame(rows, schema=SCORE_OBSERVATION_COLUMNS),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )
