"""llm-stats: the public data tree parsed whole from the real recording (units, levels, offers), and the
keyed model API on a mock transport (cursor pages, Bearer, 401 falls back to the tree, 429)."""

from __future__ import annotations

import datetime as dt
import json
import re

import httpx
import orjson
import polars as pl
import pytest

from registry_pipeline import catalog
from registry_pipeline.acquire import acquire
from registry_pipeline.config import Settings
from registry_pipeline.raw_store import RawStore
from registry_pipeline.recording import files_for
from registry_pipeline.schemas import ScoreObservationSchema, split_valid
from registry_pipeline.sources import get_source
from registry_pipeline.sources import _settings as setting_words
from registry_pipeline.sources import llm_stats
from registry_pipeline.sources.base import ParseContext, SourceParseError
from registry_pipeline.transform import scoring

SOURCE = get_source("llm-stats")
CTX = ParseContext("llm-stats", dt.date(2025, 10, 16))
KEY = "ls-key-SECRET-abcdef0123"
NOW = dt.datetime(2026, 2, 22, 6, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def tree(shared_snapshots):
    return shared_snapshots / "llm-stats" / "data"


@pytest.fixture(scope="module")
def parsed(shared_snapshots):
    files, _ = files_for(SOURCE, [str(shared_snapshots / "llm-stats")])
    return SOURCE.parse({f.name: f.content for f in files}, CTX)


def test_the_data_tree_is_parsed_whole(tree, parsed):
    models = list(tree.glob("organizations/*/models/*/model.json"))
    scores = [s for f in tree.glob("organizations/*/models/*/benchmarks.json") for s in json.loads(f.read_text())]
    offers = [o for f in tree.glob("providers/*/models.json") for o in json.loads(f.read_text())]
    assert (len(models), len(scores)) == (169, 2224)
    # every row is a score or a reject with its reason: the five that report another measure and the two
    # zeros with a placeholder link (below)
    rejected = len(MEASURED_OTHERWISE) + len(PLACEHOLDER_ZEROS)
    assert parsed.rejects.height == rejected, parsed.rejects["reason"].to_list()[:5]
    records = parsed.models
    assert records.filter(pl.col("provider_id").is_null()).height == len(models)
    assert records.filter(pl.col("provider_id").is_not_null()).height == len(offers)
    assert parsed.scores.height == len(scores) - rejected
    assert split_valid(parsed.scores, ScoreObservationSchema)[1].is_empty()  # no row lost to the contract


# rows whose analysis method says the value is another measure than the benchmark's score
MEASURED_OTHERWISE = {
    ("gpt-5-2025-08-07", "factscore"): "an error or hallucination rate",  # "Measured hallucination rate", 0.01
    ("gpt-5-2025-08-07", "longfact-concepts"): "an error or hallucination rate",
    ("gpt-5-2025-08-07", "longfact-objects"): "an error or hallucination rate",
    ("gpt-5-2025-08-07", "healthbench-hard"): "an error or hallucination rate",  # "Measured inaccuracies", 0.016
    ("gemini-1.5-flash-8b", "fleurs"): "an accuracy (1 - WER)",  # FLEURS is scored as a word error rate
    # "VideoMME (long) with subtitles category" 86.7 under Video-MME (with subtitles), Qwen2.5-VL's overall 71.6-77.9
    ("gpt-5-2025-08-07", "videomme-w-sub."): "Video-MME's long-video category",
}


def test_a_row_measuring_something_else_than_the_benchmark_is_a_reject(parsed):
    """llm-stats files GPT-5's hallucination rates under FActScore, LongFact and HealthBench Hard (each
    scores accuracy, higher is better) and one FLEURS accuracy (1 - WER) beside the word error rates:
    published as scores they would read as the opposite; and GPT-5's Video-MME long-video category under
    the benchmark's overall score. Each is a reject naming the field and value."""
    got = {}
    for reason in parsed.rejects.filter(pl.col("reason").str.contains("analysis_method"))["reason"]:
        found = re.search(r"models/([^/]+)/benchmarks\.json\[\d+\] '([^']+)'.*the value is "
                          r"(an [a-z ]+(?:\(1 - WER\)|LiveBench's [a-z ]+)?|Video-MME's [a-z-]+ category)", reason)
        assert found and "field 'analysis_method'" in reason, reason
        got[(found[1], found[2])] = found[3].strip()
    assert got == MEASURED_OTHERWISE
    kept = parsed.scores.filter(pl.col("raw_model_name") == "gpt-5-2025-08-07")
    assert not set(kept["benchmark_id"]) & {"factscore", "longfact-concepts", "longfact-objects", "healthbench-hard"}
    # FLEURS word error rates stay, and other models' HealthBench Hard scores
    assert parsed.scores.filter(pl.col("benchmark_id") == "fleurs").height == 4
    assert parsed.scores.filter(pl.col("benchmark_id") == "healthbench-hard").height == 2
    # the makers' global LiveBench averages stay (Qwen's, Kimi K2's, Phi-4's; o3-mini's "o3-mini high" names
    # no category: a curated erratum removes it)
    assert parsed.scores.filter(pl.col("benchmark_id") == "livebench").height == 11


def test_a_method_naming_a_version_or_subset_the_catalogue_has_files_the_row_there():
    """OpenAI reports LiveBench's coding category ("Coding", "coding"), Qwen3 LiveCodeBench v5 and BFCL v3, Mistral
    Arena-Hard v2, Gemini 2.5 Flash MRCR 1M pointwise: each a benchmark of the catalogue's own, where the row
    goes (under LiveBench's global average o1 ranked among 2026's frontier models). A method naming none stays."""
    assert llm_stats.method_benchmark("coding", "livebench") == "livebench-coding"
    assert llm_stats.method_benchmark("v5", "livecodebench") == "livecodebench-v5"
    assert llm_stats.method_benchmark("1M-pointwise", "mrcr") == "mrcr-1m-pointwise"
    for method in (None, "", "Accuracy", "o3-mini high", "v9"):  # no benchmark `livebench-<method>` in the catalogue
        assert llm_stats.method_benchmark(method, "livebench") == "livebench"
    assert llm_stats.method_benchmark("diamond", "gpqa-diamond") == "gpqa-diamond"  # no `gpqa-diamond-diamond`


def test_openais_livebench_figures_are_its_coding_category(parsed):
    rows = parsed.scores.filter(pl.col("raw_model_name").is_in(["o1-preview", "o1-2024-12-17"]) & pl.col("benchmark_id").str.starts_with("livebench"))
    assert sorted(rows.select("raw_model_name", "benchmark_id", "raw_value").rows()) == [
        ("o1-2024-12-17", "livebench-coding", 0.67), ("o1-preview", "livebench-coding", 0.523)]
    # a category the catalogue has no benchmark for under the method's word ("math": `livebench-mathematics`) is a reject
    assert llm_stats._measure_problem("Math", "livebench").startswith("field 'analysis_method' 'Math': the value is an average of")


def _obs(parsed, model, bench, variant=None):
    rows = parsed.scores.filter(pl.col("raw_model_name") == model, pl.col("benchmark_id") == bench)
    if variant is not None:
        rows = rows.filter(pl.col("variant") == variant)
    assert rows.height == 1, rows
    converted, _ = scoring.to_benchmark_unit(rows, catalog.benchmarks())
    return {**rows.row(0, named=True), "score": converted["score"][0]}


# the recording's rows whose value falls outside their benchmark's range once converted
OUT_OF_RANGE = [
    "llama-3.1-nemotron-70b-instruct: 0.0899 fraction is 8.99 %, outside the range 10.0 to 100.0 % of 'mt-bench'",
    "qwen2.5-omni-7b: 0.06 fraction is 6.0 %, outside the range 10.0 to 100.0 % of 'mm-mt-bench'",
]


# scores of 0 whose only source link is a placeholder: GPT-3.5 Turbo (no image input) on two vision benchmarks
PLACEHOLDER_ZEROS = {("gpt-3.5-turbo-0125", "mathvista"), ("gpt-3.5-turbo-0125", "mmmu")}


def test_a_placeholder_link_is_no_source_and_a_zero_behind_it_no_score(parsed):
    """llm-stats links 16 rows of GPT-3.5 Turbo 0125 and Gemini 1.0 Pro to `https://example.com/benchmark-image`.
    Their figures stay (GPT-3.5 Turbo's MMLU 69.8 is OpenAI's published figure) without a source URL; the two
    zeros it gives GPT-3.5 Turbo on vision benchmarks it cannot take are rejects."""
    zeros = parsed.rejects.filter(pl.col("reason").str.contains("placeholder source link"))
    found = {tuple(re.search(r"models/([^/]+)/benchmarks\.json\[\d+\] '([^']+)'", r).groups()) for r in zeros["reason"]}
    assert found == PLACEHOLDER_ZEROS
    assert all("https://example.com/benchmark-image" in r and "field 'score'" in r for r in zeros["reason"])
    linked = parsed.scores.filter(pl.col("raw_row").str.contains("example.com/benchmark-image"))
    assert linked.height == 14 and linked["source_url"].null_count() == 14
    assert parsed.scores.filter(pl.col("source_url").str.contains("example.com")).is_empty()
    mmlu = linked.filter(pl.col("raw_model_name") == "gpt-3.5-turbo-0125", pl.col("benchmark_id") == "mmlu")
    assert mmlu["raw_value"].to_list() == [0.698]


def test_a_percentage_outside_its_benchmarks_range_is_a_reject(parsed):
    """MT-Bench and MM-MT-Bench are judged on a 1-10 scale, which the catalogue keeps as 10-100%. llm-stats
    stores 8.3 as 0.83, but Nemotron 70B's 8.99 as 0.0899 and Qwen2.5-Omni's 6.0 as 0.06 (divided by a
    hundred): as 8.99% and 6% they would rank last by a wide margin. Each is a reject naming the model,
    the value and the range; the rest of the benchmark's rows stay."""
    judged = parsed.scores.filter(pl.col("benchmark_id").is_in(["mt-bench", "mm-mt-bench"]))
    converted, rejects = scoring.to_benchmark_unit(judged, catalog.benchmarks())
    assert sorted(rejects["reason"]) == OUT_OF_RANGE
    assert converted.height == judged.height - 2 and converted["score"].min() >= 60


# the recording's rows of benchmarks scored on a scale of their own, stored as fractions: (benchmark, [(model,
# value)], the catalogue's range in points)
SCALED = [
    # NMOS rates generated speech's naturalness from 1 to 5: Qwen2.5-Omni-7B's 4.51 is stored as 0.0451
    ("nmos", [("qwen2.5-omni-7b", 0.0451)], (1.0, 5.0)),
    # MME sums 14 subtasks' scores, 0 to 2800: DeepSeek-VL2's 2253 (its paper) is stored as 0.2253
    ("mme", [("deepseek-vl2", 0.2253), ("deepseek-vl2-small", 0.2123), ("deepseek-vl2-tiny", 0.1915)], (0.0, 2800.0)),
    # MMBench-Video's judge grades answers 0 to 3: Qwen2.5-VL-72B's 2.02 is stored as 0.0202
    ("mmbench-video", [("qwen2.5-vl-32b", 0.0193), ("qwen2.5-vl-72b", 0.0202), ("qwen2.5-vl-7b", 0.0179)], (0.0, 3.0)),
]
# ... each a reject: no conversion from a fraction to the scale (test_a_score_on_a_scale_of_its_own_is_no_percentage)
NO_CONVERSION = [f"{m}: {v} fraction has no conversion to the unit points of '{bench}'" for bench, stored, _ in SCALED for m, v in stored]


@pytest.mark.parametrize(("bench", "stored", "scale"), SCALED)
def test_a_score_on_a_scale_of_its_own_is_no_percentage(parsed, bench, stored, scale):
    """A benchmark scored on a scale of its own (the catalogue's unit: points, over its range) whose values
    llm-stats stores as fractions: read as shares of tasks they are 4.51%, 22.5% or 2%, last by far on any
    board. A fraction has no conversion to such a scale: a reject naming the model and the value."""
    rows = parsed.scores.filter(pl.col("benchmark_id") == bench)
    assert sorted(rows.select("raw_model_name", "raw_value").rows()) == stored and set(rows["raw_unit"]) == {"fraction"}
    entry = catalog.benchmarks().filter(pl.col("id") == bench).row(0, named=True)
    assert (entry["unit"], entry["min_score"], entry["max_score"]) == ("points", *scale)
    converted, rejects = scoring.to_benchmark_unit(rows, catalog.benchmarks())
    assert converted.is_empty()
    assert sorted(rejects["reason"]) == sorted(f"{m}: {v} fraction has no conversion to the unit points of '{bench}'" for m, v in stored)


@pytest.mark.parametrize(
    ("model", "bench", "variant", "score", "unit"),
    [
        ("gpt-4o-2024-08-06", "activitynet", None, 61.9, "fraction"),  # a 0-1 fraction becomes percent
        ("qwen3-32b", "codeforces", None, 1977.0, "points"),  # 0.659 of max 3000: an Elo of 1977
        ("qwen3-235b-a22b-thinking-2507", "cfeval", None, 2134.0, "points"),  # score 2134, normalized 0.2134 of 10000
        ("gemma-2-27b-it", "mbpp", None, 62.6, "fraction"),  # 0.626 with max_score 100 is 62.6 percent
        ("gpt-oss-120b", "codeforces", "with tools", 2622.0, "points"),  # "Elo (with tools)"
        ("gpt-oss-120b", "codeforces", "no tools", 2463.0, "points"),  # "Elo (without tools)"
        ("o3-2025-04-16", "gpqa-diamond", None, 83.3, "fraction"),  # llm-stats' "gpqa" is GPQA Diamond
    ],
)
def test_units_on_hand_read_rows(parsed, model, bench, variant, score, unit):
    obs = _obs(parsed, model, bench, variant)
    assert obs["raw_unit"] == unit and obs["score"] == pytest.approx(score)


def _settings(parsed, model, bench):
    rows = parsed.scores.filter(pl.col("raw_model_name") == model, pl.col("benchmark_id") == bench).sort("raw_value")
    return [(r["raw_value"], r["variant"], json.loads(r["details"])["analysis_method"]) for r in rows.iter_rows(named=True)]


def test_a_score_measured_with_tools_says_so(parsed):
    """A row whose analysis method says the model had tools gets the setting "with tools" (a search agent
    answering SimpleQA scores 92-97 where closed-book runs score 25-62); two rows of one benchmark told
    apart by tools get "with tools" and "no tools"; of rows tools don't tell apart, one whose setting is its
    own keeps it and the others are runs of one setting (o3's HLE with tools, 24.3, is "with tools"; its two
    runs without tools, OpenAI's 20.2 of April 2025 and 14.7 of August, are the default's, their methods in
    `details`, never a setting: the dedupe chooses between them and puts the run with tools after). On a
    benchmark run with tools by definition (SWE-bench, BrowseComp), and on a row saying "no tools" alone,
    the setting stays the default. The method is kept in `details` either way."""
    assert _settings(parsed, "deepseek-r1-0528", "simpleqa") == [(0.923, "with tools", "Search agent evaluation")]
    assert _settings(parsed, "deepseek-v3.1", "simpleqa") == [(0.934, "thinking; with tools", "Thinking mode with search agent")]  # a hybrid (below)
    assert _settings(parsed, "deepseek-v3.2-exp", "simpleqa") == [(0.971, "with tools", "Agentic Tool Use")]
    assert _settings(parsed, "gpt-oss-120b", "hle") == [(0.149, "no tools", "Accuracy (without tools)"), (0.19, "with tools", "Accuracy (with tools)")]
    o3 = _settings(parsed, "o3-2025-04-16", "hle")  # two runs without tools (14.7, 20.2) and one with
    assert [(x, v) for x, v, _ in o3] == [(0.147, None), (0.202, None), (0.243, "with tools")]
    assert len(set(parsed.scores.filter(pl.col("raw_model_name") == "o3-2025-04-16", pl.col("benchmark_id") == "hle")["raw_model_key"])) == 3
    assert "(no tools)" in o3[0][2] and "(Python + browser tools)" in o3[2][2]
    # a method that is the tool's name alone; a description naming the language a benchmark is in is no tool
    assert _settings(parsed, "claude-haiku-4-5-20251015", "aime-2025") == [(0.807, "no tools", "no tools"), (0.963, "with tools", "python")]
    assert setting_words.tools_setting("Code generation benchmark with function completion tasks in Python.", "humaneval") is None
    assert _settings(parsed, "deepseek-v3.2-exp", "swe-bench-verified") == [(0.678, None, "Agentic Tool Use")]
    assert _settings(parsed, "deepseek-v3.2-exp", "browsecomp")[0][1] is None
    assert _settings(parsed, "gpt-5-2025-08-07", "hle")[0][1] is None  # "... (no tools)": HLE's default
    assert setting_words.tools_setting("Reasoning Mode (w/o Tool Use)", "gpqa-diamond") == "no tools"
    assert setting_words.tools_setting("Avg 5 runs, no custom tools/prompting", "mmlu") is None
    assert setting_words.tools_setting("Extended thinking with tool use", "tau-bench-airline") is None


def test_a_score_over_several_attempts_says_so(parsed):
    """A row whose method counts more than one attempt gets it as its setting: a vote over 64 samples
    (DeepSeek's R1 distills' AIME 2024 86.7, where one attempt scores 70.0), pass@5, a method opening with
    multiple attempts (Gemini 2.5 Pro's SWE-bench 67.2, the catalogue's own benchmark). One attempt or an average of single attempts
    ("Avg@64", "maj@1") is the default, and so is a benchmark scored over two attempts by definition
    (aider's). A method citing a footnote on parallel compute in passing names no attempts: Claude Opus 4's
    SWE-bench 72.5 is Anthropic's single-attempt figure (79.4 with parallel compute)."""
    assert _settings(parsed, "deepseek-r1-distill-llama-70b", "aime-2024") == [(0.867, "cons@64", "Cons@64")]
    assert [(v, s) for v, s, _ in _settings(parsed, "mistral-small-3.2-24b-instruct-2506", "humaneval-plus")] == [(0.929, "pass@5")]
    # ... a row the catalogue's SWE-bench Verified (Multiple Attempts) takes (method_benchmark), its protocol
    assert _settings(parsed, "gemini-2.5-pro-preview-06-05", "swe-bench-verified-multiple-attempts") == [(0.672, None, "Multiple attempts")]
    assert setting_words.method_setting("Multiple attempts", "swe-bench-verified") == "multiple attempts"
    assert _settings(parsed, "claude-3-5-sonnet-20241022", "gpqa-diamond")[-1][1:] == ("maj@32", "Maj@32 5-shot CoT")
    opus = _settings(parsed, "claude-opus-4-20250514", "swe-bench-verified")
    assert opus[0][:2] == (0.725, "non-thinking") and "Parallel test-time compute" in opus[0][2]  # its mode only (a hybrid)
    assert _settings(parsed, "qwen3-32b", "aider")[0][1:] == (None, "Pass@2")
    assert _settings(parsed, "kimi-k2-instruct", "aime-2025")[0][1:] == (None, "Avg@64")
    assert setting_words.attempts_setting("5-shot majority@1", "gsm8k") is None
    assert setting_words.method_setting("pass@1 (no tools)", "aime-2025") == "no tools"
    assert setting_words.method_setting("Search agent, maj@8", "simpleqa") == "with tools; maj@8"


def test_a_hybrid_models_mode_is_named(parsed):
    """A model whose rows name both modes (a hybrid: DeepSeek-V3.1, Claude Opus 4.1) has each row's mode as
    its setting: DeepSeek-V3.1's AIME 2024 66.3 is its non-thinking figure (93.1 thinking), not the
    model's default. A model whose rows name one mode only (GPT-4o "without thinking mode", o3 "with
    thinking mode") has it as its default: no setting."""
    assert _settings(parsed, "deepseek-v3.1", "aime-2024") == [(0.663, "non-thinking", "Pass@1, Non-Thinking mode")]
    assert _settings(parsed, "deepseek-v3.1", "simpleqa")[0][1] == "thinking; with tools"
    assert _settings(parsed, "claude-opus-4-1-20250805", "gpqa-diamond")[0][:2] == (0.809, "thinking")
    assert _settings(parsed, "claude-opus-4-1-20250805", "swe-bench-verified")[0][:2] == (0.745, "non-thinking")
    assert _settings(parsed, "gpt-4o-2024-08-06", "erqa") == [(0.352, None, "GPT-4o without thinking mode - Multimodal spatial reasoning.")]
    assert _settings(parsed, "gpt-5-2025-08-07", "hle")[0][1] is None
    assert [setting_words.thinking_setting(m) for m in ("Div1 rating (Reasoning Mode)", "No extended thinking. Terminus 1", "Accuracy")] == [
        "thinking", "non-thinking", None]


def test_level_source_url_and_date_come_from_the_row(parsed, tree):
    row = _obs(parsed, "gpt-4o-2024-08-06", "activitynet")
    assert row["verification_level"] == "provider"  # is_self_reported
    assert row["source_url"] == "https://openai.com/index/hello-gpt-4o/"
    assert row["as_of_date"] == dt.date(2024, 8, 6)  # the model's announcement: the day the figure was published
    community = parsed.scores.filter(pl.col("verification_level") == "community")
    assert community.height == 16  # the rows that are neither self-reported nor verified (18, two of them rejects)
    assert parsed.scores["verification_level"].is_in(["provider", "community"]).all()  # nothing verified in this snapshot


def test_offers_are_priced_in_dollars_from_cents(parsed):
    offer = parsed.models.filter(pl.col("raw_model_id") == "openai/gpt-3.5-turbo-0125").row(0, named=True)
    assert (offer["price_input"], offer["price_output"]) == (0.5, 1.5)  # 50 and 150 US cents per 1M tokens
    assert offer["provider_id"] == offer["maker_hint"] == "openai" and not offer["is_maker"]  # llm-stats' record, not OpenAI's listing
    assert offer["provider_name"] == "OpenAI" and offer["context_window"] == 16385
    model = parsed.models.filter(pl.col("raw_model_id") == "deepseek-r1-0528").row(0, named=True)
    assert model["maker_hint"] == "deepseek" and model["open_weights"] is True and model["licence"] == "MIT"
    assert model["param_count"] == 671_000_000_000


def test_the_level_rule_on_a_verified_row():
    tree = {
        "data/organizations/acme/models/a-1/model.json": orjson.dumps({"model_id": "a-1", "name": "A 1", "organization_id": "acme",
                                                                        "license_id": "proprietary", "release_date": "2025-01-02"}),
        "data/organizations/acme/models/a-1/benchmarks.json": orjson.dumps([
            {"benchmark_id": "mmlu-pro", "score": 0.7, "normalized_score": 0.7, "is_self_reported": False, "verified_by_llmstats": True,
             "verification_date": "2025-03-04T00:00:00Z", "model_benchmark_id": 1},
            {"benchmark_id": "no-such-benchmark", "score": 0.5, "normalized_score": 0.5, "is_self_reported": True, "model_benchmark_id": 2},
        ]),
    }
    parsed = llm_stats.parse_tree(tree, dt.date(2025, 5, 1))
    row = parsed.scores.row(0, named=True)
    assert (row["verification_level"], row["as_of_date"]) == ("third_party", dt.date(2025, 3, 4))
    assert parsed.models["open_weights"][0] is False
    assert "'no-such-benchmark' is not in the catalogue crosswalk" in parsed.rejects["reason"][0]


def test_garbage_archive_is_a_clear_error():
    with pytest.raises(SourceParseError, match="llm-stats: llm-leaderboard.tar.gz"):
        SOURCE.parse({"llm-leaderboard.tar.gz": b"\x1f\x8bnot really"}, CTX)


# --- the keyed API on a mock transport ---


def _model_object(model_id: str, name: str, org: str, scores: list[dict]) -> dict:
    """A model object as docs/llm-stats-model.md describes it (facts from the data tree)."""
    return {
        "id": model_id, "name": name, "description": "", "organization": {"id": org, "name": org.title()},
        "license": {"id": "mit", "name": "MIT", "allow_commercial": True}, "open_weight": True, "model_type": "llm",
        "modalities": ["text"], "providers": [{"provider_id": "deepinfra", "provider_name": "DeepInfra", "status": "active",
                                               "input_price_per_m": 0.5, "output_price_per_m": 2.15}],
        "top_scores": {}, "inference": {"available": False}, "created_at": "2025-07-19T19:49:05Z", "updated_at": "2025-07-19T19:49:05Z",
        "source": "llm-stats", "url": f"https://llm-stats.com/models/{model_id}", "scores": scores,
        "sources": {"api_ref": None, "paper": None, "weights": None, "repo": None}, "family": None,
        "context_window": 131072, "param_count": 671_000_000_000, "release_date": "2025-05-28",
    }


R1 = _model_object("deepseek-r1-0528", "DeepSeek-R1-0528", "deepseek", [
    {"benchmark_id": "aime-2025", "benchmark_name": "AIME 2025", "score": 0.875, "max_score": 1.0, "is_self_reported": True,
     "verified_by_llmstats": False, "scored_at": "2025-05-28", "category": "math", "description": "", "normalized_score": 0.875,
     "rank": 3, "source_url": "https://huggingface.co/deepseek-ai/DeepSeek-R1-0528"},
    {"benchmark_id": "codeforces", "benchmark_name": "CodeForces", "score": 1930, "max_score": 3000, "is_self_reported": True,
     "verified_by_llmstats": False, "scored_at": "2025-05-28", "category": "code", "description": "", "normalized_score": 0.6433,
     "rank": 2, "source_url": "https://huggingface.co/deepseek-ai/DeepSeek-R1-0528"},
])
QWQ = _model_object("qwq-32b", "QwQ-32B", "qwen", [])


def _api(pages: dict[str | None, dict], objects: dict[str, dict], seen: list[httpx.Request], tarball: bytes, *, status_for=None):
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if status_for and (resp := status_for(request)) is not None:
            return resp
        if request.url.host == "codeload.github.com":
            return httpx.Response(200, content=tarball)
        if request.url.path == "/v1/models":
            return httpx.Response(200, json=pages[request.url.params.get("cursor")])
        model_id = request.url.path.rsplit("/", 1)[-1]
        return httpx.Response(200, json=objects[model_id]) if model_id in objects else httpx.Response(404)
    return handler


@pytest.fixture(scope="module")
def tarball(shared_snapshots) -> bytes:
    files, _ = files_for(SOURCE, [str(shared_snapshots / "llm-stats")])
    return files[0].content


def _acquire(tmp_path, handler, environ):
    logs: list[str] = []
    result = acquire(
        SOURCE.spec, store=RawStore(tmp_path / "raw"), client=httpx.Client(transport=httpx.MockTransport(handler)),
        settings=Settings(data_dir=tmp_path, offline=False), environ=environ, now=NOW, run_id="r", log=logs.append,
        sleep=lambda _: None, discover=SOURCE.discover,
    )
    return result, logs


PAGES = {None: {"data": [{"id": "deepseek-r1-0528"}], "next_cursor": "c2"}, "c2": {"data": [{"id": "qwq-32b"}], "next_cursor": None}}
OBJECTS = {"deepseek-r1-0528": R1, "qwq-32b": QWQ}


def test_api_pages_are_followed_with_the_bearer_key(tmp_path, tarball):
    seen: list[httpx.Request] = []
    result, logs = _acquire(tmp_path, _api(PAGES, OBJECTS, seen, tarball), {"LLM_STATS_API_KEY": KEY})
    assert result.mode == "live"
    names = {f["name"] for f in result.snapshot.manifest["files"]}
    assert names == {"api/models-page-0001.json", "api/models-page-0002.json", "api/models/deepseek-r1-0528.json", "api/models/qwq-32b.json"}
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in seen)
    assert not any(KEY in line for line in logs)
    parsed = SOURCE.parse(result.snapshot.read(), CTX)
    r1 = parsed.scores.filter(pl.col("benchmark_id") == "codeforces").row(0, named=True)
    assert (r1["raw_value"], r1["raw_unit"], r1["as_of_date"]) == (1930.0, "points", dt.date(2025, 5, 28))
    assert r1["source_url"] == "https://huggingface.co/deepseek-ai/DeepSeek-R1-0528" and r1["verification_level"] == "provider"
    offer = parsed.models.filter(pl.col("raw_model_id") == "deepinfra/deepseek-r1-0528").row(0, named=True)
    assert (offer["price_input"], offer["price_output"]) == (0.5, 2.15)
    assert set(parsed.models.filter(pl.col("provider_id").is_null())["raw_model_id"]) == {"deepseek-r1-0528", "qwq-32b"}


def test_a_refused_key_falls_back_to_the_public_tree_and_says_so(tmp_path, tarball):
    seen: list[httpx.Request] = []
    refuse = lambda r: httpx.Response(401) if r.url.host != "codeload.github.com" else None  # noqa: E731
    result, logs = _acquire(tmp_path, _api(PAGES, OBJECTS, seen, tarball, status_for=refuse), {"LLM_STATS_API_KEY": KEY})
    assert result.mode == "live"
    assert [f["name"] for f in result.snapshot.manifest["files"]] == ["llm-leaderboard.tar.gz"]
    assert "LLM_STATS_API_KEY failed" in result.message and "used the public files" in result.message
    public = [r for r in seen if r.url.host == "codeload.github.com"]
    assert public and all("authorization" not in r.headers for r in public)  # the key never goes to GitHub
    assert not any(KEY in line for line in logs + [result.message])
    assert SOURCE.parse(result.snapshot.read(), CTX).scores.height == 2224 - len(MEASURED_OTHERWISE) - len(PLACEHOLDER_ZEROS)


def test_without_a_key_only_the_public_tree_is_fetched(tmp_path, tarball):
    seen: list[httpx.Request] = []
    result, _ = _acquire(tmp_path, _api(PAGES, OBJECTS, seen, tarball), {})
    assert result.mode == "live" and {r.url.host for r in seen} == {"codeload.github.com"}


def test_429_is_honoured_with_retry_after(tmp_path, tarball):
    seen: list[httpx.Request] = []
    waits: list[float] = []
    throttled = {"n": 0}

    def once(request):
        if request.url.path == "/v1/models" and throttled["n"] == 0:
            throttled["n"] += 1
            return httpx.Response(429, headers={"Retry-After": "7"})
        return None

    result = acquire(
        SOURCE.spec, store=RawStore(tmp_path / "raw"),
        client=httpx.Client(transport=httpx.MockTransport(_api(PAGES, OBJECTS, seen, tarball, status_for=once))),
        settings=Settings(data_dir=tmp_path, offline=False), environ={"LLM_STATS_API_KEY": KEY}, now=NOW, run_id="r",
        sleep=waits.append, discover=SOURCE.discover,
    )
    assert result.mode == "live" and 7.0 in waits
    assert "api/models/qwq-32b.json" in {f["name"] for f in result.snapshot.manifest["files"]}


def test_packing_a_folder_is_deterministic(shared_snapshots):
    a, _ = files_for(SOURCE, [str(shared_snapshots / "llm-stats")])
    b, _ = files_for(SOURCE, [str(shared_snapshots / "llm-stats")])
    assert a[0].content == b[0].content and a[0].name == "llm-leaderboard.tar.gz"


def test_a_licence_name_that_is_not_text_leaves_the_licence_id():
    """Found by the hostile-payload fuzz: a licence file whose name is an object crashed the model frame.
    The name is no name then; the licence's id stands for it, as for a licence file without a name."""
    from registry_pipeline.sources.llm_stats import parse_tree

    model = {"model_id": "gpt-4o-2024-08-06", "name": "GPT-4o", "organization_id": "openai", "license_id": "proprietary"}
    for name, expected in (({"id": {"nested": [1, 2]}}, "proprietary"), ("Proprietary", "Proprietary")):
        tree = {
            "data/licenses/proprietary.json": json.dumps({"license_id": "proprietary", "name": name}).encode(),
            "data/organizations/openai/models/gpt-4o-2024-08-06/model.json": json.dumps(model).encode(),
        }
        parsed = parse_tree(tree, dt.date(2025, 10, 16))
        assert parsed.models["licence"].to_list() == [expected]


def test_a_livecodebench_row_names_its_window_of_problems_where_its_method_does(parsed):
    """LiveCodeBench's scores depend on the months of problems a run drew: the window a row's method or benchmark
    name gives is the observation's `benchmark_version` (an ISO interval of months), null where none is said."""
    lcb = parsed.scores.filter(pl.col("benchmark_id").str.starts_with("livecodebench"))
    version = dict(lcb.select(pl.format("{} {}", "raw_model_key", "benchmark_id"), "benchmark_version").rows())
    assert version["deepseek-r1-0528 livecodebench"] == "2024-08/2025-05"  # "Pass@1, 2408-2505, Thinking mode"
    assert version["phi-4-reasoning livecodebench"] == "2024-08/2025-01"  # "8/1/24–2/1/25"
    assert version["kimi-k1.5 livecodebench-v5-24.12-25.2"] == "2024-12/2025-02"  # the benchmark's name
    assert version["qwen3-235b-a22b-thinking-2507 livecodebench-v6"] == "2025-02/2025-05"  # "25.02-25.05"
    assert version["grok-3 livecodebench"] is None  # "accuracy"
    # no other benchmark takes a version from a date range in its method
    assert parsed.scores.filter(~pl.col("benchmark_id").str.starts_with("livecodebench"))["benchmark_version"].is_null().all()
