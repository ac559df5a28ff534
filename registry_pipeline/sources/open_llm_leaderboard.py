"""Hugging Face Open LLM Leaderboard v2 (retired in 2025): six normalised task scores and their average
per evaluated Hugging Face repo, plus one model record per repo.

Wire format: the flattened CSV of `fboulnois/llm-leaderboard-csv` (`csv/huggingface_v2.csv`), one row per
leaderboard entry: `id` (`<repo>_<precision>_<sha>_<True|False chat template>`), `model_name` (the repo
id, `org/name`), `model_precision`, `model_has_chat_template` (`TRUE`/`FALSE`), `model_average_score`,
per task `evaluations_<task>_{name,value,normalized_score}`, `features_is_*` flags and `metadata_*`
(dates, base model, hub licence, hearts, params in billions, CO2 cost). Empty values are quoted `""`.

Scores: the leaderboard's *normalised* score per task (0-100: the random-guess baseline subtracted, then
rescaled; see `https://huggingface.co/docs/leaderboards/open_llm_leaderboard/normalization`) is not the
plain accuracy other sources report, so each task is its own `open-llm-*` benchmark; the raw 0-1 accuracy
(`evaluations_<task>_value`) is kept in `details.accuracy`. `model_average_score` (the mean of the six)
is `open-llm-average`, an index. One CSV row = up to 7 observations keyed by the row `id`.

Variants: a repo evaluated once has variant null. A repo listed several times (another precision, with
or without its chat template) gets a setting per row: the precision, plus the part "no chat template" when
the run did not use it ("bfloat16", "float16; no chat template": parts joined by "; " as every setting's are;
identity spells the precisions `bf16` and `fp16`, as aider and LMArena do); should two rows of one repo still
share that setting, the part "sha <first 7 of model_sha>" is appended.

Dates: `as_of_date` is the date part of `metadata_submission_date`, else the day the file was last changed
(`context.file_date`: its `Last-Modified`, else the fetch day)
(`details.as_of_from` says which). `metadata_params_billions` <= 0 means "unknown" upstream and is null.

Models: this source returns one model record per distinct repo (open weights; the licence id, base model and size
in billions the leaderboard copied from the Hub), a repo record as BigCodeBench's
and the Hugging Face Hub's are (no maker's listing). Identity drops an `org/` prefix, so only rows the leaderboard
flags as uploaded by the official provider keep `org/repo` as their name, in their scores and their model record
alike, and only theirs name a maker (`maker_hint`, the organisation): a repo of a curated maker
(catalog/makers.csv: `Qwen/Qwen2.5-3B-Instruct`, `google/gemma-2-2b`, `meta-llama/Llama-3.1-8B`) defines a model
when no other source has one of its names (admission, transform/model_metadata.py). The thousands of community
fine-tunes and merges, and official uploads of organisations no curated maker is, stay data (score observations,
model records), out of the model list; a community re-upload named like an official repo
(`braindao/Qwen2.5-14B-Instruct`) is named `braindao--Qwen2.5-14B-Instruct` and never resolves to the maker's model.

Failures: a required column missing from the header (`id`, `model_name`, a score column) is a
SourceParseError; a row without `id` or `model_name`, or with a repeated `id`, is rejected whole; a score
that is missing, not a number or outside 0-100 rejects that observation only; a bad optional value (a date,
a flag, the raw accuracy) is nulled and reported as a reject while the row is kept. Everything is
vectorised polars (the file has ~4,600 rows): no Python loop over rows.
"""

from __future__ import annotations

import io

import polars as pl

from registry_pipeline.schemas.contracts import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
)
from registry_pipeline.sources._parsing import require_file, stripped_header
from registry_pipeline.sources.base import (
    ParseContext,
    ParsedSource,
    SourceFile,
    SourceParseError,
    SourceSpec,
)

LEADERBOARD_URL = "https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard"
# the CSV was removed from the repository once the leaderboard was retired: the last commit holding it
CSV_URL = (
    "https://raw.githubusercontent.com/fboulnois/llm-leaderboard-csv/"
    "b2d67d9157535832a3adb35773f3a7c49425059a/csv/huggingface_v2.csv"
)
FILE = "huggingface_v2.csv"

SPEC = SourceSpec(
    id="open-llm-leaderboard",
    name="Hugging Face Open LLM Leaderboard v2",
    publisher="Hugging Face (open-llm-leaderboard); CSV by fboulnois/llm-leaderboard-csv",
    homepage=LEADERBOARD_URL,
    files=(SourceFile(FILE, CSV_URL),),
    format="csv",
    default_verification_level="third_party",  # Hugging Face ran every model with lm-evaluation-harness
    licence="Apache-2.0 (leaderboard data); MPL-2.0 (CSV conversion)",
    attribution=(
        "Open LLM Leaderboard v2 results by Hugging Face (open-llm-leaderboard/contents, Apache-2.0), "
        "as flattened to CSV by fboulnois/llm-leaderboard-csv (MPL-2.0)"
    ),
    attribution_required=True,
    # retired in 2025 and frozen since: the data will never be newer, so age is not a fault worth a warning
    cadence="retired",
    freshness_days=3650,
    priority=50,
    provides=("models", "scores"),
)

# CSV task key -> catalogue benchmark id
TASKS: dict[str, str] = {
    "ifeval": "open-llm-ifeval",
    "bbh": "open-llm-bbh",
    "math": "open-llm-math-lvl5",
    "gpqa": "open-llm-gpqa",
    "musr": "open-llm-musr",
    "mmlu_pro": "open-llm-mmlu-pro",
}
AVERAGE_COLUMN, AVERAGE_BENCHMARK = "model_average_score", "open-llm-average"
REPO_URL_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$"  # `org/repo`, or a legacy `gpt2`
# (score column, benchmark id, raw unit, task key or None for the average)
SCORES: tuple[tuple[str, str, str, str | None], ...] = (
    *((f"evaluations_{t}_normalized_score", b, "percent", t) for t, b in TASKS.items()),
    (AVERAGE_COLUMN, AVERAGE_BENCHMARK, "index", None),
)
REQUIRED = ("id", "model_name", *(c for c, _, _, _ in SCORES))

# optional columns by type; a column absent from the header is all null
TEXT = (
    "model_sha", "model_precision", "model_type", "model_weight_type", "model_architecture",
    "metadata_base_model", "metadata_hub_license", *(f"evaluations_{t}_name" for t in TASKS),
)
FLAGS = (
    "model_has_chat_template", "features_is_not_available_on_hub", "features_is_merged", "features_is_moe",
    "features_is_flagged", "features_is_official_provider",
)
DATES = ("metadata_submission_date", "metadata_upload_date")
WHOLE = ("metadata_hub_hearts", "metadata_generation")
# the raw accuracies, 0-1 fractions
FRACTIONS = tuple(f"evaluations_{t}_value" for t in TASKS)
REALS = ("metadata_params_billions", "metadata_co2_cost")
OPTIONAL = (*TEXT, *FLAGS, *DATES, *WHOLE, *FRACTIONS, *REALS)

_LINE, _LABEL, _RAW = "__line", "__label", "__raw_row"
_SHOWN = 60  # characters of an offending value quoted in a reason


def _shown(col: str) -> pl.Expr:
    value = pl.col(col)
    cut = pl.when(value.str.len_chars() > _SHOWN).then(value.str.slice(0, _SHOWN - 3) + "...").otherwise(value)
    return pl.format("'{}'", cut)


def _reason(problem: pl.Expr | str, col: str) -> pl.Expr:
    """`<file>: row <id or line>: column '<col>': <problem>`."""
    problem = pl.lit(problem) if isinstance(problem, str) else problem
    return pl.format("{}: row {}: column '{}': {}", pl.lit(FILE), pl.col(_LABEL), pl.lit(col), problem)


def _rejects(frame: pl.DataFrame, reason: pl.Expr) -> pl.DataFrame:
    return frame.select(
        source_id=pl.lit(SPEC.id), stage=pl.lit("parse"), reason=reason, raw_row=pl.col(_RAW)
    ).cast(REJECT_COLUMNS)


def _read(files: dict[str, bytes]) -> pl.DataFrame:
    """The CSV with every column as String, blanks as null, plus line number, row label and raw row."""
    data = require_file(files, SPEC.id, FILE).removeprefix(b"\xef\xbb\xbf")
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    except pl.exceptions.PolarsError as exc:  # empty body, a row with more fields than the header, ...
        raise SourceParseError(SPEC.id, FILE, "<body>", f"not a readable CSV: {str(exc).splitlines()[0]}") from None
    frame = stripped_header(frame, SPEC.id, FILE)
    for col in REQUIRED:
        if col not in frame.columns:
            raise SourceParseError(SPEC.id, FILE, col, "required column missing from the CSV header")
    if frame.is_empty():
        raise SourceParseError(SPEC.id, FILE, "<body>", "no data rows")
    present = sorted(frame.columns)
    return frame.with_columns(
        # the raw row: every column of the file as read, keys sorted (as `_parsing.raw_json` writes them)
        pl.struct(present).struct.json_encode().alias(_RAW),
        # line in the file (the header is line 1), for rows without an id
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias(_LINE),
    ).with_columns(
        # blanks (the file quotes empty values: "") are missing values
        pl.col(present).str.strip_chars().replace("", None),
        *(pl.lit(None, pl.String).alias(c) for c in OPTIONAL if c not in frame.columns),
    ).with_columns(
        pl.coalesce(pl.format("'{}'", pl.col("id")), pl.format("at line {}", pl.col(_LINE))).alias(_LABEL)
    )


def _keyed_rows(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows with an id and a model name, first listing of each id; the others as rejects."""
    missing = [(c, frame.filter(pl.col(c).is_null())) for c in ("id", "model_name")]
    bad = [_rejects(rows, _reason("missing (empty); the row is rejected", c)) for c, rows in missing]
    keyed = frame.filter(pl.col("id").is_not_null() & pl.col("model_name").is_not_null())
    first = pl.col("id").is_first_distinct()
    bad.append(_rejects(keyed.filter(~first), _reason("id listed more than once; the first row is kept", "id")))
    return keyed.filter(first), pl.concat(bad)


def _checks() -> dict[str, tuple[pl.Expr, pl.Expr, str]]:
    """Optional typed column -> (parsed value, accepted when, what was expected)."""
    c = pl.col
    checks: dict[str, tuple[pl.Expr, pl.Expr, str]] = {}
    for col in FLAGS:
        low = c(col).str.to_lowercase()
        checks[col] = (pl.when(low == "true").then(True).when(low == "false").then(False), pl.lit(True), "TRUE or FALSE")
    for col in DATES:
        # a timestamp keeps its date part ("2024-08-05T10:00:00Z" -> 2024-08-05); only a full day is a date
        day = c(col).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
        checks[col] = (pl.when(c(col).str.contains(r"^\d{4}-\d{2}-\d{2}($|[T ])")).then(day), pl.lit(True), "a YYYY-MM-DD date")
    for col in WHOLE:
        number = c(col).cast(pl.Float64, strict=False)
        ok = number.is_finite() & (number >= 0) & (number == number.round(0)) & (number < 2**53)
        checks[col] = (number, ok, "a whole number >= 0")
    for col in FRACTIONS:
        number = c(col).cast(pl.Float64, strict=False)
        checks[col] = (number, number.is_finite() & number.is_between(0, 1), "an accuracy between 0 and 1")
    for col in REALS:
        number = c(col).cast(pl.Float64, strict=False)
        checks[col] = (number, number.is_finite() & (number.abs() < 1e9), "a finite number")
    return checks


def _optional(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed optional columns (`__<col>`): a value that does not read is null, and a reject says so."""
    checks = _checks()
    frame = frame.with_columns(**{f"__{col}": parsed for col, (parsed, _, _) in checks.items()}).with_columns(
        **{
            f"__bad_{col}": pl.col(col).is_not_null() & ~(ok.fill_null(False) & pl.col(f"__{col}").is_not_null())
            for col, (_, ok, _) in checks.items()
        }
    )
    rejects = [
        _rejects(
            frame.filter(pl.col(f"__bad_{col}")),
            _reason(pl.format("expected {} ({}); the field is set to null, the row is kept", pl.lit(what), _shown(col)), col),
        )
        for col, (_, _, what) in checks.items()
    ]
    frame = frame.with_columns(
        **{f"__{col}": pl.when(~pl.col(f"__bad_{col}")).then(pl.col(f"__{col}")) for col in checks}
    ).with_columns(
        # the leaderboard writes 0 or -1 when it does not know a model's size
        __metadata_params_billions=pl.when(pl.col("__metadata_params_billions") > 0).then(pl.col("__metadata_params_billions")),
        __metadata_hub_hearts=pl.col("__metadata_hub_hearts").cast(pl.Int64),
        __metadata_generation=pl.col("__metadata_generation").cast(pl.Int64),
    )
    return frame.drop(f"__bad_{col}" for col in checks), pl.concat(rejects)


def _with_row_facts(frame: pl.DataFrame, context: ParseContext) -> pl.DataFrame:
    """Maker, variant, as-of date and the row's details common to its observations."""
    name = pl.col("model_name")
    setting = pl.concat_str(
        [pl.col("model_precision"), pl.when(pl.col("__model_has_chat_template").not_()).then(pl.lit("no chat template"))],
        separator="; ", ignore_nulls=True,
    ).replace("", None)
    listed_more = pl.len().over("model_name") > 1
    frame = frame.with_columns(
        provider_hint=pl.when(name.str.contains("/")).then(name.str.split("/").list.first()).replace("", None),
        variant=pl.when(listed_more).then(setting),
        as_of_date=pl.col("__metadata_submission_date").fill_null(context.file_day(FILE)),
        as_of_from=pl.when(pl.col("__metadata_submission_date").is_not_null())
        .then(pl.lit("metadata_submission_date"))
        .otherwise(pl.lit(context.file_date(FILE)[1])),
    )
    # two rows of one repo with the same setting: the weights' revision tells them apart
    clash = pl.len().over("model_name", "variant") > 1
    sha = pl.col("model_sha").str.slice(0, 7)
    return frame.with_columns(
        variant=pl.when(listed_more & clash & sha.is_not_null())
        .then(pl.concat_str([pl.col("variant"), pl.format("sha {}", sha)], separator="; ", ignore_nulls=True))
        .otherwise(pl.col("variant"))
    )


def _row_details() -> dict[str, pl.Expr]:
    """Facts about the evaluated row kept in every observation's details (keys sorted at encoding)."""
    c = pl.col
    return {
        "architecture": c("model_architecture"),
        "as_of_from": c("as_of_from"),
        "base_model": c("metadata_base_model"),
        "co2_cost_kg": c("__metadata_co2_cost"),
        "generation": c("__metadata_generation"),
        "has_chat_template": c("__model_has_chat_template"),
        "hub_hearts": c("__metadata_hub_hearts"),
        "hub_license": c("metadata_hub_license"),
        "is_flagged": c("__features_is_flagged"),
        "is_merged": c("__features_is_merged"),
        "is_moe": c("__features_is_moe"),
        "is_not_available_on_hub": c("__features_is_not_available_on_hub"),
        "is_official_provider": c("__features_is_official_provider"),
        "model_sha": c("model_sha"),
        "model_type": c("model_type"),
        "params_billions": c("__metadata_params_billions"),
        "precision": c("model_precision"),
        "submission_date": c("__metadata_submission_date").cast(pl.String),
        "upload_date": c("__metadata_upload_date").cast(pl.String),
        "weight_type": c("model_weight_type"),
    }


def _members(fields: dict[str, pl.Expr]) -> pl.Expr:
    """The members of the JSON object of `fields`, keys sorted, without its braces: `"a":1,"b":null`."""
    return pl.struct(**dict(sorted(fields.items()))).struct.json_encode().str.strip_prefix("{").str.strip_suffix("}")


# an observation's own keys in its details; the rest are its row's facts (`_row_details`)
_OWN = ("accuracy", "score_column", "task")


def _details_layout() -> list[str | list[str]]:
    """The details' sorted keys as runs of row facts (lists) between an observation's own keys."""
    layout: list[str | list[str]] = []
    for key in sorted([*_row_details(), *_OWN]):
        if key in _OWN:
            layout.append(key)
        elif layout and isinstance(layout[-1], list):
            layout[-1].append(key)
        else:
            layout.append([key])
    return layout


def _first_run(layout: list[str | list[str]]) -> int:
    """Where the first run of row facts is in the details' layout (it has no comma before it)."""
    return next(i for i, part in enumerate(layout) if isinstance(part, list))


def _piece(key: str, members: pl.Expr, layout: list[str | list[str]]) -> pl.Expr:
    """An observation's own member of the details with the comma that joins it to its neighbours: a comma
    after it before the first run of row facts, one before it after (an own key may be missing: an average
    has no accuracy nor task; its comma goes with it)."""
    first = _first_run(layout)
    return members + pl.lit(",") if layout.index(key) < first else pl.lit(",") + members


def _observed_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """What the observations read of each row, its facts (`_row_details`) encoded once as the runs of JSON
    members that sit between an observation's own keys (`__facts<i>`, `_details_layout`)."""
    common, layout = _row_details(), _details_layout()
    facts = {f"__facts{i}": _members({k: common[k] for k in part}) for i, part in enumerate(layout) if isinstance(part, list)}
    read = ["id", "model_name", "__features_is_official_provider", "provider_hint", "variant", "as_of_date", _RAW, _LABEL,
            *(col for col, _, _, _ in SCORES), *(f"__evaluations_{t}_value" for t in TASKS), *(f"evaluations_{t}_name" for t in TASKS)]
    return frame.select(*read, **facts)


# rows whose observations are made at once: a 100x file's 460,000 rows make 3.2 million observations, and
# each slice's intermediate columns (its own members, the row columns each observation takes) are let go
# before the next slice, while only the finished observations add up
ROWS_AT_ONCE = 65_536


def _score_column_problem(col: str) -> pl.Expr:
    value = pl.col(col).cast(pl.Float64, strict=False)
    return (
        pl.when(pl.col(col).is_null()).then(pl.lit("missing (empty)"))
        .when(value.is_null() | ~value.is_finite()).then(pl.format("not a number ({})", _shown(col)))
        .when(~value.is_between(0, 100)).then(pl.format("outside 0-100 ({})", _shown(col)))
    )


def _observations(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Up to 7 observations per row (one per score column) of `_observed_rows`; a bad score rejects that
    observation only.

    Built for size (a 100x file has 3 million observations): the row's facts are encoded once per row, the
    observations are ordered as small frames (row, score column) and take their row's text by position, and
    each observation's details (its row's facts repeated) are written once, in their final order; the rows
    are taken `ROWS_AT_ONCE` at a time."""
    rejects = []
    for col, benchmark, _, _ in SCORES:
        problem = _score_column_problem(col)
        bad = rows.with_columns(__problem=problem).filter(pl.col("__problem").is_not_null())
        rejects.append(_rejects(bad, _reason(pl.format("{}; no {} observation", pl.col("__problem"), pl.lit(benchmark)), col)))
    slices = [_slice_observations(rows.slice(at, ROWS_AT_ONCE)) for at in range(0, rows.height, ROWS_AT_ONCE)]
    obs = pl.concat(slices, how="vertical", rechunk=False) if slices else _slice_observations(rows)
    return obs, pl.concat(rejects)


def _slice_observations(rows: pl.DataFrame) -> pl.DataFrame:
    """The observations of a slice of `_observed_rows`, in row and score column order (`_observations`)."""
    rows = rows.with_columns(__row=pl.int_range(pl.len(), dtype=pl.UInt32))  # positions in this slice
    layout = _details_layout()
    facts = [f"__facts{i}" for i, part in enumerate(layout) if isinstance(part, list)]
    scores = []
    for order, (col, benchmark, unit, task) in enumerate(SCORES):
        own = {"score_column": pl.lit(col)}
        if task:
            own |= {"accuracy": pl.col(f"__evaluations_{task}_value"), "task": pl.col(f"evaluations_{task}_name")}
        scores.append(
            rows.filter(_score_column_problem(col).is_null()).select(
                "__row", __order=pl.lit(order, pl.UInt8), benchmark_id=pl.lit(benchmark),
                raw_value=pl.col(col).cast(pl.Float64, strict=False), raw_unit=pl.lit(unit),
                **{f"__{key}": _piece(key, _members({key: own[key]}), layout) if key in own else pl.lit(None, pl.String) for key in _OWN},
            )
        )
    obs = pl.concat(scores).sort("__row", "__order")
    row_columns = ["id", "model_name", "__features_is_official_provider", "provider_hint", "variant", "as_of_date", _RAW, *facts]
    obs = pl.concat([obs, rows.select(row_columns)[obs["__row"]]], how="horizontal")
    # a run of row facts is always there: its joining comma is a piece of its own, a literal (concatenating
    # it to the run first would copy every observation's facts once more: ~1.3 GB at 100x the recording)
    first = _first_run(layout)
    pieces = [piece for i, part in enumerate(layout) for piece in (
        [pl.col(f"__{part}")] if isinstance(part, str) else [pl.col(f"__facts{i}")] if i == first
        else [pl.col(f"__facts{i}"), pl.lit(",")] if i < first else [pl.lit(","), pl.col(f"__facts{i}")])]
    return obs.select(
        source_id=pl.lit(SPEC.id),
        # a re-upload by someone other than the model's maker keeps its owner in the name
        # (`jebish7--aya-expanse-8b`, the `org--repo` spelling HF caches and EvalPerf use): identity
        # drops an `org/` prefix, and the copy must never resolve to the maker's model
        raw_model_name=_listed_name(),
        raw_model_key=pl.col("id"),
        model_hint=pl.lit(None, pl.String),
        provider_hint=pl.col("provider_hint"),
        variant=pl.col("variant"),
        benchmark_id=pl.col("benchmark_id"),
        benchmark_version=pl.lit(None, pl.String),
        raw_value=pl.col("raw_value"),
        raw_unit=pl.col("raw_unit"),
        as_of_date=pl.col("as_of_date"),
        verification_level=pl.lit(SPEC.default_verification_level),
        source_url=pl.lit(LEADERBOARD_URL),
        # keys sorted, as one object's encoding writes them (an average has no accuracy nor task)
        details=pl.concat_str([pl.lit("{"), *pieces, pl.lit("}")], ignore_nulls=True),
        raw_row=pl.col(_RAW),
    ).cast(SCORE_OBSERVATION_COLUMNS)


def _listed_name() -> pl.Expr:
    """The repo as the registry names it: `org/repo` for the leaderboard's official-provider rows, else
    `org--repo` (see the module doc: a re-upload such as `jebish7/gemma-2-9b-it` is not Google's model)."""
    return (
        pl.when(pl.col("__features_is_official_provider").fill_null(False))
        .then(pl.col("model_name"))
        .otherwise(pl.col("model_name").str.replace("/", "--", literal=True))
    )


def _models(frame: pl.DataFrame) -> pl.DataFrame:
    """One record per repo, named as its scores are (`_listed_name`): its first row's raw text, licence, base model
    and size, the newest submission date of its rows."""
    repos = frame.sort(_LINE).group_by("model_name", maintain_order=True).agg(
        name=_listed_name().first(),
        provider=pl.col("provider_hint").first(),
        official=pl.col("__features_is_official_provider").fill_null(False).first(),
        as_of_date=pl.col("as_of_date").max(),
        licence=pl.col("metadata_hub_license").first(),
        base_model=pl.col("metadata_base_model").first(),
        params_billions=pl.col("__metadata_params_billions").first(),
        raw_row=pl.col(_RAW).first(),
    )
    known = {
        "source_id": pl.lit(SPEC.id),
        "raw_model_id": pl.col("name"),
        "raw_name": pl.col("name"),
        "provider_id": pl.col("provider"),
        "provider_name": pl.col("provider"),
        "is_maker": pl.lit(False),
        # the official provider's upload names its maker; a community repo names none (it defines no model)
        "maker_hint": pl.when(pl.col("official")).then(pl.col("provider")),
        "is_alias": pl.lit(False),
        "open_weights": pl.lit(True),
        # the Hub's facts the leaderboard copied: the licence id ("apache-2.0"; "other" for a licence of the maker's
        # own), the repo it was fine-tuned from (none where the row names the repo itself, or a merge: the leaderboard
        # writes "<a repo> (Merge)", a merge having no one base), the size in billions
        "licence": pl.col("licence"),
        "base_model": pl.when((pl.col("base_model") != pl.col("model_name")) & ~pl.col("base_model").str.ends_with(" (Merge)"))
        .then(pl.col("base_model")),
        "param_count": (pl.col("params_billions") * 1e9).round(0).cast(pl.Int64),
        # the repo the leaderboard ran, where its name is a Hub repo id (no other text becomes a link)
        "source_url": pl.when(pl.col("model_name").str.contains(REPO_URL_ID)).then(pl.format("https://huggingface.co/{}", "model_name")),
        "as_of_date": pl.col("as_of_date"),
        "raw_row": pl.col("raw_row"),
    }
    return repos.select(
        (known[c] if c in known else pl.lit(None)).cast(t).alias(c) for c, t in MODEL_RECORD_COLUMNS.items()
    )


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    frame = _read(files)
    keyed, key_rejects = _keyed_rows(frame)
    del frame  # each step's input is let go once read: at 100x the CSV's text is ~2 GB in memory
    typed, field_rejects = _optional(keyed)
    del keyed
    typed = _with_row_facts(typed, context)
    models, rows = _models(typed), _observed_rows(typed)
    del typed
    scores, score_rejects = _observations(rows)
    return ParsedSource(
        models=models,
        scores=scores,
        rejects=pl.concat([key_rejects, score_rejects, field_rejects]).cast(REJECT_COLUMNS),
    )
