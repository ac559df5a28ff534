"""`one_query.passes` asks a contract's checks in one polars query. It must answer as pandera does, on the
real frames and on hostile ones: a yes where pandera says no would let a bad row through unquarantined."""

from __future__ import annotations

import math

import pandera.errors as pa_errors
import pandera.polars as pa
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from pandera.typing.polars import Series

from registry_pipeline.raw_store import RawStore
from registry_pipeline.schemas import ModelRecordSchema, PublishedScoreSchema, ScoreObservationSchema, contracts, one_query, split_valid
from registry_pipeline.sources import all_sources
from registry_pipeline.sources.base import ParseContext
from registry_pipeline.staging import contract_columns, stage_source
from registry_pipeline.transform.build import build_registry
from registry_pipeline_tests.conftest import RAW


def pandera_passes(frame: pl.DataFrame, model) -> bool:
    try:
        model.validate(frame, lazy=True)
        return True
    except pa_errors.SchemaErrors:
        return False


@pytest.fixture(scope="module")
def real() -> dict[str, list[pl.DataFrame]]:
    """Every shipped snapshot's model records and scores as staging validates them, and the published scores."""
    store = RawStore(RAW)
    out: dict[str, list[pl.DataFrame]] = {"models": [], "scores": [], "published": []}
    staged = []
    for source in all_sources():
        snaps = store.snapshots(source.spec.id)
        snap = snaps[-1]
        parsed = source.parse(snap.read(), ParseContext(source_id=source.spec.id, fetched_on=snap.fetched_on))
        models, scores = contract_columns(parsed)
        out["models"] += [models] if models.height else []
        out["scores"] += [scores] if scores.height else []
        staged.append(stage_source(source, snaps, {"mode": "offline"}, "test-run"))
    published = build_registry(staged).registry.scores
    out["published"] = [published.select(list(PublishedScoreSchema.to_schema().columns))]
    return out


CONTRACTS = {"models": ModelRecordSchema, "scores": ScoreObservationSchema, "published": PublishedScoreSchema}


def test_every_real_frame_gets_pandera_s_answer(real):
    answers = {kind: [(one_query.passes(f, CONTRACTS[kind]), pandera_passes(f, CONTRACTS[kind])) for f in frames]
               for kind, frames in real.items()}
    for kind, pairs in answers.items():
        assert [a for a, _ in pairs] == [b for _, b in pairs], kind
    # the shipped snapshots are clean: every frame passes (else this test would compare only failures)
    assert all(a for pairs in answers.values() for a, _ in pairs)
    assert len(answers["models"]) >= 7 and len(answers["scores"]) >= 30


# values a hostile upstream sends, by the column's dtype
HOSTILE = {
    pl.String: [None, "", " ", "a\u202eb", "zero\u200bwidth", "x" * 600, "..", "/", "\u0663\u0664", "2026-13", "2026-07",
                "percent", "fraction", "elo", "provider", "third_party", "deprecated", "nope", "a\tb", "a\x00b"],
    pl.Float64: [None, math.nan, math.inf, -math.inf, -1.0, 0.0, 0.5, 1.5, 99.9, 100.5, 4999.0, 5001.0, 1e30, 10_001.0],
    pl.Int64: [None, 0, -1, 1, 10**15, 10**14],
    pl.Date: [None],
    pl.Boolean: [None, True, False],
}

# one of each kind of fault, for the sweep over every column
SWEEP = {pl.String: [None, "", "a\u202eb", "x" * 600, "..", "2026-13", "nope"], pl.Float64: [None, math.nan, math.inf, -1.0, 1e30],
         pl.Int64: [None, 0, 10**15], pl.Date: [None], pl.Boolean: [None]}


def _set(frame: pl.DataFrame, row: int, column: str, value) -> pl.DataFrame:
    dtype = frame.schema[column]
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == row).then(pl.lit(value, dtype)).otherwise(pl.col(column)).alias(column)
    )


@st.composite
def hostile(draw, real, kind=None):
    kind = kind or draw(st.sampled_from(sorted(CONTRACTS)))
    frames = real[kind]
    frame = frames[draw(st.integers(0, len(frames) - 1))]
    start = draw(st.integers(0, max(frame.height - 1, 0)))
    frame = frame.slice(start, draw(st.integers(1, 60)))
    for _ in range(draw(st.integers(0, 3))):
        column = draw(st.sampled_from(frame.columns))
        values = HOSTILE.get(frame.schema[column].base_type(), [None])
        frame = _set(frame, draw(st.integers(0, frame.height - 1)), column, draw(st.sampled_from(values)))
    if draw(st.booleans()) and frame.height > 1:  # a row reported twice
        frame = pl.concat([frame, frame.slice(draw(st.integers(0, frame.height - 1)), 1)])
    change = draw(st.sampled_from(["none", "none", "none", "drop", "recast", "extra"]))
    column = draw(st.sampled_from(frame.columns))
    if change == "drop":
        frame = frame.drop(column)
    elif change == "recast" and not frame.schema[column].is_nested():  # another dtype (a parser's slip): frame-level
        frame = frame.with_columns(pl.col(column).cast(pl.String if frame.schema[column] != pl.String else pl.Categorical))
    elif change == "extra":  # contracts are not strict: an extra column is allowed
        frame = frame.with_columns(pl.lit(1).alias("unexpected"))
    return kind, frame


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hostile_frames_get_pandera_s_answer(real, data):
    kind, frame = data.draw(hostile(real))
    assert one_query.passes(frame, CONTRACTS[kind]) == pandera_passes(frame, CONTRACTS[kind])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_frames_asked_together_get_the_answer_each_gets(real, data):
    """`passes_each` (one source's snapshots asked at once) says yes only when pandera passes every frame: some
    of them hostile, some repeating another's rows (a snapshot repeats the last one's keys), some with other
    columns; the published scores' contract, whose checks span the whole frame, is asked frame by frame."""
    kind = data.draw(st.sampled_from(sorted(CONTRACTS)))
    frames = []
    for _ in range(data.draw(st.integers(1, 4))):
        if frames and data.draw(st.booleans()):
            frames.append(frames[-1])  # the same rows again, as the next snapshot of an unchanged source
        else:
            frames.append(data.draw(hostile(real, kind))[1] if data.draw(st.booleans()) else real[kind][0].head(20))
    want = all(pandera_passes(f, CONTRACTS[kind]) for f in frames)
    assert one_query.passes_each(frames, CONTRACTS[kind]) == want


def test_a_row_key_again_in_another_frame_is_no_repeat(real):
    """Two snapshots report the same rows: each passes, and so do both asked together, though the rows put end
    to end would repeat every key; a repeat within one of them still fails."""
    scores = real["scores"][0].head(10)
    assert one_query.passes_each([scores, scores], ScoreObservationSchema)
    assert not pandera_passes(pl.concat([scores, scores]), ScoreObservationSchema)
    twice = pl.concat([scores, scores.head(1)])
    assert not one_query.passes_each([scores, twice], ScoreObservationSchema)
    assert not one_query.passes_each([twice, scores, scores], ScoreObservationSchema)


def test_every_hostile_value_in_every_column_gets_pandera_s_answer(real):
    """Each contract column set, one at a time, to each hostile value of its dtype (a NaN where only the
    nullability check catches it, a null, an out-of-range number, an invisible character)."""
    for kind, contract in CONTRACTS.items():
        frame = real[kind][0].head(3)
        for column in frame.columns:
            for value in SWEEP.get(frame.schema[column].base_type(), [None]):
                bad = _set(frame, 1, column, value)
                assert one_query.passes(bad, contract) == pandera_passes(bad, contract), (kind, column, value)


def test_each_failure_is_still_named_by_pandera(real):
    """A frame that fails goes to pandera, which names the row, the column and the check (the quarantine)."""
    scores = real["scores"][0].head(5)
    bad = _set(_set(scores, 1, "raw_unit", "furlongs"), 3, "raw_value", math.nan)
    assert not one_query.passes(bad, ScoreObservationSchema)
    good, rejects = split_valid(bad, ScoreObservationSchema)
    assert good.height == 3
    reasons = sorted(rejects["reason"].to_list())
    assert any("raw_unit failed isin" in r and "furlongs" in r for r in reasons)
    assert any("value_is_finite" in r for r in reasons) and len(reasons) == 2


class _NullFails(pa.DataFrameModel):
    price: Series[pl.Float64] = pa.Field(nullable=True, ge=0, ignore_na=False)  # a null fails its bound


def test_a_check_that_does_not_ignore_nulls_fails_on_one():
    assert one_query.passes(pl.DataFrame({"price": [1.0, 2.0]}), _NullFails)
    with_null = pl.DataFrame({"price": [1.0, None]})
    assert not one_query.passes(with_null, _NullFails) and not pandera_passes(with_null, _NullFails)


class _Unique(pa.DataFrameModel):
    name: Series[str] = pa.Field(unique=True)


class _Raises(pa.DataFrameModel):
    name: Series[str]

    @pa.check("name")
    def _broken(cls, data) -> pl.LazyFrame:  # noqa: N805
        return data.lazyframe.select(pl.col(data.key).cast(pl.Int64) > 0)  # "a" cannot be cast: raises on collect


@pytest.mark.parametrize("contract", [_Unique, _Raises], ids=["a feature it does not read", "a check that raises"])
def test_what_it_cannot_answer_is_left_to_pandera(contract):
    frame = pl.DataFrame({"name": ["a", "a"]})
    assert not one_query.passes(frame, contract)  # no: pandera decides
    assert not pandera_passes(frame, contract)
    assert one_query.passes(pl.DataFrame({"name": ["a", "b"]}), contract) is False  # whatever the rows


ROW_KEY = ["source_id", "raw_model_key", "benchmark_id", "benchmark_version"]
# few distinct values, nulls among them: many rows repeat another's key
key_rows = st.lists(st.tuples(st.sampled_from(["aider", "lmarena"]), st.sampled_from(["a", "b", "", "a\u200b"]),
                              st.sampled_from(["mmlu", "gpqa"]), st.sampled_from([None, "v1", "v2"])), max_size=40)


@settings(max_examples=200, deadline=None)
@given(rows=key_rows, collide=st.booleans())
def test_the_first_of_each_row_key_is_told_as_a_struct_would_tell_it(rows, collide):
    """`first_of_its_key` (hashes, then the keys of the rows whose hashes repeat) says what
    `pl.struct(keys).is_first_distinct()` says, row for row; also when every hash collides."""
    frame = pl.DataFrame(rows, schema={k: pl.String for k in ROW_KEY}, orient="row")
    want = frame.select(pl.struct(ROW_KEY).is_first_distinct()).to_series().to_list()
    with pytest.MonkeyPatch.context() as patch:
        if collide:  # every row's hash the same: each is then told by its keys alone
            patch.setattr(contracts, "_key_hash", lambda keys: pl.lit(7, pl.UInt64))
        got = contracts.first_of_its_key(frame.lazy(), ROW_KEY).collect()
    assert got.columns == ["first"] and got.to_series().to_list() == want


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.one_of(st.none(), st.sampled_from(["gpt-4o", "..", "/", "Qwen/Qwen2.5-72B", "通义千问", ""]), st.text(max_size=12)),
                      max_size=30))
def test_a_check_worked_out_once_per_name_says_what_it_says_of_each_row(names):
    """`per_value` (the slug checks, once per distinct name, joined back) gives each row the verdict the
    expression gives it row by row, nulls and repeats included, in the rows' order."""
    frame = pl.DataFrame({"raw_model_name": names}, schema={"raw_model_name": pl.String})
    for verdict in (lambda n: contracts._slug_length(n) > 0, lambda n: contracts._slug_length(n).is_between(1, 5)):
        want = frame.select(verdict(pl.col("raw_model_name"))).to_series().to_list()
        got = contracts.per_value(frame.lazy(), "raw_model_name", verdict).collect()
        assert got.columns == ["ok"] and got.to_series().to_list() == want
