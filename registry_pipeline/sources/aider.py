"""Aider LLM leaderboards: three boards, one benchmark each, one score per benchmark run.

| file | benchmark | headline score (percent) |
|---|---|---|
| `polyglot_leaderboard.yml` | `aider-polyglot` (225 Exercism exercises, 6 languages) | `pass_rate_2` |
| `edit_leaderboard.yml` | `aider-edit` (the older 133 Python Exercism exercises) | `pass_rate_2` |
| `refactor_leaderboard.yml` | `aider-refactor` (89 large Python methods to refactor) | `pass_rate_1` |

The headline field is the one aider's own pages sort and show as "Percent completed correctly"
(docs/leaderboards/edit.md uses `pass_rate_2`, refactor.md uses `pass_rate_1`; the refactor file has no
`pass_rate_2` at all: its runs get a single attempt).

Wire format: each file is a YAML list of run records (`dirname`, `model`, the pass rates, `date`, `command`,
`edit_format`, ...). `model` is a free-text label that mixes API ids, display names, run settings in
parentheses ("o3 (high)", "gpt-4-turbo-2024-04-09 (udiff)") and architect pairs ("DeepSeek R1 +
claude-3-5-sonnet-20241022"); `dirname` is the stable key (one dirname may appear on two boards: the
benchmark differs). The id actually run is in `command` after `--model`, usually with a litellm provider
prefix. The edit board spells the model's release date `released` or `_released`; it goes to `details`.

A run whose `test_cases` exceeds its board's exercise count was run on another benchmark (the edit file
holds one 225-case polyglot run) and is rejected. Fewer cases (a partial run) are kept; `test_cases` is in
`details`. A board file that is missing or unreadable is one reject naming the file while the other boards
are parsed; only when no board can be read is it a SourceParseError.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
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
_DATA_URL = "https://raw.githubusercontent.com/Aider-AI/aider/main/aider/website/_data"


@dataclass(frozen=True)
class Board:
    file: str
    benchmark_id: str
    score_field: str  # the board's headline pass rate
    exercises: int  # the benchmark's size: a run with more test cases belongs to another benchmark
    page: str  # the rendered leaderboard (source_url)


BOARDS: tuple[Board, ...] = (
    Board("polyglot_leaderboard.yml", "aider-polyglot", "pass_rate_2", 225, LEADERBOARD_URL),
    Board("edit_leaderboard.yml", "aider-edit", "pass_rate_2", 133, f"{LEADERBOARD_URL}edit.html"),
    Board("refactor_leaderboard.yml", "aider-refactor", "pass_rate_1", 89, f"{LEADERBOARD_URL}refactor.html"),
)

SPEC = SourceSpec(
    id="aider",
    name="Aider LLM Leaderboards (polyglot, code editing, refactoring)",
    publisher="Aider-AI",
    homepage=LEADERBOARD_URL,
    files=tuple(SourceFile(b.file, f"{_DATA_URL}/{b.file}") for b in BOARDS),
    format="yaml",
    default_verification_level="third_party",
    licence="Apache-2.0",
    attribution="Aider polyglot, code editing and refactoring benchmark results by Aider-AI (Apache-2.0), https://aider.chat/docs/leaderboards/",
    attribution_required=True,
    priority=30,
    provides=("scores",),
    freshness_days=30,
)

FILE = BOARDS[0].file  # the polyglot board: the current one, and the one a snapshot cannot do without
BENCHMARK_ID = BOARDS[0].benchmark_id

# facts about a run kept as data (the source's own field names); everything else stays in raw_row only
DETAIL_FIELDS: tuple[str, ...] = (
    "edit_format", "editor_model", "editor_edit_format", "pass_rate_1", "pass_rate_2",
    "percent_cases_well_formed", "test_cases", "total_cost", "seconds_per_case", "versions",
    "reasoning_effort", "thinking_tokens",
)

# A trailing "(...)" on the label. Its content is either a run setting ("high", "32k thinking tokens",
# "no think", "udiff"), a model version/date ("0324", "0528", "2025-03-29"), or a note about the label
# that is neither ("deprecated"; "prev", the run of DeepSeek V3 on `deepseek-chat` on 2024-12-25, the day before
# its announcement: dirname `...--deepseekv3preview-diff2`): only settings become the variant.
_TRAILING_PAREN = re.compile(r"^(?P<base>.*?\S)\s*\((?P<inner>[^()]*)\)\s*$")
_VERSION_IN_PARENS = re.compile(r"^(\d{4}|\d{4}-\d{2}-\d{2}|\d{2}-\d{2})$")
_LABEL_NOTES = frozenset({"deprecated", "prev"})
# `--model X` or `--model=X`, not `--editor-model X`.
_MODEL_FLAG = re.compile(r"(?<![\w-])--model(?:=|\s+)(?P<id>[^\s#'\"]+)")


def split_label(label: str) -> tuple[str, str | None]:
    """`"o3 (high)"` -> `("o3", "high")`; `"DeepSeek V3 (0324)"` -> `("DeepSeek V3 0324", None)`;
    `"DeepSeek Coder V2 0724 (deprecated)"` -> `("DeepSeek Coder V2 0724", None)`.

    Architect pairs ("A + B") are returned whole: they name two models, not one.
    """
    label = " ".join(label.split())
    if " + " in label:
        return label, None
    m = _TRAILING_PAREN.match(label)
    if not m:
        return label, None
    base, inner = m["base"], m["inner"].strip()
    if not inner or inner.lower() in _LABEL_NOTES:
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


def _as_date(value: Any) -> dt.date | None:
    # a string may carry a time after the day ("2025-06-25 10:00"); YAML gives unquoted dates as dates
    return iso_date(value.strip()[:10] if isinstance(value, str) else value)


def _details(run: dict[str, Any]) -> str | None:
    kept: dict[str, Any] = {k: run[k] for k in DETAIL_FIELDS if run.get(k) not in (None, "")}
    # 0.0 is how the files write "cost not recorded" (free endpoints, older runs), not a real cost
    if is_number(kept.get("total_cost")) and kept["total_cost"] == 0:
        del kept["total_cost"]
    released = _as_date(run.get("released", run.get("_released")))  # the edit board's two spellings
    if released is not None:
        kept["released"] = released.isoformat()
    return raw_json(kept) if kept else None


def _observation(run: Any, board: Board) -> dict[str, Any]:
    if not isinstance(run, dict):
        raise RowError(f"run is not a mapping ({type(run).__name__})")
    dirname, label = run.get("dirname"), run.get("model")
    if not isinstance(dirname, str) or not dirname.strip():
        raise RowError("field 'dirname': missing or not a string")
    if not isinstance(label, str) or not label.strip():
        raise RowError("field 'model': missing or not a string")
    value = run.get(board.score_field)
    if not is_number(value) or not math.isfinite(value):
        raise RowError(f"field {board.score_field!r}: missing or not a number ({value!r})")
    cases = run.get("test_cases")
    if is_number(cases) and cases > board.exercises:
        raise RowError(
            f"field 'test_cases': {cases!r} cases, more than the {board.exercises} exercises of "
            f"{board.benchmark_id}: a run of another benchmark"
        )
    day = _as_date(run.get("date"))
    if day is None:
        raise RowError(f"field 'date': not a date ({run.get('date')!r})")
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
        "benchmark_id": board.benchmark_id,
        "benchmark_version": None,
        "raw_value": float(value),
        "raw_unit": "percent",
        "as_of_date": day,
        "verification_level": SPEC.default_verification_level,
        "source_url": board.page,
        "details": _details(run),
        "raw_row": raw_json(run),
    }


def _load(files: dict[str, bytes], board: Board) -> list[Any]:
    data = require_file(files, SPEC.id, board.file)
    body = load_yaml(data, SPEC.id, board.file, "<body>", kind=list, what="a list of runs")
    if not body:
        raise SourceParseError(SPEC.id, board.file, "<body>", "empty list of runs")
    return body


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    failed: list[tuple[Board, SourceParseError]] = []
    for board in BOARDS:
        try:
            runs = _load(files, board)
        except SourceParseError as exc:
            failed.append((board, exc))
            continue
        for i, run in enumerate(runs):
            try:
                rows.append(_observation(run, board))
            except RowError as exc:
                key = run.get("dirname") if isinstance(run, dict) else None
                rejects.append(reject(SPEC.id, f"{board.file}: run #{i} ({key or 'no dirname'}): {exc}", run))
    if len(failed) == len(BOARDS):
        first = failed[0][1]  # the polyglot board's error, naming the others too
        others = "; ".join(f"{b.file}: {e.reason}" for b, e in failed[1:])
        raise SourceParseError(SPEC.id, first.file, first.field, f"{first.reason} (no board readable: {others})")
    for board, exc in failed:
        reason = f"{board.file}: board not parsed, no {board.benchmark_id} observations in this snapshot: {exc}"
        rejects.append(reject(SPEC.id, reason, {"file": board.file, "field": exc.field, "present": board.file in files}))
    return ParsedSource(
        models=empty_frame(MODEL_RECORD_COLUMNS),
        scores=pl.DataFrame(rows, schema=SCORE_OBSERVATION_COLUMNS),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )
