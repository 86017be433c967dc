-- What the full job lifecycle needs: priorities, cancellation of running jobs, progress, per-job retry policy,
-- idempotent submits, completion callbacks, and a history of every attempt.
ALTER TABLE jobs
    ADD COLUMN priority          text     NOT NULL DEFAULT 'normal' CHECK (priority IN ('high', 'normal')),
    ADD COLUMN cancel_requested  boolean  NOT NULL DEFAULT false,
    ADD COLUMN progress          smallint CHECK (progress BETWEEN 0 AND 100),
    ADD COLUMN progress_message  text,
    -- A per-job override of the type's retry policy: {"type": "exponential", "baseSeconds": .., "maxSeconds": ..}.
    ADD COLUMN backoff           jsonb,
    -- SHA-256 of the submitted request, so a replay with the same idempotency key can be told from a conflict.
    ADD COLUMN request_hash      text,
    ADD COLUMN callback_url      text,
    ADD COLUMN worker_request_id text;

CREATE TABLE job_attempts (
    job_id            uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt           integer     NOT NULL CHECK (attempt >= 1),
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz,
    outcome           text CHECK (outcome IN ('succeeded', 'failed', 'retrying', 'lost')),
    error             text,
    worker_request_id text,
    PRIMARY KEY (job_id, attempt)
);

-- Retention deletes finished jobs by age; bulk retry finds failed jobs by tenant and time.
CREATE INDEX jobs_finished_idx ON jobs (status, finished_at) WHERE status IN ('succeeded', 'failed', 'cancelled');
