"""LMArena (formerly Chatbot Arena): Elo-style human-preference ratings of the text and vision arenas.

Wire format: LMArena publishes no documented data file, so the source reads the CSVs that
`fboulnois/llm-leaderboard-csv` scrapes from the leaderboard and publishes as release assets, one per
arena: header `rank,rank_stylectrl,model,arena_score,95_pct_ci,votes,organization,license,knowledge_cutoff,url`.
`arena_score` is a Bradley-Terry rating on an Elo-like scale (~800-1500), not a percentage; `95_pct_ci` is
text like `+5/-5`; `rank` is the rank with ties (rank upper bound), `rank_stylectrl` the rank with style
control.

Arenas: `lmarena_text.csv` -> `lmarena-text`, `lmarena_vision.csv` -> `lmarena-vision`. The image arena
(`lmarena_image.csv`) rates text-to-image generators (Imagen, GPT-Image, FLUX, ...), which are not
language models of the registry, so the spec does not fetch it.

Observations: one per arena row, `raw_unit` "elo", `raw_model_key` = the display name (unique per
arena; a repeated name keeps its first row, the repeats are rejects). The CSVs carry no date, so
`as_of_date` is the day the file was last changed as its server stated (`Last-Modified`, the day the CSV
was scraped and uploaded), else the day the snapshot was taken (`context.file_day`): a CSV its scraper
stopped updating keeps the day of its ratings. `benchmark_version` is null (the ratings are a living
leaderboard). `details` keeps the 95% CI as numbers (`ci_upper` = +N,
`ci_lower` = -N, offsets from the score; a CI not in the `+N/-N` form stays as `ci_text` with a
`ci_note`, not a reject), votes, rank, rank_stylectrl, organization, license, knowledge_cutoff and url.

Names: display names such as `Claude 3.5 Sonnet (20241022)` or `ChatGPT-4o-latest (2025-03-26)`. A
parenthesised date/version belongs to the name (`Claude 3.5 Sonnet 20241022`); a parenthesised run setting
(`Claude Opus 4 (thinking-16k)`, `Step-1o-Vision-32k (highres)`) and a trailing `SETTING_SUFFIXES` token
(`o3-mini-high`, `Qwen3-235B-A22B-no-thinking`, `...-Instruct-bf16`) become `variant`; anything else in
parentheses (`chocolate (Early Grok-3)`, a codename) keeps the label whole. A `+` after a name is
spelled out (`Command R+ (08-2024)` -> `Command R Plus 08-2024`): identity's keys drop punctuation, and
`Command R+` would otherwise take Command R's key. `provider_hint` is the
organization; `model_hint` is the model id named by the row's link when it names one exactly (an AI
Studio `?model=` link, a Hugging Face repo, an xAI model page).

Models: one record per name that states its `organization` (its maker hint), from its first row: open
weights from `license` ("Proprietary" is closed, any licence open, "-" unknown; LMArena states it per model,
which hosts' listings often get wrong: Minimax-M1 "Apache 2.0", NVIDIA's Nemotron models), the cutoff from
`knowledge_cutoff` ("2023/11" -> "2023-11"; "Online"/"Unknown" say none). A record defines a model when its
maker is curated and no model has its name (model_metadata's admission).

Failures: a file that is not CSV or lacks `model`/`arena_score` in its header is a SourceParseError; a row
without a model name, or with a missing/non-numeric/absurd (outside 0-5000) score, is a reject naming the
file, row, column and value; a bad optional whole number (votes, ranks) or cutoff is nulled and reported as a
reject while the row is kept. Vectorised polars: no loop over rows.
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

LEADERBOARD_URL = "https://lmarena.ai/leaderboard"
RELEASE_URL = "https://github.com/fboulnois/llm-leaderboard-csv/releases/latest/download"

# file name -> (benchmark id, leaderboard page of the arena)
ARENAS: dict[str, tuple[str, str]] = {
    "lmarena_text.csv": ("lmarena-text", f"{LEADERBOARD_URL}/text"),
    "lmarena_vision.csv": ("lmarena-vision", f"{LEADERBOARD_URL}/vision"),
}

SPEC = SourceSpec(
    id="lmarena",
    name="LMArena (Chatbot Arena) text and vision leaderboards",
    publisher="LMArena; CSV by fboulnois/llm-leaderboard-csv",
    homepage=LEADERBOARD_URL,
    files=tuple(SourceFile(name, f"{RELEASE_URL}/{name}") for name in ARENAS),
    format="csv",
    default_verification_level="third_party",  # ratings from LMArena's own blind pairwise votes
    licence="LMArena terms of use (data); MPL-2.0 (CSV conversion)",
    attribution="LMArena leaderboard ratings (lmarena.ai), as converted to CSV by fboulnois/llm-leaderboard-csv",
    attribution_required=True,
    cadence="weekly",
    # LMArena re-rates weekly, but the CSV mirror is republished irregularly
    freshness_days=30,
    priority=50,
    provides=("models", "scores"),
)

REQUIRED = ("model", "arena_score")
WHOLE = ("rank", "rank_stylectrl", "votes")
TEXT = ("95_pct_ci", "organization", "license", "knowledge_cutoff", "url")
ELO_RANGE = (0.0, 5000.0)  # the contract's range for an "elo" raw unit: beyond it a rating is absurd

# Run settings in names: inside parentheses ("thinking-16k", "highres") or as a trailing `-token`.
SETTING_WORDS: tuple[str, ...] = ("thinking", "no-thinking", "highres", "minimal", "low", "medium", "high", "xhigh", r"\d+k")
SETTING_SUFFIXES: tuple[str, ...] = ("no-thinking", "minimal", "low", "medium", "high", "xhigh", "bf16", "fp8")
_PAREN = r"^(?P<base>.*?\S)\s*\((?P<inner>[^()]*)\)\s*$"
_VERSION = r"^(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-\d{2}|\d{2}-\d{4}|\d{2}-\d{2}|\d{4})$"
_SETTING = r"(?i)^(" + "|".join(SETTING_WORDS) + r")([- ](" + "|".join(SETTING_WORDS) + r"))*$"
_SUFFIX = r"(?i)^(?P<name>.+?)(?P<setting>(?:-(?:" + "|".join(SETTING_SUFFIXES) + r"))+)$"
_CI = r"^\+\s*(?P<up>\d+(?:\.\d+)?)\s*/\s*-\s*(?P<down>\d+(?:\.\d+)?)$"
# `knowledge_cutoff` is "YYYY/M"; "Online" (a model that searches) and "Unknown" say no date
_CUTOFF = r"^(?P<year>\d{4})/(?P<month>\d{1,2})$"
_NO_CUTOFF = r"(?i)^(online|unknown|n/?a|-)$"
# `license` is free text; "Proprietary" (also spelled "Propretary") is a closed model, any licence an open one
_CLOSED = r"(?i)^propri?etary$"
# links that name the exact model: AI Studio `?model=<id>`, a Hugging Face repo, an xAI model page
_HINTS = (
    r"[?&]model=([^&#]+)",
    r"^https?://huggingface\.co/((?:[^/?#]+)/[^/?#]+)",
    r"^https?://docs\.x\.ai/docs/models/([^/?#]+)$",
)
_NOT_HF_REPO = ("spaces/", "datasets/", "collections/", "papers/", "blog/", "docs/", "models/", "organizations/")

_RAW, _LINE, _LABEL = "__raw_row", "__line", "__label"
_SHOWN = 60


def _shown(col: str) -> pl.Expr:
    value = pl.col(col)
    return pl.format("'{}'", pl.when(value.str.len_chars() > _SHOWN).then(value.str.slice(0, _SHOWN - 3) + "...").otherwise(value))


def _rejects(frame: pl.DataFrame, reason: pl.Expr) -> pl.DataFrame:
    return frame.select(source_id=pl.lit(SPEC.id), stage=pl.lit("parse"), reason=reason, raw_row=pl.col(_RAW)).cast(
        REJECT_COLUMNS
    )


def _reason(file: str, col: str, problem: pl.Expr | str) -> pl.Expr:
    """`<file>: row <model or line>: column '<col>': <problem>`."""
    problem = pl.lit(problem) if isinstance(problem, str) else problem
    return pl.format("{}: row {}: column '{}': {}", pl.lit(file), pl.col(_LABEL), pl.lit(col), problem)


def _read(files: dict[str, bytes], name: str) -> pl.DataFrame:
    data = require_file(files, SPEC.id, name).removeprefix(b"\xef\xbb\xbf")
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise SourceParseError(SPEC.id, name, "<body>", f"not a readable CSV: {str(exc).splitlines()[0]}") from None
    frame = stripped_header(frame, SPEC.id, name)
    for col in REQUIRED:
        if col not in frame.columns:
            raise SourceParseError(SPEC.id, name, col, "required column missing from the CSV header")
    if frame.is_empty():
        raise SourceParseError(SPEC.id, name, "<body>", "no data rows")
    present = sorted(frame.columns)
    return (
        frame.with_columns(
            pl.struct(present).struct.json_encode().alias(_RAW),
            (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias(_LINE),  # the header is line 1
        )
        .with_columns(
            pl.col(present).str.strip_chars().replace("", None),
            *(pl.lit(None, pl.String).alias(c) for c in (*WHOLE, *TEXT) if c not in frame.columns),
        )
        .with_columns(pl.coalesce(pl.format("'{}'", pl.col("model")), pl.format("at line {}", pl.col(_LINE))).alias(_LABEL))
    )


def split_name_exprs(label: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(raw_model_name, variant) of a display-name column."""
    # "Command R+" is Cohere's command-r-plus: identity's keys drop punctuation, and "R+" would become
    # Command R's key, so the plus is spelled out
    label = label.str.replace_all(r"(\w)\+", "${1} Plus").str.replace_all(r"\s+", " ")
    paren = label.str.extract_groups(_PAREN)
    base, inner = paren.struct.field("base"), paren.struct.field("inner").str.strip_chars()
    is_version = inner.str.contains(_VERSION)
    is_setting = inner.str.contains(_SETTING)
    # a parenthesised codename or comment keeps the label whole
    stem = pl.when(is_version).then(pl.format("{} {}", base, inner)).when(is_setting).then(base).otherwise(label)
    stem = pl.when(paren.struct.field("base").is_null()).then(label).otherwise(stem)
    paren_setting = pl.when(is_setting & ~is_version).then(inner)
    suffix = stem.str.extract_groups(_SUFFIX)
    name = pl.coalesce(suffix.struct.field("name"), stem)
    suffix_setting = suffix.struct.field("setting").str.strip_prefix("-")
    variant = pl.concat_str([suffix_setting, paren_setting], separator=", ", ignore_nulls=True).replace("", None)
    return name, variant


def split_name(label: str) -> tuple[str, str | None]:
    """`Claude Opus 4 (thinking-16k)` -> (`Claude Opus 4`, `thinking-16k`);
    `Claude 3.5 Sonnet (20241022)` -> (`Claude 3.5 Sonnet 20241022`, None)."""
    name, variant = split_name_exprs(pl.col("m"))
    return pl.DataFrame({"m": [label]}).select(name=name, variant=variant).row(0)


def _key(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().str.replace(r"^[^/]+/", "").str.replace_all(r"[^a-z0-9]+", "-").str.strip_chars("-")


def model_hint_expr(url: pl.Expr, name: pl.Expr) -> pl.Expr:
    """The model id a row's link names exactly, else null.

    A link naming a shorter id than the rated model (AI Studio's `gemini-1.5-pro` for `Gemini-1.5-Pro-001`)
    points at a moving alias or a family, not at the model rated: no hint then."""
    found = [url.str.extract(p, 1) for p in _HINTS]
    hf = found[1]
    found[1] = pl.when(~pl.any_horizontal([hf.str.starts_with(p) for p in _NOT_HF_REPO])).then(hf)
    hint = pl.coalesce(found)
    shorter = _key(name).str.starts_with(pl.concat_str([_key(hint), pl.lit("-")]))
    return pl.when(~shorter.fill_null(False)).then(hint)


def _keyed(frame: pl.DataFrame, name: str) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Rows with a model name, first row of each name; the others as rejects."""
    no_name = _rejects(frame.filter(pl.col("model").is_null()), _reason(name, "model", "missing (empty); the row is rejected"))
    keyed = frame.filter(pl.col("model").is_not_null())
    first = pl.col("model").is_first_distinct()
    first_line = pl.col(_LINE).first().over("model")
    repeats = _rejects(
        keyed.with_columns(__first_line=first_line).filter(~first),
        _reason(name, "model", pl.format("listed again at line {} (first at line {}); only its first row is kept", pl.col(_LINE), pl.col("__first_line"))),
    )
    return keyed.filter(first), [no_name, repeats]


def _arena(frame: pl.DataFrame, name: str, context: ParseContext) -> tuple[pl.DataFrame, pl.DataFrame]:
    benchmark, page = ARENAS[name]
    frame, rejects = _keyed(frame, name)

    score = pl.col("arena_score").cast(pl.Float64, strict=False)
    problem = (
        pl.when(pl.col("arena_score").is_null()).then(pl.lit("missing (empty)"))
        .when(score.is_null() | ~score.is_finite()).then(pl.format("not a number ({})", _shown("arena_score")))
        .when(~score.is_between(*ELO_RANGE, closed="none")).then(pl.format("outside 0-5000 ({})", _shown("arena_score")))
    )
    frame = frame.with_columns(__score=score, __problem=problem)
    bad = frame.filter(pl.col("__problem").is_not_null())
    rejects.append(_rejects(bad, _reason(name, "arena_score", pl.format("{}; no {} observation", pl.col("__problem"), pl.lit(benchmark)))))
    frame = frame.filter(pl.col("__problem").is_null())

    # optional whole numbers: a value that does not read is null, and a reject says so
    for col in WHOLE:
        number = pl.col(col).cast(pl.Float64, strict=False)
        ok = number.is_finite() & (number >= 0) & (number == number.round(0)) & (number < 2**53)
        wrong = pl.col(col).is_not_null() & ~ok.fill_null(False)
        rejects.append(
            _rejects(
                frame.filter(wrong),
                _reason(name, col, pl.format("expected a whole number >= 0 ({}); the field is set to null, the row is kept", _shown(col))),
            )
        )
        frame = frame.with_columns(pl.when(~wrong).then(number.cast(pl.Int64, strict=False)).alias(f"__{col}"))

    # the knowledge cutoff as "YYYY-MM"; a value that is neither that nor a "no date" word is null, and a reject says so
    parts = pl.col("knowledge_cutoff").str.extract_groups(_CUTOFF)
    month = parts.struct.field("month").cast(pl.Int64, strict=False)
    cutoff = pl.when(month.is_between(1, 12)).then(pl.format("{}-{}", parts.struct.field("year"), month.cast(pl.String).str.zfill(2)))
    odd = pl.col("knowledge_cutoff").is_not_null() & cutoff.is_null() & ~pl.col("knowledge_cutoff").str.contains(_NO_CUTOFF)
    rejects.append(_rejects(frame.filter(odd), _reason(
        name, "knowledge_cutoff", pl.format("not a 'YYYY/M' month ({}); the model's cutoff is not taken from it, the row is kept", _shown("knowledge_cutoff")),
    )))
    frame = frame.with_columns(__cutoff=cutoff)

    ci = pl.col("95_pct_ci").str.extract_groups(_CI)
    parsed = ci.struct.field("up").is_not_null()
    unparsed = pl.col("95_pct_ci").is_not_null() & ~parsed
    details = {
        "ci_lower": -ci.struct.field("down").cast(pl.Float64),
        "ci_note": pl.when(unparsed).then(pl.lit("95_pct_ci not in the '+N/-N' form; kept as text")),
        "ci_text": pl.when(unparsed).then(pl.col("95_pct_ci")),
        "ci_upper": ci.struct.field("up").cast(pl.Float64),
        "knowledge_cutoff": pl.col("knowledge_cutoff"),
        "license": pl.col("license"),
        "organization": pl.col("organization"),
        "rank": pl.col("__rank"),
        "rank_stylectrl": pl.col("__rank_stylectrl"),
        "url": pl.col("url"),
        "votes": pl.col("__votes"),
    }
    raw_name, variant = split_name_exprs(pl.col("model"))
    scores = frame.sort(_LINE).select(
        source_id=pl.lit(SPEC.id),
        raw_model_name=raw_name,
        raw_model_key=pl.col("model"),
        model_hint=model_hint_expr(pl.col("url"), pl.col("model")),
        provider_hint=pl.col("organization"),
        variant=variant,
        benchmark_id=pl.lit(benchmark),
        benchmark_version=pl.lit(None, pl.String),
        raw_value=pl.col("__score"),
        raw_unit=pl.lit("elo"),
        # the CSV carries no date: the day it was last changed, else the day the snapshot was taken
        as_of_date=pl.lit(context.file_day(name), pl.Date),
        verification_level=pl.lit(SPEC.default_verification_level),
        source_url=pl.lit(page),
        details=pl.struct(**details).struct.json_encode(),
        raw_row=pl.col(_RAW),
    ).cast(SCORE_OBSERVATION_COLUMNS)
    facts = frame.sort(_LINE).select(
        raw_model_name=raw_name, organization="organization", license="license", cutoff="__cutoff", source_url=pl.lit(page),
        raw_row=_RAW,
    )
    return scores, pl.concat(rejects).cast(REJECT_COLUMNS), facts


def _models(facts: pl.DataFrame, context: ParseContext) -> pl.DataFrame:
    """One model record per name that states its organisation (the maker, `maker_hint`), from its first row
    (the text arena's before the vision arena's): open weights from `license`, the cutoff from
    `knowledge_cutoff`. Admission decides whether a record defines a model (model_metadata)."""
    first = facts.filter(pl.col("organization").is_not_null()).group_by("raw_model_name", maintain_order=True).first()
    license_ = pl.col("license")
    known = {
        "source_id": pl.lit(SPEC.id),
        "raw_model_id": pl.col("raw_model_name"),
        "raw_name": pl.col("raw_model_name"),
        "maker_hint": pl.col("organization"),
        "is_maker": pl.lit(False),
        "is_alias": pl.lit(False),
        "open_weights": pl.when(license_.str.contains(_CLOSED)).then(False).when(license_.is_not_null() & (license_ != "-")).then(True),
        "training_cutoff": pl.col("cutoff"),
        "source_url": pl.col("source_url"),
        "as_of_date": pl.lit(context.fetched_on, pl.Date),
        "raw_row": pl.col("raw_row"),
    }
    return first.select((known[c] if c in known else pl.lit(None)).cast(t).alias(c) for c, t in MODEL_RECORD_COLUMNS.items())


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    frames = {name: _read(files, name) for name in ARENAS}  # every file readable, or SourceParseError
    scores, rejects, facts = [], [], []
    for name, frame in frames.items():
        s, r, f = _arena(frame, name, context)
        scores.append(s)
        rejects.append(r)
        facts.append(f)
    return ParsedSource(
        models=_models(pl.concat(facts), context),
        scores=pl.concat(scores),
        rejects=pl.concat(rejects).cast(REJECT_COLUMNS),
    )
