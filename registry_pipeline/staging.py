"""Parse a source's newest snapshot that parses, and split its rows by the contracts."""

from __future__ import annotations

from typing import Callable

import orjson
import polars as pl

from registry_pipeline.schemas import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ModelRecordSchema,
    ScoreObservationSchema,
    split_valid,
)
from registry_pipeline.sources import Source
from registry_pipeline.sources.base import ParseContext
from registry_pipeline.transform.build import StagedSource

MAX_SNAPSHOTS_TRIED = 5


def _reject(source_id: str, reason: str, raw: dict) -> pl.DataFrame:
    return pl.DataFrame(
        [{"source_id": source_id, "stage": "parse", "reason": reason, "raw_row": orjson.dumps(raw, option=orjson.OPT_SORT_KEYS).decode()}],
        schema=REJECT_COLUMNS,
    )


def stage_source(source: Source, snapshots: list, status: dict, run_id: str, log: Callable[[str], None] = lambda _: None) -> StagedSource:
    """Try the snapshots newest first; a payload that cannot be parsed is reported (and recorded as
    a reject naming source, file and field) and the next older snapshot is used instead."""
    sid = source.spec.id
    rejects: list[pl.DataFrame] = []
    status = dict(status)
    for snap in snapshots[:MAX_SNAPSHOTS_TRIED]:
        files = snap.read()
        ctx = ParseContext(source_id=sid, fetched_on=snap.fetched_on, run_id=run_id, file_sha256=snap.sha256s())
        try:
            parsed = source.parse(files, ctx)
            models = parsed.models.select(list(MODEL_RECORD_COLUMNS)).cast(MODEL_RECORD_COLUMNS)
            scores = parsed.scores.select(list(SCORE_OBSERVATION_COLUMNS)).cast(SCORE_OBSERVATION_COLUMNS)
            models, model_rejects = split_valid(models, ModelRecordSchema)
            scores, score_rejects = split_valid(scores, ScoreObservationSchema)
        except Exception as exc:  # noqa: BLE001 - a broken payload must not stop the run
            message = f"{sid}: snapshot {snap.key} could not be parsed: {exc}"
            log(message)
            rejects.append(_reject(sid, message, {"snapshot": snap.key, "files": sorted(files)}))
            status.setdefault("parse_failures", []).append(message)
            continue
        if snap.key != status.get("snapshot"):
            status["message"] = f"{status.get('message', '')} Parsed older snapshot {snap.key} instead.".strip()
            status["mode"] = "fallback"
        status.update(snapshot=snap.key, fetched_on=snap.fetched_on.isoformat(), file_sha256=ctx.file_sha256, run_id=run_id)
        all_rejects = pl.concat([*rejects, parsed.rejects.select(list(REJECT_COLUMNS)).cast(REJECT_COLUMNS), model_rejects, score_rejects])
        return StagedSource(sid, models, scores, all_rejects, status)
    status.update(mode="failed", message=f"{sid}: no snapshot could be used. {status.get('message', '')}".strip(), snapshot=None)
    log(status["message"])
    return StagedSource(
        sid,
        pl.DataFrame(schema=MODEL_RECORD_COLUMNS),
        pl.DataFrame(schema=SCORE_OBSERVATION_COLUMNS),
        pl.concat(rejects) if rejects else pl.DataFrame(schema=REJECT_COLUMNS),
        status,
    )
