"""Each source's assets, made from its spec: raw/<id> (fetched concurrently with every other source by
one multi-asset, or its latest good snapshot) and staged/<id> (parse, contracts and the degraded-payload
guard), with contract and freshness checks."""


import datetime as dt

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetIn,
    AssetKey,
    AssetsDefinition,
    AssetOut,
    MetadataValue,
    Output,
    asset,
    multi_asset,
)

import polars as pl

from registry_pipeline import frame_store, parse_ahead
from registry_pipeline.assets.metadata import frame_metadata, table_preview
from registry_pipeline.automation import downstream_condition, source_condition
from registry_pipeline.fetch_all import acquire_all
from registry_pipeline.memory import release_unused
from registry_pipeline.raw_store import RawStore
from registry_pipeline.resources import HttpResource, SecretsResource, SettingsResource
from registry_pipeline.schemas import MODEL_RECORD_COLUMNS
from registry_pipeline.sources import Source, all_sources
from registry_pipeline.staging import STAGED_SCORE_COLUMNS, stage_from_store


def asset_name(source_id: str) -> str:
    return source_id.replace("-", "_")


def raw_key(source_id: str) -> AssetKey:
    return AssetKey(["raw", asset_name(source_id)])


def staged_key(source_id: str) -> AssetKey:
    return AssetKey(["staged", asset_name(source_id)])


def build_source_assets(source: Source) -> list[AssetsDefinition]:
    spec = source.spec
    name = asset_name(spec.id)

    @asset(
        key=staged_key(spec.id),
        group_name="staged",
        ins={"raw": AssetIn(key=raw_key(spec.id))},
        description=f"{spec.name}: parsed model records and score observations, validated by the pandera contracts; "
        "failing rows quarantined as rejects.",
        check_specs=[
            AssetCheckSpec("contract", asset=staged_key(spec.id), description="Valid rows satisfy the pandera contracts; rejects are counted."),
            AssetCheckSpec("freshness", asset=staged_key(spec.id), description=f"Newest usable snapshot is at most {spec.freshness_days} days old."),
        ],
        kinds={"polars"},
        tags={"source": spec.id},
        automation_condition=downstream_condition(),
    )
    def staged_asset(context: AssetExecutionContext, settings: SettingsResource, raw: dict):
        release_unused()  # what the step before kept (memory.py)
        cfg = settings.settings()
        staged, parse_cache = stage_from_store(source, RawStore(cfg.raw_dir), cfg.cache_dir, raw, context.run_id, log=context.log.warning)
        counts = {"model_rows": staged.models.height, "score_rows": staged.scores.height, "rejects": staged.rejects.height}
        if staged.status.get("mode") != "failed":  # a failed source has said why (a warning) already
            context.log.info(f"{spec.id}: {staged.status.get('mode')}, snapshot {staged.status.get('snapshot')}: "
                             f"{counts['model_rows']} model rows, {counts['score_rows']} score rows, {counts['rejects']} rejects")
        shown = staged.scores if staged.scores.height else staged.models
        metadata = {
            "mode": staged.status.get("mode"),  # None (not acquired) is Dagster's null, as is an unknown snapshot
            "snapshot": staged.status.get("snapshot"),
            **counts,
            "snapshots_from_cache": parse_cache.hits,
            "snapshots_parsed": parse_cache.misses,
            **frame_metadata(shown),
            "dagster/row_count": counts["model_rows"] + counts["score_rows"],
            "preview": table_preview(shown),
            "rejects_preview": table_preview(staged.rejects),
        }
        # staging split every row by the pandera contracts (split_valid) before the rows were staged or
        # cached; what the check confirms here is that the staged frames still have the contract's columns
        # and types (a cache entry of another shape would show), which costs nothing, unlike validating again
        errors = [
            f"{contract}: columns {dict(frame.schema)} are not the contract's {columns}"[:500]
            for contract, frame, columns in (("ModelRecordSchema", staged.models, MODEL_RECORD_COLUMNS),
                                             ("ScoreObservationSchema", staged.scores, STAGED_SCORE_COLUMNS))
            if frame.schema != pl.Schema(columns)
        ]
        del shown
        # the frames go to files one by one, the scores (their raw rows categorical) last (store_fields)
        frame_store.store_fields(staged, frame_store.scratch_folder(cfg.cache_dir / "staging" / name), last=("scores",))
        context.add_asset_metadata(metadata)  # on the materialization only (metadata.py)
        yield Output(staged)
        failed = staged.status.get("mode") == "failed"
        # the newest payload refused as degraded (or nothing usable at all) is an error an operator must see
        degraded = bool(staged.status.get("degraded"))
        refusals = list(staged.status.get("refused") or [])  # [{"snapshot", "reason"}]
        refused = "; ".join(f"{r['snapshot']}: {r['reason']}" for r in refusals)
        yield AssetCheckResult(
            check_name="contract",
            passed=not errors and not failed and not degraded,
            severity=AssetCheckSeverity.ERROR if errors or degraded else AssetCheckSeverity.WARN,
            description=(f"newest snapshot not accepted ({refused}); using {staged.status.get('snapshot')}"
                         if degraded else staged.status.get("message") if failed else None),
            # lists as JSON (an empty one when there is nothing to report), the status null when there is no message
            metadata={"rejects": counts["rejects"], "errors": MetadataValue.json(errors),
                      "refused_snapshots": MetadataValue.json(refusals), "status": staged.status.get("message")},
        )
        fetched = staged.status.get("fetched_on")
        age = (dt.date.today() - dt.date.fromisoformat(fetched)).days if fetched else None
        fresh = age is not None and age <= spec.freshness_days
        how = ("a curator lands a new version with `registry-pipeline record`" if spec.curated
               else "`make run` on a machine with network fetches a new one")
        yield AssetCheckResult(
            check_name="freshness",
            passed=fresh,
            severity=AssetCheckSeverity.WARN,
            description=None if fresh else (
                f"no usable snapshot; {how}" if age is None
                else f"snapshot {staged.status.get('snapshot')} is {age} days old, the limit is {spec.freshness_days}; {how}"
            ),
            metadata={"snapshot": staged.status.get("snapshot"), "age_days": age,  # None when there is no snapshot: null
                      "max_age_days": spec.freshness_days, "mode": staged.status.get("mode")},
        )

    staged_asset.__name__ = f"staged_{name}"
    return [staged_asset]


def _raw_out(source: Source) -> AssetOut:
    spec = source.spec
    return AssetOut(
        key=raw_key(spec.id),
        group_name="raw",
        description=f"{spec.name}: raw bytes fetched from {', '.join(f.url for f in spec.files)}"
        + (" and the files they list" if source.discover else "")
        + f" into data/raw/{spec.id}/, or its latest good snapshot when the fetch is not possible.",
        kinds={"python"},
        tags={"source": spec.id},
        automation_condition=source_condition(spec),
    )


def runs_in_process(context: AssetExecutionContext) -> bool:
    """Whether the run executes its steps in this process (`make run`: `execute_registry_run`), not each step in
    a process of its own (the multiprocess executor, the default of Dagster's `multi_or_in_process_executor`)."""
    executor = context.job_def.executor_def.name
    chosen = (context.run_config.get("execution") or {}).get("config") or {}
    return executor in ("in_process", "execute_in_process_executor") or (
        executor == "multi_or_in_process_executor" and "in_process" in chosen)


@multi_asset(
    outs={raw_key(s.spec.id).to_python_identifier(): _raw_out(s) for s in all_sources()}, can_subset=True, name="raw_sources"
)
def raw_sources(context: AssetExecutionContext, settings: SettingsResource, http: HttpResource, secrets: SecretsResource):
    """Every selected source fetched concurrently (bounded, rate-limited per host), one output per source."""
    cfg = settings.settings()
    store = RawStore(cfg.raw_dir)
    selected = [s for s in all_sources() if raw_key(s.spec.id) in context.selected_asset_keys]
    if cfg.parse_ahead and runs_in_process(context):  # what is on disk staged by a second process meanwhile (parse_ahead.py)
        chosen = context.run.asset_selection  # None or empty: every asset of the job
        parse_ahead.start([s for s in all_sources() if not chosen or staged_key(s.spec.id) in chosen],
                          cfg.raw_dir, cfg.cache_dir, context.run_id, log=context.log.info)
    with http.client() as client:
        got = acquire_all(
            selected, store=store, client=client, settings=cfg,
            environ=secrets.lookup(*(s.spec.auth_env_var for s in selected)),
            now=dt.datetime.now(dt.timezone.utc), run_id=context.run_id, log=context.log.debug,
        )
    for source in selected:
        result = got[source.spec.id]
        # a source read as it should be (fetched, unchanged, offline on purpose, or a vendor page curated by hand)
        # is progress; a fallback, a failure or a source with no snapshot at all is a warning
        expected = result.mode in ("live", "unchanged", "offline", "curated") and result.snapshot is not None
        (context.log.info if expected else context.log.warning)(result.message)
        status = {"mode": result.mode, "message": result.message, "snapshot": result.snapshot.key if result.snapshot else None}
        context.add_asset_metadata({"mode": result.mode, "snapshot": status["snapshot"], "message": result.message},
                                   asset_key=raw_key(source.spec.id))
        yield Output(status, output_name=raw_key(source.spec.id).to_python_identifier())


def all_source_assets() -> list[AssetsDefinition]:
    return [raw_sources, *(a for source in all_sources() for a in build_source_assets(source))]
