package io.jobline.cache;

import static io.jobline.JobTestBuilder.aQueuedJob;
import static io.jobline.JobTestBuilder.aSucceededJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.Job;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

class RedisJobCacheIT {

    // Not closed: closing the cache would close the client every Redis test of this JVM shares.
    private final RedisJobCache cache = cache(TestRedis.client());

    private static RedisJobCache cache(UnifiedJedis redis) {
        return new RedisJobCache(redis, Duration.ofMinutes(5), Clock.systemUTC());
    }

    @Test
    void keepsAFinishedJobWithAllItsFields() {
        Job done = aSucceededJob().build();
        cache.put(done);

        assertEquals(done, cache.get(done.id()).orElseThrow());
    }

    @Test
    void doesNotCacheJobsThatStillChange() {
        Job queued = aQueuedJob().build();
        cache.put(queued);

        assertTrue(cache.get(queued.id()).isEmpty());
    }

    @Test
    void evictsOnRequest() {
        Job done = aSucceededJob().build();
        cache.put(done);
        cache.evict(done.id());

        assertTrue(cache.get(done.id()).isEmpty());
    }

    @Test
    void answersEmptyInsteadOfFailingWhenRedisIsUnreachable() {
        Job done = aSucceededJob().build();
        try (RedisJobCache down = cache(
                RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", TestRedis.freePort())).build())) {
            down.put(done);

            assertTrue(down.get(done.id()).isEmpty());
        }
    }
}
