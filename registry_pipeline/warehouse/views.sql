-- Views for analysts. Recreated after every load.

-- model_benchmark_wide (one row per model, one column per catalogue benchmark, normalised score)
-- is created by load.py, because DuckDB views need the PIVOT columns spelled out.

-- The newest observation per (source, model, benchmark), resolved models only.
CREATE OR REPLACE VIEW latest_scores_per_source AS
SELECT * EXCLUDE (rn) FROM (
    SELECT o.*, row_number() OVER (
        PARTITION BY source_id, model_id, benchmark_id ORDER BY as_of_date DESC, normalized_score DESC, observation_id
    ) AS rn
    FROM score_observations o WHERE model_id IS NOT NULL
) WHERE rn = 1;

-- Models with their prices, coverage and how many benchmarks each source scored them on.
CREATE OR REPLACE VIEW model_overview AS
SELECT m.id, m.name, m.provider, m.release_date, m.price_input, m.price_output, m.context_window, m.coverage,
       count(s.benchmark_id) AS published_scores,
       count(s.benchmark_id) FILTER (WHERE s.verified) AS verified_scores
FROM models m LEFT JOIN scores s ON s.model_id = m.id
GROUP BY ALL ORDER BY m.id;

-- The kind of a reject: its reason with the row's own values masked, so rejects for one cause group together.
-- A reason names the row and the values it failed on ("evaluations.json: row #278 ('jeremy_sept_2025' on
-- 'v1_Semi_Private'): not a language model: ..."; "'openrouter/qwen/qwen3-32b': training_cutoff 2025-04 is not before
-- the release of 'qwen3-32b' (2025-04-29); ..."): quoted values become '…', parenthesised ones '(…)', every word with a digit or
-- a slash (a date, a number, a versioned id, a path) and every hyphenated lowercase word (an id: `gpqa-diamond`,
-- `mistral-nemo`) '#', and the leading place (the file, the record's id, the row or run) is dropped. The build
-- quotes the benchmark in the reasons that name one (copied scores, values an erratum removed, units and ranges)
-- and the listing and model in the release-date and cutoff rules' reasons, so `mmlu`, a model `sonar` and LMArena's
-- "Command R Plus 08-2024" are masked there; an unquoted one-word id elsewhere stays, a kind of its own.
-- SELECT reject_kind(reason), count(*) FROM rejects GROUP BY 1;
CREATE OR REPLACE MACRO reject_kind(reason) AS
regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(reason,
    $$\([^()]*\)$$, '(…)', 'g'),
    $$\((?:[^()]|\(…\))*\)$$, '(…)', 'g'),  -- a parenthesis around one
    $$(^|[\s(\[=,:])'[^']*'$$, '\1…', 'g'),  -- a quote opens after a space or a bracket, not in "model's"
    $$(^|[\s(\[=,:])"[^"]*"$$, '\1…', 'g'),
    $$[^\s,;:()\[\]…]*[0-9/][^\s,;:()\[\]…]*|\b[a-z][a-z.]*(-[a-z0-9.]+)+\b$$, '#', 'g'),
    $$^(\S+: )+$$, ''),
    $$^(row|run|line|data)\S* [^:]*: $$, '');

-- Rejects counted by source, stage and kind (`reject_kind`), the most frequent first, with one reason in full.
CREATE OR REPLACE VIEW reject_summary AS
SELECT source_id, stage, reject_kind(reason) AS kind, count(*) AS n, min(reason) AS example
FROM rejects GROUP BY ALL ORDER BY n DESC, source_id, stage, kind;

-- The published scores as the registry knew them on day d: each source's newest snapshot fetched on or
-- before d, deduplicated by the live build's rule (transform/dedupe.py): within a source the newest run of
-- each setting at its best verification level, then its best setting at the source's best level; across
-- sources verification level, newest as-of date, priority; in both a run under the benchmark's protocol first
-- (`off_protocol(variant)`: with tools on a benchmark answered without them, over several attempts, or on a
-- subset of its questions: HLE's `text-only`), and of runs that depart the one that departs least
-- (`protocol_departures(variant)`); across sources at one level, a run with the model's thinking
-- switched off (`thinking_off(variant)`) after a run in another setting, and a run whose source leaves its setting
-- or release unsaid after another source's run of the same value saying it (that run, with its departures).
-- A value the live build found copied from another model (`copied_scores`) is left out on every day.
-- SELECT * FROM scores_as_of(DATE '2026-01-01') WHERE benchmark_id = 'livebench';
CREATE OR REPLACE MACRO scores_as_of(d) AS TABLE
WITH cur AS (  -- each source's newest accepted snapshot fetched by day d
    SELECT source_id, max(snapshot) AS snapshot, max(fetched_on) AS day FROM source_snapshots
    WHERE accepted AND fetched_on <= d GROUP BY source_id
), obs AS (  -- the runs that held in that snapshot; a fetch-dated row is dated by it
    SELECT h.* REPLACE (CASE WHEN h.as_of_is_fetch_day THEN cur.day ELSE h.as_of_date END AS as_of_date)
    FROM observation_history h JOIN cur USING (source_id)
    WHERE h.model_id IS NOT NULL AND h.snapshot <= cur.snapshot AND (h.until_snapshot IS NULL OR h.until_snapshot > cur.snapshot)
      AND NOT EXISTS (  -- a value the live build found copied from another model (copied_scores)
          SELECT 1 FROM copied_scores c
          WHERE c.source_id = h.source_id AND c.raw_model_key = h.raw_model_key AND c.benchmark_id = h.benchmark_id
            AND c.benchmark_version IS NOT DISTINCT FROM h.benchmark_version AND c.variant IS NOT DISTINCT FROM h.variant
            AND c.score = h.score)
), twins AS (  -- a run that leaves its setting or release unsaid while another source gives its value saying it
                 -- (dedupe.setting_unsaid)
    SELECT o.observation_id, bool_or(o.variant IS NOT NULL) AS own,
           max(protocol_departures(t.variant)) AS departures, bool_or(thinking_off(t.variant)) AS thinking_off
    FROM obs o JOIN obs t
      ON t.model_id = o.model_id AND t.benchmark_id = o.benchmark_id AND t.verification_level = o.verification_level
     AND round(t.score, 1) = round(o.score, 1) AND t.source_id <> o.source_id
     AND (o.variant IS NULL OR t.variant = o.variant) AND (o.benchmark_version IS NULL OR t.benchmark_version = o.benchmark_version)
     AND ((o.variant IS NULL AND t.variant IS NOT NULL) OR (o.benchmark_version IS NULL AND t.benchmark_version IS NOT NULL))
    WHERE o.variant IS NULL OR o.benchmark_version IS NULL
    GROUP BY o.observation_id
), said AS (
    SELECT obs.*, CASE WHEN twins.own = false THEN twins.departures ELSE protocol_departures(obs.variant) END AS departures,
           thinking_off(obs.variant) OR coalesce(twins.thinking_off AND NOT twins.own, false) AS off,
           twins.observation_id IS NOT NULL AS unsaid
    FROM obs LEFT JOIN twins USING (observation_id)
), setting AS (
    SELECT *, row_number() OVER (
        PARTITION BY model_id, benchmark_id, source_id, variant
        ORDER BY level_rank NULLS LAST, as_of_date DESC NULLS LAST, normalized_score DESC NULLS LAST, observation_id) AS setting_rank
    FROM said
), per_source AS (
    SELECT *, row_number() OVER (
        PARTITION BY model_id, benchmark_id, source_id
        ORDER BY setting_rank, departures, level_rank NULLS LAST, normalized_score DESC NULLS LAST, as_of_date DESC NULLS LAST, observation_id) AS source_rank
    FROM setting
), ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY model_id, benchmark_id
        ORDER BY (source_rank > 1), departures, level_rank NULLS LAST, off, unsaid, as_of_date DESC NULLS LAST,
                 source_priority NULLS LAST,
                 normalized_score DESC NULLS LAST, raw_model_name, observation_id) AS pair_rank
    FROM per_source
)
SELECT model_id, benchmark_id, score, normalized_score, verification_level, source_id, as_of_date, variant,
       snapshot, fetched_on, observation_id
FROM ranked WHERE pair_rank = 1;

-- Each (model, benchmark, setting, source) over time: one row per value it had, from the snapshot that first
-- had it (snapshot, fetched_on) to the last (last_snapshot), and whether the source later dropped it.
CREATE OR REPLACE VIEW score_series AS
SELECT model_id, benchmark_id, benchmark_version, variant, source_id, snapshot, fetched_on, last_snapshot, as_of_date, score,
       normalized_score, removed_at_snapshot
FROM observation_history WHERE model_id IS NOT NULL
ORDER BY model_id, benchmark_id, variant, source_id, snapshot;

-- What each source stopped listing, and at which snapshot: a score (model name, benchmark, release,
-- setting), every score of a benchmark (`what` = 'benchmark'), every score of a model name (`what` =
-- 'model'), and a model record of a metadata source (`what` = 'model record').
CREATE OR REPLACE VIEW removals AS
WITH scores_gone AS (
    SELECT source_id, removed_at_snapshot, raw_model_name, model_id, benchmark_id, benchmark_version, variant,
           max(last_snapshot) AS last_seen_snapshot
    FROM observation_history WHERE removed_at_snapshot IS NOT NULL GROUP BY ALL
), benchmarks_gone AS (
    SELECT source_id, benchmark_id, max(last_snapshot) AS last_seen_snapshot, max(removed_at_snapshot) AS removed_at_snapshot
    FROM observation_history GROUP BY ALL HAVING bool_and(removed_at_snapshot IS NOT NULL)
), models_gone AS (
    SELECT source_id, raw_model_name, any_value(model_id) AS model_id, max(last_snapshot) AS last_seen_snapshot,
           max(removed_at_snapshot) AS removed_at_snapshot
    FROM observation_history GROUP BY source_id, raw_model_name HAVING bool_and(removed_at_snapshot IS NOT NULL)
)
SELECT 'score' AS what, source_id, removed_at_snapshot, raw_model_name, model_id, benchmark_id, benchmark_version, variant,
       last_seen_snapshot FROM scores_gone
UNION ALL
SELECT 'benchmark', source_id, removed_at_snapshot, NULL, NULL, benchmark_id, NULL, NULL, last_seen_snapshot FROM benchmarks_gone
UNION ALL
SELECT 'model', source_id, removed_at_snapshot, raw_model_name, model_id, NULL, NULL, NULL, last_seen_snapshot FROM models_gone
UNION ALL
SELECT 'model record', source_id, removed_at_snapshot, raw_model_id, model_id, NULL, NULL, NULL, max(last_snapshot)
FROM model_record_history WHERE removed_at_snapshot IS NOT NULL GROUP BY source_id, removed_at_snapshot, raw_model_id, model_id
ORDER BY 2, 3, 1, 4, 6;

-- Models whose published release date the other listings contradict: the published date with its source and
-- record, the date most other listings give, how many give it, and how far apart the two are (more than 45
-- days, two listings at least). Where the published one is wrong, a curated erratum corrects it
-- (catalog/source_errata.csv); where the others are, nothing needs doing. A listing of a moving alias is no
-- other listing: its date is the alias' (hosts' `gpt-4o`, 2024-05-13, serving gpt-4o-2024-08-06).
CREATE OR REPLACE VIEW release_date_disputes AS
WITH chosen AS (
    SELECT model_id, source_id, raw_model_id, CAST(value AS DATE) AS published
    FROM model_field_sources WHERE field = 'release_date'
), others AS (
    SELECT r.model_id, r.release_date AS other_date, count(*) AS listings
    FROM model_records r JOIN chosen c USING (model_id)
    WHERE r.release_date IS NOT NULL AND NOT (r.source_id = c.source_id AND r.raw_model_id = c.raw_model_id)
      AND coalesce(r.resolution, '') NOT LIKE 'alias-history:%'
    GROUP BY ALL
), best AS (
    SELECT * EXCLUDE (rn) FROM (
        SELECT *, row_number() OVER (PARTITION BY model_id ORDER BY listings DESC, other_date) AS rn FROM others
    ) WHERE rn = 1
)
SELECT c.model_id, c.published, c.source_id, c.raw_model_id, b.other_date, b.listings,
       date_diff('day', c.published, b.other_date) AS days_apart
FROM chosen c JOIN best b USING (model_id)
WHERE abs(date_diff('day', c.published, b.other_date)) > 45 AND b.listings >= 2
ORDER BY abs(days_apart) DESC, c.model_id;

-- Offers whose price or context window is ten times or more off the model's other offers (three at least, each
-- (provider, source) once; a free listing's price of 0 is none): the offer, its value, the median of the others,
-- how many they are and the ratio. A curator's list for catalog/source_errata.csv, as release_date_disputes is:
-- a unit slip (llm-stats' Together row of Gemma 3n E4B, 2,000 cents for 2) or another model's figure is an erratum
-- there; a host's own serving (Bedrock's 3.5M-token Llama 4 Scout, a reseller's discount) needs nothing.
CREATE OR REPLACE VIEW offer_outliers AS
WITH offered AS (
    SELECT model_id, provider_id, source_id, raw_model_id, 'price_input' AS field, price_input AS value FROM model_providers WHERE price_input > 0
    UNION ALL
    SELECT model_id, provider_id, source_id, raw_model_id, 'price_output', price_output FROM model_providers WHERE price_output > 0
    UNION ALL
    SELECT model_id, provider_id, source_id, raw_model_id, 'context_window', context_window FROM model_providers WHERE context_window > 0
), compared AS (
    SELECT a.model_id, a.field, a.value, a.provider_id, a.source_id, a.raw_model_id,
           median(b.value) AS others_median, count(*) AS others
    FROM offered a JOIN offered b ON b.model_id = a.model_id AND b.field = a.field
         AND NOT (b.provider_id = a.provider_id AND b.source_id = a.source_id)
    GROUP BY ALL
)
SELECT *, round(value / others_median, 3) AS ratio
FROM compared
WHERE others >= 3 AND (value >= 10 * others_median OR value * 10 <= others_median)
ORDER BY greatest(value / others_median, others_median / value) DESC, model_id, field, provider_id, source_id;
