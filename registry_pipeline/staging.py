"""Parse a source's snapshots, accept or refuse each, and stage the newest accepted one.

A snapshot is accepted when it parses, yields usable rows, no more than `spec.max_reject_ratio` of its
rows are rejected, and it has at least `spec.min_row_ratio` x the rows of the last accepted snapshot
before it (the degraded-payload guard). Acceptance is a fold over every snapshot, oldest first, so it
is rebuilt from the raw landing zone alone and a degraded payload served twice is still compared with
the last good one. An operator can accept a refused snapshot (`registry-pipeline accept`); such a
snapshot skips the two ratio checks. The source then uses its newest accepted snapshot, however many
bad ones came after it, and the status says which snapshots were refused and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import orjson
import polars as pl

from registry_pipeline.duplicate_keys import without_duplicate_keys
from registry_pipeline.raw_store import Snapshot
from registry_pipeline.schemas import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ModelRecordSchema,
    ScoreObservationSchema,
    split_valid,
)
from registry_pipeline.sources import Source
from registry_pipeline.sources.base import ParseContext, SourceSpec
from registry_pipeline.transform.build import StagedSource


@dataclass
class Parsed:
    """One snapshot parsed and split by the contracts."""

    snapshot: Snapshot
    models: pl.DataFrame
    scores: pl.DataFrame
    rejects: pl.DataFrame

    @property
    def rows(self) -> int:
        return self.models.height + self.scores.height


@dataclass(frozen=True)
class Verdict:
    snapshot: str
    accepted: bool
    rows: int
    rejects: int
    reason: str | None = None  # why it was refused
    operator: bool = False  # accepted by an operator despite the guard


def parse_snapshot(source: Source, snap: Snapshot, run_id: str) -> Parsed:
    """Parse one snapshot and apply the contracts. Raises when the payload cannot be parsed."""
    ctx = ParseContext(source_id=source.spec.id, fetched_on=snap.fetched_on, run_id=run_id, file_sha256=snap.sha256s())
    # a row repeating a JSON key is quarantined before the parser could keep one of its values silently
    files, duplicated = without_duplicate_keys(snap.read(), source.spec.id)
    parsed = source.parse(files, ctx)
    # a column a parser does not produce (a field its source never has) is null
    models = parsed.models.with_columns(
        pl.lit(None, dtype).alias(name) for name, dtype in MODEL_RECORD_COLUMNS.items() if name not in parsed.models.columns
    ).select(list(MODEL_RECORD_COLUMNS)).cast(MODEL_RECORD_COLUMNS)
    scores = parsed.scores.select(list(SCORE_OBSERVATION_COLUMNS)).cast(SCORE_OBSERVATION_COLUMNS)
    models, model_rejects = split_valid(models, ModelRecordSchema)
    scores, score_rejects = split_valid(scores, ScoreObservationSchema)
    rejects = pl.concat([
        pl.DataFrame(duplicated, schema=REJECT_COLUMNS),
        parsed.rejects.select(list(REJECT_COLUMNS)).cast(REJECT_COLUMNS), model_rejects, score_rejects,
    ])
    return Parsed(snap, models, scores, rejects)


def judge(spec: SourceSpec, key: str, rows: int, rejects: int, last_accepted: Verdict | None, operator: bool) -> Verdict:
    """The guard for one parsed snapshot, given the last accepted snapshot before it."""
    total = rows + rejects
    reason = None
    if rows == 0:
        reason = f"yields no usable rows ({rejects} rejected)"
    elif not operator and total and rejects / total > spec.max_reject_ratio:
        reason = (f"{rejects} of its {total} rows were rejected ({rejects / total:.0%}, "
                  f"more than the limit of {spec.max_reject_ratio:.0%})")
    elif not operator and last_accepted is not None and rows < spec.min_row_ratio * last_accepted.rows:
        reason = (f"has {rows} usable rows, fewer than {spec.min_row_ratio:g} x the {last_accepted.rows} rows "
                  f"of the last accepted snapshot {last_accepted.snapshot}")
    return Verdict(key, reason is None, rows, rejects, reason, operator and reason is None)


def _refusal(source_id: str, verdict: Verdict) -> pl.DataFrame:
    raw = orjson.dumps({"snapshot": verdict.snapshot, "rows": verdict.rows, "rejects": verdict.rejects}, option=orjson.OPT_SORT_KEYS)
    return pl.DataFrame(
        [{"source_id": source_id, "stage": "accept", "reason": f"{source_id}: snapshot {verdict.snapshot} not accepted: {verdict.reason}",
          "raw_row": raw.decode()}],
        schema=REJECT_COLUMNS,
    )


def stage_source(
    source: Source,
    snapshots: list[Snapshot],
    status: dict,
    run_id: str,
    log: Callable[[str], None] = lambda _: None,
    operator_accepted: dict[str, str] | None = None,
) -> StagedSource:
    """Judge every snapshot (given newest first) and stage the newest accepted one.

    `status` is what acquisition reported (mode, message, snapshot); the result's status adds
    `verdicts`, `refused` (the newer snapshots passed over, with reasons) and `degraded` (the newest
    snapshot was refused)."""
    sid = source.spec.id
    operator_accepted = operator_accepted or {}
    status = dict(status)
    verdicts: list[Verdict] = []
    last: Verdict | None = None
    chosen: Parsed | None = None
    history: list[pl.DataFrame] = []
    model_history: list[pl.DataFrame] = []
    for snap in reversed(snapshots):  # oldest first: each is compared with the last accepted before it
        try:
            parsed = parse_snapshot(source, snap, run_id)
        except Exception as exc:  # noqa: BLE001 - a broken payload must not stop the run
            verdicts.append(Verdict(snap.key, False, 0, 0, f"could not be parsed: {exc}"))
            continue
        verdict = judge(source.spec, snap.key, parsed.rows, parsed.rejects.height, last, snap.key in operator_accepted)
        verdicts.append(verdict)
        if verdict.accepted:
            last, chosen = verdict, parsed
            history.append(parsed.scores.with_columns(
                snapshot=pl.lit(snap.key, pl.String), fetched_on=pl.lit(snap.fetched_on, pl.Date),
                file_sha256=pl.lit(",".join(v for _, v in sorted(snap.sha256s().items())) or None, pl.String),
            ))
            model_history.append(parsed.models.select("source_id", "raw_model_id", "raw_name", "provider_id").with_columns(
                snapshot=pl.lit(snap.key, pl.String), fetched_on=pl.lit(snap.fetched_on, pl.Date),
            ))
    status["verdicts"] = [v.__dict__ for v in verdicts]
    newest = verdicts[-1] if verdicts else None
    refused = [v for v in verdicts if not v.accepted and (chosen is None or v.snapshot > chosen.snapshot.key)]
    status["refused"] = [{"snapshot": v.snapshot, "reason": v.reason} for v in refused]
    status["degraded"] = newest is not None and not newest.accepted
    refusals = [_refusal(sid, v) for v in refused]
    for v in refused:
        log(f"{sid}: snapshot {v.snapshot} not accepted: {v.reason}")

    if chosen is None:
        why = "; ".join(f"{v.snapshot} {v.reason}" for v in refused) or "no raw snapshot on disk"
        status.update(mode="failed", snapshot=None, message=f"{sid}: no snapshot could be used ({why}). {status.get('message', '')}".strip())
        log(status["message"])
        return StagedSource(
            sid,
            pl.DataFrame(schema=MODEL_RECORD_COLUMNS),
            pl.DataFrame(schema=SCORE_OBSERVATION_COLUMNS),
            pl.concat(refusals) if refusals else pl.DataFrame(schema=REJECT_COLUMNS),
            status,
        )
    snap = chosen.snapshot
    if refused:
        newest_refused = refused[-1]
        status["mode"] = "fallback"
        status["message"] = (
            f"{status.get('message', '')} Snapshot {newest_refused.snapshot} not accepted: {newest_refused.reason}; "
            f"using the last accepted snapshot {snap.key}"
            + (f" ({len(refused) - 1} other newer snapshot(s) refused too)" if len(refused) > 1 else "")
            + "."
        ).strip()
    elif snap.key != status.get("snapshot"):
        status["mode"] = "fallback"
        status["message"] = f"{status.get('message', '')} Using snapshot {snap.key}.".strip()
    if snap.key in operator_accepted:
        status["message"] = f"{status.get('message', '')} Snapshot {snap.key} accepted by an operator: {operator_accepted[snap.key]}".strip()
    status.update(snapshot=snap.key, fetched_on=snap.fetched_on.isoformat(), file_sha256=snap.sha256s(), run_id=run_id)
    return StagedSource(sid, chosen.models, chosen.scores, pl.concat([*refusals, chosen.rejects]), status,
                        history=pl.concat(history, how="vertical_relaxed"),
                        model_history=pl.concat(model_history, how="vertical_relaxed"))
