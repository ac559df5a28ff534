"""Hugging Face Hub: the model info of open-weight models' own repositories (licence, base model,
parameter count, downloads). No scores.

Wire format (`GET https://huggingface.co/api/models/{org}/{repo}`, no auth for public repos): one JSON
object with `id` ("org/repo"), `author`, `sha`, `pipeline_tag`, `library_name`, `tags` (including
`license:<id>` and `base_model:<repo>` / `base_model:finetune:<repo>`), `cardData{license,
license_name, base_model (a repo or a list)}`, `safetensors{parameters{BF16: n, ...}, total}`,
`downloads` (last 30 days), `likes`, `createdAt`, `lastModified`. There is no recording of it here:
the shipped snapshot was written from this published format, with each repo's real licence, base
model and (where known exactly) parameter count; values not known exactly (downloads, likes, dates)
are left out, and the parser reads a missing key as null. The snapshot of 2026-12-04 adds 22 repos whose
weights hosts' listings call closed (their serving), each with only its id and, where known, its licence; those of
2026-12-05 and 2026-12-06 add, the same way, pre-trained repos whose figures the makers' cards give (Qwen2-72B,
Gemma 2 9B and 27B, the base models of the DeepSeek-V3 and Kimi K2 cards); 2026-12-06/000002 four more repos
hosts' listings call closed (MAI-DS-R1, GELab-Zero-4B-preview, llama-embed-nemotron-8b,
DeepSeek-Coder-V2-Instruct-0724), and 2026-12-06/000003 seven (GLM-Z1 0414, Ling and Ring 2.0, LongCat-Flash); 2026-12-07 the two
Qwen2.5-Coder Instruct sizes aider scores that no other source lists (0.5B, Apache-2.0; 3B, Qwen Research).

Which repos: the curated `REPOS` (one file each). A repo's org is its `maker_hint` (catalog/makers.csv
maps it to the maker). A repo file missing from a snapshot, or one that is not a model object, is a
reject naming the file; the others still parse.
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
    iso_date,
    load_json,
    raw_json,
    reject,
    shown,
    sub_object,
    text,
)
from registry_pipeline.sources.base import ParseContext, ParsedSource, SourceFile, SourceParseError, SourceSpec

REPOS: tuple[str, ...] = (
    "meta-llama/Llama-3.3-70B-Instruct",
    "meta-llama/Meta-Llama-3.1-8B-Instruct",
    "meta-llama/Meta-Llama-3.1-70B-Instruct",
    "Qwen/Qwen2.5-72B-Instruct",
    "Qwen/Qwen2.5-7B-Instruct",
    "Qwen/QwQ-32B-Preview",
    "Qwen/Qwen3-235B-A22B",
    "deepseek-ai/DeepSeek-R1",
    "deepseek-ai/DeepSeek-R1-Distill-Llama-70B",
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B",
    "mistralai/Mistral-7B-Instruct-v0.3",
    "mistralai/Mistral-Large-Instruct-2411",
    "google/gemma-2-27b-it",
    "google/gemma-2-9b-it",
    "microsoft/phi-4",
    "microsoft/Phi-3.5-mini-instruct",
    "nvidia/Llama-3.1-Nemotron-70B-Instruct-HF",
    "openai/gpt-oss-120b",
    # open weights that hosts' listings call closed (their own serving): the repo says what the weights are
    "Qwen/Qwen3-VL-32B-Instruct",
    "Qwen/Qwen3-VL-32B-Thinking",
    "Qwen/Qwen3-VL-8B-Thinking",
    "Qwen/Qwen3-Omni-30B-A3B-Instruct",
    "Qwen/Qwen3-Omni-30B-A3B-Thinking",
    "Qwen/Qwen3-Omni-30B-A3B-Captioner",
    "Qwen/Qwen3-Embedding-0.6B",
    "deepseek-ai/DeepSeek-V3.1-Terminus",
    "deepseek-ai/DeepSeek-Math-V2",
    "THUDM/GLM-4-32B-0414",
    "THUDM/GLM-4-9B-0414",
    "zai-org/GLM-4.6V-Flash",
    "ByteDance-Seed/Seed-OSS-36B-Instruct",
    "tencent/Hunyuan-A13B-Instruct",
    "tencent/Hunyuan-MT-7B",
    "openai/gpt-oss-safeguard-20b",
    "openai/gpt-oss-safeguard-120b",
    "google/gemma-3n-E2B-it",
    "ibm-granite/granite-4.0-h-micro",
    "meta-llama/Llama-Prompt-Guard-2-22M",
    "meta-llama/Llama-Prompt-Guard-2-86M",
    "nvidia/Llama3-ChatQA-1.5-70B",
    # base models the DeepSeek-V3 and Kimi K2 cards' base-model tables score ("LLaMA-3.1 405B Base", "Qwen2.5 72B
    # Base", "DeepSeek-V2 Base", "Llama 4 Maverick"): without their repos they have no model of their own
    "meta-llama/Llama-3.1-405B",
    "Qwen/Qwen2.5-72B",
    "deepseek-ai/DeepSeek-V2",
    "meta-llama/Llama-4-Maverick-17B-128E",
    # pre-trained models whose cards' figures llm-stats files under the instruction-tuned ones (source_errata.csv)
    # and which the Open LLM Leaderboard ran under these repo ids
    "Qwen/Qwen2-72B",
    "google/gemma-2-27b",
    "google/gemma-2-9b",
    # more open weights that hosts' listings call closed (Azure's MAI-DS-R1, NVIDIA's embedder)
    "microsoft/MAI-DS-R1",
    "stepfun-ai/GELab-Zero-4B-preview",
    "nvidia/llama-embed-nemotron-8b",
    "deepseek-ai/DeepSeek-Coder-V2-Instruct-0724",
    "THUDM/GLM-Z1-32B-0414",
    "THUDM/GLM-Z1-9B-0414",
    "inclusionAI/Ling-flash-2.0",
    "inclusionAI/Ling-mini-2.0",
    "inclusionAI/Ring-flash-2.0",
    "meituan-longcat/LongCat-Flash-Chat",
    "meituan-longcat/LongCat-Flash-Thinking",
    "Qwen/Qwen2.5-Coder-0.5B-Instruct",
    "Qwen/Qwen2.5-Coder-3B-Instruct",
)


def file_name(repo: str) -> str:
    return "models/" + repo.replace("/", "--") + ".json"


SPEC = SourceSpec(
    id="huggingface-hub",
    name="Hugging Face Hub model info",
    publisher="Hugging Face",
    homepage="https://huggingface.co/models",
    files=tuple(SourceFile(file_name(r), f"https://huggingface.co/api/models/{r}") for r in REPOS),
    format="json (one model-info object per repo; fixture written from the Hub API's published format)",
    default_verification_level="provider",
    licence="Hugging Face Hub terms (facts only)",
    attribution="Model repository facts from the Hugging Face Hub.",
    priority=58,
    provides=("models",),
    freshness_days=14,
)


def _base_model(card: dict[str, Any], tags: list[str]) -> str | None:
    base = card.get("base_model")
    if isinstance(base, list):
        base = next((b for b in base if isinstance(b, str) and b.strip()), None)
    if isinstance(base, str) and base.strip():
        return base.strip()
    for tag in tags:  # "base_model:finetune:org/repo" or "base_model:org/repo"
        if tag.startswith("base_model:"):
            return tag.rsplit(":", 1)[-1] or None
    return None


def _licence(card: dict[str, Any], tags: list[str]) -> str | None:
    lic = card.get("license_name") if card.get("license") == "other" and isinstance(card.get("license_name"), str) else card.get("license")
    if isinstance(lic, str) and lic.strip():
        return lic.strip()
    return next((t.split(":", 1)[1] for t in tags if t.startswith("license:")), None)


def _row(name: str, body: Any, issues: FieldIssues) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise RowError(f"not a model object ({type(body).__name__})")
    repo = text(body, "id") or text(body, "modelId")
    if not repo or "/" not in repo:
        raise RowError(f"field 'id': missing or not org/repo ({shown(body.get('id'))})")
    soft = issues.get
    tags = [t for t in (body.get("tags") or []) if isinstance(t, str)] if isinstance(body.get("tags"), list) else []
    card = soft(sub_object, body, "cardData") or {}
    tensors = soft(sub_object, body, "safetensors") or {}
    return {
        "source_id": SPEC.id,
        "raw_model_id": repo,
        "raw_name": repo.split("/", 1)[1],
        "provider_id": "huggingface",
        "provider_name": "Hugging Face",
        "is_maker": False,
        "is_alias": False,
        "maker_hint": repo.split("/", 1)[0],
        "open_weights": True,  # a public model repository publishes its weights
        "licence": _licence(card, tags),
        "base_model": _base_model(card, tags),
        "param_count": soft(count, tensors, "total", where="safetensors.") or None,
        "downloads": soft(count, body, "downloads"),
        "release_date": iso_date(str(body.get("createdAt") or "")[:10]),
        "source_url": f"https://huggingface.co/{repo}",
        "raw_row": raw_json({k: v for k, v in body.items() if k not in ("siblings", "widgetData", "spaces")}),
    }


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    rows, rejects, errors = [], [], []
    for f in SPEC.files:
        if f.name not in files:
            rejects.append(reject(SPEC.id, f"{f.name}: file missing from snapshot", {"file": f.name}))
            continue
        try:
            body = load_json(files[f.name], SPEC.id, f.name, "<body>")
        except SourceParseError as exc:
            errors.append(exc)
            rejects.append(reject(SPEC.id, str(exc), {"file": f.name}))
            continue
        issues = FieldIssues()
        try:
            rows.append(_row(f.name, body, issues))
        except RowError as exc:
            rejects.append(reject(SPEC.id, f"{f.name}: {exc}", body))
            continue
        rejects.extend(reject(SPEC.id, f"{f.name}: {m}", {"file": f.name}) for m in issues.messages)
    if not rows:
        raise errors[0] if errors else SourceParseError(SPEC.id, SPEC.files[0].name, "<body>", "no model object in the snapshot")
    return ParsedSource(models=model_frame(rows, context.fetched_on), scores=empty_frame(SCORE_OBSERVATION_COLUMNS), rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS))
