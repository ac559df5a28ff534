"""A run's setting from the words a source describes it with (llm-stats' `analysis_method`, a vendor page's
`setting`): the reasoning effort, whether the model had tools, how many attempts count, and which mode it
ran in. Each function returns the registry's spelling of the setting (`high`, `with tools`, `cons@64`,
`non-thinking`) or None when the words say nothing of it or the benchmark is run so by definition."""

from __future__ import annotations

import functools
import re

import polars as pl

from registry_pipeline import catalog

# an analysis method saying the model answered with tools (a search agent, a Python sandbox, a browser), or
# without any: DeepSeek's SimpleQA "Search agent evaluation" (92.3) beside closed-book runs of 25-62; a method
# that is the tool's name alone (Claude Haiku 4.5's AIME 2025 "python", 96.3, beside "no tools", 80.7), never a
# description naming a language ("Code generation in Python"); or a tool named ("with image-cropping tool":
# Claude Opus 4.5's CharXiv Reasoning 68.7, beside 65.7 without it)
NO_TOOLS = re.compile(r"\b(no|without|w/o) (tools?|tool use)\b", re.I)
TOOLS_USED = re.compile(
    r"search agent|\btool use\b|\bwith (tools?|python|search|browsing)\b|\bwith (?:an? |the )?[\w-]+(?: [\w-]+)? tools?\b|python \+ brows|"
    r"browser tools?|^\s*python( tools?)?\s*$", re.I)
# benchmarks run with tools by their own definition (an agent's harness, an environment, FrontierMath's Python
# sandbox): tool use there is the default setting, not one to name
TOOLS_BY_DEFINITION = re.compile(
    r"^(swe-|multi-swe|terminal-bench|tau2?-bench|browsecomp|osworld|webarena|visualwebbench|mm-mind2web|bfcl|mcp-|"
    r"toolathlon|frontiermath|widesearch|zerobench-tools|cybench|vending-bench|gdpval|livebench-agentic)"
)
# an analysis method saying the score counts more than one attempt: a vote over k samples (DeepSeek's R1
# distills' AIME 2024 "Cons@64"), any of k attempts passing (pass@k, k > 1), or a method that opens with
# several attempts (Gemini 2.5 Pro's SWE-bench "Multiple attempts" 67.2; its single attempt was 59.6).
# Not a method that cites a methodology's footnote in passing: llm-stats describes Claude Opus 4's SWE-bench
# 72.5 as "Parallel test-time compute (multiple attempts, ...)", but 72.5 is Anthropic's single-attempt
# figure (79.4 with parallel compute), and so are the other Claude rows described so
VOTES = re.compile(r"\b(cons|maj(?:ority)?)\s*@\s*(\d+)", re.I)
PASS_AT = re.compile(r"\bpass\s*@\s*(\d+)", re.I)
ATTEMPTS = re.compile(r"^(with )?multiple (parallel )?attempts\b", re.I)
# benchmarks scored over several attempts by their own definition: aider's second try after the tests'
# output, OpenAI's CTFs at pass@12, SWE-bench Verified (Multiple Attempts)
ATTEMPTS_BY_DEFINITION = re.compile(r"^(aider|cybersecurity-ctfs)$|-multiple-attempts$")


# a setting that changes the benchmark's protocol rather than the model's configuration: tools on a benchmark
# answered without them, more than one attempt on one scored on a single attempt, or a subset of its questions
# (HLE's text-only questions; each a part of a setting as this module and SWE-bench's parser spell them, parts
# joined by "; "). Such a score is not comparable with the benchmark's other scores: the dedupe publishes it
# only where no run under the protocol exists (GPT-4.1's HLE is OpenAI's 5.4 on the full set, not the 3.7 on
# its text questions in Kimi K2's card), and the leaderboards' fit and ranks leave it out
_DEPARTURES = r"with tools|multiple attempts|(cons|maj|pass)@([2-9]|[1-9]\d+)|text-only"
OFF_PROTOCOL = rf"(^|; )({_DEPARTURES})(;|$)"
# one part of a setting that departs from the protocol
DEPARTURE = rf"^({_DEPARTURES})$"


def off_protocol(variant: pl.Expr) -> pl.Expr:
    """True where a setting (`variant`) departs from its benchmark's protocol (`OFF_PROTOCOL`), False
    otherwise (the default, null, included)."""
    return variant.str.contains(OFF_PROTOCOL).fill_null(False)


def protocol_departures(variant: pl.Expr) -> pl.Expr:
    """How many of a setting's parts depart from its benchmark's protocol (`OFF_PROTOCOL`'s parts): 0 for a run
    under it (the default, null, included), 2 for HLE's text-only questions answered with tools. Where no run
    under the protocol exists the dedupe publishes the one that departs least: GLM-5's HLE is its 30.5 on the
    text-only questions without tools, not its 50.4 on them with tools."""
    return variant.str.split("; ").list.eval(pl.element().str.contains(DEPARTURE).cast(pl.Int64)).list.sum().fill_null(0)


# a setting with the model's thinking switched off (a part `non-thinking`): across sources at one verification
# level the dedupe publishes a run in another setting first, so a model that thinks is shown at its best
# configuration across sources as within one (Claude Opus 4's AIME 2025 is Anthropic's 75.5 with extended
# thinking, not the 33.9 without it in Kimi K2's later card; Qwen3-235B-A22B's is Qwen's 81.5, not 24.7)
THINKING_OFF = r"(^|; )non-thinking(;|$)"


def thinking_off(variant: pl.Expr) -> pl.Expr:
    """True where a setting (`variant`) switches the model's thinking off (`THINKING_OFF`), else False."""
    return variant.str.contains(THINKING_OFF).fill_null(False)


@functools.cache
def _tools_by_definition() -> frozenset[str]:
    b = catalog.benchmarks()
    tools = set(b.filter((pl.col("category") == "Agentic") | pl.col("id").str.contains(TOOLS_BY_DEFINITION.pattern))["id"])
    former = catalog.benchmark_former_ids()
    return frozenset(tools | set(former.filter(pl.col("benchmark_id").is_in(list(tools)))["former_id"]))  # a file may use a former id


def tools_setting(method: str | None, benchmark_id: str) -> str | None:
    """The setting an analysis method states about tools: "no tools", "with tools", or None (it says
    neither, or `benchmark_id` is run with tools by definition, `TOOLS_BY_DEFINITION`)."""
    if not method or benchmark_id in _tools_by_definition():
        return None
    if NO_TOOLS.search(method):
        return "no tools"
    return "with tools" if TOOLS_USED.search(method) else None


def attempts_setting(method: str | None, benchmark_id: str) -> str | None:
    """The setting an analysis method states about attempts: `cons@64` or `maj@32` (a vote over k samples),
    `pass@5` (k > 1), "multiple attempts", or None (one attempt, an average of single attempts such as
    "Avg@64" or "maj@1", or a benchmark scored over several by definition, `ATTEMPTS_BY_DEFINITION`)."""
    if not method or ATTEMPTS_BY_DEFINITION.search(benchmark_id):
        return None
    if (vote := VOTES.search(method)) and int(vote[2]) > 1:
        return f"{'cons' if vote[1].lower() == 'cons' else 'maj'}@{int(vote[2])}"
    if (passed := PASS_AT.search(method)) and int(passed[1]) > 1:
        return f"pass@{int(passed[1])}"
    return "multiple attempts" if ATTEMPTS.search(method) else None


# words naming the model's mode: llm-stats' DeepSeek-V3.1 "Pass@1, Non-Thinking mode" (its AIME 2024 66.3; in
# thinking mode it scores 93.1), Claude's "Extended thinking (up to 64K tokens)" and "No extended thinking";
# a vendor page's "Score, Reasoning On" / "Reasoning Off" (NVIDIA's Nemotron) and Grok 3's "Think", each a
# part of a comma-separated setting ("multimodal reasoning" in a description names no mode)
NON_THINKING = re.compile(r"\b(non-?thinking|non-?reasoning|(no|without|w/o) (extended )?thinking|reasoning off|"
                          r"(extended )?thinking (off|disabled))\b", re.I)
THINKING = re.compile(r"\b(thinking|reasoning mode|reasoning on)\b|(^|,)\s*(think|reasoning)\s*(,|$)", re.I)


@functools.lru_cache(maxsize=1 << 16)  # called per row; a source repeats a few hundred methods across its rows
def thinking_setting(method: str | None) -> str | None:
    """The mode a method or setting names: "non-thinking", "thinking", or None."""
    if not method:
        return None
    if NON_THINKING.search(method):
        return "non-thinking"
    return "thinking" if THINKING.search(method) else None


# a thinking budget a page states: Anthropic's "64k thinking budget" (Claude Opus 4.5's Terminal-Bench 2.0 57.8,
# 59.3 with "128k thinking budget"), the registry's `thinking-64k` (as ARC Prize's "Thinking 16K" is `thinking-16k`)
THINKING_BUDGET = re.compile(r"\b(\d+)\s*k\s+thinking budget\b|\bthinking budget (?:of )?(\d+)\s*k\b", re.I)


def thinking_budget_setting(method: str | None) -> str | None:
    """The thinking budget a method states, as `thinking-64k`, or None."""
    found = THINKING_BUDGET.search(method or "")
    return f"thinking-{int(found[1] or found[2])}k" if found else None


# a method that is a reasoning effort alone, after the model's name or not: OpenAI's o3-mini announcement
# figures as llm-stats files them ("o3-mini high": MATH 97.9, MMLU 86.9), the registry's "high" (aider's and
# ARC Prize's spelling of the effort)
EFFORT = re.compile(r"^\s*(?:[a-z][\w.-]*\s+)?(low|medium|high)(?:\s+(?:reasoning\s+)?effort)?\s*$", re.I)
# or a model's name joined to its effort, as a part of the method: OpenAI's o3 and o4-mini announcement
# figures for "o4-mini-high" as llm-stats files them ("accuracy (o4-mini-high)": TAU-bench 49.2 and 71.8;
# "accuracy (whole, o4-mini-high)": aider's Polyglot 68.9)
MODEL_EFFORT = re.compile(r"(?:^|[(,])\s*[a-z][\w.]*(?:-[\w.]+)*?-(low|medium|high)\s*(?=[),]|$)", re.I)


def effort_setting(method: str | None) -> str | None:
    """The reasoning effort a method is, or names after a model's name ("low", "medium", "high"), or None."""
    effort = EFFORT.match(method or "") or MODEL_EFFORT.search(method or "")
    return effort[1].lower() if effort else None


# a method saying the run answered the benchmark's text questions only: Humanity's Last Exam's text-only subset,
# on which HLE's own leaderboard ranks the models that cannot read images, marked (llm-stats' DeepSeek-R1-0528
# "Pass@1, Thinking mode, text-only subset" 17.7, GLM-4.5's "text-based questions only" 14.4, Kimi K2's
# "Text Only" 4.7) beside the full set's scores (GPT-5's 24.8). Not a description that merely mentions text
# ("Text Instruction Following Score", "Image-text QA").
TEXT_ONLY = re.compile(r"\btext[- ]only\b|\btext(?:-based)? (?:subset|questions only)\b", re.I)


def subset_setting(method: str | None) -> str | None:
    """The subset a method names: "text-only" where it says the run answered the benchmark's text
    questions only, else None."""
    return "text-only" if method and TEXT_ONLY.search(method) else None


# aider's benchmarks are run in an edit format: the model returns its edits as diffs (`diff`, `diff-fenced`,
# `udiff`) or every file whole (`whole`). Aider's leaderboard runs each model in the format aider uses for it,
# diffs for every frontier model, so a figure in the whole format is a setting of its own, and it differs: OpenAI's
# GPT-4.1 post gives GPT-4o (2024-11-20) 30.7 whole beside 18.2 diff (aider's own run: 18.2 diff), and llm-stats
# files Gemini 2.5 Flash's "whole" 61.9 beside its "Diff-Fenced" 56.7. A method naming a diff format states
# aider's usual one: no setting.
AIDER_BENCHMARK = re.compile(r"^aider($|-)")
WHOLE_FORMAT = re.compile(r"\bwhole\b", re.I)


def edit_format_setting(method: str | None, benchmark_id: str) -> str | None:
    """"whole" where a method says an aider benchmark was run in the whole-file edit format, else None."""
    return "whole" if method and AIDER_BENCHMARK.match(benchmark_id) and WHOLE_FORMAT.search(method) else None


@functools.lru_cache(maxsize=1 << 16)
def method_setting(method: str | None, benchmark_id: str) -> str | None:
    """What an analysis method says of the setting (`effort_setting`, `tools_setting`, `attempts_setting`,
    `subset_setting`, then `edit_format_setting`), as one setting ("with tools; cons@64"), or None when it says
    none of them."""
    parts = [p for p in (effort_setting(method), tools_setting(method, benchmark_id), attempts_setting(method, benchmark_id),
                         subset_setting(method), edit_format_setting(method, benchmark_id)) if p]
    return "; ".join(parts) or None


# LiveCodeBench keeps adding contest problems: a run is scored on the problems of a window of months, and a
# later window is harder (and new to a model trained before it), so scores of two windows do not compare.
# Sources name the window in their own spellings: llm-stats' "2408-2505", "25.02-25.05", "8/1/24–2/1/25",
# "1/1/2025-5/1/2025", Kimi K2's card "Aug 24 - May 25", vendor pages' "2024.08-2025.04", "24/8~25/5",
# "2024-07↔2024-12". `problem_window` gives it as an ISO 8601 interval of
# months, the end month included ("2024-08/2025-05"); a date range whose end is the 1st of a month ends with
# the month before (Microsoft's "8/1/24–2/1/25" is DeepSeek's "2408-2501"). The benchmarks whose scores depend
# on a window: LiveCodeBench and its releases (`livecodebench-v6`), not LiveCodeBench Pro (another benchmark).
WINDOWED_BENCHMARKS = r"^livecodebench($|-(v\d|base$|\d))"
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_DASH = r"\s*(?:-|–|—|~|↔|to)\s*"
_WINDOW_YYMM = rf"(?:^|[^\d.])(2\d)(0[1-9]|1[0-2]){_DASH}(2\d)(0[1-9]|1[0-2])(?:$|[^\d.])"
_WINDOW_YY_MM = rf"(?:^|[^\d.])(2\d)\.(0?[1-9]|1[0-2]){_DASH}(2\d)\.(0?[1-9]|1[0-2])(?:$|[^\d.])"
_WINDOW_ISO = rf"(?:^|[^\d])(20\d\d)[-.](0[1-9]|1[0-2]){_DASH}(20\d\d)[-.](0[1-9]|1[0-2])(?:$|[^\d.])"
_WINDOW_DAYS = rf"(?:^|[^\d/])(\d{{1,2}})/(\d{{1,2}})/(20\d\d|\d\d){_DASH}(\d{{1,2}})/(\d{{1,2}})/(20\d\d|\d\d)(?:$|[^\d/])"
# MiniMax's "24/8~25/5": two-digit year and month, each side (no day: a third number is a date's, `_WINDOW_DAYS`)
_WINDOW_YY_SLASH_M = rf"(?:^|[^\d/])(2\d)/(0?[1-9]|1[0-2]){_DASH}(2\d)/(0?[1-9]|1[0-2])(?:$|[^\d/])"
_WINDOW_NAMED = rf"(?i)\b({_MONTHS})[a-z]*\.?\s*'?(20\d\d|\d\d){_DASH}({_MONTHS})[a-z]*\.?\s*'?(20\d\d|\d\d)\b"


def _year(y: pl.Expr) -> pl.Expr:
    y = y.cast(pl.Int32, strict=False)
    return pl.when(y < 100).then(y + 2000).otherwise(y)


def _month(y: pl.Expr, m: pl.Expr) -> pl.Expr:
    """"2024-08" of a year (two or four digits) and a month number, each text."""
    return pl.format("{}-{}", _year(y), m.cast(pl.Int32, strict=False).cast(pl.String).str.zfill(2))


def problem_window(benchmark_id: pl.Expr, words: pl.Expr) -> pl.Expr:
    """The window of problems (of a `WINDOWED_BENCHMARKS` benchmark) the words describing a run name, as
    "2024-08/2025-05"; null for another benchmark, words that name no window, or a window that ends before it
    starts or starts before the benchmark's first problems (2023-05)."""
    words = words.cast(pl.String)  # a column with no value at all is of no type

    def fields(pattern: str, n: int) -> list[pl.Expr]:
        found = words.str.extract_groups(pattern)
        return [found.struct.field(str(i)) for i in range(1, n + 1)]

    a, b, c, e = fields(_WINDOW_YYMM, 4), fields(_WINDOW_YY_MM, 4), fields(_WINDOW_ISO, 4), fields(_WINDOW_YY_SLASH_M, 4)
    d, n = fields(_WINDOW_DAYS, 6), fields(_WINDOW_NAMED, 4)
    month_no = {m: i + 1 for i, m in enumerate(_MONTHS.split("|"))}
    named = [f.str.to_lowercase().replace_strict(month_no, default=None, return_dtype=pl.Int32) for f in (n[0], n[2])]
    # a date range's end day is its first day not in the window when it is the 1st of a month
    # (parsed from text: a day that is no date, "2/30/25", is none, never an error)
    end_day = pl.format("{}-{}-{}", _year(d[5]), d[3].str.zfill(2), d[4].str.zfill(2)).str.to_date("%Y-%m-%d", strict=False)
    start, end = (
        pl.coalesce(_month(a[0], a[1]), _month(b[0], b[1]), _month(c[0], c[1]), _month(e[0], e[1]), _month(d[2], d[0]),
                    _month(n[1], named[0])),
        pl.coalesce(_month(a[2], a[3]), _month(b[2], b[3]), _month(c[2], c[3]), _month(e[2], e[3]),
                    pl.when(end_day.dt.day() == 1).then(end_day.dt.offset_by("-1d")).otherwise(end_day).dt.strftime("%Y-%m"),
                    _month(n[3], named[1])),
    )
    windowed = benchmark_id.str.contains(WINDOWED_BENCHMARKS).fill_null(False)
    real = pl.all_horizontal([pl.format("{}-01", m).str.to_date("%Y-%m-%d", strict=False).is_not_null() for m in (start, end)])
    return pl.when(windowed & real & (start <= end) & (start >= "2023-05")).then(pl.format("{}/{}", start, end))


# `problem_window` of each text seen so far, as a windowed benchmark's (a parser's few settings repeat across a
# file's snapshots); emptied when new texts would take it past WINDOWS_KEPT
_WINDOWS: dict[str, str | None] = {}
WINDOWS_KEPT = 1 << 12


def text_windows(texts: list[str]) -> dict[str, str | None]:
    """`problem_window` of each text as a windowed benchmark's, the texts not seen before in one evaluation: the
    expression's regular expressions cost ~7 ms an evaluation however few its rows (the vendor files' 134
    snapshots name 35 texts, 11 of the snapshots a new one)."""
    new = list(dict.fromkeys(t for t in texts if t not in _WINDOWS))
    if len(_WINDOWS) + len(new) > WINDOWS_KEPT:
        _WINDOWS.clear()
        new = list(dict.fromkeys(texts))
    if new:
        found = pl.select(problem_window(pl.lit("livecodebench"), pl.Series(new, dtype=pl.String))).to_series()
        _WINDOWS.update(zip(new, found.to_list()))
    return {t: _WINDOWS[t] for t in texts}


def window_of(benchmark_id: pl.Expr, words: pl.Expr, texts: pl.Series) -> pl.Expr:
    """`problem_window(benchmark_id, words)` through `text_windows`' cache, `texts` being the words of the rows of
    windowed benchmarks."""
    windows = text_windows(texts.drop_nulls().unique().to_list())
    if not windows:
        return pl.lit(None, pl.String)
    return pl.when(benchmark_id.str.contains(WINDOWED_BENCHMARKS).fill_null(False)).then(
        words.replace_strict(windows, default=None, return_dtype=pl.String))
