package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

class LocalRedisTest {

    @Test
    void servesOnTheUriItGives() {
        try (LocalRedis redis = LocalRedis.start();
                RedisClient client = RedisClient.create(redis.uri())) {

            client.set("job:1", "queued");

            assertEquals("queued", client.get("job:1"));
            assertEquals("redis://127.0.0.1:" + redis.port(), redis.uri().toString());
        }
    }

    @Test
    void comesBackEmptyOnTheSamePortAfterAStop() {
        try (LocalRedis redis = LocalRedis.start();
                RedisClient client = RedisClient.create(redis.uri())) {
            client.set("job:1", "queued");

            redis.stop();

            assertFalse(redis.isRunning());
            assertThrows(JedisConnectionException.class, () -> client.get("job:1"));

            redis.restart();

            assertTrue(redis.isRunning());
            assertNull(client.get("job:1"), "nothing is persisted");
            assertEquals("PONG", client.ping());
        }
    }

    @Test
    void leavesNoProcessBehind() {
        LocalRedis redis = LocalRedis.start();

        redis.close();

        assertEquals(0, EmbeddedServicesTest.redisProcesses());
    }
}
