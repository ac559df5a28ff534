"""transform/errata.py: a source's known errors (catalog/source_errata.csv), corrected at build time
while the source still states them."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry_pipeline import catalog
from registry_pipeline.schemas.contracts import MODEL_RECORD_COLUMNS, SCORE_OBSERVATION_COLUMNS
from registry_pipeline.transform import errata

D = dt.date


def _errata(*rows: tuple) -> pl.DataFrame:
    return pl.DataFrame(
        [dict(zip(errata.ERRATA_COLUMNS, (*row, "evidence"))) for row in rows], schema=errata.ERRATA_COLUMNS
    )


def _records(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame([{c: r.get(c) for c in MODEL_RECORD_COLUMNS} for r in rows], schema=MODEL_RECORD_COLUMNS)


def _scores(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame([{c: r.get(c) for c in SCORE_OBSERVATION_COLUMNS} for r in rows], schema=SCORE_OBSERVATION_COLUMNS)


RECORDS = _records([
    # llm-stats dates DeepSeek V3.1 by 2025-01-10; its hosts' listings state no date; models.dev's says 2025-08-21
    {"source_id": "llm-stats", "raw_model_id": "deepseek-v3.1", "release_date": D(2025, 1, 10), "context_window": 163840,
     "raw_row": '{"model_id":"deepseek-v3.1","release_date":"2025-01-10"}'},
    {"source_id": "llm-stats", "raw_model_id": "novita/deepseek-v3.1", "release_date": None},
    {"source_id": "models-dev", "raw_model_id": "deepseek-v3.1", "release_date": D(2025, 1, 10)},
    {"source_id": "llm-stats", "raw_model_id": "deepseek-v2.5", "release_date": D(2024, 5, 8)},
])


def test_a_model_record_erratum_corrects_the_value_the_source_states_and_nothing_else():
    fixes = _errata(
        ("llm-stats", "model", "deepseek-v3.1", None, "release_date", "2025-01-10", None),
        ("llm-stats", "model", "deepseek-v2.5", None, "release_date", "2024-05-08", "2024-09-05"),
    )
    out, counts = errata.apply(RECORDS, fixes, "model")
    assert out.columns == RECORDS.columns and out.schema == RECORDS.schema
    assert out.select("source_id", "raw_model_id", "release_date").rows() == [
        ("llm-stats", "deepseek-v3.1", None),  # the source's wrong date: none, the other sources decide
        ("llm-stats", "novita/deepseek-v3.1", None),
        ("models-dev", "deepseek-v3.1", D(2025, 1, 10)),  # the same id in another source is that source's statement
        ("llm-stats", "deepseek-v2.5", D(2024, 9, 5)),
    ]
    # the rest of the row, the raw row included, stays as the source sent it
    assert out.drop("release_date").equals(RECORDS.drop("release_date"))
    assert counts.select("key", "rows_corrected").sort("key").rows() == [("deepseek-v2.5", 1), ("deepseek-v3.1", 1)]


def test_a_capability_erratum_corrects_the_flag_the_source_states():
    """models.dev's OpenAI `gpt-3.5-turbo` row says the model takes no tools; gpt-3.5-turbo-0125, which it
    serves, calls functions. A flag is written as text, "true" or "false"."""
    rows = _records([{"source_id": "models-dev", "raw_model_id": "openai/gpt-3.5-turbo", "supports_tools": False},
                     {"source_id": "models-dev", "raw_model_id": "kilo/openai/gpt-3.5-turbo", "supports_tools": False}])
    out, counts = errata.apply(rows, errata.checked(_errata(
        ("models-dev", "model", "openai/gpt-3.5-turbo", None, "supports_tools", "false", "true"))), "model")
    assert out["supports_tools"].to_list() == [True, False] and out.schema == rows.schema
    assert counts["rows_corrected"].to_list() == [1]


def test_a_price_erratum_removes_the_listings_figure_written_as_the_curator_writes_it():
    """llm-stats' Together row of Gemma 3n E4B says 2,000 cents per million input tokens for Together's 2: the
    erratum, written "20" for the row's 20.0, removes that figure (a price is never given by the registry) and
    leaves the row's other price and the other listings as they are."""
    rows = _records([
        {"source_id": "llm-stats", "raw_model_id": "together/gemma-3n-e4b-it", "price_input": 20.0, "price_output": 40.0},
        {"source_id": "llm-stats", "raw_model_id": "kilo/gemma-3n-e4b-it", "price_input": 20.0, "price_output": 0.04},
    ])
    fixes = errata.checked(_errata(("llm-stats", "model", "together/gemma-3n-e4b-it", None, "price_input", "20", None)))
    out, counts = errata.apply(rows, fixes, "model")
    assert out.select("price_input", "price_output").rows() == [(None, 40.0), (20.0, 0.04)] and out.schema == rows.schema
    assert counts["rows_corrected"].to_list() == [1]
    # a figure the listing no longer states is left alone
    assert errata.apply(rows.with_columns(price_input=pl.lit(0.02)), fixes, "model")[0]["price_input"].to_list() == [0.02, 0.02]


def test_a_list_erratum_is_written_as_its_items_in_any_order():
    """models.dev's xAI row says Grok 4 takes text only; xAI's API takes images too. A list is written as its
    items joined by commas, in any order: "text" matches the row's ["text"], and "text, image" gives ["image", "text"];
    a row that already says ["text", "image"] is another value, left alone."""
    rows = _records([{"source_id": "models-dev", "raw_model_id": "xai/grok-4", "input_modalities": ["text"]},
                     {"source_id": "models-dev", "raw_model_id": "xai/grok-4", "input_modalities": ["text", "image"]}])
    fixes = errata.checked(_errata(("models-dev", "model", "xai/grok-4", None, "input_modalities", "text", "text, image")))
    out, counts = errata.apply(rows, fixes, "model")
    assert out["input_modalities"].to_list() == [["image", "text"], ["text", "image"]] and out.schema == rows.schema
    assert counts["rows_corrected"].to_list() == [1]
    with pytest.raises(ValueError, match=r"corrected 'text,,image' is not a List"):
        errata.checked(_errata(("models-dev", "model", "xai/grok-4", None, "input_modalities", "text", "text,,image")))


def test_an_erratum_does_nothing_once_the_source_states_another_value():
    fixed_upstream = RECORDS.with_columns(
        release_date=pl.when(pl.col("raw_model_id") == "deepseek-v3.1").then(pl.lit(D(2025, 8, 21))).otherwise("release_date")
    )
    fixes = _errata(("llm-stats", "model", "deepseek-v3.1", None, "release_date", "2025-01-10", None))
    out, counts = errata.apply(fixed_upstream, fixes, "model")
    assert out.equals(fixed_upstream)
    table = errata.applied(fixes, [counts])
    assert table.select("key", "rows_corrected").rows() == [("deepseek-v3.1", 0)]
    assert table.columns == list(errata.APPLIED_COLUMNS)


SCORES = _scores([
    {"source_id": "llm-stats", "raw_model_key": "claude-opus-4-20250514", "raw_model_name": "claude-opus-4-20250514",
     "benchmark_id": "arc-agi-2", "raw_value": 8.6, "variant": None},
    {"source_id": "llm-stats", "raw_model_key": "claude-opus-4-20250514", "raw_model_name": "claude-opus-4-20250514",
     "benchmark_id": "swe-bench-verified", "raw_value": 72.5, "variant": None},
    {"source_id": "llm-stats", "raw_model_key": "claude-opus-4-20250514", "raw_model_name": "claude-opus-4-20250514",
     "benchmark_id": "arc-agi-2", "raw_value": 9.0, "variant": "thinking-32k"},
    {"source_id": "tau2-bench", "raw_model_key": "qwen3-max_qwen_2024_09_23", "raw_model_name": "Qwen3-Max",
     "benchmark_id": "tau2-bench-airline", "raw_value": 59.5, "as_of_date": D(2024, 9, 23)},
    {"source_id": "tau2-bench", "raw_model_key": "qwen3-max_qwen_2024_09_23", "raw_model_name": "Qwen3-Max",
     "benchmark_id": "tau2-bench-retail", "raw_value": 72.2, "as_of_date": D(2024, 9, 23)},
])


def test_a_score_erratum_corrects_its_benchmark_or_every_benchmark_of_the_row():
    fixes = _errata(
        # a setting the source leaves unsaid (wrong: none), on one benchmark of the row
        ("llm-stats", "score", "claude-opus-4-20250514", "arc-agi-2", "variant", None, "thinking-16k"),
        # a date on every benchmark of the row
        ("tau2-bench", "score", "qwen3-max_qwen_2024_09_23", None, "as_of_date", "2024-09-23", "2025-09-23"),
    )
    out, counts = errata.apply(SCORES, fixes, "score")
    assert out.select("benchmark_id", "variant", "as_of_date").rows() == [
        ("arc-agi-2", "thinking-16k", None),
        ("swe-bench-verified", None, None),  # another benchmark of the row
        ("arc-agi-2", "thinking-32k", None),  # a setting the source states is not the unsaid one
        ("tau2-bench-airline", None, D(2025, 9, 23)),
        ("tau2-bench-retail", None, D(2025, 9, 23)),
    ]
    assert out.drop("variant", "as_of_date").equals(SCORES.drop("variant", "as_of_date"))
    assert errata.applied(fixes, [counts]).select("source_id", "rows_corrected").rows() == [("llm-stats", 1), ("tau2-bench", 2)]


def test_a_score_erratum_names_the_page_a_figure_is_on():
    """llm-stats links GPT-4.1's launch figures to the GPT-5 developers post: the erratum names the GPT-4.1 post
    on the rows that link the other, and a row linking a third page keeps its link."""
    post5, post41 = "https://openai.com/index/introducing-gpt-5-for-developers/", "https://openai.com/index/gpt-4-1/"
    rows = _scores([
        {"source_id": "llm-stats", "raw_model_key": "gpt-4.1-2025-04-14", "benchmark_id": "mmlu", "source_url": post5},
        {"source_id": "llm-stats", "raw_model_key": "gpt-4.1-2025-04-14", "benchmark_id": "aime-2025", "source_url": post5},
        {"source_id": "llm-stats", "raw_model_key": "gpt-4.1-2025-04-14", "benchmark_id": "ifeval", "source_url": "https://example.org/x"},
    ])
    fixes = _errata(("llm-stats", "score", "gpt-4.1-2025-04-14", "mmlu|ifeval", "source_url", post5, post41))
    out, counts = errata.apply(rows, errata.checked(fixes), "score")
    assert out["source_url"].to_list() == [post41, post5, "https://example.org/x"]
    assert counts["rows_corrected"].sum() == 1


def test_a_score_erratum_says_whose_figure_it_is():
    """llm-stats files Claude 3.5 Sonnet's MMLU-Pro as self-reported though its link is TIGER-Lab's leaderboard: the
    erratum makes that row `community`; the row's other benchmarks, and a row the source already files otherwise,
    keep their levels."""
    rows = _scores([
        {"source_id": "llm-stats", "raw_model_key": "claude-3-5-sonnet-20240620", "benchmark_id": "mmlu-pro", "verification_level": "provider"},
        {"source_id": "llm-stats", "raw_model_key": "claude-3-5-sonnet-20240620", "benchmark_id": "gpqa", "verification_level": "provider"},
        {"source_id": "llm-stats", "raw_model_key": "gpt-4o-2024-08-06", "benchmark_id": "mmlu-pro", "verification_level": "third_party"},
    ])
    fixes = errata.checked(_errata(
        ("llm-stats", "score", "claude-3-5-sonnet-20240620", "mmlu-pro", "verification_level", "provider", "community"),
        ("llm-stats", "score", "gpt-4o-2024-08-06", "mmlu-pro", "verification_level", "provider", "community"),
    ))
    out, counts = errata.apply(rows, fixes, "score")
    assert out["verification_level"].to_list() == ["community", "provider", "third_party"]
    assert errata.applied(fixes, [counts])["rows_corrected"].to_list() == [1, 0]


def test_counts_of_several_parts_add_up():
    fixes = _errata(("tau2-bench", "score", "qwen3-max_qwen_2024_09_23", None, "as_of_date", "2024-09-23", "2025-09-23"))
    counts = [errata.apply(SCORES.slice(i, 1), fixes, "score")[1] for i in range(SCORES.height)]
    assert errata.applied(fixes, counts)["rows_corrected"].to_list() == [2]


@pytest.mark.parametrize(("row", "message"), [
    (("s", "score", "k", None, "raw_model_key", "a", "b"), "field 'raw_model_key' cannot be corrected on a score"),
    (("s", "model", "k", None, "raw_row", "a", "b"), "field 'raw_row' cannot be corrected on a model"),
    (("s", "listing", "k", None, "release_date", "2025-01-10", None), "record 'listing' is not one of"),
    (("s", "model", "k", "arc-agi-2", "release_date", "2025-01-10", None), "a model record has no benchmark"),
    (("s", "model", "k", None, "release_date", "2025-01-10", "2025-13-01"), "corrected '2025-13-01' is not a Date"),
    (("s", "model", "k", None, "context_window", "128k", "131072"), "wrong '128k' is not a Int64"),
    (("s", "model", "k", None, "supports_tools", "false", "yes"), "corrected 'yes' is not a Boolean"),
    (("s", "model", "k", None, "family", "qwen", "qwen"), "corrected is the wrong value 'qwen'"),
    (("s", "model", None, None, "family", "qwen", None), "key is empty"),
    (("s", "score", "k", None, "as_of_date", "2024-03-17", None), "a score row cannot be without as_of_date"),
    # a score's value is never given by the registry, only removed, and only the one the source states
    (("s", "score", "k", "gpqa-diamond", "raw_value", "0.4422", "0.4613"), "raw_value can only be removed"),
    (("s", "score", "k", "gpqa-diamond", "raw_value", None, None), "raw_value can only be removed"),
    # nor is a listing's price
    (("s", "model", "k", None, "price_output", "7.9", "0.79"), "price_output can only be removed"),
    (("s", "model", "k", None, "price_input", "$20", None), "wrong '$20' is not a Float64"),
    # a verification level is one of the four, and a score has one
    (("s", "score", "k", "mmlu-pro", "verification_level", "provider", "leaderboard"), "corrected 'leaderboard' is not one of"),
    (("s", "score", "k", "mmlu-pro", "verification_level", "self-reported", "community"), "wrong 'self-reported' is not one of"),
    (("s", "score", "k", "mmlu-pro", "verification_level", "provider", None), "a score row cannot be without verification_level"),
])
def test_a_malformed_erratum_is_an_error_naming_its_line(row, message):
    with pytest.raises(ValueError, match="source_errata.csv line 2 ") as err:
        errata.checked(_errata(row))
    assert message in str(err.value)


def test_an_erratum_naming_several_benchmarks_is_one_for_each():
    """llm-stats files fifteen figures of Qwen3-235B-A22B-Base's table under the post-trained model, beside that
    model's own figures: one row names the fifteen benchmarks, separated by `|`, and corrects each of them."""
    several = errata.checked(_errata(("llm-stats", "score", "claude-opus-4-20250514", "arc-agi-2 | swe-bench-verified", "variant", None, "high")))
    assert several.select("benchmark_id", "corrected").rows() == [("arc-agi-2", "high"), ("swe-bench-verified", "high")]
    out, counts = errata.apply(SCORES, several, "score")
    assert out.select("benchmark_id", "variant").rows()[:3] == [("arc-agi-2", "high"), ("swe-bench-verified", "high"), ("arc-agi-2", "thinking-32k")]
    assert errata.applied(several, [counts])["rows_corrected"].to_list() == [1, 1]
    with pytest.raises(ValueError, match=r"source_errata.csv line 2 .*names an empty benchmark"):
        errata.checked(_errata(("s", "score", "k", "arc-agi-2||mmlu", "variant", None, "high")))
    with pytest.raises(ValueError, match=r"\('s', 'k', 'variant'\) is corrected twice"):
        errata.checked(_errata(("s", "score", "k", "arc-agi-2|mmlu", "variant", None, "high"), ("s", "score", "k", "mmlu", "variant", None, "low")))


def test_one_value_corrected_twice_is_an_error():
    every = ("s", "score", "k", None, "variant", None, "high")
    one = ("s", "score", "k", "aider-polyglot", "variant", None, "low")
    errata.checked(_errata(one, ("s", "score", "k", "arc-agi-2", "variant", None, "high")))  # two benchmarks: fine
    for pair in [(every, one), (one, one)]:
        with pytest.raises(ValueError, match=r"\('s', 'k', 'variant'\) is corrected twice"):
            errata.checked(_errata(*pair))


def test_the_catalogue_errata_are_well_formed_and_each_has_evidence():
    table = catalog.source_errata()
    assert table.height and table["evidence"].str.len_chars().min() > 40


_keys = st.sampled_from(["k1", "k2", "k3"])
_benchmarks = st.sampled_from(["b1", "b2"])
_variants = st.sampled_from([None, "high", "low"])


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(st.sampled_from(["s1", "s2"]), _keys, _benchmarks, _variants), min_size=1, max_size=12),
    fixes=st.lists(st.tuples(_keys, st.one_of(st.none(), _benchmarks), _variants, _variants), max_size=4),
)
def test_errata_touch_only_the_rows_stating_the_wrong_value_and_applying_twice_changes_nothing(rows, fixes):
    frame = _scores([{"source_id": s, "raw_model_key": k, "raw_model_name": "m", "benchmark_id": b, "raw_value": float(i), "variant": v}
                     for i, (s, k, b, v) in enumerate(rows)])
    table = _errata(*[("s1", "score", k, b, "variant", wrong, right) for k, b, wrong, right in fixes])
    try:
        table = errata.checked(table)
    except ValueError:
        return  # a catalogue the loader refuses never reaches a build
    once, counts = errata.apply(frame, table, "score")
    named = {(k, b, wrong): right for k, b, wrong, right in fixes}
    for before, after in zip(frame.iter_rows(named=True), once.iter_rows(named=True)):
        hit = [right for (k, b, wrong), right in named.items()
               if before["source_id"] == "s1" and before["raw_model_key"] == k and b in (None, before["benchmark_id"]) and before["variant"] == wrong]
        assert after["variant"] == (hit[0] if hit else before["variant"])
        assert {c: v for c, v in after.items() if c != "variant"} == {c: v for c, v in before.items() if c != "variant"}
    changed = sum(a != b for a, b in zip(frame["variant"].to_list(), once["variant"].to_list()))
    assert (counts["rows_corrected"].sum() if counts.height else 0) == changed
    # one erratum per value of a row (`checked`), and never one whose correction is its wrong value: idempotent
    assert errata.apply(once, table, "score")[0].equals(once)


def test_a_value_filed_under_a_benchmark_it_does_not_measure_is_removed_and_quarantined():
    """llm-stats files Mistral Small 3.2's GPQA Main 44.22 and GPQA Diamond 46.13 under one "GPQA" (the registry's
    GPQA Diamond), told apart by nothing but their values. An erratum removes the value the source states (0.4422,
    pinned: if the rows' order changes the erratum changes nothing); the row is a reject naming the benchmark and
    the erratum, and the other value stays."""
    from registry_pipeline.transform import scoring

    rows = _scores([
        {"source_id": "llm-stats", "raw_model_key": f"mistral-small-3.2-24b-instruct-2506#{i}", "raw_model_name": "mistral-small-3.2-24b-instruct-2506",
         "benchmark_id": "gpqa-diamond", "raw_value": v, "raw_unit": "fraction", "as_of_date": D(2025, 6, 20), "raw_row": f'{{"score":{v}}}'}
        for i, v in ((1, 0.4422), (2, 0.4613))])
    fixes = _errata(("llm-stats", "score", "mistral-small-3.2-24b-instruct-2506#1", "gpqa-diamond", "raw_value", "0.4422", None))
    errata.checked(fixes)
    out, counts = errata.apply(rows, fixes, "score")
    assert out["raw_value"].to_list() == [None, 0.4613] and counts["rows_corrected"].to_list() == [1]
    kept, rejects = scoring.to_benchmark_unit(out, catalog.benchmarks())
    assert kept["score"].to_list() == [46.13]
    assert rejects.select("source_id", "raw_row").rows() == [("llm-stats", '{"score":0.4422}')]
    assert rejects["reason"][0] == ("mistral-small-3.2-24b-instruct-2506: the value filed under 'gpqa-diamond' is not a score of it "
                                    "(removed by a curated erratum: catalog/source_errata.csv)")
    # the rows numbered the other way round: the pinned value is not where the erratum points, nothing is removed
    swapped = rows.with_columns(raw_value=pl.Series([0.4613, 0.4422]))
    assert errata.apply(swapped, fixes, "score")[0]["raw_value"].to_list() == [0.4613, 0.4422]


def test_a_figure_filed_under_another_release_of_its_benchmark_is_refiled_and_its_other_errata_still_apply():
    """Qwen's Qwen2.5 announcement labels its LiveBench row "LiveBench 0831" (the release of 2024-08-31); llm-stats
    files it under LiveBench, the registry's global average over the current release. An erratum refiles it
    under the release it measures; another erratum of the same row names the benchmark the source states, and
    finds it whatever their order in the catalogue."""
    rows = _scores([
        {"source_id": "llm-stats", "raw_model_key": "qwen-2.5-72b-instruct", "raw_model_name": "qwen-2.5-72b-instruct",
         "benchmark_id": "livebench", "raw_value": 0.523, "raw_unit": "fraction", "as_of_date": D(2024, 9, 19)},
        {"source_id": "llm-stats", "raw_model_key": "qwen-2.5-72b-instruct", "raw_model_name": "qwen-2.5-72b-instruct",
         "benchmark_id": "mmlu-pro", "raw_value": 0.711, "raw_unit": "fraction", "as_of_date": D(2024, 9, 19)},
    ])
    refile = ("llm-stats", "score", "qwen-2.5-72b-instruct", "livebench", "benchmark_id", "livebench", "livebench-20240831")
    setting = ("llm-stats", "score", "qwen-2.5-72b-instruct", "livebench", "variant", None, "high")
    for order in ((refile, setting), (setting, refile)):
        out, counts = errata.apply(rows, errata.checked(_errata(*order)), "score")
        assert out.select("benchmark_id", "variant", "raw_value").rows() == [("livebench-20240831", "high", 0.523), ("mmlu-pro", None, 0.711)]
        assert sorted(counts.select("field", "rows_corrected").rows()) == [("benchmark_id", 1), ("variant", 1)]
    # upstream refiles the row itself: the erratum finds no row stating its benchmark and does nothing
    moved = rows.with_columns(benchmark_id=pl.Series(["livebench-20240831", "mmlu-pro"]))
    assert errata.apply(moved, errata.checked(_errata(refile)), "score")[0].equals(moved)
    # what a refile must say: the benchmark it moves the figure from is the one it names, and it moves it to one
    with pytest.raises(ValueError, match=r"line 2 .*wrong 'livebench-20241125' is not its benchmark_id 'livebench'"):
        errata.checked(_errata(refile[:5] + ("livebench-20241125", "livebench-20240831")))
    for named in (None, "livebench|mmlu-pro"):  # every benchmark of the row, or several: no one benchmark to move from
        with pytest.raises(ValueError, match=r"line 2 .*is refiled from the one benchmark the erratum names"):
            errata.checked(_errata(refile[:3] + (named, "benchmark_id", named, "livebench-20240831")))
    with pytest.raises(ValueError, match=r"line 2 .*a score row cannot be without benchmark_id"):
        errata.checked(_errata(refile[:6] + (None,)))

