package io.jobline.tenant;

import io.jobline.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/** Tenants, quotas and key hashes in maps. */
public final class InMemoryTenantStore implements TenantStore {

    private record Tenant(TenantId id, String name, Instant createdAt) {}

    private record Key(byte[] hash, TenantId tenant, String name, Instant createdAt, Instant revokedAt) {}

    private final Map<String, Tenant> tenantsByName = new ConcurrentHashMap<>();
    private final Map<TenantId, TenantQuotas> quotas = new ConcurrentHashMap<>();
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile ToLongFunction<TenantId> waitingJobs = tenant -> 0;

    public InMemoryTenantStore() {
        this(Clock.systemUTC());
    }

    public InMemoryTenantStore(Clock clock) {
        this.clock = clock;
    }

    /** Where {@link #countWaitingJobs} gets its figure (default: none waiting), e.g. from an InMemoryJobStore. */
    public InMemoryTenantStore countWaitingJobsWith(ToLongFunction<TenantId> counter) {
        this.waitingJobs = counter;
        return this;
    }

    @Override
    public TenantId createTenant(String name) {
        Tenant tenant = new Tenant(TenantId.random(), name, clock.instant());
        if (tenantsByName.putIfAbsent(name, tenant) != null) {
            throw new TenantExistsException(name);
        }
        quotas.put(tenant.id(), TenantQuotas.DEFAULT);
        return tenant.id();
    }

    @Override
    public Optional<TenantId> findTenantByName(String name) {
        return Optional.ofNullable(tenantsByName.get(name)).map(Tenant::id);
    }

    @Override
    public void addApiKey(TenantId tenant, ApiKey key, String name) {
        keys.put(hex(key.hash()), new Key(key.hash(), tenant, name, clock.instant(), null));
    }

    @Override
    public Optional<TenantId> findTenantByKeyHash(byte[] keyHash) {
        return Optional.ofNullable(keys.get(hex(keyHash))).filter(key -> key.revokedAt() == null).map(Key::tenant);
    }

    @Override
    public boolean revokeApiKey(byte[] keyHash) {
        Key key = keys.get(hex(keyHash));
        return key != null && revoke(key);
    }

    @Override
    public boolean revokeKey(String keyId) {
        return keys.values().stream()
                .filter(key -> ApiKey.idOf(key.hash()).equals(keyId))
                .findFirst()
                .map(this::revoke)
                .orElse(false);
    }

    @Override
    public List<TenantSummary> listTenants() {
        return tenantsByName.values().stream()
                .sorted(Comparator.comparing(Tenant::name))
                .map(tenant -> new TenantSummary(tenant.id(), tenant.name(), tenant.createdAt(),
                        quotas.get(tenant.id())))
                .toList();
    }

    @Override
    public List<KeySummary> listKeys(TenantId tenant) {
        List<KeySummary> list = new ArrayList<>();
        keys.values().stream()
                .filter(key -> key.tenant().equals(tenant))
                .sorted(Comparator.comparing(Key::createdAt).thenComparing(key -> ApiKey.idOf(key.hash())))
                .forEach(key -> list.add(new KeySummary(ApiKey.idOf(key.hash()), key.name(), key.createdAt(),
                        Optional.ofNullable(key.revokedAt()))));
        return list;
    }

    @Override
    public Optional<TenantQuotas> quotas(TenantId tenant) {
        return Optional.ofNullable(quotas.get(tenant));
    }

    @Override
    public boolean setQuotas(TenantId tenant, TenantQuotas newQuotas) {
        return quotas.replace(tenant, newQuotas) != null;
    }

    @Override
    public long countWaitingJobs(TenantId tenant) {
        return waitingJobs.applyAsLong(tenant);
    }

    /** A new tenant with one key: what most tests start from. */
    public ApiKey tenantWithKey(String name) {
        ApiKey key = ApiKey.generate();
        addApiKey(createTenant(name), key, "test");
        return key;
    }

    private boolean revoke(Key key) {
        if (key.revokedAt() != null) {
            return false;
        }
        return keys.replace(hex(key.hash()), key,
                new Key(key.hash(), key.tenant(), key.name(), key.createdAt(), clock.instant()));
    }

    private static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
