package io.jobline.ratelimit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.cache.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

class RedisConcurrencyLimiterIT {

    private static final RedisClient redis = TestRedis.client();

    private final RedisConcurrencyLimiter limiter = new RedisConcurrencyLimiter(redis, Clock.systemUTC());

    @Test
    void onlyTheLimitRunAtOnceAndAReleasedPlaceIsFreeAgain() {
        String bucket = "webhook.post-" + UUID.randomUUID();
        Duration lease = Duration.ofMinutes(1);

        assertTrue(limiter.tryAcquire(bucket, "a", 2, lease));
        assertTrue(limiter.tryAcquire(bucket, "b", 2, lease));
        assertFalse(limiter.tryAcquire(bucket, "c", 2, lease));
        assertTrue(limiter.tryAcquire(bucket, "a", 2, lease), "a holder asking again keeps its place");
        limiter.release(bucket, "a");
        assertTrue(limiter.tryAcquire(bucket, "c", 2, lease));
    }

    @Test
    void aPlaceWhoseLeaseEndedFreesItself() throws InterruptedException {
        String bucket = "webhook.post-" + UUID.randomUUID();

        assertTrue(limiter.tryAcquire(bucket, "killed-worker", 1, Duration.ofMillis(100)));
        Thread.sleep(150);

        assertTrue(limiter.tryAcquire(bucket, "next", 1, Duration.ofMinutes(1)));
    }
}

