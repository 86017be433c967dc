-- GET /jobs lists one tenant's jobs newest first, paged with a keyset cursor: ORDER BY created_at DESC, id DESC and
-- WHERE (created_at, id) < (cursor). Each filter has an index whose order is the listing order after its equality
-- columns, so a page (and a page deep down the list) is one index range scan that stops after limit + 1 rows: no
-- sort, and a cost that does not grow with the table. createdAfter / createdBefore are ranges on the same key.
CREATE INDEX jobs_tenant_created_idx
    ON jobs (tenant_id, created_at DESC, id DESC);

CREATE INDEX jobs_tenant_status_created_idx
    ON jobs (tenant_id, status, created_at DESC, id DESC);

CREATE INDEX jobs_tenant_type_created_idx
    ON jobs (tenant_id, type, created_at DESC, id DESC);

-- status and type together (e.g. failed emails): without it, a rare combination would read many rows of one index
-- and throw most away. It also covers GET /stats (counts by status and type) as an index-only scan.
CREATE INDEX jobs_tenant_type_status_created_idx
    ON jobs (tenant_id, type, status, created_at DESC, id DESC);
