"""Scores a source copied from another model's are rejects (transform/copied_scores.py)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from registry_pipeline.transform import copied_scores

SCHEMA = {"observation_id": pl.String, "source_id": pl.String, "model_id": pl.String, "benchmark_id": pl.String,
          "variant": pl.String, "score": pl.Float64, "source_url": pl.String, "as_of_date": pl.Date}


def _frame(rows):
    if len(rows[0]) == 6:  # no link and date: the card's
        rows = [(*r, "https://huggingface.co/ibm-granite", dt.date(2025, 4, 16)) for r in rows]
    return pl.DataFrame(rows, schema=SCHEMA, orient="row").with_columns(
        raw_model_name=pl.col("model_id"), benchmark_version=pl.lit(None, pl.String), verification_level=pl.lit("provider"))


def _copies(rows):
    return copied_scores.copied_from_instruct(_frame(rows))


# llm-stats' granite-3.3 8B rows (base and instruct)
GRANITE = [
    ("b1", "llm-stats", "granite-3-3-8b-base", "ifeval", None, 74.82), ("i1", "llm-stats", "granite-3-3-8b-instruct", "ifeval", None, 74.82),
    ("b2", "llm-stats", "granite-3-3-8b-base", "arena-hard", None, 57.56), ("i2", "llm-stats", "granite-3-3-8b-instruct", "arena-hard", None, 57.56),
    ("b3", "llm-stats", "granite-3-3-8b-base", "drop", None, 36.14), ("i3", "llm-stats", "granite-3-3-8b-instruct", "drop", None, 59.36),
]


def test_a_base_model_sharing_three_exact_scores_with_its_instruct_sibling_has_them_rejected():
    third = [("b4", "llm-stats", "granite-3-3-8b-base", "aime-2024", None, 81.2), ("i4", "llm-stats", "granite-3-3-8b-instruct", "aime-2024", None, 81.2)]
    got = _copies(GRANITE + third)
    assert got["observation_id"].to_list() == ["b1", "b2", "b4"]
    assert got["reason"][0] == ("llm-stats: granite-3-3-8b-base's score 74.82 on 'ifeval' is granite-3-3-8b-instruct's, as are 3 of its 4 "
                                "scores there: the instruct model's, copied to the base model")
    # two equal scores may be chance; another source's equal score, or another setting's, is no copy
    assert _copies(GRANITE).is_empty()
    assert _copies(GRANITE + [(o, "aider" if o == "i4" else s, m, b, v, x) for o, s, m, b, v, x in third]).is_empty()
    assert _copies(GRANITE + [(o, s, m, b, "thinking" if o == "i4" else v, x) for o, s, m, b, v, x in third]).is_empty()


K2 = "https://moonshotai.github.io/Kimi-K2/"
# llm-stats' Kimi K2 rows: the 0711 model's, and the 0905 model's with three of them filed again
KIMI = [
    ("a1", "llm-stats", "kimi-k2-0711-preview", "acebench", None, 76.5, K2, dt.date(2025, 7, 11)),
    ("a2", "llm-stats", "kimi-k2-0711-preview", "hle", None, 4.7, K2, dt.date(2025, 7, 11)),
    ("a3", "llm-stats", "kimi-k2-0711-preview", "ifeval", None, 89.8, K2, dt.date(2025, 7, 11)),
    ("a4", "llm-stats", "kimi-k2-0711-preview", "aime-2024", None, 69.6, K2, dt.date(2025, 7, 11)),
    ("b1", "llm-stats", "kimi-k2-0905-preview", "acebench", None, 76.5, K2, dt.date(2025, 9, 5)),
    ("b2", "llm-stats", "kimi-k2-0905-preview", "hle", None, 4.7, K2, dt.date(2025, 9, 5)),
    ("b3", "llm-stats", "kimi-k2-0905-preview", "ifeval", None, 89.8, K2, dt.date(2025, 9, 5)),
    ("b4", "llm-stats", "kimi-k2-0905-preview", "aime-2024", None, 72.0, "https://moonshot.cn/blog/kimi-k2-0905", dt.date(2025, 9, 5)),
]


def test_a_later_models_scores_repeating_an_earlier_models_link_and_value_are_rejected():
    got = copied_scores.repeated_from_earlier(_frame(KIMI))
    assert got["observation_id"].to_list() == ["b1", "b2", "b3"]
    assert got["reason"][0] == (f"llm-stats: kimi-k2-0905-preview's score 76.5 on 'acebench' ({K2}) repeats kimi-k2-0711-preview's of "
                                "2025-07-11, as do 3 of its 4 scores there: the earlier model's, not this one's")
    # fewer than half the model's scores, or a link of another page, or the same date (a leaderboard's rows), is no repeat
    own = [(f"c{i}", "llm-stats", "kimi-k2-0905-preview", f"bench-{i}", None, 50.0 + i, "https://moonshot.cn/blog/kimi-k2-0905",
            dt.date(2025, 9, 5)) for i in range(4)]
    assert copied_scores.repeated_from_earlier(_frame(KIMI + own)).is_empty()
    assert copied_scores.repeated_from_earlier(_frame([r if r[0] != "b1" else (*r[:6], "https://x.test/", r[7]) for r in KIMI])).is_empty()
    assert copied_scores.repeated_from_earlier(_frame([(*r[:7], dt.date(2025, 11, 25)) for r in KIMI])).is_empty()
    # both rules together name each copy once
    copied = copied_scores.copies(_frame(KIMI))
    assert copied["observation_id"].to_list() == ["b1", "b2", "b3"] and copied["score"].to_list() == [76.5, 4.7, 89.8]
    assert copied.schema == pl.Schema({k: v for k, v in copied_scores.COPIED_COLUMNS.items() if k != "raw_model_key"})


def test_a_third_partys_own_runs_are_never_copies():
    """A leaderboard runs every model itself: its equal scores are chance (the Open LLM Leaderboard's small models at 0
    on MATH Level 5, each row linked to its one page and dated by its run), never a copy; and they are not compared
    pairwise at all (at 100x, groups of thousands of equal scores made 13.5 GB of pairs)."""
    runs = _frame(KIMI).with_columns(source_id=pl.lit("open-llm-leaderboard"), verification_level=pl.lit("third_party"))
    assert copied_scores.copies(runs).is_empty()
    base = _frame(GRANITE + [("b4", "llm-stats", "granite-3-3-8b-base", "aime-2024", None, 81.2),
                             ("i4", "llm-stats", "granite-3-3-8b-instruct", "aime-2024", None, 81.2)])
    assert copied_scores.copies(base.with_columns(verification_level=pl.lit("third_party"))).is_empty()
    assert copied_scores.copies(base)["observation_id"].to_list() == ["b1", "b2", "b4"]
