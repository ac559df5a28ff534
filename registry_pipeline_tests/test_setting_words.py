"""`sources/_settings.py`: a run's setting from a source's words, on any words a hostile upstream may send."""

from __future__ import annotations

import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from registry_pipeline.sources import _settings as words
from registry_pipeline.transform import identity

# the spellings the functions may return, one per part of a setting
PART = re.compile(r"^(with tools|no tools|multiple attempts|(cons|maj|pass)@([2-9]|[1-9]\d+))$")
PHRASES = ["pass@1", "Pass@64", "cons@ 8", "maj@1", "Maj@32 5-shot CoT", "Search agent", "w/o Tool Use", "no tools",
           "Multiple attempts", "with python + browsing", "Reasoning On", "Non-Thinking mode", "pass@0", "pass@007", ", ", "@"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=12)), max_size=6),
       st.sampled_from(["simpleqa", "hle", "aider", "swe-bench-verified", "aime-2024", "not-a-benchmark"]))
def test_any_words_give_known_parts_or_none(parts, benchmark):
    method = " ".join(parts)
    setting = words.method_setting(method, benchmark)
    assert setting is None or all(PART.match(p) for p in setting.split("; ")), setting
    assert words.thinking_setting(method) in (None, "thinking", "non-thinking")
    if setting is not None:  # a setting the parsers name is already in the registry's spelling
        assert identity.normalized_variants(pl.Series([setting])).to_list() == [setting]


def test_the_benchmarks_own_protocol_is_never_a_setting():
    """Tools on a benchmark run with tools by definition, and aider's two attempts, are the default."""
    assert words.method_setting("Agentic Tool Use", "swe-bench-verified") is None
    assert words.method_setting("accuracy (with python + browsing)", "browsecomp") is None
    assert words.method_setting("Pass@2", "aider") is None
    assert words.method_setting("Agentic Tool Use", "simpleqa") == "with tools"
    assert words.method_setting("Pass@2", "humaneval") == "pass@2"
