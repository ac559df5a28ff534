"""Aider parser (polyglot, code editing and refactoring boards) against the real recordings and the
hand-made snapshot shipped in data/raw. Expected values were read by hand from the recorded YAML files."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import orjson
import polars as pl
import pytest
import yaml

from registry_pipeline import catalog
from registry_pipeline.schemas import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ScoreObservationSchema,
    split_valid,
)
from registry_pipeline.sources import get_source
from registry_pipeline.sources.aider import BOARDS, FILE, SPEC, model_hint, parse, split_label
from registry_pipeline.sources.base import ParseContext, SourceParseError

from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS as SNAPSHOTS  # noqa: E402

RECORDINGS = SNAPSHOTS / "aider"
EDIT, REFACTOR = "edit_leaderboard.yml", "refactor_leaderboard.yml"
REPO = Path(__file__).resolve().parents[1]
HAND_MADE = REPO / "data" / "raw" / "aider" / "2025-10-04" / "000000"
CTX = ParseContext(source_id="aider", fetched_on=dt.date(2025, 10, 4))


def _parse(files: dict[str, bytes]):
    return parse(files, CTX)


def _dump(runs: list) -> bytes:
    return yaml.safe_dump(runs, sort_keys=False).encode()


@pytest.fixture(scope="module")
def raw_files() -> dict[str, bytes]:
    paths = {b.file: RECORDINGS / b.file for b in BOARDS}
    if not all(p.exists() for p in paths.values()):
        pytest.skip(f"recordings not available: {RECORDINGS}")
    return {name: p.read_bytes() for name, p in paths.items()}


@pytest.fixture(scope="module")
def raw_bytes(raw_files) -> bytes:
    return raw_files[FILE]


@pytest.fixture(scope="module")
def real(raw_files):
    return _parse(raw_files)


def _board(scores: pl.DataFrame, benchmark: str) -> pl.DataFrame:
    return scores.filter(pl.col("benchmark_id") == benchmark)


def _by_name(scores: pl.DataFrame, name: str, variant: str | None = None, benchmark: str = "aider-polyglot") -> dict:
    f = _board(scores, benchmark).filter(pl.col("raw_model_name") == name)
    f = f.filter(pl.col("variant").is_null()) if variant is None else f.filter(pl.col("variant") == variant)
    assert f.height == 1, (name, variant, f.height)
    return f.row(0, named=True)


def _details(row: dict) -> dict:
    return orjson.loads(row["details"]) if row["details"] else {}


def test_registered_and_spec():
    assert get_source("aider").spec is SPEC
    assert [f.name for f in SPEC.files] == ["polyglot_leaderboard.yml", EDIT, REFACTOR]
    assert all(f.url.endswith("/aider/website/_data/" + f.name) for f in SPEC.files)
    assert SPEC.provides == ("scores",) and SPEC.attribution_required
    assert {b.benchmark_id for b in BOARDS} <= set(catalog.benchmarks()["id"])


# --- the real recordings ---


def test_every_real_run_becomes_an_observation_but_one(real):
    assert dict(real.rejects.schema) == REJECT_COLUMNS
    assert dict(real.models.schema) == MODEL_RECORD_COLUMNS and real.models.is_empty()
    assert dict(real.scores.schema) == SCORE_OBSERVATION_COLUMNS
    counts = dict(real.scores.group_by("benchmark_id").len().iter_rows())
    assert counts == {"aider-polyglot": 69, "aider-edit": 97, "aider-refactor": 14}
    assert not real.scores.select("raw_model_key", "benchmark_id").is_duplicated().any()
    assert real.scores["raw_value"].is_between(0, 100).all()
    assert set(real.scores["raw_unit"]) == {"percent"}
    assert set(real.scores["verification_level"]) == {"third_party"}
    assert real.scores["as_of_date"].null_count() == 0
    _, rejects = split_valid(real.scores, ScoreObservationSchema)
    assert rejects.height == 0


def test_the_polyglot_run_filed_on_the_edit_board_is_rejected(real):
    # 98 runs in edit_leaderboard.yml; one of them ran the 225 polyglot exercises, not the 133 Python ones
    assert real.rejects.height == 1
    rej = real.rejects.row(0, named=True)
    assert rej["stage"] == "parse" and rej["source_id"] == "aider"
    assert EDIT in rej["reason"] and "test_cases" in rej["reason"] and "225" in rej["reason"]
    assert orjson.loads(rej["raw_row"])["dirname"] == "2024-12-21-22-06-01--polyglot-o1-mini-whole"


def test_source_url_names_each_board(real):
    urls = dict(real.scores.select("benchmark_id", "source_url").unique().iter_rows())
    assert urls == {
        "aider-polyglot": "https://aider.chat/docs/leaderboards/",
        "aider-edit": "https://aider.chat/docs/leaderboards/edit.html",
        "aider-refactor": "https://aider.chat/docs/leaderboards/refactor.html",
    }


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
    assert _by_name(real.scores, "Mistral Large 2 2407", benchmark="aider-edit")["raw_value"] == 60.2
    assert _by_name(real.scores, "Command R+ 08-24", benchmark="aider-edit")["raw_value"] == 38.3
    # only architect pairs keep parentheses in their name
    with_parens = real.scores.filter(pl.col("raw_model_name").str.contains("(", literal=True))["raw_model_name"]
    assert with_parens.to_list() and all(" + " in n for n in with_parens)


def test_architect_pairs_keep_their_label(real):
    pair = _by_name(real.scores, "DeepSeek R1 + claude-3-5-sonnet-20241022")
    assert pair["raw_value"] == 64.0 and pair["model_hint"] is None
    o3_pair = _by_name(real.scores, "o3 (high) + gpt-4.1", "high")
    assert o3_pair["model_hint"] is None
    assert _details(o3_pair)["editor_model"] == "gpt-4.1" and _details(o3_pair)["edit_format"] == "architect"


def test_edit_board_scores_and_release_dates(real):
    sonnet = _by_name(real.scores, "claude-3-5-sonnet-20241022", benchmark="aider-edit")
    assert sonnet["raw_value"] == 84.2 and sonnet["as_of_date"] == dt.date(2024, 10, 22)
    assert sonnet["model_hint"] == "claude-3-5-sonnet-20241022"
    assert sonnet["raw_model_key"] == "2024-10-22-17-45-28--sonnet-1022-diff-fixed-model-settings"
    details = _details(sonnet)
    assert details["released"] == "2024-10-22" and details["edit_format"] == "diff" and details["pass_rate_1"] == 69.2
    # the other spelling of the release date, `_released`, and a run through an aider shortcut flag (no --model)
    opus = _by_name(real.scores, "claude-3-opus-20240229", benchmark="aider-edit")
    assert opus["raw_value"] == 68.4 and opus["model_hint"] is None
    assert _details(opus)["released"] == "2024-02-29" and _details(opus)["total_cost"] == 13.8395


def test_edit_formats_in_the_label_are_the_variant_and_partial_runs_are_kept(real):
    udiff = _by_name(real.scores, "gpt-4-turbo-2024-04-09", "udiff", benchmark="aider-edit")
    diff = _by_name(real.scores, "gpt-4-turbo-2024-04-09", "diff", benchmark="aider-edit")
    assert (udiff["raw_value"], diff["raw_value"]) == (63.9, 57.6)
    assert _details(diff)["test_cases"] == 33 and _details(udiff)["test_cases"] == 133


def test_refactor_board_uses_pass_rate_1(real):
    sonnet = _by_name(real.scores, "claude-3-5-sonnet-20241022", benchmark="aider-refactor")
    assert sonnet["raw_value"] == 92.1 and sonnet["as_of_date"] == dt.date(2024, 10, 22)
    assert "pass_rate_2" not in _details(sonnet)
    o1 = _by_name(real.scores, "o1-preview", benchmark="aider-refactor")
    assert o1["raw_value"] == 75.3 and _details(o1)["total_cost"] == 120.985
    opus = _by_name(real.scores, "claude-3-opus-20240229", benchmark="aider-refactor")
    assert opus["raw_value"] == 72.3 and _details(opus)["test_cases"] == 83  # 83 of the 89 tasks ran
    # "(deprecated)" is a note on the label, not a run setting
    coder = _by_name(real.scores, "DeepSeek Coder V2 0724", benchmark="aider-refactor")
    assert coder["raw_value"] == 32.6 and coder["variant"] is None
    # nor is "(prev)": DeepSeek V3's run of 2024-12-25 on deepseek-chat, a day before its announcement
    v3 = _by_name(real.scores, "DeepSeek Chat V3", benchmark="aider-polyglot")
    assert v3["raw_value"] == 48.4 and v3["variant"] is None and v3["model_hint"] == "deepseek-chat"


def test_zero_cost_means_not_recorded(real):
    sonnet3 = _by_name(real.scores, "claude-3-sonnet-20240229", benchmark="aider-edit")  # total_cost: 0.0000
    assert "total_cost" not in _details(sonnet3) and _details(sonnet3)["seconds_per_case"] == 23.1


def test_raw_row_is_the_run_as_json(real):
    row = _by_name(real.scores, "o3", "high")
    run = orjson.loads(row["raw_row"])
    assert run["dirname"] == row["raw_model_key"] and run["date"] == "2025-06-25"
    assert list(run) == sorted(run)


# --- drift, built by editing the real payloads in memory ---


def test_unknown_new_fields_are_ignored(raw_files, real):
    runs = yaml.safe_load(raw_files[REFACTOR])
    for run in runs:
        run["judge"] = {"name": "new"}
        run["pass_rate_3"] = 99.0
    parsed = _parse({**raw_files, REFACTOR: _dump(runs)})
    cols = ["raw_model_key", "raw_model_name", "variant", "raw_value", "as_of_date", "details"]
    assert _board(parsed.scores, "aider-refactor").select(cols).equals(_board(real.scores, "aider-refactor").select(cols))


def test_missing_optional_fields_give_null(raw_files):
    runs = yaml.safe_load(raw_files[EDIT])
    victim = next(r for r in runs if r["dirname"] == "2024-10-22-17-45-28--sonnet-1022-diff-fixed-model-settings")
    for key in ("released", "edit_format", "command", "total_cost"):
        victim.pop(key)
    parsed = _parse({**raw_files, EDIT: _dump(runs)})
    row = _board(parsed.scores, "aider-edit").filter(pl.col("raw_model_key") == victim["dirname"]).row(0, named=True)
    assert row["raw_value"] == 84.2 and row["model_hint"] is None
    assert not {"released", "edit_format", "total_cost"} & set(_details(row))
    assert parsed.rejects.height == 1  # only the polyglot run filed on the edit board


def test_run_without_pass_rate_2_is_rejected_others_survive(raw_files):
    runs = yaml.safe_load(raw_files[FILE])
    victim = next(r for r in runs if r["model"] == "Kimi K2")
    del victim["pass_rate_2"]
    parsed = _parse({**raw_files, FILE: _dump(runs)})
    assert _board(parsed.scores, "aider-polyglot").height == 68
    reject = parsed.rejects.filter(pl.col("reason").str.contains("pass_rate_2")).row(0, named=True)
    assert reject["stage"] == "parse" and reject["source_id"] == "aider" and FILE in reject["reason"]
    assert orjson.loads(reject["raw_row"])["dirname"] == victim["dirname"]
    assert victim["dirname"] not in parsed.scores["raw_model_key"].to_list()


def test_each_board_requires_its_own_headline_field(raw_files):
    # an edit run with pass_rate_1 but no pass_rate_2 is not scored from pass_rate_1
    edit = yaml.safe_load(raw_files[EDIT])
    del edit[0]["pass_rate_2"]
    refactor = yaml.safe_load(raw_files[REFACTOR])
    del refactor[0]["pass_rate_1"]
    parsed = _parse({**raw_files, EDIT: _dump(edit), REFACTOR: _dump(refactor)})
    counts = dict(parsed.scores.group_by("benchmark_id").len().iter_rows())
    assert counts == {"aider-polyglot": 69, "aider-edit": 96, "aider-refactor": 13}
    reasons = parsed.rejects["reason"].to_list()
    assert any(r.startswith(EDIT) and "'pass_rate_2'" in r and edit[0]["dirname"] in r for r in reasons)
    assert any(r.startswith(REFACTOR) and "'pass_rate_1'" in r and refactor[0]["dirname"] in r for r in reasons)


@pytest.mark.parametrize("bad", ["n/a", float("nan"), True, None])
def test_an_unreadable_score_rejects_just_that_run(raw_files, bad):
    runs = yaml.safe_load(raw_files[REFACTOR])
    runs[2]["pass_rate_1"] = bad
    parsed = _parse({**raw_files, REFACTOR: _dump(runs)})
    assert _board(parsed.scores, "aider-refactor").height == 13
    reasons = parsed.rejects.filter(pl.col("reason").str.starts_with(REFACTOR))["reason"].to_list()
    assert len(reasons) == 1 and "pass_rate_1" in reasons[0] and runs[2]["dirname"] in reasons[0]


@pytest.mark.parametrize("bad", [1e30, -3.0, 100.5])
def test_an_out_of_range_score_is_kept_by_parse_and_refused_by_the_contract(raw_files, bad):
    # a number is read as the source wrote it; the percent range is the contract's check (validate stage)
    runs = yaml.safe_load(raw_files[REFACTOR])
    runs[2]["pass_rate_1"] = bad
    parsed = _parse({**raw_files, REFACTOR: _dump(runs)})
    valid, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.height == 1 and orjson.loads(rejects["raw_row"][0])["dirname"] == runs[2]["dirname"]
    assert valid.height == parsed.scores.height - 1


def test_non_numeric_score_and_missing_keys_are_rejected(raw_bytes):
    runs = yaml.safe_load(raw_bytes)[:3]
    runs[0]["pass_rate_2"] = "n/a"
    del runs[1]["dirname"]
    parsed = _parse({FILE: _dump(runs), EDIT: _dump(runs[2:]), REFACTOR: b"[]"})
    assert _board(parsed.scores, "aider-polyglot").height == 1
    reasons = parsed.rejects["reason"].to_list()
    assert any("pass_rate_2" in r for r in reasons) and any("dirname" in r for r in reasons)


def test_a_missing_board_is_one_reject_and_the_others_are_parsed(raw_files):
    parsed = _parse({FILE: raw_files[FILE], REFACTOR: raw_files[REFACTOR]})
    counts = dict(parsed.scores.group_by("benchmark_id").len().iter_rows())
    assert counts == {"aider-polyglot": 69, "aider-refactor": 14}
    assert parsed.rejects.height == 1
    reason = parsed.rejects["reason"][0]
    assert EDIT in reason and "aider-edit" in reason and "missing" in reason


def test_an_unreadable_board_is_one_reject_and_the_others_are_parsed(raw_files):
    parsed = _parse({**raw_files, REFACTOR: b"\xff\xfe{not: [yaml"})
    assert set(parsed.scores["benchmark_id"]) == {"aider-polyglot", "aider-edit"}
    bad = parsed.rejects.filter(pl.col("reason").str.contains(REFACTOR))
    assert bad.height == 1 and "aider-refactor" in bad["reason"][0]


def test_without_polyglot_the_older_boards_still_parse(raw_files):
    parsed = _parse({EDIT: raw_files[EDIT], REFACTOR: raw_files[REFACTOR]})
    assert set(parsed.scores["benchmark_id"]) == {"aider-edit", "aider-refactor"}
    assert parsed.rejects.filter(pl.col("reason").str.contains(FILE)).height == 1


@pytest.mark.parametrize("body", [b"{not: [valid", b"just a string", b"a: 1\nb: 2\n", b"\xff\xfe\x00"])
def test_garbage_raises_naming_source_and_file(body):
    with pytest.raises(SourceParseError) as exc:
        _parse({FILE: body})
    assert "aider" in str(exc.value) and FILE in str(exc.value)


def test_no_readable_board_raises_naming_every_file():
    with pytest.raises(SourceParseError) as exc:
        _parse({b.file: b"\x89PNG {[" for b in BOARDS})
    message = str(exc.value)
    assert message.startswith("aider: polyglot_leaderboard.yml") and EDIT in message and REFACTOR in message


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("o3 (high)", ("o3", "high")),
        ("claude-3-7-sonnet-20250219 (32k thinking tokens)", ("claude-3-7-sonnet-20250219", "32k thinking tokens")),
        ("DeepSeek V3 (0324)", ("DeepSeek V3 0324", None)),
        ("DeepSeek R1 (0528)", ("DeepSeek R1 0528", None)),
        ("chatgpt-4o-latest (2025-03-29)", ("chatgpt-4o-latest 2025-03-29", None)),
        ("Command R+ (08-24)", ("Command R+ 08-24", None)),
        ("gpt-4-turbo-2024-04-09 (udiff)", ("gpt-4-turbo-2024-04-09", "udiff")),
        ("DeepSeek Coder V2 0724 (deprecated)", ("DeepSeek Coder V2 0724", None)),
        ("DeepSeek Chat V3 (prev)", ("DeepSeek Chat V3", None)),
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
        ("aider --opus", None),
        (None, None),
    ],
)
def test_model_hint(command, expected):
    assert model_hint(command) == expected


# --- the hand-made snapshot shipped in data/raw ---


def test_hand_made_snapshot_parses_and_matches_manifest(real):
    manifest = orjson.loads((HAND_MADE / "manifest.json").read_bytes())
    assert manifest["source_id"] == "aider" and manifest["origin"] == "hand-made"
    assert [e["name"] for e in manifest["files"]] == [f.name for f in SPEC.files]
    files = {}
    for entry, spec_file in zip(manifest["files"], SPEC.files):
        body = (HAND_MADE / entry["name"]).read_bytes()
        assert entry["url"] == spec_file.url
        assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["bytes"] == len(body)
        files[entry["name"]] = body
    parsed = _parse(files)
    assert parsed.rejects.height == 0
    counts = dict(parsed.scores.group_by("benchmark_id").len().iter_rows())
    assert counts == {"aider-polyglot": 30, "aider-edit": 17, "aider-refactor": 9}
    _, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.height == 0
    # every hand-made run carries the real facts of the same run in the recordings
    cols = ["raw_model_name", "variant", "model_hint", "raw_value", "as_of_date", "source_url", "details"]
    keys = ["raw_model_key", "benchmark_id"]
    joined = parsed.scores.select(keys + cols).join(real.scores.select(keys + cols), on=keys, how="left", suffix="_r")
    for c in cols:
        assert joined[c].to_list() == joined[f"{c}_r"].to_list(), c
