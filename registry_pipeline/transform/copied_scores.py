"""Scores a source copied from another model's: they are that model's, not the one the source files them
under. Each rule returns the copies it finds (RULE_COLUMNS); `copies` gathers them (COPIED_COLUMNS), which
the build rejects and the warehouse lists."""

from __future__ import annotations

import polars as pl

COLUMNS = ["observation_id", "source_id", "raw_model_name", "model_id", "benchmark_id", "variant", "score", "source_url", "as_of_date"]
RULE_COLUMNS: dict[str, pl.DataType] = {"observation_id": pl.String, "source_id": pl.String, "reason": pl.String}
# a copied observation as the warehouse keeps it (`copied_scores`): the source's row and value, so that
# `scores_as_of` leaves out every day's run of that value too
COPIED_COLUMNS: dict[str, pl.DataType] = {
    "observation_id": pl.String, "source_id": pl.String, "raw_model_name": pl.String, "raw_model_key": pl.String,
    "model_id": pl.String, "benchmark_id": pl.String, "benchmark_version": pl.String, "variant": pl.String,
    "score": pl.Float64, "reason": pl.String,
}
COPIED_MIN = 3  # exact equalities with the other model, on as many benchmarks, that cannot be chance


# a base model's id and the ids its instruct sibling may have (`granite-3-3-8b-base` -> `granite-3-3-8b-instruct`,
# `yi-1-5-34b` -> `yi-1-5-34b-chat`)
SIBLING_OF_BASE = [(r"-base$", "-instruct"), (r"-base$", "-it"), (r"-base$", "-chat"), (r"$", "-instruct"), (r"$", "-it"), (r"$", "-chat")]


def copied_from_instruct(resolved: pl.DataFrame) -> pl.DataFrame:
    """The observations (RULE_COLUMNS) of a base model that are exactly its instruct
    sibling's scores from the same source, when at least COPIED_MIN of them are: a source that fills a base
    model's page with the instruct model's card (llm-stats gives granite-3.3-8b-base the instruct model's
    Arena-Hard, AlpacaEval and IFEval, chat benchmarks a base model does not take, and 7 more to the
    decimal, while its own MMLU, GSM8K and DROP differ). They are not the base model's scores."""
    obs = resolved.select(COLUMNS)
    # (source, base model, sibling) where the source scores both: few, so only their observations are joined
    models = obs.select("source_id", "model_id").unique()
    base = models.filter(~pl.col("model_id").str.contains(r"-(instruct|it|chat)(-|$)"))
    siblings = pl.concat([base.with_columns(sibling=pl.col("model_id").str.replace(pattern, suffix)) for pattern, suffix in SIBLING_OF_BASE])
    siblings = siblings.filter(pl.col("sibling") != pl.col("model_id")).join(
        models.select("source_id", sibling="model_id"), on=["source_id", "sibling"], how="semi")
    pairs = obs.join(siblings, on=["source_id", "model_id"]).join(
        obs.select("source_id", "benchmark_id", "variant", sibling="model_id", sibling_score="score"),
        on=["source_id", "sibling", "benchmark_id", "variant"], nulls_equal=True,
    )
    same = pairs.filter(pl.col("score") == pl.col("sibling_score")).unique(["observation_id", "sibling"])
    counts = same.group_by("source_id", "model_id", "sibling").agg(n=pl.len()).filter(pl.col("n") >= COPIED_MIN)
    totals = obs.group_by("source_id", "model_id").agg(of=pl.len())
    copied = same.join(counts, on=["source_id", "model_id", "sibling"]).join(totals, on=["source_id", "model_id"])
    return copied.unique("observation_id", keep="first", maintain_order=True).sort("observation_id").select(
        "observation_id", "source_id",
        reason=pl.format("{}: {}'s score {} on '{}' is {}'s, as are {} of its {} scores there: the instruct model's, copied to the base model",
                         "source_id", "raw_model_name", "score", "benchmark_id", "sibling", "n", "of"),
    )


def repeated_from_earlier(resolved: pl.DataFrame) -> pl.DataFrame:
    """The observations of a model that repeat, score and link, the same source's observation of another
    model on the same benchmark and setting dated earlier, when at least COPIED_MIN and half of the model's
    observations there do: the earlier model's results, filed again under a later one (llm-stats gives
    kimi-k2-0905 26 of kimi-k2-0711's scores, each linked to the 0711 release page; its own, from the 0905
    announcement, differ). A leaderboard's rows share one link but one date, and are never repeats."""
    obs = resolved.select(COLUMNS).filter(pl.col("source_url").is_not_null() & pl.col("as_of_date").is_not_null())
    key = ["source_id", "benchmark_id", "variant", "score", "source_url"]
    # only (source, benchmark, setting, score, link) groups of two models and two dates can hold a repeat
    shared = obs.filter((pl.col("model_id").n_unique().over(key) > 1) & (pl.col("as_of_date").n_unique().over(key) > 1))
    repeats = shared.join(
        shared.select(*key, earlier="model_id", earlier_date="as_of_date"), on=key, nulls_equal=True,
    ).filter((pl.col("earlier") != pl.col("model_id")) & (pl.col("earlier_date") < pl.col("as_of_date")))
    repeats = repeats.sort("observation_id", "earlier_date", "earlier").unique(["observation_id", "earlier"], keep="first", maintain_order=True)
    counts = repeats.group_by("source_id", "model_id", "earlier").agg(n=pl.len())
    totals = obs.group_by("source_id", "model_id").agg(of=pl.len())
    counts = counts.join(totals, on=["source_id", "model_id"]).filter((pl.col("n") >= COPIED_MIN) & (2 * pl.col("n") >= pl.col("of")))
    copied = repeats.join(counts, on=["source_id", "model_id", "earlier"])
    return copied.unique("observation_id", keep="first", maintain_order=True).sort("observation_id").select(
        "observation_id", "source_id",
        reason=pl.format("{}: {}'s score {} on '{}' ({}) repeats {}'s of {}, as do {} of its {} scores there: the earlier model's, not this one's",
                         "source_id", "raw_model_name", "score", "benchmark_id", "source_url", "earlier", "earlier_date", "n", "of"),
    )


def copies(resolved: pl.DataFrame) -> pl.DataFrame:
    """Every copied observation of `resolved`, each once, by the first rule that finds it: COPIED_COLUMNS but
    the source's row key, which the resolved observations do not carry (the build reads it back).

    Only claims are looked at (a maker's figures and the pages that quote them): a third party's own run of a
    model is that model's result, never a copy. Its equal scores are chance (the Open LLM Leaderboard's
    hundreds of small models at 0 on MATH Level 5 and GPQA, every row linked to the leaderboard's one page and
    dated by its run), and comparing them pairwise grew with the square of the models: 13.5 GB at 100x."""
    claims = resolved.filter(pl.col("verification_level") != "third_party")
    found = pl.concat([copied_from_instruct(claims), repeated_from_earlier(claims)]).cast(RULE_COLUMNS)
    found = found.unique("observation_id", keep="first", maintain_order=True)
    columns = {k: v for k, v in COPIED_COLUMNS.items() if k != "raw_model_key"}
    return resolved.join(found.drop("source_id"), on="observation_id").select(list(columns)).cast(columns).sort("observation_id")
