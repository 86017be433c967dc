package io.jobline.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.cache.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

class RedisRequestLimiterIT {

    private static final RedisClient redis = TestRedis.client();

    private final RedisRateLimiter limiter = new RedisRateLimiter(redis, Clock.systemUTC());

    @Test
    void theBurstGoesThroughThenRequestsAreRefusedWithTheWaitForTheNextToken() {
        String bucket = "tenant-" + UUID.randomUUID();
        Rate rate = new Rate(2, 5);
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(limiter.tryAcquire(bucket, rate));
        }

        assertEquals(5, waits.stream().filter(Duration::isZero).count(), "the burst: " + waits);
        for (Duration refused : waits.subList(5, 8)) {
            assertTrue(refused.compareTo(Duration.ZERO) > 0 && refused.compareTo(Duration.ofMillis(500)) <= 0,
                    "a refusal names the wait for one token at 2/s, and takes nothing: " + waits);
        }
    }

    @Test
    void aRefusedRequestDoesNotPushTheNextTokenBack() throws InterruptedException {
        String bucket = "tenant-" + UUID.randomUUID();
        Rate rate = new Rate(20, 1);
        assertEquals(Duration.ZERO, limiter.tryAcquire(bucket, rate));
        for (int i = 0; i < 20; i++) {
            limiter.tryAcquire(bucket, rate);
        }
        Thread.sleep(120);

        assertEquals(Duration.ZERO, limiter.tryAcquire(bucket, rate), "one token refilled after 1/20 s");
    }
}
