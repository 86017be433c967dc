package io.jobline.webhook;

import io.jobline.TenantId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Callback secrets in a map; a tenant exists once {@link #addTenant} or {@link #withSecret} named it. */
public final class InMemoryCallbackSecrets implements CallbackSecrets {

    /** Tenants without a secret yet map to "". */
    private final Map<TenantId, String> secrets = new ConcurrentHashMap<>();

    public TenantId addTenant(TenantId tenant) {
        secrets.putIfAbsent(tenant, "");
        return tenant;
    }

    /** Gives {@code tenant} a known secret, so a test can verify what was signed with it. */
    public InMemoryCallbackSecrets withSecret(TenantId tenant, String secret) {
        secrets.put(tenant, secret);
        return this;
    }

    @Override
    public Optional<String> secretFor(TenantId tenant) {
        return Optional.ofNullable(secrets.computeIfPresent(tenant,
                (id, secret) -> secret.isEmpty() ? NewSecret.generate() : secret));
    }

    @Override
    public Optional<String> rotate(TenantId tenant) {
        return Optional.ofNullable(secrets.computeIfPresent(tenant, (id, secret) -> NewSecret.generate()));
    }
}
