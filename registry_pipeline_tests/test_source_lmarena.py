"""LMArena parser against the real recording (text and vision arenas) and the hand-made snapshot in data/raw.

Expected values were read by hand from the recorded CSVs (fboulnois/llm-leaderboard-csv, version 2025.08.04).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import orjson
import polars as pl
import pytest

from registry_pipeline import catalog
from registry_pipeline.recording import files_for
from registry_pipeline.schemas import MODEL_RECORD_COLUMNS, REJECT_COLUMNS, SCORE_OBSERVATION_COLUMNS
from registry_pipeline.schemas import ModelRecordSchema, ScoreObservationSchema, split_valid
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline.sources.lmarena import SPEC, parse, split_name
from registry_pipeline.transform import scoring
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS

RECORDING = SHARED_SNAPSHOTS / "lmarena"
HAND_MADE = Path(__file__).resolve().parents[1] / "data" / "raw" / "lmarena" / "2025-08-04" / "000000"
DAY = dt.date(2026, 2, 21)
CTX = ParseContext(source_id="lmarena", fetched_on=DAY)
TEXT, VISION = "lmarena_text.csv", "lmarena_vision.csv"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    if not RECORDING.is_dir():
        pytest.skip(f"recording not available: {RECORDING}")
    return {f.name: (RECORDING / f.name).read_bytes() for f in SPEC.files}


@pytest.fixture(scope="module")
def real(files):
    return parse(files, CTX)


def _obs(scores: pl.DataFrame, key: str, benchmark: str = "lmarena-text") -> dict:
    f = scores.filter((pl.col("raw_model_key") == key) & (pl.col("benchmark_id") == benchmark))
    assert f.height == 1, (key, benchmark, f.height)
    return f.row(0, named=True)


def _edit(files: dict[str, bytes], name: str, change) -> dict[str, bytes]:
    frame = pl.read_csv(io.BytesIO(files[name]), infer_schema=False)
    return {**files, name: change(frame).write_csv().encode()}


def _set(frame: pl.DataFrame, model: str, column: str, value: str | None) -> pl.DataFrame:
    return frame.with_columns(pl.when(pl.col("model") == model).then(pl.lit(value, pl.String)).otherwise(pl.col(column)).alias(column))


def test_registered_text_and_vision_only():
    assert get_source("lmarena").spec is SPEC
    assert [f.name for f in SPEC.files] == [TEXT, VISION]  # the image arena rates text-to-image models
    assert all(f.url.startswith("https://github.com/fboulnois/llm-leaderboard-csv/releases/") for f in SPEC.files)
    bench = catalog.benchmarks().filter(pl.col("id").str.starts_with("lmarena"))
    assert set(bench["id"]) == {"lmarena-text", "lmarena-vision"}
    assert set(bench["unit"]) == {"elo"} and set(bench["normalize_method"]) == {"elo"}
    assert set(bench["category"]) == {"Human Preference"}


def test_a_recording_folder_lands_without_the_image_arena():
    if not RECORDING.is_dir():
        pytest.skip("no recording")
    landed, ignored = files_for(get_source("lmarena"), [str(RECORDING)])
    assert [f.name for f in landed] == [TEXT, VISION] and ignored == ("lmarena_image.csv",)


def test_every_row_is_an_observation_but_the_repeated_one(real):
    assert dict(real.scores.schema) == SCORE_OBSERVATION_COLUMNS
    assert dict(real.scores.group_by("benchmark_id").len().iter_rows()) == {"lmarena-text": 265, "lmarena-vision": 86}
    assert set(real.scores["raw_unit"]) == {"elo"} and set(real.scores["verification_level"]) == {"third_party"}
    assert set(real.scores["as_of_date"]) == {DAY}  # the CSVs carry no date
    assert real.scores["benchmark_version"].null_count() == real.scores.height
    assert real.scores["raw_value"].min() == 840.0 and real.scores["raw_value"].max() == 1470.0
    # Yi-34B-Chat is listed twice in the text arena (lines 201 and 202, ranks 200 and 201)
    assert real.rejects.height == 1 and dict(real.rejects.schema) == REJECT_COLUMNS
    reason = real.rejects["reason"][0]
    assert TEXT in reason and "'Yi-34B-Chat'" in reason and "line 202" in reason and "first at line 201" in reason
    assert _obs(real.scores, "Yi-34B-Chat")["raw_value"] == 1134.0
    assert orjson.loads(_obs(real.scores, "Yi-34B-Chat")["details"])["rank"] == 200
    _, rejects = split_valid(real.scores, ScoreObservationSchema)
    assert rejects.height == 0


def test_top_row_and_its_details(real):
    row = _obs(real.scores, "Gemini-2.5-Pro")
    assert row["raw_value"] == 1470.0 and row["raw_model_name"] == "Gemini-2.5-Pro" and row["variant"] is None
    assert row["provider_hint"] == "Google" and row["model_hint"] == "gemini-2.5-pro"
    assert row["source_url"] == "https://lmarena.ai/leaderboard/text"
    details = orjson.loads(row["details"])
    assert details["ci_upper"] == 5.0 and details["ci_lower"] == -5.0 and details["ci_text"] is None
    assert details["votes"] == 26019 and details["rank"] == 1 and details["rank_stylectrl"] == 1
    assert details["license"] == "Proprietary" and details["knowledge_cutoff"] is None
    vision = _obs(real.scores, "Gemini-2.5-Pro", "lmarena-vision")
    assert vision["raw_value"] == 1317.0 and orjson.loads(vision["details"])["votes"] == 7681
    sonnet = orjson.loads(_obs(real.scores, "Claude 3.5 Sonnet (20241022)")["details"])
    assert sonnet["knowledge_cutoff"] == "2024/4" and sonnet["votes"] == 84537 and sonnet["ci_upper"] == 2.0


def test_names_versions_and_settings(real):
    sonnet = _obs(real.scores, "Claude 3.5 Sonnet (20241022)")
    assert sonnet["raw_model_name"] == "Claude 3.5 Sonnet 20241022" and sonnet["variant"] is None and sonnet["raw_value"] == 1299.0
    chatgpt = _obs(real.scores, "ChatGPT-4o-latest (2025-03-26)", "lmarena-vision")
    assert chatgpt["raw_model_name"] == "ChatGPT-4o-latest 2025-03-26" and chatgpt["raw_value"] == 1296.0
    opus = _obs(real.scores, "Claude Opus 4 (thinking-16k)")
    assert (opus["raw_model_name"], opus["variant"], opus["raw_value"]) == ("Claude Opus 4", "thinking-16k", 1373.0)
    step = _obs(real.scores, "Step-1o-Vision-32k (highres)", "lmarena-vision")
    assert (step["raw_model_name"], step["variant"], step["raw_value"]) == ("Step-1o-Vision-32k", "highres", 1169.0)
    bf16, fp8 = _obs(real.scores, "Meta-Llama-3.1-405B-Instruct-bf16"), _obs(real.scores, "Meta-Llama-3.1-405B-Instruct-fp8")
    assert bf16["raw_model_name"] == fp8["raw_model_name"] == "Meta-Llama-3.1-405B-Instruct"
    assert (bf16["variant"], bf16["raw_value"], fp8["variant"], fp8["raw_value"]) == ("bf16", 1286.0, "fp8", 1284.0)
    assert _obs(real.scores, "chocolate (Early Grok-3)")["raw_model_name"] == "chocolate (Early Grok-3)"  # a codename stays whole
    text_variants = set(real.scores.filter(pl.col("benchmark_id") == "lmarena-text")["variant"].drop_nulls())
    assert text_variants == {"thinking-16k", "thinking-32k", "high", "no-thinking", "bf16", "fp8"}
    vision_variants = set(real.scores.filter(pl.col("benchmark_id") == "lmarena-vision")["variant"].drop_nulls())
    assert vision_variants == {"thinking-16k", "thinking-32k", "highres"}


def test_model_hints_come_from_links_naming_the_exact_model(real):
    assert _obs(real.scores, "Mistral-Small-2506")["model_hint"] == "mistralai/Mistral-Small-3.2-24B-Instruct-2506"
    assert _obs(real.scores, "Grok-4-0709")["model_hint"] == "grok-4-0709"  # docs.x.ai/docs/models/grok-4-0709
    assert _obs(real.scores, "Gemini-1.5-Pro-002")["model_hint"] == "gemini-1.5-pro-002"
    # AI Studio links `gemini-1.5-pro` (a moving alias) for the -001 snapshot: no hint
    assert _obs(real.scores, "Gemini-1.5-Pro-001")["model_hint"] is None
    assert _obs(real.scores, "Claude Opus 4 (20250514)")["model_hint"] is None  # a news page names no id
    assert _obs(real.scores, "Grok-3-mini-high")["model_hint"] is None  # docs.x.ai/docs/models, no id


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Claude 3.5 Sonnet (20241022)", ("Claude 3.5 Sonnet 20241022", None)),
        ("ChatGPT-4o-latest (2025-03-26)", ("ChatGPT-4o-latest 2025-03-26", None)),
        ("Command A (03-2025)", ("Command A 03-2025", None)),
        ("Claude 3.7 Sonnet (thinking-32k)", ("Claude 3.7 Sonnet", "thinking-32k")),
        ("Step-1o-Vision-32k (highres)", ("Step-1o-Vision-32k", "highres")),
        ("o3-mini-high", ("o3-mini", "high")),
        ("Qwen3-235B-A22B-no-thinking", ("Qwen3-235B-A22B", "no-thinking")),
        ("Qwen3-235B-A22B-Thinking-2507", ("Qwen3-235B-A22B-Thinking-2507", None)),
        ("Gemini-2.0-Flash-Thinking-Exp-01-21", ("Gemini-2.0-Flash-Thinking-Exp-01-21", None)),
        ("Hunyuan-Standard-256K", ("Hunyuan-Standard-256K", None)),
        ("chocolate (Early Grok-3)", ("chocolate (Early Grok-3)", None)),
        ("Command R+ (08-2024)", ("Command R Plus 08-2024", None)),  # not Command R's key
        ("Command R (08-2024)", ("Command R 08-2024", None)),
    ],
)
def test_split_name(label, expected):
    assert split_name(label) == expected


def test_normalised_score_uses_the_catalogue_range(real):
    benchmarks = catalog.benchmarks()
    converted, unit_rejects = scoring.to_benchmark_unit(real.scores, benchmarks)
    assert unit_rejects.is_empty()
    scored = scoring.with_normalized_score(converted, benchmarks)
    top = scored.filter((pl.col("raw_model_key") == "Gemini-2.5-Pro") & (pl.col("benchmark_id") == "lmarena-text"))
    assert top["normalized_score"][0] == pytest.approx(83.8, abs=0.05)  # (1470 - 800) / 800
    vision_top = scored.filter((pl.col("raw_model_key") == "Gemini-2.5-Pro") & (pl.col("benchmark_id") == "lmarena-vision"))
    assert vision_top["normalized_score"][0] == pytest.approx(73.9, abs=0.05)  # (1317 - 800) / 700
    assert scored["normalized_score"].min() > 0 and scored["normalized_score"].max() < 100  # nothing clamped today


# --- drift, edited in memory from the real payload ---


def test_an_unknown_new_column_is_ignored(files, real):
    parsed = parse(_edit(files, TEXT, lambda f: f.with_columns(pl.lit("x").alias("new_column"))), CTX)
    assert parsed.rejects.height == 1  # the recorded Yi-34B-Chat repeat only
    assert parsed.scores.drop("raw_row").equals(real.scores.drop("raw_row"))


def test_a_missing_optional_column_gives_null(files):
    parsed = parse(_edit(files, VISION, lambda f: f.drop("knowledge_cutoff", "95_pct_ci", "votes")), CTX)
    assert parsed.scores.filter(pl.col("benchmark_id") == "lmarena-vision").height == 86
    details = orjson.loads(_obs(parsed.scores, "Claude 3.5 Sonnet (20241022)", "lmarena-vision")["details"])
    assert details["knowledge_cutoff"] is None and details["votes"] is None and details["ci_upper"] is None
    assert details["organization"] == "Anthropic" and details["rank"] == 42
    assert parsed.rejects.height == 1


def test_an_unparseable_ci_is_kept_as_text_not_rejected(files):
    parsed = parse(_edit(files, TEXT, lambda f: _set(f, "GLM-4.5", "95_pct_ci", "±9")), CTX)
    assert parsed.rejects.height == 1 and parsed.scores.height == 351
    details = orjson.loads(_obs(parsed.scores, "GLM-4.5")["details"])
    assert details["ci_text"] == "±9" and details["ci_upper"] is None and "kept as text" in details["ci_note"]


@pytest.mark.parametrize(("value", "problem"), [(None, "missing"), ("1e30", "outside 0-5000"), ("high", "not a number"), ("-5", "outside")])
def test_a_bad_arena_score_rejects_that_row_only(files, value, problem):
    parsed = parse(_edit(files, TEXT, lambda f: _set(f, "GLM-4.5", "arena_score", value)), CTX)
    assert parsed.scores.height == 350
    assert "GLM-4.5" not in parsed.scores.filter(pl.col("benchmark_id") == "lmarena-text")["raw_model_key"].to_list()
    reason = next(r for r in parsed.rejects["reason"] if "GLM-4.5" in r)
    assert TEXT in reason and "'arena_score'" in reason and problem in reason and "no lmarena-text observation" in reason
    if value is not None:
        assert repr(value) in reason


def test_a_row_without_model_is_rejected(files):
    parsed = parse(_edit(files, VISION, lambda f: _set(f, "Pixtral-12B-2409", "model", None)), CTX)
    assert parsed.scores.height == 350
    assert any(VISION in r and "'model'" in r and "missing" in r for r in parsed.rejects["reason"])


def test_a_bad_vote_count_is_nulled_and_reported(files):
    parsed = parse(_edit(files, TEXT, lambda f: _set(f, "GLM-4.5", "votes", "lots")), CTX)
    assert parsed.scores.height == 351
    assert orjson.loads(_obs(parsed.scores, "GLM-4.5")["details"])["votes"] is None
    assert any("'votes'" in r and "'lots'" in r and "the row is kept" in r for r in parsed.rejects["reason"])


def _record(models: pl.DataFrame, name: str) -> dict:
    f = models.filter(pl.col("raw_model_id") == name)
    assert f.height == 1, (name, f.height)
    return f.row(0, named=True)


def test_one_model_record_per_name_with_its_makers_licence_and_cutoff(real):
    """Read by hand from lmarena_text.csv: Minimax-M1 "Apache 2.0" (hosts' listings call it closed),
    GPT-4o-2024-05-13 "Proprietary" 2023/10, Nemotron-4-340B-Instruct "NVIDIA Open Model" 2023/6."""
    models = real.models
    assert dict(models.schema) == MODEL_RECORD_COLUMNS and split_valid(models, ModelRecordSchema)[1].is_empty()
    # one per name across both arenas (a setting's rows share their name's record)
    assert models.height == real.scores.filter(pl.col("provider_hint").is_not_null())["raw_model_name"].n_unique() == 286
    assert models["raw_model_id"].is_unique().all() and not models["is_maker"].any()
    assert (_record(models, "Minimax-M1")["maker_hint"], _record(models, "Minimax-M1")["open_weights"]) == ("MiniMax", True)
    gpt = _record(models, "GPT-4o-2024-05-13")
    assert (gpt["maker_hint"], gpt["open_weights"], gpt["training_cutoff"]) == ("OpenAI", False, "2023-10")
    assert orjson.loads(gpt["raw_row"])["model"] == "GPT-4o-2024-05-13" and gpt["as_of_date"] == DAY
    nemotron = _record(models, "Nemotron-4-340B-Instruct")
    assert (nemotron["open_weights"], nemotron["training_cutoff"]) == (True, "2023-06")
    # "Propretary" (sic) is closed too; "Online" and "Unknown" say no cutoff
    assert set(models.filter(pl.col("open_weights") == False)["raw_row"].map_elements(  # noqa: E712
        lambda r: orjson.loads(r)["license"], return_dtype=pl.String)) == {"Proprietary", "Propretary"}
    cutoffs = models.select(raw=pl.col("raw_row").map_elements(lambda r: orjson.loads(r).get("knowledge_cutoff"), return_dtype=pl.String),
                            cutoff="training_cutoff")
    assert cutoffs.filter(pl.col("raw").is_in(["Online", "Unknown"]))["cutoff"].null_count() > 0
    assert cutoffs.filter(pl.col("raw").is_in(["Online", "Unknown"]))["cutoff"].drop_nulls().is_empty()


@pytest.mark.parametrize(("licence", "cutoff", "open_weights", "month", "rejected"), [
    ("MIT", "2024/7", True, "2024-07", False),
    ("PROPRIETARY", "2024/12", False, "2024-12", False),
    ("-", "Online", None, None, False),
    (None, "2024/13", None, None, True),
    ("Apache 2.0", "Q3 2024", True, None, True),
])
def test_licence_and_cutoff_read_into_the_record(files, licence, cutoff, open_weights, month, rejected):
    edited = _edit(files, TEXT, lambda f: _set(_set(f, "GLM-4.5", "license", licence), "GLM-4.5", "knowledge_cutoff", cutoff))
    parsed = parse(edited, CTX)
    record = _record(parsed.models, "GLM-4.5")
    assert (record["open_weights"], record["training_cutoff"]) == (open_weights, month)
    reasons = [r for r in parsed.rejects["reason"] if "'knowledge_cutoff'" in r]
    assert len(reasons) == int(rejected) and parsed.scores.height == 351  # the row's score stays
    if rejected:
        assert TEXT in reasons[0] and "GLM-4.5" in reasons[0] and repr(cutoff) in reasons[0] and "the row is kept" in reasons[0]


def test_a_header_without_arena_score_raises(files):
    broken = _edit(files, VISION, lambda f: f.rename({"arena_score": "score"}))
    with pytest.raises(SourceParseError) as exc:
        parse(broken, CTX)
    assert "lmarena" in str(exc.value) and VISION in str(exc.value) and "arena_score" in str(exc.value)


@pytest.mark.parametrize("body", [b"\x89PNG garbage {[", b"", b"\xff\xfe\x00", b"model\n"])
def test_garbage_raises_naming_source_and_file(files, body):
    with pytest.raises(SourceParseError) as exc:
        parse({**files, TEXT: body}, CTX)
    assert "lmarena" in str(exc.value) and TEXT in str(exc.value)


# --- the shipped snapshot ---


def test_hand_made_snapshot_parses_clean_and_matches_the_recording(real):
    manifest = orjson.loads((HAND_MADE / "manifest.json").read_bytes())
    assert manifest["source_id"] == "lmarena" and manifest["origin"] == "hand-made"
    shipped = {}
    for entry, spec_file in zip(manifest["files"], SPEC.files, strict=True):
        body = (HAND_MADE / entry["name"]).read_bytes()
        assert entry["name"] == spec_file.name and entry["url"] == spec_file.url
        assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["bytes"] == len(body)
        shipped[entry["name"]] = body
    parsed = parse(shipped, ParseContext(source_id="lmarena", fetched_on=dt.date(2025, 8, 4)))
    assert parsed.rejects.height == 0
    _, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.height == 0
    assert dict(parsed.scores.group_by("benchmark_id").len().iter_rows()) == {"lmarena-text": 22, "lmarena-vision": 11}
    assert set(parsed.scores["as_of_date"]) == {dt.date(2025, 8, 4)}
    cols = ["raw_model_key", "benchmark_id", "raw_model_name", "variant", "model_hint", "provider_hint", "raw_value", "details"]
    joined = parsed.scores.select(cols).join(real.scores.select(cols), on=cols[:2], how="left", suffix="_r")
    for c in cols[2:]:
        assert joined[c].to_list() == joined[f"{c}_r"].to_list(), c
