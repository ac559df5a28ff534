"""The two vendor model cards (real recordings, read in place): every cell of their score tables is
extracted, a dozen cells match values read by hand, and every comparison model is kept."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from registry_pipeline.sources import get_source, vendor_cards
from registry_pipeline.sources._tables import tables
from registry_pipeline.sources.base import ParseContext, SourceParseError

CARDS = {"deepseek-v3-card": "deepseek-v3", "kimi-k2-card": "kimi-k2"}
# how each card maker's own models are spelt (every other column is another maker's model)
OWN_PREFIX = {"deepseek-v3-card": "deepseek-", "kimi-k2-card": "kimi-"}


@pytest.fixture(scope="module")
def readmes(shared_snapshots):
    return {sid: (shared_snapshots / "vendor-model-cards" / d / "README.md").read_text() for sid, d in CARDS.items()}


@pytest.fixture(scope="module")
def parsed(readmes):
    return {sid: get_source(sid).parse({"README.md": text.encode()}, ParseContext(sid, dt.date(2025, 7, 29))) for sid, text in readmes.items()}


@pytest.mark.parametrize("sid", sorted(CARDS))
def test_every_cell_of_every_score_table_is_read(readmes, parsed, sid):
    card = vendor_cards.CARDS[sid]
    obs, rejects, cells = vendor_cards.extract(card, readmes[sid], sid)
    found = tables(readmes[sid])
    for cfg in card.tables:
        table = next(t for t in found if t.heading == cfg.heading)
        body = [r for r in table.rows[1:] if len({c.text for c in r}) > 1 and r[cfg.benchmark_col].text not in cfg.skip_rows]
        expected = len(body) * (table.width - cfg.first_value_col)
        seen = [c for c in cells if c["table"] == cfg.heading]
        assert len(seen) == expected  # rows x value columns, every one visited
    absent = sum(1 for c in cells if c["text"].strip().lower() in vendor_cards.ABSENT)
    assert len(obs) + absent == len(cells) and not rejects  # each cell is a number or marked absent
    assert parsed[sid].scores.height == len(obs) and parsed[sid].rejects.is_empty()


HAND_READ = [
    # (source, model, benchmark, variant or None, value) read from the README tables
    ("deepseek-v3-card", "deepseek-v3-base", "mmlu", None, 87.1),  # base table, MMLU (Acc.) 5-shot
    ("deepseek-v3-card", "llama-3.1-405b", "arc-c", None, 95.3),  # ARC-Challenge: a tie in bold
    ("deepseek-v3-card", "deepseek-v3-base", "pile-test-bpb", None, 0.548),
    ("deepseek-v3-card", "claude-3-5-sonnet-20241022", "swe-bench-verified", None, 50.8),
    ("deepseek-v3-card", "gpt-4o-2024-05-13", "simpleqa", None, 38.2),
    ("deepseek-v3-card", "deepseek-v3", "codeforces-percentile", None, 51.6),
    ("deepseek-v3-card", "deepseek-v3", "arena-hard", None, 85.5),  # the open-ended table: models in rows
    ("deepseek-v3-card", "qwen2.5-72b-instruct", "alpacaeval-2.0", None, 49.1),
    # rowspan row 2: several attempts is SWE-bench Verified (Multiple Attempts), as llm-stats lists these figures
    ("kimi-k2-card", "kimi-k2-instruct", "swe-bench-verified-multiple-attempts", None, 71.6),
    ("kimi-k2-card", "claude-sonnet-4-20250514", "swe-bench-verified-multiple-attempts", "no extended thinking", 80.2),
    # SWE-bench Verified agentic in one attempt; the Agentless row and TerminalBench's Terminus row are benchmarks
    # of their own (as llm-stats files them), for a model with a figure in one row as for one with both
    ("kimi-k2-card", "kimi-k2-instruct", "swe-bench-verified", None, 65.8),
    ("kimi-k2-card", "kimi-k2-instruct", "swe-bench-verified-agentless", None, 51.8),
    ("kimi-k2-card", "claude-opus-4-20250514", "swe-bench-verified", "no extended thinking", 72.5),
    ("kimi-k2-card", "gemini-2.5-flash-preview-05-20", "swe-bench-verified-agentless", None, 32.6),  # no agentic figure
    ("kimi-k2-card", "gpt-4.1", "terminus", None, 30.3),
    ("kimi-k2-card", "gpt-4.1", "terminal-bench", None, 8.3),  # the in-house framework
    ("kimi-k2-card", "claude-sonnet-4-20250514", "terminal-bench", "no extended thinking", 35.5),
    ("kimi-k2-card", "deepseek-v3-0324", "terminus", None, 16.3),  # no in-house figure
    ("deepseek-v3-card", "gpt-4o-2024-05-13", "livecodebench", None, 34.2),  # LiveCodeBench (Pass@1)
    ("deepseek-v3-card", "gpt-4o-2024-05-13", "livecodebench", "cot", 33.4),  # LiveCodeBench (Pass@1-COT)
    ("kimi-k2-card", "kimi-k2-base", "mmlu", None, 87.8),  # base table
    ("kimi-k2-card", "llama-4-maverick-17b-128e", "mmlu-pro", None, 63.5),
    ("kimi-k2-card", "gemini-2.5-flash-preview-05-20", "livebench-20241125", None, 67.8),  # LiveBench's 2024-11-25 release
]


@pytest.mark.parametrize(("sid", "model", "bench", "variant", "value"), HAND_READ)
def test_hand_read_cells(parsed, sid, model, bench, variant, value):
    rows = parsed[sid].scores.filter(pl.col("raw_model_name") == model, pl.col("benchmark_id") == bench)
    rows = rows.filter(pl.col("variant").is_null() if variant is None else pl.col("variant") == variant)
    assert rows["raw_value"].to_list() == [value]
    # the card maker's own models' figures are its claims; the other makers' models' are its runs of them, but for
    # a figure it marks as taken from the model's maker's own report
    copied = rows["details"].str.json_path_match("$.note").to_list() == ["*"] and sid == "kimi-k2-card"
    assert rows["verification_level"].to_list() == ["provider" if model.startswith(OWN_PREFIX[sid]) or copied else "community"]


@pytest.mark.parametrize("sid", sorted(CARDS))
def test_a_cards_figures_of_another_makers_model_are_the_card_makers_runs_not_that_makers_claims(parsed, sid):
    """DeepSeek-V3's card compares DeepSeek V3 with GPT-4o, Claude 3.5 Sonnet, Llama 3.1 405B and Qwen2.5 72B, run
    by DeepSeek; Kimi K2's with DeepSeek-V3-0324, Claude, GPT-4.1, Gemini 2.5 Flash, Qwen3 and Llama 4, run by
    Moonshot. Only the maker's own columns are `provider` (its claims); every other column is `community`, but for
    the cells Kimi K2's card marks "*", "directly from the model's tech report or blog": that maker's claims
    (Claude Opus 4's SWE-bench Verified 72.5 and GPQA 74.9 are Anthropic's)."""
    scores = parsed[sid].scores.with_columns(note=pl.col("details").str.json_path_match("$.note"))
    copied = scores.filter(pl.col("note") == "*")
    assert copied.height == {"deepseek-v3-card": 0, "kimi-k2-card": 17}[sid] and set(copied["verification_level"]) <= {"provider"}
    if sid == "kimi-k2-card":
        assert {("claude-opus-4-20250514", "swe-bench-verified", 72.5), ("claude-opus-4-20250514", "gpqa-diamond", 74.9)} <= set(
            copied.select("raw_model_name", "benchmark_id", "raw_value").rows())
    scores = scores.filter(pl.col("note").is_null())
    levels = dict(scores.group_by("raw_model_name").agg(pl.col("verification_level").unique().sort()).iter_rows())
    assert {m for m, lv in levels.items() if lv == ["provider"]} == {m for m in levels if m.startswith(OWN_PREFIX[sid])}
    assert {m for m, lv in levels.items() if lv == ["community"]} == {m for m in levels if not m.startswith(OWN_PREFIX[sid])}
    # the rivals of each card, by the maker's name in their spelling: DeepSeek's runs of Claude, GPT-4o, Llama
    # and Qwen; Moonshot's of DeepSeek's models too
    assert {m.split("-")[0] for m, lv in levels.items() if lv == ["community"]} == (
        {"claude", "gpt", "llama", "qwen2.5"} if sid == "deepseek-v3-card" else {"claude", "deepseek", "gemini", "gpt", "llama", "qwen2.5", "qwen3"})


@pytest.mark.parametrize("sid", sorted(CARDS))
def test_each_row_of_a_benchmark_with_several_is_a_configured_setting(readmes, parsed, sid):
    """A benchmark with several rows in a table has each row's setting configured, so a model's figure says its
    setting whether or not the model has figures in the other rows; no two of a model's figures share one."""
    card = vendor_cards.CARDS[sid]
    obs, _, _ = vendor_cards.extract(card, readmes[sid], sid)
    rows = pl.DataFrame(obs, infer_schema_length=None).select("table", "bench", "metric").unique()
    several = rows.filter(pl.len().over("table", "bench") > 1)
    # DeepSeek-V3's LiveCodeBench with and without a chain of thought; Kimi K2's SWE-bench Verified and
    # TerminalBench rows are benchmarks of their own (`metric_benchmarks`), one row each
    assert set(zip(several["bench"], several["metric"])) == set(card.row_settings)
    scores = parsed[sid].scores.with_columns(table=pl.col("details").str.json_path_match("$.table"))
    assert scores.filter(pl.len().over("table", "raw_model_name", "benchmark_id", "variant") > 1).is_empty()


def test_every_comparison_model_is_kept_and_attributed_to_the_page(parsed):
    ds = parsed["deepseek-v3-card"].scores
    assert set(ds["raw_model_name"]) == {m for m, _ in vendor_cards.DEEPSEEK_V3.models.values()}
    assert set(ds["source_url"]) == {"https://huggingface.co/deepseek-ai/DeepSeek-V3"} and set(ds["as_of_date"]) == {dt.date(2024, 12, 26)}
    kimi = parsed["kimi-k2-card"].scores
    assert set(kimi["raw_model_name"]) == {m for m, _ in vendor_cards.KIMI_K2.models.values()}
    assert kimi.filter(pl.col("raw_model_name") == "qwen3-235b-a22b")["variant"].str.starts_with("non-thinking").all()
    # no multiple-attempts figure is a setting of single-attempt SWE-bench Verified
    assert kimi.filter(pl.col("details").str.contains("Multiple Attempts"))["benchmark_id"].unique().to_list() == ["swe-bench-verified-multiple-attempts"]
    # a figure the vendor copied from another report keeps its footnote mark
    assert kimi.filter(pl.col("details").str.contains('"note":"\\*"')).height >= 5


def test_a_cell_that_is_not_a_number_is_rejected_with_its_position():
    text = "### Open Ended Generation Evaluation\n| Model | Arena-Hard | AlpacaEval 2.0 |\n|---|---|---|\n| DeepSeek-V3 | high | 70.0 |\n"
    text = text + "### Standard Benchmarks\n| | Benchmark (Metric) | # Shots | DeepSeek-V3 |\n|---|---|---|---|\n| | MMLU (Acc.) | 5-shot | 87.1 |\n"
    text = text + "### Standard Benchmarks (Models larger than 67B)\n| | Benchmark (Metric) | DeepSeek V3 |\n|---|---|---|\n| | MMLU (EM) | 88.5 |\n"
    parsed = get_source("deepseek-v3-card").parse({"README.md": text.encode()}, ParseContext("deepseek-v3-card", dt.date(2025, 1, 1)))
    assert parsed.scores.height == 3
    (reason,) = parsed.rejects["reason"].to_list()
    assert "table 'Open Ended Generation Evaluation'" in reason and "(DeepSeek-V3)" in reason and "(Arena-Hard)" in reason and "'high'" in reason


def test_a_card_without_its_tables_is_a_clear_error():
    with pytest.raises(SourceParseError, match="kimi-k2-card: README.md: field 'Instruction model evaluation results'"):
        get_source("kimi-k2-card").parse({"README.md": b"# nothing here"}, ParseContext("kimi-k2-card", dt.date(2025, 1, 1)))


def test_a_rows_note_naming_livecodebenchs_window_is_its_version(parsed):
    """Kimi K2's card runs LiveCodeBench v6 on "Aug 24 - May 25" (its instruction table's note): those rows'
    version is that window; its base-model table says none, and DeepSeek-V3's card names no window."""
    kimi = parsed["kimi-k2-card"].scores.filter(pl.col("benchmark_id") == "livecodebench-v6")
    by_table = kimi.with_columns(table=pl.col("details").str.json_path_match("$.table")).group_by("table").agg(pl.col("benchmark_version").unique())
    assert dict(by_table.rows()) == {"Instruction model evaluation results": ["2024-08/2025-05"], "Base model evaluation results": [None]}
    assert parsed["deepseek-v3-card"].scores["benchmark_version"].null_count() == parsed["deepseek-v3-card"].scores.height
