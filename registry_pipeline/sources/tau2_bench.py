"""tau2-bench leaderboard (taubench.com): one pass^1 score per (submission, domain).

Wire format: a manifest `{"submissions": [<submission id>, ...], "last_updated": ...}` and one
`<submission id>/submission.json` per listed id (`model_name`, `model_organization`,
`submitting_organization`, `submission_date`, `results{<domain>: {pass_1..pass_4, cost}}`,
`methodology{evaluation_date, tau2_bench_version, user_simulator, verification{...}}`, plus prose we
never keep: `contact_info`, `notes`, `references`). The file list is not fixed, so `discover()` names the
submission files from the manifest. Only `submissions` is read: later manifests add `voice_submissions`
(a different, voice-mode leaderboard) and `legacy_submissions` (retired entries the site no longer shows);
both are ignored on purpose. Files present but not listed (the `A_EXAMPLE_...` template, withdrawn
entries) are never parsed.

The manifest is stored under `submissions-manifest.json`, not `manifest.json`: a raw snapshot's own
index is `manifest.json` and the raw store refuses a payload of that name.

A domain whose result is null or has every pass^k null is "not evaluated" (the site shows a dash): it
yields no observation and no reject, like a null evaluation elsewhere. An unknown domain that carries a
result is a reject, so a new domain shows up.

A submission whose `tau2_bench_version` names the original tau-bench ("original tau-bench": Anthropic's
Claude 4 figures, 81.4 on retail for Claude Opus 4) was run on tau-bench's task set, which tau2-bench
corrected: its airline and retail figures are the catalogue's `tau-bench-airline` / `tau-bench-retail`
(unversioned; the label stays in `details.tau2_bench_version`), as llm-stats files the same figures, not
tau2-bench's. tau-bench has no telecom domain: such a figure is a reject.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import orjson
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
    iso_date,
    load_json,
    number,
    raw_json,
    reject,
    require_file,
    shown,
    sub_object,
    text,
)
from registry_pipeline.sources.base import (
    ParseContext,
    ParsedSource,
    SourceFile,
    SourceParseError,
    SourceSpec,
)

BASE_URL = "https://raw.githubusercontent.com/sierra-research/tau2-bench/main/web/leaderboard/public/submissions"
MANIFEST = "submissions-manifest.json"

SPEC = SourceSpec(
    id="tau2-bench",
    name="tau2-bench leaderboard",
    publisher="Sierra Research",
    homepage="https://taubench.com",
    files=(SourceFile(MANIFEST, f"{BASE_URL}/manifest.json"),),
    format="json",
    # per submission: Sierra's own runs are third_party, a maker's own report is provider, others community
    default_verification_level="community",
    licence="MIT",
    attribution="tau2-bench leaderboard submissions, collected by Sierra Research (MIT), https://taubench.com",
    attribution_required=True,
    cadence="weekly",
    freshness_days=60,  # submissions arrive every few weeks, not daily
    priority=40,
    provides=("scores",),
)

# domain key in `results` -> catalogue benchmark id
DOMAINS: dict[str, str] = {
    "retail": "tau2-bench-retail",
    "airline": "tau2-bench-airline",
    "telecom": "tau2-bench-telecom",
}
# a run on the original tau-bench (`tau2_bench_version` says so): its domains are tau-bench's benchmarks
ORIGINAL_DOMAINS: dict[str, str] = {"retail": "tau-bench-retail", "airline": "tau-bench-airline"}
_ORIGINAL = re.compile(r"(original\s+)?tau-?bench(\s+v?1(\.\d+)*)?", re.IGNORECASE)
PASS_KEYS = ("pass_1", "pass_2", "pass_3", "pass_4")
SIERRA = "sierra"
# organisations that are the same maker under another name (Qwen is Alibaba's model team)
SAME_MAKER = {"alibaba": "qwen"}
# a submission id becomes a folder name: the raw store's rule for a path part, at most 200 characters
_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+=@,-]{0,199}")
_VERSION = re.compile(r"v?(\d+(?:\.\d+)*)", re.IGNORECASE)


def is_safe_id(value: Any) -> bool:
    """A submission id usable as one path part: no `/`, no `..`, no control or odd characters, <= 200."""
    return isinstance(value, str) and bool(_SAFE_ID.fullmatch(value)) and ".." not in value


def submission_file(submission_id: str) -> str:
    return f"{submission_id}/submission.json"


def submission_url(submission_id: str) -> str:
    return f"{BASE_URL}/{submission_id}/submission.json"


def _manifest(files: dict[str, bytes]) -> dict[str, Any]:
    data = require_file(files, SPEC.id, MANIFEST)
    body = load_json(data, SPEC.id, MANIFEST, "<body>", kind=dict, what="an object with a 'submissions' list")
    if not isinstance(body.get("submissions"), list):
        raise SourceParseError(SPEC.id, MANIFEST, "submissions", "missing or not a list")
    return body


def discover(files: dict[str, bytes]) -> list[SourceFile]:
    """The submission files the manifest lists (unsafe ids are skipped here and rejected by `parse`)."""
    ids: list[str] = []
    for sid in _manifest(files)["submissions"]:
        if is_safe_id(sid) and sid not in ids:
            ids.append(sid)
    return [SourceFile(submission_file(sid), submission_url(sid)) for sid in ids]


def verification_level(model_org: str | None, submitter: str) -> str:
    """Sierra's runs -> third_party; the model's maker -> provider; anyone else -> community."""
    sub = submitter.strip().lower()
    if sub == SIERRA:
        return "third_party"
    if model_org is not None:
        maker = model_org.strip().lower()
        if SAME_MAKER.get(maker, maker) == SAME_MAKER.get(sub, sub):
            return "provider"
    return "community"


def on_original_tau_bench(version: str | None) -> bool:
    """The version names the original tau-bench ("original tau-bench", "tau-bench"), not a tau2-bench release."""
    return version is not None and _ORIGINAL.fullmatch(version.strip()) is not None


def benchmark_version(version: str | None) -> str | None:
    """"v0.1.3" -> "0.1.3"; none for a run on the original tau-bench (its benchmarks are unversioned); another
    label is kept as given."""
    if version is None or on_original_tau_bench(version):
        return None
    m = _VERSION.fullmatch(version)
    return m[1] if m else version


OMITTED = ["contact_info", "notes", "references", "methodology.notes", "methodology.verification.details"]


def _stripped(sub: dict[str, Any]) -> dict[str, Any]:
    """The submission without its results, prose and contact details (the `OMITTED` fields)."""
    kept = {k: v for k, v in sub.items() if k not in ("results", "contact_info", "notes", "references")}
    methodology = kept.get("methodology")
    if isinstance(methodology, dict):
        methodology = {k: v for k, v in methodology.items() if k != "notes"}
        if isinstance(methodology.get("verification"), dict):
            methodology["verification"] = {k: v for k, v in methodology["verification"].items() if k != "details"}
        kept["methodology"] = methodology
    return kept


def _raw_row(sid: str, sub: dict[str, Any], domain: str, result: Any) -> dict[str, Any]:
    """One domain's row: its result and the stripped submission."""
    return {"submission_id": sid, "domain": domain, "result": result, "submission": _stripped(sub), "omitted": OMITTED}


def _has_result(result: Any) -> bool:
    return isinstance(result, dict) and any(result.get(k) is not None for k in PASS_KEYS)


def _pass_1(result: dict[str, Any]) -> float:
    value = result.get("pass_1")
    if value is None:
        raise RowError("field 'pass_1': missing while other pass^k values are given")
    if not is_number(value) or not math.isfinite(value) or not 0 <= value <= 100:
        raise RowError(f"field 'pass_1': expected a percentage 0-100, got {shown(value)}")
    return float(value)


def _submission(
    sid: str, sub: dict[str, Any], fallback: tuple[dt.date, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Observations and rejects of one submission; a RowError here rejects the whole submission."""
    where = submission_file(sid)
    name = text(sub, "model_name")
    if name is None:
        raise RowError("field 'model_name': missing")
    submitter = text(sub, "submitting_organization")
    if submitter is None:
        raise RowError("field 'submitting_organization': missing (the verification level depends on it)")
    results = sub.get("results")
    if not isinstance(results, dict):
        raise RowError(f"field 'results': expected an object of domains, got {shown(results)}")

    issues = FieldIssues()
    soft = issues.get
    model_org = soft(text, sub, "model_organization")
    methodology = soft(sub_object, sub, "methodology") or {}
    verification = soft(sub_object, methodology, "verification", where="methodology.") or {}
    evaluated = soft(text, methodology, "evaluation_date", where="methodology.")
    submitted = soft(text, sub, "submission_date")
    version = soft(text, methodology, "tau2_bench_version", where="methodology.")
    as_of, as_of_from = fallback
    for label, value in (("methodology.evaluation_date", evaluated), ("submission_date", submitted)):
        day = iso_date(value)
        if day is not None:
            as_of, as_of_from = day, label
            break
    common = {
        "submitting_organization": submitter,
        "model_organization": model_org,
        "submission_date": submitted,
        "evaluation_date": evaluated,
        "as_of_from": as_of_from,
        "tau2_bench_version": version,
        "user_simulator": soft(text, methodology, "user_simulator", where="methodology."),
        "submission_type": soft(text, sub, "submission_type"),
        "modified_prompts": soft(field, verification, "modified_prompts", (bool,), where="methodology.verification."),
        "omitted_questions": soft(field, verification, "omitted_questions", (bool,), where="methodology.verification."),
        "trajectories_available": soft(field, sub, "trajectories_available", (bool,)),
    }
    base = {
        "source_id": SPEC.id,
        "raw_model_name": name,
        "raw_model_key": sid,
        # the model slug that opens the submission id ("gemini-3-pro" in "gemini-3-pro_google_2025-11-18")
        "model_hint": sid.split("_", 1)[0] or None,
        "provider_hint": model_org,
        # a custom scaffold (routers, extra tools, own prompts) is a run setting, not the plain model
        "variant": "custom scaffold" if common["submission_type"] == "custom" else None,
        "benchmark_version": benchmark_version(version),
        "raw_unit": "percent",
        "as_of_date": as_of,
        "verification_level": verification_level(model_org, submitter),
        "source_url": submission_url(sid),
    }

    rows: list[dict[str, Any]] = []
    rejects = [reject(SPEC.id, f"{where}: {m}", {"submission_id": sid}) for m in issues.messages]
    original = on_original_tau_bench(version)
    domains = ORIGINAL_DOMAINS if original else DOMAINS
    for domain in sorted(results):
        result = results[domain]
        if result is None or (isinstance(result, dict) and not _has_result(result)):
            continue  # not evaluated on this domain: nothing was measured
        raw = _raw_row(sid, sub, domain, result)
        try:
            if original and domain in DOMAINS and domain not in domains:
                raise RowError(f"domain {domain!r} on the original tau-bench ({version!r}), which has no such domain")
            if domain not in domains:
                raise RowError(f"unknown domain {domain!r}: no catalogue benchmark (add one to read it)")
            if not isinstance(result, dict):
                raise RowError(f"expected an object of pass^k values, got {shown(result)}")
            value = _pass_1(result)
        except RowError as exc:
            rejects.append(reject(SPEC.id, f"{where}: results.{domain}: {exc}", raw))
            continue
        extra = FieldIssues()
        details = {
            **common,
            "domain": domain,
            **{k: extra.get(number, result, k, where=f"results.{domain}.") for k in PASS_KEYS[1:]},
            "cost_usd_per_task": extra.get(number, result, "cost", where=f"results.{domain}."),
        }
        rejects.extend(reject(SPEC.id, f"{where}: {m}", raw) for m in extra.messages)
        rows.append({**base, "benchmark_id": domains[domain], "raw_value": value, "details": raw_json(details), "raw_row": raw_json(raw)})
    return rows, rejects


def parse(files: dict[str, bytes], context: ParseContext) -> ParsedSource:
    manifest = _manifest(files)
    updated = manifest.get("last_updated")
    updated_day = iso_date(updated[:10]) if isinstance(updated, str) else None
    fallback = (updated_day, "manifest.last_updated") if updated_day else context.file_date(MANIFEST)
    rows: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, sid in enumerate(manifest["submissions"]):
        label = f"{MANIFEST}: submission #{i} {shown(sid)}"
        raw: dict[str, Any] = {"submission_id": sid}
        try:
            if not is_safe_id(sid):
                raise RowError("not a safe file name part (no '/', '..' or control characters, at most 200 characters)")
            if sid in seen:
                raise RowError("listed more than once; the first listing is used")
            seen.add(sid)
            name = submission_file(sid)
            if name not in files:
                raise RowError(f"{name} is listed but missing from the snapshot")
            try:
                sub = orjson.loads(files[name])
            except orjson.JSONDecodeError as exc:
                raise RowError(f"{name}: not valid JSON ({exc})") from None
            if not isinstance(sub, dict):
                raise RowError(f"{name}: expected an object, got {type(sub).__name__}")
            raw.update(submission=_stripped(sub), omitted=OMITTED)
            try:
                found, bad = _submission(sid, sub, fallback)
            except RowError as exc:
                raise RowError(f"{name}: {exc}") from None
        except RowError as exc:
            rejects.append(reject(SPEC.id, f"{label}: {exc}", raw))
            continue
        rows.extend(found)
        rejects.extend(bad)
    return ParsedSource(
        models=empty_frame(MODEL_RECORD_COLUMNS),
        scores=pl.DataFrame(rows, schema=SCORE_OBSERVATION_COLUMNS),
        rejects=pl.DataFrame(rejects, schema=REJECT_COLUMNS),
    )
