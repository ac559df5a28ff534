"""Parse-ahead: a second process stages a cold build's sources into the parse and fold caches while the run
stages them, and what the run stages is what it stages alone; a worker that fails or is stopped costs the run
nothing."""

from __future__ import annotations

import shutil
import signal
import time
from types import SimpleNamespace

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from registry_pipeline import parse_ahead as pa
from registry_pipeline.assets import source_assets
from registry_pipeline.assets.source_assets import runs_in_process
from registry_pipeline.parse_cache import FRAMES, ParseCache, parse_key
from registry_pipeline.raw_store import RawStore, operator_accepted
from registry_pipeline.sources import get_source
from registry_pipeline.staging import PARSED, STAGED, FoldCache, parse_snapshot, stage_from_store, stage_source
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


def stage(source, store, cache_dir, **caches):
    sid = source.spec.id
    return stage_source(source, store.snapshots(sid), {"mode": "curated"}, RUN, operator_accepted=operator_accepted(store, sid), **caches)


def caches(cache_dir):
    return {"parse_cache": ParseCache(cache_dir / PARSED), "fold_cache": FoldCache(cache_dir / STAGED)}


def test_pending_is_every_source_with_snapshots_to_parse_the_last_staged_first(data, monkeypatch):
    raw, cache_dir = data / "raw", data / "cache"
    store = RawStore(raw)
    todo = pa.pending(sources(), raw, cache_dir / PARSED)
    assert [sid for sid, _ in todo] == sorted(VENDORS, reverse=True)  # staging takes them in key order
    assert {sid: sorted(keys) for sid, keys in todo} == {s: sorted(snap.key for snap in store.snapshots(s)) for s in VENDORS}
    assert sum(len(keys) for _, keys in todo) == 41

    # a snapshot in the parse cache is not to parse again; a source with none left is not in the list
    stage(get_source("vendor-openai"), store, cache_dir, **caches(cache_dir))
    assert [sid for sid, _ in pa.pending(sources(), raw, cache_dir / PARSED)] == ["vendor-qwen", "vendor-mistral", "vendor-anthropic"]

    # a source with a snapshot larger than a batch is left to its step (two parses of a large payload at once add up)
    sizes = {sid: max(snap.size for snap in store.snapshots(sid)) for sid in VENDORS}
    monkeypatch.setattr(pa, "batch_bytes", lambda: sorted(sizes.values())[1])
    small = {sid for sid, size in sizes.items() if size <= sorted(sizes.values())[1]} - {"vendor-openai"}
    assert {sid for sid, _ in pa.pending(sources(), raw, cache_dir / PARSED)} == small and small


def test_what_the_worker_leaves_is_what_staging_stages(data):
    raw, cache_dir = data / "raw", data / "cache"
    folder = pa.write_job(cache_dir, raw, RUN, [sid for sid, _ in pa.pending(sources(), raw, cache_dir / PARSED)])
    summary = pa.work(folder, lambda: False)
    assert (summary["sources"], summary["parsed"], summary["found"]) == (4, 41, 0)
    store = RawStore(raw)
    for source in sources():
        # every snapshot's parse is what staging parses
        for snap in store.snapshots(source.spec.id):
            got = ParseCache(cache_dir / PARSED).get(source.spec.id, parse_key(source, snap))
            want = parse_snapshot(source, snap, RUN)
            for name in FRAMES:
                assert_frame_equal(got[name], getattr(want, name))
        # staged from the worker's caches: only the chosen snapshot read, nothing parsed or folded, and the same
        # frames, status and history as staged alone
        warm_caches = caches(cache_dir)
        warm = stage(source, store, cache_dir, **warm_caches)
        cold = stage(source, store, cache_dir)
        assert (warm_caches["parse_cache"].hits, warm_caches["parse_cache"].misses) == (1, 0)
        assert warm.status == cold.status
        for name in ("models", "scores", "rejects", "history", "model_history"):
            assert_frame_equal(getattr(warm, name), getattr(cold, name))


def test_the_worker_skips_what_staging_staged_first_and_stops_when_asked(data):
    raw, cache_dir = data / "raw", data / "cache"
    todo = pa.pending(sources(), raw, cache_dir / PARSED)
    # staging staged vendor-openai meanwhile (its caches have it when the worker comes to it)
    stage(get_source("vendor-openai"), RawStore(raw), cache_dir, **caches(cache_dir))
    folder = pa.write_job(cache_dir, raw, RUN, [sid for sid, _ in todo])
    summary = pa.work(folder, lambda: False)
    assert (summary["sources"], summary["parsed"], summary["found"]) == (3, 29, 1)

    # asked to stop, it ends after the source it is on: the first, not the others
    shutil.rmtree(cache_dir / PARSED)
    shutil.rmtree(cache_dir / STAGED)
    calls = []
    summary = pa.work(folder, lambda: calls.append(1) or len(calls) > 1)
    assert (summary["sources"], summary["parsed"]) == (1, 9)  # vendor-qwen's 9 versions
    assert {p.parent.name for p in entries(cache_dir / PARSED)} == {"vendor-qwen"}
    assert {p.parent.name for p in entries(cache_dir / STAGED)} == {"vendor-qwen"}


def test_a_worker_process_stages_ahead_and_says_what_it_did(data):
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
    assert summary["parsed"] == 41 and len(entries(cache_dir / PARSED)) == 41 and len(entries(cache_dir / STAGED)) == 4
    assert said[0].startswith("parse-ahead: 41 snapshots of 4 sources to parse")
    assert said[-1].startswith("parse-ahead: a second process staged 4 sources into the caches in ")
    assert said[-1].endswith("parsing 41 of the 41 snapshots to parse (0 sources the staging steps had staged first)")
    assert pa.stop_running() is None  # stopped once
    # the next run has nothing to parse: no worker
    assert pa.start(sources(), raw, cache_dir, RUN) is None


def test_too_few_snapshots_to_parse_start_no_worker(tmp_path):
    data = copy_raw(tmp_path, ["vendor-openai"])
    assert pa.start([get_source("vendor-openai")], data / "raw", data / "cache", RUN) is None
    assert not (data / "cache" / pa.FOLDER).exists()


def test_a_worker_that_cannot_start_is_no_error(data):
    (data / "cache").mkdir()
    (data / "cache" / pa.FOLDER).write_text("a file where the worker's folder goes")  # mkdir fails, as on a read-only disk
    said = []
    assert pa.start(sources(), data / "raw", data / "cache", RUN, log=said.append) is None
    assert len(said) == 1 and said[0].startswith("parse-ahead: not started (")
    assert pa.stop_running() is None


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
    while not entries(cache_dir / PARSED) and time.monotonic() < deadline and worker.proc.poll() is None:
        time.sleep(0.01)
    said, warned = [], []
    pa.stop_running(log=said.append, warn=warned.append)
    assert worker.proc.returncode in (0, -signal.SIGTERM) and not warned
    parse_root = cache_dir / PARSED
    assert not list(parse_root.glob("*/.*")) and not list((cache_dir / STAGED).glob("*/.*"))  # no half-written entry
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
    done = ahead / "cache" / pa.FOLDER / "summary.json"

    def after_the_worker(*args, **kwargs):  # the staging steps wait for the worker: every source comes from its caches
        deadline = time.monotonic() + 120
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return stage_from_store(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(source_assets, "stage_from_store", after_the_worker)
        run_pipeline(ahead)
    summary = pa.orjson.loads(done.read_bytes())
    assert (summary["sources"], summary["parsed"], summary["found"]) == (4, 41, 0)
    assert pa.stop_running() is None  # the build step stopped it

    monkeypatch.setenv("REGISTRY_PARSE_AHEAD", "0")
    alone = copy_raw(tmp_path / "alone", VENDORS)
    run_pipeline(alone)
    assert not (alone / "cache" / pa.FOLDER).exists()
    got, want = tables(ahead), tables(alone)
    assert got.keys() == want.keys()
    for name in want:
        assert_frame_equal(got[name], want[name], check_row_order=False)


def test_a_worker_whose_run_is_gone_ends(data):
    import subprocess
    import sys
    from pathlib import Path

    # a run that starts its worker and dies at once (as under `kill -9`): the worker looks before each source
    script = ("import sys; from pathlib import Path; from registry_pipeline import parse_ahead as pa; "
              "from registry_pipeline.sources import get_source; "
              f"w = pa.start([get_source(s) for s in {VENDORS!r}], Path(sys.argv[1]) / 'raw', Path(sys.argv[1]) / 'cache', 'r'); "
              "print(w.proc.pid, flush=True); import os; os._exit(0)")
    run = subprocess.run([sys.executable, "-c", script, str(data)], capture_output=True, text=True, timeout=120, check=True)
    pid = int(run.stdout.strip())

    def alive() -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 120
    while alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive()
    summary = pa.orjson.loads((data / "cache" / pa.FOLDER / "summary.json").read_bytes())
    assert summary["sources"] <= 1  # it ended before its first source, or after the one it was on
