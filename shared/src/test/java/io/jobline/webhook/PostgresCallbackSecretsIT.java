package io.jobline.webhook;

import io.jobline.TenantId;
import io.jobline.store.TestDatabase;
import io.jobline.tenant.PostgresTenantStore;
import java.util.UUID;

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
}
