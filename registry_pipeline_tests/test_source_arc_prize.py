"""ARC Prize parser against the real recording (the site's four data tables) and the shipped snapshot."""

from __future__ import annotations

import datetime as dt
import hashlib
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
from registry_pipeline.sources.arc_prize import (
    DATASETS,
    EVALUATIONS,
    MODELS,
    PROVIDERS,
    SPEC,
    clean_display_name,
    model_name,
    parse,
    split_model_id,
)
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS

RECORDING = SHARED_SNAPSHOTS / "arc-prize"
REPO = Path(__file__).resolve().parents[1]
HAND_MADE = REPO / "data" / "raw" / "arc-prize" / "2026-06-04" / "000000"
CTX = ParseContext(source_id="arc-prize", fetched_on=dt.date(2026, 6, 4))
NAMES = (EVALUATIONS, MODELS, PROVIDERS, DATASETS)


@pytest.fixture(scope="module")
def raw_files() -> dict[str, bytes]:
    if not (RECORDING / EVALUATIONS).exists():
        pytest.skip(f"recording not available: {RECORDING}")
    return {name: (RECORDING / name).read_bytes() for name in NAMES}


@pytest.fixture(scope="module")
def real(raw_files):
    return parse(raw_files, CTX)


def _edited(raw_files: dict[str, bytes], name: str, edit) -> dict[str, bytes]:
    body = orjson.loads(raw_files[name])
    edit(body)
    return {**raw_files, name: orjson.dumps(body)}


def _eval(body: list, model_id: str, dataset_id: str) -> dict:
    return next(e for e in body if e["modelId"] == model_id and e["datasetId"] == dataset_id)


def _row(scores: pl.DataFrame, key: str, benchmark: str) -> dict:
    f = scores.filter((pl.col("raw_model_key") == key) & (pl.col("benchmark_id") == benchmark))
    assert f.height == 1, (key, benchmark, f.height)
    return f.row(0, named=True)


def test_registered_and_spec():
    assert get_source("arc-prize").spec is SPEC
    assert [f.name for f in SPEC.files] == list(NAMES)  # the leaderboard/v*.json views are not fetched
    assert all(f.url == f"https://arcprize.org/media/data/{f.name}" for f in SPEC.files)


def test_counts_per_benchmark(real):
    assert dict(real.scores.schema) == SCORE_OBSERVATION_COLUMNS and dict(real.rejects.schema) == REJECT_COLUMNS
    assert dict(real.models.schema) == MODEL_RECORD_COLUMNS
    # 589 evaluations = 560 observations + 28 non-LLM rows + 1 repeated row
    assert real.scores.height == 560 and real.rejects.height == 29
    counts = dict(real.scores.group_by("benchmark_id").len().iter_rows())
    assert counts == {"arc-agi-1": 144, "arc-agi-2": 145, "arc-agi-3": 7, "arc-agi-1-public-eval": 128, "arc-agi-2-public-eval": 136}
    assert set(real.scores["benchmark_id"]) <= set(catalog.benchmarks()["id"])
    assert set(real.scores["raw_unit"]) == {"fraction"} and real.scores["raw_value"].is_between(0, 1).all()
    assert set(real.scores["as_of_date"]) == {CTX.fetched_on}
    assert real.scores["benchmark_version"].null_count() == real.scores.height
    _, rejects = split_valid(real.scores, ScoreObservationSchema)
    assert rejects.is_empty()


def test_non_language_models_are_rejects_with_a_reason(real):
    reasons = real.rejects["reason"].to_list()
    non_llm = [r for r in reasons if "not a language model:" in r]
    assert len(non_llm) == 28
    kinds = {k: sum(k in r for r in non_llm) for k in ("a human baseline", "competition (Kaggle)", "bespoke model", "refinement system")}
    # human panel x4 + mturker + stem grad; ARChitects x4 + Icecuber x4 + NVARC; HRM x2 + TRM x4; 4 refinement systems (7 rows)
    assert kinds == {"a human baseline": 6, "competition (Kaggle)": 9, "bespoke model": 6, "refinement system": 7}
    for model_id in ("2025_human_panel", "ARChitects", "Icecuber", "NVARC_2025", "hrm-2-2508", "trm-2025-10-07",
                     "jeremy_sept_2025", "eric_pang_sept_2025", "poetiq-arc-agi-gemini-3-d_v1", "johan_land_gpt_5_2_refine"):
        assert model_id not in real.scores["raw_model_key"].to_list()
    # the private Kaggle set only holds non-LLM rows: they are rejected as such
    assert sum("v2_Private_Eval" in r for r in non_llm) == 3


def test_repeated_evaluation_is_rejected(real):
    repeats = [r for r in real.rejects["reason"].to_list() if "repeats an evaluation" in r]
    assert len(repeats) == 1 and "gpt-5-2025-08-07-low" in repeats[0] and "v2_Semi_Private" in repeats[0]
    assert _row(real.scores, "gpt-5-2025-08-07-low", "arc-agi-2")["raw_value"] == 0.0194


def test_real_rows(real):
    o3 = _row(real.scores, "o3-2025-04-16-high", "arc-agi-1")
    assert (o3["raw_model_name"], o3["variant"], o3["model_hint"]) == ("o3-2025-04-16", "high", "o3 (High)")
    assert o3["raw_value"] == 0.6083 and o3["verification_level"] == "third_party" and o3["provider_hint"] == "OpenAI"
    assert orjson.loads(o3["details"])["cost_per_task_usd"] == 0.5002
    opus = _row(real.scores, "claude-opus-4-5-20251101-thinking-16k", "arc-agi-2")
    assert (opus["raw_model_name"], opus["variant"], opus["raw_value"]) == ("claude-opus-4-5-20251101", "thinking-16k", 0.2278)
    c37 = _row(real.scores, "Claude 3.7 Thinking 16K", "arc-agi-2")
    assert (c37["raw_model_name"], c37["variant"], c37["raw_value"]) == ("Claude 3.7", "Thinking 16K", 0.007)
    bedrock = _row(real.scores, "claude-sonnet-4-20250514-thinking-8k-bedrock", "arc-agi-1")
    assert (bedrock["raw_model_name"], bedrock["variant"]) == ("claude-sonnet-4-20250514", "thinking-8k")
    assert orjson.loads(bedrock["details"])["route"] == "bedrock" and bedrock["raw_value"] == 0.29
    xhigh = _row(real.scores, "gpt-5-2-2025-12-11-thinking-xhigh", "arc-agi-2-public-eval")
    assert xhigh["raw_value"] == 0.5981 and xhigh["variant"] == "thinking-xhigh"
    r1 = _row(real.scores, "R1", "arc-agi-1")
    assert r1["raw_model_name"] == "R1" and r1["provider_hint"] == "Deepseek" and r1["raw_value"] == 0.158
    assert r1["model_hint"] == orjson.loads(r1["details"])["display_name"] == "Deepseek R1"


def test_arc_agi_3_rows_keep_their_run_cost(real):
    row = _row(real.scores, "anthropic-opus-4-8-high", "arc-agi-3")
    assert (row["raw_model_name"], row["variant"], row["raw_value"]) == ("opus-4-8", "high", 0.0152)
    details = orjson.loads(row["details"])
    assert details["cost_usd"] == 10000 and details["cost_per_task_usd"] is None
    assert details["model_release_date"] == "2026-06-01"
    assert _row(real.scores, "openai-gpt-5-4-2026-03-05-high", "arc-agi-3")["raw_model_name"] == "gpt-5-4-2026-03-05"


def test_hidden_rows_stay_observations_and_footnotes_are_removed(real):
    hidden = real.scores.filter(pl.col("details").str.contains('"hidden_on_site":true'))
    assert hidden.height == 15  # 20 rows with display false, 5 of them non-LLM (mturker, HRM x2, E. Pang x2)
    preview = _row(real.scores, "o3-preview-low", "arc-agi-1")
    details = orjson.loads(preview["details"])
    assert preview["raw_value"] == 0.757 and details["display"] is False and details["cost_per_task_usd"] == 200
    assert details["display_name"] == preview["model_hint"] == "o3 (Preview, Low)"  # "o3 (Preview, Low) ¹" in models.json
    published = " ".join(real.scores["details"].to_list() + real.scores["raw_model_name"].to_list() + real.scores["model_hint"].to_list())
    assert "¹" not in published and "²" not in published and ")*" not in published


def test_repeated_model_id_keeps_its_last_entry(real):
    # models.json lists o3-mini-2025-01-31-low twice (modelType "Base LLM", then "CoT"); the site's own
    # leaderboard/v1.json view shows "CoT": the last entry wins
    details = orjson.loads(_row(real.scores, "o3-mini-2025-01-31-low", "arc-agi-1")["details"])
    assert details["model_type"] == "CoT" and details["display_name"] == "o3-mini (Low)"
    # gpt-4-1-2025-04-14 is listed three times, identically: one model, one row per dataset
    assert real.scores.filter(pl.col("raw_model_key") == "gpt-4-1-2025-04-14").height == 4


def test_public_eval_levels(raw_files, real):
    public = real.scores.filter(pl.col("benchmark_id").str.ends_with("public-eval"))
    # every public-eval row has an ARC Prize semi-private run of the same model id and version
    assert set(public["verification_level"]) == {"third_party"}

    # without that run, a public-eval number can only be the lab's own report
    def drop_semi_private(body):
        body[:] = [e for e in body if not (e["modelId"] == "o3-2025-04-16-high" and "Semi_Private" in e["datasetId"])]

    parsed = parse(_edited(raw_files, EVALUATIONS, drop_semi_private), CTX)
    assert _row(parsed.scores, "o3-2025-04-16-high", "arc-agi-1-public-eval")["verification_level"] == "provider"
    assert _row(parsed.scores, "o3-2025-04-16-low", "arc-agi-1-public-eval")["verification_level"] == "third_party"


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [
        ("claude-opus-4-5-20251101-thinking-16k", ("claude-opus-4-5-20251101", "thinking-16k", None)),
        ("o3-2025-04-16-high", ("o3-2025-04-16", "high", None)),
        ("Claude 3.7 Thinking 16K", ("Claude 3.7", "Thinking 16K", None)),
        ("Claude 3.7", ("Claude 3.7", None, None)),
        ("o1 - high", ("o1", "high", None)),
        ("claude-opus-4-6-thinking-120K-low", ("claude-opus-4-6", "thinking-120K-low", None)),
        ("gpt-5-2-2025-12-11-thinking-none", ("gpt-5-2-2025-12-11", "thinking-none", None)),
        ("anthropic-opus-4-6-max-effort", ("opus-4-6", "max-effort", None)),
        ("openai-gpt-5-5-2026-04-23-high", ("gpt-5-5-2026-04-23", "high", None)),
        ("google-gemini-3-1-pro-preview", ("gemini-3-1-pro-preview", None, None)),
        ("grok-3-mini-beta-low-openrouter", ("grok-3-mini-beta", "low", "openrouter")),
        ("Llama-4-Maverick-17B-128E-Instruct-FP8-together", ("Llama-4-Maverick-17B-128E-Instruct-FP8", None, "together")),
        ("claude_sonnet_4_6_max", ("claude_sonnet_4_6", "max", None)),
        ("magistral-medium-2506-thinking", ("magistral-medium-2506", "thinking", None)),
        ("deepseek-v3.2", ("deepseek-v3.2", None, None)),  # a maker name that is part of the model name stays
        ("gemini_3_deep_think_022026", ("gemini_3_deep_think_022026", None, None)),
        ("high", ("high", None, None)),
    ],
)
def test_split_model_id(model_id, expected):
    assert split_model_id(model_id) == expected


@pytest.mark.parametrize(
    ("name", "clean"),
    [("o3 (Preview, Low) ¹", "o3 (Preview, Low)"), ("o3 (Preview, High)*", "o3 (Preview, High)"),
     ("Gemini-2.5-Pro-Exp-03-25 **", "Gemini-2.5-Pro-Exp-03-25"), ("Gemini 3 Deep Think (Preview) ²", "Gemini 3 Deep Think (Preview)"),
     ("GPT-5.2 (xHigh)", "GPT-5.2 (xHigh)"), (None, None)],
)
def test_clean_display_name(name, clean):
    assert clean_display_name(name) == clean


@pytest.mark.parametrize(
    ("display", "name"),
    [("Claude Opus 4.8 (High)", "Claude Opus 4.8"), ("o3 (Preview, Low)", "o3 (Preview)"),
     ("Grok 4.20 (Beta Reasoning)", "Grok 4.20 (Beta)"), ("Gemini 2.5 Pro (Preview, Thinking 1K)", "Gemini 2.5 Pro (Preview)"),
     ("Claude 3.7 Thinking 16K", "Claude 3.7"), ("GPT-5.2 (xHigh)", "GPT-5.2"), ("Gemini 3 Deep Think (2/26)", "Gemini 3 Deep Think (2/26)"),
     ("Deepseek R1 (05/28)", "Deepseek R1 (05/28)"), ("Gemini 3.5 Flash (Minimal)", "Gemini 3.5 Flash")],
)
def test_model_name_drops_the_setting(display, name):
    assert model_name(display) == name


def test_a_display_name_that_is_only_a_setting_names_the_record_by_its_id(raw_files):
    body = orjson.loads(raw_files[MODELS])
    for entry in body:
        if isinstance(entry, dict) and str(entry.get("id")).startswith("claude-opus-4-5-20251101"):
            entry["displayName"] = "(Thinking 16K)"
    parsed = parse({**raw_files, MODELS: orjson.dumps(body)}, CTX)
    row = parsed.models.filter(pl.col("raw_model_id") == "claude-opus-4-5-20251101").row(0, named=True)
    assert row["raw_name"] == "claude-opus-4-5-20251101"


def test_model_records_one_per_model_without_its_setting(real):
    """One record per settings-free id that has a score (never a non-LLM entry), named without the setting,
    its maker the provider, and no release date (ARC Prize's dates are unreliable)."""
    models = real.models
    assert models["raw_model_id"].is_unique().all()
    assert set(models["raw_model_id"]) == set(real.scores["raw_model_name"])
    assert models["release_date"].null_count() == models.height
    by_id = {r["raw_model_id"]: r for r in models.iter_rows(named=True)}
    assert {k: (by_id[k]["raw_name"], by_id[k]["maker_hint"]) for k in ("opus-4-8", "gemini-3-5-flash", "claude-4-7", "o3-preview")} == {
        "opus-4-8": ("Claude Opus 4.8", "Anthropic"),
        "gemini-3-5-flash": ("Gemini 3.5 Flash", "Google"),
        "claude-4-7": ("Claude 4.7", "Anthropic"),
        "o3-preview": ("o3 (Preview)", "OpenAI"),
    }
    assert not models.filter(pl.col("raw_name").str.contains("(?i)human|kaggle|ARChitects")).height


def test_variants_found(real):
    variants = set(real.scores["variant"].drop_nulls())
    assert {"high", "low", "medium", "xhigh", "minimal", "max", "thinking", "reasoning", "thinking-16k",
            "Thinking 16K", "thinking-none", "thinking-120K-max", "max-effort"} <= variants
    for plain in ("gpt-4-1-2025-04-14", "Claude 3.7", "grok-3-openrouter", "deepseek-v3.2", "gemini-3-pro-preview"):
        assert real.scores.filter(pl.col("raw_model_key") == plain)["variant"].null_count() > 0, plain


# --- drift, built by editing the real payload in memory ---


def test_unknown_new_fields_are_ignored(raw_files, real):
    def add(body):
        for e in body:
            e["verifiedBy"] = "ARC Prize"

    files = _edited(raw_files, EVALUATIONS, add)
    files = _edited(files, MODELS, lambda b: b[0].update(architecture="x"))
    parsed = parse(files, CTX)
    assert parsed.rejects.height == real.rejects.height
    assert parsed.scores.drop("raw_row").equals(real.scores.drop("raw_row"))


def test_missing_optional_fields_give_null(raw_files):
    def strip(body):
        e = _eval(body, "o3-2025-04-16-high", "v1_Semi_Private")
        del e["costPerTask"], e["display"], e["resultsUrl"]

    parsed = parse(_edited(raw_files, EVALUATIONS, strip), CTX)
    assert parsed.scores.height == 560 and parsed.rejects.height == 29
    details = orjson.loads(_row(parsed.scores, "o3-2025-04-16-high", "arc-agi-1")["details"])
    assert details["cost_per_task_usd"] is None and details["display"] is None and details["hidden_on_site"] is False

    def no_provider(body):
        for m in body:
            if m["id"] == "R1":
                del m["providerId"], m["modelReleaseDate"]

    row = _row(parse(_edited(raw_files, MODELS, no_provider), CTX).scores, "R1", "arc-agi-1")
    assert row["provider_hint"] is None and orjson.loads(row["details"])["model_release_date"] is None


@pytest.mark.parametrize("required", ["score", "modelId", "datasetId"])
def test_missing_required_field_rejects_the_row(raw_files, required):
    parsed = parse(_edited(raw_files, EVALUATIONS, lambda b: _eval(b, "o3-2025-04-16-high", "v1_Semi_Private").pop(required)), CTX)
    assert parsed.scores.height == 559 and parsed.rejects.height == 30
    new = [r for r in parsed.rejects["reason"].to_list() if required in r and "not a language model" not in r and "repeats" not in r]
    assert len(new) == 1 and EVALUATIONS in new[0]


@pytest.mark.parametrize("bad", [1e30, "0.6", 60.83, -0.1, True])
def test_one_absurd_score_rejects_just_that_row(raw_files, bad):
    def edit(body):
        _eval(body, "o3-2025-04-16-high", "v1_Semi_Private")["score"] = bad

    parsed = parse(_edited(raw_files, EVALUATIONS, edit), CTX)
    assert parsed.scores.height == 559 and parsed.rejects.height == 30
    reason = next(r for r in parsed.rejects["reason"].to_list() if "o3-2025-04-16-high" in r)
    assert "score" in reason and "v1_Semi_Private" in reason


def test_unknown_dataset_and_unknown_model_are_rejected(raw_files):
    def edit(body):
        _eval(body, "o3-2025-04-16-high", "v1_Semi_Private")["datasetId"] = "v4_Semi_Private"
        _eval(body, "o3-2025-04-16-low", "v1_Semi_Private")["modelId"] = "o9-ultra"

    parsed = parse(_edited(raw_files, EVALUATIONS, edit), CTX)
    assert parsed.scores.height == 558
    reasons = parsed.rejects["reason"].to_list()
    assert any("unknown dataset id 'v4_Semi_Private'" in r for r in reasons)
    assert any("'o9-ultra' is not in models.json" in r for r in reasons)


def test_known_dataset_without_a_benchmark_is_rejected(raw_files):
    def edit(body):
        _eval(body, "o3-2025-04-16-high", "v1_Semi_Private")["datasetId"] = "v3_Public_Demo"

    reasons = parse(_edited(raw_files, EVALUATIONS, edit), CTX).rejects["reason"].to_list()
    assert any("'v3_Public_Demo' ('ARC-AGI-3 Public Demo') has no catalogue benchmark" in r for r in reasons)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("body", [b"\x89PNG garbage {[", b'{"evaluations": []}'])
def test_garbage_raises_naming_source_and_file(raw_files, name, body):
    with pytest.raises(SourceParseError) as exc:
        parse({**raw_files, name: body}, CTX)
    assert "arc-prize" in str(exc.value) and name in str(exc.value)


# --- the shipped, hand-made snapshot ---


def test_shipped_snapshot_parses_clean_and_matches_the_recording(real):
    manifest = orjson.loads((HAND_MADE / "manifest.json").read_bytes())
    assert manifest["source_id"] == "arc-prize" and manifest["origin"] == "hand-made"
    assert [(e["name"], e["url"]) for e in manifest["files"]] == [(f.name, f.url) for f in SPEC.files]
    files = {e["name"]: (HAND_MADE / e["name"]).read_bytes() for e in manifest["files"]}
    for entry in manifest["files"]:
        assert entry["sha256"] == hashlib.sha256(files[entry["name"]]).hexdigest() and entry["bytes"] == len(files[entry["name"]])
    assert b'"notes"' not in files[MODELS] and b'"metadata"' not in files[MODELS]
    parsed = parse(files, CTX)
    assert parsed.rejects.is_empty() and parsed.scores.height == 25
    assert parsed.scores["benchmark_id"].n_unique() == 5 and parsed.scores["raw_model_key"].n_unique() == 15
    _, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.is_empty()
    cols = ["raw_model_key", "benchmark_id", "raw_model_name", "variant", "model_hint", "provider_hint", "raw_value", "verification_level", "details"]
    joined = parsed.scores.select(cols).join(real.scores.select(cols), on=["raw_model_key", "benchmark_id"], how="left", suffix="_r")
    for c in cols[2:]:
        assert joined[c].to_list() == joined[f"{c}_r"].to_list(), c
