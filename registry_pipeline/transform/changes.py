"""What changed against the previously published build: models added, removed or re-described, scores
added, removed or changed, benchmark ids merged into another benchmark, sources that fell back or failed.

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
MODEL_FIELDS = ("name", "provider", "family", "status", "releaseDate", "trainingCutoff", "isOpenSource", "licence", "capabilities",
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
    models, scores, meta, benchmarks = (_read_json(v1 / name / "index.json") for name in ("models", "scores", "meta", "benchmarks"))
    if not (models and scores and meta):
        return None
    return {"models": models.get("models", []), "scores": scores.get("scores", []), "sources": meta.get("sources", []),
            "benchmarks": [b["id"] for b in (benchmarks or {}).get("benchmarks", [])], "generated_at": meta.get("generatedAt")}


def _models_frame(models: list[dict]) -> pl.DataFrame:
    """One row per (model, field) with the field's value as sorted JSON text (vectorised comparison)."""
    rows = [{"model_id": m["id"], "display_name": m.get("name"),
             **{f: orjson.dumps(m.get(f), option=orjson.OPT_SORT_KEYS).decode() for f in MODEL_FIELDS}} for m in models]
    return pl.DataFrame(rows, schema={"model_id": pl.String, "display_name": pl.String, **{f: pl.String for f in MODEL_FIELDS}})


def _layout(body: dict) -> dict:
    """A body's keys, nested: {key: the layout of a value that is an object, else None}."""
    return {k: _layout(v) if isinstance(v, dict) else None for k, v in body.items()}


def _shape(bodies: list[dict]) -> dict:
    """The keys any of `bodies` has, nested (their layouts merged)."""
    shape: dict = {}
    merged: list[dict] = []  # the layouts merged so far (bodies mostly share one)
    for body in bodies:
        layout = _layout(body)
        if layout not in merged:
            merged.append(layout)
            shape = _merge_shapes(shape, layout)
    return shape


def _merge_shapes(a: dict, b: dict) -> dict:
    out = dict(a)
    for key, nested in b.items():
        if key not in out or out[key] is None:
            out[key] = nested
        elif nested is not None:
            out[key] = _merge_shapes(out[key], nested)
    return out


def _restrict(body: dict, shape: dict) -> dict:
    return {k: (_restrict(v, shape[k]) if isinstance(v, dict) and shape[k] is not None else v) for k, v in body.items() if k in shape}


def in_shape_of(models: list[dict], previous: list[dict]) -> list[dict]:
    """This build's model summaries without the fields the previous build's had none of (a field the API gained,
    `licence`, `specs.parameters`): a model is re-described when a value it had published changes, not when the
    API starts publishing another of its facts. No previous summaries: unchanged."""
    if not previous:
        return models
    shape = _shape(previous)
    if _merge_shapes(shape, _shape(models)) == shape:  # no field is new (every build but the first after a change)
        return models
    return [_restrict(m, shape) for m in models]


# ScoreRow fields that say what a score measured: a change of them is a change of the score even where its value
# and source stay (the same 61.9 now says it was run in aider's whole-file format; LiveBench's next release)
SETTING_FIELDS = {"variant": "variant", "benchmarkVersion": "benchmark_version"}


def _scores_frame(scores: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"model_id": r["modelId"], "benchmark_id": r["benchmarkId"], "score": r["score"], "source_id": r["sourceId"],
          **{column: r.get(field) for field, column in SETTING_FIELDS.items()}} for r in scores],
        schema={"model_id": pl.String, "benchmark_id": pl.String, "score": pl.Float64, "source_id": pl.String,
                **dict.fromkeys(SETTING_FIELDS.values(), pl.String)},
    )


def _json_text(column: str) -> pl.Expr:
    """A value as JSON text (`"whole"`, `null`), as a model_changed change gives its fields': polars' encoding of
    `{"v": value}` without its key."""
    encoded = pl.struct(pl.col(column).alias("v")).struct.json_encode()
    return encoded.str.strip_prefix('{"v":').str.strip_suffix("}")


def diff(previous: dict | None, models: list[dict], scores: list[dict], sources: list[dict],
         former_benchmark_ids: dict[str, str] | None = None) -> pl.DataFrame:
    """The changes from `previous` (published_state) to this build's model summaries, score rows and
    meta sources (API bodies), by joins on polars frames. No previous build: no changes (the first
    build is the baseline). `former_benchmark_ids` (former id -> benchmark id): a benchmark id the previous
    build published that is a former id now is one `benchmark_merged` change (old: the id, new: the
    benchmark's), and its scores are compared as the benchmark's: a score that moved is no change."""
    if previous is None:
        return pl.DataFrame(schema=CHANGE_COLUMNS)
    former = former_benchmark_ids or {}
    merged = pl.DataFrame({"old": [b for b in previous.get("benchmarks", []) if b in former]}, schema={"old": pl.String}).with_columns(
        new=pl.col("old").replace_strict(former, default=None, return_dtype=pl.String)).select(
        "old", "new", benchmark_id="new", kind=pl.lit("benchmark_merged"), field=pl.lit("id")).sort("old")
    old_m, new_m = _models_frame(previous["models"]), _models_frame(in_shape_of(models, previous["models"]))
    added = new_m.join(old_m, on="model_id", how="anti").select("model_id", kind=pl.lit("model_added"), new="display_name")
    removed = old_m.join(new_m, on="model_id", how="anti").select("model_id", kind=pl.lit("model_removed"), old="display_name")
    both = old_m.join(new_m, on="model_id", suffix="_new")
    described = pl.concat([
        both.filter(pl.col(f) != pl.col(f"{f}_new")).select("model_id", kind=pl.lit("model_changed"), field=pl.lit(f),
                                                            old=pl.col(f), new=pl.col(f"{f}_new"))
        for f in MODEL_FIELDS
    ]).sort("model_id", maintain_order=True)
    old_s, new_s = _scores_frame(previous["scores"]), _scores_frame(scores)
    # a score published under a former id is the benchmark's (one score a pair: the winner after the merge)
    old_s = (old_s.with_columns(_merged=pl.col("benchmark_id").is_in(list(former)),
                                benchmark_id=pl.col("benchmark_id").replace(list(former), list(former.values())))
             .sort("_merged").unique(["model_id", "benchmark_id"], keep="first", maintain_order=True).drop("_merged"))
    key = ["model_id", "benchmark_id"]
    score_added = new_s.join(old_s, on=key, how="anti").select(*key, "source_id", kind=pl.lit("score_added"), new=pl.col("score").cast(pl.String))
    score_removed = old_s.join(new_s, on=key, how="anti").select(*key, "source_id", kind=pl.lit("score_removed"), old=pl.col("score").cast(pl.String))
    pair = pl.struct(score="score", sourceId="source_id")
    pair_new = pl.struct(score="score_new", sourceId="source_id_new")
    both_s = old_s.join(new_s, on=key, suffix="_new")
    valued = (
        both_s.filter((pl.col("score") != pl.col("score_new")) | (pl.col("source_id") != pl.col("source_id_new")))
        .select(*key, source_id="source_id_new", kind=pl.lit("score_changed"),
                field=pl.when(pl.col("source_id") == pl.col("source_id_new")).then(pl.lit("score")).otherwise(pl.lit("source")),
                old=pair.struct.json_encode(), new=pair_new.struct.json_encode())
    )
    # what the score measured, one change a field (beside a change of its value or source, if any)
    measured = [
        both_s.filter(pl.col(column).ne_missing(pl.col(f"{column}_new")))
        .select(*key, source_id="source_id_new", kind=pl.lit("score_changed"), field=pl.lit(field),
                old=_json_text(column), new=_json_text(f"{column}_new"))
        for field, column in SETTING_FIELDS.items()
    ]
    score_changed = pl.concat([valued, *measured]).sort(*key, maintain_order=True)
    old_status = pl.DataFrame([{"source_id": s["id"], "old": s.get("status")} for s in previous["sources"]],
                              schema={"source_id": pl.String, "old": pl.String})
    new_status = pl.DataFrame([{"source_id": s["id"], "new": s.get("status")} for s in sources], schema={"source_id": pl.String, "new": pl.String})
    fell = (
        new_status.join(old_status, on="source_id", how="left")
        .filter(pl.col("new").is_in(["fallback", "failed"]) & (pl.col("old").is_null() | (pl.col("old") != pl.col("new"))))
        .select("source_id", "old", "new", kind=pl.format("source_{}", "new"), field=pl.lit("status"))
    )
    base = {k: v for k, v in CHANGE_COLUMNS.items() if k not in ("generated_at", "previous_generated_at")}
    frame = pl.concat([
        p.with_columns(pl.lit(None, t).alias(c) for c, t in base.items() if c not in p.columns).select(list(base)).cast(base)
        for p in (added.sort("model_id"), removed.sort("model_id"), described, merged, score_added.sort(key), score_removed.sort(key),
                  score_changed.sort(key), fell.sort("source_id"))
    ])
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
