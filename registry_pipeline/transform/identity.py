"""Model identity: canonical model records and ids, the alias keys, and resolution of source names.

**Ids never change meaning.** A model's id is its maker's own id for it, normalised (`name_key`):
`claude-3-5-sonnet-20241022`, `gpt-4o-20240806`, `o1`. It is never shortened by counting how many
snapshots a listing happens to hold, so a snapshot a maker adds later gets an id of its own and every
earlier id keeps naming the same model. A maker's moving alias is not a model: an alias the maker
lists as such (`claude-opus-4-5`, "Claude Opus 4.5 (latest)") points to the snapshot it names, and
the curated, dated `catalog/alias_history.csv` says which snapshot a moving alias (`gpt-4o`,
`deepseek-chat`) pointed to from which date. Published aliases answer at `/api/v1/models/{alias}`.

**Resolution order** for a source's name (first hit decides; a blocked, ambiguous or undated moving
alias stops the search with its reason): curated aliases (`catalog/model_aliases.csv`); the dated
alias history, at the observation's date; a model's own id (never lost to another model's derived
key); deterministic keys (case, punctuation, provider prefixes, ISO and compact dates, display names,
a trailing run setting such as `-high` or `-thinking`, which becomes the observation's variant, and
word order); an undated name to the only snapshot released by the observation's date; a dated name
to its undated model only when that model has no dated snapshot of its own. No fuzzy merges:
names that do not resolve go to the review table with the reason and suggestions.
"""

from __future__ import annotations

import polars as pl

from registry_pipeline.registry import MODEL_COLUMNS
from registry_pipeline.transform.slug import name_key, own_id_key  # noqa: F401 - name_key is identity's API too
from registry_pipeline.schemas.contracts import REJECT_COLUMNS
from registry_pipeline.sources import vendor_pages

VARIANT_SUFFIX = (
    r"(-(none|minimal|low|medium|high|xhigh|max|thinking|think|reasoning|non-reasoning|nonreasoning|non-thinking|"
    r"no-thinking|no-think|nothink|nothinking|highthinking|default|adaptive|\d+k(-thinking|-think)?(-tokens)?|"
    # a quantised or reduced-precision deployment (`ollama/qwen2.5:32b-instruct-q8_0`, LMArena's `fp8`)
    r"q\d(-k)?(-[ms0-9])?|fp16|bf16|fp8|int4|int8))+$"
)
DATE_SUFFIX = r"-(20\d{6})$"
# the year and month of a model's id: Mistral's and Qwen's `-2512`, `-2507`; Cohere's `-08-2024`
ID_YEAR_MONTH = r"-(2[3-9](?:0[1-9]|1[0-2]))$"
ID_MONTH_YEAR = r"-((?:0[1-9]|1[0-2])-20\d{2})$"
INSTRUCT = r"-(instruct|it)(-|$)"
PAGE_SOURCES = tuple(s.id for s in vendor_pages.SPECS)  # the makers' pages: the curated vendor files
# they list base models under their plain names (Hugging Face repos): a name without "-instruct" is the base model
# (and the makers' cards' base-model tables: DeepSeek-V3's `qwen2.5-72b` beside `qwen2.5-72b-instruct`; and the makers'
# pages, the curated vendor files, which spell a model as its maker does: Google's `gemma-3n-e2b` is the pre-trained
# E2B, not Gemma 3n E2B IT where no model has that name)
BASE_MODEL_SOURCES = ("huggingface-hub", "open-llm-leaderboard", "evalplus", "bigcodebench", "deepseek-v3-card", "kimi-k2-card",
                      *PAGE_SOURCES)
LATEST_NAME = r"(?i)\s*(\(latest\)|\blatest)$"
# an id that says the model is a preview (`gemini-3-flash-preview`, `qwq-32b-preview`, `gemini-2.0-flash-exp`): its
# status where the listings say `active` or nothing
PREVIEW_ID = r"(^|-)(preview|exp|experimental)(-|$)"

CAPABILITY_FROM_MODALITY = {"text": "text", "image": "vision", "audio": "audio", "video": "video", "pdf": "pdf"}

# key -> model for every spelling rule; a null model_id stops the search (blocked, ambiguous, moving)
KEY_COLUMNS: dict[str, pl.DataType] = {
    "key": pl.String, "model_id": pl.String, "variant": pl.String, "rule": pl.String, "tier": pl.Int64,
    "since": pl.Date, "until": pl.Date, "note": pl.String, "not_before": pl.Date,
}
# a display name names its model from a month before the model's release (early access, arena previews):
# a score dated before then is of a model that had the name first (aider's `command-r-plus`, run on
# 2024-05-06, is not Cohere's "Command R+" of 08-2024). Listings' dates are no such evidence (resolve_records)
NAME_EARLY_DAYS = 31
# tiers: lower wins a key
TIER_CURATED, TIER_HISTORY, TIER_OWN_ID, TIER_AUTO, TIER_WORD = 0, 1, 2, 3, 4
OWN_ID_RULES = ["id", "admitted-id"]  # a model's own id: the maker's, or the id an admitted model was given


def id_dates(model_id: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(first, last) day of the date a model's id states: a day (`claude-3-5-haiku-20241022`, DATE_SUFFIX), a
    month (ID_YEAR_MONTH, ID_MONTH_YEAR); nulls without one."""
    day = model_id.str.extract(DATE_SUFFIX, 1).str.to_date("%Y%m%d", strict=False)
    month = pl.coalesce(
        pl.concat_str(pl.lit("20"), model_id.str.extract(ID_YEAR_MONTH, 1), pl.lit("01")).str.to_date("%Y%m%d", strict=False),
        pl.concat_str(model_id.str.extract(ID_MONTH_YEAR, 1), pl.lit("-01")).str.to_date("%m-%Y-%d", strict=False),
    )
    return pl.coalesce(day, month), pl.coalesce(day, month.dt.month_end())


def strip_variant(key: pl.Expr) -> pl.Expr:
    return key.str.replace(VARIANT_SUFFIX, "")


def variant_of(key: pl.Expr) -> pl.Expr:
    """The run setting a key ends with (`claude-opus-4-5-thinking-32k` -> `thinking-32k`), else null."""
    found = key.str.extract(VARIANT_SUFFIX, 0).str.strip_chars("-")
    return pl.when(found == "").then(None).otherwise(found)


# spellings of one setting across sources -> one value (the rest are kept as the source writes them, lowercased)
VARIANT_SYNONYMS = {
    "chat": "non-thinking", "reasoner": "thinking", "no thinking": "non-thinking", "no-thinking": "non-thinking",
    "non-reasoning": "non-thinking", "nonreasoning": "non-thinking", "reasoning": "thinking", "think": "thinking",
    "w/o thinking": "non-thinking", "without thinking": "non-thinking", "default": None,
    # aider's "no think", LiveBench's `-nothinking`, a vendor card's Claude "w/o extended thinking"
    "no think": "non-thinking", "nothinking": "non-thinking", "no extended thinking": "non-thinking",
    "default think": "thinking",
    # ARC Prize's `-thinking-none` (GPT-5.1 and Opus 4.5 without reasoning) and Epoch AI's `_none` (GPT-5.1's
    # reasoning effort "none"); LiveBench's Gemini `-highthinking`
    "thinking-none": "non-thinking", "none": "non-thinking", "highthinking": "high",
    # LiveBench's Claude `-base` beside `-thinking-64k`: extended thinking off, not a base model (weights of their own)
    "base": "non-thinking",
    # the Open LLM Leaderboard's precisions, as aider and LMArena spell them (`bf16`, `fp16`)
    "bfloat16": "bf16", "float16": "fp16",
    # BigCodeBench's QwQ-32B and DeepCoder "(w/ Reasoning)"
    "w/ reasoning": "thinking",
    # no tools on a benchmark answered without them is its protocol, the default: llm-stats' gpt-oss HLE 14.9
    # "without tools" beside 19.0 with them, OpenAI's GPT-5.2 Pro AIME 2025 "no tools" (a benchmark run with
    # tools by definition never gets the setting, sources/_settings.py)
    "no tools": None,
}
# a thinking budget however a source writes it -> `thinking-<budget>` (LMArena's and ARC Prize's `thinking-16k`):
# ARC Prize's "Thinking 16K" of Claude 3.7, aider's "32k thinking tokens" and "24k think"; a reasoning effort
# -> the effort alone, as aider, LiveBench and llm-stats write it (`high`): ARC Prize's `thinking-high`
# (GPT-5.2 (High)), LiveBench's `high-effort` (Claude's effort parameter)
EFFORT = r"(minimal|low|medium|high|xhigh|max)"
THINKING_BUDGET = ((r"^thinking (\d+k)$", "thinking-$1"), (r"^(\d+k) think(ing)?( tokens)?$", "thinking-$1"),
                   (rf"^thinking-{EFFORT}$", "$1"), (rf"^{EFFORT}-effort$", "$1"),
                   # BigCodeBench's `reasoning=high` (o1, o3-mini, Grok 3 Mini)
                   (rf"^reasoning={EFFORT}$", "$1"),
                   # a budget and an effort: LiveBench's `thinking-64k-high-effort`, `thinking-auto-low-effort` as ARC
                   # Prize writes Claude Opus 4.6's (120K, High): `thinking-120k-high`
                   (rf"^(thinking-(?:\d+k|auto))-{EFFORT}-effort$", "${1}-${2}"))


def normalize_variant(expr: pl.Expr) -> pl.Expr:
    """A setting as data: lowercase, single spaces, common synonyms folded (`Reasoner` -> `thinking`, a
    thinking budget as `thinking-32k`), in each part of a setting of several ("non-thinking; agentic coding");
    `default` and empty are null (the default setting)."""
    v = expr.str.to_lowercase().str.strip_chars().str.replace_all(r"\s+", " ")
    v = pl.when(v == "").then(None).otherwise(v)
    part = pl.element()
    for pattern, into in THINKING_BUDGET:
        part = part.str.replace(pattern, into)
    folded = v.str.split("; ").list.eval(part.replace(VARIANT_SYNONYMS)).list.drop_nulls().list.join("; ")
    return pl.when(folded == "").then(None).otherwise(folded)


def normalized_variants(variants: pl.Series) -> pl.Series:
    """`normalize_variant` of each value, worked out once per distinct value (a few hundred settings among
    millions of observations at 100x the recordings)."""
    distinct = variants.drop_nulls().unique()
    folded = distinct.to_frame("v").select(normalize_variant(pl.col("v")).alias("v"))["v"]
    return variants.replace_strict(distinct, folded, default=None, return_dtype=pl.String)


def version_split(key: pl.Expr) -> pl.Expr:
    """A key with each word's trailing version number as a word of its own: "llama3-2" and "llama-3-2", or
    "qwen3-235b" and "qwen-3-235b", are one spelling."""
    return key.str.replace_all(r"(^|-)([a-z]{2,})(\d+)(-|$)", "${1}${2}-${3}${4}")


def word_order_key(key: pl.Expr) -> pl.Expr:
    """The words of a key in sorted order, its numbers in their own order after them: `claude-4-sonnet`
    and `claude-sonnet-4` share a key; `gpt-5-4` and `gpt-4-5` (two versions) never do."""
    tokens = version_split(key).str.split("-")
    words = tokens.list.eval(pl.element().filter(~pl.element().str.contains(r"^\d+$"))).list.sort()
    numbers = tokens.list.eval(pl.element().filter(pl.element().str.contains(r"^\d+$")))
    return pl.concat_str(words.list.join("-"), pl.lit("|"), numbers.list.join("-"))


def keys_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Any partial key frame (at least key, model_id, rule) with every KEY_COLUMNS column."""
    return frame.with_columns(
        pl.lit(None, dtype).alias(name) for name, dtype in KEY_COLUMNS.items() if name not in frame.columns
    ).select(list(KEY_COLUMNS)).cast(KEY_COLUMNS)


VERBATIM_ID = r"^[A-Za-z0-9][A-Za-z0-9._:@+-]*$"  # an id a maker writes as is (no blanks, no symbols to clean)


def id_collisions(
    records: pl.DataFrame, creators: list[str], maker_map: pl.DataFrame, source_priority: dict[str, int]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Maker rows of two providers whose ids slug to one id (`deepseek` listing `gpt-4o-2024-08-06`
    beside `openai`): the id stays with one provider, the others' rows are quarantined, never merged
    into its model. The id keeps the provider its leading word names as maker (catalog/makers.csv:
    `gpt` -> OpenAI), then the one that writes the id verbatim, then the higher source priority.

    Returns (records without the losing rows, rejects[REJECT_COLUMNS])."""
    hints = dict(zip(maker_map["hint"].to_list(), maker_map["maker"].to_list()))

    def maker_of(expr: pl.Expr) -> pl.Expr:
        return expr.replace_strict(hints, default=None, return_dtype=pl.String)

    indexed = records.with_row_index("_row")
    rows = indexed.filter(pl.col("is_maker") & pl.col("source_id").is_in(creators)).with_columns(
        _key=own_id_key(pl.col("raw_model_id")),
        _provider=pl.coalesce("provider_id", "source_id"),
    ).filter(pl.col("_provider").n_unique().over("_key") > 1)
    if rows.is_empty():
        return records, pl.DataFrame(schema=REJECT_COLUMNS)
    own_maker = maker_of(pl.coalesce("maker_hint", "provider_id").str.to_lowercase())
    ranked = rows.with_columns(
        _named=(maker_of(pl.col("_key").str.extract(r"^([a-z]+-[a-z]+)", 1)) == own_maker).fill_null(False)
        | (maker_of(pl.col("_key").str.extract(r"^([a-z]+)", 1)) == own_maker).fill_null(False),
        _verbatim=pl.col("raw_model_id").str.replace(r"^[^/]+/", "").str.contains(VERBATIM_ID),
        _priority=pl.col("source_id").replace_strict(source_priority, default=1000, return_dtype=pl.Int64),
    ).sort("_key", "_named", "_verbatim", "_priority", "source_id", "_provider", descending=[False, True, True, False, False, False])
    owners = ranked.group_by("_key", maintain_order=True).agg(_owner=pl.col("_provider").first(), _owner_id=pl.col("raw_model_id").first())
    losers = ranked.join(owners, on="_key").filter(pl.col("_provider") != pl.col("_owner"))
    rejects = losers.select(
        "source_id", stage=pl.lit("resolve"),
        reason=pl.format("{}: {} (listed by {}) slugs to the id '{}', which {} lists as {}; the row is rejected, the id keeps that model",
                         "source_id", "raw_model_id", "_provider", "_key", "_owner", "_owner_id"),
        raw_row="raw_row",
    ).cast(REJECT_COLUMNS)
    return indexed.join(losers.select("_row"), on="_row", how="anti").drop("_row"), rejects


def target_id() -> pl.Expr:
    """A curated row's `model_id` (model_aliases.csv, alias_history.csv), null where it is empty: a block, or a
    moving alias with no known target."""
    return pl.col("model_id").str.strip_chars().replace("", None)


def moving_keys(history: pl.DataFrame, curated: pl.DataFrame) -> pl.Series:
    """The keys of the makers' moving aliases: every alias of the dated history, and every spelling the curated
    aliases block (an empty model id: Mistral's `ministral-8b-latest`, which served Ministral 8B 2410 and then
    Ministral 3 8B, while the catalogues' rows of it still give 2410's price). A maker's row under one is an
    alias, never a model of its own."""
    blocked = curated.filter(target_id().is_null())
    return pl.concat([history.select("alias"), blocked.select("alias")]).select(name_key(pl.col("alias")))["alias"].unique()


def canonical_models(
    records: pl.DataFrame, source_priority: dict[str, int], moving: pl.Series | None = None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """From parsed model records to (models, keys, listed_aliases).

    `models` has MODEL_COLUMNS except coverage (filled after scoring); `keys` has KEY_COLUMNS for every
    automatic spelling of each model; `listed_aliases` (alias, model_id, since, rule, note) are the
    aliases the makers list themselves ("Claude Opus 4.5 (latest)"). `moving` are the keys of the
    curated moving aliases: a maker row under one of them is an alias, never a model.
    """
    moving_keys = (moving if moving is not None else pl.Series([], dtype=pl.String)).implode()
    makers = (
        records.filter(pl.col("is_maker"))
        .with_columns(
            priority=pl.col("source_id").replace_strict(source_priority, default=1000, return_dtype=pl.Int64),
            clean_name=pl.col("raw_name").str.replace(LATEST_NAME, "").str.strip_chars(),
        )
        .with_columns(full_key=own_id_key(pl.col("raw_model_id")))
        .filter(~pl.col("full_key").is_in(moving_keys))
    )
    snapshots = makers.filter(~pl.col("is_alias"))
    listed = makers.filter(pl.col("is_alias")).join(
        snapshots.select("provider_id", "clean_name", target=pl.col("full_key"), target_release=pl.col("release_date"))
        .unique(["provider_id", "clean_name"], keep="first"),
        on=["provider_id", "clean_name"], how="left",
    )
    # an alias listing of a model its maker lists under no other id (OpenAI's `gpt-5-chat-latest`) is that model's
    # only listing: the model enters under the maker's id for it. One whose name the maker also lists
    # dated (`mistral-large-latest` beside `mistral-large-2411`) is a moving alias with no known target; so is
    # one whose dated releases the maker names elsewhere (Mistral's `codestral-latest`: `moving_keys`).
    base = pl.col("full_key").str.replace(r"-latest$", "")
    dated_bases = snapshots.select(pl.col("full_key").str.replace(r"-(\d{4}|20\d{6})$", "").alias("b"))["b"].implode()
    only = listed.filter(pl.col("target").is_null() & ~base.is_in(dated_bases)).drop("target", "target_release")
    canon = (
        pl.concat([snapshots, only], how="vertical_relaxed")
        .with_columns(id=pl.col("full_key"))
        .sort(["id", "priority", "source_id", "provider_id"])
        .unique(subset="id", keep="first", maintain_order=True)
    )
    models = canon.select(
        "id",
        name=pl.col("clean_name"),
        provider=pl.col("provider_name"),
        family=pl.col("family"),
        status=pl.when(pl.col("status").is_not_null() & (pl.col("status") != "active"))
        .then(pl.col("status"))
        .when(pl.col("full_key").str.contains(PREVIEW_ID))
        .then(pl.lit("preview"))
        .otherwise(pl.col("status")),  # none where no source says: unknown, not `active`
        release_date=pl.col("release_date"),
        training_cutoff=pl.col("training_cutoff"),
        capabilities=pl.concat_list(
            pl.col("input_modalities").list.eval(pl.element().replace_strict(CAPABILITY_FROM_MODALITY, default=pl.element())),
            pl.when(pl.col("supports_tools")).then(pl.lit(["tools"])).otherwise(pl.lit([], dtype=pl.List(pl.String))),
            pl.when(pl.col("supports_reasoning")).then(pl.lit(["reasoning"])).otherwise(pl.lit([], dtype=pl.List(pl.String))),
        ).list.unique().list.sort(),
        is_open_source=pl.col("open_weights"),
        licence=pl.col("licence"),
        parameters=pl.col("param_count"),
        base_model=pl.col("base_model"),
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

    listed_aliases = (
        listed.filter(pl.col("target").is_not_null() & (pl.col("full_key") != pl.col("target")))
        .select(alias="full_key", model_id="target", since="target_release", rule=pl.lit("maker-alias"),
                note=pl.format("{} lists {} as an alias of {}", "source_id", "raw_model_id", "target"))
        .unique("alias", keep="first")
        .sort("alias")
    )
    # a model listed only under a moving id (`gpt-5-chat-latest`) gets no key from its name ("GPT-5 Chat"), which
    # whatever the alias serves next shares
    ids = canon.select("id", "full_key", "release_date", name_key=pl.when(pl.col("is_alias")).then(None).otherwise(name_key(pl.col("clean_name"))))
    keys = pl.concat(
        [
            keys_frame(ids.select(key="full_key", model_id="id", rule=pl.lit("id"), tier=pl.lit(TIER_OWN_ID))),
            keys_frame(ids.select(key="name_key", model_id="id", rule=pl.lit("name"), tier=pl.lit(TIER_AUTO),
                                  not_before=pl.col("release_date") - pl.duration(days=NAME_EARLY_DAYS))),
            keys_frame(ids.select(key=pl.col("full_key").str.replace(r"-preview$", ""), model_id="id",
                                  rule=pl.lit("id-without-preview"), tier=pl.lit(TIER_AUTO))),
            keys_frame(listed_aliases.select(key="alias", model_id="model_id", rule=pl.lit("maker-alias"), tier=pl.lit(TIER_AUTO))),
            keys_frame(listed_aliases.join(ids.select(model_id="id", key="name_key"), on="model_id")
                       .select("key", "model_id", rule=pl.lit("maker-alias"), tier=pl.lit(TIER_AUTO))),
            undated_keys(ids),
        ]
    )
    return models, keys, listed_aliases


def undated_keys(ids: pl.DataFrame) -> pl.DataFrame:
    """`claude-3-7-sonnet` -> the only dated snapshot of that name, until a second one was released.

    Time-aware, so adding a snapshot never re-points an earlier observation: the first snapshot of an
    undated name holds its key until the next snapshot's release date; after it the name is ambiguous.
    Never over a model's own id, and not when a snapshot's release date is unknown and there are two."""
    dated = ids.with_columns(base=pl.col("full_key").str.replace(DATE_SUFFIX, "")).filter(pl.col("base") != pl.col("full_key"))
    dated = dated.filter(~pl.col("base").is_in(ids["full_key"].implode()))
    per_base = dated.sort("base", "release_date", "id", nulls_last=True).group_by("base", maintain_order=True).agg(
        first=pl.col("id").first(), n=pl.len(), unknown=pl.col("release_date").is_null().any(),
        until=pl.col("release_date").slice(1, 1).first(),
    )
    ok = per_base.filter((pl.col("n") == 1) | ~pl.col("unknown"))
    return keys_frame(ok.select(
        key="base", model_id="first", rule=pl.lit("undated-to-snapshot"), tier=pl.lit(TIER_AUTO),
        until=pl.when(pl.col("n") > 1).then(pl.col("until")).otherwise(None),
        note=pl.when(pl.col("n") > 1).then(pl.format("ambiguous from {}: {} dated snapshots", pl.col("until"), pl.col("n"))),
    ))


def unambiguous(keys: pl.DataFrame) -> pl.DataFrame:
    """One owner per key: the lowest tier wins a key, and a model's own id beats every derived key of
    another model. Timeless keys that still point at two models become `ambiguous` (null model, the
    candidates in `note`) so that the search stops there instead of guessing."""
    keys = keys_frame(keys).filter(pl.col("key").is_not_null() & (pl.col("key") != ""))
    keys = keys.filter(pl.col("tier") == pl.col("tier").min().over("key"))
    timed = keys.filter(pl.col("since").is_not_null() | pl.col("until").is_not_null() | pl.col("model_id").is_null())
    timeless = keys.join(timed.select("key").unique(), on="key", how="anti")
    counts = timeless.group_by("key").agg(n=pl.col("model_id").n_unique(), candidates=pl.col("model_id").unique().sort())
    # of one model's rows, an id's (no `not_before`) before a display name's; of two curated spellings of one key
    # ("Llama 4 Maverick", `llama-4-maverick`), the same one every build (by variant and note)
    single = (timeless.join(counts.filter(pl.col("n") == 1), on="key", how="semi")
              .sort(["key", "rule", "not_before", "variant", "note"], nulls_last=False, maintain_order=True)
              .unique("key", keep="first", maintain_order=True))
    ambiguous = counts.filter(pl.col("n") > 1).join(timeless.select("key", "tier").unique("key"), on="key").select(
        "key", model_id=pl.lit(None, pl.String), rule=pl.lit("ambiguous"), tier="tier",
        note=pl.format("ambiguous: {}", pl.col("candidates").list.join(", ")),
    )
    return pl.concat([single, keys_frame(ambiguous), timed], how="vertical").sort("key", "since", nulls_last=False)


def history_keys(history: pl.DataFrame) -> pl.DataFrame:
    """The dated alias history as keys: each entry holds from its `since` to the next entry's."""
    h = history.with_columns(key=name_key(pl.col("alias")), model_id=target_id())
    h = h.sort("key", "since", nulls_last=False).with_columns(until=pl.col("since").shift(-1).over("key"))
    return keys_frame(h.select(
        "key", "model_id", "variant", "since", "until", tier=pl.lit(TIER_HISTORY),
        rule=pl.lit("alias-history"),
        note=pl.when(pl.col("model_id").is_null()).then(pl.format("moving alias with no dated target: {}", "note")).otherwise(pl.col("note")),
    ))


def alias_table(
    auto_keys: pl.DataFrame, curated: pl.DataFrame, model_ids: pl.Series, history: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Curated aliases first, then the dated alias history, a model's own id, the automatic keys;
    word-order keys as a last tier, and `dated:` keys for a dated name's undated model.

    A curated alias with an empty model id blocks that spelling: it stays unresolved (for review)
    instead of falling through to a looser rule, e.g. aider's `DeepSeek Chat V2.5` run through the
    moving API alias `deepseek-chat` before its history is known.

    Returns (aliases[KEY_COLUMNS], curated_rejects[alias, model_id, reason]).
    """
    known = pl.col("model_id").is_in(model_ids.implode())
    cur = curated.with_columns(key=name_key(pl.col("alias")), model_id=target_id())
    hist = history_keys(history) if history is not None else keys_frame(pl.DataFrame(schema={"key": pl.String}))
    bad = pl.concat([
        cur.filter(pl.col("model_id").is_not_null() & ~known).select(
            "alias", "model_id", reason=pl.lit("catalog/model_aliases.csv: curated alias points at a model id that is not in the registry")
        ),
        history.filter(pl.col("model_id").is_not_null() & ~known).select(
            "alias", "model_id",
            reason=pl.format("catalog/alias_history.csv: the entry since {} points at a model id that is not in the registry",
                             pl.col("since").cast(pl.String).fill_null("the start")),
        ) if history is not None
        else pl.DataFrame(schema={"alias": pl.String, "model_id": pl.String, "reason": pl.String}),
    ])
    # a history entry whose target is not in the registry keeps its period, unresolved
    hist = hist.with_columns(
        note=pl.when(pl.col("model_id").is_not_null() & ~known).then(pl.format("alias target {} is not in the registry", "model_id")).otherwise("note"),
        model_id=pl.when(known).then("model_id"),
    )
    if "variant" not in cur.columns:
        cur = cur.with_columns(variant=pl.lit(None, pl.String))
    cur = keys_frame(cur.filter(pl.col("model_id").is_null() | known).select(
        "key", "model_id", "variant", tier=pl.lit(TIER_CURATED),
        rule=pl.when(pl.col("model_id").is_null()).then(pl.lit("curated-block")).otherwise(pl.lit("curated")),
        note=pl.col("note"),
    ))
    direct = unambiguous(pl.concat([cur, hist, keys_frame(auto_keys)]))
    plain = direct.filter(pl.col("model_id").is_not_null() & pl.col("since").is_null() & pl.col("until").is_null())
    word = unambiguous(plain.select(key=word_order_key(pl.col("key")), model_id="model_id", rule=pl.lit("word-order"), tier=pl.lit(TIER_WORD),
                                    not_before="not_before"))
    word = word.filter(pl.col("model_id").is_not_null()).with_columns(key=pl.format("~{}", "key"))
    # a dated name (`o1-2024-12-17`) to its undated model, when the model has no dated snapshot of its own
    own = direct.filter(pl.col("rule").is_in(OWN_ID_RULES))
    bases = own.select(base=pl.col("key").str.replace(DATE_SUFFIX, "")).filter(pl.col("base").is_in(own["key"].implode()).not_())
    dated = keys_frame(own.filter(~pl.col("key").str.contains(DATE_SUFFIX) & ~pl.col("key").is_in(bases["base"].implode())).select(
        key=pl.format("dated:{}", "key"), model_id="model_id", rule=pl.lit("dated-to-undated"), tier=pl.lit(TIER_WORD),
    ))
    # a display name's month ("GPT 4o (Aug 2024)") -> the one dated snapshot of that name from that month
    month = unambiguous(own.filter(pl.col("key").str.contains(DATE_SUFFIX)).select(
        key=pl.format("month:{}-{}", pl.col("key").str.replace(DATE_SUFFIX, ""), pl.col("key").str.extract(DATE_SUFFIX, 1).str.slice(0, 6)),
        model_id="model_id", rule=pl.lit("display-month"), tier=pl.lit(TIER_WORD),
    ))
    return pl.concat([direct, keys_frame(word), dated, month]).sort("key", "since"), bad.select("alias", "model_id", "reason")


def block_missing_curated(aliases: pl.DataFrame, curated: pl.DataFrame, model_ids: pl.Series) -> pl.DataFrame:
    """`aliases` where each curated alias whose model the build lacks blocks its spelling (a null model, its reason in
    `note`), once every model is known: LiveBench's `kimi-k2-thinking` is Kimi K2 Thinking, not Kimi K2 with its
    thinking on, in a build whose listings lack Kimi K2 Thinking (`make run`'s data). `alias_table` leaves such an
    alias out, as a model still to be admitted may have it."""
    missing = curated.with_columns(key=name_key(pl.col("alias")), model_id=target_id()).filter(
        pl.col("model_id").is_not_null() & ~pl.col("model_id").is_in(model_ids.implode())
    )
    if missing.is_empty():
        return aliases
    blocks = keys_frame(missing.select(
        "key", model_id=pl.lit(None, pl.String), tier=pl.lit(TIER_CURATED), rule=pl.lit("curated-block"),
        note=pl.format("catalog/model_aliases.csv names {}, a model this build does not have", "model_id"),
    ).unique("key", keep="first", maintain_order=True))
    return pl.concat([aliases.filter(~pl.col("key").is_in(blocks["key"].implode())), blocks.select(aliases.columns)]).sort("key", "since")


def first_hits(tries: pl.DataFrame, aliases: pl.DataFrame, by: list[str], names_after: int | None = None) -> pl.DataFrame:
    """For tries (by..., attempt, key, date, stripped): the first attempt whose key exists decides.

    A key's rows are picked by date (`since` <= date < `until`, and not before a display name's
    `not_before`); a key that exists but has no row for the date, or whose row has no model, stops the
    search with a reason (`note`). With `names_after`, a hit on a display-name key (rule `name`) of an
    earlier attempt counts as tried right after that attempt. Returns by... + model_id, variant, rule, key, reason."""
    hits = tries.join(aliases, on="key", how="inner")
    early = (pl.col("date") < pl.col("not_before")).fill_null(False)
    if names_after is not None:
        hits = hits.with_columns(attempt=pl.when((pl.col("rule") == "name") & (pl.col("attempt") < names_after))
                                 .then(names_after + pl.col("attempt") / 100).otherwise(pl.col("attempt")))
    in_time = (pl.col("since").is_null() | (pl.col("date") >= pl.col("since"))) & (pl.col("until").is_null() | (pl.col("date") < pl.col("until")))
    timed = pl.col("since").is_not_null() | pl.col("until").is_not_null()
    hits = hits.with_columns(
        valid=pl.when(timed & pl.col("date").is_null()).then(False).otherwise(in_time.fill_null(False)) & ~early,
        early=early,
    )
    first_attempt = hits.group_by(by).agg(pl.col("attempt").min().alias("_first"))
    decided = hits.join(first_attempt, on=by, nulls_equal=True).filter(pl.col("attempt") == pl.col("_first"))
    chosen = (
        decided.sort([*by, "valid", "since"], descending=[*([False] * len(by)), True, True], nulls_last=True)
        .unique(by, keep="first", maintain_order=True)
    )
    return chosen.select(
        *by,
        model_id=pl.when(pl.col("valid")).then(pl.col("model_id")),
        variant=pl.when(pl.col("valid")).then(pl.coalesce(pl.col("variant"), pl.col("stripped"))).otherwise(None),
        rule="rule",
        key="key",
        reason=pl.when(pl.col("valid") & pl.col("model_id").is_not_null()).then(None)
        .when(pl.col("early")).then(pl.format("{}'s display name names it from {} (a month before its release), not on {}",
                                               "model_id", "not_before", "date"))
        .when(pl.col("rule") == "curated-block").then(pl.format("blocked alias: {}", pl.col("note").fill_null("curated block")))
        .when(pl.col("rule") == "ambiguous").then(pl.col("note"))
        .when(~pl.col("valid") & pl.col("rule").is_in(["alias-history"]))
        .then(pl.format("moving alias with no dated entry for {}", pl.col("date").cast(pl.String).fill_null("an undated observation")))
        .when(~pl.col("valid")).then(pl.format("ambiguous at {}: {}", pl.col("date").cast(pl.String).fill_null("an undated observation"), pl.col("note").fill_null(pl.col("rule"))))
        .otherwise(pl.col("note")),
    )


NAME_COLUMNS = ["source_id", "raw_model_name", "model_hint", "as_of_date"]


def _tries(names: pl.DataFrame, name: pl.Expr, hint: pl.Expr) -> pl.DataFrame:
    """Every (name, attempt, key) to look up, in resolution order (`_attempts`), at the name's date."""
    # the name's and the hint's keys, without and with their setting, once per name (each attempt derives from them)
    # a maker's page names the model as its maker does and gives the setting apart: a name's `-reasoning`, `-thinking`,
    # `-max` or `-80k` is the model's (Phi-4-reasoning, Kimi K2 Thinking, GPT-5.1-Codex-Max, MiniMax-M1-80K), never
    # a setting of another model (Phi-4 with thinking, where the registry lacks Phi-4-reasoning)
    page = pl.col("source_id").is_in(list(PAGE_SOURCES))
    keyed = names.with_columns(_k0=name_key(name), _k1=name_key(hint)).with_columns(
        _b0=pl.when(page).then(pl.col("_k0")).otherwise(strip_variant(pl.col("_k0"))), _b1=strip_variant(pl.col("_k1")),
        _v0=pl.when(~page).then(variant_of(pl.col("_k0"))), _v1=variant_of(pl.col("_k1")),
    ).with_columns(_w0=word_order_key(pl.col("_b0")), _w1=word_order_key(pl.col("_b1")))  # two attempts read each
    # one query of every attempt (one eager select an attempt was ~1 ms of polars' start-up each)
    return pl.concat(
        [keyed.lazy().select(*names.columns, attempt=pl.lit(i), key=k, stripped=v, date=pl.col("as_of_date"))
         for i, k, v in _attempts(name, hint)],
        how="vertical",
    ).filter(pl.col("key").is_not_null() & ~pl.col("key").is_in(["", "~", "dated:"])).collect()


MONTHS = {m: f"{i:02d}" for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
MONTH_SUFFIX = r"-(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*-(20\d{2})$"


def month_key(key: pl.Expr) -> pl.Expr:
    """`gpt-4o-aug-2024` (a display name's "(Aug 2024)") -> `month:gpt-4o-202408`, else null."""
    month = key.str.extract(MONTH_SUFFIX, 1).replace_strict(MONTHS, default=None, return_dtype=pl.String)
    return pl.when(month.is_not_null()).then(
        pl.format("month:{}-{}{}", key.str.replace(MONTH_SUFFIX, ""), key.str.extract(MONTH_SUFFIX, 2), month)
    )


def native_key(source_id: pl.Expr, native_id: pl.Expr) -> pl.Expr:
    """`native:<source>:<id>`: a source's own id of a model, as its model records resolved it."""
    return pl.format("native:{}:{}", source_id, native_id.str.to_lowercase().str.strip_chars())


def _attempts(name: pl.Expr, hint: pl.Expr) -> list[tuple[int, pl.Expr, pl.Expr]]:
    """(attempt, key, stripped variant) in resolution order: the name's and the hint's exact keys
    (curated aliases, the dated history, a model's own id, display names), the source's own id as its
    model records resolved it, then the derived keys."""
    none = pl.lit(None, pl.String)
    out: list[tuple[int, pl.Expr, pl.Expr]] = [
        (12, native_key(pl.col("source_id"), name), none),
        (13, native_key(pl.col("source_id"), hint), none),
    ]
    # `_k<i>`: name_key of the name (0) and of the hint (1); `_b<i>` without its setting, `_v<i>` the setting, `_w<i>`
    # the word-order key of `_b<i>` (`_tries`)
    for i in (0, 1):
        k, bare, variant, words = pl.col(f"_k{i}"), pl.col(f"_b{i}"), pl.col(f"_v{i}"), pl.col(f"_w{i}")
        # a name without "-instruct" of a source that does not list base models names a chat model
        chat = ~pl.col("source_id").is_in(list(BASE_MODEL_SOURCES)) & ~bare.str.contains(INSTRUCT)
        out += [
            # ... where the exact key is the pre-trained weights' (model_metadata.served_keys)
            (8 + i, pl.when(chat).then(pl.format("served:{}", bare)), variant),
            (10 + i, k, none),
            (30 + i, bare, variant),
            # Meta's repos prefix "Meta-" to its Llama names (`Meta-Llama-3.2-1B-Instruct`)
            (50 + i, pl.when(bare.str.starts_with("meta-llama-")).then(bare.str.replace("^meta-llama-", "llama-")), variant),
            (70 + i, pl.format("~{}", words), variant),
            # ... and where no model has the name, the instruct model of that name (Ollama's `qwen2.5-coder:32b` in
            # aider's table)
            (80 + i, pl.when(chat).then(pl.format("instruct-of:{}", words)), variant),
            (90 + i, month_key(bare), variant),
            (110 + i, pl.when(bare.str.contains(DATE_SUFFIX)).then(pl.format("dated:{}", bare.str.replace(DATE_SUFFIX, ""))), variant),
        ]
    return out


def resolve(observations: pl.DataFrame, aliases: pl.DataFrame, review: bool = True) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """Add `model_id`, `resolution` and `unresolved_reason` to score observations (and the variant a
    resolved name carries); return (observations, review), the review None when not asked for."""
    obs = observations
    if "as_of_date" not in obs.columns:
        obs = obs.with_columns(as_of_date=pl.lit(None, pl.Date))
    if "variant" not in obs.columns:
        obs = obs.with_columns(variant=pl.lit(None, pl.String))
    names = obs.select(NAME_COLUMNS).unique()
    tries = _tries(names, pl.col("raw_model_name"), pl.col("model_hint"))
    # a display name ("Command R+", which Cohere gives its 08-2024 snapshot) is looser than the hint's id
    # (`CohereForAI/c4ai-command-r-plus`, the 04-2024 weights): the hint's exact key is tried first
    hits = first_hits(tries, aliases, NAME_COLUMNS, names_after=11)
    # a dated name (`gpt-4o-2024-11-20`) is that day's snapshot: a moving alias that named another snapshot on the
    # name's day (the hint's "GPT-4o", `gpt-4o` then serving 2024-08-06) does not make it that one, where the build
    # lacks the dated snapshot (as resolve_records for records)
    day = name_key(pl.col("raw_model_name")).str.extract(DATE_SUFFIX, 1)
    other = ((pl.col("rule") == "alias-history") & (day != pl.col("model_id").str.extract(DATE_SUFFIX, 1))).fill_null(False)
    hits = hits.with_columns(
        reason=pl.when(other).then(pl.format("{} is the snapshot of that day; the moving alias {} then named {}, another snapshot",
                                             "raw_model_name", "key", "model_id")).otherwise("reason"),
        model_id=pl.when(other).then(None).otherwise("model_id"),
    )
    matched = hits.select(
        *NAME_COLUMNS, "model_id",
        name_variant="variant",
        resolution=pl.when(pl.col("model_id").is_not_null()).then(pl.format("{}:{}", "rule", "key")),
        unresolved_reason="reason",
    )
    matched = _redated(_agent_rows(names, matched, aliases), aliases)
    resolved = obs.join(matched, on=NAME_COLUMNS, how="left", nulls_equal=True).with_columns(
        variant=pl.coalesce("variant", "name_variant"),
        unresolved_reason=pl.when(pl.col("model_id").is_null()).then(pl.col("unresolved_reason").fill_null("unknown: no model has this name")),
    ).drop("name_variant")
    resolved = resolved.with_columns(variant=normalized_variants(resolved["variant"]))
    if not review:
        return resolved, None
    return resolved, review_of([unresolved_names(resolved)], aliases)


def _redated(matched: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """A dated id cannot name an observation dated more than NAME_EARLY_DAYS before the id's date: the source
    tagged an earlier run with a later snapshot (SWE-bench gives its June 2024 runs `claude-3-5-sonnet-20241022`).
    Such a name names what its undated name named on the observation's day (the alias history: Claude 3.5
    Sonnet of June 2024), if that model's own id does not postdate the observation too; else nothing."""
    def too_early(model_id: pl.Expr) -> pl.Expr:
        return (pl.col("as_of_date") < id_dates(model_id)[0] - pl.duration(days=NAME_EARLY_DAYS)).fill_null(False)

    before = matched.filter(too_early(pl.col("model_id")))
    if before.is_empty():
        return matched
    key = pl.col("resolution").str.replace(r"^[a-z-]+:", "")  # resolution: "<rule>:<key>"
    tries = before.select(*NAME_COLUMNS, attempt=pl.lit(0), key=key.str.replace(DATE_SUFFIX, ""), date="as_of_date",
                          stripped=pl.lit(None, pl.String))
    then = first_hits(tries, aliases, NAME_COLUMNS).select(*NAME_COLUMNS, then="model_id", then_key="key")
    redone = before.join(then, on=NAME_COLUMNS, how="left", nulls_equal=True)
    ok = pl.col("then").is_not_null() & ~too_early(pl.col("then"))
    redone = redone.select(
        *NAME_COLUMNS,
        model_id=pl.when(ok).then("then"),
        name_variant=pl.when(ok).then("name_variant"),
        resolution=pl.when(ok).then(pl.format("redated:{}", "then_key")),
        unresolved_reason=pl.when(ok).then(None).otherwise(pl.format(
            "{} is dated {}, more than a month before the date {}'s id states; its undated name names no model released by then",
            "raw_model_name", "as_of_date", "model_id")),
    )
    return pl.concat([matched.filter(~too_early(pl.col("model_id"))), redone.select(matched.columns)], how="vertical_relaxed")


# a name to review: as a source spells it
REVIEW_KEY = ["source_id", "raw_model_name", "model_hint"]


def unresolved_names(resolved: pl.DataFrame) -> pl.DataFrame:
    """The names of resolved observations (`resolve`) that found no model: how many observations each and
    the first reason given, in the order the names first appear."""
    return (
        resolved.filter(pl.col("model_id").is_null())
        .group_by(REVIEW_KEY, maintain_order=True)
        .agg(pl.len().alias("observations"), reason=pl.col("unresolved_reason").drop_nulls().first())
    )


def review_of(parts: list[pl.DataFrame], aliases: pl.DataFrame) -> pl.DataFrame:
    """The review table (`review_table`) of the observations whose `unresolved_names` are `parts` (in the
    observations' order): a name in several parts counts the observations of all of them and keeps the
    first reason given."""
    unresolved = parts[0] if len(parts) == 1 else pl.concat(parts, how="vertical").group_by(REVIEW_KEY, maintain_order=True).agg(
        pl.col("observations").sum(), reason=pl.col("reason").drop_nulls().first(),
    )
    return review_table(unresolved.sort(REVIEW_KEY, nulls_last=True), aliases)


AGENT_PREFIX = "agent: "


def _agent_rows(names: pl.DataFrame, matched: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """An agent system named without a model tag (`agent: SWE-agent + GPT 4o (2024-08-06)`): its
    parts (split on " + " and parentheses) are resolved one by one, and the score attaches to a model
    only when exactly one model is named. An unresolved part may be a harness or a model the registry
    lacks, so this is for agent names only, never for model pairs such as aider's architect runs."""
    agents = names.join(matched.filter(pl.col("model_id").is_not_null()).select(NAME_COLUMNS), on=NAME_COLUMNS, how="anti", nulls_equal=True)
    agents = agents.filter(pl.col("raw_model_name").str.starts_with(AGENT_PREFIX))
    if agents.is_empty():
        return matched
    parts = (
        agents.with_columns(part=pl.col("raw_model_name").str.strip_prefix(AGENT_PREFIX).str.replace_all(r"[()]", " + ").str.split(" + "))
        .explode("part")
        .with_columns(pl.col("part").str.strip_chars())
        .filter(pl.col("part").str.len_chars() > 1)
    )
    tries = _tries(parts, pl.col("part"), pl.lit(None, pl.String))
    hits = first_hits(tries, aliases, [*NAME_COLUMNS, "part"]).filter(pl.col("model_id").is_not_null())
    one = (
        hits.group_by(NAME_COLUMNS)
        .agg(models=pl.col("model_id").unique(), variant=pl.col("variant").drop_nulls().first(), key=pl.col("key").first())
        .filter(pl.col("models").list.len() == 1)
        .select(*NAME_COLUMNS, model_id=pl.col("models").list.first(), name_variant=pl.lit(None, pl.String),
                resolution=pl.format("agent-one-model:{}", "key"), unresolved_reason=pl.lit(None, pl.String))
    )
    return pl.concat([matched.join(one.select(NAME_COLUMNS), on=NAME_COLUMNS, how="anti", nulls_equal=True), one], how="vertical_relaxed")


COMMON_TOKEN_MODELS = 50  # a token shared by more models than this says little about identity


def review_table(unresolved: pl.DataFrame, aliases: pl.DataFrame, top: int = 3) -> pl.DataFrame:
    """Names that did not resolve, with the reason and up to `top` suggested model ids for a human to
    curate (never a blocked or ambiguous key: suggestions are models).

    Suggestions rank models by the overlap (Jaccard) of name tokens with the model id's tokens. The candidates
    come from a join on tokens, so its cost follows shared tokens, not names x models: tokens found in more
    than COMMON_TOKEN_MODELS model ids ("gpt", "4") do not make candidates, which keeps the join linear as the
    registry grows, but every token counts in a candidate's overlap. A model is suggested only when the name
    says the model's first word, its family (`qwen2-5-coder-7b` for "Qwen2.5-Coder-3B-Instruct", never
    `deepseek-coder-1-3b-instruct`, which shares "coder", "3b" and "instruct"; nothing for "Vicuna-13B" where no
    model is a Vicuna, not `alpaca-13b` for sharing "13b"), and a family is a word, not a version (`v0-1-5-md`,
    Vercel's v0, is no suggestion for "openhands-lm-32b-v0.1"). A name of several models ("claude-3-opus-20240229
    + gpt-4o-2024-08-06") is matched part by part, and the suggestions take each part's best first.
    """
    if "reason" not in unresolved.columns:
        unresolved = unresolved.with_columns(reason=pl.lit(None, pl.String))
    models = (
        aliases.filter(pl.col("model_id").is_not_null() & pl.col("rule").is_in(OWN_ID_RULES))
        .select(pl.col("model_id").unique())
        .with_columns(m_tokens=pl.col("model_id").str.split("-"))
    )
    model_tokens = (
        models.select("model_id", token="m_tokens").explode("token").unique()
        .filter(pl.len().over("token") <= COMMON_TOKEN_MODELS)
    )
    names = (
        unresolved.select("raw_model_name").unique()
        .with_columns(part=pl.col("raw_model_name").str.split(" + "))
        .explode("part").with_columns(part_no=pl.int_range(pl.len()).over("raw_model_name"))
        .with_columns(n_tokens=strip_variant(name_key(pl.col("part"))).str.split("-"))
        .drop("part")
    )
    name_tokens = names.select("raw_model_name", "part_no", token="n_tokens").explode("token").unique()
    family = pl.col("m_tokens").list.first()
    ranked = (
        name_tokens.join(model_tokens, on="token").select("raw_model_name", "part_no", "model_id").unique()
        .join(names, on=["raw_model_name", "part_no"]).join(models, on="model_id")
        .filter(pl.col("n_tokens").list.contains(family) & family.str.contains("[a-z]") & ~family.str.contains(r"^v\d+$"))
        .with_columns(shared=pl.col("n_tokens").list.set_intersection("m_tokens").list.len(),
                      name_n=pl.col("n_tokens").list.n_unique(), model_n=pl.col("m_tokens").list.n_unique())
        .with_columns(jaccard=pl.col("shared") / (pl.col("name_n") + pl.col("model_n") - pl.col("shared")))
        .filter(pl.col("jaccard") >= 0.25)
        # each part's best first: a model's place among its part's candidates, then the part
        .sort(["raw_model_name", "part_no", "jaccard", "model_id"], descending=[False, False, True, False])
        .with_columns(place=pl.int_range(pl.len()).over("raw_model_name", "part_no"))
        .sort(["raw_model_name", "place", "part_no"])
        .unique(["raw_model_name", "model_id"], keep="first", maintain_order=True)
        .group_by("raw_model_name", maintain_order=True)
        .agg(suggestions=pl.col("model_id").head(top))
    )
    return unresolved.join(ranked, on="raw_model_name", how="left").with_columns(
        pl.col("suggestions").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        reason=pl.col("reason").fill_null("unknown: no model has this name"),
    ).sort(["source_id", "raw_model_name", "model_hint"], nulls_last=True)
