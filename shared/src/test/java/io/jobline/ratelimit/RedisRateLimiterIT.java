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
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

class RedisRateLimiterIT {

    private static final RedisClient redis = TestRedis.client();

    private final RedisRateLimiter limiter = new RedisRateLimiter(redis, Clock.systemUTC());

    @Test
    void aBurstGoesThroughAndTheRestGetSlotsSpacedByTheRate() {
        String bucket = "email.send-" + UUID.randomUUID();
        Rate rate = new Rate(10, 5);
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            waits.add(limiter.reserve(bucket, "job-" + i, rate));
        }

        assertEquals(5, waits.stream().filter(Duration::isZero).count(), "the burst: " + waits);
        Duration last = waits.getLast();
        assertTrue(last.compareTo(Duration.ofMillis(900)) >= 0 && last.compareTo(Duration.ofMillis(1100)) <= 0,
                "the 10 over the burst are spread over a second: " + waits);
        for (int i = 6; i < 15; i++) {
            assertTrue(waits.get(i).compareTo(waits.get(i - 1)) > 0, "each later than the one before: " + waits);
        }
    }

    @Test
    void aJobThatWaitedForItsSlotStartsWithoutTakingAnother() throws InterruptedException {
        String bucket = "webhook.post-" + UUID.randomUUID();
        Rate rate = new Rate(1, 1);
        limiter.reserve(bucket, "first", rate);
        Duration wait = limiter.reserve(bucket, "second", rate);
        assertTrue(wait.compareTo(Duration.ZERO) > 0);
        Thread.sleep(wait);

        assertEquals(Duration.ZERO, limiter.reserve(bucket, "second", rate), "its reservation is honoured");
        assertTrue(limiter.reserve(bucket, "third", rate).compareTo(Duration.ZERO) > 0,
                "and was counted: the refilled token went to it, so the next still waits");
    }

    @Test
    void aJobAskingAgainBeforeItsSlotIsToldTheRestOfItsWait() {
        // Regression: any second ask started the job at once, so a duplicate message ran ahead of its slot.
        String bucket = "email.send-" + UUID.randomUUID();
        Rate rate = new Rate(1, 1);
        limiter.reserve(bucket, "first", rate);
        Duration wait = limiter.reserve(bucket, "second", rate);

        Duration early = limiter.reserve(bucket, "second", rate);

        assertTrue(early.compareTo(Duration.ZERO) > 0 && early.compareTo(wait) <= 0, early + " of " + wait);
        Duration third = limiter.reserve(bucket, "third", rate);
        assertTrue(third.compareTo(wait.plusMillis(1500)) < 0, "the early ask took no second slot: " + third);
    }

    @Test
    void withRedisDownJobsAreNotHeldBack() {
        int closedPort = TestRedis.freePort();
        try (RedisClient unreachable =
                RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", closedPort)).build()) {
            RedisRateLimiter degraded = new RedisRateLimiter(unreachable, Clock.systemUTC());

            assertEquals(Duration.ZERO, degraded.reserve("email.send", "job", new Rate(1, 1)));
        }
    }
}
