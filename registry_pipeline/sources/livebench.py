"""LiveBench (livebench.ai): per-task scores of each benchmark release, averaged per category and overall.

Wire format, per release `<YYYY_MM_DD>`: `table_<date>.csv` (header `model,<task>,<task>,...`, one row per
model id, task scores 0-100, an empty cell = not evaluated) and `categories_<date>.json`
(`{"Reasoning": [task, ...], "Coding": [...], ...}`). The set of tasks changes between releases.

Releases: the site has no index of its releases, so the spec lists the tracked releases as files. Adding a
release is one new pair of `SourceFile` lines in `SPEC.files` (`table_<date>.csv` and
`categories_<date>.json`); `RELEASES` is read from those names. The newest release file is updated in place
as LiveBench adds models. A release whose pair cannot be read (a file missing from the snapshot, not
CSV/JSON, no `model` column) is one reject naming the release while the other releases are parsed; only
when no release can be read is it a SourceParseError.

Observations: each release is its own benchmark version (`benchmark_version` = the release date in ISO,
`as_of_date` = the release date; the build dates a row of a model released after its table by that release,
`SPEC.rows_added_in_place`). Per model and release:
* one `livebench-<category>` observation per category = the mean of the category's task scores, computed
  only when the model has a score for every task of the category in that release; `details` keeps the
  task scores (`{"category": ..., "tasks": {task: score}}`);
* one `livebench` observation = the mean of the category averages (LiveBench's "Global Average"), computed
  only when every category of that release has an average for the model. Missing is never treated as 0.
  The site's hard-coded grok-3 overrides are not reproduced.
A category name not in `CATEGORIES` is a reject (no observation for it), but its tasks still count in the
global average, which LiveBench defines over every category of the release. Values are percent (0-100);
the computed averages are rounded to 4 decimals.

Failures: a task cell that is not a number in 0-100 is a reject naming the file, model, column and value
(the cell then counts as missing); a model with empty cells is one reject listing the tasks and the
averages that could not be computed; a task named by the categories but absent from the table header is
one reject per category; a repeated model id keeps its first row. Vectorised polars: no loop over rows.

Model ids carry LiveBench's run settings (`claude-opus-4-5-20251101-thinking-64k-high-effort`,
`gpt-5.2-2025-12-11-nothinking`, `claude-4-1-opus-20250805-base`): a trailing run of `SETTING_TOKENS`
becomes `variant` and is cut from `raw_model_name`; the full id is `raw_model_key` and `model_hint`.
"""

from __future__ import annotations

import io
import re

import polars as pl

from registry_pipeline.schemas.contracts import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    empty_frame,
)
from registry_pipeline.sources._parsing import load_json, reject, require_file, stripped_header
from registry_pipeline.sources.base import (
    ParseContext,
    ParsedSource,
    SourceFile,
    SourceParseError,
    SourceSpec,
)

SITE = "https://livebench.ai"
LEADERBOARD_URL = f"{SITE}/"

SPEC = SourceSpec(
    id="livebench",
    name="LiveBench",
    publisher="LiveBench (Abacus.AI, NYU and collaborators)",
    homepage=LEADERBOARD_URL,
    # one (table, categories) pair per tracked release: a new release is a new pair of lines
    files=(
        SourceFile("table_2025_11_25.csv", f"{SITE}/table_2025_11_25.csv"),
        SourceFile("categories_2025_11_25.json", f"{SITE}/categories_2025_11_25.json"),
        SourceFile("table_2026_01_08.csv", f"{SITE}/table_2026_01_08.csv"),
        SourceFile("categories_2026_01_08.json", f"{SITE}/categories_2026_01_08.json"),
    ),
    format="csv",
    default_verification_level="third_party",  # the LiveBench team runs every model itself
    licence="unstated for the leaderboard data (LiveBench code is Apache-2.0)",
    attribution="LiveBench leaderboard results by the LiveBench team, https://livebench.ai",
    attribution_required=True,
    cadence="weekly",
    # a new release every one to two months; models are added to the newest release in between
    freshness_days=45,
    priority=30,
    provides=("scores",),
    rows_added_in_place=True,
)

_RELEASE_FILE = re.compile(r"(table|categories)_(\d{4}_\d{2}_\d{2})\.(csv|json)")
RELEASES: tuple[str, ...] = tuple(
    sorted({m[2] for f in SPEC.files if (m := _RELEASE_FILE.fullmatch(f.name))})
)

GLOBAL_BENCHMARK = "livebench"
# category name in categories_*.json -> catalogue benchmark id
CATEGORIES: dict[str, str] = {
    "Reasoning": "livebench-reasoning",
    "Coding": "livebench-coding",
    "Agentic Coding": "livebench-agentic-coding",
    "Mathematics": "livebench-mathematics",
    "Data Analysis": "livebench-data-analysis",
    "Language": "livebench-language",
    "IF": "livebench-instruction-following",
    "Instruction Following": "livebench-instruction-following",  # the spelling of older releases
}

# Trailing tokens of a LiveBench model id that name the run setting, not the model: thinking on/off and
# budget (`thinking-64k`, `thinking-auto`, `nothinking`, `highthinking`), reasoning effort (`high`,
# `low-effort`, `xhigh`) and `base` (LiveBench's name for Claude without extended thinking). Not settings:
# `max` (`gpt-5.1-codex-max` is a model) and `reasoning`/`non-reasoning` (xAI serves
# `grok-4-1-fast-reasoning` and `grok-4-1-fast-non-reasoning` as two API model ids).
SETTING_TOKENS: tuple[str, ...] = (
    "thinking", "nothinking", "highthinking", "base", "auto",
    "minimal", "low", "medium", "high", "xhigh", "effort", r"\d+k",
)
_SETTING_RUN = re.compile(r"^(?P<name>.+?)(?P<setting>(?:-(?:" + "|".join(SETTING_TOKENS) + r"))+)$")
# ids whose trailing "thinking" is part of the model's name: their makers publish a separate Thinking
# checkpoint (moonshotai/Kimi-K2-Thinking, Qwen/Qwen3-Next-80B-A3B-Thinking); cutting it would resolve
# them to the instruct model
WHOLE_IDS: frozenset[str] = frozenset({"kimi-k2-thinking", "qwen3-next-80b-a3b-thinking"})

DECIMALS = 4  # of the computed averages
_RAW, _LINE = "__raw_row", "__line"
_SHOWN = 60


def _files(release: str) -> tuple[str, str]:
    return f"table_{release}.csv", f"categories_{release}.json"


def _iso(release: str) -> str:
    return release.replace("_", "-")


def _split_exprs(model: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(raw_model_name, variant) of a model id column."""
    whole = model.str.to_lowercase().is_in(sorted(WHOLE_IDS))
    parts = model.str.extract_groups(_SETTING_RUN.pattern)
    name = pl.when(whole | parts.struct.field("name").is_null()).then(model).otherwise(parts.struct.field("name"))
    variant = pl.when(~whole).then(parts.struct.field("setting").str.strip_prefix("-"))
    return name, variant


def split_model_id(model_id: str) -> tuple[str, str | None]:
    """`gpt-5.2-2025-12-11-nothinking` -> (`gpt-5.2-2025-12-11`, `nothinking`); `glm-4.7` -> (`glm-4.7`, None)."""
    name, variant = _split_exprs(pl.col("m"))
    row = pl.DataFrame({"m": [model_id]}).select(name=name, variant=variant).row(0)
    return row[0], row[1]


# --- loading one release ---


def _load_categories(files: dict[str, bytes], release: str) -> dict[str, list[str]]:
    name = _files(release)[1]
    body = load_json(require_file(files, SPEC.id, name), SPEC.id, name, "<body>", kind=dict, what="an object of categories")
    if not body:
        raise SourceParseError(SPEC.id, name, "<body>", "no categories")
    for category, tasks in body.items():
        if not isinstance(tasks, list) or not tasks or not all(isinstance(t, str) and t.strip() for t in tasks):
            raise SourceParseError(SPEC.id, name, category, "expected a non-empty list of task names")
    return {category: [t.strip() for t in tasks] for category, tasks in body.items()}


def _load_table(files: dict[str, bytes], release: str) -> pl.DataFrame:
    """The table with every column as String (blanks null), plus the raw row and its line number."""
    name = _files(release)[0]
    data = require_file(files, SPEC.id, name).removeprefix(b"\xef\xbb\xbf")
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise SourceParseError(SPEC.id, name, "<body>", f"not a readable CSV: {str(exc).splitlines()[0]}") from None
    frame = stripped_header(frame, SPEC.id, name)
    if "model" not in frame.columns:
        raise SourceParseError(SPEC.id, name, "model", "required column missing from the CSV header")
    if frame.is_empty():
        raise SourceParseError(SPEC.id, name, "<body>", "no data rows")
    present = sorted(frame.columns)
    return frame.with_columns(
        pl.struct(present).struct.json_encode().alias(_RAW),
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias(_LINE),  # the header is line 1
    ).with_columns(pl.col(present).str.strip_chars().replace("", None))


# --- one release to observations ---


def _rejects(frame: pl.DataFrame, reason: pl.Expr) -> pl.DataFrame:
    return frame.select(source_id=pl.lit(SPEC.id), stage=pl.lit("parse"), reason=reason, raw_row=pl.col(_RAW)).cast(
        REJECT_COLUMNS
    )


def _keyed(frame: pl.DataFrame, table: str) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Rows with a model id, first row of each id; the others as rejects."""
    no_id = _rejects(
        frame.filter(pl.col("model").is_null()),
        pl.format("{}: row at line {}: column 'model' missing (empty); the row is rejected", pl.lit(table), pl.col(_LINE)),
    )
    keyed = frame.filter(pl.col("model").is_not_null())
    first = pl.col("model").is_first_distinct()
    repeats = _rejects(
        keyed.filter(~first),
        pl.format("{}: model '{}' listed again at line {}; only its first row is kept", pl.lit(table), pl.col("model"), pl.col(_LINE)),
    )
    return keyed.filter(first), [no_id, repeats]


def _release(table_frame: pl.DataFrame, categories: dict[str, list[str]], release: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    table, cats_file = _files(release)
    version = _iso(release)
    rejects: list[pl.DataFrame] = []
    frame, key_rejects = _keyed(table_frame, table)
    rejects += key_rejects

    # categories whose tasks are not all columns of the table cannot be averaged for anyone
    columns = set(frame.columns)
    lacking = {c: [t for t in tasks if t not in columns] for c, tasks in categories.items()}
    lacking = {c: ts for c, ts in lacking.items() if ts}
    for category, tasks in lacking.items():
        what = f"no {CATEGORIES.get(category, category)!r} observation and no livebench average in release {version}"
        reason = f"{table}: column(s) {', '.join(repr(t) for t in tasks)} of category {category!r} missing from the CSV header: {what}"
        rejects.append(pl.DataFrame([reject(SPEC.id, reason, {"release": release, "category": category, "missing": tasks})], schema=REJECT_COLUMNS))
    for category in categories:
        if category not in CATEGORIES:
            reason = (
                f"{cats_file}: category {category!r} is not a known LiveBench category ({', '.join(sorted(CATEGORIES))}): "
                f"no observation for it; its tasks still count in the livebench average"
            )
            raw = {"release": release, "category": category, "tasks": categories[category]}
            rejects.append(pl.DataFrame([reject(SPEC.id, reason, raw)], schema=REJECT_COLUMNS))

    tasks = sorted({t for c, ts in categories.items() if c not in lacking for t in ts})
    # a task cell: a number in 0-100, else a reject naming it (and the cell counts as missing)
    value = {t: pl.col(t).cast(pl.Float64, strict=False) for t in tasks}
    bad = {t: pl.col(t).is_not_null() & ~(value[t].is_finite() & value[t].is_between(0, 100)).fill_null(False) for t in tasks}
    in_category = {t: [c for c, ts in categories.items() if t in ts] for t in tasks}
    for t in tasks:
        affected = ", ".join(f"{CATEGORIES.get(c, c)!r}" for c in in_category[t])
        shown = pl.col(t).str.slice(0, _SHOWN)
        rejects.append(
            _rejects(
                frame.filter(bad[t]),
                pl.format(
                    "{}: model '{}': column '{}': not a score in 0-100 ('{}'); the cell counts as missing, so {} and the livebench average are not computed for it",
                    pl.lit(table), pl.col("model"), pl.lit(t), shown, pl.lit(affected),
                ),
            )
        )
    frame = frame.with_columns(**{f"__v_{t}": pl.when(~bad[t]).then(value[t]) for t in tasks})

    # empty cells (not evaluated): one reject per model listing them and the averages left out
    empty = pl.concat_list([pl.when(pl.col(t).is_null()).then(pl.lit(t)) for t in tasks]).list.drop_nulls() if tasks else None
    if empty is not None:
        left_out = pl.concat_list(
            [
                pl.when(pl.any_horizontal([pl.col(t).is_null() for t in ts])).then(pl.lit(CATEGORIES.get(c, c)))
                for c, ts in categories.items()
                if c not in lacking
            ]
        ).list.drop_nulls()
        gaps = frame.with_columns(__empty=empty, __left_out=left_out).filter(pl.col("__empty").list.len() > 0)
        rejects.append(
            _rejects(
                gaps,
                pl.format(
                    "{}: model '{}': no score for task(s) {} (empty cells): {} and the livebench average are not computed for it",
                    pl.lit(table), pl.col("model"), pl.col("__empty").list.join(", "), pl.col("__left_out").list.join(", "),
                ),
            )
        )

    # category averages (all categories, also unknown ones: the global average counts them)
    averages = {}
    for category, ts in categories.items():
        if category in lacking:
            averages[category] = pl.lit(None, pl.Float64)
            continue
        cols = [pl.col(f"__v_{t}") for t in ts]
        averages[category] = pl.when(pl.all_horizontal([c.is_not_null() for c in cols])).then(pl.mean_horizontal(cols))
    frame = frame.with_columns(**{f"__avg_{c}": e for c, e in averages.items()})
    avg_cols = [pl.col(f"__avg_{c}") for c in categories]
    frame = frame.with_columns(
        __global=pl.when(pl.all_horizontal([c.is_not_null() for c in avg_cols])).then(pl.mean_horizontal(avg_cols))
    ).with_columns(
        # averages of 3-decimal scores: 4 decimals keep them exact enough without float noise (12.19174999...)
        pl.col("__global", *(f"__avg_{c}" for c in categories)).round(DECIMALS)
    )

    name, variant = _split_exprs(pl.col("model"))
    common = dict(
        source_id=pl.lit(SPEC.id),
        raw_model_name=name,
        raw_model_key=pl.col("model"),
        model_hint=pl.col("model"),
        provider_hint=pl.lit(None, pl.String),
        variant=variant,
    )
    tail = dict(
        benchmark_version=pl.lit(version),
        raw_unit=pl.lit("percent"),
        as_of_date=pl.lit(version).str.to_date("%Y-%m-%d"),
        verification_level=pl.lit(SPEC.default_verification_level),
        source_url=pl.lit(LEADERBOARD_URL),
    )
    out = []
    for order, (category, ts) in enumerate(categories.items()):
        if category not in CATEGORIES or category in lacking:
            continue
        details = pl.struct(
            category=pl.lit(category),
            tasks=pl.struct(**{t: pl.col(f"__v_{t}") for t in sorted(ts)}),
        ).struct.json_encode()
        out.append(
            frame.filter(pl.col(f"__avg_{category}").is_not_null()).select(
                **common, benchmark_id=pl.lit(CATEGORIES[category]), raw_value=pl.col(f"__avg_{category}"), **tail,
                details=details, raw_row=pl.col(_RAW), __line=pl.col(_LINE), __order=pl.lit(order + 1),
            )
        )
    global_details = pl.struct(
        categories=pl.struct(**{c: pl.col(f"__avg_{c}") for c in sorted(categories)})
    ).struct.json_encode()
    out.append(
        frame.filter(pl.col("__global").is_not_null()).select(
            **common, benchmark_id=pl.lit(GLOBAL_BENCHMARK), raw_value=pl.col("__global"), **tail,
            details=global_details, raw_row=pl.col(_RAW), __line=pl.col(_LINE), __order=pl.lit(0),
        )
    )
    scores = pl.concat(out).sort(_LINE, "__order").select(list(SCORE_OBSERVATION_COLUMNS)).cast(SCORE_OBSERVATION_COLUMNS)
    return scores, pl.concat(rejects).cast(REJECT_COLUMNS)


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    scores: list[pl.DataFrame] = []
    rejects: list[pl.DataFrame] = []
    failed: list[tuple[str, SourceParseError]] = []
    for release in reversed(RELEASES):  # newest first
        try:
            categories = _load_categories(files, release)
            table = _load_table(files, release)
        except SourceParseError as exc:
            failed.append((release, exc))
            continue
        release_scores, release_rejects = _release(table, categories, release)
        scores.append(release_scores)
        rejects.append(release_rejects)
    if not scores:
        raise failed[0][1]  # the newest release's error
    for release, exc in failed:
        reason = f"release {_iso(release)} not parsed, its observations are missing from this snapshot: {exc}"
        raw = {"release": release, "files": list(_files(release)), "present": [n for n in _files(release) if n in files]}
        rejects.append(pl.DataFrame([reject(SPEC.id, reason, raw)], schema=REJECT_COLUMNS))
    return ParsedSource(
        models=empty_frame(MODEL_RECORD_COLUMNS),
        scores=pl.concat(scores),
        rejects=pl.concat(rejects).cast(REJECT_COLUMNS),
    )

