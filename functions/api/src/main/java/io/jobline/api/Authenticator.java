package io.jobline.api;

import io.jobline.TenantId;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Resolves {@code Authorization: Bearer <key>} to the key's tenant. Keys are looked up by their SHA-256 hash, and
 * found keys are remembered in this process for {@code cacheTtl}: a revoked key stops working within that time.
 */
final class Authenticator {

    private static final Pattern BEARER = Pattern.compile("(?i)bearer +([A-Za-z0-9_\\-.~+/]{1,200}=*)");
    private static final int MAX_CACHED_KEYS = 10_000;

    private final TenantStore tenants;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<String, CachedTenant> cache = new ConcurrentHashMap<>();

    Authenticator(TenantStore tenants, Duration cacheTtl, Clock clock) {
        this.tenants = tenants;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    TenantId authenticate(Optional<String> authorization) {
        String header = authorization.map(String::strip)
                .orElseThrow(() -> ApiException.unauthorized("Send your API key as Authorization: Bearer <key>"));
        var bearer = BEARER.matcher(header);
        if (!bearer.matches()) {
            throw ApiException.unauthorized("The Authorization header must be: Bearer <key>");
        }
        byte[] hash = ApiKey.sha256(bearer.group(1));
        String cacheKey = HexFormat.of().formatHex(hash);
        Instant now = clock.instant();
        CachedTenant cached = cache.get(cacheKey);
        if (cached != null && now.isBefore(cached.expiresAt())) {
            return cached.tenant();
        }
        TenantId tenant = tenants.findTenantByKeyHash(hash)
                .orElseThrow(() -> ApiException.unauthorized("Unknown or revoked API key"));
        if (!cacheTtl.isZero()) {
            if (cache.size() >= MAX_CACHED_KEYS) {
                cache.clear();
            }
            cache.put(cacheKey, new CachedTenant(tenant, now.plus(cacheTtl)));
        }
        return tenant;
    }

    private record CachedTenant(TenantId tenant, Instant expiresAt) {}
}
