"""Model metadata across sources: which record names which model, which models exist, which value
of each field wins, and who serves a model at what price.

Four steps, all vectorised polars:

1. **Records to models.** Every model record (a maker's listing, a host's listing, a catalogue entry)
   is resolved to a registry model through the same alias keys as scores, on exact keys only: its
   id (the last path segment, without a `:free`-style listing suffix), that id with host serving
   suffixes removed (`-turbo`, `-fp8`, `-versatile`, ...), its display name, and their word-order
   forms; a host's display name that extends its id ("DeepSeek-V3.1" for Bedrock's `deepseek.v3-v1:0`)
   first. Run settings are never stripped here (`kimi-k2-thinking` is a model of its own).
2. **Admission.** A record that resolves to no model defines one when its source may create models
   (`SourceSpec.creates_models`; a vendor file's `introduces` entry only where it names the model,
   `SourceSpec.defines_named`), it is not a moving alias, and its maker is known exactly: its
   `maker_hint` (an organisation, an id prefix, a models.dev family) is in the curated
   `catalog/makers.csv`. Never a fuzzy guess. Records of several hosts that share the host-free key
   (in any word order) are one model; a curated alias (`catalog/model_aliases.csv`) joins spellings
   the rules cannot. The records of a leaderboard that labels models by its runs
   (`SourceSpec.defines_late`, ARC Prize) are admitted in a second round, once every other model is known.
3. **Field precedence.** For each model and field, the candidates are the values of every record
   resolved to it. A release date from the maker's page that released the model, and the status of the page that
   deprecated it, win (`PAGE_FIELDS`),
   then the maker's own listing (when its rows disagree, the value more listings
   share). For the fields that describe the model rather than its serving (release date, cutoff,
   open weights, family, licence, parameters, base model), a maker value that every other listing
   contradicts is overruled: at least `CONSENSUS_MIN` listings agreeing on another value, and at
   least `CONSENSUS_FACTOR` times as many as share the maker's value (glm-5: 18 listings say open
   weights, 9 copy the maker's "closed"). Without a maker value, the source
   order of `FIELD_SOURCE_ORDER` decides, and within a source the value more listings share (open weights
   on a tie: a host's "closed" is often its own serving). A price of 0 (a free or preview listing) never
   becomes a model's price. A release date the evidence contradicts (`release_date_faults`: the model's or the
   listing's id, a run of the weights) is no candidate and a reject; a moving alias' listing gives no
   fact about the weights (`WEIGHTS_FIELDS`). Each winner's source, record and rule are kept (`provenance`).
4. **Offers.** Every record with a provider and a price or a context window is one offer of the
   model (`model_providers`); the summary's pricing stays the maker's own price, or where the maker lists
   none here, the maker's price as a router passes it on (`ROUTER_PRICE_SOURCES`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from registry_pipeline.catalog import ALIAS_HISTORY_COLUMNS
from registry_pipeline.registry import MODEL_COLUMNS
from registry_pipeline.schemas.contracts import REJECT_COLUMNS
from registry_pipeline.transform import identity
from registry_pipeline.transform.licences import licence_id

# words HOST_SUFFIX strips that are also makers' model names (Z.ai's GLM-5V-Turbo, Alibaba's Qwen Math Turbo,
# Baidu's Qianfan-OCR-Fast): an admitted model's id keeps one when every listing of the model spells it
NAME_WORDS = ("turbo", "fast", "instant")
# a host's precision, quantisation and tier words: never part of a model's id or name
SERVING_WORDS = ("fp8", "fp16", "bf16", "fp4", "nvfp4", "int4", "int8", "awq", "gguf", "tee", "free")
# serving suffixes hosts append to a model's id; they name a deployment, not another model
HOST_TIER_WORDS = (*SERVING_WORDS, "tput", "versatile", "v1", "paddle", "maas", "hf", "together", "dynamic")
HOST_SUFFIX = r"(-(" + "|".join((*NAME_WORDS, *HOST_TIER_WORDS)) + r"))+$"
# ... of a record that is its maker's own (a maker's listing or page) or whose id the catalogue names (a curated
# alias' key): a NAME_WORD there is the model's name (xAI's page of `grok-4-fast` is not about Grok 4)
SERVING_SUFFIX = r"(-(" + "|".join(HOST_TIER_WORDS) + r"))+$"
NAME_WORD = r"^-(" + "|".join(NAME_WORDS) + r")$"
# a host's serving words at the end of a listing's name ("Llama 2 7B Chat FP16", "Devstral 2 ... 2512 TEE",
# "KAT-Coder-Pro V1(Free)"): not part of the model's name
SERVING_NAME = r"(?i)[\s-]*\(?\b(" + "|".join(SERVING_WORDS) + r")\)?$"

# fields that describe the model itself: a maker value contradicted by every other listing is overruled
LISTING_FIELDS = ("release_date", "training_cutoff", "open_weights", "family", "licence", "param_count", "base_model")
# of those, the facts about the weights themselves, which a moving alias' listing does not give (choose_fields)
WEIGHTS_FIELDS = ("release_date", "open_weights", "licence", "param_count", "base_model")
# fields about serving the model: the maker's own value, else the source order
SERVING_FIELDS = (
    "context_window", "max_output_tokens", "price_input", "price_output", "price_cache_input", "price_cache_output",
    "input_modalities", "output_modalities", "supports_reasoning", "supports_tools", "supports_structured_output",
    "supports_attachment", "status", "downloads",
)
PRICE_FIELDS = ("price_input", "price_output", "price_cache_input", "price_cache_output")
CONSENSUS_MIN = 3
CONSENSUS_FACTOR = 2

# Without a maker value, the first source in this order that has one wins (documented in README).
DEFAULT_ORDER = ("llm-stats", "openrouter", "models-dev", "huggingface-hub", "yamanahlawat-llm-registry", "artificial-analysis")
# the maker's own Hugging Face repo is the authority on what its weights are
HUB_FIRST = ("huggingface-hub", "llm-stats", "openrouter", "models-dev", "yamanahlawat-llm-registry")
FIELD_SOURCE_ORDER: dict[str, tuple[str, ...]] = {
    # the Open LLM Leaderboard's copy of the Hub's facts (its licence "other" for a maker's own licence, its size in
    # billions) comes last: it fills what no other source gives, for the models only its rows define
    **{f: (*HUB_FIRST, "open-llm-leaderboard") for f in ("licence", "param_count", "base_model")},
    "downloads": HUB_FIRST,
    # the Open LLM Leaderboard ran the maker's own upload (its official-provider rows); LMArena states each model's
    # licence ("Proprietary" or the weights' licence); hosts' listings often say "closed" of their own serving
    # (NVIDIA's listing of its open Nemotron 4 340B)
    "open_weights": ("huggingface-hub", "open-llm-leaderboard", "lmarena", *DEFAULT_ORDER),
}
# Fields a maker's launch page states (a curated vendor file's `introduces`: the day the page released the model).
# It wins over every listing, the maker's own too: the catalogues' dates are often a listing's or a month's
# (models.dev's Mistral rows: day 01; llm-stats dates Qwen2 by its report, weeks after the weights), and a maker
# row may give the snapshot's day rather than the launch's (models.dev's Anthropic rows: Claude 3 Opus `-20240229`
# 2024-02-29, launched 2024-03-04; Claude 3.7 Sonnet `-20250219` 2025-02-19, launched 2025-02-24). Of two pages,
# the earlier. A maker's page that deprecated a model (`deprecates`) sets its status the same way: the catalogues'
# "active" describes their listing (models.dev's Anthropic rows list Claude 3 Opus as active after its retirement).
# The training cutoff a maker's model card or model page states (`cutoffs`) wins the same way: hosts' cutoffs are
# often a default of theirs or another snapshot's.
# field -> the rule its maker's page wins by
PAGE_FIELDS = {"release_date": "launch-page", "status": "deprecation-page", "training_cutoff": "model-card"}
# Sources whose release date is a router's snapshot date (OpenRouter's dated `canonical_slug`, confirmed by its
# listing day): the last resort, after every other source's date, and only from a listing whose own id is the
# model's (`anthropic/claude-opus-4.7`, not the `-fast` listing that resolves to it with a later day of its own)
SNAPSHOT_DATE_SOURCES = ("openrouter",)
# Routers whose listing of a maker's closed model passes the maker's API price on: where the maker lists no price
# of its own here, the router's listing of the model itself (its id the model's, no `:free`/`:thinking` variant,
# linking no weights' repo, of a model not published as open weights) gives the summary price, rule
# `maker-via-router`. Where the maker's own listing prices such a model too (build of every recording), OpenRouter's
# is the same in 52 of 56; the others are Alibaba's (three, each 65% of its models.dev listing) and Gemini 2.5
# Flash Image's (its text output's price beside models.dev's image output's).
ROUTER_PRICE_SOURCES = ("openrouter",)
SUMMARY_PRICE_RULES = ("maker", "maker-via-router")
PAGE_SOURCES = identity.PAGE_SOURCES  # the makers' pages: the curated vendor files
NAME_ORDER = ("llm-stats", "openrouter", "models-dev", "huggingface-hub", "yamanahlawat-llm-registry")
# ... and after every other source: the Open LLM Leaderboard's names are its repos' ids as it lists them, an
# organisation's (`CohereForAI/c4ai-command-r-v01`), where LMArena names the model ("Command R 04-2024")
NAME_LAST = ("open-llm-leaderboard",)

INSTRUCT = identity.INSTRUCT
DATED_ID = r"-(\d{4}|\d{2}-\d{4}|20\d{6})$"  # -2411, -08-2024, -20241022
# a reasoning-effort suffix always names a setting (`o3-mini-high`); `-thinking` may be weights of their own
# (Qwen3-VL-32B-Thinking), so a catalogue's thinking-mode listing needs a curated alias with its variant
EFFORT_SUFFIX = r"(-(minimal|low|medium|high|xhigh|max))+$"
BASE_MODEL_SOURCES = identity.BASE_MODEL_SOURCES

# The date a model's own id states (identity.id_dates). A release date more than a month before it, or more
# than three months after it, is another model's date or a host's listing date (models.dev's Bedrock gives
# `mistral-large-2402` 2024-12-01, Qiniu Claude 3.5 Haiku 2025-08-26): it is no candidate.
RELEASE_BEFORE_ID_DAYS = 31
RELEASE_AFTER_ID_DAYS = 92
# Sources whose record date is the day they ran the model's weights (the Open LLM Leaderboard's submission):
# the model existed then. A release date more than two weeks later is a host's listing date (models.dev's
# Cloudflare, Bedrock, Kilo and OVH give Mistral 7B Instruct v0.3, run on 2024-06-12, 2025-04-01) or a
# report's (llm-stats dates Qwen2 72B Instruct, run on 2024-06-26, by the Qwen2 report: 2024-07-23). A
# maker's announcement can follow its repo by days (Llama 3.3 70B, run 2024-12-03, released 2024-12-06).
RUN_DATED_SOURCES = ("open-llm-leaderboard",)
RELEASE_AFTER_RUN_DAYS = 14


def host_free_keys(aliases: pl.DataFrame) -> pl.DataFrame:
    """A maker's id with a serving suffix (`llama-4-maverick-17b-128e-instruct-fp8`) under its host-free
    key, which hosts use; never over a key that already names a model, nor without a model-name word
    (`NAME_WORD`: xAI's `grok-4-1-fast` is not what a host's `grok-4.1` serves)."""
    ids = aliases.filter(pl.col("rule").is_in(identity.OWN_ID_RULES))
    free = ids.select(key=pl.col("key").str.replace(HOST_SUFFIX, ""), model_id="model_id", rule=pl.lit("id-host-free"), whole="key")
    free = free.filter(~pl.col("whole").str.slice(pl.col("key").str.len_chars()).str.contains(NAME_WORD)).drop("whole")
    free = free.filter((pl.col("key") != "") & ~pl.col("key").is_in(aliases["key"].implode()))
    return _named(identity.unambiguous(free.with_columns(tier=pl.lit(identity.TIER_WORD))))


def _named(keys: pl.DataFrame) -> pl.DataFrame:
    return keys.filter(pl.col("model_id").is_not_null())


def record_aliases(aliases: pl.DataFrame, base_models: list[str] | None = None) -> pl.DataFrame:
    """Score aliases plus the keys of hosts' spellings: host-free ids, `instruct-of` (a host's plain listing;
    also a score name of a source that lists no base models), `noinst:` (records only; never a model of
    `base_models`, see `noinst_keys`) and `served:` (score names, see `served_keys`)."""
    base_models = base_models or []
    chat = instruct_keys(aliases)
    return pl.concat([aliases, host_free_keys(aliases), chat, noinst_keys(aliases, base_models),
                      served_keys(aliases, base_models, chat)], how="vertical_relaxed")


def served_keys(keys: pl.DataFrame, base_models: list[str], chat: pl.DataFrame) -> pl.DataFrame:
    """`served:<key>` -> the instruct model, for each exact key of one of `base_models` (a model only base-model repos
    define) whose instruct model is known: a score name without "-instruct" of a source that lists no base models
    names the chat model (identity's attempts 8 and 9), as a provider's plain listing does (`resolve_records`):
    Ollama's `qwen2.5:32b` in aider's table is Qwen2.5-32B-Instruct, not the leaderboard's Qwen/Qwen2.5-32B.
    `chat`: the `instruct-of` keys of `keys` (`instruct_keys`)."""
    exact = identity.keys_frame(keys).filter(
        pl.col("model_id").is_in(base_models) & pl.col("since").is_null() & pl.col("until").is_null()
        & ~pl.col("key").str.contains(r"^(~|[a-z-]+:)")
    )
    return (
        exact.with_columns(_plain=pl.format("instruct-of:{}", identity.word_order_key(pl.col("key"))))
        .join(chat.select(_plain="key", _chat="model_id"), on="_plain", how="inner")
        .with_columns(key=pl.format("served:{}", "key"), model_id="_chat", variant=pl.lit(None, pl.String),
                      rule=pl.lit("served-instruct"), tier=pl.lit(identity.TIER_WORD))
        .drop("_plain", "_chat").sort("key", "model_id").unique("key", keep="first", maintain_order=True)
    )


def noinst_keys(keys: pl.DataFrame, base_models: list[str]) -> pl.DataFrame:
    """`noinst:<key>` -> the model, for a record's id without "-instruct" (record_keys' k_noinst: a host's
    `mistral-large-instruct-2411` is Mistral's `mistral-large-2411`, `mistral-7b-instruct` its "Mistral 7B");
    never a model of `base_models` (only base-model repos define it: `Qwen2-57B-A14B` is not the Instruct)."""
    exact = identity.keys_frame(keys).filter(
        pl.col("model_id").is_not_null() & pl.col("since").is_null() & pl.col("until").is_null()
        & ~pl.col("key").str.contains(r"^(~|[a-z-]+:)") & ~pl.col("model_id").is_in(base_models)
    )
    return exact.with_columns(key=pl.format("noinst:{}", "key"), rule=pl.lit("without-instruct"), tier=pl.lit(identity.TIER_WORD))


def instruct_keys(keys: pl.DataFrame) -> pl.DataFrame:
    """`instruct-of:<key without -instruct>` -> the instruct model, for host listings (see record_keys)."""
    inst = identity.keys_frame(keys).filter(pl.col("key").str.contains(INSTRUCT) & ~pl.col("key").str.starts_with("~") & pl.col("model_id").is_not_null()
                       & pl.col("since").is_null() & pl.col("until").is_null())
    return _named(identity.unambiguous(inst.select(
        key=pl.format("instruct-of:{}", identity.word_order_key(pl.col("key").str.replace_all(INSTRUCT, "${2}").str.strip_chars("-"))),
        model_id="model_id", rule=pl.lit("host-instruct"), tier=pl.lit(identity.TIER_WORD), not_before="not_before",
    )))


PROVENANCE_COLUMNS: dict[str, pl.DataType] = {
    "model_id": pl.String, "field": pl.String, "value": pl.String, "source_id": pl.String,
    "raw_model_id": pl.String, "source_url": pl.String,  # that record's page (a vendor's post, a host's listing)
    "rule": pl.String, "support": pl.Int64,
    "corrected": pl.Boolean,  # the value is a curated erratum's, not the source's (transform/errata.py)
}
OFFER_COLUMNS: dict[str, pl.DataType] = {
    "model_id": pl.String, "provider_id": pl.String, "provider_name": pl.String, "source_id": pl.String,
    "raw_model_id": pl.String, "price_input": pl.Float64, "price_output": pl.Float64,
    "price_cache_input": pl.Float64, "price_cache_output": pl.Float64, "context_window": pl.Int64,
    "max_output_tokens": pl.Int64, "is_maker": pl.Boolean,
}


@dataclass
class ModelMetadata:
    models: pl.DataFrame  # MODEL_COLUMNS, one row per registry model
    records: pl.DataFrame  # every record with model_id, resolution, maker
    aliases: pl.DataFrame  # key, model_id, rule, tier (for score resolution)
    curated_rejects: pl.DataFrame  # alias, model_id, reason, key (the alias' key), spelled (a record spells it)
    provenance: pl.DataFrame  # PROVENANCE_COLUMNS: where each published field came from
    offers: pl.DataFrame  # OFFER_COLUMNS
    contributions: pl.DataFrame  # source_id, model_id, role ("defines" | "confirms")
    published_aliases: pl.DataFrame  # alias, model_id, variant, since, until, rule, note: moving names and what they point to
    rejects: pl.DataFrame  # REJECT_COLUMNS: maker rows whose id collides with another maker's (identity.id_collisions),
    # and release dates that are no candidate (release_date_rejects)
    base_models: list[str] = field(default_factory=list)  # models only base-model repos define (their weights)


def makers(table: pl.DataFrame) -> pl.DataFrame:
    return table.select(hint=pl.col("hint").str.to_lowercase().str.strip_chars(), maker=pl.col("maker"))


# an Ollama-style size tag: "gpt-oss:120b", "qwen3-vl:235b-instruct", "kimi-k2:1t"
SIZE_TAG = r":(\d+(?:\.\d+)?[bt](?:-[a-z0-9-]+)?)$"
# a Bedrock-style region or vendor prefix of an id ("us.anthropic.", "openai.")
VENDOR_PREFIX = r"(?i)^((us|eu|apac|global|anthropic|meta|mistral|amazon|cohere|ai21|qwen|writer|openai|google)\.)+"
# a maker's name in front of a catalogue's id ("anthropic--claude-3-haiku")
MAKER_PREFIX = r"(?i)^(anthropic|meta|mistral|mistralai|amazon|cohere|ai21|qwen|writer|openai|google)--"


def record_keys(records: pl.DataFrame, named: pl.Series | None = None) -> pl.DataFrame:
    """The exact keys a record can resolve by: id, host-free id, display name (and word-order forms). A host's
    tier word that is also a model-name word (`NAME_WORDS`: Together's `-Turbo`, Nebius' `-fast`, Groq's
    `-instant`) is dropped from the host-free id, except in a maker's own record (a maker's listing, a maker's
    page: `PAGE_SOURCES`) and in an id that is one of `named` (the curated aliases' keys: `glm-5-turbo` is a
    model of its own, though only a router lists it), where it names the model (`SERVING_SUFFIX`)."""
    # the id's last path segment, without a listing suffix (":free") and without a Bedrock-style vendor
    # or region prefix ("us.anthropic.claude-3-7-sonnet-20250219-v1"). Bedrock versions its ids: a
    # revision ":0" after the model's own version ("-v1:0", gpt-oss' "-1:0"), dropped with it; a
    # non-zero number after "-v<N>:" is the model's minor version (Mixtral "v0:1" is v0.1, Claude "v2:1" is 2.1).
    # An Ollama-style size tag ("gemma3:12b") is part of the name when the listing offers that name in
    # several sizes (gemma3 in 4b, 12b and 27b are three models); a name offered in one size drops it.
    listing = pl.col("raw_model_id").str.replace(r":[^/:]*$", "")
    size = pl.col("raw_model_id").str.extract(SIZE_TAG, 1)
    sized = size.is_not_null() & (size.drop_nulls().n_unique().over(listing) > 1)
    raw_id = pl.when(sized).then(pl.col("raw_model_id").str.replace(SIZE_TAG, "-${1}")).otherwise(pl.col("raw_model_id"))
    part = (
        raw_id.str.replace(r"^~", "").str.replace(r"^.*/", "")
        .str.replace(r"-v(\d+):([1-9]\d*)$", "-v${1}.${2}").str.replace(r"(-v?\d+)?:0(:[a-z0-9]+)?$", "")
        .str.replace(r":[a-z0-9-]+$", "")
        .str.replace(VENDOR_PREFIX, "")
        # SAP AI Core's "anthropic--claude-3-haiku"; any other "org--repo" is a re-upload under its owner's
        # name (the Open LLM Leaderboard's `jebish7--gemma-2-9b-it`), never the maker's model
        .str.replace(MAKER_PREFIX, "")
    )
    # each key is a column before the keys made from it (a polars query computes an expression each time it
    # appears: host_key inline in the five keys below cost 0.22 s at the recordings, 0.04 s as a column)
    key = pl.col("k_id")
    # Fireworks writes versions as "v3p1"; Meta's own repos prefix "Meta-" to "Llama-3.1-..." names, and
    # hosts prefix a maker's name no model of it starts with (Venice's "openai-gpt-oss-120b", "google-gemma-3-27b-it")
    named_word = pl.col("is_maker").fill_null(False) | pl.col("source_id").is_in(list(PAGE_SOURCES))
    if named is not None:
        named_word = named_word | key.is_in(named.implode())
    host_key = pl.col("k_host")
    keyed = records.with_columns(k_id=identity.name_key(part)).with_columns(k_host=(
        key.str.replace_all(r"(\d)p(\d)", "${1}-${2}")
        .pipe(lambda k: pl.when(named_word).then(k.str.replace(SERVING_SUFFIX, "")).otherwise(k.str.replace(HOST_SUFFIX, "")))
        .str.replace(r"^meta-llama-", "llama-").str.replace(r"^(openai|google|ai21)-", "")
    )).with_columns(
        # a host's listing without "-instruct" names the instruct model (hosts serve chat models; a
        # Hugging Face repo without it is the base model, so its records never use this key)
        k_plain=pl.when(pl.col("source_id").is_in(list(BASE_MODEL_SOURCES)) | host_key.str.contains(INSTRUCT)).then(None)
        .otherwise(pl.format("instruct-of:{}", identity.word_order_key(host_key))),
        # a host's dated copy (`gpt-4.1-mini-2025-04-14`) of a model its maker lists undated; and a host's
        # "-instruct" spelling of a model its maker lists without it (`mistral-large-instruct-2411`)
        k_undated=host_key.str.replace(identity.DATE_SUFFIX, ""),
        # (OpenAI's "-instruct" models are models of their own: gpt-3.5-turbo-instruct is not gpt-3.5-turbo)
        k_noinst=pl.when(~host_key.str.starts_with("gpt-")).then(host_key.str.replace_all(INSTRUCT, "${2}").str.strip_chars("-")),
        k_name=identity.name_key(pl.col("raw_name").str.replace(r"^[^:]{1,40}:\s+", "").str.replace(r"\s*\(latest\)$", "")),
    )
    # ... except in a catalogue of models that lists the "-instruct" spelling too: its plain name is then the base
    # model (llm-stats lists `gemma-3n-e2b`, whose figures are Google's pre-trained E2B's, beside `gemma-3n-e2b-it`).
    # A catalogue's own ids have no "/"; a host's listing ("groq/llama-3.1-8b-instant" beside a "-instruct" spelling
    # of another host) serves two settings of the one chat model.
    own = ~pl.col("raw_model_id").str.contains("/")
    siblings = keyed.filter(own & pl.col("k_host").str.contains(INSTRUCT)).select(
        "source_id", k_host=pl.col("k_host").str.replace_all(INSTRUCT, "${2}").str.strip_chars("-"),
    ).unique().with_columns(_lists_instruct=pl.lit(True))
    return keyed.join(siblings, on=["source_id", "k_host"], how="left", maintain_order="left").with_columns(
        k_plain=pl.when(own & pl.col("_lists_instruct").fill_null(False)).then(None).otherwise("k_plain"),
    ).drop("_lists_instruct")


def resolve_records(records: pl.DataFrame, aliases: pl.DataFrame, late: tuple[str, ...] = (),
                    base_models: list[str] | None = None) -> pl.DataFrame:
    """Add model_id and resolution; the first attempt that hits a key decides (a blocked key stops).
    A moving alias resolves as of the record's date (a listing names what the alias serves then). A record of a
    `late` source tries its display name last even when its id is dated. A provider's listing whose plain id is
    that of one of `base_models` (a model only base-model repos define) names the instruct model first."""
    keyed = records.with_row_index("_rec")
    moving = aliases.filter(pl.col("rule") == "alias-history")["key"].unique().implode()
    base_keys = aliases.filter(pl.col("model_id").is_in(base_models or []))["key"].unique().implode()
    attempts = [
        # a provider's listing serves a chat model: its plain id names the instruct model (k_plain), even where a
        # base repo has that id, in any word order (yamanahlawat's Google `gemma-2-27b`, tools and vision, 8K
        # context, is what Google served, gemma-2-27b-it; google/gemma-2-27b is the pre-trained weights; Cerebras'
        # `llama3.1-8b` is not meta-llama/Llama-3.1-8B), unless its name says base (OpenRouter's "Llama 3.1 405B (base)")
        (-2, pl.when(pl.col("provider_id").is_not_null() & ~pl.col("raw_name").fill_null("").str.contains(r"(?i)\bbase\b")
                     & pl.any_horizontal(pl.col("k_id", "k_host").is_in(base_keys),
                                         pl.format("~{}", identity.word_order_key(pl.col("k_host"))).is_in(base_keys))).then(pl.col("k_plain"))),
        # a host's listing under a maker's moving alias whose name names the model it serves (OpenRouter's and
        # Kilo's `deepseek/deepseek-chat` "DeepSeek V3", its repo deepseek-ai/DeepSeek-V3; DeepSeek's own alias
        # serves V3.2): that model, when the name is one's key; a name that is the alias' (`gpt-4o` "OpenAI:
        # GPT-4o") or no model's ("DeepSeek-V3.2 (Non-thinking Mode)") leaves it to the alias history
        (-1, pl.when(pl.col("k_id").is_in(moving) & (pl.col("k_name") != pl.col("k_id"))).then(pl.col("k_name"))),
        # a host's display name that says more than its id (Vercel's `deepseek-v3` "DeepSeek V3 0324", Bedrock's
        # `deepseek.v3-v1:0` "DeepSeek-V3.1", Vercel's `qwen-3-235b` "Qwen3 235B A22B Instruct 2507"): the host
        # serves the model the name names, when one has that key
        (0, pl.when(~pl.col("is_maker").fill_null(False) & identity.version_split(pl.col("k_name")).str.starts_with(
            pl.format("{}-", identity.version_split(pl.col("k_id"))))).then(pl.col("k_name"))),
        # a dated id (`command-r-plus-04-2024`) is more precise than its display name ("Command R+"),
        # which the maker may give another snapshot
        (1, pl.col("k_id")), (2, pl.col("k_host")), (3, pl.when(~pl.col("k_id").str.contains(DATED_ID)).then(pl.col("k_name"))),
        (4, pl.format("~{}", identity.word_order_key(pl.col("k_id")))),
        (5, pl.format("~{}", identity.word_order_key(pl.col("k_host")))),
        (6, pl.col("k_plain")),
        (7, pl.col("k_undated")),
        (8, pl.format("noinst:{}", "k_noinst")),
        # a catalogue's listing of one setting of a model (`o3-mini-high`, `deepseek-v3.2-thinking`) is
        # that model's record, not a model of its own: tried only when no exact key names a model
        (9, pl.col("k_host").str.replace(EFFORT_SUFFIX, "")),
        # a host's plain name of a model its maker lists under a "-latest" id only (OpenAI's
        # `gpt-5-chat-latest` is every host's `gpt-5-chat`)
        (10, pl.when(~pl.col("k_host").str.ends_with("-latest")).then(pl.format("{}-latest", "k_host"))),
        # a leaderboard's dated label of a model no catalogue dates (ARC Prize's `gpt-5-5-2026-04-22`,
        # "GPT-5.5") names the model its display name names, as its scores do
        (11, pl.when(pl.col("source_id").is_in(list(late))).then(pl.col("k_name"))),
    ]
    # a dated id's undated name (attempt 7) names what it named on the id's day, not the record's: a later notice
    # about `claude-3-5-sonnet-20240620` (2025-08-13) is not about the snapshot Claude 3.5 Sonnet named by then
    id_day = pl.col("k_host").str.extract(identity.DATE_SUFFIX, 1).str.to_date("%Y%m%d", strict=False)  # the day k_undated drops
    tries = pl.concat([  # one query of every attempt
        keyed.lazy().select("_rec", attempt=pl.lit(i), key=e, date=pl.coalesce(id_day, "as_of_date") if i == 7 else pl.col("as_of_date"),
                            stripped=pl.lit(None, pl.String))
        for i, e in attempts
    ]).filter(pl.col("key").is_not_null() & ~pl.col("key").is_in(["", "~"])).collect()
    # a display name's `not_before` holds for dated scores only: a listing's dates are copied between
    # hosts (Vercel's Nova 2 Lite carries Nova Lite's 2024-12-01 as its release and last update)
    hits = identity.first_hits(tries, aliases.with_columns(not_before=pl.lit(None, pl.Date)), ["_rec"])
    # ... and only a snapshot of that day: a moving alias that served another snapshot on the id's day (OpenAI's
    # `gpt-4o` served 2024-08-06 when `gpt-4o-2024-11-20` came; its notice of 2026 about the November snapshot)
    # does not make the dated id that snapshot's record, where the registry lacks the dated one. A maker's alias
    # without a history still takes a dated id whose date the maker does not use (test_model_metadata)
    first, last = identity.id_dates(pl.col("model_id"))
    hits = hits.join(keyed.select("_rec", "k_undated", id_day=id_day), on="_rec", how="left").with_columns(
        other=((pl.col("key") == pl.col("k_undated")) & (pl.col("rule") == "alias-history")
               & ((pl.col("id_day") < first) | (pl.col("id_day") > last))).fill_null(False),
    ).with_columns(
        reason=pl.when("other").then(pl.format("{} on the id's day named {}, another snapshot", "key", "model_id")).otherwise("reason"),
        model_id=pl.when("other").then(None).otherwise("model_id"),
    )
    matched = hits.select(
        "_rec", "model_id",
        resolution=pl.when(pl.col("model_id").is_not_null()).then(pl.format("{}:{}", "rule", "key"))
        .otherwise(pl.format("unresolved:{}", pl.col("reason").fill_null("unknown"))),
    )
    return keyed.join(matched, on="_rec", how="left").drop("_rec")


def _candidates(records: pl.DataFrame, maker_map: pl.DataFrame, creators: list[str], curated: pl.DataFrame,
                namers: tuple[str, ...] = ()) -> pl.DataFrame:
    """Unresolved, unblocked records that may define a model, with the group key they share: the records of
    `creators`, and those of `namers` that give a name besides the id (`SourceSpec.defines_named`)."""
    cur = curated.filter(pl.col("model_id").is_not_null() & (pl.col("model_id").str.strip_chars() != "")).select(
        k_host=identity.name_key(pl.col("alias")), curated_id=pl.col("model_id").str.strip_chars()
    ).unique("k_host")
    cand = (
        records.filter(
            pl.col("model_id").is_null() & pl.col("resolution").is_null() & ~pl.col("is_alias")
            & (pl.col("source_id").is_in(creators)
               | (pl.col("source_id").is_in(list(namers)) & (pl.col("raw_name") != pl.col("raw_model_id"))))
            & ~pl.col("raw_model_id").str.starts_with("~")
            & ~pl.col("k_host").str.ends_with("-latest")  # a host's moving name is never a model
            & pl.col("k_host").is_not_null() & (pl.col("k_host") != "")
        )
        .with_columns(hint=pl.col("maker_hint").str.to_lowercase().str.strip_chars())
        .join(maker_map, on="hint", how="inner")
        .join(cur, on="k_host", how="left")
        .with_columns(group=pl.coalesce("curated_id", identity.word_order_key(pl.col("k_host"))))
    )
    inst = instruct_keys(cand.select(key="k_host", model_id="group").unique()).select(k_plain="key", inst_group="model_id")
    return cand.join(inst, on="k_plain", how="left").with_columns(
        group=pl.coalesce("curated_id", "inst_group", "group")
    ).drop("inst_group")


def _order_expr(order: tuple[str, ...]) -> pl.Expr:
    """A source's place in `order`, its first one (open weights' order puts the Hugging Face repo first and
    again where DEFAULT_ORDER has it: the repo must come first)."""
    first: dict[str, int] = {}
    for i, s in enumerate(order):
        first.setdefault(s, i)
    return pl.col("source_id").replace_strict(first, default=len(order), return_dtype=pl.Int64)


def display_name(raw_name: pl.Expr) -> pl.Expr:
    """A listing's name as a model's: without a host's "Provider: " or a repo's "org/" in front
    ("Qwen/Qwen3-VL-32B-Thinking"), or a free tier's " (free)" or a serving word behind (OpenRouter's
    "DeepSeek V3 Base (free)", `SERVING_NAME`), or a repo's "-hf" (the weights converted to Hugging Face's
    format: meta-llama/Llama-2-7b-hf is Llama-2-7b, as its id `llama-2-7b` says)."""
    return (raw_name.str.replace(r"^[^:]{1,40}:\s+", "").str.replace(r"^[^/\s]{1,40}/(\S)", "${1}").str.replace(SERVING_NAME, "")
            .str.replace(r"(?i)-hf$", ""))


def distinct_names(models: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """`models` with no name shared by two models (as names compare: case and punctuation aside). Of models
    sharing a name, the one whose id is that name keeps it (`minimax-m1`, "MiniMax M1"); each other takes
    the name of one of its listings (`records`, resolved) that no other model has, one that spells its id
    first, then by NAME_ORDER (Command R+ 04-2024 and 08-2024: LMArena's "Command R Plus 04-2024" and
    "... 08-2024"), else its id (MiniMax M1 80K, which every listing calls "MiniMax M1": `minimax-m1-80k`)."""
    key = identity.name_key(pl.col("name"))
    shared = models.select("id", "name", _k=key).filter(pl.len().over("_k") > 1)
    renamed = shared.filter(pl.col("_k") != identity.name_key(pl.col("id")))
    if renamed.is_empty():
        return models
    taken = models.select(_k=key).filter(pl.len().over("_k") == 1)["_k"].implode()  # names of one model each
    own = (
        records.join(renamed.select(model_id="id"), on="model_id")
        .select("model_id", "source_id", "raw_model_id", name=display_name(pl.col("raw_name")))
        .with_columns(_k=identity.name_key(pl.col("name")), _o=_order_expr(NAME_ORDER))
        .filter((pl.col("name").str.len_chars() > 0) & ~pl.col("_k").is_in(taken) & ~pl.col("_k").is_in(shared["_k"].implode()))
        # a name one other renamed model's listing gives too names neither
        .filter(pl.col("model_id").n_unique().over("_k") == 1)
        # a name that spells the model's id first
        .with_columns(_spells=pl.col("_k") != identity.name_key(pl.col("model_id")))
        .sort("model_id", "_spells", "_o", "source_id", "raw_model_id")
        .group_by("model_id", maintain_order=True).first()
    )
    names = renamed.join(own.select(id="model_id", _new="name"), on="id", how="left").select(
        "id", _new=pl.coalesce("_new", "id"))
    return models.join(names, on="id", how="left").with_columns(name=pl.coalesce("_new", "name")).drop("_new")


# Listings that link the weights' repository in their row (the JSON path of the repo's `org/name`): the repo's name
# is the name its maker gave the weights, a name a curated name may take (OpenRouter lists
# cognitivecomputations/Dolphin-Mistral-24B-Venice-Edition as "Venice: Uncensored")
REPO_LINKS = {"openrouter": "$.hugging_face_id"}


def listed_names(records: pl.DataFrame) -> pl.DataFrame:
    """model_id, name: the names a model's listings (`records`, resolved) give it (`display_name`), and the names
    of the weights' repositories they link (`REPO_LINKS`, read from their raw rows where the records carry them)."""
    names = [records.select("model_id", name=display_name(pl.col("raw_name")))]
    if "raw_row" in records.columns:
        for source_id, path in REPO_LINKS.items():
            linked = records.filter((pl.col("source_id") == source_id) & pl.col("model_id").is_not_null()).select(
                "model_id", repo=pl.col("raw_row").str.json_path_match(path).str.strip_chars())
            names.append(linked.filter(pl.col("repo").str.contains(r"^[^/\s]+/[^/\s]+$"))
                         .select("model_id", name=display_name(pl.col("repo"))))
    return pl.concat(names).drop_nulls().unique()


def curated_names(models: pl.DataFrame, records: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """`models` with the curated names (catalog/model_names.csv: model_id, name) that one of the model's listings
    (`records`, resolved) gives as its name, or as its weights' repository's (`listed_names`), and no other model
    has; any other curated name is not applied (the catalogue's tests name it)."""
    listed = listed_names(records)
    others = models.select(_k=identity.name_key(pl.col("name")), _id="id")
    usable = (
        names.select("model_id", "name").join(listed, on=["model_id", "name"], how="semi")
        .with_columns(_k=identity.name_key(pl.col("name")))
        .join(others, on="_k", how="left").filter(pl.col("_id").is_null() | (pl.col("_id") == pl.col("model_id")))
        .select(id="model_id", _curated="name")
    )
    return models.join(usable, on="id", how="left").with_columns(name=pl.coalesce("_curated", "name")).drop("_curated")


def admit(records: pl.DataFrame, maker_map: pl.DataFrame, creators: list[str], curated: pl.DataFrame, taken: pl.Series,
          namers: tuple[str, ...] = ()) -> pl.DataFrame:
    """New models from records no model claims: id, name, provider, and the member records' keys."""
    last = pl.col("source_id").is_in(list(NAME_LAST))
    cand = _candidates(records, maker_map, creators, curated, namers).with_columns(
        _o=_order_expr(NAME_ORDER) + last.cast(pl.Int64) * len(NAME_ORDER))
    if cand.is_empty():
        return pl.DataFrame(schema={"id": pl.String, "name": pl.String, "provider": pl.String, "source_id": pl.String,
                                    "raw_model_id": pl.String, "group": pl.String})
    # the id: a curated id, else the host-free key most members spell (ties: the earlier source); a NAME_LAST
    # source's spelling counts only where no other source's does (the leaderboard's `Mistral-Small-Instruct-2409`,
    # the repo, does not outvote the maker's and the catalogues' `mistral-small-2409`)
    spelled = (
        cand.group_by("group", "k_host").agg(n=(~last).sum(), n_last=last.sum(), o=pl.col("_o").min())
        .sort("group", "n", "o", "n_last", "k_host", descending=[False, True, False, True, False])
        .group_by("group", maintain_order=True).first()
        .select("group", spelled_id="k_host")
    )
    # ... with a model-name word every member's own id spells after it (`glm-5v-turbo`, not `glm-5v`)
    tails = (
        cand.join(spelled, on="group")
        .with_columns(tail=pl.when(pl.col("k_id").str.starts_with(pl.col("spelled_id")))
                      .then(pl.col("k_id").str.slice(pl.col("spelled_id").str.len_chars())))
        .group_by("group").agg(tail=pl.col("tail").first(), one=(pl.col("tail").n_unique() == 1) & pl.col("tail").is_not_null().all())
        .filter(pl.col("one") & pl.col("tail").str.contains(NAME_WORD))
    )
    spelled = spelled.join(tails.select("group", "tail"), on="group", how="left").select(
        "group", spelled_id=pl.concat_str("spelled_id", pl.col("tail").fill_null(""))
    )
    # the name: the first member by NAME_ORDER that spells the id, a Bedrock-style listing last (its names are
    # a catalogue's own, "Mistral-7B-Instruct-v0.3" for its mistral-7b-instruct-v0:2); a member that joined by
    # another key names it only when none does (NVIDIA's `codellama-70b` "Codellama 70b", a host's name for
    # the instruct model, is not CodeLlama 70B Instruct's name: its own id is the base model's)
    first = (
        cand.join(spelled, on="group")
        .with_columns(_vp=pl.col("raw_model_id").str.replace(r"^.*/", "").str.contains(VENDOR_PREFIX),
                      _other=(pl.col("spelled_id") != pl.col("k_host")) & (pl.col("spelled_id") != pl.col("k_id")))
        .sort("group", "_other", "_vp", "_o", "raw_model_id")
        .group_by("group", maintain_order=True)
        .agg(pl.col("raw_name").first(), pl.col("maker").first(), pl.col("source_id").first(), pl.col("raw_model_id").first(),
             pl.col("curated_id").drop_nulls().first())
    )
    admitted = first.join(spelled, on="group").select(
        id=pl.coalesce("curated_id", "spelled_id"),
        name=display_name(pl.col("raw_name")),
        provider="maker",
        source_id="source_id",
        raw_model_id="raw_model_id",
        group="group",
    )
    # of two groups one id (a curated alias' records and the records that spell its id), the one a NAME_LAST source
    # does not name (LMArena's "Command R 04-2024", not the leaderboard's `CohereForAI/c4ai-command-r-v01`)
    return (admitted.filter(~pl.col("id").is_in(taken.implode()))
            .sort(last, "group")
            .unique("id", keep="first", maintain_order=True).sort("id"))


def _value_key(name: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(name)
    if isinstance(dtype, pl.List):
        return col.list.sort().list.join(",")
    return col.cast(pl.String)


def release_fits_id(model_id: pl.Expr, release: pl.Expr) -> pl.Expr:
    """False when `release` contradicts the date the model's id states (identity.id_dates); true without one."""
    start, end = identity.id_dates(model_id)
    return start.is_null() | (
        (release >= start - pl.duration(days=RELEASE_BEFORE_ID_DAYS)) & (release <= end + pl.duration(days=RELEASE_AFTER_ID_DAYS))
    )


def release_date_faults(records: pl.DataFrame) -> pl.Series:
    """Per record (with `record_keys`' `k_id`), in its order, why its release date is no candidate for its model
    (null when it is one, or when it has no date or model): a date that contradicts the model's id or the
    listing's own (`release_fits_id`: Qiniu dates its `qwen-max-2025-01-25`, Qwen2.5-Max, 2025-08-05), one
    more than two weeks after a run-dated source ran the model (`RUN_DATED_SOURCES`), or a 1 January that
    another listing of the model follows with a later day (a year standing for a day: Hugging Face's
    2025-01-01 for Qwen3-Embedding, released 2025-06-05; Perplexity's 2024-01-01 for Sonar). Read from a few
    columns only: at 100x the records' raw rows are hundreds of MB."""
    runs = (
        records.filter(pl.col("model_id").is_not_null() & pl.col("source_id").is_in(list(RUN_DATED_SOURCES)) & pl.col("as_of_date").is_not_null())
        .select("model_id", "source_id", "as_of_date")
        .sort("as_of_date", "source_id").group_by("model_id").agg(ran_on=pl.col("as_of_date").first(), ran_by=pl.col("source_id").first())
    )
    new_year = (pl.col("release_date").dt.month() == 1) & (pl.col("release_date").dt.day() == 1)
    later = (
        records.filter(pl.col("model_id").is_not_null() & pl.col("release_date").is_not_null() & ~new_year)
        .group_by("model_id").agg(latest=pl.col("release_date").max())
    )
    dated = (
        records.select("model_id", "k_id", "release_date")
        .join(runs, on="model_id", how="left", maintain_order="left")
        .join(later, on="model_id", how="left", maintain_order="left")
    )
    day = pl.col("release_date").dt.to_string("%Y-%m-%d")
    return dated.select(
        fault=pl.when(pl.col("model_id").is_null() | pl.col("release_date").is_null()).then(None)
        .when(~release_fits_id(pl.col("model_id"), pl.col("release_date")))
        .then(pl.format("release_date {} contradicts the date the id '{}' states", day, "model_id"))
        .when(~release_fits_id(pl.col("k_id"), pl.col("release_date")))
        .then(pl.format("release_date {} contradicts the date the listing's own id states", day))
        .when(pl.col("release_date") > pl.col("ran_on") + pl.duration(days=RELEASE_AFTER_RUN_DAYS))
        .then(pl.format("release_date {} is more than two weeks after {} ran '{}' on {}", day, "ran_by", "model_id",
                        pl.col("ran_on").dt.to_string("%Y-%m-%d")))
        .when(new_year & (pl.col("latest") > pl.col("release_date")))
        .then(pl.format("release_date {} is a 1 January that another listing of '{}' follows with a later day: a year, not a day",
                        day, "model_id"))
    )["fault"]


def release_date_rejects(records: pl.DataFrame) -> pl.DataFrame:
    """REJECT_COLUMNS: each release date `release_date_faults` finds, naming the source's record; the record
    itself is kept (its other fields are candidates). A listing of a moving alias is none: its date is the
    alias' (hosts' `gpt-4o`, 2024-05-13, serving gpt-4o-2024-08-06), never a candidate (WEIGHTS_FIELDS)."""
    faulty = records.select("source_id", "raw_model_id", "raw_row", fault=release_date_faults(records)).filter(
        pl.col("fault").is_not_null() & ~records["resolution"].str.starts_with("alias-history:").fill_null(False))
    return faulty.select(
        "source_id", stage=pl.lit("resolve"), reason=pl.format("'{}': {}; the model's release date is chosen without it", "raw_model_id", "fault"),
        raw_row="raw_row",
    )


def cutoff_after_release(records: pl.DataFrame, releases: pl.DataFrame) -> pl.Series:
    """Per record (model_id, training_cutoff), in its order: its training cutoff is in its model's release month
    or later (`releases`: model_id, release_date, as chosen). No model is trained on what came after it: models.dev's
    OpenAI `gpt-4` row (gpt-4-0613's, released 2023-06-13) says 2023-11, Bedrock's Claude 2 (2023-07-11) 2023-08.
    Nor up to its release month: a cutoff there is the release month standing in for an unknown one (models.dev's
    Mistral `devstral-2512` row, 2025-12, for Devstral 2, released 2025-12-09; its `text-embedding-ada-002` row,
    2022-12, released 2022-12-15): training, tuning and testing take months."""
    dated = records.select("model_id", "training_cutoff").join(releases.select("model_id", "release_date"), on="model_id", how="left",
                                                               maintain_order="left")
    later = pl.col("training_cutoff").str.slice(0, 7) >= pl.col("release_date").dt.strftime("%Y-%m")
    return dated.select(later.fill_null(False)).to_series()


def cutoff_rejects(records: pl.DataFrame, releases: pl.DataFrame) -> pl.DataFrame:
    """REJECT_COLUMNS: each training cutoff after its model's release (`cutoff_after_release`), naming the source's
    record; the record itself is kept."""
    resolved = records.filter(pl.col("model_id").is_not_null() & pl.col("training_cutoff").is_not_null())
    late = resolved.filter(cutoff_after_release(resolved, releases)).join(
        releases.select("model_id", released="release_date"), on="model_id", how="left")
    return late.select(
        "source_id", stage=pl.lit("resolve"),
        reason=pl.format("'{}': training_cutoff {} is not before the release of '{}' ({}); its cutoff is chosen without it",
                         "raw_model_id", "training_cutoff", "model_id", "released"),
        raw_row="raw_row",
    )


# a host's 4,095-token context beside a 4,096-token output is rounding, not a contradiction
OUTPUT_OVER_CONTEXT_SLACK = 1.01
# An embedding model (its id says `embed` or `embedding`: text-embedding-3-large, gemini-embedding-001,
# mistral-embed, llama-embed-nemotron-8b) returns a vector, no tokens: the "output" limit listings give it is
# the vector's dimensions (models.dev's OpenAI row of text-embedding-3-large: 3,072; Vercel's: 1,536), so it
# has no max output tokens
EMBEDDING_ID = r"(^|-)embed(ding)?(-|$)"


def output_over_context(records: pl.DataFrame, contexts: pl.DataFrame) -> pl.Series:
    """Per record (model_id, max_output_tokens, output_modalities), in its order: its max output is more than its
    model's context window (`contexts`: model_id, context_window, as chosen), so the two published together would
    contradict each other: OpenRouter's Mistral 7B Instruct v0.1 has a 2,824-token context, Cloudflare's 16,384
    output tokens belong to its 128K serving. A listing whose output is not text (a TTS model's audio) may pass it.
    Such a value is no candidate, but no reject either: it is true of its own listing's serving (SiliconFlow serves
    Qwen3-235B-A22B-Instruct-2507 with 262K tokens; Alibaba, whose 131,072-token context is published, does not)."""
    sized = records.select("model_id", "max_output_tokens", "output_modalities").join(
        contexts.select("model_id", "context_window"), on="model_id", how="left", maintain_order="left")
    not_text = pl.col("output_modalities").list.eval(pl.element() != "text").list.any().fill_null(False)
    over = pl.col("max_output_tokens") > pl.col("context_window") * OUTPUT_OVER_CONTEXT_SLACK
    return sized.select((over & ~not_text).fill_null(False)).to_series()


def uploader_family(records: pl.DataFrame) -> pl.Series:
    """A host's "family" that only names who uploaded the weights it serves: the organisation in the middle of
    its listing's id (`chutes/unsloth/gemma-3-12b-it`, family "unsloth"; `chutes/chutesai/Mistral-Small-3.1-...`)
    where it names no maker and does not begin the model's id (Morph's `vercel/morph/morph-v3-fast` is family
    "morph", Qwen's `abacus/Qwen/QwQ-32B` "qwen": Qwen is a maker), or where it begins no model's id at all: a
    maker's organisation that no model is named after (Chutes' `NousResearch/Hermes-4-14B`, family
    "nousresearch", where OpenRouter gives Hermes 4 70B "hermes"; OpenRouter's `allenai/molmo-2-8b`, "allenai")."""
    family = pl.col("family").str.to_lowercase()
    orgs = pl.col("raw_model_id").str.to_lowercase().str.split("/")
    middle = orgs.list.slice(1, orgs.list.len() - 2)
    uploader = records.select(middle.list.contains(family).fill_null(False)).to_series()
    ids = records.get_column("model_id").drop_nulls().unique()
    # the few family names that are an uploader's organisation, each looked for at the start of every model id
    named = records.filter(uploader).select(family.unique()).to_series().drop_nulls()
    naming = [f for f in named.to_list() if ids.str.starts_with(f).any()]
    unnamed = ~family.is_in(naming)
    rule = ((pl.col("maker").is_null() & ~pl.col("model_id").str.starts_with(family)) | unnamed).fill_null(False)
    return uploader & records.select(rule).to_series()


def choose_fields(resolved: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(wide: model_id + one typed column per field, provenance long frame)."""
    # one spelling per licence, so that listings naming one licence two ways agree (transform/licences.py)
    base = resolved.filter(pl.col("model_id").is_not_null()).with_columns(licence=licence_id(pl.col("licence")))
    wide = base.select("model_id").unique()
    prov: list[pl.DataFrame] = []
    maker_priced = pl.DataFrame(schema={"model_id": pl.String})  # models the maker prices (price_input's maker pick)
    snapshot = pl.col("source_id").is_in(list(SNAPSHOT_DATE_SOURCES))  # a router's snapshot day (release_date only)
    for name in LISTING_FIELDS + SERVING_FIELDS:
        dtype = resolved.schema[name]
        order = FIELD_SOURCE_ORDER.get(name, DEFAULT_ORDER)
        kept = pl.col(name).is_not_null()
        if name == "release_date":
            kept = kept & release_date_faults(base).is_null() & (~snapshot | (pl.col("k_id") == pl.col("model_id")))
        if name == "family":
            kept = kept & ~uploader_family(base)
        c = base.filter(kept)
        if name == "training_cutoff":  # the release dates are chosen by now (LISTING_FIELDS' order)
            c = c.filter(~cutoff_after_release(c, wide.select("model_id", "release_date")))
        if name == "max_output_tokens":  # and the context windows (SERVING_FIELDS' order)
            c = c.filter(~output_over_context(c, wide.select("model_id", "context_window"))
                         & ~pl.col("model_id").str.contains(EMBEDDING_ID))
        c = c.with_columns(_vk=_value_key(name, dtype), _o=_order_expr(order))
        if name in WEIGHTS_FIELDS:
            # a listing of a moving alias (`gpt-4`, `deepseek-chat`) describes the alias, not the weights it
            # serves: its date is the alias' (OpenAI's `gpt-4` row: 2023-11-06), its "closed weights" the API's
            # (DeepSeek's `deepseek-chat` row, served by the open V3.2-Exp). Its price and limits are that
            # snapshot's offer; its family and cutoff those the host gives the model it serves.
            c = c.filter(~pl.col("resolution").str.starts_with("alias-history:"))
        if name == "licence":
            # the Hub's `other` says only that the licence is none of its ids: a listing that names it wins
            # (llm-stats' "Qwen" for Qwen2.5-72B-Instruct, whose repo and the Open LLM Leaderboard say `other`)
            c = c.filter(~((pl.col(name) == "other") & (pl.col(name) != "other").any().over("model_id")))
        if isinstance(dtype, pl.List):
            c = c.filter(pl.col(name).list.len() > 0)
        if name in PRICE_FIELDS:
            c = c.filter(pl.col(name) > 0)  # a free listing's 0 is not the model's price
        if name == "release_date":
            # the last resort: a model any other candidate dates takes none of these (a moving alias' listing, gone
            # by now, is no candidate)
            c = c.filter(~snapshot | ~(~snapshot).any().over("model_id"))
        # within one value, the record named as its source: the maker's page (PAGE_FIELDS), the maker's primary
        # row, else by source order
        launch = pl.col("source_id").is_in(PAGE_SOURCES) & pl.lit(name in PAGE_FIELDS)
        c = c.with_columns(_launch=launch, _r=pl.when(launch).then(-1).when(pl.col("is_maker") & ~pl.col("is_alias")).then(0)
                           .when(pl.col("is_maker")).then(1).otherwise(2))
        agg = c.group_by("model_id", "_vk").agg(
            value=pl.col(name).sort_by("_o", "raw_model_id").first(),
            support=pl.len().cast(pl.Int64),
            maker_support=pl.col("is_maker").sum().cast(pl.Int64),
            primary=(pl.col("is_maker") & ~pl.col("is_alias")).any(),
            o=pl.col("_o").min(),
            launch=pl.col("_launch").any(),
            # one record named by all three: two sources after the order's end (LMArena, BigCodeBench) may spell
            # the model alike, so the sort goes on to the source and its page
            **{c: pl.col(c).sort_by("_r", "_o", "raw_model_id", "source_id", "source_url", nulls_last=True).first()
               for c in ("source_id", "raw_model_id", "source_url")},
        )
        maker = (
            agg.filter(pl.col("maker_support") > 0)
            .sort("model_id", "support", "primary", "o", "_vk", descending=[False, True, True, False, False])
            .group_by("model_id", maintain_order=True).first()
            .with_columns(rule=pl.lit("maker"))
        )
        others = agg.filter(pl.col("maker_support") == 0)
        # as many listings saying open weights as closed: open (a host's "closed" is often its own serving:
        # SiliconFlow's Qwen3-VL-8B-Instruct, Helicone's DeepSeek V3.1 Terminus; their weights are published)
        ordered = (
            others.sort("model_id", "o", "support", "_vk", descending=[False, False, True, name == "open_weights"])
            .group_by("model_id", maintain_order=True).first()
            .join(maker.select("model_id"), on="model_id", how="anti")
            .with_columns(rule=pl.lit("source-order"))
        )
        picks = [maker, ordered]
        if name in PRICE_FIELDS:
            if name == PRICE_FIELDS[0]:  # a model the maker prices: its other prices are the maker's or none
                maker_priced = maker.select("model_id")
            routed = (
                c.filter(pl.col("source_id").is_in(list(ROUTER_PRICE_SOURCES)) & ~pl.col("is_alias") & (pl.col("k_id") == pl.col("model_id"))
                         & ~pl.col("raw_model_id").str.contains(":") & ~pl.col("open_weights").fill_null(False))
                .join(wide.filter(pl.col("open_weights").fill_null(False)).select("model_id"), on="model_id", how="anti")
                .join(pl.concat([maker_priced, maker.select("model_id")]), on="model_id", how="anti")
                .sort("model_id", "raw_model_id").group_by("model_id", maintain_order=True).first()
                .select("model_id", "_vk", "source_id", "raw_model_id", "source_url", value=pl.col(name), support=pl.lit(1, pl.Int64),
                        rule=pl.lit("maker-via-router"))
            )
            picks = [maker, routed, ordered.join(routed.select("model_id"), on="model_id", how="anti")]
        if name in LISTING_FIELDS:
            consensus = (
                others.sort("model_id", "support", "o", descending=[False, True, False])
                .group_by("model_id", maintain_order=True).first()
                .join(maker.select("model_id", m_support="support", m_vk="_vk"), on="model_id")
                .filter((pl.col("support") >= CONSENSUS_MIN) & (pl.col("support") >= CONSENSUS_FACTOR * pl.col("m_support")))
                # a maker that publishes the weights knows it; hosts' "closed" is often their own serving
                # (Cloudflare's Mistral 7B Instruct v0.1 beside mistralai's repo)
                .filter(pl.lit(name != "open_weights") | (pl.col("m_vk") != "true"))
                .drop("m_support", "m_vk")
                .with_columns(rule=pl.lit("consensus-over-maker"))
            )
            picks = [maker.join(consensus.select("model_id"), on="model_id", how="anti"), consensus, ordered]
        if name in PAGE_FIELDS:
            launched = (
                agg.filter(pl.col("launch")).sort("model_id", "_vk").group_by("model_id", maintain_order=True).first()
                .with_columns(rule=pl.lit(PAGE_FIELDS[name]))
            )
            picks = [launched, *(p.join(launched.select("model_id"), on="model_id", how="anti") for p in picks)]
        chosen = pl.concat([p.select("model_id", "_vk", "value", "support", "source_id", "raw_model_id", "source_url", "rule") for p in picks])
        if name == "release_date":  # the last resort says so: a router's snapshot day, not a listing's release date
            chosen = chosen.with_columns(rule=pl.when(snapshot).then(pl.lit("router-snapshot")).otherwise("rule"))
        wide = wide.join(chosen.select("model_id", pl.col("value").alias(name)), on="model_id", how="left")
        prov.append(chosen.select(
            "model_id", field=pl.lit(name), value="_vk", source_id="source_id", raw_model_id="raw_model_id", source_url="source_url",
            rule="rule", support="support", corrected=pl.lit(False),
        ))
    provenance = pl.concat(prov).cast(PROVENANCE_COLUMNS) if prov else pl.DataFrame(schema=PROVENANCE_COLUMNS)
    return wide, provenance


def preview_provenance(provenance: pl.DataFrame, models: pl.DataFrame, resolved: pl.DataFrame) -> pl.DataFrame:
    """The provenance with each `preview` status the model's id gives (where the listings say `active` or nothing:
    `identity.PREVIEW_ID`) stated as such: value `preview`, rule `preview-id`, the record of the source that defined
    the model (whose id it is), in place of the listing that said `active`."""
    preview = models.filter(pl.col("status") == "preview").select(model_id="id", source_id="metadata_source_id")
    stated = provenance.filter((pl.col("field") == "status") & (pl.col("value") == "preview"))
    by_id = preview.join(stated, on="model_id", how="anti")
    records = (
        resolved.join(by_id, on=["model_id", "source_id"], how="semi")
        .sort("model_id", "raw_model_id", "source_url", nulls_last=True)
        .group_by("model_id", maintain_order=True).first()
        .select("model_id", "raw_model_id", "source_url")
    )
    rows = by_id.join(records, on="model_id", how="left").select(
        "model_id", field=pl.lit("status"), value=pl.lit("preview"), source_id="source_id", raw_model_id="raw_model_id",
        source_url="source_url", rule=pl.lit("preview-id"), support=pl.lit(None, pl.Int64), corrected=pl.lit(False),
    )
    kept = provenance.join(by_id.select("model_id", field=pl.lit("status")), on=["model_id", "field"], how="anti")
    return pl.concat([kept, rows.cast(PROVENANCE_COLUMNS)])


def offers(resolved: pl.DataFrame) -> pl.DataFrame:
    """One offer per (model, provider, source): the listing with a price first, then the shortest id. An embedding
    model's offer has no max output tokens (`EMBEDDING_ID`: the listing's number is the vector's dimensions). A
    listing that names its provider by id only (yamanahlawat's `openai`) takes the name the other sources' listings
    give that id, the source order's first (`provider_names`)."""
    rows = resolved.filter(
        pl.col("model_id").is_not_null() & pl.col("provider_id").is_not_null() & ~pl.col("is_alias")
        & (pl.col("price_input").is_not_null() | pl.col("price_output").is_not_null() | pl.col("context_window").is_not_null())
    ).with_columns(max_output_tokens=pl.when(pl.col("model_id").str.contains(EMBEDDING_ID)).then(None)
                   .otherwise(pl.col("max_output_tokens")))
    return (
        rows.with_columns(_priced=(pl.col("price_input").fill_null(0) > 0), _len=pl.col("raw_model_id").str.len_chars())
        .sort("model_id", "provider_id", "source_id", "_priced", "_len", "raw_model_id", descending=[False, False, False, True, False, False])
        .unique(["model_id", "provider_id", "source_id"], keep="first", maintain_order=True)
        .join(provider_names(rows), on="provider_id", how="left", maintain_order="left")
        .with_columns(provider_name=pl.coalesce("provider_name", "_named"))
        .select(list(OFFER_COLUMNS))
        .cast(OFFER_COLUMNS)
    )


def provider_names(records: pl.DataFrame) -> pl.DataFrame:
    """(provider_id, _named): the name the listings give each provider id, of the first source in DEFAULT_ORDER
    that names it (llm-stats' "Mistral AI" before models.dev's "Mistral"), then the
    name more listings give."""
    named = records.filter(pl.col("provider_name").is_not_null() & (pl.col("provider_name") != ""))
    return (
        named.group_by("provider_id", "provider_name").agg(_o=_order_expr(DEFAULT_ORDER).min(), _n=pl.len())
        .sort("provider_id", "_o", "_n", "provider_name", descending=[False, False, True, False])
        .group_by("provider_id", maintain_order=True).first()
        .select("provider_id", _named="provider_name")
    )


def contributions(resolved: pl.DataFrame, defined_by: pl.DataFrame) -> pl.DataFrame:
    """Per source and model: "defines" (the model exists through this source's record) or "confirms"."""
    listed = resolved.filter(pl.col("model_id").is_not_null()).select("source_id", "model_id").unique()
    return (
        listed.join(defined_by.select("model_id", def_source="source_id"), on="model_id", how="left")
        .select("source_id", "model_id", role=pl.when(pl.col("source_id") == pl.col("def_source")).then(pl.lit("defines")).otherwise(pl.lit("confirms")))
        .sort("source_id", "model_id")
    )


CAPABILITY_FROM_MODALITY = identity.CAPABILITY_FROM_MODALITY


def _admitted_aliases(canon_keys: pl.DataFrame, canon_ids: pl.Series, new: pl.DataFrame, members: pl.DataFrame,
                      curated: pl.DataFrame, history: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.Series]:
    """Every model's keys once `new` models are admitted (`members`: their records): the alias table, the curated
    aliases that name no model, and every model id."""
    new_keys = identity.keys_frame(pl.concat(
        [new.select(key="id", model_id="id", rule=pl.lit("admitted-id"), tier=pl.lit(identity.TIER_OWN_ID))]
        # a member's own spelling names the model for every source, except a host's plain name of an instruct
        # model (Abacus' `qwen-2.5-coder-32b`), which names the base model where a source lists base models:
        # such a record resolves by `instruct-of` keys (record_keys' k_plain, a score name's attempt 80)
        + [members.filter(~(pl.col("id").str.contains(INSTRUCT) & ~pl.col(k).str.contains(INSTRUCT)))
           .select(key=k, model_id="id", rule=pl.lit(f"admitted-{k[2:]}"), tier=pl.lit(identity.TIER_AUTO)) for k in ("k_id", "k_host")]
    ))
    auto = pl.concat([canon_keys, new_keys.filter(~pl.col("key").is_in(canon_keys["key"].implode()))])
    all_ids = pl.concat([canon_ids, new["id"]])
    aliases, curated_rejects = identity.alias_table(auto, curated, all_ids, history)
    return aliases, curated_rejects, all_ids


def build_models(
    records: pl.DataFrame,
    source_priority: dict[str, int],
    creators: list[str],
    curated: pl.DataFrame,
    maker_table: pl.DataFrame,
    history: pl.DataFrame | None = None,
    model_makers: pl.DataFrame | None = None,
    late: tuple[str, ...] = (),
    model_names: pl.DataFrame | None = None,
    namers: tuple[str, ...] = (),
) -> ModelMetadata:
    """`model_makers` (catalog/model_makers.csv): a model's maker where its listings name another maker's family.
    `late` (`SourceSpec.defines_late`): sources whose records name models by a leaderboard's labels; they define a
    model only when no model of the other sources has any of their names, their display name tried last
    (resolve_records' last attempt). `namers` (`SourceSpec.defines_named`): sources whose records define a model only
    where they give its name besides its id (a vendor page introducing a model no catalogue lists)."""
    maker_map = makers(maker_table)
    if history is None:
        history = pl.DataFrame(schema=ALIAS_HISTORY_COLUMNS)
    records, collided = identity.id_collisions(records, creators, maker_map, source_priority)
    # 1. the makers' own rows define the models they list (identity.canonical_models)
    canon, canon_keys, listed_aliases = identity.canonical_models(
        records.filter(pl.col("source_id").is_in(creators)), source_priority, identity.moving_keys(history, curated)
    )
    first_aliases, _ = identity.alias_table(canon_keys, curated, canon["id"], history)
    first_aliases = record_aliases(first_aliases)
    keyed = record_keys(records, identity.name_key(curated["alias"]))
    is_late = pl.col("source_id").is_in(list(late))
    first = resolve_records(keyed.filter(~is_late), first_aliases)
    # 2. records no model claims, whose maker is known exactly, define models of their own
    new = admit(first, maker_map, creators, curated, canon["id"], namers)
    members = _candidates(first, maker_map, creators, curated, namers).join(new.select("group", "id"), on="group", how="inner")
    aliases, curated_rejects, all_ids = _admitted_aliases(canon_keys, canon["id"], new, members, curated, history)
    if late:
        # ... and then the records of `late` sources that no model has by any name, their display name included
        second = resolve_records(keyed.filter(is_late), record_aliases(aliases), late)
        new_late = admit(second, maker_map, creators, curated, all_ids, namers)
        if not new_late.is_empty():
            new = pl.concat([new, new_late])
            members = pl.concat([members, _candidates(second, maker_map, creators, curated, namers).join(
                new_late.select("group", "id"), on="group", how="inner").select(members.columns)])
            aliases, curated_rejects, all_ids = _admitted_aliases(canon_keys, canon["id"], new, members, curated, history)
    aliases = identity.block_missing_curated(aliases, curated, all_ids)
    # whether a record of this build spells the alias (one no source uses here cannot have mattered)
    spelled = pl.concat([keyed.select(key=pl.col(k)) for k in ("k_id", "k_host", "k_name")])["key"].drop_nulls().unique()
    curated_rejects = curated_rejects.with_columns(key=identity.name_key(pl.col("alias"))).with_columns(
        spelled=pl.col("key").is_in(spelled.implode())
    )
    # a model only base-model listings define (a Hugging Face repo `Qwen2-57B-A14B`) is not what a name with
    # "-instruct" names (`Qwen2-57B-A14B-Instruct`, a model of its own)
    base_only = members.group_by("id").agg(base=pl.col("source_id").is_in(list(BASE_MODEL_SOURCES)).all()).filter("base")["id"].to_list()
    resolved = resolve_records(keyed, record_aliases(aliases, base_only), late, base_only).with_columns(
        maker=pl.col("maker_hint").str.to_lowercase().str.strip_chars().replace_strict(
            dict(zip(maker_map["hint"].to_list(), maker_map["maker"].to_list())), default=None, return_dtype=pl.String
        )
    )
    # a model whose records all resolve elsewhere in the end (a curated alias joins it to another) is no model
    claimed = resolved["model_id"].drop_nulls().unique().implode()
    new = new.filter(pl.col("id").is_in(claimed))
    canon = canon.filter(pl.col("id").is_in(claimed))
    # 3. field by field, the winning value
    wide, provenance = choose_fields(resolved)
    admitted = new.join(wide, left_on="id", right_on="model_id", how="left").with_columns(
        status=pl.when(pl.col("status").is_not_null() & (pl.col("status") != "active")).then(pl.col("status"))
        .when(pl.col("id").str.contains(identity.PREVIEW_ID)).then(pl.lit("preview"))
        .otherwise(pl.col("status")),  # none where no source says: unknown, not `active`
    )
    # a canonical model's status is its maker row's, unless the maker's page deprecated it (PAGE_FIELDS)
    paged = provenance.filter((pl.col("field") == "status") & (pl.col("rule") == PAGE_FIELDS["status"]))["model_id"]
    canon_full = canon.select("id", "name", "provider", "status").join(wide, left_on="id", right_on="model_id", how="left").with_columns(
        status=pl.when(pl.col("id").is_in(paged.implode())).then(pl.col("status_right")).otherwise(pl.col("status")))
    # an admitted model is defined by the first source (NAME_ORDER) whose record resolves to it in the end
    # (the record that named it first may have resolved to another model once every model was known)
    definers = (
        resolved.filter(pl.col("model_id").is_in(new["id"].implode()))
        .with_columns(_o=_order_expr(NAME_ORDER), _late=is_late)
        .sort("model_id", "_late", "_o", "source_id", "raw_model_id")
        .group_by("model_id", maintain_order=True).first()
        .select(id="model_id", definer="source_id")
    )
    new = new.join(definers, on="id", how="left").with_columns(source_id=pl.coalesce("definer", "source_id")).drop("definer")
    defined_by = pl.concat([
        canon.select(model_id="id", source_id="metadata_source_id"),
        new.select(model_id="id", source_id="source_id"),
    ])
    cols = [c for c in canon_full.columns if c in admitted.columns]
    merged = pl.concat([canon_full.select(cols), admitted.select(cols)], how="vertical_relaxed")
    models = merged.join(defined_by.rename({"model_id": "id"}), on="id", how="left").select(
        "id", "name", "provider", "family", "status", "release_date", "training_cutoff",
        # unknown (null) where no source says what the model takes and none names a capability it has: a
        # leaderboard's model that no catalogue lists has no capabilities known, not none
        capabilities=pl.when(pl.col("input_modalities").is_null() & ~pl.col("supports_tools").fill_null(False)
                             & ~pl.col("supports_reasoning").fill_null(False)).then(None).otherwise(pl.concat_list(
            pl.col("input_modalities").fill_null(pl.lit([], dtype=pl.List(pl.String)))
            .list.eval(pl.element().replace_strict(CAPABILITY_FROM_MODALITY, default=pl.element())),
            pl.when(pl.col("supports_tools")).then(pl.lit(["tools"])).otherwise(pl.lit([], dtype=pl.List(pl.String))),
            pl.when(pl.col("supports_reasoning")).then(pl.lit(["reasoning"])).otherwise(pl.lit([], dtype=pl.List(pl.String))),
        ).list.unique().list.sort()),
        is_open_source="open_weights", licence="licence", parameters="param_count", base_model="base_model",
        context_window="context_window", max_output_tokens="max_output_tokens",
        price_input="price_input", price_output="price_output",
        price_cache_input="price_cache_input", price_cache_output="price_cache_output",
        api_reasoning="supports_reasoning",
        api_vision=pl.col("input_modalities").list.contains("image"),
        api_tools="supports_tools", api_structured_output="supports_structured_output", api_attachment="supports_attachment",
        coverage=pl.lit(None, pl.Float64),
        metadata_source_id="source_id",
    ).cast(MODEL_COLUMNS).sort("id")
    if model_makers is not None:
        models = models.join(model_makers.select(id="model_id", _maker="maker"), on="id", how="left").with_columns(
            provider=pl.coalesce("_maker", "provider")
        ).drop("_maker")
    models = distinct_names(models, resolved)
    if model_names is not None:
        models = curated_names(models, resolved, model_names)
    # the summary's price is the maker's own (SUMMARY_PRICE_RULES: its listing's, or as a router passes it on): a value
    # chosen from a host's listing is not published there, nor is its source
    hosts_price = pl.col("field").is_in(PRICE_FIELDS) & ~pl.col("rule").is_in(SUMMARY_PRICE_RULES)
    for f in PRICE_FIELDS:
        not_maker = provenance.filter(hosts_price & (pl.col("field") == f))["model_id"]
        models = models.with_columns(pl.when(pl.col("id").is_in(not_maker.implode())).then(None).otherwise(pl.col(f)).alias(f))
    provenance = preview_provenance(provenance.filter(~hosts_price), models, resolved)
    # a maker's own alias listing, then the dated history, then the undated name of a maker's only
    # snapshot (`claude-3-7-sonnet`, which earlier builds published as an id): one origin per alias
    published_aliases = pl.concat([
        listed_aliases.select("alias", "model_id", pl.lit(None, pl.String).alias("variant"), "since", pl.lit(None, pl.Date).alias("until"),
                              "rule", "note", _g=pl.lit(0)),
        identity.history_keys(history).select(alias="key", model_id="model_id", variant="variant", since="since", until="until", rule="rule",
                                              note="note", _g=pl.lit(1)),
        models.select(model_id="id", alias=pl.col("id").str.replace(identity.DATE_SUFFIX, ""))
        .filter((pl.col("alias") != pl.col("model_id")) & (pl.len().over("alias") == 1))
        .select("alias", "model_id", variant=pl.lit(None, pl.String), since=pl.lit(None, pl.Date), until=pl.lit(None, pl.Date),
                rule=pl.lit("undated-name"), note=pl.format("the undated name of {}, the only snapshot of that name", "model_id"), _g=pl.lit(2)),
    ])
    ids = models["id"].implode()
    published_aliases = (
        published_aliases.filter(pl.col("_g") == pl.col("_g").min().over("alias"))
        .filter(pl.col("model_id").is_in(ids) & ~pl.col("alias").is_in(ids))
        .drop("_g")
        .sort("alias", "since", nulls_last=False)
    )
    return ModelMetadata(
        base_models=base_only,
        published_aliases=published_aliases,
        models=models,
        records=resolved.drop("k_id", "k_host", "k_name", "k_plain", "k_undated", "k_noinst"),
        aliases=aliases.filter(pl.col("model_id").is_null() | pl.col("model_id").is_in(models["id"].implode())),
        curated_rejects=curated_rejects,
        provenance=provenance.filter(pl.col("model_id").is_in(models["id"].implode())).sort("model_id", "field"),
        offers=offers(resolved),
        contributions=contributions(resolved, defined_by),
        rejects=pl.concat([collided.select(list(REJECT_COLUMNS)).cast(REJECT_COLUMNS), release_date_rejects(resolved).cast(REJECT_COLUMNS),
                           cutoff_rejects(resolved, wide.select("model_id", "release_date")).cast(REJECT_COLUMNS)]),
    )
