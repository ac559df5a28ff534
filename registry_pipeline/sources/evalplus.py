"""EvalPlus leaderboard (HumanEval(+), MBPP(+)) and EvalPerf (code efficiency), run by the EvalPlus team.

Wire format, two static JSON files of the evalplus.github.io site:

* `results.json`: an object keyed by a free-text display name (`"GPT 4o (Aug 2024)"`,
  `"OpenCoder-8B-Instruct"`) -> `{link, open-data ("NONE"|"Partial"|"Full"), pass@1: {humaneval,
  humaneval+, mbpp, mbpp+}, prompted, size}`; pass@1 in percent, greedy decoding. One observation per
  non-null pass@1 value: `humaneval`/`mbpp` are the original tests, `humaneval-plus`/`mbpp-plus` the
  EvalPlus extended tests. A null value means "not evaluated": no observation and no reject; a row with
  no value at all is a reject (it would vanish otherwise).
  Before 2024-04-19 the site used `pass@1_base: {humaneval, mbpp}` and `pass@1_plus: {humaneval, mbpp}`
  (the refactor commit only reshaped the numbers: base = original tests, plus = extended tests). A row
  with those objects and no `pass@1` is read the same way, `details.score_field` says so. Those rows
  predate MBPP+ v0.2.0 (2024-04-21), so their MBPP numbers are on the older task set.
  Names: the key is kept whole as `raw_model_name` (the parenthesised month is the version evaluated,
  e.g. "Aug 2024" for gpt-4o-2024-08-06: a human curates those dated aliases); the month text goes to
  `details.version_label`. `model_hint` is the Hugging Face repo id when `link` points at a repo on
  huggingface.co (many links point at blogs, papers or API docs instead).
* `evalperf-COMBINED-RESULTS.json` (live: `results/evalperf/COMBINED-RESULTS.json`): an object keyed by
  a model id -> `{dps, dps_norm, pass@1, model_win_rate, task_win_rate}`. Ids are Hugging Face repo ids
  with `/` spelled `--` (`meta-llama--Llama-3.1-70B-Instruct`) or API ids (`gpt-4o-2024-08-06`).
  A trailing ` (⏩)` marks a run with EvalPerf's performance-encouraging prompt (`perf-instruct`), which
  becomes `variant`. One `evalperf` observation per model = `dps_norm` (0-100, raw unit "index": a
  ranking score, not a share of tasks); the rest goes to
  `details`. The `heatmap_data` key is not a model: it holds the pairwise DPS table the site draws as
  a heatmap (the site's own page removes it the same way), so it is skipped by name.

Neither file carries a date per row (the site stopped changing on 2024-12-26), so `as_of_date` is the
day its server last changed the file (`Last-Modified`: GitHub Pages states the site's last deploy), else
the day the snapshot was taken (`context.file_day`). `benchmark_version` is null: the task-set versions
(HumanEval+ 0.1.10, MBPP+ 0.2.0, EvalPerf 20240328) are stated only on the HTML pages and changed over
the file's history without a trace in the rows.
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
    FieldIssues,
    RowError,
    field,
    is_number,
    load_json,
    number,
    raw_json,
    reject,
    require_file,
    shown,
    text,
)
from registry_pipeline.sources.base import ParseContext, ParsedSource, SourceFile, SourceSpec

SITE = "https://evalplus.github.io"
RESULTS = "results.json"
EVALPERF = "evalperf-COMBINED-RESULTS.json"

SPEC = SourceSpec(
    id="evalplus",
    name="EvalPlus leaderboard (HumanEval+, MBPP+) and EvalPerf",
    publisher="EvalPlus team",
    homepage=f"{SITE}/leaderboard.html",
    files=(
        SourceFile(RESULTS, f"{SITE}/results.json"),
        SourceFile(EVALPERF, f"{SITE}/results/evalperf/COMBINED-RESULTS.json"),
    ),
    format="json",
    default_verification_level="third_party",  # the EvalPlus team runs every model itself
    licence="Apache-2.0",
    attribution="HumanEval+/MBPP+ and EvalPerf leaderboard results by the EvalPlus team (Apache-2.0), https://evalplus.github.io",
    attribution_required=True,
    cadence="weekly",
    # the site has not changed since 2024-12-26: a year without an update is expected, not a fault
    freshness_days=365,
    priority=30,
    provides=("scores",),
    names_repos=True,
)

LEADERBOARD_URL = f"{SITE}/leaderboard.html"
EVALPERF_URL = f"{SITE}/evalperf.html"

# key of the `pass@1` object -> catalogue benchmark id
PASS_AT_1: dict[str, str] = {
    "humaneval": "humaneval",
    "humaneval+": "humaneval-plus",
    "mbpp": "mbpp",
    "mbpp+": "mbpp-plus",
}
# the pre-2024-04-19 layout: (object, key) -> benchmark id
LEGACY: dict[tuple[str, str], str] = {
    ("pass@1_base", "humaneval"): "humaneval",
    ("pass@1_plus", "humaneval"): "humaneval-plus",
    ("pass@1_base", "mbpp"): "mbpp",
    ("pass@1_plus", "mbpp"): "mbpp-plus",
}
EVALPERF_BENCHMARK = "evalperf"
EVALPERF_DETAILS = ("dps", "pass@1", "model_win_rate", "task_win_rate")
# top-level keys of COMBINED-RESULTS.json that are not models
EVALPERF_AUX_KEYS = frozenset({"heatmap_data"})
PERF_PROMPT_MARK = "(⏩)"

_TRAILING_PAREN = re.compile(r"^(?P<base>.*?\S)\s*\((?P<inner>[^()]*)\)\s*$")
# a model repo on the Hub: huggingface.co/<org>/<repo>[/...]; the first path part must not be a Hub section
_HF_REPO = re.compile(r"^https?://(?:www\.)?huggingface\.co/(?P<org>[\w.-]+)/(?P<repo>[\w.-]+)(?:[/?#].*)?$")
_HF_SECTIONS = frozenset({"datasets", "spaces", "papers", "collections", "docs", "blog", "models", "organizations"})


def hf_repo_id(link: Any) -> str | None:
    """`https://huggingface.co/infly/OpenCoder-8B-Instruct` -> `infly/OpenCoder-8B-Instruct`; else None."""
    if not isinstance(link, str):
        return None
    m = _HF_REPO.match(link.strip())
    if not m or m["org"].lower() in _HF_SECTIONS:
        return None
    return f"{m['org']}/{m['repo']}"


def version_label(key: str) -> str | None:
    """The parenthesised text that ends a display name: `"GPT 4o (Aug 2024)"` -> `"Aug 2024"`."""
    m = _TRAILING_PAREN.match(key)
    if not m:
        return None
    return " ".join(m["inner"].split()) or None


def percent(value: Any, label: str, what: str = "a percentage") -> float | None:
    """`value` as a number 0-100, None when null; anything else is a RowError naming field `label`."""
    if value is None:
        return None
    if not is_number(value) or not math.isfinite(value) or not 0 <= value <= 100:
        raise RowError(f"field {label!r}: expected {what} 0-100, got {shown(value)}")
    return float(value)


def _load(files: dict[str, bytes], name: str, what: str) -> dict[str, Any]:
    return load_json(require_file(files, SPEC.id, name), SPEC.id, name, "<body>", kind=dict, what=what)


def _base(key: str, as_of: dt.date, url: str, unit: str) -> dict[str, Any]:
    return {
        "source_id": SPEC.id,
        "raw_model_key": key,
        "provider_hint": None,
        "benchmark_version": None,
        "raw_unit": unit,
        "as_of_date": as_of,
        "verification_level": SPEC.default_verification_level,
        "source_url": url,
    }


# --- results.json ---


def _score_objects(row: dict[str, Any]) -> tuple[str, list[tuple[str, str, Any]]]:
    """(score field, [(field path, benchmark id, raw value)]) of one row, in either layout."""
    if row.get("pass@1") is not None:
        scores = row["pass@1"]
        if not isinstance(scores, dict):
            raise RowError(f"field 'pass@1': expected an object of benchmarks, got {shown(scores)}")
        return "pass@1", [(f"pass@1.{k}", bench, scores.get(k)) for k, bench in PASS_AT_1.items()]
    if row.get("pass@1_base") is not None or row.get("pass@1_plus") is not None:
        found = []
        for (obj, k), bench in LEGACY.items():
            scores = row.get(obj)
            if scores is None:
                continue
            if not isinstance(scores, dict):
                raise RowError(f"field {obj!r}: expected an object of benchmarks, got {shown(scores)}")
            found.append((f"{obj}.{k}", bench, scores.get(k)))
        return "pass@1_base/pass@1_plus", found
    raise RowError("field 'pass@1': missing (nor the older 'pass@1_base'/'pass@1_plus')")


def _results_row(key: str, row: Any, as_of: dt.date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    where = f"{RESULTS}: model {key!r}"
    raw = {"key": key, "row": row}
    if not isinstance(row, dict):
        raise RowError(f"expected an object, got {type(row).__name__}")
    score_field, scores = _score_objects(row)

    issues = FieldIssues()
    link = issues.get(text, row, "link")
    details = {
        "version_label": version_label(key),
        "open-data": issues.get(text, row, "open-data"),
        "prompted": issues.get(field, row, "prompted", (bool,)),
        "size": issues.get(number, row, "size"),  # billions of parameters (activated, per the site)
        "link": link,
        "score_field": score_field,
    }
    rejects = [reject(SPEC.id, f"{where}: {m}", raw) for m in issues.messages]
    common = {
        **_base(key, as_of, LEADERBOARD_URL, "percent"),
        "raw_model_name": key,
        "model_hint": hf_repo_id(link),
        "variant": None,
        "details": raw_json(details),
        "raw_row": raw_json(raw),
    }
    rows: list[dict[str, Any]] = []
    measured = False
    for path, bench, value in scores:
        if value is None:
            continue  # not evaluated on this benchmark
        measured = True
        try:
            rows.append({**common, "benchmark_id": bench, "raw_value": percent(value, path)})
        except RowError as exc:
            rejects.append(reject(SPEC.id, f"{where}: {exc}", raw))
    if not measured:
        raise RowError(f"no {score_field} value at all: every benchmark is null or missing")
    return rows, rejects


# --- evalperf-COMBINED-RESULTS.json ---


def split_evalperf_key(key: str) -> tuple[str, str | None, str | None]:
    """(raw_model_name, model_hint, variant) of an EvalPerf key.

    `meta-llama--Llama-3.1-70B-Instruct` -> (`meta-llama/Llama-3.1-70B-Instruct`, same, None);
    `o1-mini-2024-09-12 (⏩)` -> (`o1-mini-2024-09-12`, None, `perf-instruct`).
    """
    name, variant = " ".join(key.split()), None
    if name.endswith(PERF_PROMPT_MARK):
        name, variant = name[: -len(PERF_PROMPT_MARK)].rstrip(), "perf-instruct"
    if "--" in name:
        name = name.replace("--", "/", 1)
        return name, name, variant
    return name, None, variant


def _evalperf_row(key: str, row: Any, as_of: dt.date) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    where = f"{EVALPERF}: model {key!r}"
    raw = {"key": key, "row": row}
    if not isinstance(row, dict):
        raise RowError(f"expected an object, got {type(row).__name__}")
    value = percent(row.get("dps_norm"), "dps_norm", "a score")
    if value is None:
        raise RowError("field 'dps_norm': missing")
    name, hint, variant = split_evalperf_key(key)
    if not name:
        raise RowError("the key names no model")
    issues = FieldIssues()
    details = {k: issues.get(number, row, k) for k in EVALPERF_DETAILS}
    details["prompt"] = variant or "instruct"
    obs = {
        **_base(key, as_of, EVALPERF_URL, "index"),
        "raw_model_name": name,
        "model_hint": hint,
        "variant": variant,
        "benchmark_id": EVALPERF_BENCHMARK,
        "raw_value": value,
        "details": raw_json(details),
        "raw_row": raw_json(raw),
    }
    return obs, [reject(SPEC.id, f"{where}: {m}", raw) for m in issues.messages]


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    results = _load(files, RESULTS, "an object of models")
    evalperf = _load(files, EVALPERF, "an object of models")
    as_of = context.file_day  # neither file dates its rows: the day each was last changed
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for key, row in results.items():
        try:
            found, bad = _results_row(key, row, as_of(RESULTS))
        except RowError as exc:
            rejects.append(reject(SPEC.id, f"{RESULTS}: model {key!r}: {exc}", {"key": key, "row": row}))
            continue
        rows.extend(found)
        rejects.extend(bad)
    for key, row in evalperf.items():
        if key in EVALPERF_AUX_KEYS:
            continue  # the heatmap's pairwise table, not a model (see the module docstring)
        try:
            obs, bad = _evalperf_row(key, row, as_of(EVALPERF))
        except RowError as exc:
            rejects.append(reject(SPEC.id, f"{EVALPERF}: model {key!r}: {exc}", {"key": key, "row": row}))
            continue
        rows.append(obs)
        rejects.extend(bad)
    return ParsedSource(
        models=empty_frame(MODEL_RECORD_COLUMNS),
        scores=pl.DataFrame(rows, schema=SCORE_OBSERVATION_COLUMNS),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )
