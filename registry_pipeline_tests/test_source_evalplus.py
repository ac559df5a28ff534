"""EvalPlus parser against the real recordings and the hand-made snapshot shipped in data/raw."""

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
from registry_pipeline.sources.evalplus import (
    EVALPERF,
    RESULTS,
    SPEC,
    hf_repo_id,
    parse,
    split_evalperf_key,
    version_label,
)
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS

RECORDING = SHARED_SNAPSHOTS / "evalplus"
REPO = Path(__file__).resolve().parents[1]
HAND_MADE = REPO / "data" / "raw" / "evalplus" / "2024-12-26" / "000000"
CTX = ParseContext(source_id="evalplus", fetched_on=dt.date(2024, 12, 26))


def _parse(results: dict | bytes, evalperf: dict | bytes):
    enc = lambda x: x if isinstance(x, bytes) else json.dumps(x, ensure_ascii=False).encode()  # noqa: E731
    return parse({RESULTS: enc(results), EVALPERF: enc(evalperf)}, CTX)


@pytest.fixture(scope="module")
def raw() -> tuple[dict, dict]:
    if not (RECORDING / RESULTS).exists():
        pytest.skip(f"recording not available: {RECORDING}")
    return json.loads((RECORDING / RESULTS).read_bytes()), json.loads((RECORDING / EVALPERF).read_bytes())


@pytest.fixture(scope="module")
def real():
    if not (RECORDING / RESULTS).exists():
        pytest.skip(f"recording not available: {RECORDING}")
    return parse({RESULTS: (RECORDING / RESULTS).read_bytes(), EVALPERF: (RECORDING / EVALPERF).read_bytes()}, CTX)


def _one(scores: pl.DataFrame, key: str, bench: str) -> dict:
    f = scores.filter((pl.col("raw_model_key") == key) & (pl.col("benchmark_id") == bench))
    assert f.height == 1, (key, bench, f.height)
    return f.row(0, named=True)


def test_registered_and_spec():
    assert get_source("evalplus").spec is SPEC
    assert [f.name for f in SPEC.files] == ["results.json", "evalperf-COMBINED-RESULTS.json"]
    assert SPEC.files[1].url == "https://evalplus.github.io/results/evalperf/COMBINED-RESULTS.json"
    assert SPEC.default_verification_level == "third_party" and SPEC.provides == ("scores",)


def test_counts_per_benchmark_on_the_real_recording(real, raw):
    results, evalperf = raw
    assert real.rejects.height == 0 and dict(real.rejects.schema) == REJECT_COLUMNS
    assert dict(real.models.schema) == MODEL_RECORD_COLUMNS and real.models.is_empty()
    assert dict(real.scores.schema) == SCORE_OBSERVATION_COLUMNS
    counts = dict(real.scores.group_by("benchmark_id").len().iter_rows())
    # 125 models; the 36 models evaluated on HumanEval only have null MBPP values (not observations)
    assert len(results) == 125
    assert counts == {"humaneval": 125, "humaneval-plus": 125, "mbpp": 89, "mbpp-plus": 89, "evalperf": 34}
    # 35 top-level keys in COMBINED-RESULTS.json: 34 models + the heatmap table
    assert len(evalperf) == 35 and "heatmap_data" in evalperf
    assert "heatmap_data" not in real.scores["raw_model_key"].to_list()
    assert set(real.scores["benchmark_id"]) <= set(catalog.benchmarks()["id"])
    assert set(real.scores["verification_level"]) == {"third_party"}
    assert set(real.scores["as_of_date"]) == {CTX.fetched_on}  # no per-row date in either file
    assert real.scores["benchmark_version"].null_count() == real.scores.height
    assert not real.scores.select("raw_model_key", "benchmark_id", "benchmark_version").is_duplicated().any()
    _, rejects = split_valid(real.scores, ScoreObservationSchema)
    assert rejects.height == 0


def test_dated_display_names_are_kept_whole(real):
    gpt4o = _one(real.scores, "GPT 4o (Aug 2024)", "humaneval-plus")
    assert gpt4o["raw_model_name"] == "GPT 4o (Aug 2024)" and gpt4o["variant"] is None
    assert gpt4o["raw_value"] == 87.2 and gpt4o["raw_unit"] == "percent" and gpt4o["model_hint"] is None
    details = orjson.loads(gpt4o["details"])
    assert details["version_label"] == "Aug 2024" and details["prompted"] is True and details["size"] is None
    assert details["score_field"] == "pass@1"
    assert _one(real.scores, "GPT 4o (Aug 2024)", "mbpp")["raw_value"] == 87.6
    o1 = _one(real.scores, "O1 Preview (Sept 2024)", "humaneval")
    assert o1["raw_value"] == 96.3 and orjson.loads(o1["details"])["version_label"] == "Sept 2024"
    claude = _one(real.scores, "Claude Sonnet 3.5 (June 2024)", "mbpp-plus")
    assert claude["raw_value"] == 74.3
    # 18 keys carry a parenthesised version label; no key is cut into a variant
    labelled = real.scores.filter(pl.col("details").str.contains('"version_label":"', literal=True))
    assert labelled["raw_model_key"].n_unique() == 18
    assert real.scores.filter(pl.col("benchmark_id") != "evalperf")["variant"].null_count() == 4 * 125 - 2 * 36


def test_hugging_face_links_become_model_hints(real, raw):
    results, _ = raw
    he = real.scores.filter(pl.col("benchmark_id") == "humaneval")
    hf_links = sum(1 for v in results.values() if v["link"].startswith("https://huggingface.co/"))
    assert he["model_hint"].drop_nulls().len() == hf_links
    assert _one(real.scores, "OpenCoder-8B-Instruct", "mbpp")["model_hint"] == "infly/OpenCoder-8B-Instruct"
    dbrx = _one(real.scores, "databricks/dbrx-instruct", "humaneval")
    assert dbrx["raw_model_name"] == "databricks/dbrx-instruct" and dbrx["raw_value"] == 75.0
    assert orjson.loads(dbrx["details"])["size"] == 36
    zephyr = _one(real.scores, "Zephyr β-7B", "mbpp-plus")
    assert zephyr["model_hint"] == "HuggingFaceH4/zephyr-7b-beta" and zephyr["raw_value"] == 34.7
    # a link to a paper or a blog gives no hint
    assert _one(real.scores, "CodeGen2-16B", "humaneval")["model_hint"] is None


def test_null_mbpp_is_not_evaluated(real):
    gpt4 = real.scores.filter(pl.col("raw_model_key") == "GPT-4 (May 2023)")
    assert dict(gpt4.select("benchmark_id", "raw_value").iter_rows()) == {"humaneval": 88.4, "humaneval-plus": 79.3}


def test_evalperf_rows(real):
    perf = real.scores.filter(pl.col("benchmark_id") == "evalperf")
    assert set(perf["raw_unit"]) == {"index"} and set(perf["source_url"]) == {"https://evalplus.github.io/evalperf.html"}
    llama = _one(real.scores, "meta-llama--Llama-3.1-70B-Instruct", "evalperf")
    assert llama["raw_model_name"] == "meta-llama/Llama-3.1-70B-Instruct"
    assert llama["model_hint"] == "meta-llama/Llama-3.1-70B-Instruct" and llama["variant"] is None
    assert llama["raw_value"] == pytest.approx(77.29818188061222)
    gpt4o = _one(real.scores, "gpt-4o-2024-08-06", "evalperf")
    assert gpt4o["raw_model_name"] == "gpt-4o-2024-08-06" and gpt4o["model_hint"] is None
    details = orjson.loads(gpt4o["details"])
    assert details["dps"] == pytest.approx(87.8465793074948) and details["pass@1"] == pytest.approx(86.65254237288136)
    assert details["model_win_rate"] == 1.0 and details["task_win_rate"] == pytest.approx(0.6109493302271404)
    assert details["prompt"] == "instruct"
    # the performance-encouraging prompt is a variant of the same model
    plain = _one(real.scores, "o1-mini-2024-09-12", "evalperf")
    fast = _one(real.scores, "o1-mini-2024-09-12 (⏩)", "evalperf")
    assert plain["raw_model_name"] == fast["raw_model_name"] == "o1-mini-2024-09-12"
    assert plain["variant"] is None and fast["variant"] == "perf-instruct"
    assert fast["raw_value"] == pytest.approx(83.40681921310014) and plain["raw_value"] == pytest.approx(81.11533806360009)
    assert sorted(perf.filter(pl.col("variant").is_not_null())["raw_model_name"]) == ["o1-mini-2024-09-12", "o1-preview-2024-09-12"]


def test_legacy_pass_at_1_base_and_plus_are_read(raw):
    results, evalperf = raw
    results = dict(results)
    # Command-R+ as the site listed it before the 2024-04-19 refactor (commit 0ae8922 of evalplus.github.io)
    results["Command-R+"] = {
        "link": "https://huggingface.co/CohereForAI/c4ai-command-r-plus", "open-data": "NONE",
        "pass@1_base": {"humaneval": 64, "mbpp": 70.9}, "pass@1_plus": {"humaneval": 56.7, "mbpp": 58.6},
        "prompted": True, "size": 104,
    }
    parsed = _parse(results, evalperf)
    assert parsed.rejects.height == 0
    rows = parsed.scores.filter(pl.col("raw_model_key") == "Command-R+")
    assert dict(rows.select("benchmark_id", "raw_value").iter_rows()) == {
        "humaneval": 64.0, "humaneval-plus": 56.7, "mbpp": 70.9, "mbpp-plus": 58.6,
    }
    assert {orjson.loads(d)["score_field"] for d in rows["details"]} == {"pass@1_base/pass@1_plus"}
    # only the base object: two observations
    results["Command-R+"] = {"link": "x", "pass@1_base": {"humaneval": 64, "mbpp": None}}
    only_base = _parse(results, evalperf).scores.filter(pl.col("raw_model_key") == "Command-R+")
    assert only_base.select("benchmark_id", "raw_value").rows() == [("humaneval", 64.0)]


def test_unknown_fields_are_ignored(raw):
    results, evalperf = raw
    results = {k: {**v, "new_field": [1, 2], "pass@1": {**v["pass@1"], "lcb": 12.0, "average": 50}} for k, v in results.items()}
    evalperf = {k: ({**v, "dps_v2": 1} if k != "heatmap_data" else v) for k, v in evalperf.items()}
    evalperf["stats_meta"] = "not a model"  # a new non-model key is not silently dropped
    parsed = _parse(results, evalperf)
    assert parsed.scores.height == 125 * 2 + 89 * 2 + 34
    assert parsed.rejects.height == 1 and "stats_meta" in parsed.rejects["reason"][0]


def test_missing_optional_fields_give_null(raw):
    results, evalperf = raw
    results = {k: {kk: vv for kk, vv in v.items() if kk not in ("link", "size", "prompted", "open-data")} for k, v in results.items()}
    evalperf = {k: ({kk: vv for kk, vv in v.items() if kk != "task_win_rate"} if k != "heatmap_data" else v) for k, v in evalperf.items()}
    parsed = _parse(results, evalperf)
    assert parsed.rejects.height == 0 and parsed.scores.height == 125 * 2 + 89 * 2 + 34
    assert parsed.scores.filter(pl.col("benchmark_id") != "evalperf")["model_hint"].null_count() == 125 * 2 + 89 * 2
    d = orjson.loads(_one(parsed.scores, "OpenCoder-8B-Instruct", "humaneval")["details"])
    assert d["link"] is None and d["size"] is None and d["prompted"] is None and d["open-data"] is None
    assert orjson.loads(_one(parsed.scores, "gpt-4o-2024-08-06", "evalperf")["details"])["task_win_rate"] is None


def test_missing_required_fields_reject_with_reason(raw):
    results, evalperf = raw
    results, evalperf = dict(results), dict(evalperf)
    results["OpenCoder-8B-Instruct"] = {k: v for k, v in results["OpenCoder-8B-Instruct"].items() if k != "pass@1"}
    results["GPT-4 (May 2023)"] = {**results["GPT-4 (May 2023)"], "pass@1": {"humaneval": None, "humaneval+": None}}
    evalperf["grok-beta"] = {k: v for k, v in evalperf["grok-beta"].items() if k != "dps_norm"}
    parsed = _parse(results, evalperf)
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == 3
    assert any("OpenCoder-8B-Instruct" in r and "'pass@1': missing" in r and RESULTS in r for r in reasons)
    assert any("GPT-4 (May 2023)" in r and "no pass@1 value at all" in r for r in reasons)
    assert any("grok-beta" in r and "'dps_norm': missing" in r and EVALPERF in r for r in reasons)
    assert parsed.scores.height == 125 * 2 + 89 * 2 + 34 - 4 - 2 - 1
    raw_row = orjson.loads(next(r for r in parsed.rejects["raw_row"] if "grok-beta" in r))
    assert raw_row["key"] == "grok-beta" and raw_row["row"]["dps"] == pytest.approx(81.30178648041522)


def test_absurd_values_reject_just_that_value(raw):
    results, evalperf = raw
    results, evalperf = dict(results), dict(evalperf)
    results["GPT 4o (Aug 2024)"] = {**results["GPT 4o (Aug 2024)"], "pass@1": {**results["GPT 4o (Aug 2024)"]["pass@1"], "mbpp+": 1e30}}
    results["Grok Beta"] = {**results["Grok Beta"], "pass@1": {**results["Grok Beta"]["pass@1"], "humaneval": "88.4"}}
    results["Gemini Pro 1.5"] = {**results["Gemini Pro 1.5"], "size": "big"}
    evalperf["gpt-4o-2024-08-06"] = {**evalperf["gpt-4o-2024-08-06"], "dps_norm": -3}
    evalperf["deepseek-chat-v3"] = "88.5"
    parsed = _parse(results, evalperf)
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == 5
    assert any("GPT 4o (Aug 2024)" in r and "'pass@1.mbpp+'" in r and "1e+30" in r for r in reasons)
    assert any("Grok Beta" in r and "'pass@1.humaneval'" in r and "'88.4'" in r for r in reasons)
    assert any("Gemini Pro 1.5" in r and "'size'" in r and "row is kept" in r for r in reasons)
    assert any("gpt-4o-2024-08-06" in r and "'dps_norm'" in r and "-3" in r for r in reasons)
    assert any("deepseek-chat-v3" in r and "expected an object" in r for r in reasons)
    gpt = parsed.scores.filter(pl.col("raw_model_key") == "GPT 4o (Aug 2024)")["benchmark_id"].to_list()
    assert sorted(gpt) == ["humaneval", "humaneval-plus", "mbpp"]
    assert parsed.scores.filter(pl.col("raw_model_key") == "Grok Beta").height == 3
    assert orjson.loads(_one(parsed.scores, "Gemini Pro 1.5", "humaneval")["details"])["size"] is None
    assert parsed.scores.height == 125 * 2 + 89 * 2 + 34 - 2 - 2


@pytest.mark.parametrize("name", [RESULTS, EVALPERF])
@pytest.mark.parametrize("body", [b"\x89PNG garbage {[", b"[1, 2]", b"", b'"text"'])
def test_garbage_raises_naming_source_and_file(raw, name, body):
    files = {RESULTS: (RECORDING / RESULTS).read_bytes(), EVALPERF: (RECORDING / EVALPERF).read_bytes(), name: body}
    with pytest.raises(SourceParseError) as exc:
        parse(files, CTX)
    assert "evalplus" in str(exc.value) and name in str(exc.value)


def test_missing_file_raises():
    with pytest.raises(SourceParseError, match=EVALPERF):
        parse({RESULTS: b"{}"}, CTX)


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://huggingface.co/infly/OpenCoder-8B-Instruct", "infly/OpenCoder-8B-Instruct"),
        ("https://huggingface.co/Nondzu/Mistral-7B-codealpaca-lora", "Nondzu/Mistral-7B-codealpaca-lora"),
        ("https://huggingface.co/org/repo/tree/main", "org/repo"),
        ("https://huggingface.co/datasets/evalplus/mbppplus", None),
        ("https://huggingface.co/papers/2408.06450", None),
        ("https://platform.openai.com/docs/models/", None),
        ("deepseek-ai/DeepSeek-V2.5-1210", None),
        (None, None),
    ],
)
def test_hf_repo_id(link, expected):
    assert hf_repo_id(link) == expected


def test_key_helpers():
    assert version_label("GPT 4o (Aug 2024)") == "Aug 2024"
    assert version_label("OpenCoder-8B-Instruct") is None
    assert split_evalperf_key("Qwen--QwQ-32B-Preview") == ("Qwen/QwQ-32B-Preview", "Qwen/QwQ-32B-Preview", None)
    assert split_evalperf_key("o1-preview-2024-09-12 (⏩)") == ("o1-preview-2024-09-12", None, "perf-instruct")
    assert split_evalperf_key("claude-3-5-sonnet-20240620") == ("claude-3-5-sonnet-20240620", None, None)


def test_hand_made_snapshot_parses_and_matches_manifest(real):
    manifest = orjson.loads((HAND_MADE / "manifest.json").read_bytes())
    assert manifest["source_id"] == "evalplus" and manifest["origin"] == "hand-made"
    files = {}
    for entry, spec_file in zip(manifest["files"], SPEC.files):
        body = (HAND_MADE / entry["name"]).read_bytes()
        assert entry["name"] == spec_file.name and entry["url"] == spec_file.url
        assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["bytes"] == len(body)
        files[entry["name"]] = body
    parsed = parse(files, CTX)
    assert parsed.rejects.height == 0
    counts = dict(parsed.scores.group_by("benchmark_id").len().iter_rows())
    assert counts == {"humaneval": 21, "humaneval-plus": 21, "mbpp": 16, "mbpp-plus": 16, "evalperf": 12}
    assert parsed.scores.filter(pl.col("variant") == "perf-instruct").height == 2
    _, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.height == 0
    # every hand-made row carries the real facts of the same row in the recording
    cols = ["raw_model_key", "benchmark_id", "raw_model_name", "variant", "model_hint", "raw_value", "details"]
    joined = parsed.scores.select(cols).join(real.scores.select(cols), on=["raw_model_key", "benchmark_id"], how="left", suffix="_r")
    for c in cols[2:]:
        assert joined[c].to_list() == joined[f"{c}_r"].to_list(), c
