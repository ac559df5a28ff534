"""transform/score_dates.py: a row of a source that adds rows in place, dated before its model's release."""

from __future__ import annotations

import datetime as dt

import polars as pl

from registry_pipeline.sources import get_source
from registry_pipeline.transform.score_dates import fetch_day_of_snapshot, redated

D = dt.date
RELEASES = pl.DataFrame(
    {"id": ["claude-sonnet-4-6", "claude-opus-4-5-20251101", "deepseek-v3-2", "qwen3-max", "mistral-7b-instruct-v0-3"],
     # a host's date for Mistral 7B Instruct v0.3 (released 2024-05-22): later than any fetch below
     "release_date": [D(2026, 2, 17), D(2025, 11, 24), D(2025, 12, 1), None, D(2026, 4, 1)]},
)


def test_only_a_row_of_a_source_adding_rows_in_place_dated_before_its_model_is_dated_by_the_release():
    rows = pl.DataFrame({
        "source_id": ["livebench", "livebench", "livebench", "tau2-bench", "livebench", "livebench", "livebench"],
        "model_id": ["claude-sonnet-4-6", "claude-opus-4-5-20251101", "deepseek-v3-2", "deepseek-v3-2", "qwen3-max", None,
                     "mistral-7b-instruct-v0-3"],
        "as_of_date": [D(2026, 1, 8), *[D(2025, 11, 25)] * 5, D(2024, 6, 24)],
        "snapshot": ["2026-02-21/120000"] * 7,
        "score": [75.5, 70.0, 62.2, 1.0, 50.0, 40.0, 30.0],
    })
    out = redated(rows, RELEASES, ("livebench",), fetch_day_of_snapshot())
    assert out.columns == rows.columns
    assert out["score"].to_list() == rows["score"].to_list()  # the order kept
    assert out["as_of_date"].to_list() == [
        D(2026, 2, 17),  # in the 2026-01-08 table, released 2026-02-17
        D(2025, 11, 25),  # released the day before its table: its date holds
        D(2025, 12, 1),
        D(2025, 11, 25),  # another source's date is its own statement
        D(2025, 11, 25),  # no release date known: nothing to correct by
        D(2025, 11, 25),  # no model
        D(2026, 2, 21),  # dated by a release after the fetch that had it: the fetch's day, no later
    ]
    assert redated(rows, RELEASES, (), fetch_day_of_snapshot()).equals(rows)


def test_livebench_is_the_source_that_adds_rows_in_place():
    assert get_source("livebench").spec.rows_added_in_place
    assert not get_source("tau2-bench").spec.rows_added_in_place


def test_bigcodebench_dates_rows_by_the_release_it_believes_in(tmp_path, shared_snapshots):
    """BigCodeBench's `date` is its idea of the model's release: CodeLlama 70B (released 2024-01-29) at the
    CodeLlama family's 2023-08-25, Qwen2.5-Coder-32B (2024-11-11) at the first Qwen2.5-Coder's 2024-09-19. The
    build dates those rows by the release, the earliest day they can have been run; a date after it holds."""
    from registry_pipeline.raw_store import RawStore
    from registry_pipeline.recording import record
    from registry_pipeline.staging import stage_source
    from registry_pipeline.transform.build import build_registry

    assert get_source("bigcodebench").spec.dated_by_release and not get_source("tau2-bench").spec.dated_by_release
    store = RawStore(tmp_path / "raw")
    staged = []
    for sid in ("bigcodebench", "models-dev", "llm-stats"):
        source = get_source(sid)
        record(source, [str(shared_snapshots / sid)], store, dt.datetime(2026, 2, 21, 12, 0, tzinfo=dt.timezone.utc))
        staged.append(stage_source(source, store.snapshots(sid), {"mode": "offline"}, "dates"))
    result = build_registry(staged)
    rows = result.observations.filter(pl.col("source_id") == "bigcodebench")
    dates = dict(rows.filter(pl.col("benchmark_id") == "bigcodebench-complete").select("model_id", "as_of_date").rows())
    assert dates["codellama-70b"] == D(2024, 1, 29) and dates["qwen2-5-coder-32b-instruct"] == D(2024, 11, 11)
    released = dict(result.registry.models.select("id", "release_date").rows())
    dated = rows.filter(pl.col("model_id").is_not_null()).select("model_id", "as_of_date").rows()
    assert not [(m, d) for m, d in dated if released.get(m) and d < released[m]]
