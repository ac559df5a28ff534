"""Whether a frame passes a pandera contract, asked in one polars query.

pandera's polars backend runs each of a contract's checks (a column's nullability, each `Field`
bound, each custom check) as a query of its own: about 47 for `ScoreObservationSchema`, 12-16 ms a
validation on a source's frame, most of it starting queries. Nearly every frame passes. `passes`
takes pandera's own check objects (the same `PolarsCheckBackend.apply` that builds each check's
boolean column, the same dtype engine), puts every check's verdict side by side in one query and
collects it once. When it says yes, pandera would have found nothing; anything else (a failing row,
a contract feature this does not read, a check that raises) leaves the answer to pandera itself,
which then names every failure case (`quarantine.split_valid`).

`passes_each` asks it of several frames at once (a source's snapshots on a cold build: 160 at the
recordings, two contracts each, ~3 ms a question however small the frame).
"""

from __future__ import annotations

import functools

import pandera.backends.polars.builtin_checks  # noqa: F401  (registers Field checks for polars frames)
import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData
from pandera.backends.polars.checks import PolarsCheckBackend
from pandera.constants import CHECK_OUTPUT_KEY
from pandera.engines.polars_engine import Engine

from registry_pipeline.schemas.contracts import PART, PART_AWARE


class _Plan:
    """What `passes` asks of a frame for one contract: the columns' dtypes and nullability, each check."""

    def __init__(self, model: type[pa.DataFrameModel]):
        schema = model.to_schema()
        columns = schema.columns
        # only what this module reads; a contract using more (pandera would coerce, fill defaults, add or
        # drop columns, check uniqueness, ...) is always validated by pandera itself
        self.supported = not (
            schema.strict is True or schema.ordered or schema.unique or schema.coerce or schema.add_missing_columns
            or getattr(schema, "drop_invalid_rows", False) or getattr(schema, "parsers", None)
            or any(c.unique or c.coerce or c.regex or not c.required or c.default is not None
                   or getattr(c, "parsers", None) or getattr(c, "drop_invalid_rows", False) for c in columns.values())
        )
        self.dtypes = {name: c.dtype for name, c in columns.items()}
        self.not_null = [name for name, c in columns.items() if not c.nullable]
        self.checks = [(name, check) for name, c in columns.items() for check in c.checks]
        self.checks += [("*", check) for check in schema.checks]


@functools.cache
def _plan(model: type[pa.DataFrameModel]) -> _Plan:
    return _Plan(model)


def _verdict(frame: pl.LazyFrame, key: str, check: pa.Check) -> pl.LazyFrame:
    """One check's rows as pandera's backend computes them, folded to one boolean (its null rule too)."""
    out = PolarsCheckBackend(check).apply(PolarsData(frame, key))
    if isinstance(out, bool):
        return pl.LazyFrame({CHECK_OUTPUT_KEY: [out]})
    ok = pl.col(CHECK_OUTPUT_KEY)
    ok = (ok | ok.is_null()) if check.ignore_na else ok.fill_null(False)
    return out.select(ok.all())


def passes(frame: pl.DataFrame, model: type[pa.DataFrameModel]) -> bool:
    """True only when `model.validate(frame)` would pass: every column there with its dtype, no null
    (or NaN, in a float column) where the contract forbids it, and every check true on every row."""
    plan = _plan(model)
    if not plan.supported:
        return False
    schema = frame.schema
    for name, dtype in plan.dtypes.items():
        if name not in schema:
            return False
        if dtype is not None and not dtype.check(Engine.dtype(schema[name])):
            return False
    lazy = frame.lazy()
    verdicts = []
    if plan.not_null:
        verdicts.append(lazy.select(
            (pl.col(name).is_not_null() & pl.col(name).is_not_nan() if schema[name].is_float() else pl.col(name).is_not_null())
            .all() for name in plan.not_null
        ))
    try:
        verdicts += [_verdict(lazy, key, check) for key, check in plan.checks]
        row = pl.concat(
            [v.select(pl.all().name.prefix(f"{i}:")) for i, v in enumerate(verdicts)], how="horizontal"
        ).collect(engine="in-memory").row(0)
    except Exception:  # noqa: BLE001  (a check that cannot run here is pandera's to report)
        return False
    return all(v is True for v in row)


def passes_each(frames: list[pl.DataFrame], model: type[pa.DataFrameModel]) -> bool:
    """True only when `passes(frame, model)` is true of every frame, asked in one query: the frames put end to
    end, each row carrying its frame's number in `contracts.PART`, for a contract that judges rows by
    themselves or by their own part (`contracts.PART_AWARE`). Frames of another contract, or whose columns
    differ, are asked one at a time."""
    if (len(frames) <= 1 or model not in PART_AWARE or PART in frames[0].columns
            or any(frame.schema != frames[0].schema for frame in frames[1:])):
        return all(passes(frame, model) for frame in frames)
    return passes(pl.concat([frame.with_columns(pl.lit(i, pl.UInt32).alias(PART)) for i, frame in enumerate(frames)]), model)
