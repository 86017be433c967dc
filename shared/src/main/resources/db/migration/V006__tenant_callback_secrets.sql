-- The key each tenant's completion callbacks are signed with (HMAC-SHA256, see docs/WEBHOOKS.md). Stored as is, not
-- hashed: signing needs the secret itself. NULL until first needed; the application generates it then
-- (PostgresCallbackSecrets) with a cryptographic generator, which PostgreSQL's random() is not and pgcrypto's
-- gen_random_bytes() would need an extension for.
ALTER TABLE tenants ADD COLUMN callback_secret text
    CHECK (callback_secret IS NULL OR length(callback_secret) >= 32);
