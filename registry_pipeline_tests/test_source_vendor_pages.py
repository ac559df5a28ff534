"""The curated vendor sources: every shipped file parses clean, every figure carries its page and date,
and the figures agree with the reference registry's self-reported numbers they were taken from."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import all_sources, get_source
from registry_pipeline.sources.base import ParseContext
from registry_pipeline_tests.conftest import RAW, SHARED_SNAPSHOTS

VENDORS = [s for s in all_sources() if s.spec.id.startswith("vendor-")]


def test_one_curated_source_per_vendor():
    assert len(VENDORS) == 18
    assert all(s.spec.curated and s.spec.default_verification_level == "provider" and not s.spec.creates_models for s in VENDORS)


@pytest.fixture(scope="module")
def shipped():
    out = {}
    for source in VENDORS:
        snap = RawStore(RAW).latest(source.spec.id)
        out[source.spec.id] = (snap, source.parse(snap.read(), ParseContext(source.spec.id, snap.fetched_on)))
    return out


def test_every_shipped_figure_has_its_page_and_a_date_not_after_the_file(shipped):
    for sid, (snap, parsed) in shipped.items():
        assert parsed.rejects.is_empty(), (sid, parsed.rejects["reason"].to_list()[:3])
        assert parsed.scores.height >= 1, sid
        assert parsed.scores["source_url"].str.starts_with("https://").all(), sid
        assert (parsed.scores["as_of_date"] <= snap.fetched_on).all(), sid
        assert (parsed.scores["verification_level"] == "provider").all(), sid


# reference model id -> (our vendor source, the spelling in our file)
CHECKED = {
    "claude-opus-4-5": ("vendor-anthropic", "claude-opus-4-5"),
    "o3": ("vendor-openai", "o3"),
    "gemini-3-pro": ("vendor-google", "gemini-3-pro-preview"),
    "deepseek-r1": ("vendor-deepseek", "deepseek-r1"),
    "grok-4": ("vendor-xai", "grok-4"),
    "kimi-k2-5": ("vendor-moonshot", "kimi-k2.5"),
    "glm-5": ("vendor-zhipu", "glm-5"),
    "qwen-3-5-397b-a17b": ("vendor-qwen", "qwen3.5-397b-a17b"),
    "seed-2-0-pro": ("vendor-bytedance", "seed-2.0-pro"),
    "meta-llama-3-1-405b": ("vendor-meta", "llama-3.1-405b-instruct"),
    "dbrx-instruct": ("vendor-databricks", "dbrx-instruct"),
    "amazon-nova-pro": ("vendor-amazon", "nova-pro-v1"),
}
BENCH = {"human-eval": "humaneval", "hle-full": "hle", "hle-full-tools": "hle", "mmmu-val": "mmmu", "lcr": "aa-lcr",
         "swe-multilingual": "swe-bench-multilingual", "tau-bench-telecom": "tau2-bench-telecom"}


def test_figures_equal_the_reference_self_reported_numbers(shipped):
    path = SHARED_SNAPSHOTS.parent / "reference-api" / "llm-registry" / "scores"
    if not path.is_file():
        pytest.skip("reference output not found")
    ref = [r for r in json.loads(path.read_text())["scores"] if r["modelId"] in CHECKED and r["benchmarkId"] != "lmarena-elo"
           and r["sourceId"] not in ("artificial-analysis", "livebench", "lmarena", "llm-stats")]
    checked = 0
    for r in ref:
        sid, model = CHECKED[r["modelId"]]
        scores = shipped[sid][1].scores.filter(pl.col("raw_model_name") == model, pl.col("benchmark_id") == BENCH.get(r["benchmarkId"], r["benchmarkId"]))
        assert r["score"] in scores["raw_value"].to_list(), (r["modelId"], r["benchmarkId"], r["score"])
        checked += 1
    assert checked >= 12


def test_hand_read_figures(shipped):
    def value(sid, model, bench):
        rows = shipped[sid][1].scores.filter(pl.col("raw_model_name") == model, pl.col("benchmark_id") == bench)
        return rows["raw_value"].to_list(), rows["source_url"].to_list(), rows["as_of_date"].to_list()
    values, urls, dates = value("vendor-minimax", "minimax-m2", "swe-bench-verified")
    assert values == [69.4] and urls == ["https://github.com/MiniMax-AI/MiniMax-M2"] and dates == [dt.date(2025, 10, 27)]
    values, urls, dates = value("vendor-anthropic", "claude-opus-4-5", "swe-bench-verified")
    assert urls == ["https://www.anthropic.com/news/claude-opus-4-5"] and dates == [dt.date(2025, 11, 24)]


def test_bad_entries_are_rejected_with_the_page_named():
    source = get_source("vendor-openai")
    body = b"""
vendor: openai
pages:
  - url: https://openai.com/index/x/
    date: 2025-01-02
    title: x
    scores:
      - {model: o3, benchmark: aime-2025, value: 88.9, unit: percent, setting: no tools}
      - {model: o3, benchmark: aime-2025, value: high, unit: percent}
      - {model: o3, benchmark: gpqa-diamond, value: 83.3, unit: percentage}
  - url: http://insecure.example/
    date: 2025-01-02
    scores: []
  - url: https://openai.com/index/later/
    date: 2030-01-01
    scores: []
"""
    parsed = source.parse({"scores.yaml": body}, ParseContext("vendor-openai", dt.date(2025, 6, 1)))
    row = parsed.scores.row(0, named=True)
    assert (row["raw_value"], row["variant"], row["source_url"], row["as_of_date"]) == (88.9, "no tools", "https://openai.com/index/x/", dt.date(2025, 1, 2))
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == 4
    assert any("scores[1]" in r and "'value': not a number" in r for r in reasons)
    assert any("'unit'" in r and "percentage" in r for r in reasons)
    assert any("https 'url'" in r for r in reasons) and any("after the file's date" in r for r in reasons)
