"""The curated vendor sources: every shipped file parses clean, every figure carries its page and date,
the figures agree with the reference registry's self-reported numbers they were taken from (or are a listed
correction), the ones taken from the llm-stats recording agree with it, and the figures that failed a check
stay out."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import polars as pl
import pytest

from registry_pipeline import catalog
from registry_pipeline.raw_store import RawStore
from registry_pipeline.sources import all_sources, get_source
from registry_pipeline.sources._settings import off_protocol
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline_tests.conftest import RAW, SHARED_SNAPSHOTS

VENDORS = [s for s in all_sources() if s.spec.id.startswith("vendor-")]
REFERENCE = SHARED_SNAPSHOTS.parent / "reference-api" / "llm-registry"
LLM_STATS = SHARED_SNAPSHOTS / "llm-stats" / "data" / "organizations"


def test_one_curated_source_per_vendor():
    assert len(VENDORS) == 23
    assert all(s.spec.curated and s.spec.default_verification_level == "provider" and not s.spec.creates_models for s in VENDORS)
    assert all(s.spec.defines_named for s in VENDORS)  # ... but an introduction that names its model defines it
    assert all(s.spec.files[0].url.startswith("https://") and s.spec.provides == ("scores", "models") for s in VENDORS)


@pytest.fixture(scope="module")
def shipped():
    out = {}
    for source in VENDORS:
        snap = RawStore(RAW).latest(source.spec.id)
        out[source.spec.id] = (snap, source.parse(snap.read(), ParseContext(source.spec.id, snap.fetched_on)))
    return out


@pytest.fixture(scope="module")
def figures(shipped):
    return pl.concat([parsed.scores for _, parsed in shipped.values()])


def test_every_shipped_figure_has_its_page_and_a_date_not_after_the_file(shipped):
    for sid, (snap, parsed) in shipped.items():
        assert parsed.rejects.is_empty(), (sid, parsed.rejects["reason"].to_list()[:3])
        # figures, or the models its pages released (01.AI, BigCode, Ai2 and the shared labs file:
        # release dates only)
        assert parsed.scores.height + parsed.models.height >= 1, sid
        assert parsed.scores["source_url"].str.starts_with("https://").all(), sid
        assert parsed.models["source_url"].str.starts_with("https://").all(), sid
        assert (parsed.scores["as_of_date"] <= snap.fetched_on).all(), sid
        # the file is dated by its newest page (one that carries figures, or one that introduces models)
        assert max(parsed.scores["as_of_date"].max() or dt.date.min, parsed.models["as_of_date"].max() or dt.date.min) == snap.fetched_on, sid
        assert (parsed.scores["verification_level"] == "provider").all(), sid
        assert set(parsed.scores["benchmark_id"]) <= set(catalog.benchmarks()["id"]) | set(catalog.benchmark_former_ids()["former_id"]), sid


# our spelling -> the reference registry's model id
REF_IDS = {
    "gpt-4o-2024-05-13": "openai-gpt-4o", "o1-preview": "o1-preview", "o1-mini": "o1-mini", "gpt-oss-120b": "openai-gpt-oss-120b",
    "gpt-5.2-pro": "gpt-5-2-pro", "gpt-5.3-codex": "openai-gpt-5-3-codex", "claude-3-5-sonnet-20240620": "claude-3-5-sonnet",
    "claude-3-5-haiku-20241022": "claude-3-5-haiku", "claude-sonnet-4-5": "claude-sonnet-4-5", "claude-opus-4-5": "claude-opus-4-5",
    "claude-opus-4-6": "claude-opus-4-6", "gemini-2.5-pro": "google-gemini-2-5-pro", "gemini-2.5-flash": "gemini-2.5-flash",
    "gemini-3-pro-preview": "gemini-3-pro", "gemini-3-flash-preview": "gemini-3-flash", "gemini-3.1-pro-preview": "gemini-3.1-pro",
    "llama-3.1-405b-instruct": "meta-llama-3-1-405b", "llama-3.3-70b-instruct": "meta-llama-3-3-70b", "llama-4-behemoth": "meta-llama-4-behemoth",
    "llama-4-maverick-17b-128e-instruct-fp8": "meta-llama-4-maverick", "deepseek-v3": "deepseek-v3", "deepseek-r1": "deepseek-r1",
    "deepseek-r1-zero": "deepseek-r1-zero", "deepseek-r1-distill-llama-70b": "deepseek-r1-distill-llama-70b",
    "deepseek-v3.2-speciale": "deepseek-v3-2-speciale", "grok-3": "grok-3", "grok-4": "grok-4", "mistral-large-2407": "mistral-large-2",
    "nova-pro-v1": "amazon-nova-pro", "phi-4": "phi-4", "dbrx-instruct": "dbrx-instruct", "glm-5": "glm-5",
    "qwen3.5-397b-a17b": "qwen-3-5-397b-a17b", "kimi-k2.5": "kimi-k2-5", "seed-2.0-pro": "seed-2-0-pro", "seed-2.0-lite": "seed-2-0-lite",
    "seed-2.0-mini": "seed-2-0-mini", "seed-1.8": "seed-1-8", "minimax-m2": "minimax-m2",
}
# our benchmark id -> the reference's ids for it (MATH-500 figures sit under the reference's `math`)
REF_BENCH = {"humaneval": ["human-eval"], "hle": ["hle", "hle-full", "hle-full-tools"], "mmmu": ["mmmu", "mmmu-val"], "aa-lcr": ["lcr"],
             "swe-bench-multilingual": ["swe-multilingual"], "tau2-bench-telecom": ["tau-bench-telecom"], "math-500": ["math"]}
NOT_VENDOR = {"artificial-analysis", "livebench", "lmarena", "llm-stats", "bigcode-project", "swe-bench", "model-family-proxy",
              "yamanahlawat-llm-registry"}
# where we ship the vendor's figure as the llm-stats recording has it and the reference's differs
CORRECTED = {
    ("nova-pro-v1", "mmlu"), ("nova-pro-v1", "mmmu"),
    ("llama-3.3-70b-instruct", "humaneval"), ("llama-3.3-70b-instruct", "math"), ("llama-3.3-70b-instruct", "mmlu"),
    ("phi-4", "math"), ("phi-4", "mmlu"),
}
# figures of a page the reference keeps one of: Gemini 3 Pro's and 3 Flash's Humanity's Last Exam without tools
# (37.5, 33.7) beside the figures with search and code execution it has (45.8, 43.5); GPT-5.2 Pro's HLE without tools
# (36.6) beside its 50.0 with search and Python, Claude Opus 4.6's HLE with tools (53.0) beside its 40.0 without, and
# GPT-5.3-Codex's OSWorld-Verified 74.0 with full-resolution images (GPT-5.4's page) beside the 64.7 first reported
# ... and other readings the makers' tables give beside the one the reference keeps: Gemini 3.1 Pro's HLE with search and
# code (51.4), Gemini 2.5 Flash's AIME 2025 with code execution (75.7), GLM-5's BrowseComp without context management
# (62.0), Grok 4's HLE without tools and with tools (25.4, 38.6: the reference has 26.9), Qwen3.5-397B-A17B's SWE-bench
# Verified as the Qwen3.6-27B post gives it (76.2; 76.4 in the Qwen3.5 post), and GLM-5's SWE-bench Pro as the GLM-5.1
# card gives it (55.1; the first file's 52.3 is in none of the makers' tables)
ADDED = {("gemini-3-pro-preview", "hle"), ("gemini-3-flash-preview", "hle"), ("gpt-5.2-pro", "hle"), ("claude-opus-4-6", "hle"),
         ("gpt-5.3-codex", "osworld-verified"), ("gemini-3.1-pro-preview", "hle"), ("gemini-2.5-flash", "aime-2025"),
         ("glm-5", "browsecomp"), ("grok-4", "hle"), ("qwen3.5-397b-a17b", "swe-bench-verified"), ("glm-5", "swe-bench-pro"),
         ("llama-3.1-405b-instruct", "gpqa-diamond")}  # the Llama 4 card's GPQA Diamond 49.0 (the reference: 50.7, plain GPQA)


# models whose figures the reference copied out of line with the maker's table: Kimi K2.5's Moonshot figures sit one or
# more rows or columns off Moonshot's model card (its Seal-0 57.4 under DeepSearchQA, its HLE with tools 50.2 under
# AIME 2025, Claude Opus 4.5's MMLU-Pro 89.3 as Kimi's), and the Seed2.0 card's (Seed1.8's MMMU 83.4 as its MMLU, rows the
# card does not have); the shipped files follow the cards
CORRUPT_REFERENCE = {"kimi-k2.5", "seed-1.8", "seed-2.0-lite", "seed-2.0-mini", "seed-2.0-pro"}


def test_figures_equal_the_reference_self_reported_numbers(figures):
    path = REFERENCE / "scores"
    if not path.is_file():
        pytest.skip("reference output not found")
    ref = defaultdict(list)
    for r in json.loads(path.read_text())["scores"]:
        if r["sourceId"] not in NOT_VENDOR:
            ref[(r["modelId"], r["benchmarkId"])].append(r["score"])
    checked, differing = 0, set()
    for row in figures.iter_rows(named=True):
        if row["raw_model_name"] in CORRUPT_REFERENCE:
            continue
        rid = REF_IDS.get(row["raw_model_name"])
        values = [v for b in REF_BENCH.get(row["benchmark_id"], [row["benchmark_id"]]) for v in ref.get((rid, b), [])]
        if not values:
            continue
        checked += 1
        if row["raw_value"] not in values:
            differing.add((row["raw_model_name"], row["benchmark_id"]))
    assert differing == CORRECTED | ADDED
    assert checked >= 180  # Seed2.0 and Kimi K2.5 are left out: their reference copies are corrupt


def _llm_stats(org: str, model: str) -> dict[str, tuple[float, str]]:
    xw = catalog.benchmark_crosswalk("llm-stats")
    rows = json.loads((LLM_STATS / org / "models" / model / "benchmarks.json").read_text())
    return {xw.get(r["benchmark_id"], r["benchmark_id"]): (round(r["normalized_score"] * 100, 2), r["self_reported_source_link"])
            for r in rows if r["is_self_reported"]}


# (our source, our spelling) -> (llm-stats organisation, llm-stats model id): figures taken from that recording
FROM_LLM_STATS = {
    ("vendor-ai21", "jamba-1.5-large"): ("ai21", "jamba-1.5-large"),
    ("vendor-cohere", "command-r-plus-04-2024"): ("cohere", "command-r-plus-04-2024"),
    ("vendor-nvidia", "llama-3.1-nemotron-ultra-253b-v1"): ("nvidia", "llama-3.1-nemotron-ultra-253b-v1"),
    ("vendor-amazon", "nova-pro-v1"): ("amazon", "nova-pro"),
    ("vendor-microsoft", "phi-4"): ("microsoft", "phi-4"),
    ("vendor-xai", "grok-3"): ("xai", "grok-3"),
    ("vendor-meta", "llama-3.3-70b-instruct"): ("meta", "llama-3.3-70b-instruct"),
}


def test_figures_taken_from_the_llm_stats_recording_equal_it(shipped):
    if not LLM_STATS.is_dir():
        pytest.skip("llm-stats recording not found")
    checked = 0
    for (sid, model), (org, ls_model) in FROM_LLM_STATS.items():
        recorded = _llm_stats(org, ls_model)
        # the pages llm-stats cites for the model (a later page of the file, another table's column, is not its)
        links = {link.rstrip("/") for _, link in recorded.values()}
        rows = shipped[sid][1].scores.filter(pl.col("raw_model_name") == model, pl.col("source_url").str.strip_chars_end("/").is_in(links))
        assert rows.height >= 4, (sid, model)
        for row in rows.iter_rows(named=True):
            value, link = recorded[row["benchmark_id"]]
            assert row["raw_value"] == value, (model, row["benchmark_id"])
            assert row["source_url"].rstrip("/") == link.rstrip("/"), (model, row["benchmark_id"])
            checked += 1
    assert checked >= 40


def test_figures_that_failed_a_check_stay_out(figures):
    def values(model, bench):
        return figures.filter(pl.col("raw_model_name") == model, pl.col("benchmark_id") == bench)["raw_value"].to_list()

    # SWE-bench Verified appeared in August 2024: the June 2024 Claude 3.5 Sonnet page cannot carry it
    assert values("claude-3-5-sonnet-20240620", "swe-bench-verified") == []
    # the GPT-5.2 page's 86.2 / 52.9 are GPT-5.2 Thinking's, not Pro's
    assert values("gpt-5.2-pro", "arc-agi-1") == [] and values("gpt-5.2-pro", "arc-agi-2") == []
    # Grok 4.1 Fast is not in the Gemini 3 Pro table; the reference's rows were the Gemini 2.5 Flash column
    assert figures.filter(pl.col("source_id") == "vendor-google", pl.col("raw_model_name").str.starts_with("grok")).is_empty()
    # DeepSeek-V3's 91.6 is its DROP F1
    assert 91.6 not in values("deepseek-v3", "humaneval")
    # third-party benchmarks are never a vendor's figure here
    assert not set(figures["benchmark_id"]) & {"superchem", "agentbench", "bigcodebench", "phybench", "factscore", "aa-omniscience", "critpt"}


def test_hand_read_figures(shipped, figures):
    def value(sid, model, bench):
        rows = shipped[sid][1].scores.filter(pl.col("raw_model_name") == model, pl.col("benchmark_id") == bench)
        return rows["raw_value"].to_list(), rows["source_url"].to_list(), rows["as_of_date"].to_list()

    assert value("vendor-minimax", "minimax-m2", "swe-bench-verified") == ([69.4], ["https://github.com/MiniMax-AI/MiniMax-M2"], [dt.date(2025, 10, 27)])
    values, urls, dates = value("vendor-anthropic", "claude-opus-4-5", "swe-bench-verified")
    assert values == [80.9] and urls == ["https://www.anthropic.com/news/claude-opus-4-5"] and dates == [dt.date(2025, 11, 24)]
    # the R1 README's 97.3 is MATH-500 pass@1
    values, _, dates = value("vendor-deepseek", "deepseek-r1", "math-500")
    assert values == [97.3] and dates == [dt.date(2025, 1, 20)]
    # Gemini 2.5 Flash is a column of the Gemini 3 Flash table (December 2025), not of the Gemini 3 Pro one
    _, urls, dates = value("vendor-google", "gemini-2.5-flash", "swe-bench-verified")
    assert urls == ["https://blog.google/products/gemini/gemini-3-flash/"] and dates == [dt.date(2025, 12, 17)]
    hle = figures.filter(pl.col("raw_model_name") == "gemini-3-pro-preview", pl.col("benchmark_id") == "hle").sort("raw_value")
    assert [(r["raw_value"], r["variant"], json.loads(r["details"])["setting"]) for r in hle.iter_rows(named=True)] == [
        (37.5, None, None), (45.8, "with tools", "with tools")]  # HLE without tools, and with search and code execution


def test_the_frontier_makers_tables_are_read_figure_by_figure(shipped, figures):
    """The makers' own tables for their 2025-2026 models (OpenAI's GPT-5 to 5.5 pages, Anthropic's launch pages and system
    cards, Google's model cards, xAI's, DeepSeek's, Moonshot's, Z.ai's, Qwen's and MiniMax's cards), each figure under the
    setting its column or row states; runs that depart from the benchmark's own protocol stay out."""
    def rows(sid, model, bench):
        got = shipped[sid][1].scores.filter(pl.col("raw_model_name") == model, pl.col("benchmark_id") == bench)
        return sorted((r["raw_value"], r["variant"]) for r in got.iter_rows(named=True))

    assert rows("vendor-openai", "gpt-5.2", "swe-bench-verified") == [(80.0, "xhigh")]
    assert rows("vendor-openai", "gpt-5.4", "gpqa-diamond") == [(92.8, "xhigh")]
    assert rows("vendor-openai", "gpt-5.4-pro", "gpqa-diamond") == [(94.4, "xhigh")]
    assert rows("vendor-anthropic", "claude-opus-4-5", "gpqa-diamond") == [(87.0, "thinking-64k")]  # 64k thinking budget
    # the Opus 4.6 card has no MMMU row, only MMMU-Pro (73.9 without tools, 77.3 with them): the first file's 76.5 is gone
    assert rows("vendor-anthropic", "claude-opus-4-6", "mmmu") == []
    assert [v for v, _ in rows("vendor-anthropic", "claude-opus-4-6", "mmmu-pro")] == [73.9, 77.3]
    # Sonnet 4.6's SWE-bench Verified is the card's 79.6; the 80.2 "with a prompt modification" stays out
    assert [v for v, _ in rows("vendor-anthropic", "claude-sonnet-4-6", "swe-bench-verified")] == [79.6]
    assert rows("vendor-deepseek", "deepseek-v4-pro", "swe-bench-verified") == [(73.6, "non-thinking"), (79.4, "high"), (80.6, "max")]
    assert rows("vendor-xai", "grok-4", "hle") == [(25.4, None), (38.6, "with tools")]
    assert rows("vendor-moonshot", "kimi-k2.6", "gpqa-diamond") == [(90.5, None)]
    assert [v for v, _ in rows("vendor-qwen", "qwen3.6-27b", "swe-bench-verified")] == [77.2]
    assert [v for v, _ in rows("vendor-google", "gemini-3.5-flash", "swe-bench-pro")] == [55.1]
    assert [v for v, _ in rows("vendor-zhipu", "glm-5", "swe-bench-pro")] == [55.1]  # the GLM-5.1 card's; 52.3 is in no table
    # MiniMax's "AA methodology" rows are Artificial Analysis' runs, which that source carries
    assert not figures["details"].str.contains("AA methodology").any()


def test_a_pages_setting_names_the_mode_tools_and_attempts(figures):
    """A setting in the page's words becomes the variant it names: NVIDIA's "Pass@1, Reasoning On" and
    "Score, Reasoning Off" (Nemotron Super 49B's two modes), Grok 3's "Think", GPT-5.2 Pro's HLE "with
    search and python"; a setting that names none ("0-shot CoT", "pass@1", "Accuracy") is the default."""
    def setting(model, bench):
        rows = figures.filter(pl.col("raw_model_name") == model, pl.col("benchmark_id") == bench)
        return [(r["raw_value"], r["variant"], json.loads(r["details"])["setting"]) for r in rows.iter_rows(named=True)]

    assert setting("llama-3.3-nemotron-super-49b-v1", "gpqa-diamond") == [(66.67, "thinking", "Pass@1, Reasoning On")]
    assert setting("llama-3.3-nemotron-super-49b-v1", "arena-hard") == [(88.3, "non-thinking", "Score, Reasoning Off")]
    assert setting("grok-3", "aime-2025") == [(93.3, "thinking", "Think")]
    assert sorted(setting("gpt-5.2-pro", "hle")) == [(36.6, "xhigh; no tools", "xhigh, no tools"), (50.0, "with tools", "with search and python")]
    # OpenAI's tables give the column's reasoning effort and the row's condition: the effort is the setting, and
    # the effort "none" is thinking switched off (the normalised variant drops "no tools", the default)
    assert sorted(setting("gpt-5.2", "hle")) == [(34.5, "xhigh; no tools", "xhigh, no tools"),
                                                 (45.5, "xhigh; with tools", "xhigh, with search and Python")]
    assert sorted(setting("gpt-5.4", "tau2-bench-telecom"))[0] == (64.3, "non-thinking", "none")
    assert setting("deepseek-r1", "math-500") == [(97.3, None, "pass@1")]
    # xAI's "with Python" is a tool: `with tools`, which the dedupe and the leaderboards know departs from AIME's protocol
    assert sorted(setting("grok-4", "aime-2025"), key=str) == [(91.7, None, None), (98.8, "with tools", "with Python")]
    # parts separated by ";" as by ",": Anthropic's efforts, its thinking budgets, its thinking switched off
    assert sorted(setting("claude-opus-4-6", "terminal-bench-2")) == [
        (55.1, "low", "low effort; Terminus-2 harness"), (61.1, "medium", "medium effort; Terminus-2 harness")]
    assert sorted(setting("claude-opus-4-5", "terminal-bench-2")) == [
        (57.8, "thinking-64k", "64k thinking budget; Terminus-2 harness"), (59.3, "thinking-128k", "128k thinking budget; Terminus-2 harness")]
    assert setting("claude-sonnet-4-6", "terminal-bench-2") == [
        (59.1, "max; non-thinking", "thinking off, max effort; Terminus-2 harness; 89 tasks x 5 runs")]
    assert sorted(setting("claude-opus-4-7", "vending-bench-2")) == [
        (7971.0, "high", "High effort; final balance in USD"), (10937.0, "max", "Max effort; final balance in USD")]
    # "with tools" on a benchmark run with tools by definition (FRAMES, agentic) is its default
    assert setting("kimi-k2-thinking", "frames") == [(87.0, None, "with tools")]
    assert ("with tools", "with tools") in {(v, t) for _, v, t in setting("glm-5.1", "hle")}
    with_python = figures.filter(pl.col("details").str.json_path_match("$.setting") == "with Python")
    assert with_python.height >= 2 and with_python.select(off_protocol(pl.col("variant")))["variant"].all()
    defaults = figures.filter(pl.col("details").str.json_path_match("$.setting").is_in(["0-shot CoT", "Accuracy", "simple-evals"]))
    assert defaults.height >= 20 and defaults["variant"].null_count() == defaults.height


def test_a_pages_setting_naming_livecodebenchs_window_is_its_version(figures):
    """A page's setting that names the window of LiveCodeBench's problems gives the figure's benchmark release, as
    llm-stats' methods do: DeepSeek-V3-0324's 43.0 in DeepSeek-V3.1's card is on 2408-2505, its 49.2 in its own
    card names none; Meta's Llama 4 figures are on 10/01/2024-02/01/2025 (February not included)."""
    def versions(model):
        rows = figures.filter(pl.col("raw_model_name") == model, pl.col("benchmark_id").str.starts_with("livecodebench"))
        return sorted(rows.select("raw_value", "benchmark_version").rows(), key=str)

    assert versions("deepseek-v3-0324") == [(43.0, "2024-08/2025-05"), (49.2, None)]
    assert versions("llama-4-maverick-17b-128e-instruct-fp8") == [(43.4, "2024-10/2025-01")]
    assert versions("minimax-m1-80k") == [(65.0, "2024-08/2025-05")]
    windowed = figures.filter(pl.col("benchmark_id").str.contains(r"^livecodebench($|-v\d)"), pl.col("benchmark_version").is_not_null())
    assert windowed.height >= 15
    assert figures.filter(~pl.col("benchmark_id").str.starts_with("livecodebench"))["benchmark_version"].null_count() == (
        figures.filter(~pl.col("benchmark_id").str.starts_with("livecodebench")).height)


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
  - url: https://openai.com/index/undated/
    scores: [{model: o3, benchmark: aime-2025, value: 88.9, unit: percent}]
"""
    parsed = source.parse({"scores.yaml": body}, ParseContext("vendor-openai", dt.date(2025, 6, 1)))
    assert parsed.scores.height == 1
    row = parsed.scores.row(0, named=True)
    assert (row["raw_value"], row["variant"], row["source_url"], row["as_of_date"]) == (88.9, "no tools", "https://openai.com/index/x/", dt.date(2025, 1, 2))
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == 5
    assert any("scores[1]" in r and "'value': not a number" in r and "https://openai.com/index/x/" in r for r in reasons)
    assert any("'unit'" in r and "percentage" in r for r in reasons)
    assert any("pages[1]" in r and "https 'url'" in r for r in reasons) and any("after the file's date" in r for r in reasons)
    assert any("pages[3]" in r and "'date'" in r for r in reasons)


def test_every_shipped_introduction_is_dated_by_its_page(shipped):
    """A page's `introduces` is a model record per model it released, dated by the page, with the page as its
    source: the models each vendor file releases, and nothing else in the record."""
    records = pl.concat([parsed.models for _, parsed in shipped.values()]).filter(pl.col("release_date").is_not_null())
    assert records.height >= 90 and records["source_id"].n_unique() >= 15
    assert records["raw_model_id"].is_unique().all()
    # a record's name is its id, but where the page released a model no catalogue lists and the entry names it
    named = dict(records.filter(pl.col("raw_model_id") != pl.col("raw_name")).select("raw_model_id", "raw_name").iter_rows())
    assert named == {"gemini-2.5-pro-exp-03-25": "Gemini 2.5 Pro Experimental 03-25",
                     "gemini-2.0-flash-lite-preview-02-05": "Gemini 2.0 Flash-Lite Preview 02-05",
                     "gemini-1.5-flash-8b-exp-0924": "Gemini-1.5-Flash-8B-Exp-0924", "mistral-small-2402": "Mistral Small 24.02"}
    assert (records["release_date"] == records["as_of_date"]).all() and records["source_url"].str.starts_with("https://").all()
    assert not records["is_maker"].any() and records["maker_hint"].null_count() == 0
    filled = {c for c in records.columns if records[c].null_count() < records.height}
    assert filled == {"source_id", "raw_model_id", "raw_name", "is_maker", "is_alias", "maker_hint", "release_date", "source_url",
                      "as_of_date", "raw_row"}
    by_model = {r["raw_model_id"]: (r["release_date"], r["source_url"]) for r in records.iter_rows(named=True)}
    assert by_model["qwen2-72b-instruct"] == (dt.date(2024, 6, 7), "https://qwenlm.github.io/blog/qwen2/")
    assert by_model["llama-2-70b-chat"] == (dt.date(2023, 7, 18), "https://about.fb.com/news/2023/07/llama-2/")
    assert by_model["dbrx-instruct"] == (dt.date(2024, 3, 27), "https://www.databricks.com/blog/introducing-dbrx-new-state-art-open-llm")
    # the cutoffs the cards and model pages state: records of their own, with nothing but the month
    cut = pl.concat([parsed.models for _, parsed in shipped.values()]).filter(pl.col("training_cutoff").is_not_null())
    assert cut.height >= 40 and cut["release_date"].is_null().all() and cut["status"].is_null().all()
    assert cut["raw_model_id"].is_unique().all() and cut["training_cutoff"].str.contains(r"^\d{4}-(0[1-9]|1[0-2])$").all()
    assert (cut["training_cutoff"] <= cut["as_of_date"].dt.strftime("%Y-%m")).all()


def test_a_page_introduces_the_models_it_released():
    """`introduces` makes a model record per model, dated by the page; a page may introduce models and carry no
    figures. A model a second page introduces again, an entry that is no name and an `introduces` that is no list
    are rejects naming the page."""
    body = b"""
vendor: mistral
pages:
  - url: https://mistral.ai/news/announcing-mistral-7b
    date: 2023-09-27
    title: Mistral 7B
    introduces: [mistral-7b-instruct-v0.1, 7]
  - url: https://mistral.ai/news/la-plateforme
    date: 2023-12-11
    introduces: [mistral-7b-instruct-v0.2, mistral-7b-instruct-v0.1]
    scores:
      - {model: mistral-7b-instruct-v0.2, benchmark: mmlu, value: 60.1, unit: percent, setting: null}
  - url: https://mistral.ai/news/other
    date: 2023-12-12
    introduces: mixtral-8x7b-instruct-v0.1
"""
    parsed = get_source("vendor-mistral").parse({"scores.yaml": body}, ParseContext("vendor-mistral", dt.date(2024, 1, 1)))
    models = parsed.models.select("raw_model_id", "release_date", "source_url", "maker_hint").rows()
    assert models == [
        ("mistral-7b-instruct-v0.1", dt.date(2023, 9, 27), "https://mistral.ai/news/announcing-mistral-7b", "mistral"),
        ("mistral-7b-instruct-v0.2", dt.date(2023, 12, 11), "https://mistral.ai/news/la-plateforme", "mistral"),
    ]
    assert parsed.scores["raw_model_name"].to_list() == ["mistral-7b-instruct-v0.2"]
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == 3
    assert any("pages[0].introduces[1]" in r and "not a model name" in r for r in reasons)
    assert any("pages[1].introduces[1]" in r and "introduced already by https://mistral.ai/news/announcing-mistral-7b" in r for r in reasons)
    assert any("pages[2]" in r and "'introduces' is not a list" in r for r in reasons)
    # Moonshot's and Zhipu's files name their maker as catalog/makers.csv spells it
    moonshot = get_source("vendor-moonshot").parse(
        {"scores.yaml": b"vendor: moonshot\npages:\n- {url: 'https://www.kimi.com/blog/kimi-k2-5.html', date: 2026-01-27, introduces: [kimi-k2.5]}\n"},
        ParseContext("vendor-moonshot", dt.date(2026, 1, 27)))
    assert moonshot.models["maker_hint"].to_list() == ["moonshotai"] and "moonshotai" in set(catalog.makers()["hint"])


def test_an_introduction_may_name_a_model_no_catalogue_lists():
    """An `introduces` entry `{model, name}` is the model and its name as the page gives it: its record's name is
    that name (and its raw row says so), so that it may define a model no catalogue lists
    (`SourceSpec.defines_named`). A name that is no text, an entry with another key and a named `deprecates`
    entry are rejects naming the page and the entry."""
    body = b"""
vendor: google
pages:
  - url: https://blog.google/technology/google-deepmind/gemini-model-thinking-updates-march-2025/
    date: 2025-03-25
    introduces:
      - {model: gemini-2.5-pro-exp-03-25, name: Gemini 2.5 Pro Experimental 03-25}
      - {model: gemini-2.5-flash-exp, name: 7}
      - {model: gemini-2.5-flash-exp, note: soon}
      - gemini-2.0-flash-001
  - url: https://ai.google.dev/gemini-api/docs/changelog
    date: 2025-05-27
    deprecates:
      - {model: gemini-1.5-flash-001, name: Gemini 1.5 Flash 001}
"""
    parsed = get_source("vendor-google").parse({"scores.yaml": body}, ParseContext("vendor-google", dt.date(2026, 1, 1)))
    models = parsed.models.select("raw_model_id", "raw_name", "release_date").rows()
    assert models == [("gemini-2.5-pro-exp-03-25", "Gemini 2.5 Pro Experimental 03-25", dt.date(2025, 3, 25)),
                      ("gemini-2.0-flash-001", "gemini-2.0-flash-001", dt.date(2025, 3, 25))]
    assert json.loads(parsed.models["raw_row"][0])["name"] == "Gemini 2.5 Pro Experimental 03-25"
    assert "name" not in json.loads(parsed.models["raw_row"][1])
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == 3
    assert any("pages[0].introduces[1]" in r and "field 'name': not a name (7)" in r for r in reasons)
    assert any("pages[0].introduces[2]" in r and "not a model id or {model, name}" in r and "note" in r for r in reasons)
    assert any("pages[1].deprecates[0]" in r and "not a model name" in r for r in reasons)


def test_the_shared_labs_file_names_each_pages_maker():
    """The labs file holds the launch pages of makers with a few models each: every page names its maker (a hint of
    catalog/makers.csv), which its records carry; a page without one, or with a maker the catalogue does not know,
    is a reject naming the page and the field, and introduces nothing."""
    body = b"""
vendor: labs
pages:
  - {url: 'https://www.mosaicml.com/blog/mpt-7b', date: 2023-05-05, maker: mosaicml, introduces: [mpt-7b, mpt-7b-chat]}
  - {url: 'https://github.com/imoneoi/openchat', date: 2023-11-01, introduces: [openchat-3.5]}
  - {url: 'https://github.com/imoneoi/openchat', date: 2023-12-10, maker: open-chat, introduces: [openchat-3.5-1210]}
"""
    parsed = get_source("vendor-labs").parse({"scores.yaml": body}, ParseContext("vendor-labs", dt.date(2024, 1, 1)))
    assert parsed.models.select("raw_model_id", "release_date", "maker_hint").rows() == [
        ("mpt-7b", dt.date(2023, 5, 5), "mosaicml"), ("mpt-7b-chat", dt.date(2023, 5, 5), "mosaicml")]
    assert parsed.rejects["reason"].to_list() == [
        "scores.yaml: pages[1] https://github.com/imoneoi/openchat: field 'maker': None is no maker hint of catalog/makers.csv; "
        "the page is not used",
        "scores.yaml: pages[2] https://github.com/imoneoi/openchat: field 'maker': 'open-chat' is no maker hint of "
        "catalog/makers.csv; the page is not used"]
    # the shipped file: every page's maker is known (that it made the models: test_identity_cases)
    snap = RawStore(RAW).latest("vendor-labs")
    shipped = get_source("vendor-labs").parse(snap.read(), ParseContext("vendor-labs", snap.fetched_on))
    assert shipped.rejects.is_empty() and shipped.models.height >= 40 and shipped.models["maker_hint"].n_unique() >= 15


def test_a_page_gives_the_training_cutoffs_it_states():
    """`cutoffs` makes a model record per model with the month the page gives (OpenAI's GPT-4.1 post: "a refreshed
    knowledge cutoff of June 2024" for GPT-4.1, mini and nano), sourced to the page. What is no month, a month after
    the page's date, or a second cutoff for one model is a reject naming the page and the entry."""
    body = b"""
vendor: openai
pages:
  - url: https://openai.com/index/gpt-4-1/
    date: 2025-04-14
    cutoffs:
      - {model: gpt-4.1, cutoff: '2024-06'}
      - {model: gpt-4.1-mini, cutoff: June 2024}
      - {model: gpt-4.1-nano, cutoff: '2025-06'}
  - url: https://developers.openai.com/api/docs/models/gpt-4.1
    date: 2025-04-14
    cutoffs: [{model: gpt-4.1, cutoff: '2024-06'}]
"""
    parsed = get_source("vendor-openai").parse({"scores.yaml": body}, ParseContext("vendor-openai", dt.date(2025, 4, 14)))
    assert parsed.models.select("raw_model_id", "training_cutoff", "release_date", "source_url", "maker_hint").rows() == [
        ("gpt-4.1", "2024-06", None, "https://openai.com/index/gpt-4-1/", "openai")]
    assert parsed.rejects["reason"].to_list() == [
        "scores.yaml: pages[0].cutoffs[1] (https://openai.com/index/gpt-4-1/): field 'cutoff': 'June 2024' is not a month (YYYY-MM)",
        "scores.yaml: pages[0].cutoffs[2] (https://openai.com/index/gpt-4-1/): field 'cutoff': 2025-06 is after the page's date 2025-04-14",
        "scores.yaml: pages[1].cutoffs[0] (https://developers.openai.com/api/docs/models/gpt-4.1): gpt-4.1 has a cutoff already from "
        "https://openai.com/index/gpt-4-1/"]


def test_every_shipped_deprecation_is_a_status_from_its_page(shipped):
    """A page's `deprecates` is a model record per model with status `deprecated`, the page as its source and the
    notice's date as the record's, and nothing else: Anthropic's deprecations page (one entry per notice) and
    OpenAI's GPT-4.1 post, which deprecated GPT-4.5 Preview in the API, and its function-calling post (GPT-4 0314)."""
    records = pl.concat([parsed.models for _, parsed in shipped.values()]).filter(pl.col("status").is_not_null())
    filled = {c for c in records.columns if records[c].null_count() < records.height}
    assert filled == {"source_id", "raw_model_id", "raw_name", "is_maker", "is_alias", "maker_hint", "status", "source_url", "as_of_date", "raw_row"}
    assert set(records["status"]) == {"deprecated"} and records["raw_model_id"].is_unique().all()
    by_model = {r["raw_model_id"]: (r["as_of_date"], r["source_url"]) for r in records.iter_rows(named=True)}
    notices = "https://docs.anthropic.com/en/docs/about-claude/model-deprecations"
    assert by_model["claude-3-opus-20240229"] == (dt.date(2025, 6, 30), notices)
    assert by_model["claude-2.1"] == (dt.date(2025, 1, 21), notices)
    assert by_model["gpt-4.5-preview"] == (dt.date(2025, 4, 14), "https://openai.com/index/gpt-4-1/")
    assert by_model["gpt-4-0314"] == (dt.date(2023, 6, 13), "https://openai.com/index/function-calling-and-other-api-updates/")


def test_a_page_deprecates_the_models_it_names():
    """`deprecates` makes a record with status `deprecated` per model, from the page; a page may deprecate models
    and carry nothing else. A model a second page deprecates again, an entry that is no name and a `deprecates`
    that is no list are rejects naming the page; a model may be introduced by one page and deprecated by another."""
    body = b"""
vendor: anthropic
pages:
  - url: https://www.anthropic.com/news/claude-2-1
    date: 2023-11-21
    introduces: [claude-2.1]
  - url: https://docs.anthropic.com/en/docs/about-claude/model-deprecations
    date: 2025-01-21
    deprecates: [claude-2.1, claude-2.0, {model: claude-3-sonnet}]
  - url: https://docs.anthropic.com/en/docs/about-claude/model-deprecations
    date: 2025-06-30
    deprecates: [claude-3-opus-20240229, claude-2.0]
  - url: https://docs.anthropic.com/en/docs/about-claude/model-deprecations
    date: 2025-08-13
    deprecates: claude-3-5-sonnet-20240620
"""
    parsed = get_source("vendor-anthropic").parse({"scores.yaml": body}, ParseContext("vendor-anthropic", dt.date(2026, 2, 5)))
    models = parsed.models.select("raw_model_id", "release_date", "status", "as_of_date").rows()
    assert models == [
        ("claude-2.1", dt.date(2023, 11, 21), None, dt.date(2023, 11, 21)),
        ("claude-2.1", None, "deprecated", dt.date(2025, 1, 21)),
        ("claude-2.0", None, "deprecated", dt.date(2025, 1, 21)),
        ("claude-3-opus-20240229", None, "deprecated", dt.date(2025, 6, 30)),
    ]
    assert parsed.scores.is_empty()
    reasons = parsed.rejects["reason"].to_list()
    assert len(reasons) == 3
    assert any("pages[1].deprecates[2]" in r and "not a model name" in r for r in reasons)
    assert any("pages[2].deprecates[1]" in r and "claude-2.0 is deprecated already by https://docs.anthropic.com" in r for r in reasons)
    assert any("pages[3]" in r and "'deprecates' is not a list" in r for r in reasons)


@pytest.mark.parametrize("body", [b"{{{ not: yaml", b"- just\n- a list\n", b"vendor: openai\npages: 3\n"])
def test_a_file_that_is_not_the_format_is_a_parse_error(body):
    with pytest.raises(SourceParseError) as err:
        get_source("vendor-openai").parse({"scores.yaml": body}, ParseContext("vendor-openai", dt.date(2025, 6, 1)))
    assert "vendor-openai" in str(err.value) and "scores.yaml" in str(err.value)


def test_kimi_k2_5s_figures_are_its_model_cards_not_the_references_shifted_rows(figures):
    """Moonshot's Kimi K2.5 model card (MoonshotAI/Kimi-K2.5, 2026-01-27) gives DeepSearchQA 77.1, Seal-0 57.4,
    WideSearch (item-f1) 72.7, BrowseComp (Agent Swarm) 78.4, HMMT 2025 (Feb) 95.4 and Terminal-Bench 2.0 50.8
    (non-thinking). The reference registry, whose figures the first file followed, has 57.4 under DeepSearchQA,
    37 under Seal-0, 77.1 under WideSearch, 36.9 under HMMT: rows and columns of the card out of line."""
    kimi = figures.filter(pl.col("raw_model_name") == "kimi-k2.5")
    got = dict(kimi.filter(pl.col("variant").is_null()).select("benchmark_id", "raw_value").iter_rows())
    assert {b: got.get(b) for b in ("deepsearchqa", "seal-0", "widesearch", "browsecomp-agent-swarm", "hmmt-2025")} == {
        "deepsearchqa": 77.1, "seal-0": 57.4, "widesearch": 72.7, "browsecomp-agent-swarm": 78.4, "hmmt-2025": 95.4}
    assert kimi.filter(pl.col("benchmark_id") == "terminal-bench-2").select("raw_value", "variant").rows() == [(50.8, "non-thinking")]
    # one figure per benchmark and setting, all on the card's page but those only the Kimi K2.6 card gives
    card = kimi.filter(pl.col("source_url") == "https://github.com/MoonshotAI/Kimi-K2.5")
    assert card.select("benchmark_id", "variant").is_unique().all()
    later = kimi.filter(pl.col("source_url") != "https://github.com/MoonshotAI/Kimi-K2.5")
    assert set(later["source_url"]) == {"https://huggingface.co/moonshotai/Kimi-K2.6"}
    assert later.join(card, on=["benchmark_id", "variant"], how="semi", nulls_equal=True).is_empty()
