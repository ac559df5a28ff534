"""The warehouse load: one transaction, tables recreated from the build, failures roll back."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from registry_pipeline import frame_store
from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import all_sources
from registry_pipeline.staging import stage_source
from registry_pipeline.transform.build import build_registry
from registry_pipeline.warehouse import load as load_mod
from registry_pipeline_tests.conftest import RAW


@pytest.fixture(scope="module")
def result():
    store = RawStore(RAW)
    return build_registry([stage_source(s, store.snapshots(s.spec.id), {"mode": "offline"}, "test-run") for s in all_sources()])


def count(path, table):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


def test_every_table_holds_the_build(tmp_path, result):
    path = tmp_path / "registry.duckdb"
    counts = load_mod.load_warehouse(path, result)
    for name, frame in load_mod.tables_of(result).items():
        assert counts[name] == frame.height, name
    assert counts["scores"] == result.registry.scores.height > 0


def test_raw_rows_and_details_are_stored_with_zstd_and_read_back_exactly(tmp_path, result):
    """The long JSON text (schema.sql's USING COMPRESSION): every data segment of those columns is zstd,
    and what comes back is what the build holds."""
    path = tmp_path / "registry.duckdb"
    load_mod.load_warehouse(path, result)
    con = duckdb.connect(str(path), read_only=True)
    try:
        segments = con.execute(
            "SELECT t, column_name, list(DISTINCT compression) FROM ("
            + " UNION ALL ".join(f"SELECT '{t}' AS t, * FROM pragma_storage_info('{t}')" for t in ("score_observations", "model_records", "rejects"))
            + ") WHERE column_name IN ('details', 'raw_row') AND segment_type <> 'VALIDITY' GROUP BY ALL"
        ).fetchall()
        stored = con.sql("SELECT observation_id, details::VARCHAR AS details, raw_row FROM score_observations").pl()
    finally:
        con.close()
    assert {(t, c) for t, c, _ in segments} == {("score_observations", "details"), ("score_observations", "raw_row"),
                                                 ("model_records", "raw_row"), ("rejects", "raw_row")}
    assert all(kinds == ["ZSTD"] for _, _, kinds in segments), segments
    built = frame_store.collect(result.observations).select("observation_id", "details", pl.col("raw_row").cast(pl.String))
    joined = built.join(stored, on="observation_id", suffix="_stored")
    assert joined.height == built.height > 0
    assert joined.filter(pl.col("raw_row").ne_missing(pl.col("raw_row_stored"))).is_empty()
    assert joined.filter(pl.col("details").ne_missing(pl.col("details_stored"))).is_empty()


def test_a_build_left_in_its_files_loads_the_same_warehouse(tmp_path, result, monkeypatch):
    """The warehouse asset takes the build as stored frames (io_manager) and streams each table batch by
    batch: every table holds what loading the build from memory gives, row for row."""
    monkeypatch.setattr(frame_store, "BATCH_ROWS", 1000)  # several batches of the observations and the history
    frame_store.save(result, tmp_path / "build")
    stored = frame_store.load(tmp_path / "build", stored=True)
    assert isinstance(stored.observations, frame_store.StoredFrame) and result.observations.height > 2000
    from_memory = load_mod.load_warehouse(tmp_path / "a" / "registry.duckdb", result)
    from_files = load_mod.load_warehouse(tmp_path / "b" / "registry.duckdb", stored)
    assert from_files == from_memory
    assert load_mod.database_problems(tmp_path / "b" / "registry.duckdb", stored) == []
    con = duckdb.connect(str(tmp_path / "a" / "registry.duckdb"), read_only=True)
    try:
        con.execute(f"ATTACH '{tmp_path / 'b' / 'registry.duckdb'}' AS b (READ_ONLY)")
        for table in ("score_observations", "observation_history", "model_records", "source_runs", "rejects", "scores"):
            differ = con.execute(f"SELECT count(*) FROM ((FROM {table} EXCEPT ALL FROM b.{table}) UNION ALL (FROM b.{table} EXCEPT ALL FROM {table}))").fetchone()[0]
            assert differ == 0, table
        # the same rows in the same order (ORDER BY rowid: insertion order)
        ids = "SELECT observation_id FROM {} ORDER BY rowid"
        assert con.execute(ids.format("score_observations")).fetchall() == con.execute(ids.format("b.score_observations")).fetchall()
    finally:
        con.close()


def test_an_older_table_definition_is_replaced(tmp_path, result):
    path = tmp_path / "registry.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table leaderboards (category_slug varchar, model_id varchar)")
    con.execute("insert into leaderboards values ('stale', 'stale')")
    con.close()
    load_mod.load_warehouse(path, result)
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("select count(*) from leaderboards where category_slug = 'stale'").fetchone()[0] == 0
        assert "rank_score" in [r[0] for r in con.execute("describe leaderboards").fetchall()]
    finally:
        con.close()


def test_a_failed_load_leaves_the_previous_warehouse(tmp_path, result, monkeypatch):
    path = tmp_path / "registry.duckdb"
    load_mod.load_warehouse(path, result)
    before = count(path, "score_observations")
    good = load_mod.tables_of

    def broken(res):
        tables = good(res)
        scores = tables["scores"]
        tables["scores"] = pl.concat([scores, scores.head(1)])  # breaks the (model, benchmark) key
        tables["score_observations"] = tables["score_observations"].head(1)
        return tables

    monkeypatch.setattr(load_mod, "tables_of", broken)
    with pytest.raises(duckdb.ConstraintException):
        load_mod.load_warehouse(path, result)
    assert count(path, "score_observations") == before


def test_a_full_disk_fails_the_load_loudly_and_keeps_the_served_warehouse(tmp_path, result):
    """DuckDB can close a database whose last checkpoint the file system refused, leaving the data in a
    write-ahead log a swap would not carry: the load checkpoints explicitly and reads the file back."""
    import resource
    import signal

    path = tmp_path / "registry.duckdb"
    load_mod.load_warehouse(path, result, "before")
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), no signal
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size // 2, hard))
    try:
        with pytest.raises((duckdb.Error, load_mod.WarehouseWriteError), match="File too large|does not hold|left after"):
            load_mod.load_warehouse(path, result, "after")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("select build_id from build_info").fetchall() == [("before",)]
    finally:
        con.close()
    assert not any((tmp_path / ".warehouse-builds").iterdir())


def test_a_database_missing_what_was_written_is_refused(tmp_path, result):
    path = tmp_path / "x.duckdb"
    counts = load_mod.write_database(path, result, "b1")
    load_mod.verify_database(path, "b1", counts)
    with pytest.raises(load_mod.WarehouseWriteError, match="does not hold the build"):
        load_mod.verify_database(path, "b1", {**counts, "scores": counts["scores"] + 1})
    path.with_name(path.name + ".wal").write_bytes(b"")
    with pytest.raises(load_mod.WarehouseWriteError, match="x.duckdb.wal left after closing"):
        load_mod.verify_database(path, "b1", counts)


def test_the_warehouse_check_finds_missing_rows_and_broken_views(tmp_path, result):
    path = tmp_path / "w.duckdb"
    load_mod.write_database(path, result, "b")
    assert load_mod.database_problems(path, result) == []
    con = duckdb.connect(str(path))
    con.execute("delete from scores where rowid in (select rowid from scores limit 1)")
    con.execute("create or replace view model_overview as select error('boom') as x")
    con.close()
    problems = load_mod.database_problems(path, result)
    assert any(p.startswith("table scores: ") for p in problems)
    assert any(p.startswith("view model_overview: ") and "boom" in p for p in problems)


def test_docs_warehouse_is_current():
    """docs/warehouse.md is generated from schema.sql: a new table or column shows up after `make docs`."""
    from registry_pipeline.warehouse.docs import warehouse_markdown
    from registry_pipeline_tests.conftest import REPO

    assert (REPO / "docs" / "warehouse.md").read_text() == warehouse_markdown(), "run `make docs`"


def test_warehouse_docs_take_each_columns_meaning_from_its_ddl_line():
    from registry_pipeline.warehouse.docs import comments

    tables, columns = comments(
        "-- Who lists what.\n-- Two lines.\nCREATE OR REPLACE TABLE t (\n    a VARCHAR,  -- the a\n    b BIGINT, c DOUBLE  -- b and c\n);\n"
        "CREATE OR REPLACE TABLE u (x VARCHAR);  -- one line\n"
    )
    assert tables == {"t": "Who lists what. Two lines.", "u": ""}
    assert columns == {("t", "a"): "the a", ("t", "b"): "b and c", ("t", "c"): "b and c", ("u", "x"): "one line"}


def test_warehouse_docs_read_a_struct_columns_fields_as_its_type_not_as_columns():
    """`leaderboards.rank` was documented with the words of `benchmark_ranks`, whose STRUCT has a field `rank`."""
    from registry_pipeline.warehouse.docs import comments

    _, columns = comments(
        "CREATE OR REPLACE TABLE t (\n    rank BIGINT,  -- 1 = first\n    price DECIMAL(18, 3),  -- a price\n"
        "    ranks STRUCT(benchmark_id VARCHAR, rank BIGINT, tags STRUCT(a VARCHAR)[])[]  -- each benchmark's rank\n);\n"
    )
    assert columns == {("t", "rank"): "1 = first", ("t", "price"): "a price", ("t", "ranks"): "each benchmark's rank"}


def test_observations_and_history_written_in_parts_load_part_by_part(tmp_path, result):
    """A build of many observations hands the observations and the history over in parts (a scratch folder),
    each sorted (sorting them whole in DuckDB cost a third of the load at 10x the recordings): the warehouse
    holds every row of a build made in memory, in the parts' order."""
    staged = [stage_source(s, RawStore(RAW).snapshots(s.spec.id), {"mode": "offline"}, "test-run") for s in all_sources()]
    spilled = build_registry(staged, part_rows=97, scratch=tmp_path / "scratch")
    assert len(spilled.observations.paths) > 3
    load_mod.load_warehouse(tmp_path / "registry.duckdb", spilled)
    con = duckdb.connect(str(tmp_path / "registry.duckdb"), read_only=True)
    try:
        ids = [r[0] for r in con.execute("SELECT observation_id FROM score_observations ORDER BY rowid").fetchall()]
        runs = con.execute("SELECT source_id, snapshot, observation_id FROM observation_history ORDER BY rowid").fetchall()
    finally:
        con.close()
    parts = [pl.read_ipc(path)["observation_id"].to_list() for path in spilled.observations.paths]
    assert ids == [i for part in parts for i in part] and all(part == sorted(part) for part in parts)
    assert sorted(ids) == result.observations["observation_id"].to_list()
    assert sorted(runs) == sorted(result.history.select("source_id", "snapshot", "observation_id").rows())
