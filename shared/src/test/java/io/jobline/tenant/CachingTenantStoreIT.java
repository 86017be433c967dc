package io.jobline.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.TenantId;
import io.jobline.cache.TestRedis;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

class CachingTenantStoreIT {

    private static final RedisClient redis = TestRedis.client();

    @Test
    void aKeyFoundOnceIsServedFromRedisUntilItIsRevoked() {
        InMemoryTenantStore database = new InMemoryTenantStore();
        TenantId tenant = database.createTenant("acme");
        ApiKey key = ApiKey.generate();
        database.addApiKey(tenant, key, "k");
        CachingTenantStore cached = new CachingTenantStore(database, redis, Duration.ofSeconds(30), Clock.systemUTC());

        assertEquals(tenant, cached.findTenantByKeyHash(key.hash()).orElseThrow());
        database.revokeApiKey(key.hash()); // behind the cache's back, as another instance would
        assertEquals(tenant, cached.findTenantByKeyHash(key.hash()).orElseThrow(), "served from Redis");

        cached.revokeApiKey(key.hash());
        assertTrue(cached.findTenantByKeyHash(key.hash()).isEmpty(), "revoking through the cache drops the entry");
    }

    @Test
    void unknownKeysAreNotCached() {
        InMemoryTenantStore database = new InMemoryTenantStore();
        CachingTenantStore cached = new CachingTenantStore(database, redis, Duration.ofSeconds(30), Clock.systemUTC());
        ApiKey later = ApiKey.generate();

        assertTrue(cached.findTenantByKeyHash(later.hash()).isEmpty());
        database.addApiKey(database.createTenant("late"), later, "k");
        assertTrue(cached.findTenantByKeyHash(later.hash()).isPresent(), "a key issued later works at once");
    }

    @Test
    void withRedisDownLookupsGoToTheDatabase() {
        int closedPort = TestRedis.freePort();
        InMemoryTenantStore database = new InMemoryTenantStore();
        ApiKey key = database.tenantWithKey("acme");
        try (RedisClient down = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", closedPort)).build()) {
            CachingTenantStore cached = new CachingTenantStore(database, down, Duration.ofSeconds(30),
                    Clock.systemUTC());

            assertTrue(cached.findTenantByKeyHash(key.hash()).isPresent());
        }
    }
}
