-- The registry warehouse. Each run writes a new database file from data/raw in one transaction and
-- swaps it in (so a changed table definition needs no migration: the warehouse is derived data).
--
-- The raw rows and the details (JSON text, hundreds of bytes each, most of the file) are compressed with
-- zstd rather than DuckDB's choice (FSST and dictionaries): on the recordings the file is 40 -> 26 MB and
-- DuckDB stores the tables ~10% faster; at 10x, 316 -> 178 MB and 12 -> 10 s. Reading those columns costs a
-- little more (the Parquet copies, which read every column, +0.1 s at 1x, +0.8 s at 10x); no other column
-- changes.

-- The build this database holds; the published API's meta.buildId names the same build.
CREATE OR REPLACE TABLE build_info (
    build_id VARCHAR,  -- `<UTC timestamp>-<8 hex>`, also the API build directory's name
    generated_at TIMESTAMPTZ  -- when the build was made (the API's generatedAt)
);

-- Every source, from its spec (registry_pipeline/sources/).
CREATE OR REPLACE TABLE sources (
    id VARCHAR PRIMARY KEY,  -- source id (the folder under data/raw)
    name VARCHAR,  -- display name
    url VARCHAR,  -- its homepage
    publisher VARCHAR,  -- who publishes it
    default_verification_level VARCHAR,  -- third_party, provider, community or estimated
    licence VARCHAR,  -- the licence its data comes under
    attribution VARCHAR,  -- the credit text consumers should show
    attribution_required BOOLEAN,  -- whether the licence requires that credit
    priority BIGINT,  -- dedupe tie-break within a verification level: lower wins
    cadence VARCHAR,  -- how often it is fetched: daily, weekly, manual (curated by hand) or retired (frozen, never newer)
    freshness_days BIGINT  -- the freshness check fails when its newest snapshot is older
);

-- How each source was obtained in the last run: live fetch, unchanged, fallback to a snapshot, offline, failed.
-- degraded: its newest snapshot was refused by the degraded-payload guard (refused_snapshots says which).
CREATE OR REPLACE TABLE source_runs (
    source_id VARCHAR,  -- the source
    run_id VARCHAR,  -- the Dagster run that staged it
    mode VARCHAR,  -- live, unchanged, offline, fallback, curated or failed
    snapshot VARCHAR,  -- the raw snapshot used (YYYY-MM-DD/HHMMSS), null when none
    fetched_on DATE,  -- when that snapshot was downloaded
    message VARCHAR,  -- why it is not live, in words
    degraded BOOLEAN,  -- its newest snapshot was refused by the degraded-payload guard
    refused_snapshots VARCHAR[],  -- the newer snapshots refused
    model_rows BIGINT,  -- model records parsed from the snapshot
    models_defined BIGINT,  -- registry models that exist through this source
    models_confirmed BIGINT,  -- registry models this source also lists
    score_rows BIGINT,  -- score observations parsed from the snapshot
    reject_rows BIGINT  -- rows quarantined (see rejects)
);

-- Every snapshot of every source in the raw landing zone, as the degraded-payload guard judged it (the
-- history's calendar: scores_as_of(D) takes each source's newest accepted snapshot fetched by D).
CREATE OR REPLACE TABLE source_snapshots (
    source_id VARCHAR,  -- the source
    snapshot VARCHAR,  -- the snapshot (YYYY-MM-DD/HHMMSS)
    fetched_on DATE,  -- when it was downloaded
    accepted BOOLEAN,  -- used (the newest accepted one is staged; every accepted one is in the history)
    rows BIGINT,  -- usable rows it parsed to
    rejects BIGINT,  -- rows quarantined
    reason VARCHAR  -- why it was refused; null when accepted
);

CREATE OR REPLACE TABLE categories (
    slug VARCHAR PRIMARY KEY,  -- URL segment (the name by slug.slugify)
    name VARCHAR,  -- display name
    description VARCHAR,  -- what it measures
    position BIGINT  -- display order
);

CREATE OR REPLACE TABLE benchmarks (
    id VARCHAR PRIMARY KEY,  -- catalogue id
    name VARCHAR,  -- display name
    category VARCHAR,  -- its category's name
    description VARCHAR,  -- what it measures
    max_score DOUBLE,  -- the score that normalises to 100 (lower is better: to 0): a bound for %, an anchor a score can pass for elo and points (it normalises to 100)
    min_score DOUBLE,  -- the worst possible score (minmax and elo: the score that normalises to 0)
    higher_is_better BOOLEAN,  -- false for costs and error rates
    normalize_method VARCHAR,  -- max, minmax, inverse or elo: how normalized_score is computed
    unit VARCHAR,  -- % (percent), index (0-100), elo or points (any other scale: a count, a grade, a rating, dollars)
    link VARCHAR,  -- its homepage
    paper_url VARCHAR  -- its paper
);

-- Benchmark ids an earlier build published for a benchmark now published under another id (two names of one
-- benchmark merged, catalog/benchmark_former_ids.csv). Rows a source files under a former id are the benchmark's.
CREATE OR REPLACE TABLE benchmark_former_ids (
    former_id VARCHAR PRIMARY KEY,  -- the id published before
    benchmark_id VARCHAR,  -- the benchmark it names now (benchmarks.id)
    since DATE,  -- when its scores moved to benchmark_id
    note VARCHAR  -- why the two ids name one benchmark
);

-- Benchmark ids an earlier build published (data/ids/benchmarks.csv) that name no benchmark now and are no
-- former id of one: dropped from the catalogue without saying where their scores went (empty when all is well).
CREATE OR REPLACE TABLE retired_benchmark_ids (
    id VARCHAR,  -- an id an earlier build published
    name VARCHAR,  -- its name then
    category VARCHAR,  -- its category then
    first_published DATE,  -- when it was first published
    reason VARCHAR  -- why it names no benchmark now
);

-- Canonical models (one row per registry model, from its maker's record).
CREATE OR REPLACE TABLE models (
    id VARCHAR PRIMARY KEY,  -- the maker's own id as a slug (claude-3-5-sonnet-20241022); never changes meaning
    name VARCHAR,  -- display name
    provider VARCHAR,  -- the maker
    family VARCHAR,  -- the maker's family name, when a source gives one
    status VARCHAR,  -- active, preview or deprecated; null when no source says (a leaderboard's or launch page's model)
    release_date DATE,  -- null when no source says
    training_cutoff VARCHAR,  -- YYYY-MM
    capabilities VARCHAR[],  -- text, vision, audio, video, pdf, file, tools, reasoning; null when no source describes the model
    is_open_source BOOLEAN,  -- open weights
    licence VARCHAR,  -- the weights' licence, as the Hugging Face Hub names it (apache-2.0, llama3.1, gemma, other: a licence of the maker's own), proprietary for closed weights; null when no source says
    parameters BIGINT,  -- the weights' parameter count (null when no source says)
    base_model VARCHAR,  -- the Hub repo the weights were tuned, merged or quantised from (owner/name)
    context_window BIGINT,  -- tokens
    max_output_tokens BIGINT,  -- tokens (null for an embedding model: it returns a vector)
    price_input DOUBLE,  -- the maker's price, USD per 1M input tokens (null when only a host lists one)
    price_output DOUBLE,  -- USD per 1M output tokens
    price_cache_input DOUBLE,  -- USD per 1M cached input tokens read
    price_cache_output DOUBLE,  -- USD per 1M tokens written to the cache
    api_reasoning BOOLEAN,  -- the API offers reasoning
    api_vision BOOLEAN,  -- takes images
    api_tools BOOLEAN,  -- tool calls
    api_structured_output BOOLEAN,  -- structured (JSON schema) output
    api_attachment BOOLEAN,  -- file attachments
    coverage DOUBLE,  -- percent of catalogue benchmarks with a published score
    metadata_source_id VARCHAR  -- the source whose record defines the model
);

-- Every model record every source gave (makers, resellers, AA), as parsed.
CREATE OR REPLACE TABLE model_records (
    source_id VARCHAR,  -- the source
    raw_model_id VARCHAR,  -- the source's own id (provider/model)
    raw_name VARCHAR,  -- the source's display name
    provider_id VARCHAR,  -- the source's provider key
    provider_name VARCHAR,  -- that provider's name
    is_maker BOOLEAN,  -- listed by the model's maker, not a reseller
    is_alias BOOLEAN,  -- a moving alias of another row ("... (latest)")
    maker_hint VARCHAR,  -- the maker as the source names it
    family VARCHAR,  -- family name
    release_date DATE,  -- release date as the source says
    training_cutoff VARCHAR,  -- YYYY-MM
    context_window BIGINT,  -- tokens
    max_output_tokens BIGINT,  -- tokens as the source says (for an embedding model, often its vector's size)
    price_input DOUBLE,  -- USD per 1M input tokens
    price_output DOUBLE,  -- USD per 1M output tokens
    price_cache_input DOUBLE,  -- USD per 1M cached input tokens
    price_cache_output DOUBLE,  -- USD per 1M cache-write tokens
    input_modalities VARCHAR[],  -- text, image, audio, video, pdf
    output_modalities VARCHAR[],  -- what it produces
    supports_reasoning BOOLEAN,  -- reasoning in the API
    supports_tools BOOLEAN,  -- tool calls
    supports_structured_output BOOLEAN,  -- structured output
    supports_attachment BOOLEAN,  -- file attachments
    open_weights BOOLEAN,  -- weights published
    status VARCHAR,  -- active, preview or deprecated
    licence VARCHAR,  -- licence as the source gives it
    param_count BIGINT,  -- parameters (raw count)
    base_model VARCHAR,  -- the model it was tuned or quantised from
    downloads BIGINT,  -- Hugging Face downloads, last 30 days
    source_url VARCHAR,  -- the page it comes from
    output_tokens_per_second DOUBLE,  -- measured speed (Artificial Analysis)
    time_to_first_token_s DOUBLE,  -- measured latency, seconds
    as_of_date DATE,  -- when the source said it
    raw_row VARCHAR USING COMPRESSION zstd,  -- the source row as JSON
    model_id VARCHAR,  -- the registry model it resolves to (null: none)
    resolution VARCHAR,  -- <rule>:<key> that resolved it, or unresolved:<why>
    maker VARCHAR  -- its maker (catalog/makers.csv)
);

-- Where each published model field came from: the winning value, its source and record, and the rule
-- (launch-page | deprecation-page | model-card | maker | maker-via-router | consensus-over-maker | source-order | router-snapshot | preview-id); every source's own value stays in model_records.
CREATE OR REPLACE TABLE model_field_sources (
    model_id VARCHAR,  -- the model
    field VARCHAR,  -- the published field
    value VARCHAR,  -- the published value, as text
    source_id VARCHAR,  -- the source it came from
    raw_model_id VARCHAR,  -- that source's record
    source_url VARCHAR,  -- that record's page (a maker's post that released or deprecated the model, a host's listing), when the source gives one
    rule VARCHAR,  -- launch-page, deprecation-page, model-card, maker, maker-via-router, consensus-over-maker, source-order, router-snapshot or preview-id
    support BIGINT,  -- how many listings share the value (null for preview-id: the id says it, no listing)
    corrected BOOLEAN,  -- the value is a curated erratum's correction of that record's (source_errata), not what the source states
    PRIMARY KEY (model_id, field)
);

-- Who serves a model at what price (USD per 1M tokens): one row per model, provider and source.
CREATE OR REPLACE TABLE model_providers (
    model_id VARCHAR,  -- the model
    provider_id VARCHAR,  -- who serves it
    provider_name VARCHAR,  -- that provider's name
    source_id VARCHAR,  -- the source listing the offer
    raw_model_id VARCHAR,  -- the provider's id for it
    price_input DOUBLE,  -- USD per 1M input tokens
    price_output DOUBLE,  -- USD per 1M output tokens
    price_cache_input DOUBLE,  -- USD per 1M cached input tokens
    price_cache_output DOUBLE,  -- USD per 1M cache-write tokens
    context_window BIGINT,  -- tokens, at that provider
    max_output_tokens BIGINT,  -- tokens, at that provider (null for an embedding model)
    is_maker BOOLEAN,  -- the provider is the model's maker
    PRIMARY KEY (model_id, provider_id, source_id)
);

-- Which sources list each model: "defines" (the model exists through this source's record) or "confirms".
CREATE OR REPLACE TABLE model_sources (
    source_id VARCHAR,  -- the source
    model_id VARCHAR,  -- the model
    role VARCHAR  -- defines or confirms
);

-- Every spelling key identity resolves by, the model it names (null: blocked, ambiguous or a moving alias
-- without a dated entry), the rule and tier that produced it, and the dates it holds between.
CREATE OR REPLACE TABLE alias_keys (
    key VARCHAR,  -- a spelling key (slug of a name)
    model_id VARCHAR,  -- the model it names; null: blocked, ambiguous or undated moving alias
    variant VARCHAR,  -- the setting the key implies
    rule VARCHAR,  -- the rule that made the key
    tier INTEGER,  -- 0 curated < 1 history < 2 own id < 3 automatic < 4 word order
    since DATE,  -- holds from this date
    until DATE,  -- holds until this date
    note VARCHAR,  -- why (candidates of an ambiguous key, ...)
    not_before DATE  -- a display name: names nothing released or dated before this (a month before its model's release)
);

-- The makers' moving names and the snapshot each points to from `since`. An alias that points to a model now (a row
-- without `until`) is published at /api/v1/models/{alias}; one the maker retired (every row closed) is not.
CREATE OR REPLACE TABLE model_aliases (
    alias VARCHAR,  -- the moving name
    model_id VARCHAR,  -- the snapshot it points to
    variant VARCHAR,  -- the setting it implies
    since DATE,  -- from this date
    until DATE,  -- until this date
    rule VARCHAR,  -- maker-alias, alias-history, undated-name or former-id
    note VARCHAR  -- where it comes from
);

-- The history: the score observations of every accepted snapshot in the raw landing zone (rebuilt from raw
-- alone), resolved with today's identity, as value runs: one row per observation per stretch of accepted
-- snapshots in which it kept one value (snapshot = first, last_snapshot = last of the stretch, until_snapshot =
-- the next accepted snapshot, which had another value or none). removed_at_snapshot = the first later snapshot
-- of the source that no longer has the observation. Query it through scores_as_of(D) and score_series (views.sql).
CREATE OR REPLACE TABLE observation_history (
    observation_id VARCHAR,  -- <source>:<snapshot>:<row key>:<benchmark>[@<release>]
    source_id VARCHAR,  -- the source
    snapshot VARCHAR,  -- the first snapshot with this value
    fetched_on DATE,  -- when that snapshot was downloaded
    raw_model_name VARCHAR,  -- the model as the source names it
    raw_model_key VARCHAR,  -- the source's row key
    model_id VARCHAR,  -- resolved with today's identity
    variant VARCHAR,  -- the setting measured
    benchmark_id VARCHAR,  -- the benchmark
    benchmark_version VARCHAR,  -- its release
    score DOUBLE,  -- in the benchmark's unit
    normalized_score DOUBLE,  -- 0-100
    verification_level VARCHAR,  -- third_party, provider, community or estimated
    level_rank INTEGER,  -- dedupe rank of the level (lower wins)
    source_priority INTEGER,  -- dedupe tie-break (lower wins)
    as_of_date DATE,  -- when measured (a source that does not date its rows: the first fetch with this value; a row a source added to a dated file later, dated before its model's release: that release)
    as_of_is_fetch_day BOOLEAN,  -- the source dates the row by its fetch: on a day D its date is D's snapshot's
    source_url VARCHAR,  -- the page
    last_snapshot VARCHAR,  -- the last snapshot with this value
    until_snapshot VARCHAR,  -- the next accepted snapshot, with another value or without it; null while current
    removed_at_snapshot VARCHAR  -- first later snapshot without it; null while still listed
);

-- What each build changed against the previously published one (kept across builds in
-- data/warehouse/changes.jsonl): kind model_added/removed/changed, score_added/removed/changed,
-- source_fallback/failed; old and new values as JSON text.
CREATE OR REPLACE TABLE changes (
    generated_at VARCHAR,  -- the build that made the change
    previous_generated_at VARCHAR,  -- the build it was compared with
    kind VARCHAR,  -- model_added/removed/changed, score_added/removed/changed, source_fallback/failed
    model_id VARCHAR,  -- the model
    benchmark_id VARCHAR,  -- the benchmark
    source_id VARCHAR,  -- the source
    field VARCHAR,  -- the changed field
    old VARCHAR,  -- old value, JSON text
    new VARCHAR  -- new value, JSON text
);

-- The model records of every accepted snapshot as value runs (one row per record per stretch of snapshots
-- with one name); removed_at_snapshot = the first later snapshot of the source that no longer lists the
-- record; model_id = what it resolves to today.
CREATE OR REPLACE TABLE model_record_history (
    source_id VARCHAR,  -- the source
    snapshot VARCHAR,  -- the first snapshot listing it so
    fetched_on DATE,  -- when that snapshot was downloaded
    raw_model_id VARCHAR,  -- the source's id
    raw_name VARCHAR,  -- the source's name
    provider_id VARCHAR,  -- the source's provider key
    model_id VARCHAR,  -- what it resolves to today
    last_snapshot VARCHAR,  -- the last snapshot listing it so
    until_snapshot VARCHAR,  -- the next accepted snapshot, with another name or without it; null while current
    removed_at_snapshot VARCHAR  -- first later snapshot without it; null while still listed
);

-- Model ids published by an earlier build that no longer name a model and resolve to none (never reused).
CREATE OR REPLACE TABLE retired_model_ids (
    id VARCHAR,  -- an id an earlier build published
    name VARCHAR,  -- its name then
    provider VARCHAR,  -- its maker then
    first_published DATE,  -- when it was first published
    reason VARCHAR  -- why it names no model now
);

-- Every name any source uses for a model (score rows and model records), resolved or not.
CREATE OR REPLACE TABLE crosswalk (
    source_id VARCHAR,  -- the source
    native_id VARCHAR,  -- the name or id the source uses
    raw_name VARCHAR,  -- its second spelling
    model_id VARCHAR,  -- the model it resolves to
    variant VARCHAR,  -- the setting measured
    rule VARCHAR,  -- the resolution rule
    reason VARCHAR,  -- why it did not resolve
    observations BIGINT  -- score rows under this name
);

-- Source names that did not resolve, with the reason and suggestions for curation (catalog/model_aliases.csv).
CREATE OR REPLACE TABLE model_review (
    source_id VARCHAR,  -- the source
    raw_model_name VARCHAR,  -- the unresolved name
    model_hint VARCHAR,  -- its second spelling
    observations BIGINT,  -- score rows under it
    reason VARCHAR,  -- blocked alias, ambiguous, moving alias or unknown
    suggestions VARCHAR[]  -- model ids that might be meant
);

-- Every score observation of this run, resolved or not.
CREATE OR REPLACE TABLE score_observations (
    observation_id VARCHAR PRIMARY KEY,  -- <source>:<snapshot>:<row key>:<benchmark>[@<release>]
    source_id VARCHAR,  -- the source
    snapshot VARCHAR,  -- the raw snapshot it was read from
    run_id VARCHAR,  -- the Dagster run
    file_sha256 VARCHAR,  -- sha256 of the snapshot's raw files (comma-separated, by file name)
    raw_model_name VARCHAR,  -- the model as the source names it
    raw_model_key VARCHAR,  -- the source's stable key of the row
    model_hint VARCHAR,  -- a second spelling the source gives (an API id, a repo)
    provider_hint VARCHAR,  -- the maker as the source names it
    variant VARCHAR,  -- the run setting measured, lowercased; null for the default
    model_id VARCHAR,  -- the registry model it resolved to, null when unresolved
    resolution VARCHAR,  -- <rule>:<key> that resolved it, or unresolved:<why>
    unresolved_reason VARCHAR,  -- why it did not resolve (see model_review)
    benchmark_id VARCHAR,  -- the catalogue benchmark
    benchmark_version VARCHAR,  -- the benchmark release (or LiveCodeBench window of problems) measured, null when unversioned
    raw_value DOUBLE,  -- the number exactly as in the source
    raw_unit VARCHAR,  -- fraction, percent, index, elo or points
    score DOUBLE,  -- in the benchmark's unit
    normalized_score DOUBLE,  -- 0-100, higher is better
    verification_level VARCHAR,  -- third_party, provider, community or estimated
    as_of_date DATE,  -- when the source measured or reported it (a row a source added to a dated file later, dated before its model's release: that release, transform/score_dates.py)
    source_url VARCHAR,  -- the page it comes from
    details JSON USING COMPRESSION zstd,  -- what the source says about the run besides the score (agent, CI, votes, cost)
    raw_row VARCHAR USING COMPRESSION zstd  -- the source row as JSON
);

-- The published winners (one per model and benchmark), as in the API.
CREATE OR REPLACE TABLE scores (
    model_id VARCHAR,  -- the registry model
    model_name VARCHAR,  -- its display name
    provider VARCHAR,  -- its maker
    benchmark_id VARCHAR,  -- the catalogue benchmark
    benchmark_name VARCHAR,  -- its display name
    category VARCHAR,  -- the benchmark's category name
    score DOUBLE,  -- in the benchmark's unit (percent, Elo, index points, ...)
    normalized_score DOUBLE,  -- 0-100, higher is better, by the benchmark's normalize method
    verified BOOLEAN,  -- verification_level is third_party
    verification_level VARCHAR,  -- third_party, provider, community or estimated
    source_id VARCHAR,  -- the source of the winning observation
    source_url VARCHAR,  -- the page it comes from
    as_of_date DATE,  -- when the source measured or reported it
    is_artificial_analysis BOOLEAN,  -- derived from Artificial Analysis (attribution required)
    variant VARCHAR,  -- the run setting measured (high, thinking, ...), null for the default
    benchmark_version VARCHAR,  -- the benchmark's release measured (LiveBench's 2026-01-08) or its window of problems (LiveCodeBench's 2024-08/2025-05), null when unversioned
    PRIMARY KEY (model_id, benchmark_id)
);

-- (model, benchmark, setting) groups whose sources disagree beyond the benchmark's tolerance: one row per
-- source (its newest run of that setting at its best verification level), the group's winner and why it won. Never averaged.
CREATE OR REPLACE TABLE score_conflicts (
    model_id VARCHAR,  -- the model
    benchmark_id VARCHAR,  -- the benchmark
    benchmark_version VARCHAR,  -- its release
    variant VARCHAR,  -- the setting
    source_id VARCHAR,  -- this row's source
    observation_id VARCHAR,  -- its observation
    score DOUBLE,  -- its value
    normalized_score DOUBLE,  -- 0-100
    verification_level VARCHAR,  -- its level
    as_of_date DATE,  -- when measured
    is_winner BOOLEAN,  -- the value published
    winner_source_id VARCHAR,  -- the source published
    winner_reason VARCHAR,  -- why it won (level, newest, priority)
    gap DOUBLE,  -- largest difference in the group, in the unit
    normalized_gap DOUBLE,  -- the same, normalised
    tolerance DOUBLE  -- the benchmark's tolerance
);

-- Scores a source copied from another model (transform/copied_scores.py): left out of `scores`, and of
-- `scores_as_of` on every day the source's row held that value; each is also a reject with the reason.
CREATE OR REPLACE TABLE copied_scores (
    observation_id VARCHAR,  -- the observation (score_observations)
    source_id VARCHAR,  -- the source
    raw_model_name VARCHAR,  -- the model as the source names it
    raw_model_key VARCHAR,  -- the source's row key
    model_id VARCHAR,  -- the model the source files it under
    benchmark_id VARCHAR,  -- the benchmark
    benchmark_version VARCHAR,  -- its release
    variant VARCHAR,  -- the setting
    score DOUBLE,  -- the copied value, in the benchmark's unit
    reason VARCHAR  -- whose score it is, and the evidence
);

-- Known errors in a source's data (catalog/source_errata.csv, transform/errata.py), each corrected at build
-- time while the source still states the wrong value; the raw rows keep what the source sent.
CREATE OR REPLACE TABLE source_errata (
    source_id VARCHAR,  -- the source
    record VARCHAR,  -- model (a model record, keyed by its raw_model_id) or score (a score row, by its raw_model_key)
    key VARCHAR,  -- the record's or the row's key
    benchmark_id VARCHAR,  -- a score row's benchmark (null: every benchmark of the row; always null on a model record)
    field VARCHAR,  -- the field corrected
    wrong VARCHAR,  -- the value the source states, as text (null: it states none)
    corrected VARCHAR,  -- the value used instead, as text (null: none, the other sources decide)
    evidence VARCHAR,  -- why the source's value is wrong, and where the corrected one comes from
    rows_corrected BIGINT  -- rows this build corrected (0: the source no longer states the wrong value, or was not built)
);

CREATE OR REPLACE TABLE leaderboards (
    category_slug VARCHAR,  -- the board (all: global)
    category VARCHAR,  -- its name
    benchmark_count BIGINT,  -- benchmarks on the board
    rank BIGINT,  -- 1 = first
    model_id VARCHAR,  -- the model
    model_name VARCHAR,  -- its name
    provider VARCHAR,  -- its maker
    release_date DATE,  -- its release date
    average DOUBLE,  -- mean normalised score
    rank_score DOUBLE,  -- what ranks: the score the board's fit expects of the model on a benchmark of average difficulty (README, The published API)
    coverage DOUBLE,  -- percent of the board's benchmarks scored
    score_count BIGINT,  -- its scores on the board
    interval_low DOUBLE,  -- rank_score minus its uncertainty
    interval_high DOUBLE,  -- rank_score plus its uncertainty
    benchmark_ranks STRUCT(benchmark_id VARCHAR, rank BIGINT, "of" BIGINT, benchmark_version VARCHAR)[]  -- its rank on each benchmark, of how many scores of its release
);

-- Rows quarantined at any step, with the reason and the raw row.
CREATE OR REPLACE TABLE rejects (
    source_id VARCHAR,  -- the source (catalog for a curated alias)
    stage VARCHAR,  -- parse, validate, resolve, accept or publish
    reason VARCHAR,  -- what was wrong: the source, file, field and value
    raw_row VARCHAR USING COMPRESSION zstd  -- the row exactly as the source gave it, as JSON
);
