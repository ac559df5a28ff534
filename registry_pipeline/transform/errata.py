"""Known errors in a source's data, corrected when the registry is built (`catalog/source_errata.csv`).

An erratum names one value of one source's rows: a model record (`record` "model", keyed by the
record's `raw_model_id`) or a score row (`record` "score", keyed by its `raw_model_key` and
`benchmark_id`: one, several separated by `|`, or none for every benchmark of the row), the `field`,
the value the source states (`wrong`, as text: `2025-01-10`; empty: the source states none, as a score
whose setting it leaves unsaid) and the value the registry uses instead (`corrected`; empty: none, so
that the other sources decide), with the `evidence`. It applies only while the source still states the
wrong value: once the upstream fixes its data or changes the row, the erratum does nothing (the
warehouse's `source_errata` says how many rows each changed). The raw row stays as the source sent it,
and a row's key is never corrected. A score's benchmark may be (`benchmark_id`: the erratum's benchmark
is `wrong`, `corrected` a catalogue benchmark): the source files the figure under a benchmark it does not
measure, and the one it does measure is known (Qwen's LiveBench figures of LiveBench's 2024-11-25 release
under LiveBench's current one); the observation's id is then made from the benchmark it is refiled under.
A score's verification level may be: the source files as the maker's claim a figure its own link shows another
party measured (llm-stats' "self-reported" MMLU-Pro figures of Claude 3.5 Sonnet, linking TIGER-Lab's leaderboard).
"""

from __future__ import annotations

import polars as pl

from registry_pipeline.schemas.contracts import VERIFICATION_LEVELS

ERRATA_COLUMNS: dict[str, pl.DataType] = {
    "source_id": pl.String, "record": pl.String, "key": pl.String, "benchmark_id": pl.String, "field": pl.String,
    "wrong": pl.String, "corrected": pl.String, "evidence": pl.String,
}
# what identifies an erratum
ERRATUM_KEY = ["source_id", "record", "key", "benchmark_id", "field"]
# how many rows an erratum corrected in one frame (`apply`), and in the build (the warehouse's table)
COUNT_COLUMNS: dict[str, pl.DataType] = {
    "source_id": pl.String, "record": pl.String, "key": pl.String, "benchmark_id": pl.String, "field": pl.String,
    "rows_corrected": pl.Int64,
}
APPLIED_COLUMNS: dict[str, pl.DataType] = {**ERRATA_COLUMNS, "rows_corrected": pl.Int64}

# record -> the column that keys it
RECORD_KEYS = {"model": "raw_model_id", "score": "raw_model_key"}
# a listing's prices (per million tokens)
PRICES = ("price_input", "price_output", "price_cache_input", "price_cache_output")
# record -> the columns an erratum may correct: what a source states of a model or of a score, never a
# key or the raw row. A list (a model's modalities) is written as its items joined by commas, in any order
FIELDS = {
    "model": ("raw_name", "provider_name", "maker_hint", "family", "release_date", "training_cutoff", "context_window",
              "max_output_tokens", "param_count", "status", "licence", "base_model", "supports_tools", "supports_reasoning",
              "supports_structured_output", "supports_attachment", "open_weights", *PRICES, "input_modalities", "output_modalities"),
    # a score row's `source_url` is the page it links: llm-stats links GPT-4.1's launch figures to the GPT-5 post;
    # its `verification_level` says whose figure it is (`provider`: its model's maker's)
    "score": ("raw_model_name", "model_hint", "provider_hint", "variant", "as_of_date", "raw_value", "benchmark_id", "source_url",
              "verification_level"),
}
# fields an erratum may only remove, never give a value: a score's value and a listing's price (the registry never
# invents a number). A score's value removed says the source files it under a benchmark it does not measure
# (llm-stats' "GPQA" holds Mistral Small 3.2's GPQA Main 44.22 beside its GPQA Diamond 46.13): the row is a reject
# (scoring.to_benchmark_unit). A price removed says the listing's figure is not what it charges (a unit slip:
# llm-stats' Together row of Gemma 3n E4B, 2,000 cents for 2): the other listings decide the model's price
REMOVE_ONLY = {"score": ("raw_value",), "model": PRICES}
# fields a row cannot be without (contracts.ScoreObservationSchema): an erratum gives them a value, never none
REQUIRED = {"score": ("raw_model_name", "as_of_date", "benchmark_id", "verification_level")}
# fields whose values are one of a few (a level other than the four is an error, not a fifth level)
CHOICES = {"verification_level": VERIFICATION_LEVELS}
_TYPES = {"release_date": pl.Date, "as_of_date": pl.Date, "context_window": pl.Int64, "max_output_tokens": pl.Int64,
          "param_count": pl.Int64, "raw_value": pl.Float64, **dict.fromkeys(PRICES, pl.Float64),
          "supports_tools": pl.Boolean, "supports_reasoning": pl.Boolean,
          "supports_structured_output": pl.Boolean, "supports_attachment": pl.Boolean, "open_weights": pl.Boolean,
          "input_modalities": pl.List(pl.String), "output_modalities": pl.List(pl.String)}


def typed(text: pl.Series, dtype: pl.DataType) -> pl.Series:
    """Values written as text (`2025-09-23`, `131072`, `image,text`) as `dtype`; null where one is not of it
    (a list with an empty item)."""
    if isinstance(dtype, pl.List):
        items = text.str.split(",").list.eval(pl.element().str.strip_chars())
        return pl.select(pl.when(items.list.eval(pl.element() == "").list.any()).then(None).otherwise(items.list.sort())).to_series()
    if dtype == pl.Date:
        return text.str.to_date("%Y-%m-%d", strict=False)
    if dtype == pl.Boolean:  # as a boolean is written as text ("true", "false")
        return text.replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean)
    return text.cast(dtype, strict=False)


def _text(values, dtype: pl.DataType):
    """Values (a Series or an expression) as text to compare: a list's items sorted and joined by commas."""
    if isinstance(dtype, pl.List):
        return values.list.sort().list.join(",")
    return values.cast(pl.String)


def checked(errata: pl.DataFrame) -> pl.DataFrame:
    """`errata` as given, or a ValueError naming the row and what is wrong with it: an unknown record or
    field, a benchmark on a model record, a missing source, key or evidence, a value of the wrong type,
    no value for a field a row needs, the corrected value equal to the wrong one, or one value corrected
    twice. A row naming several benchmarks (`gpqa-diamond|mmlu`) becomes a row for each."""
    problems: list[str] = []
    for i, row in enumerate(errata.iter_rows(named=True), start=2):  # the catalogue's rows (few), not data
        where = f"source_errata.csv line {i} ({row['source_id']}, {row['key']}, {row['field']})"
        if row["record"] not in FIELDS:
            problems.append(f"{where}: record {row['record']!r} is not one of {sorted(FIELDS)}")
        elif row["field"] not in FIELDS[row["record"]]:
            problems.append(f"{where}: field {row['field']!r} cannot be corrected on a {row['record']} (one of {FIELDS[row['record']]})")
        if row["record"] == "model" and row["benchmark_id"] is not None:
            problems.append(f"{where}: a model record has no benchmark ({row['benchmark_id']!r})")
        for column in ("source_id", "key", "evidence"):
            if not (row[column] or "").strip():
                problems.append(f"{where}: {column} is empty")
        if row["corrected"] is None and row["field"] in REQUIRED.get(row["record"], ()):
            problems.append(f"{where}: a {row['record']} row cannot be without {row['field']}: corrected is empty")
        if row["field"] in REMOVE_ONLY.get(row["record"], ()) and (row["corrected"] is not None or row["wrong"] is None):
            problems.append(f"{where}: {row['field']} can only be removed: wrong is the value, corrected empty")
        if row["corrected"] == row["wrong"]:
            problems.append(f"{where}: corrected is the wrong value {row['wrong']!r}")
        if row["benchmark_id"] is not None and "" in [b.strip() for b in row["benchmark_id"].split("|")]:
            problems.append(f"{where}: benchmark_id {row['benchmark_id']!r} names an empty benchmark")
        if row["field"] == "benchmark_id" and row["record"] == "score" and (
                row["benchmark_id"] is None or "|" in row["benchmark_id"] or row["wrong"] != row["benchmark_id"]):
            problems.append(f"{where}: a figure is refiled from the one benchmark the erratum names: wrong "
                            f"{row['wrong']!r} is not its benchmark_id {row['benchmark_id']!r}")
        for column in ("wrong", "corrected"):
            if row["field"] in CHOICES and row[column] is not None and row[column] not in CHOICES[row["field"]]:
                problems.append(f"{where}: {column} {row[column]!r} is not one of {CHOICES[row['field']]}")
        dtype = _TYPES.get(row["field"])
        if dtype is not None:
            for column in ("wrong", "corrected"):
                if row[column] is not None and typed(pl.Series([row[column]]), dtype).is_null().any():
                    problems.append(f"{where}: {column} {row[column]!r} is not a {dtype}")
    errata = errata.with_columns(pl.col("benchmark_id").str.split("|")).explode("benchmark_id").with_columns(
        pl.col("benchmark_id").str.strip_chars())
    # a row's field corrected by two errata (the same benchmark, or one for every benchmark of the row)
    twice = errata.filter(pl.struct(ERRATUM_KEY).is_duplicated() | (
        (pl.len().over("source_id", "record", "key", "field") > 1) & pl.col("benchmark_id").is_null().any().over("source_id", "record", "key", "field")
    ))
    problems += [f"source_errata.csv: {r} is corrected twice" for r in twice.select("source_id", "key", "field").unique().sort(pl.all()).rows()]
    if problems:
        raise ValueError("; ".join(problems))
    return errata


def apply(frame: pl.DataFrame, errata: pl.DataFrame, record: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`frame` (model records or score rows, as `record` says) with its errata applied, and how many rows
    each erratum corrected (ERRATUM_KEY, rows_corrected; those that corrected none left out). Rows of
    other sources, keys and benchmarks are untouched, and so is a value the source no longer states as
    `wrong`."""
    key = RECORD_KEYS[record]
    mine = errata.filter((pl.col("record") == record) & pl.col("source_id").is_in(frame["source_id"].unique().implode()))
    counts: list[pl.DataFrame] = []
    # one pass per field named, not per row; a benchmark refiled last, so that the row's other errata, which
    # name the benchmark the source files it under, find it
    fields = sorted(mine["field"].unique(maintain_order=True).to_list(), key=lambda f: f == "benchmark_id")
    for field in fields:
        fixes = mine.filter(pl.col("field") == field)
        # `wrong` as the frame's value is written (a price's "20" is the row's 20.0, "text,image" is ["image", "text"])
        dtype = frame.schema[field]
        fixes = fixes.with_columns(wrong=_text(typed(fixes["wrong"], dtype), dtype))
        on = ["source_id", key]
        stated = frame.select(*on, _text(pl.col(field), dtype).alias("_stated"),
                              _benchmark=pl.col("benchmark_id") if record == "score" else pl.lit(None, pl.String))
        # the rows named, with their positions: a join of the few rows named, not a copy of the frame
        hits = (
            stated.with_row_index("_row")
            .join(fixes.select("source_id", "benchmark_id", "wrong", "corrected", pl.col("key").alias(key)), on=on, how="inner")
            .filter(pl.col("benchmark_id").is_null() | (pl.col("benchmark_id") == pl.col("_benchmark")))
            .filter(pl.col("_stated").eq_missing(pl.col("wrong")))
        )
        if hits.is_empty():
            continue
        value = typed(hits["corrected"], dtype)
        if isinstance(dtype, pl.List):  # polars scatters no list; the model records that have one are few
            fixed = pl.DataFrame({"_row": hits["_row"], "_value": value, "_hit": True})
            frame = (
                frame.with_row_index("_row").join(fixed, on="_row", how="left", maintain_order="left")
                .with_columns(pl.when(pl.col("_hit")).then("_value").otherwise(field).alias(field))
                .drop("_row", "_value", "_hit")
            )
        else:
            frame = frame.with_columns(frame[field].clone().scatter(hits["_row"], value))
        counts.append(hits.group_by("source_id", key, "benchmark_id").agg(rows_corrected=pl.len()).select(
            "source_id", record=pl.lit(record), key=key, benchmark_id="benchmark_id", field=pl.lit(field), rows_corrected="rows_corrected"))
    if not counts:
        return frame, pl.DataFrame(schema=COUNT_COLUMNS)
    return frame, pl.concat(counts, how="vertical").cast(COUNT_COLUMNS)


def applied(errata: pl.DataFrame, counts: list[pl.DataFrame]) -> pl.DataFrame:
    """Every erratum with the rows it corrected over `counts` (`apply`'s, of several frames or parts): 0
    when the build had no row stating its wrong value."""
    total = (
        pl.concat([pl.DataFrame(schema=COUNT_COLUMNS), *counts], how="vertical")
        .group_by(ERRATUM_KEY).agg(pl.col("rows_corrected").sum())
    )
    return (
        errata.join(total, on=ERRATUM_KEY, how="left", nulls_equal=True)
        .with_columns(pl.col("rows_corrected").fill_null(0))
        .select(list(APPLIED_COLUMNS)).cast(APPLIED_COLUMNS)
        .sort("source_id", "record", "key", "field")
    )


def marked(provenance: pl.DataFrame, counts: pl.DataFrame) -> pl.DataFrame:
    """`provenance` (model_metadata.PROVENANCE_COLUMNS) with `corrected` true where the chosen record's value
    is an erratum's: that record's field was corrected (`counts`, `apply`'s of the model records). A value
    an erratum removed is never chosen, so every such pick is a corrected value."""
    fixed = counts.filter(pl.col("record") == "model").select("source_id", raw_model_id="key", field="field", _fixed=pl.lit(True)).unique()
    return (
        provenance.join(fixed, on=["source_id", "raw_model_id", "field"], how="left", maintain_order="left")
        .with_columns(corrected=pl.col("corrected") | pl.col("_fixed").fill_null(False))
        .drop("_fixed")
    )
