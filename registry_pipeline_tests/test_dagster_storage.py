"""The instance `make run` and `make dev` use (the repository's dagster.yaml): Dagster's SQLite storages with
their connections kept open (registry_pipeline/dagster_storage.py), in the files Dagster's own would use."""

from __future__ import annotations

import shutil
import sqlite3.dbapi2
from pathlib import Path

import pytest
from dagster import (AssetCheckResult, AssetKey, DagsterInstance, Definitions, asset, asset_check, define_asset_job,
                     execute_job, reconstructable)

from registry_pipeline import dagster_storage

ROOT = Path(__file__).resolve().parents[1]
OURS = (ROOT / "dagster.yaml").read_text()  # the repository's: the pooled storages
DAGSTERS_OWN = "telemetry:\n  enabled: false\n"  # a dagster.yaml naming no storage: Dagster's default SQLite ones


@asset
def numbers():
    return [1, 2, 3]


@asset
def total(numbers):
    return sum(numbers)


@asset_check(asset=total)
def total_is_positive(total):
    return AssetCheckResult(passed=total > 0)


def small_job():
    defs = Definitions(assets=[numbers, total], asset_checks=[total_is_positive], jobs=[define_asset_job("small", selection="*")])
    return defs.resolve_job_def("small")


def _home(tmp_path: Path, name: str, yaml_text: str) -> Path:
    home = tmp_path / name
    home.mkdir()
    (home / "dagster.yaml").write_text(yaml_text)
    return home


def _run(home: Path, monkeypatch) -> str:
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with DagsterInstance.get() as instance:
        result = execute_job(reconstructable(small_job), instance=instance, run_config={"execution": {"config": {"in_process": {}}}})
        assert result.success
        return result.run_id


@pytest.fixture
def connects(monkeypatch):
    """Every SQLite connection opened (SQLAlchemy's pysqlite dialect opens them through sqlite3.dbapi2)."""
    opened: list[str] = []
    real = sqlite3.dbapi2.connect

    def counting(*args, **kwargs):
        opened.append(str(args[0] if args else kwargs.get("database")))
        return real(*args, **kwargs)

    monkeypatch.setattr(sqlite3.dbapi2, "connect", counting)
    return opened


def test_make_runs_instance_keeps_its_connections_open_where_dagsters_opens_one_per_event(tmp_path, monkeypatch, connects):
    def per_file(run_id: str) -> tuple[int, int, int]:
        """Connections opened to the run's own event log, to the cross-run index and to the run storage."""
        names = [Path(c).name for c in connects]
        return names.count(f"{run_id}.db"), names.count("index.db"), names.count("runs.db")

    run_id = _run(_home(tmp_path, "ours", OURS), monkeypatch)
    with DagsterInstance.get() as instance:
        assert isinstance(instance.event_log_storage, dagster_storage.PooledSqliteEventLogStorage)
        assert isinstance(instance.run_storage, dagster_storage.PooledSqliteRunStorage)
        events = len(instance.all_logs(run_id))
    ours = per_file(run_id)
    connects.clear()
    run_id = _run(_home(tmp_path, "dagsters", DAGSTERS_OWN), monkeypatch)
    dagsters = per_file(run_id)
    assert events > 15
    assert dagsters[0] >= events and dagsters[1] > 10  # Dagster's own: one connection per event stored, and more
    assert ours[0] <= 3 and ours[1] < dagsters[1] / 2 and ours[2] < dagsters[2] / 2


def test_a_second_run_of_the_same_instance_opens_no_connection_to_the_index(tmp_path, monkeypatch, connects):
    """Dagster asks whether a table exists for every asset event and check it stores, on a new connection each
    time; ours asks on its pooled ones, once per table."""
    monkeypatch.setenv("DAGSTER_HOME", str(_home(tmp_path, "ours", OURS)))
    with DagsterInstance.get() as instance:
        for run in range(2):
            connects.clear()
            result = execute_job(reconstructable(small_job), instance=instance, run_config={"execution": {"config": {"in_process": {}}}})
            assert result.success
            if run == 0:
                assert [Path(c).name for c in connects].count("index.db") >= 1
        assert [Path(c).name for c in connects if Path(c).name != f"{result.run_id}.db"] == []
        assert len(instance.event_log_storage.get_asset_check_execution_history(total_is_positive.check_key, limit=5)) == 2


def _index_rows(home: Path) -> dict[str, int]:
    with sqlite3.connect(home / "history" / "runs" / "index.db") as con:
        return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("event_logs", "asset_keys", "asset_check_executions", "asset_event_tags")}


def test_the_index_holds_what_dagsters_own_storage_puts_there(tmp_path, monkeypatch):
    """Ours remembers which tables exist instead of asking Dagster's way for each event: what lands in the
    cross-run index (asset events, their tags, check executions) is still what Dagster's own storage writes,
    run after run and after a wipe."""
    ours, dagsters = _home(tmp_path, "ours", OURS), _home(tmp_path, "dagsters", DAGSTERS_OWN)
    for home in (ours, dagsters):
        _run(home, monkeypatch)
        _run(home, monkeypatch)
    rows = _index_rows(ours)
    assert rows == _index_rows(dagsters)
    assert rows["asset_check_executions"] == 2 and rows["asset_event_tags"] > 0
    monkeypatch.setenv("DAGSTER_HOME", str(ours))
    with DagsterInstance.get() as instance:
        (execution,) = instance.event_log_storage.get_asset_check_execution_history(total_is_positive.check_key, limit=1)
        assert execution.status.value == "SUCCEEDED"
        instance.event_log_storage.wipe()
    _run(ours, monkeypatch)
    assert _index_rows(ours)["asset_check_executions"] == 1


def test_the_files_are_dagsters_own_and_read_back_by_its_default_storages(tmp_path, monkeypatch):
    ours = _home(tmp_path, "ours", OURS)
    run_id = _run(ours, monkeypatch)
    assert (ours / "history" / "runs.db").is_file() and (ours / "history" / "runs" / f"{run_id}.db").is_file()
    assert not list((ours / "history").rglob("*.db-wal"))  # disposed with the instance: each log folded into its file
    # the same home read by Dagster's default SQLite storages (an older dagster.yaml, `dagster dev` of another checkout)
    theirs = _home(tmp_path, "theirs", DAGSTERS_OWN)
    shutil.copytree(ours / "history", theirs / "history")
    monkeypatch.setenv("DAGSTER_HOME", str(theirs))
    with DagsterInstance.get() as instance:
        assert type(instance.event_log_storage).__name__ == "SqliteEventLogStorage"
        (run,) = instance.get_runs()
        assert run.run_id == run_id and run.is_success
        assert instance.get_latest_materialization_event(AssetKey("total")).asset_materialization is not None
    # and the other way round: a run stored by Dagster's own storages is read by ours
    _run(theirs, monkeypatch)
    (theirs / "dagster.yaml").write_text(OURS)
    with DagsterInstance.get() as instance:
        assert isinstance(instance.run_storage, dagster_storage.PooledSqliteRunStorage)
        assert len(instance.get_runs()) == 2
        assert len(instance.fetch_materializations(AssetKey("total"), limit=10).records) == 2


def test_old_run_files_are_closed_and_a_wipe_deletes_files_no_connection_holds(tmp_path, monkeypatch):
    monkeypatch.setattr(dagster_storage, "MAX_OPEN_FILES", 2)
    home = _home(tmp_path, "ours", OURS)
    run_ids = [_run(home, monkeypatch) for _ in range(3)]
    with DagsterInstance.get() as instance:
        storage = instance.event_log_storage
        for run_id in run_ids:  # each run's own file, then the index
            assert instance.all_logs(run_id)
        assert len(storage._engines._engines) <= 2
        storage.wipe()
        assert sorted(p.name for p in (home / "history" / "runs").glob("*.db")) == ["index.db"]
        assert all(not instance.all_logs(run_id) for run_id in run_ids)


def test_every_pooled_file_is_in_wal_mode_and_commits_without_waiting_for_the_disk(tmp_path, monkeypatch):
    run_id = _run(_home(tmp_path, "ours", OURS), monkeypatch)
    with DagsterInstance.get() as instance:
        events, runs = instance.event_log_storage, instance.run_storage
        for connection in (events.run_connection(run_id), events.index_connection(), runs.connect()):
            with connection as conn:
                mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
                sync = conn.exec_driver_sql("PRAGMA synchronous").scalar()
            assert (mode, sync) == ("wal", 1)  # 1 is NORMAL; Dagster's own connections commit with FULL (2)
    # Dagster's default storage on the same kind of file: write-ahead log too, but every commit synced
    monkeypatch.setenv("DAGSTER_HOME", str(_home(tmp_path, "dagsters", DAGSTERS_OWN)))
    with DagsterInstance.get() as instance, instance.run_storage.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
