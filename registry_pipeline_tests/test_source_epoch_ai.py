"""Epoch AI Benchmarking Hub parser.

There is no recording of this source in shared/snapshots, so there is no test against a real recording:
the parser is tested on the hand-made snapshot shipped in data/raw/epoch-ai (37 real rows of 9 CSVs of the
export, re-serialised in its published format; see its manifest note) and on in-memory edits of it for
drift. The expected values below were checked by hand against the public copy of the unpacked export
the snapshot was written from (GitHub madhu24raj/bayes-llm-saturation, commit 8698b9ba92fd,
benchmark_data/), not copied from the parser's output.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
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
from registry_pipeline.sources.epoch_ai import SPEC, TABLES, ZIP, parse, split_model_version

REPO = Path(__file__).resolve().parents[1]
HAND_MADE = REPO / "data" / "raw" / "epoch-ai" / "2026-04-19" / "000000"
CTX = ParseContext(source_id="epoch-ai", fetched_on=dt.date(2026, 4, 19))
GPQA, AIDER, CYBENCH, HLE = "gpqa_diamond.csv", "aider_polyglot_external.csv", "cybench_external.csv", "hle_external.csv"


@pytest.fixture(scope="module")
def shipped_zip() -> bytes:
    return (HAND_MADE / ZIP).read_bytes()


@pytest.fixture(scope="module")
def shipped(shipped_zip):
    return parse({ZIP: shipped_zip}, CTX)


def _members(body: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        return {n: z.read(n).decode() for n in z.namelist()}


def _zip(members: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text)
    return buf.getvalue()


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    columns = columns or list(rows[0])
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _edit(shipped_zip: bytes, member: str, edit) -> bytes:
    """The shipped zip with one CSV's rows passed through `edit(rows) -> rows` (columns may change)."""
    members = _members(shipped_zip)
    members[member] = _csv(edit(_rows(members[member])))
    return _zip(members)


def _parse(body: bytes):
    return parse({ZIP: body}, CTX)


def _one(scores: pl.DataFrame, key: str, benchmark: str | None = None) -> dict:
    f = scores.filter(pl.col("raw_model_key") == key)
    if benchmark:
        f = f.filter(pl.col("benchmark_id") == benchmark)
    assert f.height == 1, (key, f.height)
    return f.row(0, named=True)


def _details(row: dict) -> dict:
    return orjson.loads(row["details"])


# --- spec and catalogue ---


def test_registered_and_spec():
    assert get_source("epoch-ai").spec is SPEC
    assert [(f.name, f.url) for f in SPEC.files] == [(ZIP, "https://epoch.ai/data/benchmark_data.zip")]
    assert SPEC.licence == "CC-BY-4.0" and SPEC.attribution_required and SPEC.provides == ("scores",)
    assert SPEC.default_verification_level == "third_party"


def test_every_mapped_benchmark_is_in_the_catalogue():
    known = set(catalog.benchmarks()["id"])
    assert {t.benchmark_id for t in TABLES} <= known
    # reused where the benchmark is the same, not duplicated
    assert {"gpqa-diamond", "hle", "aider-polyglot"} <= {t.benchmark_id for t in TABLES}
    assert len({t.member for t in TABLES}) == len(TABLES) == len({t.benchmark_id for t in TABLES})


# --- the hand-made snapshot shipped in data/raw ---


def test_shipped_snapshot_matches_its_manifest(shipped_zip):
    manifest = orjson.loads((HAND_MADE / "manifest.json").read_bytes())
    assert manifest["source_id"] == "epoch-ai" and manifest["origin"] == "hand-made"
    assert "no recording" in manifest["note"] and "madhu24raj/bayes-llm-saturation" in manifest["note"]
    [entry] = manifest["files"]
    assert entry["name"] == ZIP and entry["url"] == SPEC.files[0].url
    assert entry["sha256"] == hashlib.sha256(shipped_zip).hexdigest() and entry["bytes"] == len(shipped_zip)


def test_shipped_snapshot_parses_clean(shipped):
    assert shipped.rejects.height == 0 and dict(shipped.rejects.schema) == REJECT_COLUMNS
    assert shipped.models.is_empty() and dict(shipped.models.schema) == MODEL_RECORD_COLUMNS
    assert dict(shipped.scores.schema) == SCORE_OBSERVATION_COLUMNS
    counts = dict(shipped.scores.group_by("benchmark_id").len().iter_rows())
    assert counts == {
        "gpqa-diamond": 11, "math-level-5": 3, "otis-mock-aime-2024-2025": 4, "frontiermath-tiers-1-3": 3,
        "frontiermath-tier-4": 2, "simpleqa-verified": 2, "hle": 4, "aider-polyglot": 4, "cybench": 4,
    }
    assert not shipped.scores.select("raw_model_key", "benchmark_id", "benchmark_version").is_duplicated().any()
    assert shipped.scores["benchmark_version"].null_count() == shipped.scores.height
    assert shipped.scores["as_of_date"].null_count() == 0 and set(shipped.scores["source_url"]) == {"https://epoch.ai/benchmarks"}
    _, rejects = split_valid(shipped.scores, ScoreObservationSchema)
    assert rejects.height == 0


def test_units_follow_the_file(shipped):
    units = dict(shipped.scores.select("benchmark_id", "raw_unit").unique().iter_rows())
    assert units.pop("aider-polyglot") == "percent"  # `Percent correct` 0-100
    assert set(units.values()) == {"fraction"}  # mean_score, Accuracy, Unguided % Solved are 0-1


def test_epoch_run_rows(shipped):
    xhigh = _one(shipped.scores, "Ejo6Fy7XYxUDcCwbejfcYX")
    assert (xhigh["raw_model_name"], xhigh["variant"], xhigh["benchmark_id"]) == ("gpt-5.2-2025-12-11", "xhigh", "gpqa-diamond")
    assert xhigh["raw_value"] == 0.914 and xhigh["raw_unit"] == "fraction"
    assert xhigh["as_of_date"] == dt.date(2025, 12, 13)  # Started at 2025-12-13T09:04:00Z, not the release date
    assert xhigh["verification_level"] == "third_party" and xhigh["provider_hint"] == "OpenAI"
    d = _details(xhigh)
    assert d["stderr"] == 0.018 and d["release_date"] == "2025-12-11" and d["model_version"] == "gpt-5.2-2025-12-11_xhigh"
    assert d["log_viewer"].startswith("https://logs.epoch.ai/") and d["file"] == GPQA
    budget = _one(shipped.scores, "Kwwo3UFcPDk6iLAeSeeRaa")
    # its thinking budget, as the registry spells one (ARC Prize's and aider's `thinking-32k`)
    assert (budget["raw_model_name"], budget["variant"], budget["raw_value"]) == ("claude-opus-4-5-20251101", "thinking-32k", 0.860479797979798)
    plain = _one(shipped.scores, "mEkZaYpiurQ6TEMAALK3su")
    assert (plain["raw_model_name"], plain["variant"], plain["raw_value"]) == ("claude-opus-4-5-20251101", None, 0.8068181818181818)


def test_headline_is_mean_score_and_best_score_is_kept(shipped):
    sonnet = _one(shipped.scores, "2t26VSNdsAE5pefQEMP25x")  # claude-3-7-sonnet-20250219_64K, the two differ
    assert sonnet["raw_value"] == 0.7850378787878788 and _details(sonnet)["best_score"] == 0.7973484848484849
    gemini = _one(shipped.scores, "iJp7PgYZa3PiXAV8UWd7MC", "otis-mock-aime-2024-2025")
    assert gemini["raw_value"] == 0.8416666666666667 and _details(gemini)["best_score"] == 0.8472222222222222


def test_dates_fall_back_to_the_release_date(shipped):
    grok = _one(shipped.scores, "A85Zfq2qguE4X9xXBweBHP")  # grok-4-0709 on GPQA: no `Started at`
    assert grok["as_of_date"] == dt.date(2025, 7, 9) and _details(grok)["started_at"] is None
    aider = _one(shipped.scores, "recESWz46G8mPRBRc")  # external row without an evaluation date
    assert aider["as_of_date"] == dt.date(2025, 8, 7)


def test_names_keep_their_path_and_organisation_may_be_empty(shipped):
    assert _one(shipped.scores, "LC5Rhog6wt2PT84CtJ483h")["raw_model_name"] == "openai/gpt-oss-120b"
    assert _one(shipped.scores, "TLsGMRt4tYtWnheLm6jA5s")["raw_model_name"] == "Qwen/Qwen3-235B-A22B-Thinking-2507"
    mini = _one(shipped.scores, "AQF46S9hBhosKPEMy3fyB9")
    assert mini["raw_model_name"] == "gpt-5.4-mini-2026-03-17" and mini["provider_hint"] is None
    webapp = _one(shipped.scores, "manual_gpt_5.2_pro_run_frontiermath_tier_4")
    assert (webapp["raw_model_name"], webapp["variant"], webapp["raw_value"]) == ("gpt-5.2-pro-2025-12-11-webapp", None, 0.313)


def test_external_rows(shipped):
    hle = shipped.scores.filter(pl.col("benchmark_id") == "hle").sort("raw_value", descending=True)
    assert hle["raw_value"].to_list() == [0.37520000000000003, 0.252, 0.1416, 0.068]
    # Claude Opus 4.5 with and without thinking share one model version `..._unknown`: two keys, no variant
    opus = hle.filter(pl.col("raw_model_name") == "claude-opus-4-5-20251101")
    assert opus["raw_model_key"].to_list() == ["recfMdmXCFFRUCxHi", "recxYcr9VmKPUVR3Z"] and opus["variant"].null_count() == 2
    assert [_details(r)["name"] for r in opus.iter_rows(named=True)] == ["claude-opus-4-5-20251101-thinking", "claude-opus-4-5-20251101"]
    assert {_details(r)["setting"] for r in opus.iter_rows(named=True)} == {"unknown"}
    assert _one(shipped.scores, "recyAOwkCQoXPsGUC")["variant"] == "none"  # gpt-5.1 without reasoning
    assert set(hle["verification_level"]) == {"third_party"}
    # aider's own board has gpt-5 (medium) at 86.7 and o3 (high) at 81.3 too
    medium = _one(shipped.scores, "recESWz46G8mPRBRc")
    assert (medium["raw_model_name"], medium["variant"], medium["raw_value"], medium["raw_unit"]) == ("gpt-5-2025-08-07", "medium", 86.7, "percent")
    d = _details(medium)
    assert d["edit_format"] == "diff" and d["percent_cases_well_formed"] == 88.4 and d["cost_per_case_usd"] == 0.079
    assert d["source"] == "Aider LLM Leaderboards"
    assert _one(shipped.scores, "recxVJrYlQfsAsfER")["raw_value"] == 81.3
    thinking = _one(shipped.scores, "recdHPvT3QOnVioE2")
    assert (thinking["raw_model_name"], thinking["variant"], thinking["raw_value"]) == ("DeepSeek-V3.2-Exp", "thinking", 74.2)


def test_maker_documents_are_provider_level(shipped):
    cy = {r["raw_model_key"]: r for r in shipped.scores.filter(pl.col("benchmark_id") == "cybench").iter_rows(named=True)}
    assert cy["recWoHNahp8uxAsGZ"]["verification_level"] == "provider"  # Opus 4.6 System Card
    assert cy["recWoHNahp8uxAsGZ"]["raw_value"] == 0.93 and _details(cy["recWoHNahp8uxAsGZ"])["source"] == "Opus 4.6 System Card"
    assert cy["rec77oHCMurVWgzvd"]["verification_level"] == "provider"  # Grok 4 Model Card
    assert cy["recpAkk0ysXYhjhJu"]["verification_level"] == "third_party"  # Cybench leaderboard
    assert cy["recnDZnKntPQUMNMP"]["verification_level"] == "third_party"
    assert _details(cy["recnDZnKntPQUMNMP"])["subtasks_solved"] == 0.439


def test_raw_row_is_the_csv_row(shipped):
    row = _one(shipped.scores, "recWoHNahp8uxAsGZ")
    raw = orjson.loads(row["raw_row"])
    assert raw["Model version"] == "claude-opus-4-6_unknown" and raw["Unguided % Solved"] == "0.93" and raw["id"] == row["raw_model_key"]


@pytest.mark.parametrize(
    ("model_version", "expected"),
    [
        ("gpt-5.2-2025-12-11_xhigh", ("gpt-5.2-2025-12-11", "xhigh")),
        ("claude-opus-4-5-20251101_32K", ("claude-opus-4-5-20251101", "32K")),
        ("gemini-2.5-flash-preview-09-2025_16k", ("gemini-2.5-flash-preview-09-2025", "16k")),
        ("DeepSeek-V3.2-Exp_thinking", ("DeepSeek-V3.2-Exp", "thinking")),
        ("gpt-5.1-2025-11-13_none", ("gpt-5.1-2025-11-13", "none")),
        ("claude-opus-4-6_unknown", ("claude-opus-4-6", None)),
        ("open_llama_7b", ("open_llama_7b", None)),  # underscores inside a name are not a setting
        ("gemini-3-pro-preview", ("gemini-3-pro-preview", None)),
    ],
)
def test_split_model_version(model_version, expected):
    assert split_model_version(model_version) == expected


# --- drift, built by editing the shipped snapshot in memory ---


def test_unknown_columns_and_files_are_ignored(shipped_zip, shipped):
    def widen(rows):
        return [{**r, "Judge model": "new", "Tokens used": "123"} for r in rows]

    members = _members(_edit(shipped_zip, GPQA, widen))
    members["brand_new_benchmark.csv"] = "Model version,Score,id\nx,0.5,recX\n"
    members["additional_eci_data/eci_scaling.csv"] = "a,b\n1,2\n"
    parsed = _parse(_zip(members))
    cols = [c for c in SCORE_OBSERVATION_COLUMNS if c != "raw_row"]
    assert parsed.rejects.is_empty() and parsed.scores.select(cols).equals(shipped.scores.select(cols))


def test_members_in_a_folder_and_a_byte_order_mark_are_read(shipped_zip, shipped):
    members = {f"benchmark_data/{n}": t for n, t in _members(shipped_zip).items()}
    members[f"benchmark_data/{GPQA}"] = b"\xef\xbb\xbf" + members[f"benchmark_data/{GPQA}"].encode()
    parsed = _parse(_zip(members))
    assert parsed.rejects.is_empty() and parsed.scores.height == shipped.scores.height


def test_missing_optional_columns_give_null(shipped_zip):
    def drop(columns):
        return lambda rows: [{k: v for k, v in r.items() if k not in columns} for r in rows]

    body = _edit(shipped_zip, GPQA, drop({"Started at", "Organization", "stderr", "Log viewer"}))
    members = _members(body)
    members[CYBENCH] = _csv(drop({"Source", "Source link"})(_rows(members[CYBENCH])))
    parsed = _parse(_zip(members))
    assert parsed.rejects.is_empty() and parsed.scores.height == 37
    xhigh = _one(parsed.scores, "Ejo6Fy7XYxUDcCwbejfcYX")
    assert xhigh["as_of_date"] == dt.date(2025, 12, 11)  # the release date, without a run date
    assert xhigh["provider_hint"] is None and _details(xhigh)["stderr"] is None and _details(xhigh)["log_viewer"] is None
    # without `Source` nothing says a row is the maker's claim: the default level
    cy = parsed.scores.filter(pl.col("benchmark_id") == "cybench")
    assert set(cy["verification_level"]) == {"third_party"} and _details(cy.row(0, named=True))["source"] is None


def test_a_missing_required_column_rejects_that_file_only(shipped_zip):
    body = _edit(shipped_zip, GPQA, lambda rows: [{k: v for k, v in r.items() if k != "mean_score"} for r in rows])
    parsed = _parse(body)
    assert "gpqa-diamond" not in set(parsed.scores["benchmark_id"]) and parsed.scores.height == 37 - 11
    [reason] = parsed.rejects["reason"].to_list()
    assert f"{ZIP}:{GPQA}" in reason and "'mean_score'" in reason and "gpqa-diamond" in reason


def test_a_missing_file_is_one_reject(shipped_zip):
    members = _members(shipped_zip)
    del members[HLE]
    parsed = _parse(_zip(members))
    assert "hle" not in set(parsed.scores["benchmark_id"]) and parsed.scores.height == 33
    [reason] = parsed.rejects["reason"].to_list()
    assert HLE in reason and "missing" in reason


def test_an_unreadable_csv_is_one_reject(shipped_zip):
    members = _members(shipped_zip)
    members[AIDER] = b"Model version,Percent correct,id\n\xff\xfe\x00 broken \"quote\n"
    parsed = _parse(_zip(members))
    assert "aider-polyglot" not in set(parsed.scores["benchmark_id"])
    assert parsed.rejects.height == 1 and AIDER in parsed.rejects["reason"][0]


def test_a_corrupt_member_is_one_reject(shipped_zip):
    body = bytearray(shipped_zip)
    info = zipfile.ZipFile(io.BytesIO(shipped_zip)).getinfo(HLE)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)  # the member's compressed bytes
    for i in range(start + 5, start + 40):
        body[i] ^= 0x5A
    parsed = _parse(bytes(body))
    assert "hle" not in set(parsed.scores["benchmark_id"]) and parsed.scores.height == 33
    [reason] = parsed.rejects["reason"].to_list()
    assert HLE in reason and "cannot be extracted" in reason


def test_missing_required_values_reject_their_rows(shipped_zip):
    def blank(rows):
        rows[0]["Model version"] = ""  # gpt-5.2-2025-12-11_xhigh
        rows[1]["mean_score"] = ""  # gpt-5.2-2025-12-11_high
        rows[2]["id"] = ""  # gpt-5.2-2025-12-11_low
        return rows

    parsed = _parse(_edit(shipped_zip, GPQA, blank))
    assert parsed.scores.height == 34 and parsed.rejects.height == 3
    reasons = parsed.rejects["reason"].to_list()
    assert any("'Ejo6Fy7XYxUDcCwbejfcYX'" in r and "'Model version' empty" in r for r in reasons)
    assert any("'3Q6osT8EYezayG7yfxkSpr'" in r and "'mean_score' empty" in r and "gpt-5.2-2025-12-11_high" in r for r in reasons)
    assert any("'id' empty" in r and "line 4" in r for r in reasons)
    assert all(r.startswith(f"{ZIP}:{GPQA}: row id") for r in reasons)
    assert set(parsed.rejects["stage"]) == {"parse"} and set(parsed.rejects["source_id"]) == {"epoch-ai"}


@pytest.mark.parametrize("bad", ["n/a", "nan", "inf", "0.9 (est.)"])
def test_an_unreadable_score_rejects_just_that_row(shipped_zip, bad):
    def spoil(rows):
        rows[3]["Percent correct"] = bad  # DeepSeek-V3.2-Exp_thinking
        return rows

    parsed = _parse(_edit(shipped_zip, AIDER, spoil))
    assert parsed.scores.height == 36
    [reason] = parsed.rejects["reason"].to_list()
    assert "'recdHPvT3QOnVioE2'" in reason and "'Percent correct'" in reason and repr(bad)[1:-1] in reason
    assert orjson.loads(parsed.rejects["raw_row"][0])["Percent correct"] == bad


def test_an_absurd_number_is_refused_by_the_contract_for_that_row_only(shipped_zip):
    def inflate(rows):
        rows[0]["Accuracy"] = "1e30"  # gemini-3-pro-preview on HLE
        return rows

    parsed = _parse(_edit(shipped_zip, HLE, inflate))
    assert parsed.rejects.is_empty() and parsed.scores.height == 37
    valid, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.height == 1 and valid.height == 36
    assert orjson.loads(rejects["raw_row"][0])["id"] == "recXvAi7z6kYifmzb"


def test_a_repeated_id_keeps_its_first_row(shipped_zip):
    parsed = _parse(_edit(shipped_zip, CYBENCH, lambda rows: rows + [{**rows[0], "Unguided % Solved": "0.5"}]))
    assert _one(parsed.scores, "recWoHNahp8uxAsGZ")["raw_value"] == 0.93
    [reason] = parsed.rejects["reason"].to_list()
    assert "'recWoHNahp8uxAsGZ'" in reason and "listed again" in reason and "line 6" in reason


@pytest.mark.parametrize("body", [b"\x89PNG garbage {[", b"", b"Model version,mean_score\nx,0.5\n", b"PK\x03\x04 truncated"])
def test_garbage_raises_naming_source_and_file(body):
    with pytest.raises(SourceParseError) as exc:
        _parse(body)
    assert str(exc.value).startswith(f"epoch-ai: {ZIP}:")


def test_a_zip_without_any_mapped_csv_raises(shipped_zip):
    with pytest.raises(SourceParseError) as exc:
        _parse(_zip({"README.md": "hi", "mmlu_external.csv": "Model version,EM,id\nx,0.5,recX\n"}))
    message = str(exc.value)
    assert "epoch-ai" in message and ZIP in message and "no benchmark CSV readable" in message and "mmlu_external.csv" in message


def test_the_zip_is_required():
    with pytest.raises(SourceParseError) as exc:
        parse({}, CTX)
    assert ZIP in str(exc.value) and "missing" in str(exc.value)
