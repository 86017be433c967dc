-- Recurring schedules: a tenant's named cron expression and the job template submitted at each occurrence.
CREATE TABLE schedules (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL REFERENCES tenants (id),
    -- "C" collation: names sort by code point, the same order in every locale and in the in-memory store.
    name          text        COLLATE "C" NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$'),
    cron          text        NOT NULL CHECK (length(cron) BETWEEN 1 AND 200),
    timezone      text        NOT NULL CHECK (length(timezone) BETWEEN 1 AND 100),
    -- The job template: {"type": ..., "payload": {...}, "maxAttempts": n}, validated like POST /jobs.
    job           jsonb       NOT NULL,
    paused        boolean     NOT NULL DEFAULT false,
    -- The first occurrence that has not fired yet.
    next_fire_at  timestamptz NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    -- Compare-and-set guard, bumped by every write.
    version       bigint      NOT NULL DEFAULT 0,
    -- Serves GET /schedules (tenant's, ordered by name) and every lookup by name.
    CONSTRAINT schedules_tenant_name_key UNIQUE (tenant_id, name)
);

-- The sweep: due, unpaused schedules, earliest first (SELECT ... FOR UPDATE SKIP LOCKED).
CREATE INDEX schedules_due_idx ON schedules (next_fire_at) WHERE NOT paused;

-- One row per fired occurrence. Its primary key is what makes each occurrence create exactly one job, even when two
-- sweeps overlap. No foreign key to jobs: job retention deletes jobs, the record of the occurrence stays.
CREATE TABLE schedule_occurrences (
    schedule_id  uuid        NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    fire_at      timestamptz NOT NULL,
    job_id       uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (schedule_id, fire_at)
);
