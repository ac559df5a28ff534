"""Open LLM Leaderboard v2 parser against the real recording and the hand-made snapshot in data/raw.

Expected values were read by hand from the recording (huggingface_v2.csv, fboulnois/llm-leaderboard-csv
at b2d67d9, 4,576 data rows).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import orjson
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from registry_pipeline import catalog
from registry_pipeline.schemas import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ModelRecordSchema,
    ScoreObservationSchema,
    split_valid,
)
from registry_pipeline.sources import get_source
from registry_pipeline.sources._parsing import raw_json
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline.sources.open_llm_leaderboard import FILE, LEADERBOARD_URL, SPEC, parse
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS

RECORDING = SHARED_SNAPSHOTS / "open-llm-leaderboard" / "huggingface_v2.csv"
REPO = Path(__file__).resolve().parents[1]
HAND_MADE = REPO / "data" / "raw" / "open-llm-leaderboard" / "2025-06-09" / "000000"
FETCHED = dt.date(2026, 2, 21)
CTX = ParseContext(source_id="open-llm-leaderboard", fetched_on=FETCHED)
BENCHMARKS = {
    "open-llm-ifeval", "open-llm-bbh", "open-llm-math-lvl5", "open-llm-gpqa", "open-llm-musr",
    "open-llm-mmlu-pro", "open-llm-average",
}
QWEN_72B = "Qwen/Qwen2.5-72B-Instruct_bfloat16_a13fff9ad76700c7ecff2769f75943ba8395b4a7_True"
LLAMA3_8B = "meta-llama/Meta-Llama-3-8B-Instruct"


def _parse(body: bytes):
    return parse({FILE: body}, CTX)


def _csv(frame: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.write_csv(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def raw_bytes() -> bytes:
    if not RECORDING.exists():
        pytest.skip(f"recording not available: {RECORDING}")
    return RECORDING.read_bytes()


@pytest.fixture(scope="module")
def raw_frame(raw_bytes) -> pl.DataFrame:
    return pl.read_csv(io.BytesIO(raw_bytes), infer_schema=False)


@pytest.fixture(scope="module")
def real(raw_bytes):
    return _parse(raw_bytes)


def _obs(scores: pl.DataFrame, key: str, benchmark: str) -> dict:
    f = scores.filter((pl.col("raw_model_key") == key) & (pl.col("benchmark_id") == benchmark))
    assert f.height == 1, (key, benchmark, f.height)
    return f.row(0, named=True)


def _details(row: dict) -> dict:
    return orjson.loads(row["details"])


def test_registered_and_spec():
    assert get_source("open-llm-leaderboard").spec is SPEC
    assert [f.name for f in SPEC.files] == ["huggingface_v2.csv"]
    assert "b2d67d9157535832a3adb35773f3a7c49425059a" in SPEC.files[0].url
    assert SPEC.provides == ("models", "scores") and SPEC.creates_models is True
    assert SPEC.default_verification_level == "third_party" and SPEC.attribution_required


def test_every_real_row_gives_seven_observations(real):
    assert real.rejects.height == 0 and dict(real.rejects.schema) == REJECT_COLUMNS
    assert dict(real.scores.schema) == SCORE_OBSERVATION_COLUMNS
    assert real.scores.height == 4576 * 7
    per_benchmark = dict(real.scores.group_by("benchmark_id").len().iter_rows())
    assert per_benchmark == {b: 4576 for b in BENCHMARKS}
    assert BENCHMARKS <= set(catalog.benchmarks()["id"])
    assert real.scores["raw_model_key"].n_unique() == 4576
    assert real.scores["raw_model_name"].n_unique() == 4497
    assert not real.scores.select("raw_model_key", "benchmark_id").is_duplicated().any()
    units = dict(real.scores.group_by("benchmark_id").agg(pl.col("raw_unit").unique().first()).iter_rows())
    assert units == {**{b: "percent" for b in BENCHMARKS}, "open-llm-average": "index"}
    assert set(real.scores["verification_level"]) == {"third_party"}
    assert set(real.scores["source_url"]) == {LEADERBOARD_URL}
    assert real.scores["raw_value"].is_between(0, 100).all()
    assert real.scores["model_hint"].null_count() == real.scores.height
    assert real.scores["benchmark_version"].null_count() == real.scores.height
    _, rejects = split_valid(real.scores, ScoreObservationSchema)
    assert rejects.height == 0


def test_a_row_read_by_hand(real):
    ifeval = _obs(real.scores, QWEN_72B, "open-llm-ifeval")
    assert ifeval["raw_model_name"] == "Qwen/Qwen2.5-72B-Instruct" and ifeval["provider_hint"] == "Qwen"
    assert ifeval["variant"] is None  # the repo is listed once
    assert ifeval["raw_value"] == 86.3837949972739 and ifeval["as_of_date"] == dt.date(2024, 10, 16)
    expected = {
        "open-llm-bbh": (61.8732556687879, 0.727274732174482),
        "open-llm-math-lvl5": (59.8187311178248, 0.598187311178248),
        "open-llm-gpqa": (16.6666666666667, 0.375),
        "open-llm-musr": (11.7421875, 0.420604166666667),
        "open-llm-mmlu-pro": (51.3981235224587, 0.562583111702128),
    }
    for benchmark, (score, accuracy) in expected.items():
        row = _obs(real.scores, QWEN_72B, benchmark)
        assert (row["raw_value"], _details(row)["accuracy"]) == (score, accuracy), benchmark
    average = _obs(real.scores, QWEN_72B, "open-llm-average")
    assert average["raw_value"] == 47.9804599121686 and "accuracy" not in _details(average)
    d = _details(ifeval)
    assert d["accuracy"] == 0.863837949972739 and d["task"] == "IFEval"
    assert d["precision"] == "bfloat16" and d["has_chat_template"] is True
    assert d["architecture"] == "Qwen2ForCausalLM" and d["model_type"] == "chatmodels"
    assert d["base_model"] == "Qwen/Qwen2.5-72B" and d["hub_license"] == "other" and d["hub_hearts"] == 777
    assert d["params_billions"] == 72.706 and d["weight_type"] == "Original" and d["is_official_provider"] is True
    assert d["upload_date"] == "2024-09-16" and d["submission_date"] == "2024-10-16"
    assert d["as_of_from"] == "metadata_submission_date" and d["is_flagged"] is False
    raw = orjson.loads(ifeval["raw_row"])
    assert raw["id"] == QWEN_72B and raw["metadata_co2_cost"] == "47.6454913413098" and len(raw) == 40


def test_a_repo_listed_twice_gets_its_setting_as_variant(real):
    llama = real.scores.filter((pl.col("raw_model_name") == LLAMA3_8B) & (pl.col("benchmark_id") == "open-llm-average"))
    by_variant = {r["variant"]: r for r in llama.iter_rows(named=True)}
    assert set(by_variant) == {"bfloat16", "float16; no chat template"}
    assert by_variant["bfloat16"]["raw_value"] == 23.9087356939368
    assert by_variant["float16; no chat template"]["raw_value"] == 20.6091594460259
    assert by_variant["float16; no chat template"]["as_of_date"] == dt.date(2024, 7, 8)
    # the same check on the MMLU-Pro task of the float16 row
    key = by_variant["float16; no chat template"]["raw_model_key"]
    assert _obs(real.scores, key, "open-llm-mmlu-pro")["raw_value"] == 28.7917405437352
    # a repo without an org ("gpt2") has no provider; both of its rows ran without a chat template
    gpt2 = real.scores.filter((pl.col("raw_model_name") == "gpt2") & (pl.col("benchmark_id") == "open-llm-ifeval"))
    assert sorted(gpt2["variant"]) == ["bfloat16; no chat template", "float16; no chat template"]
    assert gpt2["provider_hint"].null_count() == 2
    # 79 repos are listed exactly twice; every other repo once (variant null)
    average = real.scores.filter(pl.col("benchmark_id") == "open-llm-average")
    with_variant = average.filter(pl.col("variant").is_not_null())
    assert with_variant.height == 158 and with_variant["raw_model_name"].n_unique() == 79
    assert dict(with_variant.group_by("variant").len().iter_rows()) == {
        "bfloat16": 47, "bfloat16; no chat template": 32, "float16": 40, "float16; no chat template": 39,
    }
    assert not with_variant.select("raw_model_name", "variant").is_duplicated().any()


def test_rows_per_precision_and_odd_rows_are_kept(real):
    average = real.scores.filter(pl.col("benchmark_id") == "open-llm-average")
    precision = average.select(pl.col("details").str.json_path_match("$.precision"))["details"]
    assert dict(precision.value_counts().iter_rows()) == {"bfloat16": 3423, "float16": 1151, "4bit": 2}
    adapter = _details(_obs(real.scores, "EpistemeAI/FineLlama3.1-8B-Instruct_4bit_a8b0fc584b10e0110e04f9d21c7f10d24391c1d5_False", "open-llm-average"))
    assert adapter["precision"] == "4bit" and adapter["weight_type"] == "Adapter"
    assert adapter["hub_license"] is None and adapter["upload_date"] is None  # quoted empty values
    flagged = average.filter(pl.col("details").str.contains('"is_flagged":true', literal=True))
    assert flagged["raw_model_name"].to_list() == ["newsbang--Homer-v0.5-Qwen2.5-7B"]
    # the leaderboard writes 0 or -1 for an unknown size: null, not a size
    reactor = _details(_obs(real.scores, "Corianas/llama-3-reactor_float16_bef2eac42fd89baa0064badbc9c7958ad9ccbed3_False", "open-llm-bbh"))
    assert reactor["params_billions"] is None and reactor["accuracy"] == 0.445714856054502
    sizes = average.select(pl.col("details").str.json_path_match("$.params_billions"))["details"]
    assert sizes.null_count() == 10


def test_as_of_date_falls_back_to_fetched_on_without_a_submission_date(real):
    average = real.scores.filter(pl.col("benchmark_id") == "open-llm-average")
    fallback = average.filter(pl.col("as_of_date") == FETCHED)
    assert fallback.height == 12
    assert set(fallback["details"].str.json_path_match("$.as_of_from")) == {"fetched_on"}
    assert "DeepMount00--Llama-3.1-8b-Ita" in fallback["raw_model_name"].to_list()
    assert average["as_of_date"].filter(average["as_of_date"] != FETCHED).max() == dt.date(2025, 3, 13)


def test_one_model_record_per_repo(real):
    models = real.models
    assert dict(models.schema) == MODEL_RECORD_COLUMNS
    assert models.height == 4497 and models["raw_model_id"].is_unique().all()
    _, rejects = split_valid(models, ModelRecordSchema)
    assert rejects.height == 0
    # a repo record as every source's (a Hugging Face repo is no maker's listing): the maker is known by its
    # organisation, named only for the rows the leaderboard flags as the official provider's upload
    assert not models["is_maker"].any() and not models["is_alias"].any() and models["open_weights"].all()
    assert models["status"].null_count() == models["price_input"].null_count() == models.height
    official = models.filter(pl.col("raw_model_id").str.contains("/", literal=True))
    assert official.height == 449 and (official["maker_hint"] == official["provider_id"]).all()
    assert models.filter(~pl.col("raw_model_id").str.contains("/", literal=True))["maker_hint"].null_count() == models.height - 449
    qwen = models.filter(pl.col("raw_model_id") == "Qwen/Qwen2.5-72B-Instruct").row(0, named=True)
    assert qwen["raw_name"] == "Qwen/Qwen2.5-72B-Instruct" and qwen["provider_id"] == qwen["provider_name"] == qwen["maker_hint"] == "Qwen"
    assert qwen["source_url"] == "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct"
    reupload = models.filter(pl.col("raw_model_id") == "braindao--Qwen2.5-14B-Instruct").row(0, named=True)
    assert reupload["provider_id"] == "braindao" and reupload["maker_hint"] is None
    assert reupload["source_url"] == "https://huggingface.co/braindao/Qwen2.5-14B-Instruct"
    assert models.filter(pl.col("raw_model_id") == "gpt2")["source_url"].to_list() == ["https://huggingface.co/gpt2"]
    # the Hub's facts the leaderboard copied: licence id, base model (none for a base repo, whose row names itself,
    # nor for a merge: "<repo> (Merge)"), size in billions (0 or -1 upstream: unknown, null)
    facts = {r[0]: r[1:] for r in models.filter(pl.col("raw_model_id").is_in(
        ["Qwen/Qwen2.5-72B-Instruct", "Qwen/Qwen2.5-72B", "3rd-Degree-Burn--Llama-3.1-8B-Squareroot", "gpt2"]))
        .select("raw_model_id", "licence", "base_model", "param_count").rows()}
    assert facts == {"Qwen/Qwen2.5-72B-Instruct": ("other", "Qwen/Qwen2.5-72B", 72_706_000_000),
                     "Qwen/Qwen2.5-72B": ("other", None, 72_706_000_000),
                     "3rd-Degree-Burn--Llama-3.1-8B-Squareroot": ("apache-2.0", None, 8_030_000_000),
                     "gpt2": ("mit", None, 137_000_000)}
    assert not models["base_model"].str.contains("(Merge)", literal=True).any()
    assert models["param_count"].null_count() == 10 and models["licence"].null_count() == 1736
    assert qwen["as_of_date"] == dt.date(2024, 10, 16) and orjson.loads(qwen["raw_row"])["id"] == QWEN_72B
    llama = models.filter(pl.col("raw_model_id") == LLAMA3_8B).row(0, named=True)
    assert llama["as_of_date"] == dt.date(2024, 7, 8)  # the newer of its two submissions
    assert models.filter(pl.col("raw_model_id") == "gpt2")["provider_id"].to_list() == [None]


def test_details_and_raw_rows_are_raw_json(real):
    sample = real.scores.gather_every(997)
    for row in sample.iter_rows(named=True):
        assert raw_json(orjson.loads(row["details"])) == row["details"]
        assert raw_json(orjson.loads(row["raw_row"])) == row["raw_row"]


# --- drift, built by editing the real payload in memory ---


def test_an_unknown_new_column_is_ignored(raw_frame, real):
    parsed = _parse(_csv(raw_frame.with_columns(evaluations_newtask_normalized_score=pl.lit("12.5"))))
    assert parsed.rejects.height == 0
    assert parsed.scores.drop("raw_row").equals(real.scores.drop("raw_row"))
    assert parsed.models.height == real.models.height


def test_missing_optional_columns_give_nulls(raw_frame):
    cut = raw_frame.drop("metadata_submission_date", "evaluations_bbh_value", "model_precision")
    parsed = _parse(_csv(cut))
    assert parsed.rejects.height == 0 and parsed.scores.height == 4576 * 7
    assert set(parsed.scores["as_of_date"]) == {FETCHED}
    bbh = _details(_obs(parsed.scores, QWEN_72B, "open-llm-bbh"))
    assert bbh["accuracy"] is None and bbh["precision"] is None and bbh["as_of_from"] == "fetched_on"
    # without the precision, a repo's two rows are told apart by the chat-template flag alone
    llama = parsed.scores.filter((pl.col("raw_model_name") == LLAMA3_8B) & (pl.col("benchmark_id") == "open-llm-bbh"))
    assert sorted(llama["variant"], key=str) == [None, "no chat template"]
    # ... and two rows sharing precision and flag by the weights' revision (Qwen2.5-0.5B-Instruct: two shas)
    qwen = parsed.scores.filter((pl.col("raw_model_name") == "Qwen/Qwen2.5-0.5B-Instruct") & (pl.col("benchmark_id") == "open-llm-bbh"))
    assert sorted(qwen["variant"]) == ["sha 7ae5576", "sha a8b602d"]


def test_a_name_that_is_no_repo_id_links_nowhere(raw_frame):
    """A hostile name (a link of its own, markup, blanks) keeps its row and its model record, and is no link: only a
    Hub repo id becomes the record's `source_url`."""
    names = ["javascript:alert(1)/x", "evil.example/<script>", "org/repo name", "https://evil.example/org/repo"]
    frame = raw_frame.head(len(names)).with_columns(model_name=pl.Series(names))
    parsed = _parse(_csv(frame))
    assert parsed.models.height == len(names) and parsed.models["source_url"].null_count() == len(names)


def test_a_required_column_missing_from_the_header_raises(raw_frame):
    for column in ("model_name", "id", "evaluations_musr_normalized_score", "model_average_score"):
        with pytest.raises(SourceParseError) as exc:
            _parse(_csv(raw_frame.head(20).drop(column)))
        assert exc.value.source_id == "open-llm-leaderboard" and exc.value.file == FILE and exc.value.field == column


def test_a_missing_model_name_rejects_its_row(raw_frame):
    frame = raw_frame.head(30).with_columns(
        model_name=pl.when(pl.col("id") == raw_frame["id"][3]).then(pl.lit("")).otherwise(pl.col("model_name"))
    )
    parsed = _parse(_csv(frame))
    assert parsed.scores.height == 29 * 7 and parsed.models.height == 29
    assert parsed.rejects.height == 1
    reason = parsed.rejects["reason"][0]
    assert "'model_name'" in reason and raw_frame["id"][3] in reason and FILE in reason
    assert orjson.loads(parsed.rejects["raw_row"][0])["id"] == raw_frame["id"][3]


@pytest.mark.parametrize(("bad", "words"), [("1e30", "outside 0-100"), ("n/a", "not a number"), ("", "missing"), ("nan", "not a number")])
def test_one_bad_score_rejects_only_that_observation(raw_frame, bad, words):
    column = "evaluations_gpqa_normalized_score"
    frame = raw_frame.with_columns(
        pl.when(pl.col("id") == QWEN_72B).then(pl.lit(bad)).otherwise(pl.col(column)).alias(column)
    )
    parsed = _parse(_csv(frame))
    assert parsed.scores.height == 4576 * 7 - 1
    assert parsed.rejects.height == 1
    reason = parsed.rejects["reason"][0]
    assert QWEN_72B in reason and column in reason and words in reason and "open-llm-gpqa" in reason
    if bad:
        assert f"'{bad}'" in reason
    kept = parsed.scores.filter(pl.col("raw_model_key") == QWEN_72B)
    assert kept.height == 6 and "open-llm-gpqa" not in kept["benchmark_id"].to_list()


def test_a_bad_optional_value_is_nulled_and_reported(raw_frame):
    frame = raw_frame.head(10).with_columns(
        metadata_submission_date=pl.when(pl.col("id") == raw_frame["id"][2]).then(pl.lit("soon")).otherwise(pl.col("metadata_submission_date")),
        evaluations_ifeval_value=pl.when(pl.col("id") == raw_frame["id"][4]).then(pl.lit("7")).otherwise(pl.col("evaluations_ifeval_value")),
    )
    parsed = _parse(_csv(frame))
    assert parsed.scores.height == 70  # both rows are kept
    reasons = sorted(parsed.rejects["reason"].to_list())
    assert len(reasons) == 2 and all("the row is kept" in r for r in reasons)
    assert any("'metadata_submission_date'" in r and "'soon'" in r for r in reasons)
    assert any("'evaluations_ifeval_value'" in r and "'7'" in r for r in reasons)
    dated = parsed.scores.filter(pl.col("raw_model_key") == raw_frame["id"][2])
    assert set(dated["as_of_date"]) == {FETCHED}
    assert _details(_obs(parsed.scores, raw_frame["id"][4], "open-llm-ifeval"))["accuracy"] is None


def test_a_repeated_id_keeps_the_first_row(raw_frame):
    frame = pl.concat([raw_frame.head(12), raw_frame.slice(5, 1)])
    parsed = _parse(_csv(frame))
    assert parsed.scores.height == 12 * 7
    assert parsed.rejects.height == 1 and "more than once" in parsed.rejects["reason"][0]


@pytest.mark.parametrize("body", [b"\x89PNG garbage {[", b"", b"\xff\xfe\x00\x01", b'{"id": 1, "model_name": "x"}', b"id,model_name\n"])
def test_garbage_raises_naming_source_and_file(body):
    with pytest.raises(SourceParseError) as exc:
        _parse(body)
    assert "open-llm-leaderboard" in str(exc.value) and FILE in str(exc.value)


def test_header_only_csv_raises(raw_frame):
    with pytest.raises(SourceParseError) as exc:
        _parse(_csv(raw_frame.head(0)))
    assert "no data rows" in str(exc.value)


# --- the shipped snapshot ---


def test_hand_made_snapshot_parses_and_matches_manifest(real):
    body = (HAND_MADE / FILE).read_bytes()
    manifest = orjson.loads((HAND_MADE / "manifest.json").read_bytes())
    entry = manifest["files"][0]
    assert manifest["source_id"] == "open-llm-leaderboard" and manifest["origin"] == "hand-made"
    assert entry["name"] == FILE and entry["url"] == SPEC.files[0].url
    assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["bytes"] == len(body)
    shipped = pl.read_csv(io.BytesIO(body), infer_schema=False)
    assert shipped.columns == pl.read_csv(RECORDING, infer_schema=False, n_rows=1).columns  # the full header
    parsed = parse({FILE: body}, ParseContext(source_id="open-llm-leaderboard", fetched_on=dt.date(2025, 6, 9)))
    assert parsed.rejects.height == 0 and parsed.scores.height == 39 * 7 and parsed.models.height == 32
    assert split_valid(parsed.scores, ScoreObservationSchema)[1].height == 0
    assert split_valid(parsed.models, ModelRecordSchema)[1].height == 0
    names = set(parsed.scores["raw_model_name"])
    assert {"Qwen/Qwen2.5-72B-Instruct", "meta-llama/Llama-3.3-70B-Instruct", "google/gemma-2-27b-it"} <= names
    assert parsed.scores["variant"].drop_nulls().n_unique() == 4
    # every shipped observation carries the real facts of the same row in the recording
    cols = ["raw_model_key", "benchmark_id", "raw_model_name", "variant", "raw_value", "details", "as_of_date"]
    joined = parsed.scores.select(cols).join(real.scores.select(cols), on=["raw_model_key", "benchmark_id"], how="left", suffix="_r")
    for c in cols[2:-1]:
        assert joined[c].to_list() == joined[f"{c}_r"].to_list(), c
    # dates too, except the two rows without a submission date, which fall back to each parse's fetch date
    dated = joined.filter(pl.col("as_of_date_r") != FETCHED)
    assert dated.height == 37 * 7 and dated["as_of_date"].to_list() == dated["as_of_date_r"].to_list()
    undated = joined.filter(pl.col("as_of_date_r") == FETCHED)
    assert set(undated["raw_model_name"]) == {"ibm-granite/granite-3.0-2b-instruct", "DeepMount00--Llama-3.1-8b-Ita"}
    assert set(undated["as_of_date"]) == {dt.date(2025, 6, 9)}


def test_a_community_reupload_never_resolves_to_the_makers_model(real):
    """`braindao/Qwen2.5-14B-Instruct` (a copy, newer) must not publish its score as Qwen's model."""
    from registry_pipeline.transform.identity import name_key, strip_variant

    average = real.scores.filter(pl.col("benchmark_id") == "open-llm-average")
    names = set(average["raw_model_name"])
    assert "Qwen/Qwen2.5-14B-Instruct" in names and "braindao--Qwen2.5-14B-Instruct" in names
    keys = average.filter(pl.col("raw_model_name").is_in(["Qwen/Qwen2.5-14B-Instruct", "braindao--Qwen2.5-14B-Instruct"])).select(
        key=strip_variant(name_key(pl.col("raw_model_name")))
    )["key"].to_list()
    assert len(set(keys)) == 2 and "qwen2-5-14b-instruct" in keys
    # the exact repo id stays on the row, in details and raw_row
    copy = average.filter(pl.col("raw_model_name") == "braindao--Qwen2.5-14B-Instruct").row(0, named=True)
    assert '"model_name":"braindao/Qwen2.5-14B-Instruct"' in copy["raw_row"]


def test_a_community_reupload_is_its_owners_model_record_too(real):
    """The re-upload's model record is spelled as its scores are: no key of it is the maker's model's
    (before, `jebish7/gemma-2-9b-it` and `braindao/Qwen2.5-14B-Instruct` resolved to Google's and Qwen's
    models as their records, and `AI-Sweden-Models/Llama-3-8B-instruct`, a Swedish fine-tune, to Meta's)."""
    from registry_pipeline.transform.model_metadata import record_keys

    ids = ["Qwen/Qwen2.5-14B-Instruct", "braindao--Qwen2.5-14B-Instruct", "jebish7--gemma-2-9b-it", "AI-Sweden-Models--Llama-3-8B-instruct"]
    records = record_keys(real.models.filter(pl.col("raw_model_id").is_in(ids))).sort("raw_model_id")
    assert records["raw_model_id"].to_list() == sorted(ids)
    assert not real.models["raw_model_id"].is_in(["braindao/Qwen2.5-14B-Instruct", "jebish7/gemma-2-9b-it"]).any()
    keys = {r["raw_model_id"]: {r[k] for k in ("k_id", "k_host", "k_name", "k_undated", "k_noinst")} for r in records.iter_rows(named=True)}
    assert "qwen2-5-14b-instruct" in keys["Qwen/Qwen2.5-14B-Instruct"]
    assert all(k.startswith("braindao-") for k in keys["braindao--Qwen2.5-14B-Instruct"])
    assert all(k.startswith("jebish7-") for k in keys["jebish7--gemma-2-9b-it"])
    assert not keys["AI-Sweden-Models--Llama-3-8B-instruct"] & {"llama-3-8b-instruct", "llama-3-8b"}


def test_rows_taken_a_slice_at_a_time_make_the_same_observations(real, raw_frame, monkeypatch):
    """A large file's observations are made ROWS_AT_ONCE rows at a time (a 100x file: 460,000 rows): in
    slices of 1,000 rows (five slices, the last a short one) the recording gives the same observations,
    in the same order, and the same rejects, as in one."""
    from registry_pipeline.sources import open_llm_leaderboard

    # a few bad scores, in different slices, reject their observations wherever they fall
    broken = raw_frame.with_columns(
        evaluations_bbh_normalized_score=pl.when(pl.int_range(pl.len()).is_in([3, 1500, 4400]))
        .then(pl.lit("n/a")).otherwise(pl.col("evaluations_bbh_normalized_score"))
    )
    whole = _parse(_csv(broken))
    monkeypatch.setattr(open_llm_leaderboard, "ROWS_AT_ONCE", 1_000)
    sliced = _parse(_csv(broken))
    assert raw_frame.height > 4 * 1_000 and sliced.scores.n_chunks() > 1
    assert_frame_equal(sliced.scores, whole.scores)
    assert_frame_equal(sliced.rejects, whole.rejects)
    assert whole.rejects.height == 3 and whole.scores.height == real.scores.height - 3
    assert_frame_equal(_parse(_csv(raw_frame)).scores, real.scores)
