"""The full real recordings (not the hand-made snapshot) through parse, build and publish."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from registry_pipeline.publish.routes import schema_for_url
from registry_pipeline.publish.schemas import validator
from registry_pipeline.publish.writer import publish
from registry_pipeline.sources import get_source
from registry_pipeline.staging import stage_source
from registry_pipeline.transform.build import build_registry
from registry_pipeline_tests.recorded import FilesSnapshot

RECORDINGS = {
    "models-dev": ("models-dev/api.json", "api.json"),
    "aider": ("aider/polyglot_leaderboard.yml", "polyglot_leaderboard.yml"),
    "artificial-analysis": ("artificial-analysis/docs-example-response.json", "models.json"),
}


@pytest.fixture(scope="module")
def result(shared_snapshots):
    staged = [
        stage_source(get_source(sid), [FilesSnapshot({name: (shared_snapshots / rel).read_bytes()}, dt.date(2026, 2, 21))], {"mode": "offline"}, "rec")
        for sid, (rel, name) in RECORDINGS.items()
    ]
    return build_registry(staged)


def test_models_collapse_to_makers_and_scores_resolve(result):
    models = result.registry.models
    assert 150 < models.height < 1000  # 3,031 provider rows -> the makers' own models
    assert models["id"].is_unique().all()
    # only the five rows whose cache-read price is above their input price (that field nulled, the rows kept)
    assert result.rejects.filter(pl.col("source_id") == "models-dev")["reason"].str.contains("cost.cache_read").sum() == 5
    md = result.rejects.filter(pl.col("source_id") == "models-dev")
    # and the five routers (test_source_models_dev.ROUTERS), and the hosts' placeholder cutoffs (6) and listing days (7)
    assert md.filter(pl.col("stage") == "parse").height == 5 + 5 + 6 + 7
    # the others are listings' release dates that are no candidate (model_metadata.release_date_faults), and
    # training cutoffs after the model's release (model_metadata.cutoff_after_release)
    later = md.filter(pl.col("stage") != "parse")
    dates = later["reason"].str.contains(r": release_date \d{4}-\d{2}-\d{2} ")
    cutoffs = later["reason"].str.contains(r": training_cutoff \d{4}-\d{2} is not before the release of ")
    assert dates.any() and cutoffs.any() and (dates | cutoffs).all()
    obs = result.observations.filter(pl.col("source_id") == "aider")
    assert obs.height == 69
    resolved = obs.filter(pl.col("model_id").is_not_null())
    assert resolved.height >= 35  # the rest are architect pairs, stealth models, moving aliases, no maker record
    # everything not resolved is waiting for review, nothing vanished
    assert result.review.filter(pl.col("source_id") == "aider")["observations"].sum() == obs.height - resolved.height
    o3 = result.registry.scores.filter((pl.col("model_id") == "o3") & (pl.col("benchmark_id") == "gpqa-diamond"))
    assert o3.is_empty()  # the docs example is o3-mini, not o3
    mini = result.registry.scores.filter((pl.col("model_id") == "o3-mini") & (pl.col("benchmark_id") == "gpqa-diamond"))
    assert mini["score"].to_list() == [pytest.approx(74.8)]


def test_published_api_of_the_recordings_is_valid(result, tmp_path):
    published = publish(result.registry, tmp_path / "api", dt.datetime(2026, 2, 21, tzinfo=dt.timezone.utc), durable=False)
    for url, route in published.routes.items():
        name = schema_for_url(url)
        data = (tmp_path / "api" / route.file).read_bytes()
        if name is None:
            continue
        validator(name).validate(json.loads(data))
        if name == "model-slice":
            assert len(data) < 1024, url
