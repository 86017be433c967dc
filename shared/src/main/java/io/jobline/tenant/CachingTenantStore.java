package io.jobline.tenant;

import io.jobline.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Remembers which tenant a key belongs to in Redis for a short time, so most requests of a new function instance do
 * not query PostgreSQL for their key. A revoked key stops working within the time to live: revocation removes the
 * entry of a key revoked by its hash, and an entry of a key revoked by its id simply expires. Everything else goes
 * straight to the store. When Redis fails, lookups go to the store (logged, retried after a pause).
 */
public final class CachingTenantStore implements TenantStore {

    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(CachingTenantStore.class);

    private final TenantStore store;
    private final UnifiedJedis redis;
    private final Duration ttl;
    private final Clock clock;
    private volatile Instant pausedUntil = Instant.MIN;

    public CachingTenantStore(TenantStore store, UnifiedJedis redis, Duration ttl, Clock clock) {
        this.store = store;
        this.redis = redis;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<TenantId> findTenantByKeyHash(byte[] keyHash) {
        String key = key(keyHash);
        if (ttl.isZero() || clock.instant().isBefore(pausedUntil)) {
            return store.findTenantByKeyHash(keyHash);
        }
        try {
            String cached = redis.get(key);
            if (cached != null) {
                return Optional.of(new TenantId(UUID.fromString(cached)));
            }
        } catch (RuntimeException e) {
            failed(e);
            return store.findTenantByKeyHash(keyHash);
        }
        Optional<TenantId> tenant = store.findTenantByKeyHash(keyHash);
        tenant.ifPresent(found -> {
            try {
                redis.setex(key, ttl.toSeconds(), found.toString());
            } catch (RuntimeException e) {
                failed(e);
            }
        });
        return tenant;
    }

    @Override
    public boolean revokeApiKey(byte[] keyHash) {
        boolean revoked = store.revokeApiKey(keyHash);
        try {
            redis.del(key(keyHash));
        } catch (RuntimeException e) {
            failed(e);
        }
        return revoked;
    }

    @Override
    public TenantId createTenant(String name) {
        return store.createTenant(name);
    }

    @Override
    public Optional<TenantId> findTenantByName(String name) {
        return store.findTenantByName(name);
    }

    @Override
    public void addApiKey(TenantId tenant, ApiKey key, String name) {
        store.addApiKey(tenant, key, name);
    }

    @Override
    public boolean revokeKey(String keyId) {
        return store.revokeKey(keyId);
    }

    @Override
    public List<TenantSummary> listTenants() {
        return store.listTenants();
    }

    @Override
    public List<KeySummary> listKeys(TenantId tenant) {
        return store.listKeys(tenant);
    }

    @Override
    public Optional<TenantQuotas> quotas(TenantId tenant) {
        return store.quotas(tenant);
    }

    @Override
    public boolean setQuotas(TenantId tenant, TenantQuotas quotas) {
        return store.setQuotas(tenant, quotas);
    }

    @Override
    public long countWaitingJobs(TenantId tenant) {
        return store.countWaitingJobs(tenant);
    }

    private void failed(RuntimeException e) {
        pausedUntil = clock.instant().plus(PAUSE_AFTER_FAILURE);
        log.warn("Redis failed while caching an API key lookup; using the database for {} s: {}",
                PAUSE_AFTER_FAILURE.toSeconds(), e.toString());
    }

    /** By the hash of the key: a leaked cache does not leak usable keys. */
    private static String key(byte[] keyHash) {
        return "jobline:apikey:" + HexFormat.of().formatHex(keyHash);
    }
}
