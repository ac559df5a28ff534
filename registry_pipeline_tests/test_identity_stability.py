"""Ids never change meaning: a build from an older listing and one from a newer listing in which the
makers added snapshots agree on every id the first one published (real models.dev recording)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from registry_pipeline import catalog
from registry_pipeline.sources import get_source
from registry_pipeline.sources.base import ParseContext
from registry_pipeline.transform import identity, model_metadata

PRIORITY = dict(zip(catalog.sources()["id"].to_list(), catalog.sources()["priority"].to_list()))
# what the makers had not listed yet when the older listing was taken
LATER = ["gpt-4o-20240513", "gpt-4o-20241120", "claude-3-5-sonnet-20241022", "claude-sonnet-4-5-20250929",
         "claude-haiku-4-5-20251001", "gemini-2-5-flash-image"]


@pytest.fixture(scope="module")
def listings(shared_snapshots):
    body = (shared_snapshots / "models-dev" / "api.json").read_bytes()
    newer = get_source("models-dev").parse({"api.json": body}, ParseContext("models-dev", dt.date(2026, 2, 21))).models
    # every listing (the maker's and each host's) of a model added later, and the maker's undated gpt-4o row
    later = _build(newer).records.filter(pl.col("model_id").is_in(LATER) | (pl.col("raw_model_id") == "openai/gpt-4o"))
    older = newer.join(later.select("source_id", "raw_model_id", "provider_id"), on=["source_id", "raw_model_id", "provider_id"], how="anti")
    assert older.height < newer.height
    return older, newer


def _build(records):
    return model_metadata.build_models(records, PRIORITY, ["models-dev"], catalog.model_aliases(), catalog.makers(), catalog.alias_history())


def _names(meta, obs):
    resolved, _ = identity.resolve(obs, meta.aliases)
    return dict(zip(zip(resolved["raw_model_name"], resolved["as_of_date"]), resolved["model_id"]))


OBSERVATIONS = pl.DataFrame(
    {
        "source_id": ["t"] * 7,
        "raw_model_name": ["gpt-4o-2024-08-06", "Claude 3.5 Sonnet", "Claude 3.5 Sonnet", "claude-3-7-sonnet", "gpt-4o", "o1", "gemini-2.5-flash"],
        "model_hint": [None] * 7,
        "as_of_date": [dt.date(2024, 9, 1), dt.date(2024, 8, 1), dt.date(2024, 11, 15), dt.date(2025, 4, 1),
                       dt.date(2024, 11, 1), dt.date(2025, 1, 10), dt.date(2025, 7, 1)],
    },
    schema={"source_id": pl.String, "raw_model_name": pl.String, "model_hint": pl.String, "as_of_date": pl.Date},
)


def test_every_id_of_the_older_build_names_the_same_model_in_the_newer(listings):
    older, newer = (_build(x) for x in listings)
    assert older.models.height < newer.models.height  # the makers did add models
    before = older.models.select("id", "name", "release_date", "provider")
    after = newer.models.select("id", "name", "release_date", "provider")
    joined = before.join(after, on="id", how="left", suffix="_after")
    missing = joined.filter(pl.col("name_after").is_null())["id"].to_list()
    assert missing == [], f"ids of the older build gone from the newer: {missing}"
    moved = joined.filter((pl.col("name") != pl.col("name_after")) | (pl.col("provider") != pl.col("provider_after")))
    assert moved.is_empty(), moved
    # the snapshots the makers added got ids of their own; no undated id was re-pointed at them
    assert {"gpt-4o-20240513", "gpt-4o-20241120", "claude-3-5-sonnet-20241022"} <= set(after["id"]) - set(before["id"])
    assert "gpt-4o-20240806" in set(before["id"]) and "gpt-4o" not in set(before["id"]) | set(after["id"])


def test_observations_resolved_by_the_older_build_keep_their_model(listings):
    older, newer = (_build(x) for x in listings)
    first, second = _names(older, OBSERVATIONS), _names(newer, OBSERVATIONS)
    for key, model in first.items():
        if model is not None:
            assert second[key] == model, (key, model, second[key])
    # the October 2024 "Claude 3.5 Sonnet" is the October snapshot once it is known, and never the June one
    assert first[("Claude 3.5 Sonnet", dt.date(2024, 11, 15))] is None
    assert second[("Claude 3.5 Sonnet", dt.date(2024, 11, 15))] == "claude-3-5-sonnet-20241022"
    assert second[("Claude 3.5 Sonnet", dt.date(2024, 8, 1))] == "claude-3-5-sonnet-20240620"
    # gpt-4o on 2024-11-01 pointed to the 08-06 snapshot (from 2024-10-02)
    assert second[("gpt-4o", dt.date(2024, 11, 1))] == "gpt-4o-20240806"


def test_a_moving_alias_answers_with_what_it_points_to_and_since_when(listings):
    _, newer = (_build(x) for x in listings)
    a = newer.published_aliases
    gpt = a.filter(pl.col("alias") == "gpt-4o").sort("since")
    assert gpt.select("model_id", "since", "until").rows() == [
        ("gpt-4o-20240513", dt.date(2024, 5, 13), dt.date(2024, 10, 2)),
        ("gpt-4o-20240806", dt.date(2024, 10, 2), None),
    ]
    opus = a.filter(pl.col("alias") == "claude-opus-4-5").row(0, named=True)
    assert (opus["model_id"], opus["rule"]) == ("claude-opus-4-5-20251101", "maker-alias")
