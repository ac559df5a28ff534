"""The build works on parts of the observations and of the history runs at a time (`PART_ROWS`) and reads
staged frames left in their files (io_manager): neither changes what it builds."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from registry_pipeline import frame_store
from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import all_sources
from registry_pipeline.staging import stage_source
from registry_pipeline.transform import build
from registry_pipeline.transform.build import BuildResult, build_registry
from registry_pipeline_tests.conftest import RAW


@pytest.fixture(scope="module")
def staged():
    store = RawStore(RAW)
    return [stage_source(s, store.snapshots(s.spec.id), {"mode": "offline"}, "test-run") for s in all_sources()]


@pytest.fixture(scope="module")
def whole(staged) -> BuildResult:
    return build_registry(staged)


def frames(result: BuildResult) -> dict[str, pl.DataFrame]:
    out = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    out.update({f"registry.{f.name}": getattr(result.registry, f.name) for f in dataclasses.fields(result.registry)})
    return {name: frame for name, frame in out.items() if isinstance(frame, pl.DataFrame)}


def assert_same_build(a: BuildResult, b: BuildResult, any_order: tuple[str, ...] = ()) -> None:
    left, right = frames(a), frames(b)
    assert left.keys() == right.keys()
    for name in left:
        try:
            assert_frame_equal(left[name], right[name], check_row_order=name not in any_order)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None


def test_observations_and_history_in_parts_build_the_same_registry(staged, whole):
    rows = whole.observations.height
    assert rows > 2_000  # the shipped snapshot: enough rows for several parts
    parts = build.observation_parts(whole.observations, 400)
    assert len(parts) == -(-rows // 400) and sum(p.height for p in parts) == rows
    # a name's observations are in one part: each part's unresolved names are whole
    names = pl.concat([p.select("source_id", "raw_model_name", "model_hint").unique().with_columns(part=pl.lit(i))
                       for i, p in enumerate(parts)])
    assert names.select("source_id", "raw_model_name", "model_hint").is_duplicated().sum() == 0
    in_parts = build_registry(staged, part_rows=400)
    # the unit rejects come part by part; every other frame row for row
    assert_same_build(whole, in_parts, any_order=("rejects",))
    assert whole.history.height > 2_000 and whole.review.height > 0


def test_staged_frames_left_in_their_files_build_the_same_registry(staged, whole, tmp_path):
    stored = []
    for s in staged:
        frame_store.save(s, tmp_path / s.source_id)
        stored.append(frame_store.load(tmp_path / s.source_id, stored=True))
    assert isinstance(stored[0].scores, frame_store.StoredFrame)
    assert_same_build(whole, build_registry(stored))
