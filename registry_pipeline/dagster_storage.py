"""Dagster's SQLite run and event-log storages, keeping their connections open.

Dagster's own SQLite storages create a SQLAlchemy engine, open the database file, run one statement and
close it again for every event they store. A run of the registry stores about 900 events (steps, inputs,
outputs, materializations, asset checks, log lines), and that opening and closing was a third of `make run`:
29 s against 17-19 s for the full recordings on the project's machine. These classes are Dagster's, with one
engine (a pool of open connections) per database file, kept while the process lives; the files, their
layout under $DAGSTER_HOME and their schema are Dagster's own, so an existing `.dagster_home` is read as it
is. `dagster.yaml` selects them (the Makefile copies it into DAGSTER_HOME).

SQLite allows one writer at a time per file; a pooled connection holds no lock between statements, and
each waits for another process's write as Dagster's do (its busy timeout).

Every file Dagster keeps here is in write-ahead-log mode (Dagster sets it when it creates the file), and the
pooled connections commit with `synchronous=NORMAL`, SQLite's advice for that mode: a commit no longer waits
for the disk (a full-sync commit cost 0.36 ms here, a normal one 0.03 ms, and a run commits ~1,200 times).
A process that dies loses nothing it committed; a power cut or an OS crash can roll back the last commits,
and never corrupts the file.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator

from dagster import StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME, SqliteEventLogStorage
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy import Connection, Engine, create_engine, event

# run-sharded event logs: one file per run; a webserver reads many runs, so only the latest few stay open
MAX_OPEN_FILES = 8


class _Engines:
    """One engine per database URL, the least recently used disposed of past MAX_OPEN_FILES; all of them
    when the process exits (closing a file's last connection folds its write-ahead log into it)."""

    def __init__(self):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._lock = threading.Lock()
        _LIVE.add(self)

    def get(self, url: str) -> Engine:
        with self._lock:
            engine = self._engines.get(url)
            if engine is None:
                engine = self._engines[url] = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
                event.listen(engine, "connect", _commit_without_waiting_for_the_disk)
            self._engines.move_to_end(url)
            while len(self._engines) > MAX_OPEN_FILES:
                self._engines.popitem(last=False)[1].dispose()
            return engine

    def dispose(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()


def _commit_without_waiting_for_the_disk(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


_LIVE: weakref.WeakSet[_Engines] = weakref.WeakSet()


@atexit.register
def _dispose_all() -> None:
    for engines in list(_LIVE):
        engines.dispose()


def _home_dir(dagster_home: str, *parts: str) -> str:
    """Where Dagster's default SQLite storage keeps a store under the instance's home (instance/ref.py)."""
    return os.path.join(dagster_home, *parts, "")


class _InDagsterHome:
    """dagster.yaml configures both storages with the instance's home (`dagster_home: {env: DAGSTER_HOME}`)."""

    @classmethod
    def config_type(cls):
        return {"dagster_home": StringSource}


class PooledSqliteRunStorage(_InDagsterHome, SqliteRunStorage):
    """`SqliteRunStorage` in `<dagster_home>/history/runs.db`, one connection pool for the file."""

    def __init__(self, conn_string: str, inst_data: ConfigurableClassData | None = None):
        self._engines = _Engines()  # before Dagster's __init__, which may already connect
        super().__init__(conn_string, inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value):  # ty: ignore[invalid-method-override]
        return cls.from_local(_home_dir(config_value["dagster_home"], "history"), inst_data=inst_data)

    @contextlib.contextmanager
    def connect(self) -> Iterator[Connection]:
        with self._engines.get(self._conn_string).connect() as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        self._engines.dispose()
        super().dispose()


class PooledSqliteEventLogStorage(_InDagsterHome, SqliteEventLogStorage):
    """`SqliteEventLogStorage` in `<dagster_home>/history/runs/` (a file per run and `index.db`), one
    connection pool per file."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines = _Engines()
        self._present: set[tuple[str, ...]] = set()  # tables and asset-key columns known to exist (has_table)
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value):  # ty: ignore[invalid-method-override]
        return cls(_home_dir(config_value["dagster_home"], "history", "runs"), inst_data=inst_data)

    @contextlib.contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:  # as Dagster's: one statement at a time per storage (its event watcher is a thread)
            engine = self._engines.get(self.conn_string_for_shard(shard))
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def has_table(self, table_name: str) -> bool:
        """Dagster's opens a new connection to the index file for each call, and asks again for every asset
        event and asset check event it stores (227 times in a run, 0.3-0.4 s). A migration only ever adds
        tables, so a table found is remembered until the storage is wiped; one not found is asked again. On a
        pooled connection outside the storage's lock: it is asked inside the storage's own transactions."""
        if ("table", table_name) in self._present:
            return True
        with self._engines.get(self.conn_string_for_shard(INDEX_SHARD_NAME)).connect() as conn:
            found = bool(conn.dialect.has_table(conn, table_name))
        if found:
            self._present.add(("table", table_name))
        return found

    def _has_asset_key_col_on_connection(self, conn: Connection, column_name: str) -> bool:
        """Dagster's inspects the asset keys table for every asset event it stores; remembered as has_table is."""
        if ("asset_keys column", column_name) in self._present:
            return True
        found = super()._has_asset_key_col_on_connection(conn, column_name)
        if found:
            self._present.add(("asset_keys column", column_name))
        return found

    def wipe(self) -> None:
        self._engines.dispose()  # its files are deleted: no connection may keep one open
        self._present.clear()
        super().wipe()

    def dispose(self) -> None:
        self._engines.dispose()
        super().dispose()
