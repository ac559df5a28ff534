"""yamanahlawat/llm-registry on its real recording: every entry a record, units as documented."""

from __future__ import annotations

import datetime as dt

import orjson
import polars as pl
import pytest

from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext, SourceParseError

SOURCE = get_source("yamanahlawat-llm-registry")
CTX = ParseContext("yamanahlawat-llm-registry", dt.date(2026, 2, 7))


@pytest.fixture(scope="module")
def parsed(shared_snapshots):
    body = (shared_snapshots / "yamanahlawat-llm-registry" / "models.json").read_bytes()
    return SOURCE.parse({"models.json": body}, CTX)


def test_every_entry_is_a_record(parsed):
    assert parsed.models.height == 141 and parsed.rejects.is_empty()
    assert not SOURCE.spec.creates_models  # family-level ids confirm models, never define them


def test_costs_and_maker(parsed):
    opus = parsed.models.filter(pl.col("raw_model_id") == "claude-opus-4-5").row(0, named=True)
    assert (opus["price_input"], opus["price_output"], opus["price_cache_input"], opus["price_cache_output"]) == (5.0, 25.0, 0.5, 6.25)
    assert opus["context_window"] == 200000 and opus["training_cutoff"] == "2025-09" and opus["maker_hint"] == "anthropic"
    llama = parsed.models.filter(pl.col("raw_model_id") == "llama-3.3").row(0, named=True)
    assert llama["maker_hint"] is None  # served by github and ollama: hosts, not its maker
    gpt4o = parsed.models.filter(pl.col("raw_model_id") == "gpt-4o").row(0, named=True)
    assert gpt4o["maker_hint"] == "openai" and gpt4o["input_modalities"] == ["text", "image"]


def test_bad_entries():
    body = {"models": {"ok-1": {"providers": ["openai"], "token_costs": {"input_cost": "1.0", "context_window": 8000}}, "bad": [1]}}
    parsed = SOURCE.parse({"models.json": orjson.dumps(body)}, CTX)
    assert parsed.models["raw_model_id"].to_list() == ["ok-1"]
    assert parsed.models["price_input"][0] is None and parsed.models["context_window"][0] == 8000
    reasons = " | ".join(parsed.rejects["reason"])
    assert "model 'bad': entry is not an object" in reasons and "token_costs.input_cost" in reasons
    with pytest.raises(SourceParseError, match="yamanahlawat-llm-registry: models.json"):
        SOURCE.parse({"models.json": b'{"models": {}}'}, CTX)
