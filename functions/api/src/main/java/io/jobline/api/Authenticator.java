package io.jobline.api;

import io.jobline.TenantId;
import io.jobline.ratelimit.Rate;
import io.jobline.ratelimit.RequestLimiter;
import io.jobline.tenant.ApiKey;
import io.jobline.tenant.QuotaExceededException;
import io.jobline.tenant.TenantQuotas;
import io.jobline.tenant.TenantStore;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Resolves {@code Authorization: Bearer <key>} to the key's tenant and admits the request under the tenant's rate
 * quota; separately, checks the admin key of the {@code /admin} routes.
 *
 * <p>Keys are looked up by their SHA-256 hash, and found keys and their tenants' quotas are remembered in this process
 * for {@code cacheTtl} ({@code JOBLINE_API_KEY_CACHE_SECONDS}): a revoked key stops working, and a changed quota takes
 * effect, within that time (at once in the instance that served the admin request). Comparing hashes, not keys,
 * leaks nothing through timing: an attacker cannot steer the bytes of a SHA-256. The admin key, which is compared and
 * not looked up, is compared in constant time.
 *
 * <p>The request rate is a token bucket per tenant in Redis; when Redis is down it is not enforced (the request goes
 * ahead), so an outage of the cache never becomes an outage of the API.
 */
final class Authenticator {

    private static final Pattern BEARER = Pattern.compile("(?i)bearer +([A-Za-z0-9_\\-.~+/]{1,200}=*)");
    private static final int MAX_CACHED = 10_000;

    private final TenantStore tenants;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Optional<byte[]> adminKeyHash;
    private final RequestLimiter limiter;
    private final Map<String, Cached<TenantId>> keys = new ConcurrentHashMap<>();
    private final Map<TenantId, Cached<TenantQuotas>> quotas = new ConcurrentHashMap<>();

    /** No admin routes, no request rate limit. */
    Authenticator(TenantStore tenants, Duration cacheTtl, Clock clock) {
        this(tenants, cacheTtl, clock, Optional.empty(), RequestLimiter.NONE);
    }

    Authenticator(TenantStore tenants, Duration cacheTtl, Clock clock, Optional<String> adminKeySha256,
            RequestLimiter limiter) {
        this.tenants = tenants;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
        this.adminKeyHash = adminKeySha256.map(HexFormat.of()::parseHex);
        this.limiter = limiter;
    }

    /** The caller's tenant; 401 for a missing, unknown or revoked key, 429 over the tenant's request rate. */
    TenantId authenticate(Optional<String> authorization) {
        byte[] hash = ApiKey.sha256(bearerKey(authorization));
        String cacheKey = HexFormat.of().formatHex(hash);
        Instant now = clock.instant();
        Cached<TenantId> cached = keys.get(cacheKey);
        TenantId tenant;
        if (cached != null && now.isBefore(cached.expiresAt())) {
            tenant = cached.value();
        } else {
            tenant = tenants.findTenantByKeyHash(hash)
                    .orElseThrow(() -> ApiException.unauthorized("Unknown or revoked API key"));
            remember(keys, cacheKey, tenant, now);
        }
        admit(tenant);
        return tenant;
    }

    /** Whether {@code /admin} routes exist: only with {@code JOBLINE_ADMIN_KEY_SHA256} set. */
    boolean adminEnabled() {
        return adminKeyHash.isPresent();
    }

    /** 401 unless the request carries the admin key. */
    void authenticateAdmin(Optional<String> authorization) {
        byte[] expected = adminKeyHash.orElseThrow(() -> new IllegalStateException("admin routes are disabled"));
        if (!MessageDigest.isEqual(ApiKey.sha256(bearerKey(authorization)), expected)) {
            throw ApiException.unauthorized("This route needs the admin key");
        }
    }

    /** The tenant's quotas, remembered like keys. */
    TenantQuotas quotas(TenantId tenant) {
        Instant now = clock.instant();
        Cached<TenantQuotas> cached = quotas.get(tenant);
        if (cached != null && now.isBefore(cached.expiresAt())) {
            return cached.value();
        }
        // A tenant is never deleted, so an authenticated tenant has quotas; the defaults are the safe reading anyway.
        TenantQuotas found = tenants.quotas(tenant).orElse(TenantQuotas.DEFAULT);
        remember(quotas, tenant, found, now);
        return found;
    }

    /** Forgets what this instance remembers of a tenant's quotas, after an admin changed them here. */
    void forgetQuotas(TenantId tenant) {
        quotas.remove(tenant);
    }

    private void admit(TenantId tenant) {
        TenantQuotas quota = quotas(tenant);
        Duration wait = limiter.tryAcquire("tenant:" + tenant, new Rate(quota.requestsPerSecond(), quota.burst()));
        if (!wait.isZero()) {
            throw new QuotaExceededException(QuotaExceededException.Kind.REQUEST_RATE,
                    "Over this tenant's limit of " + quota.requestsPerSecond() + " requests per second (burst "
                            + quota.burst() + "); nothing was changed, try again after Retry-After seconds",
                    Optional.of(wait));
        }
    }

    private static String bearerKey(Optional<String> authorization) {
        String header = authorization.map(String::strip)
                .orElseThrow(() -> ApiException.unauthorized("Send your API key as Authorization: Bearer <key>"));
        var bearer = BEARER.matcher(header);
        if (!bearer.matches()) {
            throw ApiException.unauthorized("The Authorization header must be: Bearer <key>");
        }
        return bearer.group(1);
    }

    private <K, V> void remember(Map<K, Cached<V>> cache, K key, V value, Instant now) {
        if (cacheTtl.isZero()) {
            return;
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, new Cached<>(value, now.plus(cacheTtl)));
    }

    private record Cached<V>(V value, Instant expiresAt) {}
}
