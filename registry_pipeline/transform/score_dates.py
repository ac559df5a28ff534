"""Scores dated before their model existed, by a source that adds rows to a dated file in place or that
dates each row by its model's release.

LiveBench dates every row of a release's table by the release, and keeps adding models to the table
afterwards: Claude Sonnet 4.6 (released 2026-02-17) is in the table of 2026-01-08, dated 2026-01-08, and
DeepSeek V3.2 (2025-12-01) in the table of 2025-11-25. A row of such a source
(`SourceSpec.rows_added_in_place`) dated before its model's release date was added later than its date
says, and is dated by its model's release date instead: the earliest day it can have been measured (but
never after the fetch that had the row: a release date later than that is wrong). That
date does not move from one fetch to the next (the first fetch that had the row would, and the history's
runs and the live scores would disagree), and it keeps a release's rows older than the next release's,
which dedupe prefers by date. A source that dates each row by its model's release rather than by the run
(`SourceSpec.dated_by_release`: BigCodeBench dates CodeLlama 70B, released 2024-01-29, by the CodeLlama family's
2023-08-25) is re-dated the same way: its date before the release is a mistake about the release. A row of any
other source keeps its date: there a date before the release is the source's own statement (a run on a
pre-release checkpoint, a report's date)."""

from __future__ import annotations

import polars as pl


def fetch_day_of_snapshot() -> pl.Expr:
    """The day of an observation's snapshot (its key: `2026-02-21/120000`)."""
    return pl.col("snapshot").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)


def redated(frame: pl.DataFrame, releases: pl.DataFrame, sources: tuple[str, ...], fetched: pl.Expr) -> pl.DataFrame:
    """`frame` (source_id, model_id, as_of_date, ...) with the `as_of_date` of a row of `sources` that is
    earlier than its model's release date (`releases`: id, release_date) set to that release date, or to the
    day the row was fetched (`fetched`) when that is earlier still (a release date after the source already
    had the row is wrong, and the row was there that day); the frame's order and columns kept."""
    if not sources or not frame["source_id"].is_in(list(sources)).any():
        return frame
    released = releases.select(model_id="id", __released="release_date").filter(pl.col("__released").is_not_null())
    dated = frame.join(released, on="model_id", how="left", maintain_order="left")
    added_later = pl.col("source_id").is_in(list(sources)) & (pl.col("as_of_date") < pl.col("__released")).fill_null(False)
    return dated.with_columns(
        as_of_date=pl.when(added_later).then(pl.min_horizontal("__released", fetched)).otherwise(pl.col("as_of_date"))
    ).drop("__released")
