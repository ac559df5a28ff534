"""One contract suite over every registered source, generated from the registry: no source skips it."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

from registry_pipeline import catalog
from registry_pipeline.raw_store import RawStore
from registry_pipeline.schemas import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ModelRecordSchema,
    ScoreObservationSchema,
    split_valid,
)
from registry_pipeline.sources import all_sources
from registry_pipeline.sources.base import VERIFICATION_LEVELS, ParseContext, SourceParseError
from registry_pipeline.staging import contract_columns
from registry_pipeline_tests.conftest import RAW

SOURCES = {s.spec.id: s for s in all_sources()}


def test_the_three_first_sources_are_registered():
    assert {"models-dev", "artificial-analysis", "aider"} <= set(SOURCES)


@pytest.fixture(params=sorted(SOURCES), ids=sorted(SOURCES))
def source(request):
    return SOURCES[request.param]


def _parse_shipped(source):
    snaps = RawStore(RAW).snapshots(source.spec.id)
    assert snaps, f"no raw snapshot shipped for {source.spec.id} in data/raw"
    snap = snaps[0]
    ctx = ParseContext(source_id=source.spec.id, fetched_on=snap.fetched_on)
    return snap, source.parse(snap.read(), ctx)


def test_spec_is_complete(source):
    spec = source.spec
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", spec.id)
    assert spec.name and spec.publisher and spec.licence and spec.homepage.startswith("https://")
    assert spec.files and all(f.url.startswith("https://") and f.name for f in spec.files)
    assert spec.default_verification_level in VERIFICATION_LEVELS
    assert not spec.attribution_required or spec.attribution
    assert bool(spec.auth_env_var) == bool(spec.auth_header)


def test_shipped_snapshot_is_intact_and_parses_clean(source):
    snap, parsed = _parse_shipped(source)
    snap.verify()
    assert snap.manifest["source_id"] == source.spec.id
    # the spec's files, plus any the source discovers from them (a manifest's submissions)
    assert {f.name for f in source.spec.files} <= {f["name"] for f in snap.manifest["files"]}
    assert dict(parsed.models.schema) == MODEL_RECORD_COLUMNS
    assert dict(parsed.scores.schema) == SCORE_OBSERVATION_COLUMNS
    assert dict(parsed.rejects.schema) == REJECT_COLUMNS
    rows = parsed.models.height + parsed.scores.height
    assert rows > 0
    _, model_rejects = split_valid(parsed.models, ModelRecordSchema)
    _, score_rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert model_rejects.is_empty() and score_rejects.is_empty()
    # a curated vendor file dates the models its pages released, which may be none of them (vendor-zhipu)
    if "models" in source.spec.provides and not source.spec.curated:
        assert parsed.models.height >= 10
    if "scores" in source.spec.provides:
        known = set(catalog.benchmarks()["id"])
        # a file written before two names of a benchmark were merged may use the former one (vendor-qwen's
        # `videomme`); staged, its rows are the benchmark's
        assert set(parsed.scores["benchmark_id"].unique()) <= known | set(catalog.benchmark_former_ids()["former_id"])
        assert set(contract_columns(parsed)[1]["benchmark_id"].unique()) <= known
        assert set(parsed.scores["source_id"]) <= {source.spec.id}
        # a curated vendor file may cover a handful of models, or only date the models its pages released (vendor-ibm)
        if not source.spec.curated:
            assert parsed.scores["raw_model_key"].n_unique() >= 10


def test_garbage_payload_raises_a_clear_error(source):
    files = {f.name: b"\x89PNG garbage {[" for f in source.spec.files}
    with pytest.raises(SourceParseError) as err:
        source.parse(files, ParseContext(source_id=source.spec.id, fetched_on=dt.date(2026, 1, 1)))
    assert source.spec.id in str(err.value)
    assert any(f.name in str(err.value) for f in source.spec.files)


def test_docs_sources_table_is_current():
    """docs/sources.md is generated from the specs: a new source shows up after `make docs`."""
    from registry_pipeline.catalog import sources_markdown

    doc = RAW.parents[1] / "docs" / "sources.md"
    assert doc.read_text() == sources_markdown(), "run `make docs`"


# --- the same contract on each source's real recording, landed as `record` would land it ---

from registry_pipeline.recording import files_for  # noqa: E402
from registry_pipeline.staging import judge  # noqa: E402
from registry_pipeline.transform import scoring  # noqa: E402
from registry_pipeline_tests.test_source_llm_stats import NO_CONVERSION, OUT_OF_RANGE  # noqa: E402
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS  # noqa: E402

CTX_DAY = dt.date(2026, 2, 21)


@pytest.fixture(params=sorted(SOURCES), ids=sorted(SOURCES))
def recorded(request):
    """(source, parsed frames split by the contracts, parse-stage rejects) of the real recording."""
    source = SOURCES[request.param]
    folder = SHARED_SNAPSHOTS / source.spec.id
    if not folder.is_dir():
        pytest.skip(f"no recording of {source.spec.id} in {SHARED_SNAPSHOTS}")
    files, _ = files_for(source, [str(folder)])
    parsed = source.parse({f.name: f.content for f in files}, ParseContext(source_id=source.spec.id, fetched_on=CTX_DAY))
    models, model_rejects = split_valid(parsed.models, ModelRecordSchema)
    scores, score_rejects = split_valid(parsed.scores, ScoreObservationSchema)
    rejects = pl.concat([parsed.rejects, model_rejects, score_rejects])
    return source, models, scores, rejects


def test_recording_is_accepted_by_the_degraded_payload_guard(recorded):
    """Non-empty, and few enough rejects that the guard accepts it as a first snapshot."""
    source, models, scores, rejects = recorded
    rows = models.height + scores.height
    verdict = judge(source.spec, "recording", rows, rejects.height, None, False)
    assert verdict.accepted, verdict.reason


def test_every_row_carries_its_source_id(recorded):
    source, models, scores, rejects = recorded
    for frame in (models, scores, rejects):
        assert frame["source_id"].null_count() == 0
        assert set(frame["source_id"].unique()) <= {source.spec.id}


def test_rejects_say_why(recorded):
    _, _, _, rejects = recorded
    assert rejects["reason"].null_count() == 0 and (rejects["reason"].str.len_chars() > 10).all()
    assert rejects["raw_row"].null_count() == 0


def test_no_duplicate_keys(recorded):
    _, models, scores, _ = recorded
    assert not models["raw_model_id"].is_duplicated().any()
    assert not scores.select("raw_model_key", "benchmark_id", "benchmark_version").is_duplicated().any()


def test_scores_in_the_benchmark_range_after_unit_conversion(recorded):
    source, _, scores, _ = recorded
    if scores.is_empty():
        assert "scores" not in source.spec.provides
        return
    benchmarks = catalog.benchmarks()
    converted, unit_rejects = scoring.to_benchmark_unit(scores, benchmarks)
    # only llm-stats' two judge scores and three scales of their own divided by a hundred or more (test_source_llm_stats.py)
    expected = sorted(OUT_OF_RANGE + NO_CONVERSION) if source.spec.id == "llm-stats" else []
    assert sorted(unit_rejects["reason"]) == expected
    checked = scoring.with_normalized_score(converted, benchmarks).join(
        benchmarks.select(benchmark_id="id", lo="min_score", hi="max_score", method="normalize_method"), on="benchmark_id"
    )
    bounded = checked.filter(pl.col("method") != "elo")  # an Elo rating has no ceiling; its normalised score is clamped
    out = bounded.filter(~pl.col("score").is_between(pl.col("lo").fill_null(0), pl.col("hi")))
    assert out.is_empty(), out.select("raw_model_name", "benchmark_id", "score").head(5)
    assert checked["normalized_score"].is_between(0, 100).all()


def test_unknown_benchmark_ids_are_rejected_with_a_reason(recorded):
    source, _, scores, _ = recorded
    if scores.is_empty():
        return
    renamed = scores.head(3).with_columns(benchmark_id=pl.lit("no-such-benchmark"))
    converted, unit_rejects = scoring.to_benchmark_unit(pl.concat([renamed, scores.slice(3, 5)]), catalog.benchmarks())
    assert unit_rejects.height == 3 and converted.height == min(5, max(scores.height - 3, 0))
    assert set(unit_rejects["reason"]) == {"unknown benchmark id 'no-such-benchmark'"}
    assert set(unit_rejects["source_id"]) == {source.spec.id}
