"""BigCodeBench parser against the real recordings and the hand-made snapshot shipped in data/raw."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import orjson
import polars as pl
import pytest

from registry_pipeline import catalog
from registry_pipeline.schemas import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ScoreObservationSchema,
    split_valid,
)
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline.sources.bigcodebench import FULL, HARD, SPEC, normalise_settings, parse, split_key
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS

RECORDING = SHARED_SNAPSHOTS / "bigcodebench"
REPO = Path(__file__).resolve().parents[1]
HAND_MADE = REPO / "data" / "raw" / "bigcodebench" / "2025-04-17" / "000000"
CTX = ParseContext(source_id="bigcodebench", fetched_on=dt.date(2025, 4, 17))
ALL = 153 + 126 + 199 + 173  # non-null values per (file, split), counted by hand in the recording


def _parse(full: dict, hard: dict):
    enc = lambda x: json.dumps(x).encode()  # noqa: E731
    return parse({FULL: enc(full), HARD: enc(hard)}, CTX)


@pytest.fixture(scope="module")
def raw() -> tuple[dict, dict]:
    if not (RECORDING / FULL).exists():
        pytest.skip(f"recording not available: {RECORDING}")
    return json.loads((RECORDING / FULL).read_bytes()), json.loads((RECORDING / HARD).read_bytes())


@pytest.fixture(scope="module")
def real(raw):
    return parse({FULL: (RECORDING / FULL).read_bytes(), HARD: (RECORDING / HARD).read_bytes()}, CTX)


def _copy(raw):
    full, hard = raw
    return json.loads(json.dumps(full)), json.loads(json.dumps(hard))


def _one(scores: pl.DataFrame, key: str, bench: str) -> dict:
    f = scores.filter((pl.col("raw_model_key") == key) & (pl.col("benchmark_id") == bench))
    assert f.height == 1, (key, bench, f.height)
    return f.row(0, named=True)


def test_registered_and_spec():
    assert get_source("bigcodebench").spec is SPEC
    assert [f.name for f in SPEC.files] == ["results.json", "results-hard.json"]
    assert SPEC.files[1].url == "https://bigcode-bench.github.io/results-hard.json"
    assert SPEC.default_verification_level == "third_party" and SPEC.provides == ("scores",)


def test_counts_per_benchmark_on_the_real_recording(real, raw):
    full, hard = raw
    assert len(full) == len(hard) == 202 and list(full) == list(hard)
    assert real.rejects.height == 0 and dict(real.rejects.schema) == REJECT_COLUMNS
    assert dict(real.models.schema) == MODEL_RECORD_COLUMNS and real.models.is_empty()
    assert dict(real.scores.schema) == SCORE_OBSERVATION_COLUMNS
    counts = dict(real.scores.group_by("benchmark_id").len().iter_rows())
    assert counts == {
        "bigcodebench-complete": 153,
        "bigcodebench-instruct": 126,
        "bigcodebench-hard-complete": 199,
        "bigcodebench-hard-instruct": 173,
    }
    assert real.scores.height == ALL
    assert real.scores["raw_model_key"].n_unique() == 202  # every model has some value
    # 202 keys, 195 models: o1 and o3-mini (3 efforts each), Grok-3-Mini (2), Claude 3.7 and DeepCoder (plain + thinking)
    assert real.scores["raw_model_name"].n_unique() == 195
    assert set(real.scores["benchmark_id"]) <= set(catalog.benchmarks()["id"])
    assert set(real.scores["verification_level"]) == {"third_party"} and set(real.scores["raw_unit"]) == {"percent"}
    assert not real.scores.select("raw_model_key", "benchmark_id", "benchmark_version").is_duplicated().any()
    _, rejects = split_valid(real.scores, ScoreObservationSchema)
    assert rejects.height == 0


def test_dates_are_the_rows_own(real):
    # every row of the recording has a valid ISO date
    assert real.scores["as_of_date"].min() == dt.date(2023, 8, 25)
    assert real.scores["as_of_date"].max() == dt.date(2025, 4, 14)
    assert not real.scores["details"].str.contains('"as_of_from":"fetched_on"', literal=True).any()
    gpt = _one(real.scores, "GPT-4o-2024-05-13", "bigcodebench-complete")
    assert gpt["raw_value"] == 61.1 and gpt["as_of_date"] == dt.date(2024, 5, 13)
    assert _one(real.scores, "GPT-4o-2024-05-13", "bigcodebench-hard-instruct")["raw_value"] == 25.0


def test_run_settings_become_variants(real):
    o1 = _one(real.scores, "o1-2024-12-17 (temperature=1, reasoning=high)", "bigcodebench-hard-complete")
    # o1's only temperature is no setting (identity spells the effort `high`, as aider, ARC Prize and LiveBench do)
    assert o1["raw_model_name"] == "o1-2024-12-17" and o1["variant"] == "reasoning=high"
    assert orjson.loads(o1["details"])["settings"] == "temperature=1, reasoning=high"
    assert o1["raw_value"] == 38.5 and o1["model_hint"] is None
    claude = _one(real.scores, "Claude-3.7-Sonnet-20250219 (temperature=1, length=12800, reasoning=3200)", "bigcodebench-hard-instruct")
    assert claude["raw_model_name"] == "Claude-3.7-Sonnet-20250219"
    assert claude["variant"] == "length=12800; reasoning=3200" and claude["raw_value"] == 32.4
    plain = _one(real.scores, "Claude-3.7-Sonnet-20250219", "bigcodebench-hard-instruct")
    assert plain["variant"] is None and plain["raw_value"] == 31.8
    qwq = _one(real.scores, "QwQ-32B (w/ Reasoning)", "bigcodebench-hard-complete")
    assert qwq["raw_model_name"] == "QwQ-32B" and qwq["variant"] == "w/ Reasoning" and qwq["model_hint"] == "Qwen/QwQ-32B"
    deepcoder = _one(real.scores, "DeepCoder-14B-Preview (w/ Reasoning, 64k tokens, temperature=0.6)", "bigcodebench-hard-complete")
    assert deepcoder["variant"] == "w/ Reasoning; 64k tokens"  # parts joined as every source's
    warrior = real.scores.filter(pl.col("raw_model_key") == "WarriorCoder-6.7B (Reproduced)")
    assert set(warrior["variant"]) == {"Reproduced"} and set(warrior["raw_model_name"]) == {"WarriorCoder-6.7B"}
    variants = real.scores.filter(pl.col("variant").is_not_null())
    # 12 keys carry settings beyond a temperature: 3 o1, 3 o3-mini, 2 Grok-3-Mini, Claude 3.7, QwQ, DeepCoder, WarriorCoder
    assert variants["raw_model_key"].n_unique() == 12


def test_temperature_alone_is_no_variant(real):
    mini = _one(real.scores, "o1-Mini-2024-09-12 (temperature=1)", "bigcodebench-hard-instruct")
    assert mini["raw_model_name"] == "o1-Mini-2024-09-12" and mini["variant"] is None and mini["raw_value"] == 27.7
    assert orjson.loads(mini["details"])["settings"] == "temperature=1"
    # o1-mini was run on the hard set only: the full file's nulls give no observation
    assert real.scores.filter(pl.col("raw_model_key") == "o1-Mini-2024-09-12 (temperature=1)").height == 2


def test_version_dates_in_parentheses_stay_in_the_name(real):
    v2 = _one(real.scores, "DeepSeek-V2-Chat (2024-06-28)", "bigcodebench-instruct")
    assert v2["raw_model_name"] == "DeepSeek-V2-Chat 2024-06-28" and v2["variant"] is None and v2["raw_value"] == 48.9
    coder = _one(real.scores, "DeepSeek-Coder-V2-Instruct (2024-07-24)", "bigcodebench-hard-complete")
    assert coder["raw_model_name"] == "DeepSeek-Coder-V2-Instruct 2024-07-24" and coder["raw_value"] == 33.1


def test_details_and_hints(real, raw):
    full, _ = raw
    hf = sum(1 for v in full.values() if v["link"].startswith("https://huggingface.co/"))
    assert real.scores.filter(pl.col("model_hint").is_not_null())["raw_model_key"].n_unique() == hf == 144
    v3 = _one(real.scores, "DeepSeek-V3", "bigcodebench-complete")
    assert v3["model_hint"] == "deepseek-ai/DeepSeek-V3" and v3["raw_value"] == 62.2
    d = orjson.loads(v3["details"])
    assert d == {
        "settings": None, "link": "https://huggingface.co/deepseek-ai/DeepSeek-V3", "open-data": "None",
        "prompted": True, "moe": True, "size": 671, "act_param": 37, "prefill": False,
        "date": "2024-12-26", "as_of_from": "date",
    }
    # a bare "org/repo" link does not point at huggingface.co: no hint
    assert _one(real.scores, "DeepSeek-V2.5-1210", "bigcodebench-complete")["model_hint"] is None
    granite = real.scores.filter(pl.col("raw_model_key") == "Granite-3.0-2B-Instruct")
    assert dict(granite.select("benchmark_id", "raw_value").iter_rows()) == {
        "bigcodebench-instruct": 20.5, "bigcodebench-hard-instruct": 2.0,
    }


def test_unknown_fields_are_ignored(raw):
    full, hard = _copy(raw)
    for d in (full, hard):
        for v in d.values():
            v["elo_mle"] = 1000
            v["pass@1"]["complete-cal"] = 1.0
    parsed = _parse(full, hard)
    assert parsed.rejects.height == 0 and parsed.scores.height == ALL


def test_missing_optional_fields_give_null(raw):
    full, hard = _copy(raw)
    for d in (full, hard):
        for v in d.values():
            for k in ("link", "moe", "size", "act_param", "prefill", "date", "open-data"):
                v.pop(k)
    parsed = _parse(full, hard)
    assert parsed.rejects.height == 0 and parsed.scores.height == ALL
    assert parsed.scores["model_hint"].null_count() == ALL
    assert set(parsed.scores["as_of_date"]) == {CTX.fetched_on}
    d = orjson.loads(_one(parsed.scores, "DeepSeek-V3", "bigcodebench-hard-complete")["details"])
    assert d["size"] is None and d["date"] is None and d["as_of_from"] == "fetched_on"


def test_bad_date_falls_back_to_fetched_on(raw):
    full, hard = _copy(raw)
    full["DeepSeek-V3"]["date"] = "2024-12"
    parsed = _parse(full, hard)
    assert parsed.rejects.height == 0
    row = _one(parsed.scores, "DeepSeek-V3", "bigcodebench-complete")
    assert row["as_of_date"] == CTX.fetched_on and orjson.loads(row["details"])["as_of_from"] == "fetched_on"
    assert _one(parsed.scores, "DeepSeek-V3", "bigcodebench-hard-complete")["as_of_date"] == dt.date(2024, 12, 26)


def test_missing_required_fields_reject_with_reason(raw):
    full, hard = _copy(raw)
    del full["DeepSeek-V3"]["pass@1"]
    # o1 (high) has no full-set values: emptying its hard values leaves no value at all
    hard["o1-2024-12-17 (temperature=1, reasoning=high)"]["pass@1"] = {"instruct": None, "complete": None}
    parsed = _parse(full, hard)
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == 2
    assert any(FULL in r and "DeepSeek-V3" in r and "'pass@1': missing" in r for r in reasons)
    assert any("o1-2024-12-17 (temperature=1, reasoning=high)" in r and "no pass@1 value" in r for r in reasons)
    assert parsed.scores.height == ALL - 2 - 2
    # DeepSeek-V3's hard-set values are still read
    assert parsed.scores.filter(pl.col("raw_model_key") == "DeepSeek-V3").height == 2


def test_absurd_values_reject_just_that_value(raw):
    full, hard = _copy(raw)
    full["GPT-4o-2024-05-13"]["pass@1"]["complete"] = 1e30
    hard["Phi-4"]["pass@1"]["instruct"] = "24.3"
    full["Llama-4-Maverick"]["size"] = "109B"
    hard["Quasar-Alpha"] = ["not", "an", "object"]
    parsed = _parse(full, hard)
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == 4
    assert any(FULL in r and "GPT-4o-2024-05-13" in r and "'pass@1.complete'" in r and "1e+30" in r for r in reasons)
    assert any(HARD in r and "Phi-4" in r and "'pass@1.instruct'" in r and "'24.3'" in r for r in reasons)
    assert any("Llama-4-Maverick" in r and "'size'" in r and "row is kept" in r for r in reasons)
    assert any(HARD in r and "Quasar-Alpha" in r and "expected an object" in r for r in reasons)
    assert parsed.scores.height == ALL - 1 - 1 - 2
    assert _one(parsed.scores, "GPT-4o-2024-05-13", "bigcodebench-instruct")["raw_value"] == 51.1
    maverick = orjson.loads(_one(parsed.scores, "Llama-4-Maverick", "bigcodebench-complete")["details"])
    assert maverick["size"] is None and maverick["act_param"] == 17


@pytest.mark.parametrize("name", [FULL, HARD])
@pytest.mark.parametrize("body", [b"\x89PNG garbage {[", b"[]", b"", b"null"])
def test_garbage_raises_naming_source_and_file(raw, name, body):
    files = {FULL: (RECORDING / FULL).read_bytes(), HARD: (RECORDING / HARD).read_bytes(), name: body}
    with pytest.raises(SourceParseError) as exc:
        parse(files, CTX)
    assert "bigcodebench" in str(exc.value) and name in str(exc.value)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("o1-2024-12-17 (temperature=1, reasoning=medium)", ("o1-2024-12-17", "reasoning=medium", "temperature=1, reasoning=medium")),
        ("o1-Mini-2024-09-12 (temperature=1)", ("o1-Mini-2024-09-12", None, "temperature=1")),
        ("Grok-3-Mini-Beta  ( temperature = 1 ,reasoning=low )", ("Grok-3-Mini-Beta", "reasoning=low", "temperature=1, reasoning=low")),
        ("Claude-3.7-Sonnet-20250219 (temperature=1, length=12800, reasoning=3200)",
         ("Claude-3.7-Sonnet-20250219", "length=12800; reasoning=3200", "temperature=1, length=12800, reasoning=3200")),
        ("DeepSeek-V2-Chat (2024-06-28)", ("DeepSeek-V2-Chat 2024-06-28", None, None)),
        ("DeepSeek-V3-0324", ("DeepSeek-V3-0324", None, None)),
        ("QwQ-32B (w/ Reasoning)", ("QwQ-32B", "w/ Reasoning", "w/ Reasoning")),
        ("Llama-4-Scout ()", ("Llama-4-Scout", None, None)),
    ],
)
def test_split_key(key, expected):
    assert split_key(key) == expected


def test_normalise_settings():
    assert normalise_settings(" w/ Reasoning,  64k   tokens ,temperature = 0.6 ") == "w/ Reasoning, 64k tokens, temperature=0.6"


def test_hand_made_snapshot_parses_and_matches_manifest(real):
    manifest = orjson.loads((HAND_MADE / "manifest.json").read_bytes())
    assert manifest["source_id"] == "bigcodebench" and manifest["origin"] == "hand-made"
    files = {}
    for entry, spec_file in zip(manifest["files"], SPEC.files):
        body = (HAND_MADE / entry["name"]).read_bytes()
        assert entry["name"] == spec_file.name and entry["url"] == spec_file.url
        assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["bytes"] == len(body)
        files[entry["name"]] = body
    assert list(json.loads(files[FULL])) == list(json.loads(files[HARD]))  # the same keys, like the real files
    parsed = parse(files, CTX)
    assert parsed.rejects.height == 0 and parsed.scores["raw_model_key"].n_unique() == 24
    assert set(parsed.scores["benchmark_id"]) == {
        "bigcodebench-complete", "bigcodebench-instruct", "bigcodebench-hard-complete", "bigcodebench-hard-instruct",
    }
    assert parsed.scores.filter(pl.col("variant").is_not_null())["raw_model_key"].n_unique() == 5
    _, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.height == 0
    # every hand-made row carries the real facts of the same row in the recording
    cols = ["raw_model_key", "benchmark_id", "raw_model_name", "variant", "model_hint", "raw_value", "as_of_date", "details"]
    joined = parsed.scores.select(cols).join(real.scores.select(cols), on=["raw_model_key", "benchmark_id"], how="left", suffix="_r")
    for c in cols[2:]:
        assert joined[c].to_list() == joined[f"{c}_r"].to_list(), c
