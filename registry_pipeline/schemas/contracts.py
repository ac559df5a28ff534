"""The data contracts: parsed model records, score observations, published scores."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pandera.polars as pa
from pandera.typing.polars import Series

from registry_pipeline.transform.slug import own_id_key

VERIFICATION_LEVELS = ["third_party", "provider", "community", "estimated"]
MODEL_STATUSES = ["active", "deprecated", "preview"]

# Parsed model metadata, one row per (source, source model). Prices in USD per 1M tokens.
MODEL_RECORD_COLUMNS: dict[str, pl.DataType] = {
    "source_id": pl.String,
    "raw_model_id": pl.String,  # the source's own id, e.g. "anthropic/claude-opus-4-5-20251101"
    "raw_name": pl.String,
    "provider_id": pl.String,  # the source's provider key, e.g. "anthropic"
    "provider_name": pl.String,
    "is_maker": pl.Boolean,  # listed by the model's maker (not a reseller)
    "is_alias": pl.Boolean,  # a moving alias of another row ("... (latest)")
    # the maker as this source names it (an organisation id, a repo owner, an id prefix such as
    # OpenRouter's "meta-llama"); catalog/makers.csv maps it to a maker, exactly. Null when unsaid.
    "maker_hint": pl.String,
    "family": pl.String,
    "release_date": pl.Date,
    "training_cutoff": pl.String,  # "YYYY-MM"
    "context_window": pl.Int64,
    "max_output_tokens": pl.Int64,
    "price_input": pl.Float64,
    "price_output": pl.Float64,
    "price_cache_input": pl.Float64,
    "price_cache_output": pl.Float64,
    "input_modalities": pl.List(pl.String),
    "output_modalities": pl.List(pl.String),
    "supports_reasoning": pl.Boolean,
    "supports_tools": pl.Boolean,
    "supports_structured_output": pl.Boolean,
    "supports_attachment": pl.Boolean,
    "open_weights": pl.Boolean,
    "status": pl.String,  # "active" | "deprecated" | "preview"
    "licence": pl.String,  # licence id or name as the source gives it ("mit", "apache-2.0", "Llama 3.1 Community")
    "param_count": pl.Int64,  # parameters, as a raw count (70_000_000_000)
    "base_model": pl.String,  # the model it was fine-tuned or quantised from, as the source names it
    "downloads": pl.Int64,  # Hugging Face downloads (last 30 days), null elsewhere
    "source_url": pl.String,  # the page this record comes from
    "output_tokens_per_second": pl.Float64,  # measured speed (AA), null elsewhere
    "time_to_first_token_s": pl.Float64,
    "as_of_date": pl.Date,
    "raw_row": pl.String,  # the source row as JSON, for rejects and audits
}

# One score as a source reports it, before identity resolution and unit conversion.
SCORE_OBSERVATION_COLUMNS: dict[str, pl.DataType] = {
    "source_id": pl.String,
    "raw_model_name": pl.String,  # the model as the source names it (what identity resolves)
    "raw_model_key": pl.String,  # the source's stable row key (AA slug, aider dirname)
    "model_hint": pl.String,  # a second spelling to try (aider: the id in `command`)
    "provider_hint": pl.String,  # the maker as the source names it, if it says
    "variant": pl.String,  # run setting: "high", "thinking", "32k thinking tokens", ...
    "benchmark_id": pl.String,  # catalogue benchmark id
    "benchmark_version": pl.String,  # the release of the benchmark measured ("2026-01-08") or its window of problems ("2024-08/2025-05"), null when unversioned
    "raw_value": pl.Float64,  # the number exactly as in the source
    "raw_unit": pl.String,  # "fraction" | "percent" | "index" | "elo" | "points"
    "as_of_date": pl.Date,
    "verification_level": pl.String,
    "source_url": pl.String,
    # what the source says about the run besides the score, as a JSON object: agent, CI, votes, cost...
    "details": pl.String,
    "raw_row": pl.String,
}

REJECT_COLUMNS: dict[str, pl.DataType] = {
    "source_id": pl.String,
    "stage": pl.String,  # "parse" | "validate" | "resolve" | "accept" | "publish"
    "reason": pl.String,
    "raw_row": pl.String,
}

RAW_UNITS = ["fraction", "percent", "index", "elo", "points"]

# A source's model ids and names are hostile input. Control and format characters (right-to-left
# overrides, zero-width joiners), private-use characters and line separators are invisible or reorder
# text: such an id could pass for another model's, so the row is quarantined, never cleaned up.
INVISIBLE_CHARS = r"[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]"
# in a display name, tabs and line breaks are only whitespace; every other invisible character is refused
INVISIBLE_IN_NAMES = r"[\p{Cf}\p{Co}\p{Zl}\p{Zp}\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
# an id becomes a file name (`models/<id>.json`) and a URL segment: its slug has 1 to MAX_ID_CHARS characters
MAX_ID_CHARS = 128
MAX_NAME_CHARS = 256  # a model's display name
MAX_SCORE_NAME_CHARS = 512  # a score row's model name (agent systems name several models)


def _slug_length(expr: pl.Expr) -> pl.Expr:
    """The length of the id a source's model id or name becomes (`slug.own_id_key`): 0 when it slugs
    to nothing (`..`, `/`, only punctuation or non-Latin script)."""
    return own_id_key(expr).str.len_chars().fill_null(0)


def per_value(frame: pl.LazyFrame, column: str, verdict: Callable[[pl.Expr], pl.Expr]) -> pl.LazyFrame:
    """One boolean column: `verdict` of each row's `column`, in the rows' order, worked out once per distinct
    value and joined back. A source repeats a model's name on each of its observations (the Open LLM
    Leaderboard's 960,960 at 30x the recordings name ~137,000 rows): slugging every row's name took 1.0 s and
    +101 MB there."""
    values = frame.select(column).unique().with_columns(__verdict=verdict(pl.col(column)))
    return (frame.select(column).join(values, on=column, how="left", nulls_equal=True, maintain_order="left")
            .select(ok="__verdict"))


def empty_frame(columns: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=columns)


class ModelRecordSchema(pa.DataFrameModel):
    source_id: Series[str] = pa.Field(nullable=False)
    raw_model_id: Series[str] = pa.Field(nullable=False, str_length={"min_value": 1, "max_value": MAX_ID_CHARS})
    raw_name: Series[str] = pa.Field(nullable=False, str_length={"min_value": 1, "max_value": MAX_NAME_CHARS})
    provider_id: Series[str] = pa.Field(nullable=True)
    provider_name: Series[str] = pa.Field(nullable=True)
    is_maker: Series[bool] = pa.Field(nullable=False)
    is_alias: Series[bool] = pa.Field(nullable=False)
    family: Series[str] = pa.Field(nullable=True)
    release_date: Series[pl.Date] = pa.Field(nullable=True)
    training_cutoff: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}-(0[1-9]|1[0-2])$")
    context_window: Series[pl.Int64] = pa.Field(nullable=True, gt=0)
    max_output_tokens: Series[pl.Int64] = pa.Field(nullable=True, gt=0)
    price_input: Series[pl.Float64] = pa.Field(nullable=True, ge=0, le=10_000)
    price_output: Series[pl.Float64] = pa.Field(nullable=True, ge=0, le=10_000)
    price_cache_input: Series[pl.Float64] = pa.Field(nullable=True, ge=0, le=10_000)
    price_cache_output: Series[pl.Float64] = pa.Field(nullable=True, ge=0, le=10_000)
    supports_reasoning: Series[bool] = pa.Field(nullable=True)
    supports_tools: Series[bool] = pa.Field(nullable=True)
    supports_structured_output: Series[bool] = pa.Field(nullable=True)
    supports_attachment: Series[bool] = pa.Field(nullable=True)
    open_weights: Series[bool] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(nullable=True, isin=MODEL_STATUSES)
    maker_hint: Series[str] = pa.Field(nullable=True)
    licence: Series[str] = pa.Field(nullable=True)
    param_count: Series[pl.Int64] = pa.Field(nullable=True, gt=0, lt=100_000_000_000_000)
    base_model: Series[str] = pa.Field(nullable=True)
    downloads: Series[pl.Int64] = pa.Field(nullable=True, ge=0)
    source_url: Series[str] = pa.Field(nullable=True)
    output_tokens_per_second: Series[pl.Float64] = pa.Field(nullable=True, ge=0)
    time_to_first_token_s: Series[pl.Float64] = pa.Field(nullable=True, ge=0)
    as_of_date: Series[pl.Date] = pa.Field(nullable=True)
    raw_row: Series[str] = pa.Field(nullable=False)

    @pa.check("raw_model_id", name="no_invisible_characters")
    def _visible_id(cls, data) -> pl.LazyFrame:  # noqa: N805
        return data.lazyframe.select(~pl.col(data.key).str.contains(INVISIBLE_CHARS))

    @pa.check("raw_name", name="no_invisible_characters")
    def _visible_name(cls, data) -> pl.LazyFrame:  # noqa: N805
        return data.lazyframe.select(~pl.col(data.key).str.contains(INVISIBLE_IN_NAMES))

    @pa.check("raw_model_id", name=f"slugs_to_1_to_{MAX_ID_CHARS}_characters")
    def _id_slug(cls, data) -> pl.LazyFrame:  # noqa: N805
        return per_value(data.lazyframe, data.key, lambda name: _slug_length(name).is_between(1, MAX_ID_CHARS))

    class Config:
        strict = False  # list columns (modalities) are checked by dtype in the parser
        coerce = False


# Frames checked together (one source's snapshots, `one_query.passes_each`) are one frame whose rows carry their
# frame's number in PART. A contract in PART_AWARE judges each row by itself, or by the rows of its own part
# only (a row key is the part's), so the whole passes exactly when every part passes. A check that judged
# rows across the whole frame (a share of nulls, a total) would break that: such a contract is not listed.
PART = "__part"


def _key_hash(keys: list[str]) -> pl.Expr:
    return pl.struct(keys).hash()


def first_of_its_key(frame: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """One boolean column: whether each row is the first of its `keys`, exactly as
    `pl.struct(keys).is_first_distinct()` says, in the rows' order. That expression encodes every row's keys
    anew (the Open LLM Leaderboard's 960,960 observations at 30x the recordings: +283 MB while it ran, the
    staging's highest point at 100x). Here the keys are hashed (8 bytes a row); a row whose hash no other row
    has is the first of its keys, and only the rows whose hashes repeat (true repeats, or a collision) are
    compared by their keys (+66 MB at 30x, 0.25 -> 0.23 s)."""
    rows = frame.select(keys).with_row_index("__row").with_columns(__hash=_key_hash(keys))
    repeated = rows.filter(pl.col("__hash").is_duplicated()).select("__row", __first=pl.struct(keys).is_first_distinct())
    return (rows.select("__row").join(repeated, on="__row", how="left", maintain_order="left")
            .select(first=pl.col("__first").fill_null(True)))


class ScoreObservationSchema(pa.DataFrameModel):
    source_id: Series[str] = pa.Field(nullable=False)
    raw_model_name: Series[str] = pa.Field(nullable=False, str_length={"min_value": 1, "max_value": MAX_SCORE_NAME_CHARS})
    raw_model_key: Series[str] = pa.Field(nullable=False)
    model_hint: Series[str] = pa.Field(nullable=True)
    provider_hint: Series[str] = pa.Field(nullable=True)
    variant: Series[str] = pa.Field(nullable=True)
    benchmark_id: Series[str] = pa.Field(nullable=False)
    benchmark_version: Series[str] = pa.Field(nullable=True)
    raw_value: Series[pl.Float64] = pa.Field(nullable=False)
    raw_unit: Series[str] = pa.Field(nullable=False, isin=RAW_UNITS)
    as_of_date: Series[pl.Date] = pa.Field(nullable=False)
    verification_level: Series[str] = pa.Field(nullable=False, isin=VERIFICATION_LEVELS)
    source_url: Series[str] = pa.Field(nullable=True)
    details: Series[str] = pa.Field(nullable=True)
    raw_row: Series[str] = pa.Field(nullable=False)

    @pa.dataframe_check
    def first_report_of_its_row_key(cls, data) -> pl.LazyFrame:  # noqa: N805
        """A source row key reports a benchmark (version) once; later repeats are quarantined. In frames checked
        together (`PART`), a key is one part's: each snapshot reports its rows anew."""
        keys = ["source_id", "raw_model_key", "benchmark_id", "benchmark_version"]
        return first_of_its_key(data.lazyframe, keys + ([PART] if PART in data.lazyframe.collect_schema() else []))

    @pa.check("raw_model_name", "model_hint", name="no_invisible_characters")
    def _visible(cls, data) -> pl.LazyFrame:  # noqa: N805
        return data.lazyframe.select(~pl.col(data.key).fill_null("").str.contains(INVISIBLE_IN_NAMES))

    @pa.check("raw_model_name", name="slugs_to_something")
    def _name_slug(cls, data) -> pl.LazyFrame:  # noqa: N805
        return per_value(data.lazyframe, data.key, lambda name: _slug_length(name) > 0)

    @pa.dataframe_check
    def value_is_finite(cls, data) -> pl.LazyFrame:  # noqa: N805
        return data.lazyframe.select(pl.col("raw_value").is_finite())

    @pa.dataframe_check
    def value_in_unit_range(cls, data) -> pl.LazyFrame:  # noqa: N805
        v, u = pl.col("raw_value"), pl.col("raw_unit")
        ok = (
            pl.when(u == "fraction").then(v.is_between(0, 1))
            .when(u.is_in(["percent", "index"])).then(v.is_between(0, 100))
            .when(u == "elo").then(v.is_between(0, 5000))
            .otherwise(v >= 0)
        )
        return data.lazyframe.select(ok)


class PublishedScoreSchema(pa.DataFrameModel):
    """The winning score per (model, benchmark), in the benchmark's unit."""

    model_id: Series[str] = pa.Field(nullable=False, str_matches=r"^[a-z0-9][a-z0-9.-]*$")
    benchmark_id: Series[str] = pa.Field(nullable=False)
    score: Series[pl.Float64] = pa.Field(nullable=False)
    normalized_score: Series[pl.Float64] = pa.Field(nullable=False, ge=0, le=100)
    verification_level: Series[str] = pa.Field(nullable=False, isin=VERIFICATION_LEVELS)
    verified: Series[bool] = pa.Field(nullable=False)
    source_id: Series[str] = pa.Field(nullable=False)
    source_url: Series[str] = pa.Field(nullable=True)
    as_of_date: Series[pl.Date] = pa.Field(nullable=False)
    is_artificial_analysis: Series[bool] = pa.Field(nullable=False)

    @pa.dataframe_check
    def verified_means_third_party(cls, data) -> pl.LazyFrame:  # noqa: N805
        return data.lazyframe.select(pl.col("verified") == (pl.col("verification_level") == "third_party"))

    @pa.dataframe_check
    def one_row_per_pair(cls, data) -> pl.LazyFrame:  # noqa: N805
        return data.lazyframe.select(~pl.struct("model_id", "benchmark_id").is_duplicated())


PART_AWARE: tuple[type[pa.DataFrameModel], ...] = (ModelRecordSchema, ScoreObservationSchema)
