package io.jobline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookResponseTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private static Optional<Duration> retryAfter(String value) {
        return new WebhookResponse(429, Map.of("retry-after", value), "").retryAfter(NOW);
    }

    @Test
    void readsRetryAfterInSecondsOrAsAnHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), retryAfter("30"));
        assertEquals(Optional.of(Duration.ofSeconds(90)), retryAfter("Sun, 22 Nov 2026 10:01:30 GMT"));
        assertEquals(Optional.of(Duration.ZERO), retryAfter("Sun, 22 Nov 2026 09:00:00 GMT"), "a date already past");
    }

    @Test
    void ignoresARetryAfterItCannotRead() {
        assertEquals(Optional.empty(), retryAfter("soon"));
        assertEquals(Optional.empty(), retryAfter("-5"));
        assertEquals(Optional.empty(), retryAfter("99999999999999"));
        assertEquals(Optional.empty(), new WebhookResponse(503, Map.of(), "").retryAfter(NOW));
    }

    @Test
    void isTheJobResult() {
        var response = new WebhookResponse(204, Map.of("content-type", "text/plain"), "");

        assertEquals("{\"status\":204,\"headers\":{\"content-type\":\"text/plain\"},\"bodyExcerpt\":\"\"}",
                response.toJson().toString());
    }
}
