"""`sources/_settings.py`: a run's setting from a source's words, on any words a hostile upstream may send."""

from __future__ import annotations

import functools
import re

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry_pipeline.sources import _settings as words
from registry_pipeline.transform import identity
from registry_pipeline.warehouse.load import off_protocol_macro, thinking_off_macro

# the spellings the functions may return, one per part of a setting
PART = re.compile(r"^(low|medium|high|with tools|no tools|multiple attempts|(cons|maj|pass)@([2-9]|[1-9]\d+)|text-only|whole)$")
PHRASES = ["pass@1", "Pass@64", "cons@ 8", "maj@1", "Maj@32 5-shot CoT", "Search agent", "w/o Tool Use", "no tools",
           "Multiple attempts", "with python + browsing", "Reasoning On", "Non-Thinking mode", "pass@0", "pass@007", ", ", "@",
           "o3-mini high", "high", "medium effort", "Low reasoning effort", "text-only subset", "(Text Only)", "text", "Image-text",
           "whole", "accuracy (whole, o4-mini-high)", "Diff-Fenced", "wholesale"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=12)), max_size=6),
       st.sampled_from(["simpleqa", "hle", "aider", "aider-polyglot", "swe-bench-verified", "aime-2024", "not-a-benchmark"]))
def test_any_words_give_known_parts_or_none(parts, benchmark):
    method = " ".join(parts)
    setting = words.method_setting(method, benchmark)
    assert setting is None or all(PART.match(p) for p in setting.split("; ")), setting
    assert words.thinking_setting(method) in (None, "thinking", "non-thinking")
    if setting is not None:  # a setting the parsers name is already in the registry's spelling ("no tools": the default)
        spelt = "; ".join(p for p in setting.split("; ") if p != "no tools") or None
        assert identity.normalized_variants(pl.Series([setting])).to_list() == [spelt]


def test_a_method_that_is_a_reasoning_effort_is_that_effort():
    """llm-stats files OpenAI's o3-mini announcement figures with the method "o3-mini high" (MATH 97.9): the
    high effort, as aider and ARC Prize spell it. A description that only uses the word is no effort."""
    assert words.method_setting("o3-mini high", "math") == "high"
    assert words.method_setting("Medium reasoning effort", "gpqa") == "medium"
    assert words.method_setting("low", "aime-2025") == "low"
    # a model's name joined to its effort, as a part of the method (llm-stats' o4-mini TAU-bench rows)
    assert words.method_setting("accuracy (o4-mini-high)", "tau-bench-retail") == "high"
    assert words.effort_setting("accuracy (whole, o4-mini-high)") == "high"
    for description in ("High school math competition", "high-quality subset", "o3-mini high, pass@1 with tools", "Accuracy",
                        "high-resolution images (o4-mini)", "Extended thinking-high"):
        assert words.effort_setting(description) is None, description
    assert identity.normalized_variants(pl.Series(["high"])).to_list() == ["high"]


def test_a_method_naming_the_text_questions_only_is_the_text_only_subset():
    """HLE's text-only subset, however llm-stats' methods and Kimi K2's card word it; a description that
    merely mentions text names no subset."""
    for method in ("Pass@1, Thinking mode, text-only subset", "Accuracy (Text Only)", "Text Only", "text subset",
                   "text-based questions only"):
        assert words.method_setting(method, "hle") == "text-only", method
    assert words.method_setting("Accuracy (with tools), text only", "hle") == "with tools; text-only"
    for method in ("Text Instruction Following Score", "Image-text QA across various domains", "Text MT-Bench Score", "Accuracy"):
        assert words.method_setting(method, "hle") is None, method
    assert identity.normalized_variants(pl.Series(["text-only", "thinking; text-only"])).to_list() == ["text-only", "thinking; text-only"]


def test_a_thinking_budget_and_thinking_switched_off():
    """"64k thinking budget" is `thinking-64k`; "thinking off" and "extended thinking off" switch it off."""
    assert words.thinking_budget_setting("no tools; 64k thinking budget, average of 5 trials") == "thinking-64k"
    assert words.thinking_budget_setting("Terminus 2, XML parser, 32K thinking budget") == "thinking-32k"
    assert words.thinking_budget_setting("thinking budget of 16k") == "thinking-16k"
    for method in ("1M token budget", "100-step budget", "40K extended thinking", None):
        assert words.thinking_budget_setting(method) is None, method
    for method in ("thinking off, max effort", "averaged over 5 trials, extended thinking off", "Thinking disabled"):
        assert words.thinking_setting(method) == "non-thinking", method
    assert identity.normalized_variants(pl.Series(["thinking-64k", "max; non-thinking"])).to_list() == ["thinking-64k", "max; non-thinking"]


def test_a_tool_named_is_tools():
    """Anthropic's CharXiv Reasoning for Claude Opus 4.5 "with image-cropping tool" (68.7, beside 65.7 "no tools"):
    a tool the model used, named, is `with tools` as "with tools" is; "with no tools" is none."""
    for method in ("with image-cropping tool", "with a code execution tool", "Accuracy, with the search tools"):
        assert words.method_setting(method, "charxiv-r") == "with tools", method
    for method in ("with no tools", "with thinking", "with image inputs", "Tool-free"):
        assert words.method_setting(method, "charxiv-r") in (None, "no tools"), method


def test_the_benchmarks_own_protocol_is_never_a_setting():
    """Tools on a benchmark run with tools by definition, and aider's two attempts, are the default."""
    assert words.method_setting("Agentic Tool Use", "swe-bench-verified") is None
    assert words.method_setting("accuracy (with python + browsing)", "browsecomp") is None
    assert words.method_setting("Pass@2", "aider") is None
    assert words.method_setting("Agentic Tool Use", "simpleqa") == "with tools"
    assert words.method_setting("Pass@2", "humaneval") == "pass@2"


@functools.cache
def _sql() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(off_protocol_macro())
    con.execute(thinking_off_macro())
    return con


def _off(variants: list[str | None]) -> list[bool]:
    """`off_protocol` of each setting, checked to agree with the warehouse's SQL macro of it (`scores_as_of`)."""
    python = pl.DataFrame({"v": variants}, schema={"v": pl.String}).select(words.off_protocol(pl.col("v")))["v"].to_list()
    sql = [r[0] for r in _sql().execute("SELECT off_protocol(v) FROM unnest(?::VARCHAR[]) WITH ORDINALITY AS t(v, i) ORDER BY i",
                                        [variants]).fetchall()]
    assert sql == python, list(zip(variants, python, sql))
    return python


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=12)), max_size=6),
       st.sampled_from(["simpleqa", "hle", "aider", "swe-bench-verified", "aime-2024"]),
       st.sampled_from([None, "thinking", "non-thinking", "high", "openhands + codeact v2.1"]))
def test_a_setting_departs_from_the_protocol_exactly_when_its_words_name_tools_or_attempts(parts, benchmark, mode):
    """Whatever words a setting came from, and whatever mode or agent is named beside it, the dedupe's
    `off_protocol` holds exactly when the words named tools (not "no tools") or more than one attempt."""
    method = " ".join(parts)
    said = words.method_setting(method, benchmark)
    setting = "; ".join(p for p in (mode, said) if p) or None
    departs = (words.tools_setting(method, benchmark) == "with tools" or words.attempts_setting(method, benchmark) is not None
               or words.subset_setting(method) is not None)
    assert _off([setting]) == [departs], setting


def test_names_that_only_look_like_a_departure_are_under_the_protocol():
    """pass@1 (DeepSeek's card), an agent whose name holds "tools" (SWE-bench's "Tools + Claude 4 Sonnet"),
    "no tools" and the default are the protocol; tools, attempts or a subset of the questions as a part of a
    setting are not."""
    assert _off([None, "pass@1", "pass@1-cot", "no tools", "accuracy (no tools)", "tools + claude 4 sonnet (2025-05-22)",
                 "moatless tools + claude 3.5 sonnet", "thinking-32k", "maj@1"]) == [False] * 9
    assert _off(["with tools", "thinking; with tools", "cons@64", "maj@32", "pass@5", "pass@10",
                 "agentless lite + o3 mini (20250214); multiple attempts", "text-only", "non-thinking; text-only"]) == [True] * 9


def test_thinking_off_is_the_part_non_thinking_in_python_and_in_the_warehouse():
    """The dedupe's `thinking_off` and the warehouse's macro of it (`scores_as_of`) agree: the part
    `non-thinking` of a setting, not a word inside another part, nor the default."""
    variants = [None, "non-thinking", "non-thinking; text-only", "thinking; non-thinking", "thinking", "non-thinking-x",
                "swe-agent + non-thinking model", "high"]
    python = pl.DataFrame({"v": variants}, schema={"v": pl.String}).select(words.thinking_off(pl.col("v")))["v"].to_list()
    sql = [r[0] for r in _sql().execute("SELECT thinking_off(v) FROM unnest(?::VARCHAR[]) WITH ORDINALITY AS t(v, i) ORDER BY i",
                                        [variants]).fetchall()]
    assert python == sql == [False, True, True, True, False, False, False, False]


def _window(benchmark: str, text: str | None) -> str | None:
    return pl.select(words.problem_window(pl.lit(benchmark), pl.lit(text, pl.String))).item()


@pytest.mark.parametrize(("text", "window"), [
    # the sources' own spellings (llm-stats' analysis methods and benchmark names, Kimi K2's card)
    ("Pass@1, 2408-2505, Thinking mode", "2024-08/2025-05"),
    ("v6 (Aug 24-May 25) Pass@1", "2024-08/2025-05"),
    ("Aug 24 - May 25", "2024-08/2025-05"),
    ("8/1/24–2/1/25", "2024-08/2025-01"),  # the 1st of February ends it: DeepSeek-R1's 2408-2501
    ("2407-2501", "2024-07/2025-01"),
    ("1/1/2025-5/1/2025", "2025-01/2025-04"),
    ("Code Generation subset covering more recent examples: 06/01/2024 - 10/05/2024", "2024-06/2024-10"),
    ("LiveCodeBench 2305-2409 benchmark evaluation", "2023-05/2024-09"),
    ("25.02-25.05", "2025-02/2025-05"),
    ("LiveCodeBench v5 24.12-25.2", "2024-12/2025-02"),
    ("2024-08 to 2025-05", "2024-08/2025-05"),
    # vendor pages' settings: DeepSeek's, Meta's, MiniMax's, NVIDIA's
    ("thinking, Pass@1-COT, 2024.08-2025.04", "2024-08/2025-04"),
    ("10/01/2024-02/01/2025, 0-shot, pass@1", "2024-10/2025-01"),
    ("MiniMax-M1-80K, 80K extended thinking, LiveCodeBench (24/8~25/5)", "2024-08/2025-05"),
    ("v5 2024-07↔2024-12", "2024-07/2024-12"),
    ("24.10-25.02, pass@1 (avg. over 4 runs), Reasoning On", "2024-10/2025-02"),
    # no window: none named, no year ("01-09"), backwards, before LiveCodeBench's first problems
    ("Pass@1", None), ("LiveCodeBench(01-09)", None), ("2505-2408", None), ("2201-2212", None), (None, None),
    ("accuracy, 2025", None), ("v6", None), ("run 12408-25051", None), ("2408-25051", None),
    ("05-09-2024", None), ("Jan - May", None),  # a day (Microsoft's Phi-4-mini), months without a year (xAI's)
    ("1/24/8~25/5", None), ("24/8~25/5/1", None),  # no year and month on each side
    # no such day or month: none, never an error
    ("1/1/25-2/30/25", None), ("13/1/24-2/5/25", None), ("1/1/2025-99/99/2025", None), ("0/0/24 - 0/0/25", None),
])
def test_a_window_of_problems_in_any_spelling_is_one_interval(text, window):
    assert _window("livecodebench", text) == window
    assert _window("livecodebench-v6", text) == window


def test_the_cached_window_of_each_text_is_the_expressions():
    """`window_of` (vendor pages: one `problem_window` evaluation per distinct text, cached across snapshots) gives
    what `problem_window` gives, for windowed benchmarks and others alike."""
    texts = ["2408-2505, Pass@1", "10/01/2024-02/01/2025, 0-shot, pass@1", "24/8~25/5", "Pass@1", None, "1/1/25-2/30/25"]
    frame = pl.DataFrame({"b": ["livecodebench", "livecodebench-v6", "livecodebench", "livecodebench", "livecodebench", "livecodebench-pro"],
                          "w": texts})
    expected = frame.select(words.problem_window(pl.col("b"), pl.col("w"))).to_series().to_list()
    cached = frame.select(words.window_of(pl.col("b"), pl.col("w"), frame["w"])).to_series().to_list()
    assert cached == expected == ["2024-08/2025-05", "2024-10/2025-01", "2024-08/2025-05", None, None, None]
    none = frame.with_columns(v=words.window_of(pl.col("b"), pl.col("w"), pl.Series([], dtype=pl.String)))["v"]
    assert none.to_list() == [None] * 6 and none.dtype == pl.String


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["2408-2505, Pass@1", "24/8~25/5", "Pass@1", "1/1/25-2/30/25", "v5 2024-07↔2024-12",
                                          "Jan 25 - May 25", "2201-2212"]), max_size=5), min_size=1, max_size=6),
       st.integers(1, 8))
def test_texts_windowed_together_or_across_calls_are_each_texts_window(calls, kept):
    """`text_windows` evaluates the texts it has not seen in one query, keeps at most WINDOWS_KEPT of them (emptied
    past it, never a text asked for lost): each text's window is `problem_window`'s of that text alone, whatever
    it was asked beside and after."""
    saved, words.WINDOWS_KEPT = words.WINDOWS_KEPT, kept
    words._WINDOWS.clear()
    try:
        for texts in calls:
            got = words.text_windows(texts)
            assert got == {t: _window("livecodebench", t) for t in texts}
            assert len(words._WINDOWS) <= max(kept, len(set(texts)))
    finally:
        words.WINDOWS_KEPT = saved
        words._WINDOWS.clear()


def test_a_benchmark_without_windows_has_none():
    """LiveCodeBench Pro, and any other benchmark, take no window from a date range in a method."""
    for benchmark in ("livecodebench-pro", "codeforces", "aime-2025"):
        assert _window(benchmark, "1/1/2025-5/1/2025") is None


MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@settings(max_examples=300, deadline=None)
@given(st.integers(2023 * 12 + 4, 2029 * 12 + 10), st.integers(0, 40), st.sampled_from(["-", " - ", "–", " to "]),
       st.text(max_size=10), st.text(max_size=10))
def test_every_spelling_of_one_window_is_the_same_window(start, length, dash, before, after):
    """YYMM-YYMM, YY.MM-YY.MM, "Mon YY - Mon YY", YYYY-MM and M/D/YY ending on the next month's 1st all name one
    window, whatever words stand around them."""
    end = min(start + length, 2029 * 12 + 10)  # two-digit years of the 2020s
    (y0, m0), (y1, m1) = divmod(start, 12), divmod(end, 12)
    m0, m1 = m0 + 1, m1 + 1
    ny, nm = divmod(end + 1, 12)
    expected = f"{y0}-{m0:02d}/{y1}-{m1:02d}"
    spellings = [f"{y0 % 100}{m0:02d}{dash}{y1 % 100}{m1:02d}", f"{y0 % 100}.{m0:02d}{dash}{y1 % 100}.{m1}",
                 f"{MONTH_NAMES[m0 - 1]} {y0 % 100}{dash}{MONTH_NAMES[m1 - 1]} {y1 % 100}", f"{y0}-{m0:02d}{dash}{y1}-{m1:02d}",
                 f"{m0}/1/{y0 % 100}{dash}{nm + 1}/1/{ny % 100}"]
    for spelled in spellings:
        found = _window("livecodebench", f"{before} {spelled} {after}")
        assert found == expected, (spelled, found)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789/-–.: abcdefghijklmnopqrstuvwxyzADFJMNOS'", max_size=40))
def test_any_words_give_a_real_window_or_none(text):
    """Whatever a hostile upstream writes (digits, slashes and month names in any order), the window is two real
    months in order, within LiveCodeBench's lifetime, or none; never an error."""
    window = _window("livecodebench", text)
    if window is not None:
        start, end = window.split("/")
        assert re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", start) and re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", end), window
        assert "2023-05" <= start <= end, window


@pytest.mark.parametrize(("method", "benchmark", "setting"), [
    ("whole", "aider-polyglot", "whole"),  # llm-stats' Gemini 2.5 Flash, 61.9
    ("accuracy (whole)", "aider-polyglot", "whole"),  # OpenAI's o3 launch figure, 81.3
    ("accuracy (whole, o4-mini-high)", "aider-polyglot", "high; whole"),
    ("Diff-Fenced", "aider-polyglot-edit", None),  # a diff format: aider's usual one
    ("Diff-fenced", "aider-polyglot", None),
    ("whole", "aider-edit", "whole"),
    ("whole", "mmlu", None),  # only aider's benchmarks have an edit format
    ("wholesale accuracy", "aider-polyglot", None),
    ("Standard benchmark", "aider-polyglot", None),
])
def test_a_method_naming_the_whole_file_format_is_that_setting_on_aiders_benchmarks(method, benchmark, setting):
    assert words.method_setting(method, benchmark) == setting
