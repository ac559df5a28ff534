"""Every registered source's real recording, landed with `record` into a fresh data dir, built offline
through the real Dagster assets: the build completes and every source contributes."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import polars as pl
import pytest

from registry_pipeline.raw_store import RawStore
from registry_pipeline.recording import record
from registry_pipeline.sources import all_sources
from registry_pipeline.sources._settings import off_protocol
from registry_pipeline.transform.leaderboards import BENCHMARK_PRIOR_WEIGHT, MODEL_PRIOR_WEIGHT, estimate_prior_weights, release_key
from registry_pipeline_tests.conftest import RAW
from registry_pipeline_tests.pipeline_runner import run_pipeline

RECORDED_AT = dt.datetime(2026, 2, 21, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared_snapshots):
    data = tmp_path_factory.mktemp("recorded")
    store = RawStore(data / "raw")
    shipped_only = []
    for source in all_sources():
        folder = shared_snapshots / source.spec.id
        if folder.is_dir():
            record(source, [str(folder)], store, RECORDED_AT)
        else:  # no public recording exists (epoch-ai): its shipped, hand-made snapshot stands in
            shutil.copytree(RAW / source.spec.id, store.source_dir(source.spec.id))
            shipped_only.append(source.spec.id)
    result = run_pipeline(data)
    assert result.success
    con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        per_source = con.execute(
            """
            SELECT r.source_id, r.mode, r.model_rows, r.models_defined, r.models_confirmed,
                   (SELECT count(DISTINCT benchmark_id) FROM score_observations o WHERE o.source_id = r.source_id),
                   r.score_rows,
                   (SELECT count(*) FROM score_observations o WHERE o.source_id = r.source_id AND o.model_id IS NOT NULL),
                   (SELECT count(*) FROM scores s WHERE s.source_id = r.source_id),
                   r.reject_rows
            FROM source_runs r ORDER BY r.source_id
            """
        ).fetchall()
        totals = con.execute("SELECT (SELECT count(*) FROM models), (SELECT count(*) FROM scores)").fetchone()
        # every model exists through exactly one source's record; a record names at most one model
        defines = con.execute(
            "SELECT count(*), count(DISTINCT model_id), (SELECT count(*) FROM models) FROM model_sources WHERE role = 'defines'"
        ).fetchone()
        assert defines[0] == defines[1] == defines[2], defines
        provenance = con.execute(
            "SELECT count(*) FROM models m WHERE m.release_date IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM model_field_sources f WHERE f.model_id = m.id AND f.field = 'release_date')"
        ).fetchone()[0]
        assert provenance == 0  # every published release date says where it came from
        scores = con.cursor().sql("SELECT model_id, benchmark_id, normalized_score, variant, benchmark_version FROM scores").pl()
    finally:
        con.close()
    return per_source, totals, shipped_only, scores


def test_every_recording_builds_offline(built, capsys):
    per_source, (models, scores), shipped_only, _ = built
    with capsys.disabled():
        print(f"\n{'source':<26}{'mode':<9}{'records':>8}{'defines':>8}{'confirms':>9}{'benchmarks':>11}{'observations':>13}{'resolved':>9}{'published':>10}{'rejects':>8}")
        for sid, mode, model_rows, defined, confirmed, benchmarks, observations, resolved, published, rejects in per_source:
            note = "  (shipped snapshot: no recording)" if sid in shipped_only else ""
            print(f"{sid:<26}{mode:<9}{model_rows:>8}{defined:>8}{confirmed:>9}{benchmarks:>11}{observations:>13}{resolved:>9}{published:>10}{rejects:>8}{note}")
        print(f"registry: {models} models, {scores} published scores")
    by_id = {row[0]: row for row in per_source}
    assert set(by_id) == {s.spec.id for s in all_sources()}
    for source in all_sources():
        sid, mode, model_rows, _, _, benchmarks, observations, *_ = by_id[source.spec.id]
        assert mode == ("curated" if source.spec.curated else "offline"), (sid, mode)
        if "scores" in source.spec.provides and not source.spec.curated:
            assert observations > 0 and benchmarks > 0, sid
        if "models" in source.spec.provides and not source.spec.curated:
            assert model_rows > 0, sid
        if source.spec.curated:  # a vendor file: figures, the models its pages released (vendor-ibm), or both
            assert observations + model_rows > 0 and (benchmarks > 0) == (observations > 0), sid
    assert models > 100 and scores > 500


def test_the_leaderboards_prior_weights_are_those_of_every_recording(built):
    """MODEL_PRIOR_WEIGHT and BENCHMARK_PRIOR_WEIGHT are the weights estimated on the All board of this build
    (every published score under its benchmark's protocol), rounded (2026-12-06: 0.1852 and 0.1445; 0.2087 and 0.1525 before the Open LLM Leaderboard's
    official repos were models). A new
    source moves the estimate a little, which matters little; when it moves by more than a tenth, re-estimate
    them and set the constants to the new estimate, rounded."""
    scores = built[3].filter(~off_protocol(pl.col("variant"))).with_columns(
        category_slug=pl.lit("all"), benchmark_id=release_key(pl.col("benchmark_version"), pl.col("benchmark_id")))
    km, kb = estimate_prior_weights(scores)
    assert km == pytest.approx(MODEL_PRIOR_WEIGHT, rel=0.1) and kb == pytest.approx(BENCHMARK_PRIOR_WEIGHT, rel=0.1), (km, kb)
