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

LEDGER_COLUMNS: dict[str, pl.DataType] = {"id": pl.String, "name": pl.String, "category": pl.String, "first_published": pl.Date}
RETIRED_COLUMNS: dict[str, pl.DataType] = {**LEDGER_COLUMNS, "reason": pl.String}


def ledger_path(data_dir: Path) -> Path:
    return data_dir / "ids" / "benchmarks.csv"


def read_ledger(path: Path) -> pl.DataFrame:
    if not path.is_file():
        return pl.DataFrame(schema=LEDGER_COLUMNS)
    return pl.read_csv(path, schema=LEDGER_COLUMNS)


def append_ledger(path: Path, benchmarks: pl.DataFrame, on: dt.date) -> int:
    """Append the ids of `benchmarks` (id, name, category) the ledger does not hold yet; returns how many.
    Append-only: a row once written is never rewritten."""
    ledger = read_ledger(path)
    new = (
        benchmarks.select("id", "name", "category")
        .join(ledger.select("id"), on="id", how="anti")
        .with_columns(first_published=pl.lit(on, pl.Date))
        .sort("id")
        .cast(LEDGER_COLUMNS)
    )
    if new.is_empty():
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    header = not path.is_file()
    with path.open("a", encoding="utf-8", newline="") as f:
        new.write_csv(f, include_header=header)
    return new.height


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
