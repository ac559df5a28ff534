"""Aider polyglot parser against the real recording and the hand-made snapshot shipped in data/raw."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import orjson
import polars as pl
import pytest
import yaml

from registry_pipeline.schemas import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ScoreObservationSchema,
    split_valid,
)
from registry_pipeline.sources import get_source
from registry_pipeline.sources.aider import FILE, SPEC, model_hint, parse, split_label
from registry_pipeline.sources.base import ParseContext, SourceParseError

from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS as SNAPSHOTS  # noqa: E402
RECORDING = SNAPSHOTS / "aider" / "polyglot_leaderboard.yml"
REPO = Path(__file__).resolve().parents[1]
HAND_MADE = REPO / "data" / "raw" / "aider" / "2025-10-04" / "000000"
CTX = ParseContext(source_id="aider", fetched_on=dt.date(2025, 10, 4))


def _parse(body: bytes):
    return parse({FILE: body}, CTX)


@pytest.fixture(scope="module")
def raw_bytes() -> bytes:
    if not RECORDING.exists():
        pytest.skip(f"recording not available: {RECORDING}")
    return RECORDING.read_bytes()


@pytest.fixture(scope="module")
def real(raw_bytes):
    return _parse(raw_bytes)


def _by_name(scores: pl.DataFrame, name: str, variant: str | None = None) -> dict:
    f = scores.filter(pl.col("raw_model_name") == name)
    f = f.filter(pl.col("variant").is_null()) if variant is None else f.filter(pl.col("variant") == variant)
    assert f.height == 1, (name, variant, f.height)
    return f.row(0, named=True)


def test_registered_and_spec():
    assert get_source("aider").spec is SPEC
    assert SPEC.files[0].name == "polyglot_leaderboard.yml"
    assert SPEC.provides == ("scores",) and SPEC.attribution_required


def test_every_real_run_becomes_an_observation(real):
    assert real.rejects.height == 0 and dict(real.rejects.schema) == REJECT_COLUMNS
    assert dict(real.models.schema) == MODEL_RECORD_COLUMNS and real.models.is_empty()
    assert dict(real.scores.schema) == SCORE_OBSERVATION_COLUMNS
    assert real.scores.height == 69
    assert real.scores["raw_model_key"].is_unique().all()
    assert real.scores["raw_value"].is_between(0, 100).all()
    assert set(real.scores["benchmark_id"]) == {"aider-polyglot"}
    assert set(real.scores["raw_unit"]) == {"percent"}
    assert set(real.scores["verification_level"]) == {"third_party"}
    assert real.scores["as_of_date"].null_count() == 0
    _, rejects = split_valid(real.scores, ScoreObservationSchema)
    assert rejects.height == 0


def test_run_settings_are_split_from_the_name(real):
    o3_high = _by_name(real.scores, "o3", "high")
    assert o3_high["raw_value"] == 81.3 and o3_high["model_hint"] == "o3"
    assert o3_high["as_of_date"] == dt.date(2025, 6, 25)
    assert o3_high["raw_model_key"] == "2025-06-25-21-04-24--o3-price-reduction-high"
    assert _by_name(real.scores, "o3")["raw_value"] == 76.9
    think = _by_name(real.scores, "claude-3-7-sonnet-20250219", "32k thinking tokens")
    assert think["raw_value"] == 64.9 and think["model_hint"] == "claude-3-7-sonnet-20250219"
    assert _by_name(real.scores, "gpt-5", "medium")["raw_value"] == 86.7
    assert _by_name(real.scores, "grok-4", "high")["model_hint"] == "grok-4"  # openrouter/x-ai/ stripped
    assert _by_name(real.scores, "Gemini 2.0 Pro exp-02-05")["model_hint"] == "gemini-2.0-pro-exp-02-05"


def test_versions_in_parentheses_stay_in_the_name(real):
    assert _by_name(real.scores, "DeepSeek V3 0324")["model_hint"] == "deepseek-chat"
    assert _by_name(real.scores, "DeepSeek R1 0528")["raw_value"] == 71.4
    assert _by_name(real.scores, "chatgpt-4o-latest 2025-03-29")["raw_value"] == 45.3
    # only architect pairs keep parentheses in their name
    with_parens = real.scores.filter(pl.col("raw_model_name").str.contains("(", literal=True))["raw_model_name"]
    assert with_parens.to_list() and all(" + " in n for n in with_parens)


def test_architect_pairs_keep_their_label(real):
    pair = _by_name(real.scores, "DeepSeek R1 + claude-3-5-sonnet-20241022")
    assert pair["raw_value"] == 64.0 and pair["model_hint"] is None
    o3_pair = _by_name(real.scores, "o3 (high) + gpt-4.1", "high")
    assert o3_pair["model_hint"] is None


def test_raw_row_is_the_run_as_json(real):
    row = _by_name(real.scores, "o3", "high")
    run = orjson.loads(row["raw_row"])
    assert run["dirname"] == row["raw_model_key"] and run["date"] == "2025-06-25"
    assert list(run) == sorted(run)


def test_run_without_pass_rate_2_is_rejected_others_survive(raw_bytes):
    runs = yaml.safe_load(raw_bytes)
    victim = next(r for r in runs if r["model"] == "Kimi K2")
    del victim["pass_rate_2"]
    parsed = _parse(yaml.safe_dump(runs, sort_keys=False).encode())
    assert parsed.scores.height == 68
    assert parsed.rejects.height == 1
    reject = parsed.rejects.row(0, named=True)
    assert reject["stage"] == "parse" and reject["source_id"] == "aider"
    assert "pass_rate_2" in reject["reason"]
    assert orjson.loads(reject["raw_row"])["dirname"] == victim["dirname"]
    assert victim["dirname"] not in parsed.scores["raw_model_key"].to_list()


def test_non_numeric_score_and_missing_keys_are_rejected(raw_bytes):
    runs = yaml.safe_load(raw_bytes)[:3]
    runs[0]["pass_rate_2"] = "n/a"
    del runs[1]["dirname"]
    parsed = _parse(yaml.safe_dump(runs, sort_keys=False).encode())
    assert parsed.scores.height == 1
    reasons = parsed.rejects["reason"].to_list()
    assert any("pass_rate_2" in r for r in reasons) and any("dirname" in r for r in reasons)


@pytest.mark.parametrize("body", [b"{not: [valid", b"just a string", b"a: 1\nb: 2\n", b"\xff\xfe\x00"])
def test_garbage_raises_naming_source_and_file(body):
    with pytest.raises(SourceParseError) as exc:
        _parse(body)
    assert "aider" in str(exc.value) and FILE in str(exc.value)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("o3 (high)", ("o3", "high")),
        ("claude-3-7-sonnet-20250219 (32k thinking tokens)", ("claude-3-7-sonnet-20250219", "32k thinking tokens")),
        ("DeepSeek V3 (0324)", ("DeepSeek V3 0324", None)),
        ("DeepSeek R1 (0528)", ("DeepSeek R1 0528", None)),
        ("chatgpt-4o-latest (2025-03-29)", ("chatgpt-4o-latest 2025-03-29", None)),
        ("Kimi K2", ("Kimi K2", None)),
        ("o3 (high) + gpt-4.1", ("o3 (high) + gpt-4.1", None)),
    ],
)
def test_split_label(label, expected):
    assert split_label(label) == expected


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("aider --model openrouter/x-ai/grok-4", "grok-4"),
        ("aider --model gemini/gemini-2.5-pro-preview-06-05 --thinking-tokens 32k", "gemini-2.5-pro-preview-06-05"),
        ("aider --model openai/Qwen/Qwen2.5-Coder-32B-Instruct # via hyperbolic", "Qwen2.5-Coder-32B-Instruct"),
        ("aider --architect --model r1 --editor-model sonnet", "r1"),
        ("aider --editor-model sonnet", None),
        (None, None),
    ],
)
def test_model_hint(command, expected):
    assert model_hint(command) == expected


def test_hand_made_snapshot_parses_and_matches_manifest(real):
    body = (HAND_MADE / FILE).read_bytes()
    manifest = orjson.loads((HAND_MADE / "manifest.json").read_bytes())
    entry = manifest["files"][0]
    assert manifest["source_id"] == "aider" and manifest["origin"] == "hand-made"
    assert entry["name"] == FILE and entry["url"] == SPEC.files[0].url
    assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["bytes"] == len(body)
    parsed = _parse(body)
    assert parsed.rejects.height == 0 and 25 <= parsed.scores.height <= 30
    _, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.height == 0
    # every hand-made run carries the real facts of the same run in the recording
    cols = ["raw_model_key", "raw_model_name", "variant", "model_hint", "raw_value", "as_of_date"]
    joined = parsed.scores.select(cols).join(real.scores.select(cols), on="raw_model_key", how="left", suffix="_r")
    for c in cols[1:]:
        assert joined[c].to_list() == joined[f"{c}_r"].to_list(), c
