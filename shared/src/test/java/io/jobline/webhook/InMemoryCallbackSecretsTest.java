package io.jobline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jobline.TenantId;
import org.junit.jupiter.api.Test;

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

    /** A test that checks a signature needs the secret it was made with: the fake takes a known one. */
    @Test
    void aKnownSecretIsServedUntilRotated() {
        TenantId tenant = TenantId.random();
        secrets.withSecret(tenant, "jlcb_known");

        assertEquals("jlcb_known", secrets.secretFor(tenant).orElseThrow());
        assertNotEquals("jlcb_known", secrets.rotate(tenant).orElseThrow());
    }
}
