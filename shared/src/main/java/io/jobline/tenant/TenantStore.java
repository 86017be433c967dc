package io.jobline.tenant;

import io.jobline.TenantId;
import java.util.Optional;

/** Tenants and the hashes of their API keys. */
public interface TenantStore {

    TenantId createTenant(String name);

    Optional<TenantId> findTenantByName(String name);

    /** Stores the hash of {@code key} for {@code tenant}; the key itself is never stored. */
    void addApiKey(TenantId tenant, ApiKey key, String name);

    /** The tenant of a key that exists and is not revoked. */
    Optional<TenantId> findTenantByKeyHash(byte[] keyHash);

    /** @return true if an active key with this hash was revoked */
    boolean revokeApiKey(byte[] keyHash);
}
