"""Aider polyglot leaderboard: one `aider-polyglot` score (pass_rate_2, percent) per benchmark run.

Wire format: a YAML list of run records (`dirname`, `model`, `pass_rate_2`, `date`, `command`, ...).
`model` is a free-text label that mixes API ids, display names, run settings in parentheses
("o3 (high)") and architect pairs ("DeepSeek R1 + claude-3-5-sonnet-20241022"); `dirname` is the
stable key. The id actually run is in `command` after `--model`, usually with a litellm provider prefix.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import polars as pl

from registry_pipeline.schemas.contracts import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    empty_frame,
)
from registry_pipeline.sources._parsing import (
    RowError,
    is_number,
    iso_date,
    load_yaml,
    raw_json,
    reject,
    require_file,
)
from registry_pipeline.sources.base import (
    ParseContext,
    ParsedSource,
    SourceFile,
    SourceParseError,
    SourceSpec,
)

LEADERBOARD_URL = "https://aider.chat/docs/leaderboards/"

SPEC = SourceSpec(
    id="aider",
    name="Aider LLM Leaderboards (polyglot)",
    publisher="Aider-AI",
    homepage=LEADERBOARD_URL,
    files=(
        SourceFile(
            "polyglot_leaderboard.yml",
            "https://raw.githubusercontent.com/Aider-AI/aider/main/aider/website/_data/polyglot_leaderboard.yml",
        ),
    ),
    format="yaml",
    default_verification_level="third_party",
    licence="Apache-2.0",
    attribution="Aider polyglot benchmark results by Aider-AI (Apache-2.0), https://aider.chat/docs/leaderboards/",
    attribution_required=True,
    priority=30,
    provides=("scores",),
    freshness_days=30,
)

FILE = "polyglot_leaderboard.yml"
BENCHMARK_ID = "aider-polyglot"

# A trailing "(...)" on the label. Its content is either a run setting ("high", "32k thinking tokens",
# "no think", "default") or a model version/date ("0324", "0528", "2025-03-29"); only settings are removed.
_TRAILING_PAREN = re.compile(r"^(?P<base>.*?\S)\s*\((?P<inner>[^()]*)\)\s*$")
_VERSION_IN_PARENS = re.compile(r"^(\d{4}|\d{4}-\d{2}-\d{2}|\d{2}-\d{2})$")
# `--model X` or `--model=X`, not `--editor-model X`.
_MODEL_FLAG = re.compile(r"(?<![\w-])--model(?:=|\s+)(?P<id>[^\s#'\"]+)")


def split_label(label: str) -> tuple[str, str | None]:
    """`"o3 (high)"` -> `("o3", "high")`; `"DeepSeek V3 (0324)"` -> `("DeepSeek V3 0324", None)`.

    Architect pairs ("A + B") are returned whole: they name two models, not one.
    """
    label = " ".join(label.split())
    if " + " in label:
        return label, None
    m = _TRAILING_PAREN.match(label)
    if not m:
        return label, None
    base, inner = m["base"], m["inner"].strip()
    if not inner:
        return base, None
    if _VERSION_IN_PARENS.match(inner):
        return f"{base} {inner}", None
    return base, inner


def model_hint(command: Any) -> str | None:
    """The model id after `--model`, without its provider path (`openrouter/x-ai/grok-4` -> `grok-4`)."""
    if not isinstance(command, str):
        return None
    m = _MODEL_FLAG.search(command)
    if not m:
        return None
    hint = m["id"].rstrip("/").rsplit("/", 1)[-1]
    return hint or None


def _as_date(value: Any) -> dt.date:
    # a string may carry a time after the day ("2025-06-25 10:00"); YAML gives unquoted dates as dates
    day = iso_date(value.strip()[:10] if isinstance(value, str) else value)
    if day is None:
        raise RowError(f"field 'date': not a date ({value!r})")
    return day


def _observation(run: Any) -> dict[str, Any]:
    if not isinstance(run, dict):
        raise RowError(f"run is not a mapping ({type(run).__name__})")
    dirname, label = run.get("dirname"), run.get("model")
    if not isinstance(dirname, str) or not dirname.strip():
        raise RowError("field 'dirname': missing or not a string")
    if not isinstance(label, str) or not label.strip():
        raise RowError("field 'model': missing or not a string")
    value = run.get("pass_rate_2")
    if not is_number(value) or not math.isfinite(value):
        raise RowError(f"field 'pass_rate_2': missing or not a number ({value!r})")
    name, setting = split_label(label)
    # An architect run pairs two models; a hint naming only one of them would mis-resolve the pair.
    architect = " + " in name or run.get("editor_model") is not None
    effort = run.get("reasoning_effort")
    variant = setting or (str(effort) if effort not in (None, "") else None)
    return {
        "source_id": SPEC.id,
        "raw_model_name": name,
        "raw_model_key": dirname.strip(),
        "model_hint": None if architect else model_hint(run.get("command")),
        "provider_hint": None,
        "variant": variant,
        "benchmark_id": BENCHMARK_ID,
        "raw_value": float(value),
        "raw_unit": "percent",
        "as_of_date": _as_date(run.get("date")),
        "verification_level": SPEC.default_verification_level,
        "source_url": LEADERBOARD_URL,
        "raw_row": raw_json(run),
    }


def _load(files: dict[str, bytes]) -> list[Any]:
    data = require_file(files, SPEC.id, FILE)
    body = load_yaml(data, SPEC.id, FILE, "<body>", kind=list, what="a list of runs")
    if not body:
        raise SourceParseError(SPEC.id, FILE, "<body>", "empty list of runs")
    return body


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for i, run in enumerate(_load(files)):
        try:
            rows.append(_observation(run))
        except RowError as exc:
            key = run.get("dirname") if isinstance(run, dict) else None
            rejects.append(reject(SPEC.id, f"run #{i} ({key or 'no dirname'}): {exc}", run))
    return ParsedSource(
        models=empty_frame(MODEL_RECORD_COLUMNS),
        scores=pl.DataFrame(rows, schema=SCORE_OBSERVATION_COLUMNS),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )
