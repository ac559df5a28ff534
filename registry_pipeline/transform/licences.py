"""A model's licence, one spelling per licence: the Hugging Face Hub's licence ids (`apache-2.0`, `llama3.1`,
`gemma`, `cc-by-nc-4.0`), which the Hub and the Open LLM Leaderboard give, are the vocabulary; another source's
name for one of them is mapped to it by the curated `catalog/licences.csv` (llm-stats' "Apache 2.0", "Llama 3.1
Community License"), so listings that name one licence two ways agree when a model's licence is chosen. A name
the catalogue does not list is kept as the source wrote it (a maker's own licence: "Jamba Open Model License");
one it maps to nothing (the Open LLM Leaderboard's "unknown") is null."""

from __future__ import annotations

import polars as pl

from registry_pipeline import catalog


def licence_id(licence: pl.Expr) -> pl.Expr:
    """`licence` (text) as the catalogue's id for it, else as written; null for a spelling that says no licence."""
    table = catalog.licences()
    return licence.str.strip_chars().replace(table["spelling"], table["licence"])
