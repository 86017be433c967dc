CREATE TABLE jobs (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL REFERENCES tenants (id),
    type             text        NOT NULL,
    payload          jsonb       NOT NULL,
    status           text        NOT NULL CHECK (status IN
                         ('scheduled', 'queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled')),
    attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts     integer     NOT NULL CHECK (max_attempts BETWEEN 1 AND 20),
    run_at           timestamptz NOT NULL,
    result           jsonb,
    error            text,
    idempotency_key  text,
    -- Compare-and-set guard: every status write is UPDATE ... WHERE id = ? AND version = ?.
    version          bigint      NOT NULL DEFAULT 0,
    -- A running job whose lease has passed lost its worker (killed, timed out) and may be taken over.
    lease_until      timestamptz,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz
);

-- GET /jobs/{id} looks up by primary key. Idempotency keys are unique per tenant.
CREATE UNIQUE INDEX jobs_tenant_idempotency_key_idx
    ON jobs (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- The sweep looks for work that is not finished: stale queued rows (enqueue failed or message lost),
-- running rows past their lease, due scheduled rows. A partial index keeps it small.
CREATE INDEX jobs_unfinished_idx
    ON jobs (status, updated_at) WHERE status IN ('scheduled', 'queued', 'running', 'retrying');
