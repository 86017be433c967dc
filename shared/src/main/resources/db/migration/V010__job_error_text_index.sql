-- GET /jobs?errorContains=, GET /jobs/count and the bulk retry find jobs by a piece of their error text: error ILIKE
-- '%text%'. No B-tree serves a substring, so without this index a text that few jobs have reads every row the other
-- filters leave (measured by bench's ListingBenchmark: 38 ms p50 at 1 million rows for a text no job has). A trigram
-- index answers a substring of three characters or more from the index alone. Partial: only jobs with an error are
-- indexed (failed and retrying ones, a small share), so the jobs that succeed cost it nothing.
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension on RDS: the migration user may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX jobs_error_trgm_idx ON jobs USING gin (error gin_trgm_ops) WHERE error IS NOT NULL;
