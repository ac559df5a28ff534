"""tau2-bench parser against the real recording (manifest + submission folders) and the shipped snapshot."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import orjson
import polars as pl
import pytest

from registry_pipeline.raw_store import FetchedFile, RawStore
from registry_pipeline.schemas import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ScoreObservationSchema,
    split_valid,
)
from registry_pipeline import catalog
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline.sources.tau2_bench import (
    BASE_URL,
    MANIFEST,
    SPEC,
    benchmark_version,
    discover,
    is_safe_id,
    parse,
    verification_level,
)
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS

RECORDING = SHARED_SNAPSHOTS / "tau2-bench"
REPO = Path(__file__).resolve().parents[1]
HAND_MADE = REPO / "data" / "raw" / "tau2-bench" / "2026-01-26" / "000000"
CTX = ParseContext(source_id="tau2-bench", fetched_on=dt.date(2026, 2, 21))
GPT5 = "gpt-5_sierra_2025-08-09"
GPT5_FILE = f"{GPT5}/submission.json"


@pytest.fixture(scope="module")
def raw_files() -> dict[str, bytes]:
    """The recording as a fetch lands it: the manifest under the spec's name, every submission folder
    (also the unlisted template and the unlisted entry, which parse must ignore)."""
    if not (RECORDING / "manifest.json").exists():
        pytest.skip(f"recording not available: {RECORDING}")
    files = {MANIFEST: (RECORDING / "manifest.json").read_bytes()}
    for sub in sorted(RECORDING.glob("*/submission.json")):
        files[f"{sub.parent.name}/submission.json"] = sub.read_bytes()
    return files


@pytest.fixture(scope="module")
def real(raw_files):
    return parse(raw_files, CTX)


def _edited(raw_files: dict[str, bytes], name: str, edit) -> dict[str, bytes]:
    files = dict(raw_files)
    body = orjson.loads(files[name])
    edit(body)
    files[name] = orjson.dumps(body)
    return files


def _row(scores: pl.DataFrame, key: str, benchmark: str) -> dict:
    f = scores.filter((pl.col("raw_model_key") == key) & (pl.col("benchmark_id") == benchmark))
    assert f.height == 1, (key, benchmark, f.height)
    return f.row(0, named=True)


def test_registered_and_spec():
    source = get_source("tau2-bench")
    assert source.spec is SPEC and source.discover is discover
    assert [f.name for f in SPEC.files] == [MANIFEST]
    assert SPEC.files[0].url == f"{BASE_URL}/manifest.json"
    assert SPEC.provides == ("scores",) and SPEC.attribution_required


def test_discover_names_the_listed_submissions_in_order(raw_files):
    found = discover({MANIFEST: raw_files[MANIFEST]})
    assert len(found) == 16
    assert found[0].name == "claude-3-7-sonnet_anthropic_2024-06-20/submission.json"
    assert found[-1].name == "qwen3-max_qwen_2026-01-23/submission.json"
    gpt5 = next(f for f in found if f.name == GPT5_FILE)
    assert gpt5.url == f"{BASE_URL}/{GPT5}/submission.json"
    names = {f.name for f in found}
    assert "A_EXAMPLE_new-model_example-org_2025-01-15/submission.json" not in names
    assert "qwen3-max_qwen_2025-10-30/submission.json" not in names  # present in the folder, not listed


def test_discovered_names_can_be_landed_by_the_raw_store(raw_files, tmp_path):
    found = discover({MANIFEST: raw_files[MANIFEST]})
    landed = [FetchedFile(MANIFEST, SPEC.files[0].url, raw_files[MANIFEST])]
    landed += [FetchedFile(f.name, f.url, raw_files[f.name]) for f in found]
    snap = RawStore(tmp_path).write_snapshot("tau2-bench", landed, dt.datetime(2026, 2, 21))
    assert parse(snap.read(), CTX).scores.height == 44


def test_discover_skips_unsafe_and_repeated_ids_and_parse_rejects_them(raw_files):
    hostile = ["../evil", "a/b", "bad\nid", "x" * 201, "..", "a..b", "", 7, None, GPT5, GPT5]
    manifest = orjson.dumps({"submissions": hostile, "last_updated": "2026-01-26T00:00:00Z"})
    assert [f.name for f in discover({MANIFEST: manifest})] == [GPT5_FILE]
    parsed = parse({MANIFEST: manifest, GPT5_FILE: raw_files[GPT5_FILE]}, CTX)
    assert parsed.scores.height == 3 and set(parsed.scores["raw_model_key"]) == {GPT5}
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == len(hostile) - 1
    assert sum("not a safe file name part" in r for r in reasons) == 9
    assert sum("listed more than once" in r for r in reasons) == 1
    assert all(MANIFEST in r for r in reasons)


@pytest.mark.parametrize(
    ("value", "safe"),
    [("gpt-5_sierra_2025-08-09", True), ("qwen3-max_qwen_2024_09_23", True), ("deepseek-v3.2_deepseek_2025-12-01", True),
     ("x" * 200, True), ("x" * 201, False), ("a/b", False), ("..", False), ("a..b", False), (".hidden", False),
     ("tab\tid", False), ("a b", False), ("", False), (3, False)],
)
def test_is_safe_id(value, safe):
    assert is_safe_id(value) is safe


def test_every_listed_domain_result_becomes_an_observation(real):
    assert dict(real.scores.schema) == SCORE_OBSERVATION_COLUMNS
    assert dict(real.rejects.schema) == REJECT_COLUMNS and real.rejects.is_empty()
    assert dict(real.models.schema) == MODEL_RECORD_COLUMNS and real.models.is_empty()
    counts = dict(real.scores.group_by("benchmark_id").len().iter_rows())
    # Claude Opus 4, Opus 4.1, Sonnet 4 and o3 report no telecom result (all pass^k null); Anthropic's three ran
    # the original tau-bench: their retail and airline figures are tau-bench's
    assert counts == {"tau2-bench-retail": 13, "tau2-bench-airline": 13, "tau2-bench-telecom": 12,
                      "tau-bench-retail": 3, "tau-bench-airline": 3}
    assert real.scores["raw_model_key"].n_unique() == 16
    keys = set(real.scores["raw_model_key"])
    assert "A_EXAMPLE_new-model_example-org_2025-01-15" not in keys and "qwen3-max_qwen_2025-10-30" not in keys
    assert set(real.scores["raw_unit"]) == {"percent"}
    assert set(real.scores["benchmark_id"]) <= set(catalog.benchmarks()["id"])
    _, rejects = split_valid(real.scores, ScoreObservationSchema)
    assert rejects.is_empty()


def test_levels_follow_who_submitted(real):
    levels = dict(real.scores.group_by("verification_level").agg(pl.col("raw_model_key").n_unique()).iter_rows())
    # Sierra ran Claude 3.7 Sonnet, GPT-4.1, GPT-4.1-mini, o4-mini, GPT-5 and entered Gemini 3.0 Pro
    assert levels == {"third_party": 6, "provider": 10}
    assert _row(real.scores, GPT5, "tau2-bench-retail")["verification_level"] == "third_party"
    assert _row(real.scores, "kimi-k2_moonshot-ai_2025-07-11", "tau2-bench-telecom")["verification_level"] == "provider"
    # submitted as "Alibaba" for a model_organization "Qwen": the same maker
    assert _row(real.scores, "qwen3-max_qwen_2024_09_23", "tau2-bench-retail")["verification_level"] == "provider"


@pytest.mark.parametrize(
    ("maker", "submitter", "level"),
    [("OpenAI", "Sierra", "third_party"), ("Anthropic", " sierra ", "third_party"), ("Anthropic", "Anthropic", "provider"),
     ("Moonshot AI", "moonshot ai", "provider"), ("Qwen", "Alibaba", "provider"), ("OpenAI", "Some Lab", "community"),
     (None, "Some Lab", "community")],
)
def test_verification_level(maker, submitter, level):
    assert verification_level(maker, submitter) == level


def test_gpt5_facts_and_details(real):
    row = _row(real.scores, GPT5, "tau2-bench-retail")
    assert row["raw_model_name"] == "GPT-5" and row["provider_hint"] == "OpenAI" and row["model_hint"] == "gpt-5"
    assert row["raw_value"] == 81.57894736842105
    assert row["as_of_date"] == dt.date(2025, 8, 9)  # evaluation_date, not submission_date 2025-10-02
    assert row["benchmark_version"] == "0.1.3" and row["variant"] is None
    assert row["source_url"] == f"{BASE_URL}/{GPT5}/submission.json"
    details = orjson.loads(row["details"])
    assert details["pass_4"] == 58.77192982456141 and details["cost_usd_per_task"] == 0.10552710142543861
    assert details["submitting_organization"] == "Sierra" and details["user_simulator"] == "gpt-4.1-2025-04-14"
    assert details["trajectories_available"] is True and details["modified_prompts"] is False
    assert details["as_of_from"] == "methodology.evaluation_date"
    assert _row(real.scores, GPT5, "tau2-bench-telecom")["raw_value"] == 95.83333333333334


def test_custom_scaffold_versions_and_partial_pass_k(real):
    orch = _row(real.scores, "toolorchestra_nvidia_2025-12-02", "tau2-bench-telecom")
    assert orch["raw_model_name"] == "Nemotron-Orchestrator-8B" and orch["raw_value"] == 88.6
    assert orch["variant"] == "custom scaffold" and orch["as_of_date"] == dt.date(2025, 9, 15)
    # Anthropic's Claude 4 submissions ran the original tau-bench: its retail and airline, not tau2-bench's
    opus = _row(real.scores, "claude-opus-4_anthropic_2025-05-22", "tau-bench-retail")
    assert opus["raw_value"] == 81.4 and opus["benchmark_version"] is None
    assert orjson.loads(opus["details"])["tau2_bench_version"] == "original tau-bench"
    assert _row(real.scores, "claude-opus-4_anthropic_2025-05-22", "tau-bench-airline")["raw_value"] == 59.6
    original = real.scores.filter(pl.col("details").str.contains('"tau2_bench_version":"original tau-bench"'))
    assert original.height == 6 and set(original["benchmark_id"]) == {"tau-bench-retail", "tau-bench-airline"}
    assert not real.scores.filter(pl.col("benchmark_id").str.starts_with("tau2-"))["benchmark_version"].is_null().any()
    gemini = _row(real.scores, "gemini-3-pro_google_2025-11-18", "tau2-bench-airline")
    assert gemini["benchmark_version"] == "0.1.3" and gemini["raw_value"] == 73.0  # "v0.1.3" in the file
    assert orjson.loads(gemini["details"])["modified_prompts"] is True
    qwen = orjson.loads(_row(real.scores, "qwen3-max_qwen_2024_09_23", "tau2-bench-airline")["details"])
    assert qwen["pass_2"] == 55.0 and qwen["pass_3"] is None and qwen["pass_4"] == 46.0


def test_no_contact_details_or_prose_in_rows(real):
    for column in ("details", "raw_row"):
        text = " ".join(real.scores[column].to_list())
        for needle in ("sierra.ai", "cornell.edu", "nvidia.com", "contact_info\":{", "Scores were achieved", "arxiv.org"):
            assert needle not in text, (column, needle)
    raw = orjson.loads(_row(real.scores, GPT5, "tau2-bench-airline")["raw_row"])
    assert raw["submission_id"] == GPT5 and raw["domain"] == "airline" and raw["result"]["pass_1"] == 62.5
    assert "contact_info" in raw["omitted"] and "results" not in raw["submission"]


@pytest.mark.parametrize(("given", "expected"), [("0.1.3", "0.1.3"), ("v0.1.3", "0.1.3"), ("V1.0", "1.0"),
                                                 ("original tau-bench", None), ("tau-bench", None), ("a label", "a label"), (None, None)])
def test_benchmark_version(given, expected):
    assert benchmark_version(given) == expected


def test_a_telecom_figure_on_the_original_tau_bench_is_a_reject(raw_files):
    """tau-bench had retail and airline only; a submission saying it ran the original tau-bench and giving a
    telecom figure contradicts itself: the figure is a reject naming the submission and the version."""
    sid = "claude-opus-4_anthropic_2025-05-22"
    name = f"{sid}/submission.json"
    sub = orjson.loads(raw_files[name])
    sub["results"]["telecom"] = {"pass_1": 40.0}
    out = parse({**raw_files, name: orjson.dumps(sub)}, CTX)
    assert out.scores.filter(pl.col("raw_model_key") == sid)["benchmark_id"].sort().to_list() == ["tau-bench-airline", "tau-bench-retail"]
    reasons = out.rejects.filter(pl.col("reason").str.contains(sid))["reason"].to_list()
    assert any("results.telecom" in r and "original tau-bench" in r for r in reasons), reasons


# --- drift, built by editing the real payload in memory ---


def test_unknown_new_fields_are_ignored(raw_files, real):
    def add(body):
        body["leaderboard_rank"] = 3
        body["results"]["retail"]["pass_8"] = 40.0
        body["methodology"]["harness"] = {"name": "x"}

    files = _edited(raw_files, GPT5_FILE, add)
    files = _edited(files, MANIFEST, lambda m: m.update(voice_submissions=["x_y_2026-01-01"]))
    parsed = parse(files, CTX)
    assert parsed.rejects.is_empty()
    assert parsed.scores.drop("raw_row").equals(real.scores.drop("raw_row"))


def test_missing_optional_fields_give_null_and_dates_fall_back(raw_files):
    def strip(body):
        del body["methodology"]["user_simulator"], body["methodology"]["evaluation_date"]
        del body["results"]["retail"]["cost"], body["model_organization"]

    parsed = parse(_edited(raw_files, GPT5_FILE, strip), CTX)
    assert parsed.rejects.is_empty() and parsed.scores.height == 44
    row = _row(parsed.scores, GPT5, "tau2-bench-retail")
    details = orjson.loads(row["details"])
    assert details["user_simulator"] is None and details["cost_usd_per_task"] is None
    assert row["provider_hint"] is None and row["verification_level"] == "third_party"  # still Sierra's run
    assert row["as_of_date"] == dt.date(2025, 10, 2) and details["as_of_from"] == "submission_date"

    def no_dates(body):
        del body["methodology"], body["submission_date"]

    row = _row(parse(_edited(raw_files, GPT5_FILE, no_dates), CTX).scores, GPT5, "tau2-bench-retail")
    assert row["as_of_date"] == dt.date(2026, 1, 26)  # the manifest's last_updated, never invented
    assert orjson.loads(row["details"])["as_of_from"] == "manifest.last_updated"


@pytest.mark.parametrize("required", ["model_name", "submitting_organization", "results"])
def test_missing_required_field_rejects_the_submission(raw_files, required):
    parsed = parse(_edited(raw_files, GPT5_FILE, lambda b: b.pop(required)), CTX)
    assert parsed.scores.height == 41 and GPT5 not in parsed.scores["raw_model_key"].to_list()
    assert parsed.rejects.height == 1
    reason = parsed.rejects["reason"][0]
    assert required in reason and GPT5_FILE in reason and parsed.rejects["stage"][0] == "parse"
    raw = orjson.loads(parsed.rejects["raw_row"][0])
    assert raw["submission_id"] == GPT5 and "contact_info" not in raw["submission"] and "sierra.ai" not in parsed.rejects["raw_row"][0]


@pytest.mark.parametrize("bad", [1e30, "n/a", -3, True])
def test_one_absurd_score_rejects_just_that_row(raw_files, bad):
    parsed = parse(_edited(raw_files, GPT5_FILE, lambda b: b["results"]["airline"].update(pass_1=bad)), CTX)
    assert parsed.scores.height == 43 and parsed.rejects.height == 1
    reason = parsed.rejects["reason"][0]
    assert "results.airline" in reason and "pass_1" in reason and GPT5_FILE in reason
    assert orjson.loads(parsed.rejects["raw_row"][0])["submission_id"] == GPT5


def test_bad_optional_value_is_null_plus_a_reject(raw_files):
    parsed = parse(_edited(raw_files, GPT5_FILE, lambda b: b["results"]["telecom"].update(cost="cheap")), CTX)
    assert parsed.scores.height == 44 and parsed.rejects.height == 1
    assert "cost" in parsed.rejects["reason"][0] and "'cheap'" in parsed.rejects["reason"][0]
    assert orjson.loads(_row(parsed.scores, GPT5, "tau2-bench-telecom")["details"])["cost_usd_per_task"] is None


def test_unknown_domain_with_a_result_is_rejected_without_one_is_not(raw_files):
    def add(body):
        body["results"]["banking_knowledge"] = {"pass_1": 41.2, "pass_2": None}
        body["results"]["voice"] = {"pass_1": None, "pass_2": None}

    parsed = parse(_edited(raw_files, GPT5_FILE, add), CTX)
    assert parsed.scores.height == 44 and parsed.rejects.height == 1
    assert "unknown domain 'banking_knowledge'" in parsed.rejects["reason"][0]


def test_listed_submission_missing_or_unreadable_is_a_reject(raw_files):
    files = dict(raw_files)
    del files[GPT5_FILE]
    files["o3_openai_2025-01-15/submission.json"] = b"\x89PNG not json"
    parsed = parse(files, CTX)
    assert parsed.scores.height == 44 - 3 - 2
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == 2
    assert any(GPT5_FILE in r and "missing from the snapshot" in r for r in reasons)
    assert any("o3_openai_2025-01-15/submission.json" in r and "not valid JSON" in r for r in reasons)


@pytest.mark.parametrize("body", [b"\x89PNG garbage {[", b"[1, 2]", b'{"last_updated": "2026-01-26"}', b'{"submissions": "x"}'])
def test_unreadable_manifest_raises_naming_source_and_file(raw_files, body):
    for call in (lambda: parse({**raw_files, MANIFEST: body}, CTX), lambda: discover({MANIFEST: body})):
        with pytest.raises(SourceParseError) as exc:
            call()
        assert "tau2-bench" in str(exc.value) and MANIFEST in str(exc.value)


def test_missing_manifest_raises():
    with pytest.raises(SourceParseError, match=MANIFEST):
        parse({}, CTX)


# --- the shipped, hand-made snapshot ---


def test_shipped_snapshot_parses_clean_and_matches_the_recording(real):
    manifest = orjson.loads((HAND_MADE / "manifest.json").read_bytes())
    assert manifest["source_id"] == "tau2-bench" and manifest["origin"] == "hand-made"
    files = {e["name"]: (HAND_MADE / e["name"]).read_bytes() for e in manifest["files"]}
    for entry in manifest["files"]:
        assert entry["sha256"] == hashlib.sha256(files[entry["name"]]).hexdigest() and entry["bytes"] == len(files[entry["name"]])
    # exactly what a fetch lands: the spec's file plus the files discover() names, with their URLs
    expected = {MANIFEST: SPEC.files[0].url} | {f.name: f.url for f in discover(files)}
    assert {e["name"]: e["url"] for e in manifest["files"]} == expected
    parsed = parse(files, ParseContext(source_id="tau2-bench", fetched_on=dt.date(2026, 1, 26)))
    assert parsed.rejects.is_empty() and parsed.scores.height == 30
    assert set(parsed.scores["verification_level"]) == {"third_party", "provider"}
    _, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.is_empty()
    for body in files.values():
        assert b"contact_info" not in body and b"notes" not in body and b"references" not in body
    cols = ["raw_model_key", "benchmark_id", "raw_model_name", "variant", "raw_value", "as_of_date", "verification_level", "benchmark_version"]
    joined = parsed.scores.select(cols).join(real.scores.select(cols), on=["raw_model_key", "benchmark_id"], how="left", suffix="_r")
    for c in cols[2:]:
        assert joined[c].to_list() == joined[f"{c}_r"].to_list(), c
