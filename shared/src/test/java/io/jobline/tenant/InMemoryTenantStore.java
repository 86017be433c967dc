package io.jobline.tenant;

import io.jobline.TenantId;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Tenants and key hashes in maps. */
public final class InMemoryTenantStore implements TenantStore {

    private final Map<String, TenantId> tenantsByName = new ConcurrentHashMap<>();
    private final Map<String, TenantId> activeKeys = new ConcurrentHashMap<>();

    @Override
    public TenantId createTenant(String name) {
        TenantId id = TenantId.random();
        if (tenantsByName.putIfAbsent(name, id) != null) {
            throw new IllegalStateException("Tenant exists: " + name);
        }
        return id;
    }

    @Override
    public Optional<TenantId> findTenantByName(String name) {
        return Optional.ofNullable(tenantsByName.get(name));
    }

    @Override
    public void addApiKey(TenantId tenant, ApiKey key, String name) {
        activeKeys.put(HexFormat.of().formatHex(key.hash()), tenant);
    }

    @Override
    public Optional<TenantId> findTenantByKeyHash(byte[] keyHash) {
        return Optional.ofNullable(activeKeys.get(HexFormat.of().formatHex(keyHash)));
    }

    @Override
    public boolean revokeApiKey(byte[] keyHash) {
        return activeKeys.remove(HexFormat.of().formatHex(keyHash)) != null;
    }

    /** A new tenant with one key: what most tests start from. */
    public ApiKey tenantWithKey(String name) {
        ApiKey key = ApiKey.generate();
        addApiKey(createTenant(name), key, "test");
        return key;
    }
}
