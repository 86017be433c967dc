package io.jobline.tenant;

import io.jobline.TenantId;
import java.util.List;
import java.util.Optional;

/** Tenants, their quotas and the hashes of their API keys. */
public interface TenantStore {

    /** @throws TenantExistsException when the name is taken */
    TenantId createTenant(String name);

    Optional<TenantId> findTenantByName(String name);

    /** Stores the hash of {@code key} for {@code tenant}; the key itself is never stored. */
    void addApiKey(TenantId tenant, ApiKey key, String name);

    /** The tenant of a key that exists and is not revoked. */
    Optional<TenantId> findTenantByKeyHash(byte[] keyHash);

    /** @return true if an active key with this hash was revoked */
    boolean revokeApiKey(byte[] keyHash);

    /** @return true if an active key with this public id ({@link ApiKey#id()}) was revoked */
    boolean revokeKey(String keyId);

    /** Every tenant, by name. */
    List<TenantSummary> listTenants();

    /** The tenant's keys, revoked ones included, oldest first. */
    List<KeySummary> listKeys(TenantId tenant);

    /** Empty when there is no such tenant. */
    Optional<TenantQuotas> quotas(TenantId tenant);

    /** @return false when there is no such tenant */
    boolean setQuotas(TenantId tenant, TenantQuotas quotas);

    /** How many of the tenant's jobs wait to run: queued, scheduled or retrying (the max-queued-jobs quota). */
    long countWaitingJobs(TenantId tenant);
}
