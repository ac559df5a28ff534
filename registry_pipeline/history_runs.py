"""A source's history as value runs: one row per observation per stretch of accepted snapshots in which
it kept the same value, not one row per snapshot.

A year of daily snapshots in which a few per cent of rows change each day is ~365 x the rows of one
snapshot as per-snapshot rows, and ~1 + 365 x (the share that changes) x the rows as runs. A run has
`snapshot` and `fetched_on` (where the value was first seen), `last_snapshot` (the last accepted snapshot
that still had it) and `until_snapshot` (the next accepted snapshot, which no longer had it or had
another value; null while the newest accepted snapshot still has it).

`fold(runs, rows, key, snapshot, fetched_on)` adds one accepted snapshot (its rows as `observation_rows`
or `MODEL_FIELDS` give them, one per `key`): an open run whose row comes back unchanged stays open, every
other open run closes at this snapshot, and each row that continues no run opens one. Closed runs never
change again, so `Runs` keeps them apart from the open ones and a fold costs the size of one snapshot,
not of the history. `fold_many` adds several accepted snapshots at once, with the same runs as folding them
one by one (a cold build folds a curated file's every version). `with_removed_at` marks where each key was last
dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

RUN_COLUMNS: dict[str, pl.DataType] = {
    "snapshot": pl.String, "fetched_on": pl.Date, "last_snapshot": pl.String, "until_snapshot": pl.String,
}
# a score observation's identity in a source (one row per key and snapshot, as observation ids have it)
OBSERVATION_KEY = ["source_id", "raw_model_key", "benchmark_id", "benchmark_version"]
# what a run of an observation compares (raw_row and details are not kept: a change elsewhere in the row
# would break every run of that row)
OBSERVATION_FIELDS = ["source_id", "raw_model_name", "raw_model_key", "model_hint", "provider_hint", "variant",
                      "benchmark_id", "benchmark_version", "raw_value", "raw_unit", "as_of_date", "verification_level", "source_url"]
# a row a source does not date is dated by its fetch (`as_of_date` = the snapshot's day): that date moves
# with every fetch, so it is kept as `as_of_is_fetch_day` (and a null date) and a daily fetch of the same
# value stays one run; the date it had on a given day is that day's snapshot's (views.sql: scores_as_of)
FETCH_DAY = "as_of_is_fetch_day"
MODEL_KEY = ["source_id", "provider_id", "raw_model_id"]
MODEL_FIELDS = ["source_id", "raw_model_id", "raw_name", "provider_id"]


def observation_rows(scores: pl.DataFrame, fetched_on: dt.date) -> pl.DataFrame:
    """A snapshot's observations as the history compares them (OBSERVATION_FIELDS, fetch-day dates flagged)."""
    fetch_day = (pl.col("as_of_date") == pl.lit(fetched_on, pl.Date)).fill_null(False)
    return scores.select(
        *(pl.when(fetch_day).then(None).otherwise(pl.col(c)).alias(c) if c == "as_of_date" else pl.col(c) for c in OBSERVATION_FIELDS),
        fetch_day.alias(FETCH_DAY),
    )


@dataclass
class Runs:
    """The runs so far: the closed ones (never touched again) and the open ones."""

    closed: list[pl.DataFrame] = field(default_factory=list)
    open: pl.DataFrame | None = None

    def frame(self) -> pl.DataFrame | None:
        parts = [f for f in (*self.closed, self.open) if f is not None and f.height]
        return pl.concat(parts, how="vertical_relaxed", rechunk=True) if parts else None

    @classmethod
    def of(cls, frame: pl.DataFrame | None) -> "Runs":
        """Split a stored runs frame back into closed and open runs."""
        if frame is None:
            return cls()
        ended = pl.col("until_snapshot").is_not_null()
        return cls([frame.filter(ended)], frame.filter(~ended))


def _first_per_key(rows: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    """`rows` with the first row of each `key` only (a snapshot lists a key once)."""
    if rows.select(pl.struct(key).hash(seed=0).is_duplicated().any()).item():  # (a hash may clash: then unique() decides)
        return rows.unique(key, keep="first", maintain_order=True)
    return rows


def fold(runs: Runs, rows: pl.DataFrame, key: list[str], snapshot: str, fetched_on: dt.date) -> Runs:
    """The runs after one more accepted snapshot whose rows (already restricted to the compared fields) are `rows`."""
    rows = _first_per_key(rows, key)
    fields = rows.columns
    if runs.open is None or runs.open.is_empty():
        continuing = pl.DataFrame(schema={**rows.schema, **RUN_COLUMNS})
        ended = continuing
        started = rows
    else:
        open_ = runs.open
        continuing = open_.join(rows, on=fields, how="semi", nulls_equal=True).with_columns(last_snapshot=pl.lit(snapshot))
        ended = open_.join(rows, on=fields, how="anti", nulls_equal=True).with_columns(until_snapshot=pl.lit(snapshot))
        started = rows.join(open_.select(fields), on=fields, how="anti", nulls_equal=True)
    started = started.with_columns(
        snapshot=pl.lit(snapshot, pl.String), fetched_on=pl.lit(fetched_on, pl.Date),
        last_snapshot=pl.lit(snapshot, pl.String), until_snapshot=pl.lit(None, pl.String),
    )
    closed = [*runs.closed, ended] if ended.height else list(runs.closed)
    # the first snapshot's runs are its rows as they are: joined to an empty frame they would be copied whole
    # when the runs are put together (`Runs.frame` rechunks)
    opened = started if continuing.is_empty() else pl.concat([continuing, started], how="vertical_relaxed")
    return Runs(closed, opened)


def fold_many(runs: Runs, snapshots: list[tuple[pl.DataFrame, str, dt.date]], key: list[str]) -> Runs:
    """The runs after several more accepted snapshots, oldest first, each `(rows, snapshot, fetched_on)` as
    `fold` takes them: the same runs as folding them one by one, found at once (a value's run is a stretch of
    consecutive snapshots that have it: gaps and islands). A fold costs a few milliseconds however small the
    snapshot; a curated file's versions are folded in one."""
    if len(snapshots) < 2:
        return fold(runs, snapshots[0][0], key, *snapshots[0][1:]) if snapshots else runs
    rows = [r for r, _, _ in snapshots]
    fields = rows[0].columns
    n = len(snapshots)
    # every row with its snapshot's place in the batch (1..n; an open run is at 0)
    place = pl.DataFrame({"_i": range(1, n + 1), "rows": [r.height for r in rows]}, schema={"_i": pl.Int32, "rows": pl.Int64})
    new = pl.concat([r if r.columns == fields else r.select(fields) for r in rows], how="vertical_relaxed").with_columns(
        place.filter(pl.col("rows") > 0).select(pl.col("_i").repeat_by("rows").explode()).to_series())
    new = _first_per_key(new, [*key, "_i"])
    parts = [new]
    if runs.open is not None and runs.open.height:
        parts.insert(0, runs.open.select(fields, _i=pl.lit(0, pl.Int32), _snap0="snapshot", _day0="fetched_on", _last0="last_snapshot"))
    every = pl.concat(parts, how="diagonal_relaxed")
    # one row per distinct value (nulls equal, as the joins of `fold`), with the places that have it in order
    values = every.group_by(fields, maintain_order=True).agg(
        "_i", *(pl.col(c).drop_nulls().first() for c in ("_snap0", "_day0", "_last0") if c in every.columns),
    ).with_row_index("_g")
    places = values.select("_g", "_i").explode("_i")
    islands = places.with_columns(_island=pl.col("_i") - pl.int_range(pl.len()).over("_g")).group_by("_g", "_island", maintain_order=True).agg(
        _first=pl.col("_i").min(), _last=pl.col("_i").max())  # (in order: the runs' order is the same each build)
    keys = {i: s for i, (_, s, _) in enumerate(snapshots, start=1)}
    days = {i: d for i, (_, _, d) in enumerate(snapshots, start=1)}
    at = lambda col, table, dtype: pl.col(col).replace_strict(table, default=None, return_dtype=dtype)  # noqa: E731
    ran = islands.join(values.drop("_i"), on="_g").with_columns(
        snapshot=at("_first", keys, pl.String), fetched_on=at("_first", days, pl.Date),
        last_snapshot=at("_last", keys, pl.String), until_snapshot=(pl.col("_last") + 1).replace_strict(keys, default=None, return_dtype=pl.String),
    )
    if "_snap0" in ran.columns:  # a run open before the batch keeps where it began (and where it was last seen, if only there)
        began = pl.col("_first") == 0
        ran = ran.with_columns(snapshot=pl.when(began).then("_snap0").otherwise("snapshot"),
                               fetched_on=pl.when(began).then("_day0").otherwise("fetched_on"),
                               last_snapshot=pl.when(pl.col("_last") == 0).then("_last0").otherwise("last_snapshot"))
    ran = ran.select(*fields, *RUN_COLUMNS).cast(RUN_COLUMNS)
    ended = ran.filter(pl.col("until_snapshot").is_not_null())
    closed = [*runs.closed, ended] if ended.height else list(runs.closed)
    return Runs(closed, ran.filter(pl.col("until_snapshot").is_null()))


def with_removed_at(runs: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    """Add `removed_at_snapshot` per run: where the key's latest run ended (null while it is open): the first
    accepted snapshot of the source that no longer had the key at all."""
    # one window at a time (a window nested in another is evaluated group by group: 10 s at 380k rows)
    latest = runs.with_columns(_latest=pl.col("snapshot").max().over(key))
    return latest.with_columns(
        removed_at_snapshot=pl.when(pl.col("snapshot") == pl.col("_latest")).then(pl.col("until_snapshot")).max().over(key)
    ).drop("_latest")
