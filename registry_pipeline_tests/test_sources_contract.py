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
    if "models" in source.spec.provides:
        assert parsed.models.height >= 10
    if "scores" in source.spec.provides:
        known = set(catalog.benchmarks()["id"])
        assert set(parsed.scores["benchmark_id"].unique()) <= known
        assert parsed.scores["source_id"].unique().to_list() == [source.spec.id]
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
