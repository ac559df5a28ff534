"""A source's snapshots are parsed side by side and their contracts asked of all of them at once
(`staging.parse_snapshots`): what each snapshot yields must be exactly what it yields parsed alone, its
bad rows quarantined with pandera's reasons, a snapshot that cannot be parsed refused on its own."""

from __future__ import annotations

import dataclasses
import math

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from registry_pipeline import history_runs, staging
from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import get_source
from registry_pipeline_tests.conftest import RAW

SOURCE = "vendor-google"  # the shipped file with the most snapshots (one per edit of the curated file)


def hostile(source, bad: dict[str, str]):
    """The source with a parser that lets through what the contracts refuse, in the snapshots named in `bad`:
    `nan` (a score that is no number), `name` (a model id with an invisible character), `raise` (a payload
    that cannot be parsed)."""

    def parse(files, ctx):
        parsed = source.parse(files, ctx)
        fault = bad.get(ctx.file_sha256["scores.yaml"])
        if fault == "raise":
            raise ValueError("scores.yaml: pages: not a list")
        if fault == "nan":
            first = pl.int_range(pl.len()) == 0
            parsed = dataclasses.replace(parsed, scores=parsed.scores.with_columns(
                raw_value=pl.when(first).then(math.nan).otherwise(pl.col("raw_value"))))
        if fault == "name":
            first = pl.int_range(pl.len()) == 0
            parsed = dataclasses.replace(parsed, models=parsed.models.with_columns(
                raw_model_id=pl.when(first).then(pl.lit("gemini\u202e-pro")).otherwise(pl.col("raw_model_id"))))
        return parsed

    return dataclasses.replace(source, parse=parse)


def assert_same(got, want):
    if isinstance(want, Exception):
        assert isinstance(got, Exception) and str(got) == str(want)
        return
    assert got.snapshot == want.snapshot
    for name in ("models", "scores", "rejects"):
        assert_frame_equal(getattr(got, name), getattr(want, name))


@pytest.fixture(scope="module")
def snapshots():
    snaps = RawStore(RAW).snapshots(SOURCE)[::-1]  # oldest first, as staging folds them
    assert len(snaps) >= 10
    return snaps


def test_snapshots_parsed_together_yield_what_each_yields_alone(snapshots):
    source = get_source(SOURCE)
    together = staging.parse_snapshots(source, snapshots, "r")
    alone = [staging.parse_snapshot(source, snap, "r") for snap in snapshots]
    for got, want in zip(together, alone, strict=True):
        assert_same(got, want)
    assert all(p.scores.height for p in together[-3:]) and not any(p.rejects.height for p in together[-3:])


@pytest.mark.parametrize("faults", [["nan"], ["name"], ["raise"], ["nan", "raise", "name"]])
def test_a_bad_snapshot_among_good_ones_is_judged_alone(snapshots, faults):
    """One snapshot with a row the contracts refuse (or a payload that cannot be parsed) among good ones: its
    row is quarantined with pandera's reason, the others keep every row, and each result is the one it
    gets parsed alone."""
    picks = [snapshots[i] for i in (2, 5, 8)][: len(faults)]
    source = hostile(get_source(SOURCE), {snap.sha256s()["scores.yaml"]: fault for snap, fault in zip(picks, faults)})
    together = staging.parse_snapshots(source, snapshots, "r")
    alone = []
    for snap in snapshots:
        try:
            alone.append(staging.parse_snapshot(source, snap, "r"))
        except Exception as exc:  # noqa: BLE001
            alone.append(exc)
    for got, want in zip(together, alone, strict=True):
        assert_same(got, want)
    for snap, fault in zip(picks, faults):
        got = together[snapshots.index(snap)]
        if fault == "raise":
            assert isinstance(got, ValueError)
            continue
        reasons = got.rejects.filter(pl.col("stage") == "validate")["reason"].to_list()
        assert len(reasons) == 1
        assert ("value_is_finite" in reasons[0]) if fault == "nan" else ("raw_model_id failed no_invisible_characters" in reasons[0])
    clean = [p for snap, p in zip(snapshots, together) if snap not in picks]
    assert all(p.rejects.filter(pl.col("stage") == "validate").is_empty() for p in clean)


def test_staging_asks_the_contracts_once_per_batch_and_stages_the_same(snapshots, monkeypatch):
    """A cold staging of the 19 snapshots asks each contract once for all of them; in batches of one snapshot
    (BATCH_BYTES of 1) it asks each snapshot alone, and stages exactly the same."""
    source = get_source(SOURCE)
    asked: list[int] = []
    passes_each = staging.passes_each
    monkeypatch.setattr(staging, "passes_each", lambda frames, model: asked.append(len(frames)) or passes_each(frames, model))
    together = staging.stage_source(source, snapshots[::-1], {"mode": "offline"}, "r")
    assert asked == [len(snapshots), len(snapshots)]
    monkeypatch.setattr(staging, "BATCH_BYTES", 1)
    asked.clear()
    alone = staging.stage_source(source, snapshots[::-1], {"mode": "offline"}, "r")
    assert asked == []  # a batch of one snapshot is validated as parse_snapshot validates it
    assert together.status == alone.status
    for name in ("models", "scores", "rejects", "history", "model_history"):
        assert_frame_equal(getattr(together, name), getattr(alone, name))
    # batches of at most a third of the files' bytes, in order: every snapshot in exactly one, none over the limit
    limit = sum(snap.size for snap in snapshots) // 3
    monkeypatch.setattr(staging, "BATCH_BYTES", limit)
    batches: list[list[int]] = []
    parse_snapshots = staging.parse_snapshots
    monkeypatch.setattr(staging, "parse_snapshots", lambda src, snaps, run_id: batches.append([s.size for s in snaps]) or parse_snapshots(src, snaps, run_id))
    thirds = staging.stage_source(source, snapshots[::-1], {"mode": "offline"}, "r")
    assert sum(len(b) for b in batches) == len(snapshots) and 3 <= len(batches) <= 6
    assert all(sum(b) <= limit for b in batches if len(b) > 1)
    assert_frame_equal(thirds.history, together.history)


def test_staging_folds_the_snapshots_together_into_the_runs_one_at_a_time_would_make(snapshots, monkeypatch):
    """The 19 accepted snapshots of the curated file are folded in one `fold_many` (their parsed frames are far
    under FOLD_BYTES); when each snapshot's frames fill FOLD_BYTES, one at a time (a large source's waiting
    snapshots would keep their parsed text alive). The runs are the same."""
    source = get_source(SOURCE)
    folded: list[int] = []
    fold_many = history_runs.fold_many
    monkeypatch.setattr(history_runs, "fold_many", lambda runs, snaps, key: folded.append(len(snaps)) or fold_many(runs, snaps, key))
    together = staging.stage_source(source, snapshots[::-1], {"mode": "offline"}, "r")
    assert len([v for v in together.status["verdicts"] if v["accepted"]]) == len(snapshots)
    assert folded == [len(snapshots), len(snapshots)]  # the scores' runs, then the models'
    folded.clear()
    monkeypatch.setattr(staging, "FOLD_BYTES", 1)
    alone = staging.stage_source(source, snapshots[::-1], {"mode": "offline"}, "r")
    assert folded == [1] * 2 * len(snapshots) + [0, 0]  # each as it came; then nothing left
    for name in ("history", "model_history"):
        got, want = getattr(together, name), getattr(alone, name)
        assert_frame_equal(got.sort(got.columns), want.sort(want.columns))
    assert together.history.filter(pl.col("until_snapshot").is_not_null()).height > 0  # some values changed over the edits


def test_a_snapshot_s_size_is_its_files_bytes(snapshots):
    """BATCH_BYTES counts a snapshot's files as its manifest states them, or as they are on disk where an
    older manifest states no size (never 0, which would let a batch grow without bound)."""
    snap = snapshots[-1]
    on_disk = sum((snap.path / name).stat().st_size for name in snap.file_names)
    assert snap.size == on_disk > 1000
    unsized = dataclasses.replace(snap, manifest={**snap.manifest, "files": [
        {k: v for k, v in f.items() if k != "bytes"} for f in snap.manifest["files"]]})
    assert unsized.size == on_disk
