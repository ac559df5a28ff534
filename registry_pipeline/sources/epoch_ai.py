"""Epoch AI Benchmarking Hub: Epoch's own benchmark runs, and the results it collects from other boards.

No recording of this source exists in shared/snapshots: this module and its shipped snapshot were written
from the published format of the export, learnt from (a) a public copy of the unpacked export (the folder
`benchmark_data/` committed on 2026-04-19 to GitHub madhu24raj/bayes-llm-saturation, commit 8698b9ba92fd),
whose README carries Epoch's CC BY 4.0 licence and citation, and (b) public code that downloads the live
zip and reads its members by name (e.g. `zipfile.ZipFile(...).open("gpqa_diamond.csv")`).

Wire format: `https://epoch.ai/data/benchmark_data.zip` (updated daily) holds one CSV per benchmark at the
archive root (also README.md and an `additional_eci_data/` folder). Epoch publishes the bundle only, so the
SourceFile is the zip; it is read in memory (`zipfile`, `io.BytesIO`). Two kinds of CSV:

* Epoch's own runs (`gpqa_diamond.csv`, `frontiermath.csv`, ...): `Model version`, `mean_score` (a
  fraction 0-1), `Best score (across scorers)`, `Release date`, `Organization`, `Country`, training-compute
  columns, `stderr`, `Log viewer`, `Logs`, `Started at` (ISO timestamp of the run), `id` (the run id).
  Level `third_party`: Epoch runs the model itself.
* Results Epoch copies from elsewhere (`*_external.csv`): `Model version`, a benchmark-specific score
  column (`Accuracy`, `Percent correct`, `Unguided % Solved`, ...; fraction or percent by file), `Release
  date`, `Organization`, often `Source` and `Source link` (where the number comes from), `id` (an Airtable
  record id). Level `provider` when `Source` names the model maker's own document (a system or model card,
  a technical report, an announcement), else `third_party` (the benchmark's own leaderboard).

`Model version` is an API id with Epoch's run setting after the last underscore: a reasoning effort
(`gpt-5.2-2025-12-11_xhigh`), a thinking budget (`claude-opus-4-5-20251101_32K`), `_thinking`, or
`_unknown` (the setting is not known: no variant, the suffix is kept in `details`). The setting becomes
`variant` (a budget as the registry spells one: `thinking-32k`) and is cut from `raw_model_name`. One
model version may have several rows (HLE lists Claude Opus 4.5 with and without thinking under one
`..._unknown`), so the row key is `id`.

`as_of_date`: the run's own date (`Started at`, or an external file's evaluation-date column), else the
model's `Release date`, else the fetch date. Only the CSVs in `TABLES` are read; the other members are
benchmarks without a catalogue id here (MMLU, GSM8K and the other older tests copied from technical
reports, whose baselines from other makers cannot be told apart from a maker's own numbers; the Epoch
Capabilities Index, an estimated composite on an open-ended scale; SWE-bench Verified, pending a shared
catalogue id) and are ignored like unknown columns.

Failures: a zip that cannot be opened is a SourceParseError; a mapped CSV that is absent, unreadable or
lacks a required column (`Model version`, `id`, its score column) is one reject naming it while the other
CSVs are parsed, and a SourceParseError only when no mapped CSV can be read. A row with an empty model
version or id, or a score that is empty, not a number or not finite, is a reject naming the file, id,
line, column and value; a repeated id keeps its first row. Vectorised polars: no loop over rows.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

import polars as pl

from registry_pipeline.schemas.contracts import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    empty_frame,
)
from registry_pipeline.sources._parsing import reject, require_file, stripped_header
from registry_pipeline.sources.base import (
    ParseContext,
    ParsedSource,
    SourceFile,
    SourceParseError,
    SourceSpec,
)

HUB_URL = "https://epoch.ai/benchmarks"
ZIP = "benchmark_data.zip"

SPEC = SourceSpec(
    id="epoch-ai",
    name="Epoch AI Benchmarking Hub",
    publisher="Epoch AI",
    homepage=HUB_URL,
    files=(SourceFile(ZIP, f"https://epoch.ai/data/{ZIP}"),),
    format="zip",  # one CSV per benchmark inside
    default_verification_level="third_party",
    licence="CC-BY-4.0",
    attribution="Benchmark results from Epoch AI's AI Benchmarking Hub (CC BY 4.0), https://epoch.ai/benchmarks",
    attribution_required=True,
    cadence="daily",
    freshness_days=7,  # the export is rebuilt daily and new runs land every week
    priority=40,
    provides=("scores",),
)


@dataclass(frozen=True)
class Table:
    member: str  # CSV name inside the zip
    benchmark_id: str
    score: str  # the headline score column
    unit: str  # raw unit of that column
    own_runs: bool  # Epoch ran the evaluations (else copied from another board or a maker's document)
    numbers: tuple[tuple[str, str], ...] = ()  # (column, details key): further numeric facts kept
    texts: tuple[tuple[str, str], ...] = ()  # (column, details key): further text facts kept
    run_dates: tuple[str, ...] = ()  # columns with the date of the evaluation itself, first found wins


_OWN_NUMBERS = (("Best score (across scorers)", "best_score"), ("stderr", "stderr"))
_OWN_TEXTS = (("Log viewer", "log_viewer"), ("Started at", "started_at"))

TABLES: tuple[Table, ...] = tuple(
    Table(member, benchmark, "mean_score", "fraction", True, _OWN_NUMBERS, _OWN_TEXTS, ("Started at",))
    for member, benchmark in (
        ("gpqa_diamond.csv", "gpqa-diamond"),
        ("math_level_5.csv", "math-level-5"),
        ("otis_mock_aime_2024_2025.csv", "otis-mock-aime-2024-2025"),
        ("frontiermath.csv", "frontiermath-tiers-1-3"),
        ("frontiermath_tier_4.csv", "frontiermath-tier-4"),
        ("simpleqa_verified.csv", "simpleqa-verified"),
    )
) + (
    Table(
        "hle_external.csv", "hle", "Accuracy", "fraction", False,
        numbers=(("Accuracy Standard Error", "stderr"), ("Calibration Error", "calibration_error")),
    ),
    Table(
        "aider_polyglot_external.csv", "aider-polyglot", "Percent correct", "percent", False,
        numbers=(("Percent using correct edit format", "percent_cases_well_formed"), ("Cost", "cost_per_case_usd"),
                 ("Time per case (seconds)", "seconds_per_case")),
        texts=(("Edit format", "edit_format"),),
        run_dates=("Date of evaluation",),
    ),
    Table(
        "cybench_external.csv", "cybench", "Unguided % Solved", "fraction", False,
        numbers=(("Subtask-Guided % Solved", "subtask_guided_solved"), ("Subtasks % Solved", "subtasks_solved")),
    ),
)

MODEL, KEY = "Model version", "id"
# the run setting after the last underscore of `Model version`; other underscores belong to the name
_SETTING = r"^(?P<name>.+)_(?P<setting>none|minimal|low|medium|high|xhigh|max|unknown|thinking|\d+[kK])$"
# a `Source` that is the model maker's own publication: the number is the maker's claim
DEVELOPER_DOCUMENT = r"(?i)\b(system card|model card|technical report|tech report|announcement|annoucement)\b"
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # a CSV of the export is well under 1 MB; refuse to inflate a bomb
_RAW, _LINE = "__raw_row", "__line"
_SHOWN = 60


class _TableError(ValueError):
    """A mapped CSV cannot be used at all; `field` names the column or `<body>`."""

    def __init__(self, field: str, reason: str):
        self.field, self.reason = field, reason
        super().__init__(reason)


def split_model_version(model_version: str) -> tuple[str, str | None]:
    """`gpt-5.2-2025-12-11_xhigh` -> (`gpt-5.2-2025-12-11`, `xhigh`); `..._unknown` -> (name, None);
    `gemini-3-pro-preview` -> (`gemini-3-pro-preview`, None)."""
    row = pl.DataFrame({MODEL: [model_version]}).select(*_name_and_setting()).row(0)
    return row[0], (None if row[1] == "unknown" else row[1])


def _name_and_setting() -> tuple[pl.Expr, pl.Expr]:
    parts = pl.col(MODEL).str.extract_groups(_SETTING)
    name = pl.coalesce(parts.struct.field("name"), pl.col(MODEL)).alias("__name")
    return name, parts.struct.field("setting").alias("__setting")


# --- the zip and its members ---


def _open(files: dict[str, bytes]) -> zipfile.ZipFile:
    data = require_file(files, SPEC.id, ZIP)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SourceParseError(SPEC.id, ZIP, "<body>", f"not a zip archive: {exc}") from None


def _members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Member by base name; a file at the archive root wins over one of the same name in a folder."""
    found: dict[str, zipfile.ZipInfo] = {}
    for info in sorted(archive.infolist(), key=lambda i: -i.filename.count("/")):
        if not info.is_dir():
            found[PurePosixPath(info.filename).name] = info
    return found


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo | None, table: Table) -> pl.DataFrame:
    """The CSV with every column as String (trimmed, blanks null), plus its raw row and line number."""
    if info is None:
        raise _TableError("<file>", "file missing from the archive")
    if info.file_size > MAX_MEMBER_BYTES:
        raise _TableError("<body>", f"{info.file_size} bytes uncompressed, more than the {MAX_MEMBER_BYTES} allowed")
    try:
        data = archive.read(info).removeprefix(b"\xef\xbb\xbf")
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
        raise _TableError("<body>", f"cannot be extracted: {exc}") from None
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        raise _TableError("<body>", f"not a readable CSV: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    try:
        frame = stripped_header(frame, SPEC.id, info.filename)
    except SourceParseError as exc:
        raise _TableError(exc.field, exc.reason) from None
    for column in (MODEL, KEY, table.score):
        if column not in frame.columns:
            raise _TableError(column, "required column missing from the CSV header")
    if frame.is_empty():
        raise _TableError("<body>", "no data rows")
    present = sorted(frame.columns)
    return frame.with_columns(
        pl.struct(present).struct.json_encode().alias(_RAW),
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias(_LINE),  # the header is line 1
    ).with_columns(pl.col(present).str.strip_chars().replace("", None))


# --- one CSV to observations ---


def _col(frame: pl.DataFrame, name: str) -> pl.Expr:
    """A column, or null when this CSV does not have it (a missing optional column)."""
    return pl.col(name) if name in frame.columns else pl.lit(None, pl.String)


def _day(expr: pl.Expr) -> pl.Expr:
    return expr.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)


def _table(frame: pl.DataFrame, table: Table, context: ParseContext) -> tuple[pl.DataFrame, pl.DataFrame]:
    where = f"{ZIP}:{table.member}"
    raw_score = pl.col(table.score)
    value = raw_score.cast(pl.Float64, strict=False)
    shown = raw_score.str.slice(0, _SHOWN)
    problem = (
        pl.when(pl.col(MODEL).is_null()).then(pl.lit(f"column '{MODEL}' empty"))
        .when(pl.col(KEY).is_null()).then(pl.lit(f"column '{KEY}' empty"))
        .when(raw_score.is_null()).then(pl.lit(f"column '{table.score}' empty"))
        .when(value.is_null()).then(pl.format("column '{}': not a number ('{}')", pl.lit(table.score), shown))
        .when(~value.is_finite()).then(pl.format("column '{}': not a finite number ('{}')", pl.lit(table.score), shown))
        .when(~pl.col(KEY).is_first_distinct()).then(pl.lit("id listed again; only its first row is kept"))
    )
    frame = frame.with_columns(problem.alias("__problem"), value.alias("__value"))
    bad = frame.filter(pl.col("__problem").is_not_null())
    rejects = bad.select(
        source_id=pl.lit(SPEC.id),
        stage=pl.lit("parse"),
        reason=pl.format(
            "{}: row id '{}' (line {}, model version '{}'): {}; the row is rejected",
            pl.lit(where), pl.col(KEY).fill_null(""), pl.col(_LINE), pl.col(MODEL).fill_null(""), pl.col("__problem"),
        ),
        raw_row=pl.col(_RAW),
    )

    good = frame.filter(pl.col("__problem").is_null()).with_columns(*_name_and_setting())
    source = _col(good, "Source")
    if table.own_runs:
        level = pl.lit("third_party")
    else:
        level = pl.when(source.str.contains(DEVELOPER_DOCUMENT).fill_null(False)).then(pl.lit("provider")).otherwise(pl.lit("third_party"))
    run_day = pl.coalesce(*(_day(_col(good, c)) for c in table.run_dates), pl.lit(None, pl.Date))
    release_day = _day(_col(good, "Release date"))
    facts = {
        "file": pl.lit(table.member),
        "model_version": pl.col(MODEL),
        "release_date": _col(good, "Release date"),
        "setting": pl.col("__setting"),
        **{key: _col(good, c).cast(pl.Float64, strict=False) for c, key in table.numbers},
        **{key: _col(good, c) for c, key in table.texts},
    }
    if not table.own_runs:
        facts |= {"name": _col(good, "Name"), "source": source, "source_link": _col(good, "Source link")}
    details = pl.struct(**{k: facts[k] for k in sorted(facts)}).struct.json_encode()
    scores = good.select(
        source_id=pl.lit(SPEC.id),
        raw_model_name=pl.col("__name"),
        raw_model_key=pl.col(KEY),
        model_hint=pl.lit(None, pl.String),
        provider_hint=_col(good, "Organization"),
        # a thinking budget is spelt as the registry spells one (`thinking-32k`: ARC Prize's, aider's, LMArena's)
        variant=pl.when(pl.col("__setting").str.contains(r"^\d+[kK]$")).then(pl.format("thinking-{}", pl.col("__setting").str.to_lowercase()))
        .when(pl.col("__setting") != "unknown").then(pl.col("__setting")),
        benchmark_id=pl.lit(table.benchmark_id),
        benchmark_version=pl.lit(None, pl.String),
        raw_value=pl.col("__value"),
        raw_unit=pl.lit(table.unit),
        as_of_date=pl.coalesce(run_day, release_day, pl.lit(context.fetched_on)),
        verification_level=level,
        source_url=pl.lit(HUB_URL),
        details=details,
        raw_row=pl.col(_RAW),
    )
    return scores.cast(SCORE_OBSERVATION_COLUMNS), rejects.cast(REJECT_COLUMNS)


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    archive = _open(files)
    members = _members(archive)
    scores: list[pl.DataFrame] = []
    rejects: list[pl.DataFrame] = []
    failed: list[tuple[Table, _TableError]] = []
    for table in TABLES:
        try:
            frame = _read(archive, members.get(table.member), table)
        except _TableError as exc:
            failed.append((table, exc))
            continue
        table_scores, table_rejects = _table(frame, table, context)
        scores.append(table_scores)
        rejects.append(table_rejects)
    if not scores:
        first, exc = failed[0]
        listed = ", ".join(sorted(members)[:12]) or "none"
        raise SourceParseError(
            SPEC.id, ZIP, f"{first.member}:{exc.field}",
            f"no benchmark CSV readable ({first.member}: {exc.reason}; members: {listed})",
        )
    for table, exc in failed:
        reason = (
            f"{ZIP}:{table.member}: field {exc.field!r}: {exc.reason}; "
            f"no {table.benchmark_id} observations from this snapshot"
        )
        raw = {"file": table.member, "field": exc.field, "present": table.member in members}
        rejects.append(pl.DataFrame([reject(SPEC.id, reason, raw)], schema=REJECT_COLUMNS))
    return ParsedSource(
        models=empty_frame(MODEL_RECORD_COLUMNS),
        scores=pl.concat(scores),
        rejects=pl.concat(rejects).cast(REJECT_COLUMNS),
    )
