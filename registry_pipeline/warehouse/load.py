"""Load the built registry into DuckDB: a new database file per build, written in one transaction and
swapped in atomically (`warehouse.swap`), never written in place."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from importlib import resources
from pathlib import Path

import duckdb
import polars as pl

from registry_pipeline import frame_store
from registry_pipeline.catalog import BENCHMARK_FORMER_ID_COLUMNS
from registry_pipeline.sources._settings import DEPARTURE, OFF_PROTOCOL, THINKING_OFF
from registry_pipeline.transform.build import BuildResult
from registry_pipeline.transform.changes import CHANGE_COLUMNS
from registry_pipeline.warehouse import swap

SCHEMA_SQL = resources.files(__package__).joinpath("schema.sql")
VIEWS_SQL = resources.files(__package__).joinpath("views.sql")
# One DuckDB thread for the load and the Parquet copies: their work is a few small tables and a checkpoint
# compressing them one by one, and more threads only cost CPU (measured: about 0.1 s more of 1.3 s). A memory
# limit makes DuckDB write the loaded blocks out instead of holding the whole build beside polars' frames
# (make bench at 10x: the warehouse step's peak 4.3 GB -> 3.3 GB, no slower).
WRITE_CONFIG = {"threads": 1, "memory_limit": "1GB"}


def _setting_macro(name: str, pattern: str) -> str:
    """A macro `name(variant)`: whether a setting matches `pattern` (a regular expression of `sources/_settings`)."""
    quoted = pattern.replace("'", "''")
    return f"CREATE OR REPLACE MACRO {name}(variant) AS coalesce(regexp_matches(variant, '{quoted}'), false);"


def off_protocol_macro() -> str:
    """`off_protocol(variant)`: whether a setting departs from its benchmark's protocol, the dedupe's rule
    (`sources/_settings.OFF_PROTOCOL`), for `scores_as_of` and for analysts."""
    return _setting_macro("off_protocol", OFF_PROTOCOL)


def protocol_departures_macro() -> str:
    """`protocol_departures(variant)`: how many of a setting's parts depart from its benchmark's protocol, the
    dedupe's order among departing runs (`sources/_settings.protocol_departures`), for `scores_as_of`."""
    quoted = DEPARTURE.replace("'", "''")
    return ("CREATE OR REPLACE MACRO protocol_departures(variant) AS "
            f"coalesce(len(list_filter(string_split(variant, '; '), lambda p: regexp_matches(p, '{quoted}'))), 0);")


def thinking_off_macro() -> str:
    """`thinking_off(variant)`: whether a setting switches the model's thinking off, the dedupe's rule
    (`sources/_settings.THINKING_OFF`), for `scores_as_of` and for analysts."""
    return _setting_macro("thinking_off", THINKING_OFF)


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """The analysts' views and macros (views.sql), after the macros they use."""
    con.execute(off_protocol_macro())
    con.execute(protocol_departures_macro())
    con.execute(thinking_off_macro())
    con.execute(VIEWS_SQL.read_text())


def source_runs(result: BuildResult) -> pl.DataFrame:
    status = result.registry.source_status
    frame = pl.DataFrame(
        [
            {
                "source_id": sid,
                "run_id": st.get("run_id"),
                "mode": st.get("mode"),
                "snapshot": st.get("snapshot"),
                "fetched_on": st.get("fetched_on"),
                "message": st.get("message"),
                "degraded": bool(st.get("degraded")),
                "refused_snapshots": [r["snapshot"] for r in st.get("refused") or []],
            }
            for sid, st in sorted(status.items())
        ],
        schema={"source_id": pl.String, "run_id": pl.String, "mode": pl.String, "snapshot": pl.String, "fetched_on": pl.String,
                "message": pl.String, "degraded": pl.Boolean, "refused_snapshots": pl.List(pl.String)},
    )
    per_source = [
        result.model_records.lazy().group_by("source_id").agg(model_rows=pl.len()),
        result.model_sources.lazy().group_by("source_id").agg(models_defined=(pl.col("role") == "defines").sum(),
                                                              models_confirmed=(pl.col("role") == "confirms").sum()),
        result.observations.lazy().group_by("source_id").agg(score_rows=pl.len()),
        result.rejects.lazy().group_by("source_id").agg(reject_rows=pl.len()),
    ]
    for counts in per_source:
        frame = frame.join(counts.collect(), on="source_id", how="left")
    counted = ["model_rows", "models_defined", "models_confirmed", "score_rows", "reject_rows"]
    return frame.with_columns(pl.col("fetched_on").str.to_date(), pl.col(counted).fill_null(0).cast(pl.Int64))


SOURCE_SNAPSHOT_COLUMNS: dict[str, pl.DataType] = {
    "source_id": pl.String, "snapshot": pl.String, "fetched_on": pl.Date, "accepted": pl.Boolean, "rows": pl.Int64,
    "rejects": pl.Int64, "reason": pl.String,
}


def source_snapshots(result: BuildResult) -> pl.DataFrame:
    """Every snapshot each source's guard judged (its verdicts); a source staged without verdicts, its staged one."""
    rows = [
        {"source_id": sid, **{k: v.get(k) for k in ("snapshot", "accepted", "rows", "rejects", "reason")}}
        for sid, st in sorted(result.registry.source_status.items())
        for v in (st.get("verdicts") or ([{"snapshot": st["snapshot"], "accepted": True}] if st.get("snapshot") else []))
    ]
    frame = pl.DataFrame(rows, schema={k: t for k, t in SOURCE_SNAPSHOT_COLUMNS.items() if k != "fetched_on"})
    # a snapshot key begins with the day it was fetched (RawStore: YYYY-MM-DD/HHMMSS)
    return frame.with_columns(fetched_on=pl.col("snapshot").str.slice(0, 10).str.to_date(strict=False)).select(list(SOURCE_SNAPSHOT_COLUMNS))


def tables_of(result: BuildResult) -> dict[str, frame_store.Frame]:
    """Every table's frame: in memory, or left in its file by the IO manager (frame_store.StoredFrame)."""
    r = result.registry
    return {
        "sources": r.sources,
        "source_runs": source_runs(result),
        "source_snapshots": source_snapshots(result),
        "categories": r.categories,
        "benchmarks": r.benchmarks,
        "benchmark_former_ids": r.benchmark_former_ids if r.benchmark_former_ids is not None else pl.DataFrame(schema=BENCHMARK_FORMER_ID_COLUMNS),
        "retired_benchmark_ids": result.retired_benchmark_ids,
        "models": r.models,
        "model_records": result.model_records,
        "model_field_sources": result.field_sources,
        "model_providers": result.providers,
        "model_sources": result.model_sources,
        "alias_keys": result.aliases,
        "model_aliases": result.model_aliases,
        "crosswalk": result.crosswalk,
        "retired_model_ids": result.retired_ids,
        "model_review": result.review,
        "score_observations": result.observations,
        "observation_history": result.history,
        "model_record_history": result.model_history,
        "changes": result.registry.changes_log if result.registry.changes_log is not None else pl.DataFrame(schema=CHANGE_COLUMNS),
        "scores": r.scores,
        "score_conflicts": result.conflicts,
        "copied_scores": result.copied,
        "source_errata": result.source_errata,
        "leaderboards": r.leaderboards,
        "rejects": result.rejects,
    }


def column_name(benchmark_id: str) -> str:
    """A benchmark id as a plain SQL identifier: `aider-polyglot` -> `aider_polyglot`, `1x` -> `b_1x`."""
    name = re.sub(r"[^a-z0-9]+", "_", benchmark_id.lower()).strip("_")
    return name if re.match(r"[a-z_]", name) else f"b_{name}"


def wide_view_sql(benchmark_ids: list[str]) -> str:
    """Every model, one row each (models without scores too), one column per catalogue benchmark named
    by `column_name` (no quoting needed), holding its published normalised score. A PIVOT over the listed
    benchmarks: one pass over the scores (one FILTER aggregate per benchmark took seconds to answer)."""
    names = {b: column_name(b) for b in sorted(benchmark_ids)}
    clash = sorted(n for n, k in Counter(names.values()).items() if k > 1)
    if clash or {"model_id", "model_name"} & set(names.values()):
        raise ValueError(f"benchmark ids that become one column name: {clash}")
    scored = ("SELECT m.id AS model_id, m.name AS model_name, s.benchmark_id, s.normalized_score "
              "FROM models m LEFT JOIN scores s ON s.model_id = m.id")
    if names:
        columns = ", ".join(f"'{b.replace(chr(39), chr(39) * 2)}' AS {n}" for b, n in names.items())
        rows = f"PIVOT ({scored}) ON benchmark_id IN ({columns}) USING max(normalized_score) GROUP BY model_id, model_name"
    else:  # a PIVOT needs one column at least
        rows = f"SELECT model_id, model_name FROM ({scored}) GROUP BY model_id, model_name"
    return f"CREATE OR REPLACE VIEW model_benchmark_wide AS SELECT * FROM ({rows}) ORDER BY model_id"


def write_database(path: Path, result: BuildResult, build_id: str | None = None) -> dict[str, int]:
    """Write every table and view into a new database file at `path` (replaced if a stale one is there),
    in one transaction, with `build_info` naming the build; returns row counts per table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    swap.discard(path)
    tables = {**tables_of(result), "build_info": build_info(result, build_id)}
    con = duckdb.connect(str(path), config=WRITE_CONFIG)
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(SCHEMA_SQL.read_text())
        for name, frame in tables.items():
            # a frame in memory as it is, a stored one batch by batch (frame_store.arrow)
            insert_arrow(con, name, frame_store.arrow(frame))
        create_views(con)
        con.execute(wide_view_sql(frame_store.collect(result.registry.benchmarks)["id"].to_list()))
        con.execute("COMMIT")
        counts = row_counts(con, tables)
        con.execute("CHECKPOINT")  # everything into the database file now: a full disk fails here, loudly
    finally:
        con.close()
    verify_database(path, build_id, counts)
    return counts


def insert_arrow(con: duckdb.DuckDBPyConnection, table: str, rows) -> None:
    """`rows` (an Arrow table or record batch reader, read as it is consumed) appended to `table` by column name."""
    con.register("incoming", rows)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
    con.unregister("incoming")


def row_counts(con: duckdb.DuckDBPyConnection, tables) -> dict[str, int]:
    names = list(tables)
    counts = con.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {name})" for name in names)).fetchone()
    return dict(zip(names, counts))


class WarehouseWriteError(RuntimeError):
    """A database file does not hold what was written to it (a write the file system refused)."""


def verify_database(path: Path, build_id: str | None, counts: dict[str, int]) -> None:
    """Reopen the closed file and check that it holds the build (id and row counts) on its own: no
    write-ahead log left beside it, which a swap would not carry along."""
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        raise WarehouseWriteError(f"{path}: {wal.name} left after closing: the database file is incomplete")
    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            found = con.execute("SELECT build_id FROM build_info").fetchall()
            got = row_counts(con, counts)
        finally:
            con.close()
    except duckdb.Error as exc:
        raise WarehouseWriteError(f"{path}: cannot be read back: {exc}") from None
    if found != [(build_id,)] or got != counts:
        wrong = sorted(n for n in counts if got.get(n) != counts[n])
        raise WarehouseWriteError(f"{path}: does not hold the build it was written with (build {found}, tables differing: {wrong})")


def database_problems(path: Path, result: BuildResult) -> list[str]:
    """Each table's rows against the build's frame, and every view answering a query."""
    expected = {name: frame.height for name, frame in tables_of(result).items()}
    con = duckdb.connect(str(path), read_only=True)
    try:
        got = row_counts(con, expected)
        problems = [f"table {n}: {got[n]} rows, the build has {rows}" for n, rows in expected.items() if got[n] != rows]
        views = [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").fetchall()]
        for view in views:
            try:
                con.execute(f'SELECT * FROM "{view}" LIMIT 1').fetchall()
            except duckdb.Error as exc:
                problems.append(f"view {view}: {exc}"[:300])
    finally:
        con.close()
    return problems


def reject_kinds(path: Path, limit: int = 10) -> pl.DataFrame:
    """The most frequent causes of rejects in a database (its view `reject_summary`): source, stage, kind, n, example."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(f"SELECT source_id, stage, kind, n, example FROM reject_summary LIMIT {int(limit)}").fetchall()
    finally:
        con.close()
    return pl.DataFrame(rows, schema={"source_id": pl.String, "stage": pl.String, "kind": pl.String, "n": pl.Int64,
                                      "example": pl.String}, orient="row")


def table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """table -> [(column, DuckDB type)] of a database's tables (not views), tables in DDL order."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE NOT internal "
        "AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE NOT internal) ORDER BY table_oid, column_index"
    ).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        out.setdefault(table, []).append((column, dtype))
    return out


def file_table_columns(path: Path) -> dict[str, list[tuple[str, str]]]:
    """`table_columns` of the database file at `path`, opened read-only."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return table_columns(con)
    finally:
        con.close()


def write_parquet_copies(database: Path, folder: Path, tables: dict[str, int]) -> None:
    """Every table as `<folder>/<table>.parquet` (DuckDB's COPY), for pandas, polars and lake engines."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    con = duckdb.connect(str(database), read_only=True, config=WRITE_CONFIG)
    try:
        for name in tables:
            target = str(folder / f"{name}.parquet").replace("'", "''")
            # zstd's level 1: at 10x the recordings 15% faster than DuckDB's default (3), and the files 5% smaller.
            # Row groups of at most ~64 MB of data: DuckDB's default of 122,880 rows made score_observations' row
            # groups 211 MB at 10x (its raw rows and details), slower to write (2.0 -> 1.5 s) and to read a group
            # at a time; narrow tables keep their row groups.
            con.execute(f"COPY {name} TO '{target}' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, "
                        "ROW_GROUP_SIZE_BYTES '64MB')")
    finally:
        con.close()


def build_info(result: BuildResult, build_id: str | None) -> pl.DataFrame:
    """One row: the build this warehouse holds (the API's `meta.buildId` names the same build)."""
    return pl.DataFrame(
        {"build_id": [build_id], "generated_at": [result.generated_at]},
        schema={"build_id": pl.String, "generated_at": pl.Datetime("us", "UTC")},
    )


def stage_warehouse(target: Path, result: BuildResult, build_id: str) -> tuple[swap.WarehouseSwap, dict[str, int]]:
    """Write the build's database beside `target` (swap.staged_path); nothing an analyst has open is
    touched. Returns the swap that puts it in place (the API publisher runs it) and the row counts.
    On any failure the staged file is removed and `target` is untouched."""
    staged = swap.staged_path(target, build_id)
    copies = swap.parquet_build_dir(target, build_id)
    try:
        counts = write_database(staged, result, build_id)
        write_parquet_copies(staged, copies, counts)
    except BaseException:
        swap.discard(staged)
        shutil.rmtree(copies, ignore_errors=True)
        raise
    return swap.WarehouseSwap(staged, target, build_id), counts


def load_warehouse(path: Path, result: BuildResult, build_id: str | None = None) -> dict[str, int]:
    """Stage the build's database and swap it in at once (without an API to publish beside it)."""
    build_id = build_id or "local"
    pending, counts = stage_warehouse(path, result, build_id)
    pending.swap()
    pending.commit()
    return counts
