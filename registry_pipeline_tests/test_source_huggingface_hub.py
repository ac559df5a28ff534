"""Hugging Face Hub model info: repo facts from the Hub API's format, missing files and bad objects."""

from __future__ import annotations

import datetime as dt

import orjson
import polars as pl
import pytest

from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline.sources.huggingface_hub import REPOS, file_name
from registry_pipeline_tests.conftest import RAW

SOURCE = get_source("huggingface-hub")
CTX = ParseContext("huggingface-hub", dt.date(2026, 2, 21))


@pytest.fixture(scope="module")
def shipped():
    snap = RawStore(RAW).latest("huggingface-hub")
    return SOURCE.parse(snap.read(), CTX)


def test_every_curated_repo_is_a_record(shipped):
    assert sorted(shipped.models["raw_model_id"]) == sorted(REPOS) and shipped.rejects.is_empty()
    llama = shipped.models.filter(pl.col("raw_model_id") == "meta-llama/Meta-Llama-3.1-8B-Instruct").row(0, named=True)
    assert (llama["maker_hint"], llama["licence"], llama["base_model"], llama["param_count"]) == (
        "meta-llama", "llama3.1", "meta-llama/Meta-Llama-3.1-8B", 8_030_261_248)
    assert llama["open_weights"] and llama["source_url"] == "https://huggingface.co/meta-llama/Meta-Llama-3.1-8B-Instruct"
    assert llama["downloads"] is None  # not known exactly, so not in the fixture: never invented


def test_the_qwen2_5_coder_sizes_aider_scores_are_records_with_their_licences(shipped):
    """Aider scores Qwen2.5-Coder 0.5B and 3B Instruct, which no host lists: their repos are the records (Apache-2.0,
    and the Qwen Research licence of Qwen's 3B models), each a fine-tune of its base repo."""
    coder = shipped.models.filter(pl.col("raw_model_id").str.starts_with("Qwen/Qwen2.5-Coder-")).sort("raw_model_id")
    assert coder.select("raw_model_id", "licence", "base_model").rows() == [
        ("Qwen/Qwen2.5-Coder-0.5B-Instruct", "apache-2.0", "Qwen/Qwen2.5-Coder-0.5B"),
        ("Qwen/Qwen2.5-Coder-3B-Instruct", "qwen-research", "Qwen/Qwen2.5-Coder-3B")]
    assert coder["open_weights"].all() and coder["param_count"].is_null().all()  # no exact count known: none


def _files(**bodies):
    return {file_name(repo): orjson.dumps(body) if not isinstance(body, bytes) else body for repo, body in bodies.items()}


def test_tag_fallbacks_lists_and_bad_files():
    files = {
        file_name("Qwen/Qwen2.5-7B-Instruct"): orjson.dumps({"id": "Qwen/Qwen2.5-7B-Instruct", "tags": ["license:apache-2.0", "base_model:finetune:Qwen/Qwen2.5-7B"]}),
        file_name("google/gemma-2-9b-it"): orjson.dumps({"id": "google/gemma-2-9b-it", "cardData": {"license": "gemma", "base_model": ["google/gemma-2-9b"]},
                                                          "safetensors": {"total": "9B"}}),
        file_name("microsoft/phi-4"): b"<html>rate limited</html>",
        file_name("openai/gpt-oss-120b"): orjson.dumps({"modelId": None}),
    }
    parsed = SOURCE.parse(files, CTX)
    rows = {r["raw_model_id"]: r for r in parsed.models.iter_rows(named=True)}
    assert (rows["Qwen/Qwen2.5-7B-Instruct"]["licence"], rows["Qwen/Qwen2.5-7B-Instruct"]["base_model"]) == ("apache-2.0", "Qwen/Qwen2.5-7B")
    assert rows["google/gemma-2-9b-it"]["base_model"] == "google/gemma-2-9b" and rows["google/gemma-2-9b-it"]["param_count"] is None
    reasons = " | ".join(parsed.rejects["reason"])
    assert "models/microsoft--phi-4.json" in reasons and "not valid JSON" in reasons
    assert "models/openai--gpt-oss-120b.json: field 'id'" in reasons
    assert "safetensors.total" in reasons  # a bad value is a field reject; the repo stays
    assert reasons.count("file missing from snapshot") == len(REPOS) - 4


def test_a_snapshot_with_no_readable_repo_is_a_clear_error():
    with pytest.raises(SourceParseError, match="huggingface-hub: models/"):
        SOURCE.parse({f.name: b"garbage" for f in SOURCE.spec.files}, CTX)
