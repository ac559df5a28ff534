"""Downstream of the sources: the built registry, the DuckDB warehouse and the published API."""


import dataclasses
import datetime as dt

import polars as pl

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetIn,
    AssetKey,
    AssetMaterialization,
    MetadataValue,
    Output,
    asset,
)

from registry_pipeline import frame_store, parse_ahead
from registry_pipeline.assets.metadata import columns_schema, counts_table, frame_metadata, path_links, table_preview
from registry_pipeline.assets.source_assets import asset_name, staged_key
from registry_pipeline.automation import downstream_condition
from registry_pipeline.memory import collections_paused, release_unused
from registry_pipeline.publish.writer import new_build_id, publish
from registry_pipeline.resources import SettingsResource
from registry_pipeline.schemas import PublishedScoreSchema
from registry_pipeline.sources import all_sources
from registry_pipeline.publish import builders
from registry_pipeline.transform import benchmark_ledger, changes, id_ledger
from registry_pipeline.transform.build import BuildResult, build_registry
from registry_pipeline.publish.verify import build_problems
from registry_pipeline.warehouse.load import database_problems, file_table_columns, reject_kinds, stage_warehouse
from registry_pipeline.warehouse.swap import WarehouseSwap

REGISTRY_KEY = AssetKey(["registry", "build"])
WAREHOUSE_KEY = AssetKey(["warehouse", "registry_duckdb"])
API_KEY = AssetKey(["api", "v1"])
# frames an asset takes left in the IO manager's files (io_manager): the build reads each staged frame when it
# needs it (only the columns it needs), the warehouse streams the observations and the history into DuckDB,
# the API reads only the registry
STORED = {"frames": "stored"}


def with_changes(result: BuildResult, api_dir, log_file, now: dt.datetime) -> BuildResult:
    """The build's changes against the published API (transform.changes), stamped with `now` (the
    build's generatedAt), and the change log including them for the warehouse and the API."""
    reg = result.registry
    models, rows = builders.model_summaries(reg), builders.score_rows(reg)
    sources = builders.meta_body(reg, now)[f"{builders.API_PREFIX}/meta"]["sources"]
    former = reg.benchmark_former_ids
    former_ids = dict(zip(former["former_id"].to_list(), former["benchmark_id"].to_list())) if former is not None else {}
    new = changes.stamped(changes.diff(changes.published_state(api_dir), models, rows, sources, former_ids), builders.stamp(now))
    log = pl.concat([changes.read_log(log_file), new])
    return dataclasses.replace(result, registry=dataclasses.replace(reg, changes_log=log), changes=new, generated_at=now)


def _ins() -> dict[str, AssetIn]:
    return {asset_name(s.spec.id): AssetIn(key=staged_key(s.spec.id), metadata=STORED) for s in all_sources()}


@asset(
    key=REGISTRY_KEY,
    group_name="registry",
    ins=_ins(),
    description="Identity resolution, units, normalisation, dedupe by verification level, conflicts and leaderboards.",
    check_specs=[
        AssetCheckSpec("published_scores_contract", asset=REGISTRY_KEY, blocking=True,
                       description="Published scores satisfy PublishedScoreSchema; a failure stops the warehouse and the API."),
        AssetCheckSpec("unresolved_models", asset=REGISTRY_KEY, description="Source model names that need an alias (warn)."),
        AssetCheckSpec("benchmark_ids_answer", asset=REGISTRY_KEY,
                       description="Every benchmark id published before is a benchmark or a former id of one "
                                   "(catalog/benchmark_former_ids.csv) (warn)."),
    ],
    kinds={"polars"},
    automation_condition=downstream_condition(),
)
def registry_build(context: AssetExecutionContext, settings: SettingsResource, **staged):
    # every source is staged: the parse-ahead worker has nothing left to do (it has ended by now, as a rule)
    parse_ahead.stop_running(log=context.log.info, warn=context.log.warning)
    release_unused()  # what the step before kept (memory.py)
    conf = settings.settings()
    ledger = id_ledger.read_ledger(id_ledger.ledger_path(conf.data_dir))
    # the observations and the history go to files part by part (the IO manager links them into its output)
    scratch = frame_store.scratch_folder(conf.cache_dir / "build")
    benchmark_ids = benchmark_ledger.read_ledger(benchmark_ledger.ledger_path(conf.data_dir))
    result = build_registry([staged[k] for k in sorted(staged)], ledger, scratch=scratch, benchmark_ids=benchmark_ids)
    now = dt.datetime.now(dt.timezone.utc)
    result = with_changes(result, conf.api_dir, changes.log_path(conf.warehouse_dir), now)
    # one build id for the warehouse and the API (build_info, meta.buildId)
    result = dataclasses.replace(result, registry=dataclasses.replace(result.registry, build_id=new_build_id(now)))
    reg = result.registry
    context.log.info(f"build {reg.build_id}: {reg.models.height} models, {reg.scores.height} scores from "
                     f"{result.observations.height} observations, {result.rejects.height} rejects, {result.review.height} names to review, "
                     f"{result.conflicts.height} conflicts")
    context.add_asset_metadata({
        "models": reg.models.height,
        "scores": reg.scores.height,
        "observations": result.observations.height,
        "rejects": result.rejects.height,
        "unresolved_names": result.review.height,
        "conflicts": result.conflicts.height,
        "aliases": result.model_aliases["alias"].n_unique(),
        "crosswalk_names": result.crosswalk.height,
        "retired_model_ids": result.retired_ids.height,
        "retired_benchmark_ids": result.retired_benchmark_ids.height,
        "changes": result.changes.height if result.changes is not None else 0,
        **frame_metadata(reg.scores),
        "preview": table_preview(reg.scores.sort("normalized_score", descending=True)),
    })
    yield Output(result)
    published = reg.scores.select(
        "model_id", "benchmark_id", "score", "normalized_score", "verification_level", "verified",
        "source_id", "source_url", "as_of_date", "is_artificial_analysis",
    )
    try:
        PublishedScoreSchema.validate(published, lazy=True)
        errors = []
    except Exception as exc:  # noqa: BLE001
        errors = [str(exc)[:500]]
    yield AssetCheckResult(check_name="published_scores_contract", passed=not errors, metadata={"errors": MetadataValue.json(errors)})
    yield AssetCheckResult(
        check_name="unresolved_models",
        passed=result.review.is_empty(),
        severity=AssetCheckSeverity.WARN,
        metadata={"names": result.review.height, "preview": table_preview(result.review.drop("suggestions"), 10)},
    )
    retired = result.retired_benchmark_ids
    yield AssetCheckResult(
        check_name="benchmark_ids_answer",
        passed=retired.is_empty(),
        severity=AssetCheckSeverity.WARN,
        description=None if retired.is_empty() else (
            f"{retired.height} benchmark ids published before name no benchmark now: {', '.join(retired['id'].head(10).to_list())}; "
            "catalog/benchmark_former_ids.csv should say which benchmark each became"),
        metadata={"retired": retired.height, "ids": MetadataValue.json(retired["id"].to_list())},
    )


@asset(
    key=WAREHOUSE_KEY,
    group_name="warehouse",
    ins={"build": AssetIn(key=REGISTRY_KEY, metadata=STORED)},
    description=(
        "data/warehouse/registry.duckdb: every table and view of the build, written as a new database file "
        "beside the served one; the api asset swaps it in together with the API."
    ),
    kinds={"duckdb"},
    automation_condition=downstream_condition(),
    check_specs=[AssetCheckSpec("tables_match_the_build", asset=WAREHOUSE_KEY, blocking=True,
                                description="Every table holds the build's rows and every view answers a query.")],
)
def warehouse(context: AssetExecutionContext, settings: SettingsResource, build: BuildResult):
    release_unused()  # what the step before kept (memory.py)
    target = settings.settings().warehouse_path
    pending, counts = stage_warehouse(target, build, build.registry.build_id)
    context.log.info(f"warehouse staged: {len(counts)} tables, {sum(counts.values())} rows, swapped in with the API")
    # each table as an asset of its own in the UI (warehouse/tables/<name>): its rows and its columns
    for table, columns in file_table_columns(pending.staged).items():
        yield AssetMaterialization(
            asset_key=AssetKey(["warehouse", "tables", table]),
            description=f"table {table} of {target.name} (build {pending.build_id}); docs/warehouse.md describes its columns",
            metadata={"dagster/row_count": counts.get(table, 0), "dagster/column_schema": columns_schema(columns),
                      "dagster/uri": f"{target.as_uri()}#{table}", "parquet": MetadataValue.path(str(target.parent / "parquet" / f"{table}.parquet"))},
        )
    context.add_asset_metadata({
        "dagster/uri": target.as_uri(), **path_links(path=target, staged=pending.staged), "build_id": pending.build_id,
        "dagster/row_count": sum(counts.values()), "tables": counts_table(counts),
        # why rows were quarantined, the most frequent causes first (the view reject_summary)
        "reject_kinds": table_preview(reject_kinds(pending.staged), rows=10),
    })
    yield Output(pending)
    problems = database_problems(pending.staged, build)
    yield AssetCheckResult(check_name="tables_match_the_build", passed=not problems,
                           description="; ".join(problems[:5]) or None, metadata={"problems": len(problems)})


@asset(
    key=API_KEY,
    group_name="api",
    ins={"build": AssetIn(key=REGISTRY_KEY, metadata=STORED), "staged_warehouse": AssetIn(key=WAREHOUSE_KEY)},
    description="data/warehouse/api/: the static JSON API (API.md); it and the warehouse are swapped in together.",
    kinds={"json"},
    automation_condition=downstream_condition(),
    check_specs=[AssetCheckSpec("bodies_match_their_schemas", asset=API_KEY,
                                description="Every route's file is in the build and every JSON body validates against its JSON Schema.")],
)
def api(context: AssetExecutionContext, settings: SettingsResource, build: BuildResult, staged_warehouse: WarehouseSwap):
    release_unused()  # what the step before kept (memory.py)
    conf = settings.settings()
    api_dir = conf.api_dir
    registry = dataclasses.replace(frame_store.collected(build.registry), public_url=conf.public_url)
    now = build.generated_at or dt.datetime.now(dt.timezone.utc)
    try:
        with collections_paused():  # the bodies are made as Python objects (memory.py)
            result = publish(registry, api_dir, now, warehouse=staged_warehouse)
    except BaseException:
        staged_warehouse.undo()  # neither moves: the served warehouse and API stay the previous build's
        raise
    for message in staged_warehouse.messages:
        context.log.warning(message)
    context.log.info(f"published build {result.build_id}: {result.file_count} files ({result.written} written, "
                     f"{result.linked} unchanged) at {api_dir}; warehouse {staged_warehouse.target}")
    if build.changes is not None:  # recorded once the build that made them is published
        changes.append_log(changes.log_path(conf.warehouse_dir), frame_store.collect(build.changes))
    # every model id published is recorded, so that a later build keeps it answerable (id_ledger)
    added = id_ledger.append_ledger(id_ledger.ledger_path(conf.data_dir), registry.models, now.date())
    added_benchmarks = benchmark_ledger.append_ledger(benchmark_ledger.ledger_path(conf.data_dir), registry.benchmarks, now.date())
    info = {"api_dir": str(api_dir), "warehouse": str(staged_warehouse.target), "build_id": result.build_id, "files": result.file_count,
            "new_model_ids": added, "new_benchmark_ids": added_benchmarks}
    v1 = result.build_dir / "v1"
    context.add_asset_metadata({
        **info, "dagster/uri": api_dir.as_uri(), "routes": len(result.routes), "written": result.written, "hard_linked": result.linked,
        **path_links(build=result.build_dir, meta=v1 / "meta" / "index.json", models=v1 / "models" / "index.json",
                     export_csv=v1 / "export.csv", export_parquet=v1 / "export.parquet", routes=result.build_dir / "routes.json"),
        "warehouse_messages": MetadataValue.json(list(staged_warehouse.messages)),
    })
    yield Output(info)
    # the check reads each body back as Python objects (at 100x the recordings the crosswalk's ~1.7 GB): the
    # registry's frames and the route table are let go first, and the pages they held handed back
    build_dir = result.build_dir
    del registry, result, build
    release_unused()
    with collections_paused():  # each body read back as Python objects
        checked, problems = build_problems(build_dir)
    yield AssetCheckResult(check_name="bodies_match_their_schemas", passed=not problems,
                           description="; ".join(problems[:5]) or None, metadata={"routes": checked, "problems": len(problems)})
