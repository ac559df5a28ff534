"""The build works on parts of the observations and of the history runs at a time (`PART_ROWS`) and reads
staged frames left in their files (io_manager): neither changes what it builds."""

from __future__ import annotations

import dataclasses
import gc
import weakref

import pandera.polars as pa
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from registry_pipeline import frame_store
from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import all_sources
from registry_pipeline.staging import stage_source
from registry_pipeline.transform import build, scoring
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
    assert rows > 2_000 and whole.history.height > 2_000 and whole.review.height > 0  # the shipped snapshot
    parts = list(build.observation_parts(staged, 97))
    # every score row is an observation but those whose value a curated erratum removed (they are rejects)
    removed = whole.source_errata.filter(pl.col("field") == "raw_value")["rows_corrected"].sum()
    # Mistral Small 3.2's GPQA Main filed as GPQA Diamond and the vendor files' figures of another set or a base model
    # (Nova Pro's and Llama 3.1 405B's GPQA, Mistral Large 2's MMLU, Qwen3.5's GSM8K and MATH), and eight more of
    # llm-stats' rows of the models its shipped excerpt lists for the shipped pages (Gemma 3n E4B IT's MGSM and
    # ECLeKTic, Mistral Small 3.1's, Magistral Small's, Mistral Large 2's, Nova Pro's); Qwen3's LiveBench 2024-11-25
    # figures are refiled, not removed
    assert removed == 14
    assert len(parts) > 3 and all(p.height < 2 * 97 for p in parts[:-1]) and sum(p.height for p in parts) == rows + removed
    # a large source is sliced: some of its names are in several parts
    names = pl.concat([p.select("source_id", "raw_model_name").unique() for p in parts])
    assert names.is_duplicated().any()
    assert len(list(build.history_parts(staged, 97))) > 3
    in_parts = build_registry(staged, part_rows=97)
    # the unit rejects come part by part; every other frame row for row
    assert_same_build(whole, in_parts, any_order=("rejects",))


def test_parts_written_to_a_scratch_folder_hold_the_same_rows(staged, whole, tmp_path):
    """The build step writes the observations and the history part by part (never holding either whole);
    the warehouse reads them in that order and sorts them as it loads them."""
    spilled = build_registry(staged, part_rows=97, scratch=tmp_path)
    assert isinstance(spilled.observations, frame_store.StoredFrame) and isinstance(spilled.history, frame_store.StoredFrame)
    assert len(spilled.observations.paths) > 3 and all(p.parent == tmp_path for p in spilled.observations.paths)
    observations = spilled.observations.collect()
    assert observations.height == whole.observations.height
    assert_frame_equal(observations.sort("observation_id"), whole.observations)
    assert_frame_equal(spilled.history.collect().sort("source_id", "snapshot", "observation_id"), whole.history)
    # the model records (their raw rows ~1 GB at 100x) wait in a file from the model list's making on, whole
    assert isinstance(spilled.model_records, frame_store.StoredFrame) and spilled.model_records.paths[0].parent == tmp_path
    assert_frame_equal(spilled.model_records.collect(), whole.model_records)
    rest = dataclasses.replace(spilled, observations=whole.observations, history=whole.history, model_records=whole.model_records)
    assert_same_build(whole, rest, any_order=("rejects",))


def test_staged_frames_left_in_their_files_build_the_same_registry(staged, whole, tmp_path):
    stored = []
    for s in staged:
        frame_store.save(s, tmp_path / s.source_id)
        stored.append(frame_store.load(tmp_path / s.source_id, stored=True))
    assert isinstance(stored[0].scores, frame_store.StoredFrame)
    assert_same_build(whole, build_registry(stored))


@pytest.mark.parametrize("scratch", [False, True], ids=["in memory", "stored parts"])
def test_a_quarantined_published_score_keeps_its_source_row(staged, whole, tmp_path, monkeypatch, scratch):
    """Published scores are checked without their source rows; a score the contract quarantines gets its own
    source row back (read from the observations, stored or not), as every reject carries it."""
    target = whole.registry.scores.row(0, named=True)

    class Stricter(build.PublishedScoreSchema):  # a contract one real score fails
        @pa.dataframe_check
        def not_the_target(cls, data) -> pl.LazyFrame:  # noqa: N805
            return data.lazyframe.select(~((pl.col("model_id") == target["model_id"]) & (pl.col("benchmark_id") == target["benchmark_id"])))

    monkeypatch.setattr(build, "PublishedScoreSchema", Stricter)
    result = build_registry(staged, part_rows=97, scratch=tmp_path if scratch else None)
    rejects = result.rejects.filter(pl.col("stage") == "publish")
    assert rejects["reason"].to_list() == ["Stricter: row failed not_the_target"]
    # the source row of the observation that won the pair
    observations = frame_store.collect(result.observations)
    won = observations.filter(
        (pl.col("model_id") == target["model_id"]) & (pl.col("benchmark_id") == target["benchmark_id"])
        & (pl.col("source_id") == target["source_id"]) & (pl.col("raw_value").is_not_null())
    )
    assert rejects["raw_row"].to_list()[0] in won["raw_row"].cast(pl.String).to_list()
    assert rejects["raw_row"].to_list()[0].startswith("{")
    assert result.registry.scores.height == whole.registry.scores.height - 1


def test_a_part_lets_go_of_its_frames_before_the_next_part_is_converted(staged, monkeypatch):
    """Each part's raw rows are a categorical: polars' global categories keep every raw row given them while
    any categorical column is alive, so a frame of one part still held when the next part is read keeps
    every part's raw rows to the end of the build (~1 GB at 100x the recordings). Of a part, only compacted
    text (`_compact`) is kept: its unit rejects as read are gone before the next part is converted."""
    convert, earlier, alive = scoring.to_benchmark_unit, [], []

    def tracked(part, benchmarks):
        gc.collect()
        alive.append([ref() is not None for ref in earlier])
        converted, rejects = convert(part, benchmarks)
        if rejects.schema["raw_row"] == pl.Categorical():  # an observation part's (a history part has no raw rows)
            earlier.append(weakref.ref(rejects))
        return converted, rejects

    monkeypatch.setattr(scoring, "to_benchmark_unit", tracked)
    build_registry(staged, part_rows=97)
    assert len(earlier) > 3 and not any(any(held) for held in alive)


def test_model_bodies_made_a_few_models_at_a_time_are_the_same(whole, monkeypatch):
    import datetime as dt

    from registry_pipeline.publish import builders
    from registry_pipeline.publish.writer import serialize

    at = dt.datetime(2026, 2, 21, tzinfo=dt.timezone.utc)
    registry = whole.registry
    at_once = {url: serialize(body) for url, body in builders.iter_bodies(registry, at)}
    monkeypatch.setattr(builders, "MODELS_AT_ONCE", 7)  # the shipped registry's models in many groups
    grouped = {url: serialize(body) for url, body in builders.iter_bodies(registry, at)}
    assert grouped == at_once
    # every model's detail and slice, each current alias' two bodies among them, made once each
    aliases = builders.current_aliases(registry).height
    assert registry.models.height > 7 * 10 and aliases > 0 and registry.conflicts.height > 0
    models = [url for url in grouped if url.startswith("/api/v1/models/")]
    assert len(models) == 2 * (registry.models.height + aliases)
