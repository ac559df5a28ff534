"""OpenRouter on its real recording: every listing a record or a reject, prices converted exactly."""

from __future__ import annotations

import datetime as dt

import orjson
import polars as pl
import pytest

from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext, SourceParseError

SOURCE = get_source("openrouter")
CTX = ParseContext("openrouter", dt.date(2026, 5, 15))


@pytest.fixture(scope="module")
def recording(shared_snapshots):
    return (shared_snapshots / "openrouter" / "models.json").read_bytes()


@pytest.fixture(scope="module")
def parsed(recording):
    return SOURCE.parse({"models.json": recording}, CTX)


def _row(parsed, model_id):
    return parsed.models.filter(pl.col("raw_model_id") == model_id).row(0, named=True)


def test_every_listing_is_a_record_or_a_reject_with_a_reason(recording, parsed):
    listed = orjson.loads(recording)["data"]
    assert parsed.models.height + parsed.rejects.height == len(listed) == 364
    # only OpenRouter's own entries (routers such as openrouter/auto) and third-party routers are rejected
    assert parsed.rejects.height == 6
    assert parsed.rejects["reason"].str.contains("listed under OpenRouter itself").sum() == 5
    third_party = parsed.rejects.filter(pl.col("reason").str.contains("'switchpoint/router'"))
    assert third_party.height == 1 and "a router that forwards to other models" in third_party["reason"][0]
    assert parsed.models.filter(pl.col("raw_model_id").str.contains("router")).is_empty()


def test_prices_per_token_become_usd_per_million(parsed):
    opus = _row(parsed, "anthropic/claude-opus-4.5")  # prompt "0.000005", completion "0.000025"
    assert (opus["price_input"], opus["price_output"], opus["price_cache_input"]) == (5.0, 25.0, 0.5)
    assert opus["raw_name"] == "Claude Opus 4.5" and opus["maker_hint"] == "anthropic" and not opus["is_maker"]
    assert opus["context_window"] == 200000 and opus["provider_id"] == "openrouter"
    free = _row(parsed, "openai/gpt-oss-120b:free")
    assert free["price_input"] == 0.0 and free["raw_name"] == "gpt-oss-120b"
    # no float noise from per-token strings such as "0.00000008333333333333334"
    assert parsed.models.filter((pl.col("price_input") * 1e6).round(0) != pl.col("price_input") * 1e6)["price_input"].is_null().all()


def test_variable_price_is_null_and_a_bad_price_a_field_reject():
    body = {"data": [
        {"id": "acme/a-1", "name": "Acme: A 1", "pricing": {"prompt": "-1", "completion": "0.000002"}},
        {"id": "acme/b-1", "name": "Acme: B 1", "pricing": {"prompt": "cheap", "completion": 3}},
    ]}
    parsed = SOURCE.parse({"models.json": orjson.dumps(body)}, CTX)
    a, b = parsed.models.sort("raw_model_id").iter_rows(named=True)
    assert a["price_input"] is None and a["price_output"] == 2.0
    assert b["price_input"] is None and b["price_output"] is None  # kept, with the bad values null
    reasons = parsed.rejects["reason"].to_list()
    assert any("pricing.prompt" in r and "'cheap'" in r for r in reasons)
    assert any("pricing.completion" in r and "expected a decimal string" in r for r in reasons)


def test_moving_aliases_are_marked(parsed):
    latest = _row(parsed, "~anthropic/claude-sonnet-latest")
    assert latest["is_alias"] and latest["maker_hint"] == "anthropic"


def test_a_payload_without_data_is_a_clear_error():
    with pytest.raises(SourceParseError, match="openrouter: models.json: field 'data'"):
        SOURCE.parse({"models.json": b'{"models": []}'}, CTX)
