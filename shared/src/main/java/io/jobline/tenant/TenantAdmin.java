package io.jobline.tenant;

import io.jobline.TenantId;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The operator's verbs on tenants and keys, by tenant name: what the admin command and the admin routes both call, so
 * neither needs SQL. A key's secret exists only in the {@link IssuedKey} returned once by {@link #issueKey}.
 */
public final class TenantAdmin {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern KEY_NAME = Pattern.compile("[\\p{L}\\p{N} ._:@-]{0,100}");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{12}");

    private final TenantStore tenants;

    public TenantAdmin(TenantStore tenants) {
        this.tenants = tenants;
    }

    public TenantSummary createTenant(String name) {
        requireValid(NAME.matcher(name).matches(),
                "A tenant name is 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        TenantId id = tenants.createTenant(name);
        return tenants.listTenants().stream().filter(tenant -> tenant.id().equals(id)).findFirst().orElseThrow();
    }

    public IssuedKey issueKey(String tenantName, String keyName) {
        requireValid(KEY_NAME.matcher(keyName).matches(),
                "A key name is up to 100 letters, digits, spaces or . _ : @ -");
        TenantId tenant = tenantNamed(tenantName);
        ApiKey key = ApiKey.generate();
        tenants.addApiKey(tenant, key, keyName);
        return new IssuedKey(tenantName, key.id(), keyName, key);
    }

    public List<TenantSummary> listTenants() {
        return tenants.listTenants();
    }

    public List<KeySummary> listKeys(String tenantName) {
        return tenants.listKeys(tenantNamed(tenantName));
    }

    /** @throws KeyNotFoundException when no active key has this id */
    public void revokeKey(String keyId) {
        if (!KEY_ID.matcher(keyId).matches() || !tenants.revokeKey(keyId)) {
            throw new KeyNotFoundException(keyId.length() > 40 ? keyId.substring(0, 40) + "..." : keyId);
        }
    }

    public TenantQuotas quotas(String tenantName) {
        TenantId tenant = tenantNamed(tenantName);
        return tenants.quotas(tenant).orElseThrow(() -> new TenantNotFoundException(tenantName));
    }

    /** Applies {@code change} to the tenant's current quotas and stores the result. */
    public TenantQuotas changeQuotas(String tenantName, UnaryOperator<TenantQuotas> change) {
        TenantId tenant = tenantNamed(tenantName);
        TenantQuotas current = tenants.quotas(tenant).orElseThrow(() -> new TenantNotFoundException(tenantName));
        TenantQuotas changed = change.apply(current);
        if (!tenants.setQuotas(tenant, changed)) {
            throw new TenantNotFoundException(tenantName);
        }
        return changed;
    }

    private TenantId tenantNamed(String name) {
        return tenants.findTenantByName(name).orElseThrow(() -> new TenantNotFoundException(name));
    }

    private static void requireValid(boolean valid, String message) {
        if (!valid) {
            throw new InvalidTenantSettingException(message);
        }
    }
}
