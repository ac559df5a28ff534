"""What changed against the previously published build: models added, removed or re-described, scores
added, removed or changed, sources that fell back or failed.

The baseline is the API as published (`data/warehouse/api/v1`: the models list, the scores list and
meta's sources), so "changed" means "changed for a consumer". Each build's changes are appended to a log
(`data/warehouse/changes.jsonl`, one JSON object a change, stamped with the build's `generatedAt` and
the previous build's); an unchanged rebuild appends nothing. The log is what the warehouse's `changes`
table and `/api/v1/changes*` are made of.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import polars as pl

CHANGE_COLUMNS: dict[str, pl.DataType] = {
    "generated_at": pl.String, "previous_generated_at": pl.String, "kind": pl.String, "model_id": pl.String,
    "benchmark_id": pl.String, "source_id": pl.String, "field": pl.String, "old": pl.String, "new": pl.String,
}
# ModelSummary fields whose change re-describes a model (coverage follows the scores and is left out)
MODEL_FIELDS = ("name", "provider", "family", "status", "releaseDate", "trainingCutoff", "isOpenSource", "capabilities",
                "specs", "apiSupport")
RETENTION_DAYS = 30  # /api/v1/changes/{YYYY-MM-DD} is kept this many days


def log_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / "changes.jsonl"


def read_log(path: Path) -> pl.DataFrame:
    if not path.is_file() or path.stat().st_size == 0:
        return pl.DataFrame(schema=CHANGE_COLUMNS)
    rows = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    return pl.DataFrame(rows, schema=CHANGE_COLUMNS)


def append_log(path: Path, changes: pl.DataFrame) -> int:
    if changes.is_empty():
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as f:
        for row in changes.select(list(CHANGE_COLUMNS)).to_dicts():
            f.write(orjson.dumps(row, option=orjson.OPT_SORT_KEYS) + b"\n")
    return changes.height


def _read_json(path: Path) -> dict | None:
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None


def published_state(api_dir: Path) -> dict | None:
    """The previously published build: its models, scores, sources' status and generatedAt (None if none)."""
    v1 = api_dir / "v1"
    models, scores, meta = (_read_json(v1 / name / "index.json") for name in ("models", "scores", "meta"))
    if not (models and scores and meta):
        return None
    return {"models": models.get("models", []), "scores": scores.get("scores", []), "sources": meta.get("sources", []),
            "generated_at": meta.get("generatedAt")}


def _text(value) -> str | None:
    return None if value is None else orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def diff(previous: dict | None, models: list[dict], scores: list[dict], sources: list[dict]) -> pl.DataFrame:
    """The changes from `previous` (published_state) to this build's model summaries, score rows and
    meta sources (API bodies). No previous build: no changes (the first build is the baseline)."""
    if previous is None:
        return pl.DataFrame(schema=CHANGE_COLUMNS)
    rows: list[dict] = []
    old_models = {m["id"]: m for m in previous["models"]}
    new_models = {m["id"]: m for m in models}
    for mid in sorted(new_models.keys() - old_models.keys()):
        rows.append({"kind": "model_added", "model_id": mid, "new": new_models[mid].get("name")})
    for mid in sorted(old_models.keys() - new_models.keys()):
        rows.append({"kind": "model_removed", "model_id": mid, "old": old_models[mid].get("name")})
    for mid in sorted(old_models.keys() & new_models.keys()):
        for f in MODEL_FIELDS:
            before, after = old_models[mid].get(f), new_models[mid].get(f)
            if before != after:
                rows.append({"kind": "model_changed", "model_id": mid, "field": f, "old": _text(before), "new": _text(after)})
    key = lambda r: (r["modelId"], r["benchmarkId"])  # noqa: E731
    old_scores = {key(r): r for r in previous["scores"]}
    new_scores = {key(r): r for r in scores}
    for k in sorted(new_scores.keys() - old_scores.keys()):
        r = new_scores[k]
        rows.append({"kind": "score_added", "model_id": k[0], "benchmark_id": k[1], "source_id": r["sourceId"], "new": _text(r["score"])})
    for k in sorted(old_scores.keys() - new_scores.keys()):
        r = old_scores[k]
        rows.append({"kind": "score_removed", "model_id": k[0], "benchmark_id": k[1], "source_id": r["sourceId"], "old": _text(r["score"])})
    for k in sorted(old_scores.keys() & new_scores.keys()):
        a, b = old_scores[k], new_scores[k]
        if (a["score"], a["sourceId"]) != (b["score"], b["sourceId"]):
            rows.append({"kind": "score_changed", "model_id": k[0], "benchmark_id": k[1], "source_id": b["sourceId"],
                         "field": "score" if a["sourceId"] == b["sourceId"] else "source",
                         "old": _text({"score": a["score"], "sourceId": a["sourceId"]}),
                         "new": _text({"score": b["score"], "sourceId": b["sourceId"]})})
    old_status = {s["id"]: s.get("status") for s in previous["sources"]}
    for s in sources:
        status, before = s.get("status"), old_status.get(s["id"])
        if status in ("fallback", "failed") and status != before:
            rows.append({"kind": f"source_{status}", "source_id": s["id"], "old": before, "new": status, "field": "status"})
    frame = pl.DataFrame(rows, schema={k: v for k, v in CHANGE_COLUMNS.items() if k not in ("generated_at", "previous_generated_at")})
    return frame.with_columns(
        generated_at=pl.lit(None, pl.String), previous_generated_at=pl.lit(previous.get("generated_at"), pl.String)
    ).select(list(CHANGE_COLUMNS))


def stamped(changes: pl.DataFrame, generated_at: str) -> pl.DataFrame:
    return changes.with_columns(generated_at=pl.lit(generated_at, pl.String))


def latest_build(log: pl.DataFrame) -> pl.DataFrame:
    """The changes of the newest build that changed anything."""
    if log.is_empty():
        return log
    return log.filter(pl.col("generated_at") == pl.col("generated_at").max())


def by_day(log: pl.DataFrame, today: dt.date) -> dict[str, pl.DataFrame]:
    """Changes per day of `generated_at`, for the last RETENTION_DAYS days."""
    if log.is_empty():
        return {}
    days = log.with_columns(day=pl.col("generated_at").str.slice(0, 10))
    first = (today - dt.timedelta(days=RETENTION_DAYS - 1)).isoformat()
    return {d: frame.drop("day") for (d,), frame in days.filter(pl.col("day") >= first).group_by("day", maintain_order=True)}
