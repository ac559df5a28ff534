"""LiveBench parser against the real recording (two releases) and the hand-made snapshot shipped in data/raw.

Expected values were computed by hand from the recorded CSVs (mean of a category's task cells, then
mean of the category means), not taken from the parser's output.
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
from registry_pipeline.schemas import REJECT_COLUMNS, SCORE_OBSERVATION_COLUMNS, ScoreObservationSchema, split_valid
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline.sources.livebench import CATEGORIES, RELEASES, SPEC, parse, split_model_id
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS

RECORDING = SHARED_SNAPSHOTS / "livebench"
HAND_MADE = Path(__file__).resolve().parents[1] / "data" / "raw" / "livebench" / "2026-02-20" / "000000"
CTX = ParseContext(source_id="livebench", fetched_on=dt.date(2026, 2, 21))
NEW, OLD = "table_2026_01_08.csv", "table_2025_11_25.csv"
NEW_CATS, OLD_CATS = "categories_2026_01_08.json", "categories_2025_11_25.json"
BENCHMARKS = {"livebench", *CATEGORIES.values()}


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    if not RECORDING.is_dir():
        pytest.skip(f"recording not available: {RECORDING}")
    return {f.name: (RECORDING / f.name).read_bytes() for f in SPEC.files}


@pytest.fixture(scope="module")
def real(files):
    return parse(files, CTX)


def _obs(scores: pl.DataFrame, key: str, benchmark: str, version: str) -> dict:
    f = scores.filter((pl.col("raw_model_key") == key) & (pl.col("benchmark_id") == benchmark) & (pl.col("benchmark_version") == version))
    assert f.height == 1, (key, benchmark, version, f.height)
    return f.row(0, named=True)


def _table(files: dict[str, bytes], name: str) -> pl.DataFrame:
    return pl.read_csv(io.BytesIO(files[name]), infer_schema=False)


def _with_table(files: dict[str, bytes], name: str, frame: pl.DataFrame) -> dict[str, bytes]:
    return {**files, name: frame.write_csv().encode()}


def _set_cell(files, name, model, column, value):
    t = _table(files, name).with_columns(pl.when(pl.col("model") == model).then(pl.lit(value, pl.String)).otherwise(pl.col(column)).alias(column))
    return _with_table(files, name, t)


def test_registered_spec_lists_each_release_as_a_pair():
    assert get_source("livebench").spec is SPEC
    assert RELEASES == ("2025_11_25", "2026_01_08")
    assert [f.name for f in SPEC.files] == [OLD, OLD_CATS, NEW, NEW_CATS]
    assert all(f.url == f"https://livebench.ai/{f.name}" for f in SPEC.files)
    assert SPEC.default_verification_level == "third_party" and SPEC.provides == ("scores",)
    assert BENCHMARKS <= set(catalog.benchmarks()["id"])


def test_every_model_of_both_releases_gets_eight_observations(real):
    assert real.rejects.height == 0 and dict(real.rejects.schema) == REJECT_COLUMNS
    assert dict(real.scores.schema) == SCORE_OBSERVATION_COLUMNS and real.models.is_empty()
    counts = dict(real.scores.group_by("benchmark_version").len().iter_rows())
    assert counts == {"2025-11-25": 65 * 8, "2026-01-08": 73 * 8}  # 65 and 73 model rows, 7 categories + global
    per_benchmark = real.scores.group_by("benchmark_version", "benchmark_id").len()
    assert set(per_benchmark["benchmark_id"]) == BENCHMARKS
    assert per_benchmark.filter(pl.col("benchmark_version") == "2026-01-08")["len"].to_list() == [73] * 8
    assert real.scores["raw_model_key"].n_unique() == 75  # 63 in both, 2 only in 2025-11-25, 10 only in 2026-01-08
    assert set(real.scores["raw_unit"]) == {"percent"} and set(real.scores["verification_level"]) == {"third_party"}
    assert real.scores["raw_value"].is_between(0, 100).all()
    for version in ("2025-11-25", "2026-01-08"):
        rows = real.scores.filter(pl.col("benchmark_version") == version)
        assert set(rows["as_of_date"]) == {dt.date.fromisoformat(version)}
    _, rejects = split_valid(real.scores, ScoreObservationSchema)
    assert rejects.height == 0


def test_category_average_is_the_mean_of_its_tasks(real):
    # gpt-5.2-2025-12-11-nothinking, 2026-01-08 Reasoning: theory_of_mind 32.692, zebra_puzzle 10.5,
    # spatial 74.0, logic_with_navigation 54.0 -> 171.192 / 4
    row = _obs(real.scores, "gpt-5.2-2025-12-11-nothinking", "livebench-reasoning", "2026-01-08")
    assert row["raw_value"] == pytest.approx(42.798)
    details = orjson.loads(row["details"])
    assert details == {
        "category": "Reasoning",
        "tasks": {"logic_with_navigation": 54.0, "spatial": 74.0, "theory_of_mind": 32.692, "zebra_puzzle": 10.5},
    }
    # the 2025-11-25 release had no logic_with_navigation task: (32.692 + 10.5 + 74.0) / 3
    old = _obs(real.scores, "gpt-5.2-2025-12-11-nothinking", "livebench-reasoning", "2025-11-25")
    assert old["raw_value"] == pytest.approx(39.064)
    assert set(orjson.loads(old["details"])["tasks"]) == {"theory_of_mind", "zebra_puzzle", "spatial"}
    assert _obs(real.scores, "claude-opus-4-5-20251101-thinking-64k-high-effort", "livebench-reasoning", "2026-01-08")["raw_value"] == pytest.approx(80.0865, abs=1e-4)


def test_global_average_is_the_mean_of_the_category_averages(real):
    expected = {  # hand-computed from the recorded tables
        ("claude-opus-4-5-20251101-thinking-64k-high-effort", "2025-11-25"): 76.7728,
        ("claude-opus-4-5-20251101-thinking-64k-high-effort", "2026-01-08"): 75.9588,
        ("gpt-5.2-2025-12-11-nothinking", "2026-01-08"): 48.9073,
        ("claude-4-1-opus-20250805-base", "2026-01-08"): 54.4529,
        ("gemini-3-pro-preview-11-2025-high", "2025-11-25"): 75.5699,
        ("kimi-k2-thinking", "2026-01-08"): 61.5891,
    }
    for (key, version), value in expected.items():
        row = _obs(real.scores, key, "livebench", version)
        assert row["raw_value"] == pytest.approx(value, abs=1e-4), key
        cats = orjson.loads(row["details"])["categories"]
        assert len(cats) == 7 and row["raw_value"] == pytest.approx(sum(cats.values()) / 7, abs=1e-3)
    mathematics = orjson.loads(_obs(real.scores, "gpt-5.2-2025-12-11-nothinking", "livebench", "2026-01-08")["details"])["categories"]["Mathematics"]
    assert mathematics == pytest.approx(58.2507, abs=1e-4)


def test_run_settings_are_split_from_the_model_id(real):
    row = _obs(real.scores, "claude-opus-4-5-20251101-thinking-64k-high-effort", "livebench", "2026-01-08")
    assert row["raw_model_name"] == "claude-opus-4-5-20251101" and row["variant"] == "thinking-64k-high-effort"
    assert row["model_hint"] == row["raw_model_key"] and row["provider_hint"] is None
    variants = set(real.scores["variant"].drop_nulls())
    assert variants == {
        "base", "thinking-32k", "thinking-64k", "high-effort", "medium-effort", "low-effort",
        "thinking-64k-high-effort", "thinking-64k-medium-effort", "thinking-64k-low-effort",
        "thinking-auto-high-effort", "thinking-auto-medium-effort", "thinking-auto-low-effort",
        "thinking", "highthinking", "nothinking", "minimal", "low", "medium", "high", "xhigh",
    }
    # one model, several settings: the gpt-5.1 snapshot at four efforts
    gpt51 = real.scores.filter((pl.col("raw_model_name") == "gpt-5.1-2025-11-13") & (pl.col("benchmark_id") == "livebench"))
    assert sorted(gpt51.filter(pl.col("benchmark_version") == "2026-01-08")["variant"]) == ["high", "low", "medium", "nothinking"]


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [
        ("claude-opus-4-5-20251101-thinking-64k-high-effort", ("claude-opus-4-5-20251101", "thinking-64k-high-effort")),
        ("gpt-5.2-2025-12-11-nothinking", ("gpt-5.2-2025-12-11", "nothinking")),
        ("gemini-3-pro-preview-11-2025-high", ("gemini-3-pro-preview-11-2025", "high")),
        ("claude-4-1-opus-20250805-base", ("claude-4-1-opus-20250805", "base")),
        ("claude-opus-4-6-thinking-auto-high-effort", ("claude-opus-4-6", "thinking-auto-high-effort")),
        ("grok-4-1-fast-non-reasoning", ("grok-4-1-fast-non-reasoning", None)),  # an xAI API model id
        ("gemini-2.5-flash-06-05-highthinking", ("gemini-2.5-flash-06-05", "highthinking")),
        ("gpt-5.1-codex-max-xhigh", ("gpt-5.1-codex-max", "xhigh")),
        ("gpt-5.1-codex-max", ("gpt-5.1-codex-max", None)),  # "max" is part of the model
        ("deepseek-v3.2-thinking", ("deepseek-v3.2", "thinking")),
        ("kimi-k2-thinking", ("kimi-k2-thinking", None)),  # a separate checkpoint, not a setting
        ("qwen3-next-80b-a3b-thinking", ("qwen3-next-80b-a3b-thinking", None)),
        ("qwen3-235b-a22b-thinking-2507", ("qwen3-235b-a22b-thinking-2507", None)),
        ("deepseek-v3.2-speciale", ("deepseek-v3.2-speciale", None)),
        ("glm-4.7", ("glm-4.7", None)),
    ],
)
def test_split_model_id(model_id, expected):
    assert split_model_id(model_id) == expected


# --- drift, edited in memory from the real payload ---


def test_an_unknown_new_task_column_is_ignored(files, real):
    t = _table(files, NEW).with_columns(pl.lit("12.5").alias("brand_new_task"))
    parsed = parse(_with_table(files, NEW, t), CTX)
    assert parsed.rejects.height == 0
    assert parsed.scores.drop("raw_row").equals(real.scores.drop("raw_row"))


def test_an_unknown_category_is_rejected_but_counts_in_the_global_average(files, real):
    cats = orjson.loads(files[NEW_CATS])
    cats["Vision"] = ["spatial"]  # reuses a recorded task so every model has it
    parsed = parse({**files, NEW_CATS: orjson.dumps(cats)}, CTX)
    assert parsed.rejects.height == 1
    reason = parsed.rejects["reason"][0]
    assert NEW_CATS in reason and "'Vision'" in reason and "not a known LiveBench category" in reason
    assert parsed.scores.height == real.scores.height  # no observation for Vision, all others kept
    row = _obs(parsed.scores, "gpt-5.2-2025-12-11-nothinking", "livebench", "2026-01-08")
    assert len(orjson.loads(row["details"])["categories"]) == 8
    assert row["raw_value"] == pytest.approx((48.9073 * 7 + 74.0) / 8, abs=1e-3)  # spatial = 74.0 for this model


def test_an_empty_cell_leaves_out_its_category_and_the_global_average(files, real):
    parsed = parse(_set_cell(files, NEW, "glm-4.7", "typos", ""), CTX)
    assert parsed.scores.height == real.scores.height - 2
    left = parsed.scores.filter((pl.col("raw_model_key") == "glm-4.7") & (pl.col("benchmark_version") == "2026-01-08"))
    assert set(left["benchmark_id"]) == BENCHMARKS - {"livebench", "livebench-language"}
    assert parsed.rejects.height == 1
    reason = parsed.rejects["reason"][0]
    assert NEW in reason and "'glm-4.7'" in reason and "typos" in reason and "livebench-language" in reason
    assert orjson.loads(parsed.rejects["raw_row"][0])["model"] == "glm-4.7"


@pytest.mark.parametrize("value", ["1e30", "n/a", "-3", "inf"])
def test_an_absurd_cell_rejects_just_that_model_s_averages(files, real, value):
    parsed = parse(_set_cell(files, OLD, "gpt-oss-120b", "python", value), CTX)
    assert parsed.rejects.height == 1
    reason = parsed.rejects["reason"][0]
    assert OLD in reason and "'gpt-oss-120b'" in reason and "'python'" in reason and repr(value) in reason
    gone = parsed.scores.filter((pl.col("raw_model_key") == "gpt-oss-120b") & (pl.col("benchmark_version") == "2025-11-25"))
    assert set(gone["benchmark_id"]) == BENCHMARKS - {"livebench", "livebench-agentic-coding"}
    assert parsed.scores.height == real.scores.height - 2


def test_a_task_column_missing_from_the_header_rejects_its_category(files, real):
    parsed = parse(_with_table(files, NEW, _table(files, NEW).drop("tablejoin")), CTX)
    new = parsed.scores.filter(pl.col("benchmark_version") == "2026-01-08")
    assert set(new["benchmark_id"]) == BENCHMARKS - {"livebench", "livebench-data-analysis"}
    assert new.height == 73 * 6
    assert parsed.rejects.height == 1
    assert "'tablejoin'" in parsed.rejects["reason"][0] and NEW in parsed.rejects["reason"][0]
    # the other release is untouched
    assert parsed.scores.filter(pl.col("benchmark_version") == "2025-11-25").height == 65 * 8


def test_a_row_without_model_and_a_repeated_model_are_rejected(files, real):
    t = _table(files, OLD)
    extra = pl.concat([t, t.filter(pl.col("model") == "glm-4.6"), t.head(1).with_columns(model=pl.lit(None, pl.String))])
    parsed = parse(_with_table(files, OLD, extra), CTX)
    assert parsed.scores.height == real.scores.height
    reasons = sorted(parsed.rejects["reason"])
    assert len(reasons) == 2
    assert any("'glm-4.6' listed again" in r for r in reasons) and any("column 'model' missing" in r for r in reasons)


def test_one_unreadable_release_is_a_reject_the_other_is_parsed(files):
    parsed = parse({**files, OLD: b"\x89PNG garbage {["}, CTX)
    assert set(parsed.scores["benchmark_version"]) == {"2026-01-08"} and parsed.scores.height == 73 * 8
    assert parsed.rejects.height == 1
    reason = parsed.rejects["reason"][0]
    assert "release 2025-11-25" in reason and OLD in reason
    without_file = parse({k: v for k, v in files.items() if k != NEW_CATS}, CTX)
    assert set(without_file.scores["benchmark_version"]) == {"2025-11-25"}
    assert NEW_CATS in without_file.rejects["reason"][0] and "missing" in without_file.rejects["reason"][0]


@pytest.mark.parametrize("body", [b"\x89PNG garbage {[", b"", b"not,a\n1,2\n", b"\xff\xfe\x00", b"model\n"])
@pytest.mark.parametrize("categories_too", [True, False])
def test_garbage_in_every_release_raises_naming_source_and_file(files, body, categories_too):
    broken = {name: body if name.endswith(".csv") or categories_too else files[name] for name in files}
    with pytest.raises(SourceParseError) as exc:
        parse(broken, CTX)
    assert "livebench" in str(exc.value)
    named = [name for name in broken if name in str(exc.value)]
    assert named and (categories_too or named[0].endswith(".csv"))


def test_categories_of_the_wrong_shape_raise_when_no_release_is_usable(files):
    with pytest.raises(SourceParseError) as exc:
        parse({**files, NEW_CATS: b'{"Reasoning": "spatial"}', OLD_CATS: b"[1, 2]"}, CTX)
    assert NEW_CATS in str(exc.value) and "Reasoning" in str(exc.value)


# --- the shipped snapshot ---


def test_hand_made_snapshot_parses_clean_and_matches_the_recording(real):
    manifest = orjson.loads((HAND_MADE / "manifest.json").read_bytes())
    assert manifest["source_id"] == "livebench" and manifest["origin"] == "hand-made"
    assert [f["name"] for f in manifest["files"]] == [f.name for f in SPEC.files]
    shipped = {}
    for entry, spec_file in zip(manifest["files"], SPEC.files):
        body = (HAND_MADE / entry["name"]).read_bytes()
        assert entry["url"] == spec_file.url
        assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["bytes"] == len(body)
        shipped[entry["name"]] = body
    parsed = parse(shipped, ParseContext(source_id="livebench", fetched_on=dt.date(2026, 2, 20)))
    assert parsed.rejects.height == 0
    _, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.height == 0
    assert dict(parsed.scores.group_by("benchmark_version").agg(pl.col("raw_model_key").n_unique()).iter_rows()) == {
        "2025-11-25": 15, "2026-01-08": 17,
    }
    # every task column of both releases is kept, and the values are the recording's
    for name in (OLD, NEW):
        assert pl.read_csv(io.BytesIO(shipped[name]), infer_schema=False).columns == pl.read_csv(RECORDING / name, infer_schema=False).columns
    cols = ["raw_model_key", "benchmark_id", "benchmark_version", "raw_model_name", "variant", "raw_value", "details"]
    joined = parsed.scores.select(cols).join(real.scores.select(cols), on=cols[:3], how="left", suffix="_r")
    for c in cols[3:]:
        assert joined[c].to_list() == joined[f"{c}_r"].to_list(), c
