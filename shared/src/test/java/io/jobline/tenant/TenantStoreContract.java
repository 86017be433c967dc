package io.jobline.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.TenantId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link TenantStore} does, run against the in-memory fake and PostgreSQL. */
public abstract class TenantStoreContract {

    protected abstract TenantStore store();

    private static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aNewTenantHasTheDefaultQuotas() {
        TenantId tenant = store().createTenant(uniqueName("acme"));

        assertEquals(Optional.of(TenantQuotas.DEFAULT), store().quotas(tenant));
    }

    @Test
    void aTakenNameIsRefused() {
        String name = uniqueName("acme");
        store().createTenant(name);

        assertThrows(TenantExistsException.class, () -> store().createTenant(name));
    }

    @Test
    void quotasAreStoredAndReadBack() {
        TenantId tenant = store().createTenant(uniqueName("acme"));
        TenantQuotas quotas = new TenantQuotas(3, 7, 11, 1000, Optional.of(Set.of("email.send", "webhook.post")));

        assertTrue(store().setQuotas(tenant, quotas));

        assertEquals(Optional.of(quotas), store().quotas(tenant));
        assertTrue(store().setQuotas(tenant, quotas.withAllowedJobTypes(Optional.empty())));
        assertEquals(Optional.empty(), store().quotas(tenant).orElseThrow().allowedJobTypes());
        assertFalse(store().setQuotas(TenantId.random(), quotas), "no such tenant");
    }

    @Test
    void listingsShowTenantsAndKeysButNeverAKeysHash() {
        String name = uniqueName("acme");
        TenantId tenant = store().createTenant(name);
        ApiKey first = ApiKey.generate();
        ApiKey second = ApiKey.generate();
        store().addApiKey(tenant, first, "ci");
        store().addApiKey(tenant, second, "laptop");

        assertTrue(store().listTenants().stream().anyMatch(t -> t.name().equals(name) && t.id().equals(tenant)));
        List<KeySummary> keys = store().listKeys(tenant);
        assertEquals(Set.of(first.id(), second.id()), Set.of(keys.get(0).id(), keys.get(1).id()));
        assertEquals(12, keys.get(0).id().length());
        assertTrue(keys.stream().allMatch(key -> key.revokedAt().isEmpty()));
    }

    @Test
    void aKeyRevokedByItsIdNoLongerFindsItsTenant() {
        TenantId tenant = store().createTenant(uniqueName("acme"));
        ApiKey key = ApiKey.generate();
        store().addApiKey(tenant, key, "ci");
        assertEquals(Optional.of(tenant), store().findTenantByKeyHash(key.hash()));

        assertTrue(store().revokeKey(key.id()));

        assertEquals(Optional.empty(), store().findTenantByKeyHash(key.hash()));
        assertFalse(store().revokeKey(key.id()), "already revoked");
        assertTrue(store().listKeys(tenant).getFirst().revokedAt().isPresent());
    }

    @Test
    void aKeyRevokedByItsHashNoLongerFindsItsTenantWhileItsSiblingStillDoes() {
        TenantId tenant = store().createTenant(uniqueName("acme"));
        ApiKey revoked = ApiKey.generate();
        ApiKey kept = ApiKey.generate();
        store().addApiKey(tenant, revoked, "ci");
        store().addApiKey(tenant, kept, "laptop");
        assertEquals(Optional.of(tenant), store().findTenantByKeyHash(revoked.hash()));

        assertTrue(store().revokeApiKey(revoked.hash()));

        assertEquals(Optional.empty(), store().findTenantByKeyHash(revoked.hash()));
        assertEquals(Optional.of(tenant), store().findTenantByKeyHash(kept.hash()));
        assertFalse(store().revokeApiKey(revoked.hash()), "already revoked");
        assertFalse(store().revokeApiKey(ApiKey.generate().hash()), "no such key");
    }
}
