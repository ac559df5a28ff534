"""SWE-bench parser against the real recording (read in place) and the hand-made snapshot in data/raw."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import orjson
import polars as pl
import pytest

from registry_pipeline.schemas import ScoreObservationSchema, split_valid
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline.sources.swe_bench import FILE, parse
from registry_pipeline.transform.identity import name_key
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS

RECORDING = SHARED_SNAPSHOTS / "swe-bench" / FILE
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "raw" / "swe-bench" / "2025-12-10" / "000000" / FILE
CTX = ParseContext(source_id="swe-bench", fetched_on=dt.date(2025, 12, 10))


@pytest.fixture(scope="module")
def body() -> dict:
    if not RECORDING.exists():
        pytest.skip(f"recording not available: {RECORDING}")
    return orjson.loads(RECORDING.read_bytes())


@pytest.fixture(scope="module")
def real(body):
    return parse({FILE: orjson.dumps(body)}, CTX)


def _parse(body: dict):
    return parse({FILE: orjson.dumps(body)}, CTX)


def _row(scores: pl.DataFrame, folder: str, benchmark: str) -> dict:
    rows = scores.filter((pl.col("raw_model_key") == folder) & (pl.col("benchmark_id") == benchmark)).to_dicts()
    assert len(rows) == 1, (folder, benchmark)
    return rows[0]


def test_every_board_is_its_own_benchmark(real):
    counts = dict(real.scores.group_by("benchmark_id").len().iter_rows())
    assert counts == {
        "swe-bench-bash-only": 31, "swe-bench-full": 23, "swe-bench-verified": 162,
        "swe-bench-lite": 84, "swe-bench-multimodal": 22,
    }
    assert real.rejects.is_empty()
    _, rejects = split_valid(real.scores, ScoreObservationSchema)
    assert rejects.is_empty()


def test_bash_only_is_third_party_with_no_variant(real):
    opus = _row(real.scores, "20251124_mini-v1.16.0_claude-opus-4-5-20251101", "swe-bench-bash-only")
    assert opus["raw_model_name"] == "claude-opus-4-5-20251101" and opus["raw_value"] == 74.4
    assert opus["verification_level"] == "third_party" and opus["variant"] is None
    assert opus["as_of_date"] == dt.date(2025, 11, 24) and opus["provider_hint"] == "Anthropic"
    details = json.loads(opus["details"])
    assert details["agent"] == "Claude 4.5 Opus medium (20251101)" and details["model_count"] == 1
    assert details["cost"] == pytest.approx(360.6224985)
    raw = json.loads(opus["raw_row"])
    assert "per_instance_details" not in raw and raw["omitted"] == ["per_instance_details", "logo", "warning"]


def test_agent_boards_keep_the_agent_as_the_setting_and_level_follows_checked(real, body):
    verified = real.scores.filter(pl.col("benchmark_id") == "swe-bench-verified")
    assert dict(verified.group_by("verification_level").len().iter_rows()) == {"third_party": 59, "community": 103}
    assert verified["variant"].null_count() == 0
    trae = _row(real.scores, "20250928_trae_doubao_seed_code", "swe-bench-verified")
    assert trae["variant"] == "TRAE + Doubao-Seed-Code; multiple attempts" and trae["verification_level"] == "community"
    # "false (See README.md ...)" in `checked` reads as false, not as a bad row
    odd = [r for b in body["leaderboards"] for r in b["results"] if isinstance(r.get("checked"), str)]
    assert len(odd) == 8 and all(r["checked"].startswith("false") for r in odd)
    levels = real.scores.filter(pl.col("raw_model_key").is_in([r["folder"] for r in odd]))["verification_level"]
    assert set(levels) == {"community"}


def test_a_system_taking_several_attempts_says_so_in_its_setting(real, body):
    """`System: Attempts - 2+` (or `- 2`): the system tried each issue more than once and picked a patch, a
    setting of its own beside a single attempt (as llm-stats' "Multiple attempts"); its variant is the agent
    with "; multiple attempts". Rows of one attempt, or whose tags say nothing of attempts, keep the agent."""
    tags = {(b["name"], r["folder"]): r.get("tags") or [] for b in body["leaderboards"] for r in b["results"]}
    several = {f for (_, f), t in tags.items() if {"System: Attempts - 2+", "System: Attempts - 2"} & set(t)}
    assert len(several) >= 80
    marked = real.scores.filter(pl.col("variant").str.ends_with("; multiple attempts"))
    assert set(marked["raw_model_key"]) == several
    skywork = _row(real.scores, "20250616_Skywork-SWE-32B+TTS_Bo8", "swe-bench-verified")
    assert skywork["variant"] == "Skywork-SWE-32B + TTS(Bo8); multiple attempts" and skywork["raw_value"] == 47.0
    single = real.scores.filter(pl.col("benchmark_id") != "swe-bench-bash-only", ~pl.col("raw_model_key").is_in(list(several)))
    assert not single["variant"].str.contains("attempts").any()


def test_a_score_attaches_to_a_model_only_when_exactly_one_is_named(real):
    details = real.scores.select("raw_model_name", n=pl.col("details").str.json_path_match("$.model_count").cast(pl.Int64))
    assert dict(details.group_by("n").len().iter_rows()) == {1: 212, 0: 74, 2: 25, 3: 5, 4: 3, 12: 1, 9: 1, 7: 1}
    trae = _row(real.scores, "20250928_trae_doubao_seed_code", "swe-bench-verified")
    assert trae["raw_model_name"] == "Doubao-Seed-Code + Doubao-Seed-1.6"
    several = details.filter(pl.col("n") > 1)["raw_model_name"]
    assert several.str.contains(" + ", literal=True).all()
    none = details.filter(pl.col("n") == 0)["raw_model_name"]
    assert none.str.starts_with("agent: ").all()
    # such names can never equal a single model id's key
    keys = real.scores.filter(pl.col("details").str.json_path_match("$.model_count") != "1").select(k=name_key(pl.col("raw_model_name")))["k"]
    single = set(real.scores.filter(pl.col("details").str.json_path_match("$.model_count") == "1").select(k=name_key(pl.col("raw_model_name")))["k"])
    assert not set(keys) & single


def test_drift_unknown_field_ignored_missing_optional_null_missing_required_rejected(body):
    edited = json.loads(json.dumps(body))
    results = edited["leaderboards"][0]["results"]
    results[0]["brand_new_field"] = {"x": 1}
    del results[1]["date"]
    del results[2]["resolved"]
    results[3]["resolved"] = "74%"
    parsed = _parse(edited)
    assert parsed.scores.height == 320
    no_date = _row(parsed.scores, results[1]["folder"], "swe-bench-bash-only")
    assert no_date["as_of_date"] == CTX.fetched_on
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == 2
    assert any(results[2]["folder"] in r and "'resolved'" in r and "None" in r for r in reasons)
    assert any(results[3]["folder"] in r and "'74%'" in r for r in reasons)


def test_an_absurd_value_rejects_only_its_row(body):
    edited = json.loads(json.dumps(body))
    edited["leaderboards"][2]["results"][0]["resolved"] = 1e30
    scores, rejects = split_valid(_parse(edited).scores, ScoreObservationSchema)
    assert scores.height == 321 and rejects.height == 1 and "value_in_unit_range" in rejects["reason"][0]


def test_an_unknown_board_is_rejected_row_by_row(body):
    edited = json.loads(json.dumps(body))
    edited["leaderboards"][4]["name"] = "Multilingual"
    parsed = _parse(edited)
    assert parsed.scores.height == 300 and parsed.rejects.height == 22
    assert set(parsed.rejects["reason"]) == {"leaderboards.json: board 'Multilingual': unknown board, no catalogue benchmark"}


@pytest.mark.parametrize("payload", [b"<html>502</html>", b'{"boards": []}', b'{"leaderboards": []}', b"[]"])
def test_garbage_raises_naming_source_and_file(payload):
    with pytest.raises(SourceParseError) as err:
        parse({FILE: payload}, CTX)
    assert "swe-bench" in str(err.value) and FILE in str(err.value)


def test_shipped_snapshot_parses_clean():
    parsed = parse({FILE: SHIPPED.read_bytes()}, CTX)
    assert parsed.rejects.is_empty() and parsed.scores.height == 24
    assert set(parsed.scores["benchmark_id"]) == {
        "swe-bench-bash-only", "swe-bench-verified", "swe-bench-lite", "swe-bench-full", "swe-bench-multimodal",
    }
    _, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.is_empty()
    assert b"per_instance_details" not in SHIPPED.read_bytes()
