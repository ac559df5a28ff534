"""The warehouse and the API always come from the same build: both carry its id, both move together or
neither does; an analyst's open connection never blocks a run nor sees a half-written warehouse; a
corrupt warehouse file is set aside and rebuilt; two runs never overlap."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import duckdb
import pytest

from registry_pipeline import cli
from registry_pipeline.publish import builders, writer
from registry_pipeline.run_lock import RunLockError, run_lock
from registry_pipeline_tests.conftest import copy_raw
from registry_pipeline_tests.pipeline_runner import run_pipeline

SOURCES = ["models-dev", "aider"]


def api_build(data) -> str:
    return cli.served_build(data / "warehouse" / "api")


def warehouse_build(data) -> str:
    con = duckdb.connect(str(data / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        return con.execute("select build_id from build_info").fetchone()[0]
    finally:
        con.close()


@pytest.fixture()
def built(tmp_path):
    data = copy_raw(tmp_path, SOURCES)
    assert run_pipeline(data).success
    return data


def test_warehouse_and_api_carry_one_build_id(built):
    first = api_build(built)
    assert first and warehouse_build(built) == first
    assert run_pipeline(built).success
    assert api_build(built) == warehouse_build(built) != first
    assert not any((built / "warehouse" / ".warehouse-builds").iterdir())  # nothing staged is left behind


@pytest.mark.parametrize("where", ["building the API", "swapping the API in"])
def test_a_failed_publish_moves_neither(built, monkeypatch, where):
    before = api_build(built)
    if where == "building the API":
        monkeypatch.setattr(builders, "iter_bodies", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    else:
        real = os.replace

        def fail_on_api(src, dst, *a, **k):
            if str(dst).endswith(os.sep + "api"):
                raise OSError(28, "No space left on device")
            return real(src, dst, *a, **k)

        monkeypatch.setattr(writer.os, "replace", fail_on_api)
    with pytest.raises(Exception):
        run_pipeline(built)
    monkeypatch.undo()
    assert api_build(built) == warehouse_build(built) == before
    assert not any((built / "warehouse" / ".warehouse-builds").iterdir())


READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1])  # read-write, as `duckdb.connect(path)` opens it: an exclusive lock
    print(con.execute("select build_id from build_info").fetchone()[0], con.execute("select count(*) from models").fetchone()[0], flush=True)
    sys.stdin.readline()  # hold the connection until told
    print(con.execute("select build_id from build_info").fetchone()[0], con.execute("select count(*) from models").fetchone()[0], flush=True)
    con.close()
""")


def test_a_reader_holding_the_database_neither_blocks_nor_breaks(built):
    path = built / "warehouse" / "registry.duckdb"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        before = reader.stdout.readline().split()
        assert before[0] == api_build(built)
        assert run_pipeline(built).success  # the writer never waits on the reader's lock
        after_run = api_build(built)
        assert after_run != before[0] and warehouse_build(built) == after_run
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().split() == before  # the reader's view stayed whole and consistent
    finally:
        reader.kill()
        reader.wait()


@pytest.mark.parametrize("damage", ["zeroed", "truncated", "directory", "garbage"])
def test_a_damaged_warehouse_is_set_aside_and_rebuilt(built, damage):
    path = built / "warehouse" / "registry.duckdb"
    size = path.stat().st_size
    if damage == "zeroed":
        path.write_bytes(b"\0" * size)
    elif damage == "truncated":
        with open(path, "r+b") as fh:
            fh.truncate(size // 3)
    elif damage == "directory":
        path.unlink()
        (path / "junk").mkdir(parents=True)
    else:
        path.write_text("not a database")
    assert run_pipeline(built).success
    assert warehouse_build(built) == api_build(built)
    aside = list(path.parent.glob("registry.duckdb.corrupt-*"))
    # a file that still carries DuckDB's header (truncated) is simply replaced; anything else is kept aside
    assert len(aside) == (0 if damage == "truncated" else 1)


def test_a_second_run_exits_at_once_naming_the_holder(tmp_path, monkeypatch, capsys):
    data = copy_raw(tmp_path, SOURCES)
    monkeypatch.setenv("REGISTRY_DATA_DIR", str(data))
    monkeypatch.setattr(cli, "_run_job", lambda *a: pytest.fail("a run started although the lock was held"))
    with run_lock(data):
        assert cli.main(["run", "--offline"]) == 3
    err = capsys.readouterr().err
    assert f"pid {os.getpid()}" in err and "another run is using" in err
    with run_lock(data):  # released by its holder: the next run takes it
        pass


def test_a_read_only_data_directory_is_named_as_such(tmp_path, monkeypatch):
    real_open = open

    def read_only(path, *a, **k):
        if str(path).endswith(".run.lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr("builtins.open", read_only)
    with pytest.raises(RunLockError, match=r" is not writable \(Permission denied\)"):
        with run_lock(tmp_path):
            pass


def test_parquet_copies_of_every_table_come_with_the_build(built):
    import polars as pl

    folder = built / "warehouse" / "parquet"
    con = duckdb.connect(str(built / "warehouse" / "registry.duckdb"), read_only=True)
    try:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        rows = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
    finally:
        con.close()
    assert sorted(p.stem for p in folder.glob("*.parquet")) == tables
    assert {t: pl.read_parquet(folder / f"{t}.parquet").height for t in tables} == rows
    assert pl.read_parquet(folder / "build_info.parquet")["build_id"].to_list() == [api_build(built)]
    assert run_pipeline(built).success  # the next build swaps in its own copies and drops the old
    assert pl.read_parquet(folder / "build_info.parquet")["build_id"].to_list() == [api_build(built)]
    assert len(list((built / "warehouse" / ".parquet-builds").iterdir())) == 1
