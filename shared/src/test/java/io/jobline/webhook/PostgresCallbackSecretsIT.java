package io.jobline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobline.TenantId;
import io.jobline.store.TestDatabase;
import io.jobline.tenant.PostgresTenantStore;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresCallbackSecretsIT extends CallbackSecretsContract {

    private final PostgresCallbackSecrets secrets = new PostgresCallbackSecrets(TestDatabase.dataSource());
    private final PostgresTenantStore tenants = new PostgresTenantStore(TestDatabase.dataSource());

    @Override
    protected CallbackSecrets secrets() {
        return secrets;
    }

    @Override
    protected TenantId newTenant() {
        return tenants.createTenant("callback-secrets-" + UUID.randomUUID());
    }

    /**
     * The secret lives in the database, not in the instance that made it: the worker that signs a callback and the
     * API that shows the secret are different functions, and must agree, rotation included.
     */
    @Test
    void everyInstanceReadsTheSameStoredSecret() {
        TenantId tenant = newTenant();
        PostgresCallbackSecrets other = new PostgresCallbackSecrets(TestDatabase.dataSource());

        String first = secrets.secretFor(tenant).orElseThrow();
        assertEquals(first, other.secretFor(tenant).orElseThrow());

        String rotated = other.rotate(tenant).orElseThrow();
        assertEquals(rotated, secrets.secretFor(tenant).orElseThrow());
    }
}
