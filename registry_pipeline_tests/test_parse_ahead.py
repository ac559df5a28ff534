"""Parse-ahead: a second process parses a cold build's snapshots into the parse cache while the run stages, and
what the run stages is what it stages alone; a worker that fails or is stopped costs the run nothing."""

from __future__ import annotations

import shutil
import signal
import time
from types import SimpleNamespace

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from registry_pipeline import parse_ahead as pa
from registry_pipeline.assets.source_assets import runs_in_process
from registry_pipeline.parse_cache import FRAMES, ParseCache, parse_key
from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import get_source
from registry_pipeline.staging import parse_snapshot, stage_source
from registry_pipeline_tests.conftest import copy_raw

# curated files with 9-12 versions each: 41 snapshots, more than MIN_SNAPSHOTS
VENDORS = ["vendor-anthropic", "vendor-mistral", "vendor-openai", "vendor-qwen"]
RUN = "run-parse-ahead"


@pytest.fixture
def data(tmp_path):
    return copy_raw(tmp_path, VENDORS)


def sources():
    return [get_source(s) for s in VENDORS]


def entries(parse_root):
    return sorted(p for p in parse_root.glob("*/*") if p.is_dir())


def test_pending_is_every_uncached_snapshot_the_last_staged_source_first(data, monkeypatch):
    raw, root = data / "raw", data / "cache" / "parsed"
    store = RawStore(raw)
    todo = pa.pending(sources(), raw, root)
    assert [sid for sid, _ in todo] == sorted(VENDORS, reverse=True)  # staging takes them in key order
    assert {sid: sorted(keys) for sid, keys in todo} == {s: sorted(snap.key for snap in store.snapshots(s)) for s in VENDORS}
    assert sum(len(keys) for _, keys in todo) == 41

    # a snapshot in the cache is not to parse again
    openai = get_source("vendor-openai")
    newest = store.snapshots("vendor-openai")[0]
    cache = ParseCache(root)
    parsed = parse_snapshot(openai, newest, RUN)
    cache.put("vendor-openai", parse_key(openai, newest), {"models": parsed.models, "scores": parsed.scores, "rejects": parsed.rejects})
    cache.wait()
    left = dict(pa.pending(sources(), raw, root))
    assert newest.key not in left["vendor-openai"] and len(left["vendor-openai"]) == 11

    # a snapshot larger than a batch is left to staging (two parses of a large payload at once add up)
    sizes = sorted(snap.size for s in VENDORS for snap in store.snapshots(s))
    monkeypatch.setattr(pa, "batch_bytes", lambda: sizes[9])
    small = pa.pending(sources(), raw, root)
    assert 0 < sum(len(k) for _, k in small) <= 10
    assert all(snap.size <= sizes[9] for sid, keys in small for snap in store.snapshots(sid) if snap.key in keys)


def test_what_the_worker_writes_is_what_staging_parses_and_stages(data):
    raw, root = data / "raw", data / "cache" / "parsed"
    folder = pa.write_job(data / "cache" / pa.FOLDER, raw, root, RUN, pa.pending(sources(), raw, root))
    summary = pa.work(folder, lambda: False)
    assert summary["parsed"] == 41 and summary["found"] == 0
    store, cache = RawStore(raw), ParseCache(root)
    for source in sources():
        for snap in store.snapshots(source.spec.id):
            got = cache.get(source.spec.id, parse_key(source, snap))
            want = parse_snapshot(source, snap, RUN)
            for name in FRAMES:
                assert_frame_equal(got[name], getattr(want, name))
        # staged from the worker's entries: nothing parsed, the same frames, status and history as staged alone
        cache = ParseCache(root)
        snaps = store.snapshots(source.spec.id)
        warm = stage_source(source, snaps, {"mode": "curated"}, RUN, parse_cache=cache)
        cold = stage_source(source, snaps, {"mode": "curated"}, RUN)
        assert (cache.hits, cache.misses) == (len(snaps), 0)
        assert warm.status == cold.status
        for name in ("models", "scores", "rejects", "history", "model_history"):
            assert_frame_equal(getattr(warm, name), getattr(cold, name))


def test_the_worker_skips_what_staging_parsed_first_and_stops_when_asked(data):
    raw, root = data / "raw", data / "cache" / "parsed"
    todo = pa.pending(sources(), raw, root)
    # staging parsed vendor-openai meanwhile (the cache has it when the worker comes to it)
    openai, store, cache = get_source("vendor-openai"), RawStore(raw), ParseCache(root)
    for snap in store.snapshots("vendor-openai"):
        parsed = parse_snapshot(openai, snap, RUN)
        cache.put("vendor-openai", parse_key(openai, snap), {"models": parsed.models, "scores": parsed.scores, "rejects": parsed.rejects})
    cache.wait()
    folder = pa.write_job(data / "cache" / pa.FOLDER, raw, root, RUN, todo)
    assert pa.work(folder, lambda: False) == {"parsed": 29, "found": 12, "seconds": pytest.approx(0, abs=60)}

    # asked to stop, it ends after the batch it is on: the first source's snapshots, not the others
    shutil.rmtree(root)
    calls = []
    summary = pa.work(folder, lambda: calls.append(1) or len(calls) > 1)
    assert summary["parsed"] == 9  # vendor-qwen's 9 versions, one batch
    assert {p.parent.name for p in entries(root)} == {"vendor-qwen"}


def test_a_worker_process_parses_ahead_and_says_what_it_did(data):
    raw, cache_dir = data / "raw", data / "cache"
    said = []
    worker = pa.start(sources(), raw, cache_dir, RUN, log=said.append)
    try:
        assert worker is not None and worker.snapshots == 41
        assert pa.start(sources(), raw, cache_dir, RUN) is None  # one worker a process
        worker.proc.wait(120)
    finally:
        summary = pa.stop_running(log=said.append, warn=said.append)
    assert worker.proc.returncode == 0
    assert summary["parsed"] == 41 and len(entries(cache_dir / "parsed")) == 41
    assert said[0].startswith("parse-ahead: 41 snapshots of 4 sources to parse")
    assert said[-1].startswith("parse-ahead: a second process parsed 41 of 41 snapshots into the parse cache")
    assert pa.stop_running() is None  # stopped once
    # the next run has nothing to parse: no worker
    assert pa.start(sources(), raw, cache_dir, RUN) is None


def test_too_few_snapshots_to_parse_start_no_worker(tmp_path):
    data = copy_raw(tmp_path, ["vendor-openai"])
    assert pa.start([get_source("vendor-openai")], data / "raw", data / "cache", RUN) is None
    assert not (data / "cache" / pa.FOLDER).exists()


def test_a_failing_worker_is_a_warning_with_its_error(data, monkeypatch):
    monkeypatch.setattr(pa, "pending", lambda *_: [("no-such-source", ["2026-01-01/000000"])] * pa.MIN_SNAPSHOTS)
    warned, said = [], []
    worker = pa.start(sources(), data / "raw", data / "cache", RUN, log=said.append)
    worker.proc.wait(120)
    assert pa.stop_running(log=said.append, warn=warned.append) is None
    assert worker.proc.returncode == 1
    assert len(warned) == 1 and "exit code 1" in warned[0] and "KeyError: 'no-such-source'" in warned[0]
    assert "nothing is lost" in warned[0]


def test_stopping_a_worker_midway_leaves_only_whole_entries(data):
    raw, cache_dir = data / "raw", data / "cache"
    worker = pa.start(sources(), raw, cache_dir, RUN)
    deadline = time.monotonic() + 120
    while not entries(cache_dir / "parsed") and time.monotonic() < deadline and worker.proc.poll() is None:
        time.sleep(0.01)
    said, warned = [], []
    pa.stop_running(log=said.append, warn=warned.append)
    assert worker.proc.returncode in (0, -signal.SIGTERM) and not warned
    parse_root = cache_dir / "parsed"
    assert not list(parse_root.glob("*/.*"))  # no half-written entry
    for entry in entries(parse_root):
        assert sorted(p.name for p in entry.iterdir()) == sorted(f"{name}.parquet" for name in FRAMES)
        for name in FRAMES:
            pl.read_parquet(entry / f"{name}.parquet")


def test_only_a_run_in_this_process_parses_ahead():
    def context(executor, run_config):
        return SimpleNamespace(job_def=SimpleNamespace(executor_def=SimpleNamespace(name=executor)), run_config=run_config)

    in_process = {"execution": {"config": {"in_process": {}}}}
    assert runs_in_process(context("multi_or_in_process_executor", in_process))  # `make run`
    assert runs_in_process(context("execute_in_process_executor", {}))  # `materialize`, the tests
    assert not runs_in_process(context("multi_or_in_process_executor", {}))  # the UI's runs: a process a step
    assert not runs_in_process(context("multi_or_in_process_executor", {"execution": {"config": {"multiprocess": {}}}}))
    assert not runs_in_process(context("multiprocess", {}))


def test_a_run_parses_ahead_and_builds_what_it_builds_without(tmp_path, monkeypatch):
    import duckdb

    from registry_pipeline_tests.pipeline_runner import run_pipeline

    # what differs from one run to another: the run's id, the build's id and time
    per_run = {"score_observations": "run_id", "source_runs": "run_id", "changes": "generated_at, previous_generated_at"}

    def tables(data_dir):
        with duckdb.connect(str(data_dir / "warehouse" / "registry.duckdb"), read_only=True) as con:
            names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
            return {n: pl.from_arrow(con.sql(f"SELECT * EXCLUDE ({per_run[n]}) FROM {n}" if n in per_run else f"SELECT * FROM {n}")
                                     .to_arrow_table()) for n in names if n != "build_info"}

    ahead = copy_raw(tmp_path / "ahead", VENDORS)
    run_pipeline(ahead)
    summary = pa.orjson.loads((ahead / "cache" / pa.FOLDER / "summary.json").read_bytes())
    assert summary["parsed"] > 0 and summary["parsed"] + summary["found"] <= 41
    assert pa.stop_running() is None  # the build step stopped it

    monkeypatch.setenv("REGISTRY_PARSE_AHEAD", "0")
    alone = copy_raw(tmp_path / "alone", VENDORS)
    run_pipeline(alone)
    assert not (alone / "cache" / pa.FOLDER).exists()
    got, want = tables(ahead), tables(alone)
    assert got.keys() == want.keys()
    for name in want:
        assert_frame_equal(got[name], want[name], check_row_order=False)
