"""SWE-bench leaderboards: percent of GitHub issues resolved, one benchmark per board.

Wire format: `{"leaderboards": [{"name": <board>, "results": [Result, ...]}, ...]}`. A result is an
agent system run with one or more models: `name` (free text, agent + model), `folder` (stable id),
`resolved` (percent 0-100), `date`, `tags` (`"Model: <id>"`, `"Org: <org>"`, `"System: ..."`),
`checked` (the SWE-bench team verified the logs), `os_model`, `os_system`, `cost`, `instance_cost`,
`instance_calls`, `site`, and on bash-only rows `per_instance_details`, a multi-KB Python-repr string
that is left out of the raw rows.

Identity: the model comes from the `Model:` tags only. A score is attached to a model only when
exactly one model is named; with none or several, the observation is kept under a name that cannot
resolve to one model (`agent: <name>`, or the models joined with " + ", like aider's architect pairs),
and `details.model_count` says why.

Levels: `bash-only` runs every model in the same minimal scaffold (mini-SWE-agent), run by the SWE-bench
team: `third_party`, no variant. The other boards are agent systems submitted by their builders: the
agent (`name`) is the setting measured, so it is the `variant`, with "; multiple attempts" when the row's
tags say the system took more than one attempt per issue (`System: Attempts - 2+`, as llm-stats' Gemini
2.5 Pro "Multiple attempts"); `third_party` when the SWE-bench team checked the logs (`checked`), else
`community` (self-submitted, unverified).
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from registry_pipeline.schemas.contracts import (
    MODEL_RECORD_COLUMNS,
    REJECT_COLUMNS,
    SCORE_OBSERVATION_COLUMNS,
    empty_frame,
)
from registry_pipeline.sources._parsing import (
    FieldIssues,
    RowError,
    is_number,
    iso_date,
    load_json,
    raw_json,
    reject,
    require_file,
    shown,
    text,
)
from registry_pipeline.sources.base import ParseContext, ParsedSource, SourceFile, SourceParseError, SourceSpec

FILE = "leaderboards.json"
SITE = "https://www.swebench.com"

SPEC = SourceSpec(
    id="swe-bench",
    name="SWE-bench leaderboards (Verified, Lite, Full, Multimodal, bash-only)",
    publisher="SWE-bench team (Princeton NLP)",
    homepage=SITE,
    files=(
        SourceFile(FILE, "https://raw.githubusercontent.com/SWE-bench/swe-bench.github.io/master/data/leaderboards.json"),
    ),
    format="json",
    default_verification_level="third_party",
    licence="CC BY-NC 4.0",
    attribution="SWE-bench leaderboards by the SWE-bench team (CC BY-NC 4.0), https://www.swebench.com",
    attribution_required=True,
    cadence="weekly",
    freshness_days=30,
    priority=40,
    provides=("scores",),
)

# board name -> catalogue benchmark id ("Test" is the full 2,294-task set)
BOARDS: dict[str, str] = {
    "Verified": "swe-bench-verified",
    "Lite": "swe-bench-lite",
    "Test": "swe-bench-full",
    "Multimodal": "swe-bench-multimodal",
    "bash-only": "swe-bench-bash-only",
}
SCAFFOLD_BOARD = "bash-only"
OMITTED = ("per_instance_details", "logo", "warning")
KEPT = ("folder", "date", "os_model", "os_system", "checked", "cost", "instance_cost", "instance_calls", "site")


def _load(files: dict[str, bytes]) -> list[Any]:
    body = load_json(require_file(files, SPEC.id, FILE), SPEC.id, FILE, "leaderboards", kind=dict, what="an object")
    boards = body.get("leaderboards")
    if not isinstance(boards, list) or not boards:
        raise SourceParseError(SPEC.id, FILE, "leaderboards", f"missing, empty or not a list ({shown(boards)})")
    return boards


def _raw(result: dict[str, Any], board: str) -> str:
    kept = {k: v for k, v in result.items() if k not in OMITTED}
    return raw_json({"board": board, **kept, "omitted": [k for k in OMITTED if k in result]})


def _tags(result: dict[str, Any], prefix: str) -> list[str]:
    tags = result.get("tags") or []
    if not isinstance(tags, list):
        raise RowError(f"field 'tags': expected a list, got {shown(tags)}")
    return [t[len(prefix):].strip() for t in tags if isinstance(t, str) and t.startswith(prefix) and t[len(prefix):].strip()]


def _checked(result: dict[str, Any]) -> bool | None:
    """`checked` is a bool, but some rows say `"false (See README.md ...)"`: the leading word decides."""
    value = result.get("checked")
    if value is None or isinstance(value, bool):
        return value
    word = value.strip().split(" ", 1)[0].lower() if isinstance(value, str) else None
    if word in ("true", "false"):
        return word == "true"
    raise RowError(f"field 'checked': expected a bool, got {shown(value)}")


def _observation(board: str, result: Any, file_day) -> tuple[dict[str, Any], list[str]]:
    if not isinstance(result, dict):
        raise RowError(f"result is not an object ({shown(result)})")
    name, folder = text(result, "name"), text(result, "folder")
    if not folder:
        raise RowError("field 'folder': missing (the row's stable key)")
    if not name:
        raise RowError("field 'name': missing")
    value = result.get("resolved")
    if not is_number(value) or not math.isfinite(value):
        raise RowError(f"field 'resolved': expected a number, got {shown(value)}")
    models, orgs = _tags(result, "Model:"), _tags(result, "Org:")
    issues = FieldIssues()
    day = iso_date(issues.get(text, result, "date"))
    checked = issues.get(_checked, result)
    if len(models) == 1:
        model_name = models[0]
    elif models:
        model_name = " + ".join(models)  # several models: an agent pairing, never one model
    else:
        model_name = f"agent: {name}"  # no model named: only the agent is known
    details = {k: result.get(k) for k in KEPT}
    details.update(board=board, agent=name, tags=result.get("tags"), models=models, model_count=len(models))
    scaffold = board == SCAFFOLD_BOARD
    attempts = _tags(result, "System: Attempts -")
    several = any(a.rstrip("+").isdigit() and int(a.rstrip("+")) > 1 for a in attempts)
    return {
        "source_id": SPEC.id,
        "raw_model_name": model_name,
        "raw_model_key": folder,
        "model_hint": None,
        "provider_hint": orgs[0] if len(orgs) == 1 else None,
        "variant": None if scaffold else f"{name}; multiple attempts" if several else name,
        "benchmark_id": BOARDS[board],
        "benchmark_version": None,
        "raw_value": float(value),
        "raw_unit": "percent",
        "as_of_date": day or file_day,  # the row's date, else the day the file was last changed (ParseContext.file_day)
        "verification_level": "third_party" if scaffold or checked else "community",
        "source_url": f"{SITE}/{'bash-only' if scaffold else board.lower()}.html",
        "details": raw_json(details),
        "raw_row": _raw(result, board),
    }, issues.messages


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for i, board in enumerate(_load(files)):
        if not isinstance(board, dict) or not isinstance(board.get("results"), list):
            rejects.append(reject(SPEC.id, f"{FILE}: leaderboards[{i}]: not an object with a 'results' list", board))
            continue
        name = board.get("name")
        if not isinstance(name, str) or name not in BOARDS:
            for result in board["results"]:
                raw = _raw(result, str(name)) if isinstance(result, dict) else raw_json(result)
                rejects.append({"source_id": SPEC.id, "stage": "parse", "raw_row": raw,
                                "reason": f"{FILE}: board {shown(name)}: unknown board, no catalogue benchmark"})
            continue
        for result in board["results"]:
            key = result.get("folder") if isinstance(result, dict) else None
            try:
                row, messages = _observation(name, result, context.file_day(FILE))
            except RowError as exc:
                rejects.append({"source_id": SPEC.id, "stage": "parse",
                                "reason": f"{FILE}: board {name!r} result {shown(key)}: {exc}",
                                "raw_row": _raw(result, name) if isinstance(result, dict) else raw_json(result)})
                continue
            rows.append(row)
            rejects.extend({"source_id": SPEC.id, "stage": "parse", "raw_row": row["raw_row"],
                            "reason": f"{FILE}: board {name!r} result {key!r}: {m}"} for m in messages)
    return ParsedSource(
        models=empty_frame(MODEL_RECORD_COLUMNS),
        scores=pl.DataFrame(rows, schema=SCORE_OBSERVATION_COLUMNS),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )
