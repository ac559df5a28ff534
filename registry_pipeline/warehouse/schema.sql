-- The registry warehouse. Each run writes a new database file from data/raw in one transaction and
-- swaps it in (so a changed table definition needs no migration: the warehouse is derived data).

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
    cadence VARCHAR,  -- how often it is fetched: daily, weekly, manual (curated), retired
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

CREATE OR REPLACE TABLE categories (slug VARCHAR PRIMARY KEY, name VARCHAR, description VARCHAR, position BIGINT);

CREATE OR REPLACE TABLE benchmarks (
    id VARCHAR PRIMARY KEY, name VARCHAR, category VARCHAR, description VARCHAR,
    max_score DOUBLE, min_score DOUBLE, higher_is_better BOOLEAN, normalize_method VARCHAR,
    unit VARCHAR, link VARCHAR, paper_url VARCHAR
);

-- Canonical models (one row per registry model, from its maker's record).
CREATE OR REPLACE TABLE models (
    id VARCHAR PRIMARY KEY,  -- the maker's own id as a slug (claude-3-5-sonnet-20241022); never changes meaning
    name VARCHAR,  -- display name
    provider VARCHAR,  -- the maker
    family VARCHAR,  -- the maker's family name, when a source gives one
    status VARCHAR,  -- active, preview or deprecated
    release_date DATE,  -- null when no source says
    training_cutoff VARCHAR,  -- YYYY-MM
    capabilities VARCHAR[],  -- text, vision, audio, video, pdf, tools, reasoning
    is_open_source BOOLEAN,  -- open weights
    context_window BIGINT,  -- tokens
    max_output_tokens BIGINT,  -- tokens
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
    source_id VARCHAR, raw_model_id VARCHAR, raw_name VARCHAR, provider_id VARCHAR, provider_name VARCHAR,
    is_maker BOOLEAN, is_alias BOOLEAN, maker_hint VARCHAR, family VARCHAR, release_date DATE, training_cutoff VARCHAR,
    context_window BIGINT, max_output_tokens BIGINT, price_input DOUBLE, price_output DOUBLE,
    price_cache_input DOUBLE, price_cache_output DOUBLE, input_modalities VARCHAR[], output_modalities VARCHAR[],
    supports_reasoning BOOLEAN, supports_tools BOOLEAN, supports_structured_output BOOLEAN,
    supports_attachment BOOLEAN, open_weights BOOLEAN, status VARCHAR, licence VARCHAR, param_count BIGINT,
    base_model VARCHAR, downloads BIGINT, source_url VARCHAR, output_tokens_per_second DOUBLE,
    time_to_first_token_s DOUBLE, as_of_date DATE, raw_row VARCHAR,
    model_id VARCHAR, resolution VARCHAR, maker VARCHAR  -- the registry model it names, by which rule; its maker
);

-- Where each published model field came from: the winning value, its source and record, and the rule
-- (maker | consensus-over-maker | source-order); every source's own value stays in model_records.
CREATE OR REPLACE TABLE model_field_sources (
    model_id VARCHAR, field VARCHAR, value VARCHAR, source_id VARCHAR, raw_model_id VARCHAR, rule VARCHAR,
    support BIGINT, PRIMARY KEY (model_id, field)
);

-- Who serves a model at what price (USD per 1M tokens): one row per model, provider and source.
CREATE OR REPLACE TABLE model_providers (
    model_id VARCHAR, provider_id VARCHAR, provider_name VARCHAR, source_id VARCHAR, raw_model_id VARCHAR,
    price_input DOUBLE, price_output DOUBLE, price_cache_input DOUBLE, price_cache_output DOUBLE,
    context_window BIGINT, max_output_tokens BIGINT, is_maker BOOLEAN,
    PRIMARY KEY (model_id, provider_id, source_id)
);

-- Which sources list each model: "defines" (the model exists through this source's record) or "confirms".
CREATE OR REPLACE TABLE model_sources (source_id VARCHAR, model_id VARCHAR, role VARCHAR);

-- Every spelling key identity resolves by, the model it names (null: blocked, ambiguous or a moving alias
-- without a dated entry), the rule and tier that produced it, and the dates it holds between.
CREATE OR REPLACE TABLE alias_keys (
    key VARCHAR, model_id VARCHAR, variant VARCHAR, rule VARCHAR, tier INTEGER, since DATE, until DATE, note VARCHAR
);

-- The makers' moving names and the snapshot each points to from `since` (published at /api/v1/models/{alias}).
CREATE OR REPLACE TABLE model_aliases (
    alias VARCHAR, model_id VARCHAR, variant VARCHAR, since DATE, until DATE, rule VARCHAR, note VARCHAR
);

-- The history: the score observations of every accepted snapshot in the raw landing zone (rebuilt from raw
-- alone), resolved with today's identity; removed_at_snapshot = the first later snapshot of the source that no
-- longer has the observation. Query it through scores_as_of(D) and score_series (views.sql).
CREATE OR REPLACE TABLE observation_history (
    observation_id VARCHAR, source_id VARCHAR, snapshot VARCHAR, fetched_on DATE, raw_model_name VARCHAR,
    raw_model_key VARCHAR, model_id VARCHAR, variant VARCHAR, benchmark_id VARCHAR, benchmark_version VARCHAR,
    score DOUBLE, normalized_score DOUBLE, verification_level VARCHAR, level_rank INTEGER, source_priority INTEGER,
    as_of_date DATE, source_url VARCHAR, removed_at_snapshot VARCHAR
);

-- What each build changed against the previously published one (kept across builds in
-- data/warehouse/changes.jsonl): kind model_added/removed/changed, score_added/removed/changed,
-- source_fallback/failed; old and new values as JSON text.
CREATE OR REPLACE TABLE changes (
    generated_at VARCHAR, previous_generated_at VARCHAR, kind VARCHAR, model_id VARCHAR, benchmark_id VARCHAR,
    source_id VARCHAR, field VARCHAR, old VARCHAR, new VARCHAR
);

-- The model records of every accepted snapshot; removed_at_snapshot = the first later snapshot of the source
-- that no longer lists the record; model_id = what it resolves to today.
CREATE OR REPLACE TABLE model_record_history (
    source_id VARCHAR, snapshot VARCHAR, fetched_on DATE, raw_model_id VARCHAR, raw_name VARCHAR, provider_id VARCHAR,
    model_id VARCHAR, removed_at_snapshot VARCHAR
);

-- Model ids published by an earlier build that no longer name a model and resolve to none (never reused).
CREATE OR REPLACE TABLE retired_model_ids (id VARCHAR, name VARCHAR, provider VARCHAR, first_published DATE, reason VARCHAR);

-- Every name any source uses for a model (score rows and model records), resolved or not.
CREATE OR REPLACE TABLE crosswalk (
    source_id VARCHAR, native_id VARCHAR, raw_name VARCHAR, model_id VARCHAR, variant VARCHAR, rule VARCHAR,
    reason VARCHAR, observations BIGINT
);

-- Source names that did not resolve, with the reason and suggestions for curation (catalog/model_aliases.csv).
CREATE OR REPLACE TABLE model_review (
    source_id VARCHAR, raw_model_name VARCHAR, model_hint VARCHAR, observations BIGINT, reason VARCHAR, suggestions VARCHAR[]
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
    benchmark_version VARCHAR,  -- the benchmark release measured, null when unversioned
    raw_value DOUBLE,  -- the number exactly as in the source
    raw_unit VARCHAR,  -- fraction, percent, index, elo or points
    score DOUBLE,  -- in the benchmark's unit
    normalized_score DOUBLE,  -- 0-100, higher is better
    verification_level VARCHAR,  -- third_party, provider, community or estimated
    as_of_date DATE,  -- when the source measured or reported it
    source_url VARCHAR,  -- the page it comes from
    details JSON,  -- what the source says about the run besides the score (agent, CI, votes, cost)
    raw_row VARCHAR  -- the source row as JSON
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
    PRIMARY KEY (model_id, benchmark_id)
);

-- (model, benchmark, setting) groups whose sources disagree beyond the benchmark's tolerance: one row per
-- source (its newest run of that setting), the group's winner and why it won. Never averaged.
CREATE OR REPLACE TABLE score_conflicts (
    model_id VARCHAR, benchmark_id VARCHAR, benchmark_version VARCHAR, variant VARCHAR, source_id VARCHAR, observation_id VARCHAR,
    score DOUBLE, normalized_score DOUBLE, verification_level VARCHAR, as_of_date DATE, is_winner BOOLEAN,
    winner_source_id VARCHAR, winner_reason VARCHAR, gap DOUBLE, normalized_gap DOUBLE, tolerance DOUBLE
);

CREATE OR REPLACE TABLE leaderboards (
    category_slug VARCHAR, category VARCHAR, benchmark_count BIGINT, rank BIGINT, model_id VARCHAR,
    model_name VARCHAR, provider VARCHAR, release_date DATE, average DOUBLE, rank_score DOUBLE, coverage DOUBLE,
    score_count BIGINT, interval_low DOUBLE, interval_high DOUBLE,
    benchmark_ranks STRUCT(benchmark_id VARCHAR, rank BIGINT, "of" BIGINT)[]
);

-- Rows quarantined at any step, with the reason and the raw row.
CREATE OR REPLACE TABLE rejects (
    source_id VARCHAR,  -- the source (catalog for a curated alias)
    stage VARCHAR,  -- parse, validate, resolve, accept or publish
    reason VARCHAR,  -- what was wrong: the source, file, field and value
    raw_row VARCHAR  -- the row exactly as the source gave it, as JSON
);
