-- A tenant owns jobs; every API key belongs to exactly one tenant.
CREATE TABLE tenants (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Only the SHA-256 of a key is stored: a leaked table does not leak usable keys.
CREATE TABLE api_keys (
    key_hash    bytea       PRIMARY KEY CHECK (length(key_hash) = 32),
    tenant_id   uuid        NOT NULL REFERENCES tenants (id),
    name        text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id);
