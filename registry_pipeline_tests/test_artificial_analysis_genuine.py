"""The shipped Artificial Analysis snapshot carries genuine AA figures only.

How the snapshot `data/raw/artificial-analysis/2026-02-16/000000/models.json` was made: in AA's wire
format, from the AA figures of the reference product (/work/shared/reference-api/llm-registry/: the
`scores` file and the `models/<id>` files, including per-variant scores). Only values the reference
gives as AA third-party measurements dated 2026-02-16 (the day AA published them) are used, each under
AA's evaluation key: indices as published (0-100), every other benchmark as a 0-1 fraction (a
reference 55.2 is 0.552). Figures the reference attributes to AA without a date or verification level
(vendor claims such as HumanEval, MMLU or SWE-bench numbers) are left out. Models carry AA's slug
where AA's public model pages show it (`claude-4-5-sonnet-thinking`, `gpt-5-2`, `gpt-5-mini`, ...)
and the reference id otherwise; no AA `id`s (the parser does not need them), no prices, speeds or
release dates (the reference has none from AA). AA's API documentation example (o3-mini) is a test
fixture read from the shared recordings, never shipped.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import orjson
import polars as pl
import pytest

from registry_pipeline.raw_store import RawStore
from registry_pipeline.schemas.contracts import ScoreObservationSchema
from registry_pipeline.schemas.quarantine import split_valid
from registry_pipeline.sources.artificial_analysis import EVALUATIONS, parse
from registry_pipeline.sources.base import ParseContext
from registry_pipeline_tests.conftest import SHARED_SNAPSHOTS

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
DOCS_EXAMPLE = SHARED_SNAPSHOTS / "artificial-analysis" / "docs-example-response.json"
REFERENCE = SHARED_SNAPSHOTS.parent / "reference-api" / "llm-registry"  # beside the recordings, wherever they were found
PUBLISHED = dt.date(2026, 2, 16)

# shipped AA slug -> the reference product's model (or variant) id
REFERENCE_ID = {
    "claude-3-7-sonnet": "claude-3-7-sonnet",
    "claude-opus-4-5": "claude-opus-4-5",
    "claude-opus-4-5-thinking": "claude-opus-4-5-high",
    "claude-opus-4-6": "claude-opus-4-6",
    "claude-4-5-sonnet": "claude-sonnet-4-5",
    "claude-4-5-sonnet-thinking": "claude-sonnet-4-5-high",
    "command-a": "command-a",
    "dbrx-instruct": "dbrx-instruct",
    "deepseek-r1": "deepseek-r1",
    "deepseek-r1-distill-llama-70b": "deepseek-r1-distill-llama-70b",
    "deepseek-r1-distill-qwen-32b": "deepseek-r1-distill-qwen-32b",
    "deepseek-v3": "deepseek-v3",
    "deepseek-v3-1-terminus": "deepseek-v3-1-terminus",
    "deepseek-v3-2-speciale": "deepseek-v3-2-speciale",
    "gemini-3-flash": "gemini-3-flash",
    "gemini-3-flash-reasoning": "gemini-3-flash-high",
    "gemini-3-pro": "gemini-3-pro",
    "glm-5": "glm-5",
    "gpt-5-2": "gpt-5-2-xhigh",
    "gpt-5-mini": "gpt-5-mini-high",
    "grok-3": "grok-3",
    "grok-4": "grok-4",
    "grok-4-1-fast": "grok-4-1-fast",
    "kimi-k2-5": "kimi-k2-5",
    "minimax-m2-5": "minimax-m2-5",
    "o1-preview": "o1-preview",
    "o3": "o3",
    "o3-pro": "o3-pro",
    "o4-mini": "o4-mini",
    "phi-4": "phi-4",
    "qwen3-vl-235b-a22b": "qwen3-vl-235b-a22b",
}

# the reference product's benchmark id -> AA evaluation key
REFERENCE_BENCHMARK = {
    "aa-intelligence-index": "artificial_analysis_intelligence_index",
    "aa-coding-index": "artificial_analysis_coding_index",
    "aa-math-index": "artificial_analysis_math_index",
    "mmlu-pro": "mmlu_pro",
    "gpqa-diamond": "gpqa",
    "hle": "hle",
    "livecodebench-v6": "livecodebench",
    "scicode": "scicode",
    "math-500": "math_500",
    "aime": "aime",
    "aime-2025": "aime_25",
    "ifbench": "ifbench",
    "lcr": "lcr",
    "terminal-bench-hard": "terminalbench_hard",
    "tau-bench-telecom": "tau2",
}


def _snapshot():
    snaps = [s for s in RawStore(RAW).snapshots("artificial-analysis")]
    assert [s.key for s in snaps] == ["2026-02-16/000000"], "exactly one shipped AA snapshot, the genuine one"
    return snaps[0]


@pytest.fixture(scope="module")
def shipped() -> dict:
    return orjson.loads(_snapshot().read()["models.json"])


@pytest.fixture(scope="module")
def shipped_values(shipped) -> dict[tuple[str, str], float]:
    return {(row["slug"], key): value for row in shipped["data"] for key, value in row["evaluations"].items()}


def _aa_entries(score: dict) -> bool:
    return score.get("sourceId") == "artificial-analysis"


@pytest.fixture(scope="module")
def reference() -> dict[tuple[str, str], dict]:
    """(reference model id, reference benchmark id) -> the reference's AA score entry."""
    if not (REFERENCE / "scores").is_file():
        pytest.skip(f"reference product not found at {REFERENCE}")
    out: dict[tuple[str, str], dict] = {}
    for row in json.loads((REFERENCE / "scores").read_text())["scores"]:
        if _aa_entries(row):
            out[(row["modelId"], row["benchmarkId"])] = {
                "score": row["score"], "asOfDate": row["asOfDate"], "verificationLevel": row["verificationLevel"]}
    for path in sorted((REFERENCE / "models").iterdir()):
        model = json.loads(path.read_text())["model"]
        owners = [(model["id"], model.get("scores"))] + [(v["id"], v.get("scores")) for v in model.get("variants") or []]
        for owner, scores in owners:
            for bench, entry in (scores or {}).items():
                if _aa_entries(entry):
                    key = (owner, bench)
                    seen = out.setdefault(key, entry)
                    assert seen["score"] == entry["score"], f"reference disagrees with itself on {key}"
    return out


def _genuine(entry: dict) -> bool:
    return entry.get("verificationLevel") == "third_party" and entry.get("asOfDate") == PUBLISHED.isoformat()


def _as_aa_value(key: str, score: float) -> float:
    return score if EVALUATIONS[key][1] == "index" else score / 100


def test_shipped_snapshot_is_dated_on_aa_publication_day():
    snap = _snapshot()
    assert snap.verify() == []
    assert snap.fetched_on == PUBLISHED and snap.manifest["fetched_at"] == "2026-02-16T00:00:00Z"
    parsed = parse(snap.read(), ParseContext("artificial-analysis", snap.fetched_on, file_sha256=snap.sha256s()))
    assert parsed.rejects.is_empty()
    valid, rejects = split_valid(parsed.scores, ScoreObservationSchema)
    assert rejects.is_empty() and valid.height == parsed.scores.height
    assert parsed.scores["as_of_date"].unique().to_list() == [PUBLISHED]
    assert parsed.models["as_of_date"].unique().to_list() == [PUBLISHED]


def test_no_model_or_value_from_the_docs_example(shipped, shipped_values, reference):
    if not DOCS_EXAMPLE.is_file():
        pytest.skip(f"real recording not found at {DOCS_EXAMPLE}")
    example = orjson.loads(DOCS_EXAMPLE.read_bytes())["data"]
    example_slugs = {row["slug"] for row in example}
    assert example_slugs and not example_slugs & {row["slug"] for row in shipped["data"]}
    example_ids = {row["id"] for row in example} | {row["model_creator"]["id"] for row in example}
    assert not example_ids & set(_strings(shipped))
    example_triples = {(row["slug"], key, value) for row in example for key, value in row["evaluations"].items()}
    shipped_triples = {(slug, key, value) for (slug, key), value in shipped_values.items()}
    bench_of = {v: k for k, v in REFERENCE_BENCHMARK.items()}
    for slug, key, value in example_triples & shipped_triples:  # allowed only where the reference gives it too
        entry = reference.get((REFERENCE_ID[slug], bench_of[key]))
        assert entry and _genuine(entry) and math.isclose(_as_aa_value(key, entry["score"]), value), (slug, key, value)
    # the example's prices and speeds are not shipped under any model
    example_numbers = {v for row in example for v in _numbers(row.get("pricing", {}))} | {
        row[k] for row in example for k in ("median_output_tokens_per_second", "median_time_to_first_token_seconds")}
    assert not example_numbers & set(_numbers(shipped))


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def _numbers(node):
    if isinstance(node, bool):
        return
    if isinstance(node, (int, float)):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k != "status":  # the HTTP status in the envelope
                yield from _numbers(v)
    elif isinstance(node, list):
        for v in node:
            yield from _numbers(v)


def test_every_shipped_value_is_the_reference_figure(shipped, shipped_values, reference):
    assert {row["slug"] for row in shipped["data"]} == set(REFERENCE_ID)
    bench_of = {v: k for k, v in REFERENCE_BENCHMARK.items()}
    assert shipped_values
    for (slug, key), value in shipped_values.items():
        entry = reference.get((REFERENCE_ID[slug], bench_of[key]))
        assert entry is not None, f"{slug} {key}={value}: the reference gives no AA figure"
        assert _genuine(entry), f"{slug} {key}: the reference figure is not an AA measurement of 2026-02-16: {entry}"
        assert math.isclose(value, _as_aa_value(key, entry["score"]), abs_tol=1e-9), (slug, key, value, entry["score"])


def test_every_genuine_reference_figure_is_shipped(shipped_values, reference):
    slug_of = {ref: slug for slug, ref in REFERENCE_ID.items()}
    missing = [
        (model, bench) for (model, bench), entry in reference.items()
        if _genuine(entry) and bench in REFERENCE_BENCHMARK
        and (slug_of.get(model), REFERENCE_BENCHMARK[bench]) not in shipped_values
    ]
    assert not missing
    # models the reference files under AA only with undated, unverified figures are not shipped
    genuine_models = {model for (model, _), entry in reference.items() if _genuine(entry)}
    only_undated = {model for model, _ in reference} - genuine_models
    assert {"starcoder2-15b", "deepseek-r1-zero"} <= only_undated
    assert not only_undated & set(REFERENCE_ID.values())


def test_units_follow_aa(shipped_values):
    for (slug, key), value in shipped_values.items():
        lo, hi = (0, 100) if EVALUATIONS[key][1] == "index" else (0, 1)
        assert lo <= value <= hi, (slug, key, value)
    assert shipped_values[("gpt-5-mini", "gpqa")] == 0.828
    assert shipped_values[("gpt-5-mini", "artificial_analysis_intelligence_index")] == 41.0


def test_no_ids_prices_or_speeds_are_invented(shipped):
    for row in shipped["data"]:
        assert set(row) == {"name", "slug", "model_creator", "evaluations"}, row["slug"]
        assert "id" not in row["model_creator"]


def test_variants_read_from_aa_slugs_and_names():
    parsed = parse(_snapshot().read(), ParseContext("artificial-analysis", PUBLISHED))
    variants = dict(parsed.scores.select("raw_model_name", "variant").unique().iter_rows())
    assert variants["gpt-5-mini"] == "high" and variants["gpt-5-2"] == "xhigh" and variants["o4-mini"] == "high"
    assert variants["claude-opus-4-5-thinking"] == "thinking" and variants["gemini-3-flash-reasoning"] == "reasoning"
    # a plain slug beside its reasoning sibling is the model with reasoning off; a plain slug alone says nothing
    assert variants["claude-opus-4-5"] == "non-reasoning" and variants["o3"] is None
    urls = parsed.scores.filter(pl.col("raw_model_name") == "gpt-5-mini")["source_url"].unique().to_list()
    assert urls == ["https://artificialanalysis.ai/models/gpt-5-mini"]
