package io.jobline.cache;

import static io.jobline.JobTestBuilder.aQueuedJob;
import static io.jobline.JobTestBuilder.aSucceededJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobline.Job;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

class RedisJobCacheIT {

    private static RedisServer server;
    private static int port;

    @BeforeAll
    static void startRedis() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = RedisServer.newRedisServer().bind("127.0.0.1").port(port).build();
        server.start();
    }

    @AfterAll
    static void stopRedis() throws IOException {
        server.stop();
    }

    private static RedisJobCache cache(int redisPort) {
        return new RedisJobCache(RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", redisPort)).build(),
                Duration.ofMinutes(5), Clock.systemUTC());
    }

    @Test
    void keepsAFinishedJobWithAllItsFields() {
        Job done = aSucceededJob().build();
        try (RedisJobCache cache = cache(port)) {
            cache.put(done);

            assertEquals(done, cache.get(done.id()).orElseThrow());
        }
    }

    @Test
    void doesNotCacheJobsThatStillChange() {
        Job queued = aQueuedJob().build();
        try (RedisJobCache cache = cache(port)) {
            cache.put(queued);

            assertTrue(cache.get(queued.id()).isEmpty());
        }
    }

    @Test
    void evictsOnRequest() {
        Job done = aSucceededJob().build();
        try (RedisJobCache cache = cache(port)) {
            cache.put(done);
            cache.evict(done.id());

            assertTrue(cache.get(done.id()).isEmpty());
        }
    }

    @Test
    void answersEmptyInsteadOfFailingWhenRedisIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Job done = aSucceededJob().build();
        try (RedisJobCache cache = cache(closedPort)) {
            cache.put(done);

            assertTrue(cache.get(done.id()).isEmpty());
        }
    }
}
