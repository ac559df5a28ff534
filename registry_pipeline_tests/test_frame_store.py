"""Step outputs on disk (`frame_store`, the job's IO manager): what is loaded is what was saved, frames
as Arrow IPC files beside a pickled skeleton; a new output replaces the old one whole, and a failed write
leaves the old one readable."""

from __future__ import annotations

import dataclasses
import os
import pickle

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from registry_pipeline import frame_store
from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import get_source
from registry_pipeline.staging import STAGED_SCORE_COLUMNS, stage_source
from registry_pipeline.transform.build import StagedSource
from registry_pipeline_tests.conftest import copy_raw


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> list[StagedSource]:
    """Two shipped sources staged as a run stages them: aider (scores only) and models.dev (model records)."""
    raw = RawStore(copy_raw(tmp_path_factory.mktemp("raw"), ["aider", "models-dev"]) / "raw")
    return [stage_source(get_source(s), raw.snapshots(s), {"mode": "offline"}, "run-1") for s in ("aider", "models-dev")]


def assert_same(a: StagedSource, b: StagedSource) -> None:
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, pl.DataFrame):
            assert_frame_equal(x, y)
        else:
            assert x == y, f.name


def test_staged_sources_round_trip(staged, tmp_path):
    aider, models_dev = staged
    assert aider.scores.height > 30 and models_dev.models.height > 30  # the shipped snapshots
    folder = tmp_path / "staged" / "aider"
    frame_store.save(aider, folder)
    back = frame_store.load(folder)
    assert isinstance(back, StagedSource)
    assert_same(aider, back)
    # the raw row stays dictionary-encoded (one copy per source row) and the frames are files, not pickled
    assert back.scores.schema == pl.Schema(STAGED_SCORE_COLUMNS)
    files = sorted(p.name for p in folder.iterdir())
    frames = [n for n in files if n.endswith(".arrow")]
    assert len(frames) == sum(isinstance(getattr(aider, f.name), pl.DataFrame) for f in dataclasses.fields(aider))
    skeleton = pickle.loads((folder / frame_store.SKELETON).read_bytes())
    assert not any(isinstance(getattr(skeleton, f.name), pl.DataFrame) for f in dataclasses.fields(skeleton))
    assert skeleton.status == aider.status


@dataclasses.dataclass(frozen=True)
class Holder:
    by_source: dict
    parts: list
    nothing: pl.DataFrame | None = None


def test_nested_frames_in_frozen_dataclasses_dicts_and_lists(staged, tmp_path):
    aider, models_dev = staged
    holder = Holder({"aider": aider, "models-dev": models_dev}, [aider.scores.head(3), "text", 7])
    frame_store.save(holder, tmp_path / "holder")
    back = frame_store.load(tmp_path / "holder")
    assert back.nothing is None and back.parts[1:] == ["text", 7]
    assert_frame_equal(back.parts[0], aider.scores.head(3))
    for key, source in holder.by_source.items():
        assert_same(source, back.by_source[key])
    # saving never altered the object saved
    assert isinstance(holder.by_source["aider"].scores, pl.DataFrame)


def test_a_new_output_replaces_the_old_one_whole(staged, tmp_path):
    aider, models_dev = staged
    folder = tmp_path / "out"
    folder.parent.mkdir(exist_ok=True)
    folder.write_bytes(pickle.dumps({"what Dagster's default IO manager": "left here"}))  # a file in the way
    frame_store.save(models_dev, folder)
    frame_store.save(aider, folder)
    assert_same(aider, frame_store.load(folder))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary or old folder left


def test_during_a_run_replaced_outputs_are_removed_when_it_ends(staged, tmp_path):
    """Within `removals_after_the_run` (a whole run, `execute_registry_run`) an output replaced is set aside,
    not removed, until the run ends: no inode freed mid-run (see the function). Readers see the new output."""
    aider, models_dev = staged
    folder = tmp_path / "out"
    with frame_store.removals_after_the_run():
        frame_store.save(models_dev, folder)
        frame_store.save(aider, folder)
        assert_same(aider, frame_store.load(folder))
        assert sorted(p.name for p in tmp_path.iterdir()) == [f".out.old-{os.getpid()}", "out"]
        with frame_store.removals_after_the_run():  # nested: the outer run's end removes it
            frame_store.save(models_dev, folder)  # again in the same run: the earlier set-aside folder goes now
        assert sorted(p.name for p in tmp_path.iterdir()) == [f".out.old-{os.getpid()}", "out"]
        assert_same(aider, frame_store.load(tmp_path / f".out.old-{os.getpid()}"))
        assert_same(models_dev, frame_store.load(folder))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert_same(models_dev, frame_store.load(folder))
    frame_store.save(aider, folder)  # outside a run, at once, as before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_write_leaves_the_previous_output(staged, tmp_path, monkeypatch):
    aider, models_dev = staged
    folder = tmp_path / "out"
    frame_store.save(aider, folder)
    calls = []

    def full_disk(self, path, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original(self, path, **kwargs)

    original = pl.DataFrame.write_ipc
    monkeypatch.setattr(pl.DataFrame, "write_ipc", full_disk)
    with pytest.raises(OSError, match="No space left"):
        frame_store.save(models_dev, folder)
    monkeypatch.undo()
    assert_same(aider, frame_store.load(folder))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_folders_a_killed_writer_left_are_cleared(staged, tmp_path):
    aider, _ = staged
    folder = tmp_path / "out"
    dead = 2**22 + 12345  # above Linux's default pid_max: no process has it
    for kind in ("tmp", "old", "read"):
        (tmp_path / f".out.{kind}-{dead}").mkdir()
        (tmp_path / f".out.{kind}-{dead}" / "0000.arrow").write_bytes(b"half")
    (tmp_path / f".out.tmp-{os.getpid()}-kept").mkdir()  # not a leftover's name: kept
    frame_store.save(aider, folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".out.tmp-{os.getpid()}-kept", "out"]


def test_stored_frames_read_what_was_saved_in_batches(staged, tmp_path, monkeypatch):
    """An input declared stored (io_manager) gets its frames as files: whole, projected, or batch by batch."""
    aider, _ = staged
    monkeypatch.setattr(frame_store, "BATCH_ROWS", 16)
    frame_store.save(aider, tmp_path / "out")
    back = frame_store.load(tmp_path / "out", stored=True)
    assert isinstance(back.scores, frame_store.StoredFrame) and isinstance(back.models, frame_store.StoredFrame)
    assert back.status == aider.status
    assert back.scores.height == aider.scores.height
    assert_frame_equal(back.scores.lazy().select("raw_model_name", "raw_value").collect(), aider.scores.select("raw_model_name", "raw_value"))
    batches = list(frame_store.arrow(back.scores))
    assert len(batches) == -(-aider.scores.height // 16) and all(b.num_rows <= 16 for b in batches)
    assert_frame_equal(pl.from_arrow(frame_store.arrow(back.scores).read_all()), aider.scores)
    assert_same(aider, frame_store.collected(back))
    assert frame_store.collect(aider.scores) is aider.scores


def test_text_columns_read_from_a_file_without_the_categorical(staged, tmp_path, monkeypatch):
    """`read_text_columns`: a stored frame's columns, its dictionary-encoded raw rows decoded to plain text
    from each batch's own dictionary (the same rows, in order)."""
    aider, _ = staged
    monkeypatch.setattr(frame_store, "BATCH_ROWS", 16)
    assert aider.scores.schema["raw_row"] == pl.Categorical and aider.scores.height > 32
    stored = frame_store.write_part(aider.scores, tmp_path / "scores.arrow")
    back = frame_store.read_text_columns(stored.paths[0], ["raw_value", "raw_row"])
    assert back.schema == pl.Schema({"raw_value": pl.Float64, "raw_row": pl.String})
    assert_frame_equal(back, aider.scores.select("raw_value", pl.col("raw_row").cast(pl.String)))


def test_a_new_output_does_not_take_stored_frames_away_from_their_reader(staged, tmp_path):
    """A warehouse step still streaming the last build while a new build is saved over it reads the one it loaded."""
    aider, models_dev = staged
    folder = tmp_path / "out"
    frame_store.save(aider, folder)
    back = frame_store.load(folder, stored=True)
    frame_store.save(models_dev, folder)
    frame_store.save(models_dev, folder)  # the replaced folder is deleted
    assert_same(aider, frame_store.collected(back))
    assert_same(models_dev, frame_store.load(folder))
    # the reader's files are pinned in a folder of its own process, which a later load replaces
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".out.read-{os.getpid()}", "out"]


def test_a_frame_written_in_parts_is_saved_by_linking_its_files(staged, tmp_path):
    """The build writes its observations part by part to a scratch folder; saving the build links those files
    into the output, which keeps them once the scratch is gone."""
    aider, _ = staged
    scratch = frame_store.scratch_folder(tmp_path / "cache")
    assert scratch.name == f"scratch-{os.getpid()}" and not any(scratch.iterdir())
    half = aider.scores.height // 2
    parts = [frame_store.write_part(aider.scores.head(half), scratch / "a.arrow"),
             frame_store.write_part(aider.scores.tail(-half), scratch / "b.arrow")]
    joined = frame_store.join_parts(parts)
    assert joined.height == aider.scores.height
    frame_store.save(dataclasses.replace(aider, scores=joined), tmp_path / "out")
    assert (tmp_path / "out" / "0001.arrow").stat().st_ino == (scratch / "a.arrow").stat().st_ino  # linked, not copied
    # a later scratch of this process starts empty
    assert frame_store.scratch_folder(tmp_path / "cache") == scratch and not any(scratch.iterdir())
    assert_same(aider, frame_store.load(tmp_path / "out"))
    assert len(frame_store.load(tmp_path / "out", stored=True).scores.paths) == 2


def test_a_staged_source_stored_field_by_field_frees_each_frame_and_writes_the_scores_last(staged, tmp_path, monkeypatch):
    """A staging step hands its frames over as files (`store_fields`): each frame is written, and freed, before
    the next, the scores (their raw rows categorical, whose dictionary is copied while written) last."""
    import weakref

    aider, _ = staged
    own = dataclasses.replace(aider, **{f.name: getattr(aider, f.name).clone() for f in dataclasses.fields(aider)
                                        if isinstance(getattr(aider, f.name), pl.DataFrame)})
    alive = {f.name: weakref.ref(getattr(own, f.name)) for f in dataclasses.fields(own) if isinstance(getattr(own, f.name), pl.DataFrame)}
    assert {"models", "scores", "rejects"} <= set(alive)
    seen = []
    write = frame_store.write_part

    def watched(frame, path):
        seen.append((path.stem, sorted(n for n, ref in alive.items() if ref() is not None)))
        return write(frame, path)

    monkeypatch.setattr(frame_store, "write_part", watched)
    frame_store.store_fields(own, frame_store.scratch_folder(tmp_path / "cache"), last=("scores",))
    assert [name for name, _ in seen][-1] == "scores"
    assert seen[-1][1] == ["scores"]  # every other frame was gone before the scores were written
    assert all(ref() is None for ref in alive.values())
    assert all(isinstance(getattr(own, name), frame_store.StoredFrame) for name in alive)
    frame_store.save(own, tmp_path / "out")
    assert_same(aider, frame_store.load(tmp_path / "out"))
