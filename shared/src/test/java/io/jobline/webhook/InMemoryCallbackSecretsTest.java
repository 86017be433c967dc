package io.jobline.webhook;

import io.jobline.TenantId;

class InMemoryCallbackSecretsTest extends CallbackSecretsContract {

    private final InMemoryCallbackSecrets secrets = new InMemoryCallbackSecrets();

    @Override
    protected CallbackSecrets secrets() {
        return secrets;
    }

    @Override
    protected TenantId newTenant() {
        return secrets.addTenant(TenantId.random());
    }
}
