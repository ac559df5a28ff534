"""Each benchmark sits in the category of what it measures, so each board ranks one skill. llm-stats files a
benchmark under several words ("reasoning", "math", "general", "code"); filed by the first that matched, MMLU
landed on the Math board, LiveCodeBench and BFCL on Reasoning and IFEval on Knowledge. The same benchmark from two
sources, and a benchmark's variants, share a category."""

from __future__ import annotations

import polars as pl
import pytest

from registry_pipeline import catalog


@pytest.fixture(scope="module")
def category():
    b = catalog.benchmarks()
    return dict(zip(b["id"].to_list(), b["category"].to_list()))


# a benchmark id and its variants (`<id>-...`) -> the category of what they measure
FAMILIES = {
    "mmlu": "Knowledge", "simpleqa": "Knowledge", "triviaqa": "Knowledge",
    "aime": "Math", "gsm8k": "Math", "hmmt": "Math",
    "livecodebench": "Coding", "mbpp": "Coding", "humaneval": "Coding", "bigcodebench": "Coding", "cruxeval": "Coding",
    "swe-bench": "Coding",
    "bfcl": "Agentic", "tau2-bench": "Agentic", "tau-bench": "Agentic", "osworld": "Agentic",
    "ifeval": "Instruction Following",
    "multipl-e": "Coding", "graphwalks": "Long Context",
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_benchmark_and_its_variants_share_the_category_of_what_they_measure(category, family):
    members = {b: c for b, c in category.items() if b == family or b.startswith(family + "-")}
    assert members, family
    assert {b: c for b, c in members.items() if c != FAMILIES[family]} == {}


def test_the_same_benchmark_from_two_sources_shares_a_category(category):
    # the Open LLM Leaderboard's normalised runs of a benchmark, beside the benchmark as the makers report it
    pairs = [(b, b.removeprefix("open-llm-")) for b in category if b.startswith("open-llm-") and b.removeprefix("open-llm-") in category]
    assert len(pairs) >= 3
    assert [(a, b) for a, b in pairs if category[a] != category[b]] == []
    assert category["big-bench-hard"] == category["open-llm-bbh"]


def test_no_general_knowledge_benchmark_is_on_the_math_board(category):
    math = {b for b, c in category.items() if c == "Math"}
    assert not {"mmlu", "mmmlu", "mmlu-redux", "supergpqa", "agieval", "drop", "codeforces", "big-bench-hard"} & math


def test_safety_has_a_board_of_its_own_and_capabilities_leave_knowledge(category):
    """llm-stats files XSTest (over-refusal of safe prompts), AttaQ (harmful answers to adversarial questions) and
    the Cybersecurity CTFs under "safety"; on Knowledge, Gemini 1.5 Pro led the board on XSTest. The first two are
    the Safety board; the CTFs measure a capability (offensive security tasks solved in an environment): Agentic.
    NMOS rates generated speech: Multimodal."""
    assert {b: category[b] for b in ("xstest", "attaq", "cybersecurity-ctfs", "nmos")} == {
        "xstest": "Safety", "attaq": "Safety", "cybersecurity-ctfs": "Agentic", "nmos": "Multimodal"}
    assert [b for b, c in category.items() if c == "Safety"] == ["attaq", "xstest"]


def test_one_benchmark_under_two_names_or_in_two_languages_sits_in_one_category(category):
    """The same benchmark in another language sits with it (Global MMLU and CMMLU beside MMLU, Global PIQA beside
    PIQA), Winogrande beside HellaSwag, ARC beside ARC-AGI, and tau-bench's domains beside tau2-bench's. (Two names
    of one benchmark, llm-stats' "MultiLF" and "Multi-IF", are one benchmark: test_benchmark_former_ids.)"""
    same = [("global-mmlu", "mmlu"), ("cmmlu", "mmlu"), ("csimpleqa", "simpleqa"), ("global-piqa", "piqa"), ("winogrande", "hellaswag"),
            ("arc", "arc-agi-1"), ("tau-bench-retail", "tau2-bench-retail"), ("spider", "bird-sql-dev")]
    assert [(a, b, category[a], category[b]) for a, b in same if category[a] != category[b]] == []
    assert (category["multi-if"], category["natural-questions"]) == ("Instruction Following", "Knowledge")


def test_no_benchmark_links_a_page_made_from_its_own_id():
    """A link is a page someone published, or null: the vendor pages' catalogue had given 80 benchmarks Artificial
    Analysis' evaluations page with the benchmark's own id as its anchor (`.../evaluations#babyvision`), a
    pattern from the reference registry and no page AA publishes."""
    rows = catalog.benchmarks().select("id", "link", "paper_url").rows()
    made = [(i, link) for i, *links in rows for link in links if link and link.rsplit("#", 1)[-1] == i and "#" in link]
    assert made == []
    assert all(link.startswith(("https://", "http://")) for _, *links in rows for link in links if link)


# benchmarks a source names for one figure without saying what they are: llm-stats' "CBNSL" (Kimi K2's page lists
# no such benchmark; its paper is on Bayesian networks), "STEM" (Qwen2.5-Coder 7B) and "HumanEval-ER" (Kimi K2)
UNDESCRIBED = {"cbnsl", "humaneval-er", "stem"}


def test_every_catalogue_benchmark_says_what_it_measures():
    """A consumer of /api/v1/benchmarks reads what each benchmark is and what its score is: every catalogue entry
    has a description of its own (the catalogue's words, never a source's) of at least a sentence, not its name
    again, but the three no source explains."""
    b = catalog.benchmarks()
    bare = b.filter(pl.col("description").is_null() | (pl.col("description").str.len_chars() < 40) | (pl.col("description") == pl.col("name")))
    assert set(bare["id"]) == UNDESCRIBED
