"""Artificial Analysis parser on real data: AA's documented example (a test fixture read from the shared
recordings) and the shipped snapshot of AA figures published 2026-02-16."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import orjson
import polars as pl
import pytest

from registry_pipeline.raw_store import RawStore
from registry_pipeline.schemas.contracts import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ModelRecordSchema,
    ScoreObservationSchema,
)
from registry_pipeline.schemas.quarantine import split_valid
from registry_pipeline.sources import get_source
from registry_pipeline.sources.artificial_analysis import EVALUATIONS, SPEC, parse, variant_of
from registry_pipeline.sources.base import ParseContext, SourceParseError

REPO = Path(__file__).resolve().parents[1]
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS as SHARED  # noqa: E402
DOCS_EXAMPLE = SHARED / "artificial-analysis" / "docs-example-response.json"
RAW = REPO / "data" / "raw"
CTX = ParseContext(source_id="artificial-analysis", fetched_on=dt.date(2026, 2, 21))


@pytest.fixture(scope="module")
def docs_bytes() -> bytes:
    if not DOCS_EXAMPLE.is_file():
        pytest.skip(f"real recording not found at {DOCS_EXAMPLE}")
    return DOCS_EXAMPLE.read_bytes()


def test_spec_is_registered():
    assert get_source("artificial-analysis").spec is SPEC
    assert SPEC.auth_env_var == "ARTIFICIAL_ANALYSIS_API_KEY" and SPEC.auth_header == "x-api-key"
    assert SPEC.auth_required and SPEC.attribution_required
    assert SPEC.provides == ("models", "scores") and SPEC.priority == 10


def test_docs_example_scores(docs_bytes):
    parsed = parse({"models.json": docs_bytes}, CTX)
    scores = parsed.scores
    assert scores.schema == pl.Schema(SCORE_OBSERVATION_COLUMNS)
    assert parsed.rejects.schema == pl.Schema(REJECT_COLUMNS) and parsed.rejects.is_empty()
    assert scores.height == 10  # one per non-null evaluation value
    by_bench = {r["benchmark_id"]: r for r in scores.iter_rows(named=True)}
    gpqa = by_bench["gpqa-diamond"]
    assert gpqa["raw_value"] == 0.748 and gpqa["raw_unit"] == "fraction"
    index = by_bench["aa-intelligence-index"]
    assert index["raw_value"] == 62.9 and index["raw_unit"] == "index"
    assert by_bench["aime-2024"]["raw_value"] == 0.77
    fractions = scores.filter(pl.col("raw_unit") == "fraction")["raw_value"]
    assert fractions.len() == 7 and fractions.is_between(0, 1).all()
    assert set(scores.filter(pl.col("raw_unit") == "index")["benchmark_id"]) == {
        "aa-intelligence-index", "aa-coding-index", "aa-math-index"}
    row = scores.row(0, named=True)
    assert row["raw_model_name"] == "o3-mini" and row["model_hint"] == "o3-mini"
    assert row["raw_model_key"] == "2dad8957-4c16-4e74-bf2d-8b21514e0ae9"
    assert row["provider_hint"] == "openai" and row["variant"] is None
    assert row["as_of_date"] == dt.date(2026, 2, 21)  # the observation date, not a release date
    assert row["verification_level"] == "third_party"
    assert row["source_url"] == "https://artificialanalysis.ai/models/o3-mini"
    assert orjson.loads(row["raw_row"])["slug"] == "o3-mini"
    valid, rejects = split_valid(scores, ScoreObservationSchema)
    assert rejects.is_empty() and valid.height == 10


def test_docs_example_models(docs_bytes):
    models = parse({"models.json": docs_bytes}, CTX).models
    assert models.schema == pl.Schema(MODEL_RECORD_COLUMNS)
    assert models.height == 1
    m = models.row(0, named=True)
    assert m["raw_model_id"] == "o3-mini" and m["raw_name"] == "o3-mini"
    assert m["provider_id"] == "openai" and m["provider_name"] == "OpenAI"
    assert m["is_maker"] is False and m["is_alias"] is False
    assert m["price_input"] == 1.1 and m["price_output"] == 4.4
    assert m["output_tokens_per_second"] == 153.831 and m["time_to_first_token_s"] == 14.939
    assert m["release_date"] is None and m["context_window"] is None
    assert m["as_of_date"] == dt.date(2026, 2, 21)
    _, rejects = split_valid(models, ModelRecordSchema)
    assert rejects.is_empty()


def test_zero_time_to_first_token_means_not_measured(docs_bytes):
    body = orjson.loads(docs_bytes)
    body["data"][0]["median_time_to_first_token_seconds"] = 0
    body["data"][0]["release_date"] = "2025-01-31"
    m = parse({"models.json": orjson.dumps(body)}, CTX).models.row(0, named=True)
    assert m["time_to_first_token_s"] is None
    assert m["release_date"] == dt.date(2025, 1, 31)


def test_unknown_evaluation_key_goes_to_rejects(docs_bytes):
    body = orjson.loads(docs_bytes)
    body["data"][0]["evaluations"]["some_new_bench"] = 0.5
    body["data"][0]["evaluations"]["hle"] = None  # null values are skipped, not rejected
    parsed = parse({"models.json": orjson.dumps(body)}, CTX)
    assert parsed.scores.height == 9
    assert parsed.rejects.height == 1
    reject = parsed.rejects.row(0, named=True)
    assert reject["stage"] == "parse"
    assert "models.json" in reject["reason"] and "'some_new_bench'" in reject["reason"] and "0.5" in reject["reason"]
    assert reject["source_id"] == "artificial-analysis"
    assert "some_new_bench" in reject["raw_row"]


def test_row_without_slug_or_name_is_rejected(docs_bytes):
    body = orjson.loads(docs_bytes)
    nameless = dict(body["data"][0])
    del nameless["slug"], nameless["name"]
    body["data"].append(nameless)
    parsed = parse({"models.json": orjson.dumps(body)}, CTX)
    assert parsed.models.height == 1 and parsed.scores.height == 10
    assert parsed.rejects.height == 1
    assert "slug" in parsed.rejects["reason"][0]


@pytest.mark.parametrize(
    "payload, reason",
    [
        (b"\x00\xffnot json at all", "not valid JSON"),
        (b'{"status": 200}', "missing or not a list"),
        (b'{"data": {"o3": 1}}', "missing or not a list"),
        (b"[1, 2]", "expected a JSON object"),
    ],
)
def test_unreadable_payload_raises(payload, reason):
    with pytest.raises(SourceParseError) as info:
        parse({"models.json": payload}, CTX)
    err = info.value
    assert err.source_id == "artificial-analysis" and err.file == "models.json" and err.field == "data"
    assert "artificial-analysis" in str(err) and "models.json" in str(err) and reason in str(err)


@pytest.mark.parametrize(
    "slug, name, expected",
    [
        ("gpt-5-nano-minimal", "GPT-5 nano (minimal)", "minimal"),
        ("gpt-oss-20b-low", "gpt-oss-20B (low)", "low"),
        ("claude-4-sonnet-thinking", "Claude 4 Sonnet Thinking", "thinking"),
        ("o3-mini-high", "o3-mini (high)", "high"),
        ("gpt-5-medium", "GPT-5 (medium)", "medium"),
        ("deepseek-r1-reasoning", None, "reasoning"),
        ("o3-mini", "o3-mini", None),
        ("claude-3-7-sonnet", "Claude 3.7 Sonnet", None),
        (None, "gpt-oss-120B (high)", "high"),
    ],
)
def test_variant_of(slug, name, expected):
    assert variant_of(slug, name) == expected


def test_variant_keeps_full_slug(docs_bytes):
    body = orjson.loads(docs_bytes)
    body["data"][0]["slug"] = "o3-mini-high"
    body["data"][0]["name"] = "o3-mini (high)"
    row = parse({"models.json": orjson.dumps(body)}, CTX).scores.row(0, named=True)
    assert row["raw_model_name"] == "o3-mini-high" and row["variant"] == "high"


def test_shipped_snapshot_parses_and_validates():
    snaps = RawStore(RAW).snapshots("artificial-analysis")
    assert snaps, "the shipped AA snapshot is missing from data/raw"
    snap = next(s for s in snaps if s.key == "2026-02-16/000000")
    assert snap.verify() == []
    files = snap.read()
    entry = snap.manifest["files"][0]
    assert entry["sha256"] == hashlib.sha256(files["models.json"]).hexdigest()
    assert entry["bytes"] == len(files["models.json"])
    assert snap.manifest["source_id"] == "artificial-analysis" and snap.manifest["fetched_at"] == "2026-02-16T00:00:00Z"
    parsed = parse(files, ParseContext("artificial-analysis", snap.fetched_on, file_sha256=snap.sha256s()))
    assert parsed.rejects.is_empty()
    valid, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.is_empty() and valid.height == parsed.scores.height == 380
    _, model_rejects = split_valid(parsed.models, ModelRecordSchema)
    assert model_rejects.is_empty()
    slugs = parsed.models["raw_model_id"].to_list()
    assert slugs == sorted(slugs) and len(slugs) == len(set(slugs)) == 31
    assert {"o3", "claude-opus-4-5", "claude-4-5-sonnet-thinking", "gemini-3-pro", "gpt-5-mini"} <= set(slugs)
    assert "o3-mini" not in slugs  # the API documentation example is a test fixture, not shipped data
    # every evaluation key of the shipped file is one the parser knows; no AA ids, prices or speeds
    body = orjson.loads(files["models.json"])
    keys = {k for row in body["data"] for k in row.get("evaluations", {})}
    assert keys <= set(EVALUATIONS)
    assert not [r["slug"] for r in body["data"] if "id" in r or "pricing" in r]
    assert parsed.models["price_input"].is_null().all() and parsed.models["output_tokens_per_second"].is_null().all()
    o3 = {r["benchmark_id"]: r["raw_value"] for r in valid.filter(pl.col("raw_model_name") == "o3").iter_rows(named=True)}
    assert o3["aa-intelligence-index"] == 38.3 and o3["gpqa-diamond"] == 0.827
    mini = valid.filter(pl.col("raw_model_name") == "gpt-5-mini")
    assert mini["variant"].unique().to_list() == ["high"] and mini["model_hint"].unique().to_list() == ["GPT-5 mini (high)"]


def test_a_slug_beside_its_reasoning_sibling_is_the_model_with_reasoning_off():
    """The shipped file lists `gemini-3-flash` beside `gemini-3-flash-reasoning` and `claude-opus-4-5` beside
    `claude-opus-4-5-thinking`: the plain slug is that model with its reasoning off, a setting (Gemini 3 Flash thinks
    by default, and its AIME 2025 55.7 stood against Google's 95.2 as a conflict of one setting). A slug with no such
    sibling (`claude-opus-4-6`, `o3`) says no setting."""
    snap = next(s for s in RawStore(RAW).snapshots("artificial-analysis") if s.key == "2026-02-16/000000")
    parsed = parse(snap.read(), ParseContext("artificial-analysis", snap.fetched_on, file_sha256=snap.sha256s()))
    variants = dict(parsed.scores.select("raw_model_name", "variant").unique().iter_rows())
    assert {s: variants[s] for s in ("gemini-3-flash", "gemini-3-flash-reasoning", "claude-opus-4-5", "claude-opus-4-5-thinking",
                                      "claude-4-5-sonnet", "claude-opus-4-6", "o3")} == {
        "gemini-3-flash": "non-reasoning", "gemini-3-flash-reasoning": "reasoning", "claude-opus-4-5": "non-reasoning",
        "claude-opus-4-5-thinking": "thinking", "claude-4-5-sonnet": "non-reasoning", "claude-opus-4-6": None, "o3": None}
    # the sibling must be in the same payload: alone, the plain slug says nothing
    body = orjson.loads(snap.read()["models.json"])
    body["data"] = [r for r in body["data"] if r["slug"] == "gemini-3-flash"]
    alone = parse({"models.json": orjson.dumps(body)}, CTX).scores
    assert alone["variant"].unique().to_list() == [None]
