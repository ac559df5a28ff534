"""From the staged sources to the registry: identity, units, normalisation, dedupe, leaderboards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from registry_pipeline import catalog, frame_store, history_runs
from registry_pipeline.frame_store import Frame, collect
from registry_pipeline.registry import ALIAS_COLUMNS, CROSSWALK_COLUMNS, SCORE_COLUMNS, Registry
from registry_pipeline.sources import all_sources
from registry_pipeline.schemas import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    PublishedScoreSchema,
    split_valid,
)
from registry_pipeline.transform import benchmark_ledger, copied_scores, dedupe, errata, id_ledger, identity, model_metadata, score_dates, scoring
from registry_pipeline.transform.leaderboards import leaderboards, model_coverage

AA_SOURCE_ID = "artificial-analysis"


HISTORY_COLUMNS: dict[str, pl.DataType] = {
    "observation_id": pl.String, "source_id": pl.String, "snapshot": pl.String, "fetched_on": pl.Date,
    "raw_model_name": pl.String, "raw_model_key": pl.String, "model_id": pl.String, "variant": pl.String,
    "benchmark_id": pl.String, "benchmark_version": pl.String, "score": pl.Float64, "normalized_score": pl.Float64,
    "verification_level": pl.String, "level_rank": pl.Int64, "source_priority": pl.Int64, "as_of_date": pl.Date,
    "as_of_is_fetch_day": pl.Boolean, "source_url": pl.String, "last_snapshot": pl.String, "until_snapshot": pl.String,
    "removed_at_snapshot": pl.String,
}


MODEL_HISTORY_COLUMNS: dict[str, pl.DataType] = {
    "source_id": pl.String, "snapshot": pl.String, "fetched_on": pl.Date, "raw_model_id": pl.String, "raw_name": pl.String,
    "provider_id": pl.String, "model_id": pl.String, "last_snapshot": pl.String, "until_snapshot": pl.String,
    "removed_at_snapshot": pl.String,
}


def observation_id() -> pl.Expr:
    """`<source>:<snapshot>:<row key>:<benchmark>[@<release>]`: one observation of one snapshot (in the
    history: of the snapshot that first had its value)."""
    return pl.format(
        "{}:{}:{}:{}{}", "source_id", pl.col("snapshot").fill_null("-"), "raw_model_key", "benchmark_id",
        pl.when(pl.col("benchmark_version").is_null()).then(pl.lit("")).otherwise(pl.format("@{}", "benchmark_version")),
    )


def _single_runs(frame: pl.DataFrame, snapshot, fetched_on) -> pl.DataFrame:
    """A source staged without its history: its staged snapshot as open runs."""
    day = dt.date.fromisoformat(fetched_on) if isinstance(fetched_on, str) else fetched_on
    return history_runs.observation_rows(frame, day).with_columns(
        snapshot=pl.lit(snapshot, pl.String), fetched_on=pl.lit(day, pl.Date),
        last_snapshot=pl.lit(snapshot, pl.String), until_snapshot=pl.lit(None, pl.String),
    )


def model_history(staged: list["StagedSource"], records: pl.DataFrame) -> pl.DataFrame:
    """Every accepted snapshot's model records as value runs (history_runs): `removed_at_snapshot` is the
    first later snapshot of the source that no longer lists the record (a model a source stopped listing).
    `model_id` is what the record resolves to today (null for a record no longer listed)."""
    frames = [collect(s.model_history) for s in staged if s.model_history is not None and s.model_history.height]
    if not frames:
        return pl.DataFrame(schema=MODEL_HISTORY_COLUMNS)
    key = history_runs.MODEL_KEY
    today = records.select(*key, "model_id").unique(key, keep="first")
    return (
        history_runs.with_removed_at(pl.concat(frames, how="vertical_relaxed"), key)
        .join(today, on=key, how="left", nulls_equal=True)
        .select(list(MODEL_HISTORY_COLUMNS)).cast(MODEL_HISTORY_COLUMNS)
        .sort("source_id", "snapshot", "raw_model_id")
    )


def _history_runs(s: "StagedSource", where: pl.Expr | None = None) -> pl.DataFrame:
    """A source's score observations of every accepted snapshot as value runs (a source staged without its
    history: its staged snapshot), those `where` keeps; read from the source's files when they are stored."""
    if s.history is not None and s.history.height:
        rows = s.history.lazy().select(*history_runs.OBSERVATION_FIELDS, history_runs.FETCH_DAY, *history_runs.RUN_COLUMNS)
        runs = (rows if where is None else rows.filter(where)).collect()
    else:
        rows = s.scores.lazy().select(history_runs.OBSERVATION_FIELDS)
        runs = _single_runs((rows if where is None else rows.filter(where)).collect(), s.status.get("snapshot"), s.status.get("fetched_on"))
    # a fetch-dated run is dated by the fetch that first had its value (scores_as_of dates it by the day's snapshot)
    return runs.with_columns(
        as_of_date=pl.when(pl.col(history_runs.FETCH_DAY)).then(pl.col("fetched_on")).otherwise(pl.col("as_of_date"))
    )


# rows converted, normalised and resolved at once (the observations: `observation_parts`, the history's runs:
# `history_parts`): the build works on a part of them at a time, so that the intermediate frames of those steps
# (each a copy of every column's string views) are those of one part
PART_ROWS = 250_000


def history_parts(staged: list["StagedSource"], part_rows: int = PART_ROWS) -> Iterator[pl.DataFrame]:
    """Every source's runs (`_history_runs`) in parts of about `part_rows` runs, each read when it is asked
    for: small sources together, a large one split by its row key, so that every run of an observation falls
    in one part."""
    buffer: list[pl.DataFrame] = []
    for s in staged:
        rows = s.history.height if s.history is not None and s.history.height else s.scores.height
        if not rows:
            continue
        if rows > part_rows:  # read part by part: the runs of one row key hash to one part
            k = -(-rows // part_rows)
            for i in range(k):
                yield _history_runs(s, pl.struct("source_id", "raw_model_key").hash(seed=0) % k == i)
            continue
        buffer.append(_history_runs(s))
        if sum(f.height for f in buffer) >= part_rows:
            yield pl.concat(buffer, how="vertical_relaxed")
            buffer = []
    if buffer:
        yield pl.concat(buffer, how="vertical_relaxed")


def history(staged: list["StagedSource"], benchmarks: pl.DataFrame, keys: pl.DataFrame, priority: dict[str, int],
            part_rows: int = PART_ROWS, scratch: Path | None = None, dating: "Dating | None" = None,
            corrections: pl.DataFrame | None = None) -> Frame:
    """Every accepted snapshot's observations as value runs, resolved with today's identity keys and
    normalised like the live build; `removed_at_snapshot` is the first later snapshot of the source that no
    longer has the observation (same model name, benchmark, release and setting), null while the newest
    still has it. Sorted by source, snapshot and observation id; worked out part by part (`history_parts`),
    each part written to `scratch` when given (then a StoredFrame of the parts, each sorted). A run of a
    source that adds rows in place or dates rows by release, dated before its model's release, is dated by
    that release (`dating`); a source's known errors are corrected (`corrections`: errata.apply) as in the
    live build."""
    done = _Parts("history", scratch)
    for part in history_parts(staged, part_rows):
        if corrections is not None:
            part, _ = errata.apply(part, corrections, "score")
        done.add(_history_part(part, benchmarks, keys, priority, dating))
        del part
    return done.frame(["source_id", "snapshot", "observation_id"], HISTORY_COLUMNS)


class _Parts:
    """A frame made part by part, each part sorted: kept in memory and put together (sorted whole) at the
    end, or each written to `scratch` as it comes (a StoredFrame of the files, in the order they came)."""

    def __init__(self, name: str, scratch: Path | None):
        self.name, self.scratch = name, scratch
        self.kept: list[pl.DataFrame] = []
        self.stored: list[frame_store.StoredFrame] = []

    def add(self, part: pl.DataFrame) -> None:
        if self.scratch is None:
            self.kept.append(part)
        else:
            self.stored.append(frame_store.write_part(part, self.scratch / f"{self.name}-{len(self.stored):04d}.arrow"))

    def frame(self, sort_by: list[str], schema: dict[str, pl.DataType]) -> Frame:
        if self.stored:
            return frame_store.join_parts(self.stored)
        if len(self.kept) < 2:
            return self.kept[0] if self.kept else pl.DataFrame(schema=schema)
        return pl.concat(self.kept, how="vertical").sort(sort_by)


def _history_part(runs: pl.DataFrame, benchmarks: pl.DataFrame, keys: pl.DataFrame, priority: dict[str, int],
                  dating: "Dating | None" = None) -> pl.DataFrame:
    raw = runs.with_columns(raw_row=pl.lit(None, pl.String))
    converted, _ = scoring.to_benchmark_unit(raw, benchmarks)
    del raw  # each step makes a frame of every run: the one before goes first
    scored = scoring.with_normalized_score(converted, benchmarks)
    del converted
    resolved, _ = identity.resolve(scored, keys, review=False)
    del scored
    if dating is not None:
        resolved = score_dates.redated(resolved, dating.releases, dating.sources, pl.col("fetched_on"))  # the run's first fetch
    return (
        history_runs.with_removed_at(resolved, ["source_id", "raw_model_key", "benchmark_id", "benchmark_version", "variant"])
        .with_columns(
            observation_id=observation_id(),
            level_rank=pl.col("verification_level").replace_strict(dedupe.LEVEL_RANK, default=None, return_dtype=pl.Int64),
            source_priority=pl.col("source_id").replace_strict(priority, default=1000, return_dtype=pl.Int64),
        )
        .select(list(HISTORY_COLUMNS))
        .cast(HISTORY_COLUMNS)
        .unique("observation_id", keep="first")
        .sort("source_id", "snapshot", "observation_id")
    )


# a name a source scores under, with the setting measured (a crosswalk row)
SCORE_NAME_KEY = ["source_id", "raw_model_name", "model_hint", "variant"]


def score_names(observations: pl.DataFrame) -> pl.DataFrame:
    """Each score name (SCORE_NAME_KEY) of resolved observations sorted by observation id: what its first
    observation resolved to, and how many it has. `first_id` lets `crosswalk` take names from several parts."""
    return observations.group_by(SCORE_NAME_KEY, maintain_order=True).agg(
        model_id=pl.col("model_id").first(), resolution=pl.col("resolution").first(), reason=pl.col("unresolved_reason").first(),
        first_id=pl.col("observation_id").first(), observations=pl.len(),
    )


def keys_spelled(names: list[pl.DataFrame]) -> pl.Series:
    """The name keys (with and without a setting) of every score name (`score_names` of each part)."""
    keys = [identity.name_key(pl.col(c)) for c in ("raw_model_name", "model_hint")]
    return pl.concat(
        [n.select(key=e) for n in names for k in keys for e in (k, identity.strip_variant(k))], how="vertical"
    )["key"].drop_nulls().unique() if names else pl.Series("key", [], pl.String)


def crosswalk(names: list[pl.DataFrame], records: pl.DataFrame) -> pl.DataFrame:
    """One row per name a source uses, resolved or not: from score rows (`score_names` of each part of the
    observations) the name identity resolves (`native_id`) and the source's second spelling (`raw_name`,
    e.g. aider's API id, llm-stats' display name) with the setting measured; from model records the
    source's id and display name. `rule` is the resolution rule (`curated`, `alias-history`, `id`, `name`,
    `dated-to-undated`, ...)."""
    scored = names[0] if len(names) == 1 else pl.concat(names, how="vertical").sort("first_id").group_by(SCORE_NAME_KEY, maintain_order=True).agg(
        pl.col("model_id", "resolution", "reason").first(), pl.col("observations").sum(),
    )
    from_scores = scored.select(
        "source_id", native_id="raw_model_name", raw_name="model_hint", model_id="model_id", variant="variant",
        rule=pl.col("resolution").str.extract(r"^([^:]+):", 1), reason="reason", observations="observations",
    )
    from_records = records.group_by("source_id", "raw_model_id", "raw_name").agg(
        model_id=pl.col("model_id").first(), resolution=pl.col("resolution").first(),
    ).select(
        "source_id", native_id="raw_model_id", raw_name="raw_name", model_id="model_id", variant=pl.lit(None, pl.String),
        rule=pl.when(pl.col("model_id").is_not_null()).then(pl.col("resolution").str.extract(r"^([^:]+):", 1)),
        reason=pl.when(pl.col("model_id").is_null()).then(
            pl.col("resolution").str.strip_prefix("unresolved:").fill_null("no model: not admitted (unknown maker or a source that does not create models)")
        ),
        observations=pl.lit(0, pl.Int64),
    )
    return pl.concat([from_scores.cast(CROSSWALK_COLUMNS), from_records.cast(CROSSWALK_COLUMNS)]).sort(
        "source_id", "native_id", "raw_name", "variant", nulls_last=True
    )


REPO_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$"


def named_model_records(observations: pl.DataFrame, repo_sources: list[str]) -> pl.DataFrame:
    """Model records for the Hugging Face repos the score rows of `SourceSpec.names_repos` sources name (one
    per repo, its organisation as the maker hint). Admission (model_metadata) decides: a repo of a curated
    maker defines a model when no model has its name; a community fine-tune stays data."""
    repos = observations.filter(pl.col("source_id").is_in(repo_sources) & pl.col("model_hint").str.contains(REPO_ID))
    if repos.is_empty():
        return pl.DataFrame(schema=MODEL_RECORD_COLUMNS)
    recs = repos.group_by("source_id", "model_hint").agg(
        raw_name=pl.col("raw_model_name").sort().first(), as_of_date=pl.col("as_of_date").max(),
    ).select(
        "source_id", "as_of_date", raw_model_id="model_hint", raw_name=pl.col("model_hint").str.replace(r"^.*/", ""),
        maker_hint=pl.col("model_hint").str.extract(r"^([^/]+)/", 1), source_url=pl.format("https://huggingface.co/{}", "model_hint"),
        raw_row=pl.struct(repo="model_hint", named_as="raw_name").struct.json_encode(),
    )
    named = recs.with_columns(
        is_maker=pl.lit(False),
        is_alias=pl.lit(False),
        # the row links the weights' repository: they are published (OpenRouter's `hugging_face_id` rule)
        open_weights=pl.lit(True),
    )
    return named.with_columns(
        pl.lit(None, dtype).alias(name) for name, dtype in MODEL_RECORD_COLUMNS.items() if name not in named.columns
    ).select(list(MODEL_RECORD_COLUMNS)).cast(MODEL_RECORD_COLUMNS)


def model_variants(resolved: pl.DataFrame, model_ids: pl.Series) -> pl.DataFrame:
    """Which settings of each model have scores: (model_id, variant, benchmark_count, source_ids)."""
    return (
        resolved.filter(pl.col("model_id").is_in(model_ids.implode()))
        .group_by("model_id", "variant")
        .agg(benchmark_count=pl.col("benchmark_id").n_unique().cast(pl.Int64), source_ids=pl.col("source_id").unique().sort())
        .sort("model_id", "variant", nulls_last=False)
    )


# a staged observation keeps its source row's text once per row, not once per observation: a row of the
# Open LLM Leaderboard (1.6 KB of JSON) gives 7 observations, so a dictionary-encoded column holds it in a
# seventh of the memory (the warehouse stores it as text all the same)
STAGED_SCORE_COLUMNS: dict[str, pl.DataType] = {**SCORE_OBSERVATION_COLUMNS, "raw_row": pl.Categorical()}


@dataclass
class StagedSource:
    """One source after fetch, parse and validation."""

    source_id: str
    # each frame in memory, or left in its file by the IO manager (frame_store.StoredFrame: the build step
    # reads each when it needs it, only the columns it needs)
    models: Frame
    scores: Frame
    rejects: Frame
    status: dict = field(default_factory=dict)  # mode, snapshot, message, fetched_on, file_sha256, run_id
    # the score observations of every accepted snapshot, oldest first, with `snapshot` and `fetched_on`
    # (the history: what the source said at each fetch); None when only the staged snapshot is known
    history: Frame | None = None
    # the model records (source_id, raw_model_id, raw_name, provider_id) of every accepted snapshot
    model_history: Frame | None = None


@dataclass(frozen=True)
class Dating:
    """What re-dates the scores of sources that add rows to a dated file in place or date each row by its
    model's release (`score_dates`): those sources and the models' release dates (id, release_date)."""

    sources: tuple[str, ...]
    releases: pl.DataFrame


@dataclass
class BuildResult:
    registry: Registry
    observations: Frame  # every observation, resolved or not (OBSERVATION_COLUMNS)
    model_records: Frame  # every source's model records (MODEL_RECORD_COLUMNS and their resolution)
    rejects: pl.DataFrame
    aliases: pl.DataFrame
    review: pl.DataFrame
    conflicts: pl.DataFrame
    field_sources: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=model_metadata.PROVENANCE_COLUMNS))
    providers: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=model_metadata.OFFER_COLUMNS))
    model_sources: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema={"source_id": pl.String, "model_id": pl.String, "role": pl.String}))
    model_aliases: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=ALIAS_COLUMNS))
    crosswalk: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CROSSWALK_COLUMNS))
    retired_ids: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=id_ledger.RETIRED_COLUMNS))
    # benchmark ids an earlier build published that name no benchmark now (benchmark_ledger)
    retired_benchmark_ids: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=benchmark_ledger.RETIRED_COLUMNS))
    history: Frame = field(default_factory=lambda: pl.DataFrame(schema=HISTORY_COLUMNS))
    model_history: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=MODEL_HISTORY_COLUMNS))
    # the observations a source copied from another model (copied_scores.copies, with their rows' keys)
    copied: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=copied_scores.COPIED_COLUMNS))
    # what this build changed against the previously published one (transform.changes), and when it was built
    changes: pl.DataFrame | None = None
    generated_at: "dt.datetime | None" = None
    # every curated erratum of a source (catalog/source_errata.csv) with the rows it corrected in this build
    source_errata: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=errata.APPLIED_COLUMNS))


def _observations_of(status: dict, rows: pl.LazyFrame) -> pl.DataFrame:
    """Score rows of a staged source as observations: with its snapshot, run and files (its `status`), and
    their ids."""
    sha = status.get("file_sha256") or {}
    return rows.select(list(SCORE_OBSERVATION_COLUMNS)).collect().with_columns(
        pl.col("raw_row").cast(pl.Categorical),  # one copy per source row (STAGED_SCORE_COLUMNS)
        snapshot=pl.lit(status.get("snapshot"), pl.String),
        run_id=pl.lit(status.get("run_id"), pl.String),
        file_sha256=pl.lit(",".join(sha[k] for k in sorted(sha)) or None, pl.String),
    ).with_columns(observation_id=observation_id())


def observation_parts(staged: list[StagedSource], part_rows: int = PART_ROWS) -> Iterator[pl.DataFrame]:
    """Every staged score row as an observation (`_observations_of`), in parts of `part_rows` to twice as many
    rows in the staged order (small sources together, a large one in slices), each read when it is asked for."""
    buffer: list[pl.DataFrame] = []
    given = False
    for s in staged:
        for start in range(0, s.scores.height, part_rows):
            buffer.append(_observations_of(s.status, s.scores.lazy().slice(start, part_rows)))
            if sum(f.height for f in buffer) >= part_rows:
                yield pl.concat(buffer, how="vertical")
                buffer, given = [], True
    if buffer:
        yield pl.concat(buffer, how="vertical")
    elif not given:  # no score at all: one empty part, typed
        yield _observations_of({}, pl.LazyFrame(schema=STAGED_SCORE_COLUMNS))


def _name_rows(staged: list[StagedSource], source_ids: set[str]) -> pl.DataFrame:
    """What `named_model_records` reads of the score rows of `source_ids`."""
    columns = ["source_id", "raw_model_name", "model_hint", "provider_hint", "as_of_date", "source_url"]
    return pl.concat([s.scores.lazy().select(columns).collect() for s in staged if s.source_id in source_ids]
                     or [pl.DataFrame(schema={c: SCORE_OBSERVATION_COLUMNS[c] for c in columns})], how="vertical")


# every observation, resolved or not, as the warehouse has it (score_observations)
OBSERVATION_COLUMNS = [
    "observation_id", "source_id", "snapshot", "run_id", "file_sha256", "raw_model_name", "raw_model_key",
    "model_hint", "provider_hint", "variant", "model_id", "resolution", "unresolved_reason", "benchmark_id", "benchmark_version",
    "raw_value", "raw_unit", "score", "normalized_score", "verification_level", "as_of_date", "source_url",
    "details", "raw_row",
]


# what dedupe ranks (and conflicts and model_variants read) of an observation that names a model
RANKED_COLUMNS = [
    "observation_id", "source_id", "raw_model_name", "variant", "model_id", "benchmark_id", "benchmark_version",
    "score", "normalized_score", "verification_level", "as_of_date", "source_url",
]


def _compact(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its text in buffers of its own: the string views of a frame filtered or aggregated from
    another keep that frame's whole text buffers alive (here: every observation of a part, for a few rows
    or names of it; measured at 30x the recordings, ~700 MB). Going through the categorical type copies
    each distinct string once, through categories of its own (polars' global ones keep every string given
    them while any categorical column is alive). A categorical column (the raw row) becomes text."""
    text = frame.with_columns(pl.col(pl.Categorical).cast(pl.String))
    return text.with_columns(pl.col(pl.String).cast(pl.Categorical(pl.Categories.random())).cast(pl.String))


def raw_rows(observations: Frame, ids: pl.DataFrame, columns: tuple[str, ...] = ("raw_row",)) -> pl.DataFrame:
    """(observation_id, `columns` as text: the raw row by default) of the observations whose ids `ids` lists (the
    first of an id given twice). Stored observations are read file by file, only those columns, each raw row
    taken from its file's dictionary (`frame_store.read_text_columns`): at 100x the recordings, reading the raw
    rows as a categorical kept every observation's raw row in memory (~1.7 GB) to the end of the build."""
    wanted = ids.select("observation_id")
    names = ["observation_id", *columns]
    if isinstance(observations, pl.DataFrame):
        parts = [observations.select(pl.col(c).cast(pl.String) for c in names)]
    else:
        parts = (frame_store.read_text_columns(path, names) for path in observations.paths)
    picked = [part.join(wanted, on="observation_id", how="semi", maintain_order="left") for part in parts]
    rows = pl.concat(picked, how="vertical").unique("observation_id", keep="first", maintain_order=True)
    # the picked values copied out of the files' dictionaries (string views of them keep them whole)
    return rows.with_columns(pl.from_arrow(rows[c].to_arrow(compat_level=pl.CompatLevel.oldest())).alias(c) for c in columns)


@dataclass
class ResolvedObservations:
    observations: Frame  # every observation (OBSERVATION_COLUMNS), sorted by observation id (stored: each part)
    resolved: pl.DataFrame  # those that name a model (RANKED_COLUMNS): what dedupe ranks
    unit_rejects: pl.DataFrame  # rows no unit conversion takes
    review: pl.DataFrame  # names to review (identity.review_table)
    names: list[pl.DataFrame]  # each part's score names (score_names), for the crosswalk
    corrected: list[pl.DataFrame] = field(default_factory=list)  # the rows each erratum corrected, by part (errata.apply)


def resolve_observations(parts: Iterator[pl.DataFrame], benchmarks: pl.DataFrame, keys: pl.DataFrame,
                         scratch: Path | None = None, dating: Dating | None = None,
                         corrections: pl.DataFrame | None = None) -> ResolvedObservations:
    """Each part of the observations (`observation_parts`) converted to its benchmark's unit, normalised and
    resolved, and a score of a source that adds rows in place or dates rows by release, dated before its
    model's release, dated by that release (`dating`), after a source's known errors are corrected
    (`corrections`: errata.apply); a part's frames are gone before the next part is read. With `scratch`, each part's observations are written there
    and only what dedupe and the review need stays in memory."""
    done = _Parts("observations", scratch)
    resolved, rejects, unresolved, names, corrected = [], [], [], [], []
    for part in parts:
        if corrections is not None:
            part, counts = errata.apply(part, corrections, "score")
            corrected.append(counts)
            if (counts["field"] == "benchmark_id").any():  # a row refiled under another benchmark: its id names that one
                part = part.with_columns(observation_id=observation_id())
        converted, unit_rejects = scoring.to_benchmark_unit(part, benchmarks)
        del part
        scored, _ = identity.resolve(scoring.with_normalized_score(converted, benchmarks), keys, review=False)
        del converted
        if dating is not None:
            scored = score_dates.redated(scored, dating.releases, dating.sources, score_dates.fetch_day_of_snapshot())
        # what is kept of a part, compacted (`_compact`): a few rows of it would keep all its text
        rejects.append(_compact(unit_rejects))
        # gone before the next part is read: a categorical column alive then (the raw rows) keeps polars' global
        # categories, and with them every part's raw rows, to the end of the build (~1 GB at 100x the recordings)
        del unit_rejects
        unresolved.append(_compact(identity.unresolved_names(scored)))  # in the order of the rows, as one frame would give
        observations = scored.select(OBSERVATION_COLUMNS).sort("observation_id")
        del scored
        names.append(_compact(score_names(observations)))
        resolved.append(_compact(observations.filter(pl.col("model_id").is_not_null()).select(RANKED_COLUMNS)))
        done.add(observations)
        del observations
    return ResolvedObservations(
        observations=done.frame(["observation_id"], {}),
        resolved=pl.concat(resolved, how="vertical"),
        unit_rejects=pl.concat(rejects, how="vertical"),
        review=identity.review_of(unresolved, keys),
        names=names,
        corrected=corrected,
    )


def build_registry(staged: list[StagedSource], ledger: pl.DataFrame | None = None, part_rows: int = PART_ROWS,
                   scratch: Path | None = None, benchmark_ids: pl.DataFrame | None = None) -> BuildResult:
    """The registry from the staged sources. `ledger` holds every model id published before
    (`id_ledger`): one that is no model now stays answerable as an alias, or is listed as retired;
    `benchmark_ids` every benchmark id (`benchmark_ledger`): one that is no benchmark and no former id of
    one now is listed as retired.
    `part_rows`: how many observations (and history runs) are resolved at once (`PART_ROWS`). With a
    `scratch` folder, the observations and the history are written there part by part and come back as
    StoredFrames (each part sorted), so that the build never holds either whole."""
    benchmarks, categories, sources = catalog.benchmarks(), catalog.categories(), catalog.sources()
    former_benchmark_ids = catalog.benchmark_former_ids()
    priority = dict(zip(sources["id"].to_list(), sources["priority"].to_list()))
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)

    specs = [s.spec for s in all_sources()]
    repo_sources = [s.id for s in specs if s.names_repos]
    repos = named_model_records(_name_rows(staged, set(repo_sources)), repo_sources)
    records = pl.concat([s.models.lazy().select(list(MODEL_RECORD_COLUMNS)).collect() for s in staged] + [repos])
    corrections = catalog.source_errata()
    records, records_corrected = errata.apply(records, corrections, "model")
    # only sources whose spec lets them create models define registry models; the others' records stay data
    creators = [s.id for s in specs if s.creates_models]
    meta = model_metadata.build_models(records, priority, creators, catalog.model_aliases(), catalog.makers(), catalog.alias_history(),
                                       catalog.model_makers(), tuple(s.id for s in specs if s.defines_late),
                                       model_names=catalog.model_names(), namers=tuple(s.id for s in specs if s.defines_named))
    models, aliases, bad_curated = meta.models, meta.aliases, meta.curated_rejects
    meta.provenance = errata.marked(meta.provenance, records_corrected)
    # the model records go to the warehouse as they are, and nothing after this reads their raw rows (each
    # record's source row as JSON: ~1 GB at 100x the recordings, held to the build's end otherwise): with a
    # scratch folder they wait in a file, and the build keeps the records without them
    model_records: Frame = meta.records.sort(["source_id", "raw_model_id"])
    if scratch is not None:
        model_records = frame_store.write_part(model_records, scratch / "model_records.arrow")
        meta.records = meta.records.drop("raw_row")
    del records

    # scores resolve by the same keys as records, host-free ids included (LMArena's `Llama-4-Scout-17B-16E-Instruct`)
    # a source's own id of a model, as the source's model records resolved it (llm-stats' scores name its ids)
    native = identity.unambiguous(meta.records.filter(pl.col("model_id").is_not_null()).select(
        key=identity.native_key(pl.col("source_id"), pl.col("raw_model_id")), model_id="model_id",
        rule=pl.lit("native-id"), tier=pl.lit(identity.TIER_CURATED),
    ))
    score_keys = pl.concat([model_metadata.record_aliases(aliases, meta.base_models), native], how="vertical_relaxed")
    dating = Dating(tuple(s.id for s in specs if s.rows_added_in_place or s.dated_by_release), meta.models.select("id", "release_date"))
    live = resolve_observations(observation_parts(staged, part_rows), benchmarks, score_keys, scratch, dating, corrections)
    unit_rejects, review = live.unit_rejects, live.review
    copied = copied_scores.copies(live.resolved)
    scored = live.resolved.join(copied, on="observation_id", how="anti")
    # the source's row key and raw row of each copy, read back from the stored observations (few rows)
    copied = copied.join(raw_rows(live.observations, copied, ("raw_model_key", "raw_row")), on="observation_id", how="left")
    copy_rejects = copied.select("source_id", stage=pl.lit("resolve"), reason="reason", raw_row="raw_row")
    copied = copied.select(list(copied_scores.COPIED_COLUMNS)).cast(copied_scores.COPIED_COLUMNS)

    ranked = dedupe.rank_observations(scored, priority)
    variants = model_variants(scored, meta.models["id"])
    win = dedupe.winners(ranked)
    published = win.select(
        "model_id", "benchmark_id", "score", "normalized_score", "verification_level",
        verified=pl.col("verification_level") == "third_party",
        source_id="source_id", source_url="source_url", as_of_date="as_of_date",
        is_artificial_analysis=pl.col("source_id") == AA_SOURCE_ID,
        variant="variant", benchmark_version="benchmark_version",
        # in the quarantine's raw row, for now, the observation's id: only the rows quarantined get their
        # source row read back (`raw_rows`), not every winner (~0.8 GB of text at 100x the recordings)
        raw_row="observation_id",
    )
    published, publish_rejects = split_valid(published, PublishedScoreSchema, stage="publish")
    published = published.drop("raw_row")
    source_rows = raw_rows(live.observations, publish_rejects.select(observation_id="raw_row"))
    publish_rejects = publish_rejects.join(
        source_rows.select(raw_row="observation_id", source_row="raw_row"), on="raw_row", how="left", maintain_order="left",
    ).with_columns(raw_row="source_row").drop("source_row")

    models = model_coverage(models, published, benchmarks.height).select(list(models.columns))
    scores = (
        published.join(models.select(model_id="id", model_name="name", provider="provider"), on="model_id")
        .join(benchmarks.select(benchmark_id="id", benchmark_name="name", category="category"), on="benchmark_id")
        .select(list(SCORE_COLUMNS))
        .cast(SCORE_COLUMNS)
        .sort(["model_id", "benchmark_id"])
    )
    boards = leaderboards(scores, benchmarks, categories, models)

    # a curated alias (or dated alias history entry) whose model is not in this build is a reject when a
    # name of this build spells it: that name could not resolve as the catalogue says. An alias no source
    # spells here (a small build of a few sources) did not matter; the catalogue's every target is
    # checked against a build of every recording in the tests.
    curated_rejects = bad_curated.filter(pl.col("spelled") | pl.col("key").is_in(keys_spelled(live.names).implode())).select(
        source_id=pl.lit("catalog"), stage=pl.lit("resolve"),
        reason=pl.format("{}: {}", "reason", "model_id"), raw_row=pl.col("alias"),
    )
    rejects = pl.concat(
        [f.select(list(REJECT_COLUMNS)).cast(REJECT_COLUMNS)  # raw_row as text (observations keep it dictionary-encoded)
         for f in [*(collect(s.rejects) for s in staged), meta.rejects, unit_rejects, copy_rejects, publish_rejects, curated_rejects]],
        how="vertical",
    )

    former, retired = id_ledger.former_ids(
        ledger if ledger is not None else pl.DataFrame(schema=id_ledger.LEDGER_COLUMNS), models, meta.published_aliases, score_keys
    )
    model_aliases = pl.concat([meta.published_aliases.cast(ALIAS_COLUMNS), former.cast(ALIAS_COLUMNS)]).sort("alias", "since", nulls_last=False)
    conflicts = dedupe.conflicts(ranked, dedupe.tolerances(benchmarks, catalog.benchmark_tolerances()))
    # every observation that names a model, three times over (ranked, its copies left out, as resolved): gone
    # before the history is worked out (~1 GB at 100x the recordings, the build's peak otherwise)
    del scored, ranked, win
    live.resolved = live.resolved.clear()
    registry = Registry(
        models=models,
        benchmarks=benchmarks,
        categories=categories,
        sources=sources,
        scores=scores,
        leaderboards=boards,
        source_status={s.source_id: dict(s.status) for s in staged},
        providers=meta.offers,
        field_sources=meta.provenance,
        model_aliases=model_aliases,
        crosswalk=crosswalk(live.names, meta.records),
        review=review,
        model_variants=variants,
        conflicts=conflicts,
        benchmark_former_ids=former_benchmark_ids,
    )
    return BuildResult(
        registry=registry,
        observations=live.observations,
        model_records=model_records,
        rejects=rejects,
        aliases=aliases,
        review=review,
        conflicts=conflicts,
        field_sources=meta.provenance,
        providers=meta.offers,
        model_sources=meta.contributions,
        model_aliases=registry.model_aliases,
        crosswalk=registry.crosswalk,
        retired_ids=retired,
        retired_benchmark_ids=benchmark_ledger.retired(
            benchmark_ids if benchmark_ids is not None else pl.DataFrame(schema=benchmark_ledger.LEDGER_COLUMNS), benchmarks, former_benchmark_ids),
        history=history(staged, benchmarks, score_keys, priority, part_rows, scratch, dating, corrections),
        source_errata=errata.applied(corrections, [records_corrected, *live.corrected]),
        copied=copied,
        model_history=model_history(staged, meta.records),
    )
