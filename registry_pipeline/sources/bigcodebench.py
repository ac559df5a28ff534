"""BigCodeBench leaderboard: pass@1 on the full set (1,140 tasks) and on BigCodeBench-Hard (148 tasks),
each in two splits, run by the BigCode team.

Wire format: two static JSON files of the bigcode-bench.github.io site with the same keys,
`results.json` (full) and `results-hard.json` (hard). Each is an object keyed by a display name ->
`{link, open-data, pass@1: {complete, instruct}, prompted, moe, size, act_param, date, prefill}`;
pass@1 in percent. `complete` = code completion from a docstring, `instruct` = the task given as a
natural-language instruction. One observation per (file, split) with a value:
`bigcodebench-complete`, `bigcodebench-instruct`, `bigcodebench-hard-complete`,
`bigcodebench-hard-instruct`. A null value means "not evaluated" (many recent models were run on the
hard set only): no observation and no reject. A key with no value in either file is one reject.

Names: the key is `raw_model_key`. A trailing parenthesis holds either a version date, which stays in
the name (`DeepSeek-V2-Chat (2024-06-28)` -> `DeepSeek-V2-Chat 2024-06-28`, the dated API snapshot),
or the run settings (`o1-2024-12-17 (temperature=1, reasoning=medium)`,
`QwQ-32B (w/ Reasoning)`, `WarriorCoder-6.7B (Reproduced)`): `raw_model_name` is the part before it and
`variant` the settings as parts joined by "; " like every source's (`settings_variant`:
`reasoning=medium; length=12800`; identity spells them as the registry does: `medium`, and `w/ Reasoning` as
`thinking`). A temperature is not a variant: the team writes `temperature=1` for the o-series and Grok 3 Mini,
whose APIs accept no other temperature, so it is the model's only (default) configuration; the settings'
text is kept in `details.settings`. `model_hint` is the
Hugging Face repo id when `link` points at huggingface.co.

`as_of_date` is the row's `date` (the model's release date as the site plots it) when it is a valid ISO
date, else the day the file was last changed as its server stated (`Last-Modified`), else the fetch day
(`context.file_date`); `details.as_of_from` says which (`date`, `last_modified`, `fetched_on`). A date
before the registry's release date of the model is the site's mistake about the release
(`SPEC.dated_by_release`): the build dates such a row by the model's release, the earliest day it can have
been run (`transform/score_dates.py`).
`benchmark_version` is null (the files do not say which BigCodeBench release was run).
"""

from __future__ import annotations

import datetime as dt
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
    FieldIssues,
    RowError,
    field,
    iso_date,
    load_json,
    number,
    raw_json,
    reject,
    require_file,
    shown,
    text,
)
from registry_pipeline.sources.base import ParseContext, ParsedSource, SourceFile, SourceSpec
from registry_pipeline.sources.evalplus import hf_repo_id, percent

SITE = "https://bigcode-bench.github.io"
FULL = "results.json"
HARD = "results-hard.json"

SPEC = SourceSpec(
    id="bigcodebench",
    name="BigCodeBench leaderboard (full and hard)",
    publisher="BigCode project",
    homepage=f"{SITE}/",
    files=(SourceFile(FULL, f"{SITE}/{FULL}"), SourceFile(HARD, f"{SITE}/{HARD}")),
    format="json",
    default_verification_level="third_party",  # the BigCode team runs every evaluation
    licence="unstated for the leaderboard data (BigCodeBench itself is Apache-2.0)",
    attribution="BigCodeBench leaderboard results by the BigCode project, https://bigcode-bench.github.io",
    attribution_required=True,
    cadence="weekly",
    # no change since 2025-04-17; updates came in bursts months apart
    freshness_days=365,
    priority=30,
    provides=("scores",),
    names_repos=True,
    # `date` is the model's release as the site believes it (CodeLlama 70B's is the CodeLlama family's 2023-08-25,
    # Grok-Beta's Grok-1's 2024-03-17, Qwen2.5-Coder-32B's the first Qwen2.5-Coder's 2024-09-19)
    dated_by_release=True,
)

# file -> {split key in pass@1 -> catalogue benchmark id}
BENCHMARKS: dict[str, dict[str, str]] = {
    FULL: {"complete": "bigcodebench-complete", "instruct": "bigcodebench-instruct"},
    HARD: {"complete": "bigcodebench-hard-complete", "instruct": "bigcodebench-hard-instruct"},
}

_TRAILING_PAREN = re.compile(r"^(?P<base>.*?\S)\s*\((?P<inner>[^()]*)\)\s*$")
# a version in parentheses, part of the name: 2024-06-28, 0324, 03-25
_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}|\d{2}-\d{2}")


def normalise_settings(inner: str) -> str:
    """`" temperature=1 ,reasoning = medium "` -> `"temperature=1, reasoning=medium"`."""
    parts = [" ".join(p.split()) for p in inner.split(",")]
    parts = [re.sub(r"\s*=\s*", "=", p) for p in parts if p]
    return ", ".join(parts)


_TEMPERATURE = re.compile(r"^temperature=[\d.]+$", re.IGNORECASE)


def settings_variant(settings: str) -> str | None:
    """The variant normalised settings name, a temperature left out: `temperature=1, reasoning=high` ->
    `reasoning=high`, `w/ Reasoning, 64k tokens, temperature=0.6` -> `w/ Reasoning; 64k tokens`; None when they
    name a temperature only."""
    return "; ".join(p for p in settings.split(", ") if not _TEMPERATURE.match(p)) or None


def split_key(key: str) -> tuple[str, str | None, str | None]:
    """(raw_model_name, variant, settings text) of a display name.

    `o1-2024-12-17 (temperature=1, reasoning=medium)` -> (`o1-2024-12-17`, `reasoning=medium`, `temperature=1, reasoning=medium`);
    `o1-Mini-2024-09-12 (temperature=1)` -> (`o1-Mini-2024-09-12`, None, `temperature=1`);
    `DeepSeek-V2-Chat (2024-06-28)` -> (`DeepSeek-V2-Chat 2024-06-28`, None, None).
    """
    key = " ".join(key.split())
    m = _TRAILING_PAREN.match(key)
    if not m:
        return key, None, None
    base, inner = m["base"], normalise_settings(m["inner"])
    if not inner:
        return base, None, None
    if _VERSION.fullmatch(inner):
        return f"{base} {inner}", None, None
    return base, settings_variant(inner), inner


def _row_observations(
    name: str, key: str, row: Any, fallback: tuple[dt.date, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bool]:
    """Observations, rejects and "anything measured" of one key in one file; RowError rejects the row."""
    where = f"{name}: model {key!r}"
    raw = {"file": name, "key": key, "row": row}
    if not isinstance(row, dict):
        raise RowError(f"expected an object, got {type(row).__name__}")
    scores = row.get("pass@1")
    if scores is None:
        raise RowError("field 'pass@1': missing")
    if not isinstance(scores, dict):
        raise RowError(f"field 'pass@1': expected an object of splits, got {shown(scores)}")

    model, variant, settings = split_key(key)
    issues = FieldIssues()
    link = issues.get(text, row, "link")
    date_text = issues.get(text, row, "date")
    day = iso_date(date_text)
    details = {
        "settings": settings,
        "link": link,
        "open-data": issues.get(text, row, "open-data"),
        "prompted": issues.get(field, row, "prompted", (bool,)),
        "moe": issues.get(field, row, "moe", (bool,)),
        "size": issues.get(number, row, "size"),  # billions of parameters
        "act_param": issues.get(number, row, "act_param"),  # billions of active parameters
        "prefill": issues.get(field, row, "prefill", (bool,)),
        "date": date_text,
        "as_of_from": "date" if day else fallback[1],
    }
    common = {
        "source_id": SPEC.id,
        "raw_model_name": model,
        "raw_model_key": key,
        "model_hint": hf_repo_id(link),
        "provider_hint": None,
        "variant": variant,
        "benchmark_version": None,
        "raw_unit": "percent",
        "as_of_date": day or fallback[0],
        "verification_level": SPEC.default_verification_level,
        "source_url": f"{SITE}/",
        "details": raw_json(details),
        "raw_row": raw_json(raw),
    }
    rows: list[dict[str, Any]] = []
    rejects = [reject(SPEC.id, f"{where}: {m}", raw) for m in issues.messages]
    measured = False
    for split, bench in BENCHMARKS[name].items():
        value = scores.get(split)
        if value is None:
            continue  # not evaluated on this split
        measured = True
        try:
            rows.append({**common, "benchmark_id": bench, "raw_value": percent(value, f"pass@1.{split}")})
        except RowError as exc:
            rejects.append(reject(SPEC.id, f"{where}: {exc}", raw))
    return rows, rejects, measured


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    bodies = {
        name: load_json(require_file(files, SPEC.id, name), SPEC.id, name, "<body>", kind=dict, what="an object of models")
        for name in BENCHMARKS
    }
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    measured: dict[str, bool] = {}  # key -> any value in any file
    broken: set[str] = set()  # keys already rejected as unreadable in some file
    for name, body in bodies.items():
        for key, row in body.items():
            try:
                found, bad, any_value = _row_observations(name, key, row, context.file_date(name))
            except RowError as exc:
                rejects.append(reject(SPEC.id, f"{name}: model {key!r}: {exc}", {"file": name, "key": key, "row": row}))
                broken.add(key)
                continue
            rows.extend(found)
            rejects.extend(bad)
            measured[key] = measured.get(key, False) or any_value
    for key, any_value in measured.items():
        if not any_value and key not in broken:
            rejects.append(reject(SPEC.id, f"model {key!r}: no pass@1 value in {FULL} or {HARD}: every split is null", {"key": key}))
    return ParsedSource(
        models=empty_frame(MODEL_RECORD_COLUMNS),
        scores=pl.DataFrame(rows, schema=SCORE_OBSERVATION_COLUMNS),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )
