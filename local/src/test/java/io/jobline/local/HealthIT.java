package io.jobline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /health} and {@code GET /openapi.json} over HTTP against the local stack, without an API key. */
class HealthIT {

    private static LocalJobline jobline;
    private static JoblineClient client;

    @BeforeAll
    static void start() {
        jobline = LocalJobline.start(LocalSettings.forTests());
        client = new JoblineClient(jobline.url());
    }

    @AfterAll
    static void stop() {
        jobline.close();
    }

    private static JoblineClient.Response health() {
        return client.send(HttpRequest.newBuilder(jobline.url().resolve("/health")).GET());
    }

    @Test
    void everythingUpIsOkWithoutAKey() {
        JoblineClient.Response health = health();

        assertEquals(200, health.status(), health.raw().body());
        assertEquals("ok", health.json().get("status").textValue());
        for (String check : new String[] {"database", "cache", "queue"}) {
            assertEquals("ok", health.json().get("checks").get(check).get("status").textValue(), check);
        }
    }

    @Test
    void withRedisStoppedTheCacheIsNamedDownAndRecoveryIsOkAgain() {
        LocalRedis redis = jobline.redis().orElseThrow();
        redis.stop();
        try {
            JoblineClient.Response down = health();

            assertEquals(503, down.status(), down.raw().body());
            assertEquals("down", down.json().get("status").textValue());
            assertEquals("down", down.json().get("checks").get("cache").get("status").textValue());
            assertFalse(down.json().get("checks").get("cache").get("reason").textValue().isBlank());
            assertEquals("ok", down.json().get("checks").get("database").get("status").textValue());
            assertEquals("ok", down.json().get("checks").get("queue").get("status").textValue());
        } finally {
            redis.restart();
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JoblineClient.Response up = health();
        while (up.status() != 200 && Instant.now().isBefore(deadline)) {
            sleep();
            up = health();
        }
        assertEquals(200, up.status(), up.raw().body());
    }

    @Test
    void theApiDescriptionIsServedWithoutAKey() {
        JoblineClient.Response description =
                client.send(HttpRequest.newBuilder(jobline.url().resolve("/openapi.json")).GET());

        assertEquals(200, description.status());
        assertEquals("3.1.0", description.json().get("openapi").textValue());
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
