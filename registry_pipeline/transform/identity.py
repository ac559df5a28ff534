"""Model identity: canonical model records and ids, the alias keys, and resolution of source names.

Canonical models come from the makers' own rows of model-metadata sources (models.dev lists a model
under its maker and under dozens of resellers; the registry's record is the maker's). Source
spellings resolve to canonical ids through, in order: the curated alias catalogue, then
deterministic rules on normalised keys (case, punctuation, dates, provider prefixes, a trailing
run setting such as `-high` or `-thinking`, and finally word order). A key that fits two models is
never used. Names that do not resolve go to the review table with suggestions — no fuzzy merges.
"""

from __future__ import annotations

import polars as pl

from registry_pipeline.registry import MODEL_COLUMNS

VARIANT_SUFFIX = (
    r"(-(none|minimal|low|medium|high|xhigh|max|thinking|think|reasoning|non-reasoning|nonreasoning|"
    r"no-thinking|no-think|default|adaptive|\d+k(-thinking|-think)?(-tokens)?))+$"
)
DATE_SUFFIX = r"-(20\d{6})$"

CAPABILITY_FROM_MODALITY = {"text": "text", "image": "vision", "audio": "audio", "video": "video", "pdf": "pdf"}


def name_key(expr: pl.Expr) -> pl.Expr:
    """A spelling-insensitive key: lowercase, no provider prefix, ISO dates compacted, one dash."""
    return (
        expr.str.to_lowercase()
        .str.strip_chars()
        .str.replace(r"^[a-z0-9_.-]+/", "")
        .str.replace_all(r"(20\d{2})-(\d{2})-(\d{2})", "${1}${2}${3}")
        .str.replace_all(r"[^a-z0-9]+", "-")
        .str.strip_chars("-")
    )


def strip_variant(key: pl.Expr) -> pl.Expr:
    return key.str.replace(VARIANT_SUFFIX, "")


def word_order_key(key: pl.Expr) -> pl.Expr:
    return key.str.split("-").list.sort().list.join("-")


def canonical_models(records: pl.DataFrame, source_priority: dict[str, int]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """From parsed model records to (models, alias_keys).

    `models` has MODEL_COLUMNS except coverage (filled after scoring); `alias_keys` has
    key, model_id, rule for every automatic spelling of each model.
    """
    makers = (
        records.filter(pl.col("is_maker"))
        .with_columns(
            model_part=pl.col("raw_model_id").str.replace(r"^[^/]+/", ""),
            priority=pl.col("source_id").replace_strict(source_priority, default=1000, return_dtype=pl.Int64),
        )
        .with_columns(full_key=name_key(pl.col("model_part")))
    )
    canon = makers.filter(~pl.col("is_alias")).with_columns(base_key=pl.col("full_key").str.replace(DATE_SUFFIX, ""))
    # the undated id is used when it names only one model and is not another model's own id
    full_keys = canon["full_key"].unique()
    base_counts = canon.group_by("base_key").agg(pl.col("full_key").n_unique().alias("n"))
    canon = (
        canon.join(base_counts, on="base_key")
        .with_columns(
            id=pl.when((pl.col("n") == 1) & ((pl.col("base_key") == pl.col("full_key")) | ~pl.col("base_key").is_in(full_keys.implode())))
            .then(pl.col("base_key"))
            .otherwise(pl.col("full_key"))
        )
        .sort(["id", "priority", "source_id", "provider_id"])
        .unique(subset="id", keep="first", maintain_order=True)
    )
    models = canon.select(
        "id",
        name=pl.col("raw_name").str.replace(r"\s*\(latest\)$", ""),
        provider=pl.col("provider_name"),
        family=pl.col("family"),
        status=pl.when(pl.col("status").is_not_null() & (pl.col("status") != "active"))
        .then(pl.col("status"))
        .when(pl.col("full_key").str.contains(r"(^|-)(preview|exp|experimental)(-|$)"))
        .then(pl.lit("preview"))
        .otherwise(pl.col("status").fill_null("active")),
        release_date=pl.col("release_date"),
        training_cutoff=pl.col("training_cutoff"),
        capabilities=pl.concat_list(
            pl.col("input_modalities").list.eval(pl.element().replace_strict(CAPABILITY_FROM_MODALITY, default=pl.element())),
            pl.when(pl.col("supports_tools")).then(pl.lit(["tools"])).otherwise(pl.lit([], dtype=pl.List(pl.String))),
            pl.when(pl.col("supports_reasoning")).then(pl.lit(["reasoning"])).otherwise(pl.lit([], dtype=pl.List(pl.String))),
        ).list.unique().list.sort(),
        is_open_source=pl.col("open_weights"),
        context_window=pl.col("context_window"),
        max_output_tokens=pl.col("max_output_tokens"),
        price_input=pl.col("price_input"),
        price_output=pl.col("price_output"),
        price_cache_input=pl.col("price_cache_input"),
        price_cache_output=pl.col("price_cache_output"),
        api_reasoning=pl.col("supports_reasoning"),
        api_vision=pl.col("input_modalities").list.contains("image"),
        api_tools=pl.col("supports_tools"),
        api_structured_output=pl.col("supports_structured_output"),
        api_attachment=pl.col("supports_attachment"),
        coverage=pl.lit(None, pl.Float64),
        metadata_source_id=pl.col("source_id"),
    ).cast(MODEL_COLUMNS).sort("id")

    ids = canon.select("id", "full_key", "base_key", "provider_id", name_key(pl.col("raw_name")).alias("name_key"), "raw_name")
    latest = (
        makers.filter(pl.col("is_alias"))
        .with_columns(clean_name=pl.col("raw_name").str.replace(r"\s*\(latest\)$", ""))
        .join(ids.select("provider_id", pl.col("raw_name").alias("clean_name"), "id"), on=["provider_id", "clean_name"], how="inner")
        .select(pl.col("full_key").alias("key"), "id", rule=pl.lit("alias-latest"))
    )
    keys = pl.concat(
        [
            ids.select(key="full_key", model_id="id", rule=pl.lit("id")),
            ids.select(key="base_key", model_id="id", rule=pl.lit("id-undated")),
            ids.select(key="name_key", model_id="id", rule=pl.lit("name")),
            ids.select(key=pl.col("full_key").str.replace(r"-preview$", ""), model_id="id", rule=pl.lit("id-without-preview")),
            ids.select(key=pl.col("base_key").str.replace(r"-preview$", ""), model_id="id", rule=pl.lit("id-without-preview")),
            latest.rename({"id": "model_id"}),
        ]
    )
    # a model's own id is never lost to a looser key of another model ("GPT-4o" names the dated
    # snapshots too; the key gpt-4o still names the model gpt-4o)
    own = keys.filter(pl.col("rule") == "id")
    keys = pl.concat([own, keys.filter((pl.col("rule") != "id") & ~pl.col("key").is_in(own["key"].implode()))])
    return models, unambiguous(keys)


def unambiguous(keys: pl.DataFrame) -> pl.DataFrame:
    """Keep one row per key; drop keys that point at more than one model."""
    keys = keys.filter(pl.col("key").is_not_null() & (pl.col("key") != ""))
    counts = keys.group_by("key").agg(pl.col("model_id").n_unique().alias("n"))
    return (
        keys.join(counts.filter(pl.col("n") == 1), on="key", how="semi")
        .sort(["key", "rule"])
        .unique(subset="key", keep="first", maintain_order=True)
    )


def alias_table(auto_keys: pl.DataFrame, curated: pl.DataFrame, model_ids: pl.Series) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Curated aliases first, then automatic keys; word-order keys as a last tier.

    A curated alias with an empty model id blocks that spelling: it stays unresolved (for review)
    instead of falling through to a looser rule, e.g. aider's `DeepSeek R1` run through the moving
    API alias `deepseek-reasoner`.

    Returns (aliases[key, model_id, rule, tier], curated_rejects[alias, model_id, reason]).
    """
    cur = curated.with_columns(key=name_key(pl.col("alias")), model_id=pl.col("model_id").str.strip_chars().replace("", None))
    known = pl.col("model_id").is_in(model_ids.implode())
    bad = cur.filter(pl.col("model_id").is_not_null() & ~known).select(
        "alias", "model_id", reason=pl.lit("curated alias points at a model id that is not in the registry")
    )
    cur = cur.filter(pl.col("model_id").is_null() | known).select(
        "key", "model_id", rule=pl.when(pl.col("model_id").is_null()).then(pl.lit("curated-block")).otherwise(pl.lit("curated"))
    )
    direct = pl.concat([cur.with_columns(tier=pl.lit(0)), auto_keys.with_columns(tier=pl.lit(1))]).sort("tier").unique(
        subset="key", keep="first", maintain_order=True
    )
    word = unambiguous(
        direct.filter(pl.col("model_id").is_not_null()).select(key=word_order_key(pl.col("key")), model_id="model_id", rule=pl.lit("word-order"))
    ).with_columns(key=pl.format("~{}", "key"), tier=pl.lit(2))
    return pl.concat([direct, word]).sort("key"), bad


def resolve(observations: pl.DataFrame, aliases: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add `model_id` and `resolution` to score observations; return (observations, review)."""
    names = observations.select("source_id", "raw_model_name", "model_hint").unique()
    k_name = name_key(pl.col("raw_model_name"))
    k_hint = name_key(pl.col("model_hint"))
    attempts = [
        (1, k_name),
        (2, k_hint),
        (3, strip_variant(k_name)),
        (4, strip_variant(k_hint)),
        (5, pl.format("~{}", word_order_key(strip_variant(k_name)))),
        (6, pl.format("~{}", word_order_key(strip_variant(k_hint)))),
    ]
    tries = pl.concat(
        [names.with_columns(attempt=pl.lit(i), key=expr) for i, expr in attempts], how="vertical"
    ).filter(pl.col("key").is_not_null() & (pl.col("key") != "") & (pl.col("key") != "~"))
    # the first attempt that hits a key decides; a blocked key (null model id) stops the search
    matched = (
        tries.join(aliases.select("key", "model_id", "rule"), on="key", how="inner")
        .sort("attempt")
        .group_by(["source_id", "raw_model_name", "model_hint"], maintain_order=True)
        .first()
        .select("source_id", "raw_model_name", "model_hint", "model_id", resolution=pl.format("{}:{}", "rule", "key"))
    )
    resolved = observations.join(matched, on=["source_id", "raw_model_name", "model_hint"], how="left", nulls_equal=True)
    unresolved = (
        resolved.filter(pl.col("model_id").is_null())
        .group_by(["source_id", "raw_model_name", "model_hint"])
        .agg(pl.len().alias("observations"))
        .sort(["source_id", "raw_model_name"])
    )
    return resolved, review_table(unresolved, aliases)


COMMON_TOKEN_MODELS = 50  # a token shared by more models than this says little about identity


def review_table(unresolved: pl.DataFrame, aliases: pl.DataFrame, top: int = 3) -> pl.DataFrame:
    """Names that did not resolve, with up to `top` suggested model ids for a human to curate.

    Suggestions rank models by the overlap (Jaccard) of name tokens with the model id's tokens —
    a join on tokens, so its cost follows shared tokens, not names x models. Tokens found in more
    than COMMON_TOKEN_MODELS model ids ("gpt", "4") are left out of the join (but still count in
    the Jaccard denominator), which keeps the join linear as the registry grows.
    """
    model_tokens = (
        aliases.filter(pl.col("model_id").is_not_null())
        .select(pl.col("model_id").unique())
        .with_columns(token=pl.col("model_id").str.split("-"))
        .with_columns(model_n=pl.col("token").list.n_unique())
        .explode("token")
        .unique()
        .filter(pl.len().over("token") <= COMMON_TOKEN_MODELS)
    )
    name_tokens = (
        unresolved.select("raw_model_name").unique()
        .with_columns(token=strip_variant(name_key(pl.col("raw_model_name"))).str.split("-"))
        .with_columns(name_n=pl.col("token").list.n_unique())
        .explode("token")
        .unique()
    )
    ranked = (
        name_tokens.join(model_tokens, on="token")
        .group_by("raw_model_name", "model_id")
        .agg(shared=pl.len(), name_n=pl.col("name_n").first(), model_n=pl.col("model_n").first())
        .with_columns(jaccard=pl.col("shared") / (pl.col("name_n") + pl.col("model_n") - pl.col("shared")))
        .filter(pl.col("jaccard") >= 0.25)
        .sort(["raw_model_name", "jaccard", "model_id"], descending=[False, True, False])
        .group_by("raw_model_name", maintain_order=True)
        .agg(suggestions=pl.col("model_id").head(top))
    )
    return unresolved.join(ranked, on="raw_model_name", how="left").with_columns(
        pl.col("suggestions").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    ).sort(["source_id", "raw_model_name"])
