"""The ledger of published model ids: every id the API ever published stays answerable.

Ids are the makers' own ids (`identity`), so they do not move when a maker adds a snapshot. An id can
still leave the model list: two spellings of one model admitted from hosts' listings are merged once
a rule or a curated alias joins them (`llama3-2-1b-instruct` into `llama-3-2-1b-instruct`), or a
source stops listing a model. The ledger (`data/ids/models.csv`: id, name, provider, first
published) is read before each build and appended to after each publish. A ledger id that is no
model now is resolved as a name through the same identity keys (the id, then the name it was
published with where that says more than the id): when it names one model it is
published as an alias of it (`former-id`, `/api/v1/models/{id}` answers); otherwise it is listed as
retired (warehouse `retired_model_ids`, the build's metadata) and never reused for another model.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from registry_pipeline.transform import identity

LEDGER_COLUMNS: dict[str, pl.DataType] = {"id": pl.String, "name": pl.String, "provider": pl.String, "first_published": pl.Date}
RETIRED_COLUMNS: dict[str, pl.DataType] = {**LEDGER_COLUMNS, "reason": pl.String}


def ledger_path(data_dir: Path) -> Path:
    return data_dir / "ids" / "models.csv"


def read_ledger(path: Path, columns: dict[str, pl.DataType] = LEDGER_COLUMNS) -> pl.DataFrame:
    """A ledger of published ids (`columns`: the model ledger's by default); empty when there is none yet."""
    if not path.is_file():
        return pl.DataFrame(schema=columns)
    return pl.read_csv(path, schema=columns)


def append_ledger(path: Path, published: pl.DataFrame, on: dt.date, columns: dict[str, pl.DataType] = LEDGER_COLUMNS) -> int:
    """Append the ids of `published` (models, or benchmarks with the benchmark ledger's `columns`) the ledger
    does not hold yet; returns how many were added. Append-only: a row once written is never rewritten (the
    file is sorted by first publication)."""
    ledger = read_ledger(path, columns)
    new = (
        published.select([c for c in columns if c != "first_published"])
        .join(ledger.select("id"), on="id", how="anti")
        .with_columns(first_published=pl.lit(on, pl.Date))
        .sort("id")
        .cast(columns)
    )
    if new.is_empty():
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    header = not path.is_file()
    with path.open("a", encoding="utf-8", newline="") as f:
        new.write_csv(f, include_header=header)
    return new.height


def former_ids(ledger: pl.DataFrame, models: pl.DataFrame, aliases: pl.DataFrame, keys: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(aliases for the ledger ids that are no model and no alias now, retired ids).

    `aliases` are the published aliases (alias, model_id, ...); `keys` the identity key table."""
    gone = ledger.join(models.select("id"), on="id", how="anti").join(aliases.select(id="alias").unique(), on="id", how="anti")
    if gone.is_empty():
        return pl.DataFrame(schema={"alias": pl.String, "model_id": pl.String, "variant": pl.String, "since": pl.Date,
                                    "until": pl.Date, "rule": pl.String, "note": pl.String}), pl.DataFrame(schema=RETIRED_COLUMNS)
    # the id as a name, then the name it was published with where that says more than the id (Bedrock's
    # `nvidia-nemotron-nano-12b-v2`, published as "NVIDIA Nemotron Nano 12B v2 VL": the id is the text model's
    # name, the name says which model it was); never a name saying less ("GPT-4o" of `gpt-4o-2024-05-13`), which
    # may name another model now
    says_more = identity.version_split(identity.name_key(pl.col("name"))).str.starts_with(
        pl.format("{}-", identity.version_split(pl.col("id"))))
    tries = pl.concat([gone.select("id", raw_model_name="id", _try=pl.lit(0)),
                       gone.filter(says_more.fill_null(False)).select("id", raw_model_name="name", _try=pl.lit(1))])
    names = tries.select("raw_model_name", source_id=pl.lit("ledger"), model_hint=pl.lit(None, pl.String), as_of_date=pl.lit(None, pl.Date)).unique()
    resolved, _ = identity.resolve(names, keys, review=False)
    hits = tries.join(resolved.select("raw_model_name", "model_id", why="unresolved_reason"), on="raw_model_name", how="left")
    # the first try that names a model; else the id's own reason
    best = hits.sort("id", pl.col("model_id").is_null(), "_try").unique("id", keep="first", maintain_order=True)
    found = gone.join(best.select("id", "model_id", "why"), on="id", how="left")
    moved = found.filter(pl.col("model_id").is_not_null()).select(
        alias="id", model_id="model_id", variant=pl.lit(None, pl.String), since=pl.lit(None, pl.Date), until=pl.lit(None, pl.Date),
        rule=pl.lit("former-id"),
        note=pl.format("published as a model id from {}; the same model as {}", pl.col("first_published").cast(pl.String), "model_id"),
    )
    retired = found.filter(pl.col("model_id").is_null()).select(
        *LEDGER_COLUMNS, reason=pl.col("why").fill_null("no source lists this model any more")
    ).cast(RETIRED_COLUMNS)
    return moved, retired
