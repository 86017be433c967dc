-- Per-tenant quotas, enforced by the API. Defaults suit a new tenant; an operator changes them with the admin command
-- or PUT /admin/tenants/{name}/quotas. allowed_job_types NULL means every job type.
ALTER TABLE tenants
    ADD COLUMN requests_per_second integer NOT NULL DEFAULT 50     CHECK (requests_per_second BETWEEN 1 AND 100000),
    ADD COLUMN request_burst       integer NOT NULL DEFAULT 100    CHECK (request_burst BETWEEN 1 AND 1000000),
    ADD COLUMN max_queued_jobs     bigint  NOT NULL DEFAULT 100000 CHECK (max_queued_jobs BETWEEN 1 AND 1000000000),
    ADD COLUMN max_payload_bytes   integer NOT NULL DEFAULT 262144 CHECK (max_payload_bytes BETWEEN 1 AND 262144),
    ADD COLUMN allowed_job_types   text[];

-- A key's public id: the first 12 hex characters of its hash (48 bits). It names a key in listings and revocation
-- without revealing anything usable; the key itself stays unknown to Jobline.
ALTER TABLE api_keys
    ADD COLUMN key_id text GENERATED ALWAYS AS (substr(encode(key_hash, 'hex'), 1, 12)) STORED;

CREATE UNIQUE INDEX api_keys_key_id_idx ON api_keys (key_id);

-- The quota on waiting jobs counts the tenant's queued, scheduled and retrying rows with
-- jobs_tenant_status_created_idx (V005): an index-only range scan per status, no new index needed.
