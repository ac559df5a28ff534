"""The id slugger: how a source's model id or name becomes a registry id (a URL segment and a file name).

Pure and total: any string gives a slug of `[a-z0-9-]` characters, possibly empty (`..`, `/`, only
punctuation or non-Latin script), which the contracts reject before it can become an id.
"""

from __future__ import annotations

import re

import polars as pl


def slugify(text: str) -> str:
    """A category's slug from its name: lowercase, every run of other characters one `-`, none at
    the ends (`Composite` -> `composite`, `Long Context` -> `long-context`)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def name_key(expr: pl.Expr) -> pl.Expr:
    """A spelling-insensitive key: lowercase, no provider prefix, ISO dates compacted, one dash."""
    return (
        expr.str.to_lowercase()
        .str.strip_chars()
        .str.replace(r"^https?://(huggingface\.co|hf\.co)/", "")
        .str.replace(r"^[a-z0-9_.-]+/", "")
        .str.replace_all(r"(20\d{2})-(\d{2})-(\d{2})", "${1}${2}${3}")
        .str.replace_all(r"([a-z0-9])\+", "${1}-plus")  # "Command R+" is not "Command R"
        .str.replace_all(r"[^a-z0-9]+", "-")
        .str.strip_chars("-")
    )


def own_id_key(raw_model_id: pl.Expr) -> pl.Expr:
    """The id a maker's row gives its model: the slug (`name_key`) of its id without a provider prefix."""
    return name_key(raw_model_id.str.replace(r"^[^/]+/", ""))
