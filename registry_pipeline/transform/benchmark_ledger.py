"""The ledger of published benchmark ids: an id the API once published keeps naming its benchmark.

Every catalogue benchmark is published (`/api/v1/benchmarks`), so the catalogue decides which ids exist.
Two ids of one benchmark are merged by moving every source's name to one of them and listing the other
as its former id (`catalog/benchmark_former_ids.csv`): it keeps answering. The ledger
(`data/ids/benchmarks.csv`: id, name, category, first published) is read before each build and appended
to after each publish; an id in it that is neither a benchmark now nor a former id of one is listed as
retired (warehouse `retired_benchmark_ids`, the build's metadata): an id dropped without saying where its
scores went, which the next catalogue change should answer for.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from registry_pipeline.transform import id_ledger

LEDGER_COLUMNS: dict[str, pl.DataType] = {"id": pl.String, "name": pl.String, "category": pl.String, "first_published": pl.Date}
RETIRED_COLUMNS: dict[str, pl.DataType] = {**LEDGER_COLUMNS, "reason": pl.String}


def ledger_path(data_dir: Path) -> Path:
    return data_dir / "ids" / "benchmarks.csv"


def read_ledger(path: Path) -> pl.DataFrame:
    return id_ledger.read_ledger(path, LEDGER_COLUMNS)


def append_ledger(path: Path, benchmarks: pl.DataFrame, on: dt.date) -> int:
    """Append the ids of `benchmarks` (id, name, category) the ledger does not hold yet; returns how many.
    Append-only, as the model ledger (`id_ledger.append_ledger`)."""
    return id_ledger.append_ledger(path, benchmarks, on, LEDGER_COLUMNS)


def retired(ledger: pl.DataFrame, benchmarks: pl.DataFrame, former: pl.DataFrame) -> pl.DataFrame:
    """The ledger's ids that name no benchmark now: neither a catalogue id nor a former id (`former`:
    former_id, benchmark_id) of one."""
    return (
        ledger.join(benchmarks.select("id"), on="id", how="anti")
        .join(former.select(id="former_id"), on="id", how="anti")
        .with_columns(reason=pl.lit("no catalogue benchmark has this id, and catalog/benchmark_former_ids.csv does not say which one it became"))
        .cast(RETIRED_COLUMNS)
        .sort("id")
    )
