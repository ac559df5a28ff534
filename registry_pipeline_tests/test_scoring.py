"""Normalised scores (API.md's methods) to one decimal, rounded as a reader rounds what is written."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from registry_pipeline.transform.scoring import normalized_score_expr, one_decimal


def _normalized(rows: list[tuple[float, float, float | None, bool, str]]) -> list[float]:
    frame = pl.DataFrame(rows, schema={"score": pl.Float64, "max_score": pl.Float64, "min_score": pl.Float64,
                                       "higher_is_better": pl.Boolean, "normalize_method": pl.String}, orient="row")
    return frame.select(n=normalized_score_expr())["n"].to_list()


def test_a_score_halfway_between_two_tenths_rounds_up():
    """An arena rating of 1322 on the 800-1600 scale is 65.25 and an aider pass rate of 54.25 is 54.25: published
    65.3 and 54.3 (polars' default rounding gave 65.2 and 54.2: 49 scores of the build of every recording)."""
    assert _normalized([(1322.0, 1600.0, 800.0, True, "elo"), (54.25, 100.0, 0.0, True, "max"), (1418.0, 1600.0, 1000.0, True, "elo"),
                        (2.5, 10.0, None, False, "inverse"), (0.25, 1.0, 0.0, False, "minmax")]) == [65.3, 54.3, 69.7, 75.0, 75.0]


@given(st.integers(min_value=0, max_value=99_999))
def test_one_decimal_is_the_written_value_rounded_half_up(hundredths):
    """Any value with two decimals, however the float carries it (61.45 as 61.4499999...), rounds as written."""
    value = hundredths / 100
    tenths, rest = divmod(hundredths, 10)
    expected = (tenths + (rest >= 5)) / 10
    assert pl.select(one_decimal(pl.lit(value))).item() == expected
    assert pl.select(one_decimal(pl.lit(value * 3) / 3)).item() == expected
