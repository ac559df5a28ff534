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

import datetime as dt
import functools
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import orjson
import polars as pl

from registry_pipeline import catalog, history_runs
from registry_pipeline.duplicate_keys import without_duplicate_keys
from registry_pipeline.parse_cache import ParseCache, parse_key, write_entry
from registry_pipeline.raw_store import RawStore, Snapshot, operator_accepted
from registry_pipeline.schemas import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    ModelRecordSchema,
    ScoreObservationSchema,
    split_valid,
)
from registry_pipeline.schemas.one_query import passes_each
from registry_pipeline.sources import Source
from registry_pipeline.sources.base import ParseContext, ParsedSource, SourceSpec
from registry_pipeline.transform.build import STAGED_SCORE_COLUMNS, StagedSource


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


def contract_columns(parsed: ParsedSource) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A parser's model records and scores in their contracts' columns and dtypes, as they are validated (each
    in one query: a cold build does this for every snapshot of the curated files)."""
    present = set(parsed.models.columns)
    # a column a parser does not produce (a field its source never has) is null
    models = parsed.models.select(
        pl.col(name).cast(dtype) if name in present else pl.lit(None, dtype).alias(name) for name, dtype in MODEL_RECORD_COLUMNS.items()
    )
    # a row filed under a benchmark's former id is that benchmark's (catalog/benchmark_former_ids.csv); a row
    # that then repeats another's key is the contract's reject
    scores = parsed.scores.select(
        catalog.current_benchmark_id(pl.col(name).cast(dtype)) if name == "benchmark_id" else pl.col(name).cast(dtype)
        for name, dtype in SCORE_OBSERVATION_COLUMNS.items()
    )
    return models, scores


def _unchecked(source: Source, snap: Snapshot, run_id: str) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """One snapshot parsed into its contracts' columns, not yet validated, and the rejects found so far."""
    ctx = ParseContext(source_id=source.spec.id, fetched_on=snap.fetched_on, run_id=run_id, file_sha256=snap.sha256s(),
                       file_modified=snap.modified_days())
    # a row repeating a JSON key is quarantined before the parser could keep one of its values silently
    files, duplicated = without_duplicate_keys(snap.read(), source.spec.id)
    parsed = source.parse(files, ctx)
    models, scores = contract_columns(parsed)
    rejects = parsed.rejects.select(pl.col(name).cast(dtype) for name, dtype in REJECT_COLUMNS.items())
    if duplicated:
        rejects = pl.concat([pl.DataFrame(duplicated, schema=REJECT_COLUMNS), rejects])
    return models, scores, rejects


def _validated(snap: Snapshot, models: pl.DataFrame, scores: pl.DataFrame, rejects: pl.DataFrame,
               models_pass: bool = False, scores_pass: bool = False) -> Parsed:
    """A snapshot's frames split by the contracts (`*_pass`: already known to pass, nothing to split)."""
    model_rejects = score_rejects = pl.DataFrame(schema=REJECT_COLUMNS)
    if not models_pass:
        models, model_rejects = split_valid(models, ModelRecordSchema)
    if not scores_pass:
        scores, score_rejects = split_valid(scores, ScoreObservationSchema)
    found = [frame for frame in (model_rejects, score_rejects) if frame.height]
    return Parsed(snap, models, scores.cast(STAGED_SCORE_COLUMNS), pl.concat([rejects, *found]) if found else rejects)


def parse_snapshot(source: Source, snap: Snapshot, run_id: str) -> Parsed:
    """Parse one snapshot and apply the contracts. Raises when the payload cannot be parsed."""
    return _validated(snap, *_unchecked(source, snap, run_id))


def parse_snapshots(source: Source, snaps: list[Snapshot], run_id: str) -> list[Parsed | Exception]:
    """Parse several snapshots of one source, each exactly as `parse_snapshot` would (a snapshot that cannot be
    parsed is its exception), their contracts asked of them all at once (`one_query.passes_each`) and of
    each alone only when that fails. A cold build parses every snapshot of the curated vendor files (160 at
    the recordings): asked one at a time, the contracts cost ~5 ms a snapshot, more than its parse."""
    unchecked: list[tuple[Snapshot, pl.DataFrame, pl.DataFrame, pl.DataFrame] | Exception] = []
    for snap in snaps:
        try:
            unchecked.append((snap, *_unchecked(source, snap, run_id)))
        except Exception as exc:  # noqa: BLE001 - the caller turns it into the snapshot's verdict
            unchecked.append(exc)
    parts = [u for u in unchecked if not isinstance(u, Exception)]
    models_pass = len(parts) > 1 and passes_each([u[1] for u in parts], ModelRecordSchema)
    scores_pass = len(parts) > 1 and passes_each([u[2] for u in parts], ScoreObservationSchema)
    out: list[Parsed | Exception] = []
    for u in unchecked:
        try:
            out.append(u if isinstance(u, Exception) else _validated(*u, models_pass, scores_pass))
        except Exception as exc:  # noqa: BLE001 - a frame-level contract failure
            out.append(exc)
    return out


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


class FoldCache:
    """The staging fold's state after a source's snapshots, by a chain key over them (so a rebuild after one
    new snapshot folds that snapshot only): verdicts, the chosen snapshot's parse key and the value runs of
    its history, in `root/<source>/<chain key>/`. `root=None` keeps nothing."""

    KEEP = 3  # states kept per source (older chains are pruned)

    def __init__(self, root: Path | None):
        self.root = Path(root) if root is not None else None

    def _dir(self, source_id: str, key: str) -> Path:
        assert self.root is not None
        return self.root / source_id / key

    def has(self, source_id: str, key: str) -> bool:
        return self.root is not None and (self._dir(source_id, key) / "state.json").is_file()

    def load(self, source_id: str, key: str) -> dict | None:
        folder = self._dir(source_id, key)
        try:
            state = orjson.loads((folder / "state.json").read_bytes())
            for name in ("history", "model_history"):
                path = folder / f"{name}.parquet"
                state[name] = pl.read_parquet(path) if path.is_file() else None
        except (OSError, orjson.JSONDecodeError, pl.exceptions.PolarsError):
            return None
        return state

    def store(self, source_id: str, key: str, state: dict, history: pl.DataFrame | None, model_history: pl.DataFrame | None) -> None:
        if self.root is None or self.has(source_id, key):
            return
        folder = self._dir(source_id, key)
        frames = {f"{name}.parquet": frame for name, frame in (("history", history), ("model_history", model_history)) if frame is not None}
        if write_entry(folder, {**frames, "state.json": orjson.dumps(state)}):
            older = sorted((p for p in folder.parent.iterdir() if p.is_dir() and not p.name.startswith(".")),
                           key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in older[self.KEEP:]:
                shutil.rmtree(stale, ignore_errors=True)


@functools.cache
def fold_version() -> str:
    """The staging fold's own version: its code (this module and the history runs)."""
    return hashlib.sha256(Path(__file__).read_bytes() + Path(history_runs.__file__).read_bytes()).hexdigest()[:16]


def _chain_keys(source: Source, snapshots: list[Snapshot], operator_accepted: dict[str, str]) -> list[tuple[Snapshot, str, str]]:
    """(snapshot, parse key, chain key) oldest first; a chain key names the fold's state after that snapshot."""
    spec = source.spec
    chain = hashlib.sha256(f"{spec.id}\0{spec.max_reject_ratio}\0{spec.min_row_ratio}\0{fold_version()}".encode()).hexdigest()
    out = []
    for snap in reversed(snapshots):
        pkey = parse_key(source, snap)
        chain = hashlib.sha256(f"{chain}\0{snap.key}\0{pkey}\0{snap.key in operator_accepted}".encode()).hexdigest()
        out.append((snap, pkey, chain[:32]))
    return out


# a run's caches under its cache dir (`Settings.cache_dir`): parsed snapshots, and the staging fold's states
PARSED, STAGED = "parsed", "staged"


def stage_from_store(source: Source, store: RawStore, cache_dir: Path, status: dict, run_id: str,
                     log: Callable[[str], None] = lambda _: None) -> tuple[StagedSource, ParseCache]:
    """`stage_source` over every snapshot of the source in `store`, with the operator's decisions and the run's
    caches under `cache_dir`: what a staging step does, and the parse-ahead worker (parse_ahead.py) beside it.
    Returns the parse cache too (its hits and misses)."""
    sid = source.spec.id
    parse_cache = ParseCache(cache_dir / PARSED)
    staged = stage_source(source, store.snapshots(sid), status, run_id, log=log, operator_accepted=operator_accepted(store, sid),
                          parse_cache=parse_cache, fold_cache=FoldCache(cache_dir / STAGED))
    return staged, parse_cache


def staged_in_cache(source: Source, store: RawStore, cache_dir: Path) -> bool:
    """Whether the fold cache under `cache_dir` holds the staging fold's state after all of the source's
    snapshots in `store`: `stage_from_store` would parse and fold nothing."""
    sid = source.spec.id
    chain = _chain_keys(source, store.snapshots(sid), operator_accepted(store, sid))
    return not chain or FoldCache(cache_dir / STAGED).has(sid, chain[-1][2])


def _history_rows(parsed: Parsed) -> tuple[pl.DataFrame, pl.DataFrame]:
    return (history_runs.observation_rows(parsed.scores, parsed.snapshot.fetched_on),
            parsed.models.select(history_runs.MODEL_FIELDS))


# the raw bytes of the snapshots parsed and validated together at most (`parse_snapshots`): a source's 365
# daily snapshots are never all held at once
BATCH_BYTES = 16 * 2**20


# the parsed frames (their estimated size) of the accepted snapshots folded together at most (`history_runs.
# fold_many`): a snapshot's history rows waiting to be folded keep its parsed frames' text alive (their strings
# are views of it): a synthetic daily snapshot of the Open LLM Leaderboard keeps ~100 MB, and with 8 of them
# waiting its staging of 365 days took 2,511 MB instead of 1,695. The curated files' versions, ~0.1 MB each, are
# folded all at once.
FOLD_BYTES = 32 * 2**20


def _entry(parsed: Parsed) -> dict[str, pl.DataFrame]:
    return {"models": parsed.models, "scores": parsed.scores, "rejects": parsed.rejects}


def _parsed_in_order(source: Source, todo: list[tuple[Snapshot, str]], run_id: str,
                     parse_cache: ParseCache) -> Iterator[tuple[Snapshot, str, Parsed | Exception]]:
    """Each snapshot with its parse key and its parse (or the exception it raised), in `todo`'s order: from the
    parse cache, or parsed beside the cache misses next to it (`parse_snapshots`, up to BATCH_BYTES of raw
    files at a time), then cached."""
    pending: list[tuple[Snapshot, str]] = []
    pending_bytes = 0

    def parse_pending() -> list[tuple[Snapshot, str, Parsed | Exception]]:
        done = list(zip(pending, parse_snapshots(source, [snap for snap, _ in pending], run_id)))
        pending.clear()
        for (_, pkey), parsed in done:
            if not isinstance(parsed, Exception):
                parse_cache.put(source.spec.id, pkey, _entry(parsed))
        return [(snap, pkey, parsed) for (snap, pkey), parsed in done]

    for snap, pkey in todo:
        cached = parse_cache.get(source.spec.id, pkey)
        if cached is not None:
            yield from parse_pending()
            yield snap, pkey, Parsed(snap, cached["models"], cached["scores"], cached["rejects"])
            continue
        if pending and pending_bytes + snap.size > BATCH_BYTES:
            yield from parse_pending()
        if not pending:
            pending_bytes = 0
        pending.append((snap, pkey))
        pending_bytes += snap.size
    yield from parse_pending()


def stage_source(
    source: Source,
    snapshots: list[Snapshot],
    status: dict,
    run_id: str,
    log: Callable[[str], None] = lambda _: None,
    operator_accepted: dict[str, str] | None = None,
    parse_cache: ParseCache | None = None,
    fold_cache: FoldCache | None = None,
) -> StagedSource:
    """Judge every snapshot (given newest first) and stage the newest accepted one.

    `status` is what acquisition reported (mode, message, snapshot); the result's status adds
    `verdicts`, `refused` (the newer snapshots passed over, with reasons) and `degraded` (the newest
    snapshot was refused). With caches, an unchanged snapshot is never parsed again (`parse_cache`) and
    the fold resumes from the state after the longest run of snapshots already folded (`fold_cache`)."""
    parse_cache = parse_cache or ParseCache(None)
    try:
        return _staged(source, snapshots, status, run_id, log, operator_accepted or {}, parse_cache, fold_cache or FoldCache(None))
    finally:
        parse_cache.wait()  # the snapshots' parses cached while they were folded


def _staged(source: Source, snapshots: list[Snapshot], status: dict, run_id: str, log: Callable[[str], None],
            operator_accepted: dict[str, str], parse_cache: ParseCache, fold_cache: FoldCache) -> StagedSource:
    """`stage_source`'s work, the parse cache's writes left to it to wait for."""
    sid = source.spec.id
    status = dict(status)
    chain = _chain_keys(source, snapshots, operator_accepted)

    verdicts: list[Verdict] = []
    last: Verdict | None = None
    chosen: tuple[Snapshot, str] | None = None  # the snapshot and its parse key
    chosen_parsed: Parsed | None = None
    runs, model_runs = history_runs.Runs(), history_runs.Runs()
    start = 0
    for i in range(len(chain) - 1, -1, -1):  # resume from the longest folded prefix
        state = fold_cache.load(sid, chain[i][2]) if fold_cache.has(sid, chain[i][2]) else None
        if state is not None:
            verdicts = [Verdict(**v) for v in state["verdicts"]]
            last = verdicts[state["last"]] if state["last"] is not None else None
            if state["chosen"] is not None:
                chosen = next((snap, pkey) for snap, pkey, _ in chain[: i + 1] if snap.key == state["chosen"])
            runs, model_runs = history_runs.Runs.of(state["history"]), history_runs.Runs.of(state["model_history"])
            start = i + 1
            break

    def parse(snap: Snapshot, pkey: str) -> Parsed:
        _, _, parsed = next(_parsed_in_order(source, [(snap, pkey)], run_id, parse_cache))
        if isinstance(parsed, Exception):
            raise parsed
        return parsed

    # the accepted snapshots' rows not yet folded into the runs (folded together: `history_runs.fold_many`), and
    # the size of the parsed frames they keep alive
    unfolded: list[tuple[pl.DataFrame, pl.DataFrame, str, dt.date]] = []
    unfolded_bytes = 0

    def fold_unfolded() -> None:
        nonlocal runs, model_runs, unfolded_bytes
        runs = history_runs.fold_many(runs, [(s, key, day) for s, _, key, day in unfolded], history_runs.OBSERVATION_KEY)
        model_runs = history_runs.fold_many(model_runs, [(m, key, day) for _, m, key, day in unfolded], history_runs.MODEL_KEY)
        unfolded.clear()
        unfolded_bytes = 0

    # oldest first: each is compared with the last accepted before it
    for snap, pkey, parsed in _parsed_in_order(source, [(snap, pkey) for snap, pkey, _ in chain[start:]], run_id, parse_cache):
        if isinstance(parsed, Exception):  # a broken payload must not stop the run
            verdicts.append(Verdict(snap.key, False, 0, 0, f"could not be parsed: {parsed}"))
            continue
        verdict = judge(source.spec, snap.key, parsed.rows, parsed.rejects.height, last, snap.key in operator_accepted)
        verdicts.append(verdict)
        if verdict.accepted:
            last, chosen, chosen_parsed = verdict, (snap, pkey), parsed
            unfolded.append((*_history_rows(parsed), snap.key, snap.fetched_on))
            unfolded_bytes += parsed.scores.estimated_size() + parsed.models.estimated_size()
            if unfolded_bytes >= FOLD_BYTES:
                fold_unfolded()
    fold_unfolded()
    history, model_history = runs.frame(), model_runs.frame()
    if chain and start < len(chain):
        fold_cache.store(sid, chain[-1][2], {
            "verdicts": [v.__dict__ for v in verdicts],
            "last": next((i for i in range(len(verdicts) - 1, -1, -1) if verdicts[i] is last), None),
            "chosen": chosen[0].key if chosen else None,
        }, history, model_history)

    status["verdicts"] = [v.__dict__ for v in verdicts]
    newest = verdicts[-1] if verdicts else None
    refused = [v for v in verdicts if not v.accepted and (chosen is None or v.snapshot > chosen[0].key)]
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
            pl.DataFrame(schema=STAGED_SCORE_COLUMNS),
            pl.concat(refusals) if refusals else pl.DataFrame(schema=REJECT_COLUMNS),
            status,
        )
    snap = chosen[0]
    chosen_parsed = chosen_parsed or parse(*chosen)
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
    return StagedSource(sid, chosen_parsed.models, chosen_parsed.scores, pl.concat([*refusals, chosen_parsed.rejects]), status,
                        history=history, model_history=model_history)
