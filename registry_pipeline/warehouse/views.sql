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

-- Counts of rejects by source, stage and reason.
CREATE OR REPLACE VIEW reject_summary AS
SELECT source_id, stage, reason, count(*) AS n FROM rejects GROUP BY ALL ORDER BY n DESC, source_id, reason;
