package io.jobline.ratelimit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

class RedisConcurrencyLimiterIT {

    private static RedisServer server;
    private static RedisClient redis;

    @BeforeAll
    static void startRedis() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).build();
        server.start();
        redis = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", port)).build();
    }

    @AfterAll
    static void stopRedis() throws IOException {
        redis.close();
        server.stop();
    }

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

